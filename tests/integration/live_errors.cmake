# Issue 13 in `romcap live` and the main job: nothing plays in place of what was
# asked for. A named camera, file or model that cannot be opened is an error naming
# it (exit 1) and leaves no session folder; only the main job without any input
# plays the bundled sample, and then says so in the log and on the picture.
# Options are parsed strictly (issue 12): bad numbers and unknown options exit 2.
set(LIVE_ERR_WORK ${CMAKE_CURRENT_BINARY_DIR}/live_errors)
set(LIVE_EXPECT ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh)
file(MAKE_DIRECTORY ${LIVE_ERR_WORK})

# A missing camera with --record: exit 1 naming the camera, no session folder at all.
add_test(NAME live_camera_record_error
         COMMAND sh -c "d=$(mktemp -d) && cd $d && '$<TARGET_FILE:romcap>' live --camera 7 --headless --record --frames 10 > log 2>&1; s=$?; cat log; r=0; test $s = 1 || { echo \"exit $s, wanted 1\"; r=1; }; grep -q 'error: camera:7: no camera' log || { echo 'the camera is not named'; r=1; }; grep -qi 'sample' log && { echo 'a sample played instead'; r=1; }; ls -d romcap-sessions/session-* 2>/dev/null && { echo 'a session folder was left'; r=1; }; cd / && rm -rf $d; exit $r")
set_tests_properties(live_camera_record_error PROPERTIES TIMEOUT 60
  ENVIRONMENT "SDL_AUDIODRIVER=dummy;DISPLAY=")

add_test(NAME live_missing_file
         COMMAND sh ${LIVE_EXPECT} fail "romcap: error: .*/nonexistent-romcap.avi"
                 $<TARGET_FILE:romcap> live /nonexistent-romcap.avi --headless)
add_test(NAME live_unknown_model
         COMMAND sh ${LIVE_EXPECT} fail "romcap: error: unknown model 'nosuchmodel'"
                 $<TARGET_FILE:romcap> live synthetic:knee_flexion?seconds=1 --model nosuchmodel --headless)
set_tests_properties(live_missing_file live_unknown_model PROPERTIES TIMEOUT 60
  ENVIRONMENT "SDL_AUDIODRIVER=dummy;DISPLAY=")

# A file that opens but holds no frame (an AVI cut after its header), recording:
# the capture fails right after the recording started; exit 1 naming the file, and
# the session folder made for it is gone again.
add_test(NAME live_record_no_frame
         COMMAND sh -c "d=$(mktemp -d) && cd $d && '$<TARGET_FILE:make_clip>' 'synthetic:knee_flexion?size=320x180&seconds=1' avi full.avi 85 && head -c 7000 full.avi > cut.avi && '$<TARGET_FILE:romcap>' live cut.avi --headless --record --frames 20 > log 2>&1; s=$?; cat log; r=0; test $s = 1 || { echo \"exit $s, wanted 1\"; r=1; }; grep -q 'error: cut.avi: no frame could be read' log || { echo 'the file is not named'; r=1; }; grep -q 'recording to romcap-sessions/session-' log || { echo 'the recording never started (test set-up)'; r=1; }; ls -d romcap-sessions/session-* 2>/dev/null && { echo 'a session folder was left'; r=1; }; cd / && rm -rf $d; exit $r")
set_tests_properties(live_record_no_frame PROPERTIES TIMEOUT 60
  ENVIRONMENT "SDL_AUDIODRIVER=dummy;DISPLAY=")

# The main job without input and without a camera: the sample, said in the log.
# (Skipped on a machine where camera:0 exists.)
add_test(NAME main_job_sample_log
         COMMAND sh -c "test -e /dev/video0 && { echo 'SKIP: /dev/video0 exists'; exit 77; }; d=$(mktemp -d) && cd $d && env -u DISPLAY -u WAYLAND_DISPLAY '$<TARGET_FILE:romcap>' --headless --frames 30 --out out > log 2>&1; s=$?; cat log; r=0; test $s = 0 || r=1; grep -Eq 'warning: camera:0: no camera.*bundled sample synthetic:knee_flexion.*SAMPLE, not a camera' log || { echo 'the log does not say it plays the sample'; r=1; }; test -s out/summary.json || r=1; cd / && rm -rf $d; exit $r")
