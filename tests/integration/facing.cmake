# Facing either way (issue 21): every bundled model's scene as set up and mirrored
# (flip=1), through detect -> track -> rc_facing on the tracked positions.
add_executable(check_facing ${CMAKE_CURRENT_SOURCE_DIR}/integration/check_facing.c)
target_link_libraries(check_facing PRIVATE romcap_synth romcap_core)

set(FACING_SH ${CMAKE_CURRENT_SOURCE_DIR}/integration/facing.sh)
set(FACING_WORK ${CMAKE_CURRENT_BINARY_DIR}/facing)
set(FACING_BASE "size=640x360&fps=30&seconds=8")
set(FACING_SCENES knee_flexion hip_flexion hip_abduction shoulder_flexion shoulder_abduction
                  elbow_flexion ankle_dorsiflexion trunk_lateral_flexion knee_flexion_reflective)
foreach(scene ${FACING_SCENES})
  foreach(flip 0 1)
    if(flip)
      set(expect yes)
    else()
      set(expect no)
    endif()
    add_test(NAME facing_${scene}_flip${flip}
             COMMAND sh ${FACING_SH} $<TARGET_FILE:romcap> $<TARGET_FILE:check_facing>
                     $<TARGET_FILE:check_e2e> ${CMAKE_SOURCE_DIR}/models
                     ${FACING_WORK}/${scene}_${flip}
                     "synthetic:${scene}?${FACING_BASE}&flip=${flip}" ${scene} ${expect} 0.5)
  endforeach()
endforeach()
# Noise, blur, drifting light and the knee hidden for 0.3 s during the first bend.
add_test(NAME facing_hard_knee
         COMMAND sh ${FACING_SH} $<TARGET_FILE:romcap> $<TARGET_FILE:check_facing>
                 $<TARGET_FILE:check_e2e> ${CMAKE_SOURCE_DIR}/models ${FACING_WORK}/hard_knee
                 "synthetic:knee_flexion?${FACING_BASE}&flip=1&noise=3&blur=4&drift=0.2&occlude=knee@0.7+0.3"
                 knee_flexion yes 1.0)
# Too little movement to decide (6 deg of knee flexion): undetermined, not a guess.
add_test(NAME facing_still_knee
         COMMAND sh ${FACING_SH} $<TARGET_FILE:romcap> $<TARGET_FILE:check_facing>
                 $<TARGET_FILE:check_e2e> ${CMAKE_SOURCE_DIR}/models ${FACING_WORK}/still_knee
                 "synthetic:knee_flexion?${FACING_BASE}&flip=1&amp=0.05" knee_flexion
                 undetermined -1)
