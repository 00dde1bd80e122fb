/* schedule.c - the week-by-week handover plan: which week each moved case changes hands */
#include "schedule.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Points compare with this slack: weights are sums of decimals. */
#define EPS 1e-9
/* orders and amounts tried for each number of weeks before one more week */
#define VARIANTS 16

/* Cases between one giver and one receiver: interchangeable but for their weights. */
typedef struct {
    int u, v;     /* giver, receiver */
    int deadline; /* the earlier of the two caseworkers' */
    int first, n; /* their moves: order[first .. first+n-1] */
} pair;

typedef struct {
    const sched_worker *w;
    int nw;
    const sched_move *m;
    int nm;
    pair *pairs;
    int np;
    int *order;                /* moves with a giver, by pair */
    int *inc_start, *inc;      /* each worker's pairs, by deadline */
    int *deg;                  /* meetings of each worker */
    /* one attempt */
    int *rem, *next;           /* per pair: cases left, and the next of them */
    int *capleft, *unmet;      /* per worker, this week */
    double *points;            /* per worker, at the end of the week so far */
    int *cand;                 /* pairs with cases left, in this week's order */
    int *key_unmet;            /* per pair: its caseworkers behind on their need */
    unsigned *noise;           /* per pair: a tie-break of the variant */
    int variant;               /* which order and amounts the attempt uses */
    int *week;                 /* per move */
    int t, T;
} state;

static const state *sort_state;

static int cmp_move(const void *a, const void *b)
{
    const sched_move *x = &sort_state->m[*(const int *)a], *y = &sort_state->m[*(const int *)b];
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    /* the lighter cases first: they fit into what room there is */
    if (x->weight != y->weight)
        return x->weight < y->weight ? -1 : 1;
    return *(const int *)a - *(const int *)b;
}

static int cmp_inc(const void *a, const void *b)
{
    const pair *x = &sort_state->pairs[*(const int *)a], *y = &sort_state->pairs[*(const int *)b];
    if (x->deadline != y->deadline)
        return x->deadline < y->deadline ? -1 : 1;
    return *(const int *)a - *(const int *)b;
}

/* This week's order: the earliest deadline, then pairs whose caseworkers are behind,
 * then the bigger bunches (odd variants: those behind first); past the first two
 * variants, ties are broken by each pair's noise. */
static int cmp_cand(const void *a, const void *b)
{
    int i = *(const int *)a, j = *(const int *)b;
    const state *s = sort_state;
    const pair *x = &s->pairs[i], *y = &s->pairs[j];
    bool behind_first = s->variant % 2;
    if (behind_first && s->key_unmet[i] != s->key_unmet[j])
        return s->key_unmet[i] > s->key_unmet[j] ? -1 : 1;
    if (x->deadline != y->deadline)
        return x->deadline < y->deadline ? -1 : 1;
    if (s->key_unmet[i] != s->key_unmet[j])
        return s->key_unmet[i] > s->key_unmet[j] ? -1 : 1;
    if (s->variant >= 2 && s->noise[i] != s->noise[j])
        return s->noise[i] < s->noise[j] ? -1 : 1;
    if (s->rem[i] != s->rem[j])
        return s->rem[i] > s->rem[j] ? -1 : 1;
    return i - j;
}

static int imin(int a, int b) { return a < b ? a : b; }

static double threshold(const sched_worker *w) { return w->before > w->after ? w->before : w->after; }

/* Hand over up to x cases of pair p this week; with room, only while the receiver
 * stays within their threshold. Returns the cases handed over. */
static int take(state *s, int p, int x, bool room)
{
    pair *q = &s->pairs[p];
    int k = 0;
    x = imin(x, imin(s->rem[p], imin(s->capleft[q->u], s->capleft[q->v])));
    while (k < x) {
        int mv = s->order[q->first + s->next[p]];
        double wt = s->m[mv].weight;
        if (room && s->points[q->v] + wt > threshold(&s->w[q->v]) + EPS)
            break;
        s->week[mv] = s->t;
        s->points[q->v] += wt;
        s->points[q->u] -= wt;
        s->next[p]++;
        k++;
    }
    s->rem[p] -= k;
    s->capleft[q->u] -= k;
    s->capleft[q->v] -= k;
    return k;
}

