/* inspect.c - reading a plan back for people: explain and diff */
#include "inspect.h"

#include <math.h>
#include <string.h>

#include "textout.h"

/* " (at 112 % after the plan)" for a caseworker with a known utilisation. */
static void utilisation_note(FILE *f, const plan_worker *w, const char *when)
{
    if (w && !isnan(w->utilisation))
        fprintf(f, " (%s: %.0f %%)", when, 100 * w->utilisation);
}

/* A caseworker or department as people read it: "name (id)", or the id alone when it
 * has no name of its own. Into buf (size bytes); returns buf. */
static const char *named(const char *name, const char *id, char *buf, size_t size)
{
    if (name && *name && strcmp(name, id) != 0)
        snprintf(buf, size, "%s (%s)", name, id);
    else
        snprintf(buf, size, "%s", id);
    return buf;
}

/* The caseworker with that id as people read them, into buf. */
static const char *person(const plan_doc *p, const char *id, char *buf, size_t size)
{
    const plan_worker *w = plan_doc_find_worker(p, id);
    return named(w ? w->name : NULL, id, buf, size);
}

/* The department with that id as people read it, into buf. */
static const char *department(const plan_doc *p, const char *id, char *buf, size_t size)
{
    const char *why;
    const plan_meta *m = plan_doc_meta(p, &why);
    for (int k = 0; m && k < m->n_departments; k++)
        if (strcmp(m->departments[k].id, id) == 0)
            return named(m->departments[k].name, id, buf, size);
    return named(NULL, id, buf, size);
}

/* " Its household of 3 stays with ...": where the case's household goes, in one sentence
 * after the first. A household is united when its cases have two or more caseworkers
 * today and one after; split when they have two or more after. */
static void household_note(FILE *f, const plan_doc *p, const plan_row *r)
{
    int n = 0, before = 0, after = 0;
    const char *first_from = NULL, *first_to = NULL;
    char tb[512];
    if (!r->household[0])
        return;
    for (int i = 0; i < plan_doc_cases(p); i++) { /* each case counted once: 2+ differ */
        const plan_row *o = plan_doc_case(p, i);
        if (strcmp(o->household, r->household) != 0)
            continue;
        n++;
        if (o->from[0] && !first_from)
            first_from = o->from;
        if (!first_to)
            first_to = o->to;
        before += o->from[0] && strcmp(o->from, first_from) != 0 && before == 0;
        after += strcmp(o->to, first_to) != 0 && after == 0;
    }
    const char *to = person(p, r->to, tb, sizeof tb);
    if (after) {
        fprintf(f,
                " Its household of %d is split over several caseworkers: no one may hold it "
                "whole.",
                n);
    } else if (before) {
        fprintf(f, " Its household of %d, with several caseworkers today, is united with %s.", n,
                to);
    } else if (r->moved) {
        fprintf(f, " It moves with its household of %d to %s.", n, to);
    } else {
        fprintf(f, " Its household of %d stays with %s.", n, to);
    }
}

/* " Its change of caseworker counts 4.5: 3 (aktivitetsparat) x 1.5 (1 change in the last
 * 12 months).", where the plan weighs costs: the segment's move_cost times 1 +
 * repeat_change_factor x changes_12m, the changes read back from the case's cost. */
static void cost_note(FILE *f, const plan_doc *p, const plan_row *r)
{
    const char *why;
    const plan_meta *m = plan_doc_meta(p, &why);
    char cost[48], seg[48], factor[48];
    if (!m || !m->weighted || isnan(r->move_cost))
        return;
    double per_seg = 1;
    for (int k = 0; k < m->n_move_costs; k++)
        if (strcmp(m->move_costs[k].name, r->segment) == 0)
            per_seg = m->move_costs[k].value;
    double changes = m->repeat_change_factor > 0
                         ? round((r->move_cost / per_seg - 1) / m->repeat_change_factor)
                         : 0;
    fmt_num(r->move_cost, false, cost);
    fmt_num(per_seg, false, seg);
    fmt_num(1 + m->repeat_change_factor * changes, false, factor);
    fprintf(f,
            r->moved ? " Its change of caseworker counts %s"
                     : " A change of caseworker would count %s",
            cost);
    if (changes > 0)
        fprintf(f, ": %s (%s) x %s (%.0f %s in the last 12 months).", seg, r->segment, factor,
                changes, changes == 1 ? "change" : "changes");
    else
        fprintf(f, " (%s).", r->segment);
}

