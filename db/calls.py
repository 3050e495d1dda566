"""The call log in SQLite (issue 11, items 5 and 6): calls, extensions mapped to staff, the
calls report, the weekly listening plan and the QC queue drawn from it."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from core.calls import (
    IN,
    LISTEN_FROM_S,
    TELEPHONY_FROM_S,
    TELEPHONY_TO_S,
    Call,
    phone_key,
    phone_keys,
)
from core.imports import ImportResult
from core.roles import Action, Actor
from core.shopper import weekly_goal
from core.timeutil import local_day_column, stored_column, utc_column
from db.audit import enforce, write_audit
from db.connection import write_tx
from db.import_log import store_import

QUEUE_LOOKBACK_DAYS = 14


def known_extensions(db: Database) -> frozenset[str]:
    """Extensions mapped to staff: they tell internal numbers from outside ones."""
    return frozenset(r[0] for r in db.execute("SELECT extension FROM phone_extensions"))


def store_call_import(
    db: Database,
    actor: Actor,
    kind: str,
    file_name: str,
    data_hash: str,
    result: ImportResult[Call],
    tz: str,
    progress: Any = None,
) -> dict[str, Any]:
    """Calls as one transaction (the import registry's store); a call already stored (same
    source and linkedid) is a duplicate. `rows` counts the file's lines (legs), `imported` calls."""

    def write(db: Database, records: Sequence[Call], import_id: int) -> tuple[int, int]:
        new = insert_calls(db, list(records), tz, import_id)
        return new, len(records) - new

    return store_import(db, actor, kind, file_name, data_hash, result, write,
                        action=Action.IMPORT_CALLS)  # fmt: skip


def insert_calls(db: Database, calls: list[Call], tz: str, import_id: int | None = None) -> int:
    """Insert calls not stored yet (inside the caller's transaction); returns how many were new."""
    starts = utc_column([c.started for c in calls], tz)
    days = local_day_column(starts, tz)  # type: ignore[arg-type]  # every call has a start
    stored = stored_column(starts)
    before = db.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
    db.conn.executemany(
        "INSERT OR IGNORE INTO calls (key, source, started_at, day, direction, caller, callee, "
        "extension, rung, answered, talk_s, pickup_s, legs, recording, import_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (c.key, c.source, start, day, c.direction, c.caller, c.callee, c.extension,
             ",".join(c.rung), int(c.answered), c.talk_s, c.pickup_s, c.legs, c.recording,
             import_id)
            for c, start, day in zip(calls, stored, days, strict=True)
        ],
    )  # fmt: skip
    return db.execute("SELECT COUNT(*) FROM calls").fetchone()[0] - before


def set_extension(db: Database, actor: Actor, extension: str, staff: int) -> None:
    """Map an internal number to a person (QC, head, admin)."""
    enforce(db, actor, Action.IMPORT_CALLS)
    extension = extension.strip()
    if not extension:
        raise ValueError("no_extension")
    with write_tx(db):
        db.execute(
            "INSERT INTO phone_extensions (extension, staff_id) VALUES (?, ?) "
            "ON CONFLICT DO UPDATE SET staff_id = excluded.staff_id",
            [extension, staff],
        )
        write_audit(db, actor.login, "extension.set", extension, staff_id=staff)


def list_extensions(db: Database) -> list[dict[str, Any]]:
    """Extensions with their person."""
    return list(
        db.query(
            "SELECT p.extension, p.staff_id, s.name FROM phone_extensions p "
            "JOIN staff s ON s.id = p.staff_id ORDER BY p.extension"
        )
    )


def _period(start: date | None, end: date | None) -> tuple[str, list[Any]]:
    where, params = ["1=1"], []
    if start is not None:
        where.append("c.day >= ?")
        params.append(start.isoformat())
    if end is not None:
        where.append("c.day < ?")
        params.append(end.isoformat())
    return " AND ".join(where), params


_WHO = "COALESCE(s.name, CASE WHEN c.extension = '' THEN '' ELSE 'доб. ' || c.extension END)"


_CLIENT_PHONES = (
    "SELECT phone FROM client_details WHERE phone != '' "
    "UNION SELECT phone FROM client_contacts WHERE phone != '' "
    "UNION SELECT phone FROM connect_directory WHERE kind = 'client' AND phone != ''"
)


