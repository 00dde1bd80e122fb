#!/usr/bin/env python3
"""check_plan.py - the independent checker of an omfordel plan.

Usage:  python3 tools/check_plan.py SCENARIO.json PLAN_DIR [--levels-json]

Reads the scenario (with its extends chain) and its three CSV tables itself, and the plan
files in PLAN_DIR (assignments.csv, caseworkers.csv, departments.csv, handovers.csv,
plan.json), and recomputes everything a plan states from the inputs alone. It imports
nothing of the engine: Python 3 standard library only. Each problem is printed as
`check_plan: <what>`; exit 1 if there is any, else `check_plan: ok (<n> cases, <m> moved)`
and exit 0. With --levels-json the recomputed priority-level values are printed as one
JSON object on stdout (and the problem/ok lines go to stderr).

Readings of docs/formats.md where it leaves a choice (the checker holds
the engine to these):
  1. departments.csv `overload_points` = sum over the department's caseworkers of
     max(0, points - capacity) (so the departments add up to the KPI), not
     max(0, department points - department capacity).
  2. departments.csv lists every department of departments.csv, in input order, also
     those without caseworkers (caseworkers 0, capacity 0, utilisation empty).
     `fte` = sum of the members' fte (not fte x cap_factor); min_fte/max_fte hold on it.
  3. handovers.csv has one row per (from, to) pair of *moved* cases (from != to) with a
     non-empty from_caseworker; kept cases are not handovers. `handover_pairs` = its rows.
  4. A leaver's caseworkers.csv row: department, capacity, utilisation empty; the after
     columns and cases_in 0; cases_out = cases_before.
  5. KPI max_utilisation = max over staying caseworkers of u(j) (0 when there are none).
  6. plan.json rows equal the CSV rows: same keys as the CSV header; a JSON number equals a
     numeric cell (within tolerance), null or "" equals an empty cell, a JSON string equals
     the cell, a JSON bool equals 1/0.
  7. plan.json `inputs`: matched by role (scenario, extends, departments, staff, cases);
     each sha256 must equal the real sha256 of the file this checker resolved for that
     role (extends: as a set over the chain), and the basename of `path` must match. The
     path itself is not opened (it is relative to the engine's working directory).
  8. plan.json `scenario`: name and title as resolved (name not inherited, defaulting to
     the file name without .json), priorities as resolved (default caps, continuity,
     balance); every key of the scenario's weights/caps appears, and every key present
     equals the effective weight / cap_points; leaves contains the scenario's leaves and
     only leavers; salary_per_fte and max_utilisation equal the scenario's when it names
     them. With max_utilisation, no staying caseworker's utilisation is above it.
  9. solver.levels: exactly the four levels, in the order of the priorities (caps gives
     peak_utilisation then overload_points), each value equal to the recomputed one; each
     level's bound (when a number) <= its value, its gap (value - bound) / |value|, and
     `optimal` only where the bound meets the value; the top objective/bound/gap equal the
     last level's value/bound/gap; top status is `optimal` exactly when every level is.
 10. Output CSVs may be written for Excel (`;`, decimal comma, BOM): read like inputs.
     A number with more than 6 decimals is a problem.
 11. "Sorted by id" is byte order of the UTF-8 ids (strcmp), for cases in assignments.csv
     and staff in caseworkers.csv; handovers by (from, to) in the same order.
 12. The level values are recomputed from the plan itself: each case's to_caseworker and
     each staying caseworker's department in caseworkers.csv. The checker does not judge
     optimality (tests/exact/ does that on small instances).
 13. Case costs, households, max_cases_out: a case's cost is move_cost[segment] (default 1)
     x (1 + repeat_change_factor x changes_12m); with either key given the continuity level
     is `move_cost` (the sum over moved cases) instead of `moved`. A household "no staying
     caseworker may hold whole" (Scenario.holds_whole: qualified for all its segments, a
     department open to them serving all, no case pinned to another) is the one soft mode
     splits; every other household (every one in hard mode) has one caseworker after.
     max_cases_out f: cases_out <= floor(f x cases_before) + the caseworker's cases that no
     plan lets them keep (Scenario.excused): not qualified, or a segment (a household) no
     department they may join serves (whole); the departments they may join are those open
     to them (their fixed one) that serve what is pinned to them (Scenario.may_join: a pin
     fixes the placement as far as it goes). kpis.households counts a household as united
     when it had two or more (non-empty) caseworkers today and is not split. A plan written
     before these (no move_cost/household/share_out columns, no household_splits,
     equal_costs, kpis.move_cost, kpis.households) is accepted with a note on stderr when
     its scenario uses none of them, and refused when it does.
Numbers are compared with tolerance: |a - b| <= max(1e-6, 1e-5 * max(|a|, |b|)).
"""

import argparse
import csv
import hashlib
import io
import json
import math
import os
import re
import sys

# The checker's own table of the levels (not the engine's): name -> the priority it
# belongs to, whether it is a whole number, and how it is held for the later levels:
# at most (1 + max(slack, min_slack)) x the value reached, plus tol.
LEVELS = {
    "peak_utilisation": {"priority": "caps", "integral": False, "min_slack": 0, "tol": 1e-6},
    "overload_points": {"priority": "caps", "integral": False, "min_slack": 0.005, "tol": 1e-4},
    "moved": {"priority": "continuity", "integral": True, "min_slack": 0, "tol": 1e-9},
    # continuity when case costs weigh it (Scenario.weighting): the sum of moved cases' costs
    "move_cost": {"priority": "continuity", "integral": False, "min_slack": 0, "tol": 1e-6,
                  "tol_rel": 1e-6},
    "balance": {"priority": "balance", "integral": False, "min_slack": 0, "tol": 1e-6},
    "wish_cost": {"priority": "wishes", "integral": True, "min_slack": 0, "tol": 1e-6},
}
LEVEL_NAMES = tuple(LEVELS)
PRIORITIES = ("caps", "continuity", "balance", "wishes")
# without priorities: these, and with wishes in staff.csv these with wishes before balance
DEFAULT_PRIORITIES = ["caps", "continuity", "balance"]
DEFAULT_WITH_WISHES = ["caps", "continuity", "wishes", "balance"]
SCENARIO_KEYS = {"name", "title", "extends", "data", "weights", "caps", "leaves",
                 "salary_per_fte", "max_utilisation", "solver", "priorities",
                 "columns", "ignore_columns", "segment_map", "move_cost",
                 "repeat_change_factor", "households", "max_cases_out"}
ASSIGN_COLS = ["case", "segment", "weight", "from_caseworker", "to_caseworker",
               "to_department", "moved", "reason", "segment_before", "move_cost", "household"]
WORKER_COLS = ["caseworker", "unit", "department", "fte", "capacity", "cases_before",
               "points_before", "cases_after", "points_after", "utilisation", "cases_in",
               "cases_out", "wish_rank", "caseworker_name", "share_out"]
# the columns and plan.json keys case costs, households and max_cases_out added: a plan
# written before them lacks them (accepted, with a note, when its scenario uses none)
NEW_COLS = {"assignments.csv": ["move_cost", "household"], "caseworkers.csv": ["share_out"]}
NEW_KEYS = ["household_splits", "equal_costs"]
NEW_KPIS = ["move_cost", "households"]
DEPT_COLS = ["department", "caseworkers", "fte", "cases", "points", "capacity",
             "utilisation", "overload_points", "fte_needed", "department_name"]
HANDOVER_COLS = ["from_caseworker", "to_caseworker", "cases"]
KPI_KEYS = ["cases", "moved", "kept_share", "max_utilisation", "overload_points",
            "handover_pairs", "fte_available", "fte_needed"]
REASONS = {"kept", "caseworker_leaves", "department_change", "over_cap", "no_caseworker",
           "pinned"}
MAX_PRINTED = 200


class InputError(Exception):
    """The inputs cannot be read well enough to check anything."""


def close(a, b, rel=1e-5, abs_=1e-6):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


def fmt(x):
    if x is None:
        return "empty"
    if isinstance(x, float):
        return "%.9g" % x
    return str(x)


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------------------------------
# CSV


def detect_separator(text):
    """`;` when the header line holds more `;` than `,` outside quotes, else `,`."""
    for line in text.splitlines():
        if line.strip(" \t") == "":
            continue
        semi = comma = 0
        quoted = False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch == ";":
                semi += 1
            elif not quoted and ch == ",":
                comma += 1
        return ";" if semi > comma else ","
    return ","


