/* shared.c - what the subcommands share: problems and exit codes, planning one scenario */
#include "shared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "metrics.h"
#include "plan_out.h"
#include "precheck.h"
#include "scenario_in.h"
#include "summary.h"

void cli_out_of_memory(void) { fputs("omfordel: error: out of memory\n", stderr); }

/* The exit code for problems whose first error is of kind k. */
static int exit_code(diag_kind k)
{
    switch (k) {
    case DIAG_WARNING:
        return EXIT_PLAN;
    case DIAG_INFEASIBLE:
        return EXIT_NO_PLAN;
    case DIAG_INPUT:
        return EXIT_INPUT;
    case DIAG_INTERNAL:
        break;
    }
    return EXIT_INTERNAL;
}

int cli_report(const diags *d)
{
    char line[2048];
    for (size_t i = 0; i < diags_count(d); i++) {
        const diag *g = diags_get(d, i);
        diag_format(g, line, sizeof line);
        if (!g->source)
            fputs("omfordel: ", stderr);
        fprintf(stderr, "%s\n", line);
    }
    if (diags_lost(d))
        cli_out_of_memory();
    return exit_code(diags_first_error(d));
}

void cli_phase(const cli_opts *o, const char *what)
{
    if (o->verbose)
        fprintf(stderr, "omfordel: %-28s %8.3f s\n", what, clock_now() - o->t0);
}

/* Within the solve: each part's own time (the phase lines above give the time
 * elapsed at each phase's end). */
static void solve_parts(const cli_opts *o, const om_plan *p)
{
    if (!o->verbose || !p)
        return;
    fprintf(stderr, "omfordel:   %-26s %8.3f s of the solve\n", "build the model",
            p->build_seconds);
    for (int k = 0; k < p->n_levels; k++)
        fprintf(stderr, "omfordel:   level %-20s %8.3f s of the solve\n",
                level_get(p->levels[k].level)->name, p->levels[k].seconds);
    fprintf(stderr, "omfordel:   %-26s %8.3f s of the solve\n", "expand to cases",
            p->expand_seconds);
    for (int k = 0; k < p->n_price; k++)
        fprintf(stderr, "omfordel:   price at %5.1f %%%-10s %8.3f s of the solve\n",
                100 * p->price[k].ceiling, "", p->price[k].moved.seconds);
}

void cli_on_log(const char *line, void *info)
{
    const cli_opts *o = info;
    if (o->verbose)
        fputs(line, stderr);
}

static void on_progress(const char *level, double best, double bound, void *info)
{
    (void)info;
    fprintf(stderr, "\romfordel: %-18s best %-12.6g bound %-12.6g", level, best, bound);
    fflush(stderr);
}

static void forward_progress(const char *level, double best, double bound, void *info)
{
    const cli_opts *o = info;
    o->on_progress(level, best, bound, o->progress_info);
}

char *cli_first_error(const diags *d)
{
    char line[2048];
    for (size_t i = 0; i < diags_count(d); i++) {
        const diag *g = diags_get(d, i);
        if (g->kind != DIAG_WARNING) {
            diag_format(g, line, sizeof line);
            return strdup(line);
        }
    }
    return diags_lost(d) ? strdup("out of memory") : NULL;
}

char *cli_join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

int cli_solve(const char *path, cli_opts *o, om_scenario **sp, om_plan **pp, char **why)
{
    diags *d = diags_create(), *ds = diags_create(); /* ds apart: report prints all of d */
    om_scenario *s = scenario_read(path, d);
    om_plan *p = NULL;
    if (s)
        precheck_run(s, d);
    int code = cli_report(d);
    cli_phase(o, "read and check");
    if (s && code == 0) {
        if (o->time_limit >= 0)
            s->time_limit = o->time_limit;
        if (o->gap >= 0)
            s->gap = o->gap;
        plan_options po = {.time_limit = s->time_limit,
                           .gap = s->gap,
                           .log = cli_on_log,
                           .info = o,
                           .price = true};
        if (o->on_progress)
            po.progress = forward_progress;
        else if (!o->quiet && isatty(STDERR_FILENO))
            po.progress = on_progress;
        p = plan_solve(s, &po, ds);
        if (po.progress == on_progress)
            fputs("\r\033[K", stderr);
        code = cli_report(ds);
        if (!p && code == 0)
            code = EXIT_INTERNAL;
        solve_parts(o, p);
        cli_phase(o, "solve");
    }
    if (why && code != 0) {
        *why = cli_first_error(diags_errors(d) ? d : ds);
        if (!*why)
            *why = strdup("no plan was found");
    }
    diags_destroy(&d);
    diags_destroy(&ds);
    *sp = s;
    *pp = p;
    return code;
}

int cli_write_plan(const char *dir, const om_scenario *s, const om_plan *p, cli_opts *o,
                   bool summary)
{
    diags *d = diags_create();
    om_metrics *m = metrics_create(s, p);
    csv_style st = {o->excel ? ';' : ',', o->excel};
    int code = EXIT_PLAN;
    if (!m || !dir || plan_write(dir, s, p, m, &st, &o->report, o->xlsx, d) < 0) {
        if (!diags_errors(d))
            diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        code = cli_report(d);
        goto out;
    }
    cli_phase(o, "write");
    if (summary && !o->quiet)
        summary_plan(stdout, s, p, m, dir);
out:
    metrics_destroy(&m);
    diags_destroy(&d);
    return code;
}
