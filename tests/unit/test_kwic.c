/*
 * test_kwic.c - concordance lines and the event view (report_kwic.c):
 * context cut at UTF-8 boundaries, line breaks as spaces, quoted spans,
 * the pattern mode against the stored hits, limits, voice filter, unknown
 * frames and bad patterns, the event paragraphs and their cap, the writers.
 *
 * The database is built by the real ingest engine from
 * tests/data/kwic/articles.jsonl (a fictional mini corpus written for these
 * tests) with tests/data/kwic/test.lex and the bundled attribution lexicon.
 * The report is a struct slant_report_impl made here, so the tests do not
 * depend on the rest of the report core.
 */
#include "testutil.h"

#include <sqlite3.h>
#include <strings.h>
#include <unistd.h>

#include "../../src/report_int.h"
#include "slant/ingest.h"
#include "slant/lexicon.h"
#include "slant/match.h"
#include "slant/report.h"
#include "slant/store.h"
#include "slant/utf8.h"

struct fx {
    char path[512];
    struct slant_store *st;
    struct slant_diag diag;
    FILE *diag_out;
    char *diag_text;
    size_t diag_len;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    const char *tmp = getenv("TMPDIR");
    snprintf(f->path, sizeof(f->path), "%s/slant-test-kwic-%ld.db", tmp && *tmp ? tmp : "/tmp",
             (long)getpid());
    unlink(f->path);
    const char *why = NULL;
    assert_int_equal(slant_store_open(f->path, 0, &f->st, &why), 0);

    struct slant_diag d;
    slant_diag_init(&d, stderr);
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = NULL;
    assert_int_equal(slant_lexicon_load(set, "lexicons/attribution.lex", &d, &lx), 0);
    assert_int_equal(slant_lexicon_load(set, "tests/data/kwic/test.lex", &d, &lx), 0);
    assert_int_equal(slant_lexset_compile(set, NULL), 0);
    size_t l0 = 0, l1 = 0;
    char *s0 = slant_test_slurp("lexicons/attribution.lex", &l0);
    char *s1 = slant_test_slurp("tests/data/kwic/test.lex", &l1);
    assert_non_null(s0);
    assert_non_null(s1);
    struct slant_slice sources[2] = {{s0, l0}, {s1, l1}};
    struct slant_ingest_opts o;
    memset(&o, 0, sizeof(o));
    o.threads = 1;
    o.command = "test_kwic";
    o.lexicons = set;
    o.lexicon_sources = sources;
    char *paths[] = {(char *)(uintptr_t) "tests/data/kwic/articles.jsonl"};
    struct slant_ingest_result res;
    assert_int_equal(slant_ingest_run(f->st, &o, paths, 1, &d, &res), 0);
    assert_int_equal(res.n_new, 6);
    assert_int_equal(res.n_rejected, 0);
    slant_ingest_result_release(&res);
    assert_int_equal(d.count[SLANT_ERROR] + d.count[SLANT_FATAL], 0);
    slant_diag_release(&d);
    slant_lexset_free(set);
    free(s0);
    free(s1);

    f->diag_out = open_memstream(&f->diag_text, &f->diag_len);
    assert_non_null(f->diag_out);
    slant_diag_init(&f->diag, f->diag_out);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    slant_diag_release(&f->diag);
    fclose(f->diag_out);
    free(f->diag_text);
    slant_store_close(f->st);
    unlink(f->path);
    free(f);
    return 0;
}

/* A report as slant_report_build would hand it to the kwic builders. */
static struct slant_report *report_new(void)
{
    struct slant_report_impl *impl = calloc(1, sizeof(*impl));
    assert_non_null(impl);
    slant_arena_init(&impl->arena, 0);
    impl->pub.opts.kwic_voice = SLANT_VF_ALL;
    return &impl->pub;
}

static void report_free(struct slant_report *r)
{
    slant_arena_release(slant_report_arena(r));
    free(r);
}

