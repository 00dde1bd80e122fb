/* strmap.c - open addressing hash map from strings to non-negative ints */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *key;
    int value;
} slot;

struct strmap {
    slot *slots;
    size_t cap, count; /* cap is a power of two */
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
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
    for (size_t i = 0; i < (*m)->cap; i++)
        free((*m)->slots[i].key);
    free((*m)->slots);
    free(*m);
    *m = NULL;
}

static slot *find(const strmap *m, const char *key)
{
    size_t mask = m->cap - 1;
    for (size_t i = hash(key) & mask;; i = (i + 1) & mask)
        if (!m->slots[i].key || strcmp(m->slots[i].key, key) == 0)
            return &m->slots[i];
}

static int grow(strmap *m)
{
    strmap bigger = {calloc(2 * m->cap, sizeof(slot)), 2 * m->cap, m->count};
    if (!bigger.slots)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *find(&bigger, m->slots[i].key) = m->slots[i];
    free(m->slots);
    *m = bigger;
    return 0;
}

int strmap_put(strmap *m, const char *key, int value)
{
    if (2 * (m->count + 1) > m->cap && grow(m) < 0)
        return -2;
    slot *s = find(m, key);
    if (s->key)
        return s->value;
    size_t n = strlen(key) + 1;
    s->key = malloc(n);
    if (!s->key)
        return -2;
    memcpy(s->key, key, n);
    s->value = value;
    m->count++;
    return -1;
}

int strmap_get(const strmap *m, const char *key)
{
    slot *s = find(m, key);
    return s->key ? s->value : -1;
}

size_t strmap_count(const strmap *m) { return m->count; }
