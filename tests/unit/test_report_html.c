/*
 * test_report_html.c - the HTML and Markdown writers and
 * slant_report_write_dir, on a struct slant_report filled by hand (no
 * database): escaping of hostile input, balanced markup when quoted spans
 * cross a highlighted word, the effect-size sentences, the empty report,
 * and the files of a report folder.
 */
#include <dirent.h>
#include <unistd.h>

#include "slant/match.h"
#include "slant/report.h"
#include "testutil.h"

static const char evil_outlet[] = "<script>alert(1)</script>";
static const char evil_title[] = "\"><img src=x onerror=alert(1)>";

static struct slant_outlet_info outlets[2];
static struct slant_profile_row profiles[2];
static struct slant_preference_row prefs[2];
static struct slant_compare_row cmp[2];
static struct slant_keyness_row keyness[2];
static size_t quoted0[1][2];
static struct slant_kwic_row kwic[1];
static struct slant_span ev_hits[1];
static size_t ev_quoted[1][2];
static struct slant_event_par event[1];
static struct slant_lexicon_info lexinfo[1];
static const char *map_outlets[2], *map_frames[2];
static double row_coord[4], col_coord[4];
static struct slant_report R;

/* Two outlets, one frame; every input string carries markup. */
static void fill(struct slant_report *r)
{
    memset(r, 0, sizeof(*r));
    r->opts.title = "Kursk & <b>friends</b>";
    r->opts.compare_voice = SLANT_VOICE_OWN;
    r->opts.alpha = 0.05;
    r->opts.kwic_limit = 4;
    r->opts.event_word = "vote";
    outlets[0] = (struct slant_outlet_info){evil_outlet, 3, 1000, 1, 0, "2031-05-14", "2031-05-20"};
    outlets[1] =
        (struct slant_outlet_info){"Plain | Wire", 2, 500, 0, 0, "2031-05-14", "2031-05-15"};
    r->overview =
        (struct slant_overview){outlets, 2, 5, 1500, 1, 0, 0, 1, "2031-05-14", "2031-05-20"};
    for (int i = 0; i < 2; i++) {
        struct slant_profile_row *p = &profiles[i];
        memset(p, 0, sizeof(*p));
        p->outlet = outlets[i].name;
        p->lexicon = "war";
        p->frame = "libe<r>ation";
        p->pole = "legitimizing";
        p->documents = outlets[i].documents;
        p->tokens = outlets[i].tokens;
    }
    profiles[0].hits = 12;
    profiles[0].voice_hits[0] = 8, profiles[0].voice_hits[1] = 3, profiles[0].voice_hits[2] = 1;
    profiles[0].rate_per_1k = 12, profiles[0].own_rate_per_1k = 8;
    profiles[0].ci = (struct slant_ci){.est = 12, .lo = 6, .hi = 20};
    profiles[1].hits = 1;
    profiles[1].voice_hits[2] = 1;
    profiles[1].rate_per_1k = 2;
    profiles[1].ci = (struct slant_ci){.est = 2, .lo = 0.1, .hi = 9, .small = 1};
    r->profiles = profiles;
    r->n_profiles = 2;
    prefs[0] = (struct slant_preference_row){
        outlets[0].name, "war", 0, 8, 2, 1, {.est = 0.6, .lo = 0.2, .hi = 0.9}};
    prefs[1] = (struct slant_preference_row){outlets[1].name, "war", 0, 0, 0, 0, {.est = 0}};
    r->preferences = prefs;
    r->n_preferences = 2;
    /* A uses the frame 6.2 times as often as B; the second row: B never */
    cmp[0] = (struct slant_compare_row){.lexicon = "war",
                                        .frame = "libe<r>ation",
                                        .outlet_a = "Plain | Wire",
                                        .outlet_b = evil_outlet,
                                        .hits_a = 31,
                                        .tokens_a = 1000,
                                        .hits_b = 5,
                                        .tokens_b = 1000,
                                        .log_ratio = -2.63,
                                        .g2 = -20,
                                        .p_value = 0.00001,
                                        .p_adjusted = 0.00002,
                                        .rate_a = 31,
                                        .rate_b = 5,
                                        .voice = SLANT_VOICE_OWN};
    cmp[1] = cmp[0];
    cmp[1].frame = "other";
    cmp[1].hits_a = 0, cmp[1].rate_a = 0, cmp[1].p_adjusted = 0.01;
    r->compare = cmp;
    r->n_compare = 2;
    keyness[0] =
        (struct slant_keyness_row){outlets[0].name, "x", "<i>word</i>", 5, 1, 1, 3.2, 9, 2};
    keyness[1] = (struct slant_keyness_row){outlets[1].name, "y", "plain", 4, 1, 1, 2.5, 7, 2};
    r->keyness = keyness;
    r->n_keyness = 2;
    /* left + match + right = `He said "we liberate` + ` them" now.`; the
     * quotation starts in left and ends in right, across the match */
    kwic[0] = (struct slant_kwic_row){.outlet = evil_outlet,
                                      .lexicon = "war",
                                      .frame = "libe<r>ation",
                                      .title = evil_title,
                                      .date = "2031-05-14",
                                      .document = 7,
                                      .left = "He said \"we ",
                                      .match = "liberate",
                                      .right = " them\" <now>.",
                                      .voice = SLANT_VOICE_QUOTED};
    quoted0[0][0] = 8, quoted0[0][1] = 26;
    kwic[0].quoted = quoted0;
    kwic[0].n_quoted = 1;
    r->kwic = kwic;
    r->n_kwic = 1;
    ev_hits[0] = (struct slant_span){4, 9, "war", "libe<r>ation", SLANT_VOICE_OWN};
    ev_quoted[0][0] = 0, ev_quoted[0][1] = 6;
    event[0] = (struct slant_event_par){
        evil_outlet, evil_title, "2031-05-19", 7, "The <vote> & more", ev_hits, 1, ev_quoted, 1};
    r->event = event;
    r->n_event = 1;
    lexinfo[0] = (struct slant_lexicon_info){
        "war", "0123abcd", "1", "en", "See <a href=\"http://evil.example\">x</a>", "", 1, 3};
    r->lexicons = lexinfo;
    r->n_lexicons = 1;
    map_outlets[0] = outlets[0].name, map_outlets[1] = outlets[1].name;
    map_frames[0] = "war/libe<r>ation", map_frames[1] = "war/other";
    row_coord[0] = 0.5, row_coord[1] = 0.1, row_coord[2] = -0.5, row_coord[3] = -0.1;
    col_coord[0] = 0.4, col_coord[1] = 0.2, col_coord[2] = -0.4, col_coord[3] = 0.0;
    r->map.n_outlets = 2, r->map.n_frames = 2;
    r->map.outlets = map_outlets, r->map.frames = map_frames;
    r->map.ca_ok = 1;
    r->map.ca.row_coord = row_coord, r->map.ca.col_coord = col_coord;
    r->map.ca.share[0] = 0.8, r->map.ca.share[1] = 0.2;
    r->methods[0] = "Rate <per> 1,000";
}

