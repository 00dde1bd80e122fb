/* compare_run.c - the compare command: each scenario planned, several at once, then compared */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "compare.h"
#include "plan_in.h"
#include "scenario_in.h"
#include "shared.h"

/* One scenario of a comparison as the command line holds it. */
typedef struct {
    char *name, *plan_path, *why;
    plan_doc *doc;
} compare_slot;

static bool is_plan_json(const char *arg)
{
    size_t n = strlen(arg);
    return n >= 9 && strcmp(arg + n - 9, "plan.json") == 0;
}

/* Read plan.json back into c. Returns the exit code of its problem, with c->why set. */
static int slot_read(compare_slot *c, const char *path)
{
    diags *d = diags_create();
    const char *missing = NULL;
    c->doc = plan_doc_read(path, d);
    if (c->doc && !plan_doc_meta(c->doc, &missing)) {
        diags_add(d, DIAG_INPUT, path, 0, 0, NULL, "plan.json lacks %s", missing);
        plan_doc_destroy(&c->doc);
    }
    int code = cli_report(d);
    if (code != 0)
        plan_doc_destroy(&c->doc); /* an internal error: what was read is not to be trusted */
    if (!c->doc)
        c->why = cli_first_error(d);
    diags_destroy(&d);
    return c->doc ? EXIT_PLAN : code;
}

/* A scenario of a comparison planned ahead in a child process (compare_ahead). */
typedef struct {
    char *name;   /* the scenario's name; NULL: not planned ahead */
    char *folder; /* where its plan files went: dir/<folder>/ */
    FILE *err;    /* what the child printed on stderr */
    bool planned; /* the child wrote them */
} compare_job;

/* Print what a child printed, where the scenario's turn comes. */
static void replay(FILE *err)
{
    char buf[4096];
    size_t n;
    rewind(err);
    while ((n = fread(buf, 1, sizeof buf, err)) > 0)
        fwrite(buf, 1, n, stderr);
}

/* Fill slot i of the comparison from arg: an existing plan.json, or a scenario planned
 * into dir/<name>/ (or planned there ahead: job). Returns the scenario's exit code;
 * *fatal when the plan files could not be written (then the whole comparison stops). */
static int compare_one(const char *arg, const char *dir, cli_opts *o, compare_slot *slots,
                       char **names, int i, const compare_job *job, bool *fatal)
{
    compare_slot *c = &slots[i];
    om_scenario *s = NULL;
    om_plan *p = NULL;
    char *fallback = scenario_path_stem(arg), *sub = NULL;
    char *unique = job && job->planned ? compare_unique_name(job->name, names, i) : NULL;
    if (unique && strcmp(unique, job->folder) == 0) { /* its plan files are written */
        replay(job->err);
        c->name = names[i] = unique;
        sub = c->name ? cli_join_path(dir, c->name) : NULL;
        c->plan_path = sub ? cli_join_path(sub, "plan.json") : NULL;
        int code = c->plan_path ? slot_read(c, c->plan_path) : EXIT_INTERNAL;
        if (code != EXIT_PLAN)
            *fatal = true;
        if (!c->name || !c->plan_path)
            cli_out_of_memory();
        if (!o->quiet && c->doc)
            printf("%s: %s, %s\n", c->name, plan_doc_meta(c->doc, NULL)->status, c->plan_path);
        free(fallback);
        free(sub);
        return code == EXIT_PLAN ? code : EXIT_INTERNAL;
    }
    free(unique); /* planned in a folder this comparison does not use: plan it again */
    int code = is_plan_json(arg) ? slot_read(c, arg) : cli_solve(arg, o, &s, &p, &c->why);
    const char *name = c->doc ? plan_doc_scenario(c->doc) : s ? s->name : fallback;
    c->name = names[i] = name ? compare_unique_name(name, names, i) : NULL;
    if (c->doc && !(c->plan_path = strdup(arg))) {
        cli_out_of_memory();
        *fatal = true;
    }
    if (c->doc || code != 0)
        goto out;
    sub = c->name ? cli_join_path(dir, c->name) : NULL;
    code = cli_write_plan(sub, s, p, o, false);
    c->plan_path = sub ? cli_join_path(sub, "plan.json") : NULL;
    if (code == 0 && !c->plan_path)
        cli_out_of_memory();
    if (code != 0 || !c->plan_path || slot_read(c, c->plan_path) != EXIT_PLAN) {
        *fatal = true;
        code = EXIT_INTERNAL;
    }
out:
    if (!o->quiet && c->name && c->doc)
        printf("%s: %s, %s\n", c->name, plan_doc_meta(c->doc, NULL)->status, c->plan_path);
    else if (!o->quiet && c->name)
        printf("%s: no plan: %s\n", c->name, c->why ? c->why : "");
    if (!c->name) {
        cli_out_of_memory();
        *fatal = true;
    }
    free(fallback);
    free(sub);
    plan_destroy(&p);
    scenario_destroy(&s);
    return code;
}

/* Plan the comparison's scenarios ahead, as many at once as there are processors:
 * each in a child process that writes its plan files where compare_one would and
 * its messages to jobs[i].err. Only scenarios that read cleanly are planned ahead;
 * compare_one plans any other, or any whose child failed, in its turn as before. */
