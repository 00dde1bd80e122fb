/* jsonmem.c - Jansson's allocations, watched for failure */
#include "jsonmem.h"

#include <jansson.h>
#include <stdlib.h>

static bool failed;

static void *watched_malloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        failed = true;
    return p;
}

void jsonmem_watch(void)
{
    json_set_alloc_funcs(watched_malloc, free);
    failed = false;
}

bool jsonmem_failed(void) { return failed; }
