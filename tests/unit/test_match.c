/*
 * test_match.c - the voice-aware matcher: matching rules, voice, negation,
 * distancing, quotation recovery, the paragraph cap, and the kursk truth
 * table (counted by hand from ../shared/corpus/kursk).
 *
 * Texts go through the real tokenizer and stemmer ("en"), as in ingest.  The
 * lexicons are tests/data/match/test.lex (small frames written for these
 * cases) and the bundled lexicons/attribution.lex (the cues).
 */
#include "testutil.h"

#include <dirent.h>
#include <strings.h>

#include "slant/lexicon.h"
#include "slant/match.h"
#include "slant/stem.h"
#include "slant/tokenize.h"

/* ------------------------------------------------------------------ */
/* Fixture                                                              */
/* ------------------------------------------------------------------ */

struct fx {
    struct slant_lexset *set;
    struct slant_stemmer *st;
    struct slant_tokenizer *tz;
    struct slant_matcher *m;
    long test_lex, attr_lex;
    const char *text;
};

/* The test lexicon is read from lex_path, or parsed from lex_text when
 * lex_path is NULL. */
static struct fx *fx_new_from(const char *lex_path, const char *lex_text, int with_attribution)
{
    struct fx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    struct slant_diag diag;
    slant_diag_init(&diag, stderr);
    f->set = slant_lexset_new();
    f->st = slant_stemmer_new();
    f->tz = slant_tokenizer_new();
    struct slant_lexicon *lx = NULL;
    if (lex_path)
        assert_int_equal(slant_lexicon_load(f->set, lex_path, &diag, &lx), 0);
    else
        assert_int_equal(
            slant_lexicon_parse(f->set, "test.lex", lex_text, strlen(lex_text), &diag, &lx), 0);
    assert_int_equal(lx->n_errors, 0);
    if (with_attribution) {
        assert_int_equal(slant_lexicon_load(f->set, "lexicons/attribution.lex", &diag, &lx), 0);
        assert_int_equal(lx->n_errors, 0);
    }
    assert_int_equal(slant_lexset_compile(f->set, f->st), 0);
    assert_int_equal(diag.count[SLANT_ERROR] + diag.count[SLANT_FATAL], 0);
    slant_diag_release(&diag);
    f->test_lex = f->attr_lex = -1;
    for (size_t i = 0; i < slant_lexset_count(f->set); i++) {
        const char *name = slant_lexset_get(f->set, i)->name;
        if (strcmp(name, "attribution") == 0)
            f->attr_lex = (long)i;
        else
            f->test_lex = (long)i;
    }
    f->m = slant_matcher_new(f->set);
    return f;
}

static struct fx *fx_new(const char *lex_path, int with_attribution)
{
    return fx_new_from(lex_path, NULL, with_attribution);
}

static void fx_free(struct fx *f)
{
    slant_matcher_free(f->m);
    slant_tokenizer_free(f->tz);
    slant_stemmer_free(f->st);
    slant_lexset_free(f->set);
    free(f);
}

/* Tokenize, stem and match one document (words pushed with their form
 * unless `no_forms`). */
static void run_doc(struct fx *f, const char *text, size_t len, int no_forms)
{
    f->text = text;
    slant_matcher_begin(f->m);
    slant_tokenizer_reset(f->tz, text, len);
    struct slant_token t;
    while (slant_tokenizer_next(f->tz, &t) == 1) {
        const struct slant_form *form = NULL;
        if (t.kind == SLANT_TOK_WORD && !no_forms)
            assert_int_equal(slant_stemmer_lookup(f->st, "en", t.script, t.norm, t.norm_len, &form),
                             0);
        assert_int_equal(slant_matcher_push(f->m, &t, form), 0);
    }
    assert_int_equal(slant_matcher_end(f->m), 0);
}

/* Append s to text (len bytes used of cap) `times` times; the new length
 * (cap or more when it did not fit: the callers check). */
static size_t append_times(char *text, size_t len, size_t cap, const char *s, int times)
{
    for (int i = 0; i < times && len < cap; i++)
        len += (size_t)snprintf(text + len, cap - len, "%s", s);
    return len;
}

static void run(struct fx *f, const char *text)
{
    run_doc(f, text, strlen(text), 0);
}

static const char *frame_of(const struct fx *f, const struct slant_hit *h)
{
    const struct slant_lexicon *lx = slant_lexset_get(f->set, h->lexicon);
    return lx->frames[h->frame].name;
}

/* The n-th hit of the test lexicon (attribution hits skipped), or NULL. */
static const struct slant_hit *test_hit(const struct fx *f, size_t nth, size_t *count)
{
    size_t n, seen = 0;
    const struct slant_hit *h = slant_matcher_hits(f->m, &n);
    const struct slant_hit *found = NULL;
    for (size_t i = 0; i < n; i++) {
        if ((long)h[i].lexicon != f->test_lex)
            continue;
        if (seen == nth)
            found = &h[i];
        seen++;
    }
    if (count)
        *count = seen;
    return found;
}

static size_t n_test_hits(const struct fx *f)
{
    size_t c;
    test_hit(f, 0, &c);
    return c;
}

/* Check one hit: frame, the text it covers (case-insensitive), voice and
 * flags. */
static void expect(const struct fx *f, size_t nth, const char *frame, const char *covers, int voice,
                   int negated, int distanced)
{
    const struct slant_hit *h = test_hit(f, nth, NULL);
    if (!h)
        fail_msg("no hit #%zu in: %s", nth, f->text);
    assert_string_equal(frame_of(f, h), frame);
    size_t len = h->byte_end - h->byte_start;
    if (len != strlen(covers) || strncasecmp(f->text + h->byte_start, covers, len) != 0)
        fail_msg("hit #%zu covers '%.*s', expected '%s'", nth, (int)len, f->text + h->byte_start,
                 covers);
    if (h->voice != voice)
        fail_msg("hit #%zu ('%s') voice %s, expected %s in: %s", nth, covers,
                 slant_voice_name(h->voice), slant_voice_name(voice), f->text);
    assert_int_equal(h->negated, negated);
    assert_int_equal(h->distanced, distanced);
}

static int setup(void **state)
{
    *state = fx_new("tests/data/match/test.lex", 1);
    return 0;
}

static int teardown(void **state)
{
    fx_free(*state);
    return 0;
}

enum { OWN = SLANT_VOICE_OWN, ATTR = SLANT_VOICE_ATTRIBUTED, QUOTED = SLANT_VOICE_QUOTED };

/* ------------------------------------------------------------------ */
/* Matching                                                             */
/* ------------------------------------------------------------------ */

static void test_voice_names(void **state)
{
    (void)state;
    for (int v = 0; v < SLANT_VOICE_COUNT; v++)
        assert_int_equal(slant_voice_parse(slant_voice_name(v)), v);
    assert_string_equal(slant_voice_name(SLANT_VOICE_QUOTED), "quoted");
    assert_int_equal(slant_voice_parse("loud"), -1);
    assert_int_equal(slant_voice_parse(NULL), -1);
}

static void test_longest_match(void **state)
{
    struct fx *f = *state;
    run(f, "Russia's war against Ukraine went on; the war was long.");
    assert_int_equal(n_test_hits(f), 2);
    expect(f, 0, "aggression", "war against Ukraine", OWN, 0, 0);
    const struct slant_hit *h = test_hit(f, 0, NULL);
    /* Russia's | war against Ukraine: tokens 1..3 */
    assert_int_equal(h->tok_start, 1);
    assert_int_equal(h->tok_end, 4);
    expect(f, 1, "war", "war", OWN, 0, 0);

    run(f, "The special military operations began.");
    assert_int_equal(n_test_hits(f), 1);
    expect(f, 0, "operation", "special military operations", OWN, 0, 0);
}

static void test_multiword_breaks(void **state)
{
    struct fx *f = *state;
    /* punctuation, a dash, a quotation mark, a hyphen or a sentence end
     * between the words break a multi-token pattern */
    const char *texts[] = {
        "It was war, against Ukraine.",
        "It was war \xe2\x80\x94 against Ukraine.",
        "It was war \"against Ukraine\".",
        "It was war. Against Ukraine.",
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        run(f, texts[i]);
        assert_int_equal(n_test_hits(f), 1);
        expect(f, 0, "war", "war", test_hit(f, 0, NULL)->voice, 0, 0);
    }
    run(f, "A war-against-Ukraine rally.");
    assert_int_equal(n_test_hits(f), 0);
    /* stems: "operations" matches `operation`; prefix: "Liberators" */
    run(f, "Liberators ended the operations.");
    assert_int_equal(n_test_hits(f), 2);
    expect(f, 0, "liberation", "Liberators", OWN, 0, 0);
    expect(f, 1, "operation", "operations", OWN, 0, 0);
    /* `=regime` is exact: "regimes" does not match, "Kiev regime" is longer */
    run(f, "Old regimes fell. The Kiev regime stood. The regime fell.");
    assert_int_equal(n_test_hits(f), 2);
    expect(f, 0, "regime", "Kiev regime", OWN, 0, 0);
    expect(f, 1, "regime", "regime", OWN, 0, 0);
}

