/* num.h - comparing and rounding doubles with a tolerance */
#ifndef OM_NUM_H
#define OM_NUM_H

#include <math.h>
#include <stdbool.h>

#define NUM_EPS 1e-9

/* Whether a and b are equal up to NUM_EPS, relative to their size. */
static inline bool num_eq(double a, double b)
{
    return fabs(a - b) <= NUM_EPS * fmax(1.0, fmax(fabs(a), fabs(b)));
}

/* The nearest whole number of a solver value meant to be integral. */
static inline long num_round(double a) { return lround(a); }

#endif
