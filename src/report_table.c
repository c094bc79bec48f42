/*
 * report_table.c - profiles, comparisons and keyness as aligned text for a
 * terminal.  Column widths come from the data (counted in characters, so
 * names in other scripts line up); numbers use the fixed formats of the CSV
 * with fewer decimals where a reader only needs to compare.
 */
#include <stdio.h>
#include <string.h>

#include "slant/match.h"
#include "slant/fmt.h"
#include "slant/report.h"

/* Characters (code points) of a UTF-8 string. */
static size_t width(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* s left-aligned in w characters */
static void pad(FILE *f, const char *s, size_t w)
{
    fputs(s ? s : "", f);
    for (size_t n = width(s); n < w; n++)
        fputc(' ', f);
}

static size_t max_sz(size_t a, size_t b)
{
    return a > b ? a : b;
}

static const char *method_tag(const struct slant_ci *c)
{
    switch (c->method) {
    case SLANT_CI_BOOTSTRAP:
        return "boot";
    case SLANT_CI_GARWOOD:
        return "exact";
    case SLANT_CI_CLOPPER_PEARSON:
        return "exact";
    }
    return "-";
}

static const char *voice(int v)
{
    return v == SLANT_VF_ALL ? "all voices" : slant_voice_name(v);
}

int slant_report_table_profiles(FILE *f, const struct slant_report *r)
{
    size_t wf = width("frame");
    for (size_t i = 0; i < r->n_profiles; i++)
        wf = max_sz(wf, width(r->profiles[i].lexicon) + 1 + width(r->profiles[i].frame));
    char a[32], b[32], c[32], d[32], e[32], g[32];
    const char *outlet = NULL;
    for (size_t i = 0; i < r->n_profiles; i++) {
        const struct slant_profile_row *p = &r->profiles[i];
        if (!outlet || strcmp(outlet, p->outlet) != 0) {
            outlet = p->outlet;
            fprintf(f, "%s%s: %zu document%s, %zu tokens\n", i ? "\n" : "", p->outlet, p->documents,
                    p->documents == 1 ? "" : "s", p->tokens);
            fputs("  ", f);
            pad(f, "frame", wf);
            fprintf(f, " %6s %5s %5s %5s %4s %4s %8s %-19s %8s %s\n", "hits", "own", "attr", "quot",
                    "neg", "dist", "per_1k", "95% CI", "own_1k", "own 95% CI");
        }
        const struct slant_ci *own = &p->voice_ci[SLANT_VOICE_OWN];
        char label[512];
        snprintf(label, sizeof(label), "%s/%s", p->lexicon, p->frame);
        char ci[48], oci[48];
        snprintf(ci, sizeof(ci), "[%s, %s]", slant_fmt_fixed(a, sizeof(a), 3, p->ci.lo),
                 slant_fmt_fixed(b, sizeof(b), 3, p->ci.hi));
        snprintf(oci, sizeof(oci), "[%s, %s]", slant_fmt_fixed(c, sizeof(c), 3, own->lo),
                 slant_fmt_fixed(d, sizeof(d), 3, own->hi));
        fputs("  ", f);
        pad(f, label, wf);
        fprintf(f, " %6zu %5zu %5zu %5zu %4zu %4zu %8s %-19s %8s %-19s %s%s\n", p->hits,
                p->voice_hits[SLANT_VOICE_OWN], p->voice_hits[SLANT_VOICE_ATTRIBUTED],
                p->voice_hits[SLANT_VOICE_QUOTED], p->negated_hits, p->distanced_hits,
                slant_fmt_fixed(e, sizeof(e), 3, p->rate_per_1k), ci,
                slant_fmt_fixed(g, sizeof(g), 3, p->own_rate_per_1k), oci, method_tag(&p->ci),
                p->ci.small ? " small" : "");
    }
    if (r->n_profiles)
        fprintf(f,
                "\nper_1k: hits per 1,000 word tokens; 95%% CI: %s over documents (B = %zu, "
                "seed %lu)\nwith %zu or more documents, else exact (Garwood); small: fewer "
                "than %d documents or %d hits.\n",
                "percentile bootstrap", r->opts.ci.resamples, r->opts.ci.seed, r->opts.ci.min_docs,
                SLANT_CI_MIN_DOCS, SLANT_CI_SMALL_HITS);
    if (r->n_preferences) {
        size_t wo = width("outlet"), wl = width("lexicon");
        for (size_t i = 0; i < r->n_preferences; i++) {
            wo = max_sz(wo, width(r->preferences[i].outlet));
            wl = max_sz(wl, width(r->preferences[i].lexicon));
        }
        fprintf(f,
                "\nframe preference, %s: index = (L - D) / (L + D), L legitimizing and D "
                "delegitimizing hits\n",
                voice(r->preferences[0].voice));
        fputs("  ", f);
        pad(f, "outlet", wo);
        fputc(' ', f);
        pad(f, "lexicon", wl);
        fprintf(f, " %6s %6s %7s %s\n", "L", "D", "index", "95% CI");
        for (size_t i = 0; i < r->n_preferences; i++) {
            const struct slant_preference_row *p = &r->preferences[i];
            fputs("  ", f);
            pad(f, p->outlet, wo);
            fputc(' ', f);
            pad(f, p->lexicon, wl);
            fprintf(f, " %6.0f %6.0f ", p->legitimizing, p->delegitimizing);
            if (p->defined) {
                char ci[48];
                snprintf(ci, sizeof(ci), "[%s, %s]", slant_fmt_fixed(a, sizeof(a), 3, p->ci.lo),
                         slant_fmt_fixed(b, sizeof(b), 3, p->ci.hi));
                fprintf(f, "%7s %-19s %s%s\n", slant_fmt_fixed(c, sizeof(c), 3, p->ci.est), ci,
                        method_tag(&p->ci), p->ci.small ? " small" : "");
            } else {
                fprintf(f, "%7s %s\n", "-", "(no hits)");
            }
        }
    }
    return ferror(f) ? SLANT_EIO : 0;
}

int slant_report_table_compare(FILE *f, const struct slant_report *r)
{
    size_t wf = width("frame"), wa = width("outlet_a"), wb = width("outlet_b"), n_sig = 0;
    for (size_t i = 0; i < r->n_compare; i++) {
        const struct slant_compare_row *c = &r->compare[i];
        wf = max_sz(wf, width(c->lexicon) + 1 + width(c->frame));
        wa = max_sz(wa, width(c->outlet_a));
        wb = max_sz(wb, width(c->outlet_b));
    }
    fputs("  ", f);
    pad(f, "frame", wf);
    fputc(' ', f);
    pad(f, "outlet_a", wa);
    fputc(' ', f);
    pad(f, "outlet_b", wb);
    fprintf(f, " %6s %8s %6s %8s %9s %10s %9s %9s\n", "hits_a", "per_1k_a", "hits_b", "per_1k_b",
            "log_ratio", "G2", "p_adj", "mw_p_adj");
    char a[32], b[32], c2[32], d[32], e[32], g[32];
    for (size_t i = 0; i < r->n_compare; i++) {
        const struct slant_compare_row *c = &r->compare[i];
        int sig = c->p_adjusted < r->opts.alpha;
        n_sig += sig;
        char label[512];
        snprintf(label, sizeof(label), "%s/%s", c->lexicon, c->frame);
        fputs(sig ? "* " : "  ", f);
        pad(f, label, wf);
        fputc(' ', f);
        pad(f, c->outlet_a, wa);
        fputc(' ', f);
        pad(f, c->outlet_b, wb);
        fprintf(f, " %6zu %8s %6zu %8s %9s %10s %9s %9s\n", c->hits_a,
                slant_fmt_fixed(a, sizeof(a), 3, c->rate_a), c->hits_b,
                slant_fmt_fixed(b, sizeof(b), 3, c->rate_b),
                slant_fmt_fixed(c2, sizeof(c2), 3, c->log_ratio),
                slant_fmt_fixed(d, sizeof(d), 3, c->g2),
                slant_fmt_fixed(e, sizeof(e), 4, c->p_adjusted),
                slant_fmt_fixed(g, sizeof(g), 4, c->mw_p_adjusted));
    }
    fprintf(f,
            "\n%zu of %zu rows significant (*: Benjamini-Hochberg adjusted p of G2 < %g over "
            "every row); voice: %s.\nlog_ratio: log2 of the ratio of the rates (0.5 for a zero "
            "count); G2 negative when A uses the frame less;\nmw_p_adj: Mann-Whitney U on "
            "per-document rates, adjusted the same way.\n",
            n_sig, r->n_compare, r->opts.alpha, voice(r->opts.compare_voice));
    return ferror(f) ? SLANT_EIO : 0;
}

int slant_report_table_keyness(FILE *f, const struct slant_report *r)
{
    size_t wo = width("outlet"), wt = width("term"), ws = width("surface");
    for (size_t i = 0; i < r->n_keyness; i++) {
        wo = max_sz(wo, width(r->keyness[i].outlet));
        wt = max_sz(wt, width(r->keyness[i].term));
        ws = max_sz(ws, width(r->keyness[i].surface));
    }
    char a[32], b[32], c[32], d[32];
    fprintf(f, "vocabulary: %zu terms", r->keyness_vocabulary);
    if (r->opts.min_count > 1)
        fprintf(f, " used at least %zu times; %zu rarer terms left out\n", r->opts.min_count,
                r->keyness_below_floor);
    else
        fputs(" (no frequency floor)\n", f);
    fprintf(f,
            "each outlet against all the others: log-odds with an informative Dirichlet "
            "prior, alpha0 = %s\n\n",
            slant_fmt_fixed(a, sizeof(a), 1, r->opts.alpha0));
    pad(f, "outlet", wo);
    fputc(' ', f);
    pad(f, "term", wt);
    fputc(' ', f);
    pad(f, "surface", ws);
    fprintf(f, " %8s %8s %9s %8s %10s %9s\n", "count", "rest", "log_odds", "z", "G2", "log_ratio");
    for (size_t i = 0; i < r->n_keyness; i++) {
        const struct slant_keyness_row *k = &r->keyness[i];
        pad(f, k->outlet, wo);
        fputc(' ', f);
        pad(f, k->term, wt);
        fputc(' ', f);
        pad(f, k->surface, ws);
        fprintf(f, " %8zu %8zu %9s %8s %10s %9s\n", k->count, k->count_rest,
                slant_fmt_fixed(a, sizeof(a), 3, k->log_odds),
                slant_fmt_fixed(b, sizeof(b), 2, k->z), slant_fmt_fixed(c, sizeof(c), 2, k->g2),
                slant_fmt_fixed(d, sizeof(d), 3, k->log_ratio));
    }
    return ferror(f) ? SLANT_EIO : 0;
}
