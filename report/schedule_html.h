/* schedule_html.h - the handover schedule for people: one self-contained HTML page */
#ifndef OM_SCHEDULE_HTML_H
#define OM_SCHEDULE_HTML_H

#include <stdio.h>

#include "report_html.h"
#include "schedule_out.h"

/* Write the page of schedule c (tallied) to f: inline CSS and SVG, no scripts, no
 * external references, no case id. The caller checks f for write errors. Returns 0,
 * or -1 with the reason in d. */
int schedule_html(FILE *f, const schedule_doc *c, const report_options *o, diags *d);

#endif
