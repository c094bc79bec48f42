/*
 * test_lexicon.c - the .lex parser, linter, LIWC import and compiled index.
 *
 * The parser tests follow lexicons/README.md rule by rule; each quotes the
 * rule it checks.  Test inputs are written here or in tests/data/lex/.
 */
#include "testutil.h"

#include "slant/lexicon.h"
#include "slant/stem.h"
#include "slant/tokenize.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

/* A diagnostics sink writing into memory, so tests can read messages. */
struct cap {
    char *buf;
    size_t len;
    size_t mark; /* has_msg looks only at messages after this offset */
    FILE *f;
    struct slant_diag d;
};

static void cap_init(struct cap *c)
{
    c->buf = NULL;
    c->len = 0;
    c->mark = 0;
    c->f = open_memstream(&c->buf, &c->len);
    assert_non_null(c->f);
    slant_diag_init(&c->d, c->f);
}

static const char *cap_text(struct cap *c)
{
    fflush(c->f);
    return c->buf ? c->buf : "";
}

static void cap_release(struct cap *c)
{
    slant_diag_release(&c->d);
    fclose(c->f);
    free(c->buf);
}

/* 1 when the captured messages hold a line starting "slant: where: sev:"
 * and containing what. */
static int has_msg(struct cap *c, const char *where, const char *sev, const char *what)
{
    char head[256];
    snprintf(head, sizeof(head), "slant: %s: %s: ", where, sev);
    const char *t = cap_text(c) + c->mark;
    for (const char *l = t; l && *l;) {
        const char *nl = strchr(l, '\n');
        size_t n = nl ? (size_t)(nl - l) : strlen(l);
        if (n >= strlen(head) && strncmp(l, head, strlen(head)) == 0) {
            char *line = strndup(l, n);
            int ok = strstr(line, what) != NULL;
            free(line);
            if (ok)
                return 1;
        }
        l = nl ? nl + 1 : NULL;
    }
    return 0;
}

#define ASSERT_MSG(c, where, sev, what)                                                            \
    do {                                                                                           \
        if (!has_msg((c), (where), (sev), (what)))                                                 \
            fail_msg("no '%s: %s: ...%s...' in:\n%s", (where), (sev), (what), cap_text(c));        \
    } while (0)

static struct slant_lexicon *parse_str(struct slant_lexset *set, struct cap *c, const char *path,
                                       const char *text)
{
    struct slant_lexicon *lx = NULL;
    assert_int_equal(slant_lexicon_parse(set, path, text, strlen(text), &c->d, &lx), 0);
    assert_non_null(lx);
    return lx;
}

/* Parse text in a fresh set and return the error count (and diag text in
 * c, which the caller releases). */
static size_t errors_of(struct cap *c, const char *text)
{
    fflush(c->f);
    c->mark = c->len;
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = parse_str(set, c, "t.lex", text);
    size_t n = lx->n_errors;
    slant_lexset_free(set);
    return n;
}

/* Candidates collected from slant_lexset_candidates. */
struct cands {
    uint32_t lex[64], pat[64];
    size_t n;
};

static void collect(void *ctx, uint32_t lex, uint32_t pat)
{
    struct cands *c = ctx;
    if (c->n < 64) {
        c->lex[c->n] = lex;
        c->pat[c->n] = pat;
    }
    c->n++;
}

static int has_cand(const struct cands *c, uint32_t lex, uint32_t pat)
{
    for (size_t i = 0; i < c->n && i < 64; i++)
        if (c->lex[i] == lex && c->pat[i] == pat)
            return 1;
    return 0;
}

/* The candidates of one document word (looked up as a document in lang). */
static void cands_of(const struct slant_lexset *set, struct slant_stemmer *st, const char *lang,
                     int script, const char *word, struct cands *out)
{
    const struct slant_form *f = NULL;
    assert_int_equal(slant_stemmer_lookup(st, lang, script, word, strlen(word), &f), 0);
    memset(out, 0, sizeof(*out));
    slant_lexset_candidates(set, f, collect, out);
    /* The contract: exactly the patterns whose first token matches. */
    for (size_t i = 0; i < out->n && i < 64; i++) {
        const struct slant_lexicon *lx = slant_lexset_get(set, out->lex[i]);
        assert_non_null(lx);
        assert_true(out->pat[i] < lx->n_patterns);
        assert_int_equal(slant_pat_token_match(&lx->patterns[out->pat[i]].tokens[0], f), 1);
    }
    /* slant_lexset_keys: a token of any pattern, at any position, has its
     * key among the word's keys exactly when it matches the word; tokens
     * with the same key are the same token. */
    uint32_t keys[2 + SLANT_PAT_MAX_TOKEN_LEN];
    size_t nk = slant_lexset_keys(set, f, keys, sizeof(keys) / sizeof(keys[0]));
    assert_true(nk <= sizeof(keys) / sizeof(keys[0]));
    assert_int_equal(slant_lexset_keys(set, f, keys, 0), nk); /* counts without room */
    /* slant_lexset_lookup: the same keys and candidates, in one lookup */
    uint32_t both[2 + SLANT_PAT_MAX_TOKEN_LEN];
    struct cands again;
    memset(&again, 0, sizeof(again));
    assert_int_equal(
        slant_lexset_lookup(set, f, both, sizeof(both) / sizeof(both[0]), collect, &again), nk);
    assert_memory_equal(both, keys, nk * sizeof(keys[0]));
    assert_int_equal(again.n, out->n);
    for (size_t i = 0; i < again.n && i < 64; i++)
        assert_true(has_cand(out, again.lex[i], again.pat[i]));
    assert_int_equal(slant_lexset_lookup(set, f, both, 0, collect, &again), nk); /* no room */
    for (size_t l = 0; l < slant_lexset_count(set); l++) {
        const struct slant_lexicon *lx = slant_lexset_get(set, l);
        for (uint32_t p = 0; p < lx->n_patterns; p++) {
            for (uint32_t k = 0; k < lx->patterns[p].n_tokens; k++) {
                const struct slant_pat_token *t = &lx->patterns[p].tokens[k];
                int has = 0;
                for (size_t i = 0; i < nk; i++)
                    has |= keys[i] == t->key;
                assert_int_equal(has, slant_pat_token_match(t, f));
                const struct slant_pat_token *t0 = &lx->patterns[0].tokens[0];
                int same = t->kind == t0->kind && strcmp(t->text, t0->text) == 0 &&
                           strcmp(t->lang ? t->lang : "", t0->lang ? t0->lang : "") == 0;
                assert_int_equal(t->key == t0->key, same);
            }
        }
    }
}

static const struct slant_pattern *pattern_by_source(const struct slant_lexicon *lx,
                                                     const char *src, uint32_t *idx)
{
    for (uint32_t i = 0; i < lx->n_patterns; i++)
        if (strcmp(lx->patterns[i].source, src) == 0) {
            if (idx)
                *idx = i;
            return &lx->patterns[i];
        }
    fail_msg("no pattern '%s'", src);
    return NULL;
}

static const struct slant_frame *frame_by_name(const struct slant_lexicon *lx, const char *name)
{
    for (uint32_t i = 0; i < lx->n_frames; i++)
        if (strcmp(lx->frames[i].name, name) == 0)
            return &lx->frames[i];
    return NULL;
}

/* ------------------------------------------------------------------ */
/* The example file                                                     */
/* ------------------------------------------------------------------ */

