"""Evaluations in SQLite: who reads what, versions, disputes, org statuses, e-mail (issue 11)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.roles import Actor, PermissionDenied
from core.shopper import CALL_CHECK, DONE, MISSED, NA, Criterion, EvaluationRecord, Template
from core.timeutil import utcnow
from db.shopper import (
    ShopperError,
    acknowledge,
    campaign_id,
    create_evaluation,
    current_template_id,
    decide_dispute,
    delete_evaluation,
    get_evaluation,
    list_evaluations,
    load_template,
    open_dispute,
    org_statuses,
    record_letter,
    save_template,
    shopper_report,
)
from db.users import actor_for_login

TODAY = utcnow().date()


def marks(**changed: str) -> dict[str, str]:
    base = {c.code: DONE for c in CALL_CHECK.criteria}
    base.update(changed)
    return base


@pytest.fixture
def people(demo_db):
    qc = actor_for_login(demo_db, "qc")
    manager = actor_for_login(demo_db, "manager")
    other = actor_for_login(demo_db, "manager2")
    own = demo_db.execute("SELECT value FROM settings WHERE key = 'company_name'").fetchone()[0]
    return qc, manager, other, own.strip('"')


def staff_name(db, actor: Actor) -> str:
    return db.execute(
        "SELECT s.name FROM users u JOIN staff s ON s.id = u.staff_id WHERE u.login = ?",
        [actor.login],
    ).fetchone()[0]


def evaluate_call(db, qc, subject: Actor, own: str, **changed: str) -> int:
    with db.conn:
        camp = campaign_id(db, "Проверка", "call", "internal")
    record = EvaluationRecord(row=None, day=TODAY, org=own, manager=staff_name(db, subject),
                              marks=marks(**changed), evaluator="QC")  # fmt: skip
    return create_evaluation(db, qc, record, camp, own_name=own).id


def test_a_manager_reads_only_their_own_evaluations_even_through_the_db(demo_db, people):
    qc, manager, other, own = people
    mine = evaluate_call(demo_db, qc, manager, own, K1=MISSED)
    theirs = evaluate_call(demo_db, qc, other, own)

    seen = {row["id"] for row in list_evaluations(demo_db, manager)}
    assert mine in seen and theirs not in seen
    assert all(r["staff_id"] == list_evaluations(demo_db, manager)[0]["staff_id"]
               for r in list_evaluations(demo_db, manager))  # fmt: skip
    assert get_evaluation(demo_db, manager, mine)["verdict"] == "pass_with_improvements"
    with pytest.raises(PermissionDenied):
        get_evaluation(demo_db, manager, theirs)
    with pytest.raises(PermissionDenied):
        acknowledge(demo_db, manager, theirs)
    with pytest.raises(PermissionDenied):
        list_evaluations(demo_db, actor_for_login(demo_db, "viewer"))
    refused = demo_db.execute(
        "SELECT COUNT(*) FROM audit_log WHERE login = 'manager' AND action = 'permission.denied'"
    ).fetchone()[0]
    assert refused >= 2


def test_a_manager_cannot_create_or_delete_evaluations(demo_db, people):
    qc, manager, _, own = people
    with pytest.raises(PermissionDenied):
        evaluate_call(demo_db, manager, manager, own)
    evaluation = evaluate_call(demo_db, qc, manager, own)
    with pytest.raises(PermissionDenied):
        delete_evaluation(demo_db, manager, evaluation)
    delete_evaluation(demo_db, qc, evaluation)
    assert demo_db.execute(
        "SELECT details FROM audit_log WHERE action = 'evaluation.delete' ORDER BY id DESC"
    ).fetchone()[0]


def test_acknowledge_dispute_decide_recomputes_the_verdict_and_mails_the_manager(demo_db, people):
    qc, manager, _, own = people
    demo_db.execute("UPDATE users SET email = 'manager@example.test' WHERE login = 'manager'")
    evaluation = evaluate_call(demo_db, qc, manager, own, K5=MISSED)
    assert get_evaluation(demo_db, qc, evaluation)["verdict"] == "fail"
    queued = demo_db.execute(
        "SELECT COUNT(*) FROM outbox WHERE event = 'evaluation_new'"
    ).fetchone()[0]
    assert queued == 1

    acknowledge(demo_db, manager, evaluation)
    assert get_evaluation(demo_db, manager, evaluation)["acknowledged_at"]
    with pytest.raises(ShopperError, match="comment_required"):
        open_dispute(demo_db, manager, evaluation, "K5", "  ", TODAY)
    dispute = open_dispute(demo_db, manager, evaluation, "K5", "Итоги подвёл в конце", TODAY)
    with pytest.raises(PermissionDenied):
        decide_dispute(demo_db, manager, dispute, "accept")
    outcome = decide_dispute(demo_db, qc, dispute, "accept", comment="Согласны")
    assert outcome.verdict == "pass"
    assert get_evaluation(demo_db, manager, evaluation)["marks"]["K5"][0] == DONE
    assert (
        demo_db.execute("SELECT COUNT(*) FROM outbox WHERE event = 'dispute_decided'").fetchone()[0]
        == 1
    )
    actions = {r[0] for r in demo_db.execute(
        "SELECT action FROM audit_log WHERE target = ?", [str(evaluation)])}  # fmt: skip
    assert {"evaluation.create", "evaluation.acknowledge", "dispute.open",
            "dispute.decide"} <= actions  # fmt: skip


def test_the_dispute_window_closes_after_five_working_days(demo_db, people):
    qc, manager, _, own = people
    evaluation = evaluate_call(demo_db, qc, manager, own, K1=MISSED)
    with pytest.raises(ShopperError, match="window_closed"):
        open_dispute(demo_db, manager, evaluation, "K1", "Поздно", TODAY + timedelta(days=8))


def test_editing_a_used_template_publishes_a_new_version_and_old_evaluations_keep_theirs(
    demo_db, people
):
    qc, manager, _, own = people
    evaluation = evaluate_call(demo_db, qc, manager, own, K1=MISSED, K2=MISSED)
    old_id = current_template_id(demo_db, "call")
    edited = Template("call", "Контроль звонка", (*CALL_CHECK.criteria,
                      Criterion("K8", "Назвал срок следующего контакта", "error", "Завершение")))  # fmt: skip
    new_id = save_template(demo_db, qc, "call", edited)

    assert new_id != old_id
    assert load_template(demo_db, new_id).version == load_template(demo_db, old_id).version + 1
    assert get_evaluation(demo_db, qc, evaluation)["template_id"] == old_id
    later = evaluate_call(demo_db, qc, manager, own, K8=MISSED)
    assert get_evaluation(demo_db, qc, later)["template_id"] == new_id


def test_na_leaves_the_weight_out_and_calibration_never_counts(demo_db, people):
    qc, manager, _, own = people
    before = shopper_report(demo_db)["total"]
    evaluation = evaluate_call(demo_db, qc, manager, own, K3=NA, K6=MISSED)
    row = get_evaluation(demo_db, qc, evaluation)
    assert row["score"] == pytest.approx(5 / 6)
    assert shopper_report(demo_db)["total"] == before + 1


def test_a_failed_partner_is_out_of_the_list_until_a_recheck_passes(db):
    qc = Actor("qc", "qc")
    with db.conn:
        camp = campaign_id(db, "ТП 2020")
    base = {c: DONE for c in ("G1", "G2")}
    for day, changed in ((date(2020, 7, 1), {"G1": MISSED}), (date(2020, 9, 1), {})):
        record = EvaluationRecord(row=None, day=day, org="Альфа", city="Тула",
                                  marks={**base, **changed})  # fmt: skip
        create_evaluation(db, qc, record, camp)
        if not changed:
            continue
        [status] = org_statuses(db)
        assert (status["status"], status["out_of_recommended"]) == ("failed", True)
        record_letter(db, qc, status["org_id"], camp, date(2020, 8, 1))
        [status] = org_statuses(db)
        assert (status["status"], status["letter_on"]) == ("recheck_requested", "2020-08-01")
    [status] = org_statuses(db)
    assert (status["status"], status["out_of_recommended"]) == ("rechecked", False)


def test_the_listening_reminder_mails_the_head_once_a_day_about_who_is_behind(demo_db):
    from db.calls import listening_plan, remind_listening

    demo_db.execute("UPDATE users SET email = login || '@example.test'")
    behind = listening_plan(demo_db, TODAY)["behind"]
    assert behind
    first = remind_listening(demo_db, TODAY)
    again = remind_listening(demo_db, TODAY)
    assert first == {"behind": len(behind), "queued": 1}  # the head, by default
    assert again["queued"] == 0
    logins = {r[0] for r in demo_db.execute(
        "SELECT login FROM outbox WHERE event = 'listening_behind'")}  # fmt: skip
    assert logins == {"head"}


def test_blind_calibration_scores_form_a_session_with_the_first_as_reference_and_never_count(
    demo_db, people
):
    from db.shopper import calibration_json, calibration_report

    qc, manager, _, own = people
    head = actor_for_login(demo_db, "head")
    demo_db.execute("UPDATE users SET email = login || '@example.test'")
    before = shopper_report(demo_db)["total"]
    sessions = calibration_report(demo_db)[0].calls
    with demo_db.conn:
        camp = campaign_id(demo_db, "Проверка", "call", "internal")
    for actor, changed in ((qc, {"K1": MISSED}), (head, {})):
        record = EvaluationRecord(row=None, day=TODAY, org=own, manager=staff_name(demo_db, manager),
                                  marks=marks(**changed), evaluator=actor.name, call_ref="CAL-X")  # fmt: skip
        create_evaluation(demo_db, actor, record, camp, own_name=own, calibration=True)
    assert shopper_report(demo_db)["total"] == before
    assert calibration_report(demo_db)[0].calls == sessions + 1
    refs = demo_db.execute(
        "SELECT evaluator, is_reference FROM evaluations e JOIN calibration_sessions s "
        "ON s.id = e.calibration_id WHERE s.call_ref = 'CAL-X' ORDER BY e.id"
    ).fetchall()
    assert [tuple(r) for r in refs] == [(qc.name, 1), (head.name, 0)]
    assert calibration_json(calibration_report(demo_db)[0])["calls"] == sessions + 1
    assert (
        demo_db.execute("SELECT COUNT(*) FROM outbox WHERE event = 'evaluation_new'").fetchone()[0]
        == 0
    )
