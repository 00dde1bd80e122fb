/* strpool.h - strings copied into large blocks and freed together */
#ifndef OM_STRPOOL_H
#define OM_STRPOOL_H

#include <stddef.h>

typedef struct strpool strpool;

/* returns new, empty (caller frees with strpool_destroy), or NULL when out of memory */
strpool *strpool_create(void);
void strpool_destroy(strpool **p);

/* A copy of the n bytes at s with a NUL after them. Borrowed, valid until
 * strpool_destroy; NULL when out of memory. */
const char *strpool_add(strpool *p, const char *s, size_t n);

#endif
