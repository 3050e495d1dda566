"""The admin pages driven as an administrator would: users, settings, backup and the audit log."""

from __future__ import annotations

import json

import pytest

from core.passwords import MIN_PASSWORD_LENGTH
from db.audit import write_audit
from db.settings import get_setting
from db.users import authenticate, create_session, get_user, list_sessions
from ui import texts

USERS = "app_pages/admin_users.py"
SETTINGS = "app_pages/admin_settings.py"
AUDIT = "app_pages/admin_audit.py"


def click(at, label: str):
    """Press the (form submit) button with this label and rerun."""
    buttons = [b for b in at.button if b.label == label]
    assert len(buttons) == 1, [b.label for b in at.button]
    return buttons[0].click().run()


def shown(elements) -> list[str]:
    return [e.value for e in elements]


def audit_actions(db, login: str = "admin") -> list[str]:
    rows = db.execute("SELECT action FROM audit_log WHERE login = ? ORDER BY id", [login])
    return [r[0] for r in rows.fetchall()]


@pytest.fixture
def users_page(open_app, actor_of):
    return open_app(actor_of("admin"), USERS)


@pytest.fixture
def settings_page(open_app, actor_of):
    return open_app(actor_of("admin"), SETTINGS)


@pytest.fixture
def audit_page(open_app, actor_of):
    return open_app(actor_of("admin"), AUDIT)


# ---- users -------------------------------------------------------------------------------------
def test_the_users_table_lists_demo_users_with_russian_roles_and_an_excel_export(users_page):
    table = users_page.dataframe[0].value
    rows = table.set_index(texts.USERS_COL_LOGIN)

    assert rows.loc["qc", texts.USERS_COL_ROLE] == texts.ROLE_NAMES["qc"]
    assert rows.loc["manager2", texts.USERS_COL_ACTIVE] == texts.YES
    assert {"admin", "head", "qc", "manager", "viewer"} <= set(rows.index)
    assert any(b.label == texts.DOWNLOAD_XLSX for b in users_page.get("download_button"))


def test_an_admin_adds_a_user_who_can_then_log_in(users_page, demo_db):
    at = users_page
    at.text_input(key="admin_users_add_login").input("Ivanova")
    at.text_input(key="admin_users_add_name").input("Иванова Мария")
    at.selectbox(key="admin_users_add_role").select("qc")
    at.text_input(key="admin_users_add_password").input("s3cret-pass")
    click(at, texts.USERS_ADD_SUBMIT)

    assert not at.exception
    assert shown(at.success) == [texts.USERS_ADDED.format(login="ivanova")]
    user = get_user(demo_db, "ivanova")
    assert user is not None and user["role"] == "qc" and user["name"] == "Иванова Мария"
    assert "ivanova" in set(at.dataframe[0].value[texts.USERS_COL_LOGIN])
    assert authenticate(demo_db, "ivanova", "s3cret-pass").actor is not None
    assert "user.add" in audit_actions(demo_db)


def test_adding_a_duplicate_login_shows_the_russian_reason(users_page, demo_db):
    at = users_page
    at.text_input(key="admin_users_add_login").input("qc")
    at.text_input(key="admin_users_add_name").input("Второй")
    at.text_input(key="admin_users_add_password").input("s3cret-pass")
    click(at, texts.USERS_ADD_SUBMIT)

    assert shown(at.error) == [texts.USER_ERRORS["duplicate_login"]]
    assert get_user(demo_db, "qc")["name"] != "Второй"


def test_a_short_password_is_refused_and_no_user_is_added(users_page, demo_db):
    at = users_page
    at.text_input(key="admin_users_add_login").input("petrov")
    at.text_input(key="admin_users_add_password").input("short")
    click(at, texts.USERS_ADD_SUBMIT)

    assert shown(at.error) == [texts.USER_ERRORS["weak_password"].format(min=MIN_PASSWORD_LENGTH)]
    assert get_user(demo_db, "petrov") is None


def test_an_admin_changes_a_role(users_page, demo_db):
    at = users_page
    at.selectbox(key="admin_users_selected").select("manager2").run()
    at.selectbox(key="admin_users_role").select("head")
    click(at, texts.USERS_CHANGE_ROLE)

    assert shown(at.success) == [texts.USERS_ROLE_CHANGED.format(login="manager2")]
    assert get_user(demo_db, "manager2")["role"] == "head"
    rows = at.dataframe[0].value.set_index(texts.USERS_COL_LOGIN)
    assert rows.loc["manager2", texts.USERS_COL_ROLE] == texts.ROLE_NAMES["head"]


