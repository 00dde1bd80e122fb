#!/bin/sh
# plan_scenarios.sh - plan the bundled scenarios and generated ones; every plan must
# pass the independent checker (tools/check_plan.py), and a plan must be repeatable.
. "$(dirname "$0")/../suite_lib.sh"
# "$fast" for Slagelse-size data, "$bin" (the sanitizer build) for small data
printf 'checks 64\n'

plan_and_check() { # NAME BINARY SCENARIO [OPTIONS...]
    name=$1 prog=$2 scenario=$3
    shift 3
    out="$tmp/$name"
    if ! "$prog" plan "$scenario" -o "$out" -q "$@" 2>"$tmp/err"; then
        printf 'FAIL plan %s: exit %s\n%s\n' "$name" "$?" "$(head -20 "$tmp/err")"
        return 1
    fi
    if ! clean "$tmp/err"; then
        printf 'FAIL plan %s: sanitizer report\n%s\n' "$name" "$(head -30 "$tmp/err")"
        return 1
    fi
    if checked "$scenario" "$out"; then
        printf 'ok plan %s passes the checker\n' "$name"
    else
        printf 'FAIL plan %s: checker:\n%s\n' "$name" "$(head -20 "$tmp/checker")"
        return 1
    fi
}

# Slagelse; wishes and wishes-first: staff wishes after and before continuity;
# protect-vulnerable: case costs and max_cases_out on cut-40
for s in baseline cut-40 union-norms wishes wishes-first protect-vulnerable; do
    plan_and_check "slagelse-$s" "$fast" "scenarios/slagelse-2017/$s.json" --time-limit 20
done
# the reform's target groups: today's departments, and the new ones by segment_map
for s in today new-groups; do
    plan_and_check "reform-$s" "$fast" "scenarios/reform-2027/$s.json" --time-limit 20
done

