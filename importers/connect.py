"""1C-Connect readers: open requests (SOAP ValueTable or REST JSON) and webhook events (JSON lines).

`read_connect_open` detects the format by content:
- SOAP PartnerWebAPI2 GetOpenedServiceTreatments: a 1C ValueTable with columns
  ServiceTreatmentID, ClientID, ServiceUserID, ServiceID, Initialized, SpecAppointed,
  QueueWaitingTime, CurrentSpecialist, ReactionStarted, QueueLength; times naive (local zone);
  1C's empty date 0001-01-01T00:00:00 and the empty GUID mean "not yet".
- REST GET /v1/line/treatment/: a JSON array of {treatment_id, user_id, line_id, initialized_at,
  current_specialist}; times ISO with Z.
`read_connect_events` reads webhook events (one JSON object a line, a JSON array, or one object);
the event shape it assumes is documented in core/connect.py.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from core.connect import SOURCE, ConnectEvent, EventError, event_from_raw, kept_unreadable
from core.imports import (
    BAD_DATE,
    BAD_ENCODING,
    BAD_JSON,
    BAD_JSON_FILE,
    DUPLICATE_IN_FILE,
    MISSING_VALUE,
    UNKNOWN_EVENT,
    UNREADABLE,
    ImportResult,
    Problem,
)
from core.requests import RequestRecord
from core.timeutil import DEFAULT_TZ
from importers.kinds import ImportKind, register_kind
from importers.tabular import TableError
from importers.values import BadValue, parse_datetime, to_aware

_EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"

# open-request fields: record field -> names used by SOAP (ValueTable) and REST (JSON)
OPEN_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("ServiceTreatmentID", "treatment_id", "id"),
    "created": ("Initialized", "initialized_at", "created_at"),
    "assigned": ("SpecAppointed", "spec_appointed_at", "assigned_at", "appointed_at"),
    "first_reply": ("ReactionStarted", "reaction_started_at", "first_reply_at"),
    "line": ("ServiceID", "line_id"),
    "client": ("ClientID", "user_id", "client_id"),
    "specialist": ("CurrentSpecialist", "current_specialist", "specialist_id"),
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _clean_id(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text == _EMPTY_GUID else text


def _value_table(data: bytes) -> list[dict[str, Any]]:
    """The rows of the first 1C ValueTable in a SOAP response, as column-name -> text dicts."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise TableError(UNREADABLE, str(exc)) from exc
    for prop in root.iter():
        if _local(prop.tag) == "Property" and prop.get("name") == "ResultCode":
            code = "".join(prop.itertext()).strip()
            if code and code.upper() != "SUCCESS":
                raise TableError(UNREADABLE, code)
    table = next(
        (e for e in root.iter() if any(_local(c.tag) == "column" for c in e)),
        None,
    )
    if table is None:
        raise TableError(UNREADABLE, "no ValueTable")
    names = []
    for column in (c for c in table if _local(c.tag) == "column"):
        name = next((n.text or "" for n in column if _local(n.tag) == "Name"), "")
        names.append(name.strip())
    rows = []
    for row in (r for r in table if _local(r.tag) == "row"):
        values = [
            None if v.get(_XSI_NIL) == "true" else (v.text or "").strip()
            for v in row
            if _local(v.tag) == "Value"
        ]
        rows.append(dict(zip(names, values, strict=False)))
    return rows


MAX_JSON_DEPTH = 32  # an event is a few levels deep; thousands would exhaust the recursion limit
_JSON_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKETS = re.compile(r"[\[\]{}]")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"number out of range: {text[:20]}")
    return number


def _bounded_int(text: str) -> int:
    if len(text) > 40:
        raise ValueError(f"number too long: {text[:20]}…")
    return int(text)


