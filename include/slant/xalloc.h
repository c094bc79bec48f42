/*
 * xalloc.h - allocation that cannot fail.
 *
 * Out of memory is not an input problem the batch can step over, so these
 * print "slant: fatal: out of memory" and exit with status 3 (mandoc's mandoc_aux.c
 * does the same).  Sizes are checked for overflow before multiplying.
 */
#ifndef SLANT_XALLOC_H
#define SLANT_XALLOC_H

#include <stddef.h>

void *slant_xmalloc(size_t size);
void *slant_xcalloc(size_t n, size_t size);
/* Zeroed like slant_xcalloc, but by writing every byte: for a big table that
 * is probed (read) before it is filled.  calloc hands out fresh pages
 * untouched, a read maps each to the shared zero page, and the first write
 * then copies it and flushes the TLB of every thread of the process (with
 * the ingest's threads, a twentieth of an unscored ingest's time went to
 * these faults when the hash tables grew). */
void *slant_xzalloc(size_t n, size_t size);
void *slant_xrealloc(void *p, size_t size);
/* realloc to n * size bytes, exiting on overflow as on failure */
void *slant_xreallocarray(void *p, size_t n, size_t size);
/* Grow the array p of *cap elements of `size` bytes (doubling, from 4096)
 * until index i fits; the new elements are zero.  Returns the array. */
void *slant_xgrow_zeroed(void *p, size_t *cap, size_t i, size_t size);
char *slant_xstrdup(const char *s);
/* copy len bytes and add a NUL; s need not be NUL-terminated */
char *slant_xstrndup(const char *s, size_t len);

#endif
