"""«Отчёты по отказам»: reasons stated by managers vs by clients, false-refusal rate per manager
against the team, money returned to the funnel and later won, each manager's reason mix against
the team's, and the decisions as a file for the CRM — for a period of refusal dates."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from core.timeutil import local_day, period_utc, utcnow
from db.connection import db_path
from db.deals import crm_decisions, reason_accuracy, reason_mix, refusal_report
from db.users import user_names
from ui import texts
from ui.auth import guard
from ui.data import get_db, settings
from ui.fmt import fmt_int, fmt_money, fmt_pct
from ui.texts import deals as T
from ui.widgets import data_table, download_xlsx, metric_row, table_with_download

actor = guard("deals_reports")
tz = str(settings()["timezone"])


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def load_report(db_file: str, start: str | None, end: str | None) -> dict[str, Any]:
    """Every figure of the page for one period (stored-UTC bounds; None: all time)."""
    db = get_db()
    return {
        "report": refusal_report(db, start, end),
        "accuracy": reason_accuracy(db, start, end),
        "mix": reason_mix(db, start, end),
        "names": user_names(db),
    }


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def load_decisions(db_file: str, start: str | None, end: str | None) -> list[dict[str, Any]]:
    """QC decisions made in the period, in the source CRM's stage names."""
    return crm_decisions(get_db(), start, end)


st.title(T.REPORTS_TITLE)
st.caption(T.REPORTS_CAPTION)
today = date.fromisoformat(local_day(utcnow(), tz))
left, middle, right = st.columns([1, 1, 2])
all_time = right.checkbox(T.PERIOD_ALL, value=True, key="deals_reports_all")
start_day = left.date_input(
    texts.DATE_FROM, today - timedelta(days=90), format="DD.MM.YYYY", key="deals_reports_from",
    disabled=all_time,
)  # fmt: skip
end_day = middle.date_input(
    texts.DATE_TO, today + timedelta(days=1), format="DD.MM.YYYY", key="deals_reports_to",
    disabled=all_time,
)  # fmt: skip
start = end = None
if not all_time and start_day and end_day and end_day > start_day:
    start, end = period_utc(start_day, end_day, tz)
db_file = str(db_path())
data = load_report(db_file, start, end)
report, accuracy, names = data["report"], data["accuracy"], data["names"]


def who(login: str) -> str:
    return names.get(login, login)


metric_row(
    [
        (T.REPORT_FIGURES[0], fmt_int(report["awaiting"])),
        (T.REPORT_FIGURES[1], fmt_int(report["confirmed"])),
        (T.REPORT_FIGURES[2], fmt_int(report["returned"])),
    ]
)
metric_row(
    [
        (T.REPORT_FIGURES[3], fmt_money(round(report["returned_amount"] * 100))),
        (T.REPORT_FIGURES[4], fmt_money(round(report["won_after_return_amount"] * 100))),
        (T.REPORT_FIGURES[5], fmt_pct(accuracy["accuracy"]) if accuracy["verified"] else "—"),
    ]
)

st.subheader(T.REPORT_REASONS)
reasons = pd.DataFrame(
    [
        {
            T.COL_REASON: r["reason"],
            T.COL_BY_MANAGER: r["by_manager"],
            T.COL_BY_CLIENT: r["by_client"],
        }
        for r in report["reasons"]
    ]
)
if not reasons.empty:
    long = reasons.melt(id_vars=T.COL_REASON, var_name=T.COL_KIND, value_name=T.COL_COUNT)
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y(f"{T.COL_REASON}:N", sort=list(reasons[T.COL_REASON]), title=None),
            x=alt.X(f"{T.COL_COUNT}:Q", title=T.COL_COUNT),
            yOffset=alt.YOffset(f"{T.COL_KIND}:N"),
            color=alt.Color(
                f"{T.COL_KIND}:N", title=None, scale=alt.Scale(range=["#1565c0", "#ef6c00"])
            ),
            tooltip=[T.COL_REASON, T.COL_KIND, T.COL_COUNT],
        )  # fmt: skip
        .properties(height=max(220, 44 * len(reasons)))
    )
    st.altair_chart(chart, width="stretch")
    table_with_download(reasons, T.REFUSALS_FILE, "deals_reports_reasons")

