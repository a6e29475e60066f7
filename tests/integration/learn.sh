#!/bin/sh
# romcap learn end to end: learn the stickers' colours from frame 0 of a noisy,
# drifting-light scene, check the written model (private, a chroma entry per
# coloured marker, refuses to overwrite), then analyse the scene with it against
# the exact truth.
# usage: learn.sh ROMCAP CHECK_E2E E2E_SH WORKDIR URI MAX_RMS N_COLOUR_MARKERS MODEL
set -eu
romcap=$1 check=$2 e2e=$3 work=$4 uri=$5 rms=$6 n=$7 model=$8
rm -rf "$work"
mkdir -p "$work"
out=$work/learnt_model.json
"$romcap" learn --model "$model" --input "$uri" --out "$out"
[ "$(stat -c %a "$out")" = 600 ] || { echo "$out is not mode 600"; exit 1; }
got=$(grep -c '"chroma"' "$out")
[ "$got" = "$n" ] || { echo "$got chroma entries, wanted $n"; exit 1; }
grep -q '"name":[[:space:]]*"learnt_model"' "$out" || { echo "model name is not the file's"; exit 1; }
if "$romcap" learn --model "$model" --input "$uri" --out "$out" 2>"$work/again.txt"; then
  echo "learn overwrote $out"; exit 1
fi
grep -q "exists" "$work/again.txt" || { cat "$work/again.txt"; exit 1; }
sh "$e2e" "$romcap" "$check" "$work/e2e" "$uri" "$rms" "$uri" "$out"
