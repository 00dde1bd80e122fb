#!/usr/bin/env python3
"""sweep.py - the planning engine's bar on a matrix of generated shapes.

Run through bench/sweep.sh (part of `make bench`).

Usage:  bench/sweep.sh [--only SIZE[,SIZE...]] [--count N[,N...]] [--seeds A-B]
                       [--no-corners] [--jobs N] [--out DIR] [--name NAME] [--keep]

Three sizes: slagelse (11,000 cases, 230-240 caseworkers), copenhagen (60,000 cases,
1,000 caseworkers), million (1,000,000 cases, 2,000 caseworkers). Each size runs its
corner cases (the generator's default shape, the shape measured on another generator's
Slagelse-size data, that shape at the ends of the load range and of the department
range, every knob at once at its hardest, each knob alone) and then instances drawn at
random from a seed: the number of departments (3-9), caseworkers, leavers, a load of
0.80-1.40 (or the default caps) and each knob of build/gen on or off with its value;
the draw depends on the size and the seed only, so `--seeds A-B` gives instances never
run before and the same seeds give the same instances.

For each instance: `build/gen ARGS` into a scratch folder, then the wall time and peak
memory of `omfordel plan SCEN -q -o DIR` (default settings), its exit code, each level's
status and gap from plan.json's solver.levels, and whether tools/check_plan.py accepts
the plan. The bar: exit 0, the plan accepted, every level optimal or within 1 %, and the
size's time (slagelse 5 s, copenhagen 20 s, million 60 s); for slagelse also a median
time of at most 2 s over the run.

Writes OUT/NAME.md (summary: the bar per size, median and largest times, the worst gaps,
a per-knob breakdown, and one row per instance with its gen arguments) and OUT/NAME.csv
(one row per instance). Default OUT bench/results, NAME sweep. Default counts: slagelse
222 (22 corners, 200 drawn), copenhagen 20 (3 corners, 17 drawn), million 3 (corners);
half an hour and more, one plan at a time (--jobs 1: the timings are the point).
"""
import argparse
import concurrent.futures
import csv
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, ".."))
OMFORDEL = os.path.join(TOP, "omfordel")
GEN = os.path.join(TOP, "build", "gen")
CHECK = os.path.join(TOP, "tools", "check_plan.py")

LEVELS = ["peak_utilisation", "overload_points", "moved", "balance"]
SHORT = {"peak_utilisation": "peak", "overload_points": "overload", "moved": "moved",
         "balance": "balance"}
GAP_BAR = 0.01
LIMIT = 60.0  # the engine's default time limit, which it is to keep within 10 %

# name: cases, caseworkers (low, high), leavers (low, high), time bar, median bar,
# instances drawn by default after the corners, seconds before a plan is stopped (the
# engine's own limit is 60 s)
SIZES = {
    "slagelse": dict(tag="S", cases=11000, staff=(230, 240), leavers=(0, 60), bar=5.0,
                     median_bar=2.0, drawn=200, kill=600),
    "copenhagen": dict(tag="C", cases=60000, staff=(1000, 1000), leavers=(0, 250), bar=20.0,
                       median_bar=None, drawn=17, kill=900),
    "million": dict(tag="M", cases=1000000, staff=(2000, 2000), leavers=(0, 500), bar=60.0,
                    median_bar=None, drawn=0, kill=1800),
}

# segments each design may share (the length of its list in tools/gen.c)
MAX_SHARED = {3: 3, 4: 4, 5: 5, 6: 5, 7: 5, 8: 6, 9: 7}
DEFAULT_SHARED = {3: 0, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1}

# the knobs of build/gen in the order of their flags; None = off (gen's default)
KNOBS = ["load", "skew", "spread", "shared", "specialists", "cap_factors", "own_weights",
         "no_caseworker", "fixed", "pinned_share", "households", "changes_12m", "move_costs"]
