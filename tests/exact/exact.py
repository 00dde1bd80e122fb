#!/usr/bin/env python3
"""exact.py - the straightforward case-level formulation of a scenario, solved
lexicographically with glpsol, for optimality checks of omfordel on small instances.

Usage:  python3 tests/exact/exact.py SCENARIO.json [--tmlim S] [--keep DIR]
                                                   [--write-plan DIR]

Prints one JSON object:
  {"status": "optimal"|"infeasible"|"timeout",
   "levels": {"peak_utilisation": .., "overload_points": .., "moved": .., "balance": ..}
             (on a time-out: the levels solved before it; infeasible: null),
   "seconds": total glpsol seconds, "level_seconds": {name: s}}
Exit 0 optimal, 1 infeasible (no plan satisfies the hard rules), 3 a glpsol call hit
--tmlim (default 20 s per level), 2 usage or input error.

The model (CPLEX LP, one file per level, kept in --keep DIR for inspection):
  x(i,k) binary  case i to staying caseworker k, for every k qualified for i's segment
                 with an eligible department serving it (a pinned case: only its own)
  y(k,d) binary  caseworker k joins eligible department d       sum_d y(k,d) = 1
  L(k,d) >= 0    k's points when in d: sum_d L(k,d) = sum_i w(i) x(i,k), L(k,d) <= W(k) y(k,d)
  link           x(i,k) <= sum of y(k,d) over k's eligible departments serving i's segment
  min/max fte    min_fte(d) <= sum_k fte(k) y(k,d) <= max_fte(d)
  P >= 1         L(k,d) <= c(k,d) P                  (peak_utilisation = P)
  o(k) >= 0      o(k) >= sum_d L(k,d) - c(k,d) y(k,d)  (overload_points = sum o)
  z(d) >= 0      L(k,d) <= c(k,d) z(d)               (balance = sum z)
  moved          sum of x(i,k) with k != the case's current caseworker
  ceiling        L(k,d) <= max_utilisation c(k,d), when the scenario names one
Levels in the order of the scenario's priorities (caps = peak then overload; a priority
left out is not solved); after each, its value v (recomputed from the rounded solution) is
held as docs/formats.md says, with its priority's slack S: peak <= (1+S) v + 1e-6,
overload <= (1 + max(S, 0.005)) v + 1e-4, moved <= floor((1+S) v) (= v when S is 0),
balance <= (1+S) v + 1e-6 (check_plan.held). From balance on, unless it is the first
level, each caseworker is held in the department chosen before.
Symmetry rows (valid: any plan, its identical cases or identical caseworkers permuted,
meets them with the same level values): identical cases take their caseworkers in rank
order, identical caseworkers are ordered by department, then load (Model.case_twins,
Model.twins). A given placement that admits no plan at the
earlier levels' optimum is status "held_infeasible" (solve() only; see there).

With --write-plan DIR the optimal plan is written as the plan files of docs/formats.md
(by this script's own simple writer, not the engine's), so that the checker can be tried
on plans from an independent source.
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import check_plan  # noqa: E402  (the checker's scenario reader and level definitions)

FIX_REL = {"overload_points": 0.005}  # held within this share of the value at the least


class Infeasible(Exception):
    pass


class Model:
    def __init__(self, sc):
        self.sc = sc
        self.K = [s for s in sc.staff_ids if sc.staying(s)]
        self.kx = {k: n for n, k in enumerate(self.K)}
        self.D = list(sc.dept_ids)
        self.dx = {d: n for n, d in enumerate(self.D)}
        self.ED = {k: sc.eligible_departments(k) for k in self.K}
        for k in self.K:
            if not self.ED[k]:
                raise Infeasible("caseworker %s has no eligible department" % k)
        self.E = {}  # case index -> list of caseworkers
        for i, c in enumerate(sc.case_ids):
            case = sc.case[c]
            g = case["segment"]
            cands = [k for k in self.K if sc.qualified(k, g)
                     and any(sc.serves(d, g) for d in self.ED[k])]
            if case["pinned"]:
                cands = [k for k in cands if k == case["from"]]
            if not cands:
                raise Infeasible("case %s has no possible caseworker" % c)
            self.E[i] = cands
        self.W = {k: 0.0 for k in self.K}
        for i, c in enumerate(sc.case_ids):
            for k in self.E[i]:
                self.W[k] += sc.case[c]["weight"]

    # names
    def x(self, i, k):
        return "x%d_%d" % (i, self.kx[k])

    def y(self, k, d):
        return "y%d_%d" % (self.kx[k], self.dx[d])

    def L(self, k, d):
        return "L%d_%d" % (self.kx[k], self.dx[d])

    def o(self, k):
        return "o%d" % self.kx[k]

    def z(self, d):
        return "z%d" % self.dx[d]

    def level_expr(self, name):
        sc = self.sc
        if name == "peak_utilisation":
            return [(1, "P")]
        if name == "overload_points":
            return [(1, self.o(k)) for k in self.K]
        if name in ("moved", "move_cost"):  # move_cost: each moved case's cost
            return [(1 if name == "moved" else sc.case[c]["cost"], self.x(i, k))
                    for i, c in enumerate(sc.case_ids) for k in self.E[i]
                    if k != sc.case[c]["from"]]
        if name == "wish_cost":  # rank - 1 of the wish granted, or the number of wishes
            return [((sc.wish_rank(k, d) or len(sc.staff[k]["wishes"]) + 1) - 1, self.y(k, d))
                    for k in self.K if sc.wishes_count(k) for d in self.ED[k]]
        return [(1, self.z(d)) for d in self.D]

    def lp(self, level, fixed, placement=None):
        """the CPLEX LP text minimising level with the earlier levels fixed (and, when
        placement maps caseworker -> department, every caseworker held there)"""
        sc = self.sc
        out = []

        def row(name, terms, sense, rhs):
            parts = []
            for coef, var in terms:
                if coef == 0:
                    continue
                parts.append("%s %r %s" % ("-" if coef < 0 else "+", abs(float(coef)), var))
            if not parts:
                parts = ["+ 0 P"]
            line = " %s: %s %s %r" % (name, " ".join(parts), sense, float(rhs))
            out.append(line)

        obj = [(c, v) for c, v in self.level_expr(level) if c]
        out.append("Minimize")
        out.append(" obj: " + " ".join("+ %r %s" % (float(c), v) for c, v in obj)
                   if obj else " obj: 0 P")
        out.append("Subject To")
        for i in range(len(sc.case_ids)):
            row("a%d" % i, [(1, self.x(i, k)) for k in self.E[i]], "=", 1)
        for k in self.K:
            kk = self.kx[k]
            row("p%d" % kk, [(1, self.y(k, d)) for d in self.ED[k]], "=", 1)
            terms = [(1, self.L(k, d)) for d in self.ED[k]]
            terms += [(-sc.case[sc.case_ids[i]]["weight"], self.x(i, k))
                      for i in range(len(sc.case_ids)) if k in self.E[i]]
            row("s%d" % kk, terms, "=", 0)
            for d in self.ED[k]:
                dd = self.dx[d]
                c = sc.capacity(k, d)
                if len(self.ED[k]) > 1:
                    row("n%d_%d" % (kk, dd), [(1, self.L(k, d)), (-self.W[k], self.y(k, d))], "<=", 0)
                row("u%d_%d" % (kk, dd), [(1, self.L(k, d)), (-c, "P")], "<=", 0)
                row("b%d_%d" % (kk, dd), [(1, self.L(k, d)), (-c, self.z(d))], "<=", 0)
            row("o%d" % kk, [(1, self.L(k, d)) for d in self.ED[k]]
                + [(-sc.capacity(k, d), self.y(k, d)) for d in self.ED[k]]
                + [(-1, self.o(k))], "<=", 0)
        for i, c in enumerate(sc.case_ids):
            g = sc.case[c]["segment"]
            for k in self.E[i]:
                serving = [d for d in self.ED[k] if sc.serves(d, g)]
                if len(serving) < len(self.ED[k]):
                    row("l%d_%d" % (i, self.kx[k]),
                        [(1, self.x(i, k))] + [(-1, self.y(k, d)) for d in serving], "<=", 0)
        for d in self.D:
            dd = self.dx[d]
            terms = [(sc.staff[k]["fte"], self.y(k, d)) for k in self.K if d in self.ED[k]]
            lo, hi = sc.dept[d]["min_fte"], sc.dept[d]["max_fte"]
            if lo > 0:
                if not terms:
                    raise Infeasible("department %s cannot reach min_fte" % d)
                row("fl%d" % dd, terms, ">=", lo - 1e-9)
            if hi != float("inf") and terms:
                row("fh%d" % dd, terms, "<=", hi + 1e-9)
        # households kept together: each case of one goes where its first case goes
        index = {c: i for i, c in enumerate(sc.case_ids)}
        for h, cases in sorted(sc.household.items()):
            if not sc.together(h):
                continue
            first = index[cases[0]]
            for c in cases[1:]:
                i = index[c]
                for k in sorted(set(self.E[i]) | set(self.E[first]), key=self.kx.get):
                    terms = [(1, self.x(i, k))] if k in self.E[i] else []
                    terms += [(-1, self.x(first, k))] if k in self.E[first] else []
                    row("h%d_%d" % (i, self.kx[k]), terms, "=", 0)
        if sc.max_cases_out is not None:
            # each staying caseworker keeps all but floor(f x before) + excused of their cases
            for k in self.K:
                own = [i for i, c in enumerate(sc.case_ids) if sc.case[c]["from"] == k]
                keep = len(own) - sc.most_out(k, len(own))
                if keep > 0:
                    row("out%d" % self.kx[k], [(1, self.x(i, k)) for i in own if k in self.E[i]],
                        ">=", keep)
        moved_counts = level in ("moved", "move_cost") or "moved" in fixed or "move_cost" in fixed
        if not placement:
            # Identical caseworkers (no pinned cases, same fte, capacities, departments,
            # qualifications, and, once continuity counts, no cases of their own today)
            # are interchangeable: order them by department, then by load. Cuts the
            # symmetric search of the min-max levels. Not once they are held in
            # departments: twins held apart are no longer alike.
            for a, b in self.twins(moved_counts):
                big = max(self.W[a], self.W[b]) + 1
                row("sym%d_%d" % (self.kx[a], self.kx[b]),
                    [(1, self.L(a, d)) for d in self.ED[a]]
                    + [(big * self.dx[d], self.y(a, d)) for d in self.ED[a]]
                    + [(-1, self.L(b, d)) for d in self.ED[b]]
                    + [(-big * self.dx[d], self.y(b, d)) for d in self.ED[b]], ">=", 0)
        for a, b in self.case_twins(moved_counts):
            # identical cases go to caseworkers in the order of their rank
            row("cs%d_%d" % (a, b), [(self.kx[k] + 1, self.x(a, k)) for k in self.E[a]]
                + [(-(self.kx[k] + 1), self.x(b, k)) for k in self.E[b]], "<=", 0)
        if sc.max_utilisation is not None:
            for k in self.K:
                for d in self.ED[k]:
                    row("mu%d_%d" % (self.kx[k], self.dx[d]), [(1, self.L(k, d))], "<=",
                        sc.max_utilisation * sc.capacity(k, d))
        for k, d in sorted((placement or {}).items()):
            row("place_%d" % self.kx[k], [(1, self.y(k, d))], "=", 1)
        for name, value in fixed.items():
            terms = self.level_expr(name)
            slack = sc.slack.get(check_plan.LEVELS[name]["priority"], 0.0)
            if name == "moved" and slack == 0:
                row("fix_moved", terms, "=", value)
            else:
                row("fix_%s" % name, terms, "<=", check_plan.held(name, value, slack))
        out.append("Bounds")
        out.append(" P >= 1")
        out.append("Binary")
        for i in range(len(sc.case_ids)):
            for k in self.E[i]:
                out.append(" " + self.x(i, k))
        for k in self.K:
            for d in self.ED[k]:
                out.append(" " + self.y(k, d))
        out.append("End")
        return "\n".join(out) + "\n"

    def twins(self, moved_counts):
        """pairs (a, b) of consecutive identical caseworkers; when moved counts, only
        those who hold no case today"""
        sc = self.sc
        if moved_counts or sc.max_cases_out is not None:  # what they hold today counts
            owners = {sc.case[c]["from"] for c in sc.case_ids}
        else:
            owners = {sc.case[c]["from"] for c in sc.case_ids if sc.case[c]["pinned"]}
        classes = {}
        for k in self.K:
            if k in owners:
                continue
            st = sc.staff[k]
            key = (st["fte"], tuple(sorted(st["qualified"])),
                   tuple((d, sc.capacity(k, d)) for d in self.ED[k]),
                   tuple(i for i in range(len(sc.case_ids)) if k in self.E[i]),
                   tuple(st["wishes"]) if sc.wishes_count(k) else ())
            classes.setdefault(key, []).append(k)
        return [(ks[n], ks[n + 1]) for ks in classes.values() for n in range(len(ks) - 1)]

    def case_twins(self, moved_counts):
        """pairs (a, b) of consecutive identical cases: same weight, same possible
        caseworkers each in the same departments serving the case's segment (segments
        differ in nothing else), and, when moved counts, the same staying current
        caseworker (a case whose caseworker does not stay is moved wherever it goes)"""
        sc = self.sc
        classes = {}
        for i, c in enumerate(sc.case_ids):
            case = sc.case[c]
            if len(self.E[i]) < 2 or case["household"]:
                continue  # a household's case is tied to the others
            owner = (case["from"] if (moved_counts or sc.max_cases_out is not None)
                     and sc.staying(case["from"]) else None)
            where = tuple((k, tuple(d for d in self.ED[k] if sc.serves(d, case["segment"])))
                          for k in self.E[i])
            key = (case["weight"], where, owner, case["cost"])
            classes.setdefault(key, []).append(i)
        return [(ix[n], ix[n + 1]) for ix in classes.values() for n in range(len(ix) - 1)]

    def decode(self, values):
        """(to_of case -> caseworker, dept_of caseworker -> department) from column values"""
        sc = self.sc
        to_of = {}
        for i, c in enumerate(sc.case_ids):
            best = max(self.E[i], key=lambda k: values.get(self.x(i, k), 0.0))
            to_of[c] = best
        dept_of = {}
        for k in self.K:
            dept_of[k] = max(self.ED[k], key=lambda d: values.get(self.y(k, d), 0.0))
        return to_of, dept_of


def run_glpsol(lp_text, workdir, tag, tmlim):
    lp = os.path.join(workdir, tag + ".lp")
    sol = os.path.join(workdir, tag + ".sol")
    with open(lp, "w") as f:
        f.write(lp_text)
    t0 = time.monotonic()
    out = ""
    for cuts in (["--cuts"], []):
        p = subprocess.run(["glpsol", "--lp", lp] + cuts + ["--tmlim", str(int(max(1, tmlim))),
                                                            "-o", sol],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
        out += p.stdout
        # GLPK 5.0 aborts in its cut generator when presolving left no column
        if "glp_add_cols: ncs = 0" not in p.stdout:
            break
    secs = time.monotonic() - t0
    with open(os.path.join(workdir, tag + ".log"), "w") as f:
        f.write(out)
    out = p.stdout
    if "TIME LIMIT EXCEEDED" in out:
        return "timeout", None, secs
    if "NO PRIMAL FEASIBLE" in out or "NO INTEGER FEASIBLE" in out:
        return "infeasible", None, secs
    if "INTEGER OPTIMAL SOLUTION FOUND" not in out or not os.path.exists(sol):
        raise RuntimeError("glpsol failed on %s:\n%s" % (lp, out[-2000:]))
    values = {}
    with open(sol) as f:
        text = f.read()
    m = re.search(r"^Status:\s+(.*)$", text, re.M)
    status = m.group(1).strip() if m else "?"
    if status == "INTEGER EMPTY":
        return "infeasible", None, secs
    if status != "INTEGER OPTIMAL":
        return "timeout", None, secs
    cols = text.split("Column name", 1)[1].split("Integer feasibility", 1)[0]
    pending = None
    for line in cols.splitlines()[2:]:
        f = line.split()
        if not f:
            continue
        if pending is not None:  # a long name had the values on the next line
            f = [pending] + [v for v in f if v != "*"]
            values[f[0]] = float(f[1])
            pending = None
            continue
        if len(f) == 2 and f[0].isdigit():
            pending = f[1]
            continue
        if f[0].isdigit():
            vals = [v for v in f[2:] if v != "*"]
            values[f[1]] = float(vals[0])
    return "optimal", values, secs


def solve(sc, tmlim=20, keep=None, placement=None, given=None):
    """(status, levels, seconds, level_seconds, to_of, dept_of, equal_costs); on
    "timeout", levels
    holds the values of the levels solved before the one that timed out, and so on
    "held_infeasible": the given placement admits no plan that keeps those values.

    With given (level -> value, e.g. omfordel's), each level is fixed at the given value
    instead of its own optimum before the next is solved: levels[name] is then the exact
    optimum of that level among the plans that keep the given values of the levels before.

    From balance on, when it is not the first level, every caseworker is held in the
    department the levels before chose (docs/formats.md): placement (caseworker ->
    department, e.g. omfordel's) when given, else this model's own."""
    try:
        m = Model(sc)
    except Infeasible:
        return "infeasible", None, 0.0, {}, None, None, None
    workdir = keep or tempfile.mkdtemp(prefix="exact-")
    os.makedirs(workdir, exist_ok=True)
    fixed = {}
    level_seconds = {}
    total = 0.0
    to_of = dept_of = equal = None
    levels = None
    try:
        held = None
        for name in sc.level_order():
            if name == "balance" and fixed:
                held = placement if placement is not None else dept_of
            try:
                text = m.lp(name, fixed, held)
            except Infeasible:
                return "infeasible", None, total, level_seconds, None, None, None
            status, values, secs = run_glpsol(text, workdir, "level%d_%s" % (len(fixed) + 1, name),
                                              tmlim)
            total += secs
            level_seconds[name] = round(secs, 3)
            solved = dict(fixed) if given is None else dict(levels or {})
            if status == "infeasible" and held is not None:
                if placement is None:
                    raise RuntimeError("the model's own placement admits no plan on %s "
                                       "(models in %s)" % (name, workdir))
                # the given placement cannot meet the optimum of the levels before
                return "held_infeasible", solved, total, level_seconds, None, None, None
            if status != "optimal":
                # on a time-out, the levels solved before (their values) are still exact
                partial = solved if status == "timeout" else None
                return status, partial, total, level_seconds, None, None, None
            to_of, dept_of = m.decode(values)
            found, _ = check_plan.level_values(sc, to_of, dept_of)
            # each level's optimum when it is solved (with the ones before as given); the
            # levels after it may take it anywhere within what it is held at
            levels = dict(levels or {}, **{name: found[name]})
            fixed[name] = given[name] if given is not None else levels[name]
        if sc.weighting:
            equal = equal_costs(m, sc, fixed, workdir, tmlim)
    finally:
        if keep is None:
            for f in os.listdir(workdir):
                os.unlink(os.path.join(workdir, f))
            os.rmdir(workdir)
    return "optimal", levels, total, level_seconds, to_of, dept_of, equal


def equal_costs(m, sc, fixed, workdir, tmlim):
    """the fewest moves with every case's cost 1 under the caps levels as held (both,
    peak and overload; nothing else: no placement, no other level), plan.json's
    equal_costs: {"moved", "status", "by_segment"}, or {"status": "timeout"}"""
    caps = {k: v for k, v in fixed.items() if check_plan.LEVELS[k]["priority"] == "caps"}
    status, values, _ = run_glpsol(m.lp("moved", caps), workdir, "equal_costs", tmlim)
    if status != "optimal":
        return {"status": status}
    to_of, _ = m.decode(values)
    by = {}
    for c in sc.case_ids:
        if to_of[c] != sc.case[c]["from"]:
            by[sc.case[c]["segment"]] = by.get(sc.case[c]["segment"], 0) + 1
    return {"moved": sum(by.values()), "status": "optimal", "by_segment": by}


# ---------------------------------------------------------------------------------------
# An independent, simple writer of the plan files (for trying the checker)


def num(x):
    s = "%.6f" % x
    s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def households_kpi(sc, to_of):
    split = united = 0
    for cs in sc.household.values():
        if len({to_of[c] for c in cs}) > 1:
            split += 1
        elif len({sc.case[c]["from"] for c in cs if sc.case[c]["from"]}) > 1:
            united += 1
    n = len(sc.household)
    return {"households": n, "together": n - split, "split": split, "united": united}


def write_plan(sc, to_of, dept_of, levels, out, equal=None):
    os.makedirs(out, exist_ok=True)
    assign = []
    w = {s: dict(cb=0, pb=0.0, ca=0, pa=0.0, ci=0, co=0) for s in sc.staff_ids}
    hand = {}
    for c in sorted(sc.case_ids):
        k = sc.case[c]
        f, t, g = k["from"], to_of[c], k["segment"]
        moved = int(t != f)
        if f == "":
            reason = "no_caseworker"
        elif not sc.staying(f):
            reason = "caseworker_leaves"
        elif not moved:
            reason = "pinned" if k["pinned"] else "kept"
        elif g in sc.dept[dept_of[f]]["segments"] and sc.qualified(f, g):
            reason = "over_cap"
        else:
            reason = "department_change"
        assign.append({"case": c, "segment": g, "weight": k["weight"], "from_caseworker": f,
                       "to_caseworker": t, "to_department": dept_of[t], "moved": moved,
                       "reason": reason, "segment_before": k["segment_before"],
                       "move_cost": k["cost"], "household": k["household"] or None})
        if f:
            w[f]["cb"] += 1
            w[f]["pb"] += k["weight"]
        w[t]["ca"] += 1
        w[t]["pa"] += k["weight"]
        if moved:
            w[t]["ci"] += 1
            if f:
                w[f]["co"] += 1
                hand[(f, t)] = hand.get((f, t), 0) + 1
    workers = []
    for s in sorted(sc.staff_ids):
        r = w[s]
        d = dept_of.get(s)
        cap = sc.capacity(s, d) if d else None
        workers.append({"caseworker": s, "unit": sc.staff[s]["unit"], "department": d or "",
                        "fte": sc.staff[s]["fte"], "capacity": cap, "cases_before": r["cb"],
                        "points_before": r["pb"], "cases_after": r["ca"],
                        "points_after": r["pa"],
                        "utilisation": r["pa"] / cap if cap else None,
                        "cases_in": r["ci"], "cases_out": r["co"],
                        "wish_rank": (sc.wish_rank(s, d) or None)
                        if d and sc.wishes_count(s) else None,
                        "caseworker_name": sc.staff[s]["name"],
                        "share_out": round(r["co"] / r["cb"], 6) if d and r["cb"] else None})
    depts = []
    for d in sc.dept_ids:
        mem = [x for x in workers if x["department"] == d]
        cap = sum(x["capacity"] for x in mem)
        pts = sum(x["points_after"] for x in mem)
        depts.append({"department": d, "caseworkers": len(mem),
                      "fte": sum(x["fte"] for x in mem),
                      "cases": sum(x["cases_after"] for x in mem), "points": pts,
                      "capacity": cap, "utilisation": pts / cap if cap else None,
                      "overload_points": sum(max(0.0, x["points_after"] - x["capacity"])
                                             for x in mem),
                      "fte_needed": pts / sc.dept[d]["cap"],
                      "department_name": sc.dept[d]["name"]})

    def cell(v):
        if v is None:
            return ""
        if isinstance(v, float):
            return num(v)
        return str(v)

    def jval(v):
        if isinstance(v, float):
            return float(num(v))
        return v

    def write(name, cols, rows):
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
            f.write(",".join(cols) + "\n")
            for r in rows:
                f.write(",".join(cell(r[c]) for c in cols) + "\n")

    write("assignments.csv", check_plan.ASSIGN_COLS, assign)
    write("caseworkers.csv", check_plan.WORKER_COLS, workers)
    write("departments.csv", check_plan.DEPT_COLS, depts)
    write("handovers.csv", check_plan.HANDOVER_COLS,
          [{"from_caseworker": a, "to_caseworker": b, "cases": n}
           for (a, b), n in sorted(hand.items())])
    n = len(sc.case_ids)
    # levels: each one's optimum when solved; final: the plan's values, which the levels
    # after one may have let up within its slack (then it is feasible, its gap the rise)
    optimum = levels
    levels, _ = check_plan.level_values(sc, to_of, dept_of)
    lvls = []
    for k in sc.level_order():
        v, b = jval(float(levels[k])), jval(float(min(optimum[k], levels[k])))
        if k == "move_cost" and check_plan.close(v, b):
            b = v
        if k == "moved":
            v, b = int(v), int(b)
        gap = jval((v - b) / max(abs(v), 1e-9)) if v - b > 1e-9 else 0
        lvls.append({"name": k, "status": "optimal" if gap == 0 else "feasible", "value": v,
                     "bound": b, "gap": gap, "seconds": 0,
                     "slack": sc.slack[check_plan.LEVELS[k]["priority"]],
                     "reached": jval(float(optimum[k]))})
    lvls += [{"name": k, "status": "not_optimised",
              "value": int(levels[k]) if k == "moved" else jval(float(levels[k]))}
             for k in sc.levels_left_out()]
    solved = [x for x in lvls if x["status"] != "not_optimised"]
    max_u = max([x["utilisation"] for x in workers if x["utilisation"] is not None] or [0.0])
    plan = {
        "scenario": {"name": sc.name, "title": sc.title,
                     "weights": {g: float(sc.weights.get(g, 1.0)) for g in sorted(sc.segments)},
                     "caps": {d: sc.dept[d]["cap"] for d in sc.dept_ids},
                     "leaves": list(sc.leaves), "salary_per_fte": sc.salary_per_fte,
                     "priorities": [p if sc.slack[p] == 0 else {"level": p, "slack": sc.slack[p]}
                                    for p in sc.priorities]},
        "inputs": [{"role": role, "path": path,
                    "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest()}
                   for role, path in sc.files],
        "solver": {"status": "optimal" if all(x["status"] == "optimal" for x in solved)
                   else "feasible", "seconds": 0, "gap_limit": 0,
                   "objective": solved[-1]["value"], "bound": solved[-1]["bound"],
                   "gap": solved[-1]["gap"], "levels": lvls},
        "kpis": {"cases": n, "moved": levels["moved"],
                 "kept_share": jval((n - levels["moved"]) / n if n else 1.0),
                 "max_utilisation": jval(max_u),
                 "overload_points": jval(levels["overload_points"]),
                 "handover_pairs": len(hand), "fte_available": jval(sum(
                     sc.staff[s]["fte"] for s in sc.staff_ids if sc.staying(s))),
                 "fte_needed": jval(sum(x["fte_needed"] for x in depts)),
                 "move_cost": jval(float(check_plan.moved_cost(sc, to_of))),
                 "households": households_kpi(sc, to_of)},
        "household_splits": [{"household": h, "caseworkers": sorted({to_of[c] for c in cs})}
                             for h, cs in sorted(sc.household.items())
                             if len({to_of[c] for c in cs}) > 1],
        "equal_costs": equal if sc.weighting else None,
        "departments": [{k: jval(v) for k, v in r.items()} for r in depts],
        "caseworkers": [{k: jval(v) for k, v in r.items()} for r in workers],
        "assignments": [{k: jval(v) for k, v in r.items()} for r in assign],
    }
    ranks = [x["wish_rank"] or 0 for x in workers if x["department"] and sc.wishes_count(x["caseworker"])]
    if ranks:
        plan["kpis"]["wishes"] = {"given": len(ranks), "first": ranks.count(1),
                                  "second": ranks.count(2),
                                  "third_or_later": sum(r >= 3 for r in ranks),
                                  "none": ranks.count(0)}
    if sc.max_utilisation is not None:
        plan["scenario"]["max_utilisation"] = sc.max_utilisation
    for key in ("move_cost", "repeat_change_factor", "households", "max_cases_out"):
        if key in sc.merged:
            plan["scenario"][key] = sc.merged[key]
    with open(os.path.join(out, "plan.json"), "w", encoding="utf-8") as f:
        json.dump(plan, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description="Solve a scenario with the exact case-level "
                                             "model in glpsol, level by level.")
    ap.add_argument("scenario")
    ap.add_argument("--tmlim", type=float, default=20, help="seconds per glpsol call")
    ap.add_argument("--keep", help="keep the LP models, logs and solutions in this folder")
    ap.add_argument("--write-plan", help="write the optimal plan's files into this folder")
    a = ap.parse_args()
    try:
        sc = check_plan.Scenario(a.scenario)
    except check_plan.InputError as e:
        print("exact: %s" % e, file=sys.stderr)
        return 2
    status, levels, secs, lsecs, to_of, dept_of, equal = solve(sc, a.tmlim, a.keep)
    print(json.dumps({"status": status, "levels": levels, "seconds": round(secs, 3),
                      "level_seconds": lsecs}, sort_keys=True))
    if status == "optimal" and a.write_plan:
        write_plan(sc, to_of, dept_of, levels, a.write_plan, equal)
    return {"optimal": 0, "infeasible": 1, "timeout": 3}[status]


if __name__ == "__main__":
    sys.exit(main())
