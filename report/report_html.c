/* report_html.c - the plan report for people: one self-contained HTML page, no scripts */
#include "report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "textout.h"

#define N_REASONS 6 /* om_reason */
#define TOP_ROWS 10 /* rows of the "highest load" and "largest handovers" tables */

typedef struct {
    const plan_worker *w;
    int dep;              /* index into the departments, -1 for leavers */
    int unit;             /* index into units */
    bool gives, receives; /* hands cases to a colleague; takes cases from one */
} rworker;

typedef struct {
    int from, to, cases; /* worker positions */
} rpair;

/* The plan as the report sees it: borrowed rows, sorted, and the aggregates of the cases. */
typedef struct {
    report_lang lang;
    bool anonymise;
    const plan_meta *m;
    int n_deps;
    rworker *workers; /* sorted by id; a position is an index here */
    int n_workers, n_staying, n_over, n_over_before;
    double peak_before; /* the highest load before, at the new capacity */
    int *pos;           /* input index -> position */
    int *by_load;       /* staying positions by department, then load after, highest first */
    int *dep_start;     /* n_deps + 1 offsets into by_load */
    int *top;           /* staying positions by load after, highest first */
    const char **units;
    int n_units;
    /* caseworkers by old unit and new department: n_units x (n_deps + 1), last column leave */
    int *staff_ud;
    int *staff_d; /* n_deps + 1: caseworkers by new department; last: leave */
    /* cases by old unit (last row: none) and new department: (n_units + 1) x n_deps */
    int *cases_ud;
    int *moved_ud; /* the same, cases that change caseworker */
    /* cases by new department and reason: (n_deps + 1) x N_REASONS, last row all */
    int *reasons;
    /* cases and moved cases by segment, as plan_meta.weights lists the segments */
    int *seg_cases, *seg_moved;
    rpair *pairs; /* handovers; after rep_finish merged and by size, largest first */
    int n_pairs, givers, receivers;
    double capacity, points, ymax;
    int busiest; /* department with the highest utilisation, -1 when none */
} rep;

static const char *const palette[] = {"#3b6fb6", "#2a9d8f", "#7b61b3", "#b7832f",
                                      "#4f8a3a", "#5b7083", "#b0588e", "#1f8bb3"};
#define N_PALETTE (int)(sizeof palette / sizeof *palette)
static const char *dep_color(int d) { return d >= 0 ? palette[d % N_PALETTE] : "#9aa3ad"; }

/* kept, caseworker_leaves, department_change, over_cap, no_caseworker, pinned */
static const char *const reason_color[N_REASONS] = {"#cfd8e3", "#e69f00", "#8e5bb5",
                                                    "#d1495b", "#2a9d8f", "#a9b8ca"};
/* The order reasons are drawn in: staying cases first, then the kinds of move. */
static const int reason_order[N_REASONS] = {
    REASON_KEPT,     REASON_PINNED,       REASON_CASEWORKER_LEAVES, REASON_DEPARTMENT_CHANGE,
    REASON_OVER_CAP, REASON_NO_CASEWORKER};

static const char *reason_text(const rep *r, int k)
{
    switch (k) {
    case REASON_KEPT:
        return T(r->lang, "beholder sin sagsbehandler", "keeps the caseworker");
    case REASON_PINNED:
        return T(r->lang, "fastholdt hos sin sagsbehandler", "pinned to the caseworker");
    case REASON_CASEWORKER_LEAVES:
        return T(r->lang, "sagsbehandleren fratræder", "the caseworker leaves");
    case REASON_DEPARTMENT_CHANGE:
        return T(r->lang, "sagsbehandlerens nye afdeling har ikke målgruppen",
                 "the caseworker's new department does not serve the group");
    case REASON_OVER_CAP:
        return T(r->lang, "flyttet for at holde loftet", "moved to keep the caps");
    default:
        return T(r->lang, "havde ingen sagsbehandler", "had no caseworker");
    }
}

static bool above_cap(double u) { return u > 1 + 5e-7; } /* false for NAN */

/* ---------------------------------------------------------------- text */

/* v with the given decimals and the language's separators ("11.000", "104,8");
 * an en dash for NAN. Returns out. */
static const char *num(const rep *r, char out[64], double v, int decimals)
{
    return lang_num(v, decimals, r->lang, out);
}

static const char *count(const rep *r, char out[64], long n) { return num(r, out, (double)n, 0); }

/* A share as a percentage ("104,8 %" or "104.8%"). Returns out. */
static const char *pct(const rep *r, char out[64], double share, int decimals)
{
    num(r, out, 100 * share, decimals);
    const char *sign = r->lang == REPORT_DA ? "&#160;%" : "%";
    size_t len = strlen(out), n = strlen(sign);
    if (!isnan(share) && len + n < 64)
        memcpy(out + len, sign, n + 1);
    return out;
}

/* The name a caseworker is shown by: the name (the staff id in a plan.json without
 * names), or a stable label. */
static const char *who(const rep *r, int w, char out[64])
{
    if (!r->anonymise)
        return r->workers[w].w->name;
    snprintf(out, 64, "%s %d", T(r->lang, "Sagsbehandler", "Caseworker"), w + 1);
    return out;
}

static void put_who(FILE *f, const rep *r, int w)
{
    char buf[64];
    html_text(f, who(r, w, buf));
}

static const char *dep_id(const rep *r, int d) { return r->m->departments[d].id; }
/* The department's name for people (its id in a plan.json without names). */
static const char *dep_name(const rep *r, int d) { return r->m->departments[d].name; }

/* A data-* attribute holding a number as plan.json writes it. */
static void data_num(FILE *f, const char *name, double v)
{
    char buf[48];
    fmt_num(v, false, buf);
    fprintf(f, " data-%s=\"%s\"", name, buf);
}

/* "1 sag" or "2 sager": the noun after a count. */
static const char *noun(long n, const char *one, const char *many) { return n == 1 ? one : many; }

/* ---------------------------------------------------------------- the data */

typedef struct {
    const char *id;
    int i;
} keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

static void rep_free(rep *r)
{
    free(r->workers);
    free(r->pos);
    free(r->by_load);
    free(r->dep_start);
    free(r->top);
    free(r->units);
    free(r->staff_ud);
    free(r->staff_d);
    free(r->cases_ud);
    free(r->moved_ud);
    free(r->reasons);
    free(r->seg_cases);
    free(r->seg_moved);
    free(r->pairs);
}

static double load_after(const rep *r, int w) { return r->workers[w].w->utilisation; }
static double load_before(const rep *r, int w)
{
    const plan_worker *x = r->workers[w].w;
    return x->capacity > 0 ? x->points_before / x->capacity : NAN;
}

/* qsort has no context argument: sort (key, position) pairs whose keys are precomputed. */
typedef struct {
    int dep;
    double after, before;
    int w;
} loadkey;

static int by_loadkey(const void *a, const void *b)
{
    const loadkey *x = a, *y = b;
    if (x->dep != y->dep)
        return x->dep < y->dep ? -1 : 1;
    if (x->after > y->after || x->after < y->after)
        return x->after > y->after ? -1 : 1;
    if (x->before > y->before || x->before < y->before)
        return x->before > y->before ? -1 : 1;
    return (x->w > y->w) - (x->w < y->w);
}

static double nan_low(double v) { return isnan(v) ? -1 : v; }

/* Take the meta and the n caseworkers (borrowed; in any order), room for n_cases cases.
 * Returns 0, or -1 with the reason in d. */
static int rep_init(rep *r, const plan_meta *m, const plan_worker *in, int n, int n_cases,
                    const report_options *o, const char *path, diags *d)
{
    keyed *keys = malloc(((size_t)n + 1) * sizeof(keyed));
    loadkey *lk = malloc(((size_t)n + 1) * sizeof(loadkey));
    int rc = -1;
    *r = (rep){.lang = o->lang,
               .anonymise = o->anonymise,
               .m = m,
               .n_deps = m->n_departments,
               .n_workers = n,
               .busiest = -1};
    int nd = r->n_deps;
    r->workers = calloc((size_t)n + 1, sizeof(rworker));
    r->pos = malloc(((size_t)n + 1) * sizeof(int));
    r->by_load = malloc(((size_t)n + 1) * sizeof(int));
    r->top = malloc(((size_t)n + 1) * sizeof(int));
    r->dep_start = calloc((size_t)nd + 2, sizeof(int));
    r->staff_d = calloc((size_t)nd + 2, sizeof(int));
    r->units = malloc(((size_t)n + 1) * sizeof(char *));
    r->reasons = calloc(((size_t)nd + 1) * N_REASONS, sizeof(int));
    r->pairs = malloc(((size_t)n_cases + 1) * sizeof(rpair));
    r->seg_cases = calloc((size_t)m->n_weights + 1, sizeof(int));
    r->seg_moved = calloc((size_t)m->n_weights + 1, sizeof(int));
    if (!keys || !lk || !r->workers || !r->pos || !r->by_load || !r->top || !r->dep_start ||
        !r->staff_d || !r->units || !r->reasons || !r->pairs || !r->seg_cases || !r->seg_moved)
        goto oom;
    for (int i = 0; i < n; i++)
        keys[i] = (keyed){in[i].id, i};
    qsort(keys, (size_t)n, sizeof(keyed), by_key);
    for (int k = 0; k < n; k++) {
        const plan_worker *w = &in[keys[k].i];
        rworker *x = &r->workers[k];
        r->pos[keys[k].i] = k;
        x->w = w;
        x->dep = -1;
        for (int dd = 0; w->department[0] && dd < nd; dd++)
            if (strcmp(w->department, dep_id(r, dd)) == 0)
                x->dep = dd;
        if (w->department[0] && x->dep < 0) {
            diags_add(d, DIAG_INPUT, path, 0, 0, NULL,
                      "caseworker '%s' joins department '%s', which the plan does not list", w->id,
                      w->department);
            goto out;
        }
        if (x->dep >= 0) {
            r->n_staying++;
            r->n_over += above_cap(w->utilisation);
            r->dep_start[x->dep + 1]++;
        }
    }
    /* units: distinct, in byte order */
    for (int k = 0; k < n; k++)
        keys[k] = (keyed){r->workers[k].w->unit, k};
    qsort(keys, (size_t)n, sizeof(keyed), by_key);
    for (int k = 0; k < n; k++) {
        if (k == 0 || strcmp(keys[k].id, r->units[r->n_units - 1]) != 0)
            r->units[r->n_units++] = keys[k].id;
        r->workers[keys[k].i].unit = r->n_units - 1;
    }
    int nu = r->n_units;
    r->staff_ud = calloc((size_t)nu * ((size_t)nd + 1) + 1, sizeof(int));
    r->cases_ud = calloc(((size_t)nu + 1) * (size_t)nd + 1, sizeof(int));
    r->moved_ud = calloc(((size_t)nu + 1) * (size_t)nd + 1, sizeof(int));
    if (!r->staff_ud || !r->cases_ud || !r->moved_ud)
        goto oom;
    int n_stay = 0;
    r->ymax = 1;
    for (int k = 0; k < n; k++) {
        const rworker *x = &r->workers[k];
        r->staff_ud[x->unit * (nd + 1) + (x->dep >= 0 ? x->dep : nd)]++;
        r->staff_d[x->dep >= 0 ? x->dep : nd]++;
        if (x->dep < 0)
            continue;
        lk[n_stay++] = (loadkey){x->dep, nan_low(load_after(r, k)), nan_low(load_before(r, k)), k};
        r->n_over_before += above_cap(load_before(r, k));
        r->peak_before = fmax(r->peak_before, nan_low(load_before(r, k)));
        r->ymax = fmax(r->ymax, fmax(nan_low(load_after(r, k)), nan_low(load_before(r, k))));
    }
    r->ymax = fmin(2.5, fmax(1.25, ceil(r->ymax * 4 - 1e-9) / 4));
    qsort(lk, (size_t)n_stay, sizeof(loadkey), by_loadkey);
    for (int k = 0; k < n_stay; k++)
        r->by_load[k] = lk[k].w;
    for (int k = 0; k < n_stay; k++)
        lk[k].dep = 0;
    qsort(lk, (size_t)n_stay, sizeof(loadkey), by_loadkey);
    for (int k = 0; k < n_stay; k++)
        r->top[k] = lk[k].w;
    for (int dd = 0; dd < nd; dd++) {
        const plan_department *dp = &m->departments[dd];
        r->dep_start[dd + 1] += r->dep_start[dd];
        r->capacity += dp->capacity;
        r->points += dp->points;
        if (!isnan(dp->utilisation) &&
            (r->busiest < 0 || dp->utilisation > m->departments[r->busiest].utilisation))
            r->busiest = dd;
    }
    rc = 0;
    goto out;
oom:
    diags_add(d, DIAG_INTERNAL, path, 0, 0, NULL, "out of memory");
out:
    free(keys);
    free(lk);
    return rc;
}

