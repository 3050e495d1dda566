"""cli.py import products|sales|tenders|equipment, remind and the equipment reports (DESIGN §7)."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from cli import main
from tests.equipment_files import (
    CLIENT_A,
    WINNER_A,
    WINNER_B,
    messy_1c_sales,
    messy_tender_workbook,
    products_file,
    workbook_bytes,
)


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def setup_register(tmp_path, capsys):
    db = str(tmp_path / "cli.sqlite")
    products, sales = tmp_path / "Номенклатура.xlsx", tmp_path / "Продажи.xlsx"
    products.write_bytes(products_file())
    sales.write_bytes(messy_1c_sales())
    code, out, _ = run(capsys, "--db", db, "import", "products", str(products), "--json")
    assert code == 0 and json.loads(out)["imported"] == 3
    code, out, _ = run(capsys, "--db", db, "import", "sales", str(sales), "--json")
    summary = json.loads(out)
    assert code == 0
    assert {k: summary[k] for k in ("rows", "imported", "duplicates", "rejected")} == {
        "rows": 3, "imported": 3, "duplicates": 0, "rejected": 0}  # fmt: skip
    return db, sales


def test_maintenance_due_lists_every_control_date_of_the_period_as_json(tmp_path, capsys):
    db, _ = setup_register(tmp_path, capsys)
    code, out, _ = run(capsys, "--db", db, "report", "maintenance-due", "--from", "2026-01-01",
                       "--to", "2026-03-01", "--json")  # fmt: skip
    assert code == 0
    rows = json.loads(out)
    assert set(rows[0]) == {"serial", "client_inn", "product", "event", "kind", "due"}
    assert {"serial": "SN-001", "client_inn": CLIENT_A[1], "product": "Онлайн-касса АТОЛ 30Ф",
            "event": "maintenance", "kind": "Замена ФН", "due": "2026-02-15"} in rows  # fmt: skip
    assert sorted((r["due"], r["serial"], r["event"]) for r in rows) == [
        ("2026-01-15", "SN-001", "warranty_end"),
        ("2026-01-15", "SN-002", "warranty_end"),
        ("2026-01-31", "", "maintenance"),  # the scales' cleaning, three units
        ("2026-01-31", "", "maintenance"),
        ("2026-01-31", "", "maintenance"),
        ("2026-02-15", "SN-001", "maintenance"),
        ("2026-02-15", "SN-002", "maintenance"),
    ]


def test_the_same_shipment_file_twice_adds_nothing(tmp_path, capsys):
    db, sales = setup_register(tmp_path, capsys)
    code, out, _ = run(capsys, "--db", db, "import", "sales", str(sales), "--json")
    summary = json.loads(out)
    assert code == 0 and (summary["imported"], summary["duplicates"]) == (0, 3)


def test_remind_twice_creates_each_task_once(tmp_path, capsys):
    db, _ = setup_register(tmp_path, capsys)
    code, out, _ = run(capsys, "--db", db, "remind", "--today", "2025-07-10", "--json")
    first = json.loads(out)
    assert code == 0 and first["created"] > 0
    code, out, _ = run(capsys, "--db", db, "remind", "--today", "10.07.2025", "--json")
    second = json.loads(out)
    assert (second["created"], second["raised"]) == (0, 0)
    code, out, _ = run(capsys, "--db", db, "remind", "--today", "2025-07-10")
    assert code == 0 and "новых задач 0" in out


def test_tenders_feed_the_competitors_report_and_every_report_saves_xlsx(tmp_path, capsys):
    db, _ = setup_register(tmp_path, capsys)
    tenders = tmp_path / "Закупки.xlsx"
    tenders.write_bytes(messy_tender_workbook())
    code, out, _ = run(capsys, "--db", db, "import", "tenders", str(tenders), "--json")
    summary = json.loads(out)
    assert code == 0 and summary["imported"] == 4
    # a tender without a winner and a bad INN land and are flagged, not rejected
    assert (summary["rejected"], summary["flagged"]) == (0, 2)
    assert [(r["reason"], r["severity"]) for r in summary["rejects"]] == [
        ("missing_winner", "flag"), ("bad_inn", "flag")]  # fmt: skip
    assert summary["flagged_by_reason"] == {"missing_winner": 1, "bad_inn": 1}
    code, out, _ = run(capsys, "--db", db, "report", "competitors", "--json")
    assert json.loads(out) == [
        {"inn": WINNER_A[1], "name": WINNER_A[0], "tenders": 2, "amount": 549000.0},
        {"inn": WINNER_B[1], "name": WINNER_B[0], "tenders": 1, "amount": 180000.0},
    ]
    for kind in ("maintenance-due", "share-of-wallet", "competitors", "telemarketing"):
        target = tmp_path / f"{kind}.xlsx"
        code, _, _ = run(capsys, "--db", db, "report", kind, "--from", "2025-01-01", "--to",
                         "2027-01-01", "--xlsx", str(target))  # fmt: skip
        assert code == 0 and target.exists()
    sheet = load_workbook(tmp_path / "competitors.xlsx").active
    assert sheet.cell(2, 1).value == WINNER_A[1]


def test_a_dry_run_stores_nothing_and_a_hand_mapping_names_a_column(tmp_path, capsys):
    db = str(tmp_path / "m.sqlite")
    rows = [["Кто купил", "Что", "Когда", "Док"], [CLIENT_A[0], "Касса", "01.03.2025", "77"]]
    path = tmp_path / "odd.xlsx"
    path.write_bytes(workbook_bytes([("Лист1", rows, [])]))
    args = ["--db", db, "import", "sales", str(path), "--map", "client_name=Кто купил",
            "--map", "product=Что", "--map", "doc_date=Когда", "--map", "doc_no=Док", "--json"]  # fmt: skip
    code, out, _ = run(capsys, *args, "--dry-run")
    assert code == 0 and json.loads(out)["dry_run"] and json.loads(out)["imported"] == 1
    code, out, _ = run(capsys, "--db", db, "report", "maintenance-due", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, *args)
    assert code == 0 and json.loads(out)["imported"] == 1


def test_an_unreadable_file_exits_2_and_a_file_with_no_good_row_exits_1(tmp_path, capsys):
    db = str(tmp_path / "u.sqlite")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    code, _, err = run(capsys, "--db", db, "import", "tenders", str(junk))
    assert code == 2 and err.strip()
    bad = tmp_path / "bad.csv"
    bad.write_text("Номер закупки;Заказчик;Дата\n1;ООО «А»;31.02.2025\n", encoding="utf-8")
    code, out, _ = run(capsys, "--db", db, "import", "tenders", str(bad), "--json")
    assert code == 1 and json.loads(out)["rejected"] == 1
