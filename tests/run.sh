#!/bin/sh
# run.sh - run every test of omfordel and end with "N passed, N failed".
#
# Three kinds of test:
#   tests/cases/*/NAME/ golden end-to-end cases (tests/cases/README.md): 'cmd' is run
#                       by sh in a copy of the folder laid over the shared base scenario,
#                       with $OMFORDEL set; 'exit', 'stdout', 'stderr' hold what must come
#                       out (each optional but 'exit'). Unless the case has a file
#                       'writes', the folder must be unchanged afterwards.
#   build/unit/test_*   unit tests (built with sanitizers); exit 0 means pass.
#   tests/suites/*.sh   scripts that print "checks N" (how many checks they make) first,
#                       then "ok NAME" or "FAIL NAME: why" per check. A suite fails as a
#                       whole when it ran another number of checks than it declared, exited
#                       non-zero without a FAIL line, or printed a Python traceback: a check
#                       that crashed is a failure, not a check that did not run.
cd "$(dirname "$0")/.." || exit 2
top=$(pwd)
OMFORDEL=${OMFORDEL:-$top/build/asan/omfordel}
export OMFORDEL top
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
pass=0
fail=0
failed=""
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    failed="$failed
  $1"
    printf 'FAIL %s\n' "$1"
    [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/    /' | head -40
}

for dir in tests/cases/*/*/; do
    [ -f "$dir/exit" ] || continue
    name=${dir#tests/cases/}
    name=${name%/}
    work="$tmp/case/$name"
    sh tests/cases/prepare.sh "$dir" "$work"
    before=$(cd "$work" && find . -type f ! -name 'stdout' ! -name 'stderr' ! -name 'exit' -exec sha256sum {} + | sort)
    (cd "$work" && sh ./cmd >"$tmp/out" 2>"$tmp/err" </dev/null)
    code=$?
    why=""
    want=$(cat "$dir/exit")
    [ "$code" = "$want" ] || why="exit $code, expected $want"
    if [ -f "$dir/stdout" ] && ! cmp -s "$dir/stdout" "$tmp/out"; then
        why="$why
stdout differs:
$(diff "$dir/stdout" "$tmp/out")"
    fi
    if [ -f "$dir/stderr" ] && ! cmp -s "$dir/stderr" "$tmp/err"; then
        why="$why
stderr differs:
$(diff "$dir/stderr" "$tmp/err")"
    fi
    if grep -q -E 'runtime error|AddressSanitizer|LeakSanitizer' "$tmp/err"; then
        why="$why
sanitizer report:
$(cat "$tmp/err")"
    fi
    if [ ! -f "$dir/writes" ]; then
        after=$(cd "$work" && find . -type f ! -name 'stdout' ! -name 'stderr' ! -name 'exit' -exec sha256sum {} + | sort)
        [ "$before" = "$after" ] || why="$why
files changed or written:
$(printf '%s\n' "$before" >"$tmp/b"; printf '%s\n' "$after" >"$tmp/a"; diff "$tmp/b" "$tmp/a")"
    fi
    if [ -z "$why" ]; then ok; else bad "case $name" "$why"; fi
done

for t in build/unit/test_*; do
    [ -x "$t" ] || continue
    if "$t" >"$tmp/out" 2>&1; then ok; else bad "unit $(basename "$t")" "$(cat "$tmp/out")"; fi
done

# SUITES="cli report": only those suites (make test runs the fast ones)
suites=tests/suites/*.sh
[ -n "$SUITES" ] && suites=$(for n in $SUITES; do printf 'tests/suites/%s.sh ' "$n"; done)
for s in $suites; do
    [ -f "$s" ] || continue
    sh "$s" >"$tmp/suite" 2>&1
    code=$?
    n_ok=$(grep -c '^ok ' "$tmp/suite")
    pass=$((pass + n_ok))
    grep '^FAIL ' "$tmp/suite" | while IFS= read -r line; do printf '%s\n' "$line"; done
    n_bad=$(grep -c '^FAIL ' "$tmp/suite")
    fail=$((fail + n_bad))
    [ "$n_bad" -gt 0 ] && failed="$failed
  $(grep '^FAIL ' "$tmp/suite" | sed 's/^FAIL //' | tr '\n' ';')" && sed -n '/^FAIL /,/^ok /p' "$tmp/suite" | grep -v '^ok ' | head -60
    if [ "$code" -ne 0 ] && [ "$n_bad" -eq 0 ]; then bad "suite $(basename "$s") exited $code" "$(tail -20 "$tmp/suite")"; fi
    declared=$(sed -n 's/^checks \([0-9][0-9]*\)$/\1/p' "$tmp/suite" | head -1)
    if [ -z "$declared" ]; then
        bad "suite $(basename "$s") declares no count (a first line \"checks N\")"
    elif [ $((n_ok + n_bad)) -ne "$declared" ]; then
        bad "suite $(basename "$s") ran $((n_ok + n_bad)) checks, declared $declared" "$(tail -20 "$tmp/suite")"
    fi
    if grep -q '^Traceback (most recent call last)' "$tmp/suite"; then
        bad "suite $(basename "$s") printed a Python traceback" "$(grep -A 12 '^Traceback' "$tmp/suite" | head -40)"
    fi
done

[ "$fail" -gt 0 ] && printf 'failed:%s\n' "$failed"
printf '%d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ]
