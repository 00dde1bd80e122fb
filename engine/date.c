/* date.c - calendar days as whole numbers, for the weeks of a schedule */
#include "date.h"

#include <string.h>

/* Howard Hinnant's days_from_civil and civil_from_days. */
static om_day days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_parse(const char *s, om_day *out)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    long m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)))
        return -1;
    *out = days_from_civil(y, m, d);
    return 0;
}

char *date_format(om_day z, char *buf)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    long parts[3] = {(y + (m <= 2)) % 10000, m, d};
    int widths[3] = {4, 2, 2}, at = 0;
    for (int k = 0; k < 3; k++) {
        for (int i = widths[k] - 1; i >= 0; i--, parts[k] /= 10)
            buf[at + i] = (char)('0' + parts[k] % 10);
        at += widths[k];
        buf[at++] = k < 2 ? '-' : '\0';
    }
    return buf;
}

int date_weekday(om_day d)
{
    /* 1970-01-01 was a Thursday */
    long w = (d + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}