/* One case: from and to are positions (from -1 when it had no caseworker), seg its
 * segment's index in plan_meta.weights (-1 when unknown). */
static void rep_case(rep *r, int from, int to, int reason, int seg)
{
    int nd = r->n_deps, dep = r->workers[to].dep;
    int row = from >= 0 ? r->workers[from].unit : r->n_units;
    bool moved = from != to;
    r->cases_ud[row * nd + dep]++;
    r->moved_ud[row * nd + dep] += moved;
    r->reasons[dep * N_REASONS + reason]++;
    r->reasons[nd * N_REASONS + reason]++;
    if (seg >= 0) {
        r->seg_cases[seg]++;
        r->seg_moved[seg] += moved;
    }
    if (moved && from >= 0) {
        r->pairs[r->n_pairs++] = (rpair){from, to, 1};
        r->workers[from].gives = true;
        r->workers[to].receives = true;
    }
}

static int by_pair(const void *a, const void *b)
{
    const rpair *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return (x->to > y->to) - (x->to < y->to);
}

static int by_size(const void *a, const void *b)
{
    const rpair *x = a, *y = b;
    if (x->cases != y->cases)
        return x->cases > y->cases ? -1 : 1;
    return by_pair(a, b);
}

/* Merge the handovers into pairs and count who gives and who receives. */
static void rep_finish(rep *r)
{
    qsort(r->pairs, (size_t)r->n_pairs, sizeof(rpair), by_pair);
    int n = 0;
    for (int k = 0; k < r->n_pairs; k++) {
        if (n && r->pairs[n - 1].from == r->pairs[k].from && r->pairs[n - 1].to == r->pairs[k].to) {
            r->pairs[n - 1].cases++;
            continue;
        }
        r->pairs[n++] = r->pairs[k];
    }
    r->n_pairs = n;
    for (int k = 0; k < r->n_workers; k++) {
        r->givers += r->workers[k].gives;
        r->receivers += r->workers[k].receives;
    }
    qsort(r->pairs, (size_t)n, sizeof(rpair), by_size);
}

/* ---------------------------------------------------------------- the page */

/* The style sheet, in pieces: C compilers need not take string literals over 4095 bytes. */
static const char *const css[] = {
    ":root{--ink:#1c2330;--muted:#5a6473;--line:#dfe3ea;--bg:#f3f4f6;--over:#c62828;"
    "--overbg:#fdeaea}\n",
    "*{box-sizing:border-box}\n",
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n",
    "body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"
    "\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif}\n",
    "main{max-width:1080px;margin:0 auto;padding:20px 16px 40px}\n",
    "header{margin:8px 4px 14px}\n",
    ".kicker{margin:0;color:var(--muted);font-size:.85rem;letter-spacing:.04em;"
    "text-transform:uppercase;overflow-wrap:anywhere}\n",
    "h1{font-size:1.75rem;line-height:1.2;margin:.15em 0 .35em;overflow-wrap:anywhere}\n",
    "h2{font-size:1.2rem;line-height:1.3;margin:0 0 .35em}\n",
    "h3{font-size:1rem;margin:1.1em 0 .35em}\n",
    "section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 20px;"
    "margin:14px 0}\n",
    "p{margin:.4em 0}\n",
    ".lead{color:var(--muted);margin:0 0 .8em;font-size:.92rem;max-width:60em}\n",
    ".status{display:inline-block;padding:2px 10px;border-radius:999px;font-size:.88rem;"
    "background:#e6f2e8;color:#1e5e2a}\n",
    ".status.feasible{background:#fff3dc;color:#6d4300}\n",
    ".summary p{font-size:1.04rem;max-width:62em}\n"
    ".callout{font-size:1rem;margin:.2em 0 .6em;max-width:62em}\n"
    ".ok-text{color:#1e6b2e}\n",
    "section.kpis{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:10px;"
    "margin:14px 0;padding:0;background:none;border:0}\n",
    ".kpi{background:#fff;border:1px solid var(--line);border-radius:10px;padding:12px 14px;"
    "min-width:0}\n",
    ".kpi .v{display:block;font-size:1.65rem;font-weight:700;line-height:1.15;"
    "font-variant-numeric:tabular-nums;overflow-wrap:anywhere}\n",
    ".kpi .v small{font-size:.6em;font-weight:600;color:var(--muted)}\n",
    ".kpi .l{display:block;color:var(--muted);font-size:.84rem;line-height:1.3;margin-top:4px;"
    "overflow-wrap:anywhere}\n",
    ".kpi.bad{border-color:#efb4b4;background:#fff7f7}\n",
    ".kpi.bad .v{color:var(--over)}\n",
    ".legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:.2em 0 .9em;padding:0;"
    "list-style:none;font-size:.84rem;color:var(--muted)}\n",
    ".legend li{display:flex;align-items:center;gap:6px;min-width:0}\n",
    ".sw{display:inline-block;width:12px;height:12px;border-radius:2px;flex:none}\n",
    ".sw.tick{height:3px;background:var(--ink)}\n",
    ".sw.cap{height:0;border-top:2px solid var(--ink)}\n",
    "figure{margin:0 0 18px}\n",
    "figcaption{font-size:.92rem;margin-bottom:6px;overflow-wrap:anywhere}\n",
    "figcaption .over,.over-text{color:var(--over);font-weight:600}\n",
    ".plot{position:relative;margin-left:3.3rem;height:140px}\n",
    ".plot svg{display:block;width:100%;height:100%;overflow:visible}\n",
    ".yaxis span{position:absolute;left:-3.3rem;width:3rem;text-align:right;font-size:.7rem;"
    "line-height:1;color:var(--muted);transform:translateY(50%);white-space:nowrap}\n",
    ".yaxis span.cap{color:var(--ink);font-weight:700}\n",
    "svg .grid{stroke:#e4e7ec;stroke-width:1}\n",
    "svg .capline{stroke:var(--ink);stroke-width:2}\n",
    "svg .zone{fill:var(--overbg)}\n",
    "svg .excess{fill:var(--over)}\n",
    "svg .before{fill:var(--ink)}\n",
    "svg .room{fill:#eef1f5;stroke:#aab3bf;stroke-width:1}\n",
    ".chart.departments,.chart.moves{margin:0 0 8px}\n",
    ".drow{display:grid;grid-template-columns:minmax(6em,10em) minmax(0,1fr) minmax(11em,15em);"
    "gap:4px 14px;align-items:center;padding:7px 0;border-top:1px solid #eef0f3}\n",
    ".drow .name{font-weight:600;overflow-wrap:anywhere;display:flex;gap:6px;"
    "align-items:center;min-width:0}\n",
    ".drow svg{display:block;width:100%;height:22px}\n",
    ".drow .nums{font-size:.84rem;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}\n",
    ".drow .nums small{display:block;color:var(--muted);font-size:.8rem}\n",
    ".scroll{overflow-x:auto}\n",
    "table{border-collapse:collapse;width:100%;font-size:.86rem;font-variant-numeric:tabular-nums}"
    "\n",
    "th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;"
    "vertical-align:top}\n",
    "th{font-weight:600;color:var(--muted);font-size:.78rem}\n",
    ".n{text-align:right;white-space:nowrap}\n",
    "tr.over td.u{color:var(--over);font-weight:700}\n",
    ".matrix td{text-align:right;white-space:nowrap}\n",
    ".matrix th[scope=row]{color:var(--ink);font-size:.84rem}\n",
    ".matrix td small{display:block;font-size:.74rem}\n",
    ".matrix td.hot{color:#fff}\n",
    ".matrix tr.total td,.matrix tr.total th{font-weight:700;border-top:2px solid var(--line)}\n",
    ".sankey{position:relative;margin:6px 0 10px}\n",
    ".sankey svg{display:block;width:100%;height:100%}\n",
    ".sankey .lab{position:absolute;transform:translateY(-50%);font-size:.8rem;line-height:1.2;"
    "background:rgba(255,255,255,.88);padding:1px 5px;border-radius:3px;max-width:46%;"
    "overflow-wrap:anywhere}\n",
    ".sankey .lab.l{left:12px}\n",
    ".sankey .lab.r{right:12px;text-align:right}\n",
    ".sankey .flow{fill-opacity:.5}\n",
    ".facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));"
    "gap:6px 28px}\n",
    ".facts>div{min-width:0}\n",
    ".ids{font-size:.8rem;color:var(--muted);overflow-wrap:anywhere}\n",
    "footer{color:var(--muted);font-size:.8rem;margin:10px 4px;overflow-wrap:anywhere}\n",
    "footer ul{margin:.2em 0;padding-left:1.2em}\n",
    "@media (max-width:760px){section.kpis{grid-template-columns:repeat(2,minmax(0,1fr))}}\n"
    "@media (max-width:640px){main{padding:12px 8px 32px}section{padding:14px 12px}"
    "h1{font-size:1.4rem}"
    ".kpi{padding:10px}.kpi .v{font-size:1.3rem}.drow{grid-template-columns:minmax(0,1fr)}}\n",
    "@media print{@page{size:A4;margin:12mm}body{background:#fff;font-size:10pt}"
    "section.kpis{grid-template-columns:repeat(4,minmax(0,1fr))}"
    "main{max-width:none;padding:0}section{border:0;border-radius:0;padding:0;margin:0 0 7mm}"
    "figure,.drow,.kpi,.kpis,tr,.sankey,.facts>div,.legend{break-inside:avoid}"
    "h2,h3,figcaption{break-after:avoid}.scroll{overflow:visible}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n",
    NULL};

static bool all_optimal(const rep *r) { return strcmp(r->m->status, "optimal") == 0; }

static double largest_gap(const rep *r)
{
    double g = 0;
    for (int k = 0; k < r->m->n_levels; k++)
        if (!isnan(r->m->levels[k].gap))
            g = fmax(g, r->m->levels[k].gap);
    return g;
}

static void put_head(FILE *f, const rep *r)
{
    const plan_meta *m = r->m;
    fprintf(f,
            "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"omfordel %s\">\n<title>",
            T(r->lang, "da", "en"), OMFORDEL_VERSION);
    fputs(T(r->lang, "Omfordelingsplan: ", "Reorganisation plan: "), f);
    html_text(f, m->name);
    fputs("</title>\n<style>\n", f);
    for (int k = 0; css[k]; k++)
        fputs(css[k], f);
    fputs("</style>\n</head>\n<body>\n<main class=\"report\" data-scenario=\"", f);
    html_text(f, m->name);
    fprintf(f, "\" data-lang=\"%s\"%s>\n<header>\n<p class=\"kicker\">%s &#183; %s ",
            T(r->lang, "da", "en"), r->anonymise ? " data-anonymised=\"1\"" : "",
            T(r->lang, "Omfordelingsplan", "Reorganisation plan"),
            T(r->lang, "scenarie", "scenario"));
    html_text(f, m->name);
    fputs("</p>\n<h1>", f);
    html_text(f, m->title[0] ? m->title : m->name);
    fputs("</h1>\n", f);
    char g[64];
    if (all_optimal(r))
        fprintf(f, "<p class=\"status optimal\" data-status=\"optimal\">%s</p>\n",
                T(r->lang, "Planen er bevist optimal på alle prioriteter.",
                  "The plan is proven optimal at every priority."));
    else
        fprintf(f, "<p class=\"status feasible\" data-status=\"feasible\">%s %s.</p>\n",
                T(r->lang, "Planen er god, men ikke bevist optimal: største gab",
                  "The plan is good but not proven optimal: largest gap"),
                pct(r, g, largest_gap(r), 1));
    fputs("</header>\n", f);
}

/* "a, b og c" / "a, b and c": the separator before item k of n. */
static const char *list_sep(const rep *r, int k, int n)
{
    if (k == 0)
        return "";
    return k == n - 1 ? T(r->lang, " og ", " and ") : ", ";
}

static int moved_of(const int *reasons)
{
    return reasons[REASON_CASEWORKER_LEAVES] + reasons[REASON_DEPARTMENT_CHANGE] +
           reasons[REASON_OVER_CAP] + reasons[REASON_NO_CASEWORKER];
}

