/* test_stem.c - the stem cache, checked against libstemmer called directly. */
#include "testutil.h"

#include <libstemmer.h>

#include "slant/err.h"
#include "slant/stem.h"
#include "slant/tokenize.h"

/* libstemmer's own answer, as a malloc'd string */
static char *direct_stem(const char *alg, const char *w)
{
    struct sb_stemmer *sb = sb_stemmer_new(alg, "UTF_8");
    assert_non_null(sb);
    const sb_symbol *r = sb_stemmer_stem(sb, (const sb_symbol *)w, (int)strlen(w));
    assert_non_null(r);
    int n = sb_stemmer_length(sb);
    char *out = malloc((size_t)n + 1);
    assert_non_null(out);
    memcpy(out, r, (size_t)n);
    out[n] = '\0';
    sb_stemmer_delete(sb);
    return out;
}

static const struct slant_form *look(struct slant_stemmer *s, const char *lang, int script,
                                     const char *w)
{
    const struct slant_form *f = NULL;
    assert_int_equal(slant_stemmer_lookup(s, lang, script, w, strlen(w), &f), 0);
    assert_non_null(f);
    assert_string_equal(f->form, w);
    assert_int_equal(f->form_len, strlen(w));
    assert_int_equal(f->stem_len, strlen(f->stem));
    return f;
}

static void test_same_pointer_dense_ids(void **state)
{
    (void)state;
    struct slant_stemmer *s = slant_stemmer_new();
    assert_int_equal(slant_stemmer_size(s), 0);
    const struct slant_form *a = look(s, "en", SLANT_SCRIPT_LATIN, "troops");
    const struct slant_form *b = look(s, "en", SLANT_SCRIPT_LATIN, "invaders");
    const struct slant_form *a2 = look(s, "en", SLANT_SCRIPT_LATIN, "troops");
    const struct slant_form *c = look(s, "en", SLANT_SCRIPT_NONE, "2025");
    assert_ptr_equal(a, a2);
    assert_ptr_not_equal(a, b);
    assert_int_equal(a->id, 0);
    assert_int_equal(b->id, 1);
    assert_int_equal(c->id, 2);
    assert_int_equal(slant_stemmer_size(s), 3);
    assert_int_equal(a->user, 0);
    assert_int_equal(b->user, 0);
    assert_string_equal(a->lang, "en");
    /* a number has no script: unstemmed */
    assert_string_equal(c->lang, "");
    assert_string_equal(c->stem, "2025");
    slant_stemmer_free(s);
    slant_stemmer_free(NULL);
}

static void test_english_matches_libstemmer(void **state)
{
    (void)state;
    struct slant_stemmer *s = slant_stemmer_new();
    const char *words[] = {"liberation", "liberate",   "liberated", "invaders",  "invasion",
                           "russia's",   "operations", "heroes",    "so-called", "running"};
    char *st[10];
    for (size_t i = 0; i < 10; i++) {
        const struct slant_form *f = look(s, "en", SLANT_SCRIPT_LATIN, words[i]);
        st[i] = direct_stem("english", words[i]);
        assert_string_equal(f->stem, st[i]);
        assert_string_equal(f->lang, "en");
    }
    /* liberation and liberate: same stem exactly when libstemmer says so */
    const struct slant_form *l1 = look(s, "en", SLANT_SCRIPT_LATIN, "liberation");
    const struct slant_form *l2 = look(s, "en", SLANT_SCRIPT_LATIN, "liberate");
    assert_int_equal(strcmp(l1->stem, l2->stem) == 0, strcmp(st[0], st[1]) == 0);
    /* earlier results survive later calls (libstemmer reuses its buffer) */
    assert_string_equal(l1->stem, st[0]);
    for (size_t i = 0; i < 10; i++)
        free(st[i]);
    slant_stemmer_free(s);
}

