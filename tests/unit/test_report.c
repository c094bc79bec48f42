/*
 * test_report.c - the report core: profiles, preferences, comparisons,
 * keyness, map and overview of a database built here from five short texts
 * of our own (tests/data/report/corpus, lexicon tests/data/report/test.lex,
 * cues from lexicons/attribution.lex), every number checked by hand.
 *
 * The worked example.  Word tokens per document (counted by hand; the
 * database agrees):
 *   alpha/01 "Liberation came to the town. People cheered the liberation."  9
 *            liberation x2, own voice
 *   alpha/02 "The army said the invasion was over."                          7
 *            invasion x1, attributed ("said")
 *   beta/01  "The invasion went on. The invasion must end now."              9
 *            invasion x2, own
 *   beta/02  "Nothing happened in the town today."                           6
 *   beta/03  "\"It is a liberation,\" the general said."                     7
 *            liberation x1, quoted
 * So alpha: 2 documents, 16 tokens; beta: 3 documents, 22 tokens.
 * Rates per 1,000: alpha liberation 2/16 = 125, invasion 1/16 = 62.5;
 * beta liberation 1/22 = 45.4545, invasion 2/22 = 90.9091.
 * Fewer than 10 documents: Garwood intervals, k = 2 over 16 tokens:
 *   [qchisq(.025, 4) / 2, qchisq(.975, 6) / 2] / 16 * 1000
 *   = [0.242209, 7.224688] / 16 * 1000 = [15.1381, 451.5430]
 * (quantiles by bisection on the closed-form chi-square CDF of even df, in
 * Python, not with slant).  Own-voice comparison of liberation, alpha vs
 * beta: a = 2 of 16, b = 0 of 22: log ratio log2((2/16) / (0.5/22)) =
 * log2(5.5) = 2.459432; G2 = 2 sum O ln(O/E) over {2, 0; 14, 22} with E =
 * {0.842105, 1.157895; 15.157895, 20.842105} = 3.613951; p =
 * erfc(sqrt(G2 / 2)) = 0.057297.  Invasion: a = 0, b = 2: log ratio
 * log2((0.5/16) / (2/22)) = -1.540568, G2 = -2.266608, p = 0.132189.  Weather:
 * no hits, log ratio log2((0.5/16)/(0.5/22)) = 0.459432, G2 = 0, p = 1.  BH
 * over the three: 3 x 0.057297 / 1 = 0.171891, 3 x 0.132189 / 2 = 0.198283, 1.
 * Mann-Whitney on liberation's per-document rates {222.2, 0} vs {0, 0, 0}:
 * the four zeros share rank 2.5, so R1 = 5 + 2.5 and U = 7.5 - 3 = 4.5;
 * tie-corrected sd sqrt(2*3/12 * (6 - 60/20)) = 1.224745, z = (4.5 - 3 -
 * 0.5)/1.224745 = 0.816497, p = 0.414216.
 * Preference (own voice): alpha L = 2, D = 0: index 1, Clopper-Pearson on
 * 2 of 2: lower 0.025^(1/2) = 0.158114 -> 2 * 0.158114 - 1 = -0.683772.
 */
#include "testutil.h"

#include <math.h>
#include <unistd.h>

#include "../../src/cmd.h"
#include "slant/ingest.h"
#include "slant/match.h"
#include "slant/report.h"

#define EPS6 5e-7 /* "%.6f" figures */

/* (this cmocka has no assert_double_equal) */
#undef assert_double_equal
#define assert_double_equal(a, b, eps)                                                             \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (eps)))                                                             \
            fail_msg("%s = %.9g, expected %.9g", #a, a_, b_);                                      \
    } while (0)

struct fx {
    char dir[512];
    char path[600];
    struct slant_store *st;
    struct slant_diag diag;
};

