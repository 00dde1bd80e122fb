#!/usr/bin/env python3
"""gen.py - small random scenarios for the exact optimality tests (seeded, reproducible).

Usage:  python3 tests/exact/gen.py SEED DIR     write DIR/scenario.json and its three CSVs

Each instance draws its own mix of: 1-3 departments over 2-5 segments (now and then a
segment served by two departments), 2-8 staff with leavers (by status and by the
scenario's leaves), part-timers (fte 0.5, cap_factor 0.5), qualifications, fixed
departments, min_fte/max_fte, 8-60 cases with pinned ones, cases with no caseworker, own
weights, tight or loose caps, now and then an `extends` chain, a reordered `priorities`,
or CSVs written for Excel (';', decimal comma, BOM, CRLF). Sizes shrink when caps are
tight: the exact min-max model in glpsol slows down quickly there.
"""
import itertools
import json
import os
import random
import sys

SEGMENTS = ["jobparat", "aktivitetsparat", "uddannelsesparat", "sygedagpenge_1",
            "ledighedsydelse"]
WEIGHTS = [1.0, 1.38, 1.13, 1.29, 1.2, 1.06]
UNITS = ["Kontanthjælp", "Sygedagpenge", "A-dagpenge", "Unge", "Integration"]


def fmt(x, excel):
    s = ("%.6f" % x).rstrip("0").rstrip(".")
    return s.replace(".", ",") if excel else s


def write_csv(path, header, rows, excel):
    sep = ";" if excel else ","
    nl = "\r\n" if excel else "\n"

    def q(c):
        c = str(c)
        if sep in c or '"' in c or "\n" in c:
            return '"' + c.replace('"', '""') + '"'
        return c
    text = nl.join(sep.join(q(c) for c in r) for r in [header] + rows) + nl
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(("\ufeff" if excel else "") + text)


def feasible(staying, eligible, cases, min_fte, max_fte, serves):
    """whether some placement of the staying caseworkers meets the hard rules (brute force:
    at most 3^8 placements; case loads have no hard limit, so coverage is all that counts)"""
    by_id = {s["id"]: s for s in staying}
    need = set()
    pins = set()
    for c in cases:
        if c["pinned"] == "1":
            if c["caseworker"] not in by_id:
                return False
            pins.add((c["caseworker"], c["segment"]))
        else:
            need.add(c["segment"])
    options = [eligible(s) for s in staying]
    for combo in itertools.product(*options):
        at = {s["id"]: d for s, d in zip(staying, combo)}
        ok = all(g in serves[at[k]] for k, g in pins)
        for d in serves:
            f = sum(s["fte"] for s in staying if at[s["id"]] == d)
            if (min_fte[d] is not None and f < min_fte[d] - 1e-9
                    or max_fte[d] is not None and f > max_fte[d] + 1e-9):
                ok = False
        if ok and all(any((not s["qualified"] or g in s["qualified"]) and g in serves[at[s["id"]]]
                          for s in staying) for g in need):
            return True
    return False


def generate(seed, out, want_infeasible=None):
    """write one instance into out; returns a short description. Draws again (up to 200
    times) until the instance is feasible, or infeasible when want_infeasible (default:
    every 15th seed, 7, 22, 37, ...)."""
    if want_infeasible is None:
        want_infeasible = seed % 15 == 7
    for attempt in range(200):
        r = draw(random.Random(seed * 1000 + attempt), seed)
        if r["feasible"] != want_infeasible:
            break
    os.makedirs(out, exist_ok=True)
    return write(r, out)


