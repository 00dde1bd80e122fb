/* levels.c - the table of priority levels and of the priorities they make up */
#include "levels.h"

#include <math.h>
#include <string.h>

/* The highest utilisation of a staying caseworker, or 1 when all are below
 * their caps: below them the peak does not count. */
static double value_peak(const om_scenario *s, const int *placement, const int *assignment,
                         const double *points)
{
    double v = 1;
    (void)assignment;
    for (int i = 0; i < s->n_staff; i++)
        if (placement[i] >= 0)
            v = fmax(v, points[i] / scenario_capacity(s, i, placement[i]));
    return v;
}

/* The points above the caps, summed over the staying caseworkers. */
static double value_overload(const om_scenario *s, const int *placement, const int *assignment,
                             const double *points)
{
    double v = 0;
    (void)assignment;
    for (int i = 0; i < s->n_staff; i++)
        if (placement[i] >= 0)
            v += fmax(0, points[i] - scenario_capacity(s, i, placement[i]));
    return v;
}

/* The cases that change caseworker. */
static double value_moved(const om_scenario *s, const int *placement, const int *assignment,
                          const double *points)
{
    double v = 0;
    (void)placement;
    (void)points;
    for (int c = 0; c < s->n_cases; c++)
        v += assignment[c] != s->cases[c].caseworker;
    return v;
}

/* The costs of the cases that change caseworker (scenario_case_cost). */
static double value_move_cost(const om_scenario *s, const int *placement, const int *assignment,
                              const double *points)
{
    double v = 0;
    (void)placement;
    (void)points;
    for (int c = 0; c < s->n_cases; c++)
        if (assignment[c] != s->cases[c].caseworker)
            v += scenario_case_cost(s, c);
    return v;
}

/* The departments' highest utilisations, summed. */
static double value_balance(const om_scenario *s, const int *placement, const int *assignment,
                            const double *points)
{
    double v = 0;
    (void)assignment;
    for (int d = 0; d < s->n_departments; d++) {
        double top = 0;
        for (int i = 0; i < s->n_staff; i++)
            if (placement[i] == d)
                top = fmax(top, points[i] / scenario_capacity(s, i, d));
        v += top;
    }
    return v;
}

/* Over the caseworkers whose wishes count: 0 for their first wish, 1 for the
 * second, ..., the number of wishes for none. */
static double value_wishes(const om_scenario *s, const int *placement, const int *assignment,
                           const double *points)
{
    double v = 0;
    (void)assignment;
    (void)points;
    for (int i = 0; i < s->n_staff; i++)
        if (scenario_wishes_count(s, i) && placement[i] >= 0)
            v += scenario_wish_rank(s, i, placement[i]);
    return v;
}

/* Some caseworker's wishes count. */
static bool any_wishes(const om_scenario *s)
{
    for (int i = 0; i < s->n_staff; i++)
        if (scenario_wishes_count(s, i))
            return true;
    return false;
}

/* Overload is held within 0.5 % of its minimum whatever the slack: the exact
 * minimum leaves no caseworker a fraction of a case below the cap, and meeting
 * it costs thousands of changes of caseworker for a point or two
 * (docs/formulation.md). */
static const level_def level_table[LEVEL_COUNT] = {
    [LEVEL_PEAK] = {"peak_utilisation", PRIO_CAPS, false, 1, 0, 1e-6, value_peak,
                    "Højeste belastning", "Peak load", 2, true, NULL, false},
    [LEVEL_OVERLOAD] = {"overload_points", PRIO_CAPS, false, 0, 0.005, 1e-4, value_overload,
                        "Point over loftet", "Points above the caps", 1, false, NULL, false},
    [LEVEL_MOVED] = {"moved", PRIO_CONTINUITY, true, 0, 0, 1e-9, value_moved, "Sagsbehandlerskift",
                     "Changes of caseworker", 0, false, NULL, false},
    [LEVEL_BALANCE] = {"balance", PRIO_BALANCE, false, 0, 0, 1e-6, value_balance,
                       "Jævn belastning (sum af afdelingernes højeste)",
                       "Even load (sum of the departments' peaks)", 3, false, NULL, false},
    [LEVEL_WISHES] = {"wish_cost", PRIO_WISHES, true, 0, 0, 1e-6, value_wishes,
                      "Ønsker (0 for første ønske, 1 for andet, ...)",
                      "Wishes (0 for a first wish, 1 for a second, ...)", 0, false, any_wishes, false},
};

/* LEVEL_MOVED where costs are weighted: not a whole number, held as balance is
 * but relative to its value (a sum of thousands of costs). */
static const level_def move_cost_level = {.name = "move_cost",
                                          .priority = PRIO_CONTINUITY,
                                          .tolerance = 1e-6,
                                          .value = value_move_cost,
                                          .title_da = "Sagsbehandlerskift (vægtet)",
                                          .title_en = "Changes of caseworker (weighted)",
                                          .decimals = 1,
                                          .relative = true};

static const priority_def priority_table[PRIO_COUNT] = {
    [PRIO_CAPS] = {"caps", {LEVEL_PEAK, LEVEL_OVERLOAD}, 2, "loft over sagstal", "caseload caps"},
    [PRIO_CONTINUITY] = {"continuity",
                         {LEVEL_MOVED},
                         1,
                         "færrest sagsbehandlerskift",
                         "fewest changes of caseworker"},
    [PRIO_BALANCE] = {"balance", {LEVEL_BALANCE}, 1, "jævn belastning", "even load"},
    [PRIO_WISHES] = {"wishes", {LEVEL_WISHES}, 1, "medarbejdernes ønsker", "staff wishes"},
};

const level_def *level_get(model_level level) { return &level_table[level]; }

const level_def *level_of(model_level level, const om_scenario *s)
{
    return level == LEVEL_MOVED && scenario_weighted(s) ? &move_cost_level : &level_table[level];
}

const priority_def *priority_get(om_priority p) { return &priority_table[p]; }

int level_find(const char *name)
{
    for (int l = 0; l < LEVEL_COUNT; l++)
        if (strcmp(name, level_table[l].name) == 0)
            return l;
    return strcmp(name, move_cost_level.name) == 0 ? LEVEL_MOVED : -1;
}

int priority_find(const char *name)
{
    for (int p = 0; p < PRIO_COUNT; p++)
        if (strcmp(name, priority_table[p].name) == 0)
            return p;
    return -1;
}

bool level_applies(model_level level, const om_scenario *s)
{
    return !level_table[level].applies || level_table[level].applies(s);
}

double level_held(const level_def *l, double value, double slack)
{
    double held = value * (1 + fmax(slack, l->min_slack));
    if (l->integral) /* a whole number: the most whole number within the slack */
        held = floor(held + 1e-9);
    return fmax(held, value);
}
