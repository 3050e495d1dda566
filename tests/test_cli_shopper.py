"""`import evaluations` and `report shopper|calibration` (DESIGN §7, issue 11) on seed 000's calls."""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from cli import main
from core.shopper import MYSTERY_SHOPPER
from tests.shopper_data import seed_calls, workbook


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def target(tmp_path: Path) -> Path:
    return tmp_path / "shop.sqlite"


def test_the_seeds_57_calls_give_the_seeds_verdicts_per_round_and_missed_counts(
    capsys, tmp_path, target
):
    calls = seed_calls()
    book = workbook(calls, tmp_path / "agency.xlsx")

    code, out, err = cli(capsys, "--db", str(target), "import", "evaluations", str(book),
                         "--campaign", "Тайный покупатель 2020", "--json")  # fmt: skip
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["rows"], summary["imported"], summary["rejected"]) == (57, 57, 0)

    code, out, err = cli(capsys, "--db", str(target), "report", "shopper", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["total"] == 57
    assert report["verdicts"] == {"pass": 6, "pass_with_improvements": 16, "fail": 35}
    assert {
        k: {v: n for v, n in r.items() if v != "total"} for k, r in report["by_round"].items()
    } == {
        "1": {"pass": 1, "pass_with_improvements": 16, "fail": 26},
        "2": {"pass": 5, "pass_with_improvements": 0, "fail": 9},
    }
    expected = Counter(
        code for call in calls for code, m in call["meaning"].items() if m == "missed"
    )
    got = {row["code"]: row["missed"] for row in report["criteria"]}
    assert got == {c.code: expected.get(c.code, 0) for c in MYSTERY_SHOPPER.criteria}
    first = report["criteria"][0]
    assert first == {"code": "G1", "name": "Выяснил сферу деятельности клиента",
                     "severity": "gross", "missed": expected.get("G1", 0)}  # fmt: skip


def test_importing_the_same_workbook_twice_changes_nothing(capsys, tmp_path, target):
    book = workbook(seed_calls(), tmp_path / "agency.xlsx")
    cli(capsys, "--db", str(target), "import", "evaluations", str(book), "--json")
    code, out, _ = cli(capsys, "--db", str(target), "import", "evaluations", str(book), "--json")
    assert code == 0
    assert (json.loads(out)["imported"], json.loads(out)["duplicates"]) == (0, 57)
    _, out, _ = cli(capsys, "--db", str(target), "report", "shopper", "--json")
    assert json.loads(out)["total"] == 57


def test_bad_rows_are_rejected_with_their_reasons_and_the_good_one_lands(capsys, tmp_path, target):
    header = "Дата;Этап;Партнёр;Город;Менеджер;G1;G2;E1;E2"
    rows = [
        "01.07.2020;1;Камин;Калуга;Иванова;да;+;1;н/п",  # good
        "02.07.2020;1;Альфа;Тула;Петров;да;2;1;1",  # unknown mark
        "03.07.2020;1;;Тула;Петров;да;да;1;1",  # no organisation
        "вчера;1;Бета;Омск;Сидоров;да;да;1;1",  # no readable date
        "31.02.2020;2;Гамма;Пермь;Смирнов;нет;да;1;1",  # no such day
        ";2;Дельта;Уфа;Козлов;нет;да;1;1",  # no date at all
    ]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="cp1251")

    code, out, err = cli(capsys, "--db", str(target), "import", "evaluations", str(path), "--json")

    assert code == 0, err
    summary = json.loads(out)
    assert (summary["rows"], summary["imported"], summary["rejected"]) == (6, 1, 5)
    reasons = [(r["row"], r["column"], r["reason"]) for r in summary["rejects"]]
    assert reasons == [
        (3, "G2", "unknown_mark"),
        (4, "Партнёр", "no_organisation"),
        (5, "Дата", "bad_date"),
        (6, "Дата", "bad_date"),
        (7, "Дата", "missing_value"),
    ]
    assert summary["rejects"][0]["values"]["G2"] == "2"


def test_a_file_with_only_bad_rows_exits_1_and_still_prints_its_json(capsys, tmp_path, target):
    path = tmp_path / "bad.csv"
    path.write_text("Дата;Партнёр;G1\n01.07.2020;Камин;может быть\n", encoding="utf-8")
    code, out, err = cli(capsys, "--db", str(target), "import", "evaluations", str(path), "--json")
    assert code == 1
    assert json.loads(out)["rejected"] == 1
    assert err.strip()


