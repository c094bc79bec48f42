/*
 * cli.c - helpers shared by the subcommands: database path and opening,
 * usage errors, number and format options, CSV/JSON cells, lexicon loading.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "slant/stem.h"
#include "slant/xalloc.h"

const char *slant_cli_db_path(const char *opt)
{
    if (opt && *opt)
        return opt;
    const char *env = getenv("SLANT_DB");
    if (env && *env)
        return env;
    return "slant.db";
}

int slant_cli_open_db(struct slant_cli *cli, const char *path, int readonly,
                      struct slant_store **out)
{
    const char *why = NULL;
    int rc = slant_store_open(path, readonly ? SLANT_STORE_READONLY : 0, out, &why);
    if (rc < 0) {
        slant_diag(cli->diag, SLANT_FATAL, path, 0, "%s", why ? why : slant_strerror(rc));
        return SLANT_EXIT_SYSTEM;
    }
    return 0;
}

int slant_cli_usage(struct slant_cli *cli, const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("slant: ", cli->err);
    vfprintf(cli->err, fmt, ap);
    fputc('\n', cli->err);
    va_end(ap);
    fprintf(cli->err, "usage: %s\n", usage);
    return SLANT_EXIT_USAGE;
}

int slant_cli_uint(const char *s, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > max)
        return SLANT_EINVAL;
    *out = v;
    return 0;
}

int slant_cli_format(const char *s)
{
    if (strcmp(s, "table") == 0)
        return SLANT_OUT_TABLE;
    if (strcmp(s, "csv") == 0)
        return SLANT_OUT_CSV;
    if (strcmp(s, "json") == 0)
        return SLANT_OUT_JSON;
    return -1;
}

void slant_cli_ingest_failed(struct slant_cli *cli, const char *path, struct slant_store *st,
                             int rc)
{
    const char *why = rc == SLANT_EINVAL ? "" : slant_store_errmsg(st);
    slant_diag(cli->diag, SLANT_FATAL, path, 0, "ingest failed, nothing stored: %s%s%s",
               slant_strerror(rc), *why ? ": " : "", why);
}

int slant_cli_ingest_option(struct slant_cli *cli, const char *usage, int c, const char *arg,
                            struct slant_ingest_opts *o)
{
    static const char *const formats[] = {"auto", "text", "jsonl", "csv"};
    static const int format_codes[] = {SLANT_FMT_AUTO, SLANT_FMT_TEXT, SLANT_FMT_JSONL,
                                       SLANT_FMT_CSV};
    long threads;
    switch (c) {
    case SLANT_OPT_OUTLET:
        if (!*arg)
            return slant_cli_usage(cli, usage, "--outlet needs a name");
        o->corpus.outlet = arg;
        return 0;
    case SLANT_OPT_FORMAT:
        for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
            if (strcmp(arg, formats[i]) == 0) {
                o->corpus.format = format_codes[i];
                return 0;
            }
        return slant_cli_usage(cli, usage, "unknown format '%s'", arg);
    case SLANT_OPT_LANG:
        if (strcmp(arg, "auto") == 0) {
            o->corpus.lang = NULL;
            return 0;
        }
        if (!slant_stem_lang_supported(arg))
            return slant_cli_usage(cli, usage, "no Snowball stemmer for language '%s'", arg);
        o->corpus.lang = arg;
        return 0;
    case SLANT_OPT_KEEP_BOILERPLATE:
        o->keep_boilerplate = 1;
        return 0;
    case SLANT_OPT_THREADS:
        if (slant_cli_uint(arg, 64, &threads) < 0 || threads < 1)
            return slant_cli_usage(cli, usage, "--threads takes a number from 1 to 64");
        o->threads = (int)threads;
        return 0;
    default:
        return 1;
    }
}

/* ------------------------------------------------------------------------ */
/* Lexicons                                                                  */
/* ------------------------------------------------------------------------ */

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *slant_cli_lexicon_dir(void)
{
    static char path[PATH_MAX];
    const char *env = getenv("SLANT_LEXICONS");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            /* ./slant in the source tree, or build-check/slant beside it */
            int k = snprintf(path, sizeof(path), "%s/lexicons", exe);
            if (k > 0 && (size_t)k < sizeof(path) && is_dir(path))
                return path;
            k = snprintf(path, sizeof(path), "%s/../lexicons", exe);
            if (k > 0 && (size_t)k < sizeof(path) && is_dir(path))
                return path;
            /* PREFIX/bin/slant beside PREFIX/share/slant: relocatable */
            k = snprintf(path, sizeof(path), "%s/../share/slant/lexicons", exe);
            if (k > 0 && (size_t)k < sizeof(path) && is_dir(path))
                return path;
        }
    }
    return SLANT_DATADIR "/lexicons";
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct slant_buf b;
    slant_buf_init(&b, (size_t)64 << 20);
    char chunk[65536];
    size_t r;
    int rc = 0;
    while (rc == 0 && (r = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc = slant_buf_add(&b, chunk, r);
    int bad = ferror(f) || rc < 0;
    fclose(f);
    if (bad) {
        slant_buf_release(&b);
        return NULL;
    }
    return slant_buf_detach(&b, len);
}

static int has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int slant_cli_load_lexicons(struct slant_cli *cli, char **specs, size_t n_specs, int compile,
                            struct slant_cli_lexicons *out)
{
    memset(out, 0, sizeof(*out));
    char **files = NULL;
    size_t n_files = 0;
    const char *dir = slant_cli_lexicon_dir();
    if (n_specs == 0) {
        DIR *d = opendir(dir);
        if (!d) {
            slant_diag(cli->diag, SLANT_FATAL, dir, 0,
                       "cannot read the bundled lexicons: %s (set SLANT_LEXICONS)",
                       strerror(errno));
            return SLANT_EXIT_SYSTEM;
        }
        struct dirent *de;
        while ((de = readdir(d))) {
            if (de->d_name[0] == '.' || !has_suffix(de->d_name, ".lex"))
                continue;
            size_t len = strlen(dir) + strlen(de->d_name) + 2;
            char *p = slant_xmalloc(len);
            snprintf(p, len, "%s/%s", dir, de->d_name);
            files = slant_xreallocarray(files, n_files + 1, sizeof(*files));
            files[n_files++] = p;
        }
        closedir(d);
        qsort(files, n_files, sizeof(*files), cmp_str);
    } else {
        files = slant_xcalloc(n_specs, sizeof(*files));
        for (size_t i = 0; i < n_specs; i++) {
            const char *s = specs[i];
            if (strchr(s, '/') || has_suffix(s, ".lex")) {
                files[n_files++] = slant_xstrdup(s);
            } else {
                size_t len = strlen(dir) + strlen(s) + 6;
                char *p = slant_xmalloc(len);
                snprintf(p, len, "%s/%s.lex", dir, s);
                files[n_files++] = p;
            }
        }
    }
    int status = 0;
    out->set = slant_lexset_new();
    out->texts = slant_xcalloc(n_files ? n_files : 1, sizeof(*out->texts));
    out->sources = slant_xcalloc(n_files ? n_files : 1, sizeof(*out->sources));
    for (size_t i = 0; i < n_files; i++) {
        size_t len = 0;
        char *text = read_file(files[i], &len);
        if (!text) {
            slant_diag(cli->diag, SLANT_FATAL, files[i], 0, "cannot read lexicon: %s",
                       strerror(errno ? errno : EIO));
            status = SLANT_EXIT_SYSTEM;
            continue;
        }
        struct slant_lexicon *lex = NULL;
        int rc = slant_lexicon_parse(out->set, files[i], text, len, cli->diag, &lex);
        if (rc < 0 || !lex) {
            free(text);
            status = SLANT_EXIT_SYSTEM;
            continue;
        }
        if (lex->n_errors) {
            /* an input problem, not a system one: nothing is done with a
             * lexicon that says something other than what its author meant */
            slant_diag(cli->diag, SLANT_ERROR, files[i], 0,
                       "lexicon has %zu problem%s; fix them (see 'slant lexicon check')",
                       lex->n_errors, lex->n_errors == 1 ? "" : "s");
            if (!status)
                status = SLANT_EXIT_REJECTED;
        }
        out->texts[out->n] = text;
        out->sources[out->n].p = text;
        out->sources[out->n].len = len;
        out->n++;
    }
    for (size_t i = 0; i < n_files; i++)
        free(files[i]);
    free(files);
    if (status == 0 && compile) {
        struct slant_stemmer *stem = slant_stemmer_new();
        int rc = slant_lexset_compile(out->set, stem);
        slant_stemmer_free(stem);
        if (rc < 0) {
            slant_diag(cli->diag, SLANT_FATAL, NULL, 0, "cannot compile lexicons: %s",
                       slant_strerror(rc));
            status = SLANT_EXIT_SYSTEM;
        }
    }
    if (status)
        slant_cli_lexicons_release(out);
    return status;
}

void slant_cli_lexicons_release(struct slant_cli_lexicons *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->texts[i]);
    free(l->texts);
    free(l->sources);
    slant_lexset_free(l->set);
    memset(l, 0, sizeof(*l));
}
