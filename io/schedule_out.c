/* schedule_out.c - write a schedule's files (CSV, JSON, HTML, workbook), all or none */
#include "schedule_out.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "outset.h"
#include "schedule_html.h"
#include "sha256.h"
#include "xlsx_out.h"

int schedule_tally(schedule_doc *c)
{
    size_t n = (size_t)(c->r->weeks > 0 ? c->r->weeks : 1) * (size_t)(c->n_workers + 1);
    c->meetings = calloc(n, sizeof *c->meetings);
    c->cases_in = calloc(n, sizeof *c->cases_in);
    c->cases_out = calloc(n, sizeof *c->cases_out);
    c->points = calloc(n, sizeof *c->points);
    if (!c->meetings || !c->cases_in || !c->cases_out || !c->points)
        return -1;
    double *delta = c->points; /* first each week's change, then the running sum */
    for (int k = 0; k < c->n_moves; k++) {
        const sched_move *m = &c->moves[k];
        size_t at = (size_t)(c->r->week[k] - 1) * (size_t)c->n_workers;
        c->cases_in[at + (size_t)m->to]++;
        delta[at + (size_t)m->to] += m->weight;
        if (m->from >= 0) {
            c->cases_out[at + (size_t)m->from]++;
            delta[at + (size_t)m->from] -= m->weight;
            c->meetings[at + (size_t)m->to]++;
            c->meetings[at + (size_t)m->from]++;
        }
    }
    for (int i = 0; i < c->n_workers; i++) {
        double p = c->workers[i].before;
        for (int t = 0; t < c->r->weeks; t++) {
            size_t at = (size_t)t * (size_t)c->n_workers + (size_t)i;
            p += delta[at];
            c->points[at] = p;
        }
    }
    return 0;
}

void schedule_doc_free(schedule_doc *c)
{
    free(c->meetings);
    free(c->cases_in);
    free(c->cases_out);
    free(c->points);
    c->meetings = c->cases_in = c->cases_out = NULL;
    c->points = NULL;
}

char *schedule_monday(const schedule_doc *c, int week, char *buf)
{
    return date_format(c->start + 7L * (week - 1), buf);
}

static const schedule_doc *sort_doc;

/* schedule.csv's order: by week, then as the plan lists the cases */
static int by_week(const void *a, const void *b)
{
    int i = *(const int *)a, j = *(const int *)b;
    const schedule_doc *c = sort_doc;
    if (c->r->week[i] != c->r->week[j])
        return c->r->week[i] < c->r->week[j] ? -1 : 1;
    return c->row[i] < c->row[j] ? -1 : c->row[i] > c->row[j];
}

static const char *worker_id(const schedule_doc *c, int i) { return i >= 0 ? c->workers[i].id : ""; }

static double utilisation(const schedule_doc *c, int i, double points)
{
    return c->capacity[i] > 0 ? points / c->capacity[i] : NAN;
}

/* Where a table goes: a CSV file in style st, or the sheet called sheet of workbook x */
typedef struct {
    FILE *f;
    const csv_style *st;
    xlsx_out *x;
    const char *sheet;
    int n_cols;
    diags *d;
    int rc; /* -1: the sheet could not be added (the reason in d) */
} sink;

static void put_row(sink *s, const xlsx_cell *cells)
{
    if (s->x) {
        xlsx_out_row(s->x, cells);
        return;
    }
    for (int k = 0; k < s->n_cols; k++) {
        if (k)
            fputc(s->st->sep, s->f);
        if (cells[k].text)
            csv_field(s->f, cells[k].text, s->st);
        else
            csv_num(s->f, cells[k].num, s->st);
    }
    fputs(s->st->decimal_comma ? "\r\n" : "\n", s->f); /* Danish Excel ends lines with CRLF */
}

#define MAX_COLS 8

