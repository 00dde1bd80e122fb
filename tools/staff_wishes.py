#!/usr/bin/env python3
"""staff_wishes.py - a staff.csv with a wishes column, by a fixed rule.

Usage: staff_wishes.py DEPARTMENTS.csv STAFF.csv CASES.csv > STAFF-WISHES.csv

Every staying caseworker with no fixed department wishes the two new departments that
serve the most of their own cases, best first (among the departments serving a segment
they are qualified for; first in departments.csv on a tie); one wish when only one
department is open to them. Every fourth of them (the 4th, 8th, ... in staff.csv) wishes
elsewhere: the same two departments the other way round. Fixed caseworkers and leavers
wish nothing. The rest of staff.csv is copied as it is, the wishes column added last.
Plain comma-separated files, as tools/gen.c writes them.
"""
import csv
import sys
from collections import Counter, defaultdict


def main(deps_path, staff_path, cases_path):
    deps = list(csv.DictReader(open(deps_path, newline="", encoding="utf-8")))
    serves = {d["id"]: set(d["segments"].split("|")) for d in deps}
    order = {d["id"]: i for i, d in enumerate(deps)}
    staff_rows = list(csv.DictReader(open(staff_path, newline="", encoding="utf-8")))
    own = defaultdict(Counter)  # caseworker -> department -> their cases it serves
    for c in csv.DictReader(open(cases_path, newline="", encoding="utf-8")):
        for d in serves:
            if c["segment"] in serves[d]:
                own[c["caseworker"]][d] += 1
    out = csv.DictWriter(sys.stdout, fieldnames=list(staff_rows[0].keys()) + ["wishes"],
                         lineterminator="\n")
    out.writeheader()
    n = 0
    for r in staff_rows:
        wishes = []
        if r["status"] == "stays" and not r["department"]:
            qualified = set(r["qualified"].split("|")) if r["qualified"] else None
            open_to = [d for d in serves if qualified is None or qualified & serves[d]]
            cnt = own[r["id"]]
            wishes = sorted(open_to, key=lambda d: (-cnt[d], order[d]))[:2]
            n += 1
            if n % 4 == 0:
                wishes.reverse()
        out.writerow(dict(r, wishes="|".join(wishes)))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[2])
    main(*sys.argv[1:])
