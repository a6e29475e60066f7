#!/bin/sh
# `romcap live` on a phone-like H.264 clip whose knee sticker its model's colour does
# not find (the phone_h264_red_face scene of phone.sh: knee painted #f5474c, model
# crimson, a flushed-skin "face" 95 px away), played headless and unpaced (every
# frame analysed and recorded) with --record:
#   learn    the live engine learns the knee's colour by itself (its line in the
#            log), session.json stores it (learnt_colours), and `romcap analyse DIR`
#            starts from it (says so, lists the same colour in summary.json, learns
#            nothing else), tracks the recording to the truth and never the face;
#   nolearn  with --no-auto-learn nothing is learnt live and session.json has no
#            learnt_colours.
# usage: phone_live.sh ROMCAP CHECK_E2E MAKE_CLIP WORK MODEL learn|nolearn MAX_RMS
set -eu
romcap=$1 check=$2 make=$3 work=$4 model=$5 mode=$6 rms=$7
command -v ffmpeg >/dev/null || { echo "SKIP: ffmpeg is not installed (.ci/setup)"; exit 77; }
uri="synthetic:knee_flexion?size=640x360&fps=30&seconds=8&noise=2"
rm -rf "$work"
mkdir -p "$work"
cd "$work"
"$make" "$uri" "knee=#f5474c" "ankle=#ff8c1a" "face=400,209,9,#d04a3c" 2>/dev/null |
  ffmpeg -hide_banner -loglevel error -y -f rawvideo -pix_fmt yuvj420p -s 640x360 -r 30 -i - \
    -pix_fmt yuv420p -c:v libx264 -preset veryfast -b:v 1900k -maxrate 2500k -bufsize 4M clip.mp4
args=--no-analyse
# (nolearn: analysed at the stop too, which must not learn either)
[ "$mode" = learn ] || args=--no-auto-learn
st=0
# shellcheck disable=SC2086
"$romcap" live clip.mp4 --model "$model" --headless --unpaced --record $args \
  >live.log 2>&1 || st=$?
cat live.log
[ "$st" = 0 ] || { echo "romcap live exited $st"; exit 1; }
s=$(sed -n 's/^romcap: info: recording to \(romcap-sessions\/[^ ]*\)$/\1/p' live.log)
[ -n "$s" ] && [ -s "$s/session.json" ] || { echo "no session recorded"; exit 1; }
if [ "$mode" = nolearn ]; then
  ! grep -q "learnt its colour" live.log || { echo "learnt with --no-auto-learn"; exit 1; }
  ! grep -q learnt_colours "$s/session.json" || { echo "session.json lists learnt colours"; exit 1; }
  [ -s "$s/summary.json" ] || { echo "not analysed at the stop"; exit 1; }
  ! grep -q learnt_colours "$s/summary.json" || { echo "the analysis at the stop learnt"; exit 1; }
  echo "nothing learnt live, none stored"
  exit 0
fi
said=$(grep -Eo "knee: learnt its colour from frame [0-9]+: #[0-9a-f]{6}" live.log) ||
  { echo "live did not say it learnt the knee"; exit 1; }
colour=${said##*: }
frame=$(printf '%s' "$said" | sed 's/.*frame \([0-9]*\):.*/\1/')
stored=$(tr -d ' \t\n' <"$s/session.json" |
  grep -Eo '"marker":"knee","frame":[0-9]+,"color":"#[0-9a-f]{6}"') ||
  { echo "session.json stores no learnt colour for the knee"; exit 1; }
[ "$stored" = "\"marker\":\"knee\",\"frame\":$frame,\"color\":\"$colour\"" ] ||
  { echo "live said frame $frame $colour, session.json $stored"; exit 1; }
# within 15 of the painted colour in each channel
for k in 2 4 6; do
  a=$(printf '%d' "0x$(printf '%s' "$colour" | cut -c$k-$((k + 1)))")
  b=$(printf '%d' "0x$(printf '%s' "#f5474c" | cut -c$k-$((k + 1)))")
  d=$((a - b))
  [ "${d#-}" -le 15 ] || { echo "learnt $colour, painted #f5474c"; exit 1; }
done
"$romcap" analyse "$s" --out out --no-progress 2>analyse.log || { cat analyse.log; exit 1; }
cat analyse.log
grep -q "knee: the colour learnt while recording (session.json, frame $frame): $colour" analyse.log ||
  { echo "analyse DIR did not start from the session's colour"; exit 1; }
! grep -q "learnt its colour" analyse.log || { echo "analyse DIR learnt again"; exit 1; }
tr -d ' \t\n' <out/summary.json | grep -q "\"marker\":\"knee\",\"frame\":$frame,\"color\":\"$colour\"" ||
  { echo "summary.json does not list the session's colour"; exit 1; }
"$check" "$uri" out "$rms"
awk -F, 'NR > 1 && $4 != "" { d = sqrt(($4 - 400)^2 + ($5 - 209)^2); if (d < 13) bad++ }
  END { if (bad) { print bad " positions on the face"; exit 1 } print "the face was never taken" }' \
  out/tracks.csv
echo "knee: learnt live $colour at frame $frame, stored, and analysed from it"
