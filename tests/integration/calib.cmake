# `romcap calibrate`: OpenCV's sample images end to end, a rendered oblique plane,
# the private file mode, and one clear error per bad input.
set(CALIB_EXPECT ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh)
set(CALIB_WORK ${CMAKE_CURRENT_BINARY_DIR}/calib_cli)
set(CALIB_DATA ${ROMCAP_SHARED_DATA}/chessboard)
set(ROMCAP_BIN $<TARGET_FILE:romcap>)
file(MAKE_DIRECTORY ${CALIB_WORK})

macro(calib_cli_test name status pattern)
  add_test(NAME calib_cli_${name} COMMAND sh ${CALIB_EXPECT} ${status} "${pattern}" ${ARGN})
endmacro()

# OpenCV's 13 left images (skipped, exit 77, when the data is absent): RMS 0.39-0.42
# px on the first solve, left02 rejected, fx = fy near 536, file mode 0600.
add_test(NAME calib_cli_opencv COMMAND sh -c
  "[ -f '${CALIB_DATA}/left01.jpg' ] || { echo 'SKIP: no ${CALIB_DATA}'; exit 77; }
   rm -f '${CALIB_WORK}/left.yml'
   out=$(${ROMCAP_BIN} calibrate '${CALIB_DATA}/left*.jpg' --board 9x6 --square 25 --fix-aspect --out '${CALIB_WORK}/left.yml' 2>&1) || { echo \"$out\"; exit 1; }
   echo \"$out\"
   echo \"$out\" | grep -Eq 'all 13 views: RMS 0\\.(39|4[0-2])' || { echo 'first-solve RMS not 0.39-0.42'; exit 1; }
   echo \"$out\" | grep -Eq 'left02\\.jpg +REJECTED' || { echo 'left02 not rejected'; exit 1; }
   echo \"$out\" | grep -Eq 'fx 53[4-8]\\.[0-9]+ +fy 53[4-8]' || { echo 'fx not near 536'; exit 1; }
   [ \"$(stat -c %a '${CALIB_WORK}/left.yml')\" = 600 ] || { echo 'mode is not 0600'; exit 1; }
   grep -q 'camera_matrix: !!opencv-matrix' '${CALIB_WORK}/left.yml'")
set_tests_properties(calib_cli_opencv PROPERTIES SKIP_RETURN_CODE 77)

# The movement plane from a rendered board 40 deg oblique, with a lens file written
# by hand for the renderer's camera (fx = fy = width, centre (w-1)/2, (h-1)/2).
calib_cli_test(plane 0 "40 deg oblique to the movement plane"
  sh -c "printf '%%YAML:1.0\\n---\\nimage_width: 640\\nimage_height: 480\\ncamera_matrix: !!opencv-matrix\\n   rows: 3\\n   cols: 3\\n   dt: d\\n   data: [ 640., 0., 319.5, 0., 640., 239.5, 0., 0., 1. ]\\ndistortion_coefficients: !!opencv-matrix\\n   rows: 5\\n   cols: 1\\n   dt: d\\n   data: [ 0., 0., 0., 0., 0. ]\\n' > '${CALIB_WORK}/synth640.yml' && ${ROMCAP_BIN} calibrate --lens '${CALIB_WORK}/synth640.yml' --plane 'synthetic:chessboard?size=640x480&tilt=40' --board 9x6 --square 90 --vertical board --out '${CALIB_WORK}/plane.yml' && grep -q romcap_plane_homography '${CALIB_WORK}/plane.yml'")

calib_cli_test(help 0 "--square MM" ${ROMCAP_BIN} calibrate --help)
calib_cli_test(no_square 2 "needs INPUT.*--square" ${ROMCAP_BIN} calibrate x.jpg --out ${CALIB_WORK}/x.yml)
calib_cli_test(bad_board 2 "--board: expected CxR" ${ROMCAP_BIN} calibrate x.jpg --board 9y6 --square 25 --out ${CALIB_WORK}/x.yml)
calib_cli_test(bad_vertical 2 "--vertical" ${ROMCAP_BIN} calibrate x.jpg --square 25 --vertical 1,2 --out ${CALIB_WORK}/x.yml)
calib_cli_test(missing_image fail "romcap: error: .*${CALIB_WORK}/none.jpg"
  ${ROMCAP_BIN} calibrate ${CALIB_WORK}/none.jpg --square 25 --out ${CALIB_WORK}/x.yml)
calib_cli_test(empty_folder fail "romcap: error: .*no image files"
  sh -c "mkdir -p '${CALIB_WORK}/empty' && ${ROMCAP_BIN} calibrate '${CALIB_WORK}/empty' --square 25 --out '${CALIB_WORK}/x.yml'")
calib_cli_test(missing_lens fail "romcap: error: .*nolens.yml"
  ${ROMCAP_BIN} calibrate --lens ${CALIB_WORK}/nolens.yml --plane x.jpg --square 25 --out ${CALIB_WORK}/x.yml)
