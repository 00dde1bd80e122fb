/* staffing.c - department-level LPs over the plan's placement: FTE needed, one more FTE,
 * the best spread of a cut, the FTE a target utilisation takes (docs/staffing.md) */
#include "staffing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lp.h"
#include "metrics.h"
#include "solver.h"

#define LP_TIME 60.0 /* seconds for one staffing LP; they take milliseconds */
#define U_MAX 1e6    /* bound on 1/peak in the cut model */

/* What the LPs read: the scenario, the plan's placement, demand and pins. */
typedef struct {
    const om_scenario *s;
    const int *placement; /* per staff member: department, -1 when leaving */
    double *demand;       /* per segment: points of all cases */
    double *pin;          /* per staff member x segment: pinned points */
    double *fte;          /* per department: FTE placed there */
    double *plan_load;    /* per department: points the plan placed there */
} fluid;

typedef enum { FL_PEAK, FL_OVERLOAD, FL_TARGET, FL_CUT } fl_kind;

/* A built LP and the columns worth reading back. */
typedef struct {
    lp *m;
    int var;      /* P (peak) or u = 1/peak (cut); -1 otherwise */
    int *dep_col; /* per department: FTE added (target) or taken (cut); -1 otherwise */
    int *dload;   /* target: per department, the row of its load less the plan's */
    int *dev;     /* target: per department, the columns above (dev) and below (dev + 1) */
} fl_lp;

static void fl_free(fl_lp *f)
{
    lp_destroy(&f->m);
    free(f->dep_col);
    free(f->dload);
    free(f->dev);
    f->dep_col = f->dload = f->dev = NULL;
}

/* v rid of the solver's noise below 1e-9, so that exact figures print exactly. */
static double snap(double v) { return round(v * 1e9) / 1e9; }

/* Solve m; 0 with x and *obj, 1 when infeasible, -1 with the reason in d. */
static int solve(const lp *m, bool mip, double *x, double *obj, diags *d)
{
    solver_params p = {.time_limit = LP_TIME, .gap = 0, .relax = !mip};
    solver_result r;
    if (solver_solve(m, &p, x, &r) < 0) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "staffing: %s", r.message);
        return -1;
    }
    if (r.status == SOLVER_INFEASIBLE)
        return 1;
    if (r.status != SOLVER_OPTIMAL) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "staffing: no optimal LP solution in time");
        return -1;
    }
    *obj = snap(r.objective);
    return 0;
}

/* Whether caseworker j (or a new hire when j < 0) may carry segment g in department k. */
static bool carries(const fluid *f, int j, int k, int g)
{
    return f->demand[g] > 0 && scenario_serves(f->s, k, g) &&
           (j < 0 || scenario_qualified(f->s, j, g));
}

/* One carrier's load row(s) and flows. cap is its capacity in points (0 for a
 * variable hire, whose column is hire). Returns 0 or -1. */
