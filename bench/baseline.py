#!/usr/bin/env python3
"""baseline.py - the straightforward case-level formulation, solved level by level by
glpsol or cbc under one time limit, for `make bench`.

Usage:  python3 bench/baseline.py SCENARIO.json --solver glpsol|cbc [--time-limit S]
                                  [--gap G] [--workdir DIR]

The model is tests/exact/exact.py's (one binary per case and eligible caseworker,
placement binaries, the same hard rules and lexicographic levels), imported, not copied.
What this adds to exact.py's own glpsol loop:

- one time limit for the whole chain of levels, not a limit per level: each level may use
  all the time left (the most favourable split for finding a plan at all; a level that
  uses it up leaves the later levels unsolved, and the plan found stands for them);
- a level stopped by the time limit keeps its incumbent: the level is fixed at the value of
  that plan (recomputed from the plan, as exact.py does) and the next level is solved;
  a level with no plan at all ends the chain;
- cbc as a second solver (`cbc model.lp timeMode elapsed sec S ratio G threads 1 solve
  solu FILE`);
- each solver run under /usr/bin/time -v (peak memory), `timeout` (stopped at 1.5 x the
  time it was given + 10 s when it overruns its own limit: reading a large LP file is not
  counted by the solvers' own limits) and an address-space cap (half the memory, at most
  16 GiB);
- the balance level, when it is not the first, holds every caseworker in the department
  the plan so far chose (docs/formats.md), when exact.py's Model.lp takes a placement.

Prints one JSON object (see `run`). Exit 0 unless the scenario cannot be read (2).
"""
import argparse
import inspect
import json
import os
import re
import resource
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the tree
HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(TOP, "tools"))
sys.path.insert(0, os.path.join(TOP, "tests", "exact"))
import check_plan  # noqa: E402
import exact  # noqa: E402


class Members(list):
    """a list with a set's membership test: exact.Model asks `k in E[i]` for every
    caseworker and case, which is quadratic with plain lists at Slagelse size"""

    def __init__(self, items):
        super().__init__(items)
        self._set = set(items)

    def __contains__(self, x):
        return x in self._set


def mem_cap_bytes():
    """address-space cap for a solver: half the machine's memory, at most 16 GiB"""
    try:
        with open("/proc/meminfo") as f:
            kb = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    except (OSError, AttributeError, ValueError):
        kb = 8 << 20
    return min(kb * 1024 // 2, 16 << 30)


def timed(cmd, log, budget):
    """run cmd under /usr/bin/time -v and timeout; (exit code, wall s, peak MiB, killed)"""
    tfile = log + ".time"
    kill_after = budget * 1.5 + 10
    cap = mem_cap_bytes()

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    t0 = time.monotonic()
    with open(log, "w") as out:
        # TERM first (then KILL 10 s later): timeout reaps the solver, so /usr/bin/time
        # still sees its peak memory
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tfile, "timeout", "-k", "10",
                            "%.0f" % kill_after] + cmd, stdout=out, stderr=subprocess.STDOUT,
                           preexec_fn=limit)
    wall = time.monotonic() - t0
    peak = None
    try:
        with open(tfile) as f:
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
            peak = int(m.group(1)) / 1024.0 if m else None
    except OSError:
        pass
    return p.returncode, wall, peak, p.returncode in (124, 137)


def rel_gap(obj, bound):
    if obj is None or bound is None:
        return None
    return abs(obj - bound) / (abs(obj) + 2.2e-16)