def draw(rnd, seed):
    excel = rnd.random() < 0.15
    n_seg = rnd.randint(2, 5)
    segs = rnd.sample(SEGMENTS, n_seg)
    n_dep = rnd.randint(1, 3)
    dep_ids = ["D%d" % (d + 1) for d in range(n_dep)]
    # every segment served by one department; maybe one segment by two
    serves = {d: set() for d in dep_ids}
    for n, g in enumerate(segs):
        serves[dep_ids[n % n_dep] if n < n_dep else rnd.choice(dep_ids)].add(g)
    for d in dep_ids:  # fewer segments than departments: some segment twice
        if not serves[d]:
            serves[d].add(rnd.choice(segs))
    if n_dep > 1 and rnd.random() < 0.5 and any(len(serves[d]) < n_seg for d in dep_ids):
        g = rnd.choice([g for g in segs if not all(g in serves[d] for d in dep_ids)])
        serves[rnd.choice([d for d in dep_ids if g not in serves[d]])].add(g)
    weights = {g: rnd.choice(WEIGHTS) for g in segs}

    tight = rnd.random() < 0.45
    n_staff = rnd.randint(n_dep + 1, 6 if tight else 8)
    staff = []
    for s in range(n_staff):
        sid = "s%02d" % (s + 1)
        part = rnd.random() < 0.2
        st = {"id": sid, "name": "Person %d" % (s + 1), "unit": rnd.choice(UNITS),
              "fte": 0.5 if part else rnd.choice([1.0, 1.0, 0.8]),
              "cap_factor": 0.5 if part and rnd.random() < 0.7 else None,
              "status": "leaves" if rnd.random() < 0.12 else "stays",
              "qualified": [], "department": ""}
        if rnd.random() < 0.3:
            st["qualified"] = sorted(rnd.sample(segs, rnd.randint(1, max(1, n_seg - 1))))
        if rnd.random() < 0.15:
            st["department"] = rnd.choice(dep_ids)
        staff.append(st)
    stay = [s for s in staff if s["status"] == "stays"]
    scenario_leaves = []
    if len(stay) > 2 and rnd.random() < 0.3:
        s = rnd.choice(stay)
        scenario_leaves.append(s["id"])
    staying = [s for s in stay if s["id"] not in scenario_leaves]
    if not staying:
        staff[0]["status"] = "stays"
        scenario_leaves = [x for x in scenario_leaves if x != staff[0]["id"]]
        staying = [staff[0]]

    def eligible(s):
        if s["department"]:
            return [s["department"]]
        return [d for d in dep_ids if any(not s["qualified"] or g in s["qualified"]
                                          for g in serves[d])]

    # every segment must have someone who can take it
    for g in segs:
        if not any((not s["qualified"] or g in s["qualified"])
                   and any(g in serves[d] for d in eligible(s)) for s in staying):
            s = rnd.choice(staying)
            s["qualified"] = []
            s["department"] = ""

    # the exact min-max levels get slow with many cases on few departments, more so with
    # tight caps: keep those instances small
    if tight:
        n_cases = rnd.randint(8, 18)
    else:
        n_cases = rnd.randint(8, 30 if n_dep == 1 else 45 if n_dep == 2 else 60)
    cases = []
    pinned_seg = {}
    for c in range(n_cases):
        g = rnd.choice(segs)
        r = rnd.random()
        cw = "" if r < 0.06 else rnd.choice(staff)["id"]
        w = rnd.choice([1.0, 1.5, 2.0, 0.7]) if rnd.random() < 0.1 else None
        pinned = ""
        s = next((x for x in staff if x["id"] == cw), None)
        if (s is not None and s in staying and rnd.random() < 0.07
                and (not s["qualified"] or g in s["qualified"])
                and any(g in serves[d] for d in eligible(s))
                and pinned_seg.get(cw, g) == g):
            pinned = "1"
            pinned_seg[cw] = g
        elif rnd.random() < 0.1:
            pinned = "0"
        cases.append({"id": "c%03d" % (c + 1), "caseworker": cw, "segment": g,
                      "weight": w, "pinned": pinned})
    rnd.shuffle(cases)

    # caps: total demand against the staying capacity at a common cap
    demand = sum(c["weight"] or weights[c["segment"]] for c in cases)
    eff_fte = sum(s["fte"] * (s["cap_factor"] or 1.0) for s in staying)
    ratio = rnd.uniform(0.9, 1.3) if tight else rnd.uniform(0.5, 0.85)
    base = demand / eff_fte / ratio
    caps = {d: round(base * rnd.uniform(0.8, 1.25), rnd.choice([0, 1, 2])) or 1.0
            for d in dep_ids}
    scen_caps = {}
    if rnd.random() < 0.25:
        d = rnd.choice(dep_ids)
        scen_caps[d] = round(caps[d] * rnd.uniform(0.9, 1.1), 1) or 1.0

    min_fte = {d: None for d in dep_ids}
    max_fte = {d: None for d in dep_ids}
    if n_dep > 1 and rnd.random() < 0.25:
        d = rnd.choice(dep_ids)
        min_fte[d] = rnd.choice([0.5, 1.0])
    if n_dep > 1 and rnd.random() < 0.2:
        d = rnd.choice(dep_ids)
        total = sum(s["fte"] for s in staying)
        max_fte[d] = round(total * rnd.uniform(0.5, 0.9), 1)
        if min_fte[d] is not None:
            max_fte[d] = max(max_fte[d], min_fte[d])

    r = {"excel": excel, "dep_ids": dep_ids, "serves": serves, "weights": weights,
         "staff": staff, "scenario_leaves": scenario_leaves, "cases": cases, "caps": caps,
         "scen_caps": scen_caps, "min_fte": min_fte, "max_fte": max_fte, "seed": seed,
         "segs": segs, "tight": tight,
         "feasible": feasible(staying, eligible, cases, min_fte, max_fte, serves),
         "subdir": rnd.random() < 0.3, "reorder": rnd.random() < 0.3,
         "priorities": None, "extends": None}
    if rnd.random() < 0.12 and n_cases <= 25:
        p = ["caps", "continuity", "balance"]
        while p == ["caps", "continuity", "balance"]:
            rnd.shuffle(p)
        r["priorities"] = p
    if rnd.random() < 0.2:
        r["extends"] = rnd.choice(segs)
    return r


