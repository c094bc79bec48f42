# kill -9 during an ingest, then the same command again: exactly the counts of a clean run.
# Two ingests into one database at once both succeed.
if ! shared; then skip "kill -9 and concurrency" "../shared/corpus is absent"; return 0; fi
J="$SHARED/ukraine-2022/articles.jsonl"
counts() { sql "$1" "SELECT (SELECT COUNT(*) FROM documents) || '/' || (SELECT SUM(n_tokens) FROM documents) || '/' || (SELECT COUNT(*) FROM outlet_forms) || '/' || (SELECT SUM(count) FROM outlet_forms) || '/' || (SELECT COUNT(*) FROM hits)"; }
run ingest --db clean.db "$J"
clean=$(counts clean.db)
killed=0
for delay in 0.2 0.5 0.9; do
    rm -f k.db k.db-journal
    "$SLANT" ingest --quiet --db k.db "$J" >/dev/null 2>&1 &
    pid=$!
    sleep $delay
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    crash_rc=$?
    check "integrity ok after kill -9 at ${delay}s" test "$(sql k.db 'PRAGMA integrity_check' 2>&1)" = ok
    ndocs=$(sql k.db "SELECT COUNT(*) FROM documents" 2>/dev/null || echo 0)
    # the batch is one transaction: nothing, or all of it when the kill came after the commit
    check "no half batch visible after kill -9 at ${delay}s" test "$ndocs" -eq 0 -o "$ndocs" -eq 3503
    [ $crash_rc = 137 ] && [ "$ndocs" -eq 0 ] && killed=$((killed + 1))
    run ingest --db k.db "$J"
    expect_rc "re-run after kill at ${delay}s exits 0" 0
    check "re-run after kill at ${delay}s gives the clean counts" test "$(counts k.db)" = "$clean"
done
check "at least one ingest was killed mid-way" test $killed -ge 1

# two writers at once: one waits, both succeed, nothing lost
mkdir -p a/X b/Y
printf 'Alpha words here.\n' >a/X/1.txt
printf 'Beta words here.\n' >b/Y/1.txt
"$SLANT" ingest --quiet --db two.db "$J" >/dev/null 2>err1 & p1=$!
sleep 0.2
"$SLANT" ingest --quiet --db two.db a b >/dev/null 2>err2 & p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
check "first concurrent ingest exits 0" test $r1 = 0
check "second concurrent ingest exits 0" test $r2 = 0
check "both batches stored" test "$(sql two.db 'SELECT COUNT(*) FROM documents')" = 3505
check "two batches recorded" test "$(sql two.db "SELECT COUNT(*) FROM batches WHERE status = 'ok'")" = 2
