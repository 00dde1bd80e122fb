/* xlsx_out.h - tables as sheets of one Excel workbook (libxlsxwriter), for a set of files */
#ifndef OM_XLSX_OUT_H
#define OM_XLSX_OUT_H

#include <stdio.h>

#include "diag.h"
#include "textout.h"

/* One cell of a table: text, or a number when text is NULL (NAN: an empty cell). */
typedef struct {
    const char *text;
    double num;
} xlsx_cell;

typedef struct xlsx_out xlsx_out;

/* A new workbook, written to a temporary file until xlsx_out_finish. Returns new, or
 * NULL with the reason in d. */
xlsx_out *xlsx_out_create(diags *d);
/* Start a sheet called name with a bold, frozen header row of the n column names in
 * cols; the columns that hold shares (a name with "utilisation" or "_share") are
 * formatted as percentages, as are the numbers of a row whose first cell is such a
 * name. cols is borrowed until the next sheet. Returns 0, or -1 with the reason in d. */
int xlsx_out_sheet(xlsx_out *x, const char *name, const char *const *cols, int n, diags *d);
/* The next row of the current sheet: one cell per column. */
void xlsx_out_row(xlsx_out *x, const xlsx_cell *cells);
/* Close the workbook and copy its bytes to f; the temporary file is removed. Frees x
 * and sets it to NULL. Returns 0, or -1 with the reason in d. */
int xlsx_out_finish(xlsx_out **x, FILE *f, diags *d);
/* A workbook of one sheet called name holding the CSV text (len bytes, ',' and '.', as
 * the plain output files are written; a cell that reads as a number is one), its bytes
 * written to f. Returns 0, or -1 with the reason in d. */
int xlsx_out_csv(FILE *f, const char *name, const char *text, size_t len, diags *d);
/* Writes a table as plain CSV (',' and '.') to f. */
typedef void (*xlsx_csv_writer)(FILE *f, const void *ctx, const csv_style *st);
/* xlsx_out_csv of the table that write(ctx) writes. */
int xlsx_out_table(FILE *f, const char *name, xlsx_csv_writer write, const void *ctx, diags *d);
/* Drop an unfinished workbook. Accepts NULL. */
void xlsx_out_destroy(xlsx_out **x);

#endif