/* The stored text of document id (malloc'd). */
static char *doc_text(struct fx *f, int64_t id, size_t *len)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(slant_store_db(f->st),
                                        "SELECT text FROM documents WHERE id = ?1", -1, &s, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(s, 1, id);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    *len = (size_t)sqlite3_column_bytes(s, 0);
    char *t = malloc(*len + 1);
    assert_non_null(t);
    memcpy(t, sqlite3_column_blob(s, 0), *len);
    t[*len] = '\0';
    sqlite3_finalize(s);
    return t;
}

/* Every row: the match is the stored text at its span; left and right are
 * the text around it, control characters as spaces, cut at character
 * boundaries, no longer than width and as long as width allows. */
static void check_rows(struct fx *f, const struct slant_report *r)
{
    size_t width = r->opts.kwic_width;
    for (size_t i = 0; i < r->n_kwic; i++) {
        const struct slant_kwic_row *k = &r->kwic[i];
        size_t len;
        char *text = doc_text(f, k->document, &len);
        size_t ll = strlen(k->left), ml = strlen(k->match), rl = strlen(k->right);
        assert_int_equal(ml, k->byte_end - k->byte_start);
        assert_memory_equal(k->match, text + k->byte_start, ml);
        assert_true(ll <= width && rl <= width);
        assert_true(ll <= k->byte_start);
        assert_true(slant_utf8_valid(k->left, ll));
        assert_true(slant_utf8_valid(k->right, rl));
        for (size_t j = 0; j < ll; j++) {
            char c = text[k->byte_start - ll + j];
            assert_int_equal(k->left[j], (unsigned char)c < 0x20 ? ' ' : c);
        }
        for (size_t j = 0; j < rl; j++) {
            char c = text[k->byte_end + j];
            assert_int_equal(k->right[j], (unsigned char)c < 0x20 ? ' ' : c);
        }
        assert_null(strchr(k->left, '\n'));
        assert_null(strchr(k->right, '\n'));
        /* as long as allowed: one more character would not fit */
        if (k->byte_start > ll) {
            size_t p = k->byte_start - ll - 1;
            while (p > 0 && ((unsigned char)text[p] & 0xC0) == 0x80)
                p--;
            assert_true(k->byte_start - p > width);
        }
        if (k->byte_end + rl < len) {
            size_t p = k->byte_end + rl + 1;
            while (p < len && ((unsigned char)text[p] & 0xC0) == 0x80)
                p++;
            assert_true(p - k->byte_end > width);
        }
        /* quoted spans lie inside the line */
        for (size_t q = 0; q < k->n_quoted; q++) {
            assert_true(k->quoted[q][0] < k->quoted[q][1]);
            assert_true(k->quoted[q][1] <= ll + ml + rl);
        }
        free(text);
    }
}

static size_t count_voice(const struct slant_report *r, const char *outlet, int voice)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_kwic; i++)
        n += strcmp(r->kwic[i].outlet, outlet) == 0 && r->kwic[i].voice == voice;
    return n;
}

/* ------------------------------------------------------------------ */
/* Lines from the hits table                                            */
/* ------------------------------------------------------------------ */

static void test_frame_lines(void **state)
{
    struct fx *f = *state;
    struct slant_report *r = report_new();
    r->opts.kwic_frame = "kwictest/liberation";
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
    assert_int_equal(r->opts.kwic_width, 60); /* the default, filled in */
    /* 3 + 2 in alpha, 8 in beta, 2 in gamma */
    assert_int_equal(r->n_kwic, 15);
    check_rows(f, r);
    /* sorted by outlet, document, byte */
    for (size_t i = 1; i < r->n_kwic; i++) {
        const struct slant_kwic_row *a = &r->kwic[i - 1], *b = &r->kwic[i];
        int c = strcmp(a->outlet, b->outlet);
        assert_true(c < 0 ||
                    (c == 0 && (a->document < b->document ||
                                (a->document == b->document && a->byte_start < b->byte_start))));
        assert_string_equal(b->lexicon, "kwictest");
        assert_string_equal(b->frame, "liberation");
    }
    assert_int_equal(count_voice(r, "alpha", SLANT_VOICE_QUOTED), 1);
    assert_int_equal(count_voice(r, "alpha", SLANT_VOICE_ATTRIBUTED), 2);
    assert_int_equal(count_voice(r, "beta", SLANT_VOICE_OWN), 8);
    assert_int_equal(count_voice(r, "gamma", SLANT_VOICE_QUOTED), 1);
    size_t negated = 0;
    for (size_t i = 0; i < r->n_kwic; i++)
        negated += r->kwic[i].negated;
    assert_int_equal(negated, 1); /* "No liberation came" */
    report_free(r);
}

