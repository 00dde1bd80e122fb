/* schedule.c - the schedule command: read a plan and its inputs, schedule, write */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "date.h"
#include "plan_in.h"
#include "scenario_in.h"
#include "schedule.h"
#include "schedule_out.h"
#include "sha256.h"
#include "shared.h"
#include "strmap.h"

/* The Monday after today. */
static om_day next_monday(void)
{
    time_t now = time(NULL);
    struct tm tm;
    char buf[16];
    om_day today = 0;
    if (gmtime_r(&now, &tm) && strftime(buf, sizeof buf, "%Y-%m-%d", &tm))
        date_parse(buf, &today);
    return today + 7 - date_weekday(today);
}

/* Each input plan.json names still has the checksum recorded; else a message in d.
 * Returns the scenario's path (borrowed), or NULL. */
static const char *check_inputs(const plan_doc *p, const char *path, diags *d)
{
    const char *why, *scenario = NULL;
    const plan_meta *m = plan_doc_meta(p, &why);
    if (!m) {
        diags_add(d, DIAG_INPUT, path, 0, 0, NULL, "plan.json lacks %s", why);
        return NULL;
    }
    for (int k = 0; k < m->n_inputs; k++) {
        const char *want = plan_doc_input_sha256(p, k);
        char hex[65];
        if (!want || sha256_file(m->inputs[k].path, hex) < 0)
            diags_add(d, DIAG_INPUT, path, 0, 0, NULL, "cannot read the %s file %s it was planned from",
                      m->inputs[k].role, m->inputs[k].path);
        else if (strcmp(hex, want) != 0)
            diags_add(d, DIAG_INPUT, m->inputs[k].path, 0, 0, NULL,
                      "changed since %s was planned (sha256 differs); plan again", path);
        if (strcmp(m->inputs[k].role, "scenario") == 0)
            scenario = m->inputs[k].path;
    }
    if (!scenario)
        diags_add(d, DIAG_INPUT, path, 0, 0, NULL, "plan.json names no scenario among its inputs");
    return diags_errors(d) ? NULL : scenario;
}

typedef struct {
    sched_worker *w;
    double *capacity;
    om_day *last_day;
    sched_move *m;
    int *row;
    int nw, nm;
} sched_input;

static void input_free(sched_input *in)
{
    free(in->w);
    free(in->capacity);
    free(in->last_day);
    free(in->m);
    free(in->row);
}

/* The workers and moved cases of plan p, with what the scenario s says of each
 * worker's meetings and last day. Returns 0, or -1 with the reason in d. */
static int gather(const plan_doc *p, const om_scenario *s, om_day start, int per_week,
                  sched_input *in, diags *d)
{
    int nw = plan_doc_workers(p), nc = plan_doc_cases(p);
    strmap *ids = strmap_create_borrowing();
    in->w = calloc((size_t)nw + 1, sizeof *in->w);
    in->capacity = calloc((size_t)nw + 1, sizeof *in->capacity);
    in->last_day = calloc((size_t)nw + 1, sizeof *in->last_day);
    in->m = calloc((size_t)nc + 1, sizeof *in->m);
    in->row = calloc((size_t)nc + 1, sizeof *in->row);
    if (!ids || !in->w || !in->capacity || !in->last_day || !in->m || !in->row ||
        strmap_reserve(ids, (size_t)nw) < 0)
        goto oom;
    char day[16], first[16];
    for (int i = 0; i < nw; i++) {
        const plan_worker *pw = plan_doc_worker(p, i);
        int k = scenario_staff(s, pw->id);
        if (strmap_put(ids, pw->id, i) != -1)
            goto oom;
        const om_staff *st = k >= 0 ? &s->staff[k] : NULL;
        bool leaver = !*pw->department;
        om_day last = st && leaver ? st->last_day : LONG_MIN;
        int deadline = SCHED_NO_DEADLINE;
        if (last != LONG_MIN) {
            if (last < start)
                diags_add(d, DIAG_INPUT, s->staff_path, st->line, 0, NULL,
                          "caseworker %s: last_day %s is before the schedule's start %s", pw->id,
                          date_format(last, day), date_format(start, first));
            /* a week counts when its Friday is on or before the last day */
            deadline = last >= start + 4 ? (int)((last - start - 4) / 7 + 1) : 0;
        }
        in->w[i] = (sched_worker){.id = pw->id,
                                  .name = pw->name,
                                  .per_week = st && st->per_week ? st->per_week : per_week,
                                  .deadline = deadline,
                                  .before = pw->points_before,
                                  .after = pw->points_after};
        in->capacity[i] = pw->capacity;
        in->last_day[i] = last;
    }
    for (int c = 0; c < nc; c++) {
        const plan_row *r = plan_doc_case(p, c);
        if (!r->moved)
            continue;
        int from = *r->from ? strmap_get(ids, r->from) : -1, to = strmap_get(ids, r->to);
        if (to < 0 || (*r->from && from < 0)) {
            diags_add(d, DIAG_INPUT, NULL, 0, 0, NULL, "case %s names a caseworker not in the plan",
                      r->id);
            continue;
        }
        in->row[in->nm] = c;
        in->m[in->nm++] = (sched_move){from, to, r->weight};
    }
    in->nw = nw;
    strmap_destroy(&ids);
    return diags_errors(d) ? -1 : 0;
oom:
    strmap_destroy(&ids);
    diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
    return -1;
}