/* The meetings worker i must have this week so that the rest fits the weeks left
 * before each deadline. Returns it, or -1 when a deadline has passed with cases left. */
static int need(const state *s, int i)
{
    int count = 0, best = 0, cap = s->w[i].per_week;
    for (int k = s->inc_start[i]; k < s->inc_start[i + 1]; k++) {
        int p = s->inc[k];
        if (!s->rem[p])
            continue;
        int dl = imin(s->pairs[p].deadline, s->T);
        if (dl < s->t)
            return -1;
        count += s->rem[p];
        /* the count at a deadline is complete once the next pair's deadline is later */
        int nk = k + 1;
        while (nk < s->inc_start[i + 1] && !s->rem[s->inc[nk]])
            nk++;
        if (nk == s->inc_start[i + 1] || imin(s->pairs[s->inc[nk]].deadline, s->T) > dl) {
            long must = (long)count - (long)cap * (dl - s->t);
            if (must > best)
                best = must > cap + 1 ? cap + 1 : (int)must;
        }
    }
    return best;
}

/* Try to fit everything into T weeks. Returns true when it did (weeks in s->week). */
static bool attempt(state *s, int T, bool room, int *short_worker)
{
    s->T = T;
    unsigned x = 2463534242u + (unsigned)s->variant; /* xorshift: the same noise each run */
    for (int p = 0; p < s->np; p++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        s->noise[p] = x;
    }
    for (int p = 0; p < s->np; p++) {
        s->rem[p] = s->pairs[p].n;
        s->next[p] = 0;
    }
    for (int i = 0; i < s->nw; i++)
        s->points[i] = s->w[i].before;
    for (int k = 0; k < s->nm; k++)
        if (s->m[k].from < 0) {
            s->week[k] = 1;
            s->points[s->m[k].to] += s->m[k].weight;
        }
    *short_worker = -1;
    for (s->t = 1; s->t <= T; s->t++) {
        int nc = 0;
        for (int i = 0; i < s->nw; i++) {
            s->capleft[i] = s->w[i].per_week;
            int n = need(s, i);
            if (n < 0 || n > s->w[i].per_week) {
                *short_worker = i;
                return false;
            }
            s->unmet[i] = n;
        }
        for (int p = 0; p < s->np; p++)
            if (s->rem[p]) {
                s->cand[nc++] = p;
                s->key_unmet[p] = (s->unmet[s->pairs[p].u] > 0) + (s->unmet[s->pairs[p].v] > 0);
            }
        if (!nc)
            break;
        sort_state = s;
        qsort(s->cand, (size_t)nc, sizeof *s->cand, cmp_cand);
        /* what must happen this week, whatever the room: variants 2 and 3 of every four
         * one case a pair at a time, round after round (the needs share a caseworker's
         * meetings); then, and in the others at once, as much as the neediest lacks */
        for (bool moved = s->variant % 4 >= 2; moved;) {
            moved = false;
            for (int k = 0; k < nc; k++) {
                const pair *q = &s->pairs[s->cand[k]];
                if (s->unmet[q->u] > 0 || s->unmet[q->v] > 0) {
                    int got = take(s, s->cand[k], 1, false);
                    s->unmet[q->u] -= got;
                    s->unmet[q->v] -= got;
                    moved = moved || got;
                }
            }
        }
        for (int k = 0; k < nc; k++) {
            const pair *q = &s->pairs[s->cand[k]];
            int behind = s->unmet[q->u] > s->unmet[q->v] ? s->unmet[q->u] : s->unmet[q->v];
            if (behind > 0) {
                int got = take(s, s->cand[k], behind, false);
                s->unmet[q->u] -= got;
                s->unmet[q->v] -= got;
            }
        }
        for (int k = 0; k < nc; k++) {
            const pair *q = &s->pairs[s->cand[k]];
            if (s->unmet[q->u] > 0 || s->unmet[q->v] > 0) {
                *short_worker = s->unmet[q->u] > 0 ? q->u : q->v;
                return false;
            }
        }
        /* then as much as fits, twice: the first round's handovers give room */
        for (int round = 0; round < 2; round++)
            for (int k = 0; k < nc; k++)
                take(s, s->cand[k], s->pairs[s->cand[k]].n, room);
    }
    for (int p = 0; p < s->np; p++)
        if (s->rem[p]) {
            *short_worker = s->pairs[p].u;
            return false;
        }
    return true;
}

