/* test_tokenize.c - the tokenizer: words, numbers, quotes, boundaries, limits. */
#include "testutil.h"

#include <malloc.h>

#include "slant/err.h"
#include "slant/tokenize.h"
#include "slant/utf8.h"

struct tk {
    char norm[SLANT_TOKEN_MAX + 1];
    size_t start, end, norm_len;
    uint32_t sent, para;
    uint8_t kind, quote, script, flags;
};

#define MAXTK 256

/* Tokenize text with tz into tks (at most MAXTK); returns the count. */
static size_t run_with(struct slant_tokenizer *tz, const char *text, size_t len, struct tk *tks)
{
    struct slant_token t;
    size_t n = 0;
    slant_tokenizer_reset(tz, text, len);
    while (slant_tokenizer_next(tz, &t)) {
        assert_true(n < MAXTK);
        assert_true(t.norm_len <= SLANT_TOKEN_MAX);
        assert_int_equal(strlen(t.norm), t.norm_len);
        memset(&tks[n], 0, sizeof(tks[n])); /* padding too: whole records are compared */
        memcpy(tks[n].norm, t.norm, t.norm_len + 1);
        tks[n].start = t.start;
        tks[n].end = t.end;
        tks[n].norm_len = t.norm_len;
        tks[n].sent = t.sent;
        tks[n].para = t.para;
        tks[n].kind = t.kind;
        tks[n].quote = t.quote;
        tks[n].script = t.script;
        tks[n].flags = t.flags;
        n++;
    }
    return n;
}

/* As run_with, but in runs of up to cap tokens (slant_tokenizer_run). */
static size_t runs_with(struct slant_tokenizer *tz, const char *text, size_t len, struct tk *tks,
                        size_t cap)
{
    struct slant_token t[SLANT_TOKEN_KEEP + 1];
    size_t n = 0, got;
    slant_tokenizer_reset(tz, text, len);
    while ((got = slant_tokenizer_run(tz, t, cap)) > 0) {
        assert_true(got <= cap && got <= SLANT_TOKEN_KEEP);
        for (size_t i = 0; i < got; i++) {
            assert_true(n < MAXTK);
            memset(&tks[n], 0, sizeof(tks[n]));
            memcpy(tks[n].norm, t[i].norm, t[i].norm_len + 1);
            tks[n].start = t[i].start;
            tks[n].end = t[i].end;
            tks[n].norm_len = t[i].norm_len;
            tks[n].sent = t[i].sent;
            tks[n].para = t[i].para;
            tks[n].kind = t[i].kind;
            tks[n].quote = t[i].quote;
            tks[n].script = t[i].script;
            tks[n].flags = t[i].flags;
            n++;
        }
    }
    return n;
}

/* Tokenize text with a new tokenizer into tks (at most MAXTK). */
static size_t run(const char *text, size_t len, struct tk *tks)
{
    struct slant_tokenizer *tz = slant_tokenizer_new();
    size_t n = run_with(tz, text, len, tks);
    slant_tokenizer_free(tz);
    return n;
}

static size_t runs(const char *text, struct tk *tks)
{
    return run(text, strlen(text), tks);
}

/* The norms joined by '|', for compact whole-sequence checks. */
static const char *joined(const struct tk *tks, size_t n)
{
    static char buf[8192];
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s", i ? "|" : "", tks[i].norm);
    return buf;
}

static void test_empty(void **state)
{
    (void)state;
    struct tk tks[MAXTK];
    assert_int_equal(runs("", tks), 0);
    assert_int_equal(runs(" \t\n\r\n  ", tks), 0);
    struct slant_tokenizer *tz = slant_tokenizer_new();
    struct slant_token t;
    slant_tokenizer_reset(tz, NULL, 0);
    assert_int_equal(slant_tokenizer_next(tz, &t), 0);
    assert_int_equal(slant_tokenizer_next(tz, &t), 0); /* stays at the end */
    slant_tokenizer_free(tz);
    slant_tokenizer_free(NULL);
}

static void test_apostrophes(void **state)
{
    (void)state;
    struct tk t[MAXTK];
    size_t n = runs("Russia's don't THEY'RE soldiers' lives", t);
    assert_string_equal(joined(t, n), "russia's|don't|they're|soldiers|'|lives");
    assert_int_equal(t[0].kind, SLANT_TOK_WORD);
    assert_int_equal(t[3].kind, SLANT_TOK_WORD);
    assert_int_equal(t[4].kind, SLANT_TOK_QUOTE);
    assert_int_equal(t[4].quote, SLANT_Q_EITHER);
    assert_false(t[4].flags & SLANT_TF_DOUBLE);

    /* U+2019: an apostrophe between letters (form uses '), else a closing quote */
    n = runs("Russia\xE2\x80\x99s soldiers\xE2\x80\x99 return", t);
    assert_string_equal(joined(t, n), "russia's|soldiers|\xE2\x80\x99|return");
    assert_int_equal(t[0].start, 0);
    assert_int_equal(t[0].end, 10); /* the span keeps the 3-byte apostrophe */
    assert_int_equal(t[2].kind, SLANT_TOK_QUOTE);
    assert_int_equal(t[2].quote, SLANT_Q_CLOSE);
    /* leading apostrophe is a quote, not part of the word */
    n = runs("'tis", t);
    assert_string_equal(joined(t, n), "'|tis");
}

