/* solver_glpk.c - solver.h on GLPK: the only file that includes glpk.h */
#include "solver.h"

#define GLP_UNDOC /* glp_mir_init, glp_mir_gen: GLPK's own MIR generator */
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

/* Above this many rows a model counts as big (Slagelse-size ones have ~3,500). */
#define BIG_ROWS 8000
/* Rounds of MIR cuts at the root before branch-and-cut (add_root_cuts). */
#define CUT_ROUNDS 8
/* Node relaxations handed to solver_params.round, at most, per solve. */
#define ROUND_NODES 8

typedef struct {
    const solver_params *p;
    const double *start; /* 1-based copy of p->start, or NULL */
    bool offered;
    double bound;     /* best proven lower bound seen in the tree */
    double best;      /* objective of the incumbent when last improved */
    int last_node;    /* nodes explored at the last improvement */
    double last_tick; /* when progress was last reported */
    double t0;
    int rounded;            /* node relaxations handed to p->round */
    double *relaxed, *plan; /* 1-based scratch for p->round, or NULL */
    double deadline;        /* GLPK checks its own time limit between nodes only */
} glpk_run;

struct solver_basis {
    int rows, cols;    /* 0 until a basis is kept */
    signed char *stat; /* GLPK status of each row, then of each column */
    size_t alloc;
};

solver_basis *solver_basis_create(void) { return calloc(1, sizeof(solver_basis)); }

bool solver_basis_empty(const solver_basis *b) { return !b || b->rows == 0; }

void solver_basis_destroy(solver_basis **b)
{
    if (!b || !*b)
        return;
    free((*b)->stat);
    free(*b);
    *b = NULL;
}

/* Give P the basis b kept, when it fits: the same columns and no fewer rows
 * (rows added since are basic, which keeps it a basis). GLPK turns a non-basic
 * status into the one a changed bound allows. */
static bool restore_basis(glp_prob *P, const solver_basis *b)
{
    int rows = glp_get_num_rows(P), cols = glp_get_num_cols(P);
    if (!b || b->rows == 0 || b->cols != cols || b->rows > rows)
        return false;
    for (int i = 1; i <= rows; i++)
        glp_set_row_stat(P, i, i <= b->rows ? b->stat[i - 1] : GLP_BS);
    for (int j = 1; j <= cols; j++)
        glp_set_col_stat(P, j, b->stat[b->rows + j - 1]);
    return true;
}

static void keep_basis(glp_prob *P, solver_basis *b)
{
    int rows = glp_get_num_rows(P), cols = glp_get_num_cols(P);
    size_t n = (size_t)rows + (size_t)cols;
    if (!b)
        return;
    if (n > b->alloc) {
        signed char *grown = realloc(b->stat, n);
        if (!grown) { /* keep none rather than a stale one */
            b->rows = b->cols = 0;
            return;
        }
        b->stat = grown;
        b->alloc = n;
    }
    for (int i = 1; i <= rows; i++)
        b->stat[i - 1] = (signed char)glp_get_row_stat(P, i);
    for (int j = 1; j <= cols; j++)
        b->stat[rows + j - 1] = (signed char)glp_get_col_stat(P, j);
    b->rows = rows;
    b->cols = cols;
}

static int on_term(void *info, const char *s)
{
    const solver_params *p = info;
    if (p->log)
        p->log(s, p->info);
    return 1; /* never to the terminal: the CLI decides */
}

static void on_error(void *info) { longjmp(*(jmp_buf *)info, 1); }

/* A plan rounded from the current node's relaxation, offered to branch-and-cut
 * (which keeps it only when it beats the incumbent). */
static void offer_rounded(glp_tree *T, glpk_run *run)
{
    if (!run->p->round || !run->relaxed || !run->plan || run->rounded >= ROUND_NODES)
        return;
    run->rounded++;
    glp_prob *P = glp_ios_get_prob(T);
    for (int j = 1; j <= glp_get_num_cols(P); j++)
        run->relaxed[j] = glp_get_col_prim(P, j);
    if (run->p->round(run->relaxed + 1, run->plan + 1, run->p->info) == 0)
        glp_ios_heur_sol(T, run->plan);
}

