/* compare.c - several plans side by side: one table of measures, written four ways */
#include "compare.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "outset.h"
#include "textout.h"
#include "xlsx_out.h"

typedef enum { K_TEXT, K_COUNT, K_SHARE, K_NUM } cmp_kind;

typedef struct cmp_table cmp_table;

/* One measure: how comparison.csv names it, how people read it, where it comes from. */
typedef struct {
    const char *measure, *da, *en;
    cmp_kind kind;
    double (*num)(const cmp_table *t, int c, const char *dep); /* NAN: empty */
    const char *(*text)(const cmp_table *t, int c);             /* K_TEXT only */
} cmp_def;

typedef struct {
    const cmp_def *def;
    const char *dep; /* department id of a per-department row, else NULL */
    const char *seg; /* segment of a per-segment row, else NULL */
} cmp_row;

struct cmp_table {
    const compare_column *cols;
    int n_cols;
    const char **deps; /* every department of any plan, in order of first appearance */
    int n_deps;
    const char **segs; /* where a plan weighs costs: every segment of any plan, likewise */
    int n_segs;
    cmp_row *rows;
    int n_rows;
};

static const plan_meta *meta_of(const cmp_table *t, int c)
{
    return t->cols[c].doc ? plan_doc_meta(t->cols[c].doc, NULL) : NULL;
}

static const char *status_of(const cmp_table *t, int c)
{
    const plan_meta *m = meta_of(t, c);
    return m ? m->status : "no plan";
}

static const char *reason_of(const cmp_table *t, int c)
{
    return t->cols[c].reason ? t->cols[c].reason : "";
}

/* The KPIs exactly as plan.json holds them. */
#define KPI(field)                                                                                 \
    static double kpi_##field(const cmp_table *t, int c, const char *dep)                          \
    {                                                                                              \
        (void)dep;                                                                                 \
        const plan_meta *m = meta_of(t, c);                                                        \
        return m ? (double)m->field : NAN;                                                         \
    }
KPI(cases)
KPI(moved)
KPI(kept_share)
KPI(max_utilisation)
KPI(overload_points)
KPI(handover_pairs)
KPI(fte_available)
KPI(fte_needed)

/* A kpi that a plan has only where its guard counts something: empty otherwise. */
#define KPI_IF(field, guard)                                                                       \
    static double kpi_##field(const cmp_table *t, int c, const char *dep)                          \
    {                                                                                              \
        (void)dep;                                                                                 \
        const plan_meta *m = meta_of(t, c);                                                        \
        return m && m->guard > 0 ? (double)m->field : NAN;                                         \
    }

/* kpis.wishes, empty for a plan without it (no caseworker's wishes count). */
KPI_IF(wishes_given, wishes_given)
KPI_IF(wish_first, wishes_given)
KPI_IF(wish_second, wishes_given)
KPI_IF(wish_later, wishes_given)
KPI_IF(wish_none, wishes_given)

/* kpis.move_cost: each plan's own costs (the count where a plan weighs none). */
KPI(move_cost)

/* equal_costs.moved, empty for a plan without it (costs not weighted). */
static double equal_moved(const cmp_table *t, int c, const char *dep)
{
    (void)dep;
    const plan_meta *m = meta_of(t, c);
    return m ? m->equal_moved : NAN;
}

/* kpis.households, empty for a plan whose cases.csv has none. */
KPI_IF(households, households)
KPI_IF(hh_together, households)
KPI_IF(hh_split, households)
KPI_IF(hh_united, households)

/* The largest share_out of one staying caseworker (caseworkers.csv's column). */
static double share_out_max(const cmp_table *t, int c, const char *dep)
{
    (void)dep;
    const plan_doc *doc = t->cols[c].doc;
    double most = NAN;
    for (int i = 0; doc && i < plan_doc_workers(doc); i++) {
        double v = plan_doc_worker(doc, i)->share_out;
        if (!isnan(v) && !(v <= most))
            most = v;
    }
    return most;
}

