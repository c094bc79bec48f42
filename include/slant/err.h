/*
 * err.h - error codes and the diagnostics sink.
 *
 * One X-macro table generates enum slant_err and slant_strerror(), so a code
 * and its message can never drift apart.  Library functions return 0 or a
 * negative SLANT_E* code and never print: problems with *input* (a bad JSON
 * line, an unknown lexicon key) go to a struct slant_diag as
 * "path:line: severity: message", and the worst severity seen decides the
 * exit status in main.c.  The sink is the only place that writes stderr;
 * it may be called from several threads at once.
 */
#ifndef SLANT_ERR_H
#define SLANT_ERR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define SLANT_ERRNO_MAP(X)                                                                         \
    X(NOMEM, "out of memory")                                                                      \
    X(IO, "input/output error")                                                                    \
    X(INVAL, "invalid argument")                                                                   \
    X(PARSE, "malformed input")                                                                    \
    X(TOOBIG, "input exceeds a size limit")                                                        \
    X(NOTFOUND, "not found")                                                                       \
    X(DB, "database error")                                                                        \
    X(READONLY, "database is read-only")                                                           \
    X(FULL, "disk full or file size limit reached")                                                \
    X(BUSY, "database is locked by another process")                                               \
    X(ENCODING, "unsupported text encoding")                                                       \
    X(EMPTY, "empty input")                                                                        \
    X(SCHEMA, "database was written by an incompatible version")                                   \
    X(MATH, "numerical error")                                                                     \
    X(INTERNAL, "internal error")

enum slant_err {
    SLANT_OK = 0,
#define SLANT_ERR_ENUM_(name, msg) SLANT_E##name,
    SLANT_ERR_FIRST_ = -1000,
    SLANT_ERRNO_MAP(SLANT_ERR_ENUM_)
#undef SLANT_ERR_ENUM_
        SLANT_ERR_LAST_
};

/* The message for a code (0 or negative); never NULL, static storage. */
const char *slant_strerror(int err);

/* Severity of a diagnostic, in increasing order. */
enum slant_severity {
    SLANT_NOTE = 0, /* information, e.g. a duplicate skipped */
    SLANT_WARNING,  /* input accepted with a change (U+FFFD, truncation) */
    SLANT_ERROR,    /* input rejected; the batch goes on; exit status 1 */
    SLANT_FATAL,    /* system failure (I/O, database, memory); exit 3 */
};

/*
 * A diagnostics sink.  Caller-owned storage: slant_diag_init/_release.
 * Messages are written to `out` (stderr in the program, a memstream in tests)
 * as "slant: path:line: severity: message" (line omitted when 0, path omitted
 * when NULL).  `min_print` filters what is printed (--quiet raises it); counts
 * are kept for every message whatever is printed.
 */
struct slant_diag {
    FILE *out;                     /* borrowed; may be NULL (count only) */
    enum slant_severity min_print; /* print messages at or above this */
    enum slant_severity worst;     /* worst severity seen (NOTE if none) */
    size_t count[SLANT_FATAL + 1]; /* messages seen per severity */
    int status_shown;              /* a status line is up (slant_diag_status) */
};

void slant_diag_init(struct slant_diag *d, FILE *out);
void slant_diag_release(struct slant_diag *d);

/* Report one problem.  path may be NULL; line 0 means "no line". */
void slant_diag(struct slant_diag *d, enum slant_severity sev, const char *path, unsigned long line,
                const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
void slant_diag_v(struct slant_diag *d, enum slant_severity sev, const char *path,
                  unsigned long line, const char *fmt, va_list ap);

/* A transient status line for a terminal (progress), without a newline: it
 * replaces the one shown before, and the next message erases it first, so
 * that a message never lands at the end of a progress line.  Not counted. */
void slant_diag_status(struct slant_diag *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Erase the status line, when one is up. */
void slant_diag_status_clear(struct slant_diag *d);

/* Exit status for what the sink has seen: 0 ok, 1 input rejected, 3 system. */
int slant_diag_exit_status(const struct slant_diag *d);

/* Exit statuses, as documented in slant(1). */
enum {
    SLANT_EXIT_OK = 0,
    SLANT_EXIT_REJECTED = 1,
    SLANT_EXIT_USAGE = 2,
    SLANT_EXIT_SYSTEM = 3,
};

#endif
