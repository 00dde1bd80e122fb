/* schedule_html.c - the handover schedule for people: one self-contained HTML page */
#include "schedule_html.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "textout.h"

typedef struct {
    const schedule_doc *c;
    report_lang lang;
    bool anonymise;
} page;

static const char *const css =
    ":root{--ink:#1c2330;--muted:#5a6473;--line:#dfe3ea;--bg:#f3f4f6;--over:#c62828}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"
    "\"Segoe UI\",Roboto,Arial,sans-serif}\n"
    "main{max-width:1080px;margin:0 auto;padding:20px 16px 40px}\n"
    "h1{font-size:1.6rem;line-height:1.2;margin:.15em 0 .35em;overflow-wrap:anywhere}\n"
    "h2{font-size:1.2rem;margin:0 0 .35em}\n"
    "section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 20px;"
    "margin:14px 0}\n"
    ".lead{color:var(--muted);margin:0 0 .8em;font-size:.92rem;max-width:60em}\n"
    ".kpis{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:10px}\n"
    ".kpi{border:1px solid var(--line);border-radius:10px;padding:10px 12px}\n"
    ".kpi .v{display:block;font-size:1.5rem;font-weight:700;font-variant-numeric:tabular-nums}\n"
    ".kpi .l{color:var(--muted);font-size:.85rem}\n"
    "svg{width:100%;height:auto;display:block}\n"
    "table{border-collapse:collapse;width:100%;font-size:.9rem}\n"
    "th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line)}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".over{color:var(--over);font-weight:600}\n"
    "@media (max-width:640px){.kpis{grid-template-columns:repeat(2,minmax(0,1fr))}}\n";

static const char *num(const page *p, char out[64], double v, int decimals)
{
    return lang_num(v, decimals, p->lang, out);
}

static const char *pct(const page *p, char out[64], double share)
{
    num(p, out, 100 * share, 1);
    if (!isnan(share))
        strcat(out, p->lang == REPORT_DA ? "&#160;%" : "%");
    return out;
}

static void put_who(FILE *f, const page *p, int i)
{
    if (p->anonymise)
        fprintf(f, "%s %d", T(p->lang, "Sagsbehandler", "Caseworker"), i + 1);
    else
        html_text(f, p->c->workers[i].name ? p->c->workers[i].name : p->c->workers[i].id);
}

static size_t at(const schedule_doc *c, int t, int i)
{
    return (size_t)t * (size_t)c->n_workers + (size_t)i;
}

static void put_head(FILE *f, const page *p)
{
    const schedule_doc *c = p->c;
    const sched_result *r = c->r;
    char a[64], b[64], day[16];
    fprintf(f,
            "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"omfordel %s\">\n<title>%s",
            T(p->lang, "da", "en"), OMFORDEL_VERSION,
            T(p->lang, "Overdragelsesplan: ", "Handover schedule: "));
    html_text(f, plan_doc_scenario(c->plan));
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
    fprintf(f, "<main class=\"schedule\" data-lang=\"%s\" data-weeks=\"%d\" "
               "data-lower-bound=\"%d\"%s>\n<header>\n<h1>",
            T(p->lang, "da", "en"), r->weeks, r->lower_bound,
            p->anonymise ? " data-anonymised=\"1\"" : "");
    fputs(T(p->lang, "Overdragelsesplan: ", "Handover schedule: "), f);
    html_text(f, plan_doc_scenario(c->plan));
    fprintf(f, "</h1>\n<p class=\"lead\">%s %s. %s %s %s %s (%s).</p>\n</header>\n",
            T(p->lang, "Uge 1 begynder mandag", "Week 1 begins on Monday"),
            date_format(c->start, day),
            T(p->lang, "Alle flyttede sager er overdraget på", "Every moved case is handed over in"),
            num(p, a, r->weeks, 0), T(p->lang, "uger; den nedre grænse er", "weeks; the lower bound is"),
            num(p, b, r->lower_bound, 0),
            r->weeks == r->lower_bound ? T(p->lang, "bevist færrest", "proven fewest")
                                       : T(p->lang, "ikke bevist færrest", "not proven fewest"));
}

static void kpi(FILE *f, const char *key, const char *value, const char *label)
{
    fprintf(f, "<div class=\"kpi\" data-kpi=\"%s\"><span class=\"v\">%s</span>"
               "<span class=\"l\">%s</span></div>\n",
            key, value, label);
}

