"""Storing request imports: one transaction, idempotent, permission-checked, audited."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta

import pytest
from sqlite_utils import Database

from core.imports import BAD_DATE, ImportResult, Problem
from core.requests import RequestBatch, RequestRecord
from core.roles import SYSTEM, Actor, PermissionDenied
from db.imports import store_request_import
from db.requests import queue_snapshot, request_stats, request_stats_bare

TZ = "Europe/Moscow"
DAY = (date(2024, 3, 1), date(2024, 3, 2))


def record(number: int, **changes: object) -> RequestRecord:
    """A closed request of 1 March 2024 (Moscow): assigned after 2 min, reply 3 min, closed 30 min."""
    created = datetime(2024, 3, 1, 10, 0) + timedelta(minutes=number)
    assigned = created + timedelta(minutes=2)
    fields: dict[str, object] = {
        "id": f"R{number}",
        "source": "file",
        "created_at": created,
        "line": "Линия 1",
        "specialist": "Иванова",
        "assigned_at": assigned,
        "first_reply_at": assigned + timedelta(minutes=3),
        "closed_at": assigned + timedelta(minutes=30),
        "rating": 5,
    }
    fields.update(changes)
    return RequestRecord(**fields)  # type: ignore[arg-type]


def result_of(records: list[RequestRecord], problems: list[Problem] | None = None) -> ImportResult:
    problems = problems or []
    return ImportResult(records=records, problems=problems, rows=len(records) + len(problems))


def store(db: Database, result: ImportResult, actor: Actor = SYSTEM) -> dict:
    return store_request_import(db, actor, "requests", "обращения.xlsx", "h1", result, TZ)


def count(db: Database, table: str) -> int:
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_an_import_stores_good_rows_keeps_bad_ones_and_logs_itself(db: Database) -> None:
    bad = Problem(row=5, column="Создано", reason=BAD_DATE, values={"Создано": "31.02.2024"})
    summary = store(db, result_of([record(1), record(2), record(3)], [bad]))
    assert summary["rejects_by_reason"] == {"bad_date": 1}
    assert {k: summary[k] for k in ("rows", "imported", "duplicates", "rejected", "rejects")} == {
        "rows": 4,
        "imported": 3,
        "duplicates": 0,
        "rejected": 1,
        "rejects": [
            {
                "row": 5,
                "column": "Создано",
                "reason": "bad_date",
                "values": {"Создано": "31.02.2024"},
            }
        ],
    }
    assert count(db, "requests") == 3
    log = db.execute(
        "SELECT kind, file_name, login, rows, imported, duplicates, rejected FROM imports"
    ).fetchall()
    assert log == [("requests", "обращения.xlsx", "system", 4, 3, 0, 1)]
    reject = db.execute('SELECT row, "column", reason, "values" FROM import_rejects').fetchone()
    assert reject[:3] == (5, "Создано", "bad_date")
    assert json.loads(reject[3]) == {"Создано": "31.02.2024"}
    assert request_stats(db, *DAY).total == 3


def test_importing_the_same_file_twice_changes_nothing(db: Database) -> None:
    result = result_of([record(n) for n in range(1, 11)])
    first = store(db, result)
    rows_before = db.execute("SELECT * FROM requests ORDER BY id").fetchall()
    rollup_before = db.execute("SELECT * FROM request_rollup").fetchall()
    second = store(db, result)
    assert (first["imported"], first["duplicates"]) == (10, 0)
    assert (second["rows"], second["imported"], second["duplicates"]) == (10, 0, 10)
    assert db.execute("SELECT * FROM requests ORDER BY id").fetchall() == rows_before
    assert db.execute("SELECT * FROM request_rollup").fetchall() == rollup_before
    assert count(db, "imports") == 2


def test_a_changed_request_is_rewritten_and_the_report_follows_it(db: Database) -> None:
    still_open = record(1, closed_at=None, rating=None)
    store(db, result_of([still_open, record(2)]))
    assert request_stats(db, *DAY).total == 1
    assert queue_snapshot(db)["open"] == 1
    summary = store(db, result_of([record(1, rating=2), record(2)]))
    assert (summary["imported"], summary["duplicates"]) == (1, 1)
    stats = request_stats(db, *DAY)
    assert (stats.total, stats.rated, stats.unhappy) == (2, 2, 1)
    assert stats == request_stats_bare(db, *DAY)
    assert queue_snapshot(db)["open"] == 0


@pytest.mark.parametrize("role", ["manager", "qc", "viewer"])
def test_only_the_head_and_an_admin_may_import_requests(db: Database, role: str) -> None:
    with pytest.raises(PermissionDenied):
        store(db, result_of([record(1)]), Actor(login=f"u_{role}", role=role))
    assert count(db, "requests") == 0
    assert count(db, "imports") == 0
    refusal = db.execute("SELECT login, action, target FROM audit_log").fetchall()
    assert refusal == [(f"u_{role}", "permission.denied", "import_any")]


def test_the_head_may_import_and_the_import_is_audited(db: Database) -> None:
    store(db, result_of([record(1)]), Actor(login="head", role="head"))
    audit = db.execute("SELECT login, action, target, details FROM audit_log").fetchall()
    assert [(a[0], a[1], a[2]) for a in audit] == [("head", "import", "requests")]
    assert json.loads(audit[0][3])["imported"] == 1


def test_an_import_that_fails_midway_leaves_nothing_behind(db: Database) -> None:
    impossible = record(3, rating=7)  # the table's CHECK refuses it after two good rows
    with pytest.raises(sqlite3.IntegrityError):
        store(db, result_of([record(1), record(2), impossible]))
    assert count(db, "requests") == 0
    assert count(db, "request_rollup") == 0
    assert count(db, "imports") == 0
    assert count(db, "import_rejects") == 0
    assert count(db, "audit_log") == 0


def test_an_unknown_import_kind_is_refused(db: Database) -> None:
    with pytest.raises(ValueError):
        store_request_import(db, SYSTEM, "tenders", "x.csv", "h", result_of([]), TZ)


def test_a_big_import_reports_its_progress_chunk_by_chunk(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("db.requests.CHUNK_ROWS", 2)
    heard: list[tuple[int, int]] = []
    records = RequestBatch.from_records([record(n) for n in range(5)])
    summary = store_request_import(
        db, SYSTEM, "requests", "big.xlsx", "h2", result_of(records), TZ,
        lambda done, total: heard.append((done, total)),
    )  # fmt: skip
    assert heard == [(2, 5), (4, 5), (5, 5)]
    assert (summary["imported"], count(db, "requests")) == (5, 5)
    assert request_stats(db, *DAY) == request_stats_bare(db, *DAY)
    assert request_stats(db, *DAY).total == 5


def test_progress_counts_changed_and_new_rows_alike(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("db.requests.CHUNK_ROWS", 2)
    store(db, result_of([record(n) for n in range(3)]))
    heard: list[tuple[int, int]] = []
    again = [record(n, rating=2) for n in range(3)] + [record(n) for n in range(3, 6)]
    summary = store_request_import(
        db, SYSTEM, "requests", "second.xlsx", "h3", result_of(again), TZ,
        lambda done, total: heard.append((done, total)),
    )  # fmt: skip
    assert heard == [(2, 6), (4, 6), (6, 6)]  # the batch in chunks of two, changed and new alike
    assert summary["imported"] == 6
    assert request_stats(db, *DAY) == request_stats_bare(db, *DAY)
    assert request_stats(db, *DAY).unhappy == 3
