#!/usr/bin/env python3
"""Write a .lex lexicon of N patterns for the lexicon-size benchmark: what is
measured is whether matching cost grows with the number of patterns, so the
lexicon matches about as often as the bundled ones do (a few corpus words,
many two-word phrases of corpus words, which rarely occur, and made-up
words and prefixes that never do), not on every other token."""
import json
import random
import re
import sys

src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(42)
vocab = set()
with open(src, encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i > 800:
            break
        vocab.update(w.lower() for w in re.findall(r"[A-Za-z]{3,}", json.loads(line)["text"]))
vocab = sorted(vocab)
pats = set()
while len(pats) < n:
    r = rng.random()
    if r < 0.01:
        pats.add(rng.choice(vocab))
    elif r < 0.6:
        pats.add(rng.choice(vocab) + " " + rng.choice(vocab))
    elif r < 0.7:
        pats.add("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(4)) + "q*")
    else:
        pats.add("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(5, 11))))
with open(dst, "w", encoding="utf-8") as out:
    out.write("@lexicon bench-big\n@language en\n@description A generated lexicon for the benchmark.\n")
    pats = sorted(pats)
    per = 1000
    for fi in range(0, len(pats), per):
        out.write("[frame-%d]\n@description Generated frame.\n" % (fi // per))
        for p in pats[fi:fi + per]:
            out.write(p + "\n")
