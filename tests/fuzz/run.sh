#!/bin/sh
# run.sh - run fuzz harnesses one after another, each for SECONDS.
#   tests/fuzz/run.sh SECONDS build/fuzz/fuzz_NAME...
# Each starts from its seed corpus tests/fuzz/corpus/NAME and keeps what it finds in
# build/fuzz/corpus-NAME; a crash is saved as build/fuzz/crash-NAME-* and ends the run
# with exit 1. Prints one line per harness: runs, executions per second, corpus size.
cd "$(dirname "$0")/../.." || exit 2
secs=${1:?usage: run.sh SECONDS FUZZER...}
shift
rc=0
for f in "$@"; do
    name=${f##*/fuzz_}
    work=build/fuzz/corpus-$name
    log=build/fuzz/$name.log
    mkdir -p "$work"
    "$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="build/fuzz/crash-$name-" \
        "$work" "tests/fuzz/corpus/$name" >"$log" 2>&1
    code=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    corpus=$(ls "$work" | wc -l)
    if [ "$code" -eq 0 ]; then
        printf '%s: %s s, %s runs, %s exec/s, %s inputs in %s\n' "$name" "$secs" "$runs" "$speed" "$corpus" "$work"
    else
        printf '%s: FAILED (exit %d) after %s runs; see %s\n' "$name" "$code" "$runs" "$log"
        grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
        rc=1
    fi
done
exit $rc
