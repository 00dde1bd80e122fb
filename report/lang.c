/* lang.c - Danish or English for people: the words side by side, numbers grouped */
#include "lang.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

int report_lang_parse(const char *name, report_lang *out)
{
    if (strcmp(name, "da") == 0)
        *out = REPORT_DA;
    else if (strcmp(name, "en") == 0)
        *out = REPORT_EN;
    else
        return -1;
    return 0;
}

const char *lang_number(const char *plain, report_lang lang, char out[64])
{
    const char *digits = plain + (plain[0] == '-');
    size_t whole = strcspn(digits, "."), k = 0;
    if (digits != plain)
        out[k++] = '-';
    for (size_t i = 0; i < whole && k < 62; i++) {
        if (i && (whole - i) % 3 == 0)
            out[k++] = T(lang, '.', ',');
        out[k++] = digits[i];
    }
    if (digits[whole] == '.' && k < 63) {
        out[k++] = T(lang, ',', '.');
        whole++;
    }
    snprintf(out + k, 64 - k, "%s", digits + whole);
    return out;
}

const char *lang_num(double v, int decimals, report_lang lang, char out[64])
{
    char plain[64]; /* "-" and the digits */
    if (isnan(v)) {
        snprintf(out, 64, "&#8211;");
        return out;
    }
    if (fabs(v) >= 1e15) { /* no separators for what no plan holds */
        snprintf(out, 64, "%g", v);
        return out;
    }
    char *digits = plain + 1;
    snprintf(digits, sizeof plain - 1, "%.*f", decimals, fabs(v));
    bool neg = v < 0 && strspn(digits, "0.") != strlen(digits);
    plain[0] = '-';
    return lang_number(neg ? plain : digits, lang, out);
}
