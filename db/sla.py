"""SLA targets in SQLite and the rows the SLA table is computed from (issue 14, item 4)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlite_utils import Database

from core.roles import Action, Actor
from core.sla import SlaTarget, SlaTimes
from core.timeutil import to_stored, utcnow
from db.audit import enforce, write_audit
from db.connection import write_tx
from db.requests import filter_sql

_EPOCH = "CAST(strftime('%s', {c}) AS REAL)"


def sla_targets(db: Database) -> dict[str, SlaTarget]:
    """Every line's target by line ('' = the default)."""
    return {
        line: SlaTarget(line, reply, resolution)
        for line, reply, resolution in db.execute(
            "SELECT line, first_reply_minutes, resolution_minutes FROM sla_targets"
        )
    }


def set_sla_targets(db: Database, actor: Actor, targets: Iterable[SlaTarget]) -> int:
    """Replace the targets (admin only, audited); a line with both minutes 0 has none."""
    enforce(db, actor, Action.MANAGE_SETTINGS)
    kept = [t for t in targets if t.first_reply_minutes > 0 or t.resolution_minutes > 0]
    with write_tx(db):
        db.execute("DELETE FROM sla_targets")
        db.conn.executemany(
            "INSERT INTO sla_targets VALUES (?, ?, ?, ?, ?)",
            [(t.line, t.first_reply_minutes, t.resolution_minutes, to_stored(utcnow()),
              actor.login) for t in kept],
        )  # fmt: skip
        write_audit(db, actor.login, "sla.update", None, lines=len(kept))
    return len(kept)


def sla_times(
    db: Database, start: date, end: date, filters: dict[str, Sequence[str]] | None = None
) -> list[SlaTimes]:
    """Closed requests created on local days [start, end) with a close time, as SLA rows."""
    where, params = filter_sql(filters)
    rows = db.execute(
        f"SELECT line, specialist, substr(created_day, 1, 7), {_EPOCH.format(c='created_at')}, "
        f"{_EPOCH.format(c='first_reply_at')}, {_EPOCH.format(c='closed_at')} FROM requests "
        "WHERE status = 'closed' AND closed_at IS NOT NULL AND created_day >= ? "
        f"AND created_day < ?{where}",
        [start.isoformat(), end.isoformat(), *params],
    ).fetchall()
    return [SlaTimes(*row) for row in rows]
