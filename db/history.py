"""Request histories as lists (`report requests`, drill-down), stale closes and the remote-access
sessions and calls of 1C-Connect (DESIGN §5.2, §7; issue 14)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from core.calendar import BusinessCalendar, working_keys
from core.requests import RequestRecord
from core.roles import Action, Actor
from core.timeutil import from_stored, to_stored, utcnow
from db.audit import enforce, write_audit
from db.calendar import load_calendar, request_times_by_id
from db.connection import write_tx
from db.requests import filter_sql, upsert_requests

LIST_LIMIT = 100_000
STATUSES = ("open", "closed", "stale")
# drill-down conditions: a figure of the statistics names its cell by these bucket columns
BUCKET_COLUMNS = ("wait_b", "reaction_b", "resolution_b", "rating_b")


def iso_utc(text: str | None) -> str | None:
    """A stored UTC time as ISO 8601 with Z (the CLI contract), None stays None."""
    moment = from_stored(text)
    if moment is None:
        return None
    return moment.isoformat().replace("+00:00", "Z")


def request_where(
    start: date | None = None,
    end: date | None = None,
    filters: dict[str, Sequence[str]] | None = None,
    status: str | None = None,
    buckets: Mapping[str, str | Sequence[str]] | None = None,
    rating_max: int | None = None,
    *,
    ratings: Sequence[int] | None = None,
    assigned: bool | None = None,
    closed_between: tuple[str, str] | None = None,
    ids: Sequence[str] | None = None,
    months: Sequence[str] | None = None,
    replied: bool = False,
) -> tuple[str, list[Any]]:
    """The WHERE of a request list (table alias r), shared by the list and its count so the
    two never disagree. Requests created on local days [start, end) with the report's filters;
    `status` is open, closed (with a known close time: what the statistics count) or stale;
    `buckets` picks a cell of the statistics tree (wait_b, reaction_b, resolution_b, rating_b:
    a value or several); `ratings` exact marks; `assigned` with (True) or without (False) a responsible;
    `closed_between` stored UTC [from, to); `ids` these requests only; `months` created in
    these 'YYYY-MM' months; `replied` with a first reply time."""
    where, params = filter_sql(filters)
    clauses = ["1 = 1"]
    args: list[Any] = []
    if ids is not None:  # one JSON parameter: a working-time cell of a year holds 100k ids
        clauses.append("r.id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(list(ids), ensure_ascii=False))
    if months:
        clauses.append(f"substr(r.created_day, 1, 7) IN ({', '.join('?' for _ in months)})")
        args.extend(months)
    if assigned is not None:
        clauses.append(f"r.assigned_at IS {'NOT ' if assigned else ''}NULL")
    if replied:
        clauses.append("r.first_reply_at IS NOT NULL")
    if closed_between is not None:
        clauses.append("r.closed_at >= ? AND r.closed_at < ?")
        args.extend(closed_between)
    if ratings:
        clauses.append(f"r.rating IN ({', '.join('?' for _ in ratings)})")
        args.extend(ratings)
    if start is not None:
        clauses.append("r.created_day >= ?")
        args.append(start.isoformat())
    if end is not None:
        clauses.append("r.created_day < ?")
        args.append(end.isoformat())
    if status == "open":
        clauses.append("r.status = 'open'")
    elif status == "closed":
        clauses.append("r.status = 'closed' AND r.closed_at IS NOT NULL")
    elif status == "stale":
        clauses.append("r.id IN (SELECT id FROM request_stale)")
    for column, value in (buckets or {}).items():
        if column not in BUCKET_COLUMNS:
            raise ValueError(column)
        values = [value] if isinstance(value, str) else list(value)
        clauses.append(f"r.{column} IN ({', '.join('?' for _ in values)})")
        args.extend(values)
    if rating_max is not None:
        clauses.append("r.rating <= ?")
        args.append(rating_max)
    return " AND ".join(clauses) + where.replace(" AND ", " AND r."), [*args, *params]


def list_requests(
    db: Database,
    start: date | None = None,
    end: date | None = None,
    filters: dict[str, Sequence[str]] | None = None,
    status: str | None = None,
    buckets: Mapping[str, str | Sequence[str]] | None = None,
    rating_max: int | None = None,
    limit: int = LIST_LIMIT,
    **more: Any,
) -> list[dict[str, Any]]:
    """The requests behind any figure (statistics cell, rating, SLA, monitor) and `report
    requests`, newest first; the conditions are request_where's."""
    where, args = request_where(start, end, filters, status, buckets, rating_max, **more)
    rows = db.query(
        "SELECT r.id, r.created_at, r.assigned_at, r.first_reply_at, r.closed_at, r.org, r.line, "
        "r.client, r.specialist, r.rating, r.rating_comment, r.status, r.wait_s, r.reaction_s, "
        "r.resolution_s, s.id IS NOT NULL AS stale FROM requests r "
        "LEFT JOIN request_stale s ON s.id = r.id "
        f"WHERE {where} "
        "ORDER BY r.created_day DESC, r.created_at DESC, r.id LIMIT ?",
        [*args, limit],
    )
    result = []
    for row in rows:
        row = dict(row)
        row["status"] = "stale" if row.pop("stale") else row["status"]
        result.append(row)
    return result


