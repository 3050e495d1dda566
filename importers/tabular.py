"""Spreadsheets and CSV into rows (DESIGN §6): format, encoding and delimiter detected, header found.

`read_table` looks at every sheet of a workbook and takes the one whose header fits the kind best
(or the one named by `sheet`), then returns every data row below the detected header with its
1-based row number in the file as a person sees it in Excel: title rows, blank rows, a numbering
row 1, 2, 3…, totals («Итого», «Всего») and footers are skipped; a header cell merged over several
columns names the one with data; group rows (one text spanning the table) become a column
«Группа» of the rows under them. A header over two rows (a group label merged across the names
under it, «Покупатель» over «ИНН», «КПП») becomes one row of qualified names («Покупатель ИНН»,
`Table.plain` keeps «ИНН»); names the header still repeats are told apart by `column_keys`
(«ИНН», «ИНН (2)»), which mappings may name. Limits (rows, unpacked size of a workbook, read
from the zip directory before anything is parsed) come from core.imports.Limits.

`detect_fields` maps fields to columns: exact aliases (case, spaces and punctuation ignored), then
stems — taken only when the column's values parse as the field's type; `apply_mapping` lays a
hand mapping over that. Cells stay raw (calamine values or CSV strings); importers/values.py
reads them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.imports import (
    BAD_ENCODING,
    BAD_MAPPING,
    MISSING_COLUMN,
    NO_HEADER,
    NO_SHEET,
    TOO_LARGE_UNPACKED,
    TOO_MANY_ROWS,
    UNREADABLE,
    Limits,
)

SPREADSHEETS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
TEXT_FILES = (".csv", ".txt", ".tsv")
HEADER_SCAN_ROWS = 40
DELIMITERS = (";", ",", "\t")


class TableError(Exception):
    """A file that cannot be imported at all; `reason` is a core.imports code (unreadable,
    bad_encoding, bad_json_file, no_header, missing_column, too_many_rows, too_large_unpacked,
    no_sheet, bad_mapping), `columns` names missing fields, `header` is the detected header row,
    `sheet` the sheet it is about (for no_sheet: the sheets there are)."""

    def __init__(
        self,
        reason: str,
        detail: str = "",
        columns: Sequence[str] = (),
        header: Sequence[str] = (),
        sheet: str = "",
    ) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.columns = list(columns)
        self.header = list(header)
        self.sheet = sheet


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
    sheet_reason: str = ""  # a SHEET_* code: why this sheet was read
    sheets: list[str] = field(default_factory=list)  # every sheet with data (workbooks)
    totals: list[int] = field(default_factory=list)  # row numbers of «Итого» rows, not data
    groups: list[int] = field(default_factory=list)  # row numbers of group rows
    group_column: int | None = None  # index of «Группа» in the header, when there were groups
    # names without the group label over them (a two-level header: «ИНН» under «Покупатель»);
    # [] when the header has one level
    plain: list[str] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        """Each column's stable name: see column_keys."""
        return column_keys(self.header)

    @property
    def header_row(self) -> int:
        """The header's 1-based row number in the file."""
        return self.header_index + 1


# ---------------------------------------------------------------- raw rows


def read_rows(
    data: bytes, file_name: str, sheet: str | int | None = None, limits: Limits | None = None
) -> tuple[list[list[Any]], dict[str, str]]:
    """Every row of the file (the named sheet, or the first with data) as lists of cells, plus
    format details. Kept for callers that want raw rows; read_table chooses sheets by fit."""
    source = open_source(data, file_name, limits or Limits())
    if not source.sheets:
        return source.rows, {"encoding": source.encoding, "delimiter": source.delimiter}
    chosen = source.pick(sheet) if sheet is not None else source.first_with_data()
    if chosen is None:
        return [], {"sheet": ""}
    return source.load(chosen), {"sheet": chosen.name}


def _looks_like_spreadsheet(data: bytes) -> bool:
    # xlsx/ods are zip files; xls is an OLE2 compound document
    return data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_unpacked_size(data: bytes, limit: int) -> int:
    """The bytes a zip-based workbook unpacks to, from its zip directory alone (nothing is
    inflated); TableError(too_large_unpacked) above `limit`, so a zip bomb costs milliseconds.

    A directory that understates the sizes does not get past the limit either: calamine's zip
    reader refuses a member as soon as it inflates past its directory size (an error, after at
    most the directory's total), and `refuse_broken_workbook` then counts what the members really
    inflate to, to say «too large» rather than «unreadable». Counting every workbook up front
    would inflate it twice: +0.07 s on a 100k-row XLSX (58 MB of sheet XML), 2.5 % of its import.
    """
    if data[:4] != b"PK\x03\x04":
        return 0
    members = _zip_members(data)
    total = sum(info.file_size for info in members)
    if total > limit:
        raise TableError(TOO_LARGE_UNPACKED, f"{total} > {limit}")
    return total


