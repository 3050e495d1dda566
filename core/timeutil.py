"""UTC storage and local-zone conversion (DESIGN §3): stored UTC text, shown in the configured zone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache
from operator import attrgetter
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Europe/Moscow"
STORED_FORMAT = "%Y-%m-%d %H:%M:%S"


def utcnow() -> datetime:
    """The current moment, aware, in UTC."""
    return datetime.now(UTC)


def to_utc(moment: datetime, tz: str = DEFAULT_TZ) -> datetime:
    """Make a moment aware UTC; a naive one is a local time of `tz`."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    return moment.astimezone(UTC)


def to_stored(moment: datetime | None, tz: str = DEFAULT_TZ) -> str | None:
    """Format a moment as stored UTC text 'YYYY-MM-DD HH:MM:SS[.ffffff]' (hot path of imports)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    # isoformat is C-fast and adds microseconds only when there are any, as the format wants.
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def from_stored(text: str | None) -> datetime | None:
    """Parse stored UTC text back into an aware UTC moment."""
    if not text:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def to_local(moment: datetime, tz: str = DEFAULT_TZ) -> datetime:
    """Convert an aware moment to the configured zone."""
    return moment.astimezone(ZoneInfo(tz))


def local_day(moment: datetime, tz: str = DEFAULT_TZ) -> str:
    """The local calendar date of a moment, as 'YYYY-MM-DD' (a naive moment is already local)."""
    if moment.tzinfo is None:
        return moment.date().isoformat()
    return moment.astimezone(ZoneInfo(tz)).date().isoformat()


def local_day_start_utc(day: date, tz: str = DEFAULT_TZ) -> datetime:
    """The UTC moment at which a local date begins."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def period_utc(start: date, end: date, tz: str = DEFAULT_TZ) -> tuple[str, str]:
    """Stored-text bounds of the local-date period [start, end)."""
    return (
        local_day_start_utc(start, tz).strftime(STORED_FORMAT),
        local_day_start_utc(end, tz).strftime(STORED_FORMAT),
    )


def minutes_between(a: datetime, b: datetime) -> float:
    """Minutes from a to b (negative when b is earlier)."""
    return (b - a) / timedelta(minutes=1)


# ---------------------------------------------------------------- whole columns (imports)
#
# A 100k-row import converts its times a column at a time: when the zone keeps one UTC offset
# over the column's span (Moscow since 2014, any zone within a season) a subtraction does what
# ZoneInfo does per moment, at a tenth of the cost.

_NAIVE_EPOCH = datetime(1970, 1, 1)
_AWARE_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_PROBE_STEP = timedelta(days=14)
_TZINFO = attrgetter("tzinfo")


@lru_cache(maxsize=32)
def zone_of(tz: str) -> ZoneInfo:
    """The ZoneInfo of a zone name, cached (hot paths ask for it per column)."""
    return ZoneInfo(tz)


def fixed_offset(tz: str, first: datetime, last: datetime) -> timezone | None:
    """The zone's single UTC offset from `first` to `last` (naive local), or None when it changes
    (DST, reforms) — checked at both ends and every two weeks between."""
    if first.year < 1900 or last.year > 2200 or last < first:
        return None
    zone = zone_of(tz)
    offset = zone.utcoffset(first)
    probe = first
    while probe < last:
        probe += _PROBE_STEP
        if zone.utcoffset(min(probe, last)) != offset:
            return None
    return timezone(offset) if offset is not None else None


def utc_column(moments: Sequence[datetime | None], tz: str = DEFAULT_TZ) -> list[datetime | None]:
    """Naive UTC moments for a column (naive input is local time of `tz`), None kept."""
    present = [m for m in moments if m is not None]
    if not present:
        return [None] * len(moments)
    naive = list(map(_TZINFO, present)).count(None)
    if naive == 0:
        naive_epoch, aware_epoch = _NAIVE_EPOCH, _AWARE_EPOCH
        return [None if m is None else naive_epoch + (m - aware_epoch) for m in moments]
    if naive == len(present):
        offset = fixed_offset(tz, min(present), max(present))
        if offset is not None:
            delta = offset.utcoffset(None)
            return [None if m is None else m - delta for m in moments]
    zone = zone_of(tz)
    return [
        None
        if m is None
        else (m if m.tzinfo else m.replace(tzinfo=zone)).astimezone(UTC).replace(tzinfo=None)
        for m in moments
    ]


def stored_column(utc: Sequence[datetime | None]) -> list[str | None]:
    """Stored texts ('YYYY-MM-DD HH:MM:SS[.ffffff]') for a column of naive UTC moments."""
    return [None if m is None else m.isoformat(" ") for m in utc]


def local_day_column(utc: Sequence[datetime], tz: str = DEFAULT_TZ) -> list[str]:
    """Local calendar dates ('YYYY-MM-DD') for a column of naive UTC moments."""
    if not utc:
        return []
    zone = zone_of(tz)
    first, last = (m.replace(tzinfo=UTC).astimezone(zone) for m in (min(utc), max(utc)))
    offset = fixed_offset(tz, first.replace(tzinfo=None), last.replace(tzinfo=None))
    if offset is not None:
        delta = offset.utcoffset(None)
        return [(m + delta).date().isoformat() for m in utc]
    return [m.replace(tzinfo=UTC).astimezone(zone).date().isoformat() for m in utc]


def seconds_column(
    starts: Sequence[datetime | None], ends: Sequence[datetime | None]
) -> list[float | None]:
    """Seconds from start to end per row (same kind of moments); None when either is missing or
    the end is before the start."""
    spans = [
        None if a is None or b is None else (b - a).total_seconds()
        for a, b in zip(starts, ends, strict=True)
    ]
    return [None if s is None or s < 0 else s for s in spans]
