/*
 * store.h - the SQLite database: schema, batches, documents, counts, hits.
 *
 * The database is slant's documented, stable interface (README.md lists the
 * schema): R and pandas read it directly.  Design choices:
 *  - One ingest batch is one transaction.  A killed ingest leaves nothing of
 *    its batch behind and a reader never sees half a batch; running the same
 *    command again redoes it (documents are keyed by outlet and a hash of the
 *    normalised text, so nothing is stored twice).  A second writer waits
 *    (busy timeout) until the first commits.
 *  - Per-document term counts are one BLOB per document (documents.counts:
 *    little-endian uint32 pairs form_id, count, sorted by form_id), because a
 *    row per document-term pair would make SQLite the bottleneck of ingest
 *    (figures in README.md, "Speed and memory").  Per-outlet totals live in
 *    outlet_forms, summed in memory and written once per batch.
 *  - Everything is keyed so that two databases from disjoint inputs merge:
 *    outlets by name, terms by (lang, stem), forms by (term, form), documents
 *    by (outlet, hash); counts add up.
 * The store never prints; errors come back as SLANT_E* codes with the
 * SQLite message in slant_store_errmsg().
 */
#ifndef SLANT_STORE_H
#define SLANT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "slant/buf.h"
#include "slant/lexicon.h"
#include "slant/match.h"
#include "slant/stem.h"

struct sqlite3;
struct slant_store;

#define SLANT_SCHEMA_VERSION 5

enum {
    SLANT_STORE_READONLY = 1, /* open for reading only; the file must exist */
};

/*
 * Open (and create, unless read-only) the database at path.  A missing
 * folder, a read-only file opened for writing, or a file that is not a slant
 * database give a negative code and, in *errmsg (static or owned by the
 * store; may be NULL), a reason.  On failure *out is NULL.
 */
int slant_store_open(const char *path, int flags, struct slant_store **out, const char **errmsg);
void slant_store_close(struct slant_store *st); /* NULL is a no-op */

/* The last SQLite error message (never NULL). */
const char *slant_store_errmsg(const struct slant_store *st);

/* The connection, for read-only queries by commands (borrowed). */
struct sqlite3 *slant_store_db(struct slant_store *st);

/* Map an SQLite result code to SLANT_E* (FULL, READONLY, BUSY, NOMEM, DB). */
int slant_store_code(int sqlite_rc);

/* ---- writing a batch ---------------------------------------------------- */

/* BEGIN IMMEDIATE (waiting for another writer) and insert the batch row. */
int slant_store_batch_begin(struct slant_store *st, const char *command);
int64_t slant_store_batch_id(const struct slant_store *st);

struct slant_batch_counts {
    size_t n_new, n_duplicate, n_rejected;
};

/* Write the per-outlet totals, finish the batch row and COMMIT.  status is
 * "ok" or "partial" (some input rejected).  On failure everything of the
 * batch is rolled back. */
int slant_store_batch_commit(struct slant_store *st, const char *status,
                             const struct slant_batch_counts *c);
/* ROLLBACK the batch (after a failure). */
void slant_store_batch_abort(struct slant_store *st);

/* The id of the outlet named name, created when new. */
int slant_store_outlet(struct slant_store *st, struct slant_slice name, int64_t *id);

/* Whether a document with this hash exists under this outlet (*found), and
 * how many other outlets have it (*elsewhere, for syndication reports). */
int slant_store_doc_lookup(struct slant_store *st, int64_t outlet_id, const char *hash, int *found,
                           int *elsewhere);

struct slant_doc_row {
    int64_t outlet_id;
    struct slant_slice ext_id, title, date, url; /* empty -> NULL in SQL */
    const char *source;                          /* "path:line" */
    const char *lang;                            /* "en", "ru", ... or "" */
    struct slant_slice text;
    const char *hash; /* 32 hex digits */
    size_t n_tokens, n_numbers, n_sentences, n_paragraphs;
    size_t n_boilerplate, n_replaced, n_truncated;
    /* Which stemmer the counts' ids come from, 1..SLANT_STORE_SPACES (ingest
     * gives each thread's its own number), or 0 when counts[].id is not
     * set.  The store then keeps the database id of each (space, id) in a
     * dense table of its own for the rest of the batch: far fewer cache
     * misses than a trip to each form. */
    unsigned space;
};

