#!/bin/sh
# soak.sh - N frames through the whole live pipeline, faster than real time, with
# the resident memory of the process sampled over the run.
#
#   tests/soak/soak.sh ROMCAP [FRAMES] [SIZE] [INTERVAL_S] [SLACK_MIB]
#
# Runs `romcap live --headless --unpaced --record` on a synthetic scene of SIZE
# (default 1920x1080) at 60 fps for FRAMES frames (default 216000 = one hour), in a
# private temporary folder that is removed afterwards. The scene's 2 s of knee
# flexion (one repetition) is rendered and JPEG-encoded once (cache=120, or
# $SOAK_CACHE; JPEG quality $SOAK_JPEG, default 75) and played
# back and forth, so rendering does not bound the rate: capture thread -> ring ->
# analysis (detect, track, kinematics, online metrics) -> recorder (session writer
# thread, every frame, waiting for the disk rather than dropping) and the headless
# UI drawing at 60 Hz all run as in a clinic. VmRSS is read from /proc every
# INTERVAL_S (default 1) seconds.
#
# Fails (exit 1) when romcap exits non-zero or by a signal, when the session does
# not hold exactly FRAMES frames (session.json "written", "dropped" 0, frames.idx
# size, and the session reader opening it without repairing it), or when resident
# memory grows: sampling starts once 120 frames are recorded (the source has
# filled its frame cache and the buffers have been touched); the median of the
# last fifth of the samples may exceed the median
# of the second fifth by at most
# SLACK_MIB (default 4) MiB. Prints the figures (frames/s, RSS first, baseline,
# final, max) on one line starting with "soak:".
set -u
ROMCAP=${1:?usage: soak.sh ROMCAP [FRAMES] [SIZE] [INTERVAL_S] [SLACK_MIB]}
FRAMES=${2:-216000}
SIZE=${3:-1920x1080}
INTERVAL=${4:-1}
SLACK=${5:-4}
JPEG_Q=${SOAK_JPEG:-75}   # TUNABLE: 75 keeps an hour at 1080p to ~33 GB on disk
CACHE=${SOAK_CACHE:-120}  # frames rendered once (fewer: quicker start, jerkier motion)

case "$ROMCAP" in /*) ;; *) ROMCAP="$(pwd)/$ROMCAP" ;; esac
[ -x "$ROMCAP" ] || { echo "soak: $ROMCAP is not executable" >&2; exit 2; }
[ -r /proc/self/status ] || { echo "SKIP: soak: no /proc to sample memory from"; exit 77; }
umask 077
dir=$(mktemp -d "${TMPDIR:-/tmp}/romcap_soak_XXXXXX") || exit 2
trap 'rm -rf "$dir"' EXIT
trap 'kill "$pid" 2>/dev/null; exit 1' INT TERM

uri="synthetic:knee_flexion?size=$SIZE&fps=60&seconds=2&reps=1&cache=$CACHE&jpeg=$JPEG_Q&frames=$FRAMES"
start=$(date +%s.%N)
(cd "$dir" && exec "$ROMCAP" live --headless --unpaced --record --no-analyse "$uri") >"$dir/log" 2>&1 &
pid=$!
# Samples count from the moment 120 frames are on disk: before that the source
# renders its frame cache and buffers are first touched (start-up, not a leak).
: >"$dir/rss"
warm=$((8 + 24 * 120))
while kill -0 "$pid" 2>/dev/null; do
    # VmRSS in kB; absent once the process is a zombie.
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
    if [ -n "$rss" ]; then
        [ -n "${t_warm:-}" ] && echo "$rss" >>"$dir/rss"
        if [ -z "${t_warm:-}" ]; then
            i=$(ls "$dir"/romcap-sessions/session-*/frames.idx 2>/dev/null | head -n 1)
            if [ -n "$i" ] && [ "$(wc -c <"$i")" -ge "$warm" ]; then
                t_warm=$(date +%s.%N)
                echo "$rss" >>"$dir/rss"
            fi
        fi
    fi
    sleep "$INTERVAL"
