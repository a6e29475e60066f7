# End to end on REAL human motion: C3D marker trajectories from ROMCAP_SHARED_DATA/mocap
# filmed by the synthetic renderer's virtual sagittal camera (synthetic:mocap_*?file=),
# then romcap analyse, then check_e2e against the exact truth (bounds 3-5x the
# figures measured on 2026-12-06, "m RMS / max / marker RMS / marker max", issue 15;
# no identity swap, >= 95% of frames with an angle). The mocap scenes are not in
# rc_synth_scene_count's list, so the model is named (e2e.sh's 7th argument).
# Without the shared data the tests are still registered and report SKIP (exit 77).
set(MOCAP_DIR ${ROMCAP_SHARED_DATA}/mocap)
set(MOCAP_E2E
  # name|scene|file|extra URI options|model|limits
  # m 0.025 / 0.053 / 0.027 / 0.057
  "elbow_shd01|mocap_elbow|btk_shd01.c3d||elbow_flexion|0.1 max=0.2 px=0.1 pxmax=0.2"
  # m 0.044 / 0.130 / 0.046 / 0.161
  "knee_gait_dec|mocap_knee|btk_Gait.c3d||knee_flexion|0.15 max=0.5 px=0.15 pxmax=0.6"
  # m 0.024 / 0.092 / 0.031 / 0.153
  "knee_tennis|mocap_knee|ktk_kinematics_tennis_serve.c3d||knee_flexion|0.1 max=0.35 px=0.12 pxmax=0.6")
foreach(spec ${MOCAP_E2E})
  string(REPLACE "|" ";" f "${spec}")
  list(GET f 0 name)
  list(GET f 1 scene)
  list(GET f 2 file)
  list(GET f 3 extra)
  list(GET f 4 model)
  list(GET f 5 limits)
  if(EXISTS ${MOCAP_DIR}/${file})
    set(uri "synthetic:${scene}?file=${MOCAP_DIR}/${file}&size=640x360${extra}")
    add_test(NAME e2e_mocap_${name}
             COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/e2e.sh $<TARGET_FILE:romcap>
                     $<TARGET_FILE:check_e2e> ${CMAKE_CURRENT_BINARY_DIR}/e2e/mocap_${name}
                     "${uri}" "${limits}" "${uri}" ${model})
  else()
    add_test(NAME e2e_mocap_${name}
             COMMAND sh -c "echo 'SKIP: ${MOCAP_DIR}/${file} not found (shared mocap data absent)'; exit 77")
  endif()
  set_tests_properties(e2e_mocap_${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()