static void test_no_overlap_in_order(void **state)
{
    struct fx *f = *state;
    run(f, "War against Ukraine against Ukraine war war against war against Ukraine.");
    size_t n;
    const struct slant_hit *h = slant_matcher_hits(f->m, &n);
    assert_int_equal(n_test_hits(f), 4);
    expect(f, 0, "aggression", "War against Ukraine", OWN, 0, 0);
    expect(f, 1, "war", "war", OWN, 0, 0);
    expect(f, 2, "war", "war", OWN, 0, 0);
    expect(f, 3, "aggression", "war against Ukraine", OWN, 0, 0);
    for (size_t i = 1; i < n; i++)
        assert_true(h[i].tok_start >= h[i - 1].tok_start);
}

static void test_words_without_forms(void **state)
{
    struct fx *f = *state;
    /* without stemmer entries, prefix and exact patterns still match */
    const char *text = "The liberation of the regime.";
    run_doc(f, text, strlen(text), 1);
    f->text = text;
    assert_int_equal(n_test_hits(f), 2);
    expect(f, 0, "liberation", "liberation", OWN, 0, 0);
    expect(f, 1, "regime", "regime", OWN, 0, 0);
}

enum run_how {
    RUN_AS_IS,
    RUN_DROP_FORMS, /* every other word without its form (SLANT_MATCH_NO_FORM) */
    RUN_NO_NORMS,   /* every word without its norm */
};

/* Tokenize, stem and match text with slant_matcher_push_run, `size` tokens
 * to a run (at most SLANT_TOKEN_KEEP, which the norms outlive), the words
 * pushed as `how` says. */
static void run_in_runs_as(struct fx *f, const char *text, size_t size, enum run_how how)
{
    struct slant_token tok[SLANT_TOKEN_KEEP];
    const struct slant_form *forms[SLANT_TOKEN_KEEP];
    uint32_t ids[SLANT_TOKEN_KEEP];
    f->text = text;
    slant_matcher_begin(f->m);
    slant_tokenizer_reset(f->tz, text, strlen(text));
    size_t n = 0, nw = 0, words = 0;
    for (;;) {
        int more = slant_tokenizer_next(f->tz, &tok[n]) == 1;
        if (more) {
            if (tok[n].kind == SLANT_TOK_WORD) {
                assert_int_equal(slant_stemmer_lookup(f->st, "en", tok[n].script, tok[n].norm,
                                                      tok[n].norm_len, &forms[nw]),
                                 0);
                ids[nw] = forms[nw]->id;
                if (how == RUN_DROP_FORMS && words % 2) {
                    forms[nw] = NULL;
                    ids[nw] = SLANT_MATCH_NO_FORM;
                }
                if (how == RUN_NO_NORMS) {
                    tok[n].norm = NULL;
                    tok[n].norm_len = 0;
                }
                nw++;
                words++;
            }
            n++;
        }
        if (n == size || (!more && n > 0)) {
            assert_int_equal(slant_matcher_push_run(f->m, tok, n, forms, ids), 0);
            n = nw = 0;
        }
        if (!more)
            break;
    }
    assert_int_equal(slant_matcher_end(f->m), 0);
}

static void run_in_runs(struct fx *f, const char *text, size_t size)
{
    run_in_runs_as(f, text, size, RUN_AS_IS);
}

/* Words without forms are kept aside one by one while buffered: each of a
 * paragraph's such words is looked up as itself, so multi-word patterns of
 * exact and prefix tokens match them as they match words with forms: pushed
 * one by one, or in a run where every other word has no form. */
static void test_words_without_forms_phrases(void **state)
{
    (void)state;
    struct fx *f = fx_new_from(NULL,
                               "@lexicon t\n[war]\n=war =against ukrain*\n=war\n[lib]\n"
                               "liberat* =of\n",
                               0);
    const char *text = "The war against Ukraine, the war, the liberation of Kherson and a war "
                       "against Ukrainians; liberation.";
    for (int no_forms = 0; no_forms <= 2; no_forms++) {
        if (no_forms < 2)
            run_doc(f, text, strlen(text), no_forms);
        else
            run_in_runs_as(f, text, SLANT_TOKEN_KEEP, RUN_DROP_FORMS);
        assert_int_equal(n_test_hits(f), 4);
        expect(f, 0, "war", "war against Ukraine", OWN, 0, 0);
        expect(f, 1, "war", "war", OWN, 0, 0);
        expect(f, 2, "lib", "liberation of", OWN, 0, 0);
        expect(f, 3, "war", "war against Ukrainians", OWN, 0, 0);
    }
    fx_free(f);
}

/* Words without forms buffered across a cut of the buffer: the tokens
 * kept after the cut still find their own forms, whatever words come after
 * them. */
static void test_words_without_forms_past_the_cap(void **state)
{
    (void)state;
    struct fx *f = fx_new_from(NULL, "@lexicon t\n[war]\n=war =against ukrain*\n", 0);
    /* One paragraph: `shift` numbers, 1,980 tokens of numbers (no words),
     * a sentence of 25 tokens, then sentences of 6 words.  The buffer is
     * cut at a sentence start every 256 tokens or so; as the shift moves
     * the 25-token sentence along, some cuts come while its words are
     * buffered and keep them for the next part. */
    char *text = malloc(32768);
    assert_non_null(text);
    for (int shift = 0; shift < 260; shift += 7) {
        size_t len = 0;
        len = append_times(text, len, 32768, "0 ", shift);
        len = append_times(text, len, 32768, "1 2 3 4 5 6 7 8 9. ", 198);
        len += (size_t)snprintf(text + len, 32768 - len, "We saw war against Ukrainians");
        len = append_times(text, len, 32768, " again", 19);
        len += (size_t)snprintf(text + len, 32768 - len, ".");
        len = append_times(text, len, 32768, " Nothing else happened in town.", 400);
        assert_true(len < 32767);
        run_doc(f, text, len, 1);
        assert_int_equal(n_test_hits(f), 1);
        expect(f, 0, "war", "war against Ukrainians", OWN, 0, 0);
    }
    free(text);
    fx_free(f);
}

/* The matcher keeps byte offsets in 32 bits: a token ending past 4 GiB is
 * refused, one ending at the last offset that fits is taken. */
static void test_offsets_past_4gib(void **state)
{
    struct fx *f = *state;
    struct slant_token t;
    memset(&t, 0, sizeof(t));
    t.kind = SLANT_TOK_WORD;
    t.norm = "war";
    t.norm_len = 3;
    t.start = (size_t)UINT32_MAX - 3;
    t.end = UINT32_MAX;
    const struct slant_form *form;
    assert_int_equal(slant_stemmer_lookup(f->st, "en", SLANT_SCRIPT_LATIN, "war", 3, &form), 0);
    slant_matcher_begin(f->m);
    assert_int_equal(slant_matcher_push(f->m, &t, form), 0);
    t.start = (size_t)UINT32_MAX + 1;
    t.end = t.start + 3;
    assert_int_equal(slant_matcher_push(f->m, &t, form), SLANT_ETOOBIG);
    assert_int_equal(slant_matcher_end(f->m), 0);
    size_t n;
    const struct slant_hit *h = slant_matcher_hits(f->m, &n);
    assert_int_equal(n, 1);
    assert_int_equal(h[0].byte_start, (size_t)UINT32_MAX - 3);
    assert_int_equal(h[0].byte_end, UINT32_MAX);
}

/* Push words with the given sentence indexes and end the document; returns
 * the hits of the test lexicon, each checked for a voice. */
static size_t push_in_sentences(struct fx *f, const char *const *words, const uint32_t *sents,
                                size_t n)
{
    slant_matcher_begin(f->m);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        struct slant_token t;
        memset(&t, 0, sizeof(t));
        t.kind = SLANT_TOK_WORD;
        t.norm = words[i];
        t.norm_len = strlen(words[i]);
        t.start = at;
        t.end = at + t.norm_len;
        t.sent = sents[i];
        at = t.end + 1;
        const struct slant_form *form;
        assert_int_equal(
            slant_stemmer_lookup(f->st, "en", SLANT_SCRIPT_LATIN, t.norm, t.norm_len, &form), 0);
        assert_int_equal(slant_matcher_push(f->m, &t, form), 0);
    }
    assert_int_equal(slant_matcher_end(f->m), 0);
    size_t nh, found = 0;
    const struct slant_hit *h = slant_matcher_hits(f->m, &nh);
    for (size_t i = 0; i < nh; i++) {
        assert_true(h[i].voice < SLANT_VOICE_COUNT);
        found += (long)h[i].lexicon == f->test_lex;
    }
    return found;
}

