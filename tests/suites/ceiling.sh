#!/bin/sh
# ceiling.sh - max_utilisation and the price of the peak: a ceiling just above the
# default plan's peak is kept whatever the priorities, and each point of
# continuity_price is a plan that re-planning under its ceiling confirms.
. "$(dirname "$0")/../suite_lib.sh"
printf 'checks 18\n'

# a small overloaded municipality, where the default plan's peak is above 100 %
$gen --cases 2000 --caseworkers 50 --leavers 6 --seed 2 --tight --out "$tmp/g" --name g >/dev/null
"$bin" plan "$tmp/g/scenario.json" -o "$tmp/p" --time-limit 30 >"$tmp/out" 2>"$tmp/err"
check "the overloaded plan exits 0" [ $? -eq 0 ]
check "the plan passes the checker, continuity_price included" \
    checked "$tmp/g/scenario.json" "$tmp/p" || head -5 "$tmp/checker"
check "the summary states the price of the peak" \
    grep -q '^  price      a peak of [0-9.]* % would let [0-9]* more citizens keep their caseworker' "$tmp/out"
check "report.html shows the price as a chart" grep -q 'class="chart price"' "$tmp/p/report.html"

# a ceiling just above that peak, with continuity first (no plan within the whole time
# limit before) and with caps first
peak=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['kpis']['max_utilisation'])" "$tmp/p/plan.json")
for prios in '["continuity", "caps", "balance"]' '["caps", "continuity", "balance"]' \
    '["balance", "continuity", "caps"]'; do
    first=$(echo "$prios" | cut -d'"' -f2)
    python3 -c "import json,sys; json.dump({'extends': 'scenario.json', 'max_utilisation': float(sys.argv[1]) + 0.0003, 'priorities': json.loads(sys.argv[2])}, open(sys.argv[3], 'w'))" \
        "$peak" "$prios" "$tmp/g/ceiling-$first.json"
    "$bin" plan "$tmp/g/ceiling-$first.json" -o "$tmp/c-$first" -q --time-limit 30 2>"$tmp/err"
    check "a ceiling just above the default peak, $first first: a plan (exit 0)" [ $? -eq 0 ]
    check "a ceiling just above the default peak, $first first: the checker holds it to the ceiling" \
        checked "$tmp/g/ceiling-$first.json" "$tmp/c-$first" || head -5 "$tmp/checker"
done

# each price point re-planned under its ceiling, continuity first: the two plans' bounds
# hold for each other's moves, and the re-planned plan keeps the ceiling
python3 - "$tmp/p/plan.json" "$tmp/g" >"$tmp/points" <<'EOF'
import json, sys
plan = json.load(open(sys.argv[1]))
for i, p in enumerate(plan["continuity_price"]):
    path = "%s/price-%d.json" % (sys.argv[2], i)
    json.dump({"extends": "scenario.json", "max_utilisation": p["max_utilisation"],
               "priorities": ["continuity", "caps", "balance"]}, open(path, "w"))
    print(path, p["moved"], p["bound"])
EOF
check "continuity_price has two points" [ "$(wc -l <"$tmp/points")" -eq 2 ]
while read -r path moved bound; do
    point=$(basename "$path" .json)
    "$bin" plan "$path" -o "$tmp/$point" -q --time-limit 30 2>/dev/null
    check "$point re-planned under its ceiling passes the checker" \
        checked "$path" "$tmp/$point" || head -5 "$tmp/checker"
    check "$point: its bound and the re-planned plan's bound hold for each other's moves" \
        python3 -c "
import json, sys
lv = {l['name']: l for l in json.load(open(sys.argv[1]))['solver']['levels']}
moved, bound = float(sys.argv[2]), float(sys.argv[3])
ok = bound <= lv['moved']['value'] + 1e-6 and lv['moved']['bound'] <= moved + 1e-6
sys.exit(0 if ok else 1)" "$tmp/$point/plan.json" "$moved" "$bound"
done <"$tmp/points"

# a ceiling below what any plan can reach: exit 1, named, with the proven peak
python3 -c "import json,sys; json.dump({'extends': 'scenario.json', 'max_utilisation': 1.0, 'priorities': ['continuity', 'caps', 'balance']}, open(sys.argv[1], 'w'))" "$tmp/g/low.json"
"$bin" plan "$tmp/g/low.json" -o "$tmp/low" -q --time-limit 30 2>"$tmp/err"
check "a ceiling of 100 % on overloaded data, continuity first, exits 1" [ $? -eq 1 ]
check "a ceiling out of reach is named" grep -q 'max_utilisation 100 %' "$tmp/err"

# no price where the peak is at most 100 %
$gen --cases 600 --caseworkers 20 --seed 3 --out "$tmp/loose" --name loose >/dev/null
"$bin" plan "$tmp/loose/scenario.json" -o "$tmp/pl" -q --time-limit 30 2>/dev/null
check "below the caps continuity_price is an empty list" python3 -c "
import json, sys
p = json.load(open(sys.argv[1]))
sys.exit(0 if p['kpis']['max_utilisation'] <= 1 + 1e-6 and p['continuity_price'] == [] else 1)" "$tmp/pl/plan.json"
