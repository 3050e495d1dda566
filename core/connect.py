"""1C-Connect webhook events and the request they add up to (DESIGN §5.2, seed 004).

Event shape. 1C-Connect's own example bots (github.com/1C-Connect/1cconnect-example-bot,
1cconnect-text-bot) receive pushes of this form:
    {"line_id": uuid, "user_id": uuid, "message_id": uuid, "message_type": int,
     "author_id": uuid | null, "message_time": ISO 8601, "text": str, "data": {...}}
with message_type 1 text, 70 file, 80 treatment started by the user, 81 started by a specialist,
82 closed by the specialist, 83 no free specialists (queued), 89 rerouted to another line,
90–93 closed automatically; a message whose author_id differs from user_id is not the user's.
Those pushes carry no treatment id, while a request needs one, so this reader assumes the
partner-side hook also sends it and looks for it tolerantly: `treatment_id`, or nested
`treatment.treatment_id` / `treatment.id`, or `data.treatment_id`. Equally tolerant: the time
(`message_time`, `time`, `created_at`, `timestamp`, epoch seconds or ms), the line (`line_id`,
`treatment.line_id`), the user (`user_id`, `client_id`), the specialist of type 84 "passed to a
specialist" (`specialist_id`, `treatment.specialist_id`, `treatment.current_specialist`, else the
author), the target line of type 89 (`to_line_id`, `data.to_line_id`, `data.redirect`,
`treatment.line_id`, else `line_id`) and the rating of type 17 (`treatment.quality`, `quality`,
`rating`). Times are ISO with up to nanoseconds and Z; a naive time is a local time of the zone.

A repeated event has the same key (its message id, or a hash of the raw event), so storing it
twice changes nothing; `rebuild_request` sorts and dedupes, so the order of arrival does not matter.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.imports import BAD_DATE, BAD_RATING, MISSING_VALUE, UNKNOWN_EVENT
from core.requests import RequestRecord
from core.timeutil import DEFAULT_TZ

SOURCE = "connect"

TEXT = 1
FILE = 70
RATING = 17
STARTED_BY_CLIENT = 80
STARTED_BY_SPECIALIST = 81
CLOSED_BY_SPECIALIST = 82
QUEUED = 83
PASSED_TO_SPECIALIST = 84
MOVED_TO_LINE = 89
CLOSED_AUTOMATICALLY = frozenset({90, 91, 92, 93})
CALL_STARTED = frozenset({20, 21})
CALL_ENDED = frozenset({22})
CALL_FAILED = frozenset(range(23, 39))
REMOTE_STARTED = frozenset({50, 51})
REMOTE_ENDED = frozenset({52, 53})
REMOTE_FAILED = frozenset(range(54, 63))
CALLS = frozenset({*CALL_STARTED, *CALL_ENDED, *CALL_FAILED})
REMOTE = frozenset({*REMOTE_STARTED, *REMOTE_ENDED, *REMOTE_FAILED})
SESSION_TYPES = frozenset({*CALLS, *REMOTE})  # may come without a treatment
OTHER_TREATMENT = frozenset({85, 86, 87, 88, 200})  # known, no time of their own in the metrics

STARTS = frozenset({STARTED_BY_CLIENT, STARTED_BY_SPECIALIST, QUEUED})
CLOSES = frozenset({CLOSED_BY_SPECIALIST, *CLOSED_AUTOMATICALLY})
REPLIES = frozenset({TEXT, FILE})
KNOWN_TYPES = frozenset(
    {*STARTS, *CLOSES, *REPLIES, RATING, PASSED_TO_SPECIALIST, MOVED_TO_LINE, *SESSION_TYPES,
     *OTHER_TREATMENT}
)  # fmt: skip
REQUEST_TYPES = frozenset(
    {*STARTS, *CLOSES, *REPLIES, RATING, PASSED_TO_SPECIALIST, MOVED_TO_LINE, *OTHER_TREATMENT}
)  # the events that tell a request exists (a session alone does not)

_EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
UNREADABLE_TYPE = -1  # kept in connect_events for the record; no request is built from it
EARLIEST_EVENT = datetime(2000, 1, 1, tzinfo=UTC)  # event times outside these are typos or junk
LATEST_EVENT = datetime(2100, 1, 1, tzinfo=UTC)
MAX_SECONDS = 10 * 366 * 86400  # a duration longer than ten years is not a duration

_TREATMENT = ("treatment_id", "treatment.treatment_id", "treatment.id", "data.treatment_id",
              "treatmentId", "ServiceTreatmentID")  # fmt: skip
_TIME = ("message_time", "time", "created_at", "timestamp", "date", "event_time", "messageTime",
         "data.message_time")  # fmt: skip
_LINE = ("line_id", "treatment.line_id", "data.line_id", "line", "lineId", "ServiceID")
_CLIENT = ("user_id", "treatment.user_id", "client_id", "data.user_id", "userId", "ClientID")
_AUTHOR = ("author_id", "author.id", "author", "authorId")
_SPECIALIST = ("specialist_id", "treatment.specialist_id", "treatment.current_specialist",
               "current_specialist", "data.specialist_id", "specialist.id", "specialist",
               "spec_id")  # fmt: skip
_TARGET_LINE = ("to_line_id", "target_line_id", "new_line_id", "data.to_line_id",
                "data.line_id", "data.redirect", "treatment.line_id", "line_id")  # fmt: skip
_RATING = ("treatment.quality", "quality", "rating", "data.quality", "data.rating",
           "treatment.rating")  # fmt: skip
_COMMENT = ("treatment.quality_comment", "treatment.comment", "quality_comment", "comment",
            "data.comment")  # fmt: skip
_MESSAGE_ID = ("message_id", "id", "messageId")
_INITIALIZED = ("treatment.initialized_at", "initialized_at", "data.initialized_at",
                "treatment.Initialized")  # fmt: skip
_DURATION = ("treatment.treatment_duration", "treatment_duration", "data.treatment_duration")
_CURRENT = ("treatment.current_specialist", "current_specialist", "data.current_specialist")
_SESSION_DURATION = ("rda.duration", "call.duration", "data.duration", "duration",
                     "data.rda.duration")  # fmt: skip
_FROM_SPECIALIST = ("from_specialist", "is_specialist", "author_is_specialist")


class EventError(ValueError):
    """A webhook event that cannot be used; `code` is a core.imports problem code."""

    def __init__(self, code: str, field: str | None = None) -> None:
        super().__init__(f"{code}: {field}" if field else code)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class ConnectEvent:
    """One webhook event, reduced to what the request rebuild needs, with its raw payload."""

    key: str
    treatment_id: str
    message_type: int
    at: datetime  # aware UTC
    line: str = ""
    client: str = ""
    author: str = ""
    specialist: str = ""
    target_line: str = ""
    rating: int | None = None
    rating_comment: str | None = None
    from_specialist: bool | None = None
    payload: str = ""  # the raw event as canonical JSON (what connect_events stores)
    initialized_at: datetime | None = None  # treatment.initialized_at: the request's true start
    treatment_seconds: float | None = None  # treatment.treatment_duration
    current_specialist: str = ""  # treatment.current_specialist
    session_seconds: float | None = None  # rda.duration of a remote session (or a call's)

    @property
    def known(self) -> bool:
        """False for types the rebuild ignores (kept all the same)."""
        return self.message_type in KNOWN_TYPES


def _get(raw: Mapping[str, Any], path: str) -> Any:
    node: Any = raw
    for part in path.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def _first_text(raw: Mapping[str, Any], paths: Iterable[str]) -> str:
    for path in paths:
        value = _get(raw, path)
        if isinstance(value, Mapping) or isinstance(value, list) or value is None:
            continue
        text = str(value).strip()
        if text and text != _EMPTY_GUID:
            return text
    return ""


def _first_value(raw: Mapping[str, Any], paths: Iterable[str]) -> Any:
    for path in paths:
        value = _get(raw, path)
        if value is not None and value != "":
            return value
    return None


def canonical_json(raw: Any) -> str:
    """The raw event as stable JSON text: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(raw, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def event_key(raw: Mapping[str, Any], message_type: int) -> str:
    """A stable key: the message id with its type when the event has one, else a content hash."""
    message_id = _first_text(raw, _MESSAGE_ID)
    if message_id:
        return f"m:{message_id}:{message_type}"
    return "h:" + hashlib.sha256(canonical_json(raw).encode("utf-8")).hexdigest()[:40]


def parse_event_time(value: Any, tz: str = DEFAULT_TZ) -> datetime:
    """ISO 8601 text (T or space, Z or offset, up to nanoseconds) or epoch seconds/ms, to aware
    UTC, between EARLIEST_EVENT and LATEST_EVENT; raises EventError(bad_date) for anything else."""
    if isinstance(value, bool) or value is None or value == "":
        raise EventError(BAD_DATE, "message_time")
    if isinstance(value, int | float):
        if not math.isfinite(value) or abs(value) > 1e15:
            raise EventError(BAD_DATE, "message_time")
        seconds = value / 1000 if value > 1e11 else value
        try:
            moment = datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            raise EventError(BAD_DATE, "message_time") from None
    else:
        text = str(value).strip()[:64]
        if text.endswith(("z", "Z")):
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise EventError(BAD_DATE, "message_time") from None
        if not EARLIEST_EVENT.year <= moment.year < LATEST_EVENT.year:
            raise EventError(BAD_DATE, "message_time")  # before converting: 9999 would overflow
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(tz))
        moment = moment.astimezone(UTC)
    if not EARLIEST_EVENT <= moment < LATEST_EVENT:
        raise EventError(BAD_DATE, "message_time")
    return moment


