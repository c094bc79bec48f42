/*
 * test_base.c - the modules that know nothing about news: slices and capped
 * buffers (buf.h), the arena (arena.h), error strings and the diagnostics
 * sink (err.h), hashing (hash.h) and allocation that cannot fail (xalloc.h).
 *
 * The exit-on-failure paths of xalloc.h run in a forked child, whose exit
 * status and stderr the parent checks.
 */
#include "testutil.h"

#include <pthread.h>
#include <stdalign.h>
#include <sys/wait.h>
#include <unistd.h>

#include "slant/arena.h"
#include "slant/buf.h"
#include "slant/err.h"
#include "slant/hash.h"
#include "slant/xalloc.h"

/* ---- helpers ------------------------------------------------------------ */

/* ---- slices ------------------------------------------------------------- */

static void test_slices(void **state)
{
    (void)state;
    struct slant_slice a = slant_slice_cstr("hello");
    assert_int_equal(a.len, 5);
    assert_true(slant_slice_eq_cstr(a, "hello"));
    assert_false(slant_slice_eq_cstr(a, "hell"));
    assert_false(slant_slice_eq_cstr(a, "hello!"));
    assert_false(slant_slice_eq_cstr(a, "Hello"));
    assert_int_equal(slant_slice_cstr(NULL).len, 0);
    assert_int_equal(slant_slice_cstr("").len, 0);

    /* a slice need not end at a NUL: "hel" inside "hello" */
    struct slant_slice b = {"hello", 3};
    assert_true(slant_slice_eq_cstr(b, "hel"));
    assert_false(slant_slice_eq(a, b));
    struct slant_slice c = SLANT_SLICE_LIT("hel");
    assert_int_equal(c.len, 3);
    assert_true(slant_slice_eq(b, c));
    /* two empty slices are equal whatever their pointers */
    struct slant_slice e1 = {NULL, 0}, e2 = {"xyz", 0};
    assert_true(slant_slice_eq(e1, e2));
    /* embedded NUL bytes are compared as bytes */
    struct slant_slice n1 = {"a\0b", 3}, n2 = {"a\0c", 3};
    assert_false(slant_slice_eq(n1, n2));

    struct slant_slice t = slant_slice_trim(slant_slice_cstr(" \t\r\n\f\vmid dle \n"));
    assert_true(slant_slice_eq_cstr(t, "mid dle"));
    assert_int_equal(slant_slice_trim(slant_slice_cstr(" \t\n ")).len, 0);
    assert_int_equal(slant_slice_trim(slant_slice_cstr("")).len, 0);
    /* only ASCII white space is trimmed: a no-break space (C2 A0) stays */
    t = slant_slice_trim(slant_slice_cstr("\xc2\xa0x\xc2\xa0"));
    assert_int_equal(t.len, 5);
}

/* ---- buffers ------------------------------------------------------------ */

static void test_buf_basic(void **state)
{
    (void)state;
    struct slant_buf b;
    slant_buf_init(&b, 0);
    assert_int_equal(b.cap, SLANT_BUF_DEFAULT_CAP);
    assert_int_equal(b.len, 0);
    assert_string_equal(slant_buf_cstr(&b), "");
    assert_int_equal(slant_buf_slice(&b).len, 0);
    assert_non_null(slant_buf_slice(&b).p);

    /* an empty append still leaves a NUL-terminated buffer */
    assert_int_equal(slant_buf_add(&b, "", 0), 0);
    assert_non_null(b.p);
    assert_int_equal(b.p[0], '\0');

    assert_int_equal(slant_buf_adds(&b, "abc"), 0);
    assert_int_equal(slant_buf_addc(&b, '-'), 0);
    assert_int_equal(slant_buf_add(&b, "xyz123", 3), 0);
    assert_int_equal(slant_buf_printf(&b, "/%d/%s/%05.1f", 42, "q", 2.25), 0);
    assert_string_equal(slant_buf_cstr(&b), "abc-xyz/42/q/002.2");
    assert_int_equal(b.len, strlen("abc-xyz/42/q/002.2"));
    assert_int_equal(b.p[b.len], '\0');
    assert_true(slant_slice_eq_cstr(slant_buf_slice(&b), "abc-xyz/42/q/002.2"));

    /* reset empties but keeps the memory */
    char *before = b.p;
    size_t alloc = b.alloc;
    slant_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(slant_buf_cstr(&b), "");
    assert_ptr_equal(b.p, before);
    assert_int_equal(b.alloc, alloc);

    /* binary bytes, NUL included, go in as they are */
    assert_int_equal(slant_buf_add(&b, "a\0b", 3), 0);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.p, "a\0b", 4);

    /* detach hands the bytes over and leaves the buffer empty and usable */
    size_t len = 0;
    char *p = slant_buf_detach(&b, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(p, "a\0b", 4);
    free(p);
    assert_null(b.p);
    assert_int_equal(b.len, 0);
    assert_string_equal(slant_buf_cstr(&b), "");
    assert_int_equal(slant_buf_adds(&b, "again"), 0);
    assert_string_equal(slant_buf_cstr(&b), "again");
    slant_buf_release(&b);
    assert_null(b.p);

    /* detaching a buffer that never held anything gives a freeable "" */
    slant_buf_init(&b, 0);
    p = slant_buf_detach(&b, NULL);
    assert_non_null(p);
    assert_string_equal(p, "");
    free(p);
    slant_buf_release(&b);
}