int cli_schedule(const char *path, cli_opts *o)
{
    diags *d = diags_create();
    plan_doc *p = plan_doc_read(path, d);
    om_scenario *s = NULL;
    sched_input in = {0};
    sched_result *r = NULL;
    schedule_doc doc = {0};
    char *dir = NULL;
    const char *scenario = p && !diags_errors(d) ? check_inputs(p, path, d) : NULL;
    if (scenario)
        s = scenario_read(scenario, d);
    int code = cli_report(d);
    cli_phase(o, "read and check");
    if (!s || code != 0)
        goto out;
    om_day start = next_monday();
    if (o->start)
        date_parse(o->start, &start);
    int per_week = o->per_week ? o->per_week : s->schedule_per_week ? s->schedule_per_week : 10;
    diags_destroy(&d);
    d = diags_create();
    if (gather(p, s, start, per_week, &in, d) < 0 ||
        !(r = schedule_solve(in.w, in.nw, in.m, in.nm, d))) {
        code = cli_report(d);
        goto out;
    }
    cli_phase(o, "schedule");
    doc = (schedule_doc){.plan_path = path,
                         .plan = p,
                         .row = in.row,
                         .moves = in.m,
                         .n_moves = in.nm,
                         .workers = in.w,
                         .capacity = in.capacity,
                         .last_day = in.last_day,
                         .n_workers = in.nw,
                         .r = r,
                         .start = start,
                         .per_week = per_week};
    const char *slash = strrchr(path, '/');
    dir = o->output ? strdup(o->output)
                    : slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
    csv_style st = {o->excel ? ';' : ',', o->excel};
    if (!dir || schedule_tally(&doc) < 0) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        code = cli_report(d);
        goto out;
    }
    if (schedule_write(dir, &doc, &st, &o->report, o->xlsx, d) < 0) {
        code = cli_report(d);
        goto out;
    }
    cli_phase(o, "write");
    if (!o->quiet) {
        printf("%d moved cases handed over in %d weeks (lower bound %d weeks), %d giver-receiver "
               "pairs meeting in %d pair-weeks\n",
               in.nm, r->weeks, r->lower_bound, r->pairs, r->pair_weeks);
        if (r->n_breaches)
            printf("%d times a caseworker ends a week above the higher of their load before and "
                   "after (schedule.json lists them)\n",
                   r->n_breaches);
        printf("schedule written to %s/{schedule,weeks,letters}.csv, schedule.json, "
               "schedule.html%s\n",
               dir, o->xlsx ? ", schedule.xlsx" : "");
    }
    code = EXIT_PLAN;
out:
    free(dir);
    schedule_doc_free(&doc);
    schedule_destroy(&r);
    input_free(&in);
    scenario_destroy(&s);
    plan_doc_destroy(&p);
    diags_destroy(&d);
    return code;
}
