"""«Статистика обращений»: seed 004's distribution tree and «Работа с обращениями» from the rollup."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from core.calendar import (
    default_period,
    last_full_quarter,
    working_minutes_per_week,
    working_stats,
)
from core.requests import (
    NO_BUCKET,
    RATING_BUCKETS,
    REACTION_BUCKETS,
    RESOLUTION_BUCKETS,
    TOTAL,
    WAIT_BUCKETS,
    RequestStats,
)
from core.timeutil import local_day, utcnow
from db.calendar import is_configured, load_calendar, request_times
from db.connection import db_path
from db.directory import directory_names
from db.ratings import has_requests, request_day_span
from db.requests import dimension_values, request_stats
from ui import texts
from ui.auth import guard
from ui.data import get_db, settings
from ui.drill import (
    Drill,
    Mapper,
    drill_metrics,
    drill_table,
    open_drill,
    period_drill,
    show_drill,
)
from ui.fmt import fmt_date, fmt_int, fmt_num, fmt_pct, fmt_share
from ui.remote import show_sessions
from ui.sla import show_sla
from ui.texts import drill as D
from ui.texts import stats as S
from ui.widgets import download_xlsx, plain

COMPARE_LIMIT = 30
PAGE = "request_stats"
RATING_COLORS = {"1-3": "#d9363e", "none": "#b8bcc4", "4-5": "#2e9d5b"}
RESOLUTION_COLORS = {"<1h": "#2e9d5b", "1-24h": "#f2b134", "24h+": "#d9363e", "": "#b8bcc4"}
Filters = tuple[tuple[str, tuple[str, ...]], ...]
# Vega formats numbers the English way: non-breaking spaces for thousands, a decimal comma.
RU_AXIS = alt.Axis(labelExpr="replace(replace(datum.label, /,/g, '\u00a0'), /[.]/g, ',')")

actor = guard("request_stats")
tz = str(settings()["timezone"])
db_file = str(db_path())


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_choices(db_file: str) -> dict[str, list[str]]:
    """Organisations, lines and specialists that have closed requests, for the filters."""
    return {column: dimension_values(get_db(), column) for column in ("org", "line", "specialist")}


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_names(db_file: str) -> dict[str, dict[str, str]]:
    """Directory names for the line and specialist filters (GUIDs shown by name)."""
    names = directory_names(get_db())
    return {"line": names["line"], "specialist": names["specialist"]}


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_default_period(db_file: str, today: date) -> tuple[date, date]:
    """The last full quarter, or the quarter of the latest data when that one is empty."""
    quarter = last_full_quarter(today)
    db = get_db()
    return default_period(today, request_day_span(db), has_requests(db, *quarter))


@st.cache_data(ttl=60, max_entries=32, show_spinner=False)
def load_stats(db_file: str, start: date, end: date, filters: Filters) -> RequestStats:
    """The wall-clock report from the rollup (DESIGN §5.2)."""
    return request_stats(get_db(), start, end, dict(filters))


@st.cache_data(ttl=300, max_entries=8, show_spinner=False)
def load_working_stats(
    db_file: str, start: date, end: date, filters: Filters, tz: str
) -> RequestStats:
    """The same report with durations in working time of the business calendar."""
    db = get_db()
    return working_stats(
        start, end, request_times(db, start, end, dict(filters)), load_calendar(db), tz
    )


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_calendar_note(db_file: str) -> str:
    """How the working-time calendar looks, in one line."""
    db = get_db()
    if not is_configured(db):
        return texts.STATS_WORKING_DEFAULT
    calendar = load_calendar(db)
    hours = fmt_num(working_minutes_per_week(calendar) / 60, 1)
    return texts.STATS_WORKING_CUSTOM.format(hours=hours, days=fmt_int(len(calendar.days)))


def query_day(text: str | None, default: date) -> date:
    """A day from the address (YYYY-MM-DD), the default when absent or unreadable."""
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


def bucket(kind: str, code: str) -> str:
    """A bucket code as the Russian label of the seed's table."""
    return texts.STATS_BUCKETS[kind].get(code, code)


