#!/usr/bin/env python3
"""gen.py - small random scenarios for the exact optimality tests (seeded, reproducible).

Usage:  python3 tests/exact/gen.py SEED DIR [--knobs K1,K2|none]
        write DIR/scenario.json and its three CSVs; print a line describing the instance

Each seed draws its shape knobs (KNOBS below) from a stream of its own. About a third of
the seeds draw none: they are "classic", the instances this generator drew before the
knobs, byte for byte: 1-3 departments over 2-5 segments (now and then a segment served by
two departments), 2-8 staff with leavers (by status and by the scenario's leaves),
part-timers (fte 0.5, cap_factor 0.5), qualifications, fixed departments, min_fte/max_fte,
8-60 cases with pinned ones, cases with no caseworker, own weights, tight or loose caps,
now and then a reordered `priorities`. On the other seeds each knob is on in about half of
them, and a knob that is off leaves its shape out altogether. Every seed may draw an
`extends` chain or CSVs written for Excel (';', decimal comma, BOM, CRLF). --knobs draws
the seed with the knobs given instead (none: classic).

Seeds from 1001 on (CONTINUITY_FIRST) also draw households, changes_12m, move_cost,
repeat_change_factor, soft households and max_cases_out (add_continuity), each now and then.

Sizes are kept small where glpsol's exact min-max levels slow down fast: tight caps (load
0.85 and up), and balance before continuity; the knobbed seeds are smaller than the
classic ones (at most 6 staff and 28 cases).
"""
import itertools
import json
import math
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


# The shape knobs. A seed draws its knobs from a stream of its own, so they stay the same
# whatever the attempts; about a third of the seeds are "classic" (no knob, the instance
# the generator drew before the knobs existed, byte for byte). Of the other seeds, each
# knob is on in about half, and off means that shape is absent.
KNOBS = {
    "skew": "a caseworker holds 3-5x the mean caseload today, one or two almost nothing",
    "shared": "one or two segments served by two departments",
    "specialists": "caseworkers qualified for only 1-3 segments",
    "cap_factors": "cap factors 0.5 and 0.8",
    "own_weights": "cases with their own weight 0.5, 2 or 2.5",
    "pins": "pinned cases",
    "no_caseworker": "cases with no caseworker",
    "fixed": "caseworkers with a fixed department",
    "policy_caps": "department caps set by policy, each its own, load 0.8-1.4",
    "fte_bounds": "min_fte/max_fte on departments",
    "ceiling": "max_utilisation in the scenario",
    "priorities": "priorities reordered",
}
SLACKS = [0.02, 0.1, 0.25, 0.5]
CLASSIC_SHARE = 1 / 3
KNOB_SHARE = 0.5
# reordered priorities, continuity first the most (the order of a ceiling's price)
ORDERS = [["continuity", "caps", "balance"], ["continuity", "caps", "balance"],
          ["continuity", "balance", "caps"], ["balance", "caps", "continuity"],
          ["balance", "continuity", "caps"], ["caps", "balance", "continuity"]]


def slack_and_subset(seed, order, n_cases):
    """priorities with slacks and subsets, from a stream of their own (every other draw of
    the seed stays as it was): of the reordered priorities, half get a slack on one
    priority and a third are cut to their first one or two; of the others with at most 30
    cases, one in eight gets a slack on caps or continuity in the default order (a slack
    loosens the caps the exact balance level searches under: slow in glpsol on more)"""
    rnd = random.Random("priorities-%d" % seed)
    if order is None:
        if rnd.random() >= 1 / 8 or n_cases > 30:
            return None
        order = ["caps", "continuity", "balance"]
        k = rnd.choice([0, 1])
    else:
        order = list(order)
        if rnd.random() < 1 / 3:
            order = order[:rnd.choice([1, 2])]
        if rnd.random() >= 0.5:
            return order
        k = rnd.randrange(len(order))
    order[k] = {"level": order[k], "slack": rnd.choice(SLACKS)}
    return order


WISH_SHARE = 0.4


