# The set-up check in summary.json, `romcap sessions` and `romcap progress` (issue 20):
# tests/integration/setup_reports.sh, with check_setup_summary comparing summary.json's
# "setup" block against the session's own check.
add_executable(check_setup_summary ${CMAKE_CURRENT_SOURCE_DIR}/integration/check_setup_summary.c)
target_link_libraries(check_setup_summary PRIVATE romcap_session romcap_results romcap_core
                                                  PkgConfig::CJSON)
add_test(NAME setup_reports
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/setup_reports.sh $<TARGET_FILE:romcap>
                 $<TARGET_FILE:check_setup_summary> ${CMAKE_CURRENT_BINARY_DIR}/setup_reports)
set_tests_properties(setup_reports PROPERTIES TIMEOUT 240)
