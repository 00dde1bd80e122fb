#!/usr/bin/env python3
"""run_exact.py - omfordel's plans against the exact case-level model (see run_exact.sh).

For each instance (the hand-made ones, tests/instances/*/ with an optimum.json, then random
ones from gen.py with seeds 1..N): plan it with `$OMFORDEL plan S.json -o DIR --gap G -q`,
solve it with exact.py (glpsol, level by level), check the plan with tools/check_plan.py,
and compare plan.json's solver.levels with the exact values. Prints `ok exact-N` or `FAIL exact-N: why`
per instance (`exact-hand-NAME` for the hand-made ones, whose exact values must also equal
their optimum.json, worked out by hand); a failing instance's folder is kept and named.

With --gap 0 (the default) each level must equal the exact optimum: peak_utilisation
within 1e-5, overload_points within 1e-3 (and the 0.5 % it is fixed with), moved exactly,
balance within 1e-4. With --gap G > 0 (labels exact-gapG-N) omfordel may stop early, so
each level is compared with the exact optimum among the plans that keep omfordel's values
of the levels before (exact.solve's given): the value may be above it, never below. Either
way no level may claim more than is true: its bound no more than the exact optimum, and
`optimal` only on a value equal to it (within the same tolerances).

Where the exact model says no plan exists, omfordel must exit 1. Where omfordel's
departments, held from balance on, admit no plan at the exact values of the levels before,
the instance fails. An exact model that hits --tmlim fails too: the instance is too large
for the test, which then proves nothing. FAIL lines end with gen.py's description of the
instance ([... knobs ...]); the summary line names the failed instances.

Seeds from 1001 on (gen.CONTINUITY_FIRST) add case costs, households and max_cases_out:
`--first 1001 --count 100` runs those alone (their coverage rules too), and equal_costs is
held to the exact fewest moves at equal costs.

Options: --count N (random instances, default 60), --first SEED (default 1), --jobs J
(default 2), --tmlim S (glpsol seconds per level, default 30), --gap G (default 0), --self
(use exact.py's own plan writer instead of omfordel: a test of this harness and of the
checker), --keep (keep every instance folder).
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import csv
import io
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the tree
HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))
INSTANCES = os.path.join(TOP, "tests", "instances")
sys.path.insert(0, os.path.join(TOP, "tools"))
sys.path.insert(0, HERE)
import check_plan  # noqa: E402
import exact  # noqa: E402
import gen  # noqa: E402

TOL = {"peak_utilisation": 1e-5, "overload_points": 1e-3, "moved": 0, "balance": 1e-4,
       "wish_cost": 0, "move_cost": 1e-4}
PLAN_TIMEOUT = 120


def omfordel_path():
    p = os.environ.get("OMFORDEL")
    if p:
        return p
    for cand in (os.path.join(TOP, "omfordel"), os.path.join(TOP, "build", "asan", "omfordel")):
        if os.access(cand, os.X_OK):
            return cand
    return os.path.join(TOP, "omfordel")


def run_plan(binary, scenario, out, gap=0):
    """(exit code, output text, seconds) of omfordel plan"""
    t0 = time.monotonic()
    try:
        p = subprocess.run([binary, "plan", scenario, "-o", out, "--gap", "%g" % gap, "-q"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, timeout=PLAN_TIMEOUT)
        return p.returncode, p.stdout, time.monotonic() - t0
    except subprocess.TimeoutExpired:
        return None, "timed out after %d s" % PLAN_TIMEOUT, time.monotonic() - t0
    except OSError as e:
        return None, str(e), time.monotonic() - t0


def plan_levels(plan_dir):
    """level -> the value each optimised level of a written plan's solver.levels reached
    when it was solved (what it was held from), or None. The plan's own value where it is
    above what that holds (the peak let up to within its gap for continuity): the exact
    model must admit omfordel's plan."""
    def given(x):
        r, v = x.get("reached", x["value"]), x["value"]
        return v if v > check_plan.held(x["name"], r, x.get("slack", 0)) else r
    try:
        with open(os.path.join(plan_dir, "plan.json"), encoding="utf-8") as f:
            return {x["name"]: given(x) for x in json.load(f)["solver"]["levels"]
                    if x["status"] != "not_optimised"}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def short(text, n=3):
    lines = [x for x in text.strip().splitlines() if x.strip()]
    s = "; ".join(lines[:n])
    return s + ("; ..." if len(lines) > n else "")


