#!/bin/sh
# The set-up check in the live window (issue 20), driven by real X input under Xvfb,
# on a scene made to fail one item: 3 px stickers (marker_px=3; the size item fails
# below 3.5 px radius). C runs the check on the live frames and opens its panel: once
# the log says the check ended, S saves the panel, whose "sticker size" row must be
# red (check_check_png reads the swatches). R then shows the warning naming the
# item and does not record (S saves it); R again records; Q ends. The session's
# session.json must hold the check with the size item failed and "acknowledged":
# true.
# usage: live_check.sh ROMCAP XINPUT CHECK_PNG WORKDIR
set -eu
romcap=$1 xinput=$2 check_png=$3 work=$4
rm -rf "$work"
mkdir -p "$work"
cd "$work"
timeout 100 "$romcap" --log info live \
  'synthetic:knee_flexion?size=640x360&fps=30&seconds=60&marker_px=3' --no-analyse \
  >live.log 2>&1 &
pid=$!
"$xinput" win romcap sleep 1500 key c
# the check takes 5 s of frames; on a loaded machine more
i=0
until grep -q "set-up check FAILED" live.log; do
  i=$((i + 1))
  [ $i -le 60 ] || { cat live.log; echo "the check did not end"; kill $pid; exit 1; }
  sleep 1
done
"$xinput" win romcap sleep 300 key s sleep 700 key r sleep 700 key s sleep 700 key r sleep 2500 key q
status=0
wait $pid || status=$?
cat live.log
[ "$status" = 0 ] || { echo "romcap live exited $status"; exit 1; }
grep -q "set-up check: sticker size: fail" live.log || { echo "no size failure logged"; exit 1; }
# the first R refused, naming the item; the second recorded
n_refused=$(grep -n "not recording: Set-up check failed: sticker size" live.log | head -1 | cut -d: -f1)
n_rec=$(grep -n "recording to romcap-sessions/" live.log | head -1 | cut -d: -f1)
[ -n "$n_refused" ] && [ -n "$n_rec" ] && [ "$n_refused" -lt "$n_rec" ] ||
  { echo "R was not refused before recording"; exit 1; }
set -- romcap-*-1.png romcap-*-2.png
[ -f "$1" ] && [ -f "$2" ] || { echo "no screenshots"; exit 1; }
"$check_png" "$1" "$2" 4
s=$(sed -n 's/^romcap: info: recording to \(romcap-sessions\/[^ ]*\)$/\1/p' live.log)
j="$s/session.json"
[ -f "$j" ] || { echo "no session"; exit 1; }
flat=$(tr -d ' \t\n' < "$j")
echo "$flat" | grep -q '"check":{[^}]*"acknowledged":true' ||
  { echo "$j: the check is not acknowledged"; cat "$j"; exit 1; }
echo "$flat" | grep -q '"item":"stickersize","level":"fail"' ||
  { echo "$j: no failed size item"; cat "$j"; exit 1; }
echo "live set-up check: ok ($j)"