static int add_carrier(const fluid *f, fl_kind kind, double level, fl_lp *o, const int *dem,
                       int j, int k, double cap, int hire)
{
    lp *m = o->m;
    int row = lp_add_row(m, -LP_INF, 0), over = -1, oc = -1;
    if (row < 0)
        return -1;
    switch (kind) {
    case FL_PEAK:
        if (lp_add_coef(m, row, o->var, -cap) < 0)
            return -1;
        break;
    case FL_OVERLOAD:
        lp_set_row_bounds(m, row, -LP_INF, cap * level);
        over = lp_add_row(m, -LP_INF, cap);
        oc = lp_add_col(m, 0, LP_INF, 1, false);
        if (over < 0 || oc < 0 || lp_add_coef(m, over, oc, -1) < 0)
            return -1;
        break;
    case FL_TARGET:
        if (hire >= 0 && lp_add_coef(m, row, hire, -cap * level) < 0)
            return -1;
        if (hire < 0)
            lp_set_row_bounds(m, row, -LP_INF, cap * level);
        break;
    case FL_CUT:
        lp_set_row_bounds(m, row, -LP_INF, cap);
        if (lp_add_coef(m, row, o->dep_col[k], cap / f->fte[k]) < 0)
            return -1;
        if (level > 0) { /* u held at level: x/P - o/P <= cap after the cut, o/P priced */
            over = lp_add_row(m, -LP_INF, cap * level);
            oc = lp_add_col(m, 0, LP_INF, 1, false);
            if (over < 0 || oc < 0 || lp_add_coef(m, over, oc, -1) < 0 ||
                lp_add_coef(m, over, o->dep_col[k], level * cap / f->fte[k]) < 0)
                return -1;
        }
        break;
    }
    for (int g = 0; g < f->s->n_segments; g++) {
        if (!carries(f, j, k, g))
            continue;
        double pin = j >= 0 ? f->pin[(size_t)j * f->s->n_segments + g] : 0;
        int x = lp_add_col(m, kind == FL_CUT ? 0 : pin, LP_INF, 0, false);
        if (x < 0 || lp_add_coef(m, dem[g], x, 1) < 0 || lp_add_coef(m, row, x, 1) < 0)
            return -1;
        if (kind == FL_TARGET && lp_add_coef(m, o->dload[k], x, 1) < 0)
            return -1;
        if (over >= 0 && lp_add_coef(m, over, x, 1) < 0)
            return -1;
        if (kind == FL_CUT && pin > 0) { /* x / P >= pin / P */
            int r = lp_add_row(m, 0, LP_INF);
            if (r < 0 || lp_add_coef(m, r, x, 1) < 0 || lp_add_coef(m, r, o->var, -pin) < 0)
                return -1;
        }
    }
    return 0;
}

/* Build the fluid LP of kind: level is the peak to hold (overload), the target
 * utilisation, or (cut) 0 for the highest u = 1/peak, else u held at level and the
 * points above caps, divided by the peak, minimised; extra the FTE added per department (or NULL); n_cut the FTE taken.
 * Returns 0 or -1 (out of memory). */
static int fl_build(const fluid *f, fl_kind kind, double level, const double *extra, double n_cut,
                    fl_lp *o)
{
    const om_scenario *s = f->s;
    int nd = s->n_departments, ng = s->n_segments;
    int *dem = malloc(((size_t)ng + 1) * sizeof *dem);
    o->m = lp_create();
    o->var = -1;
    o->dep_col = malloc(((size_t)nd + 1) * sizeof *o->dep_col);
    o->dload = malloc(((size_t)nd + 1) * sizeof *o->dload);
    o->dev = malloc(((size_t)nd + 1) * sizeof *o->dev);
    int rc = -1;
    if (!dem || !o->m || !o->dep_col || !o->dload || !o->dev)
        goto out;
    if (kind == FL_PEAK)
        o->var = lp_add_col(o->m, 0, LP_INF, 1, false);
    if (kind == FL_CUT) /* level > 0: u held there, the overload is what is left to price */
        o->var = lp_add_col(o->m, level * (1 - 1e-9), U_MAX, level > 0 ? 0 : -1, false);
    for (int g = 0; g < ng; g++) {
        double w = kind == FL_CUT ? 0 : f->demand[g];
        dem[g] = f->demand[g] > 0 ? lp_add_row(o->m, w, w) : -1;
        if (kind == FL_CUT && dem[g] >= 0 && lp_add_coef(o->m, dem[g], o->var, -f->demand[g]) < 0)
            goto out;
    }
    int total = kind == FL_CUT ? lp_add_row(o->m, n_cut, n_cut) : -1;
    for (int k = 0; k < nd; k++) {
        o->dep_col[k] = -1;
        if (kind == FL_TARGET) { /* load - above + below = the plan's load */
            o->dep_col[k] = lp_add_col(o->m, 0, LP_INF, 1, false);
            o->dload[k] = lp_add_row(o->m, f->plan_load[k], f->plan_load[k]);
            o->dev[k] = lp_add_col(o->m, 0, LP_INF, 0, false);
            if (lp_add_col(o->m, 0, LP_INF, 0, false) < 0 ||
                lp_add_coef(o->m, o->dload[k], o->dev[k], -1) < 0 ||
                lp_add_coef(o->m, o->dload[k], o->dev[k] + 1, 1) < 0)
                goto out;
        }
        if (kind == FL_CUT) {
            o->dep_col[k] = lp_add_col(o->m, 0, floor(f->fte[k] + 1e-9), 0, true);
            if (lp_add_coef(o->m, total, o->dep_col[k], 1) < 0)
                goto out;
        }
    }
    for (int j = 0; j < s->n_staff; j++) {
        int k = f->placement[j];
        if (k >= 0 && add_carrier(f, kind, level, o, dem, j, k,
                                  scenario_capacity(s, j, k), -1) < 0)
            goto out;
    }
    for (int k = 0; k < nd; k++) {
        double cap = s->departments[k].cap_points;
        if (kind == FL_TARGET && add_carrier(f, kind, level, o, dem, -1, k, cap, o->dep_col[k]) < 0)
            goto out;
        if (kind != FL_TARGET && kind != FL_CUT && extra && extra[k] > 0 &&
            add_carrier(f, kind, level, o, dem, -1, k, cap * extra[k], -1) < 0)
            goto out;
    }
    rc = 0;
out:
    free(dem);
    return rc;
}