def add_wishes(r):
    """staff wishes, from a stream of their own (every other draw of the seed stays as it
    was): on about 40 % of the seeds, three in four caseworkers wish one to three
    departments, any of them (a department they cannot get only warns); a reordered
    priorities gets "wishes" at a random place, the default order takes it itself"""
    rnd = random.Random("wishes-%d" % r["seed"])
    if rnd.random() >= WISH_SHARE:
        return
    for s in r["staff"]:
        if rnd.random() < 0.75:
            s["wishes"] = rnd.sample(r["dep_ids"], rnd.randint(1, min(3, len(r["dep_ids"]))))
    r["wishes"] = True
    if r["priorities"]:
        r["priorities"].insert(rnd.randint(0, len(r["priorities"])), "wishes")


# Seeds from CONTINUITY_FIRST on also draw case costs, households and max_cases_out (from a
# stream of their own: every other draw of the seed stays as it was), so the seeds before
# it give the instances they gave before these existed.
CONTINUITY_FIRST = 1001
MOVE_COSTS = [3, 3, 0.5, 2, 10]


def add_continuity(r):
    """households (cases of 2-3, mostly with one caseworker today, some pinned), soft
    households now and then, changes_12m, move_cost, repeat_change_factor, max_cases_out;
    each on in about half to two thirds of the seeds"""
    rnd = random.Random("continuity-%d" % r["seed"])
    cases, serves = r["cases"], r["serves"]
    on = set()
    if rnd.random() < 0.7 and len(cases) >= 4:
        on.add("households")
        free = list(cases)
        rnd.shuffle(free)
        n = 0
        while len(free) >= 2 and sum(1 for c in cases if c.get("household")) < 0.4 * len(cases):
            first = free.pop()
            size = rnd.choice([2, 2, 3])
            # mostly segments one department serves together; now and then any (which a hard
            # rule cannot keep: the instance is then infeasible, or split when soft)
            mix = rnd.random() < 0.1
            together = [c for c in free if mix or any(
                {first["segment"], c["segment"]} <= serves[d] for d in serves)]
            same = [c for c in together if c["caseworker"] == first["caseworker"]]
            pick = same if same and rnd.random() < 0.7 else together
            members = rnd.sample(pick, min(size - 1, len(pick)))
            if not members:
                continue
            n += 1
            for c in [first] + members:
                c["household"] = "h%02d" % n
                if c in free:
                    free.remove(c)
        if rnd.random() < 0.3:
            on.add("soft")
    if rnd.random() < 0.6:
        on.add("changes")
        for c in cases:
            c["changes"] = rnd.choices([0, 1, 2, 3], [60, 25, 10, 5])[0]
    if rnd.random() < 0.6:
        on.add("move_cost")
        r["move_cost"] = {g: rnd.choice(MOVE_COSTS)
                          for g in rnd.sample(r["segs"], rnd.randint(1, min(2, len(r["segs"]))))}
    if "changes" in on and rnd.random() < 0.7:
        on.add("repeat")
        r["repeat_change_factor"] = rnd.choice([0.5, 1])
    if rnd.random() < 0.45:
        on.add("max_cases_out")
        r["max_cases_out"] = rnd.choice([0.5, 0.8, 1])
    r["continuity"] = on


def priority_text(p):
    """a priority as the description line names it: caps, or caps~0.02 with a slack"""
    return p if isinstance(p, str) else "%s~%g" % (p["level"], p["slack"])


def draw_knobs(seed):
    """the set of knobs on for this seed, or None for a classic seed"""
    rnd = random.Random("knobs-%d" % seed)
    if rnd.random() < CLASSIC_SHARE:
        return None
    on = {k for k in sorted(KNOBS) if rnd.random() < KNOB_SHARE}
    return on or {rnd.choice(sorted(KNOBS))}


def generate(seed, out, want_infeasible=None, knobs=""):
    """write one instance into out; returns a short description. Draws again (up to 200
    times) until the instance is feasible, or infeasible when want_infeasible (default:
    every 15th seed, 7, 22, 37, ...). knobs: a set of knob names (empty: classic) instead
    of the seed's own."""
    if want_infeasible is None:
        want_infeasible = seed % 15 == 7
    on = draw_knobs(seed) if knobs == "" else knobs
    for attempt in range(200):
        r = draw(random.Random(seed * 1000 + attempt), seed, on or None,
                 seed >= CONTINUITY_FIRST)
        if r["feasible"] != want_infeasible:
            break
    add_wishes(r)
    if seed >= CONTINUITY_FIRST:
        add_continuity(r)
    os.makedirs(out, exist_ok=True)
    return write(r, out)


