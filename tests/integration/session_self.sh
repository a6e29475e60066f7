#!/bin/sh
# A session describes itself: recorded with a calibration and --mirror (a left knee
# filmed from the left: the knee scene rendered mirrored), then analysed with no
# option after the calibration file is gone. The analysis must use the session's own
# copy of the calibration and the given side, and read the scene's true angles.
# usage: session_self.sh ROMCAP CHECK_E2E WORKDIR
set -eu
romcap=$1 check=$2 work=$3
uri='synthetic:knee_flexion?size=640x360&fps=30&seconds=4&flip=1'
rm -rf "$work"
mkdir -p "$work"
cd "$work"
fail() { echo "session_self: $*"; exit 1; }
# The renderer's camera as a lens file (fx = fy = width, centre (w-1)/2, (h-1)/2).
printf '%%YAML:1.0\n---\nimage_width: 640\nimage_height: 360\ncamera_matrix: !!opencv-matrix\n   rows: 3\n   cols: 3\n   dt: d\n   data: [ 640., 0., 319.5, 0., 640., 179.5, 0., 0., 1. ]\ndistortion_coefficients: !!opencv-matrix\n   rows: 5\n   cols: 1\n   dt: d\n   data: [ 0., 0., 0., 0., 0. ]\n' > lens.yml
"$romcap" record --source "$uri" --out s --calib lens.yml --mirror --no-analyse 2>rec.log ||
  { cat rec.log; fail "record failed"; }
grep -q '"mirror_source":[[:space:]]*"given"' s/session.json || fail "session.json: mirror not given"
rm lens.yml
"$romcap" analyse s --out s --no-progress 2>an.log || { cat an.log; fail "analyse failed"; }
cat an.log
grep -q 'using the calibration stored in s/session.json' an.log || fail "stored calibration not used"
grep -q 'recorded with --mirror' an.log || fail "the given side not used"
grep -Eq '"mirror_source":[[:space:]]*"given"' s/summary.json || fail "summary: mirror_source"
grep -Eq '"mirrored":[[:space:]]*true' s/summary.json || fail "summary: not mirrored"
grep -Eq '"angle_plane":[[:space:]]*"calibrated' s/summary.json || fail "summary: not in the calibrated plane"
"$check" "$uri" s 0.5
echo "session_self: ok"
