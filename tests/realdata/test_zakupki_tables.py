"""Russian procurement exports made by others, read through the generic table reader."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from importers.tabular import read_table
from importers.values import BadValue, parse_datetime, parse_id, parse_inn, parse_number


def test_the_cp1251_semicolon_export_sums_its_final_prices_to_the_kopeck(realdata):
    path = realdata / "zakupki" / "zakupki_gov_ru_2017-09-04_17-05-36.cp1251.csv"
    table = read_table(path.read_bytes(), path.name)
    assert (table.encoding, table.delimiter) == ("cp1251", ";")
    assert len(table.rows) == 50
    price = table.header.index("FinalStoim")
    total = sum(Decimal(str(parse_number(row[price]))) for row in table.rows)
    assert total == Decimal("11378864.37")
    status = table.header.index("Status")
    assert Counter(row[status] for row in table.rows) == {
        "Исполнение завершено": 45,
        "Исполнение прекращено": 5,
    }


def test_ids_with_a_number_sign_and_names_with_escaped_quotes_are_read(realdata):
    path = realdata / "zakupki" / "zakupki_gov_ru_2017-09-04_17-05-36.cp1251.csv"
    table = read_table(path.read_bytes(), path.name)
    ids = [parse_id(row[table.header.index("ContractID")]) for row in table.rows]
    assert ids[0] == "2110400490017000292"
    assert all(i.isdigit() for i in ids)
    customer = table.rows[0][table.header.index("NameCustomer")]
    assert customer.endswith('"ИНТИНСКАЯ ЦЕНТРАЛЬНАЯ ГОРОДСКАЯ БОЛЬНИЦА"')
    assert {len(row) for row in table.rows} == {len(table.header)}
    posted = parse_datetime(table.rows[0][table.header.index("PostedDate")])
    assert (posted.year, posted.month, posted.day) == (2017, 7, 5)


def test_the_combined_utf8_contracts_keep_inn_leading_zeros_and_na_is_missing(realdata):
    path = realdata / "zakupki" / "contracts_44fz_jan2018_combined.csv"
    table = read_table(path.read_bytes(), path.name)
    assert (table.encoding, table.delimiter, len(table.rows)) == ("utf-8", ",", 146)
    customer = table.header.index("customer.inn")
    supplier = table.header.index("supplier.inn")
    customers = {parse_inn(row[customer]) for row in table.rows}
    suppliers = {parse_inn(row[supplier]) for row in table.rows} - {None}
    assert len(customers) == 39
    assert len(suppliers) == 33  # 34 distinct cells, one of them the literal NA
    assert "0105056025" in suppliers
    assert "NA" not in suppliers


def test_a_wrong_inn_check_digit_is_refused(realdata):
    path = realdata / "zakupki" / "contracts_44fz_jan2018_combined.csv"
    table = read_table(path.read_bytes(), path.name)
    inn = table.rows[0][table.header.index("customer.inn")]
    broken = inn[:-1] + str((int(inn[-1]) + 1) % 10)
    with pytest.raises(BadValue):
        parse_inn(broken)


def test_the_original_regional_file_is_cp1251_with_commas(realdata):
    path = realdata / "zakupki" / "contract_Bashkortostan_Resp_2018010100_2018020100_007.csv"
    table = read_table(path.read_bytes(), path.name)
    assert (table.encoding, table.delimiter, len(table.rows)) == ("cp1251", ",", 39)
    assert table.rows[0][table.header.index("customer.name")].startswith("МУНИЦИПАЛЬНОЕ")
    published = parse_datetime(table.rows[0][table.header.index("publishDate")])
    assert published.utcoffset().total_seconds() == 5 * 3600


def test_the_procedures_file_with_quoted_ids_and_decimal_commas(realdata):
    path = realdata / "zakupki" / "sample_code-26_region-5277339.csv"
    table = read_table(path.read_bytes(), path.name)
    assert (table.encoding, table.delimiter, len(table.rows)) == ("utf-8", ";", 159)
    law = table.header.index("Law")
    assert Counter(row[law] for row in table.rows) == {"44-ФЗ": 107, "223-ФЗ": 52}
    assert parse_id(table.rows[0][table.header.index("ContractID")]) == "0124200000619003171"
    assert parse_number(table.rows[0][table.header.index("StartPrice")]) == pytest.approx(
        3021953.42
    )
    kinds = {row[table.header.index("Type")] for row in table.rows}
    assert len(kinds) == 20
