#!/usr/bin/env python3
"""mutate.py - break a copy of a plan in one named way, for the plan checker's self-test.

Usage:  mutate.py list [households]    the mutation names with the words the checker's
                                       output must contain, one "NAME<TAB>WORDS" a line
        mutate.py NAME PLAN_DIR        apply mutation NAME to the plan files in PLAN_DIR
        mutate.py run SCENARIO PLAN_DIR PREFIX [households]
                                       each mutation on a fresh copy, then the checker
                                       (its main(), in this process): "ok PREFIX-NAME" or
                                       "FAIL PREFIX-NAME: why" per mutation

The households mutations break the hand-made plan of households.json (plan-households/:
case costs, soft households, max_cases_out; the same decisions as plan/) in the rules those
add; they name its cases and households.

Each mutation edits assignments.csv / caseworkers.csv / departments.csv / handovers.csv /
plan.json in place. Mutations named *_both change the CSV and plan.json alike, so the
checker has to find the fault by recomputing, not by comparing the two. `excel` is no
fault: it rewrites the CSVs as --excel would (';', decimal comma, BOM); the plan stays valid.
It works on the hand-made plan in this folder and on any plan with the same shape.
"""
import csv
import io
import json
import os
import sys


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    sep = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    return rows[0], rows[1:]


