#!/bin/sh
# run_fuzz.sh - builds the libFuzzer harnesses with clang (ASan + UBSan) in a
# separate build folder and fuzzes each for SECONDS (default 30) on a copy of its
# seed corpus. Fails on any crash, leak, timeout or out-of-memory.
# usage: tests/fuzz/run_fuzz.sh [SECONDS [HARNESS...]]
#   env: BUILD (default build-fuzz-clang in the source tree), JOBS (build jobs,
#        default 2), PARALLEL (harnesses fuzzed at the same time, default 1),
#        KEEP=1 keeps the grown corpora and logs (printed at the end), FUZZ_ARGS
#        extra libFuzzer flags. `make test` runs it after ctest (Makefile: fuzz).
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-30}
[ $# -gt 0 ] && shift
harnesses=${*:-"model calib session jpeg metrics_csv results_csv summary report c3d synth_options avi"}
build=${BUILD:-$src/build-fuzz-clang}
jobs=${JOBS:-2}
parallel=${PARALLEL:-1}
mkdir -p "$build"
work_log=$build/fuzz-configure.log
command -v clang >/dev/null || { echo "run_fuzz.sh: clang is not installed (apt-get install clang)"; exit 2; }
# ROMCAP_SANITIZE links every other program (romcap, unit tests) with the sanitizer
# runtime too, which the coverage-instrumented libraries need.
CC=clang CXX=clang++ cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DROMCAP_FUZZ=ON -DROMCAP_SANITIZE=ON >"$work_log" 2>&1 || { cat "$work_log"; exit 2; }
targets=""
for h in $harnesses; do targets="$targets fuzz_$h"; done
# shellcheck disable=SC2086
cmake --build "$build" -j"$jobs" --target $targets || exit 2
base=${TMPDIR:-/tmp}
[ -w /dev/shm ] && base=/dev/shm # the session and calib harnesses write files per input
work=$(mktemp -d "$base/romcap_fuzz_run_XXXXXX")
mkdir "$work/tmp"
export TMPDIR="$work/tmp" # the harnesses' scratch folders (libFuzzer exits with _exit)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$src/tests/lsan.supp:print_suppressions=0"
# One harness: fuzz it, then write its table row (and on failure the findings) to
# $work/$h/result and a failure mark to $work/$h/failed.
fuzz_one() {
  h=$1
  mkdir -p "$work/$h/corpus" "$work/$h/artifacts"
  cp "$src/tests/fuzz/corpus/$h/"* "$work/$h/corpus/"
  # -timeout: one input taking longer than 10 s is a hang; -rss_limit_mb: a memory blow-up
  # shellcheck disable=SC2086
  "$build/tests/fuzz_$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/$h/artifacts/" \
    ${FUZZ_ARGS:-} "$work/$h/corpus" >"$work/$h/log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$h/log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$h/log" | tail -1)
  if [ $rc -eq 0 ]; then res=ok; else res="FAILED (exit $rc)"; fi
  {
    printf '%-12s %8s %12s %10s  %s\n' "$h" "$secs" "${runs:-?}" "${rate:-?}" "$res"
    if [ $rc -ne 0 ]; then
      grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$work/$h/log" | head -20
      ls "$work/$h/artifacts"
    fi
  } >"$work/$h/result"
  [ $rc -eq 0 ] || : >"$work/$h/failed"
}

# PARALLEL lanes, each fuzzing its share of the harnesses one after the other.
lane=0
while [ $lane -lt "$parallel" ]; do
  (
    i=0
    for h in $harnesses; do
      [ $((i % parallel)) -eq $lane ] && fuzz_one "$h"
      i=$((i + 1))
    done
  ) &
  lane=$((lane + 1))
done
wait
status=0
printf '%-12s %8s %12s %10s  %s\n' harness seconds executions exec/s result
for h in $harnesses; do
  cat "$work/$h/result"
  if [ -e "$work/$h/failed" ]; then status=1; KEEP=1; fi
done
if [ "${KEEP:-0}" = 1 ]; then trap - EXIT; echo "logs, corpora and artifacts kept in $work"; fi
exit $status
