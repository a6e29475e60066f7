# The modified Schober test (issue 16): a distance measure in cm (model
# lumbar_flexion_schober, scene src/synth/scene_schober.c). The clean scene through
# e2e.sh like the other tests (check_e2e compares the distance, cm, with the truth:
# measured RMS 0.002 / max 0.006 cm, markers 0.015 / 0.065 px; bounds about 4x);
# schober.sh: the Schober figure in summary.json, the refusal without a scale, and
# the scale from a calibrated plane instead of the marks' spacing.
add_test(NAME e2e_clean_lumbar_flexion_schober
         COMMAND sh ${E2E_SH} $<TARGET_FILE:romcap> $<TARGET_FILE:check_e2e>
                 ${E2E_WORK}/clean_lumbar_flexion_schober
                 "synthetic:lumbar_flexion_schober?size=640x360&fps=30&seconds=8"
                 "0.008 max=0.025 px=0.06 pxmax=0.25")
set_tests_properties(e2e_clean_lumbar_flexion_schober PROPERTIES ENVIRONMENT "E2E_CLEAN=1"
                     LABELS e2e)
foreach(mode figure noscale calib)
  add_test(NAME schober_${mode}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/schober.sh $<TARGET_FILE:romcap>
                   $<TARGET_FILE:check_e2e> ${CMAKE_CURRENT_BINARY_DIR}/schober/${mode}
                   ${CMAKE_SOURCE_DIR}/models/lumbar_flexion_schober.json ${mode})
  set_tests_properties(schober_${mode} PROPERTIES LABELS e2e TIMEOUT 300)
endforeach()
# `romcap models` lists the distance as a measure in cm with its definition and scale.
foreach(spec "measure|measure schober +distance between two marks, no published norm [(]No published norm"
             "scale|scale: the marks are 15 cm apart at the start"
             "mdc|error [(]range, .*[)]: MDC95 1[.]8 cm")
  string(REPLACE "|" ";" f "${spec}")
  list(GET f 0 what)
  list(GET f 1 pattern)
  add_test(NAME cli_models_schober_${what}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh 0 "${pattern}"
                   $<TARGET_FILE:romcap> models)
endforeach()