static void test_utf8_cut(void **state)
{
    struct fx *f = *state;
    /* the text of a2 opens with five two-byte characters and a space before
     * the hit at byte 11 */
    for (size_t width = 1; width <= 12; width++) {
        struct slant_report *r = report_new();
        r->opts.kwic_frame = "kwictest/liberation";
        r->opts.outlet = "alpha";
        r->opts.kwic_width = width;
        assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
        check_rows(f, r);
        const struct slant_kwic_row *k = NULL;
        for (size_t i = 0; i < r->n_kwic; i++)
            if (r->kwic[i].byte_start == 11)
                k = &r->kwic[i];
        assert_non_null(k);
        /* by hand: width 5 starts at byte 6 (a character), width 4 at byte 7
         * (inside one: moved on to 8), width 1 holds only the space */
        if (width == 5)
            assert_string_equal(k->left, "\xc3\xa9\xc3\xa9 ");
        if (width == 4)
            assert_string_equal(k->left, "\xc3\xa9 ");
        if (width == 2 || width == 1)
            assert_string_equal(k->left, " ");
        if (width >= 11)
            assert_string_equal(k->left, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 ");
        report_free(r);
    }
}

static void test_line_breaks(void **state)
{
    struct fx *f = *state;
    struct slant_report *r = report_new();
    r->opts.kwic_frame = "kwictest/liberation";
    r->opts.outlet = "beta";
    r->opts.kwic_width = 30;
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
    assert_int_equal(r->n_kwic, 8);
    check_rows(f, r);
    /* the second line's left context reaches into the first line */
    assert_non_null(strstr(r->kwic[1].left, "on. In Dorn, on day 2, the "));
    report_free(r);
}

static void test_quoted_spans(void **state)
{
    struct fx *f = *state;
    struct slant_report *r = report_new();
    r->opts.kwic_frame = "kwictest/liberation";
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
    size_t checked = 0;
    for (size_t i = 0; i < r->n_kwic; i++) {
        const struct slant_kwic_row *k = &r->kwic[i];
        size_t ll = strlen(k->left), ml = strlen(k->match);
        int covered = 0;
        char line[512];
        snprintf(line, sizeof(line), "%s%s%s", k->left, k->match, k->right);
        for (size_t q = 0; q < k->n_quoted; q++) {
            if (k->quoted[q][0] <= ll && k->quoted[q][1] >= ll + ml)
                covered = 1;
            /* a span inside the line starts at a mark or at the line start */
            unsigned char c = (unsigned char)line[k->quoted[q][0]];
            assert_true(k->quoted[q][0] == 0 || c == '"' || c == 0xC2);
        }
        /* quoted hits, and only they, lie in a quotation */
        assert_int_equal(covered, k->voice == SLANT_VOICE_QUOTED);
        checked += covered;
    }
    assert_int_equal(checked, 2);

    /* the guillemet quotation of g1 holds a single one: one span, from the
     * opening mark through the closing one; then "square" */
    for (size_t i = 0; i < r->n_kwic; i++) {
        const struct slant_kwic_row *k = &r->kwic[i];
        if (strcmp(k->outlet, "gamma") != 0 || k->voice != SLANT_VOICE_QUOTED)
            continue;
        assert_int_equal(k->n_quoted, 2);
        char line[512];
        snprintf(line, sizeof(line), "%s%s%s", k->left, k->match, k->right);
        size_t a = k->quoted[0][0], b = k->quoted[0][1];
        assert_memory_equal(line + a, "\xc2\xab", 2);
        assert_memory_equal(line + b - 2, "\xc2\xbb", 2);
        assert_int_equal(b - a, strlen("\xc2\xabthe liberation, the 'freedom' of all\xc2\xbb"));
        assert_memory_equal(line + k->quoted[1][0], "\"square\"", 8);
        assert_int_equal(k->quoted[1][1] - k->quoted[1][0], 8);
    }
    report_free(r);
}

static void test_limit_and_voice(void **state)
{
    struct fx *f = *state;
    struct slant_report *r = report_new();
    r->opts.kwic_frame = "kwictest/liberation";
    r->opts.kwic_limit = 2;
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
    assert_int_equal(r->n_kwic, 6); /* 2 per outlet */
    /* the first two of beta in text order */
    size_t k = 0;
    while (strcmp(r->kwic[k].outlet, "beta") != 0)
        k++;
    assert_true(r->kwic[k].byte_start < r->kwic[k + 1].byte_start);
    assert_string_equal(r->kwic[k].left, "In Dorn, on day 1, the ");
    report_free(r);

    r = report_new();
    r->opts.kwic_frame = "kwictest/liberation";
    r->opts.kwic_voice = SLANT_VOICE_QUOTED;
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
    assert_int_equal(r->n_kwic, 2);
    for (size_t i = 0; i < r->n_kwic; i++)
        assert_int_equal(r->kwic[i].voice, SLANT_VOICE_QUOTED);
    report_free(r);

    /* the report's mode: every frame of every lexicon but attribution,
     * limit per outlet and frame */
    r = report_new();
    r->opts.kwic_limit = 1;
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
    /* liberation in 3 outlets, place (=dorn) in 4 outlets */
    assert_int_equal(r->n_kwic, 7);
    for (size_t i = 0; i < r->n_kwic; i++)
        assert_string_equal(r->kwic[i].lexicon, "kwictest");
    assert_string_equal(r->kwic[0].frame, "liberation");
    assert_string_equal(r->kwic[6].frame, "place");
    check_rows(f, r);
    report_free(r);

    /* a frame without its lexicon name, and the attribution lexicon by name */
    r = report_new();
    r->opts.kwic_frame = "place";
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
    assert_true(r->n_kwic >= 10);
    report_free(r);
    r = report_new();
    r->opts.kwic_frame = "attribution/negators";
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
    assert_int_equal(r->n_kwic, 1);
    assert_string_equal(r->kwic[0].match, "No");
    report_free(r);
}

static void test_unknown_frame(void **state)
{
    struct fx *f = *state;
    struct slant_report *r = report_new();
    r->opts.kwic_frame = "kwictest/nonesuch";
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), SLANT_ENOTFOUND);
    assert_int_equal(f->diag.count[SLANT_ERROR], 1);
    fflush(f->diag_out);
    assert_non_null(strstr(f->diag_text, "kwictest/nonesuch"));
    report_free(r);
    r = report_new();
    r->opts.kwic_frame = "nolex/liberation";
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), SLANT_ENOTFOUND);
    report_free(r);
}

