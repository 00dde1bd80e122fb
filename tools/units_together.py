#!/usr/bin/env python3
"""units_together.py - a staff.csv that keeps each old unit together.

Usage: units_together.py DEPARTMENTS.csv STAFF.csv CASES.csv > STAFF-UNITS.csv

Every staying caseworker with no fixed department is fixed to the new department that
serves the most of their old unit's cases (first in departments.csv on a tie), when they
are qualified for a segment it serves and it serves the segment of each case pinned to
them; otherwise they stay free. The rest of staff.csv is
copied as it is. Plain comma-separated files, as tools/gen.c writes them.
"""
import csv
import sys
from collections import Counter, defaultdict


def main(deps_path, staff_path, cases_path):
    deps = list(csv.DictReader(open(deps_path, newline="", encoding="utf-8")))
    serves = {d["id"]: set(d["segments"].split("|")) for d in deps}
    staff_rows = list(csv.DictReader(open(staff_path, newline="", encoding="utf-8")))
    unit_of = {r["id"]: r["unit"] for r in staff_rows}
    per_unit = defaultdict(Counter)
    pinned = defaultdict(set)  # caseworker -> segments of cases pinned to them
    for c in csv.DictReader(open(cases_path, newline="", encoding="utf-8")):
        if c.get("pinned") == "1":
            pinned[c["caseworker"]].add(c["segment"])
        unit = unit_of.get(c["caseworker"])
        if unit is None:
            continue
        for d in deps:
            if c["segment"] in serves[d["id"]]:
                per_unit[unit][d["id"]] += 1
    order = {d["id"]: i for i, d in enumerate(deps)}
    home = {u: min(cnt, key=lambda d: (-cnt[d], order[d])) for u, cnt in per_unit.items()}
    out = csv.DictWriter(sys.stdout, fieldnames=list(staff_rows[0].keys()), lineterminator="\n")
    out.writeheader()
    for r in staff_rows:
        d = home.get(r["unit"])
        qualified = set(r["qualified"].split("|")) if r["qualified"] else None
        if (r["status"] == "stays" and not r["department"] and d
                and (qualified is None or qualified & serves[d])
                and pinned[r["id"]] <= serves[d]):
            r = dict(r, department=d)
        out.writerow(r)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[2])
    main(*sys.argv[1:])
