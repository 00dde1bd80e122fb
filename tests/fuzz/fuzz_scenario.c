/* fuzz_scenario.c - the scenario reader (JSON and its extends chain) on any bytes */
#include "fuzz.h"
#include "scenario_in.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_scenario(0, data, size);
    diags *d = diags_create();
    om_scenario *s = scenario_read(path, d);
    /* a scenario comes back exactly when nothing is wrong with it */
    if (!s != (diags_errors(d) > 0))
        abort();
    fuzz_check_messages(d);
    scenario_destroy(&s);
    diags_destroy(&d);
    return 0;
}
