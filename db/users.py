"""Users, login checks with a growing delay per login and address, and browser sessions (DESIGN §4)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from core.passwords import check_strength, hash_password, retry_after, verify_password
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
    problem: str | None = None  # bad_credentials | throttled | disabled
    retry_after: int = 0  # seconds to wait, with `throttled`


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
        db.execute("DELETE FROM login_failures WHERE login = ?", [user["login"]])
        db.execute(
            "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
            [to_stored(utcnow()), user["id"]],
        )
        write_audit(db, actor.login, "user.password", login)


def authenticate(
    db: Database, login: str, password: str, now: datetime | None = None, address: str = ""
) -> LoginResult:
    """Check a login and password from one client address (DESIGN §4).

    Failures slow down that (login, address) pair with a growing delay (core.passwords); the
    account is never locked, so its owner from another address still gets in. An unknown login
    costs the same scrypt, is slowed the same way and reads the same `bad_credentials`.
    """
    now = now or utcnow()
    login = login.strip().lower()[:100]
    address = address[:64]
    row = db.execute(
        "SELECT failures, last_failure FROM login_failures WHERE login = ? AND address = ?",
        [login, address],
    ).fetchone()
    failures = int(row[0]) if row else 0
    wait = retry_after(failures, from_stored(row[1]) or now, now) if row else 0
    if wait:
        with write_tx(db):
            write_audit(db, login, "login.failed", login, reason="throttled", address=address)
        return LoginResult(None, "throttled", wait)
    user = get_user(db, login)
    # outside the write transaction: scrypt takes tens of milliseconds
    password_ok = verify_password(password, user["password_hash"] if user else None)
    with write_tx(db):
        if not password_ok:
            db.execute(
                "INSERT INTO login_failures (login, address, failures, last_failure) "
                "VALUES (?, ?, 1, ?) ON CONFLICT (login, address) DO UPDATE SET "
                "failures = failures + 1, last_failure = excluded.last_failure",
                [login, address, to_stored(now)],
            )
            reason = "bad_password" if user else "unknown_user"
            write_audit(db, login, "login.failed", login, reason=reason, address=address)
            return LoginResult(None, "bad_credentials")
        assert user is not None  # a password matched, so the user exists
        if not user["active"]:
            write_audit(db, login, "login.failed", login, reason="disabled", address=address)
            return LoginResult(None, "disabled")
        db.execute("DELETE FROM login_failures WHERE login = ? AND address = ?", [login, address])
        write_audit(db, login, "login", login, address=address)
        return LoginResult(_actor(user))


def unlock_user(db: Database, actor: Actor, login: str) -> int:
    """Forget a login's failed attempts from every address (admin only, `cli.py users unlock`);
    returns how many addresses were waiting."""
    enforce(db, actor, Action.MANAGE_USERS)
    login = login.strip().lower()
    with write_tx(db):
        cleared = db.execute("DELETE FROM login_failures WHERE login = ?", [login]).rowcount
        db.execute(
            "UPDATE users SET failed_count = 0, locked_until = NULL WHERE login = ?", [login]
        )
        write_audit(db, actor.login, "user.unlock", login, addresses=cleared)
    return int(cleared or 0)


def forget_old_failures(db: Database, now: datetime | None = None) -> None:
    """Drop failure counts idle for a day: a slow guesser starts over at a short delay, and the
    table stays small."""
    cutoff = to_stored((now or utcnow()) - timedelta(days=1))
    with write_tx(db):
        db.execute("DELETE FROM login_failures WHERE last_failure < ?", [cutoff])


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
    db: Database,
    token: str | None,
    idle_minutes: int,
    now: datetime | None = None,
    max_age_days: float = 7,
) -> Actor | None:
    """The actor behind a session token, or None when unknown, revoked, idle too long, older than
    its absolute lifetime (`session_max_days`) or its user is disabled."""
    if not token:
        return None
    now = now or utcnow()
    rows = list(
        db.query(
            "SELECT s.id AS sid, s.last_seen, s.created_at AS opened, s.revoked_at, u.* "
            "FROM sessions s "
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
    opened = from_stored(row["opened"]) or last_seen
    if now - opened > timedelta(days=max_age_days):
        return None
    if now - last_seen > LAST_SEEN_RESOLUTION:
        db.execute("UPDATE sessions SET last_seen = ? WHERE id = ?", [to_stored(now), row["sid"]])
    return _actor(row)


def logout_token(session_token: str) -> str:
    """The CSRF token of the logout form, derived from the HttpOnly session cookie: the page
    puts it in the form, /logout recomputes it; another site knows neither."""
    return hashlib.sha256(b"qc-logout\0" + session_token.encode()).hexdigest()[:32]


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


def user_names(db: Database) -> dict[str, str]:
    """Every user's login -> name, so pages show people, not logins, for who did or owns what."""
    return {r[0]: r[1] for r in db.execute("SELECT login, name FROM users").fetchall()}
