#!/usr/bin/env python3
"""schedule_exact.py - the fewest weeks of omfordel schedule against an exact GLPK model.

Usage:  python3 tests/exact/schedule_exact.py OMFORDEL FOLDER N [SEED]

Makes N small random scenarios in FOLDER (a few caseworkers, leavers with and without a
last day, cases without a caseworker, own handovers_per_week), plans each with OMFORDEL,
schedules the plan, runs tools/check_schedule.py on the schedule, and solves the
fewest-weeks problem of the same moved cases exactly with glpsol (MathProg, written
here): binary y[t] "week t is used" (y[t] >= y[t+1]), integer x[p,t] cases of
giver-receiver pair p in week t, each pair's cases all placed, in weeks up to the
earlier last week of its two caseworkers, and per week and caseworker at most their
meetings times y[t]; minimise the weeks used. A plan whose schedule omfordel calls
impossible must be impossible for the model too. Prints one line per instance,
"ok ..." or "FAIL ...", and exits 1 when any failed. Standard library only.
"""

import csv
import datetime
import json
import os
import random
import subprocess
import sys

START = datetime.date(2027, 1, 4)  # a Monday
SEGMENTS = ["jobparat", "sygedagpenge"]


def make(folder, rng):
    os.makedirs(folder, exist_ok=True)
    n_staff = rng.randint(4, 8)
    deps = [("A", "jobparat|sygedagpenge", rng.choice([6, 8, 10])),
            ("B", "jobparat", rng.choice([6, 8, 10]))]
    with open(os.path.join(folder, "departments.csv"), "w") as f:
        f.write("id,name,segments,cap_points\n")
        for d, segs, cap in deps:
            f.write("%s,%s,%s,%d\n" % (d, d, segs, cap))
    staff, leavers = [], []
    for i in range(n_staff):
        sid = "s%d" % (i + 1)
        leaves = i > 0 and rng.random() < 0.3
        dep = "" if leaves else rng.choice(["", "", "A", "B"])
        last = ""
        if leaves and rng.random() < 0.7:
            last = (START + datetime.timedelta(days=rng.randint(4, 40))).isoformat()
        own = str(rng.randint(1, 3)) if rng.random() < 0.3 else ""
        staff.append((sid, leaves, dep, last, own))
        if leaves:
            leavers.append(sid)
    with open(os.path.join(folder, "staff.csv"), "w") as f:
        f.write("id,name,unit,fte,status,qualified,department,cap_factor,last_day,"
                "handovers_per_week\n")
        for sid, leaves, dep, last, own in staff:
            f.write("%s,%s,U,1,%s,,%s,,%s,%s\n" % (sid, sid.upper(), "leaves" if leaves else "stays",
                                                    dep, last, own))
    with open(os.path.join(folder, "cases.csv"), "w") as f:
        f.write("id,caseworker,segment,weight,pinned\n")
        for k in range(rng.randint(8, 5 * n_staff)):
            holder = "" if rng.random() < 0.08 else rng.choice(staff)[0]
            f.write("c%03d,%s,%s,%s,\n" % (k + 1, holder, rng.choice(SEGMENTS),
                                            rng.choice(["", "", "1.5"])))
    per_week = rng.choice([1, 2, 2, 3])
    with open(os.path.join(folder, "scenario.json"), "w") as f:
        json.dump({"name": os.path.basename(folder),
                   "data": {"departments": "departments.csv", "staff": "staff.csv",
                            "cases": "cases.csv"},
                   "weights": {"jobparat": 1, "sygedagpenge": 1.25},
                   "caps": {"A": deps[0][2], "B": deps[1][2]},
                   "schedule": {"per_week": per_week}}, f)
    return staff, per_week


def last_week(day):
    """Weeks whose Friday is on or before day; None for no last day."""
    if not day:
        return None
    d = datetime.date.fromisoformat(day)
    return ((d - START).days - 4) // 7 + 1 if d >= START + datetime.timedelta(days=4) else 0


