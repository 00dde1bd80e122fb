/* staffing_out.c - the staffing answers: one row per department written once as CSV,
 * once inside staffing.json; and the same for people on the terminal */
#include "staffing_out.h"

#include <math.h>
#include <string.h>

#include "outset.h"
#include "xlsx_out.h"

static const char *const cols[] = {
    "department", "cases", "demand_points", "cap_points", "fte_needed", "fte_placed",
    "fte_shortfall", "shortfall_cost", "utilisation", "peak_utilisation",
    "peak_utilisation_plus_one_fte",
    /* beyond the contract's columns (docs/staffing.md) */
    "overload_points", "overload_points_plus_one_fte", "department_peak_utilisation", "fte_to_hire", "fte_idle", "fte_qualification",
    "fte_cut", "fte_after_cut", "cases_after_cut", "points_after_cut", "utilisation_after_cut",
    "peak_utilisation_after_cut", "fte_to_add_for_target"};
#define N_COLS (int)(sizeof cols / sizeof *cols)
/* then "bounds": which of the row's figures a fallback gave (GLPK failing on the numbers
 * of their LP), each a bound on the LP's figure as docs/staffing.md says */
#define MAX_BOUNDS 12

/* Yearly cost of fte, or NAN when the scenario gives no salary. */
static double cost(const staffing_result *r, double fte)
{
    return r->salary_per_fte > 0 ? fte * r->salary_per_fte : NAN;
}

/* Department k's numbers in column order (the id aside). */
static void row(const staffing_result *r, int k, double *v)
{
    const staffing_dep *p = &r->departments[k];
    double c = r->has_cut ? 0 : NAN;
    double vals[N_COLS] = {
        0, p->cases, p->demand_points, p->cap_points, p->fte_needed, p->fte_placed,
        p->fte_shortfall, cost(r, p->fte_shortfall), p->utilisation, r->fluid_peak,
        p->peak_plus_one, r->fluid_overload, p->overload_plus_one, p->peak_utilisation,
        p->fte_to_hire, p->fte_idle,
        p->fte_qualification, c + p->cut_fte, c + p->cut_fte_after, c + p->cut_cases,
        c + p->cut_points, c + p->cut_utilisation, c + p->cut_peak,
        r->has_target ? p->target_fte : NAN};
    memcpy(v, vals, sizeof vals);
}

/* The names of department k's figures that a fallback gave, into names; how many. */
static int dep_bounds(const staffing_result *r, int k, const char *names[MAX_BOUNDS])
{
    const staffing_dep *p = &r->departments[k];
    int n = 0;
    if (p->need_bound) {
        static const char *const need[] = {"fte_needed",  "fte_shortfall", "shortfall_cost",
                                           "fte_to_hire", "fte_idle",      "fte_qualification"};
        for (size_t i = 0; i < sizeof need / sizeof *need; i++)
            names[n++] = need[i];
    }
    if (r->fluid_bound) {
        names[n++] = "peak_utilisation";
        names[n++] = "overload_points";
    }
    if (p->plus_one_bound) {
        names[n++] = "peak_utilisation_plus_one_fte";
        names[n++] = "overload_points_plus_one_fte";
    }
    if (r->has_target && r->target_bound)
        names[n++] = "fte_to_add_for_target";
    return n;
}

/* names as a JSON array, after key. */
static void json_names(FILE *f, const char *key, const char *const *names, int n)
{
    fprintf(f, ", \"%s\": [", key);
    for (int i = 0; i < n; i++) {
        fputs(i ? ", " : "", f);
        json_quote(f, names[i]);
    }
    fputc(']', f);
}

static bool any_need_bound(const staffing_result *r)
{
    for (int k = 0; k < r->n_departments; k++)
        if (r->departments[k].need_bound)
            return true;
    return false;
}

