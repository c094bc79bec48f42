# ukraine-2022: 3,503 articles from 15 outlets, no rejection.
if ! shared; then skip "ukraine-2022 ingest" "../shared/corpus is absent"; return 0; fi
run ingest --db u.db "$SHARED/ukraine-2022/articles.jsonl"
expect_rc "ukraine-2022 ingests with exit 0" 0
check "3,503 documents" test "$(sql u.db 'SELECT COUNT(*) FROM documents')" = 3503
check "15 outlets" test "$(sql u.db 'SELECT COUNT(*) FROM outlets')" = 15
check "RT has 828 articles" test "$(sql u.db "SELECT COUNT(*) FROM documents d JOIN outlets o ON o.id=d.outlet_id WHERE o.name='RT'")" = 828
check "ids kept" test "$(sql u.db "SELECT COUNT(*) FROM documents WHERE ext_id LIKE 'ukm-%'")" = 3503
check "integrity ok" test "$(sql u.db 'PRAGMA integrity_check')" = ok
check "outlet totals equal document tokens" test "$(sql u.db 'SELECT SUM(count) FROM outlet_forms')" = "$(sql u.db 'SELECT SUM(n_tokens) FROM documents')"
# one thread and two threads store the same thing
run ingest --db u1.db --threads 1 --no-score "$SHARED/ukraine-2022/articles.jsonl"
run ingest --db u2.db --threads 2 --no-score "$SHARED/ukraine-2022/articles.jsonl"
q="SELECT d.id, o.name, d.hash, d.n_tokens, hex(d.counts) FROM documents d JOIN outlets o ON o.id = d.outlet_id ORDER BY d.id"
sql u1.db "$q" | md5sum >h1; sql u2.db "$q" | md5sum >h2
check "one or two threads give the same documents and counts" cmp -s h1 h2
