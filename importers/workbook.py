"""The equipment importers' way into importers/tabular.py: every sheet looked at, the one whose
header fits the kind best taken (DESIGN §6), a merged group header above the real header joined
into the column names («Контрагент» over «ИНН», «КПП» gives «Контрагент ИНН»), and totals rows
(«Итого», «Всего») left out of the data.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from core.imports import NO_HEADER, TOO_MANY_ROWS, UNREADABLE, Limits
from importers.tabular import (
    Table,
    TableError,
    _looks_like_spreadsheet,
    check_unpacked_size,
    find_header,
    is_numbering_row,
    normalize,
    read_rows,
    refuse_broken_workbook,
)

_TOTAL_STARTS = frozenset("ИиВвTtGg \u00a0\t")
_TOTAL = re.compile(r"^\s*(итого|всего|итог|total|grand total)\b", re.IGNORECASE)


def is_totals_row(row: Sequence[Any]) -> bool:
    """A row whose first filled text cell says «Итого»/«Всего»: a sum, not a record."""
    for cell in row:
        if isinstance(cell, str) and cell.strip():
            return bool(_TOTAL.match(cell))
        if cell not in ("", None):
            return False
    return False


def _sheets(
    data: bytes, limit: int
) -> list[tuple[str, list[list[Any]], list[tuple[tuple[int, int], tuple[int, int]]]]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        found = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            if not any(r.count("") < len(r) for r in rows):
                continue
            try:
                merged = list(sheet.merged_cell_ranges or [])
            except Exception:  # not every format reports merged cells
                merged = []
            found.append((name, rows, merged))
        return found
    except TableError:
        raise
    except Exception as exc:  # calamine raises its own error types
        raise refuse_broken_workbook(data, limit, exc) from exc


def _fit(rows: list[list[Any]], aliases: Mapping[str, Iterable[str]]) -> tuple[int, int]:
    """(header index, how many known column names it has) for one sheet."""
    known = {normalize(a) for names in aliases.values() for a in names} | {
        normalize(k) for k in aliases
    }
    try:
        index = find_header(rows, aliases)
    except TableError:
        return -1, 0
    hits = sum(1 for c in rows[index] if isinstance(c, str) and normalize(c) in known)
    return index, hits


def group_header(
    rows: Sequence[Sequence[Any]],
    header_index: int,
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
) -> list[str]:
    """The group label over each header column ('' for none): the row above the header when it
    is sparse (fewer labels than the header), each label covering its merged range, or when the
    file says nothing of merges, the columns up to the next label."""
    if header_index == 0:
        return []
    above = rows[header_index - 1]
    header = rows[header_index]
    width = len(header)
    labels = [str(c).strip() if isinstance(c, str) else "" for c in above] + [""] * width
    labels = labels[:width]
    filled = sum(1 for c in labels if c)
    header_filled = sum(1 for c in header if c not in ("", None))
    if filled == 0 or filled >= header_filled:
        return []
    groups = [""] * width
    spans = [(c1, c2) for (r1, c1), (r2, c2) in merged if r1 <= header_index - 1 <= r2]
    if spans:
        for start, end in spans:
            label = labels[start] if start < width else ""
            for col in range(start, min(end, width - 1) + 1):
                groups[col] = label
        return groups
    current = ""
    for col in range(width):
        if labels[col]:
            current = labels[col]
        elif header[col] in ("", None):
            current = ""
        groups[col] = current
    return groups


_GENERIC = frozenset(
    {
        "наименование",
        "инн",
        "кпп",
        "номер",
        "дата",
        "код",
        "сумма",
        "цена",
        "количество",
        "адрес",
        "телефон",
        "name",
        "inn",
        "kpp",
        "date",
        "number",
    }
)


def _is_sub_header(top: Sequence[Any], sub: Sequence[Any], known: set[str]) -> bool:
    """True when the row under the header is a second header row: only labels, at least two,
    some of them known or generic names («Наименование», «ИНН»), and it leaves gaps under the top
    row's labels (cells merged down) or fills gaps of it (a group over several columns)."""
    labels = [c for c in sub if c not in ("", None)]
    if len(labels) < 2 or not all(_label(c) for c in labels):
        return False
    if not any(normalize(c) in known or normalize(c) in _GENERIC for c in labels):
        return False
    width = max(len(top), len(sub))
    top_cells = [*top, *([""] * (width - len(top)))]
    sub_cells = [*sub, *([""] * (width - len(sub)))]
    under_gap = any(
        t in ("", None) and s not in ("", None) for t, s in zip(top_cells, sub_cells, strict=True)
    )
    gap_under = any(
        t not in ("", None) and s in ("", None) for t, s in zip(top_cells, sub_cells, strict=True)
    )
    return under_gap or gap_under


