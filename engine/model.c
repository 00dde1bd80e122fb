/* model.c - the compact MIP; its size grows with caseworkers and segments, not cases
 *
 * An item is a case, or a household kept with one caseworker. Items with the same
 * current caseworker, segment set, weight, pin and cost are one class: an integer
 * per eligible department counts how many of them the caseworker keeps. Items that
 * are not kept join a pool per (segment set, weight), and an integer per pool and
 * caseworker-department pair counts how many that caseworker takes.
 * docs/formulation.md writes the model out; moves.c improves its integer plans. */
#include "model.h"
#include "model_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "household.h"
#include "num.h"

lp *model_lp(model *m) { return m->lp; }

const om_scenario *model_scenario(const model *m) { return m->s; }

void model_size(const model *m, int *classes, int *pools, int *pairs)
{
    *classes = m->n_classes;
    *pools = m->n_pools;
    *pairs = m->n_pairs;
}

void model_destroy(model **mp)
{
    if (!mp || !*mp)
        return;
    model *m = *mp;
    lp_destroy(&m->lp);
    free(m->pairs);
    free(m->pair_first);
    free(m->pair_count);
    free(m->classes);
    free(m->class_items);
    free(m->item_start);
    free(m->item_len);
    free(m->item_cases);
    free(m->group_next);
    free(m->set_first);
    free(m->set_segs);
    free(m->keep_need);
    free(m->pair_own);
    free(m->pools);
    free(m->keep);
    free(m->take);
    free(m->pair_keeps);
    free(m->pair_keeps_first);
    free(m->take_at);
    free(m->col_over);
    free(m->col_top);
    free(m->held);
    free(m->cover_row);
    free(m->cover_need);
    free(m->fixed);
    free(m);
    *mp = NULL;
}

/* Departments a staying caseworker may join: the fixed one, or each that serves
 * a segment they are qualified for. */
static bool eligible(const om_scenario *s, int i, int d)
{
    if (s->staff[i].department >= 0)
        return s->staff[i].department == d;
    const om_department *dep = &s->departments[d];
    for (int k = 0; k < dep->n_segments; k++)
        if (scenario_qualified(s, i, dep->segments[k]))
            return true;
    return false;
}

static int build_pairs(model *m, diags *d)
{
    const om_scenario *s = m->s;
    m->pair_first = calloc((size_t)s->n_staff + 1, sizeof(int));
    m->pair_count = calloc((size_t)s->n_staff + 1, sizeof(int));
    m->pairs = malloc(((size_t)s->n_staff * (size_t)s->n_departments + 1) * sizeof(mpair));
    if (!m->pair_first || !m->pair_count || !m->pairs)
        return -1;
    for (int i = 0; i < s->n_staff; i++) {
        m->pair_first[i] = m->n_pairs;
        if (s->staff[i].leaves)
            continue;
        for (int dep = 0; dep < s->n_departments; dep++)
            if (eligible(s, i, dep))
                m->pairs[m->n_pairs++] = (mpair){.staff = i,
                                                 .dep = dep,
                                                 .cap = scenario_capacity(s, i, dep),
                                                 .y = -1,
                                                 .link_coef = -1,
                                                 .card_coef = -1};
        m->pair_count[i] = m->n_pairs - m->pair_first[i];
        if (m->pair_count[i] == 0) {
            diags_add(d, DIAG_INFEASIBLE, NULL, 0, 0, NULL,
                      "caseworker %s stays but no department serves a segment they are "
                      "qualified for",
                      s->staff[i].id);
            return -2;
        }
    }
    return 0;
}

/* The segment set of household h's cases: a segment's own index when they share
 * one, else n_segments + its index in m->sets (added when new). -1 when out of memory. */
static int household_set(model *m, const hh_index *hx, int h, int *alloc)
{
    const om_scenario *s = m->s;
    int segs[64], n = 0;
    for (int k = hx->first[h]; k < hx->first[h + 1]; k++) {
        int g = s->cases[hx->cases[k]].segment, at = n;
        while (at > 0 && segs[at - 1] > g)
            at--;
        if ((at > 0 && segs[at - 1] == g) || n == 64)
            continue;
        memmove(segs + at + 1, segs + at, (size_t)(n - at) * sizeof(int));
        segs[at] = g;
        n++;
    }
    if (n == 1)
        return segs[0];
    for (int k = 0; k < m->n_sets; k++)
        if (m->set_first[k + 1] - m->set_first[k] == n &&
            memcmp(m->set_segs + m->set_first[k], segs, (size_t)n * sizeof(int)) == 0)
            return s->n_segments + k;
    int used = m->set_first[m->n_sets];
    if (used + n > *alloc) {
        int more = 2 * (used + n);
        int *segs_more = realloc(m->set_segs, (size_t)more * sizeof(int));
        if (!segs_more)
            return -1;
        m->set_segs = segs_more;
        *alloc = more;
    }
    memcpy(m->set_segs + used, segs, (size_t)n * sizeof(int));
    m->set_first[++m->n_sets] = used + n;
    return s->n_segments + m->n_sets - 1;
}

/* What one case weighs on the continuity level: its cost where costs are
 * weighted, else 1. */
static double case_save(const om_scenario *s, int c)
{
    return scenario_weighted(s) ? scenario_case_cost(s, c) : 1;
}

/* The items: each case, but a household held together is one item, placed
 * where its first case is. A household with pinned cases is their caseworker's
 * (pinned). One whose cases have several caseworkers today who could hold it
 * whole is an item for each of them, a group (at most one keeps it, the rest
 * of its cases moving; the first of them, the lead, stands for it in its pool);
 * keeping it keeps that caseworker's cases of it. */
static int build_items(model *m, mclass *item)
{
    const om_scenario *s = m->s;
    int set_alloc = 0;
    hh_index *hx = hh_create(s);
    m->item_start = malloc(((size_t)s->n_cases + 1) * sizeof(int));
    m->item_len = malloc(((size_t)s->n_cases + 1) * sizeof(int));
    m->item_cases = malloc(((size_t)s->n_cases + 1) * sizeof(int));
    m->set_first = calloc((size_t)s->n_households + 2, sizeof(int));
    int *holders = malloc(((size_t)s->n_cases + 1) * sizeof(int));
    if (!hx || !m->item_start || !m->item_len || !m->item_cases || !m->set_first || !holders)
        goto fail;
    int at = 0;
    for (int c = 0; c < s->n_cases; c++) {
        const om_case *cs = &s->cases[c];
        int h = cs->household - 1;
        if (h < 0 || !hx->together[h]) {
            m->item_start[m->n_items] = at;
            m->item_len[m->n_items] = 1;
            m->item_cases[at++] = c;
            item[m->n_items++] = (mclass){.owner = cs->caseworker,
                                          .set = cs->segment,
                                          .weight = cs->weight,
                                          .pinned = cs->pinned,
                                          .n = 1,
                                          .size = 1,
                                          .stay = 1,
                                          .save = case_save(s, c),
                                          .group = -1};
            continue;
        }
        if (hx->cases[hx->first[h]] != c)
            continue; /* one item, at its first case */
        /* who may keep it: the pinned cases' caseworker, else each current one who may hold it */
        int n_holders = 0;
        if (hx->pin[h] >= 0)
            holders[n_holders++] = hx->pin[h];
        for (int k = hx->first[h]; k < hx->first[h + 1] && hx->pin[h] < 0; k++) {
            int i = s->cases[hx->cases[k]].caseworker, seen = 0;
            for (int e = 0; e < n_holders; e++)
                seen |= holders[e] == i;
            if (i >= 0 && !seen && hh_holds(s, hx, h, i))
                holders[n_holders++] = i;
        }
        if (n_holders == 0) /* nobody can keep it: it moves */
            holders[n_holders++] = cs->caseworker;
        mclass one = {.pinned = hx->pin[h] >= 0,
                      .n = 1,
                      .size = hx->first[h + 1] - hx->first[h],
                      .group = n_holders > 1 ? h : -1};
        if ((one.set = household_set(m, hx, h, &set_alloc)) < 0)
            goto fail;
        int first = at;
        for (int k = hx->first[h]; k < hx->first[h + 1]; k++) {
            m->item_cases[at++] = hx->cases[k];
            one.weight += s->cases[hx->cases[k]].weight;
        }
        for (int e = 0; e < n_holders; e++) {
            mclass *it = &item[m->n_items];
            m->item_start[m->n_items] = first;
            m->item_len[m->n_items++] = one.size;
            *it = one;
            it->owner = holders[e];
            it->lead = e == 0;
            for (int k = hx->first[h]; k < hx->first[h + 1] && it->owner >= 0; k++)
                if (s->cases[hx->cases[k]].caseworker == it->owner) {
                    it->stay++;
                    it->save += case_save(s, hx->cases[k]);
                }
        }
    }
    free(holders);
    hh_destroy(&hx);
    return 0;
fail:
    free(holders);
    hh_destroy(&hx);
    return -1;
}

/* Group the items into classes: by owner (a counting sort), then by segment set,
 * weight, pin and what keeping one keeps; items keep their input order within a
 * class. Without households and costs an item is a case and a class is keyed by
 * segment, weight and pin. */
static int build_classes(model *m)
{
    const om_scenario *s = m->s;
    int buckets = s->n_staff + 1, rc = -1;
    int *start = calloc((size_t)buckets + 1, sizeof(int));
    int *order = malloc(((size_t)s->n_cases + 1) * sizeof(int));
    int *class_of = malloc(((size_t)s->n_cases + 1) * sizeof(int));
    mclass *item = malloc(((size_t)s->n_cases + 1) * sizeof(mclass));
    int *fill = NULL;
    if (!start || !order || !class_of || !item || build_items(m, item) < 0)
        goto out;
    for (int t = 0; t < m->n_items; t++)
        start[item[t].owner + 2]++;
    for (int b = 0; b < buckets; b++)
        start[b + 1] += start[b];
    for (int t = 0; t < m->n_items; t++)
        order[start[item[t].owner + 1]++] = t;
    /* start[b] is now the end of bucket b; buckets run in order */
    int alloc = 64;
    m->classes = malloc((size_t)alloc * sizeof(mclass));
    if (!m->classes)
        goto out;
    for (int b = 0, pos = 0; b < buckets; b++) {
        int bucket_first_class = m->n_classes;
        for (; pos < start[b]; pos++) {
            const mclass *it = &item[order[pos]];
            int g = bucket_first_class;
            while (g < m->n_classes &&
                   !(it->group < 0 && m->classes[g].group < 0 && m->classes[g].set == it->set &&
                     m->classes[g].pinned == it->pinned &&
                     num_eq(m->classes[g].weight, it->weight) && m->classes[g].stay == it->stay &&
                     num_eq(m->classes[g].save, it->save) && m->classes[g].size == it->size))
                g++;
            if (g == m->n_classes) {
                if (m->n_classes == alloc) {
                    mclass *more = realloc(m->classes, 2 * (size_t)alloc * sizeof(mclass));
                    if (!more)
                        goto out;
                    m->classes = more;
                    alloc *= 2;
                }
                m->classes[m->n_classes] = *it;
                m->classes[m->n_classes].n = 0;
                m->classes[m->n_classes++].pool = -1;
            }
            m->classes[g].n++;
            class_of[order[pos]] = g;
        }
    }
    fill = malloc(((size_t)m->n_classes + 1) * sizeof(int));
    m->class_items = malloc(((size_t)m->n_items + 1) * sizeof(int));
    if (!fill || !m->class_items)
        goto out;
    for (int g = 0, at = 0; g < m->n_classes; g++) {
        m->classes[g].first = fill[g] = at;
        at += m->classes[g].n;
    }
    for (int t = 0; t < m->n_items; t++)
        m->class_items[fill[class_of[t]]++] = t;
    /* each group's classes in a cycle: a group's items are consecutive, its lead first */
    if (!(m->group_next = malloc(((size_t)m->n_classes + 1) * sizeof(int))))
        goto out;
    for (int g = 0; g < m->n_classes; g++)
        m->group_next[g] = g;
    for (int t = 0; t < m->n_items; t++)
        if (item[t].group >= 0 && !item[t].lead) { /* after the item before it */
            int g = class_of[t], before = class_of[t - 1];
            m->group_next[g] = m->group_next[before];
            m->group_next[before] = g;
        }
    rc = 0;
out:
    free(start);
    free(order);
    free(class_of);
    free(item);
    free(fill);
    return rc;
}

