"""The wall screen (issue 14, item 6): the live monitor as one HTML block that fits a 1920×1080 or
1366×768 screen whole — type scaled to the screen, whole columns (text wraps, never cut), a fixed
number of rows with «и ещё N», every alert with the time its event happened. Text from outside
(client, line and specialist names, comments) is escaped."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from core.timeutil import from_stored, to_local
from ui import texts
from ui.fmt import fmt_int, fmt_minutes, fmt_num
from ui.texts import monitor as T

QUEUE_ROWS = 8
ALERT_ROWS = 6
LINE_ROWS = 6

STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {display: none !important;}
[data-testid="stMainBlockContainer"], .block-container {padding: 1.2vh 1.4vw 0 1.4vw !important; max-width: 100% !important;}
[data-testid="stAppViewContainer"] {overflow: hidden;}
.wall {font-size: clamp(11px, min(1.15vw, 2.05vh), 30px); line-height: 1.25; color: #1f2430;
  height: 96vh; display: flex; flex-direction: column; gap: 1.1vh; overflow: hidden;}
.wall h2 {font-size: 1.15em; margin: 0 0 .35em 0; padding: 0; font-weight: 700;}
.wall-top {display: flex; align-items: baseline; gap: 1em;}
.wall-top h1.t {font-size: 1.6em; font-weight: 800; margin: 0; padding: 0; line-height: 1.2;}
.wall-top .at {color: #5b6170;}
.wall-metrics {display: grid; grid-template-columns: repeat(8, minmax(0, 1fr)); gap: .6vw;}
.wall-m {background: #f3f5f9; border-radius: .4em; padding: .35em .5em;}
.wall-m .v {font-size: 2.1em; font-weight: 800; line-height: 1.05; white-space: nowrap;}
.wall-m .v.long {font-size: 1.45em; line-height: 1.5;}
.wall-m .l {font-size: .82em; color: #4a5060;}
.wall-m.bad .v {color: #c62828;}
.wall-main {flex: 1; min-height: 0; display: grid; grid-template-columns: 57fr 43fr; gap: 1.4vw;}
.wall-col {min-height: 0; min-width: 0; display: flex; flex-direction: column; gap: 1vh; overflow: hidden;}
table.wall-q {width: 100%; border-collapse: collapse; table-layout: fixed;}
table.wall-q th {text-align: left; font-size: .8em; color: #4a5060; font-weight: 600;
  border-bottom: 2px solid #cfd4de; padding: .15em .35em;}
table.wall-q td {padding: .22em .35em; border-bottom: 1px solid #e3e6ee; vertical-align: top;
  overflow-wrap: anywhere;}
table.wall-q td.w {font-weight: 700; white-space: nowrap;}
tr.missed td.w {color: #c62828;} tr.warning td.w {color: #d97706;}
.wall-more {color: #5b6170; font-size: .85em; margin-top: .2em;}
.wall-bar {display: grid; grid-template-columns: 34% 1fr 3.2em; align-items: center; gap: .5em; margin: .18em 0;}
.wall-bar .n {overflow-wrap: anywhere;}
.wall-bar .b {display: flex; height: .9em; background: #eef0f5; border-radius: .2em; overflow: hidden;}
.wall-bar .b span.w {background: #e4572e;} .wall-bar .b span.i {background: #4c78a8;}
.wall-bar .c {text-align: right; white-space: nowrap; font-weight: 600;}
.wall-a {border-left: .3em solid #c62828; background: #fbf4f4; padding: .3em .55em; border-radius: .25em;}
.wall-a.wait_warning {border-color: #d97706; background: #fdf8ef;}
.wall-a .h {font-weight: 700;} .wall-a .s {color: #4a5060; font-size: .88em;}
.wall-a .c {font-size: .88em; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden;}
.wall-alerts {display: flex; flex-direction: column; gap: .6vh;}
.wall-lead {background: #fff4e0; border-radius: .3em; padding: .3em .6em; font-weight: 600;}
</style>
"""


def _e(value: Any) -> str:
    return escape(str(value if value is not None else ""), quote=True)


def _time(value: str | None, tz: str, today: str) -> str:
    """HH:MM today, dd.MM HH:MM another day."""
    moment = from_stored(value)
    if moment is None:
        return "—"
    local = to_local(moment, tz)
    return (
        local.strftime("%H:%M")
        if local.date().isoformat() == today
        else local.strftime("%d.%m %H:%M")
    )


def metrics_html(snap: dict[str, Any]) -> str:
    today = snap["today"]
    items = [
        (texts.MONITOR_OPEN, fmt_int(snap["open"]), False),
        (
            texts.MONITOR_WAITING,
            fmt_int(snap["waiting_unassigned"]),
            snap["waiting_unassigned"] > 0,
        ),
        (texts.MONITOR_OLDEST, fmt_minutes(snap["oldest_wait_minutes"]), False),
        (texts.MONITOR_MISSED_TODAY, fmt_int(today["missed"]), today["missed"] > 0),
        (texts.MONITOR_LOW_TODAY, fmt_int(today["low_ratings"]), today["low_ratings"] > 0),
        (texts.MONITOR_CREATED_TODAY, fmt_int(today["created"]), False),
        (texts.MONITOR_CLOSED_TODAY, fmt_int(today["closed"]), False),
        (texts.MONITOR_AVERAGE_TODAY, fmt_num(today["average_rating"], 2), False),
    ]
    cells = "".join(
        f'<div class="wall-m{" bad" if bad else ""}"><div class="v{" long" if len(v) > 5 else ""}">{_e(v)}</div>'
        f'<div class="l">{_e(label)}</div></div>'
        for label, v, bad in items
    )
    return f'<div class="wall-metrics">{cells}</div>'


