/* boiler.c - removing page furniture, line by line (see include/slant/boiler.h). */
#include "slant/boiler.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slant/err.h"
#include "slant/hash.h"
#include "slant/xalloc.h"

#include "banned.h"

/* ------------------------------------------------------------------------ */
/* The rules                                                                 */
/* ------------------------------------------------------------------------ */

enum match_kind {
    M_EXACT,    /* the whole trimmed line */
    M_PREFIX,   /* the line starts with pat */
    M_CONTAINS, /* pat anywhere in the line */
};

struct rule {
    const char *name; /* reported by slant_boiler_rule; "tail:" = cuts the rest */
    enum match_kind kind;
    const char *pat;  /* lowercase ASCII */
    const char *also; /* NULL, or lowercase ASCII that must follow pat */
    size_t max_len;   /* longer trimmed lines never match (0: no limit):
                       * article sentences begin like promos now and then */
    int tail;
};

/* Order matters only for the name reported: the first match wins. */
static const struct rule rules[] = {
    /* tails: what follows is another page's content */
    {"tail:related-articles", M_EXACT, "related articles", NULL, 0, 1},
    {"tail:similar-articles", M_EXACT, "similar articles", NULL, 0, 1},
    {"tail:read-more", M_EXACT, "read more", NULL, 0, 1},
    {"tail:more-from", M_PREFIX, "more from ", NULL, 60, 1},
    {"tail:outdated-browser", M_EXACT, "outdated browser", NULL, 0, 1},
    {"tail:hashtags", M_EXACT, "hashtags", NULL, 0, 1},
    /* navigation and widgets, alone on their line */
    {"menu", M_EXACT, "menu", NULL, 0, 0},
    {"by", M_EXACT, "by", NULL, 0, 0},
    {"all-sections", M_EXACT, "all sections", NULL, 0, 0},
    {"share", M_EXACT, "share", NULL, 0, 0},
    {"share", M_EXACT, "share this article", NULL, 0, 0},
    {"comments", M_EXACT, "comments", NULL, 0, 0},
    /* notices and promos */
    {"cookies", M_PREFIX, "we use cookies", NULL, 1000, 0},
    {"cookies", M_CONTAINS, "cookie policy", NULL, 300, 0},
    {"cookies", M_CONTAINS, "accept cookies", NULL, 300, 0},
    {"patreon", M_PREFIX, "support ", "on patreon", 120, 0},
    {"subscribe-channel", M_PREFIX, "subscribe to ", "channel", 160, 0},
    {"read-more-promo", M_PREFIX, "read more:", NULL, 300, 0},
    {"read-more-promo", M_PREFIX, "read more on ", ":", 300, 0},
    /* captions: "Photo: AP", "Kim Jong Un. Photo: KCNA" */
    {"photo-caption", M_PREFIX, "photo:", NULL, 200, 0},
    {"photo-caption", M_CONTAINS, ". photo:", NULL, 200, 0},
    {"photo-caption", M_PREFIX, "photograph:", NULL, 200, 0},
    {"photo-caption", M_CONTAINS, ". photograph:", NULL, 200, 0},
};

static unsigned char fold(unsigned char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch - 'A' + 'a') : ch;
}

/* Trim ASCII white space and NO-BREAK SPACE (U+00A0, C2 A0) at both ends:
 * scraped pages pad empty paragraphs with it. */
static struct slant_slice trim(struct slant_slice s)
{
    for (;;) {
        if (s.len && (s.p[0] == ' ' || s.p[0] == '\t' || s.p[0] == '\r' || s.p[0] == '\n' ||
                      s.p[0] == '\f' || s.p[0] == '\v')) {
            s.p++;
            s.len--;
        } else if (s.len >= 2 && (unsigned char)s.p[0] == 0xC2 && (unsigned char)s.p[1] == 0xA0) {
            s.p += 2;
            s.len -= 2;
        } else {
            break;
        }
    }
    for (;;) {
        char ch = s.len ? s.p[s.len - 1] : 'x';
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f' || ch == '\v')
            s.len--;
        else if (s.len >= 2 && (unsigned char)s.p[s.len - 2] == 0xC2 &&
                 (unsigned char)s.p[s.len - 1] == 0xA0)
            s.len -= 2;
        else
            break;
    }
    return s;
}

