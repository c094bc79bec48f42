/* fuzz_frontmatter.c - front matter, date stamps and whole text documents
 * (decoding, BOMs, binary sniffing) on arbitrary bytes, then boilerplate
 * removal on what was read.  Checks the invariants the rest of slant relies
 * on: slices stay inside their text, records are valid UTF-8 with an outlet. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slant/boiler.h"
#include "slant/corpus.h"
#include "slant/utf8.h"

static void inside(struct slant_slice s, const uint8_t *p, size_t n)
{
    if (s.len && ((const uint8_t *)s.p < p || (const uint8_t *)s.p + s.len > p + n))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct slant_slice t = {(const char *)data, size};
    struct slant_front_matter fm;
    slant_corpus_parse_front_matter(t, &fm);
    inside(fm.outlet, data, size);
    inside(fm.title, data, size);
    inside(fm.date, data, size);
    inside(fm.url, data, size);
    inside(fm.lang, data, size);
    inside(fm.body, data, size);
    if (fm.body_line < 1 || (fm.has_front_matter && fm.has_date_stamp))
        abort();
    if (size && fm.body.p + fm.body.len != t.p + size) /* the body runs to the end */
        abort();

    struct slant_diag d;
    slant_diag_init(&d, NULL);
    struct slant_corpus_opts o = {NULL, SLANT_FMT_TEXT, NULL};
    struct slant_corpus *c = slant_corpus_new(&o, &d);
    slant_corpus_add_memory(c, "fuzz.txt", data, size, SLANT_FMT_AUTO);
    struct slant_record r;
    struct slant_buf out;
    slant_buf_init(&out, 0);
    while (slant_corpus_next(c, &r) == 1) {
        if (!r.outlet.len || !slant_utf8_valid(r.text.p, r.text.len))
            abort();
        struct slant_boiler_stats st = {0};
        slant_buf_reset(&out);
        if (slant_boiler_clean(r.text, 0, &out, &st) != 0 || out.len > r.text.len)
            abort();
        if (st.lines_removed == 0 && (out.len != r.text.len || memcmp(out.p, r.text.p, out.len)))
            abort();
        if (!slant_utf8_valid(out.p ? out.p : "", out.len))
            abort();
    }
    slant_buf_release(&out);
    slant_corpus_free(c);
    return 0;
}
