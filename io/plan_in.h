/* plan_in.h - read a plan.json back, for explain, diff and report */
#ifndef OM_PLAN_IN_H
#define OM_PLAN_IN_H

#include "diag.h"

typedef struct {
    const char *id, *segment, *from, *to, *to_department, *reason;
    const char *household; /* "" when none */
    double weight;
    double move_cost; /* what its change of caseworker costs; NAN in a plan.json before costs */
    int moved;
} plan_row;

typedef struct {
    const char *id, *unit, *department; /* department "" for leavers */
    const char *name;                   /* caseworker_name; the id when plan.json has none */
    double fte, capacity, points_before, points_after, utilisation; /* NAN when empty */
    double share_out; /* cases_out / cases_before; NAN when empty or not recorded */
    int cases_before, cases_after, cases_in, cases_out;
    int wish_rank; /* 1 for their first wish, 2, ...; 0 for none, no wishes, or none recorded */
} plan_worker;

typedef struct {
    const char *id;
    const char *name;  /* department_name; the id when plan.json has none */
    double cap_points; /* the scenario's caps entry; NAN when missing */
    int caseworkers, cases;
    double fte, points, capacity, utilisation, overload_points, fte_needed; /* NAN when empty */
} plan_department;

/* A name with a number: a segment's weight. */
typedef struct {
    const char *name;
    double value;
} plan_named;

/* One priority level as solver.levels records it. */
typedef struct {
    const char *name, *status; /* status "not_optimised": a priority left out, no bound or gap */
    double value, bound, gap;  /* bound and gap NAN when not optimised */
    double slack;              /* 0 in a plan.json written before slacks */
} plan_level_row;

typedef struct {
    const char *role, *path;
} plan_input;

/* One point of continuity_price: the fewest moves found under a ceiling. */
typedef struct {
    double max_utilisation, moved, bound;
    const char *status;
} plan_price_row;

/* What plan.json says besides its rows: the scenario, inputs, solver and KPIs. */
typedef struct {
    const char *name, *title, *status; /* title "" when none */
    double salary_per_fte;             /* 0 when not given */
    const plan_named *weights;
    int n_weights;
    const char *const *leaves, *const *priorities;
    const double *slacks; /* per priority, as priorities lists them */
    int n_leaves, n_priorities;
    const plan_level_row *levels;
    int n_levels;
    const plan_price_row *prices; /* none in a plan.json without continuity_price */
    int n_prices;
    const plan_input *inputs;
    int n_inputs;
    const plan_department *departments;
    int n_departments;
    int cases, moved, handover_pairs;
    double kept_share, max_utilisation, overload_points, fte_available, fte_needed;
    /* kpis.wishes: given 0 when the plan has none (no caseworker's wishes count) */
    int wishes_given, wish_first, wish_second, wish_later, wish_none;
    /* costs: weighted when the scenario has move_cost or a repeat_change_factor > 0 */
    bool weighted;
    const plan_named *move_costs; /* scenario.move_cost, per segment; none when not given */
    int n_move_costs;
    double repeat_change_factor; /* 0 when not given */
    double max_cases_out;        /* 0 when not given */
    double move_cost;            /* kpis.move_cost; moved in a plan.json before costs */
    /* kpis.households (all 0 in a plan.json before households) and household_splits */
    int households, hh_together, hh_split, hh_united, n_splits;
    /* equal_costs: the continuity level with every cost 1; equal_moved NAN when null */
    double equal_moved;
    const char *equal_status;           /* "" when null */
    const plan_named *equal_by_segment; /* moved per segment in that plan */
    int n_equal_by_segment;
} plan_meta;

typedef struct plan_doc plan_doc;

/* returns new (caller frees with plan_doc_destroy), or NULL with the reason in d */
plan_doc *plan_doc_read(const char *path, diags *d);
void plan_doc_destroy(plan_doc **p);

/* All borrowed, valid until plan_doc_destroy. */
const char *plan_doc_scenario(const plan_doc *p);
int plan_doc_cases(const plan_doc *p);
const plan_row *plan_doc_case(const plan_doc *p, int i);
/* The row of the case with that id, or NULL. */
const plan_row *plan_doc_find_case(const plan_doc *p, const char *id);
int plan_doc_workers(const plan_doc *p);
const plan_worker *plan_doc_worker(const plan_doc *p, int i);
const plan_worker *plan_doc_find_worker(const plan_doc *p, const char *id);
/* The scenario, inputs, solver, KPIs and departments, or NULL when plan.json lacks
 * one of them (explain and diff do without); then *why says what is missing. */
const plan_meta *plan_doc_meta(const plan_doc *p, const char **why);
/* The sha256 plan.json records for the i-th of plan_meta.inputs, or NULL. Borrowed. */
const char *plan_doc_input_sha256(const plan_doc *p, int i);

#endif
