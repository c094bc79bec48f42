/* corpus.c - input readers: text files, JSONL, CSV (see include/slant/corpus.h). */
#include "slant/corpus.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>
#include <jansson.h>

#include "slant/utf8.h"
#include "slant/xalloc.h"

#include "banned.h"

/* A NUL in this many leading bytes means a binary file, not text. */
#define BINARY_SNIFF 8192
/* Above this share of invalid bytes (in percent) a file is not UTF-8 text. */
#define BINARY_INVALID_PCT 30
/* Deeper folders than this are not walked (a guard, not a format rule). */
#define WALK_MAX_DEPTH 64
#define READ_BLOCK 65536

/* ------------------------------------------------------------------------ */
/* Fields of a record                                                        */
/* ------------------------------------------------------------------------ */

enum field { F_OUTLET, F_ID, F_TITLE, F_DATE, F_URL, F_LANG, F_TEXT, N_FIELDS };

static const char *const field_name[N_FIELDS] = {"outlet", "id",   "title", "date",
                                                 "url",    "lang", "text"};

/* ASCII case-insensitive comparison of a slice with a lowercase word. */
static int slice_ieq(struct slant_slice s, const char *word)
{
    size_t n = strlen(word);
    if (s.len != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s.p[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (unsigned char)(ch - 'A' + 'a');
        if (ch != (unsigned char)word[i])
            return 0;
    }
    return 1;
}

static int field_of(struct slant_slice name)
{
    name = slant_slice_trim(name);
    for (int k = 0; k < N_FIELDS; k++)
        if (slice_ieq(name, field_name[k]))
            return k;
    return -1;
}

static int is_blank(struct slant_slice s)
{
    return slant_slice_trim(s).len == 0;
}

/* ------------------------------------------------------------------------ */
/* Buffered reader over a FILE or bytes in memory                            */
/* ------------------------------------------------------------------------ */

struct reader {
    FILE *f;       /* owned; NULL for memory */
    const char *p; /* current window */
    size_t pos, end;
    char *blk;       /* owned block for files */
    int mem;         /* 1: the window is the whole input */
    int eof, err;    /* err: errno of a read failure */
    size_t consumed; /* bytes handed out */
};

static int rd_fill(struct reader *r)
{
    if (r->pos < r->end)
        return 1;
    if (r->eof || r->mem) {
        r->eof = 1;
        return 0;
    }
    size_t n = fread(r->blk, 1, READ_BLOCK, r->f);
    if (n == 0) {
        if (ferror(r->f))
            r->err = errno ? errno : EIO;
        r->eof = 1;
        return r->err ? -1 : 0;
    }
    r->p = r->blk;
    r->pos = 0;
    r->end = n;
    return 1;
}

/*
 * Read one line, terminator included, into line (reset first).  cr_ends: a
 * lone CR ends a line too (CSV from old Macs; CRLF is one ending).  A line
 * longer than line's cap is consumed to its end and *too_long is set, with
 * line left empty.  Returns 1 (a line), 0 (end of input), -1 (read error).
 */
static int rd_line(struct reader *r, struct slant_buf *line, int cr_ends, int *too_long)
{
    int any = 0;
    *too_long = 0;
    slant_buf_reset(line);
    for (;;) {
        int rc = rd_fill(r);
        if (rc < 0)
            return -1;
        if (rc == 0)
            return any;
        const char *s = r->p + r->pos;
        size_t avail = r->end - r->pos, n = avail;
        const char *nl = memchr(s, '\n', avail);
        if (nl)
            n = (size_t)(nl - s) + 1;
        int cr_end = 0;
        if (cr_ends) {
            const char *cr = memchr(s, '\r', n);
            if (cr && (size_t)(cr - s) + 1 < n && cr[1] != '\n') {
                n = (size_t)(cr - s) + 1;
                cr_end = 1;
            } else if (cr && (size_t)(cr - s) + 1 == avail) {
                cr_end = 2; /* CR at the end of the window: peek the next byte */
            }
        }
        any = 1;
        if (!*too_long && slant_buf_add(line, s, n) < 0) {
            *too_long = 1;
            slant_buf_reset(line);
        }
        r->pos += n;
        r->consumed += n;
        if (cr_end == 2) {
            int rc2 = rd_fill(r);
            if (rc2 < 0)
                return -1;
            if (rc2 > 0 && r->p[r->pos] == '\n') {
                if (!*too_long && slant_buf_addc(line, '\n') < 0) {
                    *too_long = 1;
                    slant_buf_reset(line);
                }
                r->pos++;
                r->consumed++;
            }
            return 1;
        }
        if (nl && n == (size_t)(nl - s) + 1)
            return 1;
        if (cr_end)
            return 1;
    }
}

/* ------------------------------------------------------------------------ */
/* The reader object                                                         */
/* ------------------------------------------------------------------------ */

struct input {
    char *path;          /* owned */
    char *folder_outlet; /* owned; NULL when the file was not found in a folder */
    const char *mem;     /* borrowed bytes for slant_corpus_add_memory, else NULL */
    size_t size;
    int format;
};

enum state { ST_IDLE, ST_JSONL, ST_CSV };

struct csv_row {
    struct slant_buf data; /* the fields, back to back */
    size_t *off;           /* start of field i in data; off[nf] = end */
    size_t nf, alloc;
    int done; /* a row terminator was seen */
    int too_big;
};

struct slant_corpus {
    int multiline_only; /* see slant_corpus_opts */
    struct slant_diag *diag;
    char *outlet;
    char *lang;
    int format;

    struct input *in;
    size_t n_in, alloc_in, next_in;
    size_t rejected, bytes_total, bytes_done;
    size_t fast_lines; /* JSONL lines decided without jansson */

    /* the open input */
    enum state state;
    struct input *cur;
    struct reader rd;
    unsigned long line;       /* lines consumed from the current input */
    struct slant_buf linebuf; /* one physical line */
    struct slant_buf clean;   /* sanitized line or text */
    struct slant_buf tmp;     /* UTF-16 decoding */
    struct slant_buf field[N_FIELDS];

    /* CSV */
    struct csv_parser csv;
    int csv_live;
    struct csv_row row;
    int col[N_FIELDS]; /* column of each field, -1 if absent */
    size_t header_nf;  /* 0 until the header row was read */
    int in_row;
    unsigned long row_line;
};

static void reject(struct slant_corpus *c, const char *path, unsigned long line, const char *fmt,
                   ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void reject(struct slant_corpus *c, const char *path, unsigned long line, const char *fmt,
                   ...)
{
    c->rejected++;
    if (!c->diag)
        return;
    va_list ap;
    va_start(ap, fmt);
    slant_diag_v(c->diag, SLANT_ERROR, path, line, fmt, ap);
    va_end(ap);
}

static void report(struct slant_corpus *c, enum slant_severity sev, const char *path,
                   unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void report(struct slant_corpus *c, enum slant_severity sev, const char *path,
                   unsigned long line, const char *fmt, ...)
{
    if (!c->diag)
        return;
    va_list ap;
    va_start(ap, fmt);
    slant_diag_v(c->diag, sev, path, line, fmt, ap);
    va_end(ap);
}

struct slant_corpus *slant_corpus_new(const struct slant_corpus_opts *opts, struct slant_diag *diag)
{
    if (opts && (opts->format < SLANT_FMT_AUTO || opts->format > SLANT_FMT_CSV))
        return NULL;
    if (opts && opts->outlet && !opts->outlet[0])
        return NULL;
    struct slant_corpus *c = slant_xcalloc(1, sizeof(*c));
    c->diag = diag;
    if (opts) {
        c->format = opts->format;
        c->multiline_only = opts->multiline_only;
        if (opts->outlet)
            c->outlet = slant_xstrdup(opts->outlet);
        if (opts->lang && opts->lang[0] && strcmp(opts->lang, "auto") != 0)
            c->lang = slant_xstrdup(opts->lang);
    }
    slant_buf_init(&c->linebuf, SLANT_CORPUS_LINE_CAP);
    slant_buf_init(&c->clean, 0);
    slant_buf_init(&c->tmp, 0);
    for (int k = 0; k < N_FIELDS; k++)
        slant_buf_init(&c->field[k], 0);
    slant_buf_init(&c->row.data, SLANT_CORPUS_LINE_CAP);
    return c;
}

static void close_input(struct slant_corpus *c)
{
    if (c->rd.f)
        fclose(c->rd.f);
    free(c->rd.blk);
    /* a file is done once closed, read to its end or not: count all of it,
     * so that bytes_read reaches bytes_total and the ETA ends at zero */
    if (c->cur)
        c->bytes_done +=
            c->cur->mem || c->rd.consumed < c->cur->size ? c->cur->size : c->rd.consumed;
    memset(&c->rd, 0, sizeof(c->rd));
    if (c->csv_live) {
        csv_free(&c->csv);
        c->csv_live = 0;
    }
    c->state = ST_IDLE;
    c->cur = NULL;
}

void slant_corpus_free(struct slant_corpus *c)
{
    if (!c)
        return;
    close_input(c);
    for (size_t i = 0; i < c->n_in; i++) {
        free(c->in[i].path);
        free(c->in[i].folder_outlet);
    }
    free(c->in);
    free(c->outlet);
    free(c->lang);
    slant_buf_release(&c->linebuf);
    slant_buf_release(&c->clean);
    slant_buf_release(&c->tmp);
    for (int k = 0; k < N_FIELDS; k++)
        slant_buf_release(&c->field[k]);
    slant_buf_release(&c->row.data);
    free(c->row.off);
    free(c);
}

size_t slant_corpus_fast_lines(const struct slant_corpus *c)
{
    return c->fast_lines;
}

size_t slant_corpus_rejected(const struct slant_corpus *c)
{
    return c->rejected;
}

size_t slant_corpus_bytes_read(const struct slant_corpus *c)
{
    return c->bytes_done + (c->cur && !c->cur->mem ? c->rd.consumed : 0);
}

size_t slant_corpus_bytes_total(const struct slant_corpus *c)
{
    return c->bytes_total;
}

size_t slant_corpus_files(const struct slant_corpus *c)
{
    return c->n_in;
}

/* ------------------------------------------------------------------------ */
/* Queueing paths and the directory walk                                     */
/* ------------------------------------------------------------------------ */

static const char *extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot + 1 : "";
}

static int ext_is(const char *ext, const char *want)
{
    return slice_ieq(slant_slice_cstr(ext), want);
}

static int format_for(const struct slant_corpus *c, const char *path)
{
    if (c->format != SLANT_FMT_AUTO)
        return c->format;
    const char *ext = extension(path);
    if (ext_is(ext, "jsonl") || ext_is(ext, "ndjson") || ext_is(ext, "json"))
        return SLANT_FMT_JSONL;
    if (ext_is(ext, "csv"))
        return SLANT_FMT_CSV;
    return SLANT_FMT_TEXT;
}

static void push_input(struct slant_corpus *c, char *path, const char *folder_outlet,
                       const void *mem, size_t size, int format)
{
    if (c->n_in == c->alloc_in) {
        c->alloc_in = c->alloc_in ? c->alloc_in * 2 : 16;
        c->in = slant_xreallocarray(c->in, c->alloc_in, sizeof(*c->in));
    }
    struct input *in = &c->in[c->n_in++];
    in->path = path;
    in->folder_outlet = folder_outlet ? slant_xstrdup(folder_outlet) : NULL;
    in->mem = mem;
    in->size = size;
    in->format = format;
    c->bytes_total += size;
}

void slant_corpus_add_memory(struct slant_corpus *c, const char *name, const void *p, size_t len,
                             int format)
{
    if (format < SLANT_FMT_AUTO || format > SLANT_FMT_CSV)
        format = SLANT_FMT_AUTO;
    int fmt = format != SLANT_FMT_AUTO ? format : format_for(c, name);
    push_input(c, slant_xstrdup(name), NULL, p ? p : "", len, fmt);
}

static char *join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    int slash = dl > 0 && dir[dl - 1] != '/';
    char *p = slant_xmalloc(dl + (size_t)slash + nl + 1);
    memcpy(p, dir, dl);
    if (slash)
        p[dl] = '/';
    memcpy(p + dl + (size_t)slash, name, nl + 1);
    return p;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int wanted_ext(const char *name)
{
    const char *ext = extension(name);
    return ext_is(ext, "txt") || ext_is(ext, "jsonl") || ext_is(ext, "csv");
}

/* Walk dir; outlet is the first folder under the argument (NULL at depth 0).
 * Returns the number of input files queued. */
static size_t walk(struct slant_corpus *c, const char *dir, const char *outlet, int depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        reject(c, dir, 0, "cannot read directory: %s", strerror(errno));
        return 0;
    }
    char **names = NULL;
    size_t n = 0, alloc = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') /* hidden entries, and . and .. */
            continue;
        if (n == alloc) {
            alloc = alloc ? alloc * 2 : 32;
            names = slant_xreallocarray(names, alloc, sizeof(*names));
        }
        names[n++] = slant_xstrdup(e->d_name);
        errno = 0;
    }
    if (errno)
        reject(c, dir, 0, "cannot read directory: %s", strerror(errno));
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof(*names), cmp_names);

    size_t queued = 0;
    for (size_t i = 0; i < n; i++) {
        char *path = join(dir, names[i]);
        struct stat st;
        if (lstat(path, &st) != 0) {
            reject(c, path, 0, "cannot stat: %s", strerror(errno));
            free(path);
            continue;
        }
        if (S_ISLNK(st.st_mode)) {
            if (stat(path, &st) != 0) {
                reject(c, path, 0, "broken symbolic link: %s", strerror(errno));
                free(path);
                continue;
            }
            if (S_ISDIR(st.st_mode)) {
                /* Links to folders can loop or pull in a second copy of a
                 * corpus: the user names such folders explicitly. */
                report(c, SLANT_NOTE, path, 0, "symbolic link to a directory not followed");
                free(path);
                continue;
            }
        }
        if (S_ISDIR(st.st_mode)) {
            if (depth + 1 >= WALK_MAX_DEPTH)
                report(c, SLANT_WARNING, path, 0, "folders nested too deep; not walked");
            else
                queued += walk(c, path, outlet ? outlet : names[i], depth + 1);
            free(path);
        } else if (S_ISREG(st.st_mode) && wanted_ext(names[i])) {
            push_input(c, path, outlet, NULL, (size_t)st.st_size, format_for(c, path));
            queued++;
        } else {
            free(path);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return queued;
}

int slant_corpus_add_path(struct slant_corpus *c, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        reject(c, path, 0, "%s", strerror(e));
        return e == ENOENT || e == ENOTDIR ? SLANT_ENOTFOUND : SLANT_EIO;
    }
    if (S_ISDIR(st.st_mode)) {
        if (walk(c, path, NULL, 0) == 0)
            report(c, SLANT_WARNING, path, 0, "no .txt, .jsonl or .csv files found");
        return 0;
    }
    push_input(c, slant_xstrdup(path), NULL, NULL, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0,
               format_for(c, path));
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Front matter and date stamps                                              */
/* ------------------------------------------------------------------------ */

/* The line starting at off: [off, eol) without its terminator; *next is the
 * offset after the terminator. */
static struct slant_slice line_at(struct slant_slice t, size_t off, size_t *next)
{
    const char *s = t.p + off;
    const char *nl = memchr(s, '\n', t.len - off);
    size_t n = nl ? (size_t)(nl - s) : t.len - off;
    *next = nl ? off + n + 1 : t.len;
    if (n && s[n - 1] == '\r')
        n--;
    struct slant_slice l = {s, n};
    return l;
}

static struct slant_slice *fm_slot(struct slant_front_matter *fm, int k)
{
    switch (k) {
    case F_OUTLET:
        return &fm->outlet;
    case F_TITLE:
        return &fm->title;
    case F_DATE:
        return &fm->date;
    case F_URL:
        return &fm->url;
    case F_LANG:
        return &fm->lang;
    default:
        return NULL;
    }
}

/* A `key: value` line with a front-matter key: the key's field, else -1. */
static int key_line(struct slant_slice l, struct slant_slice *value)
{
    const char *colon = memchr(l.p, ':', l.len);
    if (!colon)
        return -1;
    struct slant_slice key = {l.p, (size_t)(colon - l.p)};
    int k = -1;
    /* the key must touch the colon: "Title : x" or " date: x" are prose-like */
    for (int j = 0; j < N_FIELDS; j++)
        if (j != F_ID && j != F_TEXT && slice_ieq(key, field_name[j]))
            k = j;
    if (k < 0)
        return -1;
    struct slant_slice v = {colon + 1, l.len - key.len - 1};
    *value = slant_slice_trim(v);
    return k;
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* " date 2025-08-22": length of the stamp plus following blanks, or 0. */
static size_t date_stamp(struct slant_slice l, struct slant_slice *date)
{
    size_t i = 0;
    while (i < l.len && (l.p[i] == ' ' || l.p[i] == '\t'))
        i++;
    if (l.len - i < 15 || !slice_ieq((struct slant_slice){l.p + i, 4}, "date"))
        return 0;
    i += 4;
    if (l.p[i] != ' ')
        return 0;
    i++;
    const char *d = l.p + i;
    for (int k = 0; k < 10; k++) {
        int want_dash = k == 4 || k == 7;
        if (want_dash ? d[k] != '-' : !is_digit(d[k]))
            return 0;
    }
    i += 10;
    if (i < l.len && l.p[i] != ' ' && l.p[i] != '\t')
        return 0;
    while (i < l.len && (l.p[i] == ' ' || l.p[i] == '\t'))
        i++;
    date->p = d;
    date->len = 10;
    return i;
}

void slant_corpus_parse_front_matter(struct slant_slice text, struct slant_front_matter *fm)
{
    memset(fm, 0, sizeof(*fm));
    fm->body = text;
    fm->body_line = 1;
    if (!text.p)
        fm->body.p = "";
    if (text.len == 0)
        return;

    /* Front matter: all leading lines are key lines, up to a blank line. */
    size_t off = 0, next, lineno = 1, keys = 0;
    struct slant_front_matter tmp = *fm;
    int ended = 0;
    while (off < text.len) {
        struct slant_slice l = line_at(text, off, &next);
        if (is_blank(l)) {
            ended = 1;
            off = next;
            lineno++;
            break;
        }
        struct slant_slice v;
        int k = key_line(l, &v);
        if (k < 0)
            break;
        *fm_slot(&tmp, k) = v;
        keys++;
        off = next;
        lineno++;
    }
    if (keys > 0 && (ended || off >= text.len)) {
        *fm = tmp;
        fm->has_front_matter = 1;
        fm->body.p = text.p + off;
        fm->body.len = text.len - off;
        fm->body_line = lineno;
        return;
    }

    /* No front matter: maybe a scraper's date stamp on line 1. */
    struct slant_slice first = line_at(text, 0, &next);
    struct slant_slice date;
    size_t n = date_stamp(first, &date);
    if (n == 0)
        return;
    fm->date = date;
    fm->has_date_stamp = 1;
    if (n >= first.len) { /* nothing else on the line: the body starts below */
        fm->body.p = text.p + next;
        fm->body.len = text.len - next;
        fm->body_line = 2;
    } else {
        fm->body.p = text.p + n;
        fm->body.len = text.len - n;
    }
}

/* ------------------------------------------------------------------------ */
/* Building a record                                                         */
/* ------------------------------------------------------------------------ */

static void record_reset(struct slant_record *rec, const char *path, unsigned long line)
{
    memset(rec, 0, sizeof(*rec));
    rec->path = path;
    rec->line = line;
    rec->body_line = line;
    rec->id.p = rec->title.p = rec->date.p = rec->url.p = rec->lang.p = "";
    rec->outlet.p = rec->text.p = "";
}

static struct slant_slice *rec_slot(struct slant_record *rec, int k)
{
    switch (k) {
    case F_OUTLET:
        return &rec->outlet;
    case F_ID:
        return &rec->id;
    case F_TITLE:
        return &rec->title;
    case F_DATE:
        return &rec->date;
    case F_URL:
        return &rec->url;
    case F_LANG:
        return &rec->lang;
    default:
        return &rec->text;
    }
}

/* Copy bytes into field k as valid UTF-8 and point the record at them. */
static int set_field(struct slant_corpus *c, struct slant_record *rec, int k, const char *p,
                     size_t len)
{
    struct slant_buf *b = &c->field[k];
    slant_buf_reset(b);
    int rc = slant_utf8_sanitize(p, len, b, &rec->n_replaced);
    if (rc < 0)
        return rc;
    *rec_slot(rec, k) = slant_buf_slice(b);
    return 0;
}

/* The checks and overrides shared by every format.  Returns 1 (good) or 0
 * (rejected and reported). */
static int finish_record(struct slant_corpus *c, struct slant_record *rec)
{
    if (c->outlet)
        rec->outlet = slant_slice_cstr(c->outlet);
    if (c->lang)
        rec->lang = slant_slice_cstr(c->lang);
    if (rec->outlet.len == 0) {
        reject(c, rec->path, rec->line, "empty \"outlet\"");
        return 0;
    }
    if (is_blank(rec->text)) {
        reject(c, rec->path, rec->body_line, "empty text");
        return 0;
    }
    if (rec->n_replaced)
        report(c, SLANT_WARNING, rec->path, rec->line,
               "%zu invalid UTF-8 byte(s) or NUL(s) replaced by U+FFFD", rec->n_replaced);
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Text files                                                                */
/* ------------------------------------------------------------------------ */

/* Decode a whole text file held in raw into c->clean.  Returns 1, or 0 when
 * the file was rejected (reported). */
static int decode_text(struct slant_corpus *c, const char *path, const char *raw, size_t len,
                       size_t *replaced)
{
    size_t bom_len = 0;
    enum slant_bom bom = slant_utf8_detect_bom(raw, len, &bom_len);
    slant_buf_reset(&c->clean);
    if (bom == SLANT_BOM_UTF32LE || bom == SLANT_BOM_UTF32BE) {
        reject(c, path, 0, "UTF-32 is not supported (convert the file to UTF-8)");
        return 0;
    }
    if (bom == SLANT_BOM_UTF16LE || bom == SLANT_BOM_UTF16BE) {
        slant_buf_reset(&c->tmp);
        if (slant_utf16_to_utf8(raw + bom_len, len - bom_len, bom == SLANT_BOM_UTF16LE, &c->tmp,
                                replaced) < 0) {
            reject(c, path, 0, "file too large once decoded from UTF-16");
            return 0;
        }
        size_t units = (len - bom_len + 1) / 2;
        /* an encoded U+0000 is a NUL like any other: U+FFFD */
        if (slant_utf8_sanitize(c->tmp.p ? c->tmp.p : "", c->tmp.len, &c->clean, replaced) < 0) {
            reject(c, path, 0, "file too large");
            return 0;
        }
        if (units && *replaced * 100 > units * BINARY_INVALID_PCT) {
            reject(c, path, 0, "binary file or not UTF-16 text (%zu of %zu characters invalid)",
                   *replaced, units);
            return 0;
        }
        return 1;
    }
    raw += bom_len;
    len -= bom_len;
    const char *nul = memchr(raw, '\0', len < BINARY_SNIFF ? len : BINARY_SNIFF);
    if (nul) {
        reject(c, path, 0, "binary file (NUL byte at offset %zu), not text",
               (size_t)(nul - raw) + bom_len);
        return 0;
    }
    if (slant_utf8_sanitize(raw, len, &c->clean, replaced) < 0) {
        reject(c, path, 0, "file too large");
        return 0;
    }
    if (len && *replaced * 100 > len * BINARY_INVALID_PCT) {
        reject(c, path, 0, "binary file or not UTF-8 text (%zu of %zu bytes invalid)", *replaced,
               len);
        return 0;
    }
    return 1;
}

/* Returns 1 (record), 0 (rejected), <0 (read error, reported). */
static int read_text(struct slant_corpus *c, struct input *in, struct slant_record *rec)
{
    const char *raw;
    size_t len;
    if (in->mem) {
        raw = in->mem;
        len = in->size;
        if (len > SLANT_CORPUS_LINE_CAP) {
            reject(c, in->path, 0, "text file larger than %zu MiB", SLANT_CORPUS_LINE_CAP >> 20);
            return 0;
        }
    } else {
        /* the whole file: a text file is one document */
        slant_buf_reset(&c->linebuf);
        int too_big = 0;
        for (;;) {
            int rc = rd_fill(&c->rd);
            if (rc < 0) {
                report(c, SLANT_FATAL, in->path, 0, "read error: %s", strerror(c->rd.err));
                return SLANT_EIO;
            }
            if (rc == 0)
                break;
            size_t n = c->rd.end - c->rd.pos;
            if (!too_big && slant_buf_add(&c->linebuf, c->rd.p + c->rd.pos, n) < 0)
                too_big = 1;
            c->rd.pos += n;
            c->rd.consumed += n;
        }
        if (too_big) {
            reject(c, in->path, 0, "text file larger than %zu MiB", SLANT_CORPUS_LINE_CAP >> 20);
            return 0;
        }
        raw = c->linebuf.p ? c->linebuf.p : "";
        len = c->linebuf.len;
    }

    record_reset(rec, in->path, 1);
    if (!decode_text(c, in->path, raw, len, &rec->n_replaced))
        return 0;
    struct slant_front_matter fm;
    slant_corpus_parse_front_matter(slant_buf_slice(&c->clean), &fm);
    rec->title = fm.title;
    rec->date = fm.date;
    rec->url = fm.url;
    rec->lang = fm.lang;
    rec->text = fm.body;
    rec->body_line = fm.body_line;
    if (in->folder_outlet)
        rec->outlet = slant_slice_cstr(in->folder_outlet);
    else
        rec->outlet = fm.outlet;
    if (!c->outlet && rec->outlet.len == 0) {
        reject(c, in->path, 0,
               "no outlet: give --outlet or put the file in a folder named after the outlet");
        return 0;
    }
    return finish_record(c, rec);
}

/* ------------------------------------------------------------------------ */
/* JSONL                                                                     */
/* ------------------------------------------------------------------------ */

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

/* Whether a JSON text holds the escape \n (a line break inside a string). */
static int has_newline_escape(const char *p, size_t len)
{
    const char *end = p + len;
    while ((p = memchr(p, '\\', (size_t)(end - p))) && p + 1 < end) {
        if (p[1] == 'n')
            return 1;
        p += 2;
    }
    return 0;
}

/*
 * A fast path for the common JSONL line: one flat object whose values are
 * strings, null, true or false.  jansson builds a tree of allocated nodes
 * for every line and was the reader thread's largest cost; here one scan
 * notes where each field's value lies.  Anything else (a number, a nested
 * value, an escape in a key, a control character, a bad escape, trailing
 * bytes) returns 0 and the line goes to jansson, which then also words the
 * error: both paths accept the same lines and give the same records.
 */
enum jv_type { JV_ABSENT = 0, JV_STRING, JV_NULL, JV_BOOL };

struct jv {
    enum jv_type type;
    const char *p; /* a string's bytes between the quotes, still escaped */
    size_t len;
    int escaped; /* holds a backslash */
};

static const char *json_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static int hex4(const char *p, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char ch = (unsigned char)p[i];
        unsigned d = ch >= '0' && ch <= '9'   ? ch - (unsigned)'0'
                     : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10u
                     : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10u
                                              : 16u;
        if (d == 16)
            return 0;
        *v = *v << 4 | d;
    }
    return 1;
}

/* Decode the escapes of a JSON string body into out, or only check them
 * when out is NULL; 0 when one is invalid (jansson's verdict then). */
static int json_unescape(const char *p, size_t len, struct slant_buf *out)
{
    const char *end = p + len;
    if (out)
        slant_buf_reset(out);
    while (p < end) {
        const char *bs = memchr(p, '\\', (size_t)(end - p));
        if (!bs)
            return !out || slant_buf_add(out, p, (size_t)(end - p)) == 0;
        if ((out && slant_buf_add(out, p, (size_t)(bs - p)) < 0) || bs + 1 >= end)
            return 0;
        p = bs + 2;
        char ch;
        switch (bs[1]) {
        case '"':
            ch = '"';
            break;
        case '\\':
            ch = '\\';
            break;
        case '/':
            ch = '/';
            break;
        case 'b':
            ch = '\b';
            break;
        case 'f':
            ch = '\f';
            break;
        case 'n':
            ch = '\n';
            break;
        case 'r':
            ch = '\r';
            break;
        case 't':
            ch = '\t';
            break;
        case 'u': {
            unsigned u, lo;
            if (end - p < 4 || !hex4(p, &u))
                return 0;
            p += 4;
            if (u >= 0xDC00 && u <= 0xDFFF)
                return 0; /* a lone low surrogate */
            if (u >= 0xD800 && u <= 0xDBFF) {
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, &lo) ||
                    lo < 0xDC00 || lo > 0xDFFF)
                    return 0;
                p += 6;
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            }
            char enc[4];
            size_t n = slant_utf8_encode(u, enc);
            if (out && slant_buf_add(out, enc, n) < 0)
                return 0;
            continue;
        }
        default:
            return 0;
        }
        if (out && slant_buf_addc(out, ch) < 0)
            return 0;
    }
    return 1;
}

