/* test_utf8.c - UTF-8 decoding, repair, BOMs and UTF-16 conversion. */
#include "testutil.h"

#include "slant/buf.h"
#include "slant/err.h"
#include "slant/utf8.h"

/* Decode one sequence given as bytes; returns the length used. */
static size_t dec(const char *bytes, size_t n, uint32_t *cp, int *bad)
{
    *bad = 0;
    return slant_utf8_decode(bytes, bytes + n, cp, bad);
}

static void test_decode_valid(void **state)
{
    (void)state;
    uint32_t cp;
    int bad;
    assert_int_equal(dec("A", 1, &cp, &bad), 1);
    assert_int_equal(cp, 0x41);
    assert_int_equal(dec("\xC3\xA9", 2, &cp, &bad), 2); /* é */
    assert_int_equal(cp, 0xE9);
    assert_int_equal(dec("\xE2\x80\x99", 3, &cp, &bad), 3); /* ’ */
    assert_int_equal(cp, 0x2019);
    assert_int_equal(dec("\xEC\xA1\xB0", 3, &cp, &bad), 3); /* 조 */
    assert_int_equal(cp, 0xC870);
    assert_int_equal(dec("\xF0\x9F\x98\x80", 4, &cp, &bad), 4); /* U+1F600 */
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(dec("\xF4\x8F\xBF\xBF", 4, &cp, &bad), 4); /* U+10FFFF, the last */
    assert_int_equal(cp, 0x10FFFF);
    assert_int_equal(dec("\xED\x9F\xBF", 3, &cp, &bad), 3); /* U+D7FF, just below surrogates */
    assert_int_equal(cp, 0xD7FF);
    assert_int_equal(bad, 0);
}

static void expect_bad(const char *bytes, size_t n)
{
    uint32_t cp = 0;
    int bad = 0;
    assert_int_equal(dec(bytes, n, &cp, &bad), 1);
    assert_int_equal(cp, SLANT_UTF8_REPLACEMENT);
    assert_int_equal(bad, 1);
}

static void test_decode_invalid(void **state)
{
    (void)state;
    expect_bad("\x80", 1);             /* stray continuation */
    expect_bad("\xBF\x41", 2);         /* stray continuation before ASCII */
    expect_bad("\xC0\xAF", 2);         /* overlong '/' */
    expect_bad("\xC1\xBF", 2);         /* overlong */
    expect_bad("\xE0\x80\xAF", 3);     /* overlong three-byte '/' */
    expect_bad("\xF0\x80\x80\xAF", 4); /* overlong four-byte */
    expect_bad("\xED\xA0\x80", 3);     /* U+D800, a surrogate */
    expect_bad("\xED\xBF\xBF", 3);     /* U+DFFF */
    expect_bad("\xF4\x90\x80\x80", 4); /* U+110000 */
    expect_bad("\xF5\x80\x80\x80", 4); /* lead byte out of range */
    expect_bad("\xFF", 1);
    expect_bad("\xC3", 1);         /* truncated at end of buffer */
    expect_bad("\xE2\x80", 2);     /* truncated three-byte */
    expect_bad("\xF0\x9F\x98", 3); /* truncated four-byte */
    expect_bad("\xC3\x41", 2);     /* missing continuation */
    expect_bad("\0", 1);           /* NUL */
    /* bad == NULL is allowed */
    uint32_t cp;
    const char *p = "\x80";
    assert_int_equal(slant_utf8_decode(p, p + 1, &cp, NULL), 1);
    assert_int_equal(cp, SLANT_UTF8_REPLACEMENT);
}

static void test_decode_does_not_read_past_end(void **state)
{
    (void)state;
    /* A heap block of exactly the lead byte: ASan catches any over-read. */
    char *p = malloc(1);
    assert_non_null(p);
    p[0] = (char)0xF0;
    uint32_t cp;
    int bad = 0;
    assert_int_equal(slant_utf8_decode(p, p + 1, &cp, &bad), 1);
    assert_int_equal(bad, 1);
    free(p);
}

static void test_encode_roundtrip(void **state)
{
    (void)state;
    const uint32_t cps[] = {0x24,   0x7F,   0x80,   0xE9,    0x7FF,   0x800,
                            0x2019, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
    for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
        char b[4];
        size_t n = slant_utf8_encode(cps[i], b);
        uint32_t back;
        int bad = 0;
        assert_int_equal(slant_utf8_decode(b, b + n, &back, &bad), n);
        assert_int_equal(bad, 0);
        assert_int_equal(back, cps[i]);
    }
}

