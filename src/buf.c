/* buf.c - slices and capped growable buffers (see include/slant/buf.h). */
#include "slant/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slant/err.h"
#include "slant/xalloc.h"

struct slant_slice slant_slice_cstr(const char *s)
{
    struct slant_slice r = {s, s ? strlen(s) : 0};
    return r;
}

int slant_slice_eq(struct slant_slice a, struct slant_slice b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

int slant_slice_eq_cstr(struct slant_slice a, const char *s)
{
    return slant_slice_eq(a, slant_slice_cstr(s));
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

struct slant_slice slant_slice_trim(struct slant_slice s)
{
    while (s.len && is_space((unsigned char)s.p[0])) {
        s.p++;
        s.len--;
    }
    while (s.len && is_space((unsigned char)s.p[s.len - 1]))
        s.len--;
    return s;
}

void slant_buf_init(struct slant_buf *b, size_t cap)
{
    b->p = NULL;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap ? cap : SLANT_BUF_DEFAULT_CAP;
}

void slant_buf_release(struct slant_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->alloc = 0;
}

void slant_buf_reset(struct slant_buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

static int grow(struct slant_buf *b, size_t extra)
{
    if (extra > b->cap || b->len > b->cap - extra)
        return SLANT_ETOOBIG;
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return 0;
    size_t n = b->alloc ? b->alloc : 64;
    while (n < need)
        n = n > ((size_t)-1) / 2 ? need : n * 2;
    b->p = slant_xrealloc(b->p, n);
    b->alloc = n;
    return 0;
}

int slant_buf_add(struct slant_buf *b, const void *data, size_t len)
{
    int rc = grow(b, len);
    if (rc < 0)
        return rc;
    if (len)
        memcpy(b->p + b->len, data, len);
    b->len += len;
    b->p[b->len] = '\0';
    return 0;
}

int slant_buf_addc(struct slant_buf *b, char c)
{
    return slant_buf_add(b, &c, 1);
}

int slant_buf_adds(struct slant_buf *b, const char *s)
{
    return slant_buf_add(b, s, strlen(s));
}

int slant_buf_vprintf(struct slant_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return SLANT_EINVAL;
    int rc = grow(b, (size_t)n);
    if (rc < 0)
        return rc;
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int slant_buf_printf(struct slant_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = slant_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *slant_buf_detach(struct slant_buf *b, size_t *len)
{
    char *p = b->p ? b->p : slant_xstrdup("");
    if (len)
        *len = b->len;
    b->p = NULL;
    b->len = b->alloc = 0;
    return p;
}

struct slant_slice slant_buf_slice(const struct slant_buf *b)
{
    struct slant_slice s = {b->p ? b->p : "", b->len};
    return s;
}

const char *slant_buf_cstr(const struct slant_buf *b)
{
    return b->p ? b->p : "";
}
