#!/bin/sh
# A synthetic scene encoded as a phone would (H.264 or HEVC in MP4/MOV, 4:2:0,
# limited range) by ffmpeg, analysed by romcap and checked against the scene's exact
# truth (check_e2e: angle RMS, identity swaps, coverage).
# usage: phone.sh ROMCAP CHECK_E2E MAKE_CLIP WORK URI MAX_RMS CODEC [options]
#   CODEC   h264 | hevc
# options (after CODEC, any order):
#   model=M          analyse with model M (a bundled name or a .json file)
#   paint=NAME=#rgb  the sticker NAME repainted (make_phone_clip)
#   face=X,Y,R,#rgb  a skin-coloured disc in view; the tracked markers must never be
#                    on it (no tracks.csv position within R + 4 px of its centre)
#   vfr              of every 3 frames only 2 kept, with their time stamps: the
#                    times in tracks.csv must be the truth times (frame / fps)
#   rotate           frames stored turned 90 deg with a rotation tag to turn them
#                    back, as a phone held upright writes them
#   learn=NAME=#rgb  the run must say it learnt NAME's colour and summary.json list
#                    it under model.learnt_colours, within 15 of #rgb in each channel
#   nocheck          no comparison with the truth (check_e2e), only the rest
#   nolearn          summary.json must have no learnt_colours
#   args=A           extra romcap analyse argument (e.g. --no-auto-learn)
set -eu
romcap=$1 check=$2 make=$3 work=$4 uri=$5 rms=$6 codec=$7
shift 7
model="" paints="" face="" vfr=0 rotate=0 learn="" nolearn=0 args="" nocheck=0
for o in "$@"; do
  case $o in
    model=*) model=${o#model=} ;;
    paint=*) paints="$paints ${o#paint=}" ;;
    face=*) face=${o#face=} ;;
    vfr) vfr=1 ;;
    rotate) rotate=1 ;;
    learn=*) learn=${o#learn=} ;;
    nolearn) nolearn=1 ;;
    nocheck) nocheck=1 ;;
    args=*) args="$args ${o#args=}" ;;
    *) echo "phone.sh: unknown option $o"; exit 2 ;;
  esac
done
command -v ffmpeg >/dev/null || { echo "SKIP: ffmpeg is not installed (.ci/setup)"; exit 77; }
rm -rf "$work"
mkdir -p "$work"
size=$(printf '%s' "$uri" | sed -n 's/.*size=\([0-9]*x[0-9]*\).*/\1/p')
fps=$(printf '%s' "$uri" | sed -n 's/.*fps=\([0-9.]*\).*/\1/p')
[ -n "$size" ] && [ -n "$fps" ] || { echo "phone.sh: the URI must give size= and fps="; exit 2; }
# Phone-like quality: CRF 23 (x264) / 28 (x265, about the same quality), the
# encoders' fast presets (a phone's hardware encoder is no better), 4:2:0 limited
# range as phones store it; HEVC tagged hvc1 in a MOV as iPhones write it.
case $codec in
  h264) enc="-c:v libx264 -preset veryfast -b:v 1900k -maxrate 2500k -bufsize 4M"; ext=mp4 ;;
  hevc) enc="-c:v libx265 -preset ultrafast -b:v 1000k -maxrate 1500k -bufsize 3M -tag:v hvc1 -x265-params log-level=error"; ext=mov ;;
  *) echo "phone.sh: codec h264 or hevc"; exit 2 ;;
esac
clip=$work/clip.$ext
set -- "$uri"
for p in $paints; do set -- "$@" "$p"; done
[ -z "$face" ] || set -- "$@" "face=$face"
[ "$vfr" = 0 ] || set -- "$@" "every=3,2"
"$make" "$@" 2>"$work/frames.txt" |
  if [ "$vfr" = 1 ]; then
    # Kept frame n is scene frame 3*floor(n/2) + n%2: stamped with that frame's time.
    ffmpeg -hide_banner -loglevel error -y -f rawvideo -pix_fmt yuvj420p -s "$size" -r "$fps" \
      -i - -vf "setpts='(3*floor(N/2)+mod(N,2))/($fps*TB)'" -fps_mode vfr -pix_fmt yuv420p $enc "$clip"
  elif [ "$rotate" = 1 ]; then
    ffmpeg -hide_banner -loglevel error -y -f rawvideo -pix_fmt yuvj420p -s "$size" -r "$fps" \
      -i - -vf transpose=cclock -pix_fmt yuv420p $enc "$work/turned.$ext" &&
      ffmpeg -hide_banner -loglevel error -y -i "$work/turned.$ext" -c copy \
        -metadata:s:v:0 rotate=90 "$clip"
  else
    ffmpeg -hide_banner -loglevel error -y -f rawvideo -pix_fmt yuvj420p -s "$size" -r "$fps" \
      -i - -pix_fmt yuv420p $enc "$clip"
  fi