static void test_script_rule(void **state)
{
    (void)state;
    struct slant_stemmer *s = slant_stemmer_new();
    /* освобождения ("of liberation") */
    const char *ru = "\xD0\xBE\xD1\x81\xD0\xB2\xD0\xBE\xD0\xB1\xD0\xBE\xD0\xB6\xD0\xB4\xD0\xB5"
                     "\xD0\xBD\xD0\xB8\xD1\x8F";
    char *want = direct_stem("russian", ru);
    assert_true(strlen(want) < strlen(ru)); /* the Russian stemmer does strip it */

    const struct slant_form *in_ru = look(s, "ru", SLANT_SCRIPT_CYRILLIC, ru);
    assert_string_equal(in_ru->stem, want);
    assert_string_equal(in_ru->lang, "ru");

    /* the same word in an English article: not the English stemmer's business */
    const struct slant_form *in_en = look(s, "en", SLANT_SCRIPT_CYRILLIC, ru);
    assert_ptr_not_equal(in_en, in_ru);
    assert_string_equal(in_en->stem, ru);
    assert_string_equal(in_en->lang, "");

    /* a Latin word in a Russian article is unstemmed too, and shares the
     * unstemmed entry with a document of no language */
    const struct slant_form *lat = look(s, "ru", SLANT_SCRIPT_LATIN, "liberation");
    assert_string_equal(lat->stem, "liberation");
    assert_string_equal(lat->lang, "");
    assert_ptr_equal(look(s, "", SLANT_SCRIPT_LATIN, "liberation"), lat);
    /* ... but not with the English entry */
    const struct slant_form *en = look(s, "en", SLANT_SCRIPT_LATIN, "liberation");
    assert_ptr_not_equal(en, lat);
    assert_string_equal(en->lang, "en");

    /* Hangul in an English article */
    const struct slant_form *ko = look(s, "en", SLANT_SCRIPT_OTHER, "\xEC\xA1\xB0\xEC\x84\xA0");
    assert_string_equal(ko->lang, "");
    assert_string_equal(ko->stem, ko->form);

    /* a language libstemmer does not know: unstemmed */
    const struct slant_form *xx = look(s, "xx", SLANT_SCRIPT_LATIN, "liberations");
    assert_string_equal(xx->stem, "liberations");
    assert_string_equal(xx->lang, "");

    assert_int_equal(slant_stemmer_size(s), 6);
    free(want);
    slant_stemmer_free(s);
}

static void test_too_big(void **state)
{
    (void)state;
    struct slant_stemmer *s = slant_stemmer_new();
    char w[SLANT_TOKEN_MAX + 2];
    memset(w, 'a', sizeof(w));
    const struct slant_form *f = NULL;
    assert_int_equal(slant_stemmer_lookup(s, "en", SLANT_SCRIPT_LATIN, w, SLANT_TOKEN_MAX + 1, &f),
                     SLANT_ETOOBIG);
    assert_int_equal(slant_stemmer_lookup(s, "en", SLANT_SCRIPT_LATIN, w, SLANT_TOKEN_MAX, &f), 0);
    assert_int_equal(f->form_len, SLANT_TOKEN_MAX);
    assert_int_equal(slant_stemmer_size(s), 1);
    slant_stemmer_free(s);
}

static void test_many_forms_stable(void **state)
{
    (void)state;
    struct slant_stemmer *s = slant_stemmer_new();
    enum { N = 20000 };
    const struct slant_form **seen = malloc(N * sizeof(*seen));
    assert_non_null(seen);
    char w[32];
    for (int i = 0; i < N; i++) {
        snprintf(w, sizeof(w), "w%dings", i);
        seen[i] = look(s, "en", SLANT_SCRIPT_LATIN, w);
        assert_int_equal(seen[i]->id, (uint32_t)i);
    }
    assert_int_equal(slant_stemmer_size(s), N);
    /* after every table growth the entries are where they were */
    for (int i = 0; i < N; i++) {
        snprintf(w, sizeof(w), "w%dings", i);
        assert_ptr_equal(look(s, "en", SLANT_SCRIPT_LATIN, w), seen[i]);
    }
    assert_int_equal(slant_stemmer_size(s), N);
    free(seen);
    slant_stemmer_free(s);
}