class Table:
    """A CSV file read the way docs/formats.md says: header, rows of dicts, line numbers."""

    def __init__(self, path, columns=None, ignore=()):
        """columns: our column name -> the file's header; ignore: headers never read."""
        self.path = path
        ours = {h.strip(" \t"): c for c, h in (columns or {}).items()}
        ignore = {h.strip(" \t") for h in ignore}
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as e:
            raise InputError("%s: cannot read: %s" % (path, e.strerror))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError("%s: not UTF-8 (byte %d)" % (path, e.start))
        self.bom = text.startswith("\ufeff")
        if self.bom:
            text = text[1:]
        self.sep = detect_separator(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=self.sep)
        self.header = None
        self.rows = []   # list of dicts
        self.lines = []  # line number of each row (the record's last physical line)
        for rec in reader:
            if not rec or all(c.strip(" \t") == "" for c in rec):
                continue
            rec = [c.strip(" \t") for c in rec]
            if self.header is None:
                for h in ours:
                    if h not in rec:
                        raise InputError("%s: no column %s" % (path, h))
                # an ignored header gets a name no column has
                self.header = ["\0" + h if h in ignore else ours.get(h, h) for h in rec]
                continue
            if len(rec) != len(self.header):
                raise InputError("%s:%d: %d fields, header has %d"
                                 % (path, reader.line_num, len(rec), len(self.header)))
            self.rows.append(dict(zip(self.header, rec)))
            self.lines.append(reader.line_num)
        if self.header is None:
            raise InputError("%s: no header row" % path)

    def number(self, cell):
        """The cell as a float (decimal comma accepted with `;`), or None if not a number."""
        s = cell
        if self.sep == ";":
            s = s.replace(",", ".")
        if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", s):
            return None
        try:
            v = float(s)
        except ValueError:
            return None
        return v if math.isfinite(v) else None


# ---------------------------------------------------------------------------------------
# Scenario


def split_list(cell):
    if cell == "":
        return []
    return [p.strip(" \t") for p in cell.split("|")]


