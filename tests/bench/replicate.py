#!/usr/bin/env python3
"""Write COPIES copies of a JSONL corpus with fresh ids (and a first line that
makes each copy's text distinct, so none is skipped as a duplicate)."""
import json
import sys

src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src, encoding="utf-8") as f:
    rows = [json.loads(line) for line in f if line.strip()]
with open(dst, "w", encoding="utf-8") as out:
    for k in range(copies):
        for r in rows:
            r2 = dict(r)
            r2["id"] = "%s-r%d" % (r.get("id", ""), k)
            r2["text"] = "Copy %d. %s" % (k, r["text"])
            out.write(json.dumps(r2, ensure_ascii=False) + "\n")
