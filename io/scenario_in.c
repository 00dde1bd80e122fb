/* scenario_in.c - read a scenario, its extends chain and its three CSV tables */
#include "scenario_in.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv_in.h"
#include "date.h"
#include "jsonmem.h"
#include "levels.h"
#include "strmap.h"

/* Bounds far beyond any jobcentre and far inside what the solver handles well: past
 * them, numbers are typos or hostile, and would make GLPK fail rather than refuse. */
#define MIN_CAP 1e-2 /* cap_points and caps: workload points per FTE */
#define MAX_CAP 1e5
#define MIN_WEIGHT 1e-3 /* weights: workload points per case */
#define MAX_WEIGHT 1e3
#define MAX_FTE 1e5    /* min_fte and max_fte of a department */
#define MAX_SALARY 1e9 /* salary_per_fte */
#define MIN_MOVE_COST 1e-2 /* move_cost: what one change of caseworker costs a case */
#define MAX_MOVE_COST 1e2
#define MAX_REPEAT 1e3   /* repeat_change_factor */
#define MAX_CHANGES 1000 /* changes_12m */

#define MAX_DEPTH 16         /* scenario files in one extends chain */
#define MAX_JSON (16u << 20) /* bytes in one scenario file */

enum { DATA_DEPARTMENTS, DATA_STAFF, DATA_CASES, DATA_COUNT };
static const char *const data_keys[DATA_COUNT + 1] = {"departments", "staff", "cases", NULL};

/* A weight or cap from the scenario files, with the file that gave it. */
typedef struct {
    char *key;
    double value;
    const char *file; /* borrowed from reader.files */
} entry;

typedef struct {
    entry *items;
    int n, cap;
    strmap *index; /* key -> position in items */
} entries;

typedef struct {
    diags *d;
    om_scenario *s;
    char *files[MAX_DEPTH]; /* every scenario file read, nearest first; owned */
    int n_files;
    struct {
        dev_t dev;
        ino_t ino;
        const char *path;
    } chain[MAX_DEPTH]; /* the extends chain being read, outermost first */
    int depth;
    char *data[DATA_COUNT]; /* resolved data paths */
    entries weights, caps, move_costs;
    const char *leaves_file;
    int *leaves_at; /* position of each s->leaves entry in the JSON array */
    int broken;     /* a scenario file could not be read: later gaps may be its fault */
    strmap *segs, *deps, *staff, *cases, *households;
    /* columns and ignore_columns per table, and segment_map: the nearest file's, kept
     * as JSON until the tables are read; with the file that gave them */
    json_t *columns[DATA_COUNT], *ignore[DATA_COUNT], *segment_map;
    const char *columns_file[DATA_COUNT], *ignore_file[DATA_COUNT], *segment_map_file;
    char **headers[DATA_COUNT]; /* per column of the table: the file's header, or NULL */
    char **ignored[DATA_COUNT];
    int n_ignored[DATA_COUNT];
    csvin_map map[DATA_COUNT];
    strmap *before; /* an old segment of segment_map -> its index in s->segments_before */
    int *before_to; /* the segment each old segment becomes */
    int deps_complete, staff_complete; /* read to the end: references can be checked */
    bool priorities_given, any_wishes;  /* the default order depends on wishes */
    int seg_cap, dep_cap, staff_cap, case_cap, household_cap;
    char *scratch;
    size_t scratch_cap;
} reader;

static void add(reader *r, const char *file, int line, int col, const char *path, const char *fmt,
                ...) __attribute__((format(printf, 6, 7)));
static void add(reader *r, const char *file, int line, int col, const char *path, const char *fmt,
                ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    diags_add(r->d, DIAG_INPUT, file, line, col, path, "%s", text);
}

static void *grow(void *p, int *cap, int need, size_t each)
{
    if (need <= *cap)
        return p;
    int n = *cap ? *cap : 16;
    while (n < need) {
        if (n > INT_MAX / 2)
            return NULL;
        n *= 2;
    }
    void *np = realloc(p, (size_t)n * each);
    if (np)
        *cap = n;
    return np;
}

static void oom(reader *r) { diags_add(r->d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory"); }

/* ---- suggestions ---- */

static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    int row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int corner = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j], best = corner + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            corner = up;
        }
    }
    return row[lb];
}

/* A near miss for typos: keep cand in *best when it is the closest so far. */
static void consider(const char *s, const char *cand, const char **best, int *best_d)
{
    int d = distance(s, cand), len = (int)strlen(s);
    if (d > 0 && d <= (len >= 6 ? 2 : 1) && d < len && d < *best_d) {
        *best = cand;
        *best_d = d;
    }
}

/* "; did you mean 'x'?" for a near miss, else "". */
static const char *did_you_mean(const char *best, char q, char *buf, size_t size)
{
    char quoted[96];
    if (!best)
        return "";
    snprintf(buf, size, "; did you mean %s?", csvin_quote(best, q, quoted, sizeof quoted));
    return buf;
}

/* ---- JSON ---- */

/* What a JSON value is, for "got ..." in messages. */
static const char *describe(const json_t *v, char *buf, size_t size)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return csvin_quote(json_string_value(v), '"', buf, size);
    case JSON_INTEGER:
    case JSON_REAL:
        snprintf(buf, size, "%.15g", json_number_value(v));
        return buf;
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    default:
        return "null";
    }
}

/* $.a.b for plain keys, $.a["odd key"] for the rest. */
static void path_key(char *out, size_t size, const char *base, const char *key)
{
    int plain = *key != '\0';
    for (const unsigned char *p = (const unsigned char *)key; *p && plain; p++)
        plain = *p >= 0x80 || *p == '_' || *p == '-' || (*p >= '0' && *p <= '9') ||
                ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z');
    char quoted[96];
    if (plain)
        snprintf(out, size, "%s.%s", base, key);
    else
        snprintf(out, size, "%s[%s]", base, csvin_quote(key, '"', quoted, sizeof quoted));
}

/* Report every key of obj not in known (NULL-terminated), with a near miss. */
static void unknown_keys(reader *r, const char *file, const char *path, json_t *obj,
                         const char *const *known)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        int k = 0;
        while (known[k] && strcmp(known[k], key) != 0)
            k++;
        if (known[k])
            continue;
        const char *best = NULL;
        int best_d = 99;
        for (k = 0; known[k]; k++)
            consider(key, known[k], &best, &best_d);
        char quoted[96], hint[128];
        add(r, file, 0, 0, path, "unknown key %s%s", csvin_quote(key, '\'', quoted, sizeof quoted),
            did_you_mean(best, '\'', hint, sizeof hint));
    }
}

static const char *const top_keys[] = {"name",
                                       "title",
                                       "extends",
                                       "data",
                                       "weights",
                                       "caps",
                                       "leaves",
                                       "salary_per_fte",
                                       "max_utilisation",
                                       "solver",
                                       "priorities",
                                       "columns",
                                       "ignore_columns",
                                       "segment_map",
                                       "schedule",
                                       "move_cost",
                                       "repeat_change_factor",
                                       "households",
                                       "max_cases_out",
                                       NULL};
static const char *const solver_keys[] = {"time_limit", "gap", NULL};
static const char *const schedule_keys[] = {"per_week", NULL};
/* handover meetings one caseworker can take part in a week, at the most */
#define MAX_PER_WEEK 1000

/* The number in v, or -1 (and a message) when v is no number in the range said. */
static int number(reader *r, const char *file, const char *path, const json_t *v, double lo,
                  int lo_open, double hi, const char *want, double *out)
{
    char got[96];
    double x = json_number_value(v);
    if (!json_is_number(v) || x < lo || (lo_open && !(x > lo)) || x > hi) {
        add(r, file, 0, 0, path, "must be %s, got %s", want, describe(v, got, sizeof got));
        return -1;
    }
    *out = x;
    return 0;
}

/* The path of rel as seen from the folder of file. Returns new (caller frees). */
static char *resolve(const char *file, const char *rel)
{
    const char *slash = strrchr(file, '/');
    if (rel[0] == '/' || !slash)
        return strdup(rel);
    size_t dn = (size_t)(slash - file) + 1, rn = strlen(rel);
    char *p = malloc(dn + rn + 1);
    if (p) {
        memcpy(p, file, dn);
        memcpy(p + dn, rel, rn + 1);
    }
    return p;
}

