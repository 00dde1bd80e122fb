/* failalloc.c - make the N-th allocation fail, for fault-injection tests.
 *
 * Linked into build/fault/omfordel with -Wl,--wrap=malloc,... so that every
 * allocation in the program comes here, Jansson's too (io/jsonmem.c routes them
 * through malloc) and libcsv's (io/csv_in.c hands it realloc and free).
 * OMFORDEL_FAIL_ALLOC=N makes the N-th one (1-based) return NULL, and only that one,
 * as Jansson's test_chaos does; OMFORDEL_ALLOC_COUNT=FILE writes the number of
 * allocations made to FILE at exit, so a test knows how far to go;
 * OMFORDEL_FAIL_TRACE=1 prints the stack of the allocation that fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

void __sanitizer_print_stack_trace(void);

static unsigned long count, fail_at;
static int trace;

/* Whether this allocation is the one to fail; with OMFORDEL_FAIL_TRACE set, say where. */
static int fail_now(void)
{
    if (++count != fail_at)
        return 0;
    if (trace)
        __sanitizer_print_stack_trace();
    return 1;
}

void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }

void *__wrap_calloc(size_t n, size_t size) { return fail_now() ? NULL : __real_calloc(n, size); }

void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }

char *__wrap_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *r = fail_now() ? NULL : __real_malloc(n);
    if (r)
        memcpy(r, s, n);
    return r;
}

char *__wrap_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *r = fail_now() ? NULL : __real_malloc(len + 1);
    if (r) {
        memcpy(r, s, len);
        r[len] = '\0';
    }
    return r;
}

static void write_count(void)
{
    const char *path = getenv("OMFORDEL_ALLOC_COUNT");
    FILE *f = path ? fopen(path, "w") : NULL;
    if (f) {
        fprintf(f, "%lu\n", count);
        fclose(f);
    }
}

__attribute__((constructor)) static void failalloc_init(void)
{
    const char *n = getenv("OMFORDEL_FAIL_ALLOC");
    fail_at = n ? strtoul(n, NULL, 10) : 0;
    trace = getenv("OMFORDEL_FAIL_TRACE") != NULL;
    atexit(write_count);
}
