"""Checklists, evaluations, disputes and calibration in SQLite (DESIGN §5.1).

Every write checks the actor's role here (core.roles), audits, and runs in BEGIN IMMEDIATE. A
manager reads only the evaluations whose subject is their own staff record; calibration scores
never count in results (every report filters `calibration_id IS NULL`).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from core.imports import ImportResult
from core.roles import Action, Actor, PermissionDenied, can
from core.shopper import (
    BUILTIN_TEMPLATES,
    DONE,
    FAIL,
    GROSS,
    MARKS,
    MISSED,
    MYSTERY_KEY,
    NA,
    PASS,
    PASS_WITH_IMPROVEMENTS,
    VERDICTS,
    Calibration,
    Criterion,
    EvaluationRecord,
    Rule,
    Template,
    calibrate,
    criterion_sort_key,
    dispute_deadline,
    evaluate,
    org_status,
    out_of_recommended,
    repeat_errors,
    template_changes_criteria,
)
from core.timeutil import to_stored, utcnow
from db.audit import enforce, write_audit
from db.connection import write_tx
from db.import_log import store_import
from db.notify import notify_event
from db.settings import get_setting

CALIBRATION_CAMPAIGN = "Калибровка"
DISPUTE_DECISIONS = ("keep", "accept", "other")


class ShopperError(ValueError):
    """A refused change; `code` names why (texts in ui/texts/shopper.py)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# ---------------------------------------------------------------- templates


def install_builtin_templates(db: Database) -> None:
    """Version 1 of each built-in template whose family is not stored yet."""
    for template in BUILTIN_TEMPLATES:
        if not db.execute(
            "SELECT 1 FROM shopper_templates WHERE family = ?", [template.key]
        ).fetchone():
            _insert_template(db, template.key, template, 1, True, "system")


def _insert_template(
    db: Database, family: str, template: Template, version: int, builtin: bool, login: str
) -> int:
    db.execute("UPDATE shopper_templates SET current = 0 WHERE family = ?", [family])
    cursor = db.execute(
        "INSERT INTO shopper_templates (family, name, version, fail_gross, fail_errors, builtin, "
        "current, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
        [family, template.name, version, template.rule.fail_gross, template.rule.fail_errors,
         int(builtin), to_stored(utcnow()), login],
    )  # fmt: skip
    template_id = int(cursor.lastrowid or 0)
    _insert_criteria(db, template_id, template.criteria)
    return template_id


def _insert_criteria(db: Database, template_id: int, criteria: Sequence[Criterion]) -> None:
    db.conn.executemany(
        "INSERT INTO shopper_criteria (template_id, position, code, name, grp, severity, weight) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(template_id, i, c.code, c.name, c.group, c.severity, c.weight)
         for i, c in enumerate(criteria)],
    )  # fmt: skip


def load_template(db: Database, template_id: int) -> Template:
    """One stored template version as the core dataclass."""
    row = db.execute(
        "SELECT family, name, version, fail_gross, fail_errors FROM shopper_templates WHERE id = ?",
        [template_id],
    ).fetchone()
    if row is None:
        raise ShopperError("unknown_template")
    criteria = tuple(
        Criterion(code, name, severity, grp, weight)
        for code, name, grp, severity, weight in db.execute(
            "SELECT code, name, grp, severity, weight FROM shopper_criteria "
            "WHERE template_id = ? ORDER BY position",
            [template_id],
        )
    )
    return Template(row[0], row[1], criteria, Rule(row[3], row[4]), row[2])


def current_template_id(db: Database, family: str) -> int:
    """The id of a family's current version."""
    row = db.execute(
        "SELECT id FROM shopper_templates WHERE family = ? AND current = 1", [family]
    ).fetchone()
    if row is None:
        raise ShopperError("unknown_template")
    return int(row[0])


def list_templates(db: Database, all_versions: bool = False) -> list[dict[str, Any]]:
    """Templates (current versions unless all) with their criteria and evaluation counts."""
    where = "" if all_versions else "WHERE t.current = 1"
    return list(
        db.query(
            "SELECT t.id, t.family, t.name, t.version, t.current, t.builtin, t.fail_gross, "
            "t.fail_errors, (SELECT COUNT(*) FROM shopper_criteria c WHERE c.template_id = t.id) "
            "AS criteria, (SELECT COUNT(*) FROM evaluations e WHERE e.template_id = t.id) AS used "
            f"FROM shopper_templates t {where} ORDER BY (SELECT MIN(x.id) FROM shopper_templates x "
            "WHERE x.family = t.family), t.version"
        )
    )


def save_template(db: Database, actor: Actor, family: str | None, template: Template) -> int:
    """Store an edited (or new) template: editing one that evaluations use publishes a new
    version, every evaluation keeping the one it was scored on; an unused one changes in place."""
    enforce(db, actor, Action.EDIT_EVALUATIONS)
    codes = [c.code for c in template.criteria]
    if not codes or len(set(codes)) != len(codes) or any(not c.strip() for c in codes):
        raise ShopperError("bad_criteria")
    with write_tx(db):
        if family is None:
            count = db.execute("SELECT COUNT(DISTINCT family) FROM shopper_templates").fetchone()
            family = f"custom_{int(count[0]) + 1}"
            while db.execute(
                "SELECT 1 FROM shopper_templates WHERE family = ?", [family]
            ).fetchone():
                family += "_"
            new_id = _insert_template(db, family, template, 1, False, actor.login)
            write_audit(db, actor.login, "template.create", family, name=template.name)
            return new_id
        old_id = current_template_id(db, family)
        old = load_template(db, old_id)
        used = db.execute("SELECT 1 FROM evaluations WHERE template_id = ? LIMIT 1", [old_id])
        if used.fetchone() and template_changes_criteria(old, template):
            new_id = _insert_template(db, family, template, old.version + 1, False, actor.login)
            write_audit(db, actor.login, "template.version", family, version=old.version + 1)
            return new_id
        db.execute(
            "UPDATE shopper_templates SET name = ?, fail_gross = ?, fail_errors = ? WHERE id = ?",
            [template.name, template.rule.fail_gross, template.rule.fail_errors, old_id],
        )
        db.execute("DELETE FROM shopper_criteria WHERE template_id = ?", [old_id])
        _insert_criteria(db, old_id, template.criteria)
        write_audit(db, actor.login, "template.edit", family, version=old.version)
        return old_id


