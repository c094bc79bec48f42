/*
 * hash.h - non-cryptographic hashing for dedup keys and hash tables.
 *
 * slant_hash64 is a 64-bit FNV-1a variant with a final avalanche (murmur3's
 * fmix64), fast on short strings and good enough for hash tables.  Document
 * identity uses XXH3's 128-bit hash (32 hex digits): a collision among a
 * billion documents stays improbable.
 */
#ifndef SLANT_HASH_H
#define SLANT_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "slant/buf.h"

uint64_t slant_hash64(const void *p, size_t len, uint64_t seed);
/* A 64-bit hash of the bytes with ASCII capitals folded to lower case
 * ("Share" and "SHARE" hash alike), taken eight bytes at a time (a multiply
 * and shift per word, fmix64 at the end): for keys as long as lines. */
uint64_t slant_hash64_folded(const void *p, size_t len, uint64_t seed);

/* The 128-bit hash of [p, p+len) (XXH3-128) as 32 lowercase hex digits + NUL. */
void slant_hash128_hex(const void *p, size_t len, char out[33]);

/* The hash that identifies a document's text: slant_hash128_hex of its
 * words joined by single spaces (white space runs, of the six ASCII white
 * space bytes, collapse to one space; leading and trailing space ignored).
 * Stored as documents.hash; schema version 2 stored another function's
 * value, and the upgrade to version 3 recomputes it. */
void slant_text_hash(struct slant_slice text, char out[33]);

#endif
