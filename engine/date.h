/* date.h - calendar days as whole numbers, for the weeks of a schedule */
#ifndef OM_DATE_H
#define OM_DATE_H

/* Days since 1970-01-01 (proleptic Gregorian). */
typedef long om_day;

/* Parse an ISO date "YYYY-MM-DD" (years 1900 to 9999, a real day of the month).
 * Returns 0 and sets *out, or -1. */
int date_parse(const char *s, om_day *out);
/* Write d as "YYYY-MM-DD" into buf (at least 11 bytes). Returns buf. */
char *date_format(om_day d, char *buf);
/* 0 for Monday ... 6 for Sunday. */
int date_weekday(om_day d);

#endif