/* Sentence indexes that go back or leap, which the tokenizer never gives
 * (match.h asks for text order): the matcher still keeps within its memory
 * (the sanitizer build checks) and gives each word its hit. */
static void test_sentences_out_of_order(void **state)
{
    struct fx *f = *state;
    static const char *const words[] = {"officials", "said", "liberation", "not", "liberation"};
    static const uint32_t back[] = {5, 5, 2, 6, 6};
    static const uint32_t leap[] = {0, 0, 0, 4000000000u, 4000000000u};
    assert_int_equal(push_in_sentences(f, words, back, 5), 2);
    assert_int_equal(push_in_sentences(f, words, leap, 5), 2);
}

/* A copy of the current hits of the test lexicon, for comparing runs. */
static size_t snapshot(const struct fx *f, struct slant_hit *out, size_t cap)
{
    size_t n = n_test_hits(f);
    assert_true(n <= cap);
    for (size_t i = 0; i < n; i++)
        out[i] = *test_hit(f, i, NULL);
    return n;
}

static void assert_same_hits(const struct slant_hit *a, const struct slant_hit *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(a[i].pattern, b[i].pattern);
        assert_int_equal(a[i].frame, b[i].frame);
        assert_int_equal(a[i].tok_start, b[i].tok_start);
        assert_int_equal(a[i].tok_end, b[i].tok_end);
        assert_int_equal(a[i].byte_start, b[i].byte_start);
        assert_int_equal(a[i].voice, b[i].voice);
    }
}

/* The matcher remembers each form's candidate patterns: a word seen again
 * (in the same document or the next) matches exactly as at first sight, and
 * words pushed without a form (whose lookups are not remembered) change
 * nothing for later documents. */
static void test_repeated_words_match_alike(void **state)
{
    struct fx *f = *state;
    const char *text = "The liberation, the war against Ukraine and the regime. Liberation!"
                       " War against Ukraine, the operation, the special military operation.";
    struct slant_hit first[16], again[16], after[16];
    run(f, text);
    size_t n1 = snapshot(f, first, 16);
    /* each pattern matched twice: the repeat came from the remembered lookup */
    assert_int_equal(n1, 7);
    expect(f, 0, "liberation", "liberation", OWN, 0, 0);
    expect(f, 3, "liberation", "Liberation", OWN, 0, 0);
    expect(f, 4, "aggression", "War against Ukraine", OWN, 0, 0);
    expect(f, 6, "operation", "special military operation", OWN, 0, 0);
    run(f, text);
    assert_int_equal(snapshot(f, again, 16), n1);
    assert_same_hits(first, again, n1);
    run_doc(f, text, strlen(text), 1); /* no forms: stem patterns cannot match */
    f->text = text;
    assert_true(n_test_hits(f) < n1);
    run(f, text);
    assert_int_equal(snapshot(f, after, 16), n1);
    assert_same_hits(first, after, n1);
}

/* Two matchers with different lexicons fed the same forms (one stemmer),
 * token by token: what each keeps per form id never answers for the
 * other. */
static void test_matchers_sharing_forms(void **state)
{
    (void)state;
    struct fx *a = fx_new_from(NULL, "@lexicon a\n[one]\nwar\nliberat*\n", 0);
    struct fx *b = fx_new_from(NULL, "@lexicon b\n[two]\nliberat* of\n=regime\n", 0);
    const char *text = "War, liberation of the regime; war and liberation of war.";
    for (int round = 0; round < 2; round++) {
        slant_matcher_begin(a->m);
        slant_matcher_begin(b->m);
        slant_tokenizer_reset(a->tz, text, strlen(text));
        struct slant_token t;
        while (slant_tokenizer_next(a->tz, &t) == 1) {
            const struct slant_form *form = NULL;
            if (t.kind == SLANT_TOK_WORD)
                assert_int_equal(
                    slant_stemmer_lookup(a->st, "en", t.script, t.norm, t.norm_len, &form), 0);
            assert_int_equal(slant_matcher_push(a->m, &t, form), 0);
            assert_int_equal(slant_matcher_push(b->m, &t, form), 0);
        }
        assert_int_equal(slant_matcher_end(a->m), 0);
        assert_int_equal(slant_matcher_end(b->m), 0);
        size_t na = 0, nb = 0;
        const struct slant_hit *ha = slant_matcher_hits(a->m, &na);
        const struct slant_hit *hb = slant_matcher_hits(b->m, &nb);
        /* a: war, liberation, war, liberation, war */
        assert_int_equal(na, 5);
        assert_int_equal(ha[1].tok_start, 2);
        assert_int_equal(ha[1].tok_end, 3);
        /* b: "liberation of", regime, "liberation of" */
        assert_int_equal(nb, 3);
        assert_int_equal(hb[0].tok_start, 2);
        assert_int_equal(hb[0].tok_end, 4);
        assert_int_equal(hb[1].pattern, 1);
    }
    fx_free(a);
    fx_free(b);
}

static void test_begin_forgets(void **state)
{
    struct fx *f = *state;
    run(f, "War and liberation.");
    assert_int_equal(n_test_hits(f), 2);
    run(f, "Peace.");
    assert_int_equal(n_test_hits(f), 0);
    struct slant_match_stats st;
    run(f, "He said \"no\".");
    slant_matcher_stats(f->m, &st);
    assert_int_equal(st.quotes, 1);
    run(f, "Peace.");
    slant_matcher_stats(f->m, &st);
    assert_int_equal(st.quotes, 0);
}

/* ------------------------------------------------------------------ */
/* A pattern in several frames (LIWC-style categories)                  */
/* ------------------------------------------------------------------ */

/* `harm*` in two frames with different weights, `=safe` in two frames (and
 * twice in one of them: a warning, one hit), `protect` (a stem) in two, a
 * phrase in two frames while a shorter pattern of a third frame starts with
 * its first word, two words with one stem in one frame, and a stem and an
 * exact pattern of the same word (not twins: different kinds). */
static const char multi_lex[] = "@lexicon multi\n"
                                "[care]\n"
                                "harm*\n"
                                "=safe\t2\n"
                                "protect\n"
                                "war against ukraine\n"
                                "[harm]\n"
                                "harm*\t3\n"
                                "protect\t0.5\n"
                                "war\n"
                                "=shelled\n"
                                "[fairness]\n"
                                "=safe\n"
                                "=safe\n"
                                "war against ukraine\t4\n"
                                "[crime]\n"
                                "attacks\n"
                                "attacking\n"
                                "shelled\n";

static int setup_multi(void **state)
{
    *state = fx_new_from(NULL, multi_lex, 1);
    return 0;
}

/* The n-th hit of the test lexicon must be in `frame`, cover `covers` and
 * weigh `weight`. */
static void expect_w(const struct fx *f, size_t nth, const char *frame, const char *covers,
                     double weight)
{
    const struct slant_hit *h = test_hit(f, nth, NULL);
    if (!h)
        fail_msg("no hit #%zu in: %s", nth, f->text);
    expect(f, nth, frame, covers, h->voice, h->negated, h->distanced);
    assert_float_equal(h->weight, weight, 1e-12);
    const struct slant_lexicon *lx = slant_lexset_get(f->set, h->lexicon);
    assert_int_equal(lx->patterns[h->pattern].frame, h->frame);
    assert_float_equal(lx->patterns[h->pattern].weight, weight, 1e-12);
}

/* Hits of one frame never overlap; hits of one lexicon on the same span
 * have the same judgements and different frames. */
static void check_multi_invariants(const struct fx *f)
{
    size_t n;
    const struct slant_hit *h = slant_matcher_hits(f->m, &n);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < i; j++) {
            if (h[j].lexicon != h[i].lexicon)
                continue;
            int same = h[j].tok_start == h[i].tok_start && h[j].tok_end == h[i].tok_end;
            if (same) {
                assert_int_not_equal(h[j].frame, h[i].frame);
                assert_int_equal(h[j].voice, h[i].voice);
                assert_int_equal(h[j].negated, h[i].negated);
                assert_int_equal(h[j].distanced, h[i].distanced);
                assert_int_equal(h[j].byte_start, h[i].byte_start);
                assert_int_equal(h[j].byte_end, h[i].byte_end);
                assert_true(h[j].pattern < h[i].pattern); /* pattern order */
            } else {
                /* one lexicon: spans are disjoint unless identical */
                assert_true(h[j].tok_end <= h[i].tok_start);
            }
        }
    }
}

