/* staffing.h - FTE each department needs, the worth of one more FTE, cuts and targets */
#ifndef OM_STAFFING_H
#define OM_STAFFING_H

#include <stdbool.h>

#include "diag.h"
#include "plan.h"
#include "scenario.h"

typedef struct {
    double cut;    /* --cut N: whole FTE to take away; < 0 when not asked */
    double target; /* --target-utilisation U; < 0 when not asked */
    plan_options plan; /* for the plan of the scenario and the plan after the cut */
} staffing_options;

/* One department. "plan" figures come from the engine's plan; "fluid" figures from
 * the department-level LP of docs/staffing.md (cases divisible, people where the plan
 * placed them). */
typedef struct {
    int cases;              /* plan: cases placed here */
    double demand_points;   /* plan: points placed here */
    double cap_points;
    double fte_placed;      /* plan: FTE of the caseworkers placed here */
    double fte_needed;      /* FTE needed to carry demand_points at the cap with this staff */
    double fte_to_hire;     /* of those, new full-time FTE the staff here cannot carry */
    double fte_idle;        /* FTE placed here that the cap does not need */
    double fte_qualification; /* of fte_to_hire, what the qualifications cost */
    double fte_shortfall;   /* fte_needed - fte_placed: > 0 short, < 0 surplus */
    bool need_bound;        /* GLPK failed on the numbers of this department's LP: the
                               five fte_ figures above follow the plan's own loads,
                               fte_to_hire and fte_qualification at least the LP's */
    double utilisation;     /* plan: points / capacity here (NAN without capacity) */
    double peak_utilisation; /* plan: the highest caseworker utilisation here (NAN: none) */
    double peak_plus_one;   /* fluid: the scenario's peak with one more FTE here */
    double overload_plus_one; /* fluid: points above caps with one more FTE here */
    bool plus_one_bound;      /* GLPK failed on the numbers of that LP: the two figures above
                                 are those without the extra FTE (the peak at most that) */
    bool lowers_peak, lowers_overload; /* whether one more FTE here lowers the fluid peak,
                               the points above caps (by more than the solver's noise) */
    /* --cut */
    double cut_fte;         /* whole FTE taken away here */
    double cut_fte_after;   /* FTE left here */
    int cut_cases;          /* plan after the cut: cases here */
    double cut_points, cut_utilisation, cut_peak;
    /* --target-utilisation */
    double target_fte;      /* fluid: FTE to add here */
} staffing_dep;

typedef struct {
    int n_departments;
    staffing_dep *departments;
    om_plan *plan;           /* the scenario's plan; owned */
    double salary_per_fte;   /* 0 when the scenario gives none */
    bool plan_optimal;       /* every level of the plan proven optimal */
    double plan_peak, plan_overload;   /* of the plan: max utilisation, points above caps */
    double fluid_peak, fluid_overload; /* the fluid LP with the plan's placement */
    bool fluid_bound;        /* GLPK failed on the numbers of the fluid LP: the two figures
                                above are the plan's (the peak at least the fluid one) */
    int helps_most;          /* the department where one more FTE lowers the fluid peak
                                most, then the points above caps; -1 when nowhere */
    /* sums over departments */
    int cases;
    double demand_points, fte_needed, fte_placed, fte_to_hire, fte_idle, fte_qualification;
    double fte_shortfall;
    /* --cut */
    bool has_cut;
    double cut;              /* N */
    double cut_fluid_peak;   /* fluid: the peak the spread reaches */
    bool cut_greedy;         /* GLPK failed on the numbers of the spread's MIP: the spread is
                                a greedy one, cut_fluid_peak its peak (or, failing that, the
                                planned one), at least the lowest */
    double cut_peak, cut_overload; /* plan after the cut */
    bool cut_optimal;        /* the plan after the cut proved every level */
    /* --target-utilisation */
    bool has_target;
    double target, target_fte;
    bool target_bound; /* GLPK failed on the numbers of the target's LP: the FTE to add
                          follow the plan's own loads, at least the fewest */
} staffing_result;

/* Plan s, then answer the staffing questions of docs/staffing.md. Returns new (caller
 * frees with staffing_destroy), or NULL with the reason in d (DIAG_INFEASIBLE when no
 * plan exists or a cut takes more than there is). s is borrowed. */
staffing_result *staffing_run(const om_scenario *s, const staffing_options *o, diags *d);
void staffing_destroy(staffing_result **r);

/* The scenario after a department-level cut, as a view of s: *view is s with staff (the
 * caller's, s->n_staff rows, filled here) in place of s's staff table, and every other
 * table borrowed from s, so it is not destroyed and lives no longer than s and staff.
 * Every staying caseworker is held in the department of placement, each one's FTE in
 * department k scaled by (1 - cut[k] / fte of k); a caseworker scaled to nothing leaves.
 * Returns 0, or -1 when out of memory (view untouched). */
int staffing_cut_view(const om_scenario *s, const int *placement, const double *cut,
                      om_staff *staff, om_scenario *view);

#endif
