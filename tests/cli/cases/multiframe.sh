# A word in several categories of a LIWC-style dictionary counts in each of
# them (lexicons/README.md, rule 28): import a .dic with words in two
# categories, ingest a tiny corpus with it, and find each such word's hit once
# in each frame, in the hits table and in `slant profile`.
cat >mf.dic <<'EOF'
%
1	Care.Virtue
2	Care.Vice
3	Harm
%
safe*	1
harm*	2	3
protect	1 3
wound*	3
EOF
run lexicon import -o mf.lex mf.dic
expect_rc "import of a dictionary with shared words exits 0" 0
check "harm* is written into two frames" test "$(grep -cx 'harm\*' mf.lex)" = 2
check "=protect is written into two frames" test "$(grep -cx '=protect' mf.lex)" = 2
run lexicon check mf.lex
expect_rc "the imported lexicon checks clean" 0

mkdir -p corpus/alpha corpus/beta
printf 'The shelling harmed the town.\n\nVolunteers protect the children and keep them safe.\n' \
    >corpus/alpha/a1.txt
printf 'Nobody was harmed, but many were wounded.\n' >corpus/beta/b1.txt
run ingest --db mf.db --lexicon "$T/mf.lex" --quiet corpus
expect_rc "ingest with the imported lexicon exits 0" 0

# hits of lexicon mf as "outlet word frame", one line each
sql mf.db "SELECT o.name, substr(d.text, h.byte_start + 1, h.byte_end - h.byte_start), f.name
           FROM hits h JOIN documents d ON d.id = h.doc_id JOIN outlets o ON o.id = d.outlet_id
           JOIN frames f ON f.id = h.frame_id JOIN lexicons l ON l.id = h.lexicon_id
           WHERE l.name = 'mf' ORDER BY o.name, h.byte_start, f.idx" >hits.txt
cat >want.txt <<'EOF'
alpha|harmed|Care.Vice
alpha|harmed|Harm
alpha|protect|Care.Virtue
alpha|protect|Harm
alpha|safe|Care.Virtue
beta|harmed|Care.Vice
beta|harmed|Harm
beta|wounded|Harm
EOF
check "each shared word has one hit in each of its frames, and no more" cmp -s want.txt hits.txt
cmp -s want.txt hits.txt || sed 's/^/    got: /' hits.txt
check "twin hits share the span and the judgements" test "$(sql mf.db "
    SELECT COUNT(*) FROM hits a JOIN hits b ON a.doc_id = b.doc_id AND a.lexicon_id = b.lexicon_id
    AND a.tok_start = b.tok_start AND a.frame_id < b.frame_id
    WHERE a.tok_end = b.tok_end AND a.byte_start = b.byte_start AND a.byte_end = b.byte_end
    AND a.voice = b.voice AND a.negated = b.negated AND a.distanced = b.distanced
    ")" = 3
check "the stored hit counts include every frame's hit" \
    test "$(sql mf.db "SELECT SUM(s.n_hits) FROM scored s JOIN lexicons l ON l.id = s.lexicon_id WHERE l.name = 'mf'")" = 8

run profile --db mf.db --lexicon mf --format csv
expect_rc "profile of the imported lexicon exits 0" 0
# outlet,frame,hits for each row
cut -d, -f1,3,6 "$T/out" | tail -n +2 | sort >prof.txt
cat >want_prof.txt <<'EOF'
alpha,Care.Vice,1
alpha,Care.Virtue,2
alpha,Harm,2
beta,Care.Vice,1
beta,Care.Virtue,0
beta,Harm,2
EOF
check "profile counts harmed in Care.Vice and in Harm" cmp -s want_prof.txt prof.txt
cmp -s want_prof.txt prof.txt || sed 's/^/    got: /' prof.txt