def test_disabling_a_user_ends_their_sessions_and_enabling_brings_them_back(users_page, demo_db):
    qc = get_user(demo_db, "qc")
    token = create_session(demo_db, authenticate(demo_db, "qc", "demo1234").actor)
    assert token and qc["active"]
    at = users_page
    at.selectbox(key="admin_users_selected").select("qc").run()
    at.button(key="admin_users_disable").click().run()

    assert shown(at.success) == [texts.USERS_DISABLED.format(login="qc")]
    assert get_user(demo_db, "qc")["active"] == 0
    assert not [s for s in list_sessions(demo_db) if s["login"] == "qc"]
    assert authenticate(demo_db, "qc", "demo1234").problem == "disabled"

    at.button(key="admin_users_enable").click().run()
    assert shown(at.success) == [texts.USERS_ENABLED.format(login="qc")]
    assert get_user(demo_db, "qc")["active"] == 1


def test_an_admin_cannot_disable_or_demote_themselves_from_the_page(users_page):
    at = users_page
    at.selectbox(key="admin_users_selected").select("admin").run()

    assert at.button(key="admin_users_disable").disabled
    assert at.selectbox(key="admin_users_role").disabled
    assert texts.USERS_SELF_NOTE in shown(at.caption)


def test_an_admin_resets_a_password(users_page, demo_db):
    at = users_page
    at.selectbox(key="admin_users_selected").select("viewer").run()
    at.text_input(key="admin_users_new_password").input("brand-new-pass")
    click(at, texts.USERS_RESET_PASSWORD)

    assert shown(at.success) == [texts.USERS_PASSWORD_RESET.format(login="viewer")]
    assert authenticate(demo_db, "viewer", "brand-new-pass").actor is not None
    assert authenticate(demo_db, "viewer", "demo1234").actor is None


def test_an_admin_ends_someone_elses_session(open_app, actor_of, demo_db):
    create_session(demo_db, actor_of("head"), "Firefox на ноутбуке")
    at = open_app(actor_of("admin"), USERS)
    session = next(s for s in list_sessions(demo_db) if s["login"] == "head")
    assert any(text.startswith("**head**") for text in shown(at.markdown))

    at.button(key=f"admin_users_revoke_{session['id'][:16]}").click().run()

    assert shown(at.success) == [texts.USERS_SESSION_REVOKED]
    assert not [s for s in list_sessions(demo_db) if s["login"] == "head"]
    assert texts.USERS_NO_SESSIONS in shown(at.info)
    assert "session.revoke" in audit_actions(demo_db)


# ---- settings ----------------------------------------------------------------------------------
def test_the_settings_form_has_a_russian_field_for_every_setting(settings_page):
    from core.settings import SPECS

    labels = {w.label for kind in ("checkbox", "number_input", "selectbox", "text_input")
              for w in settings_page.get(kind)}  # fmt: skip
    assert {texts.SETTING_LABELS[key] for key in SPECS} <= labels


def test_saving_valid_settings_stores_them(settings_page, demo_db):
    at = settings_page
    at.number_input(key="admin_settings_wait_warning_minutes").set_value(7)
    at.selectbox(key="admin_settings_timezone").select("Asia/Yekaterinburg")
    at.text_input(key="admin_settings_connect_token").input("tok-123")
    click(at, texts.SETTINGS_SUBMIT)

    assert not at.exception
    assert shown(at.success) == [texts.SAVED]
    assert get_setting(demo_db, "wait_warning_minutes") == 7
    assert get_setting(demo_db, "timezone") == "Asia/Yekaterinburg"
    assert get_setting(demo_db, "connect_token") == "tok-123"
    details = demo_db.execute(
        "SELECT details FROM audit_log WHERE action = 'settings.update' ORDER BY id DESC"
    ).fetchone()[0]
    assert json.loads(details)["keys"] == ["connect_token", "timezone", "wait_warning_minutes"]


def test_a_stored_secret_is_never_sent_back_to_the_browser_and_can_be_cleared(
    open_app, actor_of, demo_db
):
    from db.settings import put_setting

    put_setting(demo_db, "connect_webhook_secret", "very-secret-value")
    at = open_app(actor_of("admin"), SETTINGS)
    field = at.text_input(key="admin_settings_connect_webhook_secret")

    assert field.value == ""
    assert field.placeholder == texts.SETTINGS_SECRET_KEEP
    click(at, texts.SETTINGS_SUBMIT)
    assert get_setting(demo_db, "connect_webhook_secret") == "very-secret-value"

    at.checkbox(key="admin_settings_connect_webhook_secret_clear").check()
    click(at, texts.SETTINGS_SUBMIT)
    assert shown(at.success) == [texts.SAVED]
    assert get_setting(demo_db, "connect_webhook_secret") == ""


