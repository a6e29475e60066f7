#!/bin/sh
# startup.sh ROMCAP WORKDIR - issue 18: which commands load OpenCV and SDL.
# romcap links neither OpenCV nor SDL; its OpenCV bridge (romcap-opencv.so) and SDL
# are loaded only by what needs them. The dynamic loader says which libraries a run loaded (LD_DEBUG=libs,
# written to LD_DEBUG_OUTPUT.PID files so the program's own output stays clean):
#  - never loaded by --help, models, a synthetic recording, the analysis of a
#    session (JPEGs on disk), metrics, export to AVI (the JPEG bytes remuxed), the
#    analysis of an MJPEG AVI (romcap's own AVI reader), also of a one-frame one;
#  - OpenCV loaded, and working, for a calibration file and a video OpenCV decodes
#    (MPEG-4, made with ffmpeg when it is installed); SDL for a snapshot PNG: the
#    positive controls, which also show the check would see them if they were loaded;
#  - a missing or broken bridge is a one-line error naming its path (and dlerror()).
set -u
romcap=$1; work=$2
rm -rf "$work"; mkdir -p "$work/ld"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# run NAME CMD...: runs CMD with the loader's library log in $work/ld/NAME.*
run() {
    name=$1; shift
    LD_DEBUG=libs LD_DEBUG_OUTPUT="$work/ld/$name" "$@" > "$work/$name.out" 2>&1
}
# loaded NAME PATTERN: the run NAME loaded a library matching PATTERN
loaded() { cat "$work/ld/$1".* 2>/dev/null | grep -Eq "calling init: .*($2)"; }

heavy='romcap-opencv|libopencv|libgst|libavcodec|libSDL2'

if command -v ldd >/dev/null; then
    ldd "$romcap" | grep -E "$heavy" && fail "romcap links OpenCV, GStreamer, FFmpeg or SDL"
fi

run help "$romcap" --help || fail "--help exited $?"
run models "$romcap" models || fail "models exited $?"
run record "$romcap" record --source 'synthetic:knee_flexion?size=320x240&seconds=2' \
    --model knee_flexion --out "$work/sess" --no-analyse || fail "record exited $?"
run analyse "$romcap" analyse "$work/sess" --out "$work/out" || fail "analyse exited $?"
run metrics "$romcap" metrics "$work/out/angles.csv" --column knee_flexion --fs 30 ||
    fail "metrics exited $?"
run export "$romcap" export "$work/sess" --format avi --out "$work/sess.avi" ||
    fail "export exited $?"
# MJPEG AVIs are read by romcap's own AVI reader (src/capture/avi.c): the exported
# recording, and a one-frame one (the start-up figure of issue 18).
run avi "$romcap" analyse "$work/sess.avi" --model knee_flexion --out "$work/out_avi" ||
    { cat "$work/avi.out"; fail "analyse of the MJPEG AVI exited $?"; }
run record1 "$romcap" record --source 'synthetic:knee_flexion?size=320x240&seconds=1' \
    --model knee_flexion --out "$work/sess1" --frames 1 --no-analyse || fail "record1 exited $?"
"$romcap" export "$work/sess1" --format avi --out "$work/one.avi" > /dev/null 2>&1 ||
    fail "export of one frame exited $?"
run avi1 "$romcap" analyse "$work/one.avi" --model knee_flexion --out "$work/out_avi1" ||
    { cat "$work/avi1.out"; fail "analyse of a one-frame MJPEG AVI exited $?"; }
grep -q "1 frames analysed" "$work/avi1.out" || { cat "$work/avi1.out"; fail "avi1: not 1 frame"; }
for r in help models record analyse metrics export avi avi1; do
    loaded $r libc.so || fail "$r: no library log (LD_DEBUG=libs did not work)"
    if loaded $r "$heavy"; then
        fail "$r loaded OpenCV, GStreamer, FFmpeg or SDL:"
        cat "$work/ld/$r".* | grep -E "calling init: .*($heavy)" | head -3
    fi
done
grep -q "set ROM" "$work/analyse.out" || { cat "$work/analyse.out"; fail "analyse: no ROM"; }

# Positive controls. A snapshot is drawn by the ui with SDL.
run snapshot "$romcap" analyse "$work/sess" --out "$work/out_png" --snapshot "$work/peak.png" ||
    { cat "$work/snapshot.out"; fail "analyse --snapshot exited $?"; }
loaded snapshot 'libSDL2-2\.0' || fail "the snapshot did not load SDL"
loaded snapshot romcap-opencv && fail "the snapshot loaded the OpenCV bridge"
[ "$(head -c 4 "$work/peak.png" | od -An -c | tr -d ' ')" = '211PNG' ] || fail "no PNG written"
# A calibration file is read by OpenCV's FileStorage.
calib="$work/lens.yml"
printf '%%YAML:1.0\n---\nimage_width: 320\nimage_height: 240\ncamera_matrix: !!opencv-matrix\n   rows: 3\n   cols: 3\n   dt: d\n   data: [ 320., 0., 159.5, 0., 320., 119.5, 0., 0., 1. ]\ndistortion_coefficients: !!opencv-matrix\n   rows: 5\n   cols: 1\n   dt: d\n   data: [ 0., 0., 0., 0., 0. ]\n' > "$calib"
run calib "$romcap" analyse "$work/sess" --calib "$calib" --out "$work/out_calib" ||
    { cat "$work/calib.out"; fail "analyse --calib exited $?"; }
loaded calib romcap-opencv || fail "analyse --calib did not load the OpenCV bridge"
if command -v ffmpeg >/dev/null; then
    ffmpeg -loglevel error -y -i "$work/sess.avi" -c:v mpeg4 -q:v 3 "$work/sess.mp4" ||
        fail "ffmpeg could not re-encode the exported AVI"
    run video "$romcap" analyse "$work/sess.mp4" --model knee_flexion --out "$work/out_mp4" ||
        { cat "$work/video.out"; fail "analyse of an MPEG-4 file exited $?"; }
    loaded video romcap-opencv || fail "the MPEG-4 analysis did not load the OpenCV bridge"
    grep -q "set ROM" "$work/video.out" || fail "MPEG-4 analysis: no ROM"
else
    echo "note: ffmpeg not installed, the OpenCV-decoded video case is not run"
fi

# A missing and a broken bridge: one line naming the file, dlerror()'s reason.
ROMCAP_CV_MODULE="$work/none/romcap-opencv.so" "$romcap" analyse "$work/sess" \
    --calib "$calib" --out "$work/out_none" > "$work/none.out" 2>&1 &&
    fail "a missing bridge was not an error"
grep -q "romcap: error: .*$work/none/romcap-opencv.so" "$work/none.out" ||
    { cat "$work/none.out"; fail "the missing bridge's path is not in the error"; }
echo "not a module" > "$work/broken.so"
ROMCAP_CV_MODULE="$work/broken.so" "$romcap" analyse "$work/sess" \
    --calib "$calib" --out "$work/out_broken" > "$work/broken.out" 2>&1 &&
    fail "a broken bridge was not an error"
grep -Eq "cannot load the OpenCV bridge $work/broken.so: .*(invalid ELF header|too short)" \
    "$work/broken.out" || { cat "$work/broken.out"; fail "the broken bridge's error"; }

[ "$fails" -eq 0 ] && echo "startup: all checks passed"
exit $((fails != 0))
