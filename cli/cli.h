/* cli.h - the command line: options, subcommands, exit codes */
#ifndef OM_CLI_H
#define OM_CLI_H

/* Exit codes, as the README documents them. */
enum {
    EXIT_PLAN = 0,       /* plan written, or input valid */
    EXIT_NO_PLAN = 1,    /* no plan satisfies the hard rules */
    EXIT_USAGE = 2,      /* bad command line */
    EXIT_INPUT = 3,      /* input data error */
    EXIT_INTERNAL = 4    /* internal or solver failure */
};

/* Run omfordel with the given arguments; returns the exit code. */
int cli_main(int argc, char **argv);

#endif
