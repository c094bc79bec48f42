/*
 * report_md.c - report.md: the findings of the HTML page as Markdown, for
 * pasting into papers and issues.
 *
 * Tables and bullet lists only (GitHub-flavoured pipe tables), no HTML, no
 * charts: numbers in fixed formats so the file can serve as a golden file.
 * Input text is escaped for Markdown (a backslash before every character
 * Markdown or a table would read as syntax, line breaks as spaces), so an
 * outlet called "<script>" or "a|b" stays text in any renderer.  Nothing here
 * depends on the machine: lexicon paths are left out (the content hash
 * identifies a lexicon).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "slant/match.h"
#include "slant/xalloc.h"

#include "banned.h"

static void mdn(FILE *f, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || c == '\r' || c == '\t') {
            fputc(' ', f);
        } else if (c < 0x20 || c == 0x7f) {
            fputs("\xef\xbf\xbd", f);
        } else if (strchr("\\`*_{}[]<>#|~&", c)) {
            fputc('\\', f);
            fputc(c, f);
        } else {
            fputc(c, f);
        }
    }
}

static void md(FILE *f, const char *s)
{
    if (s)
        mdn(f, s, strlen(s));
}

static int streq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static void put_p(FILE *f, double p)
{
    if (p < 0.0001)
        fputs("\\< 0.0001", f);
    else
        fprintf(f, "%.4f", p);
}

static void outlet_name(FILE *f, const char *name)
{
    if (streq(name, "(rest)"))
        fputs("the other outlets together", f);
    else
        md(f, name);
}

/* ---- sections ----------------------------------------------------------- */

static void overview(FILE *f, const struct slant_report *r)
{
    const struct slant_overview *ov = &r->overview;
    fprintf(f, "## Overview\n\n%zu outlets, %zu documents, %zu word tokens", ov->n_outlets,
            ov->documents, ov->tokens);
    if (ov->first_date && *ov->first_date) {
        fputs(", dated ", f);
        md(f, ov->first_date);
        fputs(" to ", f);
        md(f, ov->last_date);
    }
    fprintf(f,
            "; %zu ingest batch%s, %zu boilerplate line%s removed, %zu input record%s "
            "rejected, %zu duplicate%s skipped.\n\n",
            ov->batches, ov->batches == 1 ? "" : "es", ov->boilerplate_lines,
            ov->boilerplate_lines == 1 ? "" : "s", ov->rejected, ov->rejected == 1 ? "" : "s",
            ov->duplicates, ov->duplicates == 1 ? "" : "s");
    fputs("| outlet | documents | tokens | first date | last date | boilerplate lines |\n"
          "|---|---:|---:|---|---|---:|\n",
          f);
    for (size_t i = 0; i < ov->n_outlets; i++) {
        const struct slant_outlet_info *o = &ov->outlets[i];
        fputs("| ", f);
        md(f, o->name);
        fprintf(f, " | %zu | %zu | ", o->documents, o->tokens);
        md(f, o->first_date);
        fputs(" | ", f);
        md(f, o->last_date);
        fprintf(f, " | %zu |\n", o->boilerplate_lines);
    }
    fputc('\n', f);
}

static void profiles(FILE *f, const struct slant_report *r)
{
    fputs("## Framing profiles\n\n"
          "Hits per 1,000 words by frame, split by voice (own: the outlet's own words; "
          "attributed: a sentence attributed to a source; quoted: inside quotation marks), "
          "with the 95% interval of the rate. Frames an outlet never uses are left out; "
          "\\* marks a small sample.\n\n",
          f);
    size_t shown = 0;
    const char *last_lex = NULL;
    for (size_t i = 0; i < r->n_profiles; i++) {
        const struct slant_profile_row *p = &r->profiles[i];
        if (p->hits == 0)
            continue;
        if (!shown || !streq(last_lex, p->outlet)) {
            if (shown)
                fputc('\n', f);
            fputs("### ", f);
            md(f, p->outlet);
            fputs("\n\n| lexicon | frame | hits | own | attributed | quoted | negated | "
                  "per 1,000 | 95% interval |\n|---|---|---:|---:|---:|---:|---:|---:|---|\n",
                  f);
            last_lex = p->outlet;
        }
        fputs("| ", f);
        md(f, p->lexicon);
        fputs(" | ", f);
        md(f, p->frame);
        fprintf(f, " | %zu | %zu | %zu | %zu | %zu | %.2f%s | %.2f-%.2f |\n", p->hits,
                p->voice_hits[0], p->voice_hits[1], p->voice_hits[2], p->negated_hits,
                p->rate_per_1k, p->ci.small ? " \\*" : "", p->ci.lo, p->ci.hi);
        shown++;
    }
    if (!shown)
        fputs("No frame word was found.\n", f);
    fputc('\n', f);
}