static void test_ascii_lowercase(void **state)
{
    (void)state;
    struct tk t[MAXTK];
    /* long mixed-case words; one followed at once by non-ASCII bytes (an em
     * dash), one ending at the very end of the text */
    size_t n = runs("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 ABCDE\xE2\x80\x94ZyX "
                    "@Z[a`A{ QRSTUVWXYZQRSTUVW",
                    t);
    assert_string_equal(joined(t, n), "abcdefghijklmnopqrstuvwxyz0123456789|abcde|\xE2\x80\x94|zyx|"
                                      "@|z|[|a|`|a|{|qrstuvwxyzqrstuvw");
    /* the same word at every alignment, up to the end of the buffer */
    char buf[64];
    const char *w = "MiXeDcAsEwOrD";
    for (size_t pad = 0; pad < 16; pad++) {
        memset(buf, ' ', pad);
        memcpy(buf + pad, w, strlen(w));
        n = run(buf, pad + strlen(w), t);
        assert_int_equal(n, 1);
        assert_string_equal(t[0].norm, "mixedcaseword");
    }
}

static void test_hyphens(void **state)
{
    (void)state;
    struct tk t[MAXTK];
    size_t n = runs("cross-border so-called Blood-Sealed -dash end- a--b COVID-19", t);
    assert_string_equal(joined(t, n),
                        "cross-border|so-called|blood-sealed|-|dash|end|-|a|-|-|b|covid-19");
    assert_int_equal(t[0].kind, SLANT_TOK_WORD);
    assert_int_equal(t[3].kind, SLANT_TOK_PUNCT);
    /* U+2010 HYPHEN inside a word is kept and written as '-' in the form */
    n = runs("pro\xE2\x80\x90Russian", t);
    assert_int_equal(n, 1);
    assert_string_equal(t[0].norm, "pro-russian");
    assert_int_equal(t[0].end, 13);
}

static void test_quotes(void **state)
{
    (void)state;
    struct tk t[MAXTK];
    const char *s = "\xE2\x80\x9C"
                    "a\xE2\x80\x9D \xC2\xAB"
                    "b\xC2\xBB \xE2\x80\x9E"
                    "c\xE2\x80\x9A "
                    "\xE2\x80\xB9"
                    "d\xE2\x80\xBA \"e\" \xE2\x80\x98"
                    "f\xE2\x80\x99 'g'";
    size_t n = runs(s, t);
    struct {
        int kind, quote, dbl;
    } want[] = {
        {SLANT_TOK_QUOTE, SLANT_Q_OPEN, 1},   {SLANT_TOK_WORD, 0, 0}, /* “a */
        {SLANT_TOK_QUOTE, SLANT_Q_CLOSE, 1},                          /* ” */
        {SLANT_TOK_QUOTE, SLANT_Q_OPEN, 1},   {SLANT_TOK_WORD, 0, 0}, /* «b */
        {SLANT_TOK_QUOTE, SLANT_Q_CLOSE, 1},                          /* » */
        {SLANT_TOK_QUOTE, SLANT_Q_OPEN, 1},   {SLANT_TOK_WORD, 0, 0}, /* „c */
        {SLANT_TOK_QUOTE, SLANT_Q_OPEN, 0},                           /* ‚ */
        {SLANT_TOK_QUOTE, SLANT_Q_OPEN, 0},   {SLANT_TOK_WORD, 0, 0}, /* ‹d */
        {SLANT_TOK_QUOTE, SLANT_Q_CLOSE, 0},                          /* › */
        {SLANT_TOK_QUOTE, SLANT_Q_EITHER, 1}, {SLANT_TOK_WORD, 0, 0}, /* "e */
        {SLANT_TOK_QUOTE, SLANT_Q_EITHER, 1},                         /* " */
        {SLANT_TOK_QUOTE, SLANT_Q_OPEN, 0},   {SLANT_TOK_WORD, 0, 0}, /* ‘f */
        {SLANT_TOK_QUOTE, SLANT_Q_CLOSE, 0},                          /* ’ */
        {SLANT_TOK_QUOTE, SLANT_Q_EITHER, 0}, {SLANT_TOK_WORD, 0, 0}, /* 'g */
        {SLANT_TOK_QUOTE, SLANT_Q_EITHER, 0},                         /* ' */
    };
    assert_int_equal(n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(t[i].kind, want[i].kind);
        assert_int_equal(t[i].quote, want[i].quote);
        assert_int_equal(!!(t[i].flags & SLANT_TF_DOUBLE), want[i].dbl);
        if (t[i].kind == SLANT_TOK_QUOTE) /* the raw mark is the form */
            assert_memory_equal(t[i].norm, s + t[i].start, t[i].end - t[i].start);
    }
    assert_string_equal(t[1].norm, "a");
    assert_string_equal(t[19].norm, "g");
}

