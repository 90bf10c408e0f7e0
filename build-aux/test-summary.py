#!/usr/bin/env python3
"""Prints "N passed, N failed" (", N skipped") from meson testlog.json files.

Each line of a testlog.json is one test run; a missing log counts as one
failure, so a build that never ran its tests cannot look green.
"""
import json
import sys

PASSED = {"OK", "EXPECTEDFAIL"}
SKIPPED = {"SKIP"}

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as log:
            for line in log:
                line = line.strip()
                if not line:
                    continue
                result = json.loads(line).get("result")
                if result in PASSED:
                    passed += 1
                elif result in SKIPPED:
                    skipped += 1
                else:
                    failed += 1
    except OSError as error:
        print(f"{path}: {error.strerror}", file=sys.stderr)
        failed += 1

summary = f"{passed} passed, {failed} failed"
if skipped:
    summary += f", {skipped} skipped"
print(summary)
