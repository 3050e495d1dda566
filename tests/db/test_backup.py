"""Online backups: a consistent single-file copy taken while others use the database."""

from __future__ import annotations

import sqlite3

from core.roles import SYSTEM, Actor
from db.backup import backup_to
from db.connection import connect
from db.users import add_user

ADMIN = Actor(login="boss", role="admin")


def test_a_backup_is_a_complete_single_file_copy_and_is_audited(db, tmp_path):
    add_user(db, SYSTEM, "ivanov", "Иванов", "qc", "ivanov-pass")
    target = tmp_path / "copies" / "qc-backup.sqlite"

    assert backup_to(db, ADMIN, target) == target

    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert copy.execute("SELECT login FROM users").fetchall() == [("ivanov",)]
    copy.close()
    assert not list(tmp_path.glob("copies/*-wal")) and not list(tmp_path.glob("copies/*.partial"))
    row = db.execute("SELECT login, target FROM audit_log WHERE action = 'backup'").fetchone()
    assert tuple(row) == ("boss", "qc-backup.sqlite")


def test_a_backup_taken_during_someone_elses_write_holds_only_committed_data(db_file, tmp_path):
    db = connect(db_file)
    add_user(db, SYSTEM, "ivanov", "Иванов", "qc", "ivanov-pass")
    reader = sqlite3.connect(db_file)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM users").fetchone()
    writer = sqlite3.connect(db_file)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO users (login, name, role, created_at) VALUES ('late', 'Поздний', 'qc', 'x')"
    )

    def commit_before_the_audit_row(statement: str) -> None:
        # The copy is done by now; the writer commits so the audit row can take the lock.
        if "INSERT INTO audit_log" in statement and writer.in_transaction:
            writer.commit()

    db.conn.set_trace_callback(commit_before_the_audit_row)
    target = backup_to(db, ADMIN, tmp_path / "during.sqlite")
    db.conn.set_trace_callback(None)
    reader.close()
    writer.close()

    copy = sqlite3.connect(target)
    assert copy.execute("SELECT login FROM users").fetchall() == [("ivanov",)]
    copy.close()
    logins = {r[0] for r in db.execute("SELECT login FROM users")}
    assert logins == {"ivanov", "late"}


def test_a_backup_replaces_an_older_copy(db, tmp_path):
    target = tmp_path / "qc-backup.sqlite"
    target.write_bytes(b"not a database at all")
    add_user(db, SYSTEM, "ivanov", "Иванов", "qc", "ivanov-pass")

    backup_to(db, ADMIN, target)

    copy = sqlite3.connect(target)
    assert copy.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 1
    copy.close()