# the engine's bar on Slagelse-size generated data: every level optimal or within
# 1 %; seeds 46 and 90 needed the balance trades and the rounding at the nodes, four
# departments with 30 leavers, seed 111, the kept cases the moved level left to spare
for shape in "5 0 46" "5 0 90" "4 30 111"; do
    set -- $shape
    seed=$3
    "$gen" --cases 11000 --caseworkers 230 --departments "$1" --leavers "$2" \
        --seed "$seed" --out "$tmp/bar$seed" --name "bar$seed" >/dev/null
    plan_and_check "bar-seed-$seed" "$fast" "$tmp/bar$seed/scenario.json" || continue
    worst=$(python3 -c 'import json, sys
print(max(l["gap"] for l in json.load(open(sys.argv[1]))["solver"]["levels"]))' \
        "$tmp/bar-seed-$seed/plan.json")
    if python3 -c 'import sys; sys.exit(float(sys.argv[1]) > 0.01)' "$worst"; then
        printf 'ok bar seed %s: every level within 1 %%\n' "$seed"
    else
        printf 'FAIL bar seed %s: a level has gap %s\n' "$seed" "$worst"
    fi
done

# caps set by policy at 139 % load: the points fill nearly every cap at the peak, and
# the moved level held there to the millionth ended 46 % from its bound; the peak held
# within its own gap lets it come close
"$gen" --cases 11000 --caseworkers 235 --leavers 39 --departments 3 --seed 7 --load 1.39 \
    --spread --cap-factors 0.16 --out "$tmp/room" --name room >/dev/null
if plan_and_check peak-room "$fast" "$tmp/room/scenario.json"; then
    gaps=$(python3 -c 'import json, sys
lv = {l["name"]: l["gap"] for l in json.load(open(sys.argv[1]))["solver"]["levels"]}
print(lv["peak_utilisation"], lv["moved"])' "$tmp/peak-room/plan.json")
    if python3 -c 'import sys; sys.exit(not (float(sys.argv[1]) <= 0.01 and float(sys.argv[2]) < 0.05))' $gaps; then
        printf 'ok plan peak-room: the peak within 1 %%, the moved level within 5 %% (%s)\n' "$gaps"
    else
        printf 'FAIL plan peak-room: peak and moved gaps %s\n' "$gaps"
    fi
fi

# the same with case costs: the moved level, held at the peak's room, is solved again;
# equal_costs must hold the peak there too, where the plan is, or it has no start and
# repeats the plan's own moves
"$gen" --cases 11000 --caseworkers 235 --leavers 39 --departments 3 --seed 7 --load 1.39 \
    --spread --cap-factors 0.16 --move-costs --out "$tmp/roomc" --name roomc >/dev/null
if plan_and_check peak-room-costs "$fast" "$tmp/roomc/scenario.json" --time-limit 30; then
    counts=$(python3 -c 'import json, sys
p = json.load(open(sys.argv[1]))
print(p["equal_costs"]["moved"], p["kpis"]["moved"])' "$tmp/peak-room-costs/plan.json")
    if python3 -c 'import sys; sys.exit(not int(sys.argv[1]) < int(sys.argv[2]))' $counts; then
        printf 'ok plan peak-room-costs: equal costs move fewer than the costs do (%s)\n' "$counts"
    else
        printf 'FAIL plan peak-room-costs: equal_costs and the plan move %s\n' "$counts"
    fi
fi

# instances where an earlier build went wrong (tests/instances/README.md): min_fte bounds the greedy
# start must meet, and --gap 0 proving every level
for name in min-fte fte-equal-balance-first fte-subset one-per-department; do
    plan_and_check "other-$name" "$fast" "tests/instances/$name/scenario.json" --time-limit 20
done
if plan_and_check other-gap0-stall "$fast" tests/instances/gap0-stall/scenario.json --gap 0; then
    statuses=$(python3 -c 'import json, sys
print(" ".join(l["status"] for l in json.load(open(sys.argv[1]))["solver"]["levels"]))' \
        "$tmp/other-gap0-stall/plan.json")
    case $statuses in
    *feasible*) printf 'FAIL plan gap0-stall: --gap 0 left levels unproven: %s\n' "$statuses" ;;
    *) printf 'ok plan gap0-stall: --gap 0 proves every level optimal\n' ;;
    esac
fi

# caps far below the case weights: the single-case bounds prove the caps levels
if plan_and_check other-small-caps "$fast" tests/instances/small-caps/scenario.json; then
    statuses=$(python3 -c 'import json, sys
print(" ".join(l["status"] for l in json.load(open(sys.argv[1]))["solver"]["levels"][:2]))' \
        "$tmp/other-small-caps/plan.json")
    case $statuses in
    "optimal optimal") printf 'ok plan small-caps: peak and overload proven optimal\n' ;;
    *) printf 'FAIL plan small-caps: peak and overload %s\n' "$statuses" ;;
    esac
fi

# the numbers staffing's LPs failed on (tests/suites/staffing.sh): small, so under the
# sanitizers
for name in staffing-big-cap staffing-weights staffing-small-load; do
    plan_and_check "other-$name" "$bin" "tests/instances/$name/scenario.json" --time-limit 20
done

# no_plan NAME BIN PATTERN WHY: planning tests/instances/NAME exits 1 at once, PATTERN on
# stderr, no sanitizer report, nothing written: not a search until the time limit
no_plan() {
    "$2" plan "tests/instances/$1/scenario.json" -o "$tmp/$1" -q --time-limit 20 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq 1 ] && grep -q "$3" "$tmp/err" && clean "$tmp/err" &&
        [ ! -e "$tmp/$1" ]; then
        printf 'ok plan %s: exit 1 %s\n' "$1" "$4"
    else
        printf 'FAIL plan %s: exit %s\n%s\n' "$1" "$rc" "$(head -5 "$tmp/err")"
    fi
}
# no placement meets min_fte = max_fte = 48.02 (a subset sum of the FTEs), balance first
no_plan fte-subset-infeasible "$fast" 'min_fte and max_fte' "naming the FTE bounds"
# eight staying caseworkers for nine departments that each serve a segment alone
no_plan too-few-for-departments "$fast" 'no placement where every case has an eligible caseworker' \
    "naming the hard rules"
# one caseworker, and no department serves all three segments: not a crash
no_plan no-department-serves-all "$bin" 'no placement where every case has an eligible caseworker' \
    "naming the hard rules, under the sanitizers"

