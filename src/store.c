/*
 * store.c - the SQLite database (see include/slant/store.h for the design).
 */
#include "slant/store.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "slant/arena.h"
#include "slant/err.h"
#include "slant/hash.h"
#include "slant/xalloc.h"

/* ------------------------------------------------------------------------ */
/* Schema                                                                    */
/* ------------------------------------------------------------------------ */

/* "slnt" */
#define SLANT_APPLICATION_ID 0x736c6e74

/*
 * scores: one row per scored document, with its hits of every lexicon in one
 * JSON array, hits: one [lexicon_id, n_hits, [hit, ...]] per lexicon the
 * document was scored with, in lexicon id order.  The view scored gives the
 * row per document and lexicon that SQL users read; its hits is the
 * lexicon's array of hits, in token order (then frame), each [pattern_id,
 * tok_start, tok_len, byte_start, byte_len, flags] with flags = voice * 4 +
 * negated * 2 + distanced (voice 0 own, 1 attributed, 2 quoted).  A hit's
 * frame and weight are its pattern's.  The view hits names the fields and
 * gives ends, the frame, the weight and the voice's name.  (Versions 2 and 3
 * wrote [frame_id, pattern_id, tok_start, tok_end, byte_start, byte_end,
 * weight, voice, negated, distanced]: twice the bytes, which were a quarter
 * of what scoring added to an ingest.  Up to version 4 `scored` was a table
 * with a row per document and lexicon: writing three rows per document,
 * even empty ones, was a sixth of what scoring added.)
 */
#define SCORES_SQL                                                                                 \
    "CREATE TABLE scores(doc_id INTEGER PRIMARY KEY REFERENCES documents(id),\n"                   \
    "  n_quotes INTEGER NOT NULL, n_unbalanced INTEGER NOT NULL, hits TEXT NOT NULL);\n"           \
    "CREATE VIEW scored(doc_id, lexicon_id, n_hits, n_quotes, n_unbalanced, hits) AS\n"            \
    "  SELECT s.doc_id, json_extract(l.value, '$[0]'), json_extract(l.value, '$[1]'),\n"           \
    "    s.n_quotes, s.n_unbalanced, json_extract(l.value, '$[2]')\n"                              \
    "  FROM scores s, json_each(s.hits) l;\n"
/* scored as a table, up to version 4 */
#define SCORED_COLUMNS_SQL                                                                         \
    "(doc_id INTEGER NOT NULL REFERENCES documents(id),\n"                                         \
    "  lexicon_id INTEGER NOT NULL REFERENCES lexicons(id) ON DELETE CASCADE,\n"                   \
    "  n_hits INTEGER NOT NULL, n_quotes INTEGER NOT NULL,\n"                                      \
    "  n_unbalanced INTEGER NOT NULL, hits TEXT NOT NULL,\n"                                       \
    "  PRIMARY KEY(doc_id, lexicon_id));\n"
#define HITS_COLUMNS_SQL                                                                           \
    "(doc_id, lexicon_id, frame_id, pattern_id, tok_start, tok_end, byte_start, byte_end,"         \
    " weight, voice, negated, distanced)"
/* json_extract rather than ->>, which needs SQLite 3.38: R and Python
 * users often read the database with an older library. */
#define HITS_VIEW_SQL                                                                              \
    "CREATE VIEW hits" HITS_COLUMNS_SQL " AS\n"                                                    \
    "  SELECT s.doc_id, s.lexicon_id, p.frame_id, p.id, json_extract(h.value, '$[1]'),\n"          \
    "    json_extract(h.value, '$[1]') + json_extract(h.value, '$[2]'),\n"                         \
    "    json_extract(h.value, '$[3]'),\n"                                                         \
    "    json_extract(h.value, '$[3]') + json_extract(h.value, '$[4]'), p.weight,\n"               \
    "    CASE json_extract(h.value, '$[5]') / 4 WHEN 0 THEN 'own' WHEN 1 THEN 'attributed'\n"      \
    "      ELSE 'quoted' END,\n"                                                                   \
    "    json_extract(h.value, '$[5]') / 2 % 2, json_extract(h.value, '$[5]') % 2\n"               \
    "  FROM scored s, json_each(s.hits) h JOIN patterns p ON p.id = json_extract(h.value, "        \
    "'$[0]');\n"

static const char schema_sql[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
    "CREATE TABLE batches(\n"
    "  id INTEGER PRIMARY KEY, command TEXT NOT NULL, started TEXT NOT NULL,\n"
    "  finished TEXT, status TEXT NOT NULL,\n"
    "  n_new INTEGER NOT NULL DEFAULT 0, n_duplicate INTEGER NOT NULL DEFAULT 0,\n"
    "  n_rejected INTEGER NOT NULL DEFAULT 0);\n"
    "CREATE TABLE outlets(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
    "CREATE TABLE documents(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  outlet_id INTEGER NOT NULL REFERENCES outlets(id),\n"
    "  batch_id INTEGER NOT NULL REFERENCES batches(id),\n"
    "  ext_id TEXT, title TEXT, date TEXT, url TEXT,\n"
    "  source TEXT NOT NULL, lang TEXT NOT NULL, text TEXT NOT NULL, hash TEXT NOT NULL,\n"
    "  n_tokens INTEGER NOT NULL, n_numbers INTEGER NOT NULL,\n"
    "  n_sentences INTEGER NOT NULL, n_paragraphs INTEGER NOT NULL,\n"
    "  n_boilerplate INTEGER NOT NULL, n_replaced INTEGER NOT NULL,\n"
    "  n_truncated INTEGER NOT NULL,\n"
    "  counts BLOB NOT NULL,\n"
    "  UNIQUE(outlet_id, hash));\n"
    "CREATE INDEX documents_hash ON documents(hash);\n"
    "CREATE TABLE terms(id INTEGER PRIMARY KEY, lang TEXT NOT NULL, stem TEXT NOT NULL,\n"
    "  UNIQUE(lang, stem));\n"
    "CREATE TABLE forms(id INTEGER PRIMARY KEY,\n"
    "  term_id INTEGER NOT NULL REFERENCES terms(id), form TEXT NOT NULL,\n"
    "  UNIQUE(term_id, form));\n"
    "CREATE TABLE outlet_forms(outlet_id INTEGER NOT NULL REFERENCES outlets(id),\n"
    "  form_id INTEGER NOT NULL REFERENCES forms(id),\n"
    "  count INTEGER NOT NULL, n_docs INTEGER NOT NULL,\n"
    "  PRIMARY KEY(outlet_id, form_id)) WITHOUT ROWID;\n"
    "CREATE VIEW outlet_terms AS\n"
    "  SELECT o.outlet_id, f.term_id, SUM(o.count) AS count\n"
    "  FROM outlet_forms o JOIN forms f ON f.id = o.form_id GROUP BY o.outlet_id, f.term_id;\n"
    "CREATE TABLE lexicons(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,\n"
    "  hash TEXT NOT NULL, language TEXT NOT NULL, version TEXT NOT NULL,\n"
    "  description TEXT NOT NULL, path TEXT NOT NULL, source TEXT NOT NULL);\n"
    "CREATE TABLE frames(id INTEGER PRIMARY KEY,\n"
    "  lexicon_id INTEGER NOT NULL REFERENCES lexicons(id) ON DELETE CASCADE,\n"
    "  idx INTEGER NOT NULL, name TEXT NOT NULL, pole TEXT NOT NULL,\n"
    "  description TEXT NOT NULL, UNIQUE(lexicon_id, name));\n"
    "CREATE TABLE patterns(id INTEGER PRIMARY KEY,\n"
    "  frame_id INTEGER NOT NULL REFERENCES frames(id) ON DELETE CASCADE,\n"
    "  lexicon_id INTEGER NOT NULL REFERENCES lexicons(id) ON DELETE CASCADE,\n"
    "  idx INTEGER NOT NULL, line INTEGER NOT NULL, pattern TEXT NOT NULL,\n"
    "  weight REAL NOT NULL);\n"
    /* No index on patterns.frame_id: keeping one up was a third of the time
     * a lexicon takes to store (0.07 s for 100,000 patterns), and nothing
     * looks patterns up by frame but the rare removal of a lexicon
     * (delete_lexicon), which reads them all anyway.  Databases made before
     * keep theirs. */
    /* One row per document, with its hits as one JSON array (SCORES_SQL
     * above): a row per hit made SQLite the cost of scoring (README.md,
     * "Speed and memory"), and a row per document and lexicon still a sixth
     * of it.  The views `scored` and `hits` give a row per document and
     * lexicon and one per hit, for SQL users and slant's own queries
     * alike. */
    SCORES_SQL HITS_VIEW_SQL;

/* Version 1 kept a row per hit in a table `hits`: fold them into
 * scored.hits (same order, same fields) and make `hits` the view. */
static const char upgrade_1_sql[] =
    "CREATE TABLE scored_v2" SCORED_COLUMNS_SQL
    "INSERT INTO scored_v2 SELECT s.doc_id, s.lexicon_id, s.n_hits, s.n_quotes, s.n_unbalanced,\n"
    "  (SELECT json_group_array(json_array(h.frame_id, h.pattern_id, h.tok_start, h.tok_end,\n"
    "     h.byte_start, h.byte_end, h.weight, h.voice, h.negated, h.distanced))\n"
    "   FROM (SELECT * FROM hits h WHERE h.doc_id = s.doc_id AND h.lexicon_id = s.lexicon_id\n"
    "         ORDER BY h.tok_start, h.frame_id) h)\n"
    "  FROM scored s ORDER BY s.doc_id, s.lexicon_id;\n"
    "DROP TABLE hits;\n"
    "DROP TABLE scored;\n"
    "ALTER TABLE scored_v2 RENAME TO scored;\n"
    "CREATE INDEX scored_lexicon ON scored(lexicon_id);\n" HITS_VIEW_SQL
    "UPDATE meta SET value = '2' WHERE key = 'schema_version';\n"
    "PRAGMA user_version = 2;\n";

/* Version 2 hashed documents with a byte-at-a-time FNV-1a pair: recompute
 * every stored hash with slant_text_hash (registered as an SQL function by
 * slant_store_open) from the stored text, which is what was hashed, so that
 * the text already stored keeps being recognised.  Nothing else changed. */
static const char upgrade_2_sql[] = "UPDATE documents SET hash = slant_text_hash(text);\n"
                                    "UPDATE meta SET value = '3' WHERE key = 'schema_version';\n"
                                    "PRAGMA user_version = 3;\n";

/* Version 3 wrote each hit as [frame_id, pattern_id, tok_start, tok_end,
 * byte_start, byte_end, weight, voice, negated, distanced]: rewrite every
 * array in the compact form (the frame and weight are the pattern's), same
 * order, and the view with it. */
static const char upgrade_3_sql[] =
    "UPDATE scored SET hits = (SELECT COALESCE(json_group_array(json_array(\n"
    "    json_extract(h.value, '$[1]'), json_extract(h.value, '$[2]'),\n"
    "    json_extract(h.value, '$[3]') - json_extract(h.value, '$[2]'),\n"
    "    json_extract(h.value, '$[4]'),\n"
    "    json_extract(h.value, '$[5]') - json_extract(h.value, '$[4]'),\n"
    "    (CASE json_extract(h.value, '$[7]') WHEN 'own' THEN 0 WHEN 'attributed' THEN 1\n"
    "       ELSE 2 END) * 4 + json_extract(h.value, '$[8]') * 2\n"
    "      + json_extract(h.value, '$[9]'))), '[]')\n"
    "  FROM (SELECT value FROM json_each(scored.hits) ORDER BY key) h);\n"
    "DROP VIEW hits;\n" HITS_VIEW_SQL "UPDATE meta SET value = '4' WHERE key = 'schema_version';\n"
    "PRAGMA user_version = 4;\n";

/* Version 4 kept a row of `scored` per document and lexicon: fold each
 * document's rows into one row of scores, lexicons in id order, and make
 * scored a view (the view hits reads it as before). */
static const char upgrade_4_sql[] = "DROP VIEW hits;\n"
                                    "ALTER TABLE scored RENAME TO scored_v4;\n" SCORES_SQL
                                    "INSERT INTO scores(doc_id, n_quotes, n_unbalanced, hits)\n"
                                    "  SELECT doc_id, MAX(n_quotes), MAX(n_unbalanced),\n"
                                    "    '[' || group_concat('[' || lexicon_id || ',' || n_hits || "
                                    "',' || hits || ']', ',') || ']'\n"
                                    "  FROM (SELECT * FROM scored_v4 ORDER BY doc_id, lexicon_id) "
                                    "GROUP BY doc_id ORDER BY doc_id;\n"
                                    "DROP TABLE scored_v4;\n" HITS_VIEW_SQL
                                    "UPDATE meta SET value = '5' WHERE key = 'schema_version';\n"
                                    "PRAGMA user_version = 5;\n";

/* ------------------------------------------------------------------------ */
/* A string -> int64 table for interning terms and forms                     */
/* ------------------------------------------------------------------------ */

struct intern_slot {
    const char *key; /* in the arena; NULL = empty */
    uint32_t len;
    uint64_t hash;
    int64_t id;
};

struct intern {
    struct intern_slot *slots;
    size_t cap, n;
};

static void intern_release(struct intern *t)
{
    free(t->slots);
    memset(t, 0, sizeof(*t));
}

static struct intern_slot *intern_find(struct intern *t, const char *key, size_t len, uint64_t h)
{
    size_t mask = t->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        struct intern_slot *s = &t->slots[i];
        if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

static void intern_grow(struct intern *t)
{
    struct intern old = *t;
    t->cap = old.cap ? old.cap * 2 : 1024;
    t->slots = slant_xzalloc(t->cap, sizeof(*t->slots));
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i].key)
            *intern_find(t, old.slots[i].key, old.slots[i].len, old.slots[i].hash) = old.slots[i];
    free(old.slots);
}

