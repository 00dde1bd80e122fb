/* lp.h - a mixed-integer linear program as plain data, independent of any solver */
#ifndef OM_LP_H
#define OM_LP_H

#include <stdbool.h>
#include <stddef.h>

#define LP_INF 1e30 /* a bound at or beyond this is no bound */

typedef struct lp lp;

/* returns new, empty (caller frees with lp_destroy) */
lp *lp_create(void);
void lp_destroy(lp **m);

/* Add a column; returns its 0-based index, or -1 when out of memory. */
int lp_add_col(lp *m, double lb, double ub, double cost, bool integer);
/* Add a row lb <= a.x <= ub; returns its 0-based index, or -1. */
int lp_add_row(lp *m, double lb, double ub);
/* Add coefficient a(row, col); each (row, col) at most once. Returns its
 * 0-based index (for lp_change_coef), or -1 when out of memory. */
long lp_add_coef(lp *m, int row, int col, double a);
/* Change the value of the coefficient with index k. */
void lp_change_coef(lp *m, long k, double a);
/* Whether an addition failed (out of memory, or a row or column that had failed
 * to be added): the program is incomplete, and solver_solve refuses it. */
bool lp_failed(const lp *m);

void lp_set_cost(lp *m, int col, double cost);
void lp_set_col_bounds(lp *m, int col, double lb, double ub);
void lp_set_row_bounds(lp *m, int row, double lb, double ub);
/* Zero every cost and the constant. */
void lp_clear_costs(lp *m);
/* The objective's constant term. */
void lp_set_offset(lp *m, double offset);
double lp_offset(const lp *m);

int lp_cols(const lp *m);
int lp_rows(const lp *m);
size_t lp_coefs(const lp *m);
/* Read access for solvers; all borrowed, valid until the next change. */
void lp_col(const lp *m, int col, double *lb, double *ub, double *cost, bool *integer);
void lp_row(const lp *m, int row, double *lb, double *ub);
double lp_col_lb(const lp *m, int col);
double lp_col_ub(const lp *m, int col);
void lp_coef(const lp *m, size_t k, int *row, int *col, double *a);

/* The activity a.x of each row (act: lp_rows entries). */
void lp_activity(const lp *m, const double *x, double *act);
/* The largest amount by which x breaks a bound, a row or integrality (INFINITY when
 * out of memory). */
double lp_violation(const lp *m, const double *x);
/* The same with act (lp_rows entries) for scratch: never out of memory. */
double lp_violation_with(const lp *m, const double *x, double *act);
/* Whether x keeps every bound, row and integrality, within 1e-6. */
bool lp_feasible(const lp *m, const double *x);

/* Objective value of x (length lp_cols). */
double lp_value(const lp *m, const double *x);

#endif
