"""Users, login checks with lockout, and browser sessions (DESIGN §4)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from core.passwords import after_failure, check_strength, hash_password, is_locked, verify_password
from core.roles import Action, Actor, Role
from core.timeutil import from_stored, to_stored, utcnow
from db.audit import enforce, write_audit
from db.connection import write_tx

LAST_SEEN_RESOLUTION = timedelta(seconds=60)


class UserError(Exception):
    """A user change was refused; `code` names why (duplicate_login, unknown_user, bad_role)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class LoginResult:
    """The outcome of a login attempt: an actor, or a problem code."""

    actor: Actor | None
    problem: str | None = None  # bad_credentials | locked | disabled


def _actor(row: dict[str, Any]) -> Actor:
    return Actor(login=row["login"], role=row["role"], name=row["name"], id=row["id"])


def get_user(db: Database, login: str) -> dict[str, Any] | None:
    """One user row by login."""
    rows = list(db.query("SELECT * FROM users WHERE login = ?", [login]))
    return rows[0] if rows else None


def list_users(db: Database) -> list[dict[str, Any]]:
    """Every user without password hashes, for the admin page and `users list`."""
    return list(
        db.query(
            "SELECT id, login, name, role, active, locked_until, created_at, email, digest, "
            "(SELECT MAX(last_seen) FROM sessions s WHERE s.user_id = users.id) AS last_seen "
            "FROM users ORDER BY login"
        )
    )


def _check_role(role: str) -> None:
    if role not in {r.value for r in Role}:
        raise UserError("bad_role")


def add_user(
    db: Database,
    actor: Actor,
    login: str,
    name: str,
    role: str,
    password: str | None,
    email: str | None = None,
) -> int:
    """Create a user (admin only); a password, when given, must be strong enough."""
    enforce(db, actor, Action.MANAGE_USERS)
    _check_role(role)
    login = login.strip().lower()
    if not login:
        raise UserError("empty_login")
    if password is not None:
        check_strength(password)
    with write_tx(db):
        if get_user(db, login):
            raise UserError("duplicate_login")
        cursor = db.execute(
            "INSERT INTO users (login, name, role, password_hash, created_at, email) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                login,
                name.strip() or login,
                role,
                hash_password(password) if password else None,
                to_stored(utcnow()),
                (email or "").strip() or None,
            ],
        )
        write_audit(db, actor.login, "user.add", login, role=role)
        return int(cursor.lastrowid or 0)


def _require_user(db: Database, login: str) -> dict[str, Any]:
    user = get_user(db, login)
    if user is None:
        raise UserError("unknown_user")
    return user


def _keep_an_admin(db: Database, user: dict[str, Any]) -> None:
    """Refuse a change that would leave no active administrator to manage the app."""
    if user["role"] != Role.ADMIN or not user["active"]:
        return
    others = db.execute(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1 AND id != ?", [user["id"]]
    ).fetchone()[0]
    if not others:
        raise UserError("last_admin")


def set_role(db: Database, actor: Actor, login: str, role: str) -> None:
    """Change a user's role (admin only); the last active admin keeps the role."""
    enforce(db, actor, Action.MANAGE_USERS)
    _check_role(role)
    with write_tx(db):
        user = _require_user(db, login)
        if role != Role.ADMIN:
            _keep_an_admin(db, user)
        db.execute("UPDATE users SET role = ? WHERE login = ?", [role, login])
        write_audit(db, actor.login, "user.role", login, role=role)


def set_active(db: Database, actor: Actor, login: str, active: bool) -> None:
    """Disable or re-enable a user (admin only); disabling ends their sessions, never the last admin."""
    enforce(db, actor, Action.MANAGE_USERS)
    with write_tx(db):
        user = _require_user(db, login)
        if not active:
            _keep_an_admin(db, user)
        db.execute("UPDATE users SET active = ? WHERE id = ?", [int(active), user["id"]])
        if not active:
            db.execute(
                "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                [to_stored(utcnow()), user["id"]],
            )
        write_audit(db, actor.login, "user.enable" if active else "user.disable", login)


def set_password(db: Database, actor: Actor, login: str, password: str) -> None:
    """Set a new password (admin only), unlock the account and end its sessions."""
    enforce(db, actor, Action.MANAGE_USERS)
    check_strength(password)
    with write_tx(db):
        user = _require_user(db, login)
        db.execute(
            "UPDATE users SET password_hash = ?, failed_count = 0, locked_until = NULL WHERE id = ?",
            [hash_password(password), user["id"]],
        )
        db.execute(
            "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
            [to_stored(utcnow()), user["id"]],
        )
        write_audit(db, actor.login, "user.password", login)


