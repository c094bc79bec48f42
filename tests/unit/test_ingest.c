/*
 * test_ingest.c - the ingest engine: the document hash, new/duplicate/
 * syndicated/rejected counts on a folder of small files written here, the
 * same database bytes whatever the number of threads, and a failed batch
 * leaving the database as it was (read-only store; a write failing in the
 * middle of the batch).
 *
 * Databases are compared through a dump of every table in a fixed order
 * (blobs in hex), leaving out only the batches' timestamps.
 */
#include "testutil.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slant/err.h"
#include "slant/hash.h"
#include "slant/ingest.h"
#include "slant/lexicon.h"
#include "slant/store.h"

/* ---- helpers ------------------------------------------------------------ */

static char tmpdir[256];

static int setup_tmp(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof(tmpdir), "%s/slant-test-ingest-XXXXXX", base && *base ? base : "/tmp");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmp(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* tmpdir/rel (static storage, one of 4 rotating buffers) */
static const char *tpath(const char *rel)
{
    static char buf[4][600];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof(buf[k]), "%s/%s", tmpdir, rel);
    return buf[k];
}

static void mkdirs(const char *rel)
{
    char p[600];
    snprintf(p, sizeof(p), "%s/%s", tmpdir, rel);
    for (char *s = p + strlen(tmpdir) + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            mkdir(p, 0755);
            *s = '/';
        }
    mkdir(p, 0755);
}

static void write_file(const char *rel, const char *text)
{
    FILE *f = fopen(tpath(rel), "wb");
    assert_non_null(f);
    size_t n = strlen(text);
    assert_int_equal(fwrite(text, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* 1 when a line of text holds a (and b, when not NULL). */
static int has_line(const char *text, const char *a, const char *b)
{
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[1024];
        snprintf(line, sizeof(line), "%.*s", (int)len, p);
        if (strstr(line, a) && (!b || strstr(line, b)))
            return 1;
        if (!nl)
            break;
        p = nl + 1;
    }
    return 0;
}

static struct slant_store *open_store(const char *path, int flags)
{
    struct slant_store *st = NULL;
    const char *msg = NULL;
    int rc = slant_store_open(path, flags, &st, &msg);
    if (rc < 0)
        fail_msg("open %s: %s (%s)", path, slant_strerror(rc), msg ? msg : "?");
    return st;
}

static int64_t q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("prepare %s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(s) != SQLITE_ROW)
        fail_msg("no row for %s", sql);
    int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static int64_t db_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    int64_t v = q_int(db, sql);
    sqlite3_close(db);
    return v;
}

/* Append every row of a query to out, one line per row. */
static void dump_query(sqlite3 *db, const char *sql, struct slant_buf *out)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("prepare %s: %s", sql, sqlite3_errmsg(db));
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int n = sqlite3_column_count(s);
        for (int i = 0; i < n; i++) {
            if (i)
                slant_buf_addc(out, '|');
            if (sqlite3_column_type(s, i) == SQLITE_BLOB) {
                const unsigned char *b = sqlite3_column_blob(s, i);
                int len = sqlite3_column_bytes(s, i);
                slant_buf_adds(out, "x'");
                for (int k = 0; k < len; k++)
                    slant_buf_printf(out, "%02x", b[k]);
                slant_buf_addc(out, '\'');
            } else if (sqlite3_column_type(s, i) == SQLITE_NULL) {
                slant_buf_adds(out, "NULL");
            } else {
                slant_buf_adds(out, (const char *)sqlite3_column_text(s, i));
            }
        }
        slant_buf_addc(out, '\n');
    }
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(s);
}

/* Every table of a database, rows in key order; the batches' clock times
 * are left out (they differ between two runs by design). */
static char *dump_db(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    struct slant_buf out;
    slant_buf_init(&out, 0);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                        " ORDER BY name",
                                        -1, &s, NULL),
                     SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 0);
        char sql[256];
        if (strcmp(name, "batches") == 0)
            snprintf(sql, sizeof(sql),
                     "SELECT id, command, status, n_new, n_duplicate,"
                     " n_rejected, finished IS NOT NULL FROM batches"
                     " ORDER BY id");
        else
            snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY 1, 2", name);
        slant_buf_printf(&out, "== %s\n", name);
        dump_query(db, sql, &out);
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return slant_buf_detach(&out, NULL);
}

