/*
 * report.h - the finished analysis of a database, and its writers.
 *
 * slant_report_build() reads the database once, runs every statistic
 * (stats.h) and returns one read-only struct slant_report.  Every output
 * reads that same struct and none recomputes anything: the commands'
 * tables, CSV and JSON (`profile`, `compare`, `terms --keyness`, `kwic`) and
 * the files of `slant report` (profiles.csv is byte for byte what
 * `slant profile --format csv` prints).  Rows come sorted, numbers are
 * printed with fixed formats, nothing depends on time or addresses: the
 * same database gives the same bytes.
 *
 * All strings and arrays live in the report's arena and die with
 * slant_report_free().
 */
#ifndef SLANT_REPORT_H
#define SLANT_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "slant/err.h"
#include "slant/stats.h"
#include "slant/store.h"

/* Parts to build (bit mask); each command builds only what it prints. */
enum {
    SLANT_PART_OVERVIEW = 1u << 0,
    SLANT_PART_PROFILES = 1u << 1, /* profiles + preference indexes */
    SLANT_PART_COMPARE = 1u << 2,
    SLANT_PART_KEYNESS = 1u << 3,
    SLANT_PART_KWIC = 1u << 4,
    SLANT_PART_MAP = 1u << 5,   /* CA, JSD, Wordfish */
    SLANT_PART_EVENT = 1u << 6, /* side-by-side paragraphs */
    SLANT_PART_METHODS = 1u << 7,
    SLANT_PART_ALL = 0xffu,
};

/* Voice filter for comparisons and concordances. */
enum slant_voice_filter {
    SLANT_VF_ALL = -1, /* every voice */
    /* otherwise an enum slant_voice value (own, attributed, quoted) */
};

struct slant_report_opts {
    const char *title;           /* report title; NULL -> "slant report" */
    const char *const *lexicons; /* lexicon names to include, NULL-terminated;
                                  * NULL -> every lexicon in the database
                                  * except "attribution" (the cue lexicon) */
    const char *outlet;          /* only this outlet (profile/kwic/keyness); NULL all */
    /* profiles */
    struct slant_ci_opts ci; /* bootstrap B, seed, level */
    int preference_voice;    /* voice of the preference index: SLANT_VF_ALL
                              * or a voice; default (and 0) own */
    /* compare */
    int compare_voice;               /* SLANT_VF_ALL or a voice; default own */
    int vs_rest;                     /* each outlet against all the others */
    const char *outlet_a, *outlet_b; /* one pair only, or NULL */
    double alpha;                    /* significance level for "significant"; 0 -> 0.05 */
    /* keyness */
    double alpha0;      /* prior size; 0 -> SLANT_KEYNESS_ALPHA0 */
    size_t keyness_top; /* rows per outlet; 0 -> all */
    size_t min_count;   /* frequency floor (printed); 0 -> none */
    /* kwic */
    const char *kwic_frame;   /* "LEXICON/FRAME", or NULL */
    const char *kwic_pattern; /* a pattern in .lex syntax, or NULL */
    int kwic_voice;           /* SLANT_VF_ALL or a voice */
    size_t kwic_width;        /* context bytes each side (cut at a character); 0 -> 60 */
    size_t kwic_limit;        /* lines per outlet and frame; 0 -> all (command) */
    /* event view */
    const char *event_word;          /* --event WORD (case-folded match) */
    const char *date_from, *date_to; /* --from/--to, ISO dates, inclusive */
};

void slant_report_opts_init(struct slant_report_opts *o);

struct slant_outlet_info {
    const char *name;
    size_t documents, tokens, boilerplate_lines, replaced;
    const char *first_date, *last_date; /* "" when unknown */
};

struct slant_overview {
    struct slant_outlet_info *outlets; /* by name */
    size_t n_outlets;
    size_t documents, tokens, batches, rejected, duplicates, boilerplate_lines;
    const char *first_date, *last_date;
};

/* One outlet x frame row of `slant profile` / profiles.csv.  CSV columns, in
 * order: outlet,lexicon,frame,documents,tokens,hits,own_hits,attributed_hits,
 * quoted_hits,negated_hits,distanced_hits,rate_per_1k,own_rate_per_1k,ci_low,
 * ci_high,ci_method,own_ci_low,own_ci_high,small_sample */
