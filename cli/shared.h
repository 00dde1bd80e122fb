/* shared.h - what the subcommands share: problems and exit codes, planning one scenario */
#ifndef OM_CLI_SHARED_H
#define OM_CLI_SHARED_H

#include <stdbool.h>

#include "diag.h"
#include "plan.h"
#include "report_html.h"
#include "scenario.h"

typedef struct {
    const char *output;
    double time_limit, gap; /* negative: not given */
    int points;             /* on the trade-off frontier */
    double cut, target;     /* staffing; negative: not given */
    bool excel, xlsx, quiet, verbose;
    const char *start; /* schedule: the Monday of week 1; NULL: the next Monday */
    int per_week;      /* schedule: meetings a week; 0 when not given */
    report_options report;
    double t0;
    /* progress within a level, instead of the terminal's line (serve's planning child) */
    void (*on_progress)(const char *level, double best, double bound, void *info);
    void *progress_info;
} cli_opts;

/* The exit code of the problems in d, after printing each on stderr (0: warnings only). */
int cli_report(const diags *d);
void cli_out_of_memory(void);
/* With -v: the time since the start, at the end of a phase. */
void cli_phase(const cli_opts *o, const char *what);
/* plan_options.log: the solver's log, with -v (info is the cli_opts). */
void cli_on_log(const char *line, void *info);
/* The first error as one line; NULL when none. Returns new (caller frees). */
char *cli_first_error(const diags *d);
/* dir/name. Returns new (caller frees), or NULL when out of memory. */
char *cli_join_path(const char *dir, const char *name);
/* Read, check and solve the scenario at path as plan does. Returns the exit code; *sp
 * (when it could be read) and *pp (on 0) are new (caller frees both). When why is given
 * and there is no plan, *why is the first error (caller frees). */
int cli_solve(const char *path, cli_opts *o, om_scenario **sp, om_plan **pp, char **why);
/* Write the plan files into dir; with summary, print what the plan does unless -q.
 * Returns the exit code. */
int cli_write_plan(const char *dir, const om_scenario *s, const om_plan *p, cli_opts *o,
                   bool summary);

/* compare: plan the n scenarios (or read plan.json files), several at once in child
 * processes, and write the comparison. Returns the exit code. */
int cli_compare(char **args, int n, cli_opts *o);

/* schedule: the week-by-week handovers of the plan at path. Returns the exit code. */
int cli_schedule(const char *path, cli_opts *o);

/* serve: the scenario files under the n folders (none: scenarios/) in a browser, on
 * loopback at port (0: any free one), until SIGINT or SIGTERM. Returns the exit code. */
int cli_serve(char **dirs, int n, cli_opts *o, int port);

#endif
