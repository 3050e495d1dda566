"""Telemarketing campaigns (seed 003, case 1): a call list built from our sales history or from
the register, assigned to managers (one person, a role, or each client's own manager), call
outcomes, the sales opportunities «critical» opens, and «Анализ телемаркетинга»."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from core.equipment import OUTCOME_CRITICAL, OUTCOMES, EquipmentError
from core.roles import Actor, EquipmentAction, Role
from core.timeutil import to_stored, utcnow
from db.audit import enforce, write_audit
from db.connection import write_tx

SOURCE_SALES = "sales"
SOURCE_REGISTER = "register"
BY_MANAGER = "by_manager"  # each call goes to the manager who sold to / looks after the client


@dataclass
class CampaignCriteria:
    """Who gets called. From sales: a product or a type sold between two days. From the register:
    maintenance due or warranty ending within N days of `today`, ours, competitors' or both."""

    source: str = SOURCE_SALES
    product: str = ""
    kind: str = ""
    sold_from: str = ""
    sold_to: str = ""
    event: str = ""  # register: warranty_end | maintenance | '' (either)
    within_days: int = 60
    owner: str = ""  # register: ours | competitor | '' (both)
    today: str = ""


def _candidates(
    db: Database, criteria: CampaignCriteria
) -> list[tuple[int, int | None, str | None]]:
    """(client, equipment or None, the client's manager) rows of the call list."""
    if criteria.source == SOURCE_SALES:
        where, params = ["1=1"], []
        if criteria.product:
            where.append("p.name = ?")
            params.append(criteria.product)
        if criteria.kind:
            # the product's type, or the type given to its pieces in the register
            where.append("(p.kind = ? OR EXISTS (SELECT 1 FROM equipment e WHERE "
                         "e.shipment_id = s.id AND e.kind = ?))")  # fmt: skip
            params += [criteria.kind, criteria.kind]
        if criteria.sold_from:
            where.append("s.doc_date >= ?")
            params.append(criteria.sold_from)
        if criteria.sold_to:
            where.append("s.doc_date < ?")
            params.append(criteria.sold_to)
        return [tuple(r) for r in db.execute(  # type: ignore[misc]
            "SELECT s.client_id, NULL, MAX(s.manager) FROM shipments s JOIN products p "
            f"ON p.id = s.product_id WHERE {' AND '.join(where)} GROUP BY s.client_id "
            "ORDER BY s.client_id", params)]  # fmt: skip
    today = date.fromisoformat(criteria.today) if criteria.today else utcnow().date()
    hi = (today + timedelta(days=criteria.within_days)).isoformat()
    lo = today.isoformat()
    owner = "AND e.owner = ?" if criteria.owner else ""
    extra = [criteria.owner] if criteria.owner else []
    parts, params = [], []
    if criteria.event in ("", "warranty_end"):
        parts.append("SELECT e.client_id, e.id, COALESCE(e.manager, e.responsible) FROM equipment e "
                     f"WHERE e.warranty_end >= ? AND e.warranty_end <= ? {owner}")  # fmt: skip
        params += [lo, hi, *extra]
    if criteria.event in ("", "maintenance"):
        parts.append("SELECT e.client_id, e.id, COALESCE(e.manager, e.responsible) FROM "
                     "equipment_maintenance m JOIN equipment e ON e.id = m.equipment_id "
                     f"WHERE m.next_due >= ? AND m.next_due <= ? {owner}")  # fmt: skip
        params += [lo, hi, *extra]
    sql = " UNION ".join(parts) + " ORDER BY 1, 2"
    return [tuple(r) for r in db.execute(sql, params)]  # type: ignore[misc]