static void test_numbers(void **state)
{
    (void)state;
    struct tk t[MAXTK];
    size_t n = runs("10,000 3.15 2025 28th 2024\xE2\x80\x93"
                    "2025 in 2025. 1,2,",
                    t);
    assert_string_equal(joined(t, n),
                        "10,000|3.15|2025|28th|2024|\xE2\x80\x93|2025|in|2025|.|1,2|,");
    int kinds[] = {SLANT_TOK_NUMBER, SLANT_TOK_NUMBER, SLANT_TOK_NUMBER, SLANT_TOK_NUMBER,
                   SLANT_TOK_NUMBER, SLANT_TOK_PUNCT,  SLANT_TOK_NUMBER, SLANT_TOK_WORD,
                   SLANT_TOK_NUMBER, SLANT_TOK_PUNCT,  SLANT_TOK_NUMBER, SLANT_TOK_PUNCT};
    for (size_t i = 0; i < n; i++)
        assert_int_equal(t[i].kind, kinds[i]);
    assert_int_equal(t[2].script, SLANT_SCRIPT_NONE);
    assert_int_equal(t[3].script, SLANT_SCRIPT_LATIN); /* "28th": its first letter */
}

static void test_punct_symbols(void **state)
{
    (void)state;
    struct tk t[MAXTK];
    size_t n = runs("50% of $3 (approx.) \xC2\xA9 \xF0\x9F\x98\x80; ok", t);
    assert_string_equal(joined(t, n), "50|%|of|$|3|(|approx|.|)|\xC2\xA9|\xF0\x9F\x98\x80|;|ok");
    assert_int_equal(t[1].kind, SLANT_TOK_SYMBOL);
    assert_int_equal(t[3].kind, SLANT_TOK_SYMBOL);
    assert_int_equal(t[5].kind, SLANT_TOK_PUNCT);
    assert_int_equal(t[9].kind, SLANT_TOK_SYMBOL);
    assert_int_equal(t[10].kind, SLANT_TOK_SYMBOL);
    assert_int_equal(t[11].kind, SLANT_TOK_PUNCT);
}

static void test_sentences(void **state)
{
    (void)state;
    struct tk t[MAXTK];
    const char *s = "The U.S. Army moved. Gen. Smith spoke to Mr. Jones. He said \"We won.\" "
                    "Then left! Really? yes, really... And J. Doe agreed (quietly.) No. 5 won. "
                    "They said no. End e.g. this";
    size_t n = runs(s, t);
    /* expected sentence of each token, worked out by hand */
    const char *want[] = {
        "the:0",  "u:0",       ".:0",     "s:0",      ".:0",  "army:0", "moved:0", ".:0",
        "gen:1",  ".:1",       "smith:1", "spoke:1",  "to:1", "mr:1",   ".:1",     "jones:1",
        ".:1",    "he:2",      "said:2",  "\":2",     "we:2", "won:2",  ".:2",     "\":2",
        "then:3", "left:3",    "!:3",     "really:4", "?:4",  "yes:4",  ",:4",     "really:4",
        ".:4",    ".:4",       ".:4",     "and:5",    "j:5",  ".:5",    "doe:5",   "agreed:5",
        "(:5",    "quietly:5", ".:5",     "):5",      "no:6", ".:6",    "5:6",     "won:6",
        ".:6",    "they:7",    "said:7",  "no:7",     ".:7",  "end:8",  "e:8",     ".:8",
        "g:8",    ".:8",       "this:8",
    };
    assert_int_equal(n, sizeof(want) / sizeof(want[0]));
    uint32_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        char got[300];
        snprintf(got, sizeof(got), "%.256s:%u", t[i].norm, t[i].sent);
        assert_string_equal(got, want[i]);
        int starts = i == 0 || t[i].sent != prev;
        assert_int_equal(!!(t[i].flags & SLANT_TF_SENT_START), starts);
        assert_int_equal(t[i].para, 0);
        prev = t[i].sent;
    }
    assert_true(t[0].flags & SLANT_TF_PARA_START);
}

static void test_sentences_unicode(void **state)
{
    (void)state;
    struct tk t[MAXTK];
    /* … ends a sentence; a closing ” after it stays in the sentence; Cyrillic
     * capital starts the next; a lowercase Cyrillic letter does not */
    size_t n = runs("\xE2\x80\x9CWait\xE2\x80\xA6\xE2\x80\x9D \xD0\x9F\xD1\x83\xD1\x82\xD0\xB8"
                    "\xD0\xBD. \xD0\xB0 \xD0\xB1",
                    t);
    /* “ wait … ” путин . а б */
    assert_int_equal(n, 8);
    uint32_t want[] = {0, 0, 0, 0, 1, 1, 1, 1};
    for (size_t i = 0; i < n; i++)
        assert_int_equal(t[i].sent, want[i]);
    assert_string_equal(t[4].norm, "\xD0\xBF\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD");
}

