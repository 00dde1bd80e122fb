/* summary.c - plain-text summaries of the data and of a plan */
#include "summary.h"

#include <math.h>
#include <stdlib.h>

/* The largest capacity the caseworker can have: in the eligible department with
 * the highest cap. */
static double best_capacity(const om_scenario *s, int i)
{
    double best = 0;
    for (int d = 0; d < s->n_departments; d++) {
        bool eligible = s->staff[i].department >= 0 ? s->staff[i].department == d : false;
        for (int k = 0; s->staff[i].department < 0 && k < s->departments[d].n_segments; k++)
            eligible = eligible || scenario_qualified(s, i, s->departments[d].segments[k]);
        if (eligible)
            best = fmax(best, scenario_capacity(s, i, d));
    }
    return best;
}

int summary_data(FILE *f, const om_scenario *s)
{
    int rc = -1;
    int *cases = calloc((size_t)s->n_segments + 1, sizeof(int));
    double *points = calloc((size_t)s->n_segments + 1, sizeof(double));
    if (!cases || !points)
        goto out;
    double total = 0;
    for (int c = 0; c < s->n_cases; c++) {
        cases[s->cases[c].segment]++;
        points[s->cases[c].segment] += s->cases[c].weight;
        total += s->cases[c].weight;
    }
    fprintf(f, "scenario %s%s%s\n", s->name, s->title ? ": " : "", s->title ? s->title : "");
    fprintf(f, "\ncases: %d, %.1f workload points\n", s->n_cases, total);
    fprintf(f, "  %-24s %8s %10s %7s  %s\n", "segment", "cases", "points", "weight", "served by");
    for (int g = 0; g < s->n_segments; g++) {
        fprintf(f, "  %-24s %8d %10.1f %7.2f  ", s->segments[g].name, cases[g], points[g],
                s->segments[g].weight);
        int n = 0;
        for (int d = 0; d < s->n_departments; d++)
            if (scenario_serves(s, d, g))
                fprintf(f, "%s%s", n++ ? ", " : "", s->departments[d].id);
        fputs(n ? "\n" : "(no department)\n", f);
    }
    if (s->n_households > 0) { /* only where cases.csv has households */
        int in = 0;
        for (int c = 0; c < s->n_cases; c++)
            in += s->cases[c].household > 0;
        fprintf(f, "households: %d, holding %d cases; %s\n", s->n_households, in,
                s->household_rule == HOUSEHOLDS_HARD
                    ? "each kept with one caseworker"
                    : "each kept with one caseworker where the hard rules allow (soft)");
    }
    int stay = 0, leave = 0;
    double stay_fte = 0, leave_fte = 0, capacity = 0;
    for (int i = 0; i < s->n_staff; i++) {
        if (s->staff[i].leaves) {
            leave++;
            leave_fte += s->staff[i].fte;
        } else {
            stay++;
            stay_fte += s->staff[i].fte;
            capacity += best_capacity(s, i);
        }
    }
    fprintf(f, "\nstaff: %d caseworkers, %.1f FTE: %d stay (%.1f FTE), %d leave (%.1f FTE)\n",
            s->n_staff, stay_fte + leave_fte, stay, stay_fte, leave, leave_fte);
    fprintf(f, "\ndepartments (demand counts each segment in every department serving it):\n");
    fprintf(f, "  %-20s %9s %10s %11s %12s\n", "department", "cap/FTE", "demand", "FTE at cap",
            "fixed FTE");
    for (int d = 0; d < s->n_departments; d++) {
        double demand = 0, fixed = 0;
        for (int k = 0; k < s->departments[d].n_segments; k++)
            demand += points[s->departments[d].segments[k]];
        for (int i = 0; i < s->n_staff; i++)
            if (!s->staff[i].leaves && s->staff[i].department == d)
                fixed += s->staff[i].fte;
        fprintf(f, "  %-20s %9.1f %10.1f %11.1f %12.1f\n", s->departments[d].id,
                s->departments[d].cap_points, demand, demand / s->departments[d].cap_points, fixed);
    }
    fprintf(f, "\ndemand %.1f points against at most %.1f points of capacity (%.0f %%)\n", total,
            capacity, capacity > 0 ? 100 * total / capacity : 0);
    rc = 0;
out:
    free(cases);
    free(points);
    return rc;
}

