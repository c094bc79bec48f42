/*
 * test_analyze.c - one document through tokenizer, stemmer, counts and
 * matcher: counts of small texts counted by hand, language detection and
 * forcing, hits of a tiny lexicon parsed from a string, reuse of one
 * analyzer across documents, and slant_analysis_copy's independence.
 */
#include "testutil.h"

#include "slant/analyze.h"
#include "slant/lexicon.h"
#include "slant/match.h"
#include "slant/stem.h"
#include "slant/tokenize.h"

/* ---- helpers ------------------------------------------------------------ */

static struct slant_slice cs(const char *s)
{
    struct slant_slice r = {s, strlen(s)};
    return r;
}

/* The count of the word form `form` in an analysis, 0 when absent. */
static uint32_t count_of(const struct slant_analysis *an, const char *form)
{
    for (size_t i = 0; i < an->n_counts; i++)
        if (strcmp(an->counts[i].form->form, form) == 0)
            return an->counts[i].count;
    return 0;
}

static const struct slant_form *form_of(const struct slant_analysis *an, const char *form)
{
    for (size_t i = 0; i < an->n_counts; i++)
        if (strcmp(an->counts[i].form->form, form) == 0)
            return an->counts[i].form;
    return NULL;
}

static uint64_t count_sum(const struct slant_analysis *an)
{
    uint64_t s = 0;
    for (size_t i = 0; i < an->n_counts; i++)
        s += an->counts[i].count;
    return s;
}

/* Every form appears once in counts. */
static void assert_distinct(const struct slant_analysis *an)
{
    for (size_t i = 0; i < an->n_counts; i++) {
        assert_true(an->counts[i].count > 0);
        for (size_t j = 0; j < i; j++)
            assert_ptr_not_equal(an->counts[i].form, an->counts[j].form);
    }
}

/* ---- counts ------------------------------------------------------------- */

static void test_counts_by_hand(void **state)
{
    (void)state;
    struct slant_analyzer *a = slant_analyzer_new(NULL);
    struct slant_analysis an;
    /* words: the cats sat the cat sat cats dogs and votes (10);
     * numbers: 3 2024; sentences: 3; paragraphs: 2 (a blank line is one break) */
    const char *text = "The cats sat. The cat sat!\n\nCats, 3 dogs and 2024 votes.";
    assert_int_equal(slant_analyzer_run(a, cs(text), "en", &an), 0);
    assert_string_equal(an.lang, "en");
    assert_int_equal(an.n_tokens, 10);
    assert_int_equal(an.n_numbers, 2);
    assert_int_equal(an.n_sentences, 3);
    assert_int_equal(an.n_paragraphs, 2);
    assert_int_equal(an.n_truncated, 0);
    assert_int_equal(an.n_replaced, 0);
    /* counts are by folded form, not by stem: cats and cat stay apart */
    assert_int_equal(an.n_counts, 7);
    assert_distinct(&an);
    assert_int_equal(count_of(&an, "the"), 2);
    assert_int_equal(count_of(&an, "cats"), 2);
    assert_int_equal(count_of(&an, "cat"), 1);
    assert_int_equal(count_of(&an, "sat"), 2);
    assert_int_equal(count_of(&an, "dogs"), 1);
    assert_int_equal(count_of(&an, "and"), 1);
    assert_int_equal(count_of(&an, "votes"), 1);
    assert_int_equal(count_of(&an, "The"), 0);
    assert_int_equal(count_of(&an, "3"), 0); /* numbers are not terms */
    assert_int_equal(count_sum(&an), an.n_tokens);
    /* the forms carry their English stems */
    const struct slant_form *f = form_of(&an, "cats");
    assert_non_null(f);
    assert_string_equal(f->lang, "en");
    assert_string_equal(f->stem, "cat");
    assert_int_equal(f->stem_len, 3);
    assert_string_equal(form_of(&an, "votes")->stem, "vote");
    /* cats and cat share a stem but are two forms */
    assert_string_equal(form_of(&an, "cat")->stem, "cat");
    assert_ptr_not_equal(form_of(&an, "cat"), form_of(&an, "cats"));
    /* no lexicons: no hits */
    assert_int_equal(an.n_hits, 0);
    assert_int_equal(an.match.quotes, 0);

    /* one line break ends a paragraph too; words in other scripts count */
    assert_int_equal(slant_analyzer_run(a, cs("Line one\nline two 안녕"), "en", &an), 0);
    assert_int_equal(an.n_tokens, 5);
    assert_int_equal(an.n_paragraphs, 2);
    assert_int_equal(an.n_sentences, 2);
    assert_int_equal(count_of(&an, "line"), 2);
    f = form_of(&an, "안녕");
    assert_non_null(f);
    assert_string_equal(f->lang, ""); /* another script: unstemmed */
    assert_string_equal(f->stem, "안녕");

    /* nothing to count */
    assert_int_equal(slant_analyzer_run(a, cs(""), "en", &an), 0);
    assert_int_equal(an.n_tokens, 0);
    assert_int_equal(an.n_counts, 0);
    assert_int_equal(an.n_sentences, 0);
    assert_int_equal(an.n_paragraphs, 0);
    assert_int_equal(slant_analyzer_run(a, cs(" ... 42 !"), "en", &an), 0);
    assert_int_equal(an.n_tokens, 0);
    assert_int_equal(an.n_numbers, 1);
    assert_int_equal(an.n_counts, 0);

    /* a word longer than SLANT_TOKEN_MAX is cut and counted as truncated */
    char longw[600];
    memset(longw, 'x', 400);
    memcpy(longw + 400, " short x", 9);
    assert_int_equal(slant_analyzer_run(a, cs(longw), "en", &an), 0);
    assert_int_equal(an.n_tokens, 3);
    assert_int_equal(an.n_truncated, 1);
    assert_int_equal(an.n_counts, 3);
    for (size_t i = 0; i < an.n_counts; i++)
        assert_true(an.counts[i].form->form_len <= SLANT_TOKEN_MAX);
    slant_analyzer_free(a);
    slant_analyzer_free(NULL);
}

