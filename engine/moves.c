/* moves.c - local moves that improve an integer plan of the model (moves_improve) */
#include "moves.h"

#include "model_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

/* One case of weight w from column from_col, at pair from, to column to_col, at
 * pair to. */
static void move_case(double *x, double *load, int from_col, int from, int to_col, int to,
                      double w)
{
    x[from_col] -= 1;
    x[to_col] += 1;
    load[from] -= w;
    load[to] += w;
}

static double peak_of(const model *m, const double *x, const double *load, int *top);

/* A keep column at pair of pool q that holds at least one item in x and whose
 * owner may hand one on (max_cases_out), or -1: the one whose items save least
 * (its class in *cls when cls is not NULL). */
static int kept_at_class(const model *m, const double *x, int q, int pair, int *cls)
{
    int best = -1, best_g = -1;
    for (int k = m->pair_keeps_first[pair]; k < m->pair_keeps_first[pair + 1]; k++) {
        int g = m->pair_keeps[k];
        const mclass *cl = &m->classes[g];
        if (cl->pool != q || (best_g >= 0 && cl->save >= m->classes[best_g].save))
            continue;
        for (int f = cl->k_first; f < cl->k_first + cl->k_count; f++)
            if (m->keep[f].pair == pair && x[m->keep[f].col] > 0.5 &&
                model_may_hand_own(m, x, g, pair)) {
                best = m->keep[f].col;
                best_g = g;
            }
    }
    if (cls)
        *cls = best_g;
    return best;
}

static int kept_at(const model *m, const double *x, int q, int pair)
{
    return kept_at_class(m, x, q, pair, NULL);
}

/* Peak shaving: move one case at a time off the most loaded caseworker to the
 * eligible one who ends least loaded, while that lowers the peak and it is above
 * target. Surplus cases go first; kept ones only when no surplus case helps. */
static void shave_peak(const model *m, double *x, double *load, const int *take_at,
                       double target, double deadline)
{
    for (long iter = 0; iter < 10L * m->n_cases + 1000 && clock_now() < deadline; iter++) {
        int top = -1;
        for (int p = 0; p < m->n_pairs; p++)
            if (x[m->pairs[p].y] > 0.5 &&
                (top < 0 || load[p] / m->pairs[p].cap > load[top] / m->pairs[top].cap + 1e-12))
                top = p;
        if (top < 0 || load[top] / m->pairs[top].cap <= target + 1e-9)
            return;
        double peak = load[top] / m->pairs[top].cap;
        int from_col = -1, to = -1, to_pair = -1;
        double to_u = peak, w = 0;
        for (int pass = 0; pass < 2 && from_col < 0; pass++)
            for (int q = 0; q < m->n_pools; q++) {
                int col = -1;
                if (pass == 0) {
                    col = take_at[(size_t)q * (size_t)m->n_pairs + (size_t)top];
                } else {
                    col = kept_at(m, x, q, top);
                }
                if (col < 0 || x[col] < 0.5)
                    continue;
                for (int r = 0; r < m->n_pairs; r++) {
                    int rcol = take_at[(size_t)q * (size_t)m->n_pairs + (size_t)r];
                    if (rcol < 0 || r == top || x[m->pairs[r].y] < 0.5)
                        continue;
                    double u = (load[r] + m->pools[q].weight) / m->pairs[r].cap;
                    if (u < to_u - 1e-9) {
                        to_u = u;
                        to = rcol;
                        to_pair = r;
                        w = m->pools[q].weight;
                        from_col = col;
                    }
                }
            }
        if (from_col < 0)
            return;
        move_case(x, load, from_col, top, to, to_pair, w);
    }
}

/* A case of pool q that pair p may hand on: one it takes (kind 0: no change of
 * caseworker) or one of its own (kind 1: one more). Its column, or -1. */
static int case_to_hand(const model *m, const double *x, int q, int p, int kind)
{
    if (kind == 1)
        return kept_at(m, x, q, p);
    int col = m->take_at[(size_t)q * (size_t)m->n_pairs + (size_t)p];
    return col >= 0 && x[col] > 0.5 ? col : -1;
}

static bool may_take(const model *m, const double *load, const double *top_u, int p, double w);

/* For each pool its two placed takers that would end least loaded by one more
 * case (-1 when there are fewer); with top_u, only those who may_take it. */
static void best_takers(const model *m, const double *x, const double *load, const int *take_at,
                        const double *top_u, int *best)
{
    for (int q = 0; q < m->n_pools; q++) {
        int *b = &best[2 * q];
        b[0] = b[1] = -1;
        double w = m->pools[q].weight, u0 = LP_INF, u1 = LP_INF;
        for (int p = 0; p < m->n_pairs; p++) {
            if (take_at[(size_t)q * (size_t)m->n_pairs + (size_t)p] < 0 || x[m->pairs[p].y] < 0.5 ||
                (top_u && !may_take(m, load, top_u, p, w)))
                continue;
            double u = (load[p] + w) / m->pairs[p].cap;
            if (u < u0) {
                b[1] = b[0], u1 = u0;
                b[0] = p, u0 = u;
            } else if (u < u1) {
                b[1] = p, u1 = u;
            }
        }
    }
}

/* A chain of handovers that lowers the top caseworker: the top hands a case to
 * a colleague, who (unless it fits them) hands one of theirs on to a third. */
typedef struct {
    int rank;       /* 2 × changes of caseworker it adds, + 1 when it costs a change
                     * and the load stays in the top's department */
    double u;       /* the higher utilisation of those who receive */
    int from1, to1; /* columns: the top's case, and where it goes */
    int from2, to2; /* the colleague's case and where it goes, or -1 */
    int p1, p2;     /* the colleague's pair and the third one's */
    double w1, w2;
} chain;

