# slant kwic: concordance lines by frame (stored hits) and by pattern (the
# texts searched again), in every format; colour only on a terminal.
run ingest --db ex.db "$ROOT/examples"
expect_rc "ingest of examples/ exits 0" 0
HEADER="outlet,document,date,lexicon,frame,left,match,right,voice,negated,distanced,byte_start,byte_end"

# check_csv FILE: every row's match is the stored text at its byte span, the
# contexts are at most WIDTH bytes of valid UTF-8 without line breaks, and
# the rows are sorted by lexicon, frame, outlet, document, byte
cat >check.py <<'PY'
import csv, sqlite3, sys
db, path, width = sys.argv[1], sys.argv[2], int(sys.argv[3])
con = sqlite3.connect(db)
con.text_factory = bytes
rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
keys = []
for r in rows:
    text = con.execute("SELECT text FROM documents WHERE id = ?", (int(r["document"]),)).fetchone()[0]
    s, e = int(r["byte_start"]), int(r["byte_end"])
    assert text[s:e].decode() == r["match"], r
    for side in ("left", "right"):
        b = r[side].encode()
        assert len(b) <= width and "\n" not in r[side], r
    assert text[s - len(r["left"].encode()):s].replace(b"\n", b" ") == r["left"].encode(), r
    keys.append((r["lexicon"], r["frame"], r["outlet"], int(r["document"]), s))
assert keys == sorted(keys)
if len(sys.argv) > 4:
    print(len(rows))
PY

# --frame: the stored hits of the frame
run kwic --db ex.db --frame war-legitimacy/liberation --format csv
expect_rc "kwic --frame csv exits 0" 0
check "csv header" test "$(head -1 "$T/out")" = "$HEADER"
cp "$T/out" frame.csv
n_hits=$(sql ex.db "SELECT COUNT(*) FROM hits h JOIN frames f ON f.id = h.frame_id JOIN lexicons l ON l.id = h.lexicon_id WHERE l.name = 'war-legitimacy' AND f.name = 'liberation'")
check "one line per stored hit" test "$(python3 check.py ex.db frame.csv 60 count)" = "$n_hits"
check "voices are the stored ones" test "$(python3 -c "
import csv; print(sorted((r['document'], r['byte_start'], r['voice']) for r in csv.DictReader(open('frame.csv'))))")" = "$(sql ex.db "SELECT h.doc_id || ' ' || h.byte_start || ' ' || h.voice FROM hits h JOIN frames f ON f.id = h.frame_id JOIN lexicons l ON l.id = h.lexicon_id WHERE l.name = 'war-legitimacy' AND f.name = 'liberation'" | python3 -c "
import sys; print(sorted(tuple(l.split()) for l in sys.stdin))")"
run kwic --db ex.db --frame war-legitimacy/liberation --format csv
check "csv output is deterministic" cmp -s frame.csv "$T/out"
run kwic --db ex.db --frame war-legitimacy/liberation --format json
expect_rc "kwic --frame json exits 0" 0
check "json holds the csv's rows" python3 -c "
import csv, json
j = json.load(open('$T/out')); c = list(csv.DictReader(open('frame.csv')))
assert len(j) == len(c) > 0
for a, b in zip(j, c):
    assert list(a) == list(b), (list(a), list(b))
    assert all(str(a[k]) == b[k] for k in b), (a, b)
    assert isinstance(a['document'], int) and isinstance(a['byte_start'], int)"
run kwic --db ex.db --frame war-legitimacy/liberation
expect_rc "kwic --frame table exits 0" 0
check "table brackets the match" grep -q '\[liberation\]' "$T/out"
check "table names the frame" grep -qx 'war-legitimacy/liberation' "$T/out"
check "table off a terminal has no escape codes" sh -c "! grep -q \"$(printf '\033')\" '$T/out'"
check "table has one line per hit and a heading" test "$(wc -l <"$T/out")" -eq $((n_hits + 1))

