/* test_csv_in.c - the CSV reader: quoting, lines, separators, encodings, limits */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "csv_in.h"

static char dir[] = "/tmp/test_csv_in.XXXXXX";
static char path[64];

static const csvin_column cols[] = {
    {"id", true}, {"caseworker", true}, {"segment", true}, {"weight", false}, {"pinned", false}};
enum { ID, WORKER, SEGMENT, WEIGHT, PINNED, NCOLS };

/* Write n bytes to the test file; returns its path. */
static const char *put(const char *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, n, f) != n)
        fail("cannot write %s", path);
    if (f)
        fclose(f);
    return path;
}

static const char *puts_(const char *text) { return put(text, strlen(text)); }

/* Every diag formatted, one per line, into a static buffer. */
static const char *all(const diags *d)
{
    static char out[8192];
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < diags_count(d); i++) {
        char line[2048];
        diag_format(diags_get(d, i), line, sizeof line);
        int w = snprintf(out + used, sizeof out - used, "%s\n", line);
        if (w < 0 || (size_t)w >= sizeof out - used)
            break;
        used += (size_t)w;
    }
    return out;
}

/* Read the whole file; return the number of good records, -1 when reading stopped. */
static int read_all(const char *p, diags *d, char *dump, size_t size)
{
    csvin *t = csvin_open(p, cols, NCOLS, d);
    int n = 0, rc;
    size_t used = 0;
    if (dump && size)
        dump[0] = '\0';
    if (!t)
        return -1;
    while ((rc = csvin_next(t)) > 0) {
        n++;
        if (!dump)
            continue;
        int w = snprintf(dump + used, size - used, "%d:%s|%s|%s|%s|%s\n", csvin_line(t),
                         csvin_field(t, ID), csvin_field(t, WORKER), csvin_field(t, SEGMENT),
                         csvin_field(t, WEIGHT), csvin_field(t, PINNED));
        if (w > 0 && (size_t)w < size - used)
            used += (size_t)w;
    }
    csvin_close(&t);
    return rc < 0 ? -1 : n;
}

/* Expect the file with these bytes to give exactly want on the message side. */
static void expect_error(const char *bytes, size_t n, const char *want, int line)
{
    diags *d = diags_create();
    int rc = read_all(put(bytes, n), d, NULL, 0);
    if (rc != -1 && diags_errors(d) == 0)
        fprintf(stderr, "%s:%d: no error for that input\n", __FILE__, line), test_failures++;
    if (strcmp(all(d), want) != 0)
        fprintf(stderr, "%s:%d: got\n%swant\n%s", __FILE__, line, all(d), want), test_failures++;
    diags_destroy(&d);
}
#define ERR(text, want) expect_error(text, sizeof text - 1, want, __LINE__)

static void test_records(void)
{
    char dump[2048];
    diags *d = diags_create();
    /* quotes with separators, doubled quotes and newlines; blank lines; CRLF; spaces */
    const char *p = puts_("id,caseworker,segment\n"
                          "c1,s1,jobparat\n"
                          "\n"
                          "\"c,2\", s2 ,\"multi\nline\"\r\n"
                          "c3 ,\"say \"\"hi\"\"\",x\n"
                          "  \n"
                          "c4,,\"  y  \"");
    expect(read_all(p, d, dump, sizeof dump) == 4);
    expect(strcmp(dump, "2:c1|s1|jobparat||\n"
                        "4:c,2|s2|multi\nline||\n"
                        "6:c3|say \"hi\"|x||\n"
                        "8:c4||y||\n") == 0);
    if (diags_count(d))
        fail("unexpected: %s", all(d));
    diags_destroy(&d);
}

