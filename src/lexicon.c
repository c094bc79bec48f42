/*
 * lexicon.c - the .lex parser and linter, LIWC .dic import, the compiled
 * first-token index (see include/slant/lexicon.h and lexicons/README.md).
 *
 * The parser and the importer share one pattern scanner (scan_pattern), so
 * whatever the importer writes is exactly what the parser accepts: the fuzz
 * target fuzz_dic checks that promise.  Everything a lexicon owns lives in
 * the set's arena; only the index tables and the growing arrays of a parse in
 * progress are malloc'd.
 */
#include "slant/lexicon.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slant/arena.h"
#include "slant/buf.h"
#include "slant/err.h"
#include "slant/stem.h"
#include "slant/tokenize.h"
#include "slant/utf8.h"
#include "slant/xalloc.h"

#include "banned.h"

/* ------------------------------------------------------------------------ */
/* Hashing and a small string set                                           */
/* ------------------------------------------------------------------------ */

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static uint64_t fnv_add(uint64_t h, const void *p, size_t len)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < len; i++) {
        h ^= s[i];
        h *= FNV_PRIME;
    }
    return h;
}

/* FNV-1a's low bits are weak for linear probing; a finaliser spreads them
 * (the murmur3 fmix64 constants). */
static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

/*
 * A set of byte strings, each with a uint32 value (a line number, an index).
 * Used to find duplicate frames, patterns and category names.  Keys are
 * copied into the set's own arena.
 */
struct strset_slot {
    uint64_t h;
    const char *key; /* NULL: empty slot */
    size_t len;
    uint32_t value;
};

struct strset {
    struct strset_slot *slots;
    size_t mask, n;
    struct slant_arena arena;
};

/* An empty set with room for `expect` keys before it grows (the sets of a
 * 100,000-pattern lexicon grew twelve times: 6% of the time it took to
 * load). */
static void strset_init_for(struct strset *s, size_t expect)
{
    size_t cap = 64;
    while (cap < 2 * expect && cap < ((size_t)1 << 30))
        cap *= 2;
    s->mask = cap - 1;
    s->n = 0;
    s->slots = slant_xzalloc(cap, sizeof(*s->slots));
    slant_arena_init(&s->arena, 0);
}

static void strset_init(struct strset *s)
{
    strset_init_for(s, 0);
}

static void strset_release(struct strset *s)
{
    free(s->slots);
    s->slots = NULL;
    slant_arena_release(&s->arena);
}

static struct strset_slot *strset_probe(const struct strset *s, uint64_t h, const char *key,
                                        size_t len)
{
    size_t i = (size_t)mix(h) & s->mask;
    for (;;) {
        struct strset_slot *sl = &s->slots[i];
        if (!sl->key || (sl->h == h && sl->len == len && memcmp(sl->key, key, len) == 0))
            return sl;
        i = (i + 1) & s->mask;
    }
}

/* Add key with value unless present; returns the value already stored, or
 * -1 when the key was added. */
static long strset_add(struct strset *s, const char *key, size_t len, uint32_t value)
{
    uint64_t h = fnv_add(FNV_OFFSET, key, len);
    struct strset_slot *sl = strset_probe(s, h, key, len);
    if (sl->key)
        return (long)sl->value;
    if ((s->n + 1) * 2 > s->mask + 1) {
        size_t old_n = s->mask + 1;
        struct strset_slot *old = s->slots;
        s->mask = old_n * 2 - 1;
        s->slots = slant_xzalloc(s->mask + 1, sizeof(*s->slots));
        for (size_t i = 0; i < old_n; i++)
            if (old[i].key)
                *strset_probe(s, old[i].h, old[i].key, old[i].len) = old[i];
        free(old);
        sl = strset_probe(s, h, key, len);
    }
    sl->h = h;
    sl->key = slant_arena_strndup(&s->arena, key, len);
    sl->len = len;
    sl->value = value;
    s->n++;
    return -1;
}

/* ------------------------------------------------------------------------ */
/* The set                                                                  */
/* ------------------------------------------------------------------------ */

struct posting {
    uint32_t lex, pat;
};

/* One distinct first-token key of the index and its run of postings. */
struct ikey {
    uint64_t h;
    const char *text;
    const char *lang;
    uint32_t len;
    uint8_t kind;
    uint32_t first, count;
};

struct slant_lexset {
    struct slant_arena arena;
    struct slant_lexicon **lex;
    size_t n_lex, alloc_lex;
    int compiled;

    /* the index, built by slant_lexset_compile */
    struct ikey *keys;
    size_t n_keys;
    uint32_t *slots; /* key index + 1; 0 is empty */
    size_t slot_mask;
    struct posting *post;
    /* has_prefix_len[k]: some prefix token (at any position) is k bytes long */
    unsigned char has_prefix_len[SLANT_PAT_MAX_TOKEN_LEN + 1];
    size_t max_prefix_len;

    /* twins, built by slant_lexset_compile: pat_base[l] is the global
     * number of lexicon l's first pattern; twin_group[global] is 0 or the
     * pattern's group + 1; group g's members are
     * group_pat[group_first[g] .. group_first[g + 1]) */
    uint32_t *pat_base;
    uint32_t *twin_group;
    uint32_t *group_first;
    uint32_t *group_pat;
    size_t n_groups;
};

struct slant_lexset *slant_lexset_new(void)
{
    struct slant_lexset *set = slant_xcalloc(1, sizeof(*set));
    slant_arena_init(&set->arena, 0);
    return set;
}

void slant_lexset_free(struct slant_lexset *set)
{
    if (!set)
        return;
    slant_arena_release(&set->arena);
    free(set->lex);
    free(set->keys);
    free(set->slots);
    free(set->post);
    free(set->pat_base);
    free(set->twin_group);
    free(set->group_first);
    free(set->group_pat);
    free(set);
}

int slant_lexset_compiled(const struct slant_lexset *set)
{
    return set && set->compiled;
}

size_t slant_lexset_count(const struct slant_lexset *set)
{
    return set ? set->n_lex : 0;
}

struct slant_lexicon *slant_lexset_get(const struct slant_lexset *set, size_t i)
{
    return set && i < set->n_lex ? set->lex[i] : NULL;
}