FLAG = {k: "--" + k.replace("_", "-") for k in KNOBS}
# the shape measured on another generator's Slagelse-size data (gen --shape realistic)
REALISTIC = dict(load=1.2, skew=0.05, spread=True, shared=2, specialists=0.15,
                 cap_factors=0.1, own_weights=0.04, no_caseworker=0.03, fixed=0.08,
                 pinned_share=0.02)
# the value of each knob when a corner turns it on alone (households: the 15 %)
ALONE = dict(REALISTIC, shared=3, households=0.15, changes_12m=True, move_costs=True)
# every knob at its hardest value drawn at random
HARDEST = dict(load=1.4, skew=0.1, spread=True, shared=None, specialists=0.25,
               cap_factors=0.2, own_weights=0.08, no_caseworker=0.05, fixed=0.15,
               pinned_share=0.04, households=0.25, changes_12m=True, move_costs=True)


def instance(size, seed, departments, staff, leavers, knobs, label=""):
    s = SIZES[size]
    return dict(size=size, seed=seed, cases=s["cases"], staff=staff, leavers=leavers,
                departments=departments, knobs={k: knobs.get(k) for k in KNOBS},
                label=label)


def corners(size):
    """fixed instances each size starts with (generator seed 1)"""
    s = SIZES[size]
    k = s["staff"][1]
    cut = int(round(k * 40 / 240.0))  # the measured data: 40 of 240 leave
    # the default shape as the earlier sweep ran it (its first and heaviest rows)
    out = [instance(size, 1, 5, s["staff"][0], 0, {}, "default shape"),
           instance(size, 1, 4, s["staff"][0], int(round(s["staff"][0] * 63 / 230.0)), {},
                    "default shape, leavers"),
           instance(size, 1, 5, k, cut, REALISTIC, "measured shape (--shape realistic)")]
    if size != "slagelse":
        return out
    for load in (0.8, 1.0, 1.4):
        out.append(instance(size, 1, 5, k, cut, dict(REALISTIC, load=load),
                            "measured shape, load %.1f" % load))
    for d in (3, 9):
        out.append(instance(size, 1, d, k, cut, REALISTIC,
                            "measured shape, %d departments" % d))
    out.append(instance(size, 1, 9, k, 60, dict(HARDEST, shared=MAX_SHARED[9]),
                        "every knob at its hardest"))
    for name in KNOBS:
        out.append(instance(size, 1, 5, k, cut, {name: ALONE[name]}, "%s alone" % name))
    return out


def drawn(size, seed):
    """one instance drawn from (size, seed): every number is drawn whether used or not,
    so one knob's setting never moves another's"""
    s = SIZES[size]
    r = random.Random("%s:%d" % (size, seed))
    deps = r.randint(3, 9)
    staff = r.randint(*s["staff"])
    leavers = r.randint(*s["leavers"])
    knobs = {}

    def knob(name, p_on, value):
        on = r.random() < p_on
        knobs[name] = value if on else None

    knob("load", 0.8, round(r.uniform(0.80, 1.40), 2))
    knob("skew", 0.5, round(r.uniform(0.02, 0.10), 2))
    knob("spread", 0.5, True)
    knob("shared", 0.5, r.randint(0, MAX_SHARED[deps]))
    knob("specialists", 0.5, round(r.uniform(0.05, 0.25), 2))
    knob("cap_factors", 0.5, round(r.uniform(0.05, 0.20), 2))
    knob("own_weights", 0.5, round(r.uniform(0.01, 0.08), 3))
    knob("no_caseworker", 0.5, round(r.uniform(0.02, 0.05), 3))
    knob("fixed", 0.5, round(r.uniform(0.02, 0.15), 2))
    knob("pinned_share", 0.5, round(r.uniform(0.005, 0.04), 3))
    knob("households", 0.5, round(r.uniform(0.05, 0.25), 2))
    knob("changes_12m", 0.5, True)
    knob("move_costs", 0.5, True)
    return instance(size, seed, deps, staff, leavers, knobs)


