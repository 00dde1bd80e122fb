/* plan.c - the priority levels solved in order, each started from a known plan */
#include "plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fanout.h"
#include "moves.h"
#include "solver.h"

/* Branch-and-cut stops after this much search (nodes x rows: about 10 nodes of
 * a Slagelse-size model, a hundred of a small one) without a better plan or
 * bound. On large models the search seldom improves on the starts it is
 * given, so a longer one mostly costs time; a count, unlike a clock, stops at
 * the same place on every run, so the same input gives the same plan. */
#define STALL_WORK 3e4
/* Room under the caps (utilisation) at which the peak's first relaxation is
 * rounded at once: whole cases then fit under the caps without a dive. */
#define PEAK_ROOM 0.02
/* The least room (relative) a peak level that ended past the gap from its bound
 * leaves the later levels, as the overload's own least slack (levels.c): its plan
 * is not known to be the best, and holding its exact packing of whole cases costs
 * continuity thousands of changes of caseworker on overloaded data. */
#define PEAK_PAST_GAP 0.001

const plan_level *plan_find_level(const om_plan *p, model_level level)
{
    for (int k = 0; k < p->n_levels; k++)
        if (p->levels[k].level == level)
            return &p->levels[k];
    return NULL;
}

bool plan_left_out(const om_plan *p, model_level level)
{
    return !p->moot[level] && !plan_find_level(p, level);
}

void plan_destroy(om_plan **pp)
{
    if (!pp || !*pp)
        return;
    free((*pp)->placement);
    free((*pp)->assignment);
    free((*pp)->equal.by_segment);
    free(*pp);
    *pp = NULL;
}

/* What the solver's callbacks of one level need. */
typedef struct {
    const plan_options *o;
    const char *level;
    model *m;
    model_level lv;
    double deadline; /* of the level */
} level_ctx;

static void on_progress(double best, double bound, void *info)
{
    level_ctx *ctx = info;
    if (ctx->o->progress)
        ctx->o->progress(ctx->level, best, bound, ctx->o->info);
}

static void on_log(const char *line, void *info)
{
    level_ctx *ctx = info;
    if (ctx->o->log)
        ctx->o->log(line, ctx->o->info);
}

/* A node's relaxation rounded (model_round) and improved by the local moves:
 * branching has fixed what the dive left open, so the rounding reaches plans
 * the dive's own rounding does not. */
static int round_node(const double *relaxed, double *x, void *info)
{
    level_ctx *ctx = info;
    if (model_round(ctx->m, relaxed, x) < 0 || moves_improve(ctx->m, x, ctx->lv, ctx->deadline) < 0)
        return -1;
    return lp_feasible(model_lp(ctx->m), x) ? 0 : -1;
}

/* Where the peak's relaxation leaves room under every cap (relaxed, value),
 * whether it rounds at once to a plan x at the floor: no dive is needed. */
static bool round_at_floor(model *m, const double *relaxed, double value, double *x,
                           double deadline)
{
    return value <= 1 - PEAK_ROOM && model_round(m, relaxed, x) == 0 &&
           moves_improve(m, x, LEVEL_PEAK, deadline) == 0 && lp_feasible(model_lp(m), x) &&
           lp_value(model_lp(m), x) <= 1 + 1e-9;
}

/* A plan near the relaxation's optimum: dive (solve the relaxation, fix the
 * placements it is surest of, again) until every caseworker is placed, then
 * round (model_round). When fixing leaves no relaxed solution the dive steps
 * back (a few times) and fixes one caseworker at a time, trying their next
 * department when the first fails. caps, room: how it sees the caps of the
 * levels before (model_set_caps). *root: the first relaxation's value (a bound
 * for the level unless the caps are roomy). -1 when there is none; the plan
 * may break a level fixed before. */
static int dive_and_round(model *m, model_level level, const solver_params *base, double seconds,
                          model_caps caps, double room, double *root, double *x)
{
    lp *L = model_lp(m);
    solver_params p = *base;
    solver_result r;
    int rc = -1, mark = 0, rank = -1, backs = 0;
    bool have_good = false;
    double t0 = clock_now();
    double *relaxed = malloc(((size_t)lp_cols(L) + 1) * sizeof(double));
    double *good = malloc(((size_t)lp_cols(L) + 1) * sizeof(double));
    p.relax = true;
    p.start = NULL;
    if (!relaxed || !good)
        goto out;
    if (level == LEVEL_PEAK) { /* aim below the caps: rounding then has room */
        model_set_peak_floor(m, 0);
        model_set_objective(m, LEVEL_PEAK);
    } else if (level != LEVEL_BALANCE) { /* balance holds placements: nothing to dive */
        model_set_caps(m, caps, room);
    }
    /* a first relaxation from scratch, with nobody placed, costs what it cost
     * before, or gives nothing (model_cold_seconds) */
    bool timed = solver_basis_empty(p.basis) && !model_all_placed(m);
    for (;;) {
        p.time_limit = seconds - (clock_now() - t0);
        if (p.time_limit <= 0 || (timed && p.time_limit < model_cold_seconds(m, level)))
            break;
        int solved = solver_solve(L, &p, relaxed, &r);
        if (timed && solved == 0 && (r.status == SOLVER_OPTIMAL || r.status == SOLVER_NONE))
            model_set_cold_seconds(m, level,
                                   r.status == SOLVER_OPTIMAL
                                       ? r.seconds
                                       : fmax(r.seconds, model_cold_seconds(m, level)));
        timed = false;
        if (solved == 0 && r.status == SOLVER_OPTIMAL) {
            if (!have_good) {
                *root = r.objective;
                if (level == LEVEL_PEAK &&
                    round_at_floor(m, relaxed, r.objective, x, t0 + seconds)) {
                    rc = 0;
                    goto out;
                }
            }
            double *swap = good;
            good = relaxed;
            relaxed = swap;
            have_good = true;
            mark = model_fixes(m);
            rank = -1;
            if (model_fix_dominant(m, good, 0.99, 1 + lp_cols(L) / 2000) < 0)
                break; /* everyone is placed */
            continue;
        }
        if (!have_good)
            break;
        if (++backs >
            (model_big(m) ? 0 : 4)) /* each step back costs a solve: round what there is */
            break;
        model_undo_fixes(m, mark); /* step back: the next department of one */
        if (model_fix_one(m, good, ++rank) < 0)
            break;
    }
    if (have_good)
        rc = model_round(m, good, x);
out:
    model_release_placement(m);
    model_set_peak_floor(m, 1);
    model_set_caps(m, CAPS_EXACT, 0);
    free(relaxed);
    free(good);
    return rc;
}