/* Where most citizens change caseworker: the new department and the old unit. */
static void put_where(FILE *f, const rep *r)
{
    int nd = r->n_deps, dep = -1, unit = -1, dep_moved = 0, unit_moved = 0;
    char a[64], b[64], c[64];
    for (int dd = 0; dd < nd; dd++) {
        int n = moved_of(&r->reasons[dd * N_REASONS]);
        if (n > dep_moved) {
            dep = dd;
            dep_moved = n;
        }
    }
    for (int u = 0; u < r->n_units; u++) {
        int n = 0;
        for (int dd = 0; dd < nd; dd++)
            n += r->moved_ud[u * nd + dd];
        if (n > unit_moved) {
            unit = u;
            unit_moved = n;
        }
    }
    if (dep < 0)
        return;
    int dep_cases = r->m->departments[dep].cases;
    fputs(T(r->lang, "Flest skift sker i afdelingen ", "Most changes are in "), f);
    html_text(f, dep_name(r, dep));
    fprintf(f, T(r->lang, " (%s af dens %s sager, %s)", " (%s of its %s cases, %s)"),
            count(r, a, dep_moved), count(r, b, dep_cases),
            pct(r, c, dep_cases ? (double)dep_moved / dep_cases : 0, 1));
    if (unit >= 0) {
        fputs(T(r->lang, ", og flest af dem, der skifter, havde en sagsbehandler fra ",
                ", and most of those who change had a caseworker from "),
              f);
        html_text(f, r->units[unit]);
        fprintf(f, " (%s)", count(r, a, unit_moved));
    }
    fputs(". ", f);
}

/* The price of the peak in words: how many more citizens a higher ceiling
 * would let keep their caseworker. */
static void put_price_text(FILE *f, const rep *r)
{
    const plan_meta *m = r->m;
    char a[64], b[64];
    if (m->n_prices == 0)
        return;
    const plan_price_row *hi = &m->prices[m->n_prices - 1];
    /* with costs weighted, continuity_price holds the level's value: the costs */
    double base = m->weighted ? m->move_cost : m->moved;
    if (!(base - hi->moved >= 1)) {
        fprintf(f,
                m->weighted ? T(r->lang,
                                "Selv en højeste belastning på %s ville ikke gøre skiftene af "
                                "sagsbehandler lettere. ",
                                "Even a peak of %s would not make the changes of caseworker "
                                "weigh less. ")
                            : T(r->lang,
                                "Selv en højeste belastning på %s ville ikke lade flere "
                                "borgere beholde deres sagsbehandler. ",
                                "Even a peak of %s would not let more citizens keep their "
                                "caseworker. "),
                pct(r, a, hi->max_utilisation, 1));
        return;
    }
    fputs(T(r->lang, "Prisen for den laveste spidsbelastning er kontinuitet: ",
            "The price of the lowest peak is continuity: "),
          f);
    for (int k = 0; k < m->n_prices; k++) {
        const plan_price_row *pp = &m->prices[k];
        double more = fmax(0, base - pp->moved);
        const char *first =
            m->weighted ? T(r->lang,
                            "med en højeste belastning på op til %s ville skiftene af "
                            "sagsbehandler veje %s mindre (vægtet efter hvad de koster borgerne)",
                            "with a peak of up to %s, the changes of caseworker would weigh %s "
                            "less (weighted by what they cost the citizens)")
                        : T(r->lang,
                            "med en højeste belastning på op til %s ville %s flere borgere "
                            "kunne beholde deres sagsbehandler",
                            "with a peak of up to %s, %s more citizens could keep their "
                            "caseworker");
        fputs(k ? T(r->lang, "; ", "; ") : "", f);
        fprintf(f,
                k ? (m->weighted ? T(r->lang, "op til %s: %s mindre", "up to %s: %s less")
                                 : T(r->lang, "op til %s: %s flere", "up to %s: %s more"))
                  : first,
                pct(r, a, pp->max_utilisation, 1), num(r, b, more, 0));
    }
    fputs(". ", f);
}

/* The price of the peak as bars: the citizens who change caseworker at the
 * plan's peak and at each higher ceiling. */
static void put_price_chart(FILE *f, const rep *r)
{
    const plan_meta *m = r->m;
    char a[64], b[64];
    int rows = 1 + m->n_prices;
    if (m->n_prices == 0)
        return;
    double base = m->weighted ? m->move_cost : m->moved; /* as put_price_text */
    double most = fmax(1, base);
    fprintf(f,
            "<figure class=\"price\">\n<figcaption>%s</figcaption>\n"
            "<svg class=\"chart price\" viewBox=\"0 0 1000 %d\" role=\"img\" aria-label=\"%s\">",
            m->weighted
                ? T(r->lang, "Skiftenes vægt, efter højeste tilladte belastning",
                    "The weighted cost of the changes, by the highest load allowed")
                : T(r->lang, "Borgere der skifter sagsbehandler, efter højeste tilladte belastning",
                    "Citizens who change caseworker, by the highest load allowed"),
            rows * 34, T(r->lang, "Prisen for spidsbelastningen", "The price of the peak"));
    for (int k = 0; k < rows; k++) {
        double u = k ? m->prices[k - 1].max_utilisation : m->max_utilisation;
        double moved = k ? m->prices[k - 1].moved : base;
        double y = 34.0 * k, w = 640 * fmax(0, moved) / most;
        fprintf(f,
                "<g data-max-utilisation=\"%.6f\" data-moved=\"%.0f\">"
                "<text x=\"150\" y=\"%.1f\" text-anchor=\"end\" font-size=\"18\">%s</text>"
                "<rect x=\"165\" y=\"%.1f\" width=\"%.1f\" height=\"24\" fill=\"%s\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"18\">%s</text></g>",
                u, moved, y + 22, pct(r, a, u, 1), y + 4, w, k ? "#9aa3ad" : palette[0], 175 + w,
                y + 22, num(r, b, moved, 0));
    }
    fputs("</svg>\n</figure>\n", f);
}

/* ---------------------------------------------------------------- costs and households */

/* The segment's move_cost as the scenario gives it (1 when it gives none). */
static double seg_cost(const plan_meta *m, const char *name)
{
    for (int k = 0; k < m->n_move_costs; k++)
        if (strcmp(m->move_costs[k].name, name) == 0)
            return m->move_costs[k].value;
    return 1;
}

/* The cases of the segment that change caseworker with every cost 1 (equal_costs);
 * NAN when the plan has none. */
static double equal_moved_of(const plan_meta *m, const char *name)
{
    for (int k = 0; k < m->n_equal_by_segment; k++)
        if (strcmp(m->equal_by_segment[k].name, name) == 0)
            return m->equal_by_segment[k].value;
    return NAN;
}

/* Whether the weighting protects segment g: with cases, and a change costs more there
 * than in the cheapest segment (every segment with cases when all cost the same). */
static bool protected_segment(const rep *r, int g)
{
    const plan_meta *m = r->m;
    double lowest = INFINITY, highest = 0;
    for (int k = 0; k < m->n_weights; k++)
        if (r->seg_cases[k] > 0) {
            lowest = fmin(lowest, seg_cost(m, m->weights[k].name));
            highest = fmax(highest, seg_cost(m, m->weights[k].name));
        }
    /* all cost the same: only repeat_change_factor weighs */
    return r->seg_cases[g] > 0 && (highest == lowest || seg_cost(m, m->weights[g].name) > lowest);
}

/* What the weighting protected: "aktivitetsparat: 312 moved of 2,010, against 690 with
 * equal costs", for each protected segment. Only where costs are weighted. */
static void put_costs_text(FILE *f, const rep *r)
{
    const plan_meta *m = r->m;
    char a[64], b[64], c[64];
    if (!m->weighted)
        return;
    fputs(T(r->lang, "Et skift af sagsbehandler vejer tungere for nogle borgere",
            "A change of caseworker weighs more for some citizens"),
          f);
    if (m->repeat_change_factor > 0)
        fprintf(f,
                T(r->lang,
                  ", og %s mere for hvert skift, de allerede har haft de sidste 12 måneder",
                  ", and %s more for each change they already had in the last 12 months"),
                pct(r, a, m->repeat_change_factor, 0));
    int n = 0, shown = 0;
    for (int g = 0; g < m->n_weights; g++)
        n += protected_segment(r, g);
    for (int g = 0; g < m->n_weights; g++) {
        if (!protected_segment(r, g))
            continue;
        const char *name = m->weights[g].name;
        double eq = equal_moved_of(m, name);
        fputs(shown++ ? "; " : ": ", f);
        html_text(f, name);
        fprintf(f, T(r->lang, " %s skifter af %s", " %s moved of %s"), count(r, a, r->seg_moved[g]),
                count(r, b, r->seg_cases[g]));
        if (!isnan(eq))
            fprintf(f, T(r->lang, ", mod %s med lige vægt", ", against %s with equal costs"),
                    num(r, c, eq, 0));
    }
    if (n > 0 && !isnan(m->equal_moved))
        fprintf(f,
                T(r->lang, ". I alt skifter %s, mod %s med lige vægt",
                  ". In all %s change, against %s with equal costs"),
                count(r, a, m->moved), num(r, b, m->equal_moved, 0));
    fputs(". ", f);
}

/* Households kept together, split and united. Only where cases.csv has households. */
static void put_households_text(FILE *f, const rep *r)
{
    const plan_meta *m = r->m;
    char a[64], b[64];
    if (m->households <= 0)
        return;
    fprintf(f,
            T(r->lang, "Af %s %s holdes %s samlet hos én sagsbehandler",
              "Of %s %s, %s stay together with one caseworker"),
            count(r, a, m->households),
            noun(m->households, T(r->lang, "husstand", "household"),
                 T(r->lang, "husstande", "households")),
            count(r, b, m->hh_together));
    if (m->hh_split > 0)
        fprintf(f,
                T(r->lang, ", %s deles, fordi ingen sagsbehandler må have hele husstanden",
                  ", %s are split because no caseworker may hold the whole household"),
                count(r, a, m->hh_split));
    if (m->hh_united > 0)
        fprintf(f,
                T(r->lang, ", og %s, der i dag har flere sagsbehandlere, får én",
                  ", and %s that have several caseworkers today get one"),
                count(r, a, m->hh_united));
    fputs(". ", f);
}

/* The largest share of their cases one staying caseworker hands away: where the plan
 * weighs costs, has households or caps that share. */
static void put_share_out_text(FILE *f, const rep *r)
{
    const plan_meta *m = r->m;
    char a[64], b[64];
    int most = -1;
    if (!m->weighted && m->households <= 0 && !(m->max_cases_out > 0))
        return;
    for (int w = 0; w < r->n_workers; w++) {
        double v = r->workers[w].w->share_out;
        if (!isnan(v) && (most < 0 || v > r->workers[most].w->share_out))
            most = w;
    }
    if (most < 0)
        return;
    fputs(T(r->lang, "Den største andel af sine sager, som én sagsbehandler afgiver, er ",
            "The largest share of their cases one caseworker hands away is "),
          f);
    fprintf(f, "<span data-share-out=\"%.6f\">%s</span> (", r->workers[most].w->share_out,
            pct(r, a, r->workers[most].w->share_out, 0));
    put_who(f, r, most);
    fputc(')', f);
    if (m->max_cases_out > 0)
        fprintf(
            f,
            T(r->lang,
              "; scenariet tillader højst %s ud over de sager, en sagsbehandler ikke kan beholde",
              "; the scenario allows at most %s beyond the cases a caseworker cannot keep"),
            pct(r, b, m->max_cases_out, 0));
    fputs(". ", f);
}

