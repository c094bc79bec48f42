/* xalloc.c - allocation that prints and exits 3 on failure. */
#include "slant/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slant/err.h"

static void oom(void)
{
    fputs("slant: fatal: out of memory\n", stderr);
    exit(SLANT_EXIT_SYSTEM);
}

void *slant_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *slant_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *slant_xzalloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        oom();
    size_t bytes = n && size ? n * size : 1;
    void *p = slant_xmalloc(bytes);
    /* not memset: the compiler folds malloc and memset into calloc */
    explicit_bzero(p, bytes);
    return p;
}

void *slant_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        oom();
    return q;
}

void *slant_xreallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        oom();
    return slant_xrealloc(p, n * size);
}

void *slant_xgrow_zeroed(void *p, size_t *cap, size_t i, size_t size)
{
    size_t n = *cap ? *cap : 4096;
    while (n <= i) {
        if (n > SIZE_MAX / 2)
            oom();
        n *= 2;
    }
    char *q = slant_xreallocarray(p, n, size);
    memset(q + *cap * size, 0, (n - *cap) * size);
    *cap = n;
    return q;
}

char *slant_xstrdup(const char *s)
{
    return slant_xstrndup(s, strlen(s));
}

char *slant_xstrndup(const char *s, size_t len)
{
    char *p = slant_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
