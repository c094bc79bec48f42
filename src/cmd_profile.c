/*
 * cmd_profile.c - `slant profile`: the framing profile of each outlet, by
 * frame and voice, with intervals, and the frame preference indexes.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "slant/match.h"
#include "slant/report.h"
#include "slant/xalloc.h"

static const char usage[] =
    "slant profile [--db FILE] [--lexicon NAME]... [--by outlet] [--outlet NAME]\n"
    "                     [--voice own|all|quoted|attributed] [--seed N] [--resamples N]\n"
    "                     [--format table|csv|json]";

static const char help[] =
    "The framing profile of each outlet: for every frame of the chosen lexicons\n"
    "(all combinations, frames without hits included), the outlet's documents\n"
    "and word tokens, its hits in every voice and in each (own, attributed,\n"
    "quoted), negated and distanced hits, the rate per 1,000 tokens with a 95%\n"
    "interval (percentile bootstrap over the outlet's documents with 10 or more\n"
    "documents, else Garwood's exact Poisson interval), and a small-sample flag\n"
    "(fewer than 10 documents or 5 hits).  Then, for each lexicon with frames of\n"
    "both poles, the frame preference index (L - D) / (L + D) of each outlet\n"
    "over its legitimizing (L) and delegitimizing (D) hits, with an interval.\n"
    "\n"
    "  --db FILE         database (default $SLANT_DB, else ./slant.db)\n"
    "  --lexicon NAME    only this lexicon (repeatable); default: every lexicon\n"
    "                    in the database except the cue lexicon 'attribution'\n"
    "  --by outlet       one block per outlet (the only grouping so far)\n"
    "  --outlet NAME     only this outlet\n"
    "  --voice V         voice of the preference index: own (default), all,\n"
    "                    quoted or attributed\n"
    "  --seed N          bootstrap seed (default 20221124)\n"
    "  --resamples N     bootstrap resamples (default 2000)\n"
    "  --format F        table (default), csv or json\n"
    "\n"
    "CSV columns (the report's profiles.csv): outlet,lexicon,frame,documents,\n"
    "tokens,hits,own_hits,attributed_hits,quoted_hits,negated_hits,distanced_hits,\n"
    "rate_per_1k,own_rate_per_1k,ci_low,ci_high,ci_method,own_ci_low,own_ci_high,\n"
    "small_sample (rates \"%.4f\").  The CSV holds the profile rows only.\n"
    "JSON: {\"ci\":{level,resamples,seed}, \"profiles\":[rows with the CSV keys],\n"
    "\"preferences\":[{outlet,lexicon,voice,legitimizing,delegitimizing,index,\n"
    "ci_low,ci_high,ci_method,small_sample}]} (index null when L + D = 0).\n";

int cmd_profile(int argc, char **argv, struct slant_cli *cli)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"lexicon", required_argument, NULL, 'x'},
        {"by", required_argument, NULL, 'b'},
        {"outlet", required_argument, NULL, 'o'},
        {"voice", required_argument, NULL, 'v'},
        {"seed", required_argument, NULL, 's'},
        {"resamples", required_argument, NULL, 'B'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    struct slant_report_opts ro;
    slant_report_opts_init(&ro);
    int fmt = SLANT_OUT_TABLE, c, status = 0;
    const char **lex = slant_xcalloc((size_t)argc + 1, sizeof(*lex));
    size_t n_lex = 0;
    long v;
    optind = 1;
    while (status == 0 && (c = getopt_long(argc, argv, "d:x:b:o:v:s:B:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'x':
            lex[n_lex++] = optarg;
            break;
        case 'b':
            if (strcmp(optarg, "outlet") != 0)
                status = slant_cli_usage(cli, usage, "--by takes 'outlet'");
            break;
        case 'o':
            ro.outlet = optarg;
            break;
        case 'v':
            if (strcmp(optarg, "all") == 0)
                ro.preference_voice = SLANT_VF_ALL;
            else if ((ro.preference_voice = slant_voice_parse(optarg)) < 0)
                status = slant_cli_usage(cli, usage, "unknown voice '%s'", optarg);
            break;
        case 's':
            if (slant_cli_uint(optarg, 2147483647L, &v) < 0 || v == 0)
                status = slant_cli_usage(cli, usage, "--seed takes a positive whole number");
            else
                ro.ci.seed = (unsigned long)v;
            break;
        case 'B':
            if (slant_cli_uint(optarg, 1000000L, &v) < 0 || v < 1)
                status = slant_cli_usage(cli, usage,
                                         "--resamples takes a number from 1 to "
                                         "1000000");
            else
                ro.ci.resamples = (size_t)v;
            break;
        case 'f':
            if ((fmt = slant_cli_format(optarg)) < 0)
                status = slant_cli_usage(cli, usage, "unknown format '%s'", optarg);
            break;
        case 'h':
            fprintf(cli->out, "usage: %s\n\n%s", usage, help);
            free(lex);
            return 0;
        default:
            status = slant_cli_usage(cli, usage, "unknown option");
        }
    }
    if (status == 0 && optind < argc)
        status = slant_cli_usage(cli, usage, "unexpected argument '%s'", argv[optind]);
    struct slant_store *st = NULL;
    if (status == 0)
        status = slant_cli_open_db(cli, slant_cli_db_path(db), 1, &st);
    if (status) {
        free(lex);
        return status;
    }
    ro.lexicons = n_lex ? lex : NULL;
    struct slant_report *r = NULL;
    int rc = slant_report_build(st, &ro, SLANT_PART_PROFILES, cli->diag, &r);
    if (rc == SLANT_ENOTFOUND) {
        status = SLANT_EXIT_USAGE; /* a name that is not in the database */
    } else if (rc < 0) {
        slant_diag(cli->diag, SLANT_FATAL, NULL, 0, "cannot build the profile: %s",
                   slant_strerror(rc));
        status = SLANT_EXIT_SYSTEM;
    } else {
        if (r->n_profiles == 0)
            slant_diag(cli->diag, SLANT_WARNING, NULL, 0,
                       "nothing to profile: no scored lexicon or no document in the database");
        if (fmt == SLANT_OUT_CSV)
            rc = slant_report_csv_profiles(cli->out, r);
        else if (fmt == SLANT_OUT_JSON)
            rc = slant_report_json_profiles(cli->out, r);
        else
            rc = slant_report_table_profiles(cli->out, r);
        if (rc < 0)
            status = SLANT_EXIT_SYSTEM;
    }
    slant_report_free(r);
    slant_store_close(st);
    free(lex);
    return status;
}
