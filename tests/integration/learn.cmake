# romcap learn: learnt sticker colours, end to end and its errors.
set(LEARN_SH ${CMAKE_CURRENT_SOURCE_DIR}/integration/learn.sh)
set(LEARN_WORK ${CMAKE_CURRENT_BINARY_DIR}/learn)
file(MAKE_DIRECTORY ${LEARN_WORK})
add_test(NAME learn_knee_hard
         COMMAND sh ${LEARN_SH} $<TARGET_FILE:romcap> $<TARGET_FILE:check_e2e>
                 ${CMAKE_CURRENT_SOURCE_DIR}/integration/e2e.sh ${LEARN_WORK}/knee
                 "synthetic:knee_flexion?size=640x360&fps=30&seconds=8&noise=3&blur=4&drift=0.2&occlude=knee@3.0+0.3"
                 1.0 3 knee_flexion)
# Bright markers are found by brightness: nothing to learn, and the copy is written.
add_test(NAME learn_reflective
         COMMAND sh -c "rm -f \"$1\" && sh \"$2\" 0 'nothing to learn' \"$3\" learn --model knee_flexion_reflective --input 'synthetic:knee_flexion_reflective?size=320x180&seconds=1' --out \"$1\" && test -f \"$1\""
                 sh ${LEARN_WORK}/reflective_learnt.json
                 ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh $<TARGET_FILE:romcap>)
add_test(NAME learn_grey_point
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh fail
                 "marker 'hip': point \\(2, 2\\) is not on a coloured sticker"
                 $<TARGET_FILE:romcap> learn --model knee_flexion --at hip=2,2
                 --input "synthetic:knee_flexion?size=320x180&seconds=1"
                 --out ${LEARN_WORK}/never.json)
add_test(NAME learn_unknown_marker
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh 2
                 "model knee_flexion has no marker 'elbow'"
                 $<TARGET_FILE:romcap> learn --model knee_flexion --at elbow=10,10
                 --input "synthetic:knee_flexion?size=320x180&seconds=1"
                 --out ${LEARN_WORK}/never.json)
add_test(NAME learn_no_frame
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh fail "has no frame 999"
                 $<TARGET_FILE:romcap> learn --model knee_flexion --frame 999
                 --input "synthetic:knee_flexion?size=320x180&seconds=1"
                 --out ${LEARN_WORK}/never.json)
