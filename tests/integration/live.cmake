# romcap live (issue 5): the capture thread, the analysis thread and the feedback
# window, exercised without a camera on the bundled synthetic scene.
add_executable(check_live_png ${CMAKE_CURRENT_SOURCE_DIR}/integration/check_live_png.c)
target_link_libraries(check_live_png PRIVATE romcap_capture romcap_core PkgConfig::SDL2 m)
# SDL2_image for IMG_Load (the ui links it the same way).
target_link_libraries(check_live_png PRIVATE romcap_ui)

set(_live_uri "synthetic:knee_flexion?size=640x360")
set(_live_model "${CMAKE_SOURCE_DIR}/models/knee_flexion.json")

add_test(NAME live_help COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh 0 "patient"
         $<TARGET_FILE:romcap> live --help)

# Headless (off-screen canvas, no video driver at all), with the dummy audio
# driver: plays 90 frames live, saves frame 45, checks the overlay against the
# scene's ground truth.
add_test(NAME live_headless
         COMMAND sh -c "d=$(mktemp -d) && '$<TARGET_FILE:romcap>' live '${_live_uri}' --headless --frames 90 --shot-dir $d/shots --shot-at 45 && '$<TARGET_FILE:check_live_png>' $d/shots '${_live_uri}' '${_live_model}'; r=$?; rm -rf $d; exit $r")
set_tests_properties(live_headless PROPERTIES TIMEOUT 60
  ENVIRONMENT "SDL_AUDIODRIVER=dummy;DISPLAY=")

# A window through SDL's dummy video driver (no X server): the windowed code path,
# patient view and target, mirrored picture.
add_test(NAME live_dummy_window
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh 0 "latency capture->present"
                 env -u DISPLAY SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
                 $<TARGET_FILE:romcap> --log info live ${_live_uri} --patient --target 10:40 --mirror-view --frames 60)
set_tests_properties(live_dummy_window PROPERTIES TIMEOUT 60)

# A real X window under Xvfb with SDL's software renderer (see ui.cmake for why, and
# for the leak-check note that applies here too).
find_program(XVFB_RUN_LIVE xvfb-run)
if(XVFB_RUN_LIVE)
  add_test(NAME live_window_xvfb
           COMMAND sh -c "d=$(mktemp -d) && ${XVFB_RUN_LIVE} -a -s '-screen 0 1920x1080x24' '$<TARGET_FILE:romcap>' live '${_live_uri}' --frames 90 --shot-dir $d/shots --shot-at 45 && '$<TARGET_FILE:check_live_png>' $d/shots '${_live_uri}' '${_live_model}'; r=$?; rm -rf $d; exit $r")
  set_tests_properties(live_window_xvfb PROPERTIES TIMEOUT 90 ENVIRONMENT
    "SDL_RENDER_DRIVER=software;SDL_AUDIODRIVER=dummy;ASAN_OPTIONS=detect_leaks=0")
endif()

# No camera: an error naming it, and nothing played in its place (issue 13; more
# in live_errors.cmake).
add_test(NAME live_missing_camera
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh 1 "romcap: error: camera:57: no camera found"
                 $<TARGET_FILE:romcap> live --camera 57 --headless --frames 10)
set_tests_properties(live_missing_camera PROPERTIES TIMEOUT 60 ENVIRONMENT "SDL_AUDIODRIVER=dummy")

# R / --record: the live window hands each frame to a session writer; the session
# folder is private (0700) and reads back as a source.
add_test(NAME live_record
         COMMAND sh -c "d=$(mktemp -d) && cd $d && '$<TARGET_FILE:romcap>' live '${_live_uri}' --headless --record --tag pre --frames 40 && s=$(ls -d romcap-sessions/session-*-pre) && test \"$(stat -c %a $s)\" = 700 && '$<TARGET_FILE:romcap>' analyse $s --model knee_flexion --out out && test $(wc -l < out/angles.csv) -ge 31; r=$?; cd / && rm -rf $d; exit $r")
set_tests_properties(live_record PROPERTIES TIMEOUT 60 ENVIRONMENT "SDL_AUDIODRIVER=dummy")

find_package(X11 REQUIRED)
# Colour learning in the window with real X input (tests/integration/xinput.c,
# XTest): L, a refused click on skin, then the three stickers.
add_executable(xinput ${CMAKE_CURRENT_SOURCE_DIR}/integration/xinput.c)
target_link_libraries(xinput PRIVATE ${X11_LIBRARIES} ${CMAKE_DL_LIBS})
if(XVFB_RUN_LIVE)
  add_test(NAME live_learn_xvfb
           COMMAND ${XVFB_RUN_LIVE} -a -s "-screen 0 1280x800x24"
                   sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/live_learn.sh $<TARGET_FILE:romcap>
                   $<TARGET_FILE:make_clip> $<TARGET_FILE:check_e2e> $<TARGET_FILE:xinput>
                   ${CMAKE_CURRENT_BINARY_DIR}/live_learn)
  set_tests_properties(live_learn_xvfb PROPERTIES TIMEOUT 120 ENVIRONMENT
    "SDL_RENDER_DRIVER=software;SDL_AUDIODRIVER=dummy;ASAN_OPTIONS=detect_leaks=0")
endif()
