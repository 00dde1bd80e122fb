/* variant.h - a variant of a scenario from the form: a few lines that extend the original */
#ifndef OM_SERVE_VARIANT_H
#define OM_SERVE_VARIANT_H

#include "http.h"
#include "scenario.h"

/* A problem with the form, beside its field ("" for the form as a whole). */
typedef struct {
    char *field, *text;
} variant_error;

typedef struct {
    variant_error *e;
    int n;
} variant_errors;

/* Write the variant of s (read from path) that the form of rq describes into
 * dir/<name>.json, extending path: only what differs from s. The file is read back as
 * plan would read it first. Returns its path (caller frees), or NULL with the problems
 * in errs (caller frees with variant_errors_clear). */
char *variant_save(const om_scenario *s, const char *path, const http_req *rq, const char *dir,
                   variant_errors *errs);
void variant_errors_clear(variant_errors *errs);

#endif