/* The cases of the row's segment that change caseworker (assignments' moved). */
static double moved_in(const cmp_table *t, int c, const char *seg)
{
    const plan_doc *doc = t->cols[c].doc;
    if (!doc)
        return NAN;
    int n = 0;
    for (int i = 0; i < plan_doc_cases(doc); i++) {
        const plan_row *r = plan_doc_case(doc, i);
        n += r->moved && strcmp(r->segment, seg) == 0;
    }
    return n;
}

/* The same with every cost 1 (equal_costs.by_segment); empty without it. */
static double equal_moved_in(const cmp_table *t, int c, const char *seg)
{
    const plan_meta *m = meta_of(t, c);
    for (int k = 0; m && k < m->n_equal_by_segment; k++)
        if (strcmp(m->equal_by_segment[k].name, seg) == 0)
            return m->equal_by_segment[k].value;
    return NAN;
}

/* solver.gap of plan.json: the gap of the last level solved (the levels not
 * optimised come after them and have none). */
static double solver_gap(const cmp_table *t, int c, const char *dep)
{
    (void)dep;
    const plan_meta *m = meta_of(t, c);
    for (int k = m ? m->n_levels - 1 : -1; k >= 0; k--)
        if (!isnan(m->levels[k].gap))
            return m->levels[k].gap;
    return NAN;
}

static double staying(const cmp_table *t, int c, const char *dep)
{
    (void)dep;
    if (!meta_of(t, c))
        return NAN;
    int n = 0;
    for (int i = 0; i < plan_doc_workers(t->cols[c].doc); i++)
        n += plan_doc_worker(t->cols[c].doc, i)->department[0] != '\0';
    return n;
}

/* The sum of one department column of plan.json; offset picks the field. */
static double dep_sum(const cmp_table *t, int c, size_t offset)
{
    const plan_meta *m = meta_of(t, c);
    if (!m)
        return NAN;
    double sum = 0;
    for (int k = 0; k < m->n_departments; k++) {
        double v = *(const double *)((const char *)&m->departments[k] + offset);
        sum += isnan(v) ? 0 : v;
    }
    return sum;
}

static double capacity(const cmp_table *t, int c, const char *dep)
{
    (void)dep;
    return dep_sum(t, c, offsetof(plan_department, capacity));
}

static double demand(const cmp_table *t, int c, const char *dep)
{
    (void)dep;
    return dep_sum(t, c, offsetof(plan_department, points));
}

static double yearly_cost(const cmp_table *t, int c, const char *dep)
{
    (void)dep;
    const plan_meta *m = meta_of(t, c);
    return m && m->salary_per_fte > 0 ? m->fte_available * m->salary_per_fte : NAN;
}

/* Cases of this plan whose new caseworker differs from the first plan's (a case the
 * first plan lacks counts as different). */
static double changed_vs_first(const cmp_table *t, int c, const char *dep)
{
    (void)dep;
    const plan_doc *a = t->cols[0].doc, *b = t->cols[c].doc;
    if (!a || !b)
        return NAN;
    int n = 0;
    for (int i = 0; i < plan_doc_cases(b); i++) {
        const plan_row *rb = plan_doc_case(b, i);
        const plan_row *ra = plan_doc_find_case(a, rb->id);
        n += !ra || strcmp(ra->to, rb->to) != 0;
    }
    return n;
}

static const plan_department *find_dep(const plan_meta *m, const char *dep)
{
    for (int k = 0; m && k < m->n_departments; k++)
        if (strcmp(m->departments[k].id, dep) == 0)
            return &m->departments[k];
    return NULL;
}

static double dep_utilisation(const cmp_table *t, int c, const char *dep)
{
    const plan_department *d = find_dep(meta_of(t, c), dep);
    return d ? d->utilisation : NAN;
}

typedef struct {
    int n, above;
    double peak, lowest, sum;
} load_stats;