/* Records read ahead of the current one, and the estimate of how many there are */
static void test_ahead(void)
{
    diags *d = diags_create();
    csvin *t =
        csvin_open(puts_("id,caseworker,segment\nc1,s1,a\nc2,s2\nc3,s3,b\n"), cols, NCOLS, d);
    expect(t != NULL);
    if (t) {
        expect(csvin_records_hint(t) == 3);
        expect(csvin_next(t) == 1);
        expect(csvin_ahead(t, 1, ID) == NULL); /* malformed: two fields */
        expect(csvin_ahead(t, 2, ID) && strcmp(csvin_ahead(t, 2, ID), "c3") == 0);
        expect(csvin_ahead(t, 2, WEIGHT) == NULL && csvin_ahead(t, 3, ID) == NULL);
        expect(csvin_ahead(t, 0, ID) == NULL);
        expect(csvin_next(t) == 1 && strcmp(csvin_field(t, ID), "c3") == 0);
        expect(csvin_ahead(t, 1, ID) == NULL && csvin_next(t) == 0);
    }
    csvin_close(&t);
    diags_destroy(&d);
}

static void test_excel(void)
{
    char dump[1024];
    diags *d = diags_create();
    csvin *t = csvin_open(
        puts_("\xEF\xBB\xBFsegment;id;weight;caseworker\r\njob;c1;1,38;s1\r\n\"a;b\";c2;2;\r\n"),
        cols, NCOLS, d);
    expect(t != NULL);
    if (t) {
        expect(csvin_separator(t) == ';');
        expect(csvin_has(t, WEIGHT) && !csvin_has(t, PINNED));
        expect(csvin_next(t) == 1);
        double w = 0;
        expect(csvin_number(csvin_field(t, WEIGHT), csvin_separator(t), &w) == 0 && near(w, 1.38));
        expect(strcmp(csvin_field(t, PINNED), "") == 0);
        expect(csvin_next(t) == 1 && strcmp(csvin_field(t, SEGMENT), "a;b") == 0);
        expect(csvin_line(t) == 3);
        expect(csvin_next(t) == 0);
        csvin_close(&t);
        expect(t == NULL);
    }
    /* more commas than semicolons: ',' wins */
    expect(read_all(puts_("id,caseworker,segment;x\nc1,s1,a;b\n"), d, dump, sizeof dump) == -1);
    diags_destroy(&d);
    d = diags_create();
    /* old Mac files end lines with a lone CR */
    expect(read_all(puts_("id,caseworker,segment\rc1,s1,a\r\rc2,s2,\"b\rc\"\rc3,s3,d"), d, dump,
                    sizeof dump) == 3);
    expect(strcmp(dump, "2:c1|s1|a||\n4:c2|s2|b\rc||\n6:c3|s3|d||\n") == 0);
    diags_destroy(&d);
}

static void test_header_errors(void)
{
    const char *f = path;
    char want[2048];
    snprintf(want, sizeof want, "%s:1: error: empty file; expected a header row\n", f);
    ERR("", want);
    ERR("\xEF\xBB\xBF", want);
    ERR("\n \r\n\t\n", want);
    snprintf(want, sizeof want, "%s:1: error: no data rows after the header\n", f);
    ERR("id,caseworker,segment\n", want);
    ERR("id,caseworker,segment\n\n\n", want);
    snprintf(want, sizeof want,
             "%s:1:3: error: unknown column 'colour'; expected id, caseworker, segment, weight, "
             "pinned\n%s:1:4: error: duplicate column 'id' (also field 1)\n"
             "%s:1:5: error: empty column name in the header\n"
             "%s:1: error: missing required column 'segment'\n",
             f, f, f, f);
    ERR("id,caseworker,colour,id,\nc1,s1,x,y,\n", want);
    snprintf(want, sizeof want, "%s:1:2: error: the header holds a NUL byte\n", f);
    ERR("id,case\0worker,segment\nc1,s1,x\n", want);
    snprintf(want, sizeof want, "%s:2:1: error: invalid UTF-8; save the file as UTF-8\n", f);
    ERR("\n\xff\xfe,caseworker,segment\nc1,s1,x\n", want);
}

