"""QC callback tasks: a low rating opens one, QC closes it with the client's answer."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.requests import RequestRecord
from core.roles import Actor, PermissionDenied
from core.timeutil import utcnow
from db.alerts import (
    OutcomeRequired,
    TaskNotFound,
    callback_tasks,
    complete_task,
    count_callback_tasks,
    scan_alerts,
)
from db.connection import write_tx
from db.requests import upsert_requests
from db.settings import get_settings

QC = Actor(login="qc", role="qc", name="Контролёр")
MANAGER = Actor(login="manager", role="manager", name="Менеджер")


@pytest.fixture
def task_id(db) -> int:
    now = utcnow()
    record = RequestRecord(
        id="LOW-1", source="test", created_at=now - timedelta(minutes=40),
        assigned_at=now - timedelta(minutes=39), closed_at=now - timedelta(minutes=5),
        client="ООО «Тестовый клиент»", specialist="Тестова Анна", rating=2,
        rating_comment="Долго ждали",
    )  # fmt: skip
    with write_tx(db):
        upsert_requests(db, [record])
    scan_alerts(db, now, get_settings(db))
    tasks = callback_tasks(db)
    assert [(t["request_id"], t["reason"], t["rating"]) for t in tasks] == [
        ("LOW-1", "low_rating", 2)
    ]
    return int(tasks[0]["id"])


def test_qc_closes_a_callback_with_the_clients_answer(db, task_id: int) -> None:
    assert count_callback_tasks(db) == 1
    assert complete_task(db, QC, task_id, "  Клиент доволен, вопрос решён повторно ")
    assert count_callback_tasks(db) == 0
    done = callback_tasks(db, "done")
    assert [(t["id"], t["note"], t["assignee"]) for t in done] == [
        (task_id, "Клиент доволен, вопрос решён повторно", "qc")
    ]
    assert done[0]["done_at"]
    assert complete_task(db, QC, task_id, "ещё раз") is False
    audit = db.execute("SELECT login FROM audit_log WHERE action = 'callback.done'").fetchall()
    assert audit == [("qc",)]


def test_a_callback_needs_an_outcome_and_an_existing_task(db, task_id: int) -> None:
    with pytest.raises(OutcomeRequired):
        complete_task(db, QC, task_id, "   ")
    with pytest.raises(TaskNotFound):
        complete_task(db, QC, task_id + 100, "итог")
    assert count_callback_tasks(db) == 1


def test_a_manager_may_not_close_a_callback_and_the_refusal_is_audited(db, task_id: int) -> None:
    with pytest.raises(PermissionDenied):
        complete_task(db, MANAGER, task_id, "сам себе перезвонил")
    assert count_callback_tasks(db) == 1
    refused = db.execute(
        "SELECT login FROM audit_log WHERE action = 'permission.denied'"
    ).fetchall()
    assert refused == [("manager",)]