def _label(cell: Any) -> bool:
    from importers.tabular import _is_label

    return _is_label(cell)


def _two_row_header(
    rows: list[list[Any]],
    index: int,
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]],
    known: set[str],
) -> tuple[list[list[Any]], int, list[str]] | None:
    """A header spread over two rows (a group label merged across, plain names merged down):
    the rows with one combined header row in place of both, its index, and the group labels."""
    if index + 1 >= len(rows) or not _is_sub_header(rows[index], rows[index + 1], known):
        return None
    top, sub = rows[index], rows[index + 1]
    width = max(len(top), len(sub))
    top = [*top, *([""] * (width - len(top)))]
    sub = [*sub, *([""] * (width - len(sub)))]
    groups = [""] * width
    spans = [(c1, c2) for (r1, c1), (r2, c2) in merged if r1 <= index <= r2 and c2 > c1]
    if spans:
        for start, end in spans:
            for col in range(start, min(end, width - 1) + 1):
                groups[col] = str(top[start] or "").strip()
    else:
        current = ""
        for col in range(width):
            if top[col] not in ("", None):
                current = str(top[col]).strip()
            elif sub[col] in ("", None):
                current = ""
            groups[col] = current
    header: list[Any] = []
    for col in range(width):
        if sub[col] not in ("", None):
            header.append(sub[col])
        else:
            header.append(top[col])
            groups[col] = ""
    combined = [*rows[:index], header, *rows[index + 2 :]]
    return combined, index, groups


def read_best_table(
    data: bytes,
    file_name: str,
    aliases: Mapping[str, Iterable[str]],
    sheet: str | int | None = None,
    limits: Limits | None = None,
) -> tuple[Table, list[str], int]:
    """(table, group labels per column, totals rows dropped): the best-fitting sheet of a
    workbook (or `sheet` by name), or the CSV, with a two-row header joined into one and totals
    rows taken out of the data rows."""
    if not data:
        raise TableError(UNREADABLE, "empty file")
    limits = limits or Limits()
    check_unpacked_size(data, limits.max_unpacked_bytes)
    known = {normalize(a) for names in aliases.values() for a in names} | {
        normalize(k) for k in aliases
    }
    details: dict[str, str] = {}
    if not _looks_like_spreadsheet(data):
        rows_all, details = read_rows(data, file_name)
        name, merged = "", []
        index = find_header(rows_all, aliases)
    else:
        sheets = _sheets(data, limits.max_unpacked_bytes)
        if not sheets:
            raise TableError(NO_HEADER, "empty")
        if isinstance(sheet, int) and 1 <= sheet <= len(sheets):
            sheets = [sheets[sheet - 1]]
        elif sheet:
            sheets = [s for s in sheets if s[0] == str(sheet)] or sheets
        scored = [(_fit(rows, aliases), name, rows, merged) for name, rows, merged in sheets]
        (index, _hits), name, rows_all, merged = max(scored, key=lambda s: s[0][1])
        if index < 0:
            index = find_header(rows_all, aliases)
    two = _two_row_header(rows_all, index, merged, known)
    if two is not None:
        rows_all, index, groups = two
    else:
        groups = group_header(rows_all, index, merged)
    table = _table_from_rows(rows_all, index, name)
    table.encoding = details.get("encoding", "")
    table.delimiter = details.get("delimiter", "")
    kept_rows, kept_numbers, totals = [], [], 0
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        first = row[0] if row else ""
        if first.__class__ is str and first[:1] not in _TOTAL_STARTS and first.strip():
            kept_rows.append(row)  # a filled first cell that cannot begin «Итого»/«Всего»
            kept_numbers.append(number)
            continue
        if is_totals_row(row):
            totals += 1
            continue
        kept_rows.append(row)
        kept_numbers.append(number)
    table.rows, table.row_numbers = kept_rows, kept_numbers
    if len(table.rows) > limits.max_rows:
        raise TableError(TOO_MANY_ROWS, str(len(table.rows)), sheet=table.sheet)
    return table, groups, totals


