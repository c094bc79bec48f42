/*
 * report_html.c - index.html: the whole report as one self-contained page.
 *
 * One file, no script, no external URL: inline CSS and inline SVG charts, so
 * it opens offline, can be mailed or attached to a paper, and prints to PDF.
 * The markup is also well-formed XML (every element closed, void elements
 * written as <x/>, only numeric character references), so a strict XML
 * parser can check it in the tests; browsers read it as ordinary HTML5.
 * Every string that came from input (outlet names, titles, article text,
 * lexicon names and descriptions) goes through esc(); the only unescaped
 * text is this file's own.  Colours come from the Okabe-Ito palette and each
 * voice also has its own fill pattern and each chart mark its own shape, so
 * nothing is told by colour alone.  The writer reads the finished report and
 * computes nothing but layout.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "slant/match.h"
#include "slant/xalloc.h"

#include "banned.h"

/* ------------------------------------------------------------------------ */
/* Escaping and small helpers                                                */
/* ------------------------------------------------------------------------ */

/* Escape len bytes for element text and attribute values.  C0 controls other
 * than tab and line breaks are not allowed in HTML or XML: shown as U+FFFD. */
static void escn(FILE *f, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        case '\t':
        case '\n':
        case '\r':
            fputc(' ', f);
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                fputs("&#65533;", f);
            else
                fputc(c, f);
        }
    }
}

static void esc(FILE *f, const char *s)
{
    if (s)
        escn(f, s, strlen(s));
}

static int streq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* p-values as fixed text: tiny ones are not worth their digits */
static void put_p(FILE *f, double p)
{
    if (p < 0.0001)
        fputs("&lt;&#160;0.0001", f);
    else
        fprintf(f, "%.4f", p);
}

static const char *voice_short(int voice)
{
    switch (voice) {
    case SLANT_VOICE_OWN:
        return "own voice";
    case SLANT_VOICE_ATTRIBUTED:
        return "attributed voice";
    case SLANT_VOICE_QUOTED:
        return "quoted voice";
    default:
        return "all voices";
    }
}

/* Okabe-Ito colours by voice; the patterns (see defs()) carry the same
 * distinction for readers who cannot tell the colours apart. */
static const char *const voice_fill[3] = {"#0072B2", "url(#pat-att)", "url(#pat-quo)"};
static const char *const voice_label[3] = {"own voice", "attributed", "quoted"};

/* Tick step of 1, 2 or 5 times a power of ten giving about five ticks. */
static double nice_step(double max)
{
    if (!(max > 0))
        return 1;
    double raw = max / 5;
    double p = pow(10, floor(log10(raw)));
    double m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/* ------------------------------------------------------------------------ */
/* Lookups: frames and outlets by index, for anchors and chart rows          */
/* ------------------------------------------------------------------------ */

struct frame_key {
    const char *lexicon, *frame, *pole;
};

struct page {
    FILE *f;
    const struct slant_report *r;
    struct frame_key *frames; /* distinct lexicon/frame pairs, profile order */
    size_t n_frames;
    unsigned char *has_kwic; /* n_frames x n_outlets: concordance lines exist */
    size_t n_outlets;
};

static size_t frame_index(const struct page *pg, const char *lex, const char *frame)
{
    for (size_t i = 0; i < pg->n_frames; i++)
        if (streq(pg->frames[i].lexicon, lex) && streq(pg->frames[i].frame, frame))
            return i;
    return (size_t)-1;
}

static size_t outlet_index(const struct page *pg, const char *name)
{
    for (size_t i = 0; i < pg->n_outlets; i++)
        if (streq(pg->r->overview.outlets[i].name, name))
            return i;
    return (size_t)-1;
}

static void page_init(struct page *pg, FILE *f, const struct slant_report *r)
{
    memset(pg, 0, sizeof(*pg));
    pg->f = f;
    pg->r = r;
    pg->n_outlets = r->overview.n_outlets;
    pg->frames = slant_xcalloc(r->n_profiles + r->n_kwic + r->n_compare + 1, sizeof(*pg->frames));
    for (size_t i = 0; i < r->n_profiles; i++) {
        const struct slant_profile_row *p = &r->profiles[i];
        if (frame_index(pg, p->lexicon, p->frame) == (size_t)-1)
            pg->frames[pg->n_frames++] = (struct frame_key){p->lexicon, p->frame, p->pole};
    }
    /* concordance lines and comparisons of a frame with no profile row
     * (a report built without profiles) still get a home */
    for (size_t i = 0; i < r->n_kwic; i++) {
        const struct slant_kwic_row *k = &r->kwic[i];
        if (frame_index(pg, k->lexicon, k->frame) == (size_t)-1)
            pg->frames[pg->n_frames++] = (struct frame_key){k->lexicon, k->frame, NULL};
    }
    for (size_t i = 0; i < r->n_compare; i++) {
        const struct slant_compare_row *c = &r->compare[i];
        if (frame_index(pg, c->lexicon, c->frame) == (size_t)-1)
            pg->frames[pg->n_frames++] = (struct frame_key){c->lexicon, c->frame, NULL};
    }
    pg->has_kwic = slant_xcalloc(pg->n_frames * (pg->n_outlets + 1) + 1, 1);
    for (size_t i = 0; i < r->n_kwic; i++) {
        size_t fi = frame_index(pg, r->kwic[i].lexicon, r->kwic[i].frame);
        size_t oi = outlet_index(pg, r->kwic[i].outlet);
        if (fi != (size_t)-1 && oi != (size_t)-1)
            pg->has_kwic[fi * pg->n_outlets + oi] = 1;
    }
}

static void page_release(struct page *pg)
{
    free(pg->frames);
    free(pg->has_kwic);
}

/* ------------------------------------------------------------------------ */
/* Head, style and shared SVG definitions                                    */
/* ------------------------------------------------------------------------ */

/* No '<' or '&' in here: the page must stay well-formed XML. */
static const char css[] =
    ":root{--ink:#1d1d1f;--muted:#5b5b66;--line:#d5d5dc;--bg:#fff;--panel:#f6f6f9;"
    "--own:#0072B2;--att:#E69F00;--quo:#009E73;--mark:#ffe27a;--q:#dcebf7}\n"
    "*{box-sizing:border-box}\n"
    "html{font-size:17px}\n"
    "body{margin:0;color:var(--ink);background:var(--bg);"
    "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',sans-serif;"
    "line-height:1.5}\n"
    "header.top{background:#1d2a3a;color:#fff;padding:1.2rem 1.5rem}\n"
    "header.top h1{margin:0;font-size:1.7rem}\n"
    "header.top p{margin:.3rem 0 0;color:#c9d3df}\n"
    "nav.toc{position:sticky;top:0;z-index:2;background:#eef1f5;border-bottom:1px solid "
    "var(--line);"
    "padding:.4rem 1.5rem;font-size:.9rem}\n"
    "nav.toc a{margin-right:1rem;color:#1d2a3a;text-decoration:none;white-space:nowrap}\n"
    "nav.toc a:hover{text-decoration:underline}\n"
    "main{max-width:72rem;margin:0 auto;padding:0 1.5rem 3rem}\n"
    "section{margin-top:2.2rem}\n"
    "h2{font-size:1.4rem;border-bottom:2px solid #1d2a3a;padding-bottom:.2rem}\n"
    "h3{font-size:1.1rem;margin:1.6rem 0 .4rem}\n"
    "h4{font-size:1rem;margin:1rem 0 .3rem}\n"
    "p.note,.note{color:var(--muted);font-size:.9rem}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.6rem}\n"
    ".card{background:var(--panel);border:1px solid var(--line);border-radius:6px;"
    "padding:.5rem .8rem}\n"
    ".card b{display:block;font-size:1.35rem}\n"
    ".card span{color:var(--muted);font-size:.85rem}\n"
    ".scroll{overflow-x:auto}\n"
    "table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}\n"
    "th,td{border-bottom:1px solid var(--line);padding:.25rem .55rem;text-align:left;"
    "vertical-align:top}\n"
    "td.k{white-space:nowrap}\n"
    "th{background:var(--panel)}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "figure{margin:.6rem 0 1rem;overflow-x:auto}\n"
    "figure svg{width:100%;height:auto;max-width:52rem;display:block}\n"
    "figcaption{font-size:.85rem;color:var(--muted)}\n"
    "svg text{font-family:inherit}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:1rem;font-size:.85rem;margin:.3rem 0}\n"
    ".legend svg{width:1.6rem;height:1rem;vertical-align:middle;display:inline}\n"
    ".outlet{border-top:1px solid var(--line);padding-top:.4rem}\n"
    "ul.findings{padding-left:1.2rem}\n"
    "ul.findings li{margin:.3rem 0}\n"
    ".terms{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.8rem}\n"
    ".terms div{background:var(--panel);border-radius:6px;padding:.4rem .7rem}\n"
    ".terms ol{margin:.2rem 0;padding-left:1.4rem;font-size:.9rem}\n"
    "mark{background:var(--mark);color:inherit;font-weight:600;padding:0 .1em;"
    "border-bottom:2px solid #8a6d00}\n"
    ".q{background:var(--q);font-style:italic;border-bottom:1px dashed #3b6e99}\n"
    ".q mark{background:#ffd23f}\n"
    ".kwic{font-size:.92rem;border-collapse:collapse;width:100%}\n"
    ".kwic td{border-bottom:1px solid #ececf1;padding:.2rem .15rem}\n"
    ".kwic td.l{text-align:right;width:42%;padding-left:0}\n"
    ".kwic td.m{text-align:center;white-space:nowrap}\n"
    ".kwic td.v{padding-left:.6rem}\n"
    ".kwic td.src{padding:0 0 .5rem;border-bottom:1px solid #d8d8e0}\n"
    ".kwic tr.line td{border-bottom:none}\n"
    ".kwic td.v{font-size:.8rem;color:var(--muted);white-space:nowrap}\n"
    ".event{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:.8rem}\n"
    ".event>div{background:var(--panel);border:1px solid var(--line);border-radius:6px;"
    "padding:.5rem .8rem}\n"
    ".event p{font-size:.92rem}\n"
    ".src{font-size:.8rem;color:var(--muted)}\n"
    "code{font-size:.85rem;word-break:break-all}\n"
    "a{color:#0b5394}\n"
    "footer{max-width:72rem;margin:0 auto;padding:1rem 1.5rem 2rem;color:var(--muted);"
    "font-size:.85rem}\n";

/* phone width and print */
static const char css_media[] =
    "@media (max-width:40rem){html{font-size:15px}main{padding:0 .7rem 2rem}"
    "figure svg{min-width:36rem}"
    "header.top{padding:1rem .7rem}nav.toc{position:static;padding:.4rem .7rem}"
    ".kwic td.l{width:auto}.kwic,.kwic tbody,.kwic tr,.kwic td{display:block;text-align:left}"
    ".kwic td.l,.kwic td.m{display:inline;text-align:left;white-space:normal}"
    ".kwic td.r{display:inline}.kwic td.v{padding-bottom:.5rem}}\n"
    "@media print{html{font-size:10.5pt}nav.toc{display:none}header.top{background:none;"
    "color:#000;padding:0}header.top p{color:#333}main{max-width:none;padding:0}"
    "section{break-inside:auto}figure,table,.event>div,.terms div{break-inside:avoid}"
    "h2,h3,h4{break-after:avoid}a{color:inherit;text-decoration:none}"
    ".card,.terms div,.event>div{background:none}}\n";

static void head(struct page *pg)
{
    FILE *f = pg->f;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
          "<meta name=\"generator\" content=\"slant\"/>\n<title>",
          f);
    esc(f, pg->r->opts.title ? pg->r->opts.title : "slant report");
    fputs("</title>\n<style>\n", f);
    fputs(css, f);
    fputs(css_media, f);
    fputs("</style>\n</head>\n<body>\n", f);
}

