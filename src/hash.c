/*
 * hash.c - FNV-1a with a final mix for hash tables; XXH3-128 for document
 * identity.
 *
 * xxHash is used header-only (XXH_INLINE_ALL): its functions are compiled
 * into this file, so the build needs libxxhash-dev and the binary no
 * library.  XXH3 hashes several bytes a cycle where the byte-at-a-time
 * FNV-1a pair it replaced (schema version 2) took 13 instructions a byte,
 * 8% of an ingest's instructions.
 */
#include "slant/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slant/utf8.h"
#include "slant/xalloc.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

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

uint64_t slant_hash64_folded(const void *p, size_t len, uint64_t seed)
{
    const char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (size_t i = 0; i < len; i += 8) {
        uint64_t x = 0;
        if (len - i >= 8)
            x = slant_load8(s + i);
        else
            memcpy(&x, s + i, len - i);          /* the last word, zero-padded */
        x |= slant_swar_range(x, 'A', 'Z') >> 2; /* 0x80 >> 2: the case bit */
        h = (h ^ x) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 32;
    }
    return fmix64(h ^ len);
}

/* The document hash: XXH3's 128-bit variant, high half first. */
void slant_hash128_hex(const void *p, size_t len, char out[33])
{
    XXH128_hash_t h = XXH3_128bits(p, len);
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
}

/* The white space that separates words for the document hash. */
static inline int hash_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r'); /* \t \n \v \f \r */
}

/* Where the text stops being in the hash's normal form: the first white
 * space other than a single ' ' in [p, end), or end.  Eight bytes at a time:
 * a control space, or a space followed by a space. */
static const char *next_cut(const char *p, const char *end)
{
    for (; p + 9 <= end; p += 8) {
        uint64_t x = slant_load8(p), next = slant_load8(p + 1);
        uint64_t cut =
            slant_swar_range(x, '\t', '\r') | (slant_swar_eq(x, ' ') & slant_swar_eq(next, ' '));
        if (cut)
            return p + slant_swar_first(cut);
    }
    for (; p < end; p++)
        if ((*p != ' ' && hash_space(*p)) || (*p == ' ' && p + 1 < end && p[1] == ' '))
            return p;
    return end;
}

/*
 * The hash of the words joined by single spaces.  Running text mostly is that
 * already: when it is, the text is hashed where it lies; otherwise its spans
 * that agree with that form are copied together, cut only where white space
 * is not a single ' ' (the copy is never longer than the text).
 */
void slant_text_hash(struct slant_slice text, char out[33])
{
    const char *p = text.p, *end = text.p + text.len;
    while (p < end && hash_space(*p))
        p++;
    while (end > p && hash_space(end[-1]))
        end--;
    /* [p, end) starts and ends with a word: every space run is inner */
    const char *cut = next_cut(p, end);
    if (cut == end) {
        slant_hash128_hex(p, (size_t)(end - p), out);
        return;
    }
    char small[8192];
    size_t cap = (size_t)(end - p), n = 0;
    char *buf = cap <= sizeof(small) ? small : slant_xmalloc(cap);
    const char *span = p;
    for (p = cut; p < end; p = next_cut(p, end)) {
        /* a single ' ' before a control space is part of the run */
        const char *gap = p[-1] == ' ' ? p - 1 : p;
        while (hash_space(*p)) /* stops before end, at a word */
            p++;
        memcpy(buf + n, span, (size_t)(gap - span));
        n += (size_t)(gap - span);
        buf[n++] = ' ';
        span = p;
    }
    memcpy(buf + n, span, (size_t)(end - span));
    n += (size_t)(end - span);
    slant_hash128_hex(buf, n, out);
    if (buf != small)
        free(buf);
}
