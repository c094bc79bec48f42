/*
 * report.c - the report core: read the database once, run the statistics,
 * fill a read-only struct slant_report (see include/slant/report.h).
 *
 * The database is read with a handful of aggregate queries; everything after
 * that is arrays in memory handed to stats.h:
 *  - per chosen lexicon, one row per document scored with it (view
 *    `scored`), grouped by outlet name, with its token count and a hit count
 *    per frame and voice (column v * n_frames + f; v = 0 every voice, 1 + an
 *    enum slant_voice value otherwise).  Profiles, preferences, comparisons
 *    and the map's frame table all read these rows;
 *  - per outlet and term (a Snowball stem, terms.id), the summed counts of
 *    outlet_forms, for keyness and the map's term divergences.
 * Documents with no hits are rows of zeros: the unit sampled is the article,
 * so a quiet article counts as much as a loud one in every interval.
 * report_kwic.c fills the concordance and the event view.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "slant/match.h"
#include "slant/xalloc.h"

/* Columns per frame in a lexicon's document rows: every voice, then each. */
#define NV (1 + SLANT_VOICE_COUNT)

/* ------------------------------------------------------------------------ */
/* Build context                                                             */
/* ------------------------------------------------------------------------ */

struct lexsel {
    int64_t id;
    const char *name;
    size_t first, nf; /* its frames: ctx.fr[first .. first + nf) */
    int has_legit, has_deleg;
};

struct framesel {
    int64_t id;
    const char *name, *pole;
    size_t lex;
};

/* One lexicon's documents (see the top of the file). */
struct lexdata {
    size_t n_docs, ncol;
    double *tokens;              /* n_docs */
    double *hits;                /* n_docs x ncol */
    size_t *start, *count;       /* per outlet: rows [start, start + count) */
    double *sum;                 /* n_out x ncol */
    double *tok;                 /* n_out */
    size_t *negated, *distanced; /* n_out x nf */
};

/* Per outlet and term counts of the whole vocabulary. */
struct termdata {
    size_t n_terms;
    const char **stem;  /* n_terms */
    double *count;      /* n_out x n_terms */
    double *total;      /* n_terms */
    int64_t *best_form; /* n_out x n_terms: the outlet's most frequent form, 0 none */
    const char **form;  /* by form id (max_form + 1) */
    int64_t max_form;
};

struct ctx {
    struct slant_report *r;
    struct slant_arena *a;
    sqlite3 *db;
    struct slant_diag *diag;
    size_t n_out;
    int64_t *out_id;
    const char **out_name;
    size_t n_lex, n_fr;
    struct lexsel *lex;
    struct framesel *fr;
    struct lexdata *ld; /* n_lex, or NULL when not loaded */
    struct termdata td;
    int td_loaded;
};

static int db_fail(struct ctx *c)
{
    slant_diag(c->diag, SLANT_FATAL, NULL, 0, "database query failed: %s", sqlite3_errmsg(c->db));
    return SLANT_EDB;
}

static int prep(struct ctx *c, const char *sql, sqlite3_stmt **s)
{
    if (sqlite3_prepare_v2(c->db, sql, -1, s, NULL) != SQLITE_OK) {
        *s = NULL;
        return db_fail(c);
    }
    return 0;
}

/* Column i as an arena string ("" for NULL). */
static const char *col_str(struct ctx *c, sqlite3_stmt *s, int i)
{
    const unsigned char *p = sqlite3_column_text(s, i);
    if (!p)
        return "";
    return slant_arena_strndup(c->a, (const char *)p, (size_t)sqlite3_column_bytes(s, i));
}

static size_t col_size(sqlite3_stmt *s, int i)
{
    sqlite3_int64 v = sqlite3_column_int64(s, i);
    return v > 0 ? (size_t)v : 0;
}

static void *arena_array(struct slant_arena *a, size_t n, size_t size)
{
    if (n && size > SIZE_MAX / n)
        slant_xmalloc(SIZE_MAX); /* exits: out of memory, as everywhere */
    void *p = slant_arena_alloc(a, n ? n * size : 1);
    memset(p, 0, n ? n * size : 1);
    return p;
}

static size_t outlet_index(const struct ctx *c, const char *name)
{
    for (size_t i = 0; i < c->n_out; i++)
        if (strcmp(c->out_name[i], name) == 0)
            return i;
    return SIZE_MAX;
}

static size_t outlet_by_id(const struct ctx *c, int64_t id)
{
    for (size_t i = 0; i < c->n_out; i++)
        if (c->out_id[i] == id)
            return i;
    return SIZE_MAX;
}

/* ------------------------------------------------------------------------ */
/* Options                                                                   */
/* ------------------------------------------------------------------------ */

void slant_report_opts_init(struct slant_report_opts *o)
{
    memset(o, 0, sizeof(*o));
    slant_ci_opts_init(&o->ci);
    o->compare_voice = SLANT_VOICE_OWN;
    o->preference_voice = SLANT_VOICE_OWN;
    o->alpha = 0.05;
    o->alpha0 = SLANT_KEYNESS_ALPHA0;
    o->kwic_voice = SLANT_VF_ALL;
    o->kwic_width = 60;
}

static const char *dup_opt(struct slant_arena *a, const char *s)
{
    return s ? slant_arena_strndup(a, s, strlen(s)) : NULL;
}

/* r->opts: a copy of *o in the arena, defaults filled in. */
static void fill_opts(struct slant_report *r, struct slant_arena *a,
                      const struct slant_report_opts *o)
{
    struct slant_report_opts *p = &r->opts;
    *p = *o;
    p->title = dup_opt(a, o->title ? o->title : "slant report");
    p->outlet = dup_opt(a, o->outlet);
    p->outlet_a = dup_opt(a, o->outlet_a);
    p->outlet_b = dup_opt(a, o->outlet_b);
    p->kwic_frame = dup_opt(a, o->kwic_frame);
    p->kwic_pattern = dup_opt(a, o->kwic_pattern);
    p->event_word = dup_opt(a, o->event_word);
    p->date_from = dup_opt(a, o->date_from);
    p->date_to = dup_opt(a, o->date_to);
    p->lexicons = NULL; /* the resolved list, set by load_lexicons */
    if (!p->ci.resamples)
        p->ci.resamples = SLANT_CI_RESAMPLES;
    if (!p->ci.seed)
        p->ci.seed = SLANT_CI_SEED;
    if (!(p->ci.level > 0 && p->ci.level < 1))
        p->ci.level = 0.95;
    if (!p->ci.min_docs)
        p->ci.min_docs = SLANT_CI_MIN_DOCS;
    if (!(p->alpha > 0 && p->alpha < 1))
        p->alpha = 0.05;
    if (!(p->alpha0 > 0) || !isfinite(p->alpha0))
        p->alpha0 = SLANT_KEYNESS_ALPHA0;
    if (!p->kwic_width)
        p->kwic_width = 60;
}