/* Fill patterns shared by every chart (ids are page-wide). */
static void defs(FILE *f)
{
    fputs("<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\">"
          "<defs>"
          "<pattern id=\"pat-att\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
          " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#E69F00\"/>"
          "<rect width=\"2.2\" height=\"6\" fill=\"#fff\" fill-opacity=\"0.75\"/></pattern>"
          "<pattern id=\"pat-quo\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">"
          "<rect width=\"5\" height=\"5\" fill=\"#009E73\"/>"
          "<circle cx=\"2.5\" cy=\"2.5\" r=\"1.2\" fill=\"#fff\"/></pattern>"
          "</defs></svg>\n",
          f);
}

static void legend_swatch(FILE *f, int voice)
{
    fprintf(f,
            "<span><svg viewBox=\"0 0 24 14\" aria-hidden=\"true\"><rect x=\"0\" y=\"1\" "
            "width=\"24\" height=\"12\" fill=\"%s\" stroke=\"#333\" stroke-width=\"0.5\"/></svg> "
            "%s</span>",
            voice_fill[voice], voice_label[voice]);
}

static void voice_legend(FILE *f)
{
    fputs("<div class=\"legend\">", f);
    for (int v = 0; v < 3; v++)
        legend_swatch(f, v);
    fputs("<span><svg viewBox=\"0 0 24 14\" aria-hidden=\"true\"><line x1=\"2\" y1=\"7\" "
          "x2=\"22\" y2=\"7\" stroke=\"#222\" stroke-width=\"1.5\"/><line x1=\"2\" y1=\"3\" "
          "x2=\"2\" y2=\"11\" stroke=\"#222\" stroke-width=\"1.5\"/><line x1=\"22\" y1=\"3\" "
          "x2=\"22\" y2=\"11\" stroke=\"#222\" stroke-width=\"1.5\"/></svg> "
          "95% interval of the rate (all voices)</span></div>\n",
          f);
}

/* ------------------------------------------------------------------------ */
/* Overview                                                                  */
/* ------------------------------------------------------------------------ */

static void card(FILE *f, size_t n, const char *what)
{
    fprintf(f, "<div class=\"card\"><b>%zu</b><span>%s</span></div>", n, what);
}

static void sec_overview(struct page *pg)
{
    FILE *f = pg->f;
    const struct slant_overview *ov = &pg->r->overview;
    fputs("<section id=\"overview\">\n<h2>Overview</h2>\n<div class=\"cards\">", f);
    card(f, ov->n_outlets, "outlets");
    card(f, ov->documents, "documents");
    card(f, ov->tokens, "word tokens");
    card(f, ov->batches, "ingest batches");
    card(f, ov->boilerplate_lines, "boilerplate lines removed");
    card(f, ov->rejected, "input records rejected");
    card(f, ov->duplicates, "duplicates skipped");
    fputs("</div>\n<p>Dates: ", f);
    if (ov->first_date && *ov->first_date) {
        esc(f, ov->first_date);
        fputs(" to ", f);
        esc(f, ov->last_date);
    } else {
        fputs("unknown", f);
    }
    fputs(".</p>\n<div class=\"scroll\"><table>\n<thead><tr><th>outlet</th>"
          "<th class=\"n\">documents</th><th class=\"n\">tokens</th><th>first date</th>"
          "<th>last date</th><th class=\"n\">boilerplate lines</th>"
          "<th class=\"n\">U+FFFD</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < ov->n_outlets; i++) {
        const struct slant_outlet_info *o = &ov->outlets[i];
        fprintf(f, "<tr><td><a href=\"#o%zu\">", i);
        esc(f, o->name);
        fprintf(f, "</a></td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td>", o->documents,
                o->tokens);
        esc(f, o->first_date);
        fputs("</td><td>", f);
        esc(f, o->last_date);
        fprintf(f, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n",
                o->boilerplate_lines, o->replaced);
    }
    fputs("</tbody></table></div>\n</section>\n", f);
}

/* ------------------------------------------------------------------------ */
/* Framing profiles                                                          */
/* ------------------------------------------------------------------------ */

#define CH_PLOT 420.0 /* plot width of the bar charts */
#define CH_ROW 18.0

