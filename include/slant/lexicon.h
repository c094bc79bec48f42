/*
 * lexicon.h - framing lexicons: the .lex format, LIWC .dic import, compiling.
 *
 * A lexicon is a named set of frames; a frame holds patterns; a pattern is one
 * or more tokens, each matched by Snowball stem (`word`), exact case-folded
 * form (`=word`) or case-folded prefix (`pre*`), with a weight.  The format is
 * specified in lexicons/README.md, which the parser's tests follow.
 *
 * Parsing never stops at the first problem: every problem is reported with its
 * line number to the diagnostics sink (the basis of `slant lexicon check`),
 * and a lexicon with errors is still returned so that a linter can show all of
 * them; callers that score refuse a lexicon whose parse reported errors.
 *
 * A struct slant_lexset holds the lexicons of a run, compiled for matching:
 * every pattern is indexed by its first token (stem, exact form or prefix
 * bucket) so matching cost does not grow with lexicon size, and identical
 * patterns in different frames are linked as twins, so that a word listed in
 * several frames counts in each.  Everything lives in one arena that dies
 * with the set.  After slant_lexset_compile the set is read-only and may be
 * shared by threads.
 */
#ifndef SLANT_LEXICON_H
#define SLANT_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "slant/buf.h"
#include "slant/err.h"

enum slant_pat_kind {
    SLANT_PAT_STEM = 0, /* word: same Snowball stem (in the lexicon's @language) */
    SLANT_PAT_EXACT,    /* =word: same case-folded form */
    SLANT_PAT_PREFIX,   /* pre*: case-folded form starts with pre */
};

enum slant_pole {
    SLANT_POLE_NONE = 0,
    SLANT_POLE_LEGITIMIZING,
    SLANT_POLE_DELEGITIMIZING,
    SLANT_POLE_OTHER, /* any other @pole value, kept verbatim in pole_name */
};

/* Most tokens in one pattern and longest token (bytes, folded): a longer
 * token could never equal a document word, which the tokenizer cuts at
 * SLANT_TOKEN_MAX bytes, so the parser rejects it. */
#define SLANT_PAT_MAX_TOKENS 16
#define SLANT_PAT_MAX_TOKEN_LEN 256

struct slant_pat_token {
    const char *text; /* folded form, stem or prefix (per kind), NUL-terminated;
                       * a STEM token holds the folded word after parsing and
                       * its stem after slant_lexset_compile */
    const char *lang; /* STEM tokens after compiling: the slant_form.lang a word
                       * must have to match ("" when the lexicon's language has
                       * no stemmer or the word is in another script, so that
                       * the stemmer leaves such words unstemmed); "" for
                       * EXACT and PREFIX tokens, which ignore the language */
    uint32_t len;     /* strlen(text) */
    uint8_t kind;     /* enum slant_pat_kind */
    uint32_t key;     /* after compiling: the token's key in its set, the same
                       * for tokens of the same kind, lang and text (see
                       * slant_lexset_keys) */
};

struct slant_pattern {
    uint32_t frame;     /* index into lexicon->frames */
    uint32_t line;      /* line in the source file */
    const char *source; /* the pattern as written (without weight) */
    double weight;      /* default 1 */
    uint32_t n_tokens;
    struct slant_pat_token *tokens;
};

struct slant_frame {
    const char *name;
    const char *description;            /* "" when none */
    const char *pole_name;              /* as written, "" when none */
    uint8_t pole;                       /* enum slant_pole */
    uint32_t line;                      /* line of the [name] header */
    uint32_t first_pattern, n_patterns; /* patterns of this frame are contiguous */
};

