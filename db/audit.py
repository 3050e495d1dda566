"""The audit log: every login, refusal and data-changing action (DESIGN §4)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from core.roles import Action, Actor, PermissionDenied, can
from core.timeutil import to_stored, utcnow


def write_audit(
    db: Database,
    login: str | None,
    action: str,
    target: str | None = None,
    *,
    when: datetime | None = None,
    **details: Any,
) -> None:
    """Append one audit row (at `when`, for actions dated by their caller, else now); runs inside
    the caller's transaction when there is one."""
    db.execute(
        "INSERT INTO audit_log (at, login, action, target, details) VALUES (?, ?, ?, ?, ?)",
        [
            to_stored(when or utcnow()),
            login,
            action,
            target,
            json.dumps(details, ensure_ascii=False, default=str) if details else None,
        ],
    )


def list_audit(
    db: Database,
    login: str | None = None,
    action: str | None = None,
    start: str | None = None,
    end: str | None = None,
    limit: int = 5000,
) -> list[dict[str, Any]]:
    """Audit rows, newest first, filtered by user, action and stored-UTC bounds [start, end)."""
    where, params = ["1=1"], []
    if login:
        where.append("login = ?")
        params.append(login)
    if action:
        where.append("action = ?")
        params.append(action)
    if start:
        where.append("at >= ?")
        params.append(start)
    if end:
        where.append("at < ?")
        params.append(end)
    params.append(limit)
    sql = (
        "SELECT id, at, login, action, target, details FROM audit_log WHERE "
        + " AND ".join(where)
        + " ORDER BY id DESC LIMIT ?"
    )
    return list(db.query(sql, params))


def list_audit_actions(db: Database) -> list[str]:
    """Distinct action names, for the filter."""
    return [r["action"] for r in db.query("SELECT DISTINCT action FROM audit_log ORDER BY action")]


def enforce(db: Database, actor: Actor, action: Action) -> None:
    """Refuse an action the actor's role may not perform, recording the refusal in the audit log."""
    if not can(actor.role, action):
        write_audit(db, actor.login, "permission.denied", str(action))
        raise PermissionDenied(actor.role, action)
