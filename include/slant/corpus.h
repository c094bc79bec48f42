/*
 * corpus.h - reading documents: text files, JSONL and CSV, one record at a time.
 *
 * The reader is the edge where bytes from the world become documents, so
 * everything it hands on is repaired once here: valid UTF-8 without NUL
 * (invalid bytes and NULs become U+FFFD and are counted), BOMs removed,
 * UTF-16 decoded.  It is an iterator: paths are queued (directories are
 * walked at once, in byte order of names, so the order of documents and the
 * ETA's byte total are known up front), then slant_corpus_next() returns one
 * record at a time and memory stays bounded by the largest record (JSONL and
 * CSV are streamed line by line, a line is capped at SLANT_CORPUS_LINE_CAP).
 * A bad record or file never stops the batch: it is reported to the
 * diagnostics sink as "path:line: error: reason", counted, and skipped.
 *
 * Outlet of a document, first match wins:
 *   1. --outlet (opts.outlet) overrides everything;
 *   2. text files found by a directory walk: the first folder under the
 *      directory argument (DIR/OUTLET/x.txt, DIR/OUTLET/2024/x.txt);
 *   3. the record's own field (front matter `outlet:`, JSONL/CSV `outlet`).
 * A document with none is rejected.  Outlet names are verbatim bytes
 * (quotes, "../", markup) and are never used as file paths.
 */
#ifndef SLANT_CORPUS_H
#define SLANT_CORPUS_H

#include <stddef.h>

#include "slant/buf.h"
#include "slant/err.h"

/* Input formats (opts.format). */
enum slant_format {
    SLANT_FMT_AUTO = 0, /* by extension: .jsonl .ndjson .json -> JSONL, .csv -> CSV, else text */
    SLANT_FMT_TEXT,     /* one document per file, optional front matter */
    SLANT_FMT_JSONL,    /* one JSON object per line */
    SLANT_FMT_CSV,      /* RFC 4180 with a header row */
};

/* Longest JSONL or CSV line (and largest text file) read: 64 MiB.  A longer
 * line is rejected by its line number and skipped to the next newline. */
#define SLANT_CORPUS_LINE_CAP ((size_t)64 << 20)

struct slant_corpus_opts {
    const char *outlet; /* --outlet: names the outlet of every document, NULL if not given */
    int format;         /* enum slant_format: SLANT_FMT_AUTO, _TEXT, _JSONL, _CSV */
    const char *lang;   /* --lang: NULL or "auto" = none given; else overrides records */
    int multiline_only; /* skip JSONL lines holding no \n escape, unparsed and
                         * unreported (the boilerplate pre-pass wants only
                         * documents of several lines) */
};

/* One document as read; everything borrowed, valid until the next call. */
struct slant_record {
    /* the input file (as given/walked) */
    const char *path;
    /* 1-based line where the record starts (JSONL line, CSV row's line, 1 for text files) */
    unsigned long line;
    /* never empty: from --outlet, the record/front matter, or the folder */
    struct slant_slice outlet;
    /* may be empty (len 0) */
    struct slant_slice id, title, date, url, lang;
    /* valid UTF-8, no NUL (sanitized) */
    struct slant_slice text;
    /* U+FFFD substitutions made while reading (invalid UTF-8, NUL) */
    size_t n_replaced;
    /* line of the file where text starts (after front matter), for messages */
    size_t body_line;
};

struct slant_corpus;

/*
 * A reader.  opts is copied (the strings too); diag is borrowed, must outlive
 * the reader, and may be NULL (problems are then only counted).  Returns NULL
 * when opts is invalid: format out of range, or an empty outlet string.
 */
struct slant_corpus *slant_corpus_new(const struct slant_corpus_opts *opts,
                                      struct slant_diag *diag);
/* Close any open file and free everything; NULL is a no-op. */
void slant_corpus_free(struct slant_corpus *c);

/*
 * Queue a path: a file, or a directory walked recursively in byte order of names, reading
 * *.txt, *.jsonl, *.csv (case-insensitive), skipping hidden entries (leading '.'), not following
 * symlinks to directories (a note says so; symlinks to files are read).  A file given directly
 * is read whatever its name.  A missing path -> diag error, returns SLANT_ENOTFOUND (batch goes
 * on); another stat/opendir failure -> diag error, SLANT_EIO.  Both count as rejected.
 * Returns 0 otherwise (a directory without input files gets a warning).
 */
int slant_corpus_add_path(struct slant_corpus *c, const char *path);

/*
 * Queue bytes held in memory as if they were a file named name (both
 * borrowed: they must stay valid until the reader has moved past them).
 * format SLANT_FMT_AUTO picks by name's extension; the document is "given
 * directly" (no folder outlet).  For tests and fuzzing.
 */
void slant_corpus_add_memory(struct slant_corpus *c, const char *name, const void *p, size_t len,
                             int format);

/* Next good record: 1 = *rec filled, 0 = end, <0 = system error (I/O) already reported.
   Bad records/files are reported to diag as SLANT_ERROR with path:line and skipped; count them.
   After a read error (SLANT_EIO, reported as fatal) the file is abandoned and the next call
   goes on with the next file. */
int slant_corpus_next(struct slant_corpus *c, struct slant_record *rec);

/* records/files rejected so far */
size_t slant_corpus_rejected(const struct slant_corpus *c);
/* JSONL lines decided by the reader's own scan, without jansson (which
 * takes numbers, nesting and anything the scan declines), so far */
size_t slant_corpus_fast_lines(const struct slant_corpus *c);
/* for progress (MB, MB/s); a file counts whole once it is closed */
size_t slant_corpus_bytes_read(const struct slant_corpus *c);
/* sum of file sizes queued (for ETA) */
size_t slant_corpus_bytes_total(const struct slant_corpus *c);
/* files (and in-memory inputs) queued so far */
size_t slant_corpus_files(const struct slant_corpus *c);

/*
 * Front matter and scraper date stamps of a text file (exposed for tests and
 * fuzzing; slant_corpus_next applies it to every text document).
 *
 * Front matter: leading `key: value` lines whose keys are ALL among outlet,
 * title, date, url, lang (keys case-insensitive, values trimmed, a repeated
 * key: the last one counts), ended by a blank line or the end of the text.
 * If any leading line is not such a key line (a dateline "WASHINGTON:",
 * "Menu"), there is no front matter and everything is body text: a false
 * positive would silently eat the first paragraph of an article.
 *
 * Date stamp: when there is no front matter, a first line that starts like
 * " date 2025-08-22" (optional spaces, the word "date", a space, YYYY-MM-DD,
 * then a space or the end of the line) gives the date; the stamp and the
 * spaces after it are removed, the rest of that line stays as text (in
 * scraped files the first sentence often follows on the same line).
 *
 * All slices point into text.  Missing fields are empty.  Never fails.
 */
struct slant_front_matter {
    struct slant_slice outlet, title, date, url, lang;
    struct slant_slice body; /* the text after the front matter or stamp */
    size_t body_line;        /* 1-based line of text where body starts */
    int has_front_matter;    /* 1 when key lines were found and consumed */
    int has_date_stamp;      /* 1 when a scraper date stamp was removed */
};
void slant_corpus_parse_front_matter(struct slant_slice text, struct slant_front_matter *fm);

#endif
