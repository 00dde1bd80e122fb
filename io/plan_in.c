/* plan_in.c - plan.json into flat rows; strings stay owned by the JSON tree */
#include "plan_in.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

struct plan_doc {
    json_t *root;
    const char *scenario;
    plan_row *rows;
    int n_rows;
    plan_worker *workers;
    int n_workers;
    strmap *case_index, *worker_index;
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
    free(p);
    *pp = NULL;
}

static const char *str(json_t *o, const char *key, int *bad)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (!s)
        *bad = 1;
    return s ? s : "";
}

static double number(json_t *o, const char *key, int *bad)
{
    json_t *v = json_object_get(o, key);
    if (json_is_null(v))
        return NAN;
    if (!json_is_number(v))
        *bad = 1;
    return json_number_value(v);
}

plan_doc *plan_doc_read(const char *path, diags *d)
{
    json_error_t err;
    plan_doc *p = calloc(1, sizeof *p);
    if (!p) {
        diags_add(d, DIAG_INTERNAL, path, 0, 0, NULL, "out of memory");
        return NULL;
    }
    p->root = json_load_file(path, 0, &err);
    if (!p->root) {
        diags_add(d, DIAG_INPUT, path, err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0,
                  NULL, "%s", err.text);
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
        *r = (plan_row){str(o, "case", &bad), str(o, "segment", &bad),
                        str(o, "from_caseworker", &bad), str(o, "to_caseworker", &bad),
                        str(o, "to_department", &bad), str(o, "reason", &bad),
                        number(o, "weight", &bad), (int)number(o, "moved", &bad)};
        if (!bad && strmap_put(p->case_index, r->id, i) != -1)
            bad = 2;
    }
    for (int i = 0; i < p->n_workers && !bad; i++) {
        json_t *o = json_array_get(workers, (size_t)i);
        plan_worker *w = &p->workers[i];
        *w = (plan_worker){str(o, "caseworker", &bad),       str(o, "department", &bad),
                           number(o, "capacity", &bad),      number(o, "points_before", &bad),
                           number(o, "points_after", &bad),  number(o, "utilisation", &bad),
                           (int)number(o, "cases_before", &bad), (int)number(o, "cases_after", &bad)};
        if (!bad && strmap_put(p->worker_index, w->id, i) != -1)
            bad = 2;
    }
    if (bad) {
        diags_add(d, DIAG_INPUT, path, 0, 0, NULL,
                  bad == 2 ? "a case or caseworker appears twice"
                           : "an assignment or caseworker lacks a field of omfordel's plan.json");
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

const plan_worker *plan_doc_find_worker(const plan_doc *p, const char *id)
{
    int i = strmap_get(p->worker_index, id);
    return i >= 0 ? &p->workers[i] : NULL;
}
