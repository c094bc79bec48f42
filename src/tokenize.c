/*
 * tokenize.c - UTF-8 text to tokens (see include/slant/tokenize.h).
 *
 * The hot path of ingest.  ASCII bytes are classified by a 128-entry table
 * and pure-ASCII words are lowercased by hand; only tokens holding a
 * non-ASCII byte pay for utf8proc.  Nothing is allocated per text or per
 * token: the tokenizer owns a ring of normalised forms (each form is written
 * after the previous one, and the ring starts over from its beginning when
 * the longest form would not fit, so that a form outlives the next
 * SLANT_TOKEN_KEEP tokens) and one code point buffer, both of fixed size, so
 * a 1 MB "word" or a 20 MB line costs no more memory than a short article.
 *
 * Choices the header leaves open:
 *   - A token that starts with a digit is a NUMBER and runs on like a word:
 *     "28th", "1990s", "19-year-old", "10,000" and "3.15" are each one NUMBER
 *     ("." and "," stay inside only between two digits).  Its script is that
 *     of its first letter, NONE when it has none.
 *   - In WORD and NUMBER forms the right single quote U+2019 becomes ' and the
 *     hyphens U+2010/U+2011 become -, so "Russia’s" and "Russia's" are the same
 *     form (slant_fold does the same for lexicon patterns).  Default-ignorable
 *     characters (soft hyphen, zero-width joiners) inside a word are kept in
 *     its span but dropped from its form (UTF8PROC_IGNORE).
 *   - Each punctuation character is its own token ("..." is three).
 *   - An invalid byte (or NUL) is a SYMBOL token whose form is U+FFFD, flagged
 *     SLANT_TF_REPLACED and counted; other control characters are skipped
 *     like white space.
 *   - \n, \r, \r\n, U+0085, U+2028 and U+2029 are line breaks: any run of them
 *     ends the paragraph.
 */
#include "slant/tokenize.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "slant/err.h"
#include "slant/utf8.h"
#include "slant/xalloc.h"

#include "banned.h"

/* ------------------------------------------------------------------------ */
/* Character classes                                                        */
/* ------------------------------------------------------------------------ */

enum cls {
    C_SKIP = 0,   /* control characters, format characters outside words */
    C_LETTER = 1, /* LETTER and DIGIT are 1 and 2: the word loop tests k - 1 < 2 */
    C_DIGIT = 2,
    C_MARK,
    C_SPACE,
    C_BREAK,  /* line break: ends the paragraph */
    C_APOS,   /* ' and U+2019: apostrophe inside a word, else a quote */
    C_QUOTE,  /* any other quotation mark */
    C_HYPHEN, /* - U+2010 U+2011: kept inside words */
    C_PUNCT,
    C_SYMBOL,
    C_BAD, /* invalid byte or NUL */
};

/* Classes of the ASCII bytes; anything >= 0x80 is decoded (its entry, 0,
 * only stops the word loop, which then decodes it). */