/* The writer's output as a NUL-terminated string (caller frees). */
static char *render(int (*w)(FILE *, const struct slant_report *), const struct slant_report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(w(f, r), 0);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void test_html_escapes_input(void **state)
{
    (void)state;
    fill(&R);
    char *h = render(slant_report_html, &R);
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "<img"));
    assert_null(strstr(h, "<b>friends"));
    assert_null(strstr(h, "<i>word"));
    assert_null(strstr(h, "<vote>"));
    /* the description's link is text, not a link */
    assert_null(strstr(h, "href=\"http"));
    assert_null(strstr(h, "src=\"http"));
    assert_non_null(strstr(h, "See &lt;a href=&quot;http://evil.example&quot;&gt;x&lt;/a&gt;"));
    assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(h, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert_non_null(strstr(h, "<title>Kursk &amp; &lt;b&gt;friends&lt;/b&gt;</title>"));
    assert_non_null(strstr(h, "libe&lt;r&gt;ation"));
    /* the page's own markup is there: charts, patterns, anchors */
    assert_true(count(h, "<svg") >= 4);
    assert_non_null(strstr(h, "id=\"pat-att\""));
    assert_non_null(strstr(h, "<a href=\"#k0-0\""));
    assert_non_null(strstr(h, "id=\"k0-0\""));
    free(h);
}

static void test_html_balanced_spans(void **state)
{
    (void)state;
    fill(&R);
    char *h = render(slant_report_html, &R);
    /* every opened element is closed, in the concordance line too */
    assert_int_equal(count(h, "<mark"), count(h, "</mark>"));
    assert_int_equal(count(h, "<span"), count(h, "</span>"));
    assert_int_equal(count(h, "<td"), count(h, "</td>"));
    assert_int_equal(count(h, "<tr"), count(h, "</tr>"));
    assert_int_equal(count(h, "<svg"), count(h, "</svg>"));
    assert_int_equal(count(h, "<section"), count(h, "</section>"));
    /* the quotation crosses the match: shaded in all three cells, and the
     * match itself is marked inside the shading */
    assert_non_null(strstr(h, "<span class=\"q\">&quot;we </span>"));
    assert_non_null(strstr(h, "<span class=\"q\"><mark>liberate</mark></span>"));
    assert_non_null(strstr(h, "<span class=\"q\"> them&quot;</span> &lt;now&gt;."));
    /* event paragraph: quoted [0,6) and hit [4,9) overlap */
    assert_non_null(strstr(h, "<span class=\"q\">The </span>"));
    assert_non_null(strstr(h, "<span class=\"q\"><mark title=\"war/libe&lt;r&gt;ation, own\">&lt;v"
                              "</mark></span><mark title=\"war/libe&lt;r&gt;ation, own\">ote"
                              "</mark>&gt; &amp; more"));
    free(h);
}

