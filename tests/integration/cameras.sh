#!/bin/sh
# `romcap cameras` without a camera (issue 20): a folder with no videoN node, and one
# whose video0 is a plain file, each give exactly one line saying so and exit 0; a
# folder that cannot be read is an error (exit 1) naming it.
# usage: cameras.sh ROMCAP
set -u
romcap=$1
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
fails=0

# one_line_no_camera DIR
one_line_no_camera() {
  "$romcap" cameras --dev-dir "$1" >"$work/out" 2>"$work/err"
  got=$?
  [ "$got" -eq 0 ] || { echo "FAIL: $1: exit $got, wanted 0"; fails=$((fails + 1)); }
  [ "$(wc -l <"$work/out")" -eq 1 ] || { echo "FAIL: $1: not one line"; fails=$((fails + 1)); }
  [ ! -s "$work/err" ] || { echo "FAIL: $1: printed on stderr"; fails=$((fails + 1)); }
  grep -q "^no camera found" "$work/out" || { echo "FAIL: $1: no 'no camera found'"; fails=$((fails + 1)); }
  cat "$work/out"
}

mkdir "$work/empty" "$work/plain"
one_line_no_camera "$work/empty"
: >"$work/plain/video0"
one_line_no_camera "$work/plain"

"$romcap" cameras --dev-dir "$work/missing" >"$work/out" 2>"$work/err"
got=$?
[ "$got" -eq 1 ] || { echo "FAIL: missing folder: exit $got, wanted 1"; fails=$((fails + 1)); }
grep -q "$work/missing: cannot read" "$work/err" || { echo "FAIL: missing folder not named"; fails=$((fails + 1)); }

[ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "romcap cameras: ok"