/* ------------------------------------------------------------------ */
/* Pattern mode                                                         */
/* ------------------------------------------------------------------ */

static void test_pattern_matches_stored_hits(void **state)
{
    struct fx *f = *state;
    struct slant_report *a = report_new(), *b = report_new();
    a->opts.kwic_frame = "kwictest/liberation";
    b->opts.kwic_pattern = "liberat*";
    assert_int_equal(slant_report_build_kwic(f->st, a, &f->diag), 0);
    assert_int_equal(slant_report_build_kwic(f->st, b, &f->diag), 0);
    assert_int_equal(f->diag.count[SLANT_WARNING] + f->diag.count[SLANT_ERROR], 0);
    /* the same pattern judged at ingest and now: the same lines */
    assert_int_equal(a->n_kwic, b->n_kwic);
    for (size_t i = 0; i < a->n_kwic; i++) {
        const struct slant_kwic_row *x = &a->kwic[i], *y = &b->kwic[i];
        assert_string_equal(y->lexicon, "kwic");
        assert_string_equal(y->frame, "match");
        assert_string_equal(x->outlet, y->outlet);
        assert_int_equal(x->document, y->document);
        assert_int_equal(x->byte_start, y->byte_start);
        assert_int_equal(x->byte_end, y->byte_end);
        assert_int_equal(x->voice, y->voice);
        assert_int_equal(x->negated, y->negated);
        assert_int_equal(x->distanced, y->distanced);
        assert_string_equal(x->left, y->left);
        assert_string_equal(x->right, y->right);
        assert_int_equal(x->n_quoted, y->n_quoted);
    }
    check_rows(f, b);
    report_free(a);
    report_free(b);
}

