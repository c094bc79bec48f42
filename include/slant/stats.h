/*
 * stats.h - the statistics behind every report: pure functions on arrays.
 *
 * The module knows nothing about SQLite, lexicons or outlets' names: callers
 * pass plain arrays (per-document hits and token counts of one outlet, or a
 * count table) and get numbers back.  Every function returns 0 or a negative
 * SLANT_E* code (SLANT_EINVAL for negative/NaN input or bad sizes,
 * SLANT_EEMPTY when the statistic is undefined for the data, SLANT_EMATH when
 * GSL reports a failure) and writes results through out-parameters; nothing
 * prints, nothing aborts (main.c turns GSL's abort handler off), and no
 * output is ever NaN.  Everything random is driven by gsl_rng_mt19937 with a
 * seed the caller can set, so the same input gives the same output, bit for
 * bit.  Each method's exact variant is described by slant_stats_method(), so
 * a report can print what it computed.  Temporary memory comes from
 * slant_xmalloc (out of memory exits, as everywhere in slant).
 */
#ifndef SLANT_STATS_H
#define SLANT_STATS_H

#include <stddef.h>

/* ---- Method descriptions ------------------------------------------------ */

enum slant_stat {
    SLANT_STAT_RATE_BOOTSTRAP = 0, /* rate per 1,000 tokens, bootstrap CI */
    SLANT_STAT_RATE_GARWOOD,       /* rate per 1,000 tokens, exact Poisson CI */
    SLANT_STAT_FPI_BOOTSTRAP,      /* frame preference index, bootstrap CI */
    SLANT_STAT_FPI_EXACT,          /* frame preference index, Clopper-Pearson */
    SLANT_STAT_LOG_RATIO,
    SLANT_STAT_G2,
    SLANT_STAT_BH,
    SLANT_STAT_MANN_WHITNEY,
    SLANT_STAT_PERMUTATION,
    SLANT_STAT_KEYNESS,
    SLANT_STAT_JSD,
    SLANT_STAT_CA,
    SLANT_STAT_WORDFISH,
    SLANT_STAT_COUNT_
};

/* One or two sentences naming the exact variant computed with the default
 * options (95%, B = 2,000, alpha0 = 1000; a caller that changes them says
 * so itself).  Static storage, never NULL; "unknown statistic" for an
 * out-of-range value. */
const char *slant_stats_method(enum slant_stat which);

/* ---- 1, 2. Rates and the frame preference index, with intervals ---------- */

#define SLANT_CI_RESAMPLES 2000  /* default bootstrap resamples B */
#define SLANT_CI_SEED 20221124UL /* default seed of gsl_rng_mt19937 */
#define SLANT_CI_MIN_DOCS 10     /* fewer documents: exact interval instead */
#define SLANT_CI_SMALL_HITS 5    /* fewer hits in total: flagged small */

enum slant_ci_method {
    SLANT_CI_BOOTSTRAP = 1,   /* percentile bootstrap over documents */
    SLANT_CI_GARWOOD,         /* exact Poisson interval on the total count */
    SLANT_CI_CLOPPER_PEARSON, /* exact binomial interval on L / (L + D) */
};

/* Options; a NULL pointer means all defaults.  Zero fields mean "default",
 * so `struct slant_ci_opts o = {0};` or slant_ci_opts_init() both work. */
struct slant_ci_opts {
    size_t resamples;   /* B; 0 -> SLANT_CI_RESAMPLES */
    unsigned long seed; /* 0 -> SLANT_CI_SEED */
    double level;       /* confidence level in (0,1); 0 -> 0.95 */
    size_t min_docs;    /* bootstrap from this many documents; 0 -> 10 */
};

void slant_ci_opts_init(struct slant_ci_opts *o);

/*
 * An estimate with its interval.  `small` is set when the estimate rests on
 * fewer than SLANT_CI_MIN_DOCS documents or fewer than SLANT_CI_SMALL_HITS
 * hits in total (for the index: L + D): either is too little for a report to
 * rank the cell without a warning, whichever interval was used.
 */
