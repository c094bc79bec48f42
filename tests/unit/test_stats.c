/*
 * test_stats.c - the statistics module against scipy, plus properties.
 *
 * Reference values come from tests/unit/ref/stats_ref.py (run with Debian's
 * /usr/bin/python3: scipy 1.10.1, numpy 1.24.2), pasted below with full
 * precision; the inputs in the script are the same literals as here.
 * Bootstrap and permutation results have no scipy counterpart: they are
 * tested for determinism, for containing the estimate, and for coverage on
 * simulated data.  Wordfish is tested on data simulated from its own model
 * (recovering the positions), not against a reference implementation.
 */
#include "testutil.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "slant/err.h"
#include "slant/stats.h"

/* ---- pasted from stats_ref.py ------------------------------------------ */
static const double garwood_k[] = {0, 1, 2, 5, 17, 100, 2.5};
static const double garwood_lo[] = {0,
                                    0.025317807984289876,
                                    0.24220927854396496,
                                    1.6234863901184207,
                                    9.9031264696072938,
                                    81.363991250923135,
                                    0.41560580674333125};
static const double garwood_hi[] = {3.6888794541139354, 5.571643390938898,  7.22468766772396,
                                    11.668332079322671, 27.218646815906613, 121.62679379242638,
                                    8.0063821373146631};
#define GARWOOD90_LO 1.3663183967498309
#define GARWOOD90_HI 9.1535190266375732
static const double cp_lo[] = {-0.61175910063351324, -1, -0.043647500209962997,
                               -0.67422825568980072};
static const double cp_hi[] = {0.98738107358058036, 0.20472927123294915, 1, 0.23284415337118936};
static const double cmp_lr[] = {2, -0.4739311883324126, -3.2223924213364481, 0,
                                0.90689059560851848};
static const double cmp_g2[] = {6.969191931932806, -9.6899388294126396, -7.1646580141193921, 0,
                                0.51648105049201254};
static const double cmp_p[] = {0.0082924935848071226, 0.0018527970782611484, 0.0074353864703814746,
                               1, 0.47234663802790311};
static const double bh_adj[] = {0.040000000000000001,
                                0.059999999999999998,
                                0.059999999999999998,
                                0.26666666666666666,
                                0.059999999999999998,
                                0.98181818181818181,
                                0.0060000000000000001,
                                0.59999999999999998,
                                0.059999999999999998,
                                0,
                                1,
                                0.059999999999999998};
#define MW_ASYM_U 78.5
#define MW_ASYM_P 0.029253499879457003
#define MW_EXACT_U 22
#define MW_EXACT_P 0.24675324675324672
#define MW_EXACT_ASYM_P 0.23533326650958586
#define MW_BIG_U 46
#define MW_BIG_P 0.38097196920726339
static const double mw_lx[] = {0,
                               0.31,
                               0.64000000000000001,
                               0.91999999999999993,
                               1.22,
                               1.54,
                               1.8099999999999998,
                               2.1000000000000001,
                               2.4099999999999997,
                               2.7399999999999998,
                               3.02,
                               3.3199999999999998};
static const double mw_ly[] = {0.5,
                               0.91500000000000004,
                               1.3300000000000001,
                               1.6019999999999999,
                               2.0169999999999999,
                               2.2890000000000001,
                               2.7039999999999997,
                               2.9759999999999995,
                               3.391,
                               3.6629999999999998};
static const double key_delta[] = {0.34928310513010308, -0.1917991486405235,
                                   -0.2679128610045618, -0.094007279413742317,
                                   0.11178538665735394, -0.06979472587764024};
static const double key_z[] = {2.9133519214510422,   -1.1464752920539392, -0.68437724627855101,
                               -0.76914252133689598, 0.41092672833495802, -1.425427051990741};
static const double key_g2[] = {42.936627970227143,  -8.7102920172965472, -4.3754251628406333,
                                -3.2862021579820677, 0.93298867451220646, -3.768446807871296};
static const double key_lr[] = {2.6147098441152083,   -2.1222557500509978, -2.4441838449383604,
                                -0.78522076277342734, 0.87774424994900202, -0.19264507794239591};
static const double key_z50[] = {5.8394832637913607,  -2.359125687112865,  -1.2957175190894268,
                                 -1.6428278137895529, 0.88225475273544141, -3.0143971188978083};
static const double jsd_ref[] = {
    0, 0.27680869479321146, 0.14402922606181251, 0.99999999999999978, 0.27680869479321146,
    0, 0.20178964026683746, 0.7169171866886993,  0.14402922606181251, 0.20178964026683746,
    0, 0.60998654701098753, 0.99999999999999978, 0.7169171866886993,  0.60998654701098753,
    0};
static const double ca_row[] = {0.5144440861620706,   -0.23167449005119553, -0.52036601222948575,
                                -0.39291336789056197, -0.57909946542643043, 0.42897542480722806,
                                0.13793319607493246,  -0.23757972607531286, 0.76613479249417404,
                                0.59673539586517821};
static const double ca_col[] = {0.28730641054417688,  -0.31382772580835028, -0.3292786971408484,
                                -0.44584397348137644, -0.6227638237363039,  0.41721370672222524,
                                0.70921924059985397,  0.31265701351591363};
