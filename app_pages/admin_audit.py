"""«Журнал действий»: who did what and when, filtered by user, action and local-date period."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from core.timeutil import local_day, period_utc, utcnow
from db.audit import list_audit, list_audit_actions
from db.connection import db_path
from db.users import list_users
from ui import texts
from ui.audit import action_name, details_text, login_name
from ui.auth import guard
from ui.data import get_db, settings
from ui.fmt import fmt_dt, fmt_int
from ui.widgets import table_with_download

ROW_LIMIT = 5000
DEFAULT_DAYS = 7

actor = guard("admin_audit")
tz = str(settings()["timezone"])


@st.cache_data(ttl=10, max_entries=32, show_spinner=False)
def load_audit(
    db_file: str, login: str | None, action: str | None, start: str, end: str
) -> list[dict[str, Any]]:
    """Audit rows for the filters, newest first, capped at ROW_LIMIT."""
    return list_audit(get_db(), login, action, start, end, limit=ROW_LIMIT)


@st.cache_data(ttl=30, max_entries=4, show_spinner=False)
def load_choices(db_file: str) -> tuple[list[str], list[str]]:
    """Logins and action names for the filters."""
    logins = [row["login"] for row in list_users(get_db())]
    return sorted({*logins, "system"}), list_audit_actions(get_db())


st.title(texts.AUDIT_TITLE)
db_file = str(db_path())
logins, actions = load_choices(db_file)
today = date.fromisoformat(local_day(utcnow(), tz))

columns = st.columns([2, 2, 1, 1])
login = columns[0].selectbox(
    texts.AUDIT_FILTER_USER,
    logins,
    index=None,
    placeholder=texts.ALL,
    accept_new_options=True,
    format_func=login_name,
    key="admin_audit_user",
)
action = columns[1].selectbox(
    texts.AUDIT_FILTER_ACTION,
    actions,
    index=None,
    placeholder=texts.ALL,
    format_func=action_name,
    key="admin_audit_action",
)
start = columns[2].date_input(
    texts.DATE_FROM, value=today - timedelta(days=DEFAULT_DAYS - 1), format="DD.MM.YYYY",
    key="admin_audit_from",
)  # fmt: skip
end = columns[3].date_input(
    texts.DATE_TO, value=today + timedelta(days=1), format="DD.MM.YYYY", key="admin_audit_to"
)

if end <= start:
    st.warning(texts.AUDIT_BAD_PERIOD)
    st.stop()

low, high = period_utc(start, end, tz)
rows = load_audit(db_file, login or None, action or None, low, high)

st.caption(texts.AUDIT_SHOWN.format(count=fmt_int(len(rows))))
if len(rows) >= ROW_LIMIT:
    st.warning(texts.AUDIT_LIMIT_REACHED.format(count=fmt_int(ROW_LIMIT)))
if not rows:
    st.info(texts.NOTHING_FOUND)
    st.stop()

table = pd.DataFrame(
    [
        {
            texts.AUDIT_COL_AT: fmt_dt(row["at"], tz),
            texts.AUDIT_COL_LOGIN: login_name(row["login"]),
            texts.AUDIT_COL_ACTION: action_name(row["action"]),
            texts.AUDIT_COL_TARGET: row["target"] or "",
            texts.AUDIT_COL_DETAILS: details_text(row["details"]),
        }
        for row in rows
    ]
)
table_with_download(table, f"audit_{start.isoformat()}_{end.isoformat()}.xlsx", "admin_audit")
