# valgrind memcheck of `romcap analyse` on a short synthetic scene: no leak, no
# invalid access (exit 99 from valgrind fails the test). Needs a build without
# sanitizers (valgrind cannot run ASan binaries), so it is registered only in plain
# builds (the sanitized suite checks leaks with LeakSanitizer instead). Run it from a
# plain build, e.g.
#   cmake -S . -B build-plain && cmake --build build-plain -j2 --target romcap &&
#   ctest --test-dir build-plain -R valgrind_analyse --output-on-failure
if(NOT ROMCAP_SANITIZE AND NOT ROMCAP_FUZZ)
  add_test(NAME valgrind_analyse COMMAND sh -c "
    command -v valgrind >/dev/null || { echo 'SKIP: valgrind is not installed'; exit 77; }
    d=$(mktemp -d /tmp/romcap_valgrind_XXXXXX); trap 'rm -rf $d' EXIT
    valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect \
      --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
      $<TARGET_FILE:romcap> analyse 'synthetic:knee_flexion?size=320x180&fps=30&seconds=2' \
      --out $d/out --no-progress >$d/log 2>&1
    st=$?
    cat $d/log
    test $st -eq 0")
  set_tests_properties(valgrind_analyse PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
endif()
