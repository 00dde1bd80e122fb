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
if [ ! -x ./omfordel ] || [ ! -x build/gen ]; then
    echo "reading: build first: make all" >&2
    exit 1
fi
if [ ! -x /usr/bin/time ]; then
    echo "reading: not found: /usr/bin/time (tools/install-deps.sh --with-bench)" >&2
    exit 1
fi
mkdir -p build/bench
if [ ! -x build/bench/csv_floor ] || [ bench/csv_floor.c -nt build/bench/csv_floor ]; then
    ${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -O2 -D_POSIX_C_SOURCE=200809L \
        -o build/bench/csv_floor bench/csv_floor.c -lcsv || exit 1
fi
exec python3 bench/reading.py "$@"
