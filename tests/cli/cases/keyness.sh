# slant terms --keyness on examples/: every format, floors, the vocabulary line.
run ingest --db ex.db "$ROOT/examples"
expect_rc "ingest examples" 0
run terms --db ex.db --alpha0 10
expect_rc "--alpha0 without --keyness is a usage error" 2
run terms --db ex.db --keyness --alpha0 -1
expect_rc "a negative --alpha0 is a usage error" 2
run terms --db ex.db --keyness --outlet nobody
expect_rc "an unknown outlet exits 2" 2

run terms --db ex.db --keyness --format csv
expect_rc "terms --keyness --format csv exits 0" 0
check "keyness csv header" test "$(head -1 "$T/out")" = "outlet,term,surface,count,count_rest,log_odds,z,g2,log_ratio"
check "20 rows per outlet by default" test "$(tail -n +2 "$T/out" | wc -l)" -eq 80
cp "$T/out" k1.csv
run terms --db ex.db --keyness --format csv
check "keyness csv: same bytes twice" cmp -s k1.csv "$T/out"
check "rows by outlet, z descending, counts add up to the corpus" python3 -c "
import csv, sqlite3
rows = list(csv.DictReader(open('k1.csv')))
db = sqlite3.connect('ex.db')
tot = dict(db.execute('SELECT t.stem, SUM(o.count) FROM outlet_forms o JOIN forms f ON f.id = o.form_id JOIN terms t ON t.id = f.term_id GROUP BY t.id'))
prev = None
for r in rows:
    assert int(r['count']) + int(r['count_rest']) == tot[r['term']], r
    if prev and prev['outlet'] == r['outlet']:
        assert float(prev['z']) >= float(r['z'])
    prev = r
"
check "valdoria-today's distinctive terms include liberation" grep -q '^valdoria-today,liber,liberation,' k1.csv
run terms --db ex.db --keyness --top 0 --format csv
check "--top 0: every term an outlet uses" test "$(tail -n +2 "$T/out" | wc -l)" -eq "$(sql ex.db 'SELECT COUNT(*) FROM (SELECT DISTINCT o.outlet_id, f.term_id FROM outlet_forms o JOIN forms f ON f.id = o.form_id)')"
run terms --db ex.db --keyness --format json --min-count 3 --alpha0 500
expect_rc "terms --keyness --format json exits 0" 0
check "keyness json parses and states vocabulary and floor" python3 -c "
import json, sqlite3
d = json.load(open('$T/out'))
db = sqlite3.connect('ex.db')
n = db.execute('SELECT COUNT(*) FROM (SELECT f.term_id FROM outlet_forms o JOIN forms f ON f.id = o.form_id GROUP BY f.term_id HAVING SUM(o.count) >= 3)').fetchone()[0]
used = db.execute('SELECT COUNT(DISTINCT term_id) FROM forms').fetchone()[0]
assert d['min_count'] == 3 and d['alpha0'] == 500 and d['vocabulary'] == n, (d['vocabulary'], n)
assert d['below_floor'] == used - n
assert len(d['terms']) == 80 and all(t['count'] + t['count_rest'] >= 3 for t in d['terms'])
"
run terms --db ex.db --keyness --outlet kessen-courier --top 5
expect_rc "keyness table exits 0" 0
check "table prints the vocabulary size" grep -q '^vocabulary: [0-9]* terms (no frequency floor)' "$T/out"
check "table: 5 rows of kessen-courier" test "$(grep -c '^kessen-courier ' "$T/out")" -eq 5
run terms --db ex.db --keyness --min-count 2 --top 1
check "table prints the floor" grep -q 'used at least 2 times; [0-9]* rarer terms left out' "$T/out"
# the ordinary terms listing is unchanged by the new options
run terms --db ex.db --top 3 --format csv
check "terms without --keyness keep their columns" test "$(head -1 "$T/out")" = "outlet,rank,term,surface,count,rate_per_1k"