struct slant_profile_row {
    const char *outlet, *lexicon, *frame, *pole;
    size_t documents, tokens;
    size_t hits, voice_hits[3]; /* indexed by enum slant_voice */
    size_t negated_hits, distanced_hits;
    double rate_per_1k, own_rate_per_1k;
    struct slant_ci ci;          /* interval of rate_per_1k */
    struct slant_ci voice_ci[3]; /* interval of each voice's rate */
};

/* Frame preference of one outlet for one lexicon with opposed poles:
 * index = (L - D) / (L + D) over hits in `voice` (own by default). */
struct slant_preference_row {
    const char *outlet, *lexicon;
    int voice; /* SLANT_VF_ALL or a voice */
    double legitimizing, delegitimizing;
    int defined;        /* 0 when L + D = 0 */
    struct slant_ci ci; /* est = index */
};

/* One row of `slant compare` / compare.csv: columns lexicon,frame,outlet_a,
 * outlet_b,hits_a,tokens_a,hits_b,tokens_b,log_ratio,g2,p_value,p_adjusted,
 * docs_a,docs_b,mw_u,mw_p,mw_p_adjusted,voice */
struct slant_compare_row {
    const char *lexicon, *frame, *outlet_a, *outlet_b; /* outlet_b "(rest)" with vs_rest */
    size_t hits_a, tokens_a, hits_b, tokens_b, docs_a, docs_b;
    double log_ratio, g2, p_value, p_adjusted;
    double mw_u, mw_p, mw_p_adjusted; /* document-level Mann-Whitney */
    double rate_a, rate_b;            /* per 1,000 tokens */
    int voice;
};

/* terms.csv / `slant terms --keyness`: outlet,term,surface,count,
 * count_rest,log_odds,z,g2,log_ratio */
struct slant_keyness_row {
    const char *outlet, *term, *surface;
    size_t count, count_rest;
    double log_odds, z, g2, log_ratio;
};

/* kwic.csv / `slant kwic`: outlet,document,date,lexicon,frame,left,match,
 * right,voice,negated,distanced,byte_start,byte_end */
struct slant_kwic_row {
    const char *outlet, *lexicon, *frame, *title, *date;
    int64_t document;
    const char *left, *match, *right; /* context cut at character boundaries,
                                       * line breaks shown as spaces */
    int voice, negated, distanced;
    size_t byte_start, byte_end; /* span in documents.text */
    /* quoted spans inside left/match/right, for shading: byte ranges
     * relative to the start of `left` */
    size_t n_quoted;
    size_t (*quoted)[2];
};

struct slant_map {
    size_t n_outlets, n_frames;
    const char **outlets; /* row labels */
    const char **frames;  /* column labels, "lexicon/frame" */
    double *table;        /* n_outlets x n_frames hit counts (own voice) */
    int ca_ok;            /* 0 when the table is too small or degenerate */
    struct slant_ca ca;   /* coordinates of outlets and frames, indexed
                           * like outlets/frames (0, 0 for a dropped one) */
    /* CA and Wordfish run on the table without all-zero rows and columns:
     * these flag what was kept (1) or dropped (0), and count the drops */
    unsigned char *ca_outlet_used, *ca_frame_used;
    size_t ca_dropped_outlets, ca_dropped_frames;
    double *jsd_frames;       /* n_outlets x n_outlets, over own-voice frame
                               * rates; NULL when an outlet has no own-voice hit */
    double *jsd_terms;        /* n_outlets x n_outlets, over term counts; NULL
                               * when undefined (fewer than 2 outlets) */
    int wordfish_ok;          /* Wordfish on the same reduced table (frames as
                               * words): needs 3 outlets, 2 frames, converged */
    double *wf_omega, *wf_se; /* per outlet (0 for a dropped one) */
};

/* The side-by-side view: for each outlet, the paragraphs that mention the
 * event word within the date window, with hit and quotation spans. */