static void test_buf_growth(void **state)
{
    (void)state;
    struct slant_buf b;
    slant_buf_init(&b, 0);
    /* many appends of varying size: the content must be exactly what went in */
    size_t expect = 0;
    for (int i = 0; i < 5000; i++) {
        char piece[32];
        int n = snprintf(piece, sizeof(piece), "%d,", i);
        assert_int_equal(slant_buf_add(&b, piece, (size_t)n), 0);
        expect += (size_t)n;
    }
    assert_int_equal(b.len, expect);
    assert_true(b.alloc > b.len);
    assert_int_equal(b.p[b.len], '\0');
    /* walk it back */
    const char *q = b.p;
    for (int i = 0; i < 5000; i++) {
        char *end = NULL;
        long v = strtol(q, &end, 10);
        assert_int_equal(v, i);
        assert_int_equal(*end, ',');
        q = end + 1;
    }
    assert_ptr_equal(q, b.p + b.len);

    /* a long printf result in one go */
    slant_buf_reset(&b);
    assert_int_equal(slant_buf_printf(&b, "%3000s|", "r"), 0);
    assert_int_equal(b.len, 3001);
    assert_int_equal(b.p[2999], 'r');
    assert_int_equal(b.p[3000], '|');
    assert_int_equal(b.p[0], ' ');
    slant_buf_release(&b);
}

static void test_buf_cap(void **state)
{
    (void)state;
    struct slant_buf b;
    slant_buf_init(&b, 10);
    assert_int_equal(b.cap, 10);
    assert_int_equal(slant_buf_adds(&b, "0123456"), 0);
    /* 7 + 4 > 10: refused, buffer unchanged */
    assert_int_equal(slant_buf_adds(&b, "abcd"), SLANT_ETOOBIG);
    assert_int_equal(b.len, 7);
    assert_string_equal(slant_buf_cstr(&b), "0123456");
    /* printf past the cap: refused, unchanged */
    assert_int_equal(slant_buf_printf(&b, "%d", 1234), SLANT_ETOOBIG);
    assert_string_equal(slant_buf_cstr(&b), "0123456");
    /* exactly up to the cap is allowed */
    assert_int_equal(slant_buf_printf(&b, "%d", 789), 0);
    assert_int_equal(b.len, 10);
    assert_string_equal(slant_buf_cstr(&b), "0123456789");
    assert_int_equal(slant_buf_addc(&b, 'x'), SLANT_ETOOBIG);
    assert_int_equal(slant_buf_add(&b, "", 0), 0);
    assert_int_equal(b.len, 10);
    /* a length that would overflow size_t arithmetic is refused, not wrapped */
    assert_int_equal(slant_buf_add(&b, "x", (size_t)-1), SLANT_ETOOBIG);
    assert_int_equal(slant_buf_add(&b, "x", (size_t)-1 - 5), SLANT_ETOOBIG);
    assert_string_equal(slant_buf_cstr(&b), "0123456789");
    /* after a reset the whole cap is available again */
    slant_buf_reset(&b);
    assert_int_equal(slant_buf_adds(&b, "abcdefghij"), 0);
    assert_int_equal(slant_buf_adds(&b, "k"), SLANT_ETOOBIG);
    slant_buf_release(&b);

    /* a single append larger than the cap on an empty buffer */
    slant_buf_init(&b, 4);
    assert_int_equal(slant_buf_adds(&b, "12345"), SLANT_ETOOBIG);
    assert_int_equal(b.len, 0);
    assert_string_equal(slant_buf_cstr(&b), "");
    slant_buf_release(&b);
}