def test_a_file_without_criteria_columns_exits_2(capsys, tmp_path, target):
    path = tmp_path / "none.csv"
    path.write_text("Дата;Партнёр;Город\n01.07.2020;Камин;Калуга\n", encoding="utf-8")
    code, _, err = cli(capsys, "--db", str(target), "import", "evaluations", str(path))
    assert code == 2
    assert "none.csv" in err


def _kappa(a: list[str], b: list[str]) -> float:
    """Cohen's kappa written out again, independently of core.shopper."""
    n = len(a)
    observed = sum(1 for x, y in zip(a, b, strict=True) if x == y) / n
    labels = set(a) | set(b)
    expected = sum((a.count(k) / n) * (b.count(k) / n) for k in labels)
    return (observed - expected) / (1 - expected)


def test_calibration_kappa_matches_an_independent_computation(capsys, tmp_path, target):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    codes = [c.code for c in MYSTERY_SHOPPER.criteria]
    sheet.append(["Дата", "Партнёр", "Оценщик", "ID звонка", *codes])
    import random

    rng = random.Random(5)
    evaluators = ["Эталонова", "Быстров", "Точкина"]
    verdict_of: dict[str, dict[str, str]] = {e: {} for e in evaluators}
    for call in range(12):
        base = dict.fromkeys(codes, "1")
        if rng.random() < 0.3:
            base[rng.choice(codes[:9])] = "0"
        for missed in rng.sample(codes[9:], rng.randint(0, 3)):
            base[missed] = "0"
        for e in evaluators:
            marks = {c: (m if rng.random() > 0.04 else ("0" if m == "1" else "1"))
                     for c, m in base.items()}  # fmt: skip
            sheet.append(["05.10.2020", "Камин", e, f"CAL-{call}", *[marks[c] for c in codes]])
            gross = sum(marks[c] == "0" for c in codes if c.startswith("G"))
            errors = sum(marks[c] == "0" for c in codes if c.startswith("E"))
            verdict_of[e][f"CAL-{call}"] = (
                "fail" if gross or errors >= 3 else "pass_with_improvements" if errors else "pass"
            )
    path = tmp_path / "calibration.xlsx"
    book.save(path)

    code, out, err = cli(capsys, "--db", str(target), "import", "evaluations", str(path),
                         "--calibration", "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["imported"] == 36
    code, out, err = cli(capsys, "--db", str(target), "report", "calibration", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["calls"] == 12
    calls = [f"CAL-{n}" for n in range(12)]
    for first, second in combinations(sorted(evaluators), 2):
        pair = next(p for p in report["pairs"] if (p["a"], p["b"]) == (first, second))
        a = [verdict_of[first][c] for c in calls]
        b = [verdict_of[second][c] for c in calls]
        assert pair["kappa"] == pytest.approx(_kappa(a, b), abs=0.001)
        assert pair["agreement"] == pytest.approx(
            sum(x == y for x, y in zip(a, b, strict=True)) / 12, abs=1e-6
        )
    assert [c["code"] for c in report["criteria"]][:2] == ["G1", "G2"]
    # calibration scores never count in results
    _, out, _ = cli(capsys, "--db", str(target), "report", "shopper", "--json")
    assert json.loads(out)["total"] == 0


def test_a_master_csv_gives_calls_not_legs_answered_and_missed(capsys, tmp_path, target):
    from tests.cdr_data import master_csv

    data, truth = master_csv(400, seed=11)
    path = tmp_path / "Master.csv"
    path.write_bytes(data)

    code, out, err = cli(capsys, "--db", str(target), "import", "calls", str(path), "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["rows"], summary["imported"], summary["rejected"]) == (truth["legs"], 400, 0)
    code, out, err = cli(capsys, "--db", str(target), "report", "calls", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["calls"], report["answered"], report["missed"]) == (
        truth["calls"], truth["answered"], truth["missed"],
    )  # fmt: skip
    assert set(report["by_manager"]) == {"доб. 101", "доб. 102", "доб. 103"}
    assert sum(m["missed"] for m in report["by_manager"].values()) >= truth["missed"]
    # the same file again: nothing new
    code, out, _ = cli(capsys, "--db", str(target), "import", "calls", str(path), "--json")
    assert json.loads(out)["duplicates"] == 400
    code, out, _ = cli(capsys, "--db", str(target), "report", "listening", "--json")
    assert code == 0 and json.loads(out)["managers"] == []
