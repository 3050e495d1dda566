"""POST /hooks/1c-connect without HTTP: check the shared secret, store the events, raise alerts.

server.py only reads the request (headers, query, body up to MAX_BODY) and calls these functions
in a worker thread, so the whole rule set is testable with a plain database connection.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from core.imports import BAD_JSON
from core.timeutil import DEFAULT_TZ, utcnow
from db.alerts import scan_alerts
from db.audit import write_audit
from db.connect import store_events
from db.connection import write_tx
from db.settings import get_settings
from importers.connect import read_connect_events
from importers.tabular import TableError
from ui import texts

MAX_BODY = 1024 * 1024  # 1 MB: a burst of events, never a file upload
SECRET_HEADER = "x-qc-secret"
HOOK_LOGIN = "1c-connect"


@dataclass(frozen=True)
class HookAnswer:
    """HTTP status and JSON body of one webhook call."""

    status: int
    payload: dict[str, Any]


def _refusal(status: int, code: str, **extra: Any) -> HookAnswer:
    return HookAnswer(status, {"error": code, "message": texts.HOOK_MESSAGES[code], **extra})


def check_secret(db: Database, provided: str | None) -> HookAnswer | None:
    """A 403 answer unless a secret is configured and the caller sent exactly it; None when fine."""
    configured = str(get_settings(db).get("connect_webhook_secret") or "")
    if not configured:
        return _refusal(403, "disabled")
    if not provided or not hmac.compare_digest(
        configured.encode("utf-8"), provided.encode("utf-8")
    ):
        return _refusal(403, "bad_secret")
    return None


def too_large() -> HookAnswer:
    """The answer to a body over MAX_BODY (nothing stored)."""
    return _refusal(413, "too_large")


def handle_connect_hook(
    db: Database, provided: str | None, body: bytes, now: datetime | None = None
) -> HookAnswer:
    """Check the secret, read the events, store them and scan alerts, all in one transaction.

    Wrong or missing secret -> 403, body over 1 MB -> 413, body that is not JSON -> 400, JSON
    without one usable event -> 422; none of these stores anything. A repeated event is recognised by its key and changes nothing.
    """
    refused = check_secret(db, provided)
    if refused is not None:
        return refused
    if len(body) > MAX_BODY:
        return too_large()
    settings = get_settings(db)
    tz = str(settings.get("timezone") or DEFAULT_TZ)
    try:
        result = read_connect_events(body, tz)
    except TableError:
        return _refusal(400, "bad_json")
    rejects = [p.to_json() for p in result.problems]
    if any(p.reason == BAD_JSON for p in result.problems) or not (result.records or rejects):
        return _refusal(400, "bad_json", rejects=rejects)
    if not result.records:
        return _refusal(422, "no_events", rejects=rejects)
    with write_tx(db):
        affected = store_events(db, result.records, tz)
        stored = int(getattr(affected, "written", 0))
        alerts = scan_alerts(db, now or utcnow(), settings)
        if stored:
            write_audit(
                db, HOOK_LOGIN, "hook.connect", None, stored=stored, requests=len(affected),
                rejected=len(rejects),
            )  # fmt: skip
    return HookAnswer(
        200,
        {
            "stored": stored,
            "requests": sorted(affected),
            "rejected": len(rejects),
            "rejects": rejects,
            "alerts": len(alerts.created),
            "message": texts.HOOK_MESSAGES["ok"].format(stored=stored),
        },
    )
