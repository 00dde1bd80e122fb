/* strmap.c - open addressing hash map from strings to non-negative ints
 *
 * Keys are copied into large blocks rather than one allocation each, and each
 * slot keeps its key's hash: with a million case ids, a lookup then compares
 * strings only when the hashes agree, and the map is freed in a few calls. */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 65536 /* bytes of keys per block, unless one key is longer */

typedef struct {
    const char *key; /* NULL: empty */
    uint32_t hash;
    int value;
} slot;

typedef struct block {
    struct block *next;
    size_t used, size;
    char text[];
} block;

struct strmap {
    slot *slots;
    size_t cap, count; /* cap is a power of two */
    block *blocks;     /* the newest first */
};

static uint32_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return (uint32_t)(h ^ (h >> 32));
}

strmap *strmap_create(void)
{
    strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 64;
    m->slots = calloc(m->cap, sizeof(slot));
    if (!m->slots) {
        free(m);
        return NULL;
    }
    return m;
}

void strmap_destroy(strmap **m)
{
    if (!m || !*m)
        return;
    for (block *b = (*m)->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free((*m)->slots);
    free(*m);
    *m = NULL;
}

static slot *find(const strmap *m, const char *key, uint32_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
            return s;
    }
}

static int grow(strmap *m)
{
    slot *bigger = calloc(2 * m->cap, sizeof(slot));
    if (!bigger)
        return -1;
    size_t mask = 2 * m->cap - 1;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key)
            continue;
        size_t k = m->slots[i].hash & mask;
        while (bigger[k].key)
            k = (k + 1) & mask;
        bigger[k] = m->slots[i];
    }
    free(m->slots);
    m->slots = bigger;
    m->cap *= 2;
    return 0;
}

/* A copy of the n bytes at key in the newest block (a new one when full). */
static const char *keep_key(strmap *m, const char *key, size_t n)
{
    block *b = m->blocks;
    if (!b || b->size - b->used < n) {
        size_t size = n > BLOCK ? n : BLOCK;
        if (!(b = malloc(sizeof(block) + size)))
            return NULL;
        b->next = m->blocks;
        b->used = 0;
        b->size = size;
        m->blocks = b;
    }
    char *copy = b->text + b->used;
    memcpy(copy, key, n);
    b->used += n;
    return copy;
}

int strmap_put(strmap *m, const char *key, int value)
{
    if (2 * (m->count + 1) > m->cap && grow(m) < 0)
        return -2;
    uint32_t h = hash(key);
    slot *s = find(m, key, h);
    if (s->key)
        return s->value;
    const char *copy = keep_key(m, key, strlen(key) + 1);
    if (!copy)
        return -2;
    *s = (slot){copy, h, value};
    m->count++;
    return -1;
}

int strmap_get(const strmap *m, const char *key)
{
    slot *s = find(m, key, hash(key));
    return s->key ? s->value : -1;
}

size_t strmap_count(const strmap *m) { return m->count; }