def count_requests(db: Database, *conditions: Any, **more: Any) -> int:
    """How many requests list_requests would give without its limit (same conditions)."""
    where, args = request_where(*conditions, **more)
    return int(db.execute(f"SELECT COUNT(*) FROM requests r WHERE {where}", args).fetchone()[0])


def working_cell_ids(
    db: Database,
    start: date,
    end: date,
    filters: dict[str, Sequence[str]] | None,
    buckets: Mapping[str, str | Sequence[str]],
    calendar: BusinessCalendar,
    tz: str,
) -> list[str]:
    """The requests of a cell of the working-time statistics (buckets as in request_where, read
    in working minutes of the calendar): the stored buckets are wall-clock ones, so each request
    of the period is bucketed again exactly as working_stats counts it."""
    wanted = []
    for column in BUCKET_COLUMNS:
        value = buckets.get(column)
        wanted.append(None if value is None else {value} if isinstance(value, str) else set(value))
    for column in buckets:
        if column not in BUCKET_COLUMNS:
            raise ValueError(column)
    ids, times = request_times_by_id(db, start, end, filters)
    return [
        request
        for request, key in zip(ids, working_keys(times, calendar, tz), strict=True)
        if all(w is None or k in w for k, w in zip(key, wanted, strict=True))
    ]


def in_working_minutes(
    db: Database,
    start: date,
    end: date,
    filters: dict[str, Sequence[str]] | None,
    buckets: Mapping[str, str | Sequence[str]],
    tz: str,
    ids: Sequence[str] | None = None,
) -> tuple[dict[str, str | Sequence[str]], list[str] | None]:
    """A list's buckets read in working minutes of the calendar (the statistics with «в рабочих
    минутах» and `report requests --working`): a time bucket becomes the ids working_cell_ids
    buckets again (kept within `ids` if given); with no time bucket nothing changes."""
    if not set(buckets) - {"rating_b"}:
        return dict(buckets), None if ids is None else list(ids)
    cell = working_cell_ids(db, start, end, filters, buckets, load_calendar(db), tz)
    if ids is not None:
        chosen = set(ids)
        cell = [i for i in cell if i in chosen]
    return {}, cell