# ---------------------------------------------------------------- campaigns, organisations


def campaign_id(db: Database, name: str, family: str = MYSTERY_KEY, kind: str = "shopper") -> int:
    """The campaign's id, created on first use (inside the caller's transaction)."""
    row = db.execute("SELECT id FROM shopper_campaigns WHERE name = ?", [name]).fetchone()
    if row:
        return int(row[0])
    cursor = db.execute(
        "INSERT INTO shopper_campaigns (name, family, kind, created_at) VALUES (?, ?, ?, ?)",
        [name, family, kind, to_stored(utcnow())],
    )
    return int(cursor.lastrowid or 0)


def list_campaigns(db: Database) -> list[dict[str, Any]]:
    """Campaigns with their template, rounds and counts of scored calls (calibration left out)."""
    return list(
        db.query(
            "SELECT c.id, c.name, c.family, c.kind, "
            "(SELECT name FROM shopper_templates t WHERE t.family = c.family AND t.current = 1) "
            "AS template, COUNT(e.id) AS evaluations, COUNT(DISTINCT e.round) AS rounds, "
            "MIN(e.call_day) AS first_day, MAX(e.call_day) AS last_day "
            "FROM shopper_campaigns c LEFT JOIN evaluations e ON e.campaign_id = c.id "
            "AND e.calibration_id IS NULL GROUP BY c.id ORDER BY c.id"
        )
    )


def create_campaign(db: Database, actor: Actor, name: str, family: str, kind: str) -> int:
    """A new campaign on a template family (QC, head, admin)."""
    enforce(db, actor, Action.EDIT_EVALUATIONS)
    name = name.strip()
    if not name:
        raise ShopperError("no_name")
    with write_tx(db):
        if db.execute("SELECT 1 FROM shopper_campaigns WHERE name = ?", [name]).fetchone():
            raise ShopperError("campaign_exists")
        new_id = campaign_id(db, name, family, kind)
        write_audit(db, actor.login, "campaign.create", name, template=family)
    return new_id


def org_id(db: Database, name: str, city: str, own_name: str = "") -> int:
    """An organisation by name and city, created as a partner centre on first sight. Two centres
    of one name in different cities («1С:Первый Бит», Воронеж and Новосибирск) stay apart."""
    name, city = name.strip(), city.strip()
    if not city:
        found = db.execute("SELECT id FROM organisations WHERE name = ? ORDER BY id", [name])
        row = found.fetchone()
        if row:
            return int(row[0])
    row = db.execute(
        "SELECT id FROM organisations WHERE (name = ? AND COALESCE(region, '') IN (?, '')) "
        "OR name = ? ORDER BY (COALESCE(region, '') = ?) DESC LIMIT 1",
        [name, city, f"{name}, г. {city}", city],
    ).fetchone()
    if row:
        return int(row[0])
    taken = db.execute("SELECT 1 FROM organisations WHERE name = ?", [name]).fetchone()
    stored = f"{name}, г. {city}" if taken and city else name
    kind = "own" if own_name and name == own_name else "partner"
    cursor = db.execute(
        "INSERT INTO organisations (name, kind, region) VALUES (?, ?, ?)",
        [stored, kind, city or None],
    )
    return int(cursor.lastrowid or 0)


def staff_id(db: Database, org: int, name: str) -> int | None:
    """A person of the organisation by name, created on first sight (None for no name)."""
    name = name.strip()
    if not name:
        return None
    row = db.execute(
        "SELECT id FROM staff WHERE org_id = ? AND name = ? ORDER BY id LIMIT 1", [org, name]
    ).fetchone()
    if row:
        return int(row[0])
    cursor = db.execute(
        "INSERT INTO staff (org_id, name, position) VALUES (?, ?, ?)",
        [org, name, "Менеджер по продажам"],
    )
    return int(cursor.lastrowid or 0)


def record_letter(db: Database, actor: Actor, org: int, campaign: int, letter_on: date) -> None:
    """The director's letter asking for a re-check (seed 000, measure 4)."""
    enforce(db, actor, Action.EDIT_EVALUATIONS)
    with write_tx(db):
        db.execute(
            "INSERT INTO shopper_letters (org_id, campaign_id, letter_on) VALUES (?, ?, ?) "
            "ON CONFLICT DO UPDATE SET letter_on = excluded.letter_on",
            [org, campaign, letter_on.isoformat()],
        )
        write_audit(db, actor.login, "shopper.letter", str(org), campaign=campaign,
                    letter_on=letter_on.isoformat())  # fmt: skip


