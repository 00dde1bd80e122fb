/* precheck.h - the hard rules that can be seen in the data before any solve */
#ifndef OM_PRECHECK_H
#define OM_PRECHECK_H

#include "diag.h"
#include "scenario.h"

/* Check the structural rules in domain words: a segment with cases that no
 * department serves, a pinned case whose caseworker leaves or cannot keep it,
 * a department no staying caseworker can join, min/max FTE that cannot hold,
 * a household no one may hold whole, a max_cases_out no department lets a
 * caseworker keep, and so on (DIAG_INFEASIBLE); a warning when demand exceeds capacity.
 * Returns the number of errors appended to d. */
int precheck_run(const om_scenario *s, diags *d);

#endif
