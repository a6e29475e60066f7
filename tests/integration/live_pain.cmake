# The live window's pain prompt (issue 17) with real X input under Xvfb
# (tests/integration/live_pain.sh; xinput is built by live.cmake).
find_program(XVFB_RUN_PAIN xvfb-run)
if(XVFB_RUN_PAIN)
  add_test(NAME live_pain_xvfb
           COMMAND ${XVFB_RUN_PAIN} -a -s "-screen 0 1280x800x24"
                   sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/live_pain.sh $<TARGET_FILE:romcap>
                   $<TARGET_FILE:xinput> ${CMAKE_CURRENT_BINARY_DIR}/live_pain)
  set_tests_properties(live_pain_xvfb PROPERTIES TIMEOUT 120 ENVIRONMENT
    "SDL_RENDER_DRIVER=software;SDL_AUDIODRIVER=dummy;ASAN_OPTIONS=detect_leaks=0")
endif()