static void put_summary(FILE *f, const rep *r)
{
    const plan_meta *m = r->m;
    char a[64], b[64], c[64];
    int leavers = r->n_workers - r->n_staying;
    fprintf(f, "<section class=\"summary\" id=\"summary\">\n<h2>%s</h2>\n<p>",
            T(r->lang, "Hvad planen gør", "What the plan does"));
    fprintf(f,
            T(r->lang, "Planen fordeler %s %s på %s %s i %s nye %s",
              "The plan distributes %s %s among %s %s in %s new %s"),
            count(r, a, m->cases),
            noun(m->cases, T(r->lang, "sag", "case"), T(r->lang, "sager", "cases")),
            count(r, b, r->n_staying),
            noun(r->n_staying, T(r->lang, "sagsbehandler", "caseworker"),
                 T(r->lang, "sagsbehandlere", "caseworkers")),
            count(r, c, r->n_deps),
            noun(r->n_deps, T(r->lang, "afdeling", "department"),
                 T(r->lang, "afdelinger", "departments")));
    if (leavers)
        fprintf(f, T(r->lang, ", efter at %s %s", ", after %s %s"), count(r, a, leavers),
                noun(leavers, T(r->lang, "sagsbehandler fratræder", "caseworker leaves"),
                     T(r->lang, "sagsbehandlere fratræder", "caseworkers leave")));
    fputs(". ", f);
    int kept = m->cases - m->moved;
    fprintf(f,
            T(r->lang, "%s %s (%s) beholder deres sagsbehandler, og %s skifter",
              "%s %s (%s) keep their caseworker and %s change"),
            count(r, a, kept),
            noun(kept, T(r->lang, "borger", "citizen"), T(r->lang, "borgere", "citizens")),
            pct(r, b, m->kept_share, 1), count(r, c, m->moved));
    const int *all = &r->reasons[r->n_deps * N_REASONS];
    static const int movers[] = {REASON_CASEWORKER_LEAVES, REASON_DEPARTMENT_CHANGE,
                                 REASON_OVER_CAP, REASON_NO_CASEWORKER};
    int n_kinds = 0, k_out = 0;
    for (int k = 0; k < 4; k++)
        n_kinds += all[movers[k]] > 0;
    for (int k = 0; k < 4 && n_kinds > 0; k++) {
        int n = all[movers[k]];
        if (!n)
            continue;
        fputs(k_out == 0 ? ": " : list_sep(r, k_out, n_kinds), f);
        k_out++;
        fputs(count(r, a, n), f);
        switch (movers[k]) {
        case REASON_CASEWORKER_LEAVES:
            fputs(T(r->lang, " fordi deres sagsbehandler fratræder",
                    " because their caseworker leaves"),
                  f);
            break;
        case REASON_DEPARTMENT_CHANGE:
            fputs(T(r->lang, " fordi deres sagsbehandler kommer i en afdeling uden deres målgruppe",
                    " because their caseworker joins a department that does not serve their "
                    "group"),
                  f);
            break;
        case REASON_OVER_CAP:
            fputs(T(r->lang, " for at holde loftet over sagstal", " to keep the caseload caps"), f);
            break;
        default:
            fputs(T(r->lang, " som ikke havde nogen sagsbehandler", " who had no caseworker"), f);
        }
    }
    fputs(". ", f);
    put_where(f, r);
    put_costs_text(f, r);
    put_households_text(f, r);
    put_share_out_text(f, r);
    fputs("</p>\n<p>", f);
    fprintf(f,
            T(r->lang,
              "Sagerne vejer %s point, og ved loftet over sagstal kan sagsbehandlerne bære %s "
              "point",
              "The cases weigh %s points, and at the caseload caps the caseworkers can carry %s "
              "points"),
            num(r, a, r->points, 0), num(r, b, r->capacity, 0));
    if (r->points > r->capacity + 0.5)
        fprintf(f, T(r->lang, ": %s point for meget", ": %s points too many"),
                num(r, a, r->points - r->capacity, 0));
    fputs(". ", f);
    if (r->n_over > 0) {
        fprintf(
            f,
            T(r->lang,
              "<span class=\"over-text\">%s af %s sagsbehandlere ligger over loftet</span>, "
              "højst på %s",
              "<span class=\"over-text\">%s of %s caseworkers are above the cap</span>, at most "
              "%s"),
            count(r, a, r->n_over), count(r, b, r->n_staying), pct(r, c, m->max_utilisation, 1));
        if (r->busiest >= 0) {
            fputs(T(r->lang, "; mest belastet er afdelingen ", "; the busiest department is "), f);
            html_text(f, dep_name(r, r->busiest));
            fprintf(f, T(r->lang, " med %s", " at %s"),
                    pct(r, a, m->departments[r->busiest].utilisation, 1));
        }
        fputs(". ", f);
    } else {
        fprintf(f,
                T(r->lang, "Ingen sagsbehandler ligger over loftet; den højeste belastning er %s. ",
                  "No caseworker is above the cap; the highest load is %s. "),
                pct(r, a, m->max_utilisation, 1));
    }
    put_price_text(f, r);
    fputs("</p>\n", f);
    put_price_chart(f, r);
    fputs("<p>", f);
    if (m->fte_needed > m->fte_available + 0.05)
        fprintf(f,
                T(r->lang, "Der er %s årsværk; loftet kræver %s, altså %s årsværk for lidt. ",
                  "There are %s FTE; the caps call for %s, so %s FTE are missing. "),
                num(r, a, m->fte_available, 1), num(r, b, m->fte_needed, 1),
                num(r, c, m->fte_needed - m->fte_available, 1));
    else
        fprintf(f,
                T(r->lang, "Der er %s årsværk, og loftet kræver %s. ",
                  "There are %s FTE, and the caps call for %s. "),
                num(r, a, m->fte_available, 1), num(r, b, m->fte_needed, 1));
    if (r->n_pairs > 0)
        fprintf(f,
                T(r->lang,
                  "Sagerne skifter hænder i %s sagsoverdragelser mellem to sagsbehandlere; "
                  "den største er på %s %s.",
                  "The cases change hands in %s handovers between two caseworkers; the "
                  "largest is %s %s."),
                count(r, a, m->handover_pairs), count(r, b, r->pairs[0].cases),
                noun(r->pairs[0].cases, T(r->lang, "sag", "case"), T(r->lang, "sager", "cases")));
    else
        fputs(T(r->lang, "Ingen sager skifter hænder mellem to sagsbehandlere.",
                "No cases change hands between two caseworkers."),
              f);
    fputs("</p>\n</section>\n", f);
}

/* A KPI card: kpi_open, one or more kpi_value, kpi_close. Shown texts are our own. */
static void kpi_open(FILE *f, bool bad)
{
    fprintf(f, "<div class=\"kpi%s\"><span class=\"v\">", bad ? " bad" : "");
}

static void kpi_value(FILE *f, const char *key, double v, const char *shown)
{
    fprintf(f, "<span data-kpi=\"%s\"", key);
    data_num(f, "value", v);
    fprintf(f, ">%s</span>", shown);
}

static void kpi_close(FILE *f, const char *label)
{
    fprintf(f, "</span><span class=\"l\">%s</span></div>\n", label);
}

static void put_kpis(FILE *f, const rep *r)
{
    const plan_meta *m = r->m;
    char a[64], b[64];
    fputs("<section class=\"kpis\" id=\"kpis\" aria-label=\"KPI\">\n", f);
    kpi_open(f, false);
    kpi_value(f, "cases", m->cases, count(r, a, m->cases));
    kpi_close(f, T(r->lang, "sager i alt", "cases in all"));
    kpi_open(f, false);
    kpi_value(f, "moved", m->moved, count(r, a, m->moved));
    kpi_close(f, T(r->lang, "borgere skifter sagsbehandler", "citizens change caseworker"));
    if (m->weighted) {
        kpi_open(f, false);
        kpi_value(f, "move_cost", m->move_cost, num(r, a, m->move_cost, 1));
        kpi_close(f, T(r->lang, "skiftenes vægt (hvad de koster borgerne)",
                       "weighted cost of the changes (what they cost the citizens)"));
    }
    if (m->households > 0) {
        kpi_open(f, m->hh_split > 0);
        kpi_value(f, "households.together", m->hh_together, count(r, a, m->hh_together));
        fprintf(f, " <small>%s</small> ", T(r->lang, "af", "of"));
        kpi_value(f, "households.households", m->households, count(r, b, m->households));
        fprintf(f, "</span><span class=\"l\">%s; ",
                T(r->lang, "husstande samlet hos én sagsbehandler",
                  "households together with one caseworker"));
        kpi_value(f, "households.split", m->hh_split, count(r, a, m->hh_split));
        fprintf(f, " %s, ", T(r->lang, "delt", "split"));
        kpi_value(f, "households.united", m->hh_united, count(r, a, m->hh_united));
        fprintf(f, " %s</span></div>\n", T(r->lang, "samlet af flere", "united"));
    }
    kpi_open(f, false);
    kpi_value(f, "kept_share", m->kept_share, pct(r, a, m->kept_share, 1));
    kpi_close(f, T(r->lang, "beholder deres sagsbehandler", "keep their caseworker"));
    kpi_open(f, above_cap(m->max_utilisation));
    kpi_value(f, "max_utilisation", m->max_utilisation, pct(r, a, m->max_utilisation, 1));
    kpi_close(
        f, T(r->lang, "højeste belastning (loftet er 100&#160;%)", "peak load (the cap is 100%)"));
    kpi_open(f, r->n_over > 0);
    kpi_value(f, "caseworkers_over_cap", r->n_over, count(r, a, r->n_over));
    fprintf(f, " <small>%s %s</small>", T(r->lang, "af", "of"), count(r, b, r->n_staying));
    kpi_close(f, T(r->lang, "sagsbehandlere over loftet", "caseworkers above the cap"));
    kpi_open(f, m->overload_points > 0.5);
    kpi_value(f, "overload_points", m->overload_points, num(r, a, m->overload_points, 0));
    kpi_close(f, T(r->lang, "point over loftet i alt", "points above the caps in all"));
    kpi_open(f, false);
    kpi_value(f, "handover_pairs", m->handover_pairs, count(r, a, m->handover_pairs));
    kpi_close(
        f, T(r->lang, "sagsoverdragelser (par af sagsbehandlere)", "handovers (caseworker pairs)"));
    kpi_open(f, m->fte_needed > m->fte_available + 0.05);
    kpi_value(f, "fte_available", m->fte_available, num(r, a, m->fte_available, 1));
    fputs(" <small>/</small> ", f);
    kpi_value(f, "fte_needed", m->fte_needed, num(r, b, m->fte_needed, 1));
    kpi_close(f, T(r->lang, "årsværk til rådighed / nødvendige ved loftet",
                   "FTE available / needed at the caps"));
    fputs("</section>\n", f);
}

/* y of a load in a caseload chart (viewBox height 100, 0 at the top). */
static double load_y(const rep *r, double u) { return 100 - 100 * fmin(u, r->ymax) / r->ymax; }

static void put_axis(FILE *f, const rep *r)
{
    double step = r->ymax <= 1.5 ? 0.25 : 0.5;
    char a[64];
    fputs("<div class=\"yaxis\" aria-hidden=\"true\">", f);
    for (double v = 0; v <= r->ymax + 1e-9; v += step)
        fprintf(f, "<span%s style=\"bottom:%.2f%%\">%s</span>",
                fabs(v - 1) < 1e-9 ? " class=\"cap\"" : "", 100 * v / r->ymax, pct(r, a, v, 0));
    fputs("</div>", f);
}