/* Does folded s at offset i start with the lowercase pattern? */
static int at(struct slant_slice s, size_t i, const char *pat, size_t n)
{
    if (i > s.len || s.len - i < n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (fold((unsigned char)s.p[i + k]) != (unsigned char)pat[k])
            return 0;
    return 1;
}

/* First offset >= from where pat occurs, or (size_t)-1. */
static size_t find(struct slant_slice s, size_t from, const char *pat)
{
    size_t n = strlen(pat);
    for (size_t i = from; i + n <= s.len; i++)
        if (at(s, i, pat, n))
            return i;
    return (size_t)-1;
}

static const struct rule *match_rule(struct slant_slice t)
{
    if (t.len == 0)
        return NULL;
    for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
        const struct rule *ru = &rules[r];
        size_t n = strlen(ru->pat);
        if (ru->max_len && t.len > ru->max_len)
            continue;
        size_t after;
        switch (ru->kind) {
        case M_EXACT:
            if (t.len != n || !at(t, 0, ru->pat, n))
                continue;
            after = n;
            break;
        case M_PREFIX:
            if (!at(t, 0, ru->pat, n))
                continue;
            after = n;
            break;
        default: {
            size_t i = find(t, 0, ru->pat);
            if (i == (size_t)-1)
                continue;
            after = i + n;
            break;
        }
        }
        if (ru->also && find(t, after, ru->also) == (size_t)-1)
            continue;
        return ru;
    }
    return NULL;
}

const char *slant_boiler_rule(struct slant_slice line)
{
    const struct rule *r = match_rule(trim(line));
    return r ? r->name : NULL;
}

/* ------------------------------------------------------------------------ */
/* Hashing folded lines                                                      */
/* ------------------------------------------------------------------------ */

/* A hash-table key: 0 marks an empty slot. */
static uint64_t key_of(uint64_t h)
{
    return h ? h : 1;
}

static uint64_t hash_folded(struct slant_slice line)
{
    return key_of(slant_hash64_folded(line.p, line.len, 0));
}

static uint64_t hash_outlet_line(struct slant_slice outlet, struct slant_slice line)
{
    return key_of(slant_hash64_folded(line.p, line.len, slant_hash64(outlet.p, outlet.len, 0)));
}

