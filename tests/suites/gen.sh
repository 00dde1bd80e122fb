#!/bin/sh
# gen.sh - build/gen: today's arguments give today's bytes, the same arguments the same
# bytes, every design and knob gives valid input that plans, --help and tools/gen.md name
# the same options, misuse exits 2.
. "$(dirname "$0")/../suite_lib.sh"
printf 'checks 39\n'

cd "$tmp" || exit 2
digest() { (cd "$1" && cat departments.csv staff.csv cases.csv scenario.json | sha256sum | cut -c1-64); }
quiet() { "$@" >/dev/null 2>&1; }

# the default shape, which the other suites and the bench's figures stand on
"$gen" --cases 300 --caseworkers 12 --seed 5 --pinned-share 0.05 --out d1 --name h >/dev/null
"$gen" --cases 11000 --caseworkers 230 --departments 4 --leavers 63 --seed 1 --out d2 --name h \
    >/dev/null
check "default shape unchanged (300/12 seed 5)" \
    [ "$(digest d1)" = 58f51fea6062adbc5f9921a43c707837786748e6a1cb4834157436667c9e8ae7 ]
check "default shape unchanged (11,000/230, 4 departments, 63 leavers)" \
    [ "$(digest d2)" = 68fce1b299d7bd02e82d1d0c86748caeec82d0d70a2cb32d691bc89ed65f17c2 ]

# every design with the realistic shape: valid, deterministic, the designs' departments
for d in 3 4 5 6 7 8 9; do
    "$gen" --cases 2000 --caseworkers 60 --leavers 10 --departments "$d" --shape realistic \
        --seed 3 --out "r$d" --name "r$d" >/dev/null
    "$gen" --cases 2000 --caseworkers 60 --leavers 10 --departments "$d" --shape realistic \
        --seed 3 --out "again$d" --name "r$d" >/dev/null
    check "realistic, $d departments: same arguments, same bytes" \
        [ "$(digest "r$d")" = "$(digest "again$d")" ]
    check "realistic, $d departments: $d departments written" \
        [ "$(($(wc -l <"r$d/departments.csv") - 1))" -eq "$d" ]
    check "realistic, $d departments: omfordel validate accepts it" \
        quiet "$bin" validate "r$d/scenario.json" -q
done

# the preset is its options spelled out, whatever the order; an option given wins
"$gen" --cases 2000 --caseworkers 60 --load 1.2 --skew 0.05 --spread --shared 2 \
    --specialists 0.15 --cap-factors 0.1 --own-weights 0.04 --no-caseworker 0.03 --fixed 0.08 \
    --pinned-share 0.02 --out spelled --name p >/dev/null
"$gen" --cases 2000 --caseworkers 60 --shape realistic --out preset --name p >/dev/null
check "--shape realistic is its options spelled out" [ "$(digest spelled)" = "$(digest preset)" ]
"$gen" --cases 2000 --caseworkers 60 --load 1.3 --shape realistic --out w1 --name p >/dev/null
"$gen" --cases 2000 --caseworkers 60 --shape realistic --load 1.3 --out w2 --name p >/dev/null
check "an option given with --shape wins in any order" [ "$(digest w1)" = "$(digest w2)" ]

# what the knobs promise, read back from the files
why=$(python3 - spelled 2>&1 <<'PY'
import csv, collections, sys
d = sys.argv[1]
deps = list(csv.DictReader(open(d + "/departments.csv", encoding="utf-8")))
staff = list(csv.DictReader(open(d + "/staff.csv", encoding="utf-8")))
cases = list(csv.DictReader(open(d + "/cases.csv", encoding="utf-8")))
bad = []
servers = collections.Counter(g for r in deps for g in r["segments"].split("|"))
if sorted(servers.values()).count(2) != 2:
    bad.append("--shared 2: %s" % dict(servers))
caps = [float(r["cap_points"]) for r in deps]
if len(set(caps)) < 2:
    bad.append("--load: one cap for all %s" % caps)
weights = {c["weight"] for c in cases if c["weight"]}
if not weights <= {"0.5", "2", "2.5"} or not weights:
    bad.append("--own-weights: %s" % weights)
quals = [len(s["qualified"].split("|")) for s in staff if s["qualified"]]
if not quals or max(quals) > 3:
    bad.append("--specialists: %s" % quals)
if {s["cap_factor"] for s in staff} - {"", "0.5", "0.8"}:
    bad.append("--cap-factors: %s" % {s["cap_factor"] for s in staff})
load = collections.Counter(c["caseworker"] for c in cases if c["caseworker"])
mean = sum(load.values()) / float(len(staff))
if max(load.values()) < 2.5 * mean:
    bad.append("--skew: largest caseload %d against a mean of %.1f" % (max(load.values()), mean))
print("; ".join(bad))
PY
)
check "the knobs show in the files${why:+: $why}" [ -z "$why" ]

