"""The funnel's rules (DESIGN §5.3): who may move a deal where, reasons, stage maps, hygiene."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.deals import (
    CLOSED_LOST,
    CONDITIONAL_REFUSAL,
    DEFAULT_REASONS,
    IN_WORK,
    NEW,
    PROPOSAL,
    WON,
    DealRuleError,
    HygieneFigures,
    Move,
    StageMapError,
    allowed_targets,
    check_move,
    check_verify,
    hygiene_score,
    map_stage,
    merged_stage_map,
    months_before,
    parse_stage,
    parse_stage_map,
    source_stage_name,
)


def refused(move: Move) -> str:
    with pytest.raises(DealRuleError) as caught:
        check_move(move, DEFAULT_REASONS)
    return caught.value.code


@pytest.mark.parametrize("stage", [NEW, IN_WORK, PROPOSAL, WON])
def test_a_manager_can_never_close_a_deal_as_lost_from_any_stage(stage):
    assert refused(Move("manager", "ivanov", "ivanov", stage, CLOSED_LOST)) == (
        "manager_cannot_close_lost"
    )


def test_a_manager_cannot_close_even_a_verified_refusal():
    move = Move("manager", "ivanov", "ivanov", CONDITIONAL_REFUSAL, CLOSED_LOST)
    assert refused(move) == "manager_cannot_close_lost"


def test_a_manager_moves_only_own_deals():
    move = Move("manager", "ivanov", "petrov", IN_WORK, CONDITIONAL_REFUSAL, "Дорого")
    assert refused(move) == "not_own_deal"


def test_conditional_refusal_needs_a_reason_from_the_list():
    base = dict(role="manager", login="a", deal_manager="a", from_stage=IN_WORK)
    assert refused(Move(**base, to_stage=CONDITIONAL_REFUSAL)) == "reason_required"
    assert refused(Move(**base, to_stage=CONDITIONAL_REFUSAL, reason="Луна")) == "unknown_reason"
    assert refused(Move(**base, to_stage=CONDITIONAL_REFUSAL, reason="другое")) == (
        "comment_required"
    )
    ok = Move(**base, to_stage=CONDITIONAL_REFUSAL, reason="маленький  бюджет")
    assert check_move(ok, DEFAULT_REASONS) == "Маленький бюджет"
    other = Move(**base, to_stage=CONDITIONAL_REFUSAL, reason="Другое", comment="ушёл в 1С-Рарус")
    assert check_move(other, DEFAULT_REASONS) == "Другое"


def test_staff_close_as_lost_only_through_a_recorded_verification():
    assert refused(Move("qc", "q", "a", CONDITIONAL_REFUSAL, CLOSED_LOST)) == (
        "verification_required"
    )
    assert refused(Move("head", "h", "a", IN_WORK, CLOSED_LOST)) == "not_in_refusal"
    assert refused(Move("qc", "q", "a", CONDITIONAL_REFUSAL, IN_WORK)) == "use_verification"


def test_a_viewer_moves_nothing():
    assert refused(Move("viewer", "v", "v", NEW, IN_WORK)) == "forbidden_role"


def test_verification_is_for_staff_on_a_refused_deal():
    check_verify("qc", CONDITIONAL_REFUSAL, "confirmed")
    for role, stage, outcome, code in (
        ("manager", CONDITIONAL_REFUSAL, "confirmed", "verify_forbidden"),
        ("qc", IN_WORK, "returned", "not_in_refusal"),
        ("qc", CONDITIONAL_REFUSAL, "maybe", "bad_outcome"),
    ):
        with pytest.raises(DealRuleError) as caught:
            check_verify(role, stage, outcome)
        assert caught.value.code == code


def test_pages_offer_a_manager_no_closed_lost_and_staff_only_what_the_rules_allow():
    assert CLOSED_LOST not in allowed_targets("manager", "a", "a", IN_WORK)
    assert CONDITIONAL_REFUSAL in allowed_targets("manager", "a", "a", IN_WORK)
    assert allowed_targets("manager", "a", "b", IN_WORK) == []
    assert allowed_targets("qc", "q", "a", CONDITIONAL_REFUSAL) == []


def test_stages_are_read_from_codes_and_russian_names():
    assert parse_stage("Условный отказ") == CONDITIONAL_REFUSAL
    assert parse_stage(" закрыто И не реализовано ") == CLOSED_LOST
    assert parse_stage("won") == WON
    assert parse_stage("Что-то своё") is None


def test_default_maps_send_crm_stage_names_to_the_funnel_and_never_guess():
    bitrix = merged_stage_map("bitrix24", {})
    assert map_stage("Сделка провалена", bitrix) == CLOSED_LOST
    assert map_stage("Счет на предоплату", bitrix) == PROPOSAL
    amo = merged_stage_map("amocrm", {"Думают": "proposal"})
    assert map_stage("Успешно реализовано", amo) == WON
    assert map_stage("думают", amo) == PROPOSAL
    assert map_stage("Выставлен счёт клиенту", amo) is None


def test_a_stage_map_file_accepts_codes_and_russian_names_and_rejects_the_rest():
    assert parse_stage_map('{"Думают": "КП отправлено", "Пилот": "in_work"}') == {
        "Думают": PROPOSAL,
        "Пилот": IN_WORK,
    }
    with pytest.raises(StageMapError):
        parse_stage_map('{"Пилот": "куда-нибудь"}')
    with pytest.raises(StageMapError):
        parse_stage_map("[1, 2]")


def test_the_crm_file_uses_the_sources_own_stage_names():
    assert source_stage_name(CLOSED_LOST, "amocrm", {}) == "Закрыто и не реализовано"
    assert source_stage_name(IN_WORK, "bitrix24", {}, "Подготовка документов") == (
        "Подготовка документов"
    )
    assert source_stage_name(IN_WORK, "bitrix24", {"Работаем": "in_work"}) == "Работаем"
    assert source_stage_name(IN_WORK, "table", {}) == "В работе"


def test_hygiene_score_is_full_for_complete_data_and_falls_with_gaps():
    perfect = HygieneFigures("a", 10, 60, 5, 20, 0, 0, 0, 0)
    assert hygiene_score(perfect) == 100.0
    sloppy = HygieneFigures("b", 10, 30, 5, 10, 10, 10, 10, 5)
    assert hygiene_score(sloppy) == 30.0


def test_months_before_clips_to_the_months_last_day():
    assert months_before(datetime(2026, 3, 31), 1) == datetime(2026, 2, 28)
    assert months_before(datetime(2026, 1, 15), 12) == datetime(2025, 1, 15)
