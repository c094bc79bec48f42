/* arena.c - bump allocator (see include/slant/arena.h). */
#include "slant/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slant/xalloc.h"

struct slant_arena_block {
    struct slant_arena_block *next;
    size_t size; /* usable bytes in data */
    size_t off;  /* bytes in use */
    alignas(max_align_t) unsigned char data[];
};

#define ALIGN_UP(n) (((n) + (alignof(max_align_t) - 1)) & ~(alignof(max_align_t) - 1))

void slant_arena_init(struct slant_arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->used = 0;
}

void slant_arena_release(struct slant_arena *a)
{
    struct slant_arena_block *b = a->head;
    while (b) {
        struct slant_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used = 0;
}

void slant_arena_reset(struct slant_arena *a)
{
    struct slant_arena_block *keep = a->head; /* the newest block is the largest */
    if (!keep)
        return;
    struct slant_arena_block *b = keep->next;
    while (b) {
        struct slant_arena_block *next = b->next;
        free(b);
        b = next;
    }
    keep->next = NULL;
    keep->off = 0;
    a->used = 0;
}

void *slant_arena_alloc(struct slant_arena *a, size_t size)
{
    size = ALIGN_UP(size ? size : 1);
    struct slant_arena_block *b = a->head;
    if (!b || b->size - b->off < size) {
        size_t bs = a->block_size;
        if (size > bs)
            bs = size;
        else if (a->block_size < (SIZE_MAX >> 2))
            a->block_size *= 2; /* geometric growth of ordinary blocks */
        if (bs > SIZE_MAX - sizeof(*b))
            bs = size;
        b = slant_xmalloc(sizeof(*b) + bs);
        b->size = bs;
        b->off = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->off;
    b->off += size;
    a->used += size;
    return p;
}

char *slant_arena_strndup(struct slant_arena *a, const char *s, size_t len)
{
    char *p = slant_arena_alloc(a, len + 1);
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
