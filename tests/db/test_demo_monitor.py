"""The monitor's demo stays believable on a server that runs for days (issue 14)."""

from __future__ import annotations

from datetime import date, timedelta

from core.timeutil import from_stored
from db.demo_monitor import shift_demo_to_now
from db.monitor import monitor_snapshot
from db.requests import request_stats
from db.settings import get_settings, put_setting

YEAR = (date(2000, 1, 1), date(2100, 1, 1))


def newest(db) -> object:
    return from_stored(db.execute("SELECT MAX(created_at) FROM requests").fetchone()[0])


def test_a_fresh_demo_waits_minutes_and_its_leads_hours(demo_db) -> None:
    now = newest(demo_db) + timedelta(minutes=1)
    snap = monitor_snapshot(demo_db, now, get_settings(demo_db))
    assert 0 < snap["oldest_wait_minutes"] < 120
    waits = [r["wait_minutes"] for r in snap["waiting"]]
    assert sum(1 for w in waits if w >= 60) in (1, 2)  # a few over an hour, not all
    assert 0 < snap["leads_pending"]["oldest_minutes"] < 12 * 60


def test_three_days_later_the_demo_is_moved_to_today_with_its_shape_kept(demo_db) -> None:
    before = request_stats(demo_db, *YEAR)
    later = newest(demo_db) + timedelta(days=3, hours=5)
    moved = shift_demo_to_now(demo_db, later)
    assert moved > 3 * 86400
    snap = monitor_snapshot(demo_db, later, get_settings(demo_db))
    assert 0 < snap["oldest_wait_minutes"] < 120
    assert snap["today"]["created"] > 0
    assert 0 < snap["leads_pending"]["oldest_minutes"] < 12 * 60
    assert request_stats(demo_db, *YEAR).total == before.total
    assert shift_demo_to_now(demo_db, later) == 0  # a second run changes nothing


def test_real_data_is_never_moved(demo_db) -> None:
    put_setting(demo_db, "demo_mode", False)
    assert shift_demo_to_now(demo_db, newest(demo_db) + timedelta(days=3)) == 0


def test_wait_alerts_raised_before_the_demo_moved_go_unless_their_limit_is_reached_again(
    demo_db,
) -> None:
    from db.alerts import open_alerts, scan_alerts

    later = newest(demo_db) + timedelta(hours=2)  # the demo's waits age past their limits
    scan_alerts(demo_db, later, get_settings(demo_db))
    assert any(a["kind"] == "missed" for a in open_alerts(demo_db))
    shift_demo_to_now(demo_db, later)
    limits = get_settings(demo_db)
    snap = monitor_snapshot(demo_db, later, limits)
    for alert in open_alerts(demo_db):
        if alert["kind"] in ("wait_warning", "missed"):
            created = from_stored(
                demo_db.execute(
                    "SELECT created_at FROM requests WHERE id = ?", [alert["request_id"]]
                ).fetchone()[0]
            )
            minutes = limits["wait_warning_minutes" if alert["kind"] == "wait_warning"
                             else "wait_missed_minutes"]  # fmt: skip
            assert created + timedelta(minutes=int(minutes)) <= later, alert
    assert snap["oldest_wait_minutes"] < 120
