/* jobs.c - plan in a child process, as compare does: a crash there never stops the server */
#include "jobs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "plan.h"
#include "scenario.h"

jobs *jobs_create(const cli_opts *o)
{
    jobs *js = calloc(1, sizeof *js);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (js) {
        js->max_running = cpus > 0 ? (int)cpus : 1;
        js->opts = o;
    }
    return js;
}

void jobs_destroy(jobs **jp)
{
    jobs *js = *jp;
    if (!js)
        return;
    for (int i = 0; i < js->n; i++) {
        job *j = &js->j[i];
        if (j->state == JOB_RUNNING && j->pid > 0) {
            kill(j->pid, SIGTERM);
            waitpid(j->pid, NULL, 0);
        }
        if (j->progress_fd >= 0)
            close(j->progress_fd);
        if (j->err)
            fclose(j->err);
        if (j->out)
            fclose(j->out);
        free(j->path);
        free(j->dir);
        free(j->why);
        free(j->output);
    }
    free(js->j);
    free(js);
    *jp = NULL;
}

int jobs_add(jobs *js, job_kind kind, int scenario, const char *path, const char *dir)
{
    for (int i = 0; i < js->n; i++)
        if ((js->j[i].state == JOB_QUEUED || js->j[i].state == JOB_RUNNING) &&
            strcmp(js->j[i].dir, dir) == 0)
            return i;
    if (js->n == js->cap) {
        int cap = js->cap ? 2 * js->cap : 8;
        job *j = realloc(js->j, (size_t)cap * sizeof *j);
        if (!j)
            return -1;
        js->j = j;
        js->cap = cap;
    }
    job *j = &js->j[js->n];
    *j = (job){.kind = kind,
               .scenario = scenario,
               .path = strdup(path),
               .dir = strdup(dir),
               .progress_fd = -1,
               .best = -1,
               .bound = -1};
    if (!j->path || !j->dir) {
        free(j->path);
        free(j->dir);
        return -1;
    }
    return js->n++;
}

/* In the child: one line per report of the solver, "level best bound". */
static void child_progress(const char *level, double best, double bound, void *info)
{
    char line[128];
    int n = snprintf(line, sizeof line, "%s %.17g %.17g\n", level, best, bound);
    if (n > 0 && n < (int)sizeof line && write(*(int *)info, line, (size_t)n) < 0)
        return; /* the server is gone: nobody to tell */
}

/* In the child: the staffing or tradeoff command as the command line runs it, its
 * table on stdout, under the server's umask and CSV style. */
static int run_command(const job *j, const cli_opts *opts)
{
    mode_t mask = umask(0);
    umask(mask);
    char umask_text[8];
    snprintf(umask_text, sizeof umask_text, "%03o", (unsigned)mask);
    char prog[] = "omfordel", staffing[] = "staffing", tradeoff[] = "tradeoff";
    char um[] = "--umask", out[] = "-o", excel[] = "--excel";
    char *argv[] = {prog,    j->kind == JOB_STAFFING ? staffing : tradeoff,
                    um,      umask_text,
                    out,     j->dir,
                    j->path, opts->excel ? excel : NULL,
                    NULL};
    int argc = opts->excel ? 8 : 7;
    optind = 0; /* getopt_long starts afresh */
    return cli_main(argc, argv);
}

/* In the child: plan as the plan command does, each report of progress on fd. */
static int run_plan(const job *j, const cli_opts *opts, int *fd)
{
    cli_opts o = *opts;
    o.quiet = true;
    o.on_progress = child_progress;
    o.progress_info = fd;
    om_scenario *s = NULL;
    om_plan *p = NULL;
    int code = cli_solve(j->path, &o, &s, &p, NULL);
    if (code == 0)
        code = cli_write_plan(j->dir, s, p, &o, false);
    plan_destroy(&p);
    scenario_destroy(&s);
    return code;
}

/* In the child: close what it inherited but stdin, stdout, stderr and keep: the
 * server's sockets (a connection would stay open while the child plans) and the other
 * jobs' files. */
