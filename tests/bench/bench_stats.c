/*
 * bench_stats.c - time the statistics at the size of the real corpus.
 *
 * The ukraine-2022 corpus has 15 outlets and ~3,500 articles (~230 per
 * outlet); a lexicon set has ~50 frames.  Synthetic data of that shape
 * (Poisson hits, Zipf-like vocabulary, fixed seeds) is timed in three parts:
 * bootstrap intervals for every outlet x frame cell, every outlet pair on
 * every frame with BH over all rows, keyness over a 100,000-term vocabulary
 * for every outlet; and, for information, the outlet map.  Target: under
 * 2 seconds for the three parts together (not asserted).  Usage:
 * bench_stats [resamples]
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "slant/err.h"
#include "slant/stats.h"
#include "slant/xalloc.h"

enum { OUTLETS = 15, FRAMES = 50, DOCS = 230, VOCAB = 100000, WF_TERMS = 2000 };

/* CPU time of this (single-threaded) process: the machine is shared, and
 * wall time would measure the neighbours too.  The wall total is printed at
 * the end for comparison. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int check(int rc, const char *what)
{
    if (rc < 0) {
        fprintf(stderr, "bench_stats: %s: %s\n", what, slant_strerror(rc));
        exit(1);
    }
    return rc;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    struct slant_ci_opts o;
    slant_ci_opts_init(&o);
    if (argc > 1) {
        char *end;
        errno = 0;
        unsigned long b = strtoul(argv[1], &end, 10);
        if (errno || *end || b == 0 || b > 1000000) {
            fprintf(stderr, "usage: bench_stats [resamples]\n");
            return 2;
        }
        o.resamples = b;
    }

    /* ---- synthetic data ---- */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 1);
    double *tokens = slant_xcalloc((size_t)OUTLETS * DOCS, sizeof(double));
    double *hits = slant_xcalloc((size_t)OUTLETS * DOCS * FRAMES, sizeof(double));
    double frate[FRAMES];
    for (int f = 0; f < FRAMES; f++)
        frate[f] = 0.05 + 10.0 * gsl_rng_uniform(r); /* per 1,000 tokens */
    for (int s = 0; s < OUTLETS; s++)
        for (int d = 0; d < DOCS; d++) {
            double t = 150 + gsl_ran_exponential(r, 600);
            tokens[s * DOCS + d] = floor(t);
            for (int f = 0; f < FRAMES; f++) {
                double mu = frate[f] * (0.5 + (double)((s * 7 + f) % 10) / 10) * t / 1000;
                hits[((size_t)s * DOCS + d) * FRAMES + f] = gsl_ran_poisson(r, mu);
            }
        }
    double *vcount = slant_xcalloc((size_t)OUTLETS * VOCAB, sizeof(double));
    double *vtotal = slant_xcalloc(VOCAB, sizeof(double));
    for (int w = 0; w < VOCAB; w++)
        for (int s = 0; s < OUTLETS; s++) {
            double mu = 2e4 / (w + 10.0) * (0.5 + gsl_rng_uniform(r));
            vcount[(size_t)s * VOCAB + w] = gsl_ran_poisson(r, mu);
            vtotal[w] += vcount[(size_t)s * VOCAB + w];
        }
    gsl_rng_free(r);

    /* ---- 1. bootstrap intervals, 15 x 50 cells ---- */
    struct slant_ci *ci = slant_xcalloc((size_t)OUTLETS * FRAMES, sizeof(*ci));
    double w0 = wall(), t0 = now();
    for (int s = 0; s < OUTLETS; s++)
        check(slant_rate_ci_multi(hits + (size_t)s * DOCS * FRAMES, FRAMES, tokens + s * DOCS, DOCS,
                                  &o, ci + s * FRAMES),
              "rate_ci_multi");
    double t_boot = now() - t0, w_boot = wall() - w0;
    /* the one-frame-at-a-time path, for one outlet, to show what sharing saves */
    double col[DOCS];
    struct slant_ci one;
    t0 = now();
    for (int f = 0; f < FRAMES; f++) {
        for (int d = 0; d < DOCS; d++)
            col[d] = hits[(size_t)d * FRAMES + f];
        check(slant_rate_ci(col, tokens, DOCS, &o, &one), "rate_ci");
    }
    double t_single = now() - t0;

    /* ---- 2. 105 pairs x 50 frames: G2, log ratio, Mann-Whitney; BH ---- */
    size_t npair = OUTLETS * (OUTLETS - 1) / 2, rows = npair * FRAMES, k = 0;
    double *p = slant_xcalloc(rows, sizeof(double)), *padj = slant_xcalloc(rows, sizeof(double));
    double *pmw = slant_xcalloc(rows, sizeof(double));
    double *ha = slant_xcalloc(DOCS, sizeof(double)), *hb = slant_xcalloc(DOCS, sizeof(double));
    w0 = wall();
    t0 = now();
    for (int a = 0; a < OUTLETS; a++)
        for (int b = a + 1; b < OUTLETS; b++)
            for (int f = 0; f < FRAMES; f++) {
                struct slant_cmp c;
                const struct slant_ci *x = &ci[a * FRAMES + f], *y = &ci[b * FRAMES + f];
                check(slant_compare(x->hits, x->tokens, y->hits, y->tokens, &c), "compare");
                for (int d = 0; d < DOCS; d++) {
                    ha[d] = hits[((size_t)a * DOCS + d) * FRAMES + f];
                    hb[d] = hits[((size_t)b * DOCS + d) * FRAMES + f];
                }
                struct slant_mw m;
                check(slant_doc_mann_whitney(ha, tokens + a * DOCS, DOCS, hb, tokens + b * DOCS,
                                             DOCS, SLANT_MW_ASYMPTOTIC, &m),
                      "mann_whitney");
                pmw[k] = m.p;
                p[k++] = c.p;
            }
    check(slant_bh_adjust(p, rows, padj), "bh");
    check(slant_bh_adjust(pmw, rows, pmw), "bh");
    double t_pairs = now() - t0;
    size_t sig = 0;
    for (size_t i = 0; i < rows; i++)
        sig += padj[i] < 0.05;

    /* ---- 3. keyness, 15 outlets x 100,000 terms ---- */
    double *z = slant_xcalloc(VOCAB, sizeof(double)), *g2 = slant_xcalloc(VOCAB, sizeof(double));
    double *lr = slant_xcalloc(VOCAB, sizeof(double)), *dl = slant_xcalloc(VOCAB, sizeof(double));
    struct slant_keyness_out ko = {dl, z, g2, lr};
    t0 = now();
    for (int s = 0; s < OUTLETS; s++)
        check(slant_keyness(vcount + (size_t)s * VOCAB, vtotal, VOCAB, 0, &ko), "keyness");
    double t_key = now() - t0, w_rest = wall() - w0;

    /* ---- for information: the map ---- */
    double *table = slant_xcalloc((size_t)OUTLETS * FRAMES, sizeof(double));
    for (int s = 0; s < OUTLETS; s++)
        for (int f = 0; f < FRAMES; f++)
            table[s * FRAMES + f] = ci[s * FRAMES + f].hits;
    double jsd[OUTLETS * OUTLETS], rc[OUTLETS * 2], cc[FRAMES * 2];
    t0 = now();
    check(slant_jsd_matrix(vcount, OUTLETS, VOCAB, jsd), "jsd");
    struct slant_ca ca = {.row_coord = rc, .col_coord = cc};
    check(slant_ca(table, OUTLETS, FRAMES, &ca), "ca");
    double t_map = now() - t0;
    double om[OUTLETS], se[OUTLETS];
    struct slant_wordfish wf = {.omega = om, .se = se};
    t0 = now();
    int wrc = slant_wordfish(vcount, OUTLETS, WF_TERMS, NULL, &wf);
    double t_wf = now() - t0;

    double total = t_boot + t_pairs + t_key;
    printf("bench_stats (CPU seconds): %d outlets, %d frames, %d documents per outlet, B = %zu\n",
           OUTLETS, FRAMES, DOCS, o.resamples);
    printf("  bootstrap CIs, %d cells            %8.3f s  (one frame at a time: %.3f s per outlet"
           " vs %.3f s shared)\n",
           OUTLETS * FRAMES, t_boot, t_single, t_boot / OUTLETS);
    printf("  %zu pairs x %d frames + BH          %8.3f s  (G2, log ratio, Mann-Whitney; %zu of %zu"
           " G2 rows at BH q < 0.05)\n",
           npair, FRAMES, t_pairs, sig, rows);
    printf("  keyness, %d outlets x %d terms  %8.3f s\n", OUTLETS, VOCAB, t_key);
    printf("  total of the three                  %8.3f s  (target < 2 s; wall %.3f s)\n", total,
           w_boot + w_rest);
    printf("  map: JSD %dx%d terms + CA %dx%d       %8.3f s\n", OUTLETS, VOCAB, OUTLETS, FRAMES,
           t_map);
    printf("  Wordfish %d x %d terms             %8.3f s  (%s, %zu iterations)\n", OUTLETS,
           WF_TERMS, t_wf,
           wrc < 0        ? slant_strerror(wrc)
           : wf.converged ? "converged"
                          : "not converged",
           wf.iterations);

    free(table);
    free(dl);
    free(lr);
    free(g2);
    free(z);
    free(hb);
    free(ha);
    free(pmw);
    free(padj);
    free(p);
    free(ci);
    free(vtotal);
    free(vcount);
    free(hits);
    free(tokens);
    return 0;
}