def run_glpsol(lp, base, budget, gap):
    """(kind, values, objective, bound, wall, peak MiB); kind: optimal | feasible |
    nosolution | infeasible | killed | failed"""
    sol, log = base + ".sol", base + ".log"
    cmd = ["glpsol", "--lp", lp, "--cuts", "--tmlim", str(int(max(1, budget))),
           "--mipgap", repr(gap), "-o", sol]
    rc, wall, peak, killed = timed(cmd, log, budget)
    with open(log, errors="replace") as f:
        text = f.read()
    if killed:
        return "killed", None, None, None, wall, peak
    if "NO PRIMAL FEASIBLE" in text or "NO INTEGER FEASIBLE" in text:
        return "infeasible", None, None, None, wall, peak
    if rc != 0 or not os.path.exists(sol):
        return "failed", None, None, None, wall, peak
    bound = None  # from the last progress line: "+ N: mip = BEST >= BOUND GAP% (..)"
    for m in re.finditer(r"^\+\s*\d+: mip =\s+(.*?)>=\s+(\S+)", text, re.M):
        if m.group(2) == "tree":  # "tree is empty": the search is complete
            bound = "best"
        else:
            try:
                bound = float(m.group(2))
            except ValueError:
                bound = None
            if bound is not None and abs(bound) == float("inf"):
                bound = None
    with open(sol) as f:
        s = f.read()
    m = re.search(r"^Status:\s+(.*)$", s, re.M)
    status = m.group(1).strip() if m else "?"
    if status == "INTEGER EMPTY":
        return "infeasible", None, None, None, wall, peak
    if status not in ("INTEGER OPTIMAL", "INTEGER NON-OPTIMAL"):
        return "nosolution", None, None, None, wall, peak
    m = re.search(r"^Objective:\s+\S+ = (\S+)", s, re.M)
    obj = float(m.group(1)) if m else None
    values = {}
    cols = s.split("Column name", 1)[1].split("Integer feasibility", 1)[0]
    pending = None  # a long name puts its values on the next line
    for line in cols.splitlines()[2:]:
        f = [v for v in line.split() if v != "*"]
        if not f:
            continue
        if pending is not None:
            values[pending] = float(f[0])
            pending = None
        elif len(f) == 2 and f[0].isdigit():
            pending = f[1]
        elif f[0].isdigit() and len(f) >= 3:
            values[f[1]] = float(f[2])
    if bound == "best" or (status == "INTEGER OPTIMAL" and "TIME LIMIT" not in text
                           and "GAP TOLERANCE" not in text):
        bound = obj
    kind = "optimal" if bound is not None and rel_gap(obj, bound) < 1e-9 else "feasible"
    return kind, values, obj, bound, wall, peak


def run_cbc(lp, base, budget, gap):
    """as run_glpsol"""
    sol, log = base + ".sol", base + ".log"
    if os.path.exists(sol):
        os.unlink(sol)
    cmd = ["cbc", lp, "timeMode", "elapsed", "sec", "%.1f" % max(1.0, budget),
           "ratio", repr(gap), "threads", "1", "solve", "solu", sol]
    rc, wall, peak, killed = timed(cmd, log, budget)
    with open(log, errors="replace") as f:
        text = f.read()
    if killed:
        return "killed", None, None, None, wall, peak
    if rc != 0 or not os.path.exists(sol):
        if re.search(r"Result - (Linear relaxation|Problem proven) infeasible", text):
            return "infeasible", None, None, None, wall, peak
        return "failed", None, None, None, wall, peak
    with open(sol) as f:
        lines = f.read().splitlines()
    head = lines[0] if lines else ""
    if "infeasible" in head.lower():
        return "infeasible", None, None, None, wall, peak
    if "no integer solution" in head or not (head.startswith("Optimal")
                                             or head.startswith("Stopped")):
        return "nosolution", None, None, None, wall, peak
    m = re.search(r"objective value (\S+)", head)
    obj = float(m.group(1)) if m else None
    values = {}
    for line in lines[1:]:
        f = line.replace("**", " ").split()
        if len(f) >= 3 and f[0].isdigit():
            values[f[1]] = float(f[2])
    bound = None
    m = re.search(r"^Lower bound:\s+(\S+)", text, re.M)
    if m:
        bound = float(m.group(1))
    elif head.startswith("Optimal") and "within gap" not in text:
        bound = obj
    kind = "optimal" if bound is not None and rel_gap(obj, bound) < 1e-9 else "feasible"
    return kind, values, obj, bound, wall, peak


SOLVERS = {"glpsol": run_glpsol, "cbc": run_cbc}
# exact.py holds the placement on the balance level (after the others) when its Model.lp
# takes one; follow it, whichever version of exact.py this is
HOLDS_PLACEMENT = "placement" in inspect.signature(exact.Model.lp).parameters