static const double ca_share[] = {0.51809044333691157, 0.27154592013798501};
#define CA_TOTAL 0.52598622277193718
/* ---- end of pasted values ----------------------------------------------- */

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define REL 1e-9

/* |got - want| within rel of |want| (absolute 1e-12 when want is 0). */
static int close_rel(double got, double want, double rel)
{
    double tol = want == 0 ? 1e-12 : rel * fabs(want);
    if (fabs(got - want) <= tol)
        return 1;
    printf("# got %.17g, want %.17g (rel. error %.3g)\n", got, want,
           want == 0 ? fabs(got) : fabs(got - want) / fabs(want));
    return 0;
}

#define assert_rel(got, want) assert_true(close_rel((got), (want), REL))

/* ---- 1. rates ------------------------------------------------------------ */

static void test_garwood_vs_scipy(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(garwood_k); i++) {
        double lo, hi;
        assert_int_equal(slant_garwood(garwood_k[i], 0.95, &lo, &hi), 0);
        assert_rel(lo, garwood_lo[i]);
        assert_rel(hi, garwood_hi[i]);
    }
    double lo, hi;
    assert_int_equal(slant_garwood(4, 0.90, &lo, &hi), 0);
    assert_rel(lo, GARWOOD90_LO);
    assert_rel(hi, GARWOOD90_HI);
    assert_int_equal(slant_garwood(-1, 0.95, &lo, &hi), SLANT_EINVAL);
    assert_int_equal(slant_garwood(3, 1.0, &lo, &hi), SLANT_EINVAL);
}

static void test_rate_few_docs_is_garwood(void **state)
{
    (void)state;
    /* 3 documents, k = 5 hits in 600 tokens: rate 8.333.../1000 */
    const double hits[] = {2, 0, 3}, tokens[] = {100, 200, 300};
    struct slant_ci ci;
    assert_int_equal(slant_rate_ci(hits, tokens, 3, NULL, &ci), 0);
    assert_int_equal(ci.method, SLANT_CI_GARWOOD);
    assert_rel(ci.est, 5.0 / 600 * 1000);
    assert_rel(ci.lo, garwood_lo[3] / 600 * 1000);
    assert_rel(ci.hi, garwood_hi[3] / 600 * 1000);
    assert_int_equal(ci.small, 1); /* fewer than 10 documents */
    assert_int_equal(ci.resamples, 0);
    assert_true(ci.tokens == 600 && ci.hits == 5 && ci.n_docs == 3);

    /* zero hits: lo = 0, hi = 3.689/600*1000 */
    const double none[] = {0, 0, 0};
    assert_int_equal(slant_rate_ci(none, tokens, 3, NULL, &ci), 0);
    assert_true(ci.lo == 0 && ci.est == 0);
    assert_rel(ci.hi, garwood_hi[0] / 600 * 1000);
}

/* Deterministic pseudo-data: n documents of 200..999 tokens, Poisson hits. */
static void fake_docs(unsigned long seed, size_t n, double rate, double *hits, double *tokens)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    for (size_t i = 0; i < n; i++) {
        tokens[i] = 200 + (double)gsl_rng_uniform_int(r, 800);
        hits[i] = gsl_ran_poisson(r, rate / 1000 * tokens[i]);
    }
    gsl_rng_free(r);
}

static void test_rate_bootstrap_deterministic(void **state)
{
    (void)state;
    double hits[40], tokens[40];
    fake_docs(7, 40, 4.0, hits, tokens);
    struct slant_ci a, b, c;
    assert_int_equal(slant_rate_ci(hits, tokens, 40, NULL, &a), 0);
    assert_int_equal(slant_rate_ci(hits, tokens, 40, NULL, &b), 0);
    assert_memory_equal(&a, &b, sizeof(a));
    assert_int_equal(a.method, SLANT_CI_BOOTSTRAP);
    assert_int_equal(a.resamples, SLANT_CI_RESAMPLES);
    assert_int_equal(a.skipped, 0);
    assert_int_equal(a.small, 0);
    assert_true(a.lo < a.est && a.est < a.hi);
    /* the explicit defaults are the defaults */
    struct slant_ci_opts o;
    slant_ci_opts_init(&o);
    assert_int_equal(slant_rate_ci(hits, tokens, 40, &o, &c), 0);
    assert_memory_equal(&a, &c, sizeof(a));
    /* another seed moves the interval a little, not the estimate */
    o.seed = 99;
    assert_int_equal(slant_rate_ci(hits, tokens, 40, &o, &c), 0);
    assert_true(c.est == a.est);
    assert_true(c.lo != a.lo || c.hi != a.hi);
    assert_true(fabs(c.lo - a.lo) < 0.1 * a.est && fabs(c.hi - a.hi) < 0.1 * a.est);
    /* a narrower level gives a narrower interval inside the wider one */
    o.seed = 0;
    o.level = 0.5;
    assert_int_equal(slant_rate_ci(hits, tokens, 40, &o, &c), 0);
    assert_true(c.lo > a.lo && c.hi < a.hi);
    /* min_docs above n switches to Garwood */
    o.level = 0;
    o.min_docs = 41;
    assert_int_equal(slant_rate_ci(hits, tokens, 40, &o, &c), 0);
    assert_int_equal(c.method, SLANT_CI_GARWOOD);
}