/* ------------------------------------------------------------------------ */
/* Outlets, lexicons and frames                                              */
/* ------------------------------------------------------------------------ */

static int load_outlets(struct ctx *c)
{
    sqlite3_stmt *s;
    int rc = prep(c,
                  "SELECT o.id, o.name FROM outlets o WHERE EXISTS"
                  " (SELECT 1 FROM documents d WHERE d.outlet_id = o.id) ORDER BY o.name",
                  &s);
    if (rc < 0)
        return rc;
    size_t cap = 16;
    c->out_id = slant_xreallocarray(NULL, cap, sizeof(*c->out_id));
    const char **names = slant_xreallocarray(NULL, cap, sizeof(*names));
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (c->n_out == cap) {
            cap *= 2;
            c->out_id = slant_xreallocarray(c->out_id, cap, sizeof(*c->out_id));
            names = slant_xreallocarray(names, cap, sizeof(*names));
        }
        c->out_id[c->n_out] = sqlite3_column_int64(s, 0);
        names[c->n_out++] = col_str(c, s, 1);
    }
    sqlite3_finalize(s);
    c->out_name = arena_array(c->a, c->n_out, sizeof(*c->out_name));
    if (c->n_out)
        memcpy(c->out_name, names, c->n_out * sizeof(*names));
    free(names);
    return rc == SQLITE_DONE ? 0 : db_fail(c);
}

static int load_lexicons(struct ctx *c, const char *const *want)
{
    sqlite3_stmt *s;
    int rc = prep(c, "SELECT id, name FROM lexicons ORDER BY name", &s);
    if (rc < 0)
        return rc;
    size_t cap = 8, n = 0;
    struct lexsel *all = slant_xreallocarray(NULL, cap, sizeof(*all));
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap)
            all = slant_xreallocarray(all, cap *= 2, sizeof(*all));
        memset(&all[n], 0, sizeof(all[n]));
        all[n].id = sqlite3_column_int64(s, 0);
        all[n].name = col_str(c, s, 1);
        n++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(all);
        return db_fail(c);
    }
    /* choose: every lexicon but the cue lexicon, or the named ones (in name
     * order whatever the order asked, each once) */
    unsigned char *pick = slant_xcalloc(n ? n : 1, 1);
    rc = 0;
    if (!want) {
        for (size_t i = 0; i < n; i++)
            pick[i] = strcmp(all[i].name, "attribution") != 0;
    } else {
        for (size_t k = 0; want[k]; k++) {
            size_t i = 0;
            while (i < n && strcmp(all[i].name, want[k]) != 0)
                i++;
            if (i == n) {
                slant_diag(c->diag, SLANT_ERROR, NULL, 0,
                           "no lexicon named '%s' in the database (see 'slant info')", want[k]);
                rc = SLANT_ENOTFOUND;
            } else {
                pick[i] = 1;
            }
        }
    }
    c->n_lex = 0;
    for (size_t i = 0; i < n; i++)
        c->n_lex += pick[i];
    c->lex = arena_array(c->a, c->n_lex, sizeof(*c->lex));
    const char **names = arena_array(c->a, c->n_lex + 1, sizeof(*names));
    for (size_t i = 0, k = 0; i < n; i++)
        if (pick[i]) {
            names[k] = all[i].name;
            c->lex[k++] = all[i];
        }
    c->r->opts.lexicons = names;
    free(pick);
    free(all);
    if (rc < 0)
        return rc;

    /* frames of the chosen lexicons, in lexicon order */
    rc = prep(c, "SELECT id, name, pole FROM frames WHERE lexicon_id = ?1 ORDER BY idx", &s);
    if (rc < 0)
        return rc;
    size_t fcap = 16;
    struct framesel *fr = slant_xreallocarray(NULL, fcap, sizeof(*fr));
    for (size_t l = 0; l < c->n_lex && rc == 0; l++) {
        struct lexsel *lx = &c->lex[l];
        lx->first = c->n_fr;
        sqlite3_bind_int64(s, 1, lx->id);
        int st;
        while ((st = sqlite3_step(s)) == SQLITE_ROW) {
            if (c->n_fr == fcap)
                fr = slant_xreallocarray(fr, fcap *= 2, sizeof(*fr));
            struct framesel *f = &fr[c->n_fr++];
            f->id = sqlite3_column_int64(s, 0);
            f->name = col_str(c, s, 1);
            f->pole = col_str(c, s, 2);
            f->lex = l;
            if (strcmp(f->pole, "legitimizing") == 0)
                lx->has_legit = 1;
            else if (strcmp(f->pole, "delegitimizing") == 0)
                lx->has_deleg = 1;
        }
        if (st != SQLITE_DONE)
            rc = db_fail(c);
        lx->nf = c->n_fr - lx->first;
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    c->fr = arena_array(c->a, c->n_fr, sizeof(*c->fr));
    if (c->n_fr)
        memcpy(c->fr, fr, c->n_fr * sizeof(*fr));
    free(fr);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Documents and hits of each lexicon                                        */
/* ------------------------------------------------------------------------ */

static void lexdata_release(struct lexdata *d)
{
    free(d->tokens);
    free(d->hits);
    free(d->start);
    free(d->count);
    free(d->sum);
    free(d->tok);
    free(d->negated);
    free(d->distanced);
    memset(d, 0, sizeof(*d));
}

static int load_one_lexicon(struct ctx *c, size_t l, size_t *row_of_doc, int64_t max_doc)
{
    struct lexsel *lx = &c->lex[l];
    struct lexdata *d = &c->ld[l];
    size_t nf = lx->nf;
    d->ncol = NV * (nf ? nf : 1);
    d->start = slant_xcalloc(c->n_out + 1, sizeof(size_t));
    d->count = slant_xcalloc(c->n_out + 1, sizeof(size_t));
    d->sum = slant_xcalloc((c->n_out + 1) * d->ncol, sizeof(double));
    d->tok = slant_xcalloc(c->n_out + 1, sizeof(double));
    d->negated = slant_xcalloc((c->n_out + 1) * (nf ? nf : 1), sizeof(size_t));
    d->distanced = slant_xcalloc((c->n_out + 1) * (nf ? nf : 1), sizeof(size_t));

    sqlite3_stmt *s;
    /* ordered by outlet name, so each outlet's rows are contiguous */
    int rc = prep(c,
                  "SELECT d.id, o.name, d.n_tokens FROM scored s"
                  " JOIN documents d ON d.id = s.doc_id JOIN outlets o ON o.id = d.outlet_id"
                  " WHERE s.lexicon_id = ?1 ORDER BY o.name, d.id",
                  &s);
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(s, 1, lx->id);
    size_t cap = 256, cur = SIZE_MAX;
    int64_t *ids = slant_xreallocarray(NULL, cap, sizeof(*ids));
    size_t *row_out = slant_xreallocarray(NULL, cap, sizeof(*row_out));
    d->tokens = slant_xreallocarray(NULL, cap, sizeof(double));
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 1);
        if (cur == SIZE_MAX || strcmp(c->out_name[cur], name ? name : "") != 0) {
            cur = outlet_index(c, name ? name : "");
            if (cur == SIZE_MAX) /* cannot happen: the outlet has this document */
                continue;
            d->start[cur] = d->n_docs;
        }
        if (d->n_docs == cap) {
            cap *= 2;
            ids = slant_xreallocarray(ids, cap, sizeof(*ids));
            row_out = slant_xreallocarray(row_out, cap, sizeof(*row_out));
            d->tokens = slant_xreallocarray(d->tokens, cap, sizeof(double));
        }
        ids[d->n_docs] = sqlite3_column_int64(s, 0);
        row_out[d->n_docs] = cur;
        d->tokens[d->n_docs] = (double)col_size(s, 2);
        d->tok[cur] += d->tokens[d->n_docs];
        d->count[cur]++;
        d->n_docs++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(ids);
        free(row_out);
        return db_fail(c);
    }
    for (size_t i = 0; i < d->n_docs; i++)
        if (ids[i] >= 0 && ids[i] <= max_doc)
            row_of_doc[ids[i]] = i + 1;
    d->hits = slant_xcalloc(d->n_docs ? d->n_docs * d->ncol : 1, sizeof(double));

    rc = prep(c,
              /* a plain scan: ten times faster than GROUP BY, which sorts */
              "SELECT doc_id, frame_id, voice, negated, distanced FROM hits"
              " WHERE lexicon_id = ?1",
              &s);
    if (rc == 0) {
        sqlite3_bind_int64(s, 1, lx->id);
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            int64_t doc = sqlite3_column_int64(s, 0), fid = sqlite3_column_int64(s, 1);
            if (doc < 0 || doc > max_doc || !row_of_doc[doc])
                continue; /* a hit of a document not recorded as scored */
            size_t row = row_of_doc[doc] - 1, f = 0;
            while (f < nf && c->fr[lx->first + f].id != fid)
                f++;
            int v = slant_voice_parse((const char *)sqlite3_column_text(s, 2));
            if (f == nf || v < 0)
                continue;
            double k = 1;
            d->hits[row * d->ncol + f] += k;
            d->hits[row * d->ncol + (size_t)(1 + v) * nf + f] += k;
            size_t out = row_out[row];
            if (sqlite3_column_int(s, 3))
                d->negated[out * nf + f] += (size_t)k;
            if (sqlite3_column_int(s, 4))
                d->distanced[out * nf + f] += (size_t)k;
        }
        sqlite3_finalize(s);
        rc = rc == SQLITE_DONE ? 0 : db_fail(c);
    }
    for (size_t i = 0; i < d->n_docs; i++)
        if (ids[i] >= 0 && ids[i] <= max_doc)
            row_of_doc[ids[i]] = 0;
    free(ids);
    free(row_out);
    if (rc < 0)
        return rc;
    for (size_t o = 0; o < c->n_out; o++)
        for (size_t i = d->start[o]; i < d->start[o] + d->count[o]; i++)
            for (size_t k = 0; k < d->ncol; k++)
                d->sum[o * d->ncol + k] += d->hits[i * d->ncol + k];
    return 0;
}

