"""The 1C-Connect directory in SQLite: store entries, read names for display (issue 14, item 2)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from core.directory import KINDS, DirectoryEntry, named_row
from core.imports import ImportResult
from core.roles import Action, Actor
from core.timeutil import to_stored, utcnow
from db.audit import enforce, write_audit
from db.connection import write_tx
from db.import_log import store_import

_UPSERT = (
    "INSERT INTO connect_directory (kind, guid, name, inn, phone, contact, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, guid) DO UPDATE SET name = excluded.name, "
    "inn = CASE WHEN excluded.inn != '' THEN excluded.inn ELSE inn END, "
    "phone = CASE WHEN excluded.phone != '' THEN excluded.phone ELSE phone END, "
    "contact = CASE WHEN excluded.contact != '' THEN excluded.contact ELSE contact END, "
    "updated_at = excluded.updated_at "
    "WHERE name != excluded.name OR (excluded.inn != '' AND inn != excluded.inn) "
    "OR (excluded.phone != '' AND phone != excluded.phone) "
    "OR (excluded.contact != '' AND contact != excluded.contact)"
)


def store_directory(
    db: Database, entries: Iterable[DirectoryEntry], actor: Actor | None = None
) -> tuple[int, int]:
    """Insert or update entries by (kind, guid); an empty INN, phone or contact keeps the stored
    one. Returns (written, unchanged). With an actor the import permission is checked first."""
    entries = list(entries)
    if actor is not None:
        enforce(db, actor, Action.IMPORT_ANY)
    now = to_stored(utcnow())
    with write_tx(db):
        before = db.conn.total_changes
        db.conn.executemany(
            _UPSERT, [(e.kind, e.guid, e.name, e.inn, e.phone, e.contact, now) for e in entries]
        )
        written = db.conn.total_changes - before
        if written and actor is not None:
            write_audit(db, actor.login, "directory.import", None, written=written)
    return written, len(entries) - written


def directory_names(db: Database) -> dict[str, dict[str, str]]:
    """kind -> {guid: name} for every kind (empty dicts when nothing is loaded)."""
    names: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for kind, guid, name in db.execute("SELECT kind, guid, name FROM connect_directory"):
        names[kind][guid] = name
    return names


def client_card(db: Database, client: str) -> dict[str, Any]:
    """A client's name, INN, phone and contact person: by GUID from the directory, else by name
    from the clients register (its INN), else just the value itself."""
    row = db.execute(
        "SELECT name, inn, phone, contact FROM connect_directory WHERE kind = 'client' "
        "AND (guid = ? OR name = ?) ORDER BY guid = ? DESC LIMIT 1",
        [client, client, client],
    ).fetchone()
    if row:
        return {"name": row[0], "inn": row[1], "phone": row[2], "contact": row[3]}
    card = {"name": client, "inn": "", "phone": "", "contact": ""}
    if db["clients"].exists():
        columns = {c.name for c in db["clients"].columns}
        wanted = [c for c in ("inn", "phone", "contact") if c in columns]
        if wanted:
            found = db.execute(
                f"SELECT {', '.join(wanted)} FROM clients WHERE name = ? LIMIT 1", [client]
            ).fetchone()
            if found:
                card.update({c: v or "" for c, v in zip(wanted, found, strict=True)})
    return card


def with_names(db: Database, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with line, specialist and client GUIDs shown by name (unknown values stay as they are)."""
    names = directory_names(db)
    rows = list(rows)
    if not any(names.values()):
        return rows
    return [named_row(row, names) for row in rows]


def with_client_cards(db: Database, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with their client's phone, contact person and INN (and line, specialist and client
    names): what QC needs to make the call."""
    cards: dict[str, dict[str, Any]] = {}
    result = []
    for row in with_names(db, rows):
        client = row.get("client_id") or row.get("client") or ""
        if client not in cards:
            cards[client] = client_card(db, client)
        card = cards[client]
        result.append({**row, "client": card["name"] or row.get("client") or "",
                       "client_phone": card["phone"], "client_contact": card["contact"],
                       "client_inn": card["inn"]})  # fmt: skip
    return result


def store_directory_import(
    db: Database,
    actor: Actor,
    kind: str,
    file_name: str,
    file_hash: str,
    result: ImportResult[DirectoryEntry],
    tz: str = "",
    progress: Any = None,
) -> dict[str, Any]:
    """`import directory` and the page's import: the entries in one logged, audited transaction."""
    return store_import(
        db, actor, kind, file_name, file_hash, result,
        write=lambda db, records, import_id: store_directory(db, records),
    )  # fmt: skip
