"""Deals, clients' CRM data, refusals and their QC callbacks (DESIGN §5.3, seeds 002 and 001).

Every stage change goes through `move_deal` or `verify_refusal`: they read the deal inside
BEGIN IMMEDIATE, judge it with core.deals, write the deal, its history and the refusal row, and
audit the change; a refused attempt changes nothing and is audited after the rollback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from core.calendar import WorkClock
from core.deals import (
    CLIENT_FIELDS,
    CLOSED_LOST,
    CLOSED_STAGES,
    CONDITIONAL_REFUSAL,
    CONFIRMED,
    DEFAULT_REASONS,
    DEFAULT_TARGET_WORKING_DAYS,
    IN_WORK,
    RETURNED,
    STAGES,
    SYSTEMS,
    WON,
    ClientRecord,
    DealRecord,
    DealRuleError,
    HygieneFigures,
    Move,
    check_move,
    check_verify,
    hygiene_score,
    map_stage,
    match_reason,
    merged_stage_map,
    months_before,
    norm_key,
    one_line,
    share,
    source_stage_name,
)
from core.imports import ImportResult, Problem
from core.roles import Action, Actor, PermissionDenied, can
from core.timeutil import (
    DEFAULT_TZ,
    from_stored,
    local_day_start_utc,
    to_local,
    to_stored,
    utcnow,
)
from db.audit import write_audit
from db.calendar import load_calendar
from db.connection import write_tx
from db.import_log import store_import
from db.notify import notify_event

UNMAPPED_STAGE = "unmapped_stage"  # the importer's problem code (importers/deals.py)
DEAL_COLUMNS = (
    "id, title, client_id, manager, stage, source_system, source_stage, amount_kop, lead_source, "
    "created_at, stage_at, updated_at, closed_at, next_task_due, loss_reason, loss_comment"
)


class DealNotFound(Exception):
    """No deal has this id."""

    def __init__(self, deal_id: str) -> None:
        super().__init__(deal_id)
        self.deal_id = deal_id


class UnknownManager(Exception):
    """A login to hand a deal to names no active user."""

    def __init__(self, login: str) -> None:
        super().__init__(login)
        self.login = login


# ---- configuration: reasons, stage maps, the queue's target ---------------------------------


def list_reasons(db: Database, include_inactive: bool = False) -> list[str]:
    """The refusal reasons in their order (the defaults until an admin edits them)."""
    where = "" if include_inactive else "WHERE active = 1"
    rows = db.execute(f"SELECT name FROM deal_reasons {where} ORDER BY position, name").fetchall()
    return [r[0] for r in rows] or list(DEFAULT_REASONS)


def save_reasons(db: Database, actor: Actor, names: Sequence[str]) -> list[str]:
    """Replace the reasons list (admin only, audited); dropped names stay in old refusals."""
    _enforce(db, actor, Action.MANAGE_SETTINGS, "deal.reasons")
    cleaned: list[str] = []
    for name in names:
        text = " ".join(str(name).split())
        if text and norm_key(text) not in {norm_key(c) for c in cleaned}:
            cleaned.append(text)
    if not cleaned:
        raise DealRuleError("empty_reasons")
    with write_tx(db):
        db.execute("UPDATE deal_reasons SET active = 0")
        for index, name in enumerate(cleaned):
            db.execute(
                "INSERT INTO deal_reasons (name, position, active) VALUES (?, ?, 1) "
                "ON CONFLICT(name) DO UPDATE SET position = excluded.position, active = 1",
                [name, index],
            )
        write_audit(db, actor.login, "deal.reasons", None, reasons=cleaned)
    return cleaned


def saved_stage_map(db: Database, system: str) -> dict[str, str]:
    """The stage map saved for a source system (source name -> funnel code), without defaults."""
    rows = db.execute(
        "SELECT source_stage, stage FROM deal_stage_map WHERE system = ? ORDER BY source_stage",
        [system],
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def save_stage_map(
    db: Database, actor: Actor, system: str, mapping: Mapping[str, str], replace: bool = False
) -> None:
    """Store source-stage names for a system (head/admin, audited); `replace` drops the rest."""
    _enforce(db, actor, Action.IMPORT_ANY, "deal.stage_map")
    if system not in SYSTEMS:
        raise DealRuleError("unknown_system", system=system)
    for code in mapping.values():
        if code not in STAGES:
            raise DealRuleError("unknown_stage", stage=code)
    with write_tx(db):
        if replace:
            db.execute("DELETE FROM deal_stage_map WHERE system = ?", [system])
        for source, code in mapping.items():
            name = " ".join(str(source).split())
            if name:
                db.execute(
                    "INSERT INTO deal_stage_map (system, source_stage, stage) VALUES (?, ?, ?) "
                    "ON CONFLICT(system, source_stage) DO UPDATE SET stage = excluded.stage",
                    [system, name, code],
                )
        write_audit(db, actor.login, "deal.stage_map", system, mapping=dict(mapping))


def target_days(db: Database) -> int:
    """The verification queue's target in working days (default 2)."""
    row = db.execute("SELECT value FROM deal_config WHERE key = 'target_days'").fetchone()
    return int(row[0]) if row else DEFAULT_TARGET_WORKING_DAYS


def set_target_days(db: Database, actor: Actor, days: int) -> None:
    """Change the queue's target (admin only, audited)."""
    _enforce(db, actor, Action.MANAGE_SETTINGS, "deal.target")
    if not 1 <= int(days) <= 30:
        raise DealRuleError("bad_target")
    with write_tx(db):
        db.execute(
            "INSERT INTO deal_config (key, value) VALUES ('target_days', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [str(int(days))],
        )
        write_audit(db, actor.login, "deal.target", None, days=int(days))


# ---- reading deals --------------------------------------------------------------------------


def get_deal(db: Database, deal_id: str) -> dict[str, Any] | None:
    """One deal with its client's name and INN, or None."""
    rows = list(
        db.query(
            f"SELECT d.{DEAL_COLUMNS.replace(', ', ', d.')}, c.name AS client, c.inn AS client_inn "
            "FROM deals d LEFT JOIN clients c ON c.id = d.client_id WHERE d.id = ?",
            [str(deal_id)],
        )
    )
    return rows[0] if rows else None


def open_refusal(db: Database, deal_id: str) -> dict[str, Any] | None:
    """The deal's refusal that waits for its callback, if any."""
    rows = list(
        db.query(
            "SELECT * FROM deal_refusals WHERE deal_id = ? AND outcome IS NULL "
            "ORDER BY id DESC LIMIT 1",
            [deal_id],
        )
    )
    return rows[0] if rows else None


def last_refusal(db: Database, deal_id: str) -> dict[str, Any] | None:
    """The deal's latest refusal (verified or not)."""
    rows = list(
        db.query(
            "SELECT * FROM deal_refusals WHERE deal_id = ? ORDER BY id DESC LIMIT 1", [deal_id]
        )
    )
    return rows[0] if rows else None


def rubles(kopecks: int | None) -> float | int | None:
    """Kopecks as rubles for JSON: a whole number stays whole."""
    if kopecks is None:
        return None
    return kopecks // 100 if kopecks % 100 == 0 else kopecks / 100


def deal_json(db: Database, deal_id: str) -> dict[str, Any]:
    """`deals show --json`: {"id", "stage", "manager", "reason", "amount", "client"}."""
    deal = get_deal(db, deal_id)
    if deal is None:
        raise DealNotFound(deal_id)
    refusal = last_refusal(db, deal_id)
    reason = ""
    if deal["stage"] in (CONDITIONAL_REFUSAL, CLOSED_LOST):
        reason = refusal["reason"] if refusal else deal["loss_reason"]
    return {
        "id": deal["id"],
        "stage": deal["stage"],
        "manager": deal["manager"],
        "reason": reason or None,
        "amount": rubles(deal["amount_kop"]),
        "client": deal["client"],
    }


def list_deals(
    db: Database,
    manager: str | None = None,
    stages: Iterable[str] | None = None,
    limit: int = 2000,
) -> list[dict[str, Any]]:
    """Deals, newest stage change first, filtered by manager and stages."""
    where, params = ["1=1"], []
    if manager is not None:
        where.append("d.manager = ?")
        params.append(manager)
    stage_list = list(stages or [])
    if stage_list:
        where.append(f"d.stage IN ({', '.join('?' * len(stage_list))})")
        params.extend(stage_list)
    params.append(limit)
    return list(
        db.query(
            f"SELECT d.id, d.title, d.stage, d.manager, d.amount_kop, d.lead_source, d.stage_at, "
            "d.client_id, "
            "d.created_at, d.next_task_due, c.name AS client, c.inn AS client_inn "
            "FROM deals d LEFT JOIN clients c ON c.id = d.client_id "
            f"WHERE {' AND '.join(where)} ORDER BY d.stage_at DESC, d.id LIMIT ?",
            params,
        )
    )


