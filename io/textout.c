/* textout.c - the small writing helpers every output file shares */
#include "textout.h"

#include <math.h>
#include <string.h>

void fmt_num(double v, bool decimal_comma, char out[48])
{
    if (isnan(v)) {
        out[0] = '\0';
        return;
    }
    if (fabs(v) < 5e-7)
        v = 0; /* no "-0" */
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

void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
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
