#!/usr/bin/env python3
"""Prints "N passed, N failed" (", N skipped") from meson testlog.json files.

A TAP test (GTest with --tap) counts each of its test cases; any other test
counts once. A TAP program that crashed or bailed out counts one failure more
than the cases it reported, and a missing log counts as a failure, so a
build that never ran its tests cannot look green.
"""
import json
import re
import sys

PASSED = {"OK", "EXPECTEDFAIL"}
SKIPPED = {"SKIP"}
TAP_CASE = re.compile(r"^(not )?ok \d+\b(.*)$", re.MULTILINE)


def count(entry):
    """Returns (passed, failed, skipped) for one testlog entry."""
    result = entry.get("result")
    cases = TAP_CASE.findall(entry.get("stdout") or "")
    if not cases:
        if result in PASSED:
            return 1, 0, 0
        if result in SKIPPED:
            return 0, 0, 1
        return 0, 1, 0
    passed = failed = skipped = 0
    for negated, rest in cases:
        if "# SKIP" in rest.upper():
            skipped += 1
        elif negated:
            failed += 1
        else:
            passed += 1
    if result not in PASSED and result not in SKIPPED and failed == 0:
        failed = 1
    return passed, failed, skipped


totals = [0, 0, 0]
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as log:
            for line in log:
                if line.strip():
                    for i, n in enumerate(count(json.loads(line))):
                        totals[i] += n
    except OSError as error:
        print(f"{path}: {error.strerror}", file=sys.stderr)
        totals[1] += 1

summary = f"{totals[0]} passed, {totals[1]} failed"
if totals[2]:
    summary += f", {totals[2]} skipped"
print(summary)
