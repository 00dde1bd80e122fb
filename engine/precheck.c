/* precheck.c - the hard rules that can be seen in the data before any solve */
#include "precheck.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "household.h"
#include "model.h"
#include "num.h"

#define SHOWN 5 /* ids named in one message; the rest are counted */

/* Ids for one message: the first SHOWN, then "and N more". */
typedef struct {
    char text[640];
    size_t len;
    int count;
} idlist;

static void idlist_add(idlist *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void idlist_add(idlist *l, const char *fmt, ...)
{
    if (l->count++ >= SHOWN)
        return;
    char item[112];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(item, sizeof item, fmt, ap);
    va_end(ap);
    int w =
        snprintf(l->text + l->len, sizeof l->text - l->len, "%s%s", l->count > 1 ? ", " : "", item);
    if (w > 0)
        l->len += (size_t)w < sizeof l->text - l->len ? (size_t)w : sizeof l->text - l->len - 1;
}

static const char *idlist_text(idlist *l)
{
    if (l->count > SHOWN)
        snprintf(l->text + l->len, sizeof l->text - l->len, " and %d more", l->count - SHOWN);
    return l->text;
}

/* A number for people: at most one decimal, none when whole. */
static const char *num(double x, char *buf, size_t size)
{
    snprintf(buf, size, "%.1f", x);
    size_t n = strlen(buf);
    if (n > 2 && strcmp(buf + n - 2, ".0") == 0)
        buf[n - 2] = '\0';
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, size, "0");
    return buf;
}

/* a > b beyond rounding noise */
static int above(double a, double b) { return a > b && !num_eq(a, b); }

typedef struct {
    const om_scenario *s;
    diags *d;
    int errors;
    int *elig_off, *elig; /* eligible departments of staff i: elig[elig_off[i] .. [i+1]) */
    int *cases_of;        /* case count per segment */
    char *served, *takeable;
    int *pin_off, *pins; /* pinned cases per staff member, by case index */
    int *stamp, *list;   /* scratch per segment */
    double *join_fte;    /* FTE of staying staff who can join each department */
    double *fixed_fte;   /* FTE of staying staff fixed in each department */
} check;

