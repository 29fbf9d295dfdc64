#!/bin/sh
# split_debug.sh BINARY link|dir|id DEBUG_DIR: moves BINARY's DWARF into a
# separate file, as distributions ship it: beside it, named by
# .gnu_debuglink (link), in DEBUG_DIR named by .gnu_debuglink (dir), or
# under DEBUG_DIR/.build-id/xx/rest.debug (id).
set -e
bin=$1 how=$2 dir=$3
if [ "$how" = link ]; then
  debug=$bin.debug
elif [ "$how" = dir ]; then
  mkdir -p "$dir"
  debug=$dir/$(basename "$bin").debug
else
  id=$(readelf -n "$bin" | sed -n 's/.*Build ID: *//p')
  rest=${id#??}
  mkdir -p "$dir/.build-id/${id%"$rest"}"
  debug=$dir/.build-id/${id%"$rest"}/$rest.debug
fi
objcopy --only-keep-debug "$bin" "$debug"
objcopy --strip-debug "$bin"
if [ "$how" = dir ]; then
  objcopy --add-gnu-debuglink="$debug" "$bin"
elif [ "$how" = link ]; then
  (cd "$(dirname "$bin")" && objcopy --add-gnu-debuglink="$(basename "$debug")" "$(basename "$bin")")
fi