static int load_lexdata(struct ctx *c)
{
    if (c->ld)
        return 0;
    c->ld = slant_xcalloc(c->n_lex ? c->n_lex : 1, sizeof(*c->ld));
    sqlite3_stmt *s;
    int rc = prep(c, "SELECT IFNULL(MAX(id), 0) FROM documents", &s);
    if (rc < 0)
        return rc;
    int64_t max_doc = 0;
    if (sqlite3_step(s) == SQLITE_ROW)
        max_doc = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (max_doc < 0)
        max_doc = 0;
    size_t *row_of_doc = slant_xcalloc((size_t)max_doc + 1, sizeof(size_t));
    for (size_t l = 0; l < c->n_lex && rc == 0; l++)
        rc = load_one_lexicon(c, l, row_of_doc, max_doc);
    free(row_of_doc);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Overview and methods                                                      */
/* ------------------------------------------------------------------------ */

static int build_overview(struct ctx *c)
{
    struct slant_overview *ov = &c->r->overview;
    sqlite3_stmt *s;
    int rc = prep(c,
                  "SELECT o.name, COUNT(d.id), IFNULL(SUM(d.n_tokens), 0),"
                  " IFNULL(SUM(d.n_boilerplate), 0), IFNULL(SUM(d.n_replaced), 0),"
                  " IFNULL(MIN(d.date), ''), IFNULL(MAX(d.date), '')"
                  " FROM outlets o JOIN documents d ON d.outlet_id = o.id"
                  " GROUP BY o.id ORDER BY o.name",
                  &s);
    if (rc < 0)
        return rc;
    ov->outlets = arena_array(c->a, c->n_out, sizeof(*ov->outlets));
    ov->first_date = ov->last_date = "";
    size_t n = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < c->n_out) {
        struct slant_outlet_info *oi = &ov->outlets[n++];
        oi->name = col_str(c, s, 0);
        oi->documents = col_size(s, 1);
        oi->tokens = col_size(s, 2);
        oi->boilerplate_lines = col_size(s, 3);
        oi->replaced = col_size(s, 4);
        oi->first_date = col_str(c, s, 5);
        oi->last_date = col_str(c, s, 6);
        ov->documents += oi->documents;
        ov->tokens += oi->tokens;
        ov->boilerplate_lines += oi->boilerplate_lines;
        if (*oi->first_date && (!*ov->first_date || strcmp(oi->first_date, ov->first_date) < 0))
            ov->first_date = oi->first_date;
        if (*oi->last_date && strcmp(oi->last_date, ov->last_date) > 0)
            ov->last_date = oi->last_date;
    }
    ov->n_outlets = n;
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_fail(c);
    rc = prep(c,
              "SELECT COUNT(*), IFNULL(SUM(n_rejected), 0), IFNULL(SUM(n_duplicate), 0)"
              " FROM batches",
              &s);
    if (rc < 0)
        return rc;
    if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        ov->batches = col_size(s, 0);
        ov->rejected = col_size(s, 1);
        ov->duplicates = col_size(s, 2);
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : db_fail(c);
}