/* ------------------------------------------------------------------------ */
/* Per-outlet totals, summed in memory during a batch                       */
/* ------------------------------------------------------------------------ */

/* 16 bytes: a large outlet's table is two thirds of what it was with the
 * outlet in every key and 64-bit document counts, and fewer of its lines
 * miss the caches (simulated 1 MiB level-2 cache: a sixth fewer misses in
 * the agg over two copies of ukraine-2022) */
struct agg_slot {
    uint32_t form; /* form_id; 0 = empty (ids start at 1) */
    uint32_t docs; /* documents of the batch: far fewer than 2^32 */
    int64_t count;
};

/*
 * One open-addressing table per outlet: a document touches only its outlet's
 * forms, so the table it updates is that outlet's (a few MB at most, mostly
 * in cache when documents come grouped by outlet) instead of one table of
 * every (outlet, form) pair, where nearly every update was a cache miss.
 */
struct agg_table {
    int64_t outlet;
    struct agg_slot *slots;
    size_t cap, n;
};

struct agg {
    struct agg_table *t;
    size_t n, cap;
    size_t last; /* table of the previous document */
};

/* murmur3's finaliser: every key bit reaches the low bits we mask */
static inline size_t agg_home(const struct agg_table *a, uint32_t form)
{
    uint64_t h = form;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return (size_t)h & (a->cap - 1);
}

static struct agg_slot *agg_find(struct agg_table *a, uint32_t form)
{
    size_t mask = a->cap - 1;
    for (size_t i = agg_home(a, form);; i = (i + 1) & mask)
        if (a->slots[i].form == form || a->slots[i].form == 0)
            return &a->slots[i];
}

/* Room for `more` new keys with the table at most half full. */
static void agg_reserve(struct agg_table *a, size_t more)
{
    if ((a->n + more) * 2 < a->cap)
        return;
    struct agg_table old = *a;
    a->cap = old.cap ? old.cap : 1024;
    while ((a->n + more) * 2 >= a->cap)
        a->cap *= 2;
    a->slots = slant_xzalloc(a->cap, sizeof(*a->slots));
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i].form)
            *agg_find(a, old.slots[i].form) = old.slots[i];
    free(old.slots);
}

/* The outlet's table, created empty when new. */
static struct agg_table *agg_table_of(struct agg *a, int64_t outlet)
{
    if (a->last < a->n && a->t[a->last].outlet == outlet)
        return &a->t[a->last];
    for (size_t i = 0; i < a->n; i++)
        if (a->t[i].outlet == outlet)
            return &a->t[a->last = i];
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 16;
        a->t = slant_xreallocarray(a->t, a->cap, sizeof(*a->t));
    }
    memset(&a->t[a->n], 0, sizeof(a->t[0]));
    a->t[a->n].outlet = outlet;
    return &a->t[a->last = a->n++];
}

/*
 * Add one document's counts (keys: form id << 32 | count) to its outlet's
 * totals.  The slots are prefetched first and updated in a second loop: the
 * misses then overlap instead of coming one after another.
 */
static void agg_add_doc(struct agg *all, int64_t outlet, const uint64_t *keys, size_t n)
{
    struct agg_table *a = agg_table_of(all, outlet);
    agg_reserve(a, n);
    for (size_t i = 0; i < n; i++)
        __builtin_prefetch(&a->slots[agg_home(a, (uint32_t)(keys[i] >> 32))], 1);
    for (size_t i = 0; i < n; i++) {
        uint32_t form = (uint32_t)(keys[i] >> 32);
        struct agg_slot *s = agg_find(a, form);
        if (!s->form) {
            s->form = form;
            a->n++;
        }
        s->count += (int64_t)(keys[i] & 0xffffffffu);
        s->docs += 1;
    }
}

static void agg_release(struct agg *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->t[i].slots);
    free(a->t);
    memset(a, 0, sizeof(*a));
}

/* ------------------------------------------------------------------------ */
/* The store                                                                 */
/* ------------------------------------------------------------------------ */

enum {
    Q_OUTLET_GET,
    Q_OUTLET_ADD,
    Q_DOC_FIND,
    Q_DOC_ADD,
    Q_TERM_ADD,
    Q_FORM_ADD,
    Q_AGG_UPSERT,
    Q_SCORES_GET,
    Q_SCORES_SET,
    Q_COUNT_
};

static const char *const query_sql[Q_COUNT_] = {
    [Q_OUTLET_GET] = "SELECT id FROM outlets WHERE name = ?1",
    [Q_OUTLET_ADD] = "INSERT INTO outlets(name) VALUES (?1)",
    [Q_DOC_FIND] = "SELECT outlet_id FROM documents WHERE hash = ?1",
    [Q_DOC_ADD] = "INSERT INTO documents(outlet_id, batch_id, ext_id, title, date, url, source,"
                  " lang, text, hash, n_tokens, n_numbers, n_sentences, n_paragraphs,"
                  " n_boilerplate, n_replaced, n_truncated, counts)"
                  " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
    [Q_TERM_ADD] = "INSERT INTO terms(lang, stem) VALUES (?1, ?2)",
    [Q_FORM_ADD] = "INSERT INTO forms(term_id, form) VALUES (?1, ?2)",
    [Q_AGG_UPSERT] = "INSERT INTO outlet_forms(outlet_id, form_id, count, n_docs)"
                     " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(outlet_id, form_id) DO UPDATE SET"
                     " count = count + excluded.count, n_docs = n_docs + excluded.n_docs",
    [Q_SCORES_GET] = "SELECT hits FROM scores WHERE doc_id = ?1",
    [Q_SCORES_SET] = "INSERT OR REPLACE INTO scores(doc_id, n_quotes, n_unbalanced, hits)"
                     " VALUES (?1, ?2, ?3, ?4)",
};

struct slant_store {
    sqlite3 *db;
    int readonly;
    sqlite3_stmt *q[Q_COUNT_];
    int64_t batch_id;
    int in_batch;
    /* interning, loaded on first use */
    int interned;
    struct arena_holder {
        struct slant_arena arena;
    } mem;
    struct intern terms; /* "lang\0stem" -> term id */
    struct intern forms; /* 8-byte term id + form -> form id */
    struct agg agg;
    struct slant_buf key;
    struct slant_buf hits_json; /* hits_set's scores.hits, joined from parts */
    struct score_part *parts;   /* hits_set's: parts_cap */
    size_t parts_cap;
    int64_t fresh_doc;            /* the document doc_add added last: no scores yet */
    struct slant_scores_fmt *fmt; /* hits_set's formatting */
    struct slant_buf row_json;    /* hits_set's formatted row */
    uint64_t *keys;               /* doc_add's sort and blob: 2 * keys_cap */
    size_t keys_cap;
    /* per space (slant_doc_row.space - 1): the database id of each form id,
     * 0 when not known yet; for the current batch only */
    uint32_t *dbid[SLANT_STORE_SPACES];
    size_t dbid_cap[SLANT_STORE_SPACES];
    /* lexicons synced in this session */
    struct slant_store_lex **lexes;
    char **lex_keys; /* "name\0hash" of each */
    size_t n_lexes;
    /* writeback (see start_writeback) */
    int wb_fd;         /* a descriptor of the file (writeback_fd); -1: none yet, -2: none */
    size_t wb_pending; /* bytes of rows written since the last start */
    char errbuf[512];
};

int slant_store_code(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return 0;
    case SQLITE_NOMEM:
        return SLANT_ENOMEM;
    case SQLITE_FULL:
        return SLANT_EFULL;
    case SQLITE_READONLY:
        return SLANT_EREADONLY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return SLANT_EBUSY;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        return SLANT_EIO;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return SLANT_ESCHEMA;
    default:
        return SLANT_EDB;
    }
}

/* Record the connection's message and return the matching code. */
static int fail(struct slant_store *st, int rc)
{
    snprintf(st->errbuf, sizeof(st->errbuf), "%s", st->db ? sqlite3_errmsg(st->db) : "?");
    if ((rc & 0xff) == SQLITE_IOERR && st->db) {
        /* a write past RLIMIT_FSIZE or onto a full disk surfaces as an I/O
         * error with EFBIG/ENOSPC */
        int e = sqlite3_system_errno(st->db);
        /* by COMMIT time SQLite may have lost the errno of the failed
         * write; a failed write is then still most likely space or size */
        if (e == EFBIG || e == ENOSPC || (e == 0 && rc == SQLITE_IOERR_WRITE))
            return SLANT_EFULL;
    }
    return slant_store_code(rc);
}

static void lex_free(struct slant_store_lex *sl)
{
    free(sl->frame_ids);
    free(sl->pattern_ids);
    free(sl->hit_prefix);
    free(sl->hit_prefix_at);
    free(sl->hit_frame);
    free(sl->hit_weight);
    free(sl);
}

static void free_lexes(struct slant_store *st)
{
    for (size_t i = 0; i < st->n_lexes; i++) {
        lex_free(st->lexes[i]);
        free(st->lex_keys[i]);
    }
    free(st->lexes);
    free(st->lex_keys);
    st->lexes = NULL;
    st->lex_keys = NULL;
    st->n_lexes = 0;
}

const char *slant_store_errmsg(const struct slant_store *st)
{
    return st ? st->errbuf : "no database";
}

struct sqlite3 *slant_store_db(struct slant_store *st)
{
    return st->db;
}

static int exec(struct slant_store *st, const char *sql)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : fail(st, rc);
}

static int pragma_int(struct slant_store *st, const char *sql, int64_t *v)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(st, rc);
    rc = sqlite3_step(s);
    *v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    int ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    if (!ok)
        rc = fail(st, rc);
    sqlite3_finalize(s);
    return ok ? 0 : rc;
}

/* Run sql in one write transaction if the database is still at version
 * `from` once we hold the lock (another process may have done it while we
 * waited): creating the schema (from 0) or upgrading it (from 1 to 4). */
