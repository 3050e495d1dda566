"""«Онлайн-монитор»: the live request queue for a wall screen, refreshed in place (seed 004)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from core.roles import Action, PermissionDenied, can
from core.timeutil import DEFAULT_TZ, utcnow
from db.alerts import AlertNotFound, ack_alert
from db.connection import db_path
from db.monitor import monitor_snapshot
from db.settings import get_settings
from ui import texts
from ui.auth import callback_actor, fragment_guard, guard
from ui.data import after_write, get_db, settings
from ui.drill import (
    LIVE_TTL_S,
    Drill,
    card_style,
    drill_metrics,
    drill_table,
    open_drill,
    show_drill,
)
from ui.fmt import fmt_dt, fmt_int, fmt_minutes, fmt_num
from ui.monitor_drill import (
    drill_named,
    figure_drills,
    line_bars,
    line_drill,
    request_drill,
    specialist_bars,
    specialist_drill,
)
from ui.texts import monitor as TM
from ui.texts import security as ST
from ui.widgets import download_xlsx, plain

ALERT_LIMIT = 50
PAGE = "monitor"
BAR_PARAM = "bar"  # the charts' point selection
DRILL_PARAM = "drill"  # the open list's title in the address
LINK_READ_KEY = "monitor_drill_link_read"
NOTICE_KEY = "monitor_notice"


@st.cache_data(ttl=LIVE_TTL_S, max_entries=4, show_spinner=False)
def load_snapshot(db_file: str) -> dict[str, Any]:
    """Read one refresh (alerts are raised by the worker's `alerts` job); shared briefly by every
    screen watching."""
    db = get_db()
    return monitor_snapshot(db, utcnow(), get_settings(db), ALERT_LIMIT)


def _ack(alert_id: int) -> None:
    """Button callback: acknowledge one alert as the current user (the db refuses a viewer)."""
    current = callback_actor(f"alert.ack {alert_id}")  # the session may have ended since
    if current is None:
        st.session_state[NOTICE_KEY] = ("error", ST.WRITE_REFUSED)
        return
    try:
        done = ack_alert(get_db(), current, alert_id)
    except PermissionDenied:
        st.session_state[NOTICE_KEY] = ("error", texts.PERMISSION_DENIED)
        return
    except AlertNotFound:
        done = False
    st.session_state[NOTICE_KEY] = (
        ("success", texts.MONITOR_ACK_DONE) if done else ("warning", texts.MONITOR_ACK_GONE)
    )
    after_write()


def queue_frame(rows: list[dict[str, Any]], tz: str, specialist: bool = True) -> pd.DataFrame:
    """The open queue as a table with Russian headers (times local, waits readable)."""
    columns = {
        texts.MONITOR_COL_ID: [r["id"] for r in rows],
        texts.MONITOR_COL_WAIT: [fmt_minutes(r["wait_minutes"]) for r in rows],
        texts.MONITOR_COL_STATE: [texts.MONITOR_STATES[r["state"]] for r in rows],
        texts.MONITOR_COL_LINE: [r["line"] or texts.MONITOR_NO_LINE for r in rows],
        texts.MONITOR_COL_CLIENT: [r["client"] for r in rows],
        texts.MONITOR_COL_SPECIALIST: [r["specialist"] for r in rows],
        texts.MONITOR_COL_CREATED: [fmt_dt(r["created_at"], tz) for r in rows],
    }
    if not specialist:
        del columns[texts.MONITOR_COL_SPECIALIST]
    return pd.DataFrame(columns, columns=list(columns))


def export_frames(snap: dict[str, Any], tz: str) -> dict[str, pd.DataFrame]:
    """The workbook behind the download: the whole open queue and the open alerts."""
    queue = queue_frame(snap["queue"], tz)
    queue[texts.MONITOR_COL_WAIT_MIN] = [
        round(r["wait_minutes"], 1) if r["wait_minutes"] is not None else None
        for r in snap["queue"]
    ]
    alerts = pd.DataFrame(
        {
            texts.MONITOR_COL_KIND: [texts.MONITOR_ALERT_KINDS[a["kind"]] for a in snap["alerts"]],
            texts.MONITOR_COL_ID: [a["request_id"] for a in snap["alerts"]],
            texts.MONITOR_COL_CREATED: [fmt_dt(a["created_at"], tz) for a in snap["alerts"]],
            texts.MONITOR_COL_CLIENT: [a["client"] for a in snap["alerts"]],
            texts.MONITOR_COL_SPECIALIST: [a["specialist"] for a in snap["alerts"]],
            texts.MONITOR_COL_RATING: [a["rating"] for a in snap["alerts"]],
            texts.MONITOR_COL_COMMENT: [a["comment"] for a in snap["alerts"]],
        }
    )
    return {texts.MONITOR_SHEET_QUEUE: queue, texts.MONITOR_SHEET_ALERTS: alerts}


def load_chart(
    frame: pd.DataFrame, name_column: str, fields: list[str] | None = None
) -> tuple[alt.Chart, int]:
    """Horizontal bars, longest first, stacked by state when the frame has one; and its height.
    With `fields` a click on a bar selects it by those columns (drawn as SVG: each bar is an
    element a screen reader, and a test, can find by its label)."""
    encode: dict[str, Any] = {
        "x": alt.X(
            f"{texts.MONITOR_CHART_COUNT}:Q",
            title=texts.MONITOR_CHART_COUNT,
            axis=alt.Axis(tickMinStep=1, format="d"),
        ),
        "y": alt.Y(f"{name_column}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
        "tooltip": list(frame.columns),
    }
    if texts.MONITOR_CHART_SERIES in frame.columns:
        encode["color"] = alt.Color(
            f"{texts.MONITOR_CHART_SERIES}:N",
            title=texts.MONITOR_CHART_SERIES,  # a bar's label for screen readers says «Состояние»
            scale=alt.Scale(
                domain=[texts.MONITOR_SERIES_WAITING, texts.MONITOR_SERIES_IN_WORK],
                range=["#e4572e", "#4c78a8"],
            ),
            legend=alt.Legend(orient="bottom", title=None),
        )
    height = 60 + 30 * frame[name_column].nunique()
    chart = alt.Chart(frame).mark_bar(cursor="pointer" if fields else "default").encode(**encode)
    if fields:
        chart = chart.add_params(alt.selection_point(name=BAR_PARAM, fields=fields)).properties(
            usermeta={"embedOptions": {"renderer": "svg"}}
        )
    return chart, height


def bar_key(chart: str) -> str:
    """A chart's widget key: new whenever a list opens (ui.drill's key generation), so a chart
    never remembers a click and the same bar opens its list again."""
    return f"monitor_bars_{chart}_{st.session_state.get(f'{PAGE}_drill_gen', 0)}"


def _on_bar(key: str, pick: Callable[[dict[str, Any]], Drill | None]) -> None:
    """A chart's selection callback: the clicked bar's requests. The selection is widget state,
    not a one-off trigger: a click whose run a refresh overtook comes with the next run."""
    event = st.session_state.get(key) or {}
    points = (event.get("selection") or {}).get(BAR_PARAM) or []
    if isinstance(points, dict):  # Vega-Lite's {field: [values]} form
        points = [{f: v[0] for f, v in points.items() if v}]
    if points:
        open_drill(PAGE, pick(dict(points[0])))


def show_loads(snap: dict[str, Any]) -> None:
    """Per line (waiting vs in work) and per specialist bar charts, one under the other at the
    queue's width (side by side each was ~250 px at 1366 px: legend cut, bars too small to
    aim at); a bar opens its requests."""
    lines_box, people_box = st.container(), st.container()
    with lines_box:
        st.subheader(texts.MONITOR_LOAD_LINES, help=TM.DRILL_BAR_HINT)
        rows = line_bars(snap)
        if rows:
            columns = [
                texts.MONITOR_COL_LINE,
                texts.MONITOR_CHART_SERIES,
                texts.MONITOR_CHART_COUNT,
            ]
            chart, height = load_chart(pd.DataFrame(rows, columns=columns), columns[0], columns[:2])
            key = bar_key("lines")
            st.altair_chart(
                chart, width="stretch", height=height + 40, key=key, selection_mode=BAR_PARAM,
                on_select=partial(_on_bar, key, lambda p: line_drill(
                    snap, str(p.get(columns[0])), str(p.get(columns[1])))),
            )  # fmt: skip
        else:
            st.caption(texts.MONITOR_NO_LOAD)
    with people_box:
        st.subheader(texts.MONITOR_LOAD_SPECIALISTS, help=TM.DRILL_BAR_HINT)
        bars = specialist_bars(snap)
        if bars:
            name = texts.MONITOR_COL_SPECIALIST
            frame = pd.DataFrame(bars, columns=[name, texts.MONITOR_CHART_COUNT])
            chart, height = load_chart(frame, name, [name])
            key = bar_key("specialists")
            st.altair_chart(
                chart, width="stretch", height=height, key=key, selection_mode=BAR_PARAM,
                on_select=partial(_on_bar, key,
                                  lambda p: specialist_drill(snap, str(p.get(name)))),
            )  # fmt: skip
        else:
            st.caption(texts.MONITOR_NO_LOAD)


def show_alerts(snap: dict[str, Any], tz: str, may_ack: bool) -> None:
    """Open alerts, newest first, each with client, specialist, wait or rating and comment."""
    st.subheader(texts.MONITOR_ALERTS)
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        getattr(st, notice[0])(notice[1])
    alerts = snap["alerts"]
    if not alerts:
        st.caption(texts.MONITOR_NO_ALERTS)
        return
    total = sum(snap["alert_counts"].values())
    if total > len(alerts):
        st.caption(
            texts.MONITOR_ALERTS_SHOWN.format(shown=fmt_int(len(alerts)), total=fmt_int(total))
        )
    with st.container(height=760, border=False):
        for alert in alerts:
            with st.container(border=True):
                kind = texts.MONITOR_ALERT_KINDS.get(alert["kind"], alert["kind"])
                st.markdown(
                    texts.MONITOR_ALERT_HEAD.format(
                        kind=kind,
                        request=plain(alert["request_id"]),
                        at=fmt_dt(alert.get("event_at") or alert["created_at"], tz),
                    )
                )
                lines = []
                if alert["client"]:
                    lines.append(texts.MONITOR_ALERT_CLIENT.format(client=plain(alert["client"])))
                if alert["specialist"]:
                    lines.append(
                        texts.MONITOR_ALERT_SPECIALIST.format(specialist=plain(alert["specialist"]))
                    )
                if alert["rating"] is not None:
                    lines.append(texts.MONITOR_ALERT_RATING.format(rating=alert["rating"]))
                elif alert["wait_minutes"] is not None:
                    lines.append(
                        texts.MONITOR_ALERT_WAIT.format(wait=fmt_minutes(alert["wait_minutes"]))
                    )
                if alert["comment"]:
                    lines.append(
                        texts.MONITOR_ALERT_COMMENT.format(comment=plain(alert["comment"]))
                    )
                if lines:
                    st.caption("  \n".join(lines))
                if may_ack:
                    st.button(
                        texts.MONITOR_ACK,
                        key=f"monitor_ack_{alert['id']}",
                        on_click=_ack,
                        args=(alert["id"],),
                        icon=":material/done:",
                    )


def queue_drill(rows: list[dict[str, Any]]) -> Callable[[int, str], Drill | None]:
    """A row of the waiting queue: that request."""

    def pick(row: int, column: str) -> Drill | None:
        return request_drill(rows[row]["id"])

    return pick


def keep_drill_link(snap: dict[str, Any], drills: dict[str, Drill | None]) -> None:
    """The open list's title in the address (`?drill=`): a reload of the page, or the link sent
    to a colleague, opens the same list on the first run; closing the list takes it away."""
    if not st.session_state.get(LINK_READ_KEY):  # once per session: the address as it came
        st.session_state[LINK_READ_KEY] = True
        title = st.query_params.get(DRILL_PARAM)
        if title and st.session_state.get(f"{PAGE}_drill") is None:
            found = drill_named(snap, drills, title)
            if found is not None:
                open_drill(PAGE, found)
    drill = st.session_state.get(f"{PAGE}_drill")
    if drill is None and DRILL_PARAM in st.query_params:
        del st.query_params[DRILL_PARAM]
    elif drill is not None and st.query_params.get(DRILL_PARAM) != drill.title:
        st.query_params[DRILL_PARAM] = drill.title


def show_live(period: int, may_ack: bool) -> None:
    """One refresh of the whole monitor (runs again every `period` seconds inside a fragment)."""
    fragment_guard("monitor")  # a revoked session or a disabled user gets nothing from here on
    conf = settings()
    tz = str(conf.get("timezone") or DEFAULT_TZ)
    snap = load_snapshot(str(db_path()))
    today = snap["today"]
    st.caption(texts.MONITOR_CAPTION.format(at=fmt_dt(snap["at"], tz), seconds=fmt_int(period)))
    if not snap["open"] and not today["created"] and not today["closed"]:
        st.info(texts.MONITOR_EMPTY)
    drills = figure_drills(get_db(), snap, conf)
    keep_drill_link(snap, drills)
    drill_metrics(
        PAGE,
        [
            (texts.MONITOR_OPEN, fmt_int(snap["open"]), drills["open"]),
            (texts.MONITOR_WAITING, fmt_int(snap["waiting_unassigned"]), drills["waiting"]),
            (texts.MONITOR_OLDEST, fmt_minutes(snap["oldest_wait_minutes"]), drills["oldest"]),
            (texts.MONITOR_MISSED_TODAY, fmt_int(today["missed"]), drills["missed"]),
        ],
        key="monitor_queue",
        style=False,
        sticky=True,
    )
    drill_metrics(
        PAGE,
        [
            (texts.MONITOR_LOW_TODAY, fmt_int(today["low_ratings"]), drills["low"]),
            (texts.MONITOR_CREATED_TODAY, fmt_int(today["created"]), drills["created"]),
            (texts.MONITOR_CLOSED_TODAY, fmt_int(today["closed"]), drills["closed"]),
            (texts.MONITOR_AVERAGE_TODAY, fmt_num(today["average_rating"], 2), drills["rated"]),
            (texts.MONITOR_OPEN_ALERTS, fmt_int(sum(snap["alert_counts"].values())),
             drills["alerts"]),
        ],
        key="monitor_today",
        style=False,
        sticky=True,
    )  # fmt: skip
    show_drill(PAGE, tz, inline=True)  # the list refreshes with the figures
    leads = snap["leads_pending"]
    if leads["count"]:
        st.warning(
            texts.MONITOR_LEADS_PENDING.format(
                count=fmt_int(leads["count"]),
                minutes=fmt_int(leads["threshold_minutes"]),
                oldest=fmt_minutes(leads["oldest_minutes"]),
            ),
            icon=":material/storefront:",
        )
        st.page_link(
            "app_pages/leads.py", label=texts.MONITOR_LEADS_LINK, icon=":material/storefront:"
        )
    if snap.get("sla_near"):  # issue 14: 80 % of a first-reply target used
        st.warning(
            TM.SLA_MONITOR_WARNING.format(
                count=fmt_int(len(snap["sla_near"])),
                items="; ".join(
                    TM.SLA_MONITOR_ITEM.format(
                        client=plain(r["client"] or r["id"]),
                        line=plain(r["line"] or texts.MONITOR_NO_LINE),
                        minutes=fmt_int(r["sla_minutes"]),
                        target=fmt_int(r["sla_target"]),
                    )
                    for r in snap["sla_near"][:5]
                ),
            ),
            icon=":material/timer:",
        )
    queue_col, alerts_col = st.columns([3, 2])
    with queue_col:
        st.subheader(texts.MONITOR_WAITING_TITLE)
        if snap["waiting"]:
            drill_table(PAGE, queue_frame(snap["waiting"], tz, specialist=False),
                        "monitor_waiting", queue_drill(snap["waiting"]))  # fmt: skip
        else:
            st.success(texts.MONITOR_NO_WAITING)
        download_xlsx(
            export_frames(snap, tz),
            texts.MONITOR_EXPORT_FILE,
            key="monitor_export_xlsx",
            label=texts.MONITOR_EXPORT,
        )
        show_loads(snap)
    with alerts_col:
        show_alerts(snap, tz, may_ack)


actor = guard("monitor")
if st.query_params.get("kiosk") == "1":  # issue 14: the wall-screen view
    st.switch_page("app_pages/wall.py")
st.html(
    "<style>[data-testid='stMetricValue']{font-size:2.6rem;font-weight:600}"
    "[data-testid='stMetricLabel'] p{font-size:1.05rem}</style>"
)
card_style()  # the figure cards open their lists (outside the refreshing fragment)
st.title(texts.MONITOR_TITLE)
default_period = int(settings().get("monitor_refresh_seconds") or 10)
with st.sidebar:
    st.page_link("app_pages/wall.py", label=TM.WALL_OPEN_LINK, icon=":material/tv:")
    refresh = int(
        st.number_input(
            texts.MONITOR_REFRESH,
            min_value=2,
            max_value=600,
            value=default_period,
            step=1,
            help=texts.MONITOR_REFRESH_HELP,
            key="monitor_refresh",
        )
    )
st.fragment(run_every=timedelta(seconds=refresh))(show_live)(
    refresh, can(actor.role, Action.ACK_ALERTS)
)