static void test_record_errors(void)
{
    const char *f = path;
    char want[2048];
    snprintf(want, sizeof want,
             "%s:3: error: expected 3 fields as in the header, got 2\n"
             "%s:4: error: expected 3 fields as in the header, got 4\n"
             "%s:5:3: error: invalid UTF-8; save the file as UTF-8\n"
             "%s:6:1: error: field holds a NUL byte\n",
             f, f, f, f);
    ERR("id,caseworker,segment\nc1,s1,x\nc2,s2\nc3,s3,x,y\nc4,s4,S\xf8ren\n\"c\0\",s5,x\nc6,s6,x\n",
        want);
    snprintf(want, sizeof want, "%s:3:2: error: quoted field has no closing quote\n", f);
    ERR("id,caseworker,segment\nc1,s1,x\nc2,\"s2,x\nc3,s3,x\n", want);
    snprintf(want, sizeof want, "%s:3:1: error: quoted field has no closing quote\n", f);
    ERR("id,caseworker,segment\nc1,s1,x\n\"", want);
    snprintf(want, sizeof want,
             "%s:2:3: error: quote inside an unquoted field; quote the whole field and double "
             "the quotes inside it\n",
             f);
    ERR("id,caseworker,segment\nc1,s1,jo\"b\n", want);
    snprintf(want, sizeof want, "%s:3:2: error: text after the closing quote of a quoted field\n",
             f);
    ERR("id,caseworker,segment\n\"c\n1\",\"s1\"x,y\n", want);
    /* overlong, surrogate, beyond U+10FFFF, truncated */
    snprintf(want, sizeof want,
             "%s:2:3: error: invalid UTF-8; save the file as UTF-8\n"
             "%s:3:3: error: invalid UTF-8; save the file as UTF-8\n"
             "%s:4:3: error: invalid UTF-8; save the file as UTF-8\n"
             "%s:5:3: error: invalid UTF-8; save the file as UTF-8\n",
             f, f, f, f);
    ERR("id,caseworker,segment\nc1,s1,\xc0\xaf\nc2,s2,\xed\xa0\x80\nc3,s3,\xf4\x90\x80\x80\n"
        "c4,s4,\xc3",
        want);
}

static void test_limits(void)
{
    size_t big = CSVIN_MAX_LINE + 10;
    char *bytes = malloc(big + 64);
    char want[512];
    if (!bytes) {
        fail("out of memory");
        return;
    }
    int n = snprintf(bytes, 64, "id,caseworker,segment\nc1,s1,");
    memset(bytes + n, 'x', big);
    bytes[n + big] = '\n';
    diags *d = diags_create();
    expect(read_all(put(bytes, (size_t)n + big + 1), d, NULL, 0) == -1);
    snprintf(want, sizeof want, "%s:2: error: line longer than %u bytes\n", path, CSVIN_MAX_LINE);
    expect(strcmp(all(d), want) == 0);
    diags_destroy(&d);
    /* a quoted field over many short lines: an unclosed quote most likely */
    bytes[n] = '"';
    for (size_t i = (size_t)n + 1; i < (size_t)n + big; i += 10)
        bytes[i] = '\n';
    d = diags_create();
    expect(read_all(put(bytes, (size_t)n + big + 1), d, NULL, 0) == -1);
    snprintf(want, sizeof want,
             "%s:2:3: error: quoted field longer than %u bytes; is its closing quote missing?\n",
             path, CSVIN_MAX_FIELD);
    expect(strcmp(all(d), want) == 0);
    diags_destroy(&d);
    free(bytes);

    /* errors stop after CSVIN_MAX_ERRORS */
    char text[4096] = "id,caseworker,segment\n";
    for (int i = 0; i < 30; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "a,b\n");
    d = diags_create();
    expect(read_all(puts_(text), d, NULL, 0) == -1);
    expect(diags_count(d) == CSVIN_MAX_ERRORS + 1);
    char last[512];
    diag_format(diags_get(d, diags_count(d) - 1), last, sizeof last);
    snprintf(want, sizeof want, "%s:%d: error: too many errors; stopped reading this file", path,
             CSVIN_MAX_ERRORS + 2);
    expect(strcmp(last, want) == 0);
    diags_destroy(&d);
}

