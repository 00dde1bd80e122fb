/* staffing.c - department-level LPs over the plan's placement: FTE needed, one more FTE,
 * the best spread of a cut, the FTE a target utilisation takes (docs/staffing.md) */
#include "staffing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lp.h"
#include "metrics.h"
#include "num.h"
#include "solver.h"

#define LP_TIME 60.0 /* seconds for one staffing LP; they take milliseconds */
#define SLACK 1e-9   /* relative room given to a figure an earlier stage found, when held */

/* What the LPs read: the scenario, the plan's placement, demand and pins.
 *
 * The LPs are posed in units that keep their right-hand sides and answers near 1,
 * whatever the weights (0.001 to 1000) and caps (0.01 to 100,000): a flow is the share
 * of its segment's points, a load row a utilisation over the LP's unit, a peak known
 * to be near the answer (the plan's, the fluid one without an extra FTE or a cut, the
 * target). GLPK scales the matrix itself, but not a right-hand side of 1e-6 or an
 * answer of 0.0002, which its tolerances (partly absolute) then miss. */
typedef struct {
    const om_scenario *s;
    const int *placement; /* per staff member: department, -1 when leaving */
    double *demand;       /* per segment: points of all cases */
    double *pin;          /* per staff member x segment: pinned points */
    double *fte;          /* per department: FTE placed there */
    double *plan_load;    /* per department: points the plan placed there */
    double *load;         /* per staff member: points the plan gives them */
    double points;        /* all points */
    double capacity;      /* all capacity of the staff the plan places */
} fluid;

typedef enum { FL_PEAK, FL_OVERLOAD, FL_TARGET, FL_CUT } fl_kind;

/* A built LP and the columns worth reading back. */
typedef struct {
    lp *m;
    double unit;  /* the utilisation load rows count in */
    int var;      /* peak / unit (peak) or unit / peak (cut); -1 otherwise */
    int *dep_col; /* per department: FTE added (target) or taken (cut) */
    int *dload;   /* target: per department, the row of its load less the plan's */
    int *dev;     /* target: per department, the columns above (dev) and below (dev + 1) */
    double *reach;  /* target: per department, the points of the segments it serves */
    int n_carriers; /* of the overload: each one's load row, its unit and its capacity */
    int *load_row;
    double *load_unit, *load_cap;
} fl_lp;

static void fl_free(fl_lp *f)
{
    lp_destroy(&f->m);
    free(f->dep_col);
    free(f->dload);
    free(f->dev);
    free(f->reach);
    free(f->load_row);
    free(f->load_unit);
    free(f->load_cap);
    f->dep_col = f->dload = f->dev = f->load_row = NULL;
    f->reach = f->load_unit = f->load_cap = NULL;
}

/* v rid of the solver's noise: to 9 significant digits, so that exact figures print
 * exactly. */
static double snap(double v)
{
    if (!isfinite(v) || fabs(v) < 1e-300)
        return v;
    double q = pow(10, floor(log10(fabs(v))) - 8);
    return round(v / q) * q;
}

/* a - b, 0 when they are equal but for noise. */
static double diff(double a, double b) { return num_eq(a, b) ? 0 : a - b; }

/* Solve m: without GLPK's presolver, scaled, then unscaled, then with the presolver
 * (it drops implied bounds within 1e-3 of a bound). Each answer is checked, not trusted:
 * it must keep every row and bound of m to 1e-6 of its largest value (1e-9 from the
 * presolver, whose "optimal" points have broken rows by less than 1e-3). Returns 0 with
 * x and *obj, 1 when GLPK fails on the numbers (an error, no optimum in time,
 * "infeasible" for these LPs that always have a solution, or an answer that breaks a
 * row), or -1 when out of memory (in d). */
static int solve(const lp *m, bool mip, double *x, double *obj, diags *d)
{
    double *act = malloc(((size_t)lp_rows(m) + 1) * sizeof *act);
    int rc = 1;
    if (!act) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    /* for tests only (tests/suites/staffing.sh): every staffing LP fails as on its
     * numbers, so that the fallbacks run */
    for (int attempt = getenv("OMFORDEL_STAFFING_LP_FAIL") ? 3 : 0; attempt < 3; attempt++) {
        solver_params p = {.time_limit = LP_TIME,
                           .gap = 0,
                           .relax = !mip,
                           .no_presolve = attempt < 2,
                           .no_scale = attempt == 1};
        solver_result r;
        if (solver_solve(m, &p, x, &r) < 0 && r.status == SOLVER_NO_MEMORY) {
            diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "staffing: %s", r.message);
            rc = -1;
            break;
        }
        double big = 1;
        for (int j = 0; r.status == SOLVER_OPTIMAL && j < lp_cols(m); j++)
            big = fmax(big, fabs(x[j]));
        if (r.status == SOLVER_OPTIMAL &&
            lp_violation_with(m, x, act) <= (attempt < 2 ? 1e-6 : 1e-9) * big) {
            *obj = r.objective;
            rc = 0;
            break;
        }
    }
    free(act);
    return rc;
}