/* A string body starting after its opening quote: *end_out is past the
 * closing quote.  0 on a control character, a bad escape (in any string:
 * jansson rejects the line even for a key that is not ours or a value a
 * repeated key replaces) or no closing quote. */
static int json_scan_string(const char *p, const char *end, struct jv *v, const char **end_out)
{
    const char *start = p;
    v->escaped = 0;
    for (;;) {
        /* the first quote, backslash or control byte: eight bytes at a
         * time (a text field is most of a line), then one at a time */
        const char *q = p;
        for (; end - q >= 8; q += 8) {
            uint64_t x = slant_load8(q);
            uint64_t stop =
                slant_swar_eq(x, '"') | slant_swar_eq(x, '\\') | slant_swar_range(x, 0x00, 0x1F);
            if (stop) {
                q += slant_swar_first(stop);
                break;
            }
        }
        while (q < end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
            q++;
        if (q >= end || (unsigned char)*q < 0x20)
            return 0;
        if (*q == '"') {
            v->type = JV_STRING;
            v->p = start;
            v->len = (size_t)(q - start);
            *end_out = q + 1;
            return !v->escaped || json_unescape(v->p, v->len, NULL);
        }
        v->escaped = 1;
        if (q + 1 >= end)
            return 0;
        p = q + 2; /* the escaped character is checked when decoding */
    }
}

/* Parse a flat object; 1 with vals[k] set for the known fields, 0 when the
 * line needs jansson. */
static int json_fast_object(const char *p, size_t len, struct jv vals[N_FIELDS])
{
    const char *end = p + len;
    memset(vals, 0, N_FIELDS * sizeof(*vals));
    p = json_ws(p, end);
    if (p >= end || *p != '{')
        return 0;
    p = json_ws(p + 1, end);
    if (p < end && *p == '}') {
        p++;
    } else {
        for (;;) {
            struct jv key, val = {0};
            if (p >= end || *p != '"' || !json_scan_string(p + 1, end, &key, &p) || key.escaped ||
                memchr(key.p, '\0', key.len))
                return 0;
            p = json_ws(p, end);
            if (p >= end || *p != ':')
                return 0;
            p = json_ws(p + 1, end);
            if (p >= end)
                return 0;
            if (*p == '"') {
                if (!json_scan_string(p + 1, end, &val, &p))
                    return 0;
            } else if (end - p >= 4 && memcmp(p, "null", 4) == 0) {
                val.type = JV_NULL, p += 4;
            } else if (end - p >= 4 && memcmp(p, "true", 4) == 0) {
                val.type = JV_BOOL, p += 4;
            } else if (end - p >= 5 && memcmp(p, "false", 5) == 0) {
                val.type = JV_BOOL, p += 5;
            } else {
                return 0; /* a number, object or array: jansson */
            }
            for (int k = 0; k < N_FIELDS; k++)
                if (strlen(field_name[k]) == key.len && memcmp(field_name[k], key.p, key.len) == 0)
                    vals[k] = val; /* a repeated key: the last one counts, as in jansson */
            p = json_ws(p, end);
            if (p < end && *p == ',') {
                p = json_ws(p + 1, end);
                continue;
            }
            if (p < end && *p == '}') {
                p++;
                break;
            }
            return 0;
        }
    }
    return json_ws(p, end) == end;
}

/* The fields of a line json_fast_object took, checked as parse_jsonl checks
 * jansson's tree.  Returns 1 (record), 0 (rejected), -1 (a string escape
 * jansson must judge; nothing was reported). */
static int fast_fields(struct slant_corpus *c, const char *path, unsigned long line,
                       const struct jv vals[N_FIELDS], struct slant_record *rec)
{
    for (int k = 0; k < N_FIELDS; k++) {
        const struct jv *v = &vals[k];
        if (v->type == JV_ABSENT || (v->type == JV_NULL && k != F_TEXT && k != F_OUTLET))
            continue;
        if (v->type == JV_STRING) {
            const char *sp = v->p;
            size_t sl = v->len;
            if (v->escaped) {
                if (!json_unescape(v->p, v->len, &c->tmp))
                    return -1;
                sp = c->tmp.p ? c->tmp.p : "";
                sl = c->tmp.len;
            }
            if (set_field(c, rec, k, sp, sl) < 0) {
                reject(c, path, line, "\"%s\" too long", field_name[k]);
                return 0;
            }
            continue;
        }
        if (k == F_OUTLET && c->outlet)
            continue;
        reject(c, path, line, "\"%s\" is %s, not a string%s", field_name[k],
               v->type == JV_NULL ? "null" : "a boolean", k == F_ID ? " or a number" : "");
        return 0;
    }
    if (vals[F_TEXT].type == JV_ABSENT) {
        reject(c, path, line, "missing \"text\"");
        return 0;
    }
    if (!c->outlet && vals[F_OUTLET].type == JV_ABSENT) {
        reject(c, path, line, "missing \"outlet\" (give --outlet to name the outlet)");
        return 0;
    }
    return finish_record(c, rec);
}

/* One JSONL line (terminator included or not).  Returns 1 (record), 0
 * (blank line or rejected), SLANT_ETOOBIG never escapes: reported. */
static int parse_jsonl(struct slant_corpus *c, const char *path, unsigned long line, const char *p,
                       size_t len, struct slant_record *rec)
{
    if (line == 1) {
        size_t bom_len = 0;
        if (slant_utf8_detect_bom(p, len, &bom_len) == SLANT_BOM_UTF8) {
            p += bom_len;
            len -= bom_len;
        }
    }
    struct slant_slice s = {p, len};
    if (is_blank(s))
        return 0;
    if (c->multiline_only && !has_newline_escape(p, len))
        return 0;
    record_reset(rec, path, line);
    /* jansson refuses invalid UTF-8 outright; repair first and count it, so
     * one bad byte costs a U+FFFD, not the article */
    slant_buf_reset(&c->clean);
    if (slant_utf8_sanitize(p, len, &c->clean, &rec->n_replaced) < 0) {
        reject(c, path, line, "line too long");
        return 0;
    }
    struct jv vals[N_FIELDS];
    if (json_fast_object(c->clean.p ? c->clean.p : "", c->clean.len, vals)) {
        size_t replaced = rec->n_replaced;
        int got = fast_fields(c, path, line, vals, rec);
        if (got >= 0) {
            c->fast_lines++;
            return got;
        }
        rec->n_replaced = replaced; /* jansson sets the fields again */
    }
    json_error_t err;
    json_t *root = json_loadb(c->clean.p ? c->clean.p : "", c->clean.len,
                              JSON_ALLOW_NUL | JSON_DECODE_ANY, &err);
    if (!root) {
        reject(c, path, line, "invalid JSON: %s (column %d)", err.text, err.column);
        return 0;
    }
    int ok = 0;
    if (!json_is_object(root)) {
        reject(c, path, line, "not a JSON object but %s", json_type_name(root));
        goto out;
    }
    for (int k = 0; k < N_FIELDS; k++) {
        json_t *v = json_object_get(root, field_name[k]);
        if (!v || (json_is_null(v) && k != F_TEXT && k != F_OUTLET))
            continue;
        if (json_is_string(v)) {
            if (set_field(c, rec, k, json_string_value(v), json_string_length(v)) < 0) {
                reject(c, path, line, "\"%s\" too long", field_name[k]);
                goto out;
            }
            continue;
        }
        if (k == F_ID && (json_is_integer(v) || json_is_real(v))) {
            char num[64];
            int n = json_is_integer(v)
                        ? snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v))
                        : snprintf(num, sizeof(num), "%.17g", json_real_value(v));
            set_field(c, rec, k, num, n > 0 ? (size_t)n : 0);
            continue;
        }
        if (k == F_OUTLET && c->outlet)
            continue; /* --outlet replaces it anyway */
        reject(c, path, line, "\"%s\" is %s, not a string%s", field_name[k], json_type_name(v),
               k == F_ID ? " or a number" : "");
        goto out;
    }
    if (!json_object_get(root, "text")) {
        reject(c, path, line, "missing \"text\"");
        goto out;
    }
    if (!c->outlet && !json_object_get(root, "outlet")) {
        reject(c, path, line, "missing \"outlet\" (give --outlet to name the outlet)");
        goto out;
    }
    ok = finish_record(c, rec);
