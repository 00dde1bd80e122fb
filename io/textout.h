/* textout.h - numbers, CSV fields and JSON strings as the output files write them */
#ifndef OM_TEXTOUT_H
#define OM_TEXTOUT_H

#include <stdbool.h>
#include <stdio.h>

/* How CSV files are written: plain (',' and '.') or for Danish Excel. */
typedef struct {
    char sep;           /* ',' or ';' */
    bool decimal_comma; /* 1,38 rather than 1.38 */
} csv_style;

/* v with at most 6 decimals, trailing zeros dropped; "" for NAN. */
void fmt_num(double v, bool decimal_comma, char out[48]);
/* One CSV field, quoted when it holds the separator, a quote or a line break. */
void csv_field(FILE *f, const char *s, const csv_style *st);
/* A number as one CSV field. */
void csv_num(FILE *f, double v, const csv_style *st);
/* s as a JSON string literal, quotes included (not json_string: Jansson has that name,
 * and a program defining it would take its calls). */
void json_quote(FILE *f, const char *s);
/* s for HTML text and attributes: & < > " ' escaped. */
void html_text(FILE *f, const char *s);
/* v as a JSON number (null for NAN). */
void json_num(FILE *f, double v);

#endif