/* The deadlines that no schedule can keep, each a message in d. Returns how many. */
static int deadline_lacks(const state *s, diags *d)
{
    int bad = 0;
    for (int i = 0; i < s->nw; i++) {
        int count = 0, cap = s->w[i].per_week, worst = 0, worst_dl = 0;
        for (int k = s->inc_start[i]; k < s->inc_start[i + 1]; k++) {
            const pair *q = &s->pairs[s->inc[k]];
            count += q->n;
            if (q->deadline == SCHED_NO_DEADLINE)
                continue;
            int lack = (count + cap - 1) / cap - q->deadline;
            if (lack > worst) {
                worst = lack;
                worst_dl = q->deadline;
            }
        }
        if (worst > 0) {
            diags_add(d, DIAG_INFEASIBLE, NULL, 0, 0, NULL,
                      "caseworker %s: %d handover meetings by week %d need %d more week%s at %d "
                      "a week",
                      s->w[i].id, count, worst_dl, worst, worst == 1 ? "" : "s", cap);
            bad++;
        }
    }
    return bad;
}

static bool build(state *s)
{
    int ng = 0;
    for (int k = 0; k < s->nm; k++)
        ng += s->m[k].from >= 0;
    s->order = malloc(((size_t)ng + 1) * sizeof *s->order);
    s->deg = calloc((size_t)s->nw + 1, sizeof *s->deg);
    s->inc_start = calloc((size_t)s->nw + 2, sizeof *s->inc_start);
    if (!s->order || !s->deg || !s->inc_start)
        return false;
    ng = 0;
    for (int k = 0; k < s->nm; k++)
        if (s->m[k].from >= 0)
            s->order[ng++] = k;
    sort_state = s;
    qsort(s->order, (size_t)ng, sizeof *s->order, cmp_move);
    s->pairs = malloc(((size_t)ng + 1) * sizeof *s->pairs);
    if (!s->pairs)
        return false;
    for (int k = 0; k < ng; k++) {
        const sched_move *x = &s->m[s->order[k]];
        if (s->np && s->pairs[s->np - 1].u == x->from && s->pairs[s->np - 1].v == x->to) {
            s->pairs[s->np - 1].n++;
            continue;
        }
        int du = s->w[x->from].deadline, dv = s->w[x->to].deadline;
        s->pairs[s->np++] = (pair){x->from, x->to, du < dv ? du : dv, k, 1};
    }
    for (int p = 0; p < s->np; p++) {
        s->deg[s->pairs[p].u] += s->pairs[p].n;
        s->deg[s->pairs[p].v] += s->pairs[p].n;
        s->inc_start[s->pairs[p].u + 1]++;
        s->inc_start[s->pairs[p].v + 1]++;
    }
    for (int i = 0; i < s->nw; i++)
        s->inc_start[i + 1] += s->inc_start[i];
    size_t np = (size_t)s->np + 1, nw = (size_t)s->nw + 1;
    int *fill = calloc(nw, sizeof *fill);
    s->inc = malloc(2 * np * sizeof *s->inc);
    s->rem = malloc(np * sizeof *s->rem);
    s->next = malloc(np * sizeof *s->next);
    s->cand = malloc(np * sizeof *s->cand);
    s->key_unmet = malloc(np * sizeof *s->key_unmet);
    s->noise = malloc(np * sizeof *s->noise);
    s->capleft = malloc(nw * sizeof *s->capleft);
    s->unmet = malloc(nw * sizeof *s->unmet);
    s->points = malloc(nw * sizeof *s->points);
    if (!fill || !s->inc || !s->rem || !s->next || !s->cand || !s->key_unmet || !s->noise || !s->capleft ||
        !s->unmet || !s->points) {
        free(fill);
        return false;
    }
    for (int p = 0; p < s->np; p++) {
        int u = s->pairs[p].u, v = s->pairs[p].v;
        s->inc[s->inc_start[u] + fill[u]++] = p;
        s->inc[s->inc_start[v] + fill[v]++] = p;
    }
    free(fill);
    for (int i = 0; i < s->nw; i++)
        qsort(s->inc + s->inc_start[i], (size_t)(s->inc_start[i + 1] - s->inc_start[i]),
              sizeof *s->inc, cmp_inc);
    return true;
}