def _table_from_rows(rows: list[list[Any]], header_index: int, sheet: str) -> Table:
    header_cells = rows[header_index]
    width = len(header_cells)
    while width and header_cells[width - 1] in ("", None):
        width -= 1
    header = [str(c).strip() if c is not None else "" for c in header_cells[:width]]
    start = header_index + 1
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
        sheet=sheet,
        skipped=skipped,
    )


def grouped_header(header: Sequence[str], groups: Sequence[str]) -> list[str]:
    """Header names with their group label in front («Контрагент ИНН»); plain without a group."""
    return [
        f"{groups[i]} {name}".strip() if i < len(groups) and groups[i] else name
        for i, name in enumerate(header)
    ]


def match_fields(
    header: Sequence[str],
    groups: Sequence[str],
    aliases: Mapping[str, Iterable[str]],
    stems: Sequence[tuple[str, str]] = (),
) -> dict[str, int]:
    """Fields -> columns: grouped names first («Покупатель ИНН» is the client's INN), then the
    plain names for fields still missing, then stems; each column serves one field."""
    from importers.tabular import match_columns

    full = grouped_header(header, groups)
    found = match_columns(full, aliases) if groups else {}
    taken = set(found.values())
    plain = [h if i not in taken else "" for i, h in enumerate(header)]
    rest = {f: a for f, a in aliases.items() if f not in found}
    more = match_columns(plain, rest, [s for s in stems if s[0] not in found])
    found.update(more)
    return found


def cell(row: Sequence[Any], index: int | None) -> Any:
    """One cell of a row ('' for no column or past a short row's end)."""
    if index is None or index >= len(row):
        return ""
    return row[index]


def raw_values(header: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    """A rejected row's cells by column name, for the rejects list."""
    values = {}
    for index, name in enumerate(header):
        if index < len(row):
            value = row[index]
            text = value if isinstance(value, str | int | float) else str(value)
            if isinstance(text, str) and len(text) > 200:
                text = text[:200]
            values[name or f"#{index + 1}"] = text
    return values


def assign_repeated(
    header: Sequence[str], columns: dict[str, int], name: str, pairs: Sequence[tuple[str, str]]
) -> None:
    """Plain columns with one name («ИНН», «КПП») and no group header to tell them apart: each
    belongs to the nearest anchor column on its left (the customer's name, the winner's name);
    a field a specific name («ИНН победителя») already matched keeps its column."""
    positions = [i for i, h in enumerate(header) if normalize(h) == name]
    if not positions:
        return
    fixed = {
        field for _, field in pairs
        if field in columns and normalize(header[columns[field]]) != name
    }  # fmt: skip
    for _, field in pairs:
        if field not in fixed:
            columns.pop(field, None)
    anchors = sorted((columns[a], f) for a, f in pairs if a in columns and f not in fixed)
    taken = set(columns.values())
    for position in positions:
        if position in taken:
            continue
        left = [f for index, f in anchors if index < position]
        field = left[-1] if left else (anchors[0][1] if anchors else None)
        if field is not None and field not in columns:
            columns[field] = position
            taken.add(position)


def apply_hand_mapping(
    columns: dict[str, int],
    header: Sequence[str],
    mapping: Mapping[str, int | str | None] | None,
) -> dict[str, int]:
    """Detected columns with a person's mapping on top: a mapped field takes its column (no
    other field keeps it), a field mapped to None is left out."""
    if not mapping:
        return columns
    from importers.tabular import resolve_mapping

    chosen = resolve_mapping(list(header), {f: c for f, c in mapping.items() if c is not None})
    taken = set(chosen.values())
    kept = {f: c for f, c in columns.items()
            if mapping.get(f, "") is not None and f not in chosen and c not in taken}  # fmt: skip
    return {**kept, **chosen}


_MONTHS = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(мес|m|г|год|лет|year|y)?", re.IGNORECASE)


def parse_months(value: Any) -> int | None:
    """A number of months: 12, '12', '12 мес.', '1 год', '2 года', '3 лет'; None when missing.
    Raises BadValue(bad_number) for anything else."""
    from importers.values import BadValue, is_missing

    if is_missing(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(round(value))
    match = _MONTHS.match(str(value))
    if not match:
        from core.imports import BAD_NUMBER

        raise BadValue(BAD_NUMBER, value)
    number = float(match.group(1).replace(",", "."))
    unit = (match.group(2) or "").lower()
    return int(round(number * 12 if unit.startswith(("г", "л", "y")) else number))
