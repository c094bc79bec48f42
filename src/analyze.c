/* analyze.c - the per-document pipeline (see include/slant/analyze.h). */
#include "slant/analyze.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slant/err.h"
#include "slant/tokenize.h"
#include "slant/utf8.h"
#include "slant/xalloc.h"

/* Tokens gathered before their words are looked up: as many as a token's
 * form outlives, and the stemmer takes at once. */
#define RUN (SLANT_TOKEN_KEEP < SLANT_STEM_MANY ? SLANT_TOKEN_KEEP : SLANT_STEM_MANY)

struct slant_analyzer {
    struct slant_tokenizer *tz;
    struct slant_stemmer *stemmer;
    struct slant_matcher *matcher; /* NULL without lexicons */
    /* per-document counts: for each of the stemmer's dense form ids, its
     * place in counts + 1 (0: not counted yet), kept in count_of, or with a
     * matcher in the caller's words of its table (count_slot) */
    uint32_t *count_of;
    size_t count_cap;
    uint32_t *shared; /* slant_matcher_caller_words, shared_cap ids */
    size_t shared_cap;
    struct slant_count *counts; /* counts[k].id: the form id */
    size_t n_counts, counts_cap;
    struct slant_hit *hits;
    size_t hits_cap;
};

struct slant_analyzer *slant_analyzer_new(const struct slant_lexset *lexicons)
{
    struct slant_analyzer *a = slant_xcalloc(1, sizeof(*a));
    a->tz = slant_tokenizer_new();
    a->stemmer = slant_stemmer_new();
    if (lexicons)
        a->matcher = slant_matcher_new(lexicons);
    return a;
}

void slant_analyzer_free(struct slant_analyzer *a)
{
    if (!a)
        return;
    slant_tokenizer_free(a->tz);
    slant_stemmer_free(a->stemmer);
    slant_matcher_free(a->matcher);
    free(a->count_of);
    free(a->counts);
    free(a->hits);
    free(a);
}

struct slant_stemmer *slant_analyzer_stemmer(struct slant_analyzer *a)
{
    return a->stemmer;
}

const char *slant_detect_lang(struct slant_slice text)
{
    /* A Cyrillic letter of U+0400..U+04FF is a lead byte D0..D3 followed by
     * a continuation byte; continuation bytes are never ASCII letters or
     * lead bytes, so no byte needs skipping. */
    size_t latin = 0, cyr = 0;
    const unsigned char *p = (const unsigned char *)text.p;
    size_t n = text.len, i = 0;
    /* Eight bytes at a time first (the two byte loops this replaces were 4%
     * of an ingest), with the same counts as the byte loop that finishes.
     * Byte k of the word loaded at p + i + 1 follows byte k of the one at
     * p + i: the pairs line up whatever the byte order. */
    for (; i + 9 <= n; i += 8) {
        uint64_t x = slant_load8(p + i), next = slant_load8(p + i + 1);
        latin += slant_swar_count(slant_swar_range(x | 0x20 * SLANT_ONES, 'a', 'z'));
        cyr += slant_swar_count(slant_swar_eq(x & 0xFC * SLANT_ONES, 0xD0) &
                                slant_swar_eq(next & 0xC0 * SLANT_ONES, 0x80));
        /* Stop once the rest cannot change the answer: the r bytes not yet
         * counted add at most r Latin letters and (r + 1) / 2 Cyrillic ones.
         * An English article is decided after about two fifths of it. */
        if ((i & 255) == 248) {
            size_t r = n - (i + 8);
            if (latin > cyr + (r + 1) / 2)
                return "en";
            if (cyr > latin + r)
                return "ru";
        }
    }
    for (; i < n; i++) {
        latin += (unsigned char)((p[i] | 0x20) - 'a') < 26;
        cyr += i + 1 < n && (p[i] & 0xFC) == 0xD0 && (p[i + 1] & 0xC0) == 0x80;
    }
    /* Cyrillic letters are counted once per 2-byte character, Latin per byte */
    if (cyr > latin)
        return "ru";
    if (latin)
        return "en";
    return "";
}

/* The word that holds form id's place in counts, the table grown to hold
 * it.  With a matcher, the word beside the matcher's entry for the form:
 * counting the words of a run reads their entries into the cache for the
 * push of the run that follows (slant_matcher_caller_words). */
__attribute__((always_inline)) static inline uint32_t *count_slot(struct slant_analyzer *a,
                                                                  uint32_t id, int shared)
{
    if (shared) {
        if (id >= a->shared_cap)
            a->shared = slant_matcher_caller_words(a->matcher, id, &a->shared_cap);
        return &a->shared[2 * (size_t)id + 1];
    }
    if (id >= a->count_cap)
        a->count_of = slant_xgrow_zeroed(a->count_of, &a->count_cap, id, sizeof(*a->count_of));
    return &a->count_of[id];
}

/* (shared: a->matcher != NULL, a constant where it is called, so that
 * each loop of slant_analyzer_run gets its own copy without the test) */
