"""Messy shipment, products and tender files read into records (seed 003, DESIGN §6)."""

from __future__ import annotations

from datetime import date

import pytest

from core.equipment import MISSING_WINNER
from core.imports import BAD_INN, FLAG, MISSING_COLUMN
from importers.products import read_products
from importers.sales import parse_document, read_sales, split_serials
from importers.tabular import TableError
from importers.tenders import read_tenders
from importers.workbook import is_totals_row
from tests.equipment_files import (
    CLIENT_A,
    CLIENT_B,
    SOLE_TRADER,
    WINNER_A,
    WINNER_B,
    messy_1c_sales,
    messy_tender_workbook,
    plain_tender_csv,
    products_file,
    workbook_bytes,
)


def test_a_messy_1c_shipment_report_gives_its_lines_with_the_clients_own_inn():
    result = read_sales(messy_1c_sales(), "Продажи.xlsx")
    assert result.problems == []
    assert result.rows == 3  # the numbering row and «Итого» are not shipments
    first, second, third = result.records
    assert (first.doc_no, first.doc_date) == ("0000-000101", date(2025, 1, 15))
    # «ИНН» under «Контрагент», not our organisation's «ИНН» under «Организация»
    assert (first.client_name, first.client_inn, first.client_kpp) == CLIENT_A
    assert first.serials == ["SN-001", "SN-002"]
    assert (first.quantity, first.amount, first.manager) == (2, 37800.0, "Иванов Пётр")
    assert second.client_inn == CLIENT_B[1]  # the leading zero the number cell lost is back
    assert second.doc_date == date(2025, 1, 31) and second.amount == 139500.0
    assert len(second.pieces()) == 3  # no serial numbers: one piece per unit
    assert (third.client_inn, third.amount, third.quantity) == (SOLE_TRADER[1], 7800.5, 1.0)


def test_a_shipment_report_grouped_by_document_takes_the_document_from_its_group_row():
    rows = [
        ["Реализация товаров"],
        ["Контрагент", "ИНН", "Номенклатура", "Количество", "Сумма"],
        ["Реализация товаров и услуг 0000-000777 от 03.04.2025 12:00:00", None, None, None, None],
        [CLIENT_A[0], CLIENT_A[1], "Касса", "1", "10 000,00"],
        [CLIENT_A[0], CLIENT_A[1], "Сканер", "2", "5 000,00"],
        ["Всего", None, None, "3", "15 000,00"],
    ]
    result = read_sales(workbook_bytes([("Лист1", rows, [])]), "r.xlsx")
    assert result.problems == []
    assert [(r.doc_no, r.doc_date, r.product) for r in result.records] == [
        ("0000-000777", date(2025, 4, 3), "Касса"),
        ("0000-000777", date(2025, 4, 3), "Сканер"),
    ]


def test_a_bad_client_inn_rejects_only_its_row():
    rows = [
        ["Номер", "Дата", "Покупатель", "ИНН покупателя", "Номенклатура", "Количество"],
        ["1", "01.02.2025", CLIENT_A[0], "7707083890", "Касса", "1"],
        ["2", "01.02.2025", CLIENT_B[0], CLIENT_B[1], "Касса", "1"],
    ]
    result = read_sales(workbook_bytes([("Лист1", rows, [])]), "r.xlsx")
    assert [r.doc_no for r in result.records] == ["2"]
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (2, "ИНН покупателя", BAD_INN)
    ]


def test_document_cells_and_serial_lists_are_split():
    assert parse_document("Реализация (акт, накладная) 0000-000123 от 12.03.2025 10:00:00") == (
        "0000-000123",
        date(2025, 3, 12),
    )
    assert split_serials("A1; A2\nA3") == ["A1", "A2", "A3"]
    assert is_totals_row(["Итого:", "", 5]) and not is_totals_row(["Касса", "Итого"])


def test_products_merge_their_maintenance_kinds_over_several_rows():
    result = read_products(products_file(), "Номенклатура.xlsx")
    assert result.problems == []
    by_name = {p.name: p for p in result.records}
    assert by_name["Онлайн-касса АТОЛ 30Ф"].maintenance == {"Замена ФН": 13, "Плановое ТО": 6}
    assert by_name["Весы с печатью этикеток"].maintenance == {"Поверка": 12, "Чистка": 3}
    assert (by_name["Весы с печатью этикеток"].kind, by_name["Весы с печатью этикеток"]
            .warranty_months) == ("Весы", 24)  # fmt: skip
    assert by_name["Сканер штрихкодов"].maintenance == {}


def test_a_messy_tender_workbook_gives_tenders_with_items_customers_and_winners():
    result = read_tenders(messy_tender_workbook(), "Закупки.xlsx")
    assert result.sheet == "Закупки"  # the notes sheet in front is passed over
    assert result.rejected == 0 and result.totals == 1
    tenders = {t.registry_number: t for t in result.records}
    assert len(tenders) == 4
    first = tenders["0373100000125000001"]
    assert (first.customer_name, first.customer_inn, first.customer_kpp) == CLIENT_A
    assert (first.winner_name, first.winner_inn) == WINNER_A
    assert (first.nmck, first.price, first.day, first.law) == (500000.0, 450000.0,
                                                               date(2025, 2, 10), "44-ФЗ")  # fmt: skip
    assert [(i.name, i.okpd2, i.quantity, i.amount) for i in first.items] == [
        ("Контрольно-кассовая техника", "26.20.15.000", 3.0, 300000.0),
        ("Весы электронные", "28.29.31.110", 1.0, 150000.0),
    ]
    second = tenders["0373100000125000002"]
    assert (
        second.customer_inn == CLIENT_B[1] and (second.winner_name, second.winner_inn) == WINNER_B
    )
    third = tenders["0373100000125000003"]
    assert not third.has_winner  # «NA» is not a supplier
    assert (third.customer_inn, third.customer_inn_ok) == ("7707083890", False)
    # kept tenders a person should look at are problems of severity FLAG, not rejects
    flags = {(p.row, p.column, p.reason, p.values.get("tender") or p.values.get("inn"))
             for p in result.problems if p.severity == FLAG}  # fmt: skip
    assert flags == {(8, "Победитель Наименование", MISSING_WINNER, "0373100000125000003"),
                     (8, "Заказчик ИНН", BAD_INN, "7707083890")}  # fmt: skip
    assert result.flagged == 2


