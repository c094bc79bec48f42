/* test_corpus.c - the input readers: front matter, text, JSONL, CSV, walks. */
#include "testutil.h"

#include <errno.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "slant/corpus.h"
#include "slant/utf8.h"
#include "slant/err.h"

/* ---- helpers ------------------------------------------------------------ */

static int contains(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

static int slice_is(struct slant_slice s, const char *want)
{
    return s.len == strlen(want) && memcmp(s.p, want, s.len) == 0;
}

static struct slant_slice cs(const char *s)
{
    struct slant_slice r = {s, strlen(s)};
    return r;
}

/* A reader over one in-memory input. */
static struct slant_corpus *mem_reader(struct sink *s, const char *outlet, const char *name,
                                       const void *p, size_t len, int format)
{
    struct slant_corpus_opts o = {.outlet = outlet, .format = SLANT_FMT_AUTO};
    struct slant_corpus *c = slant_corpus_new(&o, &s->d);
    assert_non_null(c);
    slant_corpus_add_memory(c, name, p, len, format);
    return c;
}

static char tmpdir[256];

static void write_file(const char *rel, const void *p, size_t len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static int setup_tmp(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof(tmpdir), "%s/slant-test-corpus-XXXXXX", base && *base ? base : "/tmp");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmp(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- front matter and date stamps --------------------------------------- */

static void test_front_matter(void **state)
{
    (void)state;
    struct slant_front_matter fm;
    slant_corpus_parse_front_matter(cs("Title: T\r\noutlet: O\r\nURL:  http://x \r\n\r\nBody\n"),
                                    &fm);
    assert_true(fm.has_front_matter);
    assert_false(fm.has_date_stamp);
    assert_true(slice_is(fm.title, "T"));
    assert_true(slice_is(fm.outlet, "O"));
    assert_true(slice_is(fm.url, "http://x"));
    assert_true(slice_is(fm.body, "Body\n"));
    assert_int_equal(fm.body_line, 5);

    /* a dateline is not a key: no front matter, nothing eaten */
    const char *t = "WASHINGTON: The Senate voted.\n\nMore.\n";
    slant_corpus_parse_front_matter(cs(t), &fm);
    assert_false(fm.has_front_matter);
    assert_true(slice_is(fm.body, t));
    assert_int_equal(fm.body_line, 1);
    assert_int_equal(fm.title.len, 0);

    /* one non-key line among keys: no front matter at all */
    t = "title: T\nMenu\n\nBody\n";
    slant_corpus_parse_front_matter(cs(t), &fm);
    assert_false(fm.has_front_matter);
    assert_true(slice_is(fm.body, t));
    assert_int_equal(fm.title.len, 0);

    /* keys only, up to the end: front matter, empty body */
    slant_corpus_parse_front_matter(cs("lang: de\n"), &fm);
    assert_true(fm.has_front_matter);
    assert_true(slice_is(fm.lang, "de"));
    assert_int_equal(fm.body.len, 0);

    /* "id" and "text" are record fields, not front-matter keys */
    t = "id: 7\n\nBody\n";
    slant_corpus_parse_front_matter(cs(t), &fm);
    assert_false(fm.has_front_matter);
    assert_true(slice_is(fm.body, t));

    slant_corpus_parse_front_matter(cs(""), &fm);
    assert_int_equal(fm.body.len, 0);
    assert_false(fm.has_front_matter);
}

static void test_date_stamp(void **state)
{
    (void)state;
    struct slant_front_matter fm;
    slant_corpus_parse_front_matter(cs(" date 2025-08-22 All Sections\nKim Jong Un.\n"), &fm);
    assert_true(fm.has_date_stamp);
    assert_true(slice_is(fm.date, "2025-08-22"));
    assert_true(slice_is(fm.body, "All Sections\nKim Jong Un.\n"));
    assert_int_equal(fm.body_line, 1);

    /* the stamp alone on its line: the body starts on line 2 */
    slant_corpus_parse_front_matter(cs("date 2024-01-31\nBody.\n"), &fm);
    assert_true(fm.has_date_stamp);
    assert_true(slice_is(fm.body, "Body.\n"));
    assert_int_equal(fm.body_line, 2);

    /* not stamps */
    const char *no[] = {"date 2025-8-22 x\n", "dated 2025-08-22 x\n", "date 2025-08-223\n",
                        "The date 2025-08-22 was set.\n", "date\t2025-08-22 tab\n"};
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        slant_corpus_parse_front_matter(cs(no[i]), &fm);
        assert_false(fm.has_date_stamp);
        assert_true(slice_is(fm.body, no[i]));
    }
    /* a stamp on line 2 is text */
    slant_corpus_parse_front_matter(cs("Head\n date 2025-08-22 x\n"), &fm);
    assert_false(fm.has_date_stamp);
    assert_int_equal(fm.date.len, 0);
}

/* ---- text files --------------------------------------------------------- */

static void test_text_memory(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    const char *t = "outlet: \"Quoted\" <b>../x</b>\ntitle: A title\n\nThe body.\n";
    struct slant_corpus *c = mem_reader(&s, NULL, "doc.txt", t, strlen(t), SLANT_FMT_AUTO);
    struct slant_record r;
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_string_equal(r.path, "doc.txt");
    assert_int_equal(r.line, 1);
    assert_int_equal(r.body_line, 4);
    assert_true(slice_is(r.outlet, "\"Quoted\" <b>../x</b>")); /* verbatim bytes */
    assert_true(slice_is(r.title, "A title"));
    assert_true(slice_is(r.text, "The body.\n"));
    assert_int_equal(r.n_replaced, 0);
    assert_int_equal(slant_corpus_next(c, &r), 0);
    assert_int_equal(slant_corpus_rejected(c), 0);
    assert_int_equal(slant_corpus_bytes_read(c), strlen(t));
    slant_corpus_free(c);
    sink_close(&s);
}

static void test_text_no_outlet_and_override(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    const char *t = "Just a body.\n";
    struct slant_corpus *c = mem_reader(&s, NULL, "bare.txt", t, strlen(t), SLANT_FMT_AUTO);
    struct slant_record r;
    assert_int_equal(slant_corpus_next(c, &r), 0);
    assert_int_equal(slant_corpus_rejected(c), 1);
    assert_true(contains(sink_text(&s), "bare.txt: error: no outlet: give --outlet or put the "
                                        "file in a folder named after the outlet"));
    slant_corpus_free(c);

    /* --outlet names it, and overrides front matter */
    const char *t2 = "outlet: FM\n\nBody two.\n";
    c = mem_reader(&s, "CLI", "bare.txt", t, strlen(t), SLANT_FMT_AUTO);
    slant_corpus_add_memory(c, "fm.txt", t2, strlen(t2), SLANT_FMT_AUTO);
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_true(slice_is(r.outlet, "CLI"));
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_true(slice_is(r.outlet, "CLI"));
    assert_true(slice_is(r.text, "Body two.\n"));
    assert_int_equal(slant_corpus_rejected(c), 0);
    slant_corpus_free(c);
    sink_close(&s);
}

static void test_text_empty(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    const char *ws = " \n\t\r\n  ";
    const char *fmonly = "outlet: X\ntitle: T\n\n  \n";
    struct slant_corpus *c = mem_reader(&s, "O", "empty.txt", "", 0, SLANT_FMT_AUTO);
    slant_corpus_add_memory(c, "ws.txt", ws, strlen(ws), SLANT_FMT_AUTO);
    slant_corpus_add_memory(c, "fmonly.txt", fmonly, strlen(fmonly), SLANT_FMT_AUTO);
    struct slant_record r;
    assert_int_equal(slant_corpus_next(c, &r), 0);
    assert_int_equal(slant_corpus_rejected(c), 3);
    const char *m = sink_text(&s);
    assert_true(contains(m, "empty.txt:1: error: empty text"));
    assert_true(contains(m, "ws.txt:1: error: empty text"));
    assert_true(contains(m, "fmonly.txt:4: error: empty text")); /* the body's line */
    slant_corpus_free(c);
    sink_close(&s);
}

static void test_text_encodings(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    /* "Hé" + newline in UTF-16 LE and BE with BOM; UTF-8 with BOM */
    const char le[] = "\xFF\xFE"
                      "H\0\xE9\0\n\0";
    const char be[] = "\xFE\xFF"
                      "\0H\0\xE9\0\n";
    const char u8[] = "\xEF\xBB\xBF"
                      "H\xC3\xA9\n";
    const char u32[] = "\xFF\xFE\0\0H\0\0\0";
    struct slant_corpus *c = mem_reader(&s, "O", "le.txt", le, sizeof(le) - 1, SLANT_FMT_AUTO);
    slant_corpus_add_memory(c, "be.txt", be, sizeof(be) - 1, SLANT_FMT_AUTO);
    slant_corpus_add_memory(c, "u8.txt", u8, sizeof(u8) - 1, SLANT_FMT_AUTO);
    slant_corpus_add_memory(c, "u32.txt", u32, sizeof(u32) - 1, SLANT_FMT_AUTO);
    struct slant_record r;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(slant_corpus_next(c, &r), 1);
        assert_true(slice_is(r.text, "H\xC3\xA9\n"));
        assert_int_equal(r.n_replaced, 0);
    }
    assert_int_equal(slant_corpus_next(c, &r), 0);
    assert_int_equal(slant_corpus_rejected(c), 1);
    assert_true(contains(sink_text(&s), "u32.txt: error: UTF-32 is not supported"));
    slant_corpus_free(c);
    sink_close(&s);
}

static void test_text_binary_and_nul(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    /* a NUL early: binary */
    const char bin[] = "\x7F"
                       "ELF\x02\x01\x01\0\0\0\0rest";
    /* mostly invalid bytes, no NUL: not text */
    char junk[400];
    for (size_t i = 0; i < sizeof(junk); i++)
        junk[i] = (char)(0x80 + (i % 0x40));
    /* good text with a NUL after the first 8 KB, and one stray invalid byte */
    size_t n = 9000;
    char *late = malloc(n);
    assert_non_null(late);
    memset(late, 'a', n);
    for (size_t i = 80; i < n; i += 81)
        late[i] = '\n';
    late[8500] = '\0';
    late[100] = (char)0xFF;
    struct slant_corpus *c = mem_reader(&s, "O", "bin.txt", bin, sizeof(bin) - 1, SLANT_FMT_AUTO);
    slant_corpus_add_memory(c, "junk.txt", junk, sizeof(junk), SLANT_FMT_AUTO);
    slant_corpus_add_memory(c, "late.txt", late, n, SLANT_FMT_AUTO);
    struct slant_record r;
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_string_equal(r.path, "late.txt");
    assert_int_equal(r.n_replaced, 2);
    /* never truncated: one byte became the 3 bytes of U+FFFD, twice */
    assert_int_equal(r.text.len, n + 4);
    assert_null(memchr(r.text.p, '\0', r.text.len));
    assert_memory_equal(r.text.p + 8500 + 2, "\xEF\xBF\xBD", 3);
    assert_int_equal(slant_corpus_next(c, &r), 0);
    assert_int_equal(slant_corpus_rejected(c), 2);
    const char *m = sink_text(&s);
    assert_true(contains(m, "bin.txt: error: binary file (NUL byte at offset 7)"));
    assert_true(contains(m, "junk.txt: error: binary file or not UTF-8 text"));
    assert_true(contains(m, "late.txt:1: warning: 2 invalid UTF-8"));
    assert_int_equal(s.d.count[SLANT_WARNING], 1);
    slant_corpus_free(c);
    free(late);
    sink_close(&s);
}

static void test_text_files_on_disk(void **state)
{
    (void)state;
    const char le[] = "\xFF\xFE"
                      "o\0u\0t\0l\0e\0t\0:\0 \0U\0\n\0\n\0B\0o\0d\0y\0\n\0";
    write_file("u16.txt", le, sizeof(le) - 1);
    write_file("nul.txt", "abc\0def", 7);
    struct sink s;
    sink_open(&s);
    struct slant_corpus *c = slant_corpus_new(&(struct slant_corpus_opts){0}, &s.d);
    char p1[512], p2[512], p3[512];
    snprintf(p1, sizeof(p1), "%s/u16.txt", tmpdir);
    snprintf(p2, sizeof(p2), "%s/nul.txt", tmpdir);
    snprintf(p3, sizeof(p3), "%s/absent.txt", tmpdir);
    assert_int_equal(slant_corpus_add_path(c, p1), 0);
    assert_int_equal(slant_corpus_add_path(c, p2), 0);
    assert_int_equal(slant_corpus_add_path(c, p3), SLANT_ENOTFOUND);
    assert_int_equal(slant_corpus_bytes_total(c), sizeof(le) - 1 + 7);
    struct slant_record r;
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_true(slice_is(r.outlet, "U"));
    assert_true(slice_is(r.text, "Body\n"));
    assert_string_equal(r.path, p1);
    assert_int_equal(slant_corpus_next(c, &r), 0);
    assert_int_equal(slant_corpus_rejected(c), 2);
    assert_int_equal(slant_corpus_bytes_read(c), sizeof(le) - 1 + 7);
    const char *m = sink_text(&s);
    assert_true(contains(m, "nul.txt: error: binary file"));
    assert_true(contains(m, "absent.txt: error: No such file or directory"));
    slant_corpus_free(c);
    sink_close(&s);
}

/* ---- directory walks ---------------------------------------------------- */

static void test_walk(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    struct slant_corpus *c = slant_corpus_new(&(struct slant_corpus_opts){0}, &s.d);
    assert_int_equal(slant_corpus_add_path(c, "tests/data/corpus/walk/"), 0);
    /* byte order; hidden file and folder and notes.md are not queued */
    static const char *const want_path[] = {
        "tests/data/corpus/walk/alpha/2024/b.txt", "tests/data/corpus/walk/alpha/a.txt",
        "tests/data/corpus/walk/beta/c.TXT", "tests/data/corpus/walk/top.txt"};
    static const char *const want_outlet[] = {"alpha", "alpha", "beta", "gamma"};
    assert_int_equal(slant_corpus_files(c), 5);
    struct slant_record r;
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(slant_corpus_next(c, &r), 1);
        assert_string_equal(r.path, want_path[i]);
        assert_true(slice_is(r.outlet, want_outlet[i]));
        assert_null(strstr(r.text.p, "must not be read"));
    }
    assert_true(slice_is(r.date, "2024-01-02"));
    assert_int_equal(slant_corpus_next(c, &r), 0);
    /* top-noout.txt sits directly in the walked folder and has no outlet */
    assert_int_equal(slant_corpus_rejected(c), 1);
    assert_true(contains(sink_text(&s), "walk/top-noout.txt: error: no outlet"));
    slant_corpus_free(c);

    /* --outlet overrides the folders */
    c = slant_corpus_new(
        &(struct slant_corpus_opts){.outlet = "Z", .format = SLANT_FMT_AUTO, .lang = NULL}, &s.d);
    assert_int_equal(slant_corpus_add_path(c, "tests/data/corpus/walk"), 0);
    size_t n = 0;
    while (slant_corpus_next(c, &r) == 1) {
        assert_true(slice_is(r.outlet, "Z"));
        n++;
    }
    assert_int_equal(n, 5);
    assert_int_equal(slant_corpus_rejected(c), 0);
    slant_corpus_free(c);
    sink_close(&s);
}