/* clang-format off */
static const uint8_t ascii_cls[256] = {
    /* NUL is not valid text: it becomes U+FFFD like an invalid byte */
    [0x00] = C_BAD,
    ['\t'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE, [' '] = C_SPACE,
    ['\n'] = C_BREAK, ['\r'] = C_BREAK,
    ['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT, ['4'] = C_DIGIT,
    ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT, ['8'] = C_DIGIT, ['9'] = C_DIGIT,
    ['A'] = C_LETTER, ['B'] = C_LETTER, ['C'] = C_LETTER, ['D'] = C_LETTER, ['E'] = C_LETTER,
    ['F'] = C_LETTER, ['G'] = C_LETTER, ['H'] = C_LETTER, ['I'] = C_LETTER, ['J'] = C_LETTER,
    ['K'] = C_LETTER, ['L'] = C_LETTER, ['M'] = C_LETTER, ['N'] = C_LETTER, ['O'] = C_LETTER,
    ['P'] = C_LETTER, ['Q'] = C_LETTER, ['R'] = C_LETTER, ['S'] = C_LETTER, ['T'] = C_LETTER,
    ['U'] = C_LETTER, ['V'] = C_LETTER, ['W'] = C_LETTER, ['X'] = C_LETTER, ['Y'] = C_LETTER,
    ['Z'] = C_LETTER,
    ['a'] = C_LETTER, ['b'] = C_LETTER, ['c'] = C_LETTER, ['d'] = C_LETTER, ['e'] = C_LETTER,
    ['f'] = C_LETTER, ['g'] = C_LETTER, ['h'] = C_LETTER, ['i'] = C_LETTER, ['j'] = C_LETTER,
    ['k'] = C_LETTER, ['l'] = C_LETTER, ['m'] = C_LETTER, ['n'] = C_LETTER, ['o'] = C_LETTER,
    ['p'] = C_LETTER, ['q'] = C_LETTER, ['r'] = C_LETTER, ['s'] = C_LETTER, ['t'] = C_LETTER,
    ['u'] = C_LETTER, ['v'] = C_LETTER, ['w'] = C_LETTER, ['x'] = C_LETTER, ['y'] = C_LETTER,
    ['z'] = C_LETTER,
    ['\''] = C_APOS, ['"'] = C_QUOTE, ['-'] = C_HYPHEN,
    ['.'] = C_PUNCT, [','] = C_PUNCT, [';'] = C_PUNCT, [':'] = C_PUNCT, ['!'] = C_PUNCT,
    ['?'] = C_PUNCT, ['('] = C_PUNCT, [')'] = C_PUNCT, ['['] = C_PUNCT, [']'] = C_PUNCT,
    ['{'] = C_PUNCT, ['}'] = C_PUNCT, ['/'] = C_PUNCT, ['\\'] = C_PUNCT,
    ['#'] = C_SYMBOL, ['$'] = C_SYMBOL, ['%'] = C_SYMBOL, ['&'] = C_SYMBOL, ['*'] = C_SYMBOL,
    ['+'] = C_SYMBOL, ['<'] = C_SYMBOL, ['='] = C_SYMBOL, ['>'] = C_SYMBOL, ['@'] = C_SYMBOL,
    ['^'] = C_SYMBOL, ['_'] = C_SYMBOL, ['`'] = C_SYMBOL, ['|'] = C_SYMBOL, ['~'] = C_SYMBOL,
};
/* clang-format on */

/* ASCII lowercase without a table or <ctype.h> (whose result depends on the locale). */
static inline unsigned char lower(unsigned char c)
{
    return (unsigned char)(c + (((unsigned)c - 'A' < 26u) << 5));
}

static enum cls cls_of_cp(uint32_t cp)
{
    switch (cp) {
    case 0x2019:
        return C_APOS;
    case 0x2010:
    case 0x2011:
        return C_HYPHEN;
    case 0x85:
    case 0x2028:
    case 0x2029:
        return C_BREAK;
    case 0xAB:
    case 0xBB:
    case 0x2018:
    case 0x201A:
    case 0x201B:
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2039:
    case 0x203A:
    case 0xFF02:
    case 0xFF07:
        return C_QUOTE;
    default:
        break;
    }
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_ZS:
        return C_SPACE;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return C_BREAK;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return C_PUNCT;
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
        return C_SKIP;
    default: /* S*, Co, Cn */
        return C_SYMBOL;
    }
}

/* Quotation role and double flag of a C_QUOTE / C_APOS code point used as a quote. */
static void quote_role(uint32_t cp, uint8_t *role, uint8_t *flags)
{
    switch (cp) {
    case '"':
    case 0xFF02:
        *role = SLANT_Q_EITHER, *flags |= SLANT_TF_DOUBLE;
        break;
    case '\'':
    case 0xFF07:
        *role = SLANT_Q_EITHER;
        break;
    case 0x201C:
    case 0x201E:
    case 0x201F:
    case 0xAB:
        *role = SLANT_Q_OPEN, *flags |= SLANT_TF_DOUBLE;
        break;
    case 0x201D:
    case 0xBB:
        *role = SLANT_Q_CLOSE, *flags |= SLANT_TF_DOUBLE;
        break;
    case 0x2018:
    case 0x201A:
    case 0x201B:
    case 0x2039:
        *role = SLANT_Q_OPEN;
        break;
    default: /* U+2019, U+203A */
        *role = SLANT_Q_CLOSE;
        break;
    }
}

static uint8_t script_of(uint32_t cp)
{
    if (cp <= 0x2AF || (cp >= 0x1D00 && cp <= 0x1DBF) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
        (cp >= 0x2C60 && cp <= 0x2C7F) || (cp >= 0xA720 && cp <= 0xA7FF) ||
        (cp >= 0xAB30 && cp <= 0xAB6F) || (cp >= 0xFB00 && cp <= 0xFB06) ||
        (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A))
        return SLANT_SCRIPT_LATIN; /* ASCII, Latin-1, Ext-A/B, IPA, Ext Additional ... */
    if ((cp >= 0x400 && cp <= 0x52F) || (cp >= 0x1C80 && cp <= 0x1C8F) ||
        (cp >= 0x2DE0 && cp <= 0x2DFF) || (cp >= 0xA640 && cp <= 0xA69F))
        return SLANT_SCRIPT_CYRILLIC;
    return SLANT_SCRIPT_OTHER;
}

/*
 * dst[0..m) = ASCII lowercase of src[0..m) (m <= SLANT_TOKEN_MAX; avail bytes
 * of src may be read).  Eight bytes at a time where eight can be read, even
 * past m: dst has 8 spare bytes, and on a little-endian machine a carry out of
 * a byte (only from the non-ASCII bytes past the word) runs towards higher
 * addresses, so the m bytes that count are exact.
 */
static inline void lower_ascii(char *dst, const unsigned char *src, size_t m, size_t avail)
{
    size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull;
    for (; i < m && i + 8 <= avail; i += 8) {
        uint64_t x;
        memcpy(&x, src + i, 8);
        uint64_t ge_a = x + (0x80 - 'A') * ones; /* high bit set where byte >= 'A' */
        uint64_t gt_z = x + (0x7F - 'Z') * ones; /* high bit set where byte > 'Z' */
        uint64_t upper = ge_a & ~gt_z & (0x80 * ones);
        x |= upper >> 2; /* 0x80 >> 2 == 0x20, the case bit */
        memcpy(dst + i, &x, 8);
    }
#endif
    for (; i < m; i++)
        dst[i] = (char)lower(src[i]);
}

/* The end of the run of ASCII letters and digits at text[p, len): eight
 * bytes at a time while eight can be read (a letter is a byte in a..z once
 * the case bit is set; no other byte is, non-ASCII ones included). */
static inline size_t ascii_alnum_end(const unsigned char *text, size_t p, size_t len)
{
    for (; p + 8 <= len; p += 8) {
        uint64_t x = slant_load8(text + p);
        uint64_t alnum =
            slant_swar_range(x | 0x20 * SLANT_ONES, 'a', 'z') | slant_swar_range(x, '0', '9');
        uint64_t other = ~alnum & SLANT_HIGH;
        if (other)
            return p + slant_swar_first(other);
    }
    while (p < len && ascii_cls[text[p]] - 1u <= 1u)
        p++;
    return p;
}

/* ------------------------------------------------------------------------ */
/* The tokenizer                                                            */
/* ------------------------------------------------------------------------ */

#define NONE_POS ((size_t)-1)
/* Raw bytes normalised per utf8proc call, and the code point buffer: 4 code
 * points per raw byte is far above utf8proc's worst case expansion for
 * canonical decomposition plus case folding. */
#define CHUNK SLANT_TOKEN_MAX
#define CPBUF (CHUNK * 4 + 8)
/* How far the sentence-end test looks past white space and opening marks. */
#define LOOKAHEAD_MAX 256
/* The ring of forms: the most a form takes (the longest with its NUL, in
 * whole 8-byte words: lower_ascii writes whole words), and enough of those
 * that a form is written over no sooner than SLANT_TOKEN_KEEP tokens later
 * (tests/unit/test_tokenize.c checks). */
#define FORM_BYTES ((SLANT_TOKEN_MAX + 8) & ~(size_t)7)
#define RING_BYTES ((SLANT_TOKEN_KEEP + 3) * FORM_BYTES)

static const utf8proc_option_t FOLD_OPTIONS =
    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;

struct slant_tokenizer {
    const unsigned char *text; /* borrowed */
    size_t len, pos;
    uint32_t sent, para;
    int started;          /* a token was produced for this text */
    int para_pending;     /* a line break was seen since the last token */
    size_t sent_break_at; /* the next token at or after this offset starts a sentence */
    size_t replacements, truncations;
    size_t shortcuts; /* tokens that took the shortcut */
    int general_only; /* slant_tokenizer_set_shortcut(tz, 0) */
    char *norm;       /* where the next token's form goes: ring + cur */
    size_t cur;
    char ring[RING_BYTES + SLANT_TOKEN_PAD];
    utf8proc_int32_t cp[CPBUF];
};

struct slant_tokenizer *slant_tokenizer_new(void)
{
    struct slant_tokenizer *tz = slant_xcalloc(1, sizeof(*tz));
    slant_tokenizer_reset(tz, "", 0);
    return tz;
}

void slant_tokenizer_free(struct slant_tokenizer *tz)
{
    free(tz);
}

void slant_tokenizer_reset(struct slant_tokenizer *tz, const char *text, size_t len)
{
    tz->text = (const unsigned char *)(text ? text : "");
    tz->len = text ? len : 0;
    tz->pos = 0;
    tz->sent = tz->para = 0;
    tz->started = 0;
    tz->para_pending = 0;
    tz->sent_break_at = NONE_POS;
    tz->replacements = tz->truncations = tz->shortcuts = 0;
    tz->cur = 0;
    tz->norm = tz->ring;
}

/* Where in the ring the form after one of m bytes at cur goes. */
static inline size_t next_cur(size_t cur, size_t m)
{
    cur += (m + 8) & ~(size_t)7;
    return cur > RING_BYTES - FORM_BYTES ? 0 : cur;
}

/* The token's form is the m bytes at tz->norm: end it, hand it out, and move
 * on to where the next one goes. */
static inline void take_norm(struct slant_tokenizer *tz, struct slant_token *out, size_t m)
{
    tz->norm[m] = '\0';
    out->norm = tz->norm;
    out->norm_len = m;
    tz->cur = next_cur(tz->cur, m);
    tz->norm = tz->ring + tz->cur;
}

void slant_tokenizer_set_shortcut(struct slant_tokenizer *tz, int on)
{
    tz->general_only = !on;
}

size_t slant_tokenizer_shortcuts(const struct slant_tokenizer *tz)
{
    return tz->shortcuts;
}

size_t slant_tokenizer_replacements(const struct slant_tokenizer *tz)
{
    return tz->replacements;
}

size_t slant_tokenizer_truncations(const struct slant_tokenizer *tz)
{
    return tz->truncations;
}

/* Class of the non-ASCII character at pos: out of line, it is the rare case. */
static enum cls class_at_slow(const struct slant_tokenizer *tz, size_t pos, uint32_t *cp, size_t *n)
{
    int bad = 0;
    *n =
        slant_utf8_decode((const char *)tz->text + pos, (const char *)tz->text + tz->len, cp, &bad);
    if (bad)
        return C_BAD;
    return cls_of_cp(*cp);
}

/* Class of the character at pos (< len); *cp and *n get it and its length. */
static inline enum cls class_at(const struct slant_tokenizer *tz, size_t pos, uint32_t *cp,
                                size_t *n)
{
    unsigned char c = tz->text[pos];
    if (c < 0x80) {
        *cp = c;
        *n = 1;
        return (enum cls)ascii_cls[c];
    }
    return class_at_slow(tz, pos, cp, n);
}

static enum cls class_at_or_end(const struct slant_tokenizer *tz, size_t pos)
{
    uint32_t cp;
    size_t n;
    if (pos >= tz->len)
        return C_SPACE;
    return class_at(tz, pos, &cp, &n);
}

/* ------------------------------------------------------------------------ */
/* Normalisation                                                            */
/* ------------------------------------------------------------------------ */

/* Map ’ to ' and ‐ ‑ to - in place (the result is never longer). */
static size_t unify_punct(char *s, size_t n)
{
    size_t r = 0, w = 0;
    while (r < n) {
        if ((unsigned char)s[r] == 0xE2 && r + 2 < n && (unsigned char)s[r + 1] == 0x80) {
            unsigned char c3 = (unsigned char)s[r + 2];
            if (c3 == 0x99 || c3 == 0x90 || c3 == 0x91) {
                s[w++] = c3 == 0x99 ? '\'' : '-';
                r += 3;
                continue;
            }
        }
        s[w++] = s[r++];
    }
    return w;
}

/* Append as much of [s, s+n) (valid UTF-8) as fits in room bytes, cut at a
 * character boundary; returns the bytes copied. */
static size_t copy_cut(char *dst, const char *s, size_t n, size_t room)
{
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, s, n);
    return n;
}

