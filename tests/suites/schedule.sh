#!/bin/sh
# schedule.sh - omfordel schedule: tools/check_schedule.py accepts every schedule made here
# and refuses each mutation of one; the fewest weeks equal an exact GLPK model's on small
# random plans; Slagelse cut-40 within one week of the lower bound and in time; bad input
# gives a clear error and writes nothing; schedule.html renders in chromium without case
# ids. Prints "ok NAME" or "FAIL NAME: why" per check.
. "$(dirname "$0")/../suite_lib.sh"
printf 'checks 99\n'

ok() { printf 'ok %s\n' "$1"; }
fail() { printf 'FAIL %s: %s\n' "$1" "$2"; }
checker() { python3 "$top/tools/check_schedule.py" "$@" >"$tmp/checker" 2>&1; }
# expect_ok NAME PLAN DIR [CHECKER-OPTIONS]: the checker accepts the schedule in DIR
expect_ok() {
    name=$1
    shift
    if checker "$@"; then ok "$name"; else fail "$name" "$(head -3 "$tmp/checker")"; fi
}
# no_schedule DIR: no schedule file (nor a temporary one) in DIR
no_schedule() { ! ls "$1" 2>/dev/null | grep -q -E 'schedule|weeks|letters'; }

# --- a hand instance: leaver s3's four cases go to s1 (one) and s2 (three); s1 also hands
# one case to s2. At two meetings a week s3 and s2 (four meetings each) need two weeks.
mkdir -p "$tmp/hand"
cd "$tmp/hand" || exit 2
cat >departments.csv <<'EOF'
id,name,segments,cap_points
A,A,jobparat,5
B,B,jobparat,5
EOF
cat >staff.csv <<'EOF'
id,name,unit,fte,status,qualified,department,cap_factor,last_day,handovers_per_week
s1,Anna,U,1,stays,,A,,,
s2,Bo,U,1,stays,,B,,,
s3,Carl,U,1,leaves,,,,2027-01-15,
EOF
cat >cases.csv <<'EOF'
id,caseworker,segment,weight,pinned
h01,s1,jobparat,,
h02,s1,jobparat,,
h03,s1,jobparat,,
h04,s2,jobparat,,
h05,s3,jobparat,,
h06,s3,jobparat,,
h07,s3,jobparat,,
h08,s3,jobparat,,
h09,,jobparat,,
EOF
cat >scenario.json <<'EOF'
{"name": "hand", "data": {"departments": "departments.csv", "staff": "staff.csv",
 "cases": "cases.csv"}, "schedule": {"per_week": 2}}
EOF
"$bin" plan scenario.json -o plan -q 2>"$tmp/err"
check "hand: plan" [ -f plan/plan.json ] || cat "$tmp/err"
"$bin" schedule plan/plan.json --start 2027-01-04 -o sched >"$tmp/out" 2>"$tmp/err"
code=$?
check "hand: schedule exits 0" [ "$code" -eq 0 ] || cat "$tmp/err"
check "hand: no sanitizer report" clean "$tmp/err"
expect_ok "hand: the checker accepts the schedule" plan/plan.json sched --start 2027-01-04
weeks=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["weeks"], d["lower_bound_weeks"], d["status"])' sched/schedule.json)
check "hand: 2 weeks, lower bound 2, optimal (got $weeks)" [ "$weeks" = "2 2 optimal" ]
check "hand: the case without a caseworker is a week-1 letter" grep -q '^1,h09,' sched/letters.csv
check "hand: files are 0600" [ "$(stat -c %a sched/schedule.csv sched/weeks.csv sched/letters.csv sched/schedule.json sched/schedule.html | sort -u)" = 600 ]
check "hand: the summary names weeks and the bound" grep -q 'in 2 weeks (lower bound 2 weeks)' "$tmp/out"
"$bin" schedule plan/plan.json --start 2027-01-04 --per-week 1 -o sched1 -q 2>"$tmp/err"
code=$?
check "hand: --per-week 1 cannot keep s3's last day: exit 1" [ "$code" -eq 1 ]
check "hand: ... naming s3 and the weeks it lacks" grep -q 'caseworker s3: 4 handover meetings by week 2 need 2 more weeks' "$tmp/err"
check "hand: ... and writes nothing" no_schedule sched1
"$bin" schedule plan/plan.json --start 2027-01-04 --per-week 4 --excel -o excel -q 2>"$tmp/err"
expect_ok "hand: --excel files pass the checker" plan/plan.json excel --per-week 4
check "hand: --per-week 4 takes 1 week" grep -q '"weeks": 1,' excel/schedule.json

