"""«Оценки»: average, distribution 1..5, share without a rating, weekly trend and the low ratings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from core.calendar import default_period, last_full_quarter
from core.timeutil import local_day, utcnow
from db.connection import db_path
from db.directory import with_names
from db.ratings import (
    LOW_RATINGS_LIMIT,
    RatingSummary,
    has_requests,
    low_ratings,
    rating_distribution,
    rating_summary,
    rating_trend,
    request_day_span,
)
from db.requests import dimension_values
from ui import texts
from ui.auth import guard
from ui.data import get_db, settings
from ui.drill import Drill, drill_metrics, drill_table, period_drill, show_drill
from ui.fmt import fmt_date, fmt_dt, fmt_int, fmt_num, fmt_pct
from ui.texts import drill as D
from ui.widgets import data_table, download_xlsx, plain

PAGE = "ratings"
MARK_COLORS = {1: "#d9363e", 2: "#e8663d", 3: "#f2b134", 4: "#8cc084", 5: "#2e9d5b"}
Filters = tuple[tuple[str, tuple[str, ...]], ...]
# Vega formats numbers the English way: non-breaking spaces for thousands, a decimal comma.
RU_AXIS = alt.Axis(labelExpr="replace(replace(datum.label, /,/g, '\u00a0'), /[.]/g, ',')")

actor = guard("ratings")
tz = str(settings()["timezone"])
low_max = int(settings()["low_rating_max"])
db_file = str(db_path())


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_choices(db_file: str) -> dict[str, list[str]]:
    """Organisations, lines and specialists that have closed requests, for the filters."""
    return {column: dimension_values(get_db(), column) for column in ("org", "line", "specialist")}


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_default_period(db_file: str, today: date) -> tuple[date, date] | None:
    """The last full quarter, or the quarter of the latest data; None when there are no requests."""
    db = get_db()
    span = request_day_span(db)
    if span is None:
        return None
    return default_period(today, span, has_requests(db, *last_full_quarter(today)))


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def load_ratings(
    db_file: str, start: date, end: date, filters: Filters, low_max: int
) -> tuple[RatingSummary, dict[int, int], list[dict[str, Any]], list[dict[str, Any]]]:
    """Summary, distribution, weekly trend and low ratings for the period and filters."""
    db, chosen = get_db(), dict(filters)
    return (
        rating_summary(db, start, end, chosen),
        rating_distribution(db, start, end, chosen),
        rating_trend(db, start, end, chosen),
        with_names(db, low_ratings(db, start, end, low_max, chosen)),
    )


def distribution_chart(counts: dict[int, int]) -> alt.Chart:
    """Bars of how many works got each mark."""
    data = pd.DataFrame([{"mark": str(m), "count": n} for m, n in counts.items()])
    marks = [str(m) for m in MARK_COLORS]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "mark:N", title=texts.RATINGS_COL_MARK, sort=marks, axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y("count:Q", title=texts.RATINGS_COL_COUNT, axis=RU_AXIS),
            color=alt.Color(
                "mark:N",
                legend=None,
                scale=alt.Scale(domain=marks, range=list(MARK_COLORS.values())),
            ),
            tooltip=[
                alt.Tooltip("mark:N", title=texts.RATINGS_COL_MARK),
                alt.Tooltip("count:Q", title=texts.RATINGS_COL_COUNT, format=",d"),
            ],
        )  # fmt: skip
        .properties(height=280)
    )


def trend_chart(weeks: list[dict[str, Any]]) -> alt.LayerChart:
    """Average rating (left axis) and rated works (right axis) by week."""
    data = pd.DataFrame(
        [{"week": w["week"], "average": w["average"], "rated": w["rated"]} for w in weeks]
    )
    week_axis = alt.Axis(format="%d.%m")
    base = alt.Chart(data).encode(x=alt.X("week:T", title=texts.RATINGS_COL_WEEK, axis=week_axis))
    average = base.mark_line(point=True, color="#d9363e").encode(
        y=alt.Y("average:Q", title=texts.RATINGS_COL_AVERAGE, scale=alt.Scale(domain=[1, 5]),
                axis=RU_AXIS),
        tooltip=[alt.Tooltip("week:T", title=texts.RATINGS_COL_WEEK, format="%d.%m.%Y"),
                 alt.Tooltip("average:Q", title=texts.RATINGS_COL_AVERAGE, format=".2f")],
    )  # fmt: skip
    rated = base.mark_line(strokeDash=[4, 3], color="#5b6b8c").encode(
        y=alt.Y("rated:Q", title=texts.RATINGS_COL_RATED, axis=RU_AXIS),
        tooltip=[alt.Tooltip("week:T", title=texts.RATINGS_COL_WEEK, format="%d.%m.%Y"),
                 alt.Tooltip("rated:Q", title=texts.RATINGS_COL_RATED, format=",d")],
    )  # fmt: skip
    return alt.layer(average, rated).resolve_scale(y="independent").properties(height=280)


st.title(texts.RATINGS_TITLE)
today = date.fromisoformat(local_day(utcnow(), tz))
period = load_default_period(db_file, today)
if period is None:
    st.info(texts.STATS_NO_REQUESTS)
    st.stop()
choices = load_choices(db_file)
top = st.columns([1.3, 1.3, 2, 2, 2])
start = top[0].date_input(texts.DATE_FROM, value=period[0], format="DD.MM.YYYY", key="ratings_from")
end = top[1].date_input(texts.DATE_TO, value=period[1], format="DD.MM.YYYY", key="ratings_to")
picked: dict[str, list[str]] = {}
for column, label, box in (("org", texts.STATS_FILTER_ORG, top[2]),
                           ("line", texts.STATS_FILTER_LINE, top[3]),
                           ("specialist", texts.STATS_FILTER_SPECIALIST, top[4])):  # fmt: skip
    picked[column] = box.multiselect(
        label, choices[column], placeholder=texts.ALL, key=f"ratings_{column}"
    )
if end <= start:
    st.warning(texts.STATS_BAD_PERIOD)
    st.stop()

filters: Filters = tuple((k, tuple(v)) for k, v in picked.items() if v)
summary, counts, weeks, low = load_ratings(db_file, start, end, filters, low_max)
st.caption(
    texts.STATS_PERIOD_CAPTION.format(
        start=fmt_date(start), end=fmt_date(end - timedelta(days=1)), tz=plain(tz)
    )
)
if not summary.total:
    st.info(texts.STATS_NO_DATA)
    st.stop()

low_count = sum(n for mark, n in counts.items() if mark <= low_max)
# issue 14: every figure opens its requests (closed ones, as the figures count them)
base = period_drill(D.CLOSED, start, end, filters, status="closed")
with_rating = base.narrowed(D.RATED, buckets=(("rating_b", ("1-3", "4-5")),))
drill_metrics(
    PAGE,
    [
        (texts.RATINGS_AVERAGE, fmt_num(summary.average, 2), with_rating),
        (texts.RATINGS_RATED, fmt_int(summary.rated), with_rating),
        (texts.RATINGS_NO_RATING, fmt_pct(summary.no_rating_share),
         base.narrowed(D.NO_RATING, buckets=(("rating_b", ("none",)),))),
        (texts.RATINGS_LOW.format(max=low_max), fmt_int(low_count),
         base.narrowed(D.LOW.format(max=low_max), rating_max=low_max)),
    ],
    key=PAGE,
)  # fmt: skip


def mark_drill(marks: list[int]) -> Callable[[int, str], Drill | None]:
    """A row of the distribution: the requests rated with that mark."""

    def pick(row: int, column: str) -> Drill | None:
        return base.narrowed(D.MARK.format(mark=marks[row]), ratings=(marks[row],))

    return pick


if not summary.rated:
    st.info(texts.RATINGS_NO_RATINGS)
    st.stop()

left, right = st.columns(2)
with left:
    st.subheader(texts.RATINGS_DISTRIBUTION)
    st.altair_chart(distribution_chart(counts), width="stretch", key="ratings_distribution_chart")
    distribution = pd.DataFrame(
        [
            {texts.RATINGS_COL_MARK: mark, texts.RATINGS_COL_COUNT: fmt_int(n),
             texts.RATINGS_COL_SHARE: fmt_pct(n / summary.rated, 1)}
            for mark, n in counts.items()
        ]
    )  # fmt: skip
    st.caption(D.TABLE_HELP)
    drill_table(PAGE, distribution, "ratings_distribution", mark_drill(list(counts)))
with right:
    st.subheader(texts.RATINGS_TREND)
    st.altair_chart(trend_chart(weeks), width="stretch", key="ratings_trend_chart")

trend = pd.DataFrame(
    [
        {texts.RATINGS_COL_WEEK: fmt_date(w["week"]), texts.RATINGS_COL_CLOSED: w["total"],
         texts.RATINGS_COL_RATED: w["rated"],
         texts.RATINGS_COL_AVERAGE: round(w["average"], 2) if w["average"] is not None else None}
        for w in weeks
    ]
)  # fmt: skip

st.subheader(texts.RATINGS_LOW_TITLE.format(max=fmt_int(low_max)))
low_frame = pd.DataFrame(
    [
        {texts.RATINGS_COL_CREATED: fmt_dt(r["created_at"], tz),
         texts.RATINGS_COL_RATING: r["rating"],
         texts.RATINGS_COL_CLIENT: r["client"], texts.RATINGS_COL_SPECIALIST: r["specialist"],
         texts.RATINGS_COL_COMMENT: r["rating_comment"] or "",
         texts.RATINGS_COL_ORG: r["org"], texts.RATINGS_COL_LINE: r["line"],
         texts.RATINGS_COL_ID: r["id"], texts.RATINGS_COL_CLOSED_AT: fmt_dt(r["closed_at"], tz)}
        for r in low
    ],
    columns=[texts.RATINGS_COL_CREATED, texts.RATINGS_COL_RATING, texts.RATINGS_COL_CLIENT,
             texts.RATINGS_COL_SPECIALIST, texts.RATINGS_COL_COMMENT, texts.RATINGS_COL_ORG,
             texts.RATINGS_COL_LINE, texts.RATINGS_COL_ID, texts.RATINGS_COL_CLOSED_AT],
)  # fmt: skip
if low_frame.empty:
    st.info(texts.RATINGS_LOW_NONE)
else:
    if len(low) >= LOW_RATINGS_LIMIT:
        st.caption(texts.RATINGS_LOW_LIMIT.format(count=fmt_int(LOW_RATINGS_LIMIT)))
    data_table(low_frame, key="ratings_low")

download_xlsx(
    {
        texts.RATINGS_SHEET_DISTRIBUTION: pd.DataFrame(
            [{texts.RATINGS_COL_MARK: m, texts.RATINGS_COL_COUNT: n} for m, n in counts.items()]
        ),
        texts.RATINGS_SHEET_TREND: trend,
        texts.RATINGS_SHEET_LOW: low_frame,
    },
    texts.RATINGS_FILE.format(start=start.isoformat(), end=end.isoformat()),
    key="ratings_xlsx",
)

show_drill(PAGE, tz)
