/* xlsx_out.c - tables as sheets of one Excel workbook: numbers as numbers, shares as
 * percentages, header bold and frozen, autofilter on, widths fitted to the cells */
#include "xlsx_out.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "textout.h"

struct xlsx_out {
    char path[64]; /* the temporary file */
    lxw_workbook *wb;
    lxw_format *bold, *percent;
    lxw_worksheet *ws; /* the current sheet */
    int n_cols;
    bool share[XLSX_MAX_COLS];
    double width[XLSX_MAX_COLS]; /* the widest cell of each column, in characters */
    lxw_row_t rows;              /* rows written to the current sheet, the header too */
    int failed;                  /* a write failed: lxw_error */
};

/* Characters a cell takes on screen: UTF-8 continuation bytes take none. */
static double chars(const char *s)
{
    double n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void note(xlsx_out *x, lxw_error e)
{
    if (e != LXW_NO_ERROR && !x->failed)
        x->failed = (int)e;
}

/* Widths and autofilter of the sheet just written. */
static void close_sheet(xlsx_out *x)
{
    if (!x->ws)
        return;
    for (int k = 0; k < x->n_cols; k++)
        note(x, worksheet_set_column(x->ws, (lxw_col_t)k, (lxw_col_t)k,
                                     fmin(60, x->width[k] + 2), x->share[k] ? x->percent : NULL));
    note(x, worksheet_autofilter(x->ws, 0, 0, x->rows > 1 ? x->rows - 1 : 0,
                                 (lxw_col_t)(x->n_cols - 1)));
    x->ws = NULL;
}

xlsx_out *xlsx_out_create(diags *d)
{
    xlsx_out *x = calloc(1, sizeof *x);
    if (!x) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        return NULL;
    }
    const char *dir = getenv("TMPDIR");
    snprintf(x->path, sizeof x->path, "%s/omfordel-xlsx-XXXXXX",
             dir && *dir && strlen(dir) < 32 ? dir : "/tmp");
    int fd = mkstemp(x->path);
    if (fd < 0) {
        diags_add(d, DIAG_INTERNAL, x->path, 0, 0, NULL, "cannot make a temporary file: %s",
                  strerror(errno));
        free(x);
        return NULL;
    }
    close(fd);
    if (!(x->wb = workbook_new(x->path)) || !(x->bold = workbook_add_format(x->wb)) ||
        !(x->percent = workbook_add_format(x->wb))) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        xlsx_out_destroy(&x);
        return NULL;
    }
    format_set_bold(x->bold);
    format_set_num_format(x->percent, "0.0%");
    return x;
}

static bool is_share(const char *col)
{
    return strcmp(col, "utilisation") == 0 || strcmp(col, "kept_share") == 0 ||
           strcmp(col, "max_utilisation") == 0;
}

int xlsx_out_sheet(xlsx_out *x, const char *name, const char *const *cols, int n, diags *d)
{
    close_sheet(x);
    if (n < 1 || n > XLSX_MAX_COLS || !(x->ws = workbook_add_worksheet(x->wb, name))) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "cannot add the sheet %s", name);
        return -1;
    }
    x->n_cols = n;
    x->rows = 1;
    for (int k = 0; k < n; k++) {
        x->share[k] = is_share(cols[k]);
        x->width[k] = fmax(chars(cols[k]), x->share[k] ? 7 : 0);
        note(x, worksheet_write_string(x->ws, 0, (lxw_col_t)k, cols[k], x->bold));
    }
    worksheet_freeze_panes(x->ws, 1, 0);
    return 0;
}

void xlsx_out_row(xlsx_out *x, const xlsx_cell *cells)
{
    if (!x->ws)
        return;
    for (int k = 0; k < x->n_cols; k++) {
        const xlsx_cell *c = &cells[k];
        double w;
        if (c->text) {
            if (*c->text)
                note(x, worksheet_write_string(x->ws, x->rows, (lxw_col_t)k, c->text, NULL));
            w = chars(c->text);
        } else if (isnan(c->num)) {
            continue;
        } else {
            /* the number the CSV holds: at most 6 decimals */
            char text[48];
            fmt_num(c->num, false, text);
            note(x, worksheet_write_number(x->ws, x->rows, (lxw_col_t)k, strtod(text, NULL),
                                           NULL));
            if (x->share[k])
                fmt_num(100 * c->num, false, text);
            w = chars(text) + (x->share[k] ? 2 : 0);
        }
        x->width[k] = fmax(x->width[k], w);
    }
    x->rows++;
}

int xlsx_out_finish(xlsx_out **xp, FILE *f, diags *d)
{
    xlsx_out *x = *xp;
    int rc = -1;
    close_sheet(x);
    lxw_error e = workbook_close(x->wb);
    x->wb = NULL;
    if (e != LXW_NO_ERROR || x->failed) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "cannot write the workbook: %s",
                  lxw_strerror(e != LXW_NO_ERROR ? e : (lxw_error)x->failed));
        goto out;
    }
    FILE *in = fopen(x->path, "rb");
    if (!in) {
        diags_add(d, DIAG_INTERNAL, x->path, 0, 0, NULL, "cannot read the workbook back: %s",
                  strerror(errno));
        goto out;
    }
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, f) != n)
            break;
    rc = ferror(in) ? -1 : 0; /* a failed write shows when the set commits */
    fclose(in);
    if (rc < 0)
        diags_add(d, DIAG_INTERNAL, x->path, 0, 0, NULL, "cannot read the workbook back");
out:
    xlsx_out_destroy(xp);
    return rc;
}

void xlsx_out_destroy(xlsx_out **xp)
{
    xlsx_out *x = *xp;
    if (!x)
        return;
    if (x->wb)
        workbook_close(x->wb); /* frees it; the file goes below */
    unlink(x->path);
    free(x);
    *xp = NULL;
}
