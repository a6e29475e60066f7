# The set-up check in the live window (issue 20) with real X input under Xvfb
# (tests/integration/live_check.sh; xinput is built by live.cmake).
add_executable(check_check_png ${CMAKE_CURRENT_SOURCE_DIR}/integration/check_check_png.c)
target_link_libraries(check_check_png PRIVATE romcap_ui PkgConfig::SDL2)
find_program(XVFB_RUN_CHECK xvfb-run)
if(XVFB_RUN_CHECK)
  add_test(NAME live_check_xvfb
           COMMAND ${XVFB_RUN_CHECK} -a -s "-screen 0 1280x800x24"
                   sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/live_check.sh $<TARGET_FILE:romcap>
                   $<TARGET_FILE:xinput> $<TARGET_FILE:check_check_png>
                   ${CMAKE_CURRENT_BINARY_DIR}/live_check)
  set_tests_properties(live_check_xvfb PROPERTIES TIMEOUT 150 ENVIRONMENT
    "SDL_RENDER_DRIVER=software;SDL_AUDIODRIVER=dummy;ASAN_OPTIONS=detect_leaks=0")
endif()
