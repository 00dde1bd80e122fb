/* plan_out.h - write a plan's files (CSV, plan.json, report.html) into a folder, all or none */
#ifndef OM_PLAN_OUT_H
#define OM_PLAN_OUT_H

#include <stdbool.h>

#include "diag.h"
#include "metrics.h"
#include "plan.h"
#include "report_html.h"
#include "scenario.h"
#include "textout.h"

/* Write assignments.csv, caseworkers.csv, departments.csv, handovers.csv, plan.json
 * and report.html (as ro says) into dir, and with xlsx plan.xlsx (the same tables as
 * sheets, named in ro's language). Returns 0, or -1 with the reason in d (nothing
 * written). */
int plan_write(const char *dir, const om_scenario *s, const om_plan *p, const om_metrics *m,
               const csv_style *st, const report_options *ro, bool xlsx, diags *d);

#endif
