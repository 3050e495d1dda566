"""Deals in SQLite (issue 12): every move through one write path that enforces the rules and
audits refusals; QC callbacks; the refusals and hygiene reports."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.deals import CLOSED_LOST, CONDITIONAL_REFUSAL, IN_WORK, DealRecord, DealRuleError
from core.imports import ImportResult
from core.roles import SYSTEM, Actor
from core.timeutil import utcnow
from db.deals import (
    DealNotFound,
    UnknownManager,
    Verification,
    add_task,
    crm_decisions,
    deal_json,
    get_deal,
    hygiene_report,
    move_deal,
    refusal_report,
    save_reasons,
    store_deal_import,
    verification_queue,
    verify_refusal,
)
from db.users import add_user

TZ = "Europe/Moscow"
MANAGER = Actor("ivanova", "manager", "Иванова Анна")
OTHER = Actor("petrov", "manager", "Петров Пётр")
QC = Actor("qc1", "qc", "Смирнова Ольга")


@pytest.fixture
def crm(db):
    """Three users and three deals of Иванова, one of Петров."""
    for actor in (MANAGER, OTHER, QC):
        add_user(db, SYSTEM, actor.login, actor.name, actor.role, None,
                 email=f"{actor.login}@example.ru")  # fmt: skip
    records = [
        DealRecord(id=str(n), row=n, system="table", stage="in_work", source_stage="В работе",
                   title=f"Сделка {n}", client_name=f"ООО Клиент {n}", manager=manager,
                   amount_kop=amount)
        for n, manager, amount in ((1, "Иванова Анна", 5_000_000), (2, "ivanova", 12_000_000),
                                   (3, "ivanova", 700_000), (4, "petrov", 1_000_000))
    ]  # fmt: skip
    store_deal_import(
        db, SYSTEM, "deals", "deals.csv", "hash", ImportResult(records, [], len(records)), TZ
    )
    return db


def audit(db, action: str) -> list[tuple]:
    return [
        tuple(r)
        for r in db.execute(
            "SELECT login, target, details FROM audit_log WHERE action = ? ORDER BY id", [action]
        ).fetchall()
    ]


def test_a_manager_cannot_close_a_deal_as_lost_and_the_attempt_is_audited(crm):
    with pytest.raises(DealRuleError) as caught:
        move_deal(crm, MANAGER, "1", CLOSED_LOST)
    assert caught.value.code == "manager_cannot_close_lost"
    assert get_deal(crm, "1")["stage"] == IN_WORK
    assert (
        crm.execute("SELECT COUNT(*) FROM deal_history WHERE login IS NOT NULL").fetchone()[0] == 0
    )
    ((login, target, details),) = audit(crm, "deal.refused")
    assert (login, target) == ("ivanova", "1") and "manager_cannot_close_lost" in details


def test_a_manager_cannot_touch_another_managers_deal(crm):
    with pytest.raises(DealRuleError) as caught:
        move_deal(crm, MANAGER, "4", CONDITIONAL_REFUSAL, "Дорого")
    assert caught.value.code == "not_own_deal"
    assert get_deal(crm, "4")["stage"] == IN_WORK


def test_the_full_refusal_flow_confirmed_and_returned_to_another_manager(crm):
    move_deal(crm, MANAGER, "1", CONDITIONAL_REFUSAL, "Маленький бюджет")
    move_deal(crm, MANAGER, "2", CONDITIONAL_REFUSAL, "Нет ЛПР")
    assert [r["deal_id"] for r in verification_queue(crm)] == ["1", "2"]

    verify_refusal(crm, QC, "2", Verification("confirmed", "Нет ЛПР"))
    assert deal_json(crm, "2") == {"id": "2", "stage": CLOSED_LOST, "manager": "ivanova",
                                   "reason": "Нет ЛПР", "amount": 120000,
                                   "client": "ООО Клиент 2"}  # fmt: skip

    verify_refusal(crm, QC, "1", Verification("returned", "другое", "бюджет 550 тыс.", "petrov"))
    deal = deal_json(crm, "1")
    assert deal["stage"] == IN_WORK and deal["manager"] == "petrov" and deal["reason"] is None
    move_deal(crm, OTHER, "1", "won")

    report = refusal_report(crm)
    assert report["awaiting"] == 0
    assert (report["confirmed"], report["returned"]) == (1, 1)
    assert report["returned_amount"] == 50000
    assert report["won_after_return_amount"] == 50000
    reasons = {r["reason"]: (r["by_manager"], r["by_client"]) for r in report["reasons"]}
    assert reasons["Маленький бюджет"] == (1, 0)
    assert reasons["Другое"] == (0, 1)
    assert reasons["Нет ЛПР"] == (1, 1)
    assert report["managers"] == [
        {"manager": "ivanova", "refusals": 2, "returned": 1, "false_rate": 0.5}
    ]
    assert [(d["id"], d["stage"], d["manager"]) for d in crm_decisions(crm)] == [
        ("2", "Закрыто и не реализовано", "ivanova"),
        ("1", "В работе", "petrov"),
    ]


def test_closing_as_lost_needs_a_recorded_verification_even_for_the_head(crm):
    move_deal(crm, MANAGER, "3", CONDITIONAL_REFUSAL, "Дорого")
    with pytest.raises(DealRuleError) as caught:
        move_deal(crm, Actor("boss", "head"), "3", CLOSED_LOST)
    assert caught.value.code == "verification_required"
    assert get_deal(crm, "3")["stage"] == CONDITIONAL_REFUSAL


def test_a_manager_cannot_verify_and_an_unknown_manager_is_refused(crm):
    move_deal(crm, MANAGER, "3", CONDITIONAL_REFUSAL, "Дорого")
    with pytest.raises(DealRuleError):
        verify_refusal(crm, MANAGER, "3", Verification("confirmed"))
    with pytest.raises(UnknownManager):
        verify_refusal(crm, QC, "3", Verification("returned", to_manager="nobody"))
    assert get_deal(crm, "3")["stage"] == CONDITIONAL_REFUSAL
    assert len(audit(crm, "deal.refused")) == 2


def test_an_unknown_deal_is_refused(crm):
    with pytest.raises(DealNotFound):
        move_deal(crm, MANAGER, "999", IN_WORK)


def test_admins_edit_the_reasons_list_and_others_cannot(crm):
    save_reasons(crm, SYSTEM, ["Дорого", "Закрылись", "Другое"])
    with pytest.raises(DealRuleError) as caught:
        move_deal(crm, MANAGER, "1", CONDITIONAL_REFUSAL, "Нет ЛПР")
    assert caught.value.code == "unknown_reason"
    move_deal(crm, MANAGER, "1", CONDITIONAL_REFUSAL, "закрылись")
    assert deal_json(crm, "1")["reason"] == "Закрылись"
    from core.roles import PermissionDenied

    with pytest.raises(PermissionDenied):
        save_reasons(crm, QC, ["Дорого"])


def test_hygiene_counts_overdue_tasks_and_missing_next_steps(crm):
    add_task(crm, MANAGER, "1", "Перезвонить", utcnow() - timedelta(days=2))
    add_task(crm, MANAGER, "2", "Отправить КП", utcnow() + timedelta(days=2))
    report = hygiene_report(crm)
    ivanova = next(r for r in report["managers"] if r["manager"] == "ivanova")
    assert ivanova["deals"] == 3 and ivanova["overdue_tasks"] == 1
    problems = {(i["kind"], i["id"]): i["problems"] for i in report["to_fix"]}
    assert "next_task" in problems[("deal", "3")]
    assert "next_task" not in problems[("deal", "2")]
    assert problems[("task", "1")] == ["overdue"]


def outbox(db) -> list[tuple]:
    return [tuple(r) for r in db.execute("SELECT event, login FROM outbox ORDER BY id").fetchall()]


def test_a_returned_deal_emails_its_new_manager_in_the_same_transaction(crm):
    move_deal(crm, MANAGER, "1", CONDITIONAL_REFUSAL, "Дорого")
    verify_refusal(crm, QC, "1", Verification("returned", "Отложили", to_manager="petrov"))
    assert outbox(crm) == [("deal_returned", "petrov")]
    import json as _json

    params = _json.loads(crm.execute("SELECT params FROM outbox").fetchone()[0])
    assert params["reason"] == "Дорого" and params["client_reason"] == "Отложили"


def test_the_queue_job_tells_qc_once_when_a_refusal_passes_the_target(crm):
    from db.deals import check_late_refusals

    start = utcnow() - timedelta(days=10)
    move_deal(crm, MANAGER, "1", CONDITIONAL_REFUSAL, "Дорого", now=start)
    move_deal(crm, MANAGER, "2", CONDITIONAL_REFUSAL, "Дорого")
    first = check_late_refusals(crm)
    assert (first["awaiting"], first["overdue"], first["new_overdue"]) == (2, 1, 1)
    assert outbox(crm) == [("refusals_late", "qc1")]
    second = check_late_refusals(crm)
    assert second["new_overdue"] == 0 and len(outbox(crm)) == 1


def test_money_returned_this_month_counts_from_the_first_of_the_month_in_the_companys_zone(crm):
    from datetime import UTC, datetime

    from core.timeutil import to_stored
    from db.deals import returned_this_month

    for deal in ("1", "3"):
        move_deal(crm, MANAGER, deal, CONDITIONAL_REFUSAL, "Дорого")
        verify_refusal(crm, QC, deal, Verification("returned", "другое", "", "petrov"))
    # 01:30 on 1 November in Moscow is still October in UTC; 23:00 on 31 October is not November
    moments = {"1": datetime(2026, 10, 31, 22, 30, tzinfo=UTC),
               "3": datetime(2026, 10, 31, 20, 0, tzinfo=UTC)}  # fmt: skip
    for deal, moment in moments.items():
        crm.execute(
            "UPDATE deal_refusals SET verified_at = ? WHERE deal_id = ?", [to_stored(moment), deal]
        )
    now = datetime(2026, 11, 15, 9, 0, tzinfo=UTC)
    assert returned_this_month(crm, now, TZ) == 5_000_000
    assert returned_this_month(crm, now, "UTC") == 0
