/*
 * match.c - the voice-aware lexicon matcher.
 *
 * Tokens are buffered one paragraph at a time (at most MATCH_CAP tokens) and
 * analysed in three passes when the paragraph ends or a part of it can be
 * decided (below).
 * A word is looked up in the lexicon index as it is pushed (once per form and
 * matcher: the note on the form), and the buffer keeps the positions of the
 * words that may begin a pattern and of the quotation marks, so the passes
 * visit those and skip the rest:
 *
 *   1. quotations: every quotation mark gets a role from the tokenizer and
 *      from its neighbours, and marks are paired under recovery rules (below);
 *   2. matching: at each word that may begin a pattern, longer patterns are
 *      checked against the following words, and per lexicon the
 *      leftmost-longest match wins (with its twins in other frames); a
 *      match of the `attribution` lexicon's cue frames outside quotation
 *      marks makes its sentence attributed, and a negator or distancing word
 *      marks the next CUE_WINDOW words of its sentence as negated or
 *      distanced;
 *   3. judgement: voice, negation and distancing of every hit.
 *
 * A multi-token pattern matches consecutive WORD tokens of one sentence with
 * nothing but white space between them: punctuation, a quotation mark or a
 * dash breaks it.  Hyphenated compounds are single word tokens, so a pattern
 * names them hyphenated ("so-called", "pro-russian").
 *
 * Among matches of one lexicon starting at the same token the longest wins,
 * ties going to the pattern written first, and matching resumes after it.
 * The winner's twins (identical patterns in other frames of its lexicon,
 * precomputed by slant_lexset_compile) get a hit on the same span, so a word
 * a LIWC-style dictionary lists in several categories counts in each; hits
 * of one frame never overlap.  Different lexicons are independent codings of
 * the same text and may cover the same tokens.
 *
 * Quotation recovery (real text has stray, unbalanced and misused marks):
 *   - a straight " gets its role from its neighbours: space (or an opening
 *     bracket) before and a word after opens; a word or punctuation before
 *     and space or punctuation after closes; otherwise the current state
 *     decides (close when a quotation is open).  A " right after a digit is
 *     an inch mark (12") unless it can close an open quotation;
 *   - curly marks keep the tokenizer's role unless the neighbours clearly say
 *     the opposite ("„Text“", "»Text«", "”Text”"); any double mark pairs with
 *     any other double mark, so "..." opened straight and closed curly pair;
 *   - a single ' or ’ closes only an open single quotation; otherwise it is
 *     an apostrophe and ignored;
 *   - an opening mark while a quotation of the same kind is open: at the
 *     start of a sentence it is the convention of a quotation running over
 *     several paragraphs (each opens, one closes): the open quotation ends
 *     before the mark and a new one starts; in mid-sentence the open mark was
 *     stray: its quotation ends with its own sentence;
 *   - a quotation longer than MAX_QUOTE_WORDS words or MAX_QUOTE_SENTS
 *     sentences without a closing mark was opened by a stray mark: a double
 *     one ends with its own sentence, a single one is dropped (probably an
 *     apostrophe); the marks after it are read again;
 *   - a quotation still open at the end of its paragraph ends there.
 * Counted in struct slant_match_stats: `quotes` every quotation kept,
 * `resynced` those ended by a recovery rule rather than a closing mark,
 * `unbalanced` marks that could not be paired and were ignored (a double
 * closing mark with nothing open, a dropped single opening mark).
 *
 * Parts of a paragraph: every MATCH_SOFT tokens or so (flattened articles
 * are one long paragraph), everything up to the last sentence start that no
 * quotation or pending decision straddles is decided and dropped, so that
 * the buffer is written and read again while it is in the cache (an article
 * of 750 tokens buffered whole missed the first-level cache at every line
 * written: 1.7 M misses on two copies of ukraine-2022, against 0.8 M so).
 * Nothing a part's decision looks at lies past such a point.  When there is
 * none, the buffer grows; at MATCH_CAP tokens it is decided as if the
 * paragraph ended there, which keeps memory bounded.
 */
#include <stdlib.h>
#include <string.h>

#include "slant/arena.h"
#include "slant/err.h"
#include "slant/lexicon.h"
#include "slant/match.h"
#include "slant/stem.h"
#include "slant/tokenize.h"
#include "slant/xalloc.h"

#include "banned.h"

#define MATCH_CAP 2000u      /* tokens of one paragraph buffered at most */
#define MATCH_SOFT 256u      /* tokens buffered before a safe cut is looked for */
#define MAX_QUOTE_WORDS 150u /* 99.9% of balanced quotations in ukraine-2022 are shorter */
#define MAX_QUOTE_SENTS 8u
#define CUE_WINDOW 3u      /* word tokens looked at before a hit */
#define SCARE_MAX_WORDS 3u /* a quotation this short may be scare quotes */

/* cue bits, from the attribution lexicon's frames */
#define CUE_ATTR 0x1u
#define CUE_NEG 0x2u
#define CUE_DIST 0x4u

/* ------------------------------------------------------------------ */
/* State                                                                */
/* ------------------------------------------------------------------ */

/* A buffered token (its index in the document is base_idx + its position). */
struct mtok {
    uint32_t start, end; /* byte span (texts are shorter than 4 GiB: match.h) */
    uint32_t sent;
    union {
        uint32_t note; /* WORD: what the index says about the word: 0
                        * nothing, else the record at recs[note - 1] (see
                        * notes; read when the token is pushed, while its
                        * form is in the cache), or NOTE_SCRATCH | k: look
                        * the form scratch_forms[k] up again when needed */
        char c[4];     /* PUNCT: first bytes of the raw text */
    };
    union {
        struct {
            uint8_t cue;        /* CUE_NEG, CUE_DIST: of a cue word among the
                                 * CUE_WINDOW words before it in its sentence,
                                 * set while deciding (mark_cues) */
            uint8_t quote;      /* QUOTE: the tokenizer's role, | Q_DOUBLE */
            uint8_t ends_digit; /* last character is an ASCII digit */
            uint8_t kind;
        };
        uint32_t tail; /* the four at once (mtok_set) */
    };
};
/* (20 bytes, against 48 with its form's pointer, 64-bit offsets and the
 * quotation holding it: push writes a cache line every 3.2 tokens, not
 * every 1.3, and deciding reads fewer lines) */
_Static_assert(sizeof(struct mtok) == 20, "an mtok is 20 bytes");

#define Q_DOUBLE 0x80u /* mtok.quote: a double mark (SLANT_TF_DOUBLE) */
/* mtok.quote, set while deciding (after pairing, which reads a mark's role):
 * the token is inside a quotation, between its marks (quote_of >= 0) */
#define Q_INSIDE 0x40u

/* mtok.note of a word the memo does not hold (a form of our own, or the
 * memo is full): this bit, and below it the form's place in
 * scratch_forms.  Records are below it (MEMO_FULL). */
#define NOTE_SCRATCH 0x80000000u
/* note_form's answer when the memo is full */
#define NOTE_UNKEPT UINT32_MAX

/* The low bit of a note (slant_matcher.notes), above it the record. */
#define NOTE_BEGINS 0x1u /* it may begin a pattern */
#define NOTE_SHIFT 1

/*
 * NOTE_SIGS: in a word's slot (slant_matcher.slots), two 64-bit signatures
 * of pattern-token keys, a bit per key (key_sig, bits 0-62):
 *   `keys`: of the keys the word matches, and bit 63 always;
 *   `guard`: when every pattern the word may begin is longer than one word,
 *   of their second words' keys; else bit 63 alone.
 * When the guard of a word and the keys of the word after it share no bit
 * (and a token that is no word counts as bit 63 alone), none of the
 * patterns the first may begin can match there, and push drops its
 * position before deciding would look.  With the bundled lexicons on
 * ukraine-2022, four positions in ten that may begin a pattern go so
 * ("in", "as", "state" ... not followed by the rest of a pattern), and
 * deciding at one read two records to find nothing.  A large lexicon gives
 * a word the guard of many second words: with 100,000 patterns, on two
 * copies of ukraine-2022, 15 bits let 1.30 M positions be decided, 0.94 M
 * of them for nothing; 63 bits let 0.72 M, 0.36 M for nothing.
 */
#define SIG_ALWAYS (UINT64_C(1) << 63)
static inline uint64_t key_sig(uint32_t key)
{
    unsigned bit = (unsigned)(((uint64_t)(key * 0x9E3779B1u) * 63) >> 32);
    return UINT64_C(1) << bit;
}

/* The matcher's entry for form id in slant_matcher.notes (the caller's
 * word follows it). */
