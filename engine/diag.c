/* diag.c - a list of problems with their place in the input */
#include "diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct diags {
    diag *items;
    size_t count, alloc;
    size_t lost; /* problems that could not be stored: memory ran out */
};

/* Handed out when even the list cannot be made: it holds one lost problem, so every
 * caller sees an internal error without checking for NULL. Never written to. */
static diags out_of_memory = {.lost = 1};

diags *diags_create(void)
{
    diags *d = calloc(1, sizeof(diags));
    return d ? d : &out_of_memory;
}

void diags_destroy(diags **d)
{
    if (!d || !*d)
        return;
    if (*d == &out_of_memory) {
        *d = NULL;
        return;
    }
    for (size_t i = 0; i < (*d)->count; i++) {
        free((*d)->items[i].source);
        free((*d)->items[i].path);
        free((*d)->items[i].text);
    }
    free((*d)->items);
    free(*d);
    *d = NULL;
}

static char *dup_or_null(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *r = malloc(n);
    if (r)
        memcpy(r, s, n);
    return r;
}

static int digit(char c) { return c >= '0' && c <= '9'; }

/* Length of a CPR-like number at s (10 or 11 bytes), or 0: DDMMYY-NNNN or
 * DDMMYYNNNN with a day 01-31 and a month 01-12. */
static size_t cpr_at(const char *s)
{
    for (int i = 0; i < 6; i++)
        if (!digit(s[i]))
            return 0;
    size_t dash = s[6] == '-';
    for (size_t i = 6 + dash; i < 10 + dash; i++)
        if (!digit(s[i]))
            return 0;
    int day = (s[0] - '0') * 10 + (s[1] - '0'), month = (s[2] - '0') * 10 + (s[3] - '0');
    return day >= 1 && day <= 31 && month >= 1 && month <= 12 ? 10 + dash : 0;
}

bool diag_cpr_like(const char *id)
{
    size_t n = cpr_at(id);
    return n && id[n] == '\0';
}

/* Mask the last four digits of every CPR-like number in s that stands apart from
 * other digits, so that no message repeats one in full. */
static void mask_cpr(char *s)
{
    for (size_t i = 0; s[i]; i++) {
        size_t n = (i == 0 || !digit(s[i - 1])) ? cpr_at(s + i) : 0;
        if (n && !digit(s[i + n])) {
            memset(s + i + n - 4, '*', 4);
            i += n - 1;
        }
    }
}

void diags_add(diags *d, diag_kind kind, const char *source, int line, int column,
               const char *path, const char *fmt, ...)
{
    if (!d || d == &out_of_memory)
        return;
    if (d->count == d->alloc) {
        size_t n = d->alloc ? 2 * d->alloc : 16;
        diag *items = realloc(d->items, n * sizeof(diag));
        if (!items) {
            d->lost++;
            return;
        }
        d->items = items;
        d->alloc = n;
    }
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    mask_cpr(text);
    diag *g = &d->items[d->count];
    *g = (diag){.kind = kind,
                .source = dup_or_null(source),
                .line = line,
                .column = column,
                .path = dup_or_null(path),
                .text = dup_or_null(text)};
    if (g->source)
        mask_cpr(g->source);
    if (g->path)
        mask_cpr(g->path);
    if ((source && !g->source) || (path && !g->path) || !g->text) {
        free(g->source);
        free(g->path);
        free(g->text);
        d->lost++;
        return;
    }
    d->count++;
}

size_t diags_count(const diags *d) { return d ? d->count : 0; }

const diag *diags_get(const diags *d, size_t i) { return d && i < d->count ? &d->items[i] : NULL; }

size_t diags_lost(const diags *d) { return d ? d->lost : 0; }

size_t diags_errors(const diags *d)
{
    size_t n = diags_lost(d);
    for (size_t i = 0; i < diags_count(d); i++)
        n += d->items[i].kind != DIAG_WARNING;
    return n;
}

diag_kind diags_first_error(const diags *d)
{
    if (diags_lost(d))
        return DIAG_INTERNAL;
    for (size_t i = 0; i < diags_count(d); i++)
        if (d->items[i].kind == DIAG_INTERNAL)
            return DIAG_INTERNAL;
    for (size_t i = 0; i < diags_count(d); i++)
        if (d->items[i].kind != DIAG_WARNING)
            return d->items[i].kind;
    return DIAG_WARNING;
}

int diag_format(const diag *g, char *buf, size_t size)
{
    const char *level = g->kind == DIAG_WARNING ? "warning" : "error";
    char place[512] = "";
    if (g->source && g->line > 0 && g->column > 0)
        snprintf(place, sizeof place, "%s:%d:%d: ", g->source, g->line, g->column);
    else if (g->source && g->line > 0)
        snprintf(place, sizeof place, "%s:%d: ", g->source, g->line);
    else if (g->source)
        snprintf(place, sizeof place, "%s: ", g->source);
    return snprintf(buf, size, "%s%s: %s%s%s", place, level, g->path ? g->path : "",
                    g->path ? ": " : "", g->text ? g->text : "");
}
