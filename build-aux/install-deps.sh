#!/usr/bin/env bash
# Installs the Debian 12 packages Plasmascope needs to build, run and test.
# Usage: build-aux/install-deps.sh [--tests|--bench]
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libgtk-4-dev libepoxy-dev libcurl4-openssl-dev libcjson-dev
  libsqlite3-dev libhdf5-dev libdeflate-dev zlib1g-dev
  # optional: AMDA's password in the Secret Service
  libsecret-1-dev
  desktop-file-utils appstream
  # run
  adwaita-icon-theme librsvg2-common libgl1-mesa-dri
)
if [ "${1:-}" = "--tests" ]; then
  packages+=(
    # headless display for the GUI tests
    xvfb xauth xdotool dbus
    # sanitizers and fuzzers
    clang libclang-rt-14-dev
    # reading meson's test log
    python3
  )
fi
if [ "${1:-}" = "--bench" ]; then
  packages+=(
    # the matplotlib reference of bench/bench-render.c
    python3-matplotlib python3-numpy
    # bench/bench-get.c: tests/test-server.py and the curl reference
    python3 curl
  )
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