def build_campaign(
    db: Database,
    actor: Actor,
    name: str,
    criteria: CampaignCriteria,
    assignee: str = "",
    role: str = "",
) -> int:
    """Create a campaign and its calls (head and admin only): to one person (`assignee`), to a
    role (anyone of it takes a call), or BY_MANAGER — each client's own manager."""
    with write_tx(db):
        enforce(db, actor, EquipmentAction.BUILD_CAMPAIGNS)  # type: ignore[arg-type]
        rows = _candidates(db, criteria)
        if not rows:
            raise EquipmentError("empty_campaign")
        cursor = db.execute(
            "INSERT INTO tm_campaigns (name, source, criteria, assignee, assignee_role, "
            "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [name, criteria.source, json.dumps(asdict(criteria), ensure_ascii=False),
             assignee or None, role or None, to_stored(utcnow()), actor.login],
        )  # fmt: skip
        campaign = int(cursor.lastrowid or 0)
        calls = []
        for client_id, equipment_id, manager in rows:
            who = manager if assignee == BY_MANAGER else (assignee or None)
            calls.append((campaign, client_id, equipment_id, who))
        db.conn.executemany(
            "INSERT OR IGNORE INTO tm_calls (campaign_id, client_id, equipment_id, assignee) "
            "VALUES (?, ?, ?, ?)",
            calls,
        )
        write_audit(db, actor.login, "telemarketing.build", str(campaign), name=name,
                    calls=len(calls), assignee=assignee, role=role)  # fmt: skip
    return campaign


def list_campaigns(db: Database) -> list[dict[str, Any]]:
    """Campaigns newest first with their progress."""
    return list(
        db.query(
            "SELECT c.id, c.name, c.source, c.assignee, c.assignee_role, c.created_at, "
            "c.created_by, COUNT(k.id) AS calls, SUM(k.outcome IS NOT NULL) AS done "
            "FROM tm_campaigns c LEFT JOIN tm_calls k ON k.campaign_id = c.id "
            "GROUP BY c.id ORDER BY c.id DESC"
        )
    )


def list_calls(
    db: Database, campaign: int | None = None, assignee: str | None = None, open_only: bool = False
) -> list[dict[str, Any]]:
    """Calls of a campaign or a person, with the client and the piece of equipment."""
    where, params = ["1=1"], []
    if campaign is not None:
        where.append("k.campaign_id = ?")
        params.append(campaign)
    if assignee:
        where.append("(k.assignee = ? OR (k.assignee IS NULL AND c.assignee_role = "
                     "(SELECT role FROM users WHERE login = ?)))")  # fmt: skip
        params += [assignee, assignee]
    if open_only:
        where.append("k.outcome IS NULL")
    return list(
        db.query(
            "SELECT k.id, k.campaign_id, c.name AS campaign, k.client_id, cl.name AS client, "
            "cl.inn AS client_inn, k.equipment_id, e.name AS product, e.serial, e.owner, "
            "k.assignee, k.outcome, k.callback_on, k.comment, k.called_at, k.called_by, "
            "o.id AS opportunity_id FROM tm_calls k JOIN tm_campaigns c ON c.id = k.campaign_id "
            "JOIN clients cl ON cl.id = k.client_id LEFT JOIN equipment e ON e.id = k.equipment_id "
            "LEFT JOIN equipment_opportunities o ON o.call_id = k.id "
            f"WHERE {' AND '.join(where)} ORDER BY k.outcome IS NOT NULL, cl.name LIMIT 5000",
            params,
        )
    )