static void test_pattern_modes(void **state)
{
    struct fx *f = *state;
    /* a quoted hit is quoted; multi-word and exact patterns */
    struct slant_report *r = report_new();
    r->opts.kwic_pattern = "=freedom";
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
    assert_int_equal(r->n_kwic, 1);
    assert_int_equal(r->kwic[0].voice, SLANT_VOICE_QUOTED);
    assert_string_equal(r->kwic[0].outlet, "gamma");
    report_free(r);

    r = report_new();
    r->opts.kwic_pattern = "  a liberation ";
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
    assert_int_equal(r->n_kwic, 1);
    assert_string_equal(r->kwic[0].match, "a liberation");
    assert_int_equal(r->kwic[0].voice, SLANT_VOICE_QUOTED);
    report_free(r);

    /* limit per outlet, outlet and voice filters */
    r = report_new();
    r->opts.kwic_pattern = "liberation";
    r->opts.kwic_limit = 3;
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
    assert_int_equal(r->n_kwic, 3 + 3 + 2);
    report_free(r);
    r = report_new();
    r->opts.kwic_pattern = "liberation";
    r->opts.outlet = "alpha";
    r->opts.kwic_voice = SLANT_VOICE_ATTRIBUTED;
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
    assert_int_equal(r->n_kwic, 2);
    report_free(r);

    /* the stem pattern does not see "Dornish" for =dorn */
    r = report_new();
    r->opts.kwic_pattern = "=dorn";
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
    for (size_t i = 0; i < r->n_kwic; i++)
        assert_string_equal(r->kwic[i].match, "Dorn");
    assert_int_equal(r->n_kwic, 2 + 8 + 2 + 2);
    report_free(r);
}

static void test_bad_patterns(void **state)
{
    struct fx *f = *state;
    static const char *const bad[] = {"*", "", "   ", "a\nb", "=", "li*b", "@lexicon x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct slant_report *r = report_new();
        r->opts.kwic_pattern = bad[i];
        size_t before = f->diag.count[SLANT_ERROR];
        int rc = slant_report_build_kwic(f->st, r, &f->diag);
        if (rc != SLANT_EINVAL)
            fail_msg("pattern '%s': %d, expected SLANT_EINVAL", bad[i], rc);
        assert_int_equal(f->diag.count[SLANT_ERROR], before + 1);
        assert_int_equal(r->n_kwic, 0);
        report_free(r);
    }
}

/* ------------------------------------------------------------------ */
/* Event view                                                           */
/* ------------------------------------------------------------------ */