static void test_walk_symlink(void **state)
{
    (void)state;
    char path[512], target[512];
    snprintf(path, sizeof(path), "%s/w", tmpdir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/w/real", tmpdir);
    assert_int_equal(mkdir(path, 0700), 0);
    write_file("w/real/one.txt", "Real one.\n", 10);
    write_file("w/file.jsonl", "{\"outlet\":\"J\",\"text\":\"json\"}\n", 29);
    /* a link to a folder (not followed) and a link to a file (read) */
    snprintf(target, sizeof(target), "%s/w/real", tmpdir);
    snprintf(path, sizeof(path), "%s/w/linked", tmpdir);
    assert_int_equal(symlink(target, path), 0);
    snprintf(target, sizeof(target), "%s/w/real/one.txt", tmpdir);
    snprintf(path, sizeof(path), "%s/w/real/two.txt", tmpdir);
    assert_int_equal(symlink(target, path), 0);

    struct sink s;
    sink_open(&s);
    struct slant_corpus *c = slant_corpus_new(&(struct slant_corpus_opts){0}, &s.d);
    snprintf(path, sizeof(path), "%s/w", tmpdir);
    assert_int_equal(slant_corpus_add_path(c, path), 0);
    assert_int_equal(slant_corpus_files(c), 3); /* file.jsonl, real/one.txt, real/two.txt */
    struct slant_record r;
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_true(slice_is(r.outlet, "J"));
    for (int i = 0; i < 2; i++) {
        assert_int_equal(slant_corpus_next(c, &r), 1);
        assert_true(slice_is(r.outlet, "real"));
        assert_null(strstr(r.path, "linked"));
    }
    assert_int_equal(slant_corpus_next(c, &r), 0);
    assert_true(contains(sink_text(&s), "linked: note: symbolic link to a directory not followed"));
    slant_corpus_free(c);
    sink_close(&s);
}

/* ---- JSONL -------------------------------------------------------------- */

static void test_jsonl_mixed(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    struct slant_corpus *c = slant_corpus_new(&(struct slant_corpus_opts){0}, &s.d);
    const char *p = "tests/data/corpus/mixed.jsonl";
    assert_int_equal(slant_corpus_add_path(c, p), 0);
    struct slant_record r;
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_int_equal(r.line, 1);
    assert_true(slice_is(r.id, "1"));
    assert_true(slice_is(r.outlet, "A"));
    assert_true(slice_is(r.title, "T1"));
    assert_true(slice_is(r.date, "2022-03-01"));
    assert_true(slice_is(r.url, "http://example.org/1"));
    assert_true(slice_is(r.lang, "en"));
    assert_true(slice_is(r.text, "First good text."));
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_int_equal(r.line, 9);
    assert_true(slice_is(r.id, "x9"));
    assert_int_equal(r.title.len, 0); /* null is absent */
    /* \u0000 is kept as U+FFFD, never a truncation */
    assert_true(slice_is(r.text, "NUL\xEF\xBF\xBDinside \xC3\xA9"));
    assert_int_equal(r.n_replaced, 1);
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_int_equal(r.line, 11);
    assert_true(slice_is(r.id, "2.5"));
    assert_true(slice_is(r.outlet, "C"));
    assert_int_equal(slant_corpus_next(c, &r), 0);
    assert_int_equal(slant_corpus_rejected(c), 7);
    const char *m = sink_text(&s);
    assert_true(contains(m, "mixed.jsonl:3: error: invalid JSON"));
    assert_true(contains(m, "mixed.jsonl:4: error: not a JSON object but an array"));
    assert_true(contains(m, "mixed.jsonl:5: error: missing \"text\""));
    assert_true(contains(m, "mixed.jsonl:6: error: \"text\" is a number, not a string"));
    assert_true(contains(m, "mixed.jsonl:7: error: empty text"));
    assert_true(contains(m, "mixed.jsonl:8: error: missing \"outlet\""));
    assert_true(contains(m, "mixed.jsonl:10: error: \"title\" is an array"));
    assert_true(contains(m, "mixed.jsonl:9: warning: 1 invalid"));
    assert_false(contains(m, "mixed.jsonl:2:")); /* a blank line is not an error */
    assert_int_equal(s.d.count[SLANT_ERROR], 7);
    slant_corpus_free(c);

    /* --outlet makes the outlet field optional and wins over it */
    c = slant_corpus_new(
        &(struct slant_corpus_opts){.outlet = "X", .format = SLANT_FMT_AUTO, .lang = "de"}, &s.d);
    assert_int_equal(slant_corpus_add_path(c, p), 0);
    size_t n = 0;
    while (slant_corpus_next(c, &r) == 1) {
        assert_true(slice_is(r.outlet, "X"));
        assert_true(slice_is(r.lang, "de"));
        n++;
    }
    assert_int_equal(n, 4); /* line 8 is good now */
    assert_int_equal(slant_corpus_rejected(c), 6);
    slant_corpus_free(c);
    sink_close(&s);
}

/*
 * The reader parses common JSONL lines without jansson (a fast path) and
 * hands the rest to jansson.  Whatever the path, a line must give what
 * jansson itself gives: the same verdict and the same field bytes.  The
 * oracle here is jansson called directly on each line.
 */
static const char *const json_edge[] = {
    "{\"outlet\":\"A\",\"text\":\"plain\"}",
    " { \"outlet\" : \"A\" , \"text\" : \"spaced\" , \"title\" : null }  \r",
    "{\"outlet\":\"A\",\"text\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t e\\u00e9 \\u2019 "
    "\\ud83d\\ude00\"}",
    "{\"outlet\":\"A\",\"text\":\"NUL\\u0000in\"}",
    "{\"outlet\":\"A\",\"text\":\"lone \\ud800 high\"}",
    "{\"outlet\":\"A\",\"text\":\"lone \\udc00 low\"}",
    "{\"outlet\":\"A\",\"text\":\"high then bad \\ud800\\u0041\"}",
    "{\"outlet\":\"A\",\"text\":\"bad \\x escape\"}",
    "{\"outlet\":\"A\",\"text\":\"short \\u12\"}",
    "{\"outlet\":\"A\",\"text\":\"upper hex \\u00C9\"}",
    "{\"outlet\":\"A\",\"text\":\"raw\ttab\"}",
    "{\"outlet\":\"A\",\"text\":\"first\",\"text\":\"second wins\"}",
    "{\"outlet\":\"A\",\"text\":\"t\",\"title\":true}",
    "{\"outlet\":\"A\",\"text\":\"t\",\"title\":false}",
    "{\"outlet\":null,\"text\":\"t\"}",
    "{\"outlet\":\"A\",\"text\":null}",
    "{\"outlet\":\"A\",\"text\":\"t\",\"id\":12}",
    "{\"outlet\":\"A\",\"text\":\"t\",\"id\":-1.5e3}",
    "{\"outlet\":\"A\",\"text\":\"t\",\"id\":123456789012345678901234567890}",
    "{\"outlet\":\"A\",\"text\":\"t\",\"extra\":{\"a\":[1,2,{\"b\":null}]}}",
    "{\"outlet\":\"A\",\"text\":\"t\"} x",
    "{\"outlet\":\"A\",\"text\":\"t\",\"n\":nullx}",
    "{\"outlet\":\"A\",\"text\":\"t\",}",
    "{\"outlet\":\"A\" \"text\":\"t\"}",
    "{\"outlet\":\"A\",\"text\":\"unterminated}",
    "{\"outlet\":\"A\",\"t\\u0065xt\":\"escaped key\"}",
    "{\"outlet\":\"A\",\"TEXT\":\"keys are case-sensitive\"}",
    "{\"outlet\":\"A\",\"text\":\"t\",\"k\\u0000\":\"NUL in a key\"}",
    "{}",
    "[\"outlet\",\"text\"]",
    "\"just a string\"",
    "{\"outlet\":\"A\",\"text\":\"t\"}{\"outlet\":\"B\",\"text\":\"u\"}",
    "{\"outlet\":\"A\",\"text\":\"t\",\"url\":\"http:\\/\\/x\",\"date\":\"2022\",\"lang\":\"en\"}",
    "{\"outlet\":\"A\",\"text\":\"caf\xc3\xa9 raw UTF-8 \xd0\x9f\xd1\x83\"}",
    "{\"outlet\":\"A\",\"text\":\"invalid \xff byte\"}",
    "{\"outlet\":\"A\",\"text\":\"   \"}",
    "{\"outlet\":\"\",\"text\":\"empty outlet\"}",
    "{\"outlet\":\"A\",\"text\":\"t\",\"title\":\"\\\"quoted\\\"\"}",
    "{\"outlet\":\"A\",\"text\":\"t\",\"n\":tru}",
    /* a bad escape in a value a repeated key replaces, or under a key that
     * is not ours, still makes the line invalid */
    "{\"outlet\":\"A\",\"text\":\"bad \\q\",\"text\":\"good\"}",
    "{\"outlet\":\"A\",\"text\":\"good\",\"other\":\"\\ud800\"}",
    "{\"outlet\":\"A\",\"text\":\"good\",\"other\":\"\\u00e9\\\"\"}",
};

/* What jansson makes of field k of line: 1 and its sanitized bytes in out,
 * 0 when absent or null, -1 when the line must be rejected. */
static int oracle_field(json_t *root, const char *key, struct slant_buf *out, size_t *replaced)
{
    json_t *v = json_object_get(root, key);
    slant_buf_reset(out);
    if (!v || json_is_null(v))
        return 0;
    if (json_is_string(v)) {
        assert_int_equal(
            slant_utf8_sanitize(json_string_value(v), json_string_length(v), out, replaced), 0);
        return 1;
    }
    if (strcmp(key, "id") == 0 && json_is_integer(v)) {
        char num[64];
        int n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        slant_buf_add(out, num, (size_t)n);
        return 1;
    }
    if (strcmp(key, "id") == 0 && json_is_real(v)) {
        char num[64];
        int n = snprintf(num, sizeof(num), "%.17g", json_real_value(v));
        slant_buf_add(out, num, (size_t)n);
        return 1;
    }
    return -1;
}

/* Read line with the reader and check it gives what jansson gives (see
 * above); i names it in a failure.  Returns the verdict: 1 accepted; *fast
 * (may be NULL) says whether the reader's own scan decided the line. */
static int agrees_with_jansson(const char *line, size_t i, int *fast)
{
    static const char *const keys[] = {"outlet", "id", "title", "date", "url", "lang", "text"};
    /* the oracle: jansson on the sanitized line */
    struct slant_buf clean, want[7];
    slant_buf_init(&clean, 0);
    size_t want_replaced = 0;
    assert_int_equal(slant_utf8_sanitize(line, strlen(line), &clean, &want_replaced), 0);
    json_error_t err;
    json_t *root = json_loadb(clean.p, clean.len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &err);
    int ok = root && json_is_object(root);
    int has[7] = {0};
    for (int k = 0; k < 7; k++) {
        slant_buf_init(&want[k], 0);
        if (ok) {
            has[k] = oracle_field(root, keys[k], &want[k], &want_replaced);
            if (has[k] < 0)
                ok = 0;
        }
    }
    if (ok && (!json_object_get(root, "text") || !json_object_get(root, "outlet") || has[0] != 1 ||
               want[0].len == 0 || has[6] != 1))
        ok = 0;
    if (ok) {
        struct slant_slice t = slant_buf_slice(&want[6]);
        if (slant_slice_trim(t).len == 0)
            ok = 0;
    }
    json_decref(root);

    struct sink s;
    sink_open(&s);
    struct slant_corpus *c =
        mem_reader(&s, NULL, "edge.jsonl", line, strlen(line), SLANT_FMT_JSONL);
    struct slant_record r;
    int got = slant_corpus_next(c, &r);
    if (got != (ok ? 1 : 0))
        fail_msg("line %zu (%s): reader says %d, jansson %d; %s", i, line, got, ok, sink_text(&s));
    if (ok) {
        struct slant_slice *f[7] = {&r.outlet, &r.id, &r.title, &r.date, &r.url, &r.lang, &r.text};
        for (int k = 0; k < 7; k++) {
            if (f[k]->len != want[k].len ||
                (want[k].len && memcmp(f[k]->p, want[k].p, want[k].len) != 0))
                fail_msg("line %zu: field %s differs", i, keys[k]);
        }
        assert_int_equal(r.n_replaced, want_replaced);
        assert_int_equal(slant_corpus_next(c, &r), 0);
    } else {
        assert_int_equal(slant_corpus_rejected(c), 1);
    }
    if (fast)
        *fast = slant_corpus_fast_lines(c) == 1;
    slant_corpus_free(c);
    sink_close(&s);
    slant_buf_release(&clean);
    for (int k = 0; k < 7; k++)
        slant_buf_release(&want[k]);
    return ok;
}

static void test_jsonl_fast_path_matches_jansson(void **state)
{
    (void)state;
    size_t accepted = 0;
    for (size_t i = 0; i < sizeof(json_edge) / sizeof(json_edge[0]); i++)
        accepted += (size_t)agrees_with_jansson(json_edge[i], i, NULL);
    /* both verdicts were exercised */
    assert_true(accepted >= 10);
    assert_true(accepted <= sizeof(json_edge) / sizeof(json_edge[0]) - 10);
}

/*
 * The fast path looks for a string's end eight bytes at a time: an escape,
 * a control byte or the closing quote at any offset in the string, with any
 * number of bytes after it, must still give jansson's answer.
 */
static void test_jsonl_fast_path_every_offset(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int ok;
    } special[] = {
        {"\\\"", 1}, {"\\\\", 1}, {"\\u00e9", 1}, {"\xc3\xa9", 1}, {"\x7f", 1},
        {"", 1},     {"\t", 0},   {"\x01", 0},    {"\x1f", 0},     {"\\q", 0},
    };
    char line[128];
    size_t n = 0;
    for (size_t k = 0; k < sizeof(special) / sizeof(special[0]); k++) {
        for (int before = 0; before < 20; before++) {
            for (int after = 0; after < 10; after++) {
                int len =
                    snprintf(line, sizeof(line), "{\"outlet\":\"A\",\"text\":\"%.*s%s%.*s\"}",
                             before, "aaaaaaaaaaaaaaaaaaaa", special[k].s, after, "bbbbbbbbbb");
                assert_true(len > 0 && (size_t)len < sizeof(line));
                int ok = special[k].ok && before + after + (int)strlen(special[k].s) > 0;
                int fast = 0;
                if (agrees_with_jansson(line, n++, &fast) != ok)
                    fail_msg("%s: accepted %d, want %d", line, !ok, ok);
                /* a good string is the reader's own work, not jansson's */
                if (special[k].ok && !fast)
                    fail_msg("%s: left to jansson", line);
            }
        }
    }
}