static void close_inherited(int keep)
{
    long max = sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (max > 0 && max < 65536 ? max : 65536); fd++)
        if (fd != keep)
            close(fd);
}

static void start(job *j, const cli_opts *opts)
{
    int fds[2];
    j->state = JOB_FAILED;
    j->started = j->ended = clock_now();
    if (!(j->err = tmpfile()) || !(j->out = tmpfile()) || pipe(fds) < 0) {
        j->why = strdup(strerror(errno));
        return;
    }
    fflush(NULL);
    j->pid = fork();
    if (j->pid == 0) {
        signal(SIGTERM, SIG_DFL); /* the server's handler would only set its flag */
        signal(SIGINT, SIG_DFL);
        dup2(fileno(j->err), STDERR_FILENO);
        dup2(fileno(j->out), STDOUT_FILENO);
        close_inherited(fds[1]);
        int code = j->kind == JOB_PLAN ? run_plan(j, opts, &fds[1]) : run_command(j, opts);
        fflush(NULL);
        _exit(code); /* no exit handlers: the server's, not ours */
    }
    close(fds[1]);
    if (j->pid < 0) {
        close(fds[0]);
        j->why = strdup(strerror(errno));
        return;
    }
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    j->progress_fd = fds[0];
    j->state = JOB_RUNNING;
}

/* Take in what the child reported since the last look: the last whole line counts. */
static void read_progress(job *j)
{
    char buf[4096];
    ssize_t n;
    while (j->progress_fd >= 0 && (n = read(j->progress_fd, buf, sizeof buf - 1)) > 0) {
        buf[n] = '\0';
        char *line = buf, *nl;
        while ((nl = strchr(line, '\n'))) {
            *nl = '\0';
            size_t had = strlen(j->pending), more = strlen(line);
            if (had + more < sizeof j->pending) {
                char whole[sizeof j->pending];
                memcpy(whole, j->pending, had);
                memcpy(whole + had, line, more + 1);
                char level[32];
                double best, bound;
                if (sscanf(whole, "%31s %lf %lf", level, &best, &bound) == 3) {
                    snprintf(j->level, sizeof j->level, "%s", level);
                    j->best = best;
                    j->bound = bound;
                }
            }
            j->pending[0] = '\0';
            line = nl + 1;
        }
        size_t had = strlen(j->pending);
        if (had + strlen(line) < sizeof j->pending)
            strcat(j->pending, line);
    }
}

/* Remove what a child that did not finish left half written in dir: outset's
 * temporary files, whose names begin with '.'; then dir when it is empty. */
static void clean_partial(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char path[4096];
        struct stat st;
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < (int)sizeof path &&
            lstat(path, &st) == 0 && S_ISREG(st.st_mode))
            unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(dir); /* fails, as it should, when earlier plan files are there */
}

/* What the child printed on f, at most 1 MiB. Returns new (caller frees), or NULL. */
static char *read_output(FILE *f)
{
    enum { MAX_OUTPUT = 1 << 20 };
    char *text = malloc(MAX_OUTPUT + 1);
    rewind(f);
    size_t n = text ? fread(text, 1, MAX_OUTPUT, f) : 0;
    if (text)
        text[n] = '\0';
    return text;
}

