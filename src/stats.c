/* stats.c - rates, intervals, comparisons, keyness and the outlet map (see
 * include/slant/stats.h).  GSL does the special functions, the RNG and the
 * SVD; its error handler is off (main.c), so every status is checked here. */
#include "slant/stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "slant/err.h"
#include "slant/xalloc.h"
#include "banned.h"

/* ------------------------------------------------------------------------
 * Method descriptions
 * ------------------------------------------------------------------------ */

static const char *const method_desc[SLANT_STAT_COUNT_] = {
    [SLANT_STAT_RATE_BOOTSTRAP] =
        "Rate per 1,000 word tokens = sum(hits)/sum(tokens)*1000; 95% percentile bootstrap "
        "interval over the outlet's documents (documents resampled with replacement, "
        "B = 2,000, gsl_rng_mt19937 with a fixed seed, type-7 quantiles).",
    [SLANT_STAT_RATE_GARWOOD] =
        "Rate per 1,000 word tokens = sum(hits)/sum(tokens)*1000; exact Poisson (Garwood) "
        "interval on the total count k, lo = qchisq(0.025, 2k)/2, hi = qchisq(0.975, 2k+2)/2, "
        "scaled to the rate (used below 10 documents).",
    [SLANT_STAT_FPI_BOOTSTRAP] =
        "Frame preference index (L - D)/(L + D) over summed hits of the legitimizing (L) and "
        "delegitimizing (D) pole; 95% percentile bootstrap over documents (B = 2,000, fixed "
        "seed; resamples with L + D = 0 are skipped and counted).",
    [SLANT_STAT_FPI_EXACT] =
        "Frame preference index (L - D)/(L + D); exact Clopper-Pearson interval on "
        "L/(L + D) mapped to 2p - 1 (used below 10 documents).",
    [SLANT_STAT_LOG_RATIO] =
        "Log ratio (Hardie 2014): log2((a/na)/(b/nb)), 0.5 substituted for a zero count.",
    [SLANT_STAT_G2] =
        "Log-likelihood G2 (Dunning 1993; Rayson & Garside 2000) on the 2x2 table of hits and "
        "other tokens, expected counts from the margins, signed negative when A's relative "
        "frequency is lower; p from chi-square with 1 df.",
    [SLANT_STAT_BH] =
        "Benjamini-Hochberg false discovery rate adjustment (as R's p.adjust(method = \"BH\")).",
    [SLANT_STAT_MANN_WHITNEY] =
        "Two-sided Mann-Whitney U test on per-document rates; normal approximation with tie "
        "and continuity correction (exact distribution when both samples have at most 8 "
        "documents and there are no ties).",
    [SLANT_STAT_PERMUTATION] =
        "Two-sided permutation test over documents of the difference of pooled rates "
        "(B = 2,000 relabellings, fixed seed, p = (1 + #extreme)/(1 + B)).",
    [SLANT_STAT_KEYNESS] =
        "Log-odds ratio with informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "
        "eqs. 16, 20, 22), group vs rest, alpha_w = 1000 * corpus share of w, natural logs, "
        "z = delta/sqrt(var); with G2 and log ratio per term.",
    [SLANT_STAT_JSD] =
        "Jensen-Shannon divergence between row profiles, base-2 logarithms (0 = identical, "
        "1 = disjoint).",
    [SLANT_STAT_CA] =
        "Correspondence analysis: SVD of the standardized residuals; principal coordinates "
        "of rows and columns (R's ca convention) on the first two axes, each axis signed so "
        "that its largest row coordinate is positive; inertia share per axis.",
    [SLANT_STAT_WORDFISH] =
        "Wordfish (Slapin & Proksch 2008): Poisson scaling by alternating Newton steps, "
        "omega identified with mean 0 and sd 1, alpha of the first outlet 0, N(0, 3^2) prior "
        "on word weights; standard errors of omega from each outlet's information matrix "
        "with word parameters fixed.",
};

const char *slant_stats_method(enum slant_stat which)
{
    if ((int)which < 0 || which >= SLANT_STAT_COUNT_)
        return "unknown statistic";
    return method_desc[which];
}

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static int bad_count(double x)
{
    return !isfinite(x) || x < 0;
}

static int check_counts(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (bad_count(x[i]))
            return SLANT_EINVAL;
    return 0;
}

void slant_ci_opts_init(struct slant_ci_opts *o)
{
    o->resamples = SLANT_CI_RESAMPLES;
    o->seed = SLANT_CI_SEED;
    o->level = 0.95;
    o->min_docs = SLANT_CI_MIN_DOCS;
}

/* Fill in defaults for zero fields; SLANT_EINVAL for a level outside (0,1). */
static int resolve_opts(const struct slant_ci_opts *o, struct slant_ci_opts *r)
{
    slant_ci_opts_init(r);
    if (!o)
        return 0;
    if (o->resamples)
        r->resamples = o->resamples;
    if (o->seed)
        r->seed = o->seed;
    if (o->level != 0)
        r->level = o->level;
    if (o->min_docs)
        r->min_docs = o->min_docs;
    if (!(r->level > 0 && r->level < 1))
        return SLANT_EINVAL;
    return 0;
}

static gsl_rng *rng_new(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (r)
        gsl_rng_set(r, seed);
    return r;
}

/*
 * A uniform integer in [0, n): Lemire's multiply-and-shift with rejection on
 * mt19937's 32-bit output.  Unbiased like gsl_rng_uniform_int, without its
 * division per call, which was a quarter of the bootstrap's time.
 */
