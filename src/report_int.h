/*
 * report_int.h - what the parts of the report core share (internal to
 * report*.c; not a public header).
 *
 * report.c builds the overview, profiles, preferences, comparisons,
 * keyness, map and methods; report_kwic.c builds the concordance lines and
 * the side-by-side event view (it re-tokenizes stored text to find
 * quotation spans).  Both allocate from the report's arena.
 */
#ifndef SLANT_REPORT_INT_H
#define SLANT_REPORT_INT_H

#include "slant/arena.h"
#include "slant/report.h"

struct slant_report_impl {
    struct slant_report pub; /* first: a struct slant_report * is this */
    struct slant_arena arena;
};

static inline struct slant_arena *slant_report_arena(struct slant_report *r)
{
    return &((struct slant_report_impl *)(void *)r)->arena;
}

/* report_kwic.c: fill r->kwic / r->event from the database, per r->opts. */
int slant_report_build_kwic(struct slant_store *st, struct slant_report *r,
                            struct slant_diag *diag);
int slant_report_build_event(struct slant_store *st, struct slant_report *r,
                             struct slant_diag *diag);

#endif
