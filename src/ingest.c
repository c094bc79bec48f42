/*
 * ingest.c - the ingest engine (see include/slant/ingest.h).
 *
 * Threads: every thread, the calling one included, does whatever is there
 * to do, in this order: write the oldest finished jobs to the store (one
 * thread at a time, in input order), else read the next record into a free
 * slot of the ring and analyse it (reading one thread at a time).  There is
 * no dedicated reader or writer thread: with one of each beside the workers
 * there were more threads than cores, every hand-over between them waited
 * for the scheduler, and the workers sat idle for a third of an ingest
 * while a descheduled writer held the ring full.  One mutex guards the ring
 * and the `reading` and `writing` flags, which give the corpus and the store
 * to one thread at a time; the expensive work happens outside the lock.  The
 * diagnostics sink is shared (it locks).
 *
 * With lexicons, the thread that analyses a document also formats its row
 * of scores, while the hits are in its cache, and the writer stores the
 * text.  (Hits handed to the writer in arrays that went round the ring's
 * jobs were written to memory out of the cache: on two copies of
 * ukraine-2022, 0.38 M last-level misses writing hits, against 0.02 M.)
 */
#include "slant/ingest.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slant/analyze.h"
#include "slant/boiler.h"
#include "slant/hash.h"
#include "slant/utf8.h"
#include "slant/xalloc.h"

/* ------------------------------------------------------------------------ */
/* Jobs and the ring                                                         */
/* ------------------------------------------------------------------------ */

enum job_state { JOB_FREE = 0, JOB_BUSY, JOB_DONE };

struct job {
    enum job_state state;
    /* from the reader: the record's strings, NUL-terminated, in `meta` (kept
     * between jobs, so that a record costs no malloc); NULL when empty, except
     * outlet and source */
    struct slant_buf meta;
    char *source; /* "path:line" */
    char *path;
    unsigned long line;
    char *outlet, *ext_id, *title, *date, *url, *lang;
    size_t outlet_len, ext_id_len, title_len, date_len, url_len;
    struct slant_buf raw; /* text as read */
    size_t n_replaced;
    /* from the worker */
    struct slant_buf text; /* cleaned text, the one stored */
    size_t n_boiler;
    int empty;  /* nothing left: rejected */
    int failed; /* negative code from the analyzer */
    char hash[33];
    unsigned space;           /* the analyzing thread's number, from 1 (slant_doc_row.space) */
    struct slant_analysis an; /* counts point into the array below; no hits */
    struct slant_count *counts;
    size_t counts_cap;
    /* with lexicons: the document's row of scores, formatted by the
     * analysing thread while the hits are in its cache (the hits
     * themselves, three times the bytes, stay with the analyzer) */
    struct slant_buf scores;
};

#define RING 64
/* A record's strings other than its text (path, outlet, title, ...) come
 * from one input line or file name */
#define META_CAP (2 * SLANT_CORPUS_LINE_CAP)
/* seconds between two progress reports; the first comes with the first
 * document stored, so that a terminal sees the ingest start, however short */
#define PROGRESS_EVERY 0.25

struct outlet_cache {
    struct slant_outlet_summary *sum; /* one per outlet seen */
    int64_t *ids;
    size_t n, cap;
};

struct engine {
    const struct slant_ingest_opts *o;
    pthread_mutex_t mu;    /* the ring and the flags below */
    pthread_cond_t change; /* a job done, a slot freed, reading or writing ended, eof, stop */
    struct job ring[RING];
    size_t next_read, next_write; /* sequence numbers */
    int stop;                     /* an error: everyone stops */
    int eof;                      /* the corpus has no more records */
    int writing;                  /* a thread holds the writer's part */
    int reading;                  /* a thread holds the reader's part */
    int waiting;                  /* threads waiting on `change` */
    int rc;                       /* the first error */
    /* the reader's part, used by the thread that set `reading` */
    struct slant_corpus *corpus;
    size_t bytes_read;              /* copied from the reader, under mu */
    struct slant_boiler_seen *seen; /* lines repeated across an outlet's documents */
    /* the writer's part, used by the thread that set `writing` */
    struct slant_store *st;
    struct outlet_cache oc;
    /* per lexicon, its stored version: set before the threads start, then
     * read by every thread (to format scores) */
    const struct slant_store_lex **lm;
    size_t n_lex;
    struct slant_diag *diag;
    struct slant_ingest_result *res;
    size_t handled;
    double t0, last_progress;
    size_t bytes_total;
};

