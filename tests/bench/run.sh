#!/bin/sh
# tests/bench/run.sh - speed and memory figures, as ratios measured in the
# same run (the machines are shared and noisy; absolute seconds are not
# comparable between runs).  Needs ../shared/corpus/ukraine-2022.
#   SLANT       the binary (./slant)
#   BENCH_DIR   where bench_* programs were built (build/bench)
#   BENCH_COPIES  copies of ukraine-2022 for the main run (default 7: ~105 MB)
set -u
SLANT=${SLANT:-./slant}
BENCH_DIR=${BENCH_DIR:-build/bench}
COPIES=${BENCH_COPIES:-7}
SHARED=${SLANT_SHARED:-../shared}/corpus
J="$SHARED/ukraine-2022/articles.jsonl"
if [ ! -f "$J" ]; then
    echo "bench: skipped: $J is absent (the shared corpus is not beside this clone)"
    exit 0
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export SLANT_LEXICONS="$(pwd)/lexicons"

secs() { # run a command, print "seconds peak_rss_kb cpu_seconds"
    /usr/bin/time -f "%e %M %U %S" -o "$W/time" "$@" >/dev/null 2>"$W/stderr" || { cat "$W/stderr"; echo "bench: command failed: $*"; }
    awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$W/time"
}
# best DB CMD...: run an ingest into a fresh database DB three times and
# print the figures of the fastest run (a slow run on a shared machine says
# more about the neighbours than about slant)
best() {
    db=$1; shift
    fastest=""
    for r in 1 2 3; do
        rm -f "$db" "$db-journal"
        line=$(secs "$@")
        if [ -z "$fastest" ] || awk "BEGIN { exit !(${line%% *} < ${fastest%% *}) }"; then fastest=$line; fi
    done
    echo "$fastest"
}
ratio() { awk "BEGIN { printf \"%.2f\", $1 / $2 }"; }

echo "== ingest throughput (issue: at least half the speed of wc -w)"
python3 tests/bench/replicate.py "$J" "$W/c100.jsonl" "$COPIES"
MB=$(awk "BEGIN { printf \"%.1f\", $(stat -c %s "$W/c100.jsonl") / 1e6 }")
cat "$W/c100.jsonl" >/dev/null
echo "(each figure: the fastest of three runs)"
wc_s=""
for r in 1 2 3; do
    set -- $(secs wc -w "$W/c100.jsonl")
    if [ -z "$wc_s" ] || awk "BEGIN { exit !($1 < $wc_s) }"; then wc_s=$1; wc_cpu=$3; fi
done
set -- $(best "$W/a.db" "$SLANT" ingest --quiet --no-score --db "$W/a.db" "$W/c100.jsonl"); ns_s=$1; ns_rss=$2; ns_cpu=$3
set -- $(best "$W/b.db" "$SLANT" ingest --quiet --db "$W/b.db" "$W/c100.jsonl"); sc_s=$1; sc_rss=$2; sc_cpu=$3
set -- $(best "$W/c.db" "$SLANT" ingest --quiet --no-score --threads 1 --db "$W/c.db" "$W/c100.jsonl"); t1_s=$1; t1_cpu=$3
tokens=$(sqlite3 "$W/a.db" "SELECT SUM(n_tokens) FROM documents")
docs=$(sqlite3 "$W/a.db" "SELECT COUNT(*) FROM documents")
echo "input: $MB MB, $docs documents, $tokens word tokens"
echo "(wall seconds; in brackets CPU seconds, user + system, all threads)"
echo "wc -w:                         $wc_s s [$wc_cpu]"
echo "slant ingest --no-score:       $ns_s s [$ns_cpu]  $(awk "BEGIN{printf \"%.1f MB/s, %.2f M tokens/s\", $MB/$ns_s, $tokens/$ns_s/1e6}"), peak RSS $((ns_rss / 1024)) MB"
echo "slant ingest --no-score -j1:   $t1_s s [$t1_cpu]  (one analysis thread)"
echo "slant ingest (3 lexicons):     $sc_s s [$sc_cpu]  $(awk "BEGIN{printf \"%.1f MB/s\", $MB/$sc_s}"), peak RSS $((sc_rss / 1024)) MB"
echo "ratio slant/wc -w throughput:  $(ratio "$wc_s" "$ns_s") without scoring, $(ratio "$wc_s" "$sc_s") with scoring (target >= 0.5)"
echo "scoring overhead:              $(awk "BEGIN{printf \"%+.0f%%\", ($sc_s/$ns_s - 1) * 100}") (target <= +20%); in CPU time $(awk "BEGIN{printf \"%+.0f%%\", ($sc_cpu/$ns_cpu - 1) * 100}")"
echo "two threads vs one:            $(ratio "$t1_s" "$ns_s")x"

echo "== memory grows with the vocabulary, not the corpus"
python3 tests/bench/replicate.py "$J" "$W/c400.jsonl" $((COPIES * 4))
set -- $(secs "$SLANT" ingest --quiet --no-score --db "$W/d.db" "$W/c400.jsonl"); big_s=$1; big_rss=$2
MB4=$(awk "BEGIN { printf \"%.1f\", $(stat -c %s "$W/c400.jsonl") / 1e6 }")
echo "$MB MB: peak RSS $((ns_rss / 1024)) MB;  $MB4 MB: peak RSS $((big_rss / 1024)) MB in $big_s s"
echo "RSS ratio 4x corpus / 1x corpus: $(ratio "$big_rss" "$ns_rss") (target <= 1.5)"
rm -f "$W/c400.jsonl" "$W/d.db"

echo "== a 100,000-pattern lexicon"
python3 tests/bench/biglex.py "$J" "$W/big.lex" 100000
set -- $(best "$W/e.db" "$SLANT" ingest --quiet --lexicon "$W/big.lex" --db "$W/e.db" "$W/c100.jsonl"); bl_s=$1; bl_cpu=$3
echo "slant ingest with 100,000 patterns: $bl_s s [$bl_cpu], $(sqlite3 "$W/e.db" "SELECT COUNT(*) FROM hits") hits; throughput vs no scoring: $(ratio "$ns_s" "$bl_s") (target >= 0.5)"

for b in "$BENCH_DIR"/bench_*; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b")"
    case $b in
    */bench_stats) "$b" ;; # takes a resample count, not the corpus
    *) "$b" "$J" ;;
    esac
done

sh tests/bench/report.sh