def returned_deals(db: Database, manager: str | None = None) -> list[dict[str, Any]]:
    """Deals QC returned to work after a callback, newest first (a manager's own when named)."""
    where, params = "r.outcome = 'returned'", []
    if manager is not None:
        where += " AND d.manager = ?"
        params.append(manager)
    return list(
        db.query(
            "SELECT d.id, d.title, d.stage, d.manager, d.amount_kop, c.name AS client, "
            "r.manager AS refused_by_manager, r.reason, r.comment, r.client_reason, "
            "r.verify_comment, r.verified_at, r.verified_by "
            "FROM deal_refusals r JOIN deals d ON d.id = r.deal_id "
            f"LEFT JOIN clients c ON c.id = d.client_id WHERE {where} "
            "ORDER BY r.verified_at DESC LIMIT 1000",
            params,
        )
    )


def deal_history(db: Database, deal_id: str) -> list[dict[str, Any]]:
    """The deal's stage changes and activities, oldest first, for the QC card."""
    rows = list(
        db.query(
            "SELECT at, login, 'stage' AS kind, from_stage, to_stage, manager, reason, comment, "
            "'' AS text FROM deal_history WHERE deal_id = ? "
            "UNION ALL SELECT at, manager AS login, kind, NULL, NULL, manager, '', '', text "
            "FROM deal_activities WHERE deal_id = ? ORDER BY at",
            [deal_id, deal_id],
        )
    )
    return rows


def client_contact(db: Database, client_id: int | None) -> dict[str, Any]:
    """The client's first contact person and phone (the QC call needs someone to ring)."""
    empty = {"name": "", "role": "", "phone": "", "email": ""}
    if client_id is None:
        return empty
    rows = list(
        db.query(
            "SELECT name, role, phone, email FROM client_contacts WHERE client_id = ? "
            "ORDER BY (phone = ''), id LIMIT 1",
            [client_id],
        )
    )
    contact = rows[0] if rows else dict(empty)
    if not contact["phone"]:
        row = db.execute(
            "SELECT phone FROM client_details WHERE client_id = ?", [client_id]
        ).fetchone()
        contact["phone"] = row[0] if row else ""
    return contact


def manager_logins(db: Database) -> dict[str, str]:
    """Active users who may own deals: login -> name."""
    rows = db.execute(
        "SELECT login, name FROM users WHERE active = 1 AND role IN ('manager', 'head') "
        "ORDER BY name"
    ).fetchall()
    return {r[0]: r[1] for r in rows}


# ---- the one write path for stages ------------------------------------------------------------


def _enforce(db: Database, actor: Actor, action: Action, target: str) -> None:
    if not can(actor.role, action):
        write_audit(db, actor.login, "permission.denied", str(action), area=target)
        raise PermissionDenied(actor.role, action)


def _audit_refusal(db: Database, actor: Actor, deal_id: str, code: str, **details: Any) -> None:
    """Record a refused attempt after its transaction rolled back (autocommit)."""
    write_audit(db, actor.login, "deal.refused", deal_id, code=code, role=actor.role, **details)


def _history(
    db: Database,
    deal_id: str,
    at: str,
    login: str | None,
    from_stage: str | None,
    to_stage: str,
    manager: str,
    reason: str = "",
    comment: str = "",
) -> None:
    db.execute(
        "INSERT INTO deal_history (deal_id, at, login, from_stage, to_stage, manager, reason, "
        "comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [deal_id, at, login, from_stage, to_stage, manager, reason, comment],
    )


def move_deal(
    db: Database,
    actor: Actor,
    deal_id: str,
    stage: str,
    reason: str = "",
    comment: str = "",
    now: datetime | None = None,
) -> dict[str, Any]:
    """Move a deal to a stage under the rules of core.deals.check_move; returns the deal after.

    Raises DealNotFound, DealRuleError (nothing changed, the attempt audited as deal.refused).
    """
    deal_id = str(deal_id).strip()
    at = to_stored(now or utcnow())
    try:
        with write_tx(db):
            deal = get_deal(db, deal_id)
            if deal is None:
                raise DealNotFound(deal_id)
            if stage not in STAGES:
                raise DealRuleError("unknown_stage", stage=stage)
            try:
                reason_name = check_move(
                    Move(actor.role, actor.login, deal["manager"], deal["stage"], stage, reason,
                         comment),
                    list_reasons(db),
                )  # fmt: skip
            except DealRuleError as exc:
                if exc.code == "same_stage":
                    return deal  # already there (e.g. closed by a confirmed callback): no-op
                raise
            closed_at = at if stage in CLOSED_STAGES else None
            db.execute(
                "UPDATE deals SET stage = ?, stage_at = ?, updated_at = ?, closed_at = ? "
                "WHERE id = ?",
                [stage, at, at, closed_at, deal_id],
            )
            if stage == CONDITIONAL_REFUSAL:
                db.execute(
                    "INSERT INTO deal_refusals (deal_id, manager, reason, comment, amount_kop, "
                    "refused_at, refused_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [deal_id, deal["manager"], reason_name, comment.strip(), deal["amount_kop"],
                     at, actor.login],
                )  # fmt: skip
            _history(
                db, deal_id, at, actor.login, deal["stage"], stage, deal["manager"],
                reason_name, comment.strip(),
            )  # fmt: skip
            if WON in (stage, deal["stage"]):
                sync_won(db, deal_id)
            write_audit(
                db, actor.login, "deal.move", deal_id, when=now, stage=stage,
                reason=reason_name or None,
            )  # fmt: skip
    except DealRuleError as exc:
        _audit_refusal(db, actor, deal_id, exc.code, stage=stage, reason=reason or None)
        raise
    except DealNotFound:
        _audit_refusal(db, actor, deal_id, "unknown_deal", stage=stage)
        raise
    result = get_deal(db, deal_id)
    assert result is not None
    return result


@dataclass(frozen=True)
class Verification:
    """What a QC callback found: the outcome, the client's own reason, where the deal goes."""

    outcome: str
    client_reason: str = ""
    comment: str = ""
    to_manager: str = ""