static struct slant_store *build_db(struct fx *f, const char *corpus, char **lex, size_t n_lex)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof(f->dir), "%s/slant-report-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
    slant_diag_init(&f->diag, stderr);
    struct slant_cli cli = {.diag = &f->diag, .out = stdout, .err = stderr};
    struct slant_cli_lexicons lx;
    assert_int_equal(slant_cli_load_lexicons(&cli, lex, n_lex, 0, &lx), 0);
    const char *why = NULL;
    assert_int_equal(slant_store_open(f->path, 0, &f->st, &why), 0);
    struct slant_ingest_opts o;
    memset(&o, 0, sizeof(o));
    o.threads = 1;
    o.command = "test";
    o.lexicons = lx.set;
    o.lexicon_sources = lx.sources;
    char *paths[] = {(char *)(uintptr_t)corpus};
    struct slant_ingest_result res;
    assert_int_equal(slant_ingest_run(f->st, &o, paths, 1, &f->diag, &res), 0);
    slant_ingest_result_release(&res);
    slant_cli_lexicons_release(&lx);
    slant_store_close(f->st);
    /* read back read-only, as the commands do */
    assert_int_equal(slant_store_open(f->path, SLANT_STORE_READONLY, &f->st, &why), 0);
    return f->st;
}

static int setup_small(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    char l0[] = "tests/data/report/test.lex", l1[] = "lexicons/attribution.lex";
    char *lex[] = {l0, l1};
    build_db(f, "tests/data/report/corpus", lex, 2);
    *state = f;
    return 0;
}