/* The utilisation of the caseworkers placed in dep, or n = -1 when the plan lacks dep. */
static load_stats dep_loads(const cmp_table *t, int c, const char *dep)
{
    load_stats s = {.n = -1, .peak = NAN, .lowest = NAN};
    if (!find_dep(meta_of(t, c), dep))
        return s;
    s.n = 0;
    const plan_doc *doc = t->cols[c].doc;
    for (int i = 0; i < plan_doc_workers(doc); i++) {
        const plan_worker *w = plan_doc_worker(doc, i);
        if (strcmp(w->department, dep) != 0 || isnan(w->utilisation))
            continue;
        double u = w->utilisation;
        s.peak = s.n ? fmax(s.peak, u) : u;
        s.lowest = s.n ? fmin(s.lowest, u) : u;
        s.sum += u;
        s.above += u > 1 + 5e-7; /* as the report counts "above the cap" */
        s.n++;
    }
    return s;
}

static double dep_peak(const cmp_table *t, int c, const char *dep)
{
    return dep_loads(t, c, dep).peak;
}

static double dep_lowest(const cmp_table *t, int c, const char *dep)
{
    return dep_loads(t, c, dep).lowest;
}

static double dep_mean(const cmp_table *t, int c, const char *dep)
{
    load_stats s = dep_loads(t, c, dep);
    return s.n > 0 ? s.sum / s.n : NAN;
}

static double dep_above(const cmp_table *t, int c, const char *dep)
{
    load_stats s = dep_loads(t, c, dep);
    return s.n >= 0 ? s.above : NAN;
}

static const cmp_def plan_defs[] = {
    {"status", "Status", "Status", K_TEXT, NULL, status_of},
    {"reason", "Hvorfor ingen plan", "Why no plan", K_TEXT, NULL, reason_of},
    {"gap", "Løserens gap", "Solver gap", K_SHARE, solver_gap, NULL},
    {"cases", "Sager", "Cases", K_COUNT, kpi_cases, NULL},
    {"caseworkers", "Sagsbehandlere der bliver", "Caseworkers staying", K_COUNT, staying, NULL},
    {"fte_available", "Årsværk til rådighed", "FTE available", K_NUM, kpi_fte_available, NULL},
    {"fte_needed", "Årsværk der skal til", "FTE needed", K_NUM, kpi_fte_needed, NULL},
    {"capacity", "Kapacitet (point)", "Capacity (points)", K_NUM, capacity, NULL},
    {"demand", "Arbejdsbyrde (point)", "Demand (points)", K_NUM, demand, NULL},
    {"moved", "Sager der skifter sagsbehandler", "Cases that change caseworker", K_COUNT,
     kpi_moved, NULL},
    {"kept_share", "Andel der beholder sagsbehandler", "Share kept", K_SHARE, kpi_kept_share,
     NULL},
    {"different_caseworker_than_first", "Sager med anden sagsbehandler end første scenarie",
     "Cases with another caseworker than in the first scenario", K_COUNT, changed_vs_first, NULL},
    {"max_utilisation", "Højeste belastning", "Peak utilisation", K_SHARE, kpi_max_utilisation,
     NULL},
    {"overload_points", "Point over loftet", "Points above caps", K_NUM, kpi_overload_points,
     NULL},
    {"handover_pairs", "Overdragelser (par)", "Handover pairs", K_COUNT, kpi_handover_pairs,
     NULL},
    {"yearly_cost", "Lønudgift pr. år (kr.)", "Yearly staff cost (DKK)", K_NUM, yearly_cost,
     NULL},
};
#define N_PLAN_DEFS (int)(sizeof plan_defs / sizeof *plan_defs)

/* The wishes' profile: rows only when some plan has one. */
static const cmp_def wish_defs[] = {
    {"wishes_given", "Sagsbehandlere med ønsker", "Caseworkers with wishes", K_COUNT,
     kpi_wishes_given, NULL},
    {"wishes_first", "Fik første ønske", "Got their first wish", K_COUNT, kpi_wish_first, NULL},
    {"wishes_second", "Fik andet ønske", "Got their second wish", K_COUNT, kpi_wish_second, NULL},
    {"wishes_third_or_later", "Fik et senere ønske", "Got a later wish", K_COUNT, kpi_wish_later,
     NULL},
    {"wishes_none", "Fik intet ønske", "Got none of their wishes", K_COUNT, kpi_wish_none, NULL},
};
#define N_WISH_DEFS (int)(sizeof wish_defs / sizeof *wish_defs)