def verify_refusal(
    db: Database,
    actor: Actor,
    deal_id: str,
    verification: Verification,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Record a QC callback on a conditional refusal: `confirmed` closes the deal as lost,
    `returned` puts it back «В работе» (to another manager when named). Staff only; audited.

    Raises DealNotFound, UnknownManager, DealRuleError (nothing changed, the attempt audited).
    """
    deal_id = str(deal_id).strip()
    at = to_stored(now or utcnow())
    v = verification
    try:
        with write_tx(db):
            deal = get_deal(db, deal_id)
            if deal is None:
                raise DealNotFound(deal_id)
            check_verify(actor.role, deal["stage"], v.outcome)
            refusal = open_refusal(db, deal_id)
            if refusal is None:
                raise DealRuleError("not_in_refusal")
            client_reason = " ".join(v.client_reason.split())
            client_reason = match_reason(client_reason, list_reasons(db, True)) or client_reason
            new_manager = deal["manager"]
            if v.outcome == RETURNED and v.to_manager.strip():
                login = v.to_manager.strip().lower()
                row = db.execute(
                    "SELECT login FROM users WHERE lower(login) = ? AND active = 1", [login]
                ).fetchone()
                if row is None:
                    raise UnknownManager(v.to_manager)
                new_manager = row[0]
            elif v.outcome == CONFIRMED and v.to_manager.strip():
                raise DealRuleError("to_manager_needs_return")
            stage = CLOSED_LOST if v.outcome == CONFIRMED else IN_WORK
            db.execute(
                "UPDATE deal_refusals SET outcome = ?, verified_at = ?, verified_by = ?, "
                "client_reason = ?, verify_comment = ?, to_manager = ? WHERE id = ?",
                [v.outcome, at, actor.login, client_reason, v.comment.strip(),
                 new_manager if v.outcome == RETURNED else None, refusal["id"]],
            )  # fmt: skip
            db.execute(
                "UPDATE deals SET stage = ?, stage_at = ?, updated_at = ?, manager = ?, "
                "closed_at = ?, loss_reason = ?, loss_comment = ? WHERE id = ?",
                [stage, at, at, new_manager, at if stage == CLOSED_LOST else None,
                 refusal["reason"] if stage == CLOSED_LOST else deal["loss_reason"],
                 refusal["comment"] if stage == CLOSED_LOST else deal["loss_comment"], deal_id],
            )  # fmt: skip
            if new_manager != deal["manager"]:
                db.execute(
                    "UPDATE client_details SET manager = ? WHERE client_id = ? AND manager = ?",
                    [new_manager, deal["client_id"], deal["manager"]],
                )
            _history(
                db, deal_id, at, actor.login, CONDITIONAL_REFUSAL, stage, new_manager,
                client_reason, v.comment.strip(),
            )  # fmt: skip
            write_audit(
                db, actor.login, "deal.verify", deal_id, when=now, outcome=v.outcome,
                client_reason=client_reason, manager=new_manager,
            )  # fmt: skip
            if v.outcome == RETURNED:
                _notify_returned(db, deal_id, deal, new_manager, refusal, client_reason, v.comment)
    except DealRuleError as exc:
        _audit_refusal(db, actor, deal_id, exc.code, outcome=v.outcome)
        raise
    except UnknownManager:
        _audit_refusal(db, actor, deal_id, "unknown_manager", to_manager=v.to_manager)
        raise
    except DealNotFound:
        _audit_refusal(db, actor, deal_id, "unknown_deal", outcome=v.outcome)
        raise
    result = get_deal(db, deal_id)
    assert result is not None
    return result


def _notify_returned(
    db: Database,
    deal_id: str,
    deal: Mapping[str, Any],
    manager: str,
    refusal: Mapping[str, Any],
    client_reason: str,
    comment: str,
) -> None:
    """Queue the e-mail telling the manager the deal came back, in this transaction (the text is
    ui/texts/notify.py EVENT_MAIL["deal_returned"])."""
    notify_event(
        db,
        "deal_returned",
        {
            "id": deal_id,
            "title": one_line(deal["title"] or "") or "—",
            "client": one_line(deal.get("client") or "") or "—",
            "reason": one_line(refusal["reason"]),
            "client_reason": one_line(client_reason) or "—",
            "comment": one_line(comment) or "—",
        },
        link="/deals_my",
        logins=[manager],
    )


def check_late_refusals(
    db: Database, now: datetime | None = None, tz: str = "Europe/Moscow"
) -> dict[str, Any]:
    """The queue-age job: refusals that passed the target since the last run are marked and QC and
    the head are e-mailed once about them; a second run finds nothing new."""
    now = now or utcnow()
    with write_tx(db):
        queue = verification_queue(db, now, tz)
        late = [r for r in queue if r["overdue"]]
        fresh = [
            r["refusal_id"]
            for r in late
            if db.execute(
                "SELECT late_notified_at IS NULL FROM deal_refusals WHERE id = ?", [r["refusal_id"]]
            ).fetchone()[0]
        ]
        queued = 0
        if fresh:
            db.conn.executemany(
                "UPDATE deal_refusals SET late_notified_at = ? WHERE id = ?",
                [(to_stored(now), refusal_id) for refusal_id in fresh],
            )
            queued = notify_event(
                db,
                "refusals_late",
                {
                    "awaiting": len(queue),
                    "overdue": len(late),
                    "target": target_days(db),
                    "oldest": f"{queue[0]['age_days']:.1f}".replace(".", ","),
                },
                link="/deals_queue",
                now=now,
            )
    return {"awaiting": len(queue), "overdue": len(late), "new_overdue": len(fresh),
            "mails": queued}  # fmt: skip


def update_deal(
    db: Database,
    actor: Actor,
    deal_id: str,
    *,
    amount_kop: int | None = None,
    title: str | None = None,
    lead_source: str | None = None,
    manager: str | None = None,
) -> dict[str, Any]:
    """Edit a deal's data (a manager their own deals; reassigning is staff's); audited."""
    if actor.role not in ("manager", "qc", "head", "admin"):
        _audit_refusal(db, actor, deal_id, "forbidden_role")
        raise DealRuleError("forbidden_role")
    try:
        with write_tx(db):
            deal = get_deal(db, deal_id)
            if deal is None:
                raise DealNotFound(deal_id)
            if actor.role == "manager" and norm_key(deal["manager"]) != norm_key(actor.login):
                raise DealRuleError("not_own_deal")
            if manager is not None and manager != deal["manager"] and actor.role == "manager":
                raise DealRuleError("reassign_forbidden")
            changes: dict[str, Any] = {}
            if amount_kop is not None:
                changes["amount_kop"] = int(amount_kop)
            if title is not None:
                changes["title"] = title.strip()
            if lead_source is not None:
                changes["lead_source"] = lead_source.strip()
            if manager is not None:
                changes["manager"] = manager
            if changes:
                changes["updated_at"] = to_stored(utcnow())
                sets = ", ".join(f"{k} = ?" for k in changes)
                db.execute(f"UPDATE deals SET {sets} WHERE id = ?", [*changes.values(), deal_id])
                if "amount_kop" in changes and deal["stage"] == WON:
                    sync_won(db, deal_id)
                write_audit(db, actor.login, "deal.update", deal_id, **changes)
    except DealRuleError as exc:
        _audit_refusal(db, actor, deal_id, exc.code)
        raise
    result = get_deal(db, deal_id)
    assert result is not None
    return result


# ---- tasks and activities (hygiene data) ----------------------------------------------------


def _refresh_next_task(db: Database, deal_id: str | None) -> None:
    if deal_id:
        db.execute(
            "UPDATE deals SET next_task_due = (SELECT MIN(due_at) FROM deal_tasks "
            "WHERE deal_id = ? AND done_at IS NULL) WHERE id = ?",
            [deal_id, deal_id],
        )


@contextmanager
def _audited(db: Database, actor: Actor, target: str) -> Iterator[None]:
    """Audit a refused change after its transaction rolled back (use outside write_tx)."""
    try:
        yield
    except DealRuleError as exc:
        _audit_refusal(db, actor, target, exc.code)
        raise


def add_task(db: Database, actor: Actor, deal_id: str, title: str, due: datetime) -> int:
    """Plan the next step of a deal (its manager or staff); keeps the deal's next_task_due."""
    with _audited(db, actor, deal_id), write_tx(db):
        deal = get_deal(db, deal_id)
        if deal is None:
            raise DealNotFound(deal_id)
        if actor.role == "manager" and norm_key(deal["manager"]) != norm_key(actor.login):
            raise DealRuleError("not_own_deal")
        if actor.role == "viewer":
            raise DealRuleError("forbidden_role")
        cur = db.execute(
            "INSERT INTO deal_tasks (deal_id, client_id, manager, title, due_at, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [deal_id, deal["client_id"], deal["manager"], title.strip(), to_stored(due),
             to_stored(utcnow())],
        )  # fmt: skip
        _refresh_next_task(db, deal_id)
        write_audit(db, actor.login, "deal.task", deal_id, title=title.strip())
        return int(cur.lastrowid or 0)


def complete_task(db: Database, actor: Actor, task_id: int) -> None:
    """Mark a task done (its manager or staff)."""
    with _audited(db, actor, str(task_id)), write_tx(db):
        row = db.execute(
            "SELECT deal_id, manager FROM deal_tasks WHERE id = ?", [task_id]
        ).fetchone()
        if row is None:
            raise DealRuleError("unknown_task")
        if actor.role == "manager" and norm_key(row[1]) != norm_key(actor.login):
            raise DealRuleError("not_own_deal")
        if actor.role == "viewer":
            raise DealRuleError("forbidden_role")
        db.execute(
            "UPDATE deal_tasks SET done_at = ? WHERE id = ? AND done_at IS NULL",
            [to_stored(utcnow()), task_id],
        )
        _refresh_next_task(db, row[0])
        write_audit(db, actor.login, "deal.task_done", str(task_id))