/* Whether caseworker j (or a new hire when j < 0) may carry segment g in department k. */
static bool carries(const fluid *f, int j, int k, int g)
{
    return f->demand[g] > 0 && scenario_serves(f->s, k, g) &&
           (j < 0 || scenario_qualified(f->s, j, g));
}

/* One carrier's load row(s) and flows. cap is its capacity in points; for a new FTE of
 * the target, 0, and hire its column. Each flow is the share of its segment, and each
 * load row (but the target's new FTE) a utilisation over o->unit. Returns 0 or -1. */
static int add_carrier(const fluid *f, fl_kind kind, double level, fl_lp *o, const int *dem,
                       int j, int k, double cap, int hire)
{
    lp *m = o->m;
    double scale = hire >= 0 ? o->reach[k] : cap * o->unit; /* the load row's unit */
    double weigh = cap / f->capacity; /* prices its overload, in points over capacity */
    int row = lp_add_row(m, -LP_INF, 0), over = -1, oc = -1;
    if (row < 0)
        return -1;
    switch (kind) {
    case FL_PEAK: /* utilisation <= unit * var */
        if (lp_add_coef(m, row, o->var, -1) < 0)
            return -1;
        break;
    case FL_OVERLOAD: /* utilisation <= level; load - over <= cap, over priced */
        lp_set_row_bounds(m, row, -LP_INF, level / o->unit);
        o->load_row[o->n_carriers] = row;
        o->load_unit[o->n_carriers] = scale;
        o->load_cap[o->n_carriers++] = cap;
        over = lp_add_row(m, -LP_INF, 1 / o->unit);
        oc = lp_add_col(m, 0, LP_INF, weigh, false);
        if (over < 0 || oc < 0 || lp_add_coef(m, over, oc, -1) < 0)
            return -1;
        break;
    case FL_TARGET: /* utilisation <= level; new FTE's load over reach <= their capacity */
        if (hire >= 0 &&
            lp_add_coef(m, row, hire, -level * f->s->departments[k].cap_points / o->reach[k]) < 0)
            return -1;
        if (hire < 0)
            lp_set_row_bounds(m, row, -LP_INF, level / o->unit);
        break;
    case FL_CUT: /* loads and overload times unit / peak: utilisation + cut share <= 1 */
        lp_set_row_bounds(m, row, -LP_INF, 1);
        if (lp_add_coef(m, row, o->dep_col[k], 1 / f->fte[k]) < 0)
            return -1;
        if (level > 0) { /* var held at level: load - over <= cap after the cut, priced */
            double held = level / o->unit;
            over = lp_add_row(m, -LP_INF, held);
            oc = lp_add_col(m, 0, LP_INF, weigh, false);
            if (over < 0 || oc < 0 || lp_add_coef(m, over, oc, -1) < 0 ||
                lp_add_coef(m, over, o->dep_col[k], held / f->fte[k]) < 0)
                return -1;
        }
        break;
    }
    for (int g = 0; g < f->s->n_segments; g++) {
        if (!carries(f, j, k, g))
            continue;
        double w = f->demand[g];
        double pin = j >= 0 ? f->pin[(size_t)j * f->s->n_segments + g] / w : 0;
        int x = lp_add_col(m, kind == FL_CUT ? 0 : pin, LP_INF, 0, false);
        if (x < 0 || lp_add_coef(m, dem[g], x, 1) < 0 || lp_add_coef(m, row, x, w / scale) < 0)
            return -1;
        if (kind == FL_TARGET && lp_add_coef(m, o->dload[k], x, w / o->reach[k]) < 0)
            return -1;
        if (over >= 0 && lp_add_coef(m, over, x, w / scale) < 0)
            return -1;
        if (kind == FL_CUT && pin > 0) { /* share / peak >= pinned share / peak */
            int r = lp_add_row(m, 0, LP_INF);
            if (r < 0 || lp_add_coef(m, r, x, 1) < 0 || lp_add_coef(m, r, o->var, -pin) < 0)
                return -1;
        }
    }
    return 0;
}

/* Build the fluid LP of kind in utilisation unit: level is the peak to hold
 * (overload), the target utilisation, or (cut) 0 for the highest var = unit / peak,
 * else var held at level and the points above caps, times unit / peak, minimised; extra
 * the FTE added per department (or NULL); n_cut the FTE taken. Returns 0 or -1 (out of
 * memory). */
