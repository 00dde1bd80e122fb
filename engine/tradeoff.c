/* tradeoff.c - the frontier between continuity and peak load
 *
 * Lowering the peak means moving cases off busy caseworkers; keeping every case
 * where it is leaves the peak where caseloads are today. The first point is the
 * lowest peak (caps first); each point after it is the fewest moves under a
 * ceiling on utilisation, the last under today's peak (no ceiling in effect),
 * the others between the lowest peak and the last point's peak, where the
 * frontier bends; every point is a plan with its own proven bound. */
#include "tradeoff.h"

#include "levels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double tradeoff_peak(const om_plan *p)
{
    const plan_level *peak = plan_find_level(p, LEVEL_PEAK);
    return peak ? peak->value : 1;
}

/* Solve point pt: first priority first, the others after it as they were. s is
 * borrowed and left as it is: the point is solved on a copy of its settings that
 * borrows every table from s. */
static void solve_point(const om_scenario *s, const plan_options *o, om_priority first,
                        double ceiling, tradeoff_point *pt, diags *d)
{
    om_priority order[PRIO_COUNT] = {first, first == PRIO_CAPS ? PRIO_CONTINUITY : PRIO_CAPS,
                                     PRIO_WISHES, PRIO_BALANCE};
    int n = PRIO_COUNT;
    if (!level_applies(LEVEL_WISHES, s))
        order[--n - 1] = PRIO_BALANCE;
    memcpy(pt->priorities, order, sizeof order);
    pt->n_priorities = n;
    ceiling = round(ceiling * 1e6) / 1e6; /* as the point's scenario.json writes it */
    pt->ceiling = ceiling;
    om_scenario view = *s;
    memcpy(view.priorities, order, sizeof order);
    view.n_priorities = n; /* every priority, each exact: a point of the frontier */
    memset(view.slack, 0, sizeof view.slack);
    view.max_utilisation = ceiling;
    pt->plan = plan_solve(&view, o, d);
}

/* The highest utilisation today among staying caseworkers, each at the largest
 * capacity a department open to them gives: where the frontier ends, as every
 * caseworker can keep their whole caseload below it. */
static double peak_today(const om_scenario *s)
{
    double *points = calloc((size_t)s->n_staff + 1, sizeof(double));
    double peak = 1;
    if (!points)
        return peak;
    for (int c = 0; c < s->n_cases; c++)
        if (s->cases[c].caseworker >= 0)
            points[s->cases[c].caseworker] += s->cases[c].weight;
    for (int i = 0; i < s->n_staff; i++) {
        double cap = 0;
        for (int d = 0; d < s->n_departments && !s->staff[i].leaves; d++) {
            bool open = s->staff[i].department < 0 || s->staff[i].department == d;
            bool serves = false;
            for (int g = 0; g < s->n_segments && open && !serves; g++)
                serves = scenario_serves(s, d, g) && scenario_qualified(s, i, g);
            if (serves)
                cap = fmax(cap, scenario_capacity(s, i, d));
        }
        if (cap > 0)
            peak = fmax(peak, points[i] / cap);
    }
    free(points);
    return peak;
}

int tradeoff_solve(const om_scenario *s, const plan_options *o, int n, tradeoff_point *points,
                   diags *d)
{
    double ceiling = s->max_utilisation; /* the scenario's own, if any, holds throughout */
    memset(points, 0, (size_t)n * sizeof *points);
    solve_point(s, o, PRIO_CAPS, ceiling, &points[0], d);
    double low = points[0].plan ? tradeoff_peak(points[0].plan) : 0;
    double high = fmax(low, ceiling > 0 ? fmin(ceiling, peak_today(s)) : peak_today(s));
    if (points[0].plan)
        solve_point(s, o, PRIO_CONTINUITY, high, &points[n - 1], d);
    /* The fewest moves come at the last point's own peak: the choice lies
     * between the lowest peak and that one, and the first points above the
     * lowest peak save the most moves, so the ceilings crowd there. */
    double bend = points[n - 1].plan ? fmin(high, tradeoff_peak(points[n - 1].plan)) : high;
    bool bends = bend > low + 1e-3;
    for (int i = 1; i < n - 1 && points[i - 1].plan && points[n - 1].plan; i++) {
        double t = (double)i / (n - 1);
        double at = bends ? low + (bend - low) * t * t : low + (high - low) * t;
        solve_point(s, o, PRIO_CONTINUITY, at, &points[i], d);
    }
    for (int i = 0; i < n; i++)
        if (!points[i].plan) {
            for (int k = 0; k < n; k++)
                plan_destroy(&points[k].plan);
            return -1;
        }
    return 0;
}