/* Branch-and-cut callback: offer our start and plans rounded from the first
 * nodes, track the bound, report progress. */
static void on_tree(glp_tree *T, void *info)
{
    glpk_run *run = info;
    int best = glp_ios_best_node(T);
    double bound = best ? glp_ios_node_bound(T, best) : run->bound;
    glp_prob *P = glp_ios_get_prob(T);
    double incumbent = glp_mip_status(P) == GLP_UNDEF ? LP_INF : glp_mip_obj_val(P);
    int nodes;
    glp_ios_tree_size(T, NULL, NULL, &nodes);
    double step = 1e-4 * (fabs(run->best) < LP_INF ? fmax(1, fabs(run->best)) : 1);
    if (bound > run->bound + step || incumbent < run->best - step)
        run->last_node = nodes; /* progress worth waiting for */
    run->bound = bound > run->bound ? bound : run->bound;
    run->best = incumbent < run->best ? incumbent : run->best;
    double work = (double)(nodes - run->last_node) * glp_get_num_rows(P);
    if (run->p->stall_work > 0 && incumbent < LP_INF && work > run->p->stall_work)
        glp_ios_terminate(T); /* never before there is a plan to return */
    double t = clock_now();
    if (t > run->deadline) {
        glp_ios_terminate(T);
        return;
    }
    if (glp_ios_reason(T) == GLP_IHEUR) {
        if (run->start && !run->offered) {
            run->offered = true;
            glp_ios_heur_sol(T, run->start);
        }
        offer_rounded(T, run);
    }
    if (run->p->progress && t - run->last_tick >= 0.5) {
        run->last_tick = t;
        run->p->progress(incumbent, run->bound, run->p->info);
    }
}

static int bound_type(double lb, double ub)
{
    bool lo = lb > -LP_INF, up = ub < LP_INF;
    if (lo && up)
        return lb >= ub ? GLP_FX : GLP_DB; /* the model sets equal bounds to fix */
    return lo ? GLP_LO : up ? GLP_UP : GLP_FR;
}

/* Copy the lp into a new GLPK problem. */
static glp_prob *load(const lp *m, int *ia, int *ja, double *ar)
{
    glp_prob *P = glp_create_prob();
    glp_set_obj_dir(P, GLP_MIN);
    int rows = lp_rows(m), cols = lp_cols(m);
    if (rows > 0)
        glp_add_rows(P, rows);
    if (cols > 0)
        glp_add_cols(P, cols);
    for (int i = 0; i < rows; i++) {
        double lb, ub;
        lp_row(m, i, &lb, &ub);
        glp_set_row_bnds(P, i + 1, bound_type(lb, ub), lb > -LP_INF ? lb : 0, ub < LP_INF ? ub : 0);
    }
    for (int j = 0; j < cols; j++) {
        double lb, ub, cost;
        bool integer;
        lp_col(m, j, &lb, &ub, &cost, &integer);
        glp_set_col_bnds(P, j + 1, bound_type(lb, ub), lb > -LP_INF ? lb : 0, ub < LP_INF ? ub : 0);
        glp_set_obj_coef(P, j + 1, cost);
        if (integer)
            glp_set_col_kind(P, j + 1, GLP_IV);
    }
    glp_set_obj_coef(P, 0, lp_offset(m));
    size_t n = lp_coefs(m);
    for (size_t k = 0; k < n; k++) {
        int row, col;
        lp_coef(m, k, &row, &col, &ar[k + 1]);
        ia[k + 1] = row + 1;
        ja[k + 1] = col + 1;
    }
    glp_load_matrix(P, (int)n, ia, ja, ar);
    return P;
}

static double io_gap(const solver_params *p) { return p->gap > 0 ? p->gap : 0; }

bool solver_within_gap(double value, double bound, double gap)
{
    return value - bound <= gap * fmax(fabs(value), 1e-9);
}

static int millis(double seconds)
{
    if (seconds <= 0 || seconds * 1000 >= INT_MAX)
        return INT_MAX;
    return seconds * 1000 < 1 ? 1 : (int)(seconds * 1000);
}