def org_statuses(db: Database, campaign: int | None = None) -> list[dict[str, Any]]:
    """Each evaluated organisation's seed-000 status: passed, failed, re-check requested (with the
    letter's date) or re-checked, and whether it is out of the recommended list."""
    where, params = _scope(campaign=campaign)
    rows = db.execute(
        "SELECT e.org_id, o.name, COALESCE(o.region, ''), e.campaign_id, e.verdict, e.call_day, "
        "e.round FROM evaluations e JOIN organisations o ON o.id = e.org_id "
        f"WHERE {where} ORDER BY e.org_id, e.call_day, e.round, e.id",
        params,
    ).fetchall()
    letters = {
        (o, c): d
        for o, c, d in db.execute("SELECT org_id, campaign_id, letter_on FROM shopper_letters")
    }
    by_org: dict[int, dict[str, Any]] = {}
    for org, name, city, camp, verdict, day, rnd in rows:
        entry = by_org.setdefault(org, {"org_id": org, "name": name, "city": city, "campaign_id":
                                        camp, "verdicts": [], "last_fail": None, "rounds": set()})  # fmt: skip
        entry["verdicts"].append(verdict)
        entry["rounds"].add(rnd)
        if verdict == FAIL:
            entry["last_fail"] = day
    result = []
    for entry in by_org.values():
        letter = letters.get((entry["org_id"], entry["campaign_id"]))
        after = bool(letter and entry["last_fail"] and letter >= entry["last_fail"])
        status = org_status(entry["verdicts"], after)
        result.append(
            {
                "org_id": entry["org_id"],
                "name": entry["name"],
                "city": entry["city"],
                "calls": len(entry["verdicts"]),
                "fails": entry["verdicts"].count(FAIL),
                "last_verdict": entry["verdicts"][-1],
                "status": status,
                "letter_on": letter or "",
                "out_of_recommended": out_of_recommended(status),
            }
        )
    return sorted(result, key=lambda r: (not r["out_of_recommended"], r["name"]))


# ---------------------------------------------------------------- who sees what


def actor_staff_id(db: Database, actor: Actor) -> int | None:
    """The staff record of the user acting (None for the system or an unlinked user)."""
    row = db.execute("SELECT staff_id FROM users WHERE login = ?", [actor.login]).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def _visibility(db: Database, actor: Actor) -> tuple[str, list[Any]]:
    """SQL restricting evaluations to what the actor may read: all for staff roles, a manager's
    own (subject = their staff record) otherwise; viewers get nothing."""
    if can(actor.role, Action.SEE_ALL_EVALUATIONS):
        return "1=1", []
    if can(actor.role, Action.SEE_OWN_EVALUATIONS):
        own = actor_staff_id(db, actor)
        return ("e.staff_id = ?", [own]) if own is not None else ("0=1", [])
    return "0=1", []


def _scope(
    campaign: int | None = None,
    start: date | None = None,
    end: date | None = None,
    round_no: int | None = None,
    calibration: bool = False,
) -> tuple[str, list[Any]]:
    where = ["e.calibration_id IS NOT NULL" if calibration else "e.calibration_id IS NULL"]
    params: list[Any] = []
    if campaign is not None:
        where.append("e.campaign_id = ?")
        params.append(campaign)
    if start is not None:
        where.append("e.call_day >= ?")
        params.append(start.isoformat())
    if end is not None:
        where.append("e.call_day < ?")
        params.append(end.isoformat())
    if round_no is not None:
        where.append("e.round = ?")
        params.append(round_no)
    return " AND ".join(where), params


# ---------------------------------------------------------------- storing evaluations


@dataclass
class StoredOutcome:
    id: int
    verdict: str
    gross: int
    errors: int


def _natural_key(campaign: int, record: EvaluationRecord, occurrence: int) -> str:
    if record.call_ref:
        return f"{campaign}|ref|{record.call_ref}|{record.evaluator}"
    content = json.dumps(
        [record.day.isoformat(), record.round, record.org, record.city, record.manager,
         record.evaluator, sorted(record.marks.items()), record.comment],
        ensure_ascii=False,
    )  # fmt: skip
    digest = hashlib.sha256(content.encode()).hexdigest()[:24]
    return f"{campaign}|row|{digest}|{occurrence}"


def _insert_evaluation(
    db: Database,
    record: EvaluationRecord,
    *,
    campaign: int,
    template_id: int,
    template: Template,
    login: str,
    own_name: str,
    natural_key: str | None,
    import_id: int | None = None,
    calibration_id: int | None = None,
    call_id: int | None = None,
) -> StoredOutcome | None:
    """Insert one evaluation with its marks; None when its natural key is already stored."""
    org = org_id(db, record.org, record.city, own_name)
    person = staff_id(db, org, record.manager)
    marks = {c.code: record.marks.get(c.code, NA) for c in template.criteria}
    outcome = evaluate(template, marks)
    now = to_stored(utcnow())
    cursor = db.execute(
        "INSERT OR IGNORE INTO evaluations (campaign_id, round, template_id, org_id, staff_id, "
        "evaluator, call_day, call_ref, call_id, recording, calibration_id, is_reference, gross, "
        "errors, verdict, score, pickup_s, kp_promised, kp_sent, called_back, liked, comment, "
        "natural_key, import_id, created_at, created_by, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [campaign, record.round, template_id, org, person, record.evaluator,
         record.day.isoformat(), record.call_ref, call_id, record.recording, calibration_id,
         int(record.reference), outcome.gross, outcome.errors, outcome.verdict, outcome.score,
         record.pickup_s, record.kp_promised, record.kp_sent,
         None if record.called_back is None else int(record.called_back),
         json.dumps(list(record.liked), ensure_ascii=False), record.comment, natural_key,
         import_id, now, login, now],
    )  # fmt: skip
    if not cursor.rowcount:
        return None
    evaluation_id = int(cursor.lastrowid or 0)
    db.conn.executemany(
        "INSERT INTO evaluation_marks (evaluation_id, code, mark, comment) VALUES (?, ?, ?, ?)",
        [(evaluation_id, code, mark, record.comments.get(code, "") if mark == MISSED else "")
         for code, mark in marks.items()],
    )  # fmt: skip
    return StoredOutcome(evaluation_id, outcome.verdict, outcome.gross, outcome.errors)


