/*
 * arena.h - bump allocation for things that die together.
 *
 * The lexicon lives for the whole run, interned terms too, one document's
 * scratch data until the next document: each gets an arena and is freed in
 * one call (git: mem-pool.h).  Blocks grow geometrically; an allocation
 * larger than a block gets a block of its own.  Not thread-safe: one arena
 * per owner.
 */
#ifndef SLANT_ARENA_H
#define SLANT_ARENA_H

#include <stddef.h>

struct slant_arena_block;

struct slant_arena {
    struct slant_arena_block *head; /* owned chain, newest first */
    size_t block_size;              /* size of the next ordinary block */
    size_t used;                    /* bytes handed out, for statistics */
};

/* Caller-owned storage.  block_size 0 picks 64 KiB. */
void slant_arena_init(struct slant_arena *a, size_t block_size);
/* Free every block; the arena can be used again. */
void slant_arena_release(struct slant_arena *a);
/* Forget every allocation but keep the first block for reuse. */
void slant_arena_reset(struct slant_arena *a);

/* size bytes aligned for any type; never NULL (exits on out of memory).
 * Lives until the next reset or release. */
void *slant_arena_alloc(struct slant_arena *a, size_t size);
/* a NUL-terminated copy of len bytes of s */
char *slant_arena_strndup(struct slant_arena *a, const char *s, size_t len);

#endif