static void take_chain(chain *c, const chain *cand, double peak)
{
    if (cand->u < peak - 1e-9 &&
        (cand->rank < c->rank || (cand->rank == c->rank && cand->u < c->u - 1e-9)))
        *c = *cand;
}

/* Peak shaving by chains of handovers, where shave_peak found no single move
 * that helps: in a department full to its last point a case of the top fits
 * nowhere, but a colleague can pass one of theirs on to another department
 * that serves it. Cheapest in changes of caseworker first, and of those the
 * ones that take load out of the top's department: moving a kept case within
 * it only shifts the excess. */
static void shave_by_chains(const model *m, double *x, double *load, const int *take_at,
                            double target, double deadline)
{
    size_t n_pairs = (size_t)m->n_pairs;
    int *best = malloc(((size_t)m->n_pools * 2 + 1) * sizeof(int));
    if (!best)
        return;
    for (long iter = 0; iter < m->n_cases + 100L && clock_now() < deadline; iter++) {
        int top;
        double peak = peak_of(m, x, load, &top);
        if (top < 0 || peak <= target + 1e-9)
            break;
        int dep = m->pairs[top].dep;
        best_takers(m, x, load, take_at, NULL, best);
        chain c = {.rank = 5, .u = peak};
        for (int q1 = 0; q1 < m->n_pools; q1++)
            for (int k1 = 0; k1 < 2; k1++) {
                int from1 = case_to_hand(m, x, q1, top, k1);
                double w1 = m->pools[q1].weight;
                for (int r = 0; r < m->n_pairs && from1 >= 0; r++) {
                    int to1 = take_at[(size_t)q1 * n_pairs + (size_t)r];
                    if (to1 < 0 || r == top || x[m->pairs[r].y] < 0.5)
                        continue;
                    chain one = {2 * k1 + (k1 > 0 && m->pairs[r].dep == dep),
                                 (load[r] + w1) / m->pairs[r].cap,
                                 from1,
                                 to1,
                                 -1,
                                 -1,
                                 r,
                                 -1,
                                 w1,
                                 0};
                    take_chain(&c, &one, peak);
                    for (int q2 = 0; q2 < m->n_pools; q2++) {
                        int r2 = best[2 * q2] == r || best[2 * q2] == top ? best[2 * q2 + 1]
                                                                          : best[2 * q2];
                        if (r2 < 0 || r2 == r || r2 == top)
                            continue;
                        double w2 = m->pools[q2].weight;
                        for (int k2 = 0; k2 < 2 && 2 * (k1 + k2) <= c.rank; k2++) {
                            int from2 = case_to_hand(m, x, q2, r, k2);
                            if (from2 < 0)
                                continue;
                            chain two = {2 * (k1 + k2) + (k1 + k2 > 0 && m->pairs[r2].dep == dep),
                                         fmax((load[r] + w1 - w2) / m->pairs[r].cap,
                                              (load[r2] + w2) / m->pairs[r2].cap),
                                         from1,
                                         to1,
                                         from2,
                                         take_at[(size_t)q2 * n_pairs + (size_t)r2],
                                         r,
                                         r2,
                                         w1,
                                         w2};
                            take_chain(&c, &two, peak);
                        }
                    }
                }
            }
        if (c.rank > 4)
            break;
        move_case(x, load, c.from1, top, c.to1, c.p1, c.w1);
        if (c.from2 >= 0) {
            move_case(x, load, c.from2, c.p1, c.to2, c.p2, c.w2);
        }
    }
    free(best);
}

static double over(double load, double cap) { return load > cap ? load - cap : 0; }

/* Move cases from caseworkers above their cap to ones below it, surplus cases
 * first, while the total points above caps falls and no one passes the peak. */
static void shave_overload(const model *m, double *x, double *load, const int *take_at,
                           double deadline)
{
    double lb, peak, cost;
    bool integer;
    lp_col(m->lp, m->col_peak, &lb, &peak, &cost, &integer);
    for (bool moved = true; moved && clock_now() < deadline;) {
        moved = false;
        for (int t = 0; t < m->n_pairs; t++) {
            double ct = m->pairs[t].cap;
            if (x[m->pairs[t].y] < 0.5 || load[t] <= ct + 1e-9)
                continue;
            for (int pass = 0; pass < 2; pass++)
                for (int q = 0; q < m->n_pools; q++) {
                    int col = -1;
                    if (pass == 0)
                        col = take_at[(size_t)q * (size_t)m->n_pairs + (size_t)t];
                    if (pass == 1)
                        col = kept_at(m, x, q, t);
                    double w = m->pools[q].weight;
                    for (int r = 0; col >= 0 && r < m->n_pairs && x[col] > 0.5 && load[t] > ct + 1e-9; r++) {
                        int rcol = take_at[(size_t)q * (size_t)m->n_pairs + (size_t)r];
                        double cr = m->pairs[r].cap;
                        if (rcol < 0 || r == t || x[m->pairs[r].y] < 0.5 || load[r] >= cr - 1e-9 ||
                            (load[r] + w) / cr > peak)
                            continue;
                        double gain = over(load[t], ct) - over(load[t] - w, ct) -
                                      (over(load[r] + w, cr) - over(load[r], cr));
                        if (gain <= 1e-9)
                            continue;
                        move_case(x, load, col, t, rcol, r, w);
                        moved = true;
                    }
                }
        }
    }
}

/* Return surplus cases to their own caseworker, where that keeps them within
 * the peak and adds no overload in all: each return is one change less. */
