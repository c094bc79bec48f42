/*
 * cmd_show.c - `slant show`: one stored article with its frame words marked
 * and its quotations shaded.
 *
 * The hits are the stored ones (what every count was made of); the
 * quotations, which the database does not keep, come from tokenizing the
 * stored text again and letting a matcher without lexicons resolve them, as
 * at ingest.  On a terminal, frame words get a colour per frame plus bold
 * and underline (so colour is never the only cue) and quotations are dim
 * italic; otherwise (a pipe, a file, NO_COLOR) the text is plain, a hit is
 * written [[words]]{frame} and quotations keep only their own marks.
 */
#include <getopt.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "slant/match.h"
#include "slant/tokenize.h"
#include "slant/xalloc.h"

static const char usage[] = "slant show DOCUMENT-ID [--db FILE] [--lexicon NAME]...";

static const char help[] =
    "One stored article: a header (outlet, title, date, source, url, tokens),\n"
    "the text with frame words marked, and a legend of the frames with their hits\n"
    "by voice.  Document ids are those of 'slant kwic' and the reports.\n"
    "\n"
    "  --db FILE       database (default $SLANT_DB, else ./slant.db)\n"
    "  --lexicon NAME  only this lexicon's frames (repeatable; default every\n"
    "                  lexicon but attribution, the voice cues)\n"
    "\n"
    "On a terminal each frame has a colour, its words are also bold and underlined,\n"
    "and quotations are dim italic.  Otherwise (a pipe or a file, or NO_COLOR set)\n"
    "the output is plain text: a hit is written [[words]]{frame} (several frames\n"
    "on the same words: {frame,frame}; lexicon/frame when two lexicons share a\n"
    "frame name) and quotations are left as the text marks them.\n"
    "An unknown document id is an error (exit 1).\n";

/* colours of the frames, in legend order, then again */
static const char *const palette[] = {"31", "32", "33", "34", "35", "36", "91", "92", "94", "95"};
#define N_PALETTE (sizeof(palette) / sizeof(palette[0]))
#define SGR_RESET "\033[0m"
#define SGR_QUOTE "\033[2;3m"

struct frame_key {
    char *lexicon, *frame;
    const char *label; /* frame, or lexicon/frame when frame names clash */
    char *label_buf;   /* owned storage of a lexicon/frame label */
    size_t hits[SLANT_VOICE_COUNT];
    size_t negated, distanced;
};

struct shit {
    size_t start, end;
    size_t key; /* index into the frame keys */
};

/* A run of overlapping hits, marked as one. */
struct group {
    size_t start, end;
    size_t first, n; /* hits [first, first + n) */
};

struct doc {
    sqlite3_int64 id;
    char *outlet, *title, *date, *url, *source, *lang, *text;
    size_t len;
    long long tokens;
};

static char *dup_col(sqlite3_stmt *s, int i)
{
    const char *p = (const char *)sqlite3_column_text(s, i);
    return slant_xstrdup(p ? p : "");
}

