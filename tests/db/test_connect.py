"""Storing 1C-Connect events and open-request snapshots: repeats change nothing, order does not matter."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from core.connect import event_from_raw
from core.requests import RequestRecord
from core.roles import Actor, PermissionDenied
from db.connect import store_events, store_open_snapshot
from db.connection import write_tx

TZ = "Europe/Moscow"


def event(kind: int, at: str, treatment: str = "t-1", **extra: object):
    raw = {
        "message_id": f"{treatment}-{kind}-{at}",
        "message_type": kind,
        "treatment_id": treatment,
        "user_id": "user-1",
        "line_id": "line-1",
        "message_time": at,
        **extra,
    }
    return event_from_raw(raw, TZ)


def conversation(treatment: str = "t-1") -> list:
    return [
        event(80, "2024-03-01T09:00:00Z", treatment, author_id="user-1"),
        event(84, "2024-03-01T09:07:00Z", treatment, specialist_id="spec-1"),
        event(1, "2024-03-01T09:09:00Z", treatment, author_id="spec-1"),
        event(82, "2024-03-01T10:30:00Z", treatment, author_id="spec-1"),
        event_from_raw(
            {
                "message_type": 17,
                "message_time": "2024-03-01T10:31:00Z",
                "treatment": {"treatment_id": treatment, "quality": 5},
            },
            TZ,
        ),
    ]


def request_rows(db) -> list[dict]:
    return list(db.query("SELECT * FROM requests ORDER BY id"))


def without_stamp(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "updated_at"} for r in rows]


def test_events_become_a_closed_request_with_its_buckets(db):
    assert store_events(db, conversation(), TZ) == ["t-1"]
    (row,) = request_rows(db)
    assert row["status"] == "closed"
    assert (row["created_at"], row["closed_at"]) == ("2024-03-01 09:00:00", "2024-03-01 10:30:00")
    assert (row["wait_b"], row["reaction_b"], row["resolution_b"], row["rating_b"]) == (
        "5-60m",
        "<5m",
        "1-24h",
        "4-5",
    )
    assert row["specialist"] == "spec-1"
    assert db.execute("SELECT SUM(n) FROM request_rollup").fetchone()[0] == 1


def test_a_repeated_event_changes_nothing(db):
    store_events(db, conversation(), TZ)
    before = request_rows(db)
    again = store_events(db, [conversation()[3]], TZ)
    assert again == []
    assert (again.written, again.unchanged) == (0, 1)
    assert request_rows(db) == before
    assert db.execute("SELECT COUNT(*) FROM connect_events").fetchone()[0] == 5
    assert db.execute("SELECT SUM(n) FROM request_rollup").fetchone()[0] == 1


def test_events_arriving_in_reverse_over_several_batches_give_the_same_request(db, tmp_path):
    from db.connection import connect

    store_events(db, conversation(), TZ)
    other = connect(tmp_path / "other.sqlite")
    for single in reversed(conversation()):
        store_events(other, [single, single], TZ)
    assert without_stamp(request_rows(other)) == without_stamp(request_rows(db))
    assert other.execute("SELECT SUM(n) FROM request_rollup").fetchone()[0] == 1
    other.close()


def test_a_late_close_turns_an_open_request_closed_and_counts_it_once(db):
    store_events(db, conversation()[:3], TZ)
    assert request_rows(db)[0]["status"] == "open"
    assert db.execute("SELECT COALESCE(SUM(n), 0) FROM request_rollup").fetchone()[0] == 0
    store_events(db, conversation()[3:], TZ)
    assert request_rows(db)[0]["status"] == "closed"
    assert db.execute("SELECT SUM(n) FROM request_rollup").fetchone()[0] == 1


def test_the_returned_ids_are_the_requests_touched(db):
    touched = store_events(db, conversation("t-1") + conversation("t-2")[:2], TZ)
    assert touched == ["t-1", "t-2"]
    assert touched.written == 7


def test_storing_inside_a_callers_transaction_rolls_back_with_it(db):
    with pytest.raises(RuntimeError), write_tx(db):
        store_events(db, conversation(), TZ)
        raise RuntimeError("the caller fails after storing")
    assert db.execute("SELECT COUNT(*) FROM connect_events").fetchone()[0] == 0
    assert request_rows(db) == []


def test_a_viewer_may_not_store_events_and_the_refusal_is_audited(db):
    with pytest.raises(PermissionDenied):
        store_events(db, conversation(), TZ, actor=Actor("viewer", "viewer"))
    with pytest.raises(PermissionDenied):
        store_open_snapshot(db, [open_record()], TZ, actor=Actor("viewer", "viewer"))
    assert db.execute("SELECT COUNT(*) FROM connect_events").fetchone()[0] == 0
    assert request_rows(db) == []
    refusals = db.execute(
        "SELECT COUNT(*) FROM audit_log WHERE login = 'viewer' AND action = 'permission.denied'"
    ).fetchone()[0]
    assert refusals == 2


def open_record(request_id: str = "t-1", **fields: object) -> RequestRecord:
    values = {
        "id": request_id,
        "source": "connect",
        "created_at": datetime(2024, 3, 1, 9, 0, tzinfo=UTC),
        "line": "line-1",
        "client": "user-1",
        "status": "open",
    }
    values.update(fields)
    return RequestRecord(**values)  # type: ignore[arg-type]


def test_an_open_snapshot_lands_once_and_a_repeat_changes_nothing(db):
    records = [open_record("a"), open_record("b", specialist="spec-1")]
    assert store_open_snapshot(db, records, TZ).written == 2
    again = store_open_snapshot(db, records, TZ)
    assert (again.written, again.unchanged) == (0, 2)
    assert [r["status"] for r in request_rows(db)] == ["open", "open"]


def test_a_snapshot_does_not_reopen_a_request_closed_by_events(db):
    store_events(db, conversation(), TZ)
    closed = request_rows(db)
    done = store_open_snapshot(db, [open_record("t-1")], TZ)
    assert (done.written, done.unchanged) == (0, 1)
    assert request_rows(db) == closed


def test_a_snapshot_keeps_what_events_told_and_the_snapshot_lacks(db):
    store_events(db, conversation()[:3], TZ)
    store_open_snapshot(db, [open_record("t-1", line="line-9")], TZ)
    (row,) = request_rows(db)
    assert row["line"] == "line-9"
    assert row["specialist"] == "spec-1"
    assert row["assigned_at"] == "2024-03-01 09:07:00"
    assert row["first_reply_at"] == "2024-03-01 09:09:00"


def test_stored_payloads_are_the_raw_events(db):
    store_events(db, conversation()[:1], TZ)
    (payload,) = db.execute("SELECT payload FROM connect_events").fetchone()
    assert json.loads(payload)["message_type"] == 80
