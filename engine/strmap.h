/* strmap.h - string to index map, for ids and segment names */
#ifndef OM_STRMAP_H
#define OM_STRMAP_H

#include <stddef.h>

typedef struct strmap strmap;

/* returns new (caller frees with strmap_destroy) */
strmap *strmap_create(void);
/* As strmap_create, but strmap_put borrows its keys instead of copying them: each
 * must stay unchanged until strmap_destroy. */
strmap *strmap_create_borrowing(void);
void strmap_destroy(strmap **m);

/* Map key to value; the key is copied (or borrowed, see strmap_create_borrowing).
 * Returns the value already stored for key (and stores nothing) when present, -1 on
 * success, -2 when out of memory. */
int strmap_put(strmap *m, const char *key, int value);
/* The value stored for key, or -1. */
int strmap_get(const strmap *m, const char *key);
size_t strmap_count(const strmap *m);
/* Make room for n keys in all, so that the puts up to n move no key (moving a million
 * keys each time the table doubles costs more than putting them). 0, or -1 when out of
 * memory. */
int strmap_reserve(strmap *m, size_t n);
/* Start loading the slot where key would be: a put or get of key a little later
 * then finds it in the cache. Changes nothing. */
void strmap_prefetch(const strmap *m, const char *key);

#endif
