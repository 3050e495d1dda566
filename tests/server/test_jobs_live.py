"""The app works with no page open: a running server's worker raises alerts and sends e-mail.

Real servers (`streamlit run server.py`), a real SMTP server on loopback (aiosmtpd), no browser.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.requests import RequestRecord
from core.timeutil import from_stored, utcnow
from db.connection import connect, write_tx
from db.requests import upsert_requests
from db.settings import put_setting
from tests.mailbox import Mailbox
from tests.server.conftest import servers

SECRET = "live-hook-secret"
QC_EMAIL = "qc@example.test"
WAIT_S = 90.0


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """One server with its worker on a demo database; the QC user has an e-mail address."""
    with servers(tmp_path_factory.mktemp("live")) as (db_file, urls):
        db = connect(db_file)
        with write_tx(db):
            put_setting(db, "connect_webhook_secret", SECRET)
            put_setting(db, "job_period_alerts", 2)
            put_setting(db, "job_period_send_mail", 1)
            db.execute("UPDATE users SET email = ? WHERE login = 'qc'", [QC_EMAIL])
        db.close()
        yield db_file, urls[0]


def point_mail_at(db_file: Path, mailbox: Mailbox) -> None:
    db = connect(db_file)
    with write_tx(db):
        for key, value in mailbox.settings().items():
            put_setting(db, key, value)
    db.close()


def post_low_rating(url: str, treatment: str) -> dict:
    """A request opened, taken, closed and rated 1 — as 1C-Connect pushes it to the webhook."""
    now = datetime.now(UTC)

    def event(kind: int, minutes_ago: int, **extra) -> dict:
        moment = (now - timedelta(minutes=minutes_ago)).isoformat().replace("+00:00", "Z")
        return {"treatment_id": treatment, "message_id": f"{treatment}-{kind}",
                "message_type": kind, "message_time": moment, "line_id": "Бухгалтерия",
                "user_id": "client-live", **extra}  # fmt: skip

    events = [
        event(80, 50),
        event(84, 48, specialist_id="Павлова Анна"),
        event(82, 10),
        event(17, 5, quality=1, quality_comment="Никто не помог"),
    ]
    request = urllib.request.Request(
        f"{url}/hooks/1c-connect",
        data="\n".join(json.dumps(e, ensure_ascii=False) for e in events).encode("utf-8"),
        headers={"Content-Type": "application/json", "X-QC-Secret": SECRET},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def wait_until(check, timeout: float = WAIT_S):
    """Poll `check()` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s")


def mails_about(mailbox: Mailbox, request_id: str) -> list:
    return [m for m in mailbox.to(QC_EMAIL) if request_id in m["Subject"]]


def test_a_low_rating_posted_to_the_webhook_reaches_the_qc_mailbox_with_no_page_open(live):
    db_file, url = live
    mailbox = Mailbox()
    mailbox.start()
    try:
        point_mail_at(db_file, mailbox)

        answer = post_low_rating(url, "LIVE-LOW-1")

        assert answer["alerts"] >= 1
        [mail] = wait_until(lambda: mails_about(mailbox, "LIVE-LOW-1"))
        assert "Низкая оценка 1" in mail["Subject"]
        assert "Никто не помог" in mail.get_content()
        assert "/monitor" in mail.get_content()
    finally:
        mailbox.stop()


def test_with_the_smtp_server_stopped_the_message_waits_and_goes_out_after_it_starts(live):
    db_file, url = live
    mailbox = Mailbox()  # not started yet: nothing listens on its port
    point_mail_at(db_file, mailbox)
    db = connect(db_file)

    def waiting() -> list:
        return db.execute(
            "SELECT status, attempts, last_error FROM outbox WHERE login = 'qc' "
            "AND params LIKE '%LIVE-LOW-2%' AND attempts >= 1"
        ).fetchall()

    post_low_rating(url, "LIVE-LOW-2")
    [(status, attempts, error)] = wait_until(waiting)
    assert status == "pending" and "127.0.0.1" in error
    assert mails_about(mailbox, "LIVE-LOW-2") == []

    mailbox.start()
    try:
        [mail] = wait_until(lambda: mails_about(mailbox, "LIVE-LOW-2"))
        assert "Низкая оценка 1" in mail["Subject"]
        sent = db.execute(
            "SELECT status FROM outbox WHERE login = 'qc' AND params LIKE '%LIVE-LOW-2%'"
        ).fetchall()
        assert sent == [("sent",)]
    finally:
        mailbox.stop()
        db.close()


def test_a_request_unassigned_past_60_minutes_raises_alert_task_and_mail_in_one_period(live):
    db_file, _ = live
    mailbox = Mailbox()
    mailbox.start()
    db = connect(db_file)
    try:
        point_mail_at(db_file, mailbox)
        now = utcnow()
        with write_tx(db):
            upsert_requests(
                db,
                [RequestRecord(id="LIVE-MISSED-1", source="test",
                               created_at=now - timedelta(minutes=61), line="Бухгалтерия",
                               client="ООО «Ночная смена»")],
            )  # fmt: skip
        inserted = utcnow()

        def raised() -> list:
            return db.execute(
                "SELECT a.created_at, t.id FROM alerts a JOIN qc_tasks t "
                "ON t.alert_id = a.id WHERE a.kind = 'missed' AND a.request_id = 'LIVE-MISSED-1'"
            ).fetchall()

        [(alert_at, task_id)] = wait_until(raised)
        [mail] = wait_until(lambda: mails_about(mailbox, "LIVE-MISSED-1"))

        # the first scheduled run of the alerts job after the insert raised it
        runs = [
            from_stored(row[0])
            for row in db.execute(
                "SELECT started_at FROM job_runs WHERE name = 'alerts' AND started_at > ? "
                "ORDER BY started_at",
                [inserted.strftime("%Y-%m-%d %H:%M:%S.%f")],
            ).fetchall()
        ]
        assert runs and from_stored(alert_at) == runs[0]
        print(f"alert raised {(runs[0] - inserted).total_seconds():.2f} s after the insert")
        assert task_id is not None
        assert "ООО «Ночная смена»" in mail["Subject"]
    finally:
        mailbox.stop()
        db.close()