/* Costs: rows only when some plan weighs them. */
static const cmp_def cost_defs[] = {
    {"move_cost", "Skiftenes vægt (planens egne omkostninger)",
     "Weighted cost of the changes (each plan's own costs)", K_NUM, kpi_move_cost, NULL},
    {"moved_with_equal_costs", "Sager der ville skifte med lige vægt",
     "Cases that would change with equal costs", K_COUNT, equal_moved, NULL},
};
#define N_COST_DEFS (int)(sizeof cost_defs / sizeof *cost_defs)

/* Per segment where some plan weighs costs: the num hooks take the segment. */
static const cmp_def seg_defs[] = {
    {"moved", "Skifter sagsbehandler", "Change caseworker", K_COUNT, moved_in, NULL},
    {"moved_with_equal_costs", "Ville skifte med lige vægt", "Would change with equal costs",
     K_COUNT, equal_moved_in, NULL},
};
#define N_SEG_DEFS (int)(sizeof seg_defs / sizeof *seg_defs)

/* Households: rows only when some plan's cases.csv has them. */
static const cmp_def household_defs[] = {
    {"households", "Husstande", "Households", K_COUNT, kpi_households, NULL},
    {"households_together", "Husstande samlet hos én sagsbehandler",
     "Households together with one caseworker", K_COUNT, kpi_hh_together, NULL},
    {"households_split", "Husstande delt", "Households split", K_COUNT, kpi_hh_split, NULL},
    {"households_united", "Husstande samlet af flere sagsbehandlere",
     "Households united from several caseworkers", K_COUNT, kpi_hh_united, NULL},
};
#define N_HOUSEHOLD_DEFS (int)(sizeof household_defs / sizeof *household_defs)

/* Where a plan weighs costs, has households or caps what a caseworker hands away. */
static const cmp_def share_def = {"share_out_max",
                                  "Største andel af sine sager én sagsbehandler afgiver",
                                  "Largest share of their cases one caseworker hands away",
                                  K_SHARE,
                                  share_out_max,
                                  NULL};

static const cmp_def dep_defs[] = {
    {"utilisation", "Belastning", "Utilisation", K_SHARE, dep_utilisation, NULL},
    {"peak_utilisation", "Højeste sagsbehandler", "Peak caseworker", K_SHARE, dep_peak, NULL},
    {"mean_utilisation", "Gennemsnit pr. sagsbehandler", "Mean per caseworker", K_SHARE,
     dep_mean, NULL},
    {"lowest_utilisation", "Laveste sagsbehandler", "Lowest caseworker", K_SHARE, dep_lowest,
     NULL},
    {"above_cap", "Sagsbehandlere over loftet", "Caseworkers above cap", K_COUNT, dep_above,
     NULL},
};
#define N_DEP_DEFS (int)(sizeof dep_defs / sizeof *dep_defs)

static bool has_dep(const cmp_table *t, const char *id)
{
    for (int k = 0; k < t->n_deps; k++)
        if (strcmp(t->deps[k], id) == 0)
            return true;
    return false;
}

