"""Monitor alerts and the QC callback tasks they open: scan (idempotent), list, acknowledge."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from core.alerts import (
    CALLBACK_KINDS,
    CALLBACK_TASK,
    LOW_RATING,
    MISSED,
    RECENT_WINDOW,
    WAIT_WARNING,
    DueAlert,
    Thresholds,
    due_rating_alerts,
    due_wait_alerts,
)
from core.directory import named_row
from core.notify import CALLBACK_TASK as CALLBACK_EVENT
from core.notify import LOW_RATING as LOW_RATING_EVENT
from core.notify import MISSED_REQUEST
from core.roles import Action, Actor
from core.timeutil import DEFAULT_TZ, local_day, to_stored, utcnow
from db.audit import enforce, write_audit
from db.connection import write_tx
from db.directory import directory_names
from db.notify import notify_event

SYSTEM_LOGIN = "system"
# Alerts that e-mail their subscribers (core.notify events), and the page the mail links to.
ALERT_EVENTS = {MISSED: MISSED_REQUEST, LOW_RATING: LOW_RATING_EVENT}
MONITOR_LINK, CALLBACKS_LINK = "/monitor", "/callbacks"
_ROW = (
    "id, line, client, specialist, created_at, assigned_at, closed_at, status, rating, "
    "rating_comment"
)


class AlertNotFound(LookupError):
    """No alert has this id."""


@dataclass
class ScanResult:
    """What one scan changed: alerts created (kind, request id), callback tasks opened, warnings closed."""

    created: list[tuple[str, str]] = field(default_factory=list)
    tasks: int = 0
    resolved: int = 0


def _waiting_rows(db: Database, now: datetime, limits: Thresholds) -> list[dict[str, Any]]:
    """Open requests still unassigned past the warning limit (partial index on open rows)."""
    cutoff = to_stored(now - timedelta(minutes=limits.wait_warning_minutes))
    return list(
        db.query(
            f"SELECT {_ROW} FROM requests WHERE status = 'open' AND assigned_at IS NULL "
            "AND created_at <= ?",
            [cutoff],
        )
    )


def _late_rows(db: Database, now: datetime, limits: Thresholds, tz: str) -> list[dict[str, Any]]:
    """Recent requests that were taken (or closed) only after the missed limit (day index)."""
    since = local_day(now - RECENT_WINDOW, tz)
    return list(
        db.query(
            f"SELECT {_ROW} FROM requests WHERE created_day >= ? AND ("
            "wait_s >= ? OR (assigned_at IS NULL AND closed_at IS NOT NULL "
            "AND (julianday(closed_at) - julianday(created_at)) * 1440 >= ?))",
            [since, limits.wait_missed_minutes * 60, limits.wait_missed_minutes],
        )
    )


def _rated_rows(db: Database, now: datetime, limits: Thresholds) -> list[dict[str, Any]]:
    """Requests closed recently with a low rating (closed_at index, whatever the history size)."""
    since = to_stored(now - RECENT_WINDOW)
    return list(
        db.query(
            f"SELECT {_ROW} FROM requests WHERE closed_at >= ? AND rating <= ?",
            [since, limits.low_rating_max],
        )
    )


def _insert(db: Database, alert: DueAlert, at: str) -> int | None:
    """Create the alert unless this kind already exists for the request; its id when new."""
    cursor = db.execute(
        "INSERT INTO alerts (kind, request_id, created_at, details) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(kind, request_id) DO NOTHING",
        [alert.kind, alert.request_id, at, json.dumps(alert.details, ensure_ascii=False)],
    )
    return int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid else None


def _resolve_warnings(db: Database, at: str, request_id: str | None = None) -> int:
    """Close open waiting warnings whose request is taken or closed, or (with an id) is now missed."""
    if request_id is not None:
        cursor = db.execute(
            "UPDATE alerts SET acked_at = ?, acked_by = ? WHERE kind = ? AND request_id = ? "
            "AND acked_at IS NULL",
            [at, SYSTEM_LOGIN, WAIT_WARNING, request_id],
        )
        return cursor.rowcount
    cursor = db.execute(
        "UPDATE alerts SET acked_at = ?, acked_by = ? WHERE acked_at IS NULL AND +kind = ? "
        "AND EXISTS (SELECT 1 FROM requests r WHERE r.id = alerts.request_id "
        "AND (r.assigned_at IS NOT NULL OR r.status = 'closed'))",
        [at, SYSTEM_LOGIN, WAIT_WARNING],
    )
    return cursor.rowcount


def scan_alerts(db: Database, now: datetime, settings: Mapping[str, Any]) -> ScanResult:
    """Create every alert due now, once per kind and request; 'missed'/'low_rating' open a callback."""
    limits = Thresholds.from_settings(settings)
    tz = str(settings.get("timezone") or DEFAULT_TZ)
    at = to_stored(now) or ""
    result = ScanResult()
    with write_tx(db):
        waiting = {r["id"]: r for r in _waiting_rows(db, now, limits)}
        for row in _late_rows(db, now, limits, tz):
            waiting.setdefault(row["id"], row)
        due = [
            *due_wait_alerts(waiting.values(), now, limits),
            *due_rating_alerts(_rated_rows(db, now, limits), limits),
        ]
        for alert in due:
            alert_id = _insert(db, alert, at)
            if alert_id is None:
                continue
            result.created.append((alert.kind, alert.request_id))
            params = named_row(_mail_params(alert), directory_names(db))  # issue 14: names
            if alert.kind in ALERT_EVENTS:
                notify_event(db, ALERT_EVENTS[alert.kind], params, link=MONITOR_LINK, now=now)
            if alert.kind == MISSED:
                result.resolved += _resolve_warnings(db, at, alert.request_id)
            if alert.kind in CALLBACK_KINDS:
                cursor = db.execute(
                    "INSERT INTO qc_tasks (kind, request_id, alert_id, created_at, note) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(kind, request_id) DO NOTHING",
                    [CALLBACK_TASK, alert.request_id, alert_id, at, alert.kind],
                )
                result.tasks += cursor.rowcount
                if cursor.rowcount:
                    notify_event(
                        db, CALLBACK_EVENT, {**params, "reason": alert.kind},
                        link=CALLBACKS_LINK, now=now,
                    )  # fmt: skip
        result.resolved += _resolve_warnings(db, at)
        if result.created:
            write_audit(
                db, SYSTEM_LOGIN, "alerts.scan", None, created=len(result.created),
                tasks=result.tasks,
            )  # fmt: skip
    return result


def _mail_params(alert: DueAlert) -> dict[str, Any]:
    """What an alert's e-mail tells: the request, client, specialist, line, wait, rating, comment."""
    details = alert.details
    wait = details.get("wait_minutes")
    return {
        "request_id": alert.request_id,
        "client": details.get("client") or "",
        "specialist": details.get("specialist") or "",
        "line": details.get("line") or "",
        "wait_minutes": round(wait) if isinstance(wait, int | float) else "",
        "rating": details.get("rating", ""),
        "comment": details.get("comment") or "",
    }


