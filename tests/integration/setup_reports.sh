#!/bin/sh
# The set-up check carried into the results and every report (issue 20), end to end:
# two sessions of one subject recorded by `romcap record`, the first on a good scene
# (its check passes), the second on one built to fail the sticker-size item (3 px
# stickers). Then:
# - the second session's summary.json holds session.json's check field by field
#   (check_setup_summary), also after the check is marked acknowledged (as the live
#   window's R gate writes it) and the session analysed again;
# - `romcap sessions` shows pass and FAIL-ack in its check column;
# - `romcap progress` names the second session as recorded over a failed check next to
#   its ROM (page, progress.json's summary and sessions, progress.csv);
# - a video of the same frames has "check": null with its reason, never a pass.
# usage: setup_reports.sh ROMCAP CHECKER WORKDIR
romcap=$1 checker=$2 work=$3
set -u
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
S='synthetic:knee_flexion?size=640x480&fps=30&seconds=6&reps=2&noise=2'
fails=0
bad() { echo "setup_reports: $*"; fails=$((fails + 1)); }
"$romcap" --log warn record --source "$S" --subject P1 --tag pre --frames 150 || exit 1
sleep 1 # the sessions are ordered by their creation time (seconds)
"$romcap" --log warn record --source "$S&marker_px=3" --subject P1 --tag post --frames 150 ||
  exit 1
pre=$(ls -d romcap-sessions/P1/*-pre) post=$(ls -d romcap-sessions/P1/*-post)
"$checker" "$post" "$post/summary.json" "sticker size" || fails=$((fails + 1))
grep -q '"result":[[:space:]]*"passed"' "$pre/summary.json" || bad "$pre: the check did not pass"

# acknowledged, as the live window writes it after its warning
sed -i -E 's/^([[:space:]]*)"worst":([[:space:]]*)"fail",/&\n\1"acknowledged":\2true,/' \
  "$post/session.json"
grep -q '"acknowledged":[[:space:]]*true' "$post/session.json" || bad "test set-up: no acknowledged"
"$romcap" --log warn analyse "$post" --out again --no-progress || exit 1
"$checker" "$post" again/summary.json "sticker size" ack || fails=$((fails + 1))

# romcap sessions: the check column
"$romcap" sessions romcap-sessions > list.txt || bad "romcap sessions failed"
cat list.txt
head -1 list.txt | grep -Eq ' psfs +check +analysed ' || bad "no check column in the header"
grep -E -- "-pre\$" list.txt | grep -Eq ' pass +yes ' || bad "the pre session is not 'pass'"
grep -E -- "-post\$" list.txt | grep -Eq ' FAIL-ack +yes ' || bad "the post session is not 'FAIL-ack'"

# romcap progress: the mark next to the ROM, in plain words
"$romcap" --log warn progress romcap-sessions/P1 --out prog.html || exit 1
note='recorded over a failed set-up check: its figures are less trustworthy'
cell="<td class=\"txt check-FAIL-ack\">failed (sticker size); recorded anyway after the warning<br><strong>$note</strong></td>"
[ "$(grep -F -o "$cell" prog.html | wc -l)" -eq 2 ] ||
  bad "prog.html: the failed session is not marked in the ROM table and the check table"
grep -F "<td>2</td><td>" prog.html | grep -F -q "no verdict</td>$cell</tr>" ||
  bad "prog.html: the mark is not next to session 2's ROM"
grep -F -q '<td class="txt check-pass">passed</td></tr>' prog.html || bad "prog.html: session 1 not 'passed'"
grep -F -q "sticker size fail: stickers 3.0 px in radius" prog.html || bad "prog.html: the item is not listed"
grep -F -q "Session 2 (" prog.json && grep -F -q ") was recorded over a failed set-up check: its figures are less trustworthy." prog.json ||
  bad "prog.json: the summary does not name session 2"
grep -F -q '"mark":	"FAIL-ack"' prog.json || bad "prog.json: no FAIL-ack mark"
tail -1 prog.csv | grep -F -q "\"failed (sticker size); recorded anyway after the warning: $note\"" ||
  bad "prog.csv: the last row does not carry the check"

# a video of the same frames: no check, and why
"$romcap" --log warn export "$post" --format avi --out v.avi || exit 1
"$romcap" --log warn analyse v.avi --model knee_flexion --out vid --no-progress || exit 1
tr -d '\n\t ' < vid/summary.json | grep -q '"setup":{"result":"noset-upcheckrecorded","check":null,"reason":"theinputisnotarecordedsession"' ||
  bad "vid/summary.json: the video's setup is not a null check with its reason"

[ "$fails" -eq 0 ] || exit 1
echo "setup_reports: ok"
