# One ROM (issue 14): analyse (summary.json, its log), `romcap metrics` on its
# angles.csv and `romcap live --headless` give the same set ROM for the same recording.
add_test(NAME one_rom_agreement
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/integration/one_rom.sh $<TARGET_FILE:romcap>
                 ${CMAKE_CURRENT_BINARY_DIR}/one_rom)
set_tests_properties(one_rom_agreement PROPERTIES TIMEOUT 180
  ENVIRONMENT "SDL_AUDIODRIVER=dummy;DISPLAY=")
