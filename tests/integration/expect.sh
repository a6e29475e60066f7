#!/bin/sh
# Runs a command and checks its exit status and what it printed.
# usage: expect.sh STATUS PATTERN COMMAND [ARGS...]
#   STATUS  0, or "fail" for any non-zero status (a crash by signal also fails it)
#   PATTERN extended regular expression that stdout+stderr must match ("" = any)
set -u
want=$1 pattern=$2
shift 2
out=$("$@" 2>&1)
got=$?
printf '%s\n' "$out"
if [ "$want" = fail ]; then
  if [ "$got" -eq 0 ] || [ "$got" -gt 125 ]; then
    echo "expect.sh: wanted a clean failure (exit 1..125), got $got"; exit 1
  fi
elif [ "$got" -ne "$want" ]; then
  echo "expect.sh: wanted exit $want, got $got"; exit 1
fi
if [ -n "$pattern" ] && ! printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
  echo "expect.sh: output does not match: $pattern"; exit 1
fi
exit 0
