"""Drill-down (issue 14, item 5): the requests behind a figure — id, times, line, specialist,
client, rating, comment — with a link to each request's history and an Excel download."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from core.requests import RATING_BUCKETS, REACTION_BUCKETS, RESOLUTION_BUCKETS, WAIT_BUCKETS
from db.directory import with_names
from db.history import list_requests
from ui import texts
from ui.data import get_db
from ui.fmt import fmt_dt, fmt_int
from ui.texts import monitor as T
from ui.widgets import download_xlsx

LIMIT = 1000
Filters = tuple[tuple[str, tuple[str, ...]], ...]
CHOICES = {
    "wait_b": ("wait", WAIT_BUCKETS),
    "reaction_b": ("reaction", REACTION_BUCKETS),
    "resolution_b": ("resolution", RESOLUTION_BUCKETS),
    "rating_b": ("rating", RATING_BUCKETS),
}
LABELS = {
    "wait_b": texts.STATS_COL_WAIT,
    "reaction_b": texts.STATS_COL_REACTION,
    "resolution_b": texts.STATS_COL_RESOLUTION,
    "rating_b": texts.STATS_COL_RATING,
}


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def load_rows(
    db_file: str,
    start: date,
    end: date,
    filters: Filters,
    buckets: tuple[tuple[str, str], ...],
    rating_max: int | None,
) -> list[dict[str, Any]]:
    """The closed requests of one figure (as the statistics count them), names shown."""
    db = get_db()
    rows = list_requests(
        db, start, end, dict(filters), "closed", dict(buckets), rating_max, limit=LIMIT
    )
    return with_names(db, rows)


def frame(rows: Sequence[dict[str, Any]], tz: str) -> pd.DataFrame:
    """The list as a table with Russian headers (times local)."""
    return pd.DataFrame(
        [
            {
                T.DRILL_COL["id"]: r["id"],
                T.DRILL_COL["created_at"]: fmt_dt(r["created_at"], tz),
                T.DRILL_COL["assigned_at"]: fmt_dt(r["assigned_at"], tz),
                T.DRILL_COL["first_reply_at"]: fmt_dt(r["first_reply_at"], tz),
                T.DRILL_COL["closed_at"]: fmt_dt(r["closed_at"], tz),
                T.DRILL_COL["line"]: r["line"],
                T.DRILL_COL["specialist"]: r["specialist"],
                T.DRILL_COL["client"]: r["client"],
                T.DRILL_COL["rating"]: "" if r["rating"] is None else str(r["rating"]),
                T.DRILL_COL["rating_comment"]: r["rating_comment"] or "",
                T.DRILL_COL["history"]: "/request?" + urlencode({"id": r["id"]}),
            }
            for r in rows
        ],
        columns=list(T.DRILL_COL.values()),
    )


def show_table(rows: Sequence[dict[str, Any]], tz: str, key: str, file_name: str) -> None:
    """The rows with their count, a link per request and the Excel download."""
    st.caption(T.DRILL_SHOWN.format(count=fmt_int(len(rows))))
    if len(rows) >= LIMIT:
        st.warning(T.DRILL_LIMIT.format(count=fmt_int(LIMIT)))
    table = frame(rows, tz)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key=f"{key}_table",
        column_config={
            T.DRILL_COL["history"]: st.column_config.LinkColumn(display_text=T.DRILL_OPEN)
        },
    )
    download_xlsx(table.drop(columns=[T.DRILL_COL["history"]]), file_name, key=f"{key}_xlsx")


def drill_down(db_file: str, start: date, end: date, filters: Filters, tz: str, key: str) -> None:
    """Pick a cell of the statistics (any mix of wait, reaction, resolution, rating) and list it."""
    st.subheader(T.DRILL_TITLE)
    st.caption(T.DRILL_CAPTION)
    picked: list[tuple[str, str]] = []
    for column, box in zip(CHOICES, st.columns(len(CHOICES)), strict=True):
        kind, order = CHOICES[column]
        options = ["*", *order, *([""] if kind != "rating" else [])]
        value = box.selectbox(
            LABELS[column],
            options,
            format_func=lambda v, kind=kind: (
                T.DRILL_ANY if v == "*" else texts.STATS_BUCKETS[kind].get(v, v)
            ),
            key=f"{key}_{column}",
        )
        if value != "*":
            picked.append((column, value))
    rows = load_rows(db_file, start, end, filters, tuple(picked), None)
    show_table(rows, tz, key, T.DRILL_FILE.format(start=start.isoformat(), end=end.isoformat()))
