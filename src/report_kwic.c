/*
 * report_kwic.c - concordance lines (KWIC) and the side-by-side event view.
 *
 * Both read stored text and cut pieces of it, so both need the quotation
 * spans of a document, which the database does not keep: the document is
 * tokenized again and its tokens pushed through a matcher without lexicons,
 * which resolves quotations exactly as at ingest (the tokenizer is
 * deterministic and quotation resolution does not depend on the lexicons).
 *
 * Concordance lines come from one of two places:
 *   - the hits table (--frame, and the report's per-frame examples), so the
 *     lines are the hits every count was made of;
 *   - a pattern given on the command line: a one-pattern lexicon, plus the
 *     database's own copy of the `attribution` lexicon for the voice cues,
 *     run through the analyzer over the stored texts, so voice, negation and
 *     distancing are judged as ingest would have judged them.
 *
 * The event view takes, per outlet, the paragraphs (lines of the stored
 * text) that hold the event word as a whole word (case-folded like every
 * word), or every paragraph when only a date window is given: the first
 * EVENT_PER_OUTLET of them by date (undated documents first, and left out
 * by any window), document and position.  A paragraph over EVENT_PAR_MAX
 * bytes (flattened articles are one line) is cut to the sentences around
 * its first mention.  Hits of the chosen lexicons wholly inside the excerpt
 * and the quotations overlapping it come with it.
 *
 * Offsets: contexts are cut at UTF-8 character boundaries and control
 * characters (line breaks included) are replaced one byte for one byte by
 * spaces, so every offset into left/match/right is an offset into the
 * stored text minus the start of `left`.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "slant/analyze.h"
#include "slant/fmt.h"
#include "slant/lexicon.h"
#include "slant/match.h"
#include "slant/stem.h"
#include "slant/tokenize.h"
#include "slant/xalloc.h"

#include "banned.h"

#define KWIC_WIDTH_DEFAULT 60
#define EVENT_PER_OUTLET 6  /* paragraphs per outlet in the event view */
#define EVENT_PAR_MAX 1200  /* bytes of one paragraph shown at most */
#define KWIC_LEXICON "kwic" /* names of the one-pattern lexicon and frame */
#define KWIC_FRAME "match"

/* ------------------------------------------------------------------------ */
/* Text helpers                                                              */
/* ------------------------------------------------------------------------ */

static int is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* The window [*from, *to) of at most width bytes on each side of
 * [start, end), its ends moved inwards to character boundaries. */
static void context_window(const char *text, size_t len, size_t start, size_t end, size_t width,
                           size_t *from, size_t *to)
{
    size_t a = start > width ? start - width : 0;
    while (a < start && is_cont((unsigned char)text[a]))
        a++;
    size_t b = len - end > width ? end + width : len;
    while (b > end && b < len && is_cont((unsigned char)text[b]))
        b--;
    *from = a;
    *to = b;
}

/* A copy in the arena with control characters (line breaks, tabs, NUL) shown
 * as spaces, byte for byte so that offsets still hold. */
static const char *flat_copy(struct slant_arena *a, const char *s, size_t len)
{
    char *p = slant_arena_strndup(a, s, len);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
            p[i] = ' ';
    return p;
}

/* The quotations overlapping [from, to), clipped to it and made relative to
 * from, into the arena. */
static void clip_quotes(struct slant_arena *a, const struct slant_quote *q, size_t nq, size_t from,
                        size_t to, size_t (**out)[2], size_t *n_out)
{
    size_t n = 0;
    for (size_t i = 0; i < nq; i++)
        if (q[i].byte_end > from && q[i].byte_start < to)
            n++;
    *out = NULL;
    *n_out = n;
    if (!n)
        return;
    size_t(*arr)[2] = slant_arena_alloc(a, n * sizeof(*arr));
    size_t k = 0;
    for (size_t i = 0; i < nq; i++) {
        if (q[i].byte_end <= from || q[i].byte_start >= to)
            continue;
        arr[k][0] = (q[i].byte_start > from ? q[i].byte_start : from) - from;
        arr[k][1] = (q[i].byte_end < to ? q[i].byte_end : to) - from;
        k++;
    }
    *out = arr;
}

/* A copy of s in the arena, reusing prev when it holds the same string
 * (names repeat from row to row). */
static const char *keep(struct slant_arena *a, const char *prev, const char *s)
{
    if (!s)
        s = "";
    if (prev && strcmp(prev, s) == 0)
        return prev;
    return slant_arena_strndup(a, s, strlen(s));
}

static const char *col_text(sqlite3_stmt *s, int i)
{
    const unsigned char *p = sqlite3_column_text(s, i);
    return p ? (const char *)p : "";
}

static int db_fail(struct slant_diag *diag, sqlite3 *db)
{
    slant_diag(diag, SLANT_FATAL, NULL, 0, "database query failed: %s", sqlite3_errmsg(db));
    return SLANT_EDB;
}

/* Whether the report covers lexicon `name`: the listed ones, else all but
 * the cue lexicon. */