static void test_paragraphs(void **state)
{
    (void)state;
    struct tk t[MAXTK];
    size_t n = runs("\n\nOne two.\nThree\r\n\r\nFour\xE2\x80\xA9"
                    "Five six",
                    t);
    assert_string_equal(joined(t, n), "one|two|.|three|four|five|six");
    uint32_t para[] = {0, 0, 0, 1, 2, 3, 3};
    uint32_t sent[] = {0, 0, 0, 1, 2, 3, 3};
    uint8_t flags[] = {3, 0, 0, 3, 3, 3, 0};
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(t[i].para, para[i]);
        assert_int_equal(t[i].sent, sent[i]);
        assert_int_equal(t[i].flags & (SLANT_TF_SENT_START | SLANT_TF_PARA_START), flags[i]);
    }
    /* a line break ends the sentence even with no full stop, and after an
     * abbreviation */
    n = runs("Gen.\nsmith", t);
    assert_int_equal(t[2].sent, 1);
    assert_int_equal(t[2].para, 1);
}

static void test_offsets(void **state)
{
    (void)state;
    struct tk t[MAXTK];
    const char *s = "  Hi, \xE2\x80\x9CKursk\xE2\x80\x9D\xE2\x80\x94"
                    "\xD0\xA0\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD1\x8F\xE2\x80\x99s 10,000\n";
    size_t n = runs(s, t);
    size_t spans[][2] = {{2, 4}, {4, 5}, {6, 9}, {9, 14}, {14, 17}, {17, 20}, {20, 36}, {37, 43}};
    assert_int_equal(n, 8);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(t[i].start, spans[i][0]);
        assert_int_equal(t[i].end, spans[i][1]);
    }
    assert_string_equal(t[6].norm, "\xD1\x80\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD1\x8F's");
    assert_int_equal(t[6].script, SLANT_SCRIPT_CYRILLIC);
    assert_int_equal(t[3].script, SLANT_SCRIPT_LATIN);
    assert_int_equal(t[5].kind, SLANT_TOK_PUNCT); /* em dash */
}

static void test_normalisation(void **state)
{
    (void)state;
    struct tk t[MAXTK];
    /* decomposed e + U+0301 composes to é; ß folds to ss; Σ to σ; Cyrillic lowercases */
    size_t n = runs("CAFE\xCC\x81 Stra\xC3\x9F"
                    "e \xCE\xA3\xCE\x9F\xCE\xA6\xCE\x9F\xCE\xA3 "
                    "\xD0\x9F\xD0\xA3\xD0\xA2\xD0\x98\xD0\x9D \xC3\x89LAN lib\xC2\xAD"
                    "eration",
                    t);
    assert_int_equal(n, 6);
    assert_string_equal(t[0].norm, "caf\xC3\xA9");
    assert_int_equal(t[0].end, 6);
    assert_string_equal(t[1].norm, "strasse");
    assert_string_equal(t[2].norm, "\xCF\x83\xCE\xBF\xCF\x86\xCE\xBF\xCF\x83");
    assert_int_equal(t[2].script, SLANT_SCRIPT_OTHER);
    assert_string_equal(t[3].norm, "\xD0\xBF\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD");
    assert_string_equal(t[4].norm, "\xC3\xA9lan");
    assert_int_equal(t[4].script, SLANT_SCRIPT_LATIN);
    /* a soft hyphen inside a word is in its span but not its form */
    assert_string_equal(t[5].norm, "liberation");
    assert_int_equal(t[5].end - t[5].start, 12);
}

static void test_hangul_han_cyrillic(void **state)
{
    (void)state;
    struct tk t[MAXTK];
    /* 조선 인민군 (Hangul), 朝鮮 (Han), Курск (Cyrillic), mixed with Latin */
    size_t n = runs("Korean: \xEC\xA1\xB0\xEC\x84\xA0 \xEC\x9D\xB8\xEB\xAF\xBC\xEA\xB5\xB0; "
                    "Hancha: \xE6\x9C\x9D\xE9\xAE\xAE, \xD0\x9A\xD1\x83\xD1\x80\xD1\x81\xD0\xBA.",
                    t);
    assert_string_equal(
        joined(t, n),
        "korean|:|\xEC\xA1\xB0\xEC\x84\xA0|\xEC\x9D\xB8\xEB\xAF\xBC\xEA\xB5\xB0|;|"
        "hancha|:|\xE6\x9C\x9D\xE9\xAE\xAE|,|\xD0\xBA\xD1\x83\xD1\x80\xD1\x81\xD0\xBA|.");
    assert_int_equal(t[2].kind, SLANT_TOK_WORD);
    assert_int_equal(t[2].script, SLANT_SCRIPT_OTHER);
    assert_int_equal(t[3].kind, SLANT_TOK_WORD);
    assert_int_equal(t[7].kind, SLANT_TOK_WORD);
    assert_int_equal(t[7].script, SLANT_SCRIPT_OTHER);
    assert_int_equal(t[9].script, SLANT_SCRIPT_CYRILLIC);
    /* ideographic full stop ends a sentence with no space after it */
    n = runs("\xE6\x9C\x9D\xE3\x80\x82\xE9\xAE\xAE", t);
    assert_int_equal(n, 3);
    assert_int_equal(t[2].sent, 1);
}

