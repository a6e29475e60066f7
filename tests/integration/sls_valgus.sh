#!/bin/sh
# The single-leg squat with and without knee valgus (issue 16): romcap analyse, every
# angle against the scene's exact truth (check_e2e), then the FPPA's largest reading
# in summary.json against the scene's peak.
# usage: sls_valgus.sh ROMCAP CHECK_E2E WORK SCENE PEAK_DEG TOL_DEG LIMITS
set -eu
romcap=$1 check=$2 work=$3 scene=$4 peak=$5 tol=$6 limits=$7
uri="synthetic:${scene}?size=640x360&fps=30&seconds=8"
rm -rf "$work"
mkdir -p "$(dirname "$work")"
"$romcap" analyse "$uri" --out "$work" --no-progress
# shellcheck disable=SC2086 # LIMITS is split into check_e2e's arguments on purpose
"$check" "$uri" "$work" $limits
# The first "max_deg" of summary.json is the first angle's (fppa) single-frame maximum.
got=$(awk '$1 == "\"max_deg\":" { gsub(",", "", $2); print $2; exit }' "$work/summary.json")
awk -v g="$got" -v w="$peak" -v t="$tol" 'BEGIN {
  d = g - w; if (d < 0) d = -d
  printf "FPPA peak %s deg (truth %s, off %.4f, bound %s)\n", g, w, d, t
  exit !(g != "" && d <= t) }'
