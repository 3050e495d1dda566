"""Business calendar (DESIGN §5.2): weekly working intervals, holidays, shortened days, working time."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from core.requests import (
    RequestStats,
    build_stats,
    minute_bucket,
    rating_bucket,
    resolution_bucket,
)
from core.timeutil import DEFAULT_TZ

# A working interval inside one local day: minutes from midnight, [start, end), end up to 24:00.
Interval = tuple[int, int]

KINDS = ("holiday", "short", "workday")
SHORTENED_BY_MINUTES = 60
DAY_MINUTES = 24 * 60
WEEKDAYS = tuple(range(7))  # 0 = Monday … 6 = Sunday, as date.weekday()

# Problem codes of the calendar (Russian texts live in ui/texts.py IMPORT_PROBLEMS).
BAD_KIND = "bad_kind"
BAD_INTERVAL = "bad_interval"
OVERLAP = "overlap"

_KIND_WORDS = {
    "holiday": "holiday",
    "выходной": "holiday",
    "праздник": "holiday",
    "праздничный": "holiday",
    "нерабочий": "holiday",
    "short": "short",
    "shortened": "short",
    "сокращенный": "short",
    "сокращённый": "short",
    "предпраздничный": "short",
    "workday": "workday",
    "working": "workday",
    "рабочий": "workday",
}
_INTERVAL = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})\s*$")


class CalendarError(ValueError):
    """A calendar value cannot be used; `code` is one of the problem codes above."""

    def __init__(self, code: str, value: str = "") -> None:
        super().__init__(f"{code}: {value}")
        self.code = code
        self.value = value


@dataclass(frozen=True)
class SpecialDay:
    """A date that departs from the week: a holiday, a shortened or an extra working day."""

    day: date
    kind: str
    intervals: tuple[Interval, ...] | None = None  # None: derived from the week


@dataclass(frozen=True)
class BusinessCalendar:
    """Weekly intervals per weekday (Monday first) plus special days (later ones win per date)."""

    weekly: tuple[tuple[Interval, ...], ...]  # seven entries, Monday first
    days: tuple[SpecialDay, ...] = ()
    _by_day: dict[date, SpecialDay] = field(
        default_factory=dict, init=False, compare=False, hash=False, repr=False
    )

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise ValueError("weekly needs seven weekdays")
        self._by_day.update({d.day: d for d in self.days})

    @property
    def standard_day(self) -> tuple[Interval, ...]:
        """A normal working day's intervals (the first weekday that has any), for extra workdays."""
        for intervals in self.weekly:
            if intervals:
                return intervals
        return ()

    def special(self, day: date) -> SpecialDay | None:
        """The special-day rule for a date, if any."""
        return self._by_day.get(day)

    def intervals_on(self, day: date) -> tuple[Interval, ...]:
        """The working intervals of a local date after holidays and shortened days apply."""
        rule = self._by_day.get(day)
        weekly = self.weekly[day.weekday()]
        if rule is None:
            return weekly
        if rule.kind == "holiday":
            return ()
        if rule.intervals is not None:
            return rule.intervals
        base = weekly or self.standard_day
        if rule.kind == "short":
            return shorten(base, SHORTENED_BY_MINUTES)
        return base


def default_calendar() -> BusinessCalendar:
    """Mon–Fri 09:00–18:00 with lunch 13:00–14:00; weekends off; no special days."""
    workday = ((9 * 60, 13 * 60), (14 * 60, 18 * 60))
    return BusinessCalendar(weekly=(workday,) * 5 + ((), ()))


def shorten(intervals: Sequence[Interval], minutes: int) -> tuple[Interval, ...]:
    """Cut `minutes` off the end of a day's intervals (a pre-holiday day ends an hour earlier)."""
    left = minutes
    result = list(intervals)
    while left > 0 and result:
        start, end = result[-1]
        if end - start > left:
            result[-1] = (start, end - left)
            left = 0
        else:
            left -= end - start
            result.pop()
    return tuple(result)


