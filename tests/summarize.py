"""One closing line for make test's two pytest runs (unit + app, and the live server suites).

Reads the JUnit XML each run wrote and its exit code; prints `N passed, N failed, N skipped` and
exits non-zero when either run failed or collected nothing (pytest's exit 5)."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def count_results(xml_file: Path) -> tuple[int, int, int]:
    """(passed, failed, skipped) of one JUnit XML report; a missing report counts as nothing."""
    if not xml_file.exists():
        return 0, 0, 0
    tests = failed = skipped = 0
    for suite in ET.parse(xml_file).getroot().iter("testsuite"):
        tests += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return tests - failed - skipped, failed, skipped


def main(argv: list[str]) -> int:
    """argv: pairs of REPORT.xml EXIT_CODE."""
    passed = failed = skipped = 0
    worst = 0
    for xml_name, code in zip(argv[::2], argv[1::2], strict=True):
        p, f, s = count_results(Path(xml_name))
        passed, failed, skipped = passed + p, failed + f, skipped + s
        worst = max(worst, int(code or 1))
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if worst or failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