struct slant_lexicon *slant_lexset_find(const struct slant_lexset *set, const char *name)
{
    if (!set || !name)
        return NULL;
    for (size_t i = 0; i < set->n_lex; i++)
        if (strcmp(set->lex[i]->name, name) == 0)
            return set->lex[i];
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Shared scanning of lines, names and patterns                             */
/* ------------------------------------------------------------------------ */

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The next line of [*pos, end) without its '\n' and a trailing '\r'. */
static struct slant_slice next_line(const char *text, size_t len, size_t *pos)
{
    size_t start = *pos, i = start;
    while (i < len && text[i] != '\n')
        i++;
    struct slant_slice l = {text + start, i - start};
    *pos = i < len ? i + 1 : len;
    if (l.len && l.p[l.len - 1] == '\r')
        l.len--;
    return l;
}

static size_t skip_bom(const char *text, size_t len)
{
    return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* Length of at most max bytes of s, cut back to a UTF-8 character boundary,
 * so messages quoting input stay short and valid. */
static int clip(struct slant_slice s, size_t max)
{
    if (s.len <= max)
        return (int)s.len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s.p[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

/* A frame name: non-empty, no brackets and no control characters, which
 * would break the `[name]` line or a report. */
static int frame_name_ok(struct slant_slice n)
{
    if (n.len == 0)
        return 0;
    for (size_t i = 0; i < n.len; i++) {
        unsigned char c = (unsigned char)n.p[i];
        if (c == '[' || c == ']' || c < 0x20 || c == 0x7f)
            return 0;
    }
    return 1;
}

static int name_char_ok(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

/* A lexicon name: 1-64 ASCII letters, digits, '-', '_', '.': it becomes a
 * database key, a command-line argument and a file name in reports. */
static int lexicon_name_ok(struct slant_slice n)
{
    if (n.len == 0 || n.len > 64)
        return 0;
    for (size_t i = 0; i < n.len; i++)
        if (!name_char_ok((unsigned char)n.p[i]))
            return 0;
    return 1;
}

/* @language: an ISO 639-1/-3 code, as documents carry it. */
static int language_ok(struct slant_slice v)
{
    if (v.len < 2 || v.len > 3)
        return 0;
    for (size_t i = 0; i < v.len; i++)
        if (v.p[i] < 'a' || v.p[i] > 'z')
            return 0;
    return 1;
}

/* One token of a pattern after scanning: folded text in a malloc'd string. */
struct ptok {
    char *text;
    size_t len;
    uint8_t kind;
};

static void ptoks_free(struct ptok *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(t[i].text);
}

/*
 * Scan the pattern part of a line (without weight) into tokens, each
 * classified and case-folded.  Returns NULL, or a static message describing
 * the first problem (tokens are then freed and *n is 0); *nomem is set when
 * the problem is slant_fold running out of memory, which is no fault of the
 * input.  The parser and the importer both call this, so the importer never
 * writes a pattern the parser would refuse.
 */
static const char *scan_pattern(struct slant_slice pat, struct ptok *toks, size_t *n, int *nomem)
{
    const char *problem = NULL;
    size_t i = 0;
    *n = 0;
    *nomem = 0;
    while (i < pat.len) {
        while (i < pat.len && is_space((unsigned char)pat.p[i]))
            i++;
        if (i == pat.len)
            break;
        size_t start = i;
        while (i < pat.len && !is_space((unsigned char)pat.p[i]))
            i++;
        const char *t = pat.p + start;
        size_t tl = i - start;
        if (*n == SLANT_PAT_MAX_TOKENS) {
            problem = "a pattern has at most 16 tokens";
            goto fail;
        }
        uint8_t kind = SLANT_PAT_STEM;
        if (t[0] == '=') {
            kind = SLANT_PAT_EXACT;
            t++;
            tl--;
            if (tl == 0) {
                problem = "a token that is only '=' has no word to match";
                goto fail;
            }
        } else if (t[tl - 1] == '*') {
            kind = SLANT_PAT_PREFIX;
            tl--;
            if (tl == 0) {
                problem = "a bare '*' would match every word";
                goto fail;
            }
        }
        if (memchr(t, '*', tl)) {
            problem = kind == SLANT_PAT_EXACT ? "an exact token (=word) cannot hold '*'"
                                              : "'*' is allowed only at the end of a token";
            goto fail;
        }
        char *folded = NULL;
        size_t flen = 0;
        if (slant_fold(t, tl, &folded, &flen) < 0) {
            *nomem = 1;
            problem = "out of memory";
            goto fail;
        }
        toks[*n].text = folded;
        toks[*n].len = flen;
        toks[*n].kind = kind;
        (*n)++;
        if (flen == 0) {
            problem = "a token is empty after case folding";
            goto fail;
        }
        if (flen > SLANT_PAT_MAX_TOKEN_LEN) {
            problem = "a token longer than 256 bytes can never match a word";
            goto fail;
        }
    }
    if (*n == 0)
        problem = "empty pattern";
    if (!problem)
        return NULL;
fail:
    ptoks_free(toks, *n);
    *n = 0;
    return problem;
}

/* Append the duplicate-detection key of a scanned pattern: kind and folded
 * text of every token. */
static void pattern_key(struct slant_buf *key, const struct ptok *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        slant_buf_addc(key, (char)('0' + t[i].kind));
        slant_buf_add(key, t[i].text, t[i].len);
        slant_buf_addc(key, '\x1f');
    }
}

/* A weight: a plain decimal number (digits, '.', exponent), finite, > 0.
 * strtod alone would also take "inf", "nan", hex floats and leading space;
 * the character check keeps the format strict and locale-independent in
 * practice (a decimal comma is refused before strtod sees it). */
static const char *parse_weight(struct slant_slice w, double *out)
{
    char tmp[64];
    if (w.len == 0 || w.len >= sizeof(tmp))
        return "the weight is not a number";
    for (size_t i = 0; i < w.len; i++) {
        char c = w.p[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'))
            return "the weight is not a number";
    }
    memcpy(tmp, w.p, w.len);
    tmp[w.len] = '\0';
    char *end = NULL;
    errno = 0;
    double d = strtod(tmp, &end);
    if (end != tmp + w.len || end == tmp)
        return "the weight is not a number";
    if (!isfinite(d) || errno == ERANGE)
        return "the weight is not a finite number";
    if (!(d > 0))
        return "the weight must be greater than 0";
    *out = d;
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* The .lex parser                                                          */
/* ------------------------------------------------------------------------ */

enum { FRAME_NONE = 0, FRAME_OPEN, FRAME_DROPPED };

enum { KEY_LEXICON, KEY_LANGUAGE, KEY_VERSION, KEY_DESCRIPTION, KEY_POLE, KEY_FRAME_DESC, N_KEYS };

struct parser {
    struct slant_lexset *set;
    struct slant_diag *diag;
    const char *path; /* for messages; NULL when in-memory */
    struct slant_lexicon *lx;
    size_t n_errors, n_warnings;

    struct slant_frame *frames;
    size_t n_frames, alloc_frames;
    struct slant_pattern *pats;
    size_t n_pats, alloc_pats;

    int frame_state;
    uint32_t frame_line;       /* header line of the open or dropped frame */
    struct strset frame_names; /* name -> header line */
    struct strset pat_keys;    /* frame index + pattern key -> line */
    struct slant_buf key;
    uint32_t key_line[N_KEYS]; /* where each key was set (frame keys per frame) */
    uint32_t language_line;
    int has_stem;
};

static void report(struct parser *ps, enum slant_severity sev, uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void report(struct parser *ps, enum slant_severity sev, uint32_t line, const char *fmt, ...)
{
    if (sev >= SLANT_ERROR)
        ps->n_errors++;
    else if (sev == SLANT_WARNING)
        ps->n_warnings++;
    if (!ps->diag)
        return;
    va_list ap;
    va_start(ap, fmt);
    slant_diag_v(ps->diag, sev, ps->path, line, fmt, ap);
    va_end(ap);
}

static void close_frame(struct parser *ps)
{
    if (ps->frame_state == FRAME_OPEN) {
        struct slant_frame *fr = &ps->frames[ps->n_frames - 1];
        fr->n_patterns = (uint32_t)(ps->n_pats - fr->first_pattern);
        if (fr->n_patterns == 0)
            report(ps, SLANT_ERROR, fr->line, "empty frame [%s]: it has no patterns", fr->name);
    }
}

static char *adup(struct parser *ps, struct slant_slice s)
{
    return slant_arena_strndup(&ps->set->arena, s.p, s.len);
}

static void frame_header(struct parser *ps, struct slant_slice l, uint32_t line)
{
    close_frame(ps);
    ps->frame_state = FRAME_DROPPED;
    ps->frame_line = line;
    ps->key_line[KEY_POLE] = ps->key_line[KEY_FRAME_DESC] = 0;
    if (l.p[l.len - 1] != ']') {
        report(ps, SLANT_ERROR, line, "a frame header must end with ']'");
        return;
    }
    struct slant_slice name = slant_slice_trim((struct slant_slice){l.p + 1, l.len - 2});
    if (!frame_name_ok(name)) {
        report(ps, SLANT_ERROR, line,
               name.len ? "frame name '%.*s' holds '[', ']' or a control character"
                        : "empty frame name%.*s",
               clip(name, 60), name.p);
        return;
    }
    long first = strset_add(&ps->frame_names, name.p, name.len, line);
    if (first >= 0) {
        report(ps, SLANT_ERROR, line, "duplicate frame [%.*s] (first on line %ld)", clip(name, 60),
               name.p, first);
        return;
    }
    if (ps->n_frames == ps->alloc_frames) {
        ps->alloc_frames = ps->alloc_frames ? ps->alloc_frames * 2 : 16;
        ps->frames = slant_xreallocarray(ps->frames, ps->alloc_frames, sizeof(*ps->frames));
    }
    struct slant_frame *fr = &ps->frames[ps->n_frames++];
    memset(fr, 0, sizeof(*fr));
    fr->name = adup(ps, name);
    fr->description = "";
    fr->pole_name = "";
    fr->pole = SLANT_POLE_NONE;
    fr->line = line;
    fr->first_pattern = (uint32_t)ps->n_pats;
    ps->frame_state = FRAME_OPEN;
}

static void metadata(struct parser *ps, struct slant_slice l, uint32_t line)
{
    size_t k = 1;
    while (k < l.len && !is_space((unsigned char)l.p[k]))
        k++;
    struct slant_slice key = {l.p + 1, k - 1};
    struct slant_slice val = slant_slice_trim((struct slant_slice){l.p + k, l.len - k});
    int top = ps->frame_state == FRAME_NONE;
    int id = -1;
    if (slant_slice_eq_cstr(key, "lexicon"))
        id = KEY_LEXICON;
    else if (slant_slice_eq_cstr(key, "language"))
        id = KEY_LANGUAGE;
    else if (slant_slice_eq_cstr(key, "version"))
        id = KEY_VERSION;
    else if (slant_slice_eq_cstr(key, "description"))
        id = top ? KEY_DESCRIPTION : KEY_FRAME_DESC;
    else if (slant_slice_eq_cstr(key, "pole"))
        id = KEY_POLE;
    if (id < 0) {
        report(ps, SLANT_ERROR, line, "unknown key @%.*s %s", clip(key, 40), key.p,
               top ? "(known at the top: @lexicon @language @version @description)"
                   : "(known in a frame: @pole @description)");
        return;
    }
    if (top && id == KEY_POLE) {
        report(ps, SLANT_ERROR, line, "@pole outside a frame (it belongs under a [frame])");
        return;
    }
    if (!top && id <= KEY_DESCRIPTION) {
        report(ps, SLANT_ERROR, line,
               "@%.*s after the first frame: lexicon metadata goes before the first [frame]",
               clip(key, 40), key.p);
        return;
    }
    if (val.len == 0) {
        report(ps, SLANT_ERROR, line, "@%.*s needs a value", clip(key, 40), key.p);
        return;
    }
    if (ps->key_line[id]) {
        report(ps, SLANT_ERROR, line, "repeated @%.*s (first on line %u)", clip(key, 40), key.p,
               ps->key_line[id]);
        return;
    }
    struct slant_lexicon *lx = ps->lx;
    switch (id) {
    case KEY_LEXICON:
        if (!lexicon_name_ok(val)) {
            report(ps, SLANT_ERROR, line,
                   "lexicon name '%.*s': use 1-64 ASCII letters, digits, '-', '_' or '.'",
                   clip(val, 60), val.p);
            return;
        }
        lx->name = adup(ps, val);
        break;
    case KEY_LANGUAGE:
        if (!language_ok(val)) {
            report(ps, SLANT_ERROR, line,
                   "language '%.*s': use a 2- or 3-letter lowercase ISO 639 code such as en",
                   clip(val, 60), val.p);
            return;
        }
        lx->language = adup(ps, val);
        ps->language_line = line;
        break;
    case KEY_VERSION:
        lx->version = adup(ps, val);
        break;
    case KEY_DESCRIPTION:
        lx->description = adup(ps, val);
        break;
    case KEY_POLE:
    case KEY_FRAME_DESC:
        if (ps->frame_state == FRAME_OPEN) {
            struct slant_frame *fr = &ps->frames[ps->n_frames - 1];
            if (id == KEY_FRAME_DESC) {
                fr->description = adup(ps, val);
            } else {
                fr->pole_name = adup(ps, val);
                if (slant_slice_eq_cstr(val, "legitimizing"))
                    fr->pole = SLANT_POLE_LEGITIMIZING;
                else if (slant_slice_eq_cstr(val, "delegitimizing"))
                    fr->pole = SLANT_POLE_DELEGITIMIZING;
                else
                    fr->pole = SLANT_POLE_OTHER;
            }
        }
        break;
    default:
        break;
    }
    ps->key_line[id] = line;
}

static void pattern_line(struct parser *ps, struct slant_slice l, uint32_t line)
{
    if (ps->frame_state == FRAME_NONE) {
        report(ps, SLANT_ERROR, line, "pattern before the first [frame]");
        return;
    }
    struct slant_slice pat = l, wpart = {NULL, 0};
    const char *tab = memchr(l.p, '\t', l.len);
    double weight = 1.0;
    if (tab) {
        pat = slant_slice_trim((struct slant_slice){l.p, (size_t)(tab - l.p)});
        wpart = slant_slice_trim((struct slant_slice){tab + 1, l.len - (size_t)(tab - l.p) - 1});
        const char *wp = parse_weight(wpart, &weight);
        if (wp) {
            report(ps, SLANT_ERROR, line, "%s: '%.*s' (weights are finite numbers > 0)", wp,
                   clip(wpart, 40), wpart.p);
            return;
        }
    }
    struct ptok toks[SLANT_PAT_MAX_TOKENS];
    size_t n = 0;
    int nomem = 0;
    const char *problem = scan_pattern(pat, toks, &n, &nomem);
    if (problem) {
        report(ps, nomem ? SLANT_FATAL : SLANT_ERROR, line, "%s in '%.*s'", problem, clip(pat, 60),
               pat.p);
        return;
    }
    if (ps->frame_state == FRAME_DROPPED)
        goto out;
    uint32_t fidx = (uint32_t)(ps->n_frames - 1);
    slant_buf_reset(&ps->key);
    slant_buf_add(&ps->key, &fidx, sizeof(fidx));
    pattern_key(&ps->key, toks, n);
    long first = strset_add(&ps->pat_keys, ps->key.p, ps->key.len, line);
    if (first >= 0) {
        report(ps, SLANT_WARNING, line,
               "duplicate pattern '%.*s' in [%s] (first on line %ld); this one is ignored",
               clip(pat, 60), pat.p, ps->frames[fidx].name, first);
        goto out;
    }
    if (ps->n_pats == ps->alloc_pats) {
        ps->alloc_pats = ps->alloc_pats ? ps->alloc_pats * 2 : 64;
        ps->pats = slant_xreallocarray(ps->pats, ps->alloc_pats, sizeof(*ps->pats));
    }
    struct slant_pattern *p = &ps->pats[ps->n_pats++];
    p->frame = fidx;
    p->line = line;
    p->source = adup(ps, pat);
    p->weight = weight;
    p->n_tokens = (uint32_t)n;
    p->tokens = slant_arena_alloc(&ps->set->arena, n * sizeof(*p->tokens));
    for (size_t i = 0; i < n; i++) {
        p->tokens[i].text = slant_arena_strndup(&ps->set->arena, toks[i].text, toks[i].len);
        p->tokens[i].lang = "";
        p->tokens[i].len = (uint32_t)toks[i].len;
        p->tokens[i].kind = toks[i].kind;
        if (toks[i].kind == SLANT_PAT_STEM)
            ps->has_stem = 1;
    }
out:
    ptoks_free(toks, n);
}

/* "dir/war-legitimacy.lex" -> "war-legitimacy" */
static struct slant_slice base_name(const char *path, const char *ext)
{
    struct slant_slice s = slant_slice_cstr(path ? path : "");
    const char *slash = strrchr(s.p, '/');
    if (slash) {
        s.len -= (size_t)(slash + 1 - s.p);
        s.p = slash + 1;
    }
    size_t el = strlen(ext);
    if (s.len > el && memcmp(s.p + s.len - el, ext, el) == 0)
        s.len -= el;
    return s;
}

int slant_lexicon_parse(struct slant_lexset *set, const char *path, const char *text, size_t len,
                        struct slant_diag *diag, struct slant_lexicon **out)
{
    *out = NULL;
    if (!set || (!text && len))
        return SLANT_EINVAL;
    if (set->compiled)
        return SLANT_EINVAL;
    if (!text)
        text = "";

    struct parser ps;
    memset(&ps, 0, sizeof(ps));
    ps.set = set;
    ps.diag = diag;
    ps.path = path && *path ? path : NULL;
    size_t lines = 1; /* at most one pattern a line */
    for (const char *nl = text; (nl = memchr(nl, '\n', len - (size_t)(nl - text))) != NULL; nl++)
        lines++;
    strset_init(&ps.frame_names);
    strset_init_for(&ps.pat_keys, lines);
    slant_buf_init(&ps.key, 0);

    struct slant_lexicon *lx = slant_arena_alloc(&set->arena, sizeof(*lx));
    memset(lx, 0, sizeof(*lx));
    ps.lx = lx;
    lx->name = NULL;
    lx->language = "en";
    lx->version = "";
    lx->description = "";
    lx->path = slant_arena_strndup(&set->arena, path ? path : "", path ? strlen(path) : 0);
    uint64_t h = fnv_add(FNV_OFFSET, text, len);
    snprintf(lx->hash, sizeof(lx->hash), "%016llx", (unsigned long long)h);

    size_t pos = skip_bom(text, len);
    uint32_t line = 0;
    while (pos < len) {
        struct slant_slice l = next_line(text, len, &pos);
        line++;
        if (!slant_utf8_valid(l.p, l.len)) {
            report(&ps, SLANT_ERROR, line, "invalid UTF-8 or a NUL byte; line ignored");
            continue;
        }
        l = slant_slice_trim(l);
        if (l.len == 0 || l.p[0] == '#')
            continue;
        if (l.p[0] == '@')
            metadata(&ps, l, line);
        else if (l.p[0] == '[')
            frame_header(&ps, l, line);
        else
            pattern_line(&ps, l, line);
        if (ps.n_pats >= UINT32_MAX / 2 || ps.n_frames >= UINT32_MAX / 2)
            break; /* cannot happen under the 256 MB input cap; keeps the casts honest */
    }
    close_frame(&ps);

    if (!lx->name) {
        struct slant_slice b = base_name(path, ".lex");
        if (b.len == 0)
            b = SLANT_SLICE_LIT("lexicon");
        lx->name = adup(&ps, b);
    }
    if (ps.has_stem && !slant_stem_lang_supported(lx->language))
        report(&ps, SLANT_WARNING, ps.language_line,
               "no Snowball stemmer for language '%s': stem patterns match the word as written",
               lx->language);
    struct slant_lexicon *dup = slant_lexset_find(set, lx->name);
    if (dup)
        report(&ps, SLANT_ERROR, ps.key_line[KEY_LEXICON],
               "a lexicon named '%s' is already loaded (from %s)", lx->name,
               *dup->path ? dup->path : "memory");

    lx->n_frames = (uint32_t)ps.n_frames;
    lx->n_patterns = (uint32_t)ps.n_pats;
    lx->frames = slant_arena_alloc(&set->arena, ps.n_frames * sizeof(*lx->frames));
    if (ps.n_frames)
        memcpy(lx->frames, ps.frames, ps.n_frames * sizeof(*lx->frames));
    lx->patterns = slant_arena_alloc(&set->arena, ps.n_pats * sizeof(*lx->patterns));
    if (ps.n_pats)
        memcpy(lx->patterns, ps.pats, ps.n_pats * sizeof(*lx->patterns));
    lx->n_errors = ps.n_errors;
    lx->n_warnings = ps.n_warnings;

    if (set->n_lex == set->alloc_lex) {
        set->alloc_lex = set->alloc_lex ? set->alloc_lex * 2 : 8;
        set->lex = slant_xreallocarray(set->lex, set->alloc_lex, sizeof(*set->lex));
    }
    set->lex[set->n_lex++] = lx;
    *out = lx;

    free(ps.frames);
    free(ps.pats);
    strset_release(&ps.frame_names);
    strset_release(&ps.pat_keys);
    slant_buf_release(&ps.key);
    return 0;
}

int slant_lexicon_load(struct slant_lexset *set, const char *path, struct slant_diag *diag,
                       struct slant_lexicon **out)
{
    *out = NULL;
    if (!set || !path)
        return SLANT_EINVAL;
    int rc = 0;
    struct slant_buf b;
    slant_buf_init(&b, 0);
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        rc = e == ENOENT ? SLANT_ENOTFOUND : SLANT_EIO;
        if (diag)
            slant_diag(diag, SLANT_ERROR, path, 0, "cannot open: %s", strerror(e));
        goto out;
    }
    char chunk[65536];
    size_t r;
    while ((r = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        rc = slant_buf_add(&b, chunk, r);
        if (rc < 0) {
            if (diag)
                slant_diag(diag, SLANT_ERROR, path, 0, "lexicon file too large");
            goto out;
        }
    }
    if (ferror(f)) {
        rc = SLANT_EIO;
        if (diag)
            slant_diag(diag, SLANT_FATAL, path, 0, "read error: %s", strerror(errno));
        goto out;
    }
    rc = slant_lexicon_parse(set, path, b.p, b.len, diag, out);
out:
    if (f)
        fclose(f);
    slant_buf_release(&b);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* LIWC .dic import                                                         */
/* ------------------------------------------------------------------------ */

struct dic_cat {
    unsigned long num;
    char *name; /* malloc'd, safe for [name] */
    uint32_t line;
    uint32_t *ents; /* indexes into the entry texts, file order */
    size_t n_ents, alloc_ents;
};

struct dic {
    const char *path;
    struct slant_diag *diag;
    struct dic_cat *cats;
    size_t n_cats, alloc_cats;
    struct slant_buf ents; /* pattern lines, NUL-separated */
    size_t *ent_off;
    size_t n_ent_off, alloc_ent_off;
    size_t n_errors;
};

static void dic_report(struct dic *d, enum slant_severity sev, uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void dic_report(struct dic *d, enum slant_severity sev, uint32_t line, const char *fmt, ...)
{
    if (sev >= SLANT_ERROR)
        d->n_errors++;
    if (!d->diag)
        return;
    va_list ap;
    va_start(ap, fmt);
    slant_diag_v(d->diag, sev, d->path, line, fmt, ap);
    va_end(ap);
}

/* A category number: 1-9 decimal digits. */
static int parse_catnum(struct slant_slice s, unsigned long *out)
{
    if (s.len == 0 || s.len > 9)
        return -1;
    for (size_t i = 0; i < s.len; i++)
        if (s.p[i] < '0' || s.p[i] > '9')
            return -1;
    char tmp[16];
    memcpy(tmp, s.p, s.len);
    tmp[s.len] = '\0';
    char *end = NULL;
    unsigned long v = strtoul(tmp, &end, 10);
    if (end != tmp + s.len)
        return -1;
    *out = v;
    return 0;
}

static int cat_cmp(const void *a, const void *b)
{
    const struct dic_cat *x = a, *y = b;
    return x->num < y->num ? -1 : x->num > y->num;
}

static struct dic_cat *find_cat(struct dic *d, unsigned long num)
{
    size_t lo = 0, hi = d->n_cats;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->cats[mid].num == num)
            return &d->cats[mid];
        if (d->cats[mid].num < num)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* `1<TAB>Care.Virtue`: a number, white space, a name. */
static void dic_category(struct dic *d, struct slant_slice l, uint32_t line)
{
    size_t k = 0;
    while (k < l.len && !is_space((unsigned char)l.p[k]))
        k++;
    unsigned long num;
    if (parse_catnum((struct slant_slice){l.p, k}, &num) < 0) {
        dic_report(d, SLANT_ERROR, line, "category line without a number: '%.*s'", clip(l, 60),
                   l.p);
        return;
    }
    for (size_t i = 0; i < d->n_cats; i++)
        if (d->cats[i].num == num) {
            dic_report(d, SLANT_ERROR, line, "category %lu defined twice (first on line %u)", num,
                       d->cats[i].line);
            return;
        }
    struct slant_slice name = slant_slice_trim((struct slant_slice){l.p + k, l.len - k});
    char *nm;
    if (name.len == 0) {
        dic_report(d, SLANT_WARNING, line, "category %lu has no name; calling it category-%lu", num,
                   num);
        char tmp[32];
        snprintf(tmp, sizeof(tmp), "category-%lu", num);
        nm = slant_xstrdup(tmp);
    } else {
        /* Made safe for `[name]`: brackets and control characters become '_'. */
        nm = slant_xstrndup(name.p, name.len);
        for (size_t i = 0; i < name.len; i++) {
            unsigned char c = (unsigned char)nm[i];
            if (c == '[' || c == ']' || c < 0x20 || c == 0x7f)
                nm[i] = '_';
        }
    }
    if (d->n_cats == d->alloc_cats) {
        d->alloc_cats = d->alloc_cats ? d->alloc_cats * 2 : 16;
        d->cats = slant_xreallocarray(d->cats, d->alloc_cats, sizeof(*d->cats));
    }
    struct dic_cat *c = &d->cats[d->n_cats++];
    memset(c, 0, sizeof(*c));
    c->num = num;
    c->name = nm;
    c->line = line;
}

/* `word<TAB>1 2` or `word 1 2`, the word possibly a phrase. */
static void dic_entry(struct dic *d, struct slant_slice l, uint32_t line)
{
    struct slant_slice word, cats;
    const char *tab = memchr(l.p, '\t', l.len);
    if (tab) {
        word = slant_slice_trim((struct slant_slice){l.p, (size_t)(tab - l.p)});
        cats = (struct slant_slice){tab + 1, l.len - (size_t)(tab - l.p) - 1};
    } else {
        /* No tab: the trailing all-digit fields are the categories. */
        size_t end = l.len;
        for (;;) {
            size_t e = end;
            while (e > 0 && is_space((unsigned char)l.p[e - 1]))
                e--;
            size_t s = e;
            while (s > 0 && !is_space((unsigned char)l.p[s - 1]))
                s--;
            unsigned long tmp;
            if (s == 0 || s == e || parse_catnum((struct slant_slice){l.p + s, e - s}, &tmp) < 0)
                break;
            end = s;
        }
        word = slant_slice_trim((struct slant_slice){l.p, end});
        cats = (struct slant_slice){l.p + end, l.len - end};
    }
    if (word.len == 0) {
        dic_report(d, SLANT_ERROR, line, "entry without a word");
        return;
    }

    /* The .lex pattern: a plain word becomes `=word` (LIWC matches whole
     * words, not stems), `word*` stays a prefix. */
    struct slant_buf pat;
    slant_buf_init(&pat, 0);
    size_t i = 0;
    while (i < word.len) {
        while (i < word.len && is_space((unsigned char)word.p[i]))
            i++;
        size_t s = i;
        while (i < word.len && !is_space((unsigned char)word.p[i]))
            i++;
        if (s == i)
            break;
        if (pat.len)
            slant_buf_addc(&pat, ' ');
        if (word.p[i - 1] != '*')
            slant_buf_addc(&pat, '=');
        slant_buf_add(&pat, word.p + s, i - s);
    }
    struct slant_slice ps = slant_buf_slice(&pat);
    struct ptok toks[SLANT_PAT_MAX_TOKENS];
    size_t nt = 0;
    int nomem = 0;
    const char *problem = scan_pattern(ps, toks, &nt, &nomem);
    ptoks_free(toks, nt);
    if (!problem && (ps.p[0] == '#' || ps.p[0] == '@' || ps.p[0] == '['))
        problem = "a pattern cannot start with '#', '@' or '[' (no word does)";
    if (problem) {
        dic_report(d, nomem ? SLANT_FATAL : SLANT_ERROR, line, "cannot import '%.*s': %s",
                   clip(word, 60), word.p, problem);
        slant_buf_release(&pat);
        return;
    }

    uint32_t idx = (uint32_t)d->n_ent_off;
    int used = 0;
    i = 0;
    while (i < cats.len) {
        while (i < cats.len && is_space((unsigned char)cats.p[i]))
            i++;
        size_t s = i;
        while (i < cats.len && !is_space((unsigned char)cats.p[i]))
            i++;
        if (s == i)
            break;
        struct slant_slice f = {cats.p + s, i - s};
        unsigned long num;
        struct dic_cat *c = NULL;
        if (parse_catnum(f, &num) < 0) {
            dic_report(d, SLANT_ERROR, line, "'%.*s' is not a category number", clip(f, 40), f.p);
            continue;
        }
        c = find_cat(d, num);
        if (!c) {
            dic_report(d, SLANT_ERROR, line, "unknown category %lu for '%.*s'", num, clip(word, 60),
                       word.p);
            continue;
        }
        int dup = 0;
        for (size_t j = 0; j < c->n_ents && !dup; j++)
            dup = c->ents[j] == idx;
        if (dup)
            continue; /* "word 1 1": once is enough */
        if (c->n_ents == c->alloc_ents) {
            c->alloc_ents = c->alloc_ents ? c->alloc_ents * 2 : 16;
            c->ents = slant_xreallocarray(c->ents, c->alloc_ents, sizeof(*c->ents));
        }
        c->ents[c->n_ents++] = idx;
        used = 1;
    }
    if (!used) {
        if (cats.len == 0 || slant_slice_trim(cats).len == 0)
            dic_report(d, SLANT_ERROR, line, "entry '%.*s' has no category", clip(word, 60),
                       word.p);
    } else {
        if (d->n_ent_off == d->alloc_ent_off) {
            d->alloc_ent_off = d->alloc_ent_off ? d->alloc_ent_off * 2 : 64;
            d->ent_off = slant_xreallocarray(d->ent_off, d->alloc_ent_off, sizeof(*d->ent_off));
        }
        d->ent_off[d->n_ent_off++] = d->ents.len;
        slant_buf_add(&d->ents, pat.p, pat.len);
        slant_buf_addc(&d->ents, '\0');
    }
    slant_buf_release(&pat);
}

int slant_lexicon_import_dic(const char *path, const char *text, size_t len, const char *name,
                             struct slant_buf *out, struct slant_diag *diag)
{
    if (!out || (!text && len))
        return SLANT_EINVAL;
    if (!text)
        text = "";
    struct dic d;
    memset(&d, 0, sizeof(d));
    d.path = path && *path ? path : NULL;
    d.diag = diag;
    slant_buf_init(&d.ents, 0);
    struct slant_buf o;
    slant_buf_init(&o, 0);
    struct strset names, seen;
    strset_init(&names);
    strset_init(&seen);
    int rc = 0;

    size_t pos = skip_bom(text, len);
    uint32_t line = 0;
    int state = 0; /* 0 before the first %, 1 categories, 2 entries */
    while (pos < len) {
        struct slant_slice l = next_line(text, len, &pos);
        line++;
        if (!slant_utf8_valid(l.p, l.len)) {
            dic_report(&d, SLANT_ERROR, line, "invalid UTF-8 or a NUL byte; line ignored");
            continue;
        }
        l = slant_slice_trim(l);
        if (l.len == 0)
            continue;
        if (slant_slice_eq_cstr(l, "%")) {
            if (state == 2) {
                dic_report(&d, SLANT_ERROR, line, "a third '%%' line; ignored");
                continue;
            }
            state++;
            if (state == 2 && d.n_cats) /* qsort(NULL, 0, ...) is undefined */
                qsort(d.cats, d.n_cats, sizeof(*d.cats), cat_cmp);
            continue;
        }
        if (state == 0) {
            dic_report(&d, SLANT_ERROR, line,
                       "a LIWC dictionary starts with a '%%' line opening its category table");
            rc = SLANT_EPARSE;
            goto out;
        }
        if (state == 1)
            dic_category(&d, l, line);
        else
            dic_entry(&d, l, line);
    }
    if (state < 2) {
        dic_report(&d, SLANT_ERROR, line,
                   state == 0 ? "no '%%' category table"
                              : "the category table is not closed by '%%'");
        rc = SLANT_EPARSE;
        goto out;
    }

    struct slant_slice lname = name ? slant_slice_cstr(name) : base_name(path, ".dic");
    slant_buf_adds(&o, "# Converted from a LIWC dictionary by slant lexicon import.\n@lexicon ");
    size_t name_start = o.len;
    for (size_t i = 0; i < lname.len && i < 64; i++)
        slant_buf_addc(&o, name_char_ok((unsigned char)lname.p[i]) ? lname.p[i] : '-');
    if (o.len == name_start)
        slant_buf_adds(&o, "imported");
    slant_buf_addc(&o, '\n');

    size_t n_frames = 0;
    struct slant_buf fname;
    slant_buf_init(&fname, 0);
    for (size_t c = 0; c < d.n_cats; c++) {
        struct dic_cat *cat = &d.cats[c];
        if (cat->n_ents == 0) {
            dic_report(&d, SLANT_WARNING, cat->line, "category %lu (%s) has no entries; left out",
                       cat->num, cat->name);
            continue;
        }
        /* Unique frame names: a repeated category name gets "-NUMBER". */
        slant_buf_reset(&fname);
        struct slant_slice base = slant_slice_trim(slant_slice_cstr(cat->name));
        slant_buf_add(&fname, base.p, base.len);
        for (unsigned k = 0; strset_add(&names, fname.p, fname.len, cat->line) >= 0; k++) {
            slant_buf_reset(&fname);
            slant_buf_add(&fname, base.p, base.len);
            slant_buf_printf(&fname, k ? "-%lu-%u" : "-%lu", cat->num, k);
        }
        slant_buf_printf(&o, "[%s]\n", fname.p);
        strset_release(&seen);
        strset_init(&seen);
        for (size_t e = 0; e < cat->n_ents; e++) {
            const char *p = d.ents.p + d.ent_off[cat->ents[e]];
            size_t pl = strlen(p);
            if (strset_add(&seen, p, pl, 0) >= 0)
                continue; /* the same word twice in a category */
            slant_buf_add(&o, p, pl);
            slant_buf_addc(&o, '\n');
        }
        n_frames++;
    }
    slant_buf_release(&fname);
    if (n_frames == 0) {
        dic_report(&d, SLANT_ERROR, 0, "no category has an entry: nothing to import");
        rc = SLANT_EPARSE;
        goto out;
    }
    rc = slant_buf_add(out, o.p, o.len);
out:
    for (size_t c = 0; c < d.n_cats; c++) {
        free(d.cats[c].name);
        free(d.cats[c].ents);
    }
    free(d.cats);
    free(d.ent_off);
    slant_buf_release(&d.ents);
    slant_buf_release(&o);
    strset_release(&names);
    strset_release(&seen);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Compiling: stems and the first-token index                               */
/* ------------------------------------------------------------------------ */

/* The script of the first letter of a folded word (enum slant_script), by
 * code point ranges: enough to tell which words the stemmer will leave
 * unstemmed (see stem.h). */
static int word_script(const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    while (p < end) {
        uint32_t cp;
        size_t n = slant_utf8_decode(p, end, &cp, NULL);
        p += n;
        if (cp < 0x80) {
            if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
                return SLANT_SCRIPT_LATIN;
            continue; /* digits, apostrophes, hyphens */
        }
        if (cp == 0x2019 || cp == 0xAD)
            continue;
        if (cp < 0x250 || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2C60 && cp <= 0x2C7F) ||
            (cp >= 0xA720 && cp <= 0xA7FF) || (cp >= 0xFF21 && cp <= 0xFF5A))
            return SLANT_SCRIPT_LATIN;
        if ((cp >= 0x400 && cp <= 0x52F) || (cp >= 0x1C80 && cp <= 0x1C8F) ||
            (cp >= 0x2DE0 && cp <= 0x2DFF) || (cp >= 0xA640 && cp <= 0xA69F))
            return SLANT_SCRIPT_CYRILLIC;
        return SLANT_SCRIPT_OTHER;
    }
    return SLANT_SCRIPT_NONE;
}

static uint64_t key_hash_start(uint8_t kind, const char *lang)
{
    uint64_t h = fnv_add(FNV_OFFSET, &kind, 1);
    h = fnv_add(h, lang, strlen(lang) + 1); /* with its NUL, as a separator */
    return h;
}

static struct ikey *index_find(const struct slant_lexset *set, uint64_t h, uint8_t kind,
                               const char *lang, const char *text, size_t len)
{
    size_t i = (size_t)mix(h) & set->slot_mask;
    for (;;) {
        uint32_t s = set->slots[i];
        if (!s)
            return NULL;
        struct ikey *k = &set->keys[s - 1];
        if (k->h == h && k->kind == kind && k->len == len && memcmp(k->text, text, len) == 0 &&
            strcmp(k->lang, lang) == 0)
            return k;
        i = (i + 1) & set->slot_mask;
    }
}

/* Find or add the key of a token; returns its index in set->keys. */
static size_t index_add(struct slant_lexset *set, size_t *alloc_keys,
                        const struct slant_pat_token *t)
{
    uint64_t h = fnv_add(key_hash_start(t->kind, t->lang), t->text, t->len);
    size_t i = (size_t)mix(h) & set->slot_mask;
    for (;;) {
        uint32_t s = set->slots[i];
        if (!s)
            break;
        struct ikey *k = &set->keys[s - 1];
        if (k->h == h && k->kind == t->kind && k->len == t->len &&
            memcmp(k->text, t->text, t->len) == 0 && strcmp(k->lang, t->lang) == 0)
            return s - 1;
        i = (i + 1) & set->slot_mask;
    }
    if (set->n_keys == *alloc_keys) {
        *alloc_keys = *alloc_keys ? *alloc_keys * 2 : 256;
        set->keys = slant_xreallocarray(set->keys, *alloc_keys, sizeof(*set->keys));
    }
    struct ikey *k = &set->keys[set->n_keys];
    k->h = h;
    k->text = t->text;
    k->lang = t->lang;
    k->len = t->len;
    k->kind = t->kind;
    k->first = k->count = 0;
    set->slots[i] = (uint32_t)(set->n_keys + 1);
    return set->n_keys++;
}

/* Stem every STEM token of lx and set its lang (see lexicon.h). */
static int stem_lexicon(struct slant_lexset *set, struct slant_lexicon *lx,
                        struct slant_stemmer *st)
{
    const char *key_lang = slant_stem_lang_supported(lx->language) ? lx->language : "";
    int lang_script = slant_lang_script(lx->language);
    for (uint32_t p = 0; p < lx->n_patterns; p++) {
        struct slant_pattern *pat = &lx->patterns[p];
        for (uint32_t t = 0; t < pat->n_tokens; t++) {
            struct slant_pat_token *tok = &pat->tokens[t];
            if (tok->kind != SLANT_PAT_STEM)
                continue;
            int sc = word_script(tok->text, tok->len);
            if (!*key_lang || (sc != SLANT_SCRIPT_NONE && sc != lang_script)) {
                tok->lang = ""; /* the stemmer leaves such words as they are */
                continue;
            }
            /* through the stemmer's cache: a large lexicon repeats its
             * words (100,000 patterns: 160,000 words, 20,000 distinct);
             * a word with no letter is stemmed in the lexicon's language.
             * (The parser rejects tokens longer than the cache takes.) */
            const struct slant_form *f = NULL;
            int rc =
                slant_stemmer_lookup(st, lx->language, sc == SLANT_SCRIPT_NONE ? lang_script : sc,
                                     tok->text, tok->len, &f);
            if (rc < 0)
                return rc;
            tok->text = slant_arena_strndup(&set->arena, f->stem, f->stem_len);
            tok->len = f->stem_len;
            tok->lang = key_lang;
        }
    }
    return 0;
}

/* Append the twin key of a compiled pattern: every token's kind, length,
 * text and language.  Lengths make it unambiguous whatever bytes a token
 * holds. */
static int twin_key(struct slant_buf *key, const struct slant_pattern *p)
{
    int rc = 0;
    for (uint32_t t = 0; t < p->n_tokens && rc == 0; t++) {
        const struct slant_pat_token *tok = &p->tokens[t];
        const char *lang = tok->lang ? tok->lang : "";
        uint32_t len = tok->len;
        rc = slant_buf_addc(key, (char)tok->kind);
        if (rc == 0)
            rc = slant_buf_add(key, &len, sizeof(len));
        if (rc == 0)
            rc = slant_buf_add(key, tok->text, len);
        if (rc == 0)
            rc = slant_buf_add(key, lang, strlen(lang) + 1);
    }
    return rc;
}

/*
 * Group the patterns of every lexicon whose compiled token sequences are
 * identical, keeping one member per frame (the first written in it), and
 * record the groups that span two frames or more: the matcher counts a winning
 * pattern's hit in each of its group's frames (lexicons/README.md, rule 28).
 * Since a frame's patterns are contiguous, a group's members from one frame
 * follow each other, so "first of its frame" is "frame differs from the
 * previous member's".  Storage is at most one entry per pattern.
 */
static int build_twins(struct slant_lexset *set, size_t total)
{
    int rc = 0;
    size_t n1 = total ? total : 1, n_members = 0;
    set->pat_base = slant_xreallocarray(NULL, set->n_lex + 1, sizeof(*set->pat_base));
    set->twin_group = slant_xcalloc(n1, sizeof(*set->twin_group));
    uint32_t *leader = slant_xreallocarray(NULL, n1, sizeof(*leader));
    uint32_t *members = slant_xcalloc(n1, sizeof(*members)); /* per leader */
    uint32_t *last_frame = slant_xcalloc(n1, sizeof(*last_frame));
    uint8_t *is_member = slant_xcalloc(n1, 1);
    uint32_t *gid = NULL; /* per leader: its group + 1, or 0 */
    struct slant_buf key;
    slant_buf_init(&key, 0);

    uint32_t base = 0;
    for (size_t l = 0; l < set->n_lex; l++) {
        const struct slant_lexicon *lx = set->lex[l];
        set->pat_base[l] = base;
        struct strset seen;
        strset_init_for(&seen, lx->n_patterns);
        for (uint32_t p = 0; p < lx->n_patterns && rc == 0; p++) {
            slant_buf_reset(&key);
            rc = twin_key(&key, &lx->patterns[p]);
            if (rc < 0)
                break;
            long first = strset_add(&seen, key.p, key.len, p);
            uint32_t g = base + p, lead = first < 0 ? g : base + (uint32_t)first;
            leader[g] = lead;
            uint32_t fr = lx->patterns[p].frame;
            if (g == lead || fr != last_frame[lead]) {
                members[lead]++;
                last_frame[lead] = fr;
                is_member[g] = 1;
            }
        }
        strset_release(&seen);
        if (rc < 0)
            goto out;
        base += lx->n_patterns;
    }
    set->pat_base[set->n_lex] = base;

    /* number the groups by leader, then fill them in pattern order */
    gid = slant_xcalloc(n1, sizeof(*gid));
    for (size_t g = 0; g < total; g++) {
        if (leader[g] == g && members[g] >= 2) {
            gid[g] = (uint32_t)++set->n_groups;
            n_members += members[g];
        }
    }
    set->group_first = slant_xcalloc(set->n_groups + 1, sizeof(*set->group_first));
    set->group_pat = slant_xreallocarray(NULL, n_members ? n_members : 1, sizeof(*set->group_pat));
    uint32_t off = 0;
    for (size_t g = 0; g < total; g++) {
        if (gid[g]) {
            set->group_first[gid[g] - 1] = off;
            off += members[g];
            members[g] = 0; /* from here on: members placed so far */
        }
    }
    set->group_first[set->n_groups] = off;
    for (size_t l = 0; l < set->n_lex; l++) {
        for (uint32_t p = 0; p < set->lex[l]->n_patterns; p++) {
            uint32_t g = set->pat_base[l] + p, lead = leader[g];
            if (!gid[lead])
                continue;
            set->twin_group[g] = gid[lead];
            if (is_member[g])
                set->group_pat[set->group_first[gid[lead] - 1] + members[lead]++] = p;
        }
    }
out:
    slant_buf_release(&key);
    free(leader);
    free(members);
    free(last_frame);
    free(is_member);
    free(gid);
    return rc;
}

int slant_lexset_compile(struct slant_lexset *set, struct slant_stemmer *stemmer)
{
    if (!set || set->compiled)
        return SLANT_EINVAL;
    int rc = 0;
    struct slant_stemmer *own = NULL;
    if (!stemmer)
        stemmer = own = slant_stemmer_new();

    size_t total = 0, total_tokens = 0;
    for (size_t l = 0; l < set->n_lex; l++) {
        rc = stem_lexicon(set, set->lex[l], stemmer);
        if (rc < 0)
            goto out;
        total += set->lex[l]->n_patterns;
        for (uint32_t p = 0; p < set->lex[l]->n_patterns; p++)
            total_tokens += set->lex[l]->patterns[p].n_tokens;
    }

    size_t nslots = 64;
    while (nslots < total_tokens * 2)
        nslots *= 2;
    set->slots = slant_xzalloc(nslots, sizeof(*set->slots));
    set->slot_mask = nslots - 1;
    size_t alloc_keys = 0;
    uint32_t *key_of = slant_xreallocarray(NULL, total ? total : 1, sizeof(*key_of));

    /* Pass 1: the keys of all tokens, and per key the number of patterns
     * it begins; pass 2: postings in (lexicon, pattern) order, so lookups
     * report candidates deterministically. */
    size_t n = 0;
    for (size_t l = 0; l < set->n_lex; l++) {
        struct slant_lexicon *lx = set->lex[l];
        for (uint32_t p = 0; p < lx->n_patterns; p++) {
            for (uint32_t i = 0; i < lx->patterns[p].n_tokens; i++) {
                struct slant_pat_token *t = &lx->patterns[p].tokens[i];
                t->key = (uint32_t)index_add(set, &alloc_keys, t);
                if (t->kind == SLANT_PAT_PREFIX && t->len <= SLANT_PAT_MAX_TOKEN_LEN) {
                    set->has_prefix_len[t->len] = 1;
                    if (t->len > set->max_prefix_len)
                        set->max_prefix_len = t->len;
                }
            }
            uint32_t k0 = lx->patterns[p].tokens[0].key;
            set->keys[k0].count++;
            key_of[n++] = k0;
        }
    }
    uint32_t off = 0;
    for (size_t k = 0; k < set->n_keys; k++) {
        set->keys[k].first = off;
        off += set->keys[k].count;
        set->keys[k].count = 0;
    }
    set->post = slant_xreallocarray(NULL, total ? total : 1, sizeof(*set->post));
    n = 0;
    for (size_t l = 0; l < set->n_lex; l++) {
        struct slant_lexicon *lx = set->lex[l];
        for (uint32_t p = 0; p < lx->n_patterns; p++) {
            struct ikey *k = &set->keys[key_of[n++]];
            set->post[k->first + k->count].lex = (uint32_t)l;
            set->post[k->first + k->count].pat = p;
            k->count++;
        }
    }
    free(key_of);
    rc = build_twins(set, total);
    if (rc < 0)
        goto out;
    set->compiled = 1;
out:
    slant_stemmer_free(own);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Lookup                                                                   */
/* ------------------------------------------------------------------------ */

/* Call on_key for every key the word f matches (its stem, its form, each
 * prefix length some token has). */
static void probe(const struct slant_lexset *set, const struct slant_form *f,
                  void (*on_key)(const struct slant_lexset *set, const struct ikey *k, void *ctx),
                  void *ctx)
{
    if (!set || !f || !set->compiled || set->n_keys == 0)
        return;
    const struct ikey *k;
    const char *lang = f->lang ? f->lang : "";
    if (f->stem) {
        uint64_t h = fnv_add(key_hash_start(SLANT_PAT_STEM, lang), f->stem, f->stem_len);
        if ((k = index_find(set, h, SLANT_PAT_STEM, lang, f->stem, f->stem_len)))
            on_key(set, k, ctx);
    }
    if (!f->form)
        return;
    uint64_t h = fnv_add(key_hash_start(SLANT_PAT_EXACT, ""), f->form, f->form_len);
    if ((k = index_find(set, h, SLANT_PAT_EXACT, "", f->form, f->form_len)))
        on_key(set, k, ctx);

    /* Prefixes: extend the hash one byte at a time and probe only at the
     * lengths some prefix token has. */
    size_t max = f->form_len < set->max_prefix_len ? f->form_len : set->max_prefix_len;
    h = key_hash_start(SLANT_PAT_PREFIX, "");
    for (size_t len = 1; len <= max; len++) {
        h = fnv_add(h, f->form + len - 1, 1);
        if (set->has_prefix_len[len] &&
            (k = index_find(set, h, SLANT_PAT_PREFIX, "", f->form, len)))
            on_key(set, k, ctx);
    }
}

struct emit_ctx {
    void (*cb)(void *ctx, uint32_t lex, uint32_t pat);
    void *ctx;
};

static void emit(const struct slant_lexset *set, const struct ikey *k, void *ctx)
{
    const struct emit_ctx *e = ctx;
    for (uint32_t i = 0; i < k->count; i++)
        e->cb(e->ctx, set->post[k->first + i].lex, set->post[k->first + i].pat);
}

void slant_lexset_candidates(const struct slant_lexset *set, const struct slant_form *f,
                             void (*cb)(void *ctx, uint32_t lex, uint32_t pat), void *ctx)
{
    struct emit_ctx e = {cb, ctx};
    probe(set, f, emit, &e);
}

struct keys_ctx {
    uint32_t *out;
    size_t max, n;
};

static void add_key(const struct slant_lexset *set, const struct ikey *k, void *ctx)
{
    struct keys_ctx *c = ctx;
    if (c->n < c->max)
        c->out[c->n] = (uint32_t)(k - set->keys);
    c->n++;
}

size_t slant_lexset_keys(const struct slant_lexset *set, const struct slant_form *f, uint32_t *out,
                         size_t max)
{
    struct keys_ctx c = {out, max, 0};
    probe(set, f, add_key, &c);
    return c.n;
}

struct lookup_ctx {
    struct keys_ctx keys;
    struct emit_ctx cands;
};

static void add_key_and_emit(const struct slant_lexset *set, const struct ikey *k, void *ctx)
{
    struct lookup_ctx *c = ctx;
    add_key(set, k, &c->keys);
    emit(set, k, &c->cands);
}

size_t slant_lexset_lookup(const struct slant_lexset *set, const struct slant_form *f,
                           uint32_t *keys, size_t max,
                           void (*cb)(void *ctx, uint32_t lex, uint32_t pat), void *ctx)
{
    struct lookup_ctx c = {{keys, max, 0}, {cb, ctx}};
    probe(set, f, add_key_and_emit, &c);
    return c.keys.n;
}

const uint32_t *slant_lexset_twins(const struct slant_lexset *set, uint32_t lex, uint32_t pat,
                                   size_t *n)
{
    *n = 0;
    if (!set || !set->compiled || lex >= set->n_lex || pat >= set->lex[lex]->n_patterns)
        return NULL;
    uint32_t g = set->twin_group[set->pat_base[lex] + pat];
    if (!g)
        return NULL;
    *n = set->group_first[g] - set->group_first[g - 1];
    return set->group_pat + set->group_first[g - 1];
}

int slant_pat_token_match(const struct slant_pat_token *pt, const struct slant_form *f)
{
    if (!pt || !f)
        return 0;
    switch (pt->kind) {
    case SLANT_PAT_STEM:
        return f->stem && f->stem_len == pt->len && memcmp(f->stem, pt->text, pt->len) == 0 &&
               strcmp(f->lang ? f->lang : "", pt->lang ? pt->lang : "") == 0;
    case SLANT_PAT_EXACT:
        return f->form && f->form_len == pt->len && memcmp(f->form, pt->text, pt->len) == 0;
    case SLANT_PAT_PREFIX:
        return f->form && f->form_len >= pt->len && memcmp(f->form, pt->text, pt->len) == 0;
    default:
        return 0;
    }
}
