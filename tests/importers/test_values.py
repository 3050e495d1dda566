"""Cell values as Russian exports write them: numbers, dates, ids, INNs, missing markers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from core.imports import BAD_DATE, BAD_INN, BAD_NUMBER, BAD_RATING
from importers.values import (
    BadValue,
    datetime_column,
    id_column,
    looks_like_durations,
    moment_column,
    parse_datetime,
    parse_duration,
    parse_id,
    parse_inn,
    parse_number,
    parse_rating,
    parse_time_of_day,
    rating_column,
    text_column,
    to_aware,
)

MSK = timezone(timedelta(hours=3))


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("77\u00a0520,00", 77520.0),
        ("1 117 494,84", 1117494.84),
        ("3021953,42", 3021953.42),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("-12,5", -12.5),
        (42, 42.0),
        (0.5, 0.5),
        ("1 500 руб.", 1500.0),
    ],
)
def test_numbers_with_spaces_and_a_decimal_comma_are_read(cell, number):
    assert parse_number(cell) == pytest.approx(number)


@pytest.mark.parametrize("cell", ["", "NA", "-", "—", " ", None, "n/a"])
def test_missing_markers_read_as_missing(cell):
    assert parse_number(cell) is None
    assert parse_datetime(cell) is None
    assert parse_rating(cell) is None
    assert parse_inn(cell) is None


def test_text_that_is_not_a_number_is_refused():
    with pytest.raises(BadValue) as refused:
        parse_number("двенадцать")
    assert refused.value.code == BAD_NUMBER


@pytest.mark.parametrize(
    ("cell", "moment"),
    [
        ("26.02.2024", datetime(2024, 2, 26)),
        ("26.02.2024 09:07", datetime(2024, 2, 26, 9, 7)),
        ("26.02.2024 09:07:42", datetime(2024, 2, 26, 9, 7, 42)),
        ("6.2.2024 9:07", datetime(2024, 2, 6, 9, 7)),
        ("26.02.24", datetime(2024, 2, 26)),
        ("2024-02-26T09:07:42", datetime(2024, 2, 26, 9, 7, 42)),
        ("2024-02-26 09:07:42.5", datetime(2024, 2, 26, 9, 7, 42, 500000)),
        ("2024-02-21T03:20:26.760787123Z", datetime(2024, 2, 21, 3, 20, 26, 760787, tzinfo=UTC)),
        ("2018-01-17T14:55:54.333+05:00",
         datetime(2018, 1, 17, 14, 55, 54, 333000, tzinfo=timezone(timedelta(hours=5)))),
        ("2024-02-26T09:07:42+0300", datetime(2024, 2, 26, 9, 7, 42, tzinfo=MSK)),
        (45348.5, datetime(2024, 2, 26, 12, 0)),
        (datetime(2024, 2, 26, 9, 7), datetime(2024, 2, 26, 9, 7)),
        (date(2024, 2, 26), datetime(2024, 2, 26)),
    ],
)  # fmt: skip
def test_dates_are_read_in_every_usual_form(cell, moment):
    assert parse_datetime(cell) == moment


def test_the_1c_empty_date_is_missing():
    assert parse_datetime("0001-01-01T00:00:00") is None


@pytest.mark.parametrize("cell", ["31.02.2024", "вчера", "2024-13-01", "12:30", True])
def test_a_date_that_is_not_one_is_refused(cell):
    with pytest.raises(BadValue) as refused:
        parse_datetime(cell)
    assert refused.value.code == BAD_DATE


def test_a_naive_time_is_a_local_time_of_the_configured_zone():
    assert to_aware(datetime(2024, 2, 26, 12, 0), "Europe/Moscow") == datetime(
        2024, 2, 26, 9, 0, tzinfo=UTC
    )
    assert to_aware(datetime(2024, 2, 26, 12, 0), "Asia/Yekaterinburg") == datetime(
        2024, 2, 26, 7, 0, tzinfo=UTC
    )


def test_ids_lose_their_number_sign_quotes_and_float_tail():
    assert parse_id("№ 2110400490017000292") == "2110400490017000292"
    assert parse_id("'0124200000619003171'") == "0124200000619003171"
    assert parse_id(12345.0) == "12345"
    assert parse_id("  И-000001 ") == "И-000001"


def test_an_inn_keeps_its_leading_zero_and_its_check_digits_are_verified():
    assert parse_inn("0101002332") == "0101002332"
    assert parse_inn(101002332) == "0101002332"  # an Excel number cell lost the zero
    assert parse_inn("7707083893") == "7707083893"
    with pytest.raises(BadValue) as refused:
        parse_inn("7707083894")
    assert refused.value.code == BAD_INN


@pytest.mark.parametrize(("cell", "rating"), [("5", 5), (4.0, 4), (1, 1), ("3 балла", 3)])
def test_ratings_one_to_five_are_read(cell, rating):
    assert parse_rating(cell) == rating


@pytest.mark.parametrize("cell", ["0", "6", 4.5, "отлично"])
def test_a_rating_outside_one_to_five_is_refused(cell):
    with pytest.raises(BadValue) as refused:
        parse_rating(cell)
    assert refused.value.code == BAD_RATING


def test_a_column_of_russian_dates_reads_like_cell_by_cell():
    cells = ["26.02.2024 09:07:42", "", "01.03.2024", "31.12.2024 23:59"]
    fast, errors = datetime_column(cells, "Europe/Moscow")
    slow = [to_aware(parse_datetime(c), "Europe/Moscow") for c in cells]
    assert fast == slow
    assert errors == {}


def test_a_column_that_crosses_a_clock_change_converts_each_cell_with_its_own_offset():
    # Moscow moved from UTC+4 to UTC+3 on 26 October 2014
    fast, _ = datetime_column(["01.10.2014 12:00", "01.11.2014 12:00"], "Europe/Moscow")
    assert [m.astimezone(UTC).hour for m in fast] == [8, 9]
    berlin, _ = datetime_column(["2024-01-15 12:00:00", "2024-07-15 12:00:00"], "Europe/Berlin")
    assert [m.astimezone(UTC).hour for m in berlin] == [11, 10]


def test_a_column_with_bad_cells_reports_their_positions():
    values, errors = datetime_column(["26.02.2024", "не знаю", "27.02.2024"], "Europe/Moscow")
    assert errors == {1: BAD_DATE}
    assert values[0] is not None and values[1] is None and values[2] is not None


def test_a_column_of_calamine_dates_with_a_midnight_date_cell():
    cells = [datetime(2024, 2, 26, 9, 7), date(2024, 2, 27), ""]
    values, errors = datetime_column(cells, "Europe/Moscow")
    assert errors == {}
    assert values == [
        datetime(2024, 2, 26, 6, 7, tzinfo=UTC),
        datetime(2024, 2, 26, 21, 0, tzinfo=UTC),
        None,
    ]


def test_rating_text_and_id_columns():
    assert rating_column(["5", "", 4.0, "NA"]) == ([5, None, 4, None], {})
    assert rating_column(["5", "9"])[1] == {1: BAD_RATING}
    assert text_column([" Иванов ", "NA", 12.0, None]) == ["Иванов", "", "12", ""]
    assert id_column(["№ 7", "8", 9.0]) == ["7", "8", "9"]


@pytest.mark.parametrize(
    ("cell", "seconds"),
    [("00:03:25", 205), ("1:05", 3900), ("125:00:00", 450000), ("5 мин", 300),
     ("1 ч 5 мин", 3900), ("2 дня 3 ч", 183600), (timedelta(minutes=2), 120)],
)  # fmt: skip
def test_durations_are_read_from_clock_text_words_and_cells(cell, seconds):
    assert parse_duration(cell).total_seconds() == seconds


def test_a_column_of_moments_is_not_taken_for_durations():
    assert looks_like_durations(["00:03:00", "", "1:10:00"])
    assert not looks_like_durations(["01.03.2024 10:00", "00:03:00"])
    assert not looks_like_durations(["5", "7"])


def test_a_column_of_local_times_stays_naive_for_the_import_to_convert_at_once():
    cells = ["26.02.2024 09:07:42", "", "01.03.2024"]
    moments, errors = moment_column(cells, "Europe/Moscow")
    assert errors == {}
    assert moments == [datetime(2024, 2, 26, 9, 7, 42), None, datetime(2024, 3, 1)]
    calamine = [datetime(2024, 2, 26, 9, 7), date(2024, 2, 27), ""]
    assert moment_column(calamine, "Europe/Moscow")[0] == [
        datetime(2024, 2, 26, 9, 7), datetime(2024, 2, 27), None
    ]  # fmt: skip


def test_a_column_mixing_local_and_utc_times_comes_back_aware_throughout():
    cells = ["2024-02-26 09:00:00", "2024-02-26T06:30:00Z", "0001-01-01T00:00:00"]
    moments, errors = moment_column(cells, "Europe/Moscow")
    assert errors == {}
    assert moments == [
        datetime(2024, 2, 26, 6, 0, tzinfo=UTC), datetime(2024, 2, 26, 6, 30, tzinfo=UTC), None
    ]  # fmt: skip
    assert all(m is None or m.tzinfo is not None for m in moments)


def test_a_russian_date_column_with_1c_empty_dates_and_a_bad_cell_reads_cell_by_cell():
    cells = ["26.02.2024 09:07:42", "01.01.0001 0:00:00", "", "31.02.2024 10:00:00"]
    moments, errors = moment_column(cells, "Europe/Moscow")
    assert moments == [datetime(2024, 2, 26, 9, 7, 42), None, None, None]
    assert errors == {3: BAD_DATE}
    days = ["26.02.2024 09:07:42", "26.02.2024 18:00", "27.02.2024"] * 3
    assert moment_column(days, "Europe/Moscow") == (
        [datetime(2024, 2, 26, 9, 7, 42), datetime(2024, 2, 26, 18), datetime(2024, 2, 27)] * 3,
        {},
    )


def test_a_time_of_day_is_read_from_every_kind_of_cell_and_a_day_or_more_is_bad():
    assert parse_time_of_day(time(9, 5, 30)) == timedelta(hours=9, minutes=5, seconds=30)
    assert parse_time_of_day(datetime(1899, 12, 31, 23, 59)) == timedelta(hours=23, minutes=59)
    assert parse_time_of_day(0.5) == timedelta(hours=12)
    assert parse_time_of_day("7:45") == timedelta(hours=7, minutes=45)
    assert parse_time_of_day("") is None
    assert parse_time_of_day("01.03.2024 09:30") == timedelta(hours=9, minutes=30)
    assert parse_time_of_day(45352.75) == timedelta(hours=18)  # an Excel date-time serial
    for bad in ("24:00", "завтра", "31.02.2024 10:00"):
        with pytest.raises(BadValue):
            parse_time_of_day(bad)
