/* plan_out.c - the plan as tables: each table written once as CSV, once inside plan.json;
 * and the report for people beside them */
#include "plan_out.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "outset.h"
#include "sha256.h"
#include "xlsx_out.h"

typedef xlsx_cell cell; /* text, or a number when text is NULL */

typedef struct {
    const om_scenario *s;
    const om_plan *p;
    const om_metrics *m;
    int *case_order, *staff_order; /* rows sorted by id */
    bool anonymise;                /* caseworker names become "Sagsbehandler N" */
    char *label;                   /* room for such a name: LABEL_SIZE bytes */
} plan_ctx;
#define LABEL_SIZE 64

typedef struct {
    const char *file;
    const char *sheet_da, *sheet_en; /* its sheet in plan.xlsx */
    const char *json_key;
    const char *const *cols;
    int n_cols;
    int (*rows)(const plan_ctx *c);
    void (*row)(const plan_ctx *c, int r, cell *out);
} table;

static const char *staff_id(const om_scenario *s, int i) { return i >= 0 ? s->staff[i].id : ""; }
static const char *dep_id(const om_scenario *s, int d) { return d >= 0 ? s->departments[d].id : ""; }
static cell txt(const char *t) { return (cell){t, 0}; }
static cell num(double v) { return (cell){NULL, v}; }

static const char *const assignment_cols[] = {
    "case",  "segment", "weight",         "from_caseworker", "to_caseworker", "to_department",
    "moved", "reason",  "segment_before", "move_cost",       "household"};
static int assignment_rows(const plan_ctx *c) { return c->s->n_cases; }
static void assignment_row(const plan_ctx *c, int row, cell *out)
{
    int r = c->case_order[row];
    const om_case *cs = &c->s->cases[r];
    int to = c->p->assignment[r];
    out[0] = txt(cs->id);
    out[1] = txt(c->s->segments[cs->segment].name);
    out[2] = num(cs->weight);
    out[3] = txt(staff_id(c->s, cs->caseworker));
    out[4] = txt(staff_id(c->s, to));
    out[5] = txt(dep_id(c->s, c->p->placement[to]));
    out[6] = num(to != cs->caseworker);
    out[7] = txt(metrics_reason_name((om_reason)c->m->reason[r]));
    out[8] = txt(scenario_segment_before(c->s, cs));
    out[9] = num(scenario_case_cost(c->s, r));
    out[10] = cs->household > 0 ? txt(c->s->households[cs->household - 1]) : num(NAN); /* empty */
}

static const char *const caseworker_cols[] = {"caseworker",    "unit",
                                              "department",    "fte",
                                              "capacity",      "cases_before",
                                              "points_before", "cases_after",
                                              "points_after",  "utilisation",
                                              "cases_in",      "cases_out",
                                              "wish_rank",     "caseworker_name",
                                              "share_out"};
static int caseworker_rows(const plan_ctx *c) { return c->s->n_staff; }
static void caseworker_row(const plan_ctx *c, int row, cell *out)
{
    int r = c->staff_order[row];
    const om_staff *st = &c->s->staff[r];
    const om_cw_stats *w = &c->m->caseworkers[r];
    bool stays = w->department >= 0;
    out[0] = txt(st->id);
    out[1] = txt(st->unit);
    out[2] = txt(dep_id(c->s, w->department));
    out[3] = num(st->fte);
    out[4] = num(stays ? w->capacity : NAN);
    out[5] = num(w->cases_before);
    out[6] = num(w->points_before);
    out[7] = num(w->cases_after);
    out[8] = num(w->points_after);
    out[9] = num(stays ? w->utilisation : NAN);
    out[10] = num(w->cases_in);
    out[11] = num(w->cases_out);
    out[12] = num(w->wish_rank > 0 ? w->wish_rank : NAN); /* empty: none, or no wishes */
    /* the report's label: N by sorted staff id, as this row's */
    snprintf(c->label, LABEL_SIZE, "Sagsbehandler %d", row + 1);
    out[13] = txt(c->anonymise ? c->label : st->name);
    /* empty for a leaver and for one without cases before; written to the
     * millionth as every number is (fmt_num), rounded once */
    out[14] = num(stays && w->cases_before > 0 ? (double)w->cases_out / w->cases_before : NAN);
}

