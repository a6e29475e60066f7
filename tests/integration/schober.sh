#!/bin/sh
# The modified Schober test (issue 16, model lumbar_flexion_schober): a distance in cm
# between two skin marks, against the scene's exact truth.
# usage: schober.sh ROMCAP CHECK_E2E WORK MODEL_JSON MODE
#   figure  the bundled model (scale from the marks' 15 cm at the start): summary.json
#           says cm with its definition and scale, and its Schober figure and set ROM
#           match the scene's own numbers (below, by hand)
#   noscale the model without its "scale" and no calibration: refused, saying what
#           to give, and no result files written
#   calib   the same model without "scale" but with a calibration whose plane comes
#           from the rendered chessboard: the distance in plane mm, against the truth
set -eu
romcap=$1 check=$2 work=$3 model=$4 mode=$5
uri="synthetic:lumbar_flexion_schober?size=640x360&fps=30&seconds=8"
rm -rf "$work"
mkdir -p "$work/m"
noscale="$work/m/lumbar_flexion_schober.json"
sed '/"scale"/d' "$model" > "$noscale"
grep -q '"scale"' "$noscale" && { echo "schober.sh: the scale is still in $noscale"; exit 1; }

# A number of summary.json (cJSON's printout: one "key":<tab>value per line).
field() {
  awk -v k="\"$2\":" '$1 == k { gsub(",", "", $2); print $2; exit }' "$1"
}
near() { # near NAME GOT WANT TOL
  awk -v g="$2" -v w="$3" -v t="$4" -v n="$1" 'BEGIN {
    d = g - w; if (d < 0) d = -d
    printf "%s %s (truth %s, off %.5f, bound %s)\n", n, g, w, d, t
    exit !(g != "" && d <= t) }'
}

case $mode in
figure)
  "$romcap" analyse "$uri" --out "$work/out" --no-progress
  s="$work/out/summary.json"
  grep -q '"unit":[[:space:]]*"cm"' "$s" || { echo "no unit cm"; exit 1; }
  grep -q '"definition":[[:space:]]*"the straight-line distance between the marks lower_mark and upper_mark' "$s" ||
    { echo "no definition"; exit 1; }
  grep -q '"scale":[[:space:]]*"the marks'"'"' known spacing: 15 cm' "$s" || { echo "no scale said"; exit 1; }
  # Truth from the scene (src/synth/scene_schober.c, rc__synth_angle_at): standing
  # 15 cm, each repetition reaches 15 + 6 x (0.93, 1.0, 0.96) cm and holds there, so
  # the largest distance is 21 cm and the Schober increase 6 cm; the set's range is
  # the mean of 5.58, 6.00 and 5.76 = 5.78 cm. Measured (Debug+ASan, 2026-12-06):
  # increase 6.00045 (0.00045 off), range_mean 5.78321 (0.0032 off), largest 21.00045.
  near increase_cm "$(field "$s" increase_cm)" 6 0.002
  near largest_cm "$(field "$s" largest_cm)" 21 0.002
  near range_mean "$(field "$s" range_mean_deg)" 5.78 0.015
  ;;
noscale)
  if "$romcap" analyse "$uri" --model "$noscale" --out "$work/out" --no-progress 2> "$work/err"; then
    echo "schober.sh: a distance without a scale was analysed"; exit 1
  fi
  cat "$work/err"
  grep -q "measure 'schober' is a distance in cm and needs a scale: give a calibration with the movement plane (--calib FILE" "$work/err" ||
    { echo "schober.sh: the refusal does not say what to give"; exit 1; }
  [ "$(grep -c 'needs a scale' "$work/err")" = 1 ] || { echo "said more than once"; exit 1; }
  [ ! -e "$work/out/angles.csv" ] || { echo "schober.sh: angles.csv written"; exit 1; }
  ;;
calib)
  printf '%%YAML:1.0\n---\nimage_width: 640\nimage_height: 360\ncamera_matrix: !!opencv-matrix\n   rows: 3\n   cols: 3\n   dt: d\n   data: [ 640., 0., 319.5, 0., 640., 179.5, 0., 0., 1. ]\ndistortion_coefficients: !!opencv-matrix\n   rows: 5\n   cols: 1\n   dt: d\n   data: [ 0., 0., 0., 0., 0. ]\n' > "$work/lens.yml"
  "$romcap" calibrate --lens "$work/lens.yml" --plane 'synthetic:chessboard?size=640x360' \
    --board 9x6 --square 90 --vertical board --out "$work/plane.yml"
  "$romcap" analyse "$uri" --model "$noscale" --calib "$work/plane.yml" --out "$work/out" --no-progress
  grep -q '"scale":[[:space:]]*"the calibration'"'"'s movement plane' "$work/out/summary.json" ||
    { echo "schober.sh: the plane's scale not said"; exit 1; }
  # Measured: RMS 0.008 cm, max 0.014 cm (the plane's scale from the board's corners),
  # markers 0.015 / 0.065 px.
  "$check" "$uri" "$work/out" 0.03 max=0.06 px=0.06 pxmax=0.25
  ;;
*) echo "schober.sh: unknown mode $mode"; exit 2 ;;
esac
