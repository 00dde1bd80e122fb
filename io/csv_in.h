/* csv_in.h - read a CSV table with known columns, one record at a time */
#ifndef OM_CSV_IN_H
#define OM_CSV_IN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Longest physical line and longest field accepted, in bytes. */
#define CSVIN_MAX_LINE (1u << 20)
#define CSVIN_MAX_FIELD (1u << 20)
/* Data records read from one file at the most (memory stays bounded); past it,
 * reading stops with an error. */
#define CSVIN_MAX_RECORDS 2000000L
/* Errors reported for one file before reading it stops. */
#define CSVIN_MAX_ERRORS 20

/* A column the caller knows; a required one must be in the header. */
typedef struct {
    const char *name;
    bool required;
} csvin_column;

/* How a file names the caller's columns, when not by their own names: header[c] is
 * the file's header for column c (NULL: its own name; header NULL: every column by its
 * own name), and the n_ignore headers in ignore are columns whose cells are never
 * read. hint ends the message for an unknown column. All borrowed, must outlive the
 * table. */
typedef struct {
    const char *const *header;
    const char *const *ignore;
    int n_ignore;
    const char *hint;
} csvin_map;

/* An open table: header matched, positioned before the first data record. */
typedef struct csvin csvin;

/* Open path, detect the separator from its header (';' when the header holds more
 * ';' than ',' outside quotes), and match the header against the n columns in cols
 * (borrowed, must outlive the table). Returns new (caller frees with csvin_close),
 * or NULL with every problem appended to d (DIAG_INPUT with file:line:field). */
csvin *csvin_open(const char *path, const csvin_column *cols, int n, diags *d);
/* csvin_open with the file's own names for the columns (map NULL: none). A column the
 * map names must be in the header, required or not; an ignored header that names a
 * column leaves that column absent. Messages name columns by the file's headers. */
csvin *csvin_open_map(const char *path, const csvin_column *cols, int n, const csvin_map *map,
                      diags *d);
void csvin_close(csvin **t);

/* Move to the next well-formed data record. Returns 1 when there is one, 0 at the
 * end of the file, -1 when reading stopped (the reason is in d). Malformed records
 * (field count, invalid UTF-8, NUL bytes) are reported and skipped. A file without
 * any data record is reported and gives -1. */
int csvin_next(csvin *t);

/* The trimmed cell of column col (an index into the caller's cols) in the current
 * record; "" when the file lacks the column. Borrowed, valid until csvin_next. */
const char *csvin_field(const csvin *t, int col);
/* The cell of column col in the k-th record after the current one (k >= 1) when it
 * has been read already and is well-formed, else NULL; for looking ahead, such as to
 * prefetch. Borrowed, valid until csvin_next. */
const char *csvin_ahead(const csvin *t, size_t k, int col);
/* Whether the file's header has column col. */
bool csvin_has(const csvin *t, int col);
/* About how many data records the file holds, from its size and the records in the
 * part read so far; for sizing tables, at most CSVIN_MAX_RECORDS. */
long csvin_records_hint(const csvin *t);
/* The physical line where the current record starts (1-based). */
int csvin_line(const csvin *t);
/* The separator detected: ',' or ';'. */
char csvin_separator(const csvin *t);
/* The file name used in messages (borrowed, valid until csvin_close). */
const char *csvin_path(const csvin *t);

/* The file's header for column col: its own name unless the map gives another. */
const char *csvin_name(const csvin *t, int col);

/* Report a problem with column col of the current record at file:line:field, the
 * text prefixed "column 'header': " (with our name in parentheses when the map
 * renames it), or with the whole record when col is -1.
 * Counts towards CSVIN_MAX_ERRORS; past it, reading stops and csvin_next gives -1. */
void csvin_error(csvin *t, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Problems reported for this file so far. */
int csvin_errors(const csvin *t);
/* Malformed records reported and skipped so far. */
int csvin_skipped(const csvin *t);

/* Parse a decimal number ("12", "-0.5", "1e3"; with sep ';' also "1,38"),
 * independent of the locale. NaN, infinities, hex and overflow are refused.
 * Returns 0 and sets *out, or -1. */
int csvin_number(const char *s, char sep, double *out);

/* Write s into buf between quote characters q for a message, escaping control
 * characters and shortening long values with "...". Returns buf. */
const char *csvin_quote(const char *s, char q, char *buf, size_t size);

/* Whether the len bytes at s are valid UTF-8 (NUL bytes count as valid). */
bool csvin_utf8(const char *s, size_t len);

#endif
