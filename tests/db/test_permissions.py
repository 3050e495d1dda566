"""Admin-only writes refuse other roles in the db layer itself, and every refusal is audited."""

from __future__ import annotations

import pytest

from core.roles import SYSTEM, Action, Actor, PermissionDenied
from db.backup import backup_to
from db.settings import get_setting, update_settings
from db.users import (
    add_user,
    authenticate,
    create_session,
    get_user,
    list_sessions,
    revoke_session,
    set_active,
    set_password,
    set_role,
)

MANAGER = Actor(login="ivanov", role="manager", name="Иванов")


@pytest.fixture
def session_id(db):
    add_user(db, SYSTEM, "petrov", "Петров", "qc", "petrov-pass")
    create_session(db, authenticate(db, "petrov", "petrov-pass").actor)
    return list_sessions(db)[0]["id"]


def refusals(db) -> list[tuple[str, str]]:
    rows = db.execute(
        "SELECT login, target FROM audit_log WHERE action = 'permission.denied' ORDER BY id"
    ).fetchall()
    return [tuple(row) for row in rows]


def test_a_manager_cannot_add_a_user_and_the_attempt_is_audited(db):
    with pytest.raises(PermissionDenied):
        add_user(db, MANAGER, "friend", "Друг", "admin", "friend-pass")

    assert get_user(db, "friend") is None
    assert refusals(db) == [("ivanov", Action.MANAGE_USERS.value)]


def test_a_manager_cannot_change_settings_and_the_attempt_is_audited(db):
    with pytest.raises(PermissionDenied):
        update_settings(db, MANAGER, {"upload_limit_mb": 500})

    assert get_setting(db, "upload_limit_mb") == 50
    assert refusals(db) == [("ivanov", Action.MANAGE_SETTINGS.value)]


def test_a_manager_cannot_end_someone_elses_session_and_the_attempt_is_audited(db, session_id):
    with pytest.raises(PermissionDenied):
        revoke_session(db, MANAGER, session_id)

    assert [s["id"] for s in list_sessions(db)] == [session_id]
    assert refusals(db) == [("ivanov", Action.MANAGE_USERS.value)]


@pytest.mark.parametrize("role", ["manager", "qc", "head", "viewer"])
def test_only_an_admin_changes_roles_access_and_passwords(db, session_id, role):
    actor = Actor(login=f"some.{role}", role=role)
    for change in (
        lambda: set_role(db, actor, "petrov", "admin"),
        lambda: set_active(db, actor, "petrov", False),
        lambda: set_password(db, actor, "petrov", "hijacked-pass"),
    ):
        with pytest.raises(PermissionDenied):
            change()

    petrov = get_user(db, "petrov")
    assert petrov["role"] == "qc" and petrov["active"] == 1
    assert authenticate(db, "petrov", "petrov-pass").actor is not None
    assert len(refusals(db)) == 3


def test_a_head_cannot_make_a_backup_and_the_attempt_is_audited(db, tmp_path):
    target = tmp_path / "copy.sqlite"
    with pytest.raises(PermissionDenied):
        backup_to(db, Actor(login="head", role="head"), target)

    assert not target.exists()
    assert refusals(db) == [("head", Action.BACKUP.value)]