def store_evaluation_import(
    db: Database,
    actor: Actor,
    kind: str,
    file_name: str,
    data_hash: str,
    result: ImportResult[EvaluationRecord],
    tz: str = "",
    progress: Any = None,
) -> dict[str, Any]:
    """One agency workbook as one transaction (the import registry's store): good rows land,
    rejects are kept with reasons; a repeated file changes nothing. The records name their
    campaign (created on first use, scored on its template's current version) and whether they
    are a calibration: then rows sharing a call (ID звонка) form one calibration session each,
    the row marked as reference (or the call's first) its reference."""
    own_name = str(get_setting(db, "company_name"))

    def write(db: Database, records: Sequence[EvaluationRecord], import_id: int) -> tuple[int, int]:
        return _write_evaluations(db, actor, records, import_id, own_name)

    return store_import(db, actor, kind, file_name, data_hash, result, write,
                        action=Action.IMPORT_EVALUATIONS)  # fmt: skip


def _write_evaluations(
    db: Database,
    actor: Actor,
    records: Sequence[EvaluationRecord],
    import_id: int,
    own_name: str,
) -> tuple[int, int]:
    imported = duplicates = 0
    seen: Counter[str] = Counter()
    sessions: dict[str, int] = {}
    templates: dict[str, tuple[int, int, Template]] = {}
    references: dict[str, int] = {}  # calibration call -> position of its reference row
    for position, record in enumerate(records):
        if record.calibration:
            call = record.call_ref or f"{record.day}|{record.org}|{record.manager}"
            if call not in references or (
                record.reference and not records[references[call]].reference
            ):
                references[call] = position
    for position, record in enumerate(records):
        name = record.campaign or CALIBRATION_CAMPAIGN
        if name not in templates:
            camp = campaign_id(db, name)
            family = db.execute("SELECT family FROM shopper_campaigns WHERE id = ?", [camp])
            template_id = current_template_id(db, family.fetchone()[0])
            templates[name] = (camp, template_id, load_template(db, template_id))
        camp, template_id, template = templates[name]
        base = _natural_key(camp, record, 0)
        seen[base] += 1
        key = _natural_key(camp, record, seen[base])
        session = None
        if record.calibration:
            call = record.call_ref or f"{record.day}|{record.org}|{record.manager}"
            if call not in sessions:
                sessions[call] = _calibration_session(db, camp, call, actor.login)
            session = sessions[call]
            has_reference = db.execute(
                "SELECT 1 FROM evaluations WHERE calibration_id = ? AND is_reference = 1",
                [session],
            ).fetchone()
            # one reference a session: the row marked «Эталон», else the call's first row
            record.reference = not has_reference and references[call] == position
        stored = _insert_evaluation(
            db, record, campaign=camp, template_id=template_id, template=template,
            login=actor.login, own_name=own_name, natural_key=key, import_id=import_id,
            calibration_id=session,
        )  # fmt: skip
        if stored is None:
            duplicates += 1
        else:
            imported += 1
    return imported, duplicates


def _calibration_session(db: Database, campaign: int, call: str, login: str) -> int:
    row = db.execute(
        "SELECT id FROM calibration_sessions WHERE campaign_id = ? AND call_ref = ?",
        [campaign, call],
    ).fetchone()
    if row:
        return int(row[0])
    cursor = db.execute(
        "INSERT INTO calibration_sessions (name, call_ref, campaign_id, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?)",
        [f"Калибровка: {call}", call, campaign, to_stored(utcnow()), login],
    )
    return int(cursor.lastrowid or 0)


def create_evaluation(
    db: Database,
    actor: Actor,
    record: EvaluationRecord,
    campaign: int,
    *,
    call_id: int | None = None,
    calibration_id: int | None = None,
    own_name: str = "",
    calibration: bool = False,
) -> StoredOutcome:
    """A QC evaluation filled in the form: scored on the campaign's current template version.
    With `calibration` it is a blind score in the call's calibration session (the session's first
    evaluator is its reference): it counts in no result and mails nobody."""
    enforce(db, actor, Action.EDIT_EVALUATIONS)
    for code, mark in record.marks.items():
        if mark not in MARKS:
            raise ShopperError(f"bad_mark:{code}")
    if not record.org.strip():
        raise ShopperError("no_organisation")
    with write_tx(db):
        family = db.execute("SELECT family FROM shopper_campaigns WHERE id = ?", [campaign])
        row = family.fetchone()
        if row is None:
            raise ShopperError("unknown_campaign")
        template_id = current_template_id(db, row[0])
        template = load_template(db, template_id)
        if calibration:
            if not record.call_ref.strip():
                raise ShopperError("call_ref_required")
            calibration_id = _calibration_session(
                db, campaign, record.call_ref.strip(), actor.login
            )
            record.reference = not db.execute(
                "SELECT 1 FROM evaluations WHERE calibration_id = ? AND is_reference = 1",
                [calibration_id],
            ).fetchone()
        stored = _insert_evaluation(
            db, record, campaign=campaign, template_id=template_id, template=template,
            login=actor.login, own_name=own_name, natural_key=None, call_id=call_id,
            calibration_id=calibration_id,
        )  # fmt: skip
        assert stored is not None  # no natural key, so never ignored
        write_audit(db, actor.login, "evaluation.create", str(stored.id), verdict=stored.verdict,
                    campaign=campaign)  # fmt: skip
        _notify(db, "evaluation_new", stored.id)
    return stored


def update_marks(
    db: Database,
    actor: Actor,
    evaluation_id: int,
    marks: Mapping[str, str],
    comments: Mapping[str, str] | None = None,
    comment: str | None = None,
) -> StoredOutcome:
    """Change marks of an evaluation and recompute its verdict on its own template version."""
    enforce(db, actor, Action.EDIT_EVALUATIONS)
    with write_tx(db):
        stored = _rescore(db, evaluation_id, marks, comments or {})
        if comment is not None:
            db.execute("UPDATE evaluations SET comment = ? WHERE id = ?", [comment, evaluation_id])
        write_audit(db, actor.login, "evaluation.edit", str(evaluation_id),
                    marks=dict(marks), verdict=stored.verdict)  # fmt: skip
    return stored


