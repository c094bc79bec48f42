/*
 * match.h - the voice-aware lexicon matcher.
 *
 * Tokens of one document are pushed in order; hits come out with their
 * frame, token and byte spans, weight, and three judgements:
 *   voice      QUOTED inside quotation marks; ATTRIBUTED outside them, in a
 *              sentence that attributes its content to a source ("X said",
 *              "according to X"; the cues come from the bundled `attribution`
 *              lexicon, never from C); OWN otherwise;
 *   negated    a negator among the three word tokens before the hit, in the
 *              same sentence;
 *   distanced  after "so-called", "alleged" and the like, or inside a
 *              one-to-three-word quotation nobody is said to have said.
 * Per lexicon the longest match wins and matching resumes after it; a
 * pattern listed identically in several frames of the lexicon gets a hit in
 * each of them, on the same span with the same judgements (LIWC-style
 * categories), so hits of one frame never overlap but hits of one lexicon may
 * share a span.  Quotation tracking recovers from unbalanced marks (see
 * match.c for the rules and lexicons/README.md for the user-facing
 * description); what it could not resolve is counted.
 * Memory is bounded: the matcher buffers at most one paragraph, capped.
 * One matcher per thread; the lexicon set is shared read-only.
 */
#ifndef SLANT_MATCH_H
#define SLANT_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "slant/lexicon.h"
#include "slant/stem.h"
#include "slant/tokenize.h"

enum slant_voice {
    SLANT_VOICE_OWN = 0,
    SLANT_VOICE_ATTRIBUTED = 1,
    SLANT_VOICE_QUOTED = 2,
};
#define SLANT_VOICE_COUNT 3

/* "own", "attributed", "quoted" */
const char *slant_voice_name(int voice);
/* enum slant_voice for a name, or -1 */
int slant_voice_parse(const char *name);

struct slant_hit {
    uint32_t lexicon;            /* index in the lexicon set */
    uint32_t pattern;            /* index in that lexicon's patterns */
    uint32_t frame;              /* that pattern's frame */
    uint32_t tok_start, tok_end; /* token indexes [start, end) in the document
                                  * (counting every token the tokenizer gave) */
    size_t byte_start, byte_end; /* byte span in the text */
    double weight;
    uint8_t voice;              /* enum slant_voice */
    uint8_t negated, distanced; /* 0 or 1 */
};

struct slant_match_stats {
    size_t quotes;     /* quotations found */
    size_t unbalanced; /* quotation marks that could not be paired */
    size_t resynced;   /* quotations closed by a recovery rule */
};

/* One quotation the matcher resolved, in bytes of the document's text.
 * [byte_start, byte_end) includes the marks: the opening mark and, when one
 * closed it, the closing mark (a quotation ended by a recovery rule ends with
 * its last token).  [inner_start, inner_end) is what lies between the marks
 * (empty for ""). */
struct slant_quote {
    size_t byte_start, byte_end;
    size_t inner_start, inner_end;
    uint8_t resynced; /* ended by a recovery rule, not by a closing mark */
};

struct slant_matcher;

/* A matcher over a compiled set (borrowed; must outlive the matcher).  The
 * attribution cues are taken from the set's lexicon named "attribution"
 * when present; without it nothing is ATTRIBUTED. */
struct slant_matcher *slant_matcher_new(const struct slant_lexset *set);
void slant_matcher_free(struct slant_matcher *m); /* NULL is a no-op */

/* Start a document (forgets the previous one's hits). */
void slant_matcher_begin(struct slant_matcher *m);

/* Push the next token.  f is the stemmer's entry for WORD tokens (needed for
 * stem patterns), NULL for other kinds; a word with an entry is matched as
 * that entry's form (its norm is not read), one without by its norm.  The
 * forms must outlive the matcher and all come from one stemmer: the matcher
 * keeps, per form id, what the lexicons say about the form, so each word is
 * looked up once per matcher.  Matchers may share a stemmer's forms (the
 * matcher only reads them).  The token's norm is copied as needed.  Tokens
 * come in text order, as the tokenizer gives them (their offsets, sentence
 * and paragraph indexes never go back), and a text is shorter than 4 GiB
 * (the matcher keeps byte offsets in 32 bits; slant's inputs stop at 256
 * MiB).  Returns 0, SLANT_ENOMEM, or SLANT_ETOOBIG for a token ending past
 * 4 GiB. */
int slant_matcher_push(struct slant_matcher *m, const struct slant_token *t,
                       const struct slant_form *f);

/* slant_matcher_push with the form's id given (f->id), so that the form
 * itself is not read for every word. */
int slant_matcher_push_id(struct slant_matcher *m, const struct slant_token *t,
                          const struct slant_form *f, uint32_t id);

/* Push a run of n tokens, as slant_matcher_push_id for each: forms[k] and
 * ids[k] are the form and id of the run's k-th WORD token, ids[k]
 * SLANT_MATCH_NO_FORM when forms[k] is NULL.  Cheaper than a call per
 * token; the tokens' norms need only be valid during the call.  Mixing
 * runs and single pushes in one document is allowed. */
#define SLANT_MATCH_NO_FORM UINT32_MAX
int slant_matcher_push_run(struct slant_matcher *m, const struct slant_token *t, size_t n,
                           const struct slant_form *const *forms, const uint32_t *ids);

/*
 * A 32-bit word for the caller beside the matcher's entry for each form id
 * (the analyzer keeps a form's place in its per-document counts there): the
 * table holds two words per id, the matcher's at [2 id] and the caller's at
 * [2 id + 1], so that a caller reading its word for every word of a run
 * brings the matcher's entry into the cache for the push of that run (read
 * from a table of its own, the entry was a cache miss per word).  The
 * caller's words start at 0 and the matcher never reads them.  Returns the
 * table, grown to hold id, and how many ids it holds in *cap.  It stays
 * where it is until the next call that may grow it: this one, or a push of
 * a form id it does not hold.
 */
uint32_t *slant_matcher_caller_words(struct slant_matcher *m, size_t id, size_t *cap);

/* End the document: resolve what is still buffered. */
int slant_matcher_end(struct slant_matcher *m);

/* The document's hits, in text order (hits on the same span, one per frame,
 * in pattern order); valid until the next begin. */
const struct slant_hit *slant_matcher_hits(const struct slant_matcher *m, size_t *n);

/* The quotations of the current document (those counted in
 * slant_match_stats.quotes), in text order and never overlapping: the spans a
 * report shades as quoted.  Nested quotations of the other kind ('...' inside
 * "...") are part of the outer one.  Complete after slant_matcher_end; valid
 * until the next begin.  A matcher over an empty set (or NULL) still
 * resolves quotations, for callers that need only these. */
const struct slant_quote *slant_matcher_quotes(const struct slant_matcher *m, size_t *n);

/* Quotation statistics of the current document. */
void slant_matcher_stats(const struct slant_matcher *m, struct slant_match_stats *st);

#endif
