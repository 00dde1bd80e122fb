/* scenario.h - the plain data of one scenario: filled by io/, read by the engine */
#ifndef OM_SCENARIO_H
#define OM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "strpool.h"

/* A target group of citizens (jobparat, sygedagpenge_23, ...). */
typedef struct {
    char *name;
    double weight;    /* workload points per case; 1 unless the scenario says */
    double move_cost; /* what a change of caseworker costs a case: 1 unless move_cost says */
} om_segment;

typedef struct {
    char *id, *name;
    int *segments; /* indices into om_scenario.segments */
    int n_segments;
    double cap_points; /* points per full-time caseworker, after the scenario's caps */
    double min_fte;    /* 0 when not given */
    double max_fte;    /* negative when not given */
    int line;          /* line in departments.csv */
} om_department;

typedef struct {
    char *id, *name, *unit;
    double fte;        /* in (0,1] */
    double cap_factor; /* in (0,1], default 1 */
    bool leaves;       /* status leaves, or named in the scenario's leaves */
    int *qualified;    /* segment indices; n_qualified 0 means any segment */
    int n_qualified;
    int department; /* fixed new department index, -1 when the engine chooses */
    long last_day;  /* a leaver's last working day (date.h days); LONG_MIN when not given */
    int per_week;   /* handover meetings a week of their own; 0 when not given */
    int *wishes;    /* department indices they would like, best first */
    int n_wishes;   /* 0: no wishes */
    int line;       /* line in staff.csv */
} om_staff;

typedef struct {
    const char *id; /* borrowed from om_scenario.case_ids */
    int caseworker; /* staff index of the current caseworker, -1 when none */
    int segment;    /* segment index */
    double weight;  /* workload points: the case's own weight or its segment's */
    bool pinned;    /* must stay with its current caseworker */
    short renamed;  /* segment_map renamed its segment: 1 + index into segments_before; else 0 */
    int line;       /* line in cases.csv */
    int changes;    /* changes_12m: changes of caseworker in the last 12 months; 0 when not given */
    int household;  /* 1 + index into om_scenario.households; 0 when none */
} om_case;

/* How households are held: all cases of one with one caseworker, or split where that cannot be. */
typedef enum { HOUSEHOLDS_HARD, HOUSEHOLDS_SOFT } om_households;

/* The priorities after the hard rules, in the order they are optimised. */
typedef enum { PRIO_CAPS, PRIO_CONTINUITY, PRIO_BALANCE, PRIO_WISHES, PRIO_COUNT } om_priority;

typedef struct {
    char *name;     /* short name, used for the output folder */
    char *title;    /* one line for people; may be NULL */
    char *path;     /* the scenario file as given */
    char **extends; /* the files it extends, nearest first, as resolved */
    int n_extends;
    char *departments_path, *staff_path, *cases_path; /* resolved data files */

    om_segment *segments;
    int n_segments;
    om_department *departments;
    int n_departments;
    om_staff *staff;
    int n_staff;
    om_case *cases;
    int n_cases;
    strpool *case_ids; /* the text of every case id: one allocation per block, not per id */
    /* the segment_map's old segments, as the scenario names them */
    char **segments_before;
    int n_segments_before;

    char **leaves; /* staff ids named by the scenario's "leaves", as given */
    int n_leaves;

    double salary_per_fte;  /* yearly cost of one FTE in DKK; 0 when not given */
    double max_utilisation; /* a ceiling on every caseworker's utilisation (>= 1); 0: none */
    double time_limit;      /* seconds for the whole solve; 0 means the default */
    double gap;             /* relative MIP gap accepted; negative means the default */
    int schedule_per_week;  /* "schedule": {"per_week"}: meetings a week; 0 when not given */
    om_priority priorities[PRIO_COUNT]; /* order of optimisation: the first n_priorities */
    int n_priorities;                   /* 1..PRIO_COUNT; a priority left out is not optimised */
    double slack[PRIO_COUNT];           /* per priority (not position): relative, >= 0 (levels.h) */

    char **households; /* household ids, in order of first appearance in cases.csv */
    int n_households;
    om_households household_rule; /* "households": hard (default) or soft */
    double repeat_change_factor;  /* a case costs move_cost x (1 + factor x changes); >= 0 */
    bool move_cost_given;         /* the scenario has move_cost */
    double max_cases_out;         /* the share of their cases a staying caseworker may hand
                                   * over, in (0,1]; 0: no such rule */
} om_scenario;

/* returns new, empty, with default settings (caller frees) */
om_scenario *scenario_create(void);
void scenario_destroy(om_scenario **s);

/* Index of the segment, department or staff member with that name/id, or -1.
 * Linear in the table size; the readers keep their own maps for bulk work. */
int scenario_segment(const om_scenario *s, const char *name);
int scenario_department(const om_scenario *s, const char *id);
int scenario_staff(const om_scenario *s, const char *id);
/* The segment case c was registered under: before the segment_map, as read. */
const char *scenario_segment_before(const om_scenario *s, const om_case *c);

/* What a change of caseworker costs case c: its segment's move_cost x (1 +
 * repeat_change_factor x changes_12m). */
double scenario_case_cost(const om_scenario *s, int c);
/* Whether costs differ from one per case: move_cost given or repeat_change_factor > 0. */
bool scenario_weighted(const om_scenario *s);

/* Whether department d serves segment g. */
bool scenario_serves(const om_scenario *s, int d, int g);
/* Whether staff member i may take cases of segment g. */
bool scenario_qualified(const om_scenario *s, int i, int g);
/* Whether staff member i's wishes count: they stay, gave wishes and have no fixed department. */
bool scenario_wishes_count(const om_scenario *s, int i);
/* What placing staff member i in department d costs on the wishes level: 0 for
 * their first wish, 1 for the second, ..., the number of wishes for none. */
int scenario_wish_rank(const om_scenario *s, int i, int d);
/* Capacity in points of staff i placed in department d. */
double scenario_capacity(const om_scenario *s, int i, int d);
/* The permutation that lists n records by their id in byte order, the ids
 * (char *) stride bytes apart from first; returns new (caller frees), or NULL
 * when out of memory. */
int *scenario_order_by_id(const void *first, size_t stride, int n);

#endif