#define SLANT_STORE_SPACES 16

/* One term count of a document: the stemmer's form and how often. */
struct slant_count {
    const struct slant_form *form;
    uint32_t count;
    uint32_t id; /* form->id (read only when the row has a space) */
};

/*
 * Insert a document with its term counts (forms are interned into terms and
 * forms; their database id is cached in form->user, so a form must be used
 * with one store only, and in the row's space for the rest of the batch).
 * counts is reordered.  *doc_id gets the new id.
 */
int slant_store_doc_add(struct slant_store *st, const struct slant_doc_row *row,
                        struct slant_count *counts, size_t n_counts, int64_t *doc_id);

/* ---- lexicons and hits ---------------------------------------------------- */

/* The database's view of one lexicon: its id and the ids of its frames and
 * patterns (by index in struct slant_lexicon).  Owned by the store. */
struct slant_store_lex {
    int64_t id;
    uint32_t n_frames, n_patterns;
    int64_t *frame_ids;
    int64_t *pattern_ids;
    /* per pattern, the start of its hits in scored.hits ("[pattern_id,"):
     * hit_prefix + hit_prefix_at[i], hit_prefix_at[i + 1] - hit_prefix_at[i]
     * bytes; and its frame and weight, which a hit stored with it has */
    char *hit_prefix;
    uint32_t *hit_prefix_at, *hit_frame;
    double *hit_weight;
};

/*
 * Make the database's copy of a lexicon match `lex` (by name): when the
 * stored content hash differs, the old version and all its hits are deleted
 * and the new one inserted, so hits of two versions never mix; when equal,
 * nothing changes.  source is the .lex text (kept for reproducibility).
 * *out lives until the store is closed or the batch is aborted (an abort
 * voids the ids it holds).  Call inside a batch.
 */
int slant_store_lexicon_sync(struct slant_store *st, const struct slant_lexicon *lex,
                             struct slant_slice source, const struct slant_store_lex **out);

/* Replace the hits of (doc, lexicon) with those of `hits` whose lexicon
 * field equals lex_index, and record the document as scored with that
 * lexicon version (view `scored`, table `scores`); the document's hits of
 * other lexicons stay.  A hit's frame and weight must be its pattern's, as
 * the matcher gives them (they are stored with the pattern, not the hit),
 * its voice one of enum slant_voice: else SLANT_EINVAL and nothing is
 * written. */
int slant_store_hits_set(struct slant_store *st, int64_t doc_id, const struct slant_store_lex *sl,
                         uint32_t lex_index, const struct slant_hit *hits, size_t n,
                         const struct slant_match_stats *ms);

/* slant_store_hits_set for n_lex lexicons at once, sl[l] taking the hits
 * whose lexicon field is l: one row written, where a call per lexicon
 * writes the document's row once per lexicon. */
int slant_store_doc_hits_set(struct slant_store *st, int64_t doc_id,
                             const struct slant_store_lex *const *sl, size_t n_lex,
                             const struct slant_hit *hits, size_t n,
                             const struct slant_match_stats *ms);

/*
 * slant_store_doc_hits_set in two halves, so that the threads analysing
 * documents format the rows while their hits are in the cache, and the one
 * writing to the store only writes them.  slant_scores_format writes into
 * `out` (reset first) the row of scores slant_store_doc_hits_set would
 * write for a document with no row yet: it reads only sl and the hits, so
 * any thread may call it while another uses the store, each with a
 * slant_scores_fmt of its own (scratch space).  SLANT_EINVAL for a hit that
 * cannot be stored (see slant_store_hits_set), SLANT_ETOOBIG.
 * slant_store_doc_scores_put writes such a row as the scores of doc_id;
 * lexicons the document has hits of and the row lacks keep them.
 */
struct slant_scores_fmt;
struct slant_scores_fmt *slant_scores_fmt_new(void);     /* never NULL */
void slant_scores_fmt_free(struct slant_scores_fmt *fx); /* NULL is a no-op */
int slant_scores_format(struct slant_scores_fmt *fx, const struct slant_store_lex *const *sl,
                        size_t n_lex, const struct slant_hit *hits, size_t n,
                        struct slant_buf *out);
int slant_store_doc_scores_put(struct slant_store *st, int64_t doc_id, struct slant_slice row,
                               const struct slant_match_stats *ms);

#endif
