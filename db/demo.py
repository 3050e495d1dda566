"""Fill an empty database with demo data; module issues register their own fillers here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlite_utils import Database

from core.demo import DEMO_PASSWORD, DemoWorld, build_world
from core.passwords import hash_password
from core.timeutil import from_stored, to_stored, utcnow
from db.audit import write_audit
from db.calendar import fill_demo_calendar
from db.connection import write_tx
from db.demo_deals import fill_demo_deals
from db.demo_equipment import EQUIPMENT_TABLES, fill_demo_equipment
from db.demo_monitor import fill_demo_connect
from db.demo_requests import fill_demo_leads, fill_demo_requests
from db.demo_shopper import SHOPPER_TABLES, clear_demo_shopper, fill_demo_shopper
from db.settings import get_setting, put_setting

# Module fillers: called in order inside the demo transaction with (db, world, seed, today).
FILLERS: list[Callable[[Database, DemoWorld, int, date], None]] = []
FILLERS.extend([fill_demo_requests, fill_demo_leads])  # online monitor: requests, storefront leads
FILLERS.append(fill_demo_calendar)  # business calendar: default week, public holidays
FILLERS.append(fill_demo_connect)  # issue 14: client cards, remote sessions and calls
# Module tables emptied before the foundation's (children of clients, products, imports first).
CLEAR_FIRST: list[str] = []
FILLERS.append(fill_demo_equipment)  # equipment, tenders, reminders, a campaign (issue 13)
CLEAR_FIRST.extend(EQUIPMENT_TABLES)
FILLERS.append(fill_demo_shopper)  # shopper and call QC: rounds, call log, calibration, disputes
FILLERS.append(fill_demo_deals)  # deals funnel with conditional refusals (issue 12)

DATA_TABLES = ("users", "organisations", "clients", "requests", "leads") + SHOPPER_TABLES


class DemoRefused(Exception):
    """The database holds real (non-demo) data, so demo data would mix with it."""


def holds_real_data(db: Database) -> bool:
    """True when any data table has rows and the DB was not filled by `demo`."""
    if get_setting(db, "demo_mode"):
        return False
    for table in DATA_TABLES:
        if db[table].exists() and db.execute(f"SELECT 1 FROM [{table}] LIMIT 1").fetchone():
            if table == "users" and _only_admin(db):
                continue
            return True
    return False


def _only_admin(db: Database) -> bool:
    logins = [r[0] for r in db.execute("SELECT login FROM users").fetchall()]
    return logins == ["admin"]


def is_empty(db: Database) -> bool:
    """True when no data table has a row."""
    return not any(db.execute(f"SELECT 1 FROM [{t}] LIMIT 1").fetchone() for t in DATA_TABLES)


STALE_AFTER = timedelta(hours=6)


def demo_is_stale(db: Database, now: datetime | None = None) -> bool:
    """True when demo data was filled long enough ago that its live queue no longer looks live."""
    if not get_setting(db, "demo_mode"):
        return False
    newest = db.execute("SELECT MAX(created_at) FROM requests").fetchone()[0]
    moment = from_stored(newest)
    return moment is None or (now or utcnow()) - moment > STALE_AFTER


def fill_demo(db: Database, seed: int = 1, today: date | None = None) -> DemoWorld:
    """Replace demo data with a fresh deterministic set; refuses a DB with real data."""
    if holds_real_data(db):
        raise DemoRefused()
    today = today or utcnow().date()
    world = build_world(seed, today)
    password_hash = hash_password(DEMO_PASSWORD)
    with write_tx(db):
        _clear(db)
        now = to_stored(utcnow())
        org_ids: dict[str, int] = {}
        for org in world.orgs:
            cur = db.execute(
                "INSERT INTO organisations (name, inn, kind, region) VALUES (?, ?, ?, ?)",
                [org.name, org.inn, org.kind, org.region],
            )
            org_ids[org.name] = int(cur.lastrowid or 0)
        for person in world.staff:
            cur = db.execute(
                "INSERT INTO staff (org_id, name, position, hired_on) VALUES (?, ?, ?, ?)",
                [org_ids[person.org], person.name, person.position, person.hired_on.isoformat()],
            )
            if person.login:
                db.execute(
                    "INSERT INTO users (login, name, role, password_hash, staff_id, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [person.login, person.name, person.role, password_hash, cur.lastrowid, now],
                )
        db["clients"].insert_all(
            ({"name": c.name, "inn": c.inn, "region": c.region, "segment": c.segment}
             for c in world.clients),
        )  # fmt: skip
        db["products"].insert_all(
            {"name": n, "kind": k, "price_kop": p, "warranty_months": w, "maintenance_months": m}
            for n, k, p, w, m in world.products
        )
        own = world.orgs[0]
        put_setting(db, "company_name", own.name)
        put_setting(db, "company_inn", own.inn)
        put_setting(db, "demo_mode", True)
        for filler in FILLERS:
            filler(db, world, seed, today)
        write_audit(db, "system", "demo.fill", None, seed=seed)
    return world


def _clear(db: Database) -> None:
    for table in CLEAR_FIRST:
        db.execute(f"DELETE FROM [{table}]")
    clear_demo_shopper(db)  # its rows point at organisations and staff
    for table in ("import_rejects", "imports", "qc_tasks", "alerts", "connect_events", "requests",
                  "request_rollup", "request_rollup_day", "request_dims", "connect_sessions", "request_stale", "connect_directory", "leads", "calendar_weekly", "calendar_days", "sessions",
                  "users", "staff", "organisations", "clients", "products"):  # fmt: skip
        db.execute(f"DELETE FROM [{table}]")
