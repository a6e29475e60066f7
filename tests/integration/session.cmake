# Session workflow through the romcap binary: record a synthetic scene (with the
# analysis), analyse the session again as a source, export TRC / CSV / AVI, analyse
# the AVI, compare two sessions. The finer checks (kill -9, file size limit, TRC values
# against tracks.csv, report contents, Chromium render) are tests/unit/test_session*.c
# and test_report.c.
add_test(NAME session_workflow
  COMMAND sh -c "set -e
    d=$(mktemp -d /tmp/romcap_session_flow_XXXXXX); trap 'rm -rf $d' EXIT
    R=${CMAKE_BINARY_DIR}/src/romcap
    S='synthetic:knee_flexion?size=320x180&fps=30&seconds=4'
    $R record --source \"$S\" --out $d/pre --tag pre --subject S1 --frames 90
    $R record --source \"$S&seed=2\" --out $d/post --tag post --subject S1 --frames 90
    test $(stat -c %a $d/pre) = 700 && test $(stat -c %a $d/pre/frames.mjpeg) = 600
    $R analyse $d/pre --model knee_flexion --out $d/again --no-progress
    cmp $d/pre/angles.csv $d/again/angles.csv
    $R repair $d/pre
    $R export $d/pre --format trc --out $d/m.trc
    $R export $d/pre --format csv --out $d/w.csv
    $R export $d/pre --format avi --out $d/v.avi
    $R analyse $d/v.avi --model knee_flexion --out $d/avi --no-progress
    cmp $d/pre/angles.csv $d/avi/angles.csv
    $R compare $d/pre $d/post --out $d/report.html
    grep -q '<svg' $d/report.html && test -s $d/report.json
    ! $R export $d/pre --format xyz 2>/dev/null")
set_tests_properties(session_workflow PROPERTIES TIMEOUT 120)

# A session recorded with a calibration and --mirror is analysed with neither given
# again (the file even deleted): the session's own copies are used.
add_test(NAME session_self_describing
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/session_self.sh
                 $<TARGET_FILE:romcap> $<TARGET_FILE:check_e2e> ${CMAKE_CURRENT_BINARY_DIR}/session_self)
