/*
 * testutil.h - shared helpers for the cmocka unit tests.
 *
 * SHARED_DIR is ../shared relative to the repository root (tests run from
 * there); tests that need the real corpus call slant_test_shared() and skip
 * with a printed reason when it is absent.
 */
#ifndef SLANT_TESTUTIL_H
#define SLANT_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "slant/err.h"

/* Path of a file under ../shared/corpus, or NULL (with a printed reason,
 * once) when the shared corpus is absent. */
static inline const char *slant_test_shared(const char *rel)
{
    static char path[4096];
    const char *root = getenv("SLANT_SHARED");
    if (!root)
        root = "../shared";
    snprintf(path, sizeof(path), "%s/corpus/%s", root, rel);
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("# skip: %s is absent (the shared corpus is not beside this clone)\n", path);
        return NULL;
    }
    return path;
}

/* Read a whole file into a malloc'd NUL-terminated buffer; NULL on error. */
static inline char *slant_test_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *p = malloc(cap + 1);
    size_t r;
    while (p && (r = fread(p + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *q = realloc(p, cap * 2 + 1);
            if (!q) {
                free(p);
                p = NULL;
                break;
            }
            p = q;
            cap *= 2;
        }
    }
    fclose(f);
    if (!p)
        return NULL;
    p[n] = '\0';
    if (len)
        *len = n;
    return p;
}

/* A diagnostics sink writing into memory, so messages can be asserted. */
struct sink {
    struct slant_diag d;
    char *buf;
    size_t len;
    FILE *f;
};

static inline void sink_open(struct sink *s)
{
    s->buf = NULL;
    s->len = 0;
    s->f = open_memstream(&s->buf, &s->len);
    assert_non_null(s->f);
    slant_diag_init(&s->d, s->f);
}

static inline const char *sink_text(struct sink *s)
{
    fflush(s->f);
    return s->buf ? s->buf : "";
}

static inline void sink_close(struct sink *s)
{
    slant_diag_release(&s->d);
    fclose(s->f);
    free(s->buf);
}

#endif
