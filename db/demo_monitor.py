"""Keep the monitor's demo believable on a server that runs for days (issue 14, DESIGN §1): the
demo's times move forward to today, so the live queue waits minutes, not months."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlite_utils import Database

from core.timeutil import DEFAULT_TZ, from_stored, local_day, utcnow
from db.connection import write_tx
from db.requests import rebuild_rollup
from db.settings import get_setting

REFRESH_AFTER = timedelta(minutes=30)
# every stored time of the monitor's tables, by table
TIME_COLUMNS: dict[str, tuple[str, ...]] = {
    "requests": ("created_at", "assigned_at", "first_reply_at", "closed_at", "updated_at"),
    "leads": ("created_at", "first_contact_at", "updated_at"),
    "alerts": ("created_at", "acked_at"),
    "qc_tasks": ("created_at", "done_at"),
    "connect_sessions": ("at",),
    "connect_events": ("at", "received_at"),
    "request_stale": ("at", "last_event_at"),
}


def _has_column(db: Database, table: str, column: str) -> bool:
    return any(r[1] == column for r in db.execute(f"PRAGMA table_info([{table}])"))


def shift_demo_to_now(db: Database, now: datetime | None = None) -> int:
    """Move every demo time forward so the newest request is as fresh as when the demo was made
    (the whole demo keeps its shape: waits, durations, the year's history); returns the seconds
    moved, 0 when the demo is fresh or the database holds real data."""
    if not get_setting(db, "demo_mode"):
        return 0
    now = now or utcnow()
    tz = str(get_setting(db, "timezone") or DEFAULT_TZ)
    with write_tx(db):
        newest = from_stored(db.execute("SELECT MAX(created_at) FROM requests").fetchone()[0])
        if newest is None or now - newest < REFRESH_AFTER:
            return 0
        seconds = int((now - newest).total_seconds()) - 60
        for table, columns in TIME_COLUMNS.items():
            present = [c for c in columns if _has_column(db, table, c)]
            if not present:
                continue
            sets = ", ".join(f"{c} = datetime({c}, '+{seconds} seconds')" for c in present)
            db.execute(f"UPDATE [{table}] SET {sets}")
        db.conn.executemany(
            "UPDATE requests SET created_day = ? WHERE id = ?",
            [
                (local_day(from_stored(at), tz), request_id)  # type: ignore[arg-type]
                for request_id, at in db.execute("SELECT id, created_at FROM requests").fetchall()
            ],
        )
        db.conn.executemany(
            "UPDATE connect_sessions SET day = ? WHERE key = ?",
            [
                (local_day(from_stored(at), tz), key)  # type: ignore[arg-type]
                for key, at in db.execute("SELECT key, at FROM connect_sessions").fetchall()
            ],
        )
        rebuild_rollup(db)
    return seconds