def requests_json(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """`report requests --json` (DESIGN §7): times ISO in UTC, ids as 1C-Connect gives them."""
    return [
        {
            "id": r["id"],
            "created": iso_utc(r["created_at"]),
            "assigned": iso_utc(r["assigned_at"]),
            "first_reply": iso_utc(r["first_reply_at"]),
            "closed": iso_utc(r["closed_at"]),
            "line": r["line"],
            "specialist": r["specialist"],
            "client": r["client"],
            "rating": r["rating"],
            "status": r["status"],
        }
        for r in rows
    ]


# ---- stale requests -------------------------------------------------------------------------


def _last_event_sql() -> str:
    return (
        "SELECT r.id, r.created_at, r.line, r.client, r.specialist, r.org, "
        "COALESCE((SELECT MAX(e.at) FROM connect_events e WHERE e.treatment_id = r.id), "
        "r.updated_at, r.created_at) AS last_event_at FROM requests r WHERE r.status = 'open'"
    )


def stale_candidates(db: Database, days: int, now: datetime | None = None) -> list[dict[str, Any]]:
    """Open requests with no event (nor any other change) for `days` days, oldest first."""
    cutoff = to_stored((now or utcnow()) - timedelta(days=days))
    return list(
        db.query(
            f"SELECT * FROM ({_last_event_sql()}) WHERE last_event_at < ? ORDER BY created_at",
            [cutoff],
        )
    )


def close_stale(db: Database, actor: Actor, days: int, now: datetime | None = None) -> list[str]:
    """Close every open request with no event for `days` days as stale: status closed, close time
    unknown (so the statistics leave it out), marked in request_stale, audited. QC and admin
    only; a later event for it rebuilds it as the events say. Returns the ids closed."""
    enforce(db, actor, Action.CLOSE_STALE)
    now = now or utcnow()
    with write_tx(db):
        rows = stale_candidates(db, days, now)
        if not rows:
            return []
        full = {r["id"]: r for r in db.query("SELECT * FROM requests WHERE status = 'open'")}
        records = []
        for row in rows:
            stored = full[row["id"]]
            record = RequestRecord(
                id=stored["id"],
                source=stored["source"],
                created_at=from_stored(stored["created_at"]),  # type: ignore[arg-type]
                org=stored["org"],
                line=stored["line"],
                client=stored["client"],
                specialist=stored["specialist"],
                assigned_at=from_stored(stored["assigned_at"]),
                first_reply_at=from_stored(stored["first_reply_at"]),
                closed_at=None,
                rating=stored["rating"],
                rating_comment=stored["rating_comment"],
            )
            records.append(replace(record, status="closed"))
        upsert_requests(db, records)
        stamp = to_stored(now)
        db.conn.executemany(
            "INSERT OR REPLACE INTO request_stale (id, at, login, last_event_at) VALUES (?, ?, ?, ?)",
            [(r["id"], stamp, actor.login, r["last_event_at"]) for r in rows],
        )
        ids = [r["id"] for r in rows]
        write_audit(db, actor.login, "requests.close_stale", None, count=len(ids), days=days)
    return ids


# ---- remote-access sessions and calls --------------------------------------------------------


def session_summary(
    db: Database,
    start: date | None = None,
    end: date | None = None,
    kind: str = "remote",
    specialists: Sequence[str] | None = None,
) -> dict[str, Any]:
    """`report remote-sessions --json`: finished sessions on local days [start, end) — total,
    succeeded, failed, minutes, by specialist — plus failures by reason, months and clients."""
    clauses, args = ["kind = ?"], [kind]
    if start is not None:
        clauses.append("day >= ?")
        args.append(start.isoformat())
    if end is not None:
        clauses.append("day < ?")
        args.append(end.isoformat())
    if specialists:
        clauses.append(f"specialist IN ({', '.join('?' for _ in specialists)})")
        args.extend(specialists)
    where = " AND ".join(clauses)

    def grouped(column: str) -> list[tuple]:
        return db.execute(
            f"SELECT {column}, COUNT(*), SUM(outcome = 'ok'), SUM(outcome = 'failed'), "
            f"COALESCE(SUM(seconds), 0) FROM connect_sessions WHERE {where} "
            f"GROUP BY {column} ORDER BY COUNT(*) DESC, {column}",
            args,
        ).fetchall()

    total = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(outcome = 'ok'), 0), COALESCE(SUM(outcome = 'failed'), 0), "
        f"COALESCE(SUM(seconds), 0) FROM connect_sessions WHERE {where}",
        args,
    ).fetchone()

    def table(rows: list[tuple]) -> list[dict[str, Any]]:
        return [
            {"name": name, "total": n, "succeeded": ok, "failed": bad, "minutes": round(s / 60, 1)}
            for name, n, ok, bad, s in rows
        ]

    specialists_rows = grouped("specialist")
    return {
        "total": total[0],
        "succeeded": total[1],
        "failed": total[2],
        "minutes": round(total[3] / 60, 1),
        "by_specialist": {name: n for name, n, *_ in specialists_rows},
        "specialists": table(specialists_rows),
        "months": table(grouped("substr(day, 1, 7)")),
        "clients": table(grouped("client")),
        "failures": {
            str(code): n
            for code, n in db.execute(
                f"SELECT code, COUNT(*) FROM connect_sessions WHERE {where} AND outcome = 'failed' "
                "GROUP BY code ORDER BY COUNT(*) DESC, code",
                args,
            )
        },
    }


# ---- one request's history (the callbacks page and the drill-down link to it) ----------------


def request_history(db: Database, request_id: str) -> dict[str, Any] | None:
    """One request with its 1C-Connect events (oldest first), its remote sessions and calls, and
    whether it was closed as stale; None when no such request."""
    cursor = db.execute(
        "SELECT r.*, s.at AS stale_at, s.login AS stale_by FROM requests r "
        "LEFT JOIN request_stale s ON s.id = r.id WHERE r.id = ?",
        [request_id],
    )
    found = cursor.fetchone()
    if found is None:
        return None
    request = dict(zip([d[0] for d in cursor.description], found, strict=True))
    events = [
        {"at": at, "type": message_type, "payload": payload}
        for at, message_type, payload in db.execute(
            "SELECT at, message_type, payload FROM connect_events WHERE treatment_id = ? "
            "ORDER BY at, key",
            [request_id],
        )
    ]
    sessions = list(
        db.query(
            "SELECT kind, at, outcome, code, seconds, specialist FROM connect_sessions "
            "WHERE treatment_id = ? ORDER BY at",
            [request_id],
        )
    )
    return {"request": request, "events": events, "sessions": sessions}
