"""POST /hooks/1c-connect without HTTP: check the shared secret, store the events, raise alerts.

server.py only reads the request (headers, query, body up to MAX_BODY) and calls these functions
in a worker thread, so the whole rule set is testable with a plain database connection.

Every malformed input gets 400/413/422 with a JSON reason, never a 500 (issue 8): parse_hook_body
raises only HookRejected, and a batch is stored all or nothing. An event of an unknown type, or
an event object whose type is missing or malformed, is kept in connect_events but opens no
request.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from core.connect import ConnectEvent
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
MAX_EVENTS = 5000  # events in one call; 1C-Connect pushes them one by one
SECRET_HEADER = "x-qc-secret"
HOOK_LOGIN = "1c-connect"
SHOWN_REJECTS = 50  # rejects named in a refusal; the count is in the problems anyway


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


class HookRejected(Exception):
    """A body the webhook refuses as a whole: HTTP status, code (a key of HOOK_MESSAGES), the
    rejected events (core.imports.Problem JSON) and a technical detail."""

    def __init__(
        self, status: int, code: str, rejects: list[dict[str, Any]] | None = None, detail: str = ""
    ) -> None:
        super().__init__(code)
        self.status, self.code, self.rejects, self.detail = status, code, rejects or [], detail

    def answer(self) -> HookAnswer:
        """The JSON answer for this refusal."""
        extra: dict[str, Any] = {"rejects": self.rejects} if self.rejects else {}
        if self.detail:
            extra["detail"] = self.detail
        return _refusal(self.status, self.code, **extra)


def parse_hook_body(
    body: bytes, tz: str = DEFAULT_TZ, received: datetime | None = None
) -> list[ConnectEvent]:
    """The events of one webhook body, every one usable, or HookRejected (and nothing else):
    400 not UTF-8 / not JSON / unsafe JSON / no event at all, 413 body or batch too big, 422 a
    batch with any unusable event (all or nothing)."""
    if len(body) > MAX_BODY:
        raise HookRejected(413, "too_large")
    try:
        result = read_connect_events(body, tz, received)
    except TableError as exc:
        raise HookRejected(400, "bad_json", detail=str(exc.detail)[:300]) from None
    rejects = [p.to_json() for p in result.problems[:SHOWN_REJECTS]]
    if any(p.reason == BAD_JSON for p in result.problems):
        raise HookRejected(400, "bad_json", rejects)
    if result.problems:
        raise HookRejected(422, "bad_event", rejects)
    if len(result.records) > MAX_EVENTS:
        raise HookRejected(413, "too_many")
    if not result.records:
        raise HookRejected(400, "bad_json")  # empty, `[]`, `{}` with no event in it
    return list(result.records)


def too_large() -> HookAnswer:
    """The answer to a body over MAX_BODY (nothing stored)."""
    return _refusal(413, "too_large")


def handle_connect_hook(
    db: Database, provided: str | None, body: bytes, now: datetime | None = None
) -> HookAnswer:
    """Check the secret, read the events, store them and scan alerts, all in one transaction.

    Wrong or missing secret -> 403; the rest of the refusals are parse_hook_body's, and none of
    them stores anything. A repeated event is recognised by its key and changes nothing.
    """
    refused = check_secret(db, provided)
    if refused is not None:
        return refused
    settings = get_settings(db)
    tz = str(settings.get("timezone") or DEFAULT_TZ)
    now = now or utcnow()
    try:
        events = parse_hook_body(body, tz, now)
    except HookRejected as rejected:
        return rejected.answer()
    with write_tx(db):
        affected = store_events(db, events, tz)
        stored = int(getattr(affected, "written", 0))
        alerts = scan_alerts(db, now, settings)
        if stored:
            write_audit(db, HOOK_LOGIN, "hook.connect", None, stored=stored,
                        requests=len(affected))  # fmt: skip
    return HookAnswer(
        200,
        {
            "stored": stored,
            "requests": sorted(affected),
            "rejected": 0,
            "rejects": [],
            "alerts": len(alerts.created),
            "message": texts.HOOK_MESSAGES["ok"].format(stored=stored),
        },
    )