/* fl_build into o (freed first), and x (freed first) made new for its solution.
 * Returns 0, or -1 with the reason in d. */
static int fl_make(const fluid *f, fl_kind kind, double level, const double *extra, double n_cut,
                   fl_lp *o, double **x, diags *d)
{
    fl_free(o);
    free(*x);
    *x = NULL;
    if (fl_build(f, kind, level, extra, n_cut, o) == 0 &&
        (*x = malloc(((size_t)lp_cols(o->m) + 1) * sizeof **x)))
        return 0;
    diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
    return -1;
}

/* The fluid peak utilisation and the points above caps at that peak, with extra FTE
 * added per department (or none). Returns 0, or -1 with the reason in d. */
static int fluid_caps(const fluid *f, const double *extra, double *peak, double *over, diags *d)
{
    fl_lp o = {0};
    double *x = NULL;
    int rc = -1;
    for (int stage = 0; stage < 2; stage++) {
        /* the overload a hair above the peak: the LP's tolerance must not make it infeasible */
        double level = stage ? *peak * (1 + 1e-9) + 1e-12 : 0;
        if ((rc = fl_make(f, stage ? FL_OVERLOAD : FL_PEAK, level, extra, 0, &o, &x, d)) < 0)
            goto out;
        if ((rc = solve(o.m, false, x, stage ? over : peak, d)) != 0)
            break;
    }
    if (rc > 0) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "staffing: the fluid LP has no solution");
        rc = -1;
    }
out:
    fl_free(&o);
    free(x);
    return rc;
}

/* FTE needed per department for the demand the plan placed there (pts, department x
 * segment): hire[k] the fewest new full-time FTE, then kept[k] the fewest FTE of the
 * staff there, with every caseworker qualified for all when any_qual. Returns 0 or -1. */