static const char *const department_cols[] = {
    "department",  "caseworkers",     "fte",        "cases",          "points", "capacity",
    "utilisation", "overload_points", "fte_needed", "department_name"};
static int department_rows(const plan_ctx *c) { return c->s->n_departments; }
static void department_row(const plan_ctx *c, int r, cell *out)
{
    const om_dep_stats *dp = &c->m->departments[r];
    out[0] = txt(c->s->departments[r].id);
    out[1] = num(dp->caseworkers);
    out[2] = num(dp->fte);
    out[3] = num(dp->cases);
    out[4] = num(dp->points);
    out[5] = num(dp->capacity);
    out[6] = num(dp->utilisation); /* NAN, written empty, when there is no capacity */
    out[7] = num(dp->overload_points);
    out[8] = num(dp->fte_needed);
    out[9] = txt(c->s->departments[r].name);
}

static const char *const handover_cols[] = {"from_caseworker", "to_caseworker", "cases"};
static int handover_rows(const plan_ctx *c) { return c->m->n_handovers; }
static void handover_row(const plan_ctx *c, int r, cell *out)
{
    const om_handover *h = &c->m->handovers[r];
    out[0] = txt(staff_id(c->s, h->from));
    out[1] = txt(staff_id(c->s, h->to));
    out[2] = num(h->cases);
}

