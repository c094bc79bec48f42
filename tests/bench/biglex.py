#!/usr/bin/env python3
"""Write a .lex lexicon of N patterns (words and two-word phrases drawn from a
corpus vocabulary plus made-up words), for the lexicon-size benchmark."""
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
    if r < 0.3:
        pats.add(rng.choice(vocab))
    elif r < 0.6:
        pats.add(rng.choice(vocab) + " " + rng.choice(vocab))
    elif r < 0.7:
        pats.add(rng.choice(vocab)[:5] + "*")
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
