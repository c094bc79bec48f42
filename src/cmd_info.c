/*
 * cmd_info.c - `slant info`: what a database holds.
 */
#include <getopt.h>
#include <sqlite3.h>
#include <string.h>

#include "cmd.h"

static const char usage[] = "slant info [--db FILE]";

/* Print the rows of a query as aligned text; returns 0 or exit status 3. */
static int print_query(struct slant_cli *cli, struct slant_store *st, const char *title,
                       const char *sql)
{
    sqlite3 *db = slant_store_db(st);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        slant_diag(cli->diag, SLANT_FATAL, NULL, 0, "database query failed: %s",
                   sqlite3_errmsg(db));
        return SLANT_EXIT_SYSTEM;
    }
    int n = sqlite3_column_count(s);
    fprintf(cli->out, "%s\n", title);
    for (int i = 0; i < n; i++)
        fprintf(cli->out, "%s%s", i ? "\t" : "  ", sqlite3_column_name(s, i));
    fputc('\n', cli->out);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < n; i++) {
            const unsigned char *v = sqlite3_column_text(s, i);
            fprintf(cli->out, "%s%s", i ? "\t" : "  ", v ? (const char *)v : "");
        }
        fputc('\n', cli->out);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        slant_diag(cli->diag, SLANT_FATAL, NULL, 0, "database query failed: %s",
                   sqlite3_errmsg(db));
        return SLANT_EXIT_SYSTEM;
    }
    return 0;
}

int cmd_info(int argc, char **argv, struct slant_cli *cli)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'h':
            fprintf(cli->out,
                    "usage: %s\n\nShow the outlets, documents, tokens, languages, lexicons and\n"
                    "batches of a database.  Works on a read-only database.\n",
                    usage);
            return 0;
        default:
            return slant_cli_usage(cli, usage, "unknown option");
        }
    }
    if (optind < argc)
        return slant_cli_usage(cli, usage, "unexpected argument '%s'", argv[optind]);
    const char *path = slant_cli_db_path(db);
    struct slant_store *st = NULL;
    int status = slant_cli_open_db(cli, path, 1, &st);
    if (status)
        return status;
    static const struct {
        const char *title, *sql;
    } parts[] = {
        {"totals", "SELECT (SELECT COUNT(*) FROM outlets) AS outlets,"
                   " (SELECT COUNT(*) FROM documents) AS documents,"
                   " (SELECT IFNULL(SUM(n_tokens),0) FROM documents) AS tokens,"
                   " (SELECT COUNT(*) FROM terms) AS terms,"
                   " (SELECT COUNT(*) FROM forms) AS forms,"
                   " (SELECT COUNT(*) FROM batches) AS batches"},
        {"outlets",
         "SELECT o.name AS outlet, COUNT(d.id) AS documents, IFNULL(SUM(d.n_tokens),0) AS tokens,"
         " MIN(d.date) AS first_date, MAX(d.date) AS last_date,"
         " IFNULL(SUM(d.n_boilerplate),0) AS boilerplate_lines"
         " FROM outlets o LEFT JOIN documents d ON d.outlet_id = o.id"
         " GROUP BY o.id ORDER BY o.name"},
        {"languages", "SELECT CASE lang WHEN '' THEN '(unstemmed)' ELSE lang END AS lang,"
                      " COUNT(*) AS documents, SUM(n_tokens) AS tokens"
                      " FROM documents GROUP BY lang ORDER BY lang"},
        {"lexicons",
         "SELECT l.name AS lexicon, l.hash, (SELECT COUNT(*) FROM frames f WHERE f.lexicon_id ="
         " l.id) AS frames, (SELECT COUNT(*) FROM scored s WHERE s.lexicon_id = l.id) AS"
         " documents_scored, (SELECT COALESCE(SUM(s.n_hits), 0) FROM scored s WHERE s.lexicon_id = "
         "l.id) AS hits"
         " FROM lexicons l ORDER BY l.name"},
        {"batches",
         "SELECT id AS batch, command, started, IFNULL(finished, '') AS finished, status,"
         " n_new, n_duplicate, n_rejected FROM batches ORDER BY id"},
    };
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]) && !status; i++) {
        if (i)
            fputc('\n', cli->out);
        status = print_query(cli, st, parts[i].title, parts[i].sql);
    }
    slant_store_close(st);
    return status;
}