def greedy_peak(staying, placements, cases, caps, serves):
    """the lowest peak utilisation (at least 1) of a greedy plan over the given placements:
    pinned cases stay, the others, heaviest first, each to the caseworker it leaves
    least loaded. A plan keeps a ceiling at this peak; the optimum may be lower."""
    best = None
    for at in placements:
        cap = {s["id"]: caps[at[s["id"]]] * s["fte"] * (s["cap_factor"] or 1.0)
               for s in staying}
        load = {s["id"]: 0.0 for s in staying}
        free = []
        for c, w in cases:
            if c["pinned"] == "1":
                load[c["caseworker"]] += w
            else:
                free.append((w, c))
        ok = True
        for w, c in sorted(free, key=lambda x: -x[0]):
            cands = [s["id"] for s in staying
                     if (not s["qualified"] or c["segment"] in s["qualified"])
                     and c["segment"] in serves[at[s["id"]]]]
            if not cands:
                ok = False
                break
            k = min(cands, key=lambda k: ((load[k] + w) / cap[k], k))
            load[k] += w
        if ok:
            peak = max([1.0] + [load[k] / cap[k] for k in load])
            best = peak if best is None else min(best, peak)
    return best


def placements_of(staying, eligible, cases, min_fte, max_fte, serves, limit=None):
    """the placements (staying caseworker -> department) that meet the hard rules (brute
    force: at most 3^8 of them; case loads have no hard limit here, so coverage is all that
    counts), at most limit of them"""
    need = set()
    pins = set()
    ids = {s["id"] for s in staying}
    for c in cases:
        if c["pinned"] == "1":
            if c["caseworker"] not in ids:
                return []
            pins.add((c["caseworker"], c["segment"]))
        else:
            need.add(c["segment"])
    found = []
    for combo in itertools.product(*[eligible(s) for s in staying]):
        at = {s["id"]: d for s, d in zip(staying, combo)}
        ok = all(g in serves[at[k]] for k, g in pins)
        for d in serves:
            f = sum(s["fte"] for s in staying if at[s["id"]] == d)
            if (min_fte[d] is not None and f < min_fte[d] - 1e-9
                    or max_fte[d] is not None and f > max_fte[d] + 1e-9):
                ok = False
        if ok and all(any((not s["qualified"] or g in s["qualified"]) and g in serves[at[s["id"]]]
                          for s in staying) for g in need):
            found.append(at)
            if limit is not None and len(found) >= limit:
                break
    return found


def feasible(staying, eligible, cases, min_fte, max_fte, serves):
    """whether some placement of the staying caseworkers meets the hard rules"""
    return bool(placements_of(staying, eligible, cases, min_fte, max_fte, serves, 1))