/* Normalise the non-ASCII word [start, end) into tz->norm.  Long words are
 * normalised a chunk at a time, each cut before a character that is not a
 * combining mark, and stop once the form is full: bounded work per token.
 * Returns the form's length; *trunc is set when not all of it fitted. */
static size_t normalize_word(struct slant_tokenizer *tz, size_t start, size_t end, int *trunc)
{
    size_t out = 0;
    size_t p = start;
    while (p < end) {
        size_t q = end - p > CHUNK ? p + CHUNK : end;
        if (q < end) {
            while (q > p && (tz->text[q] & 0xC0) == 0x80)
                q--; /* to a character boundary */
            size_t back = q;
            for (int i = 0; i < 8 && back > p; i++) { /* avoid splitting base + marks */
                uint32_t cp;
                size_t n;
                if (class_at(tz, back, &cp, &n) != C_MARK)
                    break;
                back--;
                while (back > p && (tz->text[back] & 0xC0) == 0x80)
                    back--;
            }
            if (back > p)
                q = back;
            if (q == p)
                q = p + 1; /* cannot happen with valid UTF-8; keeps the loop moving */
        }
        utf8proc_ssize_t ncp = utf8proc_decompose(tz->text + p, (utf8proc_ssize_t)(q - p), tz->cp,
                                                  CPBUF - 1, FOLD_OPTIONS);
        if (ncp < 0 || ncp >= CPBUF - 1) {
            /* Not expected for word characters; keep the raw bytes rather than lose them. */
            size_t got =
                copy_cut(tz->norm + out, (const char *)tz->text + p, q - p, SLANT_TOKEN_MAX - out);
            out += got;
            if (got < q - p) {
                *trunc = 1;
                return out;
            }
            p = q;
            continue;
        }
        utf8proc_ssize_t nb = utf8proc_reencode(tz->cp, ncp, FOLD_OPTIONS);
        if (nb < 0)
            nb = 0;
        char *enc = (char *)tz->cp;
        size_t m = unify_punct(enc, (size_t)nb);
        size_t got = copy_cut(tz->norm + out, enc, m, SLANT_TOKEN_MAX - out);
        out += got;
        if (got < m) {
            *trunc = 1;
            return out;
        }
        p = q;
    }
    return out;
}

