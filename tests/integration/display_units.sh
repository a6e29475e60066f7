#!/bin/sh
# What a therapist reads (issue 16), through the romcap binary:
#   schober  two recorded sessions of the Schober scene (a distance, cm, no published
#            norm, a midline test): analyse says no side warning and summary.json says
#            "side": "midline" and "normal_range": null with why; the pre/post report
#            and the progress page (HTML and JSON) say cm and "no published norm", draw
#            no normal band and never write degrees for it
#   live     `romcap live` headless on the Schober scene: the log in cm, no side warning
#   models   `romcap models`: the bundled no-norm models say "no published norm" and
#            never a 0..0 band; a model still written the old way (0..0) loads and is
#            warned about
# usage: display_units.sh ROMCAP WORK MODELS_DIR MODE
set -eu
romcap=$1 work=$2 models=$3 mode=$4
rm -rf "$work"
mkdir -p "$work"
fail() { echo "display_units.sh: $*"; exit 1; }
has() { grep -q -- "$1" "$2" || fail "'$1' not in $2"; }
hasnt() { ! grep -q -- "$1" "$2" || { grep -n -- "$1" "$2" | head -3; fail "'$1' in $2"; }; }

case $mode in
schober)
  uri="synthetic:lumbar_flexion_schober?size=640x360&fps=30&seconds=8"
  "$romcap" analyse "$uri" --out "$work/a" --no-progress 2> "$work/a.err"
  cat "$work/a.err"
  hasnt "tell the side" "$work/a.err"
  hasnt "warning" "$work/a.err"
  s="$work/a/summary.json"
  grep -q '"side":[[:space:]]*"midline"' "$s" || fail "summary.json: no side midline"
  grep -q '"normal_range":[[:space:]]*null' "$s" || fail "summary.json: normal_range not null"
  grep -q '"normal_none":[[:space:]]*"No published norm held' "$s" || fail "summary.json: no why"
  "$romcap" record --source "$uri" --out "$work/pre" --tag pre --subject S1 --frames 240 \
    2> "$work/pre.err"
  hasnt "tell the side" "$work/pre.err"
  "$romcap" record --source "$uri&seed=2" --out "$work/post" --tag post --subject S1 --frames 240 \
    2> /dev/null
  "$romcap" compare "$work/pre" "$work/post" --out "$work/report.html"
  r="$work/report.html" j="$work/report.json"
  has "Set ROM (cm)" "$r"
  has "ROM before (cm)" "$r"
  has ">centimetres</text>" "$r"
  has "No published norm: no normal band is drawn (No published norm held" "$r"
  hasnt '<rect class="band"' "$r"   # no normal band in the plot
  hasnt "normal range</p>" "$r"     # nor its key
  hasnt "&deg;" "$r"
  hasnt "°" "$r"
  hasnt " deg\b" "$r"
  hasnt "(deg" "$r"
  hasnt "degrees" "$r"
  grep -q '"normal_range":[[:space:]]*null' "$j" || fail "report.json: normal_range not null"
  grep -q '"normal_none":' "$j" || fail "report.json: no normal_none"
  grep -q '"unit":[[:space:]]*"cm"' "$j" || fail "report.json: no unit cm"
  ! grep -q '"unit":[[:space:]]*"deg' "$j" || fail "report.json: a unit in degrees"
  "$romcap" progress "$work/pre" "$work/post" --out "$work/progress.html" --goal 22
  p="$work/progress.html" pj="$work/progress.json"
  has "Largest (cm)" "$p"
  has "largest distance" "$p"
  has "goal 22 cm" "$p"
  has "No published norm: no normal band is drawn" "$p"
  has "&middot; midline</p>\|&middot; midline " "$p"
  hasnt "midline side" "$p"
  hasnt 'class="normal"' "$p"
  hasnt "&deg;" "$p"
  hasnt "°" "$p"
  grep -q '"normal":[[:space:]]*null' "$pj" || fail "progress.json: normal not null"
  grep -q '"unit":[[:space:]]*"cm"' "$pj" || fail "progress.json: no unit cm"
  ! grep -q '°' "$pj" || fail "progress.json: degrees in the summary"
  ;;
live)
  # The live window on the Schober scene (headless): its log says the target band and
  # the set's ROM in cm, never degrees, and no side warning (the window's texts and
  # pixels are tests/unit/test_display_units.c).
  uri="synthetic:lumbar_flexion_schober?size=640x360&fps=30&seconds=8"
  SDL_AUDIODRIVER=dummy DISPLAY= "$romcap" live "$uri" --headless --frames 240 \
    --shot-dir "$work/shots" --shot-at 200 2> "$work/live.err"
  cat "$work/live.err"
  has "target [0-9.]*-[0-9.]* cm: 90% of the best repetition so far (peak [0-9.]* cm" "$work/live.err"
  has "first angle: set ROM [0-9.]* cm" "$work/live.err"
  has "(no published norm)" "$work/live.err"
  hasnt " deg" "$work/live.err"
  hasnt "side not clear" "$work/live.err"
  hasnt "tell the side" "$work/live.err"
  hasnt "normal range" "$work/live.err"
  [ -s "$work/shots/frame-000200.png" ] || fail "no screenshot"
  ;;
models)
  "$romcap" models > "$work/models.txt"
  for m in lumbar_flexion_schober single_leg_squat sit_to_stand cervical_lateral_flexion; do
    awk -v m="$m" '$1 == m { on = 1; next } /^[a-z]/ { on = 0 } on' "$work/models.txt" > "$work/$m.txt"
    has ", no published norm (No published " "$work/$m.txt"
    hasnt "normal 0[.][.]0" "$work/$m.txt"
    hasnt "warning" "$work/$m.txt"
  done
  grep -q '^lumbar_flexion_schober .*midline: no side' "$work/models.txt" || fail "Schober: no midline"
  has "normal 0..135 deg" "$work/models.txt" # a model with a norm keeps its band
  # The old form still loads, and is warned about.
  mkdir -p "$work/old"
  sed 's/"none": \("[^"]*"\)/"min": 0, "max": 0, "source": \1/' "$models/sit_to_stand.json" \
    > "$work/old/sit_to_stand.json"
  has '"min": 0, "max": 0' "$work/old/sit_to_stand.json"
  ROMCAP_MODELS="$work/old" "$romcap" models > "$work/old.txt" 2>&1
  cat "$work/old.txt"
  has "normal 0..0 deg" "$work/old.txt"
  has 'warning: a 0..0 normal band is the old way to say there is no norm: write "normal": {"none"' \
    "$work/old.txt"
  ;;
*) fail "unknown mode $mode" ;;
esac
echo "display_units.sh $mode: ok"