static void put_caseload_chart(FILE *f, const rep *r, int dd)
{
    const plan_department *dp = &r->m->departments[dd];
    int first = r->dep_start[dd], n = r->dep_start[dd + 1] - first, over = 0;
    double peak = 0;
    char a[64], b[64], c[64], e[64];
    for (int k = 0; k < n; k++) {
        int w = r->by_load[first + k];
        over += above_cap(load_after(r, w));
        peak = fmax(peak, nan_low(load_after(r, w)));
    }
    fputs("<figure data-department=\"", f);
    html_text(f, dp->id);
    fprintf(f, "\">\n<figcaption><span class=\"sw\" style=\"background:%s\"></span> <b>",
            dep_color(dd));
    html_text(f, dp->name);
    fprintf(f, "</b> &#183; %s %s", count(r, a, n),
            noun(n, T(r->lang, "sagsbehandler", "caseworker"),
                 T(r->lang, "sagsbehandlere", "caseworkers")));
    if (n == 0) {
        fputs("</figcaption>\n</figure>\n", f);
        return;
    }
    if (over)
        fprintf(f, " &#183; <span class=\"over\">%s %s</span>", count(r, a, over),
                T(r->lang, "over loftet", "above the cap"));
    else
        fprintf(f, " &#183; %s", T(r->lang, "alle inden for loftet", "all within the cap"));
    fprintf(f, " &#183; %s %s</figcaption>\n<div class=\"plot\">", T(r->lang, "højst", "highest"),
            pct(r, a, peak, 1));
    put_axis(f, r);
    int width = n < 30 ? 30 : n;
    double cap_y = load_y(r, 1);
    fprintf(f, "<svg class=\"chart caseload\" data-department=\"");
    html_text(f, dp->id);
    fprintf(f,
            "\" data-bars=\"%d\" data-over=\"%d\" viewBox=\"0 0 %d 100\" "
            "preserveAspectRatio=\"none\" role=\"img\" aria-label=\"",
            n, over, width);
    html_text(f, dp->name);
    fprintf(f, ": %s %s %s\">\n", count(r, a, over), T(r->lang, "af", "of"), count(r, b, n));
    fprintf(f, "<rect class=\"zone\" x=\"0\" y=\"0\" width=\"%d\" height=\"%.3f\"/>\n", width,
            cap_y);
    double step = r->ymax <= 1.5 ? 0.25 : 0.5;
    for (double v = step; v <= r->ymax + 1e-9; v += step)
        if (fabs(v - 1) > 1e-9)
            fprintf(f,
                    "<line class=\"grid\" x1=\"0\" x2=\"%d\" y1=\"%.3f\" y2=\"%.3f\" "
                    "vector-effect=\"non-scaling-stroke\"/>\n",
                    width, load_y(r, v), load_y(r, v));
    for (int k = 0; k < n; k++) {
        int w = r->by_load[first + k];
        const plan_worker *x = r->workers[w].w;
        double u = nan_low(load_after(r, w)), ub = load_before(r, w);
        bool is_over = above_cap(u);
        fputs("<g><title>", f);
        put_who(f, r, w);
        fputs(" (", f);
        html_text(f, x->unit);
        fprintf(f,
                T(r->lang, "): før %s %s, %s &#8594; efter %s %s, %s</title>",
                  "): before %s %s, %s &#8594; after %s %s, %s</title>"),
                count(r, a, x->cases_before), T(r->lang, "sager", "cases"), pct(r, b, ub, 1),
                count(r, c, x->cases_after), T(r->lang, "sager", "cases"), pct(r, e, u, 1));
        double y = load_y(r, fmin(u, 1));
        fprintf(f,
                "<rect class=\"bar%s\" x=\"%.2f\" y=\"%.3f\" width=\"0.76\" height=\"%.3f\" "
                "fill=\"%s\" data-caseworker=\"",
                is_over ? " over" : "", k + 0.12, y, 100 - y, dep_color(dd));
        put_who(f, r, w);
        fputs("\"", f);
        data_num(f, "utilisation", x->utilisation);
        fputs("/>", f);
        if (is_over) { /* at least 2 px high: a bar just above the cap is still marked */
            double h = fmax(cap_y - load_y(r, u), 1.2);
            fprintf(f,
                    "<rect class=\"excess\" x=\"%.2f\" y=\"%.3f\" width=\"0.76\" "
                    "height=\"%.3f\"/>",
                    k + 0.12, cap_y - h, h);
        }
        if (!isnan(ub))
            fprintf(f, "<rect class=\"before\" x=\"%d\" y=\"%.3f\" width=\"1\" height=\"1.6\"/>", k,
                    fmax(0, load_y(r, ub) - 0.8));
        fputs("</g>\n", f);
    }
    fprintf(f,
            "<line class=\"capline\" x1=\"0\" x2=\"%d\" y1=\"%.3f\" y2=\"%.3f\" "
            "vector-effect=\"non-scaling-stroke\"/>\n</svg></div>\n</figure>\n",
            width, cap_y, cap_y);
}

static void put_top_table(FILE *f, const rep *r)
{
    int n = r->n_staying < TOP_ROWS ? r->n_staying : TOP_ROWS;
    char a[64], b[64];
    if (n == 0)
        return;
    fprintf(f,
            "<h3>%s</h3>\n<div class=\"scroll\"><table class=\"top\">\n<thead><tr><th>%s</th>"
            "<th>%s</th><th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th></tr></thead>"
            "\n<tbody>\n",
            T(r->lang, "Højest belastede sagsbehandlere", "Caseworkers with the highest load"),
            T(r->lang, "Sagsbehandler", "Caseworker"), T(r->lang, "Ny afdeling", "New department"),
            T(r->lang, "Gammel enhed", "Old unit"),
            T(r->lang, "Sager før &#8594; efter", "Cases before &#8594; after"),
            T(r->lang, "Belastning før &#8594; efter", "Load before &#8594; after"));
    for (int k = 0; k < n; k++) {
        int w = r->top[k];
        const plan_worker *x = r->workers[w].w;
        fprintf(f, "<tr%s><td>", above_cap(x->utilisation) ? " class=\"over\"" : "");
        put_who(f, r, w);
        fputs("</td><td>", f);
        html_text(f, x->department);
        fputs("</td><td>", f);
        html_text(f, x->unit);
        fprintf(f, "</td><td class=\"n\">%s &#8594; ", count(r, a, x->cases_before));
        fprintf(f, "%s</td>", count(r, b, x->cases_after));
        fprintf(f, "<td class=\"n u\">%s &#8594; ", pct(r, a, load_before(r, w), 1));
        fprintf(f, "%s</td></tr>\n", pct(r, b, x->utilisation, 1));
    }
    fputs("</tbody></table></div>\n", f);
}

static void put_caseload(FILE *f, const rep *r)
{
    fprintf(f, "<section id=\"caseload\">\n<h2>%s</h2>\n<p class=\"lead\">%s</p>\n",
            T(r->lang, "Hvem bærer for meget? Belastning pr. sagsbehandler før og efter",
              "Who carries too much? Load per caseworker before and after"),
            T(r->lang,
              "Hver søjle er én sagsbehandler i sin nye afdeling, sorteret med den højeste "
              "belastning først. Belastning er sagernes point i forhold til sagsbehandlerens "
              "loft over sagstal (loft over sagstal &#215; årsværk). Den sorte streg viser "
              "belastningen før omfordelingen; rødt er over loftet.",
              "Each bar is one caseworker in their new department, the highest load first. "
              "Load is the points of the cases against the caseworker's caseload cap (cap "
              "&#215; FTE). The black tick shows the load before the reorganisation; red is "
              "above the cap."));
    char a[64], b[64], c[64], e[64], g[64];
    fprintf(f,
            T(r->lang,
              "<p class=\"callout\"><b class=\"%s\">%s af %s sagsbehandlere ligger over "
              "loftet efter planen</b>, højst på %s. Med deres sagsstammer fra før (og de "
              "nye lofter) ville %s ligge over loftet, højst på %s.</p>\n",
              "<p class=\"callout\"><b class=\"%s\">%s of %s caseworkers are above the cap "
              "after the plan</b>, at most %s. With the caseloads they had before (and the new "
              "caps), %s would be above it, at most %s.</p>\n"),
            r->n_over ? "over-text" : "ok-text", count(r, a, r->n_over), count(r, b, r->n_staying),
            pct(r, c, r->m->max_utilisation, 1), count(r, e, r->n_over_before),
            pct(r, g, r->peak_before, 1));
    fprintf(f,
            "<ul class=\"legend\"><li><span class=\"sw\" style=\"background:%s\"></span>%s"
            "</li><li><span class=\"sw\" style=\"background:var(--over)\"></span>%s</li>"
            "<li><span class=\"sw tick\"></span>%s</li><li><span class=\"sw cap\"></span>%s"
            "</li></ul>\n",
            dep_color(0), T(r->lang, "efter, inden for loftet", "after, within the cap"),
            T(r->lang, "efter, over loftet", "after, above the cap"), T(r->lang, "før", "before"),
            T(r->lang, "loft over sagstal (100&#160;%)", "caseload cap (100%)"));
    for (int dd = 0; dd < r->n_deps; dd++)
        put_caseload_chart(f, r, dd);
    put_top_table(f, r);
    fputs("</section>\n", f);
}

static void put_departments(FILE *f, const rep *r)
{
    double scale = 0;
    char a[64], b[64], c[64];
    for (int dd = 0; dd < r->n_deps; dd++)
        scale = fmax(scale, fmax(r->m->departments[dd].points, r->m->departments[dd].capacity));
    scale = scale > 0 ? scale * 1.02 : 1;
    fprintf(f, "<section id=\"departments\">\n<h2>%s</h2>\n<p class=\"lead\">%s</p>\n",
            T(r->lang, "Afdelingerne mod deres kapacitet", "Departments against their capacity"),
            T(r->lang,
              "Den farvede bjælke er sagernes point; den grå ramme er hvad afdelingens "
              "sagsbehandlere kan bære ved loftet over sagstal. Rødt er over kapaciteten.",
              "The coloured bar is the points of the cases; the grey frame is what the "
              "department's caseworkers can carry at the caseload cap. Red is above capacity."));
    fprintf(f, "<div class=\"chart departments\" data-bars=\"%d\">\n", r->n_deps);
    for (int dd = 0; dd < r->n_deps; dd++) {
        const plan_department *dp = &r->m->departments[dd];
        double room = 1000 * dp->capacity / scale, load = 1000 * dp->points / scale;
        fputs("<div class=\"drow\" data-department=\"", f);
        html_text(f, dp->id);
        fputs("\"", f);
        data_num(f, "utilisation", dp->utilisation);
        fprintf(f, "><div class=\"name\"><span class=\"sw\" style=\"background:%s\"></span>",
                dep_color(dd));
        html_text(f, dp->name);
        fputs("</div>", f);
        fprintf(f,
                "<svg viewBox=\"0 0 1000 22\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
                "<rect class=\"room\" x=\"0\" y=\"1\" width=\"%.2f\" height=\"20\"/>"
                "<rect x=\"0\" y=\"5\" width=\"%.2f\" height=\"12\" fill=\"%s\"/>",
                room, fmin(room, load), dep_color(dd));
        if (load > room + 0.05)
            fprintf(f, "<rect class=\"excess\" x=\"%.2f\" y=\"5\" width=\"%.2f\" height=\"12\"/>",
                    room, load - room);
        fprintf(f,
                "<line class=\"capline\" x1=\"%.2f\" x2=\"%.2f\" y1=\"0\" y2=\"22\" "
                "vector-effect=\"non-scaling-stroke\"/></svg>",
                room, room);
        fprintf(f, "<div class=\"nums\"><span%s>%s</span> &#183; ",
                above_cap(dp->utilisation) ? " class=\"over-text\"" : "",
                pct(r, a, dp->utilisation, 1));
        fprintf(f, T(r->lang, "%s af %s point", "%s of %s points"), num(r, b, dp->points, 0),
                num(r, c, dp->capacity, 0));
        fprintf(f,
                T(r->lang, "<small>%s %s, %s årsværk; loftet kræver %s</small>",
                  "<small>%s %s, %s FTE; the cap calls for %s</small>"),
                count(r, a, dp->caseworkers),
                noun(dp->caseworkers, T(r->lang, "sagsbehandler", "caseworker"),
                     T(r->lang, "sagsbehandlere", "caseworkers")),
                num(r, b, dp->fte, 1), num(r, c, dp->fte_needed, 1));
        fputs("</div></div>\n", f);
    }
    fputs("</div>\n</section>\n", f);
}

/* The wishes' profile: how many got their first, second, a later or none of their
 * wishes, in all and by the department they go to; counts only, no one named. */
static void put_wishes(FILE *f, const rep *r)
{
    const plan_meta *m = r->m;
    char a[64], b[64], c[64], e[64], g[64];
    if (m->wishes_given == 0)
        return;
    fprintf(f, "<section id=\"wishes\">\n<h2>%s</h2>\n<p class=\"lead\">",
            T(r->lang, "Ønsker", "Wishes"));
    fprintf(f,
            T(r->lang,
              "%s af %s sagsbehandlere med ønsker får deres første ønske, %s deres andet, %s "
              "et senere og %s intet af dem.",
              "%s of %s caseworkers with wishes get their first wish, %s their second, %s a "
              "later one and %s none of them."),
            count(r, a, m->wish_first), count(r, b, m->wishes_given),
            count(r, c, m->wish_second), count(r, e, m->wish_later),
            count(r, g, m->wish_none));
    fprintf(f,
            "</p>\n<div class=\"scroll\"><table class=\"wishes\">\n<thead><tr><th>%s</th>"
            "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th></tr></thead>"
            "\n<tbody>\n",
            T(r->lang, "Ny afdeling", "New department"), T(r->lang, "1. ønske", "1st wish"),
            T(r->lang, "2. ønske", "2nd wish"), T(r->lang, "Senere ønske", "Later wish"));
    for (int dd = 0; dd < r->n_deps; dd++) {
        int got[3] = {0, 0, 0};
        for (int w = 0; w < r->n_workers; w++) {
            int rank = r->workers[w].w->wish_rank;
            if (r->workers[w].dep == dd && rank > 0)
                got[rank > 3 ? 2 : rank - 1]++;
        }
        fputs("<tr><td>", f);
        html_text(f, m->departments[dd].name);
        fprintf(f,
                "</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                "</tr>\n",
                count(r, a, got[0]), count(r, b, got[1]), count(r, c, got[2]));
    }
    fprintf(f,
            "<tr><th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s"
            "</th></tr>\n</tbody></table></div>\n</section>\n",
            T(r->lang, "I alt", "In all"), count(r, a, m->wish_first), count(r, b, m->wish_second),
            count(r, c, m->wish_later));
}

