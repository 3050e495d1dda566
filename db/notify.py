"""E-mail notifications: queue messages in the outbox inside the caller's transaction (issue 10).

How a module adds an event (three one-line appends, no other file to touch):
1. core/notify.py EVENTS: `EventSpec("equipment_due", frozenset({Role.HEAD}))` — the code and
   the roles that get it until a user chooses otherwise (users choose on «Пользователи»).
2. ui/texts/notify.py EVENT_TITLES: `"equipment_due": "Подходит срок обслуживания"` — the name
   users see in their choices.
3. Where the event happens, in the same transaction as the change that causes it:
   - code that has its Russian text (a page, a command, a job in worker.py) calls
     `notify(db, "equipment_due", subject=..., body=..., link="/equipment")`;
   - a db/ function (which may not import ui.texts) calls
     `notify_event(db, "equipment_due", {"serial": ...}, link="/equipment")` and adds the
     templates to ui/texts/notify.py EVENT_MAIL["equipment_due"] = (subject, body) with those
     {placeholders}; the mail job renders them when it sends.
   Both return how many messages were queued (0 when nobody is subscribed or has an e-mail).
The `send_mail` job of worker.py sends the outbox over SMTP with retries and backoff; a user with
the daily digest gets one summary a day instead (the `digest` job).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from core.notify import (
    DIGESTED,
    EVENT_CODES,
    FAILED,
    HELD,
    PENDING,
    SENT,
    BadEmail,
    UnknownEvent,
    chosen_events,
    is_valid_email,
    mail_retry_delay,
    subscribed,
)
from core.roles import Action, Actor
from core.timeutil import to_stored, utcnow
from db.audit import enforce, write_audit
from db.connection import write_tx

MAX_ERROR = 500


def _recipients(db: Database, event: str, logins: Sequence[str] | None) -> list[dict[str, Any]]:
    """Active users with an e-mail who get `event` (their choice, else their role's default)."""
    where, params = "", []
    if logins is not None:
        if not logins:
            return []
        where = f" AND u.login IN ({', '.join('?' for _ in logins)})"
        params = [login.strip().lower() for login in logins]
    users = list(
        db.query(
            "SELECT u.id, u.login, u.role, u.email, u.digest, e.enabled FROM users u "
            "LEFT JOIN user_events e ON e.user_id = u.id AND e.event = ? "
            f"WHERE u.active = 1 AND COALESCE(u.email, '') != ''{where} ORDER BY u.login",
            [event, *params],
        )
    )
    chosen = []
    for user in users:
        choices = {} if user["enabled"] is None else {event: bool(user["enabled"])}
        if subscribed(user["role"], choices, event):
            chosen.append(user)
    return chosen


def _queue(
    db: Database,
    event: str,
    subject: str | None,
    body: str | None,
    params: Mapping[str, Any] | None,
    link: str,
    logins: Sequence[str] | None,
    now: datetime | None,
) -> int:
    if event not in EVENT_CODES:
        raise UnknownEvent(event)
    at = to_stored(now or utcnow())
    encoded = json.dumps(dict(params), ensure_ascii=False, default=str) if params else None
    queued = 0
    for user in _recipients(db, event, logins):
        db.execute(
            "INSERT INTO outbox (created_at, event, login, email, subject, body, params, link, "
            "status, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                at, event, user["login"], user["email"], subject, body, encoded, link,
                HELD if user["digest"] else PENDING, at,
            ],
        )  # fmt: skip
        queued += 1
    return queued


def notify(
    db: Database,
    event: str,
    *,
    subject: str,
    body: str,
    link: str = "",
    logins: Sequence[str] | None = None,
    now: datetime | None = None,
) -> int:
    """Queue one e-mail per user subscribed to `event` (only among `logins` when given), in the
    caller's transaction; `link` is an app path such as "/monitor". Returns how many were queued."""
    return _queue(db, event, subject, body, None, link, logins, now)


def notify_event(
    db: Database,
    event: str,
    params: Mapping[str, Any],
    *,
    link: str = "",
    logins: Sequence[str] | None = None,
    now: datetime | None = None,
) -> int:
    """Like notify, for db/ code without texts: the mail job renders ui/texts/notify.py
    EVENT_MAIL[event] with `params` when it sends."""
    return _queue(db, event, None, None, params, link, logins, now)


# ---- users' choices --------------------------------------------------------------------------


def user_events(db: Database, login: str) -> dict[str, bool]:
    """The events a user chose explicitly (event -> on/off); the rest follow the role."""
    return {
        row["event"]: bool(row["enabled"])
        for row in db.query(
            "SELECT e.event, e.enabled FROM user_events e JOIN users u ON u.id = e.user_id "
            "WHERE u.login = ?",
            [login],
        )
    }


def mail_preferences(db: Database, login: str) -> dict[str, Any] | None:
    """A user's e-mail, digest flag and the events they get now."""
    rows = list(db.query("SELECT login, role, email, digest FROM users WHERE login = ?", [login]))
    if not rows:
        return None
    user = rows[0]
    return {
        "login": user["login"],
        "email": user["email"] or "",
        "digest": bool(user["digest"]),
        "events": chosen_events(user["role"], user_events(db, login)),
    }


