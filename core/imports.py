"""What every importer returns: records plus problems (rejected rows), and the problem codes."""

from __future__ import annotations

import gc
import hashlib
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


@dataclass(frozen=True)
class Problem:
    """One rejected row: 1-based row number in the file, the column, a reason code, the raw values."""

    row: int | None
    column: str | None
    reason: str
    values: dict[str, Any] | list[Any] | str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
            "values": self.values,
        }


@dataclass
class ImportResult(Generic[T]):
    """Records read from one file, the rows rejected, and how many data rows the file had."""

    records: Sequence[T] = field(default_factory=list)  # a list, or a column batch
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0


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
