"""Deals importer (issue 12) on files shaped like real Bitrix24 and amoCRM exports, xlsx and csv,
cp1251 and UTF-8: each deal once, with its own amount (not the sum of its product rows), its
manager and its mapped stage; an unmapped stage is named and rejected, never guessed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from cli import main
from db.connection import connect
from db.deals import deal_json
from importers.deals import UNMAPPED_STAGE, detect_system, parse_amount, parse_company, read_deals

TZ = "Europe/Moscow"
FILLER = [f"Пользовательское поле {n}" for n in range(1, 181)]

BITRIX_HEADER = [
    "ID", "Название сделки", "Стадия сделки", "Сумма", "Валюта", "Ответственный", "Компания",
    "Контакт", "ID", "Товар", "Цена", "Количество", "Комментарий", "Причина отказа",
    "Комментарий", "ID", "Источник", "Дата создания", "Поле &quot;Тип клиента&quot;",
    "Направление", *FILLER,
]  # fmt: skip
BITRIX_ROWS = [
    # one deal over three product rows: its amount repeats, it is not their sum
    ["101", "Автоматизация склада", "В работе", "150 000,00", "RUB", "Иванова Анна",
     "ООО «Ромашка» 7707083893", "Сидоров Иван", "9001", "1С:Управление торговлей 8",
     "25 200", "2", "Первый звонок", "", "", "55", "Сайт", "01.10.2026 10:15", "Опт", "Общее"],
    ["101", "Автоматизация склада", "В работе", "150 000,00", "RUB", "Иванова Анна",
     "ООО «Ромашка» 7707083893", "Сидоров Иван", "9001", "Сканер штрихкодов", "7 800", "3", "",
     "", "", "55", "Сайт", "01.10.2026 10:15", "Опт", "Общее"],
    ["101", "Автоматизация склада", "В работе", "150 000,00", "RUB", "Иванова Анна",
     "ООО «Ромашка» 7707083893", "Сидоров Иван", "9001", "ИТС ПРОФ", "42000", "1", "", "", "",
     "55", "Сайт", "01.10.2026 10:15", "Опт", "Общее"],
    ["102", "Кассы", "Счёт на предоплату", 80000, "RUB", "petrov", "ИП Козлов", "", "9002",
     "Онлайн-касса", 18900, 4, "", "", "", "56", "Выставка", "02.10.2026", "", "Общее"],
    ["103", "Переход на ЗУП", "Сделка провалена", "95000|RUB", "RUB", "Иванова Анна",
     "АО Гранит", "", "9003", "", "", "", "", "Дорого", "выбрали франчайзи подешевле", "57", "",
     "03.10.2026", "", "Общее"],
]  # fmt: skip

AMO_HEADER = [
    "ID", "Название сделки", "Бюджет ", "Ответственный", "Этап сделки", "Воронка",
    "Дата создания", "Дата закрытия", "Примечание", "Примечание", "Компания",
    "Полное имя контакта", "Рабочий телефон", "Теги", *FILLER[:40],
]  # fmt: skip
AMO_ROWS = [
    ["5001", "Сделка #5001", "250 000", "Петров Пётр", "Переговоры", "Воронка",
     "05.10.2026 12:00:00", "не закрыта", "Клиент просит\nдемо в понедельник", "", "ООО Вектор",
     "Анна", "+7 900 000-00-01", ""],
    ["5002", "Сделка #5002", "0", "Иванова Анна", "Успешно реализовано", "Воронка",
     "06.10.2026 12:00:00", "20.10.2026 15:00:00", "", "оплачено", "ООО Вектор", "", "", ""],
    ["5003", "Сделка #5003", "73 500,50", "Иванова Анна", "Закрыто и не реализовано", "Воронка",
     "07.10.2026 12:00:00", "21.10.2026 15:00:00", "", "", "ООО Кедр", "", "", ""],
    ["5004", "Сделка #5004", "10 000", "Иванова Анна", "Думают", "Воронка",
     "08.10.2026 12:00:00", "не закрыта", "", "", "ООО Кедр", "", "", ""],
    ["", "", "", "", "", "", "", "", "", "", "", "", "", "Итого"],
]  # fmt: skip


def padded(rows: list[list], width: int) -> list[list]:
    return [row + [""] * (width - len(row)) for row in rows]


def xlsx(header: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Выгрузка сделок"])  # a title row above the header
    sheet.append(header)
    for row in padded(rows, len(header)):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(header: list[str], rows: list[list], encoding: str, delimiter: str = ";") -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(padded(rows, len(header)))
    return buffer.getvalue().encode(encoding)


def by_id(result) -> dict:
    return {r.id: r for r in result.records}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("deals.xlsx", xlsx(BITRIX_HEADER, BITRIX_ROWS)),
        ("deals.csv", csv_bytes(BITRIX_HEADER, BITRIX_ROWS, "cp1251")),
        ("deals.csv", csv_bytes(BITRIX_HEADER, BITRIX_ROWS, "utf-8-sig", ",")),
    ],
)
def test_bitrix24_deals_come_once_each_with_their_own_amount_items_and_stage(name, data):
    result = read_deals(data, name, TZ)
    deals = by_id(result)
    assert sorted(deals) == ["101", "102", "103"]
    assert result.problems == []
    first = deals["101"]
    assert first.system == "bitrix24"
    assert first.amount_kop == 15_000_000  # not 3 × 150 000
    assert [i.product for i in first.items] == ["1С:Управление торговлей 8", "Сканер штрихкодов",
                                                "ИТС ПРОФ"]  # fmt: skip
    assert first.items[0].amount_kop == 5_040_000
    assert (first.stage, first.source_stage) == ("in_work", "В работе")
    assert (first.client_name, first.client_inn) == ("ООО «Ромашка»", "7707083893")
    assert first.manager == "Иванова Анна"
    assert first.lead_source == "Сайт"
    assert deals["102"].amount_kop == 8_000_000 and deals["102"].stage == "proposal"
    lost = deals["103"]
    assert (lost.stage, lost.amount_kop) == ("closed_lost", 9_500_000)
    assert (lost.loss_reason, lost.loss_comment) == ("Дорого", "выбрали франчайзи подешевле")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("leads.csv", csv_bytes(AMO_HEADER, AMO_ROWS, "utf-8")),
        ("leads.csv", csv_bytes(AMO_HEADER, AMO_ROWS, "cp1251", ",")),
        ("leads.xlsx", xlsx(AMO_HEADER, AMO_ROWS)),
    ],
)
def test_amocrm_leads_map_system_stages_and_reject_an_unmapped_one_by_name(name, data):
    result = read_deals(data, name, TZ)
    deals = by_id(result)
    assert sorted(deals) == ["5001", "5002", "5003"]
    assert deals["5001"].system == "amocrm"
    assert deals["5001"].amount_kop == 25_000_000
    assert deals["5001"].closed_at is None  # «не закрыта»
    assert deals["5001"].notes == "Клиент просит\nдемо в понедельник"
    assert deals["5002"].stage == "won" and deals["5003"].stage == "closed_lost"
    assert deals["5003"].amount_kop == 7_350_050
    reasons = sorted((p.reason, p.values.get("stage")) for p in result.problems
                     if isinstance(p.values, dict))  # fmt: skip
    assert (UNMAPPED_STAGE, "Думают") in reasons
    # the last row, empty ID and «Итого», is the export's totals row: the framework skips it
    assert len(result.problems) == 1


def test_a_stage_map_maps_what_the_defaults_do_not():
    data = csv_bytes(AMO_HEADER, AMO_ROWS, "utf-8")
    result = read_deals(data, "leads.csv", TZ, extra_map={"Думают": "proposal"})
    assert by_id(result)["5004"].stage == "proposal"


def test_values_in_the_shapes_crm_exports_write_them():
    assert parse_amount("150 000,00 руб.") == 15_000_000
    assert parse_amount("95000|RUB") == 9_500_000
    assert parse_amount(1234.5) == 123_450
    assert parse_company("ООО «Ромашка» 7707083893") == ("ООО «Ромашка»", "7707083893")
    assert parse_company("ООО «Ромашка» (ИНН 7707083893)") == ("ООО «Ромашка»", "7707083893")
    assert parse_company("ООО 1234567890") == ("ООО 1234567890", None)  # bad check digits
    assert detect_system(["Номер сделки", "Клиент", "Этап"]) == "table"


@pytest.fixture
def crm_db(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "crm.sqlite"
    pw = tmp_path / "pw.txt"
    pw.write_text("long-enough-pass\n", encoding="utf-8")
    for login, role, name in (("ivanova", "manager", "Иванова Анна"),
                              ("petrov", "manager", "Петров Пётр")):  # fmt: skip
        main(["--db", str(path), "users", "add", login, "--role", role, "--name", name,
              "--password-file", str(pw)])  # fmt: skip
    capsys.readouterr()
    return path


def run(capsys, db: Path, *argv: str) -> tuple[int, dict | None, str]:
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip().startswith("{") else None, err


def test_the_cli_imports_bitrix24_each_deal_once_and_a_second_time_changes_nothing(
    crm_db, capsys, tmp_path
):
    path = tmp_path / "bitrix.xlsx"
    path.write_bytes(xlsx(BITRIX_HEADER, BITRIX_ROWS))
    code, summary, _ = run(capsys, crm_db, "import", "deals", str(path), "--json")
    assert code == 0
    assert (summary["rows"], summary["imported"], summary["rejected"]) == (5, 3, 0)
    db = connect(crm_db)
    assert deal_json(db, "101") == {"id": "101", "stage": "in_work", "manager": "ivanova",
                                    "reason": None, "amount": 150000,
                                    "client": "ООО «Ромашка»"}  # fmt: skip
    assert deal_json(db, "102")["manager"] == "petrov"
    assert db.execute("SELECT COUNT(*) FROM deal_items WHERE deal_id = '101'").fetchone()[0] == 3
    code, summary, _ = run(capsys, crm_db, "import", "deals", str(path), "--json")
    assert code == 0
    assert (summary["imported"], summary["duplicates"]) == (0, 3)


def test_the_cli_names_unmapped_stages_and_takes_a_stage_map_file(crm_db, capsys, tmp_path):
    path = tmp_path / "amo.csv"
    path.write_bytes(csv_bytes(AMO_HEADER, AMO_ROWS, "cp1251"))
    code, summary, err = run(capsys, crm_db, "import", "deals", str(path), "--json")
    assert code == 0
    assert summary["imported"] == 3
    assert {"stage": "Думают", "id": "5004"} in [
        r["values"] for r in summary["rejects"] if r["reason"] == UNMAPPED_STAGE
    ]
    stage_map = tmp_path / "map.json"
    stage_map.write_text(json.dumps({"Думают": "КП отправлено"}, ensure_ascii=False), "utf-8")
    code, summary, err = run(capsys, crm_db, "import", "deals", str(path), "--stage-map",
                             str(stage_map), "--json")  # fmt: skip
    assert code == 0 and summary["imported"] == 1
    assert UNMAPPED_STAGE not in [r["reason"] for r in summary["rejects"]]
    assert deal_json(connect(crm_db), "5004")["stage"] == "proposal"


def test_a_file_whose_every_stage_is_unmapped_lands_nothing_and_exits_1(crm_db, capsys, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Номер сделки;Этап;Сумма\n1;Лунная фаза;10\n2;Прилив;20\n", encoding="utf-8")
    code, summary, err = run(capsys, crm_db, "import", "deals", str(path), "--json")
    assert code == 1
    assert summary["imported"] == 0 and summary["rejected"] == 2
    assert [r["values"]["stage"] for r in summary["rejects"]] == ["Лунная фаза", "Прилив"]


def test_an_unreadable_file_exits_2(crm_db, capsys, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    code, _, _ = run(capsys, crm_db, "import", "deals", str(path))
    assert code == 2
