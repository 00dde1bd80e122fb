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

/* A complete record waiting in the queue; its fields live in t->buf. */
typedef struct {
    size_t first;  /* index of its first field in t->off */
    int n;         /* fields in the record, stored or not */
    int line;      /* physical line where it starts */
    int bad_field; /* first field with invalid UTF-8 or a NUL byte; 0 when none */
    int nul;       /* whether that field holds a NUL byte (else invalid UTF-8) */
} record;

struct csvin {
    char *path;
    diags *d;
    FILE *f;
    const csvin_column *cols;
    int n_cols;
    int *field_of_col; /* header position of each caller column, -1 when absent */
    int n_header, header_line;
    char sep, eol;

    struct csv_parser p;
    int parser_ready;
    unsigned char *block;
    size_t pos, len;
    int eof, finished;

    /* libcsv reports fields only when they end, so we feed it one physical line at
     * a time and note where records and fields start */
    int line;
    int line_start;
    size_t line_len;
    int rec_line, field_line;

    /* bytes (NUL-terminated) and offsets of the queued records and the one being
     * built; reused from record to record, so no malloc per field */
    char *buf;
    size_t buf_len, buf_cap;
    size_t *off;
    size_t n_off, off_cap;
    size_t store_limit; /* fields kept per record; more are only counted */

    size_t cur_first;
    int cur_n, cur_bad, cur_nul;

    record *q;
    size_t q_head, q_len, q_cap;

