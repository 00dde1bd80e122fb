/* fuzz_plan.c - plan.json as `report`, `explain` and `diff` read it, on any bytes */
#include "fuzz.h"
#include "inspect.h"
#include "plan_in.h"
#include "report_html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    if (!devnull && !(devnull = fopen("/dev/null", "w")))
        abort();
    const char *path = fuzz_write("plan.json", data, size);
    diags *d = diags_create();
    plan_doc *p = plan_doc_read(path, d);
    /* a plan comes back exactly when nothing is wrong with it */
    if (!p != (diags_errors(d) > 0))
        abort();
    if (p) {
        report_options o = {REPORT_EN, true};
        report_html_doc(devnull, p, path, &o, d);
        if (plan_doc_cases(p) > 0)
            inspect_explain(devnull, p, plan_doc_case(p, 0)->id);
        inspect_explain(devnull, p, "no such case");
        inspect_diff(devnull, p, p);
    }
    fuzz_check_messages(d);
    plan_doc_destroy(&p);
    diags_destroy(&d);
    return 0;
}