static int lexicon_wanted(const struct slant_report *r, const char *name)
{
    if (r->opts.lexicons) {
        for (const char *const *l = r->opts.lexicons; *l; l++)
            if (strcmp(*l, name) == 0)
                return 1;
        return 0;
    }
    return strcmp(name, "attribution") != 0;
}

/* ------------------------------------------------------------------------ */
/* Quotations of a stored document                                           */
/* ------------------------------------------------------------------------ */

struct qscan {
    struct slant_tokenizer *tz;
    struct slant_matcher *m; /* over no lexicon: quotations only */
};

static void qscan_init(struct qscan *q)
{
    q->tz = slant_tokenizer_new();
    q->m = slant_matcher_new(NULL);
}

static void qscan_release(struct qscan *q)
{
    slant_tokenizer_free(q->tz);
    slant_matcher_free(q->m);
}

/* Tokenize text; fn (may be NULL) sees every token (the event view reads
 * sentences and words from them).  *out is valid until the next run. */
static int qscan_run(struct qscan *q, const char *text, size_t len,
                     void (*fn)(void *ctx, const struct slant_token *t), void *ctx,
                     const struct slant_quote **out, size_t *n)
{
    slant_matcher_begin(q->m);
    slant_tokenizer_reset(q->tz, text, len);
    struct slant_token t;
    int rc;
    while (slant_tokenizer_next(q->tz, &t)) {
        if (fn)
            fn(ctx, &t);
        if ((rc = slant_matcher_push(q->m, &t, NULL)) < 0)
            return rc;
    }
    if ((rc = slant_matcher_end(q->m)) < 0)
        return rc;
    *out = slant_matcher_quotes(q->m, n);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Concordance lines                                                         */
/* ------------------------------------------------------------------------ */

/* Rows being collected (malloc'd; copied into the arena at the end). */
struct rows {
    struct slant_kwic_row *v;
    size_t n, alloc;
};

static struct slant_kwic_row *rows_add(struct rows *rs)
{
    if (rs->n == rs->alloc) {
        rs->alloc = rs->alloc ? 2 * rs->alloc : 256;
        rs->v = slant_xreallocarray(rs->v, rs->alloc, sizeof(*rs->v));
    }
    struct slant_kwic_row *row = &rs->v[rs->n++];
    memset(row, 0, sizeof(*row));
    return row;
}

/* Fill the context strings and quoted spans of a row from its document. */
static void fill_context(struct slant_report *r, struct slant_kwic_row *row, const char *text,
                         size_t len, const struct slant_quote *q, size_t nq)
{
    struct slant_arena *a = slant_report_arena(r);
    size_t s = row->byte_start, e = row->byte_end;
    if (e > len) /* a database edited by hand: never read past the text */
        e = len;
    if (s > e)
        s = e;
    size_t from, to;
    context_window(text, len, s, e, r->opts.kwic_width, &from, &to);
    row->left = flat_copy(a, text + from, s - from);
    row->match = flat_copy(a, text + s, e - s);
    row->right = flat_copy(a, text + e, to - e);
    clip_quotes(a, q, nq, from, to, &row->quoted, &row->n_quoted);
}

struct doc_ref {
    int64_t doc;
    size_t idx;
};

static int cmp_doc_ref(const void *pa, const void *pb)
{
    const struct doc_ref *a = pa, *b = pb;
    if (a->doc != b->doc)
        return a->doc < b->doc ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Contexts of rows taken from the hits table: each document is read and
 * tokenized once, however many rows it has. */
static int fill_from_docs(sqlite3 *db, struct slant_report *r, struct rows *rs,
                          struct slant_diag *diag)
{
    if (rs->n == 0)
        return 0;
    struct doc_ref *refs = slant_xreallocarray(NULL, rs->n, sizeof(*refs));
    for (size_t i = 0; i < rs->n; i++)
        refs[i] = (struct doc_ref){rs->v[i].document, i};
    qsort(refs, rs->n, sizeof(*refs), cmp_doc_ref);
    sqlite3_stmt *s = NULL;
    struct qscan qs;
    qscan_init(&qs);
    int rc = 0;
    if (sqlite3_prepare_v2(db, "SELECT text FROM documents WHERE id = ?1", -1, &s, NULL) !=
        SQLITE_OK) {
        rc = db_fail(diag, db);
        goto out;
    }
    for (size_t i = 0; i < rs->n;) {
        size_t j = i;
        while (j < rs->n && refs[j].doc == refs[i].doc)
            j++;
        sqlite3_bind_int64(s, 1, refs[i].doc);
        int st = sqlite3_step(s);
        if (st != SQLITE_ROW) {
            rc = st == SQLITE_DONE ? SLANT_EINTERNAL : db_fail(diag, db);
            goto out;
        }
        const char *text = (const char *)sqlite3_column_blob(s, 0);
        size_t len = (size_t)sqlite3_column_bytes(s, 0);
        if (!text)
            text = "";
        const struct slant_quote *q = NULL;
        size_t nq = 0;
        if ((rc = qscan_run(&qs, text, len, NULL, NULL, &q, &nq)) < 0)
            goto out;
        for (size_t k = i; k < j; k++)
            fill_context(r, &rs->v[refs[k].idx], text, len, q, nq);
        sqlite3_reset(s);
        i = j;
    }
out:
    sqlite3_finalize(s);
    qscan_release(&qs);
    free(refs);
    return rc;
}

static const char hits_sql[] =
    "SELECT l.name, f.name, o.name, d.id, d.title, d.date, h.byte_start, h.byte_end, h.voice,"
    " h.negated, h.distanced"
    " FROM hits h JOIN frames f ON f.id = h.frame_id JOIN lexicons l ON l.id = h.lexicon_id"
    " JOIN documents d ON d.id = h.doc_id JOIN outlets o ON o.id = d.outlet_id"
    " WHERE (?1 IS NULL OR l.name = ?1) AND (?2 IS NULL OR f.name = ?2)"
    "  AND (?3 IS NULL OR o.name = ?3) AND (?4 IS NULL OR h.voice = ?4)"
    " ORDER BY l.name, f.name, o.name, d.id, h.byte_start, h.byte_end";

/* Whether any frame matches (lexicon may be NULL: any wanted lexicon). */
static int frame_exists(sqlite3 *db, struct slant_report *r, const char *lexicon, const char *frame,
                        int *found, struct slant_diag *diag)
{
    sqlite3_stmt *s = NULL;
    *found = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT l.name FROM frames f JOIN lexicons l ON l.id = f.lexicon_id"
                           " WHERE f.name = ?2 AND (?1 IS NULL OR l.name = ?1)",
                           -1, &s, NULL) != SQLITE_OK)
        return db_fail(diag, db);
    if (lexicon)
        sqlite3_bind_text(s, 1, lexicon, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, frame, -1, SQLITE_STATIC);
    int st;
    while ((st = sqlite3_step(s)) == SQLITE_ROW)
        if (lexicon || lexicon_wanted(r, col_text(s, 0)))
            *found = 1;
    sqlite3_finalize(s);
    return st == SQLITE_DONE ? 0 : db_fail(diag, db);
}

