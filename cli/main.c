/* main.c - omfordel: plan a jobcentre reorganisation */
#include "cli.h"

int main(int argc, char **argv) { return cli_main(argc, argv); }
