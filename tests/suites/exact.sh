#!/bin/sh
# exact.sh - omfordel's plan equals the exact case-level optimum on every priority
# level, on hand-made and random small instances; stopped early (--gap 0.3), no level
# claims a bound or an optimum the exact model disproves; seeds 1001-1100 with case costs,
# households and max_cases_out (tests/exact/README.md).
. "$(dirname "$0")/../suite_lib.sh"
export OMFORDEL="$bin"
# each run: one check per instance (hand-made and random), then one per rule covered (8,
# and 4 more on the seeds with case costs and households)
hand=$(ls tests/instances/*/optimum.json | wc -l)
printf 'checks %d\n' $((hand + 200 + 8 + hand + 100 + 8 + hand + 100 + 12))
sh tests/exact/run_exact.sh --count 200 --jobs 2
rc=$?
sh tests/exact/run_exact.sh --count 100 --jobs 2 --gap 0.3 || rc=1
sh tests/exact/run_exact.sh --first 1001 --count 100 --jobs 2 || rc=1
exit $rc
