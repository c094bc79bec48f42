# slant compare on examples/: every format, pairs, --vs-rest, one pair, voices.
run ingest --db ex.db "$ROOT/examples"
expect_rc "ingest examples" 0
run compare --help
expect_rc "compare --help exits 0" 0
check "compare --help prints usage on stdout" grep -q '^usage: slant compare' "$T/out"
run compare --db ex.db --voice loud
expect_rc "unknown voice is a usage error" 2
run compare --db ex.db kessen-courier
expect_rc "one outlet is a usage error" 2
run compare --db ex.db --vs-rest kessen-courier valdoria-today
expect_rc "--vs-rest with a pair is a usage error" 2
run compare --db ex.db kessen-courier nobody
expect_rc "an unknown outlet exits 2" 2
check "the unknown outlet is named" grep -q "nobody" "$T/err"

nf=$(sql ex.db "SELECT COUNT(*) FROM frames f JOIN lexicons l ON l.id = f.lexicon_id WHERE l.name <> 'attribution'")
run compare --db ex.db --format csv
expect_rc "compare --format csv exits 0" 0
check "compare csv header" test "$(head -1 "$T/out")" = "lexicon,frame,outlet_a,outlet_b,hits_a,tokens_a,hits_b,tokens_b,log_ratio,g2,p_value,p_adjusted,docs_a,docs_b,mw_u,mw_p,mw_p_adjusted,voice"
check "6 pairs x $nf frames" test "$(tail -n +2 "$T/out" | wc -l)" -eq $((6 * nf))
cp "$T/out" c1.csv
run compare --db ex.db --format csv
check "compare csv: same bytes twice" cmp -s c1.csv "$T/out"
check "rows sorted, a < b, BH monotone and >= p" python3 -c "
import csv
rows = list(csv.DictReader(open('c1.csv')))
lex = [r['lexicon'] for r in rows]
assert lex == sorted(lex)
for r in rows:
    assert r['outlet_a'] < r['outlet_b']
    assert float(r['p_adjusted']) >= float(r['p_value']) - 1e-6 and float(r['p_adjusted']) <= 1
    assert r['voice'] == 'own'
s = sorted(rows, key=lambda r: float(r['p_value']))
adj = [float(r['p_adjusted']) for r in s]
assert all(a <= b + 1e-6 for a, b in zip(adj, adj[1:]))
"
check "kessen-courier vs valdoria-today, liberation: fewer own hits in A, negative G2" python3 -c "
import csv
r = [r for r in csv.DictReader(open('c1.csv')) if r['frame'] == 'liberation' and r['outlet_a'] == 'kessen-courier' and r['outlet_b'] == 'valdoria-today'][0]
assert int(r['hits_a']) < int(r['hits_b']) and float(r['g2']) < 0 and float(r['log_ratio']) < 0, r
"
run compare --db ex.db --format json
expect_rc "compare --format json exits 0" 0
check "compare json parses, same rows as the CSV" python3 -c "
import csv, json
d = json.load(open('$T/out'))
rows = list(csv.DictReader(open('c1.csv')))
assert d['voice'] == 'own' and len(d['compare']) == len(rows)
assert all(k in d['compare'][0] for k in rows[0].keys()) and 'significant' in d['compare'][0]
assert [x['p_adjusted'] for x in d['compare']] == [float(r['p_adjusted']) for r in rows]
"
cp "$T/out" c1.json
run compare --db ex.db --format json
check "compare json: same bytes twice" cmp -s c1.json "$T/out"
run compare --db ex.db --lexicon war-legitimacy
expect_rc "compare table exits 0" 0
check "table marks the BH-significant rows" grep -q '^\* war-legitimacy/' "$T/out"
check "table says how many are significant" grep -q 'rows significant' "$T/out"

run compare --db ex.db --vs-rest --lexicon war-legitimacy --format csv
expect_rc "--vs-rest exits 0" 0
check "--vs-rest: 4 outlets x 12 frames against (rest)" test "$(tail -n +2 "$T/out" | cut -d, -f4 | grep -cx '(rest)')" -eq 48
run compare --db ex.db --lexicon war-legitimacy --format csv valdoria-today kessen-courier
expect_rc "one pair exits 0" 0
check "one pair, in the order given" test "$(tail -n +2 "$T/out" | cut -d, -f3,4 | sort -u)" = "valdoria-today,kessen-courier"
check "one pair: 12 rows" test "$(tail -n +2 "$T/out" | wc -l)" -eq 12
run compare --db ex.db --lexicon war-legitimacy --voice quoted --format csv meridian-wire valdoria-today
check "--voice quoted: meridian-wire's 5 quoted liberation hits" grep -q '^war-legitimacy,liberation,meridian-wire,valdoria-today,5,' "$T/out"
check "--voice quoted is recorded in every row" test "$(tail -n +2 "$T/out" | cut -d, -f18 | sort -u)" = quoted
run compare --db ex.db --lexicon war-legitimacy --voice all --format csv meridian-wire valdoria-today
check "--voice all: meridian-wire's 5 liberation hits, valdoria-today's 12" grep -q '^war-legitimacy,liberation,meridian-wire,valdoria-today,5,[0-9]*,12,' "$T/out"
