/* fanout.c - fanout.h on fork and pipes */
#include "fanout.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define FANOUT_MAX 8

/* Read exactly size bytes from fd; whether they all came. */
static bool read_all(int fd, char *buf, size_t size)
{
    while (size > 0) {
        ssize_t got = read(fd, buf, size);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        buf += got;
        size -= (size_t)got;
    }
    return true;
}

static bool write_all(int fd, const char *buf, size_t size)
{
    while (size > 0) {
        ssize_t put = write(fd, buf, size);
        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            return false;
        buf += put;
        size -= (size_t)put;
    }
    return true;
}

/* In the child: run job k and hand its result to fd; never returns. */
static void run_child(int k, size_t size, char *result, fanout_job job, void *info, int fd)
{
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGTERM); /* a plan cancelled takes its jobs with it */
#endif
    int rc = job(k, result, info) == 0 && write_all(fd, result, size) ? 0 : 1;
    _exit(rc); /* no exit handlers or buffers: they are the parent's */
}

int fanout_width(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus < 1 ? 1 : cpus > FANOUT_MAX ? FANOUT_MAX : (int)cpus;
}

int fanout_run(int n, size_t size, void *results, fanout_job job, void *info)
{
    char *out = results;
    pid_t pid[FANOUT_MAX];
    int fd[FANOUT_MAX];
    bool done[FANOUT_MAX] = {false};
    bool side_by_side = n > 1 && n <= FANOUT_MAX && fanout_width() > 1;
    for (int k = 0; k < n && k < FANOUT_MAX; k++)
        pid[k] = -1, fd[k] = -1;
    if (side_by_side) {
        fflush(NULL); /* what the parent has buffered is written once */
        for (int k = 0; k < n; k++) {
            int ends[2];
            if (pipe(ends) != 0)
                continue;
            pid[k] = fork();
            if (pid[k] == 0) {
                close(ends[0]);
                run_child(k, size, out + (size_t)k * size, job, info, ends[1]);
            }
            close(ends[1]);
            if (pid[k] < 0)
                close(ends[0]);
            else
                fd[k] = ends[0];
        }
        for (int k = 0; k < n; k++) {
            if (pid[k] < 0)
                continue;
            done[k] = read_all(fd[k], out + (size_t)k * size, size);
            close(fd[k]);
            int status;
            while (waitpid(pid[k], &status, 0) < 0 && errno == EINTR)
                ;
        }
    }
    for (int k = 0; k < n; k++) {
        if (k < FANOUT_MAX && done[k])
            continue;
        int rc = job(k, out + (size_t)k * size, info);
        if (rc != 0)
            return rc;
    }
    return 0;
}