def draw(rnd, seed, on=None, small=False):
    """one instance's content; on: the set of knobs on, None for a classic seed (each draw
    of rnd as the generator made it before the knobs); small: at most 24 cases (households
    and max_cases_out make the exact model slower)"""
    def rate(knob, classic, when_on, when_off=0.0):
        if on is None:
            return classic
        return when_on if knob in on else when_off

    def knob(k):
        return on is not None and k in on

    excel = rnd.random() < 0.15
    n_seg = rnd.randint(3 if knob("specialists") else 2, 5)
    segs = rnd.sample(SEGMENTS, n_seg)
    n_dep = rnd.randint(2 if knob("shared") else 1, 3)
    if on is not None and not knob("shared"):
        n_dep = min(n_dep, n_seg)  # no department left to share a segment
    dep_ids = ["D%d" % (d + 1) for d in range(n_dep)]
    # every segment served by one department; maybe one segment by two
    serves = {d: set() for d in dep_ids}
    for n, g in enumerate(segs):
        serves[dep_ids[n % n_dep] if n < n_dep else rnd.choice(dep_ids)].add(g)
    for d in dep_ids:  # fewer segments than departments: some segment twice
        if not serves[d]:
            serves[d].add(rnd.choice(segs))
    if on is None:
        if n_dep > 1 and rnd.random() < 0.5 and any(len(serves[d]) < n_seg for d in dep_ids):
            g = rnd.choice([g for g in segs if not all(g in serves[d] for d in dep_ids)])
            serves[rnd.choice([d for d in dep_ids if g not in serves[d]])].add(g)
    elif knob("shared"):
        for _ in range(rnd.randint(1, 2)):
            once = [g for g in segs if sum(g in serves[d] for d in dep_ids) == 1]
            if once:
                g = rnd.choice(once)
                serves[rnd.choice([d for d in dep_ids if g not in serves[d]])].add(g)
    weights = {g: rnd.choice(WEIGHTS) for g in segs}

    # load: demand over capacity, the knob of policy caps; else tight or loose caps
    if knob("policy_caps"):
        load = rnd.uniform(0.8, 1.4)
        tight = load >= 0.85
    else:
        load = None
        tight = rnd.random() < 0.45
    order = list(rnd.choice(ORDERS)) if knob("priorities") else None
    if on is None:
        n_staff = rnd.randint(n_dep + 1, 6 if tight else 8)
    else:
        n_staff = rnd.randint(max(n_dep + 1, 4 if knob("skew") else 2), 5 if tight else 6)
    staff = []
    for s in range(n_staff):
        sid = "s%02d" % (s + 1)
        part = rnd.random() < 0.2
        st = {"id": sid, "name": "Person %d" % (s + 1), "unit": rnd.choice(UNITS),
              "fte": 0.5 if part else rnd.choice([1.0, 1.0, 0.8]),
              "cap_factor": 0.5 if part and rnd.random() < rate("cap_factors", 0.7, 0.7) else None,
              "status": "leaves" if rnd.random() < 0.12 else "stays",
              "qualified": [], "department": ""}
        if knob("cap_factors") and rnd.random() < 0.4:
            st["cap_factor"] = rnd.choice([0.5, 0.8])
        if knob("specialists"):
            if rnd.random() < 0.6:
                st["qualified"] = sorted(rnd.sample(segs, rnd.randint(1, min(3, n_seg - 1))))
        elif rnd.random() < rate("specialists", 0.3, 0.0):
            st["qualified"] = sorted(rnd.sample(segs, rnd.randint(1, max(1, n_seg - 1))))
        if rnd.random() < rate("fixed", 0.15, 0.4):
            mine = [d for d in dep_ids if not st["qualified"]
                    or set(st["qualified"]) & serves[d]]
            st["department"] = rnd.choice(mine if knob("fixed") and mine else dep_ids)
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
    if on is None:
        if tight:
            n_cases = rnd.randint(8, 18)
        else:
            n_cases = rnd.randint(8, 30 if n_dep == 1 else 45 if n_dep == 2 else 60)
    elif tight or order and order.index("balance") < order.index("continuity"):
        # balance before continuity is a min-max over the cases' every placement
        n_cases = rnd.randint(8, 14)
    else:
        n_cases = rnd.randint(8, 20 if n_dep == 1 else 28)
    if small:
        n_cases = min(n_cases, 24)

    # skewed caseloads: a heavy caseworker holds 3-5 times the mean caseload (with at most
    # 6 staff, two at 3 times would hold every case), one or two light ones at most a case
    # each, the others share the rest at random
    owners = None
    if knob("skew"):
        holds = [rnd.random() >= rate("no_caseworker", 0.06, 0.25) for _ in range(n_cases)]
        m = sum(holds)
        heavy = [rnd.choice(staying)]
        light = [s for s in staff if s not in heavy]
        light = rnd.sample(light, min(len(light) - 1, rnd.randint(1, 2)))
        others = [s for s in staff if s not in heavy and s not in light]
        each = min(round(rnd.uniform(3, 5) * m / n_staff), int(0.85 * m / len(heavy)))
        owners = [s["id"] for s in heavy for _ in range(each)]
        owners += [s["id"] for s in light if rnd.random() < 0.5][:m - len(owners)]
        owners += [rnd.choice(others)["id"] for _ in range(m - len(owners))]
        rnd.shuffle(owners)
    cases = []
    pinned_seg = {}
    for c in range(n_cases):
        g = rnd.choice(segs)
        if owners is not None:
            cw = owners.pop() if holds[c] else ""
        elif rnd.random() < rate("no_caseworker", 0.06, 0.25):
            cw = ""
        else:
            cw = rnd.choice(staff)["id"]
        w = None
        if rnd.random() < rate("own_weights", 0.1, 0.3):
            w = rnd.choice([0.5, 2.0, 2.5] if knob("own_weights") else [1.0, 1.5, 2.0, 0.7])
        pinned = ""
        s = next((x for x in staff if x["id"] == cw), None)
        if (s is not None and s in staying and rnd.random() < rate("pins", 0.07, 0.25)
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
    if load is None:
        ratio = rnd.uniform(0.9, 1.3) if tight else rnd.uniform(0.5, 0.85)
        base = demand / eff_fte / ratio
        caps = {d: round(base * rnd.uniform(0.8, 1.25), rnd.choice([0, 1, 2])) or 1.0
                for d in dep_ids}
    else:
        # each department its own policy (up to 2.5 times another's), scaled so that demand
        # over the capacity of the staying caseworkers (each at the mean policy of their
        # eligible departments) is the load
        policy = dict(zip(dep_ids, rnd.sample([0.6, 0.75, 0.9, 1.0, 1.2, 1.5], n_dep)))
        at_one = sum(s["fte"] * (s["cap_factor"] or 1.0)
                     * sum(policy[d] for d in eligible(s)) / len(eligible(s)) for s in staying)
        base = demand / at_one / load
        caps = {d: round(base * policy[d], rnd.choice([0, 1, 2])) or 1.0 for d in dep_ids}
    scen_caps = {}
    if rnd.random() < 0.25:
        d = rnd.choice(dep_ids)
        scen_caps[d] = round(caps[d] * rnd.uniform(0.9, 1.1), 1) or 1.0

    min_fte = {d: None for d in dep_ids}
    max_fte = {d: None for d in dep_ids}
    if on is None:
        if n_dep > 1 and rnd.random() < 0.25:
            d = rnd.choice(dep_ids)
            min_fte[d] = rnd.choice([0.5, 1.0])
        if n_dep > 1 and rnd.random() < 0.2:
            d = rnd.choice(dep_ids)
            total = sum(s["fte"] for s in staying)
            max_fte[d] = round(total * rnd.uniform(0.5, 0.9), 1)
            if min_fte[d] is not None:
                max_fte[d] = max(max_fte[d], min_fte[d])
    elif knob("fte_bounds") and n_dep > 1:
        # around the FTE of a random placement: a floor, a ceiling, both, or exactly it
        at = {s["id"]: rnd.choice(eligible(s)) for s in staying}
        for d in rnd.sample(dep_ids, rnd.randint(1, 2)):
            f = sum(s["fte"] for s in staying if at[s["id"]] == d)
            kind = rnd.choice(["min", "max", "both", "exact"])
            if kind in ("min", "both") and f > 0:
                min_fte[d] = math.floor(f * rnd.uniform(0.5, 1.0) * 10) / 10
            if kind in ("max", "both"):
                max_fte[d] = math.ceil(f * rnd.uniform(1.0, 1.5) * 10) / 10
            if kind == "exact":
                min_fte[d] = max_fte[d] = round(f, 2)

    r = {"excel": excel, "dep_ids": dep_ids, "serves": serves, "weights": weights,
         "staff": staff, "scenario_leaves": scenario_leaves, "cases": cases, "caps": caps,
         "scen_caps": scen_caps, "min_fte": min_fte, "max_fte": max_fte, "seed": seed,
         "segs": segs, "tight": tight, "load": load, "on": on,
         "feasible": feasible(staying, eligible, cases, min_fte, max_fte, serves),
         "subdir": rnd.random() < 0.3, "reorder": rnd.random() < 0.3,
         "priorities": None, "extends": None, "ceiling": None, "greedy_peak": None}
    if on is None:
        if rnd.random() < 0.12 and n_cases <= 25:
            p = ["caps", "continuity", "balance"]
            while p == ["caps", "continuity", "balance"]:
                rnd.shuffle(p)
            r["priorities"] = p
    else:
        r["priorities"] = order
    r["priorities"] = slack_and_subset(seed, r["priorities"], len(cases))
    if rnd.random() < 0.2:
        r["extends"] = rnd.choice(segs)
    if knob("ceiling") and r["feasible"]:
        # a ceiling just above a greedy plan's peak (within reach), or now and then
        # between 1 and it (perhaps out of reach)
        cap_of = dict(caps)
        cap_of.update(scen_caps)
        weighted = [(c, c["weight"] or weights[c["segment"]]) for c in cases]
        ats = placements_of(staying, eligible, cases, min_fte, max_fte, serves, 300)
        peak = greedy_peak(staying, ats, weighted, cap_of, serves)
        r["greedy_peak"] = peak
        if peak > 1.02 and rnd.random() < 0.3:
            r["ceiling"] = round(1 + (peak - 1) * rnd.uniform(0.8, 1.0), 2)
        else:
            r["ceiling"] = math.ceil((peak + rnd.uniform(0, 0.1)) * 100) / 100
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
    if r.get("wishes"):
        sh.append("wishes")
        for row, s in zip(srows, staff):
            row.append("|".join(s.get("wishes", [])))
    if r["reorder"]:  # columns in another order
        order = [2, 0, 4, 3, 1, 7, 6, 5] + ([8] if r.get("wishes") else [])
        sh = [sh[i] for i in order]
        srows = [[row[i] for i in order] for row in srows]
    write_csv(os.path.join(data, "staff.csv"), sh, srows, excel)
    ch = ["id", "caseworker", "segment", "weight", "pinned"]
    crows = [[c["id"], c["caseworker"], c["segment"],
              "" if c["weight"] is None else fmt(c["weight"], excel), c["pinned"]]
             for c in cases]
    more = r.get("continuity", set())
    if "households" in more:
        ch.append("household")
        for row, c in zip(crows, cases):
            row.append(c.get("household", ""))
    if "changes" in more:
        ch.append("changes_12m")
        for row, c in zip(crows, cases):
            row.append(c["changes"] or "")  # 0 written as empty now and then
            if c["changes"] == 0 and c["id"][-1] in "02468":
                row[-1] = "0"
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
    if r["ceiling"] is not None:
        scenario["max_utilisation"] = r["ceiling"]
    if "soft" in more:
        scenario["households"] = "soft"
    for key in ("move_cost", "repeat_change_factor", "max_cases_out"):
        if key in r:
            scenario[key] = r[key]
    if r["extends"]:  # an extends chain: the parent holds data and weights
        os.makedirs(os.path.join(out, "base"), exist_ok=True)
        parent = {"name": "base", "title": "the parent",
                  "data": {k: "../" + v for k, v in scenario["data"].items()},
                  "weights": dict(weights), "leaves": ["nobody-overridden"]}
        g = r["extends"]
        parent["weights"][g] = 9.0  # overridden by the child below
        if "max_utilisation" in scenario:  # inherited
            parent["max_utilisation"] = scenario["max_utilisation"]
        with open(os.path.join(out, "base", "base.json"), "w") as f:
            json.dump(parent, f, indent=1)
        child = {"name": scenario["name"], "extends": "base/base.json",
                 "weights": {g: weights[g]}, "leaves": scenario.get("leaves", [])}
        for k in ("caps", "priorities", "households", "move_cost", "repeat_change_factor",
                  "max_cases_out"):
            if k in scenario:
                child[k] = scenario[k]
        scenario = child
    with open(os.path.join(out, "scenario.json"), "w") as f:
        json.dump(scenario, f, indent=1, ensure_ascii=False)
        f.write("\n")
    ceiling = ""
    if r["ceiling"] is not None:
        ceiling = ", max_utilisation %g (a greedy plan's peak %.4g)" % (r["ceiling"],
                                                                      r["greedy_peak"])
    return "%d cases, %d staff, %d departments, %s%s%s%s%s%s%s" % (
        len(cases), len(staff), len(dep_ids),
        "load %.2f" % r["load"] if r["load"] is not None
        else "tight caps" if r["tight"] else "loose caps",
        ", excel" if excel else "", ", extends" if r["extends"] else "",
        ", priorities " + ",".join(map(priority_text, r["priorities"])) if r["priorities"]
        else "", ceiling,
        ("" if r["feasible"] else ", infeasible") + (", wishes" if r.get("wishes") else ""),
        ("; classic" if r["on"] is None else "; knobs " + ",".join(sorted(r["on"])))
        + ("; continuity " + (",".join(sorted(more)) or "none") if "continuity" in r else ""))


if __name__ == "__main__":
    args = sys.argv[1:]
    chosen = ""
    if len(args) == 4 and args[2] == "--knobs":
        chosen = set(x for x in args[3].split(",") if x and x != "none")
        args = args[:2]
    if len(args) != 2 or not all(k in KNOBS for k in chosen):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    print(generate(int(args[0]), args[1], knobs=chosen))
