/* report_html.h - the plan report for people: one self-contained HTML page */
#ifndef OM_REPORT_HTML_H
#define OM_REPORT_HTML_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "lang.h"
#include "metrics.h"
#include "plan.h"
#include "plan_in.h"
#include "scenario.h"

typedef struct {
    report_lang lang;
    bool anonymise; /* caseworker ids become "Sagsbehandler N", N by sorted staff id */
} report_options;

/* Write the report of plan p of scenario s to f: inline CSS and SVG, no scripts, no
 * external references, aggregates only (no case id). The caller checks f for write
 * errors. Returns 0, or -1 with the reason in d. */
int report_html_plan(FILE *f, const om_scenario *s, const om_plan *p, const om_metrics *m,
                     const report_options *o, diags *d);

/* The same report from a plan.json read back (path names it in messages): byte for byte
 * what report_html_plan wrote for the same plan. Returns 0, or -1 with the reason in d. */
int report_html_doc(FILE *f, const plan_doc *doc, const char *path, const report_options *o,
                    diags *d);

#endif
