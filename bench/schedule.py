#!/usr/bin/env python3
"""schedule.py - `omfordel schedule` at Slagelse and Copenhagen size, as ratios against
`omfordel report` of the same plan.json measured in the same run. Run through
bench/schedule.sh (part of `make bench`).

Usage:  bench/schedule.sh [--out DIR] [--work DIR] [--repeats N]

  slagelse     scenarios/slagelse-2017/cut-40.json planned (default settings), scheduled
               from 2017-01-02 at 10 meetings a week (the leavers' last days are in
               staff.csv);
  copenhagen   build/gen --cases 60000 --caseworkers 1000 --leavers 40 --seed 1, planned
               (time limit 60 s), scheduled at 10 and at 5 meetings a week.

Each schedule and each report is run REPEATS times (default 3) under /usr/bin/time -v;
the median wall time is kept, and the ratio schedule / report is the figure to compare
across machines (both read the same plan.json). Writes OUT/schedule.md (default
bench/results), naming the commit measured.
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402

START = "2017-01-02"


def timed(cmd, work, name, repeats):
    """median wall s and peak MiB over repeats runs of cmd; the last run's exit code"""
    walls, peaks, code = [], [], None
    for k in range(repeats):
        tv = os.path.join(work, "%s-%d.time" % (name, k))
        p = bench.run(["/usr/bin/time", "-v", "-o", tv] + cmd, timeout=900, cwd=bench.TOP)
        code = p.returncode
        wall, peak = bench.time_v(tv)
        walls.append(wall or 0)
        peaks.append(peak or 0)
    return code, statistics.median(walls), max(peaks)


def instance(label, plan_dir, per_weeks, work, repeats):
    plan = os.path.join(plan_dir, "plan.json")
    name = bench.slug(label)
    rows = []
    code, rwall, _ = timed([bench.OMFORDEL, "report", plan, "-o",
                            os.path.join(work, name + "-report.html"), "-q"],
                           work, name + "-report", repeats)
    for pw in per_weeks:
        out = os.path.join(work, "%s-%d" % (name, pw))
        code, wall, peak = timed([bench.OMFORDEL, "schedule", plan, "--start", START,
                                  "--per-week", str(pw), "-o", out, "-q"],
                                 work, "%s-%d" % (name, pw), repeats)
        row = {"label": label, "per_week": pw, "exit": code, "wall": wall, "peak": peak,
               "report": rwall}
        if code == 0:
            with open(os.path.join(out, "schedule.json"), encoding="utf-8") as f:
                s = json.load(f)
            row.update({k: s[k] for k in ("moved", "meetings", "weeks", "lower_bound_weeks",
                                          "pairs", "pair_weeks")})
            row["breaches"] = len(s["breaches"])
        rows.append(row)
        print("schedule: %s at %d a week: %.2f s (report %.2f s)" % (label, pw, wall, rwall))
    return rows


def write(res, path):
    L = ["# `omfordel schedule`: Slagelse and Copenhagen size", ""]
    L.append("Written by `bench/schedule.sh` (part of `make bench`). Run %s on %s; `%s` "
             "(sha256 %s…); %.0f s in all." % (res["date"], res["git"],
                                               res["programs"]["version"],
                                               res["programs"]["omfordel"], res["elapsed"]))
    L.append("")
    L.append(bench.machine_line(res, "other work on the machine shows in the wall times"))
    L.append("")
    L.append("Median wall time of %d runs each under `/usr/bin/time -v`. The baseline is "
             "`omfordel report PLAN.json` on the same plan.json in the same run (it reads "
             "the same file and writes one page): the ratio schedule / report is the "
             "figure that carries across machines. Weeks against the lower bound "
             "(the largest ⌈meetings ÷ per week⌉); breaches: weeks and caseworkers above "
             "the higher of their points before and after." % res["repeats"])
    L.append("")
    L.append("| plan | per week | moved | meetings | weeks | lower bound | pairs | "
             "pair-weeks | breaches | schedule s | report s | ratio | peak MiB |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
             "---: | ---: |")
    for r in res["rows"]:
        if r["exit"] != 0:
            L.append("| %s | %d | exit %d | | | | | | | %.2f | %.2f | | |" % (
                r["label"], r["per_week"], r["exit"], r["wall"], r["report"]))
            continue
        L.append("| %s | %d | %d | %d | %d | %d | %d | %d | %d | %.2f | %.2f | %.2f | %.0f |" % (
            r["label"], r["per_week"], r["moved"], r["meetings"], r["weeks"],
            r["lower_bound_weeks"], r["pairs"], r["pair_weeks"], r["breaches"], r["wall"],
            r["report"], r["wall"] / r["report"] if r["report"] else 0, r["peak"]))
    L.append("")
    L.append("Plans: %s" % "; ".join(res["plans"]))
    L.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(bench.TOP, "bench", "results"))
    ap.add_argument("--work", default=os.path.join(bench.TOP, "bench", "work", "schedule"))
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    t0 = time.time()
    res = bench.run_facts(work)
    res.update({"repeats": args.repeats, "rows": [], "plans": []})
    slagelse = os.path.join(work, "slagelse")
    p = bench.run([bench.OMFORDEL, "plan", "scenarios/slagelse-2017/cut-40.json", "-o", slagelse,
                   "-q"], timeout=900, cwd=bench.TOP)
    res["plans"].append("slagelse cut-40 with the default settings (as README.md runs it), "
                        "exit %d" % p.returncode)
    res["rows"] += instance("slagelse cut-40", slagelse, [10], work, args.repeats)
    data = os.path.join(work, "copenhagen-data")
    gen = bench.run([bench.GEN, "--cases", "60000", "--caseworkers", "1000", "--leavers", "40",
                     "--seed", "1", "--out", data, "--name", "copenhagen"], timeout=900)
    copenhagen = os.path.join(work, "copenhagen")
    p = bench.run([bench.OMFORDEL, "plan", os.path.join(data, "scenario.json"), "-o", copenhagen,
                   "-q", "--time-limit", "60"], timeout=900, cwd=bench.TOP)
    res["plans"].append("copenhagen: `gen --cases 60000 --caseworkers 1000 --leavers 40 "
                        "--seed 1` (exit %d), planned with `--time-limit 60` (exit %d)"
                        % (gen.returncode, p.returncode))
    res["rows"] += instance("copenhagen 60k/1000", copenhagen, [10, 5], work, args.repeats)
    res["load_end"] = bench.loadavg()
    res["elapsed"] = time.time() - t0
    os.makedirs(args.out, exist_ok=True)
    out = os.path.join(args.out, "schedule.md")
    write(res, out)
    print("schedule: wrote %s" % os.path.relpath(out, bench.TOP))
    return 0


if __name__ == "__main__":
    sys.exit(main())