def add_activity(
    db: Database, actor: Actor, deal_id: str, kind: str, text: str, at: datetime | None = None
) -> None:
    """Record a call, letter, meeting or note on a deal; the client's last contact moves on."""
    with _audited(db, actor, deal_id), write_tx(db):
        deal = get_deal(db, deal_id)
        if deal is None:
            raise DealNotFound(deal_id)
        if actor.role == "manager" and norm_key(deal["manager"]) != norm_key(actor.login):
            raise DealRuleError("not_own_deal")
        if actor.role == "viewer":
            raise DealRuleError("forbidden_role")
        moment = to_stored(at or utcnow())
        db.execute(
            "INSERT INTO deal_activities (client_id, deal_id, manager, kind, at, text) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [deal["client_id"], deal_id, actor.login, kind, moment, text.strip()],
        )
        if deal["client_id"] is not None:
            db.execute(
                "UPDATE client_details SET last_contact_at = MAX(COALESCE(last_contact_at, ''), ?)"
                " WHERE client_id = ?",
                [moment, deal["client_id"]],
            )
        write_audit(db, actor.login, "deal.activity", deal_id, kind=kind)


# ---- the verification queue -----------------------------------------------------------------


def _clock(db: Database, tz: str, first: datetime, last: datetime) -> tuple[WorkClock, float]:
    """A working-time clock over the span, and the standard working day's length in seconds."""
    calendar = load_calendar(db)
    clock = WorkClock(calendar, tz, first.astimezone(UTC).date(), last.astimezone(UTC).date())
    day = sum(end - start for start, end in calendar.standard_day) * 60
    return clock, float(day or 8 * 3600)


def verification_queue(
    db: Database, now: datetime | None = None, tz: str = "Europe/Moscow"
) -> list[dict[str, Any]]:
    """Conditional refusals waiting for a callback, oldest first, with their age in working days
    against the target."""
    now = now or utcnow()
    rows = list(
        db.query(
            "SELECT r.id AS refusal_id, r.deal_id, r.manager, r.reason, r.comment, r.refused_at, "
            "r.refused_by, d.title, d.amount_kop, d.client_id, d.created_at, c.name AS client, "
            "c.inn AS client_inn, u.name AS manager_name "
            "FROM deal_refusals r JOIN deals d ON d.id = r.deal_id "
            "LEFT JOIN clients c ON c.id = d.client_id "
            "LEFT JOIN users u ON u.login = r.manager "
            "WHERE r.outcome IS NULL AND d.stage = 'conditional_refusal' "
            "ORDER BY r.refused_at, r.id"
        )
    )
    if not rows:
        return rows
    first = from_stored(rows[0]["refused_at"]) or now
    clock, day = _clock(db, tz, first, now)
    target = target_days(db)
    end = now.timestamp()
    for row in rows:
        start = (from_stored(row["refused_at"]) or now).timestamp()
        row["age_days"] = round(clock.seconds(start, end) / day, 2)
        row["target_days"] = target
        row["overdue"] = row["age_days"] > target
    return rows


def queue_summary(db: Database, now: datetime | None = None, tz: str = "Europe/Moscow") -> dict:
    """For the overview card and the job: how many wait, the oldest wait, how many are late."""
    queue = verification_queue(db, now, tz)
    return {
        "awaiting": len(queue),
        "oldest_days": queue[0]["age_days"] if queue else None,
        "overdue": sum(1 for r in queue if r["overdue"]),
        "target_days": target_days(db),
    }


def returned_this_month(db: Database, now: datetime | None = None, tz: str = DEFAULT_TZ) -> int:
    """Kopecks returned to the funnel by callbacks since the month began where the company works
    (a callback at 01:00 Moscow time on the 1st belongs to the new month, not the old one)."""
    now = now or utcnow()
    start = local_day_start_utc(to_local(now, tz).date().replace(day=1), tz)
    row = db.execute(
        "SELECT COALESCE(SUM(amount_kop), 0) FROM deal_refusals "
        "WHERE outcome = 'returned' AND verified_at >= ?",
        [to_stored(start)],
    ).fetchone()
    return int(row[0])


# ---- reports --------------------------------------------------------------------------------


def _period(column: str, start: str | None, end: str | None) -> tuple[str, list[str]]:
    where, params = [], []
    if start:
        where.append(f"{column} >= ?")
        params.append(start)
    if end:
        where.append(f"{column} < ?")
        params.append(end)
    return (" AND ".join(where) or "1=1"), params


def refusal_groups(
    db: Database, start: str | None = None, end: str | None = None
) -> list[tuple[str, str, str, str | None, int, int, int]]:
    """One grouped pass over the refusals made in [start, end): (manager, reason, client's
    reason, outcome, count, kopecks, kopecks won after the return) — every refusal figure is
    summed from these few rows (one covering index)."""
    where, params = _period("refused_at", start, end)
    return [
        (r[0], r[1], r[2], r[3], r[4], r[5] or 0, r[6] or 0)
        for r in db.execute(
            "SELECT manager, reason, client_reason, outcome, COUNT(*), SUM(amount_kop), "
            f"SUM(won_kop) FROM deal_refusals WHERE {where} "
            "GROUP BY manager, reason, client_reason, outcome",
            params,
        ).fetchall()
    ]


def sync_won(db: Database, deal_id: str) -> None:
    """Keep won_kop on the deal's latest returned refusal: the deal's amount while it is won."""
    db.execute(
        "UPDATE deal_refusals SET won_kop = NULL WHERE deal_id = ? AND won_kop IS NOT NULL",
        [deal_id],
    )
    db.execute(
        "UPDATE deal_refusals SET won_kop = (SELECT amount_kop FROM deals WHERE id = ? "
        "AND stage = 'won') WHERE id = (SELECT MAX(id) FROM deal_refusals WHERE deal_id = ? "
        "AND outcome = 'returned')",
        [deal_id, deal_id],
    )


def refusal_report(
    db: Database, start: str | None = None, end: str | None = None
) -> dict[str, Any]:
    """`report refusals`: refusals made in [start, end) (stored UTC; all when None) — waiting,
    confirmed and returned, money returned and later won, manager's vs client's reasons, and
    per manager the false-refusal rate (returned of verified)."""
    groups = refusal_groups(db, start, end)
    counts = {None: 0, CONFIRMED: 0, RETURNED: 0}
    returned_kop = 0
    by_manager: dict[str, int] = {}
    by_client: dict[str, int] = {}
    people: dict[str, list[int]] = {}  # manager -> [refusals, returned, verified]
    won = 0
    for manager, reason, client_reason, outcome, n, kop, won_kop in groups:
        won += won_kop
        counts[outcome] = counts.get(outcome, 0) + n
        by_manager[reason] = by_manager.get(reason, 0) + n
        if outcome is not None and client_reason:
            by_client[client_reason] = by_client.get(client_reason, 0) + n
        figures = people.setdefault(manager, [0, 0, 0])
        figures[0] += n
        if outcome == RETURNED:
            figures[1] += n
            returned_kop += kop
        if outcome is not None:
            figures[2] += n
    active = list_reasons(db)
    order = list_reasons(db, include_inactive=True)
    names = order + sorted((set(by_manager) | set(by_client)) - set(order))
    reasons = [
        {"reason": name, "by_manager": by_manager.get(name, 0), "by_client": by_client.get(name, 0)}
        for name in names
        if name in by_manager or name in by_client or name in active
    ]
    managers = [
        {
            "manager": manager,
            "refusals": figures[0],
            "returned": figures[1],
            "false_rate": round(share(figures[1], figures[2]), 4),
        }
        for manager, figures in sorted(people.items())
    ]
    return {
        "awaiting": counts[None],
        "confirmed": counts[CONFIRMED],
        "returned": counts[RETURNED],
        "returned_amount": rubles(returned_kop),
        "won_after_return_amount": rubles(won or 0),
        "reasons": reasons,
        "managers": managers,
    }


def reason_mix(
    db: Database, start: str | None = None, end: str | None = None
) -> list[dict[str, Any]]:
    """Refusals per manager and reason with the manager's and the team's share of that reason,
    and how many times the team's share the manager's is (four times stands out)."""
    pairs: dict[tuple[str, str], int] = {}
    for manager, reason, _client, _outcome, n, _kop, _won in refusal_groups(db, start, end):
        pairs[(manager, reason)] = pairs.get((manager, reason), 0) + n
    per_manager: dict[str, int] = {}
    per_reason: dict[str, int] = {}
    for (manager, reason), n in pairs.items():
        per_manager[manager] = per_manager.get(manager, 0) + n
        per_reason[reason] = per_reason.get(reason, 0) + n
    total = sum(per_manager.values())
    result = []
    for (manager, reason), n in pairs.items():
        own = share(n, per_manager[manager])
        team = share(per_reason[reason], total)
        result.append(
            {
                "manager": manager,
                "reason": reason,
                "count": n,
                "share": round(own, 4),
                "team_share": round(team, 4),
                "ratio": round(own / team, 2) if team else None,
            }
        )
    result.sort(key=lambda r: (r["manager"], -r["count"]))
    return result


