/* csv_in.c - read CSV tables on libcsv, counting physical lines ourselves */
#include "csv_in.h"

#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BLOCK (64u * 1024)
/* feed() checks line lengths at the first line end of each block only */
_Static_assert(BLOCK < CSVIN_MAX_LINE, "a block must be shorter than the longest line");

/* A complete record waiting in the queue; its fields live in t->buf. */
typedef struct {
    size_t first;  /* index of its first field in t->off */
    int n;         /* fields in the record, stored or not */
    int line;      /* physical line where it starts */
    int end_line;  /* physical line of the character that ends it */
    int bad_field; /* first field with invalid UTF-8 or a NUL byte; 0 when none */
    int nul;       /* whether that field holds a NUL byte (else invalid UTF-8) */
} record;

struct csvin {
    char *path;
    diags *d;
    FILE *f;
    const csvin_column *cols;
    int n_cols;
    csvin_map map;     /* zero: every column by its own name */
    int *field_of_col; /* header position of each caller column, -1 when absent */
    int n_header, header_line;
    char sep, eol;

    struct csv_parser p;
    int parser_ready;
    unsigned char *block;
    size_t pos, len;
    int eof, finished;

    /* libcsv is fed a whole block at a time and gives no byte offsets; with
     * CSV_REPALL_NL it reports every line end outside quotes, blank lines too, and
     * line ends inside quotes are in the fields, so the callbacks count lines */
    int line;        /* physical line after the last field or line end reported */
    int rec_line;    /* where the record being built starts */
    size_t line_len; /* bytes fed of the physical line the next byte is on */
    int last_line;   /* the last line end allowed was fed: no more lines */

    /* bytes (NUL-terminated) and offsets of the queued records and the one being
     * built; reused from block to block, so no malloc per field */
    char *buf;
    size_t buf_len, buf_cap;
    size_t *off;
    size_t n_off, off_cap;
    size_t store_limit; /* fields kept per record; more are only counted */

    size_t cur_first;
    int cur_n, cur_bad, cur_nul;

    record *q;
    size_t q_head, q_len, q_cap;

    /* A problem found inside a block stops reading there, but is reported only after
     * the records before it have been handed out, in the order of the file */
    int stop; /* a stop is pending: the callbacks ignore the rest */
    int stop_line, stop_field, stop_oom;
    char stop_text[128];

    record rec; /* the current record */
    long n_data, hint;
    int n_errors, n_skipped, stopped;
};

static void vreport(csvin *t, int line, int field, const char *fmt, va_list ap)
{
    if (t->stopped)
        return;
    if (t->n_errors >= CSVIN_MAX_ERRORS) {
        diags_add(t->d, DIAG_INPUT, t->path, line, 0, NULL,
                  "too many errors; stopped reading this file");
        t->stopped = 1;
        return;
    }
    char text[1024];
    vsnprintf(text, sizeof text, fmt, ap);
    diags_add(t->d, DIAG_INPUT, t->path, line, field, NULL, "%s", text);
    t->n_errors++;
}

static void report(csvin *t, int line, int field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(csvin *t, int line, int field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(t, line, field, fmt, ap);
    va_end(ap);
}

/* Stop reading for want of memory. Returns -1. */
static int out_of_memory(csvin *t, int line)
{
    diags_add(t->d, DIAG_INTERNAL, t->path, line, 0, NULL, "out of memory");
    t->stopped = 1;
    return -1;
}

/* Note a stop at line:field (text NULL: out of memory), to be reported once the
 * records queued before it have been handed out. The first stop wins. */
static void stop_at(csvin *t, int line, int field, const char *text)
{
    if (t->stop)
        return;
    t->stop = 1;
    t->stop_line = line;
    t->stop_field = field;
    t->stop_oom = !text;
    snprintf(t->stop_text, sizeof t->stop_text, "%s", text ? text : "");
}

/* p with room for need items of size each (capacity *cap), or NULL when out of
 * memory (p is then still valid). */
static void *grow(void *p, size_t *cap, size_t need, size_t each)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *np = realloc(p, n * each);
    if (np)
        *cap = n;
    return np;
}

/* 0 when the len bytes at str are valid UTF-8 without NUL bytes, 1 when they hold a
 * NUL byte, 2 when they are not UTF-8; *eols gets the number of bytes eol up to the
 * first fault. One pass, as this runs on every field. */