static struct slant_outlet_summary *summary(struct slant_ingest_result *r, const char *name)
{
    for (size_t i = 0; i < r->n_outlets; i++)
        if (strcmp(r->outlets[i].name, name) == 0)
            return &r->outlets[i];
    fail_msg("no outlet %s in the result", name);
    return NULL;
}

static void default_opts(struct slant_ingest_opts *o, int threads)
{
    memset(o, 0, sizeof(*o));
    o->threads = threads;
    o->command = "ingest (test)";
}

/* ---- the document hash -------------------------------------------------- */

static void th(const char *text, char out[33])
{
    struct slant_slice s = {text, strlen(text)};
    slant_text_hash(s, out);
}

static void test_text_hash(void **state)
{
    (void)state;
    char a[33], b[33];
    th("Troops crossed the river.", a);
    assert_int_equal(strlen(a), 32);
    for (int i = 0; i < 32; i++)
        assert_true((a[i] >= '0' && a[i] <= '9') || (a[i] >= 'a' && a[i] <= 'f'));

    /* white space differences do not count: runs, kinds, ends */
    static const char *const same[] = {
        "Troops crossed the river.",       "  Troops crossed the river.  ",
        "Troops  crossed\tthe\nriver.",    "Troops\r\ncrossed \n\n the\f\vriver.\n",
        "\n\n\tTroops crossed the river.",
    };
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        th(same[i], b);
        assert_string_equal(a, b);
    }
    /* every other difference counts */
    static const char *const other[] = {
        "Troops crossed the river",         /* punctuation */
        "troops crossed the river.",        /* case */
        "Troops crossed theriver.",         /* a space removed is not a run changed */
        "Troops crossed the rivers.",       /* one letter */
        "Troops crossed the river..",       /* one more byte */
        "Troops crossed the river. A",      /* a word more */
        "Troops crossed the\xC2\xA0river.", /* a no-break space is not ASCII space */
    };
    for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
        th(other[i], b);
        assert_string_not_equal(a, b);
    }
    /* only len bytes are hashed */
    struct slant_slice cut = {"Troops crossed the river.XYZ", 25};
    slant_text_hash(cut, b);
    assert_string_equal(a, b);
    /* empty and all-space texts are the same (empty) text */
    th("", a);
    th(" \n\t ", b);
    assert_string_equal(a, b);
    th("x", b);
    assert_string_not_equal(a, b);
}

/* The hash's definition, spelled out: slant_hash128 of the words joined by
 * single spaces (white space being the six ASCII ones). */
static void th_reference(const char *text, char out[33])
{
    char words[256];
    size_t n = 0;
    int pending = 0;
    for (const char *p = text; *p; p++) {
        if (strchr(" \t\n\r\f\v", *p)) {
            pending = n > 0;
            continue;
        }
        if (pending)
            words[n++] = ' ';
        pending = 0;
        words[n++] = *p;
        assert_true(n < sizeof(words) - 1);
    }
    slant_hash128_hex(words, n, out);
}

/* The hash is fed in spans, cut where the white space is not a single
 * space: every shape of cut must give the value of the definition (stored
 * hashes must keep deduplicating). */
static void test_text_hash_spans(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "",
        "x",
        " x ",
        "one two three",
        "one  two   three",
        "one\ntwo\n\nthree\n",
        "\t\tlead and trail \r\n",
        "a b\tc d\ne f\r\ng h  i",
        "  \v\f  ",
        "single-word",
        "ends with space ",
        " starts with space",
        "Troops crossed the river.\n\nOfficials said so.\nThe end.",
    };
    char got[33], want[33];
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        th(texts[i], got);
        th_reference(texts[i], want);
        assert_string_equal(got, want);
    }
    /* random mixes long enough for the eight-bytes-at-a-time scan, so that
     * cuts fall at every position of its words */
    static const char *const pieces[] = {"ab",   "c",     " ",  "  ", "\n",  " \n",   "\t",
                                         "\r\n", "wordy", "\v", "\f", "xyz", "  \n  "};
    unsigned long seed = 7;
    char text[200];
    for (int round = 0; round < 3000; round++) {
        size_t len = 0;
        seed = seed * 6364136223846793005ul + 1442695040888963407ul;
        int n = (int)((seed >> 33) % 40);
        for (int k = 0; k < n; k++) {
            seed = seed * 6364136223846793005ul + 1442695040888963407ul;
            const char *pc = pieces[(seed >> 33) % (sizeof(pieces) / sizeof(pieces[0]))];
            memcpy(text + len, pc, strlen(pc));
            len += strlen(pc);
        }
        text[len] = '\0';
        th(text, got);
        th_reference(text, want);
        assert_string_equal(got, want);
    }
}

