# Issue 20, camera controls: `romcap cameras` with no device, and the options of the
# camera controls refused with one line naming the option (cli_options.sh's checks).
add_test(NAME cameras_no_device
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/cameras.sh $<TARGET_FILE:romcap>)
add_test(NAME cli_options_cameras
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/cli_options.sh $<TARGET_FILE:romcap>
                 cameras "--dev-dir")
add_test(NAME cli_options_camera_controls_record
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/cli_options.sh $<TARGET_FILE:romcap>
                 record "--exposure" "--exposure abc" "--exposure 0" "--exposure 8ms"
                 "--white-balance 500" "--white-balance warm" "--gain -1" "--gain x")
add_test(NAME cli_options_camera_controls_live
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/cli_options.sh $<TARGET_FILE:romcap>
                 live "--gain" "--exposure 1001" "--white-balance 99999" "--gain 1e9")
set_tests_properties(cameras_no_device cli_options_cameras cli_options_camera_controls_record
                     cli_options_camera_controls_live PROPERTIES TIMEOUT 60)
