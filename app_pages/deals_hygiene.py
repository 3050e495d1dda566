"""«Качество ведения CRM» (seed 001): per manager the completeness of client and deal data,
overdue tasks (the norm is zero), clients not contacted for 1, 3 and 12 months, a 0–100 score;
and the to-fix list, record by record."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from core.timeutil import utcnow
from db.connection import db_path
from db.deals import hygiene_report, strip_private
from db.users import user_names
from ui.auth import guard
from ui.data import get_db
from ui.fmt import fmt_int, fmt_num, fmt_pct
from ui.texts import deals as T
from ui.widgets import data_table, download_xlsx, metric_row, table_with_download

actor = guard("deals_hygiene")


@st.cache_data(ttl=120, max_entries=4, show_spinner=False)
def load_hygiene(db_file: str) -> dict[str, Any]:
    """The hygiene report now, with users' names."""
    db = get_db()
    return {"report": strip_private(hygiene_report(db, utcnow())), "names": user_names(db)}


def record_link(item: dict[str, Any]) -> str:
    """Where the record is fixed: the deal (or the task's deal) or the client's card in «Клиенты»."""
    if item["kind"] == "client":
        return f"/deals_clients?client={item['id']}"
    return f"/deals_my?deal={item.get('deal_id') or item['id']}"


st.title(T.HYGIENE_TITLE)
st.caption(T.HYGIENE_CAPTION)
data = load_hygiene(str(db_path()))
report, names = data["report"], data["names"]
team = report["team"]
metric_row(
    [
        (T.HYGIENE_TEAM + ": " + T.COL_SCORE.lower(), fmt_num(team["score"], 1)),
        (T.COL_CLIENT_COMPLETENESS, fmt_pct(team["client_completeness"])),
        (T.COL_DEAL_COMPLETENESS, fmt_pct(team["deal_completeness"])),
        (T.COL_OVERDUE, fmt_int(team["overdue_tasks"])),
    ]
)
rows = [
    {
        T.COL_MANAGER: names.get(r["manager"], r["manager"]),
        T.COL_SCORE: r["score"],
        T.COL_CLIENTS: r["clients"],
        T.COL_CLIENT_COMPLETENESS: fmt_pct(r["client_completeness"]),
        T.COL_DEALS: r["deals"],
        T.COL_DEAL_COMPLETENESS: fmt_pct(r["deal_completeness"]),
        T.COL_OVERDUE: r["overdue_tasks"],
        T.COL_NO_CONTACT.format(months=1): r["no_contact_1m"],
        T.COL_NO_CONTACT.format(months=3): r["no_contact_3m"],
        T.COL_NO_CONTACT.format(months=12): r["no_contact_12m"],
    }
    for r in report["managers"]
]
frame = pd.DataFrame(rows)
if frame.empty:
    st.info(T.NO_DEALS)
    st.stop()
chart = (
    alt.Chart(frame)
    .mark_bar(color="#2e7d32")
    .encode(
        y=alt.Y(f"{T.COL_MANAGER}:N", sort="-x", title=None),
        x=alt.X(f"{T.COL_SCORE}:Q", scale=alt.Scale(domain=[0, 100]), title=T.COL_SCORE),
        tooltip=[T.COL_MANAGER, T.COL_SCORE, T.COL_OVERDUE],
    )
    .properties(height=max(200, 36 * len(frame)))
)
st.altair_chart(chart, width="stretch")
table_with_download(frame, T.HYGIENE_FILE, "deals_hygiene_managers")

st.subheader(T.HYGIENE_FIX.format(count=fmt_int(report["to_fix_total"])))
if report["to_fix_total"] > len(report["to_fix"]):
    st.caption(T.HYGIENE_FIX_MORE.format(total=fmt_int(report["to_fix_total"])))
kinds = sorted({item["kind"] for item in report["to_fix"]})
picked = st.multiselect(
    T.COL_KIND, kinds, default=kinds, format_func=lambda k: T.FIX_KINDS.get(k, k),
    key="deals_hygiene_kinds",
)  # fmt: skip
fix = pd.DataFrame(
    [
        {
            T.COL_KIND: T.FIX_KINDS.get(i["kind"], i["kind"]),
            T.COL_ID: i["id"],
            T.COL_NAME: i.get("name") or i.get("deal_id") or "",
            T.COL_MANAGER: names.get(i["manager"], i["manager"]),
            T.COL_PROBLEMS: ", ".join(T.FIX_PROBLEMS.get(p, p) for p in i["problems"]),
            T.HYGIENE_OPEN: record_link(i),
        }
        for i in report["to_fix"]
        if i["kind"] in picked
    ]
)
if not fix.empty:
    data_table(
        fix, key="deals_hygiene_fix_table",
        column_config={T.HYGIENE_OPEN: st.column_config.LinkColumn(display_text=T.HYGIENE_OPEN)},
    )  # fmt: skip
    download_xlsx(fix.drop(columns=[T.HYGIENE_OPEN]), T.HYGIENE_FILE, key="deals_hygiene_fix_xlsx")
