/* test_textout.c - numbers and strings as the output files write them: fmt_num's
 * hand-written path for whole millionths must give printf's bytes exactly */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "textout.h"

/* What fmt_num wrote before its quick path: "%.6f", trailing zeros dropped. */
static void by_printf(double v, bool decimal_comma, char out[48])
{
    if (isnan(v)) {
        out[0] = '\0';
        return;
    }
    if (fabs(v) < 5e-7)
        v = 0;
    snprintf(out, 48, "%.6f", v);
    char *dot = strchr(out, '.');
    if (!dot) /* cut short: past 1e40 */
        return;
    char *end = out + strlen(out) - 1;
    while (end > dot && *end == '0')
        *end-- = '\0';
    if (end == dot)
        *end = '\0';
    else if (decimal_comma)
        *dot = ',';
}

static void same(double v)
{
    for (int comma = 0; comma < 2; comma++) {
        char got[48], want[48];
        fmt_num(v, comma, got);
        by_printf(v, comma, want);
        if (strcmp(got, want) != 0)
            fail("fmt_num(%.17g) wrote \"%s\", printf \"%s\"", v, got, want);
    }
}

static void test_numbers(void)
{
    static const double fixed[] = {
        0,     -0.0, 1,     -1,    1.38,     1.29,   0.1 + 0.2,  1e-7,
        -4e-7, 5e-7, -6e-7, 0.5,   -0.5,     2.5e-6, 123456.789, 999999.9999995,
        1e12,  1e13, -1e13, 1e300, 0.978771, 1.0545, 71.6001,    4.864944134};
    for (size_t k = 0; k < sizeof fixed / sizeof *fixed; k++)
        same(fixed[k]);
    same(NAN);
    srand(7);
    for (int k = 0; k < 200000; k++) {
        long long n = ((long long)rand() << 16 | rand()) % 2000000000000LL - 1000000000000LL;
        same((double)n / 1e6);                       /* whole millionths */
        same((double)(n % 100000) / 100);            /* cents, weights */
        same((double)rand() / RAND_MAX * 200 - 100); /* anything */
        same(ldexp((double)rand(), -(rand() % 40))); /* halves, quarters, ... */
    }
}

static void test_json_string(void)
{
    char buf[256];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    json_quote(f, "plain");
    json_quote(f, "q\"b\\n\n\x01t\t");
    fclose(f);
    expect(strcmp(buf, "\"plain\"\"q\\\"b\\\\n\\n\\u0001t\\t\"") == 0);
}

int main(void)
{
    test_numbers();
    test_json_string();
    return test_failures != 0;
}