static void test_example_file(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = NULL;
    assert_int_equal(slant_lexicon_load(set, "tests/data/lex/war.lex", &c.d, &lx), 0);
    assert_int_equal(lx->n_errors, 0);
    assert_int_equal(lx->n_warnings, 0);
    assert_string_equal(cap_text(&c), "");
    assert_string_equal(lx->name, "war-legitimacy");
    assert_string_equal(lx->language, "en");
    assert_string_equal(lx->version, "1");
    assert_string_equal(
        lx->description,
        "How an armed action is cast: as liberation and defence, or as aggression.");
    assert_string_equal(lx->path, "tests/data/lex/war.lex");
    assert_int_equal(lx->n_frames, 3);
    assert_int_equal(lx->n_patterns, 7);

    const struct slant_frame *lib = &lx->frames[0], *agg = &lx->frames[1], *neu = &lx->frames[2];
    assert_string_equal(lib->name, "liberation");
    assert_int_equal(lib->pole, SLANT_POLE_LEGITIMIZING);
    assert_string_equal(lib->pole_name, "legitimizing");
    assert_string_equal(lib->description, "Casts the action as freeing land or people.");
    assert_int_equal(lib->line, 7);
    assert_int_equal(lib->first_pattern, 0);
    assert_int_equal(lib->n_patterns, 3);
    assert_string_equal(agg->name, "aggression");
    assert_int_equal(agg->pole, SLANT_POLE_DELEGITIMIZING);
    assert_string_equal(agg->description, "");
    assert_int_equal(agg->first_pattern, 3);
    assert_int_equal(agg->n_patterns, 3);
    /* rule 10: "any other value is allowed, kept as written" */
    assert_string_equal(neu->name, "neutral wording");
    assert_int_equal(neu->pole, SLANT_POLE_OTHER);
    assert_string_equal(neu->pole_name, "descriptive");
    assert_int_equal(neu->first_pattern, 6);

    const struct slant_pattern *p = &lx->patterns[0];
    assert_string_equal(p->source, "liberat*");
    assert_int_equal(p->line, 10);
    assert_int_equal(p->frame, 0);
    assert_int_equal(p->n_tokens, 1);
    assert_int_equal(p->tokens[0].kind, SLANT_PAT_PREFIX);
    assert_string_equal(p->tokens[0].text, "liberat");
    assert_true(p->weight == 1.0);
    p = &lx->patterns[1];
    assert_string_equal(p->source, "special military operation");
    assert_int_equal(p->n_tokens, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(p->tokens[i].kind, SLANT_PAT_STEM);
    assert_string_equal(p->tokens[2].text, "operation"); /* unstemmed until compiled */
    p = &lx->patterns[2];
    assert_int_equal(p->tokens[0].kind, SLANT_PAT_EXACT);
    assert_string_equal(p->tokens[0].text, "liberators");
    p = &lx->patterns[5];
    assert_string_equal(p->source, "occupation");
    assert_int_equal(p->frame, 1);
    assert_true(p->weight == 1.5);
    assert_true(lx->patterns[6].weight == 0.5);

    assert_ptr_equal(slant_lexset_find(set, "war-legitimacy"), lx);
    assert_null(slant_lexset_find(set, "nope"));
    assert_int_equal(slant_lexset_count(set), 1);
    assert_ptr_equal(slant_lexset_get(set, 0), lx);
    assert_null(slant_lexset_get(set, 1));
    slant_lexset_free(set);
    cap_release(&c);
}

static void test_load_missing(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = (void *)1;
    assert_int_equal(slant_lexicon_load(set, "tests/data/lex/no-such.lex", &c.d, &lx),
                     SLANT_ENOTFOUND);
    assert_null(lx);
    ASSERT_MSG(&c, "tests/data/lex/no-such.lex", "error", "cannot open");
    assert_int_equal(slant_lexset_count(set), 0);
    slant_lexset_free(set);
    slant_lexset_free(NULL); /* a no-op */
    cap_release(&c);
}

/* ------------------------------------------------------------------ */
/* Lines (rules 1-8)                                                    */
/* ------------------------------------------------------------------ */

/* rule 1: "a CR before the LF is dropped, so CRLF files read the same.  A
 * UTF-8 byte-order mark at the very start is skipped." */
static void test_crlf_and_bom(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    size_t len = 0;
    char *crlf = slant_test_slurp("tests/data/lex/crlf.lex", &len);
    assert_non_null(crlf);
    assert_non_null(strstr(crlf, "\r\n"));
    struct slant_lexicon *a = NULL;
    assert_int_equal(slant_lexicon_parse(set, "crlf.lex", crlf, len, &c.d, &a), 0);
    assert_int_equal(a->n_errors, 0);
    assert_int_equal(a->n_patterns, 2);
    assert_string_equal(a->frames[0].pole_name, "legitimizing");
    assert_true(a->patterns[0].weight == 2.0);
    assert_string_equal(a->patterns[1].tokens[0].text, "liberators");

    struct slant_lexicon *b =
        parse_str(set, &c, "bom.lex", "\xEF\xBB\xBF@lexicon bom\n[a]\ninvasion\n");
    assert_int_equal(b->n_errors, 0);
    assert_string_equal(b->name, "bom");
    free(crlf);
    slant_lexset_free(set);
    cap_release(&c);
}

/* rules 2-4: white space at the ends is ignored, blank lines too, "#" starts
 * a comment only at the start of a line. */
static void test_blank_comment_space(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = parse_str(set, &c, "t.lex",
                                         "  # indented comment\n"
                                         "\n\t\n"
                                         "   @lexicon   spaced  \n"
                                         " [ frame one ] \n"
                                         "   c#  \n"
                                         "\t=x#y\n"
                                         "   # [not a frame]\n");
    assert_int_equal(lx->n_errors, 0);
    assert_string_equal(lx->name, "spaced");
    assert_int_equal(lx->n_frames, 1);
    assert_string_equal(lx->frames[0].name, "frame one"); /* rule 14 */
    assert_int_equal(lx->n_patterns, 2);
    assert_string_equal(lx->patterns[0].tokens[0].text, "c#");
    assert_int_equal(lx->patterns[0].line, 6);
    assert_string_equal(lx->patterns[1].tokens[0].text, "x#y");
    slant_lexset_free(set);
    cap_release(&c);
}

/* rule 5: "The key runs to the first white space; the value is the rest of
 * the line without surrounding white space." */
static void test_metadata_value(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = parse_str(set, &c, "t.lex",
                                         "@lexicon\tname-1\n"
                                         "@description   two  words   \n"
                                         "[f]\n@description\t  a # not a comment\nx\n");
    assert_int_equal(lx->n_errors, 0);
    assert_string_equal(lx->name, "name-1");
    assert_string_equal(lx->description, "two  words");
    assert_string_equal(lx->frames[0].description, "a # not a comment");
    slant_lexset_free(set);
    cap_release(&c);
}

/* rule 8: "a line that is not [valid UTF-8] is reported and ignored" */
static void test_invalid_utf8(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = NULL;
    assert_int_equal(slant_lexicon_load(set, "tests/data/lex/badutf8.lex", &c.d, &lx), 0);
    assert_int_equal(lx->n_errors, 1);
    ASSERT_MSG(&c, "tests/data/lex/badutf8.lex:3", "error", "UTF-8");
    assert_int_equal(lx->n_patterns, 1);
    assert_string_equal(lx->patterns[0].source, "ok");
    /* a NUL byte is refused the same way */
    static const char nul[] = "[a]\nok\nnu\0l\n";
    struct slant_lexicon *l2 = NULL;
    assert_int_equal(slant_lexicon_parse(set, "nul.lex", nul, sizeof(nul) - 1, &c.d, &l2), 0);
    assert_int_equal(l2->n_errors, 1);
    ASSERT_MSG(&c, "nul.lex:3", "error", "NUL");
    slant_lexset_free(set);
    cap_release(&c);
}

/* ------------------------------------------------------------------ */
/* Metadata (rules 9-13)                                                */
/* ------------------------------------------------------------------ */

/* rule 9: "Without it, the name is the file's base name without .lex";
 * "Default en"; names of ASCII letters, digits, -, _, . */
static void test_lexicon_name_and_language(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = parse_str(set, &c, "some/dir/moral.v2.lex", "[a]\nx\n");
    assert_string_equal(lx->name, "moral.v2");
    assert_string_equal(lx->language, "en");
    assert_string_equal(lx->version, "");
    assert_string_equal(lx->description, "");
    lx = parse_str(set, &c, "ru.lex", "@language ru\n[a]\nвойна\n");
    assert_int_equal(lx->n_errors, 0);
    assert_string_equal(lx->language, "ru");
    slant_lexset_free(set);

    assert_int_equal(errors_of(&c, "@lexicon has space\n[a]\nx\n"), 1);
    ASSERT_MSG(&c, "t.lex:1", "error", "lexicon name");
    assert_int_equal(errors_of(&c, "@lexicon naïve\n[a]\nx\n"), 1);
    assert_int_equal(errors_of(&c, "@language English\n[a]\nx\n"), 1);
    ASSERT_MSG(&c, "t.lex:1", "error", "language 'English'");
    assert_int_equal(errors_of(&c, "@language e\n[a]\nx\n"), 1);
    cap_release(&c);
}

/* rule 9: a lexicon name that is already loaded is an error */
static void test_duplicate_lexicon_name(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *a = parse_str(set, &c, "a.lex", "@lexicon same\n[a]\nx\n");
    struct slant_lexicon *b = parse_str(set, &c, "b.lex", "@lexicon same\n[a]\nx\n");
    assert_int_equal(a->n_errors, 0);
    assert_int_equal(b->n_errors, 1);
    ASSERT_MSG(&c, "b.lex:1", "error", "already loaded");
    assert_ptr_equal(slant_lexset_find(set, "same"), a);
    slant_lexset_free(set);
    cap_release(&c);
}

/* rule 10: poles */
static void test_poles(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx =
        parse_str(set, &c, "t.lex",
                  "[a]\n@pole legitimizing\nx\n[b]\n@pole delegitimizing\ny\n"
                  "[c]\n@pole Legitimizing\nz\n[d]\nw\n");
    assert_int_equal(lx->n_errors, 0);
    assert_int_equal(lx->frames[0].pole, SLANT_POLE_LEGITIMIZING);
    assert_int_equal(lx->frames[1].pole, SLANT_POLE_DELEGITIMIZING);
    assert_int_equal(lx->frames[2].pole, SLANT_POLE_OTHER);
    assert_string_equal(lx->frames[2].pole_name, "Legitimizing");
    assert_int_equal(lx->frames[3].pole, SLANT_POLE_NONE);
    assert_string_equal(lx->frames[3].pole_name, "");
    slant_lexset_free(set);
    cap_release(&c);
}

/* rule 11: "Every key needs a value, and each key may appear once at the top
 * and once per frame." */
static void test_key_value_and_repeat(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    assert_int_equal(errors_of(&c, "@description\n[a]\nx\n"), 1);
    ASSERT_MSG(&c, "t.lex:1", "error", "@description needs a value");
    assert_int_equal(errors_of(&c, "@version 1\n@version 2\n[a]\nx\n"), 1);
    ASSERT_MSG(&c, "t.lex:2", "error", "repeated @version (first on line 1)");
    /* once per frame: the same key in the next frame is fine */
    assert_int_equal(errors_of(&c, "[a]\n@pole p\nx\n[b]\n@pole q\ny\n"), 0);
    assert_int_equal(errors_of(&c, "[a]\n@pole p\n@pole q\nx\n"), 1);
    ASSERT_MSG(&c, "t.lex:3", "error", "repeated @pole (first on line 2)");
    /* the top @description and a frame's are different keys */
    assert_int_equal(errors_of(&c, "@description top\n[a]\n@description f\nx\n"), 0);
    cap_release(&c);
}

/* rule 12: "A top-level key (@lexicon, @language, @version) after the first
 * frame is an error" */
static void test_top_key_after_frame(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    assert_int_equal(errors_of(&c, "[a]\n@lexicon late\nx\n"), 1);
    ASSERT_MSG(&c, "t.lex:2", "error", "after the first frame");
    assert_int_equal(errors_of(&c, "[a]\nx\n[b]\n@language en\ny\n"), 1);
    ASSERT_MSG(&c, "t.lex:4", "error", "@language after the first frame");
    assert_int_equal(errors_of(&c, "[a]\n@version 3\nx\n"), 1);
    cap_release(&c);
}

/* rule 13: "Any other key is an error"; @pole belongs in a frame. */
static void test_unknown_key(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    assert_int_equal(errors_of(&c, "@author me\n[a]\nx\n"), 1);
    ASSERT_MSG(&c, "t.lex:1", "error", "unknown key @author");
    assert_int_equal(errors_of(&c, "[a]\n@weight 2\nx\n"), 1);
    ASSERT_MSG(&c, "t.lex:2", "error", "unknown key @weight");
    assert_int_equal(errors_of(&c, "@pole legitimizing\n[a]\nx\n"), 1);
    ASSERT_MSG(&c, "t.lex:1", "error", "@pole outside a frame");
    assert_int_equal(errors_of(&c, "@Lexicon x\n[a]\nx\n"), 1); /* keys are case-sensitive */
    cap_release(&c);
}

/* ------------------------------------------------------------------ */
/* Frames (rules 14-16)                                                 */
/* ------------------------------------------------------------------ */

/* rule 14: "The name must be non-empty and must not contain [, ] or control
 * characters." */
static void test_frame_header(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    assert_int_equal(errors_of(&c, "[]\n[b]\ny\n"), 1);
    ASSERT_MSG(&c, "t.lex:1", "error", "empty frame name");
    assert_int_equal(errors_of(&c, "[  ]\n[b]\ny\n"), 1);
    assert_int_equal(errors_of(&c, "[a[b]\nx\n"), 1);
    ASSERT_MSG(&c, "t.lex:1", "error", "holds '['");
    assert_int_equal(errors_of(&c, "[a]b]\nx\n"), 1);
    assert_int_equal(errors_of(&c, "[a\x01]\nx\n"), 1);
    assert_int_equal(errors_of(&c, "[open\nx\n"), 1);
    ASSERT_MSG(&c, "t.lex:1", "error", "must end with ']'");
    /* UTF-8 names are fine */
    assert_int_equal(errors_of(&c, "[освобождение]\nx\n"), 0);
    cap_release(&c);
}

/* rule 15: "A second frame with the same name is an error; it and its
 * patterns are left out."  Names are case-sensitive. */
static void test_duplicate_frame(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx =
        parse_str(set, &c, "t.lex", "[a]\nx\n[A]\ny\n[a]\n@pole p\nz\n[b]\nw\n");
    assert_int_equal(lx->n_errors, 1);
    ASSERT_MSG(&c, "t.lex:5", "error", "duplicate frame [a] (first on line 1)");
    assert_int_equal(lx->n_frames, 3);
    assert_int_equal(lx->n_patterns, 3);
    assert_string_equal(lx->frames[2].name, "b");
    assert_string_equal(lx->patterns[2].source, "w");
    assert_int_equal(lx->patterns[2].frame, 2);
    assert_string_equal(lx->frames[0].pole_name, ""); /* @pole of the dropped one */
    slant_lexset_free(set);
    cap_release(&c);
}

/* rule 16: "A frame holds at least one pattern. An empty frame is an error." */
static void test_empty_frame(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    assert_int_equal(errors_of(&c, "[a]\n@pole p\n\n# nothing\n[b]\nx\n[c]\n"), 2);
    ASSERT_MSG(&c, "t.lex:1", "error", "empty frame [a]");
    ASSERT_MSG(&c, "t.lex:7", "error", "empty frame [c]");
    cap_release(&c);
}

/* ------------------------------------------------------------------ */
/* Patterns (rules 17-26)                                               */
/* ------------------------------------------------------------------ */

/* rules 17-18: "optionally followed by a TAB and a weight"; "a decimal
 * number, finite and greater than 0; default 1" */
static void test_weights(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = parse_str(set, &c, "t.lex",
                                         "[a]\none\t2\ntwo words\t0.5\nthree\t1e-1\n"
                                         "four\t 3 \nfive\n six \t\n");
    assert_int_equal(lx->n_errors, 0);
    assert_int_equal(lx->n_patterns, 6);
    assert_true(lx->patterns[0].weight == 2.0);
    assert_true(lx->patterns[1].weight == 0.5);
    assert_int_equal(lx->patterns[1].n_tokens, 2);
    assert_string_equal(lx->patterns[1].source, "two words");
    assert_true(lx->patterns[2].weight == 0.1);
    assert_true(lx->patterns[3].weight == 3.0);
    assert_true(lx->patterns[4].weight == 1.0);
    assert_true(lx->patterns[5].weight == 1.0); /* a trailing TAB is trailing space */
    slant_lexset_free(set);

    static const char *bad[] = {"inf", "nan",   "0",  "-1",  "1,5",  "0x10",
                                "abc", "1e999", "-0", "2 3", "1..2", "+"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        char text[64];
        snprintf(text, sizeof(text), "[a]\nok\nword\t%s\n", bad[i]);
        if (errors_of(&c, text) != 1)
            fail_msg("weight '%s' was accepted", bad[i]);
        ASSERT_MSG(&c, "t.lex:3", "error", "weight");
    }
    cap_release(&c);
}

/* rule 19: the three kinds of token; rule 20: case-folded like words */
static void test_token_kinds_and_folding(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx =
        parse_str(set, &c, "t.lex", "[a]\nInvasion\n=LIBERATORS\nLiberat*\nWAR  Against\tt2\n");
    /* the last line has a bad weight: only three patterns */
    assert_int_equal(lx->n_errors, 1);
    assert_int_equal(lx->n_patterns, 3);
    assert_int_equal(lx->patterns[0].tokens[0].kind, SLANT_PAT_STEM);
    assert_string_equal(lx->patterns[0].tokens[0].text, "invasion");
    assert_int_equal(lx->patterns[0].tokens[0].len, 8);
    assert_int_equal(lx->patterns[1].tokens[0].kind, SLANT_PAT_EXACT);
    assert_string_equal(lx->patterns[1].tokens[0].text, "liberators");
    assert_int_equal(lx->patterns[2].tokens[0].kind, SLANT_PAT_PREFIX);
    assert_string_equal(lx->patterns[2].tokens[0].text, "liberat");
    /* source keeps the pattern as written */
    assert_string_equal(lx->patterns[0].source, "Invasion");

    /* folding goes through slant_fold: compare with it, not a guess */
    lx = parse_str(set, &c, "u.lex", "[a]\nВОЙНА\n=Straße\n");
    char *f1 = NULL, *f2 = NULL;
    size_t l1, l2;
    assert_int_equal(slant_fold("ВОЙНА", strlen("ВОЙНА"), &f1, &l1), 0);
    assert_int_equal(slant_fold("Straße", strlen("Straße"), &f2, &l2), 0);
    assert_string_equal(lx->patterns[0].tokens[0].text, f1);
    assert_string_equal(lx->patterns[1].tokens[0].text, f2);
    free(f1);
    free(f2);
    slant_lexset_free(set);
    cap_release(&c);
}

/* rule 20: "so Invasion, INVASION and invasion are the same pattern" and
 * rule 25: "The same pattern twice in one frame (after case folding) is a
 * warning; the later one is ignored ... The same pattern in two frames is
 * allowed" */
static void test_duplicate_pattern(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = parse_str(set, &c, "t.lex",
                                         "[a]\ninvasion\nInvasion\t3\nINVASION\n=invasion\n"
                                         "invasion*\nwar  against\nwar against\n[b]\ninvasion\n");
    assert_int_equal(lx->n_errors, 0);
    assert_int_equal(lx->n_warnings, 3);
    ASSERT_MSG(&c, "t.lex:3", "warning", "duplicate pattern 'Invasion' in [a] (first on line 2)");
    ASSERT_MSG(&c, "t.lex:4", "warning", "duplicate pattern");
    ASSERT_MSG(&c, "t.lex:8", "warning", "duplicate pattern");
    /* exact, prefix and stem of one word are different patterns */
    assert_int_equal(lx->frames[0].n_patterns, 4);
    assert_true(lx->patterns[0].weight == 1.0); /* the later weight is ignored */
    assert_int_equal(lx->frames[1].n_patterns, 1);
    slant_lexset_free(set);
    cap_release(&c);
}

/* rule 22: "A token is a * alone, a = alone, or holds a * anywhere but at its
 * end (including =word*): each is an error" */
static void test_bad_tokens(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    assert_int_equal(errors_of(&c, "[a]\nok\n*\n"), 1);
    ASSERT_MSG(&c, "t.lex:3", "error", "bare '*'");
    assert_int_equal(errors_of(&c, "[a]\nok\nwar *\n"), 1);
    assert_int_equal(errors_of(&c, "[a]\nok\n=\n"), 1);
    ASSERT_MSG(&c, "t.lex:3", "error", "only '='");
    assert_int_equal(errors_of(&c, "[a]\nok\n=word*\n"), 1);
    assert_int_equal(errors_of(&c, "[a]\nok\nmi*d\n"), 1);
    assert_int_equal(errors_of(&c, "[a]\nok\nab**\n"), 1);
    assert_int_equal(errors_of(&c, "[a]\nok\n*ab\n"), 1);
    /* '=' inside a token is an ordinary character */
    assert_int_equal(errors_of(&c, "[a]\nok\na=b\n"), 0);
    cap_release(&c);
}

/* rule 23: "at most 16 tokens, and each token at most 256 bytes after case
 * folding" */
static void test_limits(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    char text[2048];
    size_t n = (size_t)snprintf(text, sizeof(text), "[a]\nok\n");
    for (int i = 0; i < 16; i++)
        n += (size_t)snprintf(text + n, sizeof(text) - n, "w%c ", 'a' + i);
    snprintf(text + n, sizeof(text) - n, "\n");
    assert_int_equal(errors_of(&c, text), 0);
    snprintf(text + n, sizeof(text) - n, "extra\n");
    assert_int_equal(errors_of(&c, text), 1);
    ASSERT_MSG(&c, "t.lex:3", "error", "at most 16 tokens");

    n = (size_t)snprintf(text, sizeof(text), "[a]\nok\n=");
    memset(text + n, 'a', 256);
    snprintf(text + n + 256, sizeof(text) - n - 256, "\n");
    assert_int_equal(errors_of(&c, text), 0);
    snprintf(text + n + 256, sizeof(text) - n - 256, "a\n");
    assert_int_equal(errors_of(&c, text), 1);
    ASSERT_MSG(&c, "t.lex:3", "error", "longer than 256 bytes");
    cap_release(&c);
}

/* rule 24: "A pattern before the first frame is an error." */
static void test_pattern_before_frame(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = parse_str(set, &c, "t.lex", "@lexicon x\ninvasion\n[a]\ny\n");
    assert_int_equal(lx->n_errors, 1);
    ASSERT_MSG(&c, "t.lex:2", "error", "before the first [frame]");
    assert_int_equal(lx->n_patterns, 1);
    assert_string_equal(lx->patterns[0].source, "y");
    slant_lexset_free(set);
    cap_release(&c);
}

/* Every lint problem in one file, each with its line (tests/data/lex/lint.lex). */
static void test_lint_file(void **state)
{
    (void)state;
    static const struct {
        unsigned line;
        const char *sev, *what;
    } want[] = {
        {3, "error", "unknown key @colour"},
        {4, "error", "@version needs a value"},
        {6, "error", "before the first [frame]"},
        {8, "error", "@language after the first frame"},
        {9, "error", "@pole needs a value"},
        {11, "error", "repeated @pole (first on line 10)"},
        {12, "error", "unknown key @mood"},
        {13, "error", "bare '*'"},
        {14, "error", "only '='"},
        {15, "error", "exact token (=word) cannot hold '*'"},
        {16, "error", "only at the end of a token"},
        {17, "error", "weight"},
        {18, "error", "weight"},
        {19, "error", "weight"},
        {20, "error", "weight"},
        {21, "error", "weight"},
        {22, "error", "weight"},
        {24, "warning", "duplicate pattern 'Dup' in [first] (first on line 23)"},
        {25, "error", "empty frame [empty]"},
        {26, "error", "duplicate frame [first] (first on line 7)"},
        {28, "error", "empty frame name"},
        {29, "error", "must end with ']'"},
        {32, "error", "empty frame [last]"},
    };
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = NULL;
    assert_int_equal(slant_lexicon_load(set, "tests/data/lex/lint.lex", &c.d, &lx), 0);
    size_t n_err = 0, n_warn = 0;
    for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
        char where[64];
        snprintf(where, sizeof(where), "tests/data/lex/lint.lex:%u", want[i].line);
        ASSERT_MSG(&c, where, want[i].sev, want[i].what);
        if (strcmp(want[i].sev, "error") == 0)
            n_err++;
        else
            n_warn++;
    }
    /* nothing else was reported */
    assert_int_equal(lx->n_errors, n_err);
    assert_int_equal(lx->n_warnings, n_warn);
    assert_int_equal(c.d.count[SLANT_ERROR], n_err);
    assert_int_equal(c.d.count[SLANT_WARNING], n_warn);
    assert_int_equal(slant_diag_exit_status(&c.d), SLANT_EXIT_REJECTED);
    /* what is kept: [first] holding "dup" (every other pattern line was bad),
     * [empty] and [last]; the second [first] and the bad headers are dropped */
    assert_int_equal(lx->n_frames, 3);
    assert_int_equal(lx->n_patterns, 1);
    assert_string_equal(lx->patterns[0].source, "dup");
    assert_string_equal(lx->frames[0].pole_name, "legitimizing");
    slant_lexset_free(set);
    cap_release(&c);
}

