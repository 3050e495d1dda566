"""The stored business calendar: admin-only writes, the default week, working-time statistics."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlite_utils import Database

from core.calendar import (
    BusinessCalendar,
    CalendarError,
    SpecialDay,
    default_calendar,
    working_seconds,
    working_stats,
)
from core.requests import RequestRecord
from core.roles import Actor, PermissionDenied
from db.calendar import (
    clear_days,
    days_table,
    is_configured,
    load_calendar,
    request_times,
    save_weekly,
    store_days,
)
from db.requests import request_stats, upsert_requests
from tests.db.test_ratings import seed_db  # noqa: F401, F811  (seed 004 quarter, module fixture)

ADMIN = Actor("admin", "admin")
HEAD = Actor("head", "head")
MON = date(2024, 6, 3)


def audit_actions(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id").fetchall()]


def test_an_empty_database_uses_the_default_week(db: Database):
    assert not is_configured(db)
    assert load_calendar(db) == default_calendar()


def test_an_admin_saves_split_shifts_and_they_load_back(db: Database):
    rows = [(0, 8 * 60, 12 * 60), (0, 16 * 60, 20 * 60), (5, 10 * 60, 14 * 60)]
    assert save_weekly(db, ADMIN, rows) == 3
    cal = load_calendar(db)
    assert is_configured(db)
    assert cal.intervals_on(MON) == ((480, 720), (960, 1200))
    assert cal.intervals_on(MON + timedelta(days=1)) == ()
    assert cal.intervals_on(MON + timedelta(days=5)) == ((600, 840),)
    assert audit_actions(db)[-1] == "calendar.weekly"


def test_overlapping_intervals_are_refused_and_nothing_changes(db: Database):
    save_weekly(db, ADMIN, [(0, 540, 1080)])
    with pytest.raises(CalendarError):
        save_weekly(db, ADMIN, [(1, 540, 780), (1, 700, 900)])
    assert load_calendar(db).intervals_on(MON) == ((540, 1080),)


def test_only_an_admin_may_change_the_calendar(db: Database):
    with pytest.raises(PermissionDenied):
        save_weekly(db, HEAD, [(0, 540, 1080)])
    with pytest.raises(PermissionDenied):
        store_days(db, HEAD, [SpecialDay(MON, "holiday")])
    with pytest.raises(PermissionDenied):
        clear_days(db, HEAD)
    assert not is_configured(db)
    assert days_table(db) == []
    assert audit_actions(db) == ["permission.denied"] * 3


def test_special_days_are_upserted_by_date_and_shape_the_working_time(db: Database):
    store_days(
        db, ADMIN, [SpecialDay(MON, "holiday"), SpecialDay(MON + timedelta(days=1), "short")]
    )
    store_days(db, ADMIN, [SpecialDay(MON, "short", ((600, 720),))])
    assert days_table(db) == [
        {"day": "2024-06-03", "kind": "short", "intervals": "10:00-12:00"},
        {"day": "2024-06-04", "kind": "short", "intervals": ""},
    ]
    cal = load_calendar(db)
    start, end = datetime(2024, 6, 3, 0, 0), datetime(2024, 6, 5, 0, 0)
    assert working_seconds(start, end, cal) == (2 + 7) * 3600
    store_days(db, ADMIN, [SpecialDay(MON + timedelta(days=7), "holiday")], replace=True)
    assert [d["day"] for d in days_table(db)] == ["2024-06-10"]
    assert clear_days(db, ADMIN) == 1
    assert days_table(db) == []


def test_working_statistics_count_the_same_requests_as_the_report(db: Database):
    friday = datetime(2024, 6, 7, 17, 0)
    records = []
    for i in range(40):
        created = friday + timedelta(minutes=37 * i)
        assigned = created + timedelta(minutes=i % 9)
        records.append(
            RequestRecord(
                id=f"R{i}", source="t", created_at=created, assigned_at=assigned,
                first_reply_at=assigned + timedelta(minutes=3), org="ООО «Альфа»" if i % 2 else "ИП Бета",
                closed_at=assigned + timedelta(hours=i), rating=(i % 5) + 1 if i % 3 else None,
            )
        )  # fmt: skip
    records.append(RequestRecord(id="OPEN", source="t", created_at=friday))
    upsert_requests(db, records)
    start, end = date(2024, 6, 1), date(2024, 7, 1)
    wall = request_stats(db, start, end)
    times = request_times(db, start, end)
    assert len(times) == wall.total == 40
    always = BusinessCalendar(weekly=(((0, 1440),),) * 7)
    same = working_stats(start, end, times, always)
    assert (same.cells, same.summary) == (wall.cells, wall.summary)
    working = working_stats(start, end, times, default_calendar())
    assert working.total == wall.total and working.rating_sum == wall.rating_sum
    fast = {s.resolution: s.count for s in working.summary}
    slow = {s.resolution: s.count for s in wall.summary}
    assert fast["<1h"] > slow["<1h"]  # evenings and the weekend no longer count
    only_beta = request_times(db, start, end, {"org": ["ИП Бета"]})
    assert len(only_beta) == request_stats(db, start, end, {"org": ["ИП Бета"]}).total == 20


def test_the_demo_has_a_saved_week_and_this_years_public_holidays(demo_db: Database):
    assert is_configured(demo_db)
    calendar = load_calendar(demo_db)
    assert calendar.weekly == default_calendar().weekly
    kinds = {d.day: d.kind for d in calendar.days}
    year = max(kinds).year - 1  # last, this and next year are filled
    assert kinds[date(year, 1, 1)] == kinds[date(year, 5, 9)] == "holiday"
    assert calendar.intervals_on(date(year, 1, 3)) == ()


def test_an_always_open_calendar_reproduces_the_seed_quarter_to_the_unit(seed_db: Database):  # noqa: F811
    start, end = date(2016, 4, 1), date(2016, 7, 1)
    always = BusinessCalendar(weekly=(((0, 1440),),) * 7)
    working = working_stats(start, end, request_times(seed_db, start, end), always)
    wall = request_stats(seed_db, start, end)
    assert wall.total == 18030
    assert (working.cells, working.summary, working.rating_sum) == (
        wall.cells, wall.summary, wall.rating_sum,
    )  # fmt: skip