/* ------------------------------------------------------------------------ */
/* Sentence ends                                                            */
/* ------------------------------------------------------------------------ */

static int is_closer(enum cls k, uint32_t cp)
{
    if (k == C_APOS)
        return 1;
    if (k == C_QUOTE) {
        uint8_t role = SLANT_Q_NONE, fl = 0;
        quote_role(cp, &role, &fl);
        return role != SLANT_Q_OPEN;
    }
    return cp == ')' || cp == ']' || cp == '}';
}

static int is_opener(enum cls k, uint32_t cp)
{
    if (k == C_APOS || k == C_QUOTE)
        return 1;
    return cp == '(' || cp == '[' || cp == '{';
}

/* Abbreviations after which "." does not end a sentence, lowercase and
 * zero-padded to eight bytes, so a word is compared as one 64-bit word. */
/* clang-format off */
static const struct {
    char s[8];
} abbrevs[] = {
#define A(w) {w}
    A("mr"),   A("mrs"),  A("ms"),  A("dr"),   A("st"),  A("sen"),  A("rep"),  A("gov"),
    A("gen"),  A("lt"),   A("col"), A("maj"),  A("capt"), A("sgt"), A("cpl"),  A("pvt"),
    A("adm"),  A("cmdr"), A("brig"), A("prof"), A("rev"), A("hon"),  A("pres"), A("jan"),
    A("feb"),  A("apr"),  A("jun"), A("jul"),  A("aug"), A("sep"),  A("sept"), A("oct"),
    A("nov"),  A("dec"),  A("vs"),  A("etc"),  A("inc"), A("ltd"),  A("co"),   A("corp"),
    A("jr"),   A("sr"),   A("mt"),  A("ft"),   A("approx"), A("dept"), A("fig"), A("no"),
#undef A
};
/* clang-format on */

