#!/bin/sh
# Facing either way (issue 21) end to end: romcap analyse on a scene rendered as set
# up or mirrored (synth flip=1), with no mirror option unless one is given, must say
# in summary.json which side it read and from where (mirrored, mirror_source), print
# what the run is expected to say, and (MAX_RMS >= 0) read the angles as the scene's
# exact truth (check_e2e, which also refuses wrap jumps).
# usage: facing.sh ROMCAP CHECK_E2E WORKDIR URI MODEL MIRRORED SOURCE MAX_RMS [PATTERN [OPTION]]
#   MIRRORED  true | false     SOURCE  detected | default | given
#   PATTERN   extended regex the run's stderr must match ("" = any)
set -eu
romcap=$1 e2e=$2 work=$3 uri=$4 model=$5 mirrored=$6 source=$7 rms=$8
pattern=${9:-} option=${10:-}
rm -rf "$work"
mkdir -p "$(dirname "$work")"
# $option is one word or empty: left unquoted on purpose so empty adds nothing.
# shellcheck disable=SC2086
if ! "$romcap" analyse "$uri" --model "$model" $option --out "$work" --no-progress \
     2> "$work.log"; then
  cat "$work.log"; echo "facing.sh: romcap analyse failed"; exit 1
fi
cat "$work.log"
sum=$work/summary.json
grep -Eq "\"mirrored\":[[:space:]]*$mirrored," "$sum" ||
  { echo "facing.sh: summary.json: mirrored is not $mirrored"; grep -E '"(mirrored|mirror_source|facing_evidence)"' "$sum"; exit 1; }
grep -Eq "\"mirror_source\":[[:space:]]*\"$source\"" "$sum" ||
  { echo "facing.sh: summary.json: mirror_source is not $source"; grep -E '"mirror_source"' "$sum"; exit 1; }
grep -E '"(side|facing|facing_decided_frame)"' "$sum" | tr -d '\t' | tr '\n' ' '; echo
if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$work.log"; then
  echo "facing.sh: the run did not say: $pattern"; exit 1
fi
case $rms in
  -*) ;;
  *) "$e2e" "$uri" "$work" "$rms" ;;
esac