def client_phone_keys(db: Database) -> set[str]:
    """Every phone known for a client (CRM details and contacts, the monitor's directory), in one
    spelling, so a call from any other number counts as a new client's."""
    return {key for (phone,) in db.execute(_CLIENT_PHONES) for key in phone_keys(phone)}


def calls_report(
    db: Database, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """`report calls --json`: calls (not legs), answered, missed inbound, and per manager the calls
    they handled, answered and missed (a missed call counts for every extension it rang), with
    the average seconds to pick up; plus listening candidates, telephony suspects and calls from
    numbers that are no client's phone."""
    where, params = _period(start, end)
    total, answered, missed, candidates, telephony = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(answered), 0), "
        f"COALESCE(SUM(direction = '{IN}' AND answered = 0), 0), "
        f"COALESCE(SUM(answered = 1 AND talk_s >= {LISTEN_FROM_S}), 0), "
        f"COALESCE(SUM(answered = 1 AND talk_s BETWEEN {TELEPHONY_FROM_S} AND {TELEPHONY_TO_S}), 0) "
        f"FROM calls c WHERE {where}",
        params,
    ).fetchone()
    by_manager: dict[str, dict[str, Any]] = {}
    for who, calls, answered_n, pickup in db.execute(
        f"SELECT {_WHO} AS who, COUNT(*), SUM(c.answered), AVG(c.pickup_s) FROM calls c "
        "LEFT JOIN phone_extensions p ON p.extension = c.extension "
        f"LEFT JOIN staff s ON s.id = p.staff_id WHERE {where} AND c.extension != '' GROUP BY who",
        params,
    ):
        by_manager[who] = {"calls": calls, "answered": answered_n, "missed": 0,
                           "pickup_avg_s": None if pickup is None else round(pickup, 1)}  # fmt: skip
    ext_names = {r["extension"]: r["name"] for r in list_extensions(db)}
    for (rung,) in db.execute(
        f"SELECT c.rung FROM calls c WHERE {where} AND c.direction = '{IN}' AND c.answered = 0 "
        "AND c.rung != ''",
        params,
    ):
        for ext in rung.split(","):
            who = ext_names.get(ext, f"доб. {ext}")
            entry = by_manager.setdefault(
                who, {"calls": 0, "answered": 0, "missed": 0, "pickup_avg_s": None}
            )
            entry["missed"] += 1
    known = client_phone_keys(db)
    new_numbers = sum(
        n
        for caller, n in db.execute(
            f"SELECT c.caller, COUNT(*) FROM calls c WHERE {where} AND c.direction = '{IN}' "
            "AND c.caller != '' GROUP BY c.caller",
            params,
        )
        if phone_key(caller) not in known
    )
    return {
        "calls": total,
        "answered": answered,
        "missed": missed,
        "by_manager": dict(sorted(by_manager.items())),
        "listening_candidates": candidates,
        "telephony_suspects": telephony,
        "new_numbers": new_numbers,
    }


def list_calls(
    db: Database, start: date | None = None, end: date | None = None, limit: int = 2000
) -> list[dict[str, Any]]:
    """The newest calls of the period with who took them."""
    where, params = _period(start, end)
    return list(
        db.query(
            f"SELECT c.id, c.started_at, c.direction, c.caller, c.callee, c.extension, {_WHO} AS who, "
            "c.answered, c.talk_s, c.pickup_s, c.legs, c.recording FROM calls c "
            "LEFT JOIN phone_extensions p ON p.extension = c.extension "
            f"LEFT JOIN staff s ON s.id = p.staff_id WHERE {where} "
            "ORDER BY c.started_at DESC LIMIT ?",
            [*params, limit],
        )
    )


