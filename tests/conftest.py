"""Shared fixtures: fresh migrated databases and demo databases in tmp_path, never data/qc.sqlite."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.connection import connect
from db.demo import fill_demo

DEMO_SEED = 1


@pytest.fixture(autouse=True)
def _isolated_default_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point QC_DB at a throwaway file so no test can touch the developer's database."""
    monkeypatch.setenv("QC_DB", str(tmp_path / "default.sqlite"))


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """The path of a fresh, migrated, empty database."""
    path = tmp_path / "qc.sqlite"
    connect(path).close()
    return path


@pytest.fixture
def db(db_file: Path) -> Iterator[Database]:
    """A connection to a fresh, migrated, empty database."""
    database = connect(db_file)
    yield database
    database.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database (seed 1) per test session; tests get copies of it."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = connect(path)
    fill_demo(database, seed=DEMO_SEED)
    database.close()
    return path


def copy_database(source: Path, target: Path) -> None:
    """Copy a database file consistently through the SQLite backup API."""
    src, dest = sqlite3.connect(str(source)), sqlite3.connect(str(target))
    try:
        src.backup(dest)
    finally:
        src.close()
        dest.close()


@pytest.fixture
def demo_file(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The path of this test's own copy of the demo database; QC_DB points at it (for the app)."""
    path = tmp_path / "demo.sqlite"
    copy_database(demo_template, path)
    monkeypatch.setenv("QC_DB", str(path))
    return path


@pytest.fixture
def demo_db(demo_file: Path) -> Iterator[Database]:
    """A connection to this test's copy of the demo database (seed 1)."""
    database = connect(demo_file)
    yield database
    database.close()
