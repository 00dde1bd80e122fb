/* plan.h - solve a scenario: who joins which department, who takes which case */
#ifndef OM_PLAN_H
#define OM_PLAN_H

#include <stdbool.h>

#include "diag.h"
#include "model.h"
#include "scenario.h"

/* One priority level as solved. */
typedef struct {
    model_level level;
    bool optimal; /* proven optimal; else feasible with the bound below */
    double value; /* of the final plan */
    double bound; /* proven lower bound on the level's optimum */
    double gap;   /* (value - bound) / value, 0 when optimal */
    double seconds;
    double slack;   /* the scenario's for the level's priority */
    double reached; /* the value when the level was solved */
    double held;    /* the most the later levels let it take (level_held) */
} plan_level;

/* The price of the peak: the fewest moves under a ceiling on utilisation
 * above the plan's peak (the moved level solved there, from the plan). */
typedef struct {
    double ceiling;
    plan_level moved;
} plan_price;

/* What weighting costs: the continuity level solved with every cost 1 under the
 * caps the plan holds (plan.json's equal_costs). */
typedef struct {
    bool solved;        /* costs are weighted and a plan was found */
    double moved;       /* cases that change caseworker in that plan */
    char status[16];    /* "optimal" or "feasible" */
    double *by_segment; /* of them, per segment */
} plan_equal;

/* How many ceilings the price of the peak tries (plan.c: 2 and 5 points above the peak). */
#define PLAN_PRICE_MAX 2

typedef struct {
    int n_staff, n_cases;
    int *placement;                 /* per staff member: new department, -1 for leavers */
    int *assignment;                /* per case: staff index of its new caseworker */
    plan_level levels[LEVEL_COUNT]; /* in the order solved */
    int n_levels;                   /* the levels of the scenario's priorities */
    double values[LEVEL_COUNT];     /* every level's value of the plan, solved or not */
    bool moot[LEVEL_COUNT];         /* means nothing for the scenario (level_applies) */
    /* with plan_options.price (priced), where caps come before continuity and
     * the peak is above 100 %; else n_price is 0 */
    bool priced;
    plan_price price[PLAN_PRICE_MAX];
    int n_price;
    plan_equal equal;
    double gap_limit;      /* the relative gap accepted on each level */
    double seconds;        /* the whole solve, of which: */
    double build_seconds;  /* building the model */
    double expand_seconds; /* turning its counts into one caseworker per case */
} om_plan;

typedef struct {
    double time_limit; /* seconds for the whole solve; <= 0 means 60 */
    double gap;        /* relative gap per level; < 0 means 0.01 */
    bool price;        /* also solve the price of the peak (plan_price) */
    /* Each line of solver output, when non-NULL. */
    void (*log)(const char *line, void *info);
    /* Progress within a level, when non-NULL. */
    void (*progress)(const char *level, double best, double bound, void *info);
    void *info;
} plan_options;

/* The level of p solved for level (borrowed), or NULL when p did not solve it. */
const plan_level *plan_find_level(const om_plan *p, model_level level);

/* Whether level was left out of p's priorities and means something for its scenario. */
bool plan_left_out(const om_plan *p, model_level level);

/* Solve s. Returns new (caller frees with plan_destroy), or NULL with the reason
 * in d: DIAG_INFEASIBLE when no plan satisfies the hard rules, DIAG_INTERNAL on
 * solver failure or when no plan was found in time. */
om_plan *plan_solve(const om_scenario *s, const plan_options *o, diags *d);
void plan_destroy(om_plan **p);

#endif
