"""Online backups through the SQLite backup API, so the app keeps working while a copy is made."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from core.roles import Action, Actor
from db.audit import enforce, write_audit


def backup_to(db: Database, actor: Actor, target_path: str | os.PathLike[str]) -> Path:
    """Copy the whole database to one self-contained file (admin only), replacing it atomically."""
    enforce(db, actor, Action.BACKUP)
    target = Path(target_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    dest = sqlite3.connect(str(partial))
    try:
        db.conn.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
        dest.commit()
    except BaseException:
        dest.close()
        partial.unlink(missing_ok=True)
        raise
    dest.close()
    os.replace(partial, target)
    write_audit(db, actor.login, "backup", target.name, bytes=target.stat().st_size)
    return target