static int folded_eq(struct slant_slice a, struct slant_slice b)
{
    if (a.len != b.len)
        return 0;
    for (size_t i = 0; i < a.len; i++)
        if (fold((unsigned char)a.p[i]) != fold((unsigned char)b.p[i]))
            return 0;
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Lines seen across documents                                               */
/* ------------------------------------------------------------------------ */

struct seen_ent {
    uint64_t h;        /* 0 = empty */
    uint32_t docs;     /* documents the line was seen in */
    uint32_t last_doc; /* serial of the last document that counted it */
};

struct slant_boiler_seen {
    struct seen_ent *t;
    size_t mask, used;
    size_t min_docs;
    uint32_t serial;
};

struct slant_boiler_seen *slant_boiler_seen_new(size_t min_docs)
{
    struct slant_boiler_seen *s = slant_xcalloc(1, sizeof(*s));
    s->min_docs = min_docs == 0 ? SLANT_BOILER_SEEN_MIN_DOCS : min_docs < 2 ? 2 : min_docs;
    s->mask = 1023;
    s->t = slant_xcalloc(s->mask + 1, sizeof(*s->t));
    return s;
}

void slant_boiler_seen_free(struct slant_boiler_seen *s)
{
    if (!s)
        return;
    free(s->t);
    free(s);
}

static struct seen_ent *seen_slot(struct seen_ent *t, size_t mask, uint64_t h)
{
    size_t i = (size_t)h & mask;
    while (t[i].h && t[i].h != h)
        i = (i + 1) & mask;
    return &t[i];
}

static void seen_grow(struct slant_boiler_seen *s)
{
    size_t nmask = s->mask * 2 + 1;
    struct seen_ent *nt = slant_xzalloc(nmask + 1, sizeof(*nt));
    for (size_t i = 0; i <= s->mask; i++)
        if (s->t[i].h)
            *seen_slot(nt, nmask, s->t[i].h) = s->t[i];
    free(s->t);
    s->t = nt;
    s->mask = nmask;
}

static int seen_eligible(struct slant_slice t)
{
    return t.len > 0 && t.len < SLANT_BOILER_SEEN_MAX_LINE;
}

/* Next line of text from *off: the whole line with its terminator in *raw. */
static int next_line(struct slant_slice text, size_t *off, struct slant_slice *raw)
{
    if (*off >= text.len)
        return 0;
    const char *s = text.p + *off;
    const char *nl = memchr(s, '\n', text.len - *off);
    size_t n = nl ? (size_t)(nl - s) + 1 : text.len - *off;
    raw->p = s;
    raw->len = n;
    *off += n;
    return 1;
}

void slant_boiler_seen_add(struct slant_boiler_seen *s, struct slant_slice outlet,
                           struct slant_slice text)
{
    s->serial++;
    if (s->serial == 0) /* wrapped after 4 billion documents: 0 means "none" */
        s->serial = 1;
    size_t off = 0;
    struct slant_slice raw;
    while (next_line(text, &off, &raw)) {
        struct slant_slice t = trim(raw);
        if (!seen_eligible(t))
            continue;
        if ((s->used + 1) * 2 > s->mask + 1)
            seen_grow(s);
        uint64_t h = hash_outlet_line(outlet, t);
        struct seen_ent *e = seen_slot(s->t, s->mask, h);
        if (!e->h) {
            e->h = h;
            s->used++;
        }
        if (e->last_doc != s->serial) {
            e->last_doc = s->serial;
            if (e->docs < UINT32_MAX)
                e->docs++;
        }
    }
}

size_t slant_boiler_seen_count(const struct slant_boiler_seen *s, struct slant_slice outlet,
                               struct slant_slice line)
{
    struct slant_slice t = trim(line);
    if (!s || !seen_eligible(t))
        return 0;
    const struct seen_ent *e = seen_slot(s->t, s->mask, hash_outlet_line(outlet, t));
    return e->h ? e->docs : 0;
}

/* ------------------------------------------------------------------------ */
/* Cleaning one document                                                     */
/* ------------------------------------------------------------------------ */

/* Kept lines of this document, to drop later repeats. */
struct dupset {
    struct slant_slice *line; /* trimmed line; .p NULL = empty slot */
    uint64_t *h;
    size_t mask;
};

static int dup_check_add(struct dupset *d, struct slant_slice t)
{
    uint64_t h = hash_folded(t);
    size_t i = (size_t)h & d->mask;
    while (d->line[i].p) {
        if (d->h[i] == h && folded_eq(d->line[i], t))
            return 1;
        i = (i + 1) & d->mask;
    }
    d->line[i] = t;
    d->h[i] = h;
    return 0;
}

/* A run of blank lines: [start, end) of the text, and how many. */
struct run {
    size_t start, end, n;
};

struct cleaner {
    struct slant_slice text;
    struct slant_buf *out; /* NULL with keep: count only */
    int kept_any;
    int removed_in_gap;
    struct run gap;  /* every blank line since the last kept line */
    struct run cur;  /* the current unbroken run of blank lines */
    struct run best; /* the longest unbroken run in the gap */
};

static int emit(struct cleaner *c, size_t start, size_t end)
{
    if (!c->out || end <= start)
        return 0;
    return slant_buf_add(c->out, c->text.p + start, end - start);
}

static void close_run(struct cleaner *c)
{
    if (c->cur.n > c->best.n)
        c->best = c->cur;
    c->cur.n = 0;
}

/* Before a kept line (or at the end): write the blank lines of the gap. */
static int flush_gap(struct cleaner *c, int at_end)
{
    int rc = 0;
    if (c->gap.n) {
        if (!c->removed_in_gap)
            rc = emit(c, c->gap.start, c->gap.end);
        else if (c->kept_any && !at_end) {
            close_run(c);
            rc = emit(c, c->best.start, c->best.end);
        }
    }
    memset(&c->gap, 0, sizeof(c->gap));
    memset(&c->cur, 0, sizeof(c->cur));
    memset(&c->best, 0, sizeof(c->best));
    c->removed_in_gap = 0;
    return rc;
}

int slant_boiler_clean_seen(struct slant_slice text, int keep, const struct slant_boiler_seen *seen,
                            struct slant_slice outlet, struct slant_buf *out,
                            struct slant_boiler_stats *st)
{
    struct slant_boiler_stats dummy;
    if (!st) {
        memset(&dummy, 0, sizeof(dummy));
        st = &dummy;
    }
    if (!text.p)
        text.p = "";

    size_t nlines = 1;
    for (const char *p = text.p, *end = text.p + text.len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        nlines++;
    struct dupset d;
    d.mask = 16;
    while (d.mask < nlines * 2)
        d.mask *= 2;
    d.line = slant_xzalloc(d.mask, sizeof(*d.line));
    d.h = slant_xzalloc(d.mask, sizeof(*d.h));
    d.mask--;

    struct cleaner c;
    memset(&c, 0, sizeof(c));
    c.text = text;
    c.out = keep ? NULL : out;
    int rc = 0, in_tail = 0;
    size_t off = 0;
    struct slant_slice raw;
    while (next_line(text, &off, &raw)) {
        size_t start = (size_t)(raw.p - text.p), end = start + raw.len;
        struct slant_slice t = trim(raw);
        if (t.len == 0) {
            if (in_tail)
                continue;
            if (c.gap.n == 0)
                c.gap.start = start;
            c.gap.end = end;
            c.gap.n++;
            if (c.cur.n == 0)
                c.cur.start = start;
            c.cur.end = end;
            c.cur.n++;
            continue;
        }
        int removed = 1;
        const struct rule *r = NULL;
        if (in_tail) {
            st->tail_lines++;
        } else if ((r = match_rule(t)) != NULL) {
            if (r->tail && c.kept_any) {
                in_tail = 1;
                st->tail_lines++;
            } else {
                st->rule_lines++;
            }
        } else if (seen && seen_eligible(t) &&
                   slant_boiler_seen_count(seen, outlet, t) >= seen->min_docs) {
            st->repeated_lines++;
        } else if (dup_check_add(&d, t)) {
            st->dup_lines++;
        } else {
            removed = 0;
        }
        if (removed) {
            st->lines_removed++;
            st->bytes_removed += raw.len;
            c.removed_in_gap = 1;
            close_run(&c);
            continue;
        }
        if ((rc = flush_gap(&c, 0)) < 0)
            goto out;
        if ((rc = emit(&c, start, end)) < 0)
            goto out;
        c.kept_any = 1;
    }
    if ((rc = flush_gap(&c, 1)) < 0)
        goto out;
    if (keep)
        rc = slant_buf_add(out, text.p, text.len);
out:
    free(d.line);
    free(d.h);
    return rc;
}

int slant_boiler_clean(struct slant_slice text, int keep, struct slant_buf *out,
                       struct slant_boiler_stats *st)
{
    struct slant_slice none = {"", 0};
    return slant_boiler_clean_seen(text, keep, NULL, none, out, st);
}