def set_mail_preferences(
    db: Database,
    actor: Actor,
    login: str,
    email: str,
    events: Iterable[str],
    digest: bool,
) -> None:
    """Set a user's e-mail, the events that reach them and the digest (admin, or the user
    themselves; audited). Every known event is stored as on or off, so role defaults stop applying."""
    if actor.login != login:
        enforce(db, actor, Action.MANAGE_USERS)
    wanted = set(events)
    unknown = wanted - set(EVENT_CODES)
    if unknown:
        raise UnknownEvent(sorted(unknown)[0])
    email = email.strip()
    if email and not is_valid_email(email):
        raise BadEmail(email)
    with write_tx(db):
        row = db.execute("SELECT id FROM users WHERE login = ?", [login]).fetchone()
        if row is None:
            raise LookupError(login)
        db.execute(
            "UPDATE users SET email = ?, digest = ? WHERE id = ?",
            [email or None, int(digest), row[0]],
        )
        for code in EVENT_CODES:
            db.execute(
                "INSERT INTO user_events (user_id, event, enabled) VALUES (?, ?, ?) "
                "ON CONFLICT(user_id, event) DO UPDATE SET enabled = excluded.enabled",
                [row[0], code, int(code in wanted)],
            )
        write_audit(
            db, actor.login, "user.mail", login, email=bool(email), digest=digest,
            events=sorted(wanted),
        )  # fmt: skip


# ---- the outbox, for the mail jobs -------------------------------------------------------------


def due_messages(db: Database, now: datetime, limit: int = 200) -> list[dict[str, Any]]:
    """Pending messages whose next attempt is due, oldest first."""
    return list(
        db.query(
            "SELECT * FROM outbox WHERE status = ? AND next_attempt_at <= ? ORDER BY id LIMIT ?",
            [PENDING, to_stored(now), limit],
        )
    )


def mark_sent(db: Database, message_id: int, now: datetime) -> None:
    """The SMTP server accepted the message."""
    db.execute(
        "UPDATE outbox SET status = ?, sent_at = ?, attempts = attempts + 1, last_error = NULL "
        "WHERE id = ?",
        [SENT, to_stored(now), message_id],
    )


def mark_retry(
    db: Database, message_ids: Sequence[int], now: datetime, error: str, base_s: float
) -> None:
    """Sending failed for a passing reason: count the attempt and try again later (backoff)."""
    for message_id in message_ids:
        row = db.execute("SELECT attempts FROM outbox WHERE id = ?", [message_id]).fetchone()
        if row is None:
            continue
        attempts = int(row[0]) + 1
        later = now + timedelta(seconds=mail_retry_delay(attempts, base_s))
        db.execute(
            "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
            [attempts, to_stored(later), error[:MAX_ERROR], message_id],
        )


def mark_failed(db: Database, message_id: int, now: datetime, error: str) -> None:
    """The server refused the message for good (e.g. an unknown mailbox): stop trying."""
    db.execute(
        "UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?, sent_at = NULL "
        "WHERE id = ?",
        [FAILED, error[:MAX_ERROR], message_id],
    )


def outbox_counts(db: Database) -> dict[str, int]:
    """Messages by status (the jobs page and `jobs list` show what waits)."""
    return dict(db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall())


def outbox_messages(db: Database, limit: int = 100) -> list[dict[str, Any]]:
    """The latest messages, newest first, without bodies (for the jobs page)."""
    return list(
        db.query(
            "SELECT id, created_at, event, login, email, subject, status, attempts, "
            "next_attempt_at, sent_at, last_error FROM outbox ORDER BY id DESC LIMIT ?",
            [limit],
        )
    )


def held_by_login(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Messages held for each digest user, oldest first."""
    held: dict[str, list[dict[str, Any]]] = {}
    for row in db.query("SELECT * FROM outbox WHERE status = ? ORDER BY id", [HELD]):
        held.setdefault(row["login"], []).append(row)
    return held


def queue_digest(
    db: Database, login: str, email: str, subject: str, body: str, held_ids: Sequence[int],
    now: datetime,
) -> int:  # fmt: skip
    """One pending digest message replacing the held ones (inside the caller's transaction)."""
    at = to_stored(now)
    cursor = db.execute(
        "INSERT INTO outbox (created_at, event, login, email, subject, body, link, status, "
        "next_attempt_at) VALUES (?, 'digest', ?, ?, ?, ?, '', ?, ?)",
        [at, login, email, subject, body, PENDING, at],
    )
    digest_id = int(cursor.lastrowid or 0)
    for message_id in held_ids:
        db.execute(
            "UPDATE outbox SET status = ?, digest_id = ? WHERE id = ? AND status = ?",
            [DIGESTED, digest_id, message_id, HELD],
        )
    return digest_id