static int build_pools(model *m)
{
    m->pools = malloc(((size_t)m->n_classes + 1) * sizeof(mpool));
    if (!m->pools)
        return -1;
    for (int g = 0; g < m->n_classes; g++) {
        mclass *cl = &m->classes[g];
        if (cl->pinned)
            continue;
        int p = 0;
        while (p < m->n_pools &&
               !(m->pools[p].set == cl->set && num_eq(m->pools[p].weight, cl->weight)))
            p++;
        if (p == m->n_pools)
            m->pools[m->n_pools++] = (mpool){.set = cl->set, .weight = cl->weight};
        m->pools[p].n += cl->group < 0 || cl->lead ? cl->n : 0; /* a group once */
        cl->pool = p;
    }
    return 0;
}

/* The largest capacity that may hold a case of class g: its owner's, where the
 * class may be kept, or any taker's of its pool. 0 when there is none. */
static double holder_cap(const model *m, int g)
{
    const mclass *cl = &m->classes[g];
    double cap = 0;
    for (int f = cl->k_first; f < cl->k_first + cl->k_count; f++)
        cap = fmax(cap, m->pairs[m->keep[f].pair].cap);
    if (cl->pool >= 0) {
        const mpool *po = &m->pools[cl->pool];
        for (int k = po->a_first; k < po->a_first + po->a_count; k++)
            cap = fmax(cap, m->pairs[m->take[k].pair].cap);
    }
    return cap;
}

/* Bounds the relaxation cannot see, as it splits a case over caseworkers: no
 * plan's peak is below *peak_floor, 1 (the levels' floor) or one case's weight
 * against the largest capacity that may hold it; nor its overload below
 * *least_over, the sum of each case's weight above that capacity (a
 * caseworker's points above the cap are at least that sum of their cases).
 * They bind where caps are small against the weights (caps of 1.2 points and
 * cases of 2: every plan's peak is 1.667, the relaxation's 1; tests/instances/small-caps). */
static void case_bounds(const model *m, double *peak_floor, double *least_over)
{
    *peak_floor = 1;
    *least_over = 0;
    for (int g = 0; g < m->n_classes; g++) {
        const mclass *cl = &m->classes[g];
        double cap = holder_cap(m, g);
        if (cl->group >= 0 && !cl->lead)
            continue; /* its household counts once, through the lead: any taker may hold it */
        if (cap > 0) {
            *peak_floor = fmax(*peak_floor, cl->weight / cap);
            *least_over += cl->n * fmax(0, cl->weight - cap);
        }
    }
}

/* Segment set t: its n segments from *segs. */
static void set_segments(const model *m, const int *t, const int **segs, int *n)
{
    if (*t < m->s->n_segments) {
        *segs = t;
        *n = 1;
        return;
    }
    int k = *t - m->s->n_segments;
    *segs = m->set_segs + m->set_first[k];
    *n = m->set_first[k + 1] - m->set_first[k];
}

/* Whether the caseworker of pair may hold items of segment set t there: each of its segments. */
static bool pair_takes(const model *m, const mpair *pr, int t)
{
    const int *segs;
    int n;
    set_segments(m, &t, &segs, &n);
    for (int k = 0; k < n; k++)
        if (!scenario_serves(m->s, pr->dep, segs[k]) ||
            !scenario_qualified(m->s, pr->staff, segs[k]))
            return false;
    return true;
}

static int add_flow(mflow **flows, int *n, int *alloc, int col, int pair)
{
    if (col < 0)
        return -1;
    if (*n == *alloc) {
        int more = *alloc ? 2 * *alloc : 256;
        mflow *f = realloc(*flows, (size_t)more * sizeof(mflow));
        if (!f)
            return -1;
        *flows = f;
        *alloc = more;
    }
    (*flows)[(*n)++] = (mflow){col, pair};
    return 0;
}

static int build_columns(model *m, diags *d)
{
    const om_scenario *s = m->s;
    lp *L = m->lp;
    int keep_alloc = 0, take_alloc = 0;
    for (int p = 0; p < m->n_pairs; p++) {
        bool only = m->pair_count[m->pairs[p].staff] == 1;
        m->pairs[p].y = lp_add_col(L, only ? 1 : 0, 1, 0, true);
        if (m->pairs[p].y < 0)
            return -1;
    }
    for (int g = 0; g < m->n_classes; g++) {
        mclass *cl = &m->classes[g];
        cl->k_first = m->n_keep;
        if (cl->owner >= 0 && !s->staff[cl->owner].leaves)
            for (int p = m->pair_first[cl->owner];
                 p < m->pair_first[cl->owner] + m->pair_count[cl->owner]; p++)
                if (pair_takes(m, &m->pairs[p], cl->set) &&
                    add_flow(&m->keep, &m->n_keep, &keep_alloc, lp_add_col(L, 0, cl->n, 0, true),
                             p) < 0)
                    return -1;
        cl->k_count = m->n_keep - cl->k_first;
        if (cl->pinned && cl->k_count == 0) {
            const om_case *cs = &s->cases[m->item_cases[m->item_start[m->class_items[cl->first]]]];
            diags_add(d, DIAG_INFEASIBLE, NULL, 0, 0, NULL,
                      "case %s is pinned to %s, who cannot keep %s cases in any department "
                      "they may join",
                      cs->id, cs->caseworker >= 0 ? s->staff[cs->caseworker].id : "no caseworker",
                      s->segments[cs->segment].name);
            return -2;
        }
    }
    for (int p = 0; p < m->n_pools; p++) {
        mpool *po = &m->pools[p];
        po->a_first = m->n_take;
        for (int q = 0; q < m->n_pairs; q++)
            if (pair_takes(m, &m->pairs[q], po->set) &&
                add_flow(&m->take, &m->n_take, &take_alloc, lp_add_col(L, 0, po->n, 0, true), q) <
                    0)
                return -1;
        po->a_count = m->n_take - po->a_first;
    }
    m->col_peak = lp_add_col(L, 1, LP_INF, 0, false); /* floor: build_rows, case_bounds */
    m->col_over = malloc(((size_t)s->n_staff + 1) * sizeof(int));
    m->col_top = malloc(((size_t)s->n_departments + 1) * sizeof(int));
    if (m->col_peak < 0 || !m->col_over || !m->col_top)
        return -1;
    for (int i = 0; i < s->n_staff; i++)
        m->col_over[i] = s->staff[i].leaves ? -1 : lp_add_col(L, 0, LP_INF, 0, false);
    for (int dep = 0; dep < s->n_departments; dep++)
        m->col_top[dep] = lp_add_col(L, 0, LP_INF, 0, false);
    return 0;
}

/* pair_keeps: for each pair the classes its caseworker may keep there, by weight. */
static int index_keeps(model *m)
{
    m->pair_keeps_first = calloc((size_t)m->n_pairs + 2, sizeof(int));
    m->pair_keeps = malloc(((size_t)m->n_keep + 1) * sizeof(int));
    if (!m->pair_keeps_first || !m->pair_keeps)
        return -1;
    for (int k = 0; k < m->n_keep; k++)
        m->pair_keeps_first[m->keep[k].pair + 2]++;
    for (int p = 0; p < m->n_pairs; p++)
        m->pair_keeps_first[p + 2] += m->pair_keeps_first[p + 1];
    for (int g = 0; g < m->n_classes; g++)
        for (int k = m->classes[g].k_first; k < m->classes[g].k_first + m->classes[g].k_count; k++)
            m->pair_keeps[m->pair_keeps_first[m->keep[k].pair + 1]++] = g;
    for (int p = 0; p < m->n_pairs; p++) /* by weight; a pair holds a few classes */
        for (int a = m->pair_keeps_first[p] + 1; a < m->pair_keeps_first[p + 1]; a++) {
            int g = m->pair_keeps[a], at = a;
            for (; at > m->pair_keeps_first[p] &&
                   m->classes[m->pair_keeps[at - 1]].weight > m->classes[g].weight;
                 at--)
                m->pair_keeps[at] = m->pair_keeps[at - 1];
            m->pair_keeps[at] = g;
        }
    return 0;
}

/* take_at: for each pool and pair, the column taking its items there, -1 where
 * there is none. The local moves look them up per item. (An owner may keep
 * items of one pool in several classes, of other costs: moves.c finds those
 * through pair_keeps.) */
static int index_pool_columns(model *m)
{
    size_t n = (size_t)m->n_pools * (size_t)m->n_pairs;
    m->take_at = malloc((n + 1) * sizeof(int));
    if (!m->take_at)
        return -1;
    for (size_t k = 0; k < n; k++)
        m->take_at[k] = -1;
    for (int q = 0; q < m->n_pools; q++)
        for (int k = m->pools[q].a_first; k < m->pools[q].a_first + m->pools[q].a_count; k++)
            m->take_at[(size_t)q * (size_t)m->n_pairs + (size_t)m->take[k].pair] = m->take[k].col;
    return 0;
}

/* The load terms of each pair: every keep and take column there, with its weight. */
typedef struct {
    int *first, *col;
    double *w;
} load_terms;

static int collect_loads(const model *m, load_terms *pl)
{
    int n = m->n_keep + m->n_take;
    pl->first = calloc((size_t)m->n_pairs + 2, sizeof(int));
    pl->col = malloc(((size_t)n + 1) * sizeof(int));
    pl->w = malloc(((size_t)n + 1) * sizeof(double));
    if (!pl->first || !pl->col || !pl->w)
        return -1;
    for (int k = 0; k < m->n_keep; k++)
        pl->first[m->keep[k].pair + 2]++;
    for (int k = 0; k < m->n_take; k++)
        pl->first[m->take[k].pair + 2]++;
    for (int p = 0; p < m->n_pairs; p++)
        pl->first[p + 2] += pl->first[p + 1];
    for (int g = 0; g < m->n_classes; g++)
        for (int k = m->classes[g].k_first; k < m->classes[g].k_first + m->classes[g].k_count;
             k++) {
            int at = pl->first[m->keep[k].pair + 1]++;
            pl->col[at] = m->keep[k].col;
            pl->w[at] = m->classes[g].weight;
        }
    for (int p = 0; p < m->n_pools; p++)
        for (int k = m->pools[p].a_first; k < m->pools[p].a_first + m->pools[p].a_count; k++) {
            int at = pl->first[m->take[k].pair + 1]++;
            pl->col[at] = m->take[k].col;
            pl->w[at] = m->pools[p].weight;
        }
    return 0;
}