def _with_details(row: dict[str, Any]) -> dict[str, Any]:
    details = json.loads(row.pop("details") or "{}")
    for key in ("client", "specialist", "line"):
        # The request's current values win: a missed request may have been taken since.
        row[key] = row.get(key) or details.get(key) or ""
    row["rating"] = details.get("rating")
    row["comment"] = details.get("comment") or ""
    row["wait_minutes"] = details.get("wait_minutes")
    return row


def open_alerts(db: Database, limit: int = 50) -> list[dict[str, Any]]:
    """Unacknowledged alerts, newest first, with client, specialist, rating and comment."""
    rows = db.query(
        "SELECT a.id, a.kind, a.request_id, a.created_at, a.details, r.client, r.specialist, "
        "r.line, r.status FROM alerts a LEFT JOIN requests r ON r.id = a.request_id "
        "WHERE a.acked_at IS NULL ORDER BY a.created_at DESC, a.id DESC LIMIT ?",
        [limit],
    )
    return [_with_details(dict(row)) for row in rows]


def count_open_alerts(db: Database) -> dict[str, int]:
    """How many unacknowledged alerts of each kind there are."""
    return {
        kind: n
        for kind, n in db.execute(
            "SELECT kind, COUNT(*) FROM alerts WHERE acked_at IS NULL GROUP BY kind"
        ).fetchall()
    }


