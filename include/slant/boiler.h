/*
 * boiler.h - removing page furniture (menus, cookie notices, promos, related
 * stories) from a document's text before it is analysed.
 *
 * Scraped articles carry the words of the page around them; counted as the
 * outlet's own words they would skew its framing ("Support Ukrainska Pravda
 * on Patreon!" is not reporting).  The unit is the line: a line is kept
 * byte for byte or dropped whole, so the kept text is the scraped text,
 * paragraph breaks included, minus furniture.  Rules (in a table in
 * boiler.c, matched on the line trimmed of ASCII space and NBSP, ASCII case
 * folded; each rule has a length limit so an article sentence that happens
 * to begin the same way is kept):
 *   - single lines: cookie notices, "Support X on Patreon!", "Subscribe to
 *     X ... channel", "Menu", "By", "All Sections", "Share", "Comments",
 *     "Read more:" and "Read more on X:" promos, "Photo: ..." and "Photograph: ..." captions;
 *   - repeats within the document: a line equal (trimmed, case folded) to
 *     an earlier kept line goes, the first stays: an image caption printed
 *     twice is furniture, and a headline repeated under itself is still one
 *     headline (the first copy, where the article begins, is the one kept);
 *   - tails: a line that is exactly "Related Articles", "Similar articles",
 *     "Read more", "More from X", "Outdated Browser" or "Hashtags" starts a
 *     tail cut to the end of the document, unless nothing was kept before it
 *     (a marker on the first line would otherwise erase the document);
 *   - repeats across documents of one outlet, when a struct
 *     slant_boiler_seen is given (see below).
 * Blank lines around a removed line are collapsed to the longest run among
 * them, leading and trailing ones to none, so paragraphs stay paragraphs.
 * Everything here is reentrant: threads may clean documents concurrently
 * with one shared, read-only slant_boiler_seen.
 */
#ifndef SLANT_BOILER_H
#define SLANT_BOILER_H

#include <stddef.h>

#include "slant/buf.h"

/* What was removed (or, with keep, would have been).  Counts are added to. */
struct slant_boiler_stats {
    size_t lines_removed;  /* every removed non-blank line (sum of the next four) */
    size_t rule_lines;     /* by a single-line rule */
    size_t dup_lines;      /* repeats of an earlier line of the same document */
    size_t repeated_lines; /* furniture repeated across the outlet's documents */
    size_t tail_lines;     /* the tail marker and every non-blank line after it */
    size_t bytes_removed;  /* bytes of removed lines, terminators included */
};

/*
 * Remove page furniture from one document's text, appending the kept text
 * to out.  keep != 0 (--keep-boilerplate) appends the text unchanged and
 * still counts what would go.  st may be NULL.  text need not be
 * NUL-terminated.  Returns 0 or SLANT_ETOOBIG (out's cap reached; out may
 * then hold part of the text).
 */
int slant_boiler_clean(struct slant_slice text, int keep, struct slant_buf *out,
                       struct slant_boiler_stats *st);

/*
 * Lines repeated across documents of one outlet ("Follow us on X", a
 * standard disclaimer, a newsletter box) are furniture that no fixed rule
 * names.  A pre-pass over the whole batch adds every document (outlet,
 * text) to a slant_boiler_seen; cleaning then consults the finished counts,
 * so the result does not depend on the order of documents in the batch.
 *
 * The rule: a line is outlet furniture when, trimmed and ASCII case folded,
 * it is shorter than SLANT_BOILER_SEEN_MAX_LINE bytes, is not blank, and
 * appears in at least min_docs (default 3, never below 2) different
 * documents of that outlet.  A line repeated inside one document counts
 * once for it, so one long page cannot make its own furniture.  Lines are
 * kept as 64-bit hashes of (outlet, line): a collision could drop a line in
 * about one batch in 10^9 of the largest imaginable size; memory is 16
 * bytes per distinct short line.
 */
#define SLANT_BOILER_SEEN_MAX_LINE 200
#define SLANT_BOILER_SEEN_MIN_DOCS 3

struct slant_boiler_seen;

/* min_docs 0 picks SLANT_BOILER_SEEN_MIN_DOCS; 1 is raised to 2. */
struct slant_boiler_seen *slant_boiler_seen_new(size_t min_docs);
void slant_boiler_seen_free(struct slant_boiler_seen *s); /* NULL is a no-op */
/* The pre-pass: count each distinct short line of one document once.
 * Both slices are borrowed for the call only. */
void slant_boiler_seen_add(struct slant_boiler_seen *s, struct slant_slice outlet,
                           struct slant_slice text);
/* In how many documents of outlet the line (trimmed, case folded) was seen. */
size_t slant_boiler_seen_count(const struct slant_boiler_seen *s, struct slant_slice outlet,
                               struct slant_slice line);

/* slant_boiler_clean plus the across-documents rule for outlet (seen may be
 * NULL: then it is exactly slant_boiler_clean). */
int slant_boiler_clean_seen(struct slant_slice text, int keep, const struct slant_boiler_seen *seen,
                            struct slant_slice outlet, struct slant_buf *out,
                            struct slant_boiler_stats *st);

/*
 * The name of the single-line rule (or tail marker) that removes line, or
 * NULL when none does; static storage.  Tail markers' names start with
 * "tail:".  For tests and for explaining a removal.
 */
const char *slant_boiler_rule(struct slant_slice line);

#endif
