"""The rollup kept by upsert_requests always equals a GROUP BY over the requests themselves."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from core.requests import RequestRecord
from db.connection import connect, write_tx
from db.requests import COLUMNS, request_stats, request_stats_bare, upsert_requests
from db.requests import _drop_indexes as drop

START, END = date(2026, 1, 1), date(2026, 3, 1)


def _random_request(rng: random.Random, i: int) -> RequestRecord:
    created = datetime(2026, 1, 1, 8) + timedelta(minutes=rng.randrange(60 * 24 * 55))
    assigned = created + timedelta(seconds=rng.choice([0, 299, 300, 3599, 3600, 7200]))
    replied = assigned + timedelta(seconds=rng.choice([10, 300, 4000]))
    closed = (
        replied + timedelta(seconds=rng.choice([60, 3600, 90000])) if rng.random() < 0.8 else None
    )
    return RequestRecord(
        id=f"R{i}",
        source="test",
        created_at=created,
        org=rng.choice(["А", "Б"]),
        line=rng.choice(["Бухгалтерия", "Торговля"]),
        specialist=rng.choice(["Иванова", "Петров", ""]),
        assigned_at=assigned,
        first_reply_at=replied,
        closed_at=closed,
        rating=rng.choice([None, None, 1, 3, 4, 5]) if closed else None,
    )


def _assert_rollup_matches(db: Database) -> None:
    assert request_stats(db, START, END).to_json() == request_stats_bare(db, START, END).to_json()
    negative = db.execute("SELECT COUNT(*) FROM request_rollup WHERE n <= 0").fetchone()[0]
    assert negative == 0


def test_the_rollup_follows_inserts_updates_reopenings_and_repeats(db: Database) -> None:
    rng = random.Random(7)
    records = [_random_request(rng, i) for i in range(400)]
    with write_tx(db):
        first = upsert_requests(db, records)
    assert first.written == 400
    _assert_rollup_matches(db)

    changed = []
    for record in records[:200]:
        kind = rng.randrange(4)
        if kind == 0:
            changed.append(replace(record, rating=5 if record.closed_at else None))
        elif kind == 1:
            changed.append(replace(record, specialist="Новый специалист"))
        elif kind == 2:  # reopened: no close time any more
            changed.append(replace(record, closed_at=None, rating=None, status=""))
        else:
            changed.append(replace(record, created_at=record.created_at - timedelta(days=3)))
    with write_tx(db):
        upsert_requests(db, changed + records[200:])
    _assert_rollup_matches(db)
    total = db.execute("SELECT COUNT(*) FROM requests WHERE status = 'closed'").fetchone()[0]
    assert request_stats(db, date(2025, 12, 1), END).total == total

    with write_tx(db):
        again = upsert_requests(db, changed + records[200:])
    assert again.written == 0 and again.unchanged == 400
    _assert_rollup_matches(db)


def test_a_request_repeated_in_one_batch_counts_once(db: Database) -> None:
    rng = random.Random(3)
    record = _random_request(rng, 1)
    record = replace(record, closed_at=record.first_reply_at, rating=4, status="")
    with write_tx(db):
        upsert_requests(db, [record, replace(record, rating=2)])
    stats = request_stats(db, START, END)
    assert stats.total == 1
    assert stats.unhappy == 1
    _assert_rollup_matches(db)


def test_small_chunks_with_ids_repeated_across_them_keep_the_last_and_the_rollup_exact(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("db.requests.CHUNK_ROWS", 7)
    rng = random.Random(11)
    records = [_random_request(rng, i) for i in range(100)]
    again = [replace(r, specialist="Повтор") for r in records[:30]]
    with write_tx(db):  # into an empty table, the repeats several chunks later
        first = upsert_requests(db, records[:50] + again[:20])
    assert (first.written, first.unchanged) == (50, 0)
    _assert_rollup_matches(db)
    with write_tx(db):  # into a filled one: R0–R9 come back as they were, R20–R29 change
        second = upsert_requests(db, records[50:] + again[20:] + records[:10])
    assert second.written == 50 + 10 + 10
    specialists = dict(db.execute("SELECT id, specialist FROM requests"))
    assert len(specialists) == 100
    assert specialists["R5"] == records[5].specialist
    assert specialists["R15"] == specialists["R25"] == "Повтор"
    _assert_rollup_matches(db)


def _stored_state(db: Database) -> tuple[list, list, list]:
    """Every stored row (but its write time), the rollup, and the requests indexes."""
    rows = db.execute(
        f"SELECT {', '.join(COLUMNS)}, import_id FROM requests ORDER BY id"
    ).fetchall()
    rollup = db.execute("SELECT * FROM request_rollup ORDER BY 1, 2, 3, 4, 5, 6, 7, 8").fetchall()
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'requests' ORDER BY name"
    ).fetchall()
    return rows, rollup, indexes


def test_a_first_big_load_stores_what_row_by_row_writes_would_with_every_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(5)
    records = [_random_request(rng, i) for i in range(300)]
    records += [replace(records[7], specialist="Последний")]  # a repeated id: the last wins
    monkeypatch.setattr("db.requests.CHUNK_ROWS", 64)
    dropped = []
    monkeypatch.setattr("db.requests._drop_indexes", lambda db: dropped.append(1) or drop(db))
    states = []
    for threshold in (100, 10**9):  # bulk load, then the row-by-row path
        monkeypatch.setattr("db.requests.BULK_LOAD_ROWS", threshold)
        database = connect(tmp_path / f"{threshold}.sqlite")
        with write_tx(database):
            assert upsert_requests(database, records, import_id=1).written == 300
        _assert_rollup_matches(database)
        states.append(_stored_state(database))
        database.close()
    assert dropped == [1]
    assert states[0] == states[1]
    assert len(states[0][2]) == 6  # the primary key's and five more


def test_a_first_big_load_that_fails_leaves_no_rows_and_every_index(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("db.requests.BULK_LOAD_ROWS", 100)
    monkeypatch.setattr("db.requests.CHUNK_ROWS", 50)
    rng = random.Random(6)
    records = [_random_request(rng, i) for i in range(300)]
    before = _stored_state(db)

    def fail_midway(done: int, total: int) -> None:
        if done >= 150:
            raise RuntimeError("диск заполнен")

    with pytest.raises(RuntimeError), write_tx(db):
        upsert_requests(db, records, progress=fail_midway)
    assert _stored_state(db) == before
    with write_tx(db):  # and the next load goes in whole
        assert upsert_requests(db, records).written == 300
    _assert_rollup_matches(db)
