#!/bin/sh
# valgrind.sh - every golden case (tests/cases/*/*) again under valgrind, on the build
# without sanitizers: no invalid read or write, no use of uninitialised memory, no
# leak; and the exit code the case expects. Two cases at a time.
. "$(dirname "$0")/../suite_lib.sh"
printf 'checks %d\n' "$(ls tests/cases/*/*/exit | wc -l)" # one per golden case
if ! command -v valgrind >/dev/null 2>&1; then
    printf 'FAIL valgrind: not installed (tools/install-deps.sh installs it)\n'
    exit 0
fi
cat >"$tmp/omfordel" <<EOS
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --log-fd=9 "$fast" "\$@" 9>>"\$VG_LOG"
EOS
chmod +x "$tmp/omfordel"

one() { # DIR: run one case, print ok or FAIL
    dir=$1
    name=$(basename "$dir")
    work=$tmp/case/$name
    sh tests/cases/prepare.sh "$dir" "$work"
    (cd "$work" && VG_LOG=$work/.vg OMFORDEL=$tmp/omfordel sh ./cmd >/dev/null 2>"$work/.err" </dev/null)
    code=$?
    want=$(cat "$dir/exit")
    if [ -s "$work/.vg" ]; then
        printf 'FAIL valgrind %s:\n%s\n' "$name" "$(head -30 "$work/.vg")"
    elif [ "$code" != "$want" ]; then
        printf 'FAIL valgrind %s: exit %s, expected %s\n%s\n' "$name" "$code" "$want" "$(head -5 "$work/.err")"
    else
        printf 'ok valgrind %s\n' "$name"
    fi
}

set -- tests/cases/*/*/
while [ $# -gt 0 ]; do
    [ -f "$1/exit" ] && one "$1" &
    [ $# -gt 1 ] && [ -f "$2/exit" ] && one "$2" &
    wait
    shift
    [ $# -gt 0 ] && shift
done
exit 0
