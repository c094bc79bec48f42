/*
 * cmd_terms.c - `slant terms`: top stems per outlet, or with --keyness the
 * terms that set each outlet apart from the rest (report.h does the work).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "slant/report.h"
#include "slant/tokenize.h"

static const char usage[] =
    "slant terms [--db FILE] [--outlet NAME] [--top N] [--stopwords]\n"
    "                   [--keyness [--alpha0 N] [--min-count N]] [--format table|csv|json]";

static const char help[] =
    "Top terms (Snowball stems) per outlet, with the outlet's most frequent surface\n"
    "form of each, its count, and its rate per 1,000 word tokens of the outlet.\n"
    "Function words listed in lexicons/stopwords.txt are left out unless\n"
    "--stopwords is given.\n"
    "\n"
    "  --db FILE       database (default $SLANT_DB, else ./slant.db)\n"
    "  --outlet NAME   only this outlet\n"
    "  --top N         terms per outlet (default 20; 0 = all)\n"
    "  --stopwords     keep function words\n"
    "  --format F      table (default), csv or json\n"
    "\n"
    "CSV columns: outlet,rank,term,surface,count,rate_per_1k\n"
    "\n"
    "With --keyness: each outlet against all the others, with the log-odds ratio\n"
    "and informative Dirichlet prior of Monroe, Colaresi & Quinn (2008): prior\n"
    "alpha0 times the term's share of the corpus, delta (natural log), z; and G2\n"
    "and log ratio per term.  Every term of the corpus is in the vocabulary\n"
    "(function words included) unless --min-count sets a floor; the table and\n"
    "JSON print the vocabulary size and the floor.  An outlet's rows are the\n"
    "terms it uses, by z descending (ties by term), --top per outlet.\n"
    "  --keyness       distinctive terms instead of frequent ones\n"
    "  --alpha0 N      prior size (default 1000)\n"
    "  --min-count N   leave out terms used fewer than N times in the corpus\n"
    "                  (default 0: none)\n"
    "Keyness CSV columns: outlet,term,surface,count,count_rest,log_odds,z,g2,\n"
    "log_ratio (\"%.6f\").  JSON: {\"alpha0\",\"min_count\",\"vocabulary\",\n"
    "\"below_floor\",\"terms\":[rows with the CSV keys]}.\n";

/* Fill temp.stop with the folded words of the stop list (one per line). */
static int load_stopwords(struct slant_cli *cli, sqlite3 *db)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/stopwords.txt", slant_cli_lexicon_dir());
    if (sqlite3_exec(db, "CREATE TEMP TABLE stop(form TEXT PRIMARY KEY) WITHOUT ROWID", NULL, NULL,
                     NULL) != SQLITE_OK)
        goto dberr;
    FILE *f = fopen(path, "r");
    if (!f) {
        slant_diag(cli->diag, SLANT_WARNING, path, 0,
                   "cannot read the stop list (%s): showing every term", strerror(errno));
        return 0;
    }
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO temp.stop VALUES (?1)", -1, &s, NULL) !=
        SQLITE_OK) {
        fclose(f);
        goto dberr;
    }
    char line[256];
    while (fgets(line, sizeof(line), f)) {
        struct slant_slice w = slant_slice_trim(slant_slice_cstr(line));
        if (!w.len || w.p[0] == '#')
            continue;
        char *folded = NULL;
        size_t fl = 0;
        if (slant_fold(w.p, w.len, &folded, &fl) < 0)
            continue;
        sqlite3_bind_text(s, 1, folded, (int)fl, SQLITE_TRANSIENT);
        sqlite3_step(s);
        sqlite3_reset(s);
        free(folded);
    }
    sqlite3_finalize(s);
    fclose(f);
    return 0;
dberr:
    slant_diag(cli->diag, SLANT_FATAL, NULL, 0, "database query failed: %s", sqlite3_errmsg(db));
    return SLANT_EXIT_SYSTEM;
}

