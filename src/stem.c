/*
 * stem.c - Snowball stemming behind a cache of word forms (see include/slant/stem.h).
 *
 * The cache is an open-addressing table (linear probing, power-of-two size,
 * at most half full) keyed by (language slot, form).  A language slot is one
 * doc_lang string seen so far with its lazily created sb_stemmer; slot 0 is
 * "unstemmed", so the Hangul word in an English article and the same word in
 * a Russian one share an entry.  An entry holds a form of up to 16 bytes
 * inline, so that a lookup touches one cache line and never the form itself:
 * the table outgrows the processor's caches on a real corpus, and with a
 * pointer to follow every lookup past the hot words cost two or three misses
 * one after another.  Forms and stems are copied into an arena at once: their
 * addresses never change, and libstemmer's buffer, overwritten by the next
 * call, is never handed out.
 */
#include "slant/stem.h"

#include <libstemmer.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "slant/arena.h"
#include "slant/err.h"
#include "slant/tokenize.h"
#include "slant/xalloc.h"

#include "banned.h"

#define MAX_LANGS 32 /* distinct doc_lang strings per stemmer; more are unstemmed */
#define LANG_NAME_MAX 31

struct lang_slot {
    char name[LANG_NAME_MAX + 1];
    struct sb_stemmer *sb; /* NULL until first needed, or when none exists */
    int tried;             /* sb_stemmer_new was called */
    int script;            /* slant_lang_script(name) */
};

/*
 * 32 bytes, two to a cache line.  A form of up to INLINE_MAX bytes is the key
 * itself, zero-padded in w, and is compared there; a longer one keeps its
 * 64-bit hash in w[0] (0 in w[1]) and is compared with f->form on a match.
 */
#define INLINE_MAX 16

struct entry {
    uint64_t w[2];
    uint16_t len, slot;
    uint32_t id;                /* f->id: a hit returns it without a trip to f */
    const struct slant_form *f; /* NULL: empty */
};

struct slant_stemmer {
    struct slant_arena arena; /* forms, stems: live until _free */
    struct entry *tab;        /* aligned to a cache line: a line is two entries */
    void *tab_mem;            /* what was allocated for it */
    size_t cap, n;            /* cap is a power of two */
    struct lang_slot langs[MAX_LANGS];
    size_t n_langs; /* slot 0 is "" (unstemmed) */
    size_t last;    /* slot of the previous lookup: documents come in runs */
};

/* A zeroed table of cap entries at a cache line boundary. */
static struct entry *alloc_table(size_t cap, void **mem)
{
    *mem = slant_xzalloc(cap + 2, sizeof(struct entry));
    return (struct entry *)(((uintptr_t)*mem + 63) & ~(uintptr_t)63);
}

struct slant_stemmer *slant_stemmer_new(void)
{
    struct slant_stemmer *s = slant_xcalloc(1, sizeof(*s));
    slant_arena_init(&s->arena, 0);
    s->cap = 1024;
    s->tab = alloc_table(s->cap, &s->tab_mem);
    s->n_langs = 1; /* langs[0]: name "", tried, no stemmer */
    s->langs[0].tried = 1;
    s->langs[0].script = SLANT_SCRIPT_NONE;
    return s;
}

void slant_stemmer_free(struct slant_stemmer *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_langs; i++)
        if (s->langs[i].sb)
            sb_stemmer_delete(s->langs[i].sb);
    free(s->tab_mem);
    slant_arena_release(&s->arena);
    free(s);
}

size_t slant_stemmer_size(const struct slant_stemmer *s)
{
    return s->n;
}

/* ------------------------------------------------------------------------ */
/* Languages                                                                */
/* ------------------------------------------------------------------------ */

