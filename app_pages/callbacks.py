"""«Обзвон ОКК»: the QC callbacks that missed requests and low ratings opened, and their outcomes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from db.alerts import OutcomeRequired, callback_tasks, complete_task
from db.connection import db_path
from db.directory import with_client_cards
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.fmt import fmt_dt
from ui.texts import monitor as TM
from ui.widgets import data_table, download_xlsx, plain

actor = guard("callbacks")


@st.cache_data(ttl=30, max_entries=8, show_spinner=False)
def load_tasks(db_file: str, status: str) -> list[dict[str, Any]]:
    """Open or done callback tasks with their requests."""
    db = get_db()
    return with_client_cards(db, callback_tasks(db, status, limit=1000))


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
            TM.CALLBACKS_COL_PHONE: row.get("client_phone") or "",
            TM.CALLBACKS_COL_CONTACT: row.get("client_contact") or "",
            TM.CALLBACKS_COL_HISTORY: "/request?" + urlencode({"id": row["request_id"]}),
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


def linked_table(table: pd.DataFrame, key: str) -> None:
    """The tasks with a link to each request's history, and their Excel download."""
    data_table(
        table,
        hide_index=True,
        width="stretch",
        key=f"{key}_table",
        column_config={
            TM.CALLBACKS_COL_HISTORY: st.column_config.LinkColumn(
                display_text=TM.CALLBACKS_HISTORY_TEXT
            )
        },
    )
    download_xlsx(table, texts.CALLBACKS_FILE, key=f"{key}_xlsx")


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
        linked_table(frame(open_rows, tz, done=False), "callbacks_open")
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
            chosen = next(r for r in open_rows if r["id"] == task)
            st.caption(
                TM.CALLBACKS_CALL.format(
                    client=plain(chosen["client"] or "—"),
                    phone=plain(chosen.get("client_phone") or "—"),
                    contact=plain(chosen.get("client_contact") or "—"),
                )
            )
            if st.form_submit_button(texts.CALLBACKS_SUBMIT, type="primary"):
                try:
                    closed = complete_task(get_db(), actor, int(task), outcome)
                except OutcomeRequired:
                    st.error(texts.CALLBACKS_OUTCOME_REQUIRED)
                else:
                    after_write()
                    message = texts.CALLBACKS_SAVED if closed else texts.CALLBACKS_ALREADY
                    st.toast(message.format(task=plain(task)))
                    st.rerun()
with done_tab:
    if not done_rows:
        st.info(texts.CALLBACKS_NONE_DONE)
    else:
        linked_table(frame(done_rows, tz, done=True), "callbacks_done")