static struct slant_slice slice_of(const char *p, size_t len)
{
    struct slant_slice s = {p ? p : "", p ? len : 0};
    return s;
}

/* Forget the record; the job's buffers and arrays are kept for the next. */
static void job_clear(struct job *j)
{
    j->source = j->path = j->outlet = j->ext_id = j->title = j->date = j->url = j->lang = NULL;
    memset(&j->an, 0, sizeof(j->an));
    slant_buf_reset(&j->meta);
    slant_buf_reset(&j->raw);
    slant_buf_reset(&j->text);
    slant_buf_reset(&j->scores);
    j->n_replaced = j->n_boiler = 0;
    j->empty = j->failed = 0;
    j->state = JOB_FREE;
}

static void job_release(struct job *j)
{
    job_clear(j);
    slant_buf_release(&j->meta);
    slant_buf_release(&j->raw);
    slant_buf_release(&j->text);
    slant_buf_release(&j->scores);
    free(j->counts);
}

/* Keep the analyzer's counts (its arrays are overwritten by its next run)
 * in the job's own array, grown as needed and kept between jobs. */
static void job_keep_analysis(struct job *j, const struct slant_analysis *src)
{
    j->an = *src;
    if (src->n_counts > j->counts_cap) {
        j->counts_cap = src->n_counts + src->n_counts / 2;
        free(j->counts);
        j->counts = slant_xreallocarray(NULL, j->counts_cap, sizeof(*j->counts));
    }
    if (src->n_counts)
        memcpy(j->counts, src->counts, src->n_counts * sizeof(*src->counts));
    j->an.counts = j->counts;
    j->an.hits = NULL; /* (formatted in j->scores) */
}

static int all_space(struct slant_slice s)
{
    return slant_slice_trim(s).len == 0;
}

/* The worker's part: clean, hash, analyse, and format the scores (with
 * fmt, the thread's own scratch space). */
static void process(struct engine *e, struct slant_analyzer *an, struct slant_scores_fmt *fmt,
                    struct job *j)
{
    if (j->failed)
        return;
    struct slant_boiler_stats bs = {0};
    struct slant_slice raw = slant_buf_slice(&j->raw);
    slant_buf_reset(&j->text);
    struct slant_slice outlet = {j->outlet, j->outlet_len};
    int rc = slant_boiler_clean_seen(raw, e->o->keep_boilerplate, e->seen, outlet, &j->text, &bs);
    if (rc < 0) {
        j->failed = rc;
        return;
    }
    j->n_boiler = bs.lines_removed;
    struct slant_slice text = slant_buf_slice(&j->text);
    if (all_space(text)) {
        j->empty = 1;
        return;
    }
    slant_text_hash(text, j->hash);
    struct slant_analysis tmp;
    rc = slant_analyzer_run(an, text, j->lang ? j->lang : e->o->corpus.lang, &tmp);
    if (rc < 0) {
        j->failed = rc;
        return;
    }
    /* (the stored lexicons, e->lm, are set before the threads start) */
    if (e->n_lex > 0 &&
        (rc = slant_scores_format(fmt, e->lm, e->n_lex, tmp.hits, tmp.n_hits, &j->scores)) < 0) {
        j->failed = rc;
        return;
    }
    job_keep_analysis(j, &tmp);
}

/* ------------------------------------------------------------------------ */
/* The writer                                                                */
/* ------------------------------------------------------------------------ */