static int entries_set(entries *e, const char *key, double value, const char *file)
{
    int at = e->index ? strmap_get(e->index, key) : -1;
    if (at >= 0) {
        e->items[at].value = value;
        e->items[at].file = file;
        return 0;
    }
    if (!e->index && !(e->index = strmap_create()))
        return -1;
    entry *items = grow(e->items, &e->cap, e->n + 1, sizeof *items);
    if (!items)
        return -1;
    e->items = items;
    char *k = strdup(key);
    if (!k || strmap_put(e->index, key, e->n) != -1) {
        free(k);
        return -1;
    }
    e->items[e->n++] = (entry){k, value, file};
    return 0;
}

static void entries_free(entries *e)
{
    for (int i = 0; i < e->n; i++)
        free(e->items[i].key);
    free(e->items);
    strmap_destroy(&e->index);
}

/* A folder name for out/<name>/: no separators, no dot names, no control bytes. */
static int valid_name(const char *n)
{
    if (!*n || strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || strlen(n) > 200)
        return 0;
    for (const unsigned char *p = (const unsigned char *)n; *p; p++)
        if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

static int set_string(char **dst, const char *src)
{
    char *c = strdup(src);
    if (!c)
        return -1;
    free(*dst);
    *dst = c;
    return 0;
}

static void apply_object(reader *r, const char *file, const char *name, json_t *obj, entries *into,
                         const char *what)
{
    char base[32], path[256], got[96];
    snprintf(base, sizeof base, "$.%s", name);
    if (!json_is_object(obj)) {
        add(r, file, 0, 0, base, "must be an object, got %s", describe(obj, got, sizeof got));
        return;
    }
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        double x = 1;
        path_key(path, sizeof path, base, key);
        if (!*key) {
            add(r, file, 0, 0, path, "empty %s name", what);
            continue;
        }
        int bad = into == &r->caps         ? number(r, file, path, v, MIN_CAP, 0, MAX_CAP,
                                                    "a number in [0.01,100000]", &x) < 0
                  : into == &r->move_costs ? number(r, file, path, v, MIN_MOVE_COST, 0,
                                                    MAX_MOVE_COST, "a number in [0.01,100]", &x) < 0
                                           : number(r, file, path, v, MIN_WEIGHT, 0, MAX_WEIGHT,
                                                    "a number in [0.001,1000]", &x) < 0;
        if (bad && into != &r->weights)
            continue; /* but a weight's key names a segment even when its value is wrong */
        if (entries_set(into, key, x, file) < 0)
            oom(r);
    }
}

static void apply_leaves(reader *r, const char *file, json_t *v)
{
    om_scenario *s = r->s;
    char path[64], got[96];
    if (!json_is_array(v)) {
        add(r, file, 0, 0, "$.leaves", "must be an array of staff ids, got %s",
            describe(v, got, sizeof got));
        return;
    }
    for (int i = 0; i < s->n_leaves; i++)
        free(s->leaves[i]);
    free(s->leaves);
    s->leaves = NULL;
    s->n_leaves = 0;
    free(r->leaves_at);
    r->leaves_at = NULL;
    r->leaves_file = file;
    size_t n = json_array_size(v);
    if (n && (!(s->leaves = calloc(n, sizeof *s->leaves)) ||
              !(r->leaves_at = calloc(n, sizeof *r->leaves_at)))) {
        oom(r);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i);
        snprintf(path, sizeof path, "$.leaves[%zu]", i);
        if (!json_is_string(e) || !*json_string_value(e)) {
            add(r, file, 0, 0, path, "must be a staff id, got %s", describe(e, got, sizeof got));
            continue;
        }
        char *id = strdup(json_string_value(e));
        if (!id) {
            oom(r);
            return;
        }
        r->leaves_at[s->n_leaves] = (int)i;
        s->leaves[s->n_leaves++] = id;
    }
}

/* "caps", "continuity" or "balance", as the level table names them. */
static const char *priority_names(char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int p = 0; p < PRIO_COUNT && n < size; p++)
        n += (size_t)snprintf(buf + n, size - n, "%s\"%s\"",
                              p == 0               ? ""
                              : p + 1 < PRIO_COUNT ? ", "
                                                   : " or ",
                              priority_get(p)->name);
    return buf;
}

/* One entry of priorities: a name, or {"level": name, "slack": s}. Returns the
 * priority, or -1 after naming the problem at its path. */
static int priority_entry(reader *r, const char *file, size_t i, json_t *e, double *slack)
{
    char path[80], got[96], names[96];
    json_t *name = e;
    *slack = 0;
    if (json_is_object(e)) {
        const char *key;
        json_t *x;
        int bad = 0;
        json_object_foreach(e, key, x)
        {
            if (strcmp(key, "level") != 0 && strcmp(key, "slack") != 0) {
                snprintf(path, sizeof path, "$.priorities[%zu].%s", i, key);
                add(r, file, 0, 0, path, "unknown key; expected \"level\" or \"slack\"");
                bad = 1;
            }
        }
        x = json_object_get(e, "slack");
        if (x && (!json_is_number(x) || !(json_number_value(x) >= 0) ||
                  !isfinite(json_number_value(x)))) {
            snprintf(path, sizeof path, "$.priorities[%zu].slack", i);
            add(r, file, 0, 0, path, "must be a number >= 0 (relative: 0.02 is 2 %%), got %s",
                describe(x, got, sizeof got));
            bad = 1;
        } else if (x) {
            *slack = json_number_value(x);
        }
        snprintf(path, sizeof path, "$.priorities[%zu].level", i);
        if (!(name = json_object_get(e, "level"))) {
            add(r, file, 0, 0, path, "missing: the priority's name, one of %s",
                priority_names(names, sizeof names));
            return -1;
        }
        if (bad)
            return -1;
    } else if (json_is_string(e)) {
        snprintf(path, sizeof path, "$.priorities[%zu]", i);
    } else {
        snprintf(path, sizeof path, "$.priorities[%zu]", i);
        add(r, file, 0, 0, path,
            "must be a priority's name or {\"level\": name, \"slack\": number}, got %s",
            describe(e, got, sizeof got));
        return -1;
    }
    int p = json_is_string(name) ? priority_find(json_string_value(name)) : -1;
    if (p < 0)
        add(r, file, 0, 0, path, "unknown priority %s; expected %s",
            describe(name, got, sizeof got), priority_names(names, sizeof names));
    return p;
}

/* Any non-empty subset of the priorities, in any order, each at most once. */
static void apply_priorities(reader *r, const char *file, json_t *v)
{
    char path[64], got[96];
    om_priority order[PRIO_COUNT];
    double slack[PRIO_COUNT] = {0};
    int seen[PRIO_COUNT], n = 0, bad = 0;
    if (!json_is_array(v) || json_array_size(v) == 0) {
        add(r, file, 0, 0, "$.priorities", "must be a non-empty array of priorities, got %s",
            json_is_array(v) ? "[]" : describe(v, got, sizeof got));
        return;
    }
    for (int p = 0; p < PRIO_COUNT; p++)
        seen[p] = -1;
    for (size_t i = 0; i < json_array_size(v); i++) {
        double sl;
        int p = priority_entry(r, file, i, json_array_get(v, i), &sl);
        if (p < 0) {
            bad = 1;
            continue;
        }
        if (seen[p] >= 0) {
            snprintf(path, sizeof path, "$.priorities[%zu]", i);
            add(r, file, 0, 0, path, "\"%s\" is named twice (also at $.priorities[%d])",
                priority_get(p)->name, seen[p]);
            bad = 1;
            continue;
        }
        seen[p] = (int)i;
        slack[p] = sl;
        order[n++] = (om_priority)p;
    }
    if (bad)
        return;
    memcpy(r->s->priorities, order, (size_t)n * sizeof *order);
    memcpy(r->s->slack, slack, sizeof slack);
    r->s->n_priorities = n;
    r->priorities_given = true;
}

