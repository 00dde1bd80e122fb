#!/bin/sh
# quick.sh - `make bench-quick`: the bundled Slagelse scenarios planned, compared, traded
# off and staffed in a few minutes; writes bench/results/quick.md, naming the commit.
# Not part of `make check`; see docs/performance.md.
#
#   bench/quick.sh [--out DIR] [--work DIR]
#
# Needs ./omfordel (`make all`), python3 and /usr/bin/time. Options: bench/quick.py --help.
cd "$(dirname "$0")/.." || exit 2
. bench/needs.sh
need_build quick
need_time quick
exec python3 bench/quick.py "$@"