/* One analyzer reused: each run counts its own document only, and the same
 * text gives the same counts whatever came before. */
static void test_reuse(void **state)
{
    (void)state;
    struct slant_analyzer *a = slant_analyzer_new(NULL);
    struct slant_analyzer *b = slant_analyzer_new(NULL);
    struct slant_analysis an, bn;
    const char *t1 = "war war war peace";
    const char *t2 = "peace talks and more peace";
    assert_int_equal(slant_analyzer_run(a, cs(t1), "en", &an), 0);
    assert_int_equal(count_of(&an, "war"), 3);
    assert_int_equal(slant_analyzer_run(a, cs(t2), "en", &an), 0);
    assert_int_equal(an.n_counts, 4);
    assert_int_equal(count_of(&an, "war"), 0);
    assert_int_equal(count_of(&an, "peace"), 2);
    assert_int_equal(count_of(&an, "talks"), 1);
    assert_int_equal(slant_analyzer_run(a, cs(t1), "en", &an), 0);
    assert_int_equal(an.n_counts, 2);
    assert_int_equal(count_of(&an, "war"), 3);
    assert_int_equal(count_of(&an, "peace"), 1);
    /* a fresh analyzer agrees */
    assert_int_equal(slant_analyzer_run(b, cs(t1), "en", &bn), 0);
    assert_int_equal(bn.n_counts, an.n_counts);
    assert_int_equal(bn.n_tokens, an.n_tokens);
    for (size_t i = 0; i < bn.n_counts; i++)
        assert_int_equal(count_of(&an, bn.counts[i].form->form), bn.counts[i].count);
    /* forms are interned in the analyzer's stemmer: war peace talks and more */
    assert_non_null(slant_analyzer_stemmer(a));
    assert_int_equal(slant_stemmer_size(slant_analyzer_stemmer(a)), 5);
    slant_analyzer_free(a);
    slant_analyzer_free(b);
}

/* ---- language ----------------------------------------------------------- */

