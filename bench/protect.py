#!/usr/bin/env python3
"""protect.py - `make bench-protect`: what protect-vulnerable.json does to Slagelse's cut,
the figures README.md quotes. Run through bench/protect.sh.

Usage:  bench/protect.sh [--out DIR] [--work DIR]

  compare   cut-40 (no households, equal costs), households (the same cut, cases.csv with
            households and changes_12m) and protect-vulnerable (that, with move_cost 3 for
            the most vulnerable, repeat_change_factor 0.5 and max_cases_out 0.5), under
            /usr/bin/time -v; every figure read from comparison.csv, each scenario's
            plan.json beside it for the levels and equal_costs.

Writes OUT/protect.md (default bench/results), naming the commit measured. The programs
are copied to WORK/bin first (default bench/work/protect), as bench.py does.
"""
import argparse
import csv
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402
import quick  # noqa: E402

SCENARIOS = "scenarios/slagelse-2017"
COMPARED = ["cut-40", "households", "protect-vulnerable"]
PROTECTED = ["aktivitetsparat", "ressourceforloeb", "jobafklaring"]


def cell(table, measure, col, fmt="%.0f"):
    v = table.get(measure, [""] * (col + 1))[col]
    return fmt % float(v) if v != "" else "–"


def pct(table, measure, col):
    v = table.get(measure, [""] * (col + 1))[col]
    return "%.1f %%" % (100 * float(v)) if v != "" else "–"


def write(res, path):
    t, plans, cols = res["table"], res["plans"], res["cols"]
    L = ["# Protecting the vulnerable: Slagelse's cut with costs, households and a cap on "
         "handovers", ""]
    L.append("Written by `bench/protect.sh` (`make bench-protect`). Run %s on %s; `%s` "
             "(sha256 %s…); %.0f s in all." % (
                 res["date"], res["git"], res["programs"]["version"],
                 res["programs"]["omfordel"], res["elapsed"]))
    L.append("")
    L.append(bench.machine_line(res, "other work on the machine shows in the wall times"))
    L.append("")
    L.append("`/usr/bin/time -v omfordel compare %s -o DIR -q` (the default settings: time "
             "limit 60 s per plan, gap 1 %%; two plans at a time on the 2 cores): exit %d, "
             "%.2f s wall, peak %.0f MiB. Every figure below is a row of `comparison.csv` "
             "(its measure in the first column) unless it says `plan.json`." % (
                 " ".join("%s/%s.json" % (SCENARIOS, n) for n in COMPARED), res["exit"],
                 res["wall"], res["peak"]))
    L.append("")
    L.append("| measure | " + " | ".join("`%s`" % n for n in cols) + " |")
    L.append("| --- |" + " ---: |" * len(cols))

    def row(label, measure, show=cell):
        L.append("| %s | %s |" % (label, " | ".join(show(t, measure, c) for c in range(len(cols)))))

    row("cases that change caseworker (`moved`)", "moved")
    row("weighted cost of the changes (`move_cost`, each plan's own costs)", "move_cost",
        lambda t, m, c: cell(t, m, c, "%.1f"))
    for seg in PROTECTED:
        L.append("| %s: moved of its cases (`moved:%s`) | %s |" % (
            seg, seg, " | ".join("%s of %d" % (cell(t, "moved:" + seg, c), res["segment_cases"][seg])
                                for c in range(len(cols)))))
    row("households kept with one caseworker (`households_together`)", "households_together")
    row("households split (`households_split`)", "households_split")
    row("households united from several caseworkers (`households_united`)", "households_united")
    row("largest share one caseworker hands away (`share_out_max`)", "share_out_max", pct)
    row("peak utilisation (`max_utilisation`)", "max_utilisation", pct)
    row("points above the caps (`overload_points`)", "overload_points")
    L.append("| levels (`plan.json` `solver.levels`) | %s |" % " | ".join(
        quick.level_text(plans[n]["solver"]["levels"]) if n in plans else "no plan" for n in cols))
    L.append("")
    eq = plans.get("protect-vulnerable", {}).get("equal_costs")
    if eq:
        L.append("`protect-vulnerable`'s `equal_costs` (`plan.json`: the continuity level "
                 "solved again with every cost 1 under the same caps, %s): %d moved; %s." % (
                     eq["status"], eq["moved"], ", ".join(
                         "%s %d" % (s, eq["by_segment"][s]) for s in PROTECTED)))
        L.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(bench.TOP, "bench", "results"))
    ap.add_argument("--work", default=os.path.join(bench.TOP, "bench", "work", "protect"))
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    t0 = time.time()
    res = bench.run_facts(work)
    out = os.path.join(work, "compare")
    code, wall, peak, _ = quick.timed(
        [bench.OMFORDEL, "compare"] + [os.path.join(SCENARIOS, n + ".json") for n in COMPARED] +
        ["-o", out, "-q"], work, "compare")
    res.update({"exit": code, "wall": wall or 0, "peak": peak or 0})
    print("protect: compare exit %d, %.2f s" % (code, wall or 0))
    with open(os.path.join(out, "comparison.csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    res["cols"] = rows[0][1:]
    res["table"] = {r[0]: r[1:] for r in rows[1:]}
    res["plans"] = {}
    for n in res["cols"]:
        p = os.path.join(out, n, "plan.json")
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                res["plans"][n] = json.load(f)
    res["segment_cases"] = {s: 0 for s in PROTECTED}  # the cases of each, as planned
    for a in next(iter(res["plans"].values()), {}).get("assignments", []):
        if a["segment"] in res["segment_cases"]:
            res["segment_cases"][a["segment"]] += 1
    res["load_end"] = bench.loadavg()
    res["elapsed"] = time.time() - t0
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "protect.md")
    write(res, path)
    print("protect: wrote %s" % os.path.relpath(path, bench.TOP))
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
