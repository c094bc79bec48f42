/* test_boiler.c - page furniture removal: the rules, and the five kursk pages. */
#include "testutil.h"

#include "slant/boiler.h"
#include "slant/corpus.h"
#include "slant/err.h"

static struct slant_slice cs(const char *s)
{
    struct slant_slice r = {s, strlen(s)};
    return r;
}

/* Clean text (no cross-document counts) and compare with want. */
static void expect_clean(const char *in, const char *want, struct slant_boiler_stats *st)
{
    struct slant_buf out;
    slant_buf_init(&out, 0);
    memset(st, 0, sizeof(*st));
    assert_int_equal(slant_boiler_clean(cs(in), 0, &out, st), 0);
    assert_string_equal(slant_buf_cstr(&out), want);
    /* --keep-boilerplate: the text unchanged, the same counts */
    struct slant_boiler_stats k = {0};
    slant_buf_reset(&out);
    assert_int_equal(slant_boiler_clean(cs(in), 1, &out, &k), 0);
    assert_int_equal(out.len, strlen(in));
    assert_memory_equal(slant_buf_cstr(&out), in, out.len);
    assert_memory_equal(&k, st, sizeof(k));
    slant_buf_release(&out);
}

/* ---- single-line rules --------------------------------------------------- */

static void test_rules(void **state)
{
    (void)state;
    static const struct {
        const char *line, *rule;
    } cases[] = {
        {"Menu", "menu"},
        {"  MENU \r", "menu"},
        {"By", "by"},
        {"All Sections", "all-sections"},
        {"\xC2\xA0Share\xC2\xA0", "share"},
        {"Comments", "comments"},
        {"We use cookies to personalize content and ads.", "cookies"},
        {"Cookie Policy", "cookies"},
        {"Click here to accept cookies.", "cookies"},
        {"Support Some Outlet on Patreon!", "patreon"},
        {"Subscribe to Example News Telegram channel, Facebook, RSS!", "subscribe-channel"},
        {"Read more: Another story title", "read-more-promo"},
        {"Read more on Example:\xC2\xA0 Another story", "read-more-promo"},
        {"Photo: Agency, Other Agency", "photo-caption"},
        {"A leader. Photo: Agency", "photo-caption"},
        {"Photograph: A Photographer/Agency", "photo-caption"},
        {"Soldiers near Kharkiv. Photograph: Agency", "photo-caption"},
        {"Related Articles", "tail:related-articles"},
        {"similar articles", "tail:similar-articles"},
        {"Read more", "tail:read-more"},
        {"More from Example News", "tail:more-from"},
        {"Outdated Browser", "tail:outdated-browser"},
        {"Hashtags", "tail:hashtags"},
        /* article text that looks a little like furniture stays */
        {"By the end of the year, the front had barely moved.", NULL},
        {"Menu prices rose sharply in Kyiv.", NULL},
        {"Support for the bill remains strong.", NULL},
        {"Subscribe to our newsletter", NULL},
        {"Read more on the subject in the minister's report", NULL},
        {"Share prices fell.", NULL},
        {"More from the interview follows, in which the minister spoke at length about it.", NULL},
        {"Related articles were cited by the court", NULL},
        {"", NULL},
        {"   ", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = slant_boiler_rule(cs(cases[i].line));
        if (cases[i].rule == NULL) {
            if (got)
                fail_msg("\"%s\" matched %s", cases[i].line, got);
        } else {
            if (!got)
                fail_msg("\"%s\" matched nothing, want %s", cases[i].line, cases[i].rule);
            assert_string_equal(got, cases[i].rule);
        }
    }
    /* a caption-like start on a long line is a sentence, not a caption */
    char longline[400];
    memset(longline, 'a', sizeof(longline) - 1);
    longline[sizeof(longline) - 1] = '\0';
    memcpy(longline, "Photo: ", 7);
    assert_null(slant_boiler_rule(cs(longline)));
}

/* ---- cleaning ------------------------------------------------------------ */

static void test_clean_lines_and_blanks(void **state)
{
    (void)state;
    struct slant_boiler_stats st;
    expect_clean("Menu\n\nTitle line\n\nBy\nFirst para.\n\nPhoto: AP\n\nSecond para.\nShare\n",
                 "Title line\n\nFirst para.\n\nSecond para.\n", &st);
    assert_int_equal(st.lines_removed, 4);
    assert_int_equal(st.rule_lines, 4);
    assert_int_equal(st.bytes_removed, strlen("Menu\nBy\nPhoto: AP\nShare\n"));
    assert_int_equal(st.dup_lines + st.tail_lines + st.repeated_lines, 0);

    /* nothing to remove: byte for byte, CRLF, odd blank lines and all */
    const char *same = "\n  lead\r\n\n\n\xC2\xA0\nPara two  \r\nlast without newline";
    expect_clean(same, same, &st);
    assert_int_equal(st.lines_removed, 0);

    /* a removed last line without newline; a removed first line */
    expect_clean("A\nMenu", "A\n", &st);
    expect_clean("Menu\nA", "A", &st);
    /* blank runs on both sides of a removal: the longest one is kept */
    expect_clean("A\n\n\nComments\n\nB\n", "A\n\n\nB\n", &st);
    expect_clean("", "", &st);
}

static void test_clean_duplicates(void **state)
{
    (void)state;
    struct slant_boiler_stats st;
    expect_clean("Headline\nCaption. Source: AP\ncaption. source: ap \nBody.\n\n"
                 "Caption. Source: AP\nHeadline\n",
                 "Headline\nCaption. Source: AP\nBody.\n", &st);
    assert_int_equal(st.dup_lines, 3);
    assert_int_equal(st.lines_removed, 3);
}

/* Lines seen across documents are told apart by their hash alone, taken
 * eight bytes at a time with ASCII capitals folded: a line differing only
 * in case is the same line at every length, and a line differing in one
 * byte anywhere, or only in a byte the case fold must not touch ('[' and
 * '{', '@' and '`'), is another. */
static void test_seen_every_length(void **state)
{
    (void)state;
    static const char pairs[][2] = {{'Q', 'x'}, {'[', '{'}, {'@', '`'}, {'Z', 'z' + 1}};
    for (size_t len = 1; len <= 30; len++) {
        char line[32], lower[32]; /* every capital A-Z once len >= 26 */
        for (size_t i = 0; i < len; i++) {
            line[i] = (char)('A' + i % 26);
            lower[i] = (char)('a' + i % 26);
        }
        line[len] = lower[len] = '\0';
        for (size_t pos = 0; pos < len; pos++) {
            for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
                char a[32], b[32];
                memcpy(a, lower, len + 1);
                memcpy(b, lower, len + 1);
                a[pos] = pairs[k][0];
                b[pos] = pairs[k][1];
                if (k == 0) { /* a differs from the line in one letter, b in another */
                    a[pos] = (char)(lower[pos] == 'q' ? 'r' : 'q');
                    b[pos] = (char)(lower[pos] == 'x' ? 'w' : 'x');
                }
                if (k == 3 && lower[pos] == 'z') /* a capital other than the line's */
                    a[pos] = 'Y';
                struct slant_boiler_seen *s = slant_boiler_seen_new(0);
                const char *docs[] = {line, lower, a, b};
                for (size_t d = 0; d < 4; d++)
                    slant_boiler_seen_add(s, cs("A"), cs(docs[d]));
                size_t n_line = slant_boiler_seen_count(s, cs("A"), cs(line));
                size_t n_a = slant_boiler_seen_count(s, cs("A"), cs(a));
                size_t n_b = slant_boiler_seen_count(s, cs("A"), cs(b));
                size_t n_other = slant_boiler_seen_count(s, cs("B"), cs(line));
                slant_boiler_seen_free(s);
                if (n_line != 2 || n_a != 1 || n_b != 1 || n_other != 0)
                    fail_msg("length %zu, byte %zu, pair %zu: seen %zu, %zu, %zu, %zu", len, pos, k,
                             n_line, n_a, n_b, n_other);
            }
        }
    }
}