# issue 19 (tests/instances/README.md), under the sanitizers: each plan checked, then
# what a user would see in it. assert NAME WHAT PYTHON: PYTHON (given plan.json as p)
# prints nothing when the plan shows WHAT, else what it shows instead
assert19() {
    plan_and_check "$1" "$bin" "tests/instances/$1/scenario.json" --time-limit 10
    if [ ! -e "$tmp/$1/plan.json" ]; then
        printf 'FAIL plan %s: %s: no plan\n' "$1" "$2"
        return
    fi
    got=$(python3 -c 'import json, sys
p = json.load(open(sys.argv[1]))
case = {a["case"]: a for a in p["assignments"]}
cw = {c["caseworker"]: c for c in p["caseworkers"]}
'"$3" "$tmp/$1/plan.json" 2>&1)
    if [ -z "$got" ]; then
        printf 'ok plan %s: %s\n' "$1" "$2"
    else
        printf 'FAIL plan %s: %s: %s\n' "$1" "$2" "$got"
    fi
}
assert19 household-whole "the household leaves its full caseworker whole" \
    'if case["c4"]["to_caseworker"] != case["c5"]["to_caseworker"]: print(case["c4"], case["c5"])'
assert19 household-united "the household split today has one caseworker, counted as united" \
    'hh = {case[c]["to_caseworker"] for c in ("c1", "c2", "c3")}
if hh != {"s1"} or p["kpis"]["households"]["united"] != 1 or p["kpis"]["moved"] != 1: print(hh, p["kpis"])'
assert19 household-united-minority "united with the caseworker who has less of it, the other being full" \
    'hh = {case[c]["to_caseworker"] for c in ("c1", "c2", "c3")}
if hh != {"s2"} or p["kpis"]["moved"] != 2: print(hh, p["kpis"]["moved"])'
assert19 household-soft "the household no one may hold whole is split and reported" \
    'if p["household_splits"] != [{"household": "H1", "caseworkers": ["s1", "s2"]}] or p["kpis"]["households"]["together"] != 1: print(p["household_splits"], p["kpis"]["households"])'
assert19 max-cases-out "s1 hands over one of six cases, over the cap" \
    'if cw["s1"]["cases_out"] != 1 or cw["s1"]["share_out"] > 0.2: print(cw["s1"])'
assert19 share-tie "s1 hands over 1 of 128 cases: share_out 0.007812, rounded once" \
    'if cw["s1"]["share_out"] != 0.007812: print(cw["s1"])'
assert19 move-cost "the case that costs 4.5 to move stays, equal costs reported" \
    'if case["c2"]["to_caseworker"] != "s1" or case["c2"]["move_cost"] != 4.5 or p["kpis"]["move_cost"] != 1 or p["equal_costs"]["moved"] != 1: print(case["c2"], p["kpis"]["move_cost"], p["equal_costs"])'
# the same household in hard mode: no plan, the household and its segments named
"$bin" plan tests/instances/household-soft/hard.json -o "$tmp/hh-hard" -q 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q 'household H1: no staying caseworker may take all of its segments (jobparat, sygedagpenge)' "$tmp/err" &&
    clean "$tmp/err" && [ ! -e "$tmp/hh-hard" ]; then
    printf 'ok plan household-soft/hard.json: exit 1 naming the household and its segments\n'
else
    printf 'FAIL plan household-soft/hard.json: exit %s\n%s\n' "$rc" "$(head -5 "$tmp/err")"
fi

# small generated municipalities under the sanitizers, tight and loose, with leavers
i=0
for args in "--cases 300 --caseworkers 12 --leavers 2 --seed 11" \
    "--cases 500 --caseworkers 20 --leavers 3 --seed 12 --tight" \
    "--cases 400 --caseworkers 16 --departments 3 --seed 13 --pinned-share 0.05" \
    "--cases 200 --caseworkers 10 --departments 4 --leavers 1 --seed 14 --tight"; do
    i=$((i + 1))
    "$gen" $args --out "$tmp/gen$i" --name "gen$i" >/dev/null
    plan_and_check "generated-$i" "$bin" "$tmp/gen$i/scenario.json" --time-limit 10
done

# the same input twice: the same files (solver seconds aside)
"$gen" --cases 300 --caseworkers 12 --leavers 2 --seed 21 --out "$tmp/rep" --name rep >/dev/null
"$fast" plan "$tmp/rep/scenario.json" -o "$tmp/rep1" -q --time-limit 10
"$fast" plan "$tmp/rep/scenario.json" -o "$tmp/rep2" -q --time-limit 10
same=1
for f in assignments.csv caseworkers.csv departments.csv handovers.csv; do
    cmp -s "$tmp/rep1/$f" "$tmp/rep2/$f" || same=0
done
sed 's/"seconds": [0-9.e-]*//g' "$tmp/rep1/plan.json" >"$tmp/p1"
sed 's/"seconds": [0-9.e-]*//g' "$tmp/rep2/plan.json" >"$tmp/p2"
cmp -s "$tmp/p1" "$tmp/p2" || same=0
if [ "$same" = 1 ]; then printf 'ok same input, same plan\n'; else printf 'FAIL same input, same plan\n'; fi

# a failed write leaves nothing behind: the output folder cannot be made
"$fast" plan "$tmp/rep/scenario.json" -o /proc/no/such/dir -q --time-limit 5 2>/dev/null
code=$?
if [ "$code" = 4 ]; then printf 'ok unwritable output exits 4\n'; else printf 'FAIL unwritable output exits 4 (got %s)\n' "$code"; fi

# explain and diff read a written plan back
case_id=$(sed -n '2p' "$tmp/rep/cases.csv" | cut -d, -f1)
if "$bin" explain "$tmp/rep1/plan.json" "$case_id" | grep -q "^Case $case_id"; then
    printf 'ok explain names the case\n'
else
    printf 'FAIL explain names the case\n'
fi
"$bin" explain "$tmp/rep1/plan.json" no-such-case >/dev/null 2>&1
code=$?
if [ "$code" = 3 ]; then printf 'ok explain of an unknown case exits 3\n'; else printf 'FAIL explain of an unknown case exits 3 (got %s)\n' "$code"; fi
if "$bin" diff "$tmp/rep1/plan.json" "$tmp/rep2/plan.json" | grep -q '^# cases whose caseworker differs: 0$'; then
    printf 'ok diff of a plan with itself is empty\n'
else
    printf 'FAIL diff of a plan with itself is empty\n'
fi

# priorities as data: a slack on caps gives continuity room. On an overloaded instance,
# caps held within 2 % of the peak reached lets fewer citizens change caseworker than
# caps held at it; a priority alone leaves the others not optimised
"$gen" --cases 2000 --caseworkers 50 --leavers 6 --seed 2 --tight --out "$tmp/slack" \
    >/dev/null
for v in 'exact ["caps", "continuity", "balance"]' \
    'slack2 [{"level": "caps", "slack": 0.02}, "continuity", "balance"]' \
    'continuity-alone ["continuity"]' 'caps-alone ["caps"]'; do
    printf '{"extends": "scenario.json", "priorities": %s}\n' "${v#* }" \
        >"$tmp/slack/${v%% *}.json"
    plan_and_check "priorities-${v%% *}" "$fast" "$tmp/slack/${v%% *}.json"
done
levels() { # PLAN-FOLDER: "name:status:value" per level
    python3 -c 'import json, sys
print(" ".join("%s:%s:%g" % (l["name"], l["status"], l["value"])
               for l in json.load(open(sys.argv[1]))["solver"]["levels"]))' "$1/plan.json"
}
moved() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["kpis"]["moved"])' "$1/plan.json"; }
m0=$(moved "$tmp/priorities-exact") m2=$(moved "$tmp/priorities-slack2")
if [ -n "$m0" ] && [ -n "$m2" ] && [ "$m2" -lt "$m0" ]; then
    printf 'ok caps with slack 0.02 moves fewer citizens than slack 0 (%s < %s)\n' "$m2" "$m0"
