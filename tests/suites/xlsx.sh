#!/bin/sh
# xlsx.sh - --xlsx workbooks read back by tests/xlsx_equal.py (zipfile and XML, not
# libxlsxwriter): each sheet equals its CSV cell for cell, plain and --excel, Danish and
# English sheet names, for plan, compare, staffing, tradeoff and schedule; the workbook is
# part of the all-or-nothing set of files.
. "$(dirname "$0")/../suite_lib.sh"
printf 'checks 24\n'
xe="python3 $top/tests/xlsx_equal.py"
cd "$tmp" || exit 2
"$gen" --cases 150 --caseworkers 10 --leavers 1 --seed 7 --departments 3 --tight \
    --pinned-share 0.05 --out g --name g >/dev/null

# ran CODE: the command before exited CODE 0 with no sanitizer report in err
ran() { [ "$1" -eq 0 ] && clean err; }

# same NAME DIR [LANG] | same NAME BOOK.xlsx TABLE.csv SHEET...: the plan's workbook in
# DIR equals DIR's CSVs, or the workbook's sheets equal the tables
same() {
    name=$1
    shift
    if $xe "$@" >"$tmp/xe" 2>&1; then
        printf 'ok %s\n' "$name"
    else
        printf 'FAIL %s\n%s\n' "$name" "$(head -10 "$tmp/xe")"
    fi
}

"$bin" plan g/scenario.json -o p -q --xlsx 2>err
check "plan --xlsx runs" ran $?
same "plan.xlsx equals the CSVs (Danish sheets)" p
"$bin" plan g/scenario.json -o pe -q --xlsx --excel --lang en 2>err
check "plan --xlsx --excel --lang en runs" ran $?
same "plan.xlsx equals the --excel CSVs (English sheets)" pe en
"$bin" plan g/scenario.json -o n -q 2>err
check "no plan.xlsx without --xlsx" [ ! -e n/plan.xlsx ]

# compare: each scenario's plan folder gets its workbook
printf '{ "name": "g2", "extends": "scenario.json", "leaves": ["s0002"] }\n' >g/g2.json
"$bin" compare g/scenario.json g/g2.json -o c -q --xlsx 2>err
check "compare --xlsx runs" ran $?
same "compare: the first plan's workbook equals its CSVs" c/g
same "compare: the second plan's workbook equals its CSVs" c/g2
same "comparison.xlsx equals comparison.csv" c/comparison.xlsx c/comparison.csv Sammenligning

"$bin" staffing g/scenario.json -o s --cut 1 --xlsx --excel >/dev/null 2>err
check "staffing --xlsx runs" ran $?
same "staffing.xlsx equals the --excel staffing.csv" s/staffing.xlsx s/staffing.csv Bemanding
"$bin" tradeoff g/scenario.json -o t -q --points 2 --xlsx --lang en 2>err
check "tradeoff --xlsx runs" ran $?
same "tradeoff.xlsx equals tradeoff.csv (English sheet)" t/tradeoff.xlsx t/tradeoff.csv Trade-off
same "and each point's plan has its workbook" t/point-1 en

# schedule: a sheet per CSV, in the CSVs' order
"$bin" schedule p/plan.json -o sd -q --xlsx 2>err
check "schedule --xlsx runs" ran $?
same "schedule.xlsx equals the CSVs (Danish sheets)" sd/schedule.xlsx sd/schedule.csv \
    Overdragelser sd/weeks.csv Uger sd/letters.csv Breve
"$bin" schedule p/plan.json -o se -q --xlsx --excel --lang en 2>err
check "schedule --xlsx --excel --lang en runs" ran $?
same "schedule.xlsx equals the --excel CSVs (English sheets)" se/schedule.xlsx \
    se/schedule.csv Handovers se/weeks.csv Weeks se/letters.csv Letters

# all or nothing: the workbook cannot be made, so no file of the set is written
TMPDIR=$tmp/none "$bin" plan g/scenario.json -o broken -q --xlsx 2>err
code=$?
check "a workbook that cannot be made fails the plan" [ "$code" -ne 0 ]
check "and nothing of the plan is written" [ ! -e broken/assignments.csv ]
TMPDIR=$tmp/none "$bin" schedule p/plan.json -o sbroken -q --xlsx 2>err
code=$?
check "a workbook that cannot be made fails the schedule" [ "$code" -ne 0 ]
check "and nothing of the schedule is written" [ ! -e sbroken/schedule.csv ]

"$bin" validate g/scenario.json --xlsx >out 2>err
check "--xlsx elsewhere is a usage error" [ $? -eq 2 ]
check "which names the commands it belongs to" grep -q "plan, compare, staffing, tradeoff and schedule" err
