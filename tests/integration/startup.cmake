# Issue 18: romcap links no OpenCV; the commands that do not need it never load its
# bridge (LD_DEBUG=libs), those that do load it and work, a missing bridge is a clear
# error (startup.sh).
add_test(NAME startup_no_opencv
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/startup.sh $<TARGET_FILE:romcap>
                 ${CMAKE_CURRENT_BINARY_DIR}/startup)
set_tests_properties(startup_no_opencv PROPERTIES TIMEOUT 300)
