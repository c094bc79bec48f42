# The bundled example corpus: ingest, idempotent re-ingest, terms in every format.
run ingest --db ex.db "$ROOT/examples"
expect_rc "ingest of examples/ exits 0" 0
check "stdout of ingest is empty (data only)" test ! -s "$T/out"
check "summary on stderr names an outlet" grep -q 'valdoria-today' "$T/err"
outlets=$(sql ex.db "SELECT COUNT(*) FROM outlets")
docs=$(sql ex.db "SELECT COUNT(*) FROM documents")
check "four outlets" test "$outlets" = 4
check "at least a dozen documents" test "$docs" -ge 12
check "integrity_check ok" test "$(sql ex.db 'PRAGMA integrity_check')" = ok
tokens=$(sql ex.db "SELECT SUM(n_tokens) FROM documents")
blob=$(sql ex.db "SELECT SUM(length(counts)) FROM documents")
run ingest --db ex.db "$ROOT/examples"
expect_rc "ingesting again exits 0" 0
check "ingesting again adds no document" test "$(sql ex.db 'SELECT COUNT(*) FROM documents')" = "$docs"
check "ingesting again reports every document as duplicate" \
    test "$(sql ex.db 'SELECT n_duplicate FROM batches ORDER BY id DESC LIMIT 1')" = "$docs"
check "outlet totals unchanged by the second run" \
    test "$(sql ex.db 'SELECT SUM(count) FROM outlet_forms')" = "$tokens"
# per-document counts blob sums to n_tokens for every document
python3 - ex.db >"$T/blobcheck" 2>&1 <<'PY'
import sqlite3, struct, sys
db = sqlite3.connect(sys.argv[1])
bad = 0
for n, blob in db.execute("SELECT n_tokens, counts FROM documents"):
    pairs = struct.unpack("<%dI" % (len(blob) // 4), blob)
    ids = pairs[0::2]
    if sum(pairs[1::2]) != n or list(ids) != sorted(ids) or len(set(ids)) != len(ids):
        bad += 1
print(bad)
PY
check "counts blobs decode and sum to n_tokens" test "$(cat "$T/blobcheck")" = 0
run terms --db ex.db --top 3 --format csv
expect_rc "terms --format csv exits 0" 0
check "terms csv header" test "$(head -1 "$T/out")" = "outlet,rank,term,surface,count,rate_per_1k"
check "terms csv has 3 rows per outlet" test "$(tail -n +2 "$T/out" | wc -l)" -eq 12
run terms --db ex.db --top 3 --format json
expect_rc "terms --format json exits 0" 0
check "terms json parses" python3 -c "import json,sys; d=json.load(open('$T/out')); assert len(d)==12 and 'rate_per_1k' in d[0]"
run terms --db ex.db --top 2 --outlet kessen-courier
check "terms --outlet filters" test "$(tail -n +2 "$T/out" | awk '{print $1}' | sort -u)" = "kessen-courier"
run terms --db ex.db --format csv --top 0 --stopwords
check "--stopwords keeps function words" grep -q ',the,the,' "$T/out"
run terms --db ex.db --format csv --top 0
check "function words left out by default" sh -c "! grep -q ',the,the,' '$T/out'"
run terms --db ex.db --format csv --top 5
cp "$T/out" first.csv
run terms --db ex.db --format csv --top 5
check "terms output is deterministic" cmp -s first.csv "$T/out"
run info --db ex.db
expect_rc "info exits 0" 0
check "info lists the batches" grep -q '^batches' "$T/out"
run terms --db ex.db --outlet "No Such Outlet"
expect_rc "terms --outlet with an unknown outlet is a usage error" 2
run show --db ex.db 1 --lexicon no-such-lexicon
expect_rc "show --lexicon with an unknown lexicon is a usage error" 2
