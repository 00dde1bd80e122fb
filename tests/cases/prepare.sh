#!/bin/sh
# prepare.sh - make the folder a golden case runs in: the shared base scenario
# (tests/cases/base/), the case's own files over it, less the base files that the
# case's file 'without' names (one a line) and 'without' itself.
#   sh tests/cases/prepare.sh CASE-FOLDER WORK-FOLDER
mkdir -p "$2" && cp -R "$(dirname "$0")/base/." "$1/." "$2/" || exit 2
[ -f "$2/without" ] || exit 0
while IFS= read -r f; do
    rm -f "$2/$f"
done <"$2/without"
rm -f "$2/without"
