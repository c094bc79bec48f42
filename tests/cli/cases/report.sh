# slant analyze / slant report: the report folder on the example corpus (golden
# files), same database -> same bytes, index.html parsed strictly, free of
# scripts and external URLs and rendered by headless Chromium, hostile input
# shown as text, and the kursk and ukraine-2022 reports when ../shared is there.
#
# Golden files: tests/golden/example/ holds report.md and the CSV/JSON files of
# `slant analyze examples --out DIR --event referendum`.  After a deliberate
# change of the output, review the diff this case prints, then rewrite them:
#     UPDATE_GOLDEN=1 sh tests/cli/run.sh report
GOLDEN="$ROOT/tests/golden/example"
CHECK="$ROOT/tests/cli/report_check.py"

# A Debian tool the checks need: there, or installed when we are root.
need() { # need COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    [ "$(id -u)" = 0 ] || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1
    command -v "$1" >/dev/null 2>&1
}
chrome() { # chrome OUTPUT-OPTION FILE: --dump-dom to stdout, or --screenshot=PNG
    ud=$(mktemp -d)
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$ud" --window-size=1280,2000 "$1" "file://$2" 2>/dev/null
    crc=$?
    rm -rf "$ud"
    return $crc
}
have_xmllint=0; need xmllint libxml2-utils && have_xmllint=1
have_chromium=0; need chromium chromium && have_chromium=1

# ---- usage --------------------------------------------------------------
run report --help
expect_rc "report --help exits 0" 0
check "report --help prints usage on stdout" grep -q '^usage: slant report' "$T/out"
run analyze --help
expect_rc "analyze --help exits 0" 0
run report --db nothing.db
expect_rc "report without --out is a usage error" 2
run report --out r --from 2031-13-01
expect_rc "a bad --from date is a usage error" 2
run report --out r --from 2031-05-20 --to 2031-05-14
expect_rc "--from after --to is a usage error" 2
run analyze --out r
expect_rc "analyze without input is a usage error" 2
run analyze "$ROOT/examples"
expect_rc "analyze without --out is a usage error" 2

# ---- the example corpus ----------------------------------------------------
run analyze "$ROOT/examples" --out ex --event referendum
expect_rc "analyze examples exits 0" 0
check "analyze prints where the report is" test "$(cat "$T/out")" = "ex/index.html"
for f in index.html report.md profiles.csv profiles.json compare.csv terms.csv kwic.csv slant.db; do
    check "analyze wrote $f" test -s "ex/$f"
done
check "no temporary file left" test -z "$(find ex -name '*.tmp')"
# the outlet map's divergence matrices: one row per outlet, symmetric, zero diagonal
python3 - ex/report.md >jsd.out 2>&1 <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"Jensen-Shannon divergence between outlets.*?\n\n((?:\|.*\n)+)", text)
ok = len(blocks) == 2
for b in blocks:
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in b.splitlines()[2:]]
    m = [[float(x) for x in r[1:]] for r in rows]
    n = len(m)
    ok = ok and n == 4 and all(len(r) == n for r in m)
    ok = ok and all(m[i][i] == 0 and m[i][j] == m[j][i] and 0 <= m[i][j] <= 1
                    for i in range(n) for j in range(n))
print("ok" if ok else "bad")
PY
check "report.md holds both JSD matrices (frames, terms), symmetric with zero diagonal" test "$(cat jsd.out)" = ok
check "index.html holds both JSD matrices" test "$(grep -c 'Jensen-Shannon divergence between outlets' ex/index.html)" = 2
run report --db ex/slant.db --out again --event referendum
expect_rc "report on the same database exits 0" 0
run report --db ex/slant.db --out again2 --event referendum
same=1
for f in index.html report.md profiles.csv profiles.json compare.csv terms.csv kwic.csv; do
    cmp -s "again/$f" "again2/$f" || same=0
    cmp -s "ex/$f" "again/$f" || same=0
done
check "same database, same bytes (analyze and report, twice)" test "$same" = 1
run profile --db ex/slant.db --format csv
check "profiles.csv is what 'slant profile --format csv' prints" cmp -s "$T/out" ex/profiles.csv

if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    mkdir -p "$GOLDEN"
    for f in report.md profiles.csv profiles.json compare.csv terms.csv kwic.csv; do
        cp "ex/$f" "$GOLDEN/$f"
    done
    echo "# report: golden files rewritten in tests/golden/example/: review 'git diff'"