/* ---- arena -------------------------------------------------------------- */

static void test_arena(void **state)
{
    (void)state;
    struct slant_arena a;
    slant_arena_init(&a, 256);
    /* every allocation is aligned for any type and holds what was written */
    enum { N = 2000 };
    unsigned char *ptrs[N];
    size_t sizes[N];
    for (int i = 0; i < N; i++) {
        sizes[i] =
            (size_t)(i * 7919 % 97) + (i % 50 == 0 ? 1000 : 0); /* some larger than a block */
        ptrs[i] = slant_arena_alloc(&a, sizes[i]);
        assert_non_null(ptrs[i]);
        assert_int_equal((uintptr_t)ptrs[i] % alignof(max_align_t), 0);
        memset(ptrs[i], i & 0xff, sizes[i]);
    }
    /* nothing overlapped: every block still holds its own byte */
    for (int i = 0; i < N; i++)
        for (size_t k = 0; k < sizes[i]; k++)
            assert_int_equal(ptrs[i][k], i & 0xff);
    assert_true(a.used >= 1000 * (N / 50));

    /* one allocation far larger than the block size */
    unsigned char *big = slant_arena_alloc(&a, 1 << 20);
    memset(big, 0x5a, 1 << 20);
    assert_int_equal(big[(1 << 20) - 1], 0x5a);
    assert_int_equal(ptrs[N - 1][0], (N - 1) & 0xff);

    char *s = slant_arena_strndup(&a, "abcdef", 3);
    assert_string_equal(s, "abc");
    s = slant_arena_strndup(&a, "", 0);
    assert_string_equal(s, "");
    /* zero-size allocations are usable, aligned pointers */
    void *z = slant_arena_alloc(&a, 0);
    assert_non_null(z);
    assert_int_equal((uintptr_t)z % alignof(max_align_t), 0);

    /* reset forgets everything but reuses a block: the first allocation after
     * a reset lands at the same place every time */
    slant_arena_reset(&a);
    assert_int_equal(a.used, 0);
    assert_non_null(a.head);
    void *r1 = slant_arena_alloc(&a, 16);
    slant_arena_alloc(&a, 100);
    slant_arena_reset(&a);
    void *r2 = slant_arena_alloc(&a, 16);
    assert_ptr_equal(r1, r2);
    assert_int_equal(a.used, 16);

    slant_arena_release(&a);
    assert_null(a.head);
    assert_int_equal(a.used, 0);
    /* a released arena can be used again */
    s = slant_arena_strndup(&a, "again", 5);
    assert_string_equal(s, "again");
    slant_arena_release(&a);

    /* reset and release of an arena that never allocated */
    struct slant_arena e;
    slant_arena_init(&e, 0);
    assert_int_equal(e.block_size, 64 * 1024);
    slant_arena_reset(&e);
    slant_arena_release(&e);
}

/* ---- errors and the diagnostics sink ------------------------------------ */

static void test_strerror(void **state)
{
    (void)state;
    static const int codes[] = {
#define X_(name, msg) SLANT_E##name,
        SLANT_ERRNO_MAP(X_)
#undef X_
    };
    static const char *const msgs[] = {
#define X_(name, msg) msg,
        SLANT_ERRNO_MAP(X_)
#undef X_
    };
    size_t n = sizeof(codes) / sizeof(codes[0]);
    assert_true(n >= 10);
    for (size_t i = 0; i < n; i++) {
        assert_true(codes[i] < 0);
        assert_string_equal(slant_strerror(codes[i]), msgs[i]);
        for (size_t j = 0; j < i; j++) {
            assert_int_not_equal(codes[i], codes[j]);
            assert_string_not_equal(slant_strerror(codes[i]), slant_strerror(codes[j]));
        }
    }
    assert_string_equal(slant_strerror(SLANT_ETOOBIG), "input exceeds a size limit");
    assert_string_equal(slant_strerror(SLANT_OK), "success");
    /* anything else: a message, never NULL */
    const int odd[] = {1, -1, SLANT_ERR_FIRST_, SLANT_ERR_LAST_, -100000, 100000};
    for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
        const char *m = slant_strerror(odd[i]);
        assert_non_null(m);
        assert_true(strlen(m) > 0);
    }
}

