#!/bin/sh
# sweep.sh - the planning engine's bar on Slagelse-size data from many seeds: for each
# generated municipality (11,000 cases, 230 caseworkers; 3, 4 or 5 departments; 0 to 63
# leavers; seeds 1 to 40 for the generator's default shape, 1, 4, 5, 6 for the others),
# the wall time of `omfordel plan` and each level's gap.
# Writes bench/results/sweep.md and prints it. Part of `make bench`; alone:
#
#   bench/sweep.sh [--out DIR]
#
# Needs ./omfordel and build/gen (`make all`) and python3.
cd "$(dirname "$0")/.." || exit 2
out=bench/results
[ "$1" = "--out" ] && out=$2
if [ ! -x ./omfordel ] || [ ! -x build/gen ]; then
    echo "sweep: build first: make all" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
: >"$tmp/rows"
# the generator's own shape (5 departments, no leavers) with forty seeds, the
# others with four
for cfg in "4 63 1 4 5 6" "5 0 $(seq -s ' ' 1 40)" "5 40 1 4 5 6" "3 20 1 4 5 6"; do
    set -- $cfg
    for seed in $(echo "$cfg" | cut -d' ' -f3-); do
        d="$tmp/g-$1-$2-$seed"
        build/gen --cases 11000 --caseworkers 230 --departments "$1" --leavers "$2" \
            --seed "$seed" --out "$d" --name g >/dev/null || exit 1
        start=$(date +%s.%N)
        ./omfordel plan "$d/scenario.json" -o "$d/plan" -q 2>/dev/null
        end=$(date +%s.%N)
        printf '%s %s %s %s %s\n' "$1" "$2" "$seed" "$start" "$end" >>"$tmp/rows"
    done
done
python3 - "$tmp" "$out/sweep.md" <<'EOF'
import json, subprocess, sys
tmp, md = sys.argv[1], sys.argv[2]
rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                     text=True).stdout.strip()
lines = ["# Slagelse-size sweep (engine %s)" % rev, "",
         "`bench/sweep.sh`: `build/gen --cases 11000 --caseworkers 230 --departments D "
         "--leavers L --seed S`, then `omfordel plan` with the defaults. Bar: a valid plan, "
         "every level optimal or within 1 %, under 5 s.", "",
         "| departments | leavers | seed | time | moved (gap) | balance (gap) | largest gap | bar |",
         "| --- | --- | --- | --- | --- | --- | --- | --- |"]
met = 0
rows = [l.split() for l in open(tmp + "/rows")]
for dep, leavers, seed, start, end in rows:
    plan = json.load(open("%s/g-%s-%s-%s/plan/plan.json" % (tmp, dep, leavers, seed)))
    lv = {l["name"]: l for l in plan["solver"]["levels"]}
    secs = float(end) - float(start)
    worst = max(l["gap"] for l in lv.values())
    ok = secs < 5 and worst <= 0.01
    met += ok
    lines.append("| %s | %s | %s | %.2f s | %d (%.2f %%) | %.4f (%.2f %%) | %.2f %% | %s |" % (
        dep, leavers, seed, secs, lv["moved"]["value"], 100 * lv["moved"]["gap"],
        lv["balance"]["value"], 100 * lv["balance"]["gap"], 100 * worst,
        "yes" if ok else "**no**"))
lines += ["", "%d of %d instances meet the bar." % (met, len(rows))]
open(md, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF
