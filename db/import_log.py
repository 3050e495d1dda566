"""The imports log: every import (and every failed one, with why), its rejects kept within the
limit, the summary the CLI prints, and hand mappings saved per header for the next file."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from core.imports import REJECT, ImportResult, Problem, bulk, flagged_by_reason, kept_rejects
from core.notify import IMPORT_REJECTS
from core.roles import Action, Actor
from core.timeutil import to_stored, utcnow
from db.audit import enforce, write_audit
from db.connection import write_tx
from db.notify import notify_event
from db.settings import get_setting

# write(db, records, import_id) -> (written, unchanged), inside the import's transaction
WriteRecords = Callable[[Database, Sequence[Any], int], tuple[int, int]]


def import_history(db: Database, limit: int = 200) -> list[dict[str, Any]]:
    """The latest imports, newest first: who, when, which file, its counts and, if it failed, why."""
    return list(
        db.query(
            "SELECT id, kind, file_name, at, login, rows, imported, duplicates, rejected, error, "
            "sheet, flagged FROM imports ORDER BY id DESC LIMIT ?",
            [limit],
        )
    )


def previous_import(db: Database, kind: str, file_hash: str) -> dict[str, Any] | None:
    """The last successful import of the same file content as the same kind, if any."""
    rows = list(
        db.query(
            "SELECT id, at, login, file_name FROM imports WHERE kind = ? AND file_hash = ? "
            "AND error IS NULL ORDER BY id DESC LIMIT 1",
            [kind, file_hash],
        )
    )
    return rows[0] if rows else None


def log_import(
    db: Database,
    kind: str,
    file_name: str,
    file_hash: str,
    login: str | None,
    result: ImportResult[Any],
    keep: int,
) -> int:
    """Log one import (inside the caller's transaction): its counts, the first `keep` problems in
    full and every reject counted by reason. Returns the import's id."""
    cursor = db.execute(
        "INSERT INTO imports (kind, file_name, file_hash, at, login, rows, imported, duplicates, "
        "rejected) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0)",
        [kind, file_name, file_hash, to_stored(utcnow()), login, result.rows],
    )
    import_id = int(cursor.lastrowid or 0)
    log_problems(db, import_id, result, keep)
    return import_id


def log_problems(
    db: Database, import_id: int, result: ImportResult[Any], keep: int, logged: int = 0
) -> None:
    """Keep the problems from `logged` on (within the first `keep`) and set the import's counts:
    rejects by reason, flagged rows, the sheet."""
    kept, counts = kept_rejects(result.problems, keep)
    db.conn.executemany(
        'INSERT INTO import_rejects (import_id, row, "column", reason, "values", severity) '
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            [import_id, p.row, p.column, p.reason,
             json.dumps(p.values, ensure_ascii=False, default=str), p.severity]
            for p in kept[logged:]
        ],
    )  # fmt: skip
    db.execute(
        "UPDATE imports SET rejected = ?, flagged = ?, sheet = ?, rejects_by_reason = ? "
        "WHERE id = ?",
        [result.rejected, result.flagged, result.sheet or None,
         json.dumps(counts, ensure_ascii=False) if counts else None, import_id],
    )  # fmt: skip


def finish_import(db: Database, import_id: int, imported: int, duplicates: int) -> None:
    """Set the counts known once the records are written."""
    db.execute(
        "UPDATE imports SET imported = ?, duplicates = ? WHERE id = ?",
        [imported, duplicates, import_id],
    )


def log_failed_import(
    db: Database,
    kind: str,
    file_name: str,
    file_hash: str,
    login: str | None,
    reason: str,
    detail: str = "",
) -> int:
    """Log an import that failed outright (unreadable file, no header, a missing column…) with its
    reason code and detail, in a transaction of its own; «Журнал загрузок» shows it."""
    error = f"{reason}: {detail}" if detail else reason
    with write_tx(db):
        cursor = db.execute(
            "INSERT INTO imports (kind, file_name, file_hash, at, login, rows, imported, "
            "duplicates, rejected, error) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, ?)",
            [kind, file_name, file_hash, to_stored(utcnow()), login, error[:1000]],
        )
        write_audit(db, login, "import.failed", kind, file=file_name, reason=reason)
    return int(cursor.lastrowid or 0)