/* ---- a batch of small files --------------------------------------------- */

#define TEXT_A1 "Troops crossed the river on Monday, officials said."
#define TEXT_A2 "Grain exports resumed through the southern ports."

static void write_corpus1(void)
{
    mkdirs("c1/alpha");
    mkdirs("c1/beta");
    write_file("c1/alpha/a1.txt", TEXT_A1 "\n");
    write_file("c1/alpha/a2.txt", TEXT_A2 "\n");
    /* a1 again with other white space: a duplicate */
    write_file("c1/alpha/a3.txt", "  Troops crossed the river\non  Monday, officials said.\n\n");
    /* a1 under another outlet: syndication, stored again */
    write_file("c1/beta/b1.txt", TEXT_A1 "\n");
    /* only white space: rejected by the reader */
    write_file("c1/beta/b2.txt", "  \n\n \t\n");
    /* only page furniture: rejected by the engine after cleaning */
    write_file("c1/beta/b3.txt", "Share\nComments\n");
}

static void test_ingest_counts(void **state)
{
    (void)state;
    write_corpus1();
    char db[600];
    snprintf(db, sizeof(db), "%s", tpath("counts.db"));
    struct slant_store *st = open_store(db, 0);
    struct slant_ingest_opts o;
    default_opts(&o, 2);
    char c1[600];
    snprintf(c1, sizeof(c1), "%s", tpath("c1"));
    char *paths[] = {c1};
    struct sink s;
    sink_open(&s);
    struct slant_ingest_result r;
    assert_int_equal(slant_ingest_run(st, &o, paths, 1, &s.d, &r), 0);
    const char *msgs = sink_text(&s);
    assert_int_equal(r.n_new, 3);
    assert_int_equal(r.n_duplicate, 1);
    assert_int_equal(r.n_syndicated, 1);
    assert_int_equal(r.n_rejected, 2);
    /* words: 8 in a1, 7 in a2, 8 in b1 */
    assert_int_equal(r.tokens, 23);
    assert_int_equal(r.n_outlets, 2);
    assert_string_equal(r.outlets[0].name, "alpha"); /* sorted by name */
    assert_string_equal(r.outlets[1].name, "beta");
    struct slant_outlet_summary *al = summary(&r, "alpha"), *be = summary(&r, "beta");
    assert_int_equal(al->n_new, 2);
    assert_int_equal(al->n_duplicate, 1);
    assert_int_equal(al->n_syndicated, 0);
    assert_int_equal(al->tokens, 15);
    assert_int_equal(be->n_new, 1);
    assert_int_equal(be->n_duplicate, 0);
    assert_int_equal(be->n_syndicated, 1);
    assert_int_equal(be->tokens, 8);
    /* syndication is a note naming the file; rejections are errors */
    assert_true(has_line(msgs, "b1.txt", "note:"));
    assert_true(has_line(msgs, "b1.txt", "syndication"));
    assert_false(has_line(msgs, "a3.txt", "error:"));
    assert_true(has_line(msgs, "b2.txt", "error:"));
    assert_true(has_line(msgs, "b3.txt", "error:"));
    assert_true(has_line(msgs, "b3.txt", "empty"));
    assert_int_equal(s.d.count[SLANT_NOTE], 1);
    assert_int_equal(s.d.count[SLANT_ERROR], 2);
    assert_int_equal(s.d.count[SLANT_FATAL], 0);
    assert_int_equal(slant_diag_exit_status(&s.d), SLANT_EXIT_REJECTED);
    slant_ingest_result_release(&r);
    assert_null(r.outlets);
    slant_store_close(st);
    sink_close(&s);

    /* the database: a1's text twice (two outlets), a2 once; a3 not at all */
    assert_int_equal(db_int(db, "SELECT COUNT(*) FROM documents"), 3);
    assert_int_equal(db_int(db, "SELECT COUNT(*) FROM outlets"), 2);
    assert_int_equal(
        db_int(db, "SELECT COUNT(*) FROM documents WHERE rtrim(text, char(10)) = '" TEXT_A1 "'"),
        2);
    assert_int_equal(db_int(db, "SELECT COUNT(DISTINCT outlet_id) FROM documents"
                                " WHERE rtrim(text, char(10)) = '" TEXT_A1 "'"),
                     2);
    assert_int_equal(db_int(db, "SELECT COUNT(*) FROM documents WHERE source LIKE '%a3.txt%'"), 0);
    assert_int_equal(db_int(db, "SELECT COUNT(DISTINCT hash) FROM documents"), 2);
    assert_int_equal(db_int(db, "SELECT SUM(n_tokens) FROM documents"), 23);
    /* ids follow the input order (walk order: alpha/a1, alpha/a2, beta/b1) */
    assert_int_equal(db_int(db, "SELECT id FROM documents WHERE source LIKE '%a1.txt:1'"), 1);
    assert_int_equal(db_int(db, "SELECT id FROM documents WHERE source LIKE '%a2.txt:1'"), 2);
    assert_int_equal(db_int(db, "SELECT id FROM documents WHERE source LIKE '%b1.txt:1'"), 3);
    /* the per-outlet totals add up to the documents' tokens */
    assert_int_equal(db_int(db, "SELECT SUM(count) FROM outlet_forms"), 23);
    assert_int_equal(db_int(db, "SELECT COUNT(*) FROM batches WHERE status = 'partial'"
                                " AND n_new = 3 AND n_duplicate = 1 AND n_rejected = 2"),
                     1);

    /* the same input again: everything known, nothing new stored */
    st = open_store(db, 0);
    sink_open(&s);
    assert_int_equal(slant_ingest_run(st, &o, paths, 1, &s.d, &r), 0);
    assert_int_equal(r.n_new, 0);
    assert_int_equal(r.n_duplicate, 4);
    assert_int_equal(r.n_syndicated, 0);
    assert_int_equal(r.n_rejected, 2);
    assert_int_equal(s.d.count[SLANT_NOTE], 0);
    slant_ingest_result_release(&r);
    slant_store_close(st);
    sink_close(&s);
    assert_int_equal(db_int(db, "SELECT COUNT(*) FROM documents"), 3);
    assert_int_equal(db_int(db, "SELECT COUNT(*) FROM batches"), 2);
    assert_int_equal(db_int(db, "SELECT SUM(count) FROM outlet_forms"), 23);
}

