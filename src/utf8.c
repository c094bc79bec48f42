/* utf8.c - UTF-8 decoding and repair, UTF-16 conversion (see include/slant/utf8.h). */
#include "slant/utf8.h"

#include <string.h>

#include "slant/err.h"

#include "banned.h"

static const char REPLACEMENT_UTF8[3] = {'\xEF', '\xBF', '\xBD'};

static int is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

size_t slant_utf8_decode(const char *p, const char *end, uint32_t *cp, int *bad)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t avail = (size_t)(end - p);
    unsigned c = s[0];

    if (c < 0x80) {
        if (c == 0)
            goto invalid; /* a NUL would truncate the text in every C API downstream */
        *cp = c;
        return 1;
    }
    if (c < 0xC2) /* a stray continuation byte, or C0/C1 (always overlong) */
        goto invalid;
    if (c < 0xE0) {
        if (avail < 2 || !is_cont(s[1]))
            goto invalid;
        *cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3Fu);
        return 2;
    }
    if (c < 0xF0) {
        if (avail < 3 || !is_cont(s[1]) || !is_cont(s[2]))
            goto invalid;
        if (c == 0xE0 && s[1] < 0xA0) /* overlong: fits in two bytes */
            goto invalid;
        if (c == 0xED && s[1] >= 0xA0) /* U+D800..DFFF: surrogates are not characters */
            goto invalid;
        *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3Fu);
        return 3;
    }
    if (c < 0xF5) {
        if (avail < 4 || !is_cont(s[1]) || !is_cont(s[2]) || !is_cont(s[3]))
            goto invalid;
        if (c == 0xF0 && s[1] < 0x90) /* overlong: fits in three bytes */
            goto invalid;
        if (c == 0xF4 && s[1] >= 0x90) /* above U+10FFFF */
            goto invalid;
        *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
              ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3Fu);
        return 4;
    }
invalid:
    *cp = SLANT_UTF8_REPLACEMENT;
    if (bad)
        *bad = 1;
    return 1;
}

size_t slant_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        cp = SLANT_UTF8_REPLACEMENT; /* outside the contract: never emit invalid UTF-8 */
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF) {
        memcpy(out, REPLACEMENT_UTF8, 3);
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Eight ASCII bytes, none of them NUL: valid, and copied as they are (the
 * scans below skip such words whole). */
static inline int ascii8(const char *p)
{
    uint64_t x = slant_load8(p);
    return !((x & SLANT_HIGH) | slant_swar_eq(x, 0));
}

int slant_utf8_valid(const char *p, size_t len)
{
    const char *end = p + len;
    while (p < end) {
        if (end - p >= 8 && ascii8(p)) {
            p += 8;
            continue;
        }
        unsigned char c = (unsigned char)*p;
        if (c >= 0x01 && c < 0x80) {
            p++;
            continue;
        }
        uint32_t cp;
        int bad = 0;
        p += slant_utf8_decode(p, end, &cp, &bad);
        if (bad)
            return 0;
    }
    return 1;
}

int slant_utf8_sanitize(const char *p, size_t len, struct slant_buf *out, size_t *replaced)
{
    size_t orig = out->len;
    size_t nrep = 0;
    const char *end = p + len;
    const char *run = p; /* start of the pending run of valid bytes */
    int rc = 0;

    while (p < end) {
        if (end - p >= 8 && ascii8(p)) {
            p += 8;
            continue;
        }
        unsigned char c = (unsigned char)*p;
        if (c >= 0x01 && c < 0x80) {
            p++;
            continue;
        }
        uint32_t cp;
        int bad = 0;
        size_t n = slant_utf8_decode(p, end, &cp, &bad);
        if (!bad) {
            p += n;
            continue;
        }
        /* Valid bytes are appended in runs: one copy per run, not per byte. */
        if ((rc = slant_buf_add(out, run, (size_t)(p - run))) < 0)
            goto fail;
        if ((rc = slant_buf_add(out, REPLACEMENT_UTF8, sizeof(REPLACEMENT_UTF8))) < 0)
            goto fail;
        nrep++;
        p++;
        run = p;
    }
    if ((rc = slant_buf_add(out, run, (size_t)(p - run))) < 0)
        goto fail;
    if (replaced)
        *replaced += nrep;
    return 0;
fail:
    /* Leave the buffer as it was: a half-sanitized text is worse than none. */
    out->len = orig;
    if (out->p)
        out->p[orig] = '\0';
    return rc;
}

enum slant_bom slant_utf8_detect_bom(const char *p, size_t len, size_t *bom_len)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t n = 0;
    enum slant_bom b = SLANT_BOM_NONE;

    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        b = SLANT_BOM_UTF8, n = 3;
    } else if (len >= 4 && s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0) {
        /* checked before UTF-16LE, whose BOM is a prefix of this one */
        b = SLANT_BOM_UTF32LE, n = 4;
    } else if (len >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF) {
        b = SLANT_BOM_UTF32BE, n = 4;
    } else if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        b = SLANT_BOM_UTF16LE, n = 2;
    } else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        b = SLANT_BOM_UTF16BE, n = 2;
    }
    if (bom_len)
        *bom_len = n;
    return b;
}

int slant_utf16_to_utf8(const char *p, size_t len, int le, struct slant_buf *out, size_t *replaced)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t orig = out->len;
    size_t nrep = 0, i = 0;
    char chunk[1024]; /* encode into a local chunk, append in bulk */
    size_t used = 0;
    int rc = 0;

    while (i + 1 < len) {
        uint32_t u = le ? (uint32_t)s[i] | ((uint32_t)s[i + 1] << 8)
                        : ((uint32_t)s[i] << 8) | (uint32_t)s[i + 1];
        uint32_t cp;
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF) {
            uint32_t lo = 0;
            if (i + 1 < len)
                lo = le ? (uint32_t)s[i] | ((uint32_t)s[i + 1] << 8)
                        : ((uint32_t)s[i] << 8) | (uint32_t)s[i + 1];
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            } else {
                cp = SLANT_UTF8_REPLACEMENT; /* high surrogate without its low half */
                nrep++;
            }
        } else if ((u >= 0xDC00 && u <= 0xDFFF) || u == 0) {
            cp = SLANT_UTF8_REPLACEMENT; /* lone low surrogate, or NUL (see utf8.h) */
            nrep++;
        } else {
            cp = u;
        }
        if (used + 4 > sizeof(chunk)) {
            if ((rc = slant_buf_add(out, chunk, used)) < 0)
                goto fail;
            used = 0;
        }
        used += slant_utf8_encode(cp, chunk + used);
    }
    if (i < len) { /* a trailing odd byte */
        if (used + 4 > sizeof(chunk)) {
            if ((rc = slant_buf_add(out, chunk, used)) < 0)
                goto fail;
            used = 0;
        }
        used += slant_utf8_encode(SLANT_UTF8_REPLACEMENT, chunk + used);
        nrep++;
    }
    if ((rc = slant_buf_add(out, chunk, used)) < 0)
        goto fail;
    if (replaced)
        *replaced += nrep;
    return 0;
fail:
    out->len = orig;
    if (out->p)
        out->p[orig] = '\0';
    return rc;
}