static void test_clean_tails(void **state)
{
    (void)state;
    struct slant_boiler_stats st;
    expect_clean("Body one.\n\nRelated Articles\nOther story\n\nMore text\n", "Body one.\n", &st);
    assert_int_equal(st.tail_lines, 3);
    assert_int_equal(st.lines_removed, 3);
    /* a marker before any kept line does not erase the document */
    expect_clean("Hashtags\nBody stays.\nMore from Example\nGone.\n", "Body stays.\n", &st);
    assert_int_equal(st.rule_lines, 1);
    assert_int_equal(st.tail_lines, 2);
}

static void test_clean_too_big(void **state)
{
    (void)state;
    struct slant_buf out;
    slant_buf_init(&out, 8);
    assert_int_equal(slant_boiler_clean(cs("a long line of text\n"), 0, &out, NULL), SLANT_ETOOBIG);
    slant_buf_release(&out);
}

/* ---- lines repeated across an outlet's documents ------------------------------ */

static void clean_seen(const struct slant_boiler_seen *s, const char *outlet, const char *in,
                       struct slant_buf *out, struct slant_boiler_stats *st)
{
    slant_buf_reset(out);
    memset(st, 0, sizeof(*st));
    assert_int_equal(slant_boiler_clean_seen(cs(in), 0, s, cs(outlet), out, st), 0);
}

