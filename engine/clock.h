/* clock.h - wall-clock seconds for time limits and phase timings */
#ifndef OM_CLOCK_H
#define OM_CLOCK_H

#include <time.h>

/* Seconds on a monotonic clock; only differences mean anything. */
static inline double clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#endif
