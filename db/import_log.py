"""The imports log for the import page: recent imports and whether a file was loaded before."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def import_history(db: Database, limit: int = 200) -> list[dict[str, Any]]:
    """The latest imports, newest first: who, when, which file and its counts."""
    return list(
        db.query(
            "SELECT id, kind, file_name, at, login, rows, imported, duplicates, rejected "
            "FROM imports ORDER BY id DESC LIMIT ?",
            [limit],
        )
    )


def previous_import(db: Database, kind: str, file_hash: str) -> dict[str, Any] | None:
    """The last import of the same file content as the same kind, if any (uses imports_hash)."""
    rows = list(
        db.query(
            "SELECT id, at, login, file_name FROM imports WHERE kind = ? AND file_hash = ? "
            "ORDER BY id DESC LIMIT 1",
            [kind, file_hash],
        )
    )
    return rows[0] if rows else None