def gen_args(inst):
    a = ["--cases", str(inst["cases"]), "--caseworkers", str(inst["staff"]),
         "--leavers", str(inst["leavers"]), "--departments", str(inst["departments"]),
         "--seed", str(inst["seed"])]
    for k in KNOBS:
        v = inst["knobs"][k]
        if v is None:
            continue
        a += [FLAG[k]] if v is True else [FLAG[k], "%g" % v]
    return a


def setting(inst, knob):
    """the breakdown's category of one knob of one instance"""
    if knob == "departments":
        return str(inst["departments"])
    if knob == "leavers":
        share = inst["leavers"] / float(inst["staff"])
        return ("none" if share == 0 else "1-10 %" if share <= 0.10 else
                "10-20 %" if share <= 0.20 else "over 20 %")
    v = inst["knobs"][knob]
    if knob == "load":
        if v is None:
            return "off (one cap, 0.87)"
        lo = min(int(v * 10 + 1e-9), 13) / 10.0
        return "%.1f-%.1f" % (lo, lo + 0.1)
    if knob == "shared":
        return "off (%d)" % DEFAULT_SHARED[inst["departments"]] if v is None else \
            "%d" % v if v < 3 else "3+"
    return "off" if v is None else "on"


# -------------------------------------------------------------------------------------


def cpu():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine() or "?"


def git_state():
    def git(*a):
        return subprocess.run(["git"] + list(a), cwd=TOP, capture_output=True,
                              text=True).stdout.strip()
    head = git("rev-parse", "--short", "HEAD") or "?"
    dirty = git("status", "--porcelain", "--", "engine", "io", "report", "cli", "tools/gen.c",
                "Makefile")
    return head + (" with uncommitted changes in the sources or tools/gen.c" if dirty else "")


def snapshot_programs(work):
    """copy omfordel and gen into WORK/bin and run those: a rebuild of the tree during a
    long sweep then mixes no two engines"""
    global OMFORDEL, GEN
    bindir = os.path.join(work, "bin")
    os.makedirs(bindir, exist_ok=True)
    for src in (OMFORDEL, GEN):
        shutil.copy2(src, os.path.join(bindir, os.path.basename(src)))
    OMFORDEL = os.path.join(bindir, "omfordel")
    GEN = os.path.join(bindir, "gen")


def timed(cmd, kill_after, log):
    """(exit code, wall seconds, CPU seconds, peak MiB); its output to log (so nothing
    here needs /dev/null); killed past kill_after (exit 124)"""
    with open(log, "w") as err:
        start = time.monotonic()
        p = subprocess.Popen(cmd, stdout=err, stderr=err)
        killed = []
        timer = threading.Timer(kill_after, lambda: (killed.append(1), p.kill()))
        timer.start()
        _, status, usage = os.wait4(p.pid, 0)
        secs = time.monotonic() - start
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
    return ((124 if killed else p.returncode), secs, usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024.0)


def read_levels(plan_json):
    import json
    try:
        with open(plan_json) as f:
            p = json.load(f)
    except (OSError, ValueError):
        return None, None
    lv = {l["name"]: l for l in p.get("solver", {}).get("levels", [])}
    if "move_cost" in lv:  # continuity weighed by case costs: the same level
        lv["moved"] = lv.pop("move_cost")
    return lv, p.get("kpis", {})