static void test_errors_from_caller(void)
{
    diags *d = diags_create();
    csvin *t = csvin_open(puts_("caseworker,id,segment\ns1,c1,x\n"), cols, NCOLS, d);
    expect(t && csvin_next(t) == 1);
    if (t) {
        csvin_error(t, SEGMENT, "unknown segment \"%s\"", csvin_field(t, SEGMENT));
        csvin_error(t, WEIGHT, "absent column");
        csvin_error(t, -1, "whole record");
        expect(csvin_errors(t) == 3);
        expect(strcmp(csvin_path(t), path) == 0);
    }
    char want[1024];
    snprintf(want, sizeof want,
             "%s:2:3: error: column 'segment': unknown segment \"x\"\n"
             "%s:2: error: column 'weight': absent column\n%s:2: error: whole record\n",
             path, path, path);
    expect(strcmp(all(d), want) == 0);
    csvin_close(&t);
    csvin_close(&t);
    diags_destroy(&d);

    d = diags_create();
    expect(csvin_open("/nonexistent/x.csv", cols, NCOLS, d) == NULL);
    expect(strcmp(all(d), "/nonexistent/x.csv: error: cannot open: No such file or directory\n") ==
           0);
    diags_destroy(&d);
    d = diags_create();
    expect(csvin_open("/tmp", cols, NCOLS, d) == NULL);
    expect(strcmp(all(d), "/tmp: error: cannot read: is a directory\n") == 0);
    diags_destroy(&d);
}

