"""Scheduling rules of background jobs (issue 10): when a job is due next, how failures back off."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

MIN_PERIOD_S = 1
MAX_PERIOD_S = 7 * 24 * 3600
MAX_RETRY_S = 3600.0
PERIOD_PREFIX = "job_period_"


def period_key(name: str) -> str:
    """The settings key holding a job's period in seconds."""
    return PERIOD_PREFIX + name


def retry_delay(period_s: float, failures: int) -> float:
    """Seconds until a job that failed `failures` times in a row runs again: the period, doubling."""
    delay = float(period_s) * 2 ** max(failures - 1, 0)
    return min(delay, max(float(period_s), MAX_RETRY_S))


def next_daily(after: datetime, hour: int, tz: str) -> datetime:
    """The first moment strictly after `after` when the local clock of `tz` shows `hour`:00."""
    zone = ZoneInfo(tz)
    local = after.astimezone(zone)
    candidate = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if candidate <= local:
        candidate = (candidate + timedelta(days=1)).replace(hour=hour)
    return candidate.astimezone(after.tzinfo)


def next_run(
    last_started: datetime | None,
    failures: int,
    period_s: float,
    known_since: datetime,
    daily_hour: int | None = None,
    tz: str = "UTC",
) -> datetime:
    """When a job is due: after a failure the backoff; a daily job at its hour; else start + period.

    A job that never ran is due at once (a daily one at its first hour after `known_since`, when
    the worker first saw it).
    """
    if last_started is None:
        if daily_hour is not None:
            return next_daily(known_since, daily_hour, tz)
        return known_since
    if failures:
        return last_started + timedelta(seconds=retry_delay(period_s, failures))
    if daily_hour is not None:
        return next_daily(last_started, daily_hour, tz)
    return last_started + timedelta(seconds=period_s)