def run_one(inst, work, keep):
    s = SIZES[inst["size"]]
    folder = os.path.join(work, inst["id"])
    shutil.rmtree(folder, ignore_errors=True)
    row = dict(inst)
    g = subprocess.run([GEN] + gen_args(inst) + ["--out", folder, "--name", inst["id"]],
                       capture_output=True, text=True)
    row["gen_out"] = g.stdout.strip()
    if g.returncode != 0:
        row.update(exit="gen %d" % g.returncode, seconds=None, cpu_seconds=None, peak_mb=None,
                   check="-",
                   levels=None, kpis=None, why=g.stderr.strip())
        shutil.rmtree(folder, ignore_errors=True)
        return finish(row, s)
    scen = os.path.join(folder, "scenario.json")
    plan = os.path.join(folder, "plan")
    code, wall, cpu_s, peak = timed([OMFORDEL, "plan", scen, "-q", "-o", plan], s["kill"],
                                    os.path.join(folder, "plan.err"))
    row.update(exit=code, seconds=wall, cpu_seconds=cpu_s, peak_mb=peak)
    row["levels"], row["kpis"] = read_levels(os.path.join(plan, "plan.json"))
    if code == 0 and row["levels"] is not None:
        c = subprocess.run(["python3", CHECK, scen, plan], capture_output=True, text=True)
        row["check"] = "ok" if c.returncode == 0 else "FAIL"
        if c.returncode != 0:
            row["why"] = (c.stdout + c.stderr).strip().splitlines()[:3]
    else:
        row["check"] = "-"
        try:
            with open(os.path.join(folder, "plan.err")) as f:
                row["why"] = [l for l in f.read().splitlines() if "error" in l][:2]
        except OSError:
            pass
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
    return finish(row, s)


def finish(row, s):
    """the bar of one instance, and what missed it"""
    miss = []
    if row["exit"] != 0:
        miss.append("exit %s" % row["exit"])
    if row.get("check") not in ("ok",):
        if row["exit"] == 0:
            miss.append("check")
    lv = row.get("levels") or {}
    gaps = [lv[n].get("gap") for n in LEVELS if n in lv]
    row["worst_gap"] = max((x for x in gaps if x is not None), default=None)
    if row["exit"] == 0 and (len(gaps) < 4 or any(x is None for x in gaps)):
        miss.append("levels")
    else:
        miss += ["gap " + SHORT[n] for n in LEVELS
                 if n in lv and (lv[n].get("gap") or 0) > GAP_BAR]
    if row.get("seconds") is not None and row["seconds"] > s["bar"]:
        miss.append("time")
    row["miss"] = miss
    row["bar"] = not miss
    return row


# -------------------------------------------------------------------------------------


def pct(x):
    return "-" if x is None else "%.2f %%" % (100 * x)


def level_cell(row, name):
    lv = (row.get("levels") or {}).get(name)
    if lv is None:
        return "-"
    if lv.get("status") == "optimal":
        return "opt"
    g = lv.get("gap")
    cell = "%s" % pct(g) if g is not None else lv.get("status", "?")
    return "**%s**" % cell if g is None or g > GAP_BAR else cell


def secs(v):
    return "-" if v is None else "%.2f s" % v


def write_csv(rows, path):
    cols = (["id", "size", "label", "seed", "cases", "caseworkers", "leavers", "departments"]
            + KNOBS + ["gen_command", "seconds", "cpu_seconds", "peak_mb", "exit", "check"]
            + ["%s_%s" % (SHORT[n], k) for n in LEVELS for k in ("status", "gap")]
            + ["worst_gap", "moved", "kept_share", "max_utilisation", "bar", "missed"])
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            lv = r.get("levels") or {}
            k = r.get("kpis") or {}
            out = [r["id"], r["size"], r["label"], r["seed"], r["cases"], r["staff"],
                   r["leavers"], r["departments"]]
            out += ["" if r["knobs"][n] is None else (1 if r["knobs"][n] is True else
                                                       r["knobs"][n]) for n in KNOBS]
            out += ["build/gen " + " ".join(gen_args(r)),
                    "" if r["seconds"] is None else "%.3f" % r["seconds"],
                    "" if r["cpu_seconds"] is None else "%.3f" % r["cpu_seconds"],
                    "" if r["peak_mb"] is None else "%.0f" % r["peak_mb"], r["exit"],
                    r["check"]]
            for n in LEVELS:
                x = lv.get(n, {})
                out += [x.get("status", ""),
                        "" if x.get("gap") is None else "%.6f" % x["gap"]]
            out += ["" if r["worst_gap"] is None else "%.6f" % r["worst_gap"],
                    k.get("moved", ""), k.get("kept_share", ""), k.get("max_utilisation", ""),
                    1 if r["bar"] else 0, " ".join(r["miss"])]
            w.writerow(out)