static void write_csv(FILE *f, const om_scenario *s, const staffing_result *r, const csv_style *st)
{
    const char *eol = st->decimal_comma ? "\r\n" : "\n";
    double v[N_COLS];
    if (st->decimal_comma)
        fputs("\xef\xbb\xbf", f);
    for (int c = 0; c < N_COLS; c++) {
        if (c)
            fputc(st->sep, f);
        csv_field(f, cols[c], st);
    }
    fputc(st->sep, f);
    csv_field(f, "bounds", st);
    fputs(eol, f);
    for (int k = 0; k < r->n_departments; k++) {
        const char *names[MAX_BOUNDS];
        char joined[MAX_BOUNDS * 32] = ""; /* a list the way the inputs write one */
        size_t used = 0;
        int n = dep_bounds(r, k, names);
        for (int i = 0; i < n && used < sizeof joined; i++)
            used += (size_t)snprintf(joined + used, sizeof joined - used, "%s%s", i ? "|" : "",
                                     names[i]);
        row(r, k, v);
        csv_field(f, s->departments[k].id, st);
        for (int c = 1; c < N_COLS; c++) {
            fputc(st->sep, f);
            csv_num(f, v[c], st);
        }
        fputc(st->sep, f);
        csv_field(f, joined, st);
        fputs(eol, f);
    }
}

static void key_num(FILE *f, const char *key, double v, bool comma)
{
    fprintf(f, "%s\"%s\": ", comma ? ", " : "", key);
    json_num(f, v);
}

static void write_json(FILE *f, const om_scenario *s, const staffing_result *r)
{
    double v[N_COLS];
    fputs("{\n  \"scenario\": ", f);
    json_quote(f, s->name);
    key_num(f, "salary_per_fte", r->salary_per_fte > 0 ? r->salary_per_fte : NAN, true);
    fputs(",\n  \"method\": \"department-level LP over the plan's placement; see docs/staffing.md\"",
          f);
    fputs(",\n  \"plan\": {", f);
    key_num(f, "peak_utilisation", r->plan_peak, false);
    key_num(f, "overload_points", r->plan_overload, true);
    fprintf(f, ", \"status\": \"%s\"", r->plan_optimal ? "optimal" : "feasible");
    fputs("},\n  \"fluid\": {", f);
    key_num(f, "peak_utilisation", r->fluid_peak, false);
    key_num(f, "overload_points", r->fluid_overload, true);
    fputs(", \"helps_most\": ", f);
    if (r->helps_most >= 0)
        json_quote(f, s->departments[r->helps_most].id);
    else
        fputs("null", f);
    static const char *const fluid_bounds[] = {"peak_utilisation", "overload_points"};
    json_names(f, "bounds", fluid_bounds, r->fluid_bound ? 2 : 0);
    fputs("},\n  \"totals\": {", f);
    key_num(f, "cases", r->cases, false);
    key_num(f, "demand_points", r->demand_points, true);
    key_num(f, "fte_needed", r->fte_needed, true);
    key_num(f, "fte_placed", r->fte_placed, true);
    key_num(f, "fte_shortfall", r->fte_shortfall, true);
    key_num(f, "shortfall_cost", cost(r, r->fte_shortfall), true);
    key_num(f, "fte_to_hire", r->fte_to_hire, true);
    key_num(f, "hire_cost", cost(r, r->fte_to_hire), true);
    key_num(f, "fte_idle", r->fte_idle, true);
    key_num(f, "fte_qualification", r->fte_qualification, true);
    static const char *const total_bounds[] = {
        "fte_needed", "fte_shortfall", "shortfall_cost",   "fte_to_hire",
        "hire_cost",  "fte_idle",      "fte_qualification"};
    json_names(f, "bounds", total_bounds,
               any_need_bound(r) ? (int)(sizeof total_bounds / sizeof *total_bounds) : 0);
    fputs("},\n  \"cut\": ", f);
    if (r->has_cut) {
        fputc('{', f);
        key_num(f, "fte", r->cut, false);
        key_num(f, "fluid_peak_utilisation", r->cut_fluid_peak, true);
        key_num(f, "peak_utilisation", r->cut_peak, true);
        key_num(f, "overload_points", r->cut_overload, true);
        fprintf(f, ", \"status\": \"%s\", \"spread\": \"%s\"",
                r->cut_optimal ? "optimal" : "feasible", r->cut_greedy ? "greedy" : "lowest");
        static const char *const cut_bounds[] = {"fluid_peak_utilisation"};
        json_names(f, "bounds", cut_bounds, r->cut_greedy ? 1 : 0);
        fputc('}', f);
    } else {
        fputs("null", f);
    }
    fputs(",\n  \"target\": ", f);
    if (r->has_target) {
        fputc('{', f);
        key_num(f, "utilisation", r->target, false);
        key_num(f, "fte_to_add", r->target_fte, true);
        key_num(f, "cost", cost(r, r->target_fte), true);
        static const char *const target_bounds[] = {"fte_to_add", "cost"};
        json_names(f, "bounds", target_bounds, r->target_bound ? 2 : 0);
        fputc('}', f);
    } else {
        fputs("null", f);
    }
    fputs(",\n  \"departments\": [", f);
    for (int k = 0; k < r->n_departments; k++) {
        row(r, k, v);
        fputs(k ? ",\n    {\"department\": " : "\n    {\"department\": ", f);
        json_quote(f, s->departments[k].id);
        for (int c = 1; c < N_COLS; c++)
            key_num(f, cols[c], v[c], true);
        const char *names[MAX_BOUNDS];
        json_names(f, "bounds", names, dep_bounds(r, k, names));
        fputc('}', f);
    }
    fputs(r->n_departments ? "\n  ]\n}\n" : "]\n}\n", f);
}

