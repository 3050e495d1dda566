"""Cell values of imported files (DESIGN §6): Russian numbers, dates, ids and INNs, missing markers.

Every parser takes a raw cell (a calamine value: str, int, float, bool, datetime, date, time, or a
CSV string) and returns the value, None for a missing cell, or raises BadValue with a problem code
from core.imports. Naive datetimes stay naive: they are local times of the configured zone and
`to_aware` turns them into aware UTC moments.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from core.imports import BAD_DATE, BAD_INN, BAD_NUMBER, BAD_RATING
from core.inn import is_valid_inn
from core.timeutil import fixed_offset, zone_of

T = TypeVar("T")

MISSING = frozenset(
    {"", "na", "n/a", "#n/a", "nan", "null", "none", "-", "--", "—", "–", "нет данных"}
)
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009\u2007\t'")
_EXCEL_EPOCH = datetime(1899, 12, 30)
_EXCEL_MIN, _EXCEL_MAX = 1.0, 2958465.0  # 1900-01-01 .. 9999-12-31
_RU_DATE = re.compile(
    r"^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$"
)
_TRUE_MISSING_YEAR = 1  # 1C writes an empty date as 0001-01-01T00:00:00


class BadValue(ValueError):
    """A cell that cannot be read as the expected kind; `code` is a core.imports problem code."""

    def __init__(self, code: str, raw: object) -> None:
        super().__init__(f"{code}: {raw!r}")
        self.code = code
        self.raw = raw


def is_missing(value: object) -> bool:
    """True for an empty cell or a missing marker (NA, -, empty)."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().lower() in MISSING
    return isinstance(value, float) and value != value  # NaN


def text(value: object) -> str:
    """A cell as trimmed text ('' when missing); whole floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = value.strip()
        return "" if value.lower() in MISSING else value
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def parse_number(value: object) -> float | None:
    """A number with space / NBSP thousands and a decimal comma; None when missing."""
    if isinstance(value, bool):
        raise BadValue(BAD_NUMBER, value)
    if isinstance(value, int | float):
        return None if value != value else float(value)
    if value is None:
        return None
    raw = str(value)
    cleaned = raw.translate(_SPACES)
    if cleaned.lower() in MISSING or cleaned.strip("-—–") == "":
        return None
    if cleaned.endswith(("₽", "р", "р.", "руб", "руб.")):
        cleaned = cleaned.rstrip(".").removesuffix("руб").removesuffix("р").rstrip("₽")
    comma, dot = cleaned.rfind(","), cleaned.rfind(".")
    if comma >= 0 and dot >= 0:
        # both used: the later one is the decimal separator, the other groups thousands
        if comma > dot:
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif comma >= 0:
        cleaned = cleaned.replace(",", ".") if cleaned.count(",") == 1 else cleaned.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        raise BadValue(BAD_NUMBER, raw) from None


def parse_int(value: object) -> int | None:
    """A whole number (as parse_number, without a fractional part); None when missing."""
    number = parse_number(value)
    if number is None:
        return None
    if not number.is_integer():
        raise BadValue(BAD_NUMBER, value)
    return int(number)


def parse_rating(value: object) -> int | None:
    """A rating 1–5 ('5', 5, 5.0, '5 баллов'); None when missing; BAD_RATING otherwise."""
    if is_missing(value):
        return None
    if isinstance(value, str):
        match = re.match(r"^\s*(\d+(?:[.,]0+)?)\b", value)
        value = match.group(1).replace(",", ".") if match else value
    try:
        number = parse_number(value)
    except BadValue:
        raise BadValue(BAD_RATING, value) from None
    if number is None or not number.is_integer() or not 1 <= number <= 5:
        raise BadValue(BAD_RATING, value)
    return int(number)


def parse_id(value: object) -> str:
    """An identifier as text: '№ 123' -> '123', 123.0 -> '123', quotes and apostrophes dropped."""
    result = text(value)
    if not result:
        return ""
    if result[0] in "№#":
        result = result.lstrip("№# \u00a0")
    if result[:1] in "'\"" or result[-1:] in "'\"":
        result = result.strip("'\" ")
    return result


def parse_inn(value: object) -> str | None:
    """An INN kept as text with its leading zeros and its check digits verified; None when missing."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = parse_id(value).translate(_SPACES)
    if not raw:
        return None
    if raw.isdigit() and len(raw) in (9, 11):
        raw = "0" + raw  # a number cell lost the leading zero
    if not is_valid_inn(raw):
        raise BadValue(BAD_INN, value)
    return raw


