/*
 * main.c - global options, the command table, exit status (git: git.c).
 */
#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "slant/err.h"

struct command {
    const char *name;
    int (*fn)(int argc, char **argv, struct slant_cli *cli);
    const char *summary;
};

static const struct command commands[] = {
    {"ingest", cmd_ingest, "read articles into the database (text folders, JSONL, CSV)"},
    {"terms", cmd_terms, "top terms per outlet, with counts and rates"},
    {"info", cmd_info, "outlets, documents, tokens, languages and batches in a database"},
    {"score", cmd_score, "score stored documents again with lexicons"},
    {"profile", cmd_profile, "framing profile per outlet and frame, by voice, with intervals"},
    {"kwic", cmd_kwic, "concordance lines for a frame or a pattern"},
    {"compare", cmd_compare, "compare outlets frame by frame (log ratio, G2, BH)"},
    {"lexicon", cmd_lexicon, "check a lexicon, or import a LIWC dictionary"},
    {"report", cmd_report, "write the HTML, Markdown, CSV and JSON report"},
    {"analyze", cmd_analyze, "the one-shot main job: ingest, score, compute, report"},
    {"show", cmd_show, "one article with frame words highlighted and quotations shaded"},
};

static void usage(FILE *f)
{
    fputs("usage: slant [--version] [--help] COMMAND [ARGS]\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fputs("\nRun 'slant COMMAND --help' for a command's options; 'man slant' for the manual.\n"
          "The database is --db FILE, else $SLANT_DB, else ./slant.db.\n",
          f);
}

/* Run one command and settle its exit status. */
static int run(const struct command *c, int argc, char **argv)
{
    struct slant_diag diag;
    slant_diag_init(&diag, stderr);
    struct slant_cli cli = {
        .diag = &diag,
        .out = stdout,
        .err = stderr,
        .err_is_tty = isatty(STDERR_FILENO),
        .out_is_tty = isatty(STDOUT_FILENO),
    };
    const char *nc = getenv("NO_COLOR");
    cli.color = cli.out_is_tty && !(nc && *nc);
    int status = c->fn(argc, argv, &cli);
    int ds = slant_diag_exit_status(&diag);
    if (status != SLANT_EXIT_USAGE && ds > status)
        status = ds;
    /* stdout must really have been written (a full disk, a closed pipe) */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "slant: error writing standard output\n");
        status = SLANT_EXIT_SYSTEM;
    }
    slant_diag_release(&diag);
    return status;
}

int main(int argc, char **argv)
{
    /* A file-size limit must become an error we report, not a kill. */
    signal(SIGXFSZ, SIG_IGN);
    /* GSL's default handler aborts; every GSL status is checked instead. */
    gsl_set_error_handler_off();

    if (argc < 2) {
        usage(stderr);
        return SLANT_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("slant %s\n", SLANT_VERSION);
        return fflush(stdout) == 0 && !ferror(stdout) ? 0 : SLANT_EXIT_SYSTEM;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return fflush(stdout) == 0 && !ferror(stdout) ? 0 : SLANT_EXIT_SYSTEM;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(name, commands[i].name) == 0)
            return run(&commands[i], argc - 1, argv + 1);
    fprintf(stderr, "slant: '%s' is not a slant command\n", name);
    usage(stderr);
    return SLANT_EXIT_USAGE;
}