typedef struct {
    const om_scenario *s;
    const staffing_result *r;
} csv_args;

static void write_csv_of(FILE *f, const void *ctx, const csv_style *st)
{
    const csv_args *a = ctx;
    write_csv(f, a->s, a->r, st);
}

int staffing_write(const char *dir, const om_scenario *s, const staffing_result *r,
                   const csv_style *st, const char *sheet, diags *d)
{
    outset *set = outset_create(dir, d);
    FILE *csv = set ? outset_open(set, "staffing.csv", d) : NULL;
    FILE *json = csv ? outset_open(set, "staffing.json", d) : NULL;
    if (!json) {
        outset_abort(&set);
        return -1;
    }
    write_csv(csv, s, r, st);
    write_json(json, s, r);
    FILE *xlsx = sheet ? outset_open(set, "staffing.xlsx", d) : NULL;
    if (sheet && (!xlsx || xlsx_out_table(xlsx, sheet, write_csv_of, &(csv_args){s, r}, d) < 0)) {
        outset_abort(&set);
        return -1;
    }
    return outset_commit(&set, d);
}

/* v as a percentage with one decimal. */
static void pct(double v, char out[32])
{
    if (isnan(v))
        snprintf(out, 32, "-");
    else
        snprintf(out, 32, "%.1f %%", 100 * v);
}

/* Kroner with thousands separated by commas, or "-" when NAN. */
static void kroner(double v, char out[48])
{
    if (isnan(v)) {
        snprintf(out, 48, "-");
        return;
    }
    char digits[40];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t n = strlen(digits), o = 0;
    if (v <= -0.5)
        out[o++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

/* x and y with as many decimals (one at least) as it takes to tell them apart, then
 * suffix. */
static void apart(double x, double y, const char *suffix, char a[48], char b[48])
{
    for (int dec = 1; dec <= 12; dec++) {
        snprintf(a, 48, "%.*f%s", dec, x, suffix);
        snprintf(b, 48, "%.*f%s", dec, y, suffix);
        if (strcmp(a, b) != 0)
            break;
    }
}

static void print_effect(FILE *f, const om_scenario *s, const staffing_result *r, int k)
{
    const staffing_dep *p = &r->departments[k];
    char a[48], b[48];
    if (p->plus_one_bound) {
        pct(r->fluid_peak, a);
        fprintf(f,
                "  one more FTE in %s: not computed (GLPK failed on the numbers of its LP); "
                "the peak stays at most %s.\n",
                s->departments[k].name, a);
        return;
    }
    fprintf(f, "  one more FTE in %s ", s->departments[k].name);
    if (p->lowers_peak) {
        apart(100 * r->fluid_peak, 100 * p->peak_plus_one, " %", a, b);
        fprintf(f, "lowers the peak utilisation from %s to %s", a, b);
    } else {
        pct(r->fluid_peak, a);
        fprintf(f, "leaves the peak utilisation at %s", a);
    }
    if (p->lowers_overload) {
        apart(r->fluid_overload, p->overload_plus_one, "", a, b);
        fprintf(f, " and the points above caps from %s to %s", a, b);
    } else if (r->fluid_overload > 0) {
        fprintf(f, " and the points above caps at %.1f", r->fluid_overload);
    }
    fputs(".\n", f);
}

/* The segments department k serves that some caseworker the plan places there may not
 * take, as "a, b and c". */
static void print_restricted(FILE *f, const om_scenario *s, const staffing_result *r, int k)
{
    const om_department *dp = &s->departments[k];
    int n = 0, total = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < dp->n_segments; i++) {
            int g = dp->segments[i];
            bool some_not = false;
            for (int j = 0; j < s->n_staff && !some_not; j++)
                some_not = r->plan->placement[j] == k && !scenario_qualified(s, j, g);
            if (!some_not)
                continue;
            if (pass == 0) {
                total++;
                continue;
            }
            n++;
            fprintf(f, "%s%s", n == 1 ? "" : n == total ? " and " : ", ", s->segments[g].name);
        }
    }
}

