/*
 * fuzz_hits.c - arbitrary bytes as a stored hits array (scored.hits), read
 * back through slant's decoder, the table-valued function behind the `hits`
 * view (slant_hits_each).
 *
 * Besides memory safety (ASan/UBSan), checks what every row it gives must
 * be: a pattern of the database with that pattern's frame and weight, spans
 * that end where they start or later, a voice slant names, and negated and
 * distanced flags of 0 or 1.  Malformed input must give an SQL error, never
 * a row.  The first byte chooses how the rest is bound (text or blob).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "slant/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the patterns of the database: id, frame, weight */
static const struct {
    int64_t id, frame;
    double weight;
} pats[] = {{1, 7, 1.0}, {2, 8, 1.5}, {5, 7, 0.25}};
#define N_PATS (sizeof(pats) / sizeof(pats[0]))

static struct slant_store *st;
static sqlite3_stmt *q;

static void setup(void)
{
    const char *msg = NULL;
    if (slant_store_open(":memory:", 0, &st, &msg) != 0)
        abort();
    sqlite3 *db = slant_store_db(st);
    sqlite3_stmt *ins = NULL;
    if (sqlite3_exec(db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO patterns(id, frame_id, lexicon_id, idx, line, pattern,"
                           " weight) VALUES (?1, ?2, 1, ?3, ?3 + 1, 'p', ?4)",
                           -1, &ins, NULL) != SQLITE_OK)
        abort();
    for (size_t k = 0; k < N_PATS; k++) {
        sqlite3_bind_int64(ins, 1, pats[k].id);
        sqlite3_bind_int64(ins, 2, pats[k].frame);
        sqlite3_bind_int64(ins, 3, (sqlite3_int64)k);
        sqlite3_bind_double(ins, 4, pats[k].weight);
        if (sqlite3_step(ins) != SQLITE_DONE)
            abort();
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    if (sqlite3_prepare_v2(db,
                           "SELECT frame_id, pattern_id, tok_start, tok_end, byte_start, byte_end,"
                           " weight, voice, negated, distanced FROM slant_hits_each(?1)",
                           -1, &q, NULL) != SQLITE_OK)
        abort();
}

static void check_row(sqlite3_stmt *s)
{
    int64_t pattern = sqlite3_column_int64(s, 1);
    size_t k = 0;
    while (k < N_PATS && pats[k].id != pattern)
        k++;
    if (k == N_PATS)
        abort(); /* a pattern the database does not have */
    if (sqlite3_column_int64(s, 0) != pats[k].frame ||
        sqlite3_column_double(s, 6) != pats[k].weight)
        abort();
    if (sqlite3_column_int64(s, 3) < sqlite3_column_int64(s, 2) ||
        sqlite3_column_int64(s, 5) < sqlite3_column_int64(s, 4) || sqlite3_column_int64(s, 2) < 0 ||
        sqlite3_column_int64(s, 4) < 0)
        abort();
    const char *voice = (const char *)sqlite3_column_text(s, 7);
    if (!voice || slant_voice_parse(voice) < 0)
        abort();
    for (int c = 8; c <= 9; c++)
        if (sqlite3_column_int64(s, c) != 0 && sqlite3_column_int64(s, c) != 1)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!st)
        setup();
    if (size == 0)
        return 0;
    const char *body = (const char *)data + 1;
    int n = (int)(size - 1);
    if (data[0] & 1)
        sqlite3_bind_blob(q, 1, body, n, SQLITE_TRANSIENT);
    else
        sqlite3_bind_text(q, 1, body, n, SQLITE_TRANSIENT);
    int rc, rows = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        check_row(q);
        rows++;
    }
    /* rows come only from an input the decoder accepts whole */
    if (rc != SQLITE_DONE && rows > 0)
        abort();
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return 0;
}