#define TABLE(file, da, en, key, name)                                                             \
    {file, da, en, key, name##_cols, (int)(sizeof name##_cols / sizeof *name##_cols),            \
     name##_rows, name##_row}
static const table tables[] = {
    TABLE("departments.csv", "Afdelinger", "Departments", "departments", department),
    TABLE("caseworkers.csv", "Sagsbehandlere", "Caseworkers", "caseworkers", caseworker),
    TABLE("assignments.csv", "Sager", "Cases", "assignments", assignment),
    TABLE("handovers.csv", "Overdragelser", "Handovers", NULL, handover),
};
/* the sheets in the order a reader looks: cases first */
static const int sheet_order[] = {2, 1, 0, 3};
#define N_TABLES (int)(sizeof tables / sizeof *tables)
#define MAX_COLS 15

static void write_csv(FILE *f, const table *t, const plan_ctx *c, const csv_style *st)
{
    cell cells[MAX_COLS];
    if (st->decimal_comma)
        fputs("\xef\xbb\xbf", f); /* Excel reads UTF-8 only with a BOM */
    for (int k = 0; k < t->n_cols; k++) {
        if (k)
            fputc(st->sep, f);
        csv_field(f, t->cols[k], st);
    }
    fputs(st->decimal_comma ? "\r\n" : "\n", f);
    int n = t->rows(c);
    for (int r = 0; r < n; r++) {
        t->row(c, r, cells);
        for (int k = 0; k < t->n_cols; k++) {
            if (k)
                fputc(st->sep, f);
            if (cells[k].text)
                csv_field(f, cells[k].text, st);
            else
                csv_num(f, cells[k].num, st);
        }
        fputs(st->decimal_comma ? "\r\n" : "\n", f);
    }
}

static void write_json_table(FILE *f, const table *t, const plan_ctx *c)
{
    cell cells[MAX_COLS];
    char keys[MAX_COLS][48]; /* '"case": ', ', "segment": ', ...: written once a row */
    for (int k = 0; k < t->n_cols; k++)
        snprintf(keys[k], sizeof keys[k], "%s\"%s\": ", k ? ", " : "", t->cols[k]);
    int n = t->rows(c);
    fprintf(f, ",\n  \"%s\": [", t->json_key);
    for (int r = 0; r < n; r++) {
        t->row(c, r, cells);
        fputs(r ? ",\n    {" : "\n    {", f);
        for (int k = 0; k < t->n_cols; k++) {
            fputs(keys[k], f);
            if (cells[k].text)
                json_quote(f, cells[k].text);
            else
                json_num(f, cells[k].num);
        }
        fputc('}', f);
    }
    fputs(n ? "\n  ]" : "]", f);
}

static void json_key_num(FILE *f, const char *key, double v, bool comma)
{
    fprintf(f, "%s\"%s\": ", comma ? ", " : "", key);
    json_num(f, v);
}

static void write_scenario(FILE *f, const om_scenario *s)
{
    fputs("  \"scenario\": {\"name\": ", f);
    json_quote(f, s->name);
    fputs(", \"title\": ", f);
    json_quote(f, s->title ? s->title : "");
    fputs(", \"weights\": {", f);
    for (int g = 0; g < s->n_segments; g++) {
        fputs(g ? ", " : "", f);
        json_quote(f, s->segments[g].name);
        fputs(": ", f);
        json_num(f, s->segments[g].weight);
    }
    fputs("}, \"caps\": {", f);
    for (int d = 0; d < s->n_departments; d++) {
        fputs(d ? ", " : "", f);
        json_quote(f, s->departments[d].id);
        fputs(": ", f);
        json_num(f, s->departments[d].cap_points);
    }
    fputs("}, \"leaves\": [", f);
    for (int i = 0; i < s->n_leaves; i++) {
        fputs(i ? ", " : "", f);
        json_quote(f, s->leaves[i]);
    }
    fputs("]", f);
    json_key_num(f, "salary_per_fte", s->salary_per_fte, true);
    if (s->max_utilisation > 0)
        json_key_num(f, "max_utilisation", s->max_utilisation, true);
    /* the case costs' and households' keys where the scenario gives them; move_cost
     * with every segment's */
    if (s->move_cost_given) {
        fputs(", \"move_cost\": {", f);
        for (int g = 0; g < s->n_segments; g++) {
            fputs(g ? ", " : "", f);
            json_quote(f, s->segments[g].name);
            fputs(": ", f);
            json_num(f, s->segments[g].move_cost);
        }
        fputc('}', f);
    }
    if (s->repeat_change_factor > 0)
        json_key_num(f, "repeat_change_factor", s->repeat_change_factor, true);
    if (s->household_rule == HOUSEHOLDS_SOFT)
        fputs(", \"households\": \"soft\"", f);
    if (s->max_cases_out > 0)
        json_key_num(f, "max_cases_out", s->max_cases_out, true);
    /* as a scenario file gives them: a name, or with its slack an object */
    fputs(", \"priorities\": [", f);
    for (int k = 0; k < s->n_priorities; k++) {
        om_priority p = s->priorities[k];
        if (s->slack[p] > 0) {
            fprintf(f, "%s{\"level\": \"%s\"", k ? ", " : "", priority_get(p)->name);
            json_key_num(f, "slack", s->slack[p], true);
            fputc('}', f);
        } else {
            fprintf(f, "%s\"%s\"", k ? ", " : "", priority_get(p)->name);
        }
    }
    fputs("]}", f);
}

static int write_input(FILE *f, const char *role, const char *path, bool first, diags *d)
{
    char hex[65];
    if (sha256_file(path, hex) < 0) {
        diags_add(d, DIAG_INTERNAL, path, 0, 0, NULL, "cannot read to record its checksum");
        return -1;
    }
    fprintf(f, "%s\n    {\"role\": \"%s\", \"path\": ", first ? "" : ",", role);
    json_quote(f, path);
    fprintf(f, ", \"sha256\": \"%s\"}", hex);
    return 0;
}

static int write_inputs(FILE *f, const om_scenario *s, diags *d)
{
    fputs(",\n  \"inputs\": [", f);
    int rc = write_input(f, "scenario", s->path, true, d);
    for (int i = 0; rc == 0 && i < s->n_extends; i++)
        rc = write_input(f, "extends", s->extends[i], false, d);
    if (rc == 0)
        rc = write_input(f, "departments", s->departments_path, false, d);
    if (rc == 0)
        rc = write_input(f, "staff", s->staff_path, false, d);
    if (rc == 0)
        rc = write_input(f, "cases", s->cases_path, false, d);
    fputs("\n  ]", f);
    return rc;
}

static bool plan_optimal(const om_plan *p)
{
    for (int k = 0; k < p->n_levels; k++)
        if (!p->levels[k].optimal)
            return false;
    return true;
}

static void write_solver(FILE *f, const om_scenario *s, const om_plan *p)
{
    const plan_level *last = &p->levels[p->n_levels - 1];
    fprintf(f, ",\n  \"solver\": {\"status\": \"%s\"", plan_optimal(p) ? "optimal" : "feasible");
    json_key_num(f, "seconds", p->seconds, true);
    json_key_num(f, "gap_limit", p->gap_limit, true);
    json_key_num(f, "objective", last->value, true);
    json_key_num(f, "bound", last->bound, true);
    json_key_num(f, "gap", last->gap, true);
    fputs(", \"levels\": [", f);
    for (int k = 0; k < p->n_levels; k++) {
        const plan_level *lv = &p->levels[k];
        fprintf(f, "%s\n    {\"name\": \"%s\", \"status\": \"%s\"", k ? "," : "",
                level_of(lv->level, s)->name, lv->optimal ? "optimal" : "feasible");
        json_key_num(f, "value", lv->value, true);
        json_key_num(f, "bound", lv->bound, true);
        json_key_num(f, "gap", lv->gap, true);
        json_key_num(f, "seconds", lv->seconds, true);
        json_key_num(f, "slack", lv->slack, true);
        json_key_num(f, "reached", lv->reached, true);
        fputc('}', f);
    }
    /* the levels of the priorities left out: the plan's value, nothing solved */
    for (int l = 0; l < LEVEL_COUNT; l++) {
        if (!plan_left_out(p, (model_level)l))
            continue;
        fprintf(f, ",\n    {\"name\": \"%s\", \"status\": \"not_optimised\"",
                level_of((model_level)l, s)->name);
        json_key_num(f, "value", p->values[l], true);
        fputc('}', f);
    }
    fputs("\n  ]}", f);
}

/* The price of the peak: per ceiling, the fewest moves found under it; no key
 * where it was not asked for (tradeoff's points). */
static void write_price(FILE *f, const om_plan *p)
{
    if (!p->priced)
        return;
    fputs(",\n  \"continuity_price\": [", f);
    for (int k = 0; k < p->n_price; k++) {
        const plan_price *pp = &p->price[k];
        fprintf(f, "%s\n    {", k ? "," : "");
        json_key_num(f, "max_utilisation", pp->ceiling, false);
        json_key_num(f, "moved", pp->moved.value, true);
        fprintf(f, ", \"status\": \"%s\"", pp->moved.optimal ? "optimal" : "feasible");
        json_key_num(f, "bound", pp->moved.bound, true);
        fputc('}', f);
    }
    fputs(p->n_price ? "\n  ]" : "]", f);
}

/* household_splits: each household the plan leaves with two or more caseworkers. */
static void write_splits(FILE *f, const om_scenario *s, const om_plan *p, const om_metrics *m)
{
    fputs(",\n  \"household_splits\": [", f);
    for (int k = 0; k < m->n_splits; k++) {
        int h = m->splits[k];
        fprintf(f, "%s\n    {\"household\": ", k ? "," : "");
        json_quote(f, s->households[h]);
        fputs(", \"caseworkers\": [", f);
        /* its caseworkers after, by id: few, so a selection each time */
        const char *last = NULL;
        for (int n = 0;; n++) {
            const char *next = NULL;
            for (int c = 0; c < s->n_cases; c++) {
                const char *id = s->staff[p->assignment[c]].id;
                if (s->cases[c].household == h + 1 && (!last || strcmp(id, last) > 0) &&
                    (!next || strcmp(id, next) < 0))
                    next = id;
            }
            if (!next)
                break;
            fputs(n ? ", " : "", f);
            json_quote(f, next);
            last = next;
        }
        fputs("]}", f);
    }
    fputs(m->n_splits ? "\n  ]" : "]", f);
}

/* equal_costs: the continuity level with every cost 1 under the same caps; null
 * when costs are not weighted. */
static void write_equal_costs(FILE *f, const om_scenario *s, const om_plan *p)
{
    fputs(",\n  \"equal_costs\": ", f);
    if (!p->equal.solved) {
        fputs("null", f);
        return;
    }
    fputc('{', f);
    json_key_num(f, "moved", p->equal.moved, false);
    fprintf(f, ", \"status\": \"%s\", \"by_segment\": {", p->equal.status);
    for (int g = 0; g < s->n_segments; g++) {
        fputs(g ? ", " : "", f);
        json_quote(f, s->segments[g].name);
        fputs(": ", f);
        json_num(f, p->equal.by_segment ? p->equal.by_segment[g] : 0);
    }
    fputs("}}", f);
}

static void write_kpis(FILE *f, const om_kpis *k)
{
    fputs(",\n  \"kpis\": {", f);
    json_key_num(f, "cases", k->cases, false);
    json_key_num(f, "moved", k->moved, true);
    json_key_num(f, "kept_share", k->kept_share, true);
    json_key_num(f, "max_utilisation", k->max_utilisation, true);
    json_key_num(f, "overload_points", k->overload_points, true);
    json_key_num(f, "handover_pairs", k->handover_pairs, true);
    json_key_num(f, "fte_available", k->fte_available, true);
    json_key_num(f, "fte_needed", k->fte_needed, true);
    json_key_num(f, "move_cost", k->move_cost, true);
    fputs(", \"households\": {", f);
    json_key_num(f, "households", k->households, false);
    json_key_num(f, "together", k->together, true);
    json_key_num(f, "split", k->split, true);
    json_key_num(f, "united", k->united, true);
    fputc('}', f);
    if (k->wishes_given > 0) { /* only where some caseworker's wishes count */
        fputs(", \"wishes\": {", f);
        json_key_num(f, "given", k->wishes_given, false);
        json_key_num(f, "first", k->wish_first, true);
        json_key_num(f, "second", k->wish_second, true);
        json_key_num(f, "third_or_later", k->wish_later, true);
        json_key_num(f, "none", k->wish_none, true);
        fputc('}', f);
    }
    fputc('}', f);
}

/* plan.xlsx: Oversigt (the KPIs, then each level's status), then the tables as the
 * CSVs have them. 0, or -1 with the reason in d. */
static int write_xlsx(FILE *f, const plan_ctx *c, report_lang lang, diags *d)
{
    static const char *const summary_cols[] = {"measure", "value", "status", "bound", "gap"};
    const om_kpis *k = &c->m->kpis;
    const struct {
        const char *name;
        double v;
    } kpis[] = {{"cases", k->cases},
                {"moved", k->moved},
                {"kept_share", k->kept_share},
                {"max_utilisation", k->max_utilisation},
                {"overload_points", k->overload_points},
                {"handover_pairs", k->handover_pairs},
                {"fte_available", k->fte_available},
                {"fte_needed", k->fte_needed},
                {"move_cost", k->move_cost},
                /* plan.json's objects, one row per key */
                {"households.households", k->households},
                {"households.together", k->together},
                {"households.split", k->split},
                {"households.united", k->united},
                {"wishes.given", k->wishes_given},
                {"wishes.first", k->wish_first},
                {"wishes.second", k->wish_second},
                {"wishes.third_or_later", k->wish_later},
                {"wishes.none", k->wish_none}};
    cell cells[MAX_COLS];
    xlsx_out *x = xlsx_out_create(d);
    if (!x || xlsx_out_sheet(x, T(lang, "Oversigt", "Summary"), summary_cols, 5, d) < 0)
        goto fail;
    for (size_t i = 0; i < sizeof kpis / sizeof *kpis; i++) {
        if (strncmp(kpis[i].name, "wishes.", 7) == 0 && k->wishes_given == 0)
            continue; /* as plan.json: only where some caseworker's wishes count */
        cells[0] = txt(kpis[i].name);
        cells[1] = num(kpis[i].v);
        cells[2] = cells[3] = cells[4] = txt("");
        xlsx_out_row(x, cells);
    }
    for (int i = 0; i < c->p->n_levels; i++) {
        const plan_level *lv = &c->p->levels[i];
        cells[0] = txt(level_of(lv->level, c->s)->name);
        cells[1] = num(lv->value);
        cells[2] = txt(lv->optimal ? "optimal" : "feasible");
        cells[3] = num(lv->bound);
        cells[4] = num(lv->gap);
        xlsx_out_row(x, cells);
    }
    for (int l = 0; l < LEVEL_COUNT; l++) { /* as plan.json: the levels left out last */
        if (!plan_left_out(c->p, (model_level)l))
            continue;
        cells[0] = txt(level_of((model_level)l, c->s)->name);
        cells[1] = num(c->p->values[l]);
        cells[2] = txt("not_optimised");
        cells[3] = cells[4] = txt("");
        xlsx_out_row(x, cells);
    }
    for (int i = 0; i < N_TABLES; i++) {
        const table *t = &tables[sheet_order[i]];
        if (xlsx_out_sheet(x, T(lang, t->sheet_da, t->sheet_en), t->cols, t->n_cols, d) < 0)
            goto fail;
        int n = t->rows(c);
        for (int r = 0; r < n; r++) {
            t->row(c, r, cells);
            xlsx_out_row(x, cells);
        }
    }
    return xlsx_out_finish(&x, f, d);
fail:
    xlsx_out_destroy(&x);
    return -1;
}

int plan_write(const char *dir, const om_scenario *s, const om_plan *p, const om_metrics *m,
               const csv_style *st, const report_options *ro, bool xlsx, diags *d)
{
    char label[LABEL_SIZE];
    plan_ctx c = {s, p, m, scenario_order_by_id(&s->cases[0].id, sizeof(om_case), s->n_cases),
                  scenario_order_by_id(&s->staff[0].id, sizeof(om_staff), s->n_staff),
                  ro->anonymise, label};
    outset *o = NULL;
    int rc = -1;
    if (!c.case_order || !c.staff_order) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    if (!(o = outset_create(dir, d)))
        goto out;
    for (int t = 0; t < N_TABLES; t++) {
        FILE *f = outset_open(o, tables[t].file, d);
        if (!f)
            goto fail;
        write_csv(f, &tables[t], &c, st);
    }
    FILE *f = outset_open(o, "plan.json", d);
    if (!f)
        goto fail;
    fputs("{\n", f);
    write_scenario(f, s);
    if (write_inputs(f, s, d) < 0)
        goto fail;
    write_solver(f, s, p);
    write_price(f, p);
    write_kpis(f, &m->kpis);
    write_splits(f, s, p, m);
    write_equal_costs(f, s, p);
    for (int t = 0; t < N_TABLES; t++)
        if (tables[t].json_key)
            write_json_table(f, &tables[t], &c);
    fputs("\n}\n", f);
    f = outset_open(o, "report.html", d);
    if (!f || report_html_plan(f, s, p, m, ro, d) < 0)
        goto fail;
    if (xlsx && (!(f = outset_open(o, "plan.xlsx", d)) || write_xlsx(f, &c, ro->lang, d) < 0))
        goto fail;
    rc = outset_commit(&o, d);
    goto out;
fail:
    outset_abort(&o);
out:
    free(c.case_order);
    free(c.staff_order);
    return rc;
}
