"""Read the business calendar's special days: the Russian production calendar as xmlcalendar.ru
XML or JSON, iCalendar (.ics, one event a day), or a CSV/xlsx of date; kind; optional intervals.
The format is told by content, not by the file name (`read_calendar`).

xmlcalendar XML: `<day d="MM.DD" t="1|2|3">` — t=1 a day off, t=2 a shortened working day (a
Saturday with t=2 is a working one), t=3 a working Saturday or Sunday. xmlcalendar JSON: per month
a `days` string of the days off, `N*` a shortened working day, `N+` a moved day off; a weekend
day not listed is a working day. iCalendar: SUMMARY «Выходной день» (or anything else) a day off,
«Рабочий день» a working day, «Сокращенный день» a shortened one.

Kinds: holiday / short / workday or the Russian words выходной, праздник, сокращённый, рабочий.
Intervals like "09:00-13:00,14:00-18:00" replace the week's ones for that date; without them a
shortened day is the weekday's schedule an hour shorter and an extra working day a normal one.
A header row is optional (Дата; Тип; Интервалы); with a ',' delimiter unquoted intervals are
rejoined from the trailing cells.
"""

from __future__ import annotations

import calendar as gregorian
import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from typing import Any

from core.calendar import (
    BAD_INTERVAL,
    BAD_KIND,
    CalendarError,
    SpecialDay,
    parse_intervals,
    parse_kind,
)
from core.imports import (
    BAD_DATE,
    BAD_ENCODING,
    BAD_JSON_FILE,
    DUPLICATE_IN_FILE,
    MISSING_VALUE,
    NO_HEADER,
    TOO_LARGE_UNPACKED,
    UNREADABLE,
    ImportResult,
    Limits,
    Problem,
)
from core.roles import Action
from importers.kinds import ImportKind, ReadOptions, register_kind
from importers.tabular import TableError, check_unpacked_size, refuse_broken_workbook
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


def _sheet_rows(data: bytes, limits: Limits) -> list[list[Any]]:
    """The first sheet's rows, after the same unpacked-size check as every workbook import (a
    zip bomb named calendar.xlsx is refused from its directory, a lying one while inflating)."""
    from python_calamine import CalamineWorkbook

    check_unpacked_size(data, limits.max_unpacked_bytes)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [list(row) for row in book.get_sheet_by_index(0).to_python()]
    except Exception as exc:  # calamine raises its own error types for every broken file
        refused = refuse_broken_workbook(data, limits.max_unpacked_bytes, exc)
        if refused.reason == TOO_LARGE_UNPACKED:
            raise refused from exc
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


def read_calendar_days(
    data: bytes, file_name: str = "", limits: Limits | None = None
) -> ImportResult[SpecialDay]:
    """Turn a calendar file into special days plus rejected rows (row, column, reason, values)."""
    days: list[SpecialDay] = []
    result = ImportResult(records=days)
    is_sheet = data[:2] == b"PK" or file_name.lower().endswith((".xlsx", ".xls", ".ods"))
    try:
        rows = _sheet_rows(data, limits or Limits()) if is_sheet else _csv_rows(data)
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


# ---------------------------------------------------------------- production calendars

FORMAT_XMLCALENDAR, FORMAT_XMLCALENDAR_JSON, FORMAT_ICS, FORMAT_TABLE = (
    "xmlcalendar", "xmlcalendar_json", "ics", "table",
)  # fmt: skip


class CalendarDays(list[SpecialDay]):
    """Special days read from a file, plus the years it describes in full (an official production
    calendar replaces those years' special days; a table only adds or changes dates)."""

    def __init__(self, days: list[SpecialDay] | None = None, years: tuple[int, ...] = ()) -> None:
        super().__init__(days or [])
        self.years = years
        self.format = FORMAT_TABLE


def calendar_format(data: bytes) -> str:
    """Which calendar format the bytes are, by content."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:512]
    if head.startswith(b"<") and b"<calendar" in data[:2048]:
        return FORMAT_XMLCALENDAR
    if head[:1] in (b"{", b"["):
        return FORMAT_XMLCALENDAR_JSON
    if b"BEGIN:VCALENDAR" in data[:4096]:
        return FORMAT_ICS
    return FORMAT_TABLE


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(BAD_ENCODING, str(exc)) from exc


def _weekend(day: date) -> bool:
    return day.weekday() >= 5


def read_xmlcalendar(data: bytes) -> ImportResult[SpecialDay]:
    """xmlcalendar.ru XML: the year's holidays, shortened and working weekend days."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise TableError(UNREADABLE, f"XML {exc.position[0]}:{exc.position[1]}: {exc}") from exc
    try:
        year = int(root.get("year", ""))
    except ValueError as exc:
        raise TableError(UNREADABLE, "calendar without a year") from exc
    days = CalendarDays(years=(year,))
    days.format = FORMAT_XMLCALENDAR
    result: ImportResult[SpecialDay] = ImportResult(records=days)
    for number, element in enumerate(root.iter("day"), start=1):
        result.rows += 1
        raw = dict(element.attrib)
        try:
            month, day_of_month = (int(part) for part in raw.get("d", "").split("."))
            day = date(year, month, day_of_month)
        except ValueError:
            result.problems.append(Problem(number, "d", BAD_DATE, raw))
            continue
        kind = raw.get("t", "1").strip()
        if kind == "1":
            days.append(SpecialDay(day, "holiday"))
        elif kind == "2":
            days.append(SpecialDay(day, "short"))
        elif kind == "3":
            days.append(SpecialDay(day, "workday"))
        else:
            result.problems.append(Problem(number, "t", BAD_KIND, raw))
    return result


