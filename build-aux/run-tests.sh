#!/usr/bin/env bash
# The second README command: install what is needed, build, and run the
# whole test suite headless: every suite in a normal build (the display
# suite under Xvfb), then the display-less suite again under ASan+UBSan.
# Ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD

build-aux/install-deps.sh --tests || exit 1

werror=false
if [ -n "${CI:-}" ]; then
  werror=true
fi

status=0

configure () {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" -Dwerror=$werror "$@" >/dev/null
  else
    meson setup "$dir" -Dwerror=$werror "$@"
  fi
}

# 1. Normal build, all suites. GUI tests need an X server: run meson test
#    inside one Xvfb so every display test shares it.
configure _build-test --prefix="$top/_install" || exit 1
meson compile -C _build-test || exit 1
rm -f _build-test/meson-logs/testlog.json
xvfb-run -a -s "-screen 0 1920x1080x24" \
  meson test -C _build-test --print-errorlogs --num-processes 2 || status=1

# 2. Sanitizers: the display-less suite under AddressSanitizer + UBSan.
configure _build-asan -Db_sanitize=address,undefined -Db_lundef=false || exit 1
meson compile -C _build-asan || exit 1
rm -f _build-asan/meson-logs/testlog.json
meson test -C _build-asan --suite displayless --print-errorlogs --num-processes 2 || status=1

python3 build-aux/test-summary.py _build-test/meson-logs/testlog.json _build-asan/meson-logs/testlog.json
exit $status