int slant_lang_script(const char *lang)
{
    static const char *const cyrillic[] = {
        "ru", "rus", "russian",   "uk", "ukr", "ukrainian", "be", "bel", "belarusian",
        "bg", "bul", "bulgarian", "sr", "srp", "serbian",   "mk", "mkd", "macedonian",
        "kk", "kaz", "kazakh",    "ky", "kir", "kyrgyz",    "mn", "mon", "mongolian",
        "tg", "tgk", "tajik",
    };
    static const char *const other[] = {
        "el", "ell", "greek",    "ar", "ara", "arabic",   "hy", "hye", "armenian",
        "hi", "hin", "hindi",    "ne", "nep", "nepali",   "ta", "tam", "tamil",
        "yi", "yid", "yiddish",  "he", "heb", "hebrew",   "ko", "kor", "korean",
        "zh", "zho", "chinese",  "ja", "jpn", "japanese", "fa", "fas", "persian",
        "ka", "kat", "georgian", "th", "tha", "thai",
    };
    if (!lang || !*lang)
        return SLANT_SCRIPT_LATIN;
    for (size_t i = 0; i < sizeof(cyrillic) / sizeof(cyrillic[0]); i++)
        if (strcmp(lang, cyrillic[i]) == 0)
            return SLANT_SCRIPT_CYRILLIC;
    for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
        if (strcmp(lang, other[i]) == 0)
            return SLANT_SCRIPT_OTHER;
    return SLANT_SCRIPT_LATIN;
}

int slant_stem_lang_supported(const char *lang)
{
    if (!lang || !*lang)
        return 0;
    struct sb_stemmer *sb = sb_stemmer_new(lang, "UTF_8");
    if (!sb)
        return 0;
    sb_stemmer_delete(sb);
    return 1;
}

/* strcmp(a, b) == 0 inline: language codes are two or three bytes, and a
 * library call per token shows in profiles. */
static inline int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* The slot for lang, creating it; 0 ("unstemmed") for "" and when full. */
static inline size_t lang_slot(struct slant_stemmer *s, const char *lang)
{
    if (!lang || !*lang)
        return 0;
    if (streq(s->langs[s->last].name, lang))
        return s->last; /* documents come in runs of one language */
    for (size_t i = 1; i < s->n_langs; i++) {
        if (strcmp(s->langs[i].name, lang) == 0) {
            s->last = i;
            return i;
        }
    }
    size_t len = strlen(lang);
    if (s->n_langs == MAX_LANGS || len > LANG_NAME_MAX)
        return 0;
    struct lang_slot *l = &s->langs[s->n_langs];
    memcpy(l->name, lang, len + 1);
    l->sb = NULL;
    l->tried = 0;
    l->script = slant_lang_script(lang);
    s->last = s->n_langs;
    return s->n_langs++;
}

/* The slot's stemmer, created on first use; NULL when libstemmer has none. */
static struct sb_stemmer *slot_stemmer(struct lang_slot *l)
{
    if (!l->tried) {
        l->tried = 1;
        l->sb = sb_stemmer_new(l->name, "UTF_8");
    }
    return l->sb;
}

/* ------------------------------------------------------------------------ */
/* The cache                                                                */
/* ------------------------------------------------------------------------ */

/* A cheap multiplicative hash over 8-byte words, for forms longer than INLINE_MAX. */
static uint64_t hash_long(const char *p, size_t len, size_t slot)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (len * 0xFF51AFD7ED558CCDull) ^ slot;
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
        p += 8;
        len -= 8;
    }
    uint64_t w = 0;
    if (len)
        memcpy(&w, p, len);
    h = (h ^ w) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 32);
}

static inline uint64_t load8(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8); /* constant size: one unaligned load, no call */
    return v;
}

static inline uint32_t load4(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/*
 * The form [p, p+len), len <= 16, as two zero-padded words, without a call to
 * memcpy: overlapping fixed-size loads, shifted.  Little-endian only (the
 * byte positions are what make it a faithful copy); elsewhere a plain copy.
 */
static inline void load_short(const char *p, size_t len, uint64_t w[2])
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (len >= 8) {
        w[0] = load8(p);
        w[1] = len == 8 ? 0 : load8(p + len - 8) >> (8 * (16 - len));
    } else if (len >= 4) {
        uint64_t lo = load4(p), hi = load4(p + len - 4);
        w[0] = lo | (hi << (8 * (len - 4)));
        w[1] = 0;
    } else if (len > 0) {
        uint64_t b0 = (unsigned char)p[0], b1 = (unsigned char)p[len / 2];
        uint64_t b2 = (unsigned char)p[len - 1];
        w[0] = b0 | (b1 << (8 * (len / 2))) | (b2 << (8 * (len - 1)));
        w[1] = 0;
    } else {
        w[0] = w[1] = 0;
    }
#else
    w[0] = w[1] = 0;
    memcpy(w, p, len);
#endif
}

