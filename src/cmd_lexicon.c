/*
 * cmd_lexicon.c - `slant lexicon check` and `slant lexicon import`.
 *
 * check is how a researcher audits a lexicon before trusting it: the parser's
 * problems (each with its line number, through the diagnostics sink), and,
 * against a database, what every pattern really catches there: its hit
 * count, the surface forms of its hits, the patterns that never match, and
 * the words a stem pattern catches beyond the word written (stem
 * collisions: "liberation" and "liberal" share the stem "liber").
 *
 * Where the hit counts come from: the database's stored hits when it holds
 * this very version of the lexicon (same name, same content hash) and has
 * scored every document with it; otherwise the documents are scored in
 * memory with the file's lexicon, writing nothing (the database is opened
 * read-only).  The output says which.
 *
 * import converts a LIWC .dic (slant_lexicon_import_dic does the work).
 */
#include <errno.h>
#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "slant/analyze.h"
#include "slant/stem.h"
#include "slant/tokenize.h"
#include "slant/xalloc.h"

static const char usage_top[] = "slant lexicon check|import [ARGS]";

static const char help_top[] =
    "Work with lexicon files (the .lex format is specified in lexicons/README.md).\n"
    "\n"
    "  slant lexicon check FILE.lex [--db FILE] [--format table|csv|json]\n"
    "      report every problem of a lexicon with its line number and, with a\n"
    "      database, what each pattern catches there\n"
    "  slant lexicon import FILE.dic [-o OUT.lex] [--name NAME]\n"
    "      convert a LIWC-format dictionary to a .lex lexicon\n"
    "\n"
    "Run 'slant lexicon check --help' or 'slant lexicon import --help' for details.\n";

static const char usage_check[] =
    "slant lexicon check FILE.lex [--db FILE] [--format table|csv|json]";

static const char help_check[] =
    "Lint a lexicon: every problem is reported on stderr as FILE:LINE: severity:\n"
    "message (unknown key, pattern before any frame, empty or duplicate frame, a\n"
    "bare '*', a weight that is not a finite number > 0, ...).  Standard output\n"
    "gets the lexicon's name, hash and size, and its patterns.\n"
    "\n"
    "With --db, each pattern's hits in that database: the hit count, the surface\n"
    "forms it caught (case-folded, most frequent first), the patterns that never\n"
    "match, and stem collisions: for each stem pattern, the other word forms of\n"
    "the database's vocabulary with the same Snowball stem that are not\n"
    "inflections of the word written (\"liberation\" and \"liberal\" share the stem\n"
    "\"liber\"), with their occurrences in the database (for a phrase, each of\n"
    "its stem words on its own).  The hits are the database's stored hits when\n"
    "it holds this exact version of the lexicon (same name and content hash) and\n"
    "has scored every document with it; otherwise the documents are scored in\n"
    "memory with the file, and nothing is written.  The output says which.\n"
    "\n"
    "  --db FILE     database to check the patterns against (read only)\n"
    "  --format F    table (default), csv or json\n"
    "\n"
    "Inflections (for collisions) are judged by a rule of thumb: in English, a\n"
    "form is an inflection of the word when both reduce to a common base by\n"
    "removing -s, -es, -'s, -ed, -ing, -er, -est (with -ies/-ied for -y and a\n"
    "restored -e); in other languages, when neither differs from their common\n"
    "beginning by more than 3 letters.\n"
    "\n"
    "CSV columns: kind,line,frame,pattern,item,count,stem where kind is pattern\n"
    "(count = hits, empty without --db), form (item = a surface form caught) or\n"
    "collision (item = a word form sharing the pattern word's stem `stem`).\n"
    "\n"
    "Exit status: 0 clean (warnings allowed), 1 the lexicon has errors, 2 usage,\n"
    "3 system error.\n";

static const char usage_import[] = "slant lexicon import FILE.dic [-o OUT.lex] [--name NAME]";

static const char help_import[] =
    "Convert a LIWC-format dictionary (a %-delimited category table, then\n"
    "`word<TAB>category...` lines; `word*` is a prefix) to a .lex lexicon on\n"
    "standard output or in OUT.lex.  Categories become frames; plain words become\n"
    "exact patterns (=word), since LIWC matches whole words.  Entries that cannot\n"
    "be imported are reported with their line numbers and left out.  The result\n"
    "has no @pole lines: add them by hand.\n"
    "\n"
    "  -o, --output OUT.lex   write here instead of standard output\n"
    "  --name NAME            the lexicon's name (default: the file's base name)\n"
    "\n"
    "Exit status: 0 ok, 1 some entries were rejected (the rest is written) or\n"
    "nothing could be imported (nothing is written), 2 usage, 3 system error.\n";

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */
/* ------------------------------------------------------------------------ */

