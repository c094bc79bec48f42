# make install / uninstall honour PREFIX and DESTDIR; the installed slant finds its lexicons.
case "$SLANT" in */build-check/slant) build=build-check; san=1 ;; *) build=build; san=0 ;; esac
make -s -C "$ROOT" BUILD=$build SAN=$san install DESTDIR="$T/root" PREFIX=/opt/slant >make.out 2>&1
check "make install exits 0" test $? = 0
check "binary installed" test -x "$T/root/opt/slant/bin/slant"
check "lexicons installed" test -f "$T/root/opt/slant/share/slant/lexicons/war-legitimacy.lex"
check "lexicon spec installed" test -f "$T/root/opt/slant/share/slant/lexicons/README.md"
check "stop list installed" test -f "$T/root/opt/slant/share/slant/lexicons/stopwords.txt"
check "man page installed" test -f "$T/root/opt/slant/share/man/man1/slant.1"
mkdir -p in/A && printf 'The liberation was an invasion, they said.\n' >in/A/a.txt
(unset SLANT_LEXICONS; "$T/root/opt/slant/bin/slant" ingest --db i.db in >i.out 2>i.err)
check "installed slant ingests with its bundled lexicons" test "$(sql i.db 'SELECT COUNT(*) FROM lexicons')" -ge 3
make -s -C "$ROOT" BUILD=$build SAN=$san uninstall DESTDIR="$T/root" PREFIX=/opt/slant >make.out 2>&1
check "make uninstall exits 0" test $? = 0
check "uninstall removes the binary, man page and data" test -z "$(find "$T/root" -type f)"