def present(stats: RequestStats, kind: str, order: tuple[str, ...]) -> list[str]:
    """The standard buckets plus 'not measured' when some cell has it."""
    extra = [NO_BUCKET] if any(getattr(c, kind) == NO_BUCKET for c in stats.cells) else []
    return [*order, *extra]


def tree_frame(stats: RequestStats, wait: str) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """One wait block of the seed's tree: reaction -> resolution -> ratings, as a readable table;
    and each row's (reaction, resolution) codes, for the drill-down."""
    rows, keys = [], []
    for reaction in present(stats, "reaction", REACTION_BUCKETS):
        reaction_total = stats.count(wait=wait, reaction=reaction)
        if reaction == NO_BUCKET and not reaction_total:
            continue
        for i, resolution in enumerate(present(stats, "resolution", RESOLUTION_BUCKETS)):
            cell_total = stats.count(wait=wait, reaction=reaction, resolution=resolution)
            if resolution == NO_BUCKET and not cell_total:
                continue
            row = {
                texts.STATS_COL_REACTION: bucket("reaction", reaction) if i == 0 else "",
                texts.STATS_COL_REACTION_TOTAL: fmt_int(reaction_total) if i == 0 else "",
                texts.STATS_COL_RESOLUTION: bucket("resolution", resolution),
                texts.STATS_COL_RESOLUTION_TOTAL: fmt_int(cell_total),
            }
            for rating in RATING_BUCKETS:
                row[texts.STATS_RATING_COLUMNS[rating]] = fmt_int(
                    stats.count(wait=wait, reaction=reaction, resolution=resolution, rating=rating)
                )
            rows.append(row)
            keys.append((reaction, resolution))
    return pd.DataFrame(rows), keys


# ---- drill-down: which requests each number stands for (issue 14, item 5) --------------------

RATING_BY_COLUMN = {
    **{texts.STATS_RATING_COLUMNS[r]: r for r in RATING_BUCKETS},
    texts.STATS_COL_UNHAPPY: "1-3",
    texts.STATS_COL_SHARE_OF.format(column=texts.STATS_COL_UNHAPPY): "1-3",
    texts.STATS_COL_NO_RATING: "none",
    texts.STATS_COL_SHARE_OF.format(column=texts.STATS_COL_NO_RATING): "none",
    texts.STATS_COL_HAPPY: "4-5",
    texts.STATS_COL_SHARE_OF.format(column=texts.STATS_COL_HAPPY): "4-5",
}


def by_rating(drill: Drill, rating: str) -> Drill:
    """The figure narrowed to one rating group."""
    return drill.narrowed(
        D.PART.format(label=texts.STATS_COL_RATING, value=bucket("rating", rating)),
        buckets=drill.with_bucket("rating_b", rating),
    )


def by_bucket(drill: Drill, kind: str, code: str) -> Drill:
    """The figure narrowed to one wait, reaction or resolution bucket."""
    label = {"wait": texts.STATS_COL_WAIT, "reaction": texts.STATS_COL_REACTION,
             "resolution": texts.STATS_COL_RESOLUTION}[kind]  # fmt: skip
    return drill.narrowed(
        D.PART.format(label=label, value=bucket(kind, code)),
        buckets=drill.with_bucket(f"{kind}_b", code),
    )


def rated(drill: Drill) -> Drill:
    return drill.narrowed(D.RATED, buckets=drill.with_bucket("rating_b", "1-3", "4-5"))


def summary_mapper(base: Drill, stats: RequestStats) -> Mapper:
    """A cell of «Работа с обращениями»: its resolution row (the totals row: all) and rating."""
    codes = [s.resolution for s in stats.summary_with_total()]

    def pick(row: int, column: str) -> Drill | None:
        drill = base
        if codes[row] != TOTAL:
            drill = by_bucket(drill, "resolution", codes[row])
        rating = RATING_BY_COLUMN.get(column)
        return by_rating(drill, rating) if rating else drill

    return pick


def tree_mapper(base: Drill, wait: str, keys: list[tuple[str, str]]) -> Mapper:
    """A cell of a wait block: its reaction (and resolution, and rating) under that wait."""

    def pick(row: int, column: str) -> Drill | None:
        reaction, resolution = keys[row]
        drill = by_bucket(by_bucket(base, "wait", wait), "reaction", reaction)
        if column in (texts.STATS_COL_REACTION, texts.STATS_COL_REACTION_TOTAL):
            return drill
        drill = by_bucket(drill, "resolution", resolution)
        rating = RATING_BY_COLUMN.get(column)
        return by_rating(drill, rating) if rating else drill

    return pick


