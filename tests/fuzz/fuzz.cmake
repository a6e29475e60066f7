# Fuzz harnesses (tests/fuzz/README.md). One program per parser:
#  - default (gcc or clang): linked with replay_main.c, and one ctest test per harness
#    replays its seed corpus tests/fuzz/corpus/<name>/ (under the sanitizers when
#    ROMCAP_SANITIZE is on);
#  - -DROMCAP_FUZZ=ON (clang only, see run_fuzz.sh): linked with libFuzzer, with
#    ASan + UBSan, and the romcap libraries instrumented for coverage.
option(ROMCAP_FUZZ "Build tests/fuzz harnesses with libFuzzer (clang)" OFF)

set(ROMCAP_FUZZ_HARNESSES model calib session jpeg metrics_csv results_csv summary c3d report avi
                            synth_options)
set(_fz ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)

if(ROMCAP_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "ROMCAP_FUZZ needs clang (CC=clang CXX=clang++), not ${CMAKE_C_COMPILER_ID}")
  endif()
  if(NOT ROMCAP_SANITIZE)
    message(FATAL_ERROR "ROMCAP_FUZZ needs ROMCAP_SANITIZE=ON (the instrumented libraries "
                        "need the sanitizer runtime in every program): see run_fuzz.sh")
  endif()
  set(_fz_san -fsanitize=address,undefined -fno-sanitize-recover=undefined
              -fno-omit-frame-pointer)
  # Coverage feedback comes from the code under test, so instrument the libraries.
  foreach(lib romcap_core romcap_cv romcap_synth romcap_capture romcap_session romcap_calib
              romcap_results romcap_report)
    get_target_property(_type ${lib} TYPE)
    if(_type STREQUAL "STATIC_LIBRARY")
      target_compile_options(${lib} PRIVATE -fsanitize=fuzzer-no-link ${_fz_san})
    endif()
  endforeach()
  # The OpenCV bridge (the calibration YAML reader) is a module loaded at run time.
  target_compile_options(romcap_cv_module PRIVATE -fsanitize=fuzzer-no-link ${_fz_san})
endif()

foreach(h ${ROMCAP_FUZZ_HARNESSES})
  set(_src ${_fz}/fuzz_${h}.c ${_fz}/fuzz_util.c)
  if(ROMCAP_FUZZ)
    add_executable(fuzz_${h} ${_src})
    target_compile_options(fuzz_${h} PRIVATE -fsanitize=fuzzer ${_fz_san})
    target_link_options(fuzz_${h} PRIVATE -fsanitize=fuzzer ${_fz_san})
  else()
    add_executable(fuzz_${h} ${_src} ${_fz}/replay_main.c)
  endif()
  target_include_directories(fuzz_${h} PRIVATE ${_fz} ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(fuzz_${h} PRIVATE romcap_report romcap_capture romcap_session
                                          romcap_results romcap_calib romcap_synth romcap_core)
  if(ROMCAP_FUZZ)
    # libFuzzer runs every file of the folder once and stops (-runs=0).
    add_test(NAME fuzz_replay_${h} COMMAND fuzz_${h} -runs=0 ${_fz}/corpus/${h})
  else()
    add_test(NAME fuzz_replay_${h} COMMAND fuzz_${h} ${_fz}/corpus/${h})
  endif()
  set_tests_properties(fuzz_replay_${h} PROPERTIES TIMEOUT 300 LABELS fuzz)
endforeach()

# The seed generator for the JPEG seeds (run by hand, see README.md); not a test.
if(NOT ROMCAP_FUZZ)
  add_executable(fuzz_make_seeds ${_fz}/make_seeds.c ${_fz}/fuzz_util.c)
  target_include_directories(fuzz_make_seeds PRIVATE ${_fz} ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(fuzz_make_seeds PRIVATE romcap_capture romcap_core)
endif()
