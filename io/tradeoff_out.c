/* tradeoff_out.c - the frontier as files and as a table */
#define _XOPEN_SOURCE 700 /* realpath */
#include "tradeoff_out.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "outset.h"
#include "xlsx_out.h"

/* The two levels that place a point: how far from proven it is. */
static double worst_gap(const om_plan *p)
{
    const plan_level *peak = plan_find_level(p, LEVEL_PEAK);
    const plan_level *moved = plan_find_level(p, LEVEL_MOVED);
    return fmax(peak ? peak->gap : 0, moved ? moved->gap : 0);
}

/* The proven lower bound on the cases moved under the point's ceiling. */
static double moved_bound(const om_plan *p)
{
    const plan_level *moved = plan_find_level(p, LEVEL_MOVED);
    return moved ? moved->bound : NAN;
}

/* Whether another point is at least as good on both axes and better on one. */
static bool dominated(const tradeoff_row *rows, int n, int i)
{
    double pi = tradeoff_peak(rows[i].point->plan);
    int mi = rows[i].metrics->kpis.moved;
    for (int j = 0; j < n; j++) {
        double pj = tradeoff_peak(rows[j].point->plan);
        int mj = rows[j].metrics->kpis.moved;
        if (pj <= pi + 1e-9 && mj <= mi && (pj < pi - 1e-9 || mj < mi))
            return true;
    }
    return false;
}

static const char *status(const om_plan *p) { return worst_gap(p) > 0 ? "feasible" : "optimal"; }

static void write_csv(FILE *f, const tradeoff_row *rows, int n, const csv_style *st)
{
    static const char *const head[] = {"point",      "ceiling", "peak_utilisation",
                                       "overload_points", "moved",   "moved_bound",
                                       "kept_share", "status",  "gap",
                                       "dominated",  "plan"};
    const char *eol = st->decimal_comma ? "\r\n" : "\n";
    if (st->decimal_comma)
        fputs("\xef\xbb\xbf", f); /* Excel reads UTF-8 only with a BOM */
    for (size_t k = 0; k < sizeof head / sizeof *head; k++) {
        if (k)
            fputc(st->sep, f);
        fputs(head[k], f);
    }
    fputs(eol, f);
    for (int i = 0; i < n; i++) {
        const om_plan *p = rows[i].point->plan;
        const om_kpis *k = &rows[i].metrics->kpis;
        double nums[] = {i + 1,
                         rows[i].point->ceiling > 0 ? rows[i].point->ceiling : NAN,
                         tradeoff_peak(p),
                         k->overload_points,
                         k->moved,
                         moved_bound(p),
                         k->kept_share};
        for (size_t c = 0; c < sizeof nums / sizeof *nums; c++) {
            if (c)
                fputc(st->sep, f);
            csv_num(f, nums[c], st);
        }
        fprintf(f, "%c%s%c", st->sep, status(p), st->sep);
        csv_num(f, worst_gap(p), st);
        fprintf(f, "%c%d%c", st->sep, dominated(rows, n, i), st->sep);
        csv_field(f, rows[i].plan_dir, st);
        fputs(eol, f);
    }
}

static void write_json(FILE *f, const char *scenario, const tradeoff_row *rows, int n)
{
    fputs("{\n  \"scenario\": ", f);
    json_quote(f, scenario);
    fputs(",\n  \"points\": [", f);
    for (int i = 0; i < n; i++) {
        const om_plan *p = rows[i].point->plan;
        const om_kpis *k = &rows[i].metrics->kpis;
        fprintf(f, "%s\n    {\"point\": %d, \"ceiling\": ", i ? "," : "", i + 1);
        json_num(f, rows[i].point->ceiling > 0 ? rows[i].point->ceiling : NAN);
        fputs(", \"peak_utilisation\": ", f);
        json_num(f, tradeoff_peak(p));
        fputs(", \"overload_points\": ", f);
        json_num(f, k->overload_points);
        fprintf(f, ", \"moved\": %d, \"moved_bound\": ", k->moved);
        json_num(f, moved_bound(p));
        fputs(", \"kept_share\": ", f);
        json_num(f, k->kept_share);
        fprintf(f, ", \"status\": \"%s\", \"gap\": ", status(p));
        json_num(f, worst_gap(p));
        fprintf(f, ", \"dominated\": %s, \"plan\": ", dominated(rows, n, i) ? "true" : "false");
        json_quote(f, rows[i].plan_dir);
        fputs("}", f);
    }
    fputs("\n  ]\n}\n", f);
}