static const char terms_sql[] =
    "WITH tok AS (SELECT outlet_id, SUM(n_tokens) AS n FROM documents GROUP BY outlet_id),"
    " ot AS (SELECT o.outlet_id, f.term_id, SUM(o.count) AS c"
    "        FROM outlet_forms o JOIN forms f ON f.id = o.form_id GROUP BY 1, 2),"
    " best AS (SELECT o.outlet_id, f.term_id, f.form,"
    "          ROW_NUMBER() OVER (PARTITION BY o.outlet_id, f.term_id"
    "                             ORDER BY o.count DESC, f.form) AS r"
    "          FROM outlet_forms o JOIN forms f ON f.id = o.form_id),"
    " ranked AS (SELECT ot.outlet_id, t.stem, b.form, ot.c,"
    "            ROW_NUMBER() OVER (PARTITION BY ot.outlet_id ORDER BY ot.c DESC, t.stem,"
    "                               t.lang) AS rank"
    "            FROM ot JOIN best b ON b.outlet_id = ot.outlet_id AND b.term_id = ot.term_id"
    "                    AND b.r = 1"
    "            JOIN terms t ON t.id = ot.term_id"
    "            WHERE ?3 OR b.form NOT IN (SELECT form FROM temp.stop))"
    " SELECT out.name, r.rank, r.stem, r.form, r.c, tok.n"
    " FROM ranked r JOIN outlets out ON out.id = r.outlet_id"
    " JOIN tok ON tok.outlet_id = r.outlet_id"
    " WHERE (?1 IS NULL OR out.name = ?1) AND (?2 = 0 OR r.rank <= ?2)"
    " ORDER BY out.name, r.rank";

/* --keyness: build the keyness part of the report and print it. */
static int keyness_run(struct slant_cli *cli, struct slant_store *st, const char *outlet,
                       size_t top, double alpha0, size_t min_count, int fmt)
{
    struct slant_report_opts ro;
    slant_report_opts_init(&ro);
    ro.outlet = outlet;
    ro.keyness_top = top;
    ro.alpha0 = alpha0;
    ro.min_count = min_count;
    struct slant_report *r = NULL;
    int status = 0, rc = slant_report_build(st, &ro, SLANT_PART_KEYNESS, cli->diag, &r);
    if (rc == SLANT_ENOTFOUND)
        return SLANT_EXIT_USAGE; /* an outlet not in the database */
    if (rc < 0) {
        slant_diag(cli->diag, SLANT_FATAL, NULL, 0, "cannot compute keyness: %s",
                   slant_strerror(rc));
        return SLANT_EXIT_SYSTEM;
    }
    if (fmt == SLANT_OUT_CSV)
        rc = slant_report_csv_keyness(cli->out, r);
    else if (fmt == SLANT_OUT_JSON)
        rc = slant_report_json_keyness(cli->out, r);
    else
        rc = slant_report_table_keyness(cli->out, r);
    if (rc < 0)
        status = SLANT_EXIT_SYSTEM;
    slant_report_free(r);
    return status;
}