def _rescore(
    db: Database, evaluation_id: int, marks: Mapping[str, str], comments: Mapping[str, str]
) -> StoredOutcome:
    row = db.execute("SELECT template_id FROM evaluations WHERE id = ?", [evaluation_id]).fetchone()
    if row is None:
        raise ShopperError("unknown_evaluation")
    template = load_template(db, int(row[0]))
    for code, mark in marks.items():
        if mark not in MARKS or template.criterion(code) is None:
            raise ShopperError(f"bad_mark:{code}")
        db.execute(
            "UPDATE evaluation_marks SET mark = ?, comment = ? WHERE evaluation_id = ? AND code = ?",
            [mark, comments.get(code, "") if mark == MISSED else "", evaluation_id, code],
        )
    current = dict(
        db.execute(
            "SELECT code, mark FROM evaluation_marks WHERE evaluation_id = ?", [evaluation_id]
        ).fetchall()
    )
    outcome = evaluate(template, current)
    db.execute(
        "UPDATE evaluations SET gross = ?, errors = ?, verdict = ?, score = ?, updated_at = ? "
        "WHERE id = ?",
        [outcome.gross, outcome.errors, outcome.verdict, outcome.score, to_stored(utcnow()),
         evaluation_id],
    )  # fmt: skip
    return StoredOutcome(evaluation_id, outcome.verdict, outcome.gross, outcome.errors)


def delete_evaluation(db: Database, actor: Actor, evaluation_id: int) -> None:
    """Remove an evaluation (its marks and disputes go with it), audited with what it was."""
    enforce(db, actor, Action.EDIT_EVALUATIONS)
    with write_tx(db):
        row = db.execute(
            "SELECT verdict, call_day, org_id, staff_id FROM evaluations WHERE id = ?",
            [evaluation_id],
        ).fetchone()
        if row is None:
            raise ShopperError("unknown_evaluation")
        db.execute("DELETE FROM evaluation_disputes WHERE evaluation_id = ?", [evaluation_id])
        db.execute("DELETE FROM evaluation_marks WHERE evaluation_id = ?", [evaluation_id])
        db.execute("DELETE FROM evaluations WHERE id = ?", [evaluation_id])
        write_audit(db, actor.login, "evaluation.delete", str(evaluation_id), verdict=row[0],
                    call_day=row[1], org_id=row[2], staff_id=row[3])  # fmt: skip


# ---------------------------------------------------------------- reading evaluations


def list_evaluations(
    db: Database,
    actor: Actor,
    campaign: int | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 5000,
) -> list[dict[str, Any]]:
    """Evaluations the actor may read, newest first (a manager: only their own)."""
    if not can(actor.role, Action.SEE_OWN_EVALUATIONS):
        raise PermissionDenied(actor.role, Action.SEE_OWN_EVALUATIONS)
    seen, seen_params = _visibility(db, actor)
    where, params = _scope(campaign, start, end)
    return list(
        db.query(
            "SELECT e.id, e.call_day, c.name AS campaign, e.round, o.name AS org, "
            "COALESCE(o.region, '') AS city, COALESCE(s.name, '') AS manager, e.evaluator, "
            "e.gross, e.errors, e.verdict, e.score, e.acknowledged_at, e.call_ref, e.recording, "
            "e.staff_id, (SELECT COUNT(*) FROM evaluation_disputes d WHERE d.evaluation_id = e.id "
            "AND d.decision IS NULL) AS open_disputes "
            "FROM evaluations e JOIN shopper_campaigns c ON c.id = e.campaign_id "
            "JOIN organisations o ON o.id = e.org_id LEFT JOIN staff s ON s.id = e.staff_id "
            f"WHERE {where} AND {seen} ORDER BY e.call_day DESC, e.id DESC LIMIT ?",
            [*params, *seen_params, limit],
        )
    )


def get_evaluation(db: Database, actor: Actor, evaluation_id: int) -> dict[str, Any]:
    """One evaluation with its template, marks and disputes, if the actor may read it."""
    seen, seen_params = _visibility(db, actor)
    row = db.execute(
        "SELECT e.id FROM evaluations e WHERE e.id = ? AND " + seen, [evaluation_id, *seen_params]
    ).fetchone()
    if row is None:
        exists = db.execute("SELECT 1 FROM evaluations WHERE id = ?", [evaluation_id]).fetchone()
        if exists:
            write_audit(db, actor.login, "permission.denied", f"evaluation:{evaluation_id}")
            raise PermissionDenied(actor.role, Action.SEE_ALL_EVALUATIONS)
        raise ShopperError("unknown_evaluation")
    data = next(
        db.query(
            "SELECT e.*, c.name AS campaign, o.name AS org, COALESCE(o.region, '') AS city, "
            "COALESCE(s.name, '') AS manager FROM evaluations e "
            "JOIN shopper_campaigns c ON c.id = e.campaign_id "
            "JOIN organisations o ON o.id = e.org_id LEFT JOIN staff s ON s.id = e.staff_id "
            "WHERE e.id = ?",
            [evaluation_id],
        )
    )
    data["template"] = load_template(db, data["template_id"])
    data["marks"] = {
        r["code"]: (r["mark"], r["comment"])
        for r in db.query(
            "SELECT code, mark, comment FROM evaluation_marks WHERE evaluation_id = ?",
            [evaluation_id],
        )
    }
    data["liked"] = json.loads(data["liked"] or "[]")
    data["disputes"] = list(
        db.query(
            "SELECT * FROM evaluation_disputes WHERE evaluation_id = ? ORDER BY id",
            [evaluation_id],
        )
    )
    return data