def _zip_members(data: bytes) -> list[zipfile.ZipInfo]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableError(UNREADABLE, str(exc)) from exc


def refuse_broken_workbook(data: bytes, limit: int, exc: Exception, sheet: str = "") -> TableError:
    """The error for a workbook calamine could not read: too_large_unpacked when its members
    really inflate past `limit` (a zip whose directory lies), else unreadable with calamine's
    reason. Raise what it returns (`raise refuse_broken_workbook(...) from exc`)."""
    if data[:4] == b"PK\x03\x04":
        try:
            count_inflated(data, _zip_members(data), limit)
        except TableError as refused:
            if refused.reason == TOO_LARGE_UNPACKED:
                refused.sheet = sheet
                return refused
    return TableError(UNREADABLE, str(exc), sheet=sheet)


INFLATE_CHUNK = 2**20  # bytes of output per step of the counting inflate


def count_inflated(data: bytes, members: Sequence[zipfile.ZipInfo], limit: int) -> int:
    """The bytes the members really inflate to (deflated or stored; other methods by their
    directory size); TableError(too_large_unpacked, "N+ > limit") once the count passes `limit`."""
    view = memoryview(data)
    total = 0
    for info in members:
        start = info.header_offset
        if bytes(view[start : start + 4]) != b"PK\x03\x04":
            raise TableError(UNREADABLE, f"bad local header: {info.filename}")
        name_length = int.from_bytes(view[start + 26 : start + 28], "little")
        extra_length = int.from_bytes(view[start + 28 : start + 30], "little")
        begin = start + 30 + name_length + extra_length
        packed = view[begin : begin + info.compress_size]
        if info.compress_type != zipfile.ZIP_DEFLATED:
            total += max(info.file_size, len(packed) if info.compress_type == 0 else 0)
        else:
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            pending: bytes | memoryview = packed
            while not inflater.eof:
                try:
                    produced = len(inflater.decompress(pending, INFLATE_CHUNK))
                except zlib.error as exc:
                    raise TableError(UNREADABLE, f"{info.filename}: {exc}") from exc
                pending = inflater.unconsumed_tail
                total += produced
                if total > limit:
                    break
                if not produced and not pending:
                    break  # a cut stream: calamine reports the broken file
        if total > limit:
            raise TableError(TOO_LARGE_UNPACKED, f"{total}+ > {limit}")
    return total


@dataclass
class Sheet:
    """One sheet of a workbook: its name, position, calamine handle and first rows (for fitting)."""

    name: str
    index: int
    handle: Any
    head: list[list[Any]]
    height: int

    @property
    def has_data(self) -> bool:
        return any(r.count("") < len(r) for r in self.head)


@dataclass
class Source:
    """A file opened for reading: a workbook's sheets, or a text file's rows."""

    sheets: list[Sheet] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    limits: Limits = field(default_factory=Limits)
    data: bytes = b""  # a workbook's bytes, to tell a zip bomb from a broken file

    def first_with_data(self) -> Sheet | None:
        return next((s for s in self.sheets if s.has_data), None)

    def pick(self, wanted: str | int) -> Sheet:
        """The sheet named by the person: its name (any case) or its 1-based number."""
        text_wanted = str(wanted).strip()
        for sheet in self.sheets:
            if sheet.name.strip().lower() == text_wanted.lower():
                return sheet
        if text_wanted.isdigit() and 1 <= int(text_wanted) <= len(self.sheets):
            return self.sheets[int(text_wanted) - 1]
        names = ", ".join(s.name for s in self.sheets)
        raise TableError(NO_SHEET, text_wanted, header=[s.name for s in self.sheets], sheet=names)

    def load(self, sheet: Sheet) -> list[list[Any]]:
        """Every row of a sheet; TableError(too_many_rows) before converting a sheet too tall."""
        if sheet.height > self.limits.max_rows + HEADER_SCAN_ROWS:
            raise TableError(TOO_MANY_ROWS, str(sheet.height), sheet=sheet.name)
        try:
            return sheet.handle.to_python(skip_empty_area=False)
        except Exception as exc:  # calamine's own error types
            limit = self.limits.max_unpacked_bytes
            raise refuse_broken_workbook(self.data, limit, exc, sheet.name) from exc

    def merged(self, sheet: Sheet) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        try:
            return list(sheet.handle.merged_cell_ranges or [])
        except Exception:  # .xls and .ods may not report merges
            return []


def open_source(data: bytes, file_name: str, limits: Limits) -> Source:
    """Open a workbook (each sheet's first rows read) or decode and split a text file."""
    if not data:
        raise TableError(UNREADABLE, "empty file")
    if _looks_like_spreadsheet(data):
        check_unpacked_size(data, limits.max_unpacked_bytes)
        sheets = _open_workbook(data, limits.max_unpacked_bytes)
        return Source(sheets=sheets, limits=limits, data=data)
    if file_name.lower().endswith(SPREADSHEETS) and data.lstrip()[:1] in (b"<", b""):
        raise TableError(UNREADABLE, "not a spreadsheet")  # e.g. an HTML page saved as .xls
    # a «.xls» that is really text (some systems export CSV/TSV under that name) reads as CSV
    rows, details = _read_csv(data)
    if len(rows) > limits.max_rows + HEADER_SCAN_ROWS:
        raise TableError(TOO_MANY_ROWS, str(len(rows)))
    return Source(rows=rows, limits=limits, **details)


def _open_workbook(data: bytes, limit: int) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    sheets = []
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for index, name in enumerate(book.sheet_names):
            handle = book.get_sheet_by_name(name)
            head = handle.to_python(skip_empty_area=False, nrows=HEADER_SCAN_ROWS)
            sheets.append(Sheet(name, index, handle, head, handle.height))
    except TableError:
        raise
    except Exception as exc:  # calamine raises its own error types and plain ValueError/IOError
        raise refuse_broken_workbook(data, limit, exc) from exc
    return sheets


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (with or without BOM), UTF-16 (BOM or zero bytes) or cp1251;
    TableError(bad_encoding) for UTF-16 cut mid-character or other binary bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    utf16 = _utf16_kind(data)
    if utf16:
        try:
            return data.decode(utf16), "utf-16"
        except UnicodeDecodeError as exc:
            raise TableError(BAD_ENCODING, f"utf-16: {exc.reason} @ {exc.start}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise TableError(BAD_ENCODING, "binary")
    return data.decode("cp1251", errors="replace"), "cp1251"


def _utf16_kind(data: bytes) -> str:
    """'utf-16' for a BOM, 'utf-16-le'/'-be' for BOM-less text whose every other byte is zero."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4:
        odd, even = sample[1::2], sample[0::2]
        if odd.count(0) > len(odd) * 0.6 and even.count(0) < len(even) * 0.1:
            return "utf-16-le"
        if even.count(0) > len(even) * 0.6 and odd.count(0) < len(odd) * 0.1:
            return "utf-16-be"
    return ""


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


SHEET_CHOSEN = "chosen"  # named by the person (--sheet, the page's sheet picker)
SHEET_ONLY = "only"  # the only sheet with data
SHEET_BEST_FIT = "best_fit"  # the sheet whose header names most of the kind's fields
SHEET_FIRST = "first"  # nothing to fit against (or nothing fits): the first sheet with data
GROUP_COLUMN = "Группа"  # the column made of group rows (an organisation spanning the table)
_TOTAL_WORDS = ("итого", "всего", "итог", "total")
_SAMPLE_ROWS = 200


def sheet_fit(rows: Sequence[Sequence[Any]], aliases: Mapping[str, Iterable[str]]) -> int:
    """How many of the fields a sheet's best header row names exactly (its first rows suffice)."""
    known = {f: {normalize(a) for a in (*names, f)} for f, names in aliases.items()}
    best = 0
    for row in rows[:HEADER_SCAN_ROWS]:
        names = {normalize(c) for c in row if _is_label(c)}
        best = max(best, sum(1 for wanted in known.values() if names & wanted))
    return best


def choose_sheet(
    source: Source, aliases: Mapping[str, Iterable[str]] | None, wanted: str | int | None
) -> tuple[Sheet, str]:
    """The sheet to read and why (a SHEET_* code): the named one, the only one with data, or the
    one whose header fits the kind best (the first of equals)."""
    if wanted is not None and str(wanted).strip():
        return source.pick(wanted), SHEET_CHOSEN
    candidates = [s for s in source.sheets if s.has_data]
    if not candidates:
        raise TableError(NO_HEADER, "empty", sheet=source.sheets[0].name if source.sheets else "")
    if len(candidates) == 1:
        return candidates[0], SHEET_ONLY
    if aliases:
        scores = [sheet_fit(s.head, aliases) for s in candidates]
        best = max(scores)
        if best > 0:
            return candidates[scores.index(best)], SHEET_BEST_FIT
    return candidates[0], SHEET_FIRST


def read_table(
    data: bytes,
    file_name: str,
    aliases: Mapping[str, Iterable[str]] | None = None,
    sheet: str | int | None = None,
    limits: Limits | None = None,
) -> Table:
    """Read a .xlsx/.xls/.ods/.csv file into its header and data rows (see module docstring).

    `aliases` (field -> names) finds the header when title rows look like labels too and picks,
    in a workbook, the sheet that fits best; `sheet` (name or 1-based number) overrides that.
    Raises TableError(unreadable | bad_encoding | no_header | no_sheet | too_many_rows |
    too_large_unpacked).
    """
    source = open_source(data, file_name, limits or Limits())
    if not source.sheets:
        table = table_from_rows(source.rows, aliases)
        table.encoding, table.delimiter = source.encoding, source.delimiter
    else:
        chosen, reason = choose_sheet(source, aliases, sheet)
        try:
            table = table_from_rows(source.load(chosen), aliases, source.merged(chosen))
        except TableError as exc:
            exc.sheet = exc.sheet or chosen.name
            raise
        table.sheet, table.sheet_reason = chosen.name, reason
        table.sheets = [s.name for s in source.sheets if s.has_data]
    if len(table.rows) > source.limits.max_rows:
        raise TableError(TOO_MANY_ROWS, str(len(table.rows)), sheet=table.sheet)
    return table


def table_from_rows(
    rows: list[list[Any]],
    aliases: Mapping[str, Iterable[str]] | None = None,
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
) -> Table:
    """Header and data rows of one sheet's rows: the header found, a merged header cell moved onto
    the column that has the data, numbering, blank, totals and footer rows dropped, and group rows
    turned into the «Группа» column."""
    header_index = find_header(rows, aliases)
    levels = header_levels(rows, header_index, merged, aliases)
    plain: list[str] = []
    if levels is None:
        header_cells = rows[header_index]
    else:
        header_cells, plain, below = levels
        if below:  # the second header row is no data row: blank it in a shallow copy
            rows = [*rows[: header_index + 1], [], *rows[header_index + 2 :]]
    width = len(header_cells)
    while width and (header_cells[width - 1] == "" or header_cells[width - 1] is None):
        width -= 1
    header = [str(c).strip() if c is not None else "" for c in header_cells[:width]]
    plain = plain[:width]
    start = header_index + 1
    # filled cells of each row below the header; list.count runs in C, cheap on 100k rows
    filled = [len(r) - r.count("") for r in rows[start:]]
    kept = [i for i, n in enumerate(filled, start) if n]
    skipped = []
    if kept and kept[0] < start + 3 and is_numbering_row(rows[kept[0]]):
        skipped.append(kept[0] + 1)
        kept = kept[1:]
    kept, totals = _drop_totals(rows, kept)
    header = _spread_header(header, rows, kept, header_index, merged)
    singles = [i for i in kept if filled[i - start] == 1]
    groups, footers = _group_rows(rows, kept, singles, len(header), merged)
    table_rows = [rows[i] for i in kept]
    numbers = [i + 1 for i in kept]
    group_column = None
    if groups:
        group_column = len(header)
        header = [*header, GROUP_COLUMN]
        table_rows, numbers = [], []
        current = ""
        for i in kept:
            if i in groups:
                current = groups[i]
                continue
            if i in footers:
                continue
            row = rows[i]
            pad = group_column - len(row)
            table_rows.append([*row[:group_column], *([""] * pad), current])
            numbers.append(i + 1)
    elif footers:
        table_rows = [rows[i] for i in kept if i not in footers]
        numbers = [i + 1 for i in kept if i not in footers]
    return Table(
        header=header,
        rows=table_rows,
        row_numbers=numbers,
        header_index=header_index,
        skipped=skipped,
        totals=[i + 1 for i in totals],
        groups=sorted(i + 1 for i in groups),
        group_column=group_column,
        plain=[*plain, GROUP_COLUMN] if plain and group_column is not None else plain,
    )


# ---------------------------------------------------------------- two-level headers

# Plain names that head a column under a group label (ИНН/КПП under «Покупатель»): a row of them
# under the header is its second level, not data.
_SUB_NAMES = frozenset(
    normalize(n)
    for n in ("Наименование", "Название", "ИНН", "КПП", "Номер", "Дата", "Код", "Сумма", "Цена",
              "Количество", "Адрес", "Телефон", "name", "inn", "kpp", "date", "number")
)  # fmt: skip
Merged = Sequence[tuple[tuple[int, int], tuple[int, int]]]


def _blank(cell: Any) -> bool:
    return cell == "" or cell is None


def _cell_text(cell: Any) -> str:
    return str(cell).strip() if not _blank(cell) else ""


def _padded(row: Sequence[Any], width: int) -> list[Any]:
    return [*row[:width], *([""] * (width - len(row)))]


def _is_second_level(top: Sequence[Any], sub: Sequence[Any], known: set[str]) -> bool:
    """The row under a header is its second level when it holds only labels (two or more), one of
    them a known or a plain sub-name («ИНН»), and fills cells the header leaves blank (the group
    label merged across stands over them)."""
    labels = [c for c in sub if not _blank(c)]
    if len(labels) < 2 or not all(_is_label(c) for c in labels):
        return False
    if not any(normalize(c) in known or normalize(c) in _SUB_NAMES for c in labels):
        return False
    width = max(len(top), len(sub))
    pairs = zip(_padded(top, width), _padded(sub, width), strict=True)
    return any(_blank(t) and not _blank(s) for t, s in pairs)


def _group_labels(
    labels: list[str], under: list[bool], row: int, merged: Merged, infer: bool
) -> list[str]:
    """The group label over each column: a label merged across (several columns) covers them;
    with `infer` and no merge, a label covers its column and the blank-topped columns right of it
    while the row below names them (`under`)."""
    width = len(labels)
    groups = [""] * width
    spans = [(c1, c2) for (r1, c1), (r2, c2) in merged if r1 <= row <= r2 and c2 > c1]
    for left, right in spans:
        label = labels[left] if left < width else ""
        for column in range(left, min(right, width - 1) + 1):
            groups[column] = label
    if spans or not infer:
        return groups
    current = ""
    for column in range(width):
        if not under[column]:
            current = ""
        elif labels[column]:
            current = labels[column]
        groups[column] = current
    return groups


def header_levels(
    rows: Sequence[Sequence[Any]],
    index: int,
    merged: Merged = (),
    aliases: Mapping[str, Iterable[str]] | None = None,
) -> tuple[list[str], list[str], bool] | None:
    """A header over two rows — a group label («Покупатель») merged across the names under it
    («Наименование», «ИНН», «КПП»), single-level names merged down — as one row of names, each
    qualified by its group («Покупатель ИНН»): (names, plain names, whether the second level is
    the row below `index`). The row above the header counts as the group level when its labels are
    merged across some columns (or, in a text file, to tell apart names the header repeats).
    None for a one-level header."""
    known = {normalize(a) for names in (aliases or {}).values() for a in names}
    known |= {normalize(k) for k in aliases or {}}
    if index + 1 < len(rows) and _is_second_level(rows[index], rows[index + 1], known):
        width = max(len(rows[index]), len(rows[index + 1]))
        top, sub = _padded(rows[index], width), _padded(rows[index + 1], width)
        labels = [_cell_text(c) if _is_label(c) else "" for c in top]
        under = [not _blank(c) for c in sub]
        groups = _group_labels(labels, under, index, merged, infer=True)
        plain = [
            _cell_text(s) if not _blank(s) else _cell_text(t) for t, s in zip(top, sub, strict=True)
        ]
        names = [
            f"{groups[c]} {plain[c]}" if under[c] and groups[c] and groups[c] != plain[c]
            else plain[c]
            for c in range(width)
        ]  # fmt: skip
        return names, plain, True
    if index == 0:
        return None
    header = [_cell_text(c) for c in rows[index]]
    width = len(header)
    above = _padded(rows[index - 1], width)
    # a parameter row («Период: …», «Отбор: …») right above the header is no group
    labels = [_cell_text(c) if _is_label(c) and ":" not in str(c) else "" for c in above]
    filled = sum(1 for c in labels if c)
    if filled == 0 or filled >= sum(1 for h in header if h) / 2:
        return None
    under = [bool(h) for h in header]
    groups = _group_labels(labels, under, index - 1, merged, infer=False)
    if any(groups) and sum(1 for g in groups if g) >= width * 0.8:
        groups = [""] * width  # a title merged over the whole table is no group
    if not any(groups) and filled >= 2:
        # a text file says nothing of merges: a group label covers only names that repeat
        counts: dict[str, int] = {}
        for h in header:
            counts[normalize(h)] = counts.get(normalize(h), 0) + 1
        inferred = _group_labels(labels, under, index - 1, (), infer=True)
        groups = [
            g if h and counts[normalize(h)] > 1 else ""
            for g, h in zip(inferred, header, strict=True)
        ]
    if not any(groups):
        return None
    names = [f"{g} {h}" if g and h and g != h else h for g, h in zip(groups, header, strict=True)]
    return names, header, False


def column_keys(header: Sequence[str]) -> list[str]:
    """A name for each column that tells repeated ones apart: the header text, «ИНН (2)» for the
    second column of that name, «#3» for a blank one. What a saved or hand mapping names."""
    seen: dict[str, int] = {}
    keys = []
    for index, name in enumerate(header):
        if not name:
            keys.append(f"#{index + 1}")
            continue
        key = normalize(name)
        seen[key] = seen.get(key, 0) + 1
        keys.append(name if seen[key] == 1 else f"{name} ({seen[key]})")
    return keys


def _has_data(rows: list[list[Any]], sample: Sequence[int], column: int) -> bool:
    return any(column < len(rows[i]) and rows[i][column] not in ("", None) for i in sample)


def _spread_header(
    header: list[str],
    rows: list[list[Any]],
    kept: Sequence[int],
    header_index: int,
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]],
) -> list[str]:
    """A header cell spanning several columns (merged, or text over blank header cells) names the
    column under it that has data: «Номер» merged over A:B with the numbers in B names B."""
    spans = []
    for (top, left), (bottom, right) in merged:
        if top <= header_index <= bottom and right > left:
            spans.append((left, right))
    covered = {c for left, right in spans for c in range(left, right + 1)}
    for index, name in enumerate(header):  # text files: text over blank header cells
        if name and index not in covered:
            right = index
            while right + 1 < len(header) and not header[right + 1]:
                right += 1
            if right > index:
                spans.append((index, right))
    if not spans:
        return header
    sample = [i for i in kept[:_SAMPLE_ROWS] if rows[i].count("") < len(rows[i]) - 1]
    header = list(header)
    for left, right in spans:
        if left >= len(header) or not header[left] or _has_data(rows, sample, left):
            continue
        target = next((c for c in range(left + 1, right + 1) if _has_data(rows, sample, c)), None)
        if target is None:
            continue
        if target >= len(header):
            header += [""] * (target + 1 - len(header))
        if not header[target]:
            header[target], header[left] = header[left], ""
    return header


