#!/bin/sh
# make_bad.sh - generates the bad inputs that are not stored in tests/data/bad/
# (they derive from a tiny recording made by the romcap binary under test).
# usage: make_bad.sh ROMCAP OUTDIR DATADIR   (OUTDIR is emptied first; DATADIR is
#        tests/data/bad, for the stored files)
set -eu
umask 077
R=$1 out=$2 data=$3
rm -rf "$out"
mkdir -p "$out"
cd "$out"
# a 10-frame 160x90 session and its MJPEG AVI (about 40 KB)
"$R" record --source 'synthetic:knee_flexion?size=160x90&fps=30&seconds=1' --out rec \
  --frames 10 >/dev/null 2>&1
"$R" export rec --format avi --out good.avi >/dev/null 2>&1
size=$(wc -c < good.avi)
# video cut in the middle (no AVI index, last frame incomplete)
head -c $((size / 2)) good.avi > video_truncated.avi
# video with 600 bytes overwritten in the middle of the frame data
cp good.avi video_corrupt.avi
head -c 600 /dev/zero | tr '\0' 'Z' | dd of=video_corrupt.avi bs=1 seek=$((size / 2)) \
  conv=notrunc 2>/dev/null
# not a video at all
head -c 20000 /dev/zero | tr '\0' 'x' > video_garbage.avi
# a folder whose only JPEG is cut mid-scan
mkdir jpeg_folder
cp "$data/jpeg_cut_mid_scan.jpg" jpeg_folder/
# empty session: session.json, an empty frames.mjpeg, no index
mkdir session_empty
cp rec/session.json session_empty/
: > session_empty/frames.mjpeg
# a folder without session.json
mkdir session_none
# a session whose index points past the end of frames.mjpeg (data cut to half)
mkdir session_index_past_end
cp rec/session.json rec/frames.idx session_index_past_end/
head -c $(($(wc -c < rec/frames.mjpeg) / 2)) rec/frames.mjpeg > session_index_past_end/frames.mjpeg