static void put_kpis(FILE *f, const page *p)
{
    const schedule_doc *c = p->c;
    char v[64];
    int meetings = 0;
    for (int k = 0; k < c->n_moves; k++)
        meetings += c->moves[k].from >= 0;
    fputs("<section class=\"kpis\">\n", f);
    kpi(f, "weeks", num(p, v, c->r->weeks, 0), T(p->lang, "uger", "weeks"));
    kpi(f, "lower_bound_weeks", num(p, v, c->r->lower_bound, 0),
        T(p->lang, "uger mindst (nedre grænse)", "weeks at the least (lower bound)"));
    kpi(f, "meetings", num(p, v, meetings, 0),
        T(p->lang, "overdragelsesmøder", "handover meetings"));
    kpi(f, "breaches", num(p, v, c->r->n_breaches, 0),
        T(p->lang, "gange en sagsbehandler ender en uge over før og efter",
          "times a caseworker ends a week above before and after"));
    fputs("</section>\n", f);
}

/* Bars, one a week, of the handovers in it. */
static int put_weeks(FILE *f, const page *p)
{
    const schedule_doc *c = p->c;
    int W = c->r->weeks, *per = calloc((size_t)W + 1, sizeof *per), max = 1;
    char a[64];
    if (!per)
        return -1;
    for (int k = 0; k < c->n_moves; k++)
        per[c->r->week[k] - 1]++;
    for (int t = 0; t < W; t++)
        max = per[t] > max ? per[t] : max;
    fprintf(f, "<section class=\"per-week\">\n<h2>%s</h2>\n<p class=\"lead\">%s</p>\n",
            T(p->lang, "Overdragelser pr. uge", "Handovers per week"),
            T(p->lang, "Flyttede sager, der skifter sagsbehandler hver uge.",
              "Moved cases that change caseworker each week."));
    double bw = W ? 1000.0 / W : 1000;
    fputs("<svg viewBox=\"0 0 1000 220\" role=\"img\">\n", f);
    for (int t = 0; t < W; t++) {
        double h = 180.0 * per[t] / max;
        fprintf(f, "<rect class=\"bar\" data-week=\"%d\" data-cases=\"%d\" x=\"%.1f\" y=\"%.1f\" "
                   "width=\"%.1f\" height=\"%.1f\" fill=\"#3b6fb6\"><title>%s %d: %s</title></rect>\n",
                t + 1, per[t], t * bw + bw * 0.1, 190 - h, bw * 0.8, h, T(p->lang, "uge", "week"),
                t + 1, num(p, a, per[t], 0));
        if (W <= 40)
            fprintf(f, "<text x=\"%.1f\" y=\"210\" font-size=\"12\" text-anchor=\"middle\">%d</text>\n",
                    t * bw + bw / 2, t + 1);
    }
    fputs("</svg>\n</section>\n", f);
    free(per);
    return 0;
}

