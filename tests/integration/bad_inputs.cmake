# Bad inputs (tests/data/bad/README.md): each must give its documented one-line
# message and a clean exit, never a crash. Stored files live in tests/data/bad/;
# videos and sessions are derived from a tiny recording by make_bad.sh (fixture).
set(_bad_data ${CMAKE_SOURCE_DIR}/tests/data/bad)
set(_bad_out ${CMAKE_BINARY_DIR}/bad_inputs)
set(_bad_expect ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh)
set(_R $<TARGET_FILE:romcap>)

add_test(NAME bad_inputs_setup
         COMMAND sh ${_bad_data}/make_bad.sh ${_R} ${_bad_out} ${_bad_data})
set_tests_properties(bad_inputs_setup PROPERTIES FIXTURES_SETUP bad_inputs TIMEOUT 120)
add_test(NAME bad_inputs_cleanup COMMAND ${CMAKE_COMMAND} -E rm -rf ${_bad_out})
set_tests_properties(bad_inputs_cleanup PROPERTIES FIXTURES_CLEANUP bad_inputs)

# romcap_bad_input(NAME STATUS PATTERN ARGS...): expect.sh STATUS PATTERN romcap ARGS
function(romcap_bad_input name status pattern)
  add_test(NAME bad_input_${name}
           COMMAND sh ${_bad_expect} ${status} ${pattern} ${_R} ${ARGN}
           WORKING_DIRECTORY ${_bad_out})
  set_tests_properties(bad_input_${name} PROPERTIES FIXTURES_REQUIRED bad_inputs TIMEOUT 120)
endfunction()

set(_syn "synthetic:knee_flexion?size=160x90&seconds=1")
romcap_bad_input(video_truncated 0
  "video_truncated.avi: ended after [0-9]+ of 10 frames, [0-9]+ of them corrupt \\(file truncated or damaged\\)"
  analyse video_truncated.avi --model knee_flexion --out out_vt --no-progress)
romcap_bad_input(video_corrupt 0
  "video_corrupt.avi: frame [0-9]+: .*\\(frame skipped\\)"
  analyse video_corrupt.avi --model knee_flexion --out out_vc --no-progress)
romcap_bad_input(video_garbage fail "video_garbage.avi: not a readable video"
  analyse video_garbage.avi --model knee_flexion --out out_vg --no-progress)
romcap_bad_input(jpeg_cut_mid_scan fail
  "jpeg_cut_mid_scan.jpg \\(frame 0\\): corrupt JPEG: Premature end of JPEG file"
  analyse jpeg_folder --model knee_flexion --out out_j --no-progress)
romcap_bad_input(model_missing_marker fail
  "model_missing_marker.json: angles\\[0\\].markers\\[2\\]: unknown marker 'ankle'"
  analyse ${_syn} --model ${_bad_data}/model_missing_marker.json --out out_mm --no-progress)
romcap_bad_input(model_wrong_type fail
  "model_wrong_type.json: angles\\[0\\].offset: expected a number, got a string"
  analyse ${_syn} --model ${_bad_data}/model_wrong_type.json --out out_mt --no-progress)
romcap_bad_input(calib_singular_camera fail
  "calib_singular_camera.yml: camera_matrix: focal lengths must be > 0"
  analyse ${_syn} --calib ${_bad_data}/calib_singular_camera.yml --out out_cc --no-progress)
romcap_bad_input(calib_singular_plane fail
  "calib_singular_plane.yml: romcap_plane_homography: singular matrix"
  analyse ${_syn} --calib ${_bad_data}/calib_singular_plane.yml --out out_cp --no-progress)
romcap_bad_input(session_empty fail "session_empty/frames.mjpeg: no complete frame in 0 bytes"
  analyse session_empty --out out_se --no-progress)
romcap_bad_input(session_none fail "session_none: not a session folder \\(no session.json\\)"
  export session_none --format avi --out out_sn.avi)
romcap_bad_input(session_index_past_end 0
  "session_index_past_end: [0-9]+ index records do not match frames.mjpeg \\(dropped\\)"
  export session_index_past_end --format avi --out out_sp.avi)
# analyse says the same (sources never log; the command reads the warning back).
# ("." stands for the ";" of the message: a ";" would split the CMake argument.)
romcap_bad_input(session_index_past_end_analyse 0
  "warning: session_index_past_end: [0-9]+ index records do not match frames.mjpeg \\(dropped\\).*\\(repaired in memory. romcap repair fixes the files\\)"
  analyse session_index_past_end --out out_spa --no-progress)
romcap_bad_input(calib_nul_byte fail
  "calib_nul_byte.yml: NUL byte at offset [0-9]+: not a YAML/XML text file"
  analyse ${_syn} --calib ${_bad_data}/calib_nul_byte.yml --out out_cn --no-progress)
