#!/bin/sh
# romcap analyse with --threads 1 and --threads 2 (two JPEG decoders side by side
# for MJPEG files, sessions and JPEG folders) on the same input must give the same
# output files, byte for byte (summary.json but for its processing time), the same
# warnings in the same order (skipped corrupt frames, a truncated end), and the
# two-thread run must really have used the second thread.
# usage: analyse_threads.sh ROMCAP WORKDIR INPUT MODEL
set -eu
romcap=$1 work=$2 input=$3 model=$4
rm -rf "$work"
mkdir -p "$work"
for n in 1 2; do
  "$romcap" analyse "$input" --model "$model" --out "$work/t$n" --threads "$n" --no-progress \
    >"$work/t$n.log" 2>&1 || { cat "$work/t$n.log"; exit 1; }
done
cat "$work/t2.log"
grep -q "(.* fps, 1 thread)" "$work/t1.log" || { echo "--threads 1 did not run on one thread"; exit 1; }
grep -q "(.* fps, 2 threads)" "$work/t2.log" || { echo "--threads 2 did not use two threads"; exit 1; }
rows=$(($(wc -l <"$work/t1/angles.csv") - 1))
[ "$rows" -gt 10 ] || { echo "only $rows frames analysed"; exit 1; }
(cd "$work/t1" && ls) >"$work/t1.files"
(cd "$work/t2" && ls) >"$work/t2.files"
cmp "$work/t1.files" "$work/t2.files" || { echo "the output files differ between 1 and 2 threads"; exit 1; }
grep -qx angles.csv "$work/t1.files" && grep -qx tracks.csv "$work/t1.files" || { echo "no tracks.csv or angles.csv"; exit 1; }
while read -r f; do
  if [ "$f" = summary.json ]; then
    # Wall time differs by nature: every other line must match.
    grep -v '"processing_s"' "$work/t1/$f" >"$work/t1.summary"
    grep -v '"processing_s"' "$work/t2/$f" >"$work/t2.summary"
    cmp "$work/t1.summary" "$work/t2.summary" || { echo "summary.json differs between 1 and 2 threads"; exit 1; }
  else
    cmp "$work/t1/$f" "$work/t2/$f" || { echo "$f differs between 1 and 2 threads"; exit 1; }
  fi
done <"$work/t1.files"
# Every line but the timing one, which differs by nature.
grep -v "frames analysed in" "$work/t1.log" >"$work/t1.warn" || true
grep -v "frames analysed in" "$work/t2.log" >"$work/t2.warn" || true
cmp "$work/t1.warn" "$work/t2.warn" || { echo "warnings differ between 1 and 2 threads"; exit 1; }
echo "identical: $(wc -l <"$work/t1.files") files, $rows frames, $(wc -l <"$work/t1.warn") warning lines"
