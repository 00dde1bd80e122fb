#!/bin/sh
# fuzz.sh - each fuzz harness (build/fuzz/fuzz_*, tests/fuzz/) replays its seed corpus
# and the inputs that once crashed it, then fuzzes for FUZZ_CHECK_TIME seconds
# (default 20) from a scratch copy of the corpus. `make fuzz` runs them for longer.
. "$(dirname "$0")/../suite_lib.sh"
secs=${FUZZ_CHECK_TIME:-20}
found=0
printf 'checks 8\n' # two for each of the four harnesses
for f in build/fuzz/fuzz_*; do
    [ -x "$f" ] || continue
    found=$((found + 1))
    name=${f##*/fuzz_}
    if "$f" -runs=0 "tests/fuzz/corpus/$name" >"$tmp/log" 2>&1; then
        printf 'ok fuzz %s replays its corpus (%s inputs)\n' "$name" "$(ls "tests/fuzz/corpus/$name" | wc -l)"
    else
        printf 'FAIL fuzz %s corpus replay:\n%s\n' "$name" "$(grep -E 'ERROR|SUMMARY|#[0-9]+ in ' "$tmp/log" | head -12)"
    fi
    mkdir -p "$tmp/$name"
    "$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$tmp/crash-" "$tmp/$name" "tests/fuzz/corpus/$name" >"$tmp/log" 2>&1
    if [ $? -eq 0 ]; then
        printf 'ok fuzz %s for %s s: %s runs\n' "$name" "$secs" \
            "$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/log")"
    else
        printf 'FAIL fuzz %s for %s s found a crash (run make fuzz, see build/fuzz/):\n%s\n' "$name" "$secs" \
            "$(grep -E 'ERROR|SUMMARY|#[0-9]+ in ' "$tmp/log" | head -12)"
        cp "$tmp"/crash-* build/fuzz/ 2>/dev/null
    fi
done
[ "$found" -ge 4 ] || printf 'FAIL fuzz: %d harnesses built, expected 4 (is clang with libFuzzer installed?)\n' "$found"
