/*
 * test_store.c - the SQLite store: opening and refusing files, batches
 * (commit vs abort), outlets, document lookup, the counts blob, per-outlet
 * totals, lexicon versions and hits.
 *
 * What the store wrote is read back through a second, independent SQLite
 * connection, so a test sees what R or pandas would see.  Word forms are
 * built by hand (no stemmer): the store only needs their strings.
 */
#include "testutil.h"

#include <sqlite3.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "slant/err.h"
#include "slant/lexicon.h"
#include "slant/match.h"
#include "slant/store.h"

/* ---- helpers ------------------------------------------------------------ */

static char tmpdir[256];
static unsigned db_serial;

static int setup_tmp(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof(tmpdir), "%s/slant-test-store-XXXXXX", base && *base ? base : "/tmp");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmp(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A fresh path for a database in the temp folder (static storage). */
static const char *db_path(const char *tag)
{
    static char path[512];
    snprintf(path, sizeof(path), "%s/%s-%u.db", tmpdir, tag, db_serial++);
    return path;
}

static struct slant_store *open_rw(const char *path)
{
    struct slant_store *st = NULL;
    const char *msg = NULL;
    int rc = slant_store_open(path, 0, &st, &msg);
    if (rc < 0)
        fail_msg("open %s: %s (%s)", path, slant_strerror(rc), msg ? msg : "?");
    assert_non_null(st);
    return st;
}

/* An independent read-only connection to look at what was committed. */
static sqlite3 *peek(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    return db;
}

static int64_t q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("prepare %s: %s", sql, sqlite3_errmsg(db));
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW)
        fail_msg("no row for %s (%d: %s)", sql, rc, sqlite3_errmsg(db));
    int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* The first column of the first row as text, into buf ("(null)" for NULL). */
static const char *q_text(sqlite3 *db, const char *sql, char *buf, size_t n)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("prepare %s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(s) != SQLITE_ROW)
        fail_msg("no row for %s", sql);
    const unsigned char *t = sqlite3_column_text(s, 0);
    snprintf(buf, n, "%s", t ? (const char *)t : "(null)");
    sqlite3_finalize(s);
    return buf;
}

static void exec_sql(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        char msg[512];
        snprintf(msg, sizeof(msg), "%s", err ? err : "?");
        sqlite3_free(err);
        fail_msg("exec %s: %s", sql, msg);
    }
}

/* Row counts of every data table, as one comparable string. */
static void table_counts(const char *path, char *out, size_t n)
{
    static const char *const tables[] = {"batches",  "outlets",      "documents", "terms",
                                         "forms",    "outlet_forms", "lexicons",  "frames",
                                         "patterns", "hits",         "scored"};
    sqlite3 *db = peek(path);
    size_t off = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        char sql[128];
        snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", tables[i]);
        off +=
            (size_t)snprintf(out + off, n - off, "%s=%lld ", tables[i], (long long)q_int(db, sql));
        assert_true(off < n);
    }
    sqlite3_close(db);
}

static struct slant_slice cs(const char *s)
{
    struct slant_slice r = {s, strlen(s)};
    return r;
}

/* A word form as the stemmer would hand it over. */
static struct slant_form mkform(const char *form, const char *stem, const char *lang)
{
    struct slant_form f;
    memset(&f, 0, sizeof(f));
    f.form = form;
    f.stem = stem;
    f.lang = lang;
    f.form_len = (uint32_t)strlen(form);
    f.stem_len = (uint32_t)strlen(stem);
    return f;
}

static struct slant_doc_row mkrow(int64_t outlet, const char *text, const char *hash)
{
    struct slant_doc_row r;
    memset(&r, 0, sizeof(r));
    r.outlet_id = outlet;
    r.source = "test.txt:1";
    r.lang = "en";
    r.text = cs(text);
    r.hash = hash;
    r.title = cs("A title");
    r.n_tokens = 3;
    r.n_sentences = 1;
    r.n_paragraphs = 1;
    return r;
}

static void commit_ok(struct slant_store *st, size_t n_new)
{
    struct slant_batch_counts c = {n_new, 0, 0};
    int rc = slant_store_batch_commit(st, "ok", &c);
    if (rc < 0)
        fail_msg("commit: %s (%s)", slant_strerror(rc), slant_store_errmsg(st));
}

/* ---- opening ------------------------------------------------------------ */

static void test_open_create(void **state)
{
    (void)state;
    const char *path = db_path("create");
    char p[512];
    snprintf(p, sizeof(p), "%s", path);
    struct slant_store *st = open_rw(p);
    assert_non_null(slant_store_db(st));
    assert_non_null(slant_store_errmsg(st));
    slant_store_close(st);

    sqlite3 *db = peek(p);
    /* "slnt" as a big-endian 32-bit number */
    assert_int_equal(q_int(db, "PRAGMA application_id"), 0x736c6e74);
    assert_int_equal(q_int(db, "PRAGMA user_version"), SLANT_SCHEMA_VERSION);
    char buf[64];
    assert_int_equal(
        strtol(q_text(db, "SELECT value FROM meta WHERE key = 'schema_version'", buf, sizeof(buf)),
               NULL, 10),
        SLANT_SCHEMA_VERSION);
    /* the documented tables and the view exist */
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM sqlite_schema WHERE name IN ('outlets',"
                               " 'documents', 'terms', 'forms', 'outlet_forms', 'lexicons',"
                               " 'frames', 'patterns', 'hits', 'scored', 'batches', 'meta',"
                               " 'outlet_terms')"),
                     13);
    sqlite3_close(db);

    /* reopening an existing database, for writing and for reading */
    st = open_rw(p);
    slant_store_close(st);
    const char *msg = NULL;
    assert_int_equal(slant_store_open(p, SLANT_STORE_READONLY, &st, &msg), 0);
    assert_non_null(st);
    /* a read-only store refuses to start a batch */
    assert_int_equal(slant_store_batch_begin(st, "test"), SLANT_EREADONLY);
    slant_store_close(st);
    slant_store_close(NULL);

    /* an existing empty file is an empty SQLite database: a writable open
     * makes it a slant database, a read-only one says it is empty */
    const char *ep = db_path("empty");
    snprintf(p, sizeof(p), "%s", ep);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fclose(f);
    msg = NULL;
    assert_int_equal(slant_store_open(p, SLANT_STORE_READONLY, &st, &msg), SLANT_ESCHEMA);
    assert_null(st);
    assert_non_null(msg);
    st = open_rw(p);
    slant_store_close(st);
    db = peek(p);
    assert_int_equal(q_int(db, "PRAGMA application_id"), 0x736c6e74);
    sqlite3_close(db);
}

static void test_open_missing(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof(p), "%s", db_path("missing"));
    struct slant_store *st = (struct slant_store *)&st; /* not NULL: must be reset */
    const char *msg = NULL;
    int rc = slant_store_open(p, SLANT_STORE_READONLY, &st, &msg);
    assert_int_equal(rc, SLANT_ENOTFOUND);
    assert_null(st);
    assert_non_null(msg);
    /* and it was not created */
    struct stat sb;
    assert_int_not_equal(stat(p, &sb), 0);

    /* a missing folder, for writing */
    char q[600];
    snprintf(q, sizeof(q), "%s/no/such/folder/x.db", tmpdir);
    msg = NULL;
    st = (struct slant_store *)&st;
    rc = slant_store_open(q, 0, &st, &msg);
    assert_true(rc < 0);
    assert_null(st);
    assert_non_null(msg);

    /* a directory */
    msg = NULL;
    rc = slant_store_open(tmpdir, 0, &st, &msg);
    assert_true(rc < 0);
    assert_null(st);
    assert_non_null(msg);
    /* errmsg may be NULL */
    rc = slant_store_open(p, SLANT_STORE_READONLY, &st, NULL);
    assert_int_equal(rc, SLANT_ENOTFOUND);
}

/* A file that is not a slant database is refused and left byte for byte. */
static void test_open_refuse(void **state)
{
    (void)state;
    char p[512];
    struct slant_store *st = NULL;
    const char *msg = NULL;

    /* not SQLite at all */
    snprintf(p, sizeof(p), "%s", db_path("text"));
    char junk[4096];
    for (size_t i = 0; i < sizeof(junk); i++)
        junk[i] = (char)("notes about the war\n"[i % 20]);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(junk, 1, sizeof(junk), f), sizeof(junk));
    fclose(f);
    int rc = slant_store_open(p, 0, &st, &msg);
    assert_true(rc < 0);
    assert_null(st);
    assert_non_null(msg);
    size_t len = 0;
    char *after = slant_test_slurp(p, &len);
    assert_non_null(after);
    assert_int_equal(len, sizeof(junk));
    assert_memory_equal(after, junk, sizeof(junk));
    free(after);
    rc = slant_store_open(p, SLANT_STORE_READONLY, &st, &msg);
    assert_true(rc < 0);
    assert_null(st);

    /* someone else's SQLite database: refused, their table untouched */
    snprintf(p, sizeof(p), "%s", db_path("other"));
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    exec_sql(db, "CREATE TABLE mine(x); INSERT INTO mine VALUES (42);");
    sqlite3_close(db);
    msg = NULL;
    rc = slant_store_open(p, 0, &st, &msg);
    assert_int_equal(rc, SLANT_ESCHEMA);
    assert_null(st);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "not a slant database"));
    db = peek(p);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM sqlite_schema"), 1);
    assert_int_equal(q_int(db, "SELECT x FROM mine"), 42);
    assert_int_equal(q_int(db, "PRAGMA application_id"), 0);
    sqlite3_close(db);

    /* a slant database of another schema version */
    snprintf(p, sizeof(p), "%s", db_path("version"));
    st = open_rw(p);
    slant_store_close(st);
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    exec_sql(db, "PRAGMA user_version = 99");
    sqlite3_close(db);
    msg = NULL;
    rc = slant_store_open(p, 0, &st, &msg);
    assert_int_equal(rc, SLANT_ESCHEMA);
    assert_null(st);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "version"));
    rc = slant_store_open(p, SLANT_STORE_READONLY, &st, &msg);
    assert_int_equal(rc, SLANT_ESCHEMA);
    db = peek(p);
    assert_int_equal(q_int(db, "PRAGMA user_version"), 99);
    sqlite3_close(db);

    /* another application's id on an otherwise slant-shaped file */
    snprintf(p, sizeof(p), "%s", db_path("appid"));
    st = open_rw(p);
    slant_store_close(st);
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    exec_sql(db, "PRAGMA application_id = 1234");
    sqlite3_close(db);
    rc = slant_store_open(p, 0, &st, &msg);
    assert_int_equal(rc, SLANT_ESCHEMA);
    assert_null(st);

    /* a database file without write permission: refused for writing (even
     * for root, who could write through it), fine for reading */
    snprintf(p, sizeof(p), "%s", db_path("ro"));
    st = open_rw(p);
    slant_store_close(st);
    assert_int_equal(chmod(p, 0444), 0);
    msg = NULL;
    rc = slant_store_open(p, 0, &st, &msg);
    assert_int_equal(rc, SLANT_EREADONLY);
    assert_null(st);
    assert_non_null(msg);
    assert_int_equal(slant_store_open(p, SLANT_STORE_READONLY, &st, &msg), 0);
    slant_store_close(st);
    chmod(p, 0644);
}