#define TRY(x)                                                                                     \
    do {                                                                                           \
        if ((x) < 0)                                                                               \
            goto out;                                                                              \
    } while (0)

/* A safe upper bound on any caseworker's utilisation: all points on the one
 * with the least capacity. The peak level replaces it by a found plan's peak. */
static double peak_bound(const model *m)
{
    double points = 0, least = LP_INF;
    for (int c = 0; c < m->s->n_cases; c++)
        points += m->s->cases[c].weight;
    for (int p = 0; p < m->n_pairs; p++)
        if (m->pairs[p].cap < least)
            least = m->pairs[p].cap;
    return least < LP_INF ? 1 + points / least : 1;
}

/* max_cases_out: per staying caseworker, the own cases to keep, keep_need: those
 * they could keep in some plan (in a department where their pinned cases stay),
 * less the share they may hand over (0 without the rule). When the best single department keeps
 * fewer, no plan can: -2 with the caseworkers named in d. */
static int keep_needs(model *m, diags *d)
{
    const om_scenario *s = m->s;
    int *before = calloc((size_t)s->n_staff + 1, sizeof(int));
    double *keepable = calloc((size_t)s->n_staff + 1, sizeof(double));
    double *at = m->pair_own = calloc((size_t)m->n_pairs + 1, sizeof(double));
    int *pins = calloc((size_t)m->n_pairs + 1, sizeof(int));   /* pinned classes kept there */
    int *pinned = calloc((size_t)s->n_staff + 1, sizeof(int)); /* pinned classes held */
    m->keep_need = calloc((size_t)s->n_staff + 1, sizeof(int));
    int rc = -1, short_of = 0;
    char names[1024] = "";
    size_t len = 0;
    if (!before || !keepable || !at || !pins || !pinned || !m->keep_need)
        goto out;
    rc = 0;
    for (int g = 0; g < m->n_classes; g++) {
        const mclass *cl = &m->classes[g];
        if (cl->pinned && cl->owner >= 0)
            pinned[cl->owner]++;
        for (int k = cl->k_first; k < cl->k_first + cl->k_count; k++) {
            at[m->keep[k].pair] += (double)cl->n * cl->stay;
            pins[m->keep[k].pair] += cl->pinned;
        }
    }
    /* keepable: in a department the owner may join with every pinned case of theirs
     * (a pin fixes the placement as far as it goes; what it rules out is excused) */
    for (int g = 0; g < m->n_classes; g++) {
        const mclass *cl = &m->classes[g];
        bool can = false;
        for (int k = cl->k_first; k < cl->k_first + cl->k_count && !can; k++)
            can = pins[m->keep[k].pair] == pinned[m->pairs[m->keep[k].pair].staff];
        if (can)
            keepable[cl->owner] += (double)cl->n * cl->stay;
    }
    if (s->max_cases_out <= 0)
        goto out;
    for (int c = 0; c < s->n_cases; c++)
        if (s->cases[c].caseworker >= 0)
            before[s->cases[c].caseworker]++;
    for (int i = 0; i < s->n_staff; i++) {
        if (s->staff[i].leaves)
            continue;
        double need = keepable[i] - floor(s->max_cases_out * before[i] + 1e-9);
        m->keep_need[i] = need > 0 ? (int)need : 0;
        double best = 0, best_pinned = 0; /* best where their pinned cases may stay */
        for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++) {
            best = fmax(best, at[p]);
            best_pinned = fmax(best_pinned, pins[p] == pinned[i] ? at[p] : 0);
        }
        if (best_pinned < m->keep_need[i] - 1e-9 && short_of++ < 3) {
            char one[256];
            int n = snprintf(one, sizeof one,
                             "%s%s must keep %d of their %d cases, no department they may join%s "
                             "lets them keep more than %g",
                             short_of > 1 ? "; " : "", s->staff[i].id, m->keep_need[i], before[i],
                             best_pinned < best ? " with their pinned cases" : "", best_pinned);
            if (n > 0 && len + (size_t)n < sizeof names) {
                memcpy(names + len, one, (size_t)n + 1);
                len += (size_t)n;
            }
        }
    }
    if (short_of) {
        char more[48] = "";
        if (short_of > 3)
            snprintf(more, sizeof more, "; and %d more caseworkers", short_of - 3);
        diags_add(d, DIAG_INFEASIBLE, s->path, 0, 0, NULL, "max_cases_out %g cannot hold: %s%s",
                  s->max_cases_out, names, more);
        rc = -2;
    }
out:
    free(before);
    free(keepable);
    free(pins);
    free(pinned);
    return rc;
}

bool model_group_kept(const model *m, const double *x, int g)
{
    for (int o = m->group_next[g]; o != g; o = m->group_next[o])
        for (int k = m->classes[o].k_first; k < m->classes[o].k_first + m->classes[o].k_count; k++)
            if (x[m->keep[k].col] > 0.5)
                return true;
    return false;
}

bool model_may_hand_own(const model *m, const double *x, int g, int pair)
{
    int i = m->classes[g].owner;
    if (i < 0 || m->keep_need[i] <= 0)
        return true;
    double kept = 0;
    for (int k = m->pair_keeps_first[pair]; k < m->pair_keeps_first[pair + 1]; k++) {
        const mclass *cl = &m->classes[m->pair_keeps[k]];
        for (int f = cl->k_first; f < cl->k_first + cl->k_count; f++)
            if (m->keep[f].pair == pair)
                kept += cl->stay * x[m->keep[f].col];
    }
    return kept - m->classes[g].stay >= m->keep_need[i] - 1e-9;
}

static int build_rows(model *m)
{
    const om_scenario *s = m->s;
    lp *L = m->lp;
    load_terms pl = {0};
    int rc = -1, r;
    double pmax = peak_bound(m);
    TRY(collect_loads(m, &pl));
    for (int i = 0; i < s->n_staff; i++) {
        if (s->staff[i].leaves)
            continue;
        int p0 = m->pair_first[i], np = m->pair_count[i];
        TRY(r = lp_add_row(L, 1, 1)); /* joins exactly one department */
        for (int p = p0; p < p0 + np; p++)
            TRY(lp_add_coef(L, r, m->pairs[p].y, 1));
        int util, over;
        TRY(util = lp_add_row(L, -LP_INF, 0)); /* utilisation <= peak */
        TRY(lp_add_coef(L, util, m->col_peak, -1));
        TRY(over = lp_add_row(L, -LP_INF, 0)); /* points - capacity <= overload */
        TRY(lp_add_coef(L, over, m->col_over[i], -1));
        for (int p = p0; p < p0 + np; p++) {
            const mpair *pr = &m->pairs[p];
            int top, link = -1;
            TRY(top = lp_add_row(L, -LP_INF, 0)); /* utilisation <= department top */
            TRY(lp_add_coef(L, top, m->col_top[pr->dep], -1));
            TRY(lp_add_coef(L, over, pr->y, -pr->cap));
            if (np > 1) { /* no points where the caseworker is not placed */
                TRY(link = lp_add_row(L, -LP_INF, 0));
                TRY(m->pairs[p].link_coef = lp_add_coef(L, link, pr->y, -pr->cap * pmax));
            }
            for (int k = pl.first[p]; k < pl.first[p + 1]; k++) {
                TRY(lp_add_coef(L, util, pl.col[k], pl.w[k] / pr->cap));
                TRY(lp_add_coef(L, over, pl.col[k], pl.w[k]));
                TRY(lp_add_coef(L, top, pl.col[k], pl.w[k] / pr->cap));
                if (link >= 0)
                    TRY(lp_add_coef(L, link, pl.col[k], pl.w[k]));
            }
        }
    }
    for (int dep = 0; dep < s->n_departments; dep++) {
        const om_department *dp = &s->departments[dep];
        if (dp->min_fte <= 0 && dp->max_fte < 0)
            continue;
        TRY(r = lp_add_row(L, dp->min_fte, dp->max_fte < 0 ? LP_INF : dp->max_fte));
        for (int p = 0; p < m->n_pairs; p++)
            if (m->pairs[p].dep == dep)
                TRY(lp_add_coef(L, r, m->pairs[p].y, s->staff[m->pairs[p].staff].fte));
    }
    for (int g = 0; g < m->n_classes; g++) {
        const mclass *cl = &m->classes[g];
        if (cl->k_count == 0)
            continue;
        TRY(r = lp_add_row(L, cl->pinned ? cl->n : 0, cl->n)); /* keeps at most its cases */
        for (int k = cl->k_first; k < cl->k_first + cl->k_count; k++) {
            TRY(lp_add_coef(L, r, m->keep[k].col, 1));
            const mpair *pr = &m->pairs[m->keep[k].pair];
            if (m->pair_count[pr->staff] > 1) { /* keeps only where placed */
                int link;
                TRY(link = lp_add_row(L, -LP_INF, 0));
                TRY(lp_add_coef(L, link, m->keep[k].col, 1));
                TRY(lp_add_coef(L, link, pr->y, -cl->n));
            }
        }
    }
    for (int p = 0; p < m->n_pools; p++) {
        const mpool *po = &m->pools[p];
        TRY(r = lp_add_row(L, po->n, po->n)); /* every case kept or taken */
        for (int k = po->a_first; k < po->a_first + po->a_count; k++)
            TRY(lp_add_coef(L, r, m->take[k].col, 1));
        for (int g = 0; g < m->n_classes; g++)
            if (m->classes[g].pool == p)
                for (int k = m->classes[g].k_first;
                     k < m->classes[g].k_first + m->classes[g].k_count; k++)
                    TRY(lp_add_coef(L, r, m->keep[k].col, 1));
    }
    /* a household split today: kept by at most one of its caseworkers */
    for (int g = 0; g < m->n_classes; g++) {
        if (m->classes[g].group < 0 || !m->classes[g].lead)
            continue;
        TRY(r = lp_add_row(L, 0, 1));
        int o = g;
        do {
            for (int k = m->classes[o].k_first; k < m->classes[o].k_first + m->classes[o].k_count;
                 k++)
                TRY(lp_add_coef(L, r, m->keep[k].col, 1));
            o = m->group_next[o];
        } while (o != g);
    }
    /* max_cases_out: each keeps their share where placed (a row per pair, not per
     * caseworker: the relaxation cannot meet it by splitting them over departments) */
    for (int p = 0; p < m->n_pairs; p++) {
        int i = m->pairs[p].staff;
        if (m->keep_need[i] <= 0)
            continue;
        TRY(r = lp_add_row(L, 0, LP_INF));
        TRY(lp_add_coef(L, r, m->pairs[p].y, -m->keep_need[i]));
        for (int k = m->pair_keeps_first[p]; k < m->pair_keeps_first[p + 1]; k++) {
            const mclass *cl = &m->classes[m->pair_keeps[k]];
            for (int f = cl->k_first; f < cl->k_first + cl->k_count; f++)
                if (m->keep[f].pair == p)
                    TRY(lp_add_coef(L, r, m->keep[f].col, cl->stay));
        }
    }
    double least_over;
    case_bounds(m, &m->peak_floor, &least_over);
    lp_set_col_bounds(L, m->col_peak, m->peak_floor, LP_INF);
    if (least_over > 1e-9) {
        TRY(r = lp_add_row(L, least_over, LP_INF));
        for (int i = 0; i < s->n_staff; i++)
            if (m->col_over[i] >= 0)
                TRY(lp_add_coef(L, r, m->col_over[i], 1));
    }
    rc = 0;
out:
    free(pl.first);
    free(pl.col);
    free(pl.w);
    return rc;
}