fi
for f in report.md profiles.csv profiles.json compare.csv terms.csv kwic.csv; do
    if [ -f "$GOLDEN/$f" ]; then
        check "golden $f" diff -u "$GOLDEN/$f" "ex/$f"
    else
        check "golden $f exists (UPDATE_GOLDEN=1 writes it)" false
    fi
done
check "profiles.json parses" python3 -c "import json; json.load(open('ex/profiles.json'))"

# what the page shows, in the markup
check "every outlet is in the page" sh -c 'for o in harbour-lantern kessen-courier meridian-wire valdoria-today; do grep -q ">$o<" ex/index.html || exit 1; done'
check "a chart per outlet plus preference and map" test "$(grep -o '<svg' ex/index.html | wc -l)" -ge 7
check "a count links to its concordance lines" sh -c 'grep -o "href=\"#k[0-9]*-[0-9]*\"" ex/index.html | head -1 | sed "s/href=\"#//; s/\"//" | { read id; grep -q "id=\"$id\"" ex/index.html; }'
check "quoted frame words are shaded (meridian quotes 'liberation')" grep -q '<span class="q"><mark>liberation</mark></span>' ex/index.html
check "a finding in words" grep -Eq 'uses <em>[a-z-]+</em> vocabulary' ex/index.html
check "the event view has the referendum paragraphs" grep -q 'referendum' ex/index.html
hash=$(sql ex/slant.db "SELECT hash FROM lexicons WHERE name='war-legitimacy'")
check "methods name the seed" grep -q 'seed 20221124' ex/index.html
check "methods name the lexicon's content hash" sh -c "test -n '$hash' && grep -q '<code>$hash</code>' ex/index.html"
check "report.md has the overview table" grep -q '^| outlet | documents | tokens |' ex/report.md
kb=$(($(wc -c <ex/index.html) / 1024))
check "index.html of the examples is small ($kb KB)" test "$kb" -lt 400

if [ $have_xmllint = 1 ]; then
    check "index.html: strict parse, no script, no external URL" python3 "$CHECK" static ex/index.html
    # the check itself must catch what it is for
    sed 's|</main>|<p><b>x</p><script>alert(1)</script><img src="https://example.org/x.png"/></main>|' ex/index.html >bad.html
    check "the static check rejects a broken page" sh -c "! python3 '$CHECK' static bad.html >/dev/null"
else
    skip "index.html strict parse" "xmllint is missing (Debian libxml2-utils) and we are not root"
fi
if [ $have_chromium = 1 ]; then
    chrome --dump-dom "$T/ex/index.html" >dom.html
    check "chromium renders the page" test -s dom.html
    check "rendered: outlet names, frame names, charts" python3 "$CHECK" dom dom.html \
        --text harbour-lantern --text kessen-courier --text meridian-wire --text valdoria-today \
        --text liberation --text invasion --text security-and-defense --min-svg 7 --no-element script
    chrome --screenshot="$T/shot.png" "$T/ex/index.html" >/dev/null
    check "chromium screenshot is a PNG" python3 -c "
import sys; sys.exit(0 if open('shot.png', 'rb').read(8) == b'\\x89PNG\\r\\n\\x1a\\n' else 1)"
else
    skip "chromium rendering" "chromium is missing and we are not root to install it"
fi

# ---- rejected input: exit status 1 as ingest, the report still written -------
printf '%s\n' '{"outlet":"A","text":"The invasion began."}' '{"outlet":"A","text":' \
    '{"outlet":"B","text":"The liberation began."}' >part.jsonl
run analyze part.jsonl --out part
expect_rc "a rejected line: analyze exits 1" 1
check "a rejected line is named" grep -q 'part.jsonl:2: error' "$T/err"
check "a rejected line: the report is still written" test -s part/index.html
check "a rejected line: the overview counts it" grep -q '<b>1</b><span>input records rejected' part/index.html
run analyze part.jsonl --out part --no-such-option
expect_rc "analyze with an unknown option exits 2" 2
run report --db part/slant.db --out part2 --no-such-option
expect_rc "report with an unknown option exits 2" 2
run report --db part/slant.db --out part2 --lexicon no-such-lexicon
expect_rc "report of an unknown lexicon exits 1" 1
check "the unknown lexicon is named" grep -q "no-such-lexicon" "$T/err"