static void put_header(sink *s, const char *const *cols, int n)
{
    xlsx_cell cells[MAX_COLS];
    s->n_cols = n;
    if (s->x) {
        if (xlsx_out_sheet(s->x, s->sheet, cols, n, s->d) < 0)
            s->rc = -1;
        return;
    }
    if (s->st->decimal_comma)
        fputs("\xef\xbb\xbf", s->f); /* Danish Excel reads UTF-8 only with a BOM */
    for (int k = 0; k < n; k++)
        cells[k] = (xlsx_cell){cols[k], 0};
    put_row(s, cells);
}

static xlsx_cell txt(const char *t) { return (xlsx_cell){t, 0}; }
static xlsx_cell num(double v) { return (xlsx_cell){NULL, v}; }

static void write_schedule_csv(sink *s, const schedule_doc *c, const int *order)
{
    static const char *const cols[] = {"week",          "monday",          "case",
                                       "segment",       "from_caseworker", "to_caseworker",
                                       "to_department", "reason"};
    char monday[16];
    put_header(s, cols, 8);
    for (int k = 0; k < c->n_moves; k++) {
        int mv = order[k];
        const plan_row *row = plan_doc_case(c->plan, c->row[mv]);
        const xlsx_cell cells[] = {num(c->r->week[mv]),
                                   txt(schedule_monday(c, c->r->week[mv], monday)),
                                   txt(row->id),
                                   txt(row->segment),
                                   txt(worker_id(c, c->moves[mv].from)),
                                   txt(worker_id(c, c->moves[mv].to)),
                                   txt(row->to_department),
                                   txt(row->reason)};
        put_row(s, cells);
    }
}

static void write_letters_csv(sink *s, const schedule_doc *c, const int *order)
{
    static const char *const cols[] = {"week", "case", "to_caseworker", "to_department"};
    put_header(s, cols, 4);
    for (int k = 0; k < c->n_moves; k++) {
        int mv = order[k];
        const plan_row *row = plan_doc_case(c->plan, c->row[mv]);
        const xlsx_cell cells[] = {num(c->r->week[mv]), txt(row->id),
                                   txt(worker_id(c, c->moves[mv].to)), txt(row->to_department)};
        put_row(s, cells);
    }
}

/* weeks.csv and the JSON list alike: one row per week and caseworker with a handover */
static bool active(const schedule_doc *c, size_t at)
{
    return c->meetings[at] || c->cases_in[at] || c->cases_out[at];
}

static void write_weeks_csv(sink *s, const schedule_doc *c, const int *order)
{
    static const char *const cols[] = {
        "week",     "monday",    "caseworker",         "meetings",
        "cases_in", "cases_out", "points_end_of_week", "utilisation_end_of_week"};
    char monday[16];
    (void)order;
    put_header(s, cols, 8);
    for (int t = 0; t < c->r->weeks; t++)
        for (int i = 0; i < c->n_workers; i++) {
            size_t at = (size_t)t * (size_t)c->n_workers + (size_t)i;
            if (!active(c, at))
                continue;
            const xlsx_cell cells[] = {num(t + 1),
                                       txt(schedule_monday(c, t + 1, monday)),
                                       txt(c->workers[i].id),
                                       num(c->meetings[at]),
                                       num(c->cases_in[at]),
                                       num(c->cases_out[at]),
                                       num(c->points[at]),
                                       num(utilisation(c, i, c->points[at]))};
            put_row(s, cells);
        }
}

/* The tables: each a CSV file, and a sheet of schedule.xlsx */
static const struct {
    const char *file, *sheet_da, *sheet_en;
    void (*write)(sink *s, const schedule_doc *c, const int *order);
} tables[] = {{"schedule.csv", "Overdragelser", "Handovers", write_schedule_csv},
              {"weeks.csv", "Uger", "Weeks", write_weeks_csv},
              {"letters.csv", "Breve", "Letters", write_letters_csv}};
#define N_TABLES (int)(sizeof tables / sizeof *tables)

