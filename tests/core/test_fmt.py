"""Russian number, money, date and duration formatting (non-breaking spaces, decimal comma)."""

from __future__ import annotations

from datetime import date

from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from ui.fmt import fmt_date, fmt_dt, fmt_int, fmt_minutes, fmt_money, fmt_num, fmt_pct

NBSP = "\u00a0"


def test_whole_numbers_group_thousands_with_a_non_breaking_space():
    assert fmt_int(18030) == f"18{NBSP}030"
    assert fmt_int(1234567.6) == f"1{NBSP}234{NBSP}568"
    assert fmt_int(999) == "999"
    assert fmt_int(None) == "—"


def test_decimals_use_a_comma():
    assert fmt_num(4.944, 2) == "4,94"
    assert fmt_num(1234.5) == f"1{NBSP}234,5"
    assert fmt_num(3, 0) == "3"


def test_percentages_carry_a_space_before_the_sign():
    assert fmt_pct(0.372) == f"37{NBSP}%"
    assert fmt_pct(0.3725, 1) == f"37,2{NBSP}%"
    assert fmt_pct(None) == "—"


def test_money_in_kopecks_is_shown_in_rubles():
    assert fmt_money(1137886437) == f"11{NBSP}378{NBSP}864,37{NBSP}₽"
    assert fmt_money(None) == "—"


def test_dates_and_stored_utc_moments_are_shown_locally():
    assert fmt_date(date(2026, 11, 22)) == "22.11.2026"
    assert fmt_date("2026-11-22 10:00:00") == "22.11.2026"
    assert fmt_dt("2026-11-22 11:05:00") == "22.11.2026 14:05"
    assert fmt_dt("2026-11-22 11:05:00", "Asia/Yekaterinburg") == "22.11.2026 16:05"
    assert fmt_dt(None) == "—"


def test_durations_read_as_days_hours_and_minutes():
    assert fmt_minutes(7) == "7 мин"
    assert fmt_minutes(125) == "2 ч 05 мин"
    assert fmt_minutes(3 * 1440 + 4 * 60 + 5) == "3 дн 4 ч"
    assert fmt_minutes(-3) == "0 мин"
    assert fmt_minutes(None) == "—"


def test_a_small_share_in_a_table_keeps_a_decimal_instead_of_reading_zero():
    from ui.fmt import fmt_share

    assert fmt_share(6 / 2443) == "0,2\u00a0%"
    assert fmt_share(0.0001) == "<0,1\u00a0%"
    assert fmt_share(0) == "0\u00a0%"
    assert fmt_share(0.36) == "36\u00a0%"
    assert fmt_share(0.095) == "9,5\u00a0%"
    assert fmt_share(None) == "—"


@given(st.one_of(st.integers(-(10**15), 10**15), st.floats(-1e12, 1e12, allow_nan=False)))
def test_a_whole_number_reads_as_babel_writes_it_in_russian(value: float) -> None:
    assert fmt_int(value) == format_decimal(round(value), format="#,##0", locale="ru_RU")
