/* jobs.h - plans run in child processes: queued, at most one per processor, cancellable */
#ifndef OM_SERVE_JOBS_H
#define OM_SERVE_JOBS_H

#include <stdbool.h>
#include <sys/types.h>

#include "shared.h"

typedef enum { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED, JOB_CANCELLED } job_state;
/* What the child does: plan, or run the staffing or tradeoff command. */
typedef enum { JOB_PLAN, JOB_STAFFING, JOB_TRADEOFF } job_kind;

typedef struct {
    job_kind kind;
    int scenario; /* the catalog's index */
    char *path;   /* the scenario file */
    char *dir;    /* where its plan files go: OUT/<name> */
    job_state state;
    pid_t pid;
    int progress_fd; /* the child's progress lines (read end), -1 when closed */
    char pending[256];
    FILE *err, *out; /* what the child prints on stderr and stdout, until it ends */
    char *output;    /* then: what it printed on stdout (the staffing or tradeoff table) */
    bool cancel;     /* cancelled by the visitor */
    char level[32];  /* the level being solved, best and bound of it */
    double best, bound;
    double started, ended;
    char *why; /* when it failed: the child's first error line */
} job;

typedef struct {
    job *j;
    int n, cap;
    int max_running;
    const cli_opts *opts;
} jobs;

/* Runs at most one plan per processor with the options o (borrowed). Returns new. */
jobs *jobs_create(const cli_opts *o);
/* Stop every child (SIGTERM) and free. */
void jobs_destroy(jobs **js);
/* Queue the scenario at path to be planned (or staffed, or its frontier traced) into
 * dir. A job of the same dir still queued or running is that job. Returns the job's
 * index, or -1. */
int jobs_add(jobs *js, job_kind kind, int scenario, const char *path, const char *dir);
/* Start queued plans, read progress, collect children that ended. */
void jobs_tick(jobs *js);
/* Cancel a queued or running plan. Returns 0, or -1 when it has ended. */
int jobs_cancel(jobs *js, int id);
/* The job of index id (borrowed), or NULL. */
const job *jobs_get(const jobs *js, int id);
/* The latest job of that kind of the scenario, or -1. */
int jobs_latest(const jobs *js, job_kind kind, int scenario);
/* What the child printed on stdout, at most 1 MiB, once it has ended (borrowed), or
 * NULL. */
const char *jobs_output(const job *j);
/* How many jobs wait before id (0 when it is not queued). */
int jobs_ahead(const jobs *js, int id);
/* The regular files a finished job wrote, by name (caller frees each and the array).
 * Returns how many, or -1. */
int jobs_files(const job *j, char ***names);
/* The job's state and progress as JSON: state, level, best, bound, gap, seconds, ahead.
 * Returns new (caller frees), or NULL. */
char *jobs_status_json(const jobs *js, int id);

#endif
