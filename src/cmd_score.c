/*
 * cmd_score.c - `slant score`: score every stored document again.
 *
 * The stored text is what ingest analysed (boilerplate already removed), and
 * the tokenizer is deterministic, so running the analyzer over documents.text
 * in the document's stored language reproduces exactly the hits a fresh
 * ingest with the same lexicons would store.  The whole run is one batch (one
 * transaction): a reader never sees some documents scored with a new
 * lexicon version and others with the old one, and an interrupted run leaves
 * the database as it was.  slant_store_lexicon_sync does the versioning: a
 * lexicon whose content hash differs from the stored one replaces it and its
 * hits, so hits of two versions never mix.
 */
#include <errno.h>
#include <getopt.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cmd.h"
#include "slant/analyze.h"
#include "slant/xalloc.h"

static const char usage[] = "slant score [--db FILE] [--lexicon FILE|NAME]... [--quiet]";

static const char help[] =
    "Score every stored document again with lexicons (default: all bundled), in\n"
    "one transaction.  Documents are tokenized again from their stored text in\n"
    "their stored language, so the hits equal those of a fresh ingest.  A lexicon\n"
    "whose file changed since it was last stored (another content hash) replaces\n"
    "the old version and all its hits; scoring again with the same file gives the\n"
    "same hits.  Lexicons not named keep their hits.\n"
    "\n"
    "  --db FILE            database (default $SLANT_DB, else ./slant.db)\n"
    "  --lexicon FILE|NAME  score with this lexicon (repeatable); default: all bundled\n"
    "  --quiet              no progress line, no summary\n"
    "\n"
    "The summary (stderr) gives documents per second and hits per lexicon.\n"
    "Exit status: 0 ok, 1 a lexicon with errors (nothing changed), 2 usage, 3 system error\n"
    "(nothing is changed then).\n";

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What the database held for each lexicon before the run, for the summary. */
struct lex_note {
    char old_hash[17]; /* "" when the lexicon was not stored */
    size_t hits;
};

static int db_fail(struct slant_cli *cli, struct slant_store *st, const char *what, int rc)
{
    slant_diag(cli->diag, SLANT_FATAL, NULL, 0, "%s: %s: %s", what, slant_strerror(rc),
               slant_store_errmsg(st));
    return SLANT_EXIT_SYSTEM;
}

static int old_hash(sqlite3 *db, const char *name, char out[17])
{
    sqlite3_stmt *s = NULL;
    out[0] = '\0';
    int rc = sqlite3_prepare_v2(db, "SELECT hash FROM lexicons WHERE name = ?1", -1, &s, NULL);
    if (rc != SQLITE_OK)
        return slant_store_code(rc);
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        snprintf(out, 17, "%s", (const char *)sqlite3_column_text(s, 0));
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : slant_store_code(rc);
}

static int count_docs(sqlite3 *db, size_t *n)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM documents", -1, &s, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        *n = (size_t)sqlite3_column_int64(s, 0);
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : slant_store_code(rc);
}

/*
 * Score every document inside the open batch, each in its stored language
 * ("" meaning it was analysed without a stemmer, as the analyzer does again).
 */
static int score_all(struct slant_cli *cli, struct slant_store *st, const struct slant_lexset *set,
                     const struct slant_store_lex **sl, struct lex_note *notes, int progress,
                     size_t *n_docs, double t0)
{
    sqlite3 *db = slant_store_db(st);
    size_t total = 0;
    int rc = count_docs(db, &total);
    if (rc < 0)
        return rc;
    size_t n_lex = slant_lexset_count(set);
    struct slant_analyzer *an = slant_analyzer_new(set);
    sqlite3_stmt *s = NULL;
    int r =
        sqlite3_prepare_v2(db, "SELECT id, lang, text FROM documents ORDER BY id", -1, &s, NULL);
    if (r != SQLITE_OK) {
        rc = slant_store_code(r);
        goto out;
    }
    double last = t0;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        const char *lang = (const char *)sqlite3_column_text(s, 1);
        struct slant_slice text = {(const char *)sqlite3_column_text(s, 2),
                                   (size_t)sqlite3_column_bytes(s, 2)};
        if (!text.p)
            text.p = "";
        if (!lang)
            lang = ""; /* the stored language, "" meaning unstemmed */
        struct slant_analysis a;
        if ((rc = slant_analyzer_run(an, text, lang, &a)) < 0)
            goto out;
        if ((rc = slant_store_doc_hits_set(st, id, sl, n_lex, a.hits, a.n_hits, &a.match)) < 0)
            goto out;
        for (size_t i = 0; i < a.n_hits; i++)
            notes[a.hits[i].lexicon].hits++;
        (*n_docs)++;
        if (progress) {
            double t = now_seconds();
            if (t - last >= 0.2 || *n_docs == total) {
                last = t;
                double rate = t > t0 ? (double)*n_docs / (t - t0) : 0;
                double left = rate > 0 ? (double)(total - *n_docs) / rate : 0;
                slant_diag_status(cli->diag,
                                  "slant: scored %zu of %zu documents, %.0f docs/s, ETA %.0f s",
                                  *n_docs, total, rate, left);
            }
        }
    }
    rc = r == SQLITE_DONE ? 0 : slant_store_code(r);
