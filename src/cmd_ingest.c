/*
 * cmd_ingest.c - `slant ingest`: read articles into the database.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "slant/ingest.h"

static const char usage[] =
    "slant ingest [--db FILE] [--outlet NAME] [--format auto|text|jsonl|csv]\n"
    "                    [--lang auto|en|ru|...] [--keep-boilerplate] [--lexicon FILE|NAME]...\n"
    "                    [--no-score] [--threads N] [--quiet] PATH...";

static const char help[] =
    "Read articles into the database: a folder DIR/OUTLET/**/*.txt (the outlet is\n"
    "the first folder under DIR), JSONL (one object per line: text, outlet, id,\n"
    "title, date, url) or CSV with a header row of the same names.  New documents\n"
    "are scored with the bundled lexicons (or those named by --lexicon).  One run\n"
    "is one batch: it is stored whole or not at all, and running it again adds\n"
    "nothing that is already there.\n"
    "\n"
    "  --db FILE            database (default $SLANT_DB, else ./slant.db)\n"
    "  --outlet NAME        the outlet of every document read\n"
    "  --format F           auto (by extension), text, jsonl or csv\n"
    "  --lang L             auto (from the script), or a Snowball language: en, ru, ...\n"
    "  --keep-boilerplate   keep page furniture (cookie notices, related-article tails)\n"
    "  --lexicon FILE|NAME  score with this lexicon (repeatable); default: all bundled\n"
    "  --no-score           count terms only\n"
    "  --threads N          threads to use (default: one per core)\n"
    "  --quiet              no progress line, no summary\n"
    "\n"
    "Exit status: 0 ok, 1 some input rejected (the rest is stored), 2 usage, 3 system error.\n";

static void show_progress(void *ctx, const struct slant_ingest_progress *p)
{
    struct slant_cli *cli = ctx;
    double mb = (double)p->bytes_read / 1e6;
    double rate = p->seconds > 0 ? mb / p->seconds : 0;
    double left = rate > 0 ? ((double)p->bytes_total / 1e6 - mb) / rate : 0;
    if (left < 0)
        left = 0;
    slant_diag_status(cli->diag, "slant: %zu documents, %.1f MB, %.1f MB/s, ETA %.0f s", p->docs,
                      mb, rate, left);
}

static void print_summary(FILE *f, const struct slant_ingest_result *r)
{
    fprintf(f, "%-24s %8s %9s %8s %11s %11s %8s\n", "outlet", "new", "duplicate", "rejected",
            "tokens", "boilerplate", "U+FFFD");
    for (size_t i = 0; i < r->n_outlets; i++) {
        const struct slant_outlet_summary *o = &r->outlets[i];
        fprintf(f, "%-24s %8zu %9zu %8zu %11zu %11zu %8zu\n", o->name, o->n_new, o->n_duplicate,
                o->n_rejected, o->tokens, o->boilerplate, o->replaced);
    }
    fprintf(f, "%-24s %8zu %9zu %8zu %11zu %11zu %8zu\n", "total", r->n_new, r->n_duplicate,
            r->n_rejected, r->tokens, r->boilerplate, r->replaced);
    if (r->n_syndicated)
        fprintf(f, "slant: %zu document%s also stored under another outlet (syndication)\n",
                r->n_syndicated, r->n_syndicated == 1 ? "" : "s");
    fprintf(f, "slant: %.1f MB in %.2f s (%.1f MB/s), %zu lexicon hits\n", (double)r->bytes / 1e6,
            r->seconds, r->seconds > 0 ? (double)r->bytes / 1e6 / r->seconds : 0.0, r->hits);
}

int cmd_ingest(int argc, char **argv, struct slant_cli *cli)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        SLANT_CLI_INGEST_OPTIONS,
        {"lexicon", required_argument, NULL, 'x'},
        {"no-score", no_argument, NULL, 'n'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    struct slant_ingest_opts o = {0};
    o.command = "ingest";
    int quiet = 0, no_score = 0;
    char **lex = NULL;
    size_t n_lex = 0;
    int c, status = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:x:nqh", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'x':
            lex = realloc(lex, (n_lex + 1) * sizeof(*lex));
            if (!lex)
                return SLANT_EXIT_SYSTEM;
            lex[n_lex++] = optarg;
            break;
        case 'n':
            no_score = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            free(lex);
            fprintf(cli->out, "usage: %s\n\n%s", usage, help);
            return 0;
        default: {
            int r = slant_cli_ingest_option(cli, usage, c, optarg, &o);
            if (r == 0)
                break;
            free(lex);
            return r == 1 ? slant_cli_usage(cli, usage, "unknown option") : r;
        }
        }
    }
    if (optind >= argc) {
        free(lex);
        return slant_cli_usage(cli, usage, "no input: name files or folders to read");
    }

    struct slant_cli_lexicons lx = {0};
    if (!no_score) {
        status = slant_cli_load_lexicons(cli, lex, n_lex, 0, &lx);
        if (status) {
            free(lex);
            return status;
        }
        o.lexicons = lx.set;
        o.lexicon_sources = lx.sources;
    }
    free(lex);

    const char *path = slant_cli_db_path(db);
    struct slant_store *st = NULL;
    status = slant_cli_open_db(cli, path, 0, &st);
    if (status) {
        slant_cli_lexicons_release(&lx);
        return status;
    }
    if (cli->err_is_tty && !quiet) {
        o.progress = show_progress;
        o.progress_ctx = cli;
    }
    struct slant_ingest_result res;
    int rc = slant_ingest_run(st, &o, argv + optind, (size_t)(argc - optind), cli->diag, &res);
    slant_diag_status_clear(cli->diag);
    if (rc < 0) {
        slant_cli_ingest_failed(cli, path, st, rc);
        status = SLANT_EXIT_SYSTEM;
    } else if (!quiet) {
        print_summary(cli->err, &res);
    }
    slant_ingest_result_release(&res);
    slant_store_close(st);
    slant_cli_lexicons_release(&lx);
    return status;
}