def placement_of(plan_dir):
    """caseworker -> department of a written plan (staying caseworkers), or None"""
    path = os.path.join(plan_dir, "caseworkers.csv")
    if not os.path.exists(path):
        return None
    with open(path, newline="", encoding="utf-8") as f:
        return {r["caseworker"]: r["department"] for r in csv.DictReader(f) if r["department"]}


def to_of_plan(plan_dir):
    """case -> caseworker of a written plan, or None"""
    path = os.path.join(plan_dir, "assignments.csv")
    if not os.path.exists(path):
        return None
    with open(path, newline="", encoding="utf-8-sig") as f:
        text = f.read()
    sep = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return {r["case"]: r["to_caseworker"] for r in csv.DictReader(io.StringIO(text), delimiter=sep)}


def tol(name, a, b):
    """how far apart omfordel's and the exact value of a level may be"""
    return (TOL[name] + (1e-9 if name != "moved" else 0)
            + exact.FIX_REL.get(name, 0) * max(abs(a), abs(b)))


def dishonest(got, levels):
    """what plan.json's solver.levels claim beyond the exact optimum of each level: a
    bound above it (a proof of something false), or `optimal` on a value above it"""
    why = []
    for name, want in levels.items():
        x = got.get(name)
        if not isinstance(x, dict):
            continue  # reported as missing by the caller
        v, b = x.get("value"), x.get("bound")
        if isinstance(b, (int, float)) and b > want + tol(name, b, want):
            why.append("level %s: bound %.9g above the exact optimum %.9g (%s, value %s)"
                       % (name, b, want, x.get("status"), v))
        if (x.get("status") == "optimal" and isinstance(v, (int, float))
                and v > want + tol(name, v, want)):
            why.append("level %s: optimal claimed on %.9g, the exact optimum is %.9g"
                       % (name, v, want))
    return why


# the rules every run of --count 100 or more must hold on enough instances (present, and
# for the two that may cut a plan off, binding: at the bound in omfordel's plan or the
# reason there is none)
RULES = ("fte_bounds", "max_utilisation", "fixed", "specialists", "cap_factors", "pins",
         "priorities", "wishes")
BINDS = ("fte_bounds", "max_utilisation", "max_cases_out")
# and those of the seeds with case costs and households (gen.CONTINUITY_FIRST on)
CONTINUITY_RULES = ("households", "soft_households", "move_cost", "max_cases_out")
MIN_PRESENT, MIN_BINDING = 15, 5


