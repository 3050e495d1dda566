"""The business calendar in SQLite (calendar_weekly, calendar_days) and request times for working time."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from core.calendar import (
    BusinessCalendar,
    RequestTimes,
    SpecialDay,
    calendar_from,
    default_calendar,
    format_clock,
    format_intervals,
    parse_clock,
    parse_intervals,
    russian_holidays,
    weekly_from_rows,
)
from core.roles import Action, Actor
from db.audit import enforce, write_audit
from db.connection import write_tx
from db.requests import filter_sql


def weekly_rows(db: Database) -> list[tuple[int, int, int]]:
    """The stored weekly intervals as (weekday, start minute, end minute), Monday first."""
    rows = db.execute(
        'SELECT weekday, start, "end" FROM calendar_weekly ORDER BY weekday, start'
    ).fetchall()
    return [(int(w), parse_clock(s), parse_clock(e)) for w, s, e in rows]


def special_days(
    db: Database, start: date | None = None, end: date | None = None
) -> list[SpecialDay]:
    """Stored holidays, shortened and extra working days, by date, optionally within [start, end)."""
    where, params = "1=1", []
    if start is not None:
        where += " AND day >= ?"
        params.append(start.isoformat())
    if end is not None:
        where += " AND day < ?"
        params.append(end.isoformat())
    rows = db.execute(
        f"SELECT day, kind, intervals FROM calendar_days WHERE {where} ORDER BY day", params
    ).fetchall()
    return [
        SpecialDay(date.fromisoformat(d), k, parse_intervals(i) if i else None) for d, k, i in rows
    ]


def is_configured(db: Database) -> bool:
    """True when someone saved a weekly schedule (otherwise the default week applies)."""
    return db.execute("SELECT 1 FROM calendar_weekly LIMIT 1").fetchone() is not None


def load_calendar(db: Database) -> BusinessCalendar:
    """The business calendar: stored week and special days; Mon–Fri 9–18 with lunch when none."""
    return calendar_from(weekly_rows(db), special_days(db))


def save_weekly(db: Database, actor: Actor, rows: Iterable[tuple[int, int, int]]) -> int:
    """Replace the weekly schedule (admin only, audited); rows are checked for overlaps first."""
    enforce(db, actor, Action.MANAGE_SETTINGS)
    weekly = weekly_from_rows(rows)
    flat = [(d, a, b) for d, day in enumerate(weekly) for a, b in day]
    with write_tx(db):
        db.execute("DELETE FROM calendar_weekly")
        db.conn.executemany(
            'INSERT INTO calendar_weekly (weekday, start, "end") VALUES (?, ?, ?)',
            [(d, format_clock(a), format_clock(b)) for d, a, b in flat],
        )
        write_audit(db, actor.login, "calendar.weekly", None, intervals=len(flat))
    return len(flat)


def store_days(
    db: Database, actor: Actor, days: Sequence[SpecialDay], replace: bool = False
) -> int:
    """Upsert special days by date in one transaction (admin only, audited); `replace` clears first."""
    enforce(db, actor, Action.MANAGE_SETTINGS)
    with write_tx(db):
        if replace:
            db.execute("DELETE FROM calendar_days")
        db.conn.executemany(
            "INSERT INTO calendar_days (day, kind, intervals) VALUES (?, ?, ?) "
            "ON CONFLICT(day) DO UPDATE SET kind = excluded.kind, intervals = excluded.intervals",
            [
                (d.day.isoformat(), d.kind,
                 format_intervals(d.intervals) if d.intervals is not None else None)
                for d in days
            ],
        )  # fmt: skip
        write_audit(db, actor.login, "calendar.days", None, days=len(days), replace=replace)
    return len(days)


def clear_days(db: Database, actor: Actor) -> int:
    """Remove every special day (admin only, audited); returns how many were removed."""
    enforce(db, actor, Action.MANAGE_SETTINGS)
    with write_tx(db):
        removed = db.execute("DELETE FROM calendar_days").rowcount
        write_audit(db, actor.login, "calendar.clear", None, days=removed)
    return int(removed)


def days_table(db: Database) -> list[dict[str, Any]]:
    """Special days as rows for the admin page: day, kind, intervals text."""
    return [
        {"day": d, "kind": k, "intervals": i or ""}
        for d, k, i in db.execute(
            "SELECT day, kind, intervals FROM calendar_days ORDER BY day"
        ).fetchall()
    ]


_TIME_COLUMNS = ("created_at", "assigned_at", "first_reply_at", "closed_at")
_EPOCH = (
    "(CAST(strftime('%s', {column}) AS INTEGER) "
    "+ COALESCE(CAST('0' || substr({column}, 20) AS REAL), 0))"
)


def request_times(
    db: Database, start: date, end: date, filters: dict[str, Sequence[str]] | None = None
) -> list[RequestTimes]:
    """Times and rating of the closed requests created on local days [start, end), for working time."""
    return request_times_by_id(db, start, end, filters)[1]


def request_times_by_id(
    db: Database, start: date, end: date, filters: dict[str, Sequence[str]] | None = None
) -> tuple[list[str], list[RequestTimes]]:
    """request_times with each request's id beside it (the drill-down of a working-time cell).
    The requests the statistics count: closed with a known close time (a stale close has none)."""
    where, params = filter_sql(filters)
    # Epoch seconds computed by SQLite in C: integer seconds plus the stored fraction, NULL stays NULL.
    epochs = ", ".join(_EPOCH.format(column=c) for c in _TIME_COLUMNS)
    rows = db.execute(
        f"SELECT id, {epochs}, rating FROM requests WHERE status = 'closed' "
        f"AND closed_at IS NOT NULL AND created_day >= ? AND created_day < ?{where}",
        [start.isoformat(), end.isoformat(), *params],
    ).fetchall()
    kept = [row for row in rows if row[1] is not None]
    return [row[0] for row in kept], [RequestTimes(*row[1:]) for row in kept]


def fill_demo_calendar(db: Database, world: object, seed: int, today: date) -> None:
    """Demo filler: the default week and the public holidays of last, this and next year."""
    rows = [(d, a, b) for d, day in enumerate(default_calendar().weekly) for a, b in day]
    db.conn.executemany(
        'INSERT INTO calendar_weekly (weekday, start, "end") VALUES (?, ?, ?)',
        [(d, format_clock(a), format_clock(b)) for d, a, b in rows],
    )
    days = [
        d for year in (today.year - 1, today.year, today.year + 1) for d in russian_holidays(year)
    ]
    db.conn.executemany(
        "INSERT OR REPLACE INTO calendar_days (day, kind, intervals) VALUES (?, ?, NULL)",
        [(d.day.isoformat(), d.kind) for d in days],
    )