/* Take cand as best when it is feasible and better. */
static void consider(const lp *L, const double *cand, double *best, bool *have_best)
{
    if (!lp_feasible(L, cand))
        return;
    if (*have_best && lp_value(L, cand) >= lp_value(L, best) - 1e-9)
        return;
    memcpy(best, cand, (size_t)lp_cols(L) * sizeof(double));
    *have_best = true;
}

/* Try local moves on best (using work as scratch). */
static void consider_improved(model *m, model_level level, double *best, double *work,
                              double deadline)
{
    lp *L = model_lp(m);
    bool have = true;
    memcpy(work, best, (size_t)lp_cols(L) * sizeof(double));
    if (moves_improve(m, work, level, deadline) == 0)
        consider(L, work, best, &have);
}

/* The lowest value a level can take whatever the plan. */
static double level_floor(model_level level) { return level_get(level)->floor; }

/* Whether v is the level's floor, within what the level before leaves: a peak
 * fixed to +1e-6 lets overload be a few millionths of a point. */
static bool at_floor(model_level level, double v)
{
    return v <= level_floor(level) + (level == LEVEL_OVERLOAD ? 1e-4 : 1e-9);
}

/* Whether a level begun at t0 with seconds stops looking: it has a plan to
 * keep, and its time is gone. */
static bool time_up(bool have_plan, double t0, double seconds)
{
    return have_plan && clock_now() >= t0 + seconds;
}

/* Whether value is within gap of bound (solver_within_gap), the bound rounded up
 * where the level's values are whole. */
static bool within_gap(const model *m, model_level level, double value, double bound, double gap)
{
    if (level_of(level, model_scenario(m))->integral)
        bound = ceil(bound - 1e-6);
    return solver_within_gap(value, bound, gap);
}

/* Whether best (when there is one) is within gap of the level's bound root,
 * so that nothing more is worth looking for. */
static bool proven(model *m, model_level level, bool have_best, const double *best, double root,
                   double gap)
{
    return have_best && root > -LP_INF &&
           within_gap(m, level, lp_value(model_lp(m), best), root, gap);
}

/* The best plan for plan's placement: with every department fixed no binaries
 * are left, and GLPK solves it quickly from plan. Considered for best. */
static void best_for_placement(model *m, solver_params *p, double seconds, const double *plan,
                               double *scratch, double *best, bool *have_best)
{
    lp *L = model_lp(m);
    solver_result r;
    model_fix_placement(m, plan, false);
    p->start = plan;
    p->time_limit = seconds;
    if (solver_solve(L, p, scratch, &r) == 0 &&
        (r.status == SOLVER_OPTIMAL || r.status == SOLVER_FEASIBLE)) {
        model_polish(m, scratch);
        consider(L, scratch, best, have_best);
    }
    model_release_placement(m);
}

/* Whether a and b (n values each, whole numbers) are the same. */
static bool same_values(const double *a, const double *b, int n)
{
    for (int j = 0; j < n; j++)
        if (fabs(a[j] - b[j]) > 0.5)
            return false;
    return true;
}

/* Continuity from the placements: the placement's own small 0/1 program
 * choosing where each caseworker keeps the own cases worth most under the held
 * peak (model_placement_lp), then the best plan for that placement. The full
 * model's relaxation places caseworkers fractionally, so its dives round to
 * placements that fill the departments but lose many own cases; the small
 * program sees whole caseworkers. Each department set is to keep the capacity
 * it has in best, or what its load needs at the peak with a share spare for
 * whole cases, whichever is less; the sets of segments that the placed
 * caseworkers could not hold are added as rows until none is left
 * (model_cover_cut). The placement's relaxation is rounded (a dive with every
 * caseworker placed), or where that gives no better plan, GLPK solves the
 * placement. The first spare whose plan is better than best ends the search;
 * a spare that chooses the placement the one before chose is passed over
 * (docs/formulation.md). */
