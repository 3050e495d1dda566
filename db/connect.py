"""1C-Connect storage: webhook events kept once each, requests rebuilt from all their events, and
open-request snapshots from the API (DESIGN §5.2).

A request built from events is recomputed from every stored event of its treatment, so events
arriving late, out of order or twice give the same row; a repeated event is ignored by its key.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from sqlite_utils import Database

from core.connect import (
    ConnectEvent,
    EventError,
    SessionRecord,
    event_from_raw,
    rebuild_request,
    session_from_event,
    tells_request,
)
from core.requests import RequestRecord
from core.roles import Action, Actor
from core.timeutil import DEFAULT_TZ, from_stored, local_day, to_stored, utcnow
from db.audit import enforce
from db.connection import write_tx
from db.requests import UpsertResult, upsert_requests

_CHUNK = 500
_INSERT = (
    "INSERT OR IGNORE INTO connect_events (key, treatment_id, message_type, at, payload, "
    "received_at) VALUES (?, ?, ?, ?, ?, ?)"
)
_SESSION_INSERT = (
    "INSERT OR IGNORE INTO connect_sessions (key, kind, treatment_id, at, day, outcome, code, "
    "seconds, specialist, client, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class StoredEvents(list[str]):
    """The ids of the requests rebuilt, sorted (a plain list to callers that want only those),
    plus how many events were new (`written`) and how many were repeats (`unchanged`)."""

    def __init__(self, ids: Iterable[str], written: int, unchanged: int) -> None:
        super().__init__(ids)
        self.written = written
        self.unchanged = unchanged


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _existing_keys(db: Database, keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for part in _chunks(keys):
        marks = ", ".join("?" for _ in part)
        found.update(
            r[0]
            for r in db.execute(
                f"SELECT key FROM connect_events WHERE key IN ({marks})", list(part)
            )
        )
    return found


def stored_events(db: Database, treatment_id: str, tz: str = DEFAULT_TZ) -> list[ConnectEvent]:
    """Every stored event of one treatment, read back from its raw payload."""
    events = []
    for at, payload in db.execute(
        "SELECT at, payload FROM connect_events WHERE treatment_id = ? ORDER BY at, key",
        [treatment_id],
    ):
        try:
            event = event_from_raw(json.loads(payload), tz)
        except (EventError, json.JSONDecodeError):
            continue  # stored events were valid when stored; a damaged row is skipped
        moment = from_stored(at)
        events.append(replace(event, at=moment) if moment is not None else event)
    return events


def store_events(
    db: Database,
    events: Iterable[ConnectEvent],
    tz: str = DEFAULT_TZ,
    actor: Actor | None = None,
) -> StoredEvents:
    """Keep new events (a repeat by key is ignored), rebuild every request they touch from all of
    its stored events and upsert it; returns the ids of the requests rebuilt (with the counts of
    new and repeated events). One transaction
    (a savepoint inside the caller's); with an actor, the import permission is checked first."""
    events = list(events)
    if actor is not None:
        enforce(db, actor, Action.IMPORT_ANY)  # outside the transaction: the refusal stays audited
    with write_tx(db):
        known = _existing_keys(db, sorted({e.key for e in events}))
        now = to_stored(utcnow())
        fresh: dict[str, ConnectEvent] = {}
        for event in events:
            if event.key not in known and event.key not in fresh:
                fresh[event.key] = event
        db.conn.executemany(
            _INSERT,
            [
                [e.key, e.treatment_id, e.message_type, to_stored(e.at, tz), e.payload, now]
                for e in fresh.values()
            ],
        )
        store_sessions(db, fresh.values(), tz)
        affected = rebuild_treatments(db, {e.treatment_id for e in fresh.values()}, tz)
    return StoredEvents(affected, written=len(fresh), unchanged=len(events) - len(fresh))


def store_sessions(db: Database, events: Iterable[ConnectEvent], tz: str = DEFAULT_TZ) -> int:
    """Keep the remote-access sessions and calls that these events finish (a repeat is ignored);
    returns how many were new. Inside the caller's transaction."""
    sessions = [s for s in map(session_from_event, events) if s is not None]
    before = db.conn.total_changes
    db.conn.executemany(_SESSION_INSERT, [_session_row(s, tz) for s in sessions])
    return db.conn.total_changes - before


def _session_row(s: SessionRecord, tz: str) -> list[Any]:
    return [s.key, s.kind, s.treatment_id, to_stored(s.at), local_day(s.at, tz), s.outcome,
            s.code, s.seconds, s.specialist, s.client, s.line]  # fmt: skip


def rebuild_treatments(
    db: Database, treatment_ids: Iterable[str], tz: str = DEFAULT_TZ
) -> list[str]:
    """Rebuild every named request from all of its stored events and upsert it; a treatment known
    only from sessions is no request. A stale close is undone by any new event (the rebuild tells
    the truth again). Returns the ids rebuilt, sorted. Inside the caller's transaction."""
    records = []
    for treatment_id in sorted(t for t in set(treatment_ids) if t):
        events = stored_events(db, treatment_id, tz)
        if events and tells_request(events):
            records.append(rebuild_request(treatment_id, events, tz))
    ids = [r.id for r in records]
    for part in _chunks(ids):
        marks = ", ".join("?" for _ in part)
        db.execute(f"DELETE FROM request_stale WHERE id IN ({marks})", list(part))
    upsert_requests(db, records, tz)
    return ids


def rebuild_all_from_events(db: Database, tz: str | None = None) -> list[str]:
    """Every request and session from every stored event again (after the rules changed)."""
    if tz is None:
        row = db.execute("SELECT value FROM settings WHERE key = 'timezone'").fetchone()
        tz = json.loads(row[0]) if row and row[0] else DEFAULT_TZ
    with write_tx(db):
        treatments = [r[0] for r in db.execute("SELECT DISTINCT treatment_id FROM connect_events")]
        for part in _chunks(treatments):
            store_sessions(db, [e for t in part for e in stored_events(db, t, tz)], tz)
        return rebuild_treatments(db, treatments, tz)


def _stored_rows(db: Database, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for part in _chunks(ids):
        marks = ", ".join("?" for _ in part)
        for row in db.query(f"SELECT * FROM requests WHERE id IN ({marks})", list(part)):
            rows[row["id"]] = row
    return rows


def _merge(record: RequestRecord, row: dict[str, Any] | None) -> RequestRecord:
    """A snapshot row filled in with what the store already knows and the snapshot lacks."""
    if row is None:
        return record
    return replace(
        record,
        org=record.org or row["org"],
        line=record.line or row["line"],
        client=record.client or row["client"],
        specialist=record.specialist or row["specialist"],
        assigned_at=record.assigned_at or from_stored(row["assigned_at"]),
        first_reply_at=record.first_reply_at or from_stored(row["first_reply_at"]),
    )


def store_open_snapshot(
    db: Database,
    records: Iterable[RequestRecord],
    tz: str = DEFAULT_TZ,
    actor: Actor | None = None,
) -> UpsertResult:
    """Upsert the open requests the API lists now. A request already closed here stays closed (a
    snapshot is older news than a close event), and fields the snapshot leaves empty keep their
    stored values. One transaction (a savepoint inside the caller's)."""
    records = list(records)
    if actor is not None:
        enforce(db, actor, Action.IMPORT_ANY)
    with write_tx(db):
        stored = _stored_rows(db, sorted({r.id for r in records}))
        skipped = 0
        merged = []
        for record in records:
            row = stored.get(record.id)
            if row is not None and row["status"] == "closed":
                skipped += 1
                continue
            merged.append(_merge(record, row))
        result = upsert_requests(db, merged, tz)
    return UpsertResult(result.written, result.unchanged + skipped)