/* Every lexicon of the database (the cue lexicon shapes the voices, so it
 * belongs in the methods even when no frame of it is reported). */
static int build_lexicon_infos(struct ctx *c)
{
    struct slant_report *r = c->r;
    sqlite3_stmt *s;
    int rc = prep(c,
                  "SELECT l.name, l.hash, l.version, l.language, l.description, l.path,"
                  " (SELECT COUNT(*) FROM frames f WHERE f.lexicon_id = l.id),"
                  " (SELECT COUNT(*) FROM patterns p WHERE p.lexicon_id = l.id),"
                  " (SELECT COUNT(*) FROM lexicons)"
                  " FROM lexicons l ORDER BY l.name",
                  &s);
    if (rc < 0)
        return rc;
    size_t n = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (!r->lexicons)
            r->lexicons = arena_array(c->a, col_size(s, 8), sizeof(*r->lexicons));
        if (n >= col_size(s, 8))
            break;
        struct slant_lexicon_info *li = &r->lexicons[n++];
        li->name = col_str(c, s, 0);
        li->hash = col_str(c, s, 1);
        li->version = col_str(c, s, 2);
        li->language = col_str(c, s, 3);
        li->description = col_str(c, s, 4);
        li->path = col_str(c, s, 5);
        li->n_frames = col_size(s, 6);
        li->n_patterns = col_size(s, 7);
    }
    r->n_lexicons = n;
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_fail(c);
    for (int i = 0; i < SLANT_STAT_COUNT_; i++)
        r->methods[i] = slant_stats_method((enum slant_stat)i);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Profiles and preference indexes                                           */
/* ------------------------------------------------------------------------ */

/* A voice filter's column block: 0 every voice, 1 + voice otherwise. */
static size_t vcol(int voice)
{
    return voice >= 0 && voice < SLANT_VOICE_COUNT ? (size_t)(1 + voice) : 0;
}

