"""«Табло»: the live monitor for a wall screen — no sidebar, large type, fits the screen whole."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import streamlit as st

from core.timeutil import DEFAULT_TZ, utcnow
from db.connection import db_path
from db.monitor import monitor_snapshot
from db.settings import get_settings
from ui.auth import fragment_guard, guard
from ui.data import get_db, settings
from ui.wall import wall_html

ALERT_LIMIT = 50


@st.cache_data(ttl=2, max_entries=4, show_spinner=False)
def load_wall(db_file: str) -> dict[str, Any]:
    """One refresh of the monitor's figures, shared briefly by every screen watching."""
    db = get_db()
    return monitor_snapshot(db, utcnow(), get_settings(db), ALERT_LIMIT)


def show_wall(period: int) -> None:
    """The whole screen, redrawn in place every `period` seconds."""
    fragment_guard("wall")  # a revoked session or a disabled user gets nothing from here on
    tz = str(settings().get("timezone") or DEFAULT_TZ)
    st.html(wall_html(load_wall(str(db_path())), tz, period, utcnow()))


actor = guard("wall")
refresh = int(st.query_params.get("refresh") or settings().get("monitor_refresh_seconds") or 10)
refresh = min(600, max(2, refresh))
st.fragment(run_every=timedelta(seconds=refresh))(show_wall)(refresh)
