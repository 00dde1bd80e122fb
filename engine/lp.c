/* lp.c - a mixed-integer linear program as growing arrays */
#include "lp.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
    double lb, ub, cost;
    bool integer;
} lp_colinfo;

typedef struct {
    double lb, ub;
} lp_rowinfo;

typedef struct {
    int row, col;
    double a;
} lp_triplet;

struct lp {
    lp_colinfo *cols;
    int n_cols, a_cols;
    lp_rowinfo *rows;
    int n_rows, a_rows;
    lp_triplet *coefs;
    size_t n_coefs, a_coefs;
    double offset;
    bool failed; /* an addition failed: the program is incomplete */
};

lp *lp_create(void) { return calloc(1, sizeof(lp)); }

void lp_destroy(lp **m)
{
    if (!m || !*m)
        return;
    free((*m)->cols);
    free((*m)->rows);
    free((*m)->coefs);
    free(*m);
    *m = NULL;
}

/* Make room for one more element of size elem in *items holding n of alloc. */
static int reserve(void **items, size_t n, size_t *alloc, size_t elem)
{
    if (n < *alloc)
        return 0;
    size_t more = *alloc ? 2 * *alloc : 256;
    void *p = realloc(*items, more * elem);
    if (!p)
        return -1;
    *items = p;
    *alloc = more;
    return 0;
}

int lp_add_col(lp *m, double lb, double ub, double cost, bool integer)
{
    size_t alloc = (size_t)m->a_cols;
    if (reserve((void **)&m->cols, (size_t)m->n_cols, &alloc, sizeof(lp_colinfo)) < 0) {
        m->failed = true;
        return -1;
    }
    m->a_cols = (int)alloc;
    m->cols[m->n_cols] = (lp_colinfo){lb, ub, cost, integer};
    return m->n_cols++;
}

int lp_add_row(lp *m, double lb, double ub)
{
    size_t alloc = (size_t)m->a_rows;
    if (reserve((void **)&m->rows, (size_t)m->n_rows, &alloc, sizeof(lp_rowinfo)) < 0) {
        m->failed = true;
        return -1;
    }
    m->a_rows = (int)alloc;
    m->rows[m->n_rows] = (lp_rowinfo){lb, ub};
    return m->n_rows++;
}

long lp_add_coef(lp *m, int row, int col, double a)
{
    /* a row or column whose addition failed comes as -1 */
    if (row < 0 || col < 0 ||
        reserve((void **)&m->coefs, m->n_coefs, &m->a_coefs, sizeof(lp_triplet)) < 0) {
        m->failed = true;
        return -1;
    }
    m->coefs[m->n_coefs] = (lp_triplet){row, col, a};
    return (long)m->n_coefs++;
}

void lp_change_coef(lp *m, long k, double a) { m->coefs[k].a = a; }

bool lp_failed(const lp *m) { return m->failed; }

void lp_set_cost(lp *m, int col, double cost) { m->cols[col].cost = cost; }

void lp_set_col_bounds(lp *m, int col, double lb, double ub)
{
    m->cols[col].lb = lb;
    m->cols[col].ub = ub;
}

void lp_set_row_bounds(lp *m, int row, double lb, double ub)
{
    m->rows[row].lb = lb;
    m->rows[row].ub = ub;
}

void lp_clear_costs(lp *m)
{
    for (int j = 0; j < m->n_cols; j++)
        m->cols[j].cost = 0;
    m->offset = 0;
}

void lp_set_offset(lp *m, double offset) { m->offset = offset; }
double lp_offset(const lp *m) { return m->offset; }

int lp_cols(const lp *m) { return m->n_cols; }
int lp_rows(const lp *m) { return m->n_rows; }
size_t lp_coefs(const lp *m) { return m->n_coefs; }

void lp_col(const lp *m, int col, double *lb, double *ub, double *cost, bool *integer)
{
    const lp_colinfo *c = &m->cols[col];
    *lb = c->lb;
    *ub = c->ub;
    *cost = c->cost;
    *integer = c->integer;
}

double lp_col_lb(const lp *m, int col) { return m->cols[col].lb; }
double lp_col_ub(const lp *m, int col) { return m->cols[col].ub; }

void lp_row(const lp *m, int row, double *lb, double *ub)
{
    *lb = m->rows[row].lb;
    *ub = m->rows[row].ub;
}

void lp_coef(const lp *m, size_t k, int *row, int *col, double *a)
{
    *row = m->coefs[k].row;
    *col = m->coefs[k].col;
    *a = m->coefs[k].a;
}

double lp_value(const lp *m, const double *x)
{
    double v = m->offset;
    for (int j = 0; j < m->n_cols; j++)
        v += m->cols[j].cost * x[j];
    return v;
}

void lp_activity(const lp *m, const double *x, double *act)
{
    for (int i = 0; i < m->n_rows; i++)
        act[i] = 0;
    for (size_t k = 0; k < m->n_coefs; k++)
        act[m->coefs[k].row] += m->coefs[k].a * x[m->coefs[k].col];
}

double lp_violation_with(const lp *m, const double *x, double *act)
{
    double worst = 0;
    for (int j = 0; j < m->n_cols; j++) {
        const lp_colinfo *c = &m->cols[j];
        worst = fmax(worst, fmax(c->lb - x[j], x[j] - c->ub));
        if (c->integer)
            worst = fmax(worst, fabs(x[j] - round(x[j])));
    }
    lp_activity(m, x, act);
    for (int i = 0; i < m->n_rows; i++)
        worst = fmax(worst, fmax(m->rows[i].lb - act[i], act[i] - m->rows[i].ub));
    return worst;
}

double lp_violation(const lp *m, const double *x)
{
    double *act = malloc(((size_t)m->n_rows + 1) * sizeof(double));
    if (!act)
        return INFINITY;
    double worst = lp_violation_with(m, x, act);
    free(act);
    return worst;
}

bool lp_feasible(const lp *m, const double *x) { return lp_violation(m, x) <= 1e-6; }
