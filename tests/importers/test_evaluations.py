"""The agency workbook reader: headers by code, name or stem, marks in any spelling, rejects."""

from __future__ import annotations

import pytest

from core.shopper import DONE, MISSED, NA
from importers.evaluations import read_evaluations
from importers.tabular import TableError


def test_criteria_are_found_by_code_by_cyrillic_code_by_name_and_by_shortened_name():
    text = (
        "Дата проведения;Этап;Наименование партнера;Город;ФИО менеджера;G1;Е2;"
        "Выяснил, как обращаться к клиенту;Предложил договор уровня ПРОФ / Ритейл ПРОФ;"
        "G6. Взял контакты клиента;Итог\n"
        "24.09.2020;II;Камин;Калуга;Орлова Мария;Да;нет;Н/П;не выполнено;+;Незачёт\n"
    )
    result = read_evaluations(text.encode("utf-8"), "book.csv")
    assert result.problems == []
    [record] = result.records
    assert record.marks == {"G1": DONE, "E2": MISSED, "G5": NA, "E4": MISSED, "G6": DONE}
    assert (record.round, record.org, record.city, record.manager) == (
        2, "Камин", "Калуга", "Орлова Мария",
    )  # fmt: skip


def test_an_x_is_not_guessed_and_the_row_is_rejected_with_the_column():
    text = "Дата;Партнёр;G1;G2\n01.07.2020;Камин;x;1\n02.07.2020;Камин;1;1\n"
    result = read_evaluations(text.encode("utf-8"), "book.csv")
    assert [(p.row, p.column, p.reason) for p in result.problems] == [(2, "G1", "unknown_mark")]
    assert len(result.records) == 1


def test_a_sheet_without_a_partner_column_cannot_be_imported():
    with pytest.raises(TableError) as caught:
        read_evaluations("Дата;G1\n01.07.2020;1\n".encode(), "book.csv")
    assert caught.value.reason == "missing_column" and caught.value.columns == ["org"]
