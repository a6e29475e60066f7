# Knee valgus in the renderer (issue 16): the single-leg squat whose knee moves
# medially (single_leg_squat: FPPA 1 -> 18 deg, the pelvis dropping and the trunk
# leaning with it) and the same squat with the knee over the foot
# (single_leg_squat_neutral: FPPA 1 -> 3 deg). Each through romcap analyse against
# the exact truth of every angle (check_e2e), and the FPPA's largest reading against
# the scene's peak (the fullest repetition reaches it: rc__synth_angle_at).
# Measured (Debug+ASan, 2026-12-06): neutral angles RMS 0.006 / max 0.021 deg, markers
# 0.006 / 0.019 px, FPPA peak 2.9988 (0.0012 off); valgus RMS 0.006 / 0.019 deg,
# 0.006 / 0.019 px, peak 17.9934 (0.0066 off). Bounds about 4x.
# The squat with clear compensations (scenes_sls.c: the pelvis dropping 10 deg, the trunk
# leaning 12 deg, or both within 1.5 deg; FPPA 1 -> 12 deg), every angle against its
# truth the same way (their rules: tests/unit/test_sls_comp.c). Measured (2026-12-07),
# each of the three: angles RMS 0.007 / max 0.021 deg, markers 0.006 / 0.022 px, FPPA
# peak 11.9969 (0.0031 off). Bounds about 4x.
set(SLS_CASES
  "single_leg_squat_neutral|3|0.005|0.024 max=0.085 px=0.025 pxmax=0.075"
  "single_leg_squat|18|0.025|0.024 max=0.075 px=0.025 pxmax=0.075"
  "single_leg_squat_drop|12|0.0125|0.028 max=0.085 px=0.025 pxmax=0.09"
  "single_leg_squat_lean|12|0.0125|0.028 max=0.085 px=0.025 pxmax=0.09"
  "single_leg_squat_level|12|0.0125|0.028 max=0.085 px=0.025 pxmax=0.09")
foreach(spec ${SLS_CASES})
  string(REPLACE "|" ";" f "${spec}")
  list(GET f 0 scene)
  list(GET f 1 peak)
  list(GET f 2 tol)
  list(GET f 3 limits)
  add_test(NAME e2e_valgus_${scene}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/sls_valgus.sh $<TARGET_FILE:romcap>
                   $<TARGET_FILE:check_e2e> ${CMAKE_CURRENT_BINARY_DIR}/sls/${scene} ${scene}
                   ${peak} ${tol} "${limits}")
  set_tests_properties(e2e_valgus_${scene} PROPERTIES LABELS e2e TIMEOUT 300)
endforeach()