static int check_text(const char *str, size_t len, int nul_ok, char eol, size_t *eols)
{
    const unsigned char *s = (const unsigned char *)str, *end = s + len;
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    *eols = 0;
    while (s < end) {
        /* nearly all bytes are printable ASCII: skip them eight at a time; a byte
         * below 0x20 (NUL, a line end) or above 0x7f takes the slow path */
        while (end - s >= 8) {
            uint64_t v;
            memcpy(&v, s, 8);
            if ((v | ((v - 0x20 * ones) & ~v)) & highs)
                break;
            s += 8;
        }
        if (s == end)
            break;
        unsigned c = *s;
        if (c < 0x80) {
            if (c == 0 && !nul_ok)
                return 1;
            *eols += c == (unsigned char)eol;
            s++;
            continue;
        }
        size_t n;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF)
            n = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3, cp = c & 0x07;
        else
            return 2;
        if ((size_t)(end - s) <= n)
            return 2;
        for (size_t k = 1; k <= n; k++) {
            if ((s[k] & 0xC0) != 0x80)
                return 2;
            cp = cp << 6 | (s[k] & 0x3F);
        }
        if (n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
            return 2;
        if (n == 3 && (cp < 0x10000 || cp > 0x10FFFF))
            return 2;
        s += n + 1;
    }
    return 0;
}

bool csvin_utf8(const char *s, size_t len)
{
    size_t eols;
    return check_text(s, len, 1, '\n', &eols) == 0;
}

/* The number of bytes c among the n at s. */
static size_t count_byte(const void *s, size_t n, char c)
{
    size_t k = 0;
    for (const char *p = s, *end = p + n; (p = memchr(p, c, (size_t)(end - p))); p++)
        k++;
    return k;
}

/* The physical line of the next byte libcsv reads: a field begun holds its line
 * ends (inside quotes), and every other line end has been reported. */
static int parse_line(const csvin *t)
{
    size_t n = t->p.entry_pos ? count_byte(t->p.entry_buf, t->p.entry_pos, t->eol) : 0;
    return n > (size_t)(INT_MAX - t->line) ? INT_MAX : t->line + (int)n;
}

/* Report the stop noted by stop_at; reading ends. */
static void report_stop(csvin *t)
{
    if (t->stop_oom)
        out_of_memory(t, t->stop_line);
    else
        report(t, t->stop_line, t->stop_field, "%s", t->stop_text);
    t->stopped = 1;
}

/* Whether a quoted field of len bytes at s, begun or complete, was too long at the
 * end of one of its lines: the check the reader makes at each line end, where
 * libcsv's buffer holds the field so far. */
static bool field_too_long(const void *s, size_t len, char eol)
{
    return len > CSVIN_MAX_FIELD &&
           memchr((const char *)s + CSVIN_MAX_FIELD, eol, len - CSVIN_MAX_FIELD);
}

/* Note the stop for a field that field_too_long found, at the line where it began. */
static void stop_too_long(csvin *t, int field)
{
    char text[128];
    snprintf(text, sizeof text, "quoted field longer than %u bytes; is its closing quote missing?",
             CSVIN_MAX_FIELD);
    stop_at(t, t->line, field, text);
}

static int is_blank(int c) { return c == ' ' || c == '\t'; }

/* Room in t->buf for n more bytes and in t->off for one more offset. 0, or -1 after
 * noting a stop for want of memory. */
static int make_room(csvin *t, size_t n)
{
    char *b = grow(t->buf, &t->buf_cap, t->buf_len + n, 1);
    if (b)
        t->buf = b;
    size_t *o = grow(t->off, &t->off_cap, t->n_off + 1, sizeof *o);
    if (o)
        t->off = o;
    if (b && o)
        return 0;
    stop_at(t, t->line, 0, NULL);
    return -1;
}

/* The checks of a field: a NUL byte or invalid UTF-8 marks the record, and the line
 * ends inside it move t->line on. raw is the field as libcsv gave it, c the same
 * trimmed. 0, or -1 when reading stops at it. */