/* Does the "." at dot end an abbreviation?  next_cp is the first character
 * after the white space that follows (0 at the end). */
static int is_abbrev(const struct slant_tokenizer *tz, size_t dot, uint32_t next_cp)
{
    size_t b = dot;
    while (b > 0 && tz->text[b - 1] < 0x80 && ascii_cls[tz->text[b - 1]] == C_LETTER)
        b--;
    size_t wl = dot - b;
    if (wl == 0 || wl > 6)
        return 0;
    if (b > 0) {
        unsigned char before = tz->text[b - 1];
        if (before >= 0x80 || ascii_cls[before] == C_DIGIT)
            return 0; /* the word goes on in letters we did not scan */
        /* U.S., e.g., i.e.: a single letter after "x." */
        if (wl == 1 && before == '.' && b >= 2 && tz->text[b - 2] < 0x80 &&
            ascii_cls[tz->text[b - 2]] == C_LETTER)
            return 1;
    }
    if (wl == 1 && tz->text[b] >= 'A' && tz->text[b] <= 'Z')
        return 1; /* an initial: "J. Smith", "U." */
    char w[8] = {0};
    for (size_t i = 0; i < wl; i++)
        w[i] = (char)lower(tz->text[b + i]);
    uint64_t key;
    memcpy(&key, w, 8);
    for (size_t i = 0; i < sizeof(abbrevs) / sizeof(abbrevs[0]); i++) {
        uint64_t a;
        memcpy(&a, abbrevs[i].s, 8);
        if (a == key) {
            /* "No. 5" is a number sign; "they said no." ends a sentence. */
            if (strcmp(w, "no") == 0)
                return next_cp >= '0' && next_cp <= '9';
            return 1;
        }
    }
    return 0;
}

/* Called after a sentence-final mark [term, after): decides whether the
 * sentence ends there and, if so, where the next one starts. */
static void check_sentence_end(struct slant_tokenizer *tz, size_t term, size_t after, int cjk)
{
    size_t p = after;
    uint32_t cp = 0;
    size_t n;
    enum cls k;
    int steps = 0;

    /* closing quotes and brackets belong to the sentence that ends */
    while (p < tz->len && steps++ < LOOKAHEAD_MAX) {
        k = class_at(tz, p, &cp, &n);
        if (!is_closer(k, cp))
            break;
        p += n;
    }
    size_t break_at = p;
    if (p < tz->len && !cjk) {
        k = class_at(tz, p, &cp, &n);
        if (k != C_SPACE && k != C_BREAK && k != C_QUOTE && k != C_APOS)
            return; /* "3.a", "?!", "Yahoo!News": not an end here */
    }
    /* the next sentence must not start with a lowercase letter */
    uint32_t next_cp = 0;
    steps = 0;
    while (p < tz->len && steps++ < LOOKAHEAD_MAX) {
        k = class_at(tz, p, &cp, &n);
        if (k == C_SPACE || k == C_BREAK || k == C_SKIP || is_opener(k, cp)) {
            p += n;
            continue;
        }
        if (k == C_LETTER) {
            if (cp < 0x80 ? (cp >= 'a' && cp <= 'z')
                          : utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL)
                return;
        }
        next_cp = cp;
        break;
    }
    if (tz->text[term] == '.' && is_abbrev(tz, term, next_cp))
        return;
    tz->sent_break_at = break_at;
}

