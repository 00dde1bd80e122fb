#!/bin/sh
# protect.sh - `make bench-protect`: Slagelse's cut-40 compared with households and with
# protect-vulnerable.json (costs, households, max_cases_out); writes bench/results/protect.md,
# naming the commit. Not part of `make check`; README.md quotes it.
#
#   bench/protect.sh [--out DIR] [--work DIR]
#
# Needs ./omfordel (`make all`), python3 and /usr/bin/time. Options: bench/protect.py --help.
cd "$(dirname "$0")/.." || exit 2
. bench/needs.sh
need_build protect
need_time protect
exec python3 bench/protect.py "$@"
