/* inspect.h - explain one case of a plan, and the differences between two plans */
#ifndef OM_INSPECT_H
#define OM_INSPECT_H

#include <stdio.h>

#include "plan_in.h"

/* One plain sentence on why the case stays or moves. Returns 0, or -1 when the
 * plan has no such case. */
int inspect_explain(FILE *f, const plan_doc *p, const char *case_id);

/* Caseworkers whose department differs and cases whose caseworker differs,
 * as two CSV blocks headed by a count line. Returns the number of differences. */
long inspect_diff(FILE *f, const plan_doc *a, const plan_doc *b);

#endif