static int load_doc(sqlite3 *db, sqlite3_int64 id, struct doc *d, int *found)
{
    sqlite3_stmt *s = NULL;
    *found = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT o.name, d.title, d.date, d.url, d.source, d.lang, d.n_tokens,"
                           " d.text FROM documents d JOIN outlets o ON o.id = d.outlet_id"
                           " WHERE d.id = ?1",
                           -1, &s, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *found = 1;
        d->id = id;
        d->outlet = dup_col(s, 0);
        d->title = dup_col(s, 1);
        d->date = dup_col(s, 2);
        d->url = dup_col(s, 3);
        d->source = dup_col(s, 4);
        d->lang = dup_col(s, 5);
        d->tokens = sqlite3_column_int64(s, 6);
        d->len = (size_t)sqlite3_column_bytes(s, 7);
        const char *t = sqlite3_column_blob(s, 7);
        d->text = slant_xmalloc(d->len + 1);
        if (d->len)
            memcpy(d->text, t, d->len);
        d->text[d->len] = '\0';
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static void doc_release(struct doc *d)
{
    free(d->outlet);
    free(d->title);
    free(d->date);
    free(d->url);
    free(d->source);
    free(d->lang);
    free(d->text);
}

static int wanted(char **lex, size_t n_lex, const char *name)
{
    if (!n_lex)
        return strcmp(name, "attribution") != 0;
    for (size_t i = 0; i < n_lex; i++)
        if (strcmp(lex[i], name) == 0)
            return 1;
    return 0;
}

static int cmp_key(const void *pa, const void *pb)
{
    const struct frame_key *a = pa, *b = pb;
    int c = strcmp(a->lexicon, b->lexicon);
    return c ? c : strcmp(a->frame, b->frame);
}

/* The hits of the document, their frames (sorted, labelled) in *keys. */
static int load_hits(sqlite3 *db, sqlite3_int64 id, char **lex, size_t n_lex, struct shit **hits,
                     size_t *n_hits, struct frame_key **keys, size_t *n_keys)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT h.byte_start, h.byte_end, l.name, f.name, h.voice, h.negated,"
                           " h.distanced FROM hits h JOIN frames f ON f.id = h.frame_id"
                           " JOIN lexicons l ON l.id = h.lexicon_id WHERE h.doc_id = ?1"
                           " ORDER BY h.byte_start, h.byte_end, l.name, f.name",
                           -1, &s, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    struct shit *hv = NULL;
    struct frame_key *kv = NULL;
    size_t nh = 0, nk = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *lx = (const char *)sqlite3_column_text(s, 2);
        const char *fr = (const char *)sqlite3_column_text(s, 3);
        if (!lx || !fr || !wanted(lex, n_lex, lx))
            continue;
        size_t k = 0;
        while (k < nk && !(strcmp(kv[k].lexicon, lx) == 0 && strcmp(kv[k].frame, fr) == 0))
            k++;
        if (k == nk) {
            kv = slant_xreallocarray(kv, nk + 1, sizeof(*kv));
            memset(&kv[nk], 0, sizeof(kv[nk]));
            kv[nk].lexicon = slant_xstrdup(lx);
            kv[nk].frame = slant_xstrdup(fr);
            nk++;
        }
        hv = slant_xreallocarray(hv, nh + 1, sizeof(*hv));
        sqlite3_int64 bs = sqlite3_column_int64(s, 0), be = sqlite3_column_int64(s, 1);
        hv[nh].start = bs > 0 ? (size_t)bs : 0;
        hv[nh].end = be > bs ? (size_t)be : hv[nh].start;
        hv[nh].key = k;
        nh++;
        int v = slant_voice_parse((const char *)sqlite3_column_text(s, 4));
        kv[k].hits[v >= 0 ? v : SLANT_VOICE_OWN]++;
        kv[k].negated += sqlite3_column_int(s, 5) != 0;
        kv[k].distanced += sqlite3_column_int(s, 6) != 0;
    }
    sqlite3_finalize(s);
    /* legend order: lexicon, frame; hits point at the sorted keys */
    size_t *where = slant_xcalloc(nk ? nk : 1, sizeof(*where));
    struct frame_key *sorted = slant_xreallocarray(NULL, nk ? nk : 1, sizeof(*sorted));
    if (nk)
        memcpy(sorted, kv, nk * sizeof(*kv));
    qsort(sorted, nk, sizeof(*sorted), cmp_key);
    for (size_t i = 0; i < nk; i++)
        for (size_t j = 0; j < nk; j++)
            if (kv[i].lexicon == sorted[j].lexicon)
                where[i] = j;
    for (size_t i = 0; i < nh; i++)
        hv[i].key = where[hv[i].key];
    free(where);
    free(kv);
    for (size_t i = 0; i < nk; i++) {
        sorted[i].label = sorted[i].frame;
        for (size_t j = 0; j < nk; j++)
            if (j != i && strcmp(sorted[i].frame, sorted[j].frame) == 0)
                sorted[i].label = NULL;
    }
    for (size_t i = 0; i < nk; i++) {
        if (!sorted[i].label) {
            size_t len = strlen(sorted[i].lexicon) + strlen(sorted[i].frame) + 2;
            char *p = slant_xmalloc(len);
            snprintf(p, len, "%s/%s", sorted[i].lexicon, sorted[i].frame);
            sorted[i].label = sorted[i].label_buf = p;
        }
    }
    *hits = hv;
    *n_hits = nh;
    *keys = sorted;
    *n_keys = nk;
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Quotations of the text, as the matcher resolves them (malloc'd copy). */
static struct slant_quote *find_quotes(const char *text, size_t len, size_t *n)
{
    struct slant_tokenizer *tz = slant_tokenizer_new();
    struct slant_matcher *m = slant_matcher_new(NULL);
    slant_matcher_begin(m);
    slant_tokenizer_reset(tz, text, len);
    struct slant_token t;
    while (slant_tokenizer_next(tz, &t))
        slant_matcher_push(m, &t, NULL);
    slant_matcher_end(m);
    const struct slant_quote *q = slant_matcher_quotes(m, n);
    struct slant_quote *copy = slant_xreallocarray(NULL, *n ? *n : 1, sizeof(*copy));
    if (*n)
        memcpy(copy, q, *n * sizeof(*copy));
    slant_matcher_free(m);
    slant_tokenizer_free(tz);
    return copy;
}

/* Overlapping hits (several lexicons on the same words) make one group. */
static struct group *make_groups(const struct shit *h, size_t nh, size_t len, size_t *n_out)
{
    struct group *g = slant_xreallocarray(NULL, nh ? nh : 1, sizeof(*g));
    size_t n = 0;
    for (size_t i = 0; i < nh; i++) {
        size_t s = h[i].start < len ? h[i].start : len, e = h[i].end < len ? h[i].end : len;
        if (n && s < g[n - 1].end) {
            if (e > g[n - 1].end)
                g[n - 1].end = e;
            g[n - 1].n++;
            continue;
        }
        g[n++] = (struct group){s, e, i, 1};
    }
    *n_out = n;
    return g;
}

static void put_labels(FILE *f, const struct group *g, const struct shit *h,
                       const struct frame_key *keys)
{
    fputc('{', f);
    for (size_t i = 0; i < g->n; i++) {
        size_t k = h[g->first + i].key;
        int seen = 0;
        for (size_t j = 0; j < i; j++)
            seen |= h[g->first + j].key == k;
        if (seen)
            continue;
        if (i)
            fputc(',', f);
        fputs(keys[k].label, f);
    }
    fputc('}', f);
}

static void print_plain(FILE *f, const struct doc *d, const struct group *g, size_t ng,
                        const struct shit *h, const struct frame_key *keys)
{
    size_t pos = 0;
    for (size_t i = 0; i < ng; i++) {
        fwrite(d->text + pos, 1, g[i].start - pos, f);
        fputs("[[", f);
        fwrite(d->text + g[i].start, 1, g[i].end - g[i].start, f);
        fputs("]]", f);
        put_labels(f, &g[i], h, keys);
        pos = g[i].end;
    }
    fwrite(d->text + pos, 1, d->len - pos, f);
    if (d->len && d->text[d->len - 1] != '\n')
        fputc('\n', f);
}

static void set_style(FILE *f, long hit_key, int quoted)
{
    fputs(SGR_RESET, f);
    if (hit_key >= 0)
        fprintf(f, "\033[1;4;%sm", palette[(size_t)hit_key % N_PALETTE]);
    if (quoted)
        fputs(hit_key >= 0 ? "\033[3m" : SGR_QUOTE, f);
}

static void print_color(FILE *f, const struct doc *d, const struct group *g, size_t ng,
                        const struct shit *h, const struct slant_quote *q, size_t nq)
{
    size_t gi = 0, qi = 0;
    long cur_hit = -1;
    int cur_quote = 0;
    for (size_t pos = 0; pos < d->len; pos++) {
        while (gi < ng && g[gi].end <= pos)
            gi++;
        while (qi < nq && q[qi].byte_end <= pos)
            qi++;
        long hk = gi < ng && g[gi].start <= pos ? (long)h[g[gi].first].key : -1;
        int qd = qi < nq && q[qi].byte_start <= pos;
        char c = d->text[pos];
        if (c == '\n') {
            /* styles end at the line end, so a background never bleeds */
            if (cur_hit >= 0 || cur_quote)
                fputs(SGR_RESET, f);
            cur_hit = -1;
            cur_quote = 0;
            fputc('\n', f);
            continue;
        }
        if (hk != cur_hit || qd != cur_quote) {
            if (hk < 0 && !qd)
                fputs(SGR_RESET, f);
            else
                set_style(f, hk, qd);
            cur_hit = hk;
            cur_quote = qd;
        }
        fputc(c, f);
    }
    if (cur_hit >= 0 || cur_quote)
        fputs(SGR_RESET, f);
    if (d->len && d->text[d->len - 1] != '\n')
        fputc('\n', f);
}

static void print_legend(FILE *f, const struct frame_key *keys, size_t nk, size_t n_quotes,
                         int color)
{
    fputs("\nframes:\n", f);
    if (!nk)
        fputs("  (no frame words)\n", f);
    for (size_t i = 0; i < nk; i++) {
        const struct frame_key *k = &keys[i];
        size_t total = k->hits[0] + k->hits[1] + k->hits[2];
        if (color) {
            fputs("  ", f);
            set_style(f, (long)i, 0);
            fputs(k->label, f);
            fputs(SGR_RESET, f);
        } else {
            fprintf(f, "  {%s}", k->label);
        }
        fprintf(f, "  %s/%s: %zu hit%s (own %zu, attributed %zu, quoted %zu", k->lexicon, k->frame,
                total, total == 1 ? "" : "s", k->hits[SLANT_VOICE_OWN],
                k->hits[SLANT_VOICE_ATTRIBUTED], k->hits[SLANT_VOICE_QUOTED]);
        if (k->negated)
            fprintf(f, "; %zu negated", k->negated);
        if (k->distanced)
            fprintf(f, "; %zu distanced", k->distanced);
        fputs(")\n", f);
    }
    if (color) {
        fputs("  ", f);
        fputs(SGR_QUOTE, f);
        fputs("quoted text", f);
        fputs(SGR_RESET, f);
        fprintf(f, "  quotations: %zu\n", n_quotes);
    } else {
        fprintf(f, "quotations: %zu (shown with the text's own marks)\n", n_quotes);
    }
}

int cmd_show(int argc, char **argv, struct slant_cli *cli)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"lexicon", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    char **lex = slant_xcalloc((size_t)argc + 1, sizeof(*lex));
    size_t n_lex = 0;
    int c, status = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:l:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'l':
            lex[n_lex++] = optarg;
            break;
        case 'h':
            fprintf(cli->out, "usage: %s\n\n%s", usage, help);
            free(lex);
            return 0;
        default:
            free(lex);
            return slant_cli_usage(cli, usage, "unknown option");
        }
    }
    long id = 0;
    if (optind >= argc) {
        free(lex);
        return slant_cli_usage(cli, usage, "which document? (give its id)");
    }
    if (slant_cli_uint(argv[optind], 0x7fffffffL, &id) < 0) {
        status = slant_cli_usage(cli, usage, "'%s' is not a document id", argv[optind]);
        free(lex);
        return status;
    }
    if (optind + 1 < argc) {
        status = slant_cli_usage(cli, usage, "unexpected argument '%s'", argv[optind + 1]);
        free(lex);
        return status;
    }

    struct slant_store *st = NULL;
    if ((status = slant_cli_open_db(cli, slant_cli_db_path(db), 1, &st))) {
        free(lex);
        return status;
    }
    sqlite3 *sdb = slant_store_db(st);
    /* an unknown lexicon is a usage error, as in profile, compare and kwic */
    for (size_t i = 0; i < n_lex; i++) {
        sqlite3_stmt *q = NULL;
        int known = 0;
        if (sqlite3_prepare_v2(sdb, "SELECT 1 FROM lexicons WHERE name = ?1", -1, &q, NULL) ==
            SQLITE_OK) {
            sqlite3_bind_text(q, 1, lex[i], -1, SQLITE_STATIC);
            known = sqlite3_step(q) == SQLITE_ROW;
        }
        sqlite3_finalize(q);
        if (!known) {
            slant_store_close(st);
            status = slant_cli_usage(cli, usage, "no lexicon '%s' in the database", lex[i]);
            free(lex);
            return status;
        }
    }
    struct doc d;
    memset(&d, 0, sizeof(d));
    struct shit *hits = NULL;
    struct frame_key *keys = NULL;
    struct group *groups = NULL;
    struct slant_quote *quotes = NULL;
    size_t n_hits = 0, n_keys = 0, n_groups = 0, n_quotes = 0;
    int found = 0;
    if (load_doc(sdb, id, &d, &found) < 0 ||
        (found && load_hits(sdb, id, lex, n_lex, &hits, &n_hits, &keys, &n_keys) < 0)) {
        slant_diag(cli->diag, SLANT_FATAL, NULL, 0, "database query failed: %s",
                   sqlite3_errmsg(sdb));
        status = SLANT_EXIT_SYSTEM;
        goto out;
    }
    if (!found) {
        slant_diag(cli->diag, SLANT_ERROR, NULL, 0,
                   "no document %ld in the database ('slant kwic' and the reports name "
                   "document ids)",
                   id);
        status = SLANT_EXIT_REJECTED;
        goto out;
    }
    quotes = find_quotes(d.text, d.len, &n_quotes);
    groups = make_groups(hits, n_hits, d.len, &n_groups);

    FILE *f = cli->out;
    if (cli->color)
        fprintf(f, "\033[1m%s\033[0m\n", d.title[0] ? d.title : "(untitled)");
    else
        fprintf(f, "%s\n", d.title[0] ? d.title : "(untitled)");
    fprintf(f, "document %lld\noutlet   %s\ndate     %s\nsource   %s\n", (long long)d.id, d.outlet,
            d.date[0] ? d.date : "(none)", d.source);
    if (d.url[0])
        fprintf(f, "url      %s\n", d.url);
    fprintf(f, "tokens   %lld%s%s\n\n", d.tokens, d.lang[0] ? ", language " : "", d.lang);
    if (cli->color)
        print_color(f, &d, groups, n_groups, hits, quotes, n_quotes);
    else
        print_plain(f, &d, groups, n_groups, hits, keys);
    print_legend(f, keys, n_keys, n_quotes, cli->color);
out:
    for (size_t i = 0; i < n_keys; i++) {
        free(keys[i].lexicon);
        free(keys[i].frame);
        free(keys[i].label_buf);
    }
    free(keys);
    free(hits);
    free(groups);
    free(quotes);
    doc_release(&d);
    slant_store_close(st);
    free(lex);
    return status;
}
