# Soak (issue 8): frames through the whole live pipeline faster than real time, with
# resident memory sampled over the run (tests/soak/soak.sh says what it checks).
# The suite runs a short version: 900 frames of 1080p from a 20-frame cache (quick
# to render under the sanitizers), RSS sampled every 0.25 s after start-up and
# allowed to grow by 4 MiB at most; every frame must be recorded. ASan's quarantine
# is off for this one test: it holds back up to 256 MiB of freed blocks, which
# resident memory shows as growth while it fills (with it 292 -> 304 MiB over 900
# frames, without it 267.9 -> 268.1; the release build stays flat either way). The
# hour (216,000 frames) is a documented command (README.md,
# "Reliability"):
#   tests/soak/soak.sh build/src/romcap 216000
add_test(NAME soak_live_1080p
         COMMAND sh ${CMAKE_SOURCE_DIR}/tests/soak/soak.sh $<TARGET_FILE:romcap> 900 1920x1080 0.25 4)
set_tests_properties(soak_live_1080p PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77 ENVIRONMENT
  "SOAK_CACHE=20;SDL_AUDIODRIVER=dummy;DISPLAY=;ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:quarantine_size_mb=0:thread_local_quarantine_size_kb=0")