static int need_lp(const fluid *f, const double *pts, bool any_qual, double *hire, double *kept,
                   diags *d)
{
    const om_scenario *s = f->s;
    int nd = s->n_departments, ng = s->n_segments;
    lp *m = lp_create();
    int *hcol = malloc(((size_t)nd + 1) * sizeof *hcol);
    int *tcol = malloc(((size_t)s->n_staff + 1) * sizeof *tcol);
    int *dem = malloc(((size_t)nd * ng + 1) * sizeof *dem);
    double *x = NULL, obj;
    int rc = -1;
    if (!m || !hcol || !tcol || !dem)
        goto oom;
    for (int k = 0; k < nd; k++) {
        for (int g = 0; g < ng; g++) {
            double w = pts[(size_t)k * ng + g];
            dem[k * ng + g] = w > 0 ? lp_add_row(m, w, w) : -1;
        }
    }
    for (int j = -nd; j < s->n_staff; j++) { /* j < 0: the hires of department j + nd */
        int k = j < 0 ? j + nd : f->placement[j];
        if (k < 0)
            continue;
        double cap = s->departments[k].cap_points * (j < 0 ? 1 : s->staff[j].cap_factor);
        int t = j < 0 ? lp_add_col(m, 0, LP_INF, 1, false)
                      : lp_add_col(m, 0, s->staff[j].fte, 0, false);
        int row = lp_add_row(m, -LP_INF, 0);
        if (t < 0 || row < 0 || lp_add_coef(m, row, t, -cap) < 0)
            goto oom;
        if (j < 0)
            hcol[k] = t;
        else
            tcol[j] = t;
        for (int g = 0; g < ng; g++) {
            if (dem[k * ng + g] < 0 || (j >= 0 && !any_qual && !scenario_qualified(s, j, g)))
                continue;
            int c = lp_add_col(m, 0, LP_INF, 0, false);
            if (c < 0 || lp_add_coef(m, row, c, 1) < 0 || lp_add_coef(m, dem[k * ng + g], c, 1) < 0)
                goto oom;
        }
    }
    if (!(x = malloc(((size_t)lp_cols(m) + 1) * sizeof *x)))
        goto oom;
    if ((rc = solve(m, false, x, &obj, d)) != 0)
        goto fail;
    /* second stage: each department's hires held at their least (the departments are
     * independent), the fewest FTE of the staff there */
    for (int k = 0; k < nd; k++) {
        hire[k] = snap(x[hcol[k]]);
        kept[k] = 0;
        lp_set_cost(m, hcol[k], 0);
        lp_set_col_bounds(m, hcol[k], hire[k], hire[k]);
    }
    for (int j = 0; j < s->n_staff; j++)
        if (f->placement[j] >= 0)
            lp_set_cost(m, tcol[j], 1);
    if ((rc = solve(m, false, x, &obj, d)) != 0)
        goto fail;
    for (int j = 0; j < s->n_staff; j++)
        if (f->placement[j] >= 0)
            kept[f->placement[j]] += x[tcol[j]];
    for (int k = 0; k < nd; k++)
        kept[k] = snap(kept[k]);
    goto out;
oom:
    diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
fail:
    if (rc > 0) /* hires can carry any demand: cannot happen, but say so */
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "staffing: the FTE-needed LP is infeasible");
    rc = -1;
out:
    lp_destroy(&m);
    free(hcol);
    free(tcol);
    free(dem);
    free(x);
    return rc;
}

/* The fewest FTE (fluid) per department that bring everyone to at most u. Returns 0,
 * 1 when pinned cases alone break u, or -1. */
static int target_lp(const fluid *f, double u, double *add, diags *d)
{
    fl_lp o = {0};
    double *x = NULL, obj;
    int rc = -1;
    if (fl_make(f, FL_TARGET, u, NULL, 0, &o, &x, d) < 0)
        goto out;
    if ((rc = solve(o.m, false, x, &obj, d)) != 0)
        goto out;
    /* second stage: as few FTE, the load of each department as near the plan's as can be
     * (a segment two departments serve is otherwise split at random) */
    int held = lp_add_row(o.m, -LP_INF, obj + 1e-9 * fmax(1, obj));
    if (held < 0)
        goto oom;
    for (int k = 0; k < f->s->n_departments; k++) {
        lp_set_cost(o.m, o.dep_col[k], 0);
        lp_set_cost(o.m, o.dev[k], 1);
        lp_set_cost(o.m, o.dev[k] + 1, 1);
        if (lp_add_coef(o.m, held, o.dep_col[k], 1) < 0)
            goto oom;
    }
    if ((rc = solve(o.m, false, x, &obj, d)) == 0)
        for (int k = 0; k < f->s->n_departments; k++)
            add[k] = snap(x[o.dep_col[k]]);
    goto out;
oom:
    diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
    rc = -1;
out:
    fl_free(&o);
    free(x);
    return rc;
}

/* One stage of the cut: *u 0 to find the highest u = 1/peak (returned in *u), else the
 * least overload with u held there. Returns 0 with cut[], 1 when no spread leaves every
 * case a caseworker, or -1. */
