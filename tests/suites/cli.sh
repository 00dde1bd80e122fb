#!/bin/sh
# cli.sh - the command line keeps its promises: --help matches the README, usage
# errors exit 2 with a hint, --version answers.
. "$(dirname "$0")/../suite_lib.sh"
printf 'checks 27\n'

"$bin" --help >"$tmp/help"
code=$?
check "help exits 0" [ "$code" -eq 0 ]
grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u >"$tmp/help-opts"
sed -n '/^Options/,/^Exit codes/p' README.md | grep -o -- '--[a-z][a-z-]*' | sort -u >"$tmp/readme-opts"
if cmp -s "$tmp/help-opts" "$tmp/readme-opts"; then
    printf 'ok README options match --help\n'
else
    printf 'FAIL README options match --help:\n%s\n' "$(diff "$tmp/help-opts" "$tmp/readme-opts")"
fi
for cmd in plan validate explain diff; do
    check "help names $cmd" grep -q "^  $cmd " "$tmp/help"
    check "README names $cmd" grep -q "omfordel $cmd " README.md
done

"$bin" --no-such-option >/dev/null 2>"$tmp/err"
code=$?
check "unknown option exits 2" [ "$code" -eq 2 ]
check "unknown option hints at --help" grep -q "try 'omfordel --help'" "$tmp/err"
"$bin" >/dev/null 2>&1
check "no command exits 2" [ "$?" -eq 2 ]
"$bin" frobnicate x >/dev/null 2>&1
check "unknown command exits 2" [ "$?" -eq 2 ]
"$bin" plan >/dev/null 2>&1
check "plan without scenario exits 2" [ "$?" -eq 2 ]
"$bin" plan s.json --gap banana >/dev/null 2>&1
check "non-numeric --gap exits 2" [ "$?" -eq 2 ]
"$bin" --version >"$tmp/v"
check "version" grep -q '^omfordel [0-9]' "$tmp/v"
missing=""
for o in $(cat "$tmp/help-opts"); do
    grep -q -F -- "$(printf '%s' "$o" | sed 's/-/\\-/g')" omfordel.1 || missing="$missing $o"
done
check "man page names every option:$missing" [ -z "$missing" ]

# -v: where the time goes, one line per priority level
"$bin" plan tests/fault/scenario/scenario.json -o "$tmp/plan" -v >/dev/null 2>"$tmp/verbose"
for part in "read and check" "build the model" "level peak_utilisation" "level overload_points" \
    "level moved" "level balance" "expand to cases" "solve" "write"; do
    check "-v prints $part" grep -q "^omfordel: *$part  *[0-9.]* s" "$tmp/verbose"
done