/* Content hash: "the 64-bit FNV-1a hash of all the file's bytes ... 16
 * lowercase hexadecimal digits".  Reference values are the published FNV-1a
 * test vectors (empty string, "a", "foobar"). */
static void test_hash(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = NULL;
    assert_int_equal(slant_lexicon_parse(set, "e.lex", "", 0, &c.d, &lx), 0);
    assert_string_equal(lx->hash, "cbf29ce484222325");
    assert_int_equal(slant_lexicon_parse(set, "a.lex", "a", 1, &c.d, &lx), 0);
    assert_string_equal(lx->hash, "af63dc4c8601ec8c");
    assert_int_equal(slant_lexicon_parse(set, "f.lex", "foobar", 6, &c.d, &lx), 0);
    assert_string_equal(lx->hash, "85944171f73967e8");
    /* a comment changes it */
    struct slant_lexicon *x = parse_str(set, &c, "x.lex", "[a]\nx\n");
    struct slant_lexicon *y = parse_str(set, &c, "y.lex", "# c\n[a]\nx\n");
    assert_string_not_equal(x->hash, y->hash);
    assert_int_equal(strlen(x->hash), 16);
    slant_lexset_free(set);
    cap_release(&c);
}

/* ------------------------------------------------------------------ */
/* Compile and lookup                                                   */
/* ------------------------------------------------------------------ */

