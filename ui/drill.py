"""Drill-down (issue 14, item 5): a click on any number of the statistics, ratings, SLA or monitor
opens the requests behind it — id, times, line, specialist, client, rating, comment — with a link
to each request's history and an Excel download. The list comes from db.history.list_requests,
the query behind `report requests`, so the page and the CLI filter alike.

A table says which figure a cell is through a mapper (row, column) -> Drill; a metric card
carries its Drill. The chosen Drill waits in the session under `<page>_drill` and opens in a
dialog until the user closes it."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from sqlite_utils import Database

from db.connection import db_path
from db.directory import with_names
from db.history import count_requests, in_working_minutes, list_requests
from db.monitor import count_open_alert_rows, open_alert_rows
from ui import texts
from ui.data import get_db, settings
from ui.fmt import fmt_date, fmt_dt, fmt_int
from ui.texts import drill as D
from ui.texts import monitor as T
from ui.widgets import data_table, download_xlsx, metric_row, plain

LIMIT = 5000  # rows shown and exported; the count above the list is always whole
# How long a self-refreshing page (the monitor) keeps its figures and its open list: one period.
LIVE_TTL_S = 2
Filters = tuple[tuple[str, tuple[str, ...]], ...]
Mapper = Callable[[int, str], "Drill | None"]
# A metric card with a Drill is one big invisible button over the card (its name is the
# figure's label, for screen readers and tests); the card lights up under the pointer.
CARD_CSS = (
    "<style>"
    "[class*='_drillm_']{position:relative;border-radius:0.5rem;padding:0 0.4rem}"
    "[class*='_drillm_']:hover{background:rgba(76,120,168,0.10);cursor:pointer}"
    # a long label wraps instead of ending in «…» («Недовольны (1–3), доля от оценённых» at 1366)
    "[class*='_drillm_'] [data-testid='stMetricLabel'] *{white-space:normal!important}"
    "[class*='_drillm_'] [data-testid='stElementContainer']:has(.stButton)"
    "{position:absolute;inset:0;z-index:2;width:100%!important}"
    "[class*='_drillm_'] .stButton,[class*='_drillm_'] .stButton button"
    "{width:100%;height:100%;opacity:0;cursor:pointer}"
    # a sticky card (drill_metrics(sticky=True)): a checkbox over the card instead of a button
    "[class*='_drillm_'] [data-testid='stElementContainer']:has(.stCheckbox)"
    "{position:absolute;inset:0;z-index:2;width:100%!important}"
    "[class*='_drillm_'] .stCheckbox,[class*='_drillm_'] .stCheckbox label"
    "{width:100%;height:100%;opacity:0;cursor:pointer}"
    "</style>"
)


@dataclass(frozen=True)
class Drill:
    """Which requests a figure stands for: the arguments of list_requests (hashable, so the
    list is cached) and a title that says it in words."""

    title: str
    start: date | None = None
    end: date | None = None
    filters: Filters = ()
    status: str | None = None
    buckets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    ratings: tuple[int, ...] = ()
    rating_max: int | None = None
    assigned: bool | None = None
    closed_between: tuple[str, str] | None = None
    ids: tuple[str, ...] | None = None
    months: tuple[str, ...] = ()
    replied: bool = False
    # the time buckets are read in working minutes of the calendar in this zone (the statistics
    # with «в рабочих минутах» on): the stored buckets are wall-clock ones
    working_tz: str | None = None
    alerts: bool = False  # the open alerts, one row per alert with its request (the monitor)

    def narrowed(self, part: str, **changes: Any) -> Drill:
        """The same figure narrowed further (a cell of a row): one more part in the title."""
        title = D.SEPARATOR.join(p for p in (self.title, part) if p)
        return replace(self, title=title, **changes)

    def with_bucket(self, column: str, *values: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The buckets plus one more condition (column in values)."""
        return (*[(c, v) for c, v in self.buckets if c != column], (column, tuple(values)))


def period_drill(title: str, start: date, end: date, filters: Filters, **more: Any) -> Drill:
    """A figure of a period page: created on local days [start, end) with the page's filters."""
    period = D.PERIOD.format(start=fmt_date(start), end=fmt_date(end - timedelta(days=1)))
    return Drill(
        D.SEPARATOR.join(p for p in (title, period) if p),
        start=start,
        end=end,
        filters=filters,
        **more,
    )


def _arguments(drill: Drill) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The Drill as list_requests' positional and keyword arguments."""
    return (
        (drill.start, drill.end, dict(drill.filters), drill.status, dict(drill.buckets),
         drill.rating_max),
        {"ratings": drill.ratings or None, "assigned": drill.assigned,
         "closed_between": drill.closed_between, "ids": drill.ids,
         "months": drill.months or None, "replied": drill.replied},
    )  # fmt: skip