static size_t draw(gsl_rng *r, size_t n)
{
    if (n > UINT32_MAX)
        return gsl_rng_uniform_int(r, n);
    uint32_t n32 = (uint32_t)n;
    uint64_t m = (uint64_t)gsl_rng_get(r) * n32;
    if ((uint32_t)m < n32) {
        uint32_t t = (uint32_t)(-n32) % n32; /* 2^32 mod n: the biased low end */
        while ((uint32_t)m < t)
            m = (uint64_t)gsl_rng_get(r) * n32;
    }
    return (size_t)(m >> 32);
}

static void swapd(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* Rearrange x[0..n) so that x[k] is the k-th smallest, smaller ones before
 * it and larger ones after (Hoare's selection, median-of-three pivot):
 * linear time where sorting every replicate vector was n log n. */
static void select_kth(double *x, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2;
        /* order x[lo] <= x[mid] <= x[hi]; the median is the pivot */
        if (x[mid] < x[lo])
            swapd(&x[mid], &x[lo]);
        if (x[hi] < x[lo])
            swapd(&x[hi], &x[lo]);
        if (x[hi] < x[mid])
            swapd(&x[hi], &x[mid]);
        double piv = x[mid];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (x[i] < piv)
                i++;
            while (piv < x[j])
                j--;
            if (i <= j) {
                swapd(&x[i], &x[j]);
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return; /* j < k < i: x[k] equals the pivot and is in place */
    }
}

/* Type-7 quantile (R's default, numpy's linear) of x[0..n), reordering x. */
static double quantile7(double *x, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t k = (size_t)floor(h);
    select_kth(x, n, k);
    double a = x[k];
    if (k + 1 >= n)
        return a;
    double b = x[k + 1]; /* the next order statistic: the minimum above k */
    for (size_t i = k + 2; i < n; i++)
        if (x[i] < b)
            b = x[i];
    return a + (h - (double)k) * (b - a);
}

/* Percentile interval of n replicates (reordered in place). */
static int percentile_ci(double *rep, size_t n, double level, double *lo, double *hi)
{
    if (n == 0)
        return SLANT_EEMPTY;
    double a = 1.0 - level;
    *lo = quantile7(rep, n, a / 2);
    *hi = quantile7(rep, n, 1 - a / 2);
    if (!isfinite(*lo) || !isfinite(*hi))
        return SLANT_EMATH;
    return 0;
}

/* ------------------------------------------------------------------------
 * 1. Rates with bootstrap or Garwood intervals
 * ------------------------------------------------------------------------ */

int slant_garwood(double k, double level, double *lo, double *hi)
{
    if (bad_count(k) || !(level > 0 && level < 1))
        return SLANT_EINVAL;
    double a = 1.0 - level;
    /* The upper quantile through Qinv: P close to 1 loses digits in 1 - P. */
    double l = k > 0 ? gsl_cdf_chisq_Pinv(a / 2, 2 * k) / 2 : 0.0;
    double h = gsl_cdf_chisq_Qinv(a / 2, 2 * k + 2) / 2;
    if (!isfinite(l) || !isfinite(h))
        return SLANT_EMATH;
    *lo = l;
    *hi = h;
    return 0;
}

int slant_rate_ci_multi(const double *hits, size_t n_frames, const double *tokens, size_t n_docs,
                        const struct slant_ci_opts *o, struct slant_ci *out)
{
    struct slant_ci_opts opt;
    int rc = resolve_opts(o, &opt);
    if (rc < 0)
        return rc;
    if (n_frames == 0 || !hits || !tokens || !out)
        return SLANT_EINVAL;
    if (n_docs == 0)
        return SLANT_EEMPTY;
    if (n_docs > SIZE_MAX / n_frames)
        return SLANT_ETOOBIG;
    if ((rc = check_counts(tokens, n_docs)) < 0 || (rc = check_counts(hits, n_docs * n_frames)) < 0)
        return rc;

    double tok = 0;
    for (size_t d = 0; d < n_docs; d++)
        tok += tokens[d];
    if (tok <= 0)
        return SLANT_EEMPTY;

    for (size_t f = 0; f < n_frames; f++) {
        double k = 0;
        for (size_t d = 0; d < n_docs; d++)
            k += hits[d * n_frames + f];
        struct slant_ci *c = &out[f];
        memset(c, 0, sizeof(*c));
        c->est = k / tok * 1000.0;
        c->hits = k;
        c->tokens = tok;
        c->n_docs = n_docs;
        c->small = n_docs < SLANT_CI_MIN_DOCS || k < SLANT_CI_SMALL_HITS;
        if (n_docs < opt.min_docs) {
            double lo, hi;
            if ((rc = slant_garwood(k, opt.level, &lo, &hi)) < 0)
                return rc;
            c->method = SLANT_CI_GARWOOD;
            c->lo = lo / tok * 1000.0;
            c->hi = hi / tok * 1000.0;
        } else {
            c->method = SLANT_CI_BOOTSTRAP;
        }
    }
    if (n_docs < opt.min_docs)
        return 0;

    /* One draw of documents per replicate serves every frame. */
    size_t B = opt.resamples;
    if (n_frames > SIZE_MAX / B)
        return SLANT_ETOOBIG;
    gsl_rng *r = rng_new(opt.seed);
    if (!r)
        return SLANT_ENOMEM;
    double *rep = slant_xreallocarray(NULL, B * n_frames, sizeof(double));
    double *restrict sum = slant_xreallocarray(NULL, n_frames, sizeof(double));
    size_t *cnt = slant_xreallocarray(NULL, n_docs, sizeof(size_t));
    size_t kept = 0;
    for (size_t b = 0; b < B; b++) {
        /* Count how often each document is drawn, then add each drawn
         * document's row once, weighted: about a third of the documents are
         * not drawn at all, and the weighted row loop vectorises. */
        memset(cnt, 0, n_docs * sizeof(size_t));
        for (size_t i = 0; i < n_docs; i++)
            cnt[draw(r, n_docs)]++;
        double t = 0;
        memset(sum, 0, n_frames * sizeof(double));
        for (size_t d = 0; d < n_docs; d++) {
            if (!cnt[d])
                continue;
            double w = (double)cnt[d];
            const double *restrict row = hits + d * n_frames;
            t += w * tokens[d];
            for (size_t f = 0; f < n_frames; f++)
                sum[f] += w * row[f];
        }
        if (t <= 0)
            continue; /* no rate in this replicate: skipped, counted */
        for (size_t f = 0; f < n_frames; f++)
            rep[f * B + kept] = sum[f] / t * 1000.0;
        kept++;
    }
    rc = 0;
    for (size_t f = 0; f < n_frames && rc == 0; f++) {
        out[f].resamples = B;
        out[f].skipped = B - kept;
        rc = percentile_ci(rep + f * B, kept, opt.level, &out[f].lo, &out[f].hi);
    }
    free(cnt);
    free(sum);
    free(rep);
    gsl_rng_free(r);
    return rc;
}

int slant_rate_ci(const double *hits, const double *tokens, size_t n_docs,
                  const struct slant_ci_opts *o, struct slant_ci *out)
{
    return slant_rate_ci_multi(hits, 1, tokens, n_docs, o, out);
}

/* ------------------------------------------------------------------------
 * 2. Frame preference index
 * ------------------------------------------------------------------------ */

int slant_fpi_ci(const double *legit, const double *deleg, size_t n_docs,
                 const struct slant_ci_opts *o, struct slant_ci *out)
{
    struct slant_ci_opts opt;
    int rc = resolve_opts(o, &opt);
    if (rc < 0)
        return rc;
    if (!legit || !deleg || !out)
        return SLANT_EINVAL;
    if ((rc = check_counts(legit, n_docs)) < 0 || (rc = check_counts(deleg, n_docs)) < 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->n_docs = n_docs;
    double L = 0, D = 0;
    for (size_t i = 0; i < n_docs; i++) {
        L += legit[i];
        D += deleg[i];
    }
    out->hits = L + D;
    out->small = n_docs < SLANT_CI_MIN_DOCS || L + D < SLANT_CI_SMALL_HITS;
    if (L + D <= 0)
        return SLANT_EEMPTY;
    out->est = (L - D) / (L + D);

    if (n_docs < opt.min_docs) {
        double a = 1.0 - opt.level;
        double plo = L > 0 ? gsl_cdf_beta_Pinv(a / 2, L, D + 1) : 0.0;
        double phi = D > 0 ? gsl_cdf_beta_Qinv(a / 2, L + 1, D) : 1.0;
        if (!isfinite(plo) || !isfinite(phi))
            return SLANT_EMATH;
        out->method = SLANT_CI_CLOPPER_PEARSON;
        out->lo = 2 * plo - 1;
        out->hi = 2 * phi - 1;
        return 0;
    }

    size_t B = opt.resamples;
    gsl_rng *r = rng_new(opt.seed);
    if (!r)
        return SLANT_ENOMEM;
    double *rep = slant_xreallocarray(NULL, B, sizeof(double));
    size_t kept = 0;
    for (size_t b = 0; b < B; b++) {
        double l = 0, d = 0;
        for (size_t i = 0; i < n_docs; i++) {
            size_t k = draw(r, n_docs);
            l += legit[k];
            d += deleg[k];
        }
        if (l + d <= 0)
            continue;
        rep[kept++] = (l - d) / (l + d);
    }
    out->method = SLANT_CI_BOOTSTRAP;
    out->resamples = B;
    out->skipped = B - kept;
    rc = percentile_ci(rep, kept, opt.level, &out->lo, &out->hi);
    free(rep);
    gsl_rng_free(r);
    return rc;
}

/* ------------------------------------------------------------------------
 * 3. Comparisons
 * ------------------------------------------------------------------------ */

static double log_ratio_raw(double a, double na, double b, double nb)
{
    if (a == 0)
        a = 0.5;
    if (b == 0)
        b = 0.5;
    return log2((a / na) / (b / nb));
}

int slant_log_ratio(double a, double na, double b, double nb, double *out)
{
    if (bad_count(a) || bad_count(b) || !isfinite(na) || !isfinite(nb) || na <= 0 || nb <= 0)
        return SLANT_EINVAL;
    *out = log_ratio_raw(a, na, b, nb);
    return 0;
}

static double olog(double o, double e)
{
    return o > 0 ? o * log(o / e) : 0.0; /* 0 log 0 = 0; o > 0 implies e > 0 */
}

/* Signed G2 without argument checks (the keyness loop checks once). */
static double g2_raw(double a, double na, double b, double nb)
{
    double n = na + nb, k = a + b, rest = n - k;
    double g = 2.0 * (olog(a, na * k / n) + olog(b, nb * k / n) + olog(na - a, na * rest / n) +
                      olog(nb - b, nb * rest / n));
    if (g < 0) /* rounding when the observed equal the expected */
        g = 0;
    return a * nb < b * na ? -g : g;
}

int slant_g2(double a, double na, double b, double nb, double *g2, double *p)
{
    if (bad_count(a) || bad_count(b) || bad_count(na) || bad_count(nb) || a > na || b > nb ||
        na + nb <= 0)
        return SLANT_EINVAL;
    double g = g2_raw(a, na, b, nb);
    if (!isfinite(g))
        return SLANT_EMATH;
    if (p) {
        double q = gsl_cdf_chisq_Q(fabs(g), 1.0);
        if (!isfinite(q))
            return SLANT_EMATH;
        *p = q;
    }
    *g2 = g;
    return 0;
}

int slant_compare(double a, double na, double b, double nb, struct slant_cmp *out)
{
    int rc = slant_log_ratio(a, na, b, nb, &out->log_ratio);
    if (rc < 0)
        return rc;
    return slant_g2(a, na, b, nb, &out->g2, &out->p);
}

struct pidx {
    double p;
    size_t i;
};

static int cmp_pidx(const void *x, const void *y)
{
    const struct pidx *a = x, *b = y;
    if (a->p != b->p)
        return a->p < b->p ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i; /* stable: deterministic on ties */
}

int slant_bh_adjust(const double *p, size_t n, double *adj)
{
    if (n == 0)
        return 0;
    if (!p || !adj)
        return SLANT_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!(p[i] >= 0 && p[i] <= 1))
            return SLANT_EINVAL;
    struct pidx *s = slant_xreallocarray(NULL, n, sizeof(*s));
    for (size_t i = 0; i < n; i++) {
        s[i].p = p[i];
        s[i].i = i;
    }
    qsort(s, n, sizeof(*s), cmp_pidx);
    double run = 1.0;
    for (size_t r = n; r-- > 0;) {
        double v = s[r].p * (double)n / (double)(r + 1);
        if (v < run)
            run = v;
        s[r].p = run; /* reuse the slot: the raw p is no longer needed */
    }
    for (size_t r = 0; r < n; r++)
        adj[s[r].i] = s[r].p;
    free(s);
    return 0;
}

/* --- Mann-Whitney --- */

struct vg {
    double v;
    size_t i;
};

static int cmp_vg(const void *x, const void *y)
{
    const struct vg *a = x, *b = y;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* Coefficients of the Gaussian binomial [m+n choose m]_q: c[k] is the number
 * of arrangements with U = k.  Built as prod_{i=1..m} (1 - q^(n+i))/(1 - q^i);
 * every partial product is itself a Gaussian binomial, so all values are
 * integers below C(m+n, m) <= 2^62 (checked by the caller). */
static int64_t *mw_counts(size_t m, size_t n)
{
    size_t len = m * n + m + 1;
    int64_t *c = slant_xcalloc(len, sizeof(*c));
    c[0] = 1;
    size_t deg = 0;
    for (size_t i = 1; i <= m; i++) {
        size_t k = n + i;
        for (size_t t = deg + k; t >= k; t--) /* times (1 - q^k), high to low */
            c[t] -= c[t - k];
        for (size_t t = i; t <= deg + k; t++)
            c[t] += c[t - i]; /* divide by (1 - q^i): running sum, stride i */
        deg = i * n;
    }
    return c;
}

/* C(m+n, m) <= 2^62?  Computed in long double, exact enough for the bound. */
static int binom_fits(size_t m, size_t n)
{
    long double c = 1;
    size_t k = m < n ? m : n;
    for (size_t i = 1; i <= k; i++) {
        c = c * (long double)(m + n - k + i) / (long double)i;
        if (c > 4.611686018427387904e18L)
            return 0;
    }
    return 1;
}

int slant_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
                       enum slant_mw_method method, struct slant_mw *out)
{
    if (nx == 0 || ny == 0)
        return SLANT_EEMPTY;
    if (!x || !y || !out)
        return SLANT_EINVAL;
    size_t n = nx + ny;
    struct vg *v = slant_xreallocarray(NULL, n, sizeof(*v));
    for (size_t i = 0; i < n; i++) {
        v[i].v = i < nx ? x[i] : y[i - nx];
        v[i].i = i;
        if (!isfinite(v[i].v)) {
            free(v);
            return SLANT_EINVAL;
        }
    }
    qsort(v, n, sizeof(*v), cmp_vg);
    /* Average ranks over runs of ties; tie term sum(t^3 - t). */
    double r1 = 0, tie = 0;
    for (size_t s = 0; s < n;) {
        size_t e = s + 1;
        while (e < n && v[e].v == v[s].v)
            e++;
        double t = (double)(e - s), rank = (double)(s + 1 + e) / 2.0;
        for (size_t k = s; k < e; k++)
            if (v[k].i < nx)
                r1 += rank;
        tie += t * t * t - t;
        s = e;
    }
    free(v);
    double n1 = (double)nx, n2 = (double)ny;
    double u1 = r1 - n1 * (n1 + 1) / 2.0, u2 = n1 * n2 - u1;
    double u = u1 > u2 ? u1 : u2;
    memset(out, 0, sizeof(*out));
    out->u = u1;

    if (method == SLANT_MW_AUTO)
        method = (nx <= 8 && ny <= 8 && tie == 0) ? SLANT_MW_EXACT : SLANT_MW_ASYMPTOTIC;
    if (method == SLANT_MW_EXACT) {
        if (tie != 0)
            return SLANT_EINVAL;
        if (!binom_fits(nx, ny))
            return SLANT_ETOOBIG;
        int64_t *c = mw_counts(nx, ny);
        size_t top = nx * ny, ku = (size_t)u;
        /* P(U >= u) = sum of the upper tail over the total, in exact integers */
        uint64_t tail = 0, total = 0;
        for (size_t k = 0; k <= top; k++) {
            total += (uint64_t)c[k];
            if (k >= ku)
                tail += (uint64_t)c[k];
        }
        free(c);
        double p = 2.0 * ((double)tail / (double)total);
        out->p = p > 1 ? 1 : p;
        out->method = SLANT_MW_EXACT;
        return 0;
    }
    if (method != SLANT_MW_ASYMPTOTIC)
        return SLANT_EINVAL;
    double nn = n1 + n2;
    double s = sqrt(n1 * n2 / 12.0 * ((nn + 1) - tie / (nn * (nn - 1))));
    out->method = SLANT_MW_ASYMPTOTIC;
    if (!(s > 0)) { /* every value tied: no evidence either way */
        out->p = 1;
        return 0;
    }
    double z = (u - n1 * n2 / 2.0 - 0.5) / s;
    double p = 2.0 * gsl_cdf_ugaussian_Q(z);
    if (!isfinite(p))
        return SLANT_EMATH;
    out->z = z;
    out->p = p > 1 ? 1 : p;
    return 0;
}

/* Per-document rates of the documents that have tokens; returns the count. */
static size_t doc_rates(const double *hits, const double *tokens, size_t n, double *rate)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (tokens[i] > 0)
            rate[k++] = hits[i] / tokens[i] * 1000.0;
    return k;
}

int slant_doc_mann_whitney(const double *hits_a, const double *tokens_a, size_t n_a,
                           const double *hits_b, const double *tokens_b, size_t n_b,
                           enum slant_mw_method method, struct slant_mw *out)
{
    int rc;
    if (!hits_a || !tokens_a || !hits_b || !tokens_b || !out)
        return SLANT_EINVAL;
    if ((rc = check_counts(hits_a, n_a)) < 0 || (rc = check_counts(tokens_a, n_a)) < 0 ||
        (rc = check_counts(hits_b, n_b)) < 0 || (rc = check_counts(tokens_b, n_b)) < 0)
        return rc;
    double *ra = slant_xreallocarray(NULL, n_a + n_b + 1, sizeof(double));
    double *rb = ra + n_a;
    size_t ka = doc_rates(hits_a, tokens_a, n_a, ra);
    size_t kb = doc_rates(hits_b, tokens_b, n_b, rb);
    rc = slant_mann_whitney(ra, ka, rb, kb, method, out);
    free(ra);
    return rc;
}

/* --- Permutation test --- */

int slant_perm_test(const double *hits_a, const double *tokens_a, size_t n_a, const double *hits_b,
                    const double *tokens_b, size_t n_b, const struct slant_ci_opts *o,
                    struct slant_perm *out)
{
    struct slant_ci_opts opt;
    int rc = resolve_opts(o, &opt);
    if (rc < 0)
        return rc;
    if (!hits_a || !tokens_a || !hits_b || !tokens_b || !out)
        return SLANT_EINVAL;
    if ((rc = check_counts(hits_a, n_a)) < 0 || (rc = check_counts(tokens_a, n_a)) < 0 ||
        (rc = check_counts(hits_b, n_b)) < 0 || (rc = check_counts(tokens_b, n_b)) < 0)
        return rc;
    size_t n = n_a + n_b;
    double *h = slant_xreallocarray(NULL, 2 * n, sizeof(double));
    double *t = h + n;
    double ha = 0, ta = 0, hb = 0, tb = 0;
    for (size_t i = 0; i < n_a; i++) {
        h[i] = hits_a[i];
        t[i] = tokens_a[i];
        ha += h[i];
        ta += t[i];
    }
    for (size_t i = 0; i < n_b; i++) {
        h[n_a + i] = hits_b[i];
        t[n_a + i] = tokens_b[i];
        hb += h[n_a + i];
        tb += t[n_a + i];
    }
    if (ta <= 0 || tb <= 0) {
        free(h);
        return SLANT_EEMPTY;
    }
    double H = ha + hb, T = ta + tb;
    double diff = (ha / ta - hb / tb) * 1000.0;
    double thr = fabs(diff) * (1 - 1e-12);
    gsl_rng *r = rng_new(opt.seed);
    if (!r) {
        free(h);
        return SLANT_ENOMEM;
    }
    size_t B = opt.resamples, extreme = 0;
    for (size_t b = 0; b < B; b++) {
        /* A partial Fisher-Yates shuffle: the first n_a slots become a
         * uniform random subset (the array need not be reset between
         * relabellings, any order is as good a start). */
        double sh = 0, st = 0;
        for (size_t i = 0; i < n_a; i++) {
            size_t j = i + draw(r, n - i);
            double x = h[i];
            h[i] = h[j];
            h[j] = x;
            x = t[i];
            t[i] = t[j];
            t[j] = x;
            sh += h[i];
            st += t[i];
        }
        if (st <= 0 || T - st <= 0)
            continue;
        double d = (sh / st - (H - sh) / (T - st)) * 1000.0;
        if (fabs(d) >= thr)
            extreme++;
    }
    gsl_rng_free(r);
    free(h);
    out->diff = diff;
    out->resamples = B;
    out->p = (1.0 + (double)extreme) / (1.0 + (double)B);
    return 0;
}

/* ------------------------------------------------------------------------
 * 4. Keyness
 * ------------------------------------------------------------------------ */

int slant_keyness(const double *y_group, const double *y_total, size_t n_terms, double alpha0,
                  const struct slant_keyness_out *out)
{
    if (!y_group || !y_total || !out)
        return SLANT_EINVAL;
    if (!(alpha0 > 0))
        alpha0 = SLANT_KEYNESS_ALPHA0;
    if (!isfinite(alpha0))
        return SLANT_EINVAL;
    double ni = 0, N = 0;
    size_t used = 0;
    for (size_t w = 0; w < n_terms; w++) {
        if (bad_count(y_group[w]) || bad_count(y_total[w]) || y_group[w] > y_total[w])
            return SLANT_EINVAL;
        ni += y_group[w];
        N += y_total[w];
        used += y_total[w] > 0;
    }
    double nj = N - ni;
    if (ni <= 0 || nj <= 0)
        return SLANT_EEMPTY;
    if (used < 2)
        return SLANT_EINVAL; /* one term has the whole corpus: no odds */
    for (size_t w = 0; w < n_terms; w++) {
        double yi = y_group[w], yt = y_total[w], yj = yt - yi;
        double delta = 0, z = 0, g = 0, lr = 0;
        if (yt > 0) {
            double a = alpha0 * yt / N;
            delta = log((yi + a) / (ni + alpha0 - yi - a)) - log((yj + a) / (nj + alpha0 - yj - a));
            z = delta / sqrt(1.0 / (yi + a) + 1.0 / (yj + a));
            g = g2_raw(yi, ni, yj, nj);
            lr = log_ratio_raw(yi, ni, yj, nj);
            if (!isfinite(z) || !isfinite(g) || !isfinite(lr))
                return SLANT_EMATH;
        }
        if (out->delta)
            out->delta[w] = delta;
        if (out->z)
            out->z[w] = z;
        if (out->g2)
            out->g2[w] = g;
        if (out->log_ratio)
            out->log_ratio[w] = lr;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * 5. The outlet map: JSD, correspondence analysis, Wordfish
 * ------------------------------------------------------------------------ */

int slant_jsd_matrix(const double *x, size_t n_rows, size_t n_cols, double *out)
{
    if (!x || !out || n_cols == 0)
        return SLANT_EINVAL;
    int rc = check_counts(x, n_rows * n_cols);
    if (rc < 0)
        return rc;
    double *p = slant_xreallocarray(NULL, n_rows * n_cols + 1, sizeof(double));
    for (size_t i = 0; i < n_rows; i++) {
        double s = 0;
        for (size_t k = 0; k < n_cols; k++)
            s += x[i * n_cols + k];
        if (s <= 0) {
            free(p);
            return SLANT_EEMPTY;
        }
        for (size_t k = 0; k < n_cols; k++)
            p[i * n_cols + k] = x[i * n_cols + k] / s;
    }
    for (size_t i = 0; i < n_rows; i++) {
        out[i * n_rows + i] = 0;
        for (size_t j = i + 1; j < n_rows; j++) {
            const double *a = p + i * n_cols, *b = p + j * n_cols;
            double d = 0;
            for (size_t k = 0; k < n_cols; k++) {
                double m = (a[k] + b[k]) / 2;
                if (a[k] > 0)
                    d += a[k] * log2(a[k] / m);
                if (b[k] > 0)
                    d += b[k] * log2(b[k] / m);
            }
            d /= 2;
            d = d < 0 ? 0 : d > 1 ? 1 : d;
            out[i * n_rows + j] = out[j * n_rows + i] = d;
        }
    }
    free(p);
    return 0;
}

/*
 * Thin SVD of the row-major m x n matrix a: u (m x k), s (k), v (n x k),
 * k = min(m, n), singular values descending.  GSL's Golub-Reinsch routine
 * wants rows >= columns, so a wide matrix is decomposed as its transpose
 * (a' = U S V' means a = V S U').
 */
static int svd_thin(const double *a, size_t m, size_t n, double *u, double *s, double *v)
{
    int tr = m < n;
    size_t M = tr ? n : m, N = tr ? m : n;
    gsl_matrix *A = gsl_matrix_alloc(M, N);
    gsl_matrix *V = gsl_matrix_alloc(N, N);
    gsl_vector *S = gsl_vector_alloc(N);
    gsl_vector *W = gsl_vector_alloc(N);
    int rc = 0;
    if (!A || !V || !S || !W) {
        rc = SLANT_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            if (tr)
                gsl_matrix_set(A, j, i, a[i * n + j]);
            else
                gsl_matrix_set(A, i, j, a[i * n + j]);
        }
    if (gsl_linalg_SV_decomp(A, V, S, W) != GSL_SUCCESS) {
        rc = SLANT_EMATH;
        goto out;
    }
    /* A now holds the M x N left vectors, V the N x N right vectors. */
    for (size_t k = 0; k < N; k++) {
        s[k] = gsl_vector_get(S, k);
        for (size_t i = 0; i < M; i++)
            (tr ? v : u)[i * N + k] = gsl_matrix_get(A, i, k);
        for (size_t j = 0; j < N; j++)
            (tr ? u : v)[j * N + k] = gsl_matrix_get(V, j, k);
    }
out:
    gsl_vector_free(W);
    gsl_vector_free(S);
    gsl_matrix_free(V);
    gsl_matrix_free(A);
    return rc;
}

int slant_ca(const double *table, size_t n_rows, size_t n_cols, struct slant_ca *out)
{
    if (!table || !out || !out->row_coord || !out->col_coord || n_rows < 2 || n_cols < 2)
        return SLANT_EINVAL;
    int rc = check_counts(table, n_rows * n_cols);
    if (rc < 0)
        return rc;
    size_t R = n_rows, C = n_cols, K = R < C ? R : C;
    double *r = slant_xcalloc(R + C, sizeof(double)), *c = r + R;
    double n = 0;
    for (size_t i = 0; i < R; i++)
        for (size_t j = 0; j < C; j++) {
            r[i] += table[i * C + j];
            c[j] += table[i * C + j];
            n += table[i * C + j];
        }
    for (size_t i = 0; i < R + C; i++)
        if (!(r[i] > 0)) {
            free(r);
            return SLANT_EINVAL;
        }
    for (size_t i = 0; i < R + C; i++)
        r[i] /= n;
    double *S = slant_xreallocarray(NULL, R * C + (R + C + 1) * K, sizeof(double));
    double *U = S + R * C, *V = U + R * K, *sv = V + C * K;
    for (size_t i = 0; i < R; i++)
        for (size_t j = 0; j < C; j++)
            S[i * C + j] = (table[i * C + j] / n - r[i] * c[j]) / sqrt(r[i] * c[j]);
    rc = svd_thin(S, R, C, U, sv, V);
    if (rc < 0)
        goto out;
    double total = 0;
    for (size_t k = 0; k < K; k++)
        total += sv[k] * sv[k];
    if (!(total > 0)) { /* rows and columns independent: there is no map */
        rc = SLANT_EEMPTY;
        goto out;
    }
    out->n_axes = K - 1;
    out->total_inertia = total;
    for (size_t k = 0; k < 2; k++) {
        int live = k < K - 1;
        double s = live ? sv[k] : 0;
        out->sv[k] = s;
        out->share[k] = s * s / total;
        for (size_t i = 0; i < R; i++)
            out->row_coord[i * 2 + k] = live ? U[i * K + k] * s / sqrt(r[i]) : 0;
        for (size_t j = 0; j < C; j++)
            out->col_coord[j * 2 + k] = live ? V[j * K + k] * s / sqrt(c[j]) : 0;
        /* The SVD's signs are arbitrary: make the largest row coordinate
         * positive so that the same table always draws the same map. */
        size_t best = 0;
        for (size_t i = 1; i < R; i++)
            if (fabs(out->row_coord[i * 2 + k]) > fabs(out->row_coord[best * 2 + k]))
                best = i;
        if (out->row_coord[best * 2 + k] < 0) {
            for (size_t i = 0; i < R; i++)
                out->row_coord[i * 2 + k] = -out->row_coord[i * 2 + k];
            for (size_t j = 0; j < C; j++)
                out->col_coord[j * 2 + k] = -out->col_coord[j * 2 + k];
        }
    }
out:
    free(S);
    free(r);
    return rc;
}

/* --- Wordfish --- */

/* Penalised Poisson log-likelihood (without the log y! constant) of the
 * model below. */
static double pois_ll(const double *y, size_t ys, const double *off, const double *x, size_t n,
                      double t0, double t1, double prec)
{
    double ll = -0.5 * prec * t1 * t1;
    for (size_t k = 0; k < n; k++) {
        double eta = off[k] + t0 + t1 * x[k];
        ll += y[k * ys] * eta - exp(eta);
    }
    return ll;
}

/* Newton steps (with step halving, so the likelihood never drops) on a
 * 2-parameter Poisson regression: log lambda_k = off[k] + t0 + t1 * x[k] for
 * k < n, observations y[k * ys], an optional N(0, sd^2) prior on t1 (prec =
 * 1/sd^2, 0 for none).  Returns 0, or SLANT_EMATH when the Hessian is not
 * negative definite (e.g. the covariate is constant). */
static int newton2(const double *y, size_t ys, const double *off, const double *x, size_t n,
                   double prec, double *t0, double *t1)
{
    for (int it = 0; it < 8; it++) {
        double g0 = 0, g1 = -prec * *t1, h00 = 0, h01 = 0, h11 = prec;
        for (size_t k = 0; k < n; k++) {
            double lam = exp(off[k] + *t0 + *t1 * x[k]);
            double res = y[k * ys] - lam;
            g0 += res;
            g1 += res * x[k];
            h00 += lam;
            h01 += lam * x[k];
            h11 += lam * x[k] * x[k];
        }
        double det = h00 * h11 - h01 * h01;
        if (!(det > 0) || !isfinite(det))
            return SLANT_EMATH;
        /* step = (-H)^-1 g, with -H = [[h00, h01], [h01, h11]] */
        double d0 = (h11 * g0 - h01 * g1) / det, d1 = (h00 * g1 - h01 * g0) / det;
        double ll0 = pois_ll(y, ys, off, x, n, *t0, *t1, prec);
        double step = 1;
        for (int h = 0; h < 30; h++, step /= 2) {
            double ll = pois_ll(y, ys, off, x, n, *t0 + step * d0, *t1 + step * d1, prec);
            if (isfinite(ll) && ll >= ll0)
                break;
        }
        if (step < 1e-9)
            return 0; /* no ascent left: at the optimum to rounding */
        *t0 += step * d0;
        *t1 += step * d1;
        if (fabs(step * d0) + fabs(step * d1) < 1e-12 * (1 + fabs(*t0) + fabs(*t1)))
            return 0;
    }
    return 0;
}

/* Rescale to omega mean 0, sd 1 and alpha_0 = 0 without changing any lambda. */
static void wf_normalise(size_t I, size_t J, double *alpha, double *omega, double *psi,
                         double *beta)
{
    double m = 0, v = 0;
    for (size_t i = 0; i < I; i++)
        m += omega[i];
    m /= (double)I;
    for (size_t i = 0; i < I; i++)
        v += (omega[i] - m) * (omega[i] - m);
    double sd = sqrt(v / (double)(I - 1));
    if (!(sd > 0))
        sd = 1;
    for (size_t i = 0; i < I; i++)
        omega[i] = (omega[i] - m) / sd;
    double a0 = alpha[0];
    for (size_t j = 0; j < J; j++) {
        psi[j] += beta[j] * m + a0;
        beta[j] *= sd;
    }
    for (size_t i = 0; i < I; i++)
        alpha[i] -= a0;
}

int slant_wordfish(const double *y, size_t n_docs, size_t n_words,
                   const struct slant_wordfish_opts *o, struct slant_wordfish *out)
{
    if (!y || !out || !out->omega || n_docs < 3 || n_words < 2)
        return SLANT_EINVAL;
    int rc = check_counts(y, n_docs * n_words);
    if (rc < 0)
        return rc;
    size_t I = n_docs, J = n_words;
    size_t lo = 0, hi = I - 1, max_iter = 500;
    double tol = 1e-9, bsd = 3;
    if (o) {
        if (o->dir_lo || o->dir_hi) {
            lo = o->dir_lo;
            hi = o->dir_hi;
        }
        if (o->max_iter)
            max_iter = o->max_iter;
        if (o->tol > 0)
            tol = o->tol;
        if (o->beta_prior_sd > 0)
            bsd = o->beta_prior_sd;
    }
    if (lo >= I || hi >= I || lo == hi)
        return SLANT_EINVAL;
    double prec = 1.0 / (bsd * bsd);

    /* alpha, omega (I); psi, beta (J); scratch: offsets and log counts */
    size_t nbuf = 2 * I + 2 * J + 2 * (I > J ? I : J) + I * J + (I + J + 1) * (I < J ? I : J);
    double *mem = slant_xcalloc(nbuf, sizeof(double));
    double *alpha = mem, *omega = alpha + I, *psi = omega + I, *beta = psi + J;
    double *off = beta + J, *xs = off + (I > J ? I : J);
    double *L = xs + (I > J ? I : J);
    size_t K = I < J ? I : J;
    double *U = L + I * J, *V = U + I * K, *sv = V + J * K;

    /* Starting values (Slapin & Proksch 2008, p. 709): psi_j = log mean
     * count of word j; alpha_i = log(mean count of document i / mean count
     * of document 1); beta and omega from the first singular vectors of the
     * double-centred log(y + 1) matrix (the +1 keeps zero counts finite). */
    double row0 = 0;
    for (size_t j = 0; j < J; j++)
        row0 += y[j];
    for (size_t i = 0; i < I; i++) {
        double s = 0;
        for (size_t j = 0; j < J; j++)
            s += y[i * J + j];
        if (!(s > 0)) {
            rc = SLANT_EINVAL;
            goto out;
        }
        alpha[i] = log(s / row0);
    }
    for (size_t j = 0; j < J; j++) {
        double s = 0;
        for (size_t i = 0; i < I; i++)
            s += y[i * J + j];
        if (!(s > 0)) {
            rc = SLANT_EINVAL;
            goto out;
        }
        psi[j] = log(s / (double)I);
    }
    {
        double grand = 0;
        for (size_t k = 0; k < I * J; k++) {
            L[k] = log(y[k] + 1);
            grand += L[k];
        }
        grand /= (double)(I * J);
        for (size_t i = 0; i < I; i++) {
            double m = 0;
            for (size_t j = 0; j < J; j++)
                m += L[i * J + j];
            off[i] = m / (double)J;
        }
        for (size_t j = 0; j < J; j++) {
            double m = 0;
            for (size_t i = 0; i < I; i++)
                m += L[i * J + j];
            xs[j] = m / (double)I;
        }
        for (size_t i = 0; i < I; i++)
            for (size_t j = 0; j < J; j++)
                L[i * J + j] += grand - off[i] - xs[j];
        if ((rc = svd_thin(L, I, J, U, sv, V)) < 0)
            goto out;
        for (size_t i = 0; i < I; i++)
            omega[i] = U[i * K];
        for (size_t j = 0; j < J; j++)
            beta[j] = V[j * K] * sv[0];
    }
    wf_normalise(I, J, alpha, omega, psi, beta);

    double ll_prev = -HUGE_VAL, ll = 0;
    size_t it;
    out->converged = 0;
    for (it = 1; it <= max_iter; it++) {
        /* words given documents: offsets alpha_i, covariate omega_i */
        for (size_t j = 0; j < J; j++)
            if ((rc = newton2(y + j, J, alpha, omega, I, prec, &psi[j], &beta[j])) < 0)
                goto out;
        /* documents given words: offsets psi_j, covariate beta_j */
        for (size_t i = 0; i < I; i++)
            if ((rc = newton2(y + i * J, 1, psi, beta, J, 0, &alpha[i], &omega[i])) < 0)
                goto out;
        wf_normalise(I, J, alpha, omega, psi, beta);
        ll = 0;
        for (size_t i = 0; i < I; i++)
            for (size_t j = 0; j < J; j++) {
                double eta = alpha[i] + psi[j] + beta[j] * omega[i];
                ll += y[i * J + j] * eta - exp(eta) - lgamma(y[i * J + j] + 1);
            }
        if (!isfinite(ll)) {
            rc = SLANT_EMATH;
            goto out;
        }
        if (fabs(ll - ll_prev) <= tol * fabs(ll)) {
            out->converged = 1;
            break;
        }
        ll_prev = ll;
    }
    out->iterations = it > max_iter ? max_iter : it;
    out->loglik = ll;

    if (omega[lo] > omega[hi]) { /* the scale's direction is arbitrary */
        for (size_t i = 0; i < I; i++)
            omega[i] = -omega[i];
        for (size_t j = 0; j < J; j++)
            beta[j] = -beta[j];
    }
    for (size_t i = 0; i < I; i++) {
        out->omega[i] = omega[i];
        if (out->alpha)
            out->alpha[i] = alpha[i];
        if (out->se) {
            /* information of (alpha_i, omega_i) with word parameters fixed */
            double h00 = 0, h01 = 0, h11 = 0;
            for (size_t j = 0; j < J; j++) {
                double lam = exp(alpha[i] + psi[j] + beta[j] * omega[i]);
                h00 += lam;
                h01 += lam * beta[j];
                h11 += lam * beta[j] * beta[j];
            }
            double det = h00 * h11 - h01 * h01;
            if (!(det > 0)) {
                rc = SLANT_EMATH;
                goto out;
            }
            out->se[i] = sqrt(h00 / det);
        }
    }
    for (size_t j = 0; j < J; j++) {
        if (out->psi)
            out->psi[j] = psi[j];
        if (out->beta)
            out->beta[j] = beta[j];
    }
out:
    free(mem);
    return rc;
}
