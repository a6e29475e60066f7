#!/bin/sh
# Damaged results never crash or hang `romcap compare`: a valid analysed session
# pair is recorded once, then for each damage to the POST copy (angles.csv,
# summary.json, session.json) compare must exit 1 (not a signal, not the 124 of
# timeout), print exactly one error line naming the damaged file (and the line for
# a CSV cell), and leave no report behind. Also: an unanalysed session is analysed
# first, and a folder that is not a session is an error naming it.
# usage: compare_bad.sh ROMCAP WORKDIR
set -u
romcap=$1 work=$2
rm -rf "$work"
mkdir -p "$work"
S='synthetic:knee_flexion?size=320x240&fps=30&seconds=2'
"$romcap" record --source "$S" --model knee_flexion --out "$work/pre" >"$work/rec.log" 2>&1 &&
  "$romcap" record --source "$S&seed=2" --model knee_flexion --out "$work/post" \
    >>"$work/rec.log" 2>&1 || { cat "$work/rec.log"; echo "FAIL: could not record"; exit 1; }
fails=0
n=0
fail() { echo "FAIL [$1]: $2"; fails=$((fails + 1)); }

# The intact pair compares, so a failure below is the damage's.
timeout 20 "$romcap" compare "$work/pre" "$work/post" --out "$work/r.html" >"$work/ok.log" 2>&1 &&
  test -s "$work/r.html" || { cat "$work/ok.log"; echo "FAIL: the intact pair does not compare"; exit 1; }
rows=$(($(wc -l <"$work/post/angles.csv") - 1))
[ "$rows" -ge 30 ] || { echo "FAIL: only $rows rows in angles.csv"; exit 1; }

# damage NAME FILE PATTERN SNIPPET: SNIPPET (run in a copy of post) damages FILE;
# the one error line must contain the copy's FILE path and match PATTERN (ERE).
damage() {
  name=$1 file=$2 pattern=$3 snippet=$4
  n=$((n + 1))
  d="$work/bad_$name"
  rm -rf "$d" "$work/r.html" "$work/r.json"
  cp -r "$work/post" "$d"
  (cd "$d" && eval "$snippet") || { fail "$name" "could not make the damage"; return; }
  timeout 20 "$romcap" compare "$work/pre" "$d" --out "$work/r.html" >"$work/$name.out" 2>&1
  code=$?
  errs=$(grep -c "error" "$work/$name.out")
  line=$(grep "error" "$work/$name.out" | head -1)
  if [ "$code" -eq 124 ]; then fail "$name" "hung (killed after 20 s)"
  elif [ "$code" -gt 128 ]; then fail "$name" "killed by signal $((code - 128))"
  elif [ "$code" -ne 1 ]; then fail "$name" "exit $code, expected 1"
  elif [ "$errs" -ne 1 ]; then fail "$name" "$errs error lines, expected 1"
  elif ! printf '%s\n' "$line" | grep -qF "$d${file:+/$file}"; then
    fail "$name" "error does not name $d${file:+/$file}"
  elif ! printf '%s\n' "$line" | grep -qE "$pattern"; then fail "$name" "error does not match /$pattern/"
  elif [ -e "$work/r.html" ] || [ -e "$work/r.json" ]; then fail "$name" "a report was left behind"
  else echo "ok   [$name] $line"; return
  fi
  cat "$work/$name.out"
}

# Replaces field $1 of line $2 of angles.csv with $3.
cell() { awk -F, -v OFS=, -v c="$1" -v l="$2" -v v="$3" 'NR == l { $c = v } 1' angles.csv >t && mv t angles.csv; }

damage angles_empty angles.csv 'empty' ': >angles.csv'
damage angles_header_only angles.csv 'no rows' 'head -1 angles.csv >t && mv t angles.csv'
damage angles_truncated angles.csv 'angles\.csv:11:' \
  'head -10 angles.csv >t && sed -n 11p angles.csv | cut -d, -f1-2 | tr -d "\n" >>t && mv t angles.csv'
damage angles_nan angles.csv 'angles\.csv:5:' 'cell 3 5 nan'
damage angles_inf angles.csv 'angles\.csv:6:' 'cell 3 6 inf'
damage angles_1e999 angles.csv 'angles\.csv:7:.*not a finite number' 'cell 3 7 1e999'
damage angles_text angles.csv 'angles\.csv:8:' 'cell 3 8 knee'
damage angles_time_text angles.csv 'angles\.csv:9:' 'cell 2 9 soon'
damage angles_wide_row angles.csv 'angles\.csv:10:.*field' 'cell 3 10 "12,13"'
damage angles_short_row angles.csv 'angles\.csv:12:.*field' 'sed -i "12s/,[^,]*$//" angles.csv'
damage summary_empty summary.json 'not JSON' ': >summary.json'
damage summary_truncated summary.json 'not JSON' \
  'head -c $(($(wc -c <summary.json) / 2)) summary.json >t && mv t summary.json'