static int build_profiles(struct ctx *c, size_t only)
{
    struct slant_report *r = c->r;
    size_t n_rows = 0;
    for (size_t o = 0; o < c->n_out; o++)
        if (only == SIZE_MAX || o == only)
            n_rows += c->n_fr;
    r->profiles = arena_array(c->a, n_rows, sizeof(*r->profiles));
    size_t n_pref_max = 0;
    for (size_t l = 0; l < c->n_lex; l++)
        n_pref_max += c->lex[l].has_legit && c->lex[l].has_deleg;
    r->preferences = arena_array(c->a, n_pref_max * c->n_out, sizeof(*r->preferences));
    size_t maxcol = NV;
    for (size_t l = 0; l < c->n_lex; l++)
        if (c->ld[l].ncol > maxcol)
            maxcol = c->ld[l].ncol;
    struct slant_ci *ci = slant_xcalloc(maxcol, sizeof(*ci));
    double *legit = NULL, *deleg = NULL;
    int rc = 0;
    size_t pv = vcol(r->opts.preference_voice);

    for (size_t o = 0; o < c->n_out && rc == 0; o++) {
        if (only != SIZE_MAX && o != only)
            continue;
        for (size_t l = 0; l < c->n_lex && rc == 0; l++) {
            const struct lexsel *lx = &c->lex[l];
            const struct lexdata *d = &c->ld[l];
            size_t nf = lx->nf, nd = d->count[o];
            const double *hits = d->hits + d->start[o] * d->ncol;
            const double *tok = d->tokens + d->start[o];
            memset(ci, 0, maxcol * sizeof(*ci));
            if (nf && nd && d->tok[o] > 0) {
                rc = slant_rate_ci_multi(hits, d->ncol, tok, nd, &r->opts.ci, ci);
                if (rc < 0) {
                    slant_diag(c->diag, SLANT_FATAL, NULL, 0, "%s, %s: rate intervals: %s",
                               c->out_name[o], lx->name, slant_strerror(rc));
                    break;
                }
            }
            for (size_t f = 0; f < nf; f++) {
                struct slant_profile_row *p = &r->profiles[r->n_profiles++];
                const struct framesel *fs = &c->fr[lx->first + f];
                p->outlet = c->out_name[o];
                p->lexicon = lx->name;
                p->frame = fs->name;
                p->pole = fs->pole;
                p->documents = nd;
                p->tokens = (size_t)d->tok[o];
                p->hits = (size_t)d->sum[o * d->ncol + f];
                for (int v = 0; v < SLANT_VOICE_COUNT; v++) {
                    p->voice_hits[v] = (size_t)d->sum[o * d->ncol + vcol(v) * nf + f];
                    p->voice_ci[v] = ci[vcol(v) * nf + f];
                }
                p->negated_hits = d->negated[o * nf + f];
                p->distanced_hits = d->distanced[o * nf + f];
                p->ci = ci[f];
                if (!(nd && d->tok[o] > 0)) {
                    /* nothing to measure: a zero row, flagged */
                    p->ci.small = 1;
                    for (int v = 0; v < SLANT_VOICE_COUNT; v++)
                        p->voice_ci[v].small = 1;
                }
                p->rate_per_1k = ci[f].est;
                p->own_rate_per_1k = p->voice_ci[SLANT_VOICE_OWN].est;
            }
            if (!(lx->has_legit && lx->has_deleg))
                continue;
            struct slant_preference_row *pr = &r->preferences[r->n_preferences++];
            pr->outlet = c->out_name[o];
            pr->lexicon = lx->name;
            pr->voice = r->opts.preference_voice;
            legit = slant_xreallocarray(legit, nd ? nd : 1, sizeof(double));
            deleg = slant_xreallocarray(deleg, nd ? nd : 1, sizeof(double));
            for (size_t i = 0; i < nd; i++) {
                legit[i] = deleg[i] = 0;
                for (size_t f = 0; f < nf; f++) {
                    double k = hits[i * d->ncol + pv * nf + f];
                    const char *pole = c->fr[lx->first + f].pole;
                    if (strcmp(pole, "legitimizing") == 0)
                        legit[i] += k;
                    else if (strcmp(pole, "delegitimizing") == 0)
                        deleg[i] += k;
                }
                pr->legitimizing += legit[i];
                pr->delegitimizing += deleg[i];
            }
            if (nd == 0 || pr->legitimizing + pr->delegitimizing <= 0)
                continue; /* undefined: defined = 0, interval zeros */
            int frc = slant_fpi_ci(legit, deleg, nd, &r->opts.ci, &pr->ci);
            if (frc == SLANT_EEMPTY)
                continue;
            if (frc < 0) {
                slant_diag(c->diag, SLANT_FATAL, NULL, 0, "%s, %s: preference index: %s",
                           c->out_name[o], lx->name, slant_strerror(frc));
                rc = frc;
                break;
            }
            pr->defined = 1;
        }
    }
    free(ci);
    free(legit);
    free(deleg);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Comparisons                                                               */
/* ------------------------------------------------------------------------ */

/* Per-document hits of one column and tokens, of outlet o (or of every
 * outlet but o when rest) into h and t; returns the count. */
static size_t gather(const struct lexdata *d, size_t n_out, size_t o, int rest, size_t col,
                     double *h, double *t)
{
    size_t k = 0;
    for (size_t q = 0; q < n_out; q++) {
        if (rest ? q == o : q != o)
            continue;
        for (size_t i = d->start[q]; i < d->start[q] + d->count[q]; i++) {
            h[k] = d->hits[i * d->ncol + col];
            t[k++] = d->tokens[i];
        }
    }
    return k;
}

static int compare_row(struct ctx *c, size_t l, size_t f, size_t a, size_t b, int rest, double *buf)
{
    struct slant_report *r = c->r;
    const struct lexsel *lx = &c->lex[l];
    const struct lexdata *d = &c->ld[l];
    size_t nf = lx->nf, col = vcol(r->opts.compare_voice) * nf + f;
    double ha = d->sum[a * d->ncol + col], ta = d->tok[a], hb = 0, tb = 0;
    size_t db_ = 0;
    for (size_t q = 0; q < c->n_out; q++)
        if (rest ? q != a : q == b) {
            hb += d->sum[q * d->ncol + col];
            tb += d->tok[q];
            db_ += d->count[q];
        }
    if (!(ta > 0 && tb > 0))
        return 0; /* a side without tokens: nothing to compare */
    struct slant_compare_row *row = &r->compare[r->n_compare++];
    row->lexicon = lx->name;
    row->frame = c->fr[lx->first + f].name;
    row->outlet_a = c->out_name[a];
    row->outlet_b = rest ? "(rest)" : c->out_name[b];
    row->hits_a = (size_t)ha;
    row->tokens_a = (size_t)ta;
    row->hits_b = (size_t)hb;
    row->tokens_b = (size_t)tb;
    row->docs_a = d->count[a];
    row->docs_b = db_;
    row->rate_a = ha / ta * 1000.0;
    row->rate_b = hb / tb * 1000.0;
    row->voice = r->opts.compare_voice;
    struct slant_cmp cmp;
    int rc = slant_compare(ha, ta, hb, tb, &cmp);
    if (rc < 0) {
        slant_diag(c->diag, SLANT_FATAL, NULL, 0, "%s/%s, %s vs %s: %s", row->lexicon, row->frame,
                   row->outlet_a, row->outlet_b, slant_strerror(rc));
        return rc;
    }
    row->log_ratio = cmp.log_ratio;
    row->g2 = cmp.g2;
    row->p_value = cmp.p;
    double *hA = buf, *tA = buf + d->n_docs, *hB = buf + 2 * d->n_docs, *tB = buf + 3 * d->n_docs;
    size_t na = gather(d, c->n_out, a, 0, col, hA, tA);
    size_t nb =
        rest ? gather(d, c->n_out, a, 1, col, hB, tB) : gather(d, c->n_out, b, 0, col, hB, tB);
    struct slant_mw mw;
    rc = slant_doc_mann_whitney(hA, tA, na, hB, tB, nb, SLANT_MW_AUTO, &mw);
    if (rc == SLANT_EEMPTY) {
        /* a side whose documents all lack tokens: no evidence either way */
        row->mw_u = 0;
        row->mw_p = 1;
    } else if (rc < 0) {
        slant_diag(c->diag, SLANT_FATAL, NULL, 0, "%s/%s, %s vs %s: Mann-Whitney: %s", row->lexicon,
                   row->frame, row->outlet_a, row->outlet_b, slant_strerror(rc));
        return rc;
    } else {
        row->mw_u = mw.u;
        row->mw_p = mw.p;
    }
    return 0;
}

static int build_compare(struct ctx *c)
{
    struct slant_report *r = c->r;
    const struct slant_report_opts *o = &r->opts;
    size_t pa = SIZE_MAX, pb = SIZE_MAX;
    if (o->outlet_a || o->outlet_b) {
        if (!o->outlet_a || !o->outlet_b) {
            slant_diag(c->diag, SLANT_ERROR, NULL, 0, "a comparison of one pair needs two outlets");
            return SLANT_EINVAL;
        }
        pa = outlet_index(c, o->outlet_a);
        pb = outlet_index(c, o->outlet_b);
        int rc = 0;
        if (pa == SIZE_MAX) {
            slant_diag(c->diag, SLANT_ERROR, NULL, 0, "no outlet named '%s' in the database",
                       o->outlet_a);
            rc = SLANT_ENOTFOUND;
        }
        if (pb == SIZE_MAX) {
            slant_diag(c->diag, SLANT_ERROR, NULL, 0, "no outlet named '%s' in the database",
                       o->outlet_b);
            rc = SLANT_ENOTFOUND;
        }
        if (rc < 0)
            return rc;
        if (pa == pb) {
            slant_diag(c->diag, SLANT_ERROR, NULL, 0, "cannot compare outlet '%s' with itself",
                       o->outlet_a);
            return SLANT_EINVAL;
        }
    }
    size_t per_frame = pa != SIZE_MAX ? 1 : o->vs_rest ? c->n_out : c->n_out * c->n_out / 2;
    r->compare = arena_array(c->a, per_frame * c->n_fr, sizeof(*r->compare));
    size_t max_docs = 0;
    for (size_t l = 0; l < c->n_lex; l++)
        if (c->ld[l].n_docs > max_docs)
            max_docs = c->ld[l].n_docs;
    double *buf = slant_xcalloc(4 * max_docs + 1, sizeof(double));
    int rc = 0;
    for (size_t l = 0; l < c->n_lex && rc == 0; l++)
        for (size_t f = 0; f < c->lex[l].nf && rc == 0; f++) {
            if (pa != SIZE_MAX) {
                rc = compare_row(c, l, f, pa, pb, 0, buf);
            } else if (o->vs_rest) {
                for (size_t a = 0; a < c->n_out && rc == 0; a++)
                    rc = compare_row(c, l, f, a, 0, 1, buf);
            } else {
                for (size_t a = 0; a < c->n_out && rc == 0; a++)
                    for (size_t b = a + 1; b < c->n_out && rc == 0; b++)
                        rc = compare_row(c, l, f, a, b, 0, buf);
            }
        }
    free(buf);
    if (rc < 0 || r->n_compare == 0)
        return rc;
    /* one family each: every row of the table */
    size_t n = r->n_compare;
    double *p = slant_xcalloc(2 * n, sizeof(double)), *adj = p + n;
    for (size_t i = 0; i < n; i++)
        p[i] = r->compare[i].p_value;
    if ((rc = slant_bh_adjust(p, n, adj)) == 0) {
        for (size_t i = 0; i < n; i++) {
            r->compare[i].p_adjusted = adj[i];
            p[i] = r->compare[i].mw_p;
        }
        if ((rc = slant_bh_adjust(p, n, adj)) == 0)
            for (size_t i = 0; i < n; i++)
                r->compare[i].mw_p_adjusted = adj[i];
    }
    free(p);
    if (rc < 0)
        slant_diag(c->diag, SLANT_FATAL, NULL, 0, "Benjamini-Hochberg: %s", slant_strerror(rc));
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Terms: counts per outlet, keyness                                         */
/* ------------------------------------------------------------------------ */

static void termdata_release(struct termdata *t)
{
    free(t->stem);
    free(t->count);
    free(t->total);
    free(t->best_form);
    free(t->form);
    memset(t, 0, sizeof(*t));
}

/* Load terms, forms and outlet_forms.  Strings live in the report arena
 * only when they are printed; the rest is heap, freed at the end. */
static int load_terms(struct ctx *c, struct slant_arena *scratch)
{
    if (c->td_loaded)
        return 0;
    c->td_loaded = 1;
    struct termdata *t = &c->td;
    sqlite3_stmt *s;
    int rc = prep(c, "SELECT IFNULL(MAX(id), 0) FROM terms", &s);
    if (rc < 0)
        return rc;
    int64_t max_term = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if ((rc = prep(c, "SELECT IFNULL(MAX(id), 0) FROM forms", &s)) < 0)
        return rc;
    t->max_form = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if (max_term < 0)
        max_term = 0;
    if (t->max_form < 0)
        t->max_form = 0;
    /* terms are indexed by their id directly: ids are dense from 1 */
    t->n_terms = (size_t)max_term + 1;
    t->stem = slant_xcalloc(t->n_terms, sizeof(*t->stem));
    if ((rc = prep(c, "SELECT id, stem FROM terms", &s)) < 0)
        return rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        const unsigned char *p = sqlite3_column_text(s, 1);
        if (id > 0 && id <= max_term)
            t->stem[id] = slant_arena_strndup(scratch, p ? (const char *)p : "",
                                              (size_t)sqlite3_column_bytes(s, 1));
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return db_fail(c);
    int64_t *form_term = slant_xcalloc((size_t)t->max_form + 1, sizeof(*form_term));
    t->form = slant_xcalloc((size_t)t->max_form + 1, sizeof(*t->form));
    if ((rc = prep(c, "SELECT id, term_id, form FROM forms", &s)) < 0) {
        free(form_term);
        return rc;
    }
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        if (id <= 0 || id > t->max_form)
            continue;
        form_term[id] = sqlite3_column_int64(s, 1);
        const unsigned char *p = sqlite3_column_text(s, 2);
        t->form[id] = slant_arena_strndup(scratch, p ? (const char *)p : "",
                                          (size_t)sqlite3_column_bytes(s, 2));
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(form_term);
        return db_fail(c);
    }
    size_t cells = c->n_out * t->n_terms;
    t->count = slant_xcalloc(cells ? cells : 1, sizeof(double));
    t->best_form = slant_xcalloc(cells ? cells : 1, sizeof(int64_t));
    t->total = slant_xcalloc(t->n_terms, sizeof(double));
    double *best_count = slant_xcalloc(cells ? cells : 1, sizeof(double));
    if ((rc = prep(c, "SELECT outlet_id, form_id, count FROM outlet_forms", &s)) < 0) {
        free(form_term);
        free(best_count);
        return rc;
    }
    size_t o = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t oid = sqlite3_column_int64(s, 0), fid = sqlite3_column_int64(s, 1);
        if (o >= c->n_out || c->out_id[o] != oid)
            o = outlet_by_id(c, oid);
        if (o == SIZE_MAX || fid <= 0 || fid > t->max_form)
            continue;
        int64_t term = form_term[fid];
        if (term <= 0 || term > max_term)
            continue;
        double k = (double)col_size(s, 2);
        size_t cell = o * t->n_terms + (size_t)term;
        t->count[cell] += k;
        t->total[term] += k;
        /* the outlet's most frequent form; ties to the smaller string, so
         * the choice does not depend on row order */
        int64_t b = t->best_form[cell];
        if (!b || k > best_count[cell] ||
            (k == best_count[cell] && strcmp(t->form[fid], t->form[b]) < 0)) {
            t->best_form[cell] = fid;
            best_count[cell] = k;
        }
    }
    sqlite3_finalize(s);
    free(form_term);
    free(best_count);
    return rc == SQLITE_DONE ? 0 : db_fail(c);
}

