#!/bin/sh
# Five times sit-to-stand end to end: e2e.sh on the sit_to_stand scene with 5
# repetitions, then summary.json's five_reps_s of the knee angle (the first angle)
# against the scene's own timing.
# usage: five_reps.sh ROMCAP CHECK_E2E WORKDIR URI LIMITS TRUTH_S TOL_S
set -eu
romcap=$1 check=$2 work=$3 uri=$4 limits=$5 truth=$6 tol=$7
sh "$(dirname "$0")/e2e.sh" "$romcap" "$check" "$work" "$uri" "$limits"
# the first angle's is the first in the file (angles are written in the model's order)
got=$(tr -d ' \n\t' < "$work/summary.json" | grep -o '"five_reps_s":[-0-9.eE+]*' | head -n 1 | cut -d: -f2)
[ -n "$got" ] || { echo "five_reps.sh: no five_reps_s on the first angle"; exit 1; }
echo "five_reps_s $got s, truth $truth s"
awk -v g="$got" -v t="$truth" -v e="$tol" 'BEGIN { d = g - t; if (d < 0) d = -d; exit !(d <= e) }' \
  || { echo "five_reps.sh: off by more than $tol s"; exit 1; }
