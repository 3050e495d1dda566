"""Spreadsheets and CSV into rows (DESIGN §6): format, encoding and delimiter detected, header found.

`read_table` returns every data row below the detected header (title rows, blank rows and a
numbering row 1, 2, 3… skipped) with its 1-based row number in the file as a person sees it in
Excel. `match_columns` maps header cells to fields by aliases, ignoring case, spaces and
punctuation, then by word stems for headers nobody listed. Cells stay raw (calamine values or CSV
strings); importers/values.py reads them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.imports import MISSING_COLUMN, NO_HEADER, UNREADABLE

SPREADSHEETS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
TEXT_FILES = (".csv", ".txt", ".tsv")
HEADER_SCAN_ROWS = 40
DELIMITERS = (";", ",", "\t")


class TableError(Exception):
    """A file that cannot be imported at all; `reason` is a core.imports code (unreadable, no_header,
    missing_column), `columns` names missing fields, `header` is the detected header row."""

    def __init__(
        self,
        reason: str,
        detail: str = "",
        columns: Sequence[str] = (),
        header: Sequence[str] = (),
    ) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.columns = list(columns)
        self.header = list(header)


@dataclass
class Table:
    """The data rows under the header, each with its 1-based row number in the file."""

    header: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]
    header_index: int  # 0-based position of the header among the file's rows
    encoding: str = ""  # CSV only: utf-8, utf-8-sig or cp1251
    delimiter: str = ""  # CSV only
    sheet: str = ""  # spreadsheets only
    skipped: list[int] = field(default_factory=list)  # numbering rows dropped below the header

    @property
    def header_row(self) -> int:
        """The header's 1-based row number in the file."""
        return self.header_index + 1


# ---------------------------------------------------------------- raw rows


def read_rows(data: bytes, file_name: str) -> tuple[list[list[Any]], dict[str, str]]:
    """Every row of the file (first sheet with data) as lists of cells, plus format details."""
    if _looks_like_spreadsheet(data):
        return _read_spreadsheet(data)
    if file_name.lower().endswith(SPREADSHEETS) and data.lstrip()[:1] in (b"<", b""):
        raise TableError(UNREADABLE, "not a spreadsheet")  # e.g. an HTML page saved as .xls
    # a «.xls» that is really text (some systems export CSV/TSV under that name) reads as CSV
    return _read_csv(data)


def _looks_like_spreadsheet(data: bytes) -> bool:
    # xlsx/ods are zip files; xls is an OLE2 compound document
    return data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _read_spreadsheet(data: bytes) -> tuple[list[list[Any]], dict[str, str]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if any(r.count("") < len(r) for r in rows):
                return rows, {"sheet": name}
    except Exception as exc:  # calamine raises its own error types and plain ValueError/IOError
        raise TableError(UNREADABLE, str(exc)) from exc
    return [], {"sheet": ""}


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (with or without BOM) or cp1251, whichever reads cleanly."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise TableError(UNREADABLE, "binary")
    return data.decode("cp1251", errors="replace"), "cp1251"


def sniff_delimiter(sample: str) -> str:
    """';', ',' or tab: the one that splits the first lines into the most equal, widest rows."""
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for delimiter in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        # rows as wide as the widest count most: titles above a table are narrower
        same = sum(1 for c in counts if c == widest)
        score = same * widest + sum(counts) / len(counts)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes) -> tuple[list[list[Any]], dict[str, str]]:
    text, encoding = decode_text(data)
    sample = text[:65536]
    delimiter = sniff_delimiter(sample)
    # some exporters escape quotes inside quoted fields as \" instead of ""
    escape = "\\" if '\\"' in sample else None
    try:
        rows = list(
            csv.reader(
                io.StringIO(text, newline=""),
                delimiter=delimiter,
                escapechar=escape,
            )
        )
    except csv.Error as exc:
        raise TableError(UNREADABLE, str(exc)) from exc
    return rows, {"encoding": encoding, "delimiter": delimiter}


# ---------------------------------------------------------------- header detection


def normalize(value: object) -> str:
    """A header cell for matching: lower case, ё as е, № as «номер», letters and digits only."""
    return _NOT_WORD.sub("", str(value).lower().replace("ё", "е").replace("№", "номер"))


_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _is_label(cell: Any) -> bool:
    """A cell that can be a column title: text that is not a number or a date."""
    if not isinstance(cell, str):
        return False
    stripped = cell.strip()
    if not stripped:
        return False
    return stripped in ("№", "#") or not _NUMBERISH.match(stripped)


_NUMBERISH = re.compile(r"^[\d\s\u00a0.,:/+\-–№#%]+$")


def _as_int(cell: Any) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, str):
        stripped = cell.strip().rstrip(".")
        if stripped.isdigit():
            return int(stripped)
    return None


