/* metrics.h - what a plan means in numbers: loads, reasons, handovers, KPIs */
#ifndef OM_METRICS_H
#define OM_METRICS_H

#include "plan.h"
#include "scenario.h"

typedef enum {
    REASON_KEPT,
    REASON_CASEWORKER_LEAVES,
    REASON_DEPARTMENT_CHANGE,
    REASON_OVER_CAP,
    REASON_NO_CASEWORKER,
    REASON_PINNED
} om_reason;

typedef struct {
    int department;     /* -1 for leavers */
    double capacity;    /* 0 for leavers */
    int cases_before, cases_after, cases_in, cases_out;
    double points_before, points_after;
    double utilisation; /* NAN when capacity is 0 */
    int wish_rank;      /* 1 for their first wish, 2, ...; 0 for none, or wishes that do not count */
} om_cw_stats;

typedef struct {
    int caseworkers, cases;
    double fte, points, capacity, overload_points, fte_needed;
    double utilisation; /* NAN when capacity is 0 */
} om_dep_stats;

typedef struct {
    int from, to, cases; /* staff indices */
} om_handover;

typedef struct {
    int cases, moved, handover_pairs;
    double kept_share, max_utilisation, overload_points, fte_available, fte_needed;
    double points; /* total demand */
    /* over the caseworkers whose wishes count (scenario_wishes_count): how many,
     * and how many got their first, second, a later or none of their wishes */
    int wishes_given, wish_first, wish_second, wish_later, wish_none;
    double move_cost; /* the costs of the moved cases (scenario_case_cost) */
    /* households: in all, with one caseworker after, with more, and of those with
     * two or more caseworkers before, the ones with one after */
    int households, together, split, united;
} om_kpis;

typedef struct {
    om_cw_stats *caseworkers; /* per staff member */
    om_dep_stats *departments;
    unsigned char *reason;    /* per case, an om_reason */
    om_handover *handovers;   /* sorted by from, then to */
    int n_handovers;
    int *splits; /* the households whose cases have two or more caseworkers after, by index */
    int n_splits;
    om_kpis kpis;
} om_metrics;

/* returns new (caller frees with metrics_destroy), or NULL when out of memory */
om_metrics *metrics_create(const om_scenario *s, const om_plan *p);
void metrics_destroy(om_metrics **m);

/* The reason's name as assignments.csv spells it. */
const char *metrics_reason_name(om_reason r);

#endif