static void test_rate_multi_matches_single(void **state)
{
    (void)state;
    enum { ND = 30, NF = 4 };
    double hits[ND * NF], tokens[ND], col[ND], h[ND];
    for (size_t f = 0; f < NF; f++) {
        fake_docs(100 + f, ND, 1.0 + 3.0 * (double)f, h, tokens);
        for (size_t d = 0; d < ND; d++)
            hits[d * NF + f] = h[d];
    }
    fake_docs(100, ND, 1.0, h, tokens); /* one token array for every frame */
    struct slant_ci multi[NF], one;
    assert_int_equal(slant_rate_ci_multi(hits, NF, tokens, ND, NULL, multi), 0);
    for (size_t f = 0; f < NF; f++) {
        for (size_t d = 0; d < ND; d++)
            col[d] = hits[d * NF + f];
        assert_int_equal(slant_rate_ci(col, tokens, ND, NULL, &one), 0);
        assert_memory_equal(&one, &multi[f], sizeof(one));
    }
}

static void test_rate_bootstrap_coverage(void **state)
{
    (void)state;
    /* 200 simulated outlets of 30 documents with a true rate of 3/1000: a
     * 95% interval should cover it about 190 times (binomial sd ~3). */
    enum { OUTLETS = 200, ND = 30 };
    double hits[ND], tokens[ND];
    struct slant_ci_opts o = {.resamples = 500};
    int covered = 0;
    for (unsigned long s = 1; s <= OUTLETS; s++) {
        struct slant_ci ci;
        fake_docs(1000 + s, ND, 3.0, hits, tokens);
        assert_int_equal(slant_rate_ci(hits, tokens, ND, &o, &ci), 0);
        covered += ci.lo <= 3.0 && 3.0 <= ci.hi;
    }
    printf("# bootstrap coverage %d/%d\n", covered, OUTLETS);
    assert_in_range(covered, 176, 198);
}

static void test_rate_skipped_and_errors(void **state)
{
    (void)state;
    /* 10 documents, only one with tokens: about 0.9^10 = 35% of replicates
     * draw no tokens at all; the rest all give that document's rate. */
    double hits[10] = {0}, tokens[10] = {0};
    hits[4] = 3;
    tokens[4] = 500;
    struct slant_ci ci;
    assert_int_equal(slant_rate_ci(hits, tokens, 10, NULL, &ci), 0);
    assert_int_equal(ci.method, SLANT_CI_BOOTSTRAP);
    assert_in_range(ci.skipped, 500, 900);
    assert_true(ci.lo == ci.est && ci.hi == ci.est);
    assert_int_equal(ci.small, 1); /* 3 hits */

    /* 10 one-token documents, one hit: a replicate's rate is 100 X with X ~
     * Binomial(10, 0.1).  P(X <= 2) = 0.930 and P(X <= 3) = 0.987, so the
     * 97.5th percentile of 2,000 replicates lies inside the run of 3s: 300,
     * and the 2.5th inside the 0s (P(X = 0) = 0.349). */
    double h1[10] = {1}, t1[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    assert_int_equal(slant_rate_ci(h1, t1, 10, NULL, &ci), 0);
    assert_true(ci.est == 100 && ci.lo == 0 && ci.hi == 300);

    assert_int_equal(slant_rate_ci(hits, tokens, 0, NULL, &ci), SLANT_EEMPTY);
    double zt[3] = {0, 0, 0}, zh[3] = {0, 1, 0};
    assert_int_equal(slant_rate_ci(zh, zt, 3, NULL, &ci), SLANT_EEMPTY);
    double neg[3] = {1, -1, 0}, nan3[3] = {1, NAN, 0}, tk[3] = {10, 10, 10};
    assert_int_equal(slant_rate_ci(neg, tk, 3, NULL, &ci), SLANT_EINVAL);
    assert_int_equal(slant_rate_ci(nan3, tk, 3, NULL, &ci), SLANT_EINVAL);
    assert_int_equal(slant_rate_ci(tk, nan3, 3, NULL, &ci), SLANT_EINVAL);
    struct slant_ci_opts o = {.level = 1.5};
    assert_int_equal(slant_rate_ci(tk, tk, 3, &o, &ci), SLANT_EINVAL);
}

/* ---- 2. frame preference index ------------------------------------------ */

static void test_fpi_exact_vs_scipy(void **state)
{
    (void)state;
    const double L[][3] = {{1, 2, 0}, {0, 0, 0}, {5, 0, 0}, {3, 0, 4}};
    const double D[][3] = {{0, 0, 1}, {1, 1, 2}, {0, 0, 0}, {2, 10, 0}};
    const double est[] = {0.5, -1, 1, -5.0 / 19};
    for (size_t i = 0; i < 4; i++) {
        struct slant_ci ci;
        assert_int_equal(slant_fpi_ci(L[i], D[i], 3, NULL, &ci), 0);
        assert_int_equal(ci.method, SLANT_CI_CLOPPER_PEARSON);
        assert_rel(ci.est, est[i]);
        assert_rel(ci.lo, cp_lo[i]);
        assert_rel(ci.hi, cp_hi[i]);
        assert_int_equal(ci.small, 1);
    }
    /* L + D = 0: undefined, reported as a status, nothing NaN */
    const double z[3] = {0, 0, 0};
    struct slant_ci ci;
    assert_int_equal(slant_fpi_ci(z, z, 3, NULL, &ci), SLANT_EEMPTY);
    assert_true(ci.est == 0 && ci.lo == 0 && ci.hi == 0 && ci.hits == 0);
}

static void test_fpi_bootstrap(void **state)
{
    (void)state;
    double L[50], D[50], tok[50];
    fake_docs(3, 50, 6.0, L, tok);
    fake_docs(4, 50, 2.0, D, tok);
    struct slant_ci a, b;
    assert_int_equal(slant_fpi_ci(L, D, 50, NULL, &a), 0);
    assert_int_equal(slant_fpi_ci(L, D, 50, NULL, &b), 0);
    assert_memory_equal(&a, &b, sizeof(a));
    assert_int_equal(a.method, SLANT_CI_BOOTSTRAP);
    assert_true(a.est > 0.2 && a.est < 0.8); /* (6 - 2)/(6 + 2) = 0.5 expected */
    assert_true(-1 <= a.lo && a.lo < a.est && a.est < a.hi && a.hi <= 1);
    assert_int_equal(a.skipped, 0);

    /* 12 documents, one with hits: replicates without it are skipped */
    double l12[12] = {0}, d12[12] = {0};
    l12[7] = 4;
    d12[7] = 1;
    assert_int_equal(slant_fpi_ci(l12, d12, 12, NULL, &a), 0);
    assert_in_range(a.skipped, 500, 900); /* (11/12)^12 = 35% of 2,000 */
    assert_true(a.lo == 0.6 && a.hi == 0.6 && a.est == 0.6);
}

/* ---- 3. comparisons ------------------------------------------------------ */

static const double cmp_in[][4] = {
    {10, 1000, 5, 2000}, {120, 50000, 300, 90000}, {0, 1000, 7, 1500},
    {3, 10, 3, 10},      {250, 4000, 1, 30},
};

static void test_compare_vs_scipy(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(cmp_in); i++) {
        struct slant_cmp c;
        const double *x = cmp_in[i];
        assert_int_equal(slant_compare(x[0], x[1], x[2], x[3], &c), 0);
        assert_rel(c.log_ratio, cmp_lr[i]);
        assert_rel(c.g2, cmp_g2[i]);
        assert_rel(c.p, cmp_p[i]);
    }
}

