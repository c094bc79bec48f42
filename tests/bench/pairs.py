#!/usr/bin/env python3
"""Scoring's overhead measured in pairs: ingest INPUT without scoring and
with the bundled lexicons, ROUNDS times, the two taking turns (which goes
first alternates), each into a fresh database in DIR.  Prints the median,
quartiles and fastest of the per-pair ratios, in wall time and in CPU time
(user + system, all threads; from wait4, to the microsecond).

usage: pairs.py SLANT INPUT DIR ROUNDS [INGEST_ARG...]"""
import os
import statistics
import subprocess
import sys
import time

slant, src, work, rounds = sys.argv[1], sys.argv[2], sys.argv[3], max(1, int(sys.argv[4]))
extra = sys.argv[5:]
CONFIGS = {"unscored": ["--no-score"], "scored": []}


def run(name):
    """One ingest: (wall seconds, CPU seconds)."""
    db = os.path.join(work, "pair-%s.db" % name)
    for f in (db, db + "-journal"):
        if os.path.exists(f):
            os.remove(f)
    cmd = [slant, "ingest", "--quiet", *extra, *CONFIGS[name], "--db", db, src]
    log = os.path.join(work, "pair.stderr")
    with open(log, "wb") as errf:  # (a file, not a pipe that could fill up)
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errf)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)  # (reaped here, not by Popen)
    if p.returncode != 0:
        with open(log, encoding="utf-8", errors="replace") as errf:
            sys.exit("bench: command failed: %s\n%s" % (" ".join(cmd), errf.read()))
    os.remove(db)
    return wall, ru.ru_utime + ru.ru_stime


def pct(x):
    return "%+.0f%%" % ((x - 1) * 100)


def quartiles(xs):
    if len(xs) < 2:
        return xs[0], xs[0]
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return q[0], q[2]


wall, cpu, best = [], [], {"unscored": float("inf"), "scored": float("inf")}
for r in range(rounds):
    order = ["unscored", "scored"] if r % 2 == 0 else ["scored", "unscored"]
    got = {name: run(name) for name in order}
    for name, (w, _) in got.items():
        best[name] = min(best[name], w)
    wall.append(got["scored"][0] / got["unscored"][0])
    cpu.append(got["scored"][1] / got["unscored"][1])

lo, hi = quartiles(wall)
clo, chi = quartiles(cpu)
print("scoring overhead, %d pairs:   %s wall (median; quartiles %s to %s), %s in CPU time (%s to %s); "
      "fastest runs %s" % (rounds, pct(statistics.median(wall)), pct(lo), pct(hi),
                           pct(statistics.median(cpu)), pct(clo), pct(chi),
                           pct(best["scored"] / best["unscored"])))