st.subheader(T.REPORT_MANAGERS)
verified_all = report["returned"] + report["confirmed"]
team_rate = report["returned"] / verified_all if verified_all else 0.0
managers = pd.DataFrame(
    [
        {
            T.COL_MANAGER: who(m["manager"]),
            T.COL_REFUSALS: m["refusals"],
            T.COL_RETURNED: m["returned"],
            T.COL_FALSE_RATE: m["false_rate"],
            T.COL_TEAM_FALSE_RATE: round(team_rate, 4),
        }
        for m in report["managers"]
    ]
)
if not managers.empty:
    bars = (
        alt.Chart(managers)
        .mark_bar(color="#c62828")
        .encode(
            y=alt.Y(f"{T.COL_MANAGER}:N", title=None),
            x=alt.X(f"{T.COL_FALSE_RATE}:Q", axis=alt.Axis(format="%"), title=T.COL_FALSE_RATE),
            tooltip=[
                T.COL_MANAGER,
                T.COL_REFUSALS,
                T.COL_RETURNED,
                alt.Tooltip(f"{T.COL_FALSE_RATE}:Q", format=".0%"),
            ],
        )  # fmt: skip
    )
    rule = (
        alt.Chart(pd.DataFrame({"team": [team_rate]}))
        .mark_rule(strokeDash=[4, 4])
        .encode(x="team:Q")
    )
    st.altair_chart((bars + rule).properties(height=max(200, 36 * len(managers))), width="stretch")
    shown = managers.copy()
    shown[T.COL_FALSE_RATE] = shown[T.COL_FALSE_RATE].map(fmt_pct)
    shown[T.COL_TEAM_FALSE_RATE] = shown[T.COL_TEAM_FALSE_RATE].map(fmt_pct)
    table_with_download(shown, T.REFUSALS_FILE, "deals_reports_managers")

st.subheader(T.REPORT_MIX)
st.caption(T.REPORT_MIX_CAPTION)
mix = pd.DataFrame(
    [
        {
            T.COL_MANAGER: who(r["manager"]),
            T.COL_REASON: r["reason"],
            T.COL_COUNT: r["count"],
            T.COL_SHARE: fmt_pct(r["share"]),
            T.COL_TEAM_SHARE: fmt_pct(r["team_share"]),
            T.COL_RATIO: r["ratio"],
        }
        for r in data["mix"]
    ]
)
if not mix.empty:
    standing_out = mix[mix[T.COL_RATIO].fillna(0) >= 2]
    if not standing_out.empty:
        data_table(standing_out, key="deals_reports_out")
    with st.expander(T.REPORT_MIX):
        table_with_download(mix, T.REFUSALS_FILE, "deals_reports_mix")

st.subheader(T.REPORT_DECISIONS)
st.caption(T.REPORT_DECISIONS_CAPTION)
decisions = load_decisions(db_file, start, end)
frame = pd.DataFrame(
    [
        {
            T.COL_DEAL: d["id"],
            T.COL_STAGE: d["stage"],
            T.COL_MANAGER: d["manager"],
            T.COL_STAGE_CODE: d["stage_code"],
            T.COL_DECIDED: d["decided_at"],
            T.COL_CLIENT_REASON: d["client_reason"],
        }
        for d in decisions
    ]
)
if frame.empty:
    st.info(T.CLI_DECISIONS_NONE)
else:
    data_table(frame, key="deals_reports_decisions")
    left, right = st.columns(2)
    with left:
        download_xlsx(frame, T.DECISIONS_FILE, key="deals_reports_decisions_xlsx")
    with right:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(frame.columns)
        for row in frame.itertuples(index=False):
            writer.writerow(["'" + v if isinstance(v, str) and v[:1] in "=+-@" else v for v in row])
        st.download_button(
            T.DOWNLOAD_CSV, buffer.getvalue().encode("utf-8-sig"), T.DECISIONS_CSV, "text/csv",
            key="deals_reports_decisions_csv", icon=":material/download:",
        )  # fmt: skip
