/* schedule.h - the week-by-week handover plan: which week each moved case changes hands */
#ifndef OM_SCHEDULE_H
#define OM_SCHEDULE_H

#include "diag.h"

/* One caseworker as the schedule sees them. */
typedef struct {
    const char *id;       /* borrowed; for messages */
    const char *name;     /* borrowed; for people's pages (the id when there is none) */
    int per_week;         /* handover meetings a week, >= 1 */
    int deadline;         /* the last week their meetings may fall in; 0: none at all;
                           * SCHED_NO_DEADLINE when any week will do */
    double before, after; /* points before and after the plan */
} sched_worker;

#define SCHED_NO_DEADLINE 0x7fffffff

/* One moved case: a meeting between giver and receiver, or, when the case had no
 * caseworker (from -1), no meeting and week 1. */
typedef struct {
    int from, to; /* indices into the workers */
    double weight;
} sched_move;

/* A caseworker above the higher of their points before and after at a week's end. */
typedef struct {
    int week, worker;
    double points, over; /* points at the week's end, and how far above */
} sched_breach;

typedef struct {
    int weeks;       /* weeks the schedule takes (0 when nothing moves) */
    int lower_bound; /* no schedule takes fewer weeks */
    int *week;       /* per move, 1-based */
    int n_moves;
    sched_breach *breaches; /* rule 3: by week, then worker */
    int n_breaches;
    int pairs, pair_weeks; /* giver-receiver pairs, and the weeks they meet in, summed */
} sched_result;

/* The schedule with the fewest weeks the search finds, relief first and pairs
 * bunched. Returns new (caller frees with schedule_destroy), or NULL with the reason
 * in d: DIAG_INFEASIBLE naming each caseworker whose deadline cannot be kept and the
 * weeks they lack, DIAG_INTERNAL when out of memory. */
sched_result *schedule_solve(const sched_worker *w, int n_workers, const sched_move *m,
                             int n_moves, diags *d);
void schedule_destroy(sched_result **r);

#endif
