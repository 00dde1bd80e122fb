#!/bin/sh
# readback.sh - every command's output read back and recomputed by tests/readback.py, not
# the engine: diff against the two plan.json files it compares (and a plan against itself),
# explain of every case against its checked rows (with households and costs too), and plan,
# compare, tradeoff and staffing with --excel against the same command without (BOM, CRLF,
# ';', decimal comma).
. "$(dirname "$0")/../suite_lib.sh"
printf 'checks 60\n'
rb="python3 $top/tests/readback.py"
cd "$tmp" || exit 2

# a tight municipality (every reason of a case shows), and a cut of it: two more leavers
"$gen" --cases 150 --caseworkers 10 --leavers 1 --seed 7 --departments 3 --tight \
    --pinned-share 0.05 --out g --name g >/dev/null
printf '{ "name": "g2", "extends": "scenario.json", "leaves": ["s0002", "s0005"] }\n' >g/g2.json

# run LABEL COMMAND...: the command must exit 0 with no sanitizer report
run() {
    label=$1
    shift
    "$@" >"$label.out" 2>"$label.err"
    code=$?
    if [ "$code" -eq 0 ] && clean "$label.err"; then
        printf 'ok %s runs\n' "$label"
    else
        printf 'FAIL %s runs: exit %s\n%s\n' "$label" "$code" "$(head -5 "$label.err")"
    fi
}

run plan "$bin" plan g/scenario.json -o p1 -q
run plan-excel "$bin" plan g/scenario.json -o p1x -q --excel
run plan-g2 "$bin" plan g/g2.json -o p2 -q
check "the plan passes the checker" checked g/scenario.json p1
check "the --excel plan passes the checker" checked g/scenario.json p1x
check "the g2 plan passes the checker" checked g/g2.json p2
$rb excel p1 p1x plan-excel

# diff: both ways, and a plan against itself and its --excel twin (no difference)
run diff "$bin" diff p1/plan.json p2/plan.json
$rb diff p1/plan.json p2/plan.json diff.out diff-recomputed
run diff-back "$bin" diff p2/plan.json p1/plan.json
$rb diff p2/plan.json p1/plan.json diff-back.out diff-back-recomputed
run diff-self "$bin" diff p1/plan.json p1x/plan.json
$rb diff p1/plan.json p1x/plan.json diff-self.out diff-self-recomputed
check "diff of two different plans names differences" \
    sh -c "! grep -q '^# cases whose caseworker differs: 0$' diff.out"

# explain: every case of both plans
$rb explain p1 "$bin" explain
$rb explain p2 "$bin" explain-g2

# explain where costs are weighted and cases live in households: the household's way and
# the case's cost after the reason
"$gen" --cases 150 --caseworkers 10 --leavers 1 --seed 7 --departments 3 --tight \
    --pinned-share 0.05 --households 0.3 --changes-12m --move-costs --out w --name w >/dev/null
run plan-weighted "$bin" plan w/scenario.json -o pw
check "the summary's move cost and households lines are plan.json's" python3 -c '
import json, sys
k = json.load(open("pw/plan.json"))["kpis"]
h, out = k["households"], open("plan-weighted.out").read()
want = ["  move cost  %.1f, the changes weighted" % k["move_cost"],
        "  households %d: %d together with one caseworker, %d split, %d united" % (
            h["households"], h["together"], h["split"], h["united"])]
sys.exit(0 if all(w in out for w in want) else 1)'
check "the weighted plan passes the checker" checked w/scenario.json pw
$rb explain pw "$bin" explain-weighted
check "explain names a household and a cost" sh -c \
    "c=\$(awk -F, 'NR > 1 && \$11 != \"\" && \$7 == 1 { print \$1; exit }' pw/assignments.csv) &&
     \"$bin\" explain pw/plan.json \"\$c\" | grep -q 'household of [0-9]* .*Its change of caseworker counts [0-9.]* ([a-z_0-9]*)'"

# compare, tradeoff, staffing: with --excel as without
run compare "$bin" compare g/scenario.json g/g2.json -o c -q
run compare-excel "$bin" compare g/scenario.json g/g2.json -o cx -q --excel
$rb excel c cx compare-excel
run tradeoff "$bin" tradeoff g/scenario.json -o t --points 3 -q
run tradeoff-excel "$bin" tradeoff g/scenario.json -o tx --points 3 -q --excel
$rb excel t tx tradeoff-excel
run staffing "$bin" staffing g/scenario.json --cut 1 -o s -q
run staffing-excel "$bin" staffing g/scenario.json --cut 1 -o sx -q --excel
$rb excel s sx staffing-excel
