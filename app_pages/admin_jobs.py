"""«Фоновые задачи»: each background job, its period, last and next run, result and error, run now."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.jobs import MAX_PERIOD_S, MIN_PERIOD_S
from core.roles import PermissionDenied
from db.connection import db_path
from db.jobs import set_job_period
from db.notify import outbox_counts, outbox_messages
from ui.auth import callback_actor, guard
from ui.data import after_write, get_db, settings
from ui.fmt import fmt_dt, fmt_int, fmt_num
from ui.texts import jobs as T
from ui.texts import notify as N
from ui.texts import security as ST
from ui.widgets import plain, table_with_download
from worker import JobBusy, job_overview, run_job_as

FLASH_KEY = "admin_jobs_flash"
OUTBOX_SHOWN = 100

actor = guard("admin_jobs")
db = get_db()
tz = str(settings()["timezone"])


@st.cache_data(ttl=2, max_entries=4, show_spinner=False)
def load_jobs(db_file: str) -> list[dict[str, Any]]:
    """Every job's state (what `cli.py jobs list --json` prints), cached for a moment."""
    return job_overview(get_db())


@st.cache_data(ttl=5, max_entries=4, show_spinner=False)
def load_outbox(db_file: str) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Outbox counts by status and the latest messages (no bodies)."""
    return outbox_counts(get_db()), outbox_messages(get_db(), OUTBOX_SHOWN)


def period_text(row: dict[str, Any]) -> str:
    """«ежедневно в 03:00», or the period in readable units."""
    if row["daily_hour"] is not None:
        return T.JOBS_PERIOD_DAILY.format(hour=row["daily_hour"])
    seconds = int(row["period_s"])
    if seconds % 3600 == 0:
        return f"{seconds // 3600} ч"
    if seconds % 60 == 0:
        return f"{seconds // 60} мин"
    return f"{seconds} с"


def state_text(row: dict[str, Any]) -> str:
    if row["running"]:
        return T.JOBS_STATE_RUNNING
    if row["failures"]:
        return T.JOBS_STATE_FAILING.format(failures=row["failures"])
    if row["last_started"] is None:
        return T.JOBS_STATE_NEW
    return T.JOBS_STATE_OK


def run_now(name: str, title: str) -> None:
    """Button callback: run the job in this request and say how it ended."""
    current = callback_actor(f"job.run {name}")  # the session may have ended since the page ran
    if current is None:
        st.session_state[FLASH_KEY] = ("error", ST.WRITE_REFUSED)
        return
    try:
        outcome = run_job_as(get_db(), current, name)
    except PermissionDenied:
        st.session_state[FLASH_KEY] = ("error", T.PERMISSION_DENIED_JOB)
        return
    except JobBusy:
        st.session_state[FLASH_KEY] = ("warning", T.JOBS_RUN_BUSY.format(title=title))
        return
    if outcome.ok:
        message = ("success", T.JOBS_RUN_DONE.format(title=title, result=outcome.result))
    else:
        message = ("error", T.JOBS_RUN_FAILED.format(title=title), outcome.error or "")
    st.session_state[FLASH_KEY] = message
    after_write()


st.title(T.JOBS_TITLE)
st.caption(T.JOBS_CAPTION)
if flash := st.session_state.pop(FLASH_KEY, None):
    getattr(st, flash[0])(flash[1])
    if len(flash) > 2:
        st.text(flash[2])  # the job's error: outside text, never markdown

rows = load_jobs(str(db_path()))
for row in rows:
    with st.container(border=True):
        text_col, button_col = st.columns([3, 1], vertical_alignment="center")
        with text_col:
            st.markdown(f"**{row['title']}** · `{row['name']}`")
            st.caption(
                T.JOBS_CARD_LINE.format(
                    period=plain(period_text(row)),
                    state=plain(state_text(row)),
                    last=fmt_dt(row["last_started"], tz) if row["last_started"] else T.NEVER,
                    next=fmt_dt(row["next_run"], tz) if not row["running"] else T.NEVER,
                )
            )
            if row["result"]:
                st.text(T.JOBS_RESULT_LINE.format(result=row["result"]))
            if row["failures"] and row["error"]:
                st.text(
                    T.JOBS_ERROR_LINE.format(error=row["error"])
                )  # outside text: never markdown
        with button_col:
            st.button(
                T.JOBS_RUN_NOW,
                key=f"admin_jobs_run_{row['name']}",
                on_click=run_now,
                args=(row["name"], row["title"]),
                icon=":material/play_arrow:",
            )

with st.expander(T.JOBS_TABLE):
    table_with_download(
        pd.DataFrame(
            [
                {
                    T.JOBS_COL_JOB: row["title"],
                    T.JOBS_COL_PERIOD: period_text(row),
                    T.JOBS_COL_STATE: state_text(row),
                    T.JOBS_COL_LAST: fmt_dt(row["last_started"], tz) if row["last_started"] else "",
                    T.JOBS_COL_DURATION: (
                        fmt_num(row["duration_s"], 2) if row["duration_s"] is not None else ""
                    ),
                    T.JOBS_COL_NEXT: fmt_dt(row["next_run"], tz) if not row["running"] else "",
                    T.JOBS_COL_RESULT: row["result"] or "",
                    T.JOBS_COL_ERROR: row["error"] or "",
                }
                for row in rows
            ]
        ),
        "jobs.xlsx",
        "admin_jobs",
    )

# ---- periods --------------------------------------------------------------------------------
periodic = [row for row in rows if row["daily_hour"] is None]
with st.form("admin_jobs_period_form", border=True):
    titles = {row["name"]: row["title"] for row in periodic}
    chosen = st.selectbox(
        T.JOBS_SELECT, list(titles), format_func=titles.__getitem__, key="admin_jobs_period_job"
    )
    current = next((r["period_s"] for r in periodic if r["name"] == chosen), 60)
    seconds = st.number_input(
        T.JOBS_PERIOD_LABEL,
        min_value=MIN_PERIOD_S,
        max_value=MAX_PERIOD_S,
        value=int(current),
        step=1,
        key="admin_jobs_period_seconds",
    )
    if st.form_submit_button(T.JOBS_PERIOD_SAVE) and chosen:
        try:
            set_job_period(db, actor, chosen, int(seconds))
        except PermissionDenied:
            st.error(T.PERMISSION_DENIED_JOB)
        else:
            after_write()
            st.session_state[FLASH_KEY] = (
                "success",
                T.JOBS_PERIOD_SAVED.format(title=titles[chosen]),
            )
            st.rerun()
st.caption(T.JOBS_DAILY_HINT)

# ---- the outbox ------------------------------------------------------------------------------
st.subheader(T.JOBS_OUTBOX)
counts, messages = load_outbox(str(db_path()))
st.caption(
    T.JOBS_OUTBOX_COUNTS.format(
        pending=fmt_int(counts.get("pending", 0)),
        held=fmt_int(counts.get("held", 0)),
        sent=fmt_int(counts.get("sent", 0)),
        failed=fmt_int(counts.get("failed", 0)),
    )
)
if not messages:
    st.info(T.JOBS_OUTBOX_EMPTY)
else:
    events = {**N.EVENT_TITLES, "digest": T.DIGEST_EVENT}
    table_with_download(
        pd.DataFrame(
            [
                {
                    T.OUTBOX_COL_CREATED: fmt_dt(m["created_at"], tz),
                    T.OUTBOX_COL_EVENT: events.get(m["event"], m["event"]),
                    T.OUTBOX_COL_TO: f"{m['login']} <{m['email']}>",
                    T.OUTBOX_COL_SUBJECT: m["subject"] or "",
                    T.OUTBOX_COL_STATUS: T.OUTBOX_STATUSES.get(m["status"], m["status"]),
                    T.OUTBOX_COL_ATTEMPTS: m["attempts"],
                    T.OUTBOX_COL_ERROR: m["last_error"] or "",
                }
                for m in messages
            ]
        ),
        "outbox.xlsx",
        "admin_jobs_outbox",
    )
