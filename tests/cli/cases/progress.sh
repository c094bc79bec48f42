# Progress on stderr only when it is a terminal, never with --quiet; stdout stays data only.
if ! command -v script >/dev/null 2>&1; then skip "progress on a terminal" "util-linux script is missing"; return 0; fi
# The examples hold a syndicated article, whose note comes while a progress
# line is up: the note must start its own line, not follow the progress.
script -qec "\"$SLANT\" ingest --db tty3.db \"$ROOT/examples\"" /dev/null >tty3.out 2>&1
check "a short ingest still shows progress on a terminal" grep -q "documents, .* MB/s, ETA" tty3.out
check "the syndication note is shown on a terminal" grep -q "note: same text already stored" tty3.out
check "a message erases the progress line before it is printed" sh -c "! grep -q 'ETA [0-9]* s *slant:' tty3.out"
script -qec "\"$SLANT\" score --db tty3.db" /dev/null >tty4.out 2>&1
check "score's progress line is erased before its summary" sh -c "! grep -q 'ETA [0-9]* s *slant:' tty4.out"
if ! shared; then skip "progress on a terminal" "../shared/corpus is absent (needs an ingest long enough to report)"; return 0; fi
script -qec "\"$SLANT\" ingest --db tty.db \"$SHARED/ukraine-2022/articles.jsonl\"" /dev/null >tty.out 2>&1
check "a terminal gets a progress line with MB/s and ETA" grep -q "documents, .* MB, .* MB/s, ETA" tty.out
script -qec "\"$SLANT\" ingest --quiet --db tty2.db \"$SHARED/ukraine-2022/articles.jsonl\"" /dev/null >tty2.out 2>&1
check "--quiet silences progress and summary on a terminal" test ! -s tty2.out
run ingest --db pipe.db "$SHARED/kursk"
check "no progress line when stderr is not a terminal" sh -c "! grep -q 'MB/s, ETA' '$T/err'"
check "the summary per outlet is on stderr" grep -q "^tass " "$T/err"
