# slant show: one article, frame words marked, quotations shaded on a
# terminal; plain [[words]]{frame} otherwise.
run ingest --db ex.db "$ROOT/examples"
expect_rc "ingest of examples/ exits 0" 0
id=$(sql ex.db "SELECT id FROM documents WHERE source LIKE '%kessen-courier/01-valdoria-invades-kessen.txt%'")
check "the document is stored" test -n "$id"
run show --db ex.db "$id"
expect_rc "show exits 0" 0
cp "$T/out" show.txt
check "header: title" test "$(head -1 show.txt)" = "$(sql ex.db "SELECT title FROM documents WHERE id = $id")"
check "header: outlet" grep -qx "outlet   kessen-courier" show.txt
check "header: date" grep -qx "date     $(sql ex.db "SELECT date FROM documents WHERE id = $id")" show.txt
check "header: source" grep -qx "source   $(sql ex.db "SELECT source FROM documents WHERE id = $id")" show.txt
check "header: tokens" grep -q "^tokens   $(sql ex.db "SELECT n_tokens FROM documents WHERE id = $id")" show.txt
check "off a terminal: no escape codes" sh -c "! grep -q \"$(printf '\033')\" show.txt"
check "hits are marked with their frame" grep -qF '[[invasion]]{invasion}' show.txt
check "a quoted hit keeps the text's own marks" grep -qF '“[[liberation]]{liberation}”' show.txt
# without the marks, the text is the stored text, byte for byte
sql ex.db "SELECT text FROM documents WHERE id = $id" >stored.txt
python3 - "$id" >check.out 2>&1 <<'PY'
import re, sys
out = open("show.txt", encoding="utf-8").read()
stored = open("stored.txt", encoding="utf-8").read().rstrip("\n")
body = out.split("\n\n", 1)[1].rsplit("\n\nframes:\n", 1)[0]
plain = re.sub(r"\[\[(.*?)\]\]\{[^}]*\}", r"\1", body, flags=re.S)
print("same" if plain == stored else "differs")
PY
check "the marked text is the stored text" test "$(cat check.out)" = same
# every frame with hits in the document (but attribution) is in the legend
frames=$(sql ex.db "SELECT DISTINCT f.name FROM hits h JOIN frames f ON f.id = h.frame_id JOIN lexicons l ON l.id = h.lexicon_id WHERE h.doc_id = $id AND l.name <> 'attribution' ORDER BY 1")
missing=0
for f in $frames; do grep -q "^  {$f}  " show.txt || missing=$((missing + 1)); done
check "the legend names every frame of the document" test "$missing" -eq 0 -a -n "$frames"
check "the legend counts the negated liberation" grep -q '{liberation}  war-legitimacy/liberation: 2 hits (own 1, attributed 0, quoted 1; 1 negated)' show.txt
check "attribution cues are not shown by default" sh -c "! grep -q '{reporting-verbs}' show.txt"
check "quotations are counted" grep -q '^quotations: 1 ' show.txt
run show --db ex.db "$id"
check "output is deterministic" cmp -s show.txt "$T/out"
run show --db ex.db "$id" --lexicon attribution
expect_rc "--lexicon attribution exits 0" 0
check "--lexicon attribution shows the negator" grep -qF '[[not]]{negators}' "$T/out"
check "--lexicon attribution leaves the frames out" sh -c "! grep -qF '{invasion}' '$T/out'"

# on a terminal: colour per frame, bold and underlined; NO_COLOR: plain
if command -v script >/dev/null 2>&1; then
    script -qec "'$SLANT' show --db ex.db $id" /dev/null >tty.out 2>&1
    check "a terminal gets bold underlined colour" grep -q "$(printf '\033')\[1;4;3[1-6]m" tty.out
    check "a terminal gets no [[ ]] marks" sh -c "! grep -qF '[[' tty.out"
    check "a terminal shades the quotation" grep -q "$(printf '\033')\[2;3m" tty.out
    NO_COLOR=1 script -qec "'$SLANT' show --db ex.db $id" /dev/null >tty2.out 2>&1
    check "NO_COLOR: no escape codes" sh -c "! grep -q \"$(printf '\033')\" tty2.out"
    check "NO_COLOR: plain marks" grep -qF '[[invasion]]{invasion}' tty2.out
else
    skip "colour on a terminal" "script(1) is not installed"
fi

# errors
run show --db ex.db 9999
expect_rc "an unknown id: exit 1" 1
check "the message names the id" grep -q "no document 9999" "$T/err"
check "nothing on stdout for an unknown id" test ! -s "$T/out"
run show --db ex.db seven
expect_rc "a non-numeric id: usage error" 2
run show --db ex.db
expect_rc "no id: usage error" 2
run show --db ex.db 1 2
expect_rc "two ids: usage error" 2
run show --help
expect_rc "--help exits 0" 0
check "--help prints the usage on stdout" grep -q '^usage: slant show' "$T/out"
