"""«Фоновые задачи», «Проверить почту» and the e-mail notification forms, driven through AppTest."""

from __future__ import annotations

import pytest

from core.notify import LOW_RATING, MISSED_REQUEST, chosen_events
from db.connection import write_tx
from db.jobs import job_period_setting, job_state
from db.notify import mail_preferences
from db.settings import put_setting
from tests.mailbox import Mailbox
from ui import texts
from ui.texts import jobs as T
from ui.texts import notify as N
from ui.widgets import plain
from worker import JOBS

JOBS_PAGE = "app_pages/admin_jobs.py"
SETTINGS = "app_pages/admin_settings.py"
USERS = "app_pages/admin_users.py"
MY_MAIL = "app_pages/my_mail.py"


def button(at, key: str):
    return next(b for b in at.button if b.key == key)


def test_the_jobs_page_lists_every_job_with_its_period(open_app, actor_of):
    at = open_app(actor_of("admin"), JOBS_PAGE)

    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert list(table[T.JOBS_COL_JOB]) == [spec.title for spec in JOBS]
    periods = dict(zip(table[T.JOBS_COL_JOB], table[T.JOBS_COL_PERIOD], strict=True))
    assert periods[T.JOB_ALERTS] == "10 с"
    assert periods[T.JOB_BACKUP] == T.JOBS_PERIOD_DAILY.format(hour=3)


def test_run_now_runs_the_job_records_it_and_says_how_it_ended(open_app, actor_of, demo_db):
    at = open_app(actor_of("admin"), JOBS_PAGE)

    button(at, "admin_jobs_run_alerts").click().run()

    assert not at.exception
    state = job_state(demo_db, "alerts")
    assert state["runs"] == 1 and state["last_result"]
    assert [s.value for s in at.success] == [
        T.JOBS_RUN_DONE.format(title=T.JOB_ALERTS, result=state["last_result"])
    ]
    table = at.dataframe[0].value
    row = table[table[T.JOBS_COL_JOB] == T.JOB_ALERTS].iloc[0]
    assert row[T.JOBS_COL_RESULT] == state["last_result"]
    assert row[T.JOBS_COL_STATE] == T.JOBS_STATE_OK
    audit = demo_db.execute("SELECT login FROM audit_log WHERE action = 'job.run'").fetchall()
    assert audit == [("admin",)]


def test_run_now_after_the_session_ended_runs_nothing_and_is_audited(open_app, actor_of, demo_db):
    at = open_app(actor_of("admin"), JOBS_PAGE)
    at.session_state["actor"] = None  # revoked between the page's run and the click

    button(at, "admin_jobs_run_alerts").click().run()

    assert job_state(demo_db, "alerts")["runs"] == 0
    assert not demo_db.execute("SELECT 1 FROM audit_log WHERE action = 'job.run'").fetchall()
    refused = demo_db.execute(
        "SELECT target FROM audit_log WHERE action = 'session.refused'"
    ).fetchall()
    assert refused == [("job.run alerts",)]


def test_a_failing_job_shows_its_error_on_the_page(open_app, actor_of, demo_db):
    with write_tx(demo_db):
        put_setting(demo_db, "connect_url", "http://127.0.0.1:9/ws/PartnerWebAPI2")
    at = open_app(actor_of("admin"), JOBS_PAGE)

    button(at, "admin_jobs_run_connect_sync").click().run()

    assert not at.exception
    assert [e.value for e in at.error] == [T.JOBS_RUN_FAILED.format(title=T.JOB_CONNECT)]
    assert any("127.0.0.1:9" in t.value for t in at.text)
    table = at.dataframe[0].value
    row = table[table[T.JOBS_COL_JOB] == T.JOB_CONNECT].iloc[0]
    assert "127.0.0.1:9" in row[T.JOBS_COL_ERROR]
    assert row[T.JOBS_COL_STATE] == T.JOBS_STATE_FAILING.format(failures=1)