def reason_accuracy(
    db: Database, start: str | None = None, end: str | None = None
) -> dict[str, Any]:
    """Of verified refusals, how often the client named the manager's reason (overall and per
    reason)."""
    per_reason: dict[str, list[int]] = {}
    for _manager, reason, client_reason, outcome, n, _kop, _won in refusal_groups(db, start, end):
        if outcome is None:
            continue
        figures = per_reason.setdefault(reason, [0, 0])
        figures[0] += n
        if norm_key(client_reason) == norm_key(reason):
            figures[1] += n
    verified = sum(f[0] for f in per_reason.values())
    same = sum(f[1] for f in per_reason.values())
    return {
        "verified": verified,
        "same": same,
        "accuracy": round(share(same, verified), 4),
        "reasons": [
            {
                "reason": reason,
                "verified": f[0],
                "same": f[1],
                "accuracy": round(share(f[1], f[0]), 4),
            }
            for reason, f in per_reason.items()
        ],
    }


def crm_decisions(
    db: Database, start: str | None = None, end: str | None = None
) -> list[dict[str, Any]]:
    """«Back to the CRM»: every QC decision in [start, end) — deal id, the new stage in the
    source's own stage name, the manager — for the CRM to import."""
    where, params = _period("r.verified_at", start, end)
    rows = db.execute(
        "SELECT r.deal_id, r.outcome, r.verified_at, COALESCE(r.to_manager, r.manager), "
        "d.source_system, d.source_stage, r.client_reason, u.name "
        "FROM deal_refusals r JOIN deals d ON d.id = r.deal_id "
        "LEFT JOIN users u ON u.login = COALESCE(r.to_manager, r.manager) "
        f"WHERE r.outcome IS NOT NULL AND {where} ORDER BY r.verified_at, r.id",
        params,
    ).fetchall()
    maps = {system: saved_stage_map(db, system) for system in SYSTEMS}
    result = []
    for deal_id, outcome, at, manager, system, original, client_reason, name in rows:
        code = CLOSED_LOST if outcome == CONFIRMED else IN_WORK
        result.append(
            {
                "id": deal_id,
                "stage": source_stage_name(code, system, maps.get(system, {}), original),
                "stage_code": code,
                "manager": manager,
                "manager_name": name or manager,
                "decided_at": at,
                "client_reason": client_reason,
            }
        )
    return result


def hygiene_report(
    db: Database, now: datetime | None = None, fix_limit: int = 1000
) -> dict[str, Any]:
    """`report crm-hygiene`: per manager the completeness of client data (contact name, role,
    phone, e-mail, industry, segment) and of open deals' data (stage, next task, amount, source),
    overdue tasks, clients not contacted for 1, 3 and 12 months, a 0–100 score; and a to-fix list."""
    now = now or utcnow()
    cuts = [to_stored(months_before(now, m)) for m in (1, 3, 12)]
    stamp = to_stored(now)
    clients = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT cd.manager, COUNT(*), "
            "SUM((cd.contact_flags & 1 != 0) + (cd.contact_flags & 2 != 0) "
            "+ (cd.contact_flags & 4 != 0 OR cd.phone != '') "
            "+ (cd.contact_flags & 8 != 0 OR cd.email != '') + (cd.industry != '') "
            "+ (COALESCE(c.segment, '') != '')), "
            "SUM(cd.last_contact_at IS NULL OR cd.last_contact_at < ?), "
            "SUM(cd.last_contact_at IS NULL OR cd.last_contact_at < ?), "
            "SUM(cd.last_contact_at IS NULL OR cd.last_contact_at < ?), "
            f"SUM({CLIENT_GAP}) "
            "FROM client_details cd NOT INDEXED LEFT JOIN clients c ON c.id = cd.client_id "
            "WHERE cd.manager != '' GROUP BY cd.manager",
            [*cuts, cuts[1]],
        ).fetchall()
    }
    deals = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT manager, COUNT(*), SUM(1 + (next_task_due IS NOT NULL) "
            "+ (COALESCE(amount_kop, 0) > 0) + (lead_source != '')), "
            "SUM(next_task_due IS NULL OR COALESCE(amount_kop, 0) <= 0 OR lead_source = '') "
            "FROM deals WHERE stage IN ('new', 'in_work', 'proposal') AND manager != '' "
            "GROUP BY manager"
        ).fetchall()
    }
    overdue = dict(
        db.execute(
            "SELECT manager, COUNT(*) FROM deal_tasks WHERE done_at IS NULL AND due_at < ? "
            "AND manager != '' GROUP BY manager",
            [stamp],
        ).fetchall()
    )
    managers = []
    for manager in sorted(set(clients) | set(deals) | set(overdue)):
        c = clients.get(manager, (0, 0, 0, 0, 0, 0))
        d = deals.get(manager, (0, 0, 0))
        figures = HygieneFigures(
            manager=manager, clients=c[0], client_fields_filled=c[1] or 0, deals=d[0],
            deal_fields_filled=d[1] or 0, overdue_tasks=overdue.get(manager, 0),
            no_contact_1m=c[2] or 0, no_contact_3m=c[3] or 0, no_contact_12m=c[4] or 0,
        )  # fmt: skip
        managers.append(_hygiene_row(figures))
    team = HygieneFigures(
        manager="",
        **{
            name: sum(getattr(_figures(r), name) for r in managers)
            for name in ("clients", "client_fields_filled", "deals", "deal_fields_filled",
                         "overdue_tasks", "no_contact_1m", "no_contact_3m", "no_contact_12m")
        },
    )  # fmt: skip
    to_fix = hygiene_to_fix(db, now, fix_limit)
    total = sum((c[5] or 0) for c in clients.values()) + sum((d[2] or 0) for d in deals.values())
    total += sum(overdue.values())
    team_row = {k: v for k, v in _hygiene_row(team).items() if k != "manager"}
    # the team's score is its managers' mean: overdue tasks are counted against each one's norm
    team_row["score"] = (
        round(sum(r["score"] for r in managers) / len(managers), 1) if managers else 100.0
    )
    return {
        "managers": managers,
        "team": team_row,
        "to_fix": to_fix,
        "to_fix_total": total,
    }


def _hygiene_row(f: HygieneFigures) -> dict[str, Any]:
    return {
        "manager": f.manager,
        "clients": f.clients,
        "client_completeness": round(f.client_completeness, 4),
        "deals": f.deals,
        "deal_completeness": round(f.deal_completeness, 4),
        "overdue_tasks": f.overdue_tasks,
        "no_contact_1m": f.no_contact_1m,
        "no_contact_3m": f.no_contact_3m,
        "no_contact_12m": f.no_contact_12m,
        "score": hygiene_score(f),
        "_filled": (f.client_fields_filled, f.deal_fields_filled),
    }


def _figures(row: Mapping[str, Any]) -> HygieneFigures:
    return HygieneFigures(
        manager=row["manager"], clients=row["clients"], client_fields_filled=row["_filled"][0],
        deals=row["deals"], deal_fields_filled=row["_filled"][1],
        overdue_tasks=row["overdue_tasks"], no_contact_1m=row["no_contact_1m"],
        no_contact_3m=row["no_contact_3m"], no_contact_12m=row["no_contact_12m"],
    )  # fmt: skip


def strip_private(report: dict[str, Any]) -> dict[str, Any]:
    """The hygiene report without its helper fields (for JSON and pages)."""
    out = dict(report)
    out["managers"] = [{k: v for k, v in r.items() if k != "_filled"} for r in report["managers"]]
    out["team"] = {k: v for k, v in report["team"].items() if k != "_filled"}
    return out


# A client to fix: a gap in its contact data, or no contact for three months (the `?` bound).
CLIENT_GAP = (
    "(cd.contact_flags & 3 != 3 OR NOT (cd.contact_flags & 4 OR cd.phone != '') "
    "OR NOT (cd.contact_flags & 8 OR cd.email != '') OR cd.industry = '' "
    "OR COALESCE(c.segment, '') = '' OR cd.last_contact_at IS NULL OR cd.last_contact_at < ?)"
)


