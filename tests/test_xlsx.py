"""The one xlsx writer: no formulas ever, real dates and numbers, shares as percentages, a sheet
people can filter (frozen header, autofilter, widths from content)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from ui.fmt import fmt_date, fmt_dt, fmt_int, fmt_num, fmt_pct
from ui.xlsx import MAX_WIDTH, write_xlsx, xlsx_bytes

HOSTILE = [
    '=HYPERLINK("http://x.example","y")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def open_book(data: bytes):
    return load_workbook(io.BytesIO(data))


def formulas(book) -> list[str]:
    """Every cell of every sheet that Excel would evaluate."""
    return [
        cell.coordinate
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def test_text_that_looks_like_a_formula_is_written_as_text_and_kept_as_typed():
    data = xlsx_bytes({"Клиенты": pd.DataFrame({"Клиент": HOSTILE})})
    sheet = open_book(data).active

    assert formulas(open_book(data)) == []
    # XML reads a bare CR back as a line feed; the text is otherwise exactly what was typed
    assert [c.value for c in sheet["A"][1:]] == [v.replace("\r", "\n") for v in HOSTILE]
    assert all(c.data_type == "s" and c.quotePrefix for c in sheet["A"][1:])


def test_a_formula_in_a_header_or_a_sheet_name_is_text_too():
    data = xlsx_bytes({"=A1": pd.DataFrame({"=1+1": ["x"]})})
    book = open_book(data)

    assert formulas(book) == []
    assert book.active["A1"].value == "=1+1"


def test_dates_times_and_numbers_are_real_excel_values():
    frame = pd.DataFrame(
        {
            "Создано": pd.to_datetime(["2026-03-01 09:05", None]),
            "День": [date(2026, 3, 1), date(2026, 3, 2)],
            "Время": [time(9, 30), None],
            "Ожидание": [timedelta(hours=2, minutes=5), timedelta(minutes=7)],
            "Количество": np.array([18030, 7], dtype="int64"),
            "Средняя": [4.94, float("nan")],
            "Момент": [datetime(2026, 3, 1, 9, 5, tzinfo=UTC), None],
        }
    )
    sheet = open_book(xlsx_bytes({"Данные": frame})).active
    row = [c for c in sheet[2]]

    assert row[0].value == datetime(2026, 3, 1, 9, 5) and row[0].is_date
    assert row[0].number_format == "DD.MM.YYYY HH:MM"
    assert row[1].value == datetime(2026, 3, 1) and row[1].number_format == "DD.MM.YYYY"
    assert row[2].value == time(9, 30) and row[2].is_date
    assert row[3].value == timedelta(hours=2, minutes=5) and row[3].number_format == "[h]:mm"
    assert row[4].value == 18030 and row[4].data_type == "n" and row[4].number_format == "#,##0"
    assert row[5].value == pytest.approx(4.94) and row[5].data_type == "n"
    assert row[6].value == datetime(2026, 3, 1, 9, 5)
    assert [c.value for c in sheet[3]][0] is None  # NaT, NaN and None are empty cells
    assert sheet["F3"].value is None and sheet["C3"].value is None


def test_a_share_column_named_in_percent_columns_is_a_percentage():
    frame = pd.DataFrame({"Линия": ["А", "Б"], "Доля": [0.375, 1.0]})
    sheet = open_book(xlsx_bytes({"Доли": frame}, percent_columns={"Доля"})).active

    assert [sheet["B2"].value, sheet["B3"].value] == [0.375, 1.0]
    assert sheet["B2"].number_format.endswith("%")
    assert not sheet["A2"].number_format.endswith("%")


def test_columns_formatted_for_the_screen_come_back_as_real_values():
    moment = datetime(2026, 11, 22, 11, 5, tzinfo=UTC)
    frame = pd.DataFrame(
        {
            "Когда": [fmt_dt(moment, "Europe/Moscow"), fmt_dt(None)],
            "День": [fmt_date("2026-11-22"), fmt_date("2026-11-23")],
            "Доля": [fmt_pct(0.37), fmt_pct(0.125, 1)],
            "Всего": [fmt_int(18030), fmt_int(5)],
            "Средняя": [fmt_num(4.94, 2), fmt_num(None)],
            "Номер": ["00123", "A-7"],
        }
    )
    sheet = open_book(xlsx_bytes({"Экран": frame})).active

    assert sheet["A2"].value == datetime(2026, 11, 22, 14, 5) and sheet["A3"].value is None
    assert sheet["B2"].value == datetime(2026, 11, 22) and sheet["B2"].is_date
    assert sheet["C2"].value == pytest.approx(0.37) and sheet["C2"].number_format.endswith("%")
    assert sheet["C3"].value == pytest.approx(0.125)
    assert sheet["D2"].value == 18030 and sheet["D2"].data_type == "n"
    assert sheet["E2"].value == pytest.approx(4.94) and sheet["E3"].value is None
    assert sheet["F2"].value == "00123" and sheet["F2"].data_type == "s"


def test_a_text_column_with_one_odd_value_stays_text():
    frame = pd.DataFrame({"Клиент": ["01.02.2026", "ООО «Ромашка»"], "Код": ["12", "=1"]})
    sheet = open_book(xlsx_bytes({"Данные": frame})).active

    assert [sheet["A2"].value, sheet["B2"].value, sheet["B3"].value] == ["01.02.2026", "12", "=1"]


def test_the_header_is_frozen_filtered_and_columns_fit_their_content():
    frame = pd.DataFrame({"Кл": ["короткое", "x" * 200], "Комментарий": ["a", "b"]})
    sheet = open_book(xlsx_bytes({"Данные": frame})).active

    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B3"
    assert sheet["A1"].font.b
    assert sheet.column_dimensions["A"].width == MAX_WIDTH
    assert 14 <= sheet.column_dimensions["B"].width < 20


def test_control_characters_excel_cannot_hold_are_dropped_rather_than_failing_the_export():
    frame = pd.DataFrame({"Клиент": ["a\x00b\x1fc", "line\nbreak"]})
    sheet = open_book(xlsx_bytes({"Данные": frame})).active

    assert [sheet["A2"].value, sheet["A3"].value] == ["abc", "line\nbreak"]


def test_sheet_names_follow_excel_rules_and_stay_unique(tmp_path):
    target = tmp_path / "book.xlsx"
    long = "Очень длинное имя листа, длиннее тридцати одного знака"
    write_xlsx(
        {long: pd.DataFrame({"a": [1]}), long + "!": pd.DataFrame(), "a/b": pd.DataFrame()}, target
    )
    names = load_workbook(target).sheetnames

    assert len(set(names)) == 3 and all(len(n) <= 31 for n in names)
    assert names[2] == "a_b"


def test_a_binary_file_object_is_a_valid_target():
    buffer = io.BytesIO()
    write_xlsx({"Данные": pd.DataFrame({"a": [1, 2]})}, buffer)

    assert open_book(buffer.getvalue()).active["A3"].value == 2
