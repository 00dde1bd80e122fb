/* variant.c - build, check and write a variant scenario from the fields of the form */
#define _XOPEN_SOURCE 700 /* realpath */
#include "variant.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "levels.h"
#include "num.h"
#include "outset.h"
#include "precheck.h"
#include "scenario_in.h"

static void add_error(variant_errors *errs, const char *field, const char *text)
{
    variant_error *e = realloc(errs->e, (size_t)(errs->n + 1) * sizeof *e);
    if (!e)
        return;
    errs->e = e;
    e[errs->n] = (variant_error){strdup(field), strdup(text)};
    if (e[errs->n].field && e[errs->n].text)
        errs->n++;
    else
        free(e[errs->n].field), free(e[errs->n].text);
}

void variant_errors_clear(variant_errors *errs)
{
    for (int i = 0; i < errs->n; i++) {
        free(errs->e[i].field);
        free(errs->e[i].text);
    }
    free(errs->e);
    *errs = (variant_errors){0};
}

/* The number in field key, when given; an error beside it when it is not a number. */
static bool field_number(const http_req *rq, const char *key, double *v, variant_errors *errs)
{
    const char *text = http_field(rq, key);
    char *end;
    if (!text || !*text)
        return false;
    errno = 0;
    *v = strtod(text, &end);
    if (end == text || *end || errno || !isfinite(*v)) {
        add_error(errs, key, "not a number");
        return false;
    }
    return true;
}

static bool short_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64 || strcmp(s, "variants") == 0)
        return false;
    return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n;
}

/* The scenario's leaves as the form ticks them, when that differs from s's. */
static json_t *leaves(const om_scenario *s, const http_req *rq, variant_errors *errs)
{
    const char **ticked = calloc((size_t)s->n_staff + 1, sizeof *ticked);
    int n = ticked ? http_fields(rq, "leave", ticked, s->n_staff + 1) : 0;
    json_t *a = json_array();
    bool same = n == s->n_leaves;
    if (n > s->n_staff)
        add_error(errs, "leave", "more leavers than caseworkers");
    for (int i = 0; a && i < n && i <= s->n_staff; i++) {
        if (scenario_staff(s, ticked[i]) < 0) {
            add_error(errs, "leave", "not a caseworker of this scenario");
            break;
        }
        bool had = false;
        for (int k = 0; k < s->n_leaves && !had; k++)
            had = strcmp(s->leaves[k], ticked[i]) == 0;
        same = same && had;
        json_array_append_new(a, json_string(ticked[i]));
    }
    free(ticked);
    if (same)
        json_decref(a), a = NULL;
    return a;
}

/* The priorities as the form orders them (an empty choice leaves that place out),
 * when that differs from s's; each keeps the slack s gives it. */
static json_t *priorities(const om_scenario *s, const http_req *rq, variant_errors *errs)
{
    json_t *a = json_array();
    bool seen[PRIO_COUNT] = {false};
    int n = 0;
    bool same = true;
    for (int k = 0; a && k < PRIO_COUNT; k++) {
        char key[16];
        snprintf(key, sizeof key, "prio%d", k + 1);
        const char *v = http_field(rq, key);
        if (!v || !*v)
            continue; /* left out */
        int p = priority_find(v);
        if (p < 0 || seen[p]) {
            add_error(errs, "priorities", "each priority once");
            break;
        }
        seen[p] = true;
        same = same && n < s->n_priorities && s->priorities[n] == (om_priority)p;
        n++;
        json_t *e = s->slack[p] > 0 ? json_pack("{s:s, s:f}", "level", v, "slack", s->slack[p])
                                    : json_string(priority_get((om_priority)p)->name);
        json_array_append_new(a, e);
    }
    if (a && n == 0)
        add_error(errs, "priorities", "at least one priority");
    if (same && n == s->n_priorities)
        json_decref(a), a = NULL;
    return a;
}

