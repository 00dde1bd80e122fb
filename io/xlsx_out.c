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

#include "csv_in.h"
#include "textout.h"

#define CELL_MAX 4096 /* bytes of one cell of a CSV made into a sheet */

struct xlsx_out {
    char path[64]; /* the temporary file */
    lxw_workbook *wb;
    lxw_format *bold, *percent;
    lxw_worksheet *ws; /* the current sheet */
    int n_cols;
    bool *share;    /* per column: it holds shares */
    double *width;  /* per column: the widest cell, in characters */
    lxw_row_t rows; /* rows written to the current sheet, the header too */
    int failed;     /* a write failed: lxw_error */
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
        note(x, worksheet_set_column(x->ws, (lxw_col_t)k, (lxw_col_t)k, fmin(60, x->width[k] + 2),
                                     x->share[k] ? x->percent : NULL));
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

/* Whether a column or row called name holds shares (1 is 100 %). */
static bool is_share(const char *name)
{
    return strstr(name, "utilisation") || strstr(name, "_share");
}

int xlsx_out_sheet(xlsx_out *x, const char *name, const char *const *cols, int n, diags *d)
{
    close_sheet(x);
    free(x->share);
    free(x->width);
    x->share = calloc((size_t)(n > 0 ? n : 1), sizeof *x->share);
    x->width = calloc((size_t)(n > 0 ? n : 1), sizeof *x->width);
    if (!x->share || !x->width) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    if (n < 1 || n > LXW_COL_MAX || !(x->ws = workbook_add_worksheet(x->wb, name))) {
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
    /* a row named as a share (the summary's kept_share) is one in every column */
    bool row_share = cells[0].text && is_share(cells[0].text);
    for (int k = 0; k < x->n_cols; k++) {
        const xlsx_cell *c = &cells[k];
        bool share = x->share[k] || (k > 0 && row_share);
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
                                           share ? x->percent : NULL));
            if (share)
                fmt_num(100 * c->num, false, text);
            w = chars(text) + (share ? 2 : 0);
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
    free(x->share);
    free(x->width);
    free(x);
    *xp = NULL;
}

/* The next field of the CSV text at *p (',' separated, RFC 4180 quotes), unquoted into
 * out (size bytes, cut when longer); *end_row tells whether a line end or the text's
 * end follows it. */
static const char *next_field(const char **p, const char *end, char *out, size_t size,
                              bool *end_row)
{
    const char *s = *p;
    size_t n = 0;
    bool quoted = s < end && *s == '"';
    if (quoted)
        s++;
    for (; s < end; s++) {
        if (quoted && *s == '"') {
            if (s + 1 < end && s[1] == '"')
                s++;
            else {
                quoted = false;
                continue;
            }
        } else if (!quoted && (*s == ',' || *s == '\n' || *s == '\r'))
            break;
        if (n + 1 < size)
            out[n++] = *s;
    }
    out[n] = '\0';
    *end_row = s >= end || *s != ',';
    if (s < end && *s == '\r')
        s++;
    *p = s < end ? s + 1 : s;
    return out;
}

int xlsx_out_csv(FILE *f, const char *name, const char *text, size_t len, diags *d)
{
    const char *p = text, *end = text + len;
    int n = 0, rc = -1;
    char scratch[CELL_MAX];
    for (bool end_row = false; !end_row;) /* the header's fields */
        next_field(&p, end, scratch, sizeof scratch, &end_row), n++;
    p = text;
    xlsx_out *x = xlsx_out_create(d);
    xlsx_cell *cells = calloc((size_t)n, sizeof *cells);
    char **bufs = calloc((size_t)n, sizeof *bufs), **cols = calloc((size_t)n, sizeof *cols);
    bool ok = x && cells && bufs && cols;
    for (int k = 0; ok && k < n; k++)
        ok = (bufs[k] = malloc(CELL_MAX)) != NULL;
    if (!ok) {
        if (x)
            diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    for (int row = 0; p < end; row++) {
        bool end_row = false;
        int k = 0;
        for (; k < n && !end_row; k++) {
            const char *v = next_field(&p, end, bufs[k], CELL_MAX, &end_row);
            double num;
            cells[k] = row > 0 && *v && csvin_number(v, ',', &num) == 0 ? (xlsx_cell){NULL, num}
                                                                        : (xlsx_cell){v, 0};
        }
        for (; k < n; k++)
            cells[k] = (xlsx_cell){"", 0};
        if (row == 0) {
            for (k = 0; k < n; k++)
                cols[k] = bufs[k];
            if (xlsx_out_sheet(x, name, (const char *const *)cols, n, d) < 0)
                goto out;
            for (k = 0; k < n; k++) /* the header's text moves to cols */
                if (!(bufs[k] = malloc(CELL_MAX))) {
                    diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
                    goto out;
                }
        } else
            xlsx_out_row(x, cells);
    }
    rc = xlsx_out_finish(&x, f, d);
out:
    xlsx_out_destroy(&x);
    for (int k = 0; bufs && k < n; k++) {
        free(bufs[k]);
        if (cols)
            free(cols[k]);
    }
    free(bufs);
    free(cols);
    free(cells);
    return rc;
}

int xlsx_out_table(FILE *f, const char *name, xlsx_csv_writer write, const void *ctx, diags *d)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) {
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    const csv_style plain = {',', false};
    write(mem, ctx, &plain);
    int rc = fclose(mem) == 0 ? xlsx_out_csv(f, name, text, len, d) : -1;
    if (rc < 0 && !diags_errors(d))
        diags_add(d, DIAG_INTERNAL, NULL, 0, 0, NULL, "out of memory");
    free(text);
    return rc;
}