static int migrate(struct slant_store *st, int64_t from, const char *sql)
{
    int rc = exec(st, "BEGIN IMMEDIATE");
    if (rc < 0)
        return rc;
    int64_t version = 0;
    rc = pragma_int(st, "PRAGMA user_version", &version);
    if (rc == 0 && version == from)
        rc = exec(st, sql);
    if (rc == 0)
        return exec(st, "COMMIT");
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int create_schema(struct slant_store *st)
{
    char sql[sizeof(schema_sql) + 512];
    snprintf(sql, sizeof(sql),
             "%sPRAGMA application_id = %d; PRAGMA user_version = %d;"
             " INSERT INTO meta VALUES ('schema_version', '%d'),"
             " ('created_by', 'slant " SLANT_VERSION "');",
             schema_sql, SLANT_APPLICATION_ID, SLANT_SCHEMA_VERSION, SLANT_SCHEMA_VERSION);
    return migrate(st, 0, sql);
}

static int check_schema(struct slant_store *st, const char **errmsg)
{
    int64_t app = 0, version = 0, tables = 0;
    int rc = pragma_int(st, "PRAGMA application_id", &app);
    if (rc == 0)
        rc = pragma_int(st, "PRAGMA user_version", &version);
    if (rc == 0)
        rc = pragma_int(st, "SELECT COUNT(*) FROM sqlite_schema", &tables);
    if (rc < 0) {
        if (errmsg)
            *errmsg = st->errbuf;
        return rc;
    }
    if (version == 0 && app == 0 && tables == 0) {
        if (st->readonly) {
            if (errmsg)
                *errmsg = "empty database (nothing ingested yet)";
            return SLANT_ESCHEMA;
        }
        rc = create_schema(st);
        if (rc < 0 && errmsg)
            *errmsg = st->errbuf;
        if (rc < 0)
            return rc;
        return check_schema(st, errmsg);
    }
    if (app != SLANT_APPLICATION_ID) {
        if (errmsg)
            *errmsg = "not a slant database";
        return SLANT_ESCHEMA;
    }
    if (version >= 1 && version <= 4 && !st->readonly) {
        static const char *const upgrade[] = {upgrade_1_sql, upgrade_2_sql, upgrade_3_sql,
                                              upgrade_4_sql};
        rc = migrate(st, version, upgrade[version - 1]);
        if (rc < 0) {
            if (errmsg)
                *errmsg = st->errbuf;
            return rc;
        }
        return check_schema(st, errmsg);
    }
    if (version >= 1 && version <= 4) {
        snprintf(st->errbuf, sizeof(st->errbuf),
                 "database schema version %d predates this slant: a command that writes"
                 " (slant ingest or slant score) upgrades it",
                 (int)version);
        if (errmsg)
            *errmsg = st->errbuf;
        return SLANT_ESCHEMA;
    }
    if (version != SLANT_SCHEMA_VERSION) {
        if (errmsg)
            *errmsg = "database schema version is not the one this slant writes";
        return SLANT_ESCHEMA;
    }
    return 0;
}

/*
 * The next lexicon's part of a row of scores (SCORES_SQL), found without
 * decoding it: *at is where the part before ended (1 for the first); the
 * part's lexicon id and bytes [*start, *end) are set.  Returns 1, 0 past
 * the last part (the row ends there), -1 for a row slant did not write.
 */
static int next_part(const char *text, size_t len, size_t *at, int64_t *lex, size_t *start,
                     size_t *end)
{
    size_t i = *at;
    if (i == 1 && (len < 2 || text[0] != '['))
        return -1;
    if (i < len && text[i] == ']')
        return i + 1 == len ? 0 : -1;
    if (i > 1 && (i >= len || text[i++] != ','))
        return -1;
    if (i >= len || text[i] != '[')
        return -1;
    size_t j = i + 1;
    int64_t id = 0;
    while (j < len && text[j] >= '0' && text[j] <= '9' && id < INT64_MAX / 10)
        id = id * 10 + (text[j++] - '0');
    if (j == i + 1 || j >= len || text[j] != ',')
        return -1;
    size_t depth = 0;
    for (j = i; j < len; j++) {
        depth += text[j] == '[';
        if (text[j] == ']' && --depth == 0)
            break;
    }
    if (j >= len)
        return -1;
    *lex = id;
    *start = i;
    *end = *at = j + 1;
    return 1;
}

/* ------------------------------------------------------------------------ */
/* slant_hits_each: scores.hits as rows, decoded in C                        */
/* ------------------------------------------------------------------------ */

/*
 * The view hits (HITS_VIEW_SQL) extracts each field with SQLite's JSON
 * functions, a parse per field: a report reading every hit took seconds.
 * slant's own connections get a TEMP view of the same name and columns over
 * this table-valued function, which decodes a document's row of scores once,
 * all its lexicons or the one asked for by lexicon_id (with
 * jansson, as the JSONL reader's fallback does); the temp view shadows the
 * stored one for that connection only.  SQL users keep the stored view.
 */
enum {
    HV_LEXICON,
    HV_FRAME,
    HV_PATTERN,
    HV_TOK_START,
    HV_TOK_END,
    HV_BYTE_START,
    HV_BYTE_END,
    HV_WEIGHT,
    HV_VOICE,
    HV_NEGATED,
    HV_DISTANCED,
    HV_HITS
};

/* the fields of a stored hit (see the comment on SCORES_SQL) */
enum { HJ_PATTERN, HJ_TOK_START, HJ_TOK_LEN, HJ_BYTE_START, HJ_BYTE_LEN, HJ_FLAGS, HJ_FIELDS };

/* The table-valued function, with each pattern's frame and weight (a hit
 * has its pattern's), read from main.patterns when a hit names a pattern
 * not read yet: patterns are added, never changed. */
struct hv_vtab {
    sqlite3_vtab base;
    sqlite3 *db;
    struct hv_pattern {
        int64_t id, frame_id;
        double weight;
    } * pat; /* ascending id */
    size_t n_pat;
};

struct hv_cursor {
    sqlite3_vtab_cursor base;
    json_t *root;           /* the decoded array, or NULL */
    const json_t **hit;     /* per hit, its array in root */
    int64_t *lex;           /* per hit, its lexicon's id */
    struct hv_pattern *pat; /* per hit, its pattern's (a copy: a read moves them) */
    size_t i, n;
};

static int hv_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out,
                      char **err)
{
    (void)aux, (void)argc, (void)argv, (void)err;
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(lexicon_id, frame_id, pattern_id, tok_start,"
                                      " tok_end, byte_start, byte_end, weight, voice, negated,"
                                      " distanced, hits HIDDEN)");
    if (rc != SQLITE_OK)
        return rc;
    struct hv_vtab *vt = sqlite3_malloc(sizeof(*vt));
    if (!vt)
        return SQLITE_NOMEM;
    memset(vt, 0, sizeof(*vt));
    vt->db = db;
    *out = &vt->base;
    sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
    return SQLITE_OK;
}

static int hv_disconnect(sqlite3_vtab *base)
{
    struct hv_vtab *vt = (struct hv_vtab *)base;
    sqlite3_free(vt->pat);
    sqlite3_free(vt);
    return SQLITE_OK;
}

/* Read every pattern's frame and weight again. */
static int hv_load_patterns(struct hv_vtab *vt)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(
        vt->db, "SELECT id, frame_id, weight FROM main.patterns ORDER BY id", -1, &s, NULL);
    size_t n = 0, cap = vt->n_pat;
    struct hv_pattern *pat = vt->pat;
    vt->pat = NULL;
    vt->n_pat = 0;
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) { /* (cap: at least what the last read held) */
            size_t ncap = cap ? 2 * cap : 1024;
            struct hv_pattern *np = sqlite3_realloc64(pat, ncap * sizeof(*pat));
            if (!np) {
                rc = SQLITE_NOMEM;
                break;
            }
            pat = np;
            cap = ncap;
        }
        pat[n].id = sqlite3_column_int64(s, 0);
        pat[n].frame_id = sqlite3_column_int64(s, 1);
        pat[n].weight = sqlite3_column_double(s, 2);
        n++;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        sqlite3_free(pat);
        return rc;
    }
    vt->pat = pat;
    vt->n_pat = n;
    return SQLITE_OK;
}

/* The pattern of that id, or NULL. */
static const struct hv_pattern *hv_pattern(const struct hv_vtab *vt, int64_t id)
{
    size_t lo = 0, hi = vt->n_pat;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (vt->pat[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < vt->n_pat && vt->pat[lo].id == id ? &vt->pat[lo] : NULL;
}

/* The argument (hits = ?) must be given; without it there is nothing.  A
 * lexicon_id = ? is passed on too, so that the other lexicons' hits are not
 * decoded (idxNum bit 2; SQLite checks it again). */
static int hv_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
    (void)vt;
    info->idxNum = 0;
    int hits = -1, lex = -1;
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn == HV_HITS && c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
            if (!c->usable)
                return SQLITE_CONSTRAINT;
            hits = i;
        } else if (c->iColumn == HV_LEXICON && c->op == SQLITE_INDEX_CONSTRAINT_EQ && c->usable) {
            lex = i;
        }
    }
    if (hits >= 0) {
        info->aConstraintUsage[hits].argvIndex = 1;
        info->aConstraintUsage[hits].omit = 1;
        info->idxNum = 1;
        if (lex >= 0) {
            info->aConstraintUsage[lex].argvIndex = 2;
            info->idxNum |= 2;
        }
    }
    info->estimatedCost = info->idxNum ? (info->idxNum & 2 ? 5 : 10) : 1e12;
    info->estimatedRows = info->idxNum ? 10 : 1;
    return SQLITE_OK;
}

static int hv_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
    (void)vt;
    struct hv_cursor *c = sqlite3_malloc(sizeof(*c));
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof(*c));
    *out = &c->base;
    return SQLITE_OK;
}

static int hv_close(sqlite3_vtab_cursor *cur)
{
    struct hv_cursor *c = (struct hv_cursor *)cur;
    json_decref(c->root);
    sqlite3_free(c->hit);
    sqlite3_free(c->lex);
    sqlite3_free(c->pat);
    sqlite3_free(c);
    return SQLITE_OK;
}

/* Whether e is one hit as json_hit writes it: six integers from 0 to
 * INT64_MAX / 2 (so that a start plus a length cannot overflow). */
static int hv_valid(const json_t *e)
{
    if (!json_is_array(e) || json_array_size(e) != HJ_FIELDS)
        return 0;
    for (size_t k = 0; k < HJ_FIELDS; k++) {
        const json_t *v = json_array_get(e, k);
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            json_integer_value(v) > INT64_MAX / 2)
            return 0;
    }
    return json_integer_value(json_array_get(e, HJ_FLAGS)) < 4 * SLANT_VOICE_COUNT;
}

static int hv_error(sqlite3_vtab_cursor *cur, const char *msg)
{
    sqlite3_free(cur->pVtab->zErrMsg);
    cur->pVtab->zErrMsg = sqlite3_mprintf("%s", msg);
    return SQLITE_ERROR;
}

/* Whether e is one lexicon's part of a row of scores: [lexicon_id, n_hits,
 * [hit, ...]]. */
static int hv_valid_part(const json_t *e)
{
    return json_is_array(e) && json_array_size(e) == 3 && json_is_integer(json_array_get(e, 0)) &&
           json_is_integer(json_array_get(e, 1)) && json_is_array(json_array_get(e, 2));
}

