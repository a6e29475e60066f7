# Clinic-like scenes (issue 15): every bundled model filmed the way a clinic films it,
# then romcap analyse, then check_e2e against the renderer's exact truth.
# Short clips (4 s, 2 repetitions, 25-30 fps, 640x360 or 640x480) keep the suite fast.
#
# Each limit list is: angle RMS (deg), max= largest angle error (deg), px= marker RMS
# over measured positions, pxmax= largest error of any position while in view (px);
# coverage (95%), the frame count, no identity swap, no unknown name and no wrap jump
# are always asserted (check_e2e). Bounds are 3-5x the figure measured when they were
# set, given in the comment ("m RMS / max / px / pxmax"); tests/bench/accuracy.sh
# prints the current figures as the README's table.
#
# Families (the test name's second word): clinic = conditions romcap meets today;
# target = the issue's "done when" conditions (blur at 25-30 fps with markers moving
# 2-4 diameters a frame, 4 px stickers at 480p, +-18% white-balance hunting with
# +-30% light). Target cases the detector cannot meet yet carry their honest
# measured bound (they fail if it gets worse) and are listed in the README.
set(E2E_CLINIC_CASES
  # name|scene?options|limits
  # m 0.024 / 0.071 / 0.034 / 0.095: dark skin, green shirt, facing left, off centre, wb 10%
  "clinic_knee|knee_flexion?size=640x480&fps=30&seconds=4&reps=2&skin=6&clothing=green&flip=1&offset=0.2,0.05&noise=2&wb=0.1&drift=0.2|0.1 max=0.3 px=0.15 pxmax=0.4"
  # m 0.031 / 0.115 / 0.036 / 0.113: 25 fps, blue shirt, subject at 0.8 scale off centre
  "clinic_hip_flexion|hip_flexion?size=640x360&fps=25&seconds=4&reps=2&skin=5&clothing=blue&scale=0.8&offset=-0.15,0&noise=2|0.12 max=0.4 px=0.15 pxmax=0.4"
  # m 0.031 / 0.079 / 0.035 / 0.091: stickers of the markers' colours near the legs
  "clinic_hip_abduction|hip_abduction?size=640x480&fps=30&seconds=4&reps=2&skin=4&clutter_near=4&noise=2|0.12 max=0.3 px=0.15 pxmax=0.4"
  # m 0.035 / 0.099 / 0.038 / 0.103: small subject facing left, off centre
  "clinic_shoulder_flexion|shoulder_flexion?size=640x360&fps=30&seconds=4&reps=2&skin=3&flip=1&scale=0.75&offset=0.15,0.08&noise=2|0.14 max=0.4 px=0.15 pxmax=0.4"
  # m 0.068 / 0.156 / 0.099 / 0.376: magenta top under the magenta elbow sticker's path
  "clinic_shoulder_abduction|shoulder_abduction?size=640x480&fps=30&seconds=4&reps=2&skin=2&clothing=magenta&noise=2|0.25 max=0.6 px=0.4 pxmax=1.5"
  # m 0.033 / 0.081 / 0.029 / 0.073: 25 fps, very light skin, stickers near the arm
  "clinic_elbow_flexion|elbow_flexion?size=640x360&fps=25&seconds=4&reps=2&skin=1&clutter_near=4&offset=-0.2,0&noise=2|0.12 max=0.3 px=0.12 pxmax=0.3"
  # m 0.038 / 0.138 / 0.030 / 0.095: dark skin, magenta trousers under the magenta knee sticker
  "clinic_ankle_dorsiflexion|ankle_dorsiflexion?size=640x480&fps=30&seconds=4&reps=2&skin=6&clothing=magenta&noise=2|0.15 max=0.5 px=0.12 pxmax=0.4"
  # m 0.012 / 0.034 / 0.034 / 0.096: cyan trousers, seen mirrored
  "clinic_trunk_lateral_flexion|trunk_lateral_flexion?size=640x480&fps=30&seconds=4&reps=2&skin=5&clothing=cyan&flip=1&noise=2|0.05 max=0.15 px=0.15 pxmax=0.4"
  # m 0.003 / 0.012 / 0.005 / 0.014: dim room, dark skin, off centre
  "clinic_knee_reflective|knee_flexion_reflective?size=640x360&fps=30&seconds=4&reps=2&skin=6&noise=2&offset=-0.2,0|0.015 max=0.05 px=0.02 pxmax=0.06"
  # m 0.027 / 0.100 / 0.032 / 0.101: 4 px stickers at 480p
  "target_small_480p|knee_flexion?size=640x480&fps=30&seconds=4&reps=2&marker_px=4&noise=2|0.1 max=0.4 px=0.12 pxmax=0.4"
  # m 0.023 / 0.076 / 0.029 / 0.073: +-18% white-balance hunting (2 s period), +-30% light
  # (unchanged with the classes following the light: 0.023 / 0.075 / 0.029 / 0.073)
  "target_wb_hunting|knee_flexion?size=640x480&fps=30&seconds=4&reps=2&wb=0.18&wb_period=2&drift=0.3&noise=2|0.1 max=0.3 px=0.12 pxmax=0.3"
  # Issue 15, colour that follows the light: +-40% white-balance hunting with +-40%
  # light, sharp. With fixed classes the blue ankle and magenta knee stickers leave
  # their classes at the swings' ends: m 0.290 / 1.532 / 0.068 / 2.472 (18 marker-frames
  # lost); with the classes following the light (h6-colour, 2026-12-06):
  # m 0.025 / 0.077 / 0.030 / 0.075
  "target_wb_hard|knee_flexion?size=640x480&fps=30&seconds=4&reps=2&wb=0.4&wb_period=2&drift=0.4&noise=2|0.1 max=0.3 px=0.12 pxmax=0.3"
  # Full-exposure blur. The faded streak is found by the matched filter along the
  # predicted motion (detect_line.c, h6-blur, 2026-12-06): figures m, then in
  # brackets with the mixture search and the prediction on the arc about the pivot
  # (h5-real), and with main's before that. All meet the issue's target; bounds at
  # 3-5x the figures.
  # 30 fps, 4 px stickers, the ankle 3.3 diameters a frame (its streak leans a fifth
  # of the way from the skin to blue in normalised chroma; in raw chroma a third):
  # m 0.074 / 0.281 / 0.136 / 0.721, 0 swaps [22.81 / 100.3 / 0.048 / 199.8, 7 swaps;
  # 46.3 / 107.3, 28 swaps]
  "target_blur30_small|knee_flexion?size=640x480&fps=30&seconds=4&reps=2&blur=full&marker_px=4|0.3 max=1.1 px=0.5 pxmax=2.8"
  # 25 fps, 6.4 px stickers: m 0.134 / 0.475 / 0.267 / 1.161 [1.633 / 6.811 / 0.440 /
  # 20.00; 22.7 / 98.4, 6 swaps]
  "target_blur25|knee_flexion?size=640x360&fps=25&seconds=4&reps=2&blur=full|0.5 max=1.9 px=1.0 pxmax=4.5"
  # with wb hunting and drifting light: m 0.074 / 0.320 / 0.212 / 1.043 [0.417 / 1.732 /
  # 0.420 / 3.842; 2.608 / 9.582]
  "target_blur30_wb|knee_flexion?size=640x480&fps=30&seconds=4&reps=2&wb=0.18&wb_period=2&drift=0.3&blur=full&noise=2|0.3 max=1.3 px=0.8 pxmax=4"
  # shoulder, the elbow 2 diameters a frame: m 0.113 / 0.468 / 0.151 / 0.930 [0.089 /
  # 0.299 / 0.106 / 0.479; 3.545 / 14.14 / 0.054 / 41.24]: the streaks the mixture
  # search placed at 0.1-0.5 px the matched filter places at up to 0.9 px (its
  # centroid is of whole 2x2 blocks); the bounds set then still hold
  "target_blur30_shoulder|shoulder_flexion?size=640x360&fps=30&seconds=4&reps=2&blur=full&noise=2|0.35 max=1.2 px=0.4 pxmax=1.8"
  # a mustard shirt under the yellow trunk sticker (the pelvis since issue 14; the
  # acromion before). The shirt's colour is just outside the yellow class, so noise
  # lets fragments of it in: the detector returned the sticker (core 0.02 of the class
  # from its centre) and 6-27 shirt fragments a frame (cores 0.9-1 away), and the
  # tracker took fragments. With the core rule (a blob whose core is not of its class
  # is dropped, h6-colour) most fragments are gone (2-4 small ones a frame remain), but
  # in two frames the sticker's own blob, merged with fragments, fails the shape
  # filter and the tracker takes a remaining fragment 37 px away (one swap, frame 87): m 4.761 / 47.08 / 2.770 /
  # 37.51, 1 swap. Still a registered failure, bounds at 1.5x [before: 30.67 / 104.8 /
  # 14.32 / 72.25, 13 swaps; 23.95 / 119.4 / 23.23 / 117.3, 5 swaps; acromion: 7.926 /
  # 24.67]
  "target_clothing_clash|hip_flexion?size=640x360&fps=25&seconds=4&reps=2&skin=5&clothing=yellow&noise=2|7.2 max=71 px=4.2 pxmax=57 swaps=2")
foreach(spec ${E2E_CLINIC_CASES})
  string(REPLACE "|" ";" f "${spec}")
  list(GET f 0 name)
  list(GET f 1 q)
  list(GET f 2 limits)
  add_test(NAME e2e_${name}
           COMMAND sh ${E2E_SH} $<TARGET_FILE:romcap> $<TARGET_FILE:check_e2e>
                   ${E2E_WORK}/${name} "synthetic:${q}" "${limits}")
  set_tests_properties(e2e_${name} PROPERTIES LABELS "e2e;accuracy" TIMEOUT 300)
endforeach()