def _message_type(value: Any) -> int:
    """The event type as a whole number; `true`, 1.5, "abc", NaN and lists are not types."""
    if isinstance(value, bool) or value is None:
        raise EventError(UNKNOWN_EVENT, "message_type")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    digits = value.strip().lstrip("-") if isinstance(value, str) else ""
    if digits.isascii() and digits.isdigit():
        value = int(value.strip()) if len(value.strip()) <= 9 else None
    if not isinstance(value, int) or abs(value) > 10**6:
        raise EventError(UNKNOWN_EVENT, "message_type")
    return value


def _rating(raw: Mapping[str, Any]) -> int | None:
    value = _first_value(raw, _RATING)
    if value is None:
        raise EventError(BAD_RATING, "quality")
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        raise EventError(BAD_RATING, "quality") from None
    if not number.is_integer() or not 1 <= number <= 5:
        raise EventError(BAD_RATING, "quality")
    return int(number)


def _seconds(raw: Mapping[str, Any], paths: Iterable[str]) -> float | None:
    value = _first_value(raw, paths)
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).replace(",", ".").strip())
    except ValueError:
        return None
    return number if 0 <= number <= MAX_SECONDS else None


def _optional_time(raw: Mapping[str, Any], paths: Iterable[str], tz: str) -> datetime | None:
    value = _first_value(raw, paths)
    if value is None:
        return None
    try:
        return parse_event_time(value, tz)
    except EventError:
        return None


