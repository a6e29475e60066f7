# Options of every command (tests/integration/cli_options.sh): --help, an unknown
# option, an option without its value and bad numbers, one ctest test per command.
#
# One row per command: cli_options(CMD MISSING [NUMBER...])
#   MISSING  arguments ending in an option that needs a value, given none, or "-"
#            when the command has no option with a value
#   NUMBER   arguments ending in a numeric option and a bad value, one per case
# Usage errors are found before any file is opened, so the arguments need not exist.
set(CLI_OPTIONS_SH ${CMAKE_CURRENT_SOURCE_DIR}/integration/cli_options.sh)
function(cli_options cmd missing)
  add_test(NAME cli_options_${cmd}
           COMMAND sh ${CLI_OPTIONS_SH} $<TARGET_FILE:romcap> ${cmd} ${missing} ${ARGN})
  set_tests_properties(cli_options_${cmd} PROPERTIES TIMEOUT 60)
endfunction()

cli_options(calibrate "x.jpg --out" "--square abc" "--square 0" "--plane-square 1e999"
            "--max-views 2" "--max-views 7x")
cli_options(compare "pre post --out")
cli_options(export "DIR --format")
cli_options(learn "--model" "--frame abc" "--frame -1")
cli_options(models -)
cli_options(scenes -)
cli_options(record "--out" "--frames 12x" "--frames -5" "--camera abc")
cli_options(repair -)
cli_options(review "DIR --out" "--shot-at abc" "--shot-at -1")

# The global options come before the command and stop at it; an option that is not
# global starts the default job's options (its own error here, not "unknown").
set(_co_expect ${CMAKE_CURRENT_SOURCE_DIR}/integration/expect.sh)
set(_co_R $<TARGET_FILE:romcap>)
add_test(NAME cli_options_global_log_missing
         COMMAND sh ${_co_expect} 2 "^romcap: error: option '--log' needs a value$" ${_co_R} --log)
add_test(NAME cli_options_global_log_bad
         COMMAND sh ${_co_expect} 2 "--log: unknown level 'loud'" ${_co_R} --log loud scenes)
add_test(NAME cli_options_global_then_command
         COMMAND sh ${_co_expect} 0 "^shoulder_flexion " ${_co_R} --log=warn scenes)
add_test(NAME cli_options_global_version
         COMMAND sh ${_co_expect} 0 "^romcap [0-9]" ${_co_R} --version)
# Options before positional arguments (GNU getopt permutes the command's arguments).
add_test(NAME cli_options_export_permuted
         COMMAND sh ${_co_expect} 2 "export: unknown format 'xyz'" ${_co_R} export --format xyz DIR)
add_test(NAME cli_options_compare_extra
         COMMAND sh ${_co_expect} 2 "compare: unexpected argument 'c'"
                 ${_co_R} compare --out r.html a b c)
