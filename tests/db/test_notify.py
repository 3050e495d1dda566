"""The outbox: one message per subscribed user, queued in the caller's transaction (issue 10)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.notify import LOW_RATING, MISSED_REQUEST, UnknownEvent
from core.requests import RequestRecord
from core.roles import SYSTEM, Actor, PermissionDenied
from core.timeutil import utcnow
from db.alerts import scan_alerts
from db.connection import write_tx
from db.notify import mail_preferences, notify, notify_event, set_mail_preferences
from db.requests import upsert_requests
from db.settings import get_settings
from db.users import add_user


@pytest.fixture
def people(db):
    """A QC, a head, a manager with e-mails; a second QC without one."""
    for login, role in (("qc1", "qc"), ("head1", "head"), ("man1", "manager")):
        add_user(db, SYSTEM, login, login, role, None, email=f"{login}@example.test")
    add_user(db, SYSTEM, "qc2", "qc2", "qc", None)
    return db


def outbox(db) -> list[tuple]:
    return db.execute("SELECT event, login, email, status FROM outbox ORDER BY id").fetchall()


def test_an_event_is_queued_once_for_each_subscribed_user_with_an_email(people):
    with write_tx(people):
        queued = notify(people, LOW_RATING, subject="Тема", body="Текст", link="/monitor")

    assert queued == 2
    assert outbox(people) == [
        (LOW_RATING, "head1", "head1@example.test", "pending"),
        (LOW_RATING, "qc1", "qc1@example.test", "pending"),
    ]


def test_a_message_is_lost_with_the_transaction_that_caused_it(people):
    with pytest.raises(RuntimeError), write_tx(people):
        notify(people, LOW_RATING, subject="Тема", body="Текст")
        raise RuntimeError("the event itself failed")

    assert outbox(people) == []


def test_logins_restrict_the_recipients_to_subscribed_ones_among_them(people):
    assert notify(people, MISSED_REQUEST, subject="s", body="b", logins=["qc1", "man1"]) == 1
    assert [row[1] for row in outbox(people)] == ["qc1"]


def test_an_unknown_event_is_refused(people):
    with pytest.raises(UnknownEvent):
        notify(people, "no_such_event", subject="s", body="b")


def test_a_users_choice_and_digest_decide_what_reaches_them(people):
    qc1 = Actor("qc1", "qc")
    set_mail_preferences(people, qc1, "qc1", "new@example.test", [MISSED_REQUEST], digest=True)

    notify(people, LOW_RATING, subject="s", body="b")
    notify(people, MISSED_REQUEST, subject="s", body="b")

    assert mail_preferences(people, "qc1") == {
        "login": "qc1", "email": "new@example.test", "digest": True, "events": [MISSED_REQUEST],
    }  # fmt: skip
    assert ("missed_request", "qc1", "new@example.test", "held") in outbox(people)
    assert not [row for row in outbox(people) if row[1] == "qc1" and row[0] == LOW_RATING]


def test_a_user_cannot_change_someone_elses_notifications(people):
    with pytest.raises(PermissionDenied):
        set_mail_preferences(people, Actor("man1", "manager"), "qc1", "x@example.test", [], False)


def test_a_new_low_rating_alert_queues_its_mail_and_a_repeated_scan_queues_nothing(people):
    now = utcnow()
    with write_tx(people):
        upsert_requests(
            people,
            [RequestRecord(id="R-1", source="t", created_at=now - timedelta(minutes=30),
                           assigned_at=now - timedelta(minutes=29),
                           closed_at=now - timedelta(minutes=2), client="ООО «Ромашка»",
                           rating=1, rating_comment="плохо")],
        )  # fmt: skip

    scan_alerts(people, now, get_settings(people))
    scan_alerts(people, now, get_settings(people))

    rows = people.execute("SELECT event, login, params, link FROM outbox ORDER BY id").fetchall()
    assert [(r[0], r[1]) for r in rows] == [(LOW_RATING, "head1"), (LOW_RATING, "qc1")]
    assert "ООО «Ромашка»" in rows[0][2] and rows[0][3] == "/monitor"


def test_notify_event_stores_params_for_the_mail_job_to_render(people):
    assert notify_event(people, MISSED_REQUEST, {"request_id": "R-9"}, link="/monitor") == 2
    row = people.execute("SELECT subject, body, params FROM outbox LIMIT 1").fetchone()
    assert row[0] is None and row[1] is None and '"R-9"' in row[2]