def event_from_raw(raw: Any, tz: str = DEFAULT_TZ) -> ConnectEvent:
    """Read one decoded webhook event (see the module docstring); raises EventError."""
    if not isinstance(raw, Mapping):
        raise EventError(UNKNOWN_EVENT, "message_type")
    kind = _first_value(raw, ("message_type", "type", "messageType", "data.message_type"))
    message_type = _message_type(kind)
    treatment_id = _first_text(raw, _TREATMENT)
    if not treatment_id and message_type not in SESSION_TYPES:
        raise EventError(MISSING_VALUE, "treatment_id")
    at = parse_event_time(_first_value(raw, _TIME), tz)
    author = _first_text(raw, _AUTHOR)
    specialist = _first_text(raw, _SPECIALIST)
    if not specialist and message_type in (PASSED_TO_SPECIALIST, STARTED_BY_SPECIALIST):
        specialist = author
    flag = _first_value(raw, _FROM_SPECIALIST)
    author_type = str(_first_value(raw, ("author_type", "author.type")) or "").lower()
    from_specialist: bool | None = None
    if flag is not None:
        from_specialist = bool(flag) and str(flag).lower() not in ("0", "false", "no")
    elif author_type:
        from_specialist = author_type in ("specialist", "spec", "operator", "bot")
    rating = comment = None
    if message_type == RATING:
        rating = _rating(raw)
        comment = _first_text(raw, (*_COMMENT, "text")) or None
    return ConnectEvent(
        key=event_key(raw, message_type),
        treatment_id=treatment_id,
        message_type=message_type,
        at=at,
        line=_first_text(raw, _LINE),
        client=_first_text(raw, _CLIENT),
        author=author,
        specialist=specialist,
        target_line=_first_text(raw, _TARGET_LINE) if message_type == MOVED_TO_LINE else "",
        rating=rating,
        rating_comment=comment,
        from_specialist=from_specialist,
        payload=canonical_json(raw),
        initialized_at=_optional_time(raw, _INITIALIZED, tz),
        treatment_seconds=_seconds(raw, _DURATION),
        current_specialist=_first_text(raw, _CURRENT),
        session_seconds=_seconds(raw, _SESSION_DURATION) if message_type in SESSION_TYPES else None,
    )


