#!/usr/bin/env bash
# The first README command: install what is needed, build, install into
# ./_install (no root needed for that) and launch Plasmascope.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

build-aux/install-deps.sh

if [ ! -f _build/build.ninja ]; then
  meson setup _build --prefix="$top/_install" -Dtests=false
fi
meson compile -C _build
meson install -C _build --quiet

export XDG_DATA_DIRS="$top/_install/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
exec "$top/_install/bin/plasmascope" "$@"
