/*
 * cmd_analyze.c - `slant analyze`: the one-shot main job.  Ingest the paths
 * into DIR/slant.db (scoring with the lexicons as it goes, like `slant
 * ingest`), then write the report into DIR with `slant report`, and print
 * where it is.
 *
 * Both steps go through the same code as their commands: the ingest engine
 * (slant_ingest_run) with the same options, and cmd_report() itself with
 * the report options passed through, so `analyze` can never report
 * differently from `ingest` + `report`.  Running it again on the same DIR
 * adds only new documents (ingest is idempotent) and rewrites the report.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "slant/ingest.h"
#include "slant/xalloc.h"

#include "banned.h"

static const char usage[] =
    "slant analyze --out DIR [--lexicon FILE|NAME]... [--outlet NAME]\n"
    "                    [--format auto|text|jsonl|csv] [--lang L] [--keep-boilerplate]\n"
    "                    [--threads N] [--title TEXT] [--event WORD] [--from DATE]\n"
    "                    [--to DATE] [--seed N] [--kwic-lines N] [--quiet] PATH...";

static const char help[] =
    "The one-shot main job: read the articles in PATH... into DIR/slant.db, score\n"
    "them with the lexicons, compute every statistic and write the report into DIR\n"
    "(index.html, report.md, profiles.csv, profiles.json, compare.csv, terms.csv,\n"
    "kwic.csv).  Prints the path of index.html.  Input is read as by 'slant\n"
    "ingest'; the report is what 'slant report --db DIR/slant.db --out DIR' writes.\n"
    "\n"
    "  --out DIR            the report folder (created if missing)\n"
    "  --lexicon FILE|NAME  score with this lexicon (repeatable); default: all bundled\n"
    "  --outlet NAME        the outlet of every document read\n"
    "  --format F           auto (by extension), text, jsonl or csv\n"
    "  --lang L             auto (from the script), or a Snowball language: en, ru, ...\n"
    "  --keep-boilerplate   keep page furniture (cookie notices, related-article tails)\n"
    "  --threads N          analysis threads (default: one per core)\n"
    "  --title TEXT         the report's title\n"
    "  --event WORD         side-by-side view of the paragraphs that mention WORD\n"
    "  --from DATE, --to DATE  ... within these dates (YYYY-MM-DD)\n"
    "  --seed N             seed of the bootstrap intervals\n"
    "  --kwic-lines N       concordance lines per outlet and frame in the report\n"
    "  --quiet              no progress line, no summary\n"
    "\n"
    "Exit status: 0 ok, 1 some input rejected (the rest is stored and reported),\n"
    "2 usage, 3 system error.\n";

/* mkdir -p, so DIR/slant.db can be created; messages go to the sink. */
static int make_dirs(struct slant_cli *cli, const char *dir)
{
    char *p = slant_xstrdup(dir);
    int status = 0;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char keep = *s;
        *s = '\0';
        struct stat st;
        if ((mkdir(p, 0777) < 0 && errno != EEXIST) || stat(p, &st) < 0 || !S_ISDIR(st.st_mode)) {
            slant_diag(cli->diag, SLANT_FATAL, p, 0, "cannot create folder: %s",
                       errno ? strerror(errno) : "not a folder");
            status = SLANT_EXIT_SYSTEM;
        }
        *s = keep;
        if (status || keep == '\0')
            break;
    }
    free(p);
    return status;
}

