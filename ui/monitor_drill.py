"""What each figure and bar of the live monitor lists (issue 14, item 5): the cards, the per-line
and per-specialist bars, and the open alerts — each a Drill of ui.drill, so the list, its count
and its Excel export are the same component as on the statistics and ratings pages. A bar lists
its requests by the conditions its count was made of (open, with or without a responsible, the
line's or specialist's stored values), so the list's count is the bar's value."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from core.timeutil import from_stored
from db.monitor import today_ids
from ui import texts
from ui.drill import Drill
from ui.texts import drill as D
from ui.texts import monitor as TM

WAITING = "waiting"
IN_WORK = "in_work"
SERIES = {WAITING: texts.MONITOR_SERIES_WAITING, IN_WORK: texts.MONITOR_SERIES_IN_WORK}


def figure_drills(
    db: Database, snap: Mapping[str, Any], settings: Mapping[str, Any]
) -> dict[str, Drill | None]:
    """The cards: the open queue by the same conditions, today's figures by their day (the
    missed ones by the monitor's own rule), the open alerts one row per alert as the card counts."""
    today = snap["today"]
    day_range = tuple(today["utc_range"])
    day = date.fromisoformat(today["day"])
    missed = today_ids(db, from_stored(snap["at"]), settings, "missed") if today["missed"] else []
    low = int(settings.get("low_rating_max") or 3)
    return {
        "open": Drill(D.OPEN, status="open"),
        "waiting": Drill(D.WAITING, status="open", assigned=False),
        "oldest": (
            Drill(D.OLDEST, ids=(snap["oldest_request"],)) if snap["oldest_request"] else None
        ),
        "missed": Drill(D.MISSED_TODAY, ids=tuple(missed)),
        "low": Drill(D.LOW_TODAY, closed_between=day_range, rating_max=low),
        "created": Drill(D.CREATED_TODAY, start=day, end=day + timedelta(days=1)),
        "closed": Drill(D.CLOSED_TODAY, closed_between=day_range),
        "rated": Drill(D.RATED_TODAY, closed_between=day_range, ratings=(1, 2, 3, 4, 5)),
        "alerts": Drill(TM.DRILL_ALERTS_TITLE, alerts=True),
    }


def line_name(line: str | None) -> str:
    """A line as its bar shows it."""
    return line or texts.MONITOR_NO_LINE


def line_bars(snap: Mapping[str, Any]) -> list[tuple[str, str, int]]:
    """The per-line chart's bars: (line shown, series shown, requests), empty bars left out."""
    return [
        (line_name(line["line"]), SERIES[series], n)
        for line in snap["lines"]
        for series, n in ((WAITING, line["waiting"]), (IN_WORK, line["open"] - line["waiting"]))
        if n
    ]


def specialist_bars(snap: Mapping[str, Any]) -> list[tuple[str, int]]:
    """The per-specialist chart's bars: (specialist shown, requests in work)."""
    return list(snap["by_specialist"].items())


def line_drill(snap: Mapping[str, Any], shown: str, series: str) -> Drill | None:
    """A bar of the per-line chart: the open requests of that line waiting for a responsible
    («ждут») or taken («в работе»)."""
    keys = next(
        (keys for name, keys in snap["load_keys"]["line"].items() if line_name(name) == shown),
        None,
    )
    waiting = {v: k for k, v in SERIES.items()}.get(series)
    if keys is None or waiting is None:
        return None
    return Drill(
        D.LINE_SERIES.format(line=shown, series=series),
        status="open",
        filters=(("line", tuple(keys)),),
        assigned=waiting == IN_WORK,
    )


def specialist_drill(snap: Mapping[str, Any], shown: str) -> Drill | None:
    """A bar of the per-specialist chart: the open requests that specialist has taken."""
    keys = snap["load_keys"]["specialist"].get(shown)
    if not keys:
        return None
    return Drill(
        TM.DRILL_SPECIALIST_LOAD.format(specialist=shown),
        status="open",
        filters=(("specialist", tuple(keys)),),
        assigned=True,
    )


def request_drill(request: str) -> Drill:
    """A row of the waiting queue: that one request."""
    return Drill(D.REQUEST.format(id=request), ids=(request,))


def drill_named(
    snap: Mapping[str, Any], drills: Mapping[str, Drill | None], title: str
) -> Drill | None:
    """The figure of this refresh whose list has this title (the monitor's `?drill=` link, so
    the open list survives a reload of the page and can be sent as a link): a card, a bar or a
    request of the queue; None when nothing on the monitor has that title now."""
    candidates: list[Drill | None] = [
        *drills.values(),
        *(line_drill(snap, line, series) for line, series, _ in line_bars(snap)),
        *(specialist_drill(snap, name) for name, _ in specialist_bars(snap)),
        *(request_drill(row["id"]) for row in snap["queue"]),
    ]
    return next((d for d in candidates if d is not None and d.title == title), None)