static void apply_solver(reader *r, const char *file, json_t *v)
{
    char got[96];
    if (!json_is_object(v)) {
        add(r, file, 0, 0, "$.solver", "must be an object, got %s", describe(v, got, sizeof got));
        return;
    }
    unknown_keys(r, file, "$.solver", v, solver_keys);
    json_t *e;
    if ((e = json_object_get(v, "time_limit")))
        number(r, file, "$.solver.time_limit", e, 0, 1, HUGE_VAL, "a number of seconds > 0",
               &r->s->time_limit);
    if ((e = json_object_get(v, "gap"))) {
        double g;
        if (number(r, file, "$.solver.gap", e, 0, 0, 1, "a number in [0,1)", &g) == 0) {
            if (g < 1)
                r->s->gap = g;
            else
                add(r, file, 0, 0, "$.solver.gap", "must be a number in [0,1), got %s",
                    describe(e, got, sizeof got));
        }
    }
}

static void apply_schedule(reader *r, const char *file, json_t *v)
{
    char got[96];
    if (!json_is_object(v)) {
        add(r, file, 0, 0, "$.schedule", "must be an object, got %s", describe(v, got, sizeof got));
        return;
    }
    unknown_keys(r, file, "$.schedule", v, schedule_keys);
    json_t *e = json_object_get(v, "per_week");
    double n;
    if (e && number(r, file, "$.schedule.per_week", e, 1, 0, MAX_PER_WEEK,
                    "a whole number of meetings in [1,1000]", &n) == 0) {
        if (n == floor(n))
            r->s->schedule_per_week = (int)n;
        else
            add(r, file, 0, 0, "$.schedule.per_week",
                "must be a whole number of meetings in [1,1000], got %s",
                describe(e, got, sizeof got));
    }
}

static void apply_data(reader *r, const char *file, json_t *v)
{
    char path[64], got[96];
    if (!json_is_object(v)) {
        add(r, file, 0, 0, "$.data", "must be an object, got %s", describe(v, got, sizeof got));
        return;
    }
    unknown_keys(r, file, "$.data", v, data_keys);
    for (int k = 0; k < DATA_COUNT; k++) {
        json_t *e = json_object_get(v, data_keys[k]);
        if (!e)
            continue;
        snprintf(path, sizeof path, "$.data.%s", data_keys[k]);
        if (!json_is_string(e) || !*json_string_value(e)) {
            add(r, file, 0, 0, path, "must be a file name, got %s", describe(e, got, sizeof got));
            continue;
        }
        char *p = resolve(file, json_string_value(e));
        if (!p) {
            oom(r);
            continue;
        }
        free(r->data[k]);
        r->data[k] = p;
    }
}

/* columns or ignore_columns (name) of one file: per table, an object of strings or an
 * array of strings, replacing what a parent gave for that table. Their contents are
 * checked once every file is read, against the table's columns. */
static void apply_tables(reader *r, const char *file, const char *name, json_t *v, json_t **into,
                         const char **into_file)
{
    char base[32], path[64], got[96];
    int is_columns = strcmp(name, "columns") == 0;
    snprintf(base, sizeof base, "$.%s", name);
    if (!json_is_object(v)) {
        add(r, file, 0, 0, base, "must be an object with a key per table (%s), got %s",
            "departments, staff, cases", describe(v, got, sizeof got));
        return;
    }
    unknown_keys(r, file, base, v, data_keys);
    for (int k = 0; k < DATA_COUNT; k++) {
        json_t *e = json_object_get(v, data_keys[k]);
        if (!e)
            continue;
        snprintf(path, sizeof path, "%s.%s", base, data_keys[k]);
        if (is_columns ? !json_is_object(e) : !json_is_array(e)) {
            add(r, file, 0, 0, path,
                is_columns ? "must be an object: our column name -> the header in the file, got %s"
                           : "must be an array of the file's headers, got %s",
                describe(e, got, sizeof got));
            continue;
        }
        json_decref(into[k]);
        into[k] = json_incref(e);
        into_file[k] = file;
    }
}

static void apply_segment_map(reader *r, const char *file, json_t *v)
{
    char got[96];
    if (!json_is_object(v)) {
        add(r, file, 0, 0, "$.segment_map", "must be an object: old segment -> new segment, got %s",
            describe(v, got, sizeof got));
        return;
    }
    json_decref(r->segment_map);
    r->segment_map = json_incref(v);
    r->segment_map_file = file;
}

/* Apply one scenario file over what its parents set. */
static void apply(reader *r, const char *file, json_t *root, int top)
{
    om_scenario *s = r->s;
    char got[96];
    json_t *v;
    if ((v = json_object_get(root, "name"))) {
        if (!json_is_string(v) || !valid_name(json_string_value(v)))
            add(r, file, 0, 0, "$.name",
                "must be a short name usable as a folder name (no '/'), got %s",
                describe(v, got, sizeof got));
        else if (top && set_string(&s->name, json_string_value(v)) < 0)
            oom(r);
    }
    if ((v = json_object_get(root, "title"))) {
        if (!json_is_string(v))
            add(r, file, 0, 0, "$.title", "must be a string, got %s", describe(v, got, sizeof got));
        else if (top && set_string(&s->title, json_string_value(v)) < 0)
            oom(r);
    }
    if ((v = json_object_get(root, "data")))
        apply_data(r, file, v);
    if ((v = json_object_get(root, "weights")))
        apply_object(r, file, "weights", v, &r->weights, "segment");
    if ((v = json_object_get(root, "caps")))
        apply_object(r, file, "caps", v, &r->caps, "department");
    if ((v = json_object_get(root, "leaves")))
        apply_leaves(r, file, v);
    if ((v = json_object_get(root, "salary_per_fte")))
        number(r, file, "$.salary_per_fte", v, 0, 0, MAX_SALARY, "a number in [0,1000000000]",
               &s->salary_per_fte);
    if ((v = json_object_get(root, "max_utilisation")))
        number(r, file, "$.max_utilisation", v, 1, 0, 1000,
               "a number in [1,1000] (1 is 100 % of the cap)", &s->max_utilisation);
    if ((v = json_object_get(root, "solver")))
        apply_solver(r, file, v);
    if ((v = json_object_get(root, "priorities")))
        apply_priorities(r, file, v);
    if ((v = json_object_get(root, "columns")))
        apply_tables(r, file, "columns", v, r->columns, r->columns_file);
    if ((v = json_object_get(root, "ignore_columns")))
        apply_tables(r, file, "ignore_columns", v, r->ignore, r->ignore_file);
    if ((v = json_object_get(root, "segment_map")))
        apply_segment_map(r, file, v);
    if ((v = json_object_get(root, "schedule")))
        apply_schedule(r, file, v);
    if ((v = json_object_get(root, "move_cost"))) {
        s->move_cost_given = true;
        apply_object(r, file, "move_cost", v, &r->move_costs, "segment");
    }
    if ((v = json_object_get(root, "repeat_change_factor")))
        number(r, file, "$.repeat_change_factor", v, 0, 0, MAX_REPEAT, "a number in [0,1000]",
               &s->repeat_change_factor);
    if ((v = json_object_get(root, "max_cases_out")))
        number(r, file, "$.max_cases_out", v, 0, 1, 1,
               "a share in (0,1] (0.5: at most half of one's cases handed over)",
               &s->max_cases_out);
    if ((v = json_object_get(root, "households"))) {
        const char *rule = json_is_string(v) ? json_string_value(v) : "";
        if (strcmp(rule, "hard") == 0 || strcmp(rule, "soft") == 0)
            s->household_rule = rule[0] == 'h' ? HOUSEHOLDS_HARD : HOUSEHOLDS_SOFT;
        else
            add(r, file, 0, 0, "$.households", "must be \"hard\" or \"soft\", got %s",
                describe(v, got, sizeof got));
    }
}

/* Jansson quotes the input near an error; keep control and broken bytes out of ours. */
static void clean(const char *in, char *out, size_t size)
{
    size_t n = 0;
    int utf8 = csvin_utf8(in, strlen(in));
    for (const unsigned char *p = (const unsigned char *)in; *p && n + 1 < size; p++)
        out[n++] = *p < 0x20 || *p == 0x7f || (*p >= 0x80 && !utf8) ? '?' : (char)*p;
    out[n] = '\0';
}

/* The bytes of the file at path without a UTF-8 BOM (Notepad writes one). Returns
 * new (caller frees), or NULL with errno set. */
