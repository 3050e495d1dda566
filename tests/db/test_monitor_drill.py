"""The monitor's bars and alerts card open lists as long as their figures (issue 14, item 5):
each bar's Drill counted through the query behind `report requests`, the alerts card's list
one row per open alert."""

from __future__ import annotations

from datetime import timedelta

from core.directory import DirectoryEntry
from core.requests import RequestRecord
from core.timeutil import utcnow
from db.alerts import count_open_alerts, scan_alerts
from db.directory import store_directory
from db.history import count_requests, list_requests
from db.monitor import count_open_alert_rows, monitor_snapshot, open_alert_rows
from db.requests import upsert_requests
from db.settings import get_settings
from ui import texts
from ui.drill import Drill, _arguments
from ui.monitor_drill import (
    drill_named,
    figure_drills,
    line_bars,
    line_drill,
    request_drill,
    specialist_bars,
    specialist_drill,
)


def listed(db, drill: Drill) -> int:
    """How many requests a Drill's list holds (the list itself and its count agree)."""
    args, more = _arguments(drill)
    rows = list_requests(db, *args, limit=100_000, **more)
    assert len(rows) == count_requests(db, *args, **more)
    return len(rows)


def test_every_bar_of_the_monitor_lists_as_many_open_requests_as_it_shows(demo_db):
    snap = monitor_snapshot(demo_db, utcnow(), get_settings(demo_db))
    lines, people = line_bars(snap), specialist_bars(snap)
    assert len(lines) >= 3 and len(people) >= 2  # the demo has several of each
    for line, series, n in lines:
        drill = line_drill(snap, line, series)
        assert drill is not None and listed(demo_db, drill) == n, (line, series)
    for name, n in specialist_bars(snap):
        drill = specialist_drill(snap, name)
        assert drill is not None and listed(demo_db, drill) == n, name
    # the bars split the open queue exactly: nothing counted twice, nothing left out
    assert sum(n for _, _, n in lines) == snap["open"]
    waiting = sum(n for _, s, n in lines if s == texts.MONITOR_SERIES_WAITING)
    assert waiting == snap["waiting_unassigned"]


def test_a_bar_of_two_guids_with_one_name_lists_the_requests_of_both(db):
    """Directory names: two line GUIDs named alike are one bar; its list has both lines' rows."""
    now = utcnow()
    minutes = timedelta(minutes=1)
    upsert_requests(
        db,
        [
            RequestRecord(id="g1", source="test", created_at=now - 5 * minutes, line="guid-a"),
            RequestRecord(id="g2", source="test", created_at=now - 6 * minutes, line="guid-b",
                          specialist="guid-s", assigned_at=now - 4 * minutes),
            RequestRecord(id="g3", source="test", created_at=now - 7 * minutes, line="",
                          specialist="guid-s", assigned_at=now - 4 * minutes),
            RequestRecord(id="g4", source="test", created_at=now - 8 * minutes, line="guid-c"),
        ],
    )  # fmt: skip
    store_directory(
        db,
        [
            DirectoryEntry("line", "guid-a", "Бухгалтерия"),
            DirectoryEntry("line", "guid-b", "Бухгалтерия"),
            DirectoryEntry("line", "guid-c", "Зарплата"),
            DirectoryEntry("specialist", "guid-s", "Зайцева Ольга"),
        ],
    )
    snap = monitor_snapshot(db, now, get_settings(db))
    bars = {(line, series): n for line, series, n in line_bars(snap)}
    assert bars == {
        ("Бухгалтерия", texts.MONITOR_SERIES_WAITING): 1,
        ("Бухгалтерия", texts.MONITOR_SERIES_IN_WORK): 1,
        (texts.MONITOR_NO_LINE, texts.MONITOR_SERIES_IN_WORK): 1,
        ("Зарплата", texts.MONITOR_SERIES_WAITING): 1,
    }
    for (line, series), n in bars.items():
        assert listed(db, line_drill(snap, line, series)) == n, (line, series)
    assert specialist_bars(snap) == [("Зайцева Ольга", 2)]
    assert listed(db, specialist_drill(snap, "Зайцева Ольга")) == 2
    assert line_drill(snap, "Нет такой линии", texts.MONITOR_SERIES_WAITING) is None


def test_the_alerts_card_and_its_list_count_the_same_alerts(db):
    """A request that waited past the limit and was then rated low carries two alerts: the card
    says 2 + the others, and so many rows are listed, each naming its alert."""
    now = utcnow()
    upsert_requests(
        db,
        [
            RequestRecord(id="twice", source="test", created_at=now - timedelta(hours=3),
                          assigned_at=now - timedelta(hours=1), closed_at=now - timedelta(minutes=5),
                          rating=1, rating_comment="Долго и без толку", client="ООО «Ромашка»"),
            RequestRecord(id="low", source="test", created_at=now - timedelta(hours=1),
                          assigned_at=now - timedelta(minutes=59), closed_at=now - timedelta(minutes=3),
                          rating=2),
            RequestRecord(id="waits", source="test", created_at=now - timedelta(minutes=90)),
        ],
    )  # fmt: skip
    settings = get_settings(db)
    scan_alerts(db, now, settings)
    snap = monitor_snapshot(db, now, settings)
    card = sum(snap["alert_counts"].values())
    rows = open_alert_rows(db, settings, 1000)
    assert card == len(rows) == count_open_alert_rows(db) == 4
    assert sorted((r["id"], r["alert_kind"]) for r in rows) == [
        ("low", "low_rating"), ("twice", "low_rating"), ("twice", "missed"), ("waits", "missed"),
    ]  # fmt: skip
    twice = next(r for r in rows if r["id"] == "twice" and r["alert_kind"] == "low_rating")
    assert (twice["client"], twice["rating"], twice["rating_comment"]) == (
        "ООО «Ромашка»", 1, "Долго и без толку",
    )  # fmt: skip
    assert twice["alert_at"] == twice["closed_at"]  # when it happened, not when it was noticed
    assert len(open_alert_rows(db, settings, 2)) == 2  # the list's limit; the count stays whole
    assert figure_drills(db, snap, settings)["alerts"].alerts  # the card opens this list
    assert sum(count_open_alerts(db).values()) == card


def test_every_list_the_monitor_opens_is_found_again_by_its_title(demo_db):
    """The `?drill=` link holds a list's title: each card, bar and queue row resolves to itself."""
    settings = get_settings(demo_db)
    snap = monitor_snapshot(demo_db, utcnow(), settings)
    drills = figure_drills(demo_db, snap, settings)
    openable = [
        *(d for d in drills.values() if d is not None),
        *(line_drill(snap, line, series) for line, series, _ in line_bars(snap)),
        *(specialist_drill(snap, name) for name, _ in specialist_bars(snap)),
        *(request_drill(row["id"]) for row in snap["waiting"]),
    ]
    assert len({d.title for d in openable}) == len(openable) > 15  # no two lists share a title
    for drill in openable:
        assert drill_named(snap, drills, drill.title) == drill, drill.title
    assert drill_named(snap, drills, "Обращение, которого нет") is None
