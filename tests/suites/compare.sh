#!/bin/sh
# compare.sh - omfordel compare: scenarios side by side, a scenario without a plan as its
# own column, every number equal to that scenario's plan.json, all files or none.
. "$(dirname "$0")/../suite_lib.sh"
printf 'checks 30\n'

cd "$tmp" || exit 2
"$gen" --cases 300 --caseworkers 12 --seed 5 --pinned-share 0.05 --out g --name small >/dev/null
cat >g/tight.json <<'JSON'
{"name": "tight", "extends": "scenario.json", "caps": {"Job": 30, "Uddannelse": 30},
 "salary_per_fte": 520000}
JSON
# a pinned case whose caseworker leaves: no plan can exist (exit 1 from plan)
holder=$(awk -F, 'NR > 1 && $5 == "1" { print $2; exit }' g/cases.csv)
printf '{"name": "impossible", "extends": "scenario.json", "leaves": ["%s"]}\n' "$holder" \
    >g/impossible.json

"$bin" compare g/scenario.json g/tight.json g/impossible.json -o out -q --time-limit 20 \
    >stdout 2>stderr
code=$?
check "compare exits 0 with one scenario impossible (exit $code)" [ "$code" -eq 0 ]
check "no sanitizer report" clean stderr
for f in comparison.csv comparison.json comparison.md comparison.html small/plan.json \
    tight/plan.json tight/report.html; do
    check "writes $f" [ -s "out/$f" ]
done
check "no plan folder for the impossible scenario" [ ! -e out/impossible ]

# Every measure of comparison.csv against the scenario's own plan.json.
why=$(python3 - out 2>&1 <<'PY'
import csv, json, sys
out = sys.argv[1]
rows = list(csv.reader(open(out + "/comparison.csv", encoding="utf-8")))
head, table = rows[0], {r[0]: r[1:] for r in rows[1:]}
bad = []
if head != ["measure", "small", "tight", "impossible"]:
    bad.append("header %s" % head)
def num(s):
    return float(s) if s != "" else None
for col, name in enumerate(head[1:]):
    if name == "impossible":
        if table["status"][col] != "no plan":
            bad.append("impossible: status %r" % table["status"][col])
        if "pinned" not in table["reason"][col]:
            bad.append("impossible: reason %r" % table["reason"][col])
        continue
    plan = json.load(open("%s/%s/plan.json" % (out, name)))
    # kpis' objects as rows "households_split" ("households" for households.households);
    # move_cost only where a plan weighs costs, households where a plan has them
    kpis = {}
    for k, v in plan["kpis"].items():
        for kk, vv in (v.items() if isinstance(v, dict) else [(None, v)]):
            kpis[k if kk in (None, k) else k + "_" + kk] = vv
    for k, v in kpis.items():
        if k == "move_cost" or k.startswith("households"):
            if k in table:
                bad.append("%s: row %s without costs or households" % (name, k))
            continue
        if k not in table:
            bad.append("%s: no row %s" % (name, k)); continue
        if abs(num(table[k][col]) - v) > 1e-9:
            bad.append("%s: %s %s != %s" % (name, k, table[k][col], v))
    if table["status"][col] != plan["solver"]["status"]:
        bad.append("%s: status" % name)
    if abs(num(table["gap"][col]) - plan["solver"]["gap"]) > 1e-9:
        bad.append("%s: gap" % name)
    deps = plan["departments"]
    for k, field in (("capacity", "capacity"), ("demand", "points")):
        if abs(num(table[k][col]) - sum(d[field] for d in deps)) > 1e-4:
            bad.append("%s: %s" % (name, k))
    staying = [w for w in plan["caseworkers"] if w["department"]]
    if num(table["caseworkers"][col]) != len(staying):
        bad.append("%s: caseworkers" % name)
    salary = plan["scenario"]["salary_per_fte"]
    cost = table["yearly_cost"][col]
    want = "" if not salary else plan["kpis"]["fte_available"] * salary
    if (cost == "") != (want == "") or (cost and abs(float(cost) - want) > 1e-3):
        bad.append("%s: yearly_cost %r, want %r" % (name, cost, want))
    for d in deps:
        us = [w["utilisation"] for w in staying if w["department"] == d["department"]]
        if abs(num(table["utilisation:" + d["department"]][col]) - d["utilisation"]) > 1e-9:
            bad.append("%s: utilisation:%s" % (name, d["department"]))
        if us and abs(num(table["peak_utilisation:" + d["department"]][col]) - max(us)) > 1e-9:
            bad.append("%s: peak_utilisation:%s" % (name, d["department"]))
        if us and abs(num(table["lowest_utilisation:" + d["department"]][col]) - min(us)) > 1e-9:
            bad.append("%s: lowest_utilisation:%s" % (name, d["department"]))
        above = sum(1 for u in us if u > 1 + 5e-7)
        if num(table["above_cap:" + d["department"]][col]) != above:
            bad.append("%s: above_cap:%s" % (name, d["department"]))
a = {r["case"]: r["to_caseworker"] for r in json.load(open(out + "/small/plan.json"))["assignments"]}
b = json.load(open(out + "/tight/plan.json"))["assignments"]
changed = sum(1 for r in b if a.get(r["case"]) != r["to_caseworker"])
if table["different_caseworker_than_first"][1] != str(changed):
    bad.append("different caseworker %s != %d" % (table["different_caseworker_than_first"][1], changed))
j = json.load(open(out + "/comparison.json"))
if [s["status"] for s in j["scenarios"]] != table["status"]:
    bad.append("comparison.json status differs from comparison.csv")
print("; ".join(bad))
PY
) || why="the checker failed: $why"
check "every measure equals the scenario's plan files${why:+: $why}" [ -z "$why" ]