def hygiene_to_fix(db: Database, now: datetime, limit: int = 1000) -> list[dict[str, Any]]:
    """What to fix, record by record: open deals without a next task, amount or source; overdue
    tasks; clients without contact data or not contacted for three months — the first `limit` of
    each kind in storage order (the totals come from the report's own passes)."""
    stamp = to_stored(now)
    cut = to_stored(months_before(now, 3))
    items: list[dict[str, Any]] = []
    for deal_id, manager, task, amount, source in db.execute(
        "SELECT id, manager, next_task_due, amount_kop, lead_source FROM deals "
        "WHERE stage IN ('new', 'in_work', 'proposal') AND manager != '' AND (next_task_due IS NULL "
        "OR COALESCE(amount_kop, 0) <= 0 OR lead_source = '') LIMIT ?",
        [limit],
    ).fetchall():
        missing = [name for name, gap in (("next_task", task is None),
                   ("amount", not amount or amount <= 0), ("source", not source)) if gap]  # fmt: skip
        items.append({"kind": "deal", "id": deal_id, "manager": manager, "problems": missing})
    for task_id, deal_id, manager, due in db.execute(
        "SELECT id, deal_id, manager, due_at FROM deal_tasks WHERE done_at IS NULL AND due_at < ? "
        "AND manager != '' LIMIT ?",
        [stamp, limit],
    ).fetchall():
        items.append(
            {"kind": "task", "id": str(task_id), "deal_id": deal_id, "manager": manager,
             "problems": ["overdue"], "due_at": due}
        )  # fmt: skip
    for row in db.execute(
        "SELECT cd.client_id, c.name, cd.manager, cd.contact_flags & 1, cd.contact_flags & 2, "
        "(cd.contact_flags & 4 OR cd.phone != ''), (cd.contact_flags & 8 OR cd.email != ''), "
        "cd.industry, c.segment, cd.last_contact_at FROM client_details cd "
        "LEFT JOIN clients c ON c.id = cd.client_id "
        f"WHERE cd.manager != '' AND {CLIENT_GAP} LIMIT ?",
        [cut, limit],
    ).fetchall():
        client_id, name, manager, has_name, has_role, phone, email, industry, segment, last = row
        missing = [
            label
            for label, gap in (
                ("contact_name", not has_name), ("contact_role", not has_role),
                ("phone", not phone), ("email", not email), ("industry", not industry),
                ("segment", not segment), ("no_contact_3m", last is None or last < cut),
            )
            if gap
        ]  # fmt: skip
        items.append(
            {"kind": "client", "id": str(client_id), "name": name or "", "manager": manager,
             "problems": missing}
        )  # fmt: skip
    return items


# ---- imports --------------------------------------------------------------------------------


def resolve_manager(names: Mapping[str, str], raw: str) -> str:
    """A manager cell (login or full name, any case) as a user's login; the text itself otherwise."""
    text = " ".join(raw.split())
    if not text:
        return ""
    key = norm_key(text)
    return names.get(key, text)


def _store_each(
    db: Database,
    records: Sequence[Any],
    store: Callable[[Any, Mapping[str, str], dict[tuple[str, str], int]], bool],
) -> tuple[int, int]:
    """(written, unchanged) of storing records one by one with one manager index and one client
    cache shared by the whole file (the deals and clients stores both write this way)."""
    managers = _manager_index(db)
    cache: dict[tuple[str, str], int] = {}
    written = sum(1 for rec in records if store(rec, managers, cache))
    return written, len(records) - written


def _manager_index(db: Database) -> dict[str, str]:
    index: dict[str, str] = {}
    for login, name in db.execute("SELECT login, name FROM users").fetchall():
        index[norm_key(name)] = login
        # «Иванова Анна Сергеевна» and «Анна Иванова» written in exports
        parts = norm_key(name).split()
        if len(parts) >= 2:
            index.setdefault(f"{parts[1]} {parts[0]}", login)
            index.setdefault(" ".join(parts[:2]), login)
    for login, _ in db.execute("SELECT login, name FROM users").fetchall():
        index[norm_key(login)] = login
    return index


def _client_id(db: Database, cache: dict[tuple[str, str], int], name: str, inn: str | None) -> int:
    key = (inn or "", norm_key(name))
    if key in cache:
        return cache[key]
    row = None
    if inn:
        row = db.execute("SELECT id FROM clients WHERE inn = ?", [inn]).fetchone()
    if row is None and name:
        row = db.execute(
            "SELECT id FROM clients WHERE name = ? AND (inn IS NULL OR ? IS NULL)", [name, inn]
        ).fetchone()
    if row is None:
        cur = db.execute("INSERT INTO clients (name, inn) VALUES (?, ?)", [name or inn or "—", inn])
        client_id = int(cur.lastrowid or 0)
    else:
        client_id = int(row[0])
    cache[key] = client_id
    return client_id


def resolve_stages(
    db: Database, records: Sequence[DealRecord]
) -> tuple[list[DealRecord], list[Problem]]:
    """Deals the reader left without a funnel stage get it from the saved stage map of their
    system; those still unknown become `unmapped_stage` rejects naming the stage."""
    from dataclasses import replace

    maps: dict[str, dict[str, str]] = {}
    kept: list[DealRecord] = []
    problems: list[Problem] = []
    for rec in records:
        if rec.stage:
            kept.append(rec)
            continue
        if rec.system not in maps:
            maps[rec.system] = merged_stage_map(rec.system, saved_stage_map(db, rec.system))
        code = map_stage(rec.source_stage, maps[rec.system])
        if code is None:
            problems.append(
                Problem(rec.row, "stage", UNMAPPED_STAGE, {"stage": rec.source_stage, "id": rec.id})
            )
        else:
            kept.append(replace(rec, stage=code))
    return kept, problems


def preview_deal_import(db: Database, result: ImportResult[DealRecord]) -> ImportResult[DealRecord]:
    """A dry run's view of the import: the saved stage maps applied as the store applies them, so
    a stage no map knows is counted as an `unmapped_stage` reject before anything is stored."""
    from dataclasses import replace

    records, unmapped = resolve_stages(db, result.records)
    problems = sorted([*result.problems, *unmapped], key=lambda p: p.row or 0)
    return replace(result, records=records, problems=problems)


def store_deal_import(
    db: Database,
    actor: Actor,
    kind: str,
    file_name: str,
    file_digest: str,
    result: ImportResult[DealRecord],
    tz: str,
    progress: Any = None,
) -> dict[str, Any]:
    """The `deals` kind's store (importers/kinds.py): saved stage maps applied, then new deals
    inserted and known ones updated (a stage decided here is kept) in one transaction."""
    records, unmapped = resolve_stages(db, result.records)
    if unmapped:
        result.records = records
        result.problems = sorted([*result.problems, *unmapped], key=lambda p: p.row or 0)
    now = to_stored(utcnow()) or ""

    def write(db: Database, records: Sequence[DealRecord], import_id: int) -> tuple[int, int]:
        return _store_each(
            db, records, lambda rec, managers, cache: _store_one(
                db, rec, managers, cache, import_id, now)
        )  # fmt: skip

    return store_import(db, actor, kind, file_name, file_digest, result, write=write)