/* The highest utilisation at each week's end, against the highest before and after. */
static int put_peak(FILE *f, const page *p)
{
    const schedule_doc *c = p->c;
    int W = c->r->weeks;
    double before = 0, after = 0, top = 0;
    double *peak = calloc((size_t)W + 1, sizeof *peak);
    char a[64], b[64];
    if (!peak)
        return -1;
    for (int i = 0; i < c->n_workers; i++) {
        if (!(c->capacity[i] > 0))
            continue;
        before = fmax(before, c->workers[i].before / c->capacity[i]);
        after = fmax(after, c->workers[i].after / c->capacity[i]);
        for (int t = 0; t < W; t++)
            peak[t] = fmax(peak[t], c->points[at(c, t, i)] / c->capacity[i]);
    }
    top = fmax(fmax(before, after), 0.01);
    for (int t = 0; t < W; t++)
        top = fmax(top, peak[t]);
    top *= 1.1;
    fprintf(f, "<section class=\"peak\">\n<h2>%s</h2>\n<p class=\"lead\">%s %s, %s %s.</p>\n",
            T(p->lang, "Højeste belastning pr. uge", "The highest utilisation per week"),
            T(p->lang, "Højeste før", "Highest before"), pct(p, a, before),
            T(p->lang, "højeste efter", "highest after"), pct(p, b, after));
    double bw = W ? 1000.0 / W : 1000;
    fputs("<svg viewBox=\"0 0 1000 220\" role=\"img\">\n", f);
    for (int t = 0; t < W; t++) {
        double h = 200 * peak[t] / top;
        fprintf(f, "<rect class=\"bar\" data-week=\"%d\" data-utilisation=\"%.6g\" x=\"%.1f\" "
                   "y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2a9d8f\"><title>%s %d: %s"
                   "</title></rect>\n",
                t + 1, peak[t], t * bw + bw * 0.1, 210 - h, bw * 0.8, h, T(p->lang, "uge", "week"),
                t + 1, pct(p, a, peak[t]));
    }
    fprintf(f, "<line class=\"before\" data-utilisation=\"%.6g\" x1=\"0\" x2=\"1000\" y1=\"%.1f\" "
               "y2=\"%.1f\" stroke=\"#b7832f\" stroke-dasharray=\"6 4\"/>\n",
            before, 210 - 200 * before / top, 210 - 200 * before / top);
    fprintf(f, "<line class=\"after\" data-utilisation=\"%.6g\" x1=\"0\" x2=\"1000\" y1=\"%.1f\" "
               "y2=\"%.1f\" stroke=\"#7b61b3\"/>\n",
            after, 210 - 200 * after / top, 210 - 200 * after / top);
    fputs("</svg>\n</section>\n", f);
    free(peak);
    return 0;
}

