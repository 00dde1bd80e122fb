/* lang.h - Danish or English for people: the words side by side, numbers grouped */
#ifndef OM_LANG_H
#define OM_LANG_H

typedef enum { REPORT_DA, REPORT_EN } report_lang;

/* Both languages side by side, at the place they are used. */
#define T(lang, da, en) ((lang) == REPORT_DA ? (da) : (en))

/* The language called name ("da" or "en"). Returns 0, or -1 for any other name. */
int report_lang_parse(const char *name, report_lang *out);

/* plain, a number as printf writes it ("-3848.5"), as lang writes it: the whole part
 * grouped in thousands, the language's decimal mark ("-3.848,5" or "-3,848.5").
 * Returns out. */
const char *lang_number(const char *plain, report_lang lang, char out[64]);
/* v with the given decimals as lang writes it ("11.000", "104,8"); an en dash (as
 * an HTML entity) for NAN. Returns out. */
const char *lang_num(double v, int decimals, report_lang lang, char out[64]);

#endif