def _is_total_cell(cell: Any) -> bool:
    return cell.__class__ is str and cell.strip().lower().startswith(_TOTAL_WORDS)


# the first two letters of _TOTAL_WORDS in any case, and leading spaces: a cheap test that keeps
# ids like «И-000123» (every row of some registers) away from the full one
_TOTAL_START = frozenset(
    a + b for w in _TOTAL_WORDS for a in (w[0], w[0].upper()) for b in (w[1], w[1].upper())
)
_SPACES = frozenset(" \t\n\r\u00a0")


def _drop_totals(rows: list[list[Any]], kept: list[int]) -> tuple[list[int], list[int]]:
    """Rows whose first filled cell begins with «Итого», «Всего» or «Total» are sums, not data. A first-two-letters test in one comprehension keeps this cheap on 100k rows."""
    start, spaces = _TOTAL_START, _SPACES
    candidates = [
        i
        for i in kept
        if (c := rows[i][0]) == "" or (c.__class__ is str and (c[:2] in start or c[:1] in spaces))
    ]
    totals = []
    for i in candidates:
        row = rows[i]
        cell = row[0]
        if cell == "":  # the first filled cell, wherever it is
            cell = next((c for c in row if c != ""), "")
        if _is_total_cell(cell):
            totals.append(i)
    if not totals:
        return kept, []
    dropped = set(totals)
    return [i for i in kept if i not in dropped], totals