def test_an_invalid_setting_is_explained_and_nothing_is_saved(settings_page, demo_db):
    at = settings_page
    at.number_input(key="admin_settings_wait_warning_minutes").set_value(9)
    at.text_input(key="admin_settings_company_inn").input("7707083894")
    click(at, texts.SETTINGS_SUBMIT)

    label = texts.SETTING_LABELS["company_inn"]
    assert shown(at.error) == [
        texts.SETTING_ERRORS["bad_inn"].format(key="company_inn", label=label)
    ]
    assert get_setting(demo_db, "wait_warning_minutes") == 5
    assert get_setting(demo_db, "company_inn") != "7707083894"


def test_submitting_unchanged_settings_says_so(settings_page, demo_db):
    click(settings_page, texts.SETTINGS_SUBMIT)

    assert shown(settings_page.info) == [texts.SETTINGS_NO_CHANGES]
    assert "settings.update" not in audit_actions(demo_db)


def test_a_backup_is_offered_for_download_and_audited(settings_page, demo_db):
    at = settings_page
    at.button(key="admin_settings_backup").click().run()

    assert not at.exception
    assert not at.error
    assert len(shown(at.success)) == 1
    assert any(b.label == texts.BACKUP_DOWNLOAD for b in at.get("download_button"))
    assert "backup" in audit_actions(demo_db)


# ---- audit -------------------------------------------------------------------------------------
def add_audit_row(db, at: str, login: str, action: str, target: str = "") -> None:
    write_audit(db, login, action, target)
    db.execute("UPDATE audit_log SET at = ? WHERE id = (SELECT MAX(id) FROM audit_log)", [at])


def test_the_audit_log_filters_by_user_and_action_and_shows_the_count(open_app, actor_of, demo_db):
    # A day of its own: the demo's history (verified refusals …) fills the default week.
    day = "2030-01-15 10:00:00"
    add_audit_row(demo_db, day, "qc", "login", "qc")
    add_audit_row(demo_db, day, "qc", "logout", "qc")
    add_audit_row(demo_db, day, "head", "login", "head")
    at = open_app(actor_of("admin"), AUDIT)
    at.date_input(key="admin_audit_from").set_value("2030-01-15")
    at.date_input(key="admin_audit_to").set_value("2030-01-16")

    at.selectbox(key="admin_audit_user").select("qc").run()
    table = at.dataframe[0].value
    assert set(table[texts.AUDIT_COL_LOGIN]) == {"qc"}
    assert len(table) == 2
    assert texts.AUDIT_SHOWN.format(count=2) in shown(at.caption)

    at.selectbox(key="admin_audit_action").select("login").run()
    table = at.dataframe[0].value
    assert list(table[texts.AUDIT_COL_ACTION]) == [texts.AUDIT_ACTIONS["login"]]
    assert texts.AUDIT_SHOWN.format(count=1) in shown(at.caption)
    assert any(b.label == texts.DOWNLOAD_XLSX for b in at.get("download_button"))


def test_the_audit_period_is_in_local_dates_with_the_end_excluded(open_app, actor_of, demo_db):
    # 21:30 UTC on 9 March is 00:30 on 10 March in Moscow (UTC+3).
    add_audit_row(demo_db, "2026-03-09 21:30:00", "qc", "login", "late")
    add_audit_row(demo_db, "2026-03-09 20:30:00", "qc", "login", "early")
    at = open_app(actor_of("admin"), AUDIT)
    at.selectbox(key="admin_audit_user").select("qc")

    at.date_input(key="admin_audit_from").set_value("2026-03-10")
    at.date_input(key="admin_audit_to").set_value("2026-03-11").run()
    table = at.dataframe[0].value
    assert list(table[texts.AUDIT_COL_TARGET]) == ["late"]
    assert list(table[texts.AUDIT_COL_AT]) == ["10.03.2026 00:30"]

    at.date_input(key="admin_audit_from").set_value("2026-03-09")
    at.date_input(key="admin_audit_to").set_value("2026-03-10").run()
    assert list(at.dataframe[0].value[texts.AUDIT_COL_TARGET]) == ["early"]

    at.date_input(key="admin_audit_from").set_value("2026-03-11")
    at.date_input(key="admin_audit_to").set_value("2026-03-12").run()
    assert shown(at.info) == [texts.NOTHING_FOUND]
    assert not at.dataframe


def test_an_audit_period_ending_before_it_starts_is_refused(audit_page):
    at = audit_page
    at.date_input(key="admin_audit_from").set_value("2026-03-10")
    at.date_input(key="admin_audit_to").set_value("2026-03-10").run()

    assert shown(at.warning) == [texts.AUDIT_BAD_PERIOD]
    assert not at.dataframe
