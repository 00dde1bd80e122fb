#!/bin/sh
# plan_checker_selftest.sh - prove that tools/check_plan.py accepts a valid plan and fails
# on each kind of broken one. Prints "ok NAME" or "FAIL NAME: why" per check.
#
# The valid plan is hand-made (tests/exact/selftest/plan/, its numbers worked out by hand
# for tests/exact/selftest/variant.json), so this suite runs before the engine exists.
# Each mutation (tests/exact/selftest/mutate.py) breaks a copy in one way; the checker must
# exit 1 and name the fault. When $OMFORDEL can plan, its plan of the same scenario must
# pass the checker and the same mutations must fail on it too. households.json (case costs,
# soft households, max_cases_out) has a hand-made plan of its own (plan-households/) and
# mutations of those rules; the engine's plan of it must pass the checker.
. "$(dirname "$0")/../suite_lib.sh"
checker=tools/check_plan.py
fixture=tests/exact/selftest
scenario=$fixture/variant.json

# expect_ok LABEL PLAN_DIR: the checker on a valid plan must say ok
expect_ok() {
    out=$(python3 "$checker" "$scenario" "$2" 2>&1)
    code=$?
    if [ "$code" -eq 0 ] && printf '%s\n' "$out" | grep -q '^check_plan: ok ('; then
        printf 'ok %s\n' "$1"
    else
        printf 'FAIL %s: checker exit %s on a valid plan:\n%s\n' "$1" "$code" "$(printf '%s\n' "$out" | head -20)"
    fi
}

# mutations PREFIX PLAN_DIR: each mutation of a copy must make the checker exit 1 and
# name the fault (mutate.py runs the checker's main() in its own process: much faster than
# one python3 per mutation; the command line itself is tried by expect_ok above and below)
mutations() {
    python3 "$fixture/mutate.py" run "$scenario" "$2" "$1" 2>&1
}

# five checks of the hand plan, then each mutation of it; with an engine, its plan and
# each mutation of that; the households plan and its mutations, and the engine's plan of it
n_mut=$(python3 "$fixture/mutate.py" list | wc -l)
n_hh=$(python3 "$fixture/mutate.py" list households | wc -l)
if [ -x "$bin" ]; then
    printf 'checks %d\n' $((6 + 2 * n_mut + 2 + n_hh))
else
    printf 'checks %d\n' $((5 + n_mut + 1 + n_hh))
fi

expect_ok hand-valid "$fixture/plan"

cp -R "$fixture/plan" "$tmp/excel"
python3 "$fixture/mutate.py" excel "$tmp/excel"
expect_ok hand-valid-excel "$tmp/excel"

# the recomputed levels of the hand plan, worked out by hand
levels=$(python3 "$checker" "$scenario" "$fixture/plan" --levels-json 2>/dev/null)
if [ "$levels" = '{"balance": 2.05, "moved": 6, "overload_points": 1.5, "peak_utilisation": 1.25, "wish_cost": 0}' ]; then
    printf 'ok hand-levels-json\n'
else
    printf 'FAIL hand-levels-json: got %s\n' "$levels"
fi

# a missing plan folder and a missing scenario are problems, not crashes
out=$(python3 "$checker" "$scenario" "$tmp/none" 2>&1)
if [ $? -eq 1 ] && ! printf '%s\n' "$out" | grep -q Traceback; then
    printf 'ok missing-plan-dir\n'
else
    printf 'FAIL missing-plan-dir: %s\n' "$(printf '%s\n' "$out" | tail -3)"
fi

# one mutation the long way, through both command lines
cp -R "$fixture/plan" "$tmp/cli"
python3 "$fixture/mutate.py" wrong_sha256 "$tmp/cli"
out=$(python3 "$checker" "$scenario" "$tmp/cli" 2>&1)
code=$?
if [ "$code" -eq 1 ] && printf '%s\n' "$out" | grep -q '^check_plan: .*sha256' &&
    ! printf '%s\n' "$out" | grep -q '^check_plan: ok'; then
    printf 'ok hand-cli-wrong_sha256\n'
else
    printf 'FAIL hand-cli-wrong_sha256: exit %s: %s\n' "$code" "$(printf '%s\n' "$out" | head -3)"
fi

mutations hand "$fixture/plan"

scenario=$fixture/households.json expect_ok households-hand-valid "$fixture/plan-households"
python3 "$fixture/mutate.py" run "$fixture/households.json" "$fixture/plan-households" \
    households households 2>&1

# The engine's own plan of the same scenario, when the engine can plan.
if [ -x "$bin" ]; then
    "$bin" plan "$scenario" -o "$tmp/engine" -q >"$tmp/engine.out" 2>&1
    code=$?
    if [ "$code" -eq 0 ] && [ -f "$tmp/engine/plan.json" ]; then
        expect_ok engine-valid "$tmp/engine"
        mutations engine "$tmp/engine"
    elif [ "$code" -ne 2 ]; then
        # exit 2 is usage: the plan command does not exist yet; anything else is a failure
        printf 'FAIL engine-plan: omfordel plan exit %s:\n%s\n' "$code" "$(head -10 "$tmp/engine.out")"
    fi
    "$bin" plan "$fixture/households.json" -o "$tmp/engine-hh" -q >"$tmp/engine-hh.out" 2>&1
    code=$?
    if [ "$code" -eq 0 ]; then
        scenario=$fixture/households.json expect_ok households-engine-valid "$tmp/engine-hh"
    else
        printf 'FAIL households-engine-valid: omfordel plan exit %s:\n%s\n' "$code" \
            "$(head -5 "$tmp/engine-hh.out")"
    fi
fi
exit 0
