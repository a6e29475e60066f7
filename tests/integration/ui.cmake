# The ui in a real X window under Xvfb (xvfb-run, package xvfb). test_ui_window is
# also a unit test, skipped there when no DISPLAY is set; here it gets one.
find_program(XVFB_RUN xvfb-run)
find_package(X11)
if(TARGET test_ui_window AND X11_FOUND)
  target_link_libraries(test_ui_window PRIVATE ${X11_LIBRARIES})
  target_include_directories(test_ui_window PRIVATE ${X11_INCLUDE_DIR})
endif()
if(XVFB_RUN AND TARGET test_ui_window)
  add_test(NAME ui_window_xvfb
           COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x800x24" $<TARGET_FILE:test_ui_window>)
  set_tests_properties(ui_window_xvfb PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
endif()