def parse_clock(text: str) -> int:
    """'09:00' or '9.30' as minutes from midnight; '24:00' allowed as the end of the day."""
    match = re.match(r"^\s*(\d{1,2})[:.](\d{2})\s*$", text or "")
    if not match:
        raise CalendarError(BAD_INTERVAL, text)
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise CalendarError(BAD_INTERVAL, text)
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """Minutes from midnight as 'HH:MM'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def check_intervals(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    """Sort a day's intervals and refuse empty, reversed, out-of-day or overlapping ones."""
    ordered = sorted(intervals)
    for start, end in ordered:
        if not 0 <= start < end <= DAY_MINUTES:
            raise CalendarError(BAD_INTERVAL, f"{format_clock(start)}-{format_clock(end)}")
    for (_, end), (start, _) in zip(ordered, ordered[1:], strict=False):
        if start < end:
            raise CalendarError(OVERLAP, f"{format_clock(start)}")
    return tuple(ordered)


def parse_intervals(text: str) -> tuple[Interval, ...]:
    """'09:00-13:00, 14:00-18:00' (also ';' separated, dots or dashes of any kind) as intervals."""
    parts = [p for p in re.split(r"[,;]", text or "") if p.strip()]
    result = []
    for part in parts:
        match = _INTERVAL.match(part)
        if not match:
            raise CalendarError(BAD_INTERVAL, part.strip())
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start = parse_clock(f"{h1}:{m1:02d}")
        end = parse_clock(f"{h2}:{m2:02d}")
        result.append((start, end))
    return check_intervals(result)


def format_intervals(intervals: Sequence[Interval]) -> str:
    """Intervals as '09:00-13:00,14:00-18:00' (the CSV and storage form)."""
    return ",".join(f"{format_clock(a)}-{format_clock(b)}" for a, b in intervals)


def parse_kind(text: str) -> str:
    """A day kind from 'holiday'/'short'/'workday' or the Russian words; CalendarError otherwise."""
    word = (text or "").strip().lower().replace("ё", "е")
    kind = _KIND_WORDS.get(word) or _KIND_WORDS.get(word.replace("е", "ё"))
    if kind is None:
        # «Праздничный день», «Сокращённый день», «Рабочий день (перенос)»: the first word decides.
        first = re.split(r"[\s(,]+", word, maxsplit=1)[0] if word else ""
        kind = _KIND_WORDS.get(first)
    if kind is None:
        raise CalendarError(BAD_KIND, text)
    return kind


def working_minutes_per_week(calendar: BusinessCalendar) -> int:
    """Working minutes in a plain week (no special days), for the settings page."""
    return sum(end - start for day in calendar.weekly for start, end in day)


# ---- working time ---------------------------------------------------------------------------


def _aware(moment: datetime, tz: str) -> datetime:
    return moment.replace(tzinfo=ZoneInfo(tz)) if moment.tzinfo is None else moment


@lru_cache(maxsize=64)
def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


def _day_bounds(calendar: BusinessCalendar, day: date, tz: str) -> tuple[tuple[float, float], ...]:
    """A date's working intervals as UTC epoch seconds (aware wall-clock maths: exact across DST)."""
    midnight = datetime.combine(day, time(0), tzinfo=_zone(tz))
    return tuple(
        (
            (midnight + timedelta(minutes=start)).timestamp(),
            (midnight + timedelta(minutes=end)).timestamp(),
        )
        for start, end in calendar.intervals_on(day)
    )


def working_seconds(
    start: datetime, end: datetime, calendar: BusinessCalendar, tz: str = DEFAULT_TZ
) -> float:
    """Working seconds in [start, end) under the calendar (naive moments are local to tz); 0 if reversed."""
    a = _aware(start, tz).timestamp()
    b = _aware(end, tz).timestamp()
    if b <= a:
        return 0.0
    zone = _zone(tz)
    day = datetime.fromtimestamp(a, zone).date()
    last = datetime.fromtimestamp(b, zone).date()
    total = 0.0
    while day <= last:
        for low, high in _day_bounds(calendar, day, tz):
            overlap = min(b, high) - max(a, low)
            if overlap > 0:
                total += overlap
        day += timedelta(days=1)
    return total