/* ---- threads ------------------------------------------------------------ */

static const char *const vocab[] = {
    "war",      "peace",     "invasion", "troops",  "talks",   "liberation", "city",
    "soldiers", "occupiers", "grain",    "ports",   "said",    "officials",  "the",
    "a",        "of",        "and",      "in",      "missile", "strike",     "civilians",
    "Kyiv",     "Moscow",    "attack",   "defence", "border",  "river",      "bridge",
};

/* A deterministic pseudo-random corpus: several outlets, paragraphs,
 * sentences, quotation marks, a few lexicon words. */
static void write_corpus2(const char *dir, int n_docs)
{
    uint32_t x = 12345;
    for (int d = 0; d < n_docs; d++) {
        char rel[128];
        snprintf(rel, sizeof(rel), "%s/outlet%d", dir, d % 3);
        mkdirs(rel);
        snprintf(rel, sizeof(rel), "%s/outlet%d/doc%03d.txt", dir, d % 3, d);
        struct slant_buf b;
        slant_buf_init(&b, 0);
        int words = 40 + d * 7 % 150;
        for (int w = 0; w < words; w++) {
            x = x * 1103515245u + 12345u;
            const char *v = vocab[(x >> 16) % (sizeof(vocab) / sizeof(vocab[0]))];
            if (w && (x >> 8) % 11 == 0)
                slant_buf_adds(&b, (x >> 4) % 2 ? ". " : ".\n");
            else if (w)
                slant_buf_addc(&b, ' ');
            if ((x >> 12) % 17 == 0)
                slant_buf_printf(&b, "\xE2\x80\x9C%s\xE2\x80\x9D", v);
            else
                slant_buf_adds(&b, v);
        }
        slant_buf_printf(&b, ". Document %d ends.\n", d);
        write_file(rel, slant_buf_cstr(&b));
        slant_buf_release(&b);
    }
}

