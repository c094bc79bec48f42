/*
 * fuzz_match.c - random token streams against a small lexicon.
 *
 * Tokens are built from the fuzz bytes, two bytes each: the first picks a
 * kind (a word from a small vocabulary, a quotation mark of any kind and
 * role, punctuation, a number), the second whether white space precedes it
 * and whether a sentence or paragraph starts, so every combination of
 * adjacency, unbalanced marks and breaks is reachable.  Streams are long
 * enough to pass the matcher's paragraph cap.  Checked: hits in text order,
 * one frame's hits never overlap, hits of one lexicon either share a span
 * (twins: different frames, same judgements) or do not overlap, spans inside
 * the document, voice and flags in range, statistics consistent.  A second
 * matcher takes the same tokens in runs (slant_matcher_push_run, the run
 * size from the first byte) and must give the same hits and statistics.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slant/lexicon.h"
#include "slant/match.h"
#include "slant/stem.h"
#include "slant/tokenize.h"

/* Patterns in several frames (twins): liberat* and `war against ukraine`
 * in [a] and [c], `war` in [b] and [c] (with `wars` in [c], same stem, a
 * duplicate of one frame). */
static const char lex_text[] = "@lexicon fz\n"
                               "[a]\n@pole legitimizing\nliberat*\nwar against ukraine\n"
                               "[b]\nwar\n=kiev regime\nspecial military operation\n"
                               "[c]\nwars\nwar against ukraine\t2\nliberat*\nwar\n";
#define MAX_FRAMES 8
static const char attr_text[] = "@lexicon attribution\n"
                                "[reporting-verbs]\nsay\n=said\n[source-phrases]\naccording to\n"
                                "[negators]\n=not\n=no\n[distancing]\n=so-called\n";

static const char *const words[] = {"war",      "against",   "ukraine",   "liberation", "said",
                                    "not",      "so-called", "kiev",      "regime",     "special",
                                    "military", "operation", "according", "to",         "the"};
#define N_WORDS (sizeof(words) / sizeof(words[0]))

struct qmark {
    const char *raw;
    uint8_t role, dbl;
};
static const struct qmark marks[] = {
    {"\"", SLANT_Q_EITHER, 1},         {"'", SLANT_Q_EITHER, 0},
    {"\xe2\x80\x9c", SLANT_Q_OPEN, 1}, {"\xe2\x80\x9d", SLANT_Q_CLOSE, 1},
    {"\xe2\x80\x98", SLANT_Q_OPEN, 0}, {"\xe2\x80\x99", SLANT_Q_CLOSE, 0},
    {"\xc2\xab", SLANT_Q_OPEN, 1},     {"\xc2\xbb", SLANT_Q_CLOSE, 1},
    {"\xe2\x80\x9e", SLANT_Q_OPEN, 1},
};
#define N_MARKS (sizeof(marks) / sizeof(marks[0]))
static const char *const puncts[] = {".", ",", "(", ")", "-", "\xe2\x80\x94", ":", "?"};
#define N_PUNCTS (sizeof(puncts) / sizeof(puncts[0]))

static struct slant_lexset *set;
static struct slant_stemmer *stemmer;
static struct slant_matcher *matcher, *runs;

/* the stream's tokens, for the second matcher, a run at a time */
#define RUN_MAX 64
static struct slant_token run_tok[RUN_MAX];
static const struct slant_form *run_forms[RUN_MAX];
static uint32_t run_ids[RUN_MAX];
static size_t run_n, run_nw;

static void run_flush(void)
{
    if (run_n && slant_matcher_push_run(runs, run_tok, run_n, run_forms, run_ids) != 0)
        abort();
    run_n = run_nw = 0;
}