static int kwic_from_hits(sqlite3 *db, struct slant_report *r, struct rows *rs,
                          struct slant_diag *diag)
{
    struct slant_arena *a = slant_report_arena(r);
    const struct slant_report_opts *o = &r->opts;
    char *lexicon = NULL;
    const char *frame = NULL;
    sqlite3_stmt *s = NULL;
    int rc = 0;
    if (o->kwic_frame) {
        /* LEXICON/FRAME; lexicon names never hold '/', frame names may */
        const char *slash = strchr(o->kwic_frame, '/');
        if (slash) {
            lexicon = slant_xstrndup(o->kwic_frame, (size_t)(slash - o->kwic_frame));
            frame = slash + 1;
        } else {
            frame = o->kwic_frame;
        }
        int found = 0;
        if ((rc = frame_exists(db, r, lexicon, frame, &found, diag)) < 0)
            goto out;
        if (!found) {
            slant_diag(diag, SLANT_ERROR, NULL, 0,
                       "no frame '%s' in the database (frames are named LEXICON/FRAME; "
                       "'slant profile' lists them)",
                       o->kwic_frame);
            rc = SLANT_ENOTFOUND;
            goto out;
        }
    }
    if (sqlite3_prepare_v2(db, hits_sql, -1, &s, NULL) != SQLITE_OK) {
        rc = db_fail(diag, db);
        goto out;
    }
    if (lexicon)
        sqlite3_bind_text(s, 1, lexicon, -1, SQLITE_STATIC);
    if (frame)
        sqlite3_bind_text(s, 2, frame, -1, SQLITE_STATIC);
    if (o->outlet)
        sqlite3_bind_text(s, 3, o->outlet, -1, SQLITE_STATIC);
    if (o->kwic_voice != SLANT_VF_ALL)
        sqlite3_bind_text(s, 4, slant_voice_name(o->kwic_voice), -1, SQLITE_STATIC);
    const char *plex = NULL, *pframe = NULL, *poutlet = NULL, *ptitle = NULL, *pdate = NULL;
    size_t in_group = 0;
    int st;
    while ((st = sqlite3_step(s)) == SQLITE_ROW) {
        const char *lx = col_text(s, 0), *fr = col_text(s, 1), *ou = col_text(s, 2);
        if (!lexicon && !lexicon_wanted(r, lx))
            continue;
        int same =
            plex && strcmp(plex, lx) == 0 && strcmp(pframe, fr) == 0 && strcmp(poutlet, ou) == 0;
        in_group = same ? in_group + 1 : 1;
        if (o->kwic_limit && in_group > o->kwic_limit) {
            continue;
        }
        struct slant_kwic_row *row = rows_add(rs);
        row->lexicon = plex = keep(a, plex, lx);
        row->frame = pframe = keep(a, pframe, fr);
        row->outlet = poutlet = keep(a, poutlet, ou);
        row->document = sqlite3_column_int64(s, 3);
        row->title = ptitle = keep(a, ptitle, col_text(s, 4));
        row->date = pdate = keep(a, pdate, col_text(s, 5));
        sqlite3_int64 bs = sqlite3_column_int64(s, 6), be = sqlite3_column_int64(s, 7);
        row->byte_start = bs > 0 ? (size_t)bs : 0;
        row->byte_end = be > bs ? (size_t)be : row->byte_start;
        row->voice = slant_voice_parse(col_text(s, 8));
        if (row->voice < 0)
            row->voice = SLANT_VOICE_OWN;
        row->negated = sqlite3_column_int(s, 9) != 0;
        row->distanced = sqlite3_column_int(s, 10) != 0;
    }
    if (st != SQLITE_DONE)
        rc = db_fail(diag, db);
    sqlite3_finalize(s);
    if (rc == 0)
        rc = fill_from_docs(db, r, rs, diag);
out:
    free(lexicon);
    return rc;
}