/* Stem, exact, prefix and multi-token patterns through the index. */
static void test_compile_candidates(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_stemmer *st = slant_stemmer_new();
    struct slant_lexicon *lx = NULL;
    assert_int_equal(slant_lexicon_load(set, "tests/data/lex/war.lex", &c.d, &lx), 0);
    struct slant_lexicon *other =
        parse_str(set, &c, "other.lex", "@lexicon other\n[o]\nwar\n=invasion\ninv*\n");
    assert_int_equal(slant_lexset_compile(set, st), 0);

    uint32_t p_lib, p_smo, p_ltors, p_inv, p_war, p_occ;
    pattern_by_source(lx, "liberat*", &p_lib);
    const struct slant_pattern *smo = pattern_by_source(lx, "special military operation", &p_smo);
    pattern_by_source(lx, "=liberators", &p_ltors);
    pattern_by_source(lx, "invasion", &p_inv);
    const struct slant_pattern *war = pattern_by_source(lx, "war against ukraine", &p_war);
    pattern_by_source(lx, "occupation", &p_occ);

    struct cands k;
    /* stem: "invasions" has invasion's stem; exact =invasion does not match */
    cands_of(set, st, "en", SLANT_SCRIPT_LATIN, "invasions", &k);
    assert_true(has_cand(&k, 0, p_inv));
    assert_true(has_cand(&k, 1, 2)); /* inv* in the other lexicon */
    assert_int_equal(k.n, 2);
    cands_of(set, st, "en", SLANT_SCRIPT_LATIN, "invasion", &k);
    assert_true(has_cand(&k, 0, p_inv));
    assert_true(has_cand(&k, 1, 1));
    assert_true(has_cand(&k, 1, 2));
    assert_int_equal(k.n, 3);
    /* exact and prefix */
    cands_of(set, st, "en", SLANT_SCRIPT_LATIN, "liberators", &k);
    assert_true(has_cand(&k, 0, p_ltors));
    assert_true(has_cand(&k, 0, p_lib));
    assert_int_equal(k.n, 2);
    cands_of(set, st, "en", SLANT_SCRIPT_LATIN, "liberator", &k);
    assert_false(has_cand(&k, 0, p_ltors));
    assert_true(has_cand(&k, 0, p_lib));
    /* rule 19: "(and liberat itself)" */
    cands_of(set, st, "en", SLANT_SCRIPT_LATIN, "liberat", &k);
    assert_true(has_cand(&k, 0, p_lib));
    cands_of(set, st, "en", SLANT_SCRIPT_LATIN, "libera", &k);
    assert_int_equal(k.n, 0);
    /* multi-token: first token finds the pattern, the rest match by token */
    cands_of(set, st, "en", SLANT_SCRIPT_LATIN, "special", &k);
    assert_true(has_cand(&k, 0, p_smo));
    assert_int_equal(k.n, 1);
    cands_of(set, st, "en", SLANT_SCRIPT_LATIN, "wars", &k);
    assert_true(has_cand(&k, 0, p_war));
    assert_true(has_cand(&k, 1, 0));
    assert_int_equal(k.n, 2);
    const struct slant_form *f = NULL;
    assert_int_equal(slant_stemmer_lookup(st, "en", SLANT_SCRIPT_LATIN, "operations", 10, &f), 0);
    assert_int_equal(slant_pat_token_match(&smo->tokens[2], f), 1);
    assert_int_equal(slant_pat_token_match(&smo->tokens[1], f), 0);
    assert_int_equal(slant_stemmer_lookup(st, "en", SLANT_SCRIPT_LATIN, "ukraine", 7, &f), 0);
    assert_int_equal(slant_pat_token_match(&war->tokens[2], f), 1);
    /* compiled stem tokens carry the stem and the lexicon's language */
    assert_string_equal(war->tokens[0].lang, "en");
    assert_string_equal(smo->tokens[0].lang, "en");
    assert_string_equal(lx->patterns[p_lib].tokens[0].lang, "");
    char *stem = NULL;
    assert_int_equal(slant_stem_word(st, "en", "operation", 9, &stem), 0);
    assert_string_equal(smo->tokens[2].text, stem);
    free(stem);

    /* a word in another language's document does not match stem patterns */
    cands_of(set, st, "de", SLANT_SCRIPT_LATIN, "invasion", &k);
    assert_false(has_cand(&k, 0, p_inv));
    assert_true(has_cand(&k, 1, 1)); /* exact ignores the language */
    /* nothing for NULL */
    memset(&k, 0, sizeof(k));
    slant_lexset_candidates(set, NULL, collect, &k);
    assert_int_equal(k.n, 0);
    uint32_t none[1];
    assert_int_equal(slant_lexset_lookup(set, NULL, none, 1, collect, &k), 0);
    assert_int_equal(k.n, 0);
    assert_int_equal(slant_pat_token_match(&smo->tokens[0], NULL), 0);
    (void)other;
    (void)p_occ;

    /* rule: "Call once, after all parses" */
    assert_int_equal(slant_lexset_compile(set, st), SLANT_EINVAL);
    struct slant_lexicon *late = NULL;
    assert_int_equal(slant_lexicon_parse(set, "l.lex", "[a]\nx\n", 6, &c.d, &late), SLANT_EINVAL);
    assert_null(late);
    slant_lexset_free(set);
    slant_stemmer_free(st);
    cap_release(&c);
}

