/* test_solver.c - the door to GLPK: starts it is offered, bases it keeps */
#include <math.h>

#include "check.h"
#include "solver.h"

/* min x + y  s.t.  x + y >= 2.5, x - y <= 1, x, y integer in [0, 10]: 3 */
static lp *small_mip(void)
{
    lp *m = lp_create();
    int x = lp_add_col(m, 0, 10, 1, true), y = lp_add_col(m, 0, 10, 1, true);
    int r = lp_add_row(m, 2.5, LP_INF);
    lp_add_coef(m, r, x, 1);
    lp_add_coef(m, r, y, 1);
    r = lp_add_row(m, -LP_INF, 1);
    lp_add_coef(m, r, x, 1);
    lp_add_coef(m, r, y, -1);
    return m;
}

/* GLPK would take an offered solution without checking it; one that breaks a
 * row must not stand as the answer. */
static void test_infeasible_start_is_not_the_answer(void)
{
    lp *m = small_mip();
    double start[2] = {0, 0}, x[2];
    solver_params p = {.time_limit = 10, .start = start};
    solver_result r;
    expect(solver_solve(m, &p, x, &r) == 0);
    expect(r.status == SOLVER_OPTIMAL && near(r.objective, 3));
    expect(near(x[0] + x[1], 3));
    lp_destroy(&m);
}

/* A kept basis starts the next solve; a row added since joins it, and the
 * answer is the new optimum. */
static void test_warm_start_after_a_new_row(void)
{
    lp *m = small_mip();
    solver_basis *b = solver_basis_create();
    double x[2];
    solver_params p = {.time_limit = 10, .relax = true, .basis = b};
    solver_result r;
    expect(solver_solve(m, &p, x, &r) == 0 && near(r.objective, 2.5));
    int row = lp_add_row(m, 4.5, LP_INF); /* x + 2y >= 4.5 */
    lp_add_coef(m, row, 0, 1);
    lp_add_coef(m, row, 1, 2);
    expect(solver_solve(m, &p, x, &r) == 0 && r.status == SOLVER_OPTIMAL);
    expect(near(r.objective, 2.5)); /* x = 0.5, y = 2 */
    p.relax = false;
    expect(solver_solve(m, &p, x, &r) == 0 && r.status == SOLVER_OPTIMAL);
    expect(near(r.objective, 3) && x[0] + 2 * x[1] >= 4.5);
    lp_set_col_bounds(m, 0, 4, 10); /* x >= 4, so y >= 3 */
    expect(solver_solve(m, &p, x, &r) == 0 && r.status == SOLVER_OPTIMAL);
    expect(near(r.objective, 7) && near(x[0], 4) && near(x[1], 3));
    solver_basis_destroy(&b);
    lp_destroy(&m);
}

/* min P with x = 1 and x <= 5000 P: 0.0002. GLPK's presolver takes P >= 0.0002 for
 * no change to P >= 0 (within its 1e-3) and answers 0; without it, the answer. */
static void test_no_presolve_small_answer(void)
{
    lp *m = lp_create();
    int peak = lp_add_col(m, 0, LP_INF, 1, false), x = lp_add_col(m, 0, LP_INF, 0, false);
    int r = lp_add_row(m, 1, 1);
    lp_add_coef(m, r, x, 1);
    r = lp_add_row(m, -LP_INF, 0);
    lp_add_coef(m, r, x, 1);
    lp_add_coef(m, r, peak, -5000);
    double sol[2];
    for (int scaled = 0; scaled < 2; scaled++) {
        solver_params p = {
            .time_limit = 10, .relax = true, .no_presolve = true, .no_scale = !scaled};
        solver_result res;
        expect(solver_solve(m, &p, sol, &res) == 0 && res.status == SOLVER_OPTIMAL);
        expect(fabs(res.objective - 0.0002) < 1e-15 && lp_feasible(m, sol));
    }
    lp_destroy(&m);
}

int main(void)
{
    test_infeasible_start_is_not_the_answer();
    test_warm_start_after_a_new_row();
    test_no_presolve_small_answer();
    return test_failures != 0;
}
