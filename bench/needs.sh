# needs.sh - what the bench/*.sh wrappers check before they start; sourced, not run.
# Each function prints "NAME: …" and exits 1 when something is missing.

# need_build NAME: ./omfordel and build/gen are built.
need_build() {
    if [ ! -x ./omfordel ] || [ ! -x build/gen ]; then
        echo "$1: build first: make all" >&2
        exit 1
    fi
}

# need_time NAME: GNU time, for wall time and peak memory.
need_time() {
    if [ ! -x /usr/bin/time ]; then
        echo "$1: not found: /usr/bin/time (tools/install-deps.sh --with-bench)" >&2
        exit 1
    fi
}

# build_csv_floor: build/bench/csv_floor, libcsv alone (bench/csv_floor.c), when stale.
build_csv_floor() {
    mkdir -p build/bench
    if [ ! -x build/bench/csv_floor ] || [ bench/csv_floor.c -nt build/bench/csv_floor ]; then
        ${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -O2 -D_POSIX_C_SOURCE=200809L \
            -o build/bench/csv_floor bench/csv_floor.c -lcsv || exit 1
    fi
}
