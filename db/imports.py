"""Storing one import of the foundation's kinds (requests, 1C-Connect, the business calendar) as a
single transaction through db.import_log.store_import."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from core.calendar import SpecialDay, format_intervals
from core.imports import ImportResult
from core.roles import Action, Actor
from core.timeutil import DEFAULT_TZ
from db.connect import store_events, store_open_snapshot
from db.import_log import store_import
from db.requests import Progress, upsert_requests

REQUEST_KINDS = ("requests", "connect-open", "connect-events")


def store_request_import(
    db: Database,
    actor: Actor,
    kind: str,
    file_name: str,
    data_hash: str,
    result: ImportResult[Any],
    tz: str = DEFAULT_TZ,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write records, rejects and the import log row all or nothing; returns the CLI's import JSON.

    Shared by `cli.py import`, `sync connect` and the UI import page. Natural keys make a
    repeated import change nothing: it reports imported 0 and every good row as a duplicate.
    `progress` hears how a file's requests are being written (see upsert_requests).
    """
    if kind not in REQUEST_KINDS:
        raise ValueError(kind)

    def write(db: Database, records: Sequence[Any], import_id: int) -> tuple[int, int]:
        if kind == "requests":
            done = upsert_requests(db, records, tz, import_id, progress)
            return done.written, done.unchanged
        if kind == "connect-open":
            stored = store_open_snapshot(db, records, tz)
        else:
            stored = store_events(db, records, tz)
        return stored.written, stored.unchanged

    return store_import(db, actor, kind, file_name, data_hash, result, write)


def store_calendar_import(
    db: Database,
    actor: Actor,
    kind: str,
    file_name: str,
    data_hash: str,
    result: ImportResult[SpecialDay],
    tz: str = DEFAULT_TZ,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Special days by date (admin only). An official production calendar (xmlcalendar) replaces
    the special days of the years it covers; other files add or change single dates."""

    def write(db: Database, records: Sequence[SpecialDay], import_id: int) -> tuple[int, int]:
        before = _calendar_rows(db)
        for year in getattr(records, "years", ()):
            db.execute(
                "DELETE FROM calendar_days WHERE day >= ? AND day < ?",
                [f"{year:04d}-01-01", f"{year + 1:04d}-01-01"],
            )
        db.conn.executemany(
            "INSERT INTO calendar_days (day, kind, intervals) VALUES (?, ?, ?) "
            "ON CONFLICT(day) DO UPDATE SET kind = excluded.kind, intervals = excluded.intervals",
            [
                (d.day.isoformat(), d.kind,
                 format_intervals(d.intervals) if d.intervals is not None else None)
                for d in records
            ],
        )  # fmt: skip
        after = _calendar_rows(db)
        changed = sum(
            1 for day in after.keys() | before.keys() if before.get(day) != after.get(day)
        )
        return changed, max(len(records) - changed, 0)

    return store_import(
        db, actor, kind, file_name, data_hash, result, write, action=Action.MANAGE_SETTINGS
    )


def _calendar_rows(db: Database) -> dict[str, str]:
    return dict(db.execute("SELECT day, kind || '|' || COALESCE(intervals, '') FROM calendar_days"))