/* Width of a chart's label column: room for the longest label at 11 px
 * (about 6.3 px a character; a byte count overestimates non-ASCII text,
 * which only wastes a little room). */
static double label_width(size_t longest)
{
    double w = (double)longest * 6.3 + 24;
    return w < 120 ? 120 : w > 320 ? 320 : w;
}

static void axis(FILE *f, double x0, double width, double y0, double y1, double max,
                 const char *unit)
{
    double step = nice_step(max);
    for (double t = 0; t <= max * 1.0000001; t += step) {
        double x = x0 + t / max * width;
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" "
                "fill=\"#555\">%g</text>",
                x, y0, x, y1, x, y1 + 12, t);
    }
    fprintf(f,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" "
            "fill=\"#555\">%s</text>",
            x0 + width / 2, y1 + 25, unit);
}

/* One outlet's chart: a stacked bar per frame (own, attributed, quoted
 * rates, patterned) and the interval of the total rate as a whisker. */
static void profile_chart(struct page *pg, size_t oi, double max, double lw)
{
    FILE *f = pg->f;
    const struct slant_report *r = pg->r;
    const char *name = r->overview.outlets[oi].name;
    size_t rows = 0;
    for (size_t i = 0; i < r->n_profiles; i++)
        if (streq(r->profiles[i].outlet, name))
            rows++;
    if (!rows)
        return;
    /* a lexicon heading takes one row */
    size_t heads = 0;
    const char *last = NULL;
    for (size_t i = 0; i < r->n_profiles; i++)
        if (streq(r->profiles[i].outlet, name)) {
            if (!streq(last, r->profiles[i].lexicon))
                heads++;
            last = r->profiles[i].lexicon;
        }
    double h = (double)(rows + heads) * CH_ROW + 40;
    double w = lw + CH_PLOT + 20;
    fprintf(f, "<figure><svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"pc%zu\">", w,
            h, oi);
    fprintf(f, "<title id=\"pc%zu\">Framing profile of ", oi);
    esc(f, name);
    fputs(": rate per 1,000 words by frame and voice</title>", f);
    axis(f, lw, CH_PLOT, 4, h - 32, max, "hits per 1,000 words");
    double y = 4;
    last = NULL;
    for (size_t i = 0; i < r->n_profiles; i++) {
        const struct slant_profile_row *p = &r->profiles[i];
        if (!streq(p->outlet, name))
            continue;
        if (!streq(last, p->lexicon)) {
            fprintf(f,
                    "<text x=\"2\" y=\"%.1f\" font-size=\"11\" font-weight=\"700\" fill=\"#333\">",
                    y + 13);
            esc(f, p->lexicon);
            fputs("</text>", f);
            y += CH_ROW;
            last = p->lexicon;
        }
        fprintf(f, "<g><title>");
        esc(f, p->frame);
        fprintf(f,
                ": %.2f per 1,000 words (95%% %.2f to %.2f); own %zu, attributed %zu, "
                "quoted %zu hits%s</title>",
                p->rate_per_1k, p->ci.lo, p->ci.hi, p->voice_hits[0], p->voice_hits[1],
                p->voice_hits[2], p->ci.small ? "; small sample" : "");
        fprintf(f,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#222\">",
                lw - 6, y + 13);
        esc(f, p->frame);
        if (p->ci.small)
            fputs(" \xe2\x80\xa0", f); /* dagger: small sample */
        fputs("</text>", f);
        double x = lw;
        for (int v = 0; v < 3; v++) {
            double rate = p->tokens ? (double)p->voice_hits[v] / (double)p->tokens * 1000.0 : 0;
            double bw = rate / max * CH_PLOT;
            if (bw <= 0)
                continue;
            fprintf(f,
                    "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"%s\" "
                    "stroke=\"#fff\" stroke-width=\"0.6\"/>",
                    x, y + 3, bw, CH_ROW - 6, voice_fill[v]);
            x += bw;
        }
        if (p->hits > 0) {
            double lo = lw + p->ci.lo / max * CH_PLOT;
            double hi = lw + p->ci.hi / max * CH_PLOT;
            double cy = y + CH_ROW / 2;
            fprintf(f,
                    "<path d=\"M%.2f %.1fH%.2fM%.2f %.1fV%.1fM%.2f %.1fV%.1f\" stroke=\"#222\" "
                    "stroke-width=\"1.3\" fill=\"none\"/>",
                    lo, cy, hi, lo, cy - 4, cy + 4, hi, cy - 4, cy + 4);
        }
        fputs("</g>", f);
        y += CH_ROW;
    }
    fputs("</svg></figure>\n", f);
}

/* The numbers behind the chart; each count links to its concordance lines. */
static void profile_table(struct page *pg, size_t oi)
{
    FILE *f = pg->f;
    const struct slant_report *r = pg->r;
    const char *name = r->overview.outlets[oi].name;
    fputs("<div class=\"scroll\"><table>\n<thead><tr><th>lexicon</th><th>frame</th>"
          "<th class=\"n\">hits</th><th class=\"n\">own</th><th class=\"n\">attributed</th>"
          "<th class=\"n\">quoted</th><th class=\"n\">negated</th>"
          "<th class=\"n\">distanced</th><th class=\"n\">per 1,000</th>"
          "<th class=\"n\">95% interval</th><th class=\"n\">own per 1,000</th></tr></thead>\n"
          "<tbody>\n",
          f);
    for (size_t i = 0; i < r->n_profiles; i++) {
        const struct slant_profile_row *p = &r->profiles[i];
        if (!streq(p->outlet, name) || p->hits == 0)
            continue;
        size_t fi = frame_index(pg, p->lexicon, p->frame);
        fputs("<tr><td class=\"k\">", f);
        esc(f, p->lexicon);
        fputs("</td><td class=\"k\">", f);
        esc(f, p->frame);
        fputs("</td><td class=\"n\">", f);
        if (fi != (size_t)-1 && pg->has_kwic[fi * pg->n_outlets + oi])
            fprintf(f, "<a href=\"#k%zu-%zu\" title=\"concordance lines\">%zu</a>", fi, oi,
                    p->hits);
        else
            fprintf(f, "%zu", p->hits);
        fprintf(f,
                "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
                "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%.2f%s</td>"
                "<td class=\"n\">%.2f&#8211;%.2f</td><td class=\"n\">%.2f</td></tr>\n",
                p->voice_hits[0], p->voice_hits[1], p->voice_hits[2], p->negated_hits,
                p->distanced_hits, p->rate_per_1k, p->ci.small ? "&#160;&#8224;" : "", p->ci.lo,
                p->ci.hi, p->own_rate_per_1k);
    }
    fputs("</tbody></table></div>\n", f);
}

static void sec_profiles(struct page *pg)
{
    FILE *f = pg->f;
    const struct slant_report *r = pg->r;
    fputs("<section id=\"profiles\">\n<h2>Framing profiles</h2>\n"
          "<p>For each outlet, how often each frame's words occur per 1,000 words, split by "
          "who speaks them: the outlet in its own voice, a source it attributes them to "
          "(&#8220;officials said&#8221;), or a quotation. The whisker is the 95% interval of "
          "the rate over all voices; all charts share one scale. &#8224; marks a rate that rests "
          "on few documents or few hits. Each count in the tables links to its concordance "
          "lines.</p>\n",
          f);
    voice_legend(f);
    double max = 0;
    for (size_t i = 0; i < r->n_profiles; i++) {
        if (r->profiles[i].ci.hi > max)
            max = r->profiles[i].ci.hi;
        if (r->profiles[i].rate_per_1k > max)
            max = r->profiles[i].rate_per_1k;
    }
    if (max <= 0)
        max = 1;
    double step = nice_step(max);
    max = ceil(max / step) * step;
    size_t longest = 0;
    for (size_t i = 0; i < pg->n_frames; i++) {
        size_t n = strlen(pg->frames[i].frame) + 2;
        longest = n > longest ? n : longest;
    }
    double lw = label_width(longest);
    for (size_t oi = 0; oi < pg->n_outlets; oi++) {
        const struct slant_outlet_info *o = &r->overview.outlets[oi];
        fprintf(f, "<div class=\"outlet\" id=\"o%zu\">\n<h3>", oi);
        esc(f, o->name);
        fprintf(f, "</h3>\n<p class=\"note\">%zu document%s, %zu words.</p>\n", o->documents,
                o->documents == 1 ? "" : "s", o->tokens);
        profile_chart(pg, oi, max, lw);
        profile_table(pg, oi);
        fputs("</div>\n", f);
    }
    fputs("</section>\n", f);
}