struct slant_ci {
    double est;    /* rate per 1,000 tokens, or the index in [-1, 1] */
    double lo, hi; /* the interval, lo <= hi */
    enum slant_ci_method method;
    int small;     /* 1: see above */
    double hits;   /* total hits (rate) or L + D (index) */
    double tokens; /* total tokens (rate); 0 for the index */
    size_t n_docs;
    size_t resamples; /* bootstrap replicates used (0 for exact) */
    size_t skipped;   /* bootstrap replicates whose statistic was undefined
                       * (all drawn documents empty, or L + D = 0): they
                       * are dropped and the percentiles taken over the
                       * rest, i.e. conditional on the statistic existing */
};

/*
 * Rate per 1,000 word tokens of one outlet and one frame, from per-document
 * hits[i] and tokens[i] (borrowed, n_docs each; counts, so >= 0 and finite).
 * est = sum(hits) / sum(tokens) * 1000.  With n_docs >= min_docs the interval
 * is the percentile bootstrap over documents (documents drawn with
 * replacement, statistic = pooled rate, quantiles interpolated linearly as
 * R's type 7 / numpy's default); otherwise Garwood's exact Poisson interval on
 * k = sum(hits), divided by sum(tokens) and scaled.  o may be NULL.
 * Returns 0, SLANT_EINVAL, SLANT_EEMPTY (no documents or no tokens at all),
 * SLANT_EMATH.
 */
int slant_rate_ci(const double *hits, const double *tokens, size_t n_docs,
                  const struct slant_ci_opts *o, struct slant_ci *out);

/*
 * The same for n_frames frames of one outlet at once: hits is row-major
 * n_docs x n_frames (hits[d * n_frames + f]); out has n_frames entries.  The
 * documents drawn in each replicate are shared by all frames (it is one
 * bootstrap of the outlet's documents), which makes this n_frames times
 * cheaper than separate calls; out[f] is identical to slant_rate_ci() on
 * column f with the same options.
 */
int slant_rate_ci_multi(const double *hits, size_t n_frames, const double *tokens, size_t n_docs,
                        const struct slant_ci_opts *o, struct slant_ci *out);

/* Garwood's exact Poisson interval for a count k >= 0 (not scaled):
 * lo = qchisq(a/2, 2k)/2 (0 when k = 0), hi = qchisq(1 - a/2, 2k + 2)/2,
 * a = 1 - level.  Non-integer k is accepted (the chi-square quantiles are
 * continuous in the degrees of freedom). */
int slant_garwood(double k, double level, double *lo, double *hi);

/*
 * Frame preference index of one outlet for a pair of opposed poles, from
 * per-document hits of the legitimizing (legit) and delegitimizing (deleg)
 * pole: est = (L - D) / (L + D) with L, D summed over documents.  Interval:
 * percentile bootstrap over documents when n_docs >= min_docs (replicates
 * with L + D = 0 are skipped and counted in out->skipped), else
 * Clopper-Pearson on p = L / (L + D) mapped to 2p - 1.
 * Returns SLANT_EEMPTY when L + D = 0 (the index is undefined; out->est is
 * set to 0 and out->hits to 0 so nothing is NaN), SLANT_EINVAL, SLANT_EMATH.
 */
int slant_fpi_ci(const double *legit, const double *deleg, size_t n_docs,
                 const struct slant_ci_opts *o, struct slant_ci *out);

/* ---- 3. Comparing two corpora A and B on one frame ---------------------- */

/* Hardie's log ratio log2((a/na) / (b/nb)), 0.5 put in for a zero count.
 * na, nb > 0 (SLANT_EINVAL otherwise). */
int slant_log_ratio(double a, double na, double b, double nb, double *out);

