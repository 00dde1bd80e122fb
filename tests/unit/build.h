/* build.h - make small scenarios in code for unit tests */
#ifndef OM_TEST_BUILD_H
#define OM_TEST_BUILD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

static char *dupe(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    memcpy(p, s, n);
    return p;
}

static int segment_of(om_scenario *s, const char *name)
{
    int g = scenario_segment(s, name);
    if (g >= 0)
        return g;
    s->segments = realloc(s->segments, (size_t)(s->n_segments + 1) * sizeof(om_segment));
    s->segments[s->n_segments] = (om_segment){dupe(name), 1.0, 1.0};
    return s->n_segments++;
}

/* segments: '|'-separated */
static int *segment_list(om_scenario *s, const char *list, int *n)
{
    int *out = malloc(16 * sizeof(int));
    char buf[256];
    *n = 0;
    if (!*list)
        return out;
    snprintf(buf, sizeof buf, "%s", list);
    for (char *p = buf, *bar; p; p = bar ? bar + 1 : NULL) {
        bar = strchr(p, '|');
        if (bar)
            *bar = '\0';
        out[(*n)++] = segment_of(s, p);
    }
    return out;
}

static void add_department(om_scenario *s, const char *id, const char *segments, double cap)
{
    s->departments =
        realloc(s->departments, (size_t)(s->n_departments + 1) * sizeof(om_department));
    om_department *d = &s->departments[s->n_departments++];
    *d = (om_department){.id = dupe(id), .name = dupe(id), .cap_points = cap, .max_fte = -1};
    d->segments = segment_list(s, segments, &d->n_segments);
}

static void add_staff(om_scenario *s, const char *id, double fte, double factor, bool leaves,
                      const char *qualified, const char *fixed)
{
    s->staff = realloc(s->staff, (size_t)(s->n_staff + 1) * sizeof(om_staff));
    om_staff *p = &s->staff[s->n_staff++];
    *p = (om_staff){.id = dupe(id),
                    .name = dupe(id),
                    .unit = dupe("unit"),
                    .fte = fte,
                    .cap_factor = factor,
                    .leaves = leaves,
                    .department = -1};
    p->qualified = segment_list(s, qualified, &p->n_qualified);
    p->department = fixed ? scenario_department(s, fixed) : -1;
}

/* n cases of one segment held by caseworker (NULL for none) */
static void add_cases(om_scenario *s, int n, const char *caseworker, const char *segment,
                      double weight, bool pinned)
{
    s->cases = realloc(s->cases, (size_t)(s->n_cases + n) * sizeof(om_case));
    for (int k = 0; k < n; k++) {
        char id[32];
        snprintf(id, sizeof id, "c%04d", s->n_cases);
        if (!s->case_ids)
            s->case_ids = strpool_create();
        s->cases[s->n_cases] =
            (om_case){.id = strpool_add(s->case_ids, id, strlen(id)),
                      .caseworker = caseworker ? scenario_staff(s, caseworker) : -1,
                      .segment = segment_of(s, segment),
                      .weight = weight,
                      .pinned = pinned};
        s->n_cases++;
    }
}

static om_scenario *new_scenario(void)
{
    om_scenario *s = scenario_create();
    s->name = dupe("test");
    s->path = dupe("test.json");
    return s;
}

#endif
