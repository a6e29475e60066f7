# Issue 13: JPEG frames that libjpeg decodes whole but with a "premature end" warning
# are used; frames with part of the picture missing are still skipped, saying why.
#
# OpenCV 4.6's own MJPEG writer (CAP_OPENCV_MJPEG, chosen here by disabling the
# FFmpeg backend for make_clip only) loses the last bits of some frames: 5 of these
# 120 1280x720 frames. jpeg_warn_check renders the same scene and checks every used
# frame against it block by block, and that such frames really occurred; romcap
# analyse must then analyse all 120. A folder with one frame cut at 50% must skip
# exactly that one, naming it and the missing part.
add_executable(jpeg_warn_check ${CMAKE_CURRENT_SOURCE_DIR}/integration/jpeg_warn_check.c)
target_include_directories(jpeg_warn_check PRIVATE ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(jpeg_warn_check PRIVATE romcap_capture romcap_synth romcap_core)

set(JW_WORK ${CMAKE_BINARY_DIR}/jpeg_warn)
set(JW_URI "synthetic:knee_flexion?size=1280x720&fps=30&seconds=4&noise=2")
set(JW_EXPECT ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh)
# jpeg_warn.sh also checks that summary.json counts exactly the clip's short frames
# (frames_used_with_warning) and that the run says the first and counts the rest.
add_test(NAME jpeg_warn_opencv_clip
         COMMAND sh ${JW_EXPECT} 0 "used: .*ocv.avi: frame [0-9]+: JPEG warning: Corrupt JPEG data: premature end of data segment"
                 sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/jpeg_warn.sh $<TARGET_FILE:romcap>
                    $<TARGET_FILE:make_clip> $<TARGET_FILE:jpeg_warn_check> ${JW_WORK}
                    "${JW_URI}" 120)
set_tests_properties(jpeg_warn_opencv_clip PROPERTIES TIMEOUT 300)

set(JW_CUT_URI "synthetic:knee_flexion?size=320x240&fps=30&seconds=2&noise=2")
add_test(NAME jpeg_warn_cut_frame
         COMMAND sh ${JW_EXPECT} 0 "frame_00007.jpg \\(frame 7\\): corrupt JPEG: Premature end of JPEG file \\(part of the picture is missing\\) \\(frame skipped\\)"
                 sh -c "rm -rf '${JW_WORK}/cut' && mkdir -p '${JW_WORK}' && $<TARGET_FILE:make_clip> '${JW_CUT_URI}' jpegs '${JW_WORK}/cut' 85 7 && $<TARGET_FILE:jpeg_warn_check> '${JW_WORK}/cut' '${JW_CUT_URI}' 0 1 && $<TARGET_FILE:romcap> analyse '${JW_WORK}/cut' --model knee_flexion --out '${JW_WORK}/cut_out' --no-progress && grep -Eq '\"frames_analysed\":[[:space:]]*59,' '${JW_WORK}/cut_out/summary.json'")
set_tests_properties(jpeg_warn_cut_frame PROPERTIES TIMEOUT 300)