class Scenario:
    """The scenario as resolved from the JSON chain and its three tables."""

    def __init__(self, path):
        self.path = path
        self.files = []  # (role, path) for plan.json inputs
        merged = self._read_chain(path, [])
        self.files.insert(0, ("scenario", path))
        unknown = sorted(set(self.top_json) - SCENARIO_KEYS)
        self.unknown_keys = unknown
        self.name = self.top_json.get("name")
        if not isinstance(self.name, str) or self.name == "":
            base = os.path.basename(path)
            self.name = base[:-5] if base.endswith(".json") else base
        self.title = self.top_json.get("title")
        self.merged = merged
        data = merged.get("data", {})
        for role in ("departments", "staff", "cases"):
            if role not in data:
                raise InputError("%s: no data.%s in the scenario chain" % (path, role))
            self.files.append((role, data[role]))
        self.weights = merged.get("weights", {})
        self.caps = merged.get("caps", {})
        self.leaves = merged.get("leaves", [])
        self.salary_per_fte = merged.get("salary_per_fte")
        self.max_utilisation = merged.get("max_utilisation")
        if self.max_utilisation is not None and (
                not isinstance(self.max_utilisation, (int, float))
                or isinstance(self.max_utilisation, bool) or self.max_utilisation < 1):
            raise InputError("%s: max_utilisation must be a number >= 1" % path)
        for k, v in list(self.weights.items()) + list(self.caps.items()):
            if not isinstance(v, (int, float)) or isinstance(v, bool) or v <= 0:
                raise InputError("%s: weights/caps value %r for %s" % (path, v, k))
        self._read_tables(data)
        self._read_continuity(path, merged)
        default = (DEFAULT_WITH_WISHES if any(st["wishes"] for st in self.staff.values())
                   else DEFAULT_PRIORITIES)
        self.priorities, self.slack = parse_priorities(
            path, merged.get("priorities", list(default)))

    def _read_chain(self, path, seen):
        real = os.path.realpath(path)
        if real in seen:
            raise InputError("%s: extends cycle" % path)
        try:
            with open(path, "rb") as f:
                j = json.loads(f.read().decode("utf-8-sig"))
        except (OSError, ValueError) as e:
            raise InputError("%s: cannot read scenario: %s" % (path, e))
        if not isinstance(j, dict):
            raise InputError("%s: scenario is not a JSON object" % path)
        if not seen:
            self.top_json = j
        base = os.path.dirname(path)
        merged = {}
        if "extends" in j:
            if not isinstance(j["extends"], str):
                raise InputError("%s: extends must be a string" % path)
            parent = os.path.join(base, j["extends"])
            merged = self._read_chain(parent, seen + [real])
            self.files.append(("extends", parent))
        for key, val in j.items():
            if key in ("name", "title", "extends"):
                continue
            if key == "data":
                if not isinstance(val, dict):
                    raise InputError("%s: data must be an object" % path)
                val = {k: os.path.join(base, v) for k, v in val.items()}
            if key in ("data", "weights", "caps", "solver", "columns", "ignore_columns",
                       "move_cost"):
                if not isinstance(val, dict):
                    raise InputError("%s: %s must be an object" % (path, key))
                m = dict(merged.get(key, {}))
                m.update(val)
                merged[key] = m
            else:
                merged[key] = val
        return merged

    def _read_continuity(self, path, merged):
        """move_cost, repeat_change_factor, households, max_cases_out; each case's cost and
        each household's cases"""
        def number(v):
            return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
        self.move_cost = merged.get("move_cost", {})
        if not isinstance(self.move_cost, dict):
            raise InputError("%s: move_cost must be an object" % path)
        for g, v in self.move_cost.items():
            if g not in self.segments:
                raise InputError("%s: move_cost names unknown segment %s" % (path, g))
            if not number(v) or not 0.01 <= v <= 100:
                raise InputError("%s: move_cost.%s %r is not in [0.01, 100]" % (path, g, v))
        self.repeat_factor = merged.get("repeat_change_factor", 0)
        if not number(self.repeat_factor) or self.repeat_factor < 0:
            raise InputError("%s: repeat_change_factor %r is not a number >= 0"
                             % (path, self.repeat_factor))
        self.households_mode = merged.get("households", "hard")
        if self.households_mode not in ("hard", "soft"):
            raise InputError("%s: households %r is not \"hard\" or \"soft\""
                             % (path, self.households_mode))
        self.max_cases_out = merged.get("max_cases_out")
        if self.max_cases_out is not None and (
                not number(self.max_cases_out) or not 0 < self.max_cases_out <= 1):
            raise InputError("%s: max_cases_out %r is not in (0, 1]" % (path, self.max_cases_out))
        # weighting on: the continuity level is move_cost, the sum of moved cases' costs
        self.weighting = "move_cost" in merged or self.repeat_factor > 0
        for k in self.case.values():
            k["cost"] = (float(self.move_cost.get(k["segment"], 1.0))
                         * (1 + self.repeat_factor * k["changes"]))
        self.household = {}  # id -> its cases, in input order
        self.own = {}  # caseworker today -> their cases, in input order
        for c in self.case_ids:
            h = self.case[c]["household"]
            if h:
                self.household.setdefault(h, []).append(c)
            self.own.setdefault(self.case[c]["from"], []).append(c)
        self._excused = {}

    def _num(self, t, row, col, line, default=None):
        cell = row.get(col, "")
        if cell == "":
            if default is None:
                raise InputError("%s:%d: empty %s" % (t.path, line, col))
            return default
        v = t.number(cell)
        if v is None:
            raise InputError("%s:%d: %s %r is not a number" % (t.path, line, col, cell))
        return v

    def _new_segment(self, g):
        """The segment g becomes through segment_map (followed to its end)."""
        seen = set()
        while g in self.segment_map:
            if g in seen:
                raise InputError("%s: segment_map cycle at %s" % (self.path, g))
            seen.add(g)
            g = self.segment_map[g]
        return g

    def _read_tables(self, data):
        def table(role):
            return Table(data[role], self.columns.get(role), self.ignore_columns.get(role, ()))
        self.columns = self.merged.get("columns", {})
        self.ignore_columns = self.merged.get("ignore_columns", {})
        self.segment_map = self.merged.get("segment_map", {})
        td = table("departments")
        ts = table("staff")
        tc = table("cases")
        for t, need in ((td, ("id", "name", "segments", "cap_points")),
                        (ts, ("id", "name", "unit", "fte", "status")),
                        (tc, ("id", "caseworker", "segment"))):
            for col in need:
                if col not in t.header:
                    raise InputError("%s: no column %s" % (t.path, col))
        self.dept_ids = []
        self.dept = {}
        for row, line in zip(td.rows, td.lines):
            d = row["id"]
            if d in self.dept:
                raise InputError("%s:%d: duplicate department %s" % (td.path, line, d))
            cap = self._num(td, row, "cap_points", line)
            if d in self.caps:
                cap = float(self.caps[d])
            self.dept_ids.append(d)
            self.dept[d] = {
                "name": row["name"] or d,
                "segments": set(split_list(row["segments"])),
                "cap": cap,
                "min_fte": self._num(td, row, "min_fte", line, 0.0),
                "max_fte": self._num(td, row, "max_fte", line, math.inf),
            }
        self.segments = set(self.weights)
        for d in self.dept.values():
            self.segments |= d["segments"]
        self.staff_ids = []
        self.staff = {}
        for row, line in zip(ts.rows, ts.lines):
            s = row["id"]
            if s in self.staff:
                raise InputError("%s:%d: duplicate staff %s" % (ts.path, line, s))
            status = row["status"]
            if status not in ("stays", "leaves"):
                raise InputError("%s:%d: status %r" % (ts.path, line, status))
            fixed = row.get("department", "")
            if fixed != "" and fixed not in self.dept:
                raise InputError("%s:%d: unknown department %s" % (ts.path, line, fixed))
            qual = {self._new_segment(g) for g in split_list(row.get("qualified", ""))}
            wishes = split_list(row.get("wishes", ""))
            for d in wishes:
                if d not in self.dept or wishes.count(d) > 1:
                    raise InputError("%s:%d: wish %s unknown or named twice" % (ts.path, line, d))
            for g in qual:
                if g not in self.segments:
                    raise InputError("%s:%d: unknown segment %s" % (ts.path, line, g))
            self.staff_ids.append(s)
            self.staff[s] = {
                "name": row["name"],
                "unit": row["unit"],
                "fte": self._num(ts, row, "fte", line),
                "cap_factor": self._num(ts, row, "cap_factor", line, 1.0),
                "leaves": status == "leaves",
                "qualified": qual,
                "fixed": fixed or None,
                "wishes": wishes,
            }
        for s in self.leaves:
            if s in self.staff:
                self.staff[s]["leaves"] = True
        self.case_ids = []
        self.case = {}
        for row, line in zip(tc.rows, tc.lines):
            c = row["id"]
            if c in self.case:
                raise InputError("%s:%d: duplicate case %s" % (tc.path, line, c))
            before = row["segment"]
            g = self._new_segment(before)
            if g not in self.segments:
                raise InputError("%s:%d: unknown segment %s" % (tc.path, line, g))
            cw = row["caseworker"]
            if cw != "" and cw not in self.staff:
                raise InputError("%s:%d: unknown caseworker %s" % (tc.path, line, cw))
            w = self._num(tc, row, "weight", line, float(self.weights.get(g, 1.0)))
            pinned = row.get("pinned", "")
            if pinned not in ("", "0", "1"):
                raise InputError("%s:%d: pinned %r" % (tc.path, line, pinned))
            changes = row.get("changes_12m", "")
            if changes != "" and not re.fullmatch(r"\d+", changes):
                raise InputError("%s:%d: changes_12m %r is not a whole number >= 0"
                                 % (tc.path, line, changes))
            self.case_ids.append(c)
            self.case[c] = {"from": cw, "segment": g, "segment_before": before, "weight": w,
                            "pinned": pinned == "1", "household": row.get("household", ""),
                            "changes": int(changes or 0)}
        # whether cases.csv has the columns (a plan of it must then state households)
        self.has_households = "household" in tc.header

    # queries -----------------------------------------------------------------------
    def staying(self, s):
        return s in self.staff and not self.staff[s]["leaves"]

    def qualified(self, s, g):
        q = self.staff[s]["qualified"]
        return not q or g in q

    def serves(self, d, g):
        return d in self.dept and g in self.dept[d]["segments"]

    def eligible_departments(self, s):
        st = self.staff[s]
        if st["fixed"]:
            return [st["fixed"]]
        return [d for d in self.dept_ids
                if any(self.qualified(s, g) for g in self.dept[d]["segments"])]

    def wishes_count(self, s):
        """Staying, with wishes, and no fixed department: their wishes are a level."""
        st = self.staff[s]
        return self.staying(s) and bool(st["wishes"]) and not st["fixed"]

    def wish_rank(self, s, d):
        """1 for the first wish, 2, ...; 0 for none of them."""
        w = self.staff[s]["wishes"]
        return w.index(d) + 1 if d in w else 0

    def capacity(self, s, d):
        st = self.staff[s]
        return self.dept[d]["cap"] * st["fte"] * st["cap_factor"]

    def continuity_level(self):
        """moved, or move_cost when case costs weigh continuity"""
        return "move_cost" if self.weighting else "moved"

    def level_on(self, lv):
        return lv not in ("moved", "move_cost") or lv == self.continuity_level()

    def level_order(self):
        """The levels optimised, in the order solved."""
        return [lv for p in self.priorities for lv in LEVELS
                if LEVELS[lv]["priority"] == p and self.level_on(lv)]

    def levels_left_out(self):
        """The levels of the priorities left out, in the table's order."""
        return [lv for lv in LEVELS if LEVELS[lv]["priority"] not in self.priorities
                and self.level_on(lv)
                and (lv != "wish_cost" or any(self.wishes_count(s) for s in self.staff_ids))]

    # households and max_cases_out -------------------------------------------------
    def holds_whole(self, k, h):
        """staying caseworker k may hold household h whole: qualified for each of its
        segments, with a department open to k serving all of them, and no case of it
        pinned to another caseworker"""
        cases = [self.case[c] for c in self.household[h]]
        segs = {x["segment"] for x in cases}
        return (self.staying(k) and all(self.qualified(k, g) for g in segs)
                and any(segs <= self.dept[d]["segments"] for d in self.eligible_departments(k))
                and all(x["from"] == k for x in cases if x["pinned"]))

    def impossible_households(self):
        """the households no staying caseworker may hold whole (hard: no plan; soft: split)"""
        if not hasattr(self, "_impossible"):
            stay = [k for k in self.staff_ids if self.staying(k)]
            self._impossible = {h for h in self.household
                                if not any(self.holds_whole(k, h) for k in stay)}
        return self._impossible

    def together(self, h):
        """household h must have one caseworker after the plan"""
        return self.households_mode == "hard" or h not in self.impossible_households()

    def may_join(self, k):
        """the departments k may be in by the hard rules: open to k (their fixed one when
        fixed), serving each segment pinned to k and every segment of a household kept
        together that holds a case pinned to k (a pin fixes the placement as far as it goes)"""
        need = set()
        for c in self.own.get(k, []):
            x = self.case[c]
            if x["pinned"]:
                need.add(x["segment"])
                if x["household"] and self.together(x["household"]):
                    need |= {self.case[y]["segment"] for y in self.household[x["household"]]}
        return [d for d in self.eligible_departments(k) if need <= self.dept[d]["segments"]]

    def excused(self, k):
        """k's cases today that k could keep in no plan by the hard rules: a segment k is not
        qualified for or no department k may join (may_join) serves, or a household k
        cannot hold whole in one of those departments"""
        if k in self._excused:
            return self._excused[k]
        n = 0
        where = self.may_join(k)
        for c in self.own.get(k, []):
            x = self.case[c]
            g, h = x["segment"], x["household"]
            if h and self.together(h):
                segs = {self.case[y]["segment"] for y in self.household[h]}
                kept = self.holds_whole(k, h) and any(segs <= self.dept[d]["segments"]
                                                      for d in where)
            else:
                kept = self.qualified(k, g) and any(self.serves(d, g) for d in where)
            n += not kept
        self._excused[k] = n
        return n

    def most_out(self, k, before):
        """the most cases staying caseworker k may hand over under max_cases_out"""
        return math.floor(self.max_cases_out * before + 1e-9) + self.excused(k)


def parse_priorities(path, given):
    """priorities: a non-empty list of names or {"level": name, "slack": s >= 0}, each
    priority at most once. Returns (names in order, {name: slack})."""
    if not isinstance(given, list) or not given:
        raise InputError("%s: priorities must be a non-empty list" % path)
    names, slack = [], {}
    for i, e in enumerate(given):
        sl = 0.0
        if isinstance(e, dict):
            if set(e) - {"level", "slack"} or "level" not in e:
                raise InputError("%s: priorities[%d] must be {\"level\", \"slack\"}" % (path, i))
            sl = e.get("slack", 0)
            if (isinstance(sl, bool) or not isinstance(sl, (int, float))
                    or not sl >= 0 or math.isinf(sl)):
                raise InputError("%s: priorities[%d].slack must be a number >= 0" % (path, i))
            e = e["level"]
        if e not in PRIORITIES or e in names:
            raise InputError("%s: priorities[%d]: %r is not one of %s, or named twice"
                             % (path, i, e, ", ".join(PRIORITIES)))
        names.append(e)
        slack[e] = float(sl)
    return names, slack


# The least room a peak reached past the gap from its bound leaves the later levels.
PEAK_PAST_GAP = 0.001


