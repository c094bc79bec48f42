/*
 * fmt.h - cells and numbers for CSV, JSON and tables.
 *
 * Every data writer (the commands' CSV/JSON, the report files) prints through
 * these, so one file decides how a number or a string looks: fixed formats
 * (same input, same bytes), no "-0.0000", RFC 4180 quoting, JSON escaping of
 * every control character.  p-values are printed in scientific notation
 * ("1.234568e-07") because a fixed "%.6f" prints the strong findings as
 * 0.000000.  Knows nothing about news.
 */
#ifndef SLANT_FMT_H
#define SLANT_FMT_H

#include <stddef.h>
#include <stdio.h>

/* A CSV cell: quoted (with "" for ") when it holds , " CR or LF. */
void slant_csv_cell(FILE *f, const char *s, size_t len);
/* The same for a NUL-terminated string; NULL prints nothing. */
void slant_csv_str(FILE *f, const char *s);

/* A JSON string with quotes; control characters as \uXXXX. */
void slant_json_string(FILE *f, const char *s, size_t len);
/* The same for a NUL-terminated string; NULL prints "". */
void slant_json_str(FILE *f, const char *s);

/* x as "%.<decimals>f" into buf, a value that rounds to zero without its
 * minus sign.  Returns buf. */
const char *slant_fmt_fixed(char *buf, size_t n, int decimals, double x);
/* A p-value (or any probability) as "%.6e". */
const char *slant_fmt_p(char *buf, size_t n, double p);

/* Print the same to f. */
void slant_put_fixed(FILE *f, int decimals, double x);
void slant_put_p(FILE *f, double p);

#endif
