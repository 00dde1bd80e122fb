#!/bin/sh
# install-deps.sh - install the Debian packages omfordel needs to build and test,
# only those that are missing; uses sudo when not root.
set -e
want="build-essential pkg-config libglpk-dev libjansson-dev libcsv-dev glpk-utils python3"
[ "$1" = "--with-browser" ] && want="$want chromium"
missing=""
for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
