"""The import wizard for the equipment kinds: a messy 1C shipment workbook is previewed with its
two-level header, a column the detection missed is mapped by hand after a failed load
(«Сопоставить заново»), the dry run stores nothing, the load does, and the mapping is offered
again for the next file of that layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.connection import connect
from tests.app.test_imports_wizard import HEAD, box, count, metric, open_imports, upload
from tests.equipment_files import messy_1c_sales, messy_tender_workbook, workbook_bytes
from ui import texts
from ui.texts import imports as T


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "qc.sqlite"
    connect(path).close()
    monkeypatch.setenv("QC_DB", str(path))
    return path


def consignee_report(doc: str = "0000-000101") -> bytes:
    """The 1C report with its buyer group called «Получатель», a name no alias knows."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(messy_1c_sales()))
    sheet = book["Продажи"]
    sheet["F5"] = "Получатель"
    sheet["A8"] = doc
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_messy_1c_shipment_report_is_previewed_remapped_checked_and_loaded(db_path):
    at = open_imports(HEAD)
    upload(at, "Продажи.xlsx", consignee_report(), kind="sales")
    assert not at.exception
    picker = next(s for s in at.selectbox if s.key.endswith("_sheet"))
    assert (picker.options, picker.value) == (["Параметры", "Продажи"], "Продажи")
    preview = at.dataframe[0].value
    assert len(preview) == 3  # title, parameters, numbering row and «Итого» are left out
    assert {"Организация ИНН", "Получатель Наименование", "Получатель ИНН"} <= set(preview.columns)
    header = list(preview.columns)[1:]  # after «Строка»
    assert box(at, "own_inn").value == header.index("Организация ИНН")
    assert box(at, "product").value == header.index("Номенклатура")
    assert box(at, "client_name").value is None and box(at, "client_inn").value is None

    at.button(key="imports_run").click().run()  # loaded as detected: no row names its buyer
    assert not at.exception
    assert metric(at, texts.IMPORTS_REJECTED) == "3" and metric(at, texts.IMPORTS_IMPORTED) == "0"
    assert count(db_path, "SELECT COUNT(*) FROM equipment") == 0
    at.button(key="imports_remap").click().run()
    box(at, "client_name").set_value(header.index("Получатель Наименование"))
    box(at, "client_inn").set_value(header.index("Получатель ИНН"))
    at.run()
    at.button(key="imports_check").click().run()
    assert T.WIZARD_CHECKED.format(rows=3, imported=3, rejected=0) in [i.value for i in at.info]
    assert count(db_path, "SELECT COUNT(*) FROM equipment") == 0  # a dry run stores nothing

    at.button(key="imports_run").click().run()
    assert not at.exception
    assert metric(at, texts.IMPORTS_IMPORTED) == "3"
    # two serial numbers, three units without one, one more serial: six pieces
    assert count(db_path, "SELECT COUNT(*) FROM equipment") == 6
    buyers = connect(db_path).execute("SELECT inn FROM clients ORDER BY inn").fetchall()
    assert [b[0] for b in buyers] == ["0274062111", "500100732259", "7707083893"]

    again = open_imports(HEAD)
    upload(again, "Продажи-2.xlsx", consignee_report("0000-000201"), kind="sales")
    assert T.WIZARD_SAVED_OFFERED in [i.value for i in again.info]
    assert box(again, "client_inn").value == header.index("Получатель ИНН")


def test_repeated_inn_columns_without_a_group_are_numbered_in_the_mapping(db_path):
    rows = [
        ["Номер", "Дата", "Организация", "ИНН", "Покупатель", "ИНН", "Номенклатура"],
        ["7", "01.02.2025", "ООО «Демо-Софт»", "7736050003", "ООО «Вектор»", "7707083893", "Касса"],
    ]  # fmt: skip
    at = open_imports(HEAD)
    upload(at, "r.xlsx", workbook_bytes([("Лист1", rows, [])]), kind="sales")
    chosen = box(at, "client_inn")
    assert chosen.value == 5 and chosen.format_func(5) == "ИНН (2)"
    assert box(at, "own_inn").format_func(box(at, "own_inn").value) == "ИНН"


def test_flagged_tenders_land_and_the_page_shows_them_apart_from_rejects(db_path):
    at = open_imports(HEAD)
    upload(at, "Закупки.xlsx", messy_tender_workbook(), kind="tenders")
    assert not at.exception
    header = list(at.dataframe[0].value.columns)[1:]
    assert box(at, "customer_inn").value == header.index("Заказчик ИНН")
    assert box(at, "winner_inn").value == header.index("Победитель ИНН")

    at.button(key="imports_check").click().run()
    assert T.WIZARD_CHECKED.format(rows=5, imported=4, rejected=0) in [i.value for i in at.info]
    assert T.WIZARD_CHECKED_FLAGGED.format(flagged=2) in [w.value for w in at.warning]
    at.button(key="imports_run").click().run()
    assert not at.exception
    assert metric(at, texts.IMPORTS_IMPORTED) == "4" and metric(at, texts.IMPORTS_REJECTED) == "0"
    assert metric(at, T.FLAGGED) == "2"
    problems = at.dataframe[0].value
    assert list(problems[T.COL_SEVERITY]) == [T.SEVERITY["flag"]] * 2
    assert count(db_path, "SELECT COUNT(*) FROM tenders") == 4
    log = at.dataframe[-1].value
    assert (log[texts.IMPORTS_REJECTED].iloc[0], log[T.FLAGGED].iloc[0]) == ("0", "2")