static void test_detect_lang(void **state)
{
    (void)state;
    assert_string_equal(slant_detect_lang(cs("Hello world")), "en");
    assert_string_equal(slant_detect_lang(cs("Привет, мир")), "ru");
    /* Ukrainian letters are Cyrillic too */
    assert_string_equal(slant_detect_lang(cs("Їжак і ґанок")), "ru");
    /* neither script */
    assert_string_equal(slant_detect_lang(cs("")), "");
    assert_string_equal(slant_detect_lang(cs("12345 -- !!! 3.14")), "");
    assert_string_equal(slant_detect_lang(cs("안녕하세요 세계")), "");
    assert_string_equal(slant_detect_lang(cs("Καλημέρα κόσμε")), "");
    /* mixed: the script with more letters wins (letters, not bytes:
     * 5 Cyrillic letters are 10 bytes) */
    assert_string_equal(slant_detect_lang(cs("Путин said")), "ru");      /* 5 vs 4 */
    assert_string_equal(slant_detect_lang(cs("Kyiv said Путин")), "en"); /* 8 vs 5 */
    assert_string_equal(slant_detect_lang(cs("Мир, 2024: ok")), "ru");   /* 3 vs 2 */
    /* a cut at the end of the slice is respected */
    struct slant_slice part = {"abc Путин", 3};
    assert_string_equal(slant_detect_lang(part), "en");
}

/* The definition, a byte at a time, for the test below. */
static const char *detect_lang_slow(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t latin = 0, cyr = 0;
    for (size_t i = 0; i < n; i++) {
        latin += (unsigned char)((p[i] | 0x20) - 'a') < 26;
        cyr += i + 1 < n && (p[i] & 0xFC) == 0xD0 && (p[i + 1] & 0xC0) == 0x80;
    }
    return cyr > latin ? "ru" : latin ? "en" : "";
}

/*
 * A long text is decided as soon as the rest cannot change the answer: runs
 * of one script then the other, long enough for that early answer to be
 * tried again and again, near the tie where the last bytes decide.
 */
static void test_detect_lang_long(void **state)
{
    (void)state;
    static char buf[6000];
    unsigned long seed = 99;
    for (int round = 0; round < 3000; round++) {
        size_t len = 0;
        seed = seed * 6364136223846793005ul + 1442695040888963407ul;
        size_t target = 300 + (size_t)(seed >> 33) % 5000;
        while (len + 40 < target) {
            seed = seed * 6364136223846793005ul + 1442695040888963407ul;
            unsigned pick = (unsigned)(seed >> 33);
            size_t run = 1 + pick % 32;
            /* the mix drifts from Latin to Cyrillic as the text goes on */
            int cyrillic = (pick >> 8) % 1000 < 1000 * len / target;
            if (round % 2) /* or from Cyrillic to Latin */
                cyrillic = !cyrillic;
            for (size_t k = 0; k < run && len + 2 < target; k++) {
                if ((pick >> 20) % 7 == 0)
                    buf[len++] = ' ';
                else if (cyrillic)
                    memcpy(buf + len, "\xD0\xB4", 2), len += 2;
                else
                    buf[len++] = 'e';
            }
        }
        const char *want = detect_lang_slow(buf, len);
        const char *got = slant_detect_lang((struct slant_slice){buf, len});
        if (strcmp(got, want) != 0)
            fail_msg("round %d, %zu bytes: \"%s\", want \"%s\"", round, len, got, want);
    }
    /* a long English text with the deciding Cyrillic at its end */
    memset(buf, 'e', 1000);
    for (size_t i = 1000; i + 1 < 3004; i += 2)
        memcpy(buf + i, "\xD0\xB4", 2);
    assert_string_equal(slant_detect_lang((struct slant_slice){buf, 3002}),
                        "ru"); /* 1001 vs 1000 */
    assert_string_equal(slant_detect_lang((struct slant_slice){buf, 3000}),
                        "en"); /* 1000 vs 1000 */
}

/*
 * The word-at-a-time counts against the definition, at the tie where one
 * letter decides: random mixes of units (letters of both scripts, bytes next
 * to the letter ranges, other two- and three-byte characters), balanced to
 * cyr == latin ("en") and cyr == latin + 1 ("ru"), at every alignment, the
 * slice ending inside a letter.
 */