static int check_field(csvin *t, const char *raw, size_t raw_len, const char *c, size_t len)
{
    size_t eols;
    int bad = check_text(c, len, 0, t->eol, &eols);
    if (bad) {
        if (!t->cur_bad)
            t->cur_bad = t->cur_n, t->cur_nul = bad == 1;
        eols = count_byte(c, len, t->eol);
    }
    if (eols) {
        if (field_too_long(raw, raw_len, t->eol)) {
            stop_too_long(t, t->cur_n);
            return -1;
        }
        t->line = eols > (size_t)(INT_MAX - t->line) ? INT_MAX : t->line + (int)eols;
    }
    return 0;
}

/* Count, check, trim and keep the len bytes at c as the next field of the record. */
static void store_field(csvin *t, const char *c, size_t len)
{
    const char *raw = c;
    size_t raw_len = len;
    if (t->stop)
        return;
    t->cur_n++;
    while (len && is_blank((unsigned char)c[0]))
        c++, len--;
    while (len && is_blank((unsigned char)c[len - 1]))
        len--;
    if ((size_t)t->cur_n > t->store_limit) {
        check_field(t, raw, raw_len, c, len);
        return;
    }
    if ((t->buf_len + len + 1 > t->buf_cap || t->n_off == t->off_cap) && make_room(t, len + 1) < 0)
        return;
    if (check_field(t, raw, raw_len, c, len) < 0)
        return;
    memcpy(t->buf + t->buf_len, c, len);
    t->buf[t->buf_len + len] = '\0';
    t->off[t->n_off++] = t->buf_len;
    t->buf_len += len + 1;
}

/* libcsv's field callback. Nearly every field is printable ASCII with no blank at its
 * ends, and fits in the buffer: that needs no check, and is copied here eight bytes at
 * a time, in a function that calls no other; any other field goes to store_field. */
static void on_field(void *s, size_t len, void *data)
{
    csvin *t = data;
    const char *c = s ? s : "";
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    if (t->stop || (size_t)t->cur_n >= t->store_limit || t->buf_len + len + 1 > t->buf_cap ||
        t->n_off == t->off_cap ||
        (len && (is_blank((unsigned char)c[0]) || is_blank((unsigned char)c[len - 1])))) {
        store_field(t, c, len);
        return;
    }
    char *dst = t->buf + t->buf_len;
    size_t i = 0;
    for (uint64_t v; len - i >= 8; i += 8) {
        memcpy(&v, c + i, 8);
        if ((v | ((v - 0x20 * ones) & ~v)) & highs) {
            store_field(t, c, len);
            return;
        }
        memcpy(dst + i, &v, 8);
    }
    for (; i < len; i++) {
        if ((unsigned char)c[i] < 0x20 || (unsigned char)c[i] >= 0x80) {
            store_field(t, c, len);
            return;
        }
        dst[i] = c[i];
    }
    dst[len] = '\0';
    t->cur_n++;
    t->off[t->n_off++] = t->buf_len;
    t->buf_len += len + 1;
}

static void on_row(int c, void *data)
{
    csvin *t = data;
    if (t->stop)
        return;
    if (t->cur_n) { /* else a blank line, or the LF of a CRLF */
        if (t->q_len == t->q_cap) {
            record *q = grow(t->q, &t->q_cap, t->q_len + 1, sizeof *q);
            if (!q) {
                stop_at(t, t->line, 0, NULL);
                return;
            }
            t->q = q;
        }
        t->q[t->q_len++] = (record){.first = t->cur_first,
                                    .n = t->cur_n,
                                    .line = t->rec_line,
                                    .end_line = t->line,
                                    .bad_field = t->cur_bad,
                                    .nul = t->cur_nul};
    }
    if (c == (unsigned char)t->eol && t->line < INT_MAX)
        t->line++;
    t->cur_first = t->n_off;
    t->cur_n = t->cur_bad = t->cur_nul = 0;
    t->rec_line = t->line;
}

/* Drop the records already handed out; keep the one being built. */
static void compact(csvin *t)
{
    size_t nf = t->n_off - t->cur_first;
    size_t start = nf ? t->off[t->cur_first] : t->buf_len;
    size_t nb = t->buf_len - start;
    if (start > 0 && nb > 0)
        memmove(t->buf, t->buf + start, nb);
    for (size_t k = 0; k < nf; k++)
        t->off[k] = t->off[t->cur_first + k] - start;
    t->buf_len = nb;
    t->n_off = nf;
    t->cur_first = 0;
    t->q_head = t->q_len = 0;
}