static int cut_stage(const fluid *f, double n, double *u, double *cut, diags *d)
{
    fl_lp o = {0};
    double *x = NULL, obj;
    int rc = -1;
    if (fl_make(f, FL_CUT, *u, NULL, n, &o, &x, d) < 0)
        goto out;
    rc = solve(o.m, true, x, &obj, d);
    if (rc == 0 && x[o.var] < 1e-9)
        rc = 1;
    if (rc == 0) {
        if (*u <= 0)
            *u = x[o.var];
        for (int k = 0; k < f->s->n_departments; k++)
            cut[k] = (double)lround(x[o.dep_col[k]]);
    }
out:
    fl_free(&o);
    free(x);
    return rc;
}

/* The spread of n whole FTE over the departments that keeps the fluid peak lowest and,
 * among those, the points above caps least. Returns 0 with cut[] and *peak, 1 when no
 * spread leaves every case a caseworker, or -1. */
static int cut_mip(const fluid *f, double n, double *cut, double *peak, diags *d)
{
    double u = 0;
    for (int stage = 0; stage < 2; stage++) {
        int rc = cut_stage(f, n, &u, cut, d);
        if (rc != 0)
            return rc;
        if (stage == 0)
            *peak = u >= U_MAX * (1 - 1e-9) ? 0 : snap(1 / u);
    }
    return 0;
}
om_scenario *staffing_cut_scenario(const om_scenario *s, const int *placement, const double *cut)
{
    int nd = s->n_departments;
    om_scenario *c = malloc(sizeof *c);
    double *fte = calloc((size_t)nd + 1, sizeof *fte);
    om_staff *staff = malloc(((size_t)s->n_staff + 1) * sizeof *staff);
    if (!c || !fte || !staff) {
        free(c);
        free(fte);
        free(staff);
        return NULL;
    }
    *c = *s; /* shares every other table with s */
    memcpy(staff, s->staff, (size_t)s->n_staff * sizeof *staff);
    for (int j = 0; j < s->n_staff; j++)
        if (placement[j] >= 0)
            fte[placement[j]] += s->staff[j].fte;
    for (int j = 0; j < s->n_staff; j++) {
        int k = placement[j];
        if (k < 0)
            continue;
        staff[j].department = k;
        double keep = 1 - cut[k] / fte[k];
        if (keep <= 1e-9)
            staff[j].leaves = true;
        else
            staff[j].fte = s->staff[j].fte * keep;
    }
    c->staff = staff;
    free(fte);
    return c;
}

void staffing_scenario_free(om_scenario **s)
{
    if (!s || !*s)
        return;
    free((*s)->staff);
    free(*s);
    *s = NULL;
}

void staffing_destroy(staffing_result **rp)
{
    if (!rp || !*rp)
        return;
    free((*rp)->departments);
    plan_destroy(&(*rp)->plan);
    free(*rp);
    *rp = NULL;
}

static bool plan_proven(const om_plan *p)
{
    for (int l = 0; l < p->n_levels; l++)
        if (!p->levels[l].optimal)
            return false;
    return true;
}

/* The department where one more FTE lowers the fluid peak most, then the overload;
 * -1 when it lowers neither anywhere. */
static int helps_most(const staffing_result *r)
{
    int best = -1;
    double best_peak = 0, best_over = 0;
    for (int k = 0; k < r->n_departments; k++) {
        double peak = r->fluid_peak - r->departments[k].peak_plus_one;
        double over = r->fluid_overload - r->departments[k].overload_plus_one;
        if (peak <= 1e-9 && over <= 1e-9)
            continue;
        if (best < 0 || peak > best_peak + 1e-9 ||
            (peak > best_peak - 1e-9 && over > best_over + 1e-9)) {
            best = k;
            best_peak = peak;
            best_over = over;
        }
    }
    return best;
}