static void test_detect_lang_counts(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int latin, cyr;
    } units[] = {
        {"a", 1, 0},
        {"z", 1, 0},
        {"A", 1, 0},
        {"Z", 1, 0},
        {"@", 0, 0},
        {"[", 0, 0},
        {"`", 0, 0},
        {"{", 0, 0},
        {" ", 0, 0},
        {"7", 0, 0},
        {"\x7f", 0, 0},
        {"\xD0\xB4", 0, 1},
        {"\xD3\x90", 0, 1},
        {"\xD1\x90", 0, 1},
        {"\xD0\x81", 0, 1},
        {"\xD4\x81", 0, 0},
        {"\xCF\x80", 0, 0},
        {"\xC3\xA9", 0, 0},
        {"\xE2\x82\xAC", 0, 0},
        {"\xD0", 0, 0}, /* a lead byte without its continuation */
    };
    size_t n_units = sizeof(units) / sizeof(units[0]);
    unsigned long seed = 12345;
    char buf[256];
    for (int round = 0; round < 2000; round++) {
        size_t len = 0;
        int latin = 0, cyr = 0;
        size_t pad = (size_t)round % 8; /* where the 8-byte windows fall */
        memset(buf, ' ', pad);
        len = pad;
        seed = seed * 6364136223846793005ul + 1442695040888963407ul;
        int n = (int)((seed >> 33) % 24);
        for (int k = 0; k < n; k++) {
            seed = seed * 6364136223846793005ul + 1442695040888963407ul;
            size_t u = (size_t)(seed >> 33) % n_units;
            size_t ul = strlen(units[u].s);
            memcpy(buf + len, units[u].s, ul);
            len += ul;
            latin += units[u].latin;
            cyr += units[u].cyr;
        }
        int want_ru = round % 2; /* cyr == latin + want_ru after balancing */
        while (cyr < latin + want_ru) {
            memcpy(buf + len, "\xD0\xB4", 2);
            len += 2;
            cyr++;
        }
        while (cyr > latin + want_ru) {
            buf[len++] = 'q';
            latin++;
        }
        /* a letter cut by the end of the slice is not one */
        buf[len++] = '\xD0';
        buf[len] = '\xB4';
        assert_true(len < sizeof(buf));
        struct slant_slice t = {buf, len};
        const char *want = want_ru ? "ru" : latin ? "en" : "";
        assert_string_equal(slant_detect_lang(t), want);
    }
}

static void test_lang_in_run(void **state)
{
    (void)state;
    struct slant_analyzer *a = slant_analyzer_new(NULL);
    struct slant_analysis an;
    const char *ru = "Книги и книга. Книгу читали.";
    /* detected: Russian stems */
    assert_int_equal(slant_analyzer_run(a, cs(ru), NULL, &an), 0);
    assert_string_equal(an.lang, "ru");
    const struct slant_form *k1 = form_of(&an, "книги"), *k2 = form_of(&an, "книга");
    assert_non_null(k1);
    assert_non_null(k2);
    assert_string_equal(k1->lang, "ru");
    assert_string_equal(k1->stem, k2->stem);
    assert_string_not_equal(k1->stem, "книги");
    assert_int_equal(an.n_tokens, 5);
    assert_int_equal(an.n_sentences, 2);
    /* "auto" is the same as NULL; "" (a stored documents.lang of an
     * unstemmed document) keeps the words unstemmed */
    assert_int_equal(slant_analyzer_run(a, cs(ru), "auto", &an), 0);
    assert_string_equal(an.lang, "ru");
    assert_int_equal(slant_analyzer_run(a, cs(ru), "", &an), 0);
    assert_string_equal(an.lang, "");
    assert_string_equal(form_of(&an, "книги")->lang, "");

    /* forced English on a Russian text: Cyrillic words go unstemmed */
    assert_int_equal(slant_analyzer_run(a, cs(ru), "en", &an), 0);
    assert_string_equal(an.lang, "en");
    k1 = form_of(&an, "книги");
    assert_non_null(k1);
    assert_string_equal(k1->lang, "");
    assert_string_equal(k1->stem, "книги");
    assert_int_equal(an.n_tokens, 5);

    /* forced Russian on English: Latin words go unstemmed */
    assert_int_equal(slant_analyzer_run(a, cs("The invasions continued"), "ru", &an), 0);
    assert_string_equal(an.lang, "ru");
    assert_string_equal(form_of(&an, "invasions")->stem, "invasions");
    assert_string_equal(form_of(&an, "invasions")->lang, "");

    /* English, detected */
    assert_int_equal(slant_analyzer_run(a, cs("The invasions continued"), NULL, &an), 0);
    assert_string_equal(an.lang, "en");
    assert_string_equal(form_of(&an, "invasions")->lang, "en");
    assert_string_equal(form_of(&an, "invasions")->stem, "invas");

    /* a language without a stemmer: "" and every word unstemmed */
    assert_int_equal(slant_analyzer_run(a, cs("The invasions continued"), "xx", &an), 0);
    assert_string_equal(an.lang, "");
    assert_string_equal(form_of(&an, "invasions")->stem, "invasions");
    /* neither script detected: "" */
    assert_int_equal(slant_analyzer_run(a, cs("안녕하세요 세계"), NULL, &an), 0);
    assert_string_equal(an.lang, "");
    assert_int_equal(an.n_tokens, 2);
    assert_int_equal(an.n_counts, 2);
    slant_analyzer_free(a);
}

