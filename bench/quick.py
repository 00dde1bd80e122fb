#!/usr/bin/env python3
"""quick.py - `make bench-quick`: the bundled Slagelse scenarios in a few minutes, the
figures README.md and docs/ quote from them. Run through bench/quick.sh.

Usage:  bench/quick.sh [--out DIR] [--work DIR]

  plan      every scenario of scenarios/slagelse-2017 under /usr/bin/time -v: wall time,
            peak memory, the load (points over capacity), each level's status and gap,
            moved, kept share and peak utilisation from plan.json;
  compare   the five scenarios of README's first session, timed against the same
            five planned one after another above (the ratio is taken within this run);
  tradeoff  the frontier of baseline.json, its table as printed;
  staffing  the staffing questions the docs quote, each answer as printed.

Writes OUT/quick.md (default bench/results), naming the commit measured. The programs
are copied to WORK/bin first (default bench/work/quick), as bench.py does.
"""
import argparse
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402

SCENARIOS = "scenarios/slagelse-2017"
PLANS = ["baseline", "three-departments", "cut-40", "union-norms", "meetings-3m", "old-units",
         "wishes", "wishes-first"]
COMPARED = ["baseline", "cut-40", "union-norms", "meetings-3m", "three-departments"]
# (command after `omfordel`, with SCENARIO for the folder of the bundled scenarios)
PRINTED = [
    "tradeoff SCENARIO/baseline.json -o WORK/tradeoff",
    "staffing SCENARIO/union-norms.json",
    "staffing SCENARIO/cut-40.json",
    "staffing SCENARIO/cut-40.json --target-utilisation 1",
    "staffing SCENARIO/baseline.json",
    "staffing SCENARIO/baseline.json --cut 40",
    "plan SCENARIO/wishes.json -o WORK/wishes",
    "plan SCENARIO/wishes-first.json -o WORK/wishes-first",
]


def timed(cmd, work, name):
    """run cmd under /usr/bin/time -v; (exit code, wall s, peak MiB, stdout)"""
    tv = os.path.join(work, name + ".time")
    p = bench.run(["/usr/bin/time", "-v", "-o", tv] + cmd, timeout=900, cwd=bench.TOP)
    wall, peak = bench.time_v(tv)
    return p.returncode, wall, peak, p.stdout


def plan_row(name, work):
    out = os.path.join(work, "plans", name)
    code, wall, peak, _ = timed([bench.OMFORDEL, "plan", os.path.join(SCENARIOS, name + ".json"),
                                 "-o", out, "-q"], work, name)
    row = {"name": name, "exit": code, "wall": wall, "peak": peak}
    if code != 0:
        return row
    with open(os.path.join(out, "plan.json"), encoding="utf-8") as f:
        p = json.load(f)
    deps = p["departments"]
    row["load"] = sum(d["points"] for d in deps) / sum(d["capacity"] for d in deps)
    row["levels"] = p["solver"]["levels"]
    row["kpis"] = p["kpis"]
    return row


def level_text(levels):
    short = {"peak_utilisation": "peak", "overload_points": "overload"}
    out = []
    for lv in levels:
        text = short.get(lv["name"], lv["name"])
        if lv["status"] == "optimal":
            out.append(text + " optimal")
        else:
            out.append("%s %s %.2f %%" % (text, lv["status"], 100 * lv["gap"]))
    return "; ".join(out)


def write(res, path):
    L = ["# Quick look: the bundled scenarios", ""]
    L.append("Written by `bench/quick.sh` (`make bench-quick`; see `docs/performance.md`). "
             "Run %s on %s; `%s` (sha256 %s…); %.0f s in all." % (
                 res["date"], res["git"], res["programs"]["version"],
                 res["programs"]["omfordel"], res["elapsed"]))
    L.append("")
    L.append(bench.machine_line(res, "other work on the machine shows in the wall times"))
    L.append("")
    L.append("## plan")
    L.append("")
    L.append("`/usr/bin/time -v omfordel plan %s/NAME.json -o DIR -q`, the default settings "
             "(time limit 60 s, gap 1 %%); load = points over capacity, summed over the "
             "departments; the levels from plan.json (a gap is against GLPK's proven "
             "bound)." % SCENARIOS)
    L.append("")
    L.append("| scenario | load | wall s | peak MiB | levels | moved | kept | peak utilisation |")
    L.append("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
    for r in res["plans"]:
        if r["exit"] != 0:
            L.append("| `%s` | | %.2f | | exit %d | | | |" % (r["name"], r["wall"] or 0, r["exit"]))
            continue
        k = r["kpis"]
        L.append("| `%s` | %.0f %% | %.2f | %.0f | %s | %d | %.1f %% | %.1f %% |" % (
            r["name"], 100 * r["load"], r["wall"], r["peak"], level_text(r["levels"]),
            k["moved"], 100 * k["kept_share"], 100 * k["max_utilisation"]))
    L.append("")
    c = res["compare"]
    L.append("## compare")
    L.append("")
    L.append("`omfordel compare %s -o DIR -q` (two scenarios planned at a time on the 2 "
             "cores): exit %d, **%.2f s** wall; the same five planned one after another "
             "above: %.2f s; compare takes **%.2f×** their time." % (
                 " ".join("%s/%s.json" % (SCENARIOS, n) for n in COMPARED), c["exit"],
                 c["wall"], c["sequential"], c["wall"] / c["sequential"]))
    L.append("")
    for cmd, code, wall, stdout in res["printed"]:
        L.append("## `omfordel %s`" % cmd)
        L.append("")
        L.append("Exit %d, %.2f s wall. Its output:" % (code, wall))
        L.append("")
        L.append("```")
        L.extend(stdout.rstrip("\n").split("\n"))
        L.append("```")
        L.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(bench.TOP, "bench", "results"))
    ap.add_argument("--work", default=os.path.join(bench.TOP, "bench", "work", "quick"))
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    t0 = time.time()
    res = bench.run_facts(work)
    res["plans"] = []
    for name in PLANS:
        res["plans"].append(plan_row(name, work))
        print("quick: plan %s %.2f s" % (name, res["plans"][-1]["wall"] or 0))
    walls = {r["name"]: r["wall"] or 0 for r in res["plans"]}
    code, wall, _, _ = timed([bench.OMFORDEL, "compare"] +
                             [os.path.join(SCENARIOS, n + ".json") for n in COMPARED] +
                             ["-o", os.path.join(work, "compare"), "-q"], work, "compare")
    res["compare"] = {"exit": code, "wall": wall or 0,
                      "sequential": sum(walls[n] for n in COMPARED)}
    print("quick: compare %.2f s" % (wall or 0))
    res["printed"] = []
    for i, cmd in enumerate(PRINTED):
        shown = cmd.replace("SCENARIO", SCENARIOS).replace("WORK", "DIR")
        argv = cmd.replace("SCENARIO", SCENARIOS).replace("WORK", work).split()
        code, wall, _, stdout = timed([bench.OMFORDEL] + argv, work, "printed-%d" % i)
        res["printed"].append((shown, code, wall or 0, stdout.replace(work, "DIR")))
        print("quick: %s %.2f s" % (shown, wall or 0))
    res["load_end"] = bench.loadavg()
    res["elapsed"] = time.time() - t0
    os.makedirs(args.out, exist_ok=True)
    out = os.path.join(args.out, "quick.md")
    write(res, out)
    print("quick: wrote %s" % os.path.relpath(out, bench.TOP))
    return 0


if __name__ == "__main__":
    sys.exit(main())
