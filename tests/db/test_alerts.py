"""Alert scanning is idempotent, opens one QC callback per request, and only staff acknowledge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.requests import RequestRecord
from core.roles import Actor, PermissionDenied
from db.alerts import AlertNotFound, ack_alert, callback_tasks, open_alerts, scan_alerts
from db.requests import upsert_requests
from db.settings import get_settings, put_setting

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
MANAGER = Actor("manager", "manager", "Менеджер")
VIEWER = Actor("viewer", "viewer", "Наблюдатель")


def add(db, rid: str, waited_min: float, **kw) -> None:
    """Store a request created `waited_min` minutes before NOW."""
    record = RequestRecord(
        id=rid,
        source="test",
        created_at=NOW - timedelta(minutes=waited_min),
        line=kw.pop("line", "Бухгалтерия"),
        client=kw.pop("client", "ООО «Гранит»"),
        **kw,
    )
    upsert_requests(db, [record])


def alert_kinds(db) -> set[tuple[str, str]]:
    return {(r["kind"], r["request_id"]) for r in db.query("SELECT kind, request_id FROM alerts")}


def open_kinds(db) -> set[tuple[str, str]]:
    return {(a["kind"], a["request_id"]) for a in open_alerts(db)}


def test_scanning_twice_creates_each_alert_and_callback_task_once(db):
    add(db, "warn", 7)
    add(db, "miss", 75)
    add(db, "fresh", 2)
    settings = get_settings(db)

    first = scan_alerts(db, NOW, settings)
    second = scan_alerts(db, NOW + timedelta(seconds=10), settings)

    assert set(first.created) == {("wait_warning", "warn"), ("missed", "miss")}
    assert second.created == []
    assert alert_kinds(db) == {("wait_warning", "warn"), ("missed", "miss")}
    assert [t["request_id"] for t in callback_tasks(db)] == ["miss"]


def test_a_missed_and_low_rated_request_gets_two_alerts_but_one_callback(db):
    add(db, "r1", 300, specialist="Зайцев Олег", assigned_at=NOW - timedelta(minutes=200),
        closed_at=NOW - timedelta(minutes=30), rating=2, rating_comment="Долго ждали")  # fmt: skip

    scan_alerts(db, NOW, get_settings(db))

    assert alert_kinds(db) == {("missed", "r1"), ("low_rating", "r1")}
    tasks = callback_tasks(db)
    assert len(tasks) == 1 and tasks[0]["request_id"] == "r1"
    low = next(a for a in open_alerts(db) if a["kind"] == "low_rating")
    assert (low["client"], low["specialist"], low["rating"], low["comment"]) == (
        "ООО «Гранит»",
        "Зайцев Олег",
        2,
        "Долго ждали",
    )


def test_a_warning_turns_into_missed_when_the_wait_goes_on(db):
    add(db, "r", 10)
    scan_alerts(db, NOW, get_settings(db))
    assert open_kinds(db) == {("wait_warning", "r")}

    scan_alerts(db, NOW + timedelta(minutes=55), get_settings(db))

    assert open_kinds(db) == {("missed", "r")}
    assert alert_kinds(db) == {("wait_warning", "r"), ("missed", "r")}


def test_a_warning_closes_itself_once_someone_takes_the_request(db):
    add(db, "r", 10)
    scan_alerts(db, NOW, get_settings(db))

    add(db, "r", 10, assigned_at=NOW, specialist="Павлова Анна")
    scan_alerts(db, NOW + timedelta(seconds=5), get_settings(db))

    assert open_kinds(db) == set()
    assert db.execute("SELECT acked_by FROM alerts").fetchall() == [("system",)]


def test_a_rating_that_arrives_later_is_alerted_on_the_next_scan(db):
    closed = {"assigned_at": NOW - timedelta(minutes=58), "closed_at": NOW - timedelta(minutes=10)}
    add(db, "r", 60 - 1, **closed)
    scan_alerts(db, NOW, get_settings(db))
    assert alert_kinds(db) == set()

    add(db, "r", 60 - 1, rating=1, rating_comment="Грубо", **closed)
    result = scan_alerts(db, NOW + timedelta(minutes=1), get_settings(db))

    assert result.created == [("low_rating", "r")]
    assert result.tasks == 1


def test_old_history_imported_today_raises_no_alerts(db):
    old = NOW - timedelta(days=200)
    upsert_requests(
        db,
        [
            RequestRecord(
                id="old",
                source="file",
                created_at=old,
                assigned_at=old + timedelta(hours=3),
                closed_at=old + timedelta(hours=5),
                rating=1,
            )  # fmt: skip
        ],
    )

    assert scan_alerts(db, NOW, get_settings(db)).created == []


def test_thresholds_follow_the_settings(db):
    put_setting(db, "wait_warning_minutes", 15)
    put_setting(db, "low_rating_max", 2)
    add(db, "w", 10)
    add(db, "r3", 30, assigned_at=NOW - timedelta(minutes=29), closed_at=NOW, rating=3)

    assert scan_alerts(db, NOW, get_settings(db)).created == []


def test_a_manager_acknowledges_an_alert_and_it_leaves_the_open_list(db):
    add(db, "r", 7)
    scan_alerts(db, NOW, get_settings(db))
    alert_id = open_alerts(db)[0]["id"]

    assert ack_alert(db, MANAGER, alert_id) is True
    assert ack_alert(db, MANAGER, alert_id) is False
    assert open_alerts(db) == []
    audit = db.execute("SELECT login, action, target FROM audit_log WHERE action = 'alert.ack'")
    assert audit.fetchall() == [("manager", "alert.ack", str(alert_id))]


def test_a_viewer_cannot_acknowledge_and_the_refusal_is_audited(db):
    add(db, "r", 7)
    scan_alerts(db, NOW, get_settings(db))
    alert_id = open_alerts(db)[0]["id"]

    with pytest.raises(PermissionDenied):
        ack_alert(db, VIEWER, alert_id)

    assert [a["id"] for a in open_alerts(db)] == [alert_id]
    refused = db.execute(
        "SELECT login, target FROM audit_log WHERE action = 'permission.denied'"
    ).fetchall()
    assert refused == [("viewer", "ack_alerts")]


def test_acknowledging_an_unknown_alert_says_so(db):
    with pytest.raises(AlertNotFound):
        ack_alert(db, MANAGER, 999)


def test_the_scan_reads_only_indexed_ranges_of_the_requests_table(db):
    add(db, "r", 70)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        scan_alerts(db, NOW, get_settings(db))
    finally:
        db.conn.set_trace_callback(None)

    plans = [
        " ".join(str(step[3]) for step in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
        for sql in statements
        if sql.lstrip().upper().startswith(("SELECT", "UPDATE"))
    ]
    assert plans
    assert not [p for p in plans if "SCAN requests" in p or "SCAN r " in p + " "], plans


def test_open_alerts_are_newest_first(db):
    add(db, "early", 30)
    scan_alerts(db, NOW, get_settings(db))
    add(db, "late", 3)
    scan_alerts(db, NOW + timedelta(minutes=3), get_settings(db))

    assert [a["request_id"] for a in open_alerts(db)] == ["late", "early"]