model *model_create(const om_scenario *s, diags *d)
{
    model *m = calloc(1, sizeof *m);
    int rc = -1;
    if (!m)
        goto out;
    m->s = s;
    m->n_cases = s->n_cases;
    for (int c = 0; c < s->n_cases; c++)
        m->total_cost += case_save(s, c);
    m->over_row = -1;
    m->moved = -1;
    m->lp = lp_create();
    m->held = calloc((size_t)s->n_staff + 1, sizeof(bool));
    m->fixed = malloc(((size_t)s->n_staff + 1) * sizeof(int));
    if (!m->lp || !m->held || !m->fixed)
        goto out;
    if ((rc = build_pairs(m, d)) < 0 || (rc = build_classes(m)) < 0 || (rc = build_pools(m)) < 0 ||
        (rc = build_columns(m, d)) < 0 || (rc = index_keeps(m)) < 0 ||
        (rc = index_pool_columns(m)) < 0 || (rc = keep_needs(m, d)) < 0 || (rc = build_rows(m)) < 0)
        goto out;
out:
    if (rc == -1)
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory building the model");
    if (rc < 0)
        model_destroy(&m);
    return m;
}

void model_set_objective(model *m, model_level level)
{
    lp_clear_costs(m->lp);
    switch (level) {
    case LEVEL_PEAK:
        lp_set_cost(m->lp, m->col_peak, 1);
        break;
    case LEVEL_OVERLOAD:
        for (int i = 0; i < m->s->n_staff; i++)
            if (m->col_over[i] >= 0)
                lp_set_cost(m->lp, m->col_over[i], 1);
        break;
    case LEVEL_MOVED: /* moved = all cases - kept (or their costs) */
        lp_set_offset(m->lp, m->total_cost);
        for (int g = 0; g < m->n_classes; g++)
            for (int k = m->classes[g].k_first; k < m->classes[g].k_first + m->classes[g].k_count;
                 k++)
                lp_set_cost(m->lp, m->keep[k].col, -m->classes[g].save);
        break;
    case LEVEL_BALANCE:
        for (int dep = 0; dep < m->s->n_departments; dep++)
            lp_set_cost(m->lp, m->col_top[dep], 1);
        break;
    case LEVEL_WISHES: /* linear in the placements: each pair costs its wish's rank */
        for (int p = 0; p < m->n_pairs; p++) {
            const mpair *pr = &m->pairs[p];
            if (scenario_wishes_count(m->s, pr->staff))
                lp_set_cost(m->lp, pr->y, scenario_wish_rank(m->s, pr->staff, pr->dep));
        }
        break;
    case LEVEL_COUNT:
        break;
    }
}

/* The most of their own cases the caseworker of pair p can keep there with no
 * one above peak: lightest first (a count is best served by light cases). The
 * relaxation keeps a fraction of the next case; an integer plan cannot, so
 * bounding the count by this cuts the relaxation down to what plans can reach.
 * *all receives how many they could keep without the cap. */
static double most_kept(const model *m, int p, double peak, double *all)
{
    const int *g = m->pair_keeps + m->pair_keeps_first[p];
    int n = m->pair_keeps_first[p + 1] - m->pair_keeps_first[p];
    double room = m->pairs[p].cap * peak + 1e-9, kept = 0, total = 0;
    for (int k = 0; k < n; k++) { /* sorted by weight */
        const mclass *cl = &m->classes[g[k]];
        double fit = fmin(cl->n, floor(room / cl->weight));
        kept += fit;
        room -= fit * cl->weight;
        total += cl->n;
    }
    if (all)
        *all = total;
    return kept;
}

/* What the caseworker of pair p saves on the continuity level keeping the most
 * of their own items that fit there under peak, the items saving most per point
 * first (lightest first where every item saves the same: most_kept). A guide for
 * the placement's program, not a bound. */
static double most_saved(const model *m, int p, double peak)
{
    const int *g = m->pair_keeps + m->pair_keeps_first[p];
    int n = m->pair_keeps_first[p + 1] - m->pair_keeps_first[p];
    bool *used = calloc((size_t)n + 1, sizeof(bool));
    double room = m->pairs[p].cap * peak + 1e-9, saved = 0;
    for (int round = 0; used && round < n; round++) {
        int pick = -1; /* the unused class saving most per point, lightest on ties */
        for (int k = 0; k < n; k++) {
            const mclass *a = &m->classes[g[k]];
            if (!used[k] &&
                (pick < 0 || a->save / a->weight >
                                 m->classes[g[pick]].save / m->classes[g[pick]].weight + 1e-12))
                pick = k;
        }
        used[pick] = true;
        const mclass *cl = &m->classes[g[pick]];
        double fit = fmin(cl->n, floor(room / cl->weight));
        saved += fit * cl->save;
        room -= fit * cl->weight;
    }
    free(used);
    return saved;
}

/* Bound the cases each pair keeps by most_kept wherever the cap binds. */
static void add_keep_cards(model *m, double peak)
{
    for (int p = 0; p < m->n_pairs; p++) {
        int n = m->pair_keeps_first[p + 1] - m->pair_keeps_first[p];
        double all;
        if (n == 0 || m->pairs[p].card_coef >= 0 || most_kept(m, p, peak, &all) >= all)
            continue;
        int r = lp_add_row(m->lp, -LP_INF, 0);
        if (r < 0)
            return; /* out of memory: lp_failed tells the solver */
        for (int k = m->pair_keeps_first[p]; k < m->pair_keeps_first[p + 1]; k++) {
            const mclass *cl = &m->classes[m->pair_keeps[k]];
            for (int f = cl->k_first; f < cl->k_first + cl->k_count; f++)
                if (m->keep[f].pair == p)
                    lp_add_coef(m->lp, r, m->keep[f].col, 1);
        }
        m->pairs[p].card_coef = lp_add_coef(m->lp, r, m->pairs[p].y, -all);
    }
}

/* Whether segment g is served by no department outside the set (a bit mask). */
static bool only_in(const unsigned *served, int g, unsigned set)
{
    return served[g] && (served[g] & ~set) == 0;
}

/* Whether some segment of segment set t is (only_in). */
static bool set_only_in(const model *m, const unsigned *served, int t, unsigned set)
{
    const int *segs;
    int n;
    set_segments(m, &t, &segs, &n);
    for (int k = 0; k < n; k++)
        if (only_in(served, segs[k], set))
            return true;
    return false;
}

/* Department covers: for each set S of departments, the segments only S serves
 * carry a known load, which the caseworkers placed in S who may take them must
 * hold at the peak: sum cap y >= load / peak. Rows are added to L, whose column
 * for pair p is col[p] (NULL: p itself); row[k] and need[k] receive each row and
 * its load. Returns how many rows, or -1 when out of memory (or a row could not
 * be added: lp_failed tells the solver). Only up to 8 departments: one row per set. */
static int cover_rows(const model *m, lp *L, const int *col, double peak, const double *x0,
                      int *row, double *need)
{
    const om_scenario *s = m->s;
    int nd = s->n_departments, n = 0;
    double *load = calloc((size_t)s->n_segments + 1, sizeof(double));
    unsigned *served = calloc((size_t)s->n_segments + 1, sizeof(unsigned));
    char *takes = malloc((size_t)m->n_pairs + 1);
    if (!load || !served || !takes) {
        n = -1;
        goto out;
    }
    for (int c = 0; c < s->n_cases; c++)
        load[s->cases[c].segment] += s->cases[c].weight;
    for (int d = 0; d < nd; d++)
        for (int k = 0; k < s->departments[d].n_segments; k++)
            served[s->departments[d].segments[k]] |= 1u << d;
    for (unsigned set = 1; set < (1u << nd); set++) {
        double w = 0;
        for (int g = 0; g < s->n_segments; g++)
            w += only_in(served, g, set) ? load[g] : 0;
        if (w <= 0)
            continue;
        memset(takes, 0, (size_t)m->n_pairs);
        for (int q = 0; q < m->n_pools; q++)
            for (int k = m->pools[q].a_first; k < m->pools[q].a_first + m->pools[q].a_count; k++)
                takes[m->take[k].pair] |= set_only_in(m, served, m->pools[q].set, set);
        for (int g = 0; g < m->n_classes; g++)
            for (int k = m->classes[g].k_first; k < m->classes[g].k_first + m->classes[g].k_count;
                 k++)
                takes[m->keep[k].pair] |= set_only_in(m, served, m->classes[g].set, set);
        double had = 0;
        for (int p = 0; x0 && p < m->n_pairs; p++)
            had += takes[p] && x0[m->pairs[p].y] > 0.5 ? m->pairs[p].cap : 0;
        int r = lp_add_row(L, x0 ? fmin(had - 1e-6, w / peak) : w / peak, LP_INF);
        if (r < 0) {
            n = -1;
            goto out;
        }
        row[n] = r;
        need[n++] = w;
        for (int p = 0; p < m->n_pairs; p++)
            if (takes[p])
                lp_add_coef(L, r, col ? col[p] : p, m->pairs[p].cap);
    }
out:
    free(load);
    free(served);
    free(takes);
    return n;
}

/* The covers in the model itself, over its placement columns; once:
 * model_set_caps moves them with the peak. None rather than some when out of
 * memory: they only help. */
static void add_dep_covers(model *m, double peak)
{
    int nd = m->s->n_departments;
    int *col = malloc(((size_t)m->n_pairs + 1) * sizeof(int));
    if (nd > 8 || m->cover_row || !col) {
        free(col);
        return;
    }
    m->cover_row = malloc(((size_t)1 << nd) * sizeof(int));
    m->cover_need = malloc(((size_t)1 << nd) * sizeof(double));
    for (int p = 0; p < m->n_pairs; p++)
        col[p] = m->pairs[p].y;
    int n = m->cover_row && m->cover_need
                ? cover_rows(m, m->lp, col, peak, NULL, m->cover_row, m->cover_need)
                : -1;
    if (n < 0) {
        free(m->cover_row);
        free(m->cover_need);
        m->cover_row = NULL;
        m->cover_need = NULL;
        n = 0;
    }
    m->n_covers = n;
    free(col);
}

void model_set_caps(model *m, model_caps caps, double room)
{
    bool loose = caps == CAPS_LOOSE;
    if (m->over_row >= 0) /* a dive under a tight total rarely stays feasible */
        lp_set_row_bounds(m->lp, m->over_row, -LP_INF, m->over + (loose ? 1 + 0.02 * m->over : 0));
    if (m->peak <= 0)
        return;
    /* The links too: no one is loaded beyond the peak. */
    double peak = m->peak + (loose ? 0.02 : 0);
    lp_set_col_bounds(m->lp, m->col_peak, m->peak_floor, peak);
    for (int k = 0; k < m->n_covers; k++)
        lp_set_row_bounds(m->lp, m->cover_row[k], m->cover_need[k] / peak, LP_INF);
    for (int p = 0; p < m->n_pairs; p++) {
        if (m->pairs[p].link_coef >= 0)
            lp_change_coef(m->lp, m->pairs[p].link_coef, -fmax(0, m->pairs[p].cap * peak - room));
        if (m->pairs[p].card_coef >= 0)
            lp_change_coef(m->lp, m->pairs[p].card_coef, -most_kept(m, p, peak, NULL));
    }
}