out=$work/out
[ -n "$model" ] || model=$(printf '%s' "$uri" | sed 's/^synthetic://; s/?.*//')
# shellcheck disable=SC2086
st=0
"$romcap" analyse "$clip" --model "$model" --out "$out" --no-progress $args 2>"$work/log.txt" || st=$?
cat "$work/log.txt"
[ "$st" = 0 ] || { echo "phone.sh: romcap analyse exited $st"; exit 1; }
if [ "$vfr" = 1 ]; then
  # Every row's time is its truth frame's (frame number in the scene / fps), to 1 ms;
  # the decoder's last 2 frames (B-frames: OpenCV 4.6 gives no position for them)
  # within one frame interval.
  grep '^frame' "$work/frames.txt" | awk '{print $2}' >"$work/truth_frames.txt"
  nkept=$(wc -l <"$work/truth_frames.txt")
  awk -F, -v fps="$fps" -v last="$nkept" 'NR == FNR { tf[FNR - 1] = $1; next }
    FNR > 1 && !seen[$1]++ { want = tf[$1] / fps; d = $2 - want; if (d < 0) d = -d;
      lim = $1 >= last - 2 ? 1.0 / fps : 0.001;
      if (d > lim) { printf "frame %s: t %s, truth %.6f\n", $1, $2, want; bad++ } n++ }
    END { if (bad || n == 0) { print bad " of " n " frames at the wrong time"; exit 1 }
          print n " frames at their presentation times" }' \
    "$work/truth_frames.txt" "$out/tracks.csv"
  # check_e2e reads the truth by frame number: renumber the rows to the scene's.
  mkdir -p "$work/renum"
  cp "$out/summary.json" "$work/renum/"
  for f in tracks.csv angles.csv; do
    awk -F, -v OFS=, 'NR == FNR { tf[FNR - 1] = $1; next }
      FNR == 1 { print; next } { $1 = tf[$1]; print }' "$work/truth_frames.txt" "$out/$f" \
      >"$work/renum/$f"
  done
  out=$work/renum
  # two of every three frames were kept: that many rows, not the scene's count
  limits="frames=$(wc -l <"$work/truth_frames.txt")"
fi
[ "$nocheck" = 1 ] || "$check" "$uri" "$out" "$rms" ${limits:-}
if [ -n "$face" ]; then
  fx=${face%%,*} rest=${face#*,}
  fy=${rest%%,*} rest=${rest#*,}
  fr=${rest%%,*}
  # tracks.csv: frame,t,marker,x,y,state: no marker position on the face, ever.
  awk -F, -v fx="$fx" -v fy="$fy" -v r="$fr" 'NR > 1 && $4 != "" {
      d = sqrt(($4 - fx)^2 + ($5 - fy)^2); if (d < r + 4) { print "on the face: " $0; bad++ } }
    END { if (bad) { print bad " positions on the face"; exit 1 } print "the face was never taken" }' \
    "$out/tracks.csv"
fi
if [ -n "$learn" ]; then
  name=${learn%%=*} want=${learn#*=}
  said=$(grep -Eo "$name: learnt its colour from frame [0-9]+: #[0-9a-f]{6}" "$work/log.txt") ||
    { echo "the run did not say it learnt $name"; exit 1; }
  got=$(tr -d ' \t\n' <"$out/summary.json" |
    grep -Eo "\"marker\":\"$name\",\"frame\":[0-9]+,\"color\":\"#[0-9a-f]{6}\"" |
    grep -Eo '#[0-9a-f]{6}') || { echo "summary.json lists no learnt colour for $name"; exit 1; }
  [ "${said##*: }" = "$got" ] || { echo "said ${said##*: }, summary.json $got"; exit 1; }
  for k in 2 4 6; do
    a=$(printf '%d' "0x$(printf '%s' "$got" | cut -c$k-$((k + 1)))")
    b=$(printf '%d' "0x$(printf '%s' "$want" | cut -c$k-$((k + 1)))")
    d=$((a - b))
    [ "${d#-}" -le 15 ] || { echo "learnt $got, painted $want: more than 15 apart"; exit 1; }
  done
  echo "$name: learnt $got (painted $want)"
fi
if [ "$nolearn" = 1 ] && grep -q learnt_colours "$out/summary.json"; then
  echo "summary.json lists learnt colours"; exit 1
fi
exit 0
