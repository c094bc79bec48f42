# A database of schema version 1 (a row per hit in a table `hits`) is upgraded by the first
# command that writes to it, keeping every hit; a read-only command says how to upgrade it.
# One of version 2 (documents.hash from another function) has its hashes recomputed; one of
# version 3 (each hit a JSON array of ten fields) has its hits rewritten in the compact form;
# one of version 4 (a row of the table scored per document and lexicon) has each document's
# rows folded into one row of scores.
hits_dump() {
    sql "$1" "SELECT doc_id, lexicon_id, frame_id, pattern_id, tok_start, tok_end, byte_start,
        byte_end, weight, typeof(weight), voice, negated, distanced FROM hits ORDER BY 1, 2, 5, 3"
}
# Make scored a table again, a row per document and lexicon, as version 4 had it.
to_v4() {
    sqlite3 "$1" "
DROP VIEW hits;
CREATE TABLE scored_t(doc_id INTEGER NOT NULL REFERENCES documents(id),
  lexicon_id INTEGER NOT NULL REFERENCES lexicons(id) ON DELETE CASCADE,
  n_hits INTEGER NOT NULL, n_quotes INTEGER NOT NULL,
  n_unbalanced INTEGER NOT NULL, hits TEXT NOT NULL,
  PRIMARY KEY(doc_id, lexicon_id));
INSERT INTO scored_t SELECT doc_id, lexicon_id, n_hits, n_quotes, n_unbalanced, hits
  FROM scored ORDER BY 1, 2;
DROP VIEW scored;
DROP TABLE scores;
ALTER TABLE scored_t RENAME TO scored;
CREATE INDEX scored_lexicon ON scored(lexicon_id);
CREATE VIEW hits(doc_id, lexicon_id, frame_id, pattern_id, tok_start, tok_end, byte_start, byte_end,
    weight, voice, negated, distanced) AS
  SELECT s.doc_id, s.lexicon_id, p.frame_id, p.id, json_extract(h.value, '\$[1]'),
    json_extract(h.value, '\$[1]') + json_extract(h.value, '\$[2]'),
    json_extract(h.value, '\$[3]'),
    json_extract(h.value, '\$[3]') + json_extract(h.value, '\$[4]'), p.weight,
    CASE json_extract(h.value, '\$[5]') / 4 WHEN 0 THEN 'own' WHEN 1 THEN 'attributed'
      ELSE 'quoted' END,
    json_extract(h.value, '\$[5]') / 2 % 2, json_extract(h.value, '\$[5]') % 2
  FROM scored s, json_each(s.hits) h JOIN patterns p ON p.id = json_extract(h.value, '\$[0]');
UPDATE meta SET value = '4' WHERE key = 'schema_version';
PRAGMA user_version = 4;"
}
# Rewrite scored.hits and the view hits as versions 2 and 3 had them.
to_v3() {
    to_v4 "$1"
    sqlite3 "$1" "
UPDATE scored SET hits = (SELECT COALESCE(json_group_array(json_array(p.frame_id, p.id,
    json_extract(h.value, '\$[1]'), json_extract(h.value, '\$[1]') + json_extract(h.value, '\$[2]'),
    json_extract(h.value, '\$[3]'), json_extract(h.value, '\$[3]') + json_extract(h.value, '\$[4]'),
    p.weight, CASE json_extract(h.value, '\$[5]') / 4 WHEN 0 THEN 'own' WHEN 1 THEN 'attributed'
    ELSE 'quoted' END, json_extract(h.value, '\$[5]') / 2 % 2, json_extract(h.value, '\$[5]') % 2)), '[]')
  FROM (SELECT value FROM json_each(scored.hits) ORDER BY key) h
  JOIN patterns p ON p.id = json_extract(h.value, '\$[0]'));
DROP VIEW hits;
CREATE VIEW hits(doc_id, lexicon_id, frame_id, pattern_id, tok_start, tok_end, byte_start, byte_end,
    weight, voice, negated, distanced) AS
  SELECT s.doc_id, s.lexicon_id, json_extract(h.value, '\$[0]'), json_extract(h.value, '\$[1]'),
    json_extract(h.value, '\$[2]'), json_extract(h.value, '\$[3]'), json_extract(h.value, '\$[4]'),
    json_extract(h.value, '\$[5]'), CAST(json_extract(h.value, '\$[6]') AS REAL),
    json_extract(h.value, '\$[7]'), json_extract(h.value, '\$[8]'), json_extract(h.value, '\$[9]')
  FROM scored s, json_each(s.hits) h;"
}
run ingest --db v.db "$ROOT/examples"
expect_rc "the example corpus ingests" 0
hits_dump v.db >before.hits
run profile --db v.db
cp "$T/out" before.profile
check "the example corpus has hits" test "$(wc -l <before.hits)" -gt 20

