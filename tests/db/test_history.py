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
