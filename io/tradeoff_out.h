/* tradeoff_out.h - the frontier as tradeoff.csv, tradeoff.json and a table */
#ifndef OM_TRADEOFF_OUT_H
#define OM_TRADEOFF_OUT_H

#include <stdio.h>

#include "diag.h"
#include "metrics.h"
#include "textout.h"
#include "tradeoff.h"

/* One point as written: the plan, its figures and the folder of its files. */
typedef struct {
    const tradeoff_point *point;
    const om_metrics *metrics;
    const char *plan_dir;
} tradeoff_row;

/* Write tradeoff.csv and tradeoff.json into dir, and with a sheet name tradeoff.xlsx
 * (tradeoff.csv as that sheet), all or none. Returns 0, or -1 with the reason in d. */
int tradeoff_write(const char *dir, const char *scenario, const tradeoff_row *rows, int n,
                   const csv_style *st, const char *sheet, diags *d);

/* Write dir/scenario.json: s extended with the point's priorities and ceiling
 * (point number of the frontier), so that `omfordel plan` on it solves the
 * point again. Returns 0, or -1 with
 * the reason in d. */
int tradeoff_write_scenario(const char *dir, const om_scenario *s, const tradeoff_point *pt,
                            int number, diags *d);

/* The frontier as a table for people. */
void tradeoff_print(FILE *f, const tradeoff_row *rows, int n);

#endif
