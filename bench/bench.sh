#!/bin/sh
# bench.sh - `make bench`: omfordel against the straightforward formulation in glpsol and
# cbc, a million cases, and reading against libcsv alone; writes bench/results/bench.md
# and bench/results/bench.csv. Not part of `make check`; see docs/performance.md.
#
#   bench/bench.sh [--time-limit S] [--gap G] [--only LABEL,...] [--quick]
#                  [--no-baseline] [--no-reading] [--repeats N] [--out DIR] [--keep]
#
# Needs ./omfordel and build/gen (`make all`), python3, glpsol, cbc, /usr/bin/time and
# libcsv (`tools/install-deps.sh --with-bench`). Options: bench/bench.py --help.
cd "$(dirname "$0")/.." || exit 2
. bench/needs.sh
missing=""
for t in python3 glpsol cbc timeout cc; do
    command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
[ -x /usr/bin/time ] || missing="$missing /usr/bin/time"
if [ -n "$missing" ]; then
    echo "bench: not found:$missing (tools/install-deps.sh --with-bench)" >&2
    exit 1
fi
need_build bench
build_csv_floor
exec python3 bench/bench.py "$@"