def authenticate(
    db: Database, login: str, password: str, now: datetime | None = None
) -> LoginResult:
    """Check a login and password, counting failures and locking after five (DESIGN §4)."""
    now = now or utcnow()
    login = login.strip().lower()
    with write_tx(db):
        user = get_user(db, login)
        if user is None:
            verify_password(password, None)
            write_audit(db, login, "login.failed", login, reason="unknown_user")
            return LoginResult(None, "bad_credentials")
        if is_locked(from_stored(user["locked_until"]), now):
            write_audit(db, login, "login.failed", login, reason="locked")
            return LoginResult(None, "locked")
        if not verify_password(password, user["password_hash"]):
            failures, locked_until = after_failure(user["failed_count"], now)
            db.execute(
                "UPDATE users SET failed_count = ?, locked_until = ? WHERE id = ?",
                [failures, to_stored(locked_until), user["id"]],
            )
            write_audit(db, login, "login.failed", login, reason="bad_password")
            return LoginResult(None, "locked" if locked_until else "bad_credentials")
        if not user["active"]:
            write_audit(db, login, "login.failed", login, reason="disabled")
            return LoginResult(None, "disabled")
        db.execute(
            "UPDATE users SET failed_count = 0, locked_until = NULL WHERE id = ?", [user["id"]]
        )
        write_audit(db, login, "login", login)
        return LoginResult(_actor(user))


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_session(db: Database, actor: Actor, user_agent: str = "") -> str:
    """Open a browser session and return its secret token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = to_stored(utcnow())
    db.execute(
        "INSERT INTO sessions (id, user_id, created_at, last_seen, user_agent) VALUES (?, ?, ?, ?, ?)",
        [_token_id(token), actor.id, now, now, user_agent[:200]],
    )
    return token


def resolve_session(
    db: Database, token: str | None, idle_minutes: int, now: datetime | None = None
) -> Actor | None:
    """The actor behind a session token, or None when unknown, revoked, idle too long or disabled."""
    if not token:
        return None
    now = now or utcnow()
    rows = list(
        db.query(
            "SELECT s.id AS sid, s.last_seen, s.revoked_at, u.* FROM sessions s "
            "JOIN users u ON u.id = s.user_id WHERE s.id = ?",
            [_token_id(token)],
        )
    )
    if not rows:
        return None
    row = rows[0]
    last_seen = from_stored(row["last_seen"])
    if row["revoked_at"] or not row["active"] or last_seen is None:
        return None
    if now - last_seen > timedelta(minutes=idle_minutes):
        return None
    if now - last_seen > LAST_SEEN_RESOLUTION:
        db.execute("UPDATE sessions SET last_seen = ? WHERE id = ?", [to_stored(now), row["sid"]])
    return _actor(row)


def end_session(db: Database, token: str | None) -> None:
    """Log out: revoke the session behind a token."""
    if not token:
        return
    with write_tx(db):
        rows = list(
            db.query(
                "SELECT u.login FROM sessions s JOIN users u ON u.id = s.user_id "
                "WHERE s.id = ? AND s.revoked_at IS NULL",
                [_token_id(token)],
            )
        )
        db.execute(
            "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            [to_stored(utcnow()), _token_id(token)],
        )
        if rows:
            write_audit(db, rows[0]["login"], "logout", rows[0]["login"])


def list_sessions(db: Database, active_only: bool = True) -> list[dict[str, Any]]:
    """Sessions with their users, newest activity first, for the admin page."""
    where = "WHERE s.revoked_at IS NULL" if active_only else ""
    return list(
        db.query(
            "SELECT s.id, u.login, u.name, s.created_at, s.last_seen, s.revoked_at, s.user_agent "
            f"FROM sessions s JOIN users u ON u.id = s.user_id {where} ORDER BY s.last_seen DESC"
        )
    )


def revoke_session(db: Database, actor: Actor, session_id: str) -> None:
    """End someone's session from the admin page (admin only)."""
    enforce(db, actor, Action.MANAGE_USERS)
    with write_tx(db):
        db.execute(
            "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            [to_stored(utcnow()), session_id],
        )
        write_audit(db, actor.login, "session.revoke", session_id[:12])


def actor_for_login(db: Database, login: str) -> Actor | None:
    """The actor for an active user (CLI --as, trusted proxy header, OIDC e-mail)."""
    user = get_user(db, login.strip().lower())
    if user is None or not user["active"]:
        return None
    return _actor(user)