/* ---- batches ------------------------------------------------------------ */

static void test_batch_commit_abort(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof(p), "%s", db_path("batch"));
    struct slant_store *st = open_rw(p);
    char before[512], after[512], buf[128];

    /* committed: visible to another connection, batch row finished */
    assert_int_equal(slant_store_batch_begin(st, "ingest --test"), 0);
    int64_t bid = slant_store_batch_id(st);
    assert_true(bid > 0);
    int64_t outlet = 0, doc = 0;
    assert_int_equal(slant_store_outlet(st, cs("Alpha"), &outlet), 0);
    struct slant_form f1 = mkform("wars", "war", "en");
    struct slant_count c[1] = {{&f1, 2, 0}};
    struct slant_doc_row row = mkrow(outlet, "wars wars end", "00000000000000000000000000000001");
    assert_int_equal(slant_store_doc_add(st, &row, c, 1, &doc), 0);
    struct slant_batch_counts bc = {1, 2, 3};
    assert_int_equal(slant_store_batch_commit(st, "partial", &bc), 0);
    sqlite3 *db = peek(p);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM documents"), 1);
    char sql[256];
    snprintf(sql, sizeof(sql), "SELECT batch_id FROM documents WHERE id = %lld", (long long)doc);
    assert_int_equal(q_int(db, sql), bid);
    snprintf(sql, sizeof(sql),
             "SELECT command || '|' || status || '|' || n_new || '|' || n_duplicate || '|' ||"
             " n_rejected || '|' || (finished IS NOT NULL) || '|' || (finished >= started)"
             " FROM batches WHERE id = %lld",
             (long long)bid);
    /* finished is set, and not before started (both sort as text) */
    assert_string_equal(q_text(db, sql, buf, sizeof(buf)), "ingest --test|partial|1|2|3|1|1");
    sqlite3_close(db);
    table_counts(p, before, sizeof(before));

    /* aborted: nothing of the batch is visible, not even its batch row,
     * its new outlet, terms or forms */
    assert_int_equal(slant_store_batch_begin(st, "ingest"), 0);
    int64_t o2 = 0, d2 = 0;
    assert_int_equal(slant_store_outlet(st, cs("Beta"), &o2), 0);
    assert_true(o2 != outlet);
    struct slant_form f2 = mkform("peace", "peac", "en");
    struct slant_form f3 = mkform("talks", "talk", "en");
    struct slant_count c2[2] = {{&f2, 1, 0}, {&f3, 4, 0}};
    row = mkrow(o2, "peace talks", "00000000000000000000000000000002");
    assert_int_equal(slant_store_doc_add(st, &row, c2, 2, &d2), 0);
    /* the uncommitted batch is invisible to other connections meanwhile */
    table_counts(p, after, sizeof(after));
    assert_string_equal(before, after);
    slant_store_batch_abort(st);
    table_counts(p, after, sizeof(after));
    assert_string_equal(before, after);

    /* the store is usable after an abort, with fresh forms */
    assert_int_equal(slant_store_batch_begin(st, "ingest"), 0);
    struct slant_form f2b = mkform("peace", "peac", "en");
    struct slant_count c3[1] = {{&f2b, 1, 0}};
    assert_int_equal(slant_store_outlet(st, cs("Beta"), &o2), 0);
    row = mkrow(o2, "peace", "00000000000000000000000000000003");
    assert_int_equal(slant_store_doc_add(st, &row, c3, 1, &d2), 0);
    commit_ok(st, 1);
    db = peek(p);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM documents"), 2);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM outlets"), 2);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM forms"), 2);
    /* the form id written into the blob is the one in the forms table */
    snprintf(sql, sizeof(sql), "SELECT id FROM forms WHERE form = 'peace'");
    int64_t peace = q_int(db, sql);
    assert_int_equal(f2b.user, peace);
    snprintf(sql, sizeof(sql), "SELECT hex(counts) FROM documents WHERE id = %lld", (long long)d2);
    char want[64];
    snprintf(want, sizeof(want), "%02X%02X%02X%02X01000000", (unsigned)(peace & 0xff),
             (unsigned)(peace >> 8 & 0xff), (unsigned)(peace >> 16 & 0xff),
             (unsigned)(peace >> 24 & 0xff));
    assert_string_equal(q_text(db, sql, buf, sizeof(buf)), want);
    sqlite3_close(db);
    table_counts(p, before, sizeof(before));

    /* closing a store in the middle of a batch rolls the batch back */
    assert_int_equal(slant_store_batch_begin(st, "ingest"), 0);
    assert_int_equal(slant_store_outlet(st, cs("Gamma"), &o2), 0);
    slant_store_close(st);
    table_counts(p, after, sizeof(after));
    assert_string_equal(before, after);
}

/* 1 when another process holds a lock in SQLite's lock-byte range of the
 * file at path (from 0x40000000, 512 bytes: the pending, reserved and
 * shared bytes of https://sqlite.org/lockingv3.html).  Asked from a child
 * process: F_GETLK does not report the caller's own locks, and SQLite
 * shares lock state between the connections of one process. */
static int locked_by_other(const char *path)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(path, O_RDWR);
        struct flock fl = {
            .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0x40000000, .l_len = 512};
        if (fd < 0 || fcntl(fd, F_GETLK, &fl) != 0)
            _exit(2);
        _exit(fl.l_type != F_UNLCK ? 1 : 0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) != 2);
    return WEXITSTATUS(status) == 1;
}

/* A batch larger than the writeback step (the store then asks the kernel to
 * write the file out through a descriptor of its own): the batch keeps its
 * lock, a reader sees nothing of it, and it commits whole; closing the
 * store afterwards leaves another connection's lock alone.  (Closing that
 * descriptor at any point would drop the process's POSIX locks on the
 * file, SQLite's included, and this test would fail.) */
static void test_batch_writeback_keeps_lock(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof(p), "%s", db_path("writeback"));
    struct slant_store *st = open_rw(p);
    assert_false(locked_by_other(p));
    assert_int_equal(slant_store_batch_begin(st, "ingest"), 0);
    assert_true(locked_by_other(p));
    int64_t outlet = 0;
    assert_int_equal(slant_store_outlet(st, cs("Alpha"), &outlet), 0);
    size_t len = 2u << 20; /* 6 documents of 2 MiB: past the 8 MiB step */
    char *text = malloc(len + 1);
    assert_non_null(text);
    memset(text, 'w', len);
    text[len] = '\0';
    struct slant_form f = mkform("ww", "ww", "en");
    for (int i = 0; i < 6; i++) {
        char hash[33];
        snprintf(hash, sizeof(hash), "%032d", i + 1);
        text[0] = (char)('a' + i);
        struct slant_count c[1] = {{&f, 1, 0}};
        struct slant_doc_row row = mkrow(outlet, text, hash);
        int64_t doc = 0;
        assert_int_equal(slant_store_doc_add(st, &row, c, 1, &doc), 0);
    }
    assert_true(locked_by_other(p));
    sqlite3 *db = peek(p);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM documents", -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    /* nothing of the batch is visible (or the reader waits while it writes) */
    assert_true(rc == SQLITE_BUSY || (rc == SQLITE_ROW && sqlite3_column_int64(s, 0) == 0));
    sqlite3_finalize(s);
    commit_ok(st, 6);
    assert_false(locked_by_other(p));
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM documents"), 6);
    assert_int_equal(q_int(db, "SELECT SUM(length(text)) FROM documents"), 6 * (int64_t)len);
    char buf[16];
    assert_string_equal(q_text(db, "PRAGMA integrity_check", buf, sizeof(buf)), "ok");
    sqlite3_close(db);
    /* closing the store leaves another connection's lock on the file alone
     * (closing the store's descriptor of it would drop that lock too) */
    sqlite3 *w = NULL;
    assert_int_equal(sqlite3_open_v2(p, &w, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    exec_sql(w, "BEGIN IMMEDIATE");
    assert_true(locked_by_other(p));
    slant_store_close(st);
    assert_true(locked_by_other(p));
    exec_sql(w, "COMMIT");
    sqlite3_close(w);
    assert_false(locked_by_other(p));
    free(text);
}

/* ---- outlets and documents ---------------------------------------------- */

static void test_outlets_and_lookup(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof(p), "%s", db_path("outlets"));
    struct slant_store *st = open_rw(p);
    assert_int_equal(slant_store_batch_begin(st, "t"), 0);
    int64_t a = 0, b = 0, c = 0, a2 = 0;
    assert_int_equal(slant_store_outlet(st, cs("Alpha"), &a), 0);
    assert_int_equal(slant_store_outlet(st, cs("Beta"), &b), 0);
    /* a slice is not NUL-terminated: "Alpha" inside "Alphabet" */
    struct slant_slice al = {"Alphabet", 5};
    assert_int_equal(slant_store_outlet(st, al, &a2), 0);
    assert_true(a > 0 && b > 0 && a != b);
    assert_int_equal(a, a2);
    /* names are verbatim bytes: case and odd characters are kept apart */
    assert_int_equal(slant_store_outlet(st, cs("alpha"), &c), 0);
    assert_true(c != a && c != b);
    int64_t d = 0;
    assert_int_equal(slant_store_outlet(st, cs("../\"x\" <b>"), &d), 0);

    const char *h = "0123456789abcdef0123456789abcdef";
    int found = -1, elsewhere = -1;
    assert_int_equal(slant_store_doc_lookup(st, a, h, &found, &elsewhere), 0);
    assert_int_equal(found, 0);
    assert_int_equal(elsewhere, 0);

    int64_t doc = 0;
    struct slant_doc_row row = mkrow(a, "same text", h);
    assert_int_equal(slant_store_doc_add(st, &row, NULL, 0, &doc), 0);
    /* visible to lookups inside the same batch */
    assert_int_equal(slant_store_doc_lookup(st, a, h, &found, &elsewhere), 0);
    assert_int_equal(found, 1);
    assert_int_equal(elsewhere, 0);
    assert_int_equal(slant_store_doc_lookup(st, b, h, &found, &elsewhere), 0);
    assert_int_equal(found, 0);
    assert_int_equal(elsewhere, 1);
    /* elsewhere may be NULL */
    assert_int_equal(slant_store_doc_lookup(st, a, h, &found, NULL), 0);
    assert_int_equal(found, 1);

    /* syndication: the same text under a second outlet is a second row */
    row = mkrow(b, "same text", h);
    int64_t doc2 = 0;
    assert_int_equal(slant_store_doc_add(st, &row, NULL, 0, &doc2), 0);
    assert_true(doc2 != doc);
    assert_int_equal(slant_store_doc_lookup(st, c, h, &found, &elsewhere), 0);
    assert_int_equal(found, 0);
    assert_int_equal(elsewhere, 2);
    assert_int_equal(slant_store_doc_lookup(st, a, h, &found, &elsewhere), 0);
    assert_int_equal(found, 1);
    assert_int_equal(elsewhere, 1);
    /* a different hash is not found */
    assert_int_equal(
        slant_store_doc_lookup(st, a, "ffffffffffffffffffffffffffffffff", &found, &elsewhere), 0);
    assert_int_equal(found, 0);
    assert_int_equal(elsewhere, 0);
    /* (outlet, hash) is unique: a second insert is refused */
    row = mkrow(a, "same text", h);
    int64_t doc3 = 0;
    assert_true(slant_store_doc_add(st, &row, NULL, 0, &doc3) < 0);
    commit_ok(st, 2);
    slant_store_close(st);

    /* outlets keep their ids across sessions */
    st = open_rw(p);
    assert_int_equal(slant_store_batch_begin(st, "t"), 0);
    int64_t again = 0;
    assert_int_equal(slant_store_outlet(st, cs("Beta"), &again), 0);
    assert_int_equal(again, b);
    assert_int_equal(slant_store_doc_lookup(st, c, h, &found, &elsewhere), 0);
    assert_int_equal(elsewhere, 2);
    commit_ok(st, 0);
    slant_store_close(st);

    sqlite3 *db = peek(p);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM outlets"), 4);
    char buf[128];
    assert_string_equal(q_text(db,
                               "SELECT group_concat(name, '|') FROM"
                               " (SELECT name FROM outlets ORDER BY name)",
                               buf, sizeof(buf)),
                        "../\"x\" <b>|Alpha|Beta|alpha");
    /* empty slices are stored as NULL, set ones verbatim */
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM documents WHERE ext_id IS NULL AND url IS NULL"
                               " AND date IS NULL AND title = 'A title'"),
                     2);
    /* no counts: an empty blob, not NULL */
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM documents WHERE typeof(counts) = 'blob'"
                               " AND length(counts) = 0"),
                     2);
    sqlite3_close(db);
}

