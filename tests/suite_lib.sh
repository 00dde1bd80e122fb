# suite_lib.sh - what a suite in tests/suites/ starts with: sourced, not run.
# Sets top (the repository, the working folder), bin (the omfordel under test, absolute:
# $OMFORDEL or the sanitizer build), fast (the optimised build, for Slagelse-size data),
# gen, tmp (removed on exit) and the helpers below.
# A suite prints "checks N" first, N the number of ok/FAIL lines it makes (tests/run.sh).
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
bin=${OMFORDEL:-build/asan/omfordel}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
fast=$top/omfordel
gen=$top/build/gen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check NAME CONDITION-COMMAND...: prints "ok NAME" or "FAIL NAME"; returns the
# condition's status, so that a caller may print why after the FAIL line
check() {
    name=$1
    shift
    if "$@"; then printf 'ok %s\n' "$name"; else printf 'FAIL %s\n' "$name"; return 1; fi
}

# clean FILE: FILE (a command's stderr) holds no sanitizer report
clean() { ! grep -q -E 'runtime error|Sanitizer' "$1"; }

# checked SCENARIO PLAN-FOLDER: the independent checker (tools/check_plan.py) accepts
# the plan; what it found is in $tmp/checker
checked() { python3 "$top/tools/check_plan.py" "$1" "$2" >"$tmp/checker" 2>&1; }