#define NOTE_ENTRY(notes, id) ((notes)[2 * (size_t)(id)])

/* What push needs of a word the index knows (slant_matcher.slots): its
 * note in two fields, so that push copies one and adds the other. */
struct note_slot {
    uint64_t keys, guard; /* NOTE_SIGS */
    uint32_t rec;         /* note >> NOTE_SHIFT: mtok.note */
    uint32_t begins;      /* note & NOTE_BEGINS */
};

static inline uint32_t slot_note(const struct note_slot *sl)
{
    return sl->rec << NOTE_SHIFT | sl->begins;
}

struct quotation {
    uint32_t open, close; /* token positions in the buffer: mark, end (exclusive) */
    uint32_t words;       /* word tokens inside; when pairing did not count them
                           * on its way, counted only up to SCARE_MAX_WORDS + 1
                           * (all judging asks: whether they are scare quotes) */
    uint8_t resynced;
};

/* a decision that tokens up to `until` (exclusive) may still change */
struct span {
    uint32_t from, until;
};

struct cand {
    uint32_t pat, end; /* best match starting at the current token */
    int found;
};

/* What the lexicon index says about one form: the patterns it may begin
 * (struct lexpat, below) and the pattern-token keys it matches. */
struct memo {
    const struct lexpat *cands;
    const uint32_t *keys;
    uint32_t n_cands, n_keys;
};

struct slant_matcher {
    const struct slant_lexset *set;
    size_t n_lex;
    long attr_lex;      /* index of the attribution lexicon, or -1 */
    uint8_t *frame_cue; /* CUE_* per frame of the attribution lexicon */

    struct mtok *tok; /* MATCH_CAP buffered tokens */
    size_t n;
    size_t limit;       /* at this many tokens, look for a safe cut (MATCH_SOFT) */
    uint32_t base_idx;  /* document index of tok[0] */
    uint32_t para;      /* paragraph of the last token pushed */
    uint8_t last_digit; /* the last token pushed ends with a digit */
    /* positions in tok, ascending: words that may begin a pattern (the
     * only ones matching looks at) and quotation marks (where pairing
     * looks, outside quotations) */
    uint32_t *cands_at, *marks_at;
    size_t n_cands_at, n_marks_at;
    struct slant_arena arena; /* forms of words pushed without one */

    struct quotation *quots;
    size_t n_quots, alloc_quots;
    size_t q_at; /* quote_of's cursor, at most n_quots */
    struct span *spans;
    size_t n_spans, alloc_spans;
    uint32_t *unbal; /* positions of unpaired marks */
    size_t n_unbal, alloc_unbal;

    /* What the lexicon index says about each caller's form, looked up once
     * per matcher (a lookup hashes the stem, the form and each prefix
     * length: the cost of scoring, for a lexicon of any size): the patterns
     * it may begin and the pattern-token keys it matches (for testing a
     * pattern's later tokens), kept together in one record of recs:
     * n_cands, n_keys, the keys, then the candidates (LEXPAT_WORDS words
     * each), so that deciding at a word reads one place, not three one
     * after another.  The entry of the form of an id (the forms pushed
     * come from one stemmer, match.h), notes[2 id] (NOTE_ENTRY; the word
     * after it is the caller's: slant_matcher_caller_words), is 0 when it was
     * not looked up, else k for slots[k] (k >= 1; slots[0] is never read):
     * the word's note and signatures (NOTE_SIGS).  A note is 0 for nothing, else
     * (r + 1) << NOTE_SHIFT for the record at recs[r], with NOTE_BEGINS set
     * when the word may begin a pattern.  Most forms match no pattern word
     * and share slots[1] (note 0); the others have a slot each.  Indexed by
     * the stemmer's dense id, frequent words (met first, small ids) share a
     * few cache lines, eight to a line, and reading a note needs no trip
     * to the form; the slots of the words that matter stay in the cache. */
    uint32_t *notes;
    size_t notes_cap; /* in ids (pairs of words) */
    struct note_slot *slots;
    size_t n_slots, alloc_slots;
    struct vec {
        void *p;
        size_t n, alloc;
    } recs;                                 /* uint32_t, and struct lexpat in records */
    struct vec scratch_cands, scratch_keys; /* for forms of our own */
    struct vec scratch_forms;               /* const struct slant_form *: words the memo does
                                             * not hold, while they are buffered */
    struct vec trying;                      /* the candidates being tried, copied out of cands */
    struct vec sent_flags;                  /* while deciding: SENT_ATTR of each sentence of the
                                             * part, n_sents from the first token's
                                             * (sent_base) */
    uint32_t sent_base;
    size_t n_sents;
    uint8_t sent_spill; /* the flags of a sentence out of that range (sent_flags) */

    /* per pattern of every lexicon (pat_base[lex] + pat): what a hit takes
     * from it, in a table of its own (the patterns' structs are five times
     * larger, and the twins a call away) */
    struct pat_info {
        uint32_t frame;
        uint32_t twins; /* it has twins (slant_lexset_twins) */
        double weight;
    } * pat_info;
    size_t *pat_base;

    struct cand *best; /* per lexicon, during matching */
    uint32_t *found;   /* the lexicons whose best is found, n_found of them */
    size_t n_found;
    uint32_t *next_free; /* per lexicon: first token a new hit may start at */
    size_t cur;          /* token being matched (for the callback) */

    struct slant_hit *hits;
    size_t n_hits, alloc_hits;
    struct slant_quote *qspans; /* quotations decided so far, in bytes */
    size_t n_qspans, alloc_qspans;
    struct slant_match_stats stats;
};

const char *slant_voice_name(int voice)
{
    switch (voice) {
    case SLANT_VOICE_OWN:
        return "own";
    case SLANT_VOICE_ATTRIBUTED:
        return "attributed";
    case SLANT_VOICE_QUOTED:
        return "quoted";
    default:
        return "?";
    }
}