/* ---- the counts blob and the per-outlet totals --------------------------- */

/* Decode a counts blob; checks the layout and returns the number of pairs. */
static size_t decode_blob(const unsigned char *p, size_t len, uint32_t *ids, uint32_t *counts,
                          size_t max)
{
    assert_int_equal(len % 8, 0);
    size_t n = len / 8;
    assert_true(n <= max);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *q = p + i * 8;
        ids[i] = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
        counts[i] =
            (uint32_t)q[4] | (uint32_t)q[5] << 8 | (uint32_t)q[6] << 16 | (uint32_t)q[7] << 24;
        if (i)
            assert_true(ids[i] > ids[i - 1]); /* sorted, no repeats */
    }
    return n;
}

/* A statement on the row holding doc's counts blob (column 0); finalize it. */
static sqlite3_stmt *doc_blob(sqlite3 *db, int64_t doc)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT counts FROM documents WHERE id = ?1", -1, &s, NULL),
        SQLITE_OK);
    sqlite3_bind_int64(s, 1, doc);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    return s;
}

/* The counts of a document as "form=count,..." in form id order. */
static void doc_counts(sqlite3 *db, int64_t doc, char *out, size_t outsz, uint64_t *sum)
{
    sqlite3_stmt *s = doc_blob(db, doc);
    uint32_t ids[64], counts[64];
    size_t n =
        decode_blob(sqlite3_column_blob(s, 0), (size_t)sqlite3_column_bytes(s, 0), ids, counts, 64);
    sqlite3_finalize(s);
    size_t off = 0;
    out[0] = '\0';
    *sum = 0;
    for (size_t i = 0; i < n; i++) {
        char sql[128], form[64];
        snprintf(sql, sizeof(sql), "SELECT form FROM forms WHERE id = %u", ids[i]);
        q_text(db, sql, form, sizeof(form));
        off += (size_t)snprintf(out + off, outsz - off, "%s%s=%u", i ? "," : "", form, counts[i]);
        *sum += counts[i];
    }
}

/* Add a document whose counts carry the ids of the given space. */
static int64_t add_in_space(struct slant_store *st, int64_t outlet, unsigned space, int nth,
                            struct slant_count *c, size_t n)
{
    char hash[33];
    snprintf(hash, sizeof(hash), "%032d", nth);
    struct slant_doc_row row = mkrow(outlet, "text", hash);
    row.space = space;
    int64_t doc = 0;
    assert_int_equal(slant_store_doc_add(st, &row, c, n, &doc), 0);
    return doc;
}

/* A batch of one document with one form (id 0 of the space), committed or
 * aborted. */
static int64_t batch_of_one(struct slant_store *st, int64_t outlet, unsigned space, int nth,
                            const char *form, uint32_t count, int commit)
{
    assert_int_equal(slant_store_batch_begin(st, "t"), 0);
    struct slant_form f = mkform(form, form, "en");
    struct slant_count c[1] = {{&f, count, 0}};
    int64_t doc = add_in_space(st, outlet, space, nth, c, 1);
    if (commit)
        commit_ok(st, 1);
    else
        slant_store_batch_abort(st);
    return doc;
}

/* Counts that carry their stemmer's ids (a row with a space): the same id in
 * two spaces is two forms, an id keeps naming its form across documents of
 * a batch, and a new batch (new stemmers) or an aborted one forgets what the
 * spaces knew.  Each form is given without its database id in form->user,
 * as a new stemmer's would be, so only the space's table can go wrong. */
static void test_count_spaces(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof(p), "%s", db_path("spaces"));
    struct slant_store *st = open_rw(p);
    char got[512];
    uint64_t sum = 0;
    int64_t a = 0, d[6] = {0};
    assert_int_equal(slant_store_batch_begin(st, "t"), 0);
    assert_int_equal(slant_store_outlet(st, cs("Alpha"), &a), 0);
    /* space 1: id 0 alpha, id 1 beta; space 2: id 0 gamma, id 1 alpha */
    struct slant_form f10 = mkform("alpha", "alpha", "en"), f11 = mkform("beta", "beta", "en");
    struct slant_form f20 = mkform("gamma", "gamma", "en"), f21 = mkform("alpha", "alpha", "en");
    struct slant_count c1[2] = {{&f10, 1, 0}, {&f11, 2, 1}};
    struct slant_count c2[2] = {{&f20, 3, 0}, {&f21, 4, 1}};
    d[0] = add_in_space(st, a, 1, 1, c1, 2);
    d[1] = add_in_space(st, a, 2, 2, c2, 2);
    /* the same ids again, the forms' own ids forgotten: the spaces answer */
    struct slant_form g10 = mkform("zzz", "zzz", "en"), g21 = mkform("yyy", "yyy", "en");
    struct slant_count c3[2] = {{&g10, 5, 0}, {&g21, 6, 1}};
    d[2] = add_in_space(st, a, 1, 3, c3, 1);
    d[3] = add_in_space(st, a, 2, 4, c3 + 1, 1);
    commit_ok(st, 4);
    /* a new batch: space 1's id 0 is now delta */
    d[4] = batch_of_one(st, a, 1, 5, "delta", 7, 1);
    /* an aborted batch: space 2's id 0 was epsilon, a form rolled back */
    batch_of_one(st, a, 2, 6, "epsilon", 8, 0);
    d[5] = batch_of_one(st, a, 2, 6, "kappa", 9, 1);
    /* a space out of range is refused */
    assert_int_equal(slant_store_batch_begin(st, "t"), 0);
    struct slant_doc_row row = mkrow(a, "seven", "10000000000000000000000000000007");
    row.space = SLANT_STORE_SPACES + 1;
    int64_t d7 = 0;
    assert_int_equal(slant_store_doc_add(st, &row, c1, 1, &d7), SLANT_EINVAL);
    slant_store_batch_abort(st);
    slant_store_close(st);

    sqlite3 *db = peek(p);
    static const char *const want[6] = {"alpha=1,beta=2", "alpha=4,gamma=3", "alpha=5",
                                        "alpha=6",        "delta=7",         "kappa=9"};
    for (int i = 0; i < 6; i++) {
        doc_counts(db, d[i], got, sizeof(got), &sum);
        assert_string_equal(got, want[i]);
    }
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM forms WHERE form = 'epsilon'"), 0);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM forms WHERE form IN ('zzz', 'yyy')"), 0);
    sqlite3_close(db);
}