struct slant_span {
    size_t start, end; /* relative to the paragraph */
    const char *lexicon, *frame;
    int voice;
};
struct slant_event_par {
    const char *outlet, *title, *date;
    int64_t document;
    const char *text; /* the paragraph */
    struct slant_span *hits;
    size_t n_hits;
    size_t (*quoted)[2];
    size_t n_quoted;
};

struct slant_lexicon_info {
    const char *name, *hash, *version, *language, *description, *path;
    size_t n_frames, n_patterns;
};

struct slant_report {
    struct slant_report_opts opts; /* as used, defaults filled in */
    struct slant_overview overview;
    struct slant_profile_row *profiles; /* by outlet, lexicon, frame order */
    size_t n_profiles;
    struct slant_preference_row *preferences;
    size_t n_preferences;
    struct slant_compare_row *compare; /* by lexicon, frame, outlet_a, outlet_b */
    size_t n_compare;
    struct slant_keyness_row *keyness; /* by outlet, then z descending */
    size_t n_keyness;
    size_t keyness_vocabulary;   /* terms considered */
    size_t keyness_below_floor;  /* terms used, left out by min_count */
    struct slant_kwic_row *kwic; /* by lexicon, frame, outlet, document, byte */
    size_t n_kwic;
    struct slant_map map;
    struct slant_event_par *event;
    size_t n_event;
    struct slant_lexicon_info *lexicons;
    size_t n_lexicons;
    const char *methods[SLANT_STAT_COUNT_]; /* slant_stats_method() texts */
};

/* A comparison in words, as the report states it: the outlet that uses the
 * frame more is named first ("hi uses FRAME vocabulary `times` times as often
 * as lo in its own voice"); when lo never uses it, `never` is 1 and `times`
 * is 0.  hi or lo is "(rest)" with --vs-rest. */
struct slant_finding {
    const char *hi, *lo;
    double rate_hi, rate_lo; /* per 1,000 word tokens */
    size_t hits_hi;
    double times;
    int never;
};
void slant_report_finding(const struct slant_compare_row *c, struct slant_finding *out);

/* "in its own voice", "in attributed speech", "in quotations", or
 * "counting every voice" for SLANT_VF_ALL; static storage. */
const char *slant_voice_phrase(int voice);

/* Build the parts asked for.  Problems (an unknown lexicon or outlet) go to
 * diag.  Returns 0 and *out, or a negative code. */
int slant_report_build(struct slant_store *st, const struct slant_report_opts *o, unsigned parts,
                       struct slant_diag *diag, struct slant_report **out);
void slant_report_free(struct slant_report *r); /* NULL is a no-op */

/* ---- writers (report_csv.c, report_json.c, report_table.c, report_md.c,
 * report_html.c); each returns 0 or SLANT_EIO when the stream failed ---- */
int slant_report_csv_profiles(FILE *f, const struct slant_report *r);
int slant_report_csv_compare(FILE *f, const struct slant_report *r);
int slant_report_csv_keyness(FILE *f, const struct slant_report *r);
int slant_report_csv_kwic(FILE *f, const struct slant_report *r);
int slant_report_json_profiles(FILE *f, const struct slant_report *r);
int slant_report_json_compare(FILE *f, const struct slant_report *r);
int slant_report_json_keyness(FILE *f, const struct slant_report *r);
int slant_report_json_kwic(FILE *f, const struct slant_report *r);
/* aligned text for a terminal; color: highlight matches with ANSI codes */
int slant_report_table_profiles(FILE *f, const struct slant_report *r);
int slant_report_table_compare(FILE *f, const struct slant_report *r);
int slant_report_table_keyness(FILE *f, const struct slant_report *r);
int slant_report_table_kwic(FILE *f, const struct slant_report *r, int color);
int slant_report_md(FILE *f, const struct slant_report *r);
int slant_report_html(FILE *f, const struct slant_report *r);

/* Write every report file into dir (created if missing): index.html,
 * report.md, profiles.csv, profiles.json, compare.csv, terms.csv, kwic.csv. */
int slant_report_write_dir(const struct slant_report *r, const char *dir, struct slant_diag *diag);

#endif