def breakdown(rows):
    """per knob and setting: instances, how many miss the bar, median time and gap"""
    lines = ["| knob | setting | instances | miss the bar | share missing | median time | "
             "median worst gap | largest worst gap |", "| --- | --- | ---: | ---: | ---: | "
             "---: | ---: | ---: |"]
    rank = []
    for knob in ["departments", "leavers"] + KNOBS:
        groups = {}
        for r in rows:
            groups.setdefault(setting(r, knob), []).append(r)
        for key in sorted(groups):
            g = groups[key]
            miss = sum(1 for r in g if not r["bar"])
            t = [r["seconds"] for r in g if r["seconds"] is not None]
            gaps = [r["worst_gap"] for r in g if r["worst_gap"] is not None]
            lines.append("| %s | %s | %d | %d | %.0f %% | %s | %s | %s |" % (
                knob, key, len(g), miss, 100.0 * miss / len(g),
                secs(statistics.median(t)) if t else "-",
                pct(statistics.median(gaps)) if gaps else "-",
                pct(max(gaps)) if gaps else "-"))
            rank.append((miss / float(len(g)), len(g), knob, key, miss))
    return lines, rank


def summary(rows, args, state, started, elapsed):
    out = ["# Shape sweep (engine %s)" % state, "",
           "`bench/sweep.sh %s` on %s (%d cores), load average %s at the start, %s; %.0f s in "
           "all. Each instance: `build/gen ARGS --out DIR` (the arguments in the tables "
           "below), then `omfordel plan DIR/scenario.json -q -o PLAN` with the default "
           "settings (time limit 60 s, gap 1 %%), timed as a whole (wall time; CPU time "
           "beside it, user and system, shows what other load on the machine took), and "
           "`tools/check_plan.py` on the plan. The bar: exit 0, the plan accepted, every "
           "level optimal or within 1 %%, and at most 5 s (Slagelse size, median at most 2 s), "
           "20 s (Copenhagen size) or 60 s (1,000,000 cases)."
           % (" ".join(args.argv) if args.argv else "(defaults)", cpu(),
              os.cpu_count() or 0, args.load_start, started, elapsed), ""]
    out += ["## The bar per size", "",
            "| size | instances | meet the bar | median time | largest time | "
            "median bar | over the time limit + 10 % | largest worst gap | exit not 0 | "
            "check failed |",
            "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |"]
    for size in SIZES:
        g = [r for r in rows if r["size"] == size]
        if not g:
            continue
        t = [r["seconds"] for r in g if r["seconds"] is not None]
        med = statistics.median(t) if t else None
        mb = SIZES[size]["median_bar"]
        gaps = [r["worst_gap"] for r in g if r["worst_gap"] is not None]
        out.append("| %s | %d | %d | %s | %s | %s | %d | %s | %d | %d |" % (
            size, len(g), sum(1 for r in g if r["bar"]), secs(med),
            secs(max(t)) if t else "-",
            "-" if mb is None else ("yes" if med is not None and med <= mb else "**no**") +
            " (%.0f s)" % mb, sum(1 for x in t if x > 1.1 * LIMIT),
            pct(max(gaps)) if gaps else "-",
            sum(1 for r in g if r["exit"] != 0),
            sum(1 for r in g if r["check"] == "FAIL")))
    fails = [r for r in rows if not r["bar"]]
    reasons = {}
    for r in fails:
        for m in r["miss"]:
            reasons[m] = reasons.get(m, 0) + 1
    out += ["", "Missed on: " + (", ".join("%s %d" % kv for kv in sorted(
        reasons.items(), key=lambda kv: -kv[1])) if reasons else "nothing") + "."]
    failed = [r for r in rows if r.get("why")]
    if failed:
        out += ["", "Plans not written or not accepted, and why (the first lines of the "
                "engine's errors or of `tools/check_plan.py`):", ""]
        for r in failed:
            why = r["why"] if isinstance(r["why"], list) else [r["why"]]
            out.append("- %s: %s" % (r["id"], " / ".join("`%s`" % w for w in why)))

    worst = sorted(rows, key=lambda r: (-(r["worst_gap"] if r["worst_gap"] is not None
                                          else (9 if r["exit"] != 0 else 0)),
                                        -(r["seconds"] or 0)))[:10]
    out += ["", "## The worst instances (by largest gap, then time)", "",
            "| id | gen arguments | time | peak | overload | moved | balance | missed |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in worst:
        out.append("| %s | `%s` | %s | %s | %s | %s | %s | %s |" % (
            r["id"], " ".join(gen_args(r)), secs(r["seconds"]),
            level_cell(r, "peak_utilisation"), level_cell(r, "overload_points"),
            level_cell(r, "moved"), level_cell(r, "balance"), ", ".join(r["miss"]) or "-"))

    out += ["", "## Which shapes are hard", "",
            "Per size, each knob's settings: how many instances miss the bar. The knobs "
            "are drawn independently, so a setting's share mixes in the others; compare a "
            "knob's rows with each other. The list first: the settings missing most often "
            "(at least 3 instances), beside the rest of that knob's instances."]
    for size in SIZES:
        g = [r for r in rows if r["size"] == size]
        if not g:
            continue
        lines, rank = breakdown(g)
        hard = [x for x in sorted(rank, key=lambda x: (-x[0], -x[1])) if x[1] >= 3][:10]
        items = []
        for _, n, knob, key, m in hard:
            rest = [r for r in g if setting(r, knob) != key]
            rest_miss = sum(1 for r in rest if not r["bar"])
            items.append("%s %s: %d of %d (the other settings %d of %d)" % (
                knob, key, m, n, rest_miss, len(rest)))
        out += ["", "### %s" % size, "", "Missing most often: " +
                ("; ".join(items) if items else "none") + ".", ""]
        out += lines
    out += ["", "## Every instance", "",
            "Levels: `opt` proven optimal, else the gap of a feasible plan (bold past 1 %). "
            "The arguments go after `build/gen`, with `--out DIR`.", "",
            "| id | shape | gen arguments | time | CPU | peak MiB | exit | check | peak | "
            "overload | moved | balance | bar |",
            "| --- | --- | --- | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | "
            "--- |"]
    for r in rows:
        out.append("| %s | %s | `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["id"], r["label"] or "drawn", " ".join(gen_args(r)), secs(r["seconds"]),
            secs(r["cpu_seconds"]),
            "-" if r["peak_mb"] is None else "%.0f" % r["peak_mb"], r["exit"], r["check"],
            level_cell(r, "peak_utilisation"), level_cell(r, "overload_points"),
            level_cell(r, "moved"), level_cell(r, "balance"),
            "yes" if r["bar"] else "**no** (%s)" % ", ".join(r["miss"])))
    return "\n".join(out) + "\n"


