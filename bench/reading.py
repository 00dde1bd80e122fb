#!/usr/bin/env python3
"""reading.py - the cost of reading a million cases, alone: `omfordel validate -q` (read
and check, no solve) against libcsv parsing the same files and storing nothing
(build/bench/csv_floor). Run through bench/reading.sh, which builds csv_floor first.

Usage:  bench/reading.sh [--rounds N] [--also LABEL=PROGRAM ...] [--out DIR] [--work DIR]

Generates bench.py's 1M/2000 instance, then measures as bench.py's reading does: N rounds
(default 11) in which libcsv alone, omfordel and each --also program (another omfordel
build, such as the one before a change) run once each, in turn. Writes OUT/reading.md
(default bench/results), which names the commit measured.
"""
import argparse
import os
import shutil
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402

INSTANCE = next(i for i in bench.INSTANCES if i[0] == "1M/2000")


def write(res, path):
    rd = res["reading"]
    L = ["# Reading %s" % INSTANCE[0], ""]
    L.append("Written by `bench/reading.sh` (see `docs/performance.md`). Run %s on %s; "
             "`%s` (sha256 %s…). Command: `%s`." % (
                 res["date"], res["git"], res["programs"]["version"],
                 res["programs"]["omfordel"], res["command"]))
    L.append("")
    L.append(bench.machine_line(res, "the other work on the machine shows in every figure"))
    L.append("")
    L.append("Files: `build/gen %s` (%.1f MB of CSV), page cache warm. %d rounds; in each, "
             "every program below runs once, in turn. Seconds are wall time of the whole "
             "process; the ratio to libcsv alone is taken within each round." % (
                 res["gen"], rd["bytes"] / 1e6, rd["repeats"]))
    L.append("")
    L.append("| program | median s | min s | max s | ÷ libcsv alone: median | min | max |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    names = [("floor", "libcsv alone (`build/bench/csv_floor`, parse, store nothing)"),
             ("validate", "`omfordel validate -q` (peak %.0f MiB)" % (
                 rd["validate_peak_mib"] or 0))]
    names += [(label, "%s (`validate -q`)" % label) for label, _ in res["also"]]
    for key, text in names:
        runs, ratios = rd[key + "_runs"], rd[key + "_ratios"]
        L.append("| %s | %.3f | %.3f | %.3f | %.2f× | %.2f× | %.2f× |" % (
            text, rd[key], min(runs), max(runs), rd[key + "_ratio"], min(ratios),
            max(ratios)))
    L.append("")
    L.append("`wc -l` on the same files: %.3f s (median of %d runs)." % (rd["wc"], rd["repeats"]))
    L.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=11)
    ap.add_argument("--also", action="append", default=[], metavar="LABEL=PROGRAM",
                    help="another omfordel program to measure in the same rounds")
    ap.add_argument("--out", default=os.path.join(bench.TOP, "bench", "results"))
    ap.add_argument("--work", default=os.path.join(bench.TOP, "bench", "work"))
    args = ap.parse_args()
    also = []
    for a in args.also:
        label, sep, path = a.partition("=")
        if not sep or not os.access(path, os.X_OK):
            print("reading: --also wants LABEL=PROGRAM, an executable: %s" % a, file=sys.stderr)
            return 2
        also.append((label, os.path.abspath(path)))
    os.makedirs(args.work, exist_ok=True)
    res = bench.run_facts(args.work)
    res.update({"command": "bench/reading.sh" + "".join(" " + a for a in sys.argv[1:]),
                "also": also})
    folder = os.path.join(args.work, bench.slug(INSTANCE[0]), "data")
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    bench.gen(INSTANCE, folder)
    label, n, k = INSTANCE[:3]
    res["gen"] = "--cases %d --caseworkers %d --leavers %d --seed %d" % (
        n, k, bench.leavers(k), bench.SEED)
    res["reading"] = bench.reading(folder, args.rounds, also)
    res["load_end"] = bench.loadavg()
    os.makedirs(args.out, exist_ok=True)
    out = os.path.join(args.out, "reading.md")
    write(res, out)
    rd = res["reading"]
    print("reading: validate %.3f s, libcsv alone %.3f s: %.2f× (median of %d rounds); wrote %s"
          % (rd["validate"], rd["floor"], rd["ratio"], args.rounds,
             os.path.relpath(out, bench.TOP)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