check "comparison.md has the table with a difference" grep -q '^| Sager | 300 | 300 |' out/comparison.md
check "comparison.md shows differences against the first" grep -q '(+[0-9]' out/comparison.md
check "html is Danish by default" grep -q '<html lang="da">' out/comparison.html
check "no case id in the html" sh -c '! grep -q -E "c[0-9]{7}" out/comparison.html'
check "html fetches nothing" sh -c '! grep -q -i -E "<script|src=|href=" out/comparison.html'
check "html names why there is no plan" grep -q 'pinned' out/comparison.html

# An existing plan.json is taken as it is; --lang en.
"$bin" compare out/small/plan.json g/tight.json -o out2 -q --lang en >/dev/null 2>&1
code=$?
check "compare takes an existing plan.json (exit $code)" [ "$code" -eq 0 ]
check "html in English with --lang en" grep -q '<html lang="en">' out2/comparison.html
check "comparison.json names the plan.json taken" grep -q '"plan": "out/small/plan.json"' \
    out2/comparison.json
grep '^moved,' out/comparison.csv | cut -d, -f2-3 >m1
grep '^moved,' out2/comparison.csv | cut -d, -f2-3 >m2
check "the same plans give the same numbers" cmp -s m1 m2

# Costs weighted and households (issue 19): the plan's own costs, moved by segment beside
# equal costs, households and the largest share handed away, each as the plan files say.
"$gen" --cases 300 --caseworkers 12 --seed 5 --out h --name plain --households 0.3 \
    --changes-12m >/dev/null
printf '{"name": "weighted", "extends": "scenario.json", "move_cost": {"aktivitetsparat": 3},
 "repeat_change_factor": 0.5}\n' >h/weighted.json
"$bin" compare h/scenario.json h/weighted.json -o out4 -q --time-limit 20 --xlsx >/dev/null 2>stderr
code=$?
check "compare with costs and households exits 0 (exit $code)" [ "$code" -eq 0 ]
why=$(python3 - out4 2>&1 <<'PY'
import csv, json, sys
out = sys.argv[1]
rows = list(csv.reader(open(out + "/comparison.csv", encoding="utf-8")))
table = {r[0]: r[1:] for r in rows[1:]}
bad = []
for col, name in enumerate(["plain", "weighted"]):
    plan = json.load(open("%s/%s/plan.json" % (out, name)))
    k, eq = plan["kpis"], plan["equal_costs"] or {}
    want = {"move_cost": k["move_cost"], "households": k["households"]["households"],
            "households_together": k["households"]["together"],
            "households_split": k["households"]["split"], "households_united": k["households"]["united"],
            "moved_with_equal_costs": eq.get("moved"),
            "share_out_max": max(w["share_out"] for w in plan["caseworkers"] if w["share_out"] is not None)}
    for seg in plan["scenario"]["weights"]:
        want["moved:" + seg] = sum(a["moved"] for a in plan["assignments"] if a["segment"] == seg)
        want["moved_with_equal_costs:" + seg] = eq.get("by_segment", {}).get(seg)
    for m, v in want.items():
        got = table.get(m, [None, None])[col]
        if got is None or (got == "") != (v is None) or (got and abs(float(got) - v) > 1e-6):
            bad.append("%s %s: %r, plan files %r" % (name, m, got, v))
md = open(out + "/comparison.md", encoding="utf-8").read()
if "| Sager der skifter sagsbehandler (aktivitetsparat)" in md or "| Skifter sagsbehandler (aktivitetsparat) |" not in md:
    bad.append("comparison.md names no segment row")
j = json.load(open(out + "/comparison.json"))
if not any(m.get("segment") == "aktivitetsparat" and m["measure"] == "moved" for m in j["measures"]):
    bad.append("comparison.json has no moved row for aktivitetsparat")
print("; ".join(bad[:6]))
PY
) || why="the checker failed: $why"
check "cost, segment and household rows equal the plan files${why:+: $why}" [ -z "$why" ]
check "comparison.xlsx has the segment rows" python3 -c 'import sys, zipfile
z = zipfile.ZipFile("out4/comparison.xlsx")
sys.exit(0 if any(b"moved:aktivitetsparat" in z.read(n) for n in z.namelist()) else 1)'
check "no cost rows where no plan weighs costs" sh -c '! grep -q -E "^(move_cost|moved:|share_out_max)" out/comparison.csv'

# Nothing readable: exit 3, nothing written.
printf '{"name": "broken", "extends": "nosuch.json"}\n' >g/broken.json
"$bin" compare g/broken.json -o out3 -q >/dev/null 2>&1
code=$?
check "no scenario readable exits 3 (got $code)" [ "$code" -eq 3 ]
check "no scenario readable writes nothing" [ ! -e out3 ]

# An output folder that cannot be made: exit 4, nothing written.
: >file
"$bin" compare g/scenario.json g/tight.json -o file/sub -q >/dev/null 2>&1
code=$?
check "unwritable -o exits 4 (got $code)" [ "$code" -eq 4 ]
check "unwritable -o writes nothing" sh -c '[ ! -s file ] && [ ! -e out/file ]'
"$bin" compare >/dev/null 2>&1
check "compare without scenarios exits 2" [ "$?" -eq 2 ]
