#!/bin/sh
# fault.sh - allocation failure at each allocation in turn (build/fault/omfordel, see
# tests/fault/failalloc.c) on a small scenario (tests/fault/scenario/): each command
# must exit 4 with "out of memory" and no sanitizer report (leaks included), or end
# as it does without the failure, with the same result; a plan that fails leaves the
# previous plan in its folder untouched and no temporary file.
. "$(dirname "$0")/../suite_lib.sh"
bin=${OMFORDEL_FAULT:-$top/build/fault/omfordel}
# one for each command below (nine), or the one that ONLY names
if [ -n "$ONLY" ]; then printf 'checks 1\n'; else printf 'checks 9\n'; fi
if [ ! -x "$bin" ]; then
    printf 'FAIL fault build missing: make build/fault/omfordel\n'
    exit 0
fi
cp -R tests/fault/scenario "$tmp/in"
scen=$tmp/in/scenario.json
snapshot() { (cd "$1" && find . -type f -exec sha256sum {} + | sort); }

# every_allocation NAME EXIT OUTDIR CMD...: run CMD, which exits EXIT, failing
# allocation 1, 2, ... in turn. With OUTDIR, that folder holds a finished plan before
# each run and must hold it, and only it, after a failed one.
every_allocation() {
    name=$1 want=$2 outdir=$3
    shift 3
    OMFORDEL_ALLOC_COUNT=$tmp/count "$@" >"$tmp/ref.out" 2>"$tmp/ref.err"
    ref=$?
    total=$(cat "$tmp/count" 2>/dev/null || echo 0)
    if [ "$ref" -ne "$want" ] || [ "$total" -lt 10 ]; then
        printf 'FAIL fault %s: reference run exit %s with %s allocations\n%s\n' "$name" "$ref" \
            "$total" "$(head -5 "$tmp/ref.err")"
        return
    fi
    rm -f "$tmp/ref.assignments"
    if [ -n "$outdir" ]; then
        snapshot "$outdir" >"$tmp/before"
        cp "$outdir/assignments.csv" "$tmp/ref.assignments" 2>/dev/null || rm -f "$tmp/ref.assignments"
    fi
    # at most $most runs (0: every allocation): then every k-th in turn
    step=1
    [ "$most" -gt 0 ] && step=$(((total + most - 1) / most))
    n=1 bad=0 failed=0 runs=0
    while [ "$n" -le "$total" ]; do
        runs=$((runs + 1))
        OMFORDEL_FAIL_ALLOC=$n "$@" >"$tmp/out" 2>"$tmp/err"
        code=$?
        why=""
        if ! clean "$tmp/err"; then
            why="sanitizer report"
        elif [ "$code" -eq 4 ]; then
            failed=$((failed + 1))
            grep -q 'out of memory' "$tmp/err" || why="exit 4 without 'out of memory'"
            [ -z "$why" ] && [ -s "$tmp/out" ] && [ -z "$outdir" ] && why="exit 4 but printed a result"
            if [ -z "$why" ] && [ -n "$outdir" ]; then
                snapshot "$outdir" >"$tmp/after"
                cmp -s "$tmp/before" "$tmp/after" || why="previous output changed or temporary files left: $(diff "$tmp/before" "$tmp/after")"
            fi
        elif [ "$code" -ne "$ref" ]; then
            why="exit $code"
        elif ! cmp -s "$tmp/err" "$tmp/ref.err"; then
            why="exit $code with other messages"
        elif ! cmp -s "$tmp/out" "$tmp/ref.out"; then
            why="exit 0 with another result"
        elif [ -f "$tmp/ref.assignments" ] && ! cmp -s "$outdir/assignments.csv" "$tmp/ref.assignments"; then
            why="exit 0 with other assignments"
        elif [ -n "$outdir" ]; then
            snapshot "$outdir" >"$tmp/before" # a new plan, the same as the last
        fi
        if [ -n "$why" ]; then
            bad=$((bad + 1))
            [ "$bad" -le 5 ] && printf 'FAIL fault %s: allocation %d of %d: %s\n%s\n' "$name" "$n" \
                "$total" "$why" "$(head -8 "$tmp/err")"
        fi
        [ -n "$outdir" ] && [ -n "$why" ] && [ "$bad" -eq 1 ] && "$@" >/dev/null 2>&1 &&
            snapshot "$outdir" >"$tmp/before" # restore for the next run
        n=$((n + step))
    done
    if [ "$bad" -eq 0 ] && [ "$failed" -gt 0 ]; then
        printf 'ok fault %s: %d of %d allocations failed in turn (every %d), %d gave exit 4\n' "$name" \
            "$runs" "$total" "$step" "$failed"
    elif [ "$bad" -eq 0 ]; then
        printf 'FAIL fault %s: no allocation failure was noticed (is the wrap working?)\n' "$name"
    fi
}

only() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }
# reading and planning: every allocation; the commands on a written plan repeat the
# same few reading paths over many JSON values: FAULT_MAX_RUNS of them (default 150)
most=0
only validate && every_allocation validate 0 "" "$bin" validate "$scen"
only infeasible && every_allocation infeasible 1 "" "$bin" plan "$tmp/in/infeasible.json" -o "$tmp/none"
mkdir -p "$tmp/plan"
"$bin" plan "$scen" -q -o "$tmp/plan" >/dev/null 2>&1
only plan && every_allocation plan 0 "$tmp/plan" "$bin" plan "$scen" -q -o "$tmp/plan"
most=${FAULT_MAX_RUNS:-150}
only report && every_allocation report 0 "" "$bin" report "$tmp/plan/plan.json" -q -o "$tmp/report.html"
only explain && every_allocation explain 0 "" "$bin" explain "$tmp/plan/plan.json" c3
"$bin" plan "$tmp/in/base.json" -q -o "$tmp/base" >/dev/null 2>&1
only diff && every_allocation diff 0 "" "$bin" diff "$tmp/base/plan.json" "$tmp/plan/plan.json"
mkdir -p "$tmp/cmp"
"$bin" compare "$tmp/base/plan.json" "$scen" -q -o "$tmp/cmp" >/dev/null 2>&1
only compare && every_allocation compare 0 "" "$bin" compare "$tmp/base/plan.json" "$scen" -q -o "$tmp/cmp"
mkdir -p "$tmp/trade"
"$bin" tradeoff "$scen" -q --points 3 -o "$tmp/trade" >/dev/null 2>&1
only tradeoff && every_allocation tradeoff 0 "" "$bin" tradeoff "$scen" -q --points 3 -o "$tmp/trade"
only staffing && every_allocation staffing 0 "" "$bin" staffing "$scen" --cut 1 -o "$tmp/staff"
exit 0
