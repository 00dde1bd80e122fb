/* fanout.h - independent jobs side by side, each in a child process of its own */
#ifndef OM_FANOUT_H
#define OM_FANOUT_H

#include <stddef.h>

/* One job: fill result (size bytes) for job k; 0 on success. */
typedef int (*fanout_job)(int k, void *result, void *info);

/* Run job k = 0 .. n-1 into results + k * size: where the machine has more
 * than one processor, each in a child process (fork), which hands its result
 * back through a pipe; a job whose child could not start or returned no
 * result (it failed, or died) runs here after the others, as do all of them
 * on one processor. The children write nothing: a job must not print.
 * Returns 0, or the first non-zero a job returned here. */
int fanout_run(int n, size_t size, void *results, fanout_job job, void *info);

/* How many processors fanout_run may use side by side (1: one after the other). */
int fanout_width(void);

#endif