static void test_g2_by_hand(void **state)
{
    (void)state;
    /*
     * Worked example: a = 10 hits in na = 1,000 tokens, b = 5 in nb = 2,000.
     * N = 3,000 tokens, 15 hits.  Expected counts from the margins:
     *   E(a) = 1000 * 15 / 3000 = 5        E(b) = 2000 * 15 / 3000 = 10
     *   E(na-a) = 1000 * 2985/3000 = 995   E(nb-b) = 2000 * 2985/3000 = 1990
     * Terms O ln(O/E):
     *   10 ln(10/5)     =  6.931472        5 ln(5/10)       = -3.465736
     *   990 ln(990/995) = -4.987416        1995 ln(1995/1990) =  5.006276
     * Sum 3.484596, G2 = 2 * 3.484596 = 6.969192; A's rate (1%) is above
     * B's (0.25%), so the sign is +.  Log ratio: log2(0.01 / 0.0025) = 2.
     */
    double g, p, lr;
    assert_int_equal(slant_g2(10, 1000, 5, 2000, &g, &p), 0);
    assert_true(fabs(g - 6.969192) < 1e-6);
    assert_int_equal(slant_log_ratio(10, 1000, 5, 2000, &lr), 0);
    assert_true(lr == 2.0);
    /* swapping A and B flips both signs and keeps p */
    double g2b, pb;
    assert_int_equal(slant_g2(5, 2000, 10, 1000, &g2b, &pb), 0);
    assert_rel(g2b, -g);
    assert_rel(pb, p);
    assert_int_equal(slant_g2(5, 2000, 10, 1000, &g2b, NULL), 0); /* p optional */
}