class WorkClock:
    """Working time for many spans at once: prefix sums over a range of days, then two bisects each."""

    def __init__(self, calendar: BusinessCalendar, tz: str, first: date, last: date) -> None:
        self.calendar, self.tz = calendar, tz
        self.first, self.last = first - timedelta(days=1), last + timedelta(days=1)
        self.starts: list[float] = []
        self.ends: list[float] = []
        self.before: list[float] = []  # working seconds before each interval starts
        running = 0.0
        day = self.first
        while day <= self.last:
            for low, high in _day_bounds(calendar, day, tz):
                self.starts.append(low)
                self.ends.append(high)
                self.before.append(running)
                running += high - low
            day += timedelta(days=1)
        zone = _zone(tz)
        self.low = datetime.combine(self.first, time(0), tzinfo=zone).timestamp()
        self.high = datetime.combine(
            self.last + timedelta(days=1), time(0), tzinfo=zone
        ).timestamp()

    def _position(self, moment: float) -> float:
        """Working seconds from the clock's start up to a moment."""
        i = bisect_right(self.starts, moment) - 1
        if i < 0:
            return 0.0
        return self.before[i] + min(moment, self.ends[i]) - self.starts[i]

    def seconds(self, start: float, end: float) -> float:
        """Working seconds between two epoch moments (exact; falls back to day iteration outside)."""
        if end <= start:
            return 0.0
        if start < self.low or end > self.high:
            return working_seconds(
                datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC),
                self.calendar, self.tz,
            )  # fmt: skip
        return self._position(end) - self._position(start)


# ---- statistics in working time --------------------------------------------------------------


class RequestTimes(NamedTuple):
    """The times of one closed request as UTC epoch seconds (None when missing) and its rating."""

    created: float
    assigned: float | None
    first_reply: float | None
    closed: float | None
    rating: int | None

    @classmethod
    def of(
        cls,
        created: datetime,
        assigned: datetime | None,
        first_reply: datetime | None,
        closed: datetime | None,
        rating: int | None,
    ) -> RequestTimes:
        """Build from aware moments (naive ones are taken as UTC)."""
        return cls(_epoch(created), _opt_epoch(assigned), _opt_epoch(first_reply),
                   _opt_epoch(closed), rating)  # fmt: skip


def _epoch(moment: datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _opt_epoch(moment: datetime | None) -> float | None:
    return None if moment is None else _epoch(moment)


def _span(clock: WorkClock, a: float | None, b: float | None) -> float | None:
    """Working seconds between two moments; None when either is missing or the order is wrong."""
    if a is None or b is None or b < a:
        return None
    return clock.seconds(a, b)


def working_keys(
    rows: Sequence[RequestTimes], calendar: BusinessCalendar, tz: str = DEFAULT_TZ
) -> list[tuple[str, str, str, str]]:
    """Each request's (wait, reaction, resolution, rating) buckets in working time of the
    calendar, in the order of `rows`: the cells of working_stats and the requests of each."""
    if not rows:
        return []
    zone = _zone(tz)
    moments = [m for r in rows for m in r[:4] if m is not None]
    first = datetime.fromtimestamp(min(moments), zone).date()
    last = datetime.fromtimestamp(max(moments), zone).date()
    clock = WorkClock(calendar, tz, first, last)
    return [
        (
            minute_bucket(_span(clock, created, assigned)),
            minute_bucket(_span(clock, assigned, reply)),
            resolution_bucket(_span(clock, assigned, closed)),
            rating_bucket(rating),
        )
        for created, assigned, reply, closed, rating in rows
    ]


def working_stats(
    start: date,
    end: date,
    rows: Sequence[RequestTimes],
    calendar: BusinessCalendar,
    tz: str = DEFAULT_TZ,
) -> RequestStats:
    """The §5.2 report with every duration in working time of the calendar (same requests, same shape)."""
    groups: dict[tuple[str, str, str, str], list[int]] = {}
    for key, row in zip(working_keys(rows, calendar, tz), rows, strict=True):
        slot = groups.setdefault(key, [0, 0])
        slot[0] += 1
        slot[1] += row[4] or 0
    return build_stats(
        start.isoformat(),
        end.isoformat(),
        [(w, re_, s, g, n, total) for (w, re_, s, g), (n, total) in groups.items()],
    )


def weekly_from_rows(rows: Iterable[tuple[int, int, int]]) -> tuple[tuple[Interval, ...], ...]:
    """(weekday, start, end) rows as the seven-day weekly table, each day checked and sorted."""
    days: dict[int, list[Interval]] = {d: [] for d in WEEKDAYS}
    for weekday, start, end in rows:
        if weekday not in days:
            raise CalendarError(BAD_INTERVAL, str(weekday))
        days[weekday].append((start, end))
    return tuple(check_intervals(days[d]) for d in WEEKDAYS)


def calendar_from(
    weekly_rows: Iterable[tuple[int, int, int]],
    days: Mapping[date, SpecialDay] | Iterable[SpecialDay],
) -> BusinessCalendar:
    """Assemble a calendar; with no weekly rows at all, the default week applies."""
    rows = list(weekly_rows)
    special = tuple(days.values()) if isinstance(days, Mapping) else tuple(days)
    weekly = weekly_from_rows(rows) if rows else default_calendar().weekly
    return BusinessCalendar(weekly=weekly, days=special)


# ---- report periods --------------------------------------------------------------------------


def quarter_bounds(day: date) -> tuple[date, date]:
    """The calendar quarter holding a date, as [first day, first day of the next quarter)."""
    first_month = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first_month, 1)
    end = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return start, end


