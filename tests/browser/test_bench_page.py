"""`make bench` (d) end to end on a tiny database: the app served on it, a login in Chromium, the
statistics page opened at a year and timed until the year's figures are painted (tests/test_bench.py
skips this part to stay quick; the timings are read by people, not asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.__main__ import YEAR, build_db, build_recent_copy, result
from bench.browser import bench_stats_page

pytestmark = pytest.mark.browser


def test_the_bench_opens_the_year_page_in_chromium_and_times_it(tmp_path: Path) -> None:
    big, small = tmp_path / "big.sqlite", tmp_path / "small.sqlite"
    build_db(big, 2000)
    build_recent_copy(small, big, 500)
    rows = bench_stats_page(big, small, YEAR, 1, result)
    assert [r["target"] for r in rows] == [1.0, None, None, None]
    assert rows[0]["operation"].startswith("(d) statistics page, a year, in Chromium")
    assert all(r["seconds"] > 0 and r["baseline_seconds"] == 1.0 for r in rows)
