#!/bin/sh
# The option handling every romcap command shares (src/app/cli.h), checked for one
# command: --help and -h print the usage on stdout and exit 0; an unknown option, an
# option without its value and a bad number each exit 2 with exactly one line on
# stderr, "romcap: error: CMD: ...", that names the option (and the bad text).
# usage: cli_options.sh ROMCAP CMD MISSING [NUMBER...]
#   MISSING  arguments ending in an option that needs a value, given none
#            ("-": the command has no option with a value)
#   NUMBER   arguments ending in a numeric option and a bad value for it, one case
#            per argument (e.g. "--frames abc")
# Each word of MISSING and NUMBER is one argument (no quoting inside them).
set -u
set -f # the cases' words are never globbed
romcap=$1 cmd=$2 missing=$3
shift 3
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
fails=0

fail() {
  echo "FAIL: romcap $cmd $args: $*"
  echo "  stdout: $(head -c 600 "$work/out")"
  echo "  stderr: $(head -c 600 "$work/err")"
  fails=$((fails + 1))
}

# run ARGS...: romcap CMD ARGS, status in $got, output in $work/out and $work/err
run() {
  args=$*
  "$romcap" "$cmd" "$@" >"$work/out" 2>"$work/err"
  got=$?
}

# usage_error PATTERN ARGS...: exit 2, nothing on stdout, one stderr line matching
# "^romcap: error: CMD: " then PATTERN (an extended regular expression)
usage_error() {
  pattern=$1
  shift
  run "$@"
  [ "$got" -eq 2 ] || { fail "exit $got, wanted 2"; return; }
  [ ! -s "$work/out" ] || { fail "printed on stdout"; return; }
  lines=$(wc -l <"$work/err")
  [ "$lines" -eq 1 ] || { fail "$lines lines on stderr, wanted 1"; return; }
  grep -Eq -- "^romcap: error: $cmd: $pattern" "$work/err" ||
    fail "stderr does not match 'romcap: error: $cmd: $pattern'"
}

# A regular expression matching the text s literally.
literal() {
  printf '%s' "$1" | sed 's/[][\.*^$+?(){}|/]/\\&/g'
}

for h in --help -h; do
  run "$h"
  if [ "$got" -ne 0 ]; then
    fail "exit $got, wanted 0"
  elif ! head -n 1 "$work/out" | grep -q "^usage: romcap $cmd"; then
    fail "stdout does not start with 'usage: romcap $cmd'"
  elif [ -s "$work/err" ]; then
    fail "printed on stderr"
  fi
done

usage_error ".*'--bogus'" --bogus
usage_error ".*'--bogus'" some-argument --bogus # after a positional argument too
usage_error ".*'--bogus=1'" --bogus=1

if [ "$missing" != - ]; then
  opt=${missing##* }
  # shellcheck disable=SC2086 # one word, one argument
  usage_error ".*'$(literal "$opt")'.*needs a value" $missing
fi

for case in "$@"; do
  bad=${case##* }
  opt=${case% *}
  opt=${opt##* }
  # shellcheck disable=SC2086
  usage_error ".*$(literal "$opt").*'$(literal "$bad")'" $case
done

[ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "romcap $cmd: options ok"