/* GLPK's time limit for what is left until deadline (LP_INF: none); a
 * deadline already passed leaves a millisecond, not an unlimited solve. */
static int millis_until(double deadline)
{
    if (deadline >= LP_INF)
        return INT_MAX;
    double left = deadline - clock_now();
    return left < 0.001 ? 1 : millis(left);
}

/* Add the rows of pool that the current solution of P violates; how many. */
static int add_violated(glp_prob *P, glp_prob *pool, int *ind, double *val, double *x)
{
    int cols = glp_get_num_cols(P), added = 0;
    for (int j = 1; j <= cols; j++)
        x[j] = glp_get_col_prim(P, j);
    for (int i = 1; i <= glp_get_num_rows(pool); i++) {
        int len = glp_get_mat_row(pool, i, ind, val), type = glp_get_row_type(pool, i);
        double lb = glp_get_row_lb(pool, i), ub = glp_get_row_ub(pool, i), act = 0;
        for (int k = 1; k <= len; k++)
            act += val[k] * x[ind[k]];
        double violation = type == GLP_LO ? lb - act : type == GLP_UP ? act - ub : 0;
        if (violation <= 1e-6 * (1 + fabs(type == GLP_LO ? lb : ub)))
            continue;
        int row = glp_add_rows(P, 1);
        glp_set_mat_row(P, row, len, ind, val);
        glp_set_row_bnds(P, row, type, lb, ub);
        added++;
    }
    return added;
}

/* A basic integer column of P and the fractional part of its value. */
typedef struct {
    int j;
    double frac;
} fractional;

static int cmp_fractional(const void *a, const void *b)
{
    const fractional *fa = a, *fb = b;
    if (fa->frac != fb->frac)
        return fa->frac > fb->frac ? -1 : 1;
    return (fa->j > fb->j) - (fa->j < fb->j);
}

/* Gomory's mixed-integer cuts on P's basis into pool, as glp_gmi_gen makes
 * them (from the basic integer columns with a fractional part of 0.05 to
 * 0.95, the largest part first; a cut with a coefficient below 1e-3 or above
 * 1e3 is dropped), until deadline. Each takes a row
 * of the simplex tableau, which GLPK computes without a clock: after a round
 * of dense cuts in the basis a row can take half a second, and glp_gmi_gen
 * tries every fractional column until it has its cuts (25 s of a balance
 * level's 12 s on generated data). ind, val: 1 + columns each. */
static void gomory_cuts(glp_prob *P, glp_prob *pool, double deadline, int *ind, double *val)
{
    int rows = glp_get_num_rows(P), cols = glp_get_num_cols(P), n = 0;
    fractional *cand = malloc(((size_t)cols + 1) * sizeof(fractional));
    double *phi = malloc(((size_t)rows + (size_t)cols + 1) * sizeof(double));
    if (!cand || !phi)
        goto out;
    for (int j = 1; j <= cols; j++) {
        if (glp_get_col_kind(P, j) == GLP_CV || glp_get_col_type(P, j) == GLP_FX ||
            glp_get_col_stat(P, j) != GLP_BS)
            continue;
        double v = glp_get_col_prim(P, j), f = v - floor(v);
        if (f >= 0.05 && f <= 0.95)
            cand[n++] = (fractional){j, f};
    }
    qsort(cand, (size_t)n, sizeof *cand, cmp_fractional);
    for (int k = 0; k < n && clock_now() < deadline; k++) {
        int len = glp_gmi_cut(P, cand[k].j, ind, val, phi);
        bool keep = len >= 1;
        for (int t = 1; keep && t <= len; t++)
            keep = fabs(val[t]) >= 1e-3 && fabs(val[t]) <= 1e3;
        if (!keep)
            continue;
        int row = glp_add_rows(pool, 1);
        glp_set_mat_row(pool, row, len, ind, val);
        glp_set_row_bnds(pool, row, GLP_LO, val[0], 0);
    }
out:
    free(cand);
    free(phi);
}

