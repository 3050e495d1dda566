"""`cli.py import calendar`: special days land, bad rows are reported, a repeat changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cli
from db.connection import connect

DAYS = "Дата;Тип;Интервалы\n01.01.2027;праздник;\n30.04.2027;сокращённый;\n32.01.2027;праздник;\n"


def _import(db_file: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = cli.main(["--db", str(db_file), "import", "calendar", str(path), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_calendar_days_import_keeps_good_rows_and_reports_bad_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_file, days = tmp_path / "qc.sqlite", tmp_path / "days.csv"
    days.write_bytes(DAYS.encode("cp1251"))
    code, summary = _import(db_file, days, capsys)
    assert code == 0
    assert (summary["rows"], summary["imported"], summary["rejected"]) == (3, 2, 1)
    assert summary["rejects"][0]["row"] == 4 and summary["rejects"][0]["reason"] == "bad_date"
    stored = dict(connect(db_file).execute("SELECT day, kind FROM calendar_days").fetchall())
    assert stored == {"2027-01-01": "holiday", "2027-04-30": "short"}

    code, again = _import(db_file, days, capsys)
    assert code == 0 and again["imported"] == 0 and again["duplicates"] == 2


def test_a_manager_may_not_import_the_calendar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_file, days = tmp_path / "qc.sqlite", tmp_path / "days.csv"
    days.write_bytes(DAYS.encode("cp1251"))
    cli.main(["--db", str(db_file), "demo"])
    capsys.readouterr()
    code = cli.main(["--db", str(db_file), "import", "calendar", str(days), "--as", "manager"])
    assert code == 1
    assert "Отказано" in capsys.readouterr().err