def strict_loads(text: str) -> Any:
    """json.loads for text from outside: NaN, Infinity, 1e400, 5000-digit numbers, nesting deeper
    than MAX_JSON_DEPTH and unpaired surrogates ("\\ud800") are refused with JSONDecodeError, the
    one exception callers handle, instead of crashing later (RecursionError, OverflowError,
    UnicodeEncodeError when stored)."""
    depth = 0
    for match in _JSON_BRACKETS.finditer(_JSON_STRINGS.sub('""', text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            raise json.JSONDecodeError("nesting too deep", text, 0)
    try:
        value = json.loads(
            text, parse_constant=_refuse_constant, parse_float=_finite_float, parse_int=_bounded_int
        )
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError) as exc:  # UnicodeEncodeError is a ValueError
        raise json.JSONDecodeError(str(exc)[:200], text, 0) from None
    return value


def json_error(exc: json.JSONDecodeError) -> TableError:
    """A JSON document that does not parse as a whole: one error with its line and column."""
    return TableError(BAD_JSON_FILE, f"{exc.lineno}:{exc.colno}: {exc.msg}")


def _json_rows(data: bytes) -> list[dict[str, Any]]:
    try:
        decoded = strict_loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise TableError(BAD_ENCODING, str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise json_error(exc) from exc
    if isinstance(decoded, Mapping):
        for key in ("items", "data", "result", "treatments", "rows"):
            if isinstance(decoded.get(key), list):
                decoded = decoded[key]
                break
        else:
            decoded = [decoded]
    if not isinstance(decoded, list):
        raise TableError(UNREADABLE, "not a list of treatments")
    return [row if isinstance(row, dict) else {"_raw": row} for row in decoded]


def _pick(row: Mapping[str, Any], names: Iterable[str]) -> tuple[str, Any]:
    for name in names:
        if name in row:
            return name, row[name]
    return next(iter(names)), None


def read_connect_open(data: bytes, tz: str = DEFAULT_TZ) -> ImportResult[RequestRecord]:
    """Open requests from a SOAP GetOpenedServiceTreatments response or the REST treatment list.

    Raises TableError(unreadable) for a file that is neither.
    """
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        rows = _value_table(data)
    elif head in (b"[", b"{"):
        rows = _json_rows(data)
    else:
        raise TableError(UNREADABLE, "neither XML nor JSON")
    records: list[RequestRecord] = []
    result = ImportResult(records=records, rows=len(rows))
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        id_column, raw_id = _pick(row, OPEN_FIELDS["id"])
        request_id = _clean_id(raw_id)
        if not request_id:
            result.problems.append(Problem(number, id_column, MISSING_VALUE, dict(row)))
            continue
        if request_id in seen:
            result.problems.append(Problem(number, id_column, DUPLICATE_IN_FILE, dict(row)))
            continue
        times: dict[str, Any] = {}
        problem = None
        for field in ("created", "assigned", "first_reply"):
            column, raw = _pick(row, OPEN_FIELDS[field])
            try:
                times[field] = to_aware(parse_datetime(raw), tz)
            except BadValue:
                problem = Problem(number, column, BAD_DATE, dict(row))
                break
        if problem is None and times["created"] is None:
            problem = Problem(
                number, _pick(row, OPEN_FIELDS["created"])[0], MISSING_VALUE, dict(row)
            )
        if problem is not None:
            result.problems.append(problem)
            continue
        seen.add(request_id)
        records.append(
            RequestRecord(
                id=request_id,
                source=SOURCE,
                created_at=times["created"],
                line=_clean_id(_pick(row, OPEN_FIELDS["line"])[1]),
                client=_clean_id(_pick(row, OPEN_FIELDS["client"])[1]),
                specialist=_clean_id(_pick(row, OPEN_FIELDS["specialist"])[1]),
                assigned_at=times["assigned"],
                first_reply_at=times["first_reply"],
                status="open",
            )
        )
    return result


def _event_objects(data: bytes) -> tuple[list[tuple[int, Any]], list[Problem]]:
    """(line or item number, decoded object) pairs and the lines that are not JSON."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(BAD_ENCODING, str(exc)) from exc
    stripped = text.strip()
    if not stripped:
        return [], []
    if stripped[0] in "[{":
        try:
            whole = strict_loads(stripped)
        except json.JSONDecodeError as exc:
            # an array is one document: broken anywhere, it is broken once (line and column);
            # objects one a line (JSON lines) are read line by line below
            if stripped[0] == "[" or not _first_line_parses(stripped):
                raise json_error(exc) from exc
            whole = None
        else:
            if isinstance(whole, list):
                return list(enumerate(whole, start=1)), []
            if isinstance(whole, Mapping):
                for key in ("events", "items", "data", "messages"):
                    inner = whole.get(key)
                    if isinstance(inner, list) and "message_type" not in whole:
                        return list(enumerate(inner, start=1)), []
                return [(1, whole)], []
    objects: list[tuple[int, Any]] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip().rstrip(",")
        if not line or line in ("[", "]"):
            continue
        try:
            objects.append((number, strict_loads(line)))
        except json.JSONDecodeError:
            problems.append(Problem(number, None, BAD_JSON, line[:1000]))
    return objects, problems


def _first_line_parses(text: str) -> bool:
    """True when the text's first line is a JSON document of its own (JSON lines)."""
    try:
        strict_loads(text.split("\n", 1)[0])
    except json.JSONDecodeError:
        return False
    return True


def read_connect_events(
    data: bytes, tz: str = DEFAULT_TZ, received: datetime | None = None
) -> ImportResult[ConnectEvent]:
    """Webhook events from JSON lines, a JSON array or one JSON object.

    Events of an unknown type are kept (the rebuild ignores them); so is an event object whose
    type is missing or malformed (`message_type: true`), as core.connect.kept_unreadable, stamped
    `received` when its own time is unreadable. Malformed lines and events without a treatment id,
    a readable time or a valid rating are problems. Raises TableError for bytes that are not
    UTF-8 text or JSON that cannot be read safely (importers.connect.strict_loads).
    """
    received = received or datetime.now(UTC)
    objects, problems = _event_objects(data)
    events: list[ConnectEvent] = []
    result = ImportResult(records=events, rows=len(objects) + len(problems))
    result.problems.extend(problems)
    for number, raw in objects:
        try:
            events.append(event_from_raw(raw, tz))
        except EventError as exc:
            if exc.code == UNKNOWN_EVENT and isinstance(raw, Mapping):
                events.append(kept_unreadable(raw, received, tz))
            else:
                result.problems.append(Problem(number, exc.field, exc.code, raw))
    result.problems.sort(key=lambda p: p.row or 0)
    return result


register_kind(
    ImportKind(
        code="connect-events",
        texts="ui.texts.imports:KIND_CONNECT_EVENTS",
        store="db.imports:store_request_import",
        read_bytes=lambda data, options: read_connect_events(data, options.tz),
        types=("json", "jsonl", "ndjson", "txt"),
        order=30,
    )
)
register_kind(
    ImportKind(
        code="connect-open",
        texts="ui.texts.imports:KIND_CONNECT_OPEN",
        store="db.imports:store_request_import",
        read_bytes=lambda data, options: read_connect_open(data, options.tz),
        types=("xml", "json", "txt"),
        order=20,
    )
)