static void test_counts_blob(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof(p), "%s", db_path("counts"));
    struct slant_store *st = open_rw(p);
    assert_int_equal(slant_store_batch_begin(st, "t"), 0);
    int64_t a = 0, b = 0;
    assert_int_equal(slant_store_outlet(st, cs("Alpha"), &a), 0);
    assert_int_equal(slant_store_outlet(st, cs("Beta"), &b), 0);

    /* ids are handed out in order of first use: zebra, apple, mango,
     * invasion, invasions; the blob must come out sorted by id whatever
     * order the counts are given in */
    struct slant_form zebra = mkform("zebra", "zebra", "en");
    struct slant_form apple = mkform("apple", "appl", "en");
    struct slant_form mango = mkform("mango", "mango", "en");
    struct slant_form inv1 = mkform("invasion", "invas", "en");
    struct slant_form inv2 = mkform("invasions", "invas", "en");
    struct slant_form ru = mkform("война", "войн", "ru");
    struct slant_count d1[5] = {
        {&zebra, 3, 0}, {&apple, 1, 0}, {&mango, 70000, 0}, {&inv1, 2, 0}, {&inv2, 5, 0}};
    int64_t doc1 = 0, doc2 = 0, doc3 = 0;
    struct slant_doc_row row = mkrow(a, "doc one", "11111111111111111111111111111111");
    assert_int_equal(slant_store_doc_add(st, &row, d1, 5, &doc1), 0);
    /* the second document lists known forms in reverse id order */
    struct slant_count d2[4] = {{&ru, 1, 0}, {&inv1, 4, 0}, {&mango, 1, 0}, {&zebra, 2, 0}};
    row = mkrow(a, "doc two", "22222222222222222222222222222222");
    assert_int_equal(slant_store_doc_add(st, &row, d2, 4, &doc2), 0);
    struct slant_count d3[2] = {{&apple, 9, 0}, {&ru, 1, 0}};
    row = mkrow(b, "doc three", "33333333333333333333333333333333");
    assert_int_equal(slant_store_doc_add(st, &row, d3, 2, &doc3), 0);

    /* before the commit, outlet totals are not written yet but the caller's
     * forms carry their database ids */
    assert_true(zebra.user > 0 && apple.user > 0 && ru.user > 0);
    assert_true(zebra.user < apple.user && apple.user < mango.user);
    assert_true(inv1.user != inv2.user);
    commit_ok(st, 3);
    slant_store_close(st);

    sqlite3 *db = peek(p);
    char got[512];
    uint64_t sum = 0;
    doc_counts(db, doc1, got, sizeof(got), &sum);
    assert_string_equal(got, "zebra=3,apple=1,mango=70000,invasion=2,invasions=5");
    assert_int_equal(sum, 3 + 1 + 70000 + 2 + 5);
    doc_counts(db, doc2, got, sizeof(got), &sum);
    assert_string_equal(got, "zebra=2,mango=1,invasion=4,война=1");
    assert_int_equal(sum, 8);
    doc_counts(db, doc3, got, sizeof(got), &sum);
    assert_string_equal(got, "apple=9,война=1");
    assert_int_equal(sum, 10);

    /* forms of one stem share a term; terms are keyed by (lang, stem) */
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM terms"), 5);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM forms"), 6);
    assert_int_equal(q_int(db, "SELECT COUNT(DISTINCT term_id) FROM forms"
                               " WHERE form IN ('invasion', 'invasions')"),
                     1);
    char buf[64];
    assert_string_equal(q_text(db,
                               "SELECT t.lang || ':' || t.stem FROM forms f JOIN terms t"
                               " ON t.id = f.term_id WHERE f.form = 'война'",
                               buf, sizeof(buf)),
                        "ru:войн");

    /* outlet_forms: per outlet and form, the sum of counts and documents */
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT group_concat(x, ',') FROM (SELECT f.form || '=' || o.count || '/' ||"
             " o.n_docs AS x FROM outlet_forms o JOIN forms f ON f.id = o.form_id"
             " WHERE o.outlet_id = %lld ORDER BY f.id)",
             (long long)a);
    assert_string_equal(q_text(db, sql, got, sizeof(got)),
                        "zebra=5/2,apple=1/1,mango=70001/2,invasion=6/2,invasions=5/1,война=1/1");
    snprintf(sql, sizeof(sql),
             "SELECT group_concat(x, ',') FROM (SELECT f.form || '=' || o.count || '/' ||"
             " o.n_docs AS x FROM outlet_forms o JOIN forms f ON f.id = o.form_id"
             " WHERE o.outlet_id = %lld ORDER BY f.id)",
             (long long)b);
    assert_string_equal(q_text(db, sql, got, sizeof(got)), "apple=9/1,война=1/1");
    /* the totals equal the sum over the blobs (checked above per document) */
    assert_int_equal(q_int(db, "SELECT SUM(count) FROM outlet_forms"), 70011 + 8 + 10);
    /* the outlet_terms view adds the forms of a term */
    snprintf(sql, sizeof(sql),
             "SELECT v.count FROM outlet_terms v JOIN terms t ON t.id = v.term_id"
             " WHERE v.outlet_id = %lld AND t.stem = 'invas'",
             (long long)a);
    assert_int_equal(q_int(db, sql), 11);
    sqlite3_close(db);

    /* a second session: known forms get their old ids (no new rows), and
     * the totals of the new batch add to the stored ones */
    st = open_rw(p);
    assert_int_equal(slant_store_batch_begin(st, "t"), 0);
    int64_t a2 = 0, doc4 = 0;
    assert_int_equal(slant_store_outlet(st, cs("Alpha"), &a2), 0);
    assert_int_equal(a2, a);
    struct slant_form zebra2 = mkform("zebra", "zebra", "en");
    struct slant_form newf = mkform("kiwi", "kiwi", "en");
    struct slant_count d4[2] = {{&newf, 1, 0}, {&zebra2, 10, 0}};
    row = mkrow(a, "doc four", "44444444444444444444444444444444");
    assert_int_equal(slant_store_doc_add(st, &row, d4, 2, &doc4), 0);
    assert_int_equal(zebra2.user, zebra.user);
    assert_true(newf.user > ru.user);
    commit_ok(st, 1);
    slant_store_close(st);
    db = peek(p);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM forms"), 7);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM forms WHERE form = 'zebra'"), 1);
    doc_counts(db, doc4, got, sizeof(got), &sum);
    assert_string_equal(got, "zebra=10,kiwi=1");
    snprintf(sql, sizeof(sql),
             "SELECT o.count || '/' || o.n_docs FROM outlet_forms o JOIN forms f"
             " ON f.id = o.form_id WHERE o.outlet_id = %lld AND f.form = 'zebra'",
             (long long)a);
    assert_string_equal(q_text(db, sql, got, sizeof(got)), "15/3");
    sqlite3_close(db);
}

/* Check the counts blob of doc: (id, count) pairs in ascending id order,
 * each count the one given for the form of that id. */
static void check_blob_sorted(sqlite3 *db, int64_t doc, const struct slant_form *forms,
                              const uint32_t *want, size_t n)
{
    sqlite3_stmt *s = doc_blob(db, doc);
    const unsigned char *b = sqlite3_column_blob(s, 0);
    assert_int_equal(sqlite3_column_bytes(s, 0), (int)(8 * n));
    /* the expected count by database id (ids are 1..n here) */
    uint32_t *by_id = calloc(n + 1, sizeof(*by_id));
    assert_non_null(by_id);
    for (size_t i = 0; i < n; i++) {
        assert_true(forms[i].user >= 1 && forms[i].user <= n);
        by_id[forms[i].user] = want[i];
    }
    uint32_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *q = b + 8 * i;
        uint32_t id =
            (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
        uint32_t count =
            (uint32_t)q[4] | (uint32_t)q[5] << 8 | (uint32_t)q[6] << 16 | (uint32_t)q[7] << 24;
        assert_true(id > prev); /* ascending, no repeats */
        assert_true(id <= n);
        assert_int_equal(count, by_id[id]);
        prev = id;
    }
    free(by_id);
    sqlite3_finalize(s);
}

/* Ids past one byte and past two (the radix sort then takes two and three
 * passes), counts given in a scrambled order: the blob comes out sorted. */
static void test_counts_blob_wide_ids(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof(p), "%s", db_path("wideids"));
    enum { N = 70000, SMALL = 300 };
    struct slant_form *forms = calloc(N, sizeof(*forms));
    char(*names)[8] = calloc(N, sizeof(*names));
    struct slant_count *counts = calloc(N, sizeof(*counts));
    uint32_t *want = calloc(N, sizeof(*want));
    assert_true(forms && names && counts && want);
    for (size_t i = 0; i < N; i++) {
        snprintf(names[i], sizeof(names[i]), "f%zu", i);
        forms[i] = mkform(names[i], names[i], "en");
        want[i] = (uint32_t)(i % 13 + 1);
    }
    struct slant_store *st = open_rw(p);
    assert_int_equal(slant_store_batch_begin(st, "t"), 0);
    int64_t outlet = 0, d1 = 0, d2 = 0;
    assert_int_equal(slant_store_outlet(st, cs("Wide"), &outlet), 0);
    /* document 1: the first SMALL forms, in reverse: ids 1..300 get
     * handed out in that order, then come back sorted */
    for (size_t i = 0; i < SMALL; i++) {
        size_t f = SMALL - 1 - i;
        counts[i].form = &forms[f];
        counts[i].count = want[f];
    }
    struct slant_doc_row row = mkrow(outlet, "small", "cccccccccccccccccccccccccccccccc");
    assert_int_equal(slant_store_doc_add(st, &row, counts, SMALL, &d1), 0);
    /* document 2: all N forms, in an order scrambled by a multiplier
     * coprime with N */
    for (size_t i = 0; i < N; i++) {
        size_t f = (i * 40503u + 17u) % N;
        counts[i].form = &forms[f];
        counts[i].count = want[f];
    }
    row = mkrow(outlet, "wide", "dddddddddddddddddddddddddddddddd");
    assert_int_equal(slant_store_doc_add(st, &row, counts, N, &d2), 0);
    commit_ok(st, 2);
    slant_store_close(st);

    sqlite3 *db = peek(p);
    check_blob_sorted(db, d1, forms, want, SMALL);
    check_blob_sorted(db, d2, forms, want, N);
    /* and the outlet totals, sorted the same way before their insert */
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM outlet_forms"), N);
    int64_t total = 0;
    for (size_t i = 0; i < N; i++)
        total += want[i] * (i < SMALL ? 2 : 1);
    assert_int_equal(q_int(db, "SELECT SUM(count) FROM outlet_forms"), total);
    sqlite3_close(db);
    free(forms);
    free(names);
    free(counts);
    free(want);
}

/* Outlet totals of many forms (written many rows per INSERT at commit):
 * two batches whose forms overlap add up form by form. */
