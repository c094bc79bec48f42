# Global options, usage errors, --help on every subcommand.
run --version
expect_rc "--version exits 0" 0
check "--version prints the version" grep -q '^slant [0-9]' "$T/out"
run
expect_rc "no command is a usage error" 2
run frobnicate
expect_rc "unknown command is a usage error" 2
check "unknown command is named" grep -q "'frobnicate' is not a slant command" "$T/err"
for c in ingest terms info; do
    run $c --help
    expect_rc "$c --help exits 0" 0
    check "$c --help prints usage on stdout" grep -q "^usage: slant $c" "$T/out"
    run $c --no-such-option
    expect_rc "$c with an unknown option exits 2" 2
done
run ingest
expect_rc "ingest without paths exits 2" 2
run ingest --format xml x
expect_rc "ingest --format xml exits 2" 2
run ingest --lang klingon x
expect_rc "ingest --lang without a stemmer exits 2" 2
run terms --top many
expect_rc "terms --top many exits 2" 2
