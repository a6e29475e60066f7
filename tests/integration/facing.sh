#!/bin/sh
# A scene rendered as set up or mirrored (synth flip=1), through romcap analyse with
# no mirror option; check_facing then runs the facing detector on the tracked
# positions and checks the call, the angles read with it and the absence of wrap
# jumps. A mirrored scene is also analysed with --mirror and must read as the truth
# (check_e2e), as the same scene as set up does.
# usage: facing.sh ROMCAP CHECK_FACING CHECK_E2E MODELS_DIR WORKDIR URI MODEL EXPECT MAX_RMS
set -eu
romcap=$1 check=$2 e2e=$3 models=$4 work=$5 uri=$6 model=$7 expect=$8 rms=$9
rm -rf "$work"
mkdir -p "$work"
"$romcap" analyse "$uri" --model "$model" --out "$work/plain" --no-progress
"$check" "$model" "$models" "$uri" "$work/plain" "$expect" "$rms"
if [ "$expect" = yes ]; then
  "$romcap" analyse "$uri" --model "$model" --mirror --out "$work/mirror" --no-progress
  "$e2e" "$uri" "$work/mirror" "$rms"
fi
