/* staffing_out.h - the staffing answers as a table on the terminal, staffing.csv and staffing.json */
#ifndef OM_STAFFING_OUT_H
#define OM_STAFFING_OUT_H

#include <stdio.h>

#include "diag.h"
#include "scenario.h"
#include "staffing.h"
#include "textout.h"

/* The table and what it means in plain sentences, for people. */
void staffing_print(FILE *f, const om_scenario *s, const staffing_result *r);

/* Write staffing.csv and staffing.json into dir, and with a sheet name staffing.xlsx
 * (staffing.csv as that sheet). Returns 0, or -1 with the reason in d (nothing
 * written). */
int staffing_write(const char *dir, const om_scenario *s, const staffing_result *r,
                   const csv_style *st, const char *sheet, diags *d);

#endif