def rules_of(sc, dept_of, peak, infeasible, to_of=None):
    """the rules an instance has, and those of them that bind ("NAME binding")"""
    cases_before, cases_out = {}, {}
    for c in sc.case_ids:
        f = sc.case[c]["from"]
        if sc.staying(f):
            cases_before[f] = cases_before.get(f, 0) + 1
            if to_of and to_of.get(c) != f:
                cases_out[f] = cases_out.get(f, 0) + 1
    stay = [s for s in sc.staff_ids if sc.staying(s)]
    segs = set().union(*(sc.dept[d]["segments"] for d in sc.dept_ids))
    out = set()
    bounded = [d for d in sc.dept_ids
               if sc.dept[d]["min_fte"] > 0 or sc.dept[d]["max_fte"] < float("inf")]
    if bounded:
        out.add("fte_bounds")
        fte = {d: sum(sc.staff[s]["fte"] for s in stay if (dept_of or {}).get(s) == d)
               for d in bounded}
        if infeasible or any(abs(fte[d] - sc.dept[d][k]) < 1e-6
                             for d in bounded for k in ("min_fte", "max_fte")):
            out.add("fte_bounds binding")
    if sc.max_utilisation is not None:
        out.add("max_utilisation")
        if infeasible or (peak is not None and peak > sc.max_utilisation - 0.02):
            out.add("max_utilisation binding")
    if any(sc.staff[s]["fixed"] for s in stay):
        out.add("fixed")
    if any(sc.staff[s]["qualified"] and not segs <= sc.staff[s]["qualified"] for s in stay):
        out.add("specialists")
    if any(sc.staff[s]["cap_factor"] != 1 for s in stay):
        out.add("cap_factors")
    if any(sc.case[c]["pinned"] for c in sc.case_ids):
        out.add("pins")
    wishes = any(sc.staff[s]["wishes"] for s in sc.staff_ids)
    if list(sc.priorities) != (check_plan.DEFAULT_WITH_WISHES if wishes
                               else check_plan.DEFAULT_PRIORITIES):
        out.add("priorities")
    if any(sc.wishes_count(s) for s in stay) and "wishes" in sc.priorities:
        out.add("wishes")
    if sc.household:
        out.add("households")
        if sc.households_mode == "soft":
            out.add("soft_households")
    if sc.weighting:
        out.add("move_cost")
    if sc.max_cases_out is not None:
        out.add("max_cases_out")
        if infeasible or any(cases_out.get(s, 0) == sc.most_out(s, n) > 0
                             for s, n in cases_before.items()):
            out.add("max_cases_out binding")
    return out