def kept_unreadable(
    raw: Mapping[str, Any], received: datetime, tz: str = DEFAULT_TZ
) -> ConnectEvent:
    """An event object whose type is missing, malformed or not a number, kept in the event log as
    it came (type UNREADABLE_TYPE, its own time when readable, else when it arrived); the
    rebuild never reads it, so it opens no request."""
    try:
        at = parse_event_time(_first_value(raw, _TIME), tz)
    except EventError:
        at = received
    return ConnectEvent(
        key=event_key(raw, UNREADABLE_TYPE),
        treatment_id=_first_text(raw, _TREATMENT)[:200],
        message_type=UNREADABLE_TYPE,
        at=at,
        payload=canonical_json(raw),
    )


def _phase(message_type: int) -> int:
    """Tie-break for events stamped with the same time: start, queue, assign, talk, rate, close."""
    if message_type in (STARTED_BY_CLIENT, STARTED_BY_SPECIALIST):
        return 0
    if message_type == QUEUED:
        return 1
    if message_type in (PASSED_TO_SPECIALIST, MOVED_TO_LINE):
        return 2
    if message_type in CLOSES:
        return 4
    return 3


def _aware(moment: datetime, tz: str) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    return moment.astimezone(UTC)


def _by_specialist(event: ConnectEvent, client: str) -> bool:
    if event.from_specialist is not None:
        return event.from_specialist
    return bool(event.author) and event.author != client


def tells_request(events: Iterable[ConnectEvent]) -> bool:
    """Whether any event is about the request itself (a remote session or a call alone is not)."""
    return any(e.message_type in REQUEST_TYPES for e in events)