static void test_multi_frame_each(void **state)
{
    struct fx *f = *state;
    run(f, "The harmful strike.");
    assert_int_equal(n_test_hits(f), 2);
    expect_w(f, 0, "care", "harmful", 1);
    expect_w(f, 1, "harm", "harmful", 3);
    assert_int_equal(test_hit(f, 0, NULL)->tok_start, test_hit(f, 1, NULL)->tok_start);
    assert_int_equal(test_hit(f, 0, NULL)->tok_end, test_hit(f, 1, NULL)->tok_end);
    check_multi_invariants(f);

    /* exact twins; the duplicate in [fairness] gives one hit */
    run(f, "It is safe. It is safer.");
    assert_int_equal(n_test_hits(f), 2);
    expect_w(f, 0, "care", "safe", 2);
    expect_w(f, 1, "fairness", "safe", 1);

    /* stem twins */
    run(f, "They protected them.");
    assert_int_equal(n_test_hits(f), 2);
    expect_w(f, 0, "care", "protected", 1);
    expect_w(f, 1, "harm", "protected", 0.5);
    check_multi_invariants(f);
}

static void test_multi_frame_longest(void **state)
{
    struct fx *f = *state;
    /* the phrase wins in [care] and [fairness]; [harm]'s shorter `war` at
     * the same position loses, as it always did */
    run(f, "The war against Ukraine went on.");
    assert_int_equal(n_test_hits(f), 2);
    expect_w(f, 0, "care", "war against Ukraine", 1);
    expect_w(f, 1, "fairness", "war against Ukraine", 4);
    check_multi_invariants(f);

    run(f, "The war went on.");
    assert_int_equal(n_test_hits(f), 1);
    expect_w(f, 0, "harm", "war", 1);

    /* two words with one stem in one frame: one hit, the first written */
    run(f, "He attacks.");
    assert_int_equal(n_test_hits(f), 1);
    expect_w(f, 0, "crime", "attacks", 1);
    const struct slant_lexicon *lx = slant_lexset_get(f->set, (size_t)f->test_lex);
    assert_string_equal(lx->patterns[test_hit(f, 0, NULL)->pattern].source, "attacks");

    /* `=shelled` ([harm]) and `shelled` ([crime], a stem) are not twins:
     * both match "shelled", the exact one is written first and wins alone */
    run(f, "They shelled it.");
    assert_int_equal(n_test_hits(f), 1);
    expect_w(f, 0, "harm", "shelled", 1);
    run(f, "The shelling.");
    assert_int_equal(n_test_hits(f), 1);
    expect_w(f, 0, "crime", "shelling", 1);
}

/* Phrases of one frame that begin with the same word and cover the same
 * words: the one written first wins, whatever kind its second word is
 * (matching tries them grouped by the second word's key, not in the order
 * written); a longer phrase beats them all. */
static void test_phrase_ties(void **state)
{
    (void)state;
    static const char *const lexes[] = {
        "@lexicon ties\n[a]\npeace =talks\t2\npeace talk\t3\npeace talk*\t4\npeace deal\t5\n",
        "@lexicon ties\n[a]\npeace talk*\t4\npeace talk\t3\npeace =talks\t2\npeace deal\t5\n",
        "@lexicon ties\n[a]\npeace talk\t3\npeace =talks\t2\npeace talk*\t4\n"
        "peace talks resumed\t6\n",
    };
    static const double want[] = {2, 4, 6};
    static const char *const covers[] = {"peace talks", "peace talks", "peace talks resumed"};
    for (size_t i = 0; i < sizeof(lexes) / sizeof(lexes[0]); i++) {
        struct fx *f = fx_new_from(NULL, lexes[i], 0);
        run(f, "The peace talks resumed. A peace plan.");
        assert_int_equal(n_test_hits(f), 1);
        expect_w(f, 0, "a", covers[i], want[i]);
        fx_free(f);
    }
}

static void test_multi_frame_judgements(void **state)
{
    struct fx *f = *state;
    /* twins share voice, negation and distancing */
    run(f, "He said \"the harm was done\" and it was not safe. So-called protection. "
           "Officials say the war against Ukraine is over.");
    assert_int_equal(n_test_hits(f), 8);
    expect(f, 0, "care", "harm", QUOTED, 0, 0);
    expect(f, 1, "harm", "harm", QUOTED, 0, 0);
    expect(f, 2, "care", "safe", ATTR, 1, 0);
    expect(f, 3, "fairness", "safe", ATTR, 1, 0);
    expect(f, 4, "care", "protection", OWN, 0, 1);
    expect(f, 5, "harm", "protection", OWN, 0, 1);
    expect(f, 6, "care", "war against Ukraine", ATTR, 0, 0);
    expect(f, 7, "fairness", "war against Ukraine", ATTR, 0, 0);
    check_multi_invariants(f);

    /* a long paragraph crosses the buffer cap: nothing is lost or doubled */
    size_t cap = 200000, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (int i = 0; i < 1500; i++)
        len += (size_t)snprintf(text + len, cap - len, "%s",
                                i % 3 ? "No harm, safe war. " : "The war against Ukraine. ");
    run_doc(f, text, len, 0);
    f->text = text;
    assert_int_equal(n_test_hits(f), 500 * 2 + 1000 * 5);
    check_multi_invariants(f);
    free(text);
}

/* ------------------------------------------------------------------ */
/* Voice, negation, distancing                                          */
/* ------------------------------------------------------------------ */

static void test_attribution(void **state)
{
    struct fx *f = *state;
    run(f, "The liberation began, officials said. The liberation went on.");
    expect(f, 0, "liberation", "liberation", ATTR, 0, 0);
    expect(f, 1, "liberation", "liberation", OWN, 0, 0);

    run(f, "According to the ministry, the liberation began.");
    expect(f, 0, "liberation", "liberation", ATTR, 0, 0);

    run(f, "State media claimed that the liberation had begun.");
    expect(f, 0, "liberation", "liberation", ATTR, 0, 0);

    /* "states" is a noun far more often than a reporting verb: in
     * ukraine-2022, "United States", "member states", "Baltic states" ...
     * made at least 1,700 of its 2,068 matches, and each turned the
     * outlet's own words in its sentence into attributed ones */
    run(f, "The United States backed the liberation.");
    expect(f, 0, "liberation", "liberation", OWN, 0, 0);
    run(f, "The ministry stated that the liberation had begun.");
    expect(f, 0, "liberation", "liberation", ATTR, 0, 0);

    /* a cue inside quotation marks belongs to the quoted speaker */
    run(f, "The liberation, \"as they always said so often\", was slow.");
    expect(f, 0, "liberation", "liberation", OWN, 0, 0);

    /* the attribution lexicon's own matches are hits too */
    size_t n;
    const struct slant_hit *h = slant_matcher_hits(f->m, &n);
    int saw_said = 0;
    run(f, "Kim said so.");
    h = slant_matcher_hits(f->m, &n);
    for (size_t i = 0; i < n; i++)
        if ((long)h[i].lexicon == f->attr_lex && strcmp(frame_of(f, &h[i]), "reporting-verbs") == 0)
            saw_said = 1;
    assert_true(saw_said);
}

static void test_no_attribution_lexicon(void **state)
{
    (void)state;
    struct fx *f = fx_new("tests/data/match/test.lex", 0);
    run(f, "The liberation began, officials said. It was not a liberation.");
    expect(f, 0, "liberation", "liberation", OWN, 0, 0);
    expect(f, 1, "liberation", "liberation", OWN, 0, 0); /* no negators either */
    fx_free(f);
}

static void test_negation(void **state)
{
    struct fx *f = *state;
    run(f, "It was not a liberation.");
    expect(f, 0, "liberation", "liberation", OWN, 1, 0);
    run(f, "They didn't liberate anything.");
    expect(f, 0, "liberation", "liberate", OWN, 1, 0);
    run(f, "They did not, in the end, liberate anything.");
    expect(f, 0, "liberation", "liberate", OWN, 0, 0); /* four words back */
    run(f, "It was not, as such, liberation.");
    expect(f, 0, "liberation", "liberation", OWN, 1, 0); /* three words back: commas count not */
    run(f, "Nobody came without aggression.");
    expect(f, 0, "aggression", "aggression", OWN, 1, 0);
    run(f, "There was no reply. Liberation followed.");
    expect(f, 0, "liberation", "Liberation", OWN, 0, 0); /* other sentence */
    run(f, "Neither war nor liberation.");
    expect(f, 0, "war", "war", OWN, 1, 0);
    expect(f, 1, "liberation", "liberation", OWN, 1, 0);
    /* sentences with and without negators, one after another */
    run(f, "No war. The liberation went on. It was not a liberation. War, not aggression, "
           "never liberation. The so-called liberation.");
    expect(f, 0, "war", "war", OWN, 1, 0);
    expect(f, 1, "liberation", "liberation", OWN, 0, 0);
    expect(f, 2, "liberation", "liberation", OWN, 1, 0);
    expect(f, 3, "war", "War", OWN, 0, 0);
    expect(f, 4, "aggression", "aggression", OWN, 1, 0);
    expect(f, 5, "liberation", "liberation", OWN, 1, 0);
    expect(f, 6, "liberation", "liberation", OWN, 0, 1);
}