static void state_free(state *s)
{
    free(s->order);
    free(s->deg);
    free(s->inc_start);
    free(s->pairs);
    free(s->inc);
    free(s->rem);
    free(s->next);
    free(s->cand);
    free(s->key_unmet);
    free(s->noise);
    free(s->capleft);
    free(s->unmet);
    free(s->points);
}

/* Excess over the threshold of worker i from week a to b - 1 (0-based rows of pts),
 * with delta added to their points there. */
static double excess(const state *s, const double *pts, int i, int a, int b, double delta)
{
    double e = 0, lim = threshold(&s->w[i]);
    for (int t = a; t < b; t++) {
        double over = pts[(size_t)t * (size_t)s->nw + (size_t)i] + delta - lim;
        e += over > EPS ? over : 0;
    }
    return e;
}

/* The points at each week's end and the meetings in each week (row t is week t + 1)
 * of a schedule being improved. */
typedef struct {
    double *pts;
    int *meet;
} board;

static size_t cell(const state *s, int t, int i) { return (size_t)t * (size_t)s->nw + (size_t)i; }

/* Move case k from week w0 to week w1 (0-based) on the board. */
static void shift(const state *s, board *bd, int k, int w0, int w1)
{
    const sched_move *x = &s->m[k];
    int a = w0 < w1 ? w0 : w1, b = w0 < w1 ? w1 : w0;
    double sign = w0 < w1 ? 1 : -1; /* later: the giver carries it longer */
    for (int t = a; t < b; t++) {
        bd->pts[cell(s, t, x->from)] += sign * x->weight;
        bd->pts[cell(s, t, x->to)] -= sign * x->weight;
    }
    bd->meet[cell(s, w0, x->from)]--;
    bd->meet[cell(s, w0, x->to)]--;
    bd->meet[cell(s, w1, x->from)]++;
    bd->meet[cell(s, w1, x->to)]++;
}

/* Whether worker i keeps their meetings a week in week t. */
static bool fits(const state *s, const board *bd, int i, int t)
{
    return bd->meet[cell(s, t, i)] <= s->w[i].per_week;
}

/* The last week (0-based, exclusive) case k may fall in. */
static int last_week(const state *s, int k, int T)
{
    return imin(T, imin(s->w[s->m[k].from].deadline, s->w[s->m[k].to].deadline));
}

/* One pass of single moves: each case to the week that lowers the excess most. */
static bool move_single(const state *s, board *bd, int *week, int T)
{
    bool better = false;
    for (int k = 0; k < s->nm; k++) {
        const sched_move *x = &s->m[k];
        if (x->from < 0)
            continue;
        int g = x->from, v = x->to, w0 = week[k] - 1, best = -1, last = last_week(s, k, T);
        double gain = EPS;
        for (int w1 = 0; w1 < last; w1++) {
            if (w1 == w0 || bd->meet[cell(s, w1, g)] >= s->w[g].per_week ||
                bd->meet[cell(s, w1, v)] >= s->w[v].per_week)
                continue;
            int a = w0 < w1 ? w0 : w1, b = w0 < w1 ? w1 : w0;
            double sign = w0 < w1 ? 1 : -1;
            double now = excess(s, bd->pts, g, a, b, 0) + excess(s, bd->pts, v, a, b, 0);
            double then = excess(s, bd->pts, g, a, b, sign * x->weight) +
                          excess(s, bd->pts, v, a, b, -sign * x->weight);
            if (now - then > gain) {
                gain = now - then;
                best = w1;
            }
        }
        if (best >= 0) {
            shift(s, bd, k, w0, best);
            week[k] = best + 1;
            better = true;
        }
    }
    return better;
}

/* One pass of swaps for each worker i above their threshold: a case i receives early
 * and one i gives later trade weeks, when the meetings and deadlines allow and the
 * excess of the three caseworkers drops. */
