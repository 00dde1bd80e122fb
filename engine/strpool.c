/* strpool.c - strings copied into large blocks and freed together
 *
 * Many short strings, such as a million case ids, then take one allocation per block
 * rather than one each, lie next to each other in the order they were added, and are
 * freed in a few calls. */
#include "strpool.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK 65536 /* bytes of text per block, unless one string is longer */

typedef struct block {
    struct block *next;
    size_t used, size;
    char text[];
} block;

struct strpool {
    block *blocks; /* the newest first */
};

strpool *strpool_create(void) { return calloc(1, sizeof(strpool)); }

void strpool_destroy(strpool **p)
{
    if (!p || !*p)
        return;
    for (block *b = (*p)->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(*p);
    *p = NULL;
}

const char *strpool_add(strpool *p, const char *s, size_t n)
{
    block *b = p->blocks;
    if (n >= (size_t)-1 - sizeof(block) - BLOCK)
        return NULL;
    if (!b || b->size - b->used < n + 1) {
        size_t size = n + 1 > BLOCK ? n + 1 : BLOCK;
        if (!(b = malloc(sizeof(block) + size)))
            return NULL;
        b->next = p->blocks;
        b->used = 0;
        b->size = size;
        p->blocks = b;
    }
    char *copy = b->text + b->used;
    memcpy(copy, s, n);
    copy[n] = '\0';
    b->used += n + 1;
    return copy;
}