static void test_event_word(void **state)
{
    struct fx *f = *state;
    struct slant_report *r = report_new();
    r->opts.event_word = "DORN";
    assert_int_equal(slant_report_build_event(f->st, r, &f->diag), 0);
    /* alpha: a1 lines 1 and 2 (not line 3: "Dornish"), a2 none;
     * beta: 8 lines capped at 6; delta: 2; gamma: g2 (no date, first), g1 */
    assert_int_equal(r->n_event, 2 + 6 + 2 + 2);
    for (size_t i = 0; i < r->n_event; i++) {
        const struct slant_event_par *p = &r->event[i];
        assert_non_null(strstr(p->text, "Dorn"));
        assert_null(strchr(p->text, '\n'));
        for (size_t h = 0; h < p->n_hits; h++) {
            const struct slant_span *s = &p->hits[h];
            assert_true(s->start < s->end && s->end <= strlen(p->text));
            assert_string_not_equal(s->lexicon, "attribution");
            if (strcmp(s->frame, "place") == 0)
                assert_memory_equal(p->text + s->start, "Dorn", 4);
            if (strcmp(s->frame, "liberation") == 0)
                assert_int_equal(strncasecmp(p->text + s->start, "liberat", 7), 0);
        }
        if (i > 0) {
            const struct slant_event_par *q = &r->event[i - 1];
            assert_true(strcmp(q->outlet, p->outlet) <= 0);
        }
    }
    assert_string_equal(r->event[0].text, "The liberation of Dorn began at dawn.");
    assert_int_equal(r->event[0].n_hits, 2);
    assert_string_equal(r->event[2].outlet, "beta");
    assert_string_equal(r->event[7].text, "In Dorn, on day 6, the liberation went on.");
    assert_string_equal(r->event[10].outlet, "gamma");
    assert_string_equal(r->event[10].date, "");
    /* delta: paragraphs over 1200 bytes are cut: whole sentences around the
     * mention; a single long sentence around the mention, at character
     * boundaries */
    const struct slant_event_par *d1 = &r->event[8], *d2 = &r->event[9];
    const char *s30 = "Sentence 30 is about the weather in Dorn today.";
    const char *s40 = "Sentence 40 is about nothing much at all here.";
    size_t l1 = strlen(d1->text);
    assert_non_null(strstr(d1->text, s30));
    assert_string_equal(d1->text + l1 - strlen(s40), s40);
    assert_int_equal(strncmp(d1->text, "Sentence ", 9), 0);
    assert_true(l1 <= 1200 && l1 > 1200 - 60);
    size_t l2 = strlen(d2->text);
    assert_true(l2 <= 1200 && l2 >= 1197);
    assert_true(slant_utf8_valid(d2->text, l2));
    assert_string_equal(d2->text + l2 - strlen("past Dorn at last."), "past Dorn at last.");
    assert_int_equal(d2->n_hits, 1); /* =dorn */
    assert_memory_equal(d2->text + d2->hits[0].start, "Dorn", 4);
    /* g1: one quotation, relative to the paragraph */
    const struct slant_event_par *g1 = &r->event[11];
    assert_int_equal(g1->n_quoted, 2);
    assert_memory_equal(g1->text + g1->quoted[0][0], "\xc2\xab", 2);
    assert_memory_equal(g1->text + g1->quoted[0][1] - 2, "\xc2\xbb", 2);
    int quoted_hit = 0;
    for (size_t h = 0; h < g1->n_hits; h++)
        quoted_hit |= g1->hits[h].voice == SLANT_VOICE_QUOTED;
    assert_true(quoted_hit);
    report_free(r);
}