static void test_seen(void **state)
{
    (void)state;
    static const char *const docs[][2] = {
        {"A", "First story.\nFollow us on Telegram\n"},
        {"A", "Second story.\nfollow us on telegram\nFollow us on Telegram\n"},
        {"A", "Third story.\nFollow us on Telegram\n"},
        {"B", "Other outlet.\nFollow us on Telegram\n"},
        {"A", "Fourth story.\nFollow us on Telegram\nSecond story.\n"},
    };
    size_t n = sizeof(docs) / sizeof(docs[0]);
    struct slant_boiler_seen *fwd = slant_boiler_seen_new(0), *rev = slant_boiler_seen_new(0);
    for (size_t i = 0; i < n; i++) {
        slant_boiler_seen_add(fwd, cs(docs[i][0]), cs(docs[i][1]));
        slant_boiler_seen_add(rev, cs(docs[n - 1 - i][0]), cs(docs[n - 1 - i][1]));
    }
    /* counted once per document, per outlet */
    assert_int_equal(slant_boiler_seen_count(fwd, cs("A"), cs(" FOLLOW us on Telegram")), 4);
    assert_int_equal(slant_boiler_seen_count(fwd, cs("B"), cs("Follow us on Telegram")), 1);
    assert_int_equal(slant_boiler_seen_count(fwd, cs("A"), cs("Second story.")), 2);
    assert_int_equal(slant_boiler_seen_count(fwd, cs("C"), cs("Second story.")), 0);

    struct slant_buf o1, o2;
    slant_buf_init(&o1, 0);
    slant_buf_init(&o2, 0);
    struct slant_boiler_stats st;
    clean_seen(fwd, "A", docs[0][1], &o1, &st);
    assert_string_equal(slant_buf_cstr(&o1), "First story.\n");
    assert_int_equal(st.repeated_lines, 1);
    /* only 1 document of B has it, and 2 < 3 of A have "Second story." */
    clean_seen(fwd, "B", docs[3][1], &o1, &st);
    assert_string_equal(slant_buf_cstr(&o1), docs[3][1]);
    clean_seen(fwd, "A", docs[4][1], &o1, &st);
    assert_string_equal(slant_buf_cstr(&o1), "Fourth story.\nSecond story.\n");
    /* the order of the pre-pass does not matter */
    for (size_t i = 0; i < n; i++) {
        clean_seen(fwd, docs[i][0], docs[i][1], &o1, &st);
        clean_seen(rev, docs[i][0], docs[i][1], &o2, &st);
        assert_string_equal(slant_buf_cstr(&o1), slant_buf_cstr(&o2));
    }
    /* a lower threshold */
    struct slant_boiler_seen *two = slant_boiler_seen_new(1); /* raised to 2 */
    for (size_t i = 0; i < n; i++)
        slant_boiler_seen_add(two, cs(docs[i][0]), cs(docs[i][1]));
    clean_seen(two, "A", docs[4][1], &o1, &st);
    assert_string_equal(slant_buf_cstr(&o1), "Fourth story.\n");
    assert_int_equal(st.repeated_lines, 2);
    /* NULL seen is plain cleaning */
    clean_seen(NULL, "A", docs[0][1], &o1, &st);
    assert_string_equal(slant_buf_cstr(&o1), docs[0][1]);

    slant_boiler_seen_free(two);
    slant_boiler_seen_free(fwd);
    slant_boiler_seen_free(rev);
    slant_boiler_seen_free(NULL);
    slant_buf_release(&o1);
    slant_buf_release(&o2);
}

/* ---- the kursk pages --------------------------------------------------------- */

/* 1 when some line of text contains needle. */
static int has(const char *text, const char *needle)
{
    return strstr(text, needle) != NULL;
}

static size_t count_of(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

/* 1 when a whole line (trimmed) equals want. */
static int has_line(const char *text, const char *want)
{
    size_t wl = strlen(want);
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        struct slant_slice t = slant_slice_trim((struct slant_slice){p, n});
        if (t.len == wl && memcmp(t.p, want, wl) == 0)
            return 1;
        p += n + (e ? 1 : 0);
    }
    return 0;
}