def in_stored_terms(db: Database, drill: Drill) -> Drill:
    """A figure whose time buckets are in working minutes names its requests by id (bucketed
    again as the working-time statistics count them, db.history.in_working_minutes — the same
    as `report requests --working`); any other figure stays as it is."""
    if drill.working_tz is None or drill.start is None or drill.end is None:
        return drill
    buckets, ids = in_working_minutes(db, drill.start, drill.end, dict(drill.filters),
                                      dict(drill.buckets), drill.working_tz, drill.ids)  # fmt: skip
    return replace(drill, buckets=tuple(buckets.items()), ids=None if ids is None else tuple(ids),
                   working_tz=None)  # fmt: skip


def query(drill: Drill, limit: int = LIMIT) -> tuple[list[dict[str, Any]], int]:
    """The first `limit` requests of a Drill (names shown) and how many there are in all,
    through the one list query of `report requests`."""
    db = get_db()
    if drill.alerts:
        rows = open_alert_rows(db, settings(), limit)
        total = len(rows) if len(rows) < limit else count_open_alert_rows(db)
        return with_names(db, rows), total
    args, more = _arguments(in_stored_terms(db, drill))
    rows = list_requests(db, *args, limit=limit, **more)
    total = len(rows) if len(rows) < limit else count_requests(db, *args, **more)
    return with_names(db, rows), total


@st.cache_data(ttl=30, max_entries=16, show_spinner=False)
def load_rows(db_file: str, drill: Drill) -> tuple[list[dict[str, Any]], int]:
    """The list behind one figure and its full count (db_file keys the cache per database)."""
    return query(drill)


@st.cache_data(ttl=LIVE_TTL_S, max_entries=16, show_spinner=False)
def load_live_rows(db_file: str, drill: Drill) -> tuple[list[dict[str, Any]], int]:
    """The same for a page that refreshes itself (the monitor): kept no longer than its figures,
    so an open list never trails the card it was opened from."""
    return query(drill)


def frame(rows: Sequence[dict[str, Any]], tz: str) -> pd.DataFrame:
    """The list as a table with Russian headers (times local); a list of alerts begins with
    each alert's kind and when its event happened."""
    table = _request_frame(rows, tz)
    if rows and "alert_kind" in rows[0]:
        kinds = [texts.MONITOR_ALERT_KINDS.get(r["alert_kind"], r["alert_kind"]) for r in rows]
        table.insert(0, T.DRILL_ALERT_COL["alert_at"], [fmt_dt(r["alert_at"], tz) for r in rows])
        table.insert(0, T.DRILL_ALERT_COL["alert_kind"], kinds)
    return table


def _request_frame(rows: Sequence[dict[str, Any]], tz: str) -> pd.DataFrame:
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


def show_table(
    rows: Sequence[dict[str, Any]], total: int, tz: str, key: str, file_name: str
) -> None:
    """The rows with their count, a link per request and the Excel download."""
    if rows and "alert_kind" in rows[0]:
        requests = len({r["id"] for r in rows})
        st.caption(T.DRILL_SHOWN_ALERTS.format(count=fmt_int(total), requests=fmt_int(requests)))
    else:
        st.caption(T.DRILL_SHOWN.format(count=fmt_int(total)))
    if total > len(rows):
        st.warning(T.DRILL_LIMIT.format(count=fmt_int(len(rows))))
    table = frame(rows, tz)
    data_table(
        table,
        key=f"{key}_table",
        column_config={
            T.DRILL_COL["history"]: st.column_config.LinkColumn(display_text=T.DRILL_OPEN)
        },
    )
    download_xlsx(table.drop(columns=[T.DRILL_COL["history"]]), file_name, key=f"{key}_xlsx")


# ---- opening and closing -----------------------------------------------------------------------


def _state(page: str) -> str:
    return f"{page}_drill"


def open_drill(page: str, drill: Drill | None) -> None:
    """Remember the figure to list (a callback: the dialog opens on the run that follows), and
    forget the cell chosen in the page's tables: they come back as new widgets (a new key
    generation) with nothing chosen, so the same cell opens again. (Setting their selection to
    empty left the browser's old choice to be sent back on a later run, which reopened that
    cell's list over a card's.) The new keys are drawn on this run, under the dialog's overlay:
    while a page swaps a table for its new-key twin, the old one stays on screen below the new
    one for a moment and everything under it jumps down and back — on the run that closed the
    list (as before) a click just after closing landed on whatever had jumped under it."""
    if drill is not None:
        st.session_state[_state(page)] = drill
        st.session_state[f"{page}_drill_gen"] = st.session_state.get(f"{page}_drill_gen", 0) + 1


def close_drill(page: str, drill: Drill | None = None) -> None:
    """Forget the figure (`drill`: only if it is still the one listed — a click that reaches the
    server in the same run as the dialog's dismissal has already chosen the next one)."""
    if drill is None or st.session_state.get(_state(page)) == drill:
        st.session_state.pop(_state(page), None)


