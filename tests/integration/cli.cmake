# The romcap command line: help, listings, and one clear error per bad input
# (a non-zero exit and a one-line reason naming the file; never a crash).
set(EXPECT_SH ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh)
set(CLI_WORK ${CMAKE_CURRENT_BINARY_DIR}/cli)
set(ROMCAP $<TARGET_FILE:romcap>)
file(MAKE_DIRECTORY ${CLI_WORK})

macro(cli_test name status pattern)
  add_test(NAME cli_${name} COMMAND sh ${EXPECT_SH} ${status} "${pattern}" ${ARGN})
endmacro()

cli_test(help 0 "usage: romcap" ${ROMCAP} --help)
cli_test(analyse_help 0 "--model M" ${ROMCAP} analyse --help)
cli_test(models 0 "knee_flexion.*Knee flexion" ${ROMCAP} models)
cli_test(scenes 0 "shoulder_flexion" ${ROMCAP} scenes)
cli_test(unknown_command 2 "unknown command 'frobnicate'" ${ROMCAP} frobnicate)
cli_test(analyse_no_out 2 "needs INPUT and --out" ${ROMCAP} analyse x.avi)
cli_test(missing_file fail "romcap: error: .*no such file: ${CLI_WORK}/none.avi"
         ${ROMCAP} analyse ${CLI_WORK}/none.avi --model knee_flexion --out ${CLI_WORK}/o1)
cli_test(unreadable_video fail "romcap: error: .*not_a_video.avi: not a readable video"
         sh -c "echo 'this is text' > ${CLI_WORK}/not_a_video.avi && ${ROMCAP} analyse ${CLI_WORK}/not_a_video.avi --model knee_flexion --out ${CLI_WORK}/o2")
cli_test(unknown_model fail "romcap: error: .*nosuchmodel.*knee_flexion"
         ${ROMCAP} analyse synthetic:knee_flexion --model nosuchmodel --out ${CLI_WORK}/o3)
cli_test(malformed_model fail "romcap: error: .*broken.json.*line 3"
         sh -c "printf '{\\n  \"format\": \"romcap-model/1\",\\n  \"name\": [,\\n}\\n' > ${CLI_WORK}/broken.json && ${ROMCAP} analyse synthetic:knee_flexion --model ${CLI_WORK}/broken.json --out ${CLI_WORK}/o4")
cli_test(unknown_scene fail "romcap: error: .*nosuchscene"
         ${ROMCAP} analyse synthetic:nosuchscene --model knee_flexion --out ${CLI_WORK}/o5)
cli_test(no_camera fail "romcap: error: camera:9: no camera"
         ${ROMCAP} analyse camera:9 --model knee_flexion --out ${CLI_WORK}/o6)
cli_test(unwritable_out fail "romcap: error: .*cannot create"
         ${ROMCAP} analyse synthetic:knee_flexion?seconds=1 --out /proc/romcap-cannot-write)
cli_test(summary 0 "\"range_deg\""
         sh -c "${ROMCAP} analyse 'synthetic:knee_flexion?size=320x180&fps=30&seconds=2' --out ${CLI_WORK}/o7 --no-progress && cat ${CLI_WORK}/o7/summary.json")
cli_test(live_missing_calib fail "romcap: error: ${CLI_WORK}/none.yml"
         ${ROMCAP} live synthetic:knee_flexion --calib ${CLI_WORK}/none.yml --headless --frames 3)
set_tests_properties(cli_live_missing_calib PROPERTIES ENVIRONMENT "SDL_AUDIODRIVER=dummy")
cli_test(analyse_missing_calib fail "romcap: error: ${CLI_WORK}/none.yml"
         ${ROMCAP} analyse synthetic:knee_flexion?seconds=1 --calib ${CLI_WORK}/none.yml --out ${CLI_WORK}/o8)
cli_test(live_undistort_needs_calib 2 "--undistort-view needs --calib"
         ${ROMCAP} live synthetic:knee_flexion --undistort-view --headless --frames 3)
