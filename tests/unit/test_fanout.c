/* test_fanout.c - jobs side by side give the results they give one after the
 * other, and a job whose child fails or dies is run again in the caller */
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fanout.h"

typedef struct {
    pid_t caller;
    int die;   /* the job that kills its child, or -1 */
    int fail;  /* the job that fails in its child, or -1 */
    int fails; /* the job that fails wherever it runs, or -1 */
} plan;

/* k squared, in a 64-byte result whose bytes all say so; where it ran. */
static int square(int k, void *result, void *info)
{
    const plan *p = info;
    bool child = getpid() != p->caller;
    if (child && k == p->die)
        raise(SIGKILL);
    if ((child && k == p->fail) || k == p->fails)
        return -1;
    long *r = result;
    for (int i = 0; i < 7; i++)
        r[i] = (long)k * k;
    r[7] = child;
    return 0;
}

static void run(plan p, int n, int want_rc)
{
    long got[6][8];
    memset(got, 0xff, sizeof got);
    int rc = fanout_run(n, sizeof got[0], got, square, &p);
    expect(rc == want_rc);
    for (int k = 0; rc == 0 && k < n; k++) {
        for (int i = 0; i < 7; i++)
            if (got[k][i] != (long)k * k)
                fail("job %d: result %d is %ld, not %d", k, i, got[k][i], k * k);
        bool here = k == p.die || k == p.fail;
        if (fanout_width() > 1 && n > 1 && got[k][7] != !here)
            fail("job %d ran %s", k, got[k][7] ? "in a child" : "here");
    }
}

int main(void)
{
    pid_t me = getpid();
    run((plan){me, -1, -1, -1}, 1, 0);
    run((plan){me, -1, -1, -1}, 6, 0);
    run((plan){me, 2, -1, -1}, 4, 0);  /* its child dies: run here */
    run((plan){me, -1, 1, -1}, 3, 0);  /* fails in its child: run here */
    run((plan){me, -1, -1, 1}, 3, -1); /* fails here too: its error */
    return test_failures != 0;
}
