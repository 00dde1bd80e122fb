#!/bin/sh
# exact.sh - omfordel's plan equals the exact case-level optimum on every priority
# level, on hand-made and random small instances (tests/exact/README.md).
cd "$(dirname "$0")/../.." || exit 2
OMFORDEL=${OMFORDEL:-build/asan/omfordel} sh tests/exact/run_exact.sh --count 200 --jobs 2