static void test_outlet_totals_many_forms(void **state)
{
    (void)state;
    char p[512], sql[256];
    snprintf(p, sizeof(p), "%s", db_path("manyforms"));
    /* more forms than one INSERT of AGG_PER_INSERT (128) rows takes, and a
     * remainder, in both batches */
    enum { N = 450, FIRST = 300 };
    static char names[N][16];
    struct slant_form forms[2][N];
    struct slant_count counts[FIRST];
    for (int b = 0; b < 2; b++) {
        struct slant_store *st = open_rw(p);
        assert_int_equal(slant_store_batch_begin(st, "t"), 0);
        int64_t outlet = 0, doc = 0;
        assert_int_equal(slant_store_outlet(st, cs("Many"), &outlet), 0);
        /* batch 0: forms 0..299, count i+1; batch 1: forms 150..449, count 1000+i */
        int lo = b ? N - FIRST : 0;
        for (int i = 0; i < FIRST; i++) {
            int k = lo + i;
            snprintf(names[k], sizeof(names[k]), "w%03d", k);
            forms[b][k] = mkform(names[k], names[k], "en");
            counts[i].form = &forms[b][k];
            counts[i].count = (uint32_t)(b ? 1000 + k : k + 1);
        }
        struct slant_doc_row row =
            mkrow(outlet, b ? "second" : "first",
                  b ? "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" : "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        assert_int_equal(slant_store_doc_add(st, &row, counts, FIRST, &doc), 0);
        commit_ok(st, 1);
        slant_store_close(st);
    }
    sqlite3 *db = peek(p);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM outlet_forms"), N);
    for (int k = 0; k < N; k++) {
        int64_t want = (k < FIRST ? k + 1 : 0) + (k >= N - FIRST ? 1000 + k : 0);
        int64_t docs = (k < FIRST) + (k >= N - FIRST);
        snprintf(sql, sizeof(sql),
                 "SELECT o.count * 10 + o.n_docs FROM outlet_forms o JOIN forms f"
                 " ON f.id = o.form_id WHERE f.form = 'w%03d'",
                 k);
        assert_int_equal(q_int(db, sql), want * 10 + docs);
    }
    sqlite3_close(db);
}

/* ---- lexicons and hits -------------------------------------------------- */

static const char lex_v1[] = "@lexicon tiny\n"
                             "@version 1\n"
                             "[aggression]\n"
                             "@pole delegitimizing\n"
                             "invasion\n"
                             "=occupiers\t2\n"
                             "[liberation]\n"
                             "@pole legitimizing\n"
                             "liberat*\n";

/* v2: one more pattern and a changed weight */
static const char lex_v2[] = "@lexicon tiny\n"
                             "@version 2\n"
                             "[aggression]\n"
                             "@pole delegitimizing\n"
                             "invasion\n"
                             "=occupiers\t3\n"
                             "aggression\n"
                             "[liberation]\n"
                             "@pole legitimizing\n"
                             "liberat*\n";

static struct slant_lexset *parse_lex(const char *text, struct slant_lexicon **out)
{
    struct slant_lexset *set = slant_lexset_new();
    struct slant_diag d;
    slant_diag_init(&d, stderr);
    assert_int_equal(slant_lexicon_parse(set, "tiny.lex", text, strlen(text), &d, out), 0);
    assert_int_equal((*out)->n_errors, 0);
    assert_int_equal(slant_lexset_compile(set, NULL), 0);
    slant_diag_release(&d);
    return set;
}

/* A hit of lex_v1's pattern pat, with that pattern's weight (the store
 * keeps a hit's weight with its pattern). */
static struct slant_hit mkhit(uint32_t lex, uint32_t pat, uint32_t frame, uint32_t tok, int voice)
{
    static const double v1_weight[] = {1, 2, 1};
    struct slant_hit h;
    memset(&h, 0, sizeof(h));
    h.lexicon = lex;
    h.pattern = pat;
    h.frame = frame;
    h.tok_start = tok;
    h.tok_end = tok + 1;
    h.byte_start = (size_t)tok * 5;
    h.byte_end = (size_t)tok * 5 + 4;
    h.weight = pat < 3 ? v1_weight[pat] : 1;
    h.voice = (uint8_t)voice;
    return h;
}

static void test_lexicon_sync_and_hits(void **state)
{
    (void)state;
    char p[512], sql[512], buf[512];
    snprintf(p, sizeof(p), "%s", db_path("lex"));
    struct slant_lexicon *l1 = NULL, *l2 = NULL;
    struct slant_lexset *s1 = parse_lex(lex_v1, &l1);
    struct slant_lexset *s2 = parse_lex(lex_v2, &l2);
    assert_string_not_equal(l1->hash, l2->hash);
    assert_int_equal(l1->n_patterns, 3);
    assert_int_equal(l2->n_patterns, 4);

    /* first sync inserts the lexicon, its frames and patterns */
    struct slant_store *st = open_rw(p);
    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    const struct slant_store_lex *sl = NULL, *again = NULL;
    assert_int_equal(slant_store_lexicon_sync(st, l1, cs(lex_v1), &sl), 0);
    assert_non_null(sl);
    assert_int_equal(sl->n_frames, 2);
    assert_int_equal(sl->n_patterns, 3);
    int64_t id1 = sl->id;
    int64_t f1[2] = {sl->frame_ids[0], sl->frame_ids[1]};
    int64_t p1[3] = {sl->pattern_ids[0], sl->pattern_ids[1], sl->pattern_ids[2]};
    assert_true(f1[0] != f1[1]);
    /* syncing the same lexicon again in the session gives the same ids */
    assert_int_equal(slant_store_lexicon_sync(st, l1, cs(lex_v1), &again), 0);
    assert_int_equal(again->id, id1);

    /* two documents with hits */
    int64_t outlet = 0, doc1 = 0, doc2 = 0;
    assert_int_equal(slant_store_outlet(st, cs("Alpha"), &outlet), 0);
    struct slant_doc_row row = mkrow(outlet, "one", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    assert_int_equal(slant_store_doc_add(st, &row, NULL, 0, &doc1), 0);
    row = mkrow(outlet, "two", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    assert_int_equal(slant_store_doc_add(st, &row, NULL, 0, &doc2), 0);
    /* hits of lexicon 0 and, mixed in, of another lexicon (index 1) that
     * must be left out */
    struct slant_hit hits[4] = {
        mkhit(0, 0, 0, 1, SLANT_VOICE_OWN),
        mkhit(1, 0, 0, 2, SLANT_VOICE_OWN),
        mkhit(0, 1, 0, 3, SLANT_VOICE_QUOTED),
        mkhit(0, 2, 1, 7, SLANT_VOICE_ATTRIBUTED),
    };
    hits[2].negated = 1;
    hits[3].distanced = 1;
    struct slant_match_stats ms = {5, 2, 1};
    assert_int_equal(slant_store_hits_set(st, doc1, sl, 0, hits, 4, &ms), 0);
    assert_int_equal(slant_store_hits_set(st, doc2, sl, 0, hits, 1, NULL), 0);
    /* a hit naming a pattern the lexicon does not have is refused */
    struct slant_hit bad = mkhit(0, 3, 0, 1, SLANT_VOICE_OWN);
    assert_int_equal(slant_store_hits_set(st, doc2, sl, 0, &bad, 1, NULL), SLANT_EINVAL);
    assert_int_equal(slant_store_hits_set(st, doc2, sl, 0, hits, 1, NULL), 0);
    commit_ok(st, 2);
    slant_store_close(st);

    sqlite3 *db = peek(p);
    snprintf(sql, sizeof(sql),
             "SELECT group_concat(x, ';') FROM (SELECT h.tok_start || ',' || h.tok_end || ','"
             " || h.byte_start || ',' || h.byte_end || ',' || h.weight || ',' || h.voice || ','"
             " || h.negated || ',' || h.distanced || ',' || p.pattern || ',' || f.name AS x"
             " FROM hits h JOIN patterns p ON p.id = h.pattern_id JOIN frames f"
             " ON f.id = h.frame_id WHERE h.doc_id = %lld AND h.lexicon_id = %lld"
             " ORDER BY h.tok_start)",
             (long long)doc1, (long long)id1);
    assert_string_equal(q_text(db, sql, buf, sizeof(buf)),
                        "1,2,5,9,1.0,own,0,0,invasion,aggression;"
                        "3,4,15,19,2.0,quoted,1,0,=occupiers,aggression;"
                        "7,8,35,39,1.0,attributed,0,1,liberat*,liberation");
    /* the ids the store handed out are the rows' ids */
    snprintf(sql, sizeof(sql),
             "SELECT id FROM frames WHERE lexicon_id = %lld AND name ="
             " 'liberation'",
             (long long)id1);
    assert_int_equal(q_int(db, sql), f1[1]);
    snprintf(sql, sizeof(sql), "SELECT id FROM patterns WHERE lexicon_id = %lld AND idx = 1",
             (long long)id1);
    assert_int_equal(q_int(db, sql), p1[1]);
    snprintf(sql, sizeof(sql), "SELECT weight FROM patterns WHERE id = %lld", (long long)p1[1]);
    assert_int_equal(q_int(db, sql), 2);
    snprintf(sql, sizeof(sql), "SELECT pole FROM frames WHERE id = %lld", (long long)f1[0]);
    assert_string_equal(q_text(db, sql, buf, sizeof(buf)), "delegitimizing");
    snprintf(sql, sizeof(sql),
             "SELECT hash || '|' || version || '|' || source FROM lexicons"
             " WHERE id = %lld",
             (long long)id1);
    char want[600];
    snprintf(want, sizeof(want), "%s|1|%s", l1->hash, lex_v1);
    assert_string_equal(q_text(db, sql, buf, sizeof(buf)), want);
    /* scored records the document with the hit count and quote stats */
    snprintf(sql, sizeof(sql),
             "SELECT n_hits || ',' || n_quotes || ',' || n_unbalanced FROM"
             " scored WHERE doc_id = %lld AND lexicon_id = %lld",
             (long long)doc1, (long long)id1);
    assert_string_equal(q_text(db, sql, buf, sizeof(buf)), "3,5,2");
    snprintf(sql, sizeof(sql),
             "SELECT n_hits || ',' || n_quotes || ',' || n_unbalanced FROM"
             " scored WHERE doc_id = %lld",
             (long long)doc2);
    assert_string_equal(q_text(db, sql, buf, sizeof(buf)), "1,0,0");
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM hits"), 4);
    sqlite3_close(db);

    /* a new session with the same lexicon keeps its ids; hits_set replaces
     * a document's hits */
    st = open_rw(p);
    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    assert_int_equal(slant_store_lexicon_sync(st, l1, cs(lex_v1), &sl), 0);
    assert_int_equal(sl->id, id1);
    assert_memory_equal(sl->frame_ids, f1, sizeof(f1));
    assert_memory_equal(sl->pattern_ids, p1, sizeof(p1));
    struct slant_hit one = mkhit(0, 2, 1, 9, SLANT_VOICE_OWN);
    struct slant_match_stats ms2 = {1, 0, 0};
    assert_int_equal(slant_store_hits_set(st, doc1, sl, 0, &one, 1, &ms2), 0);
    commit_ok(st, 0);
    db = peek(p);
    snprintf(sql, sizeof(sql), "SELECT group_concat(tok_start) FROM hits WHERE doc_id = %lld",
             (long long)doc1);
    assert_string_equal(q_text(db, sql, buf, sizeof(buf)), "9");
    snprintf(sql, sizeof(sql), "SELECT n_hits || ',' || n_quotes FROM scored WHERE doc_id = %lld",
             (long long)doc1);
    assert_string_equal(q_text(db, sql, buf, sizeof(buf)), "1,1");
    /* zero hits: the document is still recorded as scored */
    sqlite3_close(db);
    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    assert_int_equal(slant_store_lexicon_sync(st, l1, cs(lex_v1), &sl), 0);
    assert_int_equal(slant_store_hits_set(st, doc2, sl, 0, NULL, 0, NULL), 0);
    commit_ok(st, 0);
    db = peek(p);
    snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM hits WHERE doc_id = %lld", (long long)doc2);
    assert_int_equal(q_int(db, sql), 0);
    snprintf(sql, sizeof(sql), "SELECT n_hits FROM scored WHERE doc_id = %lld", (long long)doc2);
    assert_int_equal(q_int(db, sql), 0);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM hits"), 1);
    sqlite3_close(db);

    /* an edited lexicon (other hash, same name) replaces the old version:
     * its hits, frames, patterns and scored marks go with it */
    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    assert_int_equal(slant_store_lexicon_sync(st, l2, cs(lex_v2), &sl), 0);
    int64_t id2 = sl->id;
    /* (SQLite may hand the deleted version's id to the new one: ids are not
     * versions, the hash is) */
    assert_int_equal(sl->n_patterns, 4);
    struct slant_hit h2 = mkhit(0, 2, 0, 4, SLANT_VOICE_OWN);
    assert_int_equal(slant_store_hits_set(st, doc2, sl, 0, &h2, 1, NULL), 0);
    commit_ok(st, 0);
    db = peek(p);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM lexicons"), 1);
    snprintf(sql, sizeof(sql), "SELECT hash || '|' || version FROM lexicons WHERE id = %lld",
             (long long)id2);
    snprintf(want, sizeof(want), "%s|2", l2->hash);
    assert_string_equal(q_text(db, sql, buf, sizeof(buf)), want);
    /* frames and patterns are v2's only */
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM frames"), 2);
    assert_string_equal(q_text(db,
                               "SELECT group_concat(x, ';') FROM (SELECT pattern || ','"
                               " || weight AS x FROM patterns ORDER BY idx)",
                               buf, sizeof(buf)),
                        "invasion,1.0;=occupiers,3.0;aggression,1.0;liberat*,1.0");
    /* v1's hits (doc1's hit at token 9) and scored marks (doc1) are gone:
     * only the hit made with v2 is left */
    snprintf(want, sizeof(want), "%lld,4,aggression", (long long)doc2);
    assert_string_equal(q_text(db,
                               "SELECT group_concat(x, ';') FROM (SELECT h.doc_id || ','"
                               " || h.tok_start || ',' || p.pattern AS x FROM hits h JOIN"
                               " patterns p ON p.id = h.pattern_id)",
                               buf, sizeof(buf)),
                        want);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM scored"), 1);
    snprintf(sql, sizeof(sql),
             "SELECT COUNT(*) FROM scored WHERE doc_id = %lld"
             " AND lexicon_id = %lld",
             (long long)doc2, (long long)id2);
    assert_int_equal(q_int(db, sql), 1);
    /* documents are untouched */
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM documents"), 2);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
    sqlite3_close(db);
    slant_store_close(st);
    slant_lexset_free(s1);
    slant_lexset_free(s2);
}

/* A document "one" of outlet Alpha, without counts: something to hang hits on. */
static int64_t alpha_doc(struct slant_store *st, const char *hash)
{
    int64_t outlet = 0, doc = 0;
    assert_int_equal(slant_store_outlet(st, cs("Alpha"), &outlet), 0);
    struct slant_doc_row row = mkrow(outlet, "one", hash);
    assert_int_equal(slant_store_doc_add(st, &row, NULL, 0, &doc), 0);
    return doc;
}

/* A lexicon synced in an aborted batch was rolled back with it: syncing it
 * again in the next batch must insert it again, with ids that exist. */
static void test_lexicon_sync_after_abort(void **state)
{
    (void)state;
    char p[512], sql[256];
    snprintf(p, sizeof(p), "%s", db_path("lexabort"));
    struct slant_lexicon *l1 = NULL;
    struct slant_lexset *s1 = parse_lex(lex_v1, &l1);
    struct slant_store *st = open_rw(p);
    const struct slant_store_lex *sl = NULL;
    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    assert_int_equal(slant_store_lexicon_sync(st, l1, cs(lex_v1), &sl), 0);
    slant_store_batch_abort(st);
    sqlite3 *db = peek(p);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM lexicons"), 0);
    sqlite3_close(db);

    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    assert_int_equal(slant_store_lexicon_sync(st, l1, cs(lex_v1), &sl), 0);
    int64_t doc = alpha_doc(st, "cccccccccccccccccccccccccccccccc");
    struct slant_hit h = mkhit(0, 0, 0, 1, SLANT_VOICE_OWN);
    assert_int_equal(slant_store_hits_set(st, doc, sl, 0, &h, 1, NULL), 0);
    commit_ok(st, 1);
    db = peek(p);
    snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM lexicons WHERE id = %lld", (long long)sl->id);
    assert_int_equal(q_int(db, sql), 1);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM hits"), 1);
    sqlite3_close(db);
    slant_store_close(st);
    slant_lexset_free(s1);
}

/* SQLite gives patterns their ids, one past the largest; the store knows
 * them without asking, and refuses when none is left. */
static void test_lexicon_pattern_ids(void **state)
{
    (void)state;
    struct slant_lexicon *l1 = NULL;
    struct slant_lexset *s1 = parse_lex(lex_v1, &l1);
    static const int64_t largest[] = {1000, INT64_MAX - 1};
    for (size_t k = 0; k < 2; k++) {
        char p[512], sql[256];
        snprintf(p, sizeof(p), "%s", db_path("patids"));
        struct slant_store *st = open_rw(p);
        slant_store_close(st);
        sqlite3 *db = NULL;
        assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
        snprintf(sql, sizeof(sql),
                 "INSERT INTO patterns(id, frame_id, lexicon_id, idx, line, pattern, weight)"
                 " VALUES (%lld, 999, 999, 0, 1, 'x', 1)",
                 (long long)largest[k]);
        exec_sql(db, sql);
        sqlite3_close(db);

        st = open_rw(p);
        assert_int_equal(slant_store_batch_begin(st, "score"), 0);
        const struct slant_store_lex *sl = NULL;
        int rc = slant_store_lexicon_sync(st, l1, cs(lex_v1), &sl);
        if (k == 0) {
            assert_int_equal(rc, 0);
            commit_ok(st, 0);
            db = peek(p);
            for (uint32_t i = 0; i < l1->n_patterns; i++) {
                assert_int_equal(sl->pattern_ids[i], largest[k] + 1 + i);
                snprintf(sql, sizeof(sql),
                         "SELECT id FROM patterns WHERE lexicon_id = %lld AND idx = %u",
                         (long long)sl->id, i);
                assert_int_equal(q_int(db, sql), sl->pattern_ids[i]);
            }
            sqlite3_close(db);
        } else {
            assert_int_equal(rc, SLANT_EDB);
            assert_string_equal(slant_store_errmsg(st), "no pattern ids left");
            slant_store_batch_abort(st);
        }
        slant_store_close(st);
    }
    slant_lexset_free(s1);
}

/* A database at p (named `name`) in a batch, with the lexicon `text` synced
 * (*sl) and one document (*doc, hash `hash`), for the hits tests; *set to
 * free. */
static struct slant_store *hits_setup_lex(const char *text, const char *name, char *p, size_t n,
                                          const char *hash, struct slant_lexset **set,
                                          const struct slant_store_lex **sl, int64_t *doc)
{
    snprintf(p, n, "%s", db_path(name));
    struct slant_lexicon *l1 = NULL;
    *set = parse_lex(text, &l1);
    struct slant_store *st = open_rw(p);
    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    assert_int_equal(slant_store_lexicon_sync(st, l1, cs(text), sl), 0);
    *doc = alpha_doc(st, hash);
    return st;
}

/* ... and with lex_v1. */
static struct slant_store *hits_setup(const char *name, char *p, size_t n, const char *hash,
                                      struct slant_lexset **set, const struct slant_store_lex **sl,
                                      int64_t *doc)
{
    return hits_setup_lex(lex_v1, name, p, n, hash, set, sl, doc);
}

/* scored.hits holds each hit as [pattern_id, tok_start, tok_len,
 * byte_start, byte_len, voice * 4 + negated * 2 + distanced]; a hit whose
 * frame or weight is not its pattern's (the matcher never makes one), or
 * whose voice is out of range, is refused and nothing of the call is
 * written. */
static void test_hits_json_compact(void **state)
{
    (void)state;
    char p[512], buf[256];
    struct slant_lexset *s1 = NULL;
    const struct slant_store_lex *sl = NULL;
    int64_t doc = 0;
    struct slant_store *st =
        hits_setup("hitsframe", p, sizeof(p), "ffffffffffffffffffffffffffffffff", &s1, &sl, &doc);
    struct slant_hit hits[3] = {
        mkhit(0, 2, 1, 1, SLANT_VOICE_OWN),    /* liberat* in liberation */
        mkhit(0, 0, 0, 2, SLANT_VOICE_QUOTED), /* invasion */
        mkhit(0, 1, 0, 3, SLANT_VOICE_ATTRIBUTED),
    };
    hits[1].negated = 1;
    hits[1].distanced = 1;
    hits[2].tok_end = 5;
    hits[2].distanced = 1;
    struct slant_hit bad[3] = {hits[0], hits[1], hits[2]};
    bad[0].frame = 0; /* liberat* is in frame 1 */
    bad[1].weight = 1.5;
    bad[2].voice = SLANT_VOICE_COUNT;
    for (size_t k = 0; k < 3; k++) {
        struct slant_hit two[2] = {hits[0], bad[k]};
        assert_int_equal(slant_store_hits_set(st, doc, sl, 0, two, 2, NULL), SLANT_EINVAL);
    }
    assert_int_equal(slant_store_hits_set(st, doc, sl, 0, hits, 3, NULL), 0);
    char want[256];
    snprintf(want, sizeof(want), "[[%lld,1,1,5,4,0],[%lld,2,1,10,4,11],[%lld,3,2,15,4,5]]",
             (long long)sl->pattern_ids[2], (long long)sl->pattern_ids[0],
             (long long)sl->pattern_ids[1]);
    commit_ok(st, 1);
    slant_store_close(st);
    sqlite3 *db = peek(p);
    assert_string_equal(q_text(db, "SELECT hits FROM scored", buf, sizeof(buf)), want);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM scored"), 1);
    sqlite3_close(db);
    slant_lexset_free(s1);
}

/* lex_v1 with weights that are not whole numbers */
static const char lex_frac[] = "@lexicon tiny\n"
                               "[aggression]\n"
                               "invasion\t0.1\n"
                               "=occupiers\t3\n"
                               "[liberation]\n"
                               "liberat*\t1e-7\n";

/* scored.hits keeps each hit exactly: given out of order, the view lists
 * them by token then frame; a weight that is not a whole number comes back
 * unchanged; ids come back as integers, weights as reals. */
static void test_hits_json_round_trip(void **state)
{
    (void)state;
    char p[512], buf[512];
    struct slant_lexset *s1 = NULL;
    const struct slant_store_lex *sl = NULL;
    int64_t doc = 0;
    struct slant_store *st = hits_setup_lex(lex_frac, "hitsjson", p, sizeof(p),
                                            "dddddddddddddddddddddddddddddddd", &s1, &sl, &doc);
    struct slant_hit hits[3] = {
        mkhit(0, 2, 1, 9, SLANT_VOICE_OWN),
        mkhit(0, 1, 0, 4, SLANT_VOICE_QUOTED),
        mkhit(0, 0, 0, 9, SLANT_VOICE_ATTRIBUTED),
    };
    hits[0].weight = 1e-7; /* the patterns' weights (lex_frac) */
    hits[1].weight = 3;
    hits[2].weight = 0.1;
    hits[2].byte_end = (size_t)5000000000ULL; /* past 32 bits */
    assert_int_equal(slant_store_hits_set(st, doc, sl, 0, hits, 3, NULL), 0);
    commit_ok(st, 1);
    slant_store_close(st);

    sqlite3 *db = peek(p);
    assert_string_equal(q_text(db,
                               "SELECT group_concat(x, ';') FROM (SELECT h.tok_start || ','"
                               " || f.name || ',' || h.voice || ',' || h.byte_end AS x"
                               " FROM hits h JOIN frames f"
                               " ON f.id = h.frame_id)",
                               buf, sizeof(buf)),
                        "4,aggression,quoted,24;9,aggression,attributed,5000000000;"
                        "9,liberation,own,49");
    /* the weights compare equal to the doubles written, bit for bit */
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM hits WHERE (tok_start = 4 AND weight = 3.0)"
                               " OR (pattern_id = (SELECT id FROM patterns WHERE idx = 0)"
                               " AND weight = 0.1) OR (pattern_id = (SELECT id FROM patterns"
                               " WHERE idx = 2) AND weight = 1e-7)"),
                     3);
    assert_string_equal(q_text(db,
                               "SELECT group_concat(DISTINCT typeof(frame_id) || typeof(pattern_id)"
                               " || typeof(tok_start) || typeof(byte_end) || typeof(weight)"
                               " || typeof(voice) || typeof(negated)) FROM hits",
                               buf, sizeof(buf)),
                        "integerintegerintegerintegerrealtextinteger");
    assert_int_equal(q_int(db, "SELECT n_hits FROM scored"), 3);

    /* slant's own connections read hits through a temp view decoded in C:
     * every field the same as the stored view gives */
    static const char all[] = "SELECT group_concat(doc_id || ',' || lexicon_id || ',' || frame_id"
                              " || ',' || pattern_id || ',' || tok_start || ',' || tok_end || ','"
                              " || byte_start || ',' || byte_end || ',' || printf('%.17g', weight)"
                              " || ',' || typeof(weight) || ',' || voice || ',' || negated || ','"
                              " || distanced, ';') FROM hits";
    char want[512], got[512];
    q_text(db, all, want, sizeof(want));
    struct slant_store *ro = NULL;
    const char *msg = NULL;
    assert_int_equal(slant_store_open(p, SLANT_STORE_READONLY, &ro, &msg), 0);
    assert_string_equal(q_text(slant_store_db(ro), all, got, sizeof(got)), want);
    assert_int_equal(q_int(slant_store_db(ro), "SELECT COUNT(*) FROM temp.sqlite_schema"
                                               " WHERE name = 'hits'"),
                     1);
    slant_store_close(ro);
    sqlite3_close(db);

    /* a scores.hits that is not slant's JSON is an error, not garbage:
     * a hit of three fields, one whose start plus length would overflow
     * (each field is at most INT64_MAX / 2), a lexicon's part of two
     * fields, and hits that are not in a part */
    static const char *const bad[] = {
        "UPDATE scores SET hits = '[[' || json_extract(hits, '$[0][0]') || ',1,[[1,2,3]]]]'",
        "UPDATE scores SET hits = '[[' || json_extract(hits, '$[0][0]')"
        " || ',1,[[1,9223372036854775807,9223372036854775807,0,1,0]]]]'",
        "UPDATE scores SET hits = '[[' || json_extract(hits, '$[0][0]')"
        " || ',1,[[1,0,1,4611686018427387904,4611686018427387904,0]]]]'",
        "UPDATE scores SET hits = '[[' || json_extract(hits, '$[0][0]') || ',1]]'",
        "UPDATE scores SET hits = '[[1,0,1,5,4,0]]'",
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        db = NULL;
        assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db, bad[k], NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
        assert_int_equal(slant_store_open(p, SLANT_STORE_READONLY, &ro, &msg), 0);
        /* every lexicon's hits, and the one lexicon's (decoded alone) */
        static const char *const reads[] = {
            "SELECT * FROM hits",
            "SELECT * FROM hits WHERE lexicon_id = (SELECT id FROM lexicons)"};
        for (size_t r = 0; r < 2; r++) {
            sqlite3_stmt *q = NULL;
            assert_int_equal(sqlite3_prepare_v2(slant_store_db(ro), reads[r], -1, &q, NULL),
                             SQLITE_OK);
            assert_int_equal(sqlite3_step(q), SQLITE_ERROR);
            assert_non_null(
                strstr(sqlite3_errmsg(slant_store_db(ro)), "not an array of slant hits"));
            sqlite3_finalize(q);
        }
        slant_store_close(ro);
    }
    slant_lexset_free(s1);
}

/* a second lexicon, for a document scored with two */
static const char lex_other[] = "@lexicon other\n"
                                "[threat]\n"
                                "threat\n"
                                "=menace\n";

/* The hits of one document, one row of scores, as the given connection's
 * view hits lists them: "lexicon,pattern index,tok_start;...", for lexicon
 * lex or every lexicon (0). */
static const char *doc_hits(sqlite3 *db, int64_t lex, char *buf, size_t n)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT COALESCE(group_concat(x, ';'), '') FROM (SELECT l.name || ',' || p.idx"
             " || ',' || h.tok_start AS x FROM hits h JOIN patterns p ON p.id = h.pattern_id"
             " JOIN lexicons l ON l.id = h.lexicon_id WHERE %s = %lld"
             " ORDER BY l.name, h.tok_start)",
             lex ? "h.lexicon_id" : "0", (long long)lex);
    return q_text(db, sql, buf, n);
}