static int hv_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc,
                     sqlite3_value **argv)
{
    (void)idx_str;
    struct hv_cursor *c = (struct hv_cursor *)cur;
    struct hv_vtab *vt = (struct hv_vtab *)cur->pVtab;
    json_decref(c->root);
    c->root = NULL;
    c->i = c->n = 0;
    if (!(idx & 1) || argc < 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return SQLITE_OK;
    int one = (idx & 2) && argc >= 2;
    if (one && sqlite3_value_type(argv[1]) != SQLITE_INTEGER)
        return SQLITE_OK; /* (no lexicon_id equals NULL or a text) */
    int64_t want = one ? sqlite3_value_int64(argv[1]) : 0;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    size_t len = (size_t)sqlite3_value_bytes(argv[0]);
    json_error_t err;
    int ok = text != NULL;
    if (ok && one) { /* the one part decoded, the others skipped */
        size_t at = 1, start = 0, end = 0;
        int64_t lex = 0;
        int r;
        while ((r = next_part(text, len, &at, &lex, &start, &end)) > 0 && lex != want)
            ;
        ok = r >= 0;
        if (r > 0) { /* the part, as a row of one part */
            json_t *part = json_loadb(text + start, end - start, 0, &err);
            c->root = part ? json_array() : NULL;
            if (part && (!c->root || json_array_append_new(c->root, part) < 0))
                ok = 0;
        } else {
            c->root = json_array();
        }
    } else if (ok) {
        c->root = json_loadb(text, len, 0, &err);
    }
    ok = ok && c->root && json_is_array(c->root);
    size_t n_parts = ok ? json_array_size(c->root) : 0, n = 0;
    for (size_t k = 0; ok && k < n_parts; k++) {
        const json_t *part = json_array_get(c->root, k);
        ok = hv_valid_part(part);
        if (!ok)
            continue;
        const json_t *hits = json_array_get(part, 2);
        for (size_t i = 0; ok && i < json_array_size(hits); i++)
            ok = hv_valid(json_array_get(hits, i));
        n += json_array_size(hits);
    }
    if (!ok)
        return hv_error(cur, "scores.hits is not an array of slant hits");
    sqlite3_free(c->hit);
    sqlite3_free(c->lex);
    sqlite3_free(c->pat);
    c->hit = sqlite3_malloc64((n ? n : 1) * sizeof(*c->hit));
    c->lex = sqlite3_malloc64((n ? n : 1) * sizeof(*c->lex));
    c->pat = sqlite3_malloc64((n ? n : 1) * sizeof(*c->pat));
    if (!c->hit || !c->lex || !c->pat)
        return SQLITE_NOMEM;
    int loaded = 0;
    size_t at = 0;
    for (size_t k = 0; k < n_parts; k++) {
        const json_t *part = json_array_get(c->root, k);
        int64_t lex = json_integer_value(json_array_get(part, 0));
        const json_t *hits = json_array_get(part, 2);
        for (size_t i = 0; i < json_array_size(hits); i++, at++) {
            const json_t *hit = json_array_get(hits, i);
            int64_t id = json_integer_value(json_array_get(hit, HJ_PATTERN));
            const struct hv_pattern *p = hv_pattern(vt, id);
            if (!p && !loaded) { /* a pattern added since the last read */
                int rc = hv_load_patterns(vt);
                if (rc != SQLITE_OK)
                    return rc;
                loaded = 1;
                p = hv_pattern(vt, id);
            }
            if (!p)
                return hv_error(cur, "scores.hits names a pattern not in the database");
            c->hit[at] = hit;
            c->lex[at] = lex;
            c->pat[at] = *p;
        }
    }
    c->n = n;
    return SQLITE_OK;
}

static int hv_next(sqlite3_vtab_cursor *cur)
{
    ((struct hv_cursor *)cur)->i++;
    return SQLITE_OK;
}

static int hv_eof(sqlite3_vtab_cursor *cur)
{
    const struct hv_cursor *c = (const struct hv_cursor *)cur;
    return c->i >= c->n;
}

static int hv_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    const struct hv_cursor *c = (const struct hv_cursor *)cur;
    const json_t *hit = c->hit[c->i];
#define FIELD(k) ((sqlite3_int64)json_integer_value(json_array_get(hit, (k))))
    switch (col) {
    case HV_LEXICON:
        sqlite3_result_int64(ctx, c->lex[c->i]);
        break;
    case HV_FRAME:
        sqlite3_result_int64(ctx, c->pat[c->i].frame_id);
        break;
    case HV_PATTERN:
        sqlite3_result_int64(ctx, FIELD(HJ_PATTERN));
        break;
    case HV_TOK_START:
        sqlite3_result_int64(ctx, FIELD(HJ_TOK_START));
        break;
    case HV_TOK_END:
        sqlite3_result_int64(ctx, FIELD(HJ_TOK_START) + FIELD(HJ_TOK_LEN));
        break;
    case HV_BYTE_START:
        sqlite3_result_int64(ctx, FIELD(HJ_BYTE_START));
        break;
    case HV_BYTE_END:
        sqlite3_result_int64(ctx, FIELD(HJ_BYTE_START) + FIELD(HJ_BYTE_LEN));
        break;
    case HV_WEIGHT:
        sqlite3_result_double(ctx, c->pat[c->i].weight);
        break;
    case HV_VOICE:
        sqlite3_result_text(ctx, slant_voice_name((int)(FIELD(HJ_FLAGS) / 4)), -1, SQLITE_STATIC);
        break;
    case HV_NEGATED:
        sqlite3_result_int64(ctx, FIELD(HJ_FLAGS) / 2 % 2);
        break;
    case HV_DISTANCED:
        sqlite3_result_int64(ctx, FIELD(HJ_FLAGS) % 2);
        break;
    default:
        sqlite3_result_null(ctx);
    }
#undef FIELD
    return SQLITE_OK;
}

static int hv_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = (sqlite3_int64)((const struct hv_cursor *)cur)->i;
    return SQLITE_OK;
}

static const sqlite3_module hv_module = {
    .iVersion = 0,
    .xConnect = hv_connect,
    .xBestIndex = hv_best_index,
    .xDisconnect = hv_disconnect,
    .xOpen = hv_open,
    .xClose = hv_close,
    .xFilter = hv_filter,
    .xNext = hv_next,
    .xEof = hv_eof,
    .xColumn = hv_column,
    .xRowid = hv_rowid,
};

#define HITS_TEMP_VIEW_SQL                                                                         \
    "CREATE TEMP VIEW hits" HITS_COLUMNS_SQL " AS"                                                 \
    " SELECT s.doc_id, h.lexicon_id, h.frame_id, h.pattern_id, h.tok_start, h.tok_end,"            \
    " h.byte_start, h.byte_end, h.weight, h.voice, h.negated, h.distanced"                         \
    " FROM main.scores s, slant_hits_each(s.hits) h"

static int register_hits_each(struct slant_store *st)
{
    int rc = sqlite3_create_module(st->db, "slant_hits_each", &hv_module, NULL);
    if (rc != SQLITE_OK)
        return fail(st, rc);
    return exec(st, HITS_TEMP_VIEW_SQL);
}

static void sql_scores_without(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* slant_text_hash(text) in SQL, for the upgrade from version 2. */
static void sql_text_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *p = (const char *)sqlite3_value_text(argv[0]);
    if (!p) {
        sqlite3_result_null(ctx);
        return;
    }
    char out[33];
    slant_text_hash((struct slant_slice){p, (size_t)sqlite3_value_bytes(argv[0])}, out);
    sqlite3_result_text(ctx, out, 32, SQLITE_TRANSIENT);
}

/* SQLite counts the memory it allocates (for sqlite3_memory_used and heap
 * limits, which slant does not use) behind a global mutex: a lock and an
 * unlock for each of about a million allocations per copy of ukraine-2022
 * stored.  Turn the count off; SQLite takes this only before it
 * initialises, so it is done once, before the first open. */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); /* refused once initialised: no harm */
}

int slant_store_open(const char *path, int flags, struct slant_store **out, const char **errmsg)
{
    pthread_once(&sqlite_once, sqlite_setup);
    static char msg[512];
    *out = NULL;
    if (errmsg)
        *errmsg = NULL;
    struct slant_store *st = slant_xcalloc(1, sizeof(*st));
    st->readonly = (flags & SLANT_STORE_READONLY) != 0;
    st->wb_fd = -1;
    slant_arena_init(&st->mem.arena, 0);
    slant_buf_init(&st->key, 0);
    slant_buf_init(&st->hits_json, 0);
    slant_buf_init(&st->row_json, 0);
    st->fmt = slant_scores_fmt_new();

    struct stat sb;
    int exists = stat(path, &sb) == 0;
    int oflags = st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (!exists && !st->readonly)
        oflags |= SQLITE_OPEN_CREATE;
    int rc;
    if (!exists && st->readonly) {
        snprintf(msg, sizeof(msg), "no such database (run 'slant ingest' first)");
        rc = SLANT_ENOTFOUND;
        goto fail;
    }
    if (exists && !S_ISREG(sb.st_mode)) {
        snprintf(msg, sizeof(msg), "not a regular file");
        rc = SLANT_EIO;
        goto fail;
    }
    /* used by one thread at a time (ingest hands the writing over between
     * its threads under a lock of its own): SQLite's locking is not needed */
    rc = sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        int code = st->db ? sqlite3_system_errno(st->db) : 0;
        snprintf(msg, sizeof(msg), "cannot open: %s",
                 code ? strerror(code) : (st->db ? sqlite3_errmsg(st->db) : "out of memory"));
        rc = fail(st, rc);
        goto fail;
    }
    sqlite3_extended_result_codes(st->db, 1);
    /* a file without write permission is read-only even for root, who
     * could write through it: the user said so with chmod */
    if (!st->readonly && exists &&
        (access(path, W_OK) != 0 || !(sb.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))) {
        snprintf(msg, sizeof(msg), "database is read-only");
        rc = SLANT_EREADONLY;
        goto fail;
    }
    /* Two writers: the second waits for the first's batch to commit. */
    sqlite3_busy_timeout(st->db, 3600 * 1000);
    /* A 16 MiB page cache: a batch's pages spill to the file while the
     * other threads still analyse, and COMMIT has little left to write (with
     * 64 MiB, COMMIT and the fsync after it took 0.25-0.30 s of an ingest of
     * the bench input with the other core idle; now 0.02-0.04 s).  Reading
     * commands are no slower: the report took as long either way.  A new
     * database gets 16 KiB pages (the page size is fixed when the file is
     * created; this is a no-op on an existing one): an article and its
     * counts fill one or two pages instead of two to five, and ingest of
     * the bench input took 0.92 of the time it took with 4 KiB pages. */
    rc = exec(st, "PRAGMA page_size = 16384; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
                  " PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;");
    if (rc < 0) {
        snprintf(msg, sizeof(msg), "%s", st->errbuf);
        goto fail;
    }
    rc = sqlite3_create_function(st->db, "slant_text_hash", 1,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                 sql_text_hash, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(st->db, "slant_scores_without", 2,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, st,
                                     sql_scores_without, NULL, NULL);
    if (rc != SQLITE_OK) {
        rc = fail(st, rc);
        snprintf(msg, sizeof(msg), "%s", st->errbuf);
        goto fail;
    }
    const char *why = NULL;
    rc = check_schema(st, &why);
    if (rc < 0) {
        snprintf(msg, sizeof(msg), "%s", why ? why : st->errbuf);
        goto fail;
    }
    if ((rc = register_hits_each(st)) < 0) {
        snprintf(msg, sizeof(msg), "%s", st->errbuf);
        goto fail;
    }
    if (!st->readonly) {
        for (int i = 0; i < Q_COUNT_; i++) {
            int r = sqlite3_prepare_v3(st->db, query_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                       &st->q[i], NULL);
            if (r != SQLITE_OK) {
                rc = fail(st, r);
                snprintf(msg, sizeof(msg), "%s", st->errbuf);
                goto fail;
            }
        }
    }
    *out = st;
    return 0;
fail:
    if (errmsg)
        *errmsg = msg;
    slant_store_close(st);
    return rc < 0 ? rc : SLANT_EDB;
}

/* Forget what the spaces knew (their stemmers are gone, or their ids may
 * name forms a rolled-back batch inserted). */
static void forget_spaces(struct slant_store *st)
{
    for (size_t i = 0; i < SLANT_STORE_SPACES; i++) {
        free(st->dbid[i]);
        st->dbid[i] = NULL;
        st->dbid_cap[i] = 0;
    }
}

void slant_store_close(struct slant_store *st)
{
    if (!st)
        return;
    if (st->in_batch)
        slant_store_batch_abort(st);
    for (int i = 0; i < Q_COUNT_; i++)
        sqlite3_finalize(st->q[i]);
    free_lexes(st);
    sqlite3_close(st->db); /* (wb_fd stays open: see writeback_fd) */
    intern_release(&st->terms);
    intern_release(&st->forms);
    agg_release(&st->agg);
    slant_arena_release(&st->mem.arena);
    slant_buf_release(&st->key);
    slant_buf_release(&st->hits_json);
    slant_buf_release(&st->row_json);
    slant_scores_fmt_free(st->fmt);
    free(st->parts);
    free(st->keys);
    forget_spaces(st);
    free(st);
}

/* Run a prepared statement to completion (after binding). */
static int step_done(struct slant_store *st, sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    int ret = (rc == SQLITE_DONE || rc == SQLITE_ROW) ? 0 : fail(st, rc);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return ret;
}

static void bind_slice(sqlite3_stmt *s, int i, struct slant_slice v)
{
    if (v.len)
        sqlite3_bind_text64(s, i, v.p, v.len, SQLITE_STATIC, SQLITE_UTF8);
    else
        sqlite3_bind_null(s, i);
}

static char *now_utc(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/*
 * Writeback.  SQLite hands a batch's pages to the kernel as its cache fills,
 * and the kernel keeps them in memory until COMMIT's fsync, which then
 * waited for all of them at once (0.18 s for the 190 MB of the bench input,
 * with nothing left for the other threads to do).  Every WRITEBACK_BYTES of
 * rows, ask the kernel to start writing what is dirty (sync_file_range, as
 * RocksDB's bytes_per_sync does), so that the fsync finds little left.
 * Nothing about durability changes: COMMIT still fsyncs.  Elsewhere than
 * Linux this does nothing.
 *
 * The descriptor is one of our own, and it is never closed: closing any
 * descriptor of a file drops every POSIX lock the process holds on it,
 * those of any other SQLite connection to the same file included.  So the
 * process keeps one read-only descriptor per database file it has written
 * enough to, found again by device and inode, for up to WRITEBACK_FILES
 * files (past that, no writeback).
 */
#define WRITEBACK_BYTES (8u << 20)
#define WRITEBACK_FILES 16

#if defined(__linux__) && defined(SYNC_FILE_RANGE_WRITE)
static pthread_mutex_t wb_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
    dev_t dev;
    ino_t ino;
    int fd;
} wb_files[WRITEBACK_FILES];
static size_t wb_n;

