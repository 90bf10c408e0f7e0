#!/usr/bin/env bash
# A second launch of Plasmascope raises the running instance and exits: one
# window, never two. Needs an X display (the display suite runs under
# xvfb-run), dbus-run-session and xdotool.
# Usage: test-single-instance.sh PATH_TO_PLASMASCOPE
set -u
app=$1

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec dbus-run-session -- "$0" "$@"
fi

count_windows () {
  xdotool search --onlyvisible --name '^Plasmascope$' 2>/dev/null | wc -l
}

"$app" &
first=$!
trap 'kill $first 2>/dev/null; wait $first 2>/dev/null' EXIT

# A loaded machine with software GL can take seconds to show a window.
for _ in $(seq 300); do
  [ "$(count_windows)" -ge 1 ] && break
  sleep 0.1
done
if [ "$(count_windows)" -ne 1 ]; then
  echo "the first launch shows $(count_windows) windows, expected 1"
  exit 1
fi

# The second launch hands over to the first through D-Bus and returns.
if ! timeout 20 "$app"; then
  echo "the second launch failed or did not return"
  exit 1
fi
# Give a wrongly opened second window the time to show.
sleep 2
if [ "$(count_windows)" -ne 1 ]; then
  echo "after a second launch there are $(count_windows) windows, expected 1"
  exit 1
fi
if ! kill -0 $first 2>/dev/null; then
  echo "the first instance is gone"
  exit 1
fi

echo "one instance, one window"
exit 0