static void test_invalid_bytes(void **state)
{
    (void)state;
    const char s[] = "ab\x80"
                     "cd\0e \xED\xA0\x80";
    struct slant_tokenizer *tz = slant_tokenizer_new();
    struct slant_token t;
    slant_tokenizer_reset(tz, s, sizeof(s) - 1);
    const char *want[] = {"ab", "\xEF\xBF\xBD", "cd",           "\xEF\xBF\xBD",
                          "e",  "\xEF\xBF\xBD", "\xEF\xBF\xBD", "\xEF\xBF\xBD"};
    size_t n = 0;
    while (slant_tokenizer_next(tz, &t)) {
        assert_true(n < 8);
        assert_string_equal(t.norm, want[n]);
        assert_int_equal(!!(t.flags & SLANT_TF_REPLACED), n == 1 || n == 3 || n >= 5);
        if (t.flags & SLANT_TF_REPLACED) {
            assert_int_equal(t.kind, SLANT_TOK_SYMBOL);
            assert_int_equal(t.end - t.start, 1);
        }
        n++;
    }
    assert_int_equal(n, 8);
    assert_int_equal(slant_tokenizer_replacements(tz), 5);
    /* reset clears the counters */
    slant_tokenizer_reset(tz, "x", 1);
    assert_int_equal(slant_tokenizer_replacements(tz), 0);
    slant_tokenizer_free(tz);
}

static void test_megabyte_word(void **state)
{
    (void)state;
    size_t len = 1u << 20;
    char *s = malloc(len + 8);
    assert_non_null(s);
    memset(s, 'A', len);
    memcpy(s + len, " next", 5);
    struct slant_tokenizer *tz = slant_tokenizer_new();
    struct slant_token t;
    slant_tokenizer_reset(tz, s, len + 5);
    assert_int_equal(slant_tokenizer_next(tz, &t), 1);
    assert_int_equal(t.start, 0);
    assert_int_equal(t.end, len);
    assert_int_equal(t.norm_len, SLANT_TOKEN_MAX);
    assert_true(t.flags & SLANT_TF_TRUNCATED);
    for (size_t i = 0; i < t.norm_len; i++)
        assert_int_equal(t.norm[i], 'a');
    assert_int_equal(slant_tokenizer_next(tz, &t), 1);
    assert_string_equal(t.norm, "next");
    assert_false(t.flags & SLANT_TF_TRUNCATED);
    assert_int_equal(slant_tokenizer_truncations(tz), 1);

    /* the same with a three-byte letter (Hangul): 256 is not a multiple of 3,
     * so the cut must step back to a character boundary */
    size_t hl = len - len % 3;
    for (size_t i = 0; i < hl; i += 3)
        memcpy(s + i, "\xED\x95\x9C", 3);
    slant_tokenizer_reset(tz, s, hl);
    assert_int_equal(slant_tokenizer_next(tz, &t), 1);
    assert_int_equal(t.end, hl);
    assert_true(t.flags & SLANT_TF_TRUNCATED);
    assert_int_equal(t.norm_len, SLANT_TOKEN_MAX - SLANT_TOKEN_MAX % 3);
    assert_true(slant_utf8_valid(t.norm, t.norm_len));
    assert_memory_equal(t.norm, s, t.norm_len);
    assert_int_equal(slant_tokenizer_next(tz, &t), 0);
    assert_int_equal(slant_tokenizer_truncations(tz), 1);
    slant_tokenizer_free(tz);
    free(s);

    /* a word just at the limit is not truncated */
    char w[SLANT_TOKEN_MAX];
    memset(w, 'b', sizeof(w));
    tz = slant_tokenizer_new();
    slant_tokenizer_reset(tz, w, sizeof(w));
    assert_int_equal(slant_tokenizer_next(tz, &t), 1);
    assert_int_equal(t.norm_len, SLANT_TOKEN_MAX);
    assert_false(t.flags & SLANT_TF_TRUNCATED);
    slant_tokenizer_free(tz);
}

static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