# --- mutations of the hand schedule that the checker must refuse
mutate() { # NAME PYTHON: PYTHON edits the files of a copy of sched (d = its folder)
    rm -rf "$tmp/hand/mut"
    cp -r "$tmp/hand/sched" "$tmp/hand/mut"
    python3 - "$tmp/hand/mut" "$2" <<'EOF'
import csv, json, os, sys
d, code = sys.argv[1], sys.argv[2]
def rows(name):
    with open(os.path.join(d, name), newline="") as f:
        return list(csv.reader(f))
def put(name, rs):
    with open(os.path.join(d, name), "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rs)
def js():
    return json.load(open(os.path.join(d, "schedule.json")))
def putjs(j):
    json.dump(j, open(os.path.join(d, "schedule.json"), "w"))
exec(code)
EOF
    if checker "$tmp/hand/plan/plan.json" "$tmp/hand/mut"; then fail "mutation refused: $1" "the checker accepts it"; else ok "mutation refused: $1"; fi
}
mutate "a moved case left out" 'r = rows("schedule.csv"); put("schedule.csv", r[:-1])'
mutate "a case handed over twice" 'r = rows("schedule.csv"); put("schedule.csv", r + [r[-1]])'
mutate "a kept case scheduled" 'r = rows("schedule.csv"); r.append(["1", "2027-01-04", "h01", "jobparat", "s1", "s2", "B", "kept"]); put("schedule.csv", r)'
mutate "a wrong receiver" 'r = rows("schedule.csv"); r[1][5] = "s1" if r[1][5] != "s1" else "s2"; put("schedule.csv", r)'
mutate "a wrong monday" 'r = rows("schedule.csv"); r[1][1] = "2027-01-05"; put("schedule.csv", r)'
mutate "too many meetings in week 1" 'r = rows("schedule.csv"); [x.__setitem__(0, "1") or x.__setitem__(1, "2027-01-04") for x in r[1:]]; put("schedule.csv", r)'
mutate "a leaver after the last day" 'r = rows("schedule.csv"); x = [x for x in r[1:] if x[4] == "s3"][0]; x[0] = "3"; x[1] = "2027-01-18"; put("schedule.csv", r)'
mutate "the case without a caseworker in week 2" 'r = rows("schedule.csv"); x = [x for x in r[1:] if x[2] == "h09"][0]; x[0] = "2"; x[1] = "2027-01-11"; put("schedule.csv", r)'
mutate "weeks off by one" 'j = js(); j["weeks"] += 1; putjs(j)'
mutate "a lower bound too low" 'j = js(); j["lower_bound_weeks"] -= 1; putjs(j)'
mutate "status optimal above the bound" 'j = js(); j["status"] = "feasible"; putjs(j)'
mutate "points at a week end" 'r = rows("weeks.csv"); r[1][6] = str(float(r[1][6]) + 1); put("weeks.csv", r)'
mutate "a meetings count" 'r = rows("weeks.csv"); r[1][3] = str(int(r[1][3]) + 1); put("weeks.csv", r)'
mutate "a weeks.csv row missing" 'r = rows("weeks.csv"); put("weeks.csv", r[:-1])'
mutate "a breach invented" 'j = js(); j["breaches"].append({"week": 1, "monday": "2027-01-04", "caseworker": "s1", "points_end_of_week": 9, "threshold_points": 3, "over_points": 6}); putjs(j)'
mutate "a letter to the wrong caseworker" 'r = rows("letters.csv"); r[1][2] = "s3"; put("letters.csv", r)'
mutate "a letter missing" 'r = rows("letters.csv"); put("letters.csv", r[:-1])'
mutate "json handovers differ from the CSV" 'j = js(); j["handovers"][0]["week"] = 2; putjs(j)'
mutate "pair_weeks miscounted" 'j = js(); j["pair_weeks"] += 1; putjs(j)'
mutate "the plan checksum" 'j = js(); j["plan"]["sha256"] = "0" * 64; putjs(j)'
mutate "per_week misstated" 'j = js(); j["per_week"] = 3; putjs(j)'
mutate "a start that is no Monday" 'j = js(); j["start"] = "2027-01-05"; putjs(j)'

# --- bad input: a clear error, nothing written
sed 's/^s3,Carl,U,1,leaves,,,,2027-01-15,$/s3,Carl,U,1,leaves,,,,2026-12-31,/' staff.csv >staff2.csv
mkdir -p before && cp departments.csv cases.csv before/ && cp staff2.csv before/staff.csv
sed 's/"per_week": 2/"per_week": 2/' scenario.json >before/scenario.json
"$bin" plan before/scenario.json -o before/plan -q 2>/dev/null
"$bin" schedule before/plan/plan.json --start 2027-01-04 -o before/out -q 2>"$tmp/err"
code=$?
check "bad: a last_day before --start: exit 3" [ "$code" -eq 3 ]
check "bad: ... names the file, line, caseworker and both days" grep -q 'staff.csv:4: error: caseworker s3: last_day 2026-12-31 is before the schedule.s start 2027-01-04' "$tmp/err"
check "bad: ... writes nothing" no_schedule before/out
mkdir -p malformed && cp departments.csv cases.csv scenario.json malformed/
sed 's/2027-01-15/2027-02-30/' staff.csv >malformed/staff.csv
"$bin" plan malformed/scenario.json -o malformed/plan -q 2>"$tmp/err"
code=$?
check "bad: a malformed last_day: exit 3" [ "$code" -eq 3 ]
check "bad: ... at file:line:col" grep -q 'staff.csv:4:9: error: column .last_day.: expected a date YYYY-MM-DD, got "2027-02-30"' "$tmp/err"
sed 's/^s1,Anna,U,1,stays,,A,,,$/s1,Anna,U,1,stays,,A,,,1.5/' staff.csv >malformed/staff.csv
"$bin" validate malformed/scenario.json 2>"$tmp/err" >/dev/null
code=$?
check "bad: handovers_per_week 1.5: exit 3 at file:line:col" sh -c "[ $code -eq 3 ] && grep -q 'staff.csv:2:10: error: column .handovers_per_week.' '$tmp/err'"
sed 's/"per_week": 2/"per_week": 0/' scenario.json >malformed/scenario.json
cp staff.csv malformed/staff.csv
"$bin" validate malformed/scenario.json 2>"$tmp/err" >/dev/null
code=$?
check "bad: schedule.per_week 0 in the scenario: exit 3" sh -c "[ $code -eq 3 ] && grep -q 'schedule.per_week' '$tmp/err'"
"$bin" schedule plan/plan.json --per-week 0 -o zero 2>"$tmp/err"
code=$?
check "bad: --per-week 0: usage error" sh -c "[ $code -eq 2 ] && grep -q 'per-week' '$tmp/err'"
check "bad: ... writes nothing" no_schedule zero
"$bin" schedule plan/plan.json --start 2027-01-05 -o tue 2>"$tmp/err"
code=$?
check "bad: --start on a Tuesday: usage error" sh -c "[ $code -eq 2 ] && grep -q 'not a Monday' '$tmp/err'"
"$bin" schedule plan/plan.json --start 2027-13-01 -o tue 2>"$tmp/err"
code=$?
check "bad: --start not a date: usage error" [ "$code" -eq 2 ]
"$bin" plan --per-week 3 scenario.json -o x 2>"$tmp/err"
code=$?
check "bad: --per-week with plan: usage error" [ "$code" -eq 2 ]
cp -r plan changed && cp cases.csv cases.bak && echo 'h10,s1,jobparat,,' >>cases.csv
"$bin" schedule changed/plan.json --start 2027-01-04 -o changed -q 2>"$tmp/err"
code=$?
mv cases.bak cases.csv
check "bad: an input changed since the plan: exit 3" [ "$code" -eq 3 ]
check "bad: ... says which and why" grep -q 'cases.csv: error: changed since .*plan.json was planned (sha256 differs)' "$tmp/err"
check "bad: ... writes nothing" no_schedule changed
"$bin" schedule nothing.json 2>"$tmp/err"
code=$?
check "bad: a missing plan.json: exit 3" [ "$code" -eq 3 ]

# --- the exact comparison: the fewest weeks of 32 small random plans against GLPK
cd "$top" || exit 2
python3 tests/exact/schedule_exact.py "$bin" "$tmp/exact" 32 18

# --- Slagelse cut-40 at ten meetings a week, the leavers' last days in staff.csv
"$fast" plan scenarios/slagelse-2017/cut-40.json -o "$tmp/cut" -q --time-limit 20 2>"$tmp/err"
check "slagelse: plan cut-40" [ -f "$tmp/cut/plan.json" ] || head -3 "$tmp/err"
t0=$(date +%s.%N)
"$fast" schedule "$tmp/cut/plan.json" --start 2017-01-02 --per-week 10 -q 2>"$tmp/err"
code=$?
t1=$(date +%s.%N)
check "slagelse: schedule exits 0" [ "$code" -eq 0 ] || head -3 "$tmp/err"
secs=$(python3 -c "print(round($t1 - $t0, 3))")
check "slagelse: schedule in at most 2 s ($secs s)" python3 -c "import sys; sys.exit($secs > 2)"
expect_ok "slagelse: the checker accepts it, within one week of the bound, every leaver by their last day" \
    "$tmp/cut/plan.json" "$tmp/cut" --per-week 10 --start 2017-01-02 --max-extra 1
leavers=$(grep -c ',2017-0[1-3]-[0-9][0-9]$' scenarios/slagelse-2017/staff.csv)
check "slagelse: 40 leavers have a last_day ($leavers)" [ "$leavers" -eq 40 ]
"$bin" schedule "$tmp/cut/plan.json" --start 2017-01-02 --per-week 10 -o "$tmp/cut-asan" -q 2>"$tmp/err"
check "slagelse: the sanitizer build writes the same schedule" cmp -s "$tmp/cut/schedule.csv" "$tmp/cut-asan/schedule.csv"
check "slagelse: no sanitizer report" clean "$tmp/err"

# --- schedule.html: no case id, a page of its own, Danish and English, anonymised
html=$tmp/cut/schedule.html
cut -d, -f1 scenarios/slagelse-2017/cases.csv | tail -n +2 >"$tmp/case-ids"
check "html: no case id" sh -c "! grep -o -w -F -f '$tmp/case-ids' '$html' | grep -q ."
check "html: refers to nothing outside itself" sh -c "! grep -q -E '(src|href)=|<script|@import|url\\(' '$html'"
check "html: Danish by default" grep -q '<html lang="da">' "$html"
check "html: one bar a week" python3 -c "
import json, re, sys
w = json.load(open('$tmp/cut/schedule.json'))['weeks']
t = open('$html').read()
per = re.findall(r'class=\"bar\" data-week=\"\d+\" data-cases=\"(\d+)\"', t)
sys.exit(len(per) != w or sum(map(int, per)) != json.load(open('$tmp/cut/schedule.json'))['moved'])"
"$fast" schedule "$tmp/cut/plan.json" --start 2017-01-02 --per-week 10 --lang en --anonymise -o "$tmp/cut-en" -q
check "html: --lang en speaks English" grep -q '<html lang="en">.*' "$tmp/cut-en/schedule.html"
cut -d, -f1 scenarios/slagelse-2017/staff.csv | tail -n +2 >"$tmp/staff-ids"
check "html: --anonymise hides every staff id" sh -c "! grep -o -w -F -f '$tmp/staff-ids' '$tmp/cut-en/schedule.html' | grep -q ."
check "html: each leaver's countdown" [ "$(grep -c 'class="leaver"' "$html")" -eq 40 ]
if ! command -v chromium >/dev/null 2>&1; then
    tools/install-deps.sh --with-browser >"$tmp/install.log" 2>&1
fi
profile=$(mktemp -d "$tmp/profile.XXXXXX")
timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --dump-dom "file://$html" >"$tmp/dom.html" 2>"$tmp/chromium.log"
check "html: renders in chromium" grep -q 'data-kpi="weeks"' "$tmp/dom.html" || tail -3 "$tmp/chromium.log"
check "html: no case id in the rendered DOM" sh -c "! grep -o -w -F -f '$tmp/case-ids' '$tmp/dom.html' | grep -q ."
