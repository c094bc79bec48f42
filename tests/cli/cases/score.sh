# slant score: re-scoring reproduces ingest, is idempotent, and an edited lexicon replaces its
# old hits (never mixes); usage and database errors.
D="$ROOT/tests/data/cli"
# every hit, keyed by what survives a re-score (not by row ids)
dump() {
    sql "$1" "SELECT d.hash, l.name, l.hash, f.name, p.pattern, h.tok_start, h.tok_end,
        h.byte_start, h.byte_end, h.weight, h.voice, h.negated, h.distanced
        FROM hits h JOIN documents d ON d.id = h.doc_id JOIN lexicons l ON l.id = h.lexicon_id
        JOIN frames f ON f.id = h.frame_id JOIN patterns p ON p.id = h.pattern_id
        ORDER BY 1, 2, 6, 8"
}
# hits of libtest whose text is WORD (folded), counted in SQL from the byte spans
caught() {
    sql a.db "SELECT COUNT(*) FROM hits h JOIN documents d ON d.id = h.doc_id
        JOIN lexicons l ON l.id = h.lexicon_id WHERE l.name = 'libtest'
        AND lower(CAST(substr(CAST(d.text AS BLOB), h.byte_start + 1,
                              h.byte_end - h.byte_start) AS TEXT)) = '$1'"
}
cp "$D/libtest.lex" lib.lex

run score --help
expect_rc "score --help exits 0" 0
check "score --help prints the usage on stdout" grep -q '^usage: slant score' "$T/out"
run score --db a.db extra
expect_rc "an unexpected argument is a usage error" 2
run score --bogus
expect_rc "an unknown option is a usage error" 2
run score --db missing.db --lexicon lib.lex
expect_rc "scoring a database that is not there exits 3" 3
check "no database is created" test ! -e missing.db

run ingest --db a.db --lexicon attribution --lexicon lib.lex "$D/liber"
expect_rc "ingest of the liber corpus with libtest" 0
dump a.db >ingest.hits
v1=$(sql a.db "SELECT hash FROM lexicons WHERE name = 'libtest'")
check "ingest stored libtest hits" test "$(sql a.db "SELECT COUNT(*) FROM hits h JOIN lexicons l ON l.id = h.lexicon_id WHERE l.name = 'libtest'")" -gt 0

run score --db a.db --lexicon attribution --lexicon lib.lex
expect_rc "score exits 0" 0
check "score writes nothing on stdout" test ! -s "$T/out"
check "score summary gives docs/s" grep -q 'docs/s' "$T/err"
check "summary says the version is the same" grep -q 'libtest .*same version' "$T/err"
dump a.db >score1.hits
check "score reproduces the hits of ingest exactly" cmp -s ingest.hits score1.hits
check "the score run is a batch with command score, status ok" \
    test "$(sql a.db "SELECT command || ' ' || status FROM batches ORDER BY id DESC LIMIT 1")" = "score ok"
check "every document is marked scored with libtest" \
    test "$(sql a.db "SELECT COUNT(*) FROM scored s JOIN lexicons l ON l.id = s.lexicon_id WHERE l.name = 'libtest'")" = 3
run score --db a.db --lexicon attribution --lexicon lib.lex --quiet
expect_rc "scoring again exits 0" 0
check "--quiet prints nothing" test ! -s "$T/err"
dump a.db >score2.hits
check "scoring twice gives the same hits (idempotent)" cmp -s score1.hits score2.hits

# Hand counts on the corpus (tests/data/cli/liber): the stem pattern `liberation` catches
# liberation x4, liberal x3, liberals, liberated, liberators (stem liber).
check "v1 catches 'liberal' by its stem (3 times)" test "$(caught liberal)" = 3
check "v1 has 12 libtest hits" test "$(sql a.db "SELECT COUNT(*) FROM hits h JOIN lexicons l ON l.id = h.lexicon_id WHERE l.name = 'libtest'")" = 12

# Edit a pattern: `liberation` becomes the exact `=liberation`.
sed 's/^liberation$/=liberation/' lib.lex >lib2.lex && mv lib2.lex lib.lex
run score --db a.db --lexicon attribution --lexicon lib.lex
expect_rc "scoring with the edited lexicon exits 0" 0
check "summary says the version was replaced" grep -q "replaced version $v1" "$T/err"
check "one lexicons row for libtest" test "$(sql a.db "SELECT COUNT(*) FROM lexicons WHERE name = 'libtest'")" = 1
v2=$(sql a.db "SELECT hash FROM lexicons WHERE name = 'libtest'")
check "the stored hash changed" test "$v2" != "$v1"
check "the stored source is the edited file" \
    test "$(sql a.db "SELECT instr(source, '=liberation') > 0 FROM lexicons WHERE name = 'libtest'")" = 1