/* ---- hits --------------------------------------------------------------- */

static const char tiny_lex[] = "@lexicon tiny\n"
                               "[aggression]\n"
                               "@pole delegitimizing\n"
                               "invade\n"
                               "[euphemism]\n"
                               "special operation\t2\n";

static struct slant_lexset *tiny_set(void)
{
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = NULL;
    struct slant_diag d;
    slant_diag_init(&d, stderr);
    assert_int_equal(slant_lexicon_parse(set, "tiny.lex", tiny_lex, strlen(tiny_lex), &d, &lx), 0);
    assert_int_equal(lx->n_errors, 0);
    assert_int_equal(lx->n_patterns, 2);
    assert_int_equal(slant_lexset_compile(set, NULL), 0);
    slant_diag_release(&d);
    return set;
}

/* The bytes of a hit in text, as a C string (static storage). */
static const char *hit_text(const char *text, const struct slant_hit *h)
{
    static char buf[128];
    snprintf(buf, sizeof(buf), "%.*s", (int)(h->byte_end - h->byte_start), text + h->byte_start);
    return buf;
}

static void test_hits(void **state)
{
    (void)state;
    struct slant_lexset *set = tiny_set();
    struct slant_analyzer *a = slant_analyzer_new(set);
    struct slant_analysis an;
    /* tokens: Troops(0) invaded(1) the(2) town(3) .(4) Officials(5)
     * called(6) it(7) a(8) “(9) special(10) operation(11) ”(12) .(13) */
    const char *text = "Troops invaded the town. Officials called it a "
                       "\xE2\x80\x9Cspecial operation\xE2\x80\x9D.";
    assert_int_equal(slant_analyzer_run(a, cs(text), NULL, &an), 0);
    assert_string_equal(an.lang, "en");
    assert_int_equal(an.n_tokens, 10);
    assert_int_equal(an.n_hits, 2);
    const struct slant_hit *h = an.hits;
    assert_int_equal(h[0].lexicon, 0);
    assert_int_equal(h[0].frame, 0);
    assert_int_equal(h[0].pattern, 0);
    assert_int_equal(h[0].tok_start, 1);
    assert_int_equal(h[0].tok_end, 2);
    assert_int_equal(h[0].byte_start, 7);
    assert_string_equal(hit_text(text, &h[0]), "invaded");
    assert_int_equal(h[0].voice, SLANT_VOICE_OWN);
    assert_true(h[0].weight == 1.0);
    assert_int_equal(h[0].negated, 0);

    assert_int_equal(h[1].frame, 1);
    assert_int_equal(h[1].pattern, 1);
    assert_int_equal(h[1].tok_start, 10);
    assert_int_equal(h[1].tok_end, 12);
    assert_string_equal(hit_text(text, &h[1]), "special operation");
    assert_int_equal(h[1].voice, SLANT_VOICE_QUOTED);
    assert_true(h[1].weight == 2.0);
    assert_int_equal(an.match.quotes, 1);
    assert_int_equal(an.match.unbalanced, 0);

    /* the next document's hits replace these (negators and attribution
     * cues come from the attribution lexicon, absent here: no judgement) */
    const char *t2 = "They did not invade anything, officials said.";
    assert_int_equal(slant_analyzer_run(a, cs(t2), "en", &an), 0);
    assert_int_equal(an.n_hits, 1);
    assert_string_equal(hit_text(t2, &an.hits[0]), "invade");
    assert_int_equal(an.hits[0].tok_start, 3);
    assert_int_equal(an.hits[0].negated, 0);
    assert_int_equal(an.hits[0].voice, SLANT_VOICE_OWN);
    assert_int_equal(an.match.quotes, 0);

    /* stem patterns need the lexicon's language: forced Russian leaves the
     * English word unstemmed and so unmatched */
    assert_int_equal(slant_analyzer_run(a, cs("Troops invaded."), "ru", &an), 0);
    assert_int_equal(an.n_hits, 0);
    assert_int_equal(slant_analyzer_run(a, cs("No frames here."), "en", &an), 0);
    assert_int_equal(an.n_hits, 0);
    slant_analyzer_free(a);
    slant_lexset_free(set);
}

