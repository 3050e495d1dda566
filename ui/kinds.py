"""What the CLI and the import page say about import kinds (no streamlit here: commands/ uses it).

Resolves a kind's "module:NAME" references (texts dict, store function) and turns the framework's
problem codes and TableErrors into Russian sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from core.imports import mask_contacts
from importers.kinds import ImportKind, KindOption, resolve
from importers.tabular import TableError
from ui import texts
from ui.texts import imports as T

VALUE_LIMIT = 200  # characters of one value the CLI prints (DESIGN §7)


def kind_texts(kind: ImportKind) -> dict[str, Any]:
    """The kind's texts dict: title, help, cli, fields."""
    return dict(resolve(kind.texts))


def kind_title(kind: ImportKind) -> str:
    return str(kind_texts(kind).get("title", kind.code))


def field_label(kind: ImportKind, name: str) -> str:
    """A field's Russian label (its code when the kind gives none)."""
    return str(kind_texts(kind).get("fields", {}).get(name, name))


def option_label(kind: ImportKind, name: str) -> str:
    """An option's Russian label (its name when the kind gives none)."""
    return str(kind_texts(kind).get("options", {}).get(name, name))


def option_value_label(kind: ImportKind, name: str, value: Any) -> str:
    """A fixed choice's Russian label (the value itself when the kind gives none)."""
    return str(kind_texts(kind).get("option_values", {}).get(name, {}).get(value, value))


def option_choices(db: Any, option: KindOption) -> list[str]:
    """The values an option offers: its fixed list, or the list its DB function gives."""
    if option.choices_from:
        return [str(v) for v in resolve(option.choices_from)(db)]
    return list(option.choices)


def kind_store(kind: ImportKind) -> Callable[..., dict[str, Any]]:
    """The kind's db store function."""
    return resolve(kind.store)  # type: ignore[no-any-return]


def preview_result(kind: ImportKind, db: Any, result: Any) -> Any:
    """The result as the store would count it (a dry run applies the same saved state)."""
    return resolve(kind.preview)(db, result) if kind.preview else result


def problem_text(code: str) -> str:
    """The Russian name of an import problem code (the code itself when none is defined)."""
    return T.PROBLEMS.get(code) or texts.IMPORT_PROBLEMS.get(code, code)


def table_error_text(error: TableError, kind: ImportKind | None = None) -> str:
    """Why a whole file could not be used, with what a person needs to fix it: the sheet, the
    missing fields and the columns there are, the line and column of broken JSON."""
    reason = problem_text(error.reason)
    details: list[str] = []
    if error.reason == "missing_column" and error.columns:
        names = [field_label(kind, c) if kind else c for c in error.columns]
        reason = f"{reason}: {', '.join(names)}"
        if error.sheet:
            details.append(T.DETAIL_ON_SHEET.format(sheet=error.sheet))
        shown = [h for h in error.header if h]
        if shown:
            details.append(T.DETAIL_HEADER.format(columns=", ".join(shown[:30])))
    elif error.reason == "no_sheet":
        reason = f"{reason}: «{error.detail}»"
        details.append(T.DETAIL_SHEETS.format(sheets=error.sheet))
    elif error.reason == "bad_mapping":
        if error.columns and kind is not None:
            details.append(
                T.CLI_UNKNOWN_FIELDS.format(
                    fields=", ".join(error.columns), known=", ".join(kind.field_names)
                )
            )
        else:
            shown = [h for h in error.header if h]
            details.append(
                T.CLI_UNKNOWN_COLUMNS.format(columns=error.detail, known=", ".join(shown[:30]))
            )
    elif error.reason == "bad_json_file":
        place, _, _ = error.detail.partition(": ")
        line, _, column = place.partition(":")
        details.append(T.DETAIL_JSON.format(line=line, column=column))
    elif error.reason == "too_large_unpacked":
        size, _, limit = error.detail.partition(" > ")
        if size.endswith("+") and size[:-1].isdigit() and limit.isdigit():  # counted, not told
            details.append(T.DETAIL_UNPACKED_MORE.format(limit=int(limit) // 2**20))
        elif size.isdigit() and limit.isdigit():
            details.append(
                T.DETAIL_UNPACKED.format(size=int(size) // 2**20, limit=int(limit) // 2**20)
            )
    elif error.reason in ("no_header", "too_many_rows") and error.sheet:
        details.append(T.DETAIL_ON_SHEET.format(sheet=error.sheet))
    elif error.detail and error.reason in ("unreadable", "bad_encoding"):
        detail = reader_detail(error.detail)
        if detail:
            details.append(detail)
    return f"{reason} ({'; '.join(details)})" if details else reason


_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_XML_PLACE = re.compile(r"^XML (\d+):(\d+)")


def reader_detail(detail: str) -> str:
    """A reader's technical detail said in Russian: our readers' codes translated, an XML error's
    place kept, a library's own English message (calamine's, zlib's) left out rather than shown."""
    if _CYRILLIC.search(detail):
        return detail[:200]
    if detail in T.READER_DETAILS:
        return T.READER_DETAILS[detail]
    place = _XML_PLACE.match(detail)
    if place:
        return T.DETAIL_XML.format(line=place.group(1), column=place.group(2))
    return ""


def masked(value: Any) -> Any:
    """A reject's raw values with e-mail addresses and phone numbers masked, for what the CLI
    prints (a terminal, a log, a pasted chat); the stored rejects stay whole for the import page."""
    if isinstance(value, str):
        return mask_contacts(value)
    if isinstance(value, dict):
        return {str(k): masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value


def cut(value: Any, limit: int = VALUE_LIMIT) -> Any:
    """A reject's raw values with every text cut to `limit` characters (dicts and lists kept)."""
    if isinstance(value, str):
        return value if len(value) <= limit else value[:limit] + T.CLI_VALUE_CUT
    if isinstance(value, dict):
        return {str(k): cut(v, limit) for k, v in value.items()}
    if isinstance(value, list):
        return [cut(v, limit) for v in value]
    return value