def _group_rows(
    rows: list[list[Any]],
    kept: list[int],
    singles: list[int],
    width: int,
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]],
) -> tuple[dict[int, str], set[int]]:
    """Group rows (one text spanning the table, or alone in the first columns, between data rows)
    -> their text; and footers (lone texts after the last data row). `singles`: the rows with one
    filled cell."""
    if width < 3:
        return {}, set()
    spanning = {top for (top, left), (bottom, right) in merged if right - left >= 1}
    if not singles:
        return {}, set()
    candidates: dict[int, str] = {}
    for i in singles:
        row = rows[i]
        column, cell = next((c, v) for c, v in enumerate(row) if v != "")
        if cell is None or not _is_label(cell):
            continue
        if column <= 1 or i in spanning:
            candidates[i] = str(cell).strip()
    if not candidates:
        return {}, set()
    data_rows = [i for i in kept if i not in candidates]
    if not data_rows:
        return {}, set()
    last = data_rows[-1]
    footers = {i for i in candidates if i > last}
    groups = {i: text for i, text in candidates.items() if i < last}
    if groups and not any(i > min(groups) for i in data_rows):
        return {}, footers
    return groups, footers


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
    keys = [normalize(k) for k in column_keys(header)]
    result: dict[str, int] = {}
    for field_name, column in mapping.items():
        if isinstance(column, int):
            if 0 <= column < len(header):
                result[field_name] = column
            continue
        wanted = normalize(column)
        if wanted in names:
            result[field_name] = names.index(wanted)
        elif wanted in keys:  # «ИНН (2)»: the second column named «ИНН»
            result[field_name] = keys.index(wanted)
        elif column.strip().startswith("#") and column.strip()[1:].isdigit():
            index = int(column.strip()[1:]) - 1  # «#3»: the third column, for blank headers
            if 0 <= index < len(header):
                result[field_name] = index
    return result