# ---------------------------------------------------------------- feedback loop


def acknowledge(db: Database, actor: Actor, evaluation_id: int) -> None:
    """The manager confirms they read the evaluation (only their own)."""
    enforce(db, actor, Action.SEE_OWN_EVALUATIONS)
    _own(db, actor, evaluation_id)  # before the transaction, so a refusal stays audited
    with write_tx(db):
        db.execute(
            "UPDATE evaluations SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL",
            [to_stored(utcnow()), evaluation_id],
        )
        write_audit(db, actor.login, "evaluation.acknowledge", str(evaluation_id))


def _own(db: Database, actor: Actor, evaluation_id: int) -> tuple[str, int | None]:
    """(call day, subject) of an evaluation that is the actor's own; refused otherwise."""
    row = db.execute(
        "SELECT call_day, staff_id, created_at FROM evaluations WHERE id = ? "
        "AND calibration_id IS NULL",
        [evaluation_id],
    ).fetchone()
    if row is None:
        raise ShopperError("unknown_evaluation")
    if row[1] is None or row[1] != actor_staff_id(db, actor):
        write_audit(db, actor.login, "permission.denied", f"evaluation:{evaluation_id}")
        raise PermissionDenied(actor.role, Action.SEE_OWN_EVALUATIONS)
    return row[2], row[1]


def open_dispute(
    db: Database,
    actor: Actor,
    evaluation_id: int,
    code: str,
    comment: str,
    today: date,
    window_days: int = 5,
) -> int:
    """Dispute one missed criterion of one's own evaluation, with a comment, within the window
    (working days after the evaluation was made)."""
    enforce(db, actor, Action.SEE_OWN_EVALUATIONS)
    if not comment.strip():
        raise ShopperError("comment_required")
    created, _ = _own(db, actor, evaluation_id)  # before the transaction: refusals stay audited
    with write_tx(db):
        if today > dispute_deadline(date.fromisoformat(created[:10]), window_days):
            raise ShopperError("window_closed")
        mark = db.execute(
            "SELECT mark FROM evaluation_marks WHERE evaluation_id = ? AND code = ?",
            [evaluation_id, code],
        ).fetchone()
        if mark is None:
            raise ShopperError("unknown_criterion")
        if db.execute(
            "SELECT 1 FROM evaluation_disputes WHERE evaluation_id = ? AND code = ?",
            [evaluation_id, code],
        ).fetchone():
            raise ShopperError("already_disputed")
        cursor = db.execute(
            "INSERT INTO evaluation_disputes (evaluation_id, code, comment, opened_by, opened_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [evaluation_id, code, comment.strip(), actor.login, to_stored(utcnow())],
        )
        write_audit(db, actor.login, "dispute.open", str(evaluation_id), code=code)
    return int(cursor.lastrowid or 0)


def decide_dispute(
    db: Database,
    actor: Actor,
    dispute_id: int,
    decision: str,
    new_mark: str | None = None,
    comment: str = "",
) -> StoredOutcome:
    """QC or the head decides: keep the mark, accept (the criterion becomes done) or another mark;
    the verdict is recomputed."""
    enforce(db, actor, Action.EDIT_EVALUATIONS)
    if decision not in DISPUTE_DECISIONS:
        raise ShopperError("bad_decision")
    with write_tx(db):
        row = db.execute(
            "SELECT evaluation_id, code, decision FROM evaluation_disputes WHERE id = ?",
            [dispute_id],
        ).fetchone()
        if row is None:
            raise ShopperError("unknown_dispute")
        if row[2] is not None:
            raise ShopperError("already_decided")
        evaluation_id, code = int(row[0]), str(row[1])
        mark = {"accept": DONE, "other": new_mark}.get(decision)
        if decision == "other" and mark not in MARKS:
            raise ShopperError("bad_mark")
        if mark is not None:
            stored = _rescore(db, evaluation_id, {code: mark}, {})
        else:
            stored = _rescore(db, evaluation_id, {}, {})
        db.execute(
            "UPDATE evaluation_disputes SET decision = ?, new_mark = ?, decided_by = ?, "
            "decided_at = ?, decision_comment = ? WHERE id = ?",
            [decision, mark, actor.login, to_stored(utcnow()), comment.strip(), dispute_id],
        )
        write_audit(db, actor.login, "dispute.decide", str(evaluation_id), code=code,
                    decision=decision, mark=mark, verdict=stored.verdict)  # fmt: skip
        _notify(db, "dispute_decided", evaluation_id, code=code,
                decision=_DECISION_WORDS[decision], comment=comment.strip())  # fmt: skip
    return stored


def list_disputes(db: Database, actor: Actor, open_only: bool = True) -> list[dict[str, Any]]:
    """Disputes for QC and the head to decide (a manager sees their own)."""
    seen, params = _visibility(db, actor)
    where = "d.decision IS NULL" if open_only else "1=1"
    return list(
        db.query(
            "SELECT d.id, d.evaluation_id, d.code, d.comment, d.opened_by, d.opened_at, "
            "d.decision, d.new_mark, d.decided_by, d.decision_comment, e.call_day, e.verdict, "
            "COALESCE(s.name, '') AS manager, o.name AS org, "
            "(SELECT mark FROM evaluation_marks m WHERE m.evaluation_id = e.id "
            "AND m.code = d.code) AS mark "
            "FROM evaluation_disputes d JOIN evaluations e ON e.id = d.evaluation_id "
            "JOIN organisations o ON o.id = e.org_id LEFT JOIN staff s ON s.id = e.staff_id "
            f"WHERE {where} AND {seen} ORDER BY d.opened_at",
            params,
        )
    )