static size_t outlet_index(struct outlet_cache *oc, const char *name, size_t len)
{
    for (size_t i = 0; i < oc->n; i++)
        if (strlen(oc->sum[i].name) == len && memcmp(oc->sum[i].name, name, len) == 0)
            return i;
    if (oc->n == oc->cap) {
        oc->cap = oc->cap ? oc->cap * 2 : 16;
        oc->sum = slant_xreallocarray(oc->sum, oc->cap, sizeof(*oc->sum));
        oc->ids = slant_xreallocarray(oc->ids, oc->cap, sizeof(*oc->ids));
    }
    memset(&oc->sum[oc->n], 0, sizeof(oc->sum[0]));
    oc->sum[oc->n].name = slant_xstrndup(name, len);
    oc->ids[oc->n] = 0;
    return oc->n++;
}

/* The writer's part for one job: store it, or count and report its
 * rejection.  Uses the engine's writer state (see struct engine). */
static int write_job(struct engine *e, struct job *j)
{
    struct slant_store *st = e->st;
    struct outlet_cache *oc = &e->oc;
    size_t n_lex = e->n_lex;
    struct slant_diag *diag = e->diag;
    struct slant_ingest_result *res = e->res;
    size_t oi = outlet_index(oc, j->outlet, j->outlet_len);
    struct slant_outlet_summary *os = &oc->sum[oi];
    if (j->failed) {
        if (j->failed == SLANT_ETOOBIG) {
            slant_diag(diag, SLANT_ERROR, j->path, j->line, "document too large: %s",
                       slant_strerror(j->failed));
            os->n_rejected++;
            res->n_rejected++;
            return 0;
        }
        return j->failed;
    }
    if (j->empty) {
        slant_diag(diag, SLANT_ERROR, j->path, j->line, "empty document%s: nothing to store",
                   j->n_boiler ? " (only page furniture)" : "");
        os->n_rejected++;
        res->n_rejected++;
        return 0;
    }
    int rc;
    if (!oc->ids[oi]) {
        struct slant_slice name = {j->outlet, j->outlet_len};
        if ((rc = slant_store_outlet(st, name, &oc->ids[oi])) < 0)
            return rc;
    }
    int found = 0, elsewhere = 0;
    if ((rc = slant_store_doc_lookup(st, oc->ids[oi], j->hash, &found, &elsewhere)) < 0)
        return rc;
    if (found) {
        os->n_duplicate++;
        res->n_duplicate++;
        return 0;
    }
    if (elsewhere) {
        slant_diag(diag, SLANT_NOTE, j->path, j->line,
                   "same text already stored under %d other outlet%s (syndication): stored "
                   "for this outlet too",
                   elsewhere, elsewhere == 1 ? "" : "s");
        os->n_syndicated++;
        res->n_syndicated++;
    }
    struct slant_doc_row row = {
        .outlet_id = oc->ids[oi],
        .ext_id = slice_of(j->ext_id, j->ext_id_len),
        .title = slice_of(j->title, j->title_len),
        .date = slice_of(j->date, j->date_len),
        .url = slice_of(j->url, j->url_len),
        .source = j->source,
        .lang = j->an.lang,
        .text = slant_buf_slice(&j->text),
        .hash = j->hash,
        .n_tokens = j->an.n_tokens,
        .n_numbers = j->an.n_numbers,
        .n_sentences = j->an.n_sentences,
        .n_paragraphs = j->an.n_paragraphs,
        .n_boilerplate = j->n_boiler,
        .n_replaced = j->n_replaced + j->an.n_replaced,
        .n_truncated = j->an.n_truncated,
        .space = j->space,
    };
    int64_t doc_id;
    if ((rc = slant_store_doc_add(st, &row, j->an.counts, j->an.n_counts, &doc_id)) < 0)
        return rc;
    if (n_lex > 0 && (rc = slant_store_doc_scores_put(st, doc_id, slant_buf_slice(&j->scores),
                                                      &j->an.match)) < 0)
        return rc;
    if (j->an.n_truncated)
        slant_diag(diag, SLANT_WARNING, j->path, j->line,
                   "%zu word%s longer than %d bytes cut for counting", j->an.n_truncated,
                   j->an.n_truncated == 1 ? "" : "s", SLANT_TOKEN_MAX);
    os->n_new++;
    os->tokens += j->an.n_tokens;
    os->boilerplate += j->n_boiler;
    os->replaced += row.n_replaced;
    res->n_new++;
    res->tokens += j->an.n_tokens;
    res->boilerplate += j->n_boiler;
    res->replaced += row.n_replaced;
    res->hits += j->an.n_hits;
    res->unbalanced_quotes += j->an.match.unbalanced;
    return 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_summary(const void *a, const void *b)
{
    return strcmp(((const struct slant_outlet_summary *)a)->name,
                  ((const struct slant_outlet_summary *)b)->name);
}

/* Append [p, p+len) and a NUL to the job's strings; the offset of the copy. */
static size_t meta_add(struct job *j, const char *p, size_t len, int *rc)
{
    size_t off = j->meta.len;
    if ((len && slant_buf_add(&j->meta, p, len) < 0) || slant_buf_addc(&j->meta, '\0') < 0)
        *rc = SLANT_ETOOBIG;
    return off;
}

/* The copy at off, NULL for an empty string (as the writer expects). */
static char *meta_at(struct job *j, size_t off, size_t len)
{
    return len ? j->meta.p + off : NULL;
}

/* Copy a record into a free job. */
static void fill_job(struct job *j, const struct slant_record *r)
{
    char num[32];
    int nl = snprintf(num, sizeof(num), ":%lu", r->line);
    size_t pl = strlen(r->path);
    int rc = 0;
    slant_buf_reset(&j->meta);
    /* offsets first: the buffer may move while it grows */
    size_t source = j->meta.len;
    if (slant_buf_add(&j->meta, r->path, pl) < 0 || slant_buf_add(&j->meta, num, (size_t)nl) < 0 ||
        slant_buf_addc(&j->meta, '\0') < 0)
        rc = SLANT_ETOOBIG;
    size_t path = meta_add(j, r->path, pl, &rc);
    size_t outlet = meta_add(j, r->outlet.p, r->outlet.len, &rc);
    size_t ext_id = meta_add(j, r->id.p, r->id.len, &rc);
    size_t title = meta_add(j, r->title.p, r->title.len, &rc);
    size_t date = meta_add(j, r->date.p, r->date.len, &rc);
    size_t url = meta_add(j, r->url.p, r->url.len, &rc);
    size_t lang = meta_add(j, r->lang.p, r->lang.len, &rc);
    if (rc < 0) {
        /* cannot happen below the cap set in slant_ingest_run; keep the
         * writer's strings valid all the same */
        slant_buf_reset(&j->meta);
        slant_buf_addc(&j->meta, '\0');
        source = path = outlet = ext_id = title = date = url = lang = 0;
        pl = 0;
    }
    j->source = j->meta.p + source;
    j->path = j->meta.p + path;
    j->line = r->line;
    j->outlet = j->meta.p + outlet; /* never NULL: "" when empty */
    j->outlet_len = rc < 0 ? 0 : r->outlet.len;
    j->ext_id_len = rc < 0 ? 0 : r->id.len;
    j->ext_id = meta_at(j, ext_id, j->ext_id_len);
    j->title_len = rc < 0 ? 0 : r->title.len;
    j->title = meta_at(j, title, j->title_len);
    j->date_len = rc < 0 ? 0 : r->date.len;
    j->date = meta_at(j, date, j->date_len);
    j->url_len = rc < 0 ? 0 : r->url.len;
    j->url = meta_at(j, url, j->url_len);
    j->lang = meta_at(j, lang, rc < 0 ? 0 : r->lang.len);
    slant_buf_reset(&j->raw);
    j->failed = rc < 0 ? rc : slant_buf_add(&j->raw, r->text.p, r->text.len);
    j->n_replaced = r->n_replaced;
}

/*
 * The pre-pass of the across-documents boilerplate rule: read the batch once
 * to learn which short lines repeat across documents of one outlet, so that
 * the result does not depend on the order of documents.  Only documents with
 * more than one line can hold such a line; problems are reported by the
 * main pass, not here.
 */
static struct slant_boiler_seen *prepass(const struct slant_ingest_opts *o, char *const *paths,
                                         size_t n_paths)
{
    struct slant_boiler_seen *seen = slant_boiler_seen_new(0);
    struct slant_corpus_opts co = o->corpus;
    co.multiline_only = 1; /* JSONL lines without \n are not even parsed */
    struct slant_corpus *c = slant_corpus_new(&co, NULL);
    if (!c)
        return seen;
    for (size_t i = 0; i < n_paths; i++)
        slant_corpus_add_path(c, paths[i]);
    struct slant_record r;
    int got;
    while ((got = slant_corpus_next(c, &r)) != 0) {
        if (got > 0 && memchr(r.text.p, '\n', r.text.len))
            slant_boiler_seen_add(seen, r.outlet, r.text);
    }
    slant_corpus_free(c);
    return seen;
}

/* ------------------------------------------------------------------------ */
/* The threads                                                               */
/* ------------------------------------------------------------------------ */

/* Wake the threads waiting for something to do, if any. */
static void wake(struct engine *e)
{
    if (e->waiting)
        pthread_cond_broadcast(&e->change);
}

/*
 * The writer's part: write the finished jobs at the head of the ring, in
 * input order, until the head is not finished.  Called with mu held, the
 * head job DONE and nobody writing; returns with mu held.
 */
static void write_ready(struct engine *e)
{
    e->writing = 1;
    while (!e->stop && e->next_write < e->next_read &&
           e->ring[e->next_write % RING].state == JOB_DONE) {
        struct job *j = &e->ring[e->next_write % RING];
        size_t bytes_read = e->bytes_read;
        pthread_mutex_unlock(&e->mu);
        int rc = write_job(e, j);
        e->handled++;
        double t = now_seconds();
        if (rc == 0 && e->o->progress && t - e->last_progress >= PROGRESS_EVERY) {
            struct slant_ingest_progress p = {e->handled, bytes_read, e->bytes_total, t - e->t0};
            e->o->progress(e->o->progress_ctx, &p);
            e->last_progress = t;
        }
        pthread_mutex_lock(&e->mu);
        job_clear(j);
        e->next_write++; /* room in the ring for a reader */
        if (rc < 0) {
            e->rc = rc;
            e->stop = 1;
        }
        wake(e);
    }
    e->writing = 0;
    wake(e);
}

/*
 * The reader's part, then the analysis: read the next record into the free
 * slot after the last one read, and analyse it.  Called with mu held, the
 * ring not full, the corpus not at its end and nobody reading; returns with
 * mu held.
 */
/* A thread of the ingest, the calling one included. */
struct worker {
    struct engine *e;
    struct slant_analyzer *an;
    struct slant_scores_fmt *fmt;
    unsigned space; /* its number, from 1: its stemmer's ids in the store */
    pthread_t tid;
};

static void read_and_process(struct engine *e, const struct worker *w)
{
    e->reading = 1;
    /* the slot is free (the ring is not full) and stays ours: only the
     * reader moves next_read, and the writer never passes it */
    struct job *j = &e->ring[e->next_read % RING];
    pthread_mutex_unlock(&e->mu);
    struct slant_record r;
    int got;
    while ((got = slant_corpus_next(e->corpus, &r)) < 0)
        ; /* an unreadable file: reported; go on with the next */
    if (got > 0)
        fill_job(j, &r);
    size_t bytes_read = slant_corpus_bytes_read(e->corpus);
    pthread_mutex_lock(&e->mu);
    e->reading = 0;
    e->bytes_read = bytes_read;
    if (got == 0) {
        e->eof = 1;
        wake(e);
        return;
    }
    j->state = JOB_BUSY;
    e->next_read++;
    wake(e); /* the corpus is free for another reader */
    pthread_mutex_unlock(&e->mu);
    j->space = w->space;
    process(e, w->an, w->fmt, j);
    pthread_mutex_lock(&e->mu);
    j->state = JOB_DONE;
    if (j == &e->ring[e->next_write % RING])
        wake(e); /* a thread may wait to write it */
}

/* Put the lexicons in the store, which gives the ids the hits are written
 * with. */
static int sync_lexicons(struct engine *e)
{
    int rc = 0;
    for (size_t l = 0; l < e->n_lex && rc == 0; l++) {
        struct slant_slice src =
            e->o->lexicon_sources ? e->o->lexicon_sources[l] : (struct slant_slice){"", 0};
        rc = slant_store_lexicon_sync(e->st, slant_lexset_get(e->o->lexicons, l), src, &e->lm[l]);
    }
    return rc;
}

struct compile_job {
    struct slant_lexset *set;
    int rc;
};

static void *compile_main(void *arg)
{
    struct compile_job *c = arg;
    c->rc = slant_lexset_compile(c->set, NULL);
    return NULL;
}

/*
 * Before the threads start: the lexicons stored, and compiled if they are
 * not yet.  With more than one thread, a second thread compiles while this
 * one stores: with 100,000 patterns, each takes about a tenth of a second,
 * and no document can be analysed or written before both are done (a
 * document's hits are written with the ids storing gives).  Compiling
 * leaves alone what storing reads (slant_lexset_compiled).
 */
static int prepare_lexicons(struct engine *e, struct slant_lexset *set, int n_threads)
{
    struct compile_job c = {set, 0};
    int compile = set && !slant_lexset_compiled(set);
    pthread_t tid;
    int threaded = compile && n_threads > 1 && pthread_create(&tid, NULL, compile_main, &c) == 0;
    if (compile && !threaded)
        compile_main(&c);
    /* (c.rc is read after the compiling thread ends) */
    int rc = threaded || c.rc == 0 ? sync_lexicons(e) : 0;
    if (threaded)
        pthread_join(tid, NULL);
    if (rc == 0 && c.rc < 0) {
        slant_diag(e->diag, SLANT_FATAL, NULL, 0, "cannot compile lexicons: %s",
                   slant_strerror(c.rc));
        rc = c.rc;
    }
    return rc;
}

/* One thread's loop: write, else read and analyse, else wait. */
static void run(struct engine *e, const struct worker *w)
{
    pthread_mutex_lock(&e->mu);
    while (!e->stop) {
        if (!e->writing && e->next_write < e->next_read &&
            e->ring[e->next_write % RING].state == JOB_DONE) {
            write_ready(e);
        } else if (!e->reading && !e->eof && e->next_read - e->next_write < RING) {
            read_and_process(e, w);
        } else if (e->eof && !e->reading && e->next_write == e->next_read) {
            break; /* everything read is written */
        } else {
            e->waiting++;
            pthread_cond_wait(&e->change, &e->mu);
            e->waiting--;
        }
    }
    pthread_mutex_unlock(&e->mu);
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    run(w->e, w);
    return NULL;
}

int slant_ingest_run(struct slant_store *st, const struct slant_ingest_opts *o, char *const *paths,
                     size_t n_paths, struct slant_diag *diag, struct slant_ingest_result *res)
{
    memset(res, 0, sizeof(*res));
    int rc = 0;
    struct engine e;
    memset(&e, 0, sizeof(e));
    e.o = o;
    e.t0 = now_seconds();
    e.last_progress = e.t0 - PROGRESS_EVERY; /* the first document reports at once */
    e.st = st;
    e.diag = diag;
    e.res = res;
    pthread_mutex_init(&e.mu, NULL);
    pthread_cond_init(&e.change, NULL);
    for (size_t i = 0; i < RING; i++) {
        slant_buf_init(&e.ring[i].meta, META_CAP);
        slant_buf_init(&e.ring[i].raw, SLANT_CORPUS_LINE_CAP);
        slant_buf_init(&e.ring[i].text, SLANT_CORPUS_LINE_CAP);
        slant_buf_init(&e.ring[i].scores, 0);
    }
    const struct slant_store_lex **lm = NULL;
    size_t n_lex = o->lexicons ? slant_lexset_count(o->lexicons) : 0;
    int n_threads = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (n_threads < 1)
        n_threads = 1;
    if (n_threads > SLANT_STORE_SPACES) /* a space per thread */
        n_threads = SLANT_STORE_SPACES;
    /* w[0] is the calling thread */
    struct worker *w = slant_xcalloc((size_t)n_threads, sizeof(*w));
    int started = 0;

    struct slant_corpus *c = slant_corpus_new(&o->corpus, diag);
    if (!c) {
        rc = SLANT_EINVAL;
        goto out;
    }
    for (size_t i = 0; i < n_paths; i++)
        slant_corpus_add_path(c, paths[i]); /* problems reported and counted */

    if ((rc = slant_store_batch_begin(st, o->command ? o->command : "ingest")) < 0)
        goto out;
    if (n_lex)
        lm = slant_xcalloc(n_lex, sizeof(*lm));
    e.lm = lm;
    e.n_lex = n_lex;
    if ((rc = prepare_lexicons(&e, o->lexicons, n_threads)) < 0)
        goto out;
    e.corpus = c;
    e.seen = prepass(o, paths, n_paths);
    e.bytes_total = slant_corpus_bytes_total(c);

    for (int i = 0; i < n_threads; i++) {
        w[i].e = &e;
        w[i].an = slant_analyzer_new(o->lexicons);
        w[i].fmt = slant_scores_fmt_new();
        w[i].space = (unsigned)i + 1;
    }
    for (int i = 1; i < n_threads; i++) {
        if (pthread_create(&w[i].tid, NULL, worker_main, &w[i]) != 0)
            break; /* fewer threads: the work gets done all the same */
        started++;
    }
    run(&e, &w[0]);
    for (int i = 1; i <= started; i++)
        pthread_join(w[i].tid, NULL);
    if ((rc = e.rc) < 0)
        goto out;
    res->n_rejected += slant_corpus_rejected(c);
    res->bytes = slant_corpus_bytes_read(c);
    {
        struct slant_batch_counts bc = {res->n_new, res->n_duplicate, res->n_rejected};
        rc = slant_store_batch_commit(st, res->n_rejected ? "partial" : "ok", &bc);
    }
out:
    if (rc < 0)
        slant_store_batch_abort(st);
    for (int i = 0; i < n_threads; i++) {
        slant_analyzer_free(w[i].an);
        slant_scores_fmt_free(w[i].fmt);
    }
    free(w);
    for (size_t i = 0; i < RING; i++)
        job_release(&e.ring[i]);
    pthread_mutex_destroy(&e.mu);
    pthread_cond_destroy(&e.change);
    slant_corpus_free(c);
    slant_boiler_seen_free(e.seen);
    free(lm);
    free(e.oc.ids);
    res->outlets = e.oc.sum;
    res->n_outlets = e.oc.n;
    if (res->n_outlets)
        qsort(res->outlets, res->n_outlets, sizeof(*res->outlets), cmp_summary);
    res->seconds = now_seconds() - e.t0;
    return rc;
}

void slant_ingest_result_release(struct slant_ingest_result *res)
{
    for (size_t i = 0; i < res->n_outlets; i++)
        free(res->outlets[i].name);
    free(res->outlets);
    memset(res, 0, sizeof(*res));
}
