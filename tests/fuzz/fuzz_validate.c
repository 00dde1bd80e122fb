/* fuzz_validate.c - what `omfordel validate` does, in process, with one file of a
 * small scenario replaced by the input: the first byte picks which file. */
#include "fuzz.h"
#include "precheck.h"
#include "scenario_in.h"
#include "summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    if (!devnull && !(devnull = fopen("/dev/null", "w")))
        abort();
    if (size < 1)
        return 0;
    const char *path = fuzz_scenario(data[0] % FUZZ_N_FILES, data + 1, size - 1);
    diags *d = diags_create();
    om_scenario *s = scenario_read(path, d);
    if (!s != (diags_errors(d) > 0))
        abort();
    if (s && precheck_run(s, d) == 0 && diags_errors(d) == 0)
        summary_data(devnull, s);
    char line[2048];
    for (size_t i = 0; i < diags_count(d); i++) {
        const diag *g = diags_get(d, i);
        diag_format(g, line, sizeof line);
        fuzz_no_cpr(line);
        /* a problem in a table names its line */
        if (g->kind == DIAG_INPUT && g->source && strstr(g->source, ".csv") && g->line < 1 &&
            !strstr(line, "cannot"))
            abort();
    }
    scenario_destroy(&s);
    diags_destroy(&d);
    return 0;
}