# ---------------------------------------------------------------- fields, detection, hand mapping

# Field types a loose match is checked against (importers.values parsers).
TEXT, ID, MOMENT, DATE, DURATION, NUMBER, INT, RATING, INN = (
    "text", "id", "moment", "date", "duration", "number", "int", "rating", "inn",
)  # fmt: skip
FIT_SHARE = 0.6  # a loose match needs this share of the sampled filled cells to parse
HOW_ALIAS, HOW_LOOSE, HOW_HAND, HOW_GROUP, HOW_SAVED = "alias", "loose", "hand", "group", "saved"


@dataclass(frozen=True)
class Field:
    """One field a kind reads from a table: its aliases (exact header names, any case and
    punctuation), its type (for loose matches), whether the import needs it, a stem regex on the
    normalized header for loose matching, and whether group rows may fill it."""

    name: str
    aliases: tuple[str, ...] = ()
    type: str = TEXT
    required: bool = False
    stem: str = ""
    from_groups: bool = False
    stem_order: int = 0  # loose matches are tried by this order (lower first), then by position
    # a name the header repeats with no group over it («ИНН» twice): its column goes to this field
    # when the column of `after` (the customer's name, the winner's name) is the nearest on its left
    repeated: str = ""
    after: str = ""


@dataclass
class Detection:
    """Which column fills each field (index into the header) and how it was found (HOW_*), plus
    the loose candidates turned down because their values did not fit (field -> column)."""

    columns: dict[str, int]
    how: dict[str, str]
    declined: dict[str, int] = field(default_factory=dict)

    def names(self, header: Sequence[str]) -> dict[str, str]:
        """field -> its column's name (column_keys: a repeated name numbered)."""
        keys = column_keys(header)
        return {f: keys[i] for f, i in self.columns.items() if i < len(header)}


