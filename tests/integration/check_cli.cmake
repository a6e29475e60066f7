# `romcap check` end to end (issue 20): synthetic scenes made to fail one item each,
# the items the unit test (tests/unit/test_check.c) does not already fail through the
# library: clipped highlights, a noisy picture, the subject cut off at the frame's edge
# during the movement; and a good scene that passes every item. Each asserts that the
# right item fails with its advice AND that no other item fails (check_cli.sh).
# Measured (knee 640x480 30 fps, first 4 s; shoulder the same): shoulder at light=4,
# the yellow sticker 100% clipped (9.7% of the picture), contrast 134; knee noise=12
# reads noise 12.1 (the renderer's sigma 12); knee scale=1.6: 26 marker-frames outside
# the picture, the ankle seen in 83% of frames (stickers warn, not fail).
set(_ck_sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/check_cli.sh)
set(_ck_work ${CMAKE_CURRENT_BINARY_DIR}/check_cli)
set(_ck_base "size=640x480&fps=30&seconds=6&reps=2&noise=2")
add_test(NAME check_cli_good
         COMMAND sh ${_ck_sh} $<TARGET_FILE:romcap> ${_ck_work}/good
                 "synthetic:knee_flexion?${_ck_base}" none "" "")
# over-exposed: 4x the room's light clips the yellow shoulder sticker
add_test(NAME check_cli_clipped
         COMMAND sh ${_ck_sh} $<TARGET_FILE:romcap> ${_ck_work}/clipped
                 "synthetic:shoulder_flexion?${_ck_base}&light=4" light
                 "over-exposed \\([0-9]+% of a sticker clipped\\): shorten the exposure"
                 "[1-9][0-9]?\\.[0-9]% of the picture clipped")
# a noisy picture (luma sigma 12, beyond the fail line of 10): noise 10.5..13.5 read
add_test(NAME check_cli_noisy
         COMMAND sh ${_ck_sh} $<TARGET_FILE:romcap> ${_ck_work}/noisy
                 "synthetic:knee_flexion?size=640x480&fps=30&seconds=6&reps=2&noise=12" light
                 "noisy: add light so the camera needs less gain"
                 "noise (1[0-3]\\.[0-9]|10\\.[5-9])")
# the subject scaled up 1.6x: framed at rest, the foot leaves the picture in the swing
add_test(NAME check_cli_cut
         COMMAND sh ${_ck_sh} $<TARGET_FILE:romcap> ${_ck_work}/cut
                 "synthetic:knee_flexion?${_ck_base}&scale=1.6" framing
                 "Move the camera back or centre the subject so the whole movement stays inside" "markers left the frame \\([0-9]+ marker-frames\\)")
set_tests_properties(check_cli_good check_cli_clipped check_cli_noisy check_cli_cut
                     PROPERTIES TIMEOUT 180)
