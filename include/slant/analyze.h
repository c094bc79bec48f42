/*
 * analyze.h - one document through the per-document pipeline:
 * text -> tokens -> stems -> term counts -> lexicon hits.
 *
 * An analyzer owns one tokenizer, one stemmer and one matcher, so one
 * analyzer serves one thread.  Ingest runs one per thread; `score`,
 * `show` and the report run one to re-derive hits and quotation spans from
 * the stored text (the tokenizer is deterministic, so the spans are the same
 * ones ingest saw).  The analyzer knows nothing of files or SQLite.
 */
#ifndef SLANT_ANALYZE_H
#define SLANT_ANALYZE_H

#include <stddef.h>

#include "slant/buf.h"
#include "slant/lexicon.h"
#include "slant/match.h"
#include "slant/stem.h"
#include "slant/store.h"

struct slant_analysis {
    char lang[16];    /* language used: "en", "ru", ... or "" (unstemmed) */
    size_t n_tokens;  /* word tokens (the denominator of every rate) */
    size_t n_numbers; /* number tokens */
    size_t n_sentences, n_paragraphs;
    size_t n_truncated;         /* words longer than SLANT_TOKEN_MAX */
    size_t n_replaced;          /* U+FFFD seen by the tokenizer */
    struct slant_count *counts; /* distinct word forms and their counts */
    size_t n_counts;
    struct slant_hit *hits; /* lexicon hits in text order */
    size_t n_hits;
    struct slant_match_stats match;
};

struct slant_analyzer;

/* lexicons may be NULL (count terms only).  Borrowed; must outlive it. */
struct slant_analyzer *slant_analyzer_new(const struct slant_lexset *lexicons);
void slant_analyzer_free(struct slant_analyzer *a); /* NULL is a no-op */

/* The analyzer's stemmer: forms in results point into it, so it must live
 * as long as they are used. */
struct slant_stemmer *slant_analyzer_stemmer(struct slant_analyzer *a);

/*
 * Analyse text (valid UTF-8).  lang: "en", "ru", ... to force a language,
 * NULL or "auto" to detect it from the script, "" (or a language without a
 * stemmer) for unstemmed words: pass a stored documents.lang as it is.  The arrays in *out are
 * owned by the analyzer and valid until the next run; slant_analysis_copy makes an owned copy for
 * handing to another thread.
 */
int slant_analyzer_run(struct slant_analyzer *a, struct slant_slice text, const char *lang,
                       struct slant_analysis *out);

/* Deep-copy the arrays of src into dst (malloc'd); release with
 * slant_analysis_release. */
void slant_analysis_copy(struct slant_analysis *dst, const struct slant_analysis *src);
void slant_analysis_release(struct slant_analysis *a);

/* The language of a text from its letters: "ru" when Cyrillic letters
 * outnumber Latin ones, "en" when Latin ones do, "" (no stemmer) when
 * neither script has letters.  Static storage. */
const char *slant_detect_lang(struct slant_slice text);

#endif