# case costs and households: the share asked, households one department serves whole,
# the changes_12m distribution, the scenario's keys; nothing else changed
"$gen" --cases 11000 --caseworkers 230 --seed 2017 --households 0.15 --changes-12m \
    --move-costs --out hh --name h >/dev/null
"$gen" --cases 11000 --caseworkers 230 --seed 2017 --out plain --name h >/dev/null
why=$(python3 - hh plain "$top/tools" 2>&1 <<'PY'
import collections, csv, sys
sys.path.insert(0, sys.argv[3])
import check_plan
hh, plain = sys.argv[1], sys.argv[2]
sc = check_plan.Scenario(hh + "/scenario.json")
bad = []
n = sum(len(v) for v in sc.household.values())
if not 0.14 <= n / len(sc.case_ids) <= 0.16:
    bad.append("--households 0.15: %d of %d cases" % (n, len(sc.case_ids)))
if sc.impossible_households() or {len(v) for v in sc.household.values()} != {2, 3, 4}:
    bad.append("households no one may hold whole %s, sizes %s" % (
        sorted(sc.impossible_households())[:3], {len(v) for v in sc.household.values()}))
split = sum(len({sc.case[c]["from"] for c in v}) > 1 for v in sc.household.values())
if not 0.05 <= split / len(sc.household) <= 0.15:
    bad.append("%d of %d households with two or more caseworkers" % (split, len(sc.household)))
akt = [sc.case[c]["changes"] for c in sc.case_ids if sc.case[c]["segment"] == "aktivitetsparat"]
if not 0.35 <= sum(x > 0 for x in akt) / len(akt) <= 0.45:
    bad.append("changes_12m: %d of %d aktivitetsparat" % (sum(x > 0 for x in akt), len(akt)))
if sc.move_cost != {"aktivitetsparat": 3, "ressourceforloeb": 3, "jobafklaring": 3} \
        or sc.repeat_factor != 0.5:
    bad.append("--move-costs: %s, %s" % (sc.move_cost, sc.repeat_factor))
a = [r[:5] for r in csv.reader(open(hh + "/cases.csv"))]
b = list(csv.reader(open(plain + "/cases.csv")))
if a != b or open(hh + "/staff.csv").read() != open(plain + "/staff.csv").read():
    bad.append("the other columns or staff.csv differ from the same seed without the knobs")
print("; ".join(bad))
PY
)
check "households, changes_12m and move costs show in the files${why:+: $why}" [ -z "$why" ]
"$gen" --cases 11000 --caseworkers 230 --seed 2017 --households 0.15 --changes-12m \
    --move-costs --out hh2 --name h >/dev/null
check "households, changes_12m and move costs: same arguments, same bytes" \
    [ "$(digest hh)" = "$(digest hh2)" ]
check "omfordel validate accepts the households and move costs" \
    quiet "$bin" validate hh/scenario.json -q

# the measured shape plans, and the independent checker accepts the plan
"$gen" --cases 600 --caseworkers 24 --leavers 4 --departments 6 --shape realistic --seed 8 \
    --out small --name small >/dev/null
"$bin" plan small/scenario.json -o small/plan -q --time-limit 10 2>err
code=$?
check "a small realistic instance plans (exit $code)" [ "$code" -eq 0 ]
check "tools/check_plan.py accepts it" \
    quiet python3 "$top/tools/check_plan.py" small/scenario.json small/plan

# --help and tools/gen.md name the same options
opts_help=$("$gen" --help | grep -o -E '^  --[a-z-]+' | sed 's/^ *//' | grep -v -x -e --help | sort -u)
opts_doc=$(grep -o -E '^\| `--[a-z-]+' "$top/tools/gen.md" | sed 's/^| `//' | sort -u)
check "--help and tools/gen.md name the same options" [ "$opts_help" = "$opts_doc" ]

# misuse
for args in "--cases 10 --caseworkers 12 --departments 10" \
    "--cases 10 --caseworkers 12 --departments 3 --shared 4" \
    "--cases 10 --caseworkers 12 --load 1.2 --tight" "--cases 10 --caseworkers 12 --skew 0.3" \
    "--cases 10 --caseworkers 12 --shape odd" "--cases 10 --caseworkers 12 --fixed 1.5" \
    "--cases 10 --caseworkers 12 --households 1.5"; do
    "$gen" $args --out bad --name bad >/dev/null 2>err
    code=$?
    check "gen $args: exit 2 ($code)" [ "$code" -eq 2 ]
done
