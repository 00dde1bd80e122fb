/* plan_in.c - plan.json into flat rows; strings stay owned by the JSON tree */
#include "plan_in.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonmem.h"
#include "strmap.h"

struct plan_doc {
    json_t *root;
    const char *scenario;
    plan_row *rows;
    int n_rows;
    plan_worker *workers;
    int n_workers;
    strmap *case_index, *worker_index;
    plan_meta meta;
    const char *meta_missing; /* NULL when meta is complete */
    plan_named *weights;
    const char **leaves, **priorities;
    double *slacks;
    plan_level_row *levels;
    plan_price_row *prices;
    plan_input *inputs;
    plan_department *departments;
    plan_named *move_costs, *equal_by_segment;
};

void plan_doc_destroy(plan_doc **pp)
{
    if (!pp || !*pp)
        return;
    plan_doc *p = *pp;
    json_decref(p->root);
    free(p->rows);
    free(p->workers);
    strmap_destroy(&p->case_index);
    strmap_destroy(&p->worker_index);
    free(p->weights);
    free(p->leaves);
    free(p->priorities);
    free(p->slacks);
    free(p->levels);
    free(p->prices);
    free(p->inputs);
    free(p->departments);
    free(p->move_costs);
    free(p->equal_by_segment);
    free(p);
    *pp = NULL;
}

/* A string; null reads as "" (an empty cell). */
static const char *str(json_t *o, const char *key, int *bad)
{
    json_t *v = json_object_get(o, key);
    const char *s = json_string_value(v);
    if (!s && !json_is_null(v))
        *bad = 1;
    return s ? s : "";
}

/* The name at key for people: otherwise id (a plan.json written before names). */
static const char *name_or(json_t *o, const char *key, const char *id, int *bad)
{
    json_t *v = json_object_get(o, key);
    const char *s = json_string_value(v);
    if (v && !s && !json_is_null(v))
        *bad = 1;
    return s && *s ? s : id;
}

static double number(json_t *o, const char *key, int *bad)
{
    json_t *v = json_object_get(o, key);
    if (json_is_null(v))
        return NAN;
    if (json_is_boolean(v))
        return json_is_true(v);
    if (!json_is_number(v))
        *bad = 1;
    return json_number_value(v);
}

/* A count: a whole number that fits an int. */
static int integer(json_t *o, const char *key, int *bad)
{
    double v = number(o, key, bad);
    if (!(v >= 0 && v <= INT_MAX)) {
        *bad = 1;
        return 0;
    }
    return (int)v;
}

/* An array of n + 1 elements of size each (never a zero-size request); NULL sets *oom. */
static void *array(size_t n, size_t size, int *oom)
{
    void *a = calloc(n + 1, size);
    if (!a)
        *oom = 1;
    return a;
}

/* An object of numbers into a new array of n + 1 names (*n set); NULL sets *oom. */
static plan_named *named_numbers(json_t *o, int *n, int *oom, int *bad)
{
    const char *key;
    json_t *v;
    int k = 0;
    *n = (int)json_object_size(o);
    plan_named *a = array((size_t)*n, sizeof(plan_named), oom);
    if (!a)
        return NULL;
    json_object_foreach(o, key, v)
    {
        if (!json_is_number(v))
            *bad = 1;
        a[k++] = (plan_named){key, json_number_value(v)};
    }
    return a;
}

/* What plan.json says of costs and households; a plan.json written before
 * them reads as equal costs and no households. */
static void read_costs(plan_doc *p, json_t *scen, json_t *kpis, int *oom, int *bad)
{
    plan_meta *m = &p->meta;
    json_t *costs = json_object_get(scen, "move_cost");
    json_t *factor = json_object_get(scen, "repeat_change_factor");
    json_t *hh = json_object_get(kpis, "households");
    json_t *equal = json_object_get(p->root, "equal_costs");
    m->repeat_change_factor = factor ? number(scen, "repeat_change_factor", bad) : 0;
    m->max_cases_out =
        json_object_get(scen, "max_cases_out") ? number(scen, "max_cases_out", bad) : 0;
    m->weighted = json_is_object(costs) || m->repeat_change_factor > 0;
    m->move_costs = p->move_costs = named_numbers(costs, &m->n_move_costs, oom, bad);
    m->move_cost = json_object_get(kpis, "move_cost") ? number(kpis, "move_cost", bad) : m->moved;
    if (hh) {
        m->households = integer(hh, "households", bad);
        m->hh_together = integer(hh, "together", bad);
        m->hh_split = integer(hh, "split", bad);
        m->hh_united = integer(hh, "united", bad);
    }
    m->n_splits = (int)json_array_size(json_object_get(p->root, "household_splits"));
    m->equal_moved = NAN;
    m->equal_status = "";
    if (json_is_object(equal)) {
        m->equal_moved = number(equal, "moved", bad);
        m->equal_status = str(equal, "status", bad);
        m->equal_by_segment = p->equal_by_segment =
            named_numbers(json_object_get(equal, "by_segment"), &m->n_equal_by_segment, oom, bad);
    }
}

