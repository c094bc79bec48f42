/* fuzz_jsonl.c - JSONL ingest on arbitrary bytes: every record that comes
 * out must be valid UTF-8 without NUL and have an outlet and text. */
#include <stdint.h>
#include <stdlib.h>

#include "slant/corpus.h"
#include "slant/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct slant_diag d;
    slant_diag_init(&d, NULL);
    struct slant_corpus_opts o = {NULL, SLANT_FMT_AUTO, NULL};
    struct slant_corpus *c = slant_corpus_new(&o, &d);
    slant_corpus_add_memory(c, "fuzz.jsonl", data, size, SLANT_FMT_AUTO);
    struct slant_record r;
    while (slant_corpus_next(c, &r) == 1) {
        if (!r.outlet.len || !r.text.len || r.line < 1)
            abort();
        if (!slant_utf8_valid(r.text.p, r.text.len) ||
            !slant_utf8_valid(r.outlet.p, r.outlet.len) ||
            !slant_utf8_valid(r.title.p, r.title.len) || !slant_utf8_valid(r.id.p, r.id.len))
            abort();
    }
    if (slant_corpus_bytes_read(c) != size)
        abort();
    slant_corpus_free(c);
    return 0;
}
