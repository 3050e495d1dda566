"""Drill-down lists and the remote-session summary agree with the figures they open (issue 14)."""

from __future__ import annotations

from datetime import date

from db.history import list_requests, session_summary
from db.requests import request_stats

YEAR = (date(2000, 1, 1), date(2100, 1, 1))


def test_every_cell_of_the_statistics_opens_exactly_its_requests(demo_db) -> None:
    stats = request_stats(demo_db, *YEAR)
    for cell in stats.cells[:12]:
        rows = list_requests(
            demo_db, *YEAR, status="closed",
            buckets={"wait_b": cell.wait, "reaction_b": cell.reaction,
                     "resolution_b": cell.resolution, "rating_b": cell.rating},
        )  # fmt: skip
        assert len(rows) == cell.count


def test_a_filtered_figure_opens_the_same_filtered_requests(demo_db) -> None:
    line = demo_db.execute("SELECT line FROM requests LIMIT 1").fetchone()[0]
    stats = request_stats(demo_db, *YEAR, {"line": [line]})
    rows = list_requests(demo_db, *YEAR, {"line": [line]}, "closed", {"rating_b": "1-3"})
    assert len(rows) == stats.unhappy
    assert {r["line"] for r in rows} == {line}


def test_the_remote_summary_adds_up(demo_db) -> None:
    summary = session_summary(demo_db)
    assert summary["total"] == summary["succeeded"] + summary["failed"] > 1000
    assert sum(summary["by_specialist"].values()) == summary["total"]
    assert sum(m["total"] for m in summary["months"]) == summary["total"]
    assert sum(summary["failures"].values()) == summary["failed"]
    assert summary["minutes"] > 0


def test_the_monitor_lists_open_requests_near_their_sla_and_the_admin_sets_targets(demo_db) -> None:
    from core.roles import SYSTEM, Actor, PermissionDenied
    from core.sla import SlaTarget
    from core.timeutil import from_stored
    from db.monitor import monitor_snapshot
    from db.settings import get_settings
    from db.sla import set_sla_targets

    newest = from_stored(demo_db.execute("SELECT MAX(created_at) FROM requests").fetchone()[0])
    import pytest

    with pytest.raises(PermissionDenied):
        set_sla_targets(demo_db, Actor("viewer", "viewer"), [SlaTarget("", 10, 60)])
    assert monitor_snapshot(demo_db, newest, get_settings(demo_db))["sla_near"] == []
    set_sla_targets(demo_db, SYSTEM, [SlaTarget("", 10, 600)])
    near = monitor_snapshot(demo_db, newest, get_settings(demo_db))["sla_near"]
    assert near and all(r["sla_minutes"] >= 8 and not r["first_reply_at"] for r in near)


def test_every_working_minute_cell_opens_exactly_the_requests_it_counts(demo_db) -> None:
    """With «в рабочих минутах» on the stored (wall-clock) buckets do not name a cell's
    requests: working_cell_ids buckets them again as working_stats counts them. Every cell, wait
    block, reaction row and summary row of a month lists as many requests as it says."""
    from core.calendar import working_stats
    from core.requests import RATING_BUCKETS, RESOLUTION_BUCKETS
    from db.calendar import load_calendar, request_times_by_id
    from db.history import count_requests, working_cell_ids
    from db.settings import get_settings

    last = date.fromisoformat(
        demo_db.execute("SELECT MAX(created_day) FROM requests").fetchone()[0]
    )
    start = last.replace(day=1)
    end = (start.replace(day=28) + (date(2000, 1, 5) - date(2000, 1, 1)) * 2).replace(day=1)
    calendar, tz = load_calendar(demo_db), str(get_settings(demo_db)["timezone"])
    stats = working_stats(start, end, request_times_by_id(demo_db, start, end)[1], calendar, tz)
    wall = request_stats(demo_db, start, end)
    assert stats.total == wall.total > 100  # the same requests, bucketed otherwise
    assert {(c.wait, c.reaction, c.resolution, c.rating, c.count) for c in stats.cells} != {
        (c.wait, c.reaction, c.resolution, c.rating, c.count) for c in wall.cells
    }
    figures = [
        ({"wait_b": c.wait, "reaction_b": c.reaction, "resolution_b": c.resolution,
          "rating_b": c.rating}, c.count)
        for c in stats.cells
    ]  # fmt: skip
    figures += [({"wait_b": w}, stats.count(wait=w)) for w in {c.wait for c in stats.cells}]
    figures += [
        ({"wait_b": w, "reaction_b": r}, stats.count(wait=w, reaction=r))
        for w, r in {(c.wait, c.reaction) for c in stats.cells}
    ]
    figures += [
        ({"resolution_b": s, "rating_b": g}, stats.count(resolution=s, rating=g))
        for s in RESOLUTION_BUCKETS
        for g in RATING_BUCKETS
    ]
    for buckets, count in figures:
        ids = working_cell_ids(demo_db, start, end, None, buckets, calendar, tz)
        assert len(ids) == count, buckets
        # the list query takes them by id (one JSON parameter, however many)
        assert count_requests(demo_db, start, end, None, "closed", ids=ids) == count, buckets