/* A document scored with two lexicons has one row of scores, a part per
 * lexicon in id order, whatever the order of scoring; scoring it again with
 * one lexicon replaces that lexicon's part and keeps the other's, in one
 * call for both (slant_store_doc_hits_set) or one per lexicon; an edited
 * lexicon takes its old version's parts with it, and a row left without
 * parts goes.  A row that is not slant's is refused when it is rewritten. */
static void test_scores_parts(void **state)
{
    (void)state;
    char p[512], buf[512], want[512], sql[256];
    struct slant_lexset *s1 = NULL;
    const struct slant_store_lex *sl = NULL, *so = NULL;
    int64_t doc = 0;
    struct slant_store *st =
        hits_setup("parts", p, sizeof(p), "cccccccccccccccccccccccccccccccc", &s1, &sl, &doc);
    struct slant_lexicon *lo = NULL, *l2 = NULL;
    struct slant_lexset *s2 = parse_lex(lex_other, &lo);
    struct slant_lexset *s3 = parse_lex(lex_v2, &l2);
    assert_int_equal(slant_store_lexicon_sync(st, lo, cs(lex_other), &so), 0);
    assert_true(so->id > sl->id);
    struct slant_hit h[4] = {
        mkhit(0, 0, 0, 4, SLANT_VOICE_OWN),    /* tiny: invasion */
        mkhit(1, 1, 0, 2, SLANT_VOICE_QUOTED), /* other: =menace */
        mkhit(0, 2, 1, 6, SLANT_VOICE_OWN),    /* tiny: liberat* */
        mkhit(1, 0, 0, 8, SLANT_VOICE_OWN),    /* other: threat */
    };
    h[1].weight = h[3].weight = 1;
    /* other first (its hits are lexicon 0 of this call), then tiny */
    struct slant_hit ho[2] = {h[1], h[3]};
    ho[0].lexicon = ho[1].lexicon = 0;
    struct slant_match_stats ms = {3, 1, 0};
    assert_int_equal(slant_store_hits_set(st, doc, so, 0, ho, 2, &ms), 0);
    assert_int_equal(slant_store_hits_set(st, doc, sl, 0, h, 4, &ms), 0);
    commit_ok(st, 1);
    sqlite3 *db = peek(p);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM scores"), 1);
    snprintf(want, sizeof(want),
             "[[%lld,2,[[%lld,4,1,20,4,0],[%lld,6,1,30,4,0]]],"
             "[%lld,2,[[%lld,2,1,10,4,8],[%lld,8,1,40,4,0]]]]",
             (long long)sl->id, (long long)sl->pattern_ids[0], (long long)sl->pattern_ids[2],
             (long long)so->id, (long long)so->pattern_ids[1], (long long)so->pattern_ids[0]);
    assert_string_equal(q_text(db, "SELECT hits FROM scores", buf, sizeof(buf)), want);
    char first[512];
    snprintf(first, sizeof(first), "%s", want);
    assert_string_equal(q_text(db,
                               "SELECT group_concat(lexicon_id || ':' || n_hits || ':' || n_quotes"
                               " || ':' || n_unbalanced, ' ') FROM scored",
                               buf, sizeof(buf)),
                        (snprintf(want, sizeof(want), "%lld:2:3:1 %lld:2:3:1", (long long)sl->id,
                                  (long long)so->id),
                         want));
    assert_string_equal(doc_hits(db, 0, buf, sizeof(buf)), "other,1,2;other,0,8;tiny,0,4;tiny,2,6");
    sqlite3_close(db);

    /* slant's own connection: the same hits, all or one lexicon's */
    struct slant_store *ro = NULL;
    const char *msg = NULL;
    assert_int_equal(slant_store_open(p, SLANT_STORE_READONLY, &ro, &msg), 0);
    assert_string_equal(doc_hits(slant_store_db(ro), 0, buf, sizeof(buf)),
                        "other,1,2;other,0,8;tiny,0,4;tiny,2,6");
    assert_string_equal(doc_hits(slant_store_db(ro), so->id, buf, sizeof(buf)),
                        "other,1,2;other,0,8");
    assert_string_equal(doc_hits(slant_store_db(ro), sl->id, buf, sizeof(buf)),
                        "tiny,0,4;tiny,2,6");
    slant_store_close(ro);

    /* the same row from one call for both lexicons, in either order (the
     * hits' lexicon field the index in the call's list), or formatted apart
     * from the store (as ingest's threads do) and then written */
    struct slant_scores_fmt *fx = slant_scores_fmt_new();
    struct slant_buf row;
    slant_buf_init(&row, 0);
    for (uint32_t k = 0; k < 4; k++) {
        uint32_t swap = k & 1;
        const struct slant_store_lex *both[2] = {swap ? so : sl, swap ? sl : so};
        struct slant_hit hs[4];
        for (size_t i = 0; i < 4; i++) {
            hs[i] = h[i];
            hs[i].lexicon = h[i].lexicon ^ swap;
        }
        assert_int_equal(slant_store_batch_begin(st, "score"), 0);
        if (k < 2) {
            assert_int_equal(slant_store_doc_hits_set(st, doc, both, 2, hs, 4, &ms), 0);
        } else {
            slant_buf_add(&row, "stale", 5); /* (reset by the formatting) */
            assert_int_equal(slant_scores_format(fx, both, 2, hs, 4, &row), 0);
            assert_int_equal(row.len, strlen(first));
            assert_memory_equal(row.p, first, row.len);
            assert_int_equal(slant_store_doc_scores_put(st, doc, slant_buf_slice(&row), &ms), 0);
        }
        commit_ok(st, 0);
        db = peek(p);
        assert_string_equal(q_text(db, "SELECT hits FROM scores", buf, sizeof(buf)), first);
        sqlite3_close(db);
    }

    /* no lexicon: an empty row, from scratch space never used before */
    struct slant_scores_fmt *fresh = slant_scores_fmt_new();
    assert_int_equal(slant_scores_format(fresh, NULL, 0, NULL, 0, &row), 0);
    assert_int_equal(row.len, 2);
    assert_memory_equal(row.p, "[]", 2);
    slant_scores_fmt_free(fresh);

    /* a hit that is not its pattern's: nothing formatted is usable */
    struct slant_hit bad = h[0];
    bad.frame = 1;
    const struct slant_store_lex *one[1] = {sl};
    assert_int_equal(slant_scores_format(fx, one, 1, &bad, 1, &row), SLANT_EINVAL);
    /* a row formatted for tiny alone, written over both: other's part stays */
    assert_int_equal(slant_scores_format(fx, one, 1, &h[0], 1, &row), 0);
    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    assert_int_equal(slant_store_doc_scores_put(st, doc, slant_buf_slice(&row), &ms), 0);
    commit_ok(st, 0);
    db = peek(p);
    assert_string_equal(doc_hits(db, 0, buf, sizeof(buf)), "other,1,2;other,0,8;tiny,0,4");
    sqlite3_close(db);
    slant_buf_release(&row);
    slant_scores_fmt_free(fx);

    /* scored again with tiny alone: other's part stays */
    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    assert_int_equal(slant_store_hits_set(st, doc, sl, 0, &h[0], 1, &ms), 0);
    commit_ok(st, 0);
    db = peek(p);
    assert_string_equal(doc_hits(db, 0, buf, sizeof(buf)), "other,1,2;other,0,8;tiny,0,4");
    snprintf(sql, sizeof(sql), "SELECT n_hits FROM scored WHERE lexicon_id = %lld",
             (long long)sl->id);
    assert_int_equal(q_int(db, sql), 1);
    sqlite3_close(db);

    /* tiny edited: its old part goes, other's stays */
    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    assert_int_equal(slant_store_lexicon_sync(st, l2, cs(lex_v2), &sl), 0);
    commit_ok(st, 0);
    db = peek(p);
    assert_string_equal(doc_hits(db, 0, buf, sizeof(buf)), "other,1,2;other,0,8");
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM scored"), 1);
    sqlite3_close(db);

    /* other edited too: the row has no part left and goes */
    struct slant_lexicon *lo2 = NULL;
    static const char lex_other2[] = "@lexicon other\n"
                                     "[threat]\n"
                                     "threat\n";
    struct slant_lexset *s4 = parse_lex(lex_other2, &lo2);
    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    assert_int_equal(slant_store_lexicon_sync(st, lo2, cs(lex_other2), &so), 0);
    commit_ok(st, 0);
    db = peek(p);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM scores"), 0);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM scored"), 0);

    /* a row slant did not write is refused when rewritten, and the batch
     * can be rolled back */
    sqlite3_close(db);
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    snprintf(sql, sizeof(sql), "INSERT INTO scores VALUES (%lld, 0, 0, '[[1,0,[]')",
             (long long)doc);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    assert_int_equal(slant_store_hits_set(st, doc, so, 0, NULL, 0, NULL), SLANT_EDB);
    assert_non_null(strstr(slant_store_errmsg(st), "scores.hits"));
    slant_store_batch_abort(st);
    slant_store_close(st);
    slant_lexset_free(s1);
    slant_lexset_free(s2);
    slant_lexset_free(s3);
    slant_lexset_free(s4);
}