/* ------------------------------------------------------------------------ */
/* Scanning                                                                 */
/* ------------------------------------------------------------------------ */

/* End of the word or number starting at start; *ascii is cleared when it
 * holds a non-ASCII byte, *script gets the script of its first letter. */
static size_t scan_word(const struct slant_tokenizer *tz, size_t start, int number, int *ascii,
                        uint8_t *script)
{
    const unsigned char *t = tz->text;
    size_t len = tz->len, p = start;
    int last_digit = 0, asc = 1;
    /* locals, written back at the end: a store through uint8_t * may alias
     * anything and would make the compiler reload t in the loop */
    unsigned scr = SLANT_SCRIPT_NONE;

    for (;;) {
        /* the fast loop: ASCII letters and digits, one table load per byte
         * (eight bytes at a time took more instructions: words are short) */
        size_t run = p;
        unsigned seen = 0;
        while (p < len) {
            unsigned k = ascii_cls[t[p]];
            if (k - 1u > 1u)
                break;
            seen |= k;
            p++;
        }
        if (p > run) {
            last_digit = ascii_cls[t[p - 1]] == C_DIGIT;
            if (scr == SLANT_SCRIPT_NONE && (seen & C_LETTER))
                scr = SLANT_SCRIPT_LATIN;
        }
        if (p >= len)
            goto done;
        uint32_t cp;
        size_t n;
        enum cls k = class_at(tz, p, &cp, &n);
        enum cls nk;
        switch (k) {
        case C_LETTER:
            if (scr == SLANT_SCRIPT_NONE)
                scr = script_of(cp);
            last_digit = 0;
            break;
        case C_MARK:
            break;
        case C_DIGIT:
            last_digit = 1;
            break;
        case C_APOS: /* only when a letter follows: "Russia's", not "soldiers'" */
            if (class_at_or_end(tz, p + n) != C_LETTER)
                goto done;
            last_digit = 0;
            break;
        case C_HYPHEN:
            nk = class_at_or_end(tz, p + n);
            if (nk != C_LETTER && nk != C_DIGIT)
                goto done;
            last_digit = 0;
            break;
        case C_SKIP: /* soft hyphen, zero-width joiner: inside a word only */
            if (cp < 0x80)
                goto done;
            nk = class_at_or_end(tz, p + n);
            if (nk != C_LETTER && nk != C_MARK && nk != C_DIGIT)
                goto done;
            break;
        case C_PUNCT:
            if (number && last_digit && (cp == '.' || cp == ',') &&
                class_at_or_end(tz, p + 1) == C_DIGIT)
                break;
            goto done;
        default:
            goto done;
        }
        if (cp >= 0x80)
            asc = 0;
        p += n;
    }
done:
    *ascii = asc;
    *script = (uint8_t)scr;
    return p;
}

static void set_raw_norm(struct slant_tokenizer *tz, struct slant_token *out, size_t start,
                         size_t end)
{
    take_norm(tz, out,
              copy_cut(tz->norm, (const char *)tz->text + start, end - start, SLANT_TOKEN_MAX));
}

/* Fill in the boundary fields of a token that starts at start. */
static inline void place(struct slant_tokenizer *tz, struct slant_token *out, size_t start)
{
    if (!tz->started) {
        out->flags |= SLANT_TF_SENT_START | SLANT_TF_PARA_START;
        tz->started = 1;
        tz->para_pending = 0;
        tz->sent_break_at = NONE_POS;
    } else if (tz->para_pending) {
        tz->para++;
        tz->sent++;
        out->flags |= SLANT_TF_SENT_START | SLANT_TF_PARA_START;
        tz->para_pending = 0;
        tz->sent_break_at = NONE_POS;
    } else if (tz->sent_break_at != NONE_POS && start >= tz->sent_break_at) {
        tz->sent++;
        out->flags |= SLANT_TF_SENT_START;
        tz->sent_break_at = NONE_POS;
    }
    out->sent = tz->sent;
    out->para = tz->para;
}

/*
 * The commonest token: a word of ASCII letters and digits that starts with a
 * letter at start and ends at an ASCII byte other than an apostrophe or
 * hyphen.  Its end, or 0 for any other token.  In mid-paragraph the shortcut
 * below gives such a word exactly what the general path would, with less
 * work.
 */
static inline size_t plain_word_end(const unsigned char *text, size_t len, size_t start)
{
    if (ascii_cls[text[start]] != C_LETTER)
        return 0;
    size_t p = ascii_alnum_end(text, start + 1, len);
    unsigned char stop = p < len ? text[p] : ' ';
    if (stop >= 0x80 || stop == '\'' || stop == '-' || p - start > SLANT_TOKEN_MAX)
        return 0;
    return p;
}