static void test_compare_properties(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (int i = 0; i < 1000; i++) {
        double na = 1 + (double)gsl_rng_uniform_int(r, 100000);
        double nb = 1 + (double)gsl_rng_uniform_int(r, 100000);
        double a = (double)gsl_rng_uniform_int(r, (unsigned long)na + 1);
        double b = (double)gsl_rng_uniform_int(r, (unsigned long)nb + 1);
        struct slant_cmp c;
        assert_int_equal(slant_compare(a, na, b, nb, &c), 0);
        assert_true(isfinite(c.g2) && c.p >= 0 && c.p <= 1);
        /* G2 and the log ratio agree on direction (when no 0.5 is put in) */
        if (a > 0 && b > 0 && c.g2 != 0)
            assert_true((c.g2 > 0) == (c.log_ratio > 0));
    }
    gsl_rng_free(r);
    /* equal rates: log ratio 0, G2 0, p 1 */
    struct slant_cmp c;
    assert_int_equal(slant_compare(3, 1000, 6, 2000, &c), 0);
    assert_true(c.log_ratio == 0 && c.g2 == 0 && c.p == 1);
    /* a table of zeros is G2 = 0 */
    assert_int_equal(slant_compare(0, 10, 0, 20, &c), 0);
    assert_true(c.g2 == 0);
    /* errors */
    assert_int_equal(slant_compare(5, 4, 1, 10, &c), SLANT_EINVAL); /* a > na */
    assert_int_equal(slant_compare(1, 0, 1, 10, &c), SLANT_EINVAL);
    assert_int_equal(slant_compare(NAN, 10, 1, 10, &c), SLANT_EINVAL);
}

static void test_bh(void **state)
{
    (void)state;
    const double p[] = {0.01, 0.04, 0.03, 0.2, 0.04, 0.9, 0.001, 0.5, 0.04, 0.0, 1.0, 0.03};
    double adj[N_OF(p)];
    assert_int_equal(slant_bh_adjust(p, N_OF(p), adj), 0);
    for (size_t i = 0; i < N_OF(p); i++)
        assert_rel(adj[i], bh_adj[i]);
    /* in place */
    double q[N_OF(p)];
    memcpy(q, p, sizeof(p));
    assert_int_equal(slant_bh_adjust(q, N_OF(p), q), 0);
    assert_memory_equal(q, adj, sizeof(adj));

    /* properties on 500 random p-values: adj >= p, <= 1, monotone in p */
    enum { N = 500 };
    double rp[N], ra[N];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (size_t i = 0; i < N; i++)
        rp[i] = gsl_rng_uniform(r) * gsl_rng_uniform(r);
    gsl_rng_free(r);
    assert_int_equal(slant_bh_adjust(rp, N, ra), 0);
    for (size_t i = 0; i < N; i++) {
        assert_true(ra[i] >= rp[i] && ra[i] <= 1);
        for (size_t j = 0; j < N; j++)
            if (rp[i] < rp[j])
                assert_true(ra[i] <= ra[j]);
    }
    assert_int_equal(slant_bh_adjust(NULL, 0, NULL), 0);
    const double badp[] = {0.5, 1.5};
    assert_int_equal(slant_bh_adjust(badp, 2, ra), SLANT_EINVAL);
}

static const double mx[] = {0.5, 1.2, 1.2, 3.4, 0.0, 2.2, 5.1, 1.2, 0.7, 2.2, 4.0};
static const double my[] = {0.1, 0.0, 0.9, 1.2, 0.3, 0.0, 2.2, 0.4, 0.6};
static const double ex[] = {1.5, 3.25, 0.5, 7.0, 4.5};
static const double ey[] = {2.0, 0.25, 1.0, 0.75, 6.0, 0.125};

static void test_mann_whitney_vs_scipy(void **state)
{
    (void)state;
    struct slant_mw m;
    assert_int_equal(slant_mann_whitney(mx, N_OF(mx), my, N_OF(my), SLANT_MW_ASYMPTOTIC, &m), 0);
    assert_rel(m.u, MW_ASYM_U);
    assert_rel(m.p, MW_ASYM_P);
    assert_int_equal(m.method, SLANT_MW_ASYMPTOTIC);
    /* ties force the normal approximation under AUTO, and forbid EXACT */
    assert_int_equal(slant_mann_whitney(mx, 5, my, 4, SLANT_MW_AUTO, &m), 0);
    assert_int_equal(m.method, SLANT_MW_ASYMPTOTIC);
    assert_int_equal(slant_mann_whitney(mx, N_OF(mx), my, N_OF(my), SLANT_MW_EXACT, &m),
                     SLANT_EINVAL);

    assert_int_equal(slant_mann_whitney(ex, N_OF(ex), ey, N_OF(ey), SLANT_MW_AUTO, &m), 0);
    assert_int_equal(m.method, SLANT_MW_EXACT);
    assert_rel(m.u, MW_EXACT_U);
    assert_rel(m.p, MW_EXACT_P);
    assert_int_equal(slant_mann_whitney(ex, N_OF(ex), ey, N_OF(ey), SLANT_MW_ASYMPTOTIC, &m), 0);
    assert_rel(m.p, MW_EXACT_ASYM_P);
    assert_int_equal(slant_mann_whitney(mw_lx, N_OF(mw_lx), mw_ly, N_OF(mw_ly), SLANT_MW_EXACT, &m),
                     0);
    assert_rel(m.u, MW_BIG_U);
    assert_rel(m.p, MW_BIG_P);

    /* swapping the samples keeps p and gives U2 = n1 n2 - U1 */
    struct slant_mw s;
    assert_int_equal(slant_mann_whitney(my, N_OF(my), mx, N_OF(mx), SLANT_MW_ASYMPTOTIC, &s), 0);
    assert_rel(s.u, (double)(N_OF(mx) * N_OF(my)) - MW_ASYM_U);
    assert_rel(s.p, MW_ASYM_P);
    /* all tied: p = 1 */
    const double same[] = {2, 2, 2};
    assert_int_equal(slant_mann_whitney(same, 3, same, 3, SLANT_MW_ASYMPTOTIC, &s), 0);
    assert_true(s.p == 1);
    assert_int_equal(slant_mann_whitney(same, 0, same, 3, SLANT_MW_AUTO, &s), SLANT_EEMPTY);
    /* 40 vs 40: C(80, 40) > 2^62 */
    double big[40];
    for (int i = 0; i < 40; i++)
        big[i] = i;
    double big2[40];
    for (int i = 0; i < 40; i++)
        big2[i] = i + 0.5;
    assert_int_equal(slant_mann_whitney(big, 40, big2, 40, SLANT_MW_EXACT, &s), SLANT_ETOOBIG);
}

