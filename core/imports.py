"""What every importer returns: records plus problems (rejected rows), and the problem codes."""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# Problem codes (Russian texts for them live in ui/texts.py IMPORT_PROBLEMS).
UNREADABLE = "unreadable"  # the file cannot be read at all
NO_HEADER = "no_header"  # no row looks like the header
MISSING_COLUMN = "missing_column"  # a required column is absent
MISSING_VALUE = "missing_value"  # a required cell is empty
BAD_DATE = "bad_date"
BAD_NUMBER = "bad_number"
BAD_RATING = "bad_rating"
BAD_INN = "bad_inn"
TIME_ORDER = "time_order"  # e.g. closed before created
DUPLICATE_IN_FILE = "duplicate_in_file"
BAD_JSON = "bad_json"
UNKNOWN_EVENT = "unknown_event"
# Whole-file problems added with the shared import framework (issue 9).
BAD_ENCODING = "bad_encoding"  # text that is not UTF-8, cp1251 or whole UTF-16
BAD_JSON_FILE = "bad_json_file"  # a JSON document that does not parse as a whole (line, column)
TOO_MANY_ROWS = "too_many_rows"  # more data rows than the setting allows
TOO_LARGE_UNPACKED = "too_large_unpacked"  # a workbook that unpacks beyond the setting (zip bomb)
NO_SHEET = "no_sheet"  # --sheet names a sheet the workbook does not have
BAD_MAPPING = "bad_mapping"  # a hand mapping names a field or a column that does not exist
NO_DATA = "no_data"  # a header and nothing under it


# How bad a problem is: the row was left out, or it was stored and flagged for a person to check
# (a tender with no winner, an INN that fails its check digits, a customer matched by name only).
REJECT = "reject"
FLAG = "flag"


@dataclass(frozen=True)
class Problem:
    """One row with a problem: 1-based row number in the file, the column, a reason code, the raw
    values, and its severity (REJECT: left out; FLAG: stored, to be checked)."""

    row: int | None
    column: str | None
    reason: str
    values: dict[str, Any] | list[Any] | str | None = None
    severity: str = REJECT

    def to_json(self) -> dict[str, Any]:
        """DESIGN §7's reject; a flagged row (stored) also says "severity": "flag"."""
        found = {"row": self.row, "column": self.column, "reason": self.reason,
                 "values": self.values}  # fmt: skip
        if self.severity != REJECT:
            found["severity"] = self.severity
        return found


@dataclass
class ImportResult(Generic[T]):
    """Records read from one file, the rows rejected, and how many data rows the file had.

    Tabular readers also say which sheet they took and why, and which column filled each field
    (field -> header text), so the CLI and the page can show it.
    """

    records: Sequence[T] = field(default_factory=list)  # a list, or a column batch
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    sheet: str = ""
    sheet_reason: str = ""  # a SHEET_* code of importers.tabular
    columns: dict[str, str] = field(default_factory=dict)

    @property
    def rejected(self) -> int:
        """Rows left out (problems of severity REJECT)."""
        return sum(1 for p in self.problems if p.severity == REJECT)

    @property
    def flagged(self) -> int:
        """Rows stored but flagged for a person to check (severity FLAG)."""
        return sum(1 for p in self.problems if p.severity == FLAG)


@dataclass(frozen=True)
class Limits:
    """What one import may cost (settings import_max_rows, import_max_unpacked_mb,
    import_rejects_kept): data rows per file, bytes a workbook unpacks to, rejects kept in full."""

    max_rows: int = 1_000_000
    max_unpacked_bytes: int = 500 * 2**20
    rejects_kept: int = 1000


def kept_rejects(problems: Sequence[Problem], keep: int) -> tuple[list[Problem], dict[str, int]]:
    """The first `keep` problems in full, and every rejected row counted by reason code (flagged
    rows are counted apart: flagged_by_reason)."""
    counts: dict[str, int] = {}
    for problem in problems:
        if problem.severity == REJECT:
            counts[problem.reason] = counts.get(problem.reason, 0) + 1
    return list(problems[: max(keep, 0)]), counts


def flagged_by_reason(problems: Sequence[Problem]) -> dict[str, int]:
    """Flagged (stored) rows counted by reason code."""
    counts: dict[str, int] = {}
    for problem in problems:
        if problem.severity == FLAG:
            counts[problem.reason] = counts.get(problem.reason, 0) + 1
    return counts


def file_hash(data: bytes) -> str:
    """The content hash that, with natural keys, makes a repeated import change nothing."""
    return hashlib.sha256(data).hexdigest()


@contextmanager
def bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file's rows are read or stored: it would rescan
    the hundreds of thousands of fresh lists and tuples over and over, none of them cyclic."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# ---- contacts masked in what the CLI prints (the stored rejects stay whole) ----------------------

_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]{1,2})[\w.+-]*(@[\w-]+(?:\.[\w-]+)+)")
# a Russian phone in its usual spellings: +7 (912) 345-67-89, 8 912 345 67 89, 89123456789
_PHONE = re.compile(r"(?<![\w+])(\+7|8)([\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*)(\d{2})(?!\d)")
_DIGIT = re.compile(r"\d")


def mask_contacts(text: str) -> str:
    """E-mail addresses and phone numbers in a text masked: «ivanov@example.ru» ->
    «iv***@example.ru», «+7 (912) 345-67-89» -> «+7 (***) ***-**-89»."""
    if "@" in text:
        text = _EMAIL.sub(lambda m: f"{m.group(1)}***{m.group(2)}", text)
    return _PHONE.sub(lambda m: m.group(1) + _DIGIT.sub("*", m.group(2)) + m.group(3), text)