def write(r, out):
    excel, dep_ids, serves, weights = r["excel"], r["dep_ids"], r["serves"], r["weights"]
    staff, cases, caps, min_fte, max_fte = r["staff"], r["cases"], r["caps"], r["min_fte"], r["max_fte"]
    seed = r["seed"]
    data = os.path.join(out, "data") if r["subdir"] else out
    os.makedirs(data, exist_ok=True)
    rel = os.path.relpath(data, out)
    prefix = "" if rel == "." else rel + "/"
    with_minmax = any(v is not None for v in list(min_fte.values()) + list(max_fte.values()))
    dh = ["id", "name", "segments", "cap_points"] + (["min_fte", "max_fte"] if with_minmax else [])
    drows = []
    for d in dep_ids:
        row = [d, "Afdeling " + d, "|".join(sorted(serves[d])), fmt(caps[d], excel)]
        if with_minmax:
            row += ["" if min_fte[d] is None else fmt(min_fte[d], excel),
                  "" if max_fte[d] is None else fmt(max_fte[d], excel)]
        drows.append(row)
    write_csv(os.path.join(data, "departments.csv"), dh, drows, excel)
    sh = ["id", "name", "unit", "fte", "status", "qualified", "department", "cap_factor"]
    srows = [[s["id"], s["name"], s["unit"], fmt(s["fte"], excel), s["status"],
              "|".join(s["qualified"]), s["department"],
              "" if s["cap_factor"] is None else fmt(s["cap_factor"], excel)] for s in staff]
    if r["reorder"]:  # columns in another order
        order = [2, 0, 4, 3, 1, 7, 6, 5]
        sh = [sh[i] for i in order]
        srows = [[row[i] for i in order] for row in srows]
    write_csv(os.path.join(data, "staff.csv"), sh, srows, excel)
    ch = ["id", "caseworker", "segment", "weight", "pinned"]
    crows = [[c["id"], c["caseworker"], c["segment"],
              "" if c["weight"] is None else fmt(c["weight"], excel), c["pinned"]]
             for c in cases]
    write_csv(os.path.join(data, "cases.csv"), ch, crows, excel)

    scenario = {"name": "exact-%d" % seed,
                "data": {"departments": prefix + "departments.csv",
                         "staff": prefix + "staff.csv", "cases": prefix + "cases.csv"},
                "weights": weights}
    if r["scen_caps"]:
        scenario["caps"] = r["scen_caps"]
    if r["scenario_leaves"]:
        scenario["leaves"] = r["scenario_leaves"]
    if r["priorities"]:
        scenario["priorities"] = r["priorities"]
    if r["extends"]:  # an extends chain: the parent holds data and weights
        os.makedirs(os.path.join(out, "base"), exist_ok=True)
        parent = {"name": "base", "title": "the parent",
                  "data": {k: "../" + v for k, v in scenario["data"].items()},
                  "weights": dict(weights), "leaves": ["nobody-overridden"]}
        g = r["extends"]
        parent["weights"][g] = 9.0  # overridden by the child below
        with open(os.path.join(out, "base", "base.json"), "w") as f:
            json.dump(parent, f, indent=1)
        child = {"name": scenario["name"], "extends": "base/base.json",
                 "weights": {g: weights[g]}, "leaves": scenario.get("leaves", [])}
        for k in ("caps", "priorities"):
            if k in scenario:
                child[k] = scenario[k]
        scenario = child
    with open(os.path.join(out, "scenario.json"), "w") as f:
        json.dump(scenario, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return "%d cases, %d staff, %d departments, %s caps%s%s%s%s" % (
        len(cases), len(staff), len(dep_ids), "tight" if r["tight"] else "loose",
        ", excel" if excel else "", ", extends" if r["extends"] else "",
        ", priorities " + ",".join(r["priorities"]) if r["priorities"] else "",
        "" if r["feasible"] else ", infeasible")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    print(generate(int(sys.argv[1]), sys.argv[2]))