static void test_jsonl_invalid_utf8_and_bom(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    const char j[] = "\xEF\xBB\xBF{\"outlet\":\"O\xFF\",\"text\":\"caf\xC3 x\"}\r\n"
                     "{\"outlet\":\"O\",\"text\":\"\\ud800 lone\"}\n"
                     "  \t \n";
    struct slant_corpus *c = mem_reader(&s, NULL, "in.ndjson", j, sizeof(j) - 1, SLANT_FMT_AUTO);
    struct slant_record r;
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_int_equal(r.line, 1);
    assert_true(slice_is(r.outlet, "O\xEF\xBF\xBD"));
    assert_true(slice_is(r.text, "caf\xEF\xBF\xBD x"));
    assert_int_equal(r.n_replaced, 2);
    assert_int_equal(slant_corpus_next(c, &r), 0);
    /* jansson refuses a lone surrogate escape: rejected by line, not a crash */
    assert_int_equal(slant_corpus_rejected(c), 1);
    assert_true(contains(sink_text(&s), "in.ndjson:2: error: invalid JSON"));
    slant_corpus_free(c);
    sink_close(&s);
}

static void test_jsonl_long_lines(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    /* a 20 MB line is fine; a line above the 64 MiB cap is skipped by number */
    size_t big = (size_t)20 << 20, huge = SLANT_CORPUS_LINE_CAP + 10;
    const char *pre = "{\"outlet\":\"O\",\"text\":\"";
    size_t pl = strlen(pre);
    size_t total = (pl + big + 3) + (huge + 1) + 40;
    char *j = malloc(total);
    assert_non_null(j);
    size_t o = 0;
    memcpy(j + o, pre, pl);
    o += pl;
    memset(j + o, 'w', big);
    o += big;
    memcpy(j + o, "\"}\n", 3);
    o += 3;
    memset(j + o, 'x', huge);
    o += huge;
    j[o++] = '\n';
    const char *tail = "{\"outlet\":\"O\",\"text\":\"after\"}\n";
    memcpy(j + o, tail, strlen(tail));
    o += strlen(tail);
    struct slant_corpus *c = mem_reader(&s, NULL, "big.jsonl", j, o, SLANT_FMT_AUTO);
    struct slant_record r;
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_int_equal(r.text.len, big);
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_int_equal(r.line, 3);
    assert_true(slice_is(r.text, "after"));
    assert_int_equal(slant_corpus_next(c, &r), 0);
    assert_int_equal(slant_corpus_rejected(c), 1);
    assert_true(contains(sink_text(&s), "big.jsonl:2: error: line longer than 64 MiB"));
    slant_corpus_free(c);
    free(j);
    sink_close(&s);
}

