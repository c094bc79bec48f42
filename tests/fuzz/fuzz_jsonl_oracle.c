/* fuzz_jsonl_oracle.c - the JSONL reader's own parser (its fast path) against
 * jansson: for one line, the reader must accept exactly when jansson finds
 * an object with string "outlet" and "text", and give the same text bytes. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slant/corpus.h"
#include "slant/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* jansson's verdict on the fields this target checks: 1 when the line gives
 * a record (ignoring id, title, date, url, lang), with its text in *text. */
static int oracle(const char *line, size_t len, struct slant_buf *text, int *other_fields_ok)
{
    struct slant_buf clean;
    slant_buf_init(&clean, 0);
    size_t replaced = 0;
    if (slant_utf8_sanitize(line, len, &clean, &replaced) < 0)
        abort();
    json_error_t err;
    json_t *root =
        json_loadb(clean.p ? clean.p : "", clean.len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &err);
    slant_buf_release(&clean);
    int ok = 0;
    *other_fields_ok = 1;
    if (root && json_is_object(root)) {
        json_t *o = json_object_get(root, "outlet"), *t = json_object_get(root, "text");
        static const char *const rest[] = {"id", "title", "date", "url", "lang"};
        for (size_t i = 0; i < 5; i++) {
            json_t *v = json_object_get(root, rest[i]);
            if (v && !json_is_null(v) && !json_is_string(v) &&
                !(i == 0 && (json_is_integer(v) || json_is_real(v))))
                *other_fields_ok = 0;
        }
        if (o && t && json_is_string(o) && json_is_string(t)) {
            struct slant_buf ob;
            slant_buf_init(&ob, 0);
            slant_utf8_sanitize(json_string_value(o), json_string_length(o), &ob, &replaced);
            slant_utf8_sanitize(json_string_value(t), json_string_length(t), text, &replaced);
            ok = ob.len > 0 && slant_slice_trim(slant_buf_slice(text)).len > 0;
            slant_buf_release(&ob);
        }
    }
    json_decref(root);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *line = (const char *)data;
    const char *nl = memchr(line, '\n', size);
    size_t len = nl ? (size_t)(nl - line) : size;
    /* a BOM, a NUL (a binary file) and UTF-16/32 marks are the reader's
     * business, not the parser's */
    if (memchr(line, '\0', len) || (len >= 2 && ((unsigned char)line[0] >= 0xEF)))
        return 0;
    struct slant_buf want;
    slant_buf_init(&want, 0);
    int fields_ok = 1;
    int ok = oracle(line, len, &want, &fields_ok) && fields_ok;

    struct slant_diag d;
    slant_diag_init(&d, NULL);
    struct slant_corpus_opts o = {.format = SLANT_FMT_JSONL};
    struct slant_corpus *c = slant_corpus_new(&o, &d);
    slant_corpus_add_memory(c, "fuzz.jsonl", line, len, SLANT_FMT_JSONL);
    struct slant_record r;
    int got = slant_corpus_next(c, &r);
    if (got < 0 || (got == 1) != ok)
        abort();
    if (got == 1 && (r.text.len != want.len || memcmp(r.text.p, want.p, want.len) != 0))
        abort();
    slant_corpus_free(c);
    slant_diag_release(&d);
    slant_buf_release(&want);
    return 0;
}
