"""«Журнал звонков»: the PBX call log (calls, answered, missed, new numbers, per manager), calls
worth listening to (a minute or more) and telephony suspects (20–40 s), the weekly listening
plan with who is behind, the QC queue, and internal numbers mapped to managers."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from core.roles import Action, PermissionDenied, can
from core.timeutil import to_local, utcnow
from db.calls import (
    calls_report,
    list_calls,
    list_extensions,
    listening_plan,
    listening_queue,
    own_staff,
    set_extension,
)
from db.connection import db_path
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.fmt import fmt_dt, fmt_int
from ui.texts import shopper as T
from ui.widgets import metric_row, plain, table_with_download

PREFIX = "shopper_calls"

actor = guard("shopper_calls")
db = get_db()
tz = str(settings()["timezone"])
today = to_local(utcnow(), tz).date()
base = int(settings()["listening_per_week"])
st.title(T.CALLS_TITLE)


@st.cache_data(ttl=60, max_entries=8, show_spinner=False)
def load(db_file: str, start, end) -> dict:
    """The period's report and its calls."""
    db = get_db()
    return {"report": calls_report(db, start, end), "calls": list_calls(db, start, end)}


period = st.date_input(T.CALLS_PERIOD, value=(today - timedelta(days=27), today),
                       format="DD.MM.YYYY", key=f"{PREFIX}_period")  # fmt: skip
start, end = period if isinstance(period, tuple) and len(period) == 2 else (today, today)
data = load(str(db_path()), start, end + timedelta(days=1))
report = data["report"]
if not report["calls"]:
    st.info(T.CALLS_NONE)
else:
    metric_row(
        [
            (T.CALLS_FIGURES, fmt_int(report["calls"])),
            (T.CALLS_ANSWERED, fmt_int(report["answered"])),
            (T.CALLS_MISSED, fmt_int(report["missed"])),
            (T.CALLS_NEW_NUMBERS, fmt_int(report["new_numbers"])),
        ]
    )
    metric_row(
        [
            (T.CALLS_CANDIDATES, fmt_int(report["listening_candidates"])),
            (T.CALLS_TELEPHONY, fmt_int(report["telephony_suspects"])),
        ]
    )
    st.subheader(T.CALLS_BY_MANAGER)
    table_with_download(
        pd.DataFrame(
            [{T.COL_MANAGER: name, T.COL_CALLS: m["calls"], T.COL_ANSWERED_N: m["answered"],
              T.COL_MISSED_CALLS: m["missed"], T.COL_PICKUP_AVG: m["pickup_avg_s"]}
             for name, m in report["by_manager"].items()],
            columns=[T.COL_MANAGER, T.COL_CALLS, T.COL_ANSWERED_N, T.COL_MISSED_CALLS,
                     T.COL_PICKUP_AVG],
        ),
        "calls_by_manager.xlsx",
        f"{PREFIX}_by_manager",
    )  # fmt: skip

st.subheader(T.CALLS_PLAN)
plan = listening_plan(db, today, base)
st.text(
    T.CALLS_BEHIND.format(names=", ".join(plan["behind"])) if plan["behind"] else T.CALLS_ON_PLAN
)
table_with_download(
    pd.DataFrame(
        [{T.COL_MANAGER: r["name"], T.COL_GOAL: r["goal"], T.COL_DONE: r["done"],
          T.COL_BEHIND: r["behind"]} for r in plan["managers"]],
        columns=[T.COL_MANAGER, T.COL_GOAL, T.COL_DONE, T.COL_BEHIND],
    ),
    "listening_plan.xlsx",
    f"{PREFIX}_plan",
)  # fmt: skip

st.subheader(T.CALLS_QUEUE)
queue = listening_queue(db, today, base)
table_with_download(
    pd.DataFrame(
        [{T.COL_DAY: q["day"].isoformat(), T.COL_MANAGER: q["manager"], T.COL_CALLER: q["caller"],
          T.COL_CALLEE: q["callee"], T.COL_TALK: q["talk_s"], T.FORM_CALL_REF: q["key"]}
         for q in queue],
        columns=[T.COL_DAY, T.COL_MANAGER, T.COL_CALLER, T.COL_CALLEE, T.COL_TALK, T.FORM_CALL_REF],
    ),
    "listening_queue.xlsx",
    f"{PREFIX}_queue",
)  # fmt: skip
if queue and can(actor.role, Action.EDIT_EVALUATIONS):
    st.page_link("app_pages/shopper_form.py", label=T.PAGE_FORM, icon=":material/rate_review:")

if report["calls"]:
    st.subheader(T.CALLS_LIST)
    table_with_download(
        pd.DataFrame(
            [{T.COL_STARTED: fmt_dt(c["started_at"], tz), T.COL_DIRECTION: T.DIRECTIONS[c["direction"]],
              T.COL_CALLER: c["caller"], T.COL_CALLEE: c["callee"], T.COL_MANAGER: c["who"],
              T.COL_ANSWERED: texts.YES if c["answered"] else texts.NO, T.COL_TALK: c["talk_s"],
              T.COL_PICKUP: c["pickup_s"], T.COL_LEGS: c["legs"]} for c in data["calls"]],
        ),
        "calls.xlsx",
        f"{PREFIX}_calls",
    )  # fmt: skip

st.subheader(T.CALLS_EXTENSIONS)
table_with_download(
    pd.DataFrame([{T.CALLS_EXT_NUMBER: e["extension"], T.CALLS_EXT_STAFF: e["name"]}
                  for e in list_extensions(db)], columns=[T.CALLS_EXT_NUMBER, T.CALLS_EXT_STAFF]),
    "extensions.xlsx",
    f"{PREFIX}_extensions",
)  # fmt: skip
if can(actor.role, Action.IMPORT_CALLS):
    staff = own_staff(db)
    with st.form(f"{PREFIX}_ext_form"):
        left, right = st.columns(2)
        ext = left.text_input(T.CALLS_EXT_NUMBER, key=f"{PREFIX}_ext")
        person = right.selectbox(T.CALLS_EXT_STAFF, [s["id"] for s in staff],
                                 format_func=lambda i: next(s["name"] for s in staff if s["id"] == i),
                                 key=f"{PREFIX}_ext_staff")  # fmt: skip
        if st.form_submit_button(T.CALLS_EXT_SAVE) and ext.strip() and person is not None:
            try:
                set_extension(db, actor, ext, int(person))
            except PermissionDenied:
                st.error(texts.PERMISSION_DENIED)
            else:
                after_write()
                st.success(T.CALLS_EXT_SAVED.format(ext=plain(ext.strip())))
