/*
 * fuzz_dic.c - arbitrary bytes to the LIWC .dic importer; when the import
 * succeeds its output is parsed as .lex and must have no errors (the
 * importer promises a lexicon that parses cleanly).
 */
#include <stdint.h>
#include <stdlib.h>

#include "slant/buf.h"
#include "slant/lexicon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct slant_buf out;
    slant_buf_init(&out, 0);
    int rc = slant_lexicon_import_dic("fuzz.dic", (const char *)data, size, "fuzz", &out, NULL);
    if (rc == 0) {
        struct slant_lexset *set = slant_lexset_new();
        struct slant_lexicon *lx = NULL;
        if (slant_lexicon_parse(set, "fuzz.lex", out.p, out.len, NULL, &lx) < 0 || !lx)
            abort();
        if (lx->n_errors != 0 || lx->n_frames == 0 || lx->n_patterns == 0)
            abort();
        if (slant_lexset_compile(set, NULL) < 0)
            abort();
        slant_lexset_free(set);
    } else if (rc != SLANT_EPARSE) {
        abort();
    } else if (out.len != 0) {
        abort(); /* a refused import leaves out unchanged */
    }
    slant_buf_release(&out);
    return 0;
}