static void test_valid(void **state)
{
    (void)state;
    assert_true(slant_utf8_valid("", 0));
    assert_true(slant_utf8_valid("plain ascii", 11));
    const char *mixed = "Russia\xE2\x80\x99s \xD0\x9A\xD1\x83\xD1\x80\xD1\x81\xD0\xBA";
    assert_true(slant_utf8_valid(mixed, strlen(mixed)));
    assert_false(slant_utf8_valid("a\0b", 3));
    assert_false(slant_utf8_valid("ab\xC3", 3));
    assert_false(slant_utf8_valid("\xED\xA0\x80", 3));
}

static void test_sanitize(void **state)
{
    (void)state;
    struct slant_buf b;
    slant_buf_init(&b, 0);
    size_t rep = 0;
    /* stray continuation, a NUL, an overlong pair, a truncated tail */
    const char in[] = "ok\x80 x\0y \xC0\xAF caf\xC3\xA9 end\xE2\x80";
    assert_int_equal(slant_utf8_sanitize(in, sizeof(in) - 1, &b, &rep), 0);
    const char want[] = "ok\xEF\xBF\xBD x\xEF\xBF\xBDy \xEF\xBF\xBD\xEF\xBF\xBD caf\xC3\xA9 "
                        "end\xEF\xBF\xBD\xEF\xBF\xBD";
    assert_int_equal(b.len, sizeof(want) - 1);
    assert_memory_equal(b.p, want, sizeof(want) - 1);
    assert_int_equal(rep, 6);
    assert_true(slant_utf8_valid(b.p, b.len));
    /* already valid text is copied unchanged and the count is not touched */
    slant_buf_reset(&b);
    rep = 0;
    assert_int_equal(slant_utf8_sanitize("\xD0\x9A\xD1\x83", 4, &b, &rep), 0);
    assert_int_equal(rep, 0);
    assert_string_equal(b.p, "\xD0\x9A\xD1\x83");
    slant_buf_release(&b);
}

/* Sanitizing and the validity check skip ASCII eight bytes at a time: a
 * bad byte, a NUL or a valid sequence at any offset, with any number of
 * bytes after it, is still seen. */
static void test_sanitize_every_offset(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
        size_t in_len;
        size_t replaced;
    } special[] = {
        {"\0", "\xEF\xBF\xBD", 1, 1},
        {"\x80", "\xEF\xBF\xBD", 1, 1},
        {"\xFF\xFE", "\xEF\xBF\xBD\xEF\xBF\xBD", 2, 2},
        {"\xC3\xA9", "\xC3\xA9", 2, 0},
        {"\xE2\x80\x99", "\xE2\x80\x99", 3, 0},
        {"\x7F", "\x7F", 1, 0},
    };
    struct slant_buf b, want;
    slant_buf_init(&b, 0);
    slant_buf_init(&want, 0);
    for (size_t k = 0; k < sizeof(special) / sizeof(special[0]); k++) {
        for (size_t before = 0; before < 20; before++) {
            for (size_t after = 0; after < 12; after++) {
                char in[64];
                memset(in, 'a', before);
                memcpy(in + before, special[k].in, special[k].in_len);
                memset(in + before + special[k].in_len, 'b', after);
                size_t n = before + special[k].in_len + after;
                slant_buf_reset(&want);
                slant_buf_add(&want, in, before);
                slant_buf_add(&want, special[k].out, strlen(special[k].out));
                slant_buf_add(&want, in + before + special[k].in_len, after);
                slant_buf_reset(&b);
                size_t rep = 0;
                assert_int_equal(slant_utf8_sanitize(in, n, &b, &rep), 0);
                if (b.len != want.len || memcmp(b.p, want.p, want.len) != 0 ||
                    rep != special[k].replaced)
                    fail_msg("case %zu, %zu bytes before, %zu after: wrong output", k, before,
                             after);
                /* the check of valid UTF-8 skips ASCII the same way */
                if (slant_utf8_valid(in, n) != (special[k].replaced == 0))
                    fail_msg("case %zu, %zu bytes before, %zu after: wrong validity", k, before,
                             after);
            }
        }
    }
    slant_buf_release(&b);
    slant_buf_release(&want);
}

static void test_sanitize_cap(void **state)
{
    (void)state;
    struct slant_buf b;
    slant_buf_init(&b, 8);
    assert_int_equal(slant_buf_adds(&b, "abc"), 0);
    size_t rep = 0;
    assert_int_equal(slant_utf8_sanitize("\x80\x80\x80", 3, &b, &rep), SLANT_ETOOBIG);
    assert_int_equal(b.len, 3); /* unchanged on failure */
    assert_string_equal(b.p, "abc");
    assert_int_equal(rep, 0);
    slant_buf_release(&b);
}