/* With lexicons the counts live beside the matcher's entries
 * (slant_matcher_caller_words): the same counts as an analyzer without
 * lexicons gives, document after document, across a document with more
 * forms than the table first holds; and the hits are not disturbed. */
static void test_counts_with_lexicons(void **state)
{
    (void)state;
    struct slant_lexset *set = tiny_set();
    struct slant_analyzer *a = slant_analyzer_new(set);
    struct slant_analyzer *b = slant_analyzer_new(NULL);
    char *big = malloc(6000 * 8 + 64);
    assert_non_null(big);
    size_t at = (size_t)sprintf(big, "Troops invaded ");
    for (int i = 0; i < 6000; i++)
        at += (size_t)sprintf(big + at, "w%d ", i % 5000);
    sprintf(big + at, "and invaded again.");
    const char *docs[] = {"Troops invaded the town, and invaded it again.", big,
                          "peace talks and more peace",
                          "Troops invaded the town, and invaded it again."};
    const size_t hits[] = {2, 2, 0, 2};
    for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); d++) {
        struct slant_analysis an, bn;
        assert_int_equal(slant_analyzer_run(a, cs(docs[d]), "en", &an), 0);
        assert_int_equal(slant_analyzer_run(b, cs(docs[d]), "en", &bn), 0);
        assert_int_equal(an.n_hits, hits[d]);
        assert_int_equal(an.n_counts, bn.n_counts);
        assert_int_equal(an.n_tokens, bn.n_tokens);
        for (size_t i = 0; i < bn.n_counts; i++)
            assert_int_equal(count_of(&an, bn.counts[i].form->form), bn.counts[i].count);
    }
    assert_true(slant_stemmer_size(slant_analyzer_stemmer(a)) > 5000);
    free(big);
    slant_analyzer_free(a);
    slant_analyzer_free(b);
    slant_lexset_free(set);
}

/* With the bundled attribution lexicon in the set, the analyzer's hits
 * carry the matcher's judgements, and the cue words are hits of their own
 * lexicon. */
static void test_hits_with_attribution(void **state)
{
    (void)state;
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = NULL;
    struct slant_diag d;
    slant_diag_init(&d, stderr);
    assert_int_equal(slant_lexicon_parse(set, "tiny.lex", tiny_lex, strlen(tiny_lex), &d, &lx), 0);
    assert_int_equal(slant_lexicon_load(set, "lexicons/attribution.lex", &d, &lx), 0);
    assert_int_equal(lx->n_errors, 0);
    assert_int_equal(slant_lexset_compile(set, NULL), 0);
    slant_diag_release(&d);
    struct slant_analyzer *a = slant_analyzer_new(set);
    struct slant_analysis an;
    /* sentence 1: negated, own voice; sentence 2: attributed ("officials
     * said"); sentence 3: a so-called quotation */
    const char *text = "They did not invade the city. Officials said troops invade daily. "
                       "It was a so-called special operation.";
    assert_int_equal(slant_analyzer_run(a, cs(text), NULL, &an), 0);
    const struct slant_hit *tiny[4];
    size_t n_tiny = 0, n_attr = 0;
    for (size_t i = 0; i < an.n_hits; i++) {
        if (an.hits[i].lexicon == 0) {
            assert_true(n_tiny < 4);
            tiny[n_tiny++] = &an.hits[i];
        } else {
            assert_int_equal(an.hits[i].lexicon, 1);
            n_attr++;
        }
        if (i)
            assert_true(an.hits[i].byte_start >= an.hits[i - 1].byte_start);
    }
    assert_int_equal(n_tiny, 3);
    assert_true(n_attr >= 3); /* not, said, so-called */
    assert_string_equal(hit_text(text, tiny[0]), "invade");
    assert_int_equal(tiny[0]->negated, 1);
    assert_int_equal(tiny[0]->voice, SLANT_VOICE_OWN);
    assert_string_equal(hit_text(text, tiny[1]), "invade");
    assert_int_equal(tiny[1]->negated, 0);
    assert_int_equal(tiny[1]->voice, SLANT_VOICE_ATTRIBUTED);
    assert_string_equal(hit_text(text, tiny[2]), "special operation");
    assert_int_equal(tiny[2]->distanced, 1);
    assert_int_equal(tiny[2]->voice, SLANT_VOICE_OWN);
    slant_analyzer_free(a);
    slant_lexset_free(set);
}