static inline uint64_t hash_short(const uint64_t w[2], size_t len, size_t slot)
{
    uint64_t h = (w[0] ^ 0x9E3779B97F4A7C15ull) * 0xBF58476D1CE4E5B9ull;
    h ^= w[1] + ((uint64_t)len << 8) + slot;
    h *= 0x94D049BB133111EBull;
    return h ^ (h >> 32);
}

/* The hash an entry was placed by, for moving it to a larger table. */
static inline uint64_t entry_hash(const struct entry *e)
{
    return e->len <= INLINE_MAX ? hash_short(e->w, e->len, e->slot) : e->w[0];
}

static void grow_table(struct slant_stemmer *s)
{
    size_t ncap = s->cap * 2;
    void *mem;
    struct entry *nt = alloc_table(ncap, &mem);
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->tab[i].f)
            continue;
        size_t j = entry_hash(&s->tab[i]) & (ncap - 1);
        while (nt[j].f)
            j = (j + 1) & (ncap - 1);
        nt[j] = s->tab[i];
    }
    free(s->tab_mem);
    s->tab_mem = mem;
    s->tab = nt;
    s->cap = ncap;
}

void slant_stemmer_lang(struct slant_stemmer *s, const char *doc_lang, struct slant_stem_lang *out)
{
    size_t slot = lang_slot(s, doc_lang);
    if (slot != 0 && !slot_stemmer(&s->langs[slot]))
        slot = 0; /* no Snowball stemmer for this language */
    out->slot = (uint32_t)slot;
    /* no word is in script -1: with slot 0, every word is unstemmed */
    out->script = slot != 0 ? s->langs[slot].script : -1;
}

/* A form's key: the form itself (w, zero-padded) when short, else its hash
 * in w[0]; returns the hash. */
struct key {
    uint64_t w[2];
    uint64_t h;
    size_t slot;
};

static inline void key_long(struct key *k, const char *form, size_t len)
{
    k->h = hash_long(form, len, k->slot);
    k->w[0] = k->h;
    k->w[1] = 0;
}

/* The entry holding the key, or the empty one where it goes. */
static inline struct entry *probe(const struct slant_stemmer *s, const struct key *k,
                                  const char *form, size_t len)
{
    size_t mask = s->cap - 1;
    for (size_t i = k->h & mask;; i = (i + 1) & mask) {
        struct entry *e = &s->tab[i];
        if (!e->f ||
            (e->w[0] == k->w[0] && e->w[1] == k->w[1] && e->len == len && e->slot == k->slot &&
             (len <= INLINE_MAX || memcmp(e->f->form, form, len) == 0)))
            return e;
    }
}

/* First sight of a form: stem it once, copy the result at once, and enter it
 * in e, the empty entry probe found.  (slant_stemmer_find returns the id as
 * an int: it must fit one.)  Out of line: most lookups find their form. */
__attribute__((noinline)) static int add_form(struct slant_stemmer *s, struct entry *e,
                                              const struct key *k, const char *form, size_t len,
                                              const struct slant_form **out)
{
    if (s->n >= INT_MAX)
        return SLANT_ENOMEM;
    struct slant_form *f = slant_arena_alloc(&s->arena, sizeof(*f));
    char *fcopy = slant_arena_strndup(&s->arena, form, len);
    f->form = fcopy;
    f->form_len = (uint32_t)len;
    f->stem = fcopy;
    f->stem_len = (uint32_t)len;
    f->lang = s->langs[k->slot].name;
    if (k->slot != 0) {
        struct sb_stemmer *sb = s->langs[k->slot].sb;
        const sb_symbol *r = sb_stemmer_stem(sb, (const sb_symbol *)form, (int)len);
        if (!r)
            return SLANT_ENOMEM; /* the arena bytes are simply unused */
        size_t rl = (size_t)sb_stemmer_length(sb);
        if (rl != len || memcmp(r, form, len) != 0) {
            f->stem = slant_arena_strndup(&s->arena, (const char *)r, rl);
            f->stem_len = (uint32_t)rl;
        }
    }
    f->id = (uint32_t)s->n;
    f->user = 0;

    e->w[0] = k->w[0], e->w[1] = k->w[1];
    e->len = (uint16_t)len, e->slot = (uint16_t)k->slot;
    e->id = f->id;
    e->f = f;
    s->n++;
    if (s->n * 2 > s->cap)
        grow_table(s);
    *out = f;
    return (int)f->id;
}