def one(label, scenario, folder, args, binary, expected=None):
    """run one instance; returns (label, ok, message, stats)"""
    stats = {"exact": 0.0, "plan": 0.0, "rules": set()}
    try:
        sc = check_plan.Scenario(scenario)
    except check_plan.InputError as e:
        return label, False, "the instance cannot be read: %s" % e, stats
    plan_dir = os.path.join(folder, "plan")
    code, out = None, ""
    given = None
    if not args.self:
        code, out, stats["plan"] = run_plan(binary, scenario, plan_dir, args.gap)
        if args.gap > 0 and code == 0:
            given = plan_levels(plan_dir)  # None when unreadable: reported below
    status, levels, secs, lsecs, to_of, dept_of, equal = exact.solve(
        sc, args.tmlim, os.path.join(folder, "exact-model"), placement_of(plan_dir), given)
    stats["exact"] = secs
    why = []
    if expected is not None and given is None:
        if expected == "infeasible":
            if status != "infeasible":
                why.append("exact.py says %s, expected infeasible" % status)
        elif status != "optimal":
            why.append("exact.py says %s, expected optimal" % status)
        else:
            for k, v in expected.items():
                if abs(levels[k] - v) > max(TOL[k], 1e-9):
                    why.append("exact.py %s = %.9g, expected by hand %s" % (k, levels[k], v))
    if args.self:
        if status == "timeout":
            return label, False, "exact model timed out (no plan of its own)", stats
        if status == "optimal":
            exact.write_plan(sc, to_of, dept_of, levels, plan_dir, equal)
            code, out = 0, ""
        else:
            code, out = 1, "no plan"
    if status == "infeasible" and given is not None:
        return label, False, ("the exact model admits no plan that keeps omfordel's level "
                              "values %s, yet omfordel wrote one" % json.dumps(given)), stats
    if status == "infeasible":
        stats["rules"] = rules_of(sc, None, None, True)
        if code != 1:
            why.append("no plan exists (exact model infeasible), but omfordel plan exit %s: %s"
                       % (code, short(out)))
        return label, not why, "; ".join(why) or "infeasible, omfordel exit 1", stats
    if code != 0:
        why.append("omfordel plan exit %s: %s" % (code, short(out)))
        return label, False, "; ".join(why), stats
    ch = check_plan.Checker(sc, plan_dir)
    try:
        ch.run()
    except Exception as e:  # a checker crash is a failure to look at, not a pass
        ch.problems.append("checker crashed: %r" % e)
    stats["rules"] = rules_of(sc, placement_of(plan_dir),
                              (ch.levels or {}).get("peak_utilisation"), False, to_of_plan(plan_dir))
    if ch.problems:
        why.append("check_plan: %s%s" % ("; ".join(ch.problems[:3]),
                                         "; ..." if len(ch.problems) > 3 else ""))
    try:
        with open(os.path.join(plan_dir, "plan.json"), encoding="utf-8") as f:
            plan = json.load(f)
        got = {x["name"]: x for x in plan["solver"]["levels"]}
    except (OSError, ValueError, KeyError, TypeError) as e:
        why.append("plan.json solver.levels unreadable: %s" % e)
        return label, False, "; ".join(why), stats
    for name in check_plan.LEVEL_NAMES:
        if name not in levels:
            continue  # not optimised, or the exact model timed out on it or one before it
        want = levels[name]
        x = got.get(name)
        v = x.get("value") if isinstance(x, dict) else None
        r = x.get("reached", v) if isinstance(x, dict) else None
        if not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in (v, r)):
            why.append("level %s missing in plan.json" % name)
        elif v < want - tol(name, v, want):
            # whatever the levels after it did: the plan keeps the levels before it
            why.append("level %s: omfordel's plan %.9g below the exact optimum %.9g"
                       % (name, v, want))
        elif given is not None:
            # stopped within --gap: no better than the exact optimum given the levels before
            if v < want - tol(name, v, want):
                why.append("level %s: omfordel %.9g below the exact optimum %.9g of the plans "
                           "that keep its levels before" % (name, v, want))
        elif abs(r - want) > tol(name, r, want):
            # what the level reached when solved; the plan's value may be anywhere within
            # its slack once the levels after it are solved (the checker holds it there)
            why.append("level %s: omfordel reached %.9g (%s), exact %.9g"
                       % (name, r, x.get("status"), want))
    why += dishonest(got, levels)
    if given is None and equal and equal.get("status") == "optimal":
        # the fewest moves at equal costs: plan.json's equal_costs against the exact model's
        e = plan.get("equal_costs")
        m = e.get("moved") if isinstance(e, dict) else None
        if not isinstance(m, int) or m < equal["moved"] or (
                e.get("status") == "optimal" and m != equal["moved"]):
            why.append("equal_costs %s, the exact fewest moves at equal costs %d"
                       % (json.dumps(e), equal["moved"]))
    if status == "held_infeasible":
        lv = [n for n in sc.level_order() if n not in levels]
        why.append("held in omfordel's departments, no plan keeps the %s values of %s "
                   "(so %s not compared)" % ("given" if given else "exact",
                                             ", ".join(levels), ", ".join(lv)))
    if status == "timeout":
        # a test that cannot tell is no pass: the instance is too large for the exact model
        lv = [n for n in sc.level_order() if n not in levels]
        why.append("exact model timed out on %s after %g s (%s): make gen.py's instance "
                   "smaller" % (lv[0], args.tmlim, "compared " + ", ".join(levels)
                                if levels else "nothing compared"))
    return label, not why, "; ".join(why), stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--tmlim", type=float, default=30)
    ap.add_argument("--gap", type=float, default=0)
    ap.add_argument("--self", action="store_true")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    t0 = time.monotonic()
    binary = omfordel_path()
    work = tempfile.mkdtemp(prefix="omfordel-exact-")

    jobs = []  # (label, scenario, folder, expected, description)
    prefix = "exact-gap%g-" % args.gap if args.gap > 0 else "exact-"
    for name in sorted(os.listdir(INSTANCES)):
        src = os.path.join(INSTANCES, name)
        if not os.path.isfile(os.path.join(src, "optimum.json")):
            continue
        with open(os.path.join(src, "optimum.json")) as f:
            optimum = json.load(f)
        folder = os.path.join(work, "hand-" + name)
        shutil.copytree(src, os.path.join(folder, "in"))
        jobs.append((prefix + "hand-" + name, os.path.join(folder, "in", "scenario.json"),
                     folder, optimum, "hand-made"))
    for seed in range(args.first, args.first + args.count):
        folder = os.path.join(work, "exact-%d" % seed)
        desc = gen.generate(seed, os.path.join(folder, "in"))
        jobs.append((prefix + str(seed), os.path.join(folder, "in", "scenario.json"), folder,
                     None, desc))

    available = args.self
    if not args.self:
        if os.access(binary, os.X_OK):
            code, out, _ = run_plan(binary, jobs[0][1], os.path.join(work, "probe"))
            available = code in (0, 1, 3, 4)
            if not available:
                print("FAIL exact: omfordel plan not available (%s exit %s: %s)"
                      % (binary, code, short(out, 2)))
        else:
            print("FAIL exact: omfordel plan not available (no executable %s)" % binary)
    if not available:
        # still prove exact.py on the hand-made instances, then stop
        failed = 0
        for label, scenario, folder, exp, _ in jobs:
            if exp is None:
                continue
            sc = check_plan.Scenario(scenario)
            status, levels, *_ = exact.solve(sc, args.tmlim)
            bad = (status != "infeasible") if exp == "infeasible" else (
                status != "optimal" or any(abs(levels[k] - v) > max(TOL[k], 1e-9)
                                           for k, v in exp.items()))
            if bad:
                failed += 1
                print("FAIL %s-model: exact.py says %s %s, expected %s"
                      % (label, status, json.dumps(levels), json.dumps(exp)))
            else:
                print("ok %s-model" % label)
        shutil.rmtree(work, ignore_errors=True)
        return 1

    failed = []
    exact_s = plan_s = 0.0
    seen = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futs = [pool.submit(one, label, scen, folder, args, binary, exp)
                for label, scen, folder, exp, _ in jobs]
        for n, fut in enumerate(futs):
            label, ok, msg, stats = fut.result()
            exact_s += stats["exact"]
            plan_s += stats["plan"]
            for r in stats["rules"]:
                seen[r] = seen.get(r, 0) + 1
            folder = jobs[n][2]
            if ok:
                print("ok %s" % label)
                if not args.keep:
                    shutil.rmtree(folder, ignore_errors=True)
            else:
                failed.append(label)
                print("FAIL %s: %s [%s] (kept in %s)" % (label, msg, jobs[n][4], folder))
            sys.stdout.flush()
    if args.count >= 100:
        # an instance set that leaves a rule out (or never lets it bind) proves nothing of it
        rules = RULES + (CONTINUITY_RULES if args.first + args.count - 1 >= gen.CONTINUITY_FIRST
                         else ())
        for r in rules:
            n, b = seen.get(r, 0), seen.get(r + " binding", 0)
            what = "%d instances" % n + (", %d binding" % b if r in BINDS else "")
            label = "%scovers-%s" % (prefix, r)
            if n < MIN_PRESENT or (r in BINDS and b < MIN_BINDING):
                failed.append(label)
                print("FAIL %s: %s, want %d%s" % (label, what, MIN_PRESENT, ", %d binding"
                                                  % MIN_BINDING if r in BINDS else ""))
            else:
                print("ok %s (%s)" % (label, what))
    print("exact: %d instances, %d failed%s, %.1f s (glpsol %.1f s, omfordel %.1f s)"
          % (len(jobs), len(failed), " (%s)" % " ".join(failed) if failed else "",
             time.monotonic() - t0, exact_s, plan_s))
    if not failed and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
