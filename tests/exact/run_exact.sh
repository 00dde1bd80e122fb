#!/bin/sh
# run_exact.sh - optimality check of `omfordel plan` on small instances against the exact
# case-level model solved level by level in glpsol (tests/exact/exact.py).
#
#   OMFORDEL=./omfordel tests/exact/run_exact.sh [--count N] [--first SEED] [--jobs J]
#                                                [--tmlim S] [--gap G] [--self] [--keep]
#
# Runs the hand-made instances (tests/instances/NAME/ with the optimum worked out by hand
# in optimum.json) and N random ones (tests/exact/gen.py, seeds SEED.., default 1..60).
# Prints "ok exact-N" / "FAIL exact-N: why [instance] (kept in DIR)" per instance and a
# summary line naming the failed instances (an exact model that times out is a failure).
# --gap G > 0 plans with that gap and checks that no level claims more than is true.
# Needs python3 and glpsol (Debian package glpk-utils). --self uses exact.py's own plans
# instead of omfordel's (a test of this harness and of tools/check_plan.py).
cd "$(dirname "$0")/../.." || exit 2
if ! command -v glpsol >/dev/null 2>&1; then
    echo "FAIL exact: glpsol not found (apt-get install glpk-utils)"
    exit 1
fi
exec python3 tests/exact/run_exact.py "$@"