static void test_long_line_constant_memory(void **state)
{
    (void)state;
    /* 20 MB on one line: ASCII words, a Cyrillic word, a quote, punctuation */
    const char unit[] = "The troops' \"cross-border\" \xD0\x9A\xD1\x83\xD1\x80\xD1\x81\xD0\xBA, "
                        "10,000 shells; ";
    size_t ul = sizeof(unit) - 1, reps = (20u << 20) / ul;
    size_t len = ul * reps;
    char *s = malloc(len);
    assert_non_null(s);
    for (size_t i = 0; i < reps; i++)
        memcpy(s + i * ul, unit, ul);
    struct slant_tokenizer *tz = slant_tokenizer_new();
    struct slant_token t;
    size_t before = heap_in_use();
    slant_tokenizer_reset(tz, s, len);
    size_t n = 0, words = 0, last_end = 0;
    while (slant_tokenizer_next(tz, &t)) {
        n++;
        words += t.kind == SLANT_TOK_WORD;
        assert_true(t.start >= last_end);
        last_end = t.end;
        assert_int_equal(t.para, 0);
    }
    size_t after = heap_in_use();
    /* the: troops ' " cross-border " курск , 10,000 shells ; = 11 tokens, 5 words */
    assert_int_equal(n, 11 * reps);
    assert_int_equal(words, 5 * reps);
    assert_int_equal(last_end, len - 1);
    /* nothing was allocated while tokenizing 20 MB (the heap is where it was) */
    assert_int_equal(after, before);
    slant_tokenizer_free(tz);
    free(s);
}

static void test_fold(void **state)
{
    (void)state;
    char *r;
    size_t n;
    const char *rw = "Russia\xE2\x80\x99S WAR";
    assert_int_equal(slant_fold(rw, strlen(rw), &r, &n), 0);
    assert_string_equal(r, "russia's war");
    assert_int_equal(n, 12);
    free(r);
    assert_int_equal(slant_fold("SO-CALLED", 9, &r, &n), 0);
    assert_string_equal(r, "so-called");
    free(r);
    assert_int_equal(slant_fold("CAFE\xCC\x81", 6, &r, &n), 0);
    assert_string_equal(r, "caf\xC3\xA9");
    assert_int_equal(n, 5);
    free(r);
    assert_int_equal(
        slant_fold("\xD0\x9B\xD0\x98\xD0\x91\xD0\x95\xD0\xA0\xD0\x90\xD0\xA6\xD0\x98\xD0\xAF", 18,
                   &r, &n),
        0);
    assert_string_equal(r,
                        "\xD0\xBB\xD0\xB8\xD0\xB1\xD0\xB5\xD1\x80\xD0\xB0\xD1\x86\xD0\xB8\xD1\x8F");
    free(r);
    /* invalid bytes are repaired, not refused */
    assert_int_equal(slant_fold("A\x80\xC3\x89", 4, &r, &n), 0);
    assert_string_equal(r, "a\xEF\xBF\xBD\xC3\xA9");
    free(r);
    assert_int_equal(slant_fold("", 0, &r, &n), 0);
    assert_string_equal(r, "");
    assert_int_equal(n, 0);
    free(r);
}

/* Every word form equals slant_fold of its raw span: tokens and lexicon
 * patterns are normalised the same way. */
static void check_fold_agrees(const char *text, size_t len, size_t *words, size_t *other_script)
{
    struct slant_tokenizer *tz = slant_tokenizer_new();
    struct slant_token t;
    slant_tokenizer_reset(tz, text, len);
    while (slant_tokenizer_next(tz, &t)) {
        if (t.kind != SLANT_TOK_WORD || (t.flags & SLANT_TF_TRUNCATED))
            continue;
        (*words)++;
        if (t.script == SLANT_SCRIPT_OTHER)
            (*other_script)++;
        char *f;
        size_t fl;
        assert_int_equal(slant_fold(text + t.start, t.end - t.start, &f, &fl), 0);
        assert_int_equal(fl, t.norm_len);
        assert_string_equal(f, t.norm);
        free(f);
    }
    slant_tokenizer_free(tz);
}

static void test_fold_agrees(void **state)
{
    (void)state;
    const char *s = "Russia\xE2\x80\x99s CAFE\xCC\x81 \xEC\xA1\xB0\xEC\x84\xA0 lib\xC2\xAD"
                    "eration Stra\xC3\x9F"
                    "e pro\xE2\x80\x90Kremlin";
    size_t words = 0, other = 0;
    check_fold_agrees(s, strlen(s), &words, &other);
    assert_int_equal(words, 6);
    assert_int_equal(other, 1);
}

/* The Pravda.Ru article of the Kursk set quotes a Korean name in Hangul:
 * each Hangul run must come out as one WORD token, unmangled. */
static void test_kursk_hangul(void **state)
{
    (void)state;
    const char *dir = slant_test_shared("kursk/pravda-ru");
    if (!dir) {
        skip();
        return;
    }
    char path[4200];
    snprintf(path, sizeof(path), "%s/003_1d9773f62751cfc8.txt", dir);
    size_t len = 0;
    char *text = slant_test_slurp(path, &len);
    assert_non_null(text);
    struct slant_tokenizer *tz = slant_tokenizer_new();
    struct slant_token t;
    slant_tokenizer_reset(tz, text, len);
    size_t hangul_tokens = 0, hangul_bytes_in_tokens = 0;
    while (slant_tokenizer_next(tz, &t)) {
        int has_hangul = 0;
        for (size_t i = t.start; i < t.end;) {
            uint32_t cp;
            i += slant_utf8_decode(text + i, text + t.end, &cp, NULL);
            if (cp >= 0xAC00 && cp <= 0xD7A3) /* Hangul syllables */
                has_hangul = 1;
        }
        if (!has_hangul)
            continue;
        hangul_tokens++;
        assert_int_equal(t.kind, SLANT_TOK_WORD);
        assert_int_equal(t.script, SLANT_SCRIPT_OTHER);
        /* Hangul has no case and precomposed syllables are NFC: the form is the raw text */
        assert_int_equal(t.norm_len, t.end - t.start);
        assert_memory_equal(t.norm, text + t.start, t.norm_len);
        hangul_bytes_in_tokens += t.norm_len;
    }
    slant_tokenizer_free(tz);
    /* every Hangul syllable in the file is inside one of those tokens */
    size_t hangul_bytes = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = slant_utf8_decode(text + i, text + len, &cp, NULL);
        if (cp >= 0xAC00 && cp <= 0xD7A3)
            hangul_bytes += n;
        i += n;
    }
    assert_true(hangul_tokens >= 2);
    assert_int_equal(hangul_bytes_in_tokens, hangul_bytes);
    free(text);
}

