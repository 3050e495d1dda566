"""The deals bench (issue 12) runs on a small database and times both reports against a bare
aggregate (the timings are read by people; the test checks the rows and that the reports agree
with the rows built)."""

from __future__ import annotations

from pathlib import Path

from bench.__main__ import median_time, result
from bench.deals import build, run
from db.connection import connect
from db.deals import refusal_report


def test_the_deals_bench_builds_its_rows_and_times_both_reports(tmp_path: Path) -> None:
    rows = run(tmp_path, 3000, 1, median_time, result)
    assert [r["operation"].split(" report ")[1].split()[0] for r in rows] == [
        "refusals",
        "crm-hygiene",
    ]
    assert all(r["seconds"] > 0 and r["baseline_seconds"] > 0 and r["target"] == 3.0 for r in rows)


def test_the_bench_data_adds_up_in_the_refusals_report(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    build(path, 2000)
    db = connect(path)
    report = refusal_report(db)
    total = db.execute("SELECT COUNT(*) FROM deal_refusals").fetchone()[0]
    assert report["awaiting"] + report["confirmed"] + report["returned"] == total > 0
    assert sum(m["refusals"] for m in report["managers"]) == total