def _fits(value: Any, kind: str) -> bool:
    from importers import values as v

    try:
        if kind == ID:
            text = v.parse_id(value)
            return bool(text) and len(text) <= 64 and "\n" not in text
        if kind == MOMENT:
            if v.looks_like_durations([value]):
                return True
            return v.parse_datetime(value) is not None
        if kind == DATE:
            return v.parse_datetime(value) is not None
        if kind == DURATION:
            return v.parse_duration(value) is not None
        if kind == NUMBER:
            return v.parse_number(value) is not None
        if kind == INT:
            return v.parse_int(value) is not None
        if kind == RATING:
            return v.parse_rating(value) is not None
        if kind == INN:
            return v.parse_inn(value) is not None
    except (v.BadValue, ValueError, TypeError, OverflowError):
        return False
    return True


def values_fit(cells: Sequence[Any], kind: str, share: float = FIT_SHARE) -> bool:
    """True when most of the column's filled cells (sampled) parse as `kind`; an empty column
    does not fit anything but text."""
    if kind == TEXT:
        return True
    from importers.values import is_missing

    sample = [c for c in cells[: _SAMPLE_ROWS * 5] if not is_missing(c)][:_SAMPLE_ROWS]
    if not sample:
        return False
    good = sum(1 for c in sample if _fits(c, kind))
    return good >= share * len(sample)


def column_cells(table: Table, index: int) -> list[Any]:
    """One column's cells ('' past a short row's end)."""
    return [r[index] if index < len(r) else "" for r in table.rows]