/* ------------------------------------------------------------------------ */
/* Preference index dot plots                                                */
/* ------------------------------------------------------------------------ */

struct pref_ref {
    const struct slant_preference_row *row;
    size_t order;
};

static int cmp_pref(const void *a, const void *b)
{
    const struct pref_ref *x = a, *y = b;
    if (x->row->ci.est != y->row->ci.est)
        return x->row->ci.est > y->row->ci.est ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static void pref_plot(struct page *pg, const char *lexicon, size_t li)
{
    FILE *f = pg->f;
    const struct slant_report *r = pg->r;
    struct pref_ref *refs = slant_xcalloc(r->n_preferences + 1, sizeof(*refs));
    size_t n = 0, undefined = 0;
    for (size_t i = 0; i < r->n_preferences; i++) {
        if (!streq(r->preferences[i].lexicon, lexicon))
            continue;
        if (!r->preferences[i].defined) {
            undefined++;
            continue;
        }
        refs[n].row = &r->preferences[i];
        refs[n].order = i;
        n++;
    }
    qsort(refs, n, sizeof(*refs), cmp_pref);
    fprintf(f, "<h3>");
    esc(f, lexicon);
    fputs("</h3>\n", f);
    if (n) {
        size_t longest = 0;
        for (size_t i = 0; i < n; i++) {
            size_t k = strlen(refs[i].row->outlet) + 2;
            longest = k > longest ? k : longest;
        }
        double lw = label_width(longest), pw = 420, rh = 20, top = 22;
        double h = top + (double)n * rh + 34;
        fprintf(f, "<figure><svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"pp%zu\">",
                lw + pw + 30, h, li);
        fprintf(f, "<title id=\"pp%zu\">Frame preference index of each outlet for ", li);
        esc(f, lexicon);
        fputs("</title>", f);
        double y1 = top + (double)n * rh;
        for (int t = -4; t <= 4; t++) {
            double x = lw + (t + 4) / 8.0 * pw;
            fprintf(f,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>"
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" "
                    "fill=\"#555\">%.2g</text>",
                    x, top - 4, x, y1, t == 0 ? "#555" : "#ddd",
                    t == 0 ? " stroke-dasharray=\"3 2\"" : "", x, y1 + 12, t / 4.0);
        }
        fprintf(f,
                "<text x=\"%.1f\" y=\"12\" font-size=\"10\" fill=\"#555\">&#8592; delegitimizing"
                "</text><text x=\"%.1f\" y=\"12\" font-size=\"10\" text-anchor=\"end\" "
                "fill=\"#555\">legitimizing &#8594;</text>",
                lw, lw + pw);
        fprintf(f,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" "
                "fill=\"#555\">(L &#8722; D) / (L + D), %s</text>",
                lw + pw / 2, y1 + 26, voice_short(r->opts.preference_voice));
        for (size_t i = 0; i < n; i++) {
            const struct slant_preference_row *p = refs[i].row;
            double y = top + (double)i * rh + rh / 2;
            double x = lw + (p->ci.est + 1) / 2 * pw;
            double lo = lw + (p->ci.lo + 1) / 2 * pw, hi = lw + (p->ci.hi + 1) / 2 * pw;
            fputs("<g><title>", f);
            esc(f, p->outlet);
            fprintf(f,
                    ": %.3f (95%% %.3f to %.3f), %.0f legitimizing and %.0f delegitimizing "
                    "hits%s</title>",
                    p->ci.est, p->ci.lo, p->ci.hi, p->legitimizing, p->delegitimizing,
                    p->ci.small ? "; small sample" : "");
            fprintf(f,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" "
                    "fill=\"#222\">",
                    lw - 8, y + 4);
            esc(f, p->outlet);
            if (p->ci.small)
                fputs(" \xe2\x80\xa0", f);
            fputs("</text>", f);
            fprintf(f,
                    "<path d=\"M%.2f %.1fH%.2f\" stroke=\"#222\" stroke-width=\"1.4\"/>"
                    "<path d=\"M%.2f %.1fV%.1fM%.2f %.1fV%.1f\" stroke=\"#222\"/>",
                    lo, y, hi, lo, y - 4, y + 4, hi, y - 4, y + 4);
            /* shape as well as colour: circle legitimizing, square delegitimizing */
            if (p->ci.est >= 0)
                fprintf(f,
                        "<circle cx=\"%.2f\" cy=\"%.1f\" r=\"5\" fill=\"#D55E00\" "
                        "stroke=\"#fff\"/>",
                        x, y);
            else
                fprintf(f,
                        "<rect x=\"%.2f\" y=\"%.1f\" width=\"9\" height=\"9\" "
                        "fill=\"#0072B2\" stroke=\"#fff\"/>",
                        x - 4.5, y - 4.5);
            fputs("</g>", f);
        }
        fputs("</svg></figure>\n", f);
    }
    if (undefined) {
        fputs("<p class=\"note\">No hits of either pole (index undefined): ", f);
        size_t k = 0;
        for (size_t i = 0; i < r->n_preferences; i++)
            if (streq(r->preferences[i].lexicon, lexicon) && !r->preferences[i].defined) {
                if (k++)
                    fputs(", ", f);
                esc(f, r->preferences[i].outlet);
            }
        fputs(".</p>\n", f);
    }
    free(refs);
}

static void sec_preferences(struct page *pg)
{
    FILE *f = pg->f;
    const struct slant_report *r = pg->r;
    fprintf(f,
            "<section id=\"preference\">\n<h2>Frame preference</h2>\n"
            "<p>For a lexicon with opposed poles, the preference index is (L &#8722; D) / "
            "(L + D), with L and D the outlet&#8217;s legitimizing and delegitimizing hits "
            "(%s): +1 uses only the legitimizing frames, &#8722;1 only the delegitimizing ones. "
            "Outlets are sorted by the index; the line is its 95%% interval. Circles mark a "
            "positive index, squares a negative one.</p>\n",
            voice_short(r->opts.preference_voice));
    if (!r->n_preferences)
        fputs("<p class=\"note\">No lexicon with opposed poles in this report.</p>\n", f);
    const char *last = NULL;
    size_t li = 0;
    for (size_t i = 0; i < r->n_preferences; i++) {
        const char *lex = r->preferences[i].lexicon;
        int seen = 0;
        for (size_t j = 0; j < i; j++)
            if (streq(r->preferences[j].lexicon, lex))
                seen = 1;
        if (seen || streq(last, lex))
            continue;
        pref_plot(pg, lex, li++);
        last = lex;
    }
    fputs("</section>\n", f);
}

/* ------------------------------------------------------------------------ */
/* Comparisons                                                               */
/* ------------------------------------------------------------------------ */

#define CMP_PER_FRAME 12 /* findings shown per frame; compare.csv has all */

static int significant(const struct slant_report *r, const struct slant_compare_row *c)
{
    double alpha = r->opts.alpha > 0 ? r->opts.alpha : 0.05;
    return c->p_adjusted < alpha && (c->hits_a || c->hits_b);
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

static void outlet_b_name(FILE *f, const char *name)
{
    if (streq(name, "(rest)"))
        fputs("the other outlets together", f);
    else
        esc(f, name);
}

/* "A uses liberation vocabulary 6.2 times as often as B in its own voice" */
static void finding(FILE *f, const struct slant_compare_row *c)
{
    struct slant_finding fd;
    slant_report_finding(c, &fd);
    fputs("<strong>", f);
    outlet_b_name(f, fd.hi);
    fputs("</strong> uses <em>", f);
    esc(f, c->frame);
    fputs("</em> vocabulary ", f);
    if (!fd.never) {
        fprintf(f, "<strong>%.1f times</strong> as often as ", fd.times);
        outlet_b_name(f, fd.lo);
        fprintf(f, " %s (%.2f vs %.2f per 1,000 words)", slant_voice_phrase(c->voice), fd.rate_hi,
                fd.rate_lo);
    } else {
        fprintf(f, "%s (%zu hit%s, %.2f per 1,000 words); ", slant_voice_phrase(c->voice),
                fd.hits_hi, fd.hits_hi == 1 ? "" : "s", fd.rate_hi);
        outlet_b_name(f, fd.lo);
        fputs(" never does", f);
    }
}

static void sec_compare(struct page *pg)
{
    FILE *f = pg->f;
    const struct slant_report *r = pg->r;
    double alpha = r->opts.alpha > 0 ? r->opts.alpha : 0.05;
    size_t n_sig = 0;
    for (size_t i = 0; i < r->n_compare; i++)
        n_sig += significant(r, &r->compare[i]) != 0;
    fputs("<section id=\"compare\">\n<h2>Comparisons</h2>\n", f);
    fprintf(f,
            "<p>Each frame compared between every pair of outlets (Dunning&#8217;s G&#178; on "
            "the counts, Benjamini&#8211;Hochberg adjusted over all %zu comparisons); listed "
            "are the %zu differences with an adjusted p below %.2f, largest effect first "
            "(at most %d per frame; compare.csv has every comparison).</p>\n",
            r->n_compare, n_sig, alpha, CMP_PER_FRAME);
    if (!n_sig) {
        fputs("<p class=\"note\">No difference is significant after the correction.</p>\n", f);
        fputs("</section>\n", f);
        return;
    }
    struct cmp_ref *refs = slant_xcalloc(r->n_compare + 1, sizeof(*refs));
    for (size_t fi = 0; fi < pg->n_frames; fi++) {
        size_t n = 0;
        for (size_t i = 0; i < r->n_compare; i++) {
            const struct slant_compare_row *c = &r->compare[i];
            if (streq(c->lexicon, pg->frames[fi].lexicon) &&
                streq(c->frame, pg->frames[fi].frame) && significant(r, c)) {
                refs[n].row = c;
                refs[n].order = i;
                n++;
            }
        }
        if (!n)
            continue;
        qsort(refs, n, sizeof(*refs), cmp_effect);
        fputs("<h4>", f);
        esc(f, pg->frames[fi].lexicon);
        fputs(" / ", f);
        esc(f, pg->frames[fi].frame);
        fprintf(f, " <span class=\"note\">(%zu significant)</span></h4>\n<ul class=\"findings\">\n",
                n);
        for (size_t i = 0; i < n && i < CMP_PER_FRAME; i++) {
            const struct slant_compare_row *c = refs[i].row;
            fputs("<li>", f);
            finding(f, c);
            /* the sentence names the higher outlet first: sizes, not signs */
            fprintf(f, ". <span class=\"note\">log&#8322; ratio %.2f, G&#178; %.2f, adjusted p ",
                    fabs(c->log_ratio), fabs(c->g2));
            put_p(f, c->p_adjusted);
            fputs("</span></li>\n", f);
        }
        if (n > CMP_PER_FRAME)
            fprintf(f, "<li class=\"note\">%zu more in compare.csv</li>\n", n - CMP_PER_FRAME);
        fputs("</ul>\n", f);
    }
    free(refs);
    fputs("</section>\n", f);
}

/* ------------------------------------------------------------------------ */
/* Distinctive terms and the outlet map                                      */
/* ------------------------------------------------------------------------ */

#define TERMS_SHOWN 12

static void sec_terms(struct page *pg)
{
    FILE *f = pg->f;
    const struct slant_report *r = pg->r;
    fputs("<section id=\"terms\">\n<h2>Distinctive terms</h2>\n"
          "<p>Words each outlet uses more than the others, ranked by the z-score of the "
          "log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi &amp; Quinn "
          "2008). The word shown is the most frequent form of the stem.</p>\n",
          f);
    if (!r->n_keyness) {
        fputs("<p class=\"note\">No distinctive terms (the corpus has too few outlets or "
              "words).</p>\n</section>\n",
              f);
        return;
    }
    fputs("<div class=\"terms\">\n", f);
    for (size_t oi = 0; oi < pg->n_outlets; oi++) {
        const char *name = r->overview.outlets[oi].name;
        size_t shown = 0;
        for (size_t i = 0; i < r->n_keyness && shown < TERMS_SHOWN; i++) {
            const struct slant_keyness_row *k = &r->keyness[i];
            if (!streq(k->outlet, name) || k->z <= 0)
                continue;
            if (!shown) {
                fputs("<div><h4>", f);
                esc(f, name);
                fputs("</h4><ol>", f);
            }
            fputs("<li>", f);
            esc(f, k->surface && *k->surface ? k->surface : k->term);
            fprintf(f, " <span class=\"note\">z %.1f, %zu&#215;</span></li>", k->z, k->count);
            shown++;
        }
        if (shown)
            fputs("</ol></div>\n", f);
    }
    fputs("</div>\n</section>\n", f);
}

struct box {
    double x0, y0, x1, y1;
};

static int overlaps(const struct box *b, size_t n, const struct box *c)
{
    for (size_t i = 0; i < n; i++)
        if (c->x0 < b[i].x1 && b[i].x0 < c->x1 && c->y0 < b[i].y1 && b[i].y0 < c->y1)
            return 1;
    return 0;
}

/* A label beside the point (x, y): right, left, above or below, the first
 * place free of earlier boxes and inside [lo, hi].  An outlet's label is
 * always drawn (in the first place if none is free); a frame's is left out
 * when there is no room (its marker keeps the name as a tooltip). */
static void map_label(FILE *f, struct box *boxes, size_t *nb, double x, double y, const char *text,
                      double size, int must, double lo, double hi)
{
    size_t chars = 0;
    for (const char *p = text; *p; p++)
        chars += ((unsigned char)*p & 0xc0) != 0x80;
    double w = (double)chars * size * (must ? 0.62 : 0.56), h = size;
    /* anchor: 0 start, 1 end, 2 middle; tx, ty the text position */
    struct {
        double tx, ty;
        int anchor;
    } cand[4] = {{x + 8, y + size * 0.35, 0},
                 {x - 8, y + size * 0.35, 1},
                 {x, y - 8, 2},
                 {x, y + 8 + size * 0.8, 2}};
    int pick = -1;
    struct box b = {0, 0, 0, 0};
    for (int k = 0; k < 4 && pick < 0; k++) {
        double x0 = cand[k].anchor == 0   ? cand[k].tx
                    : cand[k].anchor == 1 ? cand[k].tx - w
                                          : cand[k].tx - w / 2;
        struct box c = {x0, cand[k].ty - h * 0.85, x0 + w, cand[k].ty + h * 0.2};
        if (c.x0 >= lo && c.x1 <= hi && !overlaps(boxes, *nb, &c)) {
            pick = k;
            b = c;
        }
    }
    if (pick < 0) {
        if (!must)
            return;
        pick = x > (lo + hi) / 2 ? 1 : 0;
        double x0 = pick == 1 ? cand[1].tx - w : cand[0].tx;
        b = (struct box){x0, cand[pick].ty - h * 0.85, x0 + w, cand[pick].ty + h * 0.2};
    }
    boxes[(*nb)++] = b;
    static const char *const anchors[3] = {"start", "end", "middle"};
    fprintf(f,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" text-anchor=\"%s\" "
            "fill=\"%s\"%s>",
            cand[pick].tx, cand[pick].ty, size, anchors[cand[pick].anchor],
            must ? "#1d2a3a" : "#5f5f6b", must ? " font-weight=\"700\"" : "");
    esc(f, text);
    fputs("</text>", f);
}

/* CA and Wordfish drop all-zero rows and columns; NULL flags: all kept */
static int ca_outlet(const struct slant_map *m, size_t i)
{
    return !m->ca_outlet_used || m->ca_outlet_used[i];
}

static int ca_frame(const struct slant_map *m, size_t j)
{
    return !m->ca_frame_used || m->ca_frame_used[j];
}

/* An outlet x outlet Jensen-Shannon divergence matrix (base 2: 0 = the same
 * distribution, 1 = nothing in common); nothing when it was not computed. */
static void jsd_table(FILE *f, const struct slant_map *m, const double *d, const char *over)
{
    if (!d)
        return;
    fprintf(f,
            "<p>Jensen-Shannon divergence between outlets %s (base 2: 0 = the same "
            "distribution, 1 = nothing in common).</p>\n<div class=\"scroll\"><table>"
            "<thead><tr><th></th>",
            over);
    for (size_t j = 0; j < m->n_outlets; j++) {
        fputs("<th class=\"n\">", f);
        esc(f, m->outlets[j]);
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (size_t i = 0; i < m->n_outlets; i++) {
        fputs("<tr><th>", f);
        esc(f, m->outlets[i]);
        fputs("</th>", f);
        for (size_t j = 0; j < m->n_outlets; j++)
            fprintf(f, "<td class=\"n\">%.3f</td>", d[i * m->n_outlets + j]);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></div>\n", f);
}

static void sec_map(struct page *pg)
{
    FILE *f = pg->f;
    const struct slant_map *m = &pg->r->map;
    fputs("<section id=\"map\">\n<h2>Outlet map</h2>\n", f);
    if (!m->ca_ok || m->n_outlets < 2) {
        fputs("<p class=\"note\">The correspondence analysis needs at least two outlets and two "
              "frames with own-voice hits; this corpus does not have them.</p>\n",
              f);
    } else {
        fprintf(f,
                "<p>Correspondence analysis of the outlet &#215; frame table of own-voice hits: "
                "outlets (dark circles) that frame the story alike sit close together, and "
                "near the frames (grey triangles) they use most. Axis 1 explains %.1f%%, axis 2 "
                "%.1f%% of the inertia.</p>\n",
                m->ca.share[0] * 100, m->ca.share[1] * 100);
        double xmin = 0, xmax = 0, ymin = 0, ymax = 0;
        for (size_t i = 0; i < m->n_outlets; i++) {
            if (!ca_outlet(m, i))
                continue;
            double x = m->ca.row_coord[i * 2], y = m->ca.row_coord[i * 2 + 1];
            xmin = fmin(xmin, x), xmax = fmax(xmax, x), ymin = fmin(ymin, y), ymax = fmax(ymax, y);
        }
        for (size_t j = 0; j < m->n_frames; j++) {
            if (!ca_frame(m, j))
                continue;
            double x = m->ca.col_coord[j * 2], y = m->ca.col_coord[j * 2 + 1];
            xmin = fmin(xmin, x), xmax = fmax(xmax, x), ymin = fmin(ymin, y), ymax = fmax(ymax, y);
        }
        double dx = xmax - xmin, dy = ymax - ymin;
        if (dx <= 0)
            dx = 1;
        if (dy <= 0)
            dy = 1;
        xmin -= dx * 0.08, xmax += dx * 0.08, ymin -= dy * 0.08, ymax += dy * 0.08;
        dx = xmax - xmin, dy = ymax - ymin;
        double W = 640, H = 460, pad = 30;
        fputs("<figure><svg viewBox=\"0 0 640 460\" role=\"img\" aria-labelledby=\"mapt\">"
              "<title id=\"mapt\">Outlet map: correspondence analysis of outlets and frames"
              "</title>",
              f);
#define MX(v) (pad + ((v)-xmin) / dx * (W - 2 * pad))
#define MY(v) (H - pad - ((v)-ymin) / dy * (H - 2 * pad))
        fprintf(f,
                "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"#fafafc\" "
                "stroke=\"#ccc\"/>"
                "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#bbb\" "
                "stroke-dasharray=\"3 3\"/><line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" "
                "stroke=\"#bbb\" stroke-dasharray=\"3 3\"/>",
                pad, pad, W - 2 * pad, H - 2 * pad, MX(0.0), pad, MX(0.0), H - pad, pad, MY(0.0),
                W - pad, MY(0.0));
        fprintf(f,
                "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">"
                "axis 1 (%.1f%%)</text><text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" "
                "fill=\"#555\">axis 2 (%.1f%%)</text>",
                W - pad, H - 10, m->ca.share[0] * 100, pad + 4, pad - 8, m->ca.share[1] * 100);
        /* markers first (each with its name as a tooltip), then the labels
         * placed greedily where they overlap no marker and no earlier label:
         * outlets first, frames where room is left */
        struct box *boxes = slant_xcalloc(2 * (m->n_outlets + m->n_frames) + 1, sizeof(*boxes));
        size_t nb = 0;
        for (size_t j = 0; j < m->n_frames; j++) {
            if (!ca_frame(m, j))
                continue;
            double x = MX(m->ca.col_coord[j * 2]), y = MY(m->ca.col_coord[j * 2 + 1]);
            fprintf(f, "<path d=\"M%.1f %.1fl4.5 8h-9z\" fill=\"#8a8a94\"><title>", x, y - 5);
            esc(f, m->frames[j]);
            fputs("</title></path>", f);
            boxes[nb++] = (struct box){x - 5, y - 5, x + 5, y + 4};
        }
        for (size_t i = 0; i < m->n_outlets; i++) {
            if (!ca_outlet(m, i))
                continue;
            double x = MX(m->ca.row_coord[i * 2]), y = MY(m->ca.row_coord[i * 2 + 1]);
            fprintf(f,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5.5\" fill=\"#1d2a3a\" "
                    "stroke=\"#fff\"><title>",
                    x, y);
            esc(f, m->outlets[i]);
            fputs("</title></circle>", f);
            boxes[nb++] = (struct box){x - 6, y - 6, x + 6, y + 6};
        }
        for (size_t i = 0; i < m->n_outlets; i++) {
            if (!ca_outlet(m, i))
                continue;
            double x = MX(m->ca.row_coord[i * 2]), y = MY(m->ca.row_coord[i * 2 + 1]);
            map_label(f, boxes, &nb, x, y, m->outlets[i], 12, 1, pad, W - pad);
        }
        for (size_t j = 0; j < m->n_frames; j++) {
            if (!ca_frame(m, j))
                continue;
            double x = MX(m->ca.col_coord[j * 2]), y = MY(m->ca.col_coord[j * 2 + 1]);
            /* "lexicon/frame": the frame's own name is label enough */
            const char *name = strrchr(m->frames[j], '/');
            map_label(f, boxes, &nb, x, y, name ? name + 1 : m->frames[j], 9.5, 0, pad, W - pad);
        }
        free(boxes);
#undef MX
#undef MY
        fputs("</svg></figure>\n", f);
        if (m->ca_dropped_outlets || m->ca_dropped_frames)
            fprintf(f,
                    "<p class=\"note\">Left out of the map for want of own-voice hits: %zu "
                    "outlet%s and %zu frame%s.</p>\n",
                    m->ca_dropped_outlets, m->ca_dropped_outlets == 1 ? "" : "s",
                    m->ca_dropped_frames, m->ca_dropped_frames == 1 ? "" : "s");
    }
    jsd_table(f, m, m->jsd_frames, "over their own-voice rates of every frame");
    jsd_table(f, m, m->jsd_terms, "over their term distributions");
    if (m->wordfish_ok && m->wf_omega) {
        fputs("<p>Wordfish positions of the outlets on one latent dimension (a scale, not a "
              "verdict: its direction is arbitrary).</p>\n<div class=\"scroll\"><table>"
              "<thead><tr><th>outlet</th><th class=\"n\">position</th><th class=\"n\">"
              "standard error</th></tr></thead><tbody>\n",
              f);
        for (size_t i = 0; i < m->n_outlets; i++) {
            if (!ca_outlet(m, i))
                continue;
            fputs("<tr><td>", f);
            esc(f, m->outlets[i]);
            fprintf(f, "</td><td class=\"n\">%.3f</td><td class=\"n\">%.3f</td></tr>\n",
                    m->wf_omega[i], m->wf_se ? m->wf_se[i] : 0.0);
        }
        fputs("</tbody></table></div>\n", f);
    }
    fputs("</section>\n", f);
}

/* ------------------------------------------------------------------------ */
/* Concordance lines and the event view                                      */
/* ------------------------------------------------------------------------ */

/*
 * Text [0, len) with the hit spans marked and the quoted spans shaded.  The
 * text is cut at every span boundary and each piece opened and closed on its
 * own, so the markup nests correctly however the spans overlap.
 */
static void marked_text(FILE *f, const char *text, size_t len, const size_t (*hits)[2],
                        size_t n_hits, const size_t (*quoted)[2], size_t n_quoted,
                        const struct slant_span *spans)
{
    size_t pos = 0;
    while (pos < len) {
        size_t next = len;
        int in_q = 0;
        long in_h = -1;
        for (size_t i = 0; i < n_quoted; i++) {
            size_t a = quoted[i][0], b = quoted[i][1];
            if (a <= pos && pos < b)
                in_q = 1;
            if (a > pos && a < next)
                next = a;
            if (b > pos && b < next)
                next = b;
        }
        for (size_t i = 0; i < n_hits; i++) {
            size_t a = spans ? spans[i].start : hits[i][0];
            size_t b = spans ? spans[i].end : hits[i][1];
            if (a <= pos && pos < b)
                in_h = (long)i;
            if (a > pos && a < next)
                next = a;
            if (b > pos && b < next)
                next = b;
        }
        /* never cut inside a UTF-8 sequence */
        while (next < len && ((unsigned char)text[next] & 0xc0) == 0x80)
            next++;
        if (in_q)
            fputs("<span class=\"q\">", f);
        if (in_h >= 0) {
            if (spans) {
                fputs("<mark title=\"", f);
                esc(f, spans[in_h].lexicon);
                fputc('/', f);
                esc(f, spans[in_h].frame);
                fprintf(f, ", %s\">", slant_voice_name(spans[in_h].voice));
            } else {
                fputs("<mark>", f);
            }
        }
        escn(f, text + pos, next - pos);
        if (in_h >= 0)
            fputs("</mark>", f);
        if (in_q)
            fputs("</span>", f);
        pos = next;
    }
}

/* One concordance line: the three cells, quoted spans shaded in each. */
static void kwic_line(FILE *f, const struct slant_kwic_row *k)
{
    size_t ll = k->left ? strlen(k->left) : 0, ml = k->match ? strlen(k->match) : 0;
    size_t rl = k->right ? strlen(k->right) : 0;
    const char *parts[3] = {k->left, k->match, k->right};
    size_t lens[3] = {ll, ml, rl}, base[3] = {0, ll, ll + ml};
    const char *cls[3] = {"l", "m", "r"};
    for (int p = 0; p < 3; p++) {
        /* quoted ranges are relative to the start of left: shift into this cell */
        size_t(*q)[2] = slant_xcalloc(k->n_quoted + 1, sizeof(*q));
        size_t nq = 0;
        for (size_t i = 0; i < k->n_quoted; i++) {
            size_t a = k->quoted[i][0], b = k->quoted[i][1];
            size_t lo = base[p], hi = base[p] + lens[p];
            if (b <= lo || a >= hi)
                continue;
            q[nq][0] = (a > lo ? a : lo) - lo;
            q[nq][1] = (b < hi ? b : hi) - lo;
            nq++;
        }
        size_t whole[1][2] = {{0, lens[p]}};
        fprintf(f, "<td class=\"%s\">", cls[p]);
        if (p == 0 && lens[p])
            fputs("&#8230;", f); /* the context is cut: say so */
        if (parts[p])
            marked_text(f, parts[p], lens[p], (const size_t(*)[2])whole, p == 1 ? 1 : 0,
                        (const size_t(*)[2])q, nq, NULL);
        if (p == 2 && lens[p])
            fputs("&#8230;", f);
        fputs("</td>", f);
        free(q);
    }
    fprintf(f, "<td class=\"v\">%s%s%s</td>", slant_voice_name(k->voice),
            k->negated ? ", negated" : "", k->distanced ? ", distanced" : "");
}

static void sec_examples(struct page *pg)
{
    FILE *f = pg->f;
    const struct slant_report *r = pg->r;
    fputs("<section id=\"examples\">\n<h2>Examples: concordance lines</h2>\n"
          "<p>For every frame, lines from each outlet with the frame&#8217;s word "
          "<mark>highlighted</mark> and text inside quotation marks <span class=\"q\">shaded "
          "and in italics</span>; unshaded text is the outlet&#8217;s own words. The last "
          "column gives the voice the matcher assigned.",
          f);
    if (r->opts.kwic_limit)
        fprintf(f,
                " At most %zu lines per outlet and frame (kwic.csv has the same lines; "
                "<code>slant kwic</code> prints them all).",
                r->opts.kwic_limit);
    fputs("</p>\n", f);
    if (!r->n_kwic) {
        fputs("<p class=\"note\">No frame word was found.</p>\n</section>\n", f);
        return;
    }
    for (size_t fi = 0; fi < pg->n_frames; fi++) {
        int any = 0;
        for (size_t oi = 0; oi < pg->n_outlets; oi++)
            any |= pg->has_kwic[fi * pg->n_outlets + oi];
        if (!any)
            continue;
        fprintf(f, "<h3 id=\"k%zu\">", fi);
        esc(f, pg->frames[fi].lexicon);
        fputs(" / ", f);
        esc(f, pg->frames[fi].frame);
        if (pg->frames[fi].pole && *pg->frames[fi].pole && !streq(pg->frames[fi].pole, "none")) {
            fputs(" <span class=\"note\">(", f);
            esc(f, pg->frames[fi].pole);
            fputs(")</span>", f);
        }
        fputs("</h3>\n", f);
        for (size_t oi = 0; oi < pg->n_outlets; oi++) {
            if (!pg->has_kwic[fi * pg->n_outlets + oi])
                continue;
            fprintf(f, "<h4 id=\"k%zu-%zu\">", fi, oi);
            esc(f, r->overview.outlets[oi].name);
            fputs("</h4>\n<div class=\"scroll\"><table class=\"kwic\"><tbody>\n", f);
            for (size_t i = 0; i < r->n_kwic; i++) {
                const struct slant_kwic_row *k = &r->kwic[i];
                if (!streq(k->lexicon, pg->frames[fi].lexicon) ||
                    !streq(k->frame, pg->frames[fi].frame) ||
                    !streq(k->outlet, r->overview.outlets[oi].name))
                    continue;
                fputs("<tr class=\"line\">", f);
                kwic_line(f, k);
                fputs("</tr>\n<tr><td colspan=\"4\" class=\"src\">", f);
                fprintf(f, "document %lld", (long long)k->document);
                if (k->date && *k->date) {
                    fputs(", ", f);
                    esc(f, k->date);
                }
                if (k->title && *k->title) {
                    fputs(": ", f);
                    esc(f, k->title);
                }
                fputs("</td></tr>\n", f);
            }
            fputs("</tbody></table></div>\n", f);
        }
    }
    fputs("</section>\n", f);
}

#define EVENT_PER_OUTLET 8

static void sec_event(struct page *pg)
{
    FILE *f = pg->f;
    const struct slant_report *r = pg->r;
    const struct slant_report_opts *o = &r->opts;
    fputs("<section id=\"event\">\n<h2>Side by side: the same event</h2>\n", f);
    if (!o->event_word && !o->date_from && !o->date_to) {
        fputs("<p class=\"note\">Choose an event with <code>--event WORD</code> and/or "
              "<code>--from DATE --to DATE</code> to see each outlet&#8217;s paragraphs about it "
              "in columns.</p>\n</section>\n",
              f);
        return;
    }
    fputs("<p>Paragraphs", f);
    if (o->event_word) {
        fputs(" that mention &#8220;", f);
        esc(f, o->event_word);
        fputs("&#8221;", f);
    }
    if (o->date_from || o->date_to) {
        fputs(" dated ", f);
        esc(f, o->date_from ? o->date_from : "any time");
        fputs(" to ", f);
        esc(f, o->date_to ? o->date_to : "any time");
    }
    fprintf(f,
            ", one column per outlet (at most %d paragraphs each), highlighted as in the "
            "concordance lines.</p>\n",
            EVENT_PER_OUTLET);
    if (!r->n_event) {
        fputs("<p class=\"note\">No paragraph matches.</p>\n</section>\n", f);
        return;
    }
    fputs("<div class=\"event\">\n", f);
    for (size_t oi = 0; oi < pg->n_outlets; oi++) {
        const char *name = r->overview.outlets[oi].name;
        size_t shown = 0;
        for (size_t i = 0; i < r->n_event && shown < EVENT_PER_OUTLET; i++) {
            const struct slant_event_par *e = &r->event[i];
            if (!streq(e->outlet, name))
                continue;
            if (!shown) {
                fputs("<div><h4>", f);
                esc(f, name);
                fputs("</h4>\n", f);
            }
            fputs("<p class=\"src\">", f);
            esc(f, e->date);
            if (e->title && *e->title) {
                fputs(" &#183; ", f);
                esc(f, e->title);
            }
            fputs("</p>\n<p>", f);
            if (e->text)
                marked_text(f, e->text, strlen(e->text), NULL, e->n_hits,
                            (const size_t(*)[2])e->quoted, e->n_quoted, e->hits);
            fputs("</p>\n", f);
            shown++;
        }
        if (shown)
            fputs("</div>\n", f);
    }
    fputs("</div>\n</section>\n", f);
}

/* ------------------------------------------------------------------------ */
/* Methods                                                                   */
/* ------------------------------------------------------------------------ */

static void sec_methods(struct page *pg)
{
    FILE *f = pg->f;
    const struct slant_report *r = pg->r;
    const struct slant_report_opts *o = &r->opts;
    fputs("<section id=\"methods\">\n<h2>Methods</h2>\n<h3>Lexicons</h3>\n"
          "<div class=\"scroll\"><table><thead><tr><th>lexicon</th><th>version</th>"
          "<th>language</th><th class=\"n\">frames</th><th class=\"n\">patterns</th>"
          "<th>content hash</th><th>description</th></tr></thead><tbody>\n",
          f);
    for (size_t i = 0; i < r->n_lexicons; i++) {
        const struct slant_lexicon_info *l = &r->lexicons[i];
        fputs("<tr><td>", f);
        esc(f, l->name);
        fputs("</td><td>", f);
        esc(f, l->version);
        fputs("</td><td>", f);
        esc(f, l->language);
        fprintf(f, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td><code>", l->n_frames,
                l->n_patterns);
        esc(f, l->hash);
        fputs("</code></td><td>", f);
        esc(f, l->description);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table></div>\n<h3>Text processing</h3>\n<ul>\n"
          "<li><b>Tokenizer</b>: words are runs of letters, digits and combining marks keeping "
          "inner apostrophes and hyphens; numbers with inner . or , are one token; quotation "
          "marks are tokens with a role (open, close, either); sentences end at . ! ? (not "
          "after abbreviations such as U.S. or Gen.) and at paragraph ends; words are "
          "NFC-normalised and case-folded with utf8proc. Rates are per 1,000 word tokens.</li>\n"
          "<li><b>Stemmer</b>: Snowball (libstemmer) for the document&#8217;s language, applied "
          "only to words in that language&#8217;s script; other words are counted unstemmed.</li>\n"
          "<li><b>Boilerplate</b>: whole lines of page furniture are removed before analysis "
          "(cookie notices, subscription and donation appeals, share and menu lines, captions, "
          "lines repeated within a document or across an outlet&#8217;s documents, and "
          "&#8220;Related Articles&#8221;-type tails), unless ingest ran with "
          "--keep-boilerplate.</li>\n"
          "<li><b>Voice</b>: a hit inside quotation marks is <i>quoted</i>; outside them, in a "
          "sentence that attributes its content to a source (cues from the attribution "
          "lexicon), <i>attributed</i>; otherwise the outlet&#8217;s <i>own</i>. A negator "
          "among the three words before a hit marks it negated; &#8220;so-called&#8221; and "
          "the like, or a short scare quotation, mark it distanced.</li>\n</ul>\n"
          "<h3>Statistics and parameters</h3>\n<ul>\n",
          f);
    fprintf(f,
            "<li>Intervals: %.0f%% level, %zu bootstrap resamples over documents, seed %lu "
            "(Mersenne Twister mt19937); exact intervals below %zu documents.</li>\n",
            (o->ci.level > 0 ? o->ci.level : 0.95) * 100,
            o->ci.resamples ? o->ci.resamples : (size_t)SLANT_CI_RESAMPLES,
            o->ci.seed ? o->ci.seed : SLANT_CI_SEED,
            o->ci.min_docs ? o->ci.min_docs : (size_t)SLANT_CI_MIN_DOCS);
    fprintf(f,
            "<li>Comparisons in the %s; significance level %.2f after the Benjamini&#8211;"
            "Hochberg correction.</li>\n",
            o->compare_voice == SLANT_VF_ALL             ? "all voices together"
            : o->compare_voice == SLANT_VOICE_ATTRIBUTED ? "attributed voice"
            : o->compare_voice == SLANT_VOICE_QUOTED     ? "quoted voice"
                                                         : "outlets' own voice",
            o->alpha > 0 ? o->alpha : 0.05);
    fprintf(f, "<li>Keyness prior size alpha0 = %g",
            o->alpha0 > 0 ? o->alpha0 : SLANT_KEYNESS_ALPHA0);
    if (o->min_count)
        fprintf(f, ", terms seen at least %zu times", o->min_count);
    fprintf(f, "; %zu terms considered.</li>\n", r->keyness_vocabulary);
    for (int i = 0; i < SLANT_STAT_COUNT_; i++)
        if (r->methods[i]) {
            fputs("<li>", f);
            esc(f, r->methods[i]);
            fputs("</li>\n", f);
        }
    fputs("</ul>\n</section>\n", f);
}

/* ------------------------------------------------------------------------ */
/* The page                                                                  */
/* ------------------------------------------------------------------------ */

int slant_report_html(FILE *f, const struct slant_report *r)
{
    struct page pg;
    page_init(&pg, f, r);
    head(&pg);
    defs(f);
    fputs("<header class=\"top\"><h1>", f);
    esc(f, r->opts.title ? r->opts.title : "slant report");
    fprintf(f,
            "</h1><p>How %zu outlet%s frame the story: %zu documents, %zu words.</p>"
            "</header>\n",
            r->overview.n_outlets, r->overview.n_outlets == 1 ? "" : "s", r->overview.documents,
            r->overview.tokens);
    /* spaces between the links: the line may break there on a phone */
    fputs("<nav class=\"toc\"><a href=\"#overview\">Overview</a> <a href=\"#profiles\">"
          "Profiles</a> <a href=\"#preference\">Preference</a> <a href=\"#compare\">"
          "Comparisons</a> <a href=\"#terms\">Terms</a> <a href=\"#map\">Map</a> "
          "<a href=\"#examples\">Examples</a> <a href=\"#event\">Side by side</a> "
          "<a href=\"#methods\">Methods</a></nav>\n<main>\n",
          f);
    sec_overview(&pg);
    sec_profiles(&pg);
    sec_preferences(&pg);
    sec_compare(&pg);
    sec_terms(&pg);
    sec_map(&pg);
    sec_examples(&pg);
    sec_event(&pg);
    sec_methods(&pg);
    fputs("</main>\n<footer>Written by slant " SLANT_VERSION
          ". Every number here is in the CSV and JSON files beside this page; the same "
          "database gives the same report, byte for byte.</footer>\n</body>\n</html>\n",
          f);
    page_release(&pg);
    return ferror(f) ? SLANT_EIO : 0;
}
