# Benchmark of the metrics stage (built, not run by ctest): build-dir/tests/bench_metrics
add_executable(bench_metrics ${CMAKE_CURRENT_SOURCE_DIR}/bench/bench_metrics.c)
target_link_libraries(bench_metrics PRIVATE romcap_core)