/* Collect the departments and lay out the rows. Returns 0, or -1 when out of memory. */
static int table_init(cmp_table *t, const compare_column *cols, int n)
{
    *t = (cmp_table){.cols = cols, .n_cols = n};
    int most = 0;
    for (int c = 0; c < n; c++)
        most += meta_of(t, c) ? meta_of(t, c)->n_departments : 0;
    int segs = 0;
    for (int c = 0; c < n; c++)
        segs += meta_of(t, c) ? meta_of(t, c)->n_weights : 0;
    t->deps = malloc(((size_t)most + 1) * sizeof(char *));
    t->segs = malloc(((size_t)segs + 1) * sizeof(char *));
    t->rows = malloc(((size_t)N_PLAN_DEFS + N_WISH_DEFS + N_COST_DEFS + N_HOUSEHOLD_DEFS + 1 +
                      (size_t)segs * N_SEG_DEFS + (size_t)most * N_DEP_DEFS) *
                     sizeof(cmp_row));
    if (!t->deps || !t->segs || !t->rows)
        return -1;
    for (int c = 0; c < n; c++) {
        const plan_meta *m = meta_of(t, c);
        for (int k = 0; m && k < m->n_departments; k++)
            if (!has_dep(t, m->departments[k].id))
                t->deps[t->n_deps++] = m->departments[k].id;
    }
    bool wishes = false, weighted = false, households = false, capped = false;
    for (int c = 0; c < n; c++) {
        const plan_meta *m = meta_of(t, c);
        wishes |= m && m->wishes_given > 0;
        weighted |= m && m->weighted;
        households |= m && m->households > 0;
        capped |= m && m->max_cases_out > 0;
    }
    for (int c = 0; weighted && c < n; c++) {
        const plan_meta *m = meta_of(t, c);
        for (int k = 0; m && k < m->n_weights; k++) {
            bool seen = false;
            for (int j = 0; j < t->n_segs && !seen; j++)
                seen = strcmp(t->segs[j], m->weights[k].name) == 0;
            if (!seen)
                t->segs[t->n_segs++] = m->weights[k].name;
        }
    }
    for (int r = 0; r < N_PLAN_DEFS; r++)
        t->rows[t->n_rows++] = (cmp_row){&plan_defs[r], NULL, NULL};
    for (int r = 0; wishes && r < N_WISH_DEFS; r++)
        t->rows[t->n_rows++] = (cmp_row){&wish_defs[r], NULL, NULL};
    for (int r = 0; weighted && r < N_COST_DEFS; r++)
        t->rows[t->n_rows++] = (cmp_row){&cost_defs[r], NULL, NULL};
    for (int k = 0; k < t->n_segs; k++)
        for (int r = 0; r < N_SEG_DEFS; r++)
            t->rows[t->n_rows++] = (cmp_row){&seg_defs[r], NULL, t->segs[k]};
    for (int r = 0; households && r < N_HOUSEHOLD_DEFS; r++)
        t->rows[t->n_rows++] = (cmp_row){&household_defs[r], NULL, NULL};
    if (weighted || households || capped)
        t->rows[t->n_rows++] = (cmp_row){&share_def, NULL, NULL};
    for (int k = 0; k < t->n_deps; k++)
        for (int r = 0; r < N_DEP_DEFS; r++)
            t->rows[t->n_rows++] = (cmp_row){&dep_defs[r], t->deps[k], NULL};
    return 0;
}

static void table_free(cmp_table *t)
{
    free(t->deps);
    free(t->segs);
    free(t->rows);
}

static double cell_num(const cmp_table *t, const cmp_row *r, int c)
{
    return r->def->num ? r->def->num(t, c, r->seg ? r->seg : r->dep) : NAN;
}

/* ---- comparison.csv and comparison.json: numbers as the plan files write them ---- */

static void measure_name(FILE *f, const cmp_row *r, const csv_style *st)
{
    char name[256];
    const char *key = r->seg ? r->seg : r->dep;
    snprintf(name, sizeof name, "%s%s%s", r->def->measure, key ? ":" : "", key ? key : "");
    csv_field(f, name, st);
}

static void write_csv(FILE *f, const cmp_table *t, const csv_style *st)
{
    const char *eol = st->decimal_comma ? "\r\n" : "\n";
    if (st->decimal_comma)
        fputs("\xef\xbb\xbf", f); /* Excel reads UTF-8 only with a BOM */
    fputs("measure", f);
    for (int c = 0; c < t->n_cols; c++) {
        fputc(st->sep, f);
        csv_field(f, t->cols[c].name, st);
    }
    fputs(eol, f);
    for (int r = 0; r < t->n_rows; r++) {
        const cmp_row *row = &t->rows[r];
        measure_name(f, row, st);
        for (int c = 0; c < t->n_cols; c++) {
            fputc(st->sep, f);
            if (row->def->text)
                csv_field(f, row->def->text(t, c), st);
            else
                csv_num(f, cell_num(t, row, c), st);
        }
        fputs(eol, f);
    }
}