static void test_doc_mann_whitney(void **state)
{
    (void)state;
    /* rates hits/tokens*1000 equal to mx and my; plus one empty document */
    double ha[12], ta[12], hb[9], tb[9];
    for (size_t i = 0; i < 11; i++) {
        ha[i] = mx[i] * 2;
        ta[i] = 2000;
    }
    ha[11] = 0;
    ta[11] = 0;
    for (size_t i = 0; i < 9; i++) {
        hb[i] = my[i] / 2;
        tb[i] = 500;
    }
    struct slant_mw m;
    assert_int_equal(slant_doc_mann_whitney(ha, ta, 12, hb, tb, 9, SLANT_MW_ASYMPTOTIC, &m), 0);
    assert_rel(m.u, MW_ASYM_U);
    assert_rel(m.p, MW_ASYM_P);
}

static void test_perm_test(void **state)
{
    (void)state;
    double ha[20], ta[20], hb[20], tb[20];
    fake_docs(11, 20, 10.0, ha, ta);
    fake_docs(12, 20, 1.0, hb, tb);
    struct slant_perm a, b;
    assert_int_equal(slant_perm_test(ha, ta, 20, hb, tb, 20, NULL, &a), 0);
    assert_int_equal(slant_perm_test(ha, ta, 20, hb, tb, 20, NULL, &b), 0);
    assert_memory_equal(&a, &b, sizeof(a));
    assert_true(a.diff > 5);
    /* no relabelling of two clearly different groups is as extreme */
    assert_rel(a.p, 1.0 / (1 + SLANT_CI_RESAMPLES));
    /* identical documents everywhere: every relabelling ties, p = 1 */
    double h[10] = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2},
           t[10] = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100};
    assert_int_equal(slant_perm_test(h, t, 4, h, t, 6, NULL, &a), 0);
    assert_true(a.diff == 0 && a.p == 1);
    /* same rate: a large p, agreeing roughly with the Mann-Whitney test */
    fake_docs(13, 20, 3.0, ha, ta);
    fake_docs(14, 20, 3.0, hb, tb);
    struct slant_ci_opts o = {.resamples = 999, .seed = 5};
    assert_int_equal(slant_perm_test(ha, ta, 20, hb, tb, 20, &o, &a), 0);
    assert_int_equal(a.resamples, 999);
    assert_true(a.p > 0.05);
    double zt[2] = {0, 0};
    assert_int_equal(slant_perm_test(h, zt, 2, h, t, 3, NULL, &a), SLANT_EEMPTY);
}

/* ---- 4. keyness ---------------------------------------------------------- */

static const double kg[3][6] = {
    {40, 3, 0, 12, 5, 100}, {10, 9, 4, 30, 5, 120}, {2, 15, 1, 8, 0, 90}};

static void test_keyness_vs_reference(void **state)
{
    (void)state;
    double tot[7], grp[7], delta[7], z[7], g2[7], lr[7];
    for (size_t w = 0; w < 6; w++) {
        tot[w] = kg[0][w] + kg[1][w] + kg[2][w];
        grp[w] = kg[0][w];
    }
    struct slant_keyness_out out = {delta, z, g2, lr};
    assert_int_equal(slant_keyness(grp, tot, 6, 0, &out), 0); /* 0: alpha0 = 1000 */
    for (size_t w = 0; w < 6; w++) {
        assert_rel(delta[w], key_delta[w]);
        assert_rel(z[w], key_z[w]);
        assert_rel(g2[w], key_g2[w]);
        assert_rel(lr[w], key_lr[w]);
    }
    struct slant_keyness_out zonly = {NULL, z, NULL, NULL};
    assert_int_equal(slant_keyness(grp, tot, 6, 50, &zonly), 0);
    for (size_t w = 0; w < 6; w++)
        assert_rel(z[w], key_z50[w]);

    /* a term absent from the corpus changes nothing else and scores 0 */
    tot[6] = 0;
    grp[6] = 0;
    assert_int_equal(slant_keyness(grp, tot, 7, SLANT_KEYNESS_ALPHA0, &out), 0);
    assert_true(delta[6] == 0 && z[6] == 0 && g2[6] == 0 && lr[6] == 0);
    assert_rel(z[0], key_z[0]);

    /* errors: group above total; group is the whole corpus */
    grp[1] = tot[1] + 1;
    assert_int_equal(slant_keyness(grp, tot, 6, 0, &out), SLANT_EINVAL);
    assert_int_equal(slant_keyness(tot, tot, 6, 0, &out), SLANT_EEMPTY);
}

