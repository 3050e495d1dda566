"""What the equipment importers (products, sales, tenders, equipment) share on top of
importers/tabular.py: their Fields from an alias table, a cell by column, a rejected row's values,
months written with units («12 мес.», «1 год»)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from importers.tabular import TEXT, Field

_TOTAL = re.compile(r"^\s*(итого|всего|итог|total|grand total)\b", re.IGNORECASE)


def is_totals_row(row: Sequence[Any]) -> bool:
    """A row whose first filled text cell says «Итого»/«Всего»: a sum, not a record."""
    for cell in row:
        if isinstance(cell, str) and cell.strip():
            return bool(_TOTAL.match(cell))
        if cell not in ("", None):
            return False
    return False


def fields_of(
    aliases: Mapping[str, Iterable[str]],
    stems: Sequence[tuple[str, str]] = (),
    required: Sequence[str] = (),
    types: Mapping[str, str] | None = None,
    repeated: Mapping[str, tuple[str, str]] | None = None,
) -> tuple[Field, ...]:
    """The framework's Fields from an alias table: `stems` (field, regex) in priority order,
    `types` for the loose matches' value check, `repeated` field -> (plain name, field it
    follows) for names a header repeats («ИНН» after the customer's and the winner's name)."""
    stem_of = {name: (pattern, order) for order, (name, pattern) in enumerate(stems)}
    result = []
    for name, names in aliases.items():
        pattern, order = stem_of.get(name, ("", 0))
        bare, after = (repeated or {}).get(name, ("", ""))
        result.append(
            Field(name, tuple(names), (types or {}).get(name, TEXT), name in required,
                  stem=pattern, stem_order=order, repeated=bare, after=after)
        )  # fmt: skip
    return tuple(result)


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