static const char lex_text[] = "@lexicon tiny\n"
                               "[aggression]\n"
                               "@pole delegitimizing\n"
                               "invasion\n"
                               "missile strike\t2\n"
                               "=occupiers\n"
                               "[liberation]\n"
                               "@pole legitimizing\n"
                               "liberat*\n"
                               "defence\n";

static char *ingest_threads(const char *corpus, const char *dbname, int threads,
                            struct slant_lexset *set, size_t *hits)
{
    char db[600], dir[600];
    snprintf(db, sizeof(db), "%s", tpath(dbname));
    snprintf(dir, sizeof(dir), "%s", tpath(corpus));
    struct slant_store *st = open_store(db, 0);
    struct slant_ingest_opts o;
    default_opts(&o, threads);
    struct slant_slice src = {lex_text, strlen(lex_text)};
    o.lexicons = set;
    o.lexicon_sources = &src;
    char *paths[] = {dir};
    struct slant_diag d;
    slant_diag_init(&d, NULL);
    struct slant_ingest_result r;
    assert_int_equal(slant_ingest_run(st, &o, paths, 1, &d, &r), 0);
    assert_int_equal(d.count[SLANT_ERROR] + d.count[SLANT_FATAL], 0);
    assert_int_equal(r.n_rejected, 0);
    *hits = r.hits;
    slant_ingest_result_release(&r);
    slant_store_close(st);
    slant_diag_release(&d);
    return dump_db(db);
}

/* A set holding lex_text, parsed only. */
static struct slant_lexset *tiny_set(void)
{
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lx = NULL;
    assert_int_equal(slant_lexicon_parse(set, "tiny.lex", lex_text, strlen(lex_text), NULL, &lx),
                     0);
    assert_int_equal(lx->n_errors, 0);
    return set;
}

static void test_threads_same_result(void **state)
{
    (void)state;
    enum { N_DOCS = 150 };
    write_corpus2("c2", N_DOCS);
    struct slant_lexset *set = tiny_set();
    assert_int_equal(slant_lexset_compile(set, NULL), 0);

    size_t h1 = 0, h2 = 0, h3 = 0;
    char *d1 = ingest_threads("c2", "t1.db", 1, set, &h1);
    char *d2 = ingest_threads("c2", "t2.db", 2, set, &h2);
    char *d3 = ingest_threads("c2", "t3.db", 3, set, &h3);
    /* the comparison means something only if there was plenty to compare */
    assert_int_equal(db_int(tpath("t1.db"), "SELECT COUNT(*) FROM documents"), N_DOCS);
    assert_true(db_int(tpath("t1.db"), "SELECT COUNT(*) FROM forms") >= 25);
    assert_true(h1 > 50);
    assert_int_equal(db_int(tpath("t1.db"), "SELECT COUNT(*) FROM hits"), (int64_t)h1);
    assert_int_equal(db_int(tpath("t1.db"), "SELECT COUNT(*) FROM scored"), N_DOCS);
    assert_true(db_int(tpath("t1.db"), "SELECT COUNT(*) FROM hits WHERE voice = 'quoted'") > 0);
    assert_int_equal(h1, h2);
    assert_int_equal(h1, h3);
    assert_true(strlen(d1) > 10000);
    assert_string_equal(d1, d2);
    assert_string_equal(d1, d3);
    free(d2);
    free(d3);
    slant_lexset_free(set);

    /* a set parsed only is compiled by the ingest (by a second thread while
     * the lexicon is stored, or by the one thread), with the same result */
    for (int threads = 1; threads <= 2; threads++) {
        struct slant_lexset *parsed = tiny_set();
        size_t h = 0;
        char *dp = ingest_threads("c2", threads == 1 ? "p1.db" : "p2.db", threads, parsed, &h);
        assert_true(slant_lexset_compiled(parsed));
        assert_int_equal(h, h1);
        assert_string_equal(d1, dp);
        free(dp);
        slant_lexset_free(parsed);
    }
    free(d1);
}

/* ---- failed batches ----------------------------------------------------- */

static int file_equal(const char *path, const char *bytes, size_t len)
{
    size_t n = 0;
    char *now = slant_test_slurp(path, &n);
    int eq = now && n == len && memcmp(now, bytes, len) == 0;
    free(now);
    return eq;
}

