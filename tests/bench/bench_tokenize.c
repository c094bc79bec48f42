/*
 * bench_tokenize.c - speed of the ingest hot path: tokenize + stem lookup.
 *
 *   build/bench/bench_tokenize FILE [REPEAT] [LANG]
 *
 * Reads FILE whole (a JSONL file is fine: it is treated as plain text),
 * then REPEAT times (default 3) tokenizes it as one document and looks every
 * WORD token up in the stem cache (language LANG, default "en"; "-" for no
 * lookups, to time the tokenizer alone), as ingest does.  Times are CPU
 * seconds.  Prints one line per figure, "name value unit", for the bench script
 * to compare with `wc -w` on the same file.  The best of the repeats counts:
 * the first one also pays for filling the stem cache.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slant/buf.h"
#include "slant/err.h"
#include "slant/stem.h"
#include "slant/tokenize.h"
#include "slant/utf8.h"

/* CPU time of this process: on a shared machine wall time measures the
 * neighbours; compare it with the user+sys time of `wc -w`. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct slant_buf b;
    slant_buf_init(&b, 0);
    char chunk[1 << 16];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if ((rc = slant_buf_add(&b, chunk, n)) < 0)
            break;
    int err = ferror(f);
    fclose(f);
    if (rc < 0 || err) {
        slant_buf_release(&b);
        return NULL;
    }
    return slant_buf_detach(&b, len);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_tokenize FILE [REPEAT] [LANG]\n");
        return 2;
    }
    long repeat = 3;
    if (argc > 2) {
        char *end;
        repeat = strtol(argv[2], &end, 10);
        if (*end || repeat < 1 || repeat > 1000) {
            fprintf(stderr, "bench_tokenize: bad REPEAT %s\n", argv[2]);
            return 2;
        }
    }
    const char *lang = argc > 3 ? argv[3] : "en";
    int no_stem = strcmp(lang, "-") == 0;
    size_t len;
    char *text = slurp(argv[1], &len);
    if (!text) {
        fprintf(stderr, "bench_tokenize: cannot read %s\n", argv[1]);
        return 3;
    }

    /* sanitize once, as ingest does at the edge (timed separately) */
    struct slant_buf clean;
    slant_buf_init(&clean, 0);
    size_t rep = 0;
    double t0 = now();
    if (slant_utf8_sanitize(text, len, &clean, &rep) < 0) {
        fprintf(stderr, "bench_tokenize: %s too big\n", argv[1]);
        return 3;
    }
    double t_sanitize = now() - t0;

    struct slant_tokenizer *tz = slant_tokenizer_new();
    struct slant_stemmer *st = slant_stemmer_new();
    double best = 1e30, first = 0;
    size_t tokens = 0, words = 0;
    unsigned long long check = 0;
    for (long r = 0; r < repeat; r++) {
        struct slant_token t;
        tokens = words = 0;
        t0 = now();
        slant_tokenizer_reset(tz, clean.p, clean.len);
        struct slant_stem_lang sl; /* as the analyzer does: once per document */
        slant_stemmer_lang(st, lang, &sl);
        /* runs of tokens, their words looked up together, as the analyzer does */
        struct slant_stem_word w[SLANT_STEM_MANY];
        const struct slant_form *f[SLANT_STEM_MANY];
        uint32_t ids[SLANT_STEM_MANY];
        size_t nw = 0;
        int more = 1;
        while (more) {
            more = slant_tokenizer_next(tz, &t);
            if (more) {
                tokens++;
                if (t.kind == SLANT_TOK_WORD && !no_stem) {
                    w[nw].form = t.norm;
                    w[nw].len = (uint32_t)t.norm_len;
                    w[nw].script = t.script;
                    nw++;
                }
            }
            if (nw == SLANT_STEM_MANY || (!more && nw)) {
                if (slant_stemmer_find_many(st, &sl, nw, w, f, ids) == 0) {
                    words += nw;
                    for (size_t i = 0; i < nw; i++)
                        check += ids[i]; /* keeps the lookups from being optimised away */
                }
                nw = 0;
            }
        }
        double dt = now() - t0;
        if (r == 0)
            first = dt;
        if (dt < best)
            best = dt;
    }
    double mb = (double)clean.len / 1e6;
    printf("file %s\n", argv[1]);
    printf("bytes %zu\n", clean.len);
    printf("tokens %zu\n", tokens);
    printf("words %zu\n", words);
    printf("forms %zu\n", slant_stemmer_size(st));
    printf("replaced %zu\n", rep);
    printf("sanitize_mb_per_s %.1f\n", mb / t_sanitize);
    printf("first_pass_cpu_s %.3f\n", first);
    printf("best_pass_cpu_s %.3f\n", best);
    printf("mb_per_s %.1f\n", mb / best);
    printf("tokens_per_s %.0f\n", (double)tokens / best);
    printf("checksum %llu\n", check);
    slant_stemmer_free(st);
    slant_tokenizer_free(tz);
    slant_buf_release(&clean);
    free(text);
    return 0;
}
