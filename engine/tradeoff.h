/* tradeoff.h - the frontier between continuity and peak load, point by point */
#ifndef OM_TRADEOFF_H
#define OM_TRADEOFF_H

#include "diag.h"
#include "plan.h"
#include "scenario.h"

/* One point of the frontier: a plan solved under a ceiling on utilisation. */
typedef struct {
    double ceiling;                      /* max_utilisation it was solved under; 0: none */
    om_priority priorities[PRIO_COUNT]; /* the order it was solved in: the first n_priorities */
    int n_priorities;                    /* every priority that means something for s */
    om_plan *plan;
} tradeoff_point;

/* Solve the frontier of s in n >= 2 points: first the plan with the lowest peak
 * (caps first), then the fewest moves (continuity first) under ceilings on
 * utilisation: the last at the highest utilisation today (where everyone could
 * keep their caseload), the others between the lowest peak and the last
 * point's peak, closer together near the lowest peak (t^2 of the way for
 * t = 1/(n-1), 2/(n-1), ...), where each point of ceiling saves the most moves.
 * s is borrowed and not changed (each point is solved with its own priorities and
 * ceiling on a copy of s's settings). Each plan gets o's time limit.
 * Returns 0 with every points[i].plan set (caller frees each with
 * plan_destroy), or -1 with the reason in d and nothing to free. */
int tradeoff_solve(const om_scenario *s, const plan_options *o, int n, tradeoff_point *points,
                   diags *d);

/* The peak utilisation of a plan as its levels record it (1 when below caps). */
double tradeoff_peak(const om_plan *p);

#endif
