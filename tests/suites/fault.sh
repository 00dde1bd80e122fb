#!/bin/sh
# fault.sh - allocation failure at each allocation in turn (build/fault/omfordel, see
# tests/fault/failalloc.c): validate, plan and report must each exit 4 with "out of
# memory" and no sanitizer report, or succeed with the same result; a plan that
# fails leaves the previous plan in its folder untouched and no temporary file.
cd "$(dirname "$0")/../.." || exit 2
bin=${OMFORDEL_FAULT:-build/fault/omfordel}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ ! -x "$bin" ]; then
    printf 'FAIL fault build missing: make build/fault/omfordel\n'
    exit 0
fi
cp -R tests/cases/ok_extends_override "$tmp/in"
scen=$tmp/in/scenario.json
snapshot() { (cd "$1" && find . -type f -exec sha256sum {} + | sort); }

# every_allocation NAME OUTDIR CMD...: run CMD failing allocation 1, 2, ... in turn.
# With OUTDIR, that folder holds a finished plan before each run and must hold it,
# and only it, after a failed one.
every_allocation() {
    name=$1 outdir=$2
    shift 2
    OMFORDEL_ALLOC_COUNT=$tmp/count "$@" >"$tmp/ref.out" 2>"$tmp/ref.err"
    code=$?
    total=$(cat "$tmp/count" 2>/dev/null || echo 0)
    if [ "$code" -ne 0 ] || [ "$total" -lt 10 ]; then
        printf 'FAIL fault %s: reference run exit %s with %s allocations\n%s\n' "$name" "$code" \
            "$total" "$(head -5 "$tmp/ref.err")"
        return
    fi
    if [ -n "$outdir" ]; then
        snapshot "$outdir" >"$tmp/before"
        cp "$outdir/assignments.csv" "$tmp/ref.assignments"
    fi
    n=1 bad=0 failed=0
    while [ "$n" -le "$total" ]; do
        OMFORDEL_FAIL_ALLOC=$n "$@" >"$tmp/out" 2>"$tmp/err"
        code=$?
        why=""
        if grep -q -E 'runtime error|AddressSanitizer|LeakSanitizer' "$tmp/err"; then
            why="sanitizer report"
        elif [ "$code" -eq 4 ]; then
            failed=$((failed + 1))
            grep -q 'out of memory' "$tmp/err" || why="exit 4 without 'out of memory'"
            [ -z "$why" ] && [ -s "$tmp/out" ] && [ -z "$outdir" ] && why="exit 4 but printed a result"
            if [ -z "$why" ] && [ -n "$outdir" ]; then
                snapshot "$outdir" >"$tmp/after"
                cmp -s "$tmp/before" "$tmp/after" || why="previous output changed or temporary files left: $(diff "$tmp/before" "$tmp/after")"
            fi
        elif [ "$code" -ne 0 ]; then
            why="exit $code"
        elif ! cmp -s "$tmp/out" "$tmp/ref.out"; then
            why="exit 0 with another result"
        elif [ -n "$outdir" ] && ! cmp -s "$outdir/assignments.csv" "$tmp/ref.assignments"; then
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
        n=$((n + 1))
    done
    if [ "$bad" -eq 0 ] && [ "$failed" -gt 0 ]; then
        printf 'ok fault %s: each of %d allocations failed in turn, %d gave exit 4\n' "$name" "$total" "$failed"
    elif [ "$bad" -eq 0 ]; then
        printf 'FAIL fault %s: no allocation failure was noticed (is the wrap working?)\n' "$name"
    fi
}

[ -n "$ONLY" ] && [ "$ONLY" != validate ] || every_allocation validate "" "$bin" validate "$scen"
mkdir -p "$tmp/plan"
"$bin" plan "$scen" -q -o "$tmp/plan" --time-limit 10 >/dev/null 2>&1
every_allocation plan "$tmp/plan" "$bin" plan "$scen" -q -o "$tmp/plan" --time-limit 10
[ -n "$ONLY" ] && [ "$ONLY" != report ] || every_allocation report "" "$bin" report "$tmp/plan/plan.json" -q -o "$tmp/report.html"
[ -n "$ONLY" ] && [ "$ONLY" != explain ] || every_allocation explain "" "$bin" explain "$tmp/plan/plan.json" c1