static inline int find_key(struct slant_stemmer *s, const struct key *k, const char *form,
                           size_t len, const struct slant_form **out)
{
    struct entry *e = probe(s, k, form, len);
    if (e->f) {
        *out = e->f;
        return (int)e->id;
    }
    return add_form(s, e, k, form, len, out);
}

/* keep[n]: the mask that keeps the first n bytes of a little-endian word */
/* clang-format off */
static const uint64_t keep[9] = {
    0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffffull, 0xffffffffffffull,
    0xffffffffffffffull, ~0ull,
};
/* clang-format on */

/* The key of a word in a document of language l; padded: 16 bytes can be
 * read at form whatever len (a short form is then two masked loads).
 * Returns 0 or SLANT_ETOOBIG. */
static inline int make_key(struct key *k, const struct slant_stem_lang *l, int script,
                           const char *form, size_t len, int padded)
{
    /* The document's stemmer only for words in its script (see stem.h). */
    k->slot = script == l->script ? l->slot : 0;
    if (len > SLANT_TOKEN_MAX)
        return SLANT_ETOOBIG;
    if (len > INLINE_MAX) {
        key_long(k, form, len);
        return 0;
    }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (padded) {
        size_t lo = len < 8 ? len : 8; /* no branch: a conditional move */
        k->w[0] = load8(form) & keep[lo];
        k->w[1] = load8(form + 8) & keep[len - lo];
    } else {
        load_short(form, len, k->w);
    }
#else
    (void)padded;
    load_short(form, len, k->w);
#endif
    k->h = hash_short(k->w, len, k->slot);
    return 0;
}

int slant_stemmer_find_in(struct slant_stemmer *s, const struct slant_stem_lang *l, int script,
                          const char *form, size_t len, const struct slant_form **out)
{
    struct key k;
    int rc = make_key(&k, l, script, form, len, 0);
    return rc < 0 ? rc : find_key(s, &k, form, len, out);
}

int slant_stemmer_find_many(struct slant_stemmer *s, const struct slant_stem_lang *l, size_t n,
                            const struct slant_stem_word *words, const struct slant_form **out,
                            uint32_t *ids)
{
    struct key k[SLANT_STEM_MANY];
    if (n > SLANT_STEM_MANY)
        return SLANT_EINVAL;
    /* Every key first, each entry's line asked for at once: the misses of
     * the words past the hot ones then overlap instead of coming one after
     * another. */
    for (size_t i = 0; i < n; i++) {
        int rc = make_key(&k[i], l, words[i].script, words[i].form, words[i].len, 1);
        if (rc < 0)
            return rc;
        __builtin_prefetch(&s->tab[k[i].h & (s->cap - 1)]);
    }
    for (size_t i = 0; i < n; i++) {
        int rc = find_key(s, &k[i], words[i].form, words[i].len, &out[i]);
        if (rc < 0)
            return rc;
        ids[i] = (uint32_t)rc;
    }
    return 0;
}

int slant_stemmer_find(struct slant_stemmer *s, const char *doc_lang, int script, const char *form,
                       size_t len, const struct slant_form **out)
{
    struct slant_stem_lang l;
    slant_stemmer_lang(s, doc_lang, &l);
    return slant_stemmer_find_in(s, &l, script, form, len, out);
}

int slant_stemmer_lookup(struct slant_stemmer *s, const char *doc_lang, int script,
                         const char *form, size_t len, const struct slant_form **out)
{
    int rc = slant_stemmer_find(s, doc_lang, script, form, len, out);
    return rc < 0 ? rc : 0;
}

int slant_stem_word(struct slant_stemmer *s, const char *lang, const char *form, size_t len,
                    char **out)
{
    *out = NULL;
    size_t slot = lang_slot(s, lang);
    struct sb_stemmer *sb = slot ? slot_stemmer(&s->langs[slot]) : NULL;
    if (!sb || len > (size_t)INT32_MAX) {
        *out = slant_xstrndup(form, len);
        return 0;
    }
    const sb_symbol *r = sb_stemmer_stem(sb, (const sb_symbol *)form, (int)len);
    if (!r)
        return SLANT_ENOMEM;
    *out = slant_xstrndup((const char *)r, (size_t)sb_stemmer_length(sb));
    return 0;
}
