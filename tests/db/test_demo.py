"""Demo data is the same for the same seed and never mixes with real data."""

from __future__ import annotations

from datetime import date

import pytest

from core.demo import DEMO_PASSWORD
from core.roles import SYSTEM
from db.connection import connect
from db.demo import DemoRefused, fill_demo, holds_real_data, is_empty
from db.users import add_user, authenticate

TODAY = date(2026, 11, 2)
DIRECTORY = {
    "organisations": "SELECT name, inn, kind, region FROM organisations ORDER BY id",
    "staff": "SELECT org_id, name, position, hired_on FROM staff ORDER BY id",
    "users": "SELECT login, name, role, staff_id FROM users ORDER BY id",
    "clients": "SELECT name, inn, region, segment FROM clients ORDER BY id",
    "products": "SELECT name, kind, price_kop FROM products ORDER BY id",
}


def snapshot(db) -> dict[str, object]:
    data: dict[str, object] = {t: db.execute(sql).fetchall() for t, sql in DIRECTORY.items()}
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        if table not in {"audit_log", "sessions", "_sqlite_migrations"}:
            data[f"rows:{table}"] = db.execute(f"SELECT COUNT(*) FROM [{table}]").fetchone()[0]
    return data


def filled(path, seed: int):
    db = connect(path)
    fill_demo(db, seed=seed, today=TODAY)
    return db


def test_the_same_seed_gives_the_same_demo_data(tmp_path):
    first = snapshot(filled(tmp_path / "a.sqlite", 1))
    second = snapshot(filled(tmp_path / "b.sqlite", 1))
    other = snapshot(filled(tmp_path / "c.sqlite", 2))

    assert first == second
    assert first["clients"] != other["clients"]
    assert first["rows:clients"] > 100


def test_demo_users_exist_for_every_role_with_the_demo_password(demo_db):
    roles = dict(demo_db.execute("SELECT login, role FROM users").fetchall())

    for login in ("admin", "head", "qc", "manager", "viewer"):
        assert roles[login] == login
        assert authenticate(demo_db, login, DEMO_PASSWORD).actor is not None
    assert {f"manager{i}" for i in range(2, 7)} <= set(roles)


def test_refilling_a_demo_database_replaces_it(demo_db):
    before = snapshot(demo_db)
    fill_demo(demo_db, seed=1)

    assert snapshot(demo_db)["users"] == before["users"]
    assert snapshot(demo_db)["rows:clients"] == before["rows:clients"]


def test_demo_data_is_refused_for_a_database_with_real_users(db):
    add_user(db, SYSTEM, "admin", "Администратор", "admin", "admin-pass")
    assert not holds_real_data(db)
    add_user(db, SYSTEM, "ivanova", "Иванова", "qc", "ivanova-pass")

    with pytest.raises(DemoRefused):
        fill_demo(db, seed=1)

    assert [r[0] for r in db.execute("SELECT login FROM users ORDER BY login")] == [
        "admin",
        "ivanova",
    ]
    assert db.execute("SELECT COUNT(*) FROM clients").fetchone()[0] == 0


def test_demo_data_is_refused_for_a_database_with_real_clients(db):
    db.execute("INSERT INTO clients (name, inn) VALUES ('ООО «Настоящий клиент»', '7707083893')")

    with pytest.raises(DemoRefused):
        fill_demo(db, seed=1)
    assert db.execute("SELECT name FROM clients").fetchall() == [("ООО «Настоящий клиент»",)]


def test_a_fresh_database_is_empty_and_takes_demo_data(db):
    assert is_empty(db)
    fill_demo(db, seed=3, today=TODAY)
    assert not is_empty(db)


def test_demo_data_goes_stale_six_hours_after_its_newest_request(demo_db) -> None:
    from datetime import timedelta

    from core.timeutil import from_stored
    from db.demo import demo_is_stale

    newest = from_stored(demo_db.execute("SELECT MAX(created_at) FROM requests").fetchone()[0])
    assert not demo_is_stale(demo_db, newest + timedelta(hours=5))
    assert demo_is_stale(demo_db, newest + timedelta(hours=7))


def test_real_data_is_never_called_stale_demo(db) -> None:
    from db.demo import demo_is_stale

    assert not demo_is_stale(db)