def week_start(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def managers(db: Database) -> list[dict[str, Any]]:
    """The people whose calls QC listens to: staff of manager users and staff with an extension."""
    return list(
        db.query(
            "SELECT s.id, s.name, s.hired_on FROM staff s WHERE s.id IN "
            "(SELECT staff_id FROM users WHERE role = 'manager' AND active = 1 AND staff_id IS NOT NULL "
            "UNION SELECT staff_id FROM phone_extensions) ORDER BY s.name"
        )
    )


def listening_plan(db: Database, today: date, base: int = 3) -> dict[str, Any]:
    """This week's goal per manager (more for new hires and after a failed verdict), how many of
    their calls were evaluated this week, and who is behind (`report listening --json`)."""
    monday = week_start(today)
    sunday_next = monday + timedelta(days=7)
    rows = []
    for person in managers(db):
        verdicts = [
            r[0]
            for r in db.execute(
                "SELECT verdict FROM evaluations WHERE staff_id = ? AND calibration_id IS NULL "
                "AND call_day < ? ORDER BY call_day, id",
                [person["id"], monday.isoformat()],
            )
        ]
        hired = date.fromisoformat(person["hired_on"]) if person["hired_on"] else None
        goal = weekly_goal(base, hired, today, verdicts)
        done = db.execute(
            "SELECT COUNT(*) FROM evaluations WHERE staff_id = ? AND calibration_id IS NULL "
            "AND call_day >= ? AND call_day < ?",
            [person["id"], monday.isoformat(), sunday_next.isoformat()],
        ).fetchone()[0]
        rows.append({"staff_id": person["id"], "name": person["name"], "goal": goal,
                     "done": done, "behind": max(0, goal - done)})  # fmt: skip
    return {
        "week": monday.isoformat(),
        "managers": rows,
        "behind": [r["name"] for r in rows if r["behind"]],
    }


def listening_queue(
    db: Database, today: date | None = None, base: int = 3, limit: int = 30
) -> list[dict[str, Any]]:
    """Calls for QC to listen to: random unevaluated calls of a minute or more from the last two
    weeks, as many per manager as they are behind plan; stable through the week (seeded by it)."""
    from core.timeutil import utcnow

    today = today or utcnow().date()
    plan = listening_plan(db, today, base)
    since = (today - timedelta(days=QUEUE_LOOKBACK_DAYS)).isoformat()
    rng = random.Random(plan["week"])
    queue: list[dict[str, Any]] = []
    for person in plan["managers"]:
        if not person["behind"]:
            continue
        candidates = list(
            db.query(
                "SELECT c.id, c.key, c.day, c.started_at, c.caller, c.callee, c.talk_s, "
                "c.recording, c.extension FROM calls c JOIN phone_extensions p "
                "ON p.extension = c.extension WHERE p.staff_id = ? AND c.answered = 1 "
                f"AND c.talk_s >= {LISTEN_FROM_S} AND c.day >= ? AND NOT EXISTS "
                "(SELECT 1 FROM evaluations e WHERE e.call_id = c.id) ORDER BY c.id",
                [person["staff_id"], since],
            )
        )
        for call in rng.sample(candidates, min(person["behind"], len(candidates))):
            org = db.execute(
                "SELECT o.name FROM staff s JOIN organisations o ON o.id = s.org_id WHERE s.id = ?",
                [person["staff_id"]],
            ).fetchone()
            queue.append({
                **call,
                "day": date.fromisoformat(call["day"]),
                "manager": person["name"],
                "org": org[0] if org else "",
                "label": f"{call['day']} · {person['name']} · {call['caller']} → "
                f"{call['callee']} · {call['talk_s']} с",
            })  # fmt: skip
    return queue[:limit]


def own_staff(db: Database) -> list[dict[str, Any]]:
    """People of the own company, for mapping extensions."""
    return list(
        db.query(
            "SELECT s.id, s.name FROM staff s JOIN organisations o ON o.id = s.org_id "
            "WHERE o.kind = 'own' ORDER BY s.name"
        )
    )


LISTENING_BEHIND = "listening_behind"


def remind_listening(db: Database, today: date, base: int = 3) -> dict[str, Any]:
    """Once a day: e-mail the head (and whoever chose it) who is behind this week's listening plan (event
    `listening_behind`); a second run the same day changes nothing."""
    from db.notify import notify_event

    plan = listening_plan(db, today, base)
    with write_tx(db):
        done = db.execute(
            "SELECT 1 FROM audit_log WHERE action = 'listening.reminder' AND target = ?",
            [today.isoformat()],
        ).fetchone()
        if done or not plan["behind"]:
            return {"behind": len(plan["behind"]), "queued": 0}
        queued = notify_event(
            db, LISTENING_BEHIND,
            {"week": plan["week"], "count": len(plan["behind"]), "names": ", ".join(plan["behind"])},
            link="/shopper_calls",
        )  # fmt: skip
        write_audit(db, "system", "listening.reminder", today.isoformat(),
                    behind=len(plan["behind"]), queued=queued)  # fmt: skip
    return {"behind": len(plan["behind"]), "queued": queued}
