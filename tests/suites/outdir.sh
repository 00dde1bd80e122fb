#!/bin/sh
# outdir.sh - an output folder that cannot take the plan: read-only, missing under a
# file, a file itself, full (ulimit -f), or with a folder where a plan file goes.
# Each gives a clear error and exit 4, leaves no temporary file, and leaves the
# previous plan in that folder as it was. Also: files are 0600 unless --umask.
. "$(dirname "$0")/../suite_lib.sh"
chmod 755 "$tmp" # the read-only checks run as another user
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
printf 'checks 14\n'
sh tests/cases/prepare.sh tests/cases/input/ok_extends_override "$tmp/in"
chmod -R a+rX "$tmp/in"
scen=$tmp/in/scenario.json
snapshot() { (cd "$1" && find . -exec sh -c 'for f; do if [ -f "$f" ]; then sha256sum "$f"; else echo "$f"; fi; done' sh {} + | sort); }

# fails NAME DIR PATTERN CMD...: CMD exits 4 with PATTERN on stderr; DIR unchanged
fails() {
    name=$1 dir=$2 pattern=$3
    shift 3
    [ -d "$dir" ] && snapshot "$dir" >"$tmp/before"
    "$@" >"$tmp/out" 2>"$tmp/err"
    code=$?
    if [ "$code" -ne 4 ]; then
        printf 'FAIL outdir %s: exit %s, expected 4\n%s\n' "$name" "$code" "$(head -5 "$tmp/err")"
    elif ! grep -q -E "$pattern" "$tmp/err"; then
        printf 'FAIL outdir %s: stderr lacks /%s/:\n%s\n' "$name" "$pattern" "$(head -5 "$tmp/err")"
    elif ! clean "$tmp/err"; then
        printf 'FAIL outdir %s: sanitizer report\n%s\n' "$name" "$(head -20 "$tmp/err")"
    elif [ -d "$dir" ] && ! snapshot "$dir" | cmp -s "$tmp/before" -; then
        printf 'FAIL outdir %s: the folder changed:\n%s\n' "$name" "$(snapshot "$dir" | diff "$tmp/before" -)"
    else
        printf 'ok outdir %s\n' "$name"
    fi
}

# a previous plan, to be kept
"$bin" plan "$scen" -q -o "$tmp/prev" --time-limit 10 >/dev/null 2>&1
if [ ! -f "$tmp/prev/plan.json" ]; then
    printf 'FAIL outdir: the first plan was not written\n'
    exit 0
fi
perm=$(stat -c %a "$tmp/prev/plan.json")
[ "$perm" = 600 ] && printf 'ok outdir plan files are 0600\n' || printf 'FAIL outdir plan files are %s, expected 600\n' "$perm"
perm=$(stat -c %a "$tmp/prev")
[ "$perm" = 700 ] && printf 'ok outdir a new folder is 0700\n' || printf 'FAIL outdir a new folder is %s, expected 700\n' "$perm"
"$bin" plan "$scen" -q -o "$tmp/open" --umask 022 --time-limit 10 >/dev/null 2>&1
perm=$(stat -c %a "$tmp/open/report.html" 2>/dev/null)
[ "$perm" = 644 ] && printf 'ok outdir --umask 022 gives 0644\n' || printf 'FAIL outdir --umask 022 gave %s, expected 644\n' "$perm"
"$bin" report "$tmp/prev/plan.json" -q -o "$tmp/r.html" >/dev/null 2>&1
perm=$(stat -c %a "$tmp/r.html" 2>/dev/null)
[ "$perm" = 600 ] && printf 'ok outdir report is 0600\n' || printf 'FAIL outdir report is %s, expected 600\n' "$perm"

# full: the plan outgrows the file size limit (report.html is about 20 kB)
fails "file size limit (ulimit -f)" "$tmp/prev" 'report.html: error: cannot write: File too large' \
    sh -c 'ulimit -f 16 && exec "$@"' sh "$bin" plan "$scen" -q -o "$tmp/prev" --time-limit 10

# a folder stands where plan.json goes
mkdir "$tmp/dirty" && cp "$tmp/prev"/*.csv "$tmp/dirty/" && mkdir "$tmp/dirty/plan.json"
fails "a folder named plan.json" "$tmp/dirty" 'plan.json: error: cannot write: a folder of that name is in the way' \
    "$bin" plan "$scen" -q -o "$tmp/dirty" --time-limit 10

# a device or a pipe where the report goes (-o /dev/null as root): refused, left as it was
mkfifo "$tmp/pipe.html"
fails "a pipe where the report goes" "$tmp/prev" 'pipe.html: error: cannot write: not a regular file' \
    "$bin" report "$tmp/prev/plan.json" -q -o "$tmp/pipe.html"
[ -p "$tmp/pipe.html" ] && printf 'ok outdir the pipe is still a pipe\n' || printf 'FAIL outdir the pipe was replaced\n'

# the output is a file, or lies under one
: >"$tmp/afile"
fails "output is a file" "$tmp/prev" 'afile: error: exists and is not a folder' \
    "$bin" plan "$scen" -q -o "$tmp/afile" --time-limit 10
fails "output under a file" "$tmp/prev" 'afile/sub: error: cannot make the folder: Not a directory' \
    "$bin" plan "$scen" -q -o "$tmp/afile/sub" --time-limit 10
fails "report under a file" "$tmp/prev" 'error: cannot' \
    "$bin" report "$tmp/prev/plan.json" -q -o "$tmp/afile/sub/r.html"

# read-only: as another user when we are root (root writes anywhere)
chmod 555 "$tmp/prev"
as=""
[ "$(id -u)" -eq 0 ] && as="setpriv --reuid=65534 --regid=65534 --clear-groups"
if [ -n "$as" ] && ! $as true 2>/dev/null; then
    printf 'FAIL outdir read-only: cannot drop to an unprivileged user with setpriv\n'
else
    fails "read-only folder" "$tmp/prev" 'error: cannot write: Permission denied' \
        $as "$bin" plan "$scen" -q -o "$tmp/prev" --time-limit 10
    fails "missing folder under a read-only one" "$tmp/prev" 'error: cannot make the folder: Permission denied' \
        $as "$bin" plan "$scen" -q -o "$tmp/prev/new/deeper" --time-limit 10
fi
chmod 755 "$tmp/prev"

# and a plan that can be written replaces the previous one whole, leaving nothing else
"$bin" plan "$scen" -q -o "$tmp/prev" --time-limit 10 >/dev/null 2>&1
n=$(ls -A "$tmp/prev" | wc -l)
[ "$n" -eq 6 ] && printf 'ok outdir a new plan leaves six files\n' || printf 'FAIL outdir a new plan left %s entries: %s\n' "$n" "$(ls -A "$tmp/prev")"
