"""The deals bench (issue 12) runs on a small database and times both reports against a bare
aggregate (the timings are read by people; the test checks the rows and that the reports agree
with the rows built)."""

from __future__ import annotations

from pathlib import Path

from bench.__main__ import main, median_time, result
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


def test_make_bench_prints_and_saves_the_deals_table_beside_the_others(tmp_path: Path) -> None:
    import json

    out = tmp_path / "results.json"
    args = ["--rows", "2000", "--small", "1000", "--import-rows", "1500", "--repeat", "1"]
    assert main([*args, "--deals", "1500", "--out", str(out)]) == 0
    deals = json.loads(out.read_text(encoding="utf-8"))["deals"]
    assert [r["target"] for r in deals] == [3.0, 3.0]
