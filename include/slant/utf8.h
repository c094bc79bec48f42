/*
 * utf8.h - decoding and repairing UTF-8 with an explicit end pointer.
 *
 * Everything that enters slant passes slant_utf8_sanitize once, at the edge:
 * after it the stored text is valid UTF-8 without NUL bytes, so later stages
 * (tokenizer, SQLite, the HTML writer) need not defend against either.  An
 * invalid byte becomes U+FFFD and advances one byte (the WHATWG "maximal
 * subpart" rule is not needed: one byte at a time is simpler and
 * deterministic); a NUL becomes U+FFFD too, so a document is never silently
 * truncated.  Each replacement is counted.  (jq: src/jv_unicode.c.)
 */
#ifndef SLANT_UTF8_H
#define SLANT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "slant/buf.h"

#define SLANT_UTF8_REPLACEMENT 0xFFFDu

/*
 * Decode one code point from [p, end).  Returns the number of bytes used
 * (1..4) and stores the code point in *cp.  An invalid or truncated
 * sequence, an overlong form, a surrogate (U+D800..DFFF), a value above
 * U+10FFFF or a NUL byte yields *cp = U+FFFD, returns 1 and sets *bad = 1
 * (bad may be NULL; it is never cleared).  p < end is required; no byte at or
 * after end is read.
 */
size_t slant_utf8_decode(const char *p, const char *end, uint32_t *cp, int *bad);

/* Encode cp (<= U+10FFFF, not a surrogate) into out[0..3]; returns 1..4. */
size_t slant_utf8_encode(uint32_t cp, char out[4]);

/* 1 when [p, p+len) is valid UTF-8 with no NUL byte. */
int slant_utf8_valid(const char *p, size_t len);

/*
 * Append [p, p+len) to out as valid UTF-8: invalid bytes and NULs become
 * U+FFFD.  *replaced (may be NULL) is increased by the number of
 * replacements.  Returns 0 or SLANT_ETOOBIG (out's cap reached; out is then
 * left as it was and *replaced untouched).
 */
int slant_utf8_sanitize(const char *p, size_t len, struct slant_buf *out, size_t *replaced);

/* Byte-order marks at the start of a file. */
enum slant_bom {
    SLANT_BOM_NONE = 0,
    SLANT_BOM_UTF8,
    SLANT_BOM_UTF16LE,
    SLANT_BOM_UTF16BE,
    SLANT_BOM_UTF32LE,
    SLANT_BOM_UTF32BE,
};

/* Which BOM [p, p+len) starts with; *bom_len gets its length (0 if none). */
enum slant_bom slant_utf8_detect_bom(const char *p, size_t len, size_t *bom_len);

/*
 * Convert UTF-16 (le != 0: little-endian), without its BOM, to UTF-8 appended
 * to out.  Unpaired surrogates, U+0000 and a trailing odd byte become U+FFFD
 * and are counted in *replaced (may be NULL).  Returns 0 or SLANT_ETOOBIG
 * (out is then left as it was).
 */
int slant_utf16_to_utf8(const char *p, size_t len, int le, struct slant_buf *out, size_t *replaced);

/* ---- eight bytes at a time ------------------------------------------------
 * For byte scans on the hot path of ingest (language counts, the document
 * hash).  A word is eight text bytes loaded with slant_load8; each test
 * returns 0x80 in every byte of the word where it holds and 0 elsewhere.  No
 * addition carries from one byte into the next, so every flag is exact (no
 * false positives next to a match, unlike the usual "has a zero byte" trick).
 */
#define SLANT_ONES 0x0101010101010101ull
#define SLANT_HIGH (0x80 * SLANT_ONES)

static inline uint64_t slant_load8(const void *p)
{
    uint64_t v;
    __builtin_memcpy(&v, p, 8); /* one unaligned load */
    return v;
}

/* Bytes equal to c: the zero bytes of x ^ c. */
static inline uint64_t slant_swar_eq(uint64_t x, unsigned char c)
{
    uint64_t z = x ^ (c * SLANT_ONES);
    return ~(((z & ~SLANT_HIGH) + ~SLANT_HIGH) | z) & SLANT_HIGH;
}

/* Bytes in lo..hi, for hi < 0x80 (bytes >= 0x80 never are). */
static inline uint64_t slant_swar_range(uint64_t x, unsigned char lo, unsigned char hi)
{
    uint64_t y = x & ~SLANT_HIGH;
    uint64_t ge_lo = y + (uint64_t)(0x80 - lo) * SLANT_ONES;
    uint64_t gt_hi = y + (uint64_t)(0x7F - hi) * SLANT_ONES;
    return ge_lo & ~gt_hi & ~x & SLANT_HIGH;
}

/* The index (in memory order) of the first flagged byte; flags != 0. */
static inline size_t slant_swar_first(uint64_t flags)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return (size_t)__builtin_clzll(flags) / 8;
#else
    return (size_t)__builtin_ctzll(flags) / 8;
#endif
}

/* How many bytes are flagged (the multiply sums the 0/1 bytes into the top one). */
static inline size_t slant_swar_count(uint64_t flags)
{
    return (size_t)(((flags >> 7) * SLANT_ONES) >> 56);
}

#endif
