"""report_kpis.py - which of plan.json's KPIs report.html shows: the tests that read the
report in a browser (suites/report.sh, suites/serve_browser.sh) hold it to these."""


def weighted(plan):
    """whether the plan's scenario weighs the cost of a change (move_cost, repeat_change_factor)"""
    scen = plan["scenario"]
    return "move_cost" in scen or scen.get("repeat_change_factor", 0) > 0


def report_kpis(plan):
    """(shown, hidden): the KPIs the report shows, named as its data-kpi ("households.split"
    for a member of an object) with plan.json's values, and those it must not show:
    move_cost where no costs are weighted (it is moved there), the wishes (their own
    section), the households where cases.csv has none."""
    costs = weighted(plan)
    kpis = {}
    for k, v in plan["kpis"].items():
        for kk, vv in (v.items() if isinstance(v, dict) else [(None, v)]):
            kpis[k + "." + kk if kk else k] = vv
    households = kpis.get("households.households", 0)
    hide = lambda k: (k == "move_cost" and not costs) or k.startswith("wishes.") or \
        (k.startswith("households.") and not households)
    return ({k: v for k, v in kpis.items() if not hide(k)},
            {k for k in kpis if hide(k)})
