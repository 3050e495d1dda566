"""UTC storage and local-zone conversion (DESIGN §3): stored UTC text, shown in the configured zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
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
