# suite_lib.sh - what a suite in tests/suites/ starts with: sourced, not run.
# Sets top (the repository), bin (the omfordel under test, absolute), gen, tmp (removed
# on exit) and check NAME CONDITION-COMMAND..., which prints "ok NAME" or "FAIL NAME".
# A suite prints "checks N" first, N the number of ok/FAIL lines it makes (tests/run.sh).
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
bin=${OMFORDEL:-build/asan/omfordel}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
gen=$top/build/gen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {
    name=$1
    shift
    if "$@"; then printf 'ok %s\n' "$name"; else printf 'FAIL %s\n' "$name"; fi
}