def test_the_admin_changes_a_jobs_period(open_app, actor_of, demo_db):
    at = open_app(actor_of("admin"), JOBS_PAGE)

    at.selectbox(key="admin_jobs_period_job").select("send_mail")
    at.number_input(key="admin_jobs_period_seconds").set_value(5)
    next(b for b in at.button if b.label == T.JOBS_PERIOD_SAVE).click().run()

    assert not at.exception
    assert job_period_setting(demo_db, "send_mail") == 5
    assert T.JOBS_PERIOD_SAVED.format(title=T.JOB_SEND_MAIL) in [s.value for s in at.success]


def test_a_head_of_sales_cannot_open_the_jobs_page(open_app, actor_of):
    at = open_app(actor_of("head"), JOBS_PAGE)

    assert [e.value for e in at.error] == [texts.NO_ACCESS]
    assert not [b for b in at.button if str(b.key).startswith("admin_jobs_run_")]


@pytest.fixture
def mailbox():
    box = Mailbox()
    box.start()
    yield box
    box.stop()


def test_check_mail_sends_a_test_message_and_the_password_never_shows(
    open_app, actor_of, demo_db, mailbox
):
    with write_tx(demo_db):
        for key, value in mailbox.settings().items():
            put_setting(demo_db, key, value)
        put_setting(demo_db, "smtp_password", "Pa55-Secret-word")
    at = open_app(actor_of("admin"), SETTINGS)
    at.text_input(key="admin_settings_mail_to").input("admin@example.test")

    button(at, "admin_settings_mail_check").click().run()

    assert not at.exception
    assert mailbox.wait_for(1)[0]["Subject"] == N.TEST_SUBJECT
    assert [s.value for s in at.success] == [
        T.MAIL_CHECK_OK.format(
            host=plain("127.0.0.1"), port=plain(mailbox.port), to=plain("admin@example.test")
        )
    ]
    shown = [
        str(w.value) for kind in ("text_input", "selectbox", "number_input") for w in at.get(kind)
    ]
    assert all("Pa55-Secret-word" not in value for value in shown)


def test_check_mail_names_the_problem_when_the_server_is_down(open_app, actor_of, demo_db):
    down = Mailbox()  # never started
    with write_tx(demo_db):
        for key, value in down.settings().items():
            put_setting(demo_db, key, value)
    at = open_app(actor_of("admin"), SETTINGS)
    at.text_input(key="admin_settings_mail_to").input("admin@example.test")

    button(at, "admin_settings_mail_check").click().run()

    assert [e.value for e in at.error] == [T.MAIL_CHECK_FAILED]
    assert any(f"127.0.0.1:{down.port}" in t.value for t in at.text)


def test_the_admin_sets_a_users_email_and_events(open_app, actor_of, demo_db):
    at = open_app(actor_of("admin"), USERS)
    at.selectbox(key="admin_users_selected").select("qc")
    at.run()

    at.text_input(key="admin_users_qc_email").input("qc@example.test")
    at.multiselect(key="admin_users_qc_events").set_value([LOW_RATING])
    at.checkbox(key="admin_users_qc_digest").check()
    next(b for b in at.button if b.label == T.USERS_MAIL_SAVE).click().run()

    assert not at.exception
    assert mail_preferences(demo_db, "qc") == {
        "login": "qc", "email": "qc@example.test", "digest": True, "events": [LOW_RATING],
    }  # fmt: skip


def test_every_user_chooses_their_own_notifications(open_app, actor_of, demo_db):
    at = open_app(actor_of("manager"), MY_MAIL)
    assert at.multiselect(key="my_mail_manager_events").value == chosen_events("manager", {})
    assert MISSED_REQUEST not in at.multiselect(key="my_mail_manager_events").value

    at.text_input(key="my_mail_manager_email").input("не адрес")
    next(b for b in at.button if b.label == T.USERS_MAIL_SAVE).click().run()
    assert [e.value for e in at.error] == [T.USERS_MAIL_BAD_EMAIL]

    at.text_input(key="my_mail_manager_email").input("manager@example.test")
    at.multiselect(key="my_mail_manager_events").set_value([MISSED_REQUEST])
    next(b for b in at.button if b.label == T.USERS_MAIL_SAVE).click().run()

    assert mail_preferences(demo_db, "manager")["events"] == [MISSED_REQUEST]
    assert mail_preferences(demo_db, "manager")["email"] == "manager@example.test"
