#!/bin/sh
# `romcap check` on a synthetic scene made to fail one item of the set-up check
# (issue 20): that item, and only it, fails (every other one passes, warns or could not
# be judged), its advice matches ADVICE, its measured text matches MEASURED, and the
# exit status is 1; ITEM "none": every item passes and the exit status is 0.
# The --json file must say the same worst level.
# usage: check_cli.sh ROMCAP WORKDIR URI ITEM ADVICE MEASURED
romcap=$1 work=$2 uri=$3 item=$4 advice=$5 measured=$6
set -u
rm -rf "$work" && mkdir -p "$work" || exit 1
"$romcap" check "$uri" --seconds 4 --json "$work/check.json" > "$work/table.txt" 2> "$work/log.txt"
status=$?
cat "$work/table.txt"
fails=0
bad() { echo "check_cli: $*"; fails=$((fails + 1)); }
# Rows: ITEM (one or two words) RESULT MEASURED...; advice rows start with spaces and "->".
rows=$(grep -E '^(stickers|light|blur|framing|sticker size|camera square|frames dropped) +(pass|warn|fail|n/a) ' "$work/table.txt")
[ "$(printf '%s\n' "$rows" | wc -l)" -eq 7 ] || bad "not 7 item rows"
failing=$(printf '%s\n' "$rows" | sed -nE 's/^([a-z]+( [a-z]+)?) +fail .*/\1/p')
if [ "$item" = none ]; then
  [ "$status" -eq 0 ] || bad "exit $status, wanted 0"
  [ -z "$(printf '%s\n' "$rows" | grep -vE '^[a-z ]+ +pass ')" ] || bad "an item did not pass"
  grep -q '^overall: pass$' "$work/table.txt" || bad "overall is not pass"
  grep -q '"worst":[[:space:]]*"pass"' "$work/check.json" || bad "check.json: worst is not pass"
else
  [ "$status" -eq 1 ] || bad "exit $status, wanted 1"
  [ "$failing" = "$item" ] || bad "failing items: '$failing', wanted only '$item'"
  printf '%s\n' "$rows" | grep -E "^$item +fail " | grep -Eq -- "$measured" ||
    bad "the $item row does not say /$measured/"
  # its advice: the "->" line right under its row
  grep -A1 -E "^$item +fail " "$work/table.txt" | sed -n 2p | grep -E '^ +-> ' | grep -Eq -- "$advice" ||
    bad "the $item advice does not say /$advice/"
  grep -q '^overall: fail$' "$work/table.txt" || bad "overall is not fail"
  grep -q '"worst":[[:space:]]*"fail"' "$work/check.json" || bad "check.json: worst is not fail"
fi
[ "$fails" -eq 0 ] || { cat "$work/log.txt"; exit 1; }
echo "check_cli: ok ($item)"