/* schedule.xlsx: one sheet per table. 0, or -1 with the reason in d. */
static int write_xlsx(FILE *f, const schedule_doc *c, const int *order, report_lang lang, diags *d)
{
    sink s = {.x = xlsx_out_create(d), .d = d};
    if (!s.x)
        return -1;
    for (int t = 0; t < N_TABLES && s.rc == 0; t++) {
        s.sheet = T(lang, tables[t].sheet_da, tables[t].sheet_en);
        tables[t].write(&s, c, order);
    }
    if (s.rc < 0) {
        xlsx_out_destroy(&s.x);
        return -1;
    }
    return xlsx_out_finish(&s.x, f, d);
}

static int write_json(FILE *f, const schedule_doc *c, const int *order, diags *d)
{
    char monday[16], hex[65];
    const plan_meta *m = plan_doc_meta(c->plan, NULL);
    if (sha256_file(c->plan_path, hex) < 0) {
        diags_add(d, DIAG_INTERNAL, c->plan_path, 0, 0, NULL, "cannot read to record its checksum");
        return -1;
    }
    fputs("{\n  \"plan\": {\"path\": ", f);
    json_quote(f, c->plan_path);
    fprintf(f, ", \"sha256\": \"%s\"},\n  \"inputs\": [", hex);
    for (int k = 0; m && k < m->n_inputs; k++) {
        fprintf(f, "%s\n    {\"role\": ", k ? "," : "");
        json_quote(f, m->inputs[k].role);
        fputs(", \"path\": ", f);
        json_quote(f, m->inputs[k].path);
        fputs(", \"sha256\": ", f);
        json_quote(f, plan_doc_input_sha256(c->plan, k));
        fputc('}', f);
    }
    const sched_result *r = c->r;
    int meetings = 0;
    for (int k = 0; k < c->n_moves; k++)
        meetings += c->moves[k].from >= 0;
    fprintf(f,
            "\n  ],\n  \"start\": \"%s\",\n  \"per_week\": %d,\n  \"status\": \"%s\",\n"
            "  \"weeks\": %d,\n  \"lower_bound_weeks\": %d,\n  \"moved\": %d,\n"
            "  \"meetings\": %d,\n  \"pairs\": %d,\n  \"pair_weeks\": %d,\n  \"caseworkers\": [",
            date_format(c->start, monday), c->per_week,
            r->weeks == r->lower_bound ? "optimal" : "feasible", r->weeks, r->lower_bound,
            c->n_moves, meetings, r->pairs, r->pair_weeks);
    bool first = true;
    for (int i = 0; i < c->n_workers; i++) {
        const sched_worker *w = &c->workers[i];
        fprintf(f, "%s\n    {\"caseworker\": ", first ? "" : ",");
        first = false;
        json_quote(f, w->id);
        fprintf(f, ", \"per_week\": %d, \"last_day\": ", w->per_week);
        if (c->last_day[i] != LONG_MIN)
            fprintf(f, "\"%s\"", date_format(c->last_day[i], monday));
        else
            fputs("null", f);
        fputs(", \"last_week\": ", f);
        if (w->deadline != SCHED_NO_DEADLINE)
            fprintf(f, "%d", w->deadline);
        else
            fputs("null", f);
        fputs(", \"points_before\": ", f);
        json_num(f, w->before);
        fputs(", \"points_after\": ", f);
        json_num(f, w->after);
        fputs(", \"capacity\": ", f);
        json_num(f, c->capacity[i]);
        fputc('}', f);
    }
    fputs("\n  ],\n  \"handovers\": [", f);
    for (int k = 0; k < c->n_moves; k++) {
        int mv = order[k];
        const plan_row *row = plan_doc_case(c->plan, c->row[mv]);
        fprintf(f, "%s\n    {\"week\": %d, \"monday\": \"%s\", \"case\": ", k ? "," : "",
                r->week[mv], schedule_monday(c, r->week[mv], monday));
        json_quote(f, row->id);
        fputs(", \"segment\": ", f);
        json_quote(f, row->segment);
        fputs(", \"from_caseworker\": ", f);
        json_quote(f, worker_id(c, c->moves[mv].from));
        fputs(", \"to_caseworker\": ", f);
        json_quote(f, worker_id(c, c->moves[mv].to));
        fputs(", \"to_department\": ", f);
        json_quote(f, row->to_department);
        fputs(", \"reason\": ", f);
        json_quote(f, row->reason);
        fputc('}', f);
    }
    fputs("\n  ],\n  \"weeks_by_caseworker\": [", f);
    first = true;
    for (int t = 0; t < r->weeks; t++)
        for (int i = 0; i < c->n_workers; i++) {
            size_t at = (size_t)t * (size_t)c->n_workers + (size_t)i;
            if (!active(c, at))
                continue;
            fprintf(f, "%s\n    {\"week\": %d, \"monday\": \"%s\", \"caseworker\": ",
                    first ? "" : ",", t + 1, schedule_monday(c, t + 1, monday));
            first = false;
            json_quote(f, c->workers[i].id);
            fprintf(f, ", \"meetings\": %d, \"cases_in\": %d, \"cases_out\": %d, "
                       "\"points_end_of_week\": ",
                    c->meetings[at], c->cases_in[at], c->cases_out[at]);
            json_num(f, c->points[at]);
            fputs(", \"utilisation_end_of_week\": ", f);
            json_num(f, utilisation(c, i, c->points[at]));
            fputc('}', f);
        }
    fputs("\n  ],\n  \"breaches\": [", f);
    for (int k = 0; k < r->n_breaches; k++) {
        const sched_breach *b = &r->breaches[k];
        const sched_worker *w = &c->workers[b->worker];
        fprintf(f, "%s\n    {\"week\": %d, \"monday\": \"%s\", \"caseworker\": ", k ? "," : "",
                b->week, schedule_monday(c, b->week, monday));
        json_quote(f, w->id);
        fputs(", \"points_end_of_week\": ", f);
        json_num(f, b->points);
        fputs(", \"threshold_points\": ", f);
        json_num(f, b->points - b->over);
        fputs(", \"over_points\": ", f);
        json_num(f, b->over);
        fputs(", \"utilisation_end_of_week\": ", f);
        json_num(f, utilisation(c, b->worker, b->points));
        fputc('}', f);
    }
    fputs("\n  ]\n}\n", f);
    return 0;
}