int cmd_terms(int argc, char **argv, struct slant_cli *cli)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"outlet", required_argument, NULL, 'o'},
        {"top", required_argument, NULL, 'n'},    {"stopwords", no_argument, NULL, 's'},
        {"format", required_argument, NULL, 'f'}, {"keyness", no_argument, NULL, 'k'},
        {"alpha0", required_argument, NULL, 'a'}, {"min-count", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *outlet = NULL;
    long top = 20, min_count = 0;
    double alpha0 = SLANT_KEYNESS_ALPHA0;
    int fmt = SLANT_OUT_TABLE, keep_stop = 0, keyness = 0, keyness_opt = 0, c;
    char *end = NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:o:n:sf:ka:m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'k':
            keyness = 1;
            break;
        case 'a':
            errno = 0;
            alpha0 = strtod(optarg, &end);
            if (errno || end == optarg || *end || !isfinite(alpha0) || !(alpha0 > 0))
                return slant_cli_usage(cli, usage, "--alpha0 takes a positive number");
            keyness_opt = 1;
            break;
        case 'm':
            if (slant_cli_uint(optarg, 2147483647L, &min_count) < 0)
                return slant_cli_usage(cli, usage, "--min-count takes a whole number");
            keyness_opt = 1;
            break;
        case 'd':
            db = optarg;
            break;
        case 'o':
            outlet = optarg;
            break;
        case 'n':
            if (slant_cli_uint(optarg, 1000000000L, &top) < 0)
                return slant_cli_usage(cli, usage, "--top takes a whole number");
            break;
        case 's':
            keep_stop = 1;
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
        return slant_cli_usage(cli, usage, "unexpected argument '%s'", argv[optind]);
    if (keyness_opt && !keyness)
        return slant_cli_usage(cli, usage, "--alpha0 and --min-count go with --keyness");
    const char *path = slant_cli_db_path(db);
    struct slant_store *st = NULL;
    int status = slant_cli_open_db(cli, path, 1, &st);
    if (status)
        return status;
    if (keyness) {
        status = keyness_run(cli, st, outlet, (size_t)top, alpha0, (size_t)min_count, fmt);
        slant_store_close(st);
        return status;
    }
    sqlite3 *sdb = slant_store_db(st);
    if (outlet) {
        /* an unknown outlet is a usage error, as in profile and kwic */
        sqlite3_stmt *q = NULL;
        int known = 0;
        if (sqlite3_prepare_v2(sdb, "SELECT 1 FROM outlets WHERE name = ?1", -1, &q, NULL) ==
            SQLITE_OK) {
            sqlite3_bind_text(q, 1, outlet, -1, SQLITE_STATIC);
            known = sqlite3_step(q) == SQLITE_ROW;
        }
        sqlite3_finalize(q);
        if (!known) {
            slant_store_close(st);
            return slant_cli_usage(cli, usage, "no outlet '%s' in the database", outlet);
        }
    }
    status = load_stopwords(cli, sdb);
    sqlite3_stmt *s = NULL;
    if (!status && sqlite3_prepare_v2(sdb, terms_sql, -1, &s, NULL) != SQLITE_OK) {
        slant_diag(cli->diag, SLANT_FATAL, NULL, 0, "database query failed: %s",
                   sqlite3_errmsg(sdb));
        status = SLANT_EXIT_SYSTEM;
    }
    if (status) {
        slant_store_close(st);
        return status;
    }
    if (outlet)
        sqlite3_bind_text(s, 1, outlet, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, top);
    sqlite3_bind_int(s, 3, keep_stop);

    FILE *f = cli->out;
    if (fmt == SLANT_OUT_CSV)
        fputs("outlet,rank,term,surface,count,rate_per_1k\n", f);
    else if (fmt == SLANT_OUT_JSON)
        fputs("[", f);
    else
        fprintf(f, "%-20s %4s  %-18s %-18s %8s %9s\n", "outlet", "rank", "term", "surface", "count",
                "per_1k");
    int rc, rows = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 0);
        int nlen = sqlite3_column_bytes(s, 0);
        long long rank = sqlite3_column_int64(s, 1);
        const char *stem = (const char *)sqlite3_column_text(s, 2);
        int slen = sqlite3_column_bytes(s, 2);
        const char *form = (const char *)sqlite3_column_text(s, 3);
        int flen = sqlite3_column_bytes(s, 3);
        long long count = sqlite3_column_int64(s, 4);
        long long tokens = sqlite3_column_int64(s, 5);
        double rate = tokens ? 1000.0 * (double)count / (double)tokens : 0.0;
        if (fmt == SLANT_OUT_CSV) {
            slant_csv_cell(f, name, (size_t)nlen);
            fprintf(f, ",%lld,", rank);
            slant_csv_cell(f, stem, (size_t)slen);
            fputc(',', f);
            slant_csv_cell(f, form, (size_t)flen);
            fprintf(f, ",%lld,%.4f\n", count, rate);
        } else if (fmt == SLANT_OUT_JSON) {
            fputs(rows ? ",\n {\"outlet\":" : "\n {\"outlet\":", f);
            slant_json_string(f, name, (size_t)nlen);
            fprintf(f, ",\"rank\":%lld,\"term\":", rank);
            slant_json_string(f, stem, (size_t)slen);
            fputs(",\"surface\":", f);
            slant_json_string(f, form, (size_t)flen);
            fprintf(f, ",\"count\":%lld,\"rate_per_1k\":%.4f}", count, rate);
        } else {
            fprintf(f, "%-20s %4lld  %-18s %-18s %8lld %9.3f\n", name, rank, stem, form, count,
                    rate);
        }
        rows++;
    }
    if (fmt == SLANT_OUT_JSON)
        fputs(rows ? "\n]\n" : "]\n", f);
    if (rc != SQLITE_DONE) {
        slant_diag(cli->diag, SLANT_FATAL, NULL, 0, "database query failed: %s",
                   sqlite3_errmsg(sdb));
        status = SLANT_EXIT_SYSTEM;
    }
    sqlite3_finalize(s);
    slant_store_close(st);
    return status;
}