/* Fill p->meta; returns NULL, or what plan.json lacks. Sets *oom when out of memory. */
static const char *read_meta(plan_doc *p, int *oom)
{
    json_t *scen = json_object_get(p->root, "scenario");
    json_t *solver = json_object_get(p->root, "solver");
    json_t *kpis = json_object_get(p->root, "kpis");
    json_t *deps = json_object_get(p->root, "departments");
    json_t *inputs = json_object_get(p->root, "inputs");
    json_t *weights = json_object_get(scen, "weights"), *caps = json_object_get(scen, "caps");
    json_t *leaves = json_object_get(scen, "leaves"), *prios = json_object_get(scen, "priorities");
    json_t *levels = json_object_get(solver, "levels");
    json_t *prices = json_object_get(p->root, "continuity_price");
    if (!json_is_array(levels))
        return "solver.levels";
    if (!json_is_object(kpis))
        return "kpis";
    if (!json_is_array(deps))
        return "departments";
    if (!json_is_object(weights) || !json_is_object(caps) || !json_is_array(leaves))
        return "scenario.weights, scenario.caps or scenario.leaves";
    plan_meta *m = &p->meta;
    m->n_weights = (int)json_object_size(weights);
    m->n_leaves = (int)json_array_size(leaves);
    m->n_priorities = (int)json_array_size(prios);
    m->n_levels = (int)json_array_size(levels);
    m->n_prices = (int)json_array_size(prices); /* 0 when there is none */
    m->n_inputs = (int)json_array_size(inputs);
    m->n_departments = (int)json_array_size(deps);
    m->weights = p->weights = array((size_t)m->n_weights, sizeof(plan_named), oom);
    m->leaves = p->leaves = array((size_t)m->n_leaves, sizeof(char *), oom);
    m->priorities = p->priorities = array((size_t)m->n_priorities, sizeof(char *), oom);
    m->slacks = p->slacks = array((size_t)m->n_priorities, sizeof(double), oom);
    m->levels = p->levels = array((size_t)m->n_levels, sizeof(plan_level_row), oom);
    m->prices = p->prices = array((size_t)m->n_prices, sizeof(plan_price_row), oom);
    m->inputs = p->inputs = array((size_t)m->n_inputs, sizeof(plan_input), oom);
    m->departments = p->departments = array((size_t)m->n_departments, sizeof(plan_department), oom);
    if (*oom)
        return "memory";
    int bad = 0, k = 0;
    const char *key;
    json_t *v;
    m->name = p->scenario;
    m->title = json_string_value(json_object_get(scen, "title"));
    m->title = m->title ? m->title : "";
    json_t *salary = json_object_get(scen, "salary_per_fte");
    m->salary_per_fte = json_is_number(salary) ? json_number_value(salary) : 0;
    m->status = str(solver, "status", &bad);
    json_object_foreach(weights, key, v)
    {
        p->weights[k].name = key;
        p->weights[k++].value = json_is_number(v) ? json_number_value(v) : NAN;
    }
    for (int i = 0; i < m->n_leaves; i++)
        if (!(p->leaves[i] = json_string_value(json_array_get(leaves, (size_t)i))))
            bad = 1;
    for (int i = 0; i < m->n_priorities; i++) { /* a name, or {"level": name, "slack": s} */
        json_t *o = json_array_get(prios, (size_t)i);
        bool with_slack = json_is_object(o);
        if (!(p->priorities[i] = json_string_value(with_slack ? json_object_get(o, "level") : o)))
            bad = 1;
        p->slacks[i] = with_slack ? number(o, "slack", &bad) : 0;
    }
    for (int i = 0; i < m->n_levels; i++) {
        json_t *o = json_array_get(levels, (size_t)i);
        plan_level_row *lv = &p->levels[i];
        *lv = (plan_level_row){.name = str(o, "name", &bad),
                               .status = str(o, "status", &bad),
                               .value = number(o, "value", &bad),
                               .bound = NAN,
                               .gap = NAN};
        if (strcmp(lv->status, "not_optimised") != 0) {
            lv->bound = number(o, "bound", &bad);
            lv->gap = number(o, "gap", &bad);
            lv->slack = json_object_get(o, "slack") ? number(o, "slack", &bad) : 0;
        }
    }
    for (int i = 0; i < m->n_prices; i++) {
        json_t *o = json_array_get(prices, (size_t)i);
        p->prices[i] = (plan_price_row){.max_utilisation = number(o, "max_utilisation", &bad),
                                        .moved = number(o, "moved", &bad),
                                        .bound = number(o, "bound", &bad),
                                        .status = str(o, "status", &bad)};
    }
    for (int i = 0; i < m->n_inputs; i++) {
        json_t *o = json_array_get(inputs, (size_t)i);
        p->inputs[i] = (plan_input){str(o, "role", &bad), str(o, "path", &bad)};
    }
    for (int i = 0; i < m->n_departments; i++) {
        json_t *o = json_array_get(deps, (size_t)i);
        plan_department *dp = &p->departments[i];
        dp->id = str(o, "department", &bad);
        dp->name = name_or(o, "department_name", dp->id, &bad);
        json_t *cap = json_object_get(caps, dp->id);
        dp->cap_points = json_is_number(cap) ? json_number_value(cap) : NAN;
        dp->caseworkers = integer(o, "caseworkers", &bad);
        dp->cases = integer(o, "cases", &bad);
        dp->fte = number(o, "fte", &bad);
        dp->points = number(o, "points", &bad);
        dp->capacity = number(o, "capacity", &bad);
        dp->utilisation = number(o, "utilisation", &bad);
        dp->overload_points = number(o, "overload_points", &bad);
        dp->fte_needed = number(o, "fte_needed", &bad);
    }
    m->cases = integer(kpis, "cases", &bad);
    m->moved = integer(kpis, "moved", &bad);
    m->handover_pairs = integer(kpis, "handover_pairs", &bad);
    m->kept_share = number(kpis, "kept_share", &bad);
    m->max_utilisation = number(kpis, "max_utilisation", &bad);
    m->overload_points = number(kpis, "overload_points", &bad);
    m->fte_available = number(kpis, "fte_available", &bad);
    m->fte_needed = number(kpis, "fte_needed", &bad);
    json_t *wishes = json_object_get(kpis, "wishes");
    if (wishes) { /* only where some caseworker's wishes count */
        m->wishes_given = integer(wishes, "given", &bad);
        m->wish_first = integer(wishes, "first", &bad);
        m->wish_second = integer(wishes, "second", &bad);
        m->wish_later = integer(wishes, "third_or_later", &bad);
        m->wish_none = integer(wishes, "none", &bad);
    }
    read_costs(p, scen, kpis, oom, &bad);
    if (*oom)
        return "memory";
    return bad ? "a field of scenario, solver, kpis or departments" : NULL;
}

