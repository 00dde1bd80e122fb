#!/bin/sh
# hostile.sh - huge or hostile input, made on the fly: ten million rows, a 1 MB field,
# 100,000 columns, deeply nested JSON, an extends chain 1,000 files deep, a 20 MB
# line. Each must end within its time with a clear error or a result, in bounded
# memory (the big ones run the build without sanitizers under ulimit -v).
. "$(dirname "$0")/../suite_lib.sh"
printf 'checks 11\n'

# a small valid scenario to spoil one file of
fresh() {
    rm -rf "$tmp/s"
    mkdir -p "$tmp/s"
    cp tests/cases/base/scenario.json tests/cases/input/ok_minimal_columns_blank_lines/*.csv "$tmp/s/"
}

# expect NAME SECONDS CODE PATTERN CMD...: CMD ends within SECONDS with exit CODE and
# stderr matching PATTERN (grep -E), and no sanitizer report.
expect() {
    name=$1 secs=$2 want=$3 pattern=$4
    shift 4
    timeout "$secs" "$@" >"$tmp/out" 2>"$tmp/err"
    code=$?
    if [ "$code" -eq 124 ]; then
        printf 'FAIL hostile %s: still running after %s s\n' "$name" "$secs"
    elif ! clean "$tmp/err"; then
        printf 'FAIL hostile %s: sanitizer report\n%s\n' "$name" "$(head -20 "$tmp/err")"
    elif [ "$code" -ne "$want" ]; then
        printf 'FAIL hostile %s: exit %s, expected %s\n%s\n' "$name" "$code" "$want" "$(head -5 "$tmp/err")"
    elif ! grep -q -E "$pattern" "$tmp/err"; then
        printf 'FAIL hostile %s: stderr lacks /%s/:\n%s\n' "$name" "$pattern" "$(head -5 "$tmp/err")"
    elif [ "$(wc -l <"$tmp/err")" -gt 25 ]; then
        printf 'FAIL hostile %s: %s lines of errors, expected a few\n' "$name" "$(wc -l <"$tmp/err")"
    else
        printf 'ok hostile %s\n' "$name"
    fi
}


# ten million case rows, streamed through a pipe (no 200 MB file; the writer gives up
# after 120 s should the reader never open it): refused at the
# row limit with the line, in bounded memory
fresh
mkfifo "$tmp/s/big.csv"
sed 's/"cases.csv"/"big.csv"/' "$tmp/s/scenario.json" >"$tmp/s/big.json"
(timeout 120 awk -v out="$tmp/s/big.csv" 'BEGIN { print "id,caseworker,segment" >out
    for (i = 1; i <= 10000000; i++) printf "c%d,s1,jobparat\n", i >out }' 2>/dev/null &)
expect "ten million rows" 120 3 'big.csv:2000002: error: more than 2000000 data rows' \
    sh -c 'ulimit -v 1500000 && exec "$@"' sh "$fast" validate "$tmp/s/big.json"

# a field of 1 MB: a quoted one beyond the limit, and an id just within it
fresh
awk 'BEGIN { printf "id,caseworker,segment\nc1,s1,jobparat\n\""; for (i = 0; i < 1100; i++) printf "%999s\n", "x"; print "\",s1,jobparat" }' >"$tmp/s/cases.csv"
expect "1 MB quoted field" 30 3 'cases.csv:3:1: error: quoted field longer than 1048576 bytes' "$bin" validate "$tmp/s/scenario.json"
awk 'BEGIN { printf "id,caseworker,segment\nc1,s1,jobparat\n"; for (i = 0; i < 1000000; i++) printf "x"; print ",s1,nosuchsegment" }' >"$tmp/s/cases.csv"
expect "1 MB id" 30 3 'cases.csv:3:3: error: column .segment.: unknown segment' "$bin" validate "$tmp/s/scenario.json"

# 100,000 columns in the header, and in a data row
fresh
awk 'BEGIN { printf "id,caseworker,segment"; for (i = 0; i < 100000; i++) printf ",x%d", i; print ""; print "c1,s1,jobparat" }' >"$tmp/s/cases.csv"
expect "100,000 columns in the header" 30 3 "cases.csv:1: error: too many errors; stopped reading this file" "$bin" validate "$tmp/s/scenario.json"
awk 'BEGIN { print "id,caseworker,segment"; printf "c1,s1,jobparat"; for (i = 0; i < 100000; i++) printf ",x"; print "" }' >"$tmp/s/cases.csv"
expect "100,000 fields in a row" 30 3 'cases.csv:2: error: expected 3 fields as in the header, got 100003' "$bin" validate "$tmp/s/scenario.json"

# one line of 20 MB without a newline
fresh
awk 'BEGIN { printf "id,caseworker,segment\n"; for (i = 0; i < 2000000; i++) printf "xxxxxxxxxx" }' >"$tmp/s/cases.csv"
expect "20 MB line" 30 3 'cases.csv:2: error: line longer than 1048576 bytes' "$bin" validate "$tmp/s/scenario.json"

# deeply nested JSON: arrays and objects a million deep
fresh
awk 'BEGIN { printf "{\"name\": "; for (i = 0; i < 1000000; i++) printf "["; for (i = 0; i < 1000000; i++) printf "]"; print "}" }' >"$tmp/s/scenario.json"
expect "JSON arrays a million deep" 30 3 'scenario.json:1:[0-9]+: error: .*depth' "$bin" validate "$tmp/s/scenario.json"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "{\"a\": "; printf "1"; for (i = 0; i < 100000; i++) printf "}"; print "" }' >"$tmp/s/scenario.json"
expect "JSON objects 100,000 deep" 30 3 'scenario.json:1:[0-9]+: error: .*depth' "$bin" validate "$tmp/s/scenario.json"

# a scenario file of 20 MB
fresh
awk 'BEGIN { printf "{\"title\": \""; for (i = 0; i < 2000000; i++) printf "xxxxxxxxxx"; print "\"}" }' >"$tmp/s/scenario.json"
expect "20 MB scenario" 30 3 'scenario.json: error: cannot read scenario: File too large' "$bin" validate "$tmp/s/scenario.json"

# an extends chain 1,000 files deep, and a cycle through 1,000 files
fresh
i=1
while [ "$i" -lt 1000 ]; do
    printf '{"extends": "e%d.json"}\n' $((i + 1)) >"$tmp/s/e$i.json"
    i=$((i + 1))
done
cp "$tmp/s/scenario.json" "$tmp/s/e1000.json"
expect "extends 1,000 deep" 30 3 'e16.json: error: \$\.extends: extends chain longer than 16 files' "$bin" validate "$tmp/s/e1.json"
printf '{"extends": "e1.json"}\n' >"$tmp/s/e1000.json"
expect "extends cycle of 1,000" 30 3 'extends chain longer than 16 files' "$bin" validate "$tmp/s/e1.json"