class Chain:
    """one scenario's model, its LP texts cached across solvers (the first level's text is
    the same for every solver)"""

    def __init__(self, scenario, workdir):
        self.sc = check_plan.Scenario(scenario)
        self.workdir = workdir
        os.makedirs(workdir, exist_ok=True)
        self.lp_cache = {}
        self.write_seconds = 0.0
        self.infeasible = None
        t0 = time.monotonic()
        try:
            self.model = exact.Model(self.sc)
            self.model.E = {i: Members(v) for i, v in self.model.E.items()}
        except exact.Infeasible as e:
            self.model = None
            self.infeasible = str(e)
        self.write_seconds += time.monotonic() - t0

    def binaries(self):
        if not self.model:
            return 0
        m = self.model
        return sum(len(v) for v in m.E.values()) + sum(len(v) for v in m.ED.values())

    def lp_file(self, level, fixed, placement=None):
        key = (level, tuple(sorted(fixed.items())), tuple(sorted((placement or {}).items())))
        if key not in self.lp_cache:
            t0 = time.monotonic()
            path = os.path.join(self.workdir, "model%d_%s.lp" % (len(self.lp_cache) + 1, level))
            if placement is None:
                text = self.model.lp(level, fixed)  # may raise exact.Infeasible
            else:
                text = self.model.lp(level, fixed, placement)
            with open(path, "w") as f:
                f.write(text)
            self.write_seconds += time.monotonic() - t0
            self.lp_cache[key] = (path, len(text))
        return self.lp_cache[key]

    def run(self, solver, time_limit, gap):
        """{"solver", "found_plan", "status", "seconds", "peak_mib", "levels": {name:
        value of the final plan}, "level_runs": [{"name", "status", "value", "objective",
        "bound", "gap", "seconds", "peak_mib"}], "lp_mb", "note"}"""
        res = {"solver": solver, "found_plan": False, "status": "no plan", "seconds": 0.0,
               "peak_mib": None, "levels": None, "level_runs": [], "lp_mb": None,
               "note": ""}
        if self.model is None:
            res["status"] = "infeasible"
            res["note"] = self.infeasible
            return res
        order = self.sc.level_order()
        fixed = {}
        dept_of = None
        used = 0.0
        statuses = []
        for n, name in enumerate(order):
            left = time_limit - used
            if left < 1.0:
                res["level_runs"].append({"name": name, "status": "not run (no time left)"})
                statuses.append("not run")
                continue
            budget = left
            held = None
            if name == "balance" and fixed and HOLDS_PLACEMENT:
                held = dept_of  # docs/formats.md: balance does not move people
            try:
                lp, size = self.lp_file(name, fixed, held)
            except exact.Infeasible as e:
                res["status"] = "infeasible"
                res["note"] = str(e)
                break
            if res["lp_mb"] is None:
                res["lp_mb"] = round(size / 1e6, 1)
            base = os.path.join(self.workdir, "%s_level%d_%s" % (solver, n + 1, name))
            kind, values, obj, bound, wall, peak = SOLVERS[solver](lp, base, budget, gap)
            used += wall
            res["seconds"] = round(used, 3)
            if peak is not None:
                res["peak_mib"] = round(max(res["peak_mib"] or 0, peak), 1)
            run = {"name": name, "status": kind, "value": None, "objective": obj,
                   "bound": bound, "gap": rel_gap(obj, bound), "seconds": round(wall, 3),
                   "budget": round(budget, 1), "peak_mib": peak}
            res["level_runs"].append(run)
            if values is None:
                statuses.append(kind)
                if kind == "infeasible" and n == 0:
                    res["status"] = "infeasible"
                break
            to_of, dept_of = self.model.decode(values)
            levels, _ = check_plan.level_values(self.sc, to_of, dept_of)
            run["value"] = levels[name]
            fixed[name] = levels[name]
            res["levels"] = levels
            res["found_plan"] = True
            statuses.append(kind)
        if res["found_plan"]:
            res["status"] = "optimal" if all(s == "optimal" for s in statuses) \
                and len(statuses) == len(order) else "feasible"
        return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--solver", choices=sorted(SOLVERS), action="append")
    ap.add_argument("--time-limit", type=float, default=60)
    ap.add_argument("--gap", type=float, default=0.005)
    ap.add_argument("--workdir", default=os.path.join(TOP, "bench", "work", "baseline"))
    a = ap.parse_args()
    try:
        chain = Chain(a.scenario, a.workdir)
    except check_plan.InputError as e:
        print("baseline: %s" % e, file=sys.stderr)
        return 2
    out = {"binaries": chain.binaries(), "runs": []}
    for s in a.solver or ["glpsol", "cbc"]:
        out["runs"].append(chain.run(s, a.time_limit, a.gap))
    out["write_seconds"] = round(chain.write_seconds, 3)
    print(json.dumps(out, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
