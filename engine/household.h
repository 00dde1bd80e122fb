/* household.h - the cases of each household, and whether one caseworker may hold them all */
#ifndef OM_HOUSEHOLD_H
#define OM_HOUSEHOLD_H

#include <stdbool.h>

#include "scenario.h"

typedef struct {
    int n;              /* households: s->n_households */
    int *first, *cases; /* cases of household h: cases[first[h] .. first[h+1]), input order */
    int *pin;           /* staff its pinned cases hold it to; -1: none, -2: two different */
    bool *whole;        /* the hard rules let one staying caseworker hold all of it */
    bool *together;     /* the plan keeps it with one caseworker: whole, or rule hard */
} hh_index;

/* returns new (caller frees with hh_destroy), or NULL when out of memory */
hh_index *hh_create(const om_scenario *s);
void hh_destroy(hh_index **h);

/* Whether staying staff member i may hold all of household h's cases: qualified
 * for each segment, and a department they may join (their fixed one when fixed)
 * serves them all. */
bool hh_holds(const om_scenario *s, const hh_index *x, int h, int i);

#endif
