"""«Калибровка»: agreement of evaluators who scored the same calls blind — Cohen's kappa per pair
on the verdict and on each gross criterion, Fleiss' kappa for the group, agreement with the
reference per criterion, and each evaluator's drift from session to session."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from db.connection import db_path
from db.shopper import calibration_report
from ui.auth import guard
from ui.data import get_db
from ui.fmt import fmt_int, fmt_num
from ui.texts import shopper as T
from ui.widgets import table_with_download

PREFIX = "shopper_calibration"

actor = guard("shopper_calibration")
st.title(T.CALIBRATION_TITLE)
st.caption(T.CALIBRATION_NOTE)


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load(db_file: str) -> tuple:
    """The calibration computation over every session."""
    return calibration_report(get_db())


result, drift = load(str(db_path()))
if not result.calls:
    st.info(T.CALIBRATION_NONE)
    st.stop()


def number(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


st.markdown(T.CALIBRATION_FIGURES.format(calls=fmt_int(result.calls),
                                         fleiss=fmt_num(result.fleiss, 3)))  # fmt: skip
st.subheader(T.CALIBRATION_PAIRS)
table_with_download(
    pd.DataFrame(
        [{T.COL_A: p.a, T.COL_B: p.b, T.COL_ITEMS: p.items, T.COL_KAPPA: number(p.kappa),
          T.COL_AGREEMENT: number(p.agreement)} for p in result.pairs],
        columns=[T.COL_A, T.COL_B, T.COL_ITEMS, T.COL_KAPPA, T.COL_AGREEMENT],
    ),
    "calibration_pairs.xlsx",
    f"{PREFIX}_pairs",
)  # fmt: skip
st.subheader(T.CALIBRATION_GROSS)
table_with_download(
    pd.DataFrame(
        [{T.COL_CODE: code, T.COL_A: p.a, T.COL_B: p.b, T.COL_KAPPA: number(p.kappa),
          T.COL_AGREEMENT: number(p.agreement)}
         for code, pairs in result.gross_kappa.items() for p in pairs],
        columns=[T.COL_CODE, T.COL_A, T.COL_B, T.COL_KAPPA, T.COL_AGREEMENT],
    ),
    "calibration_gross.xlsx",
    f"{PREFIX}_gross",
)  # fmt: skip
st.subheader(T.CALIBRATION_CRITERIA)
table_with_download(
    pd.DataFrame([{T.COL_CODE: code, T.COL_AGREEMENT: number(share)} for code, share in result.criteria],
                 columns=[T.COL_CODE, T.COL_AGREEMENT]),
    "calibration_criteria.xlsx",
    f"{PREFIX}_criteria",
)  # fmt: skip
st.subheader(T.CALIBRATION_DRIFT)
drift_frame = pd.DataFrame(
    [{T.COL_EVALUATOR: name, T.COL_SESSION: i + 1, T.COL_AGREEMENT: number(share)}
     for name, shares in drift.items() for i, share in enumerate(shares)],
    columns=[T.COL_EVALUATOR, T.COL_SESSION, T.COL_AGREEMENT],
)  # fmt: skip
if not drift_frame.empty:
    st.altair_chart(
        alt.Chart(drift_frame)
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{T.COL_SESSION}:O", title=T.COL_SESSION),
            y=alt.Y(f"{T.COL_AGREEMENT}:Q", title=T.COL_AGREEMENT, scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(f"{T.COL_EVALUATOR}:N", title=T.COL_EVALUATOR),
            tooltip=[T.COL_EVALUATOR, T.COL_SESSION, T.COL_AGREEMENT],
        ),
        width="stretch",
    )
table_with_download(drift_frame, "calibration_drift.xlsx", f"{PREFIX}_drift")
