/*
 * stem.h - Snowball stemming behind a per-thread cache of word forms.
 *
 * A struct slant_stemmer interns every distinct (language, folded form) it
 * is asked about and stems it once; later lookups are one hash probe.  The
 * interned struct slant_form lives (at a fixed address, never changed by the
 * stemmer again) until slant_stemmer_free, so callers may keep pointers to it
 * and use its `id` to index dense arrays.  libstemmer's result buffer is
 * overwritten by the next call, so it is copied at once.  One stemmer per
 * thread: nothing here is shared or locked.
 *
 * Which stemmer a word gets: the document's language decides, but only for
 * words in that language's script (Latin for en/de/fr/..., Cyrillic for ru/uk/
 * ...).  A word in another script (Hangul in an English article, a Ukrainian
 * browser notice) is counted unstemmed, with lang "".  So is a word with no
 * letter (script NONE), and every word when libstemmer has no stemmer for
 * doc_lang (e.g. "uk"): such forms share one unstemmed entry whatever the
 * document's language.
 */
#ifndef SLANT_STEM_H
#define SLANT_STEM_H

#include <stddef.h>
#include <stdint.h>

struct slant_form {
    const char *form; /* folded surface form, NUL-terminated */
    const char *stem; /* its stem (== form when unstemmed), NUL-terminated */
    const char *lang; /* stemmer used: "en", "ru", ...; "" when unstemmed */
    uint32_t form_len, stem_len;
    uint32_t id;   /* dense: 0, 1, 2 ... in order of first lookup */
    uint32_t user; /* free for the caller (the ingest writer keeps the
                    * database id here); the stemmer sets it to 0 */
};

struct slant_stemmer;

struct slant_stemmer *slant_stemmer_new(void);    /* never NULL */
void slant_stemmer_free(struct slant_stemmer *s); /* NULL is a no-op */

/*
 * The interned entry for a folded word form in a document of language
 * doc_lang ("en", "ru", ... or "" for none), the word's script being
 * `script` (enum slant_script).  *out is valid until slant_stemmer_free.
 * Returns 0, or SLANT_ETOOBIG when the form is longer than SLANT_TOKEN_MAX.
 */
int slant_stemmer_lookup(struct slant_stemmer *s, const char *doc_lang, int script,
                         const char *form, size_t len, const struct slant_form **out);

/* slant_stemmer_lookup that returns the form's id (>= 0) instead of 0 (a
 * hit gives it without a trip to the form).  Also
 * SLANT_ENOMEM once INT_MAX forms are held. */
int slant_stemmer_find(struct slant_stemmer *s, const char *doc_lang, int script, const char *form,
                       size_t len, const struct slant_form **out);

/*
 * The same lookups with the document's language resolved once, not for
 * every word: slant_stemmer_lang gives the stemmer a document of doc_lang
 * gets (valid until slant_stemmer_free), and slant_stemmer_find_in returns
 * what slant_stemmer_find(s, doc_lang, ...) would.
 */
struct slant_stem_lang {
    uint32_t slot; /* the language's place in the cache; 0: unstemmed */
    int script;    /* words in this script are stemmed (-1: none is) */
};
void slant_stemmer_lang(struct slant_stemmer *s, const char *doc_lang, struct slant_stem_lang *out);
int slant_stemmer_find_in(struct slant_stemmer *s, const struct slant_stem_lang *l, int script,
                          const char *form, size_t len, const struct slant_form **out);

/*
 * Up to SLANT_STEM_MANY lookups at once: for each word, what
 * slant_stemmer_find_in(s, l, word.script, word.form, word.len, ...) would
 * give, its form into out[i] and its id into ids[i].  Each word's form must
 * have 16 readable bytes from its start whatever its length (a token's form
 * has: see SLANT_TOKEN_PAD).  Faster than one lookup at a time: the cache's
 * memory is asked for all the words first.  Returns 0, or the first error
 * (SLANT_ETOOBIG, SLANT_ENOMEM; SLANT_EINVAL for n > SLANT_STEM_MANY), the
 * words before it being looked up.
 */
#define SLANT_STEM_MANY 64

struct slant_stem_word {
    const char *form;
    uint32_t len;
    int script;
};

int slant_stemmer_find_many(struct slant_stemmer *s, const struct slant_stem_lang *l, size_t n,
                            const struct slant_stem_word *words, const struct slant_form **out,
                            uint32_t *ids);

/* Stem one folded word with the stemmer for lang, uncached, into a malloc'd
 * string (the word itself when lang has no stemmer).  For lexicon patterns. */
int slant_stem_word(struct slant_stemmer *s, const char *lang, const char *form, size_t len,
                    char **out);

/* 1 when libstemmer has a stemmer for lang ("en", "english", "ru" ...). */
int slant_stem_lang_supported(const char *lang);

/* The script a language is written in (enum slant_script); LATIN for
 * unknown codes. */
int slant_lang_script(const char *lang);

/* Number of forms interned so far (the next id). */
size_t slant_stemmer_size(const struct slant_stemmer *s);

#endif
