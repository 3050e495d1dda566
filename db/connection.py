"""Connections and write transactions (DESIGN §3): WAL, foreign keys, busy timeout, BEGIN IMMEDIATE."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "qc.sqlite"


def db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the database file: explicit path, then env QC_DB, then data/qc.sqlite."""
    if path:
        return Path(path)
    env = os.environ.get("QC_DB")
    return Path(env) if env else DEFAULT_DB


def connect(
    path: str | os.PathLike[str] | None = None, migrate: bool = True
) -> sqlite_utils.Database:
    """Open the database with the pragmas every connection needs, migrated to the latest schema."""
    target = db_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(target), timeout=5.0, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA busy_timeout=5000")
    db.execute("PRAGMA foreign_keys=ON")
    mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    # A 32 MB page cache (the default is 2 MB) keeps index pages of big imports in memory.
    db.execute("PRAGMA cache_size=-32768")
    if migrate:
        from db.migrations import migrate as run_migrations

        run_migrations(db)
    return db


@contextmanager
def write_tx(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Run a read-then-write unit in BEGIN IMMEDIATE so it waits instead of failing under WAL."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")