static bool swap_pairs(const state *s, board *bd, int *week, int T, const int *by_start,
                       const int *by)
{
    bool better = false;
    for (int i = 0; i < s->nw; i++) {
        if (excess(s, bd->pts, i, 0, T, 0) <= EPS)
            continue;
        for (int a = by_start[i]; a < by_start[i + 1]; a++) {
            int k = by[a];
            if (s->m[k].to != i || s->m[k].from < 0)
                continue;
            for (int b = by_start[i]; b < by_start[i + 1]; b++) {
                int k2 = by[b], wk = week[k] - 1, wk2 = week[k2] - 1;
                if (s->m[k2].from != i || wk2 <= wk || wk2 >= last_week(s, k, T))
                    continue;
                int g = s->m[k].from, v = s->m[k2].to;
                double before = excess(s, bd->pts, i, 0, T, 0) + excess(s, bd->pts, g, 0, T, 0) +
                                (v != g ? excess(s, bd->pts, v, 0, T, 0) : 0);
                shift(s, bd, k, wk, wk2);
                shift(s, bd, k2, wk2, wk);
                double after = excess(s, bd->pts, i, 0, T, 0) + excess(s, bd->pts, g, 0, T, 0) +
                               (v != g ? excess(s, bd->pts, v, 0, T, 0) : 0);
                if (fits(s, bd, g, wk2) && fits(s, bd, v, wk) && after < before - EPS) {
                    week[k] = wk2 + 1;
                    week[k2] = wk + 1;
                    better = true;
                    continue;
                }
                shift(s, bd, k2, wk, wk2);
                shift(s, bd, k, wk2, wk);
            }
        }
    }
    return better;
}

/* Rule 3 after the weeks are fixed: move single cases to another week, and swap the
 * weeks of a case in and a case out, within the meetings a week and the deadlines,
 * while that lowers the points above the thresholds summed over weeks and caseworkers.
 * Returns false when out of memory. */
static bool relieve(const state *s, int *week, int T)
{
    size_t cells = (size_t)T * (size_t)s->nw;
    board bd = {calloc(cells + 1, sizeof *bd.pts), calloc(cells + 1, sizeof *bd.meet)};
    int *by_start = calloc((size_t)s->nw + 2, sizeof *by_start);
    int *by = malloc(2 * ((size_t)s->nm + 1) * sizeof *by), *fill = NULL;
    bool ok = bd.pts && bd.meet && by_start && by &&
              (fill = calloc((size_t)s->nw + 1, sizeof *fill));
    for (int k = 0; ok && k < s->nm; k++) {
        const sched_move *x = &s->m[k];
        bd.pts[cell(s, week[k] - 1, x->to)] += x->weight;
        if (x->from >= 0) {
            bd.pts[cell(s, week[k] - 1, x->from)] -= x->weight;
            bd.meet[cell(s, week[k] - 1, x->from)]++;
            bd.meet[cell(s, week[k] - 1, x->to)]++;
            by_start[x->from + 1]++;
            by_start[x->to + 1]++;
        }
    }
    for (int i = 0; ok && i < s->nw; i++) {
        double p = s->w[i].before;
        for (int t = 0; t < T; t++)
            bd.pts[cell(s, t, i)] = p += bd.pts[cell(s, t, i)];
        by_start[i + 1] += by_start[i];
    }
    /* each worker's cases with a giver, given or taken */
    for (int k = 0; ok && k < s->nm; k++)
        if (s->m[k].from >= 0) {
            by[by_start[s->m[k].from] + fill[s->m[k].from]++] = k;
            by[by_start[s->m[k].to] + fill[s->m[k].to]++] = k;
        }
    for (int pass = 0; ok && pass < 50; pass++) {
        bool a = move_single(s, &bd, week, T);
        bool b = swap_pairs(s, &bd, week, T, by_start, by);
        if (!a && !b)
            break;
    }
    free(bd.pts);
    free(bd.meet);
    free(by_start);
    free(by);
    free(fill);
    return ok;
}