static void test_kursk(void **state)
{
    (void)state;
    const char *dir = slant_test_shared("kursk");
    if (!dir) {
        skip();
        return;
    }
    struct slant_diag d;
    slant_diag_init(&d, NULL);
    struct slant_corpus *c = slant_corpus_new(&(struct slant_corpus_opts){0}, &d);
    assert_int_equal(slant_corpus_add_path(c, dir), 0);
    struct slant_buf out;
    slant_buf_init(&out, 0);
    struct slant_record r;
    int seen_outlets = 0;
    while (slant_corpus_next(c, &r) == 1) {
        struct slant_boiler_stats st = {0};
        slant_buf_reset(&out);
        assert_int_equal(slant_boiler_clean(r.text, 0, &out, &st), 0);
        const char *o = slant_buf_cstr(&out);
        char *in = strndup(r.text.p, r.text.len);
        assert_non_null(in);
        assert_int_equal(st.lines_removed, st.rule_lines + st.dup_lines + st.tail_lines);

        if (slant_slice_eq_cstr(r.outlet, "the-gaze")) {
            seen_outlets |= 1;
            assert_true(has_line(in, "Menu"));
            assert_false(has_line(o, "Menu"));
            assert_false(has_line(o, "By"));
            assert_false(has(o, "We use cookies"));
            assert_false(has(o, "Outdated Browser"));
            assert_false(has(o, "Google Chrome"));
            assert_false(has(o, "Similar articles"));
            assert_false(has(o, "Read more on The Gaze:"));
            /* the browser-choice page is Ukrainian; the article is not */
            assert_true(has(in, "\xD0\x94"));
            assert_null(strpbrk(o, "\xD0\xD1"));
            /* the caption printed twice stays once; the headline stays */
            assert_int_equal(count_of(in, "Russian Battles. Source: AP"), 2);
            assert_int_equal(count_of(o, "Russian Battles. Source: AP"), 1);
            assert_true(
                has_line(o, "North Korea Builds Museum Honoring Troops in Russian Battles"));
            assert_true(has(o, "North Korea has begun construction of a museum"));
            assert_true(has(o, "\xE2\x80\x9CThe combatants of the armed forces of the Republic"));
            assert_int_equal(st.dup_lines, 1);
            assert_true(st.tail_lines > 10);
        } else if (slant_slice_eq_cstr(r.outlet, "newsweek")) {
            seen_outlets |= 2;
            const char *cut = strstr(in, "\nRelated Articles\n");
            assert_non_null(cut);
            /* everything before the first "Related Articles" and nothing after */
            assert_int_equal(out.len, (size_t)(cut - in) + 1);
            assert_memory_equal(o, in, out.len);
            assert_true(has(in, "Support Ukrainska Pravda on Patreon!"));
            assert_true(has(in, "Yahoo"));
            assert_false(has(o, "Patreon"));
            assert_false(has(o, "Yahoo"));
            assert_true(has(o, "The Russian people will never forget the feat"));
            assert_true(has(o, "They fought for the liberation of our land"));
            assert_int_equal(st.rule_lines + st.dup_lines, 0);
        } else if (slant_slice_eq_cstr(r.outlet, "ukrainska-pravda")) {
            seen_outlets |= 4;
            assert_true(slant_slice_eq_cstr(r.date, "2025-08-22"));
            assert_true(has_line(in, "All Sections"));
            assert_false(has_line(o, "All Sections"));
            assert_true(has(in, "Support Ukrainska Pravda on Patreon!"));
            assert_false(has(o, "Patreon"));
            assert_true(has_line(in, "Photo: KCNA, Novaya Gazeta"));
            assert_false(has(o, "Photo: KCNA, Novaya Gazeta"));
            assert_true(has(o, "North Korean dictator Kim Jong Un has conferred"));
            assert_true(has(o, "Russia\xE2\x80\x99s war against Ukraine"));
            assert_true(has(o, "Background:"));
        } else if (slant_slice_eq_cstr(r.outlet, "pravda-ru")) {
            seen_outlets |= 8;
            assert_true(slant_slice_eq_cstr(r.date, "2025-04-28"));
            assert_int_equal(strncmp(o, "North Korean leader Kim Jong Un", 31), 0);
            assert_true(has(in, "Subscribe to Pravda.Ru Telegram channel"));
            assert_false(has(o, "Subscribe to Pravda.Ru"));
            assert_true(has(o, "I would like to specifically highlight the participation"));
            assert_int_equal(st.lines_removed, 1);
        } else if (slant_slice_eq_cstr(r.outlet, "tass")) {
            seen_outlets |= 16;
            assert_true(slant_slice_eq_cstr(r.date, "2025-10-24"));
            assert_int_equal(st.lines_removed, 0);
            assert_int_equal(out.len, r.text.len);
            assert_memory_equal(o, r.text.p, out.len);
        } else {
            fail_msg("unexpected outlet %.*s", (int)r.outlet.len, r.outlet.p);
        }
        free(in);
    }
    assert_int_equal(seen_outlets, 31);
    assert_int_equal(slant_corpus_rejected(c), 0);
    slant_buf_release(&out);
    slant_corpus_free(c);
    slant_diag_release(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_clean_lines_and_blanks),
        cmocka_unit_test(test_clean_duplicates),
        cmocka_unit_test(test_clean_tails),
        cmocka_unit_test(test_clean_too_big),
        cmocka_unit_test(test_seen),
        cmocka_unit_test(test_seen_every_length),
        cmocka_unit_test(test_kursk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
