#!/bin/sh
# reading.sh - the cost of reading a million cases, alone: `omfordel validate -q` against
# libcsv parsing the same files and storing nothing; writes bench/results/reading.md.
# Not part of `make check`; see docs/performance.md.
#
#   bench/reading.sh [--rounds N] [--also LABEL=PROGRAM ...] [--out DIR] [--work DIR]
#
# Needs ./omfordel and build/gen (`make all`), python3, /usr/bin/time and libcsv.
# Options: bench/reading.py --help.
cd "$(dirname "$0")/.." || exit 2
. bench/needs.sh
need_build reading
need_time reading
build_csv_floor
exec python3 bench/reading.py "$@"
