/* household.c - the cases of each household, and whether one caseworker may hold them all */
#include "household.h"

#include <stdlib.h>

void hh_destroy(hh_index **xp)
{
    if (!xp || !*xp)
        return;
    hh_index *x = *xp;
    free(x->first);
    free(x->cases);
    free(x->pin);
    free(x->whole);
    free(x->together);
    free(x);
    *xp = NULL;
}

/* Whether department d serves every segment of household h and i is qualified for each. */
static bool holds_in(const om_scenario *s, const hh_index *x, int h, int i, int d)
{
    for (int k = x->first[h]; k < x->first[h + 1]; k++) {
        int g = s->cases[x->cases[k]].segment;
        if (!scenario_serves(s, d, g) || !scenario_qualified(s, i, g))
            return false;
    }
    return true;
}

bool hh_holds(const om_scenario *s, const hh_index *x, int h, int i)
{
    if (s->staff[i].leaves)
        return false;
    if (s->staff[i].department >= 0)
        return holds_in(s, x, h, i, s->staff[i].department);
    for (int d = 0; d < s->n_departments; d++)
        if (holds_in(s, x, h, i, d))
            return true;
    return false;
}

hh_index *hh_create(const om_scenario *s)
{
    hh_index *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    int n = x->n = s->n_households;
    x->first = calloc((size_t)n + 2, sizeof(int));
    x->cases = malloc(((size_t)s->n_cases + 1) * sizeof(int));
    x->pin = malloc(((size_t)n + 1) * sizeof(int));
    x->whole = calloc((size_t)n + 1, sizeof(bool));
    x->together = calloc((size_t)n + 1, sizeof(bool));
    if (!x->first || !x->cases || !x->pin || !x->whole || !x->together) {
        hh_destroy(&x);
        return NULL;
    }
    for (int c = 0; c < s->n_cases; c++)
        if (s->cases[c].household > 0)
            x->first[s->cases[c].household + 1]++;
    for (int h = 0; h < n; h++)
        x->first[h + 2] += x->first[h + 1];
    for (int c = 0; c < s->n_cases; c++)
        if (s->cases[c].household > 0)
            x->cases[x->first[s->cases[c].household]++] = c;
    for (int h = 0; h < n; h++) {
        x->pin[h] = -1;
        for (int k = x->first[h]; k < x->first[h + 1]; k++) {
            const om_case *cs = &s->cases[x->cases[k]];
            if (cs->pinned && x->pin[h] == -1)
                x->pin[h] = cs->caseworker;
            else if (cs->pinned && x->pin[h] != cs->caseworker)
                x->pin[h] = -2;
        }
        if (x->pin[h] >= 0)
            x->whole[h] = hh_holds(s, x, h, x->pin[h]);
        for (int i = 0; i < s->n_staff && x->pin[h] == -1 && !x->whole[h]; i++)
            x->whole[h] = hh_holds(s, x, h, i);
        x->together[h] = x->whole[h] || s->household_rule == HOUSEHOLDS_HARD;
    }
    return x;
}