def detect_fields(table: Table, fields: Sequence[Field]) -> Detection:
    """Exact alias matches first; then stems, taken only when the column's values fit the
    field's type (a free-text «Решение» is not a close time); then the «Группа» column for a
    field group rows may fill."""
    aliases = {f.name: f.aliases for f in fields}
    columns = match_columns(table.header, aliases)
    how = dict.fromkeys(columns, HOW_ALIAS)
    declined: dict[str, int] = {}
    used = set(columns.values())
    names = [normalize(c) if c is not None else "" for c in table.header]
    plain = [normalize(c) for c in table.plain] if table.plain else names
    if table.plain:  # a name under a group label («ИНН» under «Покупатель») matches plain too
        counts = {n: plain.count(n) for n in plain}
        alone = [n if counts[n] == 1 and i not in used else "" for i, n in enumerate(plain)]
        rest = {f: a for f, a in aliases.items() if f not in columns}
        for name, index in match_columns(alone, rest).items():
            columns[name], how[name] = index, HOW_ALIAS
            used.add(index)
    _assign_repeated(fields, plain, columns, how, used)
    ranked = sorted((f for f in fields if f.stem), key=lambda f: (f.stem_order, fields.index(f)))
    for spec in ranked:
        if spec.name in columns:
            continue
        regex = re.compile(spec.stem)
        for index, name in enumerate(names):
            if not name or index in used or index == table.group_column:
                continue
            if not regex.search(name):
                continue
            if values_fit(column_cells(table, index), spec.type):
                columns[spec.name], how[spec.name] = index, HOW_LOOSE
                used.add(index)
                break
            declined.setdefault(spec.name, index)
    if table.group_column is not None and table.group_column not in used:
        for spec in fields:
            if spec.from_groups and spec.name not in columns:
                columns[spec.name], how[spec.name] = table.group_column, HOW_GROUP
                break
    return Detection(columns, how, declined)


def _assign_repeated(
    fields: Sequence[Field],
    plain: Sequence[str],
    columns: dict[str, int],
    how: dict[str, str],
    used: set[int],
) -> None:
    """Columns of a name the header repeats with no group over them («Заказчик», «ИНН», «КПП»,
    «Поставщик», «ИНН», «КПП»): each belongs to the field whose `after` column is the nearest on
    its left; a field an alias already placed keeps its column."""
    for bare in {normalize(f.repeated) for f in fields if f.repeated}:
        specs = [f for f in fields if f.repeated and normalize(f.repeated) == bare]
        anchors = sorted((columns[f.after], f.name) for f in specs if f.after in columns)
        if not anchors:
            continue
        for index, name in enumerate(plain):
            if name != bare or index in used:
                continue
            left = [field_name for at, field_name in anchors if at < index]
            if left and left[-1] not in columns:
                columns[left[-1]], how[left[-1]] = index, HOW_ALIAS
                used.add(index)


def apply_mapping(
    detection: Detection,
    header: Sequence[str],
    mapping: Mapping[str, int | str | None] | None,
    fields: Sequence[str] | None = None,
    how: str = HOW_HAND,
) -> Detection:
    """The detection overridden by a hand mapping (field -> column index, header text or None to
    leave the field out): a mapped field takes its column and no other field keeps that column.
    TableError(bad_mapping) names a field or a column that does not exist."""
    if not mapping:
        return detection
    if fields is not None:
        unknown = [f for f in mapping if f not in fields]
        if unknown:
            raise TableError(BAD_MAPPING, ", ".join(unknown), columns=unknown, header=header)
    chosen = resolve_mapping(header, {f: c for f, c in mapping.items() if c is not None})
    missing = [str(c) for f, c in mapping.items() if c is not None and f not in chosen]
    if missing:
        raise TableError(BAD_MAPPING, ", ".join(missing), header=header)
    dropped = {f for f, c in mapping.items() if c is None}
    taken = set(chosen.values())
    columns = {
        f: c
        for f, c in detection.columns.items()
        if f not in dropped and f not in chosen and c not in taken
    }
    result_how = {f: detection.how[f] for f in columns}
    columns.update(chosen)
    result_how.update(dict.fromkeys(chosen, how))
    return Detection(columns, result_how, detection.declined)


def header_signature(header: Sequence[str]) -> str:
    """A short fingerprint of a header (normalized names in order): a saved mapping is offered
    again for the next file with the same header."""
    joined = "\x1f".join(normalize(h) for h in header)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]
