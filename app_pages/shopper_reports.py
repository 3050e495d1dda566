"""«Отчёты по звонкам»: verdicts by campaign, round, organisation, manager and month, the Pareto
of missed criteria (gross first), «что понравилось», failing partners and repeat errors."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from core.shopper import pareto_order
from db.connection import db_path
from db.shopper import (
    liked_counts,
    list_campaigns,
    org_statuses,
    repeat_error_rows,
    shopper_report,
    verdicts_by,
)
from ui.auth import guard
from ui.data import get_db
from ui.fmt import fmt_int
from ui.shopper import show_verdict_trend
from ui.texts import shopper as T
from ui.widgets import metric_row, table_with_download

PREFIX = "shopper_reports"
SEVERITY_COLORS = {T.SEVERITIES["gross"]: "#d9363e", T.SEVERITIES["error"]: "#f2b134"}

actor = guard("shopper_reports")
db_file = str(db_path())
st.title(T.REPORTS_TITLE)


@st.cache_data(ttl=60, max_entries=8, show_spinner=False)
def load(db_file: str, campaign: int | None) -> dict:
    """Every table of the page for one campaign (or all)."""
    db = get_db()
    return {
        "report": shopper_report(db, campaign),
        "by": {key: verdicts_by(db, key, campaign) for key in T.REPORTS_BY},
        "liked": liked_counts(db, campaign),
        "orgs": org_statuses(db, campaign),
        "repeats": repeat_error_rows(db, campaign),
    }


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_campaigns(db_file: str) -> list[dict]:
    return list_campaigns(get_db())


campaigns = load_campaigns(db_file)
choice = st.selectbox(
    T.CAMPAIGNS_PICK,
    [None, *[c["id"] for c in campaigns]],
    format_func=lambda i: (
        T.REPORTS_ALL if i is None else next(c["name"] for c in campaigns if c["id"] == i)
    ),
    key=f"{PREFIX}_campaign",
)
data = load(db_file, choice)
report = data["report"]
if not report["total"]:
    st.info(T.REPORTS_NONE)
    st.stop()

verdicts = report["verdicts"]
metric_row(
    [
        (T.COL_TOTAL, fmt_int(report["total"])),
        (T.COL_PASS, fmt_int(verdicts["pass"])),
        (T.COL_PWI, fmt_int(verdicts["pass_with_improvements"])),
        (T.COL_FAIL, fmt_int(verdicts["fail"])),
    ]
)


def verdict_frame(rows: list[dict]) -> pd.DataFrame:
    """Verdict counts with the average score, one row a slice."""
    return pd.DataFrame(
        [{T.COL_LABEL: r["label"], T.COL_TOTAL: r["total"], T.COL_PASS: r["pass"],
          T.COL_PWI: r["pass_with_improvements"], T.COL_FAIL: r["fail"],
          T.COL_SCORE: None if r["score"] is None else round(r["score"] * 100, 1)} for r in rows],
        columns=[T.COL_LABEL, T.COL_TOTAL, T.COL_PASS, T.COL_PWI, T.COL_FAIL, T.COL_SCORE],
    )  # fmt: skip


tabs = st.tabs(list(T.REPORTS_BY.values()))
for tab, key in zip(tabs, T.REPORTS_BY, strict=True):
    with tab:
        table_with_download(
            verdict_frame(data["by"][key]), f"verdicts_{key}.xlsx", f"{PREFIX}_by_{key}"
        )

st.subheader(T.REPORTS_PARETO)
criteria = {r["code"]: r for r in report["criteria"]}
pareto = pareto_order(
    (r["code"], r["severity"], r["missed"]) for r in report["criteria"] if r["missed"]
)
pareto_frame = pd.DataFrame(
    [{T.COL_CODE: code, T.COL_CRITERION: criteria[code]["name"],
      T.COL_SEVERITY: T.SEVERITIES.get(severity, ""), T.COL_MISSED: missed,
      T.COL_SHARE: round(share, 4), "order": i} for i, (code, severity, missed, share) in enumerate(pareto)],
    columns=[T.COL_CODE, T.COL_CRITERION, T.COL_SEVERITY, T.COL_MISSED, T.COL_SHARE, "order"],
)  # fmt: skip
if not pareto_frame.empty:
    x = alt.X(f"{T.COL_CODE}:N", sort=list(pareto_frame[T.COL_CODE]), title=None)
    bars = alt.Chart(pareto_frame).mark_bar().encode(
        x=x,
        y=alt.Y(f"{T.COL_MISSED}:Q", title=T.COL_MISSED),
        color=alt.Color(f"{T.COL_SEVERITY}:N", scale=alt.Scale(domain=list(SEVERITY_COLORS),
                        range=list(SEVERITY_COLORS.values())), title=T.COL_SEVERITY),
        tooltip=[T.COL_CODE, T.COL_CRITERION, T.COL_MISSED],
    )  # fmt: skip
    line = (
        alt.Chart(pareto_frame)
        .mark_line(point=True, color="#444")
        .encode(x=x, y=alt.Y(f"{T.COL_SHARE}:Q", axis=alt.Axis(format="%"), title=T.COL_SHARE))
    )
    st.altair_chart(alt.layer(bars, line).resolve_scale(y="independent"), width="stretch")
table_with_download(pareto_frame.drop(columns=["order"]), "pareto.xlsx", f"{PREFIX}_pareto",
                    percent_columns=[T.COL_SHARE])  # fmt: skip

st.subheader(T.REPORTS_TREND)
months = data["by"]["month"]
trend = pd.DataFrame(
    [{T.COL_LABEL: r["label"], T.COL_VERDICT: T.VERDICTS[v], T.COL_TOTAL: r[v]}
     for r in months for v in ("fail", "pass_with_improvements", "pass")]
)  # fmt: skip
if not trend.empty:
    show_verdict_trend(trend)

st.subheader(T.REPORTS_LIKED)
liked = pd.DataFrame(data["liked"], columns=[T.COL_TAG, T.COL_ANSWERS])
table_with_download(liked, "liked.xlsx", f"{PREFIX}_liked")

st.subheader(T.REPORTS_FAILING)
orgs = pd.DataFrame(
    [{T.COL_ORG: o["name"], T.COL_CITY: o["city"], T.COL_CALLS: o["calls"], T.COL_FAILS: o["fails"],
      T.COL_LAST_VERDICT: T.VERDICTS[o["last_verdict"]],
      T.COL_STATUS: T.ORG_STATUSES.get(o["status"] or "", ""), T.COL_LETTER: o["letter_on"],
      T.COL_OUT: "да" if o["out_of_recommended"] else ""}
     for o in data["orgs"] if o["fails"]],
    columns=[T.COL_ORG, T.COL_CITY, T.COL_CALLS, T.COL_FAILS, T.COL_LAST_VERDICT, T.COL_STATUS,
             T.COL_LETTER, T.COL_OUT],
)  # fmt: skip
table_with_download(orgs, "failing_partners.xlsx", f"{PREFIX}_orgs")

st.subheader(T.REPORTS_REPEATS)
repeats = pd.DataFrame(
    [{T.COL_MANAGER: r["manager"], T.COL_CODE: r["code"],
      T.COL_CRITERION: criteria.get(r["code"], {}).get("name", ""), T.COL_REPEATS: r["repeats"]}
     for r in data["repeats"]],
    columns=[T.COL_MANAGER, T.COL_CODE, T.COL_CRITERION, T.COL_REPEATS],
)  # fmt: skip
table_with_download(repeats, "repeat_errors.xlsx", f"{PREFIX}_repeats")
