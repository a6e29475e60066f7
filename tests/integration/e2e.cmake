# End-to-end accuracy: synthetic scenes -> romcap analyse -> exact ground truth.
add_executable(check_e2e ${CMAKE_CURRENT_SOURCE_DIR}/integration/check_e2e.c)
target_link_libraries(check_e2e PRIVATE romcap_synth romcap_core)

set(E2E_SH ${CMAKE_CURRENT_SOURCE_DIR}/integration/e2e.sh)
set(E2E_WORK ${CMAKE_CURRENT_BINARY_DIR}/e2e)
# Every bound below is 3-5x the figure measured when it was set (issue 15), given
# as "m RMS / max / marker RMS / marker max" (deg, deg, px, px; Debug+ASan build,
# 2026-12-06): the limits are angle RMS, max= angle error, px= marker RMS over
# measured positions, pxmax= largest position error while in view. check_e2e also
# asserts >= 95% coverage, the scene's frame count, no identity swap, no unknown
# marker or angle name and no wrap jump. tests/bench/accuracy.sh prints the figures.
#
# Clean scenes: every bundled model's scene.
set(E2E_CLEAN
  "knee_flexion|0.012 max=0.04 px=0.025 pxmax=0.06"                # m 0.003 / 0.009 / 0.006 / 0.014
  "hip_flexion|0.015 max=0.04 px=0.025 pxmax=0.07"                 # m 0.004 / 0.010 / 0.006 / 0.017
  "hip_abduction|0.024 max=0.06 px=0.03 pxmax=0.08"                # m 0.006 / 0.014 / 0.007 / 0.021
  "shoulder_flexion|0.035 max=0.1 px=0.06 pxmax=0.15"              # m 0.009 / 0.026 / 0.015 / 0.038
  "shoulder_abduction|0.04 max=0.14 px=0.08 pxmax=0.2"             # m 0.010 / 0.035 / 0.020 / 0.052
  "elbow_flexion|0.03 max=0.1 px=0.05 pxmax=0.15"                  # m 0.008 / 0.028 / 0.014 / 0.037
  "ankle_dorsiflexion|0.06 max=0.14 px=0.03 pxmax=0.1"             # m 0.015 / 0.036 / 0.008 / 0.027
  "trunk_lateral_flexion|0.008 max=0.025 px=0.03 pxmax=0.07"       # m 0.002 / 0.006 / 0.007 / 0.018
  "knee_flexion_reflective|0.015 max=0.03 px=0.025 pxmax=0.06")    # m 0.004 / 0.008 / 0.006 / 0.016
foreach(spec ${E2E_CLEAN})
  string(REPLACE "|" ";" f "${spec}")
  list(GET f 0 scene)
  list(GET f 1 limits)
  set(uri "synthetic:${scene}?size=640x360&fps=30&seconds=8")
  add_test(NAME e2e_clean_${scene}
           COMMAND sh ${E2E_SH} $<TARGET_FILE:romcap> $<TARGET_FILE:check_e2e>
                   ${E2E_WORK}/clean_${scene} "${uri}" "${limits}")
  set_tests_properties(e2e_clean_${scene} PROPERTIES ENVIRONMENT "E2E_CLEAN=1" LABELS e2e)
endforeach()
# Noise, motion blur (4 poses over half the frame interval), lighting drift and a
# 0.3 s occlusion of one marker. The max errors and the reflective case's marker max
# are at the hidden frames (interpolated offline).
set(E2E_HARD
  # m 0.035 / 0.120 / 0.050 / 0.227
  "knee_flexion|knee_flexion?size=640x360&fps=30&seconds=8&noise=3&blur=4&drift=0.2&occlude=knee@3.0+0.3|0.14 max=0.45 px=0.2 pxmax=0.9"
  # m 0.237 / 1.778 / 0.050 / 0.157 (h-blur's detector as merged on 2026-12-06 reads
  # 0.540 / 5.802: a regression the bound is kept to show)
  "elbow_flexion|elbow_flexion?size=640x360&fps=30&seconds=8&noise=3&blur=4&drift=0.2&occlude=wrist@2.5+0.3|0.9 max=6 px=0.2 pxmax=0.6"
  # m 0.203 / 1.557 / 0.018 / 3.339
  "knee_flexion_reflective|knee_flexion_reflective?size=640x360&fps=30&seconds=8&noise=3&blur=4&occlude=ankle@2.0+0.3|0.8 max=6 px=0.07 pxmax=12")
foreach(spec ${E2E_HARD})
  string(REPLACE "|" ";" f "${spec}")
  list(GET f 0 scene)
  list(GET f 1 q)
  list(GET f 2 limits)
  add_test(NAME e2e_hard_${scene}
           COMMAND sh ${E2E_SH} $<TARGET_FILE:romcap> $<TARGET_FILE:check_e2e>
                   ${E2E_WORK}/hard_${scene} "synthetic:${q}" "${limits}")
  set_tests_properties(e2e_hard_${scene} PROPERTIES LABELS e2e)