static void test_jsonl_binary_file(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    const char b[] = "{\"a\":1}\n\0\0\0\x01garbage\n";
    struct slant_corpus *c = mem_reader(&s, NULL, "b.jsonl", b, sizeof(b) - 1, SLANT_FMT_AUTO);
    struct slant_record r;
    assert_int_equal(slant_corpus_next(c, &r), 0);
    assert_int_equal(slant_corpus_rejected(c), 1); /* one message, not one per line */
    assert_true(contains(sink_text(&s), "b.jsonl: error: binary file"));
    slant_corpus_free(c);
    sink_close(&s);
}

/* ---- CSV ---------------------------------------------------------------- */

static void test_csv_mixed(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    struct slant_corpus *c = slant_corpus_new(&(struct slant_corpus_opts){0}, &s.d);
    assert_int_equal(slant_corpus_add_path(c, "tests/data/corpus/mixed.csv"), 0);
    assert_int_equal(slant_corpus_add_path(c, "tests/data/corpus/notext.csv"), 0);
    struct slant_record r;
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_int_equal(r.line, 2);
    assert_true(slice_is(r.id, "1"));
    assert_true(slice_is(r.outlet, "A"));
    assert_true(slice_is(r.title, "Title, with comma"));
    assert_true(slice_is(r.text, "Line one\r\nline two of a quoted field"));
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_int_equal(r.line, 5);
    assert_true(slice_is(r.text, "Has \"quotes\" inside"));
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_int_equal(r.line, 9);
    assert_true(slice_is(r.outlet, "C"));
    assert_true(slice_is(r.text, "last good"));
    assert_int_equal(slant_corpus_next(c, &r), 0);
    assert_int_equal(slant_corpus_rejected(c), 4);
    const char *m = sink_text(&s);
    assert_true(contains(m, "mixed.csv:4: error: row has 6 field(s), the header has 5"));
    assert_true(contains(m, "mixed.csv:6: error: empty text"));
    assert_true(contains(m, "mixed.csv:7: error: malformed CSV"));
    assert_true(contains(m, "notext.csv:1: error: no \"text\" column"));
    slant_corpus_free(c);
    sink_close(&s);
}