/* Forms of every length around the inline-cache limits, differing only in
 * their last byte or their length, must never be confused. */
static void test_lengths_not_confused(void **state)
{
    (void)state;
    struct slant_stemmer *s = slant_stemmer_new();
    const char *base = "abcdefghijklmnopqrstuvwxyzabcdefghijklmn"; /* 40 bytes */
    const struct slant_form *first[41][2];
    char w[41];
    for (int round = 0; round < 3; round++) {
        for (size_t len = 1; len <= 40; len++) {
            for (int v = 0; v < 2; v++) {
                memcpy(w, base, len);
                w[len] = '\0';
                if (v)
                    w[len - 1] = 'Z';
                /* "" lang: unstemmed, so form and stem are the input */
                const struct slant_form *f = look(s, "", SLANT_SCRIPT_LATIN, w);
                assert_string_equal(f->stem, w);
                if (round == 0)
                    first[len][v] = f;
                else
                    assert_ptr_equal(f, first[len][v]);
            }
        }
    }
    assert_int_equal(slant_stemmer_size(s), 80);
    slant_stemmer_free(s);
}

static void test_stem_word(void **state)
{
    (void)state;
    struct slant_stemmer *s = slant_stemmer_new();
    char *r = NULL;
    char *want = direct_stem("english", "liberation");
    assert_int_equal(slant_stem_word(s, "en", "liberation", 10, &r), 0);
    assert_string_equal(r, want);
    free(r);
    free(want);
    assert_int_equal(slant_stem_word(s, "xx", "liberation", 10, &r), 0);
    assert_string_equal(r, "liberation");
    free(r);
    assert_int_equal(slant_stem_word(s, "", "liberation", 10, &r), 0);
    assert_string_equal(r, "liberation");
    free(r);
    /* uncached: nothing was interned */
    assert_int_equal(slant_stemmer_size(s), 0);
    slant_stemmer_free(s);
}

static void test_langs(void **state)
{
    (void)state;
    assert_true(slant_stem_lang_supported("en"));
    assert_true(slant_stem_lang_supported("english"));
    assert_true(slant_stem_lang_supported("ru"));
    assert_false(slant_stem_lang_supported("xx"));
    assert_false(slant_stem_lang_supported(""));
    assert_int_equal(slant_lang_script("ru"), SLANT_SCRIPT_CYRILLIC);
    assert_int_equal(slant_lang_script("uk"), SLANT_SCRIPT_CYRILLIC);
    assert_int_equal(slant_lang_script("en"), SLANT_SCRIPT_LATIN);
    assert_int_equal(slant_lang_script("de"), SLANT_SCRIPT_LATIN);
    assert_int_equal(slant_lang_script("el"), SLANT_SCRIPT_OTHER);
    assert_int_equal(slant_lang_script("qq"), SLANT_SCRIPT_LATIN);
}

/* A language resolved once per document gives what the per-word lookup
 * gives: the same forms and ids, a word of another script or of no script
 * unstemmed, and a language without a Snowball stemmer unstemmed. */