def _store_one(
    db: Database,
    rec: DealRecord,
    managers: Mapping[str, str],
    cache: dict[tuple[str, str], int],
    import_id: int,
    now: str,
) -> bool:
    """Insert or update one deal with its client, contact and items; True when anything changed."""
    client_id = _client_id(db, cache, rec.client_name, rec.client_inn) if (
        rec.client_name or rec.client_inn) else None  # fmt: skip
    manager = resolve_manager(managers, rec.manager)
    created = to_stored(rec.created_at) if rec.created_at else now
    closed = to_stored(rec.closed_at) if rec.closed_at else None
    old = get_deal(db, rec.id)
    values = {
        "title": rec.title, "client_id": client_id, "manager": manager,
        "source_system": rec.system, "source_stage": rec.source_stage,
        "amount_kop": rec.amount_kop, "lead_source": rec.lead_source,
        "loss_reason": rec.loss_reason, "loss_comment": rec.loss_comment,
    }  # fmt: skip
    changed = False
    if old is None:
        db.execute(
            "INSERT INTO deals (id, title, client_id, manager, stage, source_system, source_stage,"
            " amount_kop, lead_source, created_at, stage_at, updated_at, closed_at, loss_reason, "
            "loss_comment, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [rec.id, rec.title, client_id, manager, rec.stage, rec.system, rec.source_stage,
             rec.amount_kop, rec.lead_source, created, closed or created, now,
             closed if rec.stage in CLOSED_STAGES else None, rec.loss_reason, rec.loss_comment,
             import_id],
        )  # fmt: skip
        _history(db, rec.id, created, None, None, rec.stage, manager, rec.loss_reason)
        changed = True
    else:
        decided_here = db.execute(
            "SELECT 1 FROM deal_history WHERE deal_id = ? AND login IS NOT NULL LIMIT 1", [rec.id]
        ).fetchone()
        diff = {k: v for k, v in values.items() if old[k] != v}
        if decided_here:
            diff.pop("manager", None)  # QC may have handed it to another manager here
        elif old["stage"] != rec.stage:
            diff["stage"] = rec.stage
            diff["stage_at"] = now
            _history(db, rec.id, now, None, old["stage"], rec.stage, manager, rec.loss_reason)
        if diff:
            diff["updated_at"] = now
            sets = ", ".join(f"{k} = ?" for k in diff)
            db.execute(f"UPDATE deals SET {sets} WHERE id = ?", [*diff.values(), rec.id])
            if {"stage", "amount_kop"} & set(diff):
                sync_won(db, rec.id)
            changed = True
    if rec.items:
        old_items = db.execute(
            "SELECT product, quantity, price_kop, amount_kop FROM deal_items WHERE deal_id = ? "
            "ORDER BY line",
            [rec.id],
        ).fetchall()
        new_items = [(i.product, i.quantity, i.price_kop, i.amount_kop) for i in rec.items]
        if [tuple(r) for r in old_items] != new_items:
            db.execute("DELETE FROM deal_items WHERE deal_id = ?", [rec.id])
            db.conn.executemany(
                "INSERT INTO deal_items (deal_id, line, product, quantity, price_kop, amount_kop) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(rec.id, n, *item) for n, item in enumerate(new_items, 1)],
            )
            changed = True
    if client_id is not None:
        changed |= _store_client_details(db, client_id, manager, rec, now)
    if (
        rec.notes
        and not db.execute(
            "SELECT 1 FROM deal_activities WHERE deal_id = ? AND kind = 'note' AND text = ?",
            [rec.id, rec.notes],
        ).fetchone()
    ):
        db.execute(
            "INSERT INTO deal_activities (client_id, deal_id, manager, kind, at, text) "
            "VALUES (?, ?, ?, 'note', ?, ?)",
            [client_id, rec.id, manager, created, rec.notes],
        )
        changed = True
    return changed


def _store_client_details(
    db: Database, client_id: int, manager: str, rec: DealRecord, now: str
) -> bool:
    row = db.execute(
        "SELECT manager, industry, phone, email FROM client_details WHERE client_id = ?",
        [client_id],
    ).fetchone()
    changed = False
    if row is None:
        db.execute(
            "INSERT INTO client_details (client_id, manager, industry, phone, email, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [client_id, manager, rec.industry, rec.phone, rec.email, now],
        )
        changed = True
    else:
        fresh = (
            row[0] or manager,
            rec.industry or row[1],
            rec.phone or row[2],
            rec.email or row[3],
        )
        if tuple(row) != fresh:
            db.execute(
                "UPDATE client_details SET manager = ?, industry = ?, phone = ?, email = ?, "
                "updated_at = ? WHERE client_id = ?",
                [*fresh, now, client_id],
            )
            changed = True
    if rec.contact_name or rec.phone or rec.email:
        exists = db.execute(
            "SELECT 1 FROM client_contacts WHERE client_id = ? AND name = ? AND phone = ? "
            "AND email = ?",
            [client_id, rec.contact_name, rec.phone, rec.email],
        ).fetchone()
        if not exists:
            db.execute(
                "INSERT INTO client_contacts (client_id, name, role, phone, email) "
                "VALUES (?, ?, ?, ?, ?)",
                [client_id, rec.contact_name, rec.contact_role, rec.phone, rec.email],
            )
            refresh_contact_flags(db, client_id)
            changed = True
    return changed


def refresh_contact_flags(db: Database, client_id: int) -> None:
    """Keep client_details.contact_flags (1 name, 2 role, 4 phone, 8 e-mail) after a contact
    changed: the hygiene report reads the flags instead of grouping the contacts each time."""
    db.execute(
        "UPDATE client_details SET contact_flags = (SELECT COALESCE(MAX(name != ''), 0) "
        "| COALESCE(MAX(role != ''), 0) * 2 | COALESCE(MAX(phone != ''), 0) * 4 "
        "| COALESCE(MAX(email != ''), 0) * 8 FROM client_contacts WHERE client_id = ?) "
        "WHERE client_id = ?",
        [client_id, client_id],
    )


def clear_deals(db: Database) -> None:
    """Remove every deal and CRM record (the demo refill; inside the caller's transaction)."""
    for table in ("deal_history", "deal_refusals", "deal_activities", "deal_tasks",
                  "deal_items", "deals", "client_contacts", "client_details"):  # fmt: skip
        db.execute(f"DELETE FROM [{table}]")


def days_ago(now: datetime, days: float) -> str:
    """A stored moment `days` before now (demo and tests)."""
    return to_stored(now - timedelta(days=days)) or ""


def store_client_import(
    db: Database,
    actor: Actor,
    kind: str,
    file_name: str,
    file_digest: str,
    result: ImportResult[ClientRecord],
    tz: str,
    progress: Any = None,
) -> dict[str, Any]:
    """The `clients` kind's store: clients matched by INN (else name), their CRM data and contact
    person; a repeated file changes nothing."""
    now = to_stored(utcnow()) or ""

    def write(db: Database, records: Sequence[ClientRecord], import_id: int) -> tuple[int, int]:
        return _store_each(
            db, records, lambda rec, managers, cache: _store_client(db, rec, managers, cache, now)
        )

    return store_import(db, actor, kind, file_name, file_digest, result, write=write)


def _store_client(
    db: Database,
    rec: ClientRecord,
    managers: Mapping[str, str],
    cache: dict[tuple[str, str], int],
    now: str,
) -> bool:
    snapshot = (
        "SELECT c.region, c.segment, d.manager, d.industry, d.phone, d.email, d.last_contact_at, "
        "d.contact_flags FROM clients c LEFT JOIN client_details d ON d.client_id = c.id "
        "WHERE c.id = ?"
    )
    client_id = _client_id(db, cache, rec.name, rec.inn)
    before = db.execute(snapshot, [client_id]).fetchone()
    db.execute(
        "UPDATE clients SET region = COALESCE(NULLIF(?, ''), region), "
        "segment = COALESCE(NULLIF(?, ''), segment) WHERE id = ?",
        [rec.region, rec.segment, client_id],
    )
    manager = resolve_manager(managers, rec.manager)
    contact = DealRecord(
        id="", row=rec.row, system="table", stage="", source_stage="",
        contact_name=rec.contact_name, contact_role=rec.contact_role, phone=rec.phone,
        email=rec.email, industry=rec.industry,
    )  # fmt: skip
    _store_client_details(db, client_id, manager, contact, now)
    if manager:
        db.execute(
            "UPDATE client_details SET manager = ? WHERE client_id = ?", [manager, client_id]
        )
    if rec.last_contact_at:
        db.execute(
            "UPDATE client_details SET last_contact_at = MAX(COALESCE(last_contact_at, ''), ?) "
            "WHERE client_id = ?",
            [to_stored(rec.last_contact_at), client_id],
        )
    return before != db.execute(snapshot, [client_id]).fetchone()


