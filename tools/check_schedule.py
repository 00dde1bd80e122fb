#!/usr/bin/env python3
"""check_schedule.py - the independent checker of an omfordel handover schedule.

Usage:  python3 tools/check_schedule.py PLAN.json SCHEDULE_DIR [--per-week N]
                                        [--start YYYY-MM-DD] [--max-extra K]

Reads plan.json, the input files it names (their paths as recorded, relative to the
working directory; each must still have the recorded sha256), and the schedule files in
SCHEDULE_DIR (schedule.csv, weeks.csv, letters.csv, schedule.json), and recomputes every
rule and figure of the schedule from them. It imports nothing of the engine: Python 3
standard library only. Each problem is printed as `check_schedule: <what>`; exit 1 if
there is any, else `check_schedule: ok (<n> moved, <w> weeks, lower bound <b>)`.

What it holds the schedule to:
  1. Every moved case of plan.json (moved = 1) is in schedule.csv exactly once, with the
     plan's segment, from_caseworker, to_caseworker, to_department and reason; no other
     case is. `monday` is the start plus 7 days a week; the start is a Monday (and equals
     --start when given).
  2. Meetings: a case with a from_caseworker is one meeting for the giver and one for the
     receiver; per week, nobody has more than their number: staff.csv's
     handovers_per_week, else --per-week when given, else the scenario's
     schedule.per_week (nearest file of the extends chain), else 10. schedule.json's
     per_week is that default.
  3. A case without a caseworker is in week 1 (no meeting).
  4. A leaver (department "" in plan.json) with a last_day in staff.csv: last_day is not
     before the start, and each of their cases is in a week whose Friday is on or before
     it.
  5. weeks = the last week used (0 when nothing moves); lower_bound_weeks = the largest
     ceil(meetings / per week) over caseworkers (1 when only cases without a caseworker
     move); weeks >= lower_bound_weeks; status "optimal" exactly when they are equal;
     with --max-extra K, weeks <= lower_bound_weeks + K.
  6. weeks.csv: one row per week and caseworker with a meeting or a case in or out, by
     week then caseworker as plan.json lists them; meetings, cases_in, cases_out and the
     points at the week's end (points_before plus the weights in, less the weights out,
     to date) recomputed; utilisation = points / capacity, empty without a capacity.
  7. breaches: every week and caseworker whose points at the week's end are above the
     higher of points_before and points_after (by more than 1e-9), none else, with the
     points, threshold and excess.
  8. letters.csv = schedule.csv's week, case, to_caseworker, to_department, row by row.
  9. schedule.json: handovers equal schedule.csv, weeks_by_caseworker equal weeks.csv;
     moved, meetings, pairs (giver-receiver pairs) and pair_weeks (the weeks each pair
     meets in, summed) recomputed; plan.sha256 is plan.json's.
Numbers are compared with tolerance: |a - b| <= max(1e-6, 1e-5 * max(|a|, |b|)).
"""

import argparse
import csv
import datetime
import hashlib
import io
import json
import math
import os
import sys

problems = []


def problem(text):
    problems.append(text)
    if len(problems) <= 50:
        print("check_schedule: " + text)


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(1e-6, 1e-5 * max(abs(a), abs(b)))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def read_csv(path):
    """Rows as dicts and the separator; ';' files have decimal commas (Excel)."""
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8-sig")
    header = text.split("\n", 1)[0]
    sep = ";" if header.count(";") > header.count(",") else ","
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=sep))
    return rows, sep


def number(cell, sep):
    if cell is None or cell.strip() == "":
        return None
    return float(cell.replace(",", ".") if sep == ";" else cell)


def parse_date(s):
    try:
        if len(s) != 10:
            raise ValueError
        return datetime.date.fromisoformat(s)
    except ValueError:
        return None


def scenario_per_week(inputs):
    """schedule.per_week of the scenario, the nearest file of its chain first."""
    for role in ("scenario", "extends"):
        for inp in inputs:
            if inp["role"] != role:
                continue
            with open(inp["path"], encoding="utf-8") as f:
                doc = json.load(f)
            n = doc.get("schedule", {}).get("per_week")
            if n is not None:
                return int(n)
    return None