# turn it back into version 1, as the previous slant wrote it
to_v4 v.db
sqlite3 v.db "
CREATE TABLE h1 AS SELECT * FROM hits;
DROP VIEW hits;
CREATE TABLE hits(
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  lexicon_id INTEGER NOT NULL REFERENCES lexicons(id),
  frame_id INTEGER NOT NULL REFERENCES frames(id),
  pattern_id INTEGER NOT NULL REFERENCES patterns(id),
  tok_start INTEGER NOT NULL, tok_end INTEGER NOT NULL,
  byte_start INTEGER NOT NULL, byte_end INTEGER NOT NULL,
  weight REAL NOT NULL,
  voice TEXT NOT NULL CHECK (voice IN ('own','attributed','quoted')),
  negated INTEGER NOT NULL, distanced INTEGER NOT NULL,
  PRIMARY KEY (doc_id, lexicon_id, tok_start, frame_id)) WITHOUT ROWID;
INSERT INTO hits SELECT * FROM h1;
DROP TABLE h1;
CREATE TABLE s1 AS SELECT doc_id, lexicon_id, n_hits, n_quotes, n_unbalanced FROM scored;
DROP TABLE scored;
CREATE TABLE scored(doc_id INTEGER NOT NULL REFERENCES documents(id),
  lexicon_id INTEGER NOT NULL REFERENCES lexicons(id) ON DELETE CASCADE,
  n_hits INTEGER NOT NULL, n_quotes INTEGER NOT NULL,
  n_unbalanced INTEGER NOT NULL,
  PRIMARY KEY(doc_id, lexicon_id)) WITHOUT ROWID;
INSERT INTO scored SELECT * FROM s1;
DROP TABLE s1;
CREATE INDEX scored_lexicon ON scored(lexicon_id);
UPDATE meta SET value = '1' WHERE key = 'schema_version';
PRAGMA user_version = 1;"
check "the downgraded database is version 1" test "$(sql v.db 'PRAGMA user_version')" = 1
check "version 1 keeps hits as a table" test "$(sql v.db "SELECT type FROM sqlite_schema WHERE name = 'hits'")" = table
cp v.db v1.db

run profile --db v.db
expect_rc "a read-only command on a version-1 database exits 3" 3
check "it says which commands upgrade it" grep -q "slant ingest or slant score" "$T/err"
check "the read-only command leaves it at version 1" test "$(sql v.db 'PRAGMA user_version')" = 1

run ingest --db v.db "$ROOT/examples"
expect_rc "ingest into a version-1 database upgrades it and succeeds" 0
check "the database is now version 5" test "$(sql v.db 'PRAGMA user_version')" = 5
check "meta agrees" test "$(sql v.db "SELECT value FROM meta WHERE key = 'schema_version'")" = 5
check "hits is now a view" test "$(sql v.db "SELECT type FROM sqlite_schema WHERE name = 'hits'")" = view
hits_dump v.db >after.hits
check "every hit survives the upgrade, field for field" cmp -s before.hits after.hits
check "integrity ok after the upgrade" test "$(sql v.db 'PRAGMA integrity_check')" = ok
run profile --db v.db
check "the profile is the same as before" cmp -s before.profile "$T/out"

# an upgrade that cannot write leaves the file as it was
chmod 444 v1.db
cp v1.db v1.before
run ingest --db v1.db "$ROOT/examples"
expect_rc "a read-only version-1 database cannot be upgraded: exit 3" 3
check "it is left as it was" cmp -s v1.db v1.before

# Version 2: the same tables, documents.hash from another hash function.
# Stand-in values (not the new function's) show that the upgrade recomputes
# them from the text: the same input then adds nothing.
run ingest --db v2.db "$ROOT/examples"
expect_rc "the example corpus ingests again" 0
sql v2.db "SELECT id, hash FROM documents ORDER BY id" >v3.hashes
n_docs=$(sql v2.db "SELECT COUNT(*) FROM documents")
to_v3 v2.db
sqlite3 v2.db "UPDATE documents SET hash = lower(hex(randomblob(16)));
UPDATE meta SET value = '2' WHERE key = 'schema_version';
PRAGMA user_version = 2;"
check "the downgraded database is version 2" test "$(sql v2.db 'PRAGMA user_version')" = 2
check "its hashes are other values" test "$(sql v2.db "SELECT id, hash FROM documents ORDER BY id" | cmp -s - v3.hashes; echo $?)" = 1
run profile --db v2.db
expect_rc "a read-only command on a version-2 database exits 3" 3
check "it says which commands upgrade it (version 2)" grep -q "version 2 predates.*slant ingest or slant score" "$T/err"
check "and leaves it at version 2" test "$(sql v2.db 'PRAGMA user_version')" = 2
run ingest --db v2.db "$ROOT/examples"
expect_rc "ingest into a version-2 database upgrades it and succeeds" 0
check "the version-2 database is now version 5" test "$(sql v2.db 'PRAGMA user_version')" = 5
check "its meta agrees" test "$(sql v2.db "SELECT value FROM meta WHERE key = 'schema_version'")" = 5
check "every hash is recomputed from the text" test "$(sql v2.db "SELECT id, hash FROM documents ORDER BY id" | cmp -s - v3.hashes; echo $?)" = 0
check "so the same input adds nothing" test "$(sql v2.db "SELECT COUNT(*) FROM documents")" = "$n_docs"
check "every document is counted as a duplicate" \
    test "$(sql v2.db 'SELECT n_duplicate FROM batches ORDER BY id DESC LIMIT 1')" = "$n_docs"
