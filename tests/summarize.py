"""One closing line for make test's pytest runs (unit + app, the live server suites, the walk).

Reads the JUnit XML each run wrote and its exit code; prints `N passed, N failed, N skipped` and
exits non-zero when any run failed, collected nothing (pytest's exit 5) or left no readable report."""

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
        try:
            p, f, s = count_results(Path(xml_name))
        except (OSError, ET.ParseError) as error:  # the run died before writing its report
            print(f"{xml_name}: no report ({error})")
            p, f, s, code = 0, 1, 0, code or "1"
        passed, failed, skipped = passed + p, failed + f, skipped + s
        worst = max(worst, int(code or 1))
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if worst or failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