/* rule 20: "The English Snowball stemmer maps liberation, liberate,
 * liberators and liberal all to liber: a stem pattern liberation matches
 * liberal too." */
static void test_liberation_stems(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_stemmer *st = slant_stemmer_new();
    struct slant_lexicon *lx =
        parse_str(set, &c, "t.lex", "[a]\nliberation\n[b]\n=liberation\n[c]\nliberty\n");
    assert_int_equal(slant_lexset_compile(set, NULL), 0); /* a private stemmer */
    assert_string_equal(lx->patterns[0].tokens[0].text, "liber");
    static const char *same[] = {"liberation", "liberate", "liberators", "liberal"};
    struct cands k;
    for (size_t i = 0; i < 4; i++) {
        cands_of(set, st, "en", SLANT_SCRIPT_LATIN, same[i], &k);
        if (!has_cand(&k, 0, 0))
            fail_msg("stem pattern liberation did not find %s", same[i]);
        assert_int_equal(has_cand(&k, 0, 1), i == 0); /* =liberation only itself */
        assert_false(has_cand(&k, 0, 2));
    }
    cands_of(set, st, "en", SLANT_SCRIPT_LATIN, "liberty", &k);
    assert_false(has_cand(&k, 0, 0));
    assert_true(has_cand(&k, 0, 2));
    slant_lexset_free(set);
    slant_stemmer_free(st);
    cap_release(&c);
}