#if defined(__SSE2__)
#include <emmintrin.h>
#define SHORT_WORD16 1
/*
 * The shortcut's word when it is shorter than 16 bytes and 16 bytes can be
 * read at p: one load finds its end and gives its lowercase form, stored
 * whole at norm (16 bytes: the ring's next bytes are free, see take_norm's
 * caller).  Its length, or 0 when the token at p is not such a word (then
 * norm holds nothing of use).  The same words as plain_word_end.
 */
static inline size_t short_word16(const unsigned char *p, char *norm)
{
    if (ascii_cls[p[0]] != C_LETTER)
        return 0;
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    /* signed compares: a byte of 0x80 or more is below every bound */
    __m128i folded = _mm_or_si128(x, _mm_set1_epi8(0x20));
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                   _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), folded));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                  _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), x));
    unsigned other = ~(unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit)) & 0xFFFFu;
    if (!other)
        return 0; /* 16 letters or more */
    size_t m = (size_t)__builtin_ctz(other);
    unsigned char stop = p[m];
    if (stop >= 0x80 || stop == '\'' || stop == '-')
        return 0;
    __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
                                  _mm_cmpgt_epi8(_mm_set1_epi8('Z' + 1), x));
    x = _mm_or_si128(x, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
    _mm_storeu_si128((__m128i *)(void *)norm, x);
    return m;
}
#endif

/* The shortcut's word at pos, its lowercase form written at norm: its
 * length, or 0 for any other token. */
static inline size_t shortcut_word(const unsigned char *text, size_t len, size_t pos, char *norm)
{
#ifdef SHORT_WORD16
    if (pos + 16 <= len) {
        size_t m = short_word16(text + pos, norm);
        if (m)
            return m;
    }
#endif
    size_t end = plain_word_end(text, len, pos);
    if (!end)
        return 0;
    lower_ascii(norm, text + pos, end - pos, len - pos);
    return end - pos;
}

static int next_general(struct slant_tokenizer *tz, struct slant_token *out);

/*
 * A run of tokens: in mid-paragraph, plain words and ASCII punctuation by the
 * shortcut, a loop that keeps the tokenizer's state in locals (the general
 * path cost four times as much per token, and punctuation was most of what
 * it got), and anything else by the general path, one token at a time.
 */
size_t slant_tokenizer_run(struct slant_tokenizer *tz, struct slant_token *out, size_t cap)
{
    const unsigned char *text = tz->text;
    const size_t len = tz->len;
    size_t n = 0;
    if (cap > SLANT_TOKEN_KEEP)
        cap = SLANT_TOKEN_KEEP;
    while (n < cap) {
        if (tz->started && !tz->para_pending && !tz->general_only) {
            size_t pos = tz->pos, cur = tz->cur, brk = tz->sent_break_at, taken = 0;
            uint32_t sent = tz->sent;
            for (; n < cap; n++, taken++) {
                while (pos < len && text[pos] == ' ') /* the commonest byte of all */
                    pos++;
                if (pos >= len)
                    break;
                struct slant_token *t = &out[n];
                char *norm = tz->ring + cur;
                size_t m = shortcut_word(text, len, pos, norm), end;
                if (m) {
                    end = pos + m;
                    t->kind = SLANT_TOK_WORD;
                    t->script = SLANT_SCRIPT_LATIN;
                } else if (ascii_cls[text[pos]] == C_PUNCT) { /* . , ; : ( ) ... */
                    end = pos + 1;
                    m = 1;
                    norm[0] = (char)text[pos];
                    t->kind = SLANT_TOK_PUNCT;
                    t->script = SLANT_SCRIPT_NONE;
                } else {
                    break;
                }
                norm[m] = '\0';
                t->start = pos;
                t->end = end;
                t->norm = norm;
                t->norm_len = m;
                t->quote = 0;
                t->flags = 0;
                if (pos >= brk) { /* brk is NONE_POS, the largest size_t, when unset */
                    sent++;
                    t->flags = SLANT_TF_SENT_START;
                    brk = NONE_POS;
                }
                t->sent = sent;
                t->para = tz->para;
                cur = next_cur(cur, m);
                pos = end;
                if (t->kind == SLANT_TOK_PUNCT &&
                    (norm[0] == '.' || norm[0] == '!' || norm[0] == '?')) {
                    tz->sent_break_at = brk;
                    check_sentence_end(tz, pos - 1, pos, 0);
                    brk = tz->sent_break_at;
                }
            }
            tz->pos = pos;
            tz->cur = cur;
            tz->norm = tz->ring + cur;
            tz->sent_break_at = brk;
            tz->sent = sent;
            tz->shortcuts += taken;
            if (n == cap)
                break;
        }
        if (!next_general(tz, &out[n]))
            break;
        n++;
    }
    return n;
}

int slant_tokenizer_next(struct slant_tokenizer *tz, struct slant_token *out)
{
    return slant_tokenizer_run(tz, out, 1) == 1;
}