static int refill(csvin *t)
{
    t->pos = 0;
    t->len = fread(t->block, 1, BLOCK, t->f);
    if (t->len == 0) {
        if (ferror(t->f)) {
            /* the line of the last byte read; 0 before the first */
            report(t, parse_line(t) - (t->line_len == 0), 0, "cannot read: %s", strerror(errno));
            return -1;
        }
        t->eof = 1;
    }
    return 0;
}

/* At the end of input: let libcsv hand over a last record without a newline. */
static int finish(csvin *t)
{
    int rc = csv_fini(&t->p, on_field, on_row, t);
    if (t->stop)
        return 0;
    if (rc != 0) {
        report(t, t->line, t->cur_n + 1, "quoted field has no closing quote");
        return -1;
    }
    t->finished = 1;
    return 0;
}

/* After libcsv refused a byte: the stop, at the line of that byte; the records
 * ended on that line (by a lone CR) go with it, as the line is refused whole. */
static void parse_failed(csvin *t)
{
    int line = parse_line(t), field = t->cur_n + 1, err = csv_error(&t->p);
    char text[128];
    if (field_too_long(t->p.entry_buf, t->p.entry_pos, t->eol))
        stop_too_long(t, field);
    else if (err == CSV_ENOMEM)
        stop_at(t, line, 0, NULL);
    else if (err != CSV_EPARSE) {
        snprintf(text, sizeof text, "cannot parse: %s", csv_strerror(err));
        stop_at(t, line, field, text);
    } else if (t->p.quoted)
        stop_at(t, line, field, "text after the closing quote of a quoted field");
    else
        stop_at(t, line, field,
                "quote inside an unquoted field; quote the whole field and double the "
                "quotes inside it");
    while (t->q_len > t->q_head && t->q[t->q_len - 1].end_line == line)
        t->q_len--;
}

/* Feed libcsv the rest of the buffered block, or the next block. A problem found
 * before any of it is parsed is reported at once (the queue is empty then); one
 * found inside it is noted with stop_at. Returns 0, or -1 after reporting. */
static int feed(csvin *t)
{
    if (t->pos == t->len) {
        if (!t->eof && refill(t) < 0)
            return -1;
        if (t->eof)
            return finish(t);
    }
    if (t->last_line) {
        report(t, INT_MAX, 0, "file has too many lines");
        return -1;
    }
    const unsigned char *s = t->block + t->pos;
    size_t n = t->len - t->pos;
    /* only the line running into the block can pass the limit here: one that starts
     * and ends in the block is shorter than it, one that runs on is checked at the next */
    const unsigned char *nl = memchr(s, t->eol, n);
    size_t first = nl ? (size_t)(nl - s) + 1 : n;
    if (t->line_len + first > CSVIN_MAX_LINE) {
        report(t, parse_line(t), 0, "line longer than %u bytes", CSVIN_MAX_LINE);
        return -1;
    }
    /* near INT_MAX lines, feed no further than the end of line INT_MAX */
    if ((long long)t->line + (long long)t->p.entry_pos + (long long)n >= INT_MAX) {
        long long left = (long long)INT_MAX - parse_line(t); /* line ends still allowed */
        for (size_t i = 0; i < n; i++)
            if (s[i] == (unsigned char)t->eol && left-- == 0) {
                n = i + 1;
                t->last_line = 1;
                break;
            }
    }
    size_t done = csv_parse(&t->p, s, n, on_field, on_row, t);
    if (!t->stop && done < n)
        parse_failed(t);
    else if (!t->stop && t->p.entry_pos > CSVIN_MAX_FIELD)
        stop_too_long(t, t->cur_n + 1);
    t->pos += n;
    const unsigned char *last = s + n;
    while (last > s && last[-1] != (unsigned char)t->eol)
        last--;
    t->line_len = last > s ? (size_t)(s + n - last) : t->line_len + n;
    return 0;
}

/* From the header line: the separator, ';' when the line holds more ';' than ','
 * outside quotes, else ','; and the line end, '\r' for old Mac files that end lines
 * with a lone CR, else '\n'. */
static void sniff(const unsigned char *s, size_t n, char *sep, char *eol)
{
    size_t commas = 0, semis = 0;
    int quoted = 0, content = 0;
    *eol = '\n';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\n' || c == '\r') {
            if (!content)
                continue;
            if (c == '\r' && i + 1 < n && s[i + 1] != '\n')
                *eol = '\r';
            break;
        } else if (c == ',')
            commas++;
        else if (c == ';')
            semis++;
        if (!is_blank(c))
            content = 1;
    }
    *sep = semis > commas ? ';' : ',';
}

