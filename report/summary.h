/* summary.h - the short texts printed on stdout for people at a terminal */
#ifndef OM_SUMMARY_H
#define OM_SUMMARY_H

#include <stdio.h>

#include "metrics.h"
#include "plan.h"
#include "scenario.h"

/* What the data holds: cases per segment, staff staying and leaving, capacity
 * against demand per department. Returns 0, or -1 when out of memory (nothing
 * printed). */
int summary_data(FILE *f, const om_scenario *s);
/* What the plan does: cases moved, peak utilisation, overload, per department. */
void summary_plan(FILE *f, const om_scenario *s, const om_plan *p, const om_metrics *m,
                  const char *dir);

#endif