/* The one-pattern lexicon and the database's attribution lexicon, compiled.
 * *kwic_index gets the pattern lexicon's index in the set. */
static int pattern_lexset(sqlite3 *db, const char *pattern, struct slant_diag *diag,
                          struct slant_lexset **out, size_t *kwic_index)
{
    *out = NULL;
    for (const unsigned char *p = (const unsigned char *)pattern; *p; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            slant_diag(diag, SLANT_ERROR, NULL, 0,
                       "a pattern is one line without control characters");
            return SLANT_EINVAL;
        }
    }
    struct slant_slice pat = slant_slice_trim(slant_slice_cstr(pattern));
    if (pat.len == 0) {
        slant_diag(diag, SLANT_ERROR, NULL, 0, "empty pattern");
        return SLANT_EINVAL;
    }
    struct slant_lexset *set = slant_lexset_new();
    struct slant_lexicon *lex = NULL;
    sqlite3_stmt *s = NULL;
    int rc = 0;
    /* the cue lexicon as ingest used it (the database keeps its source) */
    if (sqlite3_prepare_v2(db, "SELECT source, path FROM lexicons WHERE name = 'attribution'", -1,
                           &s, NULL) != SQLITE_OK) {
        rc = db_fail(diag, db);
        goto out;
    }
    int st = sqlite3_step(s);
    if (st == SQLITE_ROW) {
        const char *src = (const char *)sqlite3_column_blob(s, 0);
        size_t len = (size_t)sqlite3_column_bytes(s, 0);
        if ((rc = slant_lexicon_parse(set, col_text(s, 1), src ? src : "", len, diag, &lex)) < 0)
            goto out;
    } else if (st == SQLITE_DONE) {
        slant_diag(diag, SLANT_WARNING, NULL, 0,
                   "the database has no 'attribution' lexicon: no line is judged attributed");
    } else {
        rc = db_fail(diag, db);
        goto out;
    }
    /* Cyrillic patterns are stemmed as Russian, anything else as English */
    const char *lang = slant_detect_lang(pat);
    struct slant_buf b;
    slant_buf_init(&b, (size_t)1 << 20);
    if (slant_buf_printf(&b, "@lexicon " KWIC_LEXICON "\n@language %s\n[" KWIC_FRAME "]\n",
                         strcmp(lang, "ru") == 0 ? "ru" : "en") < 0 ||
        slant_buf_add(&b, pat.p, pat.len) < 0 || slant_buf_addc(&b, '\n') < 0) {
        slant_buf_release(&b);
        rc = SLANT_ETOOBIG;
        goto out;
    }
    /* problems are counted, not printed: their line numbers would refer to
     * text the user never wrote */
    rc = slant_lexicon_parse(set, "pattern", b.p, b.len, NULL, &lex);
    slant_buf_release(&b);
    if (rc < 0)
        goto out;
    if (lex->n_errors || lex->n_patterns != 1) {
        slant_diag(diag, SLANT_ERROR, NULL, 0,
                   "invalid pattern '%s': write word, =word, pre* or several of them "
                   "(lexicons/README.md, rule 19)",
                   pattern);
        rc = SLANT_EINVAL;
        goto out;
    }
    *kwic_index = slant_lexset_count(set) - 1;
    if ((rc = slant_lexset_compile(set, NULL)) < 0)
        goto out;
    *out = set;
    set = NULL;
out:
    sqlite3_finalize(s);
    slant_lexset_free(set);
    return rc;
}