static void test_bom(void **state)
{
    (void)state;
    size_t n = 99;
    assert_int_equal(slant_utf8_detect_bom("\xEF\xBB\xBFx", 4, &n), SLANT_BOM_UTF8);
    assert_int_equal(n, 3);
    assert_int_equal(slant_utf8_detect_bom("\xFF\xFEx\0", 4, &n), SLANT_BOM_UTF16LE);
    assert_int_equal(n, 2);
    assert_int_equal(slant_utf8_detect_bom("\xFE\xFF\0x", 4, &n), SLANT_BOM_UTF16BE);
    assert_int_equal(n, 2);
    assert_int_equal(slant_utf8_detect_bom("\xFF\xFE\0\0", 4, &n), SLANT_BOM_UTF32LE);
    assert_int_equal(n, 4);
    assert_int_equal(slant_utf8_detect_bom("\0\0\xFE\xFF", 4, &n), SLANT_BOM_UTF32BE);
    assert_int_equal(n, 4);
    assert_int_equal(slant_utf8_detect_bom("abc", 3, &n), SLANT_BOM_NONE);
    assert_int_equal(n, 0);
    assert_int_equal(slant_utf8_detect_bom("\xEF\xBB", 2, &n), SLANT_BOM_NONE);
}

static void test_utf16(void **state)
{
    (void)state;
    struct slant_buf b;
    slant_buf_init(&b, 0);
    size_t rep = 0;
    /* "Aé€😀" in UTF-16LE: 41 00, E9 00, AC 20, 3D D8 00 DE */
    const char le[] = "\x41\x00\xE9\x00\xAC\x20\x3D\xD8\x00\xDE";
    assert_int_equal(slant_utf16_to_utf8(le, sizeof(le) - 1, 1, &b, &rep), 0);
    assert_string_equal(b.p, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    assert_int_equal(rep, 0);

    slant_buf_reset(&b);
    const char be[] = "\x00\x41\x00\xE9\x20\xAC\xD8\x3D\xDE\x00";
    assert_int_equal(slant_utf16_to_utf8(be, sizeof(be) - 1, 0, &b, &rep), 0);
    assert_string_equal(b.p, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    assert_int_equal(rep, 0);

    /* unpaired high surrogate before 'B', lone low surrogate, odd trailing byte */
    slant_buf_reset(&b);
    const char badle[] = "\x3D\xD8\x42\x00\x00\xDE\x43\x00\x44";
    assert_int_equal(slant_utf16_to_utf8(badle, sizeof(badle) - 1, 1, &b, &rep), 0);
    assert_string_equal(b.p, "\xEF\xBF\xBD"
                             "B"
                             "\xEF\xBF\xBD"
                             "C"
                             "\xEF\xBF\xBD");
    assert_int_equal(rep, 3);

    /* a high surrogate at the very end */
    slant_buf_reset(&b);
    rep = 0;
    assert_int_equal(slant_utf16_to_utf8("\xD8\x3D", 2, 0, &b, &rep), 0);
    assert_string_equal(b.p, "\xEF\xBF\xBD");
    assert_int_equal(rep, 1);
    assert_true(slant_utf8_valid(b.p, b.len));
    slant_buf_release(&b);
}

static void test_utf16_long(void **state)
{
    (void)state;
    /* longer than the converter's internal chunk: the flush path */
    size_t units = 5000;
    char *in = malloc(units * 2);
    assert_non_null(in);
    for (size_t i = 0; i < units; i++) {
        in[2 * i] = (char)0x16; /* U+0416 Ж, two bytes in UTF-8 */
        in[2 * i + 1] = 0x04;
    }
    struct slant_buf b;
    slant_buf_init(&b, 0);
    assert_int_equal(slant_utf16_to_utf8(in, units * 2, 1, &b, NULL), 0);
    assert_int_equal(b.len, units * 2);
    for (size_t i = 0; i < units; i++) {
        assert_int_equal((unsigned char)b.p[2 * i], 0xD0);
        assert_int_equal((unsigned char)b.p[2 * i + 1], 0x96);
    }
    slant_buf_release(&b);
    free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_valid),
        cmocka_unit_test(test_decode_invalid),
        cmocka_unit_test(test_decode_does_not_read_past_end),
        cmocka_unit_test(test_encode_roundtrip),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_sanitize),
        cmocka_unit_test(test_sanitize_every_offset),
        cmocka_unit_test(test_sanitize_cap),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_utf16_long),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