static void json_opt_string(FILE *f, const char *s)
{
    if (s)
        json_quote(f, s);
    else
        fputs("null", f);
}

static void write_json(FILE *f, const cmp_table *t)
{
    fputs("{\n  \"scenarios\": [", f);
    for (int c = 0; c < t->n_cols; c++) {
        const compare_column *col = &t->cols[c];
        fputs(c ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
        json_quote(f, col->name);
        fputs(", \"source\": ", f);
        json_quote(f, col->source);
        fputs(", \"plan\": ", f);
        json_opt_string(f, col->plan_path);
        fputs(", \"status\": ", f);
        json_quote(f, status_of(t, c));
        fputs(", \"reason\": ", f);
        json_opt_string(f, col->reason);
        fputc('}', f);
    }
    fputs("\n  ],\n  \"measures\": [", f);
    for (int r = 0; r < t->n_rows; r++) {
        const cmp_row *row = &t->rows[r];
        fprintf(f, "%s\n    {\"measure\": \"%s\", \"department\": ", r ? "," : "",
                row->def->measure);
        json_opt_string(f, row->dep);
        if (row->seg) { /* only a per-segment row has the key */
            fputs(", \"segment\": ", f);
            json_quote(f, row->seg);
        }
        fputs(", \"values\": [", f);
        for (int c = 0; c < t->n_cols; c++) {
            fputs(c ? ", " : "", f);
            if (row->def->text)
                json_quote(f, row->def->text(t, c));
            else
                json_num(f, cell_num(t, row, c));
        }
        fputs("]}", f);
    }
    fputs("\n  ]\n}\n", f);
}

/* ---- comparison.md and comparison.html: the same numbers for people ---- */

/* v as fmt_num writes it, its integer part grouped in thousands ("3,848" or "3.848"). */
static void show_num(double v, report_lang lang, char out[64])
{
    char raw[48];
    fmt_num(v, false, raw);
    lang_number(raw, lang, out);
}

/* A cell's value for people: shares as percent, the rest grouped; "" when empty. */
static void show_cell(double v, cmp_kind kind, report_lang lang, char out[64])
{
    if (isnan(v)) {
        out[0] = '\0';
        return;
    }
    if (kind == K_SHARE) /* the percent of the share as the CSV rounds it */
        v = 100 * round(v * 1e6) / 1e6;
    show_num(v, lang, out);
    size_t k = strlen(out);
    if (kind == K_SHARE)
        snprintf(out + k, 64 - k, " %%");
}

/* The difference against the first column, "(+1,443)", or "" when none or zero. */
static void show_diff(const cmp_table *t, const cmp_row *r, int c, report_lang lang,
                      char out[80])
{
    out[0] = '\0';
    double v = cell_num(t, r, c), first = cell_num(t, r, 0);
    double d = (round(v * 1e6) - round(first * 1e6)) / 1e6 * (r->def->kind == K_SHARE ? 100 : 1);
    if (c == 0 || isnan(d) || fabs(d) < 5e-7)
        return;
    char n[64];
    show_num(fabs(d), lang, n);
    snprintf(out, 80, "(%s%s%s)", d > 0 ? "+" : "\xe2\x88\x92", n,
             r->def->kind == K_SHARE ? " pp" : "");
}

static const char *label(const cmp_row *r, report_lang lang)
{
    return T(lang, r->def->da, r->def->en);
}

/* Markdown table text: a '|' or a line break would end the cell. */
static void md_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else
            fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
    }
}

/* The department's name for people, from the first plan that has it; else its id. */
static const char *dep_label(const cmp_table *t, const char *dep)
{
    for (int c = 0; c < t->n_cols; c++) {
        const plan_department *d = meta_of(t, c) ? find_dep(meta_of(t, c), dep) : NULL;
        if (d)
            return d->name;
    }
    return dep;
}

