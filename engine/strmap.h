/* strmap.h - string to index map, for ids and segment names */
#ifndef OM_STRMAP_H
#define OM_STRMAP_H

#include <stddef.h>

typedef struct strmap strmap;

/* returns new (caller frees with strmap_destroy) */
strmap *strmap_create(void);
void strmap_destroy(strmap **m);

/* Map key to value; the key is copied. Returns the value already stored for
 * key (and stores nothing) when present, -1 on success, -2 when out of memory. */
int strmap_put(strmap *m, const char *key, int value);
/* The value stored for key, or -1. */
int strmap_get(const strmap *m, const char *key);
size_t strmap_count(const strmap *m);

#endif
