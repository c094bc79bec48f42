# slant lexicon check (lint, and patterns against a database) and slant lexicon import.
D="$ROOT/tests/data/cli"

# ---- help and usage
for sub in "" "check " "import "; do
    run lexicon ${sub}--help
    expect_rc "lexicon ${sub}--help exits 0" 0
    check "lexicon ${sub}--help prints a usage line on stdout" grep -q "^usage: slant lexicon ${sub}" "$T/out"
done
run lexicon
expect_rc "lexicon without a subcommand is a usage error" 2
run lexicon frobnicate
expect_rc "an unknown lexicon subcommand is a usage error" 2
run lexicon check
expect_rc "check without a file is a usage error" 2
run lexicon check "$D/libtest.lex" "$D/lint.lex"
expect_rc "check with two files is a usage error" 2
run lexicon check --format xml "$D/libtest.lex"
expect_rc "check with an unknown format is a usage error" 2
run lexicon import
expect_rc "import without a file is a usage error" 2

# ---- lint
run lexicon check "$D/libtest.lex"
expect_rc "a clean lexicon checks with exit 0" 0
check "clean: nothing on stderr" test ! -s "$T/err"
check "clean: name, hash and counts on stdout" \
    grep -q '^lexicon libtest (hash [0-9a-f]\{16\}, language en): 2 frames, 5 patterns, 0 errors, 0 warnings' "$T/out"
run lexicon check "$D/lint.lex"
expect_rc "a lexicon with errors exits 1" 1
check "unknown key named with line 3" grep -q 'lint.lex:3: error: unknown key @colour' "$T/err"
check "pattern before any frame named with line 4" grep -q 'lint.lex:4: error: pattern before' "$T/err"
check "empty frame named with line 5" grep -q 'lint.lex:5: error: empty frame \[empty\]' "$T/err"
check "bare * named with line 8" grep -q "lint.lex:8: error: a bare '\*'" "$T/err"
check "weight inf named with line 9" grep -q "lint.lex:9: error: .*'inf'" "$T/err"
check "weight nan named with line 10" grep -q "lint.lex:10: error: .*'nan'" "$T/err"
check "weight 1,5 named with line 11" grep -q "lint.lex:11: error: .*'1,5'" "$T/err"
check "duplicate frame named with line 12" grep -q 'lint.lex:12: error: duplicate frame \[first\]' "$T/err"
check "duplicate pattern is a warning on line 16" grep -q 'lint.lex:16: warning: duplicate pattern' "$T/err"
check "exactly 8 errors, one per problem line" test "$(grep -c ': error: ' "$T/err")" = 8
check "the summary counts 8 errors and 1 warning" grep -q '8 errors, 1 warning' "$T/out"
run lexicon check --format json "$D/lint.lex"
check "json: errors and warnings counted" python3 -c "
import json; d = json.load(open('$T/out')); assert d['errors'] == 8 and d['warnings'] == 1, d"
run lexicon check nosuch.lex
expect_rc "a missing lexicon file exits 1" 1
check "the message names the missing file" grep -q 'nosuch.lex' "$T/err"
printf '@language xx\n[only]\nwar\n' >warn2.lex
run lexicon check warn2.lex
expect_rc "warnings only (a language without a stemmer) exit 0" 0

# ---- against a database
cp "$D/libtest.lex" lib.lex
run ingest --db a.db --lexicon attribution --lexicon lib.lex "$D/liber"
expect_rc "ingest of the liber corpus" 0
run lexicon check --db a.db --format csv lib.lex
expect_rc "check --db exits 0" 0
cp "$T/out" stored.csv
check "csv header" test "$(head -1 stored.csv)" = "kind,line,frame,pattern,item,count,stem"
# Hand counts on tests/data/cli/liber: liberation x4, liberal x3, liberals, liberated, liberators.
check "stem pattern liberation: 10 hits" grep -qx 'pattern,7,liberation,liberation,,10,' stored.csv
check "forms caught, most frequent first" \
    test "$(grep '^form,7,' stored.csv | cut -d, -f5,6 | tr '\n' ' ')" = "liberation,4 liberal,3 liberals,1 liberated,1 liberators,1 "
check "invasion caught once" grep -qx 'form,11,invasion,invasion,invasion,1,' stored.csv
check "never matching =liberators has 0 hits" grep -qx 'pattern,8,liberation,=liberators,,0,' stored.csv
check "never matching annexation has 0 hits" grep -qx 'pattern,13,invasion,annexation,,0,' stored.csv
check "collision: liberal shares the stem liber" grep -qx 'collision,7,liberation,liberation,liberal,3,liber' stored.csv
check "collision: liberals too" grep -qx 'collision,7,liberation,liberation,liberals,1,liber' stored.csv
check "the word written is not a collision" sh -c "! grep -q '^collision,7,liberation,liberation,liberation,' stored.csv"
check "invasion has no collision (its one form is itself)" sh -c "! grep -q '^collision,11,' stored.csv"
# inflections of the word written are not collisions; derived words with its stem are
printf '[free]\nliberate\n' >verb.lex
run lexicon check --db a.db --format csv verb.lex
check "liberate: liberated is its inflection, not a collision" sh -c "! grep -q '^collision,.*,liberated,' '$T/out'"
check "liberate: liberation, liberal, liberals, liberators collide" \
    test "$(grep '^collision,' "$T/out" | cut -d, -f5 | sort | tr '\n' ' ')" = "liberal liberals liberation liberators "
