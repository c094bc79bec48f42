/*
 * cmd_report.c - `slant report`: every report file of a database into a
 * folder (index.html, report.md and the CSV/JSON tables).
 *
 * `slant analyze` runs this command on the database it has just filled
 * (passing its report options through), so both write the same report from
 * the same database and the options are parsed in one place.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "slant/report.h"
#include "slant/xalloc.h"

#include "banned.h"

struct report_cli_opts {
    const char *title, *event, *from, *to;
    unsigned long seed;
    long kwic_lines;
    const char **lexicons; /* NULL-terminated, or NULL for the default */
};

/* Concordance lines per outlet and frame in the report: enough to teach
 * with, few enough that 15 outlets x 30 frames stay a small page. */
#define REPORT_KWIC_LINES 4
/* Distinctive terms per outlet in terms.csv. */
#define REPORT_TERMS 30

static const char usage[] =
    "slant report [--db FILE] --out DIR [--title TEXT] [--lexicon NAME]...\n"
    "                    [--event WORD] [--from DATE] [--to DATE] [--seed N]\n"
    "                    [--kwic-lines N]";

static const char help[] =
    "Write the report of a database into DIR (created if missing): index.html (one\n"
    "self-contained page: no script, no external URL), report.md, profiles.csv,\n"
    "profiles.json, compare.csv, terms.csv and kwic.csv.  The same database gives\n"
    "the same files, byte for byte.  Prints the path of index.html.\n"
    "\n"
    "  --db FILE         database (default $SLANT_DB, else ./slant.db)\n"
    "  --out DIR         where the files go\n"
    "  --title TEXT      the report's title (default \"slant report\")\n"
    "  --lexicon NAME    report this lexicon (repeatable); default: every lexicon in\n"
    "                    the database except attribution\n"
    "  --event WORD      the side-by-side view: paragraphs that mention WORD\n"
    "  --from DATE       ... dated on or after DATE (YYYY-MM-DD)\n"
    "  --to DATE         ... dated on or before DATE\n"
    "  --seed N          seed of the bootstrap intervals (default 20221124)\n"
    "  --kwic-lines N    concordance lines per outlet and frame (default 4, max 1000)\n"
    "\n"
    "Exit status: 0 ok, 1 a problem with the request (unknown lexicon), 2 usage,\n"
    "3 system error (database, disk).\n";

/* YYYY-MM-DD with plausible month and day */
static int iso_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Build the whole report and write its files; returns an exit status. */
static int write_report(struct slant_cli *cli, struct slant_store *st, const char *dir,
                        const struct report_cli_opts *ro)
{
    struct slant_report_opts o;
    slant_report_opts_init(&o);
    o.title = ro->title;
    o.lexicons = ro->lexicons;
    o.event_word = ro->event;
    o.date_from = ro->from;
    o.date_to = ro->to;
    if (ro->seed)
        o.ci.seed = ro->seed;
    o.kwic_limit = ro->kwic_lines > 0 ? (size_t)ro->kwic_lines : REPORT_KWIC_LINES;
    o.keyness_top = REPORT_TERMS;
    struct slant_report *r = NULL;
    int rc = slant_report_build(st, &o, SLANT_PART_ALL, cli->diag, &r);
    if (rc < 0) {
        if (rc == SLANT_ENOTFOUND || rc == SLANT_EINVAL)
            return SLANT_EXIT_REJECTED; /* the request named something that is not there */
        slant_diag(cli->diag, SLANT_FATAL, NULL, 0, "cannot build the report: %s",
                   slant_strerror(rc));
        return SLANT_EXIT_SYSTEM;
    }
    rc = slant_report_write_dir(r, dir, cli->diag);
    slant_report_free(r);
    if (rc < 0)
        return SLANT_EXIT_SYSTEM;
    size_t len = strlen(dir);
    fprintf(cli->out, "%s%sindex.html\n", dir, len && dir[len - 1] == '/' ? "" : "/");
    return 0;
}

int cmd_report(int argc, char **argv, struct slant_cli *cli)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"out", required_argument, NULL, 'o'},
        {"title", required_argument, NULL, 'T'},
        {"lexicon", required_argument, NULL, 'x'},
        {"event", required_argument, NULL, 'e'},
        {"from", required_argument, NULL, 'F'},
        {"to", required_argument, NULL, 't'},
        {"seed", required_argument, NULL, 's'},
        {"kwic-lines", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *out = NULL;
    struct report_cli_opts ro = {0};
    const char **lex = slant_xcalloc((size_t)argc + 1, sizeof(*lex));
    size_t n_lex = 0;
    long v = 0;
    int c, status = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:o:T:x:e:F:t:s:k:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'T':
            ro.title = optarg;
            break;
        case 'x':
            lex[n_lex++] = optarg;
            break;
        case 'e':
            if (!*optarg) {
                status = slant_cli_usage(cli, usage, "--event needs a word");
                goto out;
            }
            ro.event = optarg;
            break;
        case 'F':
        case 't':
            if (!iso_date(optarg)) {
                status = slant_cli_usage(cli, usage, "--%s takes a date as YYYY-MM-DD, not '%s'",
                                         c == 'F' ? "from" : "to", optarg);
                goto out;
            }
            *(c == 'F' ? &ro.from : &ro.to) = optarg;
            break;
        case 's':
            if (slant_cli_uint(optarg, 4294967295L, &v) < 0 || v == 0) {
                status = slant_cli_usage(cli, usage, "--seed takes a number from 1 to 4294967295");
                goto out;
            }
            ro.seed = (unsigned long)v;
            break;
        case 'k':
            if (slant_cli_uint(optarg, 1000, &v) < 0 || v == 0) {
                status = slant_cli_usage(cli, usage, "--kwic-lines takes a number from 1 to 1000");
                goto out;
            }
            ro.kwic_lines = v;
            break;
        case 'h':
            fprintf(cli->out, "usage: %s\n\n%s", usage, help);
            goto out;
        default:
            status = slant_cli_usage(cli, usage, "unknown option");
            goto out;
        }
    }
    if (optind < argc) {
        status = slant_cli_usage(cli, usage, "unexpected argument '%s'", argv[optind]);
        goto out;
    }
    if (!out || !*out) {
        status = slant_cli_usage(cli, usage, "--out DIR is required");
        goto out;
    }
    if (ro.from && ro.to && strcmp(ro.from, ro.to) > 0) {
        status = slant_cli_usage(cli, usage, "--from %s is after --to %s", ro.from, ro.to);
        goto out;
    }
    ro.lexicons = n_lex ? lex : NULL;

    struct slant_store *st = NULL;
    const char *path = slant_cli_db_path(db);
    status = slant_cli_open_db(cli, path, 1, &st);
    if (status)
        goto out;
    status = write_report(cli, st, out, &ro);
    slant_store_close(st);
out:
    free(lex);
    return status;
}
