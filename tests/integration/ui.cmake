# The ui in a real X window under Xvfb (xvfb-run, package xvfb): draws frames, checks
# overlay pixels in the saved PNG and in a screenshot of the X root window, resizes.
find_program(XVFB_RUN xvfb-run REQUIRED)
find_package(X11 REQUIRED)
add_executable(test_ui_window ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_ui_window.c)
target_include_directories(test_ui_window PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}
                           ${CMAKE_CURRENT_SOURCE_DIR}/unit ${X11_INCLUDE_DIR})
target_link_libraries(test_ui_window PRIVATE romcap_ui romcap_core ${X11_LIBRARIES} ${CMAKE_DL_LIBS})
target_compile_definitions(test_ui_window PRIVATE ROMCAP_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
add_test(NAME ui_window_xvfb
         COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x800x24" $<TARGET_FILE:test_ui_window>)
set_tests_properties(ui_window_xvfb PROPERTIES TIMEOUT 120)
# SDL's software renderer in a real X window: the test then does not depend on the
# machine's OpenGL driver (Mesa keeps allocations LeakSanitizer cannot attribute).
set_tests_properties(ui_window_xvfb PROPERTIES ENVIRONMENT "SDL_RENDER_DRIVER=software")

# The main job with a display: `romcap` plays the bundled sample in a window.
add_test(NAME main_job_window
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh 0 ""
                 ${XVFB_RUN} -a -s "-screen 0 1600x900x24" $<TARGET_FILE:romcap> --frames 60)
# Leak checking is off for this one process only: SDL_Quit unloads the X11/GL driver
# modules, and what they keep for the process lifetime is then reported from an
# "<unknown module>" that no suppression can name. Our own code's leaks are checked
# by main_job_headless and ui_window_xvfb, which run the same ui and pipeline code.
set_tests_properties(main_job_window PROPERTIES TIMEOUT 120 ENVIRONMENT
  "SDL_RENDER_DRIVER=software;ASAN_OPTIONS=detect_leaks=0")
# Without a display: headless analysis of the sample with files and a PNG snapshot.
add_test(NAME main_job_headless
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh 0 "wrote .*peak.png"
                 sh -c "cd '${CMAKE_CURRENT_BINARY_DIR}' && rm -rf romcap-out && env -u DISPLAY -u WAYLAND_DISPLAY '$<TARGET_FILE:romcap>' --frames 120 && test -s romcap-out/run-*/peak.png && test -s romcap-out/run-*/summary.json")