_JSON_DAY = re.compile(r"^\s*(\d{1,2})\s*([*+]?)\s*$")


def read_xmlcalendar_json(data: bytes) -> ImportResult[SpecialDay]:
    """xmlcalendar.ru JSON (one year, or the list of all years): per month its days off."""
    try:
        decoded = json.loads(_utf8(data))
    except json.JSONDecodeError as exc:
        raise TableError(BAD_JSON_FILE, f"{exc.lineno}:{exc.colno}: {exc.msg}") from exc
    years = decoded if isinstance(decoded, list) else [decoded]
    if not years or not all(isinstance(y, dict) and "months" in y for y in years):
        raise TableError(UNREADABLE, "not an xmlcalendar JSON")
    days = CalendarDays(years=tuple(int(y.get("year", 0)) for y in years))
    days.format = FORMAT_XMLCALENDAR_JSON
    result: ImportResult[SpecialDay] = ImportResult(records=days)
    number = 0
    for entry in years:
        year = int(entry.get("year", 0))
        for month_entry in entry.get("months", []):
            number += 1
            result.rows += 1
            month = int(month_entry.get("month", 0))
            listed: dict[int, str] = {}
            bad = False
            for item in str(month_entry.get("days", "")).split(","):
                if not item.strip():
                    continue
                match = _JSON_DAY.match(item)
                if match is None:
                    bad = True
                    break
                listed[int(match.group(1))] = match.group(2)
            if bad or not 1 <= month <= 12 or year < 1900:
                result.problems.append(Problem(number, "days", BAD_DATE, month_entry))
                continue
            for day_of_month in range(1, gregorian.monthrange(year, month)[1] + 1):
                day = date(year, month, day_of_month)
                mark = listed.get(day_of_month)
                if mark == "*":
                    days.append(SpecialDay(day, "short"))
                elif mark is not None:
                    if not _weekend(day):
                        days.append(SpecialDay(day, "holiday"))
                elif _weekend(day):
                    days.append(SpecialDay(day, "workday"))
    return result


def read_ics(data: bytes) -> ImportResult[SpecialDay]:
    """iCalendar: every VEVENT's all-day dates (DTSTART to DTEND, end excluded) as days off,
    or as working / shortened days when its SUMMARY says so."""
    lines = _utf8(data).replace("\r\n ", "").replace("\n ", "").splitlines()
    days = CalendarDays()
    days.format = FORMAT_ICS
    result: ImportResult[SpecialDay] = ImportResult(records=days)
    event: dict[str, str] | None = None
    number = 0
    for line in lines:
        if line.strip() == "BEGIN:VEVENT":
            event, number = {}, number + 1
        elif line.strip() == "END:VEVENT" and event is not None:
            result.rows += 1
            problem = _ics_event(event, number, days)
            if problem is not None:
                result.problems.append(problem)
            event = None
        elif event is not None and ":" in line:
            name, _, value = line.partition(":")
            event.setdefault(name.split(";")[0].upper(), value.strip())
    return result


def _ics_date(value: str) -> date:
    digits = value.strip()[:8]
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def _ics_event(event: dict[str, str], number: int, days: list[SpecialDay]) -> Problem | None:
    try:
        start = _ics_date(event.get("DTSTART", ""))
        end = _ics_date(event["DTEND"]) if event.get("DTEND") else start + timedelta(days=1)
    except (ValueError, IndexError):
        return Problem(number, "DTSTART", BAD_DATE, event)
    summary = event.get("SUMMARY", "").lower().replace("ё", "е")
    kind = "workday" if "рабоч" in summary else "short" if "сокращ" in summary else "holiday"
    day = start
    while day < max(end, start + timedelta(days=1)):
        days.append(SpecialDay(day, kind))
        day += timedelta(days=1)
    return None


def read_calendar(data: bytes, options: ReadOptions | None = None) -> ImportResult[SpecialDay]:
    """Special days from any calendar format, told by content; TableError for a file that is
    none of them (a table without a header, broken XML or JSON)."""
    if not data.strip():
        raise TableError(UNREADABLE, "empty file")
    fmt = calendar_format(data)
    if fmt == FORMAT_XMLCALENDAR:
        return read_xmlcalendar(data)
    if fmt == FORMAT_XMLCALENDAR_JSON:
        return read_xmlcalendar_json(data)
    if fmt == FORMAT_ICS:
        return read_ics(data)
    result = read_calendar_days(
        data, options.file_name if options else "", options.limits if options else None
    )
    whole = [p for p in result.problems if p.row is None or p.reason == NO_HEADER]
    if whole and not result.records:
        raise TableError(whole[0].reason, "")
    result.records = CalendarDays(list(result.records))
    return result


register_kind(
    ImportKind(
        code="calendar",
        texts="ui.texts.imports:KIND_CALENDAR",
        store="db.imports:store_calendar_import",
        read_bytes=read_calendar,
        action=Action.MANAGE_SETTINGS,
        types=("xml", "json", "ics", "csv", "txt", "xlsx", "xls", "ods"),
        order=40,
    )
)