__attribute__((noinline)) static int next_general(struct slant_tokenizer *tz,
                                                  struct slant_token *out)
{
    const unsigned char *text = tz->text;
    while (tz->pos < tz->len) {
        size_t start = tz->pos;
        if (text[start] == ' ') {
            tz->pos++;
            continue;
        }
        uint32_t cp;
        size_t n;
        enum cls k = class_at(tz, start, &cp, &n);
        if (k == C_SPACE || k == C_SKIP) {
            tz->pos += n;
            continue;
        }
        if (k == C_BREAK) {
            tz->para_pending = 1;
            tz->pos += n;
            continue;
        }

        memset(out, 0, sizeof(*out));
        out->start = start;
        switch (k) {
        case C_LETTER:
        case C_MARK:
        case C_DIGIT: {
            int ascii, trunc = 0;
            uint8_t script;
            size_t end = scan_word(tz, start, k == C_DIGIT, &ascii, &script);
            size_t m;
            if (ascii) {
                m = end - start;
                if (m > SLANT_TOKEN_MAX) {
                    m = SLANT_TOKEN_MAX;
                    trunc = 1;
                }
                lower_ascii(tz->norm, tz->text + start, m, tz->len - start);
            } else {
                m = normalize_word(tz, start, end, &trunc);
            }
            tz->pos = end;
            if (m == 0)
                continue; /* only ignorable characters: nothing to count */
            take_norm(tz, out, m);
            out->end = end;
            out->kind = k == C_DIGIT ? SLANT_TOK_NUMBER : SLANT_TOK_WORD;
            out->script = script;
            if (trunc) {
                out->flags |= SLANT_TF_TRUNCATED;
                tz->truncations++;
            }
            place(tz, out, start);
            return 1;
        }
        case C_APOS:
        case C_QUOTE:
            tz->pos += n;
            out->end = tz->pos;
            out->kind = SLANT_TOK_QUOTE;
            quote_role(cp, &out->quote, &out->flags);
            set_raw_norm(tz, out, start, out->end);
            place(tz, out, start);
            return 1;
        case C_HYPHEN:
        case C_PUNCT:
            tz->pos += n;
            out->end = tz->pos;
            out->kind = SLANT_TOK_PUNCT;
            set_raw_norm(tz, out, start, out->end);
            place(tz, out, start);
            if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x203C ||
                cp == 0x2047 || cp == 0x2048 || cp == 0x2049)
                check_sentence_end(tz, start, tz->pos, 0);
            else if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF0E)
                check_sentence_end(tz, start, tz->pos, 1); /* CJK: no space follows */
            return 1;
        case C_SYMBOL:
            tz->pos += n;
            out->end = tz->pos;
            out->kind = SLANT_TOK_SYMBOL;
            set_raw_norm(tz, out, start, out->end);
            place(tz, out, start);
            return 1;
        case C_BAD:
        default: /* C_SPACE, C_SKIP, C_BREAK were handled above */
            tz->pos += n;
            out->end = tz->pos;
            out->kind = SLANT_TOK_SYMBOL;
            out->flags |= SLANT_TF_REPLACED;
            tz->replacements++;
            memcpy(tz->norm, "\xEF\xBF\xBD", 3);
            take_norm(tz, out, 3);
            place(tz, out, start);
            return 1;
        }
    }
    memset(out, 0, sizeof(*out));
    out->start = out->end = tz->len;
    out->norm = "";
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Folding strings                                                          */
/* ------------------------------------------------------------------------ */

int slant_fold(const char *s, size_t len, char **out, size_t *out_len)
{
    struct slant_buf clean;
    const char *src = s ? s : "";
    size_t n = s ? len : 0;
    int rc = 0;

    slant_buf_init(&clean, 0);
    *out = NULL;
    size_t i = 0;
    while (i < n && (unsigned char)src[i] >= 0x01 && (unsigned char)src[i] < 0x80)
        i++;
    if (i == n) { /* ASCII: lowercase by hand, as the tokenizer does */
        char *r = slant_xmalloc(n + 1);
        for (i = 0; i < n; i++)
            r[i] = (char)lower((unsigned char)src[i]);
        r[n] = '\0';
        *out = r;
        if (out_len)
            *out_len = n;
        goto out;
    }
    if (!slant_utf8_valid(src, n)) {
        /* utf8proc refuses invalid UTF-8; repair it as ingest would */
        if ((rc = slant_utf8_sanitize(src, n, &clean, NULL)) < 0)
            goto out;
        src = clean.p;
        n = clean.len;
    }
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t m =
        utf8proc_map((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)n, &mapped, FOLD_OPTIONS);
    if (m < 0) {
        free(mapped);
        rc = m == UTF8PROC_ERROR_NOMEM ? SLANT_ENOMEM : SLANT_EINVAL;
        goto out;
    }
    size_t k = unify_punct((char *)mapped, (size_t)m);
    mapped[k] = '\0';
    *out = (char *)mapped;
    if (out_len)
        *out_len = k;
out:
    slant_buf_release(&clean);
    return rc;
}
