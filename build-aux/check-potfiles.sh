#!/usr/bin/env bash
# Fails when a source file marks strings for translation but is missing from
# po/POTFILES.in, or when POTFILES.in names a file that does not exist.
# Usage: check-potfiles.sh SOURCE_ROOT
set -u
root=${1:-.}
cd "$root" || exit 2
listed=$(grep -v '^#' po/POTFILES.in | grep -v '^$' | sort)
status=0

for f in $listed; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in names $f, which does not exist"
    status=1
  fi
done

# C files calling _(), N_(), C_() or NC_(); .ui files with translatable="yes".
marked=$( { grep -rlE '(^|[^A-Za-z0-9_])(N?C?_)\(' --include='*.c' src plugins 2>/dev/null;
            grep -rl 'translatable="yes"' --include='*.ui' ui plugins 2>/dev/null; } | sort -u)
for f in $marked; do
  if ! printf '%s\n' "$listed" | grep -qx "$f"; then
    echo "$f has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done

# The list stays sorted, as translators expect.
if ! grep -v '^#' po/POTFILES.in | grep -v '^$' | LC_ALL=C sort -c 2>/dev/null; then
  echo "po/POTFILES.in is not sorted"
  status=1
fi

if [ $status -eq 0 ]; then
  echo "po/POTFILES.in lists every file with translatable strings"
fi
exit $status
