# Bad input never stops the batch: every good record stored, every bad line named, exit 1.
mkdir -p in
printf '%s\n' \
  '{"outlet":"A","text":"Good one."}' \
  '{"outlet":"A","text":' \
  '{"outlet":"A"}' \
  '' \
  '{"outlet":"A","text":"   "}' \
  '[1,2,3]' \
  '{"outlet":"B","text":"Good two.","id":7}' \
  '{"text":"no outlet"}' \
  '{"outlet":"B","text":"Bad \u0000 NUL kept."}' >in/mixed.jsonl
run ingest --db m.db in/mixed.jsonl
expect_rc "mixed JSONL exits 1" 1
for l in 2 3 5 6 8; do
    check "line $l is named" grep -q "in/mixed.jsonl:$l: error" "$T/err"
done
check "good lines are not named" sh -c "! grep -qE 'mixed.jsonl:(1|7|9): error' '$T/err'"
check "three good records stored" test "$(sql m.db 'SELECT COUNT(*) FROM documents')" = 3
check "a NUL does not truncate" test "$(sql m.db "SELECT COUNT(*) FROM documents WHERE text LIKE '%NUL kept.'")" = 1
check "batch records the rejections" test "$(sql m.db 'SELECT n_rejected FROM batches')" = 5
check "batch status partial" test "$(sql m.db 'SELECT status FROM batches')" = partial

printf 'outlet,title,text\nA,t1,"first, good"\nA,t2\nB,t3,"multi\nline good"\nB,t4,x,extra\n' >in/rows.csv
run ingest --db c.db in/rows.csv
expect_rc "CSV with bad rows exits 1" 1
check "short row named by line" grep -q "in/rows.csv:3: error" "$T/err"
check "long row named by line" grep -q "in/rows.csv:6: error" "$T/err"
check "good CSV rows stored" test "$(sql c.db 'SELECT COUNT(*) FROM documents')" = 2

mkdir -p dir/X
printf 'A real article about things.\n' >dir/X/good.txt
head -c 3000 /dev/urandom >dir/X/binary.txt
printf '   \n\n  \n' >dir/X/empty.txt
printf '\377\376' >dir/X/utf16.txt
printf 'H\000e\000l\000l\000o\000 \000w\000o\000r\000l\000d\000.\000\n\000' >>dir/X/utf16.txt
printf 'Bad byte \377 here.\n' >dir/X/badbyte.txt
mkdir -p dir/.hidden && printf 'hidden text\n' >dir/.hidden/x.txt
run ingest --db d.db dir
expect_rc "folder with bad files exits 1" 1
check "binary file rejected by name" grep -q "dir/X/binary.txt.*error" "$T/err"
check "empty file rejected by name" grep -q "dir/X/empty.txt.*error.*empty" "$T/err"
check "UTF-16 file decoded" test "$(sql d.db "SELECT COUNT(*) FROM documents WHERE text LIKE 'Hello world.%'")" = 1
check "invalid byte becomes U+FFFD and is counted" test "$(sql d.db "SELECT n_replaced FROM documents WHERE text LIKE 'Bad byte%'")" = 1
check "hidden folders skipped" test "$(sql d.db "SELECT COUNT(*) FROM documents WHERE text LIKE 'hidden%'")" = 0
check "good files stored" test "$(sql d.db 'SELECT COUNT(*) FROM documents')" = 3

run ingest --db n.db no/such/path
expect_rc "a missing path exits 1" 1
check "missing path named" grep -q "no/such/path" "$T/err"

# outlet names are stored verbatim and never become paths
mkdir -p weird
printf '{"outlet":"../../etc/<b>\\"x\\"</b>","text":"Some text."}\n' >weird/w.jsonl
run ingest --db w.db weird/w.jsonl
expect_rc "odd outlet name ingests" 0
check "odd outlet name stored verbatim" test "$(sql w.db 'SELECT name FROM outlets')" = '../../etc/<b>"x"</b>'
check "no file created from the outlet name" test "$(find . -name '*etc*' | wc -l)" = 0

# a 1 MB word and a 20 MB line are input, not a crash
python3 -c "
import json
print(json.dumps({'outlet':'L','text':'a'*1000000 + ' tail words.'}))
print(json.dumps({'outlet':'L','text':'word '*4000000}))" >big.jsonl
run ingest --db big.db --no-score big.jsonl
check "huge word and 20 MB line: exit 0" test "$rc" = 0
check "huge word truncated and flagged" grep -q "warning.*longer than" "$T/err"
check "20 MB line stored whole" test "$(sql big.db "SELECT MAX(n_tokens) FROM documents")" = 4000000
