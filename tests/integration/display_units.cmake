# What a therapist reads (issue 16): the Schober distance in cm with "no published
# norm" and no side warning through analyse, compare and progress; `romcap models`
# on the no-norm models and on a model still written the old 0..0 way.
foreach(mode schober live models)
  add_test(NAME display_units_${mode}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/display_units.sh
                   $<TARGET_FILE:romcap> ${CMAKE_CURRENT_BINARY_DIR}/display_units/${mode}
                   ${CMAKE_SOURCE_DIR}/models ${mode})
  set_tests_properties(display_units_${mode} PROPERTIES LABELS e2e TIMEOUT 300
                       ENVIRONMENT "SDL_AUDIODRIVER=dummy;DISPLAY=")
endforeach()
