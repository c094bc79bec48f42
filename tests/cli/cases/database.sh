# Database failures: clear error, exit 3, database intact; read-only commands on read-only files.
mkdir -p in/A
printf 'Some words for the test.\n' >in/A/a.txt
printf 'More words for the test.\n' >in/A/b.txt
run ingest --db missing/dir/x.db in
expect_rc "database in a missing folder exits 3" 3
check "the error names the database" grep -q "missing/dir/x.db" "$T/err"

run ingest --db ro.db in
cp ro.db ro.before
chmod 444 ro.db
printf 'New words.\n' >in/A/c.txt
run ingest --db ro.db in
expect_rc "ingest into a read-only database exits 3" 3
check "the error says read-only" grep -q "read-only" "$T/err"
check "read-only database unchanged" cmp -s ro.db ro.before
rm -f in/A/c.txt
run info --db ro.db
expect_rc "info works on a read-only database" 0
run terms --db ro.db
expect_rc "terms works on a read-only database" 0
run info --db nonexistent.db
expect_rc "info on a missing database exits 3" 3
check "info does not create a database" test ! -e nonexistent.db

printf 'not a database at all, just text\n' >junk.db
run ingest --db junk.db in
expect_rc "a file that is not a database exits 3" 3
check "the junk file is untouched" grep -q 'not a database at all' junk.db

# a file-size limit mid-ingest: exit 3, the database as before
if shared; then
    run ingest --db fs.db in
    cp fs.db fs.before
    (ulimit -f 2048; "$SLANT" ingest --db fs.db "$SHARED/ukraine-2022/articles.jsonl" >out 2>err; echo $? >rc)
    check "file-size limit exits 3" test "$(cat rc)" = 3
    check "file-size limit gives a clear error" grep -qi "full\|size limit" err
    check "database intact after the limit" test "$(sql fs.db 'PRAGMA integrity_check')" = ok
    check "nothing of the failed batch stored" test "$(sql fs.db 'SELECT COUNT(*) FROM documents')" = 2
else
    skip "file-size limit" "../shared/corpus is absent"
fi

# a new database has 16 KiB pages; one made with 4 KiB pages keeps them, and
# ingest into it works
run ingest --db new.db in
check "a new database has 16 KiB pages" test "$(sql new.db 'PRAGMA page_size')" = 16384
cp new.db small.db
sqlite3 small.db 'PRAGMA page_size = 4096; VACUUM;'
check "the copy has 4 KiB pages" test "$(sql small.db 'PRAGMA page_size')" = 4096
printf 'Words only in the third file.\n' >in/A/d.txt
run ingest --db small.db in
expect_rc "ingest into a 4 KiB-page database" 0
check "it keeps 4 KiB pages" test "$(sql small.db 'PRAGMA page_size')" = 4096
check "and stores the new file" test "$(sql small.db 'SELECT COUNT(*) FROM documents')" = 3
check "integrity ok" test "$(sql small.db 'PRAGMA integrity_check')" = ok
rm -f in/A/d.txt
