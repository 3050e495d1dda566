"""Remote-access sessions and calls on the statistics page (issue 14, item 3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from db.directory import directory_names
from db.history import session_summary
from ui.data import get_db
from ui.fmt import fmt_int, fmt_num
from ui.texts import monitor as T
from ui.widgets import data_table, download_xlsx, metric_row


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def load_sessions(
    db_file: str, start: date, end: date, specialists: tuple[str, ...]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """Remote sessions and calls of the period (for the chosen specialists), and specialists' names."""
    db = get_db()
    chosen = list(specialists) or None
    return (
        session_summary(db, start, end, "remote", chosen),
        session_summary(db, start, end, "call", chosen),
        directory_names(db)["specialist"],
    )


def _table(rows: list[dict[str, Any]], first: str, names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                T.REMOTE_COL[first]: names.get(r["name"], r["name"]) or "—",
                T.REMOTE_COL["total"]: r["total"],
                T.REMOTE_COL["succeeded"]: r["succeeded"],
                T.REMOTE_COL["failed"]: r["failed"],
                T.REMOTE_COL["minutes"]: r["minutes"],
            }
            for r in rows
        ],
        columns=[T.REMOTE_COL[c] for c in (first, "total", "succeeded", "failed", "minutes")],
    )


def show_sessions(db_file: str, start: date, end: date, specialists: tuple[str, ...]) -> None:
    """Counts, successes, failures by reason, minutes; per specialist and month; with export."""
    st.subheader(T.REMOTE_TITLE)
    st.caption(T.REMOTE_CAPTION)
    remote, calls, names = load_sessions(db_file, start, end, specialists)
    if not remote["total"] and not calls["total"]:
        st.caption(T.REMOTE_NONE)
        return
    metric_row(
        [
            (T.REMOTE_FIGS["total"], fmt_int(remote["total"])),
            (T.REMOTE_FIGS["succeeded"], fmt_int(remote["succeeded"])),
            (T.REMOTE_FIGS["failed"], fmt_int(remote["failed"])),
            (T.REMOTE_FIGS["minutes"], fmt_num(remote["minutes"], 0)),
            (T.REMOTE_FIGS["calls"], fmt_int(calls["total"])),
        ]
    )
    by_specialist = _table(remote["specialists"], "name", names)
    by_month = _table(remote["months"], "month", {})
    failures = pd.DataFrame(
        [
            {T.REMOTE_COL["reason"]: T.REMOTE_REASON.format(code=code), T.REMOTE_COL["count"]: n}
            for code, n in remote["failures"].items()
        ],
        columns=[T.REMOTE_COL["reason"], T.REMOTE_COL["count"]],
    )
    left, right = st.columns([3, 2])
    with left:
        data_table(by_specialist, key="remote_specialists")
    with right:
        data_table(by_month, key="remote_months")
        data_table(failures, key="remote_failures")
    download_xlsx(
        {
            T.REMOTE_SHEETS["specialists"]: by_specialist,
            T.REMOTE_SHEETS["months"]: by_month,
            T.REMOTE_SHEETS["failures"]: failures,
        },
        T.REMOTE_FILE.format(start=start.isoformat(), end=end.isoformat()),
        key="remote_xlsx",
    )