static void return_cases(const model *m, double *x, double *load, const int *take_at,
                         double deadline)
{
    double lb, peak, cost;
    bool integer;
    lp_col(m->lp, m->col_peak, &lb, &peak, &cost, &integer);
    for (int g = 0; g < m->n_classes && clock_now() < deadline; g++) {
        const mclass *cl = &m->classes[g];
        if (cl->pool < 0 || (cl->group >= 0 && model_group_kept(m, x, g)))
            continue; /* a household split today goes back to one of its caseworkers */
        for (int k = cl->k_first; k < cl->k_first + cl->k_count; k++) {
            int home = m->keep[k].pair, kcol = m->keep[k].col;
            if (x[m->pairs[home].y] < 0.5)
                continue;
            const int *row = take_at + (size_t)cl->pool * (size_t)m->n_pairs;
            double w = cl->weight, c = m->pairs[home].cap;
            /* first the ones the owner holds as surplus of the same pool */
            for (; row[home] >= 0 && x[row[home]] > 0.5 && x[kcol] < cl->n - 0.5;) {
                x[row[home]] -= 1;
                x[kcol] += 1;
            }
            for (int r = 0; r < m->n_pairs && x[kcol] < cl->n - 0.5; r++) {
                double cr = m->pairs[r].cap;
                while (row[r] >= 0 && r != home && x[row[r]] > 0.5 && x[kcol] < cl->n - 0.5 &&
                       (load[home] + w) / c <= peak &&
                       over(load[home] + w, c) - over(load[home], c) <=
                           over(load[r], cr) - over(load[r] - w, cr) + 1e-9) {
                    move_case(x, load, row[r], r, kcol, home, w);
                }
            }
        }
    }
}

/* Cases that change caseworker in x (their costs, where costs are weighted). */
static double moves(const model *m, const double *x)
{
    double kept = 0;
    for (int g = 0; g < m->n_classes; g++)
        for (int k = m->classes[g].k_first; k < m->classes[g].k_first + m->classes[g].k_count; k++)
            kept += m->classes[g].save * x[m->keep[k].col];
    return m->total_cost - kept;
}

/* Who, taking one case of pool q off pair t, ends lowest below *best_u (then
 * lowered to it): a placed pair within the cap, in t's department or else no
 * higher than its own department's top (top: each department's top pair).
 * That pair, or -1. */
static int lowest_taker(const model *m, const double *x, const double *load, const int *top, int t,
                        int q, double *best_u)
{
    const int *row = m->take_at + (size_t)q * (size_t)m->n_pairs;
    int best = -1;
    for (int r = 0; r < m->n_pairs; r++) {
        if (row[r] < 0 || r == t || x[m->pairs[r].y] < 0.5)
            continue;
        int rd = m->pairs[r].dep;
        double u = (load[r] + m->pools[q].weight) / m->pairs[r].cap;
        double r_top = load[top[rd]] / m->pairs[top[rd]].cap;
        if (u <= 1 + 1e-9 && u < *best_u - 1e-9 && (rd == m->pairs[t].dep || u <= r_top + 1e-12)) {
            *best_u = u;
            best = r;
        }
    }
    return best;
}

/* Department tops: move surplus cases off the most loaded caseworker of a
 * department to one who ends lower and stays within the cap and their own
 * department's top; kept cases too while the plan has fewer changes of
 * caseworker than the level fixed before allows (the balance level's start
 * can keep more cases than the moved level's plan did, and those spare changes
 * may lower a top that surplus cases alone cannot). */
static void shave_tops(const model *m, double *x, double *load, double deadline)
{
    int n_dep = m->s->n_departments;
    int *top = malloc(((size_t)n_dep + 1) * sizeof(int));
    if (!top)
        return;
    double spare = m->moved < 0              ? 0
                   : scenario_weighted(m->s) ? m->moved - moves(m, x) + 1e-9
                                             : floor(m->moved + 0.5 - moves(m, x));
    for (long iter = 0; iter < 10L * m->n_cases + 1000 && clock_now() < deadline; iter++) {
        for (int d = 0; d < n_dep; d++)
            top[d] = -1;
        for (int p = 0; p < m->n_pairs; p++) {
            int d = m->pairs[p].dep;
            if (x[m->pairs[p].y] > 0.5 &&
                (top[d] < 0 || load[p] / m->pairs[p].cap > load[top[d]] / m->pairs[top[d]].cap + 1e-12))
                top[d] = p;
        }
        bool moved = false;
        for (int d = 0; d < n_dep && !moved; d++) {
            int t = top[d];
            if (t < 0)
                continue;
            double best_u = load[t] / m->pairs[t].cap;
            int from = -1, to = -1, pool = -1;
            for (int q = 0; q < m->n_pools; q++) {
                int col = m->take_at[(size_t)q * (size_t)m->n_pairs + (size_t)t];
                int r =
                    col >= 0 && x[col] > 0.5 ? lowest_taker(m, x, load, top, t, q, &best_u) : -1;
                if (r >= 0)
                    from = col, to = r, pool = q;
            }
            double kept = 0; /* what handing on a kept item costs */
            for (int k = m->pair_keeps_first[t];
                 from < 0 && spare >= 1e-9 && k < m->pair_keeps_first[t + 1]; k++) {
                int q = m->classes[m->pair_keeps[k]].pool, g = -1;
                int col = q >= 0 ? kept_at_class(m, x, q, t, &g) : -1;
                int r = col >= 0 && m->classes[g].save <= spare
                            ? lowest_taker(m, x, load, top, t, q, &best_u)
                            : -1;
                if (r >= 0)
                    from = col, to = r, pool = q, kept = m->classes[g].save;
            }
            if (from >= 0) {
                double w = m->pools[pool].weight;
                move_case(x, load, from, t, m->take_at[(size_t)pool * (size_t)m->n_pairs + (size_t)to], to, w);
                spare -= kept;
                moved = true;
            }
        }
        if (!moved)
            break;
    }
    free(top);
}

