/* plan_in.h - read a plan.json back, for explain and diff */
#ifndef OM_PLAN_IN_H
#define OM_PLAN_IN_H

#include "diag.h"

typedef struct {
    const char *id, *segment, *from, *to, *to_department, *reason;
    double weight;
    int moved;
} plan_row;

typedef struct {
    const char *id, *department; /* department "" for leavers */
    double capacity, points_before, points_after, utilisation; /* NAN when empty */
    int cases_before, cases_after;
} plan_worker;

typedef struct plan_doc plan_doc;

/* returns new (caller frees with plan_doc_destroy), or NULL with the reason in d */
plan_doc *plan_doc_read(const char *path, diags *d);
void plan_doc_destroy(plan_doc **p);

/* All borrowed, valid until plan_doc_destroy. */
const char *plan_doc_scenario(const plan_doc *p);
int plan_doc_cases(const plan_doc *p);
const plan_row *plan_doc_case(const plan_doc *p, int i);
/* The row of the case with that id, or NULL. */
const plan_row *plan_doc_find_case(const plan_doc *p, const char *id);
int plan_doc_workers(const plan_doc *p);
const plan_worker *plan_doc_worker(const plan_doc *p, int i);
const plan_worker *plan_doc_find_worker(const plan_doc *p, const char *id);

#endif
