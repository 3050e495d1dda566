"""Settings stored as JSON values; defaults and validation come from core.settings."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from core.roles import Action, Actor
from core.settings import SPECS, coerce_setting, spec_of
from core.timeutil import to_stored, utcnow
from db.audit import enforce, write_audit
from db.connection import write_tx


def get_setting(db: Database, key: str) -> Any:
    """One setting's value, or its default."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        spec = spec_of(key)
        if spec is None:
            raise KeyError(key)
        return spec.default
    return json.loads(row[0])


def get_settings(db: Database) -> dict[str, Any]:
    """Every setting with defaults filled in."""
    values = {key: spec.default for key, spec in SPECS.items()}
    for key, value in db.execute("SELECT key, value FROM settings").fetchall():
        if key in values:
            values[key] = json.loads(value)
    return values


def put_setting(db: Database, key: str, value: Any, login: str | None = None) -> None:
    """Store a validated value without a permission check (CLI, demo, migrations)."""
    coerced = coerce_setting(key, value)
    db.execute(
        "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        [key, json.dumps(coerced, ensure_ascii=False), to_stored(utcnow()), login],
    )


def update_settings(db: Database, actor: Actor, changes: dict[str, Any]) -> None:
    """Change settings as a user: admin only, all or nothing, audited."""
    enforce(db, actor, Action.MANAGE_SETTINGS)
    with write_tx(db):
        for key, value in changes.items():
            put_setting(db, key, value, actor.login)
        write_audit(db, actor.login, "settings.update", None, keys=sorted(changes))