static void test_readonly_unchanged(void **state)
{
    (void)state;
    mkdirs("c3/alpha");
    write_file("c3/alpha/x.txt", "First text of the read-only test.\n");
    write_file("c3/alpha/y.txt", "Second text of the read-only test.\n");
    char db[600], dir[600];
    snprintf(db, sizeof(db), "%s", tpath("ro.db"));
    snprintf(dir, sizeof(dir), "%s", tpath("c3"));
    char *paths[] = {dir};
    struct slant_ingest_opts o;
    default_opts(&o, 2);
    struct slant_ingest_result r;
    struct slant_diag d;
    slant_diag_init(&d, NULL);

    /* one document in; the other comes later */
    write_file("c3/alpha/y.txt", "  \n");
    struct slant_store *st = open_store(db, 0);
    assert_int_equal(slant_ingest_run(st, &o, paths, 1, &d, &r), 0);
    assert_int_equal(r.n_new, 1);
    slant_ingest_result_release(&r);
    slant_store_close(st);
    write_file("c3/alpha/y.txt", "Second text of the read-only test.\n");
    char *before = dump_db(db);
    size_t blen = 0;
    char *bytes = slant_test_slurp(db, &blen);
    assert_non_null(bytes);

    /* a store opened read-only: the run fails and nothing changes */
    st = open_store(db, SLANT_STORE_READONLY);
    int rc = slant_ingest_run(st, &o, paths, 1, &d, &r);
    assert_true(rc < 0);
    assert_int_equal(rc, SLANT_EREADONLY);
    assert_int_equal(r.n_new, 0);
    slant_ingest_result_release(&r);
    slant_store_close(st);
    char *after = dump_db(db);
    assert_string_equal(before, after);
    assert_true(file_equal(db, bytes, blen));
    free(after);
    free(bytes);

    /* a write refused in the middle of the batch (a temporary trigger makes
     * the second document's insert fail, after the batch row, an outlet,
     * terms and forms were written): everything is rolled back */
    st = open_store(db, 0);
    char *err = NULL;
    assert_int_equal(sqlite3_exec(slant_store_db(st),
                                  "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.documents"
                                  " WHEN NEW.source LIKE '%y.txt%'"
                                  " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
                                  NULL, NULL, &err),
                     SQLITE_OK);
    mkdirs("c3/gamma");
    write_file("c3/gamma/new.txt", "A new outlet with brand new vocabulary: zyzzyva quokka.\n");
    rc = slant_ingest_run(st, &o, paths, 1, &d, &r);
    assert_true(rc < 0);
    slant_ingest_result_release(&r);
    after = dump_db(db);
    assert_string_equal(before, after);
    free(after);

    /* the same store goes on once the cause is gone, and ends where a clean
     * run ends */
    assert_int_equal(sqlite3_exec(slant_store_db(st), "DROP TRIGGER temp.refuse", NULL, NULL, &err),
                     SQLITE_OK);
    assert_int_equal(slant_ingest_run(st, &o, paths, 1, &d, &r), 0);
    assert_int_equal(r.n_new, 2);
    assert_int_equal(r.n_duplicate, 1);
    slant_ingest_result_release(&r);
    slant_store_close(st);
    char *recovered = dump_db(db);

    /* reference: the first run and the successful one, with no failure */
    char ref[600];
    snprintf(ref, sizeof(ref), "%s", tpath("ro-ref.db"));
    write_file("c3/alpha/y.txt", "  \n");
    rename(tpath("c3/gamma/new.txt"), tpath("c3/new.hold"));
    st = open_store(ref, 0);
    assert_int_equal(slant_ingest_run(st, &o, paths, 1, &d, &r), 0);
    slant_ingest_result_release(&r);
    write_file("c3/alpha/y.txt", "Second text of the read-only test.\n");
    rename(tpath("c3/new.hold"), tpath("c3/gamma/new.txt"));
    assert_int_equal(slant_ingest_run(st, &o, paths, 1, &d, &r), 0);
    slant_ingest_result_release(&r);
    slant_store_close(st);
    char *reference = dump_db(ref);
    assert_string_equal(recovered, reference);
    free(recovered);
    free(reference);
    free(before);
    slant_diag_release(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_hash),          cmocka_unit_test(test_text_hash_spans),
        cmocka_unit_test(test_ingest_counts),      cmocka_unit_test(test_threads_same_result),
        cmocka_unit_test(test_readonly_unchanged),
    };
    return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