def compare_mapper(base: Drill, orgs: list[str]) -> Mapper:
    """A cell of the comparison: that organisation, and its resolution share or rating group."""
    resolution_by_column = {texts.STATS_SUMMARY_ROWS[c]: c for c in RESOLUTION_BUCKETS}

    def pick(row: int, column: str) -> Drill | None:
        org = orgs[row]
        filters = (*[f for f in base.filters if f[0] != "org"], ("org", (org,)))
        drill = base.narrowed(
            D.PART.format(label=texts.STATS_COL_ORG, value=org or texts.STATS_NO_ORG),
            filters=filters,
        )
        if column in resolution_by_column:
            return by_bucket(drill, "resolution", resolution_by_column[column])
        if column == texts.STATS_COL_AVERAGE:
            return rated(drill)
        rating = RATING_BY_COLUMN.get(column)
        return by_rating(drill, rating) if rating else drill

    return pick


def cells_frame(stats: RequestStats) -> pd.DataFrame:
    """Every non-empty cell as a flat table (the export's first sheet)."""
    return pd.DataFrame(
        [
            {
                texts.STATS_COL_WAIT: bucket("wait", c.wait),
                texts.STATS_COL_REACTION: bucket("reaction", c.reaction),
                texts.STATS_COL_RESOLUTION: bucket("resolution", c.resolution),
                texts.STATS_COL_RATING: bucket("rating", c.rating),
                texts.STATS_COL_COUNT: c.count,
            }
            for c in stats.cells
        ],
        columns=[texts.STATS_COL_WAIT, texts.STATS_COL_REACTION, texts.STATS_COL_RESOLUTION,
                 texts.STATS_COL_RATING, texts.STATS_COL_COUNT],
    )  # fmt: skip


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def summary_rows(stats: RequestStats) -> list[dict[str, Any]]:
    """«Работа с обращениями» as numbers: one row per resolution bucket plus the totals row."""
    return [
        {"label": texts.STATS_SUMMARY_ROWS.get(s.resolution, texts.STATS_SUMMARY_TOTAL),
         "count": s.count, "share": s.share, "unhappy": s.unhappy, "no_rating": s.no_rating,
         "happy": s.happy}
        for s in stats.summary_with_total()
    ]  # fmt: skip


def summary_columns() -> list[str]:
    share_of = texts.STATS_COL_SHARE_OF
    return [
        texts.STATS_SUMMARY_TITLE, texts.STATS_COL_CLOSED, texts.STATS_COL_SHARE,
        texts.STATS_COL_UNHAPPY, share_of.format(column=texts.STATS_COL_UNHAPPY),
        texts.STATS_COL_NO_RATING, share_of.format(column=texts.STATS_COL_NO_RATING),
        texts.STATS_COL_HAPPY, share_of.format(column=texts.STATS_COL_HAPPY),
    ]  # fmt: skip


def summary_frame(stats: RequestStats, formatted: bool) -> pd.DataFrame:
    """The seed's summary table: closed within <1h / 1–24h / 24h+ × unhappy / none / happy."""
    number = fmt_int if formatted else (lambda v: v)
    percent = fmt_share if formatted else (lambda v: round(v, 4))
    data = [
        [r["label"], number(r["count"]), percent(r["share"]),
         number(r["unhappy"]), percent(share(r["unhappy"], r["count"])),
         number(r["no_rating"]), percent(share(r["no_rating"], r["count"])),
         number(r["happy"]), percent(share(r["happy"], r["count"]))]
        for r in summary_rows(stats)
    ]  # fmt: skip
    return pd.DataFrame(data, columns=summary_columns())