    record rec; /* the current record */
    long n_data;
    int n_errors, n_skipped, stopped, oom;
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
 * NUL byte, 2 when they are not UTF-8. One pass, as this runs on every field. */
static int check_text(const char *str, size_t len, int nul_ok)
{
    const unsigned char *s = (const unsigned char *)str, *end = s + len;
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    while (s < end) {
        /* nearly all bytes are ASCII without NUL: skip them eight at a time */
        while (end - s >= 8) {
            uint64_t v;
            memcpy(&v, s, 8);
            if ((v & highs) || (!nul_ok && ((v - ones) & ~v & highs)))
                break;
            s += 8;
        }
        if (s == end)
            break;
        unsigned c = *s;
        if (c < 0x80) {
            if (c == 0 && !nul_ok)
                return 1;
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

bool csvin_utf8(const char *s, size_t len) { return check_text(s, len, 1) == 0; }

static int is_blank(int c) { return c == ' ' || c == '\t'; }

static void on_field(void *s, size_t len, void *data)
{
    csvin *t = data;
    const char *c = s ? s : "";
    t->cur_n++;
    t->field_line = t->line; /* the next field starts on this line */
    while (len && is_blank((unsigned char)c[0]))
        c++, len--;
    while (len && is_blank((unsigned char)c[len - 1]))
        len--;
    if (!t->cur_bad) {
        int bad = check_text(c, len, 0);
        if (bad)
            t->cur_bad = t->cur_n, t->cur_nul = bad == 1;
    }
    if ((size_t)t->cur_n > t->store_limit || t->oom)
        return;
    char *b = grow(t->buf, &t->buf_cap, t->buf_len + len + 1, 1);
    if (b)
        t->buf = b;
    size_t *o = grow(t->off, &t->off_cap, t->n_off + 1, sizeof *o);
    if (o)
        t->off = o;
    if (!b || !o) {
        t->oom = 1;
        return;
    }
    t->off[t->n_off++] = t->buf_len;
    memcpy(t->buf + t->buf_len, c, len);
    t->buf[t->buf_len + len] = '\0';
    t->buf_len += len + 1;
}

static void on_row(int c, void *data)
{
    csvin *t = data;
    (void)c;
    record *q = t->oom ? NULL : grow(t->q, &t->q_cap, t->q_len + 1, sizeof *q);
    if (q) {
        t->q = q;
        q[t->q_len++] = (record){t->cur_first, t->cur_n, t->rec_line, t->cur_bad, t->cur_nul};
    } else
        t->oom = 1;
    t->cur_first = t->n_off;
    t->cur_n = t->cur_bad = t->cur_nul = 0;
    t->rec_line = t->field_line = t->line;
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
            report(t, t->line, 0, "cannot read: %s", strerror(errno));
            return -1;
        }
        t->eof = 1;
    }
    return 0;
}

/* Stop reading for want of memory. Returns -1. */
static int out_of_memory(csvin *t)
{
    diags_add(t->d, DIAG_INTERNAL, t->path, t->line, 0, NULL, "out of memory");
    t->stopped = 1;
    return -1;
}

/* At the end of input: let libcsv hand over a last record without a newline. */
static int finish(csvin *t)
{
    int rc = csv_fini(&t->p, on_field, on_row, t);
    if (t->oom)
        return out_of_memory(t);
    if (rc != 0) {
        report(t, t->field_line, t->cur_n + 1, "quoted field has no closing quote");
        return -1;
    }
    t->finished = 1;
    return 0;
}

/* Feed libcsv up to the end of the next physical line, or of what is buffered.
 * Returns 0, or -1 after reporting why reading stops. */
static int feed(csvin *t)
{
    if (t->pos == t->len) {
        if (!t->eof && refill(t) < 0)
            return -1;
        if (t->eof)
            return finish(t);
    }
    if (t->line_start) {
        if (t->line == INT_MAX) {
            report(t, t->line, 0, "file has too many lines");
            return -1;
        }
        t->line++;
        t->line_len = 0;
        t->line_start = 0;
        /* no field begun: a newline inside a quoted field would be in entry_pos */
        if (t->cur_n == 0 && t->p.entry_pos == 0)
            t->rec_line = t->field_line = t->line;
    }
    const unsigned char *s = t->block + t->pos;
    const unsigned char *nl = memchr(s, t->eol, t->len - t->pos);
    size_t n = nl ? (size_t)(nl - s) + 1 : t->len - t->pos;
    t->line_len += n;
    if (t->line_len > CSVIN_MAX_LINE) {
        report(t, t->line, 0, "line longer than %u bytes", CSVIN_MAX_LINE);
        return -1;
    }
    size_t done = csv_parse(&t->p, s, n, on_field, on_row, t);
    if (t->oom || (done < n && csv_error(&t->p) == CSV_ENOMEM))
        return out_of_memory(t);
    if (done < n) {
        int field = t->cur_n + 1;
        if (csv_error(&t->p) != CSV_EPARSE)
            report(t, t->line, field, "cannot parse: %s", csv_strerror(csv_error(&t->p)));
        else if (t->p.quoted)
            report(t, t->line, field, "text after the closing quote of a quoted field");
        else
            report(t, t->line, field,
                   "quote inside an unquoted field; quote the whole field and double the "
                   "quotes inside it");
        return -1;
    }
    t->pos += n;
    if (nl)
        t->line_start = 1;
    if (t->p.entry_pos > CSVIN_MAX_FIELD) {
        report(t, t->field_line, t->cur_n + 1,
               "quoted field longer than %u bytes; is its closing quote missing?", CSVIN_MAX_FIELD);
        return -1;
    }
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
    char known[512] = "", name[96];
    size_t used = 0;
    for (int c = 0; c < t->n_cols; c++) {
        int w = snprintf(known + used, sizeof known - used, "%s%s", c ? ", " : "", t->cols[c].name);
        if (w < 0 || (size_t)w >= sizeof known - used)
            break;
        used += (size_t)w;
    }
    for (int k = 0; k < r->n; k++) {
        const char *h = field_at(t, r, k);
        int c = 0;
        while (c < t->n_cols && strcmp(t->cols[c].name, h) != 0)
            c++;
        errors++;
        if (!*h)
            report(t, r->line, k + 1, "empty column name in the header");
        else if (c == t->n_cols)
            report(t, r->line, k + 1, "unknown column %s; expected %s",
                   csvin_quote(h, '\'', name, sizeof name), known);
        else if (t->field_of_col[c] >= 0)
            report(t, r->line, k + 1, "duplicate column '%s' (also field %d)", t->cols[c].name,
                   t->field_of_col[c] + 1);
        else {
            t->field_of_col[c] = k;
            errors--;
        }
    }
    for (int c = 0; c < t->n_cols; c++)
        if (t->cols[c].required && t->field_of_col[c] < 0) {
            report(t, r->line, 0, "missing required column '%s'", t->cols[c].name);
            errors++;
        }
    return errors || t->stopped ? -1 : 0;
}

csvin *csvin_open(const char *path, const csvin_column *cols, int n, diags *d)
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
    for (int c = 0; c < n; c++)
        t->field_of_col[c] = -1;
    t->line_start = 1;
    t->store_limit = SIZE_MAX;
    t->f = fopen(path, "rb");
    if (!t->f) {
        diags_add(d, DIAG_INPUT, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
        goto out;
    }
    struct stat st;
    if (fstat(fileno(t->f), &st) == 0 && S_ISDIR(st.st_mode)) {
        diags_add(d, DIAG_INPUT, path, 0, 0, NULL, "cannot read: is a directory");
        goto out;
    }
    if (csv_init(&t->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
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

    while (t->q_len == 0 && !t->finished)
        if (feed(t) < 0)
            goto out;
    if (t->q_len == 0) {
        report(t, 1, 0, "empty file; expected a header row");
        goto out;
    }
    t->q_head = 1;
    if (read_header(t, &t->q[0]) < 0)
        goto out;
    t->store_limit = (size_t)t->n_header;
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
    if (col >= 0 && col < t->n_cols)
        report(t, t->rec.line, csvin_has(t, col) ? t->field_of_col[col] + 1 : 0, "column '%s': %s",
               t->cols[col].name, text);
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