check "no hit of v1 left: 'liberal' is not caught any more" test "$(caught liberal)" = 0
check "no hit points at a pattern that is gone" \
    test "$(sql a.db "SELECT COUNT(*) FROM hits WHERE pattern_id NOT IN (SELECT id FROM patterns)")" = 0
# (lib.lex: 2 frames, 5 patterns; the new version may take the old one's id)
check "no pattern or frame of v1 is left: libtest has 5 patterns in 2 frames" \
    test "$(sql a.db "SELECT (SELECT COUNT(*) FROM patterns WHERE lexicon_id NOT IN (SELECT id FROM lexicons WHERE name <> 'libtest')) || '/' || (SELECT COUNT(*) FROM frames WHERE lexicon_id NOT IN (SELECT id FROM lexicons WHERE name <> 'libtest'))")" = 5/2
check "v1's pattern text is gone" \
    test "$(sql a.db "SELECT COUNT(*) FROM patterns p JOIN lexicons l ON l.id = p.lexicon_id WHERE l.name = 'libtest' AND p.pattern = 'liberation'")" = 0
# =liberation x4, and =liberators (shadowed in v1 by the stem pattern) x1; invasion, occupation
check "v2 has 7 libtest hits" test "$(sql a.db "SELECT COUNT(*) FROM hits h JOIN lexicons l ON l.id = h.lexicon_id WHERE l.name = 'libtest'")" = 7
check "v2: =liberators now matches once" test "$(caught liberators)" = 1
check "v2: the quoted, negated liberation" \
    test "$(sql a.db "SELECT COUNT(*) FROM hits h JOIN frames f ON f.id = h.frame_id WHERE f.name = 'liberation' AND h.voice = 'quoted' AND h.negated = 1")" = 1
check "v2: the so-called liberation is distanced" \
    test "$(sql a.db "SELECT COUNT(*) FROM hits h JOIN frames f ON f.id = h.frame_id WHERE f.name = 'liberation' AND h.distanced = 1")" = 1
check "the attribution lexicon's hits are untouched" \
    test "$(dump a.db | grep -c '|attribution|')" = "$(grep -c '|attribution|' ingest.hits)"
run ingest --db b.db --lexicon attribution --lexicon lib.lex "$D/liber"
expect_rc "fresh ingest with v2" 0
dump a.db >rescored.hits
dump b.db >fresh.hits
check "re-scored hits equal a fresh ingest with v2" cmp -s rescored.hits fresh.hits

# A lexicon with errors is refused and nothing changes.
cp a.db a.before
run score --db a.db --lexicon "$D/lint.lex"
check "a lexicon with errors is refused" test "$rc" -ne 0
check "the refusal names the problem lines" grep -q 'lint.lex:3:' "$T/err"
check "the database is unchanged after a refused lexicon" cmp -s a.db a.before

# A read-only database: exit 3, unchanged.
chmod 444 a.db
run score --db a.db --lexicon attribution --lexicon lib.lex
expect_rc "scoring a read-only database exits 3" 3
check "read-only database unchanged" cmp -s a.db a.before
chmod 644 a.db

# The default lexicons (all bundled) reproduce ingest's hits of the example corpus.
run ingest --db ex.db "$ROOT/examples"
dump ex.db >ex.ingest
run score --db ex.db
expect_rc "score with the bundled lexicons exits 0" 0
dump ex.db >ex.score
check "bundled lexicons: score equals ingest" cmp -s ex.ingest ex.score
check "bundled lexicons: hits are there" test -s ex.score

if shared; then
    run ingest --db k.db "$SHARED/kursk"
    dump k.db >k.ingest
    run score --db k.db
    expect_rc "score of kursk exits 0" 0
    dump k.db >k.score
    check "kursk: score equals ingest" cmp -s k.ingest k.score
else
    skip "kursk: score equals ingest" "../shared/corpus is absent"
fi

# A document stored without a stemmer (lang "uk": libstemmer has none) stays unstemmed when
# scored again: its Cyrillic text must not be re-detected as Russian and stemmed.
run ingest --db uk.db --lexicon "$D/cyr.lex" "$D/nostem.jsonl"
expect_rc "ingest of a document in a language without a stemmer" 0
check "it is stored with lang ''" test "$(sql uk.db "SELECT lang FROM documents WHERE ext_id = '1'")" = ""
dump uk.db >uk.ingest
run score --db uk.db --lexicon "$D/cyr.lex"
expect_rc "score of it exits 0" 0
dump uk.db >uk.score
check "unstemmed document: score equals ingest" cmp -s uk.ingest uk.score
check "the unstemmed document has no stem hits" \
    test "$(sql uk.db "SELECT COUNT(*) FROM hits h JOIN documents d ON d.id = h.doc_id WHERE d.ext_id = '1'")" = 0
check "the Russian-tagged copy has its 2 stem hits" \
    test "$(sql uk.db "SELECT COUNT(*) FROM hits h JOIN documents d ON d.id = h.doc_id WHERE d.ext_id = '2'")" = 2
