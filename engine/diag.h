/* diag.h - problems found in the input or the model, with their place */
#ifndef OM_DIAG_H
#define OM_DIAG_H

#include <stdbool.h>
#include <stddef.h>

/* What kind of problem. The engine names the kind; what follows from it (the command
 * line's exit code, say) is for the caller to decide. */
typedef enum {
    DIAG_WARNING,    /* worth saying, not an error */
    DIAG_INFEASIBLE, /* the data is fine but no plan can satisfy a hard rule */
    DIAG_INPUT,      /* malformed or inconsistent input data */
    DIAG_INTERNAL    /* solver or system failure */
} diag_kind;

typedef struct {
    diag_kind kind;
    char *source; /* file name, or NULL when the problem has no file */
    int line;     /* 1-based; 0 when unknown */
    int column;   /* 1-based; 0 when unknown */
    char *path;   /* JSON path such as "$.caps.Job", or NULL */
    char *text;
} diag;

/* A growing list of problems; the first error decides the outcome (diags_first_error). */
typedef struct diags diags;

/* returns new (caller frees with diags_destroy); never NULL: when memory is short,
 * a shared list that reports one lost internal error and stores nothing */
diags *diags_create(void);
void diags_destroy(diags **d);

/* Add a problem; source and path may be NULL. NULL-tolerant on d. When memory runs
 * out the problem is counted as lost (an internal error) instead of stored. */
void diags_add(diags *d, diag_kind kind, const char *source, int line, int column,
               const char *path, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

size_t diags_count(const diags *d);
/* borrowed, valid until the next diags_add or diags_destroy */
const diag *diags_get(const diags *d, size_t i);
/* Number of entries that are not warnings, lost ones included. */
size_t diags_errors(const diags *d);
/* Problems that could not be stored for want of memory. */
size_t diags_lost(const diags *d);
/* Kind of the first error, or DIAG_WARNING when there is none. An internal error
 * (or a lost problem) outranks the rest: what follows it may be its consequence. */
diag_kind diags_first_error(const diags *d);

/* Whether id looks like a Danish CPR number: DDMMYY-NNNN or DDMMYYNNNN with a
 * plausible day and month. diags_add masks such numbers in every source, path and
 * text ("010190-****"), so that no message repeats one. */
bool diag_cpr_like(const char *id);

/* Format one entry the way a compiler does: "file:line:col: error: text". */
int diag_format(const diag *g, char *buf, size_t size);

#endif