/* Rounds of mixed-integer rounding cuts on the root relaxation (P solved to
 * optimality), while they raise its bound and it is not yet within gap of
 * target (the objective of the plan GLPK will be given, or LP_INF), until
 * deadline (LP_INF: none); with gomory, the first round Gomory's
 * mixed-integer cuts as well (one round: over a basis with their dense rows in
 * it, every later tableau row costs an order of magnitude more). GLPK's branch-and-cut can make MIR
 * cuts too (off in solver_solve, as these do it), but stops after a round or two, where the balance
 * level's bound needs several rounds to close (docs/formulation.md). On failure P is left as it
 * was, solved. */
static void add_root_cuts(glp_prob *P, glp_smcp *sm, double target, double gap, double deadline,
                          bool gomory)
{
    int rows = glp_get_num_rows(P), cols = glp_get_num_cols(P);
    int *ind = malloc(((size_t)cols + 1) * sizeof(int));
    double *val = malloc(((size_t)cols + 1) * sizeof(double));
    double *x = malloc(((size_t)cols + 1) * sizeof(double));
    glp_mir *mir = ind && val && x ? glp_mir_init(P) : NULL;
    solver_basis solved = {0}; /* to go back to without a cold solve */
    keep_basis(P, &solved);
    sm->presolve = GLP_OFF; /* from the basis P has */
    for (int round = 0; mir && round < CUT_ROUNDS; round++) {
        double before = glp_get_obj_val(P);
        if (solver_within_gap(target, before, gap))
            break;
        glp_prob *pool = glp_create_prob();
        glp_add_cols(pool, cols);
        glp_mir_gen(P, mir, pool);
        /* Gomory's cuts come from the basis factorization, which a presolved
         * simplex does not leave */
        if (gomory && round == 0 && (glp_bf_exists(P) || glp_factorize(P) == 0))
            gomory_cuts(P, pool, deadline, ind, val);
        int added = add_violated(P, pool, ind, val, x);
        glp_delete_prob(pool);
        sm->tm_lim = millis_until(deadline);
        if (added == 0 || sm->tm_lim <= 1)
            break;
        if (glp_simplex(P, sm) != 0 || glp_get_status(P) != GLP_OPT) {
            int n = glp_get_num_rows(P) - rows;               /* back to the rows before the cuts */
            int *cut = malloc(((size_t)n + 1) * sizeof(int)); /* more cuts than columns, maybe */
            if (!cut)
                break; /* the cuts stay: valid, only the basis is not optimal */
            for (int k = 1; k <= n; k++)
                cut[k] = rows + k;
            glp_del_rows(P, n, cut);
            free(cut);
            if (!restore_basis(P, &solved))
                glp_std_basis(P);
            sm->tm_lim = INT_MAX; /* from the optimal basis: no iterations */
            glp_simplex(P, sm);
            break;
        }
        if (glp_get_obj_val(P) - before <= 1e-6 * (1 + fabs(before)))
            break;
    }
    if (mir)
        glp_mir_free(mir);
    free(solved.stat);
    free(ind);
    free(val);
    free(x);
}

/* Whether the plan to offer (start, 1-based, when *offer) is within p's gap of
 * the root's bound (P solved, cuts added), so that branch-and-cut has nothing
 * to add. Where it is not, the root's relaxation is rounded by p->round (when
 * set: relaxed and rounded are its scratch), and the plan rounded is kept in
 * start (*offer set) where it is better. */
static bool root_proves(glp_prob *P, const lp *m, const solver_params *p, bool *offer,
                        double *start, double *relaxed, double *rounded)
{
    int cols = glp_get_num_cols(P);
    double bound = glp_get_obj_val(P);
    double value = *offer ? lp_value(m, start + 1) : LP_INF;
    if (value < LP_INF && solver_within_gap(value, bound, io_gap(p)))
        return true;
    if (!p->round || !rounded)
        return false;
    for (int j = 1; j <= cols; j++)
        relaxed[j] = glp_get_col_prim(P, j);
    if (p->round(relaxed + 1, rounded + 1, p->info) != 0 ||
        lp_value(m, rounded + 1) >= value - 1e-9)
        return false;
    memcpy(start + 1, rounded + 1, (size_t)cols * sizeof(double));
    start[0] = 0;
    *offer = true;
    value = lp_value(m, start + 1);
    return solver_within_gap(value, bound, io_gap(p));
}

