# Progress on stderr only when it is a terminal, never with --quiet; stdout stays data only.
if ! command -v script >/dev/null 2>&1; then skip "progress on a terminal" "util-linux script is missing"; return 0; fi
if ! shared; then skip "progress on a terminal" "../shared/corpus is absent (needs an ingest long enough to report)"; return 0; fi
script -qec "\"$SLANT\" ingest --db tty.db \"$SHARED/ukraine-2022/articles.jsonl\"" /dev/null >tty.out 2>&1
check "a terminal gets a progress line with MB/s and ETA" grep -q "documents, .* MB, .* MB/s, ETA" tty.out
script -qec "\"$SLANT\" ingest --quiet --db tty2.db \"$SHARED/ukraine-2022/articles.jsonl\"" /dev/null >tty2.out 2>&1
check "--quiet silences progress and summary on a terminal" test ! -s tty2.out
run ingest --db pipe.db "$SHARED/kursk"
check "no progress line when stderr is not a terminal" sh -c "! grep -q 'MB/s, ETA' '$T/err'"
check "the summary per outlet is on stderr" grep -q "^tass " "$T/err"