else
    printf 'FAIL caps with slack 0.02 moves fewer citizens than slack 0 (%s, %s)\n' "$m2" "$m0"
fi
peaks=$(python3 -c 'import json, sys
a, b = (json.load(open(f))["solver"]["levels"][0] for f in sys.argv[1:])
print("%g %g %g" % (a["value"], b["value"], b["reached"]))' \
    "$tmp/priorities-exact/plan.json" "$tmp/priorities-slack2/plan.json")
if python3 -c 'import sys
exact, peak, reached = map(float, sys.argv[1:])
sys.exit(not (peak > exact + 1e-6 and peak <= 1.02 * reached + 1e-6))' $peaks; then
    printf 'ok the slack lets the peak up, within 2 %% of where its level reached (%s)\n' "$peaks"
else
    printf 'FAIL the slack lets the peak up, within 2 %% of where its level reached (%s)\n' "$peaks"
fi
case $(levels "$tmp/priorities-continuity-alone") in
"moved:optimal:"*" peak_utilisation:not_optimised:"*" overload_points:not_optimised:"*" balance:not_optimised:"*)
    printf 'ok continuity alone: the other levels not optimised\n' ;;
*) printf 'FAIL continuity alone: %s\n' "$(levels "$tmp/priorities-continuity-alone")" ;;
esac
case $(levels "$tmp/priorities-caps-alone") in
"peak_utilisation:"*" overload_points:"*" moved:not_optimised:"*" balance:not_optimised:"*)
    printf 'ok caps alone: moved and balance not optimised\n' ;;
*) printf 'FAIL caps alone: %s\n' "$(levels "$tmp/priorities-caps-alone")" ;;
esac