def chart(stats: RequestStats) -> alt.Chart:
    """Stacked bars: closed requests by resolution time, split by rating."""
    data = pd.DataFrame(
        [
            {"resolution": bucket("resolution", s.resolution), "order": i,
             "rating": bucket("rating", rating), "rating_order": j, "count": value}
            for i, s in enumerate(stats.summary)
            for j, (rating, value) in enumerate(
                (("1-3", s.unhappy), ("none", s.no_rating), ("4-5", s.happy))
            )
        ]
    )  # fmt: skip
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "resolution:N",
                title=texts.STATS_COL_RESOLUTION,
                sort=[bucket("resolution", s.resolution) for s in stats.summary],
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("count:Q", title=texts.STATS_COL_COUNT, stack="zero", axis=RU_AXIS),
            color=alt.Color(
                "rating:N",
                title=texts.STATS_COL_RATING,
                scale=alt.Scale(
                    domain=[bucket("rating", r) for r in RATING_BUCKETS],
                    range=[RATING_COLORS[r] for r in RATING_BUCKETS],
                ),
            ),
            order=alt.Order("rating_order:Q"),
            tooltip=[
                alt.Tooltip("resolution:N", title=texts.STATS_COL_RESOLUTION),
                alt.Tooltip("rating:N", title=texts.STATS_COL_RATING),
                alt.Tooltip("count:Q", title=texts.STATS_COL_COUNT, format=",d"),
            ],
        )  # fmt: skip
        .properties(height=320)
    )


def compare_rows(per_org: list[tuple[str, RequestStats]]) -> list[dict[str, Any]]:
    """One summary line per organisation: counts, resolution shares, ratings, average."""
    rows = []
    for org, stats in per_org:
        by_resolution = {s.resolution: s.count for s in stats.summary}
        row: dict[str, Any] = {texts.STATS_COL_ORG: org or texts.STATS_NO_ORG,
                               texts.STATS_COL_CLOSED: stats.total}  # fmt: skip
        for code in RESOLUTION_BUCKETS:
            row[texts.STATS_SUMMARY_ROWS[code]] = share(by_resolution.get(code, 0), stats.total)
        row[texts.STATS_COL_UNHAPPY] = stats.unhappy
        row[texts.STATS_COL_NO_RATING] = stats.total - stats.rated
        row[texts.STATS_COL_HAPPY] = stats.rated - stats.unhappy
        row[texts.STATS_COL_AVERAGE] = stats.average
        rows.append(row)
    return rows


@st.cache_data(ttl=60, max_entries=8, show_spinner=False)
def load_compare(
    db_file: str, start: date, end: date, filters: Filters, orgs: tuple[str, ...]
) -> list[tuple[str, RequestStats]]:
    """The report once per organisation (the rollup makes each one a small GROUP BY)."""
    base = {k: v for k, v in dict(filters).items() if k != "org"}
    return [(org, request_stats(get_db(), start, end, {**base, "org": [org]})) for org in orgs]


def compare_chart(per_org: list[tuple[str, RequestStats]]) -> alt.Chart:
    """Each organisation's closed requests by resolution time, as 100 % bars."""
    data = pd.DataFrame(
        [
            {"org": org or texts.STATS_NO_ORG, "resolution": bucket("resolution", s.resolution),
             "order": i, "count": s.count}
            for org, stats in per_org
            for i, s in enumerate(stats.summary)
        ]
    )  # fmt: skip
    codes = [
        *RESOLUTION_BUCKETS,
        *([NO_BUCKET] if (data["resolution"] == bucket("resolution", NO_BUCKET)).any() else []),
    ]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("org:N", title=texts.STATS_COL_ORG, sort=None),
            x=alt.X(
                "count:Q", title=texts.STATS_COL_SHARE, stack="normalize", axis=alt.Axis(format="%")
            ),
            color=alt.Color(
                "resolution:N",
                title=texts.STATS_COL_RESOLUTION,
                scale=alt.Scale(
                    domain=[bucket("resolution", c) for c in codes],
                    range=[RESOLUTION_COLORS[c] for c in codes],
                ),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("org:N", title=texts.STATS_COL_ORG),
                alt.Tooltip("resolution:N", title=texts.STATS_COL_RESOLUTION),
                alt.Tooltip("count:Q", title=texts.STATS_COL_COUNT, format=",d"),
            ],
        )  # fmt: skip
        .properties(height=max(160, 28 * len(per_org)))
    )


# ---- sections ----------------------------------------------------------------------------

