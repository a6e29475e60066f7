# Issue 18: romcap links no OpenCV; the commands that do not need it never load its
# bridge (LD_DEBUG=libs), those that do load it and work, a missing bridge is a clear
# error (startup.sh).
add_test(NAME startup_no_opencv
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/startup.sh $<TARGET_FILE:romcap>
                 ${CMAKE_CURRENT_BINARY_DIR}/startup)
set_tests_properties(startup_no_opencv PROPERTIES TIMEOUT 300)

# `cmake --install` puts the module in lib/romcap beside bin/, and the installed
# romcap finds it there (relative to itself, so the tree can be moved).
set(STARTUP_INST ${CMAKE_CURRENT_BINARY_DIR}/startup_install)
add_test(NAME startup_install COMMAND sh -c
  "rm -rf '${STARTUP_INST}' && mkdir -p '${STARTUP_INST}' &&
   ${CMAKE_COMMAND} --install '${CMAKE_BINARY_DIR}' --prefix '${STARTUP_INST}/usr' > /dev/null &&
   mv '${STARTUP_INST}/usr' '${STARTUP_INST}/moved' &&
   printf '%%YAML:1.0\\n---\\nimage_width: 320\\nimage_height: 240\\ncamera_matrix: !!opencv-matrix\\n   rows: 3\\n   cols: 3\\n   dt: d\\n   data: [ 320., 0., 159.5, 0., 320., 119.5, 0., 0., 1. ]\\ndistortion_coefficients: !!opencv-matrix\\n   rows: 5\\n   cols: 1\\n   dt: d\\n   data: [ 0., 0., 0., 0., 0. ]\\n' > '${STARTUP_INST}/lens.yml' &&
   LD_DEBUG=libs LD_DEBUG_OUTPUT='${STARTUP_INST}/ld' '${STARTUP_INST}/moved/bin/romcap' analyse 'synthetic:knee_flexion?size=320x240&seconds=0.5' --calib '${STARTUP_INST}/lens.yml' --out '${STARTUP_INST}/out' &&
   cat '${STARTUP_INST}'/ld.* | grep -q 'calling init: ${STARTUP_INST}/moved/bin/.*romcap-opencv.so'")
set_tests_properties(startup_install PROPERTIES TIMEOUT 120)