def _on_cell(page: str, key: str, mapper: Mapper) -> None:
    """A table's selection callback: the clicked cell's figure, if it stands for requests."""
    event = st.session_state.get(key) or {}
    cells = (event.get("selection") or {}).get("cells") or []
    if cells:
        row, column = cells[0]
        open_drill(page, mapper(int(row), str(column)))


def drill_table(
    page: str,
    table: pd.DataFrame,
    key: str,
    mapper: Mapper,
    renew: bool = False,
    **options: Any,
) -> None:
    """st.dataframe whose every number opens its list: one cell at a time is chosen.

    `renew`: other figures (a filter, «в рабочих минутах») make it a new table (its key carries
    a digest of the figures). A selectable table whose data changed in place swallowed the next
    click (Chromium: the first click after the switch opened nothing, the second did), and a
    click on the old figures while the page redraws is read by the old figures' mapper. Not for
    a table that refreshes by itself (the monitor's queue): it would be new on every refresh."""
    generation = st.session_state.get(f"{page}_drill_gen", 0)
    key = f"{key}_{generation}" if generation else key
    if renew:
        key = f"{key}_{zlib.crc32(table.to_csv().encode()):08x}"
    data_table(
        table,
        key=key,
        on_select=partial(_on_cell, page, key, mapper),
        selection_mode="single-cell",
        **options,
    )


def card_style() -> None:
    """The clickable cards' style; drill_metrics adds it, a page that refreshes in a fragment
    adds it once outside (re-added on every refresh it would shift the cards under a click)."""
    st.html(CARD_CSS)


def drill_metrics(
    page: str,
    items: Sequence[tuple[str, str, Drill | None]],
    key: str,
    style: bool = True,
    sticky: bool = False,
) -> None:
    """A row of big figures; each with a Drill is a card that opens its list when clicked.
    `sticky` (a page that refreshes itself): the card is a checkbox, not a button — a click is
    widget state the browser sends with every later run, so a click whose run a refresh
    overtook still opens its list on the next run (a button's one-off trigger can be lost)."""
    if not any(d for _, _, d in items):
        metric_row([(label, value) for label, value, _ in items])
        return
    if style:
        card_style()
    for i, (column, (label, value, drill)) in enumerate(
        zip(st.columns(len(items)), items, strict=True)
    ):
        with column:
            if drill is None:
                st.metric(label, value)
                continue
            with st.container(key=f"{key}_drillm_{i}"):
                st.metric(label, value)
                if sticky:  # one key for good: every change of the toggle is a click
                    st.checkbox(
                        D.OPEN_METRIC.format(label=label),
                        key=f"{key}_drillt_{i}",
                        on_change=open_drill,
                        args=(page, drill),
                        help=D.OPEN_METRIC.format(label=label),
                    )
                    continue
                st.button(
                    D.OPEN_METRIC.format(label=label),
                    key=f"{key}_drillb_{i}",
                    on_click=open_drill,
                    args=(page, drill),
                    help=D.OPEN_METRIC.format(label=label),
                )


def show_list(page: str, drill: Drill, tz: str, titled: bool = True, live: bool = False) -> None:
    """The chosen figure's title (unless its dialog's title says it), count, list and
    download; `live` on a page whose figures refresh themselves."""
    if titled:
        st.markdown(f"**{plain(drill.title)}**")
    rows, total = (load_live_rows if live else load_rows)(str(db_path()), drill)
    show_table(rows, total, tz, f"{page}_drill_list", D.FILE)


def show_drill(page: str, tz: str, inline: bool = False) -> None:
    """The chosen figure's list while one is chosen (call once per run): in a dialog, or — on a
    page that refreshes itself, where a dialog would not outlive the refresh — in a bordered
    section with a close button."""
    drill = st.session_state.get(_state(page))
    if drill is None:
        return
    if inline:
        with st.container(border=True, key=f"{page}_drill_section"):
            head, button = st.columns([5, 2], vertical_alignment="center")
            head.subheader(D.DIALOG_TITLE)
            button.button(
                D.CLOSE, key=f"{page}_drill_close", on_click=close_drill, args=(page,),
                icon=":material/close:",
            )  # fmt: skip
            show_list(page, drill, tz, live=True)
        return

    # The figure in the dialog's title: Streamlit tells dialogs apart by their title, and a
    # dialog opened while the previous one's closing run is still going would otherwise inherit
    # that one's table and show it under the new figure until its own arrives.
    @st.dialog(
        D.DIALOG_TITLE_OF.format(title=plain(drill.title)),
        width="large",
        on_dismiss=partial(close_drill, page, drill),
    )
    def dialog() -> None:
        show_list(page, drill, tz, titled=False)

    dialog()