static void keeping_start(model *m, solver_params *p, double seconds, double *scratch, double *cand,
                          double *best, bool *have_best)
{
    static const double spares[] = {0.005, 0.01, 0.02};
    int n = (int)(sizeof spares / sizeof spares[0]);
    double t_end = clock_now() + seconds;
    double *tried = NULL; /* the placement the spare before chose: once is enough */
    for (int k = 0; k < n && clock_now() < t_end; k++) {
        double t0 = clock_now(), part = (t_end - t0) / (double)(n - k);
        lp *P = model_placement_lp(m, model_peak(m), spares[k], *have_best ? best : NULL);
        double *placed = P ? malloc(((size_t)lp_cols(P) + 1) * sizeof(double)) : NULL;
        double *was = placed && *have_best ? model_placement_of(m, best) : NULL;
        solver_params q = {.time_limit = part / 2,
                           .gap = p->gap,
                           .no_pump = true,
                           .stall_work = p->stall_work,
                           .start = was,
                           .log = p->log,
                           .info = p->info};
        solver_result r;
        bool placed_ok = false;
        for (int round = 0; placed && round < 20 && clock_now() < t0 + part / 2; round++) {
            q.time_limit = t0 + part / 2 - clock_now();
            placed_ok = solver_solve(P, &q, placed, &r) == 0 &&
                        (r.status == SOLVER_OPTIMAL || r.status == SOLVER_FEASIBLE);
            if (!placed_ok || model_cover_cut(m, P, placed, spares[k]) != 1)
                break;
        }
        bool again = placed_ok && tried && same_values(placed, tried, lp_cols(P));
        placed_ok = placed_ok && !again && model_greedy_at(m, placed, cand) == 0;
        free(was);
        if (placed_ok) {
            free(tried);
            tried = placed;
        } else {
            free(placed);
        }
        lp_destroy(&P);
        if (!placed_ok)
            continue;
        lp *L = model_lp(m);
        double before = *have_best ? lp_value(L, best) : LP_INF, ignored;
        model_fix_placement(m, cand, false);
        if (dive_and_round(m, LEVEL_MOVED, p, fmax(0.1, part - (clock_now() - t0)), CAPS_LOOSE, 0,
                           &ignored, scratch) == 0 &&
            moves_improve(m, scratch, LEVEL_MOVED, clock_now() + part / 2) == 0)
            consider(L, scratch, best, have_best);
        model_release_placement(m);
        if (*have_best && lp_value(L, best) < before - 1e-9)
            break;
        /* where the caps are held so tight that the rounding leaves someone above
         * them (a peak of 1 with the load at capacity), GLPK on the placement */
        solver_params fixed = *p;
        fixed.round = round_node; /* GLPK finds no whole-case plan alone in time */
        best_for_placement(m, &fixed, fmax(0.1, part - (clock_now() - t0)), cand, scratch, best,
                           have_best);
        if (*have_best && lp_value(L, best) < before - 1e-9)
            break;
    }
    free(tried);
}

/* The best plan the engine finds itself, before branch-and-cut: the previous
 * level's plan (prev, or NULL), a greedy one when there is none, a dived and
 * rounded one (for continuity also one from the placements alone and three to
 * five with room for rounding), each improved by local moves, then, but for continuity, the best
 * plan for the dive's placement and for the best one's (docs/formulation.md). Returns whether best
 * holds a plan; *bound: the first dive's relaxation under the loose caps, a lower bound for the
 * level (-LP_INF when there is none). */
static bool find_start(model *m, model_level level, solver_params *p, double t0, double seconds,
                       const double *prev, double *best, double *cand, double *bound)
{
    lp *L = model_lp(m);
    int cols = lp_cols(L);
    bool have_best = false;
    *bound = -LP_INF;
    if (prev) {
        memcpy(best, prev, (size_t)cols * sizeof(double));
        model_polish(m, best);
        have_best = true;
        if (at_floor(level, lp_value(L, best)))
            return true; /* nothing can be better */
        consider_improved(m, level, best, cand, t0 + 0.3 * seconds);
    }
    if (!have_best && model_greedy(m, cand) == 0 &&
        moves_improve(m, cand, level, t0 + 0.2 * seconds) == 0)
        consider(L, cand, best, &have_best); /* a plan whatever the clock says */
    if (have_best && at_floor(level, lp_value(L, best)))
        return true;
    double *scratch = malloc(((size_t)cols + 1) * sizeof(double));
    double root = -LP_INF, ignored;
    bool dived =
        scratch && dive_and_round(m, level, p, seconds / 2, CAPS_LOOSE, 0, &root, cand) == 0;
    *bound = root;
    dived = dived && moves_improve(m, cand, level, t0 + 0.7 * seconds) == 0;
    if (dived)
        consider(L, cand, best, &have_best);
    if (proven(m, level, have_best, best, root, p->gap)) {
        free(scratch);
        return true;
    }
    bool roomy = level == LEVEL_MOVED && !model_big(m);
    if (scratch && level == LEVEL_MOVED && model_peak(m) > 0 && !time_up(have_best, t0, seconds))
        keeping_start(m, p, seconds / 3, scratch, cand, best, &have_best);
    if (roomy) {
        /* Continuity: dive again with room left under every cap, so that whole
         * cases round into it; which room suits a municipality varies, so up to
         * five, while the loosened relaxation does not prove the best plan within
         * the gap (docs/formulation.md) */
        static const double rooms[] = {0.35, 0.7, 1.0, 1.4, 2.0};
        size_t n_rooms = sizeof rooms / sizeof rooms[0];
        for (size_t k = 0; scratch && k < n_rooms && !time_up(have_best, t0, seconds); k++) {
            if (proven(m, level, have_best, best, root, p->gap))
                break;
            dived = dive_and_round(m, level, p, seconds / (2.0 * (double)n_rooms), CAPS_ROOMY,
                                   rooms[k], &ignored, cand) == 0 &&
                    moves_improve(m, cand, level, t0 + (0.75 + 0.05 * (double)k) * seconds) == 0;
            if (dived)
                consider(L, cand, best, &have_best);
        }
    } else if (dived && !lp_feasible(L, cand) && !time_up(have_best, t0, seconds) &&
               (level == LEVEL_OVERLOAD || level == LEVEL_MOVED)) {
        /* local moves could not bring the plan back under the real caps: dive
         * under them */
        dived = dive_and_round(m, level, p, seconds / 4, CAPS_EXACT, 0, &ignored, cand) == 0 &&
                moves_improve(m, cand, level, t0 + 0.8 * seconds) == 0;
        if (dived)
            consider(L, cand, best, &have_best);
    }
    if (have_best && level == LEVEL_PEAK)
        model_fix_level(m, level, lp_value(L, best)); /* a tighter model; the start stays in it */
    if (model_all_placed(m) || time_up(have_best, t0, seconds) ||
        proven(m, level, have_best, best, root, p->gap)) {
        /* the level itself has no binaries: branch-and-cut is that solve; or
         * its time is gone, or best is good enough */
        free(scratch);
        return have_best;
    }
    /* peak: slow, the dive's plan is best; an infeasible plan leaves GLPK
     * searching without a plan to stop at; continuity: the roomy dives give
     * such plans already, and each solve here costs a branch-and-cut */
    if (!roomy && dived && level != LEVEL_PEAK && !model_big(m) && lp_feasible(L, cand))
        best_for_placement(m, p, seconds / 4, cand, scratch, best, &have_best);
    if (!roomy && scratch && have_best && (!dived || !model_same_placement(m, cand, best))) {
        memcpy(cand, best, (size_t)cols * sizeof(double));
        best_for_placement(m, p, seconds / 4, cand, scratch, best, &have_best);
    }
    free(scratch);
    return have_best;
}