int inspect_explain(FILE *f, const plan_doc *p, const char *case_id)
{
    const plan_row *r = plan_doc_find_case(p, case_id);
    if (!r)
        return -1;
    const plan_worker *from_w = plan_doc_find_worker(p, r->from);
    const plan_worker *to_w = plan_doc_find_worker(p, r->to);
    char fb[512], tb[512], db[512], jb[512];
    const char *from = person(p, r->from, fb, sizeof fb), *to = person(p, r->to, tb, sizeof tb);
    const char *dep = department(p, r->to_department, db, sizeof db);
    fprintf(f, "Case %s (%s): ", r->id, r->segment);
    if (strcmp(r->reason, "pinned") == 0) {
        fprintf(f, "pinned, so it stays with %s in %s", to, dep);
    } else if (strcmp(r->reason, "kept") == 0) {
        fprintf(f, "stays with %s, who joins %s, which serves %s", to, dep, r->segment);
        utilisation_note(f, to_w, "their load after the plan");
    } else if (strcmp(r->reason, "caseworker_leaves") == 0) {
        fprintf(f, "moves from %s to %s in %s, because %s leaves", from, to, dep, r->from);
    } else if (strcmp(r->reason, "no_caseworker") == 0) {
        fprintf(f, "has no caseworker today and goes to %s in %s", to, dep);
    } else if (strcmp(r->reason, "department_change") == 0) {
        fprintf(f, "moves from %s to %s in %s, because %s joins %s, where %s cannot hold %s cases",
                from, to, dep, r->from,
                from_w ? department(p, from_w->department, jb, sizeof jb) : "another department",
                r->from, r->segment);
    } else {
        fprintf(f, "moves from %s to %s in %s to keep loads within the caps: %s would carry "
                   "too much",
                from, to, dep, r->from);
        utilisation_note(f, from_w, "their load after the plan");
    }
    fputc('.', f);
    household_note(f, p, r);
    cost_note(f, p, r);
    fputc('\n', f);
    return 0;
}

/* One side of a diff: records with an id and a value (a caseworker's department,
 * a case's new caseworker). */
typedef struct {
    int (*count)(const plan_doc *p);
    const char *(*id)(const plan_doc *p, int i);
    const char *(*value)(const plan_doc *p, int i);
    const char *(*value_of)(const plan_doc *p, const char *id); /* NULL when absent */
} diff_view;

static const char *worker_id(const plan_doc *p, int i) { return plan_doc_worker(p, i)->id; }
static const char *worker_dep(const plan_doc *p, int i) { return plan_doc_worker(p, i)->department; }
static const char *worker_dep_of(const plan_doc *p, const char *id)
{
    const plan_worker *w = plan_doc_find_worker(p, id);
    return w ? w->department : NULL;
}
static const char *case_id(const plan_doc *p, int i) { return plan_doc_case(p, i)->id; }
static const char *case_to(const plan_doc *p, int i) { return plan_doc_case(p, i)->to; }
static const char *case_to_of(const plan_doc *p, const char *id)
{
    const plan_row *r = plan_doc_find_case(p, id);
    return r ? r->to : NULL;
}

static void diff_row(FILE *f, const char *id, const char *va, const char *vb)
{
    static const csv_style plain = {',', false};
    csv_field(f, id, &plain);
    fputc(',', f);
    csv_field(f, va, &plain);
    fputc(',', f);
    csv_field(f, vb, &plain);
    fputc('\n', f);
}

/* The records whose value differs (or that only one plan has), as CSV headed by
 * "# title: count"; counted in a first pass so the head can say how many. */
static long diff_block(FILE *f, const char *title, const char *column, const diff_view *v,
                       const plan_doc *a, const plan_doc *b)
{
    long n = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            fprintf(f, "# %s: %ld\n%s,%s,%s\n", title, n, column, plan_doc_scenario(a),
                    plan_doc_scenario(b));
        for (int i = 0; i < v->count(a); i++) {
            const char *vb = v->value_of(b, v->id(a, i));
            if (vb && strcmp(v->value(a, i), vb) == 0)
                continue;
            if (pass == 0)
                n++;
            else
                diff_row(f, v->id(a, i), v->value(a, i), vb ? vb : "");
        }
        for (int i = 0; i < v->count(b); i++) {
            if (v->value_of(a, v->id(b, i)))
                continue;
            if (pass == 0)
                n++;
            else
                diff_row(f, v->id(b, i), "", v->value(b, i));
        }
    }
    return n;
}

long inspect_diff(FILE *f, const plan_doc *a, const plan_doc *b)
{
    static const diff_view workers = {plan_doc_workers, worker_id, worker_dep, worker_dep_of};
    static const diff_view cases = {plan_doc_cases, case_id, case_to, case_to_of};
    return diff_block(f, "caseworkers whose department differs", "caseworker", &workers, a, b) +
           diff_block(f, "cases whose caseworker differs", "case", &cases, a, b);
}
