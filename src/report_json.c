/*
 * report_json.c - profiles, comparisons and keyness as JSON.
 *
 * Each writer prints one object whose row arrays use the CSV column names
 * as keys (same fixed number formats as report_csv.c), plus the settings a
 * reader needs to interpret the rows:
 *   profiles: {"ci":{"level","resamples","seed"},"profiles":[...],
 *              "preferences":[{"outlet","lexicon","voice","legitimizing",
 *              "delegitimizing","index","ci_low","ci_high","ci_method",
 *              "small_sample"}]}  ("index" and its interval null when
 *              L + D = 0)
 *   compare:   {"voice","alpha","compare":[... + "significant"]}
 *   keyness:   {"alpha0","min_count","vocabulary","below_floor","terms":[...]}
 * One row per line, so that diffs of two reports stay readable.
 */
#include <stdio.h>
#include <string.h>

#include "slant/match.h"
#include "slant/fmt.h"
#include "slant/report.h"

static void key(FILE *f, const char *k)
{
    fprintf(f, ",\"%s\":", k);
}

static void knum(FILE *f, const char *k, int decimals, double x)
{
    key(f, k);
    slant_put_fixed(f, decimals, x);
}

static void kstr(FILE *f, const char *k, const char *s)
{
    key(f, k);
    slant_json_str(f, s);
}

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

static const char *voice(int v)
{
    return v == SLANT_VF_ALL ? "all" : slant_voice_name(v);
}

int slant_report_json_profiles(FILE *f, const struct slant_report *r)
{
    fprintf(f, "{\"ci\":{\"level\":");
    slant_put_fixed(f, 4, r->opts.ci.level);
    fprintf(f, ",\"resamples\":%zu,\"seed\":%lu},\n\"profiles\":[", r->opts.ci.resamples,
            r->opts.ci.seed);
    for (size_t i = 0; i < r->n_profiles; i++) {
        const struct slant_profile_row *p = &r->profiles[i];
        const struct slant_ci *own = &p->voice_ci[SLANT_VOICE_OWN];
        fputs(i ? ",\n {\"outlet\":" : "\n {\"outlet\":", f);
        slant_json_str(f, p->outlet);
        kstr(f, "lexicon", p->lexicon);
        kstr(f, "frame", p->frame);
        fprintf(f,
                ",\"documents\":%zu,\"tokens\":%zu,\"hits\":%zu,\"own_hits\":%zu,"
                "\"attributed_hits\":%zu,\"quoted_hits\":%zu,\"negated_hits\":%zu,"
                "\"distanced_hits\":%zu",
                p->documents, p->tokens, p->hits, p->voice_hits[SLANT_VOICE_OWN],
                p->voice_hits[SLANT_VOICE_ATTRIBUTED], p->voice_hits[SLANT_VOICE_QUOTED],
                p->negated_hits, p->distanced_hits);
        knum(f, "rate_per_1k", 4, p->rate_per_1k);
        knum(f, "own_rate_per_1k", 4, p->own_rate_per_1k);
        knum(f, "ci_low", 4, p->ci.lo);
        knum(f, "ci_high", 4, p->ci.hi);
        kstr(f, "ci_method", ci_method(&p->ci));
        knum(f, "own_ci_low", 4, own->lo);
        knum(f, "own_ci_high", 4, own->hi);
        fprintf(f, ",\"small_sample\":%d}", p->ci.small ? 1 : 0);
    }
    fputs(r->n_profiles ? "\n],\n\"preferences\":[" : "],\n\"preferences\":[", f);
    for (size_t i = 0; i < r->n_preferences; i++) {
        const struct slant_preference_row *p = &r->preferences[i];
        fputs(i ? ",\n {\"outlet\":" : "\n {\"outlet\":", f);
        slant_json_str(f, p->outlet);
        kstr(f, "lexicon", p->lexicon);
        kstr(f, "voice", voice(p->voice));
        fprintf(f, ",\"legitimizing\":%.0f,\"delegitimizing\":%.0f", p->legitimizing,
                p->delegitimizing);
        if (p->defined) {
            knum(f, "index", 6, p->ci.est);
            knum(f, "ci_low", 6, p->ci.lo);
            knum(f, "ci_high", 6, p->ci.hi);
            kstr(f, "ci_method", ci_method(&p->ci));
        } else {
            fputs(",\"index\":null,\"ci_low\":null,\"ci_high\":null,\"ci_method\":\"none\"", f);
        }
        fprintf(f, ",\"small_sample\":%d}", !p->defined || p->ci.small ? 1 : 0);
    }
    fputs(r->n_preferences ? "\n]}\n" : "]}\n", f);
    return ferror(f) ? SLANT_EIO : 0;
}