/* Pattern ids of 17 digits (a database whose patterns were given large
 * ids) are written whole: a hit's "[pattern_id," is copied 16 bytes at a
 * time when it fits in them, byte by byte when it does not. */
static void test_hits_long_pattern_ids(void **state)
{
    (void)state;
    char p[512], buf[512], want[512];
    snprintf(p, sizeof(p), "%s", db_path("longids"));
    struct slant_lexicon *lo = NULL, *l1 = NULL;
    struct slant_lexset *s2 = parse_lex(lex_other, &lo);
    struct slant_lexset *s1 = parse_lex(lex_v1, &l1);
    const struct slant_store_lex *so = NULL, *sl = NULL;
    struct slant_store *st = open_rw(p);
    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    assert_int_equal(slant_store_lexicon_sync(st, lo, cs(lex_other), &so), 0);
    commit_ok(st, 0);
    slant_store_close(st);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "UPDATE patterns SET id = id + 99999999999999990", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);

    st = open_rw(p);
    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    assert_int_equal(slant_store_lexicon_sync(st, l1, cs(lex_v1), &sl), 0);
    assert_true(sl->pattern_ids[0] > 99999999999999990); /* "[" 17 digits "," */
    int64_t doc = alpha_doc(st, "abababababababababababababababab");
    struct slant_hit hits[2] = {
        mkhit(0, 0, 0, 1, SLANT_VOICE_OWN),
        mkhit(0, 2, 1, 4, SLANT_VOICE_QUOTED),
    };
    assert_int_equal(slant_store_hits_set(st, doc, sl, 0, hits, 2, NULL), 0);
    snprintf(want, sizeof(want), "[[%lld,1,1,5,4,0],[%lld,4,1,20,4,8]]",
             (long long)sl->pattern_ids[0], (long long)sl->pattern_ids[2]);
    commit_ok(st, 1);
    slant_store_close(st); /* (sl with it) */
    db = peek(p);
    assert_string_equal(q_text(db, "SELECT hits FROM scored", buf, sizeof(buf)), want);
    assert_string_equal(doc_hits(db, 0, buf, sizeof(buf)), "tiny,0,1;tiny,2,4");
    sqlite3_close(db);
    slant_lexset_free(s1);
    slant_lexset_free(s2);
}