__attribute__((always_inline)) static inline void
count_form(struct slant_analyzer *a, const struct slant_form *f, uint32_t id, int shared)
{
    uint32_t *sp = count_slot(a, id, shared);
    uint32_t slot = *sp;
    if (slot) {
        a->counts[slot - 1].count++;
        return;
    }
    if (a->n_counts == a->counts_cap) {
        a->counts_cap = a->counts_cap ? a->counts_cap * 2 : 512;
        a->counts = slant_xreallocarray(a->counts, a->counts_cap, sizeof(*a->counts));
    }
    a->counts[a->n_counts].form = f;
    a->counts[a->n_counts].count = 1;
    a->counts[a->n_counts].id = id;
    *sp = (uint32_t)++a->n_counts;
}

int slant_analyzer_run(struct slant_analyzer *a, struct slant_slice text, const char *lang,
                       struct slant_analysis *out)
{
    memset(out, 0, sizeof(*out));
    if (!lang || strcmp(lang, "auto") == 0)
        lang = slant_detect_lang(text);
    else if (*lang && !slant_stem_lang_supported(lang))
        lang = ""; /* a language without a Snowball stemmer: unstemmed */
    snprintf(out->lang, sizeof(out->lang), "%s", lang);

    /* forget the previous document's counts (only the touched slots) */
    if (a->matcher) /* (a push may have grown the table) */
        a->shared = slant_matcher_caller_words(a->matcher, 0, &a->shared_cap);
    for (size_t i = 0; i < a->n_counts; i++)
        *count_slot(a, a->counts[i].id, a->matcher != NULL) = 0;
    a->n_counts = 0;

    if (a->matcher)
        slant_matcher_begin(a->matcher);
    slant_tokenizer_reset(a->tz, text.p, text.len);
    struct slant_stem_lang sl;
    slant_stemmer_lang(a->stemmer, out->lang, &sl);
    /* A run of tokens at a time: their words go to the stemmer together, so
     * that the misses in its cache overlap (see slant_stemmer_find_many). */
    struct slant_token tok[RUN];
    struct slant_stem_word words[RUN];
    const struct slant_form *forms[RUN];
    uint32_t ids[RUN];
    size_t n;
    int rc = 0;
    do {
        size_t nw = 0;
        n = slant_tokenizer_run(a->tz, tok, RUN);
        if (n == 0)
            break;
        for (size_t i = 0; i < n; i++) {
            if (tok[i].kind == SLANT_TOK_WORD) {
                words[nw].form = tok[i].norm;
                words[nw].len = (uint32_t)tok[i].norm_len;
                words[nw].script = tok[i].script;
                nw++;
            } else if (tok[i].kind == SLANT_TOK_NUMBER) {
                out->n_numbers++;
            }
        }
        if (nw && (rc = slant_stemmer_find_many(a->stemmer, &sl, nw, words, forms, ids)) < 0)
            return rc;
        out->n_tokens += nw;
        out->n_sentences = (size_t)tok[n - 1].sent + 1;
        out->n_paragraphs = (size_t)tok[n - 1].para + 1;
        if (a->matcher) {
            for (size_t i = 0; i < nw; i++)
                count_form(a, forms[i], ids[i], 1);
            if ((rc = slant_matcher_push_run(a->matcher, tok, n, forms, ids)) < 0)
                return rc;
            a->shared = slant_matcher_caller_words(a->matcher, 0, &a->shared_cap);
        } else {
            for (size_t i = 0; i < nw; i++)
                count_form(a, forms[i], ids[i], 0);
        }
    } while (n == RUN);
    out->n_truncated = slant_tokenizer_truncations(a->tz);
    out->n_replaced = slant_tokenizer_replacements(a->tz);
    out->counts = a->counts;
    out->n_counts = a->n_counts;
    if (a->matcher) {
        if ((rc = slant_matcher_end(a->matcher)) < 0)
            return rc;
        size_t nh = 0;
        const struct slant_hit *h = slant_matcher_hits(a->matcher, &nh);
        out->hits = (struct slant_hit *)(uintptr_t)h;
        out->n_hits = nh;
        slant_matcher_stats(a->matcher, &out->match);
    }
    return 0;
}

void slant_analysis_copy(struct slant_analysis *dst, const struct slant_analysis *src)
{
    *dst = *src;
    dst->counts =
        slant_xreallocarray(NULL, src->n_counts ? src->n_counts : 1, sizeof(*src->counts));
    if (src->n_counts)
        memcpy(dst->counts, src->counts, src->n_counts * sizeof(*src->counts));
    dst->hits = slant_xreallocarray(NULL, src->n_hits ? src->n_hits : 1, sizeof(*src->hits));
    if (src->n_hits)
        memcpy(dst->hits, src->hits, src->n_hits * sizeof(*src->hits));
}

void slant_analysis_release(struct slant_analysis *a)
{
    free(a->counts);
    free(a->hits);
    a->counts = NULL;
    a->hits = NULL;
    a->n_counts = a->n_hits = 0;
}
