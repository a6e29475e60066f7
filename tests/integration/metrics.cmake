# `romcap metrics` on the smoothness reference signals (skipped without the data).
add_test(NAME metrics_cli
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/metrics.sh $<TARGET_FILE:romcap>
                 ${ROMCAP_SHARED_DATA} ${CMAKE_CURRENT_BINARY_DIR}/metrics_cli)
set_tests_properties(metrics_cli PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
