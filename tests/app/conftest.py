"""AppTest helpers: a demo database per test, the actor in session state, a clean st.cache_data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlite_utils import Database
from streamlit.testing.v1 import AppTest

from core.roles import Actor, Role
from db.users import actor_for_login

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "dashboard.py"
# A generous per-run limit: the first run imports pandas/altair on a busy 2-core machine.
RUN_TIMEOUT_S = 120
# Demo users: one login per role, named after it (core.demo.ROLE_STAFF).
ROLE_LOGINS = {role.value: role.value for role in Role}


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """Cached reads of one test must never leak into the next."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture
def actor_of(demo_db: Database) -> Callable[[str], Actor]:
    """The demo user's Actor for a role (login == role in the demo world)."""

    def find(role: str) -> Actor:
        actor = actor_for_login(demo_db, ROLE_LOGINS[role])
        assert actor is not None and actor.role == role
        return actor

    return find


@pytest.fixture
def open_app(demo_file: Path) -> Callable[..., AppTest]:
    """Run dashboard.py as an actor (None: nobody logged in), optionally switched to a page."""

    def start(actor: Actor | None, page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(DASHBOARD), default_timeout=RUN_TIMEOUT_S)
        if actor is not None:
            at.session_state["actor"] = actor
        at.run()
        if page is not None:
            at.switch_page(page).run()
        return at

    return start


@pytest.fixture
def open_page_directly(demo_file: Path) -> Callable[[str, Actor], AppTest]:
    """Run one page file as the main script, as if its address were opened bypassing the menu."""

    def start(page: str, actor: Actor) -> AppTest:
        at = AppTest.from_file(str(ROOT / page), default_timeout=RUN_TIMEOUT_S)
        at.session_state["actor"] = actor
        return at.run()

    return start
