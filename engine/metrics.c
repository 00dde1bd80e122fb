/* metrics.c - recompute what a plan means from the scenario and the assignment */
#include "metrics.h"

#include "household.h"

#include <math.h>
#include <stdlib.h>

static const char *const reason_names[] = {"kept",         "caseworker_leaves", "department_change",
                                           "over_cap",     "no_caseworker",     "pinned"};

const char *metrics_reason_name(om_reason r) { return reason_names[r]; }

void metrics_destroy(om_metrics **mp)
{
    if (!mp || !*mp)
        return;
    free((*mp)->caseworkers);
    free((*mp)->departments);
    free((*mp)->reason);
    free((*mp)->handovers);
    free((*mp)->splits);
    free(*mp);
    *mp = NULL;
}

static om_reason reason_of(const om_scenario *s, const om_plan *p, int c)
{
    const om_case *cs = &s->cases[c];
    int from = cs->caseworker;
    if (from >= 0 && p->assignment[c] == from)
        return cs->pinned ? REASON_PINNED : REASON_KEPT;
    if (from < 0)
        return REASON_NO_CASEWORKER;
    if (s->staff[from].leaves)
        return REASON_CASEWORKER_LEAVES;
    if (!scenario_serves(s, p->placement[from], cs->segment) ||
        !scenario_qualified(s, from, cs->segment))
        return REASON_DEPARTMENT_CHANGE;
    return REASON_OVER_CAP;
}

static int by_pair(const void *a, const void *b)
{
    const om_handover *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->to < y->to ? -1 : x->to > y->to;
}

/* Sort the n handovers by from, then to, each by staff id in byte order (not
 * input order: docs/formats.md). Returns 0, or -1 when out of memory. */
static int sort_handovers(const om_scenario *s, om_handover *h, int n)
{
    int *order = scenario_order_by_id(&s->staff[0].id, sizeof(om_staff), s->n_staff);
    int *rank = malloc(((size_t)s->n_staff + 1) * sizeof *rank);
    if (!order || !rank) {
        free(order);
        free(rank);
        return -1;
    }
    for (int r = 0; r < s->n_staff; r++)
        rank[order[r]] = r;
    for (int i = 0; i < n; i++) {
        h[i].from = rank[h[i].from];
        h[i].to = rank[h[i].to];
    }
    qsort(h, (size_t)n, sizeof *h, by_pair);
    for (int i = 0; i < n; i++) {
        h[i].from = order[h[i].from];
        h[i].to = order[h[i].to];
    }
    free(order);
    free(rank);
    return 0;
}

/* How many caseworkers household h's cases have in who[] (per case): 0, 1, or 2 for more. */
static int caseworkers_of(const hh_index *x, int h, const int *who)
{
    int first = -1;
    for (int k = x->first[h]; k < x->first[h + 1]; k++) {
        int i = who[x->cases[k]];
        if (i >= 0 && first >= 0 && i != first)
            return 2;
        if (i >= 0)
            first = i;
    }
    return first >= 0;
}

/* kpis.households and the households split after the plan. 0, or -1 when out of memory. */
static int count_households(const om_scenario *s, const om_plan *p, om_metrics *m)
{
    om_kpis *k = &m->kpis;
    int *before = malloc(((size_t)s->n_cases + 1) * sizeof(int));
    hh_index *x = hh_create(s);
    m->splits = malloc(((size_t)s->n_households + 1) * sizeof(int));
    int rc = -1;
    if (!before || !x || !m->splits)
        goto out;
    for (int c = 0; c < s->n_cases; c++) {
        before[c] = s->cases[c].caseworker;
        k->move_cost += p->assignment[c] != before[c] ? scenario_case_cost(s, c) : 0;
    }
    k->households = s->n_households;
    for (int h = 0; h < s->n_households; h++) {
        bool one = caseworkers_of(x, h, p->assignment) <= 1;
        k->together += one;
        k->united += one && caseworkers_of(x, h, before) > 1;
        if (!one)
            m->splits[m->n_splits++] = h;
    }
    k->split = m->n_splits;
    rc = 0;
out:
    free(before);
    hh_destroy(&x);
    return rc;
}

