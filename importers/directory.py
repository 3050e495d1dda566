"""Read the 1C-Connect directory (lines, specialists, clients) from CSV/xlsx or JSON (issue 14).

A table has a type column (линия / специалист / клиент), the GUID and the name; a client may add
ИНН, телефон and контактное лицо. JSON is a 1C-Connect list: an array of objects (with `--kind`
given by the caller) or an object {"lines": [...], "specialists": [...], "clients": [...]}.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from core.directory import KINDS, DirectoryEntry, entry_from_json, kind_of
from core.imports import (
    BAD_INN,
    DUPLICATE_IN_FILE,
    MISSING_VALUE,
    UNREADABLE,
    ImportResult,
    Problem,
)
from importers.kinds import OPTION_CHOICE, ImportKind, KindOption, register_kind
from importers.tabular import TableError, match_columns, read_table, require_columns
from importers.values import BadValue, parse_inn, text

UNKNOWN_KIND = "unknown_kind"
ALIASES: dict[str, tuple[str, ...]] = {
    "kind": ("тип", "вид", "kind", "type", "справочник", "что"),
    "guid": ("guid", "id", "идентификатор", "uuid", "гуид", "код 1с-коннект", "ид"),
    "name": ("наименование", "имя", "название", "фио", "name", "title", "клиент", "специалист"),
    "inn": ("инн", "inn"),
    "phone": ("телефон", "phone", "тел", "телефон клиента"),
    "contact": (
        "контакт",
        "контактное лицо",
        "contact",
        "contact person",
        "контактное лицо клиента",
    ),
}
_LIST_KEYS = {"line": ("lines", "line"), "specialist": ("specialists", "specialist", "staff"),
              "client": ("clients", "client", "users", "organizations")}  # fmt: skip


def read_directory_json(data: bytes, kind: str | None = None) -> ImportResult[DirectoryEntry]:
    """Entries from JSON: an array (of `kind`) or an object of lists by kind."""
    try:
        decoded = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TableError(UNREADABLE, str(exc)) from exc
    groups: list[tuple[str, list[Any]]] = []
    if isinstance(decoded, list) and kind in KINDS:
        groups.append((kind, decoded))
    elif isinstance(decoded, Mapping):
        for each, keys in _LIST_KEYS.items():
            for key in keys:
                if isinstance(decoded.get(key), list):
                    groups.append((each, decoded[key]))
                    break
        if not groups and kind in KINDS:
            for key in ("items", "data", "result", "rows"):
                if isinstance(decoded.get(key), list):
                    groups.append((kind, decoded[key]))
                    break
    if not groups:
        raise TableError(UNREADABLE, "no lines, specialists or clients")
    entries: list[DirectoryEntry] = []
    result = ImportResult(records=entries, rows=sum(len(items) for _, items in groups))
    number = 0
    for each, items in groups:
        for raw in items:
            number += 1
            entry = entry_from_json(each, raw) if isinstance(raw, Mapping) else None
            if entry is None:
                result.problems.append(Problem(number, "id", MISSING_VALUE, raw))
            else:
                entries.append(entry)
    return result


def read_directory(
    data: bytes, file_name: str, kind: str | None = None
) -> ImportResult[DirectoryEntry]:
    """Entries from a CSV/xlsx table or JSON (by content); raises TableError for an unusable file."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"[", b"{"):
        return read_directory_json(data, kind)
    table = read_table(data, file_name, ALIASES)
    found = match_columns(table.header, ALIASES)
    require_columns(found, ("guid", "name") if kind else ("kind", "guid", "name"), table.header)
    entries: list[DirectoryEntry] = []
    result = ImportResult(records=entries, rows=len(table.rows))
    seen: set[tuple[str, str]] = set()

    def cell(row: list[Any], field: str) -> Any:
        index = found.get(field)
        return row[index] if index is not None and index < len(row) else None

    for number, row in zip(table.row_numbers, table.rows, strict=True):
        values = dict(zip(table.header, row, strict=False))
        each = kind or kind_of(cell(row, "kind"))
        if each is None:
            result.problems.append(
                Problem(number, table.header[found["kind"]], UNKNOWN_KIND, values)
            )
            continue
        guid, name = text(cell(row, "guid")), text(cell(row, "name"))
        if not guid or not name:
            column = "guid" if not guid else "name"
            result.problems.append(
                Problem(number, table.header[found[column]], MISSING_VALUE, values)
            )
            continue
        if (each, guid) in seen:
            result.problems.append(
                Problem(number, table.header[found["guid"]], DUPLICATE_IN_FILE, values)
            )
            continue
        try:
            inn = parse_inn(cell(row, "inn")) or ""
        except BadValue:
            result.problems.append(Problem(number, table.header[found["inn"]], BAD_INN, values))
            continue
        seen.add((each, guid))
        entries.append(
            DirectoryEntry(
                each, guid, name, inn, text(cell(row, "phone")), text(cell(row, "contact"))
            )
        )
    return result


register_kind(
    ImportKind(
        code="directory",
        texts="ui.texts.monitor:IMPORT_DIRECTORY",
        store="db.directory:store_directory_import",
        read_bytes=lambda data, options: read_directory(
            data, options.file_name, options.extra.get("directory_kind")
        ),
        types=("xlsx", "xls", "ods", "csv", "txt", "json"),
        order=45,
        options=(KindOption("directory_kind", OPTION_CHOICE, choices=KINDS, flag="--kind"),),
    )
)