# ---- hostile input is shown as text ---------------------------------------------
python3 - <<'PY'
import json
s = '<script>alert(1)</script>'
i = '"><img src=x onerror=alert(1)>'
rows = [
    {"outlet": s, "title": i, "date": "2031-05-14",
     "text": "The invasion began. " + s + " They called it a liberation. " + i + " The occupation goes on."},
    {"outlet": i, "title": s, "date": "2031-05-15",
     "text": "Officials said the liberation was near. \"" + s + " liberation now,\" he said. Invasion " + i},
    {"outlet": "plain", "title": "plain", "date": "2031-05-15",
     "text": "The invasion and the occupation were condemned. War crimes were reported."},
]
with open("evil.jsonl", "w") as f:
    for r in rows:
        f.write(json.dumps(r) + "\n")
PY
run analyze evil.jsonl --out evil --title '<script>alert(1)</script>' --event invasion
expect_rc "hostile input: analyze exits 0" 0
check "hostile input: no <script> or <img> in index.html" sh -c "! grep -qiE '<script|<img' evil/index.html"
check "hostile input: names shown escaped" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' evil/index.html
check "hostile input: report.md escapes every <" python3 -c "
import re, sys
t = open('evil/report.md', encoding='utf-8').read()
sys.exit(1 if re.search(r'(^|[^\\\\])<', t, re.M) else 0)"
if [ $have_xmllint = 1 ]; then
    check "hostile input: strict parse, no script, no external URL" python3 "$CHECK" static evil/index.html
fi
if [ $have_chromium = 1 ]; then
    chrome --dump-dom "$T/evil/index.html" >evil-dom.html
    check "hostile input: rendered as text, no element made of it" python3 "$CHECK" dom evil-dom.html \
        --text '<script>alert(1)</script>' --text '"><img src=x onerror=alert(1)>' --text plain \
        --no-element script --no-element img
fi

# ---- the shared corpus -------------------------------------------------------
if ! shared; then
    skip "kursk and ukraine-2022 reports" "../shared/corpus is absent"
    return 0
fi
run analyze "$SHARED/kursk" --out kursk
expect_rc "kursk: analyze exits 0" 0
check "kursk: the five outlets in the page" sh -c 'for o in newsweek pravda-ru tass the-gaze ukrainska-pravda; do grep -q ">$o<" kursk/index.html || exit 1; done'
# Newsweek's two "liberation"s are inside Shoigu's quotation; TASS says
# "the liberation operations" in its own narration.
row() { grep "^$1,war-legitimacy,$2," kursk/profiles.csv | cut -d, -f"$3"; }
check "kursk voice split: newsweek's liberation hits are quoted (2 of 2)" \
    test "$(row newsweek liberation 6,7,8,9)" = "2,0,0,2"
check "kursk voice split: tass says liberation in its own voice" test "$(row tass liberation 7)" -ge 1
check "kursk: newsweek's quoted liberation is shaded in the page" \
    grep -q '<span class="q"><mark>liberation</mark></span>' kursk/index.html
if [ $have_xmllint = 1 ]; then
    check "kursk: strict parse, no script, no external URL" python3 "$CHECK" static kursk/index.html
fi
if [ $have_chromium = 1 ]; then
    chrome --dump-dom "$T/kursk/index.html" >kursk-dom.html
    check "kursk: rendered with outlets, frames and charts" python3 "$CHECK" dom kursk-dom.html \
        --text newsweek --text pravda-ru --text tass --text the-gaze --text ukrainska-pravda \
        --text liberation --text heroism --min-svg 7 --no-element script
fi

run analyze "$SHARED/ukraine-2022/articles.jsonl" --out ua --quiet
expect_rc "ukraine-2022: analyze exits 0" 0
check "ukraine-2022: 15 outlets in the overview" \
    test "$(grep -c '<tr><td><a href="#o[0-9]*">' ua/index.html)" = 15
check "ukraine-2022: every outlet has a chart" \
    test "$(grep -c '<title id="pc[0-9]*">Framing profile of ' ua/index.html)" = 15
size=$(wc -c <ua/index.html)
check "ukraine-2022: index.html under 5 MB ($size bytes)" test "$size" -lt 5000000
if [ $have_xmllint = 1 ]; then
    check "ukraine-2022: strict parse, no script, no external URL" python3 "$CHECK" static ua/index.html
fi