def record_call(
    db: Database,
    actor: Actor,
    call_id: int,
    outcome: str,
    comment: str = "",
    callback_on: date | None = None,
) -> int | None:
    """Record a call's outcome (managers their own calls; head and admin any). «critical» opens a
    sales opportunity for the client's manager; returns its id (None for other outcomes)."""
    if outcome not in OUTCOMES:
        raise EquipmentError("bad_outcome")
    with write_tx(db):
        enforce(db, actor, EquipmentAction.RECORD_CALLS)  # type: ignore[arg-type]
        rows = list(db.query(
            "SELECT k.*, c.assignee_role, e.name AS product, e.manager FROM tm_calls k "
            "JOIN tm_campaigns c ON c.id = k.campaign_id LEFT JOIN equipment e "
            "ON e.id = k.equipment_id WHERE k.id = ?", [call_id]))  # fmt: skip
        if not rows:
            raise EquipmentError("unknown_call")
        call = rows[0]
        mine = call["assignee"] == actor.login or (
            call["assignee"] is None and call["assignee_role"] in (None, actor.role)
        )
        if actor.role == Role.MANAGER and not mine:
            write_audit(db, actor.login, "permission.denied", "telemarketing.call", call=call_id)
            raise EquipmentError("not_your_call")
        now = to_stored(utcnow())
        db.execute(
            "UPDATE tm_calls SET outcome = ?, comment = ?, callback_on = ?, called_at = ?, "
            "called_by = ?, assignee = COALESCE(assignee, ?) WHERE id = ?",
            [outcome, comment or None, callback_on.isoformat() if callback_on else None, now,
             actor.login, actor.login, call_id],
        )  # fmt: skip
        opportunity = None
        if outcome == OUTCOME_CRITICAL:
            manager = call["manager"] or call["assignee"] or actor.login
            title = f"{call['product'] or ''} — {comment or 'critical'}".strip(" —")
            cursor = db.execute(
                "INSERT OR IGNORE INTO equipment_opportunities (client_id, equipment_id, call_id, "
                "manager, title, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [call["client_id"], call["equipment_id"], call_id, manager, title, now],
            )
            opportunity = int(cursor.lastrowid or 0) if cursor.rowcount else None
        write_audit(db, actor.login, "telemarketing.call", str(call_id), outcome=outcome,
                    opportunity=opportunity)  # fmt: skip
    return opportunity


def telemarketing_report(db: Database, campaign: int | None = None) -> list[dict[str, Any]]:
    """«Анализ телемаркетинга»: per campaign and assignee — calls, done, outcomes, opportunities."""
    where, params = ("WHERE k.campaign_id = ?", [campaign]) if campaign is not None else ("", [])
    rows = list(
        db.query(
            "SELECT c.id AS campaign_id, c.name AS campaign, COALESCE(k.assignee, "
            "c.assignee_role, '') AS assignee, COUNT(*) AS calls, "
            "SUM(k.outcome IS NOT NULL) AS done, SUM(k.outcome = 'ok') AS ok, "
            "SUM(k.outcome = 'service') AS service, SUM(k.outcome = 'critical') AS critical, "
            "COUNT(o.id) AS opportunities FROM tm_calls k JOIN tm_campaigns c "
            "ON c.id = k.campaign_id LEFT JOIN equipment_opportunities o ON o.call_id = k.id "
            f"{where} GROUP BY c.id, 3 ORDER BY c.id DESC, 3",
            params,
        )
    )
    return [
        {
            "campaign_id": r["campaign_id"],
            "campaign": r["campaign"],
            "assignee": r["assignee"],
            "calls": r["calls"],
            "done": r["done"] or 0,
            "outcomes": {o: r[o] or 0 for o in OUTCOMES},
            "opportunities": r["opportunities"],
        }
        for r in rows
    ]


def client_campaigns(db: Database, client_id: int) -> list[dict[str, Any]]:
    """The campaigns a client is in, with its call's state (for the client card)."""
    return list(
        db.query(
            "SELECT c.name AS campaign, k.assignee, k.outcome, k.callback_on, k.comment "
            "FROM tm_calls k JOIN tm_campaigns c ON c.id = k.campaign_id WHERE k.client_id = ? "
            "ORDER BY c.id DESC",
            [client_id],
        )
    )


def list_opportunities(db: Database, manager: str | None = None) -> list[dict[str, Any]]:
    """Sales opportunities opened by critical calls."""
    where, params = ("WHERE o.manager = ?", [manager]) if manager else ("", [])
    return list(
        db.query(
            "SELECT o.id, o.title, o.manager, o.status, o.created_at, c.name AS client, "
            f"c.inn AS client_inn FROM equipment_opportunities o JOIN clients c "
            f"ON c.id = o.client_id {where} ORDER BY o.id DESC",
            params,
        )
    )