/* A plan where the greedy one breaks a hard rule (a department left without
 * anyone who may take a segment only it serves, FTE bounds): GLPK places
 * everyone in the placement's own small 0/1 program (model_placement_lp), and
 * the greedy plan is built on that placement. Returns whether x holds a plan;
 * sets *none when no placement keeps the hard rules, so that no plan does
 * unless a ceiling on utilisation is what the greedy plan broke. */
static bool placement_plan(model *m, const solver_params *base, double seconds, double *x,
                           bool *none)
{
    lp *P = model_placement_lp(m, 0, 0, NULL);
    double *placed = P ? malloc(((size_t)lp_cols(P) + 1) * sizeof(double)) : NULL;
    bool found = false;
    if (placed) {
        solver_params q = {.time_limit = seconds,
                           .gap = base->gap,
                           .no_pump = true,
                           .log = base->log,
                           .info = base->info};
        solver_result r;
        if (solver_solve(P, &q, placed, &r) == 0) {
            *none = r.status == SOLVER_INFEASIBLE;
            found = (r.status == SOLVER_OPTIMAL || r.status == SOLVER_FEASIBLE) &&
                    model_greedy_at(m, placed, x) == 0;
        }
    }
    free(placed);
    lp_destroy(&P);
    return found;
}

/* A first plan when the first level to solve is not the peak and no start was
 * found: GLPK is asked for the peak's objective, on which it finds a plan, or
 * proves there is none, where others leave it searching (min_fte = max_fte
 * with balance first: tests/instances/fte-equal-balance-first, fte-subset-infeasible).
 * Nothing is fixed yet, so that plan is a plan of this level too. Returns
 * whether best holds one; *none when no plan meets the hard rules. */
static bool first_plan(model *m, model_level level, const solver_params *p, double seconds,
                       double *best, bool *none)
{
    solver_params q = *p;
    q.start = NULL;
    q.basis = NULL;
    q.gomory = false;
    q.time_limit = seconds;
    solver_result r;
    model_set_objective(m, LEVEL_PEAK);
    int rc = solver_solve(model_lp(m), &q, best, &r);
    model_set_objective(m, level);
    *none = rc == 0 && r.status == SOLVER_INFEASIBLE;
    return rc == 0 && (r.status == SOLVER_OPTIMAL || r.status == SOLVER_FEASIBLE);
}

/* Solve one level in its share of seconds, or in all the time left for the
 * levels (seconds_left) while there is no plan at all: a first plan is worth the
 * later levels' time. On success x holds the best plan found and *lv its figures,
 * and the level is held for the later ones with lv->slack (set by the caller),
 * the peak never above the ceiling. basis: where the level's relaxations start
 * and what they leave, so that the level solved again starts where it ended;
 * NULL: afresh (the last level's basis, optimal for another objective, is a
 * worse start than none). */