void model_fix_level(model *m, model_level level, double value)
{
    lp *L = m->lp;
    const level_def *def = level_of(level, m->s);
    double held = value + def->tolerance * (def->relative ? fmax(1, fabs(value)) : 1);
    if (level == LEVEL_PEAK) {
        m->peak = held;
        /* where the cap binds at the peak; on overloaded data where it binds a little
         * above it, as far as CAPS_LOOSE goes: rows at the peak itself would cut
         * off the plans the loosened dives round to, and cost moves. They give
         * the moved and balance levels their bounds (docs/formulation.md) */
        add_keep_cards(m, value <= 1 ? m->peak : m->peak + 0.02);
        if (value <= 1) /* on overloaded data they slow the overload level down */
            add_dep_covers(m, m->peak);
        model_set_caps(m, CAPS_EXACT, 0);
        return;
    }
    int r = lp_add_row(L, -LP_INF, held - lp_offset(L));
    if (r < 0)
        return;
    if (level == LEVEL_OVERLOAD) {
        m->over_row = r;
        m->over = held;
    }
    if (level == LEVEL_MOVED)
        m->moved = value;
    m->balance_fixed |= level == LEVEL_BALANCE;
    m->wishes_fixed |= level == LEVEL_WISHES;
    int cols = lp_cols(L);
    for (int j = 0; j < cols; j++) {
        double lb, ub, cost;
        bool integer;
        lp_col(L, j, &lb, &ub, &cost, &integer);
        if (cost != 0)
            lp_add_coef(L, r, j, cost);
    }
}

void model_pair_loads(const model *m, const double *x, double *load)
{
    for (int p = 0; p < m->n_pairs; p++)
        load[p] = 0;
    for (int g = 0; g < m->n_classes; g++)
        for (int k = m->classes[g].k_first; k < m->classes[g].k_first + m->classes[g].k_count; k++)
            load[m->keep[k].pair] += m->classes[g].weight * x[m->keep[k].col];
    for (int q = 0; q < m->n_pools; q++)
        for (int k = m->pools[q].a_first; k < m->pools[q].a_first + m->pools[q].a_count; k++)
            load[m->take[k].pair] += m->pools[q].weight * x[m->take[k].col];
}

/* Each caseworker's department in a relaxed solution: where it puts most of
 * their utilisation (the placement variables alone say little: a tiny y can
 * carry a whole load), then the largest y. Checks the FTE bounds. */
static int choose_placement(const model *m, const double *x, const double *load, int *choice)
{
    const om_scenario *s = m->s;
    int rc = -1;
    double *fte = calloc((size_t)s->n_departments + 1, sizeof(double));
    if (!fte)
        return -1;
    for (int i = 0; i < s->n_staff; i++) {
        choice[i] = -1;
        double best_u = -1, best_y = -1;
        for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++) {
            double u = load[p] / m->pairs[p].cap, y = x[m->pairs[p].y];
            if (m->pair_own[p] < m->keep_need[i] && y < 0.5)
                continue; /* max_cases_out cannot hold there */
            if (u > best_u + 1e-9 || (u > best_u - 1e-9 && y > best_y + 1e-9)) {
                choice[i] = p;
                best_u = u;
                best_y = y;
            }
        }
        if (choice[i] >= 0)
            fte[m->pairs[choice[i]].dep] += s->staff[i].fte;
    }
    for (int dep = 0; dep < s->n_departments; dep++) {
        const om_department *dp = &s->departments[dep];
        if (fte[dep] < dp->min_fte - 1e-9 || (dp->max_fte >= 0 && fte[dep] > dp->max_fte + 1e-9))
            goto out;
    }
    rc = 0;
out:
    free(fte);
    return rc;
}

/* A min-heap of take columns by the utilisation their pair would reach with one
 * more case; ties by column order, so the result does not depend on the heap. */
typedef struct {
    int *k;
    int n;
    const model *m;
    const double *load;
    double w;
} take_heap;

static bool heap_less(const take_heap *h, int a, int b)
{
    const mpair *pa = &h->m->pairs[h->m->take[a].pair], *pb = &h->m->pairs[h->m->take[b].pair];
    double ua = (h->load[h->m->take[a].pair] + h->w) / pa->cap;
    double ub = (h->load[h->m->take[b].pair] + h->w) / pb->cap;
    return ua < ub - 1e-12 || (ua <= ub + 1e-12 && a < b);
}

static void heap_down(take_heap *h, int i)
{
    for (;;) {
        int l = 2 * i + 1, r = l + 1, least = i;
        if (l < h->n && heap_less(h, h->k[l], h->k[least]))
            least = l;
        if (r < h->n && heap_less(h, h->k[r], h->k[least]))
            least = r;
        if (least == i)
            return;
        int t = h->k[i];
        h->k[i] = h->k[least];
        h->k[least] = t;
        i = least;
    }
}

int model_fill_pool(const model *m, int q, long n, const int *choice, double *load, double *x)
{
    const mpool *po = &m->pools[q];
    if (n <= 0)
        return 0;
    take_heap h = {.k = malloc(((size_t)po->a_count + 1) * sizeof(int)),
                   .m = m,
                   .load = load,
                   .w = po->weight};
    if (!h.k)
        return -1;
    for (int k = po->a_first; k < po->a_first + po->a_count; k++)
        if (choice[m->pairs[m->take[k].pair].staff] == m->take[k].pair)
            h.k[h.n++] = k;
    for (int i = h.n / 2 - 1; i >= 0; i--)
        heap_down(&h, i);
    for (; n > 0 && h.n > 0; n--) {
        int best = h.k[0];
        x[m->take[best].col] += 1;
        load[m->take[best].pair] += po->weight;
        heap_down(&h, 0); /* only the top's key grew */
    }
    free(h.k);
    return n > 0 ? -1 : 0;
}

/* Whether staff member i's department is still open in the model. */
static bool placement_open(const model *m, int i)
{
    for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++)
        if (lp_col_lb(m->lp, m->pairs[p].y) < 0.5 && lp_col_ub(m->lp, m->pairs[p].y) > 0.5)
            return true;
    return false;
}

/* How decided open caseworker i is in the relaxation: the share of their
 * utilisation on the pair they would take at rank (0: the largest share). -1
 * when i is not open or has no such pair; *pick receives the pair. */
static double dominance(const model *m, const double *relaxed, const double *load, int i, int rank,
                        int *pick)
{
    int p0 = m->pair_first[i], np = m->pair_count[i];
    if (np < 2 || rank >= np || !placement_open(m, i))
        return -1;
    double total = 0;
    for (int p = p0; p < p0 + np; p++)
        total += load[p] / m->pairs[p].cap;
#define SHARE(p) (total > 1e-9 ? load[p] / m->pairs[p].cap / total : relaxed[m->pairs[p].y])
    for (int p = p0; p < p0 + np; p++) { /* the pair with exactly rank pairs before it */
        int before = 0;
        for (int q = p0; q < p0 + np; q++)
            before += SHARE(q) > SHARE(p) + 1e-12 || (SHARE(q) > SHARE(p) - 1e-12 && q < p);
        if (before == rank) {
            *pick = p;
            /* a pair where max_cases_out cannot hold would leave no relaxed solution */
            return m->pair_own[p] < m->keep_need[i] ? -1 : SHARE(p);
        }
    }
#undef SHARE
    return -1;
}

static void fix_pair(model *m, int i, int pick)
{
    for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++)
        lp_set_col_bounds(m->lp, m->pairs[p].y, p == pick, p == pick);
    m->held[i] = true;
    m->fixed[m->n_fixed++] = i;
}

int model_fix_dominant(model *m, const double *relaxed, double share, int at_least)
{
    const om_scenario *s = m->s;
    int fixed = 0, open = 0;
    double *load = malloc(((size_t)m->n_pairs + 1) * sizeof(double));
    double *score = malloc(((size_t)s->n_staff + 1) * sizeof(double));
    int *pick = malloc(((size_t)s->n_staff + 1) * sizeof(int));
    if (!load || !score || !pick)
        goto out;
    model_pair_loads(m, relaxed, load);
    for (int i = 0; i < s->n_staff; i++)
        open += (score[i] = dominance(m, relaxed, load, i, 0, &pick[i])) >= 0;
    /* fix every one above share, and at least at_least of the most dominant */
    for (int round = 0; round < open; round++) {
        int top = -1;
        for (int i = 0; i < s->n_staff; i++)
            if (score[i] >= 0 && (top < 0 || score[i] > score[top] + 1e-12))
                top = i;
        if (top < 0 || (score[top] < share && fixed >= at_least))
            break;
        fix_pair(m, top, pick[top]);
        score[top] = -1;
        fixed++;
    }
out:
    free(load);
    free(score);
    free(pick);
    return open == 0 ? -1 : fixed;
}

int model_fix_one(model *m, const double *relaxed, int rank)
{
    int top = -1, top_pick = -1;
    double top_score = -1;
    double *load = malloc(((size_t)m->n_pairs + 1) * sizeof(double));
    if (!load)
        return -1;
    model_pair_loads(m, relaxed, load);
    for (int i = 0; i < m->s->n_staff; i++) {
        int pick;
        double v = dominance(m, relaxed, load, i, 0, &pick);
        if (v > top_score + 1e-12) {
            top = i;
            top_score = v;
        }
    }
    if (top >= 0 && dominance(m, relaxed, load, top, rank, &top_pick) >= 0)
        fix_pair(m, top, top_pick);
    else
        top = -1;
    free(load);
    return top;
}

int model_fixes(const model *m) { return m->n_fixed; }

void model_undo_fixes(model *m, int keep)
{
    while (m->n_fixed > keep) {
        int i = m->fixed[--m->n_fixed];
        m->held[i] = false;
        for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++)
            lp_set_col_bounds(m->lp, m->pairs[p].y, 0, 1);
    }
}

void model_fix_placement(model *m, const double *x, bool for_good)
{
    for (int i = 0; i < m->s->n_staff; i++) {
        if (m->pair_count[i] < 2 || !placement_open(m, i))
            continue;
        for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++) {
            double v = x[m->pairs[p].y] > 0.5;
            lp_set_col_bounds(m->lp, m->pairs[p].y, v, v);
        }
        m->held[i] = !for_good;
    }
}

bool model_big(const model *m) { return lp_rows(m->lp) > 8000; }

double model_cold_seconds(const model *m, model_level level) { return m->cold_seconds[level]; }

void model_set_cold_seconds(model *m, model_level level, double seconds)
{
    m->cold_seconds[level] = seconds;
}

bool model_all_placed(const model *m)
{
    for (int i = 0; i < m->s->n_staff; i++)
        if (m->pair_count[i] > 1 && placement_open(m, i))
            return false;
    return true;
}

