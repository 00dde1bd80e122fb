#!/bin/sh
# exact.sh - omfordel's plan equals the exact case-level optimum on every priority
# level, on hand-made and random small instances; stopped early (--gap 0.3), no level
# claims a bound or an optimum the exact model disproves (tests/exact/README.md).
cd "$(dirname "$0")/../.." || exit 2
export OMFORDEL=${OMFORDEL:-build/asan/omfordel}
sh tests/exact/run_exact.sh --count 200 --jobs 2
rc=$?
sh tests/exact/run_exact.sh --count 100 --jobs 2 --gap 0.3 || rc=1
exit $rc