typedef struct {
    const tradeoff_row *rows;
    int n;
} csv_args;

static void write_csv_of(FILE *f, const void *ctx, const csv_style *st)
{
    const csv_args *a = ctx;
    write_csv(f, a->rows, a->n, st);
}

int tradeoff_write(const char *dir, const char *scenario, const tradeoff_row *rows, int n,
                   const csv_style *st, const char *sheet, diags *d)
{
    outset *set = outset_create(dir, d);
    FILE *csv = set ? outset_open(set, "tradeoff.csv", d) : NULL;
    FILE *json = csv ? outset_open(set, "tradeoff.json", d) : NULL;
    if (!json) {
        outset_abort(&set);
        return -1;
    }
    write_csv(csv, rows, n, st);
    write_json(json, scenario, rows, n);
    FILE *xlsx = sheet ? outset_open(set, "tradeoff.xlsx", d) : NULL;
    if (sheet &&
        (!xlsx || xlsx_out_table(xlsx, sheet, write_csv_of, &(csv_args){rows, n}, d) < 0)) {
        outset_abort(&set);
        return -1;
    }
    return outset_commit(&set, d);
}

int tradeoff_write_scenario(const char *dir, const om_scenario *s, const tradeoff_point *pt,
                            int number, diags *d)
{
    char *parent = realpath(s->path, NULL);
    if (!parent) {
        diags_add(d, DIAG_INTERNAL, s->path, 0, 0, NULL, "cannot resolve its path");
        return -1;
    }
    outset *set = outset_create(dir, d);
    FILE *f = set ? outset_open(set, "scenario.json", d) : NULL;
    if (!f) {
        free(parent);
        outset_abort(&set);
        return -1;
    }
    fputs("{\n  \"name\": ", f);
    json_quote(f, s->name);
    char title[512];
    if (pt->ceiling > 0 && pt->priorities[0] == PRIO_CONTINUITY)
        snprintf(title, sizeof title, "%s: trade-off point %d, fewest moves with no one above %.1f %%",
                 s->title ? s->title : s->name, number, 100 * pt->ceiling);
    else
        snprintf(title, sizeof title, "%s: trade-off point %d, the lowest peak",
                 s->title ? s->title : s->name, number);
    fputs(",\n  \"title\": ", f);
    json_quote(f, title);
    fputs(",\n  \"extends\": ", f);
    json_quote(f, parent);
    fputs(",\n  \"priorities\": [", f);
    for (int k = 0; k < pt->n_priorities; k++)
        fprintf(f, "%s\"%s\"", k ? ", " : "", priority_get(pt->priorities[k])->name);
    fputs("]", f);
    if (pt->ceiling > 0) {
        fputs(",\n  \"max_utilisation\": ", f);
        json_num(f, pt->ceiling);
    }
    fputs("\n}\n", f);
    free(parent);
    return outset_commit(&set, d);
}

void tradeoff_print(FILE *f, const tradeoff_row *rows, int n)
{
    fprintf(f, "%5s  %8s  %6s  %6s  %8s  %6s  %s\n", "point", "ceiling", "peak", "moved",
            "at least", "kept", "status");
    for (int i = 0; i < n; i++) {
        const om_plan *p = rows[i].point->plan;
        const om_kpis *k = &rows[i].metrics->kpis;
        char ceiling[16] = "-";
        if (rows[i].point->ceiling > 0)
            snprintf(ceiling, sizeof ceiling, "%.1f %%", 100 * rows[i].point->ceiling);
        fprintf(f, "%5d  %8s  %5.1f%%  %6d  %8.0f  %5.1f%%  %s", i + 1, ceiling,
                100 * tradeoff_peak(p), k->moved, moved_bound(p), 100 * k->kept_share, status(p));
        if (worst_gap(p) > 0)
            fprintf(f, ", gap %.1f %%", 100 * worst_gap(p));
        fputs(dominated(rows, n, i) ? " (dominated)\n" : "\n", f);
    }
}