def parse_datetime(value: object) -> datetime | None:
    """A moment from an Excel date/serial, ISO text (T, Z, fractions, offsets) or dd.mm.yyyy[ HH:MM[:SS]].

    Naive results are local times; aware ones keep their offset. None when missing.
    """
    if isinstance(value, datetime):
        return None if value.year <= _TRUE_MISSING_YEAR else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise BadValue(BAD_DATE, value)
    if isinstance(value, int | float):
        return _excel_serial(value)
    if value is None:
        return None
    if isinstance(value, time | timedelta):
        raise BadValue(BAD_DATE, value)
    raw = str(value).strip()
    if raw.lower() in MISSING:
        return None
    moment = _parse_text(raw)
    return None if moment is not None and moment.year <= _TRUE_MISSING_YEAR else moment


def _excel_serial(value: float) -> datetime | None:
    if value != value:
        return None
    if not _EXCEL_MIN <= value <= _EXCEL_MAX:
        raise BadValue(BAD_DATE, value)
    moment = _EXCEL_EPOCH + timedelta(days=value)
    # Excel keeps times as day fractions: round to the millisecond to undo float noise
    micro = round(moment.microsecond, -3)
    return moment.replace(microsecond=0) + timedelta(microseconds=micro)


def _parse_text(raw: str) -> datetime | None:
    first = raw[0]
    if first.isdigit() and len(raw) >= 8:
        if raw[2:3] == "." and raw[5:6] == "." and raw[6:10].isdigit():
            # fast path: dd.mm.yyyy[ HH:MM[:SS]] through the C ISO parser
            rest = raw[10:].strip()
            iso = f"{raw[6:10]}-{raw[3:5]}-{raw[0:2]}"
            try:
                return datetime.fromisoformat(f"{iso}T{rest}" if rest else iso)
            except ValueError:
                pass
        elif raw[4:5] == "-":
            try:
                moment = datetime.fromisoformat(raw)
            except ValueError:
                pass
            else:
                return moment
    match = _RU_DATE.match(raw)
    if match:
        day, month, year, hour, minute, second, fraction = match.groups()
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        try:
            return datetime(
                full_year,
                int(month),
                int(day),
                int(hour or 0),
                int(minute or 0),
                int(second or 0),
                micro,
            )
        except ValueError:
            raise BadValue(BAD_DATE, raw) from None
    iso = _parse_iso_loose(raw)
    if iso is not None:
        return iso
    if first.isdigit():
        try:
            number = float(raw.replace(",", "."))
        except ValueError:
            pass
        else:
            return _excel_serial(number)
    raise BadValue(BAD_DATE, raw)