out:
    sqlite3_finalize(s);
    slant_analyzer_free(an);
    return rc;
}

int cmd_score(int argc, char **argv, struct slant_cli *cli)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"lexicon", required_argument, NULL, 'x'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dbpath = NULL;
    char **specs = NULL;
    size_t n_specs = 0;
    int quiet = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:x:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dbpath = optarg;
            break;
        case 'x':
            specs = slant_xreallocarray(specs, n_specs + 1, sizeof(*specs));
            specs[n_specs++] = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            free(specs);
            fprintf(cli->out, "usage: %s\n\n%s", usage, help);
            return 0;
        default:
            free(specs);
            return slant_cli_usage(cli, usage, "unknown option");
        }
    }
    if (optind < argc) {
        free(specs);
        return slant_cli_usage(cli, usage, "unexpected argument '%s'", argv[optind]);
    }

    struct slant_cli_lexicons lx = {0};
    int status = slant_cli_load_lexicons(cli, specs, n_specs, 1, &lx);
    free(specs);
    if (status)
        return status;
    size_t n_lex = slant_lexset_count(lx.set);
    const char *path = slant_cli_db_path(dbpath);
    struct slant_store *st = NULL;
    /* opening for writing would create an empty database: scoring one that
     * is not there is a mistake in the path */
    struct stat sb;
    if (stat(path, &sb) != 0) {
        slant_diag(cli->diag, SLANT_FATAL, path, 0, "no database here: %s", strerror(errno));
        slant_cli_lexicons_release(&lx);
        return SLANT_EXIT_SYSTEM;
    }
    if ((status = slant_cli_open_db(cli, path, 0, &st))) {
        slant_cli_lexicons_release(&lx);
        return status;
    }
    const struct slant_store_lex **sl = slant_xcalloc(n_lex ? n_lex : 1, sizeof(*sl));
    struct lex_note *notes = slant_xcalloc(n_lex ? n_lex : 1, sizeof(*notes));
    double t0 = now_seconds();
    size_t n_docs = 0;
    int progress = cli->err_is_tty && !quiet;

    int rc = slant_store_batch_begin(st, "score");
    if (rc < 0) {
        status = db_fail(cli, st, "cannot start the batch", rc);
        goto out;
    }
    for (size_t l = 0; l < n_lex && rc == 0; l++) {
        const struct slant_lexicon *lex = slant_lexset_get(lx.set, l);
        rc = old_hash(slant_store_db(st), lex->name, notes[l].old_hash);
        if (rc == 0)
            rc = slant_store_lexicon_sync(st, lex, lx.sources[l], &sl[l]);
    }
    if (rc == 0)
        rc = score_all(cli, st, lx.set, sl, notes, progress, &n_docs, t0);
    slant_diag_status_clear(cli->diag);
    if (rc == 0) {
        struct slant_batch_counts bc = {0, 0, 0};
        rc = slant_store_batch_commit(st, "ok", &bc);
    } else {
        slant_store_batch_abort(st);
    }
    if (rc < 0) {
        status = db_fail(cli, st, "score failed, nothing changed", rc);
        goto out;
    }
    if (!quiet) {
        double secs = now_seconds() - t0;
        for (size_t l = 0; l < n_lex; l++) {
            const struct slant_lexicon *lex = slant_lexset_get(lx.set, l);
            const char *was = !notes[l].old_hash[0]                       ? "new in the database"
                              : strcmp(notes[l].old_hash, lex->hash) == 0 ? "same version"
                                                                          : "replaced version ";
            fprintf(cli->err, "slant: %s %s: %zu hits (%s%s)\n", lex->name, lex->hash,
                    notes[l].hits, was,
                    notes[l].old_hash[0] && strcmp(notes[l].old_hash, lex->hash) != 0
                        ? notes[l].old_hash
                        : "");
        }
        fprintf(cli->err,
                "slant: scored %zu documents with %zu lexicon%s in %.2f s (%.0f docs/s)\n", n_docs,
                n_lex, n_lex == 1 ? "" : "s", secs, secs > 0 ? (double)n_docs / secs : 0.0);
    }
out:
    free(sl);
    free(notes);
    slant_store_close(st);
    slant_cli_lexicons_release(&lx);
    return status;
}
