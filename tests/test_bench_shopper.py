"""The shopper rows of `make bench` run end to end on tiny sizes (people read the timings)."""

from __future__ import annotations

from pathlib import Path

from bench.shopper import bench_shopper


def test_the_shopper_bench_times_the_report_and_the_call_import_beside_their_limits(
    tmp_path: Path,
) -> None:
    rows = bench_shopper(tmp_path, 600, 1)
    assert [r["operation"].split()[0] for r in rows] == ["(s1)", "(s2)"]
    assert [r["target"] for r in rows] == [3.0, 2.0]
    assert all(r["seconds"] > 0 and r["baseline_seconds"] > 0 for r in rows)