static void preferences(FILE *f, const struct slant_report *r)
{
    if (!r->n_preferences)
        return;
    int pv = r->opts.preference_voice;
    fprintf(f,
            "## Frame preference\n\n"
            "(L - D) / (L + D) over the outlet's hits (%s) of the legitimizing (L) and "
            "delegitimizing (D) poles: +1 only legitimizing, -1 only delegitimizing.\n\n"
            "| lexicon | outlet | index | 95%% interval | L | D |\n|---|---|---:|---|---:|---:|\n",
            pv == SLANT_VOICE_OWN          ? "own voice"
            : pv == SLANT_VOICE_ATTRIBUTED ? "attributed voice"
            : pv == SLANT_VOICE_QUOTED     ? "quoted voice"
                                           : "all voices");
    for (size_t i = 0; i < r->n_preferences; i++) {
        const struct slant_preference_row *p = &r->preferences[i];
        fputs("| ", f);
        md(f, p->lexicon);
        fputs(" | ", f);
        md(f, p->outlet);
        if (p->defined)
            fprintf(f, " | %.3f%s | %.3f to %.3f", p->ci.est, p->ci.small ? " \\*" : "", p->ci.lo,
                    p->ci.hi);
        else
            fputs(" | undefined | no hits", f);
        fprintf(f, " | %.0f | %.0f |\n", p->legitimizing, p->delegitimizing);
    }
    fputc('\n', f);
}

struct cmp_ref {
    const struct slant_compare_row *row;
    size_t order;
};

