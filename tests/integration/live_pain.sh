#!/bin/sh
# Pain asked in the live window (issue 17), driven by real X input under Xvfb: R
# (twice: no set-up check was run, so the first R only warns, issue 20) starts a recording and asks the pain before the test (7, Enter), R stops it and
# asks the pain after (1 1 is refused as it is typed, Backspace, 0: 10, Enter). The
# session's session.json must then hold "pain": 7 and "pain_after": 10; Q ends.
# usage: live_pain.sh ROMCAP XINPUT WORKDIR
set -eu
romcap=$1 xinput=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
cd "$work"
timeout 60 "$romcap" --log info live 'synthetic:knee_flexion?size=640x360&fps=30&seconds=20' \
  --loop --no-analyse --subject P1 >live.log 2>&1 &
pid=$!
"$xinput" win romcap sleep 1500 key r sleep 400 key r sleep 500 key 7 sleep 200 key Return sleep 500 \
  key r sleep 500 key 1 sleep 150 key 1 sleep 150 key BackSpace sleep 150 key 1 sleep 150 \
  key 0 sleep 150 key Return sleep 500 key q
status=0
wait $pid || status=$?
cat live.log
[ "$status" = 0 ] || { echo "romcap live exited $status"; exit 1; }
s=$(sed -n 's/^romcap: info: recording to \(romcap-sessions\/[^ ]*\)$/\1/p' live.log)
[ -z "$s" ] && s=$(ls -d romcap-sessions/*/ | head -1)
j="$s/session.json"
[ -f "$j" ] || { echo "no session"; exit 1; }
grep -q '"pain":[[:space:]]*7,' "$j" || { echo "$j: no pain 7"; cat "$j"; exit 1; }
grep -q '"pain_after":[[:space:]]*10,' "$j" || { echo "$j: no pain_after 10"; cat "$j"; exit 1; }
[ "$(stat -c %a "$j")" = 600 ] || { echo "$j is not mode 600"; exit 1; }
echo "live pain prompt: ok ($j)"