static void init(void)
{
    struct slant_diag diag;
    slant_diag_init(&diag, NULL);
    set = slant_lexset_new();
    stemmer = slant_stemmer_new();
    struct slant_lexicon *lx;
    if (slant_lexicon_parse(set, "fz", lex_text, sizeof(lex_text) - 1, &diag, &lx) != 0 ||
        slant_lexicon_parse(set, "attr", attr_text, sizeof(attr_text) - 1, &diag, &lx) != 0 ||
        slant_lexset_compile(set, stemmer) != 0)
        abort();
    slant_diag_release(&diag);
    matcher = slant_matcher_new(set);
    runs = slant_matcher_new(set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!set)
        init();
    slant_matcher_begin(matcher);
    slant_matcher_begin(runs);
    size_t run_size = size ? (size_t)data[0] % RUN_MAX + 1 : 1;
    size_t pos = 0, ntok = 0;
    uint32_t sent = 0, para = 0;
    /* repeat the input so short inputs still cross the paragraph cap */
    size_t rounds = size < 64 ? 1 : 3;
    for (size_t r = 0; r < rounds; r++) {
        for (size_t i = 0; i + 1 < size; i += 2) {
            uint8_t a = data[i], b = data[i + 1];
            struct slant_token t;
            memset(&t, 0, sizeof(t));
            const struct slant_form *f = NULL;
            if (b & 1)
                pos++; /* white space before */
            if ((b & 0x0e) == 0x0e) {
                para++;
                sent++;
                t.flags |= SLANT_TF_PARA_START | SLANT_TF_SENT_START;
                pos++;
            } else if ((b & 0x0e) == 0x0c) {
                sent++;
                t.flags |= SLANT_TF_SENT_START;
            }
            switch (a % 4) {
            case 0:
            case 1: {
                const char *w = words[(a / 4) % N_WORDS];
                t.kind = SLANT_TOK_WORD;
                t.norm = w;
                t.norm_len = strlen(w);
                t.script = SLANT_SCRIPT_LATIN;
                if (!(b & 0x80) &&
                    slant_stemmer_lookup(stemmer, "en", SLANT_SCRIPT_LATIN, w, t.norm_len, &f) != 0)
                    abort();
                break;
            }
            case 2: {
                const struct qmark *q = &marks[(a / 4) % N_MARKS];
                t.kind = SLANT_TOK_QUOTE;
                t.norm = q->raw;
                t.norm_len = strlen(q->raw);
                t.quote = q->role;
                if (q->dbl)
                    t.flags |= SLANT_TF_DOUBLE;
                break;
            }
            default:
                if (a & 0x80) {
                    t.kind = SLANT_TOK_NUMBER;
                    t.norm = "12";
                    t.norm_len = 2;
                } else {
                    t.kind = SLANT_TOK_PUNCT;
                    t.norm = puncts[(a / 4) % N_PUNCTS];
                    t.norm_len = strlen(t.norm);
                }
                break;
            }
            t.start = pos;
            t.end = pos + t.norm_len;
            pos = t.end;
            t.sent = sent;
            t.para = para;
            if (slant_matcher_push(matcher, &t, f) != 0)
                abort();
            if (t.kind == SLANT_TOK_WORD) {
                /* the id is the form's, SLANT_MATCH_NO_FORM for a word without */
                run_forms[run_nw] = f;
                run_ids[run_nw++] = f ? f->id : SLANT_MATCH_NO_FORM;
            }
            run_tok[run_n++] = t;
            if (run_n == run_size)
                run_flush();
            ntok++;
        }
    }
    if (slant_matcher_end(matcher) != 0)
        abort();
    run_flush();
    if (slant_matcher_end(runs) != 0)
        abort();

    size_t n;
    const struct slant_hit *h = slant_matcher_hits(matcher, &n);
    uint32_t last_end[2][MAX_FRAMES] = {{0}};
    const struct slant_hit *last[2] = {NULL, NULL}; /* previous hit per lexicon */
    for (size_t i = 0; i < n; i++) {
        if (h[i].voice >= SLANT_VOICE_COUNT || h[i].negated > 1 || h[i].distanced > 1)
            abort();
        if (h[i].tok_start >= h[i].tok_end || h[i].tok_end > ntok)
            abort();
        if (h[i].byte_start >= h[i].byte_end || h[i].byte_end > pos)
            abort();
        if (i > 0 && (h[i].tok_start < h[i - 1].tok_start || h[i].byte_start < h[i - 1].byte_start))
            abort(); /* text order */
        if (h[i].lexicon > 1)
            abort();
        const struct slant_lexicon *lx = slant_lexset_get(set, h[i].lexicon);
        if (lx->n_frames > MAX_FRAMES || h[i].frame >= lx->n_frames)
            abort();
        if (h[i].tok_start < last_end[h[i].lexicon][h[i].frame])
            abort(); /* overlap within one frame */
        last_end[h[i].lexicon][h[i].frame] = h[i].tok_end;
        const struct slant_hit *p = last[h[i].lexicon];
        if (p && h[i].tok_start < p->tok_end) {
            /* within one lexicon only twins overlap: same span, another
             * frame, same judgements, later pattern */
            if (h[i].tok_start != p->tok_start || h[i].tok_end != p->tok_end ||
                h[i].byte_start != p->byte_start || h[i].byte_end != p->byte_end ||
                h[i].frame == p->frame || h[i].voice != p->voice || h[i].negated != p->negated ||
                h[i].distanced != p->distanced || h[i].pattern <= p->pattern)
                abort();
        }
        last[h[i].lexicon] = &h[i];
        if (h[i].pattern >= lx->n_patterns || h[i].frame != lx->patterns[h[i].pattern].frame ||
            h[i].tok_end - h[i].tok_start != lx->patterns[h[i].pattern].n_tokens)
            abort();
    }
    struct slant_match_stats st, st2;
    slant_matcher_stats(matcher, &st);
    if (st.resynced > st.quotes || st.quotes + st.unbalanced > ntok)
        abort();
    size_t n2;
    const struct slant_hit *h2 = slant_matcher_hits(runs, &n2);
    slant_matcher_stats(runs, &st2);
    if (n2 != n || memcmp(&st, &st2, sizeof(st)) != 0)
        abort();
    for (size_t i = 0; i < n; i++)
        if (h[i].pattern != h2[i].pattern || h[i].lexicon != h2[i].lexicon ||
            h[i].tok_start != h2[i].tok_start || h[i].tok_end != h2[i].tok_end ||
            h[i].byte_start != h2[i].byte_start || h[i].byte_end != h2[i].byte_end ||
            h[i].voice != h2[i].voice || h[i].negated != h2[i].negated ||
            h[i].distanced != h2[i].distanced)
            abort();
    return 0;
}
