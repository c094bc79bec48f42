/* err.c - error strings and the diagnostics sink (see include/slant/err.h). */
#include "slant/err.h"

#include <pthread.h>
#include <string.h>

/* The sink is shared by the ingest threads (reading and writing): one lock
 * keeps counts exact and lines whole. */
static pthread_mutex_t diag_lock = PTHREAD_MUTEX_INITIALIZER;

const char *slant_strerror(int err)
{
    switch (err) {
    case SLANT_OK:
        return "success";
#define SLANT_ERR_STR_(name, msg)                                                                  \
    case SLANT_E##name:                                                                            \
        return msg;
        SLANT_ERRNO_MAP(SLANT_ERR_STR_)
#undef SLANT_ERR_STR_
    default:
        return "unknown error";
    }
}

void slant_diag_init(struct slant_diag *d, FILE *out)
{
    memset(d, 0, sizeof(*d));
    d->out = out;
    d->min_print = SLANT_NOTE;
    d->worst = SLANT_NOTE;
}

void slant_diag_release(struct slant_diag *d)
{
    if (d->out)
        fflush(d->out);
}

static const char *const sev_name[] = {"note", "warning", "error", "fatal"};

/* With the lock held: back to the line's start, and clear it. */
static void erase_status(struct slant_diag *d)
{
    if (d->status_shown) {
        fputs("\r\033[K", d->out);
        d->status_shown = 0;
    }
}

void slant_diag_status(struct slant_diag *d, const char *fmt, ...)
{
    pthread_mutex_lock(&diag_lock);
    if (d->out) {
        va_list ap;
        va_start(ap, fmt);
        erase_status(d);
        vfprintf(d->out, fmt, ap);
        va_end(ap);
        fflush(d->out);
        d->status_shown = 1;
    }
    pthread_mutex_unlock(&diag_lock);
}

void slant_diag_status_clear(struct slant_diag *d)
{
    pthread_mutex_lock(&diag_lock);
    if (d->out) {
        erase_status(d);
        fflush(d->out);
    }
    pthread_mutex_unlock(&diag_lock);
}

void slant_diag_v(struct slant_diag *d, enum slant_severity sev, const char *path,
                  unsigned long line, const char *fmt, va_list ap)
{
    if (sev > SLANT_FATAL)
        sev = SLANT_FATAL;
    pthread_mutex_lock(&diag_lock);
    d->count[sev]++;
    if (sev > d->worst)
        d->worst = sev;
    if (!d->out || sev < d->min_print) {
        pthread_mutex_unlock(&diag_lock);
        return;
    }
    erase_status(d);
    fputs("slant: ", d->out);
    if (path) {
        if (line)
            fprintf(d->out, "%s:%lu: ", path, line);
        else
            fprintf(d->out, "%s: ", path);
    }
    fprintf(d->out, "%s: ", sev_name[sev]);
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
    pthread_mutex_unlock(&diag_lock);
}

void slant_diag(struct slant_diag *d, enum slant_severity sev, const char *path, unsigned long line,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    slant_diag_v(d, sev, path, line, fmt, ap);
    va_end(ap);
}

int slant_diag_exit_status(const struct slant_diag *d)
{
    /* called after every thread has stopped: no lock needed */
    if (d->count[SLANT_FATAL])
        return SLANT_EXIT_SYSTEM;
    if (d->count[SLANT_ERROR])
        return SLANT_EXIT_REJECTED;
    return SLANT_EXIT_OK;
}
