/*
 * hash.h - non-cryptographic hashing for dedup keys and hash tables.
 *
 * slant_hash64 is a 64-bit FNV-1a variant with a final avalanche (murmur3's
 * fmix64), fast on short strings and good enough for hash tables.  Document
 * identity uses two independent 64-bit hashes (128 bits, as 32 hex digits):
 * a collision among a billion documents stays improbable.
 */
#ifndef SLANT_HASH_H
#define SLANT_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t slant_hash64(const void *p, size_t len, uint64_t seed);

/* Incremental 128-bit hash: init, feed bytes, write 32 lowercase hex + NUL. */
struct slant_hash128 {
    uint64_t a, b;
    uint64_t n;
};
void slant_hash128_init(struct slant_hash128 *h);
void slant_hash128_update(struct slant_hash128 *h, const void *p, size_t len);
void slant_hash128_hex(const struct slant_hash128 *h, char out[33]);

#endif
