/*
 * report_csv.c - profiles.csv, compare.csv and terms.csv (RFC 4180).
 *
 * The columns are those documented in report.h; numbers have fixed formats
 * so that the same report gives the same bytes: rates per 1,000 tokens and
 * their intervals "%.4f", statistics "%.6f", p-values "%.6e", Mann-Whitney U
 * "%.1f" (a multiple of one half), counts as integers.  A value that rounds
 * to zero is printed without a minus sign.
 */
#include <stdio.h>
#include <string.h>

#include "slant/match.h"
#include "slant/fmt.h"
#include "slant/report.h"

static const char *ci_method(const struct slant_ci *c)
{
    switch (c->method) {
    case SLANT_CI_BOOTSTRAP:
        return "bootstrap";
    case SLANT_CI_GARWOOD:
        return "garwood";
    case SLANT_CI_CLOPPER_PEARSON:
        return "clopper-pearson";
    }
    return "none";
}

static int done(FILE *f)
{
    return ferror(f) ? SLANT_EIO : 0;
}

int slant_report_csv_profiles(FILE *f, const struct slant_report *r)
{
    fputs("outlet,lexicon,frame,documents,tokens,hits,own_hits,attributed_hits,quoted_hits,"
          "negated_hits,distanced_hits,rate_per_1k,own_rate_per_1k,ci_low,ci_high,ci_method,"
          "own_ci_low,own_ci_high,small_sample\n",
          f);
    for (size_t i = 0; i < r->n_profiles; i++) {
        const struct slant_profile_row *p = &r->profiles[i];
        const struct slant_ci *own = &p->voice_ci[SLANT_VOICE_OWN];
        slant_csv_str(f, p->outlet);
        fputc(',', f);
        slant_csv_str(f, p->lexicon);
        fputc(',', f);
        slant_csv_str(f, p->frame);
        fprintf(f, ",%zu,%zu,%zu,%zu,%zu,%zu,%zu,%zu,", p->documents, p->tokens, p->hits,
                p->voice_hits[SLANT_VOICE_OWN], p->voice_hits[SLANT_VOICE_ATTRIBUTED],
                p->voice_hits[SLANT_VOICE_QUOTED], p->negated_hits, p->distanced_hits);
        slant_put_fixed(f, 4, p->rate_per_1k);
        fputc(',', f);
        slant_put_fixed(f, 4, p->own_rate_per_1k);
        fputc(',', f);
        slant_put_fixed(f, 4, p->ci.lo);
        fputc(',', f);
        slant_put_fixed(f, 4, p->ci.hi);
        fprintf(f, ",%s,", ci_method(&p->ci));
        slant_put_fixed(f, 4, own->lo);
        fputc(',', f);
        slant_put_fixed(f, 4, own->hi);
        fprintf(f, ",%d\n", p->ci.small ? 1 : 0);
    }
    return done(f);
}

int slant_report_csv_compare(FILE *f, const struct slant_report *r)
{
    fputs("lexicon,frame,outlet_a,outlet_b,hits_a,tokens_a,hits_b,tokens_b,log_ratio,g2,"
          "p_value,p_adjusted,docs_a,docs_b,mw_u,mw_p,mw_p_adjusted,voice\n",
          f);
    for (size_t i = 0; i < r->n_compare; i++) {
        const struct slant_compare_row *c = &r->compare[i];
        slant_csv_str(f, c->lexicon);
        fputc(',', f);
        slant_csv_str(f, c->frame);
        fputc(',', f);
        slant_csv_str(f, c->outlet_a);
        fputc(',', f);
        slant_csv_str(f, c->outlet_b);
        fprintf(f, ",%zu,%zu,%zu,%zu,", c->hits_a, c->tokens_a, c->hits_b, c->tokens_b);
        slant_put_fixed(f, 6, c->log_ratio);
        fputc(',', f);
        slant_put_fixed(f, 6, c->g2);
        fputc(',', f);
        slant_put_p(f, c->p_value);
        fputc(',', f);
        slant_put_p(f, c->p_adjusted);
        fprintf(f, ",%zu,%zu,", c->docs_a, c->docs_b);
        slant_put_fixed(f, 1, c->mw_u);
        fputc(',', f);
        slant_put_p(f, c->mw_p);
        fputc(',', f);
        slant_put_p(f, c->mw_p_adjusted);
        fprintf(f, ",%s\n", c->voice == SLANT_VF_ALL ? "all" : slant_voice_name(c->voice));
    }
    return done(f);
}

int slant_report_csv_keyness(FILE *f, const struct slant_report *r)
{
    fputs("outlet,term,surface,count,count_rest,log_odds,z,g2,log_ratio\n", f);
    for (size_t i = 0; i < r->n_keyness; i++) {
        const struct slant_keyness_row *k = &r->keyness[i];
        slant_csv_str(f, k->outlet);
        fputc(',', f);
        slant_csv_str(f, k->term);
        fputc(',', f);
        slant_csv_str(f, k->surface);
        fprintf(f, ",%zu,%zu,", k->count, k->count_rest);
        slant_put_fixed(f, 6, k->log_odds);
        fputc(',', f);
        slant_put_fixed(f, 6, k->z);
        fputc(',', f);
        slant_put_fixed(f, 6, k->g2);
        fputc(',', f);
        slant_put_fixed(f, 6, k->log_ratio);
        fputc('\n', f);
    }
    return done(f);
}