/* Each department's highest utilisation in x (0 when empty), and its pair. */
static void dep_tops(const model *m, const double *x, const double *load, double *top_u,
                     int *top)
{
    for (int d = 0; d < m->s->n_departments; d++) {
        top_u[d] = 0;
        top[d] = -1;
    }
    for (int p = 0; p < m->n_pairs; p++) {
        int d = m->pairs[p].dep;
        double u = load[p] / m->pairs[p].cap;
        if (x[m->pairs[p].y] > 0.5 && (top[d] < 0 || u > top_u[d] + 1e-12)) {
            top_u[d] = u;
            top[d] = p;
        }
    }
}

/* Whether pair p may take w more points within the peak fixed before and
 * without new overload where the overload is fixed. */
static bool within_fixed(const model *m, const double *load, int p, double w)
{
    double c = m->pairs[p].cap;
    return (load[p] + w) / c <= (m->peak > 0 ? m->peak : LP_INF) &&
           (m->over_row < 0 || over(load[p] + w, c) <= over(load[p], c) + 1e-9);
}

/* Whether pair p may take w more points: within the peak fixed before, no new
 * overload where the overload is fixed, and not above its department's top
 * (strictly when it is not the department's top itself). */
static bool may_take(const model *m, const double *load, const double *top_u, int p, double w)
{
    return within_fixed(m, load, p, w) &&
           (load[p] + w) / m->pairs[p].cap < top_u[m->pairs[p].dep] - 1e-9;
}

/* Move one case of pool q from pair from to pair to. */
static void pass_case(const model *m, double *x, double *load, const int *take_at, int q, int from,
                      int to)
{
    const int *row = take_at + (size_t)q * (size_t)m->n_pairs;
    move_case(x, load, row[from], from, row[to], to, m->pools[q].weight);
}

/* A taken case at pair home that someone else (not avoid) may take: its pool,
 * and *to the taker, or -1. */
static int pass_on(const model *m, const double *x, const double *load, const int *take_at,
                   const double *top_u, int home, int avoid, int *to)
{
    for (int q = 0; q < m->n_pools; q++) {
        const int *row = take_at + (size_t)q * (size_t)m->n_pairs;
        if (row[home] < 0 || x[row[home]] < 0.5)
            continue;
        for (int r = 0; r < m->n_pairs; r++)
            if (row[r] >= 0 && r != home && r != avoid && x[m->pairs[r].y] > 0.5 &&
                may_take(m, load, top_u, r, m->pools[q].weight)) {
                *to = r;
                return q;
            }
    }
    return -1;
}

/* One surplus case back to its owner (not at pair avoid): where the owner has
 * room below their department's top, or makes room by passing a case they took
 * to someone who has. One change of caseworker less; no top rises. */
static bool return_one(const model *m, double *x, double *load, const int *take_at,
                       const double *top_u, int avoid)
{
    for (int g = 0; g < m->n_classes; g++) {
        const mclass *o = &m->classes[g];
        if (o->pool < 0 || (o->group >= 0 && model_group_kept(m, x, g)))
            continue;
        const int *row = take_at + (size_t)o->pool * (size_t)m->n_pairs;
        for (int f = o->k_first; f < o->k_first + o->k_count; f++) {
            int home = m->keep[f].pair, holder = -1;
            if (home == avoid || x[m->pairs[home].y] < 0.5 || x[m->keep[f].col] > o->n - 0.5)
                continue;
            for (int q = 0; q < m->n_pairs && holder < 0; q++)
                if (row[q] >= 0 && q != home && x[row[q]] > 0.5)
                    holder = q;
            if (holder < 0)
                continue;
            int pool2 = -1, to = -1;
            if (!may_take(m, load, top_u, home, o->weight)) {
                pool2 = pass_on(m, x, load, take_at, top_u, home, avoid, &to);
                if (pool2 < 0 || !may_take(m, load, top_u, home,
                                           o->weight - m->pools[pool2].weight))
                    continue;
                pass_case(m, x, load, take_at, pool2, home, to);
            }
            move_case(x, load, row[holder], holder, m->keep[f].col, home, o->weight);
            return true;
        }
    }
    return false;
}

/* The sum of the department tops in x; top_u and top as dep_tops leaves them. */
static double sum_tops(const model *m, const double *x, const double *load, double *top_u, int *top)
{
    dep_tops(m, x, load, top_u, top);
    double sum = 0;
    for (int d = 0; d < m->s->n_departments; d++)
        sum += top_u[d];
    return sum;
}

/* Department tops by swaps that keep the number of changes: the top caseworker
 * hands one of their own cases to a colleague below them, and elsewhere a surplus
 * case goes back to its owner. The return may raise another department's top by
 * less than this one's falls (with every other top held, the owner who could
 * take the case back is often at their own department's top, and a top stays
 * points above what a swap could bring it to); the sum of the tops never
 * rises. A swap costs a pass over every class: at most one per
 * caseworker-department pair. */