run lexicon check --db a.db lib.lex
check "table: stored hits are used" grep -q '^hits: stored in the database for this version (3 documents)' "$T/out"
check "table: the liberation/liberal collision" grep -q 'liberation (stem liber): liberal 3, liberals 1' "$T/out"
check "table: two patterns never matched" grep -q '^never matched: 2 patterns' "$T/out"
run lexicon check --db a.db --format json lib.lex
check "json: stored, 3 documents, 10 hits for liberation" python3 -c "
import json; d = json.load(open('$T/out'))
assert d['database']['hits_from'] == 'stored' and d['database']['documents'] == 3, d['database']
p = d['patterns'][0]; assert p['pattern'] == 'liberation' and p['hits'] == 10, p
assert {'stem': 'liber', 'form': 'liberal', 'count': 3} in p['collisions'], p"

# An edited copy (another hash) is scored in memory, with the same counts, writing nothing.
printf '# an edit that changes only the hash\n' >>lib.lex
cp a.db a.before
chmod 444 a.db
run lexicon check --db a.db --format csv lib.lex
expect_rc "check of an edited lexicon on a read-only database exits 0" 0
check "in-memory scoring gives the same counts as the stored hits" cmp -s stored.csv "$T/out"
check "the database is not written" cmp -s a.db a.before
run lexicon check --db a.db lib.lex
check "table says the documents were scored in memory" grep -q '^hits: scored in memory over 3 documents (the database holds another version' "$T/out"
chmod 644 a.db
run ingest --db n.db --no-score "$D/liber"
run lexicon check --db n.db --format csv "$D/libtest.lex"
check "a database without the lexicon: scored in memory, same counts" cmp -s stored.csv "$T/out"
run lexicon check --db n.db --format json "$D/libtest.lex"
check "json says scored" python3 -c "
import json; d = json.load(open('$T/out')); assert d['database']['hits_from'] == 'scored', d"
run lexicon check --db missing.db "$D/libtest.lex"
expect_rc "check against a missing database exits 3" 3
check "check does not create a database" test ! -e missing.db

# ---- import
run lexicon import "$D/small.dic"
expect_rc "import of a clean .dic exits 0" 0
cp "$T/out" small.lex
check "categories become frames" test "$(grep -c '^\[' small.lex)" = 2
check "the lexicon is named after the file" grep -qx '@lexicon small' small.lex
check "a plain word becomes an exact pattern" grep -qx '=rescue' small.lex
check "a prefix stays a prefix" grep -qx 'liberat\*' small.lex
check "a phrase becomes a multi-token pattern" grep -qx '=safe =haven' small.lex
check "an empty category is left out with a warning on its line" grep -q 'small.dic:4: warning: category 3' "$T/err"
run lexicon import -o out.lex --name rescue-harm "$D/small.dic"
expect_rc "import -o exits 0" 0
check "import -o writes nothing on stdout" test ! -s "$T/out"
check "--name sets @lexicon" grep -qx '@lexicon rescue-harm' out.lex
check "-o writes the same lexicon as stdout, but for the name" \
    test "$(sed 1,2d out.lex)" = "$(sed 1,2d small.lex)"
run lexicon check out.lex
expect_rc "the imported lexicon checks clean" 0
check "imported: 0 errors" grep -q '2 frames, 6 patterns, 0 errors, 0 warnings' "$T/out"
# scores: liberat* catches liberation x4, liberated, liberators (not liberal); Harm: invasion, occupation
run score --db a.db --lexicon out.lex --quiet
expect_rc "scoring with the imported lexicon exits 0" 0
check "imported lexicon: 8 hits stored" \
    test "$(sql a.db "SELECT COUNT(*) FROM hits h JOIN lexicons l ON l.id = h.lexicon_id WHERE l.name = 'rescue-harm'")" = 8
run lexicon check --db a.db --format csv out.lex
check "imported lexicon: liberat* hits 6 (stored)" grep -qx 'pattern,4,Rescue,liberat\*,,6,' "$T/out"
check "imported lexicon: exact patterns have no collisions" sh -c "! grep -q '^collision' '$T/out'"

run lexicon import "$D/bad.dic"
expect_rc "import with rejected entries exits 1" 1
check "unknown category named with line 6" grep -q 'bad.dic:6: error: unknown category 7' "$T/err"
check "a field that is not a number, line 7" grep -q "bad.dic:7: error: 'x' is not a category number" "$T/err"
check "an entry without a category, line 8" grep -q "bad.dic:8: error: entry 'raid' has no category" "$T/err"
check "a bare *, line 9" grep -q "bad.dic:9: error: .*bare" "$T/err"
check "the rest is imported" grep -qx '=occupation' "$T/out"
check "the rejected ones are not" sh -c "! grep -q 'invasion\|shelling\|raid' '$T/out'"
run lexicon import -o bad.lex "$D/bad.dic"
expect_rc "import -o with rejected entries exits 1" 1
check "import -o with rejected entries still writes the rest" grep -qx '=rescue' bad.lex
run lexicon check bad.lex
expect_rc "the partial import checks clean" 0
run lexicon import -o none.lex "$D/libtest.lex"
expect_rc "importing a file that is not a .dic exits 1" 1
check "nothing is written for an unusable .dic" test ! -e none.lex
check "no temporary file left" test ! -e none.lex.tmp
run lexicon import nosuch.dic
expect_rc "importing a missing file exits 1" 1
run lexicon import -o nodir/x.lex "$D/small.dic"
expect_rc "an unwritable output exits 3" 3

# ---- deterministic
run lexicon check --db a.db lib.lex
cp "$T/out" t1
run lexicon check --db a.db lib.lex
check "check output is deterministic" cmp -s t1 "$T/out"
