/*
 * fuzz_lex.c - arbitrary bytes to the .lex parser, then compile and look up.
 *
 * Besides memory safety (ASan/UBSan), checks the parser's invariants: frames
 * hold contiguous, in-range patterns, every pattern has 1..16 tokens, weights
 * are finite and positive, and every candidate the index reports really
 * matches its pattern's first token.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slant/lexicon.h"
#include "slant/stem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct slant_stemmer *stemmer;

struct check {
    const struct slant_lexset *set;
    const struct slant_form *f;
    uint32_t want; /* a pattern of lexicon 0 that must be reported */
    int found;
};

static void on_cand(void *ctx, uint32_t lex, uint32_t pat)
{
    struct check *c = ctx;
    const struct slant_lexicon *lx = slant_lexset_get(c->set, lex);
    if (!lx || pat >= lx->n_patterns)
        abort();
    if (!slant_pat_token_match(&lx->patterns[pat].tokens[0], c->f))
        abort();
    if (lex == 0 && pat == c->want)
        c->found = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!stemmer)
        stemmer = slant_stemmer_new();
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = NULL;
    if (slant_lexicon_parse(set, "fuzz.lex", (const char *)data, size, NULL, &lx) < 0 || !lx)
        abort();
    uint32_t next = 0;
    for (uint32_t i = 0; i < lx->n_frames; i++) {
        const struct slant_frame *fr = &lx->frames[i];
        if (fr->first_pattern != next || fr->first_pattern + fr->n_patterns > lx->n_patterns)
            abort();
        next += fr->n_patterns;
    }
    if (next != lx->n_patterns)
        abort();
    for (uint32_t i = 0; i < lx->n_patterns; i++) {
        const struct slant_pattern *p = &lx->patterns[i];
        if (p->n_tokens < 1 || p->n_tokens > SLANT_PAT_MAX_TOKENS || !isfinite(p->weight) ||
            !(p->weight > 0) || p->frame >= lx->n_frames)
            abort();
        for (uint32_t t = 0; t < p->n_tokens; t++)
            if (p->tokens[t].len == 0 || p->tokens[t].len > SLANT_PAT_MAX_TOKEN_LEN ||
                strlen(p->tokens[t].text) != p->tokens[t].len)
                abort();
    }
    if (slant_lexset_compile(set, stemmer) < 0)
        abort();
    /* Look up each pattern's own first token as a document word, and a few
     * fixed words; an exact or prefix pattern must be among the candidates
     * of its own word. */
    for (uint32_t i = 0; i < lx->n_patterns && i < 64; i++) {
        const struct slant_pat_token *t0 = &lx->patterns[i].tokens[0];
        const struct slant_form *f = NULL;
        if (slant_stemmer_lookup(stemmer, lx->language, 1, t0->text, t0->len, &f) < 0)
            continue;
        struct check c = {set, f, i, 0};
        slant_lexset_candidates(set, f, on_cand, &c);
        if (t0->kind != SLANT_PAT_STEM && !c.found)
            abort();
    }
    static const char *words[] = {"war", "invasion", "liberation", "a", "ukraine"};
    for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++) {
        const struct slant_form *f = NULL;
        if (slant_stemmer_lookup(stemmer, "en", 1, words[i], strlen(words[i]), &f) < 0)
            continue;
        struct check c = {set, f, UINT32_MAX, 0};
        slant_lexset_candidates(set, f, on_cand, &c);
    }
    slant_lexset_free(set);
    return 0;
}