static void test_distancing(void **state)
{
    struct fx *f = *state;
    run(f, "The so-called liberation began.");
    expect(f, 0, "liberation", "liberation", OWN, 0, 1);
    run(f, "The self-proclaimed Kiev regime.");
    expect(f, 0, "regime", "Kiev regime", OWN, 0, 1);
    run(f, "The alleged aggression was denied by nobody.");
    expect(f, 0, "aggression", "aggression", ATTR, 0, 1);
    run(f, "The liberation began.");
    expect(f, 0, "liberation", "liberation", OWN, 0, 0);
    /* scare quotes: a short quotation nobody is said to have said */
    run(f, "The \"liberation\" began.");
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 1);
    run(f, "The \xe2\x80\x9cheroic liberation\xe2\x80\x9d began.");
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 1);
    /* ... but a short quotation in an attributed sentence is a quotation */
    run(f, "He called it a \"liberation\" on Monday.");
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 0);
    /* and a long one is not scare quotes */
    run(f, "The \"liberation of all our land\" began.");
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 0);
}

/* ------------------------------------------------------------------ */
/* Quotations and their recovery                                        */
/* ------------------------------------------------------------------ */

static void test_quotes_basic(void **state)
{
    struct fx *f = *state;
    struct slant_match_stats st;
    run(f, "\"We fought for liberation,\" he said. The liberation ended.");
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 0);
    expect(f, 1, "liberation", "liberation", OWN, 0, 0);
    slant_matcher_stats(f->m, &st);
    assert_int_equal(st.quotes, 1);
    assert_int_equal(st.unbalanced, 0);
    assert_int_equal(st.resynced, 0);

    /* curly, guillemets, German */
    run(f, "He spoke of \xe2\x80\x9cthe liberation of our land\xe2\x80\x9d and of war.");
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 0);
    expect(f, 1, "war", "war", OWN, 0, 0);
    run(f, "He spoke of \xc2\xabthe liberation of our land\xc2\xbb and of war.");
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 0);
    expect(f, 1, "war", "war", OWN, 0, 0);
    run(f, "He spoke of \xe2\x80\x9ethe liberation of our land\xe2\x80\x9c and of war.");
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 0);
    expect(f, 1, "war", "war", OWN, 0, 0);
}

static void test_quotes_mixed_pair(void **state)
{
    struct fx *f = *state;
    struct slant_match_stats st;
    /* opened straight, closed curly (as in the pravda-ru kursk file) */
    run(f, "\"I praise the liberation of the region,\xe2\x80\x9d said the general. "
           "The liberation ended.");
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 0);
    expect(f, 1, "liberation", "liberation", OWN, 0, 0);
    slant_matcher_stats(f->m, &st);
    assert_int_equal(st.quotes, 1);
    assert_int_equal(st.unbalanced, 0);
}

static void test_quotes_inch_marks(void **state)
{
    struct fx *f = *state;
    struct slant_match_stats st;
    run(f, "A 12\" gun and a 6\" pipe survived the liberation of the town.");
    expect(f, 0, "liberation", "liberation", OWN, 0, 0);
    slant_matcher_stats(f->m, &st);
    assert_int_equal(st.quotes, 0);
    assert_int_equal(st.unbalanced, 0);
    /* a digit before a mark that can close an open quotation closes it */
    run(f, "He said \"we liberated 12\" and left. The liberation ended.");
    expect(f, 0, "liberation", "liberated", QUOTED, 0, 0);
    expect(f, 1, "liberation", "liberation", OWN, 0, 0);
}

/* A matcher keeps its buffer between documents: a word in a slot that held
 * a negator, a cue or a quoted word of the document before must not inherit
 * its negation, attribution or quotation. */
static void test_slots_reused(void **state)
{
    struct fx *f = *state;
    static char a[4000], b[4000];
    const char *pairs[][2] = {
        {"not war ", "the war "},                        /* negators in the slots before */
        {"\"war\" ", "x war y "},                        /* quoted words in the same slots */
        {"officials said war. ", "officials met war. "}, /* attributed sentences */
        {"so-called war ", "the good war "},             /* distancing */
    };
    for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
        size_t la = 0, lb = 0;
        for (int i = 0; i < 60; i++) {
            la += (size_t)snprintf(a + la, sizeof(a) - la, "%s", pairs[k][0]);
            lb += (size_t)snprintf(b + lb, sizeof(b) - lb, "%s", pairs[k][1]);
        }
        run(f, a);
        size_t n_a = n_test_hits(f);
        assert_int_equal(n_a, 60);
        const struct slant_hit *h = test_hit(f, 0, NULL);
        assert_true(h->negated || h->voice != OWN || h->distanced); /* A is judged */
        run(f, b);
        assert_int_equal(n_test_hits(f), 60);
        for (size_t i = 0; i < 60; i++)
            expect(f, i, "war", "war", OWN, 0, 0);
    }
}

/* A word pushed with its form is matched as the form: its norm is not read
 * (cleared here), one push at a time or in runs; the same hits as with the
 * norms. */
static void test_form_not_norm(void **state)
{
    struct fx *f = *state;
    const char *text = "They said the war against Ukraine was no \"special military operation\" "
                       "but aggression, and the Kiev regime said \"liberation\".";
    struct slant_hit want[16], got[16];
    run(f, text);
    size_t n_want = snapshot(f, want, 16);
    assert_true(n_want >= 5);
    for (size_t size = 1; size <= SLANT_TOKEN_KEEP; size += SLANT_TOKEN_KEEP - 1) {
        run_in_runs_as(f, text, size, RUN_NO_NORMS);
        assert_int_equal(snapshot(f, got, 16), n_want);
        assert_same_hits(want, got, n_want);
    }
}

/* Runs of any size give what a push per token gives: hits, judgements,
 * quotation spans and counts.  Inch marks (only a mark reads the digit of
 * the token before it) fall at every place in a run, a paragraph ends in
 * mid-run, and a paragraph longer than the buffer is decided in parts. */
static void test_runs_agree(void **state)
{
    struct fx *f = *state;
    static char long_para[40000];
    size_t at = 0;
    for (int i = 0; i < 700; i++)
        at += (size_t)snprintf(long_para + at, sizeof(long_para) - at, "%s",
                               i % 7 == 3 ? "A 12\" gun, \"the liberation\" 6\" wide. "
                                          : "Officials said the war went on. ");
    const char *texts[] = {
        "A 12\" gun and a 6\" pipe survived the liberation of the town.",
        "He said \"we liberated 12\" and left. The liberation ended.",
        "The 1990\" war\nAnother paragraph: \"the so-called liberation\" 7\" and not war.\n\n"
        "\u201cWar against Ukraine,\u201d he said, 45\u201d later. The regime\u2019s 3' war.",
        long_para,
    };
    for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
        run(f, texts[k]);
        size_t n1 = 0, nq1 = 0;
        const struct slant_hit *h = slant_matcher_hits(f->m, &n1);
        struct slant_hit *one = malloc((n1 ? n1 : 1) * sizeof(*one));
        assert_non_null(one);
        if (n1)
            memcpy(one, h, n1 * sizeof(*one));
        const struct slant_quote *q = slant_matcher_quotes(f->m, &nq1);
        struct slant_quote *quotes = malloc((nq1 ? nq1 : 1) * sizeof(*quotes));
        assert_non_null(quotes);
        if (nq1)
            memcpy(quotes, q, nq1 * sizeof(*quotes));
        struct slant_match_stats st1, st2;
        slant_matcher_stats(f->m, &st1);
        assert_true(n1 > 0);
        for (size_t size = 1; size <= SLANT_TOKEN_KEEP; size++) {
            run_in_runs(f, texts[k], size);
            size_t n2 = 0, nq2 = 0;
            const struct slant_hit *h2 = slant_matcher_hits(f->m, &n2);
            assert_int_equal(n2, n1);
            assert_same_hits(one, h2, n1);
            for (size_t i = 0; i < n1; i++) {
                assert_int_equal(one[i].negated, h2[i].negated);
                assert_int_equal(one[i].distanced, h2[i].distanced);
                assert_int_equal(one[i].byte_end, h2[i].byte_end);
            }
            const struct slant_quote *q2 = slant_matcher_quotes(f->m, &nq2);
            assert_int_equal(nq2, nq1);
            for (size_t i = 0; i < nq1; i++) {
                assert_int_equal(q2[i].byte_start, quotes[i].byte_start);
                assert_int_equal(q2[i].byte_end, quotes[i].byte_end);
            }
            slant_matcher_stats(f->m, &st2);
            assert_int_equal(st2.quotes, st1.quotes);
            assert_int_equal(st2.unbalanced, st1.unbalanced);
            assert_int_equal(st2.resynced, st1.resynced);
        }
        free(one);
        free(quotes);
    }
}

