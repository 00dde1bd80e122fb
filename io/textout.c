/* textout.c - the small writing helpers every output file shares */
#include "textout.h"

#include <math.h>
#include <string.h>

/* n millionths, written as "%.6f" would and trailing zeros dropped. */
static void fmt_millionths(long long n, bool decimal_comma, char out[48])
{
    char *p = out;
    unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    if (n < 0)
        *p++ = '-';
    unsigned long long whole = u / 1000000, frac = u % 1000000;
    char digits[24];
    int k = 0;
    do
        digits[k++] = (char)('0' + whole % 10);
    while ((whole /= 10) > 0);
    while (k > 0)
        *p++ = digits[--k];
    if (frac) {
        *p++ = decimal_comma ? ',' : '.';
        for (unsigned long long div = 100000; frac; div /= 10) {
            *p++ = (char)('0' + frac / div);
            frac %= div;
        }
    }
    *p = '\0';
}

void fmt_num(double v, bool decimal_comma, char out[48])
{
    if (isnan(v)) {
        out[0] = '\0';
        return;
    }
    if (fabs(v) < 5e-7)
        v = 0; /* no "-0" */
    /* Most numbers (weights, counts, flags) are whole millionths: printf's
     * exact rounding then gives the nearest one, which is quicker written by
     * hand (a third of writing a million-case plan went to printf). Below 1e12
     * millionths the product's error is under 2e-4, so within 1e-3 of a whole
     * number is certain. */
    double micro = v * 1e6, whole = nearbyint(micro);
    if (fabs(micro) < 1e12 && fabs(micro - whole) < 1e-3) {
        fmt_millionths((long long)whole, decimal_comma, out);
        return;
    }
    snprintf(out, 48, "%.6f", v);
    char *dot = strchr(out, '.');
    if (dot) {
        char *end = out + strlen(out) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
        else if (decimal_comma)
            *dot = ',';
    }
}

void csv_field(FILE *f, const char *s, const csv_style *st)
{
    if (!strpbrk(s, "\"\r\n") && !strchr(s, st->sep)) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void csv_num(FILE *f, double v, const csv_style *st)
{
    char buf[48];
    fmt_num(v, st->decimal_comma, buf);
    csv_field(f, buf, st);
}

void json_quote(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p >= 0x20 && *p != '"' && *p != '\\')
        p++;
    fputc('"', f);
    if (!*p) { /* nothing to escape: the common case */
        fputs(s, f);
        fputc('"', f);
        return;
    }
    fwrite(s, 1, (size_t)(p - (const unsigned char *)s), f);
    for (; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

void json_num(FILE *f, double v)
{
    char buf[48];
    fmt_num(v, false, buf);
    fputs(buf[0] ? buf : "null", f);
}

void html_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}
