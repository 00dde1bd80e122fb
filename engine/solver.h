/* solver.h - solve an lp with a MIP solver; the one door to GLPK */
#ifndef OM_SOLVER_H
#define OM_SOLVER_H

#include <stdbool.h>

#include "lp.h"

typedef enum {
    SOLVER_OPTIMAL,    /* proven optimal within the gap asked for */
    SOLVER_FEASIBLE,   /* a solution, not proven optimal (time limit) */
    SOLVER_INFEASIBLE, /* proven: no solution exists */
    SOLVER_NONE,       /* no solution found in time, none proven impossible */
    SOLVER_ERROR,      /* the solver failed; message says why */
    SOLVER_NO_MEMORY   /* out of memory before the solver could start; says nothing of
                          the model's numbers */
} solver_status;

/* The last optimal LP basis of one model, for the next solve of the same model
 * to start from instead of from scratch (a warm start). Rows added since are
 * taken into it as basic; a model with other columns starts cold. */
typedef struct solver_basis solver_basis;

/* returns new (caller frees with solver_basis_destroy), or NULL when out of memory */
solver_basis *solver_basis_create(void);
void solver_basis_destroy(solver_basis **b);
/* Whether b holds no basis yet (NULL holds none): a solve with it starts cold. */
bool solver_basis_empty(const solver_basis *b);

typedef struct {
    double time_limit;   /* seconds of wall-clock time; <= 0 means none */
    double gap;          /* relative MIP gap at which to stop */
    bool relax;          /* solve the LP relaxation only (integrality ignored) */
    bool no_presolve;    /* solve the LP without GLPK's presolver, whose tolerances are
                            absolute (an implied bound within 1e-3 of a bound is dropped):
                            a model whose answer is that small comes back wrong from it;
                            not with a basis to start from */
    bool no_scale;       /* with no_presolve: rows and columns as given, not scaled (the
                            scaling makes a row's bound small where its coefficients are
                            large, and GLPK's tolerance, relative to 1 + |bound|, loose) */
    bool no_pump;        /* without GLPK's feasibility pump: the simplex it runs has no
                            time limit, and on some placement programs it never ends */
    const double *start; /* a solution to offer branch-and-cut (if feasible), or NULL */
    solver_basis *basis; /* start the LP from it and keep the new one, or NULL */
    bool gomory;         /* the first round of cuts at the root adds Gomory's
                            mixed-integer cuts to the MIR ones, and branch-and-cut
                            makes none of its own after it */
    double stall_work;   /* stop once branch-and-cut has explored this much (nodes x
                            rows of the model) with no better plan or bound: unlike
                            a clock, the same on every run; 0: never */
    /* Each line the solver prints, when non-NULL. */
    void (*log)(const char *line, void *info);
    /* When non-NULL: turns the relaxation of a branch-and-cut node (of the first
     * eight) into a plan in x; returns 0 when x satisfies every row of the model,
     * and branch-and-cut is offered it. */
    int (*round)(const double *relaxed, double *x, void *info);
    /* Called now and then during branch-and-cut, when non-NULL. */
    void (*progress)(double best, double bound, void *info);
    void *info;
} solver_params;

typedef struct {
    solver_status status;
    double objective; /* of the solution returned, offset included */
    double bound;     /* proven lower bound on the optimum (minimisation) */
    double seconds;
    char message[256]; /* why, when status is SOLVER_ERROR or SOLVER_NO_MEMORY */
} solver_result;

/* Minimise m. x (lp_cols(m) entries) receives the solution when the status is
 * optimal or feasible. Returns 0, or -1 when status is SOLVER_ERROR or SOLVER_NO_MEMORY. */
int solver_solve(const lp *m, const solver_params *p, double *x, solver_result *r);

/* Whether value (minimised) is within the relative gap of bound, as GLPK measures it. */
bool solver_within_gap(double value, double bound, double gap);

#endif