static void swap_tops(const model *m, double *x, double *load, const int *take_at,
                      double deadline)
{
    int n_dep = m->s->n_departments;
    size_t cols = (size_t)lp_cols(m->lp);
    double *top_u = malloc(((size_t)n_dep + 1) * sizeof(double));
    double *after = malloc(((size_t)n_dep + 1) * sizeof(double));
    double *limit = malloc(((size_t)n_dep + 1) * sizeof(double));
    int *top = malloc(((size_t)n_dep + 1) * sizeof(int));
    int *after_top = malloc(((size_t)n_dep + 1) * sizeof(int));
    double *x0 = malloc((cols + 1) * sizeof(double));
    double *load0 = malloc(((size_t)m->n_pairs + 1) * sizeof(double));
    if (!top_u || !after || !limit || !top || !after_top || !x0 || !load0)
        goto out;
    for (int iter = 0; iter < m->n_pairs && clock_now() < deadline; iter++) {
        double sum = sum_tops(m, x, load, top_u, top);
        bool swapped = false;
        for (int d = 0; d < n_dep && !swapped; d++) {
            int t = top[d];
            if (t < 0)
                continue;
            for (int k = m->pair_keeps_first[t]; k < m->pair_keeps_first[t + 1] && !swapped; k++) {
                const mclass *cl = &m->classes[m->pair_keeps[k]];
                int kcol = -1;
                for (int f = cl->k_first; f < cl->k_first + cl->k_count; f++)
                    kcol = m->keep[f].pair == t ? m->keep[f].col : kcol;
                if (cl->pool < 0 || kcol < 0 || x[kcol] < 0.5 ||
                    !model_may_hand_own(m, x, m->pair_keeps[k], t))
                    continue;
                /* the shed: to whoever ends lowest, below t */
                const int *row = take_at + (size_t)cl->pool * (size_t)m->n_pairs;
                int r = -1;
                double w = cl->weight, best = load[t] / m->pairs[t].cap - 1e-9;
                for (int q = 0; q < m->n_pairs; q++) {
                    double u = (load[q] + w) / m->pairs[q].cap;
                    if (row[q] >= 0 && q != t && x[m->pairs[q].y] > 0.5 && u < best &&
                        (m->pairs[q].dep == d || may_take(m, load, top_u, q, w))) {
                        best = u;
                        r = q;
                    }
                }
                if (r < 0)
                    continue;
                memcpy(x0, x, cols * sizeof(double));
                memcpy(load0, load, (size_t)m->n_pairs * sizeof(double));
                move_case(x, load, kcol, t, row[r], r, w);
                dep_tops(m, x, load, after, after_top);
                for (int e = 0; e < n_dep; e++)
                    limit[e] = e == d ? top_u[e] : top_u[e] + (top_u[d] - after[d]);
                if (return_one(m, x, load, take_at, limit, t) &&
                    sum_tops(m, x, load, after, after_top) <= sum + 1e-12) {
                    swapped = true;
                    continue;
                }
                memcpy(x, x0, cols * sizeof(double)); /* no return that pays: undo */
                memcpy(load, load0, (size_t)m->n_pairs * sizeof(double));
            }
        }
        if (!swapped)
            break;
    }
out:
    free(top_u);
    free(after);
    free(limit);
    free(top);
    free(after_top);
    free(x0);
    free(load0);
}

/* One step down for department d's top: every caseworker at it hands on one
 * case (one they took when they can, else one of their own) to whoever ends
 * lowest: below the top in d, below their own department's top elsewhere.
 * Adds the changes of caseworker this makes to *added; false when one of them
 * has nothing to hand on. */
static bool step_down(const model *m, double *x, double *load, double *top_u, int *top, int d,
                      int *added)
{
    dep_tops(m, x, load, top_u, top);
    double u_top = top_u[d];
    if (top[d] < 0)
        return false;
    for (int p = 0; p < m->n_pairs; p++) {
        if (m->pairs[p].dep != d || x[m->pairs[p].y] < 0.5 ||
            load[p] / m->pairs[p].cap < u_top - 1e-9)
            continue;
        int from = -1, to = -1, pool = -1;
        for (int kind = 0; kind < 2 && from < 0; kind++) {
            double best = LP_INF;
            for (int q = 0; q < m->n_pools; q++) {
                int col = case_to_hand(m, x, q, p, kind);
                const int *row = m->take_at + (size_t)q * (size_t)m->n_pairs;
                double w = m->pools[q].weight;
                for (int r = 0; col >= 0 && r < m->n_pairs; r++) {
                    double u = (load[r] + w) / m->pairs[r].cap;
                    if (row[r] < 0 || r == p || x[m->pairs[r].y] < 0.5 || u >= best)
                        continue;
                    if (m->pairs[r].dep == d ? u < u_top - 1e-9 && within_fixed(m, load, r, w)
                                             : may_take(m, load, top_u, r, w)) {
                        best = u;
                        from = col;
                        to = r;
                        pool = q;
                    }
                }
            }
            *added += from >= 0 && kind == 1;
        }
        if (from < 0)
            return false;
        double w = m->pools[pool].weight;
        move_case(x, load, from, p, m->take_at[(size_t)pool * (size_t)m->n_pairs + (size_t)to], to, w);
    }
    return true;
}

/* Scratch for return_cheapest: department tops, and per pool its fullest holder
 * and its two best takers. */
typedef struct {
    double *top_u;
    int *top, *holder, *taker;
} return_scratch;

static bool return_scratch_init(const model *m, return_scratch *r)
{
    r->top_u = malloc(((size_t)m->s->n_departments + 1) * sizeof(double));
    r->top = malloc(((size_t)m->s->n_departments + 1) * sizeof(int));
    r->holder = malloc(((size_t)m->n_pools + 1) * sizeof(int));
    r->taker = malloc((2 * (size_t)m->n_pools + 1) * sizeof(int));
    return r->top_u && r->top && r->holder && r->taker;
}

static void return_scratch_free(return_scratch *r)
{
    free(r->top_u);
    free(r->top);
    free(r->holder);
    free(r->taker);
}

/* One surplus case back to its owner where that raises the sum of the
 * department tops least, by max_raise at most. The owner may first pass on a
 * case they took, to one of the two placed caseworkers who may take it
 * (best_takers) and end lowest; the case comes from the owner themself when
 * they hold one of its pool (no load changes), else from its fullest holder.
 * One change of caseworker less; false when no owner can take one back so,
 * within the peak and the overload fixed before. */
