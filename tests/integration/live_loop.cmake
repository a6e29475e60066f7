# The therapist's loop from the live window (issues 13 and 21): two recordings made
# with `romcap live --record`, analysed when they stop, compared with no extra
# option; the side detector in the live engine on a mirrored scene; the session's
# self-description (model, subject, test, tag, mirror, calibration text).
add_executable(check_side_label ${CMAKE_CURRENT_SOURCE_DIR}/integration/check_side_label.c)
target_link_libraries(check_side_label PRIVATE romcap_ui PkgConfig::SDL2)

set(LIVE_LOOP_SH ${CMAKE_CURRENT_SOURCE_DIR}/integration/live_loop.sh)
foreach(part compare mirror calib)
  add_test(NAME live_loop_${part}
           COMMAND sh ${LIVE_LOOP_SH} ${part} $<TARGET_FILE:romcap>
                   $<TARGET_FILE:check_side_label> ${CMAKE_CURRENT_BINARY_DIR}/live_loop_${part})
  set_tests_properties(live_loop_${part} PROPERTIES TIMEOUT 120
    ENVIRONMENT "SDL_AUDIODRIVER=dummy;DISPLAY=")
endforeach()