done
wait "$pid"
st=$?
end=$(date +%s.%N)
grep -v '^ALSA lib' "$dir/log" | tail -n 5
fail=0
if [ "$st" -ne 0 ]; then
    echo "soak: FAIL: romcap exited with status $st"
    fail=1
fi

sess=$(ls -d "$dir"/romcap-sessions/session-* 2>/dev/null | head -n 1)
written=-1 dropped=-1 idx=0
if [ -n "$sess" ]; then
    written=$(sed -n 's/.*"written":[^0-9-]*\([0-9-]*\).*/\1/p' "$sess/session.json")
    dropped=$(sed -n 's/.*"dropped":[^0-9-]*\([0-9-]*\).*/\1/p' "$sess/session.json")
    idx=$(wc -c <"$sess/frames.idx")
fi
if [ "$written" != "$FRAMES" ] || [ "$dropped" != 0 ] || [ "$idx" -ne $((8 + 24 * FRAMES)) ]; then
    echo "soak: FAIL: session holds written=$written dropped=$dropped, frames.idx $idx bytes" \
        "(expected $FRAMES frames, 0 dropped, $((8 + 24 * FRAMES)) bytes)"
    fail=1
elif ! (cd "$dir" && "$ROMCAP" analyse "$sess" --model knee_flexion --frames 2 \
    --out "$dir/check" --no-progress) \
    >"$dir/check.log" 2>&1 || grep -qi 'repair' "$dir/check.log"; then
    echo "soak: FAIL: the recorded session does not open cleanly:"
    cat "$dir/check.log"
    fail=1
fi

# RSS figures (MiB) from the samples.
n=$(wc -l <"$dir/rss")
t_warm=${t_warm:-$end}
if [ "$n" -lt 5 ]; then
    echo "soak: FAIL: only $n memory samples (the run was too short to judge)"
    exit 1
fi
figures=$(awk -v slack="$SLACK" '
    function median(a, lo, hi,    m, i, j, t, v) {
        m = 0
        for (i = lo; i < hi; i++) v[m++] = a[i]
        for (i = 1; i < m; i++) { t = v[i]; for (j = i - 1; j >= 0 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
        return m % 2 ? v[int(m / 2)] : (v[m / 2 - 1] + v[m / 2]) / 2
    }
    { s[NR - 1] = $1 / 1024; if ($1 / 1024 > max) max = $1 / 1024 }
    END {
        n = NR; f = int(n / 5); if (f < 1) f = 1
        base = median(s, f, 2 * f); last = median(s, n - f, n)
        printf "%.1f %.1f %.1f %.1f %d %s\n", s[0], base, last, max, n,
            (last - base > slack) ? "GROWS" : "flat"
    }' "$dir/rss")
set -- $figures
secs=$(echo "$start $end" | awk '{ printf "%.1f", $2 - $1 }')
fps=$(echo "$FRAMES $secs" | awk '{ r = 0; if ($2 > 0) r = $1 / $2; printf "%.1f", r }')
steady=$(echo "$FRAMES $t_warm $end" | awk '{ r = 0; if ($3 > $2) r = ($1 - 120) / ($3 - $2); printf "%.1f", r }')
echo "soak: $FRAMES frames of $SIZE in $secs s = $fps frames/s, $steady after start-up" \
    "(real time: 60);" \
    "RSS MiB after warm-up: first sample $1, baseline $2 (median of the 2nd fifth), final $3" \
    "(median of the last fifth), max $4, over $5 samples every ${INTERVAL}s: $6" \
    "(slack $SLACK MiB); session: $written frames written, $dropped dropped"
if [ "$6" != flat ]; then
    echo "soak: FAIL: resident memory grew by more than $SLACK MiB"
    fail=1
fi
exit $fail