def rebuild_request(
    treatment_id: str, events: Iterable[ConnectEvent], tz: str = DEFAULT_TZ
) -> RequestRecord:
    """The request as all its events describe it, whatever their order and however often each came.

    created = `treatment.initialized_at` when any event carries it, else the first start
    (80/81/83), else the earliest event; assigned = first 84 (or the start when a specialist
    started it, 81; else the first specialist's message: nobody answers before being assigned);
    first reply = first text/file by a specialist at or after the assignment; closed = first
    82/90–93, else — when only a rating is in the log — `initialized_at + treatment_duration`
    (the rating's time when either is missing); rating = the latest 17; line = the latest 89
    target, else the first line named; specialist = the latest `current_specialist` told, else
    the latest 84's specialist, else the 81 starter, else the first replier (DESIGN §5.2).
    Raises ValueError when no event belongs to the treatment.
    """
    unique: dict[str, ConnectEvent] = {}
    for event in events:
        if event.treatment_id != treatment_id:
            continue
        event = replace(event, at=_aware(event.at, tz)) if event.at.tzinfo is None else event
        kept = unique.get(event.key)
        if kept is None or (event.at, event.payload) < (kept.at, kept.payload):
            unique[event.key] = event
    if not unique:
        raise ValueError(f"no events for treatment {treatment_id}")
    ordered = sorted(unique.values(), key=lambda e: (e.at, _phase(e.message_type), e.key))

    client = next((e.client for e in ordered if e.client), "")
    starts = [e for e in ordered if e.message_type in STARTS]
    initialized = min((e.initialized_at for e in ordered if e.initialized_at), default=None)
    created = initialized or (starts[0].at if starts else ordered[0].at)
    assignments = [e for e in ordered if e.message_type == PASSED_TO_SPECIALIST]
    assigned = assignments[0].at if assignments else None
    starter = next((e for e in starts if e.message_type == STARTED_BY_SPECIALIST), None)
    if assigned is None and starter is not None:
        assigned = starter.at
    if assigned is None:
        assigned = next(
            (e.at for e in ordered if e.message_type in REPLIES and _by_specialist(e, client)),
            None,
        )
    first_reply = next(
        (
            e
            for e in ordered
            if e.message_type in REPLIES
            and _by_specialist(e, client)
            and (assigned is None or e.at >= assigned)
        ),
        None,
    )
    ratings = [e for e in ordered if e.message_type == RATING and e.rating is not None]
    closed = next((e.at for e in ordered if e.message_type in CLOSES), None)
    if closed is None and ratings:
        seconds = max((e.treatment_seconds for e in ratings if e.treatment_seconds), default=None)
        closed = ratings[0].at
        if initialized is not None and seconds is not None:
            closed = min(closed, initialized + timedelta(seconds=seconds))
    if closed is not None and closed < created:
        closed = created
    if assigned is not None and assigned < created:
        assigned = created
    moves = [e for e in ordered if e.message_type == MOVED_TO_LINE and e.target_line]
    line = moves[-1].target_line if moves else next((e.line for e in ordered if e.line), "")
    specialist = next((e.current_specialist for e in reversed(ordered) if e.current_specialist), "")
    if not specialist:
        specialist = next((e.specialist for e in reversed(assignments) if e.specialist), "")
    if not specialist and starter is not None:
        specialist = starter.specialist or starter.author
    if not specialist and first_reply is not None:
        specialist = first_reply.author
    return RequestRecord(
        id=treatment_id,
        source=SOURCE,
        created_at=created,
        line=line,
        client=client,
        specialist=specialist,
        assigned_at=assigned,
        first_reply_at=first_reply.at if first_reply else None,
        closed_at=closed,
        rating=ratings[-1].rating if ratings else None,
        rating_comment=ratings[-1].rating_comment if ratings else None,
        status="closed" if closed is not None else "open",
    )


@dataclass(frozen=True)
class SessionRecord:
    """One finished remote-access session or call, from its end or failure event."""

    key: str
    kind: str  # "remote" | "call"
    treatment_id: str
    at: datetime  # aware UTC
    outcome: str  # "ok" | "failed"
    code: int  # the event type: which end or which failure
    seconds: float | None
    specialist: str
    client: str
    line: str


def session_from_event(event: ConnectEvent) -> SessionRecord | None:
    """The finished session an end or failure event tells of (None for starts and other events)."""
    kind = (
        "remote" if event.message_type in REMOTE else "call" if event.message_type in CALLS else ""
    )
    if not kind or event.message_type in REMOTE_STARTED | CALL_STARTED:
        return None
    ok = event.message_type in REMOTE_ENDED | CALL_ENDED
    specialist = event.specialist or event.current_specialist
    if not specialist and event.author and event.author != event.client:
        specialist = event.author
    return SessionRecord(
        key=event.key,
        kind=kind,
        treatment_id=event.treatment_id,
        at=event.at,
        outcome="ok" if ok else "failed",
        code=event.message_type,
        seconds=event.session_seconds if ok else None,
        specialist=specialist,
        client=event.client,
        line=event.line,
    )
