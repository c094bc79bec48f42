# slant profile: every format on examples/, the kursk truth table through the
# real binary, and the direction of RT vs BBC on ukraine-2022.
run ingest --db ex.db "$ROOT/examples"
expect_rc "ingest examples" 0
run profile --help
expect_rc "profile --help exits 0" 0
check "profile --help prints usage on stdout" grep -q '^usage: slant profile' "$T/out"
run profile --db ex.db --format xml
expect_rc "unknown format is a usage error" 2
run profile --db ex.db --by frame
expect_rc "--by takes only outlet" 2
run profile --db ex.db --lexicon no-such-lexicon
expect_rc "unknown lexicon exits 2" 2
check "unknown lexicon is named on stderr" grep -q "no-such-lexicon" "$T/err"
run profile --db ex.db --outlet nobody
expect_rc "unknown outlet exits 2" 2
run profile --db missing.db
expect_rc "a missing database exits 3" 3

run profile --db ex.db --format csv
expect_rc "profile --format csv exits 0" 0
check "profile csv header" test "$(head -1 "$T/out")" = "outlet,lexicon,frame,documents,tokens,hits,own_hits,attributed_hits,quoted_hits,negated_hits,distanced_hits,rate_per_1k,own_rate_per_1k,ci_low,ci_high,ci_method,own_ci_low,own_ci_high,small_sample"
nframes=$(sql ex.db "SELECT COUNT(*) FROM frames f JOIN lexicons l ON l.id = f.lexicon_id WHERE l.name <> 'attribution'")
check "one row per outlet and frame (4 x $nframes)" test "$(tail -n +2 "$T/out" | wc -l)" -eq $((4 * nframes))
cp "$T/out" p1.csv
run profile --db ex.db --format csv
check "profile csv: same bytes twice" cmp -s p1.csv "$T/out"
# the CSV's hits add up to the hits table (own voice, for every lexicon but the cues)
own_db=$(sql ex.db "SELECT COUNT(*) FROM hits h JOIN lexicons l ON l.id = h.lexicon_id WHERE l.name <> 'attribution' AND h.voice = 'own'")
own_csv=$(tail -n +2 p1.csv | awk -F, '{s += $7} END {print s}')
check "own hits in the CSV = own hits in the database ($own_db)" test "$own_csv" = "$own_db"
check "valdoria-today liberation: 10 own, 2 attributed (examples/README.md)" \
    grep -q '^valdoria-today,war-legitimacy,liberation,3,[0-9]*,12,10,2,0,' p1.csv

run profile --db ex.db --format json
expect_rc "profile --format json exits 0" 0
check "profile json parses, with the CSV keys and the preferences" python3 -c "
import csv, json, sys
d = json.load(open('$T/out'))
rows = list(csv.DictReader(open('p1.csv')))
assert len(d['profiles']) == len(rows), 'rows'
assert list(d['profiles'][0].keys()) == list(rows[0].keys()), 'keys'
p = {x['outlet']: x for x in d['preferences']}
assert p['valdoria-today']['index'] > 0.5 and p['kessen-courier']['index'] < -0.5
assert p['meridian-wire']['index'] is None
assert d['ci']['resamples'] == 2000
"
cp "$T/out" p1.json
run profile --db ex.db --format json
check "profile json: same bytes twice" cmp -s p1.json "$T/out"
run profile --db ex.db
expect_rc "profile table exits 0" 0
check "table shows the preference indexes" grep -q '^frame preference, own' "$T/out"
check "table names every outlet" sh -c "grep -c '^[a-z-]*: [0-9]* documents' '$T/out' | grep -qx 4"
run profile --db ex.db --lexicon war-legitimacy --outlet meridian-wire --format csv
check "--outlet and --lexicon filter" test "$(tail -n +2 "$T/out" | cut -d, -f1,2 | sort -u)" = "meridian-wire,war-legitimacy"
run profile --db ex.db --lexicon war-legitimacy --seed 7 --resamples 100 --format csv
expect_rc "--seed and --resamples accepted" 0