damage summary_not_json summary.json 'not JSON' 'echo "frame,t_s" >summary.json'
damage summary_angles_object summary.json 'no "angles" array' \
  'sed -i "s/\"angles\":[[:space:]]*\[/\"angles\": \"none\", \"was\": [/" summary.json'
damage summary_string_number summary.json '"max_deg" of angle .* not a finite number' \
  'sed -i "0,/\"max_deg\":[[:space:]]*[-0-9.e+]*/s//\"max_deg\": \"ninety\"/" summary.json'
damage session_missing '' 'no session\.json' 'rm session.json'
damage session_corrupt session.json '' 'head -c 40 session.json >t && mv t session.json'

# Finite but absurd angles (1e300 deg) are not damage the reader can see: the report
# must still be written, and quickly (its plot once looped over 1e297 grid lines).
cp -r "$work/post" "$work/huge"
(cd "$work/huge" && cell 3 5 1e300 && cell 3 6 -1e300)
rm -f "$work/r.html"
timeout 20 "$romcap" compare "$work/pre" "$work/huge" --out "$work/r.html" >"$work/huge.out" 2>&1
code=$?
if [ "$code" -ne 0 ] || [ ! -s "$work/r.html" ]; then fail huge_values "exit $code"; cat "$work/huge.out"
else echo "ok   [huge_values] report written"
fi

# Not a session at all: one error naming the folder.
mkdir -p "$work/not_a_session"
rm -f "$work/r.html"
timeout 20 "$romcap" compare "$work/pre" "$work/not_a_session" --out "$work/r.html" \
  >"$work/nas.out" 2>&1
code=$?
if [ "$code" -ne 1 ] || [ "$(grep -c error "$work/nas.out")" -ne 1 ] ||
  ! grep -qF "$work/not_a_session" "$work/nas.out" || [ -e "$work/r.html" ]; then
  fail not_a_session "exit $code"; cat "$work/nas.out"
else echo "ok   [not_a_session] $(grep error "$work/nas.out")"
fi

# Recorded but not analysed: analysed first, then compared; the same angles as the
# analysis `romcap record` ran.
cp -r "$work/post" "$work/fresh"
rm "$work/fresh/summary.json" "$work/fresh/angles.csv" "$work/fresh/tracks.csv"
rm -f "$work/r.html"
timeout 60 "$romcap" compare "$work/pre" "$work/fresh" --out "$work/r.html" >"$work/fresh.out" 2>&1
code=$?
if [ "$code" -ne 0 ] || ! grep -qF "analysing $work/fresh first" "$work/fresh.out" ||
  [ ! -s "$work/r.html" ] || ! cmp -s "$work/post/angles.csv" "$work/fresh/angles.csv"; then
  fail analyse_first "exit $code"; cat "$work/fresh.out"
else echo "ok   [analyse_first] $(grep -F analysing "$work/fresh.out")"
fi

# Analysed mirrored against not: refused with one line pointing at --force; with
# --force, compared with the reason on the terminal, in the page and in report.json.
cp -r "$work/post" "$work/mirrored"
"$romcap" analyse "$work/mirrored" --mirror --out "$work/mirrored" --no-progress \
  >"$work/mir.log" 2>&1 || { cat "$work/mir.log"; fail mirrored "could not analyse"; }
rm -f "$work/r.html" "$work/r.json"
timeout 20 "$romcap" compare "$work/pre" "$work/mirrored" --out "$work/r.html" >"$work/mir1.out" 2>&1
code=$?
if [ "$code" -ne 1 ] || [ "$(wc -l <"$work/mir1.out")" -ne 1 ] ||
  ! grep -q "not comparable: .*mirrored.*--force" "$work/mir1.out" || [ -e "$work/r.html" ]; then
  fail mirrored_refused "exit $code"; cat "$work/mir1.out"
else echo "ok   [mirrored_refused] $(cat "$work/mir1.out")"
fi
timeout 20 "$romcap" compare "$work/pre" "$work/mirrored" --out "$work/r.html" --force \
  >"$work/mir2.out" 2>&1
code=$?
if [ "$code" -ne 0 ] || ! grep -q "warn.*mirrored" "$work/mir2.out" ||
  ! grep -q '<p class="warning" role="alert">.*mirrored' "$work/r.html" ||
  ! grep -A2 '"warnings"' "$work/r.json" | grep -q mirrored; then
  fail mirrored_forced "exit $code"; cat "$work/mir2.out"
else echo "ok   [mirrored_forced] $(grep warn "$work/mir2.out")"
fi

echo "$n damages, $fails failure(s)"
[ "$fails" -eq 0 ]
