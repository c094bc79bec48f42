/*
 * ingest.h - the ingest engine: records in, documents with counts and hits
 * in the database, in one transaction per batch.
 *
 * Records are read (corpus.h), cleaned, tokenized, stemmed, counted and
 * matched (analyze.h) by several threads, the calling one among them, and
 * the finished documents written (store.h) in input order.  Document ids
 * therefore follow the input order whatever the number of threads, and the
 * result is the same bytes for the same input.  Nothing here prints: problems go to the diagnostics
 * sink, progress to a callback, totals to struct slant_ingest_result.
 */
#ifndef SLANT_INGEST_H
#define SLANT_INGEST_H

#include <stddef.h>

#include "slant/buf.h"
#include "slant/corpus.h"
#include "slant/err.h"
#include "slant/lexicon.h"
#include "slant/store.h"

struct slant_ingest_progress {
    size_t docs;        /* records handled so far */
    size_t bytes_read;  /* input bytes consumed */
    size_t bytes_total; /* input bytes queued (for the ETA) */
    double seconds;     /* since the start */
};

struct slant_ingest_opts {
    struct slant_corpus_opts corpus;
    int keep_boilerplate; /* --keep-boilerplate */
    int threads;          /* threads, the calling one included; 0 = one per core */
    const char *command;  /* recorded in batches.command */
    /* lexicons to score with, NULL for none; sources[i] is the text of
     * lexicon i, stored with it.  Compiled, or parsed only: slant_ingest_run
     * then compiles them while it stores them (a large lexicon takes about
     * as long to compile as to store), so a set parsed only goes to one run
     * at a time */
    struct slant_lexset *lexicons;
    const struct slant_slice *lexicon_sources;
    /* called with the first document stored, then about 4 times a second,
     * from the thread writing at the time (never from two at once); may be
     * NULL */
    void (*progress)(void *ctx, const struct slant_ingest_progress *p);
    void *progress_ctx;
};

struct slant_outlet_summary {
    char *name;
    size_t n_new, n_duplicate, n_rejected, n_syndicated;
    size_t tokens, boilerplate, replaced;
};

struct slant_ingest_result {
    size_t n_new, n_duplicate, n_rejected, n_syndicated;
    size_t tokens, bytes, boilerplate, replaced, hits, unbalanced_quotes;
    double seconds;
    struct slant_outlet_summary *outlets; /* sorted by name */
    size_t n_outlets;
};

/*
 * Ingest the paths into st as one batch.  Returns 0 when the batch was
 * committed (some input may have been rejected: see diag and the result),
 * or a negative code when nothing was committed (database error, disk full,
 * or a path problem that stopped everything); the database is then as it was
 * before.  res is filled in both cases; release it with
 * slant_ingest_result_release.
 */
int slant_ingest_run(struct slant_store *st, const struct slant_ingest_opts *o, char *const *paths,
                     size_t n_paths, struct slant_diag *diag, struct slant_ingest_result *res);

void slant_ingest_result_release(struct slant_ingest_result *res);

#endif