/* rule 21: stems in the lexicon's language only; other scripts and
 * languages without a stemmer match unstemmed. */
static void test_language_rules(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_stemmer *st = slant_stemmer_new();
    struct slant_lexicon *en = parse_str(set, &c, "en.lex", "@lexicon en\n[a]\nвойна\nwar\n");
    struct slant_lexicon *ru =
        parse_str(set, &c, "ru.lex", "@lexicon ru\n@language ru\n[a]\nвойна\n");
    struct slant_lexicon *ko =
        parse_str(set, &c, "ko.lex", "@lexicon ko\n@language ko\n[a]\n전쟁\npeace\n");
    assert_int_equal(ko->n_errors, 0);
    assert_int_equal(ko->n_warnings, 1);
    ASSERT_MSG(&c, "ko.lex:2", "warning", "no Snowball stemmer for language 'ko'");
    assert_int_equal(slant_lexset_compile(set, st), 0);
    assert_string_equal(en->patterns[0].tokens[0].lang, "");
    assert_string_equal(en->patterns[0].tokens[0].text, "война");
    assert_string_equal(en->patterns[1].tokens[0].lang, "en");
    assert_string_equal(ru->patterns[0].tokens[0].lang, "ru");
    assert_string_equal(ko->patterns[0].tokens[0].lang, "");

    struct cands k;
    /* a Cyrillic word in an English document is unstemmed (stem.h) */
    cands_of(set, st, "en", SLANT_SCRIPT_CYRILLIC, "война", &k);
    assert_true(has_cand(&k, 0, 0));
    assert_false(has_cand(&k, 1, 0));
    /* in a Russian document the Russian stem pattern finds inflected forms */
    cands_of(set, st, "ru", SLANT_SCRIPT_CYRILLIC, "войны", &k);
    assert_true(has_cand(&k, 1, 0));
    assert_false(has_cand(&k, 0, 0));
    /* no stemmer: the word as written */
    cands_of(set, st, "ko", SLANT_SCRIPT_OTHER, "전쟁", &k);
    assert_true(has_cand(&k, 2, 0));
    cands_of(set, st, "ko", SLANT_SCRIPT_LATIN, "peace", &k);
    assert_true(has_cand(&k, 2, 1));
    cands_of(set, st, "ko", SLANT_SCRIPT_LATIN, "peaceful", &k);
    assert_false(has_cand(&k, 2, 1));
    slant_lexset_free(set);
    slant_stemmer_free(st);
    cap_release(&c);
}

/* A generated 100,000-pattern lexicon compiles and finds its patterns. */
static void word_of(unsigned i, char *out)
{
    /* 'q' and five base-26 letters: distinct, letters only */
    out[0] = 'q';
    for (int k = 5; k >= 1; k--) {
        out[k] = (char)('a' + i % 26);
        i /= 26;
    }
    out[6] = '\0';
}