static void md_row(FILE *f, const cmp_table *t, const cmp_row *r, report_lang lang)
{
    char v[64], d[80];
    fputs("| ", f);
    md_text(f, label(r, lang));
    if (r->dep || r->seg) {
        fputs(" (", f);
        md_text(f, r->seg ? r->seg : dep_label(t, r->dep));
        fputc(')', f);
    }
    for (int c = 0; c < t->n_cols; c++) {
        fputs(" | ", f);
        if (r->def->text) {
            md_text(f, r->def->text(t, c));
            continue;
        }
        show_cell(cell_num(t, r, c), r->def->kind, lang, v);
        show_diff(t, r, c, lang, d);
        fprintf(f, "%s%s%s", v, d[0] ? " " : "", d);
    }
    fputs(" |\n", f);
}

static void write_md(FILE *f, const cmp_table *t, report_lang lang)
{
    fprintf(f, "# %s\n\n%s", T(lang, "Sammenligning af scenarier", "Scenario comparison"),
            T(lang, "Forskelle i parentes er i forhold til første scenarie, ",
              "Differences in brackets are against the first scenario, "));
    md_text(f, t->cols[0].name);
    fputs(T(lang, ". Hvert tal står i scenariets egne planfiler.\n\n",
            ". Every number is in that scenario's own plan files.\n\n"),
          f);
    fprintf(f, "| %s", T(lang, "Mål", "Measure"));
    for (int c = 0; c < t->n_cols; c++) {
        fputs(" | ", f);
        md_text(f, t->cols[c].name);
    }
    fputs(" |\n| ---", f);
    for (int c = 0; c < t->n_cols; c++)
        fputs(" | ---:", f);
    fputs(" |\n", f);
    for (int r = 0; r < t->n_rows; r++)
        md_row(f, t, &t->rows[r], lang);
    fputs("\n", f);
    for (int c = 0; c < t->n_cols; c++) {
        fputs("- ", f);
        md_text(f, t->cols[c].name);
        fputs(": ", f);
        md_text(f, t->cols[c].plan_path ? t->cols[c].plan_path : status_of(t, c));
        fputc('\n', f);
    }
}

/* The reason without its details: the engine lists the ids of the cases involved after
 * a colon, and the page must hold no case id ("1 pinned case stays with ...: c17 (s3)"). */
static void esc_reason(FILE *f, const char *reason)
{
    const char *s = strstr(reason, "error: ");
    s = s ? s + 7 : reason;
    const char *end = strstr(s, ": ");
    size_t n = end ? (size_t)(end - s) : strlen(s);
    char buf[512];
    snprintf(buf, sizeof buf, "%.*s", (int)(n < sizeof buf ? n : sizeof buf - 1), s);
    html_text(f, buf);
}

static const char html_style[] =
    "body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;"
    "color:#1d2630}h1{font-size:1.5em}table{border-collapse:collapse;width:100%}"
    "th,td{padding:.3em .6em;border-bottom:1px solid #d8dee4;text-align:right}"
    "th:first-child{text-align:left;font-weight:normal}thead th{vertical-align:bottom;"
    "font-weight:bold;text-align:right}tr.dep th{font-weight:bold;text-align:left;"
    "padding-top:1em}.d{color:#5b6670;font-size:.85em;white-space:nowrap}"
    ".none{color:#b3261e}small{font-weight:normal;color:#5b6670}"
    ".wide{overflow-x:auto}"
    "@media print{body{margin:0}}";

static void html_cell(FILE *f, const cmp_table *t, const cmp_row *r, int c, report_lang lang)
{
    char v[64], d[80];
    if (r->def->text == reason_of) {
        fputs("<td>", f);
        esc_reason(f, reason_of(t, c));
        fputs("</td>", f);
        return;
    }
    if (r->def->text) {
        fprintf(f, "<td%s>", meta_of(t, c) ? "" : " class=\"none\"");
        html_text(f, r->def->text(t, c));
        fputs("</td>", f);
        return;
    }
    show_cell(cell_num(t, r, c), r->def->kind, lang, v);
    show_diff(t, r, c, lang, d);
    fprintf(f, "<td>%s%s%s%s</td>", v, d[0] ? " <span class=\"d\">" : "", d,
            d[0] ? "</span>" : "");
}