int schedule_write(const char *dir, const schedule_doc *c, const csv_style *st,
                   const report_options *ro, bool xlsx, diags *d)
{
    int *order = malloc(((size_t)c->n_moves + 1) * sizeof *order), rc = -1;
    outset *o = NULL;
    FILE *f;
    if (!order) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    for (int k = 0; k < c->n_moves; k++)
        order[k] = k;
    sort_doc = c;
    qsort(order, (size_t)c->n_moves, sizeof *order, by_week);
    if (!(o = outset_create(dir, d)))
        goto out;
    for (int t = 0; t < N_TABLES; t++) {
        if (!(f = outset_open(o, tables[t].file, d)))
            goto fail;
        tables[t].write(&(sink){.f = f, .st = st}, c, order);
    }
    if (!(f = outset_open(o, "schedule.json", d)) || write_json(f, c, order, d) < 0)
        goto fail;
    if (!(f = outset_open(o, "schedule.html", d)) || schedule_html(f, c, ro, d) < 0)
        goto fail;
    if (xlsx &&
        (!(f = outset_open(o, "schedule.xlsx", d)) || write_xlsx(f, c, order, ro->lang, d) < 0))
        goto fail;
    rc = outset_commit(&o, d);
    goto out;
fail:
    outset_abort(&o);
out:
    free(order);
    return rc;
}