static void test_large_lexicon(void **state)
{
    (void)state;
    enum { N = 100000 };
    struct slant_buf b;
    slant_buf_init(&b, 0);
    slant_buf_adds(&b, "@lexicon big\n");
    for (unsigned i = 0; i < N; i++) {
        char w[8];
        word_of(i, w);
        if (i % 1000 == 0)
            slant_buf_printf(&b, "[f%u]\n", i / 1000);
        switch (i % 4) {
        case 0:
            slant_buf_printf(&b, "%s\n", w);
            break;
        case 1:
            slant_buf_printf(&b, "=%s\n", w);
            break;
        case 2:
            slant_buf_printf(&b, "%s*\n", w);
            break;
        default:
            slant_buf_printf(&b, "%s zz%u\t2\n", w, i % 7);
            break;
        }
    }
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_stemmer *st = slant_stemmer_new();
    struct slant_lexicon *lx = NULL;
    assert_int_equal(slant_lexicon_parse(set, "big.lex", b.p, b.len, &c.d, &lx), 0);
    assert_int_equal(lx->n_errors, 0);
    assert_int_equal(lx->n_patterns, N);
    assert_int_equal(lx->n_frames, N / 1000);
    assert_int_equal(slant_lexset_compile(set, st), 0);
    for (unsigned i = 0; i < N; i += 97) {
        char w[16];
        word_of(i, w);
        if (i % 4 == 2) /* a longer word for the prefix */
            snprintf(w + 6, sizeof(w) - 6, "ing");
        struct cands k;
        cands_of(set, st, "en", SLANT_SCRIPT_LATIN, w, &k);
        if (!has_cand(&k, 0, i))
            fail_msg("pattern %u (%s) not found", i, lx->patterns[i].source);
        /* only this word's own pattern(s): the index does not spill over */
        assert_true(k.n <= 2);
    }
    slant_lexset_free(set);
    slant_stemmer_free(st);
    slant_buf_release(&b);
    cap_release(&c);
}

/* ------------------------------------------------------------------ */
/* Twins: one pattern in several frames (rule 28)                       */
/* ------------------------------------------------------------------ */

/* Assert that pattern pat of lexicon lex has exactly the twins listed
 * (terminated by UINT32_MAX; an empty list means none). */
static void expect_twins(const struct slant_lexset *set, uint32_t lex, uint32_t pat,
                         const uint32_t *want)
{
    size_t n = 99, nw = 0;
    while (want[nw] != UINT32_MAX)
        nw++;
    const uint32_t *tw = slant_lexset_twins(set, lex, pat, &n);
    if (n != nw)
        fail_msg("pattern %u of lexicon %u: %zu twins, expected %zu", pat, lex, n, nw);
    if (nw == 0) {
        assert_null(tw);
        return;
    }
    assert_non_null(tw);
    for (size_t i = 0; i < nw; i++)
        if (tw[i] != want[i])
            fail_msg("pattern %u: twin #%zu is %u, expected %u", pat, i, tw[i], want[i]);
}

#define TW(...) ((const uint32_t[]){__VA_ARGS__, UINT32_MAX})
#define NONE ((const uint32_t[]){UINT32_MAX})

static void test_twins(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = parse_str(set, &c, "tw.lex",
                                         "@lexicon tw\n"
                                         "[a]\n"
                                         "harm*\n"      /* 0 */
                                         "=peace\n"     /* 1 */
                                         "attack\n"     /* 2 */
                                         "attacks\n"    /* 3: attack's stem, same frame */
                                         "war crimes\n" /* 4 */
                                         "war\n"        /* 5 */
                                         "[b]\n"
                                         "=Peace\t2\n" /* 6: folds to =peace */
                                         "harm\n"      /* 7: a stem, not a prefix */
                                         "war\n"       /* 8 */
                                         "[c]\n"
                                         "attacking\n"  /* 9: attack's stem */
                                         "harm*\n"      /* 10 */
                                         "=war crime\n" /* 11: first token exact */
                                         "[d]\n"
                                         "war crime\n" /* 12: same stems as 4 */
                                         "attack\n"    /* 13 */
                                         "attacks\n" /* 14 */);
    struct slant_lexicon *other =
        parse_str(set, &c, "other.lex", "@lexicon other\n[x]\nharm*\nwar\n[y]\n=peace\n");
    assert_int_equal(lx->n_errors + other->n_errors, 0);
    assert_int_equal(lx->n_patterns, 15);

    size_t n = 99;
    /* nothing before compiling */
    assert_null(slant_lexset_twins(set, 0, 0, &n));
    assert_int_equal(n, 0);
    assert_int_equal(slant_lexset_compile(set, NULL), 0);

    expect_twins(set, 0, 0, TW(0, 10));
    expect_twins(set, 0, 10, TW(0, 10));
    expect_twins(set, 0, 1, TW(1, 6)); /* exact, after folding */
    expect_twins(set, 0, 6, TW(1, 6));
    /* stems: one per frame, the first written in each; a pattern that is
     * not first in its frame shares the list */
    expect_twins(set, 0, 2, TW(2, 9, 13));
    expect_twins(set, 0, 3, TW(2, 9, 13));
    expect_twins(set, 0, 9, TW(2, 9, 13));
    expect_twins(set, 0, 14, TW(2, 9, 13));
    expect_twins(set, 0, 4, TW(4, 12)); /* multi-token, by stem */
    expect_twins(set, 0, 5, TW(5, 8));
    /* same text, other kind: no twin */
    expect_twins(set, 0, 7, NONE);
    expect_twins(set, 0, 11, NONE);
    /* lexicons are separate: `other` has each pattern in one frame only */
    expect_twins(set, 1, 0, NONE);
    expect_twins(set, 1, 1, NONE);
    expect_twins(set, 1, 2, NONE);
    /* out of range */
    n = 99;
    assert_null(slant_lexset_twins(set, 0, 15, &n));
    assert_int_equal(n, 0);
    assert_null(slant_lexset_twins(set, 2, 0, &n));
    assert_null(slant_lexset_twins(NULL, 0, 0, &n));
    assert_int_equal(n, 0);
    slant_lexset_free(set);
    cap_release(&c);
}

/* A word in many frames: one twin per frame, whatever the frame count. */
static void test_twins_many_frames(void **state)
{
    (void)state;
    enum { FRAMES = 2000 };
    struct slant_buf b;
    slant_buf_init(&b, 0);
    slant_buf_adds(&b, "@lexicon many\n");
    for (unsigned i = 0; i < FRAMES; i++)
        slant_buf_printf(&b, "[f%u]\nharm*\t%u\n=only%u\nharms\nharmed\n", i, i + 1, i);
    struct cap c;
    cap_init(&c);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = NULL;
    assert_int_equal(slant_lexicon_parse(set, "many.lex", b.p, b.len, &c.d, &lx), 0);
    assert_int_equal(lx->n_errors, 0);
    assert_int_equal(slant_lexset_compile(set, NULL), 0);
    size_t n;
    const uint32_t *tw = slant_lexset_twins(set, 0, 4 * 7, &n); /* harm* of f7 */
    assert_int_equal(n, FRAMES);
    for (unsigned i = 0; i < FRAMES; i++) {
        assert_int_equal(tw[i], 4 * i);
        assert_int_equal(lx->patterns[tw[i]].frame, i);
    }
    assert_null(slant_lexset_twins(set, 0, 4 * 9 + 1, &n)); /* =only9 */
    /* harms and harmed share a stem: in each frame harms is the first */
    tw = slant_lexset_twins(set, 0, 4 * 5 + 3, &n); /* harmed of f5 */
    assert_int_equal(n, FRAMES);
    for (unsigned i = 0; i < FRAMES; i++)
        assert_int_equal(tw[i], 4 * i + 2);
    slant_lexset_free(set);
    slant_buf_release(&b);
    cap_release(&c);
}

/* ------------------------------------------------------------------ */
/* LIWC import                                                          */
/* ------------------------------------------------------------------ */

static const char small_dic_lex[] = "# Converted from a LIWC dictionary by slant lexicon import.\n"
                                    "@lexicon small\n"
                                    "[Calm]\ntranquil*\n=serene\n=kind =of\n=Serene\n"
                                    "[Alarm]\npanic*\n=kind =of\n=siren\n"
                                    "[Alarm-4]\n=siren\n"
                                    "[odd_name_]\n=bell\n";