/* Characters text takes on a terminal: UTF-8 continuation bytes take none. */
static int width_of(const char *text)
{
    int n = 0;
    for (; *text; text++)
        n += ((unsigned char)*text & 0xC0) != 0x80;
    return n;
}

/* text left-aligned in a column of width characters (wider text widens it). */
static void put_col(FILE *f, const char *text, int width)
{
    fprintf(f, "%s%*s", text, width > width_of(text) ? width - width_of(text) : 0, "");
}

void staffing_print(FILE *f, const om_scenario *s, const staffing_result *r)
{
    char a[48], b[32], c[32];
    int w = 16; /* the department column: its longest name */
    for (int k = 0; k < r->n_departments; k++)
        w = width_of(s->departments[k].name) > w ? width_of(s->departments[k].name) : w;
    fprintf(f, "staffing: %s\n\n", s->name);
    put_col(f, "department", w);
    fprintf(f, " %7s %10s %6s %8s %8s %9s %14s %8s %8s\n", "cases", "points", "cap", "needed",
            "placed", "short", "cost/year", "util", "peak");
    for (int k = 0; k < r->n_departments; k++) {
        const staffing_dep *p = &r->departments[k];
        kroner(cost(r, p->fte_shortfall), a);
        pct(p->utilisation, b);
        pct(p->peak_utilisation, c);
        put_col(f, s->departments[k].name, w);
        fprintf(f, " %7d %10.1f %6g %8.2f %8.2f %+9.2f %14s %8s %8s%s\n", p->cases,
                p->demand_points, p->cap_points, p->fte_needed, p->fte_placed, p->fte_shortfall, a,
                b, c, p->need_bound ? " *" : "");
    }
    kroner(cost(r, r->fte_shortfall), a);
    put_col(f, "total", w);
    fprintf(f, " %7d %10.1f %6s %8.2f %8.2f %+9.2f %14s\n", r->cases, r->demand_points, "",
            r->fte_needed, r->fte_placed, r->fte_shortfall, a);
    for (int k = 0; k < r->n_departments; k++) {
        if (r->departments[k].need_bound) {
            fputs("* GLPK failed on the numbers of that department's LP: its FTE figures are "
                  "those of the plan's own loads (each caseworker up to the cap, new FTE for "
                  "the rest), the FTE to hire at most these.\n",
                  f);
            break;
        }
    }
    fputc('\n', f);

    kroner(cost(r, r->fte_to_hire), a);
    fprintf(f, "To hold every cap with the staff where the plan places them: %.2f FTE needed, "
               "%.2f placed;\n",
            r->fte_needed, r->fte_placed);
    if (r->fte_to_hire > 5e-7)
        fprintf(f, "hire %.2f FTE (%s kr a year) for the departments short of staff",
                r->fte_to_hire, a);
    else
        fputs("no department is short of staff", f);
    if (r->fte_idle > 5e-7)
        fprintf(f, ", while %.2f FTE placed are not needed at the cap", r->fte_idle);
    fputs(".\n", f);
    for (int k = 0; k < r->n_departments; k++) {
        const staffing_dep *p = &r->departments[k];
        if (p->fte_qualification > 5e-7) {
            kroner(cost(r, p->fte_qualification), a);
            fprintf(f, "In %s, %.2f of the FTE to hire (%s kr a year) are there only because "
                       "not everyone there may take ",
                    s->departments[k].name, p->fte_qualification, a);
            print_restricted(f, s, r, k);
            fputs(".\n", f);
        }
    }
    pct(r->plan_peak, b);
    pct(r->fluid_peak, c);
    if (r->fluid_bound)
        fprintf(f,
                "\nThe plan's peak utilisation is %s (%.1f points above caps); with cases "
                "divisible, at most that (GLPK failed on the numbers of the fluid LP).\n",
                b, r->plan_overload);
    else
        fprintf(f,
                "\nThe plan's peak utilisation is %s (%.1f points above caps); with cases "
                "divisible, %s (%.1f points).\n",
                b, r->plan_overload, c, r->fluid_overload);
    for (int k = 0; k < r->n_departments; k++)
        print_effect(f, s, r, k);
    bool unknown = false;
    for (int k = 0; k < r->n_departments; k++)
        unknown = unknown || r->departments[k].plus_one_bound;
    if (r->helps_most >= 0)
        fprintf(f, "One more FTE helps most in %s%s.\n", s->departments[r->helps_most].name,
                unknown ? " of those computed" : "");
    else if (unknown)
        fputs("Where one more FTE helps most is not known.\n", f);
    else
        fputs("One more FTE lowers neither the peak nor the points above caps anywhere.\n", f);
    if (r->has_target) {
        kroner(cost(r, r->target_fte), a);
        pct(r->target, b);
        fprintf(f, "\nTo bring every caseworker to at most %s: add %s%.2f FTE (%s kr a year)", b,
                r->target_bound ? "at most " : "", r->target_fte, a);
        const char *sep = ": ";
        for (int k = 0; k < r->n_departments; k++) {
            if (r->departments[k].target_fte > 5e-7) {
                fprintf(f, "%s%.2f in %s", sep, r->departments[k].target_fte,
                        s->departments[k].name);
                sep = ", ";
            }
        }
        fputs(".\n", f);
        if (r->target_bound)
            fputs("(From the plan's own loads: GLPK failed on the numbers of the target's LP.)\n",
                  f);
    }
    if (r->has_cut) {
        pct(r->cut_peak, b);
        pct(r->cut_fluid_peak, c);
        fprintf(f, "\nCutting %g FTE: ", r->cut);
        const char *sep = "";
        for (int k = 0; k < r->n_departments; k++) {
            if (r->departments[k].cut_fte > 0) {
                fprintf(f, "%s%g in %s", sep, r->departments[k].cut_fte, s->departments[k].name);
                sep = ", ";
            }
        }
        if (r->cut_greedy)
            fprintf(f,
                    "%s (a greedy spread: GLPK failed on the numbers of the cut's MIP, so "
                    "it is not proven to keep the peak lowest): %s in the plan after the "
                    "cut (at most %s with cases divisible), %.1f points above caps.\n",
                    *sep ? "" : "nothing", b, c, r->cut_overload);
        else
            fprintf(f,
                    "%s keeps the peak utilisation lowest: %s in the plan after the cut "
                    "(%s with cases divisible), %.1f points above caps.\n",
                    *sep ? "" : "nothing", b, c, r->cut_overload);
        put_col(f, "after the cut", w);
        fprintf(f, " %8s %8s %7s %10s %10s %8s %8s\n", "cut", "fte", "cases", "points", "cases/FTE",
                "util", "peak");
        for (int k = 0; k < r->n_departments; k++) {
            const staffing_dep *p = &r->departments[k];
            pct(p->cut_utilisation, b);
            pct(p->cut_peak, c);
            char per[32] = "-";
            if (p->cut_fte_after > 5e-7)
                snprintf(per, sizeof per, "%.1f", p->cut_cases / p->cut_fte_after);
            put_col(f, s->departments[k].name, w);
            fprintf(f, " %8g %8.2f %7d %10.1f %10s %8s %8s\n", p->cut_fte, p->cut_fte_after,
                    p->cut_cases, p->cut_points, per, b, c);
        }
    }
}
