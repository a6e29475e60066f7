#!/bin/sh
# metrics.sh ROMCAP SHARED_DATA WORKDIR - `romcap metrics` on the smoothness
# reference signals: JSON values against references.csv (the authors' code),
# repetition count of the 3-rep flexion, and error messages for bad input.
set -u
romcap=$1; data=$2/smoothness; work=$3
if [ ! -f "$data/references.csv" ]; then
    echo "SKIP: smoothness reference data not found at $data"
    exit 77
fi
rm -rf "$work"; mkdir -p "$work"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# value of the first JSON line '"KEY": NUMBER' after the line matching SECTION
field() { # file section key
    awk -v sec="\"$2\":" -v key="\"$3\":" '
        index($0, sec) { on = 1 }
        on && index($0, key) { v = $0; sub(/.*:[ \t]*/, "", v); sub(/,$/, "", v); print v; exit }' "$1"
}
ref() { # signal metric variant-part [second variant-part]
    awk -F, -v f="signals/$1" -v m="$2" -v p="$3" -v q="${4:-}" '
        $1 == f && $3 == m && index($0, p) && index($0, q) { print $(NF-1); exit }' "$data/references.csv"
}
near() { # got want tol what
    awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }' ||
        fail "$4: got '$1', want $2 (tol $3)"
}

# 1. angle, unfiltered: whole-trial SPARC / LDLJ-V / LDLJ-A of numpy.gradient(angle)
out=$work/flex30.json
"$romcap" metrics "$data/signals/e_flex3_fs30_angle.csv" --filter none > "$out" || fail "metrics on angle exited $?"
near "$(field "$out" sparc value)" "$(ref e_flex3_fs30_vel.csv sparc 'input=abs(vel);padlevel=4;fc=10;amp_th=0.05"' segment=whole)" 1e-9 "whole SPARC"
near "$(field "$out" sparc nfft)" "$(ref e_flex3_fs30_vel.csv sparc_nfft segment=whole)" 0 "SPARC nfft"
near "$(field "$out" sparc n_selected)" "$(ref e_flex3_fs30_vel.csv sparc_n_selected segment=whole)" 0 "SPARC n_selected"
near "$(field "$out" sparc fc_selected_hz)" "$(ref e_flex3_fs30_vel.csv sparc_fc_selected_hz segment=whole)" 1e-12 "SPARC cut-off"
near "$(field "$out" ldlj_v value)" "$(ref e_flex3_fs30_vel.csv ldlj_v segment=whole data_type=vel)" 1e-9 "LDLJ-V"
near "$(field "$out" ldlj_a value)" "$(ref e_flex3_fs30_acc.csv ldlj_a segment=whole rem_mean=False)" 1e-9 "LDLJ-A"
near "$(field "$out" analysis n_reps)" 3 0 "repetitions"
near "$(field "$out" analysis n_legs)" 6 0 "legs"
near "$(field "$out" analysis n_missing)" 0 0 "missing"
grep -q '"fs_hz":[[:space:]]*30' "$out" || fail "fs not derived from the t column"

# 2. default filtering of the noisy angle still finds 3 repetitions
out=$work/flex60n.json
"$romcap" metrics "$data/signals/e_flex3_fs60_noise0.5deg_angle.csv" > "$out" || fail "noisy angle exited $?"
near "$(field "$out" analysis n_reps)" 3 0 "noisy repetitions"
near "$(field "$out" filter cutoff_hz)" 6 0 "default cut-off"

# 3. velocity input with --fs and --column
out=$work/sub3.json
"$romcap" metrics "$data/signals/b_sub3_fs100_vel.csv" --kind velocity --fs 100 --column value > "$out" || fail "velocity exited $?"
near "$(field "$out" sparc value)" "$(ref b_sub3_fs100_vel.csv sparc '"input=abs(vel);padlevel=4;fc=10;amp_th=0.05"')" 1e-9 "sub3 SPARC"
near "$(field "$out" ldlj_v value)" "$(ref b_sub3_fs100_vel.csv ldlj_v '"input=vel;data_type=vel"')" 1e-9 "sub3 LDLJ-V"
near "$(field "$out" whole n_peaks)" 3 0 "sub3 peaks"

# 4. errors name the file and line; bad usage exits 2
printf 't,value\n0,1\n0.1,2\n0.2,abc\n' > "$work/bad.csv"
"$romcap" metrics "$work/bad.csv" > /dev/null 2> "$work/err.txt"
[ $? -eq 1 ] || fail "bad number: exit status"
grep -q "bad.csv:4: bad number 'abc'" "$work/err.txt" || fail "bad number message: $(cat "$work/err.txt")"
"$romcap" metrics "$work/bad.csv" --column nope > /dev/null 2> "$work/err.txt"
grep -q "no column named 'nope'" "$work/err.txt" || fail "missing column message"
"$romcap" metrics "$work/missing.csv" > /dev/null 2> "$work/err.txt"
grep -q "missing.csv" "$work/err.txt" || fail "missing file message"
"$romcap" metrics --kind bogus x.csv > /dev/null 2>&1
[ $? -eq 2 ] || fail "bad --kind should exit 2"
"$romcap" metrics --help | grep -q "usage: romcap metrics" || fail "--help"

# 5. empty cells are missing samples: interpolated, counted
awk -F, 'NR == 1 || NR < 100 || NR > 104 { print; next } { print $1 "," }' \
    "$data/signals/e_flex3_fs30_angle.csv" > "$work/gap.csv"
out=$work/gap.json
"$romcap" metrics "$work/gap.csv" > "$out" || fail "gap exited $?"
near "$(field "$out" analysis n_missing)" 5 0 "gap missing"
near "$(field "$out" analysis n_interpolated)" 5 0 "gap interpolated"
near "$(field "$out" analysis n_reps)" 3 0 "gap repetitions"

if [ $fails -ne 0 ]; then echo "$fails failure(s)"; exit 1; fi
echo "romcap metrics: all checks passed"
rm -rf "$work"