/* Words that begin only patterns longer than one word, followed by the rest
 * of a pattern, by a word that cannot go on one, by punctuation, a number, a
 * quotation mark and the end of the text: the same hits whether pushed one
 * at a time or in runs of any size (push drops the positions where such a
 * word cannot begin a match, NOTE_SIGS in match.c).  The cases: a start
 * with two longer patterns whose second words differ ("in a statement",
 * "in kiev"); second words that a word matches by stem, prefix and exact
 * form at once ("wars"); a start that also begins a one-word pattern
 * ("war"). */
static void test_multiword_only_starts(void **state)
{
    (void)state;
    static const struct {
        const char *lex, *text;
        const char *want[12][2]; /* (frame, text) of every hit, in order */
    } cases[] = {
        {"@lexicon t\n[a]\nkiev regime\nin a statement\nin kiev\nas reported by\n"
         "[b]\nregime\nstatement\nofficials\n",
         "In a statement, the Kiev regime said so. In Kiev, regime change. "
         "In the statement as reported by Kiev regime officials. As, reported by "
         "them. In 2022 a statement. In \"a statement\" as reported in Kiev",
         {{"a", "In a statement"},
          {"a", "Kiev regime"},
          {"a", "In Kiev"},
          {"b", "regime"},
          {"b", "statement"},
          {"a", "as reported by"},
          {"a", "Kiev regime"},
          {"b", "officials"},
          {"b", "statement"},
          {"b", "statement"},
          {"a", "in Kiev"}}},
        {"@lexicon u\n[a]\nin war\nof war*\nby =wars\nwar crimes\n[b]\nwar\n",
         "in war. of war. by wars. in wars. of wars. of warfare. war. war crimes, war",
         {{"a", "in war"},
          {"a", "of war"},
          {"a", "by wars"},
          {"a", "in wars"},
          {"a", "of wars"},
          {"a", "of warfare"},
          {"b", "war"},
          {"a", "war crimes"},
          {"b", "war"}}},
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        struct fx *f = fx_new_from(NULL, cases[c].lex, 0);
        const char *text = cases[c].text;
        size_t n_want = 0;
        while (n_want < 12 && cases[c].want[n_want][0])
            n_want++;
        for (size_t size = 0; size <= SLANT_TOKEN_KEEP; size++) {
            if (size == 0)
                run(f, text); /* one token at a time */
            else
                run_in_runs(f, text, size);
            size_t n = 0;
            const struct slant_hit *h = slant_matcher_hits(f->m, &n);
            if (n != n_want)
                fail_msg("case %zu, runs of %zu: %zu hits, expected %zu", c, size, n, n_want);
            for (size_t i = 0; i < n; i++) {
                size_t len = h[i].byte_end - h[i].byte_start;
                const char *const *w = cases[c].want[i];
                if (strcmp(frame_of(f, &h[i]), w[0]) != 0 || len != strlen(w[1]) ||
                    strncmp(text + h[i].byte_start, w[1], len) != 0)
                    fail_msg("case %zu, runs of %zu: hit #%zu is %s '%.*s', expected %s '%s'", c,
                             size, i, frame_of(f, &h[i]), (int)len, text + h[i].byte_start, w[0],
                             w[1]);
            }
        }
        fx_free(f);
    }
}

static void test_quotes_apostrophes(void **state)
{
    struct fx *f = *state;
    struct slant_match_stats st;
    run(f, "The soldiers' liberation of the town and the troops\xe2\x80\x99 war.");
    expect(f, 0, "liberation", "liberation", OWN, 0, 0);
    expect(f, 1, "war", "war", OWN, 0, 0);
    slant_matcher_stats(f->m, &st);
    assert_int_equal(st.quotes, 0);
    assert_int_equal(st.unbalanced, 0);

    run(f, "Kiev's officials spoke of a \xe2\x80\x98liberation of the land\xe2\x80\x99 and war.");
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 0);
    expect(f, 1, "war", "war", OWN, 0, 0);

    run(f, "The 'liberation of the land' was a war.");
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 0);
    expect(f, 1, "war", "war", OWN, 0, 0);

    /* a dash before a single mark is space before it (all three bytes of
     * the em dash read), so the mark opens a quotation */
    run(f, "It was war\xe2\x80\x94'liberation of the land' to them.");
    expect(f, 0, "war", "war", OWN, 0, 0);
    expect(f, 1, "liberation", "liberation", QUOTED, 0, 0);

    /* a single mark never closed, holding a double quotation: past 150
     * words it was an apostrophe after all, and the marks after it are
     * read again, so the double quotation counts */
    char text[4096];
    size_t len =
        (size_t)snprintf(text, sizeof(text), "He said \xe2\x80\x98the \"liberation\" went on");
    len = append_times(text, len, sizeof(text), " and on", 160);
    len += (size_t)snprintf(text + len, sizeof(text) - len, ". The liberation ended.");
    assert_true(len < sizeof(text) - 1);
    run(f, text);
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 0);
    expect(f, 1, "liberation", "liberation", OWN, 0, 0);
    slant_matcher_stats(f->m, &st);
    assert_int_equal(st.quotes, 1);
    assert_int_equal(st.unbalanced, 1);
}

static void test_quotes_open_at_paragraph_end(void **state)
{
    struct fx *f = *state;
    struct slant_match_stats st;
    /* a quotation left open closes at the paragraph end */
    run(f, "He said: \"we will finish the liberation.\nThe liberation ended.");
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 0);
    expect(f, 1, "liberation", "liberation", OWN, 0, 0);
    slant_matcher_stats(f->m, &st);
    assert_int_equal(st.quotes, 1);
    assert_int_equal(st.resynced, 1);

    /* a quotation over two paragraphs: each opens, the last closes */
    run(f, "The minister said: \"We fought hard for liberation.\n"
           "\"We will fight for liberation again.\"\nThe liberation ended.");
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 0);
    expect(f, 1, "liberation", "liberation", QUOTED, 0, 0);
    expect(f, 2, "liberation", "liberation", OWN, 0, 0);
    slant_matcher_stats(f->m, &st);
    assert_int_equal(st.quotes, 2);
    assert_int_equal(st.unbalanced, 0);
}

static void test_quotes_flattened(void **state)
{
    struct fx *f = *state;
    struct slant_match_stats st;
    /* the same quotation with its paragraph breaks lost (ukraine-2022) */
    run(f, "The minister said: \"We fought hard for liberation. "
           "\"We will fight for liberation again.\" The liberation ended.");
    expect(f, 0, "liberation", "liberation", QUOTED, 0, 0);
    expect(f, 1, "liberation", "liberation", QUOTED, 0, 0);
    expect(f, 2, "liberation", "liberation", OWN, 0, 0);
    slant_matcher_stats(f->m, &st);
    assert_int_equal(st.quotes, 2);
    assert_int_equal(st.resynced, 1);

    /* a stray closing mark is counted and ignored */
    run(f, "The liberation\" ended. Then \"war\" came.");
    expect(f, 0, "liberation", "liberation", OWN, 0, 0);
    expect(f, 1, "war", "war", QUOTED, 0, 1);
    slant_matcher_stats(f->m, &st);
    assert_int_equal(st.unbalanced, 1);
    assert_int_equal(st.quotes, 1);

    /* a stray opening mark in mid-sentence, then a real quotation: the stray
     * quotation ends with its sentence */
    run(f, "They came \" at dawn. The liberation began. He said \"war\" is near.");
    expect(f, 0, "liberation", "liberation", OWN, 0, 0);
    expect(f, 1, "war", "war", QUOTED, 0, 0);

    /* a stray opening mark never closed in a long one-line article: not
     * half the article quoted */
    char text[4096];
    size_t len = 0;
    len += (size_t)snprintf(text + len, sizeof(text) - len, "A stray \" mark. ");
    len = append_times(text, len, sizeof(text), "The liberation went on. ", 12);
    run(f, text);
    assert_int_equal(n_test_hits(f), 12);
    for (size_t i = 0; i < 12; i++)
        expect(f, i, "liberation", "liberation", OWN, 0, 0);
    slant_matcher_stats(f->m, &st);
    assert_int_equal(st.resynced, 1);

    /* the same within one long sentence: past MAX_QUOTE_WORDS (150) words
     * the stray quotation ends with its sentence, however few sentences */
    len = 0;
    len += (size_t)snprintf(text + len, sizeof(text) - len, "A stray \" mark and");
    len = append_times(text, len, sizeof(text), " more", 160);
    len += (size_t)snprintf(text + len, sizeof(text) - len, ". The liberation went on.");
    run(f, text);
    assert_int_equal(n_test_hits(f), 1);
    expect(f, 0, "liberation", "liberation", OWN, 0, 0);
    slant_matcher_stats(f->m, &st);
    assert_int_equal(st.resynced, 1);
}