static bool return_cheapest(const model *m, double *x, double *load, return_scratch *sc,
                            double max_raise)
{
    size_t n_pairs = (size_t)m->n_pairs;
    double *top_u = sc->top_u;
    int *holder = sc->holder, *taker = sc->taker;
    dep_tops(m, x, load, top_u, sc->top);
    best_takers(m, x, load, m->take_at, top_u, taker);
    for (int q = 0; q < m->n_pools; q++) {
        const int *row = m->take_at + (size_t)q * n_pairs;
        holder[q] = -1;
        for (int r = 0; r < m->n_pairs; r++)
            if (row[r] >= 0 && x[m->pairs[r].y] > 0.5 && x[row[r]] > 0.5 &&
                (holder[q] < 0 ||
                 load[r] / m->pairs[r].cap > load[holder[q]] / m->pairs[holder[q]].cap))
                holder[q] = r;
    }
    int best_g = -1, best_col = -1, best_home = -1, best_from = -1, best_pass = -1, best_to = -1;
    double best_raise = LP_INF;
    for (int g = 0; g < m->n_classes; g++) {
        const mclass *o = &m->classes[g];
        if (o->pool < 0 || holder[o->pool] < 0 || (o->group >= 0 && model_group_kept(m, x, g)))
            continue;
        double kept = 0;
        int col = -1, home = -1;
        for (int f = o->k_first; f < o->k_first + o->k_count; f++) {
            kept += x[m->keep[f].col];
            if (x[m->pairs[m->keep[f].pair].y] > 0.5) {
                col = m->keep[f].col;
                home = m->keep[f].pair;
            }
        }
        if (col < 0 || kept > o->n - 0.5)
            continue;
        int own = m->take_at[(size_t)o->pool * n_pairs + (size_t)home];
        int from = own >= 0 && x[own] > 0.5 ? home : holder[o->pool];
        double w = from == home ? 0 : o->weight, c = m->pairs[home].cap;
        double top_h = top_u[m->pairs[home].dep];
        /* q == -1: no pass; else pass a case of pool q the owner took */
        for (int q = -1; q < m->n_pools; q++) {
            int to = -1;
            double w_pass = 0;
            if (q >= 0) {
                int pcol = m->take_at[(size_t)q * n_pairs + (size_t)home];
                if (pcol < 0 || x[pcol] < 0.5 || from == home)
                    continue;
                to = taker[2 * q] != home ? taker[2 * q] : taker[2 * q + 1];
                w_pass = m->pools[q].weight;
                if (to < 0 || to == from)
                    continue;
            }
            if (!within_fixed(m, load, home, w - w_pass))
                continue;
            double raise = fmax(0, (load[home] + w - w_pass) / c - top_h);
            if (raise <= max_raise && raise < best_raise - 1e-12) {
                best_raise = raise;
                best_g = g;
                best_col = col;
                best_home = home;
                best_from = from;
                best_pass = q;
                best_to = to;
            }
        }
    }
    if (best_g < 0)
        return false;
    const mclass *o = &m->classes[best_g];
    if (best_pass >= 0)
        pass_case(m, x, load, m->take_at, best_pass, best_home, best_to);
    move_case(x, load, m->take_at[(size_t)o->pool * n_pairs + (size_t)best_from], best_from, best_col, best_home, o->weight);
    return true;
}

/* Department tops by trades, for what swap_tops cannot do: lower a top that
 * several caseworkers share, or pay for the one return that raises another
 * department's top with the many returns that then fit under it. Step d's top
 * down (step_down) one to twelve times; as many surplus cases as that moved
 * go back to their owners where they raise the tops least (return_cheapest);
 * the depth that lowers the sum of the tops most is kept. The number of
 * changes of caseworker stays. */
static void lower_tops(const model *m, double *x, double *load, double deadline)
{
    enum { MAX_STEPS = 12 };
    int n_dep = m->s->n_departments;
    size_t cols = (size_t)lp_cols(m->lp), pairs = (size_t)m->n_pairs;
    return_scratch sc;
    bool ready = return_scratch_init(m, &sc);
    double *top_u = sc.top_u;
    int *top = sc.top;
    double *xs = malloc((cols + 1) * sizeof(double)), *xw = malloc((cols + 1) * sizeof(double));
    double *ls = malloc((pairs + 1) * sizeof(double)), *lw = malloc((pairs + 1) * sizeof(double));
    if (!ready || !xs || !xw || !ls || !lw)
        goto out;
    for (bool lowered = true; lowered && clock_now() < deadline;) {
        lowered = false;
        for (int d = 0; d < n_dep && clock_now() < deadline; d++) {
            double best = sum_tops(m, x, load, top_u, top) - 1e-9;
            memcpy(xs, x, cols * sizeof(double)); /* the steps down, without returns */
            memcpy(ls, load, pairs * sizeof(double));
            int added = 0;
            for (int step = 0; step < MAX_STEPS && step_down(m, xs, ls, top_u, top, d, &added);
                 step++) {
                memcpy(xw, xs, cols * sizeof(double));
                memcpy(lw, ls, pairs * sizeof(double));
                int back = 0;
                while (back < added && return_cheapest(m, xw, lw, &sc, LP_INF))
                    back++;
                if (back < added)
                    break;
                double sum = sum_tops(m, xw, lw, top_u, top);
                if (sum < best) {
                    best = sum;
                    memcpy(x, xw, cols * sizeof(double));
                    memcpy(load, lw, pairs * sizeof(double));
                    lowered = true;
                }
            }
        }
    }
out:
    return_scratch_free(&sc);
    free(xs);
    free(xw);
    free(ls);
    free(lw);
}

static double peak_of(const model *m, const double *x, const double *load, int *top)
{
    double peak = 0;
    *top = -1;
    for (int p = 0; p < m->n_pairs; p++)
        if (x[m->pairs[p].y] > 0.5 && load[p] / m->pairs[p].cap > peak + 1e-12) {
            peak = load[p] / m->pairs[p].cap;
            *top = p;
        }
    return peak;
}

/* Move caseworker of pair from to pair to (same person, another department):
 * kept cases follow where the new department serves them, the rest go to
 * whoever ends least loaded. Returns -1 when that breaks FTE bounds or finds
 * no taker. */