def exact(plan, staff, per_week, folder, tmax):
    """The fewest weeks by glpsol, or None when no schedule exists within tmax weeks."""
    own = {sid: int(o) if o else per_week for sid, _, _, _, o in staff}
    dl = {sid: last_week(last) for sid, _, _, last, _ in staff}
    pairs, orphans = {}, 0
    for c in plan["assignments"]:
        if c["moved"] != 1:
            continue
        if not c["from_caseworker"]:
            orphans += 1
            continue
        key = (c["from_caseworker"], c["to_caseworker"])
        pairs[key] = pairs.get(key, 0) + 1
    if not pairs:
        return 1 if orphans else 0
    workers = sorted({w for p in pairs for w in p})
    mod = os.path.join(folder, "weeks.mod")
    with open(mod, "w") as f:
        f.write("set T := 1..%d;\nset P := 1..%d;\nset W;\n" % (tmax, len(pairs)))
        f.write("param cap{W};\nparam n{P};\nparam last{P};\nset At{W} within P;\n")
        f.write("var y{T} binary;\nvar x{P, T} integer >= 0;\n")
        f.write("minimize weeks: sum{t in T} y[t];\n")
        f.write("s.t. all{p in P}: sum{t in T} x[p, t] = n[p];\n")
        f.write("s.t. late{p in P, t in T: t > last[p]}: x[p, t] = 0;\n")
        f.write("s.t. meet{w in W, t in T}: sum{p in At[w]} x[p, t] <= cap[w] * y[t];\n")
        f.write("s.t. order{t in T: t < %d}: y[t] >= y[t + 1];\n" % tmax)
        f.write("data;\nset W :=%s;\n" % "".join(" " + w for w in workers))
        f.write("param cap :=%s;\n" % "".join(" %s %d" % (w, own[w]) for w in workers))
        items = list(pairs.items())
        f.write("param n :=%s;\n" % "".join(" %d %d" % (k + 1, v) for k, (_, v) in enumerate(items)))
        lasts = []
        for k, ((g, r), _) in enumerate(items):
            ds = [d for d in (dl[g], dl[r]) if d is not None]
            lasts.append(" %d %d" % (k + 1, min(ds) if ds else tmax))
        f.write("param last :=%s;\n" % "".join(lasts))
        for w in workers:
            f.write("set At[%s] :=%s;\n" % (w, "".join(" %d" % (k + 1) for k, (p, _) in
                                                      enumerate(items) if w in p)))
        f.write("end;\n")
    out = os.path.join(folder, "weeks.out")
    run = subprocess.run(["glpsol", "--math", mod, "-o", out], capture_output=True, text=True)
    status = None
    with open(out) as f:
        for line in f:
            if line.startswith("Status:"):
                status = line.split()[1:]
            if line.startswith("Objective:") and status == ["INTEGER", "OPTIMAL"]:
                return round(float(line.split("=")[1].split()[0]))
    if status == ["INTEGER", "EMPTY"]:
        return None
    raise RuntimeError("glpsol: %s %s" % (status, run.stdout[-400:]))


def main():
    binary, root, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 18
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    checker = os.path.join(top, "tools", "check_schedule.py")
    rng = random.Random(seed)
    failed = 0
    made = 0
    attempt = 0
    while made < n:
        attempt += 1
        folder = os.path.join(root, "s%03d" % attempt)
        staff, per_week = make(folder, rng)
        out = os.path.join(folder, "out")
        p = subprocess.run([binary, "plan", os.path.join(folder, "scenario.json"), "-o", out, "-q"],
                           capture_output=True, text=True)
        if p.returncode != 0:
            continue  # no plan for this draw: draw again
        with open(os.path.join(out, "plan.json")) as f:
            plan = json.load(f)
        if not any(c["moved"] for c in plan["assignments"]):
            continue
        made += 1
        s = subprocess.run([binary, "schedule", os.path.join(out, "plan.json"), "-q",
                            "--start", START.isoformat()], capture_output=True, text=True)
        name = "schedule exact %s (seed %d)" % (os.path.basename(folder), seed)
        if s.returncode == 0:
            with open(os.path.join(out, "schedule.json")) as f:
                weeks = json.load(f)["weeks"]
            c = subprocess.run([sys.executable, checker, os.path.join(out, "plan.json"), out],
                               capture_output=True, text=True)
            if c.returncode != 0:
                print("FAIL %s: the checker: %s" % (name, c.stdout.strip()[:300]))
                failed += 1
                continue
            best = exact(plan, staff, per_week, folder, weeks)
            if best != weeks:
                print("FAIL %s: %s weeks, GLPK %s" % (name, weeks, best))
                failed += 1
            else:
                print("ok %s: %d weeks = GLPK's" % (name, weeks))
        elif s.returncode == 1:
            moved = sum(1 for c in plan["assignments"] if c["moved"])
            best = exact(plan, staff, per_week, folder, max(moved, 1))
            if best is not None:
                print("FAIL %s: no schedule, but GLPK finds %d weeks" % (name, best))
                failed += 1
            else:
                print("ok %s: no schedule, and none for GLPK" % name)
        else:
            print("FAIL %s: exit %d: %s" % (name, s.returncode, s.stderr.strip()[:300]))
            failed += 1
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
