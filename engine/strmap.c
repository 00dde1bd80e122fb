/* strmap.c - open addressing hash map from strings to non-negative ints
 *
 * Keys are copied into a strpool rather than one allocation each, and each slot keeps
 * its key's hash: with a million case ids, a lookup then compares strings only when
 * the hashes agree, and the map is freed in a few calls. A table that large is far
 * bigger than the cache, so each new key costs a trip to memory; strmap_prefetch lets
 * the caller start that trip some keys ahead. */
#include "strmap.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strpool.h"

typedef struct {
    const char *key; /* NULL: empty */
    uint32_t tag;    /* see tag_of */
    int value;
} slot;

struct strmap {
    slot *slots;
    size_t cap, count; /* cap is a power of two */
    strpool *keys;     /* copies of the keys; NULL when they are borrowed */
};

static inline uint64_t load8(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
    return w;
}

static inline uint64_t load4(const char *s)
{
    uint32_t w;
    memcpy(&w, s, 4);
    return w;
}

/* A hash of the n bytes at s. Ids are short, so the key is read in at most two loads
 * that may overlap (the first and the last bytes), with no loop and no branch on each
 * byte; longer keys add a word at a time between. The slot is picked by the high bits
 * of the last product, which depend on every byte. */
static inline uint32_t hash(const char *s, size_t n)
{
    uint64_t a, b;
    if (n >= 8) {
        a = load8(s);
        b = load8(s + n - 8);
        for (size_t i = 8; i + 8 < n; i += 8)
            a = (a ^ load8(s + i)) * 0x9e3779b97f4a7c15ULL;
    } else if (n >= 4) {
        a = load4(s);
        b = load4(s + n - 4);
    } else {
        a = n ? (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n / 2] << 8 |
                    (unsigned char)s[n - 1]
              : 0;
        b = 0;
    }
    uint64_t h = ((a ^ n) * 0xbf58476d1ce4e5b9ULL ^ b) * 0x94d049bb133111ebULL;
    return (uint32_t)(h >> 32);
}

static strmap *create(int copy_keys)
{
    strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 64;
    m->slots = calloc(m->cap, sizeof(slot));
    if (copy_keys)
        m->keys = strpool_create();
    if (!m->slots || (copy_keys && !m->keys))
        strmap_destroy(&m);
    return m;
}

strmap *strmap_create(void) { return create(1); }

strmap *strmap_create_borrowing(void) { return create(0); }

void strmap_destroy(strmap **m)
{
    if (!m || !*m)
        return;
    strpool_destroy(&(*m)->keys);
    free((*m)->slots);
    free(*m);
    *m = NULL;
}

/* What a slot keeps of its n-byte key: 24 bits of its hash and its length (255 for
 * 255 bytes or more). Equal tags then mean equal lengths, so that a short key is
 * compared a word at a time without looking for its end. */
static inline uint32_t tag_of(const char *key, size_t n)
{
    return (hash(key, n) & 0xFFFFFF00u) | (uint32_t)(n < 255 ? n : 255);
}

/* The slot where the search for a tag starts: its hash bits, lowest first. */
static inline size_t home(uint32_t tag, size_t mask) { return (tag >> 8 | tag << 24) & mask; }

/* Whether a, with the same tag as the n bytes at b, holds the same bytes. */
static inline bool same(const char *a, const char *b, size_t n)
{
    if (n >= 255) { /* the length is not in the tag: stop at a's end */
        for (size_t i = 0; i <= n; i++)
            if (a[i] != b[i])
                return false;
        return true;
    }
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            if (load8(a + i) != load8(b + i))
                return false;
        return load8(a + n - 8) == load8(b + n - 8);
    }
    if (n >= 4)
        return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* The slot of the n-byte key, or the empty slot where it would go. */
static inline slot *find(const strmap *m, const char *key, size_t n, uint32_t tag)
{
    size_t mask = m->cap - 1;
    for (size_t i = home(tag, mask);; i = (i + 1) & mask) {
        slot *s = &m->slots[i];
        if (!s->key || (s->tag == tag && same(s->key, key, n)))
            return s;
    }
}

/* Move every slot into a table of cap slots (a power of two, more than count). */
static int resize(strmap *m, size_t cap)
{
    /* written before it is read, so that each fresh page of a large table faults
     * once, not first for reading zeros and again for writing */
    slot *bigger = malloc(cap * sizeof(slot));
    if (!bigger)
        return -1;
    memset(bigger, 0, cap * sizeof(slot));
    size_t mask = cap - 1;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key)
            continue;
        size_t k = home(m->slots[i].tag, mask);
        while (bigger[k].key)
            k = (k + 1) & mask;
        bigger[k] = m->slots[i];
    }
    free(m->slots);
    m->slots = bigger;
    m->cap = cap;
    return 0;
}

int strmap_reserve(strmap *m, size_t n)
{
    size_t cap = m->cap;
    while (cap / 2 < n) {
        if (cap > SIZE_MAX / 2 / sizeof(slot))
            return -1;
        cap *= 2;
    }
    return cap == m->cap ? 0 : resize(m, cap);
}

int strmap_put(strmap *m, const char *key, int value)
{
    if (2 * (m->count + 1) > m->cap && resize(m, 2 * m->cap) < 0)
        return -2;
    size_t n = strlen(key);
    uint32_t tag = tag_of(key, n);
    slot *s = find(m, key, n, tag);
    if (s->key)
        return s->value;
    const char *copy = m->keys ? strpool_add(m->keys, key, n) : key;
    if (!copy)
        return -2;
    *s = (slot){copy, tag, value};
    m->count++;
    return -1;
}

int strmap_get(const strmap *m, const char *key)
{
    size_t n = strlen(key);
    slot *s = find(m, key, n, tag_of(key, n));
    return s->key ? s->value : -1;
}

size_t strmap_count(const strmap *m) { return m->count; }

void strmap_prefetch(const strmap *m, const char *key)
{
#if defined(__GNUC__)
    size_t n = strlen(key);
    __builtin_prefetch(&m->slots[home(tag_of(key, n), m->cap - 1)]);
#else
    (void)m;
    (void)key;
#endif
}