set_tests_properties(main_job_sample_log PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77)

# Strict options: one-line errors, exit 2.
macro(live_opt_test name pattern)
  add_test(NAME live_opt_${name} COMMAND sh ${LIVE_EXPECT} 2 "${pattern}" $<TARGET_FILE:romcap> ${ARGN})
endmacro()
live_opt_test(frames_garbage "live: --frames: '12x' is not a whole number" live synthetic:knee_flexion --frames 12x)
live_opt_test(camera_garbage "live: --camera: 'abc' is not a whole number" live --camera abc)
live_opt_test(shot_at_negative "live: --shot-at: '-5' is not a whole number" live --shot-at -5)
live_opt_test(unknown "live: unknown option '--frobnicate'" live --frobnicate)
live_opt_test(missing_value "live: option '--model' needs a value" live synthetic:knee_flexion --model)
live_opt_test(bad_tag "live: --tag expects pre or post, got 'mid'" live --tag mid)
# A pseudonym is also a folder name: never a name with a space, never a path (issue 17).
live_opt_test(bad_subject "live: --subject 'Jane Doe'" live --subject "Jane Doe")
live_opt_test(path_subject "live: --subject '../x'" live --subject ../x)
live_opt_test(two_inputs "live: unexpected argument" live --camera 1 synthetic:knee_flexion)
live_opt_test(main_frames "romcap: --frames: 'ten' is not a whole number" --frames ten)
live_opt_test(main_unknown "romcap: unknown option '--unpaced'" --frames 3 --unpaced)
add_test(NAME live_opt_main_help COMMAND sh ${LIVE_EXPECT} 0 "usage: romcap \\[--model M\\]"
         $<TARGET_FILE:romcap> --frames 3 --help)

# The picture says SAMPLE: the main job in a window (Xvfb) playing the sample, and
# `romcap live` on the same scene asked for by name, each saving frame 20's canvas.
add_executable(check_sample_label ${CMAKE_CURRENT_SOURCE_DIR}/integration/check_sample_label.c)
target_link_libraries(check_sample_label PRIVATE romcap_ui PkgConfig::SDL2)
find_program(XVFB_RUN_SAMPLE xvfb-run)
if(XVFB_RUN_SAMPLE)
  add_test(NAME main_job_sample_label_xvfb
           COMMAND sh -c "test -e /dev/video0 && { echo 'SKIP: /dev/video0 exists'; exit 77; }; d=$(mktemp -d) && cd $d && ${XVFB_RUN_SAMPLE} -a -s '-screen 0 1600x900x24' '$<TARGET_FILE:romcap>' --frames 40 --shot-dir sample --shot-at 20 && ${XVFB_RUN_SAMPLE} -a -s '-screen 0 1600x900x24' '$<TARGET_FILE:romcap>' live synthetic:knee_flexion --frames 40 --shot-dir plain --shot-at 20 && '$<TARGET_FILE:check_sample_label>' sample plain; r=$?; cd / && rm -rf $d; exit $r")
  set_tests_properties(main_job_sample_label_xvfb PROPERTIES TIMEOUT 180 SKIP_RETURN_CODE 77
    ENVIRONMENT "SDL_RENDER_DRIVER=software;SDL_AUDIODRIVER=dummy;ASAN_OPTIONS=detect_leaks=0")
endif()
# Headless, the main job's peak.png carries the same label; `analyse` of the same
# scene (asked for, not a stand-in) does not.
add_test(NAME main_job_sample_label_png
         COMMAND sh -c "test -e /dev/video0 && { echo 'SKIP: /dev/video0 exists'; exit 77; }; d=$(mktemp -d) && cd $d && env -u DISPLAY -u WAYLAND_DISPLAY '$<TARGET_FILE:romcap>' --frames 60 --out run && '$<TARGET_FILE:romcap>' analyse synthetic:knee_flexion --frames 60 --out plain --snapshot plain/peak.png --no-progress && mkdir s p && cp run/peak.png s/frame-000000.png && cp plain/peak.png p/frame-000000.png && '$<TARGET_FILE:check_sample_label>' s p; r=$?; cd / && rm -rf $d; exit $r")
set_tests_properties(main_job_sample_label_png PROPERTIES SKIP_RETURN_CODE 77)