# the kursk truth table (counted by hand; see tests/unit/test_match.c)
if ! shared; then skip "kursk truth table" "../shared/corpus is absent"; return 0; fi
run ingest --db k.db --lexicon "$ROOT/tests/data/match/kursk.lex" --lexicon attribution "$SHARED/kursk"
expect_rc "kursk ingests with the kursk lexicon" 0
run profile --db k.db --format csv
expect_rc "kursk profile exits 0" 0
cp "$T/out" k.csv
# outside quotation marks = own + attributed; inside = quoted
outside() { awk -F, -v o="$1" -v f="$2" '$1 == o && $3 == f {print $7 + $8}' k.csv; }
inside() { awk -F, -v o="$1" -v f="$2" '$1 == o && $3 == f {print $9}' k.csv; }
for x in tass:3 pravda-ru:3 the-gaze:0 newsweek:0 ukrainska-pravda:0; do
    check "kursk: liberation outside quotes, ${x%%:*} = ${x##*:}" test "$(outside "${x%%:*}" liberation)" = "${x##*:}"
done
for x in the-gaze:1 newsweek:2 pravda-ru:1; do
    check "kursk: liberation inside quotes, ${x%%:*} = ${x##*:}" test "$(inside "${x%%:*}" liberation)" = "${x##*:}"
done
for x in the-gaze:2 ukrainska-pravda:2; do
    check "kursk: aggression outside quotes, ${x%%:*} = ${x##*:}" test "$(outside "${x%%:*}" aggression)" = "${x##*:}"
done
check "kursk: one document per outlet, exact intervals" test "$(tail -n +2 k.csv | cut -d, -f4,16 | sort -u)" = "1,garwood"

# ukraine-2022: RT frames the war as legitimate in its own voice, BBC does not
run ingest --db u.db "$SHARED/ukraine-2022/articles.jsonl"
expect_rc "ukraine-2022 ingests" 0
run profile --db u.db --lexicon war-legitimacy --format csv
expect_rc "ukraine-2022 profile exits 0" 0
cp "$T/out" u.csv
rate() { # own-voice rate of the frames of pole $2 for outlet $1, from the CSV
    sql u.db "SELECT name FROM frames WHERE pole = '$2' AND lexicon_id = (SELECT id FROM lexicons WHERE name = 'war-legitimacy')" >frames.txt
    awk -F, -v o="$1" 'NR == FNR {f[$0] = 1; next} $1 == o && ($3 in f) {h += $7; t = $5} END {printf "%.6f\n", 1000 * h / t}' frames.txt u.csv
}
rt_l=$(rate RT legitimizing); bbc_l=$(rate BBC legitimizing)
rt_d=$(rate RT delegitimizing); bbc_d=$(rate BBC delegitimizing)
check "RT's own-voice legitimizing rate ($rt_l) exceeds BBC's ($bbc_l)" awk "BEGIN {exit !($rt_l > $bbc_l)}"
check "BBC's own-voice delegitimizing rate ($bbc_d) exceeds RT's ($rt_d)" awk "BEGIN {exit !($bbc_d > $rt_d)}"
run profile --db u.db --lexicon war-legitimacy --format json
check "RT's preference index is positive, BBC's negative" python3 -c "
import json
p = {x['outlet']: x for x in json.load(open('$T/out'))['preferences']}
assert p['RT']['index'] > 0 and p['RT']['ci_low'] > 0, p['RT']
assert p['BBC']['index'] < 0 and p['BBC']['ci_high'] < 0, p['BBC']
"
# compare and keyness on the same database (ingested once for the three)
run compare --db u.db --lexicon war-legitimacy --format csv RT BBC
expect_rc "ukraine-2022 compare RT BBC exits 0" 0
check "RT says special operation and defence of Donbass more than BBC, BBC invasion more (BH)" python3 -c "
import csv
r = {x['frame']: x for x in csv.DictReader(open('$T/out'))}
for f in ('special-operation', 'defence-of-donbass'):
    assert float(r[f]['log_ratio']) > 0 and float(r[f]['g2']) > 0 and float(r[f]['p_adjusted']) < 0.05, r[f]
assert float(r['invasion']['g2']) < 0 and float(r['invasion']['p_adjusted']) < 0.05, r['invasion']
"
run compare --db u.db --format csv
expect_rc "ukraine-2022 compare, every pair, exits 0" 0
check "every pair of 15 outlets for every frame" test "$(tail -n +2 "$T/out" | wc -l)" -eq $((105 * $(sql u.db "SELECT COUNT(*) FROM frames f JOIN lexicons l ON l.id = f.lexicon_id WHERE l.name <> 'attribution'")))
run terms --db u.db --keyness --outlet RT --top 50 --format csv
expect_rc "ukraine-2022 keyness exits 0" 0
check "RT's 50 most distinctive terms" test "$(tail -n +2 "$T/out" | wc -l)" -eq 50
