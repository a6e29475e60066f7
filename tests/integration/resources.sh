#!/bin/sh
# resources.sh - romcap at start-up with too few file descriptors or too little
# memory, and recording into a file size limit or a full file system: each must end
# with a one-line error (or a clean stop that keeps what was written), never a
# signal. Used by resources.cmake.
#
#   resources.sh ROMCAP fd       CMD   ulimit -n 4: CMD (analyse|live|record) fails
#                                      cleanly naming "Too many open files"
#   resources.sh ROMCAP vm-sweep CMD   ulimit -v from 340 MB to 620 MB by 20 MB at
#                                      1080p: every run succeeds or fails cleanly
#                                      with "out of memory" (plain builds only)
#   resources.sh ROMCAP asan-sweep CMD the same under ASan: single allocations above
#                                      1..16 MiB refused (sanitized builds)
#   resources.sh ROMCAP fsize    CMD   ulimit -f 2000 (2 MB): record / live stop the
#                                      recording, keep the frames written, say so
#   resources.sh ROMCAP enospc         record onto a 2 MiB tmpfs (a private mount
#                                      namespace, via unshare; skipped without it)
set -u
R=$1 what=$2 cmd=${3:-}
umask 077
d=$(mktemp -d "${TMPDIR:-/tmp}/romcap_resources_XXXXXX") || exit 2
trap 'rm -rf "$d"' EXIT
cd "$d" || exit 2
export SDL_AUDIODRIVER=dummy DISPLAY=
small="synthetic:knee_flexion?size=320x180&seconds=1"
big="synthetic:knee_flexion?size=1920x1080&seconds=0.2"

# args CMD URI OUT: the command line of CMD on URI (record/analyse write OUT).
args() {
    case $1 in
    analyse) echo "analyse '$2' --model knee_flexion --out $3 --no-progress" ;;
    live) echo "live --headless --record --model knee_flexion '$2'" ;;
    record) echo "record --source '$2' --model knee_flexion --out $3" ;;
    *) echo "resources.sh: unknown command $1" >&2; exit 2 ;;
    esac
}

# clean STATUS LOG: 0 when STATUS is a clean end (0..125 but not 127, the loader's
# "cannot load a library" which says nothing about romcap) with, if non-zero, one
# "romcap: error:" line in LOG.
clean() {
    if [ "$1" -ge 126 ]; then
        echo "resources.sh: exit status $1 (a signal or exec failure):"; cat "$2"; return 1
    fi
    if [ "$1" -ne 0 ] && [ "$(grep -c '^romcap: error: ' "$2")" -lt 1 ]; then
        echo "resources.sh: exit status $1 without a 'romcap: error:' line:"; cat "$2"; return 1
    fi
    return 0
}

case $what in
fd)
    in=$small
    if [ "$cmd" = analyse ]; then
        # A synthetic scene needs one descriptor at a time; a session two at once.
        "$R" record --source "$small" --out sess --no-analyse >/dev/null 2>&1 || exit 2
        in=sess
    fi
    # Descriptors 3..9 inherited from the caller (ctest keeps one open) are closed
    # first, so romcap has exactly 0, 1, 2 and one free.
    sh -c "exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- && ulimit -n 4 &&
        exec '$R' $(args "$cmd" "$in" out)" >log 2>&1
    st=$?
    cat log
    clean "$st" log || exit 1
    [ "$st" -ne 0 ] || { echo "resources.sh: $cmd ran with 4 file descriptors"; exit 1; }
    grep -q '^romcap: error: .*Too many open files' log ||
        { echo "resources.sh: no 'Too many open files' error"; exit 1; }
    ;;
vm-sweep)
    fails=0 runs=0
    for v in $(seq 340000 20000 620000); do
        sh -c "ulimit -v $v && exec '$R' $(args "$cmd" "$big" "out$v")" >log 2>&1
        st=$?
        [ "$st" -eq 127 ] && continue # the libraries did not fit: romcap never ran
        runs=$((runs + 1))
        printf 'ulimit -v %s: exit %s %s\n' "$v" "$st" "$(grep -v '^ALSA' log | grep 'error' | head -n 1)"
        clean "$st" log || exit 1
        if [ "$st" -ne 0 ]; then
            fails=$((fails + 1))
            grep -Eqi '^romcap: error: .*(out of memory|cannot start)' log ||
                { echo "resources.sh: a failure that does not say out of memory:"; cat log; exit 1; }
        fi
    done
    echo "resources.sh: $runs runs, $fails clean out-of-memory failures"
    [ "$runs" -gt 0 ] && [ "$fails" -gt 0 ] ||
        { echo "SKIP: no limit in 340..620 MB made $cmd run out of memory here"; exit 77; }
    ;;
