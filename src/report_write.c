/*
 * report_write.c - slant_report_write_dir: every report file into a folder.
 *
 * Each file is written to NAME.tmp beside its final name and renamed into
 * place only when the writer and fclose succeeded, so a full disk never
 * leaves a truncated index.html that looks finished; an older report in the
 * folder stays whole until its replacement is.  The writers themselves are
 * in report_{csv,json,md,html}.c; this file only owns paths and streams.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report_int.h"
#include "slant/xalloc.h"

#include "banned.h"

struct out_file {
    const char *name;
    int (*write)(FILE *f, const struct slant_report *r);
};

static const struct out_file files[] = {
    {"index.html", slant_report_html},           {"report.md", slant_report_md},
    {"profiles.csv", slant_report_csv_profiles}, {"profiles.json", slant_report_json_profiles},
    {"compare.csv", slant_report_csv_compare},   {"terms.csv", slant_report_csv_keyness},
    {"kwic.csv", slant_report_csv_kwic},
};

/* mkdir -p: create dir and any missing parents (mode 0777 less umask). */
static int make_dirs(const char *dir, struct slant_diag *diag)
{
    char *p = slant_xstrdup(dir);
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char keep = *s;
        *s = '\0';
        struct stat st;
        if (mkdir(p, 0777) < 0 && errno != EEXIST) {
            slant_diag(diag, SLANT_FATAL, p, 0, "cannot create folder: %s", strerror(errno));
            rc = SLANT_EIO;
        } else if (stat(p, &st) < 0 || !S_ISDIR(st.st_mode)) {
            slant_diag(diag, SLANT_FATAL, p, 0, "not a folder");
            rc = SLANT_EIO;
        }
        *s = keep;
        if (rc < 0 || keep == '\0')
            break;
    }
    free(p);
    return rc;
}

static char *join(const char *dir, const char *name, const char *suffix)
{
    size_t len = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *p = slant_xmalloc(len);
    snprintf(p, len, "%s/%s%s", dir, name, suffix);
    return p;
}

static int write_one(const struct slant_report *r, const char *dir, const struct out_file *of,
                     struct slant_diag *diag)
{
    char *tmp = join(dir, of->name, ".tmp");
    char *final = join(dir, of->name, "");
    int rc = 0;
    FILE *f = fopen(tmp, "w");
    if (!f) {
        slant_diag(diag, SLANT_FATAL, tmp, 0, "cannot write: %s", strerror(errno));
        rc = SLANT_EIO;
        goto out;
    }
    rc = of->write(f, r);
    int saved = errno;
    if (fclose(f) != 0 && rc == 0) {
        rc = SLANT_EIO;
        saved = errno;
    }
    if (rc < 0) {
        slant_diag(diag, SLANT_FATAL, final, 0, "cannot write: %s",
                   rc == SLANT_EIO && saved ? strerror(saved) : slant_strerror(rc));
        unlink(tmp);
        goto out;
    }
    if (rename(tmp, final) < 0) {
        slant_diag(diag, SLANT_FATAL, final, 0, "cannot rename into place: %s", strerror(errno));
        unlink(tmp);
        rc = SLANT_EIO;
    }
out:
    free(tmp);
    free(final);
    return rc;
}

int slant_report_write_dir(const struct slant_report *r, const char *dir, struct slant_diag *diag)
{
    if (!r || !dir || !*dir)
        return SLANT_EINVAL;
    int rc = make_dirs(dir, diag);
    if (rc < 0)
        return rc;
    /* one failed file does not stop the others: the rest may still help */
    int worst = 0;
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        errno = 0;
        rc = write_one(r, dir, &files[i], diag);
        if (rc < 0 && worst == 0)
            worst = rc;
    }
    return worst;
}
