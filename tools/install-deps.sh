#!/bin/sh
# install-deps.sh - install the Debian packages omfordel needs to build and test,
# only those that are missing; uses sudo when not root.
#   --with-browser  also chromium, a font, and chromium-driver with python3-selenium
#                   (the browser tests of report.html and of serve)
#   --with-bench    also coinor-cbc, glpk-utils and time (what `make bench` needs)
set -e
# clang and libclang-rt-dev: libFuzzer for the fuzz harnesses; valgrind: make check;
# libxlsxwriter-dev: the workbooks of --xlsx; libmicrohttpd-dev: the HTTP server of serve
want="build-essential pkg-config libglpk-dev libjansson-dev libcsv-dev libxlsxwriter-dev \
libmicrohttpd-dev \
glpk-utils python3 clang libclang-rt-dev valgrind"
for a in "$@"; do
    case "$a" in
    --with-browser) want="$want chromium fonts-dejavu-core chromium-driver python3-selenium" ;;
    --with-bench) want="$want coinor-cbc glpk-utils time" ;;
    *) echo "install-deps.sh: unknown option $a" >&2; exit 2 ;;
    esac
done
missing=""
for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "install-deps.sh: not root and no sudo: install$missing as root" >&2
        exit 1
    fi
    sudo="sudo"
fi
# env: sudo resets the environment, and apt must not stop to ask
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