static void infeasible(check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void infeasible(check *c, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    diags_add(c->d, DIAG_INFEASIBLE, c->s->path, 0, 0, NULL, "%s", text);
    c->errors++;
}

static int stays(const om_scenario *s, int i) { return !s->staff[i].leaves; }

/* Eligible departments: the fixed one, else every one that serves a segment the
 * caseworker may take. */
static int build_eligible(check *c)
{
    const om_scenario *s = c->s;
    size_t n = 0, cap = 16;
    c->elig_off = malloc(((size_t)s->n_staff + 1) * sizeof(int));
    c->elig = malloc(cap * sizeof(int));
    if (!c->elig_off || !c->elig)
        return -1;
    for (int i = 0; i < s->n_staff; i++) {
        c->elig_off[i] = (int)n;
        if (!stays(s, i))
            continue;
        const om_staff *p = &s->staff[i];
        for (int d = 0; d < s->n_departments; d++) {
            int ok = p->department >= 0 ? d == p->department : 0;
            for (int k = 0; p->department < 0 && !ok && k < s->departments[d].n_segments; k++)
                ok = scenario_qualified(s, i, s->departments[d].segments[k]);
            if (!ok)
                continue;
            if (n == cap) {
                int *e = realloc(c->elig, 2 * cap * sizeof(int));
                if (!e)
                    return -1;
                c->elig = e;
                cap *= 2;
            }
            c->elig[n++] = d;
        }
    }
    c->elig_off[s->n_staff] = (int)n;
    return 0;
}

static void check_segments(check *c)
{
    const om_scenario *s = c->s;
    for (int d = 0; d < s->n_departments; d++)
        for (int k = 0; k < s->departments[d].n_segments; k++)
            c->served[s->departments[d].segments[k]] = 1;
    for (int i = 0; i < s->n_staff; i++)
        for (int e = c->elig_off[i]; e < c->elig_off[i + 1]; e++) {
            const om_department *dep = &s->departments[c->elig[e]];
            for (int k = 0; k < dep->n_segments; k++)
                if (scenario_qualified(s, i, dep->segments[k]))
                    c->takeable[dep->segments[k]] = 1;
        }
    for (int g = 0; g < s->n_segments; g++) {
        int n = c->cases_of[g];
        const char *word = n == 1 ? "case" : "cases";
        if (n > 0 && !c->served[g])
            infeasible(c, "segment %s has %d %s but no department serves it", s->segments[g].name,
                       n, word);
        else if (n > 0 && !c->takeable[g])
            infeasible(c,
                       "segment %s has %d %s but no staying caseworker can take them: none "
                       "is qualified for it and free to join a department that serves it",
                       s->segments[g].name, n, word);
    }
}

static void check_pinned(check *c)
{
    const om_scenario *s = c->s;
    idlist gone = {0}, unqualified = {0}, fixed = {0};
    for (int k = 0; k < s->n_cases; k++) {
        const om_case *cs = &s->cases[k];
        int i = cs->caseworker;
        if (!cs->pinned || i < 0)
            continue;
        const om_staff *p = &s->staff[i];
        if (p->leaves)
            idlist_add(&gone, "%s (%s)", cs->id, p->id);
        else if (!scenario_qualified(s, i, cs->segment))
            idlist_add(&unqualified, "%s (%s, %s)", cs->id, p->id, s->segments[cs->segment].name);
        else if (p->department >= 0 && !scenario_serves(s, p->department, cs->segment))
            idlist_add(&fixed, "%s (%s in %s, %s)", cs->id, p->id, s->departments[p->department].id,
                       s->segments[cs->segment].name);
    }
    if (gone.count)
        infeasible(c, "%d pinned %s with caseworkers who leave: %s", gone.count,
                   gone.count == 1 ? "case stays" : "cases stay", idlist_text(&gone));
    if (unqualified.count)
        infeasible(c, "%d pinned %s a caseworker not qualified for the segment: %s",
                   unqualified.count, unqualified.count == 1 ? "case has" : "cases have",
                   idlist_text(&unqualified));
    if (fixed.count)
        infeasible(c,
                   "%d pinned %s a caseworker fixed in a department that does not serve the "
                   "segment: %s",
                   fixed.count, fixed.count == 1 ? "case has" : "cases have", idlist_text(&fixed));
}

/* Pinned cases stay with their caseworker, so one department they can join must serve
 * all of their segments. */
static int check_pinned_together(check *c)
{
    const om_scenario *s = c->s;
    idlist stuck = {0};
    c->pin_off = calloc((size_t)s->n_staff + 2, sizeof(int));
    if (!c->pin_off)
        return -1;
    for (int k = 0; k < s->n_cases; k++)
        if (s->cases[k].pinned && s->cases[k].caseworker >= 0)
            c->pin_off[s->cases[k].caseworker + 2]++;
    for (int i = 0; i < s->n_staff; i++)
        c->pin_off[i + 2] += c->pin_off[i + 1];
    c->pins = malloc(((size_t)c->pin_off[s->n_staff + 1] + 1) * sizeof(int));
    if (!c->pins)
        return -1;
    for (int k = 0; k < s->n_cases; k++)
        if (s->cases[k].pinned && s->cases[k].caseworker >= 0)
            c->pins[c->pin_off[s->cases[k].caseworker + 1]++] = k;
    for (int i = 0; i < s->n_staff; i++) {
        if (!stays(s, i) || s->staff[i].department >= 0 || c->elig_off[i] == c->elig_off[i + 1])
            continue;
        int n = 0;
        for (int p = c->pin_off[i]; p < c->pin_off[i + 1]; p++) {
            int g = s->cases[c->pins[p]].segment;
            /* unserved or unqualified segments have their own message */
            if (c->stamp[g] == i + 1 || !c->served[g] || !scenario_qualified(s, i, g))
                continue;
            c->stamp[g] = i + 1;
            c->list[n++] = g;
        }
        int found = n == 0;
        for (int e = c->elig_off[i]; !found && e < c->elig_off[i + 1]; e++) {
            found = 1;
            for (int k = 0; found && k < n; k++)
                found = scenario_serves(s, c->elig[e], c->list[k]);
        }
        if (!found)
            idlist_add(&stuck, "%s", s->staff[i].id);
    }
    if (stuck.count)
        infeasible(c,
                   "%d %s pinned cases in segments that no single department they can join "
                   "serves together: %s",
                   stuck.count, stuck.count == 1 ? "caseworker has" : "caseworkers have",
                   idlist_text(&stuck));
    return 0;
}

static void check_fte(check *c)
{
    const om_scenario *s = c->s;
    char a[32], b[32];
    idlist lost = {0};
    double total = 0, min_sum = 0, max_sum = 0;
    int all_max = s->n_departments > 0, staying = 0;
    for (int i = 0; i < s->n_staff; i++) {
        if (!stays(s, i))
            continue;
        staying++;
        total += s->staff[i].fte;
        if (c->elig_off[i] == c->elig_off[i + 1])
            idlist_add(&lost, "%s", s->staff[i].id);
        for (int e = c->elig_off[i]; e < c->elig_off[i + 1]; e++)
            c->join_fte[c->elig[e]] += s->staff[i].fte;
        if (s->staff[i].department >= 0)
            c->fixed_fte[s->staff[i].department] += s->staff[i].fte;
    }
    if (lost.count)
        infeasible(c,
                   "%d staying %s no department: none serves a segment they are qualified "
                   "for: %s",
                   lost.count, lost.count == 1 ? "caseworker can join" : "caseworkers can join",
                   idlist_text(&lost));
    for (int d = 0; d < s->n_departments; d++) {
        const om_department *dep = &s->departments[d];
        double fixed = c->fixed_fte[d];
        if (above(dep->min_fte, c->join_fte[d]))
            infeasible(c,
                       "department %s needs at least %s FTE (min_fte) but the staying "
                       "caseworkers who can join it have %s FTE",
                       dep->id, num(dep->min_fte, a, sizeof a), num(c->join_fte[d], b, sizeof b));
        if (dep->max_fte >= 0 && above(fixed, dep->max_fte))
            infeasible(c,
                       "department %s takes at most %s FTE (max_fte) but %s FTE of staying "
                       "caseworkers are fixed in it",
                       dep->id, num(dep->max_fte, a, sizeof a), num(fixed, b, sizeof b));
        min_sum += dep->min_fte;
        if (dep->max_fte < 0)
            all_max = 0;
        else
            max_sum += dep->max_fte;
    }
    if (above(min_sum, total))
        infeasible(c,
                   "the departments need at least %s FTE together (min_fte) but the staying "
                   "caseworkers have %s FTE",
                   num(min_sum, a, sizeof a), num(total, b, sizeof b));
    if (all_max && staying > 0 && above(total, max_sum))
        infeasible(c,
                   "the departments take at most %s FTE together (max_fte) but the staying "
                   "caseworkers have %s FTE and each must join one",
                   num(max_sum, a, sizeof a), num(total, b, sizeof b));
}

/* Hundredths of an FTE, or -1 when fte is not a whole number of them. */
static long hundredths(double fte)
{
    double h = fte * 100;
    return fabs(h - round(h)) < 1e-6 ? lround(h) : -1;
}

/* bits |= bits << w, over words 64-bit words */
static void shift_or(uint64_t *bits, long words, long w)
{
    long ws = w / 64;
    int bs = (int)(w % 64);
    for (long k = words - 1; k >= ws; k--) {
        uint64_t v = bits[k - ws] << bs;
        if (bs && k - ws - 1 >= 0)
            v |= bits[k - ws - 1] >> (64 - bs);
        bits[k] |= v;
    }
}

/* Bounds only a subset of the FTEs meets (min_fte = max_fte = 0.37 and nobody at
 * 0.37): for each department with bounds, whether the caseworkers fixed in it and
 * some of those free to join it add up to within them, a subset sum in
 * hundredths (a bit per sum). Skipped when an FTE is not whole hundredths: no sum
 * is exact then. */
static int check_fte_sums(check *c)
{
    const om_scenario *s = c->s;
    char a[32], b[32];
    long n = 0;
    for (int i = 0; i < s->n_staff; i++) {
        long h = hundredths(s->staff[i].fte);
        if (h < 0)
            return 0;
        n += stays(s, i) ? h : 0;
    }
    long words = n / 64 + 1;
    uint64_t *reach = malloc((size_t)words * sizeof *reach);
    if (!reach)
        return -1;
    for (int d = 0; d < s->n_departments; d++) {
        const om_department *dep = &s->departments[d];
        if (dep->min_fte <= 0 && dep->max_fte < 0)
            continue;
        long base = 0; /* the FTE fixed in it */
        for (int i = 0; i < s->n_staff; i++)
            base += stays(s, i) && s->staff[i].department == d ? hundredths(s->staff[i].fte) : 0;
        memset(reach, 0, (size_t)words * sizeof *reach);
        reach[base / 64] = (uint64_t)1 << (base % 64);
        for (int i = 0; i < s->n_staff; i++) {
            int e = c->elig_off[i];
            if (!stays(s, i) || s->staff[i].department >= 0)
                continue;
            while (e < c->elig_off[i + 1] && c->elig[e] != d)
                e++;
            if (e < c->elig_off[i + 1])
                shift_or(reach, words, hundredths(s->staff[i].fte));
        }
        long lo = lround(ceil(100 * dep->min_fte - 1e-6));
        long hi = dep->max_fte >= 0 ? lround(floor(100 * dep->max_fte + 1e-6)) : n;
        long t = lo < 0 ? 0 : lo;
        while (t <= hi && t <= n && !(reach[t / 64] >> (t % 64) & 1))
            t++;
        if (t <= hi && t <= n)
            continue;
        snprintf(a, sizeof a, "%g", dep->min_fte);
        snprintf(b, sizeof b, "%g", dep->max_fte);
        if (num_eq(dep->min_fte, dep->max_fte))
            infeasible(c,
                       "department %s takes exactly %s FTE (min_fte and max_fte) but no "
                       "combination of the staying caseworkers who can join it adds up to that",
                       dep->id, a);
        else
            infeasible(c,
                       "department %s takes %s to %s FTE (min_fte, max_fte) but no "
                       "combination of the staying caseworkers who can join it adds up to that",
                       dep->id, a, b);
    }
    free(reach);
    return 0;
}

static void warn_capacity(check *c)
{
    const om_scenario *s = c->s;
    char a[32], b[32], e[32], f[32], g[32];
    double demand = 0, capacity = 0, caps = 0;
    for (int k = 0; k < s->n_cases; k++)
        demand += s->cases[k].weight;
    for (int i = 0; i < s->n_staff; i++) {
        double best = 0;
        for (int x = c->elig_off[i]; x < c->elig_off[i + 1]; x++) {
            double cap = scenario_capacity(s, i, c->elig[x]);
            best = cap > best ? cap : best;
        }
        capacity += best;
    }
    for (int d = 0; d < s->n_departments; d++)
        caps += s->departments[d].cap_points;
    if (!above(demand, capacity) || s->n_departments == 0)
        return;
    double mean = caps / s->n_departments, over = demand - capacity;
    diags_add(c->d, DIAG_WARNING, s->path, 0, 0, NULL,
              "the cases need %s points but the staying caseworkers can carry at most %s "
              "(each at the highest cap_points they can get): %s points too many, about %s "
              "FTE at the mean cap_points of %s",
              num(demand, a, sizeof a), num(capacity, b, sizeof b), num(over, e, sizeof e),
              num(over / mean, f, sizeof f), num(mean, g, sizeof g));
}

static void warn_empty_departments(check *c)
{
    const om_scenario *s = c->s;
    for (int d = 0; d < s->n_departments; d++) {
        const om_department *dep = &s->departments[d];
        if (c->join_fte[d] > 0 || dep->min_fte > 0)
            continue; /* joinable, or min_fte already says it */
        int elsewhere = 1;
        for (int k = 0; elsewhere && k < dep->n_segments; k++) {
            int other = 0;
            for (int o = 0; !other && o < s->n_departments; o++)
                other = o != d && c->join_fte[o] > 0 && scenario_serves(s, o, dep->segments[k]);
            elsewhere = other;
        }
        diags_add(c->d, DIAG_WARNING, s->path, 0, 0, NULL,
                  "department %s: no staying caseworker can join it, so it stays empty%s", dep->id,
                  elsewhere ? "; its segments are served by other departments" : "");
    }
}

/* With households hard: a household no staying caseworker may hold whole (its
 * segments named), or whose pinned cases have two caseworkers. In soft mode such
 * households are split, and the plan reports them. -1 when out of memory. */
static int check_households(check *c)
{
    const om_scenario *s = c->s;
    if (s->household_rule != HOUSEHOLDS_HARD || s->n_households == 0)
        return 0;
    hh_index *x = hh_create(s);
    if (!x)
        return -1;
    for (int h = 0; h < x->n; h++) {
        if (x->pin[h] == -2) {
            idlist l = {0};
            for (int k = x->first[h]; k < x->first[h + 1]; k++)
                if (s->cases[x->cases[k]].pinned)
                    idlist_add(&l, "%s with %s", s->cases[x->cases[k]].id,
                               s->staff[s->cases[x->cases[k]].caseworker].id);
            infeasible(c,
                       "household %s has pinned cases with different caseworkers (%s); "
                       "a household stays with one caseworker (or \"households\": \"soft\")",
                       s->households[h], idlist_text(&l));
        } else if (!x->whole[h]) {
            idlist l = {0};
            for (int k = x->first[h]; k < x->first[h + 1]; k++) {
                int g = s->cases[x->cases[k]].segment, seen = 0;
                for (int e = x->first[h]; e < k; e++)
                    seen |= s->cases[x->cases[e]].segment == g;
                if (!seen)
                    idlist_add(&l, "%s", s->segments[g].name);
            }
            infeasible(c,
                       x->pin[h] >= 0
                           ? "household %s: its pinned caseworker may not take all of its "
                             "segments (%s) in a department they may join"
                           : "household %s: no staying caseworker may take all of its segments "
                             "(%s) in a department they may join; a household stays with one "
                             "caseworker (or \"households\": \"soft\")",
                       s->households[h], idlist_text(&l));
        }
    }
    hh_destroy(&x);
    return 0;
}

/* max_cases_out: a caseworker whom no single department lets keep their share.
 * The model's own check (its classes say which cases each could keep), run once
 * the rules above hold. */
static void check_cases_out(check *c)
{
    size_t before = diags_errors(c->d);
    model *m = model_create(c->s, c->d);
    model_destroy(&m);
    c->errors += (int)(diags_errors(c->d) - before);
}

int precheck_run(const om_scenario *s, diags *d)
{
    check c = {.s = s, .d = d};
    size_t ns = (size_t)s->n_segments + 1, nd = (size_t)s->n_departments + 1;
    c.cases_of = calloc(ns, sizeof(int));
    c.served = calloc(ns, 1);
    c.takeable = calloc(ns, 1);
    c.stamp = calloc(ns, sizeof(int));
    c.list = calloc(ns, sizeof(int));
    c.join_fte = calloc(nd, sizeof(double));
    c.fixed_fte = calloc(nd, sizeof(double));
    if (!c.cases_of || !c.served || !c.takeable || !c.stamp || !c.list || !c.join_fte ||
        !c.fixed_fte || build_eligible(&c) < 0)
        goto oom;
    for (int k = 0; k < s->n_cases; k++)
        c.cases_of[s->cases[k].segment]++;
    check_segments(&c);
    check_pinned(&c);
    if (check_pinned_together(&c) < 0)
        goto oom;
    if (check_households(&c) < 0)
        goto oom;
    check_fte(&c);
    if (c.errors == 0 && check_fte_sums(&c) < 0)
        goto oom;
    if (c.errors == 0 && s->max_cases_out > 0)
        check_cases_out(&c);
    warn_capacity(&c);
    warn_empty_departments(&c);
    goto out;
oom:
    diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
    c.errors++;
out:
    free(c.cases_of);
    free(c.served);
    free(c.takeable);
    free(c.stamp);
    free(c.list);
    free(c.join_fte);
    free(c.fixed_fte);
    free(c.elig_off);
    free(c.elig);
    free(c.pin_off);
    free(c.pins);
    return c.errors;
}
