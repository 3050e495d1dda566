"""Reading tables: encodings, delimiters, spreadsheets, and a header found below titles."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import Workbook

from core.imports import MISSING_COLUMN, NO_HEADER, UNREADABLE
from importers.tabular import (
    TableError,
    is_numbering_row,
    match_columns,
    read_table,
    require_columns,
)

HEADER = ["Номер", "Клиент", "Сумма"]
ROWS = [["1", "ООО «Ромашка»", "1 500,50"], ["2", "ИП Иванов", "77\u00a0520,00"]]


def csv_bytes(lines: list[list[str]], delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    return "\r\n".join(delimiter.join(cells) for cells in lines).encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_a_csv_is_read_whatever_its_encoding_and_delimiter(encoding, delimiter):
    cells = [[f'"{c}"' for c in row] for row in [HEADER, *ROWS]]
    table = read_table(csv_bytes(cells, delimiter, encoding), "export.csv")
    assert table.header == HEADER
    assert table.rows == ROWS
    assert table.delimiter == delimiter
    assert table.encoding == encoding


def test_title_blank_and_numbering_rows_are_skipped_and_row_numbers_match_the_file():
    lines = [
        ["Статистика работы с обращениями"],
        ["Период: 01.04.2016 - 30.06.2016"],
        [],
        HEADER,
        ["1", "2", "3"],
        ROWS[0],
        [],
        ROWS[1],
    ]
    table = read_table(csv_bytes(lines), "report.csv")
    assert table.header == HEADER
    assert table.header_row == 4
    assert table.rows == ROWS
    assert table.row_numbers == [6, 8]
    assert table.skipped == [5]


def test_a_numbering_row_above_the_header_is_skipped_too():
    table = read_table(csv_bytes([["1", "2", "3"], HEADER, *ROWS]), "report.csv")
    assert table.header == HEADER
    assert table.row_numbers == [3, 4]


def test_a_spreadsheet_with_a_title_row_is_read_with_typed_cells():
    book = Workbook()
    sheet = book.active
    sheet.append(["Выгрузка обращений за март"])
    sheet.append([])
    sheet.append(["Номер", "Создано", "Оценка"])
    sheet.append([101, datetime(2024, 3, 1, 9, 30), 5])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "обращения.xlsx")
    assert table.header == ["Номер", "Создано", "Оценка"]
    assert table.row_numbers == [4]
    assert table.rows[0][:3] == [101, datetime(2024, 3, 1, 9, 30), 5]


def test_the_first_sheet_with_data_is_read():
    book = Workbook()
    book.active.title = "Пусто"
    data = book.create_sheet("Данные")
    data.append(HEADER)
    data.append([1, "ООО «Ромашка»", 1500.5])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "x.xlsx")
    assert table.sheet == "Данные"
    assert len(table.rows) == 1


def test_aliases_pick_the_real_header_over_a_wide_title_block():
    lines = [
        ["Организация", "ООО «Бухфон»", "Период", "II квартал"],
        ["Номер обращения", "Создано", "Закрыто", "Оценка"],
        ["1", "01.04.2016 10:00", "01.04.2016 11:00", "5"],
    ]
    aliases = {"id": ["Номер обращения"], "created": ["Создано"], "closed": ["Закрыто"]}
    table = read_table(csv_bytes(lines), "x.csv", aliases)
    assert table.header[0] == "Номер обращения"
    assert table.row_numbers == [3]


def test_an_empty_or_headerless_file_is_refused_with_a_reason():
    with pytest.raises(TableError) as empty:
        read_table(b"", "x.csv")
    assert empty.value.reason == UNREADABLE
    with pytest.raises(TableError) as numbers:
        read_table(csv_bytes([["1", "2"], ["3", "4"]]), "x.csv")
    assert numbers.value.reason == NO_HEADER


def test_a_broken_spreadsheet_is_unreadable():
    with pytest.raises(TableError) as broken:
        read_table(b"PK\x03\x04 this is not a zip", "x.xlsx")
    assert broken.value.reason == UNREADABLE


def test_columns_match_ignoring_case_spaces_and_punctuation():
    header = ["  НОМЕР  обращения ", "Дата/время создания", "initialized_at", "Оценка (1-5)"]
    aliases = {"id": ["Номер обращения"], "created": ["INITIALIZED-AT"], "rating": ["Оценка"]}
    stems = [("rating", r"оценк")]
    assert match_columns(header, aliases, stems) == {"id": 0, "created": 2, "rating": 3}


def test_a_missing_required_column_is_named():
    with pytest.raises(TableError) as missing:
        require_columns({"id": 0}, ["id", "created"], ["Номер"])
    assert missing.value.reason == MISSING_COLUMN
    assert missing.value.columns == ["created"]


def test_numbering_rows_are_recognised():
    assert is_numbering_row(["1", "2", "3", ""])
    assert is_numbering_row([1, 2.0, 3])
    assert not is_numbering_row(["1", "5", "3"])
    assert not is_numbering_row(["17", "ООО", "3"])


def test_a_text_export_saved_as_xls_is_read_as_csv():
    table = read_table(csv_bytes([HEADER, *ROWS], "\t", "cp1251"), "выгрузка.xls")
    assert (table.header, table.delimiter) == (HEADER, "\t")


def test_a_workbook_whose_zip_directory_understates_its_sizes_is_refused_as_too_large():
    from core.imports import TOO_LARGE_UNPACKED, Limits
    from tests.importers import shapes
    from ui.kinds import problem_text, table_error_text
    from ui.texts import imports as T

    # the directory says the sheet is 1,000 bytes; it inflates to 64 MB, the limit is 8 MB
    bomb = shapes.lying_zip_bomb_xlsx(64 * 2**20, claimed=1000)
    limits = Limits(max_unpacked_bytes=8 * 2**20)
    with pytest.raises(TableError) as refused:
        read_table(bomb, "отчёт.xlsx", limits=limits)
    assert refused.value.reason == TOO_LARGE_UNPACKED
    message = table_error_text(refused.value)
    assert problem_text(TOO_LARGE_UNPACKED) in message
    assert T.DETAIL_UNPACKED_MORE.format(limit=8) in message


def test_counting_a_workbook_inflates_it_a_megabyte_at_a_time_and_stops_past_the_limit():
    import zipfile

    from core.imports import TOO_LARGE_UNPACKED
    from importers.tabular import INFLATE_CHUNK, count_inflated
    from tests.importers import shapes

    honest = shapes.zip_bomb_xlsx(3 * 2**20)
    members = zipfile.ZipFile(io.BytesIO(honest)).infolist()
    assert count_inflated(honest, members, 2**30) == sum(m.file_size for m in members)
    with pytest.raises(TableError) as refused:
        count_inflated(honest, members, 2**20)
    assert refused.value.reason == TOO_LARGE_UNPACKED
    counted = int(refused.value.detail.partition("+")[0])
    assert 2**20 < counted <= 2**20 + INFLATE_CHUNK


def test_totals_are_looked_for_only_in_rows_that_could_start_with_a_total_word(monkeypatch):
    import importers.tabular as tabular

    looked = []
    real = tabular._is_total_cell
    monkeypatch.setattr(tabular, "_is_total_cell", lambda cell: looked.append(cell) or real(cell))
    rows = [["Номер", "Создано"]] + [[f"И-{i:06d}", "01.03.2024"] for i in range(50)]
    rows += [["Итого", ""], [" всего:", ""], ["Total", ""]]
    table = tabular.table_from_rows(rows, {"id": ["Номер"]})
    assert len(table.rows) == 50 and len(table.totals) == 3
    assert looked == ["Итого", " всего:", "Total"]  # not the 50 ids that begin with «И»
