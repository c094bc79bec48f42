/*
 * fuzz_tokenize.c - arbitrary bytes through slant_utf8_sanitize and the
 * tokenizer (both on the raw bytes, which the tokenizer must survive too, and
 * on the sanitized text), checking the invariants every later stage relies on.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slant/buf.h"
#include "slant/tokenize.h"
#include "slant/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c))                                                                                  \
            abort();                                                                               \
    } while (0)

static void check_tokens(struct slant_tokenizer *tz, const char *text, size_t len, int valid)
{
    struct slant_token t;
    size_t last_end = 0, n = 0;
    uint32_t sent = 0, para = 0;
    slant_tokenizer_reset(tz, text, len);
    while (slant_tokenizer_next(tz, &t)) {
        CHECK(t.start < t.end);     /* never empty */
        CHECK(t.end <= len);        /* inside the text */
        CHECK(t.start >= last_end); /* monotone, non-overlapping */
        CHECK(t.norm != NULL);
        CHECK(t.norm_len <= SLANT_TOKEN_MAX);
        CHECK(strlen(t.norm) == t.norm_len);
        CHECK(t.norm_len > 0);
        CHECK(slant_utf8_valid(t.norm, t.norm_len)); /* forms are always clean */
        CHECK(t.kind >= SLANT_TOK_WORD && t.kind <= SLANT_TOK_SYMBOL);
        CHECK((t.kind == SLANT_TOK_QUOTE) == (t.quote != SLANT_Q_NONE));
        CHECK(t.sent >= sent && t.para >= para);
        CHECK(t.sent - sent <= 1 && t.para - para <= 1);
        CHECK((t.sent != sent || n == 0) == !!(t.flags & SLANT_TF_SENT_START));
        CHECK((t.para != para || n == 0) == !!(t.flags & SLANT_TF_PARA_START));
        if (t.para != para)
            CHECK(t.sent != sent); /* a paragraph end ends the sentence */
        if (valid)
            CHECK(!(t.flags & SLANT_TF_REPLACED));
        if (!(t.flags & SLANT_TF_TRUNCATED) && t.kind != SLANT_TOK_WORD &&
            t.kind != SLANT_TOK_NUMBER && !(t.flags & SLANT_TF_REPLACED))
            CHECK(t.norm_len == t.end - t.start && memcmp(t.norm, text + t.start, t.norm_len) == 0);
        if (t.kind == SLANT_TOK_WORD && !(t.flags & SLANT_TF_TRUNCATED)) {
            /* an all-ASCII word's form is its bytes lowercased */
            int ascii = 1;
            for (size_t i = t.start; i < t.end; i++)
                ascii &= (unsigned char)text[i] < 0x80;
            if (ascii) {
                CHECK(t.norm_len == t.end - t.start);
                for (size_t i = 0; i < t.norm_len; i++) {
                    unsigned char c = (unsigned char)text[t.start + i];
                    CHECK((unsigned char)t.norm[i] == (c >= 'A' && c <= 'Z' ? c + 32 : c));
                }
            }
        }
        sent = t.sent;
        para = t.para;
        last_end = t.end;
        n++;
    }
    CHECK(slant_tokenizer_next(tz, &t) == 0); /* stays at the end */
    if (valid)
        CHECK(slant_tokenizer_replacements(tz) == 0);
}

/* The shortcut for plain ASCII words gives what the general path gives:
 * the same tokens, field by field, and the same counters. */
static void check_shortcut(struct slant_tokenizer *tz, struct slant_tokenizer *general,
                           const char *text, size_t len)
{
    struct slant_token a, b;
    slant_tokenizer_reset(tz, text, len);
    slant_tokenizer_reset(general, text, len);
    int more;
    do {
        more = slant_tokenizer_next(tz, &a);
        CHECK(slant_tokenizer_next(general, &b) == more);
        CHECK(a.start == b.start && a.end == b.end && a.norm_len == b.norm_len);
        CHECK(memcmp(a.norm, b.norm, a.norm_len + 1) == 0);
        CHECK(a.sent == b.sent && a.para == b.para && a.kind == b.kind);
        CHECK(a.quote == b.quote && a.script == b.script && a.flags == b.flags);
    } while (more);
    CHECK(slant_tokenizer_replacements(tz) == slant_tokenizer_replacements(general));
    CHECK(slant_tokenizer_truncations(tz) == slant_tokenizer_truncations(general));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct slant_tokenizer *tz, *general;
    if (!tz) {
        tz = slant_tokenizer_new();
        general = slant_tokenizer_new();
        slant_tokenizer_set_shortcut(general, 0);
    }

    /* the raw bytes, in a block of exactly their size so ASan sees over-reads */
    char *raw = malloc(size ? size : 1);
    if (!raw)
        return 0;
    if (size)
        memcpy(raw, data, size);
    check_tokens(tz, raw, size, slant_utf8_valid(raw, size));
    check_shortcut(tz, general, raw, size);

    struct slant_buf b;
    slant_buf_init(&b, 0);
    size_t rep = 0;
    CHECK(slant_utf8_sanitize(raw, size, &b, &rep) == 0);
    CHECK(slant_utf8_valid(b.p ? b.p : "", b.len));
    CHECK(b.len >= size && b.len <= size * 3);
    CHECK(b.len == size + 2 * rep); /* each replaced byte grew by two */
    check_tokens(tz, b.p ? b.p : "", b.len, 1);
    check_shortcut(tz, general, b.p ? b.p : "", b.len);

    /* fold never fails and gives valid UTF-8 */
    char *f = NULL;
    size_t fl = 0;
    CHECK(slant_fold(raw, size < 512 ? size : 512, &f, &fl) == 0);
    CHECK(f && strlen(f) == fl && slant_utf8_valid(f, fl));
    free(f);

    /* UTF-16 of either order converts to valid UTF-8 */
    slant_buf_reset(&b);
    CHECK(slant_utf16_to_utf8(raw, size, size & 1, &b, NULL) == 0);
    CHECK(slant_utf8_valid(b.p ? b.p : "", b.len));

    slant_buf_release(&b);
    free(raw);
    return 0;
}