static void test_csv_edges(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    /* BOM, CR-only line ends, a final row without a terminator */
    const char a[] = "\xEF\xBB\xBFtext,OUTLET\r\"x\ry\",O\rlast,P";
    /* a quote that never closes */
    const char b[] = "text,outlet\n\"open,O\nmore\n";
    /* header only; and nothing at all */
    const char h[] = "text,outlet\n";
    struct slant_corpus *c = mem_reader(&s, NULL, "a.csv", a, sizeof(a) - 1, SLANT_FMT_AUTO);
    slant_corpus_add_memory(c, "b.csv", b, sizeof(b) - 1, SLANT_FMT_AUTO);
    slant_corpus_add_memory(c, "h.csv", h, sizeof(h) - 1, SLANT_FMT_AUTO);
    slant_corpus_add_memory(c, "e.csv", "", 0, SLANT_FMT_AUTO);
    slant_corpus_add_memory(c, "forced.txt", h, sizeof(h) - 1, SLANT_FMT_CSV);
    struct slant_record r;
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_int_equal(r.line, 2);
    assert_true(slice_is(r.text, "x\ry"));
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_int_equal(r.line, 4);
    assert_true(slice_is(r.text, "last"));
    assert_true(slice_is(r.outlet, "P"));
    assert_int_equal(slant_corpus_next(c, &r), 0);
    const char *m = sink_text(&s);
    assert_true(contains(m, "b.csv:2: error: CSV: unterminated quoted field"));
    assert_true(contains(m, "e.csv: error: empty CSV file"));
    assert_false(contains(m, "h.csv"));
    assert_false(contains(m, "forced.txt"));
    assert_int_equal(slant_corpus_rejected(c), 2);
    slant_corpus_free(c);
    sink_close(&s);
}

