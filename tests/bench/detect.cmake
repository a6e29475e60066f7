# Benchmarks of the detection core (built, not registered with ctest):
#   build-dir/tests/bench_detect     romcap detect (full frame, ROI) vs OpenCV vs memcpy
#   build-dir/tests/bench_pipeline   romcap analyse (1 and 2 threads) and start-up vs decode only
# Build them in a Release tree for meaningful numbers.
add_executable(bench_detect ${CMAKE_CURRENT_SOURCE_DIR}/bench/bench_detect.c
                            ${CMAKE_CURRENT_SOURCE_DIR}/bench/bench_detect_cv.cpp)
target_include_directories(bench_detect PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/bench)
target_include_directories(bench_detect SYSTEM PRIVATE ${OpenCV_INCLUDE_DIRS})
target_link_libraries(bench_detect PRIVATE romcap_synth romcap_core ${OpenCV_LIBS})

add_executable(bench_pipeline ${CMAKE_CURRENT_SOURCE_DIR}/bench/bench_pipeline.c)
target_include_directories(bench_pipeline PRIVATE ${CMAKE_SOURCE_DIR}/src)
target_compile_definitions(bench_pipeline PRIVATE ROMCAP_MODELS="${CMAKE_SOURCE_DIR}/models"
                                                    ROMCAP_BIN="$<TARGET_FILE:romcap>")
add_dependencies(bench_pipeline romcap)
target_link_libraries(bench_pipeline PRIVATE romcap_analysis romcap_capture romcap_calib romcap_cv romcap_synth
                                             romcap_core PkgConfig::TURBOJPEG)