struct slant_lexicon {
    const char *name;        /* @lexicon, else the file's base name without .lex */
    const char *language;    /* @language, default "en" */
    const char *version;     /* "" when none */
    const char *description; /* "" when none */
    const char *path;        /* where it was read from ("" for in-memory) */
    char hash[17];           /* 16 hex digits: a 64-bit hash of the file's bytes */
    uint32_t n_frames, n_patterns;
    struct slant_frame *frames;
    struct slant_pattern *patterns;
    size_t n_errors;   /* errors reported while parsing */
    size_t n_warnings; /* warnings (duplicate pattern, no stemmer) */
};

struct slant_lexset;

/*
 * Parse .lex text.  `path` names the source in messages (borrowed, copied).
 * Problems go to diag as path:line (unknown key, pattern before any frame,
 * empty or duplicate frame, a bare `*`, a weight that is not a finite
 * number, ...) and are counted in n_errors.  The lexicon lives in the set's
 * arena.  Returns 0 and *out (owned by the set), or SLANT_ENOMEM;
 * SLANT_EINVAL after slant_lexset_compile.  diag may be NULL (problems are
 * still counted).  Patterns with an error are left out; the rest is kept.
 * Stem patterns are stored folded but unstemmed here; slant_lexset_compile
 * stems them.
 */
int slant_lexicon_parse(struct slant_lexset *set, const char *path, const char *text, size_t len,
                        struct slant_diag *diag, struct slant_lexicon **out);

/* Read and parse a .lex file (SLANT_EIO / SLANT_ENOTFOUND reported to diag). */
int slant_lexicon_load(struct slant_lexset *set, const char *path, struct slant_diag *diag,
                       struct slant_lexicon **out);

/*
 * Convert a LIWC-format dictionary (%-delimited category table, then
 * `word<TAB>cat cat ...` lines; `word*` is a prefix) to .lex text appended to
 * out, categories becoming frames (in category number order), words becoming
 * `=word` or `pre*` patterns (in file order), with `name` as @lexicon (NULL:
 * the base name of path without .dic; made safe either way).  Problems go to
 * diag (may be NULL) with line numbers; entries with problems are left out.
 * The text appended always parses without errors.  Returns 0, SLANT_EPARSE
 * (nothing usable: no category table, or no category with an entry) or
 * SLANT_ETOOBIG; on failure out is unchanged.  The rules are in
 * lexicons/README.md, "Importing LIWC dictionaries".
 */
int slant_lexicon_import_dic(const char *path, const char *text, size_t len, const char *name,
                             struct slant_buf *out, struct slant_diag *diag);

struct slant_stemmer;
struct slant_form;

struct slant_lexset *slant_lexset_new(void);      /* never NULL */
void slant_lexset_free(struct slant_lexset *set); /* NULL is a no-op */

/* Build the first-token index of every lexicon parsed into the set and its
 * twins (slant_lexset_twins), stemming stem patterns with `stemmer` in each
 * lexicon's language (borrowed; NULL uses a private stemmer for the call).
 * The words go through the stemmer's cache and stay in it, taking form ids:
 * give it a stemmer of its own, not one whose ids index a caller's arrays.
 * Call once, after all parses: a second call, or a parse after it, returns
 * SLANT_EINVAL.  Returns 0 or a negative code. */
int slant_lexset_compile(struct slant_lexset *set, struct slant_stemmer *stemmer);
/* Whether slant_lexset_compile has succeeded on the set.  Compiling writes
 * the set's index and its patterns' tokens, and allocates from the set's
 * arena: a lexicon's metadata and frames, and a pattern's frame, line,
 * source and weight, stay as parsed, and another thread may read them
 * meanwhile (nothing may parse into the set then). */
int slant_lexset_compiled(const struct slant_lexset *set);