/* ---- copies ------------------------------------------------------------- */

static void test_copy_independent(void **state)
{
    (void)state;
    struct slant_lexset *set = tiny_set();
    struct slant_analyzer *a = slant_analyzer_new(set);
    struct slant_analysis an, copy, empty_copy;
    const char *t1 = "Soldiers invade. They invade again and again.";
    assert_int_equal(slant_analyzer_run(a, cs(t1), "en", &an), 0);
    assert_int_equal(an.n_hits, 2);
    assert_int_equal(count_of(&an, "invade"), 2);
    assert_int_equal(count_of(&an, "again"), 2);
    slant_analysis_copy(&copy, &an);
    assert_ptr_not_equal(copy.counts, an.counts);
    assert_ptr_not_equal(copy.hits, an.hits);
    assert_int_equal(copy.n_counts, an.n_counts);
    assert_int_equal(copy.n_hits, 2);
    assert_int_equal(copy.n_tokens, an.n_tokens);
    assert_string_equal(copy.lang, "en");
    size_t n_counts = copy.n_counts, n_tokens = copy.n_tokens;

    /* a different document overwrites the analyzer's arrays, not the copy */
    const char *t2 = "Peace talks began in a special operation of diplomats, with "
                     "many more words than before to move the arrays along.";
    assert_int_equal(slant_analyzer_run(a, cs(t2), "en", &an), 0);
    assert_int_equal(count_of(&an, "invade"), 0);
    assert_int_equal(an.n_hits, 1);
    assert_int_equal(copy.n_counts, n_counts);
    assert_int_equal(copy.n_tokens, n_tokens);
    assert_int_equal(count_of(&copy, "invade"), 2);
    assert_int_equal(count_of(&copy, "again"), 2);
    assert_int_equal(count_of(&copy, "peace"), 0);
    assert_int_equal(copy.hits[0].pattern, 0);
    assert_int_equal(copy.hits[1].pattern, 0);
    assert_string_equal(hit_text(t1, &copy.hits[1]), "invade");
    /* changing the copy leaves the analyzer's result alone */
    copy.counts[0].count = 999;
    copy.hits[0].frame = 77;
    assert_int_equal(an.hits[0].frame, 1);
    for (size_t i = 0; i < an.n_counts; i++)
        assert_true(an.counts[i].count < 999);
    slant_analysis_release(&copy);
    assert_null(copy.counts);
    assert_null(copy.hits);
    assert_int_equal(copy.n_counts, 0);
    slant_analysis_release(&copy); /* twice is harmless */

    /* an empty analysis copies and releases cleanly */
    assert_int_equal(slant_analyzer_run(a, cs(""), "en", &an), 0);
    slant_analysis_copy(&empty_copy, &an);
    assert_int_equal(empty_copy.n_counts, 0);
    assert_int_equal(empty_copy.n_hits, 0);
    slant_analysis_release(&empty_copy);
    slant_analyzer_free(a);
    slant_lexset_free(set);
}

int main(void)
{
    /* clang-format off */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_by_hand),
        cmocka_unit_test(test_reuse),
        cmocka_unit_test(test_detect_lang),
        cmocka_unit_test(test_detect_lang_long),
        cmocka_unit_test(test_detect_lang_counts),
        cmocka_unit_test(test_lang_in_run),
        cmocka_unit_test(test_hits),
        cmocka_unit_test(test_counts_with_lexicons),
        cmocka_unit_test(test_hits_with_attribution),
        cmocka_unit_test(test_copy_independent),
    };
    /* clang-format on */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