/* The variant's JSON: name, title, extends, and each setting the form changed. */
static json_t *build(const om_scenario *s, const char *path, const char *name, const http_req *rq,
                     variant_errors *errs)
{
    char real[PATH_MAX];
    json_t *root = json_object(), *caps = json_object(), *weights = json_object(),
           *solver = json_object();
    const char *title = http_field(rq, "title");
    double v;
    if (!realpath(path, real))
        add_error(errs, "", "the scenario file is gone");
    json_object_set_new(root, "name", json_string(name));
    if (title && *title)
        json_object_set_new(root, "title", json_string(title));
    json_object_set_new(root, "extends", json_string(real));
    json_t *l = leaves(s, rq, errs), *p = priorities(s, rq, errs);
    if (l)
        json_object_set_new(root, "leaves", l);
    for (int d = 0; d < s->n_departments; d++) {
        char key[512];
        snprintf(key, sizeof key, "cap:%s", s->departments[d].id);
        if (field_number(rq, key, &v, errs) && !num_eq(v, s->departments[d].cap_points))
            json_object_set_new(caps, s->departments[d].id, json_real(v));
    }
    for (int g = 0; g < s->n_segments; g++) {
        char key[512];
        snprintf(key, sizeof key, "weight:%s", s->segments[g].name);
        if (field_number(rq, key, &v, errs) && !num_eq(v, s->segments[g].weight))
            json_object_set_new(weights, s->segments[g].name, json_real(v));
    }
    if (json_object_size(caps))
        json_object_set(root, "caps", caps);
    if (json_object_size(weights))
        json_object_set(root, "weights", weights);
    if (field_number(rq, "max_utilisation", &v, errs) && !num_eq(v, s->max_utilisation))
        json_object_set_new(root, "max_utilisation", json_real(v));
    double limit = s->time_limit > 0 ? s->time_limit : 60;
    if (field_number(rq, "time_limit", &v, errs) && !num_eq(v, limit))
        json_object_set_new(solver, "time_limit", json_real(v));
    if (json_object_size(solver))
        json_object_set(root, "solver", solver);
    if (p)
        json_object_set_new(root, "priorities", p);
    json_decref(caps);
    json_decref(weights);
    json_decref(solver);
    return root;
}

/* The form's field for a problem at JSON path jp ("" when none fits). */
static void field_of(const char *jp, char *field, size_t size)
{
    static const struct {
        const char *prefix, *field;
    } map[] = {{"$.caps.", "cap:"},        {"$.weights.", "weight:"},
               {"$.leaves", "leave"},      {"$.max_utilisation", "max_utilisation"},
               {"$.solver", "time_limit"}, {"$.priorities", "priorities"},
               {"$.name", "name"},         {"$.title", "title"}};
    snprintf(field, size, "%s", "");
    for (size_t i = 0; jp && i < sizeof map / sizeof *map; i++) {
        size_t n = strlen(map[i].prefix);
        if (strncmp(jp, map[i].prefix, n) == 0) {
            bool keyed = map[i].prefix[n - 1] == '.';
            snprintf(field, size, "%s%s", map[i].field, keyed ? jp + n : "");
            return;
        }
    }
}

/* Read the written file back as plan would; its input errors beside their fields. */
static bool read_back(const char *file, variant_errors *errs)
{
    diags *d = diags_create();
    om_scenario *s = scenario_read(file, d);
    if (s)
        precheck_run(s, d);
    bool ok = true;
    for (size_t i = 0; i < diags_count(d); i++) {
        const diag *g = diags_get(d, i);
        char field[600], line[2048];
        if (g->kind != DIAG_INPUT && g->kind != DIAG_INTERNAL)
            continue; /* no plan may exist: that is for the plan to say */
        ok = false;
        field_of(g->path, field, sizeof field);
        if (*field)
            snprintf(line, sizeof line, "%s", g->text);
        else
            diag_format(g, line, sizeof line);
        add_error(errs, field, line);
    }
    if (diags_lost(d))
        ok = false;
    scenario_destroy(&s);
    diags_destroy(&d);
    return ok;
}

char *variant_save(const om_scenario *s, const char *path, const http_req *rq, const char *dir,
                   variant_errors *errs)
{
    const char *name = http_field(rq, "name");
    char file[PATH_MAX], check[PATH_MAX], *out = NULL;
    if (!name || !short_name(name)) {
        add_error(errs, "name", "letters, digits, '-' and '_' only, at most 64 (not 'variants')");
        return NULL;
    }
    snprintf(file, sizeof file, "%s/%s.json", dir, name);
    snprintf(check, sizeof check, "%s/.check-%s.json", dir, name);
    if (access(file, F_OK) == 0)
        add_error(errs, "name", "a variant of that name exists; choose another name");
    json_t *root = build(s, path, name, rq, errs);
    if (errs->n || !root) {
        json_decref(root);
        return NULL;
    }
    diags *d = diags_create();
    outset *set = outset_create(dir, d);
    FILE *f = set ? outset_open(set, check + strlen(dir) + 1, d) : NULL;
    if (!f || json_dumpf(root, f, JSON_INDENT(2)) < 0 || fputc('\n', f) == EOF ||
        outset_commit(&set, d) < 0) {
        outset_abort(&set);
        char line[2048] = "the variant could not be written";
        if (diags_count(d))
            diag_format(diags_get(d, 0), line, sizeof line);
        add_error(errs, "", line);
    } else if (read_back(check, errs) && rename(check, file) == 0) {
        out = strdup(file);
    }
    unlink(check);
    diags_destroy(&d);
    json_decref(root);
    return out;
}
