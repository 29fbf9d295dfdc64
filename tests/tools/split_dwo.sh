#!/bin/sh
# split_dwo.sh dwp|nodwo BINARY OBJECT...: for a binary built with
# -gsplit-dwarf, packs the .dwo files of its objects into BINARY.dwp and
# removes them (dwp), or only removes them (nodwo), so the skeleton units
# name .dwo files that are not there.
set -e
how=$1 bin=$2
shift 2
rm -f "$bin.dwp"
if [ "$how" = dwp ]; then
  llvm-dwp-19 -e "$bin" -o "$bin.dwp"
fi
for o in "$@"; do
  rm -f "${o%.o}.dwo"
done
