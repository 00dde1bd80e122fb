/* scenario.c - lifetime and simple queries of the plain scenario data */
#include "scenario.h"

#include <stdlib.h>
#include <string.h>

om_scenario *scenario_create(void)
{
    om_scenario *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->gap = -1;
    s->priorities[0] = PRIO_CAPS;
    s->priorities[1] = PRIO_CONTINUITY;
    s->priorities[2] = PRIO_BALANCE;
    s->n_priorities = 3;
    return s;
}

void scenario_destroy(om_scenario **sp)
{
    if (!sp || !*sp)
        return;
    om_scenario *s = *sp;
    for (int i = 0; i < s->n_segments; i++)
        free(s->segments[i].name);
    for (int i = 0; i < s->n_departments; i++) {
        free(s->departments[i].id);
        free(s->departments[i].name);
        free(s->departments[i].segments);
    }
    for (int i = 0; i < s->n_staff; i++) {
        free(s->staff[i].id);
        free(s->staff[i].name);
        free(s->staff[i].unit);
        free(s->staff[i].qualified);
        free(s->staff[i].wishes);
    }
    for (int i = 0; i < s->n_leaves; i++)
        free(s->leaves[i]);
    for (int i = 0; i < s->n_extends; i++)
        free(s->extends[i]);
    free(s->extends);
    for (int i = 0; i < s->n_segments_before; i++)
        free(s->segments_before[i]);
    free(s->segments_before);
    free(s->segments);
    free(s->departments);
    free(s->staff);
    free(s->cases);
    strpool_destroy(&s->case_ids);
    free(s->leaves);
    for (int i = 0; i < s->n_households; i++)
        free(s->households[i]);
    free(s->households);
    free(s->name);
    free(s->title);
    free(s->path);
    free(s->departments_path);
    free(s->staff_path);
    free(s->cases_path);
    free(s);
    *sp = NULL;
}

double scenario_case_cost(const om_scenario *s, int c)
{
    const om_case *cs = &s->cases[c];
    return s->segments[cs->segment].move_cost * (1 + s->repeat_change_factor * cs->changes);
}

bool scenario_weighted(const om_scenario *s)
{
    return s->move_cost_given || s->repeat_change_factor > 0;
}

int scenario_segment(const om_scenario *s, const char *name)
{
    for (int i = 0; i < s->n_segments; i++)
        if (strcmp(s->segments[i].name, name) == 0)
            return i;
    return -1;
}

int scenario_department(const om_scenario *s, const char *id)
{
    for (int i = 0; i < s->n_departments; i++)
        if (strcmp(s->departments[i].id, id) == 0)
            return i;
    return -1;
}

int scenario_staff(const om_scenario *s, const char *id)
{
    for (int i = 0; i < s->n_staff; i++)
        if (strcmp(s->staff[i].id, id) == 0)
            return i;
    return -1;
}

const char *scenario_segment_before(const om_scenario *s, const om_case *c)
{
    int k = c->renamed - 1;
    return k >= 0 && k < s->n_segments_before ? s->segments_before[k]
                                              : s->segments[c->segment].name;
}

bool scenario_serves(const om_scenario *s, int d, int g)
{
    const om_department *dep = &s->departments[d];
    for (int k = 0; k < dep->n_segments; k++)
        if (dep->segments[k] == g)
            return true;
    return false;
}

bool scenario_qualified(const om_scenario *s, int i, int g)
{
    const om_staff *p = &s->staff[i];
    if (p->n_qualified == 0)
        return true;
    for (int k = 0; k < p->n_qualified; k++)
        if (p->qualified[k] == g)
            return true;
    return false;
}

bool scenario_wishes_count(const om_scenario *s, int i)
{
    const om_staff *st = &s->staff[i];
    return !st->leaves && st->n_wishes > 0 && st->department < 0;
}

int scenario_wish_rank(const om_scenario *s, int i, int d)
{
    const om_staff *st = &s->staff[i];
    int k = 0;
    while (k < st->n_wishes && st->wishes[k] != d)
        k++;
    return k;
}

double scenario_capacity(const om_scenario *s, int i, int d)
{
    return s->departments[d].cap_points * s->staff[i].fte * s->staff[i].cap_factor;
}

static const char *const *sort_ids; /* qsort has no context argument */
static int by_id(const void *a, const void *b)
{
    return strcmp(sort_ids[*(const int *)a], sort_ids[*(const int *)b]);
}

int *scenario_order_by_id(const void *first, size_t stride, int n)
{
    int *order = malloc(((size_t)n + 1) * sizeof(int));
    const char **ids = malloc(((size_t)n + 1) * sizeof(char *));
    if (!order || !ids) {
        free(order);
        free(ids);
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        order[i] = i;
        ids[i] = *(char *const *)((const char *)first + (size_t)i * stride);
    }
    sort_ids = ids;
    qsort(order, (size_t)n, sizeof(int), by_id);
    free(ids);
    return order;
}