/* Rule 3's breaches and rule 4's pair-weeks of the schedule in r. */
static bool measure(const state *s, sched_result *r)
{
    double *pts = malloc(((size_t)s->nw + 1) * sizeof *pts);
    int *by_week = calloc((size_t)r->weeks + 2, sizeof *by_week), *bucket = NULL, cap = 0;
    bool ok = pts && by_week;
    /* moves bucketed by week */
    for (int k = 0; ok && k < s->nm; k++)
        by_week[r->week[k] + 1]++;
    for (int t = 0; ok && t <= r->weeks; t++)
        by_week[t + 1] += by_week[t];
    if (ok && !(bucket = malloc(((size_t)s->nm + 1) * sizeof *bucket)))
        ok = false;
    if (ok) {
        int *fill = calloc((size_t)r->weeks + 2, sizeof *fill);
        if (!fill)
            ok = false;
        for (int k = 0; ok && k < s->nm; k++)
            bucket[by_week[r->week[k]] + fill[r->week[k]]++] = k;
        free(fill);
    }
    for (int i = 0; ok && i < s->nw; i++)
        pts[i] = s->w[i].before;
    for (int t = 1; ok && t <= r->weeks; t++) {
        for (int k = by_week[t]; k < by_week[t + 1]; k++) {
            const sched_move *x = &s->m[bucket[k]];
            pts[x->to] += x->weight;
            if (x->from >= 0)
                pts[x->from] -= x->weight;
        }
        for (int i = 0; i < s->nw; i++) {
            double over = pts[i] - threshold(&s->w[i]);
            if (over <= EPS)
                continue;
            if (r->n_breaches == cap) {
                cap = cap ? 2 * cap : 64;
                sched_breach *b = realloc(r->breaches, (size_t)cap * sizeof *b);
                if (!b) {
                    ok = false;
                    break;
                }
                r->breaches = b;
            }
            r->breaches[r->n_breaches++] = (sched_breach){t, i, pts[i], over};
        }
    }
    /* the pairs' weeks: moves of a pair are adjacent in s->order */
    r->pairs = s->np;
    for (int p = 0; ok && p < s->np; p++) {
        const pair *q = &s->pairs[p];
        for (int a = 0; a < q->n; a++) {
            int wk = r->week[s->order[q->first + a]], seen = 0;
            for (int b = 0; b < a && !seen; b++)
                seen = r->week[s->order[q->first + b]] == wk;
            r->pair_weeks += !seen;
        }
    }
    free(pts);
    free(by_week);
    free(bucket);
    return ok;
}

void schedule_destroy(sched_result **rp)
{
    if (!rp || !*rp)
        return;
    free((*rp)->week);
    free((*rp)->breaches);
    free(*rp);
    *rp = NULL;
}

sched_result *schedule_solve(const sched_worker *w, int n_workers, const sched_move *m,
                             int n_moves, diags *d)
{
    state s = {.w = w, .nw = n_workers, .m = m, .nm = n_moves};
    sched_result *r = calloc(1, sizeof *r);
    if (!r || !(r->week = calloc((size_t)n_moves + 1, sizeof *r->week)) || !build(&s))
        goto oom;
    r->n_moves = n_moves;
    s.week = r->week;
    for (int i = 0; i < n_workers; i++) {
        int lb = (s.deg[i] + w[i].per_week - 1) / w[i].per_week;
        if (lb > r->lower_bound)
            r->lower_bound = lb;
    }
    if (n_moves > 0 && r->lower_bound < 1)
        r->lower_bound = 1;
    if (deadline_lacks(&s, d) > 0)
        goto fail;
    int short_worker = -1, limit = r->lower_bound + (r->lower_bound > 8 ? r->lower_bound : 8);
    bool done = r->lower_bound == 0;
    for (int T = r->lower_bound; !done && T <= limit; T++) {
        /* relief first where it fits the weeks; else the weeks first */
        for (int room = 1; !done && room >= 0; room--)
            for (s.variant = 0; !done && s.variant < VARIANTS; s.variant++)
                done = attempt(&s, T, room, &short_worker);
        r->weeks = T;
    }
    if (!done) {
        diags_add(d, DIAG_INFEASIBLE, NULL, 0, 0, NULL,
                  "no schedule found that keeps the deadlines; caseworker %s could not fit "
                  "their %d handover meetings",
                  short_worker >= 0 ? w[short_worker].id : "?",
                  short_worker >= 0 ? s.deg[short_worker] : 0);
        goto fail;
    }
    if (!relieve(&s, r->week, r->weeks) || !measure(&s, r))
        goto oom;
    state_free(&s);
    return r;
oom:
    diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
fail:
    state_free(&s);
    schedule_destroy(&r);
    return NULL;
}