static int fl_build(const fluid *f, fl_kind kind, double level, double unit, const double *extra,
                    double n_cut, fl_lp *o)
{
    const om_scenario *s = f->s;
    int nd = s->n_departments, ng = s->n_segments;
    int *dem = malloc(((size_t)ng + 1) * sizeof *dem);
    o->m = lp_create();
    o->unit = unit;
    o->var = -1;
    o->dep_col = malloc(((size_t)nd + 1) * sizeof *o->dep_col);
    o->dload = malloc(((size_t)nd + 1) * sizeof *o->dload);
    o->dev = malloc(((size_t)nd + 1) * sizeof *o->dev);
    o->reach = calloc((size_t)nd + 1, sizeof *o->reach);
    size_t carriers = (size_t)s->n_staff + (size_t)nd + 1;
    o->n_carriers = 0;
    o->load_row = malloc(carriers * sizeof *o->load_row);
    o->load_unit = malloc(carriers * sizeof *o->load_unit);
    o->load_cap = malloc(carriers * sizeof *o->load_cap);
    int rc = -1;
    if (!dem || !o->m || !o->dep_col || !o->dload || !o->dev || !o->reach || !o->load_row ||
        !o->load_unit || !o->load_cap)
        goto out;
    if (kind == FL_PEAK)
        o->var = lp_add_col(o->m, 0, LP_INF, 1, false);
    /* a cut only takes capacity away: its peak is at least unit, so var is at most 1 */
    if (kind == FL_CUT)
        o->var = lp_add_col(o->m, level * (1 - SLACK), 1, level > 0 ? 0 : -1, false);
    for (int g = 0; g < ng; g++) { /* the shares of a segment add up to 1 (cut: to var) */
        double w = kind == FL_CUT ? 0 : 1;
        dem[g] = f->demand[g] > 0 ? lp_add_row(o->m, w, w) : -1;
        if (kind == FL_CUT && dem[g] >= 0 && lp_add_coef(o->m, dem[g], o->var, -1) < 0)
            goto out;
    }
    for (int k = 0; k < nd; k++)
        for (int g = 0; g < ng; g++)
            if (carries(f, -1, k, g))
                o->reach[k] += f->demand[g];
    int total = kind == FL_CUT ? lp_add_row(o->m, n_cut, n_cut) : -1;
    for (int k = 0; k < nd; k++) {
        o->dep_col[k] = -1;
        if (kind == FL_TARGET && o->reach[k] > 0) { /* load - above + below = the plan's */
            double plan = f->plan_load[k] / o->reach[k];
            o->dep_col[k] = lp_add_col(o->m, 0, LP_INF, 1, false);
            o->dload[k] = lp_add_row(o->m, plan, plan);
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
        if (kind == FL_TARGET && o->dep_col[k] >= 0 &&
            add_carrier(f, kind, level, o, dem, -1, k, 0, o->dep_col[k]) < 0)
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
static int fl_make(const fluid *f, fl_kind kind, double level, double unit, const double *extra,
                   double n_cut, fl_lp *o, double **x, diags *d)
{
    fl_free(o);
    free(*x);
    *x = NULL;
    if (fl_build(f, kind, level, unit, extra, n_cut, o) == 0 &&
        (*x = malloc(((size_t)lp_cols(o->m) + 1) * sizeof **x)))
        return 0;
    diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
    return -1;
}

/* The fluid peak utilisation and the points above caps at that peak, with extra FTE
 * added per department (or none). ceiling is a peak known to be reachable (the plan's,
 * or the fluid one without the extra FTE): an answer above it is GLPK's mistake.
 * Returns 0, 1 when GLPK fails on the numbers, or -1 with the reason in d. */
static int fluid_caps(const fluid *f, const double *extra, double ceiling, double *peak,
                      double *over, diags *d)
{
    fl_lp o = {0};
    double *x = NULL, *act = NULL, obj = 0, p = 0;
    int rc = -1;
    if (fl_make(f, FL_PEAK, 0, ceiling, extra, 0, &o, &x, d) < 0 ||
        (rc = solve(o.m, false, x, &obj, d)) != 0)
        goto out;
    p = ceiling * obj;
    if (p > ceiling * (1 + 1e-6)) {
        rc = 1;
        goto out;
    }
    /* the overload with the peak held a hair above GLPK's: its own tolerance must not
     * make the LP infeasible; a second, wider hair before giving up */
    for (int wider = 0; wider < 2; wider++) {
        double level = p * (1 + (wider ? 1e-6 : SLACK));
        if ((rc = fl_make(f, FL_OVERLOAD, level, level, extra, 0, &o, &x, d)) < 0 ||
            (rc = solve(o.m, false, x, &obj, d)) <= 0)
            break;
    }
    if (rc != 0)
        goto out;
    /* the points above caps of the loads found, not the objective: a small overload is
     * a difference of large loads, within GLPK's tolerance of its own column */
    if (!(act = malloc(((size_t)lp_rows(o.m) + 1) * sizeof *act))) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        rc = -1;
        goto out;
    }
    lp_activity(o.m, x, act);
    *over = 0;
    for (int i = 0; i < o.n_carriers; i++)
        *over += fmax(0, act[o.load_row[i]] * o.load_unit[i] - o.load_cap[i]);
    *over = snap(*over);
    *peak = snap(p);
out:
    fl_free(&o);
    free(x);
    free(act);
    return rc;
}

/* Whether some caseworker placed in k may not take a segment with points in pts (k's
 * points per segment): only then does FTE needed take an LP. */
static bool restricted(const fluid *f, int k, const double *pts)
{
    for (int j = 0; j < f->s->n_staff; j++)
        for (int g = 0; f->placement[j] == k && g < f->s->n_segments; g++)
            if (pts[g] > 0 && !scenario_qualified(f->s, j, g))
                return true;
    return false;
}

/* FTE needed in department k for its points when anyone there may take any of them, in
 * closed form: new FTE carry what the staff's capacity cannot; the staff carry the rest,
 * those with the highest cap factor (most points per FTE) first, the fewest FTE. */
static void need_pooled(const fluid *f, int k, double points, double *hire, double *kept)
{
    const om_scenario *s = f->s;
    double cap = s->departments[k].cap_points, staff = 0;
    for (int j = 0; j < s->n_staff; j++)
        if (f->placement[j] == k)
            staff += scenario_capacity(s, j, k);
    *hire = fmax(0, points - staff) / cap;
    *kept = 0;
    double left = fmin(points, staff), last_f = INFINITY;
    int last_j = -1;
    while (left > 0) { /* the staff of k by cap factor, highest first, then by index */
        int next = -1;
        for (int j = 0; j < s->n_staff; j++) {
            double fj = s->staff[j].cap_factor;
            bool after = fj < last_f || (!(fj > last_f) && j > last_j);
            if (f->placement[j] == k && after && (next < 0 || fj > s->staff[next].cap_factor))
                next = j;
        }
        if (next < 0)
            break;
        double carried = fmin(left, scenario_capacity(s, next, k));
        *kept += carried / (cap * s->staff[next].cap_factor);
        left -= carried;
        last_f = s->staff[next].cap_factor;
        last_j = next;
    }
}

/* FTE needed in department k as the plan's own loads give it: each caseworker keeps
 * their load up to their capacity, new FTE carry what is above. A way to hold the cap,
 * so the hires are at least the fewest (need_lp's). */
static void need_plan(const fluid *f, int k, double *hire, double *kept)
{
    const om_scenario *s = f->s;
    double cap = s->departments[k].cap_points, above = 0;
    *kept = 0;
    for (int j = 0; j < s->n_staff; j++) {
        if (f->placement[j] != k)
            continue;
        double c = scenario_capacity(s, j, k);
        above += fmax(0, f->load[j] - c);
        *kept += fmin(f->load[j], c) / (cap * s->staff[j].cap_factor);
    }
    *hire = snap(above / cap);
    *kept = snap(*kept);
}

/* FTE needed in department k for pts, its points per segment (points in all): the
 * fewest new full-time FTE, then the fewest FTE of the staff there. A flow is the share
 * of its segment's points there, FTE count in points / cap. Returns 0 with *hire and
 * *kept, 1 when GLPK fails on the numbers, or -1 (out of memory, in d). */
static int need_lp(const fluid *f, int k, const double *pts, double points, double *hire,
                   double *kept, diags *d)
{
    const om_scenario *s = f->s;
    int ng = s->n_segments;
    double unit = points / s->departments[k].cap_points; /* FTE that carry it all */
    lp *m = lp_create();
    int *dem = malloc(((size_t)ng + 1) * sizeof *dem);
    int *tcol = malloc(((size_t)s->n_staff + 1) * sizeof *tcol);
    double *x = NULL, obj;
    int rc = -1, hcol = -1;
    if (!m || !dem || !tcol)
        goto oom;
    for (int g = 0; g < ng; g++)
        dem[g] = pts[g] > 0 ? lp_add_row(m, 1, 1) : -1;
    for (int j = -1; j < s->n_staff; j++) { /* j < 0: the new FTE, full time, factor 1 */
        if (j >= 0 && f->placement[j] != k)
            continue;
        double factor = j < 0 ? 1 : s->staff[j].cap_factor;
        int t = lp_add_col(m, 0, j < 0 ? LP_INF : s->staff[j].fte / unit, j < 0 ? 1 : 0, false);
        int row = lp_add_row(m, -LP_INF, 0); /* points carried <= cap * factor * FTE */
        if (t < 0 || row < 0 || lp_add_coef(m, row, t, -1) < 0)
            goto oom;
        if (j < 0)
            hcol = t;
        else
            tcol[j] = t;
        for (int g = 0; g < ng; g++) {
            if (dem[g] < 0 || (j >= 0 && !scenario_qualified(s, j, g)))
                continue;
            int c = lp_add_col(m, 0, LP_INF, 0, false);
            if (c < 0 || lp_add_coef(m, row, c, pts[g] / (points * factor)) < 0 ||
                lp_add_coef(m, dem[g], c, 1) < 0)
                goto oom;
        }
    }
    if (!(x = malloc(((size_t)lp_cols(m) + 1) * sizeof *x)))
        goto oom;
    if ((rc = solve(m, false, x, &obj, d)) != 0)
        goto out;
    /* second stage: the hires held at their least, the fewest FTE of the staff */
    double h = x[hcol];
    lp_set_cost(m, hcol, 0);
    lp_set_col_bounds(m, hcol, 0, h * (1 + SLACK));
    for (int j = 0; j < s->n_staff; j++)
        if (f->placement[j] == k)
            lp_set_cost(m, tcol[j], 1);
    if ((rc = solve(m, false, x, &obj, d)) != 0)
        goto out;
    *hire = snap(h * unit);
    *kept = snap(obj * unit);
    goto out;
oom:
    diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
    rc = -1;
out:
    lp_destroy(&m);
    free(dem);
    free(tcol);
    free(x);
    return rc;
}

/* Whether pinned cases alone put a caseworker above utilisation u: then no number of
 * FTE added brings everyone to u. */
static bool pins_above(const fluid *f, double u)
{
    const om_scenario *s = f->s;
    for (int j = 0; j < s->n_staff; j++) {
        double pinned = 0;
        for (int g = 0; f->placement[j] >= 0 && g < s->n_segments; g++)
            pinned += f->pin[(size_t)j * s->n_segments + g];
        if (pinned > 0 && pinned > u * scenario_capacity(s, j, f->placement[j]) * (1 + SLACK))
            return true;
    }
    return false;
}

/* The FTE per department that bring everyone to at most u from the plan's own loads:
 * what is above u of each caseworker's capacity goes to new FTE there (never pinned
 * points, when pins_above is false). An answer, so at least the fewest (target_lp's). */
static void target_plan(const fluid *f, double u, double *add)
{
    const om_scenario *s = f->s;
    for (int k = 0; k < s->n_departments; k++)
        add[k] = 0;
    for (int j = 0; j < s->n_staff; j++) {
        int k = f->placement[j];
        if (k >= 0)
            add[k] += fmax(0, f->load[j] - u * scenario_capacity(s, j, k)) /
                      (u * s->departments[k].cap_points);
    }
    for (int k = 0; k < s->n_departments; k++)
        add[k] = snap(add[k]);
}

/* The fewest FTE (fluid) per department that bring everyone to at most u, pins_above
 * being false. Returns 0, 1 when GLPK fails on the numbers, or -1 (in d). */
static int target_lp(const fluid *f, double u, double *add, diags *d)
{
    const om_scenario *s = f->s;
    int nd = s->n_departments;
    fl_lp o = {0};
    double *x = NULL, obj, most = 0;
    int rc = -1;
    if (fl_make(f, FL_TARGET, u, u, NULL, 0, &o, &x, d) < 0)
        goto out;
    if ((rc = solve(o.m, false, x, &obj, d)) != 0)
        goto out;
    /* second stage: as few FTE, the load of each department as near the plan's as can be
     * (a segment two departments serve is otherwise split at random), in points */
    int held = -1;
    if (obj > SLACK) { /* else none: a row of FTE <= 1e-9 is no help to GLPK */
        held = lp_add_row(o.m, -LP_INF, obj * (1 + SLACK));
        if (held < 0)
            goto oom;
    }
    for (int k = 0; k < nd; k++)
        most = fmax(most, o.reach[k]);
    for (int k = 0; k < nd; k++) {
        if (o.dep_col[k] < 0)
            continue;
        lp_set_cost(o.m, o.dep_col[k], 0);
        lp_set_cost(o.m, o.dev[k], o.reach[k] / most);
        lp_set_cost(o.m, o.dev[k] + 1, o.reach[k] / most);
        if (held < 0)
            lp_set_col_bounds(o.m, o.dep_col[k], 0, 0);
        else if (lp_add_coef(o.m, held, o.dep_col[k], 1) < 0)
            goto oom;
    }
    if ((rc = solve(o.m, false, x, &obj, d)) == 0)
        for (int k = 0; k < nd; k++)
            add[k] = o.dep_col[k] < 0 ? 0 : snap(x[o.dep_col[k]]);
    goto out;
oom:
    diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
    rc = -1;
out:
    fl_free(&o);
    free(x);
    return rc;
}

/* Whether, with cut[k] whole FTE taken from each department, a case would have nobody
 * left to take it: a segment with points that no caseworker with FTE left may carry, or
 * pinned points on a caseworker with none. */
static bool uncarried(const fluid *f, const double *cut)
{
    const om_scenario *s = f->s;
    for (int g = 0; g < s->n_segments; g++) {
        bool carried = f->demand[g] <= 0;
        for (int j = 0; j < s->n_staff && !carried; j++) {
            int k = f->placement[j];
            carried = k >= 0 && cut[k] < f->fte[k] - 1e-9 && carries(f, j, k, g);
        }
        if (!carried)
            return true;
    }
    for (int j = 0; j < s->n_staff; j++) {
        int k = f->placement[j];
        for (int g = 0; k >= 0 && g < s->n_segments; g++)
            if (f->pin[(size_t)j * s->n_segments + g] > 0 && cut[k] >= f->fte[k] - 1e-9)
                return true;
    }
    return false;
}

/* What the cut's MIP came to, besides 0 (solved), 1 (GLPK failed on the numbers) and
 * -1 (out of memory). */
#define NO_SPREAD 2 /* no spread leaves every case a caseworker */

/* One stage of the cut, floor a peak no cut goes below: *u 0 to find the highest
 * u = floor / peak (returned in *u), else the least overload with u held there; with
 * fixed, that spread only. Returns 0 with cut[], NO_SPREAD, 1 or -1. */
static int cut_stage(const fluid *f, double n, double floor_peak, double *u, const double *fixed,
                     double *cut, diags *d)
{
    fl_lp o = {0};
    double *x = NULL, obj;
    int rc = -1;
    if (fl_make(f, FL_CUT, *u, floor_peak, NULL, n, &o, &x, d) < 0)
        goto out;
    for (int k = 0; fixed && k < f->s->n_departments; k++)
        lp_set_col_bounds(o.m, o.dep_col[k], fixed[k], fixed[k]);
    if ((rc = solve(o.m, true, x, &obj, d)) != 0)
        goto out;
    for (int k = 0; k < f->s->n_departments; k++)
        cut[k] = (double)lround(x[o.dep_col[k]]);
    /* u = 0 when some case has nobody left to take it; else GLPK erred: a u too small to
     * tell from 0, or pinned points too small to see */
    bool none = uncarried(f, cut);
    if (none || x[o.var] < 1e-9)
        rc = none && x[o.var] < 1e-9 ? NO_SPREAD : 1;
    else if (*u <= 0)
        *u = x[o.var];
out:
    fl_free(&o);
    free(x);
    return rc;
}

/* The spread of n whole FTE over the departments that keeps the fluid peak lowest and,
 * among those, the points above caps least; floor_peak as for cut_stage. Returns 0 with
 * cut[] and *peak, NO_SPREAD, 1 or -1. */
static int cut_mip(const fluid *f, double n, double floor_peak, double *cut, double *peak, diags *d)
{
    double u = 0;
    for (int stage = 0; stage < 2; stage++) {
        int rc = cut_stage(f, n, floor_peak, &u, NULL, cut, d);
        if (rc != 0)
            return rc;
        if (stage == 0)
            *peak = snap(floor_peak / u);
    }
    return 0;
}

/* A spread of n whole FTE without GLPK: one FTE at a time from the department whose
 * points (the plan's) per capacity left stay lowest after it, never leaving a case
 * nobody may take. Not proven the best. Returns 0 with cut[], or NO_SPREAD when it
 * finds none. */
static int cut_greedy(const fluid *f, double n, double *cut)
{
    const om_scenario *s = f->s;
    int nd = s->n_departments;
    for (int k = 0; k < nd; k++)
        cut[k] = 0;
    for (int taken = 0; taken < (int)lround(n); taken++) {
        int best = -1;
        double best_u = INFINITY;
        for (int k = 0; k < nd; k++) {
            if (cut[k] + 1 > floor(f->fte[k] + 1e-9))
                continue;
            cut[k]++;
            bool ok = !uncarried(f, cut);
            double left = f->fte[k] - cut[k], u = 0;
            cut[k]--;
            if (!ok)
                continue;
            if (f->plan_load[k] > 0) /* points over the FTE left, at the department's cap */
                u = left > 1e-9 ? f->plan_load[k] / (left * s->departments[k].cap_points)
                                : INFINITY;
            if (best < 0 || u < best_u) {
                best = k;
                best_u = u;
            }
        }
        if (best < 0)
            return NO_SPREAD;
        cut[best]++;
    }
    return 0;
}

int staffing_cut_view(const om_scenario *s, const int *placement, const double *cut,
                      om_staff *staff, om_scenario *view)
{
    double *fte = calloc((size_t)s->n_departments + 1, sizeof *fte);
    if (!fte)
        return -1;
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
    *view = *s;
    view->staff = staff;
    free(fte);
    return 0;
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

/* Whether after is lower than before by more than the solver's noise. */
static bool lower(double before, double after) { return before - after > 1e-7 * fabs(before); }

/* The department where one more FTE lowers the fluid peak most, then the overload;
 * -1 when it lowers neither anywhere. */
static int helps_most(const staffing_result *r)
{
    int best = -1;
    double best_peak = 0, best_over = 0;
    for (int k = 0; k < r->n_departments; k++) {
        const staffing_dep *p = &r->departments[k];
        if (!p->lowers_peak && !p->lowers_overload)
            continue;
        double peak = p->lowers_peak ? r->fluid_peak - p->peak_plus_one : 0;
        double over = p->lowers_overload ? r->fluid_overload - p->overload_plus_one : 0;
        if (best < 0 || lower(peak, best_peak) ||
            (!lower(best_peak, peak) && lower(over, best_over))) {
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
    f->load = calloc((size_t)s->n_staff + 1, sizeof *f->load);
    if (!f->demand || !f->pin || !f->fte || !f->plan_load || !f->load)
        return -1;
    double points = 0, capacity = 0;
    for (int c = 0; c < s->n_cases; c++) {
        const om_case *cs = &s->cases[c];
        f->demand[cs->segment] += cs->weight;
        if (cs->pinned && cs->caseworker >= 0)
            f->pin[(size_t)cs->caseworker * ng + cs->segment] += cs->weight;
        f->load[assignment[c]] += cs->weight;
        f->plan_load[placement[assignment[c]]] += cs->weight;
        points += cs->weight;
    }
    for (int j = 0; j < s->n_staff; j++) {
        if (placement[j] >= 0) {
            f->fte[placement[j]] += s->staff[j].fte;
            capacity += scenario_capacity(s, j, placement[j]);
        }
    }
    /* a plan exists, so there are points and someone to carry them */
    f->points = points;
    f->capacity = capacity;
    return 0;
}

static void fluid_free(fluid *f)
{
    free(f->demand);
    free(f->pin);
    free(f->fte);
    free(f->plan_load);
    free(f->load);
}

/* FTE needed, to hire, idle and the qualifications' share, per department: in closed
 * form where anyone there may take anything, else by need_lp, else (GLPK failing on
 * its numbers) from the plan's own loads, said in d and in need_bound. */
static int needs(const fluid *f, const om_plan *p, staffing_result *r, diags *d)
{
    const om_scenario *s = f->s;
    int nd = s->n_departments, ng = s->n_segments, rc = -1;
    double *pts = calloc((size_t)nd * ng + 1, sizeof *pts);
    if (!pts) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    for (int c = 0; c < s->n_cases; c++)
        pts[(size_t)p->placement[p->assignment[c]] * ng + s->cases[c].segment] +=
            s->cases[c].weight;
    for (int k = 0; k < nd; k++) {
        staffing_dep *dp = &r->departments[k];
        const double *pk = pts + (size_t)k * ng;
        double points = 0, hire, kept, hire_any, kept_any;
        for (int g = 0; g < ng; g++)
            points += pk[g];
        need_pooled(f, k, points, &hire_any, &kept_any);
        hire_any = snap(hire_any);
        kept_any = snap(kept_any);
        hire = hire_any;
        kept = kept_any;
        if (points > 0 && restricted(f, k, pk)) {
            double hire_plan, kept_plan;
            need_plan(f, k, &hire_plan, &kept_plan);
            int got = need_lp(f, k, pk, points, &hire, &kept, d);
            if (got < 0)
                goto out;
            /* the fewest hires are between those with everyone qualified and those of
             * the plan's loads: outside, GLPK erred */
            if (got == 0 &&
                (hire < hire_any * (1 - 1e-6) - 1e-9 || hire > hire_plan * (1 + 1e-6) + 1e-9))
                got = 1;
            if (got > 0) {
                hire = hire_plan;
                kept = kept_plan;
                dp->need_bound = true;
                diags_add(d, DIAG_WARNING, NULL, 0, 0, NULL,
                          "staffing: GLPK failed on the numbers of the FTE-needed LP of %s; "
                          "its FTE figures follow the plan's own loads (the FTE to hire at "
                          "most that)",
                          s->departments[k].id);
            }
        }
        dp->cap_points = s->departments[k].cap_points;
        dp->fte_to_hire = hire;
        dp->fte_needed = snap(kept + hire);
        dp->fte_idle = diff(f->fte[k], kept);
        dp->fte_qualification = fmax(0, diff(hire, hire_any));
        dp->fte_shortfall = diff(dp->fte_needed, dp->fte_placed);
    }
    rc = 0;
out:
    free(pts);
    return rc;
}

/* The cut: the best spread (fluid), then the engine's plan of it. Where GLPK fails on
 * the numbers of the spread's MIP, a greedy spread (cut_greedy). */
static int cut(const fluid *f, const staffing_options *o, staffing_result *r, diags *d)
{
    const om_scenario *s = f->s;
    double total = 0, *c = calloc((size_t)s->n_departments + 1, sizeof *c);
    om_staff *cut_staff = NULL; /* the staff table of cs; cs borrows the rest from s */
    om_scenario cs;
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
    /* the fluid peak before the cut, or (the plan's standing for it) all points over all
     * capacity: no spread's peak is lower */
    double floor_peak = r->fluid_bound ? f->points / f->capacity : r->fluid_peak;
    int got = cut_mip(f, o->cut, floor_peak, c, &r->cut_fluid_peak, d);
    if (got == 1) {
        r->cut_greedy = true;
        diags_add(d, DIAG_WARNING, NULL, 0, 0, NULL,
                  "staffing: GLPK failed on the numbers of the cut's MIP; the spread is a "
                  "greedy one, not proven to keep the peak lowest");
        double u = 0;
        if ((got = cut_greedy(f, o->cut, c)) == 0 &&
            (got = cut_stage(f, o->cut, floor_peak, &u, c, c, d)) == 0)
            r->cut_fluid_peak = snap(floor_peak / u);
        if (got == 1) { /* the spread's planned peak stands for its fluid one */
            got = 0;
            r->cut_fluid_peak = NAN;
        }
    }
    if (got == NO_SPREAD && r->cut_greedy)
        diags_add(d, DIAG_INFEASIBLE, NULL, 0, 0, NULL,
                  "a cut of %g FTE leaves cases that nobody may take in every spread tried",
                  o->cut);
    else if (got == NO_SPREAD)
        diags_add(d, DIAG_INFEASIBLE, NULL, 0, 0, NULL,
                  "a cut of %g FTE leaves cases that nobody may take, however it is spread",
                  o->cut);
    if (got != 0)
        goto out;
    for (int k = 0; k < s->n_departments; k++) {
        r->departments[k].cut_fte = c[k];
        r->departments[k].cut_fte_after = f->fte[k] - c[k];
    }
    if (!(cut_staff = malloc(((size_t)s->n_staff + 1) * sizeof *cut_staff)) ||
        staffing_cut_view(s, f->placement, c, cut_staff, &cs) < 0) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    if (!(p = plan_solve(&cs, &o->plan, d)))
        goto out;
    r->cut_optimal = plan_proven(p);
    if (plan_figures(&cs, p, r, true) < 0) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    if (isnan(r->cut_fluid_peak))
        r->cut_fluid_peak = r->cut_peak;
    r->has_cut = true;
    r->cut = o->cut;
    rc = 0;
out:
    plan_destroy(&p);
    free(cut_staff);
    free(c);
    return rc;
}

staffing_result *staffing_run(const om_scenario *s, const staffing_options *o, diags *d)
{
    int nd = s->n_departments, got;
    staffing_result *r = calloc(1, sizeof *r);
    fluid f = {0};
    double *extra = calloc((size_t)nd + 1, sizeof *extra);
    double *add = calloc((size_t)nd + 1, sizeof *add);
    double *add_plan = calloc((size_t)nd + 1, sizeof *add_plan);
    if (!r || !extra || !add || !add_plan ||
        !(r->departments = calloc((size_t)nd + 1, sizeof *r->departments))) {
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
        (got = fluid_caps(&f, NULL, r->plan_peak, &r->fluid_peak, &r->fluid_overload, d)) < 0)
        goto fail;
    if (got > 0) { /* the plan is a fluid solution too */
        r->fluid_bound = true;
        r->fluid_peak = r->plan_peak;
        r->fluid_overload = r->plan_overload;
        diags_add(d, DIAG_WARNING, NULL, 0, 0, NULL,
                  "staffing: GLPK failed on the numbers of the fluid LP; the fluid peak and "
                  "points above caps are the plan's (the peak at most that)");
    }
    for (int k = 0; k < nd; k++) {
        staffing_dep *dp = &r->departments[k];
        extra[k] = 1;
        got = fluid_caps(&f, extra, r->fluid_peak, &dp->peak_plus_one, &dp->overload_plus_one, d);
        extra[k] = 0;
        if (got < 0)
            goto fail;
        dp->lowers_peak = got == 0 && lower(r->fluid_peak, dp->peak_plus_one);
        dp->lowers_overload = got == 0 && lower(r->fluid_overload, dp->overload_plus_one);
        if (got > 0) { /* one more FTE never raises the peak */
            dp->plus_one_bound = true;
            dp->peak_plus_one = r->fluid_peak;
            dp->overload_plus_one = r->fluid_overload;
            diags_add(d, DIAG_WARNING, NULL, 0, 0, NULL,
                      "staffing: GLPK failed on the numbers of the LP of one more FTE in %s; "
                      "not computed",
                      s->departments[k].id);
        }
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
        if (pins_above(&f, o->target)) {
            diags_add(d, DIAG_INFEASIBLE, NULL, 0, 0, NULL,
                      "no number of FTE brings everyone to %g: pinned cases alone are above it",
                      o->target);
            goto fail;
        }
        double lp_total = 0, plan_total = 0;
        if ((got = target_lp(&f, o->target, add, d)) < 0)
            goto fail;
        target_plan(&f, o->target, add_plan);
        for (int k = 0; k < nd; k++) {
            lp_total += add[k];
            plan_total += add_plan[k];
        }
        if (got == 0 && lp_total > plan_total * (1 + 1e-6) + 1e-9) /* not the fewest */
            got = 1;
        if (got > 0) {
            r->target_bound = true;
            memcpy(add, add_plan, (size_t)nd * sizeof *add);
            diags_add(d, DIAG_WARNING, NULL, 0, 0, NULL,
                      "staffing: GLPK failed on the numbers of the target's LP; the FTE to add "
                      "follow the plan's own loads (at most that)");
        }
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
    free(add_plan);
    return r;
}