static void test_resolved_lang(void **state)
{
    (void)state;
    struct slant_stemmer *s = slant_stemmer_new();
    struct slant_stem_lang en, ru, uk, none;
    slant_stemmer_lang(s, "en", &en);
    slant_stemmer_lang(s, "ru", &ru);
    slant_stemmer_lang(s, "uk", &uk);
    slant_stemmer_lang(s, "", &none);
    assert_int_not_equal(en.slot, 0);
    assert_int_not_equal(ru.slot, 0);
    assert_int_not_equal(en.slot, ru.slot);
    assert_int_equal(uk.slot, 0); /* libstemmer has no Ukrainian */
    assert_int_equal(none.slot, 0);
    const struct {
        const struct slant_stem_lang *l;
        const char *lang;
        int script;
        const char *w;
        const char *stem_lang;
    } cases[] = {
        {&en, "en", SLANT_SCRIPT_LATIN, "liberation", "en"},
        {&en, "en", SLANT_SCRIPT_CYRILLIC, "\xD0\xBA\xD1\x83\xD1\x80\xD1\x81\xD0\xBA", ""},
        {&en, "en", SLANT_SCRIPT_NONE, "2025", ""},
        {&ru, "ru", SLANT_SCRIPT_CYRILLIC, "\xD0\xBA\xD1\x83\xD1\x80\xD1\x81\xD0\xBA\xD0\xB0",
         "ru"},
        {&ru, "ru", SLANT_SCRIPT_LATIN, "liberation", ""},
        {&uk, "uk", SLANT_SCRIPT_CYRILLIC, "\xD0\xBA\xD1\x96\xD1\x82", ""},
        {&none, "", SLANT_SCRIPT_LATIN, "troops", ""},
        /* longer than a table entry holds inline */
        {&en, "en", SLANT_SCRIPT_LATIN, "counteroffensives-internationally", "en"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct slant_form *f = NULL, *g = NULL;
        size_t len = strlen(cases[i].w);
        int id = slant_stemmer_find_in(s, cases[i].l, cases[i].script, cases[i].w, len, &f);
        assert_true(id >= 0);
        assert_non_null(f);
        assert_int_equal(f->id, (uint32_t)id);
        assert_string_equal(f->form, cases[i].w);
        assert_string_equal(f->lang, cases[i].stem_lang);
        assert_int_equal(slant_stemmer_find(s, cases[i].lang, cases[i].script, cases[i].w, len, &g),
                         id);
        assert_ptr_equal(f, g);
    }
    /* "liberation" unstemmed (from the Russian document) and stemmed (from
     * the English one) are two forms */
    assert_int_equal(slant_stemmer_size(s), sizeof(cases) / sizeof(cases[0]));
    const struct slant_form *f = NULL;
    char big[SLANT_TOKEN_MAX + 1];
    memset(big, 'a', sizeof(big));
    assert_int_equal(slant_stemmer_find_in(s, &en, SLANT_SCRIPT_LATIN, big, sizeof(big), &f),
                     SLANT_ETOOBIG);
    slant_stemmer_free(s);
}

/* slant_stemmer_find_many gives what slant_stemmer_find_in gives, word by
 * word, in runs of every size up to SLANT_STEM_MANY: the same forms in the
 * same order get the same ids, and the bytes past a short word (here
 * never zero) play no part in its key. */
static void test_find_many_agrees(void **state)
{
    (void)state;
    struct slant_stemmer *one = slant_stemmer_new(), *many = slant_stemmer_new();
    struct slant_stem_lang en1, en2;
    slant_stemmer_lang(one, "en", &en1);
    slant_stemmer_lang(many, "en", &en2);
    enum { N = 3000, PAD = 48 };
    static const char *const seeds[] = {
        "a",
        "war",
        "troops",
        "liberation",
        "counteroffensive",
        "counteroffensives",
        "internationally-recognised",
        "\xD0\xBA\xD1\x83\xD1\x80\xD1\x81\xD0\xBA",
        "2025",
        "x",
    };
    const size_t n_seeds = sizeof(seeds) / sizeof(seeds[0]);
    /* each word in its own buffer, the bytes after its NUL set to junk that
     * differs from one copy of a word to the next */
    char(*buf)[PAD] = malloc((size_t)N * PAD);
    struct slant_stem_word *words = malloc(N * sizeof(*words));
    assert_non_null(buf);
    assert_non_null(words);
    for (int i = 0; i < N; i++) {
        memset(buf[i], 'A' + i % 26, PAD);
        const char *w = seeds[(size_t)i % n_seeds];
        size_t len = strlen(w);
        memcpy(buf[i], w, len);
        if (i % 3 == 0 && len + 4 < PAD) /* new forms along the way */
            len += (size_t)snprintf(buf[i] + len, PAD - len, "%d", i % 97);
        buf[i][len] = '\0';
        words[i].form = buf[i];
        words[i].len = (uint32_t)len;
        words[i].script = i % n_seeds == 7   ? SLANT_SCRIPT_CYRILLIC
                          : i % n_seeds == 8 ? SLANT_SCRIPT_NONE
                                             : SLANT_SCRIPT_LATIN;
    }
    const struct slant_form *out[SLANT_STEM_MANY];
    uint32_t ids[SLANT_STEM_MANY];
    size_t run = 1;
    for (size_t at = 0; at < N; at += run, run = run % SLANT_STEM_MANY + 1) {
        size_t n = at + run <= N ? run : N - at;
        assert_int_equal(slant_stemmer_find_many(many, &en2, n, words + at, out, ids), 0);
        for (size_t i = 0; i < n; i++) {
            const struct slant_stem_word *w = &words[at + i];
            const struct slant_form *f = NULL;
            int id = slant_stemmer_find_in(one, &en1, w->script, w->form, w->len, &f);
            assert_int_equal(ids[i], id);
            assert_int_equal(out[i]->id, ids[i]);
            assert_string_equal(out[i]->form, f->form);
            assert_string_equal(out[i]->stem, f->stem);
            assert_string_equal(out[i]->lang, f->lang);
        }
    }
    /* the numbered forms are new ones; the junk made none (find_in reads
     * only the word's own bytes) */
    assert_true(slant_stemmer_size(many) > n_seeds);
    assert_int_equal(slant_stemmer_size(many), slant_stemmer_size(one));
    assert_int_equal(slant_stemmer_find_many(many, &en2, SLANT_STEM_MANY + 1, words, out, ids),
                     SLANT_EINVAL);
    char big[SLANT_TOKEN_MAX + 1 + 16];
    memset(big, 'b', sizeof(big));
    struct slant_stem_word too_big = {big, SLANT_TOKEN_MAX + 1, SLANT_SCRIPT_LATIN};
    assert_int_equal(slant_stemmer_find_many(many, &en2, 1, &too_big, out, ids), SLANT_ETOOBIG);
    free(words);
    free(buf);
    slant_stemmer_free(one);
    slant_stemmer_free(many);
}

/* The tokenizer and the stemmer together: the kind of loop ingest runs. */
static void test_with_tokenizer(void **state)
{
    (void)state;
    struct slant_stemmer *s = slant_stemmer_new();
    struct slant_tokenizer *tz = slant_tokenizer_new();
    struct slant_token t;
    const char *text = "Liberation, liberate! LIBERATION \xD0\x9A\xD1\x83\xD1\x80\xD1\x81\xD0\xBA";
    slant_tokenizer_reset(tz, text, strlen(text));
    const struct slant_form *forms[8];
    size_t n = 0;
    while (slant_tokenizer_next(tz, &t)) {
        if (t.kind != SLANT_TOK_WORD)
            continue;
        assert_int_equal(slant_stemmer_lookup(s, "en", t.script, t.norm, t.norm_len, &forms[n]), 0);
        n++;
    }
    assert_int_equal(n, 4);
    assert_ptr_equal(forms[0], forms[2]); /* Liberation and LIBERATION fold together */
    assert_string_equal(forms[3]->lang, "");
    assert_int_equal(slant_stemmer_size(s), 3);
    slant_tokenizer_free(tz);
    slant_stemmer_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_pointer_dense_ids),
        cmocka_unit_test(test_english_matches_libstemmer),
        cmocka_unit_test(test_script_rule),
        cmocka_unit_test(test_too_big),
        cmocka_unit_test(test_many_forms_stable),
        cmocka_unit_test(test_lengths_not_confused),
        cmocka_unit_test(test_stem_word),
        cmocka_unit_test(test_langs),
        cmocka_unit_test(test_find_many_agrees),
        cmocka_unit_test(test_with_tokenizer),
        cmocka_unit_test(test_resolved_lang),
    };
    return cmocka_run_group_tests_name("stem", tests, NULL, NULL);
}