static void test_diag_format(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    assert_int_equal(s.d.worst, SLANT_NOTE);
    assert_int_equal(slant_diag_exit_status(&s.d), SLANT_EXIT_OK);

    slant_diag(&s.d, SLANT_NOTE, "a.txt", 12, "dup of %s", "b.txt");
    slant_diag(&s.d, SLANT_WARNING, "c.jsonl", 0, "no line");
    slant_diag(&s.d, SLANT_ERROR, NULL, 7, "no path %d", 3);
    assert_string_equal(sink_text(&s), "slant: a.txt:12: note: dup of b.txt\n"
                                       "slant: c.jsonl: warning: no line\n"
                                       "slant: error: no path 3\n");
    assert_int_equal(s.d.count[SLANT_NOTE], 1);
    assert_int_equal(s.d.count[SLANT_WARNING], 1);
    assert_int_equal(s.d.count[SLANT_ERROR], 1);
    assert_int_equal(s.d.count[SLANT_FATAL], 0);
    assert_int_equal(s.d.worst, SLANT_ERROR);
    assert_int_equal(slant_diag_exit_status(&s.d), SLANT_EXIT_REJECTED);

    slant_diag(&s.d, SLANT_FATAL, "db", 0, "disk full");
    assert_int_equal(s.d.worst, SLANT_FATAL);
    assert_int_equal(slant_diag_exit_status(&s.d), SLANT_EXIT_SYSTEM);
    /* a later, milder message does not lower the worst severity */
    slant_diag(&s.d, SLANT_NOTE, NULL, 0, "later");
    assert_int_equal(s.d.worst, SLANT_FATAL);
    assert_true(strstr(sink_text(&s), "slant: db: fatal: disk full\n") != NULL);
    sink_close(&s);
}

static void test_diag_filter(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    /* --quiet: only errors printed, everything counted */
    s.d.min_print = SLANT_ERROR;
    slant_diag(&s.d, SLANT_NOTE, "x", 1, "n");
    slant_diag(&s.d, SLANT_WARNING, "x", 2, "w");
    assert_string_equal(sink_text(&s), "");
    assert_int_equal(s.d.count[SLANT_NOTE], 1);
    assert_int_equal(s.d.count[SLANT_WARNING], 1);
    assert_int_equal(s.d.worst, SLANT_WARNING);
    /* warnings alone still mean success */
    assert_int_equal(slant_diag_exit_status(&s.d), SLANT_EXIT_OK);
    slant_diag(&s.d, SLANT_ERROR, "x", 3, "e");
    assert_string_equal(sink_text(&s), "slant: x:3: error: e\n");
    sink_close(&s);

    /* no stream: counts only */
    struct slant_diag d;
    slant_diag_init(&d, NULL);
    slant_diag(&d, SLANT_ERROR, "x", 1, "%s", "e");
    slant_diag(&d, SLANT_ERROR, "x", 2, "%s", "e");
    assert_int_equal(d.count[SLANT_ERROR], 2);
    assert_int_equal(slant_diag_exit_status(&d), SLANT_EXIT_REJECTED);
    slant_diag_release(&d);
}

struct diag_thread {
    struct slant_diag *d;
    int id;
};

#define DIAG_THREADS 4
#define DIAG_PER_THREAD 2000

static void *diag_thread_main(void *arg)
{
    struct diag_thread *t = arg;
    for (int i = 0; i < DIAG_PER_THREAD; i++)
        slant_diag(t->d, (i % 2) ? SLANT_WARNING : SLANT_NOTE, "thread", (unsigned long)t->id + 1,
                   "message %d of thread %d with some padding to make lines long", i, t->id);
    return NULL;
}

