# romcap review (issue 17): a recorded synthetic session looked back at. Headless
# (--shot-at) and in a real X window under Xvfb with XTest clicks on the plot; the
# saved PNG must show the scene's frame at that time (check_review_png: the rings
# at the scene's exact marker positions of that frame, not of another).
add_executable(check_review_png ${CMAKE_CURRENT_SOURCE_DIR}/integration/check_review_png.c)
target_link_libraries(check_review_png PRIVATE romcap_capture romcap_ui romcap_core
                                               PkgConfig::SDL2 m)

set(_rv_uri "synthetic:knee_flexion?size=640x360&fps=30&seconds=4")
set(_rv_model "${CMAKE_SOURCE_DIR}/models/knee_flexion.json")
set(_rv_sh "${CMAKE_CURRENT_SOURCE_DIR}/integration/review.sh")

# --shot-at on an analysed session; on an unanalysed one (analysed first); errors.
add_test(NAME review_shot
         COMMAND sh ${_rv_sh} shot $<TARGET_FILE:romcap> $<TARGET_FILE:check_review_png>
                 "${_rv_uri}" ${_rv_model} ${CMAKE_CURRENT_BINARY_DIR}/review_shot)
set_tests_properties(review_shot PROPERTIES TIMEOUT 180
  ENVIRONMENT "SDL_AUDIODRIVER=dummy;DISPLAY=")

find_program(XVFB_RUN_REVIEW xvfb-run)
if(XVFB_RUN_REVIEW)
  # A click on the plot seeks; S saves what the window shows (see ui.cmake for the
  # software renderer and the leak-check note).
  add_test(NAME review_click_xvfb
           COMMAND ${XVFB_RUN_REVIEW} -a -s "-screen 0 1280x800x24"
                   sh ${_rv_sh} click $<TARGET_FILE:romcap> $<TARGET_FILE:check_review_png>
                   "${_rv_uri}" ${_rv_model} ${CMAKE_CURRENT_BINARY_DIR}/review_click
                   $<TARGET_FILE:xinput>)
  set_tests_properties(review_click_xvfb PROPERTIES TIMEOUT 180 ENVIRONMENT
    "SDL_RENDER_DRIVER=software;SDL_AUDIODRIVER=dummy;ASAN_OPTIONS=detect_leaks=0")
endif()
