"""Storefront leads storage: filtered lists, counts by status and organisation, pending, moves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from core.leads import (
    LEAD_STATUSES,
    Conversion,
    Lead,
    LeadTransitionError,
    apply_transition,
    conversion_from_counts,
    default_lead_period,
    may_work_lead,
)
from core.roles import Action, Actor
from core.timeutil import DEFAULT_TZ, from_stored, local_day, period_utc, to_stored, utcnow
from db.audit import enforce, write_audit
from db.connection import write_tx

_MINUTES_TO_CONTACT = "(julianday(first_contact_at) - julianday(created_at)) * 1440"
_INSERT = (
    "INSERT INTO leads (id, offer, client, org, manager, created_at, status, first_contact_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class LeadNotFound(LookupError):
    """No lead with this id."""


@dataclass(frozen=True)
class LeadFilter:
    """Which leads a report covers: local creation days [start, end), organisations, statuses."""

    start: date | None = None
    end: date | None = None
    orgs: Sequence[str] = ()
    statuses: Sequence[str] = ()
    tz: str = DEFAULT_TZ


def insert_leads(db: Database, leads: Iterable[Lead], tz: str = DEFAULT_TZ) -> int:
    """Insert leads in one statement batch (demo data, tests); returns how many were written."""
    now = to_stored(utcnow())
    params = [
        [
            lead.id, lead.offer, lead.client, lead.org, lead.manager,
            to_stored(lead.created_at, tz), lead.status, to_stored(lead.first_contact_at, tz), now,
        ]
        for lead in leads
    ]  # fmt: skip
    if not params:
        return 0
    with write_tx(db):
        return db.conn.executemany(_INSERT, params).rowcount


def _where(flt: LeadFilter | None) -> tuple[str, list[Any]]:
    flt = flt or LeadFilter()
    clauses, params = ["1=1"], []
    if flt.start is not None or flt.end is not None:
        start = flt.start or date(1970, 1, 1)
        end = flt.end or date(9999, 1, 1) - timedelta(days=1)
        low, high = period_utc(start, end, flt.tz)
        clauses.append("created_at >= ? AND created_at < ?")
        params += [low, high]
    if flt.orgs:
        clauses.append(f"org IN ({', '.join('?' for _ in flt.orgs)})")
        params += list(flt.orgs)
    if flt.statuses:
        clauses.append(f"status IN ({', '.join('?' for _ in flt.statuses)})")
        params += list(flt.statuses)
    return " AND ".join(clauses), params


def list_leads(db: Database, flt: LeadFilter | None = None, limit: int = 5000) -> list[dict]:
    """Leads newest first, with minutes from the order to the first contact."""
    where, params = _where(flt)
    return list(
        db.query(
            "SELECT id, created_at, offer, client, org, manager, status, first_contact_at, "
            f"{_MINUTES_TO_CONTACT} AS contact_minutes FROM leads WHERE {where} "
            "ORDER BY created_at DESC, id DESC LIMIT ?",
            [*params, limit],
        )
    )


def get_lead(db: Database, lead_id: str) -> dict | None:
    """One lead row, or None."""
    row = db.execute(
        "SELECT id, offer, client, org, manager, created_at, status, first_contact_at "
        "FROM leads WHERE id = ?",
        [lead_id],
    ).fetchone()
    if row is None:
        return None
    keys = ("id", "offer", "client", "org", "manager", "created_at", "status", "first_contact_at")
    return dict(zip(keys, row, strict=True))


def status_counts(db: Database, flt: LeadFilter | None = None) -> Conversion:
    """How many leads are in each status, as a Conversion (rates come with it)."""
    where, params = _where(flt)
    rows = db.execute(
        f"SELECT status, COUNT(*) FROM leads WHERE {where} GROUP BY status", params
    ).fetchall()
    return conversion_from_counts({status: n for status, n in rows})


def counts_by_org(db: Database, flt: LeadFilter | None = None) -> list[tuple[str, Conversion]]:
    """Per organisation: its Conversion, busiest organisation first."""
    where, params = _where(flt)
    sums = ", ".join(f"SUM(status = '{s}')" for s in LEAD_STATUSES)
    rows = db.execute(
        f"SELECT org, {sums} FROM leads WHERE {where} GROUP BY org ORDER BY COUNT(*) DESC, org",
        params,
    ).fetchall()
    return [(row[0], Conversion(*(int(v or 0) for v in row[1:]))) for row in rows]


def median_contact_minutes(db: Database, flt: LeadFilter | None = None) -> float | None:
    """Median minutes from the order to the first contact, over contacted leads (in SQL)."""
    where, params = _where(flt)
    where += " AND first_contact_at IS NOT NULL AND first_contact_at >= created_at"
    count = db.execute(f"SELECT COUNT(*) FROM leads WHERE {where}", params).fetchone()[0]
    if not count:
        return None
    values = [
        r[0]
        for r in db.execute(
            f"SELECT {_MINUTES_TO_CONTACT} AS m FROM leads WHERE {where} "
            "ORDER BY m LIMIT ? OFFSET ?",
            [*params, 2 - count % 2, (count - 1) // 2],
        ).fetchall()
    ]
    return sum(values) / len(values)


def pending_leads(
    db: Database, threshold_minutes: float, now: datetime | None = None, limit: int = 500
) -> list[dict]:
    """Leads still 'new' after the threshold (lead_pending_minutes), longest waiting first."""
    now = now or utcnow()
    bound = to_stored(now - timedelta(minutes=threshold_minutes))
    rows = list(
        db.query(
            "SELECT id, created_at, offer, client, org, manager FROM leads "
            "WHERE status = 'new' AND created_at < ? ORDER BY created_at, id LIMIT ?",
            [bound, limit],
        )
    )
    for row in rows:
        created = from_stored(row["created_at"])
        row["waiting_minutes"] = (now - created).total_seconds() / 60 if created else None
    return rows


def count_pending(db: Database, threshold_minutes: float, now: datetime | None = None) -> int:
    """How many leads are still 'new' after the threshold."""
    bound = to_stored((now or utcnow()) - timedelta(minutes=threshold_minutes))
    return db.execute(
        "SELECT COUNT(*) FROM leads WHERE status = 'new' AND created_at < ?", [bound]
    ).fetchone()[0]


def lead_orgs(db: Database) -> list[str]:
    """Organisations that have leads, for the filter."""
    return [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT org FROM leads WHERE org != '' ORDER BY org"
        ).fetchall()
    ]


def move_lead(
    db: Database, actor: Actor, lead_id: str, status: str, now: datetime | None = None
) -> dict:
    """Move a lead along its workflow as a user (viewer refused), recording first contact; audited."""
    enforce(db, actor, Action.MANAGE_LEADS)
    at = now or utcnow()
    current = get_lead(db, lead_id)
    if current is not None and not may_work_lead(
        actor.role, actor.name or actor.login, current["manager"]
    ):
        write_audit(db, actor.login, "permission.denied", lead_id, attempted="lead.move")
        raise LeadTransitionError("not_yours", current["status"], status)
    with write_tx(db):
        row = get_lead(db, lead_id)
        if row is None:
            raise LeadNotFound(lead_id)
        lead = Lead(
            id=row["id"],
            offer=row["offer"],
            created_at=from_stored(row["created_at"]) or at,
            status=row["status"],
            client=row["client"],
            org=row["org"],
            manager=row["manager"],
            first_contact_at=from_stored(row["first_contact_at"]),
        )
        moved = apply_transition(lead, status, at, manager=actor.name or actor.login)
        db.execute(
            "UPDATE leads SET status = ?, first_contact_at = ?, manager = ?, updated_at = ? "
            "WHERE id = ?",
            [moved.status, to_stored(moved.first_contact_at), moved.manager, to_stored(at),
             lead_id],
        )  # fmt: skip
        write_audit(db, actor.login, "lead.move", lead_id, **{"from": lead.status, "to": status})
    result = get_lead(db, lead_id)
    assert result is not None
    return result


def take_lead(db: Database, actor: Actor, lead_id: str, now: datetime | None = None) -> bool:
    """«Забрать себе»: make the acting user the lead's responsible (audited with who had it);
    False when it is already theirs or closed (done, refused)."""
    enforce(db, actor, Action.TAKE_LEAD)
    name = actor.name or actor.login
    with write_tx(db):
        row = get_lead(db, lead_id)
        if row is None:
            raise LeadNotFound(lead_id)
        if row["manager"] == name or row["status"] in ("done", "refused"):
            return False
        db.execute(
            "UPDATE leads SET manager = ?, updated_at = ? WHERE id = ?",
            [name, to_stored(now or utcnow()), lead_id],
        )
        write_audit(db, actor.login, "lead.take", lead_id, **{"from": row["manager"], "to": name})
    return True


def leads_overview(
    db: Database,
    days: int,
    threshold_minutes: float,
    tz: str = DEFAULT_TZ,
    now: datetime | None = None,
) -> tuple[Conversion, int]:
    """The «Обзор» card: counts of the last `days` local days and how many wait for a first call."""
    now = now or utcnow()
    today = date.fromisoformat(local_day(now, tz))
    start, end = default_lead_period(today, days)
    flt = LeadFilter(start=start, end=end, tz=tz)
    return status_counts(db, flt), count_pending(db, threshold_minutes, now)