def _notify(db: Database, event: str, evaluation_id: int, **extra: Any) -> None:
    """E-mail the evaluated manager (issue 10's outbox, in this transaction): a new evaluation or
    a decided dispute. Calibration scores are nobody's result, so they notify nobody."""
    row = db.execute(
        "SELECT e.call_day, e.verdict, e.gross, e.errors, c.name, e.calibration_id "
        "FROM evaluations e JOIN shopper_campaigns c ON c.id = e.campaign_id WHERE e.id = ?",
        [evaluation_id],
    ).fetchone()
    if row is None or row[5] is not None:
        return
    logins = [
        r[0]
        for r in db.execute(
            "SELECT u.login FROM evaluations e JOIN users u ON u.staff_id = e.staff_id "
            "WHERE e.id = ? AND u.active = 1",
            [evaluation_id],
        )
    ]
    if not logins:
        return
    params = {"day": _ru_day(row[0]), "verdict": _VERDICT_WORDS[row[1]], "gross": row[2],
              "errors": row[3], "campaign": row[4], **extra}  # fmt: skip
    notify_event(db, event, params, link=f"/shopper_mine?evaluation={evaluation_id}", logins=logins)


def _ru_day(day: str) -> str:
    return f"{day[8:10]}.{day[5:7]}.{day[:4]}"


# Words inside e-mail parameters (the templates live in ui/texts/notify.py).
_VERDICT_WORDS = {PASS: "зачёт", PASS_WITH_IMPROVEMENTS: "зачёт с доработками", FAIL: "незачёт"}
_DECISION_WORDS = {
    "keep": "ошибка оставлена",
    "accept": "ошибка снята",
    "other": "отметка изменена",
}


# ---------------------------------------------------------------- reports


def shopper_report(
    db: Database,
    campaign: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, Any]:
    """The CLI's `report shopper --json`: totals, verdicts, verdicts by round and missed counts
    per criterion (every criterion of the templates used, gross first), calibration left out."""
    where, params = _scope(campaign, start, end)
    verdicts = dict.fromkeys(VERDICTS, 0)
    by_round: dict[str, dict[str, int]] = {}
    for rnd, verdict, count in db.execute(
        f"SELECT e.round, e.verdict, COUNT(*) FROM evaluations e WHERE {where} "
        "GROUP BY e.round, e.verdict ORDER BY e.round",
        params,
    ):
        verdicts[verdict] += count
        by_round.setdefault(str(rnd), dict.fromkeys(VERDICTS, 0))[verdict] += count
    missed = dict(
        db.execute(
            "SELECT m.code, COUNT(*) FROM evaluation_marks m "
            f"JOIN evaluations e ON e.id = m.evaluation_id WHERE m.mark = 'missed' AND {where} "
            "GROUP BY m.code",
            params,
        ).fetchall()
    )
    criteria = _criteria_of(db, where, params)
    rows = [
        {"code": c.code, "name": c.name, "severity": c.severity, "missed": missed.get(c.code, 0)}
        for c in criteria
    ]
    known = {c.code for c in criteria}
    rows += [{"code": code, "name": code, "severity": "", "missed": n}
             for code, n in missed.items() if code not in known]  # fmt: skip
    return {
        "total": sum(verdicts.values()),
        "verdicts": verdicts,
        "by_round": {k: {**v, "total": sum(v.values())} for k, v in by_round.items()},
        "criteria": rows,
    }


def _criteria_of(db: Database, where: str, params: Sequence[Any]) -> list[Criterion]:
    """The criteria of the template versions the evaluations in scope used (latest name wins)."""
    template_ids = [
        r[0]
        for r in db.execute(
            f"SELECT DISTINCT e.template_id FROM evaluations e WHERE {where} ORDER BY 1", params
        )
    ]
    found: dict[str, Criterion] = {}
    for template_id in template_ids:
        for criterion in load_template(db, template_id).criteria:
            found[criterion.code] = criterion
    return sorted(found.values(), key=lambda c: (c.severity != GROSS, criterion_sort_key(c.code)))