static const char *field_at(const csvin *t, const record *r, int k)
{
    return t->buf + t->off[r->first + (size_t)k];
}

const char *csvin_name(const csvin *t, int col)
{
    const char *h = t->map.header ? t->map.header[col] : NULL;
    return h ? h : t->cols[col].name;
}

/* Whether the map says header h is never read. */
static bool ignored(const csvin *t, const char *h)
{
    for (int k = 0; k < t->map.n_ignore; k++)
        if (strcmp(t->map.ignore[k], h) == 0)
            return true;
    return false;
}

/* "'header'", or "'header' (name)" when the map renames the column, into buf. */
static const char *col_label(const csvin *t, int c, char *buf, size_t size)
{
    char quoted[96];
    csvin_quote(csvin_name(t, c), '\'', quoted, sizeof quoted);
    if (strcmp(csvin_name(t, c), t->cols[c].name) != 0)
        snprintf(buf, size, "%s (%s)", quoted, t->cols[c].name);
    else
        snprintf(buf, size, "%s", quoted);
    return buf;
}

static int read_header(csvin *t, const record *r)
{
    int errors = 0;
    t->header_line = r->line;
    t->n_header = r->n;
    if (r->bad_field) {
        report(t, r->line, r->bad_field,
               r->nul ? "the header holds a NUL byte" : "invalid UTF-8; save the file as UTF-8");
        return -1;
    }
    char known[512] = "", name[96], label[160];
    size_t used = 0;
    for (int c = 0; c < t->n_cols; c++) {
        int w =
            snprintf(known + used, sizeof known - used, "%s%s", c ? ", " : "", csvin_name(t, c));
        if (w < 0 || (size_t)w >= sizeof known - used)
            break;
        used += (size_t)w;
    }
    for (int k = 0; k < r->n; k++) {
        const char *h = field_at(t, r, k);
        int c = 0;
        if (*h && ignored(t, h))
            continue;
        while (c < t->n_cols && strcmp(csvin_name(t, c), h) != 0)
            c++;
        errors++;
        if (!*h)
            report(t, r->line, k + 1, "empty column name in the header");
        else if (c == t->n_cols)
            report(t, r->line, k + 1, "unknown column %s; expected %s%s",
                   csvin_quote(h, '\'', name, sizeof name), known, t->map.hint ? t->map.hint : "");
        else if (t->field_of_col[c] >= 0)
            report(t, r->line, k + 1, "duplicate column %s (also field %d)",
                   col_label(t, c, label, sizeof label), t->field_of_col[c] + 1);
        else {
            t->field_of_col[c] = k;
            errors--;
        }
    }
    for (int c = 0; c < t->n_cols; c++) {
        bool named = t->map.header && t->map.header[c];
        if (t->field_of_col[c] >= 0 || (!t->cols[c].required && !named) ||
            (!t->cols[c].required && ignored(t, csvin_name(t, c))))
            continue;
        if (named)
            report(t, r->line, 0, "missing column %s, named for '%s' by the scenario's columns",
                   csvin_quote(csvin_name(t, c), '\'', name, sizeof name), t->cols[c].name);
        else
            report(t, r->line, 0, "missing required column %s",
                   col_label(t, c, label, sizeof label));
        errors++;
    }
    return errors || t->stopped ? -1 : 0;
}

csvin *csvin_open(const char *path, const csvin_column *cols, int n, diags *d)
{
    return csvin_open_map(path, cols, n, NULL, d);
}

