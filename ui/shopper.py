"""The shopper and call QC card of «Обзор» (issue 11): this month's verdicts, the most-missed
criterion and who is behind the listening plan."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from core.roles import Action, Actor, can
from core.timeutil import to_local, utcnow
from db.calls import listening_plan
from db.connection import db_path
from db.shopper import monthly_summary
from ui.data import get_db, settings
from ui.fmt import fmt_int
from ui.texts import shopper as T
from ui.widgets import metric_row

VERDICT_COLORS = {T.VERDICTS["pass"]: "#2e9d5b", T.VERDICTS["pass_with_improvements"]: "#f2b134",
                  T.VERDICTS["fail"]: "#d9363e"}  # fmt: skip


def show_verdict_trend(data: pd.DataFrame) -> None:
    """Verdicts by month as stacked bars in the verdicts' own colours (one look on both pages)."""
    st.altair_chart(
        alt.Chart(data).mark_bar().encode(
            x=alt.X(f"{T.COL_LABEL}:N", title=None),
            y=alt.Y(f"{T.COL_TOTAL}:Q", title=T.COL_TOTAL),
            color=alt.Color(f"{T.COL_VERDICT}:N", scale=alt.Scale(domain=list(VERDICT_COLORS),
                            range=list(VERDICT_COLORS.values())), title=T.COL_VERDICT),
        ),
        width="stretch",
    )  # fmt: skip


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_card(db_file: str, month: str, today: str, base: int) -> dict:
    """The card's figures (aggregates: every role that may see QC reports)."""
    from datetime import date

    db = get_db()
    summary = monthly_summary(db, month)
    summary["behind"] = listening_plan(db, date.fromisoformat(today), base)["behind"]
    return summary


def shopper_card(actor: Actor) -> None:
    """Render the card for roles that see QC aggregates; nothing when there is nothing to show."""
    if not can(actor.role, Action.SEE_SHOPPER_REPORTS):
        return
    today = to_local(utcnow(), str(settings()["timezone"])).date()
    card = load_card(
        str(db_path()), today.strftime("%Y-%m"), today.isoformat(),
        int(settings()["listening_per_week"]),
    )  # fmt: skip
    if not card["total"] and not card["behind"]:
        return
    with st.container(border=True):
        st.subheader(T.OVERVIEW_TITLE)
        verdicts = card["verdicts"]
        metric_row(
            [
                (T.OVERVIEW_MONTH, fmt_int(card["total"])),
                (T.COL_PASS, fmt_int(verdicts["pass"])),
                (T.COL_PWI, fmt_int(verdicts["pass_with_improvements"])),
                (T.COL_FAIL, fmt_int(verdicts["fail"])),
            ]
        )
        top = card["top_missed"]
        st.text(
            T.OVERVIEW_TOP.format(code=top["code"], name=top["name"], missed=fmt_int(top["missed"]))
            if top
            else T.OVERVIEW_TOP_NONE
        )
        if card["behind"]:
            st.text(T.OVERVIEW_BEHIND.format(names=", ".join(card["behind"])))
        st.page_link("app_pages/shopper_reports.py", label=T.OVERVIEW_LINK,
                     icon=":material/leaderboard:")  # fmt: skip