/* ---- 5. the map ---------------------------------------------------------- */

static void test_jsd(void **state)
{
    (void)state;
    const double x[] = {1, 2, 3, 0, 4, 0, 5, 1, 1, 1, 3, 3, 3, 3, 3, 0, 0, 0, 2, 0};
    double d[16];
    assert_int_equal(slant_jsd_matrix(x, 4, 5, d), 0);
    for (size_t i = 0; i < 16; i++)
        assert_true(close_rel(d[i], jsd_ref[i], REL) || fabs(d[i] - jsd_ref[i]) < 1e-15);
    for (size_t i = 0; i < 4; i++) {
        assert_true(d[i * 4 + i] == 0);
        for (size_t j = 0; j < 4; j++) {
            assert_true(d[i * 4 + j] == d[j * 4 + i]);
            assert_true(d[i * 4 + j] >= 0 && d[i * 4 + j] <= 1);
        }
    }
    /* scale does not matter: rows are normalised */
    double y[20];
    for (size_t i = 0; i < 20; i++)
        y[i] = x[i] * (i < 5 ? 7 : 1);
    double e[16];
    assert_int_equal(slant_jsd_matrix(y, 4, 5, e), 0);
    for (size_t i = 0; i < 16; i++)
        assert_true(fabs(e[i] - d[i]) < 1e-15);
    const double zr[] = {1, 2, 0, 0};
    assert_int_equal(slant_jsd_matrix(zr, 2, 2, e), SLANT_EEMPTY);
}

static const double ca_t[] = {20, 5, 3, 12, 4, 18, 9, 2, 7, 6, 25, 4, 10, 11, 5, 9, 1, 2, 3, 15};

static void test_ca_vs_numpy(void **state)
{
    (void)state;
    double rc[10], cc[8];
    struct slant_ca ca = {.row_coord = rc, .col_coord = cc};
    assert_int_equal(slant_ca(ca_t, 5, 4, &ca), 0);
    for (size_t i = 0; i < 10; i++)
        assert_rel(rc[i], ca_row[i]);
    for (size_t i = 0; i < 8; i++)
        assert_rel(cc[i], ca_col[i]);
    assert_rel(ca.share[0], ca_share[0]);
    assert_rel(ca.share[1], ca_share[1]);
    assert_rel(ca.total_inertia, CA_TOTAL);
    assert_int_equal(ca.n_axes, 3);
    assert_true(ca.sv[0] >= ca.sv[1]);

    /* the transposed table swaps rows and columns (up to each axis' sign,
     * which the rule fixes on the rows) and keeps the inertia */
    double tt[20], rc2[8], cc2[10];
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 4; j++)
            tt[j * 5 + i] = ca_t[i * 4 + j];
    struct slant_ca cb = {.row_coord = rc2, .col_coord = cc2};
    assert_int_equal(slant_ca(tt, 4, 5, &cb), 0);
    for (size_t i = 0; i < 8; i++)
        assert_true(close_rel(fabs(rc2[i]), fabs(ca_col[i]), 1e-9));
    for (size_t i = 0; i < 10; i++)
        assert_true(close_rel(fabs(cc2[i]), fabs(ca_row[i]), 1e-9));
    assert_rel(cb.share[0], ca_share[0]);

    /* two rows: one axis; the second is zero */
    double r2[4], c2[6];
    struct slant_ca c1 = {.row_coord = r2, .col_coord = c2};
    const double two[] = {10, 20, 30, 30, 20, 10};
    assert_int_equal(slant_ca(two, 2, 3, &c1), 0);
    assert_int_equal(c1.n_axes, 1);
    assert_rel(c1.share[0], 1.0);
    assert_true(c1.share[1] == 0 && r2[1] == 0 && r2[3] == 0 && c2[5] == 0);
    /* symmetric table: the two rows sit opposite each other */
    assert_rel(r2[0], -r2[2]);

    const double zc[] = {1, 0, 2, 0};
    assert_int_equal(slant_ca(zc, 2, 2, &c1), SLANT_EINVAL);
    const double indep[] = {1, 2, 2, 4};
    assert_int_equal(slant_ca(indep, 2, 2, &c1), SLANT_EEMPTY);
}

static double corr(const double *a, const double *b, size_t n)
{
    return gsl_stats_correlation(a, 1, b, 1, n);
}

