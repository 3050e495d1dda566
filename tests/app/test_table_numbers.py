"""Numbers in tables as Russian readers write them — «45 900», «13,9» — while identifiers stay
plain digits («2024», «7701234567») and the values stay numbers for sorting, the toolbar's CSV
and the Excel download (issue 14, item 8; ui.fmt's rules, ui.widgets.data_table)."""

from __future__ import annotations

import io
from datetime import date, datetime

import pandas as pd
import pyarrow as pa
import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from ui.fmt import decimals_needed, fmt_number, is_id_header
from ui.widgets import EMPTY_CELL, display_texts, to_xlsx

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "header",
    ["№", "Номер сделки", "Год", "ИНН", "ИНН клиента", "КПП", "Телефон", "Код", "Версия", "ID"],
)
def test_a_header_that_names_an_identifier_keeps_its_digits_plain(header: str) -> None:
    assert is_id_header(header)


@pytest.mark.parametrize(
    "header",
    ["Сумма, ₽", "Заявок", "Звонков", "Среднее время ответа, с", "Кол-во ответов", "Годовой план",
     "Номеров", "Минут", "Этапов"],
)  # fmt: skip
def test_a_header_that_names_a_quantity_is_grouped(header: str) -> None:
    assert not is_id_header(header)


def test_a_column_gets_the_decimals_its_values_need_and_no_more() -> None:
    assert decimals_needed([45900.0, 120160.0]) == 0
    assert decimals_needed([13.9, 14.0]) == 1
    assert decimals_needed([1537972.8, 1245492.16]) == 2
    assert decimals_needed([0.1 + 0.2]) == 1  # float noise is not a decimal
    assert decimals_needed([1 / 3]) == 4  # capped
    assert decimals_needed([float("nan"), 2.5]) == 1


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_a_whole_number_reads_as_babel_writes_it_in_russian(value: int) -> None:
    assert fmt_number(value) == format_decimal(value, format="#,##0", locale="ru_RU")


def test_a_decimal_number_has_a_comma_and_grouped_thousands() -> None:
    assert fmt_number(45900.0) == f"45{NBSP}900"
    assert fmt_number(13.9, 1) == "13,9"
    assert fmt_number(-1234.5, 2) == f"-1{NBSP}234,50"
    assert fmt_number(1537972.8, 2) == format_decimal(1537972.8, "#,##0.00", locale="ru_RU")


def sample() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "№": [4858, 12345],
            "Год": [2024, 2025],
            "ИНН": ["7701234567", None],
            "Сумма, ₽": [45900.0, None],
            "Среднее время ответа, с": [13.9, 1234.0],
            "Заявок": [1500, 7],
            "Задача": [1001, 1002],
            "Срок": [date(2026, 11, 22), None],
            "Создана": [datetime(2026, 11, 22, 14, 5), datetime(2026, 11, 23)],
            "Готово": [True, False],
        }
    )


def test_a_table_shows_quantities_grouped_and_identifiers_as_they_are() -> None:
    shown = display_texts(sample(), ids=["Задача"])
    columns = list(sample().columns)

    def cells(name: str) -> dict[int, str]:
        return shown.get(columns.index(name), {})

    assert cells("Сумма, ₽") == {0: f"45{NBSP}900", 1: EMPTY_CELL}
    assert cells("Среднее время ответа, с") == {0: "13,9", 1: f"1{NBSP}234,0"}
    assert cells("Заявок") == {0: f"1{NBSP}500", 1: "7"}
    assert cells("№") == {0: "4858", 1: "12345"}
    assert cells("Год") == {0: "2024", 1: "2025"}
    assert cells("Задача") == {0: "1001", 1: "1002"}  # named by the page
    assert cells("ИНН") == {1: EMPTY_CELL}  # text is shown as it is
    assert cells("Срок") == {0: "22.11.2026", 1: EMPTY_CELL}
    assert cells("Создана") == {0: "22.11.2026 14:05", 1: "23.11.2026"}
    assert cells("Готово") == {}  # a check box


def _page() -> None:
    import pandas as pd

    from tests.app.test_table_numbers import sample
    from ui.widgets import data_table, edit_table, table_with_download

    data_table(sample(), ids=["Задача"], key="shown")
    table_with_download(sample(), "t.xlsx", "both", ids=["Задача"])
    edited = edit_table(sample(), key="edited", disabled=["Заявок"])
    assert isinstance(edited, pd.DataFrame)


def _arrow(data: bytes) -> pd.DataFrame:
    return pa.ipc.open_stream(data).read_all().to_pandas()


def test_the_browser_gets_russian_texts_and_keeps_the_numbers_behind_them() -> None:
    app = AppTest.from_function(_page).run()
    assert not app.exception, [e.value for e in app.exception]

    shown = app.dataframe[0].proto.arrow_data
    values, texts = _arrow(shown.data), _arrow(shown.styler.display_values)
    assert values["Сумма, ₽"].tolist()[0] == 45900.0  # sorted and exported as a number
    assert texts["Сумма, ₽"].tolist()[0] == f"45{NBSP}900"
    assert texts["Год"].tolist() == ["2024", "2025"]
    assert texts["Задача"].tolist() == ["1001", "1002"]
    assert texts["ИНН"].tolist() == ["7701234567", EMPTY_CELL]
    assert [table.proto.placeholder for table in app.dataframe] == [EMPTY_CELL] * 3


def test_the_excel_download_of_a_shown_table_holds_real_numbers_and_no_formula() -> None:
    # the table shows texts; the frame it shows (and table_with_download exports) is untouched
    frame = sample()
    display_texts(frame)
    sheet = load_workbook(io.BytesIO(to_xlsx({"Данные": frame}))).active
    header = [cell.value for cell in sheet[1]]
    first = {name: sheet.cell(row=2, column=header.index(name) + 1) for name in header}
    assert first["Сумма, ₽"].value == 45900 and first["Сумма, ₽"].data_type == "n"
    assert first["Год"].value == 2024 and first["Год"].data_type == "n"
    assert first["ИНН"].value == "7701234567"
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_a_column_of_shares_reads_as_percentages() -> None:
    frame = pd.DataFrame({"Накопленная доля": [0.0391, 0.5, None]})
    assert display_texts(frame, percents=["Накопленная доля"]) == {
        0: {0: f"3,91{NBSP}%", 1: f"50,00{NBSP}%", 2: EMPTY_CELL}
    }


def test_an_editable_number_column_reads_russian_and_keeps_what_the_page_set() -> None:
    import streamlit

    from ui.widgets import EDITABLE_NUMBER_FORMAT, editable_number_columns

    frame = sample().assign(**{"Вес": [1.0, 0.5], "Минут": [30, 1440]})
    given = {
        "Минут": streamlit.column_config.NumberColumn(min_value=0, step=1),
        "Заявок": streamlit.column_config.NumberColumn(format="%d"),  # the page's own format
    }
    config = editable_number_columns(frame, ids=["Задача"], column_config=given)

    def format_of(name: str) -> object:
        return config[name]["type_config"]["format"] if name in config else None

    assert format_of("Вес") == EDITABLE_NUMBER_FORMAT
    assert format_of("Сумма, ₽") == EDITABLE_NUMBER_FORMAT
    assert format_of("Минут") == EDITABLE_NUMBER_FORMAT
    assert config["Минут"]["type_config"]["step"] == 1  # the page's settings stay
    assert format_of("Заявок") == "%d"
    # identifiers stay plain digits; a check box and dates are no numbers
    assert not {"№", "Год", "Задача", "Готово", "Срок", "Создана", "ИНН"} & set(config)