static int solve_level(model *m, model_level level, const plan_options *o, double seconds,
                       double seconds_left, double gap, double ceiling, double *x, bool have_x,
                       solver_basis *basis, plan_level *lv, diags *d)
{
    lp *L = model_lp(m);
    int cols = lp_cols(L), rc = -1;
    double t0 = clock_now();
    /* with the time gone (the price after an overrun), a tenth of a second: a
     * solver's time limit of 0 or less means none */
    seconds = fmax(seconds, 0.1);
    seconds_left = fmax(seconds_left, seconds);
    double *cand = malloc(((size_t)cols + 1) * sizeof(double));
    double *best = malloc(((size_t)cols + 1) * sizeof(double));
    /* each relaxation of the level starts where the one before ended */
    solver_basis *own = basis ? NULL : solver_basis_create();
    if (!basis)
        basis = own;
    if (!cand || !best || !basis) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory solving the model");
        goto out;
    }
    model_set_objective(m, level);
    level_ctx ctx = {.o = o,
                     .level = level_of(level, model_scenario(m))->name,
                     .m = m,
                     .lv = level,
                     .deadline = t0 + seconds};
    solver_params p = {0};
    p.basis = basis;
    p.gap = gap;
    p.stall_work = gap > 0 ? STALL_WORK : 0; /* --gap 0 asks for the proven optimum */
    /* Gomory's cuts at the root of the balance level, where they raise the bound
     * past what the MIR cuts reach (the relaxation lowers department tops by
     * fractions of cases, docs/formulation.md). Not on the other levels: their
     * rows are dense, and on overloaded data they slow GLPK's branching
     * (Driebeck-Tomlin evaluates tableau rows) for no better plan. */
    p.gomory = level == LEVEL_BALANCE;
    p.log = on_log;
    p.progress = on_progress;
    p.info = &ctx;

    double root;
    bool have_best = find_start(m, level, &p, t0, seconds, have_x ? x : NULL, best, cand, &root);
    solver_result r = {.status = SOLVER_OPTIMAL};
    bool none = false;
    if (!have_best && !have_x && placement_plan(m, &p, seconds / 4, cand, &none) &&
        moves_improve(m, cand, level, clock_now() + 0.2 * seconds) == 0)
        consider(L, cand, best, &have_best);
    none = none && ceiling <= 0;
    if (!have_best && !have_x && !none && level != LEVEL_PEAK)
        have_best =
            first_plan(m, level, &p, fmax(0.1, seconds_left - (clock_now() - t0)), best, &none);
    if (none) {
        r.status = SOLVER_INFEASIBLE;
    } else if (have_best && at_floor(level, lp_value(L, best))) {
        r.objective = r.bound = lp_value(L, best); /* nothing can be better */
        memcpy(cand, best, (size_t)cols * sizeof(double));
    } else if (time_up(have_best, t0, seconds)) {
        r = (solver_result){.status = SOLVER_NONE, .bound = -LP_INF}; /* the starts took it all */
    } else if (proven(m, level, have_best, best, root, gap)) {
        /* within the gap already: branch-and-cut would only prove it again */
        r = (solver_result){
            .status = SOLVER_FEASIBLE, .objective = lp_value(L, best), .bound = root};
        memcpy(cand, best, (size_t)cols * sizeof(double));
    } else {
        p.start = have_best ? best : NULL;
        p.time_limit = fmax(0.1, (have_best ? seconds : seconds_left) - (clock_now() - t0));
        p.round = model_big(m) ? NULL : round_node; /* there each rounding takes seconds */
        if (solver_solve(L, &p, cand, &r) < 0) {
            diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "solver failure: %s", r.message);
            goto out;
        }
    }
    if (r.status == SOLVER_INFEASIBLE && !have_best) {
        if (ceiling > 0)
            diags_add(d, DIAG_INFEASIBLE, NULL, 0, 0, NULL,
                      "no plan keeps every caseworker at or below max_utilisation %g %% under "
                      "the hard rules",
                      100 * ceiling);
        else
            diags_add(d, DIAG_INFEASIBLE, NULL, 0, 0, NULL,
                      "no plan satisfies the hard rules together: the departments' min/max FTE, "
                      "fixed departments, qualifications and pinned cases leave no placement "
                      "where every case has an eligible caseworker");
        goto out;
    }
    bool solved = r.status == SOLVER_OPTIMAL || r.status == SOLVER_FEASIBLE;
    if (solved) {
        model_polish(m, cand);
        consider(L, cand, best, &have_best);
        if (lp_value(L, best) > fmax(r.bound, level_floor(level)) + 1e-9) /* not proven best */
            consider_improved(m, level, best, cand,
                              fmin(t0 + seconds, clock_now() + 0.1 * seconds));
    } else if (!have_best) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL,
                  "no plan found within the time limit; try a longer --time-limit");
        goto out;
    }
    double value = lp_value(L, best);
    double bound = solved || r.status == SOLVER_NONE ? r.bound : value;
    if (r.status == SOLVER_INFEASIBLE) /* only the start is left: nothing is proven */
        bound = value;
    bound = fmax(bound, root); /* branch-and-cut stopped before its root has none */
    if (level_of(level, model_scenario(m))->integral)
        bound = ceil(bound - 1e-6);
    bound = fmax(bound, level_floor(level));
    if (bound > value)
        bound = value;
    lv->level = level;
    lv->value = value;
    lv->bound = bound;
    lv->gap = value - bound <= 1e-9 ? 0 : (value - bound) / fmax(fabs(value), 1e-9);
    lv->optimal = r.status == SOLVER_OPTIMAL || lv->gap == 0;
    memcpy(x, best, (size_t)cols * sizeof(double));
    lv->reached = value;
    lv->held = level_held(level_of(level, model_scenario(m)), value, lv->slack);
    if (gap > 0 && gap < 1) {
        double edge = bound / (1 - 0.99 * gap);  /* the most still within the gap */
        if (value > edge && level == LEVEL_PEAK) /* past it already */
            lv->held = fmax(lv->held, value * (1 + PEAK_PAST_GAP));
        else if (value <= edge && lv->slack <= 0) /* its slack keeps it within the gap */
            lv->held = fmax(value, fmin(lv->held, edge));
    }
    if (level == LEVEL_PEAK && ceiling > 0)
        lv->held = fmax(value, fmin(lv->held, ceiling - 1e-6));
    model_fix_level(m, level, lv->held);
    rc = 0;
out:
    lv->seconds = clock_now() - t0;
    solver_basis_destroy(&own);
    free(cand);
    free(best);
    return rc;
}

/* Continuity with the peak held where its level left it (to the millionth, or
 * within its slack): on data where the points fill nearly every cap at that
 * peak, whole cases do not round into the room that is left, and the moved
 * level ends far from its bound. The peak is only known within gap of its
 * bound, so when the moved level misses the gap, the peak is held at the
 * highest value still within the gap (and the ceiling), and the moved level is
 * solved again from its plan and from the basis its relaxations left (basis:
 * one from scratch can take longer than the share), in its share of the time
 * left (levels: the levels left, this one included), unless the peak's slack
 * holds it that loose already. The peak level then reports the plan's peak, and
 * holds it at that room. */