om_metrics *metrics_create(const om_scenario *s, const om_plan *p)
{
    om_metrics *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->caseworkers = calloc((size_t)s->n_staff + 1, sizeof(om_cw_stats));
    m->departments = calloc((size_t)s->n_departments + 1, sizeof(om_dep_stats));
    m->reason = malloc((size_t)s->n_cases + 1);
    m->handovers = malloc(((size_t)s->n_cases + 1) * sizeof(om_handover));
    if (!m->caseworkers || !m->departments || !m->reason || !m->handovers) {
        metrics_destroy(&m);
        return NULL;
    }
    om_kpis *k = &m->kpis;
    k->cases = s->n_cases;
    for (int i = 0; i < s->n_staff; i++) {
        om_cw_stats *w = &m->caseworkers[i];
        w->department = p->placement[i];
        if (w->department >= 0) {
            w->capacity = scenario_capacity(s, i, w->department);
            om_dep_stats *dp = &m->departments[w->department];
            dp->caseworkers++;
            dp->fte += s->staff[i].fte;
            dp->capacity += w->capacity;
            k->fte_available += s->staff[i].fte;
        }
        if (!scenario_wishes_count(s, i) || w->department < 0)
            continue;
        int rank = scenario_wish_rank(s, i, w->department);
        w->wish_rank = rank < s->staff[i].n_wishes ? rank + 1 : 0;
        k->wishes_given++;
        k->wish_first += w->wish_rank == 1;
        k->wish_second += w->wish_rank == 2;
        k->wish_later += w->wish_rank >= 3;
        k->wish_none += w->wish_rank == 0;
    }
    int n_moves = 0;
    for (int c = 0; c < s->n_cases; c++) {
        const om_case *cs = &s->cases[c];
        int from = cs->caseworker, to = p->assignment[c];
        m->reason[c] = (unsigned char)reason_of(s, p, c);
        k->points += cs->weight;
        if (from >= 0) {
            m->caseworkers[from].cases_before++;
            m->caseworkers[from].points_before += cs->weight;
        }
        m->caseworkers[to].cases_after++;
        m->caseworkers[to].points_after += cs->weight;
        om_dep_stats *dp = &m->departments[p->placement[to]];
        dp->cases++;
        dp->points += cs->weight;
        if (to != from) {
            k->moved++;
            m->caseworkers[to].cases_in++;
            if (from >= 0) {
                m->caseworkers[from].cases_out++;
                m->handovers[n_moves++] = (om_handover){from, to, 1};
            }
        }
    }
    if (sort_handovers(s, m->handovers, n_moves) < 0) {
        metrics_destroy(&m);
        return NULL;
    }
    for (int h = 0; h < n_moves; h++) {
        om_handover *last = m->n_handovers ? &m->handovers[m->n_handovers - 1] : NULL;
        if (last && last->from == m->handovers[h].from && last->to == m->handovers[h].to)
            last->cases++;
        else
            m->handovers[m->n_handovers++] = m->handovers[h];
    }
    k->handover_pairs = m->n_handovers;
    for (int i = 0; i < s->n_staff; i++) {
        om_cw_stats *w = &m->caseworkers[i];
        w->utilisation = w->capacity > 0 ? w->points_after / w->capacity : NAN;
        if (w->department < 0)
            continue;
        double over = fmax(0, w->points_after - w->capacity);
        m->departments[w->department].overload_points += over;
        k->overload_points += over;
        k->max_utilisation = fmax(k->max_utilisation, w->utilisation);
    }
    for (int d = 0; d < s->n_departments; d++) {
        om_dep_stats *dp = &m->departments[d];
        dp->utilisation = dp->capacity > 0 ? dp->points / dp->capacity : NAN;
        dp->fte_needed = dp->points / s->departments[d].cap_points;
        k->fte_needed += dp->fte_needed;
    }
    k->kept_share = s->n_cases ? (double)(s->n_cases - k->moved) / s->n_cases : 1;
    if (count_households(s, p, m) < 0)
        metrics_destroy(&m);
    return m;
}
