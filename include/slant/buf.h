/*
 * buf.h - text slices and growable byte buffers with a hard cap.
 *
 * Text moves through the pipeline as a slice {p, len}: not NUL-terminated,
 * borrowed from whoever owns the bytes.  A struct slant_buf owns its bytes,
 * keeps them NUL-terminated (so they can be handed to C APIs) and refuses to
 * grow past `cap`: an append that would exceed it returns SLANT_ETOOBIG and
 * leaves the buffer unchanged, so a 20 MB line or a 1 MB "word" is an input
 * problem to report, never a crash (curl: docs/internals/DYNBUF.md).
 */
#ifndef SLANT_BUF_H
#define SLANT_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct slant_slice {
    const char *p;
    size_t len;
};

#define SLANT_SLICE_LIT(s) ((struct slant_slice){(s), sizeof(s) - 1})

/* A slice of a NUL-terminated string (borrowed). */
struct slant_slice slant_slice_cstr(const char *s);
/* 1 when the two slices hold the same bytes */
int slant_slice_eq(struct slant_slice a, struct slant_slice b);
/* 1 when a equals the NUL-terminated string s */
int slant_slice_eq_cstr(struct slant_slice a, const char *s);
/* the slice without leading and trailing ASCII white space */
struct slant_slice slant_slice_trim(struct slant_slice s);

/* Default cap: 256 MiB, far above any article, far below the machine. */
#define SLANT_BUF_DEFAULT_CAP ((size_t)256 << 20)

struct slant_buf {
    char *p;      /* owned; NUL-terminated when len > 0 or after any append */
    size_t len;   /* bytes in use, not counting the NUL */
    size_t alloc; /* bytes allocated */
    size_t cap;   /* hard limit on len */
};

/* Caller-owned storage.  cap 0 means SLANT_BUF_DEFAULT_CAP. */
void slant_buf_init(struct slant_buf *b, size_t cap);
void slant_buf_release(struct slant_buf *b);
/* Empty the buffer, keeping its memory. */
void slant_buf_reset(struct slant_buf *b);

/* Appends return 0 or SLANT_ETOOBIG (buffer unchanged).  Memory exhaustion
 * exits (slant_xrealloc). */
int slant_buf_add(struct slant_buf *b, const void *data, size_t len);
int slant_buf_addc(struct slant_buf *b, char c);
int slant_buf_adds(struct slant_buf *b, const char *s);
int slant_buf_printf(struct slant_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int slant_buf_vprintf(struct slant_buf *b, const char *fmt, va_list ap);

/* Detach the bytes (caller frees); the buffer is left empty. */
char *slant_buf_detach(struct slant_buf *b, size_t *len);

/* The contents as a slice (valid until the next change to b). */
struct slant_slice slant_buf_slice(const struct slant_buf *b);

/* The contents as a C string ("" when empty; valid until the next change). */
const char *slant_buf_cstr(const struct slant_buf *b);

#endif
