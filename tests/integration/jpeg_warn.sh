#!/bin/sh
# Issue 13, the OpenCV-written clip end to end: jpeg_warn_check reads every frame
# against the scene and counts the frames used with a short-data warning; romcap
# analyse must then analyse all of them, say the first such note and how many more,
# and count exactly as many in summary.json (frames_used_with_warning).
# usage: jpeg_warn.sh ROMCAP MAKE_CLIP JPEG_WARN_CHECK WORKDIR URI FRAMES
set -eu
romcap=$1 make_clip=$2 check=$3 work=$4 uri=$5 frames=$6
mkdir -p "$work"
OPENCV_VIDEOIO_PRIORITY_FFMPEG=0 "$make_clip" "$uri" avi "$work/ocv.avi" 85
"$check" "$work/ocv.avi" "$uri" 3 0 | tee "$work/check.txt"
shorts=$(sed -nE 's/.*\(([0-9]+) with a short-data warning\).*/\1/p' "$work/check.txt")
rm -rf "$work/ocv"
"$romcap" analyse "$work/ocv.avi" --model knee_flexion --out "$work/ocv" --no-progress \
  2> "$work/analyse.log" || { cat "$work/analyse.log"; exit 1; }
cat "$work/analyse.log"
sum=$work/ocv/summary.json
grep -Eq "\"frames_analysed\":[[:space:]]*$frames," "$sum" ||
  { echo "jpeg_warn.sh: not all $frames frames analysed"; exit 1; }
grep -Eq "\"frames_used_with_warning\":[[:space:]]*$shorts," "$sum" ||
  { echo "jpeg_warn.sh: summary.json does not count the clip's $shorts short frames:";
    grep frames_used_with_warning "$sum"; exit 1; }
grep -Eq "ocv.avi: frame [0-9]+: JPEG warning: .*\(frame used\)" \
  "$work/analyse.log" || { echo "jpeg_warn.sh: the first short frame was not said"; exit 1; }
if [ "$shorts" -gt 1 ]; then
  grep -Eq "$((shorts - 1)) more frames? used despite a JPEG warning" "$work/analyse.log" ||
    { echo "jpeg_warn.sh: the other $((shorts - 1)) were not counted"; exit 1; }
fi
echo "jpeg_warn.sh: $shorts short frames in the clip, $shorts counted in summary.json"
