"""Database access for pages: one connection per script thread, cached reads cleared after writes."""

from __future__ import annotations

import threading
from typing import Any

import streamlit as st
from sqlite_utils import Database

from db.connection import connect, db_path
from db.settings import get_settings
from ui import texts
from ui.fmt import fmt_num
from ui.widgets import plain

_local = threading.local()


def get_db() -> Database:
    """This thread's connection (Streamlit runs each session's script in its own thread)."""
    path = str(db_path())
    db = getattr(_local, "db", None)
    if db is None or getattr(_local, "path", None) != path:
        db = connect(path)
        _local.db, _local.path = db, path
    return db


@st.cache_data(ttl=30, max_entries=4, show_spinner=False)
def load_settings(db_file: str) -> dict[str, Any]:
    """Settings, cached briefly: nearly every page reads them."""
    return get_settings(get_db())


def settings() -> dict[str, Any]:
    """The current settings with defaults."""
    return load_settings(str(db_path()))


def after_write() -> None:
    """Drop every cached read so the next render shows what was just written."""
    st.cache_data.clear()


def too_large_text(name: str, size: int, limit_mb: int) -> str | None:
    """The refusal of an upload over the size setting, or None: three upload pages say it alike."""
    if size <= limit_mb * 1024 * 1024:
        return None
    return texts.IMPORTS_TOO_LARGE.format(
        name=plain(name), size=fmt_num(size / 1024 / 1024, 1), mb=plain(limit_mb)
    )