static void test_numbers(void)
{
    double x = -1;
    expect(csvin_number("12", ',', &x) == 0 && near(x, 12));
    expect(csvin_number("-0.5", ',', &x) == 0 && near(x, -0.5));
    expect(csvin_number("+.5", ',', &x) == 0 && near(x, 0.5));
    expect(csvin_number("5.", ',', &x) == 0 && near(x, 5));
    expect(csvin_number("1e3", ',', &x) == 0 && near(x, 1000));
    expect(csvin_number("2.5E-1", ',', &x) == 0 && near(x, 0.25));
    expect(csvin_number("1,38", ';', &x) == 0 && near(x, 1.38));
    expect(csvin_number("1.38", ';', &x) == 0 && near(x, 1.38));
    const char *bad[] = {"",     "1,38",  "abc",    "NaN",   "nan",  "inf", "-Infinity",
                         "0x10", "1e",    "1e+",    "1.2.3", ".",    "-",   "1 2",
                         " 1",   "1e999", "1e-999", "--1",   "1..2", "١"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (csvin_number(bad[i], ',', &x) == 0)
            fail("accepted \"%s\"", bad[i]);
    expect(csvin_number("1.234,5", ';', &x) < 0);
    expect(csvin_number("1,2,3", ';', &x) < 0);
    char digits[200];
    memset(digits, '1', sizeof digits - 1);
    digits[sizeof digits - 1] = '\0';
    expect(csvin_number(digits, ',', &x) < 0);
}

static void test_quote_and_utf8(void)
{
    char buf[32];
    expect(strcmp(csvin_quote("jobparat", '"', buf, sizeof buf), "\"jobparat\"") == 0);
    expect(strcmp(csvin_quote("a\"b\\c", '"', buf, sizeof buf), "\"a\\\"b\\\\c\"") == 0);
    expect(strcmp(csvin_quote("it's", '\'', buf, sizeof buf), "'it\\'s'") == 0);
    expect(strcmp(csvin_quote("a\nb\x01", '"', buf, sizeof buf), "\"a\\x0ab\\x01\"") == 0);
    expect(strcmp(csvin_quote("S\xc3\xb8ren \xff", '"', buf, sizeof buf),
                  "\"S\xc3\xb8ren \\xff\"") == 0);
    const char *longer = "abcdefghijklmnopqrstuvwxyz0123456789";
    csvin_quote(longer, '"', buf, sizeof buf);
    expect(strlen(buf) < sizeof buf && strcmp(buf + strlen(buf) - 4, "...\"") == 0);
    /* never cut a letter in two */
    csvin_quote("\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6"
                "\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6",
                '"', buf, sizeof buf);
    expect(csvin_utf8(buf, strlen(buf)));
    char tiny[4];
    expect(strcmp(csvin_quote("x", '"', tiny, sizeof tiny), "") == 0);

    expect(csvin_utf8("", 0));
    expect(csvin_utf8("plain ascii text, long enough for the fast path", 47));
    expect(csvin_utf8("\xc3\xa6\xc3\xb8\xc3\xa5 \xe2\x82\xac \xf0\x9f\x98\x80", 15));
    expect(!csvin_utf8("\xc3", 1));
    expect(!csvin_utf8("\xe2\x82", 2));
    expect(!csvin_utf8("\xc1\xbf", 2));
    expect(!csvin_utf8("\xe0\x80\xaf", 3));
    expect(!csvin_utf8("\xed\xbf\xbf", 3));
    expect(!csvin_utf8("\xf8\x88\x80\x80\x80", 5));
    expect(!csvin_utf8("abcdefgh\x80", 9));
}

/* got equals want, else a failure showing both. */
static void same_text(const char *got, const char *want, int line)
{
    if (strcmp(got, want) != 0)
        fail("line %d: got\n%s\nexpected\n%s", line, got, want);
}
#define expect_str(got, want) same_text(got, want, __LINE__)

/* A case system's own headers: the map renames and ignores; messages name its headers. */
static void test_map(void)
{
    static const char *const headers[NCOLS] = {"Sagsnr", "Sagsbehandler", "Målgruppe", NULL, NULL};
    static const char *const ignore[] = {"Bemærkning", "pinned"};
    const csvin_map map = {headers, ignore, 2, "; or ignore it"};
    diags *d = diags_create();
    csvin *t = csvin_open_map(
        puts_(
            "\xEF\xBB\xBFSagsnr;Bemærkning;Sagsbehandler;Målgruppe;pinned\r\nc1;ring;s1;syg;x\r\n"),
        cols, NCOLS, &map, d);
    expect(t != NULL);
    if (t) {
        expect(csvin_next(t) == 1);
        expect(strcmp(csvin_field(t, ID), "c1") == 0);
        expect(strcmp(csvin_field(t, SEGMENT), "syg") == 0);
        expect(!csvin_has(t, PINNED)); /* ignored: an optional column left out */
        expect(strcmp(csvin_name(t, SEGMENT), "Målgruppe") == 0);
        csvin_error(t, SEGMENT, "bad");
        char want[512];
        snprintf(want, sizeof want, "%s:2:4: error: column 'Målgruppe' (segment): bad\n", path);
        expect_str(all(d), want);
        csvin_close(&t);
    }
    diags_destroy(&d);
    d = diags_create();
    expect(csvin_open_map(puts_("Sagsnummer,Sagsbehandler,Målgruppe,Note\nc1,s1,x,y\n"), cols,
                          NCOLS, &map, d) == NULL);
    char want[1024];
    snprintf(want, sizeof want,
             "%s:1:1: error: unknown column 'Sagsnummer'; expected Sagsnr, Sagsbehandler, "
             "Målgruppe, weight, pinned; or ignore it\n"
             "%s:1:4: error: unknown column 'Note'; expected Sagsnr, Sagsbehandler, Målgruppe, "
             "weight, pinned; or ignore it\n"
             "%s:1: error: missing column 'Sagsnr', named for 'id' by the scenario's columns\n",
             path, path, path);
    expect_str(all(d), want);
    diags_destroy(&d);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/t.csv", dir);
    test_records();
    test_ahead();
    test_excel();
    test_header_errors();
    test_record_errors();
    test_limits();
    test_errors_from_caller();
    test_numbers();
    test_quote_and_utf8();
    test_map();
    unlink(path);
    rmdir(dir);
    return test_failures != 0;
}
