"""A first big load of requests (issue 9, bench (c)): the same stored state as row-by-row upserts,
with the filter values taken from the rows instead of three scans of the new rollup."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

import db.requests as requests_db
from core.requests import RequestRecord
from db.connection import connect, write_tx

SPECIALISTS = ("Анна", "Борис", "")


def records(n: int) -> list[RequestRecord]:
    """n requests: most closed and rated, some open, some closed without a close time (stale)."""
    start = datetime(2025, 3, 1, 9, 0)
    out = []
    for i in range(n):
        created = start + timedelta(minutes=7 * i)
        assigned = created + timedelta(minutes=3)
        closed = None if i % 5 == 0 else assigned + timedelta(minutes=40)
        status = "closed" if i % 7 == 0 or closed is not None else "open"
        out.append(
            RequestRecord(
                id=f"R{i:05d}", source="file", created_at=created, org=f"Орг {i % 3}",
                line="Линия 1" if i % 11 else "Линия 2", client=f"Клиент {i}",
                specialist=SPECIALISTS[i % 3], assigned_at=assigned, closed_at=closed,
                rating=(i % 5) + 1 if closed else None, status=status,
            )
        )  # fmt: skip
    return out


def stored_state(path: Path) -> tuple[list, list, list]:
    db = connect(path)
    return (
        db.execute("SELECT * FROM request_rollup ORDER BY 1, 2, 3, 4, 5, 6, 7, 8").fetchall(),
        db.execute("SELECT * FROM request_rollup_day ORDER BY 1, 2, 3, 4, 5").fetchall(),
        db.execute("SELECT dim, value FROM request_dims ORDER BY 1, 2").fetchall(),
    )


def test_a_first_big_load_fills_the_filter_values_from_its_rows_as_a_rebuild_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = records(300)
    slow = connect(tmp_path / "slow.sqlite")
    with write_tx(slow):  # below the bulk size: row by row, the rollup kept by deltas
        requests_db.upsert_requests(slow, batch[:150])
        requests_db.upsert_requests(slow, batch[150:])

    fast = connect(tmp_path / "fast.sqlite")  # migrated before the scan is forbidden
    monkeypatch.setattr(requests_db, "BULK_LOAD_ROWS", 100)
    monkeypatch.setattr(requests_db, "CHUNK_ROWS", 64)

    def no_scan(db: object) -> None:
        raise AssertionError("a first big load scans the rollup for the filter values")

    monkeypatch.setattr(requests_db, "rebuild_dimensions", no_scan)
    with write_tx(fast):
        done = requests_db.upsert_requests(fast, batch)
    assert done.written == 300
    assert stored_state(tmp_path / "fast.sqlite") == stored_state(tmp_path / "slow.sqlite")
    dims = stored_state(tmp_path / "fast.sqlite")[2]
    assert ("specialist", "Анна") in dims and ("specialist", "") not in dims