static int move_person(const model *m, double *x, double *load, const int *take_at, int from,
                       int to, int *choice)
{
    const om_scenario *s = m->s;
    int staff = m->pairs[from].staff;
    const om_department *dnew = &s->departments[m->pairs[to].dep];
    const om_department *dold = &s->departments[m->pairs[from].dep];
    double fte_new = 0, fte_old = 0;
    for (int p = 0; p < m->n_pairs; p++)
        if (x[m->pairs[p].y] > 0.5) {
            fte_new += m->pairs[p].dep == m->pairs[to].dep ? s->staff[m->pairs[p].staff].fte : 0;
            fte_old += m->pairs[p].dep == m->pairs[from].dep ? s->staff[m->pairs[p].staff].fte : 0;
        }
    double f = s->staff[staff].fte;
    if (lp_col_lb(m->lp, m->pairs[from].y) > 0.5 || lp_col_ub(m->lp, m->pairs[to].y) < 0.5)
        return -1; /* held where they are: balance holds every placement */
    if ((dnew->max_fte >= 0 && fte_new + f > dnew->max_fte + 1e-9) || fte_old - f < dold->min_fte - 1e-9)
        return -1;
    if (m->pair_own[to] < m->keep_need[staff]) /* max_cases_out cannot hold there */
        return -1;
    long *left = calloc((size_t)m->n_pools + 1, sizeof(long));
    if (!left)
        return -1;
    x[m->pairs[from].y] = 0;
    x[m->pairs[to].y] = 1;
    choice[staff] = to;
    for (int g = 0; g < m->n_classes; g++) {
        const mclass *cl = &m->classes[g];
        if (cl->owner != staff)
            continue;
        int kold = -1, knew = -1;
        for (int k = cl->k_first; k < cl->k_first + cl->k_count; k++) {
            kold = m->keep[k].pair == from ? m->keep[k].col : kold;
            knew = m->keep[k].pair == to ? m->keep[k].col : knew;
        }
        if (kold < 0)
            continue;
        if (knew >= 0)
            x[knew] = x[kold];
        else if (cl->pinned)
            goto fail;
        else
            left[cl->pool] += (long)x[kold];
        x[kold] = 0;
    }
    double kept = 0;
    for (int g = 0; g < m->n_classes; g++)
        for (int k = m->classes[g].k_first;
             m->classes[g].owner == staff && k < m->classes[g].k_first + m->classes[g].k_count; k++)
            kept += m->keep[k].pair == to ? m->classes[g].stay * x[m->keep[k].col] : 0;
    if (kept < m->keep_need[staff] - 1e-9)
        goto fail;
    for (int q = 0; q < m->n_pools; q++) {
        int cold = take_at[(size_t)q * (size_t)m->n_pairs + (size_t)from];
        if (cold >= 0) {
            left[q] += (long)x[cold];
            x[cold] = 0;
        }
    }
    model_pair_loads(m, x, load);
    for (int q = 0; q < m->n_pools; q++)
        if (model_fill_pool(m, q, left[q], choice, load, x) < 0)
            goto fail;
    free(left);
    return 0;
fail:
    free(left);
    return -1;
}

/* How many of their own cases the caseworker of pair from keeps in x and could
 * not keep at pair to: what moving them there costs continuity, at least. */
static double keeps_lost(const model *m, const double *x, int from, int to)
{
    double kept = 0, keepable = 0;
    for (int k = m->pair_keeps_first[from]; k < m->pair_keeps_first[from + 1]; k++) {
        const mclass *cl = &m->classes[m->pair_keeps[k]];
        for (int f = cl->k_first; f < cl->k_first + cl->k_count; f++)
            if (m->keep[f].pair == from)
                kept += x[m->keep[f].col];
    }
    for (int k = m->pair_keeps_first[to]; k < m->pair_keeps_first[to + 1]; k++)
        keepable += m->classes[m->pair_keeps[k]].n;
    return kept > keepable ? kept - keepable : 0;
}

/* Placement moves: bring one more caseworker into the department that holds
 * the peak, when that (after shaving) lowers the peak. A few candidates are
 * tried: the one that leaves both departments' average lowest first, or with
 * by_keeps the one who loses the fewest kept cases. */