static int moved_with_room(model *m, om_plan *plan, const plan_options *o, double left, int levels,
                           double gap, double ceiling, double *x, solver_basis *basis,
                           plan_level *lv, diags *d)
{
    plan_level *peak = NULL;
    for (int k = 0; k < plan->n_levels; k++)
        if (plan->levels[k].level == LEVEL_PEAK)
            peak = &plan->levels[k];
    if (!peak || gap <= 0 || gap >= 1 || within_gap(m, LEVEL_MOVED, lv->value, lv->bound, gap))
        return 0;
    if (peak->value <= 1 + 1e-6)
        return 0; /* at or below the caps the peak is at its floor: no overload for continuity */
    double room = peak->bound / (1 - gap) - 1e-6;
    if (ceiling > 0)
        room = fmin(room, ceiling - 1e-6);
    if (room <= peak->held + 1e-6)
        return 0; /* never held tighter than the slack allows */
    model_fix_level(m, LEVEL_PEAK, room);
    peak->held = room; /* what the later levels, and equal_costs, hold it at */
    double seconds = lv->seconds;
    int rc =
        solve_level(m, LEVEL_MOVED, o, left / levels, left, gap, ceiling, x, true, basis, lv, d);
    lv->seconds += seconds;
    return rc;
}

/* The peak level under a ceiling on utilisation (none when ceiling <= 0).
 * Solved first without it: the level's starts are built to lower the peak,
 * but under a ceiling they are often none at all, and GLPK is weak at finding
 * a first plan. When that plan keeps the ceiling, it is the level's plan; when
 * its bound proves the ceiling out of reach, no plan exists; else the level is
 * solved again under the ceiling. m must not hold the ceiling yet. */
static int solve_peak_under(model *m, const plan_options *o, double seconds, double seconds_left,
                            double gap, double ceiling, double *x, plan_level *lv, diags *d)
{
    double t0 = clock_now();
    if (solve_level(m, LEVEL_PEAK, o, seconds, seconds_left, gap, 0, x, false, NULL, lv, d) < 0)
        return -1;
    if (ceiling <= 0)
        return 0;
    if (lv->value <= ceiling + 1e-9) {
        if (lv->held > ceiling - 1e-6) { /* the slack stops at the ceiling */
            lv->held = fmax(lv->value, ceiling - 1e-6);
            model_fix_level(m, LEVEL_PEAK, lv->held);
        }
        return 0;
    }
    if (lv->bound > ceiling + 1e-9) {
        diags_add(d, DIAG_INFEASIBLE, NULL, 0, 0, NULL,
                  "no plan keeps every caseworker at or below max_utilisation %g %% under the "
                  "hard rules: the peak utilisation is at least %.2f %%",
                  100 * ceiling, 100 * lv->bound);
        return -1;
    }
    model_fix_level(m, LEVEL_PEAK, fmax(1, ceiling - 1e-6));
    double left = seconds_left - (clock_now() - t0);
    return solve_level(m, LEVEL_PEAK, o, left, left, gap, ceiling, x, false, NULL, lv, d);
}

/* A plan under the scenario's ceiling on utilisation, for priorities that do
 * not start with the peak: the greedy plan, improved, when it keeps the
 * ceiling; else the peak level's plan, solved in a model of its own (m holds
 * the ceiling) as a plan with caps first solves it. Whenever such a plan
 * keeps the ceiling, the start does. Returns 1 with the plan in x, 0 with none,
 * -1 with the reason in d. */
static int ceiling_start(const om_scenario *s, model *m, model_level first, const plan_options *o,
                         double seconds, double seconds_left, double gap, double *x, diags *d)
{
    double t0 = clock_now();
    if (model_greedy(m, x) == 0 && moves_improve(m, x, first, t0 + 0.1 * seconds) == 0 &&
        lp_feasible(model_lp(m), x))
        return 1;
    model *peak = model_create(s, d);
    if (!peak)
        return -1;
    plan_level lv = {0};
    double spent = clock_now() - t0;
    int rc = solve_peak_under(peak, o, seconds - spent, seconds_left - spent, gap,
                              s->max_utilisation, x, &lv, d);
    model_destroy(&peak);
    return rc < 0 ? -1 : lp_feasible(model_lp(m), x);
}

/* Each level's value as the final plan has it, case by case (levels.h), solved
 * or not: expansion may hand a surplus case back to its own caseworker, which
 * only makes it better. */
static int record_values(const om_scenario *s, om_plan *p)
{
    double *points = calloc((size_t)s->n_staff + 1, sizeof(double));
    if (!points)
        return -1;
    for (int c = 0; c < s->n_cases; c++)
        points[p->assignment[c]] += s->cases[c].weight;
    for (int l = 0; l < LEVEL_COUNT; l++) {
        p->values[l] = level_of(l, s)->value(s, p->placement, p->assignment, points);
        p->moot[l] = !level_applies(l, s);
    }
    for (int k = 0; k < p->n_levels; k++) {
        plan_level *lv = &p->levels[k];
        /* a later level may use the level's slack or the overload's tolerance: then
         * it is no longer at its optimum, and says so with its gap (the others' are
         * below printing) */
        double v = p->values[lv->level];
        lv->optimal = lv->optimal && v <= lv->value + (lv->slack > 0 ? 1e-9 : 2e-4);
        lv->value = v;
        lv->bound = fmin(lv->bound, lv->value);
        lv->gap = lv->value - lv->bound <= 1e-9
                      ? 0
                      : (lv->value - lv->bound) / fmax(fabs(lv->value), 1e-9);
        lv->optimal = lv->optimal || lv->gap == 0;
    }
    free(points);
    return 0;
}