/* The sink may be called from several threads: counts stay exact and lines
 * whole. */
static void test_diag_threads(void **state)
{
    (void)state;
    struct sink s;
    sink_open(&s);
    pthread_t tid[DIAG_THREADS];
    struct diag_thread arg[DIAG_THREADS];
    for (int i = 0; i < DIAG_THREADS; i++) {
        arg[i].d = &s.d;
        arg[i].id = i;
        assert_int_equal(pthread_create(&tid[i], NULL, diag_thread_main, &arg[i]), 0);
    }
    for (int i = 0; i < DIAG_THREADS; i++)
        pthread_join(tid[i], NULL);
    assert_int_equal(s.d.count[SLANT_NOTE], DIAG_THREADS * DIAG_PER_THREAD / 2);
    assert_int_equal(s.d.count[SLANT_WARNING], DIAG_THREADS * DIAG_PER_THREAD / 2);
    /* every line parses back to a message of one thread, each seen once */
    const char *p = sink_text(&s);
    static unsigned char seen[DIAG_THREADS][DIAG_PER_THREAD];
    memset(seen, 0, sizeof(seen));
    size_t lines = 0;
    while (*p) {
        const char *nl = strchr(p, '\n');
        assert_non_null(nl);
        unsigned long line;
        char sev[16];
        int i, id, id2, used = 0;
        int got = sscanf(p,
                         "slant: thread:%lu: %15[a-z]: message %d of thread %d with some padding "
                         "to make lines long%n",
                         &line, sev, &i, &id, &used);
        assert_int_equal(got, 4);
        assert_ptr_equal(p + used, nl);
        id2 = (int)line - 1;
        assert_int_equal(id, id2);
        assert_true(id >= 0 && id < DIAG_THREADS && i >= 0 && i < DIAG_PER_THREAD);
        assert_string_equal(sev, (i % 2) ? "warning" : "note");
        assert_int_equal(seen[id][i], 0);
        seen[id][i] = 1;
        lines++;
        p = nl + 1;
    }
    assert_int_equal(lines, DIAG_THREADS * DIAG_PER_THREAD);
    sink_close(&s);
}

/* ---- hashing ------------------------------------------------------------ */

static int is_lower_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return s[n] == '\0';
}