def queue_html(snap: dict[str, Any], tz: str, today: str) -> str:
    rows = snap["waiting"]
    if not rows:
        return f"<h2>{_e(T.WALL_QUEUE)}</h2><div>{_e(T.WALL_NO_WAITING)}</div>"
    head = (
        f'<colgroup><col style="width:15%"><col style="width:27%"><col style="width:44%">'
        f'<col style="width:14%"></colgroup><tr><th>{_e(T.WALL_COL_WAIT)}</th>'
        f"<th>{_e(T.WALL_COL_LINE)}</th><th>{_e(T.WALL_COL_CLIENT)}</th>"
        f"<th>{_e(T.WALL_COL_CREATED)}</th></tr>"
    )
    body = "".join(
        f'<tr class="{_e(r["state"])}"><td class="w">{_e(fmt_minutes(r["wait_minutes"]))}</td>'
        f"<td>{_e(r['line'] or texts.MONITOR_NO_LINE)}</td><td>{_e(r['client'] or '—')}</td>"
        f"<td>{_e(_time(r['created_at'], tz, today))}</td></tr>"
        for r in rows[:QUEUE_ROWS]
    )
    more = (
        f'<div class="wall-more">{_e(T.WALL_QUEUE_MORE.format(count=fmt_int(len(rows) - QUEUE_ROWS)))}</div>'
        if len(rows) > QUEUE_ROWS
        else ""
    )
    return f'<h2>{_e(T.WALL_QUEUE)}</h2><table class="wall-q">{head}{body}</table>{more}'


def loads_html(snap: dict[str, Any]) -> str:
    lines = snap["lines"][:LINE_ROWS]
    if not lines:
        return ""
    top = max(x["open"] for x in lines) or 1
    bars = "".join(
        f'<div class="wall-bar"><div class="n">{_e(x["line"] or texts.MONITOR_NO_LINE)}</div>'
        f'<div class="b"><span class="w" style="width:{100 * x["waiting"] / top:.1f}%"></span>'
        f'<span class="i" style="width:{100 * (x["open"] - x["waiting"]) / top:.1f}%"></span></div>'
        f'<div class="c">{x["waiting"]} / {x["open"] - x["waiting"]}</div></div>'
        for x in lines
    )
    return f"<h2>{_e(T.WALL_LOADS)}</h2>{bars}"


def alerts_html(snap: dict[str, Any], tz: str, today: str) -> str:
    alerts = sorted(snap["alerts"], key=lambda a: a.get("event_at") or "", reverse=True)
    if not alerts:
        return f"<h2>{_e(T.WALL_ALERTS)}</h2><div>{_e(T.WALL_NO_ALERTS)}</div>"
    cards = []
    for a in alerts[:ALERT_ROWS]:
        kind = texts.MONITOR_ALERT_KINDS.get(a["kind"], a["kind"])
        when = T.WALL_EVENT_AT.get(a["kind"], "{at}").format(at=_time(a.get("event_at"), tz, today))
        facts = [a.get("client") or "", a.get("specialist") or ""]
        if a.get("rating") is not None:
            facts.append(T.WALL_RATING.format(rating=a["rating"]))
        elif a.get("wait_minutes") is not None:
            facts.append(T.WALL_WAIT.format(wait=fmt_minutes(a["wait_minutes"])))
        comment = f'<div class="c">«{_e(a["comment"])}»</div>' if a.get("comment") else ""
        cards.append(
            f'<div class="wall-a {_e(a["kind"])}"><div class="h">{_e(kind)} · {_e(when)}</div>'
            f'<div class="s">{" · ".join(_e(f) for f in facts if f)}</div>{comment}</div>'
        )
    total = sum(snap["alert_counts"].values())
    more = (
        f'<div class="wall-more">{_e(T.WALL_ALERTS_MORE.format(count=fmt_int(total - ALERT_ROWS)))}</div>'
        if total > ALERT_ROWS
        else ""
    )
    return f'<h2>{_e(T.WALL_ALERTS)}</h2><div class="wall-alerts">{"".join(cards)}</div>{more}'


def wall_html(snap: dict[str, Any], tz: str, seconds: int, now: datetime) -> str:
    """The whole wall screen for one refresh."""
    today = to_local(now, tz).date().isoformat()
    at = _time(snap["at"], tz, today)
    leads = snap["leads_pending"]
    lead = (
        f'<div class="wall-lead">{_e(T.WALL_LEADS.format(count=fmt_int(leads["count"]), minutes=fmt_int(leads["threshold_minutes"]), oldest=fmt_minutes(leads["oldest_minutes"])))}</div>'
        if leads["count"]
        else ""
    )
    near = snap.get("sla_near") or []
    if near:
        lead += f'<div class="wall-lead">{_e(T.WALL_SLA.format(count=fmt_int(len(near))))}</div>'
    return (
        f'{STYLE}<div class="wall"><div class="wall-top"><h1 class="t">{_e(T.WALL_TITLE)}</h1>'
        f'<span class="at">{_e(T.WALL_AT.format(at=at, seconds=seconds))}</span></div>'
        f"{metrics_html(snap)}"
        f'<div class="wall-main"><div class="wall-col"><div>{queue_html(snap, tz, today)}</div>'
        f"<div>{loads_html(snap)}</div></div>"
        f'<div class="wall-col">{lead}<div>{alerts_html(snap, tz, today)}</div></div></div></div>'
    )