# -------------------------------------------------------------------------------------


def parse_seeds(text):
    try:
        a, b = (int(x) for x in text.split("-", 1)) if "-" in text else (int(text),) * 2
    except ValueError:
        raise argparse.ArgumentTypeError("expected A-B, got %r" % text)
    if a < 0 or b < a:
        raise argparse.ArgumentTypeError("expected 0 <= A <= B, got %r" % text)
    return a, b


def main():
    ap = argparse.ArgumentParser(prog="bench/sweep.sh", description=__doc__.split("\n")[0][11:])
    ap.add_argument("--only", default="slagelse,copenhagen,million",
                    help="sizes to run, comma-separated: slagelse, copenhagen, million")
    ap.add_argument("--count", help="instances per size (corners first, then drawn "
                    "ones), or one count per size of --only, comma-separated; default 222, "
                    "20, 3")
    ap.add_argument("--seeds", type=parse_seeds, help="draw instances from seeds A to B "
                    "only (no corners): shapes never run before")
    ap.add_argument("--no-corners", action="store_true", help="drawn instances only")
    ap.add_argument("--jobs", type=int, default=1, help="plans at once (default 1: the "
                    "timings are the point)")
    ap.add_argument("--out", default=os.path.join(TOP, "bench", "results"))
    ap.add_argument("--name", default="sweep", help="OUT/NAME.md and OUT/NAME.csv")
    ap.add_argument("--keep", action="store_true",
                    help="keep each instance and its plan in bench/work/sweep/")
    args = ap.parse_args()
    args.argv = sys.argv[1:]
    sizes = [s.strip() for s in args.only.split(",") if s.strip()]
    for s in sizes:
        if s not in SIZES:
            ap.error("--only: unknown size %r" % s)
    counts = {}
    if args.count is not None:
        try:
            n = [int(x) for x in args.count.split(",")]
        except ValueError:
            ap.error("--count: expected N or N,N,... got %r" % args.count)
        if len(n) == 1:
            n = n * len(sizes)
        if len(n) != len(sizes) or min(n) < 1:
            ap.error("--count: one count of at least 1, or one per size of --only")
        counts = dict(zip(sizes, n))
    if args.jobs < 1:
        ap.error("--jobs must be at least 1")

    insts = []
    for size in sizes:
        s = SIZES[size]
        if args.seeds:
            lst = [drawn(size, k) for k in range(args.seeds[0], args.seeds[1] + 1)]
            if size in counts:
                lst = lst[:counts[size]]
        else:
            lst = [] if args.no_corners else corners(size)
            count = counts.get(size, len(lst) + s["drawn"])
            lst = lst[:count]
            for i, inst in enumerate(lst):
                inst["id"] = "%s-c%02d" % (s["tag"], i + 1)
            k = 1
            while len(lst) < count:
                lst.append(drawn(size, k))
                k += 1
        for inst in lst:
            inst.setdefault("id", "%s-%d" % (s["tag"], inst["seed"]))
        insts += lst

    try:
        with open("/proc/loadavg") as f:
            args.load_start = " ".join(f.read().split()[:3])
    except OSError:
        args.load_start = "?"
    state = git_state()
    work = os.path.join(TOP, "bench", "work", "sweep") if args.keep else \
        tempfile.mkdtemp(prefix="sweep-")
    os.makedirs(work, exist_ok=True)
    snapshot_programs(work)
    started = time.strftime("%Y-%m-%d %H:%M")
    t0 = time.monotonic()
    rows = []
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs)
    try:
        futs = [pool.submit(run_one, inst, work, args.keep) for inst in insts]
        for inst, fut in zip(insts, futs):
            try:
                r = fut.result()
            except Exception as e:  # the harness failed, not the plan: say so, go on
                r = finish(dict(inst, exit="harness", seconds=None, cpu_seconds=None,
                                peak_mb=None, check="-", levels=None, kpis=None,
                                why=repr(e)), SIZES[inst["size"]])
                print("sweep: %s: %r" % (inst["id"], e), file=sys.stderr)
            rows.append(r)
            print("sweep: %-8s %6s  %s  %s" % (
                r["id"], secs(r["seconds"]), "yes" if r["bar"] else
                "no (%s)" % ", ".join(r["miss"]), " ".join(gen_args(r))), flush=True)
    except KeyboardInterrupt:  # keep what was measured
        for fut in futs:
            fut.cancel()
        args.argv = args.argv + ["(interrupted after %d of %d)" % (len(rows), len(insts))]
    finally:
        pool.shutdown(wait=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    os.makedirs(args.out, exist_ok=True)
    md = summary(rows, args, state, started, time.monotonic() - t0)
    with open(os.path.join(args.out, args.name + ".md"), "w") as f:
        f.write(md)
    write_csv(rows, os.path.join(args.out, args.name + ".csv"))
    print(md.split("## Every instance")[0].rstrip())
    print("sweep: wrote %s.md and %s.csv" % (os.path.join(args.out, args.name),
                                            os.path.join(args.out, args.name)))


if __name__ == "__main__":
    main()