/* The process's descriptor of the file at path, opened the first time; -1
 * when there is none to have. */
static int writeback_fd(const char *path)
{
    struct stat sb;
    if (!path || !*path || stat(path, &sb) != 0)
        return -1;
    int fd = -1;
    pthread_mutex_lock(&wb_mu);
    for (size_t i = 0; i < wb_n && fd < 0; i++)
        if (wb_files[i].dev == sb.st_dev && wb_files[i].ino == sb.st_ino)
            fd = wb_files[i].fd;
    if (fd < 0 && wb_n < WRITEBACK_FILES) {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        struct stat fsb;
        if (fd >= 0 && fstat(fd, &fsb) == 0 && fsb.st_dev == sb.st_dev && fsb.st_ino == sb.st_ino) {
            wb_files[wb_n].dev = sb.st_dev;
            wb_files[wb_n].ino = sb.st_ino;
            wb_files[wb_n].fd = fd;
            wb_n++;
        } else {
            /* not the file stat saw (replaced meanwhile): not used, and not
             * closed either, since SQLite may have that file open too */
            fd = -1;
        }
    }
    pthread_mutex_unlock(&wb_mu);
    return fd;
}
#endif

static void start_writeback(struct slant_store *st, size_t bytes)
{
#if defined(__linux__) && defined(SYNC_FILE_RANGE_WRITE)
    st->wb_pending += bytes;
    if (st->wb_pending < WRITEBACK_BYTES || st->wb_fd == -2)
        return;
    st->wb_pending = 0;
    if (st->wb_fd == -1) {
        int fd = writeback_fd(sqlite3_db_filename(st->db, "main"));
        st->wb_fd = fd >= 0 ? fd : -2;
    }
    if (st->wb_fd >= 0)
        (void)sync_file_range(st->wb_fd, 0, 0, SYNC_FILE_RANGE_WRITE); /* a hint */
#else
    (void)st, (void)bytes;
#endif
}

/* ------------------------------------------------------------------------ */
/* Batches                                                                   */
/* ------------------------------------------------------------------------ */

