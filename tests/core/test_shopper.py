"""The verdict rule, marks, the score, templates and kappa against hand-computed values."""

from __future__ import annotations

from datetime import date

import pytest

from core.shopper import (
    BUILTIN_TEMPLATES,
    DONE,
    FAIL,
    MISSED,
    MYSTERY_SHOPPER,
    NA,
    PASS,
    PASS_WITH_IMPROVEMENTS,
    Criterion,
    Rule,
    Template,
    UnknownMark,
    calibrate,
    cohen_kappa,
    evaluate,
    fleiss_kappa,
    org_status,
    pareto_order,
    parse_mark,
    repeat_errors,
    score_of,
    verdict_of,
    weekly_goal,
)


def test_the_built_in_mystery_shopper_template_has_the_fixed_codes_and_severities():
    codes = [c.code for c in MYSTERY_SHOPPER.criteria]
    assert codes == [f"G{i}" for i in range(1, 10)] + [f"E{i}" for i in range(1, 13)]
    assert {c.severity for c in MYSTERY_SHOPPER.criteria if c.code.startswith("G")} == {"gross"}
    assert {c.severity for c in MYSTERY_SHOPPER.criteria if c.code.startswith("E")} == {"error"}
    assert MYSTERY_SHOPPER.name == "Тайный покупатель ЦС"
    assert MYSTERY_SHOPPER.criterion("G6").name == "Взял контакты клиента"
    assert MYSTERY_SHOPPER.criterion("E9").name == "Предложил 1СПАРК Риски"
    names = [t.name for t in BUILTIN_TEMPLATES]
    assert names == ["Тайный покупатель ЦС", "Контроль звонка", "Контроль письма",
                     "Качество ведения CRM"]  # fmt: skip


@pytest.mark.parametrize(
    ("gross", "errors", "verdict"),
    [(0, 0, PASS), (0, 1, PASS_WITH_IMPROVEMENTS), (0, 2, PASS_WITH_IMPROVEMENTS), (0, 3, FAIL),
     (1, 0, FAIL), (2, 5, FAIL)],
)  # fmt: skip
def test_one_gross_error_or_three_errors_fail_one_or_two_pass_with_improvements(
    gross, errors, verdict
):
    assert verdict_of(gross, errors) == verdict


def test_an_edited_rule_moves_the_thresholds():
    assert verdict_of(1, 0, Rule(fail_gross=2, fail_errors=5)) == PASS_WITH_IMPROVEMENTS
    assert verdict_of(0, 4, Rule(fail_gross=2, fail_errors=5)) == PASS_WITH_IMPROVEMENTS
    assert verdict_of(0, 5, Rule(fail_gross=2, fail_errors=5)) == FAIL


@pytest.mark.parametrize(
    ("raw", "mark"),
    [("1", DONE), ("+", DONE), ("да", DONE), ("ДА", DONE), (" Да ", DONE), (1, DONE), (1.0, DONE),
     ("0", MISSED), ("-", MISSED), ("нет", MISSED), ("НЕТ", MISSED), (0, MISSED),
     ("н/п", NA), ("Н/П", NA), ("", NA), (None, NA), ("  ", NA)],
)  # fmt: skip
def test_marks_read_in_any_spelling_and_case(raw, mark):
    assert parse_mark(raw) == mark


@pytest.mark.parametrize("raw", ["2", "может быть", "?", 5, "11"])
def test_an_unknown_mark_is_refused(raw):
    with pytest.raises(UnknownMark):
        parse_mark(raw)


def test_na_never_counts_and_leaves_its_weight_out_of_the_score():
    template = Template(
        "t",
        "t",
        (Criterion("A", "a", "gross", weight=2), Criterion("B", "b", "error", weight=1),
         Criterion("C", "c", "error", weight=1)),
    )  # fmt: skip
    outcome = evaluate(template, {"A": NA, "B": DONE, "C": MISSED})
    assert (outcome.gross, outcome.errors, outcome.verdict) == (0, 1, PASS_WITH_IMPROVEMENTS)
    assert outcome.score == pytest.approx(0.5)  # 1 of 2, the gross weight 2 left out
    assert score_of(template.criteria, {"A": DONE, "B": MISSED, "C": MISSED}) == pytest.approx(0.5)
    assert score_of(template.criteria, {}) is None


def test_a_mystery_call_with_one_missed_contact_fails():
    marks = {c.code: DONE for c in MYSTERY_SHOPPER.criteria}
    marks["G6"] = MISSED
    assert evaluate(MYSTERY_SHOPPER, marks).verdict == FAIL
    marks["G6"] = NA
    marks["E1"] = marks["E9"] = MISSED
    assert evaluate(MYSTERY_SHOPPER, marks).verdict == PASS_WITH_IMPROVEMENTS


