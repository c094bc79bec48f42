# The kursk set: five outlets, page furniture gone, article text kept.
if ! shared; then skip "kursk ingest" "../shared/corpus is absent"; return 0; fi
run ingest --db k.db "$SHARED/kursk"
expect_rc "kursk ingests with exit 0" 0
check "5 documents" test "$(sql k.db 'SELECT COUNT(*) FROM documents')" = 5
check "5 outlets named after the folders" test "$(sql k.db 'SELECT group_concat(name, " ") FROM (SELECT name FROM outlets ORDER BY name)')" = "newsweek pravda-ru tass the-gaze ukrainska-pravda"
doc() { sql k.db "SELECT d.text FROM documents d JOIN outlets o ON o.id = d.outlet_id WHERE o.name = '$1'"; }
has() { doc "$1" | grep -qF -- "$2"; }
hasnt() { ! has "$1" "$2"; }
# lines that must go
check "the-gaze: Menu goes" sh -c "! sqlite3 k.db \"SELECT text FROM documents d JOIN outlets o ON o.id=d.outlet_id WHERE o.name='the-gaze'\" | grep -qx 'Menu'"
check "the-gaze: cookie notice goes" hasnt the-gaze "We use cookies"
check "the-gaze: browser page goes" hasnt the-gaze "Outdated Browser"
check "the-gaze: Ukrainian browser text goes" hasnt the-gaze "людей використовує"
check "the-gaze: Similar articles goes" hasnt the-gaze "Similar articles"
check "newsweek: Related Articles tail goes" hasnt newsweek "Related Articles"
check "newsweek: Yahoo stories go" hasnt newsweek "Ramstein"
check "newsweek: Patreon plug goes" hasnt newsweek "Patreon"
check "ukrainska-pravda: All Sections goes" hasnt ukrainska-pravda "All Sections"
check "ukrainska-pravda: Patreon plug goes" hasnt ukrainska-pravda "Support Ukrainska Pravda on Patreon!"
check "pravda-ru: Telegram plug goes" hasnt pravda-ru "Subscribe to Pravda.Ru Telegram channel"
check "date stamps are not text" sh -c "! sqlite3 k.db 'SELECT text FROM documents' | grep -q '^ *date 2025-'"
# lines that must stay
check "the-gaze: article text stays" has the-gaze "North Korea has begun construction of a museum"
check "the-gaze: KCNA statement stays" has the-gaze "brilliant military exploits"
check "newsweek: Shoigu quote stays" has newsweek "They fought for the liberation of our land"
check "newsweek: Putin quote stays" has newsweek "The Russian people will never forget"
check "ukrainska-pravda: lead stays" has ukrainska-pravda "North Korean dictator Kim Jong Un has conferred awards"
check "ukrainska-pravda: background bullet stays" has ukrainska-pravda "war against Ukraine"
check "pravda-ru: first sentence after the stamp stays" has pravda-ru "North Korean leader Kim Jong Un has praised"
check "pravda-ru: Gerasimov quote stays" has pravda-ru "liberation of the border areas"
check "pravda-ru: Hangul is stored intact" has pravda-ru "조선인민군"
check "tass: nothing removed" test "$(sql k.db "SELECT n_boilerplate FROM documents d JOIN outlets o ON o.id=d.outlet_id WHERE o.name='tass'")" = 0
check "tass: stamp gives the date" test "$(sql k.db "SELECT date FROM documents d JOIN outlets o ON o.id=d.outlet_id WHERE o.name='tass'")" = 2025-10-24
check "pravda-ru: Hangul tokens are terms" test "$(sql k.db "SELECT COUNT(*) FROM forms WHERE form = '조선인민군'")" = 1
check "the-gaze: boilerplate lines counted" test "$(sql k.db "SELECT n_boilerplate FROM documents d JOIN outlets o ON o.id=d.outlet_id WHERE o.name='the-gaze'")" -gt 10
n1=$(sql k.db "SELECT COUNT(*) || '/' || SUM(n_tokens) FROM documents")
f1=$(sql k.db "SELECT COUNT(*) || '/' || SUM(count) FROM outlet_forms")
run ingest --db k.db "$SHARED/kursk"
expect_rc "ingesting kursk again exits 0" 0
check "ingesting kursk again adds nothing" test "$(sql k.db "SELECT COUNT(*) || '/' || SUM(n_tokens) FROM documents")/$(sql k.db "SELECT COUNT(*) || '/' || SUM(count) FROM outlet_forms")" = "$n1/$f1"
run ingest --db keep.db --keep-boilerplate "$SHARED/kursk"
check "--keep-boilerplate keeps the furniture" sh -c "sqlite3 keep.db 'SELECT text FROM documents' | grep -q 'We use cookies'"
run ingest --db one.db --outlet "Wire" "$SHARED/kursk"
check "--outlet names every document's outlet" test "$(sql one.db 'SELECT group_concat(name) FROM outlets')" = "Wire"