static char *slurp(const char *path, size_t *len)
{
    char *buf = NULL, *ret = NULL;
    size_t n = 0, cap = 0;
    int err = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    for (;;) {
        if (n == cap) {
            char *b = cap < MAX_JSON ? realloc(buf, cap ? 2 * cap : 4096) : NULL;
            if (!b) {
                err = cap < MAX_JSON ? ENOMEM : EFBIG;
                goto out;
            }
            buf = b;
            cap = cap ? 2 * cap : 4096;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0 && ferror(f)) {
            err = errno ? errno : EIO;
            goto out;
        }
        if (got == 0)
            break;
    }
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        memmove(buf, buf + 3, n -= 3);
    *len = n;
    ret = buf;
    buf = NULL;
out:
    fclose(f);
    free(buf);
    errno = err ? err : errno;
    return ret;
}

/* Read the scenario file at path after the files it extends. via is the file whose
 * $.extends names it, NULL for the scenario itself. */
static void read_layer(reader *r, const char *path, const char *via)
{
    json_t *root = NULL;
    json_error_t je;
    char *bytes = NULL;
    char quoted[256], got[96];
    struct stat st;
    int pushed = 0;
    const char *why = stat(path, &st) != 0  ? strerror(errno)
                      : S_ISDIR(st.st_mode) ? "is a directory"
                                            : NULL;
    if (why) {
        if (via)
            add(r, via, 0, 0, "$.extends", "cannot read %s: %s",
                csvin_quote(path, '"', quoted, sizeof quoted), why);
        else
            add(r, path, 0, 0, NULL, "cannot read scenario: %s", why);
        r->broken = 1;
        goto out;
    }
    for (int i = 0; i < r->depth; i++) {
        if (r->chain[i].dev != st.st_dev || r->chain[i].ino != st.st_ino)
            continue;
        char loop[512] = "";
        size_t used = 0;
        for (int k = 0; k <= r->depth; k++) {
            const char *p = k < r->depth ? r->chain[k].path : path;
            int w = snprintf(loop + used, sizeof loop - used, "%s%s", k ? " -> " : "", p);
            if (w < 0 || (size_t)w >= sizeof loop - used)
                break;
            used += (size_t)w;
        }
        add(r, via, 0, 0, "$.extends", "extends cycle: %s", loop);
        r->broken = 1;
        goto out;
    }
    if (r->depth == MAX_DEPTH || r->n_files == MAX_DEPTH) {
        add(r, via, 0, 0, "$.extends", "extends chain longer than %d files", MAX_DEPTH);
        r->broken = 1;
        goto out;
    }
    char *file = strdup(path);
    if (!file) {
        oom(r);
        goto out;
    }
    r->files[r->n_files++] = file;
    r->chain[r->depth].dev = st.st_dev;
    r->chain[r->depth].ino = st.st_ino;
    r->chain[r->depth].path = file;
    r->depth++;
    pushed = 1;

    size_t len;
    bytes = slurp(path, &len);
    if (!bytes && errno == ENOMEM)
        oom(r);
    else if (!bytes)
        add(r, file, 0, 0, NULL, "cannot read scenario: %s", strerror(errno));
    if (!bytes) {
        r->broken = 1;
        goto out;
    }
    jsonmem_watch();
    root = json_loadb(bytes, len, JSON_REJECT_DUPLICATES, &je);
    if (jsonmem_failed() || (!root && json_error_code(&je) == json_error_out_of_memory)) {
        oom(r);
        r->broken = 1;
        goto out;
    }
    if (!root) {
        char text[JSON_ERROR_TEXT_LENGTH];
        clean(je.text, text, sizeof text);
        add(r, file, je.line > 0 ? je.line : 0, je.column > 0 ? je.column : 0, NULL, "%s", text);
        r->broken = 1;
        goto out;
    }
    if (!json_is_object(root)) {
        add(r, file, 0, 0, "$", "must be an object, got %s", describe(root, got, sizeof got));
        r->broken = 1;
        goto out;
    }
    unknown_keys(r, file, "$", root, top_keys);
    json_t *ext = json_object_get(root, "extends");
    if (ext && (!json_is_string(ext) || !*json_string_value(ext)))
        add(r, file, 0, 0, "$.extends", "must be a file name, got %s",
            describe(ext, got, sizeof got));
    else if (ext) {
        char *parent = resolve(file, json_string_value(ext));
        if (parent)
            read_layer(r, parent, file);
        else
            oom(r);
        free(parent);
    }
    apply(r, file, root, via == NULL);
out:
    if (pushed)
        r->depth--;
    json_decref(root);
    free(bytes);
}

/* ---- CSV tables ---- */

/* Index of a new segment called name, or -1 when out of memory. */
static int add_segment(reader *r, const char *name)
{
    om_scenario *s = r->s;
    om_segment *segs = grow(s->segments, &r->seg_cap, s->n_segments + 1, sizeof *segs);
    if (!segs)
        return -1;
    s->segments = segs;
    char *copy = strdup(name);
    if (!copy || strmap_put(r->segs, name, s->n_segments) != -1) {
        free(copy);
        return -1;
    }
    segs[s->n_segments] = (om_segment){copy, 1.0, 1.0};
    return s->n_segments++;
}

static const char *near_segment(const reader *r, const char *name, char *buf, size_t size)
{
    const char *best = NULL;
    int best_d = 99;
    for (int k = 0; k < r->s->n_segments; k++)
        consider(name, r->s->segments[k].name, &best, &best_d);
    return did_you_mean(best, '"', buf, size);
}

static const char *near_department(const reader *r, const char *id, char *buf, size_t size)
{
    const char *best = NULL;
    int best_d = 99;
    for (int k = 0; k < r->s->n_departments; k++)
        consider(id, r->s->departments[k].id, &best, &best_d);
    return did_you_mean(best, '"', buf, size);
}

/* The segment index of name after the segment_map (*renamed 1 + its old index, or 0),
 * -1 when unknown. */
static int mapped_segment(const reader *r, const char *name, int *renamed)
{
    int k = r->before ? strmap_get(r->before, name) : -1;
    *renamed = k + 1;
    return k >= 0 ? r->before_to[k] : strmap_get(r->segs, name);
}

/* The |-separated segments in cell as indices (*out new, caller frees). With add_new,
 * new names join the segment table; else they are errors. Returns problems found. */