def last_full_quarter(today: date) -> tuple[date, date]:
    """The last quarter that has ended by `today` (the statistics report's default period)."""
    current_start, _ = quarter_bounds(today)
    return quarter_bounds(current_start - timedelta(days=1))


def default_period(
    today: date, data_span: tuple[date, date] | None, has_data: bool
) -> tuple[date, date]:
    """The last full quarter when it has data, else the quarter of the latest data, else the former."""
    quarter = last_full_quarter(today)
    if has_data or data_span is None:
        return quarter
    return quarter_bounds(data_span[1])


# Non-working public holidays of the Russian Labour Code, art. 112 (month, day).
RU_HOLIDAYS = (
    *((1, d) for d in range(1, 9)), (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4),
)  # fmt: skip


def russian_holidays(year: int, week: BusinessCalendar | None = None) -> list[SpecialDay]:
    """A year's fixed public holidays plus the working days before them, an hour shorter (art. 95).

    Weekend transfers are set by a yearly government decree and are not here: load the
    official production calendar as a CSV for exact figures.
    """
    week = week or default_calendar()
    holidays = {date(year, m, d) for m, d in RU_HOLIDAYS}
    days = [SpecialDay(d, "holiday") for d in sorted(holidays)]
    for holiday in sorted(holidays):
        eve = holiday - timedelta(days=1)
        if eve not in holidays and eve.year == year and week.weekly[eve.weekday()]:
            days.append(SpecialDay(eve, "short"))
    return sorted(days, key=lambda d: d.day)


# ---- a year's working time (the production calendar's figures) -----------------------------


@dataclass(frozen=True)
class PeriodFigures:
    """Working days, working hours and shortened days of a month (or of a whole year)."""

    working_days: int
    working_minutes: int
    shortened_days: int

    @property
    def working_hours(self) -> float:
        return self.working_minutes / 60


def period_figures(calendar: BusinessCalendar, first: date, end: date) -> PeriodFigures:
    """Figures of the days in [first, end): a day with any working interval is a working day;
    a shortened day is a special «short» day that still has working time."""
    days = minutes = shortened = 0
    day = first
    while day < end:
        intervals = calendar.intervals_on(day)
        if intervals:
            days += 1
            minutes += sum(stop - start for start, stop in intervals)
            rule = calendar.special(day)
            if rule is not None and rule.kind == "short":
                shortened += 1
        day += timedelta(days=1)
    return PeriodFigures(days, minutes, shortened)


def year_figures(
    calendar: BusinessCalendar, year: int
) -> tuple[PeriodFigures, list[PeriodFigures]]:
    """The year's figures and each month's (January first), as the production calendar lists them."""
    months = [
        period_figures(calendar, date(year, m, 1), date(year + (m == 12), m % 12 + 1, 1))
        for m in range(1, 13)
    ]
    whole = PeriodFigures(
        sum(m.working_days for m in months),
        sum(m.working_minutes for m in months),
        sum(m.shortened_days for m in months),
    )
    return whole, months
