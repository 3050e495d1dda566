"""Every export path writes through ui.xlsx: the CLI's --xlsx reports and the pages' downloads
(the browser test downloads one for real) — no formula, real dates and numbers."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

import cli
from core.requests import RequestRecord
from core.timeutil import utcnow
from db.connection import connect, write_tx
from db.requests import upsert_requests
from tests.seed004 import TZ
from ui import texts

ROOT = Path(__file__).resolve().parents[1]
EVIL = '=HYPERLINK("http://x.example","y")'
# Only ui/xlsx.py may build a workbook; anything else would bypass its rules.
WRITERS = re.compile(r"\bto_excel\(|ExcelWriter\(|openpyxl import Workbook|xlsxwriter")


def formulas(path: Path) -> list[str]:
    book = load_workbook(path)
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def run(db_file: Path, *args: str) -> int:
    try:
        return cli.main(["--db", str(db_file), *args]) or 0
    except SystemExit as exc:
        return int(exc.code or 0)


def test_no_module_but_ui_xlsx_writes_a_workbook():
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("app_pages", "ui", "commands", "db", "core", "importers")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "xlsx.py" and WRITERS.search(path.read_text(encoding="utf-8"))
    ]
    offenders += [
        name for name in ("cli.py", "dashboard.py", "server.py", "webhook.py")
        if WRITERS.search((ROOT / name).read_text(encoding="utf-8"))
    ]  # fmt: skip

    assert offenders == []


@pytest.fixture
def hostile_queue(db_file: Path) -> Path:
    """Open requests whose line, client and specialist were typed by someone else."""
    db = connect(db_file)
    now = utcnow()
    with write_tx(db):
        upsert_requests(
            db,
            [
                RequestRecord(
                    id=f"r{n}",
                    source="connect",
                    created_at=now,
                    line=EVIL,
                    client=EVIL,
                    specialist=f"+{n}@evil",
                    status="open",
                )  # fmt: skip
                for n in range(3)
            ]
            + [
                RequestRecord(
                    id=f"c{n}",
                    source="connect",
                    created_at=now - timedelta(hours=1),
                    line=EVIL,
                    client=EVIL,
                    closed_at=now,
                    rating=n + 2,
                    rating_comment=EVIL,
                )  # fmt: skip
                for n in range(3)
            ],
            TZ,
        )
    db.close()
    return db_file


def test_the_queue_report_writes_a_hostile_line_name_as_text(
    hostile_queue: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "queue.xlsx"

    assert run(hostile_queue, "report", "queue", "--xlsx", str(target)) == 0
    assert formulas(target) == []
    book = load_workbook(target)
    lines = list(book[texts.QUEUE_SHEET_LINES].iter_rows(values_only=True))
    assert lines[1] == (EVIL, 3)
    figures = book[texts.QUEUE_SHEET_NOW]
    assert figures["B2"].value == 3 and figures["B2"].data_type == "n"
    assert figures.freeze_panes == "A2" and figures.auto_filter.ref


def test_the_statistics_report_has_numbers_and_percentages(
    hostile_queue: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "stats.xlsx"
    day = utcnow().date()

    code = run(hostile_queue, "report", "request-stats", "--from", "2020-01-01", "--to",
               day.replace(year=day.year + 1).isoformat(), "--xlsx", str(target))  # fmt: skip

    assert code == 0
    assert formulas(target) == []
    summary = load_workbook(target)[texts.STATS_SHEET_SUMMARY]
    for row in summary.iter_rows(min_row=2):
        assert row[1].data_type == "n"
        assert row[2].data_type == "n" and row[2].number_format.endswith("%")


def xlsx_reports() -> list[str]:
    """Every `report KIND` that can write --xlsx, found in the parser (new ones are covered)."""
    parser = cli.build_parser()
    report = next(
        action.choices["report"]
        for action in parser._subparsers._group_actions  # noqa: SLF001 - argparse has no API
    )
    kinds = next(a for a in report._actions if a.choices)  # noqa: SLF001
    return sorted(
        name
        for name, sub in kinds.choices.items()
        if any("--xlsx" in a.option_strings for a in sub._actions)  # noqa: SLF001
    )


DATE_AS_TEXT = re.compile(r"^\d{2}\.\d{2}\.\d{4}( \d{2}:\d{2})?$|^\d{4}-\d{2}-\d{2}$")


@pytest.mark.parametrize("kind", xlsx_reports())
def test_every_report_with_an_xlsx_writes_no_formula_and_no_date_as_text(
    kind: str, demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"{kind}.xlsx"
    sub = cli.build_parser().parse_args(["report", kind, "--xlsx", str(target)])
    period = ["--from", "2020-01-01", "--to", "2030-01-01"] if hasattr(sub, "start") else []

    assert run(demo_file, "report", kind, *period, "--xlsx", str(target)) == 0
    assert formulas(target) == []
    cells = [c for s in load_workbook(target).worksheets for row in s.iter_rows() for c in row]
    assert not [c.value for c in cells if isinstance(c.value, str) and DATE_AS_TEXT.match(c.value)]
