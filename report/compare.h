/* compare.h - several plans side by side: comparison.csv, .json, .md and .html, all or none */
#ifndef OM_COMPARE_H
#define OM_COMPARE_H

#include "diag.h"
#include "lang.h"
#include "plan_in.h"
#include "textout.h"

/* One scenario of a comparison, all borrowed. */
typedef struct {
    const char *name;      /* the column heading: the scenario's name, made unique */
    const char *source;    /* the scenario or plan.json as given */
    const char *plan_path; /* the plan.json the numbers come from; NULL when there is no plan */
    const char *reason;    /* why there is no plan; NULL when there is one */
    const plan_doc *doc;   /* the plan read back from plan_path; NULL when there is no plan */
} compare_column;

/* Write comparison.csv, comparison.json, comparison.md and comparison.html of the n
 * columns into dir, and with xlsx comparison.xlsx (comparison.csv as a sheet); differences
 * are against cols[0]. Every number is read from the column's plan.json, so it equals the
 * plan's own files. Returns 0, or -1 with the reason in d (nothing written). */
int compare_write(const char *dir, const compare_column *cols, int n, const csv_style *st,
                  report_lang lang, bool xlsx, diags *d);

/* name, or name-2, name-3, ... when one of the n taken names already has it.
 * Returns new (caller frees), or NULL when out of memory. */
char *compare_unique_name(const char *name, char *const *taken, int n);

#endif
