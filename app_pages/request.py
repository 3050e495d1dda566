"""«История обращения»: one request — its times, client card, 1C-Connect events and sessions."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from db.directory import client_card, directory_names
from db.history import request_history
from ui.auth import guard
from ui.data import get_db, settings
from ui.fmt import fmt_dt, fmt_minutes, fmt_num
from ui.texts import monitor as T
from ui.widgets import data_table, plain

actor = guard("request")
tz = str(settings()["timezone"])


def event_name(code: int) -> str:
    """The Russian name of a 1C-Connect event type."""
    if code in T.EVENT_NAMES:
        return T.EVENT_NAMES[code]
    if 23 <= code <= 38:
        return T.EVENT_CALL_FAILED.format(code=code)
    if 54 <= code <= 62:
        return T.EVENT_REMOTE_FAILED.format(code=code)
    return T.EVENT_OTHER.format(code=code)


def event_rows(events: list[dict[str, Any]], names: dict[str, dict[str, str]]) -> pd.DataFrame:
    people = {**names["client"], **names["specialist"]}
    rows = []
    for event in events:
        raw = json.loads(event["payload"])
        who = str(raw.get("author_id") or raw.get("specialist_id") or "")
        rows.append(
            {
                T.REQUEST_COL_AT: fmt_dt(event["at"], tz),
                T.REQUEST_COL_EVENT: event_name(event["type"]),
                T.REQUEST_COL_WHO: people.get(who, who),
                T.REQUEST_COL_TEXT: str(raw.get("text") or "")[:300],
            }
        )
    return pd.DataFrame(rows)


st.title(T.PAGE_REQUEST)
request_id = st.text_input(
    T.REQUEST_ID, value=st.query_params.get("id", ""), help=T.REQUEST_ID_HELP, key="request_id"
).strip()
if not request_id:
    st.info(T.REQUEST_ASK)
    st.stop()
db = get_db()
history = request_history(db, request_id)
if history is None:
    st.warning(T.REQUEST_NOT_FOUND.format(id=plain(request_id)))
    st.stop()
names = directory_names(db)
r = history["request"]
card = client_card(db, r["client"])
status = "stale" if r["stale_at"] else r["status"]
facts = {
    "status": T.STATUS_NAMES[status],
    "line": names["line"].get(r["line"], r["line"]),
    "specialist": names["specialist"].get(r["specialist"], r["specialist"]),
    "client": card["name"],
    "inn": card["inn"],
    "phone": card["phone"],
    "contact": card["contact"],
    "created_at": fmt_dt(r["created_at"], tz),
    "assigned_at": fmt_dt(r["assigned_at"], tz),
    "first_reply_at": fmt_dt(r["first_reply_at"], tz),
    "closed_at": fmt_dt(r["closed_at"], tz),
    "wait": fmt_minutes(r["wait_s"] / 60 if r["wait_s"] is not None else None),
    "reaction": fmt_minutes(r["reaction_s"] / 60 if r["reaction_s"] is not None else None),
    "resolution": fmt_minutes(r["resolution_s"] / 60 if r["resolution_s"] is not None else None),
    "rating": "" if r["rating"] is None else str(r["rating"]),
    "rating_comment": r["rating_comment"] or "",
}
data_table(
    pd.DataFrame([(T.REQUEST_FIELDS[k], v or "—") for k, v in facts.items()], columns=["", " "]),
    hide_index=True,
    width="stretch",
    key="request_facts",
)
if r["stale_at"]:
    st.caption(T.REQUEST_STALE.format(at=fmt_dt(r["stale_at"], tz), by=plain(r["stale_by"])))
st.subheader(T.REQUEST_EVENTS)
if history["events"]:
    data_table(event_rows(history["events"], names))
else:
    st.caption(T.REQUEST_NO_EVENTS)
if history["sessions"]:
    st.subheader(T.REQUEST_SESSIONS)
    data_table(
        pd.DataFrame(
            [
                {
                    T.REQUEST_COL_AT: fmt_dt(s["at"], tz),
                    T.REQUEST_COL_KIND: T.SESSION_KINDS[s["kind"]],
                    T.REQUEST_COL_OUTCOME: T.SESSION_OUTCOMES[s["outcome"]],
                    T.REQUEST_COL_MINUTES: fmt_num((s["seconds"] or 0) / 60, 1),
                    T.REQUEST_COL_WHO: names["specialist"].get(s["specialist"], s["specialist"]),
                }
                for s in history["sessions"]
            ]
        ),
        hide_index=True,
        width="stretch",
    )
