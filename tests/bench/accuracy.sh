#!/bin/sh
# accuracy.sh - the README's accuracy table, measured: runs every end-to-end test
# (ctest -R '^e2e_': synthetic and real-motion scenes through romcap analyse, checked
# against exact truth by check_e2e) and prints one Markdown row per scene family
# with the worst figures over its cases, then the machine it ran on.
#
# usage: tests/bench/accuracy.sh [BUILD_DIR [CTEST_REGEX]]   (default: build '^e2e_')
#        ACCURACY_LOG=saved-ctest-V.log tests/bench/accuracy.sh BUILD_DIR   (no new run)
# Families: the test name's second word (e2e_clean_* -> clean). The clean, clinic
# and mocap families are one row each (worst case shown); every other test is its
# own row; figures are the worst over a family's cases. Tests that print no figures
# (error-path tests) are left out.
set -eu
build=${1:-build}
regex=${2:-^e2e_}
if [ -n "${ACCURACY_LOG:-}" ]; then # a saved `ctest -V` log instead of a new run
  log=$ACCURACY_LOG
else
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  (cd "$build" && ctest -j2 -R "$regex" -V) > "$log" 2>&1 || true
fi

awk '
# "      Start 144: e2e_clinic_knee" -> name of test 144
/^ *Start +[0-9]+: / { n = $2; sub(":", "", n); name[n] = $3; next }
# " 3/20 Test #144: e2e_clinic_knee ....   Passed   9.1 sec"
/Test +#[0-9]+: / {
    n = $0; sub(/.*Test +#/, "", n); sub(/:.*/, "", n)
    passed[n] = ($0 ~ / Passed /) ? 1 : 0; done[n] = 1; next
}
# "144: synthetic:...: frames 120, angle RMS 0.024 deg, max 0.071 deg, coverage 1.000,
#  marker RMS 0.034 px, max 0.095 px, identity swaps 0, ..."
/^[0-9]+: .*frames [0-9]+, angle RMS / {
    n = $1; sub(":", "", n)
    s = $0; sub(/.*frames /, "", s)
    split(s, w, /[ ,]+/)
    # w: frames, angle, RMS, R, deg, max, M, deg, coverage, C, marker, RMS, P, px, max, Q, px, identity, swaps, S
    frames[n] = w[1]; rms[n] = w[4]; mx[n] = w[7]; cov[n] = w[10]; prms[n] = w[13]
    pmax[n] = w[16]; swaps[n] = w[20]; have[n] = 1
    uri[n] = $0; sub(/^[0-9]+: /, "", uri[n]); sub(/: frames [0-9]+, angle RMS.*/, "", uri[n])
}
function worse(a, b) { return (a + 0 > b + 0) ? a : b }
BEGIN {
    d["clean"] = "every bundled model, clean scene, 640x360 30 fps 8 s"
    d["clinic"] = "every bundled model, clinic-like: skin types I-VI, clothing near the sticker colours, stickers near the limb, subject off centre, scaled, facing either way, 4:3 and 16:9, 25-30 fps, 4 s"
    d["mocap"] = "real motion-capture trajectories (gait, tennis serve, arm task) filmed by the renderer"
    d["hard_knee_flexion"] = "knee, noise 3, blur (half exposure), drift 20%, 0.3 s occlusion"
    d["hard_elbow_flexion"] = "elbow, noise 3, blur (half exposure), drift 20%, 0.3 s occlusion of the wrist"
    d["hard_knee_flexion_reflective"] = "knee, 3 identical retro-reflective markers, noise, blur, 0.3 s occlusion"
    d["fast_knee"] = "knee, 6 repetitions in 8 s, blur (half exposure), noise, drift"
    d["five_sit_to_stand"] = "sit-to-stand, 5 repetitions in 12 s (the 5-repetition time is checked too)"
    d["clutter_knee"] = "knee, 8 stickers of the same colours as the markers on the wall, 0.5 s occlusion, noise, blur"
    d["mjpeg_avi"] = "knee, noise 2, MJPEG AVI written by OpenCV (q85) and read by the romcap AVI reader, 6 s"
    d["jpeg_folder"] = "knee, noise 2, folder of JPEGs (q85), one cut short (skipped)"
    d["target_small_480p"] = "issue 15 target: 4 px stickers at 640x480"
    d["target_wb_hunting"] = "issue 15 target: white balance hunting +-18% (2 s period), light +-30%"
    d["target_blur30_small"] = "issue 15 target: full-exposure blur at 30 fps, 4 px stickers, 640x480 (ankle 3.3 diameters a frame)"
    d["target_blur25"] = "issue 15 target: full-exposure blur at 25 fps, 640x360"
    d["target_blur30_wb"] = "issue 15 target: full-exposure blur at 30 fps with wb hunting +-18% and light +-30%"
    d["target_blur30_shoulder"] = "issue 15 target: shoulder flexion, full-exposure blur at 30 fps (elbow 2 diameters a frame)"
    d["target_wb_hard"] = "white balance hunting +-40% (2 s period), light +-40%: beyond the target of issue 15, the classes following the light"
    d["valgus_single_leg_squat"] = "single-leg squat facing the camera, FPPA 1 -> 18 deg (knee valgus), 8 s"
    d["valgus_single_leg_squat_neutral"] = "single-leg squat facing the camera, the knee over the foot (FPPA 1 -> 3 deg), 8 s"
    d["valgus_single_leg_squat_drop"] = "single-leg squat, the free side of the pelvis dropping 10 deg (compensation rule), FPPA 1 -> 12 deg"
    d["valgus_single_leg_squat_lean"] = "single-leg squat, the trunk leaning 12 deg to the stance side (compensation rule), FPPA 1 -> 12 deg"
    d["valgus_single_leg_squat_level"] = "single-leg squat, pelvis and trunk within 1.5 deg (no compensation), FPPA 1 -> 12 deg"
    d["optional_abd_on"] = "shoulder abduction wearing the optional other acromion, shoulder hike 60 mm"
    d["optional_abd_off"] = "shoulder abduction, shoulder hike 60 mm, the optional acromion sticker left off (rule off)"
    d["optional_rot_on"] = "shoulder rotation at 90 deg abduction wearing the optional trunk stickers, trunk tilting 25 deg"
    d["optional_rot_off"] = "shoulder rotation at 90 deg abduction, trunk tilting 25 deg, the optional trunk stickers left off"
    d["optional_rot_still"] = "shoulder rotation at 90 deg abduction wearing the optional trunk stickers, trunk still"
    d["target_clothing_clash"] = "mustard shirt under the yellow pelvis sticker (hip flexion, 25 fps; a registered failure)"
}
END {
    for (n in have) {
        t = name[n]; fam = t
        if (t !~ /^e2e_/) continue   # a saved log of the whole suite: e2e tests only
        sub(/^e2e_/, "", fam)
        f = fam; sub(/_.*/, "", f)
        key = (f == "clean" || f == "clinic" || f == "mocap") ? f : fam
        if (!(key in cases)) { order[++nk] = key; cases[key] = 0; wr[key] = 0; wm[key] = 0
            wp[key] = 0; wq[key] = 0; mc[key] = 1; sw[key] = 0; ok[key] = 0; ex[key] = uri[n] }
        cases[key]++
        wr[key] = worse(wr[key], rms[n]); wm[key] = worse(wm[key], mx[n])
        wp[key] = worse(wp[key], prms[n]); wq[key] = worse(wq[key], pmax[n])
        if (cov[n] + 0 < mc[key] + 0) mc[key] = cov[n]
        sw[key] += swaps[n]; ok[key] += passed[n]
        if (cases[key] > 1) ex[key] = t
    }
    print "| scene family (ctest name) | cases | angle RMS | max error | marker RMS | marker max | coverage | swaps | passed |"
    print "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    # sorted by key for a stable table
    for (i = 1; i <= nk; i++) for (j = i + 1; j <= nk; j++) if (order[j] < order[i]) { x = order[i]; order[i] = order[j]; order[j] = x }
    for (i = 1; i <= nk; i++) {
        k = order[i]
        desc = (k in d) ? d[k] : ex[k]
        tn = (cases[k] > 1) ? "e2e_" k "_*" : "e2e_" k
        printf "| %s (`%s`) | %d | %.3f° | %.3f° | %.3f px | %.2f px | %.3f | %d | %d/%d |\n", desc, tn, cases[k], wr[k], wm[k], wp[k], wq[k], mc[k], sw[k], ok[k], cases[k]
    }
}' "$log"

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
bt=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
san=$(sed -n 's/^ROMCAP_SANITIZE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
[ "$san" = ON ] && bt="$bt with ASan+UBSan"
echo
echo "Machine: $(uname -sm), ${cpu:-unknown CPU}, $(nproc) cores (load average" \
     "$(cut -d' ' -f1-3 /proc/loadavg) when printed); ${bt:-unknown} build;" \
     "$(date -u +%Y-%m-%d). The figures are deterministic: the machine sets only the run time."