check "integrity ok after the hash upgrade" test "$(sql v2.db 'PRAGMA integrity_check')" = ok

# upgrade_by_ingest DB V: a read-only command on the version-V database DB
# exits 3 and says which commands upgrade it; an ingest upgrades it to 5
upgrade_by_ingest() {
    run profile --db "$1"
    expect_rc "a read-only command on a version-$2 database exits 3" 3
    check "it says which commands upgrade it (version $2)" grep -q "version $2 predates.*slant ingest or slant score" "$T/err"
    run ingest --db "$1" "$ROOT/examples"
    expect_rc "ingest into a version-$2 database upgrades it and succeeds" 0
    check "the version-$2 database is now version 5" test "$(sql "$1" 'PRAGMA user_version')" = 5
}

# Version 3: each hit a JSON array of ten fields (frame, weight and the voice's
# name in every hit).  The upgrade writes them as this slant does, byte for byte.
run ingest --db v3.db "$ROOT/examples"
expect_rc "the example corpus ingests a third time" 0
hits_dump v3.db >v4.hits
sql v3.db "SELECT doc_id, lexicon_id, hits FROM scored ORDER BY 1, 2" >v4.scored
run profile --db v3.db
cp "$T/out" v4.profile
to_v3 v3.db
sqlite3 v3.db "UPDATE meta SET value = '3' WHERE key = 'schema_version'; PRAGMA user_version = 3;"
check "the downgraded database is version 3" test "$(sql v3.db 'PRAGMA user_version')" = 3
check "its hits have ten fields" test "$(sql v3.db "SELECT json_array_length(hits, '\$[0]') FROM scored WHERE n_hits > 0 LIMIT 1")" = 10
hits_dump v3.db >v3.hits
check "its view gives the same hits" cmp -s v3.hits v4.hits
upgrade_by_ingest v3.db 3
check "its meta says 5" test "$(sql v3.db "SELECT value FROM meta WHERE key = 'schema_version'")" = 5
hits_dump v3.db >v3.after
check "every hit survives the compaction, field for field" cmp -s v3.after v4.hits
check "scored.hits is what this slant writes, byte for byte" \
    test "$(sql v3.db "SELECT doc_id, lexicon_id, hits FROM scored ORDER BY 1, 2" | cmp -s - v4.scored; echo $?)" = 0
check "integrity ok after the compaction" test "$(sql v3.db 'PRAGMA integrity_check')" = ok
run profile --db v3.db
check "the profile is the same after the compaction" cmp -s v4.profile "$T/out"

# Version 4: a row of the table scored per document and lexicon.  The upgrade
# folds them into one row of scores per document, as this slant writes it.
run ingest --db v4.db "$ROOT/examples"
expect_rc "the example corpus ingests a fourth time" 0
sql v4.db "SELECT doc_id, n_quotes, n_unbalanced, hits FROM scores ORDER BY 1" >v5.scores
check "a row of scores holds every lexicon" \
    test "$(sql v4.db "SELECT MAX(json_array_length(hits)) FROM scores")" = 3
to_v4 v4.db
check "the downgraded database is version 4" test "$(sql v4.db 'PRAGMA user_version')" = 4
check "version 4 keeps scored as a table" test "$(sql v4.db "SELECT type FROM sqlite_schema WHERE name = 'scored'")" = table
hits_dump v4.db >v4.dump
check "its view gives the same hits (version 4)" cmp -s v4.dump v4.hits
upgrade_by_ingest v4.db 4
check "scored is now a view" test "$(sql v4.db "SELECT type FROM sqlite_schema WHERE name = 'scored'")" = view
check "scores is what this slant writes, byte for byte" \
    test "$(sql v4.db "SELECT doc_id, n_quotes, n_unbalanced, hits FROM scores ORDER BY 1" | cmp -s - v5.scores; echo $?)" = 0
hits_dump v4.db >v4.after
check "every hit survives the folding, field for field" cmp -s v4.after v4.hits
check "integrity ok after the folding" test "$(sql v4.db 'PRAGMA integrity_check')" = ok
run profile --db v4.db
check "the profile is the same after the folding" cmp -s v4.profile "$T/out"