/* Plan figures per department (cases, points, utilisation, peak) of plan p of s. */
static int plan_figures(const om_scenario *s, const om_plan *p, staffing_result *r, bool after_cut)
{
    om_metrics *m = metrics_create(s, p);
    if (!m)
        return -1;
    for (int k = 0; k < s->n_departments; k++) {
        staffing_dep *dp = &r->departments[k];
        const om_dep_stats *ds = &m->departments[k];
        double peak = NAN;
        for (int j = 0; j < s->n_staff; j++)
            if (m->caseworkers[j].department == k)
                peak = isnan(peak) ? m->caseworkers[j].utilisation
                                   : fmax(peak, m->caseworkers[j].utilisation);
        if (after_cut) {
            dp->cut_cases = ds->cases;
            dp->cut_points = ds->points;
            dp->cut_utilisation = ds->utilisation;
            dp->cut_peak = peak;
        } else {
            dp->cases = ds->cases;
            dp->demand_points = ds->points;
            dp->fte_placed = ds->fte;
            dp->utilisation = ds->utilisation;
            dp->peak_utilisation = peak;
        }
    }
    if (after_cut) {
        r->cut_peak = m->kpis.max_utilisation;
        r->cut_overload = m->kpis.overload_points;
    } else {
        r->plan_peak = m->kpis.max_utilisation;
        r->plan_overload = m->kpis.overload_points;
    }
    metrics_destroy(&m);
    return 0;
}

static int fluid_init(fluid *f, const om_scenario *s, const int *placement, const int *assignment)
{
    int ng = s->n_segments;
    f->s = s;
    f->placement = placement;
    f->demand = calloc((size_t)ng + 1, sizeof *f->demand);
    f->pin = calloc((size_t)s->n_staff * ng + 1, sizeof *f->pin);
    f->fte = calloc((size_t)s->n_departments + 1, sizeof *f->fte);
    f->plan_load = calloc((size_t)s->n_departments + 1, sizeof *f->plan_load);
    if (!f->demand || !f->pin || !f->fte || !f->plan_load)
        return -1;
    for (int c = 0; c < s->n_cases; c++) {
        const om_case *cs = &s->cases[c];
        f->demand[cs->segment] += cs->weight;
        if (cs->pinned && cs->caseworker >= 0)
            f->pin[(size_t)cs->caseworker * ng + cs->segment] += cs->weight;
    }
    for (int j = 0; j < s->n_staff; j++)
        if (placement[j] >= 0)
            f->fte[placement[j]] += s->staff[j].fte;
    for (int c = 0; c < s->n_cases; c++)
        f->plan_load[placement[assignment[c]]] += s->cases[c].weight;
    return 0;
}

static void fluid_free(fluid *f)
{
    free(f->demand);
    free(f->pin);
    free(f->fte);
    free(f->plan_load);
}

/* FTE needed, to hire, idle and the qualifications' share, per department. */
static int needs(const fluid *f, const om_plan *p, staffing_result *r, diags *d)
{
    const om_scenario *s = f->s;
    int nd = s->n_departments, ng = s->n_segments, rc = -1;
    double *pts = calloc((size_t)nd * ng + 1, sizeof *pts);
    double *hire = calloc((size_t)nd + 1, sizeof *hire), *kept = calloc((size_t)nd + 1, sizeof *kept);
    double *hire_any = calloc((size_t)nd + 1, sizeof *hire_any);
    double *kept_any = calloc((size_t)nd + 1, sizeof *kept_any);
    if (!pts || !hire || !kept || !hire_any || !kept_any) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    for (int c = 0; c < s->n_cases; c++)
        pts[(size_t)p->placement[p->assignment[c]] * ng + s->cases[c].segment] += s->cases[c].weight;
    if (need_lp(f, pts, false, hire, kept, d) < 0 || need_lp(f, pts, true, hire_any, kept_any, d) < 0)
        goto out;
    for (int k = 0; k < nd; k++) {
        staffing_dep *dp = &r->departments[k];
        dp->cap_points = s->departments[k].cap_points;
        dp->fte_to_hire = hire[k];
        dp->fte_needed = kept[k] + hire[k];
        dp->fte_idle = f->fte[k] - kept[k];
        dp->fte_qualification = fmax(0, hire[k] - hire_any[k]);
        dp->fte_shortfall = dp->fte_needed - dp->fte_placed;
    }
    rc = 0;
out:
    free(pts);
    free(hire);
    free(kept);
    free(hire_any);
    free(kept_any);
    return rc;
}