static int segment_list(reader *r, csvin *t, int col, const char *cell, int add_new, int **out,
                        int *n_out)
{
    char quoted[96], hint[128];
    int problems = 0, n = 0, cap = 0, *list = NULL;
    size_t len = strlen(cell);
    if (len + 1 > r->scratch_cap) {
        char *sc = realloc(r->scratch, len + 1);
        if (!sc) {
            oom(r);
            return 1;
        }
        r->scratch = sc;
        r->scratch_cap = len + 1;
    }
    memcpy(r->scratch, cell, len + 1);
    for (char *part = r->scratch, *next; part; part = next) {
        char *bar = strchr(part, '|');
        next = bar ? bar + 1 : NULL;
        if (bar)
            *bar = '\0';
        while (*part == ' ' || *part == '\t')
            part++;
        char *end = part + strlen(part);
        while (end > part && (end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        if (!*part) {
            csvin_error(t, col, "empty segment name in %s",
                        csvin_quote(cell, '"', quoted, sizeof quoted));
            problems++;
            continue;
        }
        int renamed = 0;
        int g = add_new ? strmap_get(r->segs, part) : mapped_segment(r, part, &renamed);
        if (g < 0 && !add_new) {
            if (r->deps_complete) {
                csvin_error(t, col, "unknown segment %s%s",
                            csvin_quote(part, '"', quoted, sizeof quoted),
                            near_segment(r, part, hint, sizeof hint));
                problems++;
            }
            continue;
        }
        if (g < 0 && (g = add_segment(r, part)) < 0) {
            oom(r);
            problems++;
            break;
        }
        int dup = 0;
        for (int k = 0; k < n; k++)
            dup |= list[k] == g;
        if (dup && renamed)
            continue; /* two old segments that became one */
        if (dup) {
            csvin_error(t, col, "segment %s listed twice",
                        csvin_quote(part, '"', quoted, sizeof quoted));
            problems++;
            continue;
        }
        int *l = grow(list, &cap, n + 1, sizeof *l);
        if (!l) {
            oom(r);
            problems++;
            break;
        }
        list = l;
        list[n++] = g;
    }
    *out = list;
    *n_out = n;
    return problems;
}

/* The number in cell within [lo,hi] (lo excluded when lo_open); 0, or -1 after
 * reporting. */
static int cell_number(csvin *t, int col, const char *cell, double lo, int lo_open, double hi,
                       const char *want, double *out)
{
    char quoted[96];
    double x;
    if (csvin_number(cell, csvin_separator(t), &x) < 0) {
        int comma = csvin_separator(t) == ',' && strchr(cell, ',');
        csvin_error(t, col, "expected a number, got %s%s",
                    csvin_quote(cell, '"', quoted, sizeof quoted),
                    comma ? "; a decimal comma needs ';' as the separator" : "");
        return -1;
    }
    if (x < lo || (lo_open && !(x > lo)) || x > hi) {
        csvin_error(t, col, "must be %s, got %s", want,
                    csvin_quote(cell, '"', quoted, sizeof quoted));
        return -1;
    }
    *out = x;
    return 0;
}

/* An id cell that looks like a CPR number is refused: ids must be pseudonymous. The
 * message masks it (diags_add does). 0, or -1 after reporting. */
static int refuse_cpr(csvin *t, int col, const char *id, const char *what)
{
    char quoted[96];
    if (!diag_cpr_like(id))
        return 0;
    csvin_error(t, col, "%s id %s looks like a CPR number; ids must be pseudonymous", what,
                csvin_quote(id, '"', quoted, sizeof quoted));
    return -1;
}

/* A non-empty id not seen before (else first_line_of_dup is where it was); 0, or -1
 * after reporting. */
static int check_id(csvin *t, int col, const char *id, const char *what, int first_line_of_dup)
{
    char quoted[96];
    if (!*id) {
        csvin_error(t, col, "empty cell; every %s needs an id", what);
        return -1;
    }
    if (refuse_cpr(t, col, id, what) < 0)
        return -1;
    if (first_line_of_dup > 0) {
        csvin_error(t, col, "duplicate %s id %s (first on line %d)", what,
                    csvin_quote(id, '"', quoted, sizeof quoted), first_line_of_dup);
        return -1;
    }
    return 0;
}

enum { D_ID, D_NAME, D_SEGMENTS, D_CAP, D_MIN, D_MAX, D_N };
static const csvin_column dep_cols[D_N] = {{"id", true},       {"name", true},
                                           {"segments", true}, {"cap_points", true},
                                           {"min_fte", false}, {"max_fte", false}};

static void read_departments(reader *r)
{
    om_scenario *s = r->s;
    int rc = -1;
    csvin *t = csvin_open_map(s->departments_path, dep_cols, D_N, &r->map[DATA_DEPARTMENTS], r->d);
    if (!t)
        goto out;
    while ((rc = csvin_next(t)) > 0) {
        const char *id = csvin_field(t, D_ID), *name = csvin_field(t, D_NAME);
        int prev = *id ? strmap_get(r->deps, id) : -1;
        check_id(t, D_ID, id, "department", prev >= 0 ? s->departments[prev].line : 0);
        int *segs = NULL, n_segs = 0;
        const char *cell = csvin_field(t, D_SEGMENTS);
        if (!*cell)
            csvin_error(t, D_SEGMENTS, "empty cell; a department serves at least one segment");
        else
            segment_list(r, t, D_SEGMENTS, cell, 1, &segs, &n_segs);
        double cap = 0, min_fte = 0, max_fte = -1;
        cell_number(t, D_CAP, csvin_field(t, D_CAP), MIN_CAP, 0, MAX_CAP, "in [0.01,100000]", &cap);
        cell = csvin_field(t, D_MIN);
        if (*cell)
            cell_number(t, D_MIN, cell, 0, 0, MAX_FTE, "in [0,100000]", &min_fte);
        cell = csvin_field(t, D_MAX);
        if (*cell) {
            char want[64];
            snprintf(want, sizeof want, "in [min_fte (%g),100000]", min_fte);
            cell_number(t, D_MAX, cell, min_fte, 0, MAX_FTE, want, &max_fte);
        }
        /* keep every department with a good id, so later references resolve */
        if (!*id || prev >= 0) {
            free(segs);
            continue;
        }
        om_department *deps = grow(s->departments, &r->dep_cap, s->n_departments + 1, sizeof *deps);
        char *id_copy = strdup(id), *name_copy = strdup(*name ? name : id);
        if (deps)
            s->departments = deps;
        if (!deps || !id_copy || !name_copy || strmap_put(r->deps, id, s->n_departments) != -1) {
            free(segs);
            free(id_copy);
            free(name_copy);
            oom(r);
            rc = -1;
            break;
        }
        s->departments[s->n_departments++] = (om_department){.id = id_copy,
                                                             .name = name_copy,
                                                             .segments = segs,
                                                             .n_segments = n_segs,
                                                             .cap_points = cap,
                                                             .min_fte = min_fte,
                                                             .max_fte = max_fte,
                                                             .line = csvin_line(t)};
    }
out:
    r->deps_complete = rc == 0 && csvin_skipped(t) == 0;
    csvin_close(&t);
}

/* Segments named only by weights join the table; weights apply. */
static void apply_weights(reader *r)
{
    for (int i = 0; i < r->weights.n; i++) {
        const entry *e = &r->weights.items[i];
        int g = strmap_get(r->segs, e->key);
        if (g < 0 && (g = add_segment(r, e->key)) < 0) {
            oom(r);
            return;
        }
        r->s->segments[g].weight = e->value;
    }
}

/* move_cost names segments the departments or weights know. */
static void apply_move_costs(reader *r)
{
    char path[256], quoted[96], hint[128];
    for (int i = 0; i < r->move_costs.n; i++) {
        const entry *e = &r->move_costs.items[i];
        int g = strmap_get(r->segs, e->key);
        if (g >= 0) {
            r->s->segments[g].move_cost = e->value;
        } else if (r->deps_complete) {
            path_key(path, sizeof path, "$.move_cost", e->key);
            add(r, e->file, 0, 0, path, "unknown segment %s%s",
                csvin_quote(e->key, '"', quoted, sizeof quoted),
                near_segment(r, e->key, hint, sizeof hint));
        }
    }
}

static void apply_caps(reader *r)
{
    char path[256], quoted[96], hint[128];
    for (int i = 0; i < r->caps.n; i++) {
        const entry *e = &r->caps.items[i];
        int d = strmap_get(r->deps, e->key);
        if (d >= 0)
            r->s->departments[d].cap_points = e->value;
        else if (r->deps_complete) {
            path_key(path, sizeof path, "$.caps", e->key);
            add(r, e->file, 0, 0, path, "unknown department %s%s",
                csvin_quote(e->key, '"', quoted, sizeof quoted),
                near_department(r, e->key, hint, sizeof hint));
        }
    }
}

enum {
    S_ID,
    S_NAME,
    S_UNIT,
    S_FTE,
    S_STATUS,
    S_QUALIFIED,
    S_DEPARTMENT,
    S_CAP_FACTOR,
    S_LAST_DAY,
    S_PER_WEEK,
    S_WISHES,
    S_N
};
static const csvin_column staff_cols[S_N] = {
    {"id", true},         {"name", true},      {"unit", true},
    {"fte", true},        {"status", true},    {"qualified", false},
    {"department", false}, {"cap_factor", false}, {"last_day", false},
    {"handovers_per_week", false}, {"wishes", false}};

static char *trimmed(const char *s);

/* The |-separated departments in cell, best first, as indices (*out new, caller
 * frees): unknown ones and ones named twice are errors. */
static void wish_list(reader *r, csvin *t, const char *cell, int **out, int *n_out)
{
    char quoted[96], hint[128];
    int n = 0, cap = 0, *list = NULL;
    char *copy = strdup(cell);
    if (!copy) {
        oom(r);
        return;
    }
    for (char *part = copy, *next; part; part = next) {
        char *bar = strchr(part, '|');
        next = bar ? bar + 1 : NULL;
        if (bar)
            *bar = '\0';
        char *id = trimmed(part);
        int d = id && *id ? strmap_get(r->deps, id) : -1, dup = 0;
        if (!id)
            oom(r);
        else if (!*id)
            csvin_error(t, S_WISHES, "empty department id in %s",
                        csvin_quote(cell, '"', quoted, sizeof quoted));
        else if (d < 0 && r->deps_complete)
            csvin_error(t, S_WISHES, "unknown department %s%s",
                        csvin_quote(id, '"', quoted, sizeof quoted),
                        near_department(r, id, hint, sizeof hint));
        for (int k = 0; d >= 0 && k < n; k++)
            dup |= list[k] == d;
        if (dup)
            csvin_error(t, S_WISHES, "department %s wished twice",
                        csvin_quote(id, '"', quoted, sizeof quoted));
        free(id);
        if (d < 0 || dup)
            continue;
        int *l = grow(list, &cap, n + 1, sizeof *l);
        if (!l) {
            oom(r);
            break;
        }
        list = l;
        list[n++] = d;
    }
    free(copy);
    *out = list;
    *n_out = n;
}

/* A warning for each wish of staff member i that cannot be granted. */
static void warn_wishes(reader *r, csvin *t, const om_staff *st)
{
    const om_scenario *s = r->s;
    for (int k = 0; k < st->n_wishes; k++) {
        const om_department *dep = &s->departments[st->wishes[k]];
        bool serves = st->n_qualified == 0;
        for (int q = 0; !serves && q < st->n_qualified; q++)
            serves = scenario_serves(s, st->wishes[k], st->qualified[q]);
        if (st->department >= 0 && st->department != st->wishes[k])
            diags_add(r->d, DIAG_WARNING, csvin_path(t), csvin_line(t), 0, NULL,
                      "staff %s wishes department %s but is fixed to %s", st->id, dep->id,
                      s->departments[st->department].id);
        else if (!serves)
            diags_add(r->d, DIAG_WARNING, csvin_path(t), csvin_line(t), 0, NULL,
                      "staff %s wishes department %s, which serves none of their segments",
                      st->id, dep->id);
    }
}

static void read_staff(reader *r)
{
    om_scenario *s = r->s;
    char quoted[96], hint[128];
    int rc = -1;
    csvin *t = csvin_open_map(s->staff_path, staff_cols, S_N, &r->map[DATA_STAFF], r->d);
    if (!t)
        goto out;
    while ((rc = csvin_next(t)) > 0) {
        const char *id = csvin_field(t, S_ID), *cell;
        int prev = *id ? strmap_get(r->staff, id) : -1;
        check_id(t, S_ID, id, "staff", prev >= 0 ? s->staff[prev].line : 0);
        double fte = 1, factor = 1;
        cell_number(t, S_FTE, csvin_field(t, S_FTE), 0, 1, 1, "in (0,1]", &fte);
        cell = csvin_field(t, S_STATUS);
        int leaves = strcmp(cell, "leaves") == 0;
        if (!leaves && strcmp(cell, "stays") != 0)
            csvin_error(t, S_STATUS, "expected \"stays\" or \"leaves\", got %s",
                        csvin_quote(cell, '"', quoted, sizeof quoted));
        int *qual = NULL, n_qual = 0;
        cell = csvin_field(t, S_QUALIFIED);
        if (*cell)
            segment_list(r, t, S_QUALIFIED, cell, 0, &qual, &n_qual);
        int dep = -1;
        cell = csvin_field(t, S_DEPARTMENT);
        if (refuse_cpr(t, S_DEPARTMENT, cell, "department") == 0 && *cell &&
            (dep = strmap_get(r->deps, cell)) < 0 && r->deps_complete)
            csvin_error(t, S_DEPARTMENT, "unknown department %s%s",
                        csvin_quote(cell, '"', quoted, sizeof quoted),
                        near_department(r, cell, hint, sizeof hint));
        cell = csvin_field(t, S_CAP_FACTOR);
        if (*cell)
            cell_number(t, S_CAP_FACTOR, cell, 0, 1, 1, "in (0,1]", &factor);
        long last_day = LONG_MIN;
        cell = csvin_field(t, S_LAST_DAY);
        if (*cell && date_parse(cell, &last_day) < 0)
            csvin_error(t, S_LAST_DAY, "expected a date YYYY-MM-DD, got %s",
                        csvin_quote(cell, '"', quoted, sizeof quoted));
        double per_week = 0;
        cell = csvin_field(t, S_PER_WEEK);
        if (*cell && cell_number(t, S_PER_WEEK, cell, 1, 0, MAX_PER_WEEK,
                                 "a whole number in [1,1000]", &per_week) == 0 &&
            per_week != floor(per_week)) {
            csvin_error(t, S_PER_WEEK, "must be a whole number in [1,1000], got %s",
                        csvin_quote(cell, '"', quoted, sizeof quoted));
            per_week = 0;
        }
        int *wishes = NULL, n_wishes = 0;
        cell = csvin_field(t, S_WISHES);
        if (*cell)
            wish_list(r, t, cell, &wishes, &n_wishes);
        if (!*id || prev >= 0) {
            free(qual);
            free(wishes);
            continue;
        }
        om_staff *staff = grow(s->staff, &r->staff_cap, s->n_staff + 1, sizeof *staff);
        char *id_copy = strdup(id), *name = strdup(csvin_field(t, S_NAME)),
             *unit = strdup(csvin_field(t, S_UNIT));
        if (staff)
            s->staff = staff;
        if (!staff || !id_copy || !name || !unit || strmap_put(r->staff, id, s->n_staff) != -1) {
            free(qual);
            free(wishes);
            free(id_copy);
            free(name);
            free(unit);
            oom(r);
            rc = -1;
            break;
        }
        s->staff[s->n_staff++] = (om_staff){.id = id_copy,
                                            .name = name,
                                            .unit = unit,
                                            .fte = fte,
                                            .cap_factor = factor,
                                            .leaves = leaves,
                                            .qualified = qual,
                                            .n_qualified = n_qual,
                                            .department = dep,
                                            .last_day = last_day,
                                            .per_week = (int)per_week,
                                            .wishes = wishes,
                                            .n_wishes = n_wishes,
                                            .line = csvin_line(t)};
        warn_wishes(r, t, &s->staff[s->n_staff - 1]);
        r->any_wishes |= n_wishes > 0;
    }
out:
    r->staff_complete = rc == 0 && csvin_skipped(t) == 0;
    csvin_close(&t);
}

static void apply_leaves_ids(reader *r)
{
    om_scenario *s = r->s;
    char path[64], quoted[96];
    for (int i = 0; i < s->n_leaves; i++) {
        int k = strmap_get(r->staff, s->leaves[i]);
        if (k >= 0)
            s->staff[k].leaves = true;
        else if (r->staff_complete) {
            snprintf(path, sizeof path, "$.leaves[%d]", r->leaves_at[i]);
            add(r, r->leaves_file, 0, 0, path, "unknown staff id %s",
                csvin_quote(s->leaves[i], '"', quoted, sizeof quoted));
        }
    }
}

enum { C_ID, C_CASEWORKER, C_SEGMENT, C_WEIGHT, C_PINNED, C_HOUSEHOLD, C_CHANGES, C_N };
static const csvin_column case_cols[C_N] = {
    {"id", true},      {"caseworker", true}, {"segment", true},     {"weight", false},
    {"pinned", false}, {"household", false}, {"changes_12m", false}};

/* The columns of each table, in data_keys order. */
static const struct {
    const csvin_column *cols;
    int n;
} tables[DATA_COUNT] = {{dep_cols, D_N}, {staff_cols, S_N}, {case_cols, C_N}};

/* A copy of s without blanks at its ends, or NULL when out of memory. */
static char *trimmed(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return strndup(s, n);
}

/* The header of column c of table k as the scenario names it. */
static const char *header_of(const reader *r, int k, int c)
{
    return r->headers[k] && r->headers[k][c] ? r->headers[k][c] : tables[k].cols[c].name;
}

/* Check columns and ignore_columns of table k against its columns and make its map. */
static void check_table_map(reader *r, int k)
{
    const csvin_column *cols = tables[k].cols;
    int n = tables[k].n, before = (int)diags_errors(r->d);
    char path[256], base[64], quoted[96], got[96];
    json_t *obj = r->columns[k], *arr = r->ignore[k], *v;
    const char *key, *file = r->columns_file[k];
    if (obj && !(r->headers[k] = calloc((size_t)n, sizeof(char *)))) {
        oom(r);
        return;
    }
    snprintf(base, sizeof base, "$.columns.%s", data_keys[k]);
    const char *names[16];
    int n_names = 0;
    for (int c = 0; c < n && n_names < 15; c++)
        names[n_names++] = cols[c].name;
    names[n_names] = NULL;
    if (obj)
        unknown_keys(r, file, base, obj, names);
    json_object_foreach(obj, key, v)
    {
        int c = 0;
        while (c < n && strcmp(cols[c].name, key) != 0)
            c++;
        if (c == n)
            continue;
        path_key(path, sizeof path, base, key);
        char *h = json_is_string(v) ? trimmed(json_string_value(v)) : NULL;
        if (json_is_string(v) && !h) {
            oom(r);
            return;
        }
        if (!h || !*h) {
            add(r, file, 0, 0, path, "must be the column's header in the file, got %s",
                describe(v, got, sizeof got));
            free(h);
            continue;
        }
        r->headers[k][c] = h;
    }
    /* two of our columns under one header: the second of them is reported */
    for (int c = 0; c < n; c++)
        for (int e = 0; e < c; e++)
            if (strcmp(header_of(r, k, c), header_of(r, k, e)) == 0) {
                int named = r->headers[k] && r->headers[k][c] ? c : e;
                path_key(path, sizeof path, base, cols[named].name);
                add(r, file, 0, 0, path, "%s is the header of both '%s' and '%s'",
                    csvin_quote(header_of(r, k, c), '\'', quoted, sizeof quoted), cols[e].name,
                    cols[c].name);
            }
    size_t n_arr = arr ? json_array_size(arr) : 0;
    if (n_arr && !(r->ignored[k] = calloc(n_arr, sizeof(char *)))) {
        oom(r);
        return;
    }
    for (size_t i = 0; i < n_arr; i++) {
        v = json_array_get(arr, i);
        snprintf(path, sizeof path, "$.ignore_columns.%s[%zu]", data_keys[k], i);
        char *h = json_is_string(v) ? trimmed(json_string_value(v)) : NULL;
        if (json_is_string(v) && !h) {
            oom(r);
            return;
        }
        if (!h || !*h) {
            add(r, r->ignore_file[k], 0, 0, path, "must be a header in the file, got %s",
                describe(v, got, sizeof got));
            free(h);
            continue;
        }
        r->ignored[k][r->n_ignored[k]++] = h;
        for (int c = 0; c < n; c++)
            if (cols[c].required && strcmp(header_of(r, k, c), h) == 0)
                add(r, r->ignore_file[k], 0, 0, path,
                    "%s is the header of the required column '%s'; it cannot be ignored",
                    csvin_quote(h, '\'', quoted, sizeof quoted), cols[c].name);
    }
    if ((int)diags_errors(r->d) != before)
        return;
    r->map[k] = (csvin_map){.header = (const char *const *)r->headers[k],
                            .ignore = (const char *const *)r->ignored[k],
                            .n_ignore = r->n_ignored[k],
                            .hint = "; or list it in the scenario's ignore_columns"};
}

/* Check segment_map once the segments are known: every old segment leads, through
 * the map, to a known segment without coming back. Fills r->before and
 * s->segments_before. */
static void check_segment_map(reader *r)
{
    om_scenario *s = r->s;
    json_t *m = r->segment_map, *v;
    const char *key, *file = r->segment_map_file;
    char path[256], quoted[96], hint[128], got[96], chain[512];
    size_t n = json_object_size(m);
    if (!m || n == 0)
        return;
    if (n > SHRT_MAX - 1) {
        add(r, file, 0, 0, "$.segment_map", "more than %d old segments", SHRT_MAX - 1);
        return;
    }
    if (!(r->before = strmap_create()) || !(r->before_to = calloc(n, sizeof(int))) ||
        !(s->segments_before = calloc(n, sizeof(char *)))) {
        oom(r);
        return;
    }
    json_object_foreach(m, key, v)
    {
        path_key(path, sizeof path, "$.segment_map", key);
        if (!*key || !json_is_string(v) || !*json_string_value(v)) {
            add(r, file, 0, 0, path,
                *key ? "must be the new segment's name, got %s" : "empty segment name",
                describe(v, got, sizeof got));
            continue;
        }
        /* follow the map from key; more steps than entries means a cycle */
        const char *to = key;
        size_t used = (size_t)snprintf(chain, sizeof chain, "%s", key), steps = 0;
        json_t *next;
        while ((next = json_object_get(m, to)) && json_is_string(next) && steps <= n &&
               (steps == 0 || strcmp(to, key) != 0)) {
            to = json_string_value(next);
            steps++;
            if (used < sizeof chain)
                used += (size_t)snprintf(chain + used, sizeof chain - used, " -> %s", to);
        }
        if (steps > n || strcmp(to, key) == 0) {
            add(r, file, 0, 0, path, "segment_map cycle: %s", chain);
            continue;
        }
        int g = strmap_get(r->segs, to);
        if (g < 0) {
            if (r->deps_complete)
                add(r, file, 0, 0, path,
                    "maps onto unknown segment %s%s; the new segments are those of %s",
                    csvin_quote(to, '"', quoted, sizeof quoted),
                    near_segment(r, to, hint, sizeof hint), s->departments_path);
            continue;
        }
        char *copy = strdup(key);
        if (!copy || strmap_put(r->before, key, s->n_segments_before) != -1) {
            free(copy);
            oom(r);
            return;
        }
        r->before_to[s->n_segments_before] = g;
        s->segments_before[s->n_segments_before++] = copy;
    }
}

/* Records ahead whose case id slot is prefetched: enough to cover a trip to memory
 * with the work on the records in between. */
#define CASE_AHEAD 8

/* The case ids read so far, for duplicates. Ids are unique, and exports often list
 * them in order: while each id sorts after the one before, it repeats none, and the
 * map, a slot per id in a table far bigger than the cache, stays empty. The first id
 * out of order fills it with the ids so far: those of the cases stored, and the loose
 * ones of records not stored. */
typedef struct {
    const char *id;
    int line;
} loose_id;

typedef struct {
    const char *last; /* the previous id, while in order */
    bool unordered;   /* the map holds every id read */
    loose_id *loose;
    int n_loose, loose_cap;
} case_ids;

/* Fill r->cases from the ids so far. 0, or -1 when out of memory. */
static int map_case_ids(reader *r, case_ids *c, long hint)
{
    const om_scenario *s = r->s;
    if (strmap_reserve(r->cases, (size_t)hint) < 0)
        return -1;
    for (int i = 0; i < s->n_cases; i++)
        if (strmap_put(r->cases, s->cases[i].id, s->cases[i].line) == -2)
            return -1;
    for (int i = 0; i < c->n_loose; i++)
        if (strmap_put(r->cases, c->loose[i].id, c->loose[i].line) == -2)
            return -1;
    c->unordered = true;
    return 0;
}

/* The line where id (kept in s->case_ids) was first read, -1 when new, -2 when out of
 * memory. */
static int case_id_seen(reader *r, case_ids *c, const char *id, int line, long hint)
{
    if (!c->unordered) {
        if (!c->last || strcmp(id, c->last) > 0) {
            c->last = id;
            return -1;
        }
        if (map_case_ids(r, c, hint) < 0)
            return -2;
    }
    return strmap_put(r->cases, id, line);
}

/* The index of household id, a new one when not seen before; -2 when out of memory. */
static int household_index(reader *r, const char *id)
{
    om_scenario *s = r->s;
    int seen = strmap_get(r->households, id);
    if (seen >= 0)
        return seen;
    char **ids = grow(s->households, &r->household_cap, s->n_households + 1, sizeof *ids);
    if (!ids)
        return -2;
    s->households = ids;
    if (!(ids[s->n_households] = strdup(id)))
        return -2;
    int h = s->n_households++; /* freed with the scenario from here on */
    return strmap_put(r->households, id, h) == -1 ? h : -2;
}

static void read_cases(reader *r)
{
    om_scenario *s = r->s;
    char quoted[96], hint[128];
    case_ids ids = {0};
    if (!s->case_ids && !(s->case_ids = strpool_create())) {
        oom(r);
        return;
    }
    csvin *t = csvin_open_map(s->cases_path, case_cols, C_N, &r->map[DATA_CASES], r->d);
    if (!t)
        return;
    long n = csvin_records_hint(t);
    while (csvin_next(t) > 0) {
        /* the map is far bigger than the cache: each strmap_put below would wait
         * for memory if its slot were not on its way already */
        const char *ahead = ids.unordered ? csvin_ahead(t, CASE_AHEAD, C_ID) : NULL;
        if (ahead)
            strmap_prefetch(r->cases, ahead);
        int errors = csvin_errors(t);
        const char *id = csvin_field(t, C_ID), *holder = csvin_field(t, C_CASEWORKER), *cell;
        const char *kept = *id ? strpool_add(s->case_ids, id, strlen(id)) : "";
        int first = kept && *kept ? case_id_seen(r, &ids, kept, csvin_line(t), n) : -1;
        if (!kept || first == -2) {
            oom(r);
            break;
        }
        check_id(t, C_ID, id, "case", first);
        int worker = -1, seg = -1, pinned = 0, renamed = 0;
        if (refuse_cpr(t, C_CASEWORKER, holder, "staff") == 0 && *holder &&
            (worker = strmap_get(r->staff, holder)) < 0 && r->staff_complete)
            csvin_error(t, C_CASEWORKER, "unknown caseworker %s",
                        csvin_quote(holder, '"', quoted, sizeof quoted));
        cell = csvin_field(t, C_SEGMENT);
        if (!*cell)
            csvin_error(t, C_SEGMENT, "empty cell; every case needs a segment");
        else if ((seg = mapped_segment(r, cell, &renamed)) < 0 && r->deps_complete)
            csvin_error(t, C_SEGMENT, "unknown segment %s%s",
                        csvin_quote(cell, '"', quoted, sizeof quoted),
                        near_segment(r, cell, hint, sizeof hint));
        double weight = seg >= 0 ? s->segments[seg].weight : 1;
        cell = csvin_field(t, C_WEIGHT);
        if (*cell)
            cell_number(t, C_WEIGHT, cell, MIN_WEIGHT, 0, MAX_WEIGHT, "in [0.001,1000]", &weight);
        cell = csvin_field(t, C_PINNED);
        if (strcmp(cell, "1") == 0)
            pinned = 1;
        else if (*cell && strcmp(cell, "0") != 0)
            csvin_error(t, C_PINNED, "expected 0 or 1, got %s",
                        csvin_quote(cell, '"', quoted, sizeof quoted));
        if (pinned && !*holder)
            csvin_error(t, C_PINNED, "a pinned case needs a caseworker");
        double changes = 0;
        cell = csvin_field(t, C_CHANGES);
        if (*cell &&
            cell_number(t, C_CHANGES, cell, 0, 0, MAX_CHANGES, "a whole number in [0,1000]",
                        &changes) == 0 &&
            changes != floor(changes))
            csvin_error(t, C_CHANGES, "must be a whole number in [0,1000], got %s",
                        csvin_quote(cell, '"', quoted, sizeof quoted));
        int household = -1;
        cell = csvin_field(t, C_HOUSEHOLD);
        if (*cell && refuse_cpr(t, C_HOUSEHOLD, cell, "household") == 0 &&
            (household = household_index(r, cell)) == -2) {
            oom(r);
            break;
        }
        if (csvin_errors(t) != errors || (worker < 0 && *holder) || seg < 0) {
            /* not stored, as the scenario is refused anyway; its id still counts */
            if (*kept && !ids.unordered) {
                void *loose = grow(ids.loose, &ids.loose_cap, ids.n_loose + 1, sizeof *ids.loose);
                if (!loose) {
                    oom(r);
                    break;
                }
                ids.loose = loose;
                ids.loose[ids.n_loose++] = (loose_id){.id = kept, .line = csvin_line(t)};
            }
            continue;
        }
        om_case *cases = grow(s->cases, &r->case_cap, s->n_cases + 1, sizeof *cases);
        if (!cases) {
            oom(r);
            break;
        }
        s->cases = cases;
        s->cases[s->n_cases++] = (om_case){.id = kept,
                                           .caseworker = worker,
                                           .segment = seg,
                                           .weight = weight,
                                           .pinned = pinned,
                                           .renamed = (short)renamed,
                                           .line = csvin_line(t),
                                           .changes = (int)changes,
                                           .household = household + 1};
    }
    free(ids.loose);
    csvin_close(&t);
}

/* The scenario file's name without folder and .json. Returns new (caller frees). */
char *scenario_path_stem(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 5 && strcmp(b + n - 5, ".json") == 0)
        n -= 5;
    return strndup(b, n);
}

static char *default_name(const char *path)
{
    char *name = scenario_path_stem(path);
    if (name && !valid_name(name)) {
        free(name);
        name = strdup("scenario");
    }
    return name;
}

om_scenario *scenario_read(const char *path, diags *d)
{
    reader r = {0};
    om_scenario *ret = NULL;
    diags *own = d ? NULL : diags_create();
    r.d = d ? d : own;
    if (!r.d)
        return NULL;
    size_t before = diags_errors(r.d);
    r.s = scenario_create();
    r.segs = strmap_create();
    r.deps = strmap_create();
    r.staff = strmap_create();
    r.cases = strmap_create_borrowing(); /* its keys are the cases' ids, in r.s->case_ids */
    r.households = strmap_create();
    if (!r.s || !r.segs || !r.deps || !r.staff || !r.cases || !r.households ||
        set_string(&r.s->path, path) < 0) {
        oom(&r);
        goto out;
    }
    read_layer(&r, path, NULL);
    if (r.n_files == 0 || r.broken)
        goto out;
    if (!r.s->name && !(r.s->name = default_name(path))) {
        oom(&r);
        goto out;
    }
    for (int k = 0; k < DATA_COUNT; k++)
        if (!r.data[k]) {
            char where[64];
            snprintf(where, sizeof where, "$.data.%s", data_keys[k]);
            add(&r, path, 0, 0, where, "missing; the scenario must name the %s table",
                data_keys[k]);
        }
    if (!r.data[DATA_DEPARTMENTS] || !r.data[DATA_STAFF] || !r.data[DATA_CASES])
        goto out;
    r.s->departments_path = r.data[DATA_DEPARTMENTS];
    r.s->staff_path = r.data[DATA_STAFF];
    r.s->cases_path = r.data[DATA_CASES];
    memset(r.data, 0, sizeof r.data);
    size_t mapped = diags_errors(r.d);
    for (int k = 0; k < DATA_COUNT; k++)
        check_table_map(&r, k);
    if (diags_errors(r.d) != mapped)
        goto out; /* the tables cannot be read as the scenario says */

    read_departments(&r);
    apply_weights(&r);
    apply_move_costs(&r);
    apply_caps(&r);
    check_segment_map(&r);
    read_staff(&r);
    if (r.any_wishes && !r.priorities_given) { /* with wishes, they come before balance */
        r.s->priorities[2] = PRIO_WISHES;
        r.s->priorities[3] = PRIO_BALANCE;
        r.s->n_priorities = 4;
    }
    apply_leaves_ids(&r);
    read_cases(&r);
    if (diags_errors(r.d) == before && r.n_files > 1 &&
        !(r.s->extends = calloc((size_t)r.n_files - 1, sizeof *r.s->extends)))
        oom(&r);
    if (diags_errors(r.d) == before) {
        /* files[0] is the scenario itself; its parents follow, nearest first */
        for (int i = 1; i < r.n_files; i++) {
            r.s->extends[r.s->n_extends++] = r.files[i];
            r.files[i] = NULL;
        }
        ret = r.s;
        r.s = NULL;
    }
out:
    scenario_destroy(&r.s);
    for (int i = 0; i < r.n_files; i++)
        free(r.files[i]);
    for (int k = 0; k < DATA_COUNT; k++)
        free(r.data[k]);
    entries_free(&r.weights);
    entries_free(&r.caps);
    entries_free(&r.move_costs);
    for (int k = 0; k < DATA_COUNT; k++) {
        json_decref(r.columns[k]);
        json_decref(r.ignore[k]);
        for (int c = 0; r.headers[k] && c < tables[k].n; c++)
            free(r.headers[k][c]);
        free(r.headers[k]);
        for (int i = 0; i < r.n_ignored[k]; i++)
            free(r.ignored[k][i]);
        free(r.ignored[k]);
    }
    json_decref(r.segment_map);
    strmap_destroy(&r.before);
    free(r.before_to);
    free(r.leaves_at);
    strmap_destroy(&r.segs);
    strmap_destroy(&r.deps);
    strmap_destroy(&r.staff);
    strmap_destroy(&r.cases);
    strmap_destroy(&r.households);
    free(r.scratch);
    diags_destroy(&own);
    return ret;
}