# Fixed widths: every header reads whole, and each number sits where a click expects it
# (tests/browser/test_drill.py clicks by these widths).
SUMMARY_WIDTHS = (250, 110, 150, 110, 210, 110, 210, 110, 210)
COMPARE_WIDTHS = (220, 100, 200, 230, 230, 110, 110, 100, 140)


def show_summary(stats: RequestStats, base: Drill, working: bool) -> None:
    """«Работа с обращениями»: each number opens its requests."""
    st.subheader(texts.STATS_SUMMARY_TITLE)
    st.caption(D.WORKING_NOTE if working else D.TABLE_HELP)
    summary = summary_frame(stats, formatted=True)
    drill_table(
        PAGE, summary, "request_stats_summary", summary_mapper(base, stats), renew=True,
        column_config={c: st.column_config.Column(width=w)
                       for c, w in zip(summary.columns, SUMMARY_WIDTHS, strict=True)},
    )  # fmt: skip


def show_tree(stats: RequestStats, base: Drill) -> None:
    """Seed 004's tree: a block per wait, its header and every number open their requests."""
    st.subheader(texts.STATS_TREE_TITLE)
    st.caption(texts.STATS_TREE_CAPTION)
    for wait in present(stats, "wait", WAIT_BUCKETS):
        wait_total = stats.count(wait=wait)
        if wait == NO_BUCKET and not wait_total:
            continue
        block = WAIT_BUCKETS.index(wait) if wait in WAIT_BUCKETS else "none"
        header = texts.STATS_WAIT_HEADER.format(
            bucket=bucket("wait", wait), count=fmt_int(wait_total)
        )
        with st.container(border=True):
            st.button(f"**{header}**", key=f"request_stats_wait_{block}", type="tertiary",
                      on_click=open_drill, args=(PAGE, by_bucket(base, "wait", wait)),
                      help=D.TABLE_HELP)  # fmt: skip
            tree, keys = tree_frame(stats, wait)
            drill_table(PAGE, tree, f"request_stats_tree_{block}", tree_mapper(base, wait, keys),
                        renew=True)  # fmt: skip


def show_compare(base: Drill, working: bool) -> pd.DataFrame:
    """Each organisation's summary (the chosen ones, else all, up to COMPARE_LIMIT) as a table
    whose numbers open their requests, and as 100 % bars; returns the table for the export."""
    st.subheader(texts.STATS_COMPARE_TITLE)
    st.caption(S.COMPARE_CAPTION)
    orgs = tuple(picked["org"] or choices["org"])
    if len(orgs) > COMPARE_LIMIT:
        st.caption(texts.STATS_COMPARE_LIMIT.format(count=COMPARE_LIMIT))
        orgs = orgs[:COMPARE_LIMIT]
    per_org = (
        [(org, load_working_stats(db_file, start, end, (*[f for f in filters if f[0] != "org"],
                                                          ("org", (org,))), tz))
         for org in orgs]
        if working
        else load_compare(db_file, start, end, filters, orgs)
    )  # fmt: skip
    compared = pd.DataFrame(compare_rows(per_org))
    shown = compared.copy()
    for column in shown.columns[1:]:
        if column in texts.STATS_SUMMARY_ROWS.values():
            shown[column] = shown[column].map(fmt_pct)
        elif column == texts.STATS_COL_AVERAGE:
            shown[column] = shown[column].map(lambda v: fmt_num(v, 2))
        else:
            shown[column] = shown[column].map(fmt_int)
    drill_table(
        PAGE, shown, "request_stats_compare_table",
        compare_mapper(base, [org for org, _ in per_org]), renew=True,
        column_config={c: st.column_config.Column(width=w)
                       for c, w in zip(shown.columns, COMPARE_WIDTHS, strict=True)},
    )  # fmt: skip
    st.altair_chart(compare_chart(per_org), width="stretch", key="request_stats_compare_chart")
    return compared


# ---- page ------------------------------------------------------------------------------------

st.title(texts.STATS_TITLE)
choices = load_choices(db_file)
if request_day_span(get_db()) is None:
    st.info(texts.STATS_NO_REQUESTS)
    st.stop()

