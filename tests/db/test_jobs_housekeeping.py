"""Housekeeping jobs (nightly backup, session purge) and the import-with-rejects notification."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from core.imports import ImportResult, Problem
from core.requests import RequestRecord
from core.roles import SYSTEM, Actor
from core.timeutil import to_stored, utcnow
from db.connection import write_tx
from db.imports import store_request_import
from db.settings import put_setting
from db.users import add_user, create_session
from worker import run_backup, run_purge_sessions


def test_the_nightly_backup_keeps_only_the_newest_copies(db, tmp_path):
    folder = tmp_path / "copies"
    with write_tx(db):
        put_setting(db, "backup_dir", str(folder))
        put_setting(db, "backup_keep", 2)
    now = utcnow()

    results = [run_backup(db, now + timedelta(days=day)) for day in range(3)]

    copies = sorted(folder.iterdir())
    assert len(copies) == 2 and results[-1].endswith("удалено старых: 1")
    assert copies[-1].name in results[-1]
    for copy in copies:
        with sqlite3.connect(copy) as check:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert check.execute("SELECT COUNT(*) FROM jobs").fetchone() is not None


def test_purging_sessions_removes_ended_and_idle_ones_only(db):
    add_user(db, SYSTEM, "ann", "Анна", "qc", None)
    actor = Actor("ann", "qc", id=db.execute("SELECT id FROM users").fetchone()[0])
    for _ in range(3):
        create_session(db, actor)
    ids = [row[0] for row in db.execute("SELECT id FROM sessions ORDER BY rowid").fetchall()]
    old = to_stored(utcnow() - timedelta(minutes=500))
    with write_tx(db):
        db.execute("UPDATE sessions SET last_seen = ? WHERE id = ?", [old, ids[0]])
        db.execute("UPDATE sessions SET revoked_at = ? WHERE id = ?", [to_stored(utcnow()), ids[1]])

    assert run_purge_sessions(db, utcnow()) == "удалено сеансов: 2"
    assert [row[0] for row in db.execute("SELECT id FROM sessions").fetchall()] == [ids[2]]


def test_an_import_with_rejects_queues_its_mail_in_the_import_transaction(db):
    add_user(db, SYSTEM, "boss", "Руководитель", "head", None, email="boss@example.test")
    result = ImportResult(
        records=[RequestRecord(id="R-1", source="file", created_at=utcnow())],
        problems=[Problem(3, "created_at", "bad_date", {"created_at": "вчера"})],
        rows=2,
    )

    store_request_import(db, SYSTEM, "requests", "март.xlsx", "hash-1", result)

    rows = db.execute("SELECT event, login, params, link FROM outbox").fetchall()
    assert [(r[0], r[1], r[3]) for r in rows] == [("import_rejects", "boss", "/imports")]
    assert '"rejected": 1' in rows[0][2] and "март.xlsx" in rows[0][2]