/* What strmap_put's answer means for reading: 0 new, 2 a duplicate, 3 out of memory. */
static int put_status(int put) { return put == -1 ? 0 : put == -2 ? 3 : 2; }

plan_doc *plan_doc_read(const char *path, diags *d)
{
    json_error_t err;
    plan_doc *p = calloc(1, sizeof *p);
    if (!p) {
        diags_add(d, DIAG_INTERNAL, path, 0, 0, NULL, "out of memory");
        return NULL;
    }
    jsonmem_watch();
    p->root = json_load_file(path, 0, &err);
    if (jsonmem_failed()) {
        diags_add(d, DIAG_INTERNAL, path, 0, 0, NULL, "out of memory");
        goto fail;
    }
    if (!p->root) {
        if (json_error_code(&err) == json_error_out_of_memory)
            diags_add(d, DIAG_INTERNAL, path, 0, 0, NULL, "out of memory");
        else
            diags_add(d, DIAG_INPUT, path, err.line > 0 ? err.line : 0,
                      err.column > 0 ? err.column : 0, NULL, "%s", err.text);
        goto fail;
    }
    json_t *scen = json_object_get(p->root, "scenario");
    p->scenario = json_string_value(json_object_get(scen, "name"));
    json_t *rows = json_object_get(p->root, "assignments");
    json_t *workers = json_object_get(p->root, "caseworkers");
    if (!p->scenario || !json_is_array(rows) || !json_is_array(workers)) {
        diags_add(d, DIAG_INPUT, path, 0, 0, NULL,
                  "not a plan.json of omfordel (no scenario name, assignments or caseworkers)");
        goto fail;
    }
    p->n_rows = (int)json_array_size(rows);
    p->n_workers = (int)json_array_size(workers);
    p->rows = calloc((size_t)p->n_rows + 1, sizeof(plan_row));
    p->workers = calloc((size_t)p->n_workers + 1, sizeof(plan_worker));
    p->case_index = strmap_create();
    p->worker_index = strmap_create();
    if (!p->rows || !p->workers || !p->case_index || !p->worker_index) {
        diags_add(d, DIAG_INTERNAL, path, 0, 0, NULL, "out of memory");
        goto fail;
    }
    int bad = 0;
    for (int i = 0; i < p->n_rows && !bad; i++) {
        json_t *o = json_array_get(rows, (size_t)i);
        plan_row *r = &p->rows[i];
        *r = (plan_row){.id = str(o, "case", &bad),
                        .segment = str(o, "segment", &bad),
                        .from = str(o, "from_caseworker", &bad),
                        .to = str(o, "to_caseworker", &bad),
                        .to_department = str(o, "to_department", &bad),
                        .reason = str(o, "reason", &bad),
                        .weight = number(o, "weight", &bad),
                        .move_cost = NAN,
                        .moved = integer(o, "moved", &bad)};
        r->household = json_object_get(o, "household") ? str(o, "household", &bad) : "";
        if (json_object_get(o, "move_cost"))
            r->move_cost = number(o, "move_cost", &bad);
        if (!bad)
            bad = put_status(strmap_put(p->case_index, r->id, i));
    }
    for (int i = 0; i < p->n_workers && !bad; i++) {
        json_t *o = json_array_get(workers, (size_t)i);
        plan_worker *w = &p->workers[i];
        *w = (plan_worker){.id = str(o, "caseworker", &bad),
                           .unit = str(o, "unit", &bad),
                           .department = str(o, "department", &bad),
                           .fte = number(o, "fte", &bad),
                           .capacity = number(o, "capacity", &bad),
                           .points_before = number(o, "points_before", &bad),
                           .points_after = number(o, "points_after", &bad),
                           .utilisation = number(o, "utilisation", &bad),
                           .cases_before = integer(o, "cases_before", &bad),
                           .cases_after = integer(o, "cases_after", &bad),
                           .cases_in = integer(o, "cases_in", &bad),
                           .cases_out = integer(o, "cases_out", &bad)};
        w->name = name_or(o, "caseworker_name", w->id, &bad);
        w->share_out = json_object_get(o, "share_out") ? number(o, "share_out", &bad) : NAN;
        json_t *rank = json_object_get(o, "wish_rank"); /* null: none; absent: before wishes */
        if (rank && !json_is_null(rank))
            w->wish_rank = integer(o, "wish_rank", &bad);
        if (!bad)
            bad = put_status(strmap_put(p->worker_index, w->id, i));
    }
    if (bad == 3) {
        diags_add(d, DIAG_INTERNAL, path, 0, 0, NULL, "out of memory");
        goto fail;
    }
    if (bad) {
        diags_add(d, DIAG_INPUT, path, 0, 0, NULL,
                  bad == 2 ? "a case or caseworker appears twice"
                           : "an assignment or caseworker lacks a field of omfordel's plan.json");
        goto fail;
    }
    int oom = 0;
    p->meta_missing = read_meta(p, &oom);
    if (oom) {
        diags_add(d, DIAG_INTERNAL, path, 0, 0, NULL, "out of memory");
        goto fail;
    }
    return p;
fail:
    plan_doc_destroy(&p);
    return NULL;
}

const char *plan_doc_scenario(const plan_doc *p) { return p->scenario; }
int plan_doc_cases(const plan_doc *p) { return p->n_rows; }
const plan_row *plan_doc_case(const plan_doc *p, int i) { return &p->rows[i]; }
int plan_doc_workers(const plan_doc *p) { return p->n_workers; }
const plan_worker *plan_doc_worker(const plan_doc *p, int i) { return &p->workers[i]; }

const plan_row *plan_doc_find_case(const plan_doc *p, const char *id)
{
    int i = strmap_get(p->case_index, id);
    return i >= 0 ? &p->rows[i] : NULL;
}

const plan_meta *plan_doc_meta(const plan_doc *p, const char **why)
{
    if (why)
        *why = p->meta_missing;
    return p->meta_missing ? NULL : &p->meta;
}

const plan_worker *plan_doc_find_worker(const plan_doc *p, const char *id)
{
    int i = strmap_get(p->worker_index, id);
    return i >= 0 ? &p->workers[i] : NULL;
}

const char *plan_doc_input_sha256(const plan_doc *p, int i)
{
    json_t *o = json_array_get(json_object_get(p->root, "inputs"), (size_t)i);
    return json_string_value(json_object_get(o, "sha256"));
}