static void test_event_window(void **state)
{
    struct fx *f = *state;
    /* the window alone: every paragraph of its documents (a1, b1 capped) */
    struct slant_report *r = report_new();
    r->opts.date_from = "2031-01-02";
    r->opts.date_to = "2031-01-03";
    assert_int_equal(slant_report_build_event(f->st, r, &f->diag), 0);
    assert_int_equal(r->n_event, 3 + 6);
    for (size_t i = 0; i < r->n_event; i++)
        assert_true(strcmp(r->event[i].date, "2031-01-02") >= 0 &&
                    strcmp(r->event[i].date, "2031-01-03") <= 0);
    report_free(r);

    /* word and window; month prefixes; the undated document left out */
    r = report_new();
    r->opts.event_word = "liberation";
    r->opts.date_from = "2031-01-04";
    r->opts.date_to = "2031-01";
    assert_int_equal(slant_report_build_event(f->st, r, &f->diag), 0);
    assert_int_equal(r->n_event, 2 + 1); /* a2 lines 1-2, g1 */
    assert_string_equal(r->event[0].date, "2031-01-05");
    assert_string_equal(r->event[2].outlet, "gamma");
    report_free(r);

    /* nothing asked: nothing built */
    r = report_new();
    assert_int_equal(slant_report_build_event(f->st, r, &f->diag), 0);
    assert_int_equal(r->n_event, 0);
    report_free(r);

    r = report_new();
    r->opts.date_from = "May 2031";
    assert_int_equal(slant_report_build_event(f->st, r, &f->diag), SLANT_EINVAL);
    assert_int_equal(f->diag.count[SLANT_ERROR], 1);
    report_free(r);
}

/* ------------------------------------------------------------------ */
/* Writers                                                              */
/* ------------------------------------------------------------------ */

static char *write_to_string(int (*fn)(FILE *, const struct slant_report *),
                             const struct slant_report *r)
{
    char *s = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&s, &n);
    assert_non_null(m);
    assert_int_equal(fn(m, r), 0);
    fclose(m);
    return s;
}

static void test_writers(void **state)
{
    struct fx *f = *state;
    struct slant_report *r = report_new();
    r->opts.kwic_frame = "kwictest/liberation";
    r->opts.outlet = "gamma";
    assert_int_equal(slant_report_build_kwic(f->st, r, &f->diag), 0);
    assert_int_equal(r->n_kwic, 2);

    char *csv = write_to_string(slant_report_csv_kwic, r);
    const char *header = "outlet,document,date,lexicon,frame,left,match,right,voice,negated,"
                         "distanced,byte_start,byte_end\n";
    assert_memory_equal(csv, header, strlen(header));
    /* g1's right context holds a comma and straight quotes: one quoted cell
     * with doubled quotes */
    assert_non_null(
        strstr(csv, ",liberation,\", the 'freedom' of all\xc2\xbb in the \"\"square\"\", and"));
    assert_non_null(strstr(csv, ",quoted,0,0,"));
    size_t lines = 0;
    for (const char *p = csv; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 3);
    free(csv);

    char *json = write_to_string(slant_report_json_kwic, r);
    assert_true(json[0] == '[');
    assert_non_null(
        strstr(json, "\"right\":\", the 'freedom' of all\xc2\xbb in the \\\"square\\\","));
    assert_non_null(strstr(json, "\"voice\":\"quoted\",\"negated\":0,\"distanced\":0"));
    free(json);

    char *s = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&s, &n);
    assert_int_equal(slant_report_table_kwic(m, r, 0), 0);
    fclose(m);
    assert_null(strchr(s, '\033'));
    assert_non_null(strstr(s, "[liberation]"));
    assert_non_null(strstr(s, "kwictest/liberation\n"));
    free(s);
    m = open_memstream(&s, &n);
    assert_int_equal(slant_report_table_kwic(m, r, 1), 0);
    fclose(m);
    assert_non_null(strstr(s, "\033[1;31mliberation\033[0m"));
    assert_non_null(strstr(s, "\033[2m")); /* the quotation, dimmed */
    free(s);

    /* empty */
    struct slant_report *e = report_new();
    json = write_to_string(slant_report_json_kwic, e);
    assert_string_equal(json, "[]\n");
    free(json);
    csv = write_to_string(slant_report_csv_kwic, e);
    assert_string_equal(csv, header);
    free(csv);
    report_free(e);
    report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_frame_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_utf8_cut, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_breaks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quoted_spans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limit_and_voice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_frame, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pattern_matches_stored_hits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pattern_modes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_patterns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_word, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