# PATTERN: the texts searched again, voices judged as at ingest
run kwic --db ex.db 'liberat*' --format csv
expect_rc "kwic PATTERN csv exits 0" 0
cp "$T/out" pat.csv
check "pattern lines are consistent and sorted" python3 check.py ex.db pat.csv 60
# the voice split that examples/README.md describes for liberat*
voices() { python3 -c "
import csv, collections
c = collections.Counter((r['voice'], r['negated'], r['distanced']) for r in csv.DictReader(open('pat.csv')) if r['outlet'] == '$1')
print(' '.join('%s:%s%s=%d' % (v, 'N' if n == '1' else '', 'D' if d == '1' else '', k) for (v, n, d), k in sorted(c.items())))"; }
check "valdoria-today: 10 own, 2 attributed" test "$(voices valdoria-today)" = "attributed:=2 own:=10"
check "meridian-wire: all 5 quoted" test "$(voices meridian-wire)" = "quoted:=5"
check "kessen-courier: negated, so-called, quoted, scare-quoted" test "$(voices kessen-courier)" = "own:D=1 own:N=1 quoted:=1 quoted:D=1"
check "pattern lines name lexicon kwic, frame match" sh -c "tail -n +2 pat.csv | cut -d, -f4,5 | sort -u | grep -qx 'kwic,match'"
run kwic --db ex.db 'liberat*' --format csv
check "pattern output is deterministic" cmp -s pat.csv "$T/out"
run kwic --db ex.db 'liberat*' --format json
check "pattern json parses, same count" python3 -c "
import json; assert len(json.load(open('$T/out'))) == $(($(wc -l <pat.csv) - 1))"
run kwic --db ex.db 'liberat*'
check "pattern table has no escape codes" sh -c "! grep -q \"$(printf '\033')\" '$T/out'"
check "pattern table brackets matches" grep -q '\[liberators\]' "$T/out"
run kwic --db ex.db 'special security operation' --format csv
check "a multi-word pattern matches the phrase" sh -c "grep -q ',special security operation,' '$T/out'"
run kwic --db ex.db '=liberators' --outlet valdoria-today --format csv
check "an exact pattern with --outlet: only that outlet's liberators" python3 -c "
import csv; r = list(csv.DictReader(open('$T/out')))
assert r and {x['outlet'] for x in r} == {'valdoria-today'}, r
assert {x['match'].lower() for x in r} == {'liberators'}, r"

# filters and limits
run kwic --db ex.db 'liberat*' --limit 1 --format csv
check "--limit 1: one line per outlet" test "$(tail -n +2 "$T/out" | cut -d, -f1 | sort | uniq -c | awk '$1 != 1' | wc -l)" -eq 0
check "--limit 1: four outlets" test "$(tail -n +2 "$T/out" | wc -l)" -eq 4
run kwic --db ex.db --frame war-legitimacy/liberation --voice quoted --format csv
check "--voice quoted keeps only quoted lines" python3 -c "
import csv; r = list(csv.DictReader(open('$T/out'))); assert r and all(x['voice'] == 'quoted' for x in r)"
run kwic --db ex.db 'liberat*' --width 12 --format csv
cp "$T/out" narrow.csv
check "--width 12: contexts cut at characters, at most 12 bytes" python3 check.py ex.db narrow.csv 12

# colour: only on a terminal, never with NO_COLOR
if command -v script >/dev/null 2>&1; then
    script -qec "'$SLANT' kwic --db ex.db --frame war-legitimacy/liberation" /dev/null >tty.out 2>&1
    check "a terminal gets the match in colour" grep -q "$(printf '\033')\[1;31mliberation" tty.out
    NO_COLOR=1 script -qec "'$SLANT' kwic --db ex.db --frame war-legitimacy/liberation" /dev/null >tty2.out 2>&1
    check "NO_COLOR: no escape codes on a terminal" sh -c "! grep -q \"$(printf '\033')\" tty2.out"
    check "NO_COLOR: still the lines" grep -q '\[liberation\]' tty2.out
else
    skip "colour on a terminal" "script(1) is not installed"
fi

# errors
run kwic --db ex.db --frame war-legitimacy/nonesuch
expect_rc "an unknown frame is a usage error" 2
check "the message names the frame" grep -q "war-legitimacy/nonesuch" "$T/err"
check "nothing on stdout for an unknown frame" test ! -s "$T/out"
run kwic --db ex.db 'li*b'
expect_rc "an invalid pattern is a usage error" 2
check "the message names the pattern" grep -q "li\*b" "$T/err"
run kwic --db ex.db 'liberat*' --outlet nonesuch
expect_rc "an unknown outlet is a usage error" 2
run kwic --db ex.db
expect_rc "neither frame nor pattern: usage error" 2
run kwic --db ex.db --frame war-legitimacy/liberation 'liberat*'
expect_rc "both frame and pattern: usage error" 2
run kwic --db ex.db 'liberat*' --voice loud
expect_rc "an unknown voice: usage error" 2
run kwic --db ex.db 'liberat*' --width 0
expect_rc "--width 0: usage error" 2
run kwic --db ex.db 'liberat*' --format xml
expect_rc "an unknown format: usage error" 2
run kwic --db missing.db 'liberat*'
expect_rc "a missing database: exit 3" 3
run kwic --help
expect_rc "--help exits 0" 0
check "--help prints the usage on stdout" grep -q '^usage: slant kwic' "$T/out"

# the kursk set: the same word in two voices
if ! shared; then skip "kursk kwic" "../shared/corpus is absent"; return 0; fi
run ingest --db k.db "$SHARED/kursk"
expect_rc "kursk ingests" 0
run kwic --db k.db 'liberat*' --format csv
expect_rc "kwic liberat* on kursk exits 0" 0
cp "$T/out" kursk.csv
kv() { python3 -c "
import csv; print(' '.join(sorted(set(r['voice'] for r in csv.DictReader(open('kursk.csv')) if r['outlet'] == '$1'))))"; }
check "newsweek's liberat* lines are quoted" test "$(kv newsweek)" = "quoted"
check "tass's liberat* lines are own or attributed" sh -c "test -n \"$(kv tass)\" && ! echo \"$(kv tass)\" | grep -q quoted"
check "tass has its own-voice liberation" sh -c "echo \"$(kv tass)\" | grep -qw own"
check "kursk lines are consistent" python3 check.py k.db kursk.csv 60