int solver_solve(const lp *m, const solver_params *p, double *x, solver_result *r)
{
    memset(r, 0, sizeof *r);
    r->status = SOLVER_ERROR;
    double t0 = clock_now();
    double deadline = p->time_limit > 0 ? t0 + p->time_limit : LP_INF;
    size_t n = lp_coefs(m);
    int cols = lp_cols(m);
    int *ia = malloc((n + 1) * sizeof(int));
    int *ja = malloc((n + 1) * sizeof(int));
    double *ar = malloc((n + 1) * sizeof(double));
    /* GLPK takes an offered solution as it is, without checking it: only a feasible one */
    bool offer = p->start && lp_feasible(m, p->start);
    /* scratch for p->round; without it, no rounding: it only helps */
    double *relaxed = p->round && !p->relax ? malloc(((size_t)cols + 1) * sizeof(double)) : NULL;
    double *rounded = relaxed ? malloc(((size_t)cols + 1) * sizeof(double)) : NULL;
    /* the plan offered: p->start, or the root's rounded relaxation where better */
    double *start = offer || rounded ? malloc(((size_t)cols + 1) * sizeof(double)) : NULL;
    glp_prob *volatile P = NULL;
    jmp_buf env;
    volatile int rc = -1;
    if (!ia || !ja || !ar || ((offer || rounded) && !start) || lp_failed(m)) {
        snprintf(r->message, sizeof r->message, "out of memory building the model");
        r->status = SOLVER_NO_MEMORY;
        goto out;
    }
    if (offer) {
        start[0] = 0;
        memcpy(start + 1, p->start, (size_t)cols * sizeof(double));
    }
    glp_term_hook(on_term, (void *)p);
    if (setjmp(env)) {
        /* GLPK failed inside; its environment (and P) is gone once freed. */
        glp_free_env();
        P = NULL;
        snprintf(r->message, sizeof r->message, "GLPK failed (see its output with -v)");
        r->status = SOLVER_ERROR;
        rc = -1;
        goto out;
    }
    glp_error_hook(on_error, &env);
    /* for tests only: a memory cap in MB makes GLPK fail inside (tests/suites/glpk.sh) */
    const char *cap = getenv("OMFORDEL_GLPK_MEM_LIMIT");
    if (cap)
        glp_mem_limit((int)strtol(cap, NULL, 10));
    P = load(m, ia, ja, ar);

    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_ERR;
    sm.tm_lim = millis(p->time_limit);
    /* from the basis kept (the presolver would drop it), else from scratch */
    bool warm = !p->no_presolve && restore_basis(P, p->basis);
    sm.presolve = warm || p->no_presolve ? GLP_OFF : GLP_ON;
    if (p->no_presolve) { /* as the presolver does with what it leaves */
        if (!p->no_scale)
            glp_scale_prob(P, GLP_SF_AUTO);
        glp_adv_basis(P, 0);
    }
    int ret = glp_simplex(P, &sm);
    if (warm && ret != 0 && ret != GLP_ETMLIM) { /* a basis GLPK cannot use */
        sm.presolve = GLP_ON;
        sm.tm_lim = millis_until(deadline);
        ret = glp_simplex(P, &sm);
    }
    if (ret == GLP_ENOPFS || (ret == 0 && glp_get_status(P) == GLP_NOFEAS)) {
        r->status = SOLVER_INFEASIBLE;
        rc = 0;
        goto out;
    }
    if (ret == GLP_ETMLIM) {
        r->status = SOLVER_NONE;
        rc = 0;
        goto out;
    }
    if (ret != 0 || glp_get_status(P) != GLP_OPT) {
        snprintf(r->message, sizeof r->message,
                 "the LP relaxation failed (glp_simplex %d, status %d)", ret, glp_get_status(P));
        goto out;
    }
    keep_basis(P, p->basis);
    if (p->relax) {
        for (int j = 0; j < cols; j++)
            x[j] = glp_get_col_prim(P, j + 1);
        r->objective = r->bound = glp_get_obj_val(P);
        r->status = SOLVER_OPTIMAL;
        rc = 0;
        goto out;
    }

    double root = glp_get_obj_val(P); /* a bound: the relaxation is solved */
    if (lp_rows(m) <= BIG_ROWS)
        add_root_cuts(P, &sm, offer ? lp_value(m, p->start) : LP_INF, io_gap(p), deadline,
                      p->gomory);
    if (root_proves(P, m, p, &offer, start, relaxed, rounded)) {
        memcpy(x, start + 1, (size_t)cols * sizeof(double));
        r->objective = lp_value(m, x);
        r->bound = fmin(glp_get_obj_val(P), r->objective);
        r->status = r->bound >= r->objective ? SOLVER_OPTIMAL : SOLVER_FEASIBLE;
        rc = 0;
        goto out;
    }
    glpk_run run = {.p = p,
                    .start = offer ? start : NULL,
                    .rounded = rounded ? 1 : 0,
                    .bound = glp_get_obj_val(P),
                    .best = LP_INF,
                    .last_tick = t0,
                    .t0 = t0,
                    .relaxed = relaxed,
                    .plan = rounded,
                    .deadline = deadline};
    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_ON;
    io.presolve = GLP_OFF; /* the LP basis from glp_simplex is kept */
    /* On big models the root rounds of cuts and the feasibility pump ignore the
     * time limit and seldom pay: leave them to small ones. */
    int on = lp_rows(m) <= BIG_ROWS ? GLP_ON : GLP_OFF;
    io.cov_cuts = io.clq_cuts = on;
    /* MIR cuts, and Gomory's where asked for: add_root_cuts made them already;
     * GLPK's own would repeat the work, and its Gomory cuts at a node, over a
     * basis with dense cuts in it, cost seconds a node on Slagelse-size models
     * without raising the bound */
    io.mir_cuts = GLP_OFF;
    io.gmi_cuts = p->gomory ? GLP_OFF : on;
    io.fp_heur = p->no_pump ? GLP_OFF : on;
    /* Driebeck-Tomlin branching evaluates a tableau row per candidate: too slow on
     * big models, and where Gomory's dense rows were added; there GLPK branches
     * on the most fractional column */
    if (on == GLP_OFF || p->gomory)
        io.br_tech = GLP_BR_MFV;
    io.mip_gap = io_gap(p);
    io.tm_lim = millis_until(deadline);
    io.cb_func = on_tree;
    io.cb_info = &run;
    ret = glp_intopt(P, &io);
    int status = glp_mip_status(P);
    if (status == GLP_OPT || status == GLP_FEAS) {
        for (int j = 0; j < cols; j++)
            x[j] = glp_mip_col_val(P, j + 1);
        r->objective = glp_mip_obj_val(P);
        bool done = ret == 0 && status == GLP_OPT;
        r->bound = done ? r->objective : run.bound < r->objective ? run.bound : r->objective;
        r->status = done ? SOLVER_OPTIMAL : SOLVER_FEASIBLE;
        rc = 0;
    } else if (status == GLP_NOFEAS) {
        r->status = SOLVER_INFEASIBLE;
        rc = 0;
    } else if (ret == GLP_ETMLIM || ret == GLP_ESTOP) {
        r->status = SOLVER_NONE;
        r->bound = run.bound;
        rc = 0;
    } else if (offer) {
        /* GLPK failed on numbers (weights of 0.001 and 1000 in one model leave bases
         * singular to its precision): the start offered is still a plan */
        memcpy(x, start + 1, (size_t)cols * sizeof(double));
        r->objective = lp_value(m, x);
        r->bound = root < r->objective ? root : r->objective;
        r->status = SOLVER_FEASIBLE;
        rc = 0;
    } else {
        snprintf(r->message, sizeof r->message, "branch-and-cut failed (glp_intopt %d)", ret);
    }
out:
    if (P)
        glp_delete_prob(P);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    glp_free_env();
    free(ia);
    free(ja);
    free(ar);
    free(start);
    free(relaxed);
    free(rounded);
    r->seconds = clock_now() - t0;
    return rc;
}
