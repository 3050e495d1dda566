"""Demo fillers for the online monitor: a year of requests, a live open queue, storefront leads."""

from __future__ import annotations

from datetime import date, datetime

from sqlite_utils import Database

from core.demo import DemoWorld
from core.demo_requests import build_leads, build_open_queue, build_requests, demo_now
from db.leads import insert_leads
from db.requests import upsert_requests
from db.settings import get_setting


def _zone_and_now(db: Database, today: date, now: datetime | None) -> tuple[str, datetime]:
    tz = str(get_setting(db, "timezone"))
    return tz, now or demo_now(today, tz)


def fill_demo_requests(
    db: Database, world: DemoWorld, seed: int, today: date, now: datetime | None = None
) -> None:
    """A year of closed requests ending now plus the live queue, in one batch (inside fill_demo's tx)."""
    tz, now = _zone_and_now(db, today, now)
    records = build_requests(world, seed, today, now, tz)
    records += build_open_queue(world, seed, now, tz)
    upsert_requests(db, records, tz)


def fill_demo_leads(
    db: Database, world: DemoWorld, seed: int, today: date, now: datetime | None = None
) -> None:
    """Storefront leads over the year, some still waiting for a first call."""
    tz, now = _zone_and_now(db, today, now)
    insert_leads(db, build_leads(world, seed, today, now, tz), tz)
