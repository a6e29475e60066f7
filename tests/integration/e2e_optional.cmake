# Optional stickers (issue 16) through romcap analyse: shoulder abduction with the left
# acromion sticker (shoulder_hike judged) and without it (off, with its note), shoulder
# rotation at 90/90 with the chest and trochanter stickers (trunk_tilt) and without;
# with and without the compensation. Each against the renderer's exact truth
# (check_e2e: angles and positions), no warning and no marker diagnosis
# (tests/integration/optional.sh). The rules' maxima against the truth are
# test_comp_optional's. Limits as e2e_tests.cmake's clean scenes (angle RMS, max=, px=,
# pxmax=), about 4x the figures measured (Debug + ASan, 2026-12-07): shoulder abduction
# 0.006 / 0.015 deg, 0.020 / 0.082 px with or without the sticker; shoulder rotation
# 0.005 / 0.016 deg, 0.008 / 0.022 px.
set(OPTIONAL_CASES
  "abd_on|shoulder_abduction?optional=1&hike=60|on|shoulder_hike|acromion_l|0.024 max=0.06 px=0.08 pxmax=0.3"
  "abd_off|shoulder_abduction?hike=60|off|shoulder_hike|acromion_l|0.024 max=0.06 px=0.08 pxmax=0.3"
  "rot_on|shoulder_rotation_90?optional=1&lean_side=25|on|trunk_tilt|chest|0.02 max=0.064 px=0.032 pxmax=0.088"
  "rot_off|shoulder_rotation_90?lean_side=25|off|trunk_tilt|chest|0.02 max=0.064 px=0.032 pxmax=0.088"
  "rot_still|shoulder_rotation_90?optional=1|on|trunk_tilt|chest|0.02 max=0.064 px=0.032 pxmax=0.088")
foreach(spec ${OPTIONAL_CASES})
  string(REPLACE "|" ";" f "${spec}")
  list(GET f 0 name)
  list(GET f 1 scene)
  list(GET f 2 want)
  list(GET f 3 rule)
  list(GET f 4 marker)
  list(GET f 5 limits)
  add_test(NAME e2e_optional_${name}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/optional.sh $<TARGET_FILE:romcap>
                   $<TARGET_FILE:check_e2e> ${CMAKE_CURRENT_BINARY_DIR}/optional/${name}
                   "synthetic:${scene}&size=640x360&fps=30&seconds=8" ${want} ${rule} ${marker}
                   "${limits}")
  set_tests_properties(e2e_optional_${name} PROPERTIES LABELS e2e TIMEOUT 300)
endforeach()