static int setup_examples(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    char l0[] = "lexicons/war-legitimacy.lex", l1[] = "lexicons/attribution.lex";
    char *lex[] = {l0, l1};
    build_db(f, "examples", lex, 2);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    slant_store_close(f->st);
    slant_diag_release(&f->diag);
    unlink(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

static struct slant_report *build(struct fx *f, const struct slant_report_opts *o, unsigned parts)
{
    struct slant_report *r = NULL;
    assert_int_equal(slant_report_build(f->st, o, parts, &f->diag, &r), 0);
    assert_non_null(r);
    return r;
}

static const struct slant_profile_row *prow(const struct slant_report *r, const char *outlet,
                                            const char *frame)
{
    for (size_t i = 0; i < r->n_profiles; i++)
        if (strcmp(r->profiles[i].outlet, outlet) == 0 && strcmp(r->profiles[i].frame, frame) == 0)
            return &r->profiles[i];
    fail_msg("no profile row %s/%s", outlet, frame);
    return NULL;
}

/* ------------------------------------------------------------------ */

static void test_profile_numbers(void **state)
{
    struct fx *f = *state;
    struct slant_report_opts o;
    slant_report_opts_init(&o);
    struct slant_report *r = build(f, &o, SLANT_PART_PROFILES);
    /* 2 outlets x 3 frames, the zero-hit weather rows included */
    assert_int_equal(r->n_profiles, 6);
    const char *order[][2] = {{"alpha", "liberation"}, {"alpha", "invasion"}, {"alpha", "weather"},
                              {"beta", "liberation"},  {"beta", "invasion"},  {"beta", "weather"}};
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(r->profiles[i].outlet, order[i][0]);
        assert_string_equal(r->profiles[i].frame, order[i][1]);
        assert_string_equal(r->profiles[i].lexicon, "report-test");
    }
    const struct slant_profile_row *p = prow(r, "alpha", "liberation");
    assert_int_equal(p->documents, 2);
    assert_int_equal(p->tokens, 16);
    assert_int_equal(p->hits, 2);
    assert_int_equal(p->voice_hits[SLANT_VOICE_OWN], 2);
    assert_int_equal(p->voice_hits[SLANT_VOICE_ATTRIBUTED], 0);
    assert_int_equal(p->voice_hits[SLANT_VOICE_QUOTED], 0);
    assert_double_equal(p->rate_per_1k, 125.0, 1e-9);
    assert_double_equal(p->own_rate_per_1k, 125.0, 1e-9);
    assert_int_equal(p->ci.method, SLANT_CI_GARWOOD);
    assert_double_equal(p->ci.lo, 15.138080, 1e-5);
    assert_double_equal(p->ci.hi, 451.542979, 1e-5);
    assert_true(p->ci.small);
    assert_string_equal(p->pole, "legitimizing");

    p = prow(r, "alpha", "invasion");
    assert_int_equal(p->hits, 1);
    assert_int_equal(p->voice_hits[SLANT_VOICE_ATTRIBUTED], 1);
    assert_int_equal(p->voice_hits[SLANT_VOICE_OWN], 0);
    assert_double_equal(p->rate_per_1k, 62.5, 1e-9);
    assert_double_equal(p->own_rate_per_1k, 0.0, 1e-12);
    assert_double_equal(p->ci.lo, 1.582363, 1e-5);
    assert_double_equal(p->ci.hi, 348.227712, 1e-5);
    /* k = 0 own hits: [0, qchisq(.975, 2) / 2] / 16 * 1000 */
    assert_double_equal(p->voice_ci[SLANT_VOICE_OWN].hi, 230.554966, 1e-5);

    p = prow(r, "beta", "liberation");
    assert_int_equal(p->documents, 3);
    assert_int_equal(p->tokens, 22);
    assert_int_equal(p->hits, 1);
    assert_int_equal(p->voice_hits[SLANT_VOICE_QUOTED], 1);
    assert_double_equal(p->rate_per_1k, 1000.0 / 22, 1e-9);
    assert_double_equal(p->ci.lo, 1.150809, 1e-5);
    assert_double_equal(p->ci.hi, 253.256518, 1e-5);

    p = prow(r, "beta", "invasion");
    assert_int_equal(p->voice_hits[SLANT_VOICE_OWN], 2);
    assert_double_equal(p->rate_per_1k, 2000.0 / 22, 1e-9);
    assert_double_equal(p->ci.lo, 11.009513, 1e-5);

    p = prow(r, "beta", "weather");
    assert_int_equal(p->hits, 0);
    assert_int_equal(p->documents, 3);
    assert_double_equal(p->rate_per_1k, 0.0, 1e-12);
    assert_double_equal(p->ci.lo, 0.0, 1e-12);
    assert_true(p->ci.hi > 0);
    assert_true(strcmp(p->pole, "legitimizing") != 0 && strcmp(p->pole, "delegitimizing") != 0);

    /* preferences: one lexicon with both poles, one row per outlet */
    assert_int_equal(r->n_preferences, 2);
    const struct slant_preference_row *q = &r->preferences[0];
    assert_string_equal(q->outlet, "alpha");
    assert_int_equal(q->voice, SLANT_VOICE_OWN);
    assert_true(q->defined);
    assert_double_equal(q->legitimizing, 2, 0);
    assert_double_equal(q->delegitimizing, 0, 0);
    assert_double_equal(q->ci.est, 1.0, 1e-12);
    assert_double_equal(q->ci.lo, -0.683772, 1e-6);
    assert_double_equal(q->ci.hi, 1.0, 1e-12);
    q = &r->preferences[1];
    assert_string_equal(q->outlet, "beta");
    assert_double_equal(q->legitimizing, 0, 0); /* the quoted liberation is not own */
    assert_double_equal(q->delegitimizing, 2, 0);
    assert_double_equal(q->ci.est, -1.0, 1e-12);
    assert_double_equal(q->ci.hi, 0.683772, 1e-6);
    slant_report_free(r);

    /* every voice: beta's quoted liberation now counts */
    o.preference_voice = SLANT_VF_ALL;
    r = build(f, &o, SLANT_PART_PROFILES);
    assert_double_equal(r->preferences[1].legitimizing, 1, 0);
    assert_double_equal(r->preferences[0].delegitimizing, 1, 0);
    assert_double_equal(r->preferences[1].ci.est, (1.0 - 2) / 3, 1e-12);
    slant_report_free(r);

    /* --outlet */
    slant_report_opts_init(&o);
    o.outlet = "beta";
    r = build(f, &o, SLANT_PART_PROFILES);
    assert_int_equal(r->n_profiles, 3);
    assert_string_equal(r->profiles[0].outlet, "beta");
    assert_int_equal(r->n_preferences, 1);
    slant_report_free(r);
}

static void test_compare_numbers(void **state)
{
    struct fx *f = *state;
    struct slant_report_opts o;
    slant_report_opts_init(&o);
    struct slant_report *r = build(f, &o, SLANT_PART_COMPARE);
    assert_int_equal(r->n_compare, 3);
    const struct slant_compare_row *c = &r->compare[0];
    assert_string_equal(c->frame, "liberation");
    assert_string_equal(c->outlet_a, "alpha");
    assert_string_equal(c->outlet_b, "beta");
    assert_int_equal(c->hits_a, 2);
    assert_int_equal(c->tokens_a, 16);
    assert_int_equal(c->hits_b, 0);
    assert_int_equal(c->tokens_b, 22);
    assert_int_equal(c->docs_a, 2);
    assert_int_equal(c->docs_b, 3);
    assert_double_equal(c->log_ratio, 2.459432, EPS6);
    assert_double_equal(c->g2, 3.613951, EPS6);
    assert_double_equal(c->p_value, 0.057297, EPS6);
    assert_double_equal(c->p_adjusted, 0.171891, EPS6);
    assert_double_equal(c->mw_u, 4.5, 1e-12);
    assert_double_equal(c->mw_p, 0.414216, EPS6);
    assert_double_equal(c->mw_p_adjusted, 1.0, 1e-12);
    assert_int_equal(c->voice, SLANT_VOICE_OWN);
    c = &r->compare[1];
    assert_string_equal(c->frame, "invasion");
    assert_int_equal(c->hits_a, 0); /* alpha's invasion is attributed */
    assert_int_equal(c->hits_b, 2);
    assert_double_equal(c->log_ratio, -1.540568, EPS6);
    assert_double_equal(c->g2, -2.266608, EPS6);
    assert_double_equal(c->p_value, 0.132189, EPS6);
    assert_double_equal(c->p_adjusted, 0.198283, EPS6);
    c = &r->compare[2];
    assert_string_equal(c->frame, "weather");
    assert_double_equal(c->log_ratio, 0.459432, EPS6);
    assert_double_equal(c->g2, 0, 1e-12);
    assert_double_equal(c->p_adjusted, 1, 1e-12);
    slant_report_free(r);

    /* every voice: invasion 1 of 16 vs 2 of 22 */
    o.compare_voice = SLANT_VF_ALL;
    r = build(f, &o, SLANT_PART_COMPARE);
    assert_int_equal(r->compare[1].hits_a, 1);
    assert_int_equal(r->compare[0].hits_b, 1);
    assert_int_equal(r->compare[1].voice, SLANT_VF_ALL);
    slant_report_free(r);

    /* one pair, in the order given: the signs flip */
    slant_report_opts_init(&o);
    o.outlet_a = "beta";
    o.outlet_b = "alpha";
    r = build(f, &o, SLANT_PART_COMPARE);
    assert_int_equal(r->n_compare, 3);
    assert_string_equal(r->compare[0].outlet_a, "beta");
    assert_double_equal(r->compare[0].g2, -3.613951, EPS6);
    assert_double_equal(r->compare[0].log_ratio, -2.459432, EPS6);
    slant_report_free(r);

    /* vs the rest: with two outlets the rest of alpha is beta */
    slant_report_opts_init(&o);
    o.vs_rest = 1;
    r = build(f, &o, SLANT_PART_COMPARE);
    assert_int_equal(r->n_compare, 6);
    assert_string_equal(r->compare[0].outlet_a, "alpha");
    assert_string_equal(r->compare[0].outlet_b, "(rest)");
    assert_double_equal(r->compare[0].g2, 3.613951, EPS6);
    assert_string_equal(r->compare[1].outlet_a, "beta");
    assert_double_equal(r->compare[1].g2, -3.613951, EPS6);
    slant_report_free(r);
}

static void test_unknown_names(void **state)
{
    struct fx *f = *state;
    struct slant_report_opts o;
    slant_report_opts_init(&o);
    const char *lex[] = {"report-test", "no-such-lexicon", NULL};
    o.lexicons = lex;
    struct slant_diag d;
    slant_diag_init(&d, NULL);
    struct slant_report *r = (struct slant_report *)1;
    assert_int_equal(slant_report_build(f->st, &o, SLANT_PART_PROFILES, &d, &r), SLANT_ENOTFOUND);
    assert_null(r);
    assert_int_equal(d.count[SLANT_ERROR], 1);
    slant_report_opts_init(&o);
    o.outlet = "gamma";
    assert_int_equal(slant_report_build(f->st, &o, SLANT_PART_PROFILES, &d, &r), SLANT_ENOTFOUND);
    assert_int_equal(d.count[SLANT_ERROR], 2);
    slant_report_opts_init(&o);
    o.outlet_a = "alpha";
    o.outlet_b = "gamma";
    assert_int_equal(slant_report_build(f->st, &o, SLANT_PART_COMPARE, &d, &r), SLANT_ENOTFOUND);
    assert_int_equal(d.count[SLANT_ERROR], 3);
    slant_diag_release(&d);

    /* the cue lexicon is left out by default, and taken when named */
    slant_report_opts_init(&o);
    r = build(f, &o, SLANT_PART_PROFILES);
    assert_non_null(r->opts.lexicons);
    assert_string_equal(r->opts.lexicons[0], "report-test");
    assert_null(r->opts.lexicons[1]);
    slant_report_free(r);
    const char *attr[] = {"attribution", NULL};
    o.lexicons = attr;
    r = build(f, &o, SLANT_PART_PROFILES);
    assert_int_equal(r->n_profiles, 2 * 5); /* attribution.lex has 5 frames */
    assert_int_equal(r->n_preferences, 0);
    slant_report_free(r);
}

static void test_keyness(void **state)
{
    struct fx *f = *state;
    struct slant_report_opts o;
    slant_report_opts_init(&o);
    o.outlet = "beta";
    struct slant_report *r = build(f, &o, SLANT_PART_KEYNESS);
    assert_true(r->keyness_vocabulary > 10);
    assert_int_equal(r->keyness_below_floor, 0);
    assert_true(r->n_keyness > 0);
    const struct slant_keyness_row *inv = NULL;
    for (size_t i = 0; i < r->n_keyness; i++) {
        assert_string_equal(r->keyness[i].outlet, "beta");
        assert_true(r->keyness[i].count > 0);
        if (i)
            assert_true(r->keyness[i - 1].z > r->keyness[i].z ||
                        (r->keyness[i - 1].z == r->keyness[i].z &&
                         strcmp(r->keyness[i - 1].term, r->keyness[i].term) < 0));
        if (strcmp(r->keyness[i].surface, "invasion") == 0)
            inv = &r->keyness[i];
    }
    assert_non_null(inv);
    /* invasion: 2 in beta (22 tokens), 1 in alpha (16); Monroe et al. eqs.
     * 16, 20, 22 with alpha_w = 1000 * 3 / 38, recomputed here */
    assert_int_equal(inv->count, 2);
    assert_int_equal(inv->count_rest, 1);
    double a = 1000.0 * 3 / 38;
    double delta = log((2 + a) / (22 + 1000 - 2 - a)) - log((1 + a) / (16 + 1000 - 1 - a));
    double z = delta / sqrt(1 / (2 + a) + 1 / (1 + a));
    assert_double_equal(inv->log_odds, delta, 1e-9);
    assert_double_equal(inv->z, z, 1e-9);
    assert_double_equal(inv->log_ratio, log2((2.0 / 22) / (1.0 / 16)), 1e-9);
    assert_true(inv->g2 > 0);
    slant_report_free(r);

    /* a floor drops rare terms, and says how many */
    slant_report_opts_init(&o);
    o.min_count = 2;
    o.keyness_top = 3;
    r = build(f, &o, SLANT_PART_KEYNESS);
    assert_true(r->keyness_below_floor > 0);
    assert_true(r->n_keyness <= 6);
    for (size_t i = 0; i < r->n_keyness; i++)
        assert_true(r->keyness[i].count + r->keyness[i].count_rest >= 2);
    slant_report_free(r);
}

static void test_map_overview_methods(void **state)
{
    struct fx *f = *state;
    struct slant_report_opts o;
    slant_report_opts_init(&o);
    struct slant_report *r =
        build(f, &o, SLANT_PART_MAP | SLANT_PART_OVERVIEW | SLANT_PART_METHODS);
    const struct slant_map *m = &r->map;
    assert_int_equal(m->n_outlets, 2);
    assert_int_equal(m->n_frames, 3);
    assert_string_equal(m->frames[0], "report-test/liberation");
    /* own voice: alpha {2, 0, 0}, beta {0, 2, 0}; weather dropped */
    assert_double_equal(m->table[0], 2, 0);
    assert_double_equal(m->table[1], 0, 0);
    assert_double_equal(m->table[4], 2, 0);
    assert_int_equal(m->ca_dropped_frames, 1);
    assert_int_equal(m->ca_dropped_outlets, 0);
    assert_false(m->ca_frame_used[2]);
    assert_true(m->ca_ok);
    assert_false(m->wordfish_ok); /* needs three outlets */
    /* disjoint frame use: the divergence is its maximum, 1 */
    assert_non_null(m->jsd_frames);
    assert_double_equal(m->jsd_frames[1], 1.0, 1e-12);
    assert_double_equal(m->jsd_frames[0], 0.0, 1e-12);
    assert_non_null(m->jsd_terms);
    assert_true(m->jsd_terms[1] > 0 && m->jsd_terms[1] < 1);

    const struct slant_overview *ov = &r->overview;
    assert_int_equal(ov->n_outlets, 2);
    assert_int_equal(ov->documents, 5);
    assert_int_equal(ov->tokens, 38);
    assert_int_equal(ov->batches, 1);
    assert_int_equal(ov->rejected, 0);
    assert_string_equal(ov->first_date, "2031-05-14");
    assert_string_equal(ov->last_date, "2031-05-17");
    assert_string_equal(ov->outlets[1].name, "beta");
    assert_int_equal(ov->outlets[1].documents, 3);
    assert_string_equal(ov->outlets[1].last_date, "2031-05-17");

    assert_int_equal(r->n_lexicons, 2);
    assert_string_equal(r->lexicons[0].name, "attribution");
    assert_string_equal(r->lexicons[1].name, "report-test");
    assert_int_equal(r->lexicons[1].n_frames, 3);
    assert_int_equal(r->lexicons[1].n_patterns, 3);
    assert_int_equal(strlen(r->lexicons[1].hash) > 0, 1);
    for (int i = 0; i < SLANT_STAT_COUNT_; i++)
        assert_non_null(r->methods[i]);
    assert_int_equal(r->opts.ci.resamples, SLANT_CI_RESAMPLES);
    assert_int_equal(r->opts.ci.seed, SLANT_CI_SEED);
    slant_report_free(r);
}

/* ---- on the example corpus: many rows ---------------------------------- */

static void test_bh_and_order(void **state)
{
    struct fx *f = *state;
    struct slant_report_opts o;
    slant_report_opts_init(&o);
    struct slant_report *r = build(f, &o, SLANT_PART_COMPARE | SLANT_PART_PROFILES);
    /* 4 outlets: 6 pairs for each of the 12 frames */
    assert_int_equal(r->n_compare, 6 * 12);
    size_t n = r->n_compare;
    for (size_t i = 0; i < n; i++) {
        const struct slant_compare_row *a = &r->compare[i];
        assert_true(a->p_adjusted >= a->p_value - 1e-15 && a->p_adjusted <= 1);
        assert_true(a->mw_p_adjusted >= a->mw_p - 1e-15 && a->mw_p_adjusted <= 1);
        assert_true(strcmp(a->outlet_a, a->outlet_b) < 0);
        if (i && strcmp(a->frame, r->compare[i - 1].frame) == 0)
            assert_true(strcmp(r->compare[i - 1].outlet_a, a->outlet_a) < 0 ||
                        (strcmp(r->compare[i - 1].outlet_a, a->outlet_a) == 0 &&
                         strcmp(r->compare[i - 1].outlet_b, a->outlet_b) < 0));
        /* BH keeps the order of the raw p-values */
        for (size_t j = 0; j < n; j++) {
            const struct slant_compare_row *b = &r->compare[j];
            if (a->p_value < b->p_value)
                assert_true(a->p_adjusted <= b->p_adjusted + 1e-15);
            if (a->mw_p < b->mw_p)
                assert_true(a->mw_p_adjusted <= b->mw_p_adjusted + 1e-15);
        }
    }
    /* frames in lexicon order, six rows each */
    assert_string_equal(r->compare[0].frame, "liberation");
    assert_string_equal(r->compare[6].frame, "denazification");
    assert_string_equal(r->compare[n - 1].frame, "authoritarianism");
    /* the example corpus by design: valdoria-today legitimizes in its own
     * voice, kessen-courier delegitimizes, meridian-wire has no own-voice
     * framing at all */
    for (size_t i = 0; i < r->n_preferences; i++) {
        const struct slant_preference_row *p = &r->preferences[i];
        if (strcmp(p->outlet, "valdoria-today") == 0)
            assert_true(p->defined && p->ci.est > 0.5);
        if (strcmp(p->outlet, "kessen-courier") == 0)
            assert_true(p->defined && p->ci.est < -0.5);
        if (strcmp(p->outlet, "meridian-wire") == 0)
            assert_false(p->defined);
    }
    slant_report_free(r);
}

static char *csv_of(struct fx *f, unsigned parts, size_t *len)
{
    struct slant_report_opts o;
    slant_report_opts_init(&o);
    o.ci.resamples = 200; /* bootstrap paths stay deterministic with any B */
    o.ci.min_docs = 2;    /* force the bootstrap on this small corpus */
    struct slant_report *r = build(f, &o, parts);
    char *buf = NULL;
    FILE *m = open_memstream(&buf, len);
    assert_non_null(m);
    assert_int_equal(slant_report_csv_profiles(m, r), 0);
    assert_int_equal(slant_report_csv_compare(m, r), 0);
    assert_int_equal(slant_report_csv_keyness(m, r), 0);
    assert_int_equal(slant_report_json_profiles(m, r), 0);
    assert_int_equal(slant_report_table_compare(m, r), 0);
    fclose(m);
    slant_report_free(r);
    return buf;
}

static void test_deterministic(void **state)
{
    struct fx *f = *state;
    unsigned parts = SLANT_PART_PROFILES | SLANT_PART_COMPARE | SLANT_PART_KEYNESS;
    size_t l1 = 0, l2 = 0;
    char *a = csv_of(f, parts, &l1);
    char *b = csv_of(f, parts, &l2);
    assert_true(l1 > 1000);
    assert_int_equal(l1, l2);
    assert_memory_equal(a, b, l1);
    /* the bootstrap was used: a "bootstrap" ci_method is in the CSV */
    assert_non_null(strstr(a, ",bootstrap,"));
    free(a);
    free(b);
}

static void test_bootstrap_seed(void **state)
{
    struct fx *f = *state;
    struct slant_report_opts o;
    slant_report_opts_init(&o);
    o.ci.min_docs = 2;
    o.ci.resamples = 500;
    struct slant_report *r1 = build(f, &o, SLANT_PART_PROFILES);
    o.ci.seed = 7;
    struct slant_report *r2 = build(f, &o, SLANT_PART_PROFILES);
    int differ = 0;
    assert_int_equal(r1->n_profiles, r2->n_profiles);
    for (size_t i = 0; i < r1->n_profiles; i++) {
        /* the estimate does not depend on the seed, the interval may */
        assert_double_equal(r1->profiles[i].rate_per_1k, r2->profiles[i].rate_per_1k, 0);
        assert_int_equal(r1->profiles[i].ci.method, SLANT_CI_BOOTSTRAP);
        assert_true(r1->profiles[i].ci.lo <= r1->profiles[i].rate_per_1k + 1e-9);
        assert_true(r1->profiles[i].ci.hi >= r1->profiles[i].rate_per_1k - 1e-9);
        differ |= r1->profiles[i].ci.lo != r2->profiles[i].ci.lo ||
                  r1->profiles[i].ci.hi != r2->profiles[i].ci.hi;
    }
    assert_true(differ);
    slant_report_free(r1);
    slant_report_free(r2);
}

int main(void)
{
    const struct CMUnitTest small[] = {
        cmocka_unit_test(test_profile_numbers),      cmocka_unit_test(test_compare_numbers),
        cmocka_unit_test(test_unknown_names),        cmocka_unit_test(test_keyness),
        cmocka_unit_test(test_map_overview_methods),
    };
    const struct CMUnitTest examples[] = {
        cmocka_unit_test(test_bh_and_order),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_bootstrap_seed),
    };
    int rc =
        cmocka_run_group_tests_name("report (hand-counted corpus)", small, setup_small, teardown);
    rc += cmocka_run_group_tests_name("report (examples)", examples, setup_examples, teardown);
    return rc;
}