static void hex128(const void *p, size_t len, char out[33])
{
    slant_hash128_hex(p, len, out);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void test_hash64(void **state)
{
    (void)state;
    uint64_t h = slant_hash64("abc", 3, 0);
    assert_true(h == slant_hash64("abc", 3, 0));
    assert_true(h != slant_hash64("abd", 3, 0));
    assert_true(h != slant_hash64("abc", 3, 1));
    assert_true(h != slant_hash64("ab", 2, 0));
    /* the length is part of the hash: a trailing NUL byte counts */
    assert_true(slant_hash64("a", 1, 0) != slant_hash64("a\0", 2, 0));
    assert_true(slant_hash64("", 0, 0) != slant_hash64("", 0, 7));
    /* only len bytes are read */
    assert_true(slant_hash64("abcXYZ", 3, 0) == h);

    /* short, similar keys (the hash tables' case): no collision among 50000,
     * and the low 10 bits (a table of 1024 slots) fill evenly */
    enum { N = 50000, B = 1024 };
    uint64_t *v = malloc(N * sizeof(*v));
    unsigned *bucket = calloc(B, sizeof(*bucket));
    assert_non_null(v);
    assert_non_null(bucket);
    for (int i = 0; i < N; i++) {
        char k[16];
        int n = snprintf(k, sizeof(k), "k%d", i);
        v[i] = slant_hash64(k, (size_t)n, 0);
        bucket[v[i] & (B - 1)]++;
    }
    qsort(v, N, sizeof(*v), cmp_u64);
    for (int i = 1; i < N; i++)
        assert_true(v[i] != v[i - 1]);
    /* expected ~48.8 per bucket, sd ~7: a bucket outside [10, 100] means
     * the low bits are not mixed */
    double chi2 = 0, mean = (double)N / B;
    for (int i = 0; i < B; i++) {
        assert_true(bucket[i] >= 10 && bucket[i] <= 100);
        chi2 += (bucket[i] - mean) * (bucket[i] - mean) / mean;
    }
    /* 1023 degrees of freedom: mean 1023, sd ~45; 1300 is ~6 sd out */
    assert_true(chi2 < 1300);
    free(v);
    free(bucket);
}

/* The folded hash: capitals and small letters alike at every length and
 * position (words of eight bytes and the padded last one), anything else
 * apart, the seed and the length part of it, no collision among similar
 * line-long keys. */
static void test_hash64_folded(void **state)
{
    (void)state;
    for (size_t len = 1; len <= 20; len++) {
        char up[24], low[24], other[24];
        for (size_t i = 0; i < len; i++) {
            up[i] = (char)('A' + i);
            low[i] = (char)('a' + i);
        }
        uint64_t h = slant_hash64_folded(low, len, 0);
        assert_true(slant_hash64_folded(up, len, 0) == h);
        assert_true(slant_hash64_folded(low, len, 1) != h);
        for (size_t pos = 0; pos < len; pos++) {
            memcpy(other, low, len);
            other[pos] = '{'; /* '[' | 0x20: folding must not reach it */
            uint64_t a = slant_hash64_folded(other, len, 0);
            other[pos] = '[';
            assert_true(slant_hash64_folded(other, len, 0) != a);
            assert_true(a != h);
        }
    }
    assert_true(slant_hash64_folded("a", 1, 0) != slant_hash64_folded("a\0", 2, 0));
    enum { N = 50000 };
    uint64_t *v = malloc(N * sizeof(*v));
    assert_non_null(v);
    for (int i = 0; i < N; i++) {
        char k[64];
        int n = snprintf(k, sizeof(k), "Follow us on Telegram, line %d", i);
        v[i] = slant_hash64_folded(k, (size_t)n, 0);
    }
    qsort(v, N, sizeof(*v), cmp_u64);
    for (int i = 1; i < N; i++)
        assert_true(v[i] != v[i - 1]);
    free(v);
}

static void test_hash128(void **state)
{
    (void)state;
    const char *text = "The quick brown fox jumps over the lazy dog";
    char whole[33], parts[33], other[33], empty[33];
    hex128(text, strlen(text), whole);
    assert_true(is_lower_hex(whole, 32));

    /* only len bytes are read, and every one of them counts */
    hex128("The quick brown fox jumps over the lazy dogs", strlen(text), parts);
    assert_string_equal(whole, parts);
    hex128(text, strlen(text) - 1, parts);
    assert_string_not_equal(whole, parts);
    /* XXH3-128's published value for the empty input, high half first */
    hex128("", 0, parts);
    assert_string_equal(parts, "99aa06d3014798d86001c324468d497f");
    hex128("The quick brown fox jumps over the lazy cog", strlen(text), other);
    assert_string_not_equal(whole, other);
    /* both 64-bit halves change with a one-byte edit */
    assert_memory_not_equal(whole, other, 16);
    assert_memory_not_equal(whole + 16, other + 16, 16);

    hex128("", 0, empty);
    assert_true(is_lower_hex(empty, 32));
    assert_string_not_equal(empty, whole);
    char nul1[33];
    hex128("\0", 1, nul1);
    assert_string_not_equal(empty, nul1);

    /* no collision among 20000 similar keys */
    enum { N = 20000 };
    char(*d)[33] = malloc(N * sizeof(*d));
    assert_non_null(d);
    for (int i = 0; i < N; i++) {
        char k[32];
        int n = snprintf(k, sizeof(k), "document %d", i);
        hex128(k, (size_t)n, d[i]);
    }
    qsort(d, N, sizeof(*d), cmp_str);
    for (int i = 1; i < N; i++)
        assert_string_not_equal(d[i], d[i - 1]);
    free(d);
}

/* ---- allocation --------------------------------------------------------- */

static void test_xalloc(void **state)
{
    (void)state;
    void *p = slant_xmalloc(0);
    assert_non_null(p);
    free(p);
    unsigned char *z = slant_xcalloc(100, 3);
    for (int i = 0; i < 300; i++)
        assert_int_equal(z[i], 0);
    free(z);
    z = slant_xcalloc(0, 0);
    assert_non_null(z);
    free(z);

    char *s = slant_xmalloc(4);
    memcpy(s, "abc", 4);
    s = slant_xrealloc(s, 1 << 16);
    assert_string_equal(s, "abc");
    s = slant_xrealloc(s, 0); /* a size of 0 is a valid, tiny block */
    assert_non_null(s);
    free(s);

    int *v = slant_xreallocarray(NULL, 10, sizeof(int));
    for (int i = 0; i < 10; i++)
        v[i] = i * i;
    v = slant_xreallocarray(v, 1000, sizeof(int));
    assert_int_equal(v[9], 81);
    v[999] = 1;
    free(v);

    /* xgrow_zeroed: from nothing to 4096, then doubled until the index
     * fits; what was there is kept, the rest is zero */
    size_t cap = 0;
    uint32_t *g = slant_xgrow_zeroed(NULL, &cap, 5, sizeof(*g));
    assert_int_equal(cap, 4096);
    for (size_t i = 0; i < cap; i++)
        assert_int_equal(g[i], 0);
    g[5] = 7;
    g[4095] = 9;
    g = slant_xgrow_zeroed(g, &cap, 20000, sizeof(*g));
    assert_int_equal(cap, 32768);
    assert_int_equal(g[5], 7);
    assert_int_equal(g[4095], 9);
    for (size_t i = 4096; i < cap; i++)
        if (g[i] != 0)
            fail_msg("g[%zu] = %u after growing", i, (unsigned)g[i]);
    free(g);

    s = slant_xstrdup("hello");
    assert_string_equal(s, "hello");
    free(s);
    /* the source of xstrndup need not be NUL-terminated */
    const char raw[5] = {'w', 'o', 'r', 'l', 'd'};
    s = slant_xstrndup(raw, 3);
    assert_string_equal(s, "wor");
    free(s);
    s = slant_xstrndup(raw, 0);
    assert_string_equal(s, "");
    free(s);
}

/* Run fn in a child with stderr captured; returns its wait status. */
static int run_child(void (*fn)(void), char *err, size_t errsz)
{
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        dup2(fd[1], 2);
        fn();
        _exit(0);
    }
    close(fd[1]);
    size_t n = 0;
    ssize_t r;
    while (n + 1 < errsz && (r = read(fd[0], err + n, errsz - 1 - n)) > 0)
        n += (size_t)r;
    err[n] = '\0';
    close(fd[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static void overflow_child(void)
{
    /* n * size overflows size_t: must exit 3, never allocate a wrapped size */
    volatile size_t n = SIZE_MAX / 2 + 1;
    void *p = slant_xreallocarray(NULL, n, 4);
    free(p);
}

#if defined(__SANITIZE_ADDRESS__)
#define SLANT_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLANT_TEST_ASAN 1
#endif
#endif

#ifndef SLANT_TEST_ASAN
static void oom_child(void)
{
    volatile size_t n = SIZE_MAX / 2;
    void *p = slant_xmalloc(n);
    free(p);
}
#endif

static void test_xalloc_exit(void **state)
{
    (void)state;
    char err[512];
    int status = run_child(overflow_child, err, sizeof(err));
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), SLANT_EXIT_SYSTEM);
    assert_true(strstr(err, "slant:") == err);
    assert_non_null(strstr(err, "out of memory"));
#ifndef SLANT_TEST_ASAN
    status = run_child(oom_child, err, sizeof(err));
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), SLANT_EXIT_SYSTEM);
    assert_non_null(strstr(err, "out of memory"));
#else
    /* AddressSanitizer reports an impossible malloc itself instead of
     * returning NULL, so the malloc-failure path is checked in plain builds */
    printf("# skip: malloc failure path not checked under AddressSanitizer\n");
#endif
}

int main(void)
{
    /* clang-format off */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slices),
        cmocka_unit_test(test_buf_basic),
        cmocka_unit_test(test_buf_growth),
        cmocka_unit_test(test_buf_cap),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_diag_format),
        cmocka_unit_test(test_diag_filter),
        cmocka_unit_test(test_diag_threads),
        cmocka_unit_test(test_hash64),
        cmocka_unit_test(test_hash64_folded),
        cmocka_unit_test(test_hash128),
        cmocka_unit_test(test_xalloc),
        cmocka_unit_test(test_xalloc_exit),
    };
    /* clang-format on */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