static void html_head(FILE *f, const cmp_table *t, report_lang lang)
{
    const char *title = T(lang, "Sammenligning af scenarier", "Scenario comparison");
    fprintf(f,
            "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n<h1>%s</h1>\n<p>",
            T(lang, "da", "en"), title, html_style, title);
    fputs(T(lang, "Hver kolonne er et scenarie, planlagt for sig. Tal i parentes er forskellen "
                  "til første scenarie, ",
            "Each column is one scenario, planned on its own. Numbers in brackets are the "
            "difference against the first scenario, "),
          f);
    html_text(f, t->cols[0].name);
    fputs(T(lang, ". Belastning er point i forhold til kapacitet; over 100 % er over loftet. "
                  "Hvert tal står i scenariets egne planfiler.</p>\n",
            ". Utilisation is points against capacity; above 100 % is above the cap. Every "
            "number is in that scenario's own plan files.</p>\n"),
          f);
}

static void write_html(FILE *f, const cmp_table *t, report_lang lang)
{
    html_head(f, t, lang);
    /* on a phone the table scrolls on its own, the page stays the screen's width */
    fprintf(f, "<div class=\"wide\"><table>\n<thead><tr><th>%s</th>", T(lang, "Mål", "Measure"));
    for (int c = 0; c < t->n_cols; c++) {
        const plan_meta *m = meta_of(t, c);
        fputs("<th>", f);
        html_text(f, t->cols[c].name);
        if (m && m->title[0]) {
            fputs("<br><small>", f);
            html_text(f, m->title);
            fputs("</small>", f);
        }
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int r = 0; r < t->n_rows; r++) {
        const cmp_row *row = &t->rows[r];
        if (row->dep && row->def == &dep_defs[0]) {
            fprintf(f, "<tr class=\"dep\"><th colspan=\"%d\">%s ", t->n_cols + 1,
                    T(lang, "Afdeling", "Department"));
            html_text(f, dep_label(t, row->dep));
            fputs("</th></tr>\n", f);
        }
        fputs("<tr><th>", f);
        html_text(f, label(row, lang));
        if (row->seg) {
            fputs(" (", f);
            html_text(f, row->seg);
            fputc(')', f);
        }
        fputs("</th>", f);
        for (int c = 0; c < t->n_cols; c++)
            html_cell(f, t, row, c, lang);
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table></div>\n</body>\n</html>\n", f);
}

static void write_csv_of(FILE *f, const void *ctx, const csv_style *st) { write_csv(f, ctx, st); }

int compare_write(const char *dir, const compare_column *cols, int n, const csv_style *st,
                  report_lang lang, bool xlsx, diags *d)
{
    cmp_table t;
    outset *o = NULL;
    int rc = -1;
    if (table_init(&t, cols, n) < 0) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    if (!(o = outset_create(dir, d)))
        goto out;
    FILE *f = outset_open(o, "comparison.csv", d);
    if (!f)
        goto fail;
    write_csv(f, &t, st);
    if (!(f = outset_open(o, "comparison.json", d)))
        goto fail;
    write_json(f, &t);
    if (!(f = outset_open(o, "comparison.md", d)))
        goto fail;
    write_md(f, &t, lang);
    if (!(f = outset_open(o, "comparison.html", d)))
        goto fail;
    write_html(f, &t, lang);
    if (xlsx &&
        (!(f = outset_open(o, "comparison.xlsx", d)) ||
         xlsx_out_table(f, T(lang, "Sammenligning", "Comparison"), write_csv_of, &t, d) < 0))
        goto fail;
    rc = outset_commit(&o, d);
    goto out;
fail:
    outset_abort(&o);
out:
    table_free(&t);
    return rc;
}

char *compare_unique_name(const char *name, char *const *taken, int n)
{
    size_t size = strlen(name) + 16;
    char *out = malloc(size);
    if (!out)
        return NULL;
    snprintf(out, size, "%s", name);
    for (int k = 2, i = 0; i < n;) {
        if (strcmp(out, taken[i]) != 0) {
            i++;
            continue;
        }
        snprintf(out, size, "%s-%d", name, k++);
        i = 0; /* the new name may be taken too */
    }
    return out;
}