int slant_report_json_compare(FILE *f, const struct slant_report *r)
{
    fputs("{\"voice\":", f);
    slant_json_str(f, voice(r->opts.compare_voice));
    knum(f, "alpha", 4, r->opts.alpha);
    fputs(",\n\"compare\":[", f);
    for (size_t i = 0; i < r->n_compare; i++) {
        const struct slant_compare_row *c = &r->compare[i];
        fputs(i ? ",\n {\"lexicon\":" : "\n {\"lexicon\":", f);
        slant_json_str(f, c->lexicon);
        kstr(f, "frame", c->frame);
        kstr(f, "outlet_a", c->outlet_a);
        kstr(f, "outlet_b", c->outlet_b);
        fprintf(f, ",\"hits_a\":%zu,\"tokens_a\":%zu,\"hits_b\":%zu,\"tokens_b\":%zu", c->hits_a,
                c->tokens_a, c->hits_b, c->tokens_b);
        knum(f, "log_ratio", 6, c->log_ratio);
        knum(f, "g2", 6, c->g2);
        key(f, "p_value");
        slant_put_p(f, c->p_value);
        key(f, "p_adjusted");
        slant_put_p(f, c->p_adjusted);
        fprintf(f, ",\"docs_a\":%zu,\"docs_b\":%zu", c->docs_a, c->docs_b);
        knum(f, "mw_u", 1, c->mw_u);
        key(f, "mw_p");
        slant_put_p(f, c->mw_p);
        key(f, "mw_p_adjusted");
        slant_put_p(f, c->mw_p_adjusted);
        kstr(f, "voice", voice(c->voice));
        fprintf(f, ",\"significant\":%s}", c->p_adjusted < r->opts.alpha ? "true" : "false");
    }
    fputs(r->n_compare ? "\n]}\n" : "]}\n", f);
    return ferror(f) ? SLANT_EIO : 0;
}

int slant_report_json_keyness(FILE *f, const struct slant_report *r)
{
    fputs("{\"alpha0\":", f);
    slant_put_fixed(f, 4, r->opts.alpha0);
    fprintf(f, ",\"min_count\":%zu,\"vocabulary\":%zu,\"below_floor\":%zu,\n\"terms\":[",
            r->opts.min_count, r->keyness_vocabulary, r->keyness_below_floor);
    for (size_t i = 0; i < r->n_keyness; i++) {
        const struct slant_keyness_row *k = &r->keyness[i];
        fputs(i ? ",\n {\"outlet\":" : "\n {\"outlet\":", f);
        slant_json_str(f, k->outlet);
        kstr(f, "term", k->term);
        kstr(f, "surface", k->surface);
        fprintf(f, ",\"count\":%zu,\"count_rest\":%zu", k->count, k->count_rest);
        knum(f, "log_odds", 6, k->log_odds);
        knum(f, "z", 6, k->z);
        knum(f, "g2", 6, k->g2);
        knum(f, "log_ratio", 6, k->log_ratio);
        fputc('}', f);
    }
    fputs(r->n_keyness ? "\n]}\n" : "]}\n", f);
    return ferror(f) ? SLANT_EIO : 0;
}