/* Whether the levels fix the peak before the moves, both optimised. */
static bool caps_before_continuity(const om_scenario *s)
{
    bool caps = false;
    for (int k = 0; k < s->n_priorities; k++) {
        caps |= s->priorities[k] == PRIO_CAPS;
        if (s->priorities[k] == PRIO_CONTINUITY)
            return caps;
    }
    return false;
}

/* What one point of the price of the peak needs (price_point). */
typedef struct {
    const om_scenario *s;
    plan_options quiet; /* the caller's, printing nothing: the points run side by side */
    double gap, deadline, cold, peak, moved;
    const double *x;
    diags *d;
} price_ctx;

static const double price_steps[PLAN_PRICE_MAX] = {0.02, 0.05};

/* Point k of the price of the peak into result (a plan_price): a model of the
 * scenario held at the ceiling and its moved level solved, started from the
 * plan (which keeps the ceiling), before the deadline. */
static int price_point(int k, void *result, void *info)
{
    const price_ctx *c = info;
    plan_price *pp = result;
    model *m = model_create(c->s, c->d);
    int cols = m ? lp_cols(model_lp(m)) : 0, rc = -1;
    double *start = m ? malloc(((size_t)cols + 1) * sizeof(double)) : NULL;
    if (!start)
        goto out;
    memcpy(start, c->x, (size_t)cols * sizeof(double));
    *pp = (plan_price){.ceiling = c->peak + price_steps[k]};
    model_fix_level(m, LEVEL_PEAK, pp->ceiling - 1e-6);
    model_set_cold_seconds(m, LEVEL_MOVED, c->cold);
    /* each the share it would have one after the other: a level's steps scale with it */
    double left = c->deadline - clock_now();
    rc = solve_level(m, LEVEL_MOVED, &c->quiet, left / PLAN_PRICE_MAX, left, c->gap, pp->ceiling,
                     start, true, NULL, &pp->moved, c->d);
    /* the plan keeps the ceiling, and expanding may have kept more than its counts */
    pp->moved.value = fmin(pp->moved.value, c->moved);
    pp->moved.bound = fmin(pp->moved.bound, pp->moved.value);
out:
    free(start);
    model_destroy(&m);
    return rc;
}

/* The price of the peak (plan_price): for each ceiling a little above the
 * plan's peak, the fewest moves under it (price_point), the points side by
 * side, each in an even share of the time left. What the moves would be with
 * the peak allowed that high is what the committee weighs against the peak.
 * cold: what the plan's moved level took to relax from scratch
 * (model_cold_seconds), the same for these models. */
static int solve_price(const om_scenario *s, const plan_options *o, double gap, double deadline,
                       double cold, const double *x, om_plan *plan, diags *d)
{
    const plan_level *peak_level = plan_find_level(plan, LEVEL_PEAK);
    const plan_level *moved_level = plan_find_level(plan, LEVEL_MOVED);
    if (!caps_before_continuity(s) || !peak_level || peak_level->value <= 1 + 1e-6)
        return 0;
    price_ctx c = {.s = s,
                   .quiet = *o,
                   .gap = gap,
                   .deadline = deadline,
                   .cold = cold,
                   .peak = peak_level->value,
                   .moved = moved_level ? moved_level->value : INFINITY,
                   .x = x,
                   .d = d};
    c.quiet.log = NULL;
    c.quiet.progress = NULL;
    if (fanout_run(PLAN_PRICE_MAX, sizeof plan->price[0], plan->price, price_point, &c) != 0)
        return -1;
    plan->n_price = PLAN_PRICE_MAX;
    return 0;
}

/* equal_costs (plan_equal): where costs are weighted, a model of s with every
 * cost 1, held at the caps the plan's levels held when caps come before
 * continuity, and its moved level solved in the seconds given; without time, or
 * where it finds no better plan, the plan itself, which keeps those caps.
 * cold: as for solve_price. */
static int solve_equal(const om_scenario *s, const plan_options *o, double gap, double seconds,
                       double cold, om_plan *plan)
{
    om_scenario eq = *s; /* borrows everything; only the costs differ */
    eq.move_cost_given = false;
    eq.repeat_change_factor = 0;
    diags *quiet = diags_create();
    model *m = quiet ? model_create(&eq, quiet) : NULL;
    double *x = m ? calloc((size_t)lp_cols(model_lp(m)) + 1, sizeof(double)) : NULL;
    int *placement = malloc(((size_t)s->n_staff + 1) * sizeof(int));
    int *assignment = malloc(((size_t)s->n_cases + 1) * sizeof(int));
    plan_equal *e = &plan->equal;
    int rc = -1;
    if (!x || !placement || !assignment ||
        !(e->by_segment = calloc((size_t)s->n_segments + 1, sizeof(double))))
        goto out;
    rc = 0;
    if (caps_before_continuity(s)) {
        const plan_level *peak = plan_find_level(plan, LEVEL_PEAK);
        const plan_level *over = plan_find_level(plan, LEVEL_OVERLOAD);
        if (peak)
            model_fix_level(m, LEVEL_PEAK, peak->held);
        if (over) { /* the row holds the objective set: the overload's */
            model_set_objective(m, LEVEL_OVERLOAD);
            model_fix_level(m, LEVEL_OVERLOAD, over->held);
        }
    } else if (s->max_utilisation > 0) {
        model_fix_level(m, LEVEL_PEAK, fmax(1, s->max_utilisation - 1e-6));
    }
    model_set_cold_seconds(m, LEVEL_MOVED, cold);
    /* the plan itself keeps every row held: the start */
    bool start =
        model_encode(m, plan->placement, plan->assignment, x) == 0 && lp_feasible(model_lp(m), x);
    plan_level lv = {0};
    bool solved = seconds > 0.1 &&
                  solve_level(m, LEVEL_MOVED, o, seconds, seconds, gap, s->max_utilisation, x,
                              start, NULL, &lv, quiet) == 0 &&
                  model_expand(m, x, placement, assignment) == 0;
    e->solved = true;
    snprintf(e->status, sizeof e->status, "%s", solved && lv.optimal ? "optimal" : "feasible");
    /* the plan itself keeps the same caps: where its expansion kept more than
     * this solve's counts, or no time was left, it is the plan with equal costs */
    int own = 0;
    e->moved = solved ? 0 : s->n_cases + 1;
    for (int c = 0; c < s->n_cases; c++) {
        own += plan->assignment[c] != s->cases[c].caseworker;
        e->moved += solved && assignment[c] != s->cases[c].caseworker;
    }
    const int *use = own < e->moved ? plan->assignment : assignment;
    if (own < e->moved) {
        e->moved = own;
        snprintf(e->status, sizeof e->status, "feasible");
    }
    for (int c = 0; c < s->n_cases; c++)
        if (use[c] != s->cases[c].caseworker)
            e->by_segment[s->cases[c].segment]++;
out:
    free(x);
    free(placement);
    free(assignment);
    model_destroy(&m);
    diags_destroy(&quiet);
    return rc;
}

