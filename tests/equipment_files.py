"""Messy files as people keep them, built at test time: a 1C shipment report, tender workbooks,
a products list (seed 003)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

NBSP = "\u00a0"

# valid INNs (check digits hold); the second keeps a leading zero
CLIENT_A = ("ООО «Вектор»", "7707083893", "770701001")
CLIENT_B = ("АО «Гранит»", "0274062111", "027401001")
SOLE_TRADER = ("ИП Соколова Анна", "500100732259", "")
OUR_ORG = ("ООО «Демо-Софт»", "7736050003", "773601001")
WINNER_A = ("ООО «Кассовый центр»", "7710140679")
WINNER_B = ("ООО «ТехноСервис»", "5402113155")


def workbook_bytes(sheets: Sequence[tuple[str, list[list[Any]], list[str]]]) -> bytes:
    """An xlsx of (title, rows, merged ranges like 'C4:E4') sheets."""
    book = Workbook()
    book.remove(book.active)
    for title, rows, merged in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in merged:
            sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def messy_1c_sales() -> bytes:
    """«Продажи» as 1C saves it: title, parameters, a merged group header («Документ»,
    «Организация», «Контрагент») over repeated «Номер», «Дата», «ИНН», «КПП», text dates and
    numbers with NBSP and decimal commas, a client group row, an «Итого» row, and a second sheet
    of settings before it."""
    report = [
        ["Продажи по номенклатуре с серийными номерами"],
        ["Период: 01.01.2025 - 31.03.2025"],
        ["Отбор: Вид номенклатуры = Оборудование"],
        [],
        ["Документ", None, "Организация", None, None, "Контрагент", None, None, "Номенклатура",
         "Серийные номера", "Количество", "Сумма", "Менеджер"],
        ["Номер", "Дата", "Наименование", "ИНН", "КПП", "Наименование", "ИНН", "КПП", None, None,
         None, None, None],
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"],
        ["0000-000101", "15.01.2025", OUR_ORG[0], OUR_ORG[1], OUR_ORG[2], CLIENT_A[0], CLIENT_A[1],
         CLIENT_A[2], "Онлайн-касса АТОЛ 30Ф", "SN-001, SN-002", "2", f"37{NBSP}800,00",
         "Иванов Пётр"],
        ["0000-000102", "31.01.2025 14:05:00", OUR_ORG[0], OUR_ORG[1], OUR_ORG[2], CLIENT_B[0],
         "274062111", CLIENT_B[2], "Весы с печатью этикеток", "", "3", f"139{NBSP}500",
         "Иванов Пётр"],
        ["0000-000103", "28.02.2025", OUR_ORG[0], OUR_ORG[1], OUR_ORG[2], SOLE_TRADER[0],
         SOLE_TRADER[1], "", "Сканер штрихкодов", "Z-77", "1,000", "7 800,50", "Петрова Анна"],
        ["Итого", None, None, None, None, None, None, None, None, None, "6", f"185{NBSP}100,50",
         None],
    ]  # fmt: skip
    settings = [["Параметры отчёта"], ["Вариант", "Основной"], ["Пользователь", "Иванов"]]
    return workbook_bytes(
        [
            ("Параметры", settings, []),
            ("Продажи", report, ["A5:B5", "C5:E5", "F5:H5", "I5:I6", "J5:J6", "K5:K6", "L5:L6",
                                 "M5:M6"]),
        ]
    )  # fmt: skip


def products_file() -> bytes:
    """The products list: one row per maintenance kind, the product name blank under the first
    row of a product (a merged cell)."""
    rows = [
        ["Номенклатура", "Вид оборудования", "Гарантия, мес.", "Вид обслуживания",
         "Периодичность, мес."],
        ["Онлайн-касса АТОЛ 30Ф", "ККТ", "12", "Замена ФН", "13"],
        ["Онлайн-касса АТОЛ 30Ф", "ККТ", "12", "Плановое ТО", "6"],
        ["Весы с печатью этикеток", "Весы", "24", "Поверка", "12"],
        ["", "", "", "Чистка", "3"],
        ["Сканер штрихкодов", "Сканер", "36", "", ""],
    ]  # fmt: skip
    return workbook_bytes([("Номенклатура", rows, [])])


def messy_tender_workbook() -> bytes:
    """Completed tenders as a person keeps them: a title, a merged header «Заказчик» / «Победитель»
    over plain «Наименование», «ИНН», «КПП», several rows of one registry number (items; the
    tender's cells filled only on its first row), a missing winner written «NA», an INN that
    lost its leading zero, a bad INN, numbers as text with NBSP, and an «Итого» row; a notes
    sheet comes first."""
    rows = [
        ["Результаты завершённых закупок, I квартал 2025"],
        [],
        ["Реестровый номер", "Дата контракта", "Закон", "Заказчик", None, None, "Победитель",
         None, None, "НМЦК", "Цена контракта", "Наименование товара", "ОКПД2", "Кол-во",
         "Ед. изм.", "Цена за ед.", "Сумма"],
        [None, None, None, "Наименование", "ИНН", "КПП", "Наименование", "ИНН", "КПП", None,
         None, None, None, None, None, None, None],
        ["№ 0373100000125000001", "10.02.2025", "44-ФЗ", CLIENT_A[0], CLIENT_A[1], CLIENT_A[2],
         WINNER_A[0], WINNER_A[1], "771001001", f"500{NBSP}000,00", f"450{NBSP}000,00",
         "Контрольно-кассовая техника", "26.20.15.000", "3", "шт", f"100{NBSP}000,00",
         f"300{NBSP}000,00"],
        ["", "", "", "", "", "", "", "", "", "", "", "Весы электронные", "28.29.31.110", "1", "шт",
         f"150{NBSP}000,00", f"150{NBSP}000,00"],
        ["0373100000125000002", "2025-03-01", "44", CLIENT_B[0], 274062111, CLIENT_B[2],
         WINNER_B[0], WINNER_B[1], "", 200000, 180000, "Сканер штрихкода", "26.20.16.120", 2,
         "шт", 90000, 180000],
        ["0373100000125000003", "05.03.2025", "223-ФЗ", "ГБУ «Поликлиника № 5»", "7707083890", "",
         "NA", "NA", "NA", "80 000", "", "Услуги охраны", "80.10.12.000", "1", "усл", "", ""],
        ["0373100000125000004", "06.03.2025", "44-ФЗ", CLIENT_A[0], CLIENT_A[1], "",
         WINNER_A[0], WINNER_A[1], "", "120 000,00", "99 000,00", "Принтер этикеток",
         "26.20.16.150", "1", "шт", "99 000,00", "99 000,00"],
        ["Итого", None, None, None, None, None, None, None, None, "900 000,00", "729 000,00",
         None, None, None, None, None, None],
    ]  # fmt: skip
    notes = [["Источник: ЕИС, выгрузка вручную"], ["Составил: отдел продаж"]]
    return workbook_bytes(
        [
            ("Примечания", notes, []),
            ("Закупки", rows, ["D3:F3", "G3:I3", "A3:A4", "B3:B4", "C3:C4", "J3:J4", "K3:K4",
                               "L3:L4", "M3:M4", "N3:N4", "O3:O4", "P3:P4", "Q3:Q4"]),
        ]
    )  # fmt: skip


def plain_tender_csv() -> bytes:
    """The same kind of list as a cp1251 CSV with «;», Russian column names people type and one
    row per item, the tender's cells repeated on every row."""
    lines = [
        "Номер закупки;Наименование Заказчика;ИНН заказчика;Победитель;ИНН победителя;"
        "Дата;НМЦК;Цена контракта;Объект закупки;Код ОКПД2;Количество;Сумма",
        f"№ 111;{CLIENT_A[0]};{CLIENT_A[1]};{WINNER_B[0]};{WINNER_B[1]};01.04.2025;"
        f"1 000,00;900,00;Касса;26.20.15.000;1;600,00",
        f"№ 111;{CLIENT_A[0]};{CLIENT_A[1]};{WINNER_B[0]};{WINNER_B[1]};01.04.2025;"
        f"1 000,00;900,00;Сканер;26.20.16.120;1;300,00",
        f"№ 112;{SOLE_TRADER[0]};{SOLE_TRADER[1]};{OUR_ORG[0]};{OUR_ORG[1]};02.04.2025;"
        "500,00;450,00;Весы;28.29.31.110;1;450,00",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")