/* The first error line the child printed, else what stopped it. */
static char *failure(job *j, int status)
{
    char line[1024], *why = NULL;
    rewind(j->err);
    while (!why && fgets(line, sizeof line, j->err))
        if (strstr(line, "error:")) {
            line[strcspn(line, "\n")] = '\0';
            why = strdup(line);
        }
    if (!why) {
        if (WIFSIGNALED(status))
            snprintf(line, sizeof line, "the planning process was stopped (signal %d)",
                     WTERMSIG(status));
        else
            snprintf(line, sizeof line, "the planning process ended with exit code %d",
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        why = strdup(line);
    }
    return why;
}

void jobs_tick(jobs *js)
{
    int running = 0;
    for (int i = 0; i < js->n; i++) {
        job *j = &js->j[i];
        int status;
        if (j->state != JOB_RUNNING)
            continue;
        read_progress(j);
        if (waitpid(j->pid, &status, WNOHANG) != j->pid) {
            running++;
            continue;
        }
        read_progress(j);
        close(j->progress_fd);
        j->progress_fd = -1;
        j->ended = clock_now();
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            j->state = JOB_DONE;
        } else {
            j->state = j->cancel ? JOB_CANCELLED : JOB_FAILED;
            j->why = j->cancel ? NULL : failure(j, status);
            clean_partial(j->dir);
        }
        j->output = read_output(j->out);
        fclose(j->err); /* a job's files closed when it ends: the select loop */
        fclose(j->out); /* wants few descriptors */
        j->err = j->out = NULL;
    }
    for (int i = 0; i < js->n && running < js->max_running; i++)
        if (js->j[i].state == JOB_QUEUED) {
            start(&js->j[i], js->opts);
            running += js->j[i].state == JOB_RUNNING;
        }
}

int jobs_cancel(jobs *js, int id)
{
    job *j = id >= 0 && id < js->n ? &js->j[id] : NULL;
    if (!j || (j->state != JOB_QUEUED && j->state != JOB_RUNNING))
        return -1;
    j->cancel = true;
    if (j->state == JOB_QUEUED)
        j->state = JOB_CANCELLED;
    else
        kill(j->pid, SIGTERM);
    return 0;
}

const job *jobs_get(const jobs *js, int id) { return id >= 0 && id < js->n ? &js->j[id] : NULL; }

int jobs_latest(const jobs *js, job_kind kind, int scenario)
{
    for (int i = js->n - 1; i >= 0; i--)
        if (js->j[i].scenario == scenario && js->j[i].kind == kind)
            return i;
    return -1;
}

int jobs_ahead(const jobs *js, int id)
{
    int ahead = 0;
    if (!jobs_get(js, id) || js->j[id].state != JOB_QUEUED)
        return 0;
    for (int i = 0; i < id; i++)
        ahead += js->j[i].state == JOB_QUEUED;
    return ahead;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int jobs_files(const job *j, char ***names)
{
    DIR *d = opendir(j->dir);
    struct dirent *e;
    int n = 0, cap = 0;
    *names = NULL;
    if (!d)
        return -1;
    while ((e = readdir(d))) {
        char path[4096];
        struct stat st;
        if (e->d_name[0] == '.' ||
            snprintf(path, sizeof path, "%s/%s", j->dir, e->d_name) >= (int)sizeof path ||
            lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
            continue; /* temporary files, folders and links are not the plan's */
        if (n == cap) {
            char **more = realloc(*names, (size_t)(cap = cap ? 2 * cap : 16) * sizeof *more);
            if (!more)
                break;
            *names = more;
        }
        if (((*names)[n] = strdup(e->d_name)))
            n++;
    }
    closedir(d);
    if (n > 1)
        qsort(*names, (size_t)n, sizeof **names, by_text);
    return n;
}

static json_t *finite(double v, bool known)
{
    return known && isfinite(v) && fabs(v) < 1e29 ? json_real(v) : json_null();
}

char *jobs_status_json(const jobs *js, int id)
{
    static const char *const names[] = {"queued", "running", "done", "failed", "cancelled"};
    const job *j = jobs_get(js, id);
    double now = j->state == JOB_RUNNING ? clock_now() : j->ended;
    double secs = j->state == JOB_QUEUED ? 0 : now - j->started;
    bool best = j->best >= 0 && j->best < 1e29, bound = j->bound >= 0 && j->bound < 1e29;
    double gap = best && bound && j->best > 0 ? (j->best - j->bound) / j->best : NAN;
    json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:f, s:i}", "state", names[j->state], "level",
                          j->level, "best", finite(j->best, best), "bound", finite(j->bound, bound),
                          "gap", finite(gap, true), "seconds", secs, "ahead", jobs_ahead(js, id));
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}

const char *jobs_output(const job *j) { return j->output; }
