"""`report requests --working` (issue 14, item 5; DESIGN §7): the statistics page lists a cell
of «в рабочих минутах» by the requests' working-time buckets; the CLI takes the same filters and
the same bucketing (db.history.in_working_minutes), for --json and --xlsx alike."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

import cli
from core.requests import RequestRecord
from db.connection import connect, write_tx
from db.requests import upsert_requests
from ui.texts import monitor as T
from ui.texts import requests_list as R

TZ = "Europe/Moscow"  # the default time zone setting
PERIOD = ("--from", "2026-11-01", "--to", "2026-12-01")


def local(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 11, day, hour, minute)


@pytest.fixture
def two_requests(db_file: Path) -> Path:
    """«weekend»: taken on Friday 17:50, solved on Monday 09:10 — 63 h 20 min on the clock,
    20 working minutes (Mon–Fri 9–18, the calendar when none is stored); «tuesday»: half an hour
    of a working day either way."""
    db = connect(db_file)
    with write_tx(db):
        upsert_requests(
            db,
            [
                RequestRecord(
                    id="weekend",
                    source="test",
                    created_at=local(20, 17, 45),
                    assigned_at=local(20, 17, 50),
                    closed_at=local(23, 9, 10),
                    line="line-a",
                    specialist="spec-1",
                    client="client-1",
                ),
                RequestRecord(
                    id="tuesday",
                    source="test",
                    created_at=local(24, 10, 0),
                    assigned_at=local(24, 10, 0),
                    closed_at=local(24, 10, 30),
                    line="line-b",
                    specialist="spec-1",
                    client="client-2",
                ),
            ],  # fmt: skip
            TZ,
        )
    db.close()
    return db_file


def listed(db_file: Path, *argv: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    code = cli.main(["--db", str(db_file), "report", "requests", *PERIOD, *argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return sorted(r["id"] for r in json.loads(out))


def test_a_weekend_request_lands_in_its_working_time_bucket_only_with_working(
    two_requests: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert listed(two_requests, "--resolution", "<1h", capsys=capsys) == ["tuesday"]
    assert listed(two_requests, "--resolution", "24h+", capsys=capsys) == ["weekend"]
    working = ("--working", "--resolution")
    assert listed(two_requests, *working, "<1h", capsys=capsys) == ["tuesday", "weekend"]
    assert listed(two_requests, *working, "24h+", capsys=capsys) == []
    # the name `report request-stats` gives the same switch
    assert listed(two_requests, "--working-minutes", "--resolution", "<1h", capsys=capsys) == [
        "tuesday", "weekend",
    ]  # fmt: skip
    # other filters still apply; with no time bucket the flag changes nothing
    assert listed(two_requests, *working, "<1h", "--line", "line-a", capsys=capsys) == ["weekend"]
    assert listed(two_requests, "--working", capsys=capsys) == ["tuesday", "weekend"]


def test_the_cli_lists_what_the_statistics_page_opens_for_the_same_working_minute_cell(
    two_requests: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.drill import period_drill, query

    monkeypatch.setenv("QC_DB", str(two_requests))
    for resolution in ("<1h", "1-24h", "24h+"):
        cell = period_drill("", date(2026, 11, 1), date(2026, 12, 1), (), status="closed",
                            buckets=(("resolution_b", (resolution,)),), working_tz=TZ)  # fmt: skip
        page = sorted(r["id"] for r in query(cell)[0])
        cli_list = listed(two_requests, "--working", "--status", "closed",
                          "--resolution", resolution, capsys=capsys)  # fmt: skip
        assert cli_list == page, resolution


def test_the_working_minute_list_is_saved_to_excel_too(
    two_requests: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def saved(*argv: str) -> list[tuple]:
        path = tmp_path / "list.xlsx"
        code = cli.main(["--db", str(two_requests), "report", "requests", *PERIOD, *argv,
                         "--resolution", "<1h", "--xlsx", str(path)])  # fmt: skip
        capsys.readouterr()
        assert code == 0
        sheet = load_workbook(path)[R.SHEET]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == T.DRILL_COL["id"] and rows[0][-1] == R.COL_STATUS
        return sorted(rows[1:])

    wall, working = saved(), saved("--working")
    assert [r[0] for r in wall] == ["tuesday"]
    assert [r[0] for r in working] == ["tuesday", "weekend"]
    weekend = working[1]
    assert weekend[1] == local(20, 17, 45) and weekend[4] == local(23, 9, 10)  # local, real dates
    assert weekend[-1] == T.STATUS_NAMES["closed"]
