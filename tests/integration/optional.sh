#!/bin/sh
# Optional stickers through the command (issue 16): romcap analyse on a scene with or
# without its optional stickers, then check_e2e against the scene's exact truth (every
# angle and every marker in the picture), and summary.json and the log:
#   on   the rule RULE is judged (enabled, no note)
#   off  the rule is off with "optional sticker 'MARKER' not seen: rule RULE off",
#        said once as information; no warning and no marker diagnosis at all.
# usage: optional.sh ROMCAP CHECK_E2E WORK URI on|off RULE MARKER LIMITS
set -eu
romcap=$1 check=$2 work=$3 uri=$4 want=$5 rule=$6 marker=$7 limits=$8
rm -rf "$work"
mkdir -p "$(dirname "$work")"
"$romcap" analyse "$uri" --out "$work" --no-progress 2>"$work.log"
cat "$work.log"
note="optional sticker '$marker' not seen: rule $rule off"
if grep -q 'warning' "$work.log"; then echo "optional.sh: a warning"; exit 1; fi
if grep -Eq '"diagnosis":[[:space:]]*"' "$work/summary.json"; then
  echo "optional.sh: a marker diagnosis"; exit 1
fi
# The rule's entry: from its name to the end of its object.
entry=$(awk -v r="\"$rule\"" '$0 ~ "\"name\":[[:space:]]*" r { on = 1 } on && /}/ { exit } on' \
  "$work/summary.json")
case $want in
on)
  echo "$entry" | grep -Eq '"enabled":[[:space:]]*true' || { echo "optional.sh: $rule not judged"; exit 1; }
  if grep -q "$note" "$work.log"; then echo "optional.sh: said off"; exit 1; fi ;;
off)
  echo "$entry" | grep -Eq '"enabled":[[:space:]]*false' || { echo "optional.sh: $rule judged"; exit 1; }
  echo "$entry" | grep -Eq "\"note\":[[:space:]]*\"$note\"" || { echo "optional.sh: no note '$note'"; exit 1; }
  [ "$(grep -cF "$note" "$work.log")" = 1 ] || { echo "optional.sh: not said once"; exit 1; } ;;
esac
# shellcheck disable=SC2086 # LIMITS is split into check_e2e's arguments on purpose
"$check" "$uri" "$work" $limits
