/*
 * cmd_kwic.c - `slant kwic`: concordance lines for a frame or a pattern.
 *
 * The lines are the report's (slant_report_build with SLANT_PART_KWIC), so
 * `slant kwic --format csv` prints byte for byte what kwic.csv would hold
 * for the same options.
 */
#include <getopt.h>
#include <string.h>

#include "cmd.h"
#include "slant/match.h"
#include "slant/report.h"

static const char usage[] =
    "slant kwic [--db FILE] (--frame LEXICON/FRAME | PATTERN) [--outlet NAME]\n"
    "                  [--voice own|attributed|quoted] [--width N] [--limit N]\n"
    "                  [--format table|csv|json]";

static const char help[] =
    "Concordance lines: each match with its context, outlet, document and voice.\n"
    "\n"
    "With --frame, the matches are the stored hits of that frame (a frame name\n"
    "alone searches every lexicon but attribution).  With a PATTERN, written as\n"
    "in a .lex file (word = same stem, =word = exact form, pre* = prefix; several\n"
    "words in a row for a phrase), the stored texts are searched again, with the\n"
    "database's attribution lexicon judging voice, negation and distancing as at\n"
    "ingest; such lines name lexicon 'kwic', frame 'match'.\n"
    "\n"
    "  --db FILE       database (default $SLANT_DB, else ./slant.db)\n"
    "  --frame L/F     the hits of frame F of lexicon L\n"
    "  --outlet NAME   only this outlet\n"
    "  --voice V       only matches in voice own, attributed or quoted\n"
    "  --width N       bytes of context on each side, cut at a character\n"
    "                  (default 60); line breaks are shown as spaces\n"
    "  --limit N       lines per outlet (and frame); default all\n"
    "  --format F      table (default), csv or json\n"
    "\n"
    "Lines are sorted by lexicon, frame, outlet, document and position.  The table\n"
    "marks the match [like this], or in colour on a terminal (not with NO_COLOR).\n"
    "CSV columns: outlet,document,date,lexicon,frame,left,match,right,voice,negated,\n"
    "distanced,byte_start,byte_end (byte offsets into the stored text; negated and\n"
    "distanced 0 or 1, in JSON too).  JSON: an array of objects with those keys.\n"
    "An unknown frame or an invalid pattern is a usage error (exit 2).\n";

int cmd_kwic(int argc, char **argv, struct slant_cli *cli)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"frame", required_argument, NULL, 'F'},
        {"outlet", required_argument, NULL, 'o'},
        {"voice", required_argument, NULL, 'v'},
        {"width", required_argument, NULL, 'w'},
        {"limit", required_argument, NULL, 'n'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct slant_report_opts o;
    slant_report_opts_init(&o);
    const char *db = NULL;
    int fmt = SLANT_OUT_TABLE, c;
    long n;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:F:o:v:w:n:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'F':
            o.kwic_frame = optarg;
            break;
        case 'o':
            o.outlet = optarg;
            break;
        case 'v':
            if ((o.kwic_voice = slant_voice_parse(optarg)) < 0)
                return slant_cli_usage(cli, usage, "--voice takes own, attributed or quoted");
            break;
        case 'w':
            if (slant_cli_uint(optarg, 100000L, &n) < 0 || n == 0)
                return slant_cli_usage(cli, usage, "--width takes a number from 1 to 100000");
            o.kwic_width = (size_t)n;
            break;
        case 'n':
            if (slant_cli_uint(optarg, 1000000000L, &n) < 0)
                return slant_cli_usage(cli, usage, "--limit takes a whole number (0 = all)");
            o.kwic_limit = (size_t)n;
            break;
        case 'f':
            if ((fmt = slant_cli_format(optarg)) < 0)
                return slant_cli_usage(cli, usage, "unknown format '%s'", optarg);
            break;
        case 'h':
            fprintf(cli->out, "usage: %s\n\n%s", usage, help);
            return 0;
        default:
            return slant_cli_usage(cli, usage, "unknown option");
        }
    }
    if (optind < argc)
        o.kwic_pattern = argv[optind++];
    if (optind < argc)
        return slant_cli_usage(cli, usage, "unexpected argument '%s' (quote a phrase: 'a b')",
                               argv[optind]);
    if (!o.kwic_frame == !o.kwic_pattern)
        return slant_cli_usage(cli, usage, "give either --frame LEXICON/FRAME or a PATTERN");

    struct slant_store *st = NULL;
    int status = slant_cli_open_db(cli, slant_cli_db_path(db), 1, &st);
    if (status)
        return status;
    struct slant_report *r = NULL;
    int rc = slant_report_build(st, &o, SLANT_PART_KWIC, cli->diag, &r);
    if (rc == SLANT_ENOTFOUND || rc == SLANT_EINVAL) {
        /* an unknown frame, outlet or a bad pattern: the command line was wrong */
        status = SLANT_EXIT_USAGE;
    } else if (rc < 0) {
        status = SLANT_EXIT_SYSTEM;
    } else {
        if (r->n_kwic == 0)
            slant_diag(cli->diag, SLANT_NOTE, NULL, 0, "no matching lines");
        if (fmt == SLANT_OUT_CSV)
            rc = slant_report_csv_kwic(cli->out, r);
        else if (fmt == SLANT_OUT_JSON)
            rc = slant_report_json_kwic(cli->out, r);
        else
            rc = slant_report_table_kwic(cli->out, r, cli->color);
        if (rc < 0)
            status = SLANT_EXIT_SYSTEM;
    }
    slant_report_free(r);
    slant_store_close(st);
    return status;
}
