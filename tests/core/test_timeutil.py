"""Times are stored as UTC text and periods are local dates with the end excluded."""

from __future__ import annotations

from datetime import UTC, date, datetime

from core.timeutil import (
    from_stored,
    local_day,
    minutes_between,
    period_utc,
    to_local,
    to_stored,
    to_utc,
)


def test_a_naive_time_is_a_moscow_time_and_is_stored_in_utc():
    assert to_stored(datetime(2026, 3, 10, 0, 30)) == "2026-03-09 21:30:00"
    assert to_stored(datetime(2026, 3, 10, 0, 30), "Asia/Yekaterinburg") == "2026-03-09 19:30:00"
    assert to_stored(datetime(2026, 3, 10, 0, 30, tzinfo=UTC)) == "2026-03-10 00:30:00"
    assert to_stored(None) is None


def test_microseconds_survive_a_round_trip():
    moment = datetime(2026, 3, 10, 8, 0, 1, 250, tzinfo=UTC)
    stored = to_stored(moment)

    assert stored == "2026-03-10 08:00:01.000250"
    assert from_stored(stored) == moment
    assert from_stored("") is None


def test_a_local_period_becomes_utc_bounds():
    assert period_utc(date(2026, 3, 10), date(2026, 3, 11)) == (
        "2026-03-09 21:00:00",
        "2026-03-10 21:00:00",
    )


def test_a_period_across_a_daylight_saving_change_keeps_local_midnights():
    start, end = period_utc(date(2026, 3, 29), date(2026, 3, 30), "Europe/Berlin")

    assert (start, end) == ("2026-03-28 23:00:00", "2026-03-29 22:00:00")


def test_the_local_day_of_a_late_utc_evening_is_the_next_day_in_moscow():
    late = datetime(2026, 12, 31, 21, 30, tzinfo=UTC)

    assert local_day(late) == "2027-01-01"
    assert local_day(late, "Europe/London") == "2026-12-31"
    assert to_local(late).hour == 0


def test_minutes_between_is_signed():
    a = to_utc(datetime(2026, 3, 10, 9, 0))
    b = to_utc(datetime(2026, 3, 10, 10, 30))

    assert minutes_between(a, b) == 90
    assert minutes_between(b, a) == -90