def ack_alert(db: Database, actor: Actor, alert_id: int, now: datetime | None = None) -> bool:
    """Acknowledge an alert (viewer refused, audited); False when it was already acknowledged."""
    enforce(db, actor, Action.ACK_ALERTS)
    at = to_stored(now or utcnow())
    with write_tx(db):
        row = db.execute(
            "SELECT kind, request_id, acked_at FROM alerts WHERE id = ?", [alert_id]
        ).fetchone()
        if row is None:
            raise AlertNotFound(alert_id)
        if row[2] is not None:
            return False
        db.execute(
            "UPDATE alerts SET acked_at = ?, acked_by = ? WHERE id = ?", [at, actor.login, alert_id]
        )
        write_audit(db, actor.login, "alert.ack", str(alert_id), kind=row[0], request=row[1])
    return True


class TaskNotFound(LookupError):
    """No callback task has this id."""


def callback_tasks(db: Database, status: str = "open", limit: int = 200) -> list[dict[str, Any]]:
    """QC callback tasks opened by alerts, oldest open first (newest first once done)."""
    order = "t.created_at, t.id" if status == "open" else "t.created_at DESC, t.id DESC"
    return list(
        db.query(
            "SELECT t.id, t.request_id, t.created_at, t.status, t.note, t.assignee, t.done_at, "
            "COALESCE(a.kind, t.note) AS reason, r.client, r.specialist, r.line, r.rating, "
            "r.rating_comment FROM qc_tasks t LEFT JOIN requests r ON r.id = t.request_id "
            "LEFT JOIN alerts a ON a.id = t.alert_id "
            f"WHERE t.kind = ? AND t.status = ? ORDER BY {order} LIMIT ?",
            [CALLBACK_TASK, status, limit],
        )
    )


def count_callback_tasks(db: Database) -> int:
    """How many callback tasks are still open."""
    return db.execute(
        "SELECT COUNT(*) FROM qc_tasks WHERE kind = ? AND status = 'open'", [CALLBACK_TASK]
    ).fetchone()[0]


class OutcomeRequired(ValueError):
    """A callback is closed only with what the client said."""


def complete_task(
    db: Database, actor: Actor, task_id: int, outcome: str, now: datetime | None = None
) -> bool:
    """Record the callback's outcome and close the task (QC, head, admin; audited)."""
    enforce(db, actor, Action.WORK_CALLBACKS)
    if not outcome.strip():
        raise OutcomeRequired()
    with write_tx(db):
        row = db.execute(
            "SELECT status, request_id FROM qc_tasks WHERE id = ?", [task_id]
        ).fetchone()
        if row is None:
            raise TaskNotFound(task_id)
        if row[0] == "done":
            return False
        db.execute(
            "UPDATE qc_tasks SET status = 'done', note = ?, assignee = ?, done_at = ? WHERE id = ?",
            [outcome.strip(), actor.login, to_stored(now or utcnow()), task_id],
        )
        write_audit(db, actor.login, "callback.done", str(task_id), request=row[1])
    return True


def list_alerts(
    db: Database, start: str | None = None, end: str | None = None, limit: int = 100_000
) -> list[dict[str, Any]]:
    """Alerts raised in [start, end) (stored UTC texts), oldest first: `report alerts`."""
    where, params = ["1=1"], []
    if start:
        where.append("created_at >= ?")
        params.append(start)
    if end:
        where.append("created_at < ?")
        params.append(end)
    return list(
        db.query(
            "SELECT kind, request_id, created_at AS at, acked_at IS NOT NULL AS acknowledged "
            f"FROM alerts WHERE {' AND '.join(where)} ORDER BY created_at, id LIMIT ?",
            [*params, limit],
        )
    )