bool model_same_placement(const model *m, const double *a, const double *b)
{
    for (int p = 0; p < m->n_pairs; p++)
        if ((a[m->pairs[p].y] > 0.5) != (b[m->pairs[p].y] > 0.5))
            return false;
    return true;
}

void model_set_peak_floor(model *m, double floor)
{
    double lb, ub, cost;
    bool integer;
    lp_col(m->lp, m->col_peak, &lb, &ub, &cost, &integer);
    lp_set_col_bounds(m->lp, m->col_peak, floor < 1 ? floor : fmax(floor, m->peak_floor), ub);
}

void model_release_placement(model *m)
{
    m->n_fixed = 0;
    for (int i = 0; i < m->s->n_staff; i++) {
        if (!m->held[i])
            continue;
        m->held[i] = false;
        for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++)
            lp_set_col_bounds(m->lp, m->pairs[p].y, m->pair_count[i] == 1, 1);
    }
}

/* A kept count the rounding may raise by one: how far the relaxation was above it. */
typedef struct {
    double frac;
    int g, col;
} round_up;

static int by_frac(const void *a, const void *b)
{
    const round_up *x = a, *y = b;
    if (x->frac != y->frac)
        return x->frac < y->frac ? 1 : -1;
    return x->g - y->g; /* the same plan on every run */
}

/* Make room for w more points at pair p within limit by handing back cases it
 * takes (to the pools' leftovers), heaviest first. Returns whether it fits. */
static bool make_room(const model *m, double *x, double *load, const int *take_at, long *left,
                      int p, double w, double limit)
{
    while (load[p] + w > limit + 1e-9) {
        int q_best = -1;
        for (int q = 0; q < m->n_pools; q++) {
            int col = take_at[(size_t)q * (size_t)m->n_pairs + (size_t)p];
            if (col >= 0 && x[col] > 0.5 &&
                (q_best < 0 || m->pools[q].weight > m->pools[q_best].weight))
                q_best = q;
        }
        if (q_best < 0)
            return false;
        x[take_at[(size_t)q_best * (size_t)m->n_pairs + (size_t)p]] -= 1;
        load[p] -= m->pools[q_best].weight;
        left[q_best]++;
    }
    return true;
}

/* Rounding every kept count down would move a case for each fraction: keep one
 * more of the classes with the largest fractions, as many as the relaxation
 * keeps in all beyond the rounded counts, where the owner has room under the
 * peak (handing back cases they take to make it). */
static int round_keeps_up(const model *m, const double *relaxed, const int *choice, double *x,
                          long *left)
{
    round_up *up = malloc(((size_t)m->n_classes + 1) * sizeof(round_up));
    double *load = malloc(((size_t)m->n_pairs + 1) * sizeof(double));
    const int *take_at = m->take_at;
    int n = 0, rc = -1;
    double total = 0, floors = 0, lb, peak, cost;
    bool integer;
    lp_col(m->lp, m->col_peak, &lb, &peak, &cost, &integer);
    if (!up || !load)
        goto out;
    model_pair_loads(m, x, load);
    for (int g = 0; g < m->n_classes; g++) {
        const mclass *cl = &m->classes[g];
        for (int k = cl->k_first; k < cl->k_first + cl->k_count && cl->pool >= 0; k++)
            if (choice[cl->owner] == m->keep[k].pair) {
                total += relaxed[m->keep[k].col];
                floors += x[m->keep[k].col];
                if (x[m->keep[k].col] < cl->n)
                    up[n++] =
                        (round_up){relaxed[m->keep[k].col] - x[m->keep[k].col], g, m->keep[k].col};
            }
    }
    qsort(up, (size_t)n, sizeof *up, by_frac);
    long more = (long)floor(total - floors + 0.5);
    for (int i = 0; i < n && more > 0 && up[i].frac > 1e-9; i++) {
        const mclass *cl = &m->classes[up[i].g];
        int p = choice[cl->owner];
        if (left[cl->pool] <= 0 || (cl->group >= 0 && model_group_kept(m, x, up[i].g)) ||
            !make_room(m, x, load, take_at, left, p, cl->weight, m->pairs[p].cap * peak))
            continue;
        x[up[i].col] += 1;
        load[p] += cl->weight;
        left[cl->pool]--;
        more--;
    }
    rc = 0;
out:
    free(up);
    free(load);
    return rc;
}

/* Where two caseworkers keep a household split today (a group), the one whose
 * keeping saves most keeps it (the first on a tie); the others hand it back to its pool. */
static void one_keeps_each_group(const model *m, double *x, long *left)
{
    for (int g = 0; g < m->n_classes; g++) {
        const mclass *cl = &m->classes[g];
        if (cl->group < 0)
            continue;
        for (int k = cl->k_first; k < cl->k_first + cl->k_count; k++) {
            if (x[m->keep[k].col] < 0.5)
                continue;
            bool beaten = false;
            for (int o = m->group_next[g]; o != g && !beaten; o = m->group_next[o])
                for (int f = m->classes[o].k_first;
                     f < m->classes[o].k_first + m->classes[o].k_count && !beaten; f++)
                    beaten = x[m->keep[f].col] > 0.5 &&
                             (m->classes[o].save > cl->save + 1e-9 ||
                              (m->classes[o].save > cl->save - 1e-9 && o < g));
            if (beaten) {
                x[m->keep[k].col] = 0;
                left[cl->pool]++;
            }
        }
    }
}

/* max_cases_out after rounding: where a caseworker keeps less than keep_need at
 * their pair, keep more of their own items, from the leftovers of its pool or
 * else from whoever takes one. Plans the local moves then bring within the caps. */
static void keep_own_share(const model *m, const int *choice, double *x, long *left)
{
    for (int i = 0; i < m->s->n_staff; i++) {
        int p = choice[i];
        if (m->keep_need[i] <= 0 || p < 0)
            continue;
        double kept = 0;
        for (int k = m->pair_keeps_first[p]; k < m->pair_keeps_first[p + 1]; k++) {
            const mclass *cl = &m->classes[m->pair_keeps[k]];
            for (int f = cl->k_first; f < cl->k_first + cl->k_count; f++)
                kept += m->keep[f].pair == p ? cl->stay * x[m->keep[f].col] : 0;
        }
        for (int k = m->pair_keeps_first[p];
             k < m->pair_keeps_first[p + 1] && kept < m->keep_need[i] - 1e-9; k++) {
            const mclass *cl = &m->classes[m->pair_keeps[k]];
            int col = -1;
            for (int f = cl->k_first; f < cl->k_first + cl->k_count; f++)
                col = m->keep[f].pair == p ? m->keep[f].col : col;
            if (cl->group >= 0 && model_group_kept(m, x, m->pair_keeps[k]))
                continue;
            while (cl->pool >= 0 && col >= 0 && x[col] < cl->n - 0.5 &&
                   kept < m->keep_need[i] - 1e-9) {
                if (left[cl->pool] > 0) {
                    left[cl->pool]--;
                } else {
                    const int *row = m->take_at + (size_t)cl->pool * (size_t)m->n_pairs;
                    int from = -1;
                    for (int r = 0; r < m->n_pairs && from < 0; r++)
                        from = row[r] >= 0 && x[row[r]] > 0.5 ? row[r] : -1;
                    if (from < 0)
                        break;
                    x[from] -= 1;
                }
                x[col] += 1;
                kept += cl->stay;
            }
        }
    }
}

/* A pool in the order its cases left over are handed out. */
typedef struct {
    double weight;
    int takers, q;
} pool_order;

static int cmp_pool_order(const void *a, const void *b)
{
    const pool_order *pa = a, *pb = b;
    if (pa->weight != pb->weight)
        return pa->weight > pb->weight ? -1 : 1;
    if (pa->takers != pb->takers)
        return pa->takers < pb->takers ? -1 : 1;
    return (pa->q > pb->q) - (pa->q < pb->q);
}

/* The pools, the heaviest cases first, then those fewest may take: where the
 * caps leave little room, the light cases that many may take fit into what
 * the others leave (as bins are packed, largest first). NULL: out of memory. */
static pool_order *pools_hardest_first(const model *m)
{
    pool_order *order = malloc(((size_t)m->n_pools + 1) * sizeof(pool_order));
    if (!order)
        return NULL;
    for (int q = 0; q < m->n_pools; q++)
        order[q] = (pool_order){m->pools[q].weight, m->pools[q].a_count, q};
    qsort(order, (size_t)m->n_pools, sizeof *order, cmp_pool_order);
    return order;
}

int model_round(const model *m, const double *relaxed, double *x)
{
    const om_scenario *s = m->s;
    int rc = -1, cols = lp_cols(m->lp);
    pool_order *order = NULL;
    int *choice = malloc(((size_t)s->n_staff + 1) * sizeof(int));
    double *load = malloc(((size_t)m->n_pairs + 1) * sizeof(double));
    long *left = calloc((size_t)m->n_pools + 1, sizeof(long));
    if (!choice || !load || !left)
        goto out;
    model_pair_loads(m, relaxed, load);
    if (choose_placement(m, relaxed, load, choice) < 0)
        goto out;
    for (int j = 0; j < cols; j++)
        x[j] = 0;
    for (int p = 0; p < m->n_pairs; p++)
        x[m->pairs[p].y] = choice[m->pairs[p].staff] == p;
    for (int q = 0; q < m->n_pools; q++)
        left[q] = m->pools[q].n;
    /* kept and taken cases: the relaxation's counts, rounded down */
    for (int g = 0; g < m->n_classes; g++) {
        const mclass *cl = &m->classes[g];
        long kept = 0;
        for (int k = cl->k_first; k < cl->k_first + cl->k_count; k++)
            if (choice[cl->owner] == m->keep[k].pair) {
                kept = cl->pinned ? cl->n : (long)floor(relaxed[m->keep[k].col] + 1e-9);
                x[m->keep[k].col] = (double)kept;
            }
        if (cl->pinned && kept < cl->n)
            goto out; /* the owner sits where the pinned cases cannot stay */
        if (cl->pool >= 0)
            left[cl->pool] -= kept;
    }
    one_keeps_each_group(m, x, left);
    for (int q = 0; q < m->n_pools; q++)
        for (int k = m->pools[q].a_first; k < m->pools[q].a_first + m->pools[q].a_count; k++)
            if (choice[m->pairs[m->take[k].pair].staff] == m->take[k].pair) {
                long take = (long)floor(relaxed[m->take[k].col] + 1e-9);
                take = take < left[q] ? take : left[q];
                x[m->take[k].col] = (double)take;
                left[q] -= take;
            }
    if (round_keeps_up(m, relaxed, choice, x, left) < 0)
        goto out;
    keep_own_share(m, choice, x, left);
    model_pair_loads(m, x, load);
    if (!(order = pools_hardest_first(m)))
        goto out;
    for (int k = 0; k < m->n_pools; k++)
        if (model_fill_pool(m, order[k].q, left[order[k].q], choice, load, x) < 0)
            goto out;
    model_polish(m, x);
    rc = 0;
out:
    free(choice);
    free(load);
    free(left);
    free(order);
    return rc;
}

/* How well moving a caseworker of fte f serves a department need FTE away from
 * its bound: one who fits the need, the closest first, before one who passes
 * it, the least over first; higher is better. */
static double fte_fit(double f, double need) { return f <= need + 1e-9 ? f : -f; }

