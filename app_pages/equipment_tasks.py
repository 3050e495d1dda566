"""«Напоминания»: maintenance and warranty tasks per person with overdue counts; done / snooze."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from core.equipment import EquipmentError
from core.roles import Role
from core.timeutil import local_day, utcnow
from db.connection import db_path
from db.equipment import complete_task, list_tasks, snooze_task, task_counts
from db.users import user_names
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.fmt import fmt_date, fmt_int
from ui.texts import equipment as T
from ui.widgets import data_table, metric_row, table_with_download

actor = guard("equipment_tasks")
tz = str(settings()["timezone"])
today = date.fromisoformat(local_day(utcnow(), tz))
sees_all = actor.role in (Role.HEAD, Role.ADMIN)


@st.cache_data(ttl=30, max_entries=16, show_spinner=False)
def load_tasks(db_file: str, day: date, who: str | None, status: str) -> list[dict[str, Any]]:
    """Active or done tasks of one person (or everyone)."""
    return list_tasks(get_db(), day, who, status)


@st.cache_data(ttl=30, max_entries=4, show_spinner=False)
def load_counts(db_file: str, day: date) -> list[dict[str, Any]]:
    """Open, overdue and snoozed tasks per person."""
    return task_counts(get_db(), day)


@st.cache_data(ttl=60, max_entries=2, show_spinner=False)
def load_names(db_file: str) -> dict[str, str]:
    """Login -> name, to show people rather than logins."""
    return user_names(get_db())


def task_frame(rows: list[dict[str, Any]], names: dict[str, str]) -> pd.DataFrame:
    """Tasks as a table with Russian headers."""
    return pd.DataFrame(
        [{T.COL_TASK: r["id"], T.COL_DUE: date.fromisoformat(r["due"]),
          T.COL_EVENT: T.EVENTS.get(r["event"], r["event"]), T.COL_KIND: r["kind"],
          T.COL_CLIENT: r["client"], T.COL_CLIENT_INN: r["client_inn"] or "",
          T.COL_PRODUCT: r["product"], T.COL_SERIAL: r["serial"] or "",
          T.COL_ASSIGNEE: names.get(r["assignee"], r["assignee"] or ""),
          T.COL_TASK_STATUS: T.OVERDUE if r["overdue"] else
          T.TASK_STATUSES.get(r["status"], r["status"]) + (
              f" {fmt_date(r['snoozed_until'])}" if r["snoozed_until"] else "")}
         for r in rows]
    )  # fmt: skip


st.title(T.TASKS_TITLE)
st.caption(T.TASKS_CAPTION)
db_file = str(db_path())
counts = load_counts(db_file, today)
names = load_names(db_file)
who: str | None = actor.login
if sees_all:
    if counts:
        data_table(
            pd.DataFrame([{T.COL_ASSIGNEE: names.get(c["assignee"], c["assignee"] or T.UNASSIGNED), T.COL_OPEN: c["open"],
                           T.COL_OVERDUE: c["overdue"], T.COL_SNOOZED: c["snoozed"]}
                          for c in counts]),
            hide_index=True, width="stretch", key="tasks_counts",
        )  # fmt: skip
    people = ["", *[c["assignee"] for c in counts if c["assignee"]]]
    who = st.selectbox(T.TASKS_PERSON, people, format_func=lambda p: names.get(p, p) or T.EVERYONE,
                       key="tasks_person") or None  # fmt: skip
active = load_tasks(db_file, today, who, "active")
overdue = [t for t in active if t["overdue"]]
metric_row(
    [
        (T.COL_OPEN, fmt_int(sum(t["status"] == "open" for t in active))),
        (T.COL_OVERDUE, fmt_int(len(overdue))),
        (T.COL_SNOOZED, fmt_int(sum(t["status"] == "snoozed" for t in active))),
    ]
)
open_tab, done_tab = st.tabs([T.TASKS_ACTIVE, T.TASKS_DONE])
with open_tab:
    if not active:
        st.success(T.TASKS_NONE)
    else:
        table_with_download(
            task_frame(active, names), T.TASKS_FILE, "tasks_active", ids=[T.COL_TASK]
        )
        labels = {t["id"]: f"{t['id']} · {fmt_date(t['due'])} · {t['client']} · {t['product']}"
                  for t in active[:2000]}  # fmt: skip
        with st.form("tasks_form"):
            task = st.selectbox(T.TASKS_PICK, list(labels), format_func=labels.get,
                                key="tasks_pick")  # fmt: skip
            note = st.text_input(T.TASKS_NOTE, key="tasks_note")
            until = st.date_input(T.TASKS_SNOOZE_UNTIL, value=today + timedelta(days=7),
                                  format="DD.MM.YYYY", key="tasks_until")  # fmt: skip
            first, second = st.columns(2)
            done = first.form_submit_button(T.TASKS_DONE_BUTTON, type="primary")
            snooze = second.form_submit_button(T.TASKS_SNOOZE_BUTTON)
            if done or snooze:
                try:
                    if done:
                        complete_task(get_db(), actor, int(task), note.strip())
                    else:
                        snooze_task(get_db(), actor, int(task), until)
                except EquipmentError as exc:
                    st.error(T.ERRORS.get(exc.code, exc.code))
                else:
                    after_write()
                    st.toast(T.SAVED)
                    st.rerun()
with done_tab:
    finished = load_tasks(db_file, today, who, "done")
    if not finished:
        st.info(T.TASKS_NONE_DONE)
    else:
        table_with_download(
            task_frame(finished, names), T.TASKS_FILE, "tasks_done", ids=[T.COL_TASK]
        )