def held(name, reached, slack):
    """The most the later levels let a level take after it reached a value."""
    lv = LEVELS[name]
    h = reached * (1 + max(slack, lv["min_slack"]))
    if lv["integral"]:
        h = math.floor(h + 1e-9)
    return max(h, reached) + lv["tol"] + lv.get("tol_rel", 0) * abs(reached)


def level_values(sc, to_of, dept_of):
    """The priority-level values of a plan: to_of case -> caseworker, dept_of caseworker
    -> department (staying caseworkers only)."""
    points = {s: 0.0 for s in dept_of}
    moved = 0
    cost = 0.0
    for c in sc.case_ids:
        t = to_of.get(c)
        if t in points:
            points[t] += sc.case[c]["weight"]
        if t != sc.case[c]["from"]:
            moved += 1
            cost += sc.case[c]["cost"]
    peak = 1.0
    max_u = 0.0
    overload = 0.0
    dept_peak = {}
    for s, d in dept_of.items():
        cap = sc.capacity(s, d)
        u = points[s] / cap
        max_u = max(max_u, u)
        overload += max(0.0, points[s] - cap)
        dept_peak[d] = max(dept_peak.get(d, 0.0), u)
    peak = max(1.0, max_u)
    wish_cost = 0
    for s, d in dept_of.items():
        if sc.wishes_count(s):
            r = sc.wish_rank(s, d)
            wish_cost += r - 1 if r else len(sc.staff[s]["wishes"])
    out = {"peak_utilisation": peak, "overload_points": overload, "moved": moved,
           "balance": sum(dept_peak.values()), "wish_cost": wish_cost}
    if sc.weighting:
        out["move_cost"] = cost
    return out, max_u


def moved_cost(sc, to_of):
    """the sum of the costs of the cases that change caseworker"""
    return sum(sc.case[c]["cost"] for c in sc.case_ids if to_of.get(c) != sc.case[c]["from"])


# ---------------------------------------------------------------------------------------
# The checks


