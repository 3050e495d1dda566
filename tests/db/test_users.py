"""Users, login with a growing delay per login and address, sessions with idle and absolute\nexpiry, and admin-only changes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.passwords import WeakPassword
from core.roles import SYSTEM, Actor, PermissionDenied
from core.timeutil import to_stored, utcnow
from db.users import (
    UserError,
    actor_for_login,
    add_user,
    authenticate,
    create_session,
    end_session,
    get_user,
    list_sessions,
    list_users,
    resolve_session,
    revoke_session,
    set_active,
    set_password,
    set_role,
    unlock_user,
)

PASSWORD = "correct-horse"
ADMIN = Actor(login="boss", role="admin", name="Босс")


@pytest.fixture
def ivanov(db):
    add_user(db, SYSTEM, "ivanov", "Иванов Пётр", "manager", PASSWORD)
    return get_user(db, "ivanov")


def actions(db) -> list[tuple[str, str, str]]:
    rows = db.execute("SELECT login, action, target FROM audit_log ORDER BY id").fetchall()
    return [tuple(row) for row in rows]


def login_as(db, login: str = "ivanov"):
    result = authenticate(db, login, PASSWORD)
    assert result.actor is not None, result.problem
    return result.actor


# ---- adding and changing users -------------------------------------------------------------------
def test_a_new_user_is_stored_with_a_lowercase_login_and_a_hashed_password(db):
    user_id = add_user(db, ADMIN, "  Ivanov ", "Иванов Пётр", "qc", PASSWORD)

    user = get_user(db, "ivanov")
    assert user["id"] == user_id and user["role"] == "qc" and user["active"] == 1
    assert PASSWORD not in user["password_hash"]
    assert ("boss", "user.add", "ivanov") in actions(db)
    assert [u["login"] for u in list_users(db)] == ["ivanov"]
    assert "password_hash" not in list_users(db)[0]


def test_a_name_defaults_to_the_login_and_a_user_may_have_no_password(db):
    add_user(db, ADMIN, "sso.user", "  ", "viewer", None)

    user = get_user(db, "sso.user")
    assert user["name"] == "sso.user" and user["password_hash"] is None
    assert authenticate(db, "sso.user", "").problem == "bad_credentials"


def test_a_login_already_taken_is_refused_whatever_its_case(db, ivanov):
    with pytest.raises(UserError) as refused:
        add_user(db, ADMIN, "IVANOV", "Другой", "qc", PASSWORD)

    assert refused.value.code == "duplicate_login"
    assert get_user(db, "ivanov")["name"] == "Иванов Пётр"


@pytest.mark.parametrize(
    ("login", "role", "password", "error"),
    [("", "qc", PASSWORD, UserError), ("petrov", "boss", PASSWORD, UserError),
     ("petrov", "qc", "short", WeakPassword)],
)  # fmt: skip
def test_an_empty_login_an_unknown_role_or_a_short_password_adds_nobody(
    db, login, role, password, error
):
    with pytest.raises(error):
        add_user(db, ADMIN, login, "Петров", role, password)

    assert list_users(db) == []


def test_a_role_change_is_stored_and_audited(db, ivanov):
    set_role(db, ADMIN, "ivanov", "head")

    assert get_user(db, "ivanov")["role"] == "head"
    assert actor_for_login(db, "ivanov").role == "head"
    assert ("boss", "user.role", "ivanov") in actions(db)


def test_changing_someone_who_does_not_exist_is_refused(db):
    for change in (
        lambda: set_role(db, ADMIN, "ghost", "qc"),
        lambda: set_active(db, ADMIN, "ghost", False),
        lambda: set_password(db, ADMIN, "ghost", PASSWORD),
    ):
        with pytest.raises(UserError) as refused:
            change()
        assert refused.value.code == "unknown_user"
    with pytest.raises(UserError):
        set_role(db, ADMIN, "ghost", "emperor")


def test_disabling_a_user_ends_every_session_and_blocks_login(db, ivanov):
    actor = login_as(db)
    tokens = [create_session(db, actor, "Chrome"), create_session(db, actor, "Firefox")]

    set_active(db, ADMIN, "ivanov", False)

    assert all(resolve_session(db, token, 480) is None for token in tokens)
    assert list_sessions(db) == []
    assert authenticate(db, "ivanov", PASSWORD).problem == "disabled"
    assert actor_for_login(db, "ivanov") is None

    set_active(db, ADMIN, "ivanov", True)
    assert all(resolve_session(db, token, 480) is None for token in tokens)
    assert authenticate(db, "ivanov", PASSWORD).actor is not None
    assert [a for _, a, _ in actions(db)].count("user.disable") == 1


def test_a_password_reset_replaces_the_password_unlocks_and_ends_sessions(db, ivanov):
    token = create_session(db, login_as(db))
    for _ in range(5):
        authenticate(db, "ivanov", "wrong-guess")
    assert authenticate(db, "ivanov", PASSWORD).problem == "throttled"

    set_password(db, ADMIN, "ivanov", "new-password-1")

    assert resolve_session(db, token, 480) is None
    assert authenticate(db, "ivanov", PASSWORD).problem == "bad_credentials"
    assert authenticate(db, "ivanov", "new-password-1").actor is not None
    with pytest.raises(WeakPassword):
        set_password(db, ADMIN, "ivanov", "short")


# ---- authentication and lockout ------------------------------------------------------------------
def test_failures_slow_down_one_login_from_one_address_with_a_growing_delay(db, ivanov):
    now = utcnow().replace(microsecond=0)
    problems = [
        authenticate(db, "ivanov", "wrong", now=now, address="10.0.0.9").problem for _ in range(4)
    ]

    assert problems == ["bad_credentials"] * 4
    waiting = authenticate(db, "ivanov", PASSWORD, now=now, address="10.0.0.9")
    assert (waiting.problem, waiting.retry_after) == ("throttled", 1)
    assert authenticate(db, "ivanov", "wrong", now=now + timedelta(seconds=1), address="10.0.0.9")
    assert authenticate(db, "ivanov", PASSWORD, now=now + timedelta(seconds=2),
                        address="10.0.0.9").retry_after == 1  # fmt: skip
    result = authenticate(
        db, "ivanov", PASSWORD, now=now + timedelta(seconds=3), address="10.0.0.9"
    )
    assert result.actor is not None and result.actor.login == "ivanov"
    assert db.execute("SELECT COUNT(*) FROM login_failures").fetchone()[0] == 0


def test_the_owner_from_another_address_gets_in_while_an_attacker_waits(db, ivanov):
    now = utcnow()
    for _ in range(30):
        authenticate(db, "ivanov", "guess", now=now, address="203.0.113.5")

    assert authenticate(db, "ivanov", PASSWORD, now=now, address="203.0.113.5").problem == (
        "throttled"
    )
    assert authenticate(db, "ivanov", PASSWORD, now=now, address="10.0.0.2").actor is not None
    assert get_user(db, "ivanov")["locked_until"] is None
    assert authenticate(db, "ivanov", PASSWORD, now=now + timedelta(minutes=15),
                        address="203.0.113.5").actor is not None  # fmt: skip


def test_an_unknown_login_is_slowed_and_answered_exactly_like_a_wrong_password(db, ivanov):
    now = utcnow()
    known = [authenticate(db, "ivanov", "x", now=now, address="a") for _ in range(5)]
    unknown = [authenticate(db, "nobody", "x", now=now, address="a") for _ in range(5)]

    assert [(r.problem, r.retry_after) for r in known] == [
        (r.problem, r.retry_after) for r in unknown
    ]


def test_unlock_forgets_every_address_and_is_for_admins_only(db, ivanov):
    now = utcnow()
    for address in ("a", "b"):
        for _ in range(6):
            authenticate(db, "ivanov", "x", now=now, address=address)
    with pytest.raises(PermissionDenied):
        unlock_user(db, Actor(login="m", role="manager", name="m"), "ivanov")

    assert unlock_user(db, ADMIN, "ivanov") == 2
    assert authenticate(db, "ivanov", PASSWORD, now=now, address="a").actor is not None
    assert ("boss", "user.unlock", "ivanov") in actions(db)


def test_a_successful_login_resets_the_failure_count(db, ivanov):
    now = utcnow()
    for _ in range(3):
        authenticate(db, "ivanov", "wrong", now=now)
    login_as(db)
    for _ in range(3):
        assert authenticate(db, "ivanov", "wrong", now=now).problem == "bad_credentials"

    assert authenticate(db, "ivanov", PASSWORD, now=now).actor is not None


def test_logins_are_audited_and_an_unknown_login_looks_like_a_wrong_password(db, ivanov):
    assert authenticate(db, " IVANOV ", PASSWORD).actor.login == "ivanov"
    assert authenticate(db, "nobody", PASSWORD).problem == "bad_credentials"

    assert actions(db)[-2:] == [
        ("ivanov", "login", "ivanov"),
        ("nobody", "login.failed", "nobody"),
    ]


# ---- sessions ------------------------------------------------------------------------------------
def test_a_session_expires_after_the_idle_time_and_activity_keeps_it_alive(db, ivanov):
    actor = login_as(db)
    start = utcnow()
    busy, idle = create_session(db, actor), create_session(db, actor)

    assert resolve_session(db, busy, 30, now=start + timedelta(minutes=29)) == actor
    assert resolve_session(db, busy, 30, now=start + timedelta(minutes=58)) == actor
    assert resolve_session(db, idle, 30, now=start + timedelta(minutes=31)) is None


def test_a_busy_session_still_ends_after_its_absolute_lifetime(db, ivanov):
    actor = login_as(db)
    start = utcnow()
    token = create_session(db, actor)

    def busy_until(moment):  # someone used the app a minute before `moment`
        db.execute("UPDATE sessions SET last_seen = ?", [to_stored(moment - timedelta(minutes=1))])
        return moment

    assert resolve_session(db, token, 480, now=busy_until(start + timedelta(days=6, hours=23)))
    assert (
        resolve_session(db, token, 480, now=busy_until(start + timedelta(days=7, minutes=1)))
        is None
    )
    assert resolve_session(db, token, 10**6, now=busy_until(start + timedelta(days=2)),
                           max_age_days=1) is None  # fmt: skip


def test_unknown_or_missing_tokens_resolve_to_nobody(db, ivanov):
    create_session(db, login_as(db))

    assert resolve_session(db, None, 480) is None
    assert resolve_session(db, "", 480) is None
    assert resolve_session(db, "forged-token", 480) is None


def test_an_admin_revokes_a_session_and_a_user_logs_out(db, ivanov):
    actor = login_as(db)
    revoked = create_session(db, actor, "Chrome на работе")
    logged_out = create_session(db, actor, "Firefox дома")
    session_id = next(s["id"] for s in list_sessions(db) if s["user_agent"] == "Chrome на работе")
    assert revoked not in session_id  # only a hash of the token is stored

    revoke_session(db, ADMIN, session_id)
    end_session(db, logged_out)

    assert resolve_session(db, revoked, 480) is None
    assert resolve_session(db, logged_out, 480) is None
    assert list_sessions(db) == []
    assert len(list_sessions(db, active_only=False)) == 2
    assert ("boss", "session.revoke", session_id[:12]) in actions(db)
    assert ("ivanov", "logout", "ivanov") in actions(db)


def test_the_last_active_admin_cannot_be_demoted_or_disabled(db) -> None:
    from db.users import UserError, add_user, set_active, set_role

    add_user(db, SYSTEM, "boss", "Начальник", "admin", "long-password-1")
    with pytest.raises(UserError) as demoted:
        set_role(db, SYSTEM, "boss", "viewer")
    assert demoted.value.code == "last_admin"
    with pytest.raises(UserError) as disabled:
        set_active(db, SYSTEM, "boss", False)
    assert disabled.value.code == "last_admin"
    add_user(db, SYSTEM, "deputy", "Заместитель", "admin", "long-password-2")
    set_role(db, SYSTEM, "boss", "viewer")
    assert db.execute("SELECT role FROM users WHERE login = 'boss'").fetchone()[0] == "viewer"