struct kw_sort {
    double z;
    const char *term;
    size_t w;
};

static int cmp_kw(const void *pa, const void *pb)
{
    const struct kw_sort *a = pa, *b = pb;
    if (a->z != b->z)
        return a->z > b->z ? -1 : 1;
    int k = strcmp(a->term, b->term);
    if (k)
        return k;
    return a->w < b->w ? -1 : a->w > b->w;
}

static int build_keyness(struct ctx *c, size_t only)
{
    struct slant_report *r = c->r;
    struct termdata *t = &c->td;
    size_t floor_ = r->opts.min_count ? r->opts.min_count : 1;
    /* the vocabulary: every term used in the corpus at least floor_ times */
    size_t *vocab = slant_xcalloc(t->n_terms, sizeof(size_t));
    size_t nv = 0, used = 0;
    for (size_t w = 0; w < t->n_terms; w++) {
        if (t->total[w] > 0)
            used++;
        if (t->total[w] >= (double)floor_)
            vocab[nv++] = w;
    }
    r->keyness_vocabulary = nv;
    r->keyness_below_floor = used - nv;
    double *yg = slant_xcalloc(6 * (nv ? nv : 1), sizeof(double));
    double *yt = yg + nv, *delta = yt + nv, *z = delta + nv, *g2 = z + nv, *lr = g2 + nv;
    for (size_t i = 0; i < nv; i++)
        yt[i] = t->total[vocab[i]];
    struct kw_sort *ks = slant_xcalloc(nv ? nv : 1, sizeof(*ks));
    struct slant_keyness_out ko = {.delta = delta, .z = z, .g2 = g2, .log_ratio = lr};
    size_t top = r->opts.keyness_top;
    int rc = 0;
    /* rows: at most top (or every used term) per outlet */
    size_t cap = 0;
    for (size_t o = 0; o < c->n_out; o++)
        if (only == SIZE_MAX || o == only)
            cap += top && top < nv ? top : nv;
    r->keyness = arena_array(c->a, cap, sizeof(*r->keyness));
    for (size_t o = 0; o < c->n_out && rc == 0; o++) {
        if (only != SIZE_MAX && o != only)
            continue;
        const double *row = t->count + o * t->n_terms;
        for (size_t i = 0; i < nv; i++)
            yg[i] = row[vocab[i]];
        int krc = slant_keyness(yg, yt, nv, r->opts.alpha0, &ko);
        if (krc == SLANT_EEMPTY || krc == SLANT_EINVAL) {
            /* one outlet, or a vocabulary of one term: nothing to set
             * against; say so rather than print an empty table silently */
            slant_diag(c->diag, SLANT_WARNING, NULL, 0,
                       "%s: no keyness (it needs other outlets and at least two terms)",
                       c->out_name[o]);
            continue;
        }
        if (krc < 0) {
            slant_diag(c->diag, SLANT_FATAL, NULL, 0, "%s: keyness: %s", c->out_name[o],
                       slant_strerror(krc));
            rc = krc;
            break;
        }
        /* the outlet's rows are the terms it uses */
        size_t k = 0;
        for (size_t i = 0; i < nv; i++)
            if (yg[i] > 0) {
                ks[k].z = z[i];
                ks[k].term = t->stem[vocab[i]] ? t->stem[vocab[i]] : "";
                ks[k].w = i;
                k++;
            }
        qsort(ks, k, sizeof(*ks), cmp_kw);
        if (top && top < k)
            k = top;
        for (size_t j = 0; j < k; j++) {
            size_t i = ks[j].w, w = vocab[i];
            struct slant_keyness_row *kr = &r->keyness[r->n_keyness++];
            int64_t bf = t->best_form[o * t->n_terms + w];
            const char *surface = bf ? t->form[bf] : ks[j].term;
            kr->outlet = c->out_name[o];
            kr->term = slant_arena_strndup(c->a, ks[j].term, strlen(ks[j].term));
            kr->surface = slant_arena_strndup(c->a, surface, strlen(surface));
            kr->count = (size_t)yg[i];
            kr->count_rest = (size_t)(yt[i] - yg[i]);
            kr->log_odds = delta[i];
            kr->z = z[i];
            kr->g2 = g2[i];
            kr->log_ratio = lr[i];
        }
    }
    free(ks);
    free(yg);
    free(vocab);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* The outlet map                                                            */
/* ------------------------------------------------------------------------ */

static int build_map(struct ctx *c)
{
    struct slant_map *m = &c->r->map;
    size_t no = c->n_out, nf = c->n_fr;
    m->n_outlets = no;
    m->n_frames = nf;
    m->outlets = arena_array(c->a, no, sizeof(*m->outlets));
    m->frames = arena_array(c->a, nf, sizeof(*m->frames));
    m->table = arena_array(c->a, no * nf, sizeof(double));
    m->ca_outlet_used = arena_array(c->a, no, 1);
    m->ca_frame_used = arena_array(c->a, nf, 1);
    m->ca.row_coord = arena_array(c->a, no * 2, sizeof(double));
    m->ca.col_coord = arena_array(c->a, nf * 2, sizeof(double));
    m->wf_omega = arena_array(c->a, no, sizeof(double));
    m->wf_se = arena_array(c->a, no, sizeof(double));
    double *rates = slant_xcalloc(no * nf + 1, sizeof(double));
    for (size_t o = 0; o < no; o++)
        m->outlets[o] = c->out_name[o];
    for (size_t g = 0; g < nf; g++) {
        const struct framesel *fs = &c->fr[g];
        const char *ln = c->lex[fs->lex].name;
        size_t len = strlen(ln) + strlen(fs->name) + 2;
        char *label = slant_arena_alloc(c->a, len);
        snprintf(label, len, "%s/%s", ln, fs->name);
        m->frames[g] = label;
        const struct lexdata *d = &c->ld[fs->lex];
        size_t f = g - c->lex[fs->lex].first, lnf = c->lex[fs->lex].nf;
        for (size_t o = 0; o < no; o++) {
            double k = d->sum[o * d->ncol + vcol(SLANT_VOICE_OWN) * lnf + f];
            m->table[o * nf + g] = k;
            rates[o * nf + g] = d->tok[o] > 0 ? k / d->tok[o] * 1000.0 : 0;
        }
    }
    /* the table without all-zero rows and columns, for CA and Wordfish */
    size_t kr = 0, kc = 0;
    for (size_t o = 0; o < no; o++) {
        double s = 0;
        for (size_t g = 0; g < nf; g++)
            s += m->table[o * nf + g];
        m->ca_outlet_used[o] = s > 0;
        kr += s > 0;
    }
    for (size_t g = 0; g < nf; g++) {
        double s = 0;
        for (size_t o = 0; o < no; o++)
            s += m->table[o * nf + g];
        m->ca_frame_used[g] = s > 0;
        kc += s > 0;
    }
    m->ca_dropped_outlets = no - kr;
    m->ca_dropped_frames = nf - kc;
    int rc = 0;
    double *sub = slant_xcalloc(kr * kc + 1, sizeof(double));
    for (size_t o = 0, i = 0; o < no; o++) {
        if (!m->ca_outlet_used[o])
            continue;
        for (size_t g = 0, j = 0; g < nf; g++)
            if (m->ca_frame_used[g])
                sub[i * kc + j++] = m->table[o * nf + g];
        i++;
    }
    if (kr >= 2 && kc >= 2) {
        double *rowc = slant_xcalloc(kr * 2, sizeof(double));
        double *colc = slant_xcalloc(kc * 2, sizeof(double));
        struct slant_ca ca = {.row_coord = rowc, .col_coord = colc};
        int crc = slant_ca(sub, kr, kc, &ca);
        if (crc == 0) {
            m->ca_ok = 1;
            m->ca.share[0] = ca.share[0];
            m->ca.share[1] = ca.share[1];
            m->ca.sv[0] = ca.sv[0];
            m->ca.sv[1] = ca.sv[1];
            m->ca.total_inertia = ca.total_inertia;
            m->ca.n_axes = ca.n_axes;
            for (size_t o = 0, i = 0; o < no; o++)
                if (m->ca_outlet_used[o]) {
                    m->ca.row_coord[o * 2] = rowc[i * 2];
                    m->ca.row_coord[o * 2 + 1] = rowc[i * 2 + 1];
                    i++;
                }
            for (size_t g = 0, j = 0; g < nf; g++)
                if (m->ca_frame_used[g]) {
                    m->ca.col_coord[g * 2] = colc[j * 2];
                    m->ca.col_coord[g * 2 + 1] = colc[j * 2 + 1];
                    j++;
                }
        } else if (crc != SLANT_EINVAL && crc != SLANT_EEMPTY) {
            slant_diag(c->diag, SLANT_WARNING, NULL, 0, "correspondence analysis: %s",
                       slant_strerror(crc));
        }
        free(rowc);
        free(colc);
        if (kr >= 3) {
            double *om = slant_xcalloc(2 * kr, sizeof(double)), *se = om + kr;
            struct slant_wordfish wf = {.omega = om, .se = se};
            int wrc = slant_wordfish(sub, kr, kc, NULL, &wf);
            if (wrc == 0 && wf.converged) {
                m->wordfish_ok = 1;
                for (size_t o = 0, i = 0; o < no; o++)
                    if (m->ca_outlet_used[o]) {
                        m->wf_omega[o] = om[i];
                        m->wf_se[o] = se[i];
                        i++;
                    }
            }
            free(om);
        }
    }
    free(sub);
    /* divergences between outlets with something to compare */
    int ok = no >= 2 && nf >= 1;
    for (size_t o = 0; o < no && ok; o++)
        ok = m->ca_outlet_used[o];
    if (ok) {
        m->jsd_frames = arena_array(c->a, no * no, sizeof(double));
        if (slant_jsd_matrix(rates, no, nf, m->jsd_frames) < 0)
            m->jsd_frames = NULL;
    }
    free(rates);
    if (no >= 2 && c->td.n_terms) {
        m->jsd_terms = arena_array(c->a, no * no, sizeof(double));
        if (slant_jsd_matrix(c->td.count, no, c->td.n_terms, m->jsd_terms) < 0)
            m->jsd_terms = NULL;
    }
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Build and free                                                            */
/* ------------------------------------------------------------------------ */

int slant_report_build(struct slant_store *st, const struct slant_report_opts *o, unsigned parts,
                       struct slant_diag *diag, struct slant_report **out)
{
    *out = NULL;
    if (!st || !o || !diag)
        return SLANT_EINVAL;
    struct slant_report_impl *impl = slant_xcalloc(1, sizeof(*impl));
    slant_arena_init(&impl->arena, 0);
    struct slant_report *r = &impl->pub;
    struct slant_arena scratch;
    slant_arena_init(&scratch, 0);
    struct ctx c = {.r = r, .a = &impl->arena, .db = slant_store_db(st), .diag = diag};
    fill_opts(r, c.a, o);

    int rc = load_outlets(&c);
    if (rc == 0)
        rc = load_lexicons(&c, o->lexicons);
    size_t only = SIZE_MAX;
    if (rc == 0 && r->opts.outlet) {
        only = outlet_index(&c, r->opts.outlet);
        if (only == SIZE_MAX) {
            slant_diag(diag, SLANT_ERROR, NULL, 0, "no outlet named '%s' in the database",
                       r->opts.outlet);
            rc = SLANT_ENOTFOUND;
        }
    }
    if (rc == 0)
        rc = build_lexicon_infos(&c);
    if (rc == 0 && (parts & SLANT_PART_OVERVIEW))
        rc = build_overview(&c);
    if (rc == 0 && (parts & (SLANT_PART_PROFILES | SLANT_PART_COMPARE | SLANT_PART_MAP)))
        rc = load_lexdata(&c);
    if (rc == 0 && (parts & SLANT_PART_PROFILES))
        rc = build_profiles(&c, only);
    if (rc == 0 && (parts & SLANT_PART_COMPARE))
        rc = build_compare(&c);
    if (rc == 0 && (parts & (SLANT_PART_KEYNESS | SLANT_PART_MAP)))
        rc = load_terms(&c, &scratch);
    if (rc == 0 && (parts & SLANT_PART_KEYNESS))
        rc = build_keyness(&c, only);
    if (rc == 0 && (parts & SLANT_PART_MAP))
        rc = build_map(&c);
    if (rc == 0 && (parts & SLANT_PART_KWIC))
        rc = slant_report_build_kwic(st, r, diag);
    if (rc == 0 && (parts & SLANT_PART_EVENT))
        rc = slant_report_build_event(st, r, diag);

    if (c.ld)
        for (size_t l = 0; l < c.n_lex; l++)
            lexdata_release(&c.ld[l]);
    free(c.ld);
    termdata_release(&c.td);
    free(c.out_id);
    slant_arena_release(&scratch);
    if (rc < 0) {
        slant_report_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

void slant_report_free(struct slant_report *r)
{
    if (!r)
        return;
    struct slant_report_impl *impl = (struct slant_report_impl *)(void *)r;
    slant_arena_release(&impl->arena);
    free(impl);
}

void slant_report_finding(const struct slant_compare_row *c, struct slant_finding *out)
{
    int a_first = c->rate_a >= c->rate_b;
    out->hi = a_first ? c->outlet_a : c->outlet_b;
    out->lo = a_first ? c->outlet_b : c->outlet_a;
    out->rate_hi = a_first ? c->rate_a : c->rate_b;
    out->rate_lo = a_first ? c->rate_b : c->rate_a;
    out->hits_hi = a_first ? c->hits_a : c->hits_b;
    out->never = !(out->rate_lo > 0);
    out->times = out->never ? 0.0 : out->rate_hi / out->rate_lo;
}

const char *slant_voice_phrase(int voice)
{
    switch (voice) {
    case SLANT_VOICE_OWN:
        return "in its own voice";
    case SLANT_VOICE_ATTRIBUTED:
        return "in attributed speech";
    case SLANT_VOICE_QUOTED:
        return "in quotations";
    default:
        return "counting every voice";
    }
}
