#!/bin/sh
# tradeoff.sh - omfordel tradeoff: every point is a valid plan of its own scenario.json,
# the table agrees with the plans, ceilings hold, and the frontier falls where proven.
. "$(dirname "$0")/../suite_lib.sh"
printf 'checks 18\n'

# a tight municipality: lowering the peak costs moves
"$gen" --cases 400 --caseworkers 16 --leavers 2 --seed 31 --tight --out "$tmp/g" --name g >/dev/null
"$bin" tradeoff "$tmp/g/scenario.json" -o "$tmp/t" --points 4 --time-limit 20 >"$tmp/out" 2>"$tmp/err"
code=$?
check "tradeoff exits 0" [ "$code" -eq 0 ]
check "tradeoff prints no sanitizer report" clean "$tmp/err"
check "tradeoff prints the frontier table" grep -q '^point .*ceiling' "$tmp/out"
check "tradeoff.csv has a header and 4 points" [ "$(wc -l <"$tmp/t/tradeoff.csv")" -eq 5 ]

for i in 1 2 3 4; do
    if checked "$tmp/t/point-$i/scenario.json" "$tmp/t/point-$i"; then
        printf 'ok point %s passes the checker against its own scenario.json\n' "$i"
    else
        printf 'FAIL point %s: checker:\n%s\n' "$i" "$(head -10 "$tmp/checker")"
    fi
done

# every figure of the table is the figure of that point's plan; ceilings rise and hold;
# where two neighbours are proven on moves, the higher ceiling never moves more
python3 - "$tmp/t" <<'EOF'
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/tradeoff.csv")))
js = json.load(open(d + "/tradeoff.json"))["points"]
problems = []
for i, (r, j) in enumerate(zip(rows, js)):
    plan = json.load(open("%s/%s/plan.json" % (d, r["plan"])))
    levels = {lv["name"]: lv for lv in plan["solver"]["levels"]}
    k = plan["kpis"]
    if int(r["moved"]) != k["moved"] or j["moved"] != k["moved"]:
        problems.append("point %d: moved %s, plan says %s" % (i + 1, r["moved"], k["moved"]))
    peak = levels["peak_utilisation"]["value"]
    if abs(float(r["peak_utilisation"]) - peak) > 1e-6 or abs(j["peak_utilisation"] - peak) > 1e-6:
        problems.append("point %d: peak %s, plan says %s" % (i + 1, r["peak_utilisation"], peak))
    if abs(float(r["moved_bound"]) - levels["moved"]["bound"]) > 1e-6:
        problems.append("point %d: moved_bound %s, plan says %s"
                        % (i + 1, r["moved_bound"], levels["moved"]["bound"]))
    if r["ceiling"]:
        if float(r["peak_utilisation"]) > float(r["ceiling"]) + 1e-6:
            problems.append("point %d: peak above its ceiling" % (i + 1))
        if plan["solver"]["levels"][0]["name"] != "moved":
            problems.append("point %d: not solved continuity first" % (i + 1))
ceilings = [float(r["ceiling"]) for r in rows[1:]]
if ceilings != sorted(ceilings) or len(set(ceilings)) != len(ceilings):
    problems.append("ceilings do not rise: %s" % ceilings)
if rows[0]["ceiling"] or json.load(open(d + "/point-1/plan.json"))["solver"]["levels"][0]["name"] != "peak_utilisation":
    problems.append("point 1 is not the lowest peak")
for a, b in zip(rows[1:], rows[2:]):
    proven = all(float(x["moved_bound"]) == float(x["moved"]) for x in (a, b))
    if proven and int(b["moved"]) > int(a["moved"]):
        problems.append("moves rise with the ceiling: %s -> %s" % (a["moved"], b["moved"]))
print("\n".join("FAIL tradeoff figures: " + p for p in problems) or "ok tradeoff figures equal the plans' and the frontier falls")
EOF

# point 1 is the plan itself; a point's scenario.json plans that point again
"$bin" plan "$tmp/g/scenario.json" -o "$tmp/p" -q --time-limit 20 2>/dev/null
peak() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['kpis']['max_utilisation'])" "$1"; }
moved() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['kpis']['moved'])" "$1"; }
check "point 1 has the peak of plan" [ "$(peak "$tmp/p/plan.json")" = "$(peak "$tmp/t/point-1/plan.json")" ]
"$bin" plan "$tmp/t/point-3/scenario.json" -o "$tmp/p3" -q --time-limit 20 2>/dev/null
check "point 3's scenario.json plans point 3 again" [ "$(moved "$tmp/p3/plan.json")" = "$(moved "$tmp/t/point-3/plan.json")" ]

# a ceiling no plan can keep: exit 1, named
cat >"$tmp/g/low.json" <<EOF
{"extends": "scenario.json", "max_utilisation": 1}
EOF
"$bin" plan "$tmp/g/low.json" -o "$tmp/low" -q --time-limit 10 2>"$tmp/err"
code=$?
check "a ceiling below the lowest peak exits 1" [ "$code" -eq 1 ]
check "a ceiling below the lowest peak is named" grep -q 'max_utilisation 100 %' "$tmp/err"
check "a ceiling below the lowest peak writes nothing" [ ! -e "$tmp/low" ]

# usage
"$bin" tradeoff "$tmp/g/scenario.json" --points 1 -o "$tmp/u" 2>/dev/null
check "--points 1 is a usage error" [ $? -eq 2 ]
"$bin" tradeoff "$tmp/g/scenario.json" --points 2.5 -o "$tmp/u" 2>/dev/null
check "--points 2.5 is a usage error" [ $? -eq 2 ]
"$bin" tradeoff 2>/dev/null
check "tradeoff without a scenario is a usage error" [ $? -eq 2 ]
check "usage errors write nothing" [ ! -e "$tmp/u" ]
