# `romcap compare` on damaged results (angles.csv, summary.json, session.json): exit 1
# with one error line naming the file, never a crash, a hang or a half report; plus
# the analysis of an unanalysed session before comparing (compare_bad.sh).
add_test(NAME compare_bad_results
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/compare_bad.sh
                 $<TARGET_FILE:romcap> ${CMAKE_CURRENT_BINARY_DIR}/compare_bad)
set_tests_properties(compare_bad_results PROPERTIES TIMEOUT 600)