static char *read_all(const char *path, size_t *len, int *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = errno;
        return NULL;
    }
    struct slant_buf b;
    slant_buf_init(&b, (size_t)64 << 20);
    char chunk[65536];
    size_t r;
    int rc = 0;
    while (rc == 0 && (r = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc = slant_buf_add(&b, chunk, r);
    int bad = ferror(f);
    *err = bad ? EIO : rc < 0 ? EFBIG : 0;
    fclose(f);
    if (bad || rc < 0) {
        slant_buf_release(&b);
        return NULL;
    }
    char *p = slant_buf_detach(&b, len);
    return p ? p : slant_xstrdup("");
}

static int db_error(struct slant_cli *cli, sqlite3 *db)
{
    slant_diag(cli->diag, SLANT_FATAL, NULL, 0, "database query failed: %s", sqlite3_errmsg(db));
    return SLANT_EXIT_SYSTEM;
}

/* Length of a UTF-8 string in code points. */
static size_t u8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n;
}

/* ------------------------------------------------------------------------ */
/* Inflections: is a form of the database one of the pattern word's own?     */
/* ------------------------------------------------------------------------ */

#define MAX_BASES 12
#define BASE_LEN 300

struct bases {
    char s[MAX_BASES][BASE_LEN];
    size_t n;
};

static int ends_with(const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n > k + 1 && memcmp(w + n - k, suf, k) == 0;
}

static void base_add(struct bases *b, const char *w, size_t n, const char *tail)
{
    size_t t = strlen(tail);
    if (b->n == MAX_BASES || n + t >= BASE_LEN || n + t < 2)
        return;
    memcpy(b->s[b->n], w, n);
    memcpy(b->s[b->n] + n, tail, t + 1);
    b->n++;
    /* a doubled final consonant (stopped -> stopp -> stop) */
    if (!*tail && n >= 3 && w[n - 1] == w[n - 2] && !strchr("aeiou", w[n - 1]) &&
        b->n < MAX_BASES) {
        memcpy(b->s[b->n], w, n - 1);
        b->s[b->n][n - 1] = '\0';
        b->n++;
    }
}

/* The English bases a word may be an inflection of (itself included). */
static void en_bases(const char *w, struct bases *b)
{
    size_t n = strlen(w);
    b->n = 0;
    base_add(b, w, n, "");
    if (ends_with(w, n, "'s"))
        base_add(b, w, n - 2, "");
    if (ends_with(w, n, "ies") || ends_with(w, n, "ied"))
        base_add(b, w, n - 3, "y");
    if (ends_with(w, n, "es"))
        base_add(b, w, n - 2, "");
    if (ends_with(w, n, "s") && !ends_with(w, n, "ss"))
        base_add(b, w, n - 1, "");
    if (ends_with(w, n, "ed") || ends_with(w, n, "er")) {
        base_add(b, w, n - 2, "");
        base_add(b, w, n - 1, ""); /* liberated -> liberate */
    }
    if (ends_with(w, n, "ing")) {
        base_add(b, w, n - 3, "");
        base_add(b, w, n - 3, "e"); /* liberating -> liberate */
    }
    if (ends_with(w, n, "est")) {
        base_add(b, w, n - 3, "");
        base_add(b, w, n - 2, ""); /* largest -> large */
    }
}

static int is_inflection(const char *lang, const char *word, const char *form)
{
    if (strcmp(word, form) == 0)
        return 1;
    if (strcmp(lang, "en") == 0) {
        struct bases a, b;
        en_bases(word, &a);
        en_bases(form, &b);
        for (size_t i = 0; i < a.n; i++)
            for (size_t j = 0; j < b.n; j++)
                if (strcmp(a.s[i], b.s[j]) == 0)
                    return 1;
        return 0;
    }
    size_t wl = strlen(word), fl = strlen(form), c = 0;
    while (c < wl && c < fl && word[c] == form[c])
        c++;
    while (c > 0 && ((unsigned char)word[c] & 0xc0) == 0x80) /* whole characters */
        c--;
    return u8_chars(word + c, wl - c) <= 3 && u8_chars(form + c, fl - c) <= 3;
}

/* ------------------------------------------------------------------------ */
/* What each pattern caught                                                  */
/* ------------------------------------------------------------------------ */

