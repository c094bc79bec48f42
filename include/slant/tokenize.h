/*
 * tokenize.h - UTF-8 text to tokens, with byte offsets and boundaries.
 *
 * The tokenizer is an iterator over one document's text: it never copies the
 * text and holds only the current token's normalised form, so memory stays
 * bounded however long a line is.  Word tokens are runs of letters, digits
 * and combining marks, keeping inner apostrophes (' and U+2019) and hyphens;
 * a run of digits (with inner . or ,) is a NUMBER; quotation marks are QUOTE
 * tokens with a role (open, close, or either for the straight ASCII "), so
 * the matcher can tell quoted words from the outlet's own; anything else
 * visible is PUNCT or SYMBOL.  Every token carries its byte span in the text
 * and the index of its sentence and paragraph: a paragraph ends at a line
 * break, a sentence at . ! ? ... (not after abbreviations such as "U.S." or
 * "Gen.") or at a paragraph end.  Word and number forms are NFC-normalised and
 * case-folded (utf8proc), with an ASCII fast path.
 */
#ifndef SLANT_TOKENIZE_H
#define SLANT_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

enum slant_tok_kind {
    SLANT_TOK_WORD = 1, /* letters/digits/marks, inner ' ’ - kept */
    SLANT_TOK_NUMBER,   /* digits first, e.g. 10,000  3.15  2024–2025 is 3 tokens;
                         * runs on like a word: "28th", "1990s" are NUMBERs */
    SLANT_TOK_PUNCT,    /* . , ; : ! ? ( ) dashes ... */
    SLANT_TOK_QUOTE,    /* " “ ” « » „ ‘ ’(when not an apostrophe) ‹ › */
    SLANT_TOK_SYMBOL,   /* any other visible character: % $ © emoji ... */
};

enum slant_quote_role {
    SLANT_Q_NONE = 0,
    SLANT_Q_OPEN,   /* “ « „ ‘ (and ‚ ‹) */
    SLANT_Q_CLOSE,  /* ” » ’ (as a closing single quote) › */
    SLANT_Q_EITHER, /* straight " (and ' used as a quote): decided by context */
};

enum slant_script {
    SLANT_SCRIPT_NONE = 0, /* digits only, punctuation */
    SLANT_SCRIPT_LATIN,
    SLANT_SCRIPT_CYRILLIC,
    SLANT_SCRIPT_OTHER, /* Hangul, Han, Greek, Arabic, ... */
};

/* Token flags */
#define SLANT_TF_SENT_START 0x01u /* first token of a sentence */
#define SLANT_TF_PARA_START 0x02u /* first token of a paragraph */
#define SLANT_TF_TRUNCATED 0x04u  /* longer than SLANT_TOKEN_MAX: norm truncated */
#define SLANT_TF_REPLACED 0x08u   /* held an invalid byte, decoded as U+FFFD */
#define SLANT_TF_DOUBLE 0x10u     /* QUOTE: a double mark (" “ ” « » „) */

/* Longest normalised form kept, in bytes; longer words are cut (at a
 * character boundary) and flagged SLANT_TF_TRUNCATED. */
#define SLANT_TOKEN_MAX 256
/* A token's norm stays valid while the next SLANT_TOKEN_KEEP tokens of its
 * text are produced, so a caller can gather a run of tokens before using
 * them; and
 * SLANT_TOKEN_PAD bytes can be read from it whatever its length (those past
 * its NUL hold anything). */
#define SLANT_TOKEN_KEEP 64
#define SLANT_TOKEN_PAD 16

struct slant_token {
    size_t start, end; /* byte span [start, end) in the text */
    const char *norm;  /* NFC + case-folded form for WORD and NUMBER (with
                        * ’ written ' and U+2010/2011 written -), the raw
                        * bytes otherwise (U+FFFD for an invalid byte);
                        * valid UTF-8, never empty, NUL-terminated;
                        * borrowed from the tokenizer, valid while the next
                        * SLANT_TOKEN_KEEP tokens of the text are produced */
    size_t norm_len;
    uint32_t sent;  /* sentence index in the document, from 0 */
    uint32_t para;  /* paragraph index in the document, from 0 */
    uint8_t kind;   /* enum slant_tok_kind */
    uint8_t quote;  /* enum slant_quote_role, for SLANT_TOK_QUOTE */
    uint8_t script; /* enum slant_script of the first letter */
    uint8_t flags;  /* SLANT_TF_* */
};

struct slant_tokenizer;

/* A tokenizer; reuse it for every document of a thread.  Never NULL. */
struct slant_tokenizer *slant_tokenizer_new(void);
void slant_tokenizer_free(struct slant_tokenizer *tz); /* NULL is a no-op */

/* Start on a new text (borrowed: must outlive the iteration).  The text
 * should be valid UTF-8; invalid bytes are decoded as U+FFFD one byte at a
 * time and counted, never read past text + len. */
void slant_tokenizer_reset(struct slant_tokenizer *tz, const char *text, size_t len);

/* The next token into *out: 1 when a token was produced, 0 at the end. */
int slant_tokenizer_next(struct slant_tokenizer *tz, struct slant_token *out);

/* The next tokens into out[0..cap), at most SLANT_TOKEN_KEEP of them (so
 * that every form in out stays valid): the number produced, 0 at the end.
 * The same tokens as as many calls of slant_tokenizer_next, with less work
 * per token. */
size_t slant_tokenizer_run(struct slant_tokenizer *tz, struct slant_token *out, size_t cap);

/* Plain ASCII words in mid-paragraph take a shortcut that gives exactly
 * what the general path gives; on (1) by default.  0 sends every token
 * through the general path, so tests can check that the two agree, and
 * slant_tokenizer_shortcuts counts the tokens of the current text that took
 * it (the tests' evidence that it is taken). */
void slant_tokenizer_set_shortcut(struct slant_tokenizer *tz, int on);
size_t slant_tokenizer_shortcuts(const struct slant_tokenizer *tz);

/* Counters for the current text, so far. */
size_t slant_tokenizer_replacements(const struct slant_tokenizer *tz);
size_t slant_tokenizer_truncations(const struct slant_tokenizer *tz);

/* Case-fold and NFC-normalise one string (as word forms are, ’ to ' and
 * U+2010/2011 to - included) into a malloc'd NUL-terminated string (free()
 * it); *out_len (may be NULL) gets its length.  Invalid UTF-8 is repaired
 * (U+FFFD), not refused; no length cap.  For lexicon patterns and command-
 * line arguments.  Returns 0 or SLANT_ENOMEM. */
int slant_fold(const char *s, size_t len, char **out, size_t *out_len);

#endif