static void test_wordfish_recovers_simulated(void **state)
{
    (void)state;
    enum { I = 12, J = 400 };
    static double y[I * J];
    double omega[I], alpha[I], psi[J], beta[J];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 42);
    for (size_t i = 0; i < I; i++) {
        omega[i] = -1.5 + 3.0 * (double)((i * 5) % I) / (I - 1); /* shuffled order */
        alpha[i] = gsl_ran_gaussian(r, 0.3);
    }
    for (size_t j = 0; j < J; j++) {
        psi[j] = 1 + gsl_ran_gaussian(r, 1.0);
        beta[j] = gsl_ran_gaussian(r, 0.5);
    }
    for (size_t i = 0; i < I; i++)
        for (size_t j = 0; j < J; j++)
            y[i * J + j] = gsl_ran_poisson(r, exp(alpha[i] + psi[j] + beta[j] * omega[i]));
    gsl_rng_free(r);
    /* Rare words may not occur at all; Wordfish needs every column used, so
     * drop those (as a caller must), keeping beta aligned. */
    size_t nj = 0;
    for (size_t j = 0; j < J; j++) {
        double s = 0;
        for (size_t i = 0; i < I; i++)
            s += y[i * J + j];
        if (s == 0)
            continue;
        for (size_t i = 0; i < I; i++)
            y[i * J + nj] = y[i * J + j];
        beta[nj++] = beta[j];
    }
    /* repack rows to the new width (row i starts at i * nj) */
    for (size_t i = 0; i < I; i++)
        memmove(y + i * nj, y + i * J, nj * sizeof(double));
    printf("# wordfish: %zu of %d simulated words used\n", nj, J);
    size_t lo = 0, hi = 0;
    for (size_t i = 0; i < I; i++) {
        if (omega[i] < omega[lo])
            lo = i;
        if (omega[i] > omega[hi])
            hi = i;
    }
    double w[I], se[I], a[I], p[J], b[J], w2[I];
    struct slant_wordfish_opts o = {.dir_lo = lo, .dir_hi = hi};
    struct slant_wordfish out = {w, se, a, p, b, 0, 0, 0};
    assert_int_equal(slant_wordfish(y, I, nj, &o, &out), 0);
    printf("# wordfish: %zu iterations, converged %d, r(omega) = %.4f, r(beta) = %.4f\n",
           out.iterations, out.converged, corr(w, omega, I), corr(b, beta, nj));
    assert_true(out.converged);
    assert_true(corr(w, omega, I) > 0.95);
    assert_true(corr(b, beta, nj) > 0.8);
    assert_true(a[0] == 0);
    assert_true(fabs(gsl_stats_mean(w, 1, I)) < 1e-9);
    assert_true(fabs(gsl_stats_sd(w, 1, I) - 1) < 1e-9);
    for (size_t i = 0; i < I; i++)
        assert_true(isfinite(se[i]) && se[i] > 0 && se[i] < 0.5);
    /* deterministic, and the optional outputs change nothing */
    struct slant_wordfish o2 = {w2, NULL, NULL, NULL, NULL, 0, 0, 0};
    assert_int_equal(slant_wordfish(y, I, nj, &o, &o2), 0);
    assert_memory_equal(w, w2, sizeof(w));
    /* the direction option flips the scale */
    struct slant_wordfish_opts rev = {.dir_lo = hi, .dir_hi = lo};
    assert_int_equal(slant_wordfish(y, I, nj, &rev, &o2), 0);
    for (size_t i = 0; i < I; i++)
        assert_true(close_rel(w2[i], -w[i], 1e-12) || fabs(w2[i] + w[i]) < 1e-12);
    /* errors */
    assert_int_equal(slant_wordfish(y, 2, J, NULL, &o2), SLANT_EINVAL);
    static double yz[3 * 4] = {1, 2, 0, 3, 4, 5, 0, 6, 7, 8, 0, 9};
    assert_int_equal(slant_wordfish(yz, 3, 4, NULL, &o2), SLANT_EINVAL); /* empty column */
}

static void test_method_strings(void **state)
{
    (void)state;
    for (int i = 0; i < SLANT_STAT_COUNT_; i++) {
        const char *s = slant_stats_method((enum slant_stat)i);
        assert_non_null(s);
        assert_true(strlen(s) > 20);
    }
    assert_string_equal(slant_stats_method(SLANT_STAT_COUNT_), "unknown statistic");
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_garwood_vs_scipy),
        cmocka_unit_test(test_rate_few_docs_is_garwood),
        cmocka_unit_test(test_rate_bootstrap_deterministic),
        cmocka_unit_test(test_rate_multi_matches_single),
        cmocka_unit_test(test_rate_bootstrap_coverage),
        cmocka_unit_test(test_rate_skipped_and_errors),
        cmocka_unit_test(test_fpi_exact_vs_scipy),
        cmocka_unit_test(test_fpi_bootstrap),
        cmocka_unit_test(test_compare_vs_scipy),
        cmocka_unit_test(test_g2_by_hand),
        cmocka_unit_test(test_compare_properties),
        cmocka_unit_test(test_bh),
        cmocka_unit_test(test_mann_whitney_vs_scipy),
        cmocka_unit_test(test_doc_mann_whitney),
        cmocka_unit_test(test_perm_test),
        cmocka_unit_test(test_keyness_vs_reference),
        cmocka_unit_test(test_jsd),
        cmocka_unit_test(test_ca_vs_numpy),
        cmocka_unit_test(test_wordfish_recovers_simulated),
        cmocka_unit_test(test_method_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