struct counted {
    char *s;
    size_t count;
    char *stem; /* collisions: the stem shared */
};

struct pat_report {
    size_t hits;
    struct counted *forms;
    size_t n_forms;
    struct counted *collisions;
    size_t n_collisions;
};

struct caught {
    uint32_t pat;
    char *form;
};

struct check {
    struct slant_cli *cli;
    struct slant_lexicon *lex;
    char ***words;         /* per pattern, per token: folded word of a STEM token, else NULL */
    struct pat_report *pr; /* per pattern */
    struct caught *caught; /* surface forms of every hit */
    size_t n_caught, cap_caught;
    int have_db;
    int stored;          /* hits came from the database */
    const char *db_note; /* why the documents were scored in memory */
    char db_hash[17];
    size_t n_docs;
};

/* Fold a hit's text and squeeze white space runs (a line break inside a
 * multi-word hit) to one space, so equal phrases count together. */
static void add_caught(struct check *ck, uint32_t pat, const char *p, size_t len)
{
    char *folded = NULL;
    size_t fl = 0;
    if (slant_fold(p, len, &folded, &fl) < 0)
        return;
    size_t j = 0;
    int space = 0;
    for (size_t i = 0; i < fl; i++) {
        char c = folded[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = j > 0;
            continue;
        }
        if (space)
            folded[j++] = ' ';
        space = 0;
        folded[j++] = c;
    }
    folded[j] = '\0';
    if (ck->n_caught == ck->cap_caught) {
        ck->cap_caught = ck->cap_caught ? ck->cap_caught * 2 : 256;
        ck->caught = slant_xreallocarray(ck->caught, ck->cap_caught, sizeof(*ck->caught));
    }
    ck->caught[ck->n_caught].pat = pat;
    ck->caught[ck->n_caught].form = folded;
    ck->n_caught++;
    if (pat < ck->lex->n_patterns)
        ck->pr[pat].hits++;
}

static int caught_cmp(const void *a, const void *b)
{
    const struct caught *x = a, *y = b;
    if (x->pat != y->pat)
        return x->pat < y->pat ? -1 : 1;
    return strcmp(x->form, y->form);
}

static int counted_cmp(const void *a, const void *b)
{
    const struct counted *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->s, y->s);
}

/* Group the caught forms per pattern, most frequent first. */
static void tally_caught(struct check *ck)
{
    if (ck->n_caught)
        qsort(ck->caught, ck->n_caught, sizeof(*ck->caught), caught_cmp);
    for (size_t i = 0; i < ck->n_caught;) {
        size_t j = i;
        while (j < ck->n_caught && ck->caught[j].pat == ck->caught[i].pat &&
               strcmp(ck->caught[j].form, ck->caught[i].form) == 0)
            j++;
        uint32_t pat = ck->caught[i].pat;
        if (pat < ck->lex->n_patterns) {
            struct pat_report *r = &ck->pr[pat];
            r->forms = slant_xreallocarray(r->forms, r->n_forms + 1, sizeof(*r->forms));
            r->forms[r->n_forms].s = slant_xstrdup(ck->caught[i].form);
            r->forms[r->n_forms].count = j - i;
            r->forms[r->n_forms].stem = NULL;
            r->n_forms++;
        }
        i = j;
    }
    for (uint32_t p = 0; p < ck->lex->n_patterns; p++)
        if (ck->pr[p].n_forms)
            qsort(ck->pr[p].forms, ck->pr[p].n_forms, sizeof(*ck->pr[p].forms), counted_cmp);
}

/* Use the stored hits when the database holds this version and scored
 * every document with it.  *used is 1 when it did. */
