/* model.h - the compact MIP: placements, kept cases per class, surplus flows per pool */
#ifndef OM_MODEL_H
#define OM_MODEL_H

#include "diag.h"
#include "levels.h"
#include "lp.h"
#include "scenario.h"

typedef struct model model;

/* Build the model of s. Returns new (caller frees with model_destroy), or NULL
 * with the reason in d. s is borrowed and must outlive the model. */
model *model_create(const om_scenario *s, diags *d);
void model_destroy(model **m);

/* borrowed, valid until model_destroy */
lp *model_lp(model *m);
/* the scenario the model was built from (borrowed) */
const om_scenario *model_scenario(const model *m);

/* Size figures, for -v: classes of interchangeable cases, surplus pools,
 * caseworker-department pairs. */
void model_size(const model *m, int *classes, int *pools, int *pairs);

/* Make the objective that of level. */
void model_set_objective(model *m, model_level level);
/* Keep later solutions at least as good as value on level (the level's
 * tolerance added): level_held says what value a level is held at. */
void model_fix_level(model *m, model_level level, double value);
/* How a dive sees the caps the levels before fixed. */
typedef enum {
    CAPS_EXACT, /* as fixed */
    CAPS_LOOSE, /* a little loose (peak +0.02, overload +2 %): a dive under exact
                 * caps often has no relaxed solution left, and local moves bring
                 * its plan back under them */
    CAPS_ROOMY  /* every cap at the peak less room points: cases are whole, and a
                 * full caseworker needs room to round into */
} model_caps;
void model_set_caps(model *m, model_caps caps, double room);

/* Diving: fix the placement of each open caseworker (more than one eligible
 * department, not yet fixed) whose relaxed load lies at least share in one
 * department, and of at least at_least of the most decided. Returns how many
 * were fixed, or -1 when every caseworker is fixed already. */
int model_fix_dominant(model *m, const double *relaxed, double share, int at_least);
/* Fix the most decided open caseworker to the pair at rank in their relaxed
 * load (0: where most of it lies). Returns the staff index, or -1 when no one
 * is open or they have no such pair. */
int model_fix_one(model *m, const double *relaxed, int rank);
/* How many caseworkers model_fix_dominant and model_fix_one hold; undo all but
 * the first keep of them, for a dive that went too far. */
int model_fixes(const model *m);
void model_undo_fixes(model *m, int keep);
/* The lowest peak the model tells apart: 1 (the default, as the levels are
 * defined) or 0, which makes a relaxation spread slack evenly. */
void model_set_peak_floor(model *m, double floor);
/* Fix every caseworker to their department in the integer plan x: for a
 * heuristic's while (model_release_placement undoes it) or for good. */
void model_fix_placement(model *m, const double *x, bool for_good);
/* Whether the model is big (Copenhagen-size and up, over 8,000 rows): each
 * relaxation then costs seconds, and the heuristics that solve many are cut
 * short. */
bool model_big(const model *m);
/* How long the level's relaxation took from scratch, with no placement held:
 * the last seen (or set), or at least that where it ran out of time; 0 until
 * known. A shorter time than that gives no relaxation at all. */
double model_cold_seconds(const model *m, model_level level);
void model_set_cold_seconds(model *m, model_level level, double seconds);
/* Whether every caseworker's department is fixed (held or for good). */
bool model_all_placed(const model *m);
/* Whether integer plans a and b place everyone alike. */
bool model_same_placement(const model *m, const double *a, const double *b);
/* Undo model_fix_dominant and model_fix_placement. */
void model_release_placement(model *m);

/* An integer plan near a relaxed solution: each caseworker placed where the
 * relaxation puts most of their load, its counts rounded down, the cases left
 * over given one by one to whoever ends least loaded. Returns 0 with the plan
 * in x (polished), or -1 when that breaks a hard rule (FTE bounds, pins). */
int model_round(const model *m, const double *relaxed, double *x);

/* A plan without any solver: each caseworker placed where most of their own
 * points can stay, keeping all they can, the rest handed out by model_round.
 * Returns 0 with the plan in x, or -1 when that breaks a hard rule. */
int model_greedy(const model *m, double *x);

/* The placement alone as a 0/1 program: column p is pair p (caseworker,
 * department) and is 1 where they join it; each caseworker joins one
 * department where their pinned cases can stay, the departments' FTE bounds
 * hold, and every pool with cases has someone placed who may take them.
 * With peak 0: most own points kept first; without a ceiling on utilisation, a
 * plan exists exactly when it has a solution. With a peak: most own cases kept
 * first, each pair counting the most that fit under the peak, and the
 * department covers hold at peak × (1 - spare), leaving that share of the
 * capacity spare for whole cases, or, given a plan x0, each set of
 * departments keeps at least the capacity it has in x0 (up to 8 departments). Returns new (caller
 * frees with lp_destroy), or NULL when out of memory. */
lp *model_placement_lp(const model *m, double peak, double spare, const double *x0);
/* Add to P, a model_placement_lp, the row of the set of segments whose load
 * the caseworkers placed (placed[p] > 0.5) who may take it cannot hold under
 * the held peak (less a spare share) or the held overload, the set short by
 * most. Returns 1 when it added one, 0 when every set fits, -1 when out of
 * memory. */
int model_cover_cut(const model *m, lp *P, const double *placed, double spare);
/* x's placement as a solution of model_placement_lp. Returns new (caller
 * frees), or NULL when out of memory. */
double *model_placement_of(const model *m, const double *x);
/* The peak held by model_fix_level (with its tolerance), 0 until it is held. */
double model_peak(const model *m);
/* model_greedy on a given placement: placed[p] > 0.5 for the pair each
 * caseworker joins (a solution of model_placement_lp). */
int model_greedy_at(const model *m, const double *placed, double *x);

/* The other way: the counts x of a plan (placement and assignment as
 * model_expand gives them, of another model of the same scenario), polished.
 * Returns 0, or -1 when the plan puts a case where this model has no column
 * for it (it breaks a hard rule of this model). */
int model_encode(const model *m, const int *placement, const int *assignment, double *x);

/* Round x's integer columns and set each continuous one (peak, overloads,
 * department tops) to the least value the integers allow. */
void model_polish(const model *m, double *x);

/* Turn an integer solution x into a plan: placement[staff] is the new department
 * (-1 for leavers), assignment[case] the new caseworker's staff index. Same x,
 * same plan. Returns 0, or -1 when out of memory. */
int model_expand(const model *m, const double *x, int *placement, int *assignment);

#endif