static int cmp_effect(const void *a, const void *b)
{
    const struct cmp_ref *x = a, *y = b;
    double ex = fabs(x->row->log_ratio), ey = fabs(y->row->log_ratio);
    if (ex != ey)
        return ex > ey ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

#define MD_FINDINGS 40 /* the strongest findings; compare.csv has all */

static void comparisons(FILE *f, const struct slant_report *r)
{
    double alpha = r->opts.alpha > 0 ? r->opts.alpha : 0.05;
    struct cmp_ref *refs = slant_xcalloc(r->n_compare + 1, sizeof(*refs));
    size_t n = 0;
    for (size_t i = 0; i < r->n_compare; i++) {
        const struct slant_compare_row *c = &r->compare[i];
        if (c->p_adjusted < alpha && (c->hits_a || c->hits_b)) {
            refs[n].row = c;
            refs[n].order = i;
            n++;
        }
    }
    qsort(refs, n, sizeof(*refs), cmp_effect);
    fprintf(f,
            "## Significant differences\n\n%zu of %zu comparisons have a Benjamini-Hochberg "
            "adjusted p below %.2f (Dunning's G2 on the counts)",
            n, r->n_compare, alpha);
    if (n > MD_FINDINGS)
        fprintf(f, "; the %d with the largest effect are listed, compare.csv has all", MD_FINDINGS);
    fputs(".\n\n", f);
    for (size_t i = 0; i < n && i < MD_FINDINGS; i++) {
        const struct slant_compare_row *c = refs[i].row;
        struct slant_finding fd;
        slant_report_finding(c, &fd);
        fputs("- **", f);
        outlet_name(f, fd.hi);
        fputs("** uses *", f);
        md(f, c->frame);
        fputs("* vocabulary ", f);
        if (!fd.never) {
            fprintf(f, "%.1f times as often as ", fd.times);
            outlet_name(f, fd.lo);
            fprintf(f, " %s (%.2f vs %.2f per 1,000 words)", slant_voice_phrase(c->voice),
                    fd.rate_hi, fd.rate_lo);
        } else {
            fprintf(f, "%s (%zu hit%s, %.2f per 1,000 words); ", slant_voice_phrase(c->voice),
                    fd.hits_hi, fd.hits_hi == 1 ? "" : "s", fd.rate_hi);
            outlet_name(f, fd.lo);
            fputs(" never does", f);
        }
        fputs(". Lexicon ", f);
        md(f, c->lexicon);
        /* the sentence names the higher outlet first: sizes, not signs */
        fprintf(f, ", log2 ratio %.2f, G2 %.2f, adjusted p ", fabs(c->log_ratio), fabs(c->g2));
        put_p(f, c->p_adjusted);
        fputs(".\n", f);
    }
    if (n)
        fputc('\n', f);
    free(refs);
}

#define MD_TERMS 10

static void terms(FILE *f, const struct slant_report *r)
{
    if (!r->n_keyness)
        return;
    fputs("## Distinctive terms\n\nTop terms per outlet by the z-score of the log-odds ratio "
          "with an informative Dirichlet prior.\n\n| outlet | terms (z) |\n|---|---|\n",
          f);
    for (size_t oi = 0; oi < r->overview.n_outlets; oi++) {
        const char *name = r->overview.outlets[oi].name;
        size_t shown = 0;
        for (size_t i = 0; i < r->n_keyness && shown < MD_TERMS; i++) {
            const struct slant_keyness_row *k = &r->keyness[i];
            if (!streq(k->outlet, name) || k->z <= 0)
                continue;
            if (!shown) {
                fputs("| ", f);
                md(f, name);
                fputs(" | ", f);
            } else {
                fputs(", ", f);
            }
            md(f, k->surface && *k->surface ? k->surface : k->term);
            fprintf(f, " (%.1f)", k->z);
            shown++;
        }
        if (shown)
            fputs(" |\n", f);
    }
    fputc('\n', f);
}

/* An outlet x outlet Jensen-Shannon divergence matrix, when computed. */
static void jsd_table(FILE *f, const struct slant_map *m, const double *d, const char *over)
{
    if (!d)
        return;
    fprintf(f,
            "Jensen-Shannon divergence between outlets %s (base 2: 0 = the same "
            "distribution, 1 = nothing in common).\n\n|  |",
            over);
    for (size_t j = 0; j < m->n_outlets; j++) {
        fputc(' ', f);
        md(f, m->outlets[j]);
        fputs(" |", f);
    }
    fputs("\n|---|", f);
    for (size_t j = 0; j < m->n_outlets; j++)
        fputs("---:|", f);
    fputc('\n', f);
    for (size_t i = 0; i < m->n_outlets; i++) {
        fputs("| ", f);
        md(f, m->outlets[i]);
        fputs(" |", f);
        for (size_t j = 0; j < m->n_outlets; j++)
            fprintf(f, " %.3f |", d[i * m->n_outlets + j]);
        fputc('\n', f);
    }
    fputc('\n', f);
}

static void outlet_map(FILE *f, const struct slant_report *r)
{
    const struct slant_map *m = &r->map;
    if (!m->ca_ok && !m->jsd_frames && !m->jsd_terms)
        return;
    fputs("## Outlet map\n\n", f);
    if (m->ca_ok) {
        fprintf(f,
                "Correspondence analysis of the outlet x frame table of own-voice hits; axis 1 "
                "explains %.1f%%, axis 2 %.1f%% of the inertia.\n\n"
                "| outlet | axis 1 | axis 2 |\n|---|---:|---:|\n",
                m->ca.share[0] * 100, m->ca.share[1] * 100);
        for (size_t i = 0; i < m->n_outlets; i++) {
            if (m->ca_outlet_used && !m->ca_outlet_used[i])
                continue;
            fputs("| ", f);
            md(f, m->outlets[i]);
            fprintf(f, " | %.4f | %.4f |\n", m->ca.row_coord[i * 2], m->ca.row_coord[i * 2 + 1]);
        }
        fputc('\n', f);
    }
    jsd_table(f, m, m->jsd_frames, "over their own-voice rates of every frame");
    jsd_table(f, m, m->jsd_terms, "over their term distributions");
}

/* One concordance line with the match in bold; quotation marks in the text
 * already show what is quoted. */
static void kwic_line(FILE *f, const struct slant_kwic_row *k)
{
    md(f, k->left);
    fputs("**", f);
    md(f, k->match);
    fputs("**", f);
    md(f, k->right);
}

#define MD_KWIC 2 /* example lines per frame and outlet */

static void examples(FILE *f, const struct slant_report *r)
{
    if (!r->n_kwic)
        return;
    fprintf(f,
            "## Examples\n\nUp to %d concordance lines per frame and outlet, the frame "
            "word in bold (kwic.csv has every line of the report).\n",
            MD_KWIC);
    const char *lex = NULL, *frame = NULL, *outlet = NULL;
    size_t per = 0;
    for (size_t i = 0; i < r->n_kwic; i++) {
        const struct slant_kwic_row *k = &r->kwic[i];
        if (!streq(lex, k->lexicon) || !streq(frame, k->frame)) {
            fputs("\n### ", f);
            md(f, k->lexicon);
            fputs(" / ", f);
            md(f, k->frame);
            fputs("\n\n| outlet | voice | line |\n|---|---|---|\n", f);
            lex = k->lexicon;
            frame = k->frame;
            outlet = NULL;
        }
        if (!streq(outlet, k->outlet)) {
            outlet = k->outlet;
            per = 0;
        }
        if (per++ >= MD_KWIC)
            continue;
        fputs("| ", f);
        md(f, k->outlet);
        fprintf(f, " | %s%s%s | ", slant_voice_name(k->voice), k->negated ? ", negated" : "",
                k->distanced ? ", distanced" : "");
        kwic_line(f, k);
        fputs(" |\n", f);
    }
    fputc('\n', f);
}

static void event(FILE *f, const struct slant_report *r)
{
    if (!r->n_event)
        return;
    fputs("## Side by side\n\nParagraphs about the event", f);
    if (r->opts.event_word) {
        fputs(" (\"", f);
        md(f, r->opts.event_word);
        fputs("\")", f);
    }
    fputs(", by outlet.\n", f);
    const char *outlet = NULL;
    for (size_t i = 0; i < r->n_event; i++) {
        const struct slant_event_par *e = &r->event[i];
        if (!streq(outlet, e->outlet)) {
            fputs("\n### ", f);
            md(f, e->outlet);
            fputs("\n\n", f);
            outlet = e->outlet;
        }
        fputs("> ", f);
        md(f, e->text);
        fputs("\n>\n> -- ", f);
        md(f, e->date);
        if (e->title && *e->title) {
            fputs(", ", f);
            md(f, e->title);
        }
        fputs("\n\n", f);
    }
}

static void methods(FILE *f, const struct slant_report *r)
{
    const struct slant_report_opts *o = &r->opts;
    fputs("## Methods\n\n| lexicon | version | language | frames | patterns | content hash |\n"
          "|---|---|---|---:|---:|---|\n",
          f);
    for (size_t i = 0; i < r->n_lexicons; i++) {
        const struct slant_lexicon_info *l = &r->lexicons[i];
        fputs("| ", f);
        md(f, l->name);
        fputs(" | ", f);
        md(f, l->version);
        fputs(" | ", f);
        md(f, l->language);
        fprintf(f, " | %zu | %zu | `", l->n_frames, l->n_patterns);
        /* a hash is hex; anything else is shown escaped outside the code span */
        int plain = l->hash != NULL;
        for (const char *p = l->hash; p && *p; p++)
            if (!strchr("0123456789abcdefABCDEF", *p))
                plain = 0;
        if (plain)
            fputs(l->hash, f);
        fputs("` |\n", f);
    }
    fprintf(f,
            "\n- Intervals: %.0f%% level, %zu bootstrap resamples over documents, seed %lu "
            "(mt19937); exact intervals below %zu documents.\n",
            (o->ci.level > 0 ? o->ci.level : 0.95) * 100,
            o->ci.resamples ? o->ci.resamples : (size_t)SLANT_CI_RESAMPLES,
            o->ci.seed ? o->ci.seed : SLANT_CI_SEED,
            o->ci.min_docs ? o->ci.min_docs : (size_t)SLANT_CI_MIN_DOCS);
    fprintf(f, "- Comparisons: %s, Benjamini-Hochberg, significance level %.2f.\n",
            o->compare_voice == SLANT_VF_ALL             ? "all voices"
            : o->compare_voice == SLANT_VOICE_ATTRIBUTED ? "attributed voice"
            : o->compare_voice == SLANT_VOICE_QUOTED     ? "quoted voice"
                                                         : "own voice",
            o->alpha > 0 ? o->alpha : 0.05);
    fprintf(f, "- Keyness: prior size alpha0 = %.0f; %zu terms considered.\n",
            o->alpha0 > 0 ? o->alpha0 : SLANT_KEYNESS_ALPHA0, r->keyness_vocabulary);
    fputs("- Tokenizer: letters, digits and marks with inner apostrophes and hyphens; NFC and "
          "case folding (utf8proc); rates per 1,000 word tokens. Stemmer: Snowball for the "
          "document's language and script. Boilerplate: page-furniture lines removed before "
          "analysis.\n",
          f);
    for (int i = 0; i < SLANT_STAT_COUNT_; i++)
        if (r->methods[i]) {
            fputs("- ", f);
            md(f, r->methods[i]);
            fputc('\n', f);
        }
}

int slant_report_md(FILE *f, const struct slant_report *r)
{
    fputs("# ", f);
    md(f, r->opts.title ? r->opts.title : "slant report");
    fputs("\n\n", f);
    overview(f, r);
    profiles(f, r);
    preferences(f, r);
    comparisons(f, r);
    terms(f, r);
    outlet_map(f, r);
    examples(f, r);
    event(f, r);
    methods(f, r);
    return ferror(f) ? SLANT_EIO : 0;
}
