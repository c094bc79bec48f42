/* fmt.c - CSV/JSON cells and fixed number formats (see include/slant/fmt.h). */
#include "slant/fmt.h"

#include <string.h>

void slant_csv_cell(FILE *f, const char *s, size_t len)
{
    int quote = 0;
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        fwrite(s, 1, len, f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            fputc('"', f);
        fputc(s[i], f);
    }
    fputc('"', f);
}

void slant_csv_str(FILE *f, const char *s)
{
    if (s)
        slant_csv_cell(f, s, strlen(s));
}

void slant_json_string(FILE *f, const char *s, size_t len)
{
    fputc('"', f);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                fprintf(f, "\\u%04x", c);
            else
                fputc(c, f);
        }
    }
    fputc('"', f);
}

void slant_json_str(FILE *f, const char *s)
{
    slant_json_string(f, s ? s : "", s ? strlen(s) : 0);
}

const char *slant_fmt_fixed(char *buf, size_t n, int decimals, double x)
{
    snprintf(buf, n, "%.*f", decimals, x);
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
    return buf;
}

const char *slant_fmt_p(char *buf, size_t n, double p)
{
    snprintf(buf, n, "%.6e", p);
    return buf;
}

void slant_put_fixed(FILE *f, int decimals, double x)
{
    char b[64];
    fputs(slant_fmt_fixed(b, sizeof(b), decimals, x), f);
}

void slant_put_p(FILE *f, double p)
{
    char b[64];
    fputs(slant_fmt_p(b, sizeof(b), p), f);
}
