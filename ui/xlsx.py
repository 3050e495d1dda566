"""The one xlsx writer behind every download button and every `--xlsx` (DESIGN §4, issue 8).

    write_xlsx({"Очередь": frame, "Оповещения": alerts}, path_or_binary_file)
    data = xlsx_bytes({"Данные": frame}, percent_columns={"Доля"})

Every sheet gets a bold frozen header row with an autofilter and columns as wide as their content
(capped at MAX_WIDTH). Values are written as what they are:
- text is always a text cell, never a formula: a cell beginning with `=`, `+`, `-`, `@`, tab or CR
  is also marked quote-prefixed, so Excel keeps it text even when someone edits the cell; control
  characters Excel cannot store are dropped, and text is cut at Excel's 32 767 characters;
- `datetime` / `pd.Timestamp` -> an Excel date-time (DD.MM.YYYY HH:MM), `date` -> an Excel date,
  `time` -> a time, `timedelta` -> a duration ([h]:mm); an aware moment is written as the wall
  time of its own zone (convert to the configured zone first, as ui.fmt does);
- numbers -> numbers (whole ones with thousands grouping), `bool` -> TRUE/FALSE; None, NaN, NaT
  and infinities -> an empty cell;
- **shares**: a column named in `percent_columns` holds fractions 0..1 and is shown as a
  percentage (0.375 -> 37.5 %). That is the one way to mark a share column.

Pages often build their tables for the screen with ui.fmt, so a column whose every filled cell is
exactly what ui.fmt writes (fmt_date «22.11.2026», fmt_dt «22.11.2026 14:05», fmt_pct «37 %»,
fmt_int / fmt_num «18 030», «4,94») or an ISO date «2026-11-22» is turned back into real dates,
numbers and percentages (stored UTC date-times are not: their zone would be lost);
«—» (ui.fmt's "no value") becomes an empty cell there. Any other text column stays text.

No Streamlit here: cli.py's commands and the pages (through ui.widgets) share this module.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60
MIN_WIDTH = 6
MAX_TEXT = 32_767
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NO_VALUE = "—"

DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
TIME_FORMAT = "HH:MM"
DURATION_FORMAT = "[h]:mm"
INT_FORMAT = "#,##0"
FLOAT_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SPACES = "\u00a0\u202f "
_RU_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_RU_DATETIME = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2})$")
_RU_NUMBER = re.compile(r"^-?(?:0|[1-9]\d{0,2}(?:[\u00a0\u202f ]\d{3})*)(?:,\d+)?$")
_RU_PERCENT = re.compile(
    r"^-?(?:0|[1-9]\d{0,2}(?:[\u00a0\u202f ]\d{3})*)(?:,\d+)?[\u00a0\u202f ]?%$"
)


def write_xlsx(
    sheets: Mapping[str, pd.DataFrame],
    target: Path | str | BinaryIO,
    percent_columns: Collection[str] = (),
) -> None:
    """Write tables to one workbook, a sheet each, safely (no formulas) and ready to filter."""
    book = Workbook(write_only=True)
    used: set[str] = set()
    for name, frame in sheets.items():
        _write_sheet(book, _sheet_title(name, used), frame, set(percent_columns))
    if not sheets:
        _write_sheet(book, "Лист1", pd.DataFrame(), set())
    book.save(str(target) if isinstance(target, Path | str) else target)


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame], percent_columns: Collection[str] = ()) -> bytes:
    """The workbook write_xlsx makes, as bytes for a download button."""
    buffer = io.BytesIO()
    write_xlsx(sheets, buffer, percent_columns)
    return buffer.getvalue()


def _sheet_title(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _BAD_SHEET_CHARS.sub("_", str(name)).strip("'")[:31] or "Лист"
    title, number = base, 1
    while title.lower() in used:
        number += 1
        title = f"{base[: 31 - len(str(number)) - 1]}_{number}"
    used.add(title.lower())
    return title


def _write_sheet(book: Workbook, title: str, frame: pd.DataFrame, percent: set[str]) -> None:
    sheet = book.create_sheet(title)
    headers = [str(h) for h in frame.columns]
    columns = [
        _column_values(frame.iloc[:, i].tolist(), headers[i] in percent)
        for i in range(len(headers))
    ]
    for index, (header, (values, _)) in enumerate(zip(headers, columns, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(header, values)
    if headers:
        sheet.freeze_panes = "A2"
        last = f"{get_column_letter(len(headers))}{len(frame.index) + 1}"
        sheet.auto_filter.ref = f"A1:{last}"
    bold = Font(bold=True)
    head_row = []
    for header in headers:
        cell = _cell(sheet, header, None)
        cell.font = bold
        head_row.append(cell)
    sheet.append(head_row)
    for row in range(len(frame.index)):
        sheet.append([_cell(sheet, values[row], fmt) for values, fmt in columns])


def _cell(sheet: Any, value: Any, number_format: str | None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet)
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_TEXT]
        cell.value = text
        cell.data_type = "s"  # openpyxl would take a leading "=" for a formula
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
        return cell
    cell.value = value
    if number_format and value is not None:
        cell.number_format = number_format
    return cell


def _column_values(raw: list[Any], is_share: bool) -> tuple[list[Any], str | None]:
    """One column's cells as Excel values and the number format they share."""
    values = [_plain(v) for v in raw]
    values = _from_display_text(values) or values
    kinds = {_kind(v) for v in values if v is not None}
    if is_share and kinds <= {"int", "float", "pct"}:
        return values, PERCENT_FORMAT
    if kinds == {"pct"}:
        return values, PERCENT_FORMAT
    if kinds and kinds <= {"int", "float"}:
        whole = all(float(v).is_integer() for v in values if v is not None)
        return values, INT_FORMAT if whole else FLOAT_FORMAT
    for kind, number_format in (
        ("datetime", DATETIME_FORMAT),
        ("date", DATE_FORMAT),
        ("time", TIME_FORMAT),
        ("duration", DURATION_FORMAT),
    ):
        if kinds == {kind}:
            return values, number_format
    if kinds <= {"date", "datetime"} and kinds:
        return values, DATETIME_FORMAT
    return values, None


