# `romcap models` lists the single-leg squat with its two compensation rules (issue 16:
# contralateral pelvic drop and ipsilateral trunk lean, each a change from the
# repetition's start past 5 deg, with the limit's source) beside its three angles, and
# the sit-to-stand with its angles; `romcap models sit_to_stand` says why it has no
# compensation rule and names the 5-repetition time's field.
foreach(spec
    "sls_drop|compensation pelvic_drop +Contralateral pelvic drop: right_asis -> left_asis against the horizontal, positive change from the repetition's start over 5 deg [(]fppa[)]"
    "sls_lean|compensation trunk_lean +Ipsilateral trunk lean: xiphoid -> jugular against the vertical, positive change from the repetition's start over 5 deg [(]fppa[)]"
    "sls_source|limit source: romcap's choice, no published limit held .*Dingenen et al[.] 2018"
    "sls_angles|angle pelvic_drop +segment vs horizontal"
    "sts|sit_to_stand +Sit-to-stand, 5 repetitions [(]sagittal[)]")
  string(REPLACE "|" ";" f "${spec}")
  list(GET f 0 what)
  list(GET f 1 pattern)
  add_test(NAME cli_models_${what}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh 0 "${pattern}"
                   $<TARGET_FILE:romcap> models)
endforeach()
add_test(NAME cli_models_sts_no_rule
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh 0
                 "sit_to_stand[.]five_rep_time_s.*No compensation rule: watch for use of the hands, sway and a sideways weight shift [(]needs a frontal view[)]"
                 $<TARGET_FILE:romcap> models sit_to_stand)
