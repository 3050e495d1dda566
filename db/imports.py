"""Storing one request-side import (file, webhook batch or API pull) as a single transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from core.imports import ImportResult, bulk
from core.notify import IMPORT_REJECTS
from core.roles import Action, Actor
from core.timeutil import DEFAULT_TZ
from db.audit import enforce, write_audit
from db.connect import store_events, store_open_snapshot
from db.connection import write_tx
from db.notify import notify_event
from db.requests import Progress, record_import, upsert_requests

REQUEST_KINDS = ("requests", "connect-open", "connect-events")


def store_request_import(
    db: Database,
    actor: Actor,
    kind: str,
    file_name: str,
    data_hash: str,
    result: ImportResult[Any],
    tz: str = DEFAULT_TZ,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write records, rejects and the import log row all or nothing; returns the CLI's import JSON.

    Shared by `cli.py import`, `sync connect` and the UI import page. Natural keys make a
    repeated import change nothing: it reports imported 0 and every good row as a duplicate.
    `progress` hears how a file's requests are being written (see upsert_requests).
    """
    if kind not in REQUEST_KINDS:
        raise ValueError(kind)
    enforce(db, actor, Action.IMPORT_ANY)
    rejects = [problem.to_json() for problem in result.problems]
    with bulk(), write_tx(db):
        import_id = record_import(
            db, kind, file_name, data_hash, actor.login, result.rows, 0, 0, rejects
        )
        written, unchanged = _store_records(db, kind, result.records, tz, import_id, progress)
        db.execute(
            "UPDATE imports SET imported = ?, duplicates = ? WHERE id = ?",
            [written, unchanged, import_id],
        )
        write_audit(
            db,
            actor.login,
            "import",
            kind,
            file=file_name,
            rows=result.rows,
            imported=written,
            duplicates=unchanged,
            rejected=len(rejects),
        )
        if rejects:
            notify_event(
                db, IMPORT_REJECTS, {"file": file_name, "kind": kind, "rows": result.rows,
                "imported": written, "duplicates": unchanged, "rejected": len(rejects),
                "login": actor.login}, link="/imports",
            )  # fmt: skip
    return {
        "rows": result.rows,
        "imported": written,
        "duplicates": unchanged,
        "rejected": len(rejects),
        "rejects": rejects,
    }


def _store_records(
    db: Database,
    kind: str,
    records: Sequence[Any],
    tz: str,
    import_id: int,
    progress: Progress | None,
) -> tuple[int, int]:
    """(written, unchanged) for the kind's records, inside the caller's transaction."""
    if kind == "requests":
        done = upsert_requests(db, records, tz, import_id, progress)
        return done.written, done.unchanged
    if kind == "connect-open":
        done = store_open_snapshot(db, records, tz)
    else:
        done = store_events(db, records, tz)
    return done.written, done.unchanged