def test_a_cp1251_tender_list_with_repeated_tender_cells_groups_its_items():
    result = read_tenders(plain_tender_csv(), "tenders.csv")
    assert result.problems == []
    first, second = result.records
    assert first.registry_number == "111" and len(first.items) == 2
    assert (first.price, first.nmck) == (900.0, 1000.0)
    assert (first.winner_inn, second.customer_inn) == (WINNER_B[1], SOLE_TRADER[1])


def test_one_registry_number_won_by_two_suppliers_is_two_tenders():
    rows = [
        ["Реестровый номер", "Заказчик", "ИНН заказчика", "Поставщик", "ИНН поставщика",
         "Цена контракта"],
        ["555", CLIENT_A[0], CLIENT_A[1], WINNER_A[0], WINNER_A[1], "100"],
        ["555", CLIENT_A[0], CLIENT_A[1], WINNER_B[0], WINNER_B[1], "200"],
    ]  # fmt: skip
    result = read_tenders(workbook_bytes([("Лист1", rows, [])]), "t.xlsx")
    assert sorted((t.winner_inn, t.price) for t in result.records) == [
        (WINNER_B[1], 200.0),
        (WINNER_A[1], 100.0),
    ]


def test_a_file_with_neither_a_tender_number_nor_a_customer_cannot_be_imported():
    rows = [["Товар", "Цена"], ["Касса", "1"]]
    with pytest.raises(TableError) as error:
        read_tenders(workbook_bytes([("Лист1", rows, [])]), "t.xlsx")
    assert error.value.reason == MISSING_COLUMN


def test_plain_repeated_inn_columns_belong_to_the_name_on_their_left():
    rows = [
        ["Реестровый номер", "Заказчик", "ИНН", "КПП", "Поставщик", "ИНН", "КПП", "Цена контракта"],
        ["777", CLIENT_A[0], CLIENT_A[1], CLIENT_A[2], WINNER_A[0], WINNER_A[1], "771001001",
         "1 500,00"],
    ]  # fmt: skip
    (tender,) = read_tenders(workbook_bytes([("Лист1", rows, [])]), "t.xlsx").records
    assert (tender.customer_inn, tender.customer_kpp) == (CLIENT_A[1], CLIENT_A[2])
    assert (tender.winner_inn, tender.winner_kpp, tender.price) == (WINNER_A[1], "771001001",
                                                                    1500.0)  # fmt: skip


def test_real_excel_dates_and_numbers_and_inns_stored_as_numbers_are_read():
    from datetime import datetime

    rows = [
        ["Номер", "Дата", "Организация", "ИНН", "Контрагент", "ИНН", "Номенклатура", "Количество",
         "Сумма"],
        [101, datetime(2025, 5, 6), "ООО «Демо-Софт»", 7736050003, CLIENT_B[0], 274062111,
         "Касса", 2, 37800.5],
    ]  # fmt: skip
    result = read_sales(workbook_bytes([("Лист1", rows, [])]), "r.xlsx")
    assert result.problems == []
    (line,) = result.records
    assert (line.doc_no, line.doc_date, line.client_inn) == ("101", date(2025, 5, 6), CLIENT_B[1])
    assert (line.quantity, line.amount, len(line.pieces())) == (2.0, 37800.5, 2)


def test_a_report_grouped_by_client_takes_the_client_from_its_group_row():
    rows = [
        ["Продажи по контрагентам"],
        ["Номер", "Дата", "Номенклатура", "Серийный номер", "Количество", "Сумма"],
        [CLIENT_A[0], None, None, None, "3", "60 000"],
        ["11", "01.02.2025", "Касса", "K-1", "1", "20 000"],
        ["12", "03.02.2025", "Касса", "K-2", "2", "40 000"],
        [CLIENT_B[0], None, None, None, "1", "5 000"],
        ["13", "04.02.2025", "Сканер", "", "1", "5 000"],
        ["Итого", None, None, None, "4", "65 000"],
    ]
    result = read_sales(workbook_bytes([("Лист1", rows, [])]), "r.xlsx")
    assert result.problems == []
    assert [(r.doc_no, r.client_name) for r in result.records] == [
        ("11", CLIENT_A[0]), ("12", CLIENT_A[0]), ("13", CLIENT_B[0])]  # fmt: skip


def test_warranty_and_intervals_written_with_units_are_months():
    from importers.workbook import parse_months

    assert [parse_months(v) for v in ("12", "12 мес.", "1 год", "2 года", 6.0, "", "NA")] == [
        12, 12, 12, 24, 6, None, None]  # fmt: skip
