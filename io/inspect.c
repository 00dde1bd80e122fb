/* inspect.c - reading a plan back for people: explain and diff */
#include "inspect.h"

#include <math.h>
#include <string.h>

/* " (at 112 % after the plan)" for a caseworker with a known utilisation. */
static void utilisation_note(FILE *f, const plan_worker *w, const char *when)
{
    if (w && !isnan(w->utilisation))
        fprintf(f, " (%s: %.0f %%)", when, 100 * w->utilisation);
}

int inspect_explain(FILE *f, const plan_doc *p, const char *case_id)
{
    const plan_row *r = plan_doc_find_case(p, case_id);
    if (!r)
        return -1;
    const plan_worker *from = plan_doc_find_worker(p, r->from);
    const plan_worker *to = plan_doc_find_worker(p, r->to);
    const char *dep = r->to_department;
    fprintf(f, "Case %s (%s): ", r->id, r->segment);
    if (strcmp(r->reason, "pinned") == 0) {
        fprintf(f, "pinned, so it stays with %s in %s", r->to, dep);
    } else if (strcmp(r->reason, "kept") == 0) {
        fprintf(f, "stays with %s, who joins %s, which serves %s", r->to, dep, r->segment);
        utilisation_note(f, to, "their load after the plan");
    } else if (strcmp(r->reason, "caseworker_leaves") == 0) {
        fprintf(f, "moves from %s to %s in %s, because %s leaves", r->from, r->to, dep, r->from);
    } else if (strcmp(r->reason, "no_caseworker") == 0) {
        fprintf(f, "has no caseworker today and goes to %s in %s", r->to, dep);
    } else if (strcmp(r->reason, "department_change") == 0) {
        fprintf(f, "moves from %s to %s in %s, because %s joins %s, where %s cannot hold %s cases",
                r->from, r->to, dep, r->from, from ? from->department : "another department",
                r->from, r->segment);
    } else {
        fprintf(f, "moves from %s to %s in %s to keep loads within the caps: %s would carry "
                   "too much",
                r->from, r->to, dep, r->from);
        utilisation_note(f, from, "their load after the plan");
    }
    fputs(".\n", f);
    return 0;
}

long inspect_diff(FILE *f, const plan_doc *a, const plan_doc *b)
{
    long workers = 0, cases = 0;
    /* count first, so each block is headed by its size */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            fprintf(f, "# caseworkers whose department differs: %ld\ncaseworker,%s,%s\n", workers,
                    plan_doc_scenario(a), plan_doc_scenario(b));
        for (int i = 0; i < plan_doc_workers(a); i++) {
            const plan_worker *wa = plan_doc_worker(a, i);
            const plan_worker *wb = plan_doc_find_worker(b, wa->id);
            const char *db = wb ? wb->department : "";
            if (strcmp(wa->department, db) != 0) {
                if (pass == 0)
                    workers++;
                else
                    fprintf(f, "%s,%s,%s\n", wa->id, wa->department, db);
            }
        }
        for (int i = 0; i < plan_doc_workers(b); i++) {
            const plan_worker *wb = plan_doc_worker(b, i);
            if (plan_doc_find_worker(a, wb->id))
                continue;
            if (pass == 0)
                workers++;
            else
                fprintf(f, "%s,,%s\n", wb->id, wb->department);
        }
    }
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            fprintf(f, "# cases whose caseworker differs: %ld\ncase,%s,%s\n", cases,
                    plan_doc_scenario(a), plan_doc_scenario(b));
        for (int i = 0; i < plan_doc_cases(a); i++) {
            const plan_row *ra = plan_doc_case(a, i);
            const plan_row *rb = plan_doc_find_case(b, ra->id);
            const char *tb = rb ? rb->to : "";
            if (strcmp(ra->to, tb) != 0) {
                if (pass == 0)
                    cases++;
                else
                    fprintf(f, "%s,%s,%s\n", ra->id, ra->to, tb);
            }
        }
        for (int i = 0; i < plan_doc_cases(b); i++) {
            const plan_row *rb = plan_doc_case(b, i);
            if (plan_doc_find_case(a, rb->id))
                continue;
            if (pass == 0)
                cases++;
            else
                fprintf(f, "%s,,%s\n", rb->id, rb->to);
        }
    }
    return workers + cases;
}