void summary_plan(FILE *f, const om_scenario *s, const om_plan *p, const om_metrics *m,
                  const char *dir)
{
    const om_kpis *k = &m->kpis;
    bool optimal = true;
    double gap = 0;
    for (int l = 0; l < p->n_levels; l++) {
        optimal = optimal && p->levels[l].optimal;
        gap = fmax(gap, p->levels[l].gap);
    }
    fprintf(f, "plan %s written to %s/ in %.1f s\n", s->name, dir, p->seconds);
    if (optimal)
        fprintf(f, "  status     optimal on every level\n");
    else
        fprintf(f, "  status     feasible, largest gap %.2f %%\n", 100 * gap);
    int left_out = 0;
    for (int l = 0; l < LEVEL_COUNT; l++)
        left_out += plan_left_out(p, (model_level)l);
    if (left_out) {
        fprintf(f, "  not optimised");
        for (int l = 0, n = 0; l < LEVEL_COUNT; l++)
            if (plan_left_out(p, (model_level)l))
                fprintf(f, "%s %s", n++ ? "," : "", level_get((model_level)l)->name);
        fprintf(f, " (not among the priorities)\n");
    }
    fprintf(f, "  cases      %d, of which %d change caseworker; %.1f %% keep theirs\n", k->cases,
            k->moved, 100 * k->kept_share);
    fprintf(f, "  peak       %.1f %% utilisation; %.1f points above caps\n",
            100 * k->max_utilisation, k->overload_points);
    bool weighted = scenario_weighted(s);
    if (weighted) {
        fprintf(f, "  move cost  %.1f, the changes weighted by what they cost the citizens",
                k->move_cost);
        if (p->equal.solved)
            fprintf(f, "; with equal costs %.0f would change", p->equal.moved);
        fputc('\n', f);
    }
    if (k->households > 0)
        fprintf(f, "  households %d: %d together with one caseworker, %d split, %d united\n",
                k->households, k->together, k->split, k->united);
    if (p->n_price > 0) { /* the level's values: costs where costs are weighted */
        const plan_price *hi = &p->price[p->n_price - 1];
        double base = weighted ? k->move_cost : k->moved;
        double more = fmax(0, base - hi->moved.value);
        if (weighted)
            fprintf(f, "  price      a peak of %.1f %% would lower the weighted changes by %.1f",
                    100 * hi->ceiling, more);
        else
            fprintf(f,
                    "  price      a peak of %.1f %% would let %.0f more citizens keep their "
                    "caseworker",
                    100 * hi->ceiling, more);
        for (int q = 0; q + 1 < p->n_price; q++)
            fprintf(f, weighted ? " (%.1f %%: %.1f)" : " (%.1f %%: %.0f)",
                    100 * p->price[q].ceiling, fmax(0, base - p->price[q].moved.value));
        fputc('\n', f);
    }
    if (k->wishes_given > 0)
        fprintf(f,
                "  wishes     %d of %d got their first wish, %d their second, %d a later one, "
                "%d none\n",
                k->wish_first, k->wishes_given, k->wish_second, k->wish_later, k->wish_none);
    fprintf(f, "  handovers  %d caseworker pairs; %.1f FTE placed, %.1f FTE needed at caps\n",
            k->handover_pairs, k->fte_available, k->fte_needed);
    fprintf(f, "  %-20s %11s %8s %10s %12s %10s\n", "department", "caseworkers", "cases", "points",
            "utilisation", "overload");
    for (int d = 0; d < s->n_departments; d++) {
        const om_dep_stats *dp = &m->departments[d];
        fprintf(f, "  %-20s %11d %8d %10.1f %11.1f%% %10.1f\n", s->departments[d].id,
                dp->caseworkers, dp->cases, dp->points,
                dp->capacity > 0 ? 100 * dp->utilisation : 0.0, dp->overload_points);
    }
}