static void compare_ahead(char **args, int n, const char *dir, cli_opts *o, compare_job *jobs)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int ahead = 0, running = 0;
    char **names = calloc((size_t)n + 1, sizeof *names);
    pid_t *pids = calloc((size_t)n + 1, sizeof *pids);
    if (!names || !pids)
        goto out;
    for (int i = 0; i < n; i++) { /* the names compare_one will give them */
        diags *d = diags_create();
        plan_doc *doc = is_plan_json(args[i]) ? plan_doc_read(args[i], d) : NULL;
        om_scenario *s = is_plan_json(args[i]) ? NULL : scenario_read(args[i], d);
        if (s && !diags_errors(d))
            jobs[i].name = strdup(s->name);
        if (doc && !plan_doc_meta(doc, NULL))
            plan_doc_destroy(&doc);
        const char *raw = jobs[i].name ? jobs[i].name : doc ? plan_doc_scenario(doc) : NULL;
        char *fallback = raw ? NULL : scenario_path_stem(args[i]);
        names[i] = compare_unique_name(raw ? raw : fallback ? fallback : "", names, i);
        free(fallback);
        plan_doc_destroy(&doc);
        scenario_destroy(&s);
        diags_destroy(&d);
        ahead += jobs[i].name != NULL;
    }
    if (cpus < 2 || ahead < 2)
        goto out; /* nothing to gain */
    fflush(NULL);
    for (int i = 0; i < n || running > 0;) {
        if (i < n && running < cpus) {
            if (jobs[i].name && names[i] && (jobs[i].folder = strdup(names[i])) &&
                (jobs[i].err = tmpfile())) {
                pids[i] = fork();
                if (pids[i] == 0) {
                    om_scenario *s = NULL;
                    om_plan *p = NULL;
                    char *sub = cli_join_path(dir, names[i]);
                    dup2(fileno(jobs[i].err), STDERR_FILENO);
                    int code = cli_solve(args[i], o, &s, &p, NULL);
                    if (code == 0)
                        code = cli_write_plan(sub, s, p, o, false);
                    free(sub);
                    plan_destroy(&p);
                    scenario_destroy(&s);
                    fflush(NULL);
                    _exit(code); /* no exit handlers: the parent's, not ours */
                }
                running += pids[i] > 0;
            }
            i++;
            continue;
        }
        int status;
        pid_t done = wait(&status);
        if (done < 0)
            break;
        running--;
        for (int k = 0; k < n; k++)
            if (pids[k] == done)
                jobs[k].planned = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
out:
    for (int i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
    free(pids);
}

int cli_compare(char **args, int n, cli_opts *o)
{
    const char *dir = o->output ? o->output : "out/compare";
    compare_slot *slots = calloc((size_t)n, sizeof *slots);
    compare_column *cols = calloc((size_t)n, sizeof *cols);
    char **names = calloc((size_t)n, sizeof *names); /* borrowed from slots */
    compare_job *jobs = calloc((size_t)n, sizeof *jobs);
    diags *d = diags_create();
    bool fatal = !slots || !cols || !names || !jobs;
    int code = fatal ? EXIT_INTERNAL : EXIT_INPUT, planned = 0;
    if (fatal)
        cli_out_of_memory();
    else
        compare_ahead(args, n, dir, o, jobs);
    for (int i = 0; !fatal && i < n; i++) {
        int one = compare_one(args[i], dir, o, slots, names, i, &jobs[i], &fatal);
        /* an internal failure (memory, solver) is ours, not the scenario's: a
         * comparison without that column would mislead */
        fatal = fatal || one == EXIT_INTERNAL;
        planned += one == EXIT_PLAN;
        if (one != EXIT_PLAN && one != EXIT_INPUT && code == EXIT_INPUT)
            code = one; /* read but not planned: say why rather than "input error" */
        cols[i] = (compare_column){.name = slots[i].name,
                                   .source = args[i],
                                   .plan_path = slots[i].plan_path,
                                   .reason = slots[i].why,
                                   .doc = slots[i].doc};
    }
    if (fatal || planned == 0) {
        code = fatal ? EXIT_INTERNAL : code;
        goto out;
    }
    csv_style st = {o->excel ? ';' : ',', o->excel};
    if (compare_write(dir, cols, n, &st, o->report.lang, o->xlsx, d) < 0) {
        code = cli_report(d);
        goto out;
    }
    if (!o->quiet)
        printf("comparison written to %s/comparison.{csv,json,md,html}\n", dir);
    code = EXIT_PLAN;
out:
    for (int i = 0; slots && i < n; i++) {
        free(slots[i].name);
        free(slots[i].plan_path);
        free(slots[i].why);
        plan_doc_destroy(&slots[i].doc);
    }
    for (int i = 0; jobs && i < n; i++) {
        free(jobs[i].name);
        free(jobs[i].folder);
        if (jobs[i].err)
            fclose(jobs[i].err);
    }
    free(jobs);
    free(slots);
    free(cols);
    free(names);
    diags_destroy(&d);
    return code;
}