csvin *csvin_open_map(const char *path, const csvin_column *cols, int n, const csvin_map *map,
                      diags *d)
{
    csvin *ret = NULL, *t = calloc(1, sizeof *t);
    if (!t || !(t->path = strdup(path)) || n < 0 ||
        !(t->field_of_col = malloc(((size_t)n + 1) * sizeof(int))) || !(t->block = malloc(BLOCK))) {
        diags_add(d, DIAG_INTERNAL, path, 0, 0, NULL, "out of memory");
        goto out;
    }
    t->d = d;
    t->cols = cols;
    t->n_cols = n;
    if (map)
        t->map = *map;
    for (int c = 0; c < n; c++)
        t->field_of_col[c] = -1;
    t->line = t->rec_line = 1;
    t->store_limit = SIZE_MAX;
    t->f = fopen(path, "rb");
    if (!t->f) {
        diags_add(d, DIAG_INPUT, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
        goto out;
    }
    struct stat st;
    int sized = fstat(fileno(t->f), &st) == 0;
    if (sized && S_ISDIR(st.st_mode)) {
        diags_add(d, DIAG_INPUT, path, 0, 0, NULL, "cannot read: is a directory");
        goto out;
    }
    if (csv_init(&t->p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
        diags_add(d, DIAG_INTERNAL, path, 0, 0, NULL, "out of memory");
        goto out;
    }
    t->parser_ready = 1;
    /* named here so that a test build can wrap them (tests/fault/failalloc.c) */
    csv_set_realloc_func(&t->p, realloc);
    csv_set_free_func(&t->p, free);
    csv_set_blk_size(&t->p, BLOCK); /* libcsv grows its field buffer by this much */
    if (refill(t) < 0)
        goto out;
    if (t->len >= 3 && memcmp(t->block, "\xEF\xBB\xBF", 3) == 0)
        t->pos = 3;
    sniff(t->block + t->pos, t->len - t->pos, &t->sep, &t->eol);
    csv_set_delim(&t->p, (unsigned char)t->sep);

    while (t->q_len == 0 && !t->finished && !t->stop)
        if (feed(t) < 0)
            goto out;
    if (t->q_len == 0 && t->stop) {
        report_stop(t);
        goto out;
    }
    if (t->q_len == 0) {
        report(t, 1, 0, "empty file; expected a header row");
        goto out;
    }
    t->q_head = 1;
    if (read_header(t, &t->q[0]) < 0)
        goto out;
    t->store_limit = (size_t)t->n_header;
    /* the first block's records per byte, over the whole file */
    double per_byte = t->len ? (double)(t->q_len - 1) / (double)t->len : 0;
    double hint = sized && S_ISREG(st.st_mode) && (double)st.st_size > (double)t->len
                      ? per_byte * (double)st.st_size
                      : (double)(t->q_len - 1);
    t->hint = hint < CSVIN_MAX_RECORDS ? (long)hint : CSVIN_MAX_RECORDS;
    ret = t;
    t = NULL;
out:
    csvin_close(&t);
    return ret;
}

void csvin_close(csvin **tp)
{
    if (!tp || !*tp)
        return;
    csvin *t = *tp;
    if (t->parser_ready)
        csv_free(&t->p);
    if (t->f)
        fclose(t->f);
    free(t->path);
    free(t->field_of_col);
    free(t->block);
    free(t->buf);
    free(t->off);
    free(t->q);
    free(t);
    *tp = NULL;
}

/* Whether a queued record may be handed out; reports it when not. */
static int record_ok(csvin *t, const record *r)
{
    if (r->bad_field) {
        report(t, r->line, r->bad_field,
               r->nul ? "field holds a NUL byte" : "invalid UTF-8; save the file as UTF-8");
        return 0;
    }
    if (r->n != t->n_header) {
        report(t, r->line, 0, "expected %d fields as in the header, got %d", t->n_header, r->n);
        return 0;
    }
    return 1;
}

int csvin_next(csvin *t)
{
    for (;;) {
        if (t->stopped)
            return -1;
        if (t->q_head < t->q_len) {
            record r = t->q[t->q_head++];
            if (++t->n_data > CSVIN_MAX_RECORDS) {
                report(t, r.line, 0, "more than %ld data rows; omfordel reads at most that many",
                       CSVIN_MAX_RECORDS);
                t->stopped = 1;
                return -1;
            }
            if (record_ok(t, &r)) {
                t->rec = r;
                return 1;
            }
            t->n_skipped++;
            continue;
        }
        if (t->stop) {
            report_stop(t);
            return -1;
        }
        if (t->finished) {
            if (t->n_data == 0) {
                report(t, t->header_line, 0, "no data rows after the header");
                t->stopped = 1;
                return -1;
            }
            return 0;
        }
        compact(t);
        if (feed(t) < 0) {
            t->stopped = 1;
            return -1;
        }
    }
}

const char *csvin_ahead(const csvin *t, size_t k, int col)
{
    if (k < 1 || k > t->q_len - t->q_head || col < 0 || col >= t->n_cols ||
        t->field_of_col[col] < 0)
        return NULL;
    const record *r = &t->q[t->q_head + k - 1];
    if (r->n != t->n_header || r->bad_field)
        return NULL;
    return field_at(t, r, t->field_of_col[col]);
}

const char *csvin_field(const csvin *t, int col)
{
    if (col < 0 || col >= t->n_cols || t->field_of_col[col] < 0 || t->rec.n != t->n_header)
        return "";
    return field_at(t, &t->rec, t->field_of_col[col]);
}

bool csvin_has(const csvin *t, int col)
{
    return col >= 0 && col < t->n_cols && t->field_of_col[col] >= 0;
}

int csvin_line(const csvin *t) { return t->rec.line; }

long csvin_records_hint(const csvin *t) { return t->hint; }

char csvin_separator(const csvin *t) { return t->sep; }

const char *csvin_path(const csvin *t) { return t->path; }

int csvin_errors(const csvin *t) { return t->n_errors; }

int csvin_skipped(const csvin *t) { return t->n_skipped; }

void csvin_error(csvin *t, int col, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    char label[160];
    if (col >= 0 && col < t->n_cols)
        report(t, t->rec.line, csvin_has(t, col) ? t->field_of_col[col] + 1 : 0, "column %s: %s",
               col_label(t, col, label, sizeof label), text);
    else
        report(t, t->rec.line, 0, "%s", text);
}

int csvin_number(const char *s, char sep, double *out)
{
    char tmp[80];
    size_t n = 0;
    int digits = 0, point = 0, exp_digits = 0;
    /* strtod follows the locale's decimal point; hand it that one */
    const char *dp = localeconv()->decimal_point;
    char point_char = dp && dp[0] && !dp[1] ? dp[0] : '.';
    const char *p = s;
    if (*p == '+' || *p == '-')
        tmp[n++] = *p++;
    for (; n < sizeof tmp - 8; p++) {
        if (*p >= '0' && *p <= '9') {
            tmp[n++] = *p;
            digits++;
        } else if (!point && (*p == '.' || (*p == ',' && sep == ';'))) {
            tmp[n++] = point_char;
            point = 1;
        } else
            break;
    }
    if (!digits)
        return -1;
    if (*p == 'e' || *p == 'E') {
        tmp[n++] = 'e';
        p++;
        if (*p == '+' || *p == '-')
            tmp[n++] = *p++;
        while (*p >= '0' && *p <= '9' && n < sizeof tmp - 1) {
            tmp[n++] = *p++;
            exp_digits++;
        }
        if (!exp_digits)
            return -1;
    }
    if (*p)
        return -1;
    tmp[n] = '\0';
    errno = 0;
    char *end;
    double v = strtod(tmp, &end);
    if (errno == ERANGE || *end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

const char *csvin_quote(const char *s, char q, char *buf, size_t size)
{
    if (size < 8) {
        if (size)
            buf[0] = '\0';
        return buf;
    }
    size_t n = 0, room = size - 5; /* the closing q, "..." and NUL stay free */
    const unsigned char *p = (const unsigned char *)s;
    buf[n++] = q;
    while (*p) {
        char piece[8];
        size_t len = 1, take = 1;
        if (*p < 0x20 || *p == 0x7f) {
            snprintf(piece, sizeof piece, "\\x%02x", *p);
            len = 4;
        } else if (*p == (unsigned char)q || *p == '\\') {
            piece[0] = '\\';
            piece[1] = (char)*p;
            len = 2;
        } else if (*p >= 0x80) {
            size_t k = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
            size_t ok = 1;
            while (ok < k && (p[ok] & 0xC0) == 0x80)
                ok++;
            if (k > 1 && ok == k && csvin_utf8((const char *)p, k)) {
                memcpy(piece, p, k);
                len = take = k;
            } else {
                snprintf(piece, sizeof piece, "\\x%02x", *p);
                len = 4;
            }
        } else
            piece[0] = (char)*p;
        if (n + len > room) {
            memcpy(buf + n, "...", 3);
            n += 3;
            break;
        }
        memcpy(buf + n, piece, len);
        n += len;
        p += take;
    }
    buf[n++] = q;
    buf[n] = '\0';
    return buf;
}