/* One stacked bar of cases by reason, scaled so that max cases fill the width. */
static void put_reason_bar(FILE *f, const int *reasons, double max)
{
    double x = 0;
    fputs("<svg viewBox=\"0 0 1000 22\" preserveAspectRatio=\"none\" aria-hidden=\"true\">", f);
    for (int k = 0; k < N_REASONS; k++) {
        int rs = reason_order[k];
        double w = max > 0 ? 1000 * reasons[rs] / max : 0;
        if (reasons[rs] > 0)
            fprintf(f, "<rect x=\"%.2f\" y=\"2\" width=\"%.2f\" height=\"18\" fill=\"%s\"/>", x, w,
                    reason_color[rs]);
        x += w;
    }
    fputs("</svg>", f);
}

static void put_matrix(FILE *f, const rep *r)
{
    int nd = r->n_deps, rows = r->n_units + 1, max_moved = 0;
    char a[64], b[64];
    for (int k = 0; k < rows * nd; k++)
        max_moved = r->moved_ud[k] > max_moved ? r->moved_ud[k] : max_moved;
    fprintf(f, "<h3>%s</h3>\n<p class=\"lead\">%s</p>\n",
            T(r->lang, "Sager: hvor skiftene sker", "Cases: where the changes are"),
            T(r->lang,
              "Hver celle er de sager, der lå hos en sagsbehandler fra enheden i rækken og "
              "nu ligger i afdelingen i kolonnen. Tallet under er de borgere, der skifter "
              "sagsbehandler; jo mørkere rød, jo flere skift.",
              "Each cell holds the cases that were with a caseworker of the row's unit and are "
              "now in the column's department. The number below is the citizens who change "
              "caseworker; the darker the red, the more changes."));
    fprintf(f,
            "<div class=\"scroll\"><table class=\"chart matrix\" data-rows=\"%d\" "
            "data-columns=\"%d\">\n<thead><tr><th>%s</th>",
            rows, nd, T(r->lang, "Gammel enhed", "Old unit"));
    for (int dd = 0; dd < nd; dd++) {
        fputs("<th class=\"n\">", f);
        html_text(f, dep_name(r, dd));
        fputs("</th>", f);
    }
    fprintf(f, "<th class=\"n\">%s</th></tr></thead>\n<tbody>\n", T(r->lang, "I alt", "Total"));
    for (int u = 0; u < rows; u++) {
        int cases = 0, moved = 0;
        for (int dd = 0; dd < nd; dd++) {
            cases += r->cases_ud[u * nd + dd];
            moved += r->moved_ud[u * nd + dd];
        }
        if (u == r->n_units && cases == 0)
            break;
        fputs("<tr><th scope=\"row\">", f);
        if (u < r->n_units)
            html_text(f, r->units[u]);
        else
            fputs(T(r->lang, "(ingen sagsbehandler)", "(no caseworker)"), f);
        fputs("</th>", f);
        for (int dd = 0; dd < nd; dd++) {
            int cc = r->cases_ud[u * nd + dd], mm = r->moved_ud[u * nd + dd];
            double alpha = mm > 0 && max_moved > 0 ? 0.08 + 0.8 * mm / max_moved : 0;
            fprintf(f, "<td data-cases=\"%d\" data-moved=\"%d\"", cc, mm);
            if (alpha > 0)
                fprintf(f, " class=\"%s\" style=\"background:rgba(198,40,40,%.2f)\"",
                        alpha > 0.5 ? "hot" : "warm", alpha);
            if (cc == 0)
                fputs(">&#183;</td>", f);
            else
                fprintf(f, ">%s<small>%s %s</small></td>", count(r, a, cc), count(r, b, mm),
                        T(r->lang, "skifter", "change"));
        }
        fprintf(f,
                "<td data-cases=\"%d\" data-moved=\"%d\"><b>%s</b><small>%s %s</small></td>"
                "</tr>\n",
                cases, moved, count(r, a, cases), count(r, b, moved),
                T(r->lang, "skifter", "change"));
    }
    const int *all = &r->reasons[nd * N_REASONS];
    fprintf(f, "<tr class=\"total\"><th scope=\"row\">%s</th>", T(r->lang, "I alt", "Total"));
    for (int dd = 0; dd < nd; dd++) {
        const int *rs = &r->reasons[dd * N_REASONS];
        int cases = 0;
        for (int k = 0; k < N_REASONS; k++)
            cases += rs[k];
        fprintf(f, "<td>%s<small>%s %s</small></td>", count(r, a, cases), count(r, b, moved_of(rs)),
                T(r->lang, "skifter", "change"));
    }
    fprintf(f, "<td>%s<small>%s %s</small></td></tr>\n</tbody></table></div>\n",
            count(r, a, r->m->cases), count(r, b, moved_of(all)), T(r->lang, "skifter", "change"));
}

/* Where costs are weighted: the cases that change caseworker by segment, each beside
 * the count with equal costs (equal_costs.by_segment). */
static void put_segment_moves(FILE *f, const rep *r)
{
    const plan_meta *m = r->m;
    char a[64], b[64], c[64];
    int rows = 0, most = 0;
    if (!m->weighted)
        return;
    for (int g = 0; g < m->n_weights; g++) {
        rows += r->seg_cases[g] > 0;
        most = r->seg_cases[g] > most ? r->seg_cases[g] : most;
    }
    fprintf(f,
            "<h3>%s</h3>\n<ul class=\"legend\"><li><span class=\"sw\" style=\"background:%s\">"
            "</span>%s</li><li><span class=\"sw\" style=\"background:#9aa3ad\"></span>%s</li>"
            "</ul>\n<div class=\"chart segments\" data-bars=\"%d\">\n",
            T(r->lang, "Skift efter målgruppe, med og uden vægt",
              "Changes by segment, weighted and not"),
            palette[0], T(r->lang, "skifter i planen", "change in the plan"),
            T(r->lang, "ville skifte med lige vægt", "would change with equal costs"), rows);
    for (int g = 0; g < m->n_weights; g++) {
        const char *name = m->weights[g].name;
        int cases = r->seg_cases[g], moved = r->seg_moved[g];
        double eq = equal_moved_of(m, name);
        if (cases == 0)
            continue;
        fputs("<div class=\"drow\" data-segment=\"", f);
        html_text(f, name);
        fprintf(f, "\" data-cases=\"%d\" data-moved=\"%d\"", cases, moved);
        if (!isnan(eq))
            data_num(f, "equal-moved", eq);
        fputs("><div class=\"name\">", f);
        html_text(f, name);
        fprintf(f,
                "</div><svg viewBox=\"0 0 1000 22\" preserveAspectRatio=\"none\" "
                "aria-hidden=\"true\"><rect x=\"0\" y=\"2\" width=\"%.2f\" height=\"11\" "
                "fill=\"%s\"/>",
                1000.0 * moved / most, palette[0]);
        if (!isnan(eq))
            fprintf(f, "<rect x=\"0\" y=\"14\" width=\"%.2f\" height=\"6\" fill=\"#9aa3ad\"/>",
                    1000.0 * fmax(0, eq) / most);
        fprintf(
            f,
            T(r->lang, "</svg><div class=\"nums\">%s af %s skifter (vægt %s)",
              "</svg><div class=\"nums\">%s of %s change (cost %s)"),
            count(r, a, moved), count(r, b, cases),
            num(r, c, seg_cost(m, name), seg_cost(m, name) == round(seg_cost(m, name)) ? 0 : 2));
        if (!isnan(eq))
            fprintf(f,
                    T(r->lang, " <small>%s med lige vægt</small>",
                      " <small>%s with equal costs</small>"),
                    num(r, a, eq, 0));
        fputs("</div></div>\n", f);
    }
    fputs("</div>\n", f);
}

static void put_moves(FILE *f, const rep *r)
{
    const int *all = &r->reasons[r->n_deps * N_REASONS];
    char a[64], b[64], c[64];
    double max = 0;
    for (int dd = 0; dd < r->n_deps; dd++)
        max = fmax(max, r->m->departments[dd].cases);
    fprintf(
        f, "<section id=\"moves\">\n<h2>%s</h2>\n<p class=\"callout\"><b>",
        T(r->lang, "Hvem skifter sagsbehandler, og hvorfor", "Who changes caseworker, and why"));
    fprintf(f,
            T(r->lang, "%s af %s borgere (%s) får en ny sagsbehandler.",
              "%s of %s citizens (%s) get a new caseworker."),
            count(r, a, r->m->moved), count(r, b, r->m->cases),
            pct(r, c, r->m->cases ? (double)r->m->moved / r->m->cases : 0, 1));
    fprintf(f, "</b> %s</p>\n<ul class=\"legend\">",
            T(r->lang, "Bjælkerne viser sagerne i hver ny afdeling efter grund.",
              "The bars show the cases of each new department by reason."));
    for (int k = 0; k < N_REASONS; k++) {
        int rs = reason_order[k];
        fprintf(f,
                "<li data-reason=\"%s\" data-cases=\"%d\"><span class=\"sw\" "
                "style=\"background:%s\"></span>%s: %s</li>",
                metrics_reason_name((om_reason)rs), all[rs], reason_color[rs], reason_text(r, rs),
                count(r, a, all[rs]));
    }
    fputs("</ul>\n", f);
    fprintf(f, "<div class=\"chart moves\" data-bars=\"%d\">\n", r->n_deps);
    for (int dd = 0; dd < r->n_deps; dd++) {
        const int *rs = &r->reasons[dd * N_REASONS];
        int cases = r->m->departments[dd].cases, moved = moved_of(rs);
        fputs("<div class=\"drow\" data-department=\"", f);
        html_text(f, dep_id(r, dd));
        fprintf(f,
                "\" data-cases=\"%d\" data-moved=\"%d\"><div class=\"name\"><span class=\"sw\" "
                "style=\"background:%s\"></span>",
                cases, moved, dep_color(dd));
        html_text(f, dep_name(r, dd));
        fputs("</div>", f);
        put_reason_bar(f, rs, max);
        fprintf(f,
                T(r->lang,
                  "<div class=\"nums\">%s af %s skifter <small>%s af sagerne</small></div>",
                  "<div class=\"nums\">%s of %s change <small>%s of the cases</small></div>"),
                count(r, a, moved), count(r, b, cases),
                pct(r, c, cases ? (double)moved / cases : 0, 1));
        fputs("</div>\n", f);
    }
    fputs("</div>\n", f);
    put_segment_moves(f, r);
    fputs("</section>\n", f);
}

/* The caseworkers as a flow chart: old units on the left, new departments and leaving on
 * the right, each band as wide as the caseworkers it carries. */