asan-sweep)
    # Sanitized builds cannot run under ulimit -v (ASan reserves terabytes of
    # address space): its allocator refuses single allocations above N MiB instead.
    # From a recorded 1080p session: the scene renderer's one large buffer would
    # otherwise be the first and only allocation to fail.
    "$R" record --source "$big" --out sess --no-analyse >/dev/null 2>&1 || exit 2
    fails=0 runs=0
    for m in 1 2 3 4 6 8 16; do
        ASAN_OPTIONS="allocator_may_return_null=1:max_allocation_size_mb=$m:detect_leaks=0" \
            sh -c "exec '$R' $(args "$cmd" sess "out$m")" >log 2>&1
        st=$?
        runs=$((runs + 1))
        printf 'max_allocation_size_mb=%s: exit %s %s\n' "$m" "$st" "$(grep '^romcap: error' log | head -n 1)"
        clean "$st" log || exit 1
        if [ "$st" -ne 0 ]; then
            fails=$((fails + 1))
            grep -Eqi '^romcap: error: .*(out of memory|cannot start)' log ||
                { echo "resources.sh: a failure that does not say out of memory:"; cat log; exit 1; }
        fi
    done
    echo "resources.sh: $runs runs, $fails clean out-of-memory failures"
    [ "$fails" -gt 0 ] || { echo "resources.sh: no run ran out of memory"; exit 1; }
    ;;
fsize)
    # 600 frames of 640x360 (~30 KB each as JPEG) exceed 2 MB.
    sh -c "ulimit -f 2000 && exec '$R' $(args "$cmd" "synthetic:knee_flexion?size=640x360&seconds=10" out) \
        $([ "$cmd" = live ] && echo --unpaced)" >log 2>&1
    st=$?
    cat log
    clean "$st" log || exit 1
    grep -Eq 'frames.mjpeg: file size limit reached after [0-9]+ frames: recording stopped, frames so far kept' log ||
        { echo "resources.sh: no 'file size limit reached' message"; exit 1; }
    sess=out
    [ "$cmd" = live ] && sess=$(ls -d romcap-sessions/session-* | head -n 1)
    n=$(sed -n 's/.*"written":[^0-9]*\([0-9]*\).*/\1/p' "$sess/session.json")
    idx=$(wc -c <"$sess/frames.idx")
    echo "resources.sh: the session kept $n frames"
    [ "${n:-0}" -gt 0 ] && [ "$idx" -eq $((8 + 24 * n)) ] ||
        { echo "resources.sh: session.json says $n frames, frames.idx is $idx bytes"; exit 1; }
    "$R" analyse "$sess" --model knee_flexion --out chk --no-progress >chk.log 2>&1
    st=$?
    cat chk.log
    [ "$st" -eq 0 ] && ! grep -q 'repaired' chk.log &&
        grep -q "^romcap: info: $n frames analysed" chk.log ||
        { echo "resources.sh: the kept frames do not read back cleanly"; exit 1; }
    ;;
enospc)
    mkdir mnt
    mount_cmd="mount -t tmpfs -o size=2m tmpfs '$d/mnt'"
    if unshare -rm sh -c "$mount_cmd" 2>/dev/null; then
        ns="unshare -rm"
    elif unshare -m sh -c "$mount_cmd" 2>/dev/null; then
        ns="unshare -m"
    else
        echo "SKIP: cannot mount a small tmpfs here (needs unshare with user or mount namespaces)"
        exit 77
    fi
    # Inside the namespace: mount, record until the disk is full, then copy the
    # session out (the mount vanishes with the namespace) and report the status.
    $ns sh -c "$mount_cmd && cd '$d/mnt' &&
        '$R' record --source 'synthetic:knee_flexion?size=640x360&seconds=10' --out s --no-analyse \
            >'$d/log' 2>&1; echo \$? >'$d/status'; cp -r s '$d/kept'"
    st=$(cat status)
    cat log
    clean "$st" log || exit 1
    grep -Eq 'disk full after [0-9]+ frames: recording stopped, frames so far kept' log ||
        { echo "resources.sh: no 'disk full' message"; exit 1; }
    n=$(sed -n 's/.*"written":[^0-9]*\([0-9]*\).*/\1/p' kept/session.json)
    idx=$(wc -c <kept/frames.idx)
    echo "resources.sh: the session kept $n frames on the full disk"
    [ "${n:-0}" -gt 0 ] && [ "$idx" -eq $((8 + 24 * n)) ] ||
        { echo "resources.sh: session.json says $n frames, frames.idx is $idx bytes"; exit 1; }
    "$R" analyse kept --model knee_flexion --out chk --no-progress >chk.log 2>&1
    st=$?
    cat chk.log
    [ "$st" -eq 0 ] && ! grep -q 'repaired' chk.log &&
        grep -q "^romcap: info: $n frames analysed" chk.log ||
        { echo "resources.sh: the kept frames do not read back cleanly"; exit 1; }
    ;;
*)
    echo "usage: resources.sh ROMCAP fd|vm-sweep|asan-sweep|fsize CMD | enospc" >&2
    exit 2
    ;;
esac
exit 0
