"""`cli.py deals move|verify|show` and `report refusals|crm-hygiene|crm-decisions` as each role."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli import main
from db.connection import connect
from tests.test_cli import run_cli
from ui import texts
from ui.texts import deals as T

PLAIN = (
    "Номер сделки;Клиент;ИНН клиента;Менеджер;Этап;Сумма;Источник;Дата создания\n"
    "D-1;ООО Ромашка;7707083893;Иванова Анна;in_work;50 000;Сайт;01.11.2026\n"
    "D-2;ООО Лютик;;ivanova;КП отправлено;120000,50;;02.11.2026\n"
    "D-3;ИП Петров;;petrov;Новая;;Звонок;03.11.2026\n"
)


@pytest.fixture
def crm(tmp_path: Path, capsys) -> Path:
    """A database with a manager pair, QC, head, and the plain deals table imported."""
    path = tmp_path / "crm.sqlite"
    password = tmp_path / "pw.txt"
    password.write_text("long-enough-pass\n", encoding="utf-8")
    for login, role, name in (("ivanova", "manager", "Иванова Анна"),
                              ("petrov", "manager", "Петров Пётр"),
                              ("qc", "qc", "Смирнова Ольга"), ("boss", "head", "Руководитель"),
                              ("guest", "viewer", "Гость")):  # fmt: skip
        assert main(["--db", str(path), "users", "add", login, "--role", role, "--name", name,
                     "--password-file", str(password)]) == 0  # fmt: skip
    deals = tmp_path / "deals.csv"
    deals.write_text(PLAIN, encoding="utf-8")
    assert main(["--db", str(path), "import", "deals", str(deals), "--as", "boss"]) == 0
    capsys.readouterr()
    return path


def cli(capsys, db: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def show(capsys, db: Path, deal_id: str) -> dict:
    code, out, _ = cli(capsys, db, "deals", "show", deal_id, "--json")
    assert code == 0
    return json.loads(out)


def test_show_prints_the_contract_fields(crm, capsys):
    assert show(capsys, crm, "D-2") == {
        "id": "D-2", "stage": "proposal", "manager": "ivanova", "reason": None,
        "amount": 120000.5, "client": "ООО Лютик",
    }  # fmt: skip


def test_a_manager_closing_as_lost_gets_exit_1_a_russian_reason_and_nothing_changes(crm, capsys):
    code, out, err = cli(capsys, crm, "deals", "move", "D-1", "closed_lost", "--as", "ivanova")
    assert code == 1
    assert err.strip() == texts.CLI_REFUSED.format(reason=T.RULES["manager_cannot_close_lost"])
    assert show(capsys, crm, "D-1")["stage"] == "in_work"
    db = connect(crm)
    refusals = db.execute("SELECT login, target FROM audit_log WHERE action = 'deal.refused'")
    assert refusals.fetchall() == [("ivanova", "D-1")]


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (("D-1", "conditional_refusal", "--as", "ivanova"), "reason_required"),
        (("D-1", "Условный отказ", "--as", "ivanova", "--reason", "Другое"), "comment_required"),
        (("D-3", "conditional_refusal", "--as", "ivanova", "--reason", "Дорого"), "not_own_deal"),
        (("D-1", "closed_lost", "--as", "qc"), "not_in_refusal"),
    ],
)
def test_refused_moves_exit_1_with_the_rules_reason(crm, capsys, argv, code):
    result, _, err = cli(capsys, crm, "deals", "move", *argv)
    assert result == 1
    assert T.RULES[code].split("{")[0] in err


def test_a_viewer_and_an_unknown_login_are_refused(crm, capsys):
    assert cli(capsys, crm, "deals", "move", "D-1", "proposal", "--as", "guest")[0] == 1
    assert cli(capsys, crm, "deals", "move", "D-1", "proposal", "--as", "nobody")[0] == 1
    assert cli(capsys, crm, "deals", "move", "D-404", "proposal", "--as", "boss")[0] == 1
    assert cli(capsys, crm, "deals", "move", "D-1", "куда-то", "--as", "boss")[0] == 1


def test_the_seed_story_refused_returned_to_another_manager_and_won(crm, capsys):
    assert cli(capsys, crm, "deals", "move", "D-1", "conditional_refusal", "--as", "ivanova",
               "--reason", "Маленький бюджет")[0] == 0  # fmt: skip
    assert cli(capsys, crm, "deals", "verify", "D-1", "--as", "ivanova", "--outcome",
               "returned")[0] == 1  # fmt: skip
    assert cli(capsys, crm, "deals", "move", "D-1", "closed_lost", "--as", "qc")[0] == 1
    code, out, _ = cli(capsys, crm, "deals", "verify", "D-1", "--as", "qc", "--outcome",
                       "returned", "--client-reason", "Другое", "--to-manager", "petrov",
                       "--comment", "бюджет 550 тыс.", "--json")  # fmt: skip
    assert code == 0
    assert json.loads(out)["manager"] == "petrov"
    assert cli(capsys, crm, "deals", "move", "D-1", "won", "--as", "petrov")[0] == 0

    assert cli(capsys, crm, "deals", "move", "D-2", "conditional_refusal", "--as", "ivanova",
               "--reason", "Дорого")[0] == 0  # fmt: skip
    assert cli(capsys, crm, "deals", "verify", "D-2", "--as", "qc", "--outcome", "confirmed",
               "--client-reason", "Дорого")[0] == 0  # fmt: skip
    assert show(capsys, crm, "D-2")["stage"] == "closed_lost"
    assert show(capsys, crm, "D-2")["reason"] == "Дорого"
    # closed by the confirmed callback: moving it there again changes nothing and is no error
    assert cli(capsys, crm, "deals", "move", "D-2", "closed_lost", "--as", "qc")[0] == 0
    assert cli(capsys, crm, "deals", "move", "D-2", "closed_lost", "--as", "ivanova")[0] == 1

    code, out, _ = cli(capsys, crm, "report", "refusals", "--json")
    report = json.loads(out)
    assert set(report) == {"awaiting", "confirmed", "returned", "returned_amount",
                           "won_after_return_amount", "reasons", "managers"}  # fmt: skip
    assert (report["awaiting"], report["confirmed"], report["returned"]) == (0, 1, 1)
    assert report["returned_amount"] == 50000
    assert report["won_after_return_amount"] == 50000
    assert report["managers"] == [
        {"manager": "ivanova", "refusals": 2, "returned": 1, "false_rate": 0.5}
    ]
    assert {"reason": "Дорого", "by_manager": 1, "by_client": 1} in report["reasons"]

    code, out, _ = cli(capsys, crm, "report", "crm-decisions", "--json")
    assert [(d["id"], d["stage"], d["manager"]) for d in json.loads(out)] == [
        ("D-1", "В работе", "petrov"), ("D-2", "Закрыто и не реализовано", "ivanova"),
    ]  # fmt: skip


def test_reports_write_xlsx_and_hygiene_prints_json(crm, capsys, tmp_path):
    for kind in ("refusals", "crm-hygiene", "crm-decisions"):
        target = tmp_path / f"{kind}.xlsx"
        assert cli(capsys, crm, "report", kind, "--xlsx", str(target))[0] == 0
        assert target.read_bytes()[:2] == b"PK"
    code, out, _ = cli(capsys, crm, "report", "crm-hygiene", "--json")
    report = json.loads(out)
    assert {m["manager"] for m in report["managers"]} == {"ivanova", "petrov"}
    assert set(report) >= {"managers", "team", "to_fix", "to_fix_total"}


def test_the_cli_runs_as_a_separate_process_with_exit_1_on_refusal(crm):
    result = run_cli("deals", "move", "D-1", "closed_lost", "--as", "ivanova", "--json", db=crm)
    assert result.returncode == 1
    assert json.loads(result.stdout)["stage"] == "in_work"
    assert "Отказано" in result.stderr


def test_a_dry_run_rejects_the_same_unmapped_stages_as_the_real_import(crm, capsys, tmp_path):
    deals = tmp_path / "more.csv"
    deals.write_text(
        "Номер сделки;Клиент;Менеджер;Этап;Сумма\n"
        "D-7;ООО Астра;ivanova;Переговоры у директора;10 000\n"
        "D-8;ООО Мак;ivanova;Ждём бюджет;20 000\n"
        "D-9;ООО Ирис;petrov;Новая;30 000\n",
        encoding="utf-8",
    )
    stage_map = tmp_path / "map.json"
    stage_map.write_text(json.dumps({"Ждём бюджет": "in_work"}, ensure_ascii=False), "utf-8")
    args = ("import", "deals", str(deals), "--stage-map", str(stage_map), "--as", "boss", "--json")
    code, out, _ = cli(capsys, crm, *args, "--dry-run")
    dry = json.loads(out)
    assert code == 0 and dry["dry_run"] is True
    assert show_missing(capsys, crm, "D-8")
    code, out, _ = cli(capsys, crm, *args)
    real = json.loads(out)
    assert code == 0
    assert dry["rejected"] == real["rejected"] == 1
    assert dry["imported"] == real["imported"] == 2
    assert [r["reason"] for r in dry["rejects"]] == ["unmapped_stage"]
    assert show(capsys, crm, "D-8")["stage"] == "in_work"


def show_missing(capsys, db: Path, deal_id: str) -> bool:
    """The deal is not in the database (a dry run stored nothing)."""
    code, _, _ = cli(capsys, db, "deals", "show", deal_id, "--json")
    return code != 0


CLIENTS = (
    "Клиент;ИНН;Менеджер;Контактное лицо;Должность;Телефон;E-mail;Отрасль;Сегмент\n"
    "ООО Лютик;;ivanova;Иванов Иван;Бухгалтер;+7 900 111-22-33;buh@lutik.example;Торговля;Малый\n"
    "ООО Новое;;petrov;Сидорова Анна;Директор;8 (901) 222-33-44;;Производство;Средний\n"
)


def test_a_clients_table_fills_known_and_new_clients_and_a_second_import_changes_nothing(
    crm, capsys, tmp_path
):
    clients = tmp_path / "clients.csv"
    clients.write_text(CLIENTS, encoding="utf-8")

    code, out, _ = cli(capsys, crm, "import", "clients", str(clients), "--as", "boss", "--json")
    assert code == 0
    assert json.loads(out)["imported"] == 2
    code, out, _ = cli(capsys, crm, "import", "clients", str(clients), "--as", "boss", "--json")
    again = json.loads(out)
    assert (code, again["imported"], again["duplicates"]) == (0, 0, 2)

    db = connect(crm)
    assert db.execute("SELECT COUNT(*) FROM clients WHERE name = 'ООО Лютик'").fetchone() == (1,)
    rows = db.execute(
        "SELECT c.name, d.manager, d.phone, d.industry FROM clients c "
        "JOIN client_details d ON d.client_id = c.id WHERE c.name IN ('ООО Лютик', 'ООО Новое') "
        "ORDER BY c.name"
    ).fetchall()
    assert rows == [
        ("ООО Лютик", "ivanova", "+7 900 111-22-33", "Торговля"),
        ("ООО Новое", "petrov", "8 (901) 222-33-44", "Производство"),
    ]