static void put_flows(FILE *f, const rep *r)
{
    int nu = r->n_units, nd = r->n_deps, nr = nd + 1, total = r->n_workers, bands = 0;
    const int *ud = r->staff_ud;
    const double gap = 26, pad = 12, node = 12;
    double k = total > 0 ? fmin(14, 320.0 / total) : 1;
    const int *right_count = r->staff_d;
    char a[64];
    fprintf(
        f, "<section id=\"flows\">\n<h2>%s</h2>\n",
        T(r->lang, "Fra gamle enheder til nye afdelinger", "From old units to new departments"));
    put_matrix(f, r);
    fprintf(f, "<h3>%s</h3>\n<p class=\"lead\">%s</p>\n",
            T(r->lang, "Sagsbehandlere: hvem går hvorhen", "Caseworkers: who goes where"),
            T(r->lang, "Båndenes bredde er antallet af sagsbehandlere. Gråt: fratræder.",
              "The width of a band is the number of caseworkers. Grey: leaves."));
    if (total == 0) {
        fputs("</section>\n", f);
        return;
    }
    int n_right = nd + (right_count[nd] > 0);
    double hl = total * k + (nu - 1) * gap, hr = total * k + (n_right - 1) * gap;
    double h = fmax(hl, hr) + 2 * pad;
    double yl0 = pad + (h - 2 * pad - hl) / 2, yr0 = pad + (h - 2 * pad - hr) / 2;
    for (int u = 0; u < nu; u++)
        for (int d = 0; d < nr; d++)
            bands += ud[u * nr + d] > 0;
    fprintf(f,
            "<div class=\"sankey\" style=\"height:%.0fpx\">\n<svg class=\"chart flows\" "
            "data-flows=\"%d\" data-caseworkers=\"%d\" viewBox=\"0 0 1000 %.0f\" "
            "preserveAspectRatio=\"none\" role=\"img\" aria-label=\"%s\">\n",
            h, bands, total, h,
            T(r->lang, "Sagsbehandlere fra gamle enheder til nye afdelinger",
              "Caseworkers from old units to new departments"));
    /* bands: left offsets run in department order, right offsets in unit order */
    double yl = yl0;
    for (int u = 0; u < nu; u++) {
        double off = yl;
        for (int d = 0; d < nr; d++) {
            int c = ud[u * nr + d];
            if (!c)
                continue;
            double yr = yr0, t = c * k;
            for (int e = 0; e < d; e++)
                yr += right_count[e] * k + gap;
            for (int v = 0; v < u; v++)
                yr += ud[v * nr + d] * k;
            fprintf(f,
                    "<path class=\"flow%s\" fill=\"%s\" d=\"M%.0f %.2fC500 %.2f 500 %.2f %.0f "
                    "%.2fL%.0f %.2fC500 %.2f 500 %.2f %.0f %.2fZ\" data-unit=\"",
                    d == nd ? " leaves" : "", dep_color(d < nd ? d : -1), node, off, off, yr,
                    1000 - node, yr, 1000 - node, yr + t, yr + t, off + t, node, off + t);
            html_text(f, r->units[u]);
            fputs("\"", f);
            if (d < nd) {
                fputs(" data-department=\"", f);
                html_text(f, dep_id(r, d));
                fputs("\"", f);
            }
            fprintf(f, " data-caseworkers=\"%d\"><title>", c);
            html_text(f, r->units[u]);
            fputs(" &#8594; ", f);
            if (d < nd)
                html_text(f, dep_name(r, d));
            else
                fputs(T(r->lang, "fratræder", "leaves"), f);
            fprintf(f, ": %s</title></path>\n", count(r, a, c));
            off += t;
        }
        int n = 0;
        for (int d = 0; d < nr; d++)
            n += ud[u * nr + d];
        fprintf(f, "<rect x=\"0\" y=\"%.2f\" width=\"%.0f\" height=\"%.2f\" fill=\"#5a6473\"/>\n",
                yl, node, fmax(n * k, 1));
        yl += n * k + gap;
    }
    double yr = yr0;
    for (int d = 0; d < nr; d++) {
        if (d == nd && right_count[d] == 0)
            break;
        fprintf(f, "<rect x=\"%.0f\" y=\"%.2f\" width=\"%.0f\" height=\"%.2f\" fill=\"%s\"/>\n",
                1000 - node, yr, node, fmax(right_count[d] * k, 1), dep_color(d < nd ? d : -1));
        yr += right_count[d] * k + gap;
    }
    fputs("</svg>\n", f);
    /* labels in HTML, so that they keep their size on any screen */
    yl = yl0;
    for (int u = 0; u < nu; u++) {
        int n = 0;
        for (int d = 0; d < nr; d++)
            n += ud[u * nr + d];
        fprintf(f, "<span class=\"lab l\" style=\"top:%.1fpx\">", yl + n * k / 2);
        html_text(f, r->units[u]);
        fprintf(f, " <b>%s</b></span>\n", count(r, a, n));
        yl += n * k + gap;
    }
    yr = yr0;
    for (int d = 0; d < nr; d++) {
        if (d == nd && right_count[d] == 0)
            break;
        fprintf(f, "<span class=\"lab r\" style=\"top:%.1fpx\">", yr + right_count[d] * k / 2);
        if (d < nd)
            html_text(f, dep_name(r, d));
        else
            fputs(T(r->lang, "Fratræder", "Leave"), f);
        fprintf(f, " <b>%s</b></span>\n", count(r, a, right_count[d]));
        yr += right_count[d] * k + gap;
    }
    fputs("</div>\n</section>\n", f);
}

static void put_handovers(FILE *f, const rep *r)
{
    char a[64], b[64], c[64], e[64];
    fprintf(f, "<section id=\"handovers\">\n<h2>%s</h2>\n<p>",
            T(r->lang, "Sagsoverdragelser", "Handovers"));
    if (r->n_pairs == 0) {
        fprintf(f, "%s</p>\n</section>\n",
                T(r->lang, "Ingen sager skifter hænder mellem to sagsbehandlere.",
                  "No cases change hands between two caseworkers."));
        return;
    }
    int median = r->pairs[r->n_pairs - 1 - (r->n_pairs - 1) / 2].cases;
    fprintf(f,
            T(r->lang,
              "%s par: %s sagsbehandlere afgiver sager til %s kolleger. Halvdelen af "
              "overdragelserne er på højst %s %s; ",
              "%s pairs: %s caseworkers hand cases to %s colleagues. Half of the handovers "
              "are of at most %s %s; "),
            count(r, a, r->n_pairs), count(r, b, r->givers), count(r, c, r->receivers),
            count(r, e, median),
            noun(median, T(r->lang, "sag", "case"), T(r->lang, "sager", "cases")));
    fputs(T(r->lang, "de største ses her.", "the largest are below."), f);
    int n = r->n_pairs < TOP_ROWS ? r->n_pairs : TOP_ROWS;
    fprintf(f,
            "</p>\n<div class=\"scroll\"><table class=\"handovers\" data-pairs=\"%d\">\n"
            "<thead><tr><th>%s</th><th>%s</th><th>%s</th><th class=\"n\">%s</th></tr></thead>"
            "\n<tbody>\n",
            r->n_pairs, T(r->lang, "Fra", "From"), T(r->lang, "Til", "To"),
            T(r->lang, "Modtagerens afdeling", "Receiver's department"),
            T(r->lang, "Sager", "Cases"));
    for (int k = 0; k < n; k++) {
        const rpair *p = &r->pairs[k];
        fputs("<tr><td>", f);
        put_who(f, r, p->from);
        if (r->workers[p->from].dep < 0)
            fprintf(f, " <small>(%s)</small>", T(r->lang, "fratræder", "leaves"));
        fputs("</td><td>", f);
        put_who(f, r, p->to);
        fputs("</td><td>", f);
        html_text(f, dep_name(r, r->workers[p->to].dep));
        fprintf(f, "</td><td class=\"n\">%s</td></tr>\n", count(r, a, p->cases));
    }
    fputs("</tbody></table></div>\n</section>\n", f);
}

/* The level with that name (levels.h), "move_cost" as a weighted scenario has it; NULL
 * for a name the table lacks. */
static const level_def *level_named(const char *name)
{
    static const om_scenario weighted = {.move_cost_given = true};
    int l = level_find(name);
    if (l < 0)
        return NULL;
    const level_def *def = level_get(l);
    return strcmp(def->name, name) == 0 ? def : level_of(l, &weighted);
}

/* The words of a level or priority (levels.h), or NULL for a name the table lacks. */
static const char *level_text(const rep *r, const char *name)
{
    const level_def *def = level_named(name);
    return def ? T(r->lang, def->title_da, def->title_en) : NULL;
}

/* A level's value or bound as people read it. */
static const char *level_value(const rep *r, const char *name, double v, char out[64])
{
    const level_def *def = level_named(name);
    if (isnan(v))
        return "";
    if (def && def->share)
        return pct(r, out, v, def->decimals);
    return num(r, out, v, def ? def->decimals : 3);
}

static const char *priority_text(const rep *r, const char *name)
{
    int p = priority_find(name);
    return p < 0 ? NULL : T(r->lang, priority_get(p)->title_da, priority_get(p)->title_en);
}

static void put_assumptions(FILE *f, const rep *r)
{
    const plan_meta *m = r->m;
    char a[64], b[64], c[64];
    fprintf(f, "<section id=\"assumptions\">\n<h2>%s</h2>\n<div class=\"facts\">\n<div>\n",
            T(r->lang, "Forudsætninger og beregning", "Assumptions and solution"));
    fprintf(f, "<h3>%s</h3>\n<p>", T(r->lang, "Scenarie", "Scenario"));
    html_text(f, m->name);
    if (m->title[0]) {
        fputs(": ", f);
        html_text(f, m->title);
    }
    fputs("</p>\n", f);
    if (m->n_priorities > 0) {
        fprintf(f, "<p>%s: ", T(r->lang, "Prioriteter i rækkefølge", "Priorities in order"));
        for (int k = 0; k < m->n_priorities; k++) {
            const char *t = priority_text(r, m->priorities[k]);
            fprintf(f, "%s%d. ", k ? ", " : "", k + 1);
            if (t)
                fputs(t, f);
            else
                html_text(f, m->priorities[k]);
            if (m->slacks && m->slacks[k] > 0)
                fprintf(f, " (%s %s)", T(r->lang, "slæk", "slack"), pct(r, a, m->slacks[k], 1));
        }
        fputs("</p>\n", f);
    }
    if (m->salary_per_fte > 0)
        fprintf(f, "<p>%s: %s %s</p>\n", T(r->lang, "Løn pr. årsværk", "Salary per FTE"),
                num(r, a, m->salary_per_fte, 0), T(r->lang, "kr.", "DKK"));
    fprintf(f, "<h3>%s</h3>\n", T(r->lang, "Fratrædende sagsbehandlere", "Caseworkers who leave"));
    int leavers = r->n_workers - r->n_staying;
    fprintf(f,
            T(r->lang, "<p>%s i alt, heraf %s navngivet i scenariet%s</p>\n",
              "<p>%s in all, %s of them named in the scenario%s</p>\n"),
            count(r, a, leavers), count(r, b, m->n_leaves), leavers ? ":" : ".");
    if (leavers) {
        fputs("<p class=\"ids\">", f);
        for (int w = 0, k = 0; w < r->n_workers; w++) {
            if (r->workers[w].dep >= 0)
                continue;
            fputs(k++ ? ", " : "", f);
            put_who(f, r, w);
        }
        fputs("</p>\n", f);
    }
    fputs("</div>\n<div>\n", f);
    fprintf(f,
            "<h3>%s</h3>\n<table class=\"caps\"><thead><tr><th>%s</th><th class=\"n\">%s</th>"
            "</tr></thead><tbody>\n",
            T(r->lang, "Loft over sagstal", "Caseload caps"), T(r->lang, "Afdeling", "Department"),
            T(r->lang, "point pr. årsværk", "points per FTE"));
    for (int dd = 0; dd < r->n_deps; dd++) {
        fputs("<tr><td>", f);
        html_text(f, dep_name(r, dd));
        fprintf(f, "</td><td class=\"n\">%s</td></tr>\n",
                num(r, a, m->departments[dd].cap_points, 1));
    }
    fputs("</tbody></table>\n</div>\n<div>\n", f);
    fprintf(f,
            "<h3>%s</h3>\n<table class=\"weights\"><thead><tr><th>%s</th><th class=\"n\">%s"
            "</th></tr></thead><tbody>\n",
            T(r->lang, "Sagstyngde", "Case weights"), T(r->lang, "Målgruppe", "Group"),
            T(r->lang, "point pr. sag", "points per case"));
    for (int k = 0; k < m->n_weights; k++) {
        fputs("<tr><td>", f);
        html_text(f, m->weights[k].name);
        fprintf(f, "</td><td class=\"n\">%s</td></tr>\n", num(r, a, m->weights[k].value, 2));
    }
    fputs("</tbody></table>\n</div>\n</div>\n", f);
    fprintf(
        f,
        "<h3>%s</h3>\n<div class=\"scroll\"><table class=\"levels\"><thead><tr><th>%s</th>"
        "<th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
        "</tr></thead><tbody>\n",
        T(r->lang, "Beregningen, prioritet for prioritet", "The solution, priority by priority"),
        T(r->lang, "Prioritet", "Priority"), T(r->lang, "Status", "Status"),
        T(r->lang, "Værdi", "Value"), T(r->lang, "Bevist grænse", "Proven bound"),
        T(r->lang, "Gab", "Gap"));
    for (int k = 0; k < m->n_levels; k++) {
        const plan_level_row *lv = &m->levels[k];
        const char *t = level_text(r, lv->name);
        bool opt = strcmp(lv->status, "optimal") == 0;
        bool left_out = strcmp(lv->status, "not_optimised") == 0;
        fprintf(f, "<tr data-level=\"");
        html_text(f, lv->name);
        fputs("\"><td>", f);
        if (t)
            fputs(t, f);
        else
            html_text(f, lv->name);
        fprintf(f,
                "</td><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                "<td class=\"n\">%s</td></tr>\n",
                opt        ? T(r->lang, "optimal", "optimal")
                : left_out ? T(r->lang, "ikke optimeret (ikke blandt prioriteterne)",
                               "not optimised (not among the priorities)")
                           : T(r->lang, "god, ikke bevist optimal", "feasible"),
                level_value(r, lv->name, lv->value, a), level_value(r, lv->name, lv->bound, b),
                isnan(lv->gap) ? "" : pct(r, c, lv->gap, 2));
    }
    fprintf(f, "</tbody></table></div>\n<p class=\"lead\">%s</p>\n</section>\n",
            T(r->lang,
              "Prioriteterne løses én ad gangen, i rækkefølge; hver holdes fast (inden for "
              "sit slæk, når scenariet giver et), mens den næste løses. Gab: hvor langt planen "
              "højst kan være fra den bedst mulige værdi "
              "(0&#160;% er bevist optimal).",
              "The priorities are solved one at a time, in order; each is held (within its "
              "slack, where the scenario gives one) while the next is solved. Gap: how far the "
              "plan can at most be from the best possible value "
              "(0% is proven optimal)."));
}