shown_names = load_names(db_file)
today = date.fromisoformat(local_day(utcnow(), tz))
default_start, default_end = load_default_period(db_file, today)
# a period in the address (?from=2025-01-01&to=2026-01-01) opens the page on it: a link to a
# period can be shared, and `make bench` opens a year this way
default_start = query_day(st.query_params.get("from"), default_start)
default_end = query_day(st.query_params.get("to"), default_end)
top = st.columns([1.3, 1.3, 2, 2, 2])
start = top[0].date_input(
    texts.DATE_FROM, value=default_start, format="DD.MM.YYYY", key="request_stats_from"
)
end = top[1].date_input(
    texts.DATE_TO, value=default_end, format="DD.MM.YYYY", key="request_stats_to"
)
picked: dict[str, list[str]] = {}
for column, label, box in (("org", texts.STATS_FILTER_ORG, top[2]),
                           ("line", texts.STATS_FILTER_LINE, top[3]),
                           ("specialist", texts.STATS_FILTER_SPECIALIST, top[4])):  # fmt: skip
    picked[column] = box.multiselect(
        label,
        choices[column],
        placeholder=texts.ALL,
        key=f"request_stats_{column}",
        format_func=lambda v, column=column: shown_names.get(column, {}).get(v, v),
    )
switches = st.columns([1.2, 3.2])
working = switches[0].toggle(
    texts.STATS_WORKING, key="request_stats_working", help=texts.STATS_WORKING_HELP
)
# One section at a time (issue 14, item 11): a year's page drew a dozen tables and two charts
# before it stood still; the hidden sections are not computed at all (st.tabs would run them).
sections = [k for k in S.SECTIONS if k != "compare" or len(choices["org"]) > 1]
section = switches[1].segmented_control(
    S.SECTION, sections, default="tree", required=True, format_func=S.SECTIONS.get,
    key="request_stats_section", help=S.SECTION_HELP,
)  # fmt: skip

if end <= start:
    st.warning(texts.STATS_BAD_PERIOD)
    st.stop()

filters: Filters = tuple((k, tuple(v)) for k, v in picked.items() if v)
stats = (
    load_working_stats(db_file, start, end, filters, tz)
    if working
    else load_stats(db_file, start, end, filters)
)
st.caption(
    texts.STATS_PERIOD_CAPTION.format(
        start=fmt_date(start), end=fmt_date(end - timedelta(days=1)), tz=plain(tz)
    )
)
if working:
    st.caption(texts.STATS_WORKING_ON.format(week=load_calendar_note(db_file)))
if not stats.total:
    st.info(texts.STATS_NO_DATA)
    st.stop()

base = period_drill(D.CLOSED, start, end, filters, status="closed")
if working:  # a time cell lists the requests it counts in working minutes
    base = base.narrowed(S.IN_WORKING_MINUTES, working_tz=tz)
drill_metrics(
    PAGE,
    [
        (texts.STATS_TOTAL, fmt_int(stats.total), base),
        (texts.STATS_AVERAGE, fmt_num(stats.average, 2), rated(base)),
        (texts.STATS_RATED, fmt_int(stats.rated), rated(base)),
        (texts.STATS_UNHAPPY, f"{fmt_int(stats.unhappy)} ({fmt_pct(stats.unhappy_share, 1)})",
         by_rating(base, "1-3")),
    ],
    key=PAGE,
)  # fmt: skip

sheets = {
    texts.STATS_SHEET_TREE: cells_frame(stats),
    texts.STATS_SHEET_SUMMARY: summary_frame(stats, formatted=False),
}
if section == "tree":
    show_summary(stats, base, working)
    show_tree(stats, base)
    st.altair_chart(chart(stats), width="stretch", key="request_stats_chart")
elif section == "compare":
    sheets[texts.STATS_SHEET_COMPARE] = show_compare(base, working)
if section in ("tree", "compare"):
    download_xlsx(
        sheets,
        texts.STATS_FILE.format(start=start.isoformat(), end=end.isoformat()),
        key="request_stats_xlsx",
    )
# issue 14: remote access beside the requests, SLA, and the requests behind any figure
if section == "sla":
    show_sla(db_file, start, end, filters, tz, working, actor, PAGE)
if section == "remote":
    show_sessions(db_file, start, end, tuple(picked["specialist"]))
show_drill(PAGE, tz)