/* Over all five Kursk articles: fold agrees with the tokenizer, spans are sane. */
static void test_kursk_all(void **state)
{
    (void)state;
    static const char *const files[] = {
        "kursk/the-gaze/000_e123a44122765ac0.txt",
        "kursk/ukrainska-pravda/001_4b7b8601faa00e0b.txt",
        "kursk/tass/002_b6272c481f1f2f00.txt",
        "kursk/pravda-ru/003_1d9773f62751cfc8.txt",
        "kursk/newsweek/004_cbc4b6df7a083a1a.txt",
    };
    size_t words = 0, other = 0;
    for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
        const char *path = slant_test_shared(files[f]);
        if (!path) {
            skip();
            return;
        }
        size_t len = 0;
        char *text = slant_test_slurp(path, &len);
        assert_non_null(text);
        check_fold_agrees(text, len, &words, &other);
        free(text);
    }
    assert_true(words > 2000);
    assert_true(other > 0);
}

/*
 * Plain ASCII words in mid-paragraph take a shortcut: it must give exactly
 * what the general path gives.  Random texts of pieces that end or extend a
 * word (apostrophes, hyphens, digits, marks, curly quotes, sentence ends,
 * line breaks, invalid bytes), every token compared field by field.
 */
/* A word of SLANT_TOKEN_MAX letters in mid-paragraph takes the shortcut;
 * one letter more is cut and flagged by the general path. */
static void test_shortcut_long_words(void **state)
{
    (void)state;
    static char text[2 + SLANT_TOKEN_MAX + 2];
    struct tk t[4];
    struct slant_tokenizer *tz = slant_tokenizer_new();
    for (size_t extra = 0; extra <= 1; extra++) {
        size_t len = 2 + SLANT_TOKEN_MAX + extra;
        memcpy(text, "x ", 2);
        memset(text + 2, 'a', SLANT_TOKEN_MAX + extra);
        assert_int_equal(run_with(tz, text, len, t), 2);
        assert_int_equal(t[1].start, 2);
        assert_int_equal(t[1].end, len);
        assert_int_equal(t[1].norm_len, SLANT_TOKEN_MAX);
        assert_int_equal(!!(t[1].flags & SLANT_TF_TRUNCATED), extra);
        assert_int_equal(slant_tokenizer_truncations(tz), extra);
        assert_int_equal(slant_tokenizer_shortcuts(tz), 1 - extra);
    }
    slant_tokenizer_free(tz);
}