static void put_footer(FILE *f, const rep *r)
{
    const plan_meta *m = r->m;
    fprintf(f, "<footer>\n<p>%s</p>\n",
            T(r->lang, "Rapporten viser kun tal for grupper af sager: ingen borgers sags-id.",
              "The report shows figures for groups of cases only: no citizen's case id."));
    if (m->n_inputs > 0) {
        fprintf(f, "<p>%s omfordel %s:</p>\n<ul>\n", T(r->lang, "Beregnet af", "Computed by"),
                OMFORDEL_VERSION);
        for (int k = 0; k < m->n_inputs; k++) {
            fputs("<li>", f);
            html_text(f, m->inputs[k].role);
            fputs(": ", f);
            html_text(f, m->inputs[k].path);
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    }
    fputs("</footer>\n</main>\n</body>\n</html>\n", f);
}

static void render(FILE *f, const rep *r)
{
    put_head(f, r);
    put_kpis(f, r);
    put_summary(f, r);
    put_moves(f, r);
    put_caseload(f, r);
    put_flows(f, r);
    put_departments(f, r);
    put_wishes(f, r);
    put_handovers(f, r);
    put_assumptions(f, r);
    put_footer(f, r);
}

/* ---------------------------------------------------------------- the two sources */

/* v as plan.json holds it: at most 6 decimals. Both sources then give the same numbers. */
static double r6(double v)
{
    char buf[48];
    fmt_num(v, false, buf);
    return buf[0] ? strtod(buf, NULL) : NAN;
}

int report_html_plan(FILE *f, const om_scenario *s, const om_plan *p, const om_metrics *m,
                     const report_options *o, diags *d)
{
    int nd = s->n_departments, n_in = 4 + s->n_extends, rc = -1;
    plan_meta meta = {0};
    plan_named *weights = calloc((size_t)s->n_segments + 1, sizeof(plan_named));
    plan_level_row *levels = calloc(LEVEL_COUNT + 1, sizeof(plan_level_row));
    plan_price_row *prices = calloc((size_t)p->n_price + 1, sizeof(plan_price_row));
    plan_input *inputs = calloc((size_t)n_in + 1, sizeof(plan_input));
    plan_department *deps = calloc((size_t)nd + 1, sizeof(plan_department));
    plan_worker *workers = calloc((size_t)s->n_staff + 1, sizeof(plan_worker));
    plan_named *costs = calloc((size_t)s->n_segments + 1, sizeof(plan_named));
    plan_named *equal = calloc((size_t)s->n_segments + 1, sizeof(plan_named));
    const char *prios[PRIO_COUNT];
    double slacks[PRIO_COUNT];
    int n_levels = p->n_levels;
    rep r = {0};
    if (!weights || !levels || !prices || !inputs || !deps || !workers || !costs || !equal) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    bool optimal = true;
    for (int k = 0; k < p->n_levels; k++) {
        const plan_level *lv = &p->levels[k];
        optimal = optimal && lv->optimal;
        levels[k] = (plan_level_row){.name = level_of(lv->level, s)->name,
                                     .status = lv->optimal ? "optimal" : "feasible",
                                     .value = r6(lv->value),
                                     .bound = r6(lv->bound),
                                     .gap = r6(lv->gap),
                                     .slack = lv->slack};
    }
    for (int l = 0; l < LEVEL_COUNT; l++) /* as plan.json: the levels left out last */
        if (plan_left_out(p, (model_level)l))
            levels[n_levels++] = (plan_level_row){.name = level_of((model_level)l, s)->name,
                                                  .status = "not_optimised",
                                                  .value = r6(p->values[l]),
                                                  .bound = NAN,
                                                  .gap = NAN};
    for (int k = 0; k < p->n_price; k++) {
        const plan_price *pp = &p->price[k];
        prices[k] = (plan_price_row){.max_utilisation = r6(pp->ceiling),
                                     .moved = r6(pp->moved.value),
                                     .bound = r6(pp->moved.bound),
                                     .status = pp->moved.optimal ? "optimal" : "feasible"};
    }
    for (int g = 0; g < s->n_segments; g++) {
        weights[g] = (plan_named){s->segments[g].name, r6(s->segments[g].weight)};
        costs[g] = (plan_named){s->segments[g].name, r6(s->segments[g].move_cost)};
        equal[g] =
            (plan_named){s->segments[g].name, p->equal.by_segment ? r6(p->equal.by_segment[g]) : 0};
    }
    for (int k = 0; k < s->n_priorities; k++) {
        prios[k] = priority_get(s->priorities[k])->name;
        slacks[k] = s->slack[s->priorities[k]];
    }
    inputs[0] = (plan_input){"scenario", s->path};
    for (int k = 0; k < s->n_extends; k++)
        inputs[1 + k] = (plan_input){"extends", s->extends[k]};
    inputs[n_in - 3] = (plan_input){"departments", s->departments_path};
    inputs[n_in - 2] = (plan_input){"staff", s->staff_path};
    inputs[n_in - 1] = (plan_input){"cases", s->cases_path};
    for (int dd = 0; dd < nd; dd++) {
        const om_dep_stats *ds = &m->departments[dd];
        deps[dd] = (plan_department){.id = s->departments[dd].id,
                                     .name = s->departments[dd].name,
                                     .cap_points = r6(s->departments[dd].cap_points),
                                     .caseworkers = ds->caseworkers,
                                     .cases = ds->cases,
                                     .fte = r6(ds->fte),
                                     .points = r6(ds->points),
                                     .capacity = r6(ds->capacity),
                                     .utilisation = r6(ds->utilisation),
                                     .overload_points = r6(ds->overload_points),
                                     .fte_needed = r6(ds->fte_needed)};
    }
    for (int i = 0; i < s->n_staff; i++) {
        const om_staff *st = &s->staff[i];
        const om_cw_stats *w = &m->caseworkers[i];
        bool stays = w->department >= 0;
        workers[i] = (plan_worker){.id = st->id,
                                   .name = *st->name ? st->name : st->id,
                                   .unit = st->unit,
                                   .department = stays ? s->departments[w->department].id : "",
                                   .fte = r6(st->fte),
                                   .capacity = stays ? r6(w->capacity) : NAN,
                                   .points_before = r6(w->points_before),
                                   .points_after = r6(w->points_after),
                                   .utilisation = stays ? r6(w->utilisation) : NAN,
                                   .cases_before = w->cases_before,
                                   .cases_after = w->cases_after,
                                   .cases_in = w->cases_in,
                                   .cases_out = w->cases_out,
                                   .wish_rank = w->wish_rank,
                                   .share_out = stays && w->cases_before > 0
                                                    ? r6((double)w->cases_out / w->cases_before)
                                                    : NAN};
    }
    const om_kpis *k = &m->kpis;
    meta = (plan_meta){.name = s->name,
                       .title = s->title ? s->title : "",
                       .status = optimal ? "optimal" : "feasible",
                       .salary_per_fte = r6(s->salary_per_fte),
                       .weights = weights,
                       .n_weights = s->n_segments,
                       .leaves = (const char *const *)s->leaves,
                       .n_leaves = s->n_leaves,
                       .priorities = prios,
                       .slacks = slacks,
                       .n_priorities = s->n_priorities,
                       .levels = levels,
                       .n_levels = n_levels,
                       .prices = prices,
                       .n_prices = p->n_price,
                       .inputs = inputs,
                       .n_inputs = n_in,
                       .departments = deps,
                       .n_departments = nd,
                       .cases = k->cases,
                       .moved = k->moved,
                       .handover_pairs = k->handover_pairs,
                       .kept_share = r6(k->kept_share),
                       .max_utilisation = r6(k->max_utilisation),
                       .overload_points = r6(k->overload_points),
                       .fte_available = r6(k->fte_available),
                       .wishes_given = k->wishes_given,
                       .wish_first = k->wish_first,
                       .wish_second = k->wish_second,
                       .wish_later = k->wish_later,
                       .wish_none = k->wish_none,
                       .fte_needed = r6(k->fte_needed),
                       .weighted = scenario_weighted(s),
                       .move_costs = costs,
                       .n_move_costs = s->move_cost_given ? s->n_segments : 0,
                       .repeat_change_factor = r6(s->repeat_change_factor),
                       .max_cases_out = r6(s->max_cases_out),
                       .move_cost = r6(k->move_cost),
                       .households = k->households,
                       .hh_together = k->together,
                       .hh_split = k->split,
                       .hh_united = k->united,
                       .n_splits = m->n_splits,
                       .equal_moved = p->equal.solved ? r6(p->equal.moved) : NAN,
                       .equal_status = p->equal.solved ? p->equal.status : "",
                       .equal_by_segment = equal,
                       .n_equal_by_segment = p->equal.solved ? s->n_segments : 0};
    if (rep_init(&r, &meta, workers, s->n_staff, s->n_cases, o, NULL, d) < 0)
        goto out;
    for (int c = 0; c < s->n_cases; c++) {
        int from = s->cases[c].caseworker;
        rep_case(&r, from >= 0 ? r.pos[from] : -1, r.pos[p->assignment[c]], m->reason[c],
                 s->cases[c].segment);
    }
    rep_finish(&r);
    render(f, &r);
    rc = 0;
out:
    rep_free(&r);
    free(weights);
    free(levels);
    free(prices);
    free(inputs);
    free(deps);
    free(workers);
    free(costs);
    free(equal);
    return rc;
}

/* The index of the segment in m->weights, or -1. */
static int segment_index(const plan_meta *m, const char *name)
{
    for (int g = 0; g < m->n_weights; g++)
        if (strcmp(m->weights[g].name, name) == 0)
            return g;
    return -1;
}

int report_html_doc(FILE *f, const plan_doc *doc, const char *path, const report_options *o,
                    diags *d)
{
    const char *why = NULL;
    const plan_meta *meta = plan_doc_meta(doc, &why);
    int n = plan_doc_workers(doc), n_cases = plan_doc_cases(doc), rc = -1;
    rep r = {0};
    if (!meta) {
        diags_add(d, DIAG_INPUT, path, 0, 0, NULL,
                  "not a complete plan.json of omfordel: %s missing or malformed", why);
        goto out;
    }
    if (rep_init(&r, meta, plan_doc_worker(doc, 0), n, n_cases, o, path, d) < 0)
        goto out;
    const plan_worker *first = plan_doc_worker(doc, 0);
    for (int c = 0; c < n_cases; c++) {
        const plan_row *row = plan_doc_case(doc, c);
        const plan_worker *from = row->from[0] ? plan_doc_find_worker(doc, row->from) : NULL;
        const plan_worker *to = plan_doc_find_worker(doc, row->to);
        int reason = -1;
        for (int k = 0; k < N_REASONS; k++)
            if (strcmp(row->reason, metrics_reason_name((om_reason)k)) == 0)
                reason = k;
        if ((row->from[0] && !from) || !to || reason < 0 || r.workers[r.pos[to - first]].dep < 0) {
            diags_add(d, DIAG_INPUT, path, 0, 0, NULL,
                      "assignment %d names a caseworker or reason the plan does not hold", c + 1);
            goto out;
        }
        rep_case(&r, from ? r.pos[from - first] : -1, r.pos[to - first], reason,
                 segment_index(meta, row->segment));
    }
    rep_finish(&r);
    render(f, &r);
    rc = 0;
out:
    rep_free(&r);
    return rc;
}