def is_numbering_row(row: Sequence[Any]) -> bool:
    """A row that numbers the columns 1, 2, 3… (often printed under or over a report's header)."""
    numbers = []
    for cell in row:
        if cell == "" or cell is None:
            continue
        number = _as_int(cell)
        if number is None:
            return False
        numbers.append(number)
    if len(numbers) < 2:
        return False
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False)) and numbers[0] <= 2


def find_header(
    rows: Sequence[Sequence[Any]], aliases: Mapping[str, Iterable[str]] | None = None
) -> int:
    """The index of the header row among the first rows: the row that names most known columns, or
    failing that the first row of mostly text labels as wide as the table below it."""
    scan = rows[:HEADER_SCAN_ROWS]
    if not scan:
        raise TableError(NO_HEADER, "empty")
    if aliases:
        known = {normalize(a) for names in aliases.values() for a in names} | set(aliases)
        known = {normalize(k) for k in known}
        best, best_hits = -1, 0
        for index, row in enumerate(scan):
            hits = sum(1 for c in row if _is_label(c) and normalize(c) in known)
            if hits > best_hits:
                best, best_hits = index, hits
        if best_hits >= 2:
            return best
    widths = [sum(1 for c in row if c != "" and c is not None) for row in scan]
    widest = max(widths)
    if widest == 0:
        raise TableError(NO_HEADER, "empty")
    for index, row in enumerate(scan):
        labels = sum(1 for c in row if _is_label(c))
        if labels >= 2 and labels >= widths[index] * 0.6 and widths[index] >= widest * 0.5:
            return index
    if widest == 1:
        # a single-column table: its first text cell is the header
        for index, row in enumerate(scan):
            if any(_is_label(c) for c in row):
                return index
    raise TableError(NO_HEADER, "no row of column titles")


def read_table(
    data: bytes, file_name: str, aliases: Mapping[str, Iterable[str]] | None = None
) -> Table:
    """Read a .xlsx/.xls/.ods/.csv file into its header and data rows (see module docstring).

    `aliases` (field -> names) helps find the header when title rows look like labels too.
    Raises TableError(unreadable | no_header).
    """
    if not data:
        raise TableError(UNREADABLE, "empty file")
    rows, details = read_rows(data, file_name)
    header_index = find_header(rows, aliases)
    header_cells = rows[header_index]
    width = len(header_cells)
    while width and (header_cells[width - 1] == "" or header_cells[width - 1] is None):
        width -= 1
    header = [str(c).strip() if c is not None else "" for c in header_cells[:width]]
    start = header_index + 1
    # non-blank rows below the header; list.count runs in C, so this stays cheap on 100k rows
    kept = [i for i in range(start, len(rows)) if rows[i].count("") < len(rows[i])]
    skipped = []
    if kept and kept[0] < start + 3 and is_numbering_row(rows[kept[0]]):
        skipped.append(kept[0] + 1)
        kept = kept[1:]
    return Table(
        header=header,
        rows=[rows[i] for i in kept],
        row_numbers=[i + 1 for i in kept],
        header_index=header_index,
        encoding=details.get("encoding", ""),
        delimiter=details.get("delimiter", ""),
        sheet=details.get("sheet", ""),
        skipped=skipped,
    )


# ---------------------------------------------------------------- column matching


def match_columns(
    header: Sequence[Any],
    aliases: Mapping[str, Iterable[str]],
    stems: Sequence[tuple[str, str]] | None = None,
) -> dict[str, int]:
    """Map fields to column indexes: exact alias matches first (case, space and punctuation
    ignored), then `stems` — (field, regex on the normalized header) in priority order — for the
    fields still unmatched. Each column serves one field; the leftmost match wins."""
    names = [normalize(c) if c is not None else "" for c in header]
    found: dict[str, int] = {}
    used: set[int] = set()
    for field_name, field_aliases in aliases.items():
        wanted = {normalize(a) for a in (*field_aliases, field_name)}
        for index, name in enumerate(names):
            if name and index not in used and name in wanted:
                found[field_name] = index
                used.add(index)
                break
    for field_name, pattern in stems or ():
        if field_name in found:
            continue
        regex = re.compile(pattern)
        for index, name in enumerate(names):
            if name and index not in used and regex.search(name):
                found[field_name] = index
                used.add(index)
                break
    return found


def require_columns(
    found: Mapping[str, int], required: Iterable[str], header: Sequence[str]
) -> None:
    """Raise TableError(missing_column) naming every required field that has no column."""
    missing = [f for f in required if f not in found]
    if missing:
        raise TableError(MISSING_COLUMN, ", ".join(missing), columns=missing, header=header)


def resolve_mapping(header: Sequence[str], mapping: Mapping[str, int | str]) -> dict[str, int]:
    """A hand-made mapping (field -> column index or header text) as column indexes."""
    names = [normalize(h) for h in header]
    result: dict[str, int] = {}
    for field_name, column in mapping.items():
        if isinstance(column, int):
            if 0 <= column < len(header):
                result[field_name] = column
            continue
        wanted = normalize(column)
        if wanted in names:
            result[field_name] = names.index(wanted)
    return result