static int kwic_from_pattern(sqlite3 *db, struct slant_report *r, struct rows *rs,
                             struct slant_diag *diag)
{
    struct slant_arena *a = slant_report_arena(r);
    const struct slant_report_opts *o = &r->opts;
    struct slant_lexset *set = NULL;
    size_t kwic_index = 0;
    int rc = pattern_lexset(db, o->kwic_pattern, diag, &set, &kwic_index);
    if (rc < 0)
        return rc;
    struct slant_analyzer *an = slant_analyzer_new(set);
    struct qscan qs;
    qscan_init(&qs);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT o.name, d.id, d.title, d.date, d.lang, d.text"
                           " FROM documents d JOIN outlets o ON o.id = d.outlet_id"
                           " WHERE (?1 IS NULL OR o.name = ?1) ORDER BY o.name, d.id",
                           -1, &s, NULL) != SQLITE_OK) {
        rc = db_fail(diag, db);
        goto out;
    }
    if (o->outlet)
        sqlite3_bind_text(s, 1, o->outlet, -1, SQLITE_STATIC);
    const char *poutlet = NULL, *ptitle = NULL, *pdate = NULL;
    const char *lexname = slant_arena_strndup(a, KWIC_LEXICON, strlen(KWIC_LEXICON));
    const char *framename = slant_arena_strndup(a, KWIC_FRAME, strlen(KWIC_FRAME));
    size_t in_outlet = 0;
    int st;
    while ((st = sqlite3_step(s)) == SQLITE_ROW) {
        const char *ou = col_text(s, 0);
        if (!poutlet || strcmp(poutlet, ou) != 0) {
            poutlet = slant_arena_strndup(a, ou, strlen(ou));
            in_outlet = 0;
        }
        if (o->kwic_limit && in_outlet >= o->kwic_limit)
            continue;
        const char *text = (const char *)sqlite3_column_blob(s, 5);
        size_t len = (size_t)sqlite3_column_bytes(s, 5);
        if (!text)
            text = "";
        struct slant_analysis res;
        if ((rc = slant_analyzer_run(an, (struct slant_slice){text, len}, col_text(s, 4), &res)) <
            0)
            goto out;
        const struct slant_quote *q = NULL;
        size_t nq = 0;
        int scanned = 0;
        for (size_t i = 0; i < res.n_hits; i++) {
            const struct slant_hit *h = &res.hits[i];
            if (h->lexicon != kwic_index)
                continue;
            if (o->kwic_voice != SLANT_VF_ALL && h->voice != o->kwic_voice)
                continue;
            if (o->kwic_limit && in_outlet >= o->kwic_limit)
                break;
            if (!scanned) {
                if ((rc = qscan_run(&qs, text, len, NULL, NULL, &q, &nq)) < 0)
                    goto out;
                scanned = 1;
            }
            struct slant_kwic_row *row = rows_add(rs);
            row->outlet = poutlet;
            row->lexicon = lexname;
            row->frame = framename;
            row->document = sqlite3_column_int64(s, 1);
            row->title = ptitle = keep(a, ptitle, col_text(s, 2));
            row->date = pdate = keep(a, pdate, col_text(s, 3));
            row->byte_start = h->byte_start;
            row->byte_end = h->byte_end;
            row->voice = h->voice;
            row->negated = h->negated;
            row->distanced = h->distanced;
            fill_context(r, row, text, len, q, nq);
            in_outlet++;
        }
    }
    if (st != SQLITE_DONE)
        rc = db_fail(diag, db);
out:
    sqlite3_finalize(s);
    qscan_release(&qs);
    slant_analyzer_free(an);
    slant_lexset_free(set);
    return rc;
}