endforeach()
# Fast motion: six repetitions in 8 s (the ankle passes 700 px/s) with motion blur.
# At peak speed the blurred blue sticker over skin falls outside its colour class
# for a few frames; they are flagged predicted and bridged offline, so the bound
# is wider, but identities must hold. m 1.332 / 9.944 / 0.083 / 43.68 with h-blur's
# detector, 2.315 / 9.944 / 0.055 / 43.68 before (the predicted positions drift 44 px:
# issue 15).
# With the matched-filter streak search (h6-blur): m 0.073 / 0.497 / 0.166 / 1.316, every
# peak-speed frame a streak (the search places them 0.5-0.9 px off, the mixture search
# and the class 0.1-0.6 px: 0.064 / 0.224 / 0.101 / 0.61 before).
add_test(NAME e2e_fast_knee
         COMMAND sh ${E2E_SH} $<TARGET_FILE:romcap> $<TARGET_FILE:check_e2e> ${E2E_WORK}/fast
                 "synthetic:knee_flexion?size=640x360&fps=30&seconds=8&noise=3&blur=4&drift=0.2&reps=6"
                 "5 max=35 px=0.3 pxmax=150")
# Eight stickers of the markers' own colours on the wall (acquisition must use the
# start-pose hints; a predicted marker with its neighbour hidden must not take one),
# a 0.5 s occlusion of the knee, noise, blur and drifting light, 0 swaps.
# m 0.337 / 2.299 / 0.050 / 0.227, coverage 0.992
add_test(NAME e2e_clutter_knee
         COMMAND sh ${E2E_SH} $<TARGET_FILE:romcap> $<TARGET_FILE:check_e2e> ${E2E_WORK}/clutter
                 "synthetic:knee_flexion?size=640x360&fps=30&seconds=8&noise=3&blur=4&drift=0.2&occlude=knee@3.0+0.5&clutter=8"
                 "1.2 max=8 px=0.2 pxmax=0.9")
set_tests_properties(e2e_fast_knee e2e_clutter_knee PROPERTIES LABELS e2e)

# The file sources end to end: an MJPEG AVI written by OpenCV's VideoWriter and a
# folder of JPEGs (one of them cut short: skipped with a warning, the run goes on).
add_executable(make_clip ${CMAKE_CURRENT_SOURCE_DIR}/integration/make_clip.c)
target_include_directories(make_clip PRIVATE ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(make_clip PRIVATE romcap_capture romcap_synth romcap_core)
set(CLIP_URI "synthetic:knee_flexion?size=640x360&fps=30&seconds=6&noise=2")
# m 0.038 / 0.105 / 0.048 / 0.162
add_test(NAME e2e_mjpeg_avi
         COMMAND sh -c "$<TARGET_FILE:make_clip> '${CLIP_URI}' avi '${E2E_WORK}/clip.avi' 85 && sh '${E2E_SH}' '$<TARGET_FILE:romcap>' '$<TARGET_FILE:check_e2e>' '${E2E_WORK}/avi' '${CLIP_URI}' '0.15 max=0.4 px=0.2 pxmax=0.6' '${E2E_WORK}/clip.avi' knee_flexion")
set(EXPECT_SH ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh)
# m 0.065 / 0.194 / 0.076 / 0.241; 179 of the 180 frames (the cut one is skipped)
add_test(NAME e2e_jpeg_folder
         COMMAND sh ${EXPECT_SH} 0 "frame_00040.jpg.*skipped"
                 sh -c "rm -rf '${E2E_WORK}/jpegs' && $<TARGET_FILE:make_clip> '${CLIP_URI}' jpegs '${E2E_WORK}/jpegs' 85 40 && sh '${E2E_SH}' '$<TARGET_FILE:romcap>' '$<TARGET_FILE:check_e2e>' '${E2E_WORK}/folder' '${CLIP_URI}' '0.25 max=0.7 px=0.3 pxmax=0.9 frames=179' '${E2E_WORK}/jpegs' knee_flexion")
set_tests_properties(e2e_mjpeg_avi e2e_jpeg_folder PROPERTIES LABELS e2e)
# A video cut short (copy interrupted, disk full): the frames before the cut are
# analysed, the end is reported, nothing crashes.
add_test(NAME e2e_truncated_avi
         COMMAND sh ${EXPECT_SH} 0 "ended after [0-9]+ of 180 frames"
                 sh -c "$<TARGET_FILE:make_clip> '${CLIP_URI}' avi '${E2E_WORK}/cut_src.avi' 85 && head -c 600000 '${E2E_WORK}/cut_src.avi' > '${E2E_WORK}/cut.avi' && $<TARGET_FILE:romcap> analyse '${E2E_WORK}/cut.avi' --model knee_flexion --out '${E2E_WORK}/cut' --no-progress")

# Issue 13, "say what went wrong with the markers": the shoulder model on a knee scene.
# The scene has no yellow sticker (the renderer's knee set-up: hip, knee, ankle), so
# the shoulder marker is never found: the files are still written (exit 0), the run
# names the marker and its colour, and summary.json carries the same diagnosis and
# flags the angle as defined in under half the frames.
add_test(NAME e2e_wrong_model
         COMMAND sh ${EXPECT_SH} 0 "warning: marker 'shoulder' \\(yellow sticker\\) was never found: check the sticker colour"
                 sh -c "rm -rf '${E2E_WORK}/wrong_model' && $<TARGET_FILE:romcap> analyse 'synthetic:knee_flexion?size=640x360&fps=30&seconds=3' --model shoulder_flexion --out '${E2E_WORK}/wrong_model' --no-progress && grep -Eq '\"diagnosis\":[[:space:]]*\"marker .shoulder. [(]yellow sticker[)] was never found' '${E2E_WORK}/wrong_model/summary.json' && grep -Eq '\"low_coverage\":[[:space:]]*true' '${E2E_WORK}/wrong_model/summary.json'")