/* The cut: the best spread (fluid), then the engine's plan of it. */
static int cut(const fluid *f, const staffing_options *o, staffing_result *r, diags *d)
{
    const om_scenario *s = f->s;
    double total = 0, *c = calloc((size_t)s->n_departments + 1, sizeof *c);
    om_scenario *cs = NULL;
    om_plan *p = NULL;
    int rc = -1;
    for (int k = 0; k < s->n_departments; k++)
        total += floor(f->fte[k] + 1e-9);
    if (!c) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    if (o->cut > total) {
        diags_add(d, DIAG_INFEASIBLE, NULL, 0, 0, NULL,
                  "a cut of %g FTE takes more than the departments hold in whole FTE (%g)",
                  o->cut, total);
        goto out;
    }
    int got = cut_mip(f, o->cut, c, &r->cut_fluid_peak, d);
    if (got == 1)
        diags_add(d, DIAG_INFEASIBLE, NULL, 0, 0, NULL,
                  "a cut of %g FTE leaves cases that nobody may take, however it is spread",
                  o->cut);
    if (got != 0)
        goto out;
    for (int k = 0; k < s->n_departments; k++) {
        r->departments[k].cut_fte = c[k];
        r->departments[k].cut_fte_after = f->fte[k] - c[k];
    }
    if (!(cs = staffing_cut_scenario(s, f->placement, c))) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    if (!(p = plan_solve(cs, &o->plan, d)))
        goto out;
    r->cut_optimal = plan_proven(p);
    if (plan_figures(cs, p, r, true) < 0) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    r->has_cut = true;
    r->cut = o->cut;
    rc = 0;
out:
    plan_destroy(&p);
    staffing_scenario_free(&cs);
    free(c);
    return rc;
}

staffing_result *staffing_run(const om_scenario *s, const staffing_options *o, diags *d)
{
    int nd = s->n_departments;
    staffing_result *r = calloc(1, sizeof *r);
    fluid f = {0};
    double *extra = calloc((size_t)nd + 1, sizeof *extra);
    double *add = calloc((size_t)nd + 1, sizeof *add);
    if (!r || !extra || !add || !(r->departments = calloc((size_t)nd + 1, sizeof *r->departments))) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    r->n_departments = nd;
    r->salary_per_fte = s->salary_per_fte;
    if (!(r->plan = plan_solve(s, &o->plan, d)))
        goto fail;
    r->plan_optimal = plan_proven(r->plan);
    if (fluid_init(&f, s, r->plan->placement, r->plan->assignment) < 0 || plan_figures(s, r->plan, r, false) < 0) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    if (needs(&f, r->plan, r, d) < 0 ||
        fluid_caps(&f, NULL, &r->fluid_peak, &r->fluid_overload, d) != 0)
        goto fail;
    for (int k = 0; k < nd; k++) {
        staffing_dep *dp = &r->departments[k];
        extra[k] = 1;
        if (fluid_caps(&f, extra, &dp->peak_plus_one, &dp->overload_plus_one, d) != 0)
            goto fail;
        extra[k] = 0;
        r->cases += dp->cases;
        r->demand_points += dp->demand_points;
        r->fte_needed += dp->fte_needed;
        r->fte_placed += dp->fte_placed;
        r->fte_to_hire += dp->fte_to_hire;
        r->fte_idle += dp->fte_idle;
        r->fte_qualification += dp->fte_qualification;
        r->fte_shortfall += dp->fte_shortfall;
    }
    r->helps_most = helps_most(r);
    if (o->target >= 0) {
        int got = target_lp(&f, o->target, add, d);
        if (got == 1)
            diags_add(d, DIAG_INFEASIBLE, NULL, 0, 0, NULL,
                      "no number of FTE brings everyone to %g: pinned cases alone are above it",
                      o->target);
        if (got != 0)
            goto fail;
        r->has_target = true;
        r->target = o->target;
        for (int k = 0; k < nd; k++) {
            r->departments[k].target_fte = add[k];
            r->target_fte += add[k];
        }
    }
    if (o->cut >= 0 && cut(&f, o, r, d) < 0)
        goto fail;
    goto out;
fail:
    staffing_destroy(&r);
out:
    fluid_free(&f);
    free(extra);
    free(add);
    return r;
}