/*
 * Dunning's log-likelihood G2 on the 2x2 table {a, b; na - a, nb - b}, with
 * expected counts from the margins and 0 log 0 = 0, signed: negative when
 * A's relative frequency a/na is below B's.  *p (may be NULL) is the upper
 * tail of chi-square with 1 df at |G2|.  Needs 0 <= a <= na, 0 <= b <= nb,
 * na + nb > 0.
 */
int slant_g2(double a, double na, double b, double nb, double *g2, double *p);

struct slant_cmp {
    double log_ratio; /* slant_log_ratio */
    double g2;        /* signed, slant_g2 */
    double p;         /* of G2 */
};

/* Both of the above at once. */
int slant_compare(double a, double na, double b, double nb, struct slant_cmp *out);

/*
 * Benjamini-Hochberg adjusted p-values of p[0..n) into adj[0..n) (adj may be
 * p itself): adj(i) = min over ranks j >= rank(i) of n p(j) / j, capped at 1,
 * as R's p.adjust(method = "BH").  p must lie in [0, 1].
 */
int slant_bh_adjust(const double *p, size_t n, double *adj);

enum slant_mw_method {
    SLANT_MW_AUTO = 0,   /* exact when both samples <= 8 and no ties */
    SLANT_MW_ASYMPTOTIC, /* normal, tie and continuity corrected */
    SLANT_MW_EXACT,      /* exact distribution of U; no ties allowed */
};

struct slant_mw {
    double u;                    /* U of the first sample: R1 - n1 (n1 + 1) / 2 */
    double z;                    /* the normal deviate (asymptotic only, else 0) */
    double p;                    /* two-sided */
    enum slant_mw_method method; /* what was used: ASYMPTOTIC or EXACT */
};

/*
 * Two-sided Mann-Whitney U test of x[0..nx) against y[0..ny), matching
 * scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method=...,
 * use_continuity=True).  EXACT returns SLANT_EINVAL when there are ties and
 * SLANT_ETOOBIG when C(nx + ny, nx) exceeds 2^62 (counts are exact integers).
 */
int slant_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
                       enum slant_mw_method method, struct slant_mw *out);

/* The same on per-document rates hits/tokens of two outlets (documents with
 * no tokens are left out: they have no rate). */
int slant_doc_mann_whitney(const double *hits_a, const double *tokens_a, size_t n_a,
                           const double *hits_b, const double *tokens_b, size_t n_b,
                           enum slant_mw_method method, struct slant_mw *out);

struct slant_perm {
    double diff;      /* pooled rate of A - pooled rate of B, per 1,000 */
    double p;         /* (1 + #{|diff*| >= |diff|}) / (1 + B) */
    size_t resamples; /* B */
};

/*
 * Permutation test over documents: the documents of A and B are pooled and
 * relabelled at random B times (o->resamples, o->seed; level and min_docs are
 * not used); a relabelling counts as extreme when its |difference of pooled
 * rates| is at least the observed one (less 1e-12 relative, so that exact
 * ties are not lost to rounding).  A relabelling that leaves one side with
 * no tokens counts as not extreme.
 */
int slant_perm_test(const double *hits_a, const double *tokens_a, size_t n_a, const double *hits_b,
                    const double *tokens_b, size_t n_b, const struct slant_ci_opts *o,
                    struct slant_perm *out);

/* ---- 4. Distinctive terms ----------------------------------------------- */

#define SLANT_KEYNESS_ALPHA0 1000.0

/* Output arrays of n_terms each, caller-owned; any may be NULL (not wanted). */
struct slant_keyness_out {
    double *delta;     /* Monroe et al. log-odds ratio (natural log) */
    double *z;         /* delta / sqrt(var) */
    double *g2;        /* signed G2 of the term, group vs rest */
    double *log_ratio; /* log ratio of the term, group vs rest */
};