/* Enough hits for the JSON to be written in several chunks, with numbers
 * of every length from 1 to 19 digits: the view gives back every field. */
static void test_hits_json_many(void **state)
{
    (void)state;
    enum { N = 200 };
    char p[512];
    struct slant_lexset *s1 = NULL;
    const struct slant_store_lex *sl = NULL;
    int64_t doc = 0;
    struct slant_store *st =
        hits_setup("hitsmany", p, sizeof(p), "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", &s1, &sl, &doc);
    static struct slant_hit hits[N];
    static char want[N * 80];
    size_t len = 0;
    int weights = 0;
    for (uint32_t i = 0; i < N; i++) {
        /* tok_start ascending, so the stored order is this order */
        hits[i] = mkhit(0, i % 3, i % 3 == 2, i * 1000u + i % 10, (int)(i % 3));
        hits[i].byte_start = ((size_t)1 << (i % 63)) + i; /* 1 to 19 digits */
        hits[i].byte_end = hits[i].byte_start + hits[i].byte_start / 2 + 7 * (size_t)(i % 2);
        hits[i].weight = i % 3 == 1 ? 2 : 1;
        weights += (int)hits[i].weight;
        hits[i].negated = i % 2;
        hits[i].distanced = i % 5 == 0;
        len += (size_t)snprintf(
            want + len, sizeof(want) - len, "%s%u,%u,%zu,%zu,%s,%d,%d", i ? ";" : "",
            hits[i].tok_start, hits[i].tok_end, hits[i].byte_start, hits[i].byte_end,
            slant_voice_name(hits[i].voice), hits[i].negated, hits[i].distanced);
    }
    assert_int_equal(slant_store_hits_set(st, doc, sl, 0, hits, N, NULL), 0);
    commit_ok(st, 1);
    slant_store_close(st);

    sqlite3 *db = peek(p);
    static char got[N * 80];
    q_text(db,
           "SELECT group_concat(tok_start || ',' || tok_end || ',' || byte_start || ','"
           " || byte_end || ',' || voice || ',' || negated || ',' || distanced, ';') FROM hits",
           got, sizeof(got));
    assert_string_equal(got, want);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM hits WHERE typeof(byte_start) = 'integer'"
                               " AND typeof(byte_end) = 'integer'"),
                     N);
    assert_int_equal(q_int(db, "SELECT SUM(weight) FROM hits"), weights);
    sqlite3_close(db);
    slant_lexset_free(s1);
}

/* Going back to an earlier version inside one session (v1, v2, v1 again)
 * must leave v1 in the database, with ids that hits can use. */
static void test_lexicon_sync_back_and_forth(void **state)
{
    (void)state;
    char p[512], buf[64];
    snprintf(p, sizeof(p), "%s", db_path("lexback"));
    struct slant_lexicon *l1 = NULL, *l2 = NULL;
    struct slant_lexset *s1 = parse_lex(lex_v1, &l1);
    struct slant_lexset *s2 = parse_lex(lex_v2, &l2);
    struct slant_store *st = open_rw(p);
    const struct slant_store_lex *sl = NULL;
    assert_int_equal(slant_store_batch_begin(st, "score"), 0);
    assert_int_equal(slant_store_lexicon_sync(st, l1, cs(lex_v1), &sl), 0);
    assert_int_equal(slant_store_lexicon_sync(st, l2, cs(lex_v2), &sl), 0);
    assert_int_equal(slant_store_lexicon_sync(st, l1, cs(lex_v1), &sl), 0);
    int64_t doc = alpha_doc(st, "dddddddddddddddddddddddddddddddd");
    struct slant_hit h = mkhit(0, 2, 1, 1, SLANT_VOICE_OWN);
    int rc = slant_store_hits_set(st, doc, sl, 0, &h, 1, NULL);
    if (rc == 0)
        commit_ok(st, 1);
    else
        slant_store_batch_abort(st);
    slant_store_close(st);
    sqlite3 *db = peek(p);
    q_text(db, "SELECT group_concat(version) FROM lexicons", buf, sizeof(buf));
    char pat[64] = "";
    if (rc == 0)
        q_text(db, "SELECT p.pattern FROM hits h JOIN patterns p ON p.id = h.pattern_id", pat,
               sizeof(pat));
    sqlite3_close(db);
    slant_lexset_free(s1);
    slant_lexset_free(s2);
    /* the session cache once kept v1's ids after v2 replaced it, and the
     * hit landed on a v2 pattern that reused them */
    assert_int_equal(rc, 0);
    assert_string_equal(buf, "1");
    assert_string_equal(pat, "liberat*");
    db = peek(p);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM hits"), 1);
    assert_int_equal(q_int(db, "SELECT COUNT(*) FROM patterns"), 3);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_create),
        cmocka_unit_test(test_open_missing),
        cmocka_unit_test(test_open_refuse),
        cmocka_unit_test(test_batch_commit_abort),
        cmocka_unit_test(test_batch_writeback_keeps_lock),
        cmocka_unit_test(test_outlets_and_lookup),
        cmocka_unit_test(test_counts_blob),
        cmocka_unit_test(test_count_spaces),
        cmocka_unit_test(test_outlet_totals_many_forms),
        cmocka_unit_test(test_counts_blob_wide_ids),
        cmocka_unit_test(test_lexicon_sync_and_hits),
        cmocka_unit_test(test_hits_json_compact),
        cmocka_unit_test(test_lexicon_sync_after_abort),
        cmocka_unit_test(test_lexicon_pattern_ids),
        cmocka_unit_test(test_hits_json_round_trip),
        cmocka_unit_test(test_hits_long_pattern_ids),
        cmocka_unit_test(test_hits_json_many),
        cmocka_unit_test(test_scores_parts),
        cmocka_unit_test(test_lexicon_sync_back_and_forth),
    };
    return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