class Checker:
    def __init__(self, sc, plan_dir):
        self.sc = sc
        self.dir = plan_dir
        self.problems = []
        self.notes = []  # said, but no problem: a plan from before a feature
        self.levels = None
        self.n_moved = 0
        self.old = set()  # the files written before case costs and households
        self.missing = []  # what of them a plan lacks

    def bad(self, msg):
        self.problems.append(msg)

    def uses_new_inputs(self):
        sc = self.sc
        return sc.weighting or sc.has_households or sc.max_cases_out is not None

    def lacks(self, what):
        """a plan from before case costs and households lacks what (said once, at the end
        of run(): a note, or a problem when the scenario uses them)"""
        self.missing.append(what)

    def say_missing(self):
        if not self.missing:
            return
        what = "; ".join(self.missing)
        if self.uses_new_inputs():
            self.bad("the plan lacks what case costs, households and max_cases_out add, which "
                     "the scenario uses: %s" % what)
        else:
            self.notes.append("a plan from before case costs and households, not checked "
                              "for them: no %s" % what)

    def table(self, name, cols):
        path = os.path.join(self.dir, name)
        try:
            t = Table(path)
        except InputError as e:
            self.bad(str(e))
            return None
        before = [c for c in cols if c not in NEW_COLS.get(name, ())]
        if t.header == before and before != cols:
            self.old.add(name)
            self.lacks("%s %s" % (name, ",".join(NEW_COLS[name])))
        elif t.header != cols:
            self.bad("%s: header %s, expected %s" % (name, ",".join(t.header), ",".join(cols)))
            if any(c not in t.header for c in cols):
                return None
        for row, line in zip(t.rows, t.lines):
            for col, cell in row.items():
                m = re.fullmatch(r"[+-]?\d+[.,](\d+)", cell)
                if m and len(m.group(1)) > 6 and (t.sep == ";" or "." in cell):
                    self.bad("%s:%d: %s %s has more than 6 decimals" % (name, line, col, cell))
        return t

    def num(self, t, name, row, col, line, want, integer=False):
        """Compare a numeric cell with the recomputed value (None: the cell must be empty)."""
        cell = row.get(col, "")
        if want is None:
            if cell != "":
                self.bad("%s:%d: %s is %s, expected empty" % (name, line, col, cell))
            return
        v = t.number(cell) if cell != "" else None
        if v is None:
            self.bad("%s:%d: %s %r is not a number (expected %s)"
                     % (name, line, col, cell, fmt(want)))
            return
        if integer:
            if v != int(want):
                self.bad("%s:%d: %s is %s, expected %d" % (name, line, col, cell, want))
        elif not close(v, want):
            self.bad("%s:%d: %s is %s, expected %s" % (name, line, col, cell, fmt(want)))

    def run(self):
        sc = self.sc
        for k in sc.unknown_keys:
            self.bad("%s: unknown key %s" % (sc.path, k))
        ta = self.table("assignments.csv", ASSIGN_COLS)
        tw = self.table("caseworkers.csv", WORKER_COLS)
        td = self.table("departments.csv", DEPT_COLS)
        th = self.table("handovers.csv", HANDOVER_COLS)
        plan = None
        try:
            with open(os.path.join(self.dir, "plan.json"), "rb") as f:
                plan = json.loads(f.read().decode("utf-8"))
            if not isinstance(plan, dict):
                self.bad("plan.json: not a JSON object")
                plan = None
        except (OSError, ValueError) as e:
            self.bad("plan.json: cannot read: %s" % e)

        # The decisions: department of each staying caseworker, caseworker of each case.
        dept_of = self.check_departments_of_staff(tw, ta)
        to_of = self.check_assignments(ta, dept_of)
        self.check_hard_rules(dept_of)
        levels, max_u = level_values(sc, to_of, dept_of)
        self.levels = levels
        self.n_moved = levels["moved"]
        derived = self.derive(to_of, dept_of)
        self.cost = moved_cost(sc, to_of)
        self.split = self.check_households(to_of)
        self.check_cases_out(derived)
        if tw is not None:
            self.check_caseworkers(tw, dept_of, derived)
        if td is not None:
            self.check_department_rows(td, dept_of, derived)
        if th is not None:
            self.check_handovers(th, derived)
        if plan is not None:
            self.check_plan_json(plan, levels, max_u, derived, ta, tw, td)
        self.say_missing()

    # -- decisions -------------------------------------------------------------------
    def check_departments_of_staff(self, tw, ta):
        """dept_of for every staying caseworker, from caseworkers.csv (falling back on
        assignments.csv), with each staying caseworker in exactly one eligible department."""
        sc = self.sc
        dept_of = {}
        if tw is not None:
            seen = set()
            for row, line in zip(tw.rows, tw.lines):
                s = row["caseworker"]
                if s in seen:
                    self.bad("caseworkers.csv:%d: caseworker %s listed twice" % (line, s))
                    continue
                seen.add(s)
                if s not in sc.staff:
                    self.bad("caseworkers.csv:%d: unknown staff id %s" % (line, s))
                    continue
                d = row["department"]
                if sc.staying(s):
                    if d == "":
                        self.bad("caseworkers.csv:%d: staying caseworker %s has no department"
                                 % (line, s))
                    elif d not in sc.dept:
                        self.bad("caseworkers.csv:%d: unknown department %s" % (line, d))
                    else:
                        dept_of[s] = d
                elif d != "":
                    self.bad("caseworkers.csv:%d: leaver %s has department %s" % (line, s, d))
            for s in sc.staff_ids:
                if s not in seen:
                    self.bad("caseworkers.csv: staff member %s missing" % s)
            ids = [row["caseworker"] for row in tw.rows]
            if ids != sorted(ids):
                self.bad("caseworkers.csv: rows not sorted by staff id")
        if ta is not None:
            for row in ta.rows:
                s, d = row["to_caseworker"], row["to_department"]
                if sc.staying(s) and s not in dept_of and d in sc.dept:
                    dept_of[s] = d
        for s in sc.staff_ids:
            if not sc.staying(s):
                continue
            if s not in dept_of:
                if tw is None:
                    self.bad("staying caseworker %s has no department" % s)
                continue
            d = dept_of[s]
            fixed = sc.staff[s]["fixed"]
            if fixed and d != fixed:
                self.bad("caseworker %s is in %s, but is fixed to %s" % (s, d, fixed))
            elif d not in sc.eligible_departments(s):
                self.bad("caseworker %s is in %s, which is not eligible for them (serves "
                         "none of their segments)" % (s, d))
        return dept_of

    def check_assignments(self, ta, dept_of):
        sc = self.sc
        to_of = {}
        if ta is None:
            return to_of
        seen = set()
        ids = []
        for row, line in zip(ta.rows, ta.lines):
            c = row["case"]
            ids.append(c)
            where = "assignments.csv:%d: case %s" % (line, c)
            if c in seen:
                self.bad("%s listed twice" % where)
                continue
            seen.add(c)
            if c not in sc.case:
                self.bad("%s is not in cases.csv" % where)
                continue
            k = sc.case[c]
            f, t, d = row["from_caseworker"], row["to_caseworker"], row["to_department"]
            to_of[c] = t
            if row["segment"] != k["segment"]:
                self.bad("%s: segment %s, input says %s" % (where, row["segment"], k["segment"]))
            if row["segment_before"] != k["segment_before"]:
                self.bad("%s: segment_before %s, input says %s"
                         % (where, row["segment_before"], k["segment_before"]))
            self.num(ta, "assignments.csv", row, "weight", line, k["weight"])
            if f != k["from"]:
                self.bad("%s: from_caseworker %s, input says %s"
                         % (where, f or "empty", k["from"] or "empty"))
            if not sc.staying(t):
                self.bad("%s: to_caseworker %s is not a staying caseworker" % (where, t or "empty"))
            elif t in dept_of:
                if d != dept_of[t]:
                    self.bad("%s: to_department %s, but %s is in %s" % (where, d, t, dept_of[t]))
                if not sc.serves(dept_of[t], k["segment"]):
                    self.bad("%s: department %s does not serve segment %s"
                             % (where, dept_of[t], k["segment"]))
                if not sc.qualified(t, k["segment"]):
                    self.bad("%s: %s is not qualified for segment %s" % (where, t, k["segment"]))
            if k["pinned"] and t != k["from"]:
                self.bad("%s: pinned to %s but goes to %s" % (where, k["from"], t))
            moved = 0 if t == k["from"] else 1
            self.num(ta, "assignments.csv", row, "moved", line, moved, integer=True)
            if "assignments.csv" not in self.old:
                self.num(ta, "assignments.csv", row, "move_cost", line, k["cost"])
                if row["household"] != k["household"]:
                    self.bad("%s: household %s, input says %s"
                             % (where, row["household"] or "empty", k["household"] or "empty"))
            reason = self.expected_reason(c, t, dept_of)
            if row["reason"] not in REASONS:
                self.bad("%s: unknown reason %s" % (where, row["reason"]))
            elif reason is not None and row["reason"] != reason:
                self.bad("%s: reason %s, expected %s" % (where, row["reason"], reason))
        for c in sc.case_ids:
            if c not in seen:
                self.bad("assignments.csv: case %s missing" % c)
        if ids != sorted(ids):
            self.bad("assignments.csv: rows not sorted by case id")
        return to_of

    def expected_reason(self, c, t, dept_of):
        sc = self.sc
        k = sc.case[c]
        f = k["from"]
        if f == "":
            return "no_caseworker"
        if not sc.staying(f):
            return "caseworker_leaves"
        if t == f:
            return "pinned" if k["pinned"] else "kept"
        if f not in dept_of:
            return None  # reported elsewhere
        if sc.serves(dept_of[f], k["segment"]) and sc.qualified(f, k["segment"]):
            return "over_cap"
        return "department_change"

    def check_hard_rules(self, dept_of):
        sc = self.sc
        fte = {d: 0.0 for d in sc.dept_ids}
        for s, d in dept_of.items():
            fte[d] += sc.staff[s]["fte"]
        for d in sc.dept_ids:
            lo, hi = sc.dept[d]["min_fte"], sc.dept[d]["max_fte"]
            if fte[d] < lo - 1e-6:
                self.bad("department %s has %s FTE, below min_fte %s" % (d, fmt(fte[d]), fmt(lo)))
            if fte[d] > hi + 1e-6:
                self.bad("department %s has %s FTE, above max_fte %s" % (d, fmt(fte[d]), fmt(hi)))

    def check_households(self, to_of):
        """Hard: every household with one caseworker after the plan. Soft: only the
        households no staying caseworker may hold whole are split. Returns household ->
        its caseworkers after, for those with more than one."""
        sc = self.sc
        split = {}
        if not to_of:
            return split
        for h, cases in sc.household.items():
            after = sorted({to_of[c] for c in cases if c in to_of})
            if len(after) > 1:
                split[h] = after
                if sc.together(h):
                    why = ("no staying caseworker may hold it whole"
                           if h in sc.impossible_households()
                           else "one caseworker may hold it whole")
                    self.bad("household %s (%d cases) split across %s; %s (households: %s)"
                             % (h, len(cases), ",".join(after), why, sc.households_mode))
        return split

    def check_cases_out(self, derived):
        """max_cases_out: no staying caseworker hands over more than floor(f x cases
        before) plus the cases they could keep in no plan"""
        sc = self.sc
        if sc.max_cases_out is None:
            return
        for s in sc.staff_ids:
            if not sc.staying(s):
                continue
            r = derived["workers"][s]
            most = sc.most_out(s, r["cases_before"])
            if r["cases_out"] > most:
                self.bad("caseworker %s hands over %d of %d cases, above max_cases_out %s "
                         "(at most %d, %d of them excused)"
                         % (s, r["cases_out"], r["cases_before"], fmt(sc.max_cases_out), most,
                            sc.excused(s)))

    # -- derived tables --------------------------------------------------------------
    def derive(self, to_of, dept_of):
        sc = self.sc
        w = {s: {"cases_before": 0, "points_before": 0.0, "cases_after": 0,
                 "points_after": 0.0, "cases_in": 0, "cases_out": 0} for s in sc.staff_ids}
        hand = {}
        for c in sc.case_ids:
            k = sc.case[c]
            f = k["from"]
            t = to_of.get(c)
            if f in w:
                w[f]["cases_before"] += 1
                w[f]["points_before"] += k["weight"]
            if t in w:
                w[t]["cases_after"] += 1
                w[t]["points_after"] += k["weight"]
            if t is not None and t != f:
                if t in w:
                    w[t]["cases_in"] += 1
                if f in w:
                    w[f]["cases_out"] += 1
                if f != "":
                    hand[(f, t)] = hand.get((f, t), 0) + 1
        for s in sc.staff_ids:
            if s in dept_of:
                cap = sc.capacity(s, dept_of[s])
                w[s]["department"] = dept_of[s]
                w[s]["capacity"] = cap
                w[s]["utilisation"] = w[s]["points_after"] / cap
            else:
                w[s]["department"] = ""
                w[s]["capacity"] = None
                w[s]["utilisation"] = None
        dep = {}
        for d in sc.dept_ids:
            dep[d] = {"caseworkers": 0, "fte": 0.0, "cases": 0, "points": 0.0,
                      "capacity": 0.0, "overload_points": 0.0}
        for s, d in dept_of.items():
            r = dep[d]
            r["caseworkers"] += 1
            r["fte"] += sc.staff[s]["fte"]
            r["cases"] += w[s]["cases_after"]
            r["points"] += w[s]["points_after"]
            r["capacity"] += w[s]["capacity"]
            r["overload_points"] += max(0.0, w[s]["points_after"] - w[s]["capacity"])
        for d in sc.dept_ids:
            r = dep[d]
            r["utilisation"] = r["points"] / r["capacity"] if r["capacity"] > 0 else None
            r["fte_needed"] = r["points"] / sc.dept[d]["cap"]
        return {"workers": w, "depts": dep, "handovers": hand, "dept_of": dept_of}

    def check_caseworkers(self, tw, dept_of, derived):
        sc = self.sc
        w = derived["workers"]
        for row, line in zip(tw.rows, tw.lines):
            s = row["caseworker"]
            if s not in w:
                continue
            r = w[s]
            n = "caseworkers.csv"
            label = "Sagsbehandler %d" % (sorted(sc.staff_ids).index(s) + 1)
            if row["caseworker_name"] not in (sc.staff[s]["name"], label):
                self.bad("%s:%d: caseworker_name %r, input says %r"
                         % (n, line, row["caseworker_name"], sc.staff[s]["name"]))
            if row["unit"] != sc.staff[s]["unit"]:
                self.bad("%s:%d: unit %r, input says %r" % (n, line, row["unit"], sc.staff[s]["unit"]))
            self.num(tw, n, row, "fte", line, sc.staff[s]["fte"])
            self.num(tw, n, row, "capacity", line, r["capacity"])
            for col in ("cases_before", "cases_after", "cases_in", "cases_out"):
                self.num(tw, n, row, col, line, r[col], integer=True)
            for col in ("points_before", "points_after"):
                self.num(tw, n, row, col, line, r[col])
            self.num(tw, n, row, "utilisation", line, r["utilisation"])
            rank = sc.wish_rank(s, dept_of[s]) if s in dept_of and sc.wishes_count(s) else 0
            self.num(tw, n, row, "wish_rank", line, rank or None, integer=True)
            if n not in self.old:
                share = (round(r["cases_out"] / r["cases_before"], 6)
                         if sc.staying(s) and r["cases_before"] else None)
                self.num(tw, n, row, "share_out", line, share)

    def check_department_rows(self, td, dept_of, derived):
        sc = self.sc
        n = "departments.csv"
        ids = [row["department"] for row in td.rows]
        if ids != sc.dept_ids:
            self.bad("%s: departments %s, expected %s (input order)"
                     % (n, ",".join(ids), ",".join(sc.dept_ids)))
        for row, line in zip(td.rows, td.lines):
            d = row["department"]
            if d not in derived["depts"]:
                continue
            r = derived["depts"][d]
            if row["department_name"] != sc.dept[d]["name"]:
                self.bad("%s:%d: department_name %r, input says %r"
                         % (n, line, row["department_name"], sc.dept[d]["name"]))
            for col in ("caseworkers", "cases"):
                self.num(td, n, row, col, line, r[col], integer=True)
            for col in ("fte", "points", "capacity", "utilisation", "overload_points",
                        "fte_needed"):
                self.num(td, n, row, col, line, r[col])

    def check_handovers(self, th, derived):
        n = "handovers.csv"
        want = derived["handovers"]
        got = {}
        keys = []
        for row, line in zip(th.rows, th.lines):
            key = (row["from_caseworker"], row["to_caseworker"])
            keys.append(key)
            if key in got:
                self.bad("%s:%d: pair %s -> %s listed twice" % (n, line, key[0], key[1]))
                continue
            got[key] = row
            if key not in want:
                self.bad("%s:%d: no case goes from %s to %s" % (n, line, key[0] or "empty", key[1]))
                continue
            self.num(th, n, row, "cases", line, want[key], integer=True)
        for key in sorted(want):
            if key not in got:
                self.bad("%s: pair %s -> %s (%d cases) missing" % (n, key[0], key[1], want[key]))
        if keys != sorted(keys):
            self.bad("%s: rows not sorted by from then to" % n)

    # -- plan.json -------------------------------------------------------------------
    def jnum(self, where, v, want, integer=False):
        if want is None:
            if v not in (None, ""):
                self.bad("%s is %s, expected empty/null" % (where, json.dumps(v)))
            return
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.bad("%s is %s, expected the number %s" % (where, json.dumps(v), fmt(want)))
            return
        if integer:
            if v != int(want):
                self.bad("%s is %s, expected %d" % (where, json.dumps(v), want))
        elif not close(float(v), float(want)):
            self.bad("%s is %s, expected %s" % (where, json.dumps(v), fmt(want)))

    def same_rows(self, key, rows, t, cols):
        where = "plan.json: %s" % key
        if not isinstance(rows, list):
            self.bad("%s is not a list" % where)
            return
        if t is None:
            return
        if len(rows) != len(t.rows):
            self.bad("%s has %d rows, the CSV %d" % (where, len(rows), len(t.rows)))
        reported = 0
        for i, (jr, cr) in enumerate(zip(rows, t.rows)):
            if reported >= 20:
                self.bad("%s: more rows differ from the CSV" % where)
                break
            if not isinstance(jr, dict) or sorted(jr) != sorted(cols):
                self.bad("%s[%d] keys %s, expected %s"
                         % (where, i, ",".join(sorted(jr)) if isinstance(jr, dict) else jr,
                            ",".join(cols)))
                reported += 1
                continue
            for col in cols:
                if not self.same_value(jr[col], cr[col], t):
                    self.bad("%s[%d].%s is %s, the CSV says %r"
                             % (where, i, col, json.dumps(jr[col]), cr[col]))
                    reported += 1

    @staticmethod
    def same_value(v, cell, t):
        if v is None or v == "":
            return cell == ""
        if isinstance(v, bool):
            return cell in (("1", "true") if v else ("0", "false"))
        if isinstance(v, (int, float)):
            c = t.number(cell)
            return c is not None and close(float(v), c)
        if isinstance(v, str):
            return v == cell
        return False

    def check_plan_json(self, plan, levels, max_u, derived, ta, tw, td):
        sc = self.sc
        for key in ("scenario", "inputs", "solver", "kpis", "departments", "caseworkers",
                    "assignments"):
            if key not in plan:
                self.bad("plan.json: no %s" % key)
        self.check_json_scenario(plan.get("scenario"))
        if sc.max_utilisation is not None and max_u > sc.max_utilisation + 1e-6:
            self.bad("a caseworker's utilisation %.6f is above max_utilisation %s"
                     % (max_u, json.dumps(sc.max_utilisation)))
        self.check_inputs(plan.get("inputs"))
        self.check_solver(plan.get("solver"), levels)
        if "continuity_price" in plan:
            self.check_price(plan["continuity_price"], levels)
        k = plan.get("kpis")
        if isinstance(k, dict):
            n = len(sc.case_ids)
            want = {
                "cases": n,
                "moved": levels["moved"],
                "kept_share": (n - levels["moved"]) / n if n else 1.0,
                "max_utilisation": max_u,
                "overload_points": levels["overload_points"],
                "handover_pairs": len(derived["handovers"]),
                "fte_available": sum(sc.staff[s]["fte"] for s in sc.staff_ids if sc.staying(s)),
                "fte_needed": sum(r["fte_needed"] for r in derived["depts"].values()),
            }
            for key in KPI_KEYS:
                if key not in k:
                    self.bad("plan.json: kpis.%s missing" % key)
                elif key == "kept_share" and n == 0:
                    continue  # 0/0: any value
                else:
                    self.jnum("plan.json: kpis.%s" % key, k[key], want[key],
                              integer=key in ("cases", "moved", "handover_pairs"))
            self.check_wish_profile(k.get("wishes"), derived["dept_of"])
            for key in NEW_KPIS:
                if key not in k:
                    self.lacks("kpis." + key)
            if "move_cost" in k:
                self.jnum("plan.json: kpis.move_cost", k["move_cost"], self.cost)
            if "households" in k:
                self.check_household_kpis(k["households"])
        elif "kpis" in plan:
            self.bad("plan.json: kpis is not an object")
        if "departments" in plan:
            self.same_rows("departments", plan["departments"], td, DEPT_COLS)
        for key, t, cols in (("caseworkers", tw, WORKER_COLS), ("assignments", ta, ASSIGN_COLS)):
            if key in plan:
                if key + ".csv" in self.old:
                    cols = [c for c in cols if c not in NEW_COLS[key + ".csv"]]
                self.same_rows(key, plan[key], t, cols)
        for key in NEW_KEYS:
            if key not in plan:
                self.lacks("plan.json " + key)
        if "household_splits" in plan:
            self.check_splits(plan["household_splits"])
        if "equal_costs" in plan:
            self.check_equal_costs(plan["equal_costs"], levels)

    def check_household_kpis(self, got):
        """kpis.households: how many households, kept together, split, and united (two or
        more caseworkers today, one after)"""
        sc = self.sc
        if not isinstance(got, dict):
            self.bad("plan.json: kpis.households is not an object")
            return
        united = sum(1 for h, cases in sc.household.items() if h not in self.split and len(
            {sc.case[c]["from"] for c in cases if sc.case[c]["from"]}) > 1)
        want = {"households": len(sc.household), "together": len(sc.household) - len(self.split),
                "split": len(self.split), "united": united}
        if set(got) != set(want):
            self.bad("plan.json: kpis.households keys %s, expected %s"
                     % (sorted(got), sorted(want)))
        for key, v in want.items():
            if key in got:
                self.jnum("plan.json: kpis.households.%s" % key, got[key], v, integer=True)

    def check_splits(self, got):
        """household_splits: exactly the households split, each with its caseworkers
        after, sorted"""
        if not isinstance(got, list):
            self.bad("plan.json: household_splits is not a list")
            return
        seen = {}
        for i, e in enumerate(got):
            if (not isinstance(e, dict) or set(e) != {"household", "caseworkers"}
                    or not isinstance(e["household"], str)
                    or not isinstance(e["caseworkers"], list)):
                self.bad("plan.json: household_splits[%d] is not {\"household\", "
                         "\"caseworkers\"}" % i)
                continue
            h = e["household"]
            seen[h] = e["caseworkers"]
            if h not in self.split:
                self.bad("plan.json: household_splits names %s, which has one caseworker" % h)
            elif e["caseworkers"] != self.split[h]:
                self.bad("plan.json: household_splits: %s has caseworkers %s, the plan %s"
                         % (h, json.dumps(e["caseworkers"]), json.dumps(self.split[h])))
        for h in sorted(self.split):
            if h not in seen:
                self.bad("plan.json: household_splits lacks %s, split across %s"
                         % (h, ",".join(self.split[h])))

    def check_equal_costs(self, got, levels):
        """equal_costs: null without case costs; else the continuity level re-solved with
        every cost 1 under the same caps: moved, status, moved by segment"""
        sc = self.sc
        where = "plan.json: equal_costs"
        if not sc.weighting:
            if got is not None:
                self.bad("%s is %s, expected null (no case costs)" % (where, json.dumps(got)[:80]))
            return
        if not isinstance(got, dict) or set(got) != {"moved", "status", "by_segment"}:
            self.bad("%s is not {\"moved\", \"status\", \"by_segment\"}" % where)
            return
        moved, status, seg = got["moved"], got["status"], got["by_segment"]
        if isinstance(moved, bool) or not isinstance(moved, int) or moved < 0:
            self.bad("%s.moved %s is not a whole number >= 0" % (where, json.dumps(moved)))
            return
        if status not in ("optimal", "feasible"):
            self.bad("%s.status %s, expected optimal or feasible" % (where, json.dumps(status)))
        if not isinstance(seg, dict) or any(
                g not in sc.segments or isinstance(v, bool) or not isinstance(v, int) or v < 0
                for g, v in seg.items()):
            self.bad("%s.by_segment is not {segment: whole number >= 0}" % where)
        elif sum(seg.values()) != moved:
            self.bad("%s.by_segment adds up to %d, moved is %d"
                     % (where, sum(seg.values()), moved))
        if status == "optimal" and moved > levels["moved"]:
            # the plan keeps the same caps, so the fewest moves are no more than its own
            self.bad("%s.moved %d optimal, above the plan's %d moved under the same caps"
                     % (where, moved, levels["moved"]))

    def check_wish_profile(self, got, dept_of):
        """kpis.wishes: present exactly when some caseworker's wishes count; how many
        got their first, second, a later or none of their wishes."""
        sc = self.sc
        ranks = [sc.wish_rank(s, d) for s, d in dept_of.items() if sc.wishes_count(s)]
        if not ranks:
            if got is not None:
                self.bad("plan.json: kpis.wishes where no caseworker's wishes count")
            return
        if not isinstance(got, dict):
            self.bad("plan.json: kpis.wishes missing or not an object")
            return
        want = {"given": len(ranks), "first": ranks.count(1), "second": ranks.count(2),
                "third_or_later": sum(r >= 3 for r in ranks), "none": ranks.count(0)}
        if set(got) != set(want):
            self.bad("plan.json: kpis.wishes keys %s, expected %s"
                     % (sorted(got), sorted(want)))
        for key, v in want.items():
            if key in got:
                self.jnum("plan.json: kpis.wishes.%s" % key, got[key], v, integer=True)

    def check_price(self, points, levels):
        """continuity_price: empty unless the peak is above 100 % and caps come before
        continuity; else ceilings 2 and 5 points above the plan's peak, each with moves no
        more than the plan's (the plan keeps both ceilings) and a bound no more than them.
        The checker cannot recompute a point's moves: tests re-plan them with
        max_utilisation (tests/suites/ceiling.sh)."""
        order = self.sc.level_order()
        cont = self.sc.continuity_level()
        priced = levels["peak_utilisation"] > 1 + 1e-6 and cont in order and \
            "peak_utilisation" in order[:order.index(cont)]
        if not isinstance(points, list):
            self.bad("plan.json: continuity_price is not a list")
            return
        if not priced:
            if points:
                self.bad("plan.json: continuity_price should be empty (peak %s, priorities %s)"
                         % (fmt(levels["peak_utilisation"]), order))
            return
        if len(points) != 2:
            self.bad("plan.json: continuity_price has %d points, expected 2" % len(points))
            return
        for p, step in zip(points, (0.02, 0.05)):
            where = "plan.json: continuity_price at +%g" % step
            if not isinstance(p, dict) or p.get("status") not in ("optimal", "feasible"):
                self.bad("%s: not an object with status optimal or feasible" % where)
                continue
            self.jnum(where + ": max_utilisation", p.get("max_utilisation"),
                      levels["peak_utilisation"] + step)
            moved, bound = p.get("moved"), p.get("bound")
            if not all(isinstance(v, (int, float)) for v in (moved, bound)):
                self.bad("%s: moved and bound must be numbers" % where)
                continue
            if not self.sc.weighting and moved > levels["moved"]:
                # with case costs the point's fewest moves are not what continuity minimised
                self.bad("%s: moved %s above the plan's %d, which keeps that ceiling"
                         % (where, fmt(moved), levels["moved"]))
            mc = p.get("move_cost")
            if self.sc.weighting and isinstance(mc, (int, float)) and not isinstance(mc, bool) \
                    and mc > levels["move_cost"] + max(1e-6, 1e-6 * levels["move_cost"]):
                self.bad("%s: move_cost %s above the plan's %s, which keeps that ceiling"
                         % (where, fmt(mc), fmt(levels["move_cost"])))
            if bound > moved + 1e-6 or (p["status"] == "optimal" and bound < moved - 1e-6):
                self.bad("%s: bound %s against moved %s (%s)"
                         % (where, fmt(bound), fmt(moved), p["status"]))

    def check_json_scenario(self, js):
        sc = self.sc
        if not isinstance(js, dict):
            if js is not None:
                self.bad("plan.json: scenario is not an object")
            return
        if js.get("name") != sc.name:
            self.bad("plan.json: scenario.name %s, expected %s"
                     % (json.dumps(js.get("name")), json.dumps(sc.name)))
        if (js.get("title") or None) != (sc.title or None):
            self.bad("plan.json: scenario.title %s, expected %s"
                     % (json.dumps(js.get("title")), json.dumps(sc.title)))
        # as a scenario gives them: a name when its slack is 0, else {"level", "slack"}
        want = [p if sc.slack[p] == 0 else {"level": p, "slack": sc.slack[p]}
                for p in sc.priorities]
        got = js.get("priorities")
        same = isinstance(got, list) and len(got) == len(want) and all(
            g == w or (isinstance(g, dict) and isinstance(w, dict) and set(g) == set(w)
                       and g["level"] == w["level"] and isinstance(g["slack"], (int, float))
                       and close(g["slack"], w["slack"]))
            for g, w in zip(got, want))
        if not same:
            self.bad("plan.json: scenario.priorities %s, expected %s"
                     % (json.dumps(got), json.dumps(want)))
        for key, given, effective in (
                ("weights", sc.weights, lambda g: sc.weights.get(g, 1.0) if g in sc.segments else None),
                ("caps", sc.caps, lambda d: sc.dept[d]["cap"] if d in sc.dept else None)):
            m = js.get(key)
            if not isinstance(m, dict):
                self.bad("plan.json: scenario.%s is not an object" % key)
                continue
            for name in given:
                if name not in m:
                    self.bad("plan.json: scenario.%s.%s missing" % (key, name))
            for name, v in m.items():
                want = effective(name)
                if want is None:
                    self.bad("plan.json: scenario.%s names unknown %s" % (key, name))
                else:
                    self.jnum("plan.json: scenario.%s.%s" % (key, name), v, want)
        lv = js.get("leaves")
        if not isinstance(lv, list):
            self.bad("plan.json: scenario.leaves is not a list")
        else:
            for s in sc.leaves:
                if s not in lv:
                    self.bad("plan.json: scenario.leaves lacks %s" % s)
            for s in lv:
                if s in sc.staff and sc.staying(s) or s not in sc.staff and s not in sc.leaves:
                    self.bad("plan.json: scenario.leaves names %s, who is not leaving" % s)
        if sc.salary_per_fte is not None:
            self.jnum("plan.json: scenario.salary_per_fte", js.get("salary_per_fte"),
                      sc.salary_per_fte)
        if sc.max_utilisation is not None:
            self.jnum("plan.json: scenario.max_utilisation", js.get("max_utilisation"),
                      sc.max_utilisation)
        # the keys of case costs, households and max_cases_out, as the scenario gives them
        # (move_cost may name every segment with its effective cost, as weights do)
        for key in ("move_cost", "repeat_change_factor", "households", "max_cases_out"):
            if key not in sc.merged:
                continue
            given, got = sc.merged[key], js.get(key)
            if isinstance(given, dict):
                # as weights: every key given appears, every key present is the effective cost
                same = isinstance(got, dict) and set(given) <= set(got) and all(
                    g in sc.segments and isinstance(v, (int, float)) and not isinstance(v, bool)
                    and close(float(v), float(sc.move_cost.get(g, 1.0))) for g, v in got.items())
            elif isinstance(given, str):
                same = got == given
            else:
                same = isinstance(got, (int, float)) and close(float(got), float(given))
            if not same:
                self.bad("plan.json: scenario.%s %s, the scenario says %s"
                         % (key, json.dumps(got), json.dumps(given)))

    def check_inputs(self, inputs):
        sc = self.sc
        if not isinstance(inputs, list):
            if inputs is not None:
                self.bad("plan.json: inputs is not a list")
            return
        want = {}
        for role, path in sc.files:
            try:
                sha = sha256_of(path)
            except OSError as e:
                self.bad("cannot read %s: %s" % (path, e.strerror))
                continue
            want.setdefault(role, []).append((os.path.basename(path), sha))
        got = {}
        for i, e in enumerate(inputs):
            if not isinstance(e, dict) or not {"role", "path", "sha256"} <= set(e):
                self.bad("plan.json: inputs[%d] lacks role, path or sha256" % i)
                continue
            got.setdefault(e["role"], []).append(
                (os.path.basename(str(e["path"])), str(e["sha256"]).lower(), i))
        for role in set(want) | set(got):
            w = want.get(role, [])
            g = got.get(role, [])
            if role not in ("scenario", "extends", "departments", "staff", "cases"):
                self.bad("plan.json: inputs has unknown role %s" % role)
                continue
            if len(w) != len(g):
                self.bad("plan.json: inputs has %d %s entries, expected %d"
                         % (len(g), role, len(w)))
            wset = sorted(w)
            for base, sha, i in g:
                if (base, sha) in w:
                    continue
                shas = [x[1] for x in w if x[0] == base]
                if shas:
                    self.bad("plan.json: inputs[%d] (%s %s) sha256 %s, the file's is %s"
                             % (i, role, base, sha, shas[0]))
                else:
                    self.bad("plan.json: inputs[%d] (%s) names %s, expected %s"
                             % (i, role, base, " or ".join(x[0] for x in wset) or "nothing"))

    def check_solver(self, so, levels):
        if not isinstance(so, dict):
            if so is not None:
                self.bad("plan.json: solver is not an object")
            return
        status = so.get("status")
        if status not in ("optimal", "feasible"):
            self.bad("plan.json: solver.status %s, expected optimal or feasible" % json.dumps(status))
        sec = so.get("seconds")
        if isinstance(sec, bool) or not isinstance(sec, (int, float)) or sec < 0:
            self.bad("plan.json: solver.seconds %s is not a number >= 0" % json.dumps(sec))
        lv = so.get("levels")
        if not isinstance(lv, list):
            self.bad("plan.json: solver.levels missing or not a list")
            return
        names = [x.get("name") if isinstance(x, dict) else None for x in lv]
        order = self.sc.level_order()
        left_out = self.sc.levels_left_out()
        if names != order + left_out:
            self.bad("plan.json: solver.levels are %s, expected %s"
                     % (",".join(map(str, names)), ",".join(order + left_out)))
        gap_limit = so.get("gap_limit")
        if isinstance(gap_limit, bool) or not isinstance(gap_limit, (int, float)) \
                or not 0 <= gap_limit < 1:
            self.bad("plan.json: solver.gap_limit %s is not a number in [0,1)"
                     % json.dumps(gap_limit))
            gap_limit = None
        all_optimal = True
        solved = []
        for i, x in enumerate(lv):
            if not isinstance(x, dict):
                continue
            name = x.get("name")
            where = "plan.json: solver.levels[%d] (%s)" % (i, name)
            if name in left_out:
                # a priority left out: the plan's value, nothing solved
                if x.get("status") != "not_optimised" or set(x) != {"name", "status", "value"}:
                    self.bad("%s: a level not optimised has status not_optimised, name and "
                             "value only, got %s" % (where, json.dumps(x, sort_keys=True)))
                if name in levels:
                    self.jnum("%s.value" % where, x.get("value"), levels[name],
                              integer=name == "moved")
                continue
            solved.append(x)
            for key in ("name", "status", "value", "bound", "gap", "seconds", "slack",
                        "reached"):
                if key not in x:
                    self.bad("%s: no %s" % (where, key))
            if x.get("status") not in ("optimal", "feasible"):
                self.bad("%s: status %s" % (where, json.dumps(x.get("status"))))
            if x.get("status") != "optimal":
                all_optimal = False
            if name in levels:
                self.jnum("%s.value" % where, x.get("value"), levels[name],
                          integer=name == "moved")
            if name in LEVELS:
                self.jnum("%s.slack" % where, x.get("slack"),
                          self.sc.slack.get(LEVELS[name]["priority"], 0.0))
            b, v, g = x.get("bound"), x.get("value"), x.get("gap")
            if not all(isinstance(n, (int, float)) and not isinstance(n, bool)
                       for n in (b, v, g)):
                continue
            if b > v + max(1e-6, 1e-5 * abs(v)):
                self.bad("%s: bound %s above value %s" % (where, json.dumps(b), json.dumps(v)))
            # the gap is (value - bound) / |value| (each printed to 6 decimals), and
            # optimal means the bound meets the value
            if abs(g - max(0.0, v - b) / max(abs(v), 1e-9)) > 2e-6 + 2e-6 / max(abs(v), 1e-9):
                self.bad("%s: gap %s, but value %s and bound %s make it %s"
                         % (where, json.dumps(g), json.dumps(v), json.dumps(b),
                            fmt(max(0.0, v - b) / max(abs(v), 1e-9))))
            if x.get("status") == "optimal" and not close(b, v):
                self.bad("%s: status optimal, but bound %s is below value %s (gap %s)"
                         % (where, json.dumps(b), json.dumps(v), json.dumps(g)))
            self.check_held(where, name, x, levels, gap_limit)
        if status in ("optimal", "feasible") and (status == "optimal") != all_optimal:
            self.bad("plan.json: solver.status %s, but the levels are %s"
                     % (status, ",".join(str(x.get("status")) for x in solved)))
        if solved:
            last = solved[-1]
            for top, key in (("objective", "value"), ("bound", "bound"), ("gap", "gap")):
                a, b = so.get(top), last.get(key)
                same = (a == b) or (isinstance(a, (int, float)) and isinstance(b, (int, float))
                                    and close(float(a), float(b)))
                if not same:
                    self.bad("plan.json: solver.%s %s, but the last level's %s is %s"
                             % (top, json.dumps(a), key, json.dumps(b)))

    def check_held(self, where, name, x, levels, gap_limit):
        """The value reached when the level was solved is no less than its bound, and
        the plan's value (recomputed) no more than the level was held at: (1 + slack) x
        the value reached (overload: at least 0.5 %); the peak may also be let up to
        where its gap still accepts it, bound / (1 - gap_limit), when continuity
        needs room, and, when it was reached past the gap from its bound already,
        0.1 % above it (docs/formulation.md)."""
        r, b = x.get("reached"), x.get("bound")
        if name not in LEVELS or name not in levels or not all(
                isinstance(n, (int, float)) and not isinstance(n, bool) for n in (r, b)):
            return
        if r < b - max(1e-6, 1e-5 * abs(b)):
            self.bad("%s: reached %s below its bound %s" % (where, json.dumps(r), json.dumps(b)))
        most = held(name, r, self.sc.slack.get(LEVELS[name]["priority"], 0.0))
        if name == "peak_utilisation" and gap_limit is not None:
            most = max(most, b / (1 - gap_limit) + 1e-6)
            # past the gap: the engine decides on the unrounded figures
            if 0 < gap_limit < 1 and r > b / (1 - 0.99 * gap_limit) - 1e-6:
                most = max(most, r * (1 + PEAK_PAST_GAP) + 1e-6)
        v = levels[name]
        if v > most + max(1e-6, 1e-5 * abs(most)):
            self.bad("%s: the plan's value %s is above what the level was held at, %s "
                     "(reached %s, slack %s)" % (where, fmt(v), fmt(most), json.dumps(r),
                                                 json.dumps(x.get("slack"))))


def main(argv=None):
    ap = argparse.ArgumentParser(description="Check an omfordel plan against its scenario.")
    ap.add_argument("scenario")
    ap.add_argument("plan_dir")
    ap.add_argument("--levels-json", action="store_true",
                    help="print the recomputed priority-level values as JSON on stdout")
    a = ap.parse_args(argv)
    out = sys.stderr if a.levels_json else sys.stdout
    try:
        sc = Scenario(a.scenario)
    except InputError as e:
        print("check_plan: %s" % e, file=out)
        return 1
    ch = Checker(sc, a.plan_dir)
    ch.run()
    if a.levels_json and ch.levels is not None:
        print(json.dumps(ch.levels, sort_keys=True))
    for n in ch.notes:
        print("check_plan: note: %s" % n, file=sys.stderr)
    for p in ch.problems[:MAX_PRINTED]:
        print("check_plan: %s" % p, file=out)
    if len(ch.problems) > MAX_PRINTED:
        print("check_plan: ... and %d more problems" % (len(ch.problems) - MAX_PRINTED), file=out)
    if ch.problems:
        return 1
    print("check_plan: ok (%d cases, %d moved)" % (len(sc.case_ids), ch.n_moved), file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