def update_client(
    db: Database,
    actor: Actor,
    client_id: int,
    *,
    contact_name: str,
    contact_role: str,
    phone: str,
    email: str,
    industry: str,
    segment: str,
) -> None:
    """Edit a client's CRM data and its first contact (a manager their own clients; staff any);
    audited. The hygiene report reads what this writes."""
    if actor.role not in ("manager", "qc", "head", "admin"):
        _audit_refusal(db, actor, str(client_id), "forbidden_role")
        raise DealRuleError("forbidden_role")
    now = to_stored(utcnow())
    try:
        with write_tx(db):
            row = db.execute(
                "SELECT manager FROM client_details WHERE client_id = ?", [client_id]
            ).fetchone()
            owner = row[0] if row else ""
            if actor.role == "manager" and norm_key(owner) != norm_key(actor.login):
                raise DealRuleError("not_own_deal")
            if row is None:
                db.execute(
                    "INSERT INTO client_details (client_id, manager, updated_at) VALUES (?, ?, ?)",
                    [client_id, actor.login if actor.role == "manager" else "", now],
                )
            db.execute(
                "UPDATE client_details SET industry = ?, phone = ?, email = ?, updated_at = ? "
                "WHERE client_id = ?",
                [industry.strip(), phone.strip(), email.strip(), now, client_id],
            )
            db.execute("UPDATE clients SET segment = ? WHERE id = ?", [segment.strip(), client_id])
            first = db.execute(
                "SELECT id FROM client_contacts WHERE client_id = ? ORDER BY id LIMIT 1",
                [client_id],
            ).fetchone()
            values = [contact_name.strip(), contact_role.strip(), phone.strip(), email.strip()]
            if first is None:
                db.execute(
                    "INSERT INTO client_contacts (client_id, name, role, phone, email) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [client_id, *values],
                )
            else:
                db.execute(
                    "UPDATE client_contacts SET name = ?, role = ?, phone = ?, email = ? "
                    "WHERE id = ?",
                    [*values, first[0]],
                )
            refresh_contact_flags(db, client_id)
            write_audit(db, actor.login, "client.update", str(client_id))
    except DealRuleError as exc:
        _audit_refusal(db, actor, str(client_id), exc.code)
        raise


def deal_card(db: Database, deal_id: str) -> dict[str, Any]:
    """What the deal's card shows: its open tasks, the client's data and first contact."""
    deal = get_deal(db, deal_id)
    if deal is None:
        raise DealNotFound(deal_id)
    tasks = list(
        db.query(
            "SELECT id, title, due_at FROM deal_tasks WHERE deal_id = ? AND done_at IS NULL "
            "ORDER BY due_at",
            [deal_id],
        )
    )
    client: dict[str, Any] = {"industry": "", "segment": "", "phone": "", "email": ""}
    if deal["client_id"] is not None:
        row = db.execute(
            "SELECT COALESCE(d.industry, ''), COALESCE(c.segment, ''), COALESCE(d.phone, ''), "
            "COALESCE(d.email, '') FROM clients c LEFT JOIN client_details d "
            "ON d.client_id = c.id WHERE c.id = ?",
            [deal["client_id"]],
        ).fetchone()
        if row:
            client = dict(zip(("industry", "segment", "phone", "email"), row, strict=True))
    contact = list(
        db.query(
            "SELECT name, role, phone, email FROM client_contacts WHERE client_id = ? "
            "ORDER BY id LIMIT 1",
            [deal["client_id"]],
        )
    )
    return {"deal": deal, "tasks": tasks, "client": client,
            "contact": contact[0] if contact else {"name": "", "role": "", "phone": "",
                                                   "email": ""}}  # fmt: skip


# ---- the clients list and its edit form (issue 12: clients editable in the UI) --------------

CLIENT_FILLED = (
    "(cd.contact_flags & 1 != 0) + (cd.contact_flags & 2 != 0) "
    "+ (cd.contact_flags & 4 != 0 OR cd.phone != '') "
    "+ (cd.contact_flags & 8 != 0 OR cd.email != '') + (cd.industry != '') "
    "+ (COALESCE(c.segment, '') != '')"
)


def list_clients(
    db: Database,
    manager: str | None = None,
    text: str = "",
    limit: int = 1000,
    client_id: int | None = None,
) -> list[dict[str, Any]]:
    """Clients with their manager, data and hygiene completeness (the share of the six fields the
    hygiene report counts), filtered by manager, by a piece of the name, INN or phone, or to one
    client (a link from the hygiene to-fix list)."""
    where, params = ["1 = 1"], []
    if client_id is not None:
        where.append("c.id = ?")
        params.append(client_id)
    if manager is not None:
        where.append("COALESCE(cd.manager, '') = ?")
        params.append(manager)
    needle = text.strip().lower()
    if needle:
        where.append(
            "(instr(lower(c.name), ?) > 0 OR instr(COALESCE(c.inn, ''), ?) > 0 "
            "OR instr(COALESCE(cd.phone, ''), ?) > 0)"
        )
        params += [needle, needle, needle]
    rows = db.query(
        "SELECT c.id, c.name, COALESCE(c.inn, '') AS inn, COALESCE(cd.manager, '') AS manager, "
        "COALESCE(cd.industry, '') AS industry, COALESCE(c.segment, '') AS segment, "
        "COALESCE(cd.phone, '') AS phone, COALESCE(cd.email, '') AS email, "
        f"COALESCE({CLIENT_FILLED}, 0) AS filled, cd.last_contact_at "
        "FROM clients c LEFT JOIN client_details cd ON cd.client_id = c.id "
        f"WHERE {' AND '.join(where)} ORDER BY c.name LIMIT ?",
        [*params, limit],
    )
    return [{**r, "completeness": r["filled"] / len(CLIENT_FIELDS)} for r in rows]


def list_contacts(db: Database, client_id: int) -> list[dict[str, Any]]:
    """A client's contact persons, in the order they were added."""
    return list(
        db.query(
            "SELECT id, name, role, phone, email FROM client_contacts WHERE client_id = ? "
            "ORDER BY id",
            [client_id],
        )
    )


def _own_client(db: Database, actor: Actor, client_id: int) -> None:
    """Inside a write transaction: the client exists and a manager edits only their own."""
    if db.execute("SELECT 1 FROM clients WHERE id = ?", [client_id]).fetchone() is None:
        raise DealRuleError("unknown_client")
    row = db.execute(
        "SELECT manager FROM client_details WHERE client_id = ?", [client_id]
    ).fetchone()
    if actor.role == "manager" and norm_key(row[0] if row else "") != norm_key(actor.login):
        raise DealRuleError("not_own_client")
    if row is None:
        db.execute(
            "INSERT INTO client_details (client_id, manager, updated_at) VALUES (?, '', ?)",
            [client_id, to_stored(utcnow())],
        )


def edit_client(
    db: Database,
    actor: Actor,
    client_id: int,
    *,
    industry: str,
    segment: str,
    phone: str,
    email: str,
) -> None:
    """Change a client's own fields (a manager their own clients, staff all, viewers none);
    audited with the values, refusals too."""
    _enforce(db, actor, Action.EDIT_CLIENTS, f"client:{client_id}")
    values = {"industry": industry.strip(), "segment": segment.strip(), "phone": phone.strip(),
              "email": email.strip()}  # fmt: skip
    with _audited(db, actor, f"client:{client_id}"), write_tx(db):
        _own_client(db, actor, client_id)
        db.execute(
            "UPDATE client_details SET industry = ?, phone = ?, email = ?, updated_at = ? "
            "WHERE client_id = ?",
            [values["industry"], values["phone"], values["email"], to_stored(utcnow()), client_id],
        )
        db.execute("UPDATE clients SET segment = ? WHERE id = ?", [values["segment"], client_id])
        write_audit(db, actor.login, "client.update", str(client_id), **values)


def save_contact(
    db: Database,
    actor: Actor,
    client_id: int,
    contact_id: int | None,
    *,
    name: str,
    role: str,
    phone: str,
    email: str,
) -> int:
    """Add a contact person to a client (contact_id None) or change one; same permissions as
    edit_client; keeps the hygiene flags; audited. Returns the contact's id."""
    _enforce(db, actor, Action.EDIT_CLIENTS, f"client:{client_id}")
    values = [name.strip(), role.strip(), phone.strip(), email.strip()]
    with _audited(db, actor, f"client:{client_id}"), write_tx(db):
        _own_client(db, actor, client_id)
        if contact_id is None:
            cur = db.execute(
                "INSERT INTO client_contacts (client_id, name, role, phone, email) "
                "VALUES (?, ?, ?, ?, ?)",
                [client_id, *values],
            )
            contact_id = int(cur.lastrowid or 0)
            action = "client.contact_add"
        else:
            cur = db.execute(
                "UPDATE client_contacts SET name = ?, role = ?, phone = ?, email = ? "
                "WHERE id = ? AND client_id = ?",
                [*values, contact_id, client_id],
            )
            if cur.rowcount == 0:
                raise DealRuleError("unknown_contact")
            action = "client.contact_update"
        refresh_contact_flags(db, client_id)
        write_audit(
            db, actor.login, action, str(client_id), contact=contact_id,
            **dict(zip(("name", "role", "phone", "email"), values, strict=True)),
        )  # fmt: skip
    return contact_id