int slant_store_batch_begin(struct slant_store *st, const char *command)
{
    if (st->readonly)
        return SLANT_EREADONLY;
    /* Inside a batch the store writes only ids it has just read or created,
     * so the foreign-key checks (one index seek per reference: four per hit,
     * two per document and per outlet_forms row) buy nothing and cost about
     * a fifth of the writer's time.  The pragma is a no-op inside a
     * transaction, hence before BEGIN; commit and abort turn it back on.
     * The one cascade the store relies on (replacing a lexicon) is spelled
     * out in delete_lexicon. */
    int rc = exec(st, "PRAGMA foreign_keys = OFF");
    if (rc < 0)
        return rc;
    rc = exec(st, "BEGIN IMMEDIATE");
    if (rc < 0) {
        sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
        return rc;
    }
    st->in_batch = 1;
    st->fresh_doc = 0; /* (none added in this batch yet) */
    forget_spaces(st); /* a batch's ingest has stemmers of its own */
    sqlite3_stmt *s = NULL;
    char ts[32];
    int r = sqlite3_prepare_v2(st->db,
                               "INSERT INTO batches(command, started, status) VALUES (?1, ?2, "
                               "'running')",
                               -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, command, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, now_utc(ts), -1, SQLITE_TRANSIENT);
        r = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    if (r != SQLITE_DONE) {
        rc = fail(st, r);
        slant_store_batch_abort(st);
        return rc;
    }
    st->batch_id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int64_t slant_store_batch_id(const struct slant_store *st)
{
    return st->batch_id;
}

static void sort_by_id(uint64_t *k, uint64_t *tmp, size_t n);
static void build_hit_prefixes(struct slant_store_lex *sl, const struct slant_lexicon *lex);

/* Sort one outlet's slots by form id with sort_by_id on (form id << 32 |
 * slot): qsort took a quarter of the commit for a few hundred thousand
 * slots. */
static void sort_agg_slots(struct agg_slot *v, size_t n)
{
    if (n < 2 || n > UINT32_MAX)
        return;
    uint64_t *k = slant_xreallocarray(NULL, n, 2 * sizeof(*k));
    for (size_t i = 0; i < n; i++)
        k[i] = (uint64_t)v[i].form << 32 | i;
    sort_by_id(k, k + n, n);
    struct agg_slot *sorted = slant_xreallocarray(NULL, n, sizeof(*sorted));
    for (size_t i = 0; i < n; i++)
        sorted[i] = v[k[i] & 0xffffffffu];
    memcpy(v, sorted, n * sizeof(*v));
    free(sorted);
    free(k);
}

static int cmp_agg_outlet(const void *a, const void *b)
{
    int64_t x = ((const struct agg_table *)a)->outlet, y = ((const struct agg_table *)b)->outlet;
    return (x > y) - (x < y);
}

/* Per-outlet totals go in AGG_PER_INSERT rows per INSERT: one statement
 * execution per row cost more than the rows (an outlet has tens of
 * thousands of forms).  128 rather than 32: the commit of one copy of
 * ukraine-2022 took 11% fewer instructions (512: 13%), and the commit is
 * the part of an ingest that one thread does alone. */
#define AGG_PER_INSERT 128

/* Prepare head, then `rows` copies of row joined by commas, then tail: one
 * statement for many rows (AGG_PER_INSERT, PAT_PER_INSERT). */
static int prepare_rows(struct slant_store *st, const char *head, const char *row, int rows,
                        const char *tail, sqlite3_stmt **out)
{
    char sql[4096];
    size_t n = (size_t)snprintf(sql, sizeof(sql), "%s", head);
    for (int r = 0; r < rows && n < sizeof(sql); r++)
        n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s%s", r ? "," : "", row);
    if (n < sizeof(sql))
        n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s", tail);
    if (n >= sizeof(sql))
        return SLANT_EINTERNAL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
    return rc == SQLITE_OK ? 0 : fail(st, rc);
}

static int prepare_agg_many(struct slant_store *st, sqlite3_stmt **out)
{
    return prepare_rows(st, "INSERT INTO outlet_forms(outlet_id, form_id, count, n_docs) VALUES ",
                        "(?,?,?,?)", AGG_PER_INSERT,
                        " ON CONFLICT(outlet_id, form_id) DO UPDATE SET count = count +"
                        " excluded.count, n_docs = n_docs + excluded.n_docs",
                        out);
}

static void bind_agg(sqlite3_stmt *s, int first, int64_t outlet, const struct agg_slot *slot)
{
    sqlite3_bind_int64(s, first, outlet);
    sqlite3_bind_int64(s, first + 1, slot->form);
    sqlite3_bind_int64(s, first + 2, slot->count);
    sqlite3_bind_int64(s, first + 3, slot->docs);
}

static int flush_agg(struct slant_store *st)
{
    /* In key order, the rows land in outlet_forms' B-tree one after the
     * other instead of at random pages (several times faster for a few
     * hundred thousand rows): outlets in id order, each outlet's forms
     * sorted.  The tables are done with: pack each one's used slots to its
     * front and sort those. */
    struct agg *all = &st->agg;
    if (all->n)
        qsort(all->t, all->n, sizeof(*all->t), cmp_agg_outlet);
    sqlite3_stmt *one = st->q[Q_AGG_UPSERT], *many = NULL;
    int rc = prepare_agg_many(st, &many);
    for (size_t t = 0; rc == 0 && t < all->n; t++) {
        struct agg_table *a = &all->t[t];
        size_t n = 0;
        for (size_t i = 0; i < a->cap; i++)
            if (a->slots[i].form)
                a->slots[n++] = a->slots[i];
        sort_agg_slots(a->slots, n);
        size_t i = 0;
        for (; rc == 0 && i + AGG_PER_INSERT <= n; i += AGG_PER_INSERT) {
            for (int r = 0; r < AGG_PER_INSERT; r++)
                bind_agg(many, 1 + 4 * r, a->outlet, &a->slots[i + (size_t)r]);
            rc = step_done(st, many);
        }
        for (; rc == 0 && i < n; i++) {
            bind_agg(one, 1, a->outlet, &a->slots[i]);
            rc = step_done(st, one);
        }
    }
    sqlite3_finalize(many);
    if (rc == 0)
        agg_release(all);
    return rc;
}

int slant_store_batch_commit(struct slant_store *st, const char *status,
                             const struct slant_batch_counts *c)
{
    int rc = flush_agg(st);
    if (rc == 0) {
        sqlite3_stmt *s = NULL;
        char ts[32];
        int r = sqlite3_prepare_v2(st->db,
                                   "UPDATE batches SET finished = ?1, status = ?2, n_new = ?3,"
                                   " n_duplicate = ?4, n_rejected = ?5 WHERE id = ?6",
                                   -1, &s, NULL);
        if (r == SQLITE_OK) {
            sqlite3_bind_text(s, 1, now_utc(ts), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(s, 2, status, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(s, 3, (int64_t)c->n_new);
            sqlite3_bind_int64(s, 4, (int64_t)c->n_duplicate);
            sqlite3_bind_int64(s, 5, (int64_t)c->n_rejected);
            sqlite3_bind_int64(s, 6, st->batch_id);
            r = sqlite3_step(s);
        }
        sqlite3_finalize(s);
        if (r != SQLITE_DONE)
            rc = fail(st, r);
    }
    if (rc == 0)
        rc = exec(st, "COMMIT");
    if (rc < 0) {
        slant_store_batch_abort(st);
        return rc;
    }
    st->in_batch = 0;
    sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    return 0;
}

void slant_store_batch_abort(struct slant_store *st)
{
    if (st->in_batch && st->db && !sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    if (st->in_batch && st->db)
        sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    st->in_batch = 0;
    agg_release(&st->agg);
    /* ids handed out inside the rolled-back transaction are void */
    forget_spaces(st);
    intern_release(&st->terms);
    intern_release(&st->forms);
    st->interned = 0;
    free_lexes(st);
}

/* ------------------------------------------------------------------------ */
/* Outlets and documents                                                     */
/* ------------------------------------------------------------------------ */

int slant_store_outlet(struct slant_store *st, struct slant_slice name, int64_t *id)
{
    sqlite3_stmt *s = st->q[Q_OUTLET_GET];
    sqlite3_bind_text64(s, 1, name.p, name.len, SQLITE_STATIC, SQLITE_UTF8);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
        return 0;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return fail(st, rc);
    s = st->q[Q_OUTLET_ADD];
    sqlite3_bind_text64(s, 1, name.p, name.len, SQLITE_STATIC, SQLITE_UTF8);
    rc = step_done(st, s);
    if (rc < 0)
        return rc;
    *id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int slant_store_doc_lookup(struct slant_store *st, int64_t outlet_id, const char *hash, int *found,
                           int *elsewhere)
{
    /* One seek in documents_hash answers both questions: (outlet_id, hash)
     * is UNIQUE, so each other row is another outlet. */
    sqlite3_stmt *s = st->q[Q_DOC_FIND];
    sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
    int rc, others = 0;
    *found = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (sqlite3_column_int64(s, 0) == outlet_id)
            *found = 1;
        else
            others++;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return fail(st, rc);
    if (elsewhere)
        *elsewhere = others;
    return 0;
}

/* The slot of t for the key in st->key: its entry, or the empty slot where
 * it goes (the table grows first when half full). */
static struct intern_slot *intern_slot_for(struct slant_store *st, struct intern *t)
{
    if (t->n * 2 >= t->cap)
        intern_grow(t);
    return intern_find(t, st->key.p, st->key.len, slant_hash64(st->key.p, st->key.len, 0));
}

/* Fill an empty slot with st->key and its database id. */
static void intern_put(struct slant_store *st, struct intern *t, struct intern_slot *slot,
                       int64_t id)
{
    slot->key = slant_arena_strndup(&st->mem.arena, st->key.p, st->key.len);
    slot->len = (uint32_t)st->key.len;
    slot->hash = slant_hash64(st->key.p, st->key.len, 0);
    slot->id = id;
    t->n++;
}

/* Load the terms and forms already in the database into the intern tables. */
static int load_interned(struct slant_store *st)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT id, lang, stem FROM terms", -1, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(st, rc);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *lang = (const char *)sqlite3_column_text(s, 1);
        const char *stem = (const char *)sqlite3_column_text(s, 2);
        slant_buf_reset(&st->key);
        slant_buf_adds(&st->key, lang ? lang : "");
        slant_buf_addc(&st->key, '\0');
        slant_buf_adds(&st->key, stem ? stem : "");
        intern_put(st, &st->terms, intern_slot_for(st, &st->terms), sqlite3_column_int64(s, 0));
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return fail(st, rc);
    rc = sqlite3_prepare_v2(st->db, "SELECT id, term_id, form FROM forms", -1, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(st, rc);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t term = sqlite3_column_int64(s, 1);
        const char *form = (const char *)sqlite3_column_text(s, 2);
        slant_buf_reset(&st->key);
        slant_buf_add(&st->key, &term, sizeof(term));
        slant_buf_adds(&st->key, form ? form : "");
        intern_put(st, &st->forms, intern_slot_for(st, &st->forms), sqlite3_column_int64(s, 0));
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return fail(st, rc);
    st->interned = 1;
    return 0;
}

/* The id for key in table t, inserting via stmt (bound by bind) when new. */
static int intern_id(struct slant_store *st, struct intern *t, sqlite3_stmt *ins, int64_t term,
                     const char *a, const char *b, int64_t *id)
{
    struct intern_slot *slot = intern_slot_for(st, t);
    if (slot->key) {
        *id = slot->id;
        return 0;
    }
    if (term)
        sqlite3_bind_int64(ins, 1, term);
    else
        sqlite3_bind_text(ins, 1, a, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 2, b, -1, SQLITE_STATIC);
    int rc = step_done(st, ins);
    if (rc < 0)
        return rc;
    intern_put(st, t, slot, sqlite3_last_insert_rowid(st->db));
    *id = slot->id;
    return 0;
}

static int form_id(struct slant_store *st, const struct slant_form *f, int64_t *id)
{
    if (f->user) {
        *id = f->user;
        return 0;
    }
    int rc = 0;
    if (!st->interned && (rc = load_interned(st)) < 0)
        return rc;
    int64_t term = 0;
    slant_buf_reset(&st->key);
    slant_buf_adds(&st->key, f->lang);
    slant_buf_addc(&st->key, '\0');
    slant_buf_add(&st->key, f->stem, f->stem_len);
    rc = intern_id(st, &st->terms, st->q[Q_TERM_ADD], 0, f->lang, f->stem, &term);
    if (rc < 0)
        return rc;
    slant_buf_reset(&st->key);
    slant_buf_add(&st->key, &term, sizeof(term));
    slant_buf_add(&st->key, f->form, f->form_len);
    rc = intern_id(st, &st->forms, st->q[Q_FORM_ADD], term, NULL, f->form, id);
    if (rc < 0)
        return rc;
    if (*id > UINT32_MAX)
        return SLANT_ETOOBIG;
    /* the form table outlives the batch only when it commits; abort clears
     * `user` indirectly by discarding the stemmers (see ingest.c) */
    ((struct slant_form *)(uintptr_t)f)->user = (uint32_t)*id;
    return 0;
}

/*
 * Sort keys (form id << 32 | count) by form id: an LSD radix sort on the id
 * bytes, skipping the bytes every key shares (ids of one corpus rarely need
 * more than three).  A document has hundreds of distinct forms and the
 * writer thread sorts every one of them, where qsort's comparison calls
 * showed as a tenth of its time.  One pass counts all four bytes, and the
 * passes move the keys back and forth between k and tmp.  n < 2^32: a
 * document's distinct forms are far fewer, and sort_agg_slots checks.
 */
static void sort_by_id(uint64_t *k, uint64_t *tmp, size_t n)
{
    if (n == 0)
        return;
    uint32_t count[4][256];
    memset(count, 0, sizeof(count));
    for (size_t i = 0; i < n; i++) {
        uint32_t id = (uint32_t)(k[i] >> 32);
        count[0][id & 0xff]++;
        count[1][id >> 8 & 0xff]++;
        count[2][id >> 16 & 0xff]++;
        count[3][id >> 24]++;
    }
    uint64_t *src = k, *dst = tmp;
    for (int b = 0; b < 4; b++) {
        int shift = 32 + 8 * b;
        uint32_t *c = count[b];
        if (c[(src[0] >> shift) & 0xff] == n)
            continue; /* all keys share this byte */
        uint32_t pos = 0;
        for (int d = 0; d < 256; d++) {
            uint32_t x = c[d];
            c[d] = pos;
            pos += x;
        }
        for (size_t i = 0; i < n; i++)
            dst[c[(src[i] >> shift) & 0xff]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != k)
        memcpy(k, src, n * sizeof(*k));
}

int slant_store_doc_add(struct slant_store *st, const struct slant_doc_row *row,
                        struct slant_count *counts, size_t n_counts, int64_t *doc_id)
{
    /* counts blob: little-endian uint32 (form_id, count) pairs sorted by id */
    size_t n = n_counts;
    if (st->keys_cap < n) {
        st->keys_cap = n * 2;
        st->keys = slant_xreallocarray(st->keys, st->keys_cap, 2 * sizeof(*st->keys));
    }
    uint64_t *keys = st->keys, *tmp = st->keys + n;
    unsigned sp = row->space;
    if (sp > SLANT_STORE_SPACES)
        return SLANT_EINVAL;
    for (size_t i = 0; i < n; i++) {
        /* the space's table first; the form itself (f->user, a trip to a
         * stemmer's arena) when the space has not seen this id */
        uint32_t known =
            sp && counts[i].id < st->dbid_cap[sp - 1] ? st->dbid[sp - 1][counts[i].id] : 0;
        if (!known) {
            int64_t id;
            int rc = form_id(st, counts[i].form, &id);
            if (rc < 0)
                return rc;
            known = (uint32_t)id; /* form_id checks that it fits */
            if (sp) {
                if (counts[i].id >= st->dbid_cap[sp - 1])
                    st->dbid[sp - 1] = slant_xgrow_zeroed(st->dbid[sp - 1], &st->dbid_cap[sp - 1],
                                                          counts[i].id, sizeof(uint32_t));
                st->dbid[sp - 1][counts[i].id] = known;
            }
        }
        keys[i] = (uint64_t)known << 32 | counts[i].count;
    }
    agg_add_doc(&st->agg, row->outlet_id, keys, n);
    if (n)
        sort_by_id(keys, tmp, n);
    /* The blob goes where the sort's scratch space was: 8 bytes a key. */
    unsigned char *blob = (unsigned char *)tmp;
    for (size_t i = 0; i < n; i++) {
        /* little-endian whatever the host: the same blob everywhere */
        uint32_t id = (uint32_t)(keys[i] >> 32), count = (uint32_t)keys[i];
        unsigned char *pair = blob + 8 * i;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        uint64_t v = (uint64_t)count << 32 | id; /* the id's bytes first */
        memcpy(pair, &v, 8);
#else
        pair[0] = (unsigned char)id, pair[1] = (unsigned char)(id >> 8);
        pair[2] = (unsigned char)(id >> 16), pair[3] = (unsigned char)(id >> 24);
        pair[4] = (unsigned char)count, pair[5] = (unsigned char)(count >> 8);
        pair[6] = (unsigned char)(count >> 16), pair[7] = (unsigned char)(count >> 24);
#endif
    }

    sqlite3_stmt *s = st->q[Q_DOC_ADD];
    sqlite3_bind_int64(s, 1, row->outlet_id);
    sqlite3_bind_int64(s, 2, st->batch_id);
    bind_slice(s, 3, row->ext_id);
    bind_slice(s, 4, row->title);
    bind_slice(s, 5, row->date);
    bind_slice(s, 6, row->url);
    sqlite3_bind_text(s, 7, row->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, row->lang, -1, SQLITE_STATIC);
    sqlite3_bind_text64(s, 9, row->text.p, row->text.len, SQLITE_STATIC, SQLITE_UTF8);
    sqlite3_bind_text(s, 10, row->hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 11, (int64_t)row->n_tokens);
    sqlite3_bind_int64(s, 12, (int64_t)row->n_numbers);
    sqlite3_bind_int64(s, 13, (int64_t)row->n_sentences);
    sqlite3_bind_int64(s, 14, (int64_t)row->n_paragraphs);
    sqlite3_bind_int64(s, 15, (int64_t)row->n_boilerplate);
    sqlite3_bind_int64(s, 16, (int64_t)row->n_replaced);
    sqlite3_bind_int64(s, 17, (int64_t)row->n_truncated);
    sqlite3_bind_blob64(s, 18, n ? (const void *)blob : "", 8 * n, SQLITE_STATIC);
    int rc = step_done(st, s);
    if (rc < 0)
        return rc;
    *doc_id = st->fresh_doc = sqlite3_last_insert_rowid(st->db);
    start_writeback(st, row->text.len + 8 * n);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Lexicons and hits                                                         */
/* ------------------------------------------------------------------------ */

static const char *pole_text(const struct slant_frame *f)
{
    switch (f->pole) {
    case SLANT_POLE_LEGITIMIZING:
        return "legitimizing";
    case SLANT_POLE_DELEGITIMIZING:
        return "delegitimizing";
    default:
        return f->pole_name ? f->pole_name : "";
    }
}

/* ids[idx] = id for each (idx, id) row of sql (bound to the lexicon id)
 * with idx below n; *seen counts them. */
static int load_idx_ids(struct slant_store *st, const char *sql, int64_t lex_id, int64_t *ids,
                        uint32_t n, size_t *seen)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(st, rc);
    sqlite3_bind_int64(s, 1, lex_id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t idx = sqlite3_column_int64(s, 0);
        if (idx >= 0 && idx < (int64_t)n) {
            ids[idx] = sqlite3_column_int64(s, 1);
            (*seen)++;
        }
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : fail(st, rc);
}

static int load_lex_ids(struct slant_store *st, const struct slant_lexicon *lex,
                        struct slant_store_lex *sl)
{
    size_t seen = 0;
    int rc = load_idx_ids(st, "SELECT idx, id FROM frames WHERE lexicon_id = ?1", sl->id,
                          sl->frame_ids, lex->n_frames, &seen);
    if (rc == 0)
        rc = load_idx_ids(st, "SELECT idx, id FROM patterns WHERE lexicon_id = ?1", sl->id,
                          sl->pattern_ids, lex->n_patterns, &seen);
    if (rc < 0)
        return rc;
    return seen == (size_t)lex->n_frames + lex->n_patterns ? 0 : SLANT_ESCHEMA;
}

/* Patterns go in PAT_PER_INSERT rows per INSERT: a statement per row was
 * most of the cost of storing a 100,000-pattern lexicon.  SQLite gives them
 * their ids, one past the largest so far (an INTEGER PRIMARY KEY without
 * AUTOINCREMENT), which is checked: binding the ids made it look each one
 * up, a fifth of the time storing took. */
#define PAT_PER_INSERT 32
#define PAT_COLUMNS 6

static int prepare_patterns(struct slant_store *st, int rows, sqlite3_stmt **out)
{
    return prepare_rows(st,
                        "INSERT INTO patterns(frame_id, lexicon_id, idx, line, pattern, weight)"
                        " VALUES ",
                        "(?,?,?,?,?,?)", rows, "", out);
}

static int insert_patterns(struct slant_store *st, const struct slant_lexicon *lex,
                           struct slant_store_lex *sl)
{
    int64_t last = 0;
    int rc = pragma_int(st, "SELECT COALESCE(MAX(id), 0) FROM patterns", &last);
    if (rc == 0 && last > INT64_MAX - (int64_t)lex->n_patterns) {
        snprintf(st->errbuf, sizeof(st->errbuf), "no pattern ids left");
        return SLANT_EDB;
    }
    sqlite3_stmt *many = NULL, *one = NULL;
    if (rc == 0)
        rc = prepare_patterns(st, PAT_PER_INSERT, &many);
    if (rc == 0)
        rc = prepare_patterns(st, 1, &one);
    for (uint32_t i = 0; rc == 0 && i < lex->n_patterns;) {
        sqlite3_stmt *s = lex->n_patterns - i >= PAT_PER_INSERT ? many : one;
        int rows = s == many ? PAT_PER_INSERT : 1;
        for (int r = 0; r < rows; r++, i++) {
            const struct slant_pattern *p = &lex->patterns[i];
            int c = r * PAT_COLUMNS;
            sl->pattern_ids[i] = ++last;
            sqlite3_bind_int64(s, c + 1, sl->frame_ids[p->frame]);
            sqlite3_bind_int64(s, c + 2, sl->id);
            sqlite3_bind_int64(s, c + 3, i);
            sqlite3_bind_int64(s, c + 4, p->line);
            sqlite3_bind_text(s, c + 5, p->source ? p->source : "", -1, SQLITE_STATIC);
            sqlite3_bind_double(s, c + 6, p->weight);
        }
        rc = step_done(st, s);
        if (rc == 0 && sqlite3_last_insert_rowid(st->db) != last) {
            snprintf(st->errbuf, sizeof(st->errbuf), "patterns were not given the ids expected");
            rc = SLANT_EDB;
        }
    }
    sqlite3_finalize(many);
    sqlite3_finalize(one);
    return rc;
}

static int insert_lexicon(struct slant_store *st, const struct slant_lexicon *lex,
                          struct slant_slice source, struct slant_store_lex *sl)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "INSERT INTO lexicons(name, hash, language, version, description,"
                                " path, source) VALUES (?1,?2,?3,?4,?5,?6,?7)",
                                -1, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(st, rc);
    sqlite3_bind_text(s, 1, lex->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, lex->hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, lex->language ? lex->language : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, lex->version ? lex->version : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, lex->description ? lex->description : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, lex->path ? lex->path : "", -1, SQLITE_STATIC);
    sqlite3_bind_text64(s, 7, source.p ? source.p : "", source.len, SQLITE_STATIC, SQLITE_UTF8);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return fail(st, rc);
    sl->id = sqlite3_last_insert_rowid(st->db);

    rc = sqlite3_prepare_v2(st->db,
                            "INSERT INTO frames(lexicon_id, idx, name, pole, description)"
                            " VALUES (?1,?2,?3,?4,?5)",
                            -1, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(st, rc);
    for (uint32_t i = 0; i < lex->n_frames; i++) {
        const struct slant_frame *f = &lex->frames[i];
        sqlite3_bind_int64(s, 1, sl->id);
        sqlite3_bind_int64(s, 2, i);
        sqlite3_bind_text(s, 3, f->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, pole_text(f), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, f->description ? f->description : "", -1, SQLITE_STATIC);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE) {
            rc = fail(st, rc);
            sqlite3_finalize(s);
            return rc;
        }
        sl->frame_ids[i] = sqlite3_last_insert_rowid(st->db);
    }
    sqlite3_finalize(s);

    return insert_patterns(st, lex, sl);
}

/* What ON DELETE CASCADE does for a lexicon, written out because batches
 * run with foreign keys off (see slant_store_batch_begin). */
static int delete_lexicon(struct slant_store *st, int64_t id)
{
    static const char *const del[] = {
        "DELETE FROM patterns WHERE lexicon_id = ?1",
        /* the lexicon's part of each row of scores, and rows left empty
         * (the DELETE has no parameter: binding one to it does nothing) */
        "UPDATE scores SET hits = slant_scores_without(hits, ?1)"
        " WHERE slant_scores_without(hits, ?1) <> hits",
        "DELETE FROM scores WHERE hits = '[]'",
        "DELETE FROM frames WHERE lexicon_id = ?1",
        "DELETE FROM lexicons WHERE id = ?1",
    };
    for (size_t i = 0; i < sizeof(del) / sizeof(del[0]); i++) {
        sqlite3_stmt *s = NULL;
        int rc = sqlite3_prepare_v2(st->db, del[i], -1, &s, NULL);
        if (rc != SQLITE_OK)
            return fail(st, rc);
        sqlite3_bind_int64(s, 1, id);
        rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE)
            return fail(st, rc);
    }
    return 0;
}

int slant_store_lexicon_sync(struct slant_store *st, const struct slant_lexicon *lex,
                             struct slant_slice source, const struct slant_store_lex **out)
{
    for (size_t i = 0; i < st->n_lexes; i++) {
        /* already synced in this session */
        if (st->lex_keys[i][0] && strcmp(st->lex_keys[i], lex->name) == 0 &&
            strcmp(st->lex_keys[i] + strlen(lex->name) + 1, lex->hash) == 0) {
            *out = st->lexes[i];
            return 0;
        }
    }
    /* Another version of this lexicon synced earlier in the session is
     * about to be replaced in the database, and with it the ids it holds:
     * retire its cache entry (an empty key is never looked up) so that
     * syncing that version again inserts it afresh.  The entry itself stays
     * allocated, as callers may still hold it, until the store closes. */
    for (size_t i = 0; i < st->n_lexes; i++)
        if (strcmp(st->lex_keys[i], lex->name) == 0)
            st->lex_keys[i][0] = '\0';
    struct slant_store_lex *sl = slant_xcalloc(1, sizeof(*sl));
    sl->n_frames = lex->n_frames;
    sl->n_patterns = lex->n_patterns;
    sl->frame_ids = slant_xcalloc(lex->n_frames ? lex->n_frames : 1, sizeof(int64_t));
    sl->pattern_ids = slant_xcalloc(lex->n_patterns ? lex->n_patterns : 1, sizeof(int64_t));

    sqlite3_stmt *s = NULL;
    int rc =
        sqlite3_prepare_v2(st->db, "SELECT id, hash FROM lexicons WHERE name = ?1", -1, &s, NULL);
    if (rc != SQLITE_OK) {
        rc = fail(st, rc);
        goto out;
    }
    sqlite3_bind_text(s, 1, lex->name, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    int64_t old_id = 0;
    int same = 0;
    if (rc == SQLITE_ROW) {
        old_id = sqlite3_column_int64(s, 0);
        same = strcmp((const char *)sqlite3_column_text(s, 1), lex->hash) == 0;
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        rc = fail(st, rc);
        goto out;
    }
    if (same) {
        sl->id = old_id;
        rc = load_lex_ids(st, lex, sl);
    } else {
        if (old_id) {
            /* an edited lexicon replaces the old version: its hits, frames,
             * patterns and scored marks go */
            rc = delete_lexicon(st, old_id);
            if (rc < 0)
                goto out;
        }
        rc = insert_lexicon(st, lex, source, sl);
    }
    if (rc >= 0)
        build_hit_prefixes(sl, lex);
out:
    if (rc < 0) {
        lex_free(sl);
        return rc;
    }
    st->lexes = slant_xreallocarray(st->lexes, st->n_lexes + 1, sizeof(*st->lexes));
    st->lex_keys = slant_xreallocarray(st->lex_keys, st->n_lexes + 1, sizeof(*st->lex_keys));
    size_t nl = strlen(lex->name), nh = strlen(lex->hash);
    char *key = slant_xmalloc(nl + nh + 2);
    memcpy(key, lex->name, nl + 1);
    memcpy(key + nl + 1, lex->hash, nh + 1);
    st->lex_keys[st->n_lexes] = key;
    st->lexes[st->n_lexes++] = sl;
    *out = sl;
    return 0;
}

/* A hit's place in scored.hits: token order, then frame (the order the
 * view's rows come in, as a clustered table of hits gave them before). */
struct hit_order {
    uint64_t key; /* tok_start << 32 | frame */
    const struct slant_hit *h;
};

static int cmp_hit_order(const void *a, const void *b)
{
    const struct hit_order *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* Write v and then sep at p; returns the end.  Two digits at a time, from
 * the right, after counting them. */
static char *put_uint(char *p, uint64_t v, char sep)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                                "25262728293031323334353637383940414243444546474849"
                                "50515253545556575859606162636465666768697071727374"
                                "75767778798081828384858687888990919293949596979899";
    static const uint64_t pow10[20] = {1ull,
                                       10ull,
                                       100ull,
                                       1000ull,
                                       10000ull,
                                       100000ull,
                                       1000000ull,
                                       10000000ull,
                                       100000000ull,
                                       1000000000ull,
                                       10000000000ull,
                                       100000000000ull,
                                       1000000000000ull,
                                       10000000000000ull,
                                       100000000000000ull,
                                       1000000000000000ull,
                                       10000000000000000ull,
                                       100000000000000000ull,
                                       1000000000000000000ull,
                                       10000000000000000000ull};
    if (v < 10) {
        p[0] = (char)('0' + v);
        p[1] = sep;
        return p + 2;
    }
    if (v < 10000) { /* token and byte offsets mostly: no count, no loop */
        uint32_t hi = (uint32_t)v / 100, lo = (uint32_t)v % 100;
        if (hi == 0) {
            memcpy(p, pairs + 2 * lo, 2);
            p[2] = sep;
            return p + 3;
        }
        if (hi < 10) {
            p[0] = (char)('0' + hi);
            memcpy(p + 1, pairs + 2 * lo, 2);
            p[3] = sep;
            return p + 4;
        }
        memcpy(p, pairs + 2 * hi, 2);
        memcpy(p + 2, pairs + 2 * lo, 2);
        p[4] = sep;
        return p + 5;
    }
    /* digits: floor(log10 v) + 1, from the bit length (1233 / 4096 ~ log10 2) */
    unsigned bits = 64u - (unsigned)__builtin_clzll(v);
    size_t n = (bits * 1233u) >> 12;
    n += v >= pow10[n];
    char *end = p + n, *q = end;
    while (v >= 100) {
        q -= 2;
        memcpy(q, pairs + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10) {
        q -= 2;
        memcpy(q, pairs + 2 * v, 2);
    } else {
        *--q = (char)('0' + v);
    }
    *end = sep;
    return end + 1;
}

/* The most bytes json_hit writes: six numbers of up to 20 digits, and
 * their punctuation. */
#define JSON_HIT_MAX (6 * 21 + 2)
/* json_hit copies a pattern's prefix as this many bytes when it is no
 * longer (ids below 10^14), so hit_prefix has as many after its last. */
#define HIT_PREFIX_COPY 16

/* Each pattern's "[pattern_id," (see slant_store_lex), formatted once the
 * ids are known instead of for every hit, and its frame and weight. */
static void build_hit_prefixes(struct slant_store_lex *sl, const struct slant_lexicon *lex)
{
    size_t n = sl->n_patterns;
    char *p = sl->hit_prefix = slant_xreallocarray(NULL, n ? n : 1, 1 + 21);
    sl->hit_prefix_at = slant_xreallocarray(NULL, n + 1, sizeof(*sl->hit_prefix_at));
    sl->hit_frame = slant_xreallocarray(NULL, n ? n : 1, sizeof(*sl->hit_frame));
    sl->hit_weight = slant_xreallocarray(NULL, n ? n : 1, sizeof(*sl->hit_weight));
    for (size_t i = 0; i < n; i++) {
        sl->hit_prefix_at[i] = (uint32_t)(p - sl->hit_prefix);
        sl->hit_frame[i] = lex->patterns[i].frame;
        sl->hit_weight[i] = lex->patterns[i].weight;
        *p++ = '[';
        p = put_uint(p, (uint64_t)sl->pattern_ids[i], ',');
    }
    sl->hit_prefix_at[n] = (uint32_t)(p - sl->hit_prefix);
    /* (HIT_PREFIX_COPY readable bytes from any prefix: json_hit) */
    sl->hit_prefix = slant_xreallocarray(sl->hit_prefix, sl->hit_prefix_at[n] + HIT_PREFIX_COPY, 1);
    memset(sl->hit_prefix + sl->hit_prefix_at[n], 0, HIT_PREFIX_COPY);
}

/* One hit as a JSON array (see the comment on SCORES_SQL) at p, which has room for
 * JSON_HIT_MAX bytes; checked by format_part.  Returns the end.  Ingest
 * formats 1.5 million of these per 100 MB of text. */
static char *json_hit(char *p, const struct slant_store_lex *sl, const struct slant_hit *h)
{
    uint32_t at = sl->hit_prefix_at[h->pattern];
    size_t len = sl->hit_prefix_at[h->pattern + 1] - at;
    if (len <= HIT_PREFIX_COPY)
        memcpy(p, sl->hit_prefix + at, HIT_PREFIX_COPY); /* (one fixed copy, no call) */
    else
        memcpy(p, sl->hit_prefix + at, len);
    p += len;
    p = put_uint(p, h->tok_start, ',');
    p = put_uint(p, h->tok_end - h->tok_start, ',');
    p = put_uint(p, h->byte_start, ',');
    p = put_uint(p, h->byte_end - h->byte_start, ',');
    return put_uint(p, h->voice * 4u + (h->negated != 0) * 2u + (h->distanced != 0), ']');
}

/* Whether hit h can be stored with the patterns of sl (json_hit). */
static int hit_storable(const struct slant_store_lex *sl, const struct slant_hit *h)
{
    return h->pattern < sl->n_patterns && h->frame < sl->n_frames &&
           h->frame == sl->hit_frame[h->pattern] && h->weight == sl->hit_weight[h->pattern] &&
           h->voice < SLANT_VOICE_COUNT && h->tok_end >= h->tok_start &&
           h->byte_end >= h->byte_start;
}

/* One lexicon's part of a row of scores: its bytes, in the row read. */
struct score_part {
    int64_t lex;
    const char *p;
    size_t len;
};

static struct score_part *add_part(struct slant_store *st, size_t *n)
{
    if (*n == st->parts_cap) {
        st->parts_cap = st->parts_cap ? 2 * st->parts_cap : 8;
        st->parts = slant_xreallocarray(st->parts, st->parts_cap, sizeof(*st->parts));
    }
    return &st->parts[(*n)++];
}

struct slant_scores_fmt {
    struct hit_order *order; /* the hits, a lexicon after another: order_cap */
    size_t order_cap;
    size_t *lex; /* the lexicons in id order: lex_cap */
    size_t *end; /* where each lexicon's hits end in order: lex_cap */
    size_t lex_cap;
};

struct slant_scores_fmt *slant_scores_fmt_new(void)
{
    return slant_xcalloc(1, sizeof(struct slant_scores_fmt));
}

void slant_scores_fmt_free(struct slant_scores_fmt *fx)
{
    if (!fx)
        return;
    free(fx->order);
    free(fx->lex);
    free(fx->end);
    free(fx);
}

/* Append to b the part of lexicon sl: [lexicon_id, n_hits, [hit, ...]],
 * of its hits order[0, count) (in the matcher's order).  Returns 0,
 * SLANT_EINVAL (a hit sl cannot store) or SLANT_ETOOBIG. */
static int format_part(struct slant_buf *b, const struct slant_store_lex *sl,
                       struct hit_order *order, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (!hit_storable(sl, order[i].h))
            return SLANT_EINVAL;
    size_t sorted = 1;
    while (sorted < count && order[sorted - 1].key <= order[sorted].key)
        sorted++;
    if (sorted < count) /* the matcher gives token order; twins may not be */
        qsort(order, count, sizeof(*order), cmp_hit_order);
    /* formatted in a chunk on the stack, appended a chunk at a time */
    char chunk[32 * JSON_HIT_MAX], *p = chunk;
    int rc = 0;
    *p++ = '[';
    p = put_uint(p, (uint64_t)sl->id, ',');
    p = put_uint(p, (uint64_t)count, ',');
    *p++ = '[';
    for (size_t i = 0; i < count; i++) {
        if (p - chunk > (ptrdiff_t)(sizeof(chunk) - JSON_HIT_MAX - 3)) {
            rc |= slant_buf_add(b, chunk, (size_t)(p - chunk));
            p = chunk;
        }
        if (i)
            *p++ = ',';
        p = json_hit(p, sl, order[i].h);
    }
    *p++ = ']';
    *p++ = ']';
    rc |= slant_buf_add(b, chunk, (size_t)(p - chunk));
    return rc < 0 ? SLANT_ETOOBIG : 0;
}

/* The row of lexicons sl[0 .. n_lex - 1], sl[l] taking the hits whose
 * lexicon field is first + l, parts in lexicon id order, into out. */
static int format_row(struct slant_scores_fmt *fx, const struct slant_store_lex *const *sl,
                      size_t n_lex, uint32_t first, const struct slant_hit *hits, size_t n,
                      struct slant_buf *out)
{
    if (fx->lex_cap < n_lex) {
        fx->lex_cap = n_lex;
        fx->lex = slant_xreallocarray(fx->lex, n_lex, sizeof(*fx->lex));
        fx->end = slant_xreallocarray(fx->end, n_lex, sizeof(*fx->end));
    }
    for (size_t l = 0; l < n_lex; l++) {
        size_t k = l;
        for (; k > 0 && sl[fx->lex[k - 1]]->id > sl[l]->id; k--)
            fx->lex[k] = fx->lex[k - 1];
        fx->lex[k] = l;
    }
    /* The hits a lexicon after another, each lexicon's in the matcher's
     * order: one pass to count, one to place them (not a pass per lexicon,
     * whose test the lexicons of hits in text order would defeat). */
    size_t *end = fx->end;
    if (n_lex)
        memset(end, 0, n_lex * sizeof(*end));
    for (size_t i = 0; i < n; i++) {
        size_t l = hits[i].lexicon - (size_t)first; /* (another's: wraps past n_lex) */
        if (l < n_lex)
            end[l]++;
    }
    for (size_t l = 1; l < n_lex; l++)
        end[l] += end[l - 1];
    size_t total = n_lex ? end[n_lex - 1] : 0;
    if (fx->order_cap < total || !fx->order) {
        fx->order_cap = total ? 2 * total : 16;
        fx->order = slant_xreallocarray(fx->order, fx->order_cap, sizeof(*fx->order));
    }
    for (size_t i = n; i-- > 0;) { /* (backwards: each end comes down to its start) */
        const struct slant_hit *h = &hits[i];
        size_t l = h->lexicon - (size_t)first;
        if (l < n_lex)
            fx->order[--end[l]] = (struct hit_order){(uint64_t)h->tok_start << 32 | h->frame, h};
    }
    /* (end[l] is now where lexicon l's hits start) */
    slant_buf_reset(out);
    int rc = slant_buf_addc(out, '[') < 0 ? SLANT_ETOOBIG : 0;
    for (size_t k = 0; k < n_lex && rc == 0; k++) {
        size_t l = fx->lex[k];
        size_t from = end[l], to = l + 1 < n_lex ? end[l + 1] : total;
        if (k && slant_buf_addc(out, ',') < 0)
            return SLANT_ETOOBIG;
        rc = format_part(out, sl[l], fx->order + from, to - from);
    }
    if (rc == 0 && slant_buf_addc(out, ']') < 0)
        rc = SLANT_ETOOBIG;
    return rc;
}

int slant_scores_format(struct slant_scores_fmt *fx, const struct slant_store_lex *const *sl,
                        size_t n_lex, const struct slant_hit *hits, size_t n, struct slant_buf *out)
{
    return format_row(fx, sl, n_lex, 0, hits, n, out);
}

/* Append to st->parts the parts of the row `text` (SCORES_SQL) whose
 * lexicon is not among those of the first n_new parts; they point into
 * text.  Returns 0 or SLANT_EDB for a row slant did not write. */
static int keep_parts(struct slant_store *st, const char *text, size_t len, size_t n_new, size_t *n)
{
    size_t at = 1, start, end;
    int64_t lex;
    int r;
    while ((r = next_part(text, len, &at, &lex, &start, &end)) > 0) {
        int replaced = 0;
        for (size_t k = 0; k < n_new; k++)
            replaced |= st->parts[k].lex == lex;
        if (replaced)
            continue;
        struct score_part *pt = add_part(st, n);
        pt->lex = lex;
        pt->p = text + start;
        pt->len = end - start;
    }
    if (r == 0)
        return 0;
    snprintf(st->errbuf, sizeof(st->errbuf), "scores.hits is not a row slant wrote");
    return SLANT_EDB;
}

/* The row of scores made of the n parts at parts, in lexicon id order
 * whatever the order of scoring, written to b. */
static int join_parts(struct score_part *parts, size_t n, struct slant_buf *b)
{
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && parts[k - 1].lex > parts[k].lex; k--) {
            struct score_part t = parts[k];
            parts[k] = parts[k - 1];
            parts[k - 1] = t;
        }
    slant_buf_reset(b);
    int rc = slant_buf_add(b, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i)
            rc |= slant_buf_add(b, ",", 1);
        rc |= slant_buf_add(b, parts[i].p, parts[i].len);
    }
    rc |= slant_buf_add(b, "]", 1);
    return rc < 0 ? SLANT_ETOOBIG : 0;
}

/* slant_scores_without(hits, lexicon_id) in SQL, for delete_lexicon: the row
 * of scores without that lexicon's part, by the same code that keeps the
 * other lexicons' parts when one is scored again (keep_parts). */
static void sql_scores_without(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    struct slant_store *st = sqlite3_user_data(ctx);
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    size_t n = 0;
    struct score_part *drop = add_part(st, &n);
    drop->lex = sqlite3_value_int64(argv[1]);
    drop->p = NULL;
    drop->len = 0;
    int rc = keep_parts(st, text, (size_t)sqlite3_value_bytes(argv[0]), 1, &n);
    struct slant_buf *b = &st->hits_json;
    if (rc == 0)
        rc = join_parts(st->parts + 1, n - 1, b);
    if (rc < 0)
        sqlite3_result_error(ctx, rc == SLANT_EDB ? st->errbuf : slant_strerror(rc), -1);
    else
        sqlite3_result_text64(ctx, b->p, b->len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

/* Write `row` (format_row's) as the row of scores of doc_id.  A document
 * added in this batch has no row yet; another keeps the parts of the
 * lexicons the new row lacks. */
static int scores_put(struct slant_store *st, int64_t doc_id, struct slant_slice row,
                      const struct slant_match_stats *ms)
{
    int rc = 0;
    if (doc_id != st->fresh_doc) {
        size_t n_parts = 0;
        /* the new row's parts, then those of the stored row it lacks (read
         * in place: joined before the statement is reset) */
        if ((rc = keep_parts(st, row.p, row.len, 0, &n_parts)) < 0)
            return rc;
        size_t n_new = n_parts;
        sqlite3_stmt *g = st->q[Q_SCORES_GET];
        sqlite3_bind_int64(g, 1, doc_id);
        int r = sqlite3_step(g);
        if (r == SQLITE_ROW)
            rc = keep_parts(st, (const char *)sqlite3_column_text(g, 0),
                            (size_t)sqlite3_column_bytes(g, 0), n_new, &n_parts);
        else if (r != SQLITE_DONE)
            rc = fail(st, r);
        if (rc == 0)
            rc = join_parts(st->parts, n_parts, &st->hits_json);
        sqlite3_reset(g);
        sqlite3_clear_bindings(g);
        if (rc < 0)
            return rc;
        row = slant_buf_slice(&st->hits_json);
    }
    sqlite3_stmt *s = st->q[Q_SCORES_SET];
    sqlite3_bind_int64(s, 1, doc_id);
    sqlite3_bind_int64(s, 2, ms ? (int64_t)ms->quotes : 0);
    sqlite3_bind_int64(s, 3, ms ? (int64_t)ms->unbalanced : 0);
    sqlite3_bind_text64(s, 4, row.p, row.len, SQLITE_STATIC, SQLITE_UTF8);
    if ((rc = step_done(st, s)) < 0)
        return rc;
    st->fresh_doc = 0; /* (it has a row now) */
    start_writeback(st, row.len);
    return 0;
}

int slant_store_doc_scores_put(struct slant_store *st, int64_t doc_id, struct slant_slice row,
                               const struct slant_match_stats *ms)
{
    return scores_put(st, doc_id, row, ms);
}

int slant_store_hits_set(struct slant_store *st, int64_t doc_id, const struct slant_store_lex *sl,
                         uint32_t lex_index, const struct slant_hit *hits, size_t n,
                         const struct slant_match_stats *ms)
{
    int rc = format_row(st->fmt, &sl, 1, lex_index, hits, n, &st->row_json);
    return rc < 0 ? rc : scores_put(st, doc_id, slant_buf_slice(&st->row_json), ms);
}

int slant_store_doc_hits_set(struct slant_store *st, int64_t doc_id,
                             const struct slant_store_lex *const *sl, size_t n_lex,
                             const struct slant_hit *hits, size_t n,
                             const struct slant_match_stats *ms)
{
    int rc = format_row(st->fmt, sl, n_lex, 0, hits, n, &st->row_json);
    return rc < 0 ? rc : scores_put(st, doc_id, slant_buf_slice(&st->row_json), ms);
}
