"""Working time under the business calendar: split shifts, lunch, holidays, shortened days, zones."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.calendar import (
    BAD_INTERVAL,
    BAD_KIND,
    OVERLAP,
    BusinessCalendar,
    CalendarError,
    RequestTimes,
    SpecialDay,
    WorkClock,
    calendar_from,
    default_calendar,
    default_period,
    format_intervals,
    last_full_quarter,
    parse_intervals,
    parse_kind,
    quarter_bounds,
    russian_holidays,
    shorten,
    working_seconds,
    working_stats,
)
from core.requests import RequestRecord, build_stats, to_row

MSK = ZoneInfo("Europe/Moscow")
HOUR = 3600.0
# 2024-06-03 is a Monday.
MON = date(2024, 6, 3)


def at(day: date, hour: int, minute: int = 0, tz: ZoneInfo = MSK) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def test_the_default_calendar_is_weekdays_nine_to_six_with_an_hour_for_lunch():
    cal = default_calendar()
    assert cal.intervals_on(MON) == ((540, 780), (840, 1080))
    assert cal.intervals_on(MON + timedelta(days=5)) == ()
    assert working_seconds(at(MON, 0), at(MON + timedelta(days=1), 0), cal) == 8 * HOUR


def test_lunch_is_not_working_time():
    cal = default_calendar()
    assert working_seconds(at(MON, 12, 30), at(MON, 14, 30), cal) == 1 * HOUR
    assert working_seconds(at(MON, 13, 0), at(MON, 14, 0), cal) == 0


def test_split_shifts_count_every_interval_of_the_day():
    shift = ((8 * 60, 12 * 60), (16 * 60, 20 * 60), (21 * 60, 23 * 60))
    cal = BusinessCalendar(weekly=(shift,) * 7)
    assert working_seconds(at(MON, 7), at(MON, 22), cal) == (4 + 4 + 1) * HOUR
    assert working_seconds(at(MON, 11), at(MON, 16, 30), cal) == 1.5 * HOUR


def test_a_span_over_the_weekend_counts_only_friday_evening_and_monday_morning():
    cal = default_calendar()
    friday = MON + timedelta(days=4)
    monday = MON + timedelta(days=7)
    assert working_seconds(at(friday, 17), at(monday, 10), cal) == 2 * HOUR


def test_a_holiday_has_no_working_time():
    holiday = MON + timedelta(days=1)
    cal = BusinessCalendar(weekly=default_calendar().weekly, days=(SpecialDay(holiday, "holiday"),))
    assert working_seconds(at(MON, 17), at(holiday + timedelta(days=1), 10), cal) == 2 * HOUR


def test_a_shortened_day_ends_an_hour_earlier_unless_intervals_are_given():
    short = MON + timedelta(days=2)
    cal = BusinessCalendar(weekly=default_calendar().weekly, days=(SpecialDay(short, "short"),))
    assert cal.intervals_on(short) == ((540, 780), (840, 1020))
    assert working_seconds(at(short, 0), at(short, 23), cal) == 7 * HOUR
    explicit = BusinessCalendar(
        weekly=default_calendar().weekly, days=(SpecialDay(short, "short", ((600, 780),)),)
    )
    assert working_seconds(at(short, 0), at(short, 23), explicit) == 3 * HOUR


def test_shortening_by_more_than_the_last_interval_eats_into_the_one_before():
    assert shorten(((540, 780), (840, 870)), 60) == ((540, 750),)
    assert shorten(((540, 600),), 60) == ()


def test_a_transferred_saturday_works_like_a_normal_weekday():
    saturday = MON + timedelta(days=5)
    cal = BusinessCalendar(
        weekly=default_calendar().weekly, days=(SpecialDay(saturday, "workday"),)
    )
    assert working_seconds(at(saturday, 0), at(saturday, 23, 59), cal) == 8 * HOUR


def test_naive_moments_are_local_times_of_the_zone_and_utc_moments_are_converted():
    cal = default_calendar()
    naive = working_seconds(datetime(2024, 6, 3, 9), datetime(2024, 6, 3, 12), cal, "Europe/Moscow")
    utc = working_seconds(
        datetime(2024, 6, 3, 6, tzinfo=UTC), datetime(2024, 6, 3, 9, tzinfo=UTC), cal
    )
    assert naive == utc == 3 * HOUR
    # The same UTC span seen from Vladivostok (UTC+10) falls 16:00–19:00 local: 2 working hours.
    far = working_seconds(
        datetime(2024, 6, 3, 6, tzinfo=UTC), datetime(2024, 6, 3, 9, tzinfo=UTC), cal,
        "Asia/Vladivostok",
    )  # fmt: skip
    assert far == 2 * HOUR


def test_working_time_is_exact_to_the_second_on_a_dst_day():
    cal = BusinessCalendar(weekly=(((0, 24 * 60),),) * 7)
    berlin = ZoneInfo("Europe/Berlin")
    # 2024-03-31: clocks jump from 02:00 to 03:00 in Berlin, the local day has 23 hours.
    start = datetime(2024, 3, 31, 0, 0, tzinfo=berlin)
    end = datetime(2024, 4, 1, 0, 0, tzinfo=berlin)
    assert working_seconds(start, end, cal, "Europe/Berlin") == 23 * HOUR


def test_a_reversed_or_empty_span_is_no_working_time():
    cal = default_calendar()
    assert working_seconds(at(MON, 12), at(MON, 10), cal) == 0
    assert working_seconds(at(MON, 12), at(MON, 12), cal) == 0


def test_a_long_span_iterates_days_and_stays_exact():
    cal = default_calendar()
    # 52 full weeks of five 8-hour days.
    assert working_seconds(at(MON, 0), at(MON + timedelta(weeks=52), 0), cal) == 52 * 5 * 8 * HOUR


def test_the_bulk_clock_agrees_with_day_iteration_on_random_spans():
    rng = random.Random(7)
    holiday, short = MON + timedelta(days=8), MON + timedelta(days=10)
    cal = BusinessCalendar(
        weekly=(((480, 720), (780, 1020), (1080, 1200)),) * 5 + (((600, 840),), ()),
        days=(SpecialDay(holiday, "holiday"), SpecialDay(short, "short")),
    )
    clock = WorkClock(cal, "Europe/Moscow", MON, MON + timedelta(days=30))
    base = at(MON, 0).timestamp()
    for _ in range(500):
        a = base + rng.uniform(-2, 40) * 86400
        b = a + rng.choice([rng.uniform(0, 7200), rng.uniform(0, 20 * 86400)])
        expected = working_seconds(
            datetime.fromtimestamp(a, UTC), datetime.fromtimestamp(b, UTC), cal
        )
        assert clock.seconds(a, b) == pytest.approx(expected, abs=1e-6)


def test_intervals_parse_from_text_and_refuse_overlaps_and_nonsense():
    assert parse_intervals("09:00-13:00, 14:00–18:00") == ((540, 780), (840, 1080))
    assert parse_intervals("14.00-18.00;9:00-13:00") == ((540, 780), (840, 1080))
    assert format_intervals(parse_intervals("9:00-13:00,14:00-24:00")) == "09:00-13:00,14:00-24:00"
    for bad, code in [("09:00-08:00", BAD_INTERVAL), ("25:00-26:00", BAD_INTERVAL),
                      ("9-18", BAD_INTERVAL), ("09:00-13:00,12:00-15:00", OVERLAP)]:  # fmt: skip
        with pytest.raises(CalendarError) as error:
            parse_intervals(bad)
        assert error.value.code == code


def test_day_kinds_are_read_in_english_and_russian():
    assert parse_kind("Праздник") == "holiday"
    assert parse_kind("выходной") == "holiday"
    assert parse_kind("Сокращённый") == "short"
    assert parse_kind("сокращенный день") == "short"
    assert parse_kind("рабочий") == "workday"
    assert parse_kind("SHORT") == "short"
    with pytest.raises(CalendarError) as error:
        parse_kind("отпуск")
    assert error.value.code == BAD_KIND


def test_a_calendar_without_weekly_rows_is_the_default_week():
    assert calendar_from([], []).weekly == default_calendar().weekly
    cal = calendar_from([(5, 600, 900)], [SpecialDay(MON, "holiday")])
    assert cal.intervals_on(MON + timedelta(days=5)) == ((600, 900),)
    assert cal.intervals_on(MON) == ()


def _record(n: int, created: datetime, wait_min: float, resolve_min: float, rating: int | None):
    assigned = created + timedelta(minutes=wait_min)
    return RequestRecord(
        id=str(n), source="test", created_at=created, assigned_at=assigned,
        first_reply_at=assigned + timedelta(minutes=1),
        closed_at=assigned + timedelta(minutes=resolve_min), rating=rating,
    )  # fmt: skip


def _times(record: RequestRecord) -> RequestTimes:
    return RequestTimes.of(
        record.created_at, record.assigned_at, record.first_reply_at, record.closed_at,
        record.rating,
    )  # fmt: skip


def test_working_statistics_with_an_always_open_calendar_equal_the_wall_clock_report():
    rng = random.Random(3)
    records = [
        _record(i, at(MON, 0) + timedelta(minutes=rng.randint(0, 20000)),
                rng.choice([1, 4.99, 5, 30, 59.9, 60, 300]),
                rng.choice([10, 59, 60, 61, 600, 1439, 1440, 5000]),
                rng.choice([None, 1, 3, 4, 5]))
        for i in range(300)
    ]  # fmt: skip
    groups: dict[tuple, list[int]] = {}
    for record in records:
        row = to_row(record)
        slot = groups.setdefault(
            (row["wait_b"], row["reaction_b"], row["resolution_b"], row["rating_b"]), [0, 0]
        )
        slot[0] += 1
        slot[1] += record.rating or 0
    wall = build_stats("a", "b", [(*k, n, s) for k, (n, s) in groups.items()])
    always = BusinessCalendar(weekly=(((0, 24 * 60),),) * 7)
    working = working_stats(MON, MON, [_times(r) for r in records], always)
    assert working.cells == wall.cells
    assert working.summary == wall.summary
    assert (working.rated, working.rating_sum) == (wall.rated, wall.rating_sum)
    assert to_row(records[0])["wait_s"] is not None


def test_a_request_closed_over_the_weekend_is_fast_in_working_time():
    friday = MON + timedelta(days=4)
    cal = default_calendar()
    cases = [
        # assigned Friday 17:52; minutes to close -> wall bucket, working bucket
        (2 * 24 * 60 + 15 * 60 + 50, "24h+", "<1h"),  # Monday 09:42: 8 + 42 working minutes
        (2 * 24 * 60 + 16 * 60, "24h+", "1-24h"),  # Monday 09:52: exactly one working hour
        (3 * 24 * 60 - 30, "24h+", "1-24h"),  # Monday 17:22: 7 h 30 min
        (5 * 24 * 60, "24h+", "24h+"),  # Wednesday 17:52: 3 days of 8 hours
    ]
    for n, (minutes, wall_bucket, working_bucket) in enumerate(cases):
        record = _record(n, at(friday, 17, 50), 2, minutes, 5)
        assert to_row(record)["resolution_b"] == wall_bucket
        stats = working_stats(MON, MON, [_times(record)], cal)
        assert [(c.wait, c.resolution, c.rating, c.count) for c in stats.cells] == [
            ("<5m", working_bucket, "4-5", 1)
        ]


def test_the_default_period_is_the_last_full_quarter_or_the_quarter_of_the_latest_data():
    assert quarter_bounds(date(2016, 5, 17)) == (date(2016, 4, 1), date(2016, 7, 1))
    assert quarter_bounds(date(2016, 12, 31)) == (date(2016, 10, 1), date(2017, 1, 1))
    assert last_full_quarter(date(2026, 1, 1)) == (date(2025, 10, 1), date(2026, 1, 1))
    assert last_full_quarter(date(2026, 5, 20)) == (date(2026, 1, 1), date(2026, 4, 1))
    today = date(2026, 5, 20)
    span = (date(2016, 4, 1), date(2016, 6, 30))
    assert default_period(today, span, has_data=True) == (date(2026, 1, 1), date(2026, 4, 1))
    assert default_period(today, span, has_data=False) == (date(2016, 4, 1), date(2016, 7, 1))
    assert default_period(today, None, has_data=False) == (date(2026, 1, 1), date(2026, 4, 1))


def test_russian_public_holidays_come_with_shortened_eves_on_working_days():
    days = {d.day: d.kind for d in russian_holidays(2025)}
    assert all(days[date(2025, 1, d)] == "holiday" for d in range(1, 9))
    assert days[date(2025, 6, 12)] == "holiday"
    assert days[date(2025, 6, 11)] == "short"  # a Wednesday
    assert date(2025, 2, 22) not in days  # a Saturday: nothing to shorten
    assert days[date(2025, 11, 3)] == "short"  # Monday before 4 November
    assert sum(1 for kind in days.values() if kind == "holiday") == 14