static void test_paragraph_cap(void **state)
{
    struct fx *f = *state;
    /* 800 sentences of 5 tokens in one paragraph, far over the buffer cap,
     * with quotations here and there, one of them long */
    size_t cap = 800 * 64, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    int voice[800];
    for (int i = 0; i < 800; i++) {
        if (i % 97 == 5) {
            len += (size_t)snprintf(text + len, cap - len, "\"The liberation went on,\" he said. ");
            voice[i] = QUOTED;
        } else if (i % 131 == 7) {
            len += (size_t)snprintf(text + len, cap - len,
                                    "He said: \"The liberation went on. Yes. Yes. Yes.\" ");
            voice[i] = QUOTED;
        } else if (i % 50 == 3) {
            len += (size_t)snprintf(text + len, cap - len, "The liberation went on, he said. ");
            voice[i] = ATTR;
        } else {
            len += (size_t)snprintf(text + len, cap - len, "The liberation went on. ");
            voice[i] = OWN;
        }
    }
    run_doc(f, text, len, 0);
    f->text = text;
    assert_int_equal(n_test_hits(f), 800);
    size_t n;
    const struct slant_hit *h = slant_matcher_hits(f->m, &n);
    for (size_t i = 1; i < n; i++) {
        assert_true(h[i].tok_start > h[i - 1].tok_start);
        assert_true(h[i].byte_start >= h[i - 1].byte_end);
    }
    for (int i = 0; i < 800; i++)
        expect(f, (size_t)i, "liberation", "liberation", voice[i], 0, 0);
    struct slant_match_stats st;
    slant_matcher_stats(f->m, &st);
    assert_int_equal(st.unbalanced, 0);
    assert_int_equal(st.resynced, 0);
    free(text);
}

/* ------------------------------------------------------------------ */
/* The kursk truth table                                                */
/* ------------------------------------------------------------------ */

struct kursk_case {
    const char *outlet;
    const char *cut_at; /* the text ends before the first line equal to this */
    const char *drop;   /* a line left out */
    int lib_out, lib_in, aggr_out;
};

/* Stands in for the boilerplate module: cut the aggregator's and the site's
 * trailers as that module will. */
static size_t strip(char *text, size_t len, const struct kursk_case *c)
{
    /* the scraper's " date YYYY-MM-DD " stamp on the first line (blanked,
     * so byte offsets stay those of the file) */
    if (len > 17 && strncmp(text, " date ", 6) == 0)
        memset(text, ' ', 17);
    size_t out = 0;
    size_t i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        size_t ll = e - i;
        if (c->cut_at && ll == strlen(c->cut_at) && memcmp(text + i, c->cut_at, ll) == 0)
            break;
        int keep = !(c->drop && ll == strlen(c->drop) && memcmp(text + i, c->drop, ll) == 0);
        if (keep) {
            memmove(text + out, text + i, ll);
            out += ll;
            if (e < len)
                text[out++] = '\n';
        }
        i = e + 1;
    }
    text[out] = '\0';
    return out;
}

static void test_kursk(void **state)
{
    (void)state;
    static const struct kursk_case cases[] = {
        {"tass", NULL, NULL, 3, 0, 0},
        {"pravda-ru", NULL, NULL, 3, 1, 0},
        {"the-gaze", "Similar articles", NULL, 0, 1, 2},
        {"newsweek", "Related Articles", NULL, 0, 2, 0},
        {"ukrainska-pravda", NULL, "Support Ukrainska Pravda on Patreon!", 0, 0, 2},
    };
    const char *dir = slant_test_shared("kursk");
    if (!dir)
        return;
    struct fx *f = fx_new("tests/data/match/kursk.lex", 1);
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const struct kursk_case *c = &cases[k];
        char sub[64];
        snprintf(sub, sizeof(sub), "kursk/%s", c->outlet);
        const char *d = slant_test_shared(sub);
        assert_non_null(d);
        /* one article per outlet folder */
        DIR *dh = opendir(d);
        assert_non_null(dh);
        char path[8400] = "";
        struct dirent *de;
        while ((de = readdir(dh)) != NULL) {
            size_t nl = strlen(de->d_name);
            if (nl > 4 && strcmp(de->d_name + nl - 4, ".txt") == 0)
                assert_true(snprintf(path, sizeof(path), "%s/%s", d, de->d_name) <
                            (int)sizeof(path));
        }
        closedir(dh);
        assert_true(path[0] != '\0');
        size_t len = 0;
        char *text = slant_test_slurp(path, &len);
        assert_non_null(text);
        len = strip(text, len, c);
        run_doc(f, text, len, 0);
        f->text = text;
        int lib_out = 0, lib_in = 0, aggr_out = 0, aggr_in = 0;
        size_t n;
        const struct slant_hit *h = slant_matcher_hits(f->m, &n);
        for (size_t i = 0; i < n; i++) {
            if ((long)h[i].lexicon != f->test_lex)
                continue;
            int in = h[i].voice == SLANT_VOICE_QUOTED;
            if (strcmp(frame_of(f, &h[i]), "liberation") == 0)
                in ? lib_in++ : lib_out++;
            else
                in ? aggr_in++ : aggr_out++;
        }
        printf("# kursk %-16s liberation out %d in %d, aggression out %d in %d\n", c->outlet,
               lib_out, lib_in, aggr_out, aggr_in);
        assert_int_equal(lib_out, c->lib_out);
        assert_int_equal(lib_in, c->lib_in);
        assert_int_equal(aggr_out, c->aggr_out);
        assert_int_equal(aggr_in, 0);
        free(text);
    }
    fx_free(f);
}

/* ------------------------------------------------------------------ */
/* Quotation spans (slant_matcher_quotes)                               */
/* ------------------------------------------------------------------ */

/* Offset of the first occurrence of needle in the fixture's text. */
static size_t off(const struct fx *f, const char *needle)
{
    const char *p = strstr(f->text, needle);
    if (!p)
        fail_msg("'%s' not in: %s", needle, f->text);
    return (size_t)(p - f->text);
}

/* Spans agree with the statistics, are in text order, never overlap, and
 * each starts at a quotation mark. */
static void check_quotes(const struct fx *f)
{
    struct slant_match_stats st;
    slant_matcher_stats(f->m, &st);
    size_t n;
    const struct slant_quote *q = slant_matcher_quotes(f->m, &n);
    assert_int_equal(n, st.quotes);
    size_t resynced = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(q[i].byte_start < q[i].inner_start);
        assert_true(q[i].inner_start <= q[i].inner_end);
        assert_true(q[i].inner_end <= q[i].byte_end);
        if (i > 0)
            assert_true(q[i - 1].byte_end <= q[i].byte_start);
        unsigned char c = (unsigned char)f->text[q[i].byte_start];
        assert_true(c == '"' || c == '\'' || c == 0xE2 || c == 0xC2);
        resynced += q[i].resynced;
    }
    assert_int_equal(resynced, st.resynced);
}

static void test_quote_spans(void **state)
{
    struct fx *f = *state;
    size_t n;
    const struct slant_quote *q;

    run(f, "\"We fought for liberation,\" he said. The liberation ended.");
    q = slant_matcher_quotes(f->m, &n);
    assert_int_equal(n, 1);
    size_t close = off(f, ",\"") + 1;
    assert_int_equal(q[0].byte_start, 0);
    assert_int_equal(q[0].inner_start, 1);
    assert_int_equal(q[0].inner_end, close);
    assert_int_equal(q[0].byte_end, close + 1);
    assert_int_equal(q[0].resynced, 0);
    /* the quoted hit lies inside the span, the own one outside */
    const struct slant_hit *h0 = test_hit(f, 0, NULL), *h1 = test_hit(f, 1, NULL);
    assert_true(h0->byte_start >= q[0].inner_start && h0->byte_end <= q[0].inner_end);
    assert_true(h1->byte_start >= q[0].byte_end);
    check_quotes(f);

    /* curly marks are three bytes each */
    run(f,
        "He spoke of \xe2\x80\x9cthe liberation\xe2\x80\x9d and of \xe2\x80\x9cwar\xe2\x80\x9d.");
    q = slant_matcher_quotes(f->m, &n);
    assert_int_equal(n, 2);
    assert_int_equal(q[0].byte_start, off(f, "\xe2\x80\x9cthe"));
    assert_int_equal(q[0].inner_start, off(f, "the liberation"));
    assert_int_equal(q[0].inner_end, off(f, "\xe2\x80\x9d and"));
    assert_int_equal(q[0].byte_end, off(f, " and"));
    assert_int_equal(q[1].byte_start, off(f, "\xe2\x80\x9cwar"));
    assert_int_equal(q[1].byte_end, off(f, "\xe2\x80\x9d.") + 3);
    check_quotes(f);

    /* left open at the paragraph end: ends with its last token, resynced */
    run(f, "He said: \"we will finish it.\nThe end.");
    q = slant_matcher_quotes(f->m, &n);
    assert_int_equal(n, 1);
    assert_int_equal(q[0].byte_start, off(f, "\"we"));
    assert_int_equal(q[0].byte_end, off(f, "\n"));
    assert_int_equal(q[0].inner_end, q[0].byte_end);
    assert_int_equal(q[0].resynced, 1);
    check_quotes(f);

    /* a nested single quotation is part of the double one */
    run(f, "She said \"they call it 'liberation' there\" and left.");
    q = slant_matcher_quotes(f->m, &n);
    assert_int_equal(n, 1);
    assert_int_equal(q[0].byte_start, off(f, "\"they"));
    assert_int_equal(q[0].byte_end, off(f, " and"));

    /* apostrophes and inch marks make no quotation; begin forgets */
    run(f, "Kessen's 12\" guns.");
    q = slant_matcher_quotes(f->m, &n);
    assert_int_equal(n, 0);
    check_quotes(f);
}