static void test_import_dic(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    size_t len = 0;
    char *dic = slant_test_slurp("tests/data/lex/small.dic", &len);
    assert_non_null(dic);
    struct slant_buf out;
    slant_buf_init(&out, 0);
    assert_int_equal(slant_lexicon_import_dic("small.dic", dic, len, "small", &out, &c.d), 0);
    assert_string_equal(slant_buf_cstr(&out), small_dic_lex);
    ASSERT_MSG(&c, "small.dic:4", "warning", "category 2 (Unused) has no entries");
    ASSERT_MSG(&c, "small.dic:13", "error", "unknown category 9");
    ASSERT_MSG(&c, "small.dic:14", "error", "'x' is not a category number");
    ASSERT_MSG(&c, "small.dic:16", "error", "cannot import '*'");
    assert_int_equal(c.d.count[SLANT_ERROR], 3);
    assert_int_equal(c.d.count[SLANT_WARNING], 1);

    /* round trip: the output parses without errors, with the same frames and
     * patterns */
    struct cap c2;
    cap_init(&c2);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = NULL;
    assert_int_equal(slant_lexicon_parse(set, "small.lex", out.p, out.len, &c2.d, &lx), 0);
    assert_int_equal(lx->n_errors, 0);
    assert_int_equal(lx->n_warnings, 1); /* =Serene folds to =serene: rule 25 */
    ASSERT_MSG(&c2, "small.lex:7", "warning", "duplicate pattern '=Serene'");
    assert_string_equal(lx->name, "small");
    assert_int_equal(lx->n_frames, 4);
    assert_string_equal(lx->frames[0].name, "Calm");
    assert_string_equal(lx->frames[1].name, "Alarm");
    assert_string_equal(lx->frames[2].name, "Alarm-4");
    assert_string_equal(lx->frames[3].name, "odd_name_");
    assert_int_equal(lx->frames[0].n_patterns, 3);
    const struct slant_pattern *p = &lx->patterns[0];
    assert_int_equal(p->tokens[0].kind, SLANT_PAT_PREFIX);
    assert_string_equal(p->tokens[0].text, "tranquil");
    p = &lx->patterns[1];
    assert_int_equal(p->tokens[0].kind, SLANT_PAT_EXACT);
    assert_string_equal(p->tokens[0].text, "serene");
    p = &lx->patterns[2];
    assert_int_equal(p->n_tokens, 2);
    assert_int_equal(p->tokens[1].kind, SLANT_PAT_EXACT);
    assert_string_equal(p->tokens[1].text, "of");
    assert_int_equal(frame_by_name(lx, "Alarm")->n_patterns, 3);
    assert_int_equal(frame_by_name(lx, "odd_name_")->n_patterns, 1);
    /* a word in several categories is a twin in each of their frames */
    assert_int_equal(slant_lexset_compile(set, NULL), 0);
    uint32_t kind_of = 0, siren = 0;
    pattern_by_source(lx, "=kind =of", &kind_of);
    pattern_by_source(lx, "=siren", &siren);
    size_t n_tw = 0;
    const uint32_t *tw = slant_lexset_twins(set, 0, kind_of, &n_tw);
    assert_int_equal(n_tw, 2);
    assert_string_equal(lx->frames[lx->patterns[tw[0]].frame].name, "Calm");
    assert_string_equal(lx->frames[lx->patterns[tw[1]].frame].name, "Alarm");
    tw = slant_lexset_twins(set, 0, siren, &n_tw);
    assert_int_equal(n_tw, 2);
    assert_string_equal(lx->frames[lx->patterns[tw[0]].frame].name, "Alarm");
    assert_string_equal(lx->frames[lx->patterns[tw[1]].frame].name, "Alarm-4");
    assert_null(slant_lexset_twins(set, 0, 0, &n_tw)); /* tranquil* */
    slant_lexset_free(set);
    cap_release(&c2);
    free(dic);
    slant_buf_release(&out);
    cap_release(&c);
}

static void test_import_refused(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_buf out;
    slant_buf_init(&out, 0);
    slant_buf_adds(&out, "keep");
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"1\tA\n%\nword\t1\n", "starts with a '%' line"},
        {"%\n1\tA\nword\t1\n", "not closed"},
        {"%\n1\tA\n%\n", "nothing to import"},
        {"%\n1\tA\n%\nword\t2\n", "nothing to import"},
        {"", "no '%' category table"},
        {"%\n%\nword\t1\n", "unknown category 1"}, /* empty table: fuzz_dic found a
                                                    * qsort(NULL, 0) here */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        assert_int_equal(
            slant_lexicon_import_dic("b.dic", bad[i].text, strlen(bad[i].text), "b", &out, &c.d),
            SLANT_EPARSE);
        if (!strstr(cap_text(&c), bad[i].msg))
            fail_msg("case %zu: no '%s' in\n%s", i, bad[i].msg, cap_text(&c));
        assert_string_equal(slant_buf_cstr(&out), "keep"); /* out unchanged */
    }
    slant_buf_release(&out);
    cap_release(&c);
}

/* Names: a missing name comes from the path; unsafe characters become '-';
 * category names without a name, CRLF, phrases without a TAB. */
static void test_import_names(void **state)
{
    (void)state;
    struct cap c;
    cap_init(&c);
    struct slant_buf out;
    slant_buf_init(&out, 0);
    const char *dic = "%\r\n7\r\n8 Two words\r\n%\r\nkind of 7 8\r\nbreak* 8\r\n";
    assert_int_equal(
        slant_lexicon_import_dic("dir/Moral Found.dic", dic, strlen(dic), NULL, &out, &c.d), 0);
    assert_string_equal(slant_buf_cstr(&out),
                        "# Converted from a LIWC dictionary by slant lexicon import.\n"
                        "@lexicon Moral-Found\n"
                        "[category-7]\n=kind =of\n"
                        "[Two words]\n=kind =of\nbreak*\n");
    ASSERT_MSG(&c, "dir/Moral Found.dic:2", "warning", "category 7 has no name");
    assert_int_equal(c.d.count[SLANT_ERROR], 0);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = NULL;
    assert_int_equal(slant_lexicon_parse(set, "m.lex", out.p, out.len, &c.d, &lx), 0);
    assert_int_equal(lx->n_errors, 0);
    assert_string_equal(lx->name, "Moral-Found");
    slant_lexset_free(set);
    slant_buf_release(&out);
    cap_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_file),
        cmocka_unit_test(test_load_missing),
        cmocka_unit_test(test_crlf_and_bom),
        cmocka_unit_test(test_blank_comment_space),
        cmocka_unit_test(test_metadata_value),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_lexicon_name_and_language),
        cmocka_unit_test(test_duplicate_lexicon_name),
        cmocka_unit_test(test_poles),
        cmocka_unit_test(test_key_value_and_repeat),
        cmocka_unit_test(test_top_key_after_frame),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_frame_header),
        cmocka_unit_test(test_duplicate_frame),
        cmocka_unit_test(test_empty_frame),
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_token_kinds_and_folding),
        cmocka_unit_test(test_duplicate_pattern),
        cmocka_unit_test(test_bad_tokens),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_pattern_before_frame),
        cmocka_unit_test(test_lint_file),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_compile_candidates),
        cmocka_unit_test(test_liberation_stems),
        cmocka_unit_test(test_language_rules),
        cmocka_unit_test(test_large_lexicon),
        cmocka_unit_test(test_twins),
        cmocka_unit_test(test_twins_many_frames),
        cmocka_unit_test(test_import_dic),
        cmocka_unit_test(test_import_refused),
        cmocka_unit_test(test_import_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
