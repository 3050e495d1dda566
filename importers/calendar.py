"""Read the business calendar's special days from CSV (or xlsx): date; kind; optional intervals.

Kinds: holiday / short / workday or the Russian words выходной, праздник, сокращённый, рабочий.
Intervals like "09:00-13:00,14:00-18:00" replace the week's ones for that date; without them a
shortened day is the weekday's schedule an hour shorter and an extra working day a normal one.
A header row is optional (Дата; Тип; Интервалы); with a ',' delimiter unquoted intervals are
rejoined from the trailing cells.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from core.calendar import BAD_INTERVAL, CalendarError, SpecialDay, parse_intervals, parse_kind
from core.imports import (
    DUPLICATE_IN_FILE,
    MISSING_VALUE,
    NO_HEADER,
    UNREADABLE,
    ImportResult,
    Problem,
)
from importers.values import BadValue, parse_datetime, text

DATE, KIND, INTERVALS = "date", "kind", "intervals"
ALIASES = {
    DATE: ("дата", "date", "day", "день", "число"),
    KIND: ("тип", "тип дня", "kind", "вид", "вид дня", "type", "статус"),
    INTERVALS: ("интервалы", "часы", "рабочее время", "время", "intervals", "hours", "график"),
}


class CalendarFileError(ValueError):
    """The file cannot be read at all; `code` is a core.imports problem code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CalendarFileError(UNREADABLE)


def _csv_rows(data: bytes) -> list[list[str]]:
    content = _decode(data)
    sample = "\n".join(content.splitlines()[:20])
    delimiter = max(
        (";", "\t", ","), key=lambda d: (sample.count(d) > 0, d != ",", sample.count(d))
    )
    return [list(row) for row in csv.reader(io.StringIO(content), delimiter=delimiter)]


def _sheet_rows(data: bytes) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [list(row) for row in book.get_sheet_by_index(0).to_python()]
    except Exception as exc:  # calamine raises its own error types for every broken file
        raise CalendarFileError(UNREADABLE) from exc


def _is_date(value: Any) -> bool:
    try:
        return parse_datetime(value) is not None
    except BadValue:
        return False


def _norm(value: Any) -> str:
    return " ".join(text(value).lower().replace("ё", "е").split())


def _header(row: list[Any]) -> dict[str, int] | None:
    """Column positions when the row is a header, else None."""
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = _norm(cell)
        for field, aliases in ALIASES.items():
            if field not in found and name in {a.replace("ё", "е") for a in aliases}:
                found[field] = index
    return found if DATE in found and KIND in found else None


def read_calendar_days(data: bytes, file_name: str = "") -> ImportResult[SpecialDay]:
    """Turn a calendar file into special days plus rejected rows (row, column, reason, values)."""
    days: list[SpecialDay] = []
    result = ImportResult(records=days)
    is_sheet = data[:2] == b"PK" or file_name.lower().endswith((".xlsx", ".xls", ".ods"))
    try:
        rows = _sheet_rows(data) if is_sheet else _csv_rows(data)
    except CalendarFileError as error:
        result.problems.append(Problem(None, None, error.code))
        return result
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(text(c) for c in row)]
    if not numbered:
        result.problems.append(Problem(None, None, NO_HEADER))
        return result
    columns = {DATE: 0, KIND: 1, INTERVALS: 2}
    first_number, first_row = numbered[0]
    header = _header(first_row)
    if header is not None:
        columns = {DATE: header[DATE], KIND: header[KIND], INTERVALS: header.get(INTERVALS, -1)}
        numbered = numbered[1:]
    elif not _is_date(first_row[0]):
        result.problems.append(Problem(first_number, None, NO_HEADER, [text(c) for c in first_row]))
        return result
    seen: dict[str, int] = {}
    for number, row in numbered:
        result.rows += 1
        day_or_problem = _read_row(number, row, columns, is_sheet)
        if isinstance(day_or_problem, Problem):
            result.problems.append(day_or_problem)
            continue
        key = day_or_problem.day.isoformat()
        if key in seen:
            result.problems.append(
                Problem(
                    number, DATE, DUPLICATE_IN_FILE, {**_raw(row, columns), "first_row": seen[key]}
                )
            )
            continue
        seen[key] = number
        days.append(day_or_problem)
    return result


def _cell(row: list[Any], index: int) -> Any:
    return row[index] if 0 <= index < len(row) else None


def _raw(row: list[Any], columns: dict[str, int]) -> dict[str, str]:
    return {field: text(_cell(row, index)) for field, index in columns.items() if index >= 0}


def _read_row(
    number: int, row: list[Any], columns: dict[str, int], is_sheet: bool
) -> SpecialDay | Problem:
    raw = _raw(row, columns)
    intervals_index = columns[INTERVALS]
    if not is_sheet and intervals_index >= 0 and intervals_index == max(columns.values()):
        # a ',' delimited file with unquoted "09:00-13:00,14:00-18:00" splits the intervals
        raw[INTERVALS] = ",".join(text(c) for c in row[intervals_index:] if text(c))
    date_cell = _cell(row, columns[DATE])
    if not text(date_cell):
        return Problem(number, DATE, MISSING_VALUE, raw)
    try:
        moment = parse_datetime(date_cell)
    except BadValue as error:
        return Problem(number, DATE, error.code, raw)
    if moment is None:
        return Problem(number, DATE, MISSING_VALUE, raw)
    if not raw.get(KIND):
        return Problem(number, KIND, MISSING_VALUE, raw)
    try:
        kind = parse_kind(raw[KIND])
    except CalendarError as error:
        return Problem(number, KIND, error.code, raw)
    intervals = None
    if raw.get(INTERVALS):
        if kind == "holiday":
            return Problem(number, INTERVALS, BAD_INTERVAL, raw)
        try:
            intervals = parse_intervals(raw[INTERVALS])
        except CalendarError as error:
            return Problem(number, INTERVALS, error.code, raw)
    return SpecialDay(moment.date(), kind, intervals)