out:
    json_decref(root);
    return ok;
}

/* ------------------------------------------------------------------------ */
/* CSV                                                                       */
/* ------------------------------------------------------------------------ */

/* libcsv grows one field's buffer without limit; this refuses past the cap
 * so a quote that never closes is an error, not all the memory. */
static void *capped_realloc(void *p, size_t size)
{
    if (size > SLANT_CORPUS_LINE_CAP + 4096)
        return NULL;
    return realloc(p, size);
}

static void csv_field_cb(void *s, size_t len, void *data)
{
    struct csv_row *r = data;
    if (r->done) /* cannot happen: input is fed one terminator at a time */
        return;
    if (r->nf + 2 > r->alloc) {
        r->alloc = r->alloc ? r->alloc * 2 : 16;
        r->off = slant_xreallocarray(r->off, r->alloc, sizeof(*r->off));
    }
    if (r->nf == 0)
        r->off[0] = r->data.len;
    if (!r->too_big && slant_buf_add(&r->data, s ? s : "", s ? len : 0) < 0)
        r->too_big = 1;
    r->nf++;
    r->off[r->nf] = r->data.len;
}

static void csv_row_cb(int term, void *data)
{
    (void)term;
    struct csv_row *r = data;
    r->done = 1;
}

static void row_clear(struct csv_row *r)
{
    slant_buf_reset(&r->data);
    r->nf = 0;
    r->done = 0;
    r->too_big = 0;
}

