#!/bin/sh
# tests/cli/run.sh - CLI tests of the real binary.
#
# Each tests/cli/cases/*.sh is run in its own shell, in a fresh temporary
# folder $T, with these helpers:
#   run ARGS...         run $SLANT ARGS, stdout to $T/out, stderr to $T/err, status in $rc
#   check NAME COND...  one assertion: passes when the command COND succeeds
#   expect_rc NAME N    shorthand: check that $rc is N (prints stderr when not)
#   skip NAME REASON    a skipped assertion (printed with its reason)
#   sql DB QUERY        run a query with the sqlite3 shell, result on stdout
#   shared              0 when ../shared/corpus is there ($SHARED is its path)
# Prints "ok - case: name" / "not ok - ..." and a closing line
# "cli: N passed, N failed, N skipped".
set -u
SLANT=${SLANT:-./slant}
case "$SLANT" in /*) ;; *) SLANT="$(pwd)/$SLANT" ;; esac
ROOT=$(pwd)
SHARED_ROOT=${SLANT_SHARED:-$ROOT/../shared}
export SLANT ROOT SHARED_ROOT
results=$(mktemp)
filter=${1:-}

for case_file in tests/cli/cases/*.sh; do
    name=$(basename "$case_file" .sh)
    [ -n "$filter" ] && [ "$filter" != "$name" ] && continue
    T=$(mktemp -d)
    (
        cd "$T" || exit 1
        CASE=$name
        SHARED="$SHARED_ROOT/corpus"
        export SLANT_LEXICONS="$ROOT/lexicons"
        unset SLANT_DB NO_COLOR
        run() { "$SLANT" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
        check() {
            n=$1; shift
            if "$@"; then echo "ok - $CASE: $n"; echo pass >>"$results";
            else echo "not ok - $CASE: $n"; echo fail >>"$results"; fi
        }
        expect_rc() {
            if [ "$rc" -eq "$2" ]; then echo "ok - $CASE: $1"; echo pass >>"$results";
            else echo "not ok - $CASE: $1 (exit $rc, expected $2)"; sed 's/^/    stderr: /' "$T/err" | head -20
                echo fail >>"$results"; fi
        }
        skip() { echo "skip - $CASE: $1 ($2)"; echo skip >>"$results"; }
        sql() { sqlite3 -batch -noheader "$1" "$2"; }
        shared() { [ -d "$SHARED/kursk" ] && [ -f "$SHARED/ukraine-2022/articles.jsonl" ]; }
        . "$ROOT/$case_file"
    )
    st=$?
    if [ $st -ne 0 ]; then echo "not ok - $name: the case script itself failed (exit $st)"; echo fail >>"$results"; fi
    rm -rf "$T"
done
p=$(grep -c pass "$results"); f=$(grep -c fail "$results"); s=$(grep -c skip "$results")
rm -f "$results"
echo "cli: $p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