int slant_voice_parse(const char *name)
{
    for (int v = 0; v < SLANT_VOICE_COUNT; v++)
        if (name && strcmp(name, slant_voice_name(v)) == 0)
            return v;
    return -1;
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                            */
/* ------------------------------------------------------------------ */

static uint8_t cue_of_frame(const char *name)
{
    if (strcmp(name, "reporting-verbs") == 0 || strcmp(name, "source-phrases") == 0 ||
        strcmp(name, "hedges") == 0)
        return CUE_ATTR;
    if (strcmp(name, "negators") == 0)
        return CUE_NEG;
    if (strcmp(name, "distancing") == 0)
        return CUE_DIST;
    return 0;
}

struct slant_matcher *slant_matcher_new(const struct slant_lexset *set)
{
    struct slant_matcher *m = slant_xcalloc(1, sizeof(*m));
    m->set = set;
    m->n_lex = set ? slant_lexset_count(set) : 0;
    m->attr_lex = -1;
    for (size_t i = 0; i < m->n_lex; i++) {
        const struct slant_lexicon *lx = slant_lexset_get(set, i);
        if (lx && strcmp(lx->name, "attribution") == 0) {
            m->attr_lex = (long)i;
            m->frame_cue = slant_xcalloc(lx->n_frames ? lx->n_frames : 1, 1);
            for (uint32_t fr = 0; fr < lx->n_frames; fr++)
                m->frame_cue[fr] = cue_of_frame(lx->frames[fr].name);
            break;
        }
    }
    m->pat_base = slant_xcalloc(m->n_lex + 1, sizeof(*m->pat_base));
    for (size_t i = 0; i < m->n_lex; i++) {
        const struct slant_lexicon *lx = slant_lexset_get(set, i);
        m->pat_base[i + 1] = m->pat_base[i] + (lx ? lx->n_patterns : 0);
    }
    m->pat_info = slant_xcalloc(m->pat_base[m->n_lex] + 1, sizeof(*m->pat_info));
    for (size_t i = 0; i < m->n_lex; i++) {
        const struct slant_lexicon *lx = slant_lexset_get(set, i);
        for (uint32_t k = 0; lx && k < lx->n_patterns; k++) {
            struct pat_info *pi = &m->pat_info[m->pat_base[i] + k];
            size_t nt = 0;
            slant_lexset_twins(set, (uint32_t)i, k, &nt);
            pi->frame = lx->patterns[k].frame;
            pi->twins = nt != 0;
            pi->weight = lx->patterns[k].weight;
        }
    }
    m->alloc_slots = 64;
    m->slots = slant_xcalloc(m->alloc_slots, sizeof(*m->slots));
    m->slots[1].keys = m->slots[1].guard = SIG_ALWAYS; /* note 0: nothing */
    m->n_slots = 2;
    m->tok = slant_xcalloc(MATCH_CAP, sizeof(*m->tok));
    m->limit = MATCH_SOFT;
    m->cands_at = slant_xcalloc(MATCH_CAP, sizeof(*m->cands_at));
    m->marks_at = slant_xcalloc(MATCH_CAP, sizeof(*m->marks_at));
    m->best = slant_xcalloc(m->n_lex ? m->n_lex : 1, sizeof(*m->best));
    m->found = slant_xcalloc(m->n_lex ? m->n_lex : 1, sizeof(*m->found));
    m->next_free = slant_xcalloc(m->n_lex ? m->n_lex : 1, sizeof(*m->next_free));
    slant_arena_init(&m->arena, 0);
    return m;
}

void slant_matcher_free(struct slant_matcher *m)
{
    if (!m)
        return;
    slant_arena_release(&m->arena);
    free(m->frame_cue);
    free(m->pat_info);
    free(m->pat_base);
    free(m->tok);
    free(m->cands_at);
    free(m->marks_at);
    free(m->notes);
    free(m->slots);
    free(m->recs.p);
    free(m->scratch_cands.p);
    free(m->scratch_keys.p);
    free(m->scratch_forms.p);
    free(m->trying.p);
    free(m->sent_flags.p);
    free(m->best);
    free(m->found);
    free(m->next_free);
    free(m->quots);
    free(m->spans);
    free(m->unbal);
    free(m->hits);
    free(m->qspans);
    free(m);
}

void slant_matcher_begin(struct slant_matcher *m)
{
    m->n = 0;
    m->limit = MATCH_SOFT;
    m->n_quots = m->q_at = 0;
    m->n_cands_at = m->n_marks_at = 0;
    m->base_idx = 0;
    m->para = 0;
    m->last_digit = 0;
    m->n_hits = 0;
    m->n_qspans = 0;
    memset(&m->stats, 0, sizeof(m->stats));
    slant_arena_reset(&m->arena);
    m->scratch_forms.n = 0;
}

const struct slant_hit *slant_matcher_hits(const struct slant_matcher *m, size_t *n)
{
    *n = m->n_hits;
    return m->hits;
}

const struct slant_quote *slant_matcher_quotes(const struct slant_matcher *m, size_t *n)
{
    *n = m->n_qspans;
    return m->qspans;
}

void slant_matcher_stats(const struct slant_matcher *m, struct slant_match_stats *st)
{
    *st = m->stats;
}

/* ------------------------------------------------------------------ */
/* Pass 1: quotations                                                   */
/* ------------------------------------------------------------------ */

static int is_word(const struct mtok *t)
{
    return t->kind == SLANT_TOK_WORD || t->kind == SLANT_TOK_NUMBER;
}

static int in_set(char c, const char *set)
{
    return c != '\0' && strchr(set, c) != NULL;
}

static int is_dash(const char *c)
{
    /* – U+2013, — U+2014 */
    return (unsigned char)c[0] == 0xE2 && (unsigned char)c[1] == 0x80 &&
           ((unsigned char)c[2] == 0x93 || (unsigned char)c[2] == 0x94);
}

/* Nothing but space (or an opening bracket, a dash, another mark) before i. */
static int space_before(const struct mtok *t, size_t i)
{
    if (i == 0 || t[i - 1].end < t[i].start)
        return 1;
    const struct mtok *p = &t[i - 1];
    if (p->kind == SLANT_TOK_QUOTE)
        return 1;
    if (p->kind == SLANT_TOK_PUNCT)
        return in_set(p->c[0], "([{/-") || is_dash(p->c);
    return 0;
}

/* Nothing but space (or closing punctuation, a dash, another mark) after i. */
static int space_after(const struct mtok *t, size_t n, size_t i)
{
    if (i + 1 >= n || t[i].end < t[i + 1].start)
        return 1;
    const struct mtok *q = &t[i + 1];
    if (q->kind == SLANT_TOK_QUOTE)
        return 1;
    if (q->kind == SLANT_TOK_PUNCT)
        return in_set(q->c[0], ".,;:!?)]}-") || is_dash(q->c) ||
               ((unsigned char)q->c[0] == 0xE2 && (unsigned char)q->c[1] == 0x80 &&
                (unsigned char)q->c[2] == 0xA6); /* … */
    return 0;
}

static int sentence_start(const struct mtok *t, size_t i)
{
    if (i == 0 || t[i].sent != t[i - 1].sent)
        return 1;
    return t[i - 1].kind == SLANT_TOK_PUNCT && in_set(t[i - 1].c[0], ".!?");
}

/* Position after the sentence of token i. */
static size_t sentence_end(const struct mtok *t, size_t n, size_t i)
{
    size_t j = i + 1;
    while (j < n && t[j].sent == t[i].sent)
        j++;
    return j;
}

static void add_span(struct slant_matcher *m, size_t from, size_t until)
{
    if (m->n_spans == m->alloc_spans) {
        m->alloc_spans = m->alloc_spans ? 2 * m->alloc_spans : 64;
        m->spans = slant_xreallocarray(m->spans, m->alloc_spans, sizeof(*m->spans));
    }
    m->spans[m->n_spans++] = (struct span){(uint32_t)from, (uint32_t)until};
}

static void add_unbal(struct slant_matcher *m, size_t pos)
{
    if (m->n_unbal == m->alloc_unbal) {
        m->alloc_unbal = m->alloc_unbal ? 2 * m->alloc_unbal : 64;
        m->unbal = slant_xreallocarray(m->unbal, m->alloc_unbal, sizeof(*m->unbal));
    }
    m->unbal[m->n_unbal++] = (uint32_t)pos;
}

/* The quotation from the mark at `open` to `close`, with `words` word
 * tokens inside (WORDS_UNKNOWN: counted here, up to SCARE_MAX_WORDS + 1). */
#define WORDS_UNKNOWN UINT32_MAX
static void add_quot(struct slant_matcher *m, size_t open, size_t close, int resynced,
                     uint32_t words)
{
    if (m->n_quots == m->alloc_quots) {
        m->alloc_quots = m->alloc_quots ? 2 * m->alloc_quots : 64;
        m->quots = slant_xreallocarray(m->quots, m->alloc_quots, sizeof(*m->quots));
    }
    if (words == WORDS_UNKNOWN) {
        words = 0;
        for (size_t i = open + 1; i < close && words <= SCARE_MAX_WORDS; i++)
            words += is_word(&m->tok[i]);
    }
    m->quots[m->n_quots++] =
        (struct quotation){(uint32_t)open, (uint32_t)close, words, (uint8_t)resynced};
}

enum mark { M_NONE, M_OPEN, M_CLOSE };

/* The role of quotation mark i given what is open (0 none, else 1). */
static enum mark mark_role(const struct mtok *t, size_t n, size_t i, int dbl, int open)
{
    const struct mtok *q = &t[i];
    int sb = space_before(t, i), sa = space_after(t, n, i);
    int role = q->quote & ~(Q_DOUBLE | Q_INSIDE);
    if (role == SLANT_Q_EITHER) {
        if (dbl) {
            if (i > 0 && t[i - 1].end == q->start && t[i - 1].ends_digit && !(open && sa))
                return M_NONE; /* inch mark */
            if (sb && !sa)
                return M_OPEN;
            if (!sb && sa)
                return M_CLOSE;
            return open ? M_CLOSE : M_OPEN;
        }
        if (sb && !sa)
            return M_OPEN;
        if (!sb && open)
            return M_CLOSE;
        return M_NONE; /* an apostrophe */
    }
    if (role == SLANT_Q_OPEN) {
        if (open && !sb && sa)
            return M_CLOSE; /* „Text“ and »Text« */
        return M_OPEN;
    }
    if (role == SLANT_Q_CLOSE) {
        if (open)
            return M_CLOSE;
        if (dbl && sb && !sa)
            return M_OPEN;             /* ”Text” */
        return dbl ? M_CLOSE : M_NONE; /* a lone ’ is an apostrophe */
    }
    return M_NONE;
}

/* The position of the first quotation mark at or after i, or n.  *k is a
 * cursor into marks_at, moved from where the last call left it (pairing
 * asks in nearly ascending order, and goes back a few marks at most). */
static inline size_t next_mark(const struct slant_matcher *m, size_t *k, size_t i, size_t n)
{
    const uint32_t *a = m->marks_at;
    size_t c = *k;
    while (c > 0 && a[c - 1] >= i)
        c--;
    while (c < m->n_marks_at && a[c] < i)
        c++;
    *k = c;
    return c < m->n_marks_at && a[c] < n ? a[c] : n;
}

/* The quotation holding token i (between its marks), or -1.  Quotations
 * are found in text order and never overlap, so their closes ascend too: a
 * cursor keeps the first that closes after the token asked about last, and
 * moves from there (deciding asks in nearly ascending order). */
static inline long quote_of(struct slant_matcher *m, size_t i)
{
    const struct quotation *q = m->quots;
    size_t k = m->q_at;
    while (k > 0 && q[k - 1].close > i)
        k--;
    while (k < m->n_quots && q[k].close <= i)
        k++;
    m->q_at = k;
    return k < m->n_quots && q[k].open < i ? (long)k : -1;
}

/*
 * Pair the marks of tok[0, n).  `final`: the paragraph ends at n (else more
 * tokens follow, and what depends on them is left pending as a span).
 */
static void resolve_quotes(struct slant_matcher *m, size_t n, int final)
{
    struct mtok *t = m->tok;
    m->n_quots = m->q_at = 0; /* (paired again from the start) */
    m->n_spans = m->n_unbal = 0;

    size_t i = 0, at = 0; /* at: next_mark's cursor */
    size_t open = 0;      /* position of the open mark */
    int kind = 0;         /* 0 nothing open, 1 double, 2 single */
    /* Inside a quotation, words and sents count the word tokens and the
     * sentence changes since its mark, for the limits above.  While they
     * cannot have reached them, they are not kept (words is WORDS_UNKNOWN)
     * and the walk goes from mark to mark: the tokens since the mark bound
     * the words, and the sentence indexes passed bound the changes.  When
     * the bound at the next mark is past a limit, the quotation is walked
     * again from its mark, token by token, counting. */
    uint32_t words = 0, sents = 0;
    while (i < n) {
        if (!kind && (i = next_mark(m, &at, i, n)) == n)
            break; /* outside quotations only the marks matter */
        if (kind && words == WORDS_UNKNOWN) {
            size_t j = t[i].kind == SLANT_TOK_QUOTE ? i : next_mark(m, &at, i, n);
            size_t last = j < n ? j : n - 1;
            if (last - open > MAX_QUOTE_WORDS || t[last].sent - t[open].sent >= MAX_QUOTE_SENTS) {
                words = sents = 0;
                i = open + 1;
            } else if (j == n) {
                break;
            } else {
                i = j;
            }
        }
        const struct mtok *q = &t[i];
        if (kind && words != WORDS_UNKNOWN) {
            if (is_word(q))
                words++;
            if (q->sent != t[i - 1].sent)
                sents++;
            if (words > MAX_QUOTE_WORDS || sents >= MAX_QUOTE_SENTS) {
                /* opened by a stray mark: read on from its sentence end */
                add_span(m, open, i + 1);
                if (kind == 1) {
                    size_t e = sentence_end(t, n, open);
                    add_quot(m, open, e, 1, WORDS_UNKNOWN);
                    i = e;
                } else {
                    add_unbal(m, open);
                    i = open + 1;
                }
                kind = 0;
                continue;
            }
        }
        if (q->kind != SLANT_TOK_QUOTE) {
            i++;
            continue;
        }
        if (!final && i + 1 >= n) {
            /* the role needs the next token */
            add_span(m, i, n + 1);
            break;
        }
        int dbl = (q->quote & Q_DOUBLE) != 0;
        int mk = dbl ? 1 : 2;
        if (kind && kind != mk) {
            i++; /* a nested quotation: its words are quoted already */
            continue;
        }
        enum mark r = mark_role(t, n, i, dbl, kind != 0);
        if (r == M_CLOSE) {
            if (kind) {
                /* (words: those after open, up to i) */
                add_quot(m, open, i, 0, words);
                kind = 0;
            } else if (dbl) {
                add_unbal(m, i);
            }
            i++;
            continue;
        }
        if (r == M_NONE) {
            i++;
            continue;
        }
        /* an opening mark */
        if (kind) {
            add_span(m, open, i + 1);
            if (sentence_start(t, i)) {
                add_quot(m, open, i, 1, words); /* running on */
            } else if (kind == 2) {
                add_unbal(m, open); /* a stray single mark: read on after it */
                i = open + 1;
                kind = 0;
                continue;
            } else {
                /* a stray double mark: its quotation ends with its sentence */
                size_t e = sentence_end(t, n, open);
                if (e > i)
                    e = i;
                add_quot(m, open, e, 1, e == i ? words : WORDS_UNKNOWN);
                if (e < i) {
                    i = e; /* read the marks in between again */
                    kind = 0;
                    continue;
                }
            }
        }
        kind = mk;
        open = i;
        words = WORDS_UNKNOWN; /* (not counted yet) */
        sents = 0;
        i++;
    }
    if (kind) {
        if (final) {
            /* left open: ends with the paragraph */
            add_quot(m, open, n, 1, words);
            add_span(m, open, n);
        } else {
            add_span(m, open, n + 1);
        }
    }
}

/* Whether something that starts before token i reaches past it: a pending
 * decision, or a quotation (its closing mark included). */
static int straddled(const struct slant_matcher *m, size_t i)
{
    for (size_t k = 0; k < m->n_spans; k++)
        if (m->spans[k].from < i && m->spans[k].until > i)
            return 1;
    for (size_t k = 0; k < m->n_quots; k++)
        if (m->quots[k].open < i && m->quots[k].close + 1 > i)
            return 1;
    return 0;
}

/* The last sentence start s < n that no quotation or pending decision
 * straddles (0 when there is none), looked for from the end: the last
 * sentence start is nearly always the answer, and there are a few
 * quotations and spans to check it against. */
static size_t safe_cut(const struct slant_matcher *m, size_t n)
{
    const struct mtok *t = m->tok;
    for (size_t i = n - 1; i > 0; i--)
        if (t[i].sent != t[i - 1].sent && !straddled(m, i))
            return i;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Pass 2: matching                                                     */
/* ------------------------------------------------------------------ */

#define MEMO_FULL (UINT32_MAX >> (NOTE_SHIFT + 1)) /* past this, lookups are not kept (notes) */

/* A candidate pattern, with what the first test needs (so that most
 * candidates are ruled out without touching the pattern's memory). */
struct lexpat {
    uint32_t lex, pat;
    uint32_t key1; /* the key of its second token (n_tokens > 1) */
    uint16_t n_tokens;
    uint8_t cue; /* CUE_* bits of its frame (the attribution lexicon) */
};
/* its size in the uint32_t words of a record (see slant_matcher.recs) */
#define LEXPAT_WORDS (sizeof(struct lexpat) / sizeof(uint32_t))
_Static_assert(sizeof(struct lexpat) % sizeof(uint32_t) == 0, "a lexpat is whole words");

/* Room for `more` elements of `size` bytes at the end of v. */
static void *vec_room(struct vec *v, size_t more, size_t size)
{
    if (v->alloc - v->n < more) {
        size_t a = v->alloc ? v->alloc : 256;
        while (a - v->n < more)
            a *= 2;
        v->p = slant_xreallocarray(v->p, a, size);
        v->alloc = a;
    }
    return (char *)v->p + v->n * size;
}

struct collect_ctx {
    const struct slant_matcher *m;
    struct vec *v;
};

static void collect_candidate(void *ctx, uint32_t lex, uint32_t pat)
{
    struct collect_ctx *cc = ctx;
    const struct slant_matcher *m = cc->m;
    const struct slant_lexicon *lx = slant_lexset_get(m->set, lex);
    if (!lx || lex >= m->n_lex || pat >= lx->n_patterns || lx->patterns[pat].n_tokens == 0)
        return;
    const struct slant_pattern *p = &lx->patterns[pat];
    struct lexpat *c = vec_room(cc->v, 1, sizeof(*c));
    c->lex = lex;
    c->pat = pat;
    c->n_tokens = (uint16_t)p->n_tokens;
    c->key1 = p->n_tokens > 1 ? p->tokens[1].key : 0;
    c->cue = (long)lex == m->attr_lex && p->frame < lx->n_frames ? m->frame_cue[p->frame] : 0;
    cc->v->n++;
}

/* Candidates in the order decide looks them up: single words first, then
 * longer patterns by the key of their second word (then lexicon and
 * pattern, for a fixed order).  Which candidate wins does not depend on
 * the order they are tried in (on_candidate). */
static int cmp_lexpat(const void *a, const void *b)
{
    const struct lexpat *x = a, *y = b;
    int mx = x->n_tokens > 1, my = y->n_tokens > 1;
    if (mx != my)
        return mx - my;
    if (x->key1 != y->key1)
        return x->key1 < y->key1 ? -1 : 1;
    if (x->lex != y->lex)
        return x->lex < y->lex ? -1 : 1;
    return (x->pat > y->pat) - (x->pat < y->pat);
}

/* The first of c[lo, hi) whose second-word key is at least key (c sorted by
 * cmp_lexpat, all of [lo, hi) longer than one word). */
static size_t lexpat_lower_bound(const struct lexpat *c, size_t lo, size_t hi, uint32_t key)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c[mid].key1 < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Append to c the patterns f may begin, sorted as cmp_lexpat says, and to
 * k the keys f matches (one lookup); returns how many keys. */
static size_t collect(const struct slant_matcher *m, const struct slant_form *f, struct vec *c,
                      struct vec *k)
{
    struct collect_ctx cc = {m, c};
    size_t first = c->n;
    size_t max = 2 + SLANT_PAT_MAX_TOKEN_LEN; /* (keys a word matches at most) */
    uint32_t *at = vec_room(k, max, sizeof(uint32_t));
    size_t n = slant_lexset_lookup(m->set, f, at, max, collect_candidate, &cc);
    n = n < max ? n : max; /* (never more: the bound is the index's) */
    k->n += n;
    if (c->n - first > 1)
        qsort((struct lexpat *)c->p + first, c->n - first, sizeof(struct lexpat), cmp_lexpat);
    return n;
}

/* Look f up in the index and keep its slot + 1 in *entry, its entry in
 * notes; returns the note.  Kept out of line: push meets a new word
 * rarely. */
__attribute__((noinline)) static uint32_t note_form(struct slant_matcher *m,
                                                    const struct slant_form *f, uint32_t *entry)
{
    struct vec *c = &m->scratch_cands, *k = &m->scratch_keys;
    c->n = k->n = 0;
    collect(m, f, c, k);
    if (!c->n && !k->n) {
        *entry = 1; /* slots[1]: nothing */
        return 0;
    }
    size_t words = 2 + k->n + c->n * LEXPAT_WORDS;
    if (m->recs.n + words >= MEMO_FULL)
        return NOTE_UNKEPT; /* not kept: looked up again when needed */
    uint32_t *r = vec_room(&m->recs, words, sizeof(uint32_t));
    r[0] = (uint32_t)c->n;
    r[1] = (uint32_t)k->n;
    if (k->n)
        memcpy(r + 2, k->p, k->n * sizeof(uint32_t));
    if (c->n)
        memcpy(r + 2 + k->n, c->p, c->n * sizeof(struct lexpat));
    uint32_t note = (uint32_t)(m->recs.n + 1) << NOTE_SHIFT | (c->n != 0 ? NOTE_BEGINS : 0);
    uint64_t guard = SIG_ALWAYS, keys = SIG_ALWAYS;
    const struct lexpat *cands = c->p;
    if (c->n && cands[0].n_tokens > 1) { /* (single words sort first) */
        guard = 0;
        for (size_t j = 0; j < c->n; j++)
            guard |= key_sig(cands[j].key1);
    }
    for (size_t j = 0; j < k->n; j++)
        keys |= key_sig(((const uint32_t *)k->p)[j]);
    m->recs.n += words;
    /* (a slot per record of three words or more: fewer than MEMO_FULL) */
    if (m->n_slots == m->alloc_slots) {
        m->alloc_slots *= 2;
        m->slots = slant_xreallocarray(m->slots, m->alloc_slots, sizeof(*m->slots));
    }
    m->slots[m->n_slots] = (struct note_slot){keys, guard, note >> NOTE_SHIFT, note & NOTE_BEGINS};
    *entry = (uint32_t)m->n_slots++;
    return note;
}

/* The entry of id, the table grown to hold it. */
__attribute__((noinline)) static uint32_t *grow_notes(struct slant_matcher *m, size_t id)
{
    m->notes = slant_xgrow_zeroed(m->notes, &m->notes_cap, id, 2 * sizeof(*m->notes));
    return &NOTE_ENTRY(m->notes, id);
}

/* What the index says about t's word: in its record, or for a word without
 * one (NOTE_SCRATCH) in the scratch vectors, which the next such lookup
 * reuses.  Records do not move while deciding (only push adds them). */
static inline struct memo lookup(struct slant_matcher *m, const struct mtok *t)
{
    struct memo e = {NULL, NULL, 0, 0};
    if (!(t->note & NOTE_SCRATCH)) {
        if (t->note) {
            const uint32_t *r = (const uint32_t *)m->recs.p + (t->note - 1);
            e.n_cands = r[0];
            e.n_keys = r[1];
            e.keys = r + 2;
            e.cands = (const struct lexpat *)(r + 2 + e.n_keys);
        }
        return e;
    }
    const struct slant_form *f =
        ((const struct slant_form *const *)m->scratch_forms.p)[t->note & ~NOTE_SCRATCH];
    m->scratch_cands.n = m->scratch_keys.n = 0;
    e.n_keys = (uint32_t)collect(m, f, &m->scratch_cands, &m->scratch_keys);
    e.n_cands = (uint32_t)m->scratch_cands.n;
    e.cands = m->scratch_cands.p;
    e.keys = m->scratch_keys.p;
    return e;
}

static inline int key_in(const uint32_t *keys, size_t n, uint32_t key)
{
    for (size_t i = 0; i < n; i++)
        if (keys[i] == key)
            return 1;
    return 0;
}

/* 1 when the word of t matches the pattern token whose key is `key`. */
static int token_matches(struct slant_matcher *m, const struct mtok *t, uint32_t key)
{
    struct memo e = lookup(m, t);
    return e.n_keys != 0 && key_in(e.keys, e.n_keys, key);
}

/* Whether token j (of the n buffered) can be the next word of a pattern
 * that began at token i: a WORD of the same sentence with nothing but white
 * space between it and the token before.  (A word pushed with neither a
 * form nor a norm has note 0, so no key: it is a next word that matches
 * nothing.) */
static inline int next_word(const struct mtok *t, size_t n, size_t i, size_t j)
{
    return j < n && t[j].kind == SLANT_TOK_WORD && t[j].sent == t[i].sent &&
           t[j].start > t[j - 1].end;
}

/* End (exclusive) of candidate c matched from token i, or 0. */
static size_t match_rest(struct slant_matcher *m, size_t n, size_t i, const struct lexpat *c)
{
    const struct mtok *t = m->tok;
    const struct slant_pattern *p = NULL;
    size_t j = i + 1;
    for (uint32_t k = 1; k < c->n_tokens; k++, j++) {
        if (!next_word(t, n, i, j))
            return 0;
        if (k == 1) {
            if (!token_matches(m, &t[j], c->key1))
                return 0;
            continue;
        }
        if (!p)
            p = &slant_lexset_get(m->set, c->lex)->patterns[c->pat];
        if (!token_matches(m, &t[j], p->tokens[k].key))
            return 0;
    }
    return j;
}

/* slant_matcher.sent_flags: a cue outside quotation marks, so the
 * sentence is attributed */
#define SENT_ATTR 0x1u

/* The flags of sentence sent, of the part being decided.  (A sentence out
 * of the part's range, which tokens in text order never give, gets a byte
 * of its own: wrong flags, but no write out of bounds.) */
static inline uint8_t *sent_flags(struct slant_matcher *m, uint32_t sent)
{
    size_t d = sent - m->sent_base;
    return d < m->n_sents ? (uint8_t *)m->sent_flags.p + d : &m->sent_spill;
}

/* A negator or distancing word at j (its bits) reaches a hit when it is
 * among the CUE_WINDOW word tokens before the hit in its sentence: the
 * tokens after j, up to its CUE_WINDOW-th word, of the n being decided,
 * get the bits.  (Done once per cue word, not once per hit looking back:
 * the look back's stops, which follow the text, missed a branch per hit.) */
static void mark_window(struct mtok *t, size_t n, size_t j, uint8_t bits)
{
    unsigned words = 0; /* between j and s */
    for (size_t s = j + 1; s < n && t[s].sent == t[j].sent && words < CUE_WINDOW; s++) {
        t[s].cue |= bits;
        words += t[s].kind == SLANT_TOK_WORD;
    }
}

/* A match of an attribution cue frame on tokens [from, end) of the n being
 * decided: its sentence is attributed (a cue outside quotation marks), or
 * the words after it negated or distanced (mark_window). */
__attribute__((always_inline)) static inline void mark_cues(struct slant_matcher *m, size_t n,
                                                            size_t from, size_t end, uint8_t cue)
{
    if (cue & CUE_ATTR)
        for (size_t j = from; j < end; j++)
            if (!(m->tok[j].quote & Q_INSIDE))
                *sent_flags(m, m->tok[j].sent) |= SENT_ATTR;
    if (cue & (CUE_NEG | CUE_DIST))
        for (size_t j = from; j < end; j++)
            mark_window(m->tok, n, j, cue & (CUE_NEG | CUE_DIST));
}

struct cb_ctx {
    struct slant_matcher *m;
    size_t n;
};

__attribute__((always_inline)) static inline void on_candidate(struct cb_ctx *ctx,
                                                               const struct lexpat *candidate)
{
    struct slant_matcher *m = ctx->m;
    /* (matching the later words leaves the candidate where it is: records
     * do not move while deciding, and scratch candidates are tried from a
     * copy) */
    const struct lexpat *c = candidate;
    size_t end = c->n_tokens == 1 ? m->cur + 1 : match_rest(m, ctx->n, m->cur, c);
    if (end == 0)
        return;
    if (c->cue)
        mark_cues(m, ctx->n, m->cur, end, c->cue);
    struct cand *b = &m->best[c->lex];
    if (!b->found)
        m->found[m->n_found++] = c->lex;
    if (!b->found || end > b->end || (end == b->end && c->pat < b->pat)) {
        b->found = 1;
        b->end = (uint32_t)end;
        b->pat = c->pat;
    }
}

__attribute__((always_inline)) static inline void add_hit(struct slant_matcher *m, uint32_t lex,
                                                          uint32_t pat, size_t s, size_t e)
{
    const struct pat_info *pi = &m->pat_info[m->pat_base[lex] + pat];
    if (m->n_hits == m->alloc_hits) {
        m->alloc_hits = m->alloc_hits ? 2 * m->alloc_hits : 256;
        m->hits = slant_xreallocarray(m->hits, m->alloc_hits, sizeof(*m->hits));
    }
    struct slant_hit *h = &m->hits[m->n_hits++];
    memset(h, 0, sizeof(*h));
    h->lexicon = lex;
    h->pattern = pat;
    h->frame = pi->frame;
    /* tok_start/tok_end hold buffer positions until judged */
    h->tok_start = (uint32_t)s;
    h->tok_end = (uint32_t)e;
    h->weight = pi->weight;
}

/* The winner's hit, and one for each of its twins in another frame (the
 * same word listed in several frames of a LIWC-style dictionary counts in
 * each).  The winner is the first written of its twins (an identical pattern
 * matches the same span, and ties go to the pattern written first), so the
 * hits come in pattern order. */
__attribute__((always_inline)) static inline void add_hits(struct slant_matcher *m, uint32_t lex,
                                                           uint32_t pat, size_t s, size_t e)
{
    add_hit(m, lex, pat, s, e);
    const struct pat_info *info = &m->pat_info[m->pat_base[lex]];
    if (!info[pat].twins)
        return;
    size_t nt;
    const uint32_t *tw = slant_lexset_twins(m->set, lex, pat, &nt);
    for (size_t k = 0; k < nt; k++)
        if (info[tw[k]].frame != info[pat].frame)
            add_hit(m, lex, tw[k], s, e);
}

/* ------------------------------------------------------------------ */
/* Pass 3: judgement                                                    */
/* ------------------------------------------------------------------ */

static void judge(struct slant_matcher *m, size_t first_hit)
{
    struct mtok *t = m->tok;
    size_t prev = SIZE_MAX; /* the token of the hit before */
    int attributed = 0;
    for (size_t k = first_hit; k < m->n_hits; k++) {
        struct slant_hit *h = &m->hits[k];
        size_t s = h->tok_start, e = h->tok_end;
        const struct mtok *a = &t[s];
        if (s != prev) { /* (twins share a start) */
            attributed = (*sent_flags(m, a->sent) & SENT_ATTR) != 0;
            prev = s;
        }
        if (a->quote & Q_INSIDE) {
            const struct quotation *q = &m->quots[quote_of(m, s)];
            h->voice = SLANT_VOICE_QUOTED;
            if (q->words >= 1 && q->words <= SCARE_MAX_WORDS && !attributed)
                h->distanced = 1;
        } else {
            h->voice = attributed ? SLANT_VOICE_ATTRIBUTED : SLANT_VOICE_OWN;
        }
        if (a->cue & CUE_NEG)
            h->negated = 1;
        if (a->cue & CUE_DIST)
            h->distanced = 1;
        h->byte_start = a->start;
        h->byte_end = t[e - 1].end;
        h->tok_start = m->base_idx + (uint32_t)s;
        h->tok_end = m->base_idx + (uint32_t)e;
    }
}

/* Record quotation q in bytes.  Quotations are decided whole (safe_cut
 * never splits one), so its close position is still in the buffer; a
 * quotation closed by a mark has that mark at `close`, one ended by a rule
 * has its last token at close - 1 (close may be the buffer's end). */
static void add_qspan(struct slant_matcher *m, const struct quotation *q)
{
    const struct mtok *t = m->tok;
    if (m->n_qspans == m->alloc_qspans) {
        m->alloc_qspans = m->alloc_qspans ? 2 * m->alloc_qspans : 64;
        m->qspans = slant_xreallocarray(m->qspans, m->alloc_qspans, sizeof(*m->qspans));
    }
    struct slant_quote *s = &m->qspans[m->n_qspans++];
    s->byte_start = t[q->open].start;
    s->inner_start = t[q->open].end;
    s->resynced = q->resynced;
    if (q->resynced) {
        s->byte_end = s->inner_end = t[q->close - 1].end;
    } else {
        s->inner_end = t[q->close].start;
        s->byte_end = t[q->close].end;
    }
    if (s->inner_end < s->inner_start)
        s->inner_end = s->inner_start;
}

/* Sort a few lexicon indexes (insertion sort: there are one or two). */
static void sort_lexicons(uint32_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t x = a[i];
        size_t j = i;
        for (; j > 0 && a[j - 1] > x; j--)
            a[j] = a[j - 1];
        a[j] = x;
    }
}

/* Drop the first k positions of the ascending list a[0, n), those before
 * cut, moving the rest down by cut; returns how many remain. */
static size_t drop_first(uint32_t *a, size_t n, size_t k, size_t cut)
{
    for (size_t j = k; j < n; j++)
        a[j - k] = a[j] - (uint32_t)cut;
    return n - k;
}

/* drop_first for the positions before cut, counted here. */
static size_t drop_positions(uint32_t *a, size_t n, size_t cut)
{
    size_t k = 0;
    while (k < n && a[k] < cut)
        k++;
    return drop_first(a, n, k, cut);
}

#define NEXT_KEYS_MAX 8

/* The keys of the word after position i when it can be a pattern's second
 * word (next_word), copied to out; 0 when it cannot be, and
 * NEXT_KEYS_MAX + 1 when it has more keys than out holds. */
static size_t next_word_keys(struct slant_matcher *m, size_t n, size_t i,
                             uint32_t out[NEXT_KEYS_MAX])
{
    if (!next_word(m->tok, n, i, i + 1))
        return 0;
    struct memo e = lookup(m, &m->tok[i + 1]);
    if (e.n_keys > NEXT_KEYS_MAX)
        return NEXT_KEYS_MAX + 1;
    if (e.n_keys)
        memcpy(out, e.keys, e.n_keys * sizeof(*out));
    return e.n_keys;
}

#define PREFETCH_AHEAD 4 /* positions */

/* Decide tokens [0, cut): match, judge, drop them from the buffer. */
static void decide(struct slant_matcher *m, size_t cut)
{
    struct mtok *t = m->tok;
    size_t first_hit = m->n_hits;
    struct cb_ctx ctx = {m, cut};

    /* (cues are 0 from push: a match ends before the cut, and sets cues
     * only on the tokens it covers.  Sentences ascend, each with a first
     * token (SLANT_TF_SENT_START): the part holds those of its first and
     * last token and those between, no more than it has tokens.) */
    uint32_t first_sent = t[0].sent, last_sent = t[cut - 1].sent;
    m->sent_base = first_sent;
    m->n_sents = last_sent >= first_sent && last_sent - first_sent < cut
                     ? (size_t)(last_sent - first_sent) + 1
                     : cut;
    memset(vec_room(&m->sent_flags, m->n_sents, 1), 0, m->n_sents);
    /* (the quotations of what is decided end before the cut: safe_cut) */
    for (size_t k = 0; k < m->n_quots; k++)
        for (size_t j = m->quots[k].open + 1; j < m->quots[k].close && j < cut; j++)
            t[j].quote |= Q_INSIDE;
    for (size_t l = 0; l < m->n_lex; l++)
        m->next_free[l] = 0;
    size_t c = 0; /* (at the end, how many positions lie before the cut) */
    for (; c < m->n_cands_at && m->cands_at[c] < cut; c++) {
        size_t i = m->cands_at[c];
        /* the record of the position PREFETCH_AHEAD on, asked for now so
         * that it is in the cache when its turn comes (records are read
         * in no order the hardware could guess) */
        if (c + PREFETCH_AHEAD < m->n_cands_at) {
            uint32_t ahead = t[m->cands_at[c + PREFETCH_AHEAD]].note;
            if (ahead && !(ahead & NOTE_SCRATCH))
                __builtin_prefetch((const uint32_t *)m->recs.p + (ahead - 1));
        }
        struct memo e = lookup(m, &t[i]);
        size_t nc = e.n_cands;
        if (nc == 0)
            continue;
        if (nc == 1 && e.cands[0].n_tokens == 1) {
            /* one single-word pattern, as eight positions in ten have: it
             * matches, and its lexicon has nothing longer to weigh it
             * against (what the general case below would find) */
            const struct lexpat *only = e.cands;
            if (only->cue)
                mark_cues(m, cut, i, i + 1, only->cue);
            if (i >= m->next_free[only->lex]) {
                add_hits(m, only->lex, only->pat, i, i + 1);
                m->next_free[only->lex] = (uint32_t)(i + 1);
            }
            continue;
        }
        if (t[i].note & NOTE_SCRATCH) {
            /* a copy: matching the pattern's later words reuses the scratch */
            m->trying.n = 0;
            e.cands = memcpy(vec_room(&m->trying, nc, sizeof(struct lexpat)), e.cands,
                             nc * sizeof(struct lexpat));
        }
        m->cur = i;
        m->n_found = 0;
        /* Single words first, then the longer patterns whose second word
         * the next word matches: those are sorted by that word's key, so
         * each of the next word's keys finds its own with a binary search
         * (a lexicon of 100,000 patterns gives a common word dozens of
         * candidates).  The next word's keys are taken once, and only when
         * there are longer patterns to try (most words begin single-word
         * patterns only); they turn most candidates away before match_rest
         * looks (a copy: matching may reuse the scratch vectors; more keys
         * than fit are left to match_rest). */
#define CAND(k) (e.cands + (k))
        size_t multi = 0;
        while (multi < nc && CAND(multi)->n_tokens == 1)
            on_candidate(&ctx, CAND(multi++));
        uint32_t next_keys[NEXT_KEYS_MAX];
        size_t n_next = multi < nc ? next_word_keys(m, cut, i, next_keys) : 0;
        if (n_next > NEXT_KEYS_MAX) {
            for (size_t k = multi; k < nc; k++)
                on_candidate(&ctx, CAND(k));
        } else {
            for (size_t j = 0; j < n_next; j++) {
                if (key_in(next_keys, j, next_keys[j]))
                    continue; /* a key seen already */
                size_t k = lexpat_lower_bound(CAND(0), multi, nc, next_keys[j]);
                for (; k < nc && CAND(k)->key1 == next_keys[j]; k++)
                    on_candidate(&ctx, CAND(k));
            }
        }
#undef CAND
        if (m->n_found > 1) /* lexicons in order (found in candidate order) */
            sort_lexicons(m->found, m->n_found);
        for (size_t k = 0; k < m->n_found; k++) {
            uint32_t l = m->found[k];
            struct cand *b = &m->best[l];
            b->found = 0;
            if (i >= m->next_free[l]) {
                add_hits(m, l, b->pat, i, b->end);
                m->next_free[l] = b->end;
            }
        }
    }

    judge(m, first_hit);

    /* statistics and byte spans of what was decided */
    for (size_t k = 0; k < m->n_quots; k++) {
        if (m->quots[k].open < cut) {
            m->stats.quotes++;
            m->stats.resynced += m->quots[k].resynced;
            add_qspan(m, &m->quots[k]);
        }
    }
    for (size_t k = 0; k < m->n_unbal; k++)
        m->stats.unbalanced += m->unbal[k] < cut;

    m->n_quots = m->q_at = 0; /* the tokens kept are paired again */
    memmove(t, t + cut, (m->n - cut) * sizeof(*t));
    m->n -= cut;
    m->base_idx += (uint32_t)cut;
    m->n_cands_at = drop_first(m->cands_at, m->n_cands_at, c, cut);
    m->n_marks_at = drop_positions(m->marks_at, m->n_marks_at, cut);
    if (m->n == 0) {
        slant_arena_reset(&m->arena);
        m->scratch_forms.n = 0;
    }
}

/* Decide the buffer: all of it when the paragraph ended (`final`), else up
 * to the last safe sentence start. */
/* (kept out of line: push, called for every token, stays small) */
__attribute__((noinline)) static void flush(struct slant_matcher *m, int final)
{
    size_t n = m->n;
    if (n > 0) {
        size_t cut = n;
        if (!final) {
            resolve_quotes(m, n, 0);
            cut = safe_cut(m, n);
        }
        if (final || (cut == 0 && n == MATCH_CAP)) {
            resolve_quotes(m, n, 1); /* no safe point: decide with what we have */
            cut = n;
        }
        if (cut > 0)
            decide(m, cut);
    }
    /* the next look for a safe cut, MATCH_SOFT tokens on */
    m->limit = m->n + MATCH_SOFT < MATCH_CAP ? m->n + MATCH_SOFT : MATCH_CAP;
}

/* ------------------------------------------------------------------ */
/* Pushing tokens                                                       */
/* ------------------------------------------------------------------ */

/* Set the note of the word at `at`, and list it when it may begin a
 * pattern. */
static inline void set_note(struct slant_matcher *m, struct mtok *b, uint32_t at, uint32_t note)
{
    b->note = note >> NOTE_SHIFT;
    if (note & NOTE_BEGINS)
        m->cands_at[m->n_cands_at++] = at; /* it may begin a pattern */
}

/* A word whose form the memo does not hold: the form is kept aside while
 * the word is buffered, and looked up when needed.  Returns 0 or
 * SLANT_ETOOBIG (more such words in one paragraph than a note can count). */
static int set_scratch(struct slant_matcher *m, struct mtok *b, uint32_t at,
                       const struct slant_form *f)
{
    struct vec *v = &m->scratch_forms;
    if (v->n >= NOTE_SCRATCH - 1)
        return SLANT_ETOOBIG;
    *(const struct slant_form **)vec_room(v, 1, sizeof(f)) = f;
    b->note = NOTE_SCRATCH | (uint32_t)v->n++;
    if (m->n_lex > 0)
        m->cands_at[m->n_cands_at++] = at; /* it may begin a pattern */
    return 0;
}

/*
 * The rare cases of push, out of line and reached by tail calls, so that
 * push itself calls nothing and saves no registers: it runs for every token
 * (with scoring, its entry and exit were a quarter of its instructions).
 */
static inline int push_token(struct slant_matcher *m, const struct slant_token *t,
                             const struct slant_form *f, uint32_t id);

/* A token of a new paragraph, or the buffer full: decide the buffer first. */
__attribute__((noinline)) static int push_at_boundary(struct slant_matcher *m,
                                                      const struct slant_token *t,
                                                      const struct slant_form *f, uint32_t id)
{
    if (t->para != m->para) {
        flush(m, 1); /* (nothing to do when the buffer is empty) */
        m->para = t->para;
    }
    if (m->n >= m->limit)
        flush(m, 0);
    return push_token(m, t, f, id); /* now in the paragraph, with room */
}

/* A word met for the first time by this matcher: look it up in the index. */
__attribute__((noinline)) static int push_new_word(struct slant_matcher *m, struct mtok *b,
                                                   uint32_t at, const struct slant_form *f,
                                                   uint32_t id)
{
    uint32_t *entry = id < m->notes_cap ? &NOTE_ENTRY(m->notes, id) : grow_notes(m, id);
    uint32_t note = note_form(m, f, entry);
    if (note == NOTE_UNKEPT)
        return set_scratch(m, b, at, f);
    set_note(m, b, at, note);
    return 0;
}

/* A word without the stemmer's entry: a form of our own, for exact and
 * prefix patterns; looked up when needed. */
__attribute__((noinline)) static int push_own_form(struct slant_matcher *m, struct mtok *b,
                                                   uint32_t at, const char *norm, size_t len)
{
    struct slant_form *own = slant_arena_alloc(&m->arena, sizeof(*own));
    memset(own, 0, sizeof(*own));
    own->form = own->stem = slant_arena_strndup(&m->arena, norm, len);
    own->lang = "";
    own->form_len = own->stem_len = (uint32_t)len;
    return set_scratch(m, b, at, own);
}

int slant_matcher_push(struct slant_matcher *m, const struct slant_token *t,
                       const struct slant_form *f)
{
    return slant_matcher_push_id(m, t, f, f ? f->id : SLANT_MATCH_NO_FORM);
}

/* A punctuation token's first bytes (mtok.c). */
static inline void punct_bytes(struct mtok *b, const char *norm, size_t len)
{
    if (len == 0)
        return;
    /* (most punctuation is one byte: a test that rarely fails, not a loop
     * whose end follows the text) */
    b->c[0] = norm[0];
    if (__builtin_expect(len > 1, 0))
        for (size_t i = 1; i < len && i < sizeof(b->c); i++)
            b->c[i] = norm[i];
}

/* push for every token but a word with the stemmer's form: quotation marks,
 * punctuation, numbers and the rest, and words without a form.  b has its
 * common fields set and its note cleared. */
__attribute__((noinline)) static int push_other(struct slant_matcher *m,
                                                const struct slant_token *t, struct mtok *b,
                                                uint32_t at, size_t len)
{
    if (t->kind == SLANT_TOK_QUOTE) {
        b->quote = (uint8_t)(t->quote | (t->flags & SLANT_TF_DOUBLE ? Q_DOUBLE : 0));
        m->marks_at[m->n_marks_at++] = at;
    }
    if (len == 0)
        return 0;
    if (t->kind == SLANT_TOK_WORD)
        return push_own_form(m, b, at, t->norm, len);
    if (t->kind == SLANT_TOK_PUNCT)
        punct_bytes(b, t->norm, len);
    return 0;
}

/* The fields of b every token sets from t, the analysis's cleared (and
 * ends_digit, which push_run sets when a mark follows). */
static inline void mtok_set(struct mtok *b, const struct slant_token *t)
{
    b->start = (uint32_t)t->start;
    b->end = (uint32_t)t->end;
    b->sent = t->sent;
    /* (the last four bytes in one store, not four) */
    union {
        struct {
            uint8_t cue, quote, ends_digit, kind;
        } f;
        uint32_t w;
    } u = {.f = {0, 0, 0, t->kind}};
    b->tail = u.w;
}

/* push for one token (push_run sets what a mark needs of the token before). */
static inline int push_token(struct slant_matcher *m, const struct slant_token *t,
                             const struct slant_form *f, uint32_t id)
{
    if (__builtin_expect(t->para != m->para || m->n >= m->limit, 0))
        return push_at_boundary(m, t, f, id);

    uint32_t at = (uint32_t)m->n++;
    struct mtok *b = &m->tok[at];
    mtok_set(b, t);
    if (__builtin_expect(t->kind != SLANT_TOK_WORD || !f, 0)) {
        b->note = 0;
        return push_other(m, t, b, at, t->norm ? t->norm_len : 0);
    }
    b->note = 0;
    if (m->n_lex == 0)
        return 0;
    /* the entry is 0 when not looked up yet, else its slot + 1 */
    if (__builtin_expect(id >= m->notes_cap || NOTE_ENTRY(m->notes, id) == 0, 0))
        return push_new_word(m, b, at, f, id);
    set_note(m, b, at, slot_note(&m->slots[NOTE_ENTRY(m->notes, id)]));
    return 0;
}

/* Whether t's text ends with an ASCII digit (mtok.ends_digit). */
static uint8_t ends_with_digit(const struct slant_token *t)
{
    size_t len = t->norm ? t->norm_len : 0;
    unsigned char last = len ? (unsigned char)t->norm[len - 1] : 0;
    return last >= '0' && last <= '9';
}

uint32_t *slant_matcher_caller_words(struct slant_matcher *m, size_t id, size_t *cap)
{
    if (id >= m->notes_cap)
        grow_notes(m, id);
    *cap = m->notes_cap;
    return m->notes;
}

int slant_matcher_push_id(struct slant_matcher *m, const struct slant_token *t,
                          const struct slant_form *f, uint32_t id)
{
    if (!f)
        id = SLANT_MATCH_NO_FORM;
    return slant_matcher_push_run(m, t, 1, &f, &id); /* a run of one */
}

/*
 * A run keeps the buffer's state in locals while its tokens are plain: a
 * word whose note is known, punctuation or a number, in the paragraph being
 * buffered, with room left.  Anything else (a quotation mark, a new word, a
 * new paragraph, a full buffer) goes through push_token, after which the
 * locals are taken up again.
 *
 * Only a quotation mark reads ends_digit, of the token before it (an inch
 * mark follows a digit): a run leaves it 0 and sets it on the token before
 * each mark, from that token (in the run, or the last of the previous run,
 * whose digit the matcher kept), so that no other token's text is read.  A
 * single push is a run of one.
 */
int slant_matcher_push_run(struct slant_matcher *m, const struct slant_token *t, size_t n,
                           const struct slant_form *const *forms, const uint32_t *ids)
{
    /* (tokens come in text order: the last ends furthest) */
    if (n > 0 && t[n - 1].end > UINT32_MAX)
        return SLANT_ETOOBIG;
    /* (pointers rather than indexes, so that the loop's state fits in
     * registers: x the token, idp the next word's id; its form is read only
     * when the id is not enough: a word without a form has an id no entry
     * has, SLANT_MATCH_NO_FORM) */
    const struct slant_token *x = t, *end = t + n;
    const uint32_t *idp = ids;
    while (x < end) {
        const uint32_t *notes = m->notes;
        const struct note_slot *slots = m->slots;
        uint32_t *cands_at = m->cands_at;
        size_t notes_cap = m->notes_cap, nc = m->n_cands_at;
        uint32_t at = (uint32_t)m->n, para = m->para;
        struct mtok *b = &m->tok[at];
        /* the guard of the token before (NOTE_SIGS), SIG_ALWAYS at the start
         * of a run, when the position before stays listed */
        uint64_t guard = SIG_ALWAYS;
        /* (no lexicon, no notes: every token goes through push_token) */
        const struct slant_token *lim = m->n_lex == 0                       ? x
                                        : (size_t)(end - x) < m->limit - at ? end
                                                                            : x + (m->limit - at);
        /* (paragraph indexes ascend: the run's tokens of this paragraph
         * come first, and the loop stops at the first of another, found
         * here rather than tested for every token) */
        if (lim > x && lim[-1].para != para) {
            const struct slant_token *lo = x, *hi = lim - 1; /* hi: of another */
            while (lo < hi) {
                const struct slant_token *mid = lo + (hi - lo) / 2;
                if (mid->para != para)
                    hi = mid;
                else
                    lo = mid + 1;
            }
            lim = hi;
        }
        for (; x < lim; x++, b++, at++) {
            if (x->kind == SLANT_TOK_WORD) {
                uint32_t id = *idp;
                uint32_t k = id < notes_cap ? NOTE_ENTRY(notes, id) : 0;
                if (k == 0)
                    break;                              /* not looked up yet, or no form */
                const struct note_slot *sl = &slots[k]; /* (a record's, never scratch) */
                b->note = sl->rec;
                nc -= (guard & sl->keys) == 0; /* (NOTE_SIGS) */
                cands_at[nc] = at;             /* kept when it may begin a pattern */
                nc += sl->begins;
                guard = sl->guard;
                idp++;
            } else if ((x->kind == SLANT_TOK_PUNCT && x->norm) || x->kind == SLANT_TOK_NUMBER) {
                b->note = 0;
                if (x->kind == SLANT_TOK_PUNCT)
                    punct_bytes(b, x->norm, x->norm_len);
                nc -= (guard & SIG_ALWAYS) == 0; /* (a pattern's words follow one another) */
                guard = SIG_ALWAYS;
            } else {
                break;
            }
            mtok_set(b, x);
        }
        m->n = at;
        m->n_cands_at = nc;
        if (x == end)
            break;
        const struct slant_form *f = NULL;
        uint32_t id = 0;
        if (x->kind == SLANT_TOK_WORD) {
            f = forms[idp - ids];
            id = *idp++;
        } else if (x->kind == SLANT_TOK_QUOTE && m->n > 0) {
            m->tok[m->n - 1].ends_digit = x > t ? ends_with_digit(x - 1) : m->last_digit;
        }
        int rc = push_token(m, x, f, id);
        if (rc < 0)
            return rc;
        x++;
    }
    if (n > 0)
        m->last_digit = ends_with_digit(&t[n - 1]);
    return 0;
}

int slant_matcher_end(struct slant_matcher *m)
{
    flush(m, 1);
    return 0;
}
