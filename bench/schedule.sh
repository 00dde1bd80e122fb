#!/bin/sh
# schedule.sh - part of `make bench`: omfordel schedule on Slagelse cut-40 and on a
# Copenhagen-size plan, each time against `omfordel report` of the same plan.json in the
# same run; writes bench/results/schedule.md, naming the commit. Not part of `make check`.
#
#   bench/schedule.sh [--out DIR] [--work DIR] [--repeats N]
#
# Needs ./omfordel and build/gen (`make all`), python3 and /usr/bin/time.
cd "$(dirname "$0")/.." || exit 2
. bench/needs.sh
need_build schedule
need_time schedule
exec python3 bench/schedule.py "$@"
