/* fuzz_csv.c - the CSV reader on any bytes: no crash, no leak, every field sane */
#include <string.h>

#include "csv_in.h"
#include "fuzz.h"

static const csvin_column cols[] = {
    {"id", true}, {"caseworker", true}, {"segment", false}, {"weight", false}, {"pinned", false}};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("t.csv", data, size);
    diags *d = diags_create();
    csvin *t = csvin_open(path, cols, 5, d);
    int rc = t ? 1 : -1;
    while (t && (rc = csvin_next(t)) > 0) {
        for (int c = 0; c < 5; c++) {
            const char *cell = csvin_field(t, c);
            char quoted[96];
            double x;
            /* a record handed out holds valid UTF-8 without NUL bytes */
            if (!csvin_utf8(cell, strlen(cell)))
                abort();
            csvin_quote(cell, '"', quoted, sizeof quoted);
            if (c == 3 && *cell && csvin_number(cell, csvin_separator(t), &x) < 0)
                csvin_error(t, c, "expected a number, got %s", quoted);
        }
        if (csvin_line(t) < 1)
            abort();
        /* so does a record read ahead */
        const char *ahead = csvin_ahead(t, 2, 0);
        if (ahead && !csvin_utf8(ahead, strlen(ahead)))
            abort();
    }
    /* reading that stops says why */
    if (rc < 0 && diags_errors(d) == 0)
        abort();
    fuzz_check_messages(d);
    csvin_close(&t);
    diags_destroy(&d);
    return 0;
}