def import_summary(
    result: ImportResult[Any], imported: int, duplicates: int, keep: int
) -> dict[str, Any]:
    """The CLI's import JSON (DESIGN §7) plus the sheet, the columns and rejects by reason."""
    kept, counts = kept_rejects(result.problems, keep)
    return {
        "rows": result.rows,
        "imported": imported,
        "duplicates": duplicates,
        "rejected": result.rejected,
        "flagged": result.flagged,
        "rejects": [p.to_json() for p in kept],  # every problem, each with its severity
        "rejects_by_reason": counts,
        "flagged_by_reason": flagged_by_reason(result.problems),
        "sheet": result.sheet,
        "sheet_reason": result.sheet_reason,
        "columns": result.columns,
    }


def store_import(
    db: Database,
    actor: Actor,
    kind: str,
    file_name: str,
    file_hash: str,
    result: ImportResult[Any],
    write: WriteRecords,
    action: Action = Action.IMPORT_ANY,
) -> dict[str, Any]:
    """The body of every kind's store function: permission, one transaction with the log row, the
    records (`write`), the counts and the audit row; returns the CLI's summary. `write` may add
    FLAG problems to result.problems (what it resolved and a person should check)."""
    enforce(db, actor, action)
    keep = int(get_setting(db, "import_rejects_kept"))
    with bulk(), write_tx(db):
        import_id = log_import(db, kind, file_name, file_hash, actor.login, result, keep)
        logged = len(result.problems)
        written, unchanged = write(db, result.records, import_id)
        if len(result.problems) > logged:
            log_problems(db, import_id, result, keep, logged)
        finish_import(db, import_id, written, unchanged)
        write_audit(
            db, actor.login, "import", kind, file=file_name, rows=result.rows, imported=written,
            duplicates=unchanged, rejected=result.rejected, flagged=result.flagged,
        )  # fmt: skip
        if result.rejected:
            notify_event(
                db, IMPORT_REJECTS, {"file": file_name, "kind": kind, "rows": result.rows,
                "imported": written, "duplicates": unchanged, "rejected": result.rejected,
                "login": actor.login}, link="/imports",
            )  # fmt: skip
    return import_summary(result, written, unchanged, keep)


def dry_run_summary(result: ImportResult[Any], keep: int) -> dict[str, Any]:
    """What an import would do, nothing stored: the good rows count as `imported`."""
    summary = import_summary(result, len(result.records), 0, keep)
    summary["dry_run"] = True
    return summary


def import_rejects(db: Database, import_id: int) -> list[Problem]:
    """The rejects kept for one import."""
    return [
        Problem(
            r["row"],
            r["column"],
            r["reason"],
            json.loads(r["values"] or "null"),
            r["severity"] or REJECT,
        )
        for r in db.query(
            'SELECT row, "column", reason, "values", severity FROM import_rejects '
            "WHERE import_id = ? ORDER BY id",
            [import_id],
        )
    ]


# ---- hand mappings saved per header ----------------------------------------------------------


def save_mapping(
    db: Database,
    actor: Actor,
    kind: str,
    signature: str,
    mapping: Mapping[str, str | None],
    header: Sequence[str] = (),
) -> None:
    """Remember a confirmed mapping (field -> header text) for the next file with this header."""
    with write_tx(db):
        db.execute(
            "INSERT INTO import_mappings (kind, signature, mapping, header, saved_at, login) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(kind, signature) DO UPDATE SET "
            "mapping = excluded.mapping, header = excluded.header, saved_at = excluded.saved_at, "
            "login = excluded.login",
            [kind, signature, json.dumps(dict(mapping), ensure_ascii=False),
             json.dumps(list(header), ensure_ascii=False), to_stored(utcnow()), actor.login],
        )  # fmt: skip


def saved_mapping(db: Database, kind: str, signature: str) -> dict[str, str | None] | None:
    """The mapping saved for this kind and header, if any."""
    row = db.execute(
        "SELECT mapping FROM import_mappings WHERE kind = ? AND signature = ?", [kind, signature]
    ).fetchone()
    return json.loads(row[0]) if row else None
