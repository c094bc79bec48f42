/*
 * cmd.h - what main.c's runner gives every subcommand (internal to the
 * program; the library modules never include it).
 *
 * A subcommand is `int cmd_NAME(int argc, char **argv, struct slant_cli *cli)`:
 * it parses its own options (getopt_long, --help), does its work and returns
 * an exit status; the runner then folds in the diagnostics sink's status and
 * checks that stdout was really written.
 */
#ifndef SLANT_CMD_H
#define SLANT_CMD_H

#include <stdio.h>

#include "slant/err.h"
#include "slant/fmt.h"
#include "slant/ingest.h"
#include "slant/lexicon.h"
#include "slant/store.h"

struct slant_cli {
    struct slant_diag *diag;
    FILE *out;      /* stdout: data only */
    FILE *err;      /* stderr: progress, summaries, messages */
    int err_is_tty; /* progress lines only on a terminal */
    int out_is_tty; /* alignment and colour only on a terminal */
    int color;      /* colour allowed: out is a terminal and NO_COLOR unset */
};

/* The database path: --db value, else $SLANT_DB, else ./slant.db. */
const char *slant_cli_db_path(const char *opt);

/* Open the database, printing "slant: PATH: reason" on failure.  Returns 0
 * or an exit status (3). */
int slant_cli_open_db(struct slant_cli *cli, const char *path, int readonly,
                      struct slant_store **out);

/* Usage error: prints "slant CMD: message" and the usage line; returns 2. */
int slant_cli_usage(struct slant_cli *cli, const char *usage, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Parse a non-negative integer option with strtol and a range check. */
int slant_cli_uint(const char *s, long max, long *out);

/* Output formats shared by the data commands. */
enum { SLANT_OUT_TABLE = 0, SLANT_OUT_CSV, SLANT_OUT_JSON };
/* -1 when s is not table, csv or json */
int slant_cli_format(const char *s);

/* ---- options shared by ingest and analyze --------------------------------- */

enum {
    SLANT_OPT_OUTLET = 256, /* long-only codes, clear of any short option */
    SLANT_OPT_FORMAT,
    SLANT_OPT_LANG,
    SLANT_OPT_KEEP_BOILERPLATE,
    SLANT_OPT_THREADS,
};

#define SLANT_CLI_INGEST_OPTIONS                                                                   \
    {"outlet", required_argument, NULL, SLANT_OPT_OUTLET},                                         \
        {"format", required_argument, NULL, SLANT_OPT_FORMAT},                                     \
        {"lang", required_argument, NULL, SLANT_OPT_LANG},                                         \
        {"keep-boilerplate", no_argument, NULL, SLANT_OPT_KEEP_BOILERPLATE},                       \
    {                                                                                              \
        "threads", required_argument, NULL, SLANT_OPT_THREADS                                      \
    }

/* Apply option c (with its argument) to o.  Returns 0 when applied, 1 when
 * c is not one of those options, or exit status 2 after printing a usage
 * error. */
int slant_cli_ingest_option(struct slant_cli *cli, const char *usage, int c, const char *arg,
                            struct slant_ingest_opts *o);

/* Report slant_ingest_run's failure rc into the database at path, with the
 * store's message when it has one. */
void slant_cli_ingest_failed(struct slant_cli *cli, const char *path, struct slant_store *st,
                             int rc);

/* ---- lexicons ------------------------------------------------------------ */

/* The directory of the bundled lexicons: $SLANT_LEXICONS, else lexicons/
 * beside the executable (a build tree), else the installed data dir. */
const char *slant_cli_lexicon_dir(void);

/*
 * Lexicons for a run: each spec is a .lex file path or the name of a bundled
 * lexicon; with no specs, every bundled *.lex.  Parsed, checked (a lexicon
 * with errors is refused, its problems printed) and, when `compile` is set,
 * compiled (slant_ingest_run compiles a set itself).
 */
struct slant_cli_lexicons {
    struct slant_lexset *set;
    struct slant_slice *sources; /* file text of each lexicon, in set order */
    char **texts;
    size_t n;
};
int slant_cli_load_lexicons(struct slant_cli *cli, char **specs, size_t n_specs, int compile,
                            struct slant_cli_lexicons *out);
void slant_cli_lexicons_release(struct slant_cli_lexicons *l);

/* ---- subcommands --------------------------------------------------------- */
int cmd_ingest(int argc, char **argv, struct slant_cli *cli);
int cmd_terms(int argc, char **argv, struct slant_cli *cli);
int cmd_info(int argc, char **argv, struct slant_cli *cli);
int cmd_score(int argc, char **argv, struct slant_cli *cli);
int cmd_profile(int argc, char **argv, struct slant_cli *cli);
int cmd_kwic(int argc, char **argv, struct slant_cli *cli);
int cmd_compare(int argc, char **argv, struct slant_cli *cli);
int cmd_lexicon(int argc, char **argv, struct slant_cli *cli);
int cmd_report(int argc, char **argv, struct slant_cli *cli);
int cmd_analyze(int argc, char **argv, struct slant_cli *cli);
int cmd_show(int argc, char **argv, struct slant_cli *cli);

#endif
