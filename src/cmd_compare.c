/*
 * cmd_compare.c - `slant compare`: outlets against each other, frame by
 * frame, with a token-level and a document-level test.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "slant/match.h"
#include "slant/report.h"
#include "slant/xalloc.h"

static const char usage[] =
    "slant compare [--db FILE] [--lexicon NAME]... [--voice own|all|quoted|attributed]\n"
    "                     [--vs-rest] [--format table|csv|json] [OUTLET_A OUTLET_B]";

static const char help[] =
    "Compare outlets frame by frame: every pair of outlets (A before B by name),\n"
    "each outlet against all the others pooled (--vs-rest, B is \"(rest)\"), or\n"
    "the one pair named (in the order given).  For each frame: hits and word\n"
    "tokens of each side, Hardie's log ratio (log2 of the ratio of the rates,\n"
    "0.5 put in for a zero count), Dunning's G2 signed by direction (negative\n"
    "when A uses the frame less) and its p from chi-square with 1 df, with the\n"
    "Benjamini-Hochberg adjusted p over every row; beside it, a document-level\n"
    "test (tokens of one article are not independent): Mann-Whitney U on the\n"
    "per-document rates, with its own adjusted p.  Rows are sorted by lexicon,\n"
    "frame (lexicon order), outlet A and outlet B.\n"
    "\n"
    "  --db FILE         database (default $SLANT_DB, else ./slant.db)\n"
    "  --lexicon NAME    only this lexicon (repeatable); default: every lexicon\n"
    "                    in the database except 'attribution'\n"
    "  --voice V         own (default), all, quoted or attributed hits\n"
    "  --vs-rest         each outlet against the rest of the corpus\n"
    "  --format F        table (default; * marks an adjusted p below 0.05), csv\n"
    "                    or json\n"
    "\n"
    "CSV columns: lexicon,frame,outlet_a,outlet_b,hits_a,tokens_a,hits_b,tokens_b,\n"
    "log_ratio,g2,p_value,p_adjusted,docs_a,docs_b,mw_u,mw_p,mw_p_adjusted,voice\n"
    "(statistics \"%.6f\", p-values \"%.6e\", mw_u \"%.1f\").\n"
    "JSON: {\"voice\",\"alpha\",\"compare\":[rows\n"
    "with the CSV keys and \"significant\"]}.\n";

int cmd_compare(int argc, char **argv, struct slant_cli *cli)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"lexicon", required_argument, NULL, 'x'},
        {"voice", required_argument, NULL, 'v'},
        {"vs-rest", no_argument, NULL, 'r'},
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
    optind = 1;
    while (status == 0 && (c = getopt_long(argc, argv, "d:x:v:rf:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'x':
            lex[n_lex++] = optarg;
            break;
        case 'v':
            if (strcmp(optarg, "all") == 0)
                ro.compare_voice = SLANT_VF_ALL;
            else if ((ro.compare_voice = slant_voice_parse(optarg)) < 0)
                status = slant_cli_usage(cli, usage, "unknown voice '%s'", optarg);
            break;
        case 'r':
            ro.vs_rest = 1;
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
    if (status == 0) {
        int rest = argc - optind;
        if (rest == 2) {
            ro.outlet_a = argv[optind];
            ro.outlet_b = argv[optind + 1];
            if (ro.vs_rest)
                status = slant_cli_usage(cli, usage, "--vs-rest takes no outlets");
            else if (strcmp(ro.outlet_a, ro.outlet_b) == 0)
                status = slant_cli_usage(cli, usage, "two different outlets, please");
        } else if (rest != 0) {
            status = slant_cli_usage(cli, usage, "give two outlets or none");
        }
    }
    struct slant_store *st = NULL;
    if (status == 0)
        status = slant_cli_open_db(cli, slant_cli_db_path(db), 1, &st);
    if (status) {
        free(lex);
        return status;
    }
    ro.lexicons = n_lex ? lex : NULL;
    struct slant_report *r = NULL;
    int rc = slant_report_build(st, &ro, SLANT_PART_COMPARE, cli->diag, &r);
    if (rc == SLANT_ENOTFOUND || rc == SLANT_EINVAL) {
        status = SLANT_EXIT_USAGE; /* a name not in the database */
    } else if (rc < 0) {
        slant_diag(cli->diag, SLANT_FATAL, NULL, 0, "cannot compare: %s", slant_strerror(rc));
        status = SLANT_EXIT_SYSTEM;
    } else {
        if (r->n_compare == 0)
            slant_diag(cli->diag, SLANT_WARNING, NULL, 0,
                       "nothing to compare: it takes two outlets with scored documents");
        if (fmt == SLANT_OUT_CSV)
            rc = slant_report_csv_compare(cli->out, r);
        else if (fmt == SLANT_OUT_JSON)
            rc = slant_report_json_compare(cli->out, r);
        else
            rc = slant_report_table_compare(cli->out, r);
        if (rc < 0)
            status = SLANT_EXIT_SYSTEM;
    }
    slant_report_free(r);
    slant_store_close(st);
    free(lex);
    return status;
}