int cmd_analyze(int argc, char **argv, struct slant_cli *cli)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'O'},
        {"lexicon", required_argument, NULL, 'x'},
        SLANT_CLI_INGEST_OPTIONS,
        {"title", required_argument, NULL, 'T'},
        {"event", required_argument, NULL, 'e'},
        {"from", required_argument, NULL, 'F'},
        {"to", required_argument, NULL, 't'},
        {"seed", required_argument, NULL, 's'},
        {"kwic-lines", required_argument, NULL, 'K'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *out = NULL;
    struct slant_ingest_opts o = {0};
    o.command = "analyze";
    int quiet = 0;
    char **lex = slant_xcalloc((size_t)argc + 1, sizeof(*lex));
    size_t n_lex = 0;
    /* report options, passed through to `slant report` as written */
    char **rargs = slant_xcalloc((size_t)argc * 2 + 16, sizeof(*rargs));
    int n_r = 0;
    char *db = NULL;
    struct slant_cli_lexicons lx = {0};
    struct slant_store *st = NULL;
    int c, status = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "O:x:T:e:F:t:s:K:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'O':
            out = optarg;
            break;
        case 'x':
            lex[n_lex++] = optarg;
            break;
        case 'T':
        case 'e':
        case 'F':
        case 't':
        case 's':
        case 'K': {
            /* checked by `slant report`, which names its own option */
            static const char *const names[] = {"--title", "--event", "--from",
                                                "--to",    "--seed",  "--kwic-lines"};
            const char *keys = "TeFtsK";
            rargs[n_r++] = (char *)(uintptr_t)names[strchr(keys, c) - keys];
            rargs[n_r++] = optarg;
            break;
        }
        case 'q':
            quiet = 1;
            break;
        case 'h':
            fprintf(cli->out, "usage: %s\n\n%s", usage, help);
            goto out;
        default: {
            int r = slant_cli_ingest_option(cli, usage, c, optarg, &o);
            if (r == 0)
                break;
            status = r == 1 ? slant_cli_usage(cli, usage, "unknown option") : r;
            goto out;
        }
        }
    }
    if (!out || !*out) {
        status = slant_cli_usage(cli, usage, "--out DIR is required");
        goto out;
    }
    if (optind >= argc) {
        status = slant_cli_usage(cli, usage, "no input: name files or folders to read");
        goto out;
    }

    status = slant_cli_load_lexicons(cli, lex, n_lex, 0, &lx);
    if (status)
        goto out;
    o.lexicons = lx.set;
    o.lexicon_sources = lx.sources;
    status = make_dirs(cli, out);
    if (status)
        goto out;
    size_t len = strlen(out) + sizeof("/slant.db");
    db = slant_xmalloc(len);
    snprintf(db, len, "%s/slant.db", out);
    status = slant_cli_open_db(cli, db, 0, &st);
    if (status)
        goto out;
    struct slant_ingest_result res;
    int rc = slant_ingest_run(st, &o, argv + optind, (size_t)(argc - optind), cli->diag, &res);
    if (rc < 0) {
        slant_cli_ingest_failed(cli, db, st, rc);
        status = SLANT_EXIT_SYSTEM;
    } else if (!quiet) {
        fprintf(cli->err,
                "slant: %zu new document%s (%zu duplicate, %zu rejected), %zu tokens, %zu "
                "lexicon hits\n",
                res.n_new, res.n_new == 1 ? "" : "s", res.n_duplicate, res.n_rejected, res.tokens,
                res.hits);
    }
    slant_ingest_result_release(&res);
    slant_store_close(st);
    st = NULL;
    if (status)
        goto out;

    /* the report of the lexicons named here (the cue lexicon excepted), or
     * the default when none was named */
    char **all = slant_xcalloc((size_t)n_r + 2 * slant_lexset_count(lx.set) + 6, sizeof(*all));
    int ra = 0;
    all[ra++] = (char *)(uintptr_t) "report";
    all[ra++] = (char *)(uintptr_t) "--db";
    all[ra++] = db;
    all[ra++] = (char *)(uintptr_t) "--out";
    all[ra++] = (char *)(uintptr_t)out;
    for (int i = 0; i < n_r; i++)
        all[ra++] = rargs[i];
    if (n_lex)
        for (size_t i = 0; i < slant_lexset_count(lx.set); i++) {
            const struct slant_lexicon *l = slant_lexset_get(lx.set, i);
            if (strcmp(l->name, "attribution") == 0)
                continue;
            all[ra++] = (char *)(uintptr_t) "--lexicon";
            all[ra++] = (char *)(uintptr_t)l->name;
        }
    all[ra] = NULL;
    status = cmd_report(ra, all, cli);
    free(all);
out:
    if (st)
        slant_store_close(st);
    slant_cli_lexicons_release(&lx);
    free(db);
    free(lex);
    free(rargs);
    return status;
}
