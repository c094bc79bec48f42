#!/bin/sh
# tests/run.sh - runs every test that needs no network: the cmocka unit
# binaries, a lint of src/, and the CLI suite against the real binary.
# Prints one closing line "N passed, N failed, N skipped"; exits non-zero
# when anything failed.
#   SLANT     the binary under test (./slant)
#   UNIT_DIR  where the unit test binaries are (build/tests)
set -u
SLANT=${SLANT:-./slant}
UNIT_DIR=${UNIT_DIR:-build/tests}
export SLANT
pass=0 fail=0 skip=0
failed=""

# Unit tests: each binary is one cmocka group; count its tests.
for t in "$UNIT_DIR"/test_*; do
    [ -x "$t" ] || continue
    case "$t" in *.d) continue ;; esac
    out=$("$t" 2>&1); rc=$?
    # a binary may run several groups: add up every group's summary line
    sum() { printf '%s\n' "$out" | sed -n "s/^\[  $1 *\] \([0-9]*\) test.*/\1/p" | awk '{ n += $1 } END { if (NR) print n }'; }
    p=$(sum PASSED); f=$(sum FAILED); s=$(sum SKIPPED)
    pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0})); skip=$((skip + ${s:-0}))
    if [ $rc -ne 0 ] || [ -n "$f" ]; then
        [ -n "$f" ] || fail=$((fail + 1))
        failed="$failed $(basename "$t")"
        printf '%s\n' "$out" | grep -v '^\[ \(RUN\|      OK\) ' | tail -40
    fi
    printf '%s\n' "$out" | grep '^# skip' || true
    echo "unit $(basename "$t"): ${p:-0} passed, ${f:-0} failed${s:+, $s skipped}"
done

# Lint: functions banned by src/banned.h must not appear in src/.
if grep -nE '(^|[^_a-z])(strcpy|strcat|strncpy|sprintf|vsprintf|strtok|atoi|atol|gets) *\(' src/*.c >/tmp/slant-lint.$$ 2>/dev/null; then
    cat /tmp/slant-lint.$$; fail=$((fail + 1)); failed="$failed lint-banned"
else
    pass=$((pass + 1))
fi
rm -f /tmp/slant-lint.$$

# CLI tests of the real binary.
if [ -f tests/cli/run.sh ]; then
    out=$(sh tests/cli/run.sh 2>&1); rc=$?
    printf '%s\n' "$out"
    line=$(printf '%s\n' "$out" | grep -E '^cli: [0-9]+ passed, [0-9]+ failed' | tail -1)
    p=$(echo "$line" | sed -n 's/^cli: \([0-9]*\) passed.*/\1/p')
    f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
    s=$(echo "$line" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
    pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0})); skip=$((skip + ${s:-0}))
    if [ $rc -ne 0 ] && [ "${f:-0}" = 0 ]; then fail=$((fail + 1)); failed="$failed cli"; fi
fi

[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
