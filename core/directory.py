"""The 1C-Connect directory: GUID -> name of lines, specialists and clients (issue 14, item 2).

1C-Connect's lists (REST) and a partner's own CSV/xlsx both give rows of the same shape; names
from the lists replace the GUIDs that events and open-request answers carry. The JSON reader is
tolerant: an object's id is `id`, `<kind>_id`, `user_id`, `client_id` or `guid`; its name
`name`, `title`, `full_name`, `fio` or surname + name + patronymic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

KINDS = ("line", "specialist", "client")
_EMPTY_GUID = "00000000-0000-0000-0000-000000000000"

KIND_WORDS: dict[str, str] = {
    "line": "line", "lines": "line", "линия": "line", "линии": "line", "линия поддержки": "line",
    "specialist": "specialist", "specialists": "specialist", "специалист": "specialist",
    "специалисты": "specialist", "сотрудник": "specialist",
    "client": "client", "clients": "client", "клиент": "client", "клиенты": "client",
    "user": "client", "users": "client", "пользователь": "client", "организация": "client",
}  # fmt: skip
_ID_KEYS = ("id", "guid", "uuid")
_NAME_KEYS = ("name", "title", "full_name", "fullname", "fio", "display_name", "description")
_INN_KEYS = ("inn", "tin", "client_inn", "company_inn")
_PHONE_KEYS = ("phone", "phone_number", "tel", "mobile", "telephone")
_CONTACT_KEYS = ("contact", "contact_person", "contact_name", "person")


@dataclass(frozen=True)
class DirectoryEntry:
    """One line, specialist or client with its readable name and, for a client, INN and contact."""

    kind: str
    guid: str
    name: str
    inn: str = ""
    phone: str = ""
    contact: str = ""


def kind_of(word: object) -> str | None:
    """'line' / 'specialist' / 'client' from a type cell in Russian or English, else None."""
    return KIND_WORDS.get(str(word or "").strip().lower())


def _text(raw: Mapping[str, Any], keys: Iterable[str]) -> str:
    for key in keys:
        value = raw.get(key)
        if value is not None and not isinstance(value, Mapping | list) and str(value).strip():
            return str(value).strip()
    return ""


def _person_name(raw: Mapping[str, Any]) -> str:
    parts = [_text(raw, (k,)) for k in ("surname", "last_name", "name", "first_name",
                                        "patronymic", "middle_name")]  # fmt: skip
    if _text(raw, ("surname", "last_name")):
        return " ".join(p for p in dict.fromkeys(parts) if p)
    return ""


def entry_from_json(kind: str, raw: Mapping[str, Any]) -> DirectoryEntry | None:
    """A directory entry from one object of a 1C-Connect list (None without an id or a name)."""
    guid = _text(raw, (f"{kind}_id", *_ID_KEYS, "user_id", "client_id"))
    if not guid or guid == _EMPTY_GUID:
        return None
    name = _person_name(raw) or _text(raw, _NAME_KEYS)
    if not name:
        return None
    return DirectoryEntry(
        kind=kind,
        guid=guid,
        name=name,
        inn=_text(raw, _INN_KEYS),
        phone=_text(raw, _PHONE_KEYS),
        contact=_text(raw, _CONTACT_KEYS),
    )


def display_name(names: Mapping[str, str], value: str) -> str:
    """The directory's name for a GUID, the value itself when the directory does not know it."""
    return names.get(value, value) if value else value


NAMED_FIELDS = {"line": "line", "specialist": "specialist", "client": "client"}


def named_row(row: Mapping[str, Any], names: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """The row with its line, specialist and client GUIDs replaced by their names (the GUIDs kept
    as line_id, specialist_id, client_id)."""
    result = dict(row)
    for field, kind in NAMED_FIELDS.items():
        value = result.get(field)
        if isinstance(value, str) and value:
            result.setdefault(f"{field}_id", value)
            result[field] = names.get(kind, {}).get(value, value)
    return result


def named_counts(counts: Mapping[str, int], names: Mapping[str, str]) -> dict[str, int]:
    """Counts keyed by GUID re-keyed by name (two GUIDs of one name add up)."""
    result: dict[str, int] = {}
    for key, n in counts.items():
        name = names.get(key, key) if key else key
        result[name] = result.get(name, 0) + n
    return result