static void test_shortcut_agrees(void **state)
{
    (void)state;
    static char w256[257], w257[258]; /* words at and over SLANT_TOKEN_MAX */
    memset(w256, 'w', 256);
    memset(w257, 'W', 257);
    const char *const pieces[] = {
        w256,
        w257,
        "Word",
        "word",
        "W",
        "x",
        "42",
        "3.5",
        "U.S.",
        "Gen.",
        " ",
        "  ",
        "\n",
        "\n\n",
        ".",
        ". ",
        "! ",
        "?",
        "'",
        "s",
        "-",
        "\xE2\x80\x99",
        "\xE2\x80\x9C",
        "\xE2\x80\x9D",
        "\"",
        "\xC3\xA9",
        "\xCC\x81",
        "\xD0\x9F",
        "\xEF\xBF\xBD",
        "\x80",
        "\t",
        "(",
        ")",
        ",",
        "_",
        "\x01",
        "\xC2\xAD",
        "cafe",
        "CAFE",
        "no. ",
        "said",
        "\r\n",
        /* next to letters in ASCII order, for the eight-bytes-at-a-time
         * scan (a byte with the case bit set is a letter only in a..z) */
        "@",
        "[",
        "`",
        "{",
        "/",
        ":",
        "\x7F",
        "\xDA\x80",
        "Zebra9",
        "internationally",
    };
    size_t n_pieces = sizeof(pieces) / sizeof(pieces[0]);
    struct slant_tokenizer *fast = slant_tokenizer_new(), *general = slant_tokenizer_new();
    slant_tokenizer_set_shortcut(general, 0);
    struct slant_tokenizer *runs = slant_tokenizer_new();
    static struct tk a[MAXTK], b[MAXTK], c[MAXTK];
    char text[2048];
    unsigned long seed = 7;
    size_t shortcuts = 0;
    for (int round = 0; round < 4000; round++) {
        size_t len = 0;
        seed = seed * 6364136223846793005ul + 1442695040888963407ul;
        int n = 1 + (int)((seed >> 33) % 40);
        for (int k = 0; k < n; k++) {
            seed = seed * 6364136223846793005ul + 1442695040888963407ul;
            const char *p = pieces[(seed >> 33) % n_pieces];
            size_t pl = strlen(p);
            if (len + pl >= sizeof(text))
                break;
            memcpy(text + len, p, pl);
            len += pl;
        }
        size_t na = run_with(fast, text, len, a), nb = run_with(general, text, len, b);
        if (na != nb || memcmp(a, b, na * sizeof(a[0])) != 0)
            fail_msg("round %d: the shortcut and the general path differ on \"%.*s\"", round,
                     (int)len, text);
        /* runs of every size up to SLANT_TOKEN_KEEP and beyond give the same */
        size_t cap = 1 + (size_t)round % (SLANT_TOKEN_KEEP + 1);
        size_t nc = runs_with(runs, text, len, c, cap);
        if (nc != na || memcmp(a, c, na * sizeof(a[0])) != 0)
            fail_msg("round %d: runs of %zu differ on \"%.*s\"", round, cap, (int)len, text);
        assert_int_equal(slant_tokenizer_shortcuts(runs), slant_tokenizer_shortcuts(fast));
        assert_int_equal(slant_tokenizer_replacements(fast), slant_tokenizer_replacements(general));
        assert_int_equal(slant_tokenizer_truncations(fast), slant_tokenizer_truncations(general));
        assert_int_equal(slant_tokenizer_shortcuts(general), 0);
        shortcuts += slant_tokenizer_shortcuts(fast);
    }
    assert_true(shortcuts > 5000); /* the shortcut was taken, many times */
    slant_tokenizer_free(runs);
    slant_tokenizer_free(fast);
    slant_tokenizer_free(general);
}

/* A token's form outlives the next SLANT_TOKEN_KEEP tokens, however long
 * they are (forms of the longest length, cut ones, punctuation), and
 * SLANT_TOKEN_PAD bytes can be read from it. */
static void test_norm_kept(void **state)
{
    (void)state;
    struct slant_buf b;
    slant_buf_init(&b, 0);
    for (int i = 0; i < 600; i++) {
        /* first a run of words that are cut to the longest form, then
         * words of every length and punctuation */
        size_t len = i < 150 ? 300 : (size_t)(i * 37 % 270) + 1;
        for (size_t k = 0; k < len; k++)
            slant_buf_addc(&b, (char)('a' + (i + (int)k) % 26));
        slant_buf_adds(&b, i >= 150 && i % 5 == 0 ? ", " : " ");
    }
    struct slant_tokenizer *tz = slant_tokenizer_new();
    slant_tokenizer_reset(tz, b.p, b.len);
    enum { K = SLANT_TOKEN_KEEP + 1 };
    const char *ptr[K];
    char copy[K][SLANT_TOKEN_MAX + 1];
    struct slant_token t;
    size_t n = 0;
    while (slant_tokenizer_next(tz, &t)) {
        char pad[SLANT_TOKEN_PAD];
        memcpy(pad, t.norm, sizeof(pad));
        assert_int_equal(memcmp(pad, t.norm, t.norm_len < sizeof(pad) ? t.norm_len : sizeof(pad)),
                         0);
        ptr[n % K] = t.norm;
        memcpy(copy[n % K], t.norm, t.norm_len + 1);
        n++;
        /* the previous SLANT_TOKEN_KEEP forms are still there */
        for (size_t back = 1; back <= SLANT_TOKEN_KEEP && back < n; back++)
            assert_string_equal(ptr[(n - 1 - back) % K], copy[(n - 1 - back) % K]);
    }
    assert_int_equal(n, 600 + 90);
    slant_tokenizer_free(tz);
    slant_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_apostrophes),
        cmocka_unit_test(test_ascii_lowercase),
        cmocka_unit_test(test_hyphens),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_punct_symbols),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_sentences_unicode),
        cmocka_unit_test(test_paragraphs),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_normalisation),
        cmocka_unit_test(test_hangul_han_cyrillic),
        cmocka_unit_test(test_invalid_bytes),
        cmocka_unit_test(test_megabyte_word),
        cmocka_unit_test(test_long_line_constant_memory),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_fold_agrees),
        cmocka_unit_test(test_kursk_hangul),
        cmocka_unit_test(test_kursk_all),
        cmocka_unit_test(test_shortcut_long_words),
        cmocka_unit_test(test_shortcut_agrees),
        cmocka_unit_test(test_norm_kept),
    };
    return cmocka_run_group_tests_name("tokenize", tests, NULL, NULL);
}