/*
 * Lookup for the matcher (valid only after slant_lexset_compile; the set is
 * read-only then, so threads may call these concurrently).
 *
 * slant_lexset_candidates calls cb(ctx, lex, pat) once for each pattern of
 * each lexicon in the set whose FIRST token matches the word f, i.e. exactly
 * the patterns for which slant_pat_token_match(&pattern->tokens[0], f) is 1:
 *   STEM   keyed by (f->lang, f->stem): a stem pattern of a lexicon in
 *          language L matches words whose f->lang is L (the document was in
 *          L and the word in L's script) and whose stem equals the pattern's;
 *          a lexicon in a language without a stemmer, or a pattern word in
 *          another script than the language's, matches unstemmed words
 *          (f->lang "") whose form equals the folded pattern word;
 *   EXACT  keyed by f->form (the folded form), in any language;
 *   PREFIX every prefix length of f->form that some prefix pattern has, so
 *          a lookup costs at most min(f->form_len, number of distinct prefix
 *          lengths) hash probes, independent of the number of patterns.
 * Calls come in no particular order; lex is the index in the set
 * (slant_lexset_get), pat the index in that lexicon's patterns.  f is
 * borrowed; NULL reports nothing.  For a token that is not a WORD (a number),
 * pass a form with form = stem = the token's norm and lang "".  The matcher
 * then checks tokens[1..] against the following words with
 * slant_pat_token_match and applies "longest match wins".
 */
void slant_lexset_candidates(const struct slant_lexset *set, const struct slant_form *f,
                             void (*cb)(void *ctx, uint32_t lex, uint32_t pat), void *ctx);

/*
 * The keys of the set's pattern tokens (at any position) that the word f
 * matches: the slant_pat_token.key of every token t of every pattern for
 * which slant_pat_token_match(t, f) is 1, each once, in no particular order.
 * Writes up to max of them to out and returns how many there are (a word
 * matches at most 2 + SLANT_PAT_MAX_TOKEN_LEN keys: its stem, its form and
 * one per prefix length).  Lets a matcher test a pattern's later tokens
 * against a word by comparing integers.  Same lookup cost as
 * slant_lexset_candidates.
 */
size_t slant_lexset_keys(const struct slant_lexset *set, const struct slant_form *f, uint32_t *out,
                         size_t max);

/* slant_lexset_keys and slant_lexset_candidates in one lookup (half the
 * hash probes of the two): writes the keys as the first does and returns
 * how many there are, and calls cb as the second does. */
size_t slant_lexset_lookup(const struct slant_lexset *set, const struct slant_form *f,
                           uint32_t *keys, size_t max,
                           void (*cb)(void *ctx, uint32_t lex, uint32_t pat), void *ctx);

/*
 * The twins of pattern pat of lexicon lex, for counting a word in each of its
 * frames (LIWC-style dictionaries; lexicons/README.md, rule 28): the patterns
 * of the same lexicon whose compiled token sequence is identical to pat's
 * (same number of tokens, and for each the same kind, text and lang, so two
 * stem patterns with the same stem are twins), one per frame, the first
 * written in each, in pattern order.  The list includes the first such
 * pattern of pat's own frame (pat itself when it is that one), so a caller
 * skips the members whose frame is pat's.  Returns NULL and *n = 0 when all
 * of pat's identical patterns are in its own frame (the usual case), or
 * before slant_lexset_compile, or for an index out of range.  Precomputed by
 * slant_lexset_compile: a lookup is two array reads.  The array lives as
 * long as the set.
 */
const uint32_t *slant_lexset_twins(const struct slant_lexset *set, uint32_t lex, uint32_t pat,
                                   size_t *n);

/* 1 when pattern token pt matches the word f (see the rules above: STEM
 * compares f->lang and f->stem, EXACT f->form, PREFIX a prefix of f->form),
 * else 0; 0 when f is NULL.  STEM tokens need a compiled set. */
int slant_pat_token_match(const struct slant_pat_token *pt, const struct slant_form *f);

size_t slant_lexset_count(const struct slant_lexset *set);
struct slant_lexicon *slant_lexset_get(const struct slant_lexset *set, size_t i);
/* The lexicon named `name`, or NULL. */
struct slant_lexicon *slant_lexset_find(const struct slant_lexset *set, const char *name);

#endif
