"""The calendar days file: Russian or English kinds, optional intervals, bad rows kept as rejects."""

from __future__ import annotations

import io
from datetime import date

import openpyxl

from core.calendar import BAD_INTERVAL, BAD_KIND, OVERLAP, SpecialDay
from core.imports import BAD_DATE, DUPLICATE_IN_FILE, MISSING_VALUE, NO_HEADER
from importers.calendar import read_calendar_days

RUSSIAN_2025 = """Дата;Тип;Интервалы
01.01.2025;Праздник;
07.01.2025;выходной
07.03.2025;Сокращённый;
08.03.2025;праздничный день;
01.11.2025;рабочий;09:00-13:00,14:00-17:00
"""


def test_a_russian_file_with_a_header_gives_every_day():
    result = read_calendar_days(RUSSIAN_2025.encode("utf-8-sig"), "calendar.csv")
    assert result.problems == []
    assert result.rows == 5
    assert result.records == [
        SpecialDay(date(2025, 1, 1), "holiday"),
        SpecialDay(date(2025, 1, 7), "holiday"),
        SpecialDay(date(2025, 3, 7), "short"),
        SpecialDay(date(2025, 3, 8), "holiday"),
        SpecialDay(date(2025, 11, 1), "workday", ((540, 780), (840, 1020))),
    ]


def test_cp1251_and_comma_delimited_files_without_a_header_are_read():
    data = "2025-05-08,short,09:00-13:00,14:00-16:00\n2025-05-09,holiday\n".encode("cp1251")
    result = read_calendar_days(data)
    assert result.problems == []
    assert result.records == [
        SpecialDay(date(2025, 5, 8), "short", ((540, 780), (840, 960))),
        SpecialDay(date(2025, 5, 9), "holiday"),
    ]
    russian = "Дата\tВид дня\n31.12.2025\tсокращенный\n".encode("cp1251")
    assert read_calendar_days(russian).records == [SpecialDay(date(2025, 12, 31), "short")]


def test_bad_rows_are_rejected_with_their_row_column_and_reason_and_good_rows_land():
    data = (
        "Дата;Тип;Интервалы\n"
        "01.01.2025;праздник\n"
        "32.01.2025;праздник\n"
        "02.01.2025;отпуск\n"
        "03.01.2025;рабочий;09:00-13:00,12:00-18:00\n"
        "04.01.2025;рабочий;с утра\n"
        ";праздник\n"
        "05.01.2025;\n"
        "01.01.2025;сокращённый\n"
        "06.01.2025;праздник;10:00-12:00\n"
    ).encode()
    result = read_calendar_days(data)
    assert result.records == [SpecialDay(date(2025, 1, 1), "holiday")]
    assert result.rows == 9
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (3, "date", BAD_DATE),
        (4, "kind", BAD_KIND),
        (5, "intervals", OVERLAP),
        (6, "intervals", BAD_INTERVAL),
        (7, "date", MISSING_VALUE),
        (8, "kind", MISSING_VALUE),
        (9, "date", DUPLICATE_IN_FILE),
        (10, "intervals", BAD_INTERVAL),
    ]
    assert result.problems[1].values == {"date": "02.01.2025", "kind": "отпуск", "intervals": ""}


def test_a_file_whose_first_row_is_neither_a_header_nor_a_date_is_refused():
    result = read_calendar_days("что-то;другое\n1;2\n".encode())
    assert result.records == []
    assert [p.reason for p in result.problems] == [NO_HEADER]


def test_an_xlsx_calendar_with_excel_dates_is_read():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Дата", "Тип", "Интервалы"])
    sheet.append([date(2025, 2, 24), "выходной", None])
    sheet.append([date(2025, 2, 22), "рабочий", "10:00-15:00"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_calendar_days(buffer.getvalue(), "days.xlsx")
    assert result.problems == []
    assert result.records == [
        SpecialDay(date(2025, 2, 24), "holiday"),
        SpecialDay(date(2025, 2, 22), "workday", ((600, 900),)),
    ]