om_plan *plan_solve(const om_scenario *s, const plan_options *o, diags *d)
{
    double t0 = clock_now();
    double limit = o->time_limit > 0 ? o->time_limit : 60;
    /* the levels stop a little before the limit: a level overruns its share by
     * what it cannot interrupt (local moves, the last relaxation), and the
     * price of the peak comes after them */
    bool weighted = scenario_weighted(s);
    double total = o->price || weighted ? (o->price && weighted ? 0.75 : 0.85) * limit : limit;
    double gap = o->gap >= 0 ? o->gap : 0.01;
    om_plan *plan = calloc(1, sizeof *plan);
    model *m = model_create(s, d);
    double *x = NULL;
    bool ok = false;
    if (!plan || !m)
        goto out;
    model_level order[LEVEL_COUNT];
    int n = 0;
    for (int k = 0; k < s->n_priorities; k++) {
        const priority_def *pd = priority_get(s->priorities[k]);
        for (int j = 0; j < pd->n_levels; j++) {
            plan->levels[n].slack = s->slack[s->priorities[k]];
            order[n++] = pd->levels[j];
        }
    }
    /* a hard rule: as if the peak were fixed there (with caps first, once the
     * peak level has looked for its plan without it) */
    if (s->max_utilisation > 0 && order[0] != LEVEL_PEAK)
        model_fix_level(m, LEVEL_PEAK, fmax(1, s->max_utilisation - 1e-6));
    plan->build_seconds = clock_now() - t0;
    x = calloc((size_t)lp_cols(model_lp(m)) + 1, sizeof(double));
    plan->placement = malloc(((size_t)s->n_staff + 1) * sizeof(int));
    plan->assignment = malloc(((size_t)s->n_cases + 1) * sizeof(int));
    if (!x || !plan->placement || !plan->assignment)
        goto out;
    bool have_x = false;
    if (s->max_utilisation > 0 && order[0] != LEVEL_PEAK) {
        int found = ceiling_start(s, m, order[0], o, total / n, total, gap, x, d);
        if (found < 0)
            goto out;
        have_x = found == 1;
    }
    for (int k = 0; k < n; k++) {
        double left = total - (clock_now() - t0);
        if (order[k] == LEVEL_BALANCE && k > 0)
            model_fix_placement(m, x, true); /* people are placed; balance spreads cases */
        /* the level's, kept for moved_with_room (NULL, out of memory: afresh) */
        solver_basis *basis = solver_basis_create();
        int rc = k == 0 && order[0] == LEVEL_PEAK
                     ? solve_peak_under(m, o, left / n, left, gap, s->max_utilisation, x,
                                        &plan->levels[0], d)
                     : solve_level(m, order[k], o, left / (n - k), left, gap, s->max_utilisation, x,
                                   k > 0 || have_x, basis, &plan->levels[k], d);
        if (rc == 0 && order[k] == LEVEL_MOVED)
            rc = moved_with_room(m, plan, o, total - (clock_now() - t0), n - k, gap,
                                 s->max_utilisation, x, basis, &plan->levels[k], d);
        solver_basis_destroy(&basis);
        if (rc < 0)
            goto out;
        plan->n_levels = k + 1;
    }
    plan->gap_limit = gap;
    plan->n_staff = s->n_staff;
    plan->n_cases = s->n_cases;
    double t_expand = clock_now();
    if (model_expand(m, x, plan->placement, plan->assignment) < 0 || record_values(s, plan) < 0) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory expanding the plan");
        goto out;
    }
    plan->expand_seconds = clock_now() - t_expand;
    plan->priced = o->price;
    double cold = model_cold_seconds(m, LEVEL_MOVED); /* the same level of the same data */
    /* equal costs: the same level of the same data, in no more time than the
     * plan's own took (a second at least) */
    const plan_level *moved = plan_find_level(plan, LEVEL_MOVED);
    double equal_seconds = fmin((o->price ? 0.5 : 1) * (t0 + limit - clock_now()),
                                fmax(1, moved ? moved->seconds : 0));
    if (weighted && solve_equal(s, o, gap, equal_seconds, cold, plan) < 0)
        goto out;
    if (o->price && solve_price(s, o, gap, t0 + limit, cold, x, plan, d) < 0)
        goto out;
    ok = true;
out:
    if (!ok && !diags_errors(d))
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
    free(x);
    model_destroy(&m);
    if (!ok)
        plan_destroy(&plan);
    else
        plan->seconds = clock_now() - t0;
    return plan;
}
