"""Control dates, reminder points, shares, INNs and company matching (DESIGN §5.4)."""

from __future__ import annotations

from datetime import date

from core.equipment import (
    MATCH_INN,
    MATCH_NAME,
    MATCH_NEW,
    STATUS_CONTRACT,
    STATUS_OUT,
    STATUS_WARRANTY,
    ShipmentRecord,
    add_months,
    discount,
    equipment_status,
    match_company,
    next_maintenance,
    normalize_company,
    okpd2_months,
    parse_okpd2_months,
    parse_reminder_days,
    reminder_point,
    restore_inn,
    share_of_wallet,
    warranty_end,
)


def test_a_month_later_is_clamped_to_the_end_of_a_shorter_month():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 15), 14) == date(2027, 1, 15)


def test_warranty_ends_months_after_shipping_unless_an_end_is_set_by_hand():
    assert warranty_end(date(2025, 1, 15), 12) == date(2026, 1, 15)
    assert warranty_end(date(2025, 1, 15), 12, date(2025, 6, 1)) == date(2025, 6, 1)
    assert warranty_end(date(2025, 1, 15), None) is None


def test_next_maintenance_counts_from_the_last_one_or_else_from_shipping():
    assert next_maintenance(None, date(2025, 1, 15), 6) == date(2025, 7, 15)
    assert next_maintenance(date(2025, 5, 2), date(2025, 1, 15), 6) == date(2025, 11, 2)
    assert next_maintenance(None, None, 6) is None


def test_reminder_points_are_reached_at_30_and_7_days_and_overdue_after_the_date():
    due, points = date(2025, 3, 31), (30, 7)
    assert reminder_point(due, date(2025, 2, 28), points) is None  # 31 days before
    assert reminder_point(due, date(2025, 3, 1), points) == 30
    assert reminder_point(due, date(2025, 3, 23), points) == 30
    assert reminder_point(due, date(2025, 3, 24), points) == 7
    assert reminder_point(due, date(2025, 3, 31), points) == 0
    assert reminder_point(due, date(2025, 4, 1), points) == -1


def test_reminder_days_come_from_a_setting_largest_first():
    assert parse_reminder_days("7, 30") == (30, 7)
    assert parse_reminder_days("60;14;3") == (60, 14, 3)
    assert parse_reminder_days("") == (30, 7)


def test_status_follows_the_service_contract_then_the_warranty():
    today = date(2025, 6, 1)
    assert equipment_status(date(2025, 7, 1), today) == STATUS_WARRANTY
    assert equipment_status(date(2025, 5, 1), today) == STATUS_OUT
    assert equipment_status(date(2025, 5, 1), today, date(2025, 12, 31)) == STATUS_CONTRACT


def test_share_of_wallet_is_ours_over_ours_and_competitors():
    assert share_of_wallet(300, 100) == 0.75
    assert share_of_wallet(0, 0) is None


def test_discount_is_measured_from_the_initial_price():
    assert discount(500_000, 450_000) == 0.1
    assert discount(0, 10) is None
    assert discount(None, 10) is None


def test_an_inn_that_lost_its_leading_zero_gets_it_back_and_check_digits_are_verified():
    assert restore_inn("274062111") == ("0274062111", True)
    assert restore_inn("500100732259") == ("500100732259", True)
    assert restore_inn("7707083890") == ("7707083890", False)
    assert restore_inn("NA") == ("NA", False)


def test_companies_match_by_inn_first_and_by_name_only_without_a_valid_inn():
    by_inn = {"7707083893": 1}
    by_name = {normalize_company("ООО «Вектор»"): 1, normalize_company("АО Гранит"): 2}
    assert match_company("7707083893", "что угодно", by_inn, by_name).how == MATCH_INN
    assert match_company(None, 'Общество с ограниченной ответственностью "Вектор"', by_inn,
                         by_name).client_id == 1  # fmt: skip
    assert match_company(None, "АО «ГРАНИТ»", by_inn, by_name).how == MATCH_NAME
    # a valid INN naming nobody is a new company, even under a familiar name
    assert match_company("5402113155", "ООО «Вектор»", by_inn, by_name).how == MATCH_NEW


def test_warranty_months_of_an_okpd2_item_come_from_the_longest_fitting_group():
    months = parse_okpd2_months("26=12; 26.20.15=36; 28=24")
    assert okpd2_months("26.20.15.000", months) == 36
    assert okpd2_months("26.20.16.120", months) == 12
    assert okpd2_months("80.10.12.000", months) is None
    assert okpd2_months("", months) is None


def test_a_shipment_line_gives_one_piece_per_serial_or_per_unit():
    line = ShipmentRecord("101", date(2025, 1, 15), "ООО «Вектор»", "7707083893", "", "Касса",
                          2, 100.0, "", ["A1", "A2"])  # fmt: skip
    assert [serial for serial, _ in line.pieces()] == ["A1", "A2"]
    units = ShipmentRecord("102", date(2025, 1, 15), "ООО «Вектор»", "7707083893", "", "Весы",
                           3, 100.0, "")  # fmt: skip
    keys = [key for _, key in units.pieces()]
    assert len(set(keys)) == 3
    assert keys == [key for _, key in units.pieces()]  # the same on every import


def test_units_the_serial_numbers_do_not_cover_are_pieces_of_their_own():
    line = ShipmentRecord("103", date(2025, 1, 15), "ООО «Вектор»", "7707083893", "", "Касса",
                          3, 300.0, "", ["A1"])  # fmt: skip
    assert [serial for serial, _ in line.pieces()] == ["A1", "", ""]
    assert len({key for _, key in line.pieces()}) == 3