static int stored_hits(struct check *ck, sqlite3 *db, int *used)
{
    *used = 0;
    sqlite3_stmt *s = NULL;
    int64_t lex_id = 0;
    size_t n_scored = 0;
    int rc = sqlite3_prepare_v2(
        db,
        "SELECT l.id, l.hash, (SELECT COUNT(*) FROM scored WHERE lexicon_id = l.id),"
        " (SELECT COUNT(*) FROM documents) FROM lexicons l WHERE l.name = ?1",
        -1, &s, NULL);
    if (rc != SQLITE_OK)
        return db_error(ck->cli, db);
    sqlite3_bind_text(s, 1, ck->lex->name, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        lex_id = sqlite3_column_int64(s, 0);
        snprintf(ck->db_hash, sizeof(ck->db_hash), "%s", (const char *)sqlite3_column_text(s, 1));
        n_scored = (size_t)sqlite3_column_int64(s, 2);
        ck->n_docs = (size_t)sqlite3_column_int64(s, 3);
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return db_error(ck->cli, db);
    if (!lex_id) {
        ck->db_note = "the database has no lexicon of that name";
        return 0;
    }
    if (strcmp(ck->db_hash, ck->lex->hash) != 0) {
        ck->db_note = "the database holds another version";
        return 0;
    }
    if (n_scored < ck->n_docs) {
        ck->db_note = "the database has not scored every document with it";
        return 0;
    }
    /* Byte offsets: substr on a BLOB counts bytes, on TEXT characters. */
    rc = sqlite3_prepare_v2(db,
                            "SELECT p.idx, substr(CAST(d.text AS BLOB), h.byte_start + 1,"
                            " h.byte_end - h.byte_start)"
                            " FROM hits h JOIN patterns p ON p.id = h.pattern_id"
                            " JOIN documents d ON d.id = h.doc_id WHERE h.lexicon_id = ?1",
                            -1, &s, NULL);
    if (rc != SQLITE_OK)
        return db_error(ck->cli, db);
    sqlite3_bind_int64(s, 1, lex_id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t idx = sqlite3_column_int64(s, 0);
        const char *p = sqlite3_column_blob(s, 1);
        size_t len = (size_t)sqlite3_column_bytes(s, 1);
        if (idx < 0 || idx >= (int64_t)ck->lex->n_patterns)
            continue;
        add_caught(ck, (uint32_t)idx, p ? p : "", p ? len : 0);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return db_error(ck->cli, db);
    ck->stored = 1;
    *used = 1;
    return 0;
}

/* Score every document in memory with the file's lexicon (the only one in
 * its set).  Voice is not needed here, so the attribution lexicon is not
 * loaded: lexicons are matched independently, so hits are the same. */
static int memory_hits(struct check *ck, sqlite3 *db, struct slant_lexset *set)
{
    struct slant_analyzer *an = slant_analyzer_new(set);
    sqlite3_stmt *s = NULL;
    int status = 0;
    ck->n_docs = 0;
    int rc = sqlite3_prepare_v2(db, "SELECT lang, text FROM documents ORDER BY id", -1, &s, NULL);
    if (rc != SQLITE_OK) {
        status = db_error(ck->cli, db);
        goto out;
    }
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *lang = (const char *)sqlite3_column_text(s, 0);
        struct slant_slice text = {(const char *)sqlite3_column_text(s, 1),
                                   (size_t)sqlite3_column_bytes(s, 1)};
        if (!text.p)
            text.p = "";
        if (!lang)
            lang = ""; /* the stored language, "" meaning unstemmed */
        struct slant_analysis a;
        int r = slant_analyzer_run(an, text, lang, &a);
        if (r < 0) {
            slant_diag(ck->cli->diag, SLANT_FATAL, NULL, 0, "cannot analyse a document: %s",
                       slant_strerror(r));
            status = SLANT_EXIT_SYSTEM;
            goto out;
        }
        for (size_t i = 0; i < a.n_hits; i++) {
            const struct slant_hit *h = &a.hits[i];
            if (h->lexicon == 0 && h->byte_end >= h->byte_start && h->byte_end <= text.len)
                add_caught(ck, h->pattern, text.p + h->byte_start, h->byte_end - h->byte_start);
        }
        ck->n_docs++;
    }
    if (rc != SQLITE_DONE)
        status = db_error(ck->cli, db);
out:
    sqlite3_finalize(s);
    slant_analyzer_free(an);
    return status;
}

/* For every STEM token, the database's other forms with the same stem. */
static int find_collisions(struct check *ck, sqlite3 *db)
{
    sqlite3_stmt *s = NULL;
    /* outlet_forms is keyed (outlet_id, form_id) with no index on form_id:
     * CROSS JOIN makes SQLite loop over the outlets and probe the key
     * instead of scanning the table once per form */
    int rc = sqlite3_prepare_v2(db,
                                "SELECT f.form, (SELECT COALESCE(SUM(o.count), 0)"
                                "  FROM outlets x CROSS JOIN outlet_forms o"
                                "  WHERE o.outlet_id = x.id AND o.form_id = f.id)"
                                " FROM terms t JOIN forms f ON f.term_id = t.id"
                                " WHERE t.lang = ?1 AND t.stem = ?2",
                                -1, &s, NULL);
    if (rc != SQLITE_OK)
        return db_error(ck->cli, db);
    for (uint32_t p = 0; p < ck->lex->n_patterns; p++) {
        const struct slant_pattern *pat = &ck->lex->patterns[p];
        struct pat_report *r = &ck->pr[p];
        for (uint32_t t = 0; t < pat->n_tokens; t++) {
            const struct slant_pat_token *pt = &pat->tokens[t];
            const char *word = ck->words[p][t];
            /* an unstemmed STEM token (lang "") matches one form only */
            if (pt->kind != SLANT_PAT_STEM || !word || !*pt->lang)
                continue;
            sqlite3_reset(s);
            sqlite3_bind_text(s, 1, pt->lang, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, pt->text, (int)pt->len, SQLITE_STATIC);
            while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                const char *form = (const char *)sqlite3_column_text(s, 0);
                size_t count = (size_t)sqlite3_column_int64(s, 1);
                if (!form || is_inflection(pt->lang, word, form))
                    continue;
                r->collisions =
                    slant_xreallocarray(r->collisions, r->n_collisions + 1, sizeof(*r->collisions));
                struct counted *c = &r->collisions[r->n_collisions++];
                c->s = slant_xstrdup(form);
                c->count = count;
                c->stem = slant_xstrdup(pt->text);
            }
            if (rc != SQLITE_DONE) {
                sqlite3_finalize(s);
                return db_error(ck->cli, db);
            }
        }
        if (r->n_collisions)
            qsort(r->collisions, r->n_collisions, sizeof(*r->collisions), counted_cmp);
    }
    sqlite3_finalize(s);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Output                                                                    */
/* ------------------------------------------------------------------------ */

static const char *frame_name(const struct slant_lexicon *lex, const struct slant_pattern *p)
{
    return p->frame < lex->n_frames ? lex->frames[p->frame].name : "";
}

static void csv_row(FILE *f, const char *kind, const struct slant_lexicon *lex,
                    const struct slant_pattern *p, const char *item, const char *count,
                    const char *stem)
{
    fprintf(f, "%s,%u,", kind, p->line);
    const char *fr = frame_name(lex, p);
    slant_csv_cell(f, fr, strlen(fr));
    fputc(',', f);
    slant_csv_cell(f, p->source, strlen(p->source));
    fputc(',', f);
    slant_csv_cell(f, item, strlen(item));
    fprintf(f, ",%s,", count);
    slant_csv_cell(f, stem, strlen(stem));
    fputc('\n', f);
}

static void write_csv(const struct check *ck, FILE *f)
{
    const struct slant_lexicon *lex = ck->lex;
    fputs("kind,line,frame,pattern,item,count,stem\n", f);
    char num[32];
    for (uint32_t i = 0; i < lex->n_patterns; i++) {
        const struct slant_pattern *p = &lex->patterns[i];
        const struct pat_report *r = &ck->pr[i];
        if (ck->have_db)
            snprintf(num, sizeof(num), "%zu", r->hits);
        else
            num[0] = '\0';
        csv_row(f, "pattern", lex, p, "", num, "");
        for (size_t k = 0; k < r->n_forms; k++) {
            snprintf(num, sizeof(num), "%zu", r->forms[k].count);
            csv_row(f, "form", lex, p, r->forms[k].s, num, "");
        }
        for (size_t k = 0; k < r->n_collisions; k++) {
            snprintf(num, sizeof(num), "%zu", r->collisions[k].count);
            csv_row(f, "collision", lex, p, r->collisions[k].s, num, r->collisions[k].stem);
        }
    }
}

static void json_kv(FILE *f, const char *key, const char *val)
{
    fprintf(f, "\"%s\":", key);
    slant_json_string(f, val, strlen(val));
}

static void write_json(const struct check *ck, FILE *f)
{
    const struct slant_lexicon *lex = ck->lex;
    fputc('{', f);
    json_kv(f, "lexicon", lex->name);
    fputc(',', f);
    json_kv(f, "hash", lex->hash);
    fputc(',', f);
    json_kv(f, "language", lex->language);
    fprintf(f, ",\"n_frames\":%u,\"n_patterns\":%u,\"errors\":%zu,\"warnings\":%zu,", lex->n_frames,
            lex->n_patterns, lex->n_errors, lex->n_warnings);
    if (ck->have_db) {
        fprintf(f, "\"database\":{\"hits_from\":\"%s\",\"documents\":%zu,",
                ck->stored ? "stored" : "scored", ck->n_docs);
        json_kv(f, "database_hash", ck->db_hash);
        fputs("},", f);
    } else {
        fputs("\"database\":null,", f);
    }
    fputs("\"patterns\":[", f);
    for (uint32_t i = 0; i < lex->n_patterns; i++) {
        const struct slant_pattern *p = &lex->patterns[i];
        const struct pat_report *r = &ck->pr[i];
        fprintf(f, "%s\n {\"line\":%u,", i ? "," : "", p->line);
        json_kv(f, "frame", frame_name(lex, p));
        fputc(',', f);
        json_kv(f, "pattern", p->source);
        fprintf(f, ",\"weight\":%.4f,", p->weight);
        if (!ck->have_db) {
            fputs("\"hits\":null}", f);
            continue;
        }
        fprintf(f, "\"hits\":%zu,\"forms\":[", r->hits);
        for (size_t k = 0; k < r->n_forms; k++) {
            fputs(k ? ",{" : "{", f);
            json_kv(f, "form", r->forms[k].s);
            fprintf(f, ",\"count\":%zu}", r->forms[k].count);
        }
        fputs("],\"collisions\":[", f);
        for (size_t k = 0; k < r->n_collisions; k++) {
            fputs(k ? ",{" : "{", f);
            json_kv(f, "stem", r->collisions[k].stem);
            fputc(',', f);
            json_kv(f, "form", r->collisions[k].s);
            fprintf(f, ",\"count\":%zu}", r->collisions[k].count);
        }
        fputs("]}", f);
    }
    fputs(lex->n_patterns ? "\n]}\n" : "]}\n", f);
}

static void write_table(const struct check *ck, FILE *f)
{
    const struct slant_lexicon *lex = ck->lex;
    fprintf(f,
            "lexicon %s (hash %s, language %s): %u frame%s, %u pattern%s, %zu error%s, %zu "
            "warning%s\n",
            lex->name, lex->hash, lex->language, lex->n_frames, lex->n_frames == 1 ? "" : "s",
            lex->n_patterns, lex->n_patterns == 1 ? "" : "s", lex->n_errors,
            lex->n_errors == 1 ? "" : "s", lex->n_warnings, lex->n_warnings == 1 ? "" : "s");
    if (!ck->have_db) {
        for (uint32_t i = 0; i < lex->n_frames; i++) {
            const struct slant_frame *fr = &lex->frames[i];
            fprintf(f, "  [%s]%s%s: %u pattern%s\n", fr->name, *fr->pole_name ? " pole " : "",
                    fr->pole_name, fr->n_patterns, fr->n_patterns == 1 ? "" : "s");
        }
        return;
    }
    if (ck->stored)
        fprintf(f, "hits: stored in the database for this version (%zu documents)\n", ck->n_docs);
    else
        fprintf(f, "hits: scored in memory over %zu documents (%s%s%s)\n", ck->n_docs,
                ck->db_note ? ck->db_note : "", ck->db_hash[0] ? ", hash " : "", ck->db_hash);
    fprintf(f, "\n%5s  %-20s %-28s %7s  %s\n", "line", "frame", "pattern", "hits", "forms caught");
    size_t never = 0, n_coll = 0;
    for (uint32_t i = 0; i < lex->n_patterns; i++) {
        const struct slant_pattern *p = &lex->patterns[i];
        const struct pat_report *r = &ck->pr[i];
        fprintf(f, "%5u  %-20s %-28s %7zu", p->line, frame_name(lex, p), p->source, r->hits);
        for (size_t k = 0; k < r->n_forms; k++)
            fprintf(f, "%s%s %zu", k ? ", " : "  ", r->forms[k].s, r->forms[k].count);
        fputc('\n', f);
        never += r->hits == 0;
        n_coll += r->n_collisions > 0;
    }
    fprintf(f, "\nnever matched: %zu pattern%s\n", never, never == 1 ? "" : "s");
    for (uint32_t i = 0; i < lex->n_patterns; i++)
        if (ck->pr[i].hits == 0)
            fprintf(f, "%5u  %-20s %s\n", lex->patterns[i].line, frame_name(lex, &lex->patterns[i]),
                    lex->patterns[i].source);
    fprintf(f,
            "\nstem collisions (forms with a pattern word's stem that are not its inflections): "
            "%zu pattern%s\n",
            n_coll, n_coll == 1 ? "" : "s");
    for (uint32_t i = 0; i < lex->n_patterns; i++) {
        const struct pat_report *r = &ck->pr[i];
        if (!r->n_collisions)
            continue;
        int one_stem = 1;
        for (size_t k = 1; k < r->n_collisions; k++)
            one_stem &= strcmp(r->collisions[k].stem, r->collisions[0].stem) == 0;
        fprintf(f, "%5u  %-20s %s", lex->patterns[i].line, frame_name(lex, &lex->patterns[i]),
                lex->patterns[i].source);
        if (one_stem)
            fprintf(f, " (stem %s)", r->collisions[0].stem);
        fputc(':', f);
        for (size_t k = 0; k < r->n_collisions; k++) {
            fprintf(f, "%s %s %zu", k ? "," : "", r->collisions[k].s, r->collisions[k].count);
            if (!one_stem)
                fprintf(f, " [%s]", r->collisions[k].stem);
        }
        fputc('\n', f);
    }
}

/* ------------------------------------------------------------------------ */
/* check                                                                     */
/* ------------------------------------------------------------------------ */

static void check_release(struct check *ck)
{
    if (ck->lex) {
        for (uint32_t p = 0; p < ck->lex->n_patterns; p++) {
            if (ck->words && ck->words[p]) {
                for (uint32_t t = 0; t < ck->lex->patterns[p].n_tokens; t++)
                    free(ck->words[p][t]);
                free(ck->words[p]);
            }
            if (ck->pr) {
                struct pat_report *r = &ck->pr[p];
                for (size_t k = 0; k < r->n_forms; k++)
                    free(r->forms[k].s);
                for (size_t k = 0; k < r->n_collisions; k++) {
                    free(r->collisions[k].s);
                    free(r->collisions[k].stem);
                }
                free(r->forms);
                free(r->collisions);
            }
        }
    }
    for (size_t i = 0; i < ck->n_caught; i++)
        free(ck->caught[i].form);
    free(ck->caught);
    free(ck->words);
    free(ck->pr);
}

static int cmd_check(int argc, char **argv, struct slant_cli *cli)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dbpath = NULL;
    int fmt = SLANT_OUT_TABLE, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dbpath = optarg;
            break;
        case 'f':
            if ((fmt = slant_cli_format(optarg)) < 0)
                return slant_cli_usage(cli, usage_check, "unknown format '%s'", optarg);
            break;
        case 'h':
            fprintf(cli->out, "usage: %s\n\n%s", usage_check, help_check);
            return 0;
        default:
            return slant_cli_usage(cli, usage_check, "unknown option");
        }
    }
    if (optind >= argc)
        return slant_cli_usage(cli, usage_check, "name the lexicon file to check");
    if (argc - optind > 1)
        return slant_cli_usage(cli, usage_check, "unexpected argument '%s'", argv[optind + 1]);
    const char *file = argv[optind];

    struct check ck;
    memset(&ck, 0, sizeof(ck));
    ck.cli = cli;
    ck.have_db = dbpath != NULL;
    struct slant_lexset *set = slant_lexset_new();
    struct slant_store *st = NULL;
    int status = 0;
    int rc = slant_lexicon_load(set, file, cli->diag, &ck.lex);
    if (rc < 0 || !ck.lex) {
        /* the loader reported why (missing file, unreadable, too large) */
        status = rc == SLANT_ENOMEM ? SLANT_EXIT_SYSTEM : SLANT_EXIT_REJECTED;
        goto out;
    }
    struct slant_lexicon *lex = ck.lex;
    ck.pr = slant_xcalloc(lex->n_patterns ? lex->n_patterns : 1, sizeof(*ck.pr));
    ck.words = slant_xcalloc(lex->n_patterns ? lex->n_patterns : 1, sizeof(*ck.words));
    /* compiling replaces a stem token's word by its stem: keep the words */
    for (uint32_t p = 0; p < lex->n_patterns; p++) {
        const struct slant_pattern *pat = &lex->patterns[p];
        ck.words[p] = slant_xcalloc(pat->n_tokens ? pat->n_tokens : 1, sizeof(char *));
        for (uint32_t t = 0; t < pat->n_tokens; t++)
            if (pat->tokens[t].kind == SLANT_PAT_STEM)
                ck.words[p][t] = slant_xstrdup(pat->tokens[t].text);
    }

    if (ck.have_db) {
        struct slant_stemmer *stem = slant_stemmer_new();
        rc = slant_lexset_compile(set, stem);
        slant_stemmer_free(stem);
        if (rc < 0) {
            slant_diag(cli->diag, SLANT_FATAL, file, 0, "cannot compile the lexicon: %s",
                       slant_strerror(rc));
            status = SLANT_EXIT_SYSTEM;
            goto out;
        }
        if ((status = slant_cli_open_db(cli, slant_cli_db_path(dbpath), 1, &st)))
            goto out;
        sqlite3 *db = slant_store_db(st);
        int used = 0;
        if ((status = stored_hits(&ck, db, &used)))
            goto out;
        if (!used && (status = memory_hits(&ck, db, set)))
            goto out;
        tally_caught(&ck);
        if ((status = find_collisions(&ck, db)))
            goto out;
    }
    if (fmt == SLANT_OUT_CSV)
        write_csv(&ck, cli->out);
    else if (fmt == SLANT_OUT_JSON)
        write_json(&ck, cli->out);
    else
        write_table(&ck, cli->out);
    if (lex->n_errors)
        status = SLANT_EXIT_REJECTED;
