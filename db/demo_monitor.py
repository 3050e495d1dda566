"""Keep the monitor's demo believable on a server that runs for days (issue 14, DESIGN §1): the
demo's times move forward to today, so the live queue waits minutes, not months."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta

from sqlite_utils import Database

from core.alerts import Thresholds
from core.demo import DemoWorld, person_name
from core.timeutil import DEFAULT_TZ, from_stored, local_day, to_stored, utcnow
from db.connection import write_tx
from db.requests import rebuild_rollup
from db.settings import get_setting, get_settings

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
        forget_unreached_waits(db, now)
        rebuild_rollup(db)
    return seconds


def forget_unreached_waits(db: Database, now: datetime) -> int:
    """After the demo moved to today, its open wait alerts whose limit the request has not yet
    reached again: raised on the old timeline, they would tell of a miss «в 18:26» at 17:44 (the
    alerts job raises them again when the wait really passes its limit). Returns how many."""
    limits = Thresholds.from_settings(get_settings(db))
    gone = []
    for alert_id, kind, created in db.execute(
        "SELECT a.id, a.kind, r.created_at FROM alerts a JOIN requests r ON r.id = a.request_id "
        "WHERE a.acked_at IS NULL AND a.kind IN ('wait_warning', 'missed')"
    ).fetchall():
        passed = limits.wait_passed_at(kind, created)
        if passed is not None and passed > now:
            gone.append((alert_id,))
    # their callback tasks were raised on the old timeline too: an open one goes with its alert
    db.conn.executemany("DELETE FROM qc_tasks WHERE alert_id = ? AND status = 'open'", gone)
    db.conn.executemany("UPDATE qc_tasks SET alert_id = NULL WHERE alert_id = ?", gone)
    db.conn.executemany("DELETE FROM alerts WHERE id = ?", gone)
    return len(gone)


def fill_demo_connect(db: Database, world: DemoWorld, seed: int, today: date) -> None:
    """Demo filler: the 1C-Connect directory's client cards (phone, contact person) and a year of
    remote-access sessions and calls beside the demo requests (seed 004: more remote sessions
    than requests — 7,690 against 6,118 a month)."""
    rng = random.Random(f"demo-connect:{seed}")
    stamp = to_stored(utcnow())
    db.conn.executemany(
        "INSERT OR REPLACE INTO connect_directory (kind, guid, name, inn, phone, contact, "
        "updated_at) VALUES ('client', ?, ?, ?, ?, ?, ?)",
        [
            (f"demo-client-{i:04d}", c.name, c.inn,
             f"+7 ({rng.choice(('495', '499', '343', '812', '916', '903'))}) "
             f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
             person_name(rng), stamp)
            for i, c in enumerate(world.clients)
        ],
    )  # fmt: skip
    tz = str(get_setting(db, "timezone") or DEFAULT_TZ)
    rows = []
    for request_id, assigned, closed, specialist, client, line in db.execute(
        "SELECT id, assigned_at, closed_at, specialist, client, line FROM requests "
        "WHERE status = 'closed' AND assigned_at IS NOT NULL AND closed_at IS NOT NULL"
    ).fetchall():
        start, end = from_stored(assigned), from_stored(closed)
        if start is None or end is None:
            continue
        span = max(60.0, min((end - start).total_seconds(), 6 * 3600))
        sessions = rng.choices((0, 1, 2, 3), weights=(28, 45, 20, 7))[0]
        calls = rng.choices((0, 1), weights=(75, 25))[0]
        for n in range(sessions + calls):
            kind = "remote" if n < sessions else "call"
            at = start + timedelta(seconds=rng.uniform(0, span))
            failed = rng.random() < (0.08 if kind == "remote" else 0.15)
            code = (rng.choice((54, 55, 57, 60)) if kind == "remote" else rng.choice((23, 25, 31))) if failed else (52 if kind == "remote" else 22)  # fmt: skip
            seconds = None if failed else round(math.exp(rng.uniform(math.log(90), math.log(2700))))
            rows.append((f"demo:{request_id}:{n}", kind, request_id, to_stored(at),
                         local_day(at, tz), "failed" if failed else "ok", code, seconds,
                         specialist, client, line))  # fmt: skip
    db.conn.executemany(
        "INSERT OR REPLACE INTO connect_sessions (key, kind, treatment_id, at, day, outcome, "
        "code, seconds, specialist, client, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
