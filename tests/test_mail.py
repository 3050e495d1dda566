"""The mail jobs against a real SMTP server on loopback (aiosmtpd): outbox, retries, digest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from core.notify import LOW_RATING, MISSED_REQUEST
from core.roles import SYSTEM, Actor
from core.timeutil import utcnow
from db.connection import write_tx
from db.notify import notify, notify_event, set_mail_preferences
from db.settings import get_settings, put_setting
from db.users import add_user
from tests.mailbox import Mailbox
from ui.texts import notify as N
from worker import MailError, run_digest, run_job_once, run_send_mail, send_test_mail


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    box.start()
    yield box
    box.stop()


@pytest.fixture
def mail_db(db, mailbox):
    with write_tx(db):
        for key, value in mailbox.settings().items():
            put_setting(db, key, value)
        put_setting(db, "app_url", "https://qc.example.test/")
        put_setting(db, "job_period_send_mail", 1)
    add_user(db, SYSTEM, "qc1", "Контролёр", "qc", None, email="qc1@example.test")
    add_user(db, SYSTEM, "man1", "Менеджер", "manager", None, email="man1@example.test")
    return db


def outbox_rows(db) -> list[tuple]:
    return db.execute("SELECT login, status, attempts FROM outbox ORDER BY id").fetchall()


def test_a_queued_event_is_sent_in_russian_with_a_link_to_the_page(mail_db, mailbox):
    params = {"request_id": "R-7", "client": "ООО «Ромашка»", "rating": 1, "comment": "долго"}
    with write_tx(mail_db):
        notify_event(mail_db, LOW_RATING, params, link="/monitor")

    result = run_send_mail(mail_db, utcnow())

    [message] = mailbox.wait_for(1)
    assert mailbox.to("qc1@example.test") == [message]
    assert message["Subject"] == N.EVENT_MAIL[LOW_RATING][0].format(**params)
    text = message.get_content()
    assert "Комментарий клиента: долго" in text
    assert N.MAIL_LINK.format(url="https://qc.example.test/monitor") in text
    assert outbox_rows(mail_db) == [("qc1", "sent", 1)]
    assert result.startswith("отправлено: 1")


def test_with_the_smtp_server_down_the_message_waits_and_goes_out_later(mail_db, mailbox):
    mailbox.stop()
    with write_tx(mail_db):
        notify(mail_db, MISSED_REQUEST, subject="Пропущено R-1", body="Текст")

    outcome = run_job_once(mail_db, "send_mail")

    assert not outcome.ok and "127.0.0.1" in (outcome.error or "")
    assert outbox_rows(mail_db) == [("qc1", "pending", 1)]
    mailbox.start()
    assert run_send_mail(mail_db, utcnow()).startswith("писем к отправке нет")  # backoff: not yet
    run_send_mail(mail_db, utcnow() + timedelta(seconds=5))
    assert [m["Subject"] for m in mailbox.wait_for(1)] == ["Пропущено R-1"]
    assert outbox_rows(mail_db) == [("qc1", "sent", 2)]


def test_without_an_smtp_server_set_messages_wait_in_the_outbox(mail_db):
    with write_tx(mail_db):
        put_setting(mail_db, "smtp_host", "")
        notify(mail_db, MISSED_REQUEST, subject="s", body="b")

    assert "писем ждёт: 1" in run_send_mail(mail_db, utcnow())
    assert outbox_rows(mail_db) == [("qc1", "pending", 0)]


def test_a_digest_user_gets_one_summary_instead_of_each_message(mail_db, mailbox):
    set_mail_preferences(
        mail_db, Actor("qc1", "qc"), "qc1", "qc1@example.test", [MISSED_REQUEST], True
    )
    with write_tx(mail_db):
        notify(mail_db, MISSED_REQUEST, subject="Пропущено R-1", body="b")
        notify(mail_db, MISSED_REQUEST, subject="Пропущено R-2", body="b")
    assert "писем к отправке нет" in run_send_mail(mail_db, utcnow())

    assert run_digest(mail_db, utcnow()) == "сводок: 1, уведомлений в них: 2"
    run_send_mail(mail_db, utcnow())

    [digest] = mailbox.wait_for(1)
    assert digest["Subject"].startswith("Сводка уведомлений за ")
    assert "Пропущено R-1" in digest.get_content() and "Пропущено R-2" in digest.get_content()
    statuses = [row[1] for row in outbox_rows(mail_db)]
    assert statuses == ["digested", "digested", "sent"]


def test_the_mail_check_sends_at_once_and_names_the_problem_when_it_cannot(mail_db, mailbox):
    settings = get_settings(mail_db)
    send_test_mail(settings, "admin@example.test")
    assert mailbox.wait_for(1)[0]["Subject"] == N.TEST_SUBJECT

    mailbox.stop()
    with pytest.raises(MailError, match="127.0.0.1"):
        send_test_mail(settings, "admin@example.test")


def test_the_smtp_password_never_appears_in_a_recorded_error(mail_db):
    # a server error that echoes the secret (here: the password doubles as the host name)
    with write_tx(mail_db):
        put_setting(mail_db, "smtp_host", "Very-Secret-42.invalid")
        put_setting(mail_db, "smtp_password", "Very-Secret-42")
        notify(mail_db, MISSED_REQUEST, subject="s", body="b")

    outcome = run_job_once(mail_db, "send_mail")

    assert not outcome.ok and "********.invalid" in (outcome.error or "")
    stored = mail_db.execute("SELECT last_error FROM jobs WHERE name = 'send_mail'").fetchone()[0]
    outbox_errors = mail_db.execute("SELECT last_error FROM outbox").fetchall()
    assert "Very-Secret-42" not in stored + "".join(row[0] for row in outbox_errors)