/* Place the caseworker of pair p there instead of where at says (fte: per department). */
static void move_to(const model *m, double *guess, double *fte, int *at, int p)
{
    int i = m->pairs[p].staff;
    double f = m->s->staff[i].fte;
    guess[m->pairs[at[i]].y] = 0;
    guess[m->pairs[p].y] = 1;
    fte[m->pairs[at[i]].dep] -= f;
    fte[m->pairs[p].dep] += f;
    at[i] = p;
}

/* Where a department is still outside its FTE bounds after the greedy (when they
 * are close, say min_fte = max_fte, only some subsets of the FTEs fit: 0.8 + 0.75
 * + 0.75 + 0.5 + 0.5 for 3.3), choose its members anew: of those who may join it,
 * a subset whose FTE, in hundredths, lands within the bounds (a subset sum, each
 * reachable sum remembering who first reached it); those left out go where most
 * of their own points can stay. */
static void fill_exactly(const model *m, double *guess, double *fte, int *at, const double *own,
                         const int *pins, const int *pinned)
{
    const om_scenario *s = m->s;
    int n = 0;
    for (int i = 0; i < s->n_staff; i++)
        n += (int)lround(100 * s->staff[i].fte);
    int *reached_by = malloc(((size_t)n + 1) * sizeof(int));    /* staff, or -1 */
    int *join = malloc(((size_t)s->n_staff + 1) * sizeof(int)); /* pair in d, or -1 */
    bool *chosen = malloc((size_t)s->n_staff + 1);
    if (!reached_by || !join || !chosen)
        goto out;
    for (int d = 0; d < s->n_departments; d++) {
        const om_department *dp = &s->departments[d];
        if (fte[d] >= dp->min_fte - 1e-9 && (dp->max_fte < 0 || fte[d] <= dp->max_fte + 1e-9))
            continue;
        /* who can be nowhere else is in it from the start */
        int base = 0;
        for (int i = 0; i < s->n_staff; i++) {
            join[i] = -1;
            int elsewhere = 0;
            for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++) {
                if (pins[p] != pinned[i] || at[i] < 0)
                    continue;
                if (m->pairs[p].dep == d)
                    join[i] = p;
                else
                    elsewhere++;
            }
            chosen[i] = join[i] >= 0 && elsewhere == 0;
            base += chosen[i] ? (int)lround(100 * s->staff[i].fte) : 0;
        }
        for (int t = 0; t <= n; t++)
            reached_by[t] = -1;
        reached_by[base] = s->n_staff;
        /* its members first, so that a sum is reached by them where it can be */
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < s->n_staff; i++) {
                if (chosen[i] || join[i] < 0 || (m->pairs[at[i]].dep == d) != (pass == 0))
                    continue;
                int w = (int)lround(100 * s->staff[i].fte);
                for (int t = n; t >= w; t--)
                    if (reached_by[t] < 0 && reached_by[t - w] >= 0)
                        reached_by[t] = i;
            }
        /* the sum within the bounds nearest the FTE it has */
        int lo = (int)ceil(100 * dp->min_fte - 1e-6);
        int hi = dp->max_fte >= 0 ? (int)floor(100 * dp->max_fte + 1e-6) : n;
        bool above = fte[d] > dp->min_fte;
        int t = above ? (hi < n ? hi : n) : lo;
        while (t >= lo && t <= hi && t <= n && reached_by[t] < 0)
            t += above ? -1 : 1;
        if (t < lo || t > hi || t > n)
            continue;
        for (; t > base; t -= (int)lround(100 * s->staff[reached_by[t]].fte))
            chosen[reached_by[t]] = true;
        for (int i = 0; i < s->n_staff; i++) {
            if (chosen[i] && m->pairs[at[i]].dep != d) {
                move_to(m, guess, fte, at, join[i]);
            } else if (!chosen[i] && at[i] >= 0 && m->pairs[at[i]].dep == d) {
                int best = -1;
                for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++) {
                    const om_department *to = &s->departments[m->pairs[p].dep];
                    if (m->pairs[p].dep != d && pins[p] == pinned[i] &&
                        (to->max_fte < 0 ||
                         fte[m->pairs[p].dep] + s->staff[i].fte <= to->max_fte + 1e-9) &&
                        (best < 0 || own[p] > own[best]))
                        best = p;
                }
                if (best >= 0)
                    move_to(m, guess, fte, at, best);
            }
        }
    }
out:
    free(reached_by);
    free(join);
    free(chosen);
}

/* Move caseworkers in guess (a placement: y columns set) until every department's
 * FTE is within its min_fte and max_fte, as far as a greedy can: into a department
 * short of its minimum, from one that keeps its own; out of one above its maximum,
 * to one that stays within its own; each time the caseworker whose FTE fits the
 * gap best (fte_fit), then who leaves fewest of their own points (own), where their
 * pinned cases can stay (pins, pinned: as model_greedy counts them). */
static void fit_fte_bounds(const model *m, double *guess, const double *own, const int *pins,
                           const int *pinned)
{
    const om_scenario *s = m->s;
    double *fte = calloc((size_t)s->n_departments + 1, sizeof(double));
    int *at = malloc(((size_t)s->n_staff + 1) * sizeof(int)); /* each one's pair, or -1 */
    if (!fte || !at)
        goto out;
    for (int i = 0; i < s->n_staff; i++) {
        at[i] = -1;
        for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++)
            if (guess[m->pairs[p].y] > 0.5) {
                at[i] = p;
                fte[m->pairs[p].dep] += s->staff[i].fte;
            }
    }
    for (int step = 0; step < 2 * s->n_staff; step++) {
        int d = -1;
        double need = 0;
        bool short_of_min = false;
        for (int dep = 0; dep < s->n_departments && d < 0; dep++) {
            const om_department *dp = &s->departments[dep];
            if (fte[dep] < dp->min_fte - 1e-9) {
                d = dep, need = dp->min_fte - fte[dep], short_of_min = true;
            } else if (dp->max_fte >= 0 && fte[dep] > dp->max_fte + 1e-9) {
                d = dep, need = fte[dep] - dp->max_fte;
            }
        }
        if (d < 0)
            break;
        int from = -1, to = -1;
        double best_fit = 0, best_loss = 0;
        for (int i = 0; i < s->n_staff; i++) {
            int cur = at[i];
            double f = s->staff[i].fte;
            if (cur < 0 || (m->pairs[cur].dep == d) != !short_of_min)
                continue;
            const om_department *left = &s->departments[m->pairs[cur].dep];
            if (short_of_min && fte[m->pairs[cur].dep] - f < left->min_fte - 1e-9)
                continue;
            for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++) {
                const om_department *joined = &s->departments[m->pairs[p].dep];
                if (p == cur || pins[p] != pinned[i] || (short_of_min && m->pairs[p].dep != d) ||
                    (joined->max_fte >= 0 && fte[m->pairs[p].dep] + f > joined->max_fte + 1e-9))
                    continue;
                double fit = fte_fit(f, need), loss = own[cur] - own[p];
                if (from < 0 || fit > best_fit + 1e-9 ||
                    (fit > best_fit - 1e-9 && loss < best_loss - 1e-9))
                    from = cur, to = p, best_fit = fit, best_loss = loss;
            }
        }
        if (from < 0)
            break;
        move_to(m, guess, fte, at, to);
    }
    fill_exactly(m, guess, fte, at, own, pins, pinned);
out:
    free(fte);
    free(at);
}

/* Per pair, the points of its caseworker's own cases it may keep, and how many
 * pinned classes it keeps; per staff member, how many pinned classes they hold
 * (index n_staff: cases with no caseworker). A pair where pins[p] < pinned[staff]
 * would break a pin. */
static void own_points(const model *m, double *own, int *pins, int *pinned)
{
    for (int g = 0; g < m->n_classes; g++) {
        pinned[m->classes[g].owner >= 0 ? m->classes[g].owner : m->s->n_staff] +=
            m->classes[g].pinned;
        for (int k = m->classes[g].k_first; k < m->classes[g].k_first + m->classes[g].k_count;
             k++) {
            own[m->keep[k].pair] += m->classes[g].n * m->classes[g].weight;
            pins[m->keep[k].pair] += m->classes[g].pinned;
        }
    }
}

/* From a guess that places everyone (guess[y] of one pair each set): every
 * class kept where its owner is placed, model_round hands out the rest. */
static int greedy_finish(const model *m, double *guess, double *x)
{
    for (int g = 0; g < m->n_classes; g++)
        for (int k = m->classes[g].k_first; k < m->classes[g].k_first + m->classes[g].k_count; k++)
            if (guess[m->pairs[m->keep[k].pair].y] > 0.5)
                guess[m->keep[k].col] = m->classes[g].n;
    return model_round(m, guess, x);
}

lp *model_placement_lp(const model *m, double peak, double spare, const double *x0)
{
    const om_scenario *s = m->s;
    lp *L = lp_create();
    double *own = calloc((size_t)m->n_pairs + 1, sizeof(double));
    int *pins = calloc((size_t)m->n_pairs + 1, sizeof(int));
    int *pinned = calloc((size_t)s->n_staff + 1, sizeof(int));
    if (!L || !own || !pins || !pinned) {
        lp_destroy(&L);
        goto out;
    }
    own_points(m, own, pins, pinned);
    /* column p is pair p; most own points kept first, or most own cases */
    for (int p = 0; p < m->n_pairs; p++) {
        bool pin_ok = pins[p] == pinned[m->pairs[p].staff];
        double gain = peak > 0 ? most_saved(m, p, peak) : own[p];
        lp_add_col(L, 0, pin_ok ? 1 : 0, -gain, true);
    }
    for (int i = 0; i < s->n_staff; i++) {
        if (m->pair_count[i] == 0)
            continue;
        int r = lp_add_row(L, 1, 1);
        for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++)
            lp_add_coef(L, r, p, 1);
    }
    for (int d = 0; d < s->n_departments; d++) {
        double lo = s->departments[d].min_fte, hi = s->departments[d].max_fte;
        if (lo <= 0 && hi < 0)
            continue;
        int r = lp_add_row(L, lo > 0 ? lo - 1e-9 : -LP_INF, hi >= 0 ? hi + 1e-9 : LP_INF);
        for (int p = 0; p < m->n_pairs; p++)
            if (m->pairs[p].dep == d)
                lp_add_coef(L, r, p, s->staff[m->pairs[p].staff].fte);
    }
    /* every case ends with someone placed who may take its pool's cases */
    for (int q = 0; q < m->n_pools; q++) {
        if (m->pools[q].n == 0)
            continue;
        int r = lp_add_row(L, 1, LP_INF);
        for (int k = m->pools[q].a_first; k < m->pools[q].a_first + m->pools[q].a_count; k++)
            lp_add_coef(L, r, m->take[k].pair, 1);
    }
    if (peak > 0 && m->s->n_departments <= 8) {
        int *row = malloc(((size_t)1 << m->s->n_departments) * sizeof(int));
        double *need = malloc(((size_t)1 << m->s->n_departments) * sizeof(double));
        if (!row || !need || cover_rows(m, L, NULL, peak * (1 - spare), x0, row, need) < 0)
            lp_destroy(&L);
        free(row);
        free(need);
    }
out:
    free(own);
    free(pins);
    free(pinned);
    return L;
}

