"""One monitor refresh: the queue now, waits, loads, today's counts for the local day, alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.requests import RequestRecord
from db.alerts import scan_alerts
from db.monitor import has_requests, monitor_snapshot, today_counts
from db.requests import queue_snapshot, upsert_requests
from db.settings import get_settings

# 12:00 UTC = 15:00 in Moscow; the local day 2026-11-20 began at 2026-11-19 21:00 UTC.
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
LOCAL_MIDNIGHT = datetime(2026, 11, 19, 21, 0, tzinfo=UTC)


def rec(rid: str, created: datetime, **kw) -> RequestRecord:
    return RequestRecord(id=rid, source="test", created_at=created, **kw)


def queue_world(db) -> None:
    """Three waiting (2, 12 and 90 minutes), two in work, one closed today."""
    minutes = timedelta(minutes=1)
    upsert_requests(
        db,
        [
            rec("w2", NOW - 2 * minutes, line="Бухгалтерия", client="ООО «Альтаир»"),
            rec("w12", NOW - 12 * minutes, line="Бухгалтерия"),
            rec("w90", NOW - 90 * minutes, line="Зарплата"),
            rec("a1", NOW - 40 * minutes, line="Бухгалтерия", specialist="Зайцев Олег",
                assigned_at=NOW - 38 * minutes),
            rec("a2", NOW - 30 * minutes, line="Зарплата", specialist="Зайцев Олег",
                assigned_at=NOW - 29 * minutes),
            rec("c1", NOW - 200 * minutes, line="Зарплата", specialist="Павлова Анна",
                assigned_at=NOW - 190 * minutes, closed_at=NOW - 100 * minutes, rating=5),
        ],
    )  # fmt: skip


def test_the_snapshot_agrees_with_the_queue_report(db):
    queue_world(db)

    snap = monitor_snapshot(db, NOW, get_settings(db))
    report = queue_snapshot(db, NOW)

    for key in ("open", "waiting_unassigned", "by_line", "by_specialist", "oldest_wait_minutes"):
        assert snap[key] == report[key], key
    assert snap["open"] == 5
    assert snap["waiting_unassigned"] == 3
    assert snap["by_specialist"] == {"Зайцев Олег": 2}
    assert snap["oldest_wait_minutes"] == 90
    assert snap["oldest_request"] == "w90"


def test_waiting_requests_are_listed_longest_wait_first_with_their_state(db):
    queue_world(db)

    waiting = monitor_snapshot(db, NOW, get_settings(db))["waiting"]

    assert [(r["id"], r["wait_minutes"], r["state"]) for r in waiting] == [
        ("w90", 90, "missed"),
        ("w12", 12, "warning"),
        ("w2", 2, "waiting"),
    ]
    assert waiting[2]["client"] == "ООО «Альтаир»"


def test_load_per_line_counts_open_and_waiting(db):
    queue_world(db)

    lines = monitor_snapshot(db, NOW, get_settings(db))["lines"]

    assert lines == [
        {"line": "Бухгалтерия", "open": 3, "waiting": 2},
        {"line": "Зарплата", "open": 2, "waiting": 1},
    ]


def test_today_is_the_local_day_not_the_utc_day(db):
    just_after = LOCAL_MIDNIGHT + timedelta(minutes=10)  # 00:10 Moscow, still the 19th in UTC
    just_before = LOCAL_MIDNIGHT - timedelta(minutes=10)
    upsert_requests(
        db,
        [
            rec("today", just_after, assigned_at=just_after + timedelta(minutes=1),
                closed_at=just_after + timedelta(minutes=20), rating=2),
            rec("yesterday", just_before - timedelta(hours=1), assigned_at=just_before,
                closed_at=just_before, rating=1),
        ],
    )  # fmt: skip

    today = today_counts(db, NOW, get_settings(db))

    assert today["day"] == "2026-11-20"
    assert (today["created"], today["closed"], today["low_ratings"], today["rated"]) == (1, 1, 1, 1)
    assert today["missed"] == 0


def test_missed_today_counts_late_takes_and_requests_still_waiting_past_the_limit(db):
    queue_world(db)
    upsert_requests(
        db,
        [rec("late", NOW - timedelta(hours=3), assigned_at=NOW - timedelta(minutes=100),
             specialist="Павлова Анна")],
    )  # fmt: skip

    today = today_counts(db, NOW, get_settings(db))

    assert today["missed"] == 2  # w90 still waiting, 'late' taken after 80 minutes
    assert today["created"] == 7


def test_open_alerts_come_with_the_snapshot(db):
    queue_world(db)
    scan_alerts(db, NOW, get_settings(db))

    snap = monitor_snapshot(db, NOW, get_settings(db))

    assert {(a["kind"], a["request_id"]) for a in snap["alerts"]} == {
        ("wait_warning", "w12"),
        ("missed", "w90"),
    }
    assert snap["alert_counts"] == {"wait_warning": 1, "missed": 1}


def test_an_empty_database_gives_an_empty_snapshot(db):
    snap = monitor_snapshot(db, NOW, get_settings(db))

    assert not has_requests(db)
    assert (snap["open"], snap["waiting_unassigned"], snap["oldest_wait_minutes"]) == (0, 0, 0)
    assert snap["today"]["closed"] == 0 and snap["today"]["average_rating"] is None


def test_the_snapshot_never_scans_the_whole_requests_table(db):
    queue_world(db)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        monitor_snapshot(db, NOW, get_settings(db))
    finally:
        db.conn.set_trace_callback(None)

    plans = [
        " ".join(str(step[3]) for step in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
        for sql in statements
        if sql.lstrip().upper().startswith("SELECT") and "requests" in sql
    ]
    assert len(plans) >= 2
    assert not [p for p in plans if "SCAN requests" in p], plans
