/* check.h - the smallest unit-test harness: fail() names the line */
#ifndef OM_TEST_CHECK_H
#define OM_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int test_failures;

#define fail(...)                                                                                  \
    do {                                                                                           \
        fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                                            \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        test_failures++;                                                                           \
    } while (0)

#define expect(cond)                                                                               \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fail("expected %s", #cond);                                                            \
    } while (0)

#define near(a, b) ((a) - (b) < 1e-9 && (b) - (a) < 1e-9)

#endif