def verdicts_by(
    db: Database, dimension: str, campaign: int | None = None, start: date | None = None,
    end: date | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Verdict counts by campaign, round, organisation, manager or month."""
    columns = {
        "campaign": "c.name",
        "round": "c.name || ' · этап ' || e.round",
        "org": "o.name || CASE WHEN COALESCE(o.region, '') = '' OR o.name LIKE '%г. %' "
        "THEN '' ELSE ', ' || o.region END",
        "manager": "COALESCE(s.name, '—') || ' (' || o.name || ')'",
        "month": "substr(e.call_day, 1, 7)",
        "version": "(SELECT t.name || ' · v' || t.version FROM shopper_templates t "
        "WHERE t.id = e.template_id)",
    }
    label = columns[dimension]
    where, params = _scope(campaign, start, end)
    return list(
        db.query(
            f"SELECT {label} AS label, COUNT(*) AS total, "
            "SUM(e.verdict = 'pass') AS pass, "
            "SUM(e.verdict = 'pass_with_improvements') AS pass_with_improvements, "
            "SUM(e.verdict = 'fail') AS fail, AVG(e.score) AS score "
            "FROM evaluations e JOIN shopper_campaigns c ON c.id = e.campaign_id "
            "JOIN organisations o ON o.id = e.org_id LEFT JOIN staff s ON s.id = e.staff_id "
            f"WHERE {where} GROUP BY label ORDER BY "
            + (
                "label"
                if dimension in ("round", "month", "campaign", "version")
                else "fail DESC, label"
            ),
            params,
        )
    )


def liked_counts(db: Database, campaign: int | None = None) -> list[tuple[str, int]]:
    """Seed 000's «Что понравилось»: each tag with the number of calls it was ticked on."""
    where, params = _scope(campaign)
    counts: Counter[str] = Counter()
    for (liked,) in db.execute(
        f"SELECT e.liked FROM evaluations e WHERE {where} AND e.liked != '[]'", params
    ):
        counts.update(json.loads(liked))
    return counts.most_common()


def repeat_error_rows(db: Database, campaign: int | None = None) -> list[dict[str, Any]]:
    """Criteria a manager missed again in the evaluation right after one where it was missed."""
    where, params = _scope(campaign)
    history: dict[int, tuple[str, str, set[str]]] = {}
    names: dict[str, str] = {}
    for eid, subject, name, code in db.execute(
        "SELECT e.id, e.staff_id, COALESCE(s.name, ''), m.code FROM evaluations e "
        "JOIN staff s ON s.id = e.staff_id LEFT JOIN evaluation_marks m ON m.evaluation_id = e.id "
        f"AND m.mark = 'missed' WHERE {where} ORDER BY e.call_day, e.id",
        params,
    ):
        names[str(subject)] = name
        entry = history.setdefault(eid, (str(subject), str(eid), set()))
        if code:
            entry[2].add(code)
    counts = repeat_errors([(s, k, frozenset(m)) for s, k, m in history.values()])
    return [
        {"manager": names[subject], "code": code, "repeats": n}
        for (subject, code), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def missed_by_staff(db: Database, staff: int, limit: int = 5) -> list[tuple[str, int]]:
    """The criteria a person misses most (their own page)."""
    return [
        (code, n)
        for code, n in db.execute(
            "SELECT m.code, COUNT(*) AS n FROM evaluation_marks m JOIN evaluations e "
            "ON e.id = m.evaluation_id WHERE e.staff_id = ? AND e.calibration_id IS NULL "
            "AND m.mark = 'missed' GROUP BY m.code ORDER BY n DESC, m.code LIMIT ?",
            [staff, limit],
        )
    ]


# ---------------------------------------------------------------- calibration


def calibration_report(db: Database, campaign: int | None = None) -> tuple[Calibration, dict]:
    """Agreement over every calibration session (or a campaign's): the core computation plus
    evaluator drift (their agreement with the reference, session by session)."""
    where, params = _scope(campaign=campaign, calibration=True)
    verdicts: dict[str, dict[str, str]] = {}
    marks: dict[str, dict[str, dict[str, str]]] = {}
    reference: dict[str, str] = {}
    template_ids: set[int] = set()
    for sid, evaluator, verdict, is_ref, eid, template_id in db.execute(
        "SELECT e.calibration_id, e.evaluator, e.verdict, e.is_reference, e.id, e.template_id "
        f"FROM evaluations e WHERE {where} ORDER BY e.calibration_id, e.id",
        params,
    ):
        call = str(sid)
        verdicts.setdefault(call, {})[evaluator] = verdict
        marks.setdefault(call, {})[evaluator] = dict(
            db.execute(
                "SELECT code, mark FROM evaluation_marks WHERE evaluation_id = ?", [eid]
            ).fetchall()
        )
        template_ids.add(template_id)
        if is_ref:
            reference[call] = evaluator
    criteria: dict[str, Criterion] = {}
    for template_id in sorted(template_ids):
        for c in load_template(db, template_id).criteria:
            criteria[c.code] = c
    ordered = sorted(
        criteria.values(), key=lambda c: (c.severity != GROSS, criterion_sort_key(c.code))
    )
    result = calibrate(
        verdicts, marks, reference,
        [c.code for c in ordered if c.severity == GROSS], [c.code for c in ordered],
    )  # fmt: skip
    drift: dict[str, list[float]] = {}
    for call in sorted(verdicts, key=int):
        ref = reference.get(call)
        if ref is None:
            continue
        for evaluator, evaluator_marks in marks[call].items():
            if evaluator == ref:
                continue
            codes = list(marks[call][ref])
            same = sum(evaluator_marks.get(c) == marks[call][ref][c] for c in codes)
            drift.setdefault(evaluator, []).append(same / len(codes) if codes else 0.0)
    return result, drift


def calibration_json(result: Calibration) -> dict[str, Any]:
    """`report calibration --json`: calls, pairs (kappa and agreement on the verdict), criteria."""
    return {
        "calls": result.calls,
        "pairs": [
            {"a": p.a, "b": p.b, "kappa": _round(p.kappa), "agreement": _round(p.agreement)}
            for p in result.pairs
        ],
        "criteria": [{"code": code, "agreement": _round(share)} for code, share in result.criteria],
        "fleiss": _round(result.fleiss),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def evaluators(db: Database) -> list[str]:
    """Names of everybody who scored calls, for the calibration form."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT evaluator FROM evaluations WHERE evaluator != '' ORDER BY 1")]  # fmt: skip


def monthly_summary(db: Database, month: str) -> dict[str, Any]:
    """This month's verdicts and most-missed criterion (the overview card)."""
    start = date.fromisoformat(f"{month}-01")
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    report = shopper_report(db, start=start, end=end)
    top = max(report["criteria"], key=lambda r: r["missed"], default=None)
    return {
        "total": report["total"],
        "verdicts": report["verdicts"],
        "top_missed": top if top and top["missed"] else None,
    }


def verdict_counts(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Verdicts of a list of evaluation rows."""
    counts = dict.fromkeys((PASS, PASS_WITH_IMPROVEMENTS, FAIL), 0)
    for row in rows:
        counts[row["verdict"]] += 1
    return counts


def campaign_names(db: Database) -> list[str]:
    """Every campaign's name, oldest first: the choices of the evaluations import's campaign."""
    return [r[0] for r in db.execute("SELECT name FROM shopper_campaigns ORDER BY id").fetchall()]