def write_csv(path, header, rows, sep=",", bom=False):
    out = io.StringIO()
    w = csv.writer(out, delimiter=sep, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(("\ufeff" if bom else "") + out.getvalue())


class Plan:
    def __init__(self, d):
        self.d = d
        self.csv = {}
        for name in ("assignments", "caseworkers", "departments", "handovers"):
            self.csv[name] = read_csv(os.path.join(d, name + ".csv"))
        with open(os.path.join(d, "plan.json"), encoding="utf-8") as f:
            self.json = json.load(f)

    def save(self):
        for name, (h, rows) in self.csv.items():
            write_csv(os.path.join(self.d, name + ".csv"), h, rows)
        with open(os.path.join(self.d, "plan.json"), "w", encoding="utf-8") as f:
            json.dump(self.json, f, indent=1, ensure_ascii=False)

    # row access -------------------------------------------------------------------
    def rows(self, table):
        return self.csv[table][1]

    def col(self, table, name):
        return self.csv[table][0].index(name)

    def find(self, table, key, value):
        """index of the first CSV row whose column key equals value"""
        k = self.col(table, key)
        for i, r in enumerate(self.rows(table)):
            if r[k] == value:
                return i
        raise KeyError("%s: no %s %s" % (table, key, value))

    def set_csv(self, table, i, name, value):
        self.rows(table)[i][self.col(table, name)] = value

    def get_csv(self, table, i, name):
        return self.rows(table)[i][self.col(table, name)]

    def set_both(self, table, i, name, value, jvalue=None):
        self.set_csv(table, i, name, value)
        if jvalue is None:
            try:
                jvalue = json.loads(value) if value != "" else None
            except ValueError:
                jvalue = value
        self.json[table][i][name] = jvalue

    # mutations ---------------------------------------------------------------------
    def first_kept(self, pinned=False):
        """a kept case, not pinned unless asked; its row index"""
        r = self.col("assignments", "reason")
        for i, row in enumerate(self.rows("assignments")):
            if row[r] == ("pinned" if pinned else "kept"):
                return i
        raise KeyError("no %s case" % ("pinned" if pinned else "kept"))

    def staying_other(self, cw, department=None):
        """another staying caseworker (in the given department, when given)"""
        dc = self.col("caseworkers", "department")
        for row in self.rows("caseworkers"):
            if row[dc] != "" and row[0] != cw and (department is None or row[dc] == department):
                return row[0]
        raise KeyError("no other caseworker")

    def join(self, cw, dep):
        """caseworker cw to department dep, with its assignments, in the CSV and plan.json"""
        self.set_both("caseworkers", self.find("caseworkers", "caseworker", cw), "department",
                      dep, dep)
        for i, row in enumerate(self.rows("assignments")):
            if row[self.col("assignments", "to_caseworker")] == cw:
                self.set_both("assignments", i, "to_department", dep, dep)

    def level(self, name=None):
        """plan.json's solver level of that name (the last one when None)"""
        lv = self.json["solver"]["levels"]
        return lv[-1] if name is None else [x for x in lv if x["name"] == name][0]

    def move_case(self, i, to):
        """move assignment row i to caseworker `to` in both the CSV and plan.json"""
        dep = self.get_csv("caseworkers", self.find("caseworkers", "caseworker", to), "department")
        self.set_both("assignments", i, "to_caseworker", to, to)
        self.set_both("assignments", i, "to_department", dep, dep)
        self.set_both("assignments", i, "moved", "1", 1)


def m_drop_case_both(p):
    i = p.first_kept()
    del p.rows("assignments")[i]
    del p.json["assignments"][i]


def m_drop_case_csv(p):
    del p.rows("assignments")[p.first_kept()]


def m_duplicate_case(p):
    i = p.first_kept()
    p.rows("assignments").insert(i, list(p.rows("assignments")[i]))
    p.json["assignments"].insert(i, dict(p.json["assignments"][i]))


def m_load_off_by_one_both(p):
    i = p.find("caseworkers", "caseworker", p.get_csv("assignments", p.first_kept(), "to_caseworker"))
    n = int(p.get_csv("caseworkers", i, "cases_after")) + 1
    p.set_both("caseworkers", i, "cases_after", str(n), n)


def m_points_off_both(p):
    i = p.find("caseworkers", "caseworker", p.get_csv("assignments", p.first_kept(), "to_caseworker"))
    v = float(p.get_csv("caseworkers", i, "points_after")) + 1
    p.set_both("caseworkers", i, "points_after", "%g" % v, v)


def m_pinned_moved_both(p):
    i = p.first_kept(pinned=True)
    cw = p.get_csv("assignments", i, "from_caseworker")
    dep = p.get_csv("assignments", i, "to_department")
    p.move_case(i, p.staying_other(cw, dep))
    p.set_both("assignments", i, "reason", "over_cap", "over_cap")


def m_wrong_reason_both(p):
    r = p.col("assignments", "reason")
    for i, row in enumerate(p.rows("assignments")):
        if row[r] == "over_cap":
            p.set_both("assignments", i, "reason", "department_change", "department_change")
            return
    p.set_both("assignments", p.first_kept(), "reason", "pinned", "pinned")


def m_reason_kept_for_leaver_both(p):
    r = p.col("assignments", "reason")
    for i, row in enumerate(p.rows("assignments")):
        if row[r] == "caseworker_leaves":
            p.set_both("assignments", i, "reason", "over_cap", "over_cap")
            return
    raise KeyError("no case of a leaver")


def m_moved_flag_both(p):
    p.set_both("assignments", p.first_kept(), "moved", "1", 1)


def m_wrong_kpi(p):
    p.json["kpis"]["moved"] += 1


def m_wrong_kpi_share(p):
    p.json["kpis"]["kept_share"] = p.json["kpis"]["kept_share"] + 0.01


def m_wrong_kpi_fte(p):
    p.json["kpis"]["fte_available"] += 0.5


def m_wrong_sha256(p):
    e = p.json["inputs"][-1]
    e["sha256"] = ("0" if e["sha256"][0] != "0" else "1") + e["sha256"][1:]


def m_missing_input(p):
    p.json["inputs"] = [e for e in p.json["inputs"] if e["role"] != "staff"]


def m_wrong_level(p):
    for lv in p.json["solver"]["levels"]:
        if lv["name"] == "balance":
            lv["value"] += 0.1


def m_missing_level(p):
    p.json["solver"]["levels"] = [lv for lv in p.json["solver"]["levels"]
                                  if lv["name"] != "moved"]


def m_bad_status(p):
    p.json["solver"]["status"] = "infeasible"


def m_optimal_claim(p):
    p.json["solver"]["levels"][-1]["status"] = "feasible"
    p.json["solver"]["status"] = "optimal"


def m_json_differs(p):
    i = p.first_kept()
    p.json["assignments"][i]["to_caseworker"] = p.staying_other(
        p.json["assignments"][i]["to_caseworker"])


def m_to_department_both(p):
    i = p.first_kept()
    dep = p.get_csv("assignments", i, "to_department")
    other = [r[0] for r in p.rows("departments") if r[0] != dep][0]
    p.set_both("assignments", i, "to_department", other, other)


def m_to_leaver_both(p):
    dc = p.col("caseworkers", "department")
    leaver = [r[0] for r in p.rows("caseworkers") if r[dc] == ""][0]
    i = p.first_kept()
    p.set_both("assignments", i, "to_caseworker", leaver, leaver)
    p.set_both("assignments", i, "moved", "1", 1)


def m_not_served_both(p):
    """a case kept by a caseworker whose department does not serve its segment"""
    r = p.col("assignments", "reason")
    for i, row in enumerate(p.rows("assignments")):
        if row[r] == "department_change":
            cw = p.get_csv("assignments", i, "from_caseworker")
            p.move_case(i, cw)
            p.set_both("assignments", i, "moved", "0", 0)
            p.set_both("assignments", i, "reason", "kept", "kept")
            return
    raise KeyError("no department_change case")


def m_fixed_department_both(p):
    """move the caseworker fixed to Rehab (s4 in the hand plan) to Job"""
    i = p.find("caseworkers", "caseworker", "s4")
    p.set_both("caseworkers", i, "department", "Job", "Job")


def m_unqualified_both(p):
    """s2 (qualified for jobparat and sygedagpenge_1) joins Rehab, takes an aktivitetsparat
    case there, and hands its jobparat cases to s1"""
    p.join("s2", "Rehab")
    for i, row in enumerate(p.rows("assignments")):
        c, seg = row[p.col("assignments", "case")], row[p.col("assignments", "segment")]
        if c == "c11":  # aktivitetsparat, s2's own
            p.move_case(i, "s2")
            p.set_both("assignments", i, "moved", "0", 0)
            p.set_both("assignments", i, "reason", "kept", "kept")
        elif row[p.col("assignments", "to_caseworker")] == "s2" and seg == "jobparat":
            p.move_case(i, "s1")


def m_fte_bound_both(p):
    """s2 (0.5 FTE, eligible for Rehab through sygedagpenge_1) joins Rehab, max_fte 1, where
    s4 (1 FTE) is fixed; s2's cases go to s1"""
    for i, row in enumerate(p.rows("assignments")):
        if row[p.col("assignments", "to_caseworker")] == "s2":
            p.move_case(i, "s1")
    p.join("s2", "Rehab")


def m_over_ceiling_both(p):
    """every jobparat case that is not pinned to s2 (capacity 2.5): utilisation 2 or more,
    above max_utilisation 1.3"""
    for i, row in enumerate(p.rows("assignments")):
        if row[p.col("assignments", "segment")] == "jobparat" and row[
                p.col("assignments", "reason")] != "pinned":
            p.move_case(i, "s2")


def m_false_optimal(p):
    """the last level claims optimal on a bound 10 % below its value (gap consistent)"""
    x = p.level()
    if x["status"] == "optimal":
        x["bound"] = round(x["value"] * 0.9, 6)
        x["gap"] = round((x["value"] - x["bound"]) / x["value"], 6)
    x["status"] = "optimal"
    so = p.json["solver"]
    so["status"] = "optimal" if all(y["status"] == "optimal" for y in so["levels"]) else "feasible"
    so["bound"], so["gap"] = x["bound"], x["gap"]


def m_wrong_gap(p):
    """the last level's gap is not (value - bound) / value"""
    x = p.level()
    x["gap"] = round(x["gap"] + 0.05, 6)
    p.json["solver"]["gap"] = x["gap"]


def m_beyond_slack(p):
    """the peak level says it reached less than the plan's peak: held at that, with its
    slack 0, the plan's peak is above it"""
    x = p.level("peak_utilisation")
    x["reached"] = x["bound"] = round(x["value"] - 0.05, 6)
    x["gap"] = round((x["value"] - x["bound"]) / x["value"], 6)
    x["status"] = "feasible"
    p.json["solver"]["status"] = "feasible"


def m_wrong_slack(p):
    """a level reports a slack its priority was not given"""
    p.level("moved")["slack"] = 0.02


def m_not_optimised_claim(p):
    """a level of the priorities is written as not optimised"""
    x = p.level("balance")
    for key in ("bound", "gap", "seconds", "slack", "reached"):
        del x[key]
    x["status"] = "not_optimised"


def m_weight_both(p):
    i = p.first_kept()
    v = float(p.get_csv("assignments", i, "weight")) + 1
    p.set_both("assignments", i, "weight", "%g" % v, v)


def m_segment_both(p):
    i = p.first_kept()
    p.set_both("assignments", i, "segment", "sygedagpenge_1", "sygedagpenge_1")


def m_segment_before_both(p):
    i = p.first_kept()
    p.set_both("assignments", i, "segment_before", "ledighedsydelse", "ledighedsydelse")


def m_caseworker_name_both(p):
    p.set_both("caseworkers", 0, "caseworker_name", "Someone Else", "Someone Else")


def m_wish_rank_both(p):
    p.set_both("caseworkers", 0, "wish_rank", "1", 1)


def m_wishes_kpi(p):
    p.json["kpis"]["wishes"] = {"given": 1, "first": 1, "second": 0, "third_or_later": 0,
                                "none": 0}


def m_department_name_both(p):
    p.set_both("departments", 0, "department_name", "Another", "Another")


def m_unsorted_both(p):
    a = p.rows("assignments")
    a[0], a[1] = a[1], a[0]
    j = p.json["assignments"]
    j[0], j[1] = j[1], j[0]


def m_handover_missing(p):
    del p.rows("handovers")[0]


def m_handover_count(p):
    p.set_csv("handovers", 0, "cases", str(int(p.get_csv("handovers", 0, "cases")) + 1))


def m_department_utilisation_both(p):
    v = float(p.get_csv("departments", 0, "utilisation")) + 0.01
    p.set_both("departments", 0, "utilisation", "%g" % v, v)


def m_department_overload_both(p):
    v = float(p.get_csv("departments", 0, "overload_points")) + 1
    p.set_both("departments", 0, "overload_points", "%g" % v, v)


def m_caseworker_missing_both(p):
    del p.rows("caseworkers")[0]
    del p.json["caseworkers"][0]


def m_leaver_department_both(p):
    dc = p.col("caseworkers", "department")
    i = [k for k, r in enumerate(p.rows("caseworkers")) if r[dc] == ""][0]
    p.set_both("caseworkers", i, "department", "Job", "Job")


def m_utilisation_both(p):
    i = p.find("caseworkers", "caseworker", p.get_csv("assignments", p.first_kept(), "to_caseworker"))
    v = float(p.get_csv("caseworkers", i, "utilisation")) * 1.001
    p.set_both("caseworkers", i, "utilisation", "%.6f" % v, v)


def m_seven_decimals(p):
    i = p.find("caseworkers", "caseworker", p.get_csv("assignments", p.first_kept(), "to_caseworker"))
    v = float(p.get_csv("caseworkers", i, "utilisation"))
    p.set_csv("caseworkers", i, "utilisation", "%.7f" % (v + 1e-7))


def m_scenario_name(p):
    p.json["scenario"]["name"] += "-x"


def m_header(p):
    h = p.csv["assignments"][0]
    h[-2], h[-1] = h[-1], h[-2]
    for r in p.rows("assignments"):
        r[-2], r[-1] = r[-1], r[-2]


def m_excel(p):
    """not a fault: the CSVs as --excel writes them"""
    for name, (h, rows) in p.csv.items():
        rows = [[c.replace(".", ",") if c.replace(".", "").isdigit() else c for c in r]
                for r in rows]
        p.csv[name] = (h, rows)
    p.save()
    for name, (h, rows) in p.csv.items():
        write_csv(os.path.join(p.d, name + ".csv"), h, rows, sep=";", bom=True)
    return "saved"


# households.json's hand plan (plan-households/): h1 = c02 (pinned to s1) and c08 (s5's, a
# leaver's), both with s1 (united); h2 = c05 (jobparat, s2) and c10 (aktivitetsparat, s4), which
# no department serves together (split in soft mode); h3 = c09 and c11, both with s4.
def m_household_split_both(p):
    """h1 split: c08 to s2, though s1 may hold the household whole"""
    p.move_case(p.find("assignments", "case", "c08"), "s2")


def m_splits_missing(p):
    p.json["household_splits"] = []


def m_splits_extra(p):
    p.json["household_splits"].insert(0, {"household": "h1", "caseworkers": ["s1"]})


def m_splits_caseworkers(p):
    p.json["household_splits"][0]["caseworkers"] = ["s4", "s2"]


def m_households_united(p):
    p.json["kpis"]["households"]["united"] += 1


def m_households_split_kpi(p):
    k = p.json["kpis"]["households"]
    k["split"], k["together"] = k["split"] - 1, k["together"] + 1


def m_cases_out_both(p):
    """s2 (4 cases, max_cases_out 0.5: at most 2 out, and c11, aktivitetsparat, which s2 is
    not qualified for) hands c04 and c05 to s1 too: 4 out"""
    for c in ("c04", "c05"):
        i = p.find("assignments", "case", c)
        p.move_case(i, "s1")
        p.set_both("assignments", i, "reason", "over_cap", "over_cap")


def m_move_cost_both(p):
    """c09 (aktivitetsparat x 3, changes_12m 2 x 0.5) costs 6, not 3"""
    p.set_both("assignments", p.find("assignments", "case", "c09"), "move_cost", "3", 3)


def m_kpi_move_cost(p):
    p.json["kpis"]["move_cost"] -= 1


def m_level_move_cost(p):
    x = p.level("move_cost")
    x["value"] = x["bound"] = x["reached"] = 11  # the cost of the moves without changes_12m


def m_level_named_moved(p):
    p.level("move_cost")["name"] = "moved"


def m_household_column_both(p):
    p.set_both("assignments", p.find("assignments", "case", "c01"), "household", "h9", "h9")


def m_share_out_both(p):
    p.set_both("caseworkers", p.find("caseworkers", "caseworker", "s2"), "share_out", "0.25",
               0.25)


def m_equal_costs_sum(p):
    p.json["equal_costs"]["by_segment"]["jobparat"] += 1


def m_equal_costs_null(p):
    p.json["equal_costs"] = None


def m_equal_costs_above(p):
    """equal costs claim an optimum of more moves than the plan's own"""
    e = p.json["equal_costs"]
    e["moved"] += 1
    e["by_segment"]["jobparat"] += 1


def m_scenario_echo(p):
    p.json["scenario"]["max_cases_out"] = 0.6


def m_columns_before(p):
    """the assignments as a plan from before case costs: a scenario that uses them refuses it"""
    h, rows = p.csv["assignments"]
    p.csv["assignments"] = (h[:-2], [r[:-2] for r in rows])
    for a in p.json["assignments"]:
        del a["move_cost"], a["household"]


HOUSEHOLD_MUTATIONS = [
    ("household_split_both", m_household_split_both, "household h1"),
    ("splits_missing", m_splits_missing, "household_splits lacks h2"),
    ("splits_extra", m_splits_extra, "household_splits names h1"),
    ("splits_caseworkers", m_splits_caseworkers, "household_splits: h2"),
    ("households_united", m_households_united, "kpis.households.united"),
    ("households_split_kpi", m_households_split_kpi, "kpis.households.split"),
    ("cases_out_both", m_cases_out_both, "max_cases_out"),
    ("move_cost_both", m_move_cost_both, "move_cost"),
    ("kpi_move_cost", m_kpi_move_cost, "kpis.move_cost"),
    ("level_move_cost", m_level_move_cost, "(move_cost).value"),
    ("level_named_moved", m_level_named_moved, "solver.levels are"),
    ("household_column_both", m_household_column_both, "household h9"),
    ("share_out_both", m_share_out_both, "share_out"),
    ("equal_costs_sum", m_equal_costs_sum, "equal_costs.by_segment"),
    ("equal_costs_null", m_equal_costs_null, "equal_costs"),
    ("equal_costs_above", m_equal_costs_above, "equal_costs.moved"),
    ("scenario_echo", m_scenario_echo, "scenario.max_cases_out"),
    ("columns_before", m_columns_before, "the plan lacks"),
]

MUTATIONS = [
    ("drop_case_both", m_drop_case_both, "missing"),
    ("drop_case_csv", m_drop_case_csv, "missing"),
    ("duplicate_case", m_duplicate_case, "twice"),
    ("load_off_by_one_both", m_load_off_by_one_both, "cases_after"),
    ("points_off_both", m_points_off_both, "points_after"),
    ("pinned_moved_both", m_pinned_moved_both, "pinned"),
    ("wrong_reason_both", m_wrong_reason_both, "reason"),
    ("reason_for_leaver_both", m_reason_kept_for_leaver_both, "caseworker_leaves"),
    ("moved_flag_both", m_moved_flag_both, "moved"),
    ("wrong_kpi_moved", m_wrong_kpi, "kpis.moved"),
    ("wrong_kpi_kept_share", m_wrong_kpi_share, "kpis.kept_share"),
    ("wrong_kpi_fte_available", m_wrong_kpi_fte, "kpis.fte_available"),
    ("wrong_sha256", m_wrong_sha256, "sha256"),
    ("missing_input", m_missing_input, "inputs"),
    ("wrong_level_value", m_wrong_level, "balance"),
    ("missing_level", m_missing_level, "levels"),
    ("bad_status", m_bad_status, "solver.status"),
    ("optimal_claim", m_optimal_claim, "solver.status"),
    ("json_differs_from_csv", m_json_differs, "the CSV says"),
    ("to_department_both", m_to_department_both, "to_department"),
    ("to_leaver_both", m_to_leaver_both, "not a staying caseworker"),
    ("not_served_both", m_not_served_both, "does not serve"),
    ("fixed_department_both", m_fixed_department_both, "fixed"),
    ("unqualified_both", m_unqualified_both, "not qualified"),
    ("fte_bound_both", m_fte_bound_both, "above max_fte"),
    ("over_ceiling_both", m_over_ceiling_both, "above max_utilisation"),
    ("false_optimal", m_false_optimal, "status optimal, but bound"),
    ("wrong_gap", m_wrong_gap, "gap"),
    ("beyond_slack", m_beyond_slack, "above what the level was held at"),
    ("wrong_slack", m_wrong_slack, "slack"),
    ("not_optimised_claim", m_not_optimised_claim, "status"),
    ("weight_both", m_weight_both, "weight"),
    ("segment_both", m_segment_both, "segment"),
    ("segment_before_both", m_segment_before_both, "segment_before"),
    ("caseworker_name_both", m_caseworker_name_both, "caseworker_name"),
    ("wish_rank_both", m_wish_rank_both, "wish_rank"),
    ("wishes_kpi", m_wishes_kpi, "kpis.wishes"),
    ("department_name_both", m_department_name_both, "department_name"),
    ("unsorted_both", m_unsorted_both, "sorted"),
    ("handover_missing", m_handover_missing, "missing"),
    ("handover_count", m_handover_count, "handovers.csv"),
    ("department_utilisation_both", m_department_utilisation_both, "utilisation"),
    ("department_overload_both", m_department_overload_both, "overload_points"),
    ("caseworker_missing_both", m_caseworker_missing_both, "missing"),
    ("leaver_department_both", m_leaver_department_both, "leaver"),
    ("utilisation_both", m_utilisation_both, "utilisation"),
    ("seven_decimals", m_seven_decimals, "6 decimals"),
    ("scenario_name", m_scenario_name, "scenario.name"),
    ("header_order", m_header, "header"),
]


def run_all(scenario, plan_dir, prefix, mutations):
    """apply each mutation to a fresh copy of plan_dir and run the checker on it (in this
    process, through its main()); print ok/FAIL per mutation"""
    import contextlib
    import shutil
    import tempfile
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", "..", "..", "tools"))
    sys.dont_write_bytecode = True
    import check_plan
    tmp = tempfile.mkdtemp(prefix="mutate-")
    try:
        for name, fn, words in mutations:
            label = "%s-%s" % (prefix, name)
            work = os.path.join(tmp, name)
            shutil.copytree(plan_dir, work)
            try:
                p = Plan(work)
                fn(p)
                p.save()
            except Exception as e:  # noqa: BLE001 - a mutation that does not fit this plan
                print("FAIL %s: mutation could not be applied: %r" % (label, e))
                continue
            out = io.StringIO()
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                    code = check_plan.main([scenario, work])
            except Exception as e:  # noqa: BLE001
                print("FAIL %s: checker crashed: %r" % (label, e))
                continue
            lines = [x for x in out.getvalue().splitlines() if x.startswith("check_plan: ")]
            if code != 1:
                print("FAIL %s: checker exit %s, expected 1: %s" % (label, code, lines[:3]))
            elif not any(words in x for x in lines):
                print('FAIL %s: no problem line mentions "%s": %s' % (label, words, lines[:5]))
            else:
                print("ok %s" % label)
            sys.stdout.flush()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    which = HOUSEHOLD_MUTATIONS if sys.argv[-1] == "households" else MUTATIONS
    if len(sys.argv) in (5, 6) and sys.argv[1] == "run":
        run_all(sys.argv[2], sys.argv[3], sys.argv[4], which)
        return 0
    if sys.argv[1:2] == ["list"] and len(sys.argv) <= 3:
        for name, _, words in which:
            print("%s\t%s" % (name, words))
        return 0
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    name, d = sys.argv[1], sys.argv[2]
    p = Plan(d)
    if name == "excel":
        m_excel(p)
        return 0
    for n, fn, _ in MUTATIONS + HOUSEHOLD_MUTATIONS:
        if n == name:
            fn(p)
            p.save()
            return 0
    print("mutate.py: unknown mutation %s" % name, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