static void csv_start(struct slant_corpus *c)
{
    csv_init(&c->csv, CSV_STRICT | CSV_STRICT_FINI);
    csv_set_realloc_func(&c->csv, capped_realloc);
    c->csv_live = 1;
    row_clear(&c->row);
    c->in_row = 0;
}

static struct slant_slice row_field(const struct csv_row *r, size_t i)
{
    struct slant_slice s = {r->data.p ? r->data.p + r->off[i] : "", r->off[i + 1] - r->off[i]};
    return s;
}

/* A finished row: the header, or a record.  Returns 1 (record), 0 (header or
 * rejected row), -1 (the whole file is rejected). */
static int csv_take_row(struct slant_corpus *c, const char *path, struct slant_record *rec)
{
    struct csv_row *r = &c->row;
    unsigned long line = c->row_line;
    int rc = 0;
    if (r->too_big) {
        reject(c, path, line, "row longer than %zu MiB", SLANT_CORPUS_LINE_CAP >> 20);
        goto out;
    }
    if (c->header_nf == 0) {
        for (int k = 0; k < N_FIELDS; k++)
            c->col[k] = -1;
        for (size_t i = 0; i < r->nf; i++) {
            int k = field_of(row_field(r, i));
            if (k >= 0 && c->col[k] < 0)
                c->col[k] = (int)i;
        }
        c->header_nf = r->nf;
        if (c->col[F_TEXT] < 0) {
            reject(c, path, line, "no \"text\" column in the CSV header; file skipped");
            rc = -1;
        } else if (c->col[F_OUTLET] < 0 && !c->outlet) {
            reject(c, path, line,
                   "no \"outlet\" column in the CSV header (give --outlet); file skipped");
            rc = -1;
        }
        goto out;
    }
    if (r->nf != c->header_nf) {
        reject(c, path, line, "row has %zu field(s), the header has %zu", r->nf, c->header_nf);
        goto out;
    }
    record_reset(rec, path, line);
    for (int k = 0; k < N_FIELDS; k++) {
        if (c->col[k] < 0)
            continue;
        struct slant_slice v = row_field(r, (size_t)c->col[k]);
        if (set_field(c, rec, k, v.p, v.len) < 0) {
            reject(c, path, line, "\"%s\" too long", field_name[k]);
            goto out;
        }
    }
    rc = finish_record(c, rec);
out:
    row_clear(r);
    return rc;
}