def _parse_iso_loose(raw: str) -> datetime | None:
    """ISO 8601 variants fromisoformat rejects: '+0300' offsets, lowercase t/z, ' UTC'."""
    candidate = raw.replace(" UTC", "Z").replace("t", "T").replace("z", "Z")
    candidate = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", candidate)
    if not candidate[:4].isdigit() or candidate[4:5] != "-":
        return None
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def to_aware(moment: datetime | None, tz: str) -> datetime | None:
    """An aware UTC moment; a naive one is a local time of `tz` (same rule as core.timeutil.to_utc)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone_of(tz))
    return moment.astimezone(UTC)


# ---------------------------------------------------------------- whole columns (fast paths)
#
# Importers convert a column at a time: one list comprehension over the cells in the common
# shape (dd.mm.yyyy strings, ISO strings, calamine datetimes, ratings 1–5), falling back to the
# per-cell parsers above only when a cell does not fit. Errors come back as {position: code}.

_FROMISO = datetime.fromisoformat
_RATINGS: dict[object, int | None] = {"": None, None: None}
for _n in range(1, 6):
    _RATINGS.update({_n: _n, str(_n): _n, f"{_n}.0": _n, f"{_n},0": _n})
_MISSING_ANY_CASE = frozenset({m for v in MISSING for m in (v, v.upper(), v.title())} - {""})
_ID_PREFIXES = frozenset("№#'\"")


def parse_each(
    cells: list[object], parse: Callable[[object], T | None]
) -> tuple[list[T | None], dict[int, str]]:
    """Parse cell by cell: None where a cell is bad, with its problem code by position."""
    values: list[T | None] = []
    errors: dict[int, str] = {}
    for position, cell in enumerate(cells):
        try:
            values.append(parse(cell))
        except BadValue as exc:
            values.append(None)
            errors[position] = exc.code
    return values, errors


def datetime_column(cells: list[object], tz: str) -> tuple[list[datetime | None], dict[int, str]]:
    """Aware moments for a column of date cells (naive ones are local times of `tz`)."""
    moments, errors = moment_column(cells, tz)
    return aware_column(moments, tz), errors


def moment_column(cells: list[object], tz: str) -> tuple[list[datetime | None], dict[int, str]]:
    """Moments for a column of date cells as the file gives them: naive local times (kept naive, so
    a 100k-row column costs no zone work) or aware ones; a column mixing both comes back aware."""
    sample = next((c for c in cells if c != "" and c is not None), None)
    if isinstance(sample, str):
        sample = sample.strip()
    if sample is None:
        return [None] * len(cells), {}
    try:
        if isinstance(sample, str):
            fast = _string_dates(cells, sample)
        elif isinstance(sample, datetime):
            fast = _calamine_dates(cells)
        else:
            fast = None
    except (ValueError, TypeError, AttributeError, IndexError):
        fast = None
    if fast is not None:
        return fast, {}
    moments, errors = parse_each(cells, parse_datetime)
    kinds = {m.tzinfo is None for m in moments if m is not None}
    if len(kinds) > 1:
        moments = [to_aware(m, tz) for m in moments]
    return moments, errors


def aware_column(moments: list[datetime | None], tz: str) -> list[datetime | None]:
    """The column with its naive moments made aware in `tz` (one offset when the zone keeps one)."""
    naive = [m for m in moments if m is not None and m.tzinfo is None]
    if not naive:
        return moments
    offset = fixed_offset(tz, min(naive), max(naive))
    if offset is None:
        return [to_aware(m, tz) for m in moments]
    return [m.replace(tzinfo=offset) if m is not None and m.tzinfo is None else m for m in moments]


def _years_ok(years: set[str]) -> bool:
    """True when every year the column mentions is a real one (1C writes no date as 0001)."""
    years.discard("")
    return bool(years) and min(int(y) for y in years) > _TRUE_MISSING_YEAR


class _IsoDays(dict[str, str]):
    """'dd.mm.yyyy' -> 'yyyy-mm-dd', worked out on a day's first sight (a column has few days).

    A year 0001 (1C's empty date) or a day that is not digits raises ValueError: the column then
    takes the cell-by-cell path, which reads those."""

    def __missing__(self, day: str) -> str:
        if int(day[6:10]) <= _TRUE_MISSING_YEAR:
            raise ValueError(day)
        iso = self[day] = f"{day[6:10]}-{day[3:5]}-{day[0:2]}"
        return iso


def _string_dates(cells: list[object], sample: str) -> list[datetime | None] | None:
    fi = _FROMISO
    if len(sample) >= 10 and sample[2] == "." and sample[5] == ".":
        # dd.mm.yyyy[ HH:MM[:SS]]: each distinct date turned into ISO once, then the C parser
        iso = _IsoDays()
        return [fi(iso[s[:10]] + s[10:]) if s else None for s in cells]  # type: ignore[index,operator]
    if len(sample) >= 10 and sample[4] == "-":
        if not _years_ok({s[:4] for s in cells}):  # type: ignore[index]
            return None
        moments = [fi(s) if s else None for s in cells]  # type: ignore[arg-type]
        kinds = {m.tzinfo is None for m in moments if m is not None}
        return moments if len(kinds) == 1 else None
    return None


def _calamine_dates(cells: list[object]) -> list[datetime | None] | None:
    dt = datetime
    moments = [c if c.__class__ is dt else _calamine_other(c) for c in cells]
    present = [m for m in moments if m is not None]
    if present and min(present).year <= _TRUE_MISSING_YEAR:
        return None  # 1C's empty dates: the per-cell path turns them into None
    return moments


def _calamine_other(cell: object) -> datetime | None:
    """Calamine gives a date (not a datetime) for a midnight cell and '' for an empty one."""
    if cell == "" or cell is None:
        return None
    if cell.__class__ is date:
        return datetime(cell.year, cell.month, cell.day)  # type: ignore[attr-defined]
    raise TypeError("not a calamine date")


def rating_column(cells: list[object]) -> tuple[list[int | None], dict[int, str]]:
    """Ratings 1–5 for a column (None when missing), with BAD_RATING positions."""
    try:
        return [_RATINGS[c.strip() if c.__class__ is str else c] for c in cells], {}  # type: ignore[attr-defined]
    except (KeyError, TypeError):
        pass
    return parse_each(cells, parse_rating)


def text_column(cells: list[object]) -> list[str]:
    """Trimmed texts for a column, '' for missing markers."""
    try:
        values = list(map(str.strip, cells))  # type: ignore[arg-type]  # every CSV cell is text
    except TypeError:
        values = [c.strip() if c.__class__ is str else text(c) for c in cells]  # type: ignore[attr-defined]
    if not _MISSING_ANY_CASE.isdisjoint(values):
        values = [text(v) for v in values]
    return values


def id_column(cells: list[object]) -> list[str]:
    """Identifiers for a column: '№ 123' -> '123', 123.0 -> '123', '' when missing."""
    values = text_column(cells)
    if any(v[:1] in _ID_PREFIXES or v[-1:] in _ID_PREFIXES for v in values):
        values = [parse_id(v) for v in values]
    return values


# ---------------------------------------------------------------- durations
#
# Some exports give the wait, the reaction or the resolution as a duration ("00:03:25", an Excel
# [h]:mm:ss cell) instead of a moment; the requests importer adds it to the moment it starts from.

_DURATION = re.compile(r"^(\d{1,4}):([0-5]?\d)(?::([0-5]?\d)(?:[.,]\d+)?)?$")
_DURATION_WORDS = re.compile(
    r"^(?:(\d+)\s*(?:д|дн|дня|дней|d)\.?\s*)?(?:(\d+)\s*(?:ч|час|часа|часов|h)\.?\s*)?"
    r"(?:(\d+)\s*(?:м|мин|минут|минуты|min|m)\.?\s*)?(?:(\d+)\s*(?:с|сек|секунд|s)\.?)?$"
)


def parse_duration(value: object) -> timedelta | None:
    """A duration from a time/timedelta cell, 'H:MM[:SS]' or '1 ч 5 мин'; None when missing."""
    if value.__class__ is timedelta:
        return value  # type: ignore[return-value]
    if isinstance(value, time):
        return timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)
    if value is None or (isinstance(value, str) and value.strip().lower() in MISSING):
        return None
    raw = str(value).strip().lower()
    match = _DURATION.match(raw)
    if match:
        hours, minutes, seconds = match.groups()
        return timedelta(hours=int(hours), minutes=int(minutes), seconds=int(seconds or 0))
    words = _DURATION_WORDS.match(raw)
    if words and any(words.groups()):
        days, hours, minutes, seconds = (int(g or 0) for g in words.groups())
        return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    raise BadValue(BAD_DATE, value)


def parse_time_of_day(value: object) -> timedelta | None:
    """A time of day as the span since midnight: a time cell, 'HH:MM[:SS]', an Excel day fraction
    or the clock of a date and time (calamine reads a time-only cell as 1899-12-31 HH:MM); None
    when missing."""
    if isinstance(value, datetime):
        return value - datetime.combine(value.date(), time(), value.tzinfo)
    if isinstance(value, float | int) and not isinstance(value, bool) and 0 <= value < 1:
        return timedelta(seconds=round(value * 86400))
    try:
        span = parse_duration(value)
    except BadValue:  # a full date and time (some exports repeat the date): its clock
        moment = parse_datetime(value)
        return None if moment is None else parse_time_of_day(moment)
    if span is not None and not timedelta(0) <= span < timedelta(days=1):
        raise BadValue(BAD_DATE, value)
    return span


def joined_moment_column(
    dates: list[object], times: list[object], tz: str
) -> tuple[list[datetime | None], dict[int, str], dict[int, str]]:
    """Moments from a date column and a time-of-day column (1C reports often split «Дата создания»
    and «Время создания»), with the problems of each. A date without its time is taken at
    midnight; a time without its date is no moment. When the dates carry times of their own, the
    other column is something else («Время решения» as a duration) and is left alone."""
    days, date_errors = moment_column(dates, tz)
    midnight = time()
    if any(day is not None and day.time() != midnight for day in days):
        return days, date_errors, {}
    clocks, time_errors = parse_each(times, parse_time_of_day)
    moments = [
        day if day is None or clock is None
        else datetime.combine(day.date(), midnight, day.tzinfo) + clock
        for day, clock in zip(days, clocks, strict=True)
    ]  # fmt: skip
    return moments, date_errors, time_errors


def looks_like_durations(cells: list[object]) -> bool:
    """True when a time column's first filled cells are all durations rather than moments."""
    sample = [c for c in cells[:200] if c != "" and c is not None][:20]
    if not sample:
        return False
    for cell in sample:
        if cell.__class__ is timedelta or (
            isinstance(cell, time) and not isinstance(cell, datetime)
        ):
            continue
        if isinstance(cell, str):
            raw = cell.strip().lower()
            if _DURATION.match(raw) or (_DURATION_WORDS.match(raw) and not raw.isdigit()):
                continue
        return False
    return True


def duration_column(cells: list[object]) -> tuple[list[timedelta | None], dict[int, str]]:
    """Durations for a column, with BAD_DATE positions for cells that are not one."""
    return parse_each(cells, parse_duration)
