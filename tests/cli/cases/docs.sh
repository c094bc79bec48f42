# The manual, the README and --help must not drift apart.  For every command
# of main.c's table (and the two lexicon subcommands): --help exits 0 with its
# usage on stdout, the manual has a section for it, and every long option the
# --help text lists is in the manual (written with man's \- escapes, as
# \-\-kwic\-lines).  The manual's options are read as whole tokens, so
# --to is not found inside --top.
MAN="$ROOT/src/slant.1"

# Every long option the manual writes, unescaped, one per line.
man_opts="$T/man_opts"
grep -v '^\.\\"' "$MAN" | grep -o '\\-\\-[a-z0-9][a-z0-9]*\(\\-[a-z0-9][a-z0-9]*\)*' |
    sed 's/\\-/-/g' | sort -u >"$man_opts"
check "the manual names long options" test -s "$man_opts"

# A "--" written without escapes renders as an en dash or a hyphen pair that
# cannot be searched for (and a copied option would not work).
grep -v '^\.\\"' "$MAN" | grep -- '--' >"$T/raw_dashes"
check "the manual writes every dash of an option as \\-" test ! -s "$T/raw_dashes"

help_case() {
    label="$*"
    run "$@" --help
    expect_rc "slant $label --help exits 0" 0
    check "slant $label --help prints its usage on stdout" grep -q "^usage: slant $label" "$T/out"
    check "slant $label --help writes nothing on stderr" test ! -s "$T/err"
    grep -o -- '--[a-z0-9][a-z0-9-]*[a-z0-9]' "$T/out" | sort -u >"$T/help_opts"
    check "slant $label --help lists options" test -s "$T/help_opts"
    missing=$(comm -23 "$T/help_opts" "$man_opts" | tr '\n' ' ')
    check "the manual has every option of slant $label --help${missing:+ (missing: $missing)}" \
        test -z "$missing"
}

cmds=$(sed -n 's/^ *{"\([a-z][a-z-]*\)", *cmd_[a-z_]*,.*/\1/p' "$ROOT/src/main.c")
check "main.c's command table was read" test -n "$cmds"
for c in $cmds; do
    help_case "$c"
    check "the manual has a section for slant $c" grep -q "^\.SS slant $c\( \|$\)" "$MAN"
    check "the README's usage shows slant $c" grep -q "^slant $c " "$ROOT/README.md"
done
help_case lexicon check
help_case lexicon import
check "the manual has a section for slant lexicon check" grep -q '^\.SS slant lexicon check ' "$MAN"
check "the manual has a section for slant lexicon import" grep -q '^\.SS slant lexicon import ' "$MAN"

# The manual renders without a warning.
if command -v groff >/dev/null 2>&1; then
    groff -man -ww -z "$MAN" >"$T/groff" 2>&1
    check "groff -man -ww renders the manual without warnings" test ! -s "$T/groff"
else
    skip "groff -man -ww renders the manual without warnings" "groff is not installed"
fi
if command -v mandoc >/dev/null 2>&1; then
    mandoc -Tlint -W all "$MAN" >"$T/mandoc" 2>&1
    check "mandoc -Tlint -W all finds nothing in the manual" test ! -s "$T/mandoc"
else
    skip "mandoc -Tlint -W all finds nothing in the manual" "mandoc is not installed"
fi