def test_cohens_kappa_matches_the_textbook_table():
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po 0.7, pe 0.5*0.6 + 0.5*0.4 = 0.5, kappa 0.4
    a = ["y"] * 25 + ["n"] * 25
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(a, a) == pytest.approx(1.0)
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None


def test_fleiss_kappa_matches_the_textbook_table():
    # Fleiss (1971) / Wikipedia: 10 subjects, 14 raters, 5 categories, kappa 0.210
    table = [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]  # fmt: skip
    items = [[str(k) for k, n in enumerate(row) for _ in range(n)] for row in table]
    assert fleiss_kappa(items) == pytest.approx(0.20993, abs=1e-4)


def test_fleiss_kappa_of_two_raters_is_close_to_cohens_on_balanced_data():
    a = ["p", "f", "f", "p", "w", "f"]
    b = ["p", "f", "w", "p", "w", "p"]
    # two raters: Fleiss uses pooled marginals: p=5/12, f=4/12, w=3/12; pe = (25+16+9)/144
    pe = 50 / 144
    assert fleiss_kappa(list(zip(a, b, strict=True))) == pytest.approx((4 / 6 - pe) / (1 - pe))


def test_calibration_gives_pairs_criteria_and_fleiss():
    verdicts = {
        "c1": {"Ann": PASS, "Bob": PASS, "Eva": FAIL},
        "c2": {"Ann": FAIL, "Bob": FAIL, "Eva": FAIL},
        "c3": {"Ann": PASS_WITH_IMPROVEMENTS, "Bob": PASS, "Eva": PASS_WITH_IMPROVEMENTS},
    }
    marks = {
        "c1": {"Ann": {"G1": DONE}, "Bob": {"G1": DONE}, "Eva": {"G1": MISSED}},
        "c2": {"Ann": {"G1": MISSED}, "Bob": {"G1": MISSED}, "Eva": {"G1": MISSED}},
        "c3": {"Ann": {"G1": DONE}, "Bob": {"G1": DONE}, "Eva": {"G1": DONE}},
    }
    result = calibrate(verdicts, marks, {c: "Ann" for c in verdicts}, ["G1"], ["G1"])
    pairs = {(p.a, p.b): p for p in result.pairs}
    assert set(pairs) == {("Ann", "Bob"), ("Ann", "Eva"), ("Bob", "Eva")}
    # Ann vs Bob: agree on c1, c2; Ann p/f/w, Bob p/f/p: pe = (1*2 + 1*1 + 1*0)/9 = 1/3
    assert pairs[("Ann", "Bob")].agreement == pytest.approx(2 / 3)
    assert pairs[("Ann", "Bob")].kappa == pytest.approx((2 / 3 - 1 / 3) / (2 / 3))
    assert dict(result.criteria)["G1"] == pytest.approx(5 / 6)  # Eva differs on c1
    assert result.calls == 3 and result.fleiss is not None


def test_an_organisation_is_failed_until_a_recheck_passes():
    assert org_status([PASS], False) == "passed"
    assert org_status([FAIL], False) == "failed"
    assert org_status([FAIL], True) == "recheck_requested"
    assert org_status([FAIL, PASS_WITH_IMPROVEMENTS], False) == "rechecked"
    assert org_status([], False) is None


def test_repeat_errors_count_the_same_miss_in_consecutive_evaluations():
    history = [
        ("ann", "1", frozenset({"G1", "E1"})),
        ("bob", "2", frozenset({"G1"})),
        ("ann", "3", frozenset({"G1"})),
        ("ann", "4", frozenset({"E1"})),
        ("ann", "5", frozenset({"E1"})),
    ]
    assert repeat_errors(history) == {("ann", "G1"): 1, ("ann", "E1"): 1}


def test_the_pareto_order_puts_gross_criteria_first():
    order = pareto_order([("E1", "error", 9), ("G2", "gross", 1), ("G1", "gross", 4)])
    assert [row[0] for row in order] == ["G1", "G2", "E1"]
    assert order[-1][3] == pytest.approx(1.0)


def test_new_hires_and_failing_managers_get_a_bigger_listening_goal():
    today = date(2026, 11, 29)
    assert weekly_goal(3, date(2020, 1, 1), today, [PASS]) == 3
    assert weekly_goal(3, date(2026, 10, 1), today, [PASS]) == 5
    assert weekly_goal(3, date(2020, 1, 1), today, [PASS, FAIL]) == 5