/* Each leaver with a last day: cases left at each week's end, and the days to spare. */
static void put_leavers(FILE *f, const page *p)
{
    const schedule_doc *c = p->c;
    char a[64], day[16];
    int n = 0;
    for (int i = 0; i < c->n_workers; i++)
        n += c->last_day[i] != LONG_MIN;
    fprintf(f, "<section class=\"leavers\">\n<h2>%s</h2>\n",
            T(p->lang, "Nedtælling for fratrædende", "Countdown for leavers"));
    if (!n) {
        fprintf(f, "<p class=\"lead\">%s</p>\n</section>\n",
                T(p->lang, "Ingen fratrædende har en sidste arbejdsdag i staff.csv.",
                  "No leaver has a last day in staff.csv."));
        return;
    }
    fprintf(f, "<table>\n<thead><tr><th>%s</th><th>%s</th><th class=\"n\">%s</th>"
               "<th class=\"n\">%s</th><th>%s</th></tr></thead>\n<tbody>\n",
            T(p->lang, "Sagsbehandler", "Caseworker"), T(p->lang, "Sidste dag", "Last day"),
            T(p->lang, "Sager at overdrage", "Cases to hand over"),
            T(p->lang, "Færdig i uge", "Done in week"),
            T(p->lang, "Sager tilbage ved ugens slutning", "Cases left at each week's end"));
    for (int i = 0; i < c->n_workers; i++) {
        if (c->last_day[i] == LONG_MIN)
            continue;
        int total = 0, done = 0;
        for (int t = 0; t < c->r->weeks; t++) {
            total += c->cases_out[at(c, t, i)];
            if (c->cases_out[at(c, t, i)])
                done = t + 1;
        }
        fputs("<tr class=\"leaver\"><td>", f);
        put_who(f, p, i);
        fprintf(f, "</td><td>%s</td><td class=\"n\">%s</td><td class=\"n\" data-done=\"%d\" "
                   "data-last-week=\"%d\">%d</td><td>",
                date_format(c->last_day[i], day), num(p, a, total, 0), done,
                c->workers[i].deadline, done);
        int left = total;
        for (int t = 0; t < c->r->weeks && left > 0; t++) {
            left -= c->cases_out[at(c, t, i)];
            fprintf(f, "%s%d", t ? " &#8594; " : "", left);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n</section>\n", f);
}

static const int *sort_total;

static int by_total(const void *a, const void *b)
{
    int i = *(const int *)a, j = *(const int *)b;
    if (sort_total[i] != sort_total[j])
        return sort_total[i] > sort_total[j] ? -1 : 1;
    return i - j;
}

/* The caseworkers with the most meetings, and their busiest week. */
static int put_busiest(FILE *f, const page *p)
{
    const schedule_doc *c = p->c;
    int *total = calloc((size_t)c->n_workers + 1, sizeof *total);
    int *order = malloc(((size_t)c->n_workers + 1) * sizeof *order);
    char a[64], b[64];
    int rc = -1;
    if (!total || !order)
        goto out;
    for (int i = 0; i < c->n_workers; i++) {
        order[i] = i;
        for (int t = 0; t < c->r->weeks; t++)
            total[i] += c->meetings[at(c, t, i)];
    }
    sort_total = total;
    qsort(order, (size_t)c->n_workers, sizeof *order, by_total);
    fprintf(f, "<section class=\"busiest\">\n<h2>%s</h2>\n<table>\n<thead><tr><th>%s</th>"
               "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th></tr>"
               "</thead>\n<tbody>\n",
            T(p->lang, "Travleste sagsbehandlere", "The busiest caseworkers"),
            T(p->lang, "Sagsbehandler", "Caseworker"), T(p->lang, "Møder", "Meetings"),
            T(p->lang, "Flest i én uge", "Most in one week"),
            T(p->lang, "Højst pr. uge", "At most a week"));
    for (int k = 0; k < c->n_workers && k < 10 && total[order[k]] > 0; k++) {
        int i = order[k], most = 0;
        for (int t = 0; t < c->r->weeks; t++)
            most = c->meetings[at(c, t, i)] > most ? c->meetings[at(c, t, i)] : most;
        fputs("<tr class=\"busy\"><td>", f);
        put_who(f, p, i);
        fprintf(f, "</td><td class=\"n\">%s</td><td class=\"n\">%d</td><td class=\"n\">%s</td></tr>\n",
                num(p, a, total[i], 0), most, num(p, b, c->workers[i].per_week, 0));
    }
    fputs("</tbody>\n</table>\n</section>\n", f);
    rc = 0;
out:
    free(total);
    free(order);
    return rc;
}

/* Rule 3: who is above the higher of their load before and after, and when. */
static void put_breaches(FILE *f, const page *p)
{
    const schedule_doc *c = p->c;
    const sched_result *r = c->r;
    char a[64], b[64];
    fprintf(f, "<section class=\"breaches\" data-breaches=\"%d\">\n<h2>%s</h2>\n", r->n_breaches,
            T(p->lang, "Over belastningen før og efter", "Above the load before and after"));
    if (!r->n_breaches) {
        fprintf(f, "<p class=\"lead\">%s</p>\n</section>\n",
                T(p->lang, "Ingen har i nogen uge mere end det højeste af før og efter.",
                  "Nobody carries more in any week than the higher of before and after."));
        return;
    }
    fprintf(f, "<table>\n<thead><tr><th class=\"n\">%s</th><th>%s</th><th class=\"n\">%s</th>"
               "<th class=\"n\">%s</th></tr></thead>\n<tbody>\n",
            T(p->lang, "Uge", "Week"), T(p->lang, "Sagsbehandler", "Caseworker"),
            T(p->lang, "Point ved ugens slutning", "Points at the week's end"),
            T(p->lang, "Over med", "Above by"));
    for (int k = 0; k < r->n_breaches && k < 50; k++) {
        const sched_breach *x = &r->breaches[k];
        fprintf(f, "<tr class=\"breach\"><td class=\"n\">%d</td><td>", x->week);
        put_who(f, p, x->worker);
        fprintf(f, "</td><td class=\"n\">%s</td><td class=\"n over\">%s</td></tr>\n",
                num(p, a, x->points, 1), num(p, b, x->over, 1));
    }
    fputs("</tbody>\n</table>\n", f);
    if (r->n_breaches > 50)
        fprintf(f, "<p class=\"lead\">%s</p>\n",
                T(p->lang, "De første 50; alle står i schedule.json.",
                  "The first 50; schedule.json lists them all."));
    fputs("</section>\n", f);
}

int schedule_html(FILE *f, const schedule_doc *c, const report_options *o, diags *d)
{
    page p = {c, o->lang, o->anonymise};
    put_head(f, &p);
    put_kpis(f, &p);
    if (put_weeks(f, &p) < 0 || put_peak(f, &p) < 0) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    put_leavers(f, &p);
    if (put_busiest(f, &p) < 0) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    put_breaches(f, &p);
    fprintf(f, "<footer class=\"lead\">omfordel %s</footer>\n</main>\n</body>\n</html>\n",
            OMFORDEL_VERSION);
    return 0;
}