int slant_report_build_kwic(struct slant_store *st, struct slant_report *r, struct slant_diag *diag)
{
    if (r->opts.kwic_width == 0)
        r->opts.kwic_width = KWIC_WIDTH_DEFAULT;
    sqlite3 *db = slant_store_db(st);
    struct rows rs = {0};
    int rc = r->opts.kwic_pattern ? kwic_from_pattern(db, r, &rs, diag)
                                  : kwic_from_hits(db, r, &rs, diag);
    r->kwic = NULL;
    r->n_kwic = 0;
    if (rc == 0 && rs.n) {
        r->kwic = slant_arena_alloc(slant_report_arena(r), rs.n * sizeof(*r->kwic));
        memcpy(r->kwic, rs.v, rs.n * sizeof(*r->kwic));
        r->n_kwic = rs.n;
    }
    free(rs.v);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* The event view                                                            */
/* ------------------------------------------------------------------------ */

/* A sentence of the document being read, and whether it names the word. */
struct esent {
    size_t start, end;
    uint32_t para;
    int mention;       /* the event word is in it */
    size_t mention_at; /* byte of its first mention */
};

struct escan {
    struct esent *v;
    size_t n, alloc;
    const char *word; /* folded event word, or NULL */
    size_t word_len;
    uint32_t sent; /* sentence index of v[n-1] */
};

static void on_token(void *ctx, const struct slant_token *t)
{
    struct escan *e = ctx;
    if (e->n == 0 || t->sent != e->sent) {
        if (e->n == e->alloc) {
            e->alloc = e->alloc ? 2 * e->alloc : 64;
            e->v = slant_xreallocarray(e->v, e->alloc, sizeof(*e->v));
        }
        e->v[e->n++] = (struct esent){t->start, t->end, t->para, 0, 0};
        e->sent = t->sent;
    }
    struct esent *s = &e->v[e->n - 1];
    s->end = t->end;
    if (e->word && !s->mention && (t->kind == SLANT_TOK_WORD || t->kind == SLANT_TOK_NUMBER) &&
        t->norm_len == e->word_len && memcmp(t->norm, e->word, e->word_len) == 0) {
        s->mention = 1;
        s->mention_at = t->start;
    }
}

struct ehit {
    size_t start, end;
    const char *lexicon, *frame;
    int voice;
};

struct epars {
    struct slant_event_par *v;
    size_t n, alloc;
};

/* The excerpt of sentences [a, b) of one paragraph: the whole paragraph when
 * short, else whole sentences around the first mention (from its sentence
 * on, then before it) as many as fit in EVENT_PAR_MAX bytes; a longer
 * sentence is cut around the mention at character boundaries. */
static void excerpt(const char *text, const struct esent *v, size_t a, size_t b, size_t *from,
                    size_t *to)
{
    size_t s = v[a].start, e = v[b - 1].end;
    if (e - s <= EVENT_PAR_MAX) {
        *from = s;
        *to = e;
        return;
    }
    size_t first = a;
    while (first < b && !v[first].mention)
        first++;
    if (first == b)
        first = a;
    s = v[first].start;
    e = v[first].end;
    for (size_t k = first + 1; k < b && v[k].end - s <= EVENT_PAR_MAX; k++)
        e = v[k].end;
    /* room left at the paragraph's end: sentences before the mention */
    for (size_t k = first; k > a && e - v[k - 1].start <= EVENT_PAR_MAX; k--)
        s = v[k - 1].start;
    if (e - s > EVENT_PAR_MAX) {
        /* one long sentence: a window on the mention, inside the sentence */
        size_t ss = v[first].start, se = v[first].end;
        size_t m = v[first].mention ? v[first].mention_at : ss;
        s = m - ss > EVENT_PAR_MAX / 2 ? m - EVENT_PAR_MAX / 2 : ss;
        if (se - s < EVENT_PAR_MAX)
            s = se - EVENT_PAR_MAX;
        e = s + EVENT_PAR_MAX;
        while (s > ss && is_cont((unsigned char)text[s]))
            s--;
        while (e > s && e < se && is_cont((unsigned char)text[e]))
            e--;
    }
    *from = s;
    *to = e;
}

static int load_doc_hits(sqlite3_stmt *hs, struct slant_report *r, int64_t doc, struct ehit **v,
                         size_t *n, size_t *alloc)
{
    struct slant_arena *a = slant_report_arena(r);
    *n = 0;
    sqlite3_bind_int64(hs, 1, doc);
    int st;
    const char *plex = NULL, *pframe = NULL;
    while ((st = sqlite3_step(hs)) == SQLITE_ROW) {
        const char *lx = col_text(hs, 2);
        if (!lexicon_wanted(r, lx))
            continue;
        if (*n == *alloc) {
            *alloc = *alloc ? 2 * *alloc : 64;
            *v = slant_xreallocarray(*v, *alloc, sizeof(**v));
        }
        struct ehit *h = &(*v)[(*n)++];
        sqlite3_int64 bs = sqlite3_column_int64(hs, 0), be = sqlite3_column_int64(hs, 1);
        h->start = bs > 0 ? (size_t)bs : 0;
        h->end = be > bs ? (size_t)be : h->start;
        h->lexicon = plex = keep(a, plex, lx);
        h->frame = pframe = keep(a, pframe, col_text(hs, 3));
        h->voice = slant_voice_parse(col_text(hs, 4));
        if (h->voice < 0)
            h->voice = SLANT_VOICE_OWN;
    }
    sqlite3_reset(hs);
    return st == SQLITE_DONE ? 0 : SLANT_EDB;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" */
static int iso_date_prefix(const char *d)
{
    static const char shape[] = "dddd-dd-dd";
    size_t n = strlen(d);
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (shape[i] == 'd' ? !(d[i] >= '0' && d[i] <= '9') : d[i] != '-')
            return 0;
    }
    return 1;
}

int slant_report_build_event(struct slant_store *st, struct slant_report *r,
                             struct slant_diag *diag)
{
    const struct slant_report_opts *o = &r->opts;
    struct slant_arena *a = slant_report_arena(r);
    sqlite3 *db = slant_store_db(st);
    r->event = NULL;
    r->n_event = 0;
    struct slant_slice w = slant_slice_trim(slant_slice_cstr(o->event_word ? o->event_word : ""));
    if (!w.len && !o->date_from && !o->date_to)
        return 0; /* no event asked for */
    const char *dates[2] = {o->date_from, o->date_to};
    for (int i = 0; i < 2; i++) {
        if (dates[i] && !iso_date_prefix(dates[i])) {
            slant_diag(diag, SLANT_ERROR, NULL, 0,
                       "'%s' is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)", dates[i]);
            return SLANT_EINVAL;
        }
    }
    struct escan es = {0};
    char *folded = NULL;
    if (w.len) {
        size_t fl = 0;
        if (slant_fold(w.p, w.len, &folded, &fl) < 0)
            return SLANT_ENOMEM;
        es.word = folded;
        es.word_len = fl;
    }
    struct epars ps = {0};
    struct ehit *hv = NULL;
    size_t n_hv = 0, alloc_hv = 0;
    struct qscan qs;
    qscan_init(&qs);
    sqlite3_stmt *s = NULL, *hs = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT o.name, d.id, d.title, d.date, d.text"
                           " FROM documents d JOIN outlets o ON o.id = d.outlet_id"
                           " WHERE (?1 IS NULL OR o.name = ?1)"
                           "  AND (?2 IS NULL OR substr(d.date, 1, length(?2)) >= ?2)"
                           "  AND (?3 IS NULL OR substr(d.date, 1, length(?3)) <= ?3)"
                           " ORDER BY o.name, d.date, d.id",
                           -1, &s, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT h.byte_start, h.byte_end, l.name, f.name, h.voice"
                           " FROM hits h JOIN frames f ON f.id = h.frame_id"
                           " JOIN lexicons l ON l.id = h.lexicon_id WHERE h.doc_id = ?1"
                           " ORDER BY h.byte_start, h.byte_end, l.name, f.name",
                           -1, &hs, NULL) != SQLITE_OK) {
        rc = db_fail(diag, db);
        goto out;
    }
    if (o->outlet)
        sqlite3_bind_text(s, 1, o->outlet, -1, SQLITE_STATIC);
    if (o->date_from)
        sqlite3_bind_text(s, 2, o->date_from, -1, SQLITE_STATIC);
    if (o->date_to)
        sqlite3_bind_text(s, 3, o->date_to, -1, SQLITE_STATIC);
    const char *poutlet = NULL, *ptitle = NULL, *pdate = NULL;
    size_t in_outlet = 0;
    int stp;
    while ((stp = sqlite3_step(s)) == SQLITE_ROW) {
        const char *ou = col_text(s, 0);
        if (!poutlet || strcmp(poutlet, ou) != 0) {
            poutlet = slant_arena_strndup(a, ou, strlen(ou));
            in_outlet = 0;
        }
        if (in_outlet >= EVENT_PER_OUTLET)
            continue;
        const char *text = (const char *)sqlite3_column_blob(s, 4);
        size_t len = (size_t)sqlite3_column_bytes(s, 4);
        if (!text)
            text = "";
        int64_t doc = sqlite3_column_int64(s, 1);
        const struct slant_quote *q = NULL;
        size_t nq = 0;
        es.n = 0;
        if ((rc = qscan_run(&qs, text, len, on_token, &es, &q, &nq)) < 0)
            goto out;
        int hits_loaded = 0;
        for (size_t i = 0; i < es.n && in_outlet < EVENT_PER_OUTLET;) {
            size_t j = i;
            int mention = 0;
            while (j < es.n && es.v[j].para == es.v[i].para)
                mention |= es.v[j++].mention;
            if (es.word && !mention) {
                i = j;
                continue;
            }
            if (!hits_loaded) {
                if (load_doc_hits(hs, r, doc, &hv, &n_hv, &alloc_hv) < 0) {
                    rc = db_fail(diag, db);
                    goto out;
                }
                hits_loaded = 1;
            }
            size_t from, to;
            excerpt(text, es.v, i, j, &from, &to);
            if (ps.n == ps.alloc) {
                ps.alloc = ps.alloc ? 2 * ps.alloc : 32;
                ps.v = slant_xreallocarray(ps.v, ps.alloc, sizeof(*ps.v));
            }
            struct slant_event_par *p = &ps.v[ps.n++];
            memset(p, 0, sizeof(*p));
            p->outlet = poutlet;
            p->title = ptitle = keep(a, ptitle, col_text(s, 2));
            p->date = pdate = keep(a, pdate, col_text(s, 3));
            p->document = doc;
            p->text = flat_copy(a, text + from, to - from);
            size_t nh = 0;
            for (size_t k = 0; k < n_hv; k++)
                nh += hv[k].start >= from && hv[k].end <= to;
            if (nh) {
                p->hits = slant_arena_alloc(a, nh * sizeof(*p->hits));
                for (size_t k = 0; k < n_hv; k++) {
                    if (hv[k].start < from || hv[k].end > to)
                        continue;
                    p->hits[p->n_hits++] =
                        (struct slant_span){hv[k].start - from, hv[k].end - from, hv[k].lexicon,
                                            hv[k].frame, hv[k].voice};
                }
            }
            clip_quotes(a, q, nq, from, to, &p->quoted, &p->n_quoted);
            in_outlet++;
            i = j;
        }
    }
    if (stp != SQLITE_DONE)
        rc = db_fail(diag, db);
    if (rc == 0 && ps.n) {
        r->event = slant_arena_alloc(a, ps.n * sizeof(*r->event));
        memcpy(r->event, ps.v, ps.n * sizeof(*r->event));
        r->n_event = ps.n;
    }
