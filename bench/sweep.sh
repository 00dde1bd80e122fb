#!/bin/sh
# sweep.sh - the planning engine's bar on a matrix of generated shapes (Slagelse size,
# Copenhagen size, a million cases): wall time, each level's gap, exit code and the
# independent checker's verdict per instance; writes bench/results/sweep.md and
# bench/results/sweep.csv. Part of `make bench`; alone:
#
#   bench/sweep.sh [--only slagelse|copenhagen|million[,...]] [--count N[,N...]] [--seeds A-B]
#                  [--no-corners] [--jobs N] [--out DIR] [--name NAME] [--keep]
#
# Needs ./omfordel and build/gen (`make all`) and python3. Options: bench/sweep.py --help.
cd "$(dirname "$0")/.." || exit 2
. bench/needs.sh
need_build sweep
if ! command -v python3 >/dev/null 2>&1; then
    echo "sweep: python3 not found" >&2
    exit 1
fi
exec python3 bench/sweep.py "$@"
