"""Migrations apply once and are safe to rerun; write_tx commits or rolls back as a whole."""

from __future__ import annotations

import sqlite3

import pytest

from db.connection import connect, write_tx
from db.migrations import migrate, migrations


def schema(db) -> list[tuple[str, str]]:
    return [
        tuple(row)
        for row in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
        ).fetchall()
    ]


def test_migrations_are_idempotent_and_keep_data(db_file):
    first = connect(db_file)
    first.execute("INSERT INTO organisations (name, kind) VALUES ('ООО «Ромашка»', 'own')")
    before = schema(first)
    applied = [m.name for m in migrations.applied(first)]
    migrate(first)
    first.close()

    again = connect(db_file)

    assert schema(again) == before
    assert [m.name for m in migrations.applied(again)] == applied
    assert applied[0] == "m001_foundation" and len(applied) == len(set(applied))
    assert again.execute("SELECT name FROM organisations").fetchall() == [("ООО «Ромашка»",)]


def test_a_connection_uses_wal_foreign_keys_and_a_busy_timeout(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def count_orgs(db) -> int:
    return db.execute("SELECT COUNT(*) FROM organisations").fetchone()[0]


def test_write_tx_rolls_back_everything_when_it_fails(db):
    with pytest.raises(sqlite3.IntegrityError):
        with write_tx(db):
            db.execute("INSERT INTO organisations (name, kind) VALUES ('Первая', 'own')")
            db.execute("INSERT INTO organisations (name, kind) VALUES ('Первая', 'own')")

    assert count_orgs(db) == 0
    assert not db.conn.in_transaction


def test_write_tx_rolls_back_on_any_exception_and_commits_otherwise(db_file):
    db = connect(db_file)
    with pytest.raises(RuntimeError):
        with write_tx(db):
            db.execute("INSERT INTO organisations (name, kind) VALUES ('Сбой', 'own')")
            raise RuntimeError("stop")
    with write_tx(db):
        db.execute("INSERT INTO organisations (name, kind) VALUES ('Успех', 'own')")

    other = connect(db_file)
    assert other.execute("SELECT name FROM organisations").fetchall() == [("Успех",)]


def test_a_failed_inner_write_tx_undoes_only_its_own_part(db):
    with write_tx(db):
        db.execute("INSERT INTO organisations (name, kind) VALUES ('Внешняя', 'own')")
        with pytest.raises(RuntimeError):
            with write_tx(db):
                db.execute("INSERT INTO organisations (name, kind) VALUES ('Внутренняя', 'own')")
                raise RuntimeError("inner")

    assert [r[0] for r in db.execute("SELECT name FROM organisations")] == ["Внешняя"]


def test_write_tx_takes_the_write_lock_at_once(db_file):
    db, other = connect(db_file), connect(db_file)
    other.execute("PRAGMA busy_timeout=0")
    with write_tx(db):
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