out:
    sqlite3_finalize(s);
    sqlite3_finalize(hs);
    qscan_release(&qs);
    free(ps.v);
    free(hv);
    free(es.v);
    free(folded);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Writers                                                                   */
/* ------------------------------------------------------------------------ */

static int stream_status(FILE *f)
{
    return ferror(f) ? SLANT_EIO : 0;
}

int slant_report_csv_kwic(FILE *f, const struct slant_report *r)
{
    fputs("outlet,document,date,lexicon,frame,left,match,right,voice,negated,distanced,"
          "byte_start,byte_end\n",
          f);
    for (size_t i = 0; i < r->n_kwic; i++) {
        const struct slant_kwic_row *k = &r->kwic[i];
        slant_csv_str(f, k->outlet);
        fprintf(f, ",%lld,", (long long)k->document);
        slant_csv_str(f, k->date ? k->date : "");
        fputc(',', f);
        slant_csv_str(f, k->lexicon);
        fputc(',', f);
        slant_csv_str(f, k->frame);
        fputc(',', f);
        slant_csv_str(f, k->left);
        fputc(',', f);
        slant_csv_str(f, k->match);
        fputc(',', f);
        slant_csv_str(f, k->right);
        fprintf(f, ",%s,%d,%d,%zu,%zu\n", slant_voice_name(k->voice), k->negated, k->distanced,
                k->byte_start, k->byte_end);
    }
    return stream_status(f);
}