/* Hall's condition for a placement: every set T of segments needs, at the
 * held peak, the capacity of the placed caseworkers who may take one of them
 * (the load of T <= peak x that capacity), else no plan spreads the load,
 * whole cases or not; and, where the overload is held, at their caps: the
 * load of T above that capacity is overload whatever the plan. Up to 16
 * segments: every set is tried. */
int model_cover_cut(const model *m, lp *P, const double *placed, double spare)
{
    const om_scenario *s = m->s;
    int ns = s->n_segments, rc = -1;
    if (ns > 16)
        return 0;
    double *load = calloc((size_t)ns + 1, sizeof(double));
    unsigned *takes = calloc((size_t)m->n_pairs + 1, sizeof(unsigned));
    if (!load || !takes)
        goto out;
    for (int c = 0; c < s->n_cases; c++)
        load[s->cases[c].segment] += s->cases[c].weight;
    for (int p = 0; p < m->n_pairs; p++)
        for (int g = 0; g < ns; g++)
            if (load[g] > 0 && pair_takes(m, &m->pairs[p], g))
                takes[p] |= 1u << g;
    unsigned worst = 0;
    double most = 1e-6, worst_need = 0;
    for (unsigned set = 1; set < (1u << ns); set++) {
        double load_t = 0, cap = 0;
        for (int g = 0; g < ns; g++)
            load_t += set >> g & 1 ? load[g] : 0;
        if (load_t <= 0)
            continue;
        double need =
            fmax(load_t / (m->peak * (1 - spare)), m->over_row >= 0 ? load_t - m->over : 0);
        for (int p = 0; p < m->n_pairs; p++)
            cap += placed[p] > 0.5 && (takes[p] & set) ? m->pairs[p].cap : 0;
        if (need - cap > most) {
            most = need - cap;
            worst = set;
            worst_need = need;
        }
    }
    rc = 0;
    if (worst) {
        int r = lp_add_row(P, worst_need, LP_INF);
        for (int p = 0; r >= 0 && p < m->n_pairs; p++)
            if (takes[p] & worst)
                lp_add_coef(P, r, p, m->pairs[p].cap);
        rc = r < 0 ? -1 : 1;
    }
out:
    free(load);
    free(takes);
    return rc;
}

double model_peak(const model *m) { return m->peak; }

double *model_placement_of(const model *m, const double *x)
{
    double *placed = malloc(((size_t)m->n_pairs + 1) * sizeof(double));
    for (int p = 0; placed && p < m->n_pairs; p++)
        placed[p] = x[m->pairs[p].y] > 0.5;
    return placed;
}

int model_greedy_at(const model *m, const double *placed, double *x)
{
    int cols = lp_cols(m->lp);
    double *guess = calloc((size_t)cols + 1, sizeof(double));
    if (!guess)
        return -1;
    for (int p = 0; p < m->n_pairs; p++)
        guess[m->pairs[p].y] = placed[p] > 0.5;
    int rc = greedy_finish(m, guess, x);
    free(guess);
    return rc;
}

int model_greedy(const model *m, double *x)
{
    /* a pseudo-relaxation: everyone where most of their own points can stay,
     * keeping all they can there; model_round hands out the rest */
    int cols = lp_cols(m->lp), rc = -1;
    double *guess = calloc((size_t)cols + 1, sizeof(double));
    double *own = calloc((size_t)m->n_pairs + 1, sizeof(double));
    int *pins = calloc((size_t)m->n_pairs + 1, sizeof(int));      /* pinned classes kept there */
    int *pinned = calloc((size_t)m->s->n_staff + 1, sizeof(int)); /* pinned classes held */
    if (!guess || !own || !pins || !pinned)
        goto out;
    own_points(m, own, pins, pinned);
    for (int i = 0; i < m->s->n_staff; i++) {
        int home = -1;
        for (int pass = 0; pass < 2 && home < 0; pass++) /* first where max_cases_out holds */
            for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++)
                if (pins[p] == pinned[i] && (pass || m->pair_own[p] >= m->keep_need[i]) &&
                    (home < 0 || own[p] > own[home] + 1e-9))
                    home = p;
        if (home >= 0)
            guess[m->pairs[home].y] = 1;
    }
    /* a pool nobody placed can take: move there the one who leaves least behind */
    for (int q = 0; q < m->n_pools; q++) {
        int pick = -1;
        bool taken = false;
        for (int k = m->pools[q].a_first; k < m->pools[q].a_first + m->pools[q].a_count && !taken;
             k++) {
            int p = m->take[k].pair;
            taken = guess[m->pairs[p].y] > 0.5;
            if (!taken && pins[p] == pinned[m->pairs[p].staff] && (pick < 0 || own[p] < own[pick]))
                pick = p;
        }
        if (taken || pick < 0)
            continue;
        int i = m->pairs[pick].staff;
        for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++)
            guess[m->pairs[p].y] = p == pick;
    }
    fit_fte_bounds(m, guess, own, pins, pinned);
    rc = greedy_finish(m, guess, x);
out:
    free(guess);
    free(own);
    free(pins);
    free(pinned);
    return rc;
}

/* Every case of item t to staff. */
static void hand_item(const model *m, int t, int staff, int *assignment)
{
    for (int e = m->item_start[t]; e < m->item_start[t] + m->item_len[t]; e++)
        assignment[m->item_cases[e]] = staff;
}

int model_expand(const model *m, const double *x, int *placement, int *assignment)
{
    const om_scenario *s = m->s;
    /* per pool, the items not kept, in class order */
    int *queue = malloc(((size_t)m->n_items + 1) * sizeof(int));
    int *qfirst = calloc((size_t)m->n_pools + 1, sizeof(int));
    int *qlen = calloc((size_t)m->n_pools + 1, sizeof(int));
    int rc = -1;
    if (!queue || !qfirst || !qlen)
        goto out;
    for (int i = 0; i < s->n_staff; i++) {
        placement[i] = -1;
        for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++)
            if (x[m->pairs[p].y] > 0.5)
                placement[i] = m->pairs[p].dep;
    }
    for (int p = 0, at = 0; p < m->n_pools; p++) {
        qfirst[p] = at;
        at += m->pools[p].n;
    }
    for (int g = 0; g < m->n_classes; g++) {
        const mclass *cl = &m->classes[g];
        long kept = 0;
        for (int k = cl->k_first; k < cl->k_first + cl->k_count; k++)
            kept += num_round(x[m->keep[k].col]);
        if (cl->pinned)
            kept = cl->n;
        for (int c = 0; c < cl->n; c++) {
            int t = m->class_items[cl->first + c];
            if (c < kept)
                hand_item(m, t, cl->owner, assignment);
            else if (cl->group < 0 || (cl->lead && !model_group_kept(m, x, g)))
                queue[qfirst[cl->pool] + qlen[cl->pool]++] = t; /* a group's once */
        }
    }
    for (int p = 0; p < m->n_pools; p++) {
        const mpool *po = &m->pools[p];
        int next = 0, last = -1;
        for (int k = po->a_first; k < po->a_first + po->a_count; k++) {
            long take = num_round(x[m->take[k].col]);
            int staff = m->pairs[m->take[k].pair].staff;
            if (take > 0)
                last = staff;
            for (; take > 0 && next < qlen[p]; take--)
                hand_item(m, queue[qfirst[p] + next++], staff, assignment);
        }
        /* rounding can only leave cases over when the solution is broken */
        for (; next < qlen[p]; next++)
            hand_item(m, queue[qfirst[p] + next], last, assignment);
    }
    rc = 0;
out:
    free(queue);
    free(qfirst);
    free(qlen);
    return rc;
}

/* The pair of staff i in department d, or -1. */
static int pair_of(const model *m, int i, int d)
{
    for (int p = m->pair_first[i]; p < m->pair_first[i] + m->pair_count[i]; p++)
        if (m->pairs[p].dep == d)
            return p;
    return -1;
}

/* Count item t (of class g) in x: kept by g's owner where the plan leaves all its cases
 * with them, else taken at the pair of whoever has them. 0, or -1 when x has no column. */
static int encode_item(const model *m, const int *placement, const int *assignment, int g, int t,
                       double *x)
{
    const mclass *cl = &m->classes[g];
    int holder = assignment[m->item_cases[m->item_start[t]]];
    int p = holder >= 0 ? pair_of(m, holder, placement[holder]) : -1;
    for (int e = m->item_start[t]; e < m->item_start[t] + m->item_len[t]; e++)
        if (assignment[m->item_cases[e]] != holder)
            return -1; /* a household the plan splits */
    if (p < 0)
        return -1;
    /* a group's household: kept by the class of its holder, if it is one of them */
    int o = g;
    do {
        for (int k = m->classes[o].k_first;
             m->classes[o].owner == holder && k < m->classes[o].k_first + m->classes[o].k_count;
             k++)
            if (m->keep[k].pair == p) {
                x[m->keep[k].col] += 1;
                return 0;
            }
        o = m->group_next[o];
    } while (o != g);
    int col = cl->pool >= 0 ? m->take_at[(size_t)cl->pool * (size_t)m->n_pairs + (size_t)p] : -1;
    if (col < 0)
        return -1;
    x[col] += 1;
    return 0;
}

int model_encode(const model *m, const int *placement, const int *assignment, double *x)
{
    const om_scenario *s = m->s;
    int cols = lp_cols(m->lp);
    for (int j = 0; j < cols; j++)
        x[j] = 0;
    for (int i = 0; i < s->n_staff; i++) {
        int p = placement[i] >= 0 ? pair_of(m, i, placement[i]) : -1;
        if (p < 0 && !s->staff[i].leaves)
            return -1;
        if (p >= 0)
            x[m->pairs[p].y] = 1;
    }
    for (int g = 0; g < m->n_classes; g++) {
        if (m->classes[g].group >= 0 && !m->classes[g].lead)
            continue; /* its lead counts the household */
        for (int c = 0; c < m->classes[g].n; c++)
            if (encode_item(m, placement, assignment, g, m->class_items[m->classes[g].first + c],
                            x) < 0)
                return -1;
    }
    model_polish(m, x);
    return 0;
}

void model_polish(const model *m, double *x)
{
    const om_scenario *s = m->s;
    int cols = lp_cols(m->lp);
    for (int j = 0; j < cols; j++) {
        double lb, ub, cost;
        bool integer;
        lp_col(m->lp, j, &lb, &ub, &cost, &integer);
        if (integer)
            x[j] = (double)num_round(x[j]);
    }
    double *load = malloc(((size_t)m->n_pairs + 1) * sizeof(double));
    if (!load)
        return; /* x stays a valid, if loose, solution */
    model_pair_loads(m, x, load);
    x[m->col_peak] = m->peak_floor;
    for (int dep = 0; dep < s->n_departments; dep++)
        x[m->col_top[dep]] = 0;
    for (int i = 0; i < s->n_staff; i++)
        if (m->col_over[i] >= 0)
            x[m->col_over[i]] = 0;
    for (int p = 0; p < m->n_pairs; p++) {
        const mpair *pr = &m->pairs[p];
        if (x[pr->y] < 0.5)
            continue;
        double u = load[p] / pr->cap;
        x[m->col_peak] = fmax(x[m->col_peak], u);
        x[m->col_top[pr->dep]] = fmax(x[m->col_top[pr->dep]], u);
        x[m->col_over[pr->staff]] = fmax(0, load[p] - pr->cap);
    }
    free(load);
}
