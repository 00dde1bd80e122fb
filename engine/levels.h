/* levels.h - the table of priority levels: what each is, how a plan scores on it, how it is held */
#ifndef OM_LEVELS_H
#define OM_LEVELS_H

#include <stdbool.h>

#include "scenario.h"

/* The priority levels, each a value to minimise; a priority is one or more of
 * them (caps: the peak, then the overload). */
typedef enum {
    LEVEL_PEAK,
    LEVEL_OVERLOAD,
    LEVEL_MOVED,
    LEVEL_BALANCE,
    LEVEL_WISHES,
    LEVEL_COUNT
} model_level;

/* What the engine, the writers, the readers and the report know of a level.
 * The objective (model_set_objective) and the local moves that serve it
 * (moves.c) are the model's; docs/formulation.md says how to add a level. */
typedef struct {
    const char *name;     /* as plan.json spells it */
    om_priority priority; /* the priority it belongs to */
    bool integral;        /* a whole number at every integer plan */
    double floor;         /* the lowest value any plan has */
    /* Held for the later levels at most (1 + max(slack, min_slack)) x the value
     * reached, plus tolerance (what the solver's own tolerances leave). */
    double min_slack, tolerance;
    /* The level's value of a plan (placement and assignment as om_plan has
     * them); points[i] is staff i's points under the plan. */
    double (*value)(const om_scenario *s, const int *placement, const int *assignment,
                    const double *points);
    const char *title_da, *title_en; /* for people */
    int decimals;                    /* as the report prints it */
    bool share;                      /* printed as a percentage */
    /* Whether the level means anything for s (NULL: always); one that does not is
     * not listed among the levels left out. */
    bool (*applies)(const om_scenario *s);
    bool relative; /* the tolerance is relative to the value held */
} level_def;

/* What the scenario reader and the report know of a priority. */
typedef struct {
    const char *name; /* as scenario files spell it */
    model_level levels[2];
    int n_levels;
    const char *title_da, *title_en; /* for people */
} priority_def;

/* borrowed, static */
const level_def *level_get(model_level level);
/* The level as scenario s has it: with costs weighted (scenario_weighted) the
 * continuity level is "move_cost", the sum of the costs of the moved cases. */
const level_def *level_of(model_level level, const om_scenario *s);
const priority_def *priority_get(om_priority p);
/* The level or priority with that name, or -1 ("move_cost" is LEVEL_MOVED). */
int level_find(const char *name);
int priority_find(const char *name);
/* Whether level means anything for s. */
bool level_applies(model_level level, const om_scenario *s);
/* The most the later levels let level take after it reached value, with the
 * scenario's slack (>= 0, relative). */
double level_held(const level_def *l, double value, double slack);

#endif