static int only_space(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
            return 0;
    return 1;
}

/* Returns 1 (record), 0 (end of file), <0 (read error, reported). */
static int next_csv(struct slant_corpus *c, struct slant_record *rec)
{
    const char *path = c->cur->path;
    for (;;) {
        int too_long;
        int rc = rd_line(&c->rd, &c->linebuf, 1, &too_long);
        if (rc < 0) {
            report(c, SLANT_FATAL, path, c->line, "read error: %s", strerror(c->rd.err));
            return SLANT_EIO;
        }
        if (rc == 0) {
            int took = 0;
            if (c->in_row) {
                if (csv_fini(&c->csv, csv_field_cb, csv_row_cb, &c->row) != 0) {
                    reject(c, path, c->row_line, "CSV: unterminated quoted field");
                    row_clear(&c->row);
                } else if (c->row.done) {
                    took = csv_take_row(c, path, rec);
                }
            }
            if (c->header_nf == 0 && took == 0)
                reject(c, path, 0, "empty CSV file: no header row");
            return took == 1 ? 1 : 0;
        }
        c->line++;
        const char *p = c->linebuf.p ? c->linebuf.p : "";
        size_t n = c->linebuf.len;
        if (too_long) {
            reject(c, path, c->in_row ? c->row_line : c->line, "line longer than %zu MiB",
                   SLANT_CORPUS_LINE_CAP >> 20);
            if (c->header_nf == 0)
                return 0; /* without its header the file cannot be read */
            csv_free(&c->csv);
            csv_start(c);
            continue;
        }
        if (c->line == 1) {
            size_t bom_len = 0;
            if (slant_utf8_detect_bom(p, n, &bom_len) == SLANT_BOM_UTF8) {
                p += bom_len;
                n -= bom_len;
            }
        }
        if (!c->in_row) {
            if (only_space(p, n))
                continue;
            c->in_row = 1;
            c->row_line = c->line;
        }
        size_t used = csv_parse(&c->csv, p, n, csv_field_cb, csv_row_cb, &c->row);
        if (used < n || csv_error(&c->csv) != CSV_SUCCESS) {
            int e = csv_error(&c->csv);
            if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
                reject(c, path, c->row_line, "CSV field longer than %zu MiB",
                       SLANT_CORPUS_LINE_CAP >> 20);
            else
                reject(c, path, c->row_line, "malformed CSV (%s, line %lu)",
                       "a quote inside an unquoted field or text after a closing quote", c->line);
            if (c->header_nf == 0)
                return 0; /* a broken header: every row would be misread */
            /* resynchronise at the next line: a stray quote must not swallow the file */
            csv_free(&c->csv);
            csv_start(c);
            continue;
        }
        if (c->row.done) {
            c->in_row = 0;
            int took = csv_take_row(c, path, rec);
            if (took < 0)
                return 0; /* the whole file was rejected */
            if (took == 1)
                return 1;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* The iterator                                                              */
/* ------------------------------------------------------------------------ */

static int open_input(struct slant_corpus *c, struct input *in)
{
    memset(&c->rd, 0, sizeof(c->rd));
    c->line = 0;
    if (in->mem) {
        c->rd.mem = 1;
        c->rd.p = in->mem;
        c->rd.end = in->size;
    } else {
        c->rd.f = fopen(in->path, "rb");
        if (!c->rd.f) {
            reject(c, in->path, 0, "cannot open: %s", strerror(errno));
            return 0;
        }
        c->rd.blk = slant_xmalloc(READ_BLOCK);
    }
    c->cur = in;
    return 1;
}

/* Sniff a JSONL or CSV file for a BOM other than UTF-8 and for NUL bytes:
 * a binary file would otherwise be one error per "line".  Returns 1 when
 * the file can be read. */
static int sniff_stream(struct slant_corpus *c, struct input *in)
{
    if (rd_fill(&c->rd) <= 0)
        return 1; /* empty, or an error the line reader will report */
    const char *p = c->rd.p + c->rd.pos;
    size_t n = c->rd.end - c->rd.pos, bom_len;
    enum slant_bom bom = slant_utf8_detect_bom(p, n, &bom_len);
    if (bom == SLANT_BOM_UTF32LE || bom == SLANT_BOM_UTF32BE) {
        reject(c, in->path, 0, "UTF-32 is not supported (convert the file to UTF-8)");
        return 0;
    }
    if (bom == SLANT_BOM_UTF16LE || bom == SLANT_BOM_UTF16BE) {
        reject(c, in->path, 0, "UTF-16 %s is not supported (convert the file to UTF-8)",
               in->format == SLANT_FMT_CSV ? "CSV" : "JSONL");
        return 0;
    }
    const char *nul = memchr(p, '\0', n < BINARY_SNIFF ? n : BINARY_SNIFF);
    if (nul) {
        reject(c, in->path, 0, "binary file (NUL byte at offset %zu), not %s", (size_t)(nul - p),
               in->format == SLANT_FMT_CSV ? "CSV" : "JSONL");
        return 0;
    }
    return 1;
}

int slant_corpus_next(struct slant_corpus *c, struct slant_record *rec)
{
    for (;;) {
        if (c->state == ST_IDLE) {
            if (c->next_in >= c->n_in)
                return 0;
            struct input *in = &c->in[c->next_in++];
            if (!open_input(c, in))
                continue;
            if (in->format == SLANT_FMT_TEXT) {
                int rc = read_text(c, in, rec);
                /* the record's bytes live in c's buffers, not the file */
                close_input(c);
                if (rc != 0)
                    return rc;
                continue;
            }
            if (!sniff_stream(c, in)) {
                close_input(c);
                continue;
            }
            if (in->format == SLANT_FMT_CSV) {
                c->header_nf = 0;
                csv_start(c);
                c->state = ST_CSV;
            } else {
                c->state = ST_JSONL;
            }
        }
        if (c->state == ST_CSV) {
            int rc = next_csv(c, rec);
            if (rc != 0) {
                if (rc < 0)
                    close_input(c);
                return rc;
            }
            close_input(c);
            continue;
        }
        /* JSONL */
        int too_long;
        int rc = rd_line(&c->rd, &c->linebuf, 0, &too_long);
        if (rc < 0) {
            report(c, SLANT_FATAL, c->cur->path, c->line + 1, "read error: %s",
                   strerror(c->rd.err));
            close_input(c);
            return SLANT_EIO;
        }
        if (rc == 0) {
            close_input(c);
            continue;
        }
        c->line++;
        if (too_long) {
            reject(c, c->cur->path, c->line, "line longer than %zu MiB; skipped",
                   SLANT_CORPUS_LINE_CAP >> 20);
            continue;
        }
        if (parse_jsonl(c, c->cur->path, c->line, c->linebuf.p ? c->linebuf.p : "", c->linebuf.len,
                        rec))
            return 1;
    }
}