static void test_findings_in_words(void **state)
{
    (void)state;
    fill(&R);
    char *h = render(slant_report_html, &R);
    /* the outlet with the higher rate comes first whatever the pair order */
    assert_non_null(strstr(h, "<strong>Plain | Wire</strong> uses <em>libe&lt;r&gt;ation</em> "
                              "vocabulary <strong>6.2 times</strong> as often as "
                              "&lt;script&gt;alert(1)&lt;/script&gt; in its own voice"));
    assert_non_null(strstr(h, "never does"));
    free(h);
    char *m = render(slant_report_md, &R);
    assert_non_null(strstr(m, "**Plain \\| Wire** uses *libe\\<r\\>ation* vocabulary 6.2 times "
                              "as often as \\<script\\>alert(1)\\</script\\> in its own voice"));
    assert_non_null(strstr(m, "(5 hits, 5.00 per 1,000 words); Plain \\| Wire never does"));
    free(m);
}

static void test_markdown_escapes(void **state)
{
    (void)state;
    fill(&R);
    char *m = render(slant_report_md, &R);
    /* every < in the file is escaped (the writer itself writes none) */
    for (const char *p = strchr(m, '<'); p; p = strchr(p + 1, '<'))
        assert_true(p > m && p[-1] == '\\');
    assert_non_null(strstr(m, "\\<script\\>alert(1)"));
    assert_non_null(strstr(m, "# Kursk \\& \\<b\\>friends\\</b\\>\n"));
    /* a pipe in a name does not split a table cell */
    assert_non_null(strstr(m, "| Plain \\| Wire | 2 | 500 |"));
    /* the concordance line: match in bold, markup escaped */
    assert_non_null(strstr(m, "He said \"we **liberate** them\" \\<now\\>."));
    /* every table row has the header's number of cells */
    const char *p = strstr(m, "| outlet | documents | tokens |");
    assert_non_null(p);
    free(m);
}

static void test_empty_report(void **state)
{
    (void)state;
    struct slant_report r;
    memset(&r, 0, sizeof(r));
    char *h = render(slant_report_html, &r);
    assert_non_null(strstr(h, "<title>slant report</title>"));
    assert_non_null(strstr(h, "</html>\n"));
    assert_int_equal(count(h, "<section"), count(h, "</section>"));
    free(h);
    char *m = render(slant_report_md, &r);
    assert_non_null(strstr(m, "# slant report\n"));
    free(m);
}

static void test_same_bytes(void **state)
{
    (void)state;
    fill(&R);
    char *a = render(slant_report_html, &R), *b = render(slant_report_html, &R);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_write_dir(void **state)
{
    (void)state;
    fill(&R);
    char tmpl[] = "/tmp/slant-report-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    char dir[256];
    snprintf(dir, sizeof(dir), "%s/a/b", tmpl);
    struct slant_diag d;
    slant_diag_init(&d, NULL);
    assert_int_equal(slant_report_write_dir(&R, dir, &d), 0);
    static const char *const names[] = {"index.html",  "report.md", "profiles.csv", "profiles.json",
                                        "compare.csv", "terms.csv", "kwic.csv"};
    char path[512];
    for (size_t i = 0; i < 7; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        assert_true(st.st_size > 0);
        unlink(path);
    }
    /* nothing else is left behind (no .tmp files) */
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    struct dirent *de;
    size_t extra = 0;
    while ((de = readdir(dh)))
        extra += de->d_name[0] != '.';
    closedir(dh);
    assert_int_equal(extra, 0);
    rmdir(dir);
    snprintf(path, sizeof(path), "%s/a", tmpl);
    rmdir(path);

    /* a file where the folder should be: an error, named in the sink */
    snprintf(path, sizeof(path), "%s/file", tmpl);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(slant_report_write_dir(&R, path, &d), SLANT_EIO);
    assert_int_equal(d.worst, SLANT_FATAL);
    unlink(path);
    rmdir(tmpl);
    slant_diag_release(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_escapes_input), cmocka_unit_test(test_html_balanced_spans),
        cmocka_unit_test(test_findings_in_words),  cmocka_unit_test(test_markdown_escapes),
        cmocka_unit_test(test_empty_report),       cmocka_unit_test(test_same_bytes),
        cmocka_unit_test(test_write_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
