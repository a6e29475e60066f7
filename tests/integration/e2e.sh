#!/bin/sh
# End to end: romcap analyse on a synthetic scene (or a file made from one), then
# check_e2e against the scene's exact ground truth (and no wrap jump in summary.json).
# With E2E_CLEAN=1 (the clean scenes: every marker in view all the time) summary.json
# must also carry no marker diagnosis.
# usage: e2e.sh ROMCAP CHECK_E2E WORKDIR TRUTH_URI LIMITS [INPUT [MODEL]]
# LIMITS: the angle RMS bound, optionally followed by check_e2e's KEY=VALUE limits in
# the same argument ("0.05 max=0.2 px=0.1 pxmax=0.3").
set -eu
romcap=$1 check=$2 work=$3 uri=$4 limits=$5 input=${6:-$4} model=${7:-}
rm -rf "$work"
mkdir -p "$(dirname "$work")"
if [ -n "$model" ]; then
  "$romcap" analyse "$input" --model "$model" --out "$work" --no-progress
else
  "$romcap" analyse "$input" --out "$work" --no-progress
fi
# Outputs are private health data.
for f in tracks.csv angles.csv summary.json; do
  [ "$(stat -c %a "$work/$f")" = 600 ] || { echo "$work/$f is not mode 600"; exit 1; }
done
[ "$(stat -c %a "$work")" = 700 ] || { echo "$work is not mode 700"; exit 1; }
if [ "${E2E_CLEAN:-0}" = 1 ] && grep -Eq '"diagnosis":[[:space:]]*"' "$work/summary.json"; then
  grep -E '"diagnosis"' "$work/summary.json"; echo "e2e.sh: a marker diagnosis on a clean scene"
  exit 1
fi
# shellcheck disable=SC2086 # LIMITS is split into check_e2e's arguments on purpose
"$check" "$uri" "$work" $limits
