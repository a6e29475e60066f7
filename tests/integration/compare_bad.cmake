# `romcap compare` on damaged results (angles.csv, summary.json, session.json): exit 1
# with one error line naming the file, never a crash, a hang or a half report; plus
# the analysis of an unanalysed session before comparing (compare_bad.sh).
add_test(NAME compare_bad_results
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/compare_bad.sh
                 $<TARGET_FILE:romcap> ${CMAKE_CURRENT_BINARY_DIR}/compare_bad)
set_tests_properties(compare_bad_results PROPERTIES TIMEOUT 600)

# `romcap export --format trc` uses the calibration stored in the session, not the
# file it was recorded from (removed here): OpenSim's Y up, so the hip's Y is the
# negative of tracks.csv's image y; --calib overrides it and is named; a session
# recorded without one exports image pixels (y down, as in tracks.csv) and says so.
add_test(NAME export_stored_calib
  COMMAND sh -c "set -e
    d=$(mktemp -d /tmp/romcap_export_calib_XXXXXX); trap 'rm -rf $d' EXIT
    R=$<TARGET_FILE:romcap>
    S='synthetic:knee_flexion?size=320x240&fps=30&seconds=1'
    printf '%%YAML:1.0\\n---\\nimage_width: 320\\nimage_height: 240\\nromcap_mm_per_px: 2.0\\n' >$d/cal.yml
    $R record --source \"$S\" --model knee_flexion --calib $d/cal.yml --out $d/cal 2>/dev/null
    $R record --source \"$S\" --model knee_flexion --out $d/plain 2>/dev/null
    cp $d/cal.yml $d/other.yml && rm $d/cal.yml
    $R export $d/cal --format trc --out $d/a.trc 2>$d/a.log
    grep -qF \"the calibration stored in the session, recorded from $d/cal.yml\" $d/a.log
    $R export $d/cal --format trc --out $d/b.trc --calib $d/other.yml 2>$d/b.log
    grep -qF \"calibration $d/other.yml\" $d/b.log
    $R export $d/plain --format trc --out $d/c.trc 2>$d/c.log
    grep -q 'TRC in image pixels (the session was recorded without a calibration)' $d/c.log
    y=$(awk -F, '$3 == \"hip\" { print $5; exit }' $d/cal/tracks.csv)
    awk -v y=$y 'NR == 7 { exit !($4 + y < 0.01 && $4 + y > -0.01) }' $d/a.trc
    awk -v y=$y 'NR == 7 { exit !($4 - y < 0.01 && $4 - y > -0.01) }' $d/c.trc")
set_tests_properties(export_stored_calib PROPERTIES TIMEOUT 120)
