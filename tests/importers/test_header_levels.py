"""Two-level headers and repeated column names in the shared table framework: «ИНН» under
«Покупатель» and «ИНН» under «Поставщик» are told apart, so aliases and saved mappings name them."""

from __future__ import annotations

from importers.tabular import (
    Field,
    apply_mapping,
    column_keys,
    detect_fields,
    read_table,
    resolve_mapping,
)
from tests.equipment_files import CLIENT_A, WINNER_A, messy_1c_sales, workbook_bytes


def test_a_merged_group_over_repeated_names_qualifies_each_and_the_row_numbers_stay():
    table = read_table(messy_1c_sales(), "Продажи.xlsx", {"product": ["Номенклатура"]})
    assert table.header[:8] == [
        "Документ Номер", "Документ Дата", "Организация Наименование", "Организация ИНН",
        "Организация КПП", "Контрагент Наименование", "Контрагент ИНН", "Контрагент КПП",
    ]  # fmt: skip
    assert table.header[8] == "Номенклатура"  # merged down over both rows: one level
    assert table.plain[3] == table.plain[6] == "ИНН"
    # title rows, the second header row, the numbering row and «Итого» are not data
    assert table.row_numbers == [8, 9, 10] and table.totals == [11]
    assert table.rows[0][6] == CLIENT_A[1]


def test_a_csv_with_a_group_row_over_its_names_is_qualified_without_merge_information():
    text = (
        "Отчёт\r\n\r\nДокумент;;Покупатель;;Поставщик;;Сумма\r\n"
        "Номер;Дата;Наименование;ИНН;Наименование;ИНН;\r\n"
        f"1;01.02.2025;{CLIENT_A[0]};{CLIENT_A[1]};{WINNER_A[0]};{WINNER_A[1]};100\r\n"
    )
    table = read_table(text.encode("cp1251"), "r.csv")
    assert table.header == ["Документ Номер", "Документ Дата", "Покупатель Наименование",
                            "Покупатель ИНН", "Поставщик Наименование", "Поставщик ИНН",
                            "Сумма"]  # fmt: skip
    assert table.row_numbers == [5]


def test_a_group_row_merged_above_the_header_qualifies_the_names_under_it():
    rows = [
        ["Отчёт по закупкам"],
        ["", "Покупатель", "", "Поставщик", ""],
        ["Номер", "Наименование", "ИНН", "Наименование", "ИНН"],
        ["1", CLIENT_A[0], CLIENT_A[1], WINNER_A[0], WINNER_A[1]],
    ]
    table = read_table(workbook_bytes([("Лист1", rows, ["B2:C2", "D2:E2"])]), "t.xlsx")
    assert table.header == ["Номер", "Покупатель Наименование", "Покупатель ИНН",
                            "Поставщик Наименование", "Поставщик ИНН"]  # fmt: skip
    assert table.row_numbers == [4]


def test_a_title_merged_over_the_whole_table_is_no_group():
    rows = [["Продажи за март", "", ""], ["Номер", "ИНН", "ИНН"], ["1", CLIENT_A[1], "x"]]
    table = read_table(workbook_bytes([("Лист1", rows, ["A1:C1"])]), "t.xlsx")
    assert table.header == ["Номер", "ИНН", "ИНН"] and table.plain == []


def test_repeated_names_without_a_group_are_numbered_and_a_mapping_can_name_the_second():
    header = ["Заказчик", "ИНН", "Поставщик", "ИНН", "", "инн"]
    assert column_keys(header) == ["Заказчик", "ИНН", "Поставщик", "ИНН (2)", "#5", "инн (3)"]
    assert resolve_mapping(header, {"winner_inn": "ИНН (2)", "customer_inn": "ИНН"}) == {
        "winner_inn": 3, "customer_inn": 1,
    }  # fmt: skip


def test_a_repeated_name_goes_to_the_field_whose_anchor_stands_nearest_on_its_left():
    rows = [
        ["Реестровый номер", "Поставщик", "ИНН", "Заказчик", "ИНН", "Сумма"],
        ["1", WINNER_A[0], WINNER_A[1], CLIENT_A[0], CLIENT_A[1], "100"],
    ]
    table = read_table(workbook_bytes([("Лист1", rows, [])]), "t.xlsx")
    fields = [
        Field("customer", ("Заказчик",)),
        Field("customer_inn", ("ИНН заказчика",), repeated="ИНН", after="customer"),
        Field("winner", ("Поставщик",)),
        Field("winner_inn", ("ИНН поставщика",), repeated="ИНН", after="winner"),
    ]
    detection = detect_fields(table, fields)
    assert (detection.columns["winner_inn"], detection.columns["customer_inn"]) == (2, 4)
    assert detection.names(table.header)["customer_inn"] == "ИНН (2)"
    # the person swaps them by name: the numbered key reaches the second column
    swapped = apply_mapping(detection, table.header, {"winner_inn": "ИНН (2)", "customer_inn": 2})
    assert (swapped.columns["winner_inn"], swapped.columns["customer_inn"]) == (4, 2)


def test_a_field_aliased_by_a_plain_name_still_finds_it_under_a_group():
    table = read_table(messy_1c_sales(), "Продажи.xlsx", {"product": ["Номенклатура"]})
    detection = detect_fields(table, [Field("product", ("Номенклатура",)), Field("day", ("Дата",))])
    assert detection.columns == {"product": 8, "day": 1}


def test_a_parameter_row_merged_right_above_the_header_is_no_group():
    rows = [
        ["Период: 01.01.2025 - 31.03.2025", "", "", ""],
        ["Номер", "Покупатель", "ИНН", "Сумма"],
        ["1", CLIENT_A[0], CLIENT_A[1], "100"],
    ]
    table = read_table(workbook_bytes([("Лист1", rows, ["A1:B1"])]), "t.xlsx")
    assert table.header == ["Номер", "Покупатель", "ИНН", "Сумма"]
