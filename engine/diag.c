/* diag.c - a list of problems with their place in the input */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct diags {
    diag *items;
    size_t count, alloc;
};

diags *diags_create(void) { return calloc(1, sizeof(diags)); }

void diags_destroy(diags **d)
{
    if (!d || !*d)
        return;
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

void diags_add(diags *d, diag_kind kind, const char *source, int line, int column,
               const char *path, const char *fmt, ...)
{
    if (!d)
        return;
    if (d->count == d->alloc) {
        size_t n = d->alloc ? 2 * d->alloc : 16;
        diag *items = realloc(d->items, n * sizeof(diag));
        if (!items)
            return;
        d->items = items;
        d->alloc = n;
    }
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    diag *g = &d->items[d->count++];
    g->kind = kind;
    g->source = dup_or_null(source);
    g->line = line;
    g->column = column;
    g->path = dup_or_null(path);
    g->text = dup_or_null(text);
}

size_t diags_count(const diags *d) { return d ? d->count : 0; }

const diag *diags_get(const diags *d, size_t i) { return d && i < d->count ? &d->items[i] : NULL; }

size_t diags_errors(const diags *d)
{
    size_t n = 0;
    for (size_t i = 0; i < diags_count(d); i++)
        n += d->items[i].kind != DIAG_WARNING;
    return n;
}

diag_kind diags_first_error(const diags *d)
{
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
