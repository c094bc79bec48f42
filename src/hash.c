/* hash.c - FNV-1a with a final mix; a 128-bit pair for document identity. */
#include "slant/hash.h"

#include <stdio.h>

static uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

uint64_t slant_hash64(const void *p, size_t len, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (size_t i = 0; i < len; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return fmix64(h ^ len);
}

void slant_hash128_init(struct slant_hash128 *h)
{
    h->a = 0xcbf29ce484222325ULL;
    h->b = 0x84222325cbf29ce4ULL;
    h->n = 0;
}

void slant_hash128_update(struct slant_hash128 *h, const void *p, size_t len)
{
    const unsigned char *s = p;
    uint64_t a = h->a, b = h->b;
    for (size_t i = 0; i < len; i++) {
        a ^= s[i];
        a *= 0x100000001b3ULL;
        /* a second, independent stream: different prime, byte rotated */
        b ^= (uint64_t)s[i] << 3 | s[i] >> 5;
        b *= 0x00000100000001b3ULL + 0x2a;
    }
    h->a = a;
    h->b = b;
    h->n += len;
}

void slant_hash128_hex(const struct slant_hash128 *h, char out[33])
{
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)fmix64(h->a ^ h->n),
             (unsigned long long)fmix64(h->b + h->n));
}