def main():
    ap = argparse.ArgumentParser(description="check an omfordel schedule")
    ap.add_argument("plan")
    ap.add_argument("dir")
    ap.add_argument("--per-week", type=int)
    ap.add_argument("--start")
    ap.add_argument("--max-extra", type=int)
    a = ap.parse_args()

    with open(a.plan, encoding="utf-8") as f:
        plan = json.load(f)
    with open(os.path.join(a.dir, "schedule.json"), encoding="utf-8") as f:
        sj = json.load(f)
    if sj["plan"]["sha256"] != sha256(a.plan):
        problem("schedule.json plan.sha256 is not the sha256 of %s" % a.plan)
    if [(i["role"], i["path"], i["sha256"]) for i in sj["inputs"]] != [
            (i["role"], i["path"], i["sha256"]) for i in plan["inputs"]]:
        problem("schedule.json inputs differ from plan.json's")
    for inp in plan["inputs"]:
        if sha256(inp["path"]) != inp["sha256"]:
            problem("input %s changed since the plan" % inp["path"])
    staff_path = [i["path"] for i in plan["inputs"] if i["role"] == "staff"][0]
    staff_rows, ssep = read_csv(staff_path)
    staff = {r["id"]: r for r in staff_rows}

    # 2. each caseworker's meetings a week
    default = a.per_week or scenario_per_week(plan["inputs"]) or 10
    if sj["per_week"] != default:
        problem("per_week is %s, expected %d" % (sj["per_week"], default))
    workers = plan["caseworkers"]
    wid = [w["caseworker"] for w in workers]
    windex = {w: i for i, w in enumerate(wid)}
    cap = {}
    for w in wid:
        own = (staff.get(w, {}).get("handovers_per_week") or "").strip()
        cap[w] = int(number(own, ssep)) if own else default

    start = parse_date(sj["start"])
    if start is None or start.weekday() != 0:
        problem("start %s is not a Monday" % sj["start"])
        sys.exit(1)
    if a.start and sj["start"] != a.start:
        problem("start is %s, expected %s" % (sj["start"], a.start))

    def monday(week):
        return (start + datetime.timedelta(days=7 * (week - 1))).isoformat()

    # 1. the moved cases, each once, as the plan says
    rows, sep = read_csv(os.path.join(a.dir, "schedule.csv"))
    moved = {c["case"]: c for c in plan["assignments"] if c["moved"] == 1}
    seen = set()
    for r in rows:
        c = moved.get(r["case"])
        if c is None:
            problem("schedule.csv: case %s is not a moved case of the plan" % r["case"])
            continue
        if r["case"] in seen:
            problem("schedule.csv: case %s twice" % r["case"])
        seen.add(r["case"])
        for k in ("segment", "from_caseworker", "to_caseworker", "to_department", "reason"):
            if r[k] != c[k]:
                problem("schedule.csv: case %s %s is %r, the plan says %r" % (r["case"], k, r[k], c[k]))
        r["week"] = int(r["week"])
        if r["week"] < 1:
            problem("schedule.csv: case %s in week %d" % (r["case"], r["week"]))
        if r["monday"] != monday(r["week"]):
            problem("schedule.csv: case %s week %d monday %s, expected %s"
                    % (r["case"], r["week"], r["monday"], monday(r["week"])))
        r["weight"] = c["weight"]
    for cid in moved:
        if cid not in seen:
            problem("schedule.csv: moved case %s is missing" % cid)
    weeks = max([r["week"] for r in rows], default=0)

    # 2, 3: meetings a week; cases without a caseworker in week 1
    meet, cin, cout, delta = {}, {}, {}, {}
    for r in rows:
        t, g, v = r["week"], r["from_caseworker"], r["to_caseworker"]
        cin[t, v] = cin.get((t, v), 0) + 1
        delta[t, v] = delta.get((t, v), 0) + r["weight"]
        if g:
            cout[t, g] = cout.get((t, g), 0) + 1
            delta[t, g] = delta.get((t, g), 0) - r["weight"]
            meet[t, g] = meet.get((t, g), 0) + 1
            meet[t, v] = meet.get((t, v), 0) + 1
        elif t != 1:
            problem("case %s has no caseworker but is in week %d, not 1" % (r["case"], t))
    for (t, w), n in meet.items():
        if n > cap[w]:
            problem("week %d: %s has %d meetings, at most %d" % (t, w, n, cap[w]))

    # 4. leavers' last days
    leaver = {w["caseworker"] for w in workers if w["department"] == ""}
    deadline = {}
    for w in leaver:
        cell = (staff.get(w, {}).get("last_day") or "").strip()
        if not cell:
            continue
        day = parse_date(cell)
        if day is None:
            problem("staff.csv: %s last_day %r is no date" % (w, cell))
            continue
        if day < start:
            problem("%s: last_day %s is before the start" % (w, cell))
        deadline[w] = day
    for r in rows:
        g = r["from_caseworker"]
        if g in deadline:
            friday = start + datetime.timedelta(days=7 * (r["week"] - 1) + 4)
            if friday > deadline[g]:
                problem("case %s of leaver %s in week %d, after their last day %s"
                        % (r["case"], g, r["week"], deadline[g]))

    # 5. weeks and the lower bound
    deg = {}
    for (t, w), n in meet.items():
        deg[w] = deg.get(w, 0) + n
    lb = max([-(-n // cap[w]) for w, n in deg.items()], default=0)
    if rows and lb < 1:
        lb = 1
    if sj["weeks"] != weeks:
        problem("weeks is %s, the schedule uses %d" % (sj["weeks"], weeks))
    if sj["lower_bound_weeks"] != lb:
        problem("lower_bound_weeks is %s, recomputed %d" % (sj["lower_bound_weeks"], lb))
    if weeks < lb:
        problem("%d weeks is below the lower bound %d" % (weeks, lb))
    if sj["status"] != ("optimal" if weeks == lb else "feasible"):
        problem("status %s with %d weeks and lower bound %d" % (sj["status"], weeks, lb))
    if a.max_extra is not None and weeks > lb + a.max_extra:
        problem("%d weeks, more than the lower bound %d + %d" % (weeks, lb, a.max_extra))

    # 6, 7: weeks.csv and the breaches
    expect, breaches = [], []
    points = {w["caseworker"]: w["points_before"] for w in workers}
    for t in range(1, weeks + 1):
        for w in workers:
            i = w["caseworker"]
            points[i] += delta.get((t, i), 0)
            if (t, i) in cin or (t, i) in cout or (t, i) in meet:
                u = points[i] / w["capacity"] if w["capacity"] else None
                expect.append((t, monday(t), i, meet.get((t, i), 0), cin.get((t, i), 0),
                               cout.get((t, i), 0), points[i], u))
            limit = max(w["points_before"], w["points_after"])
            if points[i] - limit > 1e-9:
                breaches.append((t, i, points[i], limit))
    wrows, wsep = read_csv(os.path.join(a.dir, "weeks.csv"))
    if len(wrows) != len(expect):
        problem("weeks.csv has %d rows, expected %d" % (len(wrows), len(expect)))
    for r, e in zip(wrows, expect):
        got = (int(r["week"]), r["monday"], r["caseworker"], int(r["meetings"]),
               int(r["cases_in"]), int(r["cases_out"]))
        if got != e[:6] or not close(number(r["points_end_of_week"], wsep), e[6]) or \
                not close(number(r["utilisation_end_of_week"], wsep), e[7]):
            problem("weeks.csv row %s, expected %s" % (list(r.values()), e))
            break
    sb = sj["breaches"]
    if len(sb) != len(breaches):
        problem("schedule.json has %d breaches, recomputed %d" % (len(sb), len(breaches)))
    for b, e in zip(sb, breaches):
        if (b["week"], b["caseworker"]) != e[:2] or b["monday"] != monday(e[0]) or \
                not close(b["points_end_of_week"], e[2]) or \
                not close(b["threshold_points"], e[3]) or not close(b["over_points"], e[2] - e[3]):
            problem("breach %s, recomputed %s" % (b, e))
            break

    # 8. letters
    lrows, _ = read_csv(os.path.join(a.dir, "letters.csv"))
    if [(r["week"], r["case"], r["to_caseworker"], r["to_department"]) for r in lrows] != \
            [(str(r["week"]), r["case"], r["to_caseworker"], r["to_department"]) for r in rows]:
        problem("letters.csv is not schedule.csv's week, case, to_caseworker, to_department")

    # 9. schedule.json against the CSV files and the counts
    keys = ("case", "segment", "from_caseworker", "to_caseworker", "to_department", "reason")
    if [(h["week"], h["monday"]) + tuple(h[k] for k in keys) for h in sj["handovers"]] != \
            [(r["week"], r["monday"]) + tuple(r[k] for k in keys) for r in rows]:
        problem("schedule.json handovers differ from schedule.csv")
    jw = [(x["week"], x["monday"], x["caseworker"], x["meetings"], x["cases_in"], x["cases_out"])
          for x in sj["weeks_by_caseworker"]]
    if jw != [e[:6] for e in expect] or not all(
            close(x["points_end_of_week"], e[6]) and close(x["utilisation_end_of_week"], e[7])
            for x, e in zip(sj["weeks_by_caseworker"], expect)):
        problem("schedule.json weeks_by_caseworker differ from the recomputed weeks")
    pairs = {}
    for r in rows:
        if r["from_caseworker"]:
            pairs.setdefault((r["from_caseworker"], r["to_caseworker"]), set()).add(r["week"])
    counts = {"moved": len(rows), "meetings": sum(1 for r in rows if r["from_caseworker"]),
              "pairs": len(pairs), "pair_weeks": sum(len(s) for s in pairs.values())}
    for k, v in counts.items():
        if sj[k] != v:
            problem("schedule.json %s is %s, recomputed %d" % (k, sj[k], v))

    if problems:
        if len(problems) > 50:
            print("check_schedule: ... %d problems in all" % len(problems))
        sys.exit(1)
    print("check_schedule: ok (%d moved, %d weeks, lower bound %d)" % (len(rows), weeks, lb))


if __name__ == "__main__":
    try:
        main()
    except (OSError, KeyError, ValueError, TypeError, IndexError) as e:
        print("check_schedule: cannot check: %s: %s" % (type(e).__name__, e))
        sys.exit(1)