out:
    check_release(&ck);
    slant_store_close(st);
    slant_lexset_free(set);
    return status;
}

/* ------------------------------------------------------------------------ */
/* import                                                                    */
/* ------------------------------------------------------------------------ */

/* Write to OUT.tmp, then rename: a failed run never leaves half a file. */
static int write_file(struct slant_cli *cli, const char *path, const char *p, size_t len)
{
    size_t n = strlen(path) + 8;
    char *tmp = slant_xmalloc(n);
    snprintf(tmp, n, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    int ok = f != NULL;
    if (ok) {
        ok = fwrite(p, 1, len, f) == len;
        ok = (fclose(f) == 0) && ok;
    }
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    if (!ok) {
        slant_diag(cli->diag, SLANT_FATAL, path, 0, "cannot write: %s", strerror(errno));
        remove(tmp);
    }
    free(tmp);
    return ok ? 0 : SLANT_EXIT_SYSTEM;
}

static int cmd_import(int argc, char **argv, struct slant_cli *cli)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"name", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *out = NULL, *name = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:n:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (!*optarg)
                return slant_cli_usage(cli, usage_import, "-o needs a file name");
            out = optarg;
            break;
        case 'n':
            if (!*optarg)
                return slant_cli_usage(cli, usage_import, "--name needs a name");
            name = optarg;
            break;
        case 'h':
            fprintf(cli->out, "usage: %s\n\n%s", usage_import, help_import);
            return 0;
        default:
            return slant_cli_usage(cli, usage_import, "unknown option");
        }
    }
    if (optind >= argc)
        return slant_cli_usage(cli, usage_import, "name the .dic file to import");
    if (argc - optind > 1)
        return slant_cli_usage(cli, usage_import, "unexpected argument '%s'", argv[optind + 1]);
    const char *file = argv[optind];
    size_t len = 0;
    int err = 0;
    char *text = read_all(file, &len, &err);
    if (!text) {
        slant_diag(cli->diag, SLANT_ERROR, file, 0, "cannot read: %s", strerror(err));
        return SLANT_EXIT_REJECTED;
    }
    struct slant_buf lexbuf;
    slant_buf_init(&lexbuf, 0);
    int status = 0;
    int rc = slant_lexicon_import_dic(file, text, len, name, &lexbuf, cli->diag);
    if (rc == SLANT_EPARSE) {
        slant_diag(cli->diag, SLANT_ERROR, file, 0, "nothing imported");
        status = SLANT_EXIT_REJECTED;
    } else if (rc < 0) {
        slant_diag(cli->diag, SLANT_FATAL, file, 0, "cannot import: %s", slant_strerror(rc));
        status = SLANT_EXIT_SYSTEM;
    } else if (out) {
        status = write_file(cli, out, lexbuf.p ? lexbuf.p : "", lexbuf.len);
    } else {
        fwrite(lexbuf.p ? lexbuf.p : "", 1, lexbuf.len, cli->out);
    }
    /* rejected entries were reported as errors: the runner turns them into 1 */
    slant_buf_release(&lexbuf);
    free(text);
    return status;
}

/* ------------------------------------------------------------------------ */
/* slant lexicon                                                             */
/* ------------------------------------------------------------------------ */

int cmd_lexicon(int argc, char **argv, struct slant_cli *cli)
{
    if (argc < 2)
        return slant_cli_usage(cli, usage_top, "name a subcommand: check or import");
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        fprintf(cli->out, "usage: %s\n\n%s", usage_top, help_top);
        return 0;
    }
    if (strcmp(sub, "check") == 0)
        return cmd_check(argc - 1, argv + 1, cli);
    if (strcmp(sub, "import") == 0)
        return cmd_import(argc - 1, argv + 1, cli);
    return slant_cli_usage(cli, usage_top, "unknown lexicon subcommand '%s'", sub);
}