/*
 * Keyness of a group's terms against the rest of the corpus, vectorised over
 * the vocabulary: y_group[w] are the group's counts, y_total[w] the counts in
 * the whole corpus (group included), so the rest has y_total - y_group.
 * Monroe, Colaresi & Quinn (2008) eqs. 16, 20, 22 with the informative
 * Dirichlet prior alpha_w = alpha0 * y_total[w] / sum(y_total) (alpha0 <= 0
 * means SLANT_KEYNESS_ALPHA0).  Terms absent from the corpus get 0 in every
 * output.  Needs y_total >= y_group >= 0, a group and a rest with tokens
 * (SLANT_EEMPTY otherwise), and a vocabulary of at least two used terms.
 */
int slant_keyness(const double *y_group, const double *y_total, size_t n_terms, double alpha0,
                  const struct slant_keyness_out *out);

/* ---- 5. The outlet map --------------------------------------------------- */

/*
 * Jensen-Shannon divergence with base-2 logarithms (so it lies in [0, 1])
 * between every pair of rows of x (row-major n_rows x n_cols, >= 0); each
 * row is first normalised to sum 1 (a row summing to 0 is SLANT_EEMPTY).
 * out is n_rows x n_rows, symmetric with a zero diagonal.  This is the
 * divergence; its square root (scipy's jensenshannon) is a metric.
 */
int slant_jsd_matrix(const double *x, size_t n_rows, size_t n_cols, double *out);

/*
 * Correspondence analysis of a count table (row-major n_rows x n_cols, >= 0,
 * every row and column with a positive sum, at least 2 x 2): SVD of the
 * standardized residuals S = Dr^-1/2 (P - r c') Dc^-1/2; principal
 * coordinates F = Dr^-1/2 U Sigma (rows) and G = Dc^-1/2 V Sigma (columns),
 * as in R's ca package, on the first two axes.  The sign of each axis is
 * fixed so that its largest-magnitude row coordinate (the first, on a tie)
 * is positive.  An axis that does not exist (a table with 2 rows or 2
 * columns has one) gets zero coordinates and share.
 */
struct slant_ca {
    double *row_coord;    /* caller-owned, n_rows x 2, row-major; filled */
    double *col_coord;    /* caller-owned, n_cols x 2, row-major; filled */
    double share[2];      /* inertia share of axes 1 and 2 */
    double sv[2];         /* their singular values */
    double total_inertia; /* chi-square / n */
    size_t n_axes;        /* nonzero axes of the table, min(r, c) - 1 */
};

int slant_ca(const double *table, size_t n_rows, size_t n_cols, struct slant_ca *out);

struct slant_wordfish_opts {
    size_t dir_lo, dir_hi; /* fix direction: omega[dir_lo] < omega[dir_hi];
                            * both 0 -> documents 0 and n_docs - 1 */
    size_t max_iter;       /* 0 -> 500 outer iterations */
    double tol;            /* 0 -> 1e-9 relative change in log-likelihood */
    double beta_prior_sd;  /* 0 -> 3 (see slant_stats_method) */
};

/* Caller-owned output arrays; se and the word parameters may be NULL. */
struct slant_wordfish {
    double *omega; /* n_docs positions, mean 0 and sd 1 (n - 1 divisor) */
    double *se;    /* n_docs standard errors of omega, or NULL */
    double *alpha; /* n_docs document effects, alpha[0] = 0, or NULL */
    double *psi;   /* n_words word effects, or NULL */
    double *beta;  /* n_words word weights, or NULL */
    size_t iterations;
    double loglik;
    int converged;
};

/*
 * Wordfish (Slapin & Proksch 2008): y_ij ~ Poisson(exp(alpha_i + psi_j +
 * beta_j omega_i)) on a row-major n_docs x n_words count matrix (documents
 * = outlets here).  Alternating Newton steps (words given documents, then
 * documents given words), starting values as in the paper, identification
 * omega mean 0 sd 1 and alpha_0 = 0; deterministic.  Needs n_docs >= 3,
 * n_words >= 2, every row and column with a positive total.  o may be NULL.
 */
int slant_wordfish(const double *y, size_t n_docs, size_t n_words,
                   const struct slant_wordfish_opts *o, struct slant_wordfish *out);

#endif
