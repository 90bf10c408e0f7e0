#!/usr/bin/env bash
# Runs one libFuzzer target for a while with ASan+UBSan, starting from its
# regression corpus, and saves anything that crashes into that corpus.
# Usage: build-aux/fuzz.sh NAME [SECONDS]      (NAME: see tests/fuzz/meson.build)
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: build-aux/fuzz.sh NAME [SECONDS]}
seconds=${2:-300}

build-aux/install-deps.sh --tests
if [ ! -f _build-fuzz/build.ninja ]; then
  CC=clang meson setup _build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dbuildtype=debugoptimized >/dev/null
fi
meson compile -C _build-fuzz "fuzz-$name" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "tests/fuzz/corpus/$name/." "$work/"
# Seeds beyond the corpus: the real files the tests read.
case $name in
  cdf) find tests/data/cdf -name '*.cdf' -size -300k -exec cp {} "$work/" \; ;;
  csa-tap) cp tests/data/providers/csa/*.csv "$work/" ;;
  tar) cp tests/data/providers/csa/*.tar.gz "$work/" ;;
esac
# New crashers land in the regression corpus, to be fixed and kept.
status=0
"_build-fuzz/tests/fuzz/fuzz-$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="tests/fuzz/corpus/$name/crash-" "$work" || status=$?

# Keep the inputs that reach new code, so every test run replays them.
# Inputs are cut to 24 KiB there, to keep the repository small.
"_build-fuzz/tests/fuzz/fuzz-$name" -merge=1 -max_len=24576 "tests/fuzz/corpus/$name" "$work" 2>/dev/null
exit $status