int slant_report_json_kwic(FILE *f, const struct slant_report *r)
{
    fputc('[', f);
    for (size_t i = 0; i < r->n_kwic; i++) {
        const struct slant_kwic_row *k = &r->kwic[i];
        fputs(i ? ",\n {\"outlet\":" : "\n {\"outlet\":", f);
        slant_json_str(f, k->outlet);
        fprintf(f, ",\"document\":%lld,\"date\":", (long long)k->document);
        slant_json_str(f, k->date ? k->date : "");
        fputs(",\"lexicon\":", f);
        slant_json_str(f, k->lexicon);
        fputs(",\"frame\":", f);
        slant_json_str(f, k->frame);
        fputs(",\"left\":", f);
        slant_json_str(f, k->left);
        fputs(",\"match\":", f);
        slant_json_str(f, k->match);
        fputs(",\"right\":", f);
        slant_json_str(f, k->right);
        fprintf(f,
                ",\"voice\":\"%s\",\"negated\":%d,\"distanced\":%d,\"byte_start\":%zu,"
                "\"byte_end\":%zu}",
                slant_voice_name(k->voice), k->negated, k->distanced, k->byte_start, k->byte_end);
    }
    fputs(r->n_kwic ? "\n]\n" : "]\n", f);
    return stream_status(f);
}

/* Characters (not bytes) of a UTF-8 string, for alignment. */
static size_t n_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += !is_cont((unsigned char)*s);
    return n;
}

#define SGR_MATCH "\033[1;31m" /* bold red */
#define SGR_QUOTE "\033[2m"    /* dim: quoted words in the context */
#define SGR_RESET "\033[0m"

/* Write s (which starts `base` bytes after the start of `left`), dimming
 * the quoted spans when colouring. */
static void put_context(FILE *f, const char *s, size_t base, const struct slant_kwic_row *k,
                        int color)
{
    if (!color) {
        fputs(s, f);
        return;
    }
    size_t len = strlen(s), i = 0;
    while (i < len) {
        /* the next quoted span covering or after position base + i */
        size_t qs = (size_t)-1, qe = 0;
        for (size_t q = 0; q < k->n_quoted; q++) {
            if (k->quoted[q][1] > base + i && k->quoted[q][0] < qs) {
                qs = k->quoted[q][0];
                qe = k->quoted[q][1];
            }
        }
        if (qs == (size_t)-1 || qs >= base + len) {
            fwrite(s + i, 1, len - i, f);
            return;
        }
        size_t a = qs > base + i ? qs - base : i;
        size_t b = qe - base < len ? qe - base : len;
        fwrite(s + i, 1, a - i, f);
        fputs(SGR_QUOTE, f);
        fwrite(s + a, 1, b - a, f);
        fputs(SGR_RESET, f);
        i = b;
    }
}

int slant_report_table_kwic(FILE *f, const struct slant_report *r, int color)
{
    size_t w_outlet = 6, w_doc = 3;
    for (size_t i = 0; i < r->n_kwic; i++) {
        size_t n = n_chars(r->kwic[i].outlet);
        if (n > w_outlet)
            w_outlet = n < 24 ? n : 24;
        char num[32];
        int d = snprintf(num, sizeof(num), "%lld", (long long)r->kwic[i].document);
        if (d > 0 && (size_t)d > w_doc)
            w_doc = (size_t)d;
    }
    size_t width = r->opts.kwic_width ? r->opts.kwic_width : KWIC_WIDTH_DEFAULT;
    const char *plex = NULL, *pframe = NULL;
    for (size_t i = 0; i < r->n_kwic; i++) {
        const struct slant_kwic_row *k = &r->kwic[i];
        if (!plex || strcmp(plex, k->lexicon) != 0 || strcmp(pframe, k->frame) != 0) {
            fprintf(f, "%s%s/%s\n", i ? "\n" : "", k->lexicon, k->frame);
            plex = k->lexicon;
            pframe = k->frame;
        }
        char voice[40];
        snprintf(voice, sizeof(voice), "%s%s%s", slant_voice_name(k->voice),
                 k->negated ? "+neg" : "", k->distanced ? "+dist" : "");
        size_t on = n_chars(k->outlet);
        fprintf(f, "%s%*s %*lld %-16s ", k->outlet, (int)(on < w_outlet ? w_outlet - on : 0), "",
                (int)w_doc, (long long)k->document, voice);
        size_t ln = n_chars(k->left);
        fprintf(f, "%*s", (int)(ln < width ? width - ln : 0), "");
        put_context(f, k->left, 0, k, color);
        size_t base = strlen(k->left);
        if (color) {
            fprintf(f, "%s%s%s", SGR_MATCH, k->match, SGR_RESET);
        } else {
            fprintf(f, "[%s]", k->match);
        }
        put_context(f, k->right, base + strlen(k->match), k, color);
        fputc('\n', f);
    }
    return stream_status(f);
}
