"""«Обзвон ОКК»: the QC callbacks that missed requests and low ratings opened, and their outcomes."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from db.alerts import OutcomeRequired, callback_tasks, complete_task
from db.connection import db_path
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.fmt import fmt_dt
from ui.widgets import table_with_download

actor = guard("callbacks")


@st.cache_data(ttl=30, max_entries=8, show_spinner=False)
def load_tasks(db_file: str, status: str) -> list[dict[str, Any]]:
    """Open or done callback tasks with their requests."""
    return callback_tasks(get_db(), status, limit=1000)


def frame(rows: list[dict[str, Any]], tz: str, done: bool) -> pd.DataFrame:
    """The tasks as a table with Russian headers."""
    data = []
    for row in rows:
        item = {
            texts.CALLBACKS_COL_TASK: row["id"],
            texts.CALLBACKS_COL_OPENED: fmt_dt(row["created_at"], tz),
            texts.CALLBACKS_COL_REQUEST: row["request_id"],
            texts.CALLBACKS_COL_REASON: texts.CALLBACKS_REASONS.get(row["reason"], row["reason"]),
            texts.CALLBACKS_COL_CLIENT: row["client"] or "",
            texts.CALLBACKS_COL_SPECIALIST: row["specialist"] or "",
            texts.CALLBACKS_COL_LINE: row["line"] or "",
            texts.CALLBACKS_COL_RATING: str(row["rating"] or ""),
            texts.CALLBACKS_COL_COMMENT: row["rating_comment"] or "",
        }
        if done:
            item[texts.CALLBACKS_COL_RESULT] = row["note"] or ""
            item[texts.CALLBACKS_COL_BY] = row["assignee"] or ""
        data.append(item)
    return pd.DataFrame(data)


st.title(texts.CALLBACKS_TITLE)
st.caption(texts.CALLBACKS_CAPTION)
tz = str(settings()["timezone"])
db_file = str(db_path())
open_rows = load_tasks(db_file, "open")
done_rows = load_tasks(db_file, "done")

open_tab, done_tab = st.tabs(
    [f"{texts.CALLBACKS_OPEN} ({len(open_rows)})", f"{texts.CALLBACKS_DONE_TAB} ({len(done_rows)})"]
)
with open_tab:
    if not open_rows:
        st.success(texts.CALLBACKS_NONE)
    else:
        table_with_download(
            frame(open_rows, tz, done=False), texts.CALLBACKS_FILE, "callbacks_open"
        )
        with st.form("callbacks_done_form", clear_on_submit=True):
            labels = {
                row["id"]: f"{row['id']} · {row['client'] or row['request_id']} · "
                f"{texts.CALLBACKS_REASONS.get(row['reason'], row['reason'])}"
                for row in open_rows
            }
            task = st.selectbox(
                texts.CALLBACKS_PICK, list(labels), format_func=labels.get, key="callbacks_pick"
            )
            outcome = st.text_area(
                texts.CALLBACKS_OUTCOME, help=texts.CALLBACKS_OUTCOME_HELP, key="callbacks_outcome"
            )
            if st.form_submit_button(texts.CALLBACKS_SUBMIT, type="primary"):
                try:
                    closed = complete_task(get_db(), actor, int(task), outcome)
                except OutcomeRequired:
                    st.error(texts.CALLBACKS_OUTCOME_REQUIRED)
                else:
                    after_write()
                    message = texts.CALLBACKS_SAVED if closed else texts.CALLBACKS_ALREADY
                    st.toast(message.format(task=task))
                    st.rerun()
with done_tab:
    if not done_rows:
        st.info(texts.CALLBACKS_NONE_DONE)
    else:
        table_with_download(frame(done_rows, tz, done=True), texts.CALLBACKS_FILE, "callbacks_done")