static void test_quote_spans_no_lexicon(void **state)
{
    struct fx *f = *state;
    /* a matcher without lexicons resolves the same quotations */
    const char *text = "The minister said: \"We fought hard. \"We will fight again.\" "
                       "Then \"war\" came, and a 12\" gun.\n\"Open to the end.";
    run(f, text);
    size_t n_full;
    const struct slant_quote *full = slant_matcher_quotes(f->m, &n_full);
    assert_true(n_full >= 3);
    struct slant_quote *copy = malloc(n_full * sizeof(*copy));
    assert_non_null(copy);
    memcpy(copy, full, n_full * sizeof(*copy));
    check_quotes(f);

    struct slant_matcher *bare = slant_matcher_new(NULL);
    slant_matcher_begin(bare);
    slant_tokenizer_reset(f->tz, text, strlen(text));
    struct slant_token t;
    while (slant_tokenizer_next(f->tz, &t) == 1)
        assert_int_equal(slant_matcher_push(bare, &t, NULL), 0);
    assert_int_equal(slant_matcher_end(bare), 0);
    size_t n_bare, n_hits;
    const struct slant_quote *q = slant_matcher_quotes(bare, &n_bare);
    slant_matcher_hits(bare, &n_hits);
    assert_int_equal(n_hits, 0);
    assert_int_equal(n_bare, n_full);
    for (size_t i = 0; i < n_bare; i++) {
        assert_int_equal(q[i].byte_start, copy[i].byte_start);
        assert_int_equal(q[i].byte_end, copy[i].byte_end);
        assert_int_equal(q[i].inner_start, copy[i].inner_start);
        assert_int_equal(q[i].inner_end, copy[i].inner_end);
        assert_int_equal(q[i].resynced, copy[i].resynced);
    }
    slant_matcher_free(bare);
    free(copy);
}

/* A paragraph is decided in parts, at sentence starts that no quotation
 * straddles, looked for every 256 tokens or so (long before the buffer is
 * full): wherever the parts fall, a quotation running over several
 * sentences and a sentence longer than a part are judged whole. */
static void test_decided_in_parts(void **state)
{
    struct fx *f = *state;
    size_t cap = 32768;
    char *text = malloc(cap);
    assert_non_null(text);
    for (int shift = 0; shift < 80; shift++) {
        size_t len = 0;
        /* sentences of two tokens, one of three when shift is odd: the
         * quotation opens at token 202 to 283 */
        len = append_times(text, len, cap, "Yes. ", 100 + shift / 2);
        if (shift % 2)
            len += (size_t)snprintf(text + len, cap - len, "So yes. ");
        len +=
            (size_t)snprintf(text + len, cap - len,
                             "He said: \"The liberation went on. Yes. Yes. Yes. Yes. The "
                             "liberation went on.\" The liberation went on. Officials said that");
        /* one sentence of 1,400 tokens, attributed at its start */
        len = append_times(text, len, cap, " the town", 700);
        len += (size_t)snprintf(text + len, cap - len, " saw liberation. The liberation ended.");
        assert_true(len < cap - 1);
        run_doc(f, text, len, 0);
        assert_int_equal(n_test_hits(f), 5);
        expect(f, 0, "liberation", "liberation", QUOTED, 0, 0);
        expect(f, 1, "liberation", "liberation", QUOTED, 0, 0);
        expect(f, 2, "liberation", "liberation", OWN, 0, 0);
        expect(f, 3, "liberation", "liberation", ATTR, 0, 0);
        expect(f, 4, "liberation", "liberation", OWN, 0, 0);
        check_quotes(f);
        struct slant_match_stats st;
        slant_matcher_stats(f->m, &st);
        assert_int_equal(st.quotes, 1);
        assert_int_equal(st.resynced, 0);
        assert_int_equal(st.unbalanced, 0);
    }
    /* a sentence longer than the buffer (2,000 tokens) has no safe start:
     * the full buffer is decided as if the paragraph ended there, so a cue
     * in the first part does not reach a hit in the second */
    size_t len = (size_t)snprintf(text, cap, "Officials said that the liberation of");
    len = append_times(text, len, cap, " the town", 1100);
    len += (size_t)snprintf(text + len, cap - len, " saw liberation.");
    assert_true(len < cap - 1);
    run_doc(f, text, len, 0);
    assert_int_equal(n_test_hits(f), 2);
    expect(f, 0, "liberation", "liberation", ATTR, 0, 0);
    expect(f, 1, "liberation", "liberation", OWN, 0, 0);
    free(text);
}

static void test_quote_spans_long_paragraph(void **state)
{
    struct fx *f = *state;
    /* far over the buffer cap, one paragraph: quotations decided in pieces
     * still come out whole, in order, each starting at its mark */
    size_t cap = 1200 * 64, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (int i = 0; i < 1200; i++) {
        const char *s = i % 7 == 0    ? "He said \"the liberation is near\" today. "
                        : i % 11 == 0 ? "A stray \" mark here. "
                                      : "The war went on. ";
        len += (size_t)snprintf(text + len, cap - len, "%s", s);
    }
    run_doc(f, text, len, 0);
    size_t n;
    slant_matcher_quotes(f->m, &n);
    assert_true(n >= 1200 / 7);
    check_quotes(f);
    /* every quoted hit lies inside some span */
    size_t nh;
    const struct slant_hit *h = slant_matcher_hits(f->m, &nh);
    const struct slant_quote *q = slant_matcher_quotes(f->m, &n);
    for (size_t i = 0, k = 0; i < nh; i++) {
        if (h[i].voice != SLANT_VOICE_QUOTED)
            continue;
        while (k < n && q[k].byte_end <= h[i].byte_start)
            k++;
        assert_true(k < n && q[k].byte_start <= h[i].byte_start && h[i].byte_end <= q[k].byte_end);
    }
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_voice_names),
        cmocka_unit_test_setup_teardown(test_longest_match, setup, teardown),
        cmocka_unit_test_setup_teardown(test_multiword_breaks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_overlap_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_words_without_forms, setup, teardown),
        cmocka_unit_test(test_words_without_forms_phrases),
        cmocka_unit_test(test_words_without_forms_past_the_cap),
        cmocka_unit_test_setup_teardown(test_offsets_past_4gib, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sentences_out_of_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repeated_words_match_alike, setup, teardown),
        cmocka_unit_test(test_matchers_sharing_forms),
        cmocka_unit_test_setup_teardown(test_begin_forgets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_multi_frame_each, setup_multi, teardown),
        cmocka_unit_test_setup_teardown(test_multi_frame_longest, setup_multi, teardown),
        cmocka_unit_test_setup_teardown(test_multi_frame_judgements, setup_multi, teardown),
        cmocka_unit_test(test_phrase_ties),
        cmocka_unit_test_setup_teardown(test_attribution, setup, teardown),
        cmocka_unit_test(test_no_attribution_lexicon),
        cmocka_unit_test_setup_teardown(test_negation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_distancing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quotes_basic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quotes_mixed_pair, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quotes_inch_marks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_form_not_norm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runs_agree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slots_reused, setup, teardown),
        cmocka_unit_test(test_multiword_only_starts),
        cmocka_unit_test_setup_teardown(test_quotes_apostrophes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quotes_open_at_paragraph_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quotes_flattened, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paragraph_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decided_in_parts, setup, teardown),
        cmocka_unit_test(test_kursk),
        cmocka_unit_test_setup_teardown(test_quote_spans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quote_spans_no_lexicon, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quote_spans_long_paragraph, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