class _Share(float):
    """A fraction recovered from fmt_pct text: a number shown as a percentage."""


def _kind(value: Any) -> str:
    if isinstance(value, _Share):
        return "pct"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, time):
        return "time"
    if isinstance(value, timedelta):
        return "duration"
    return "text"


def _plain(value: Any) -> Any:
    """A pandas/numpy/stdlib value as something openpyxl writes correctly (None for 'nothing')."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    elif isinstance(value, pd.Timedelta):
        value = value.to_pytimedelta()
    elif hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy scalars
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, time) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, bool | int | float | str | date | time | timedelta):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _ru_number(text: str) -> int | float:
    plain = text.translate({ord(c): None for c in _SPACES}).replace(",", ".")
    return float(plain) if "." in plain else int(plain)


def _ru_date(text: str) -> date:
    day, month, year = _RU_DATE.match(text).groups()  # type: ignore[union-attr]
    return date(int(year), int(month), int(day))


def _iso_date(text: str) -> date:
    return date.fromisoformat(text)


def _ru_datetime(text: str) -> datetime:
    day, month, year, hour, minute = _RU_DATETIME.match(text).groups()  # type: ignore[union-attr]
    return datetime(int(year), int(month), int(day), int(hour), int(minute))


def _ru_percent(text: str) -> _Share:
    number = text.rstrip("%").rstrip(_SPACES)
    return _Share(_ru_number(number) / 100)


_DISPLAY: tuple[tuple[re.Pattern[str], Callable[[str], Any]], ...] = (
    (_RU_DATETIME, _ru_datetime),
    (_RU_DATE, _ru_date),
    (_ISO_DATE, _iso_date),
    (_RU_PERCENT, _ru_percent),
    (_RU_NUMBER, _ru_number),
)


def _from_display_text(values: list[Any]) -> list[Any] | None:
    """A column of ui.fmt output as real values; None when any filled cell is other text."""
    texts = [v for v in values if v is not None and v != NO_VALUE and v != ""]
    if not texts or not all(isinstance(v, str) for v in texts):
        return None
    for pattern, convert in _DISPLAY:
        if all(pattern.match(v) for v in texts):
            try:
                return [
                    convert(v) if isinstance(v, str) and v not in (NO_VALUE, "") else None
                    for v in values
                ]
            except ValueError:  # 31.02.2026 looks like a date and is not one
                return None
    return None


def _display_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    if isinstance(value, int):
        return len(f"{value:,}")
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _width(header: str, values: Iterable[Any]) -> float:
    """Wide enough for the header (with its filter arrow) and the longest value, capped."""
    longest = max([len(header) + 3, *(_display_length(v) for v in values)])
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