static void move_people(const model *m, double *x, double *load, const int *take_at,
                        bool by_keeps, double target, double deadline)
{
    int cols = lp_cols(m->lp);
    double *tx = malloc(((size_t)cols + 1) * sizeof(double));
    double *tload = malloc(((size_t)m->n_pairs + 1) * sizeof(double));
    int *choice = malloc(((size_t)m->s->n_staff + 1) * sizeof(int));
    bool *tried = calloc((size_t)m->n_pairs + 1, sizeof(bool));
    double *dpoints = malloc(((size_t)m->s->n_departments + 1) * sizeof(double));
    double *dcap = malloc(((size_t)m->s->n_departments + 1) * sizeof(double));
    if (!tx || !tload || !choice || !tried || !dpoints || !dcap)
        goto out;
    for (int round = 0; round < 4 * m->s->n_departments + 8 && clock_now() < deadline; round++) {
        int top;
        double peak = peak_of(m, x, load, &top);
        if (top < 0 || peak <= target + 1e-9)
            break;
        int dep = m->pairs[top].dep;
        bool better = false;
        for (int p = 0; p < m->n_pairs; p++)
            tried[p] = false;
        /* departments' points and capacity, to score each candidate move by
         * the higher of the two departments' average utilisation after it */
        int n_dep = m->s->n_departments;
        for (int d = 0; d < n_dep; d++)
            dpoints[d] = dcap[d] = 0;
        for (int p = 0; p < m->n_pairs; p++)
            if (x[m->pairs[p].y] > 0.5) {
                dpoints[m->pairs[p].dep] += load[p];
                dcap[m->pairs[p].dep] += m->pairs[p].cap;
            }
        for (int attempt = 0; attempt < 6 && !better; attempt++) {
            int from = -1, to = -1;
            double best_score = 0;
            for (int p = 0; p < m->n_pairs; p++) {
                const mpair *pr = &m->pairs[p];
                if (pr->dep != dep || x[pr->y] > 0.5 || tried[p])
                    continue;
                bool useful = false;
                for (int q = 0; q < m->n_pools && !useful; q++)
                    useful = take_at[(size_t)q * (size_t)m->n_pairs + (size_t)p] >= 0 &&
                             take_at[(size_t)q * (size_t)m->n_pairs + (size_t)top] >= 0;
                int cur = -1;
                for (int r = m->pair_first[pr->staff]; r < m->pair_first[pr->staff] + m->pair_count[pr->staff]; r++)
                    cur = x[m->pairs[r].y] > 0.5 ? r : cur;
                if (!useful || cur < 0)
                    continue;
                int dd = m->pairs[cur].dep;
                double left = dcap[dd] - m->pairs[cur].cap;
                double donor = left > 1e-9 ? dpoints[dd] / left : LP_INF;
                double score = fmax(donor, dpoints[dep] / (dcap[dep] + pr->cap));
                if (by_keeps) /* continuity first, the averages break ties */
                    score += 1e3 * keeps_lost(m, x, cur, p);
                if (from < 0 || score < best_score - 1e-12) {
                    from = cur;
                    to = p;
                    best_score = score;
                }
            }
            if (from < 0)
                break;
            tried[to] = true;
            memcpy(tx, x, (size_t)cols * sizeof(double));
            memcpy(tload, load, (size_t)m->n_pairs * sizeof(double));
            for (int i = 0; i < m->s->n_staff; i++)
                choice[i] = -1;
            for (int r = 0; r < m->n_pairs; r++)
                if (tx[m->pairs[r].y] > 0.5)
                    choice[m->pairs[r].staff] = r;
            if (move_person(m, tx, tload, take_at, from, to, choice) < 0)
                continue;
            shave_peak(m, tx, tload, take_at, target, deadline);
            int t2;
            if (peak_of(m, tx, tload, &t2) < peak - 1e-9) {
                memcpy(x, tx, (size_t)cols * sizeof(double));
                memcpy(load, tload, (size_t)m->n_pairs * sizeof(double));
                better = true;
            }
        }
        if (!better)
            break;
    }
out:
    free(tx);
    free(tload);
    free(choice);
    free(tried);
    free(dpoints);
    free(dcap);
}

/* Continuity: surplus cases back to full owners who first pass on a case they
 * took (return_cheapest), one change of caseworker less each, until deadline;
 * where balance is fixed, only returns that raise no department's top. */
static void return_by_passing(const model *m, double *x, double *load, double deadline)
{
    return_scratch sc;
    if (return_scratch_init(m, &sc))
        while (clock_now() < deadline &&
               return_cheapest(m, x, load, &sc, m->balance_fixed ? 0 : LP_INF))
            ;
    return_scratch_free(&sc);
}

static void improve_once(const model *m, double *x, double *load, const int *take_at,
                         model_level level, bool by_keeps, double deadline)
{
    model_pair_loads(m, x, load);
    /* first back within the peak fixed before; on the peak level, down to 1:
     * nothing is gained below it */
    double target = level == LEVEL_PEAK ? 1 : m->peak > 0 ? m->peak : LP_INF;
    shave_peak(m, x, load, take_at, target, deadline);
    shave_by_chains(m, x, load, take_at, target, deadline);
    if (!m->wishes_fixed) /* held wishes: the people stay where the wishes put them */
        move_people(m, x, load, take_at, by_keeps, target, deadline);
    if (level == LEVEL_OVERLOAD || m->over_row >= 0) /* its level, or back within it */
        shave_overload(m, x, load, take_at, deadline);
    if (level == LEVEL_MOVED) {
        return_cases(m, x, load, take_at, deadline);
        return_by_passing(m, x, load, deadline);
    } else if (level == LEVEL_BALANCE) {
        if (m->moved >= 0 && moves(m, x) > m->moved + 0.5) /* a rounded plan: back within */
            return_cases(m, x, load, take_at, deadline);
        shave_tops(m, x, load, deadline);
        swap_tops(m, x, load, take_at, deadline);
        lower_tops(m, x, load, deadline);
        shave_tops(m, x, load, deadline);
    }
    model_polish(m, x);
}

/* Whether plan a is better than b on the current objective, feasible first. */
static bool better_plan(const model *m, const double *a, const double *b)
{
    bool fa = lp_feasible(m->lp, a), fb = lp_feasible(m->lp, b);
    if (fa != fb)
        return fa;
    return lp_value(m->lp, a) < lp_value(m->lp, b) - 1e-9;
}

int moves_improve(const model *m, double *x, model_level level, double deadline)
{
    int cols = lp_cols(m->lp), rc = -1;
    double *load = malloc(((size_t)m->n_pairs + 1) * sizeof(double));
    double *alt = malloc(((size_t)cols + 1) * sizeof(double));
    const int *take_at = m->take_at;
    if (!load || !alt)
        goto out;
    /* After the peak level moving people can cost continuity: try both ways of
     * choosing whom to move, keep the better plan. */
    memcpy(alt, x, (size_t)cols * sizeof(double));
    improve_once(m, x, load, take_at, level, false, deadline);
    if (level != LEVEL_PEAK && !model_big(m)) {
        improve_once(m, alt, load, take_at, level, true, deadline);
        if (better_plan(m, alt, x))
            memcpy(x, alt, (size_t)cols * sizeof(double));
    }
    rc = 0;
out:
    free(load);
    free(alt);
    return rc;
}
