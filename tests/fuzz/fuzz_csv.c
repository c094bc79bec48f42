/* fuzz_csv.c - CSV ingest on arbitrary bytes (libcsv in strict mode plus our
 * row and line bookkeeping): records are valid UTF-8 with outlet and text,
 * and row lines never run past the input's line count. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slant/corpus.h"
#include "slant/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned long lines = 1;
    for (size_t i = 0; i < size; i++)
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
            lines++;
    struct slant_diag d;
    slant_diag_init(&d, NULL);
    struct slant_corpus_opts o = {NULL, SLANT_FMT_AUTO, NULL};
    struct slant_corpus *c = slant_corpus_new(&o, &d);
    slant_corpus_add_memory(c, "fuzz.csv", data, size, SLANT_FMT_AUTO);
    struct slant_record r;
    while (slant_corpus_next(c, &r) == 1) {
        if (!r.outlet.len || !r.text.len || r.line < 2 || r.line > lines)
            abort();
        if (!slant_utf8_valid(r.text.p, r.text.len) || !slant_utf8_valid(r.outlet.p, r.outlet.len))
            abort();
    }
    slant_corpus_free(c);
    return 0;
}