/* ---- options ------------------------------------------------------------ */

static void test_opts(void **state)
{
    (void)state;
    assert_null(slant_corpus_new(
        &(struct slant_corpus_opts){.outlet = "", .format = SLANT_FMT_AUTO, .lang = NULL}, NULL));
    assert_null(slant_corpus_new(
        &(struct slant_corpus_opts){.outlet = NULL, .format = 9, .lang = NULL}, NULL));
    slant_corpus_free(NULL);
    /* --format text reads a .jsonl name as one text document */
    const char *j = "{\"outlet\":\"O\",\"text\":\"t\"}\n";
    struct slant_corpus *c = slant_corpus_new(
        &(struct slant_corpus_opts){.outlet = "O", .format = SLANT_FMT_TEXT, .lang = "auto"}, NULL);
    slant_corpus_add_memory(c, "x.jsonl", j, strlen(j), SLANT_FMT_AUTO);
    struct slant_record r;
    assert_int_equal(slant_corpus_next(c, &r), 1);
    assert_true(slice_is(r.text, j));
    assert_int_equal(r.lang.len, 0);
    slant_corpus_free(c);
}

/* ---- the real corpus ------------------------------------------------------ */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_ukraine_2022(void **state)
{
    (void)state;
    const char *p = slant_test_shared("ukraine-2022/articles.jsonl");
    if (!p) {
        skip();
        return;
    }
    struct sink s;
    sink_open(&s);
    struct slant_corpus *c = slant_corpus_new(&(struct slant_corpus_opts){0}, &s.d);
    assert_int_equal(slant_corpus_add_path(c, p), 0);
    char outlets[64][64];
    size_t n_outlets = 0, n = 0, text_bytes = 0;
    struct slant_record r;
    double t0 = now();
    int rc;
    while ((rc = slant_corpus_next(c, &r)) == 1) {
        n++;
        text_bytes += r.text.len;
        assert_true(r.outlet.len > 0 && r.outlet.len < 64);
        size_t i;
        for (i = 0; i < n_outlets; i++)
            if (strlen(outlets[i]) == r.outlet.len &&
                memcmp(outlets[i], r.outlet.p, r.outlet.len) == 0)
                break;
        if (i == n_outlets) {
            assert_true(n_outlets < 64);
            memcpy(outlets[n_outlets], r.outlet.p, r.outlet.len);
            outlets[n_outlets++][r.outlet.len] = '\0';
        }
    }
    double dt = now() - t0;
    assert_int_equal(rc, 0);
    assert_int_equal(n, 3503);
    assert_int_equal(n_outlets, 15);
    assert_int_equal(slant_corpus_rejected(c), 0);
    assert_int_equal(s.d.count[SLANT_ERROR], 0);
    size_t bytes = slant_corpus_bytes_read(c);
    assert_int_equal(bytes, slant_corpus_bytes_total(c));
    printf("# ukraine-2022: %zu records, %zu outlets, %.1f MB (%.1f MB of text) in %.3f s = "
           "%.0f MB/s\n",
           n, n_outlets, (double)bytes / 1e6, (double)text_bytes / 1e6, dt,
           dt > 0 ? (double)bytes / 1e6 / dt : 0.0);
    slant_corpus_free(c);
    sink_close(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_front_matter),
        cmocka_unit_test(test_date_stamp),
        cmocka_unit_test(test_text_memory),
        cmocka_unit_test(test_text_no_outlet_and_override),
        cmocka_unit_test(test_text_empty),
        cmocka_unit_test(test_text_encodings),
        cmocka_unit_test(test_text_binary_and_nul),
        cmocka_unit_test(test_text_files_on_disk),
        cmocka_unit_test(test_walk),
        cmocka_unit_test(test_walk_symlink),
        cmocka_unit_test(test_jsonl_mixed),
        cmocka_unit_test(test_jsonl_fast_path_matches_jansson),
        cmocka_unit_test(test_jsonl_fast_path_every_offset),
        cmocka_unit_test(test_jsonl_invalid_utf8_and_bom),
        cmocka_unit_test(test_jsonl_long_lines),
        cmocka_unit_test(test_jsonl_binary_file),
        cmocka_unit_test(test_csv_mixed),
        cmocka_unit_test(test_csv_edges),
        cmocka_unit_test(test_opts),
        cmocka_unit_test(test_ukraine_2022),
    };
    return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
