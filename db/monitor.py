"""One live-monitor refresh in one call: the queue now, today's figures and the open alerts.

Only indexed reads: the open rows through the partial index, today's rows through the
created_day and closed_at indexes, alerts through their open index — so a refresh costs the
same with a year of history as with a week.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from core.alerts import Thresholds, wait_minutes
from core.directory import named_counts, named_row
from core.sla import SlaTarget, near_breach, target_for
from core.timeutil import DEFAULT_TZ, from_stored, period_utc, to_local, to_stored
from db.alerts import count_open_alerts, open_alerts
from db.directory import directory_names
from db.history import list_requests
from db.leads import count_pending, pending_leads
from db.requests import open_requests
from db.sla import sla_targets


def _count_desc(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


# One WHERE per «today» figure: the count on the monitor and its list (drill-down) share it.
TODAY_WHERE = {
    "created": "created_day = :day",
    "closed": "closed_at >= :start AND closed_at < :end",
    "missed": (
        "created_day = :day AND (wait_s >= :missed_s OR (assigned_at IS NULL AND "
        "(julianday(COALESCE(closed_at, :now)) - julianday(created_at)) * 1440 >= :missed_m))"
    ),
    "low_ratings": "closed_at >= :start AND closed_at < :end AND rating <= :low",
    "rated": "closed_at >= :start AND closed_at < :end AND rating IS NOT NULL",
}


def _today_params(
    now: datetime, settings: Mapping[str, Any], day: date | None = None
) -> dict[str, Any]:
    tz = str(settings.get("timezone") or DEFAULT_TZ)
    limits = Thresholds.from_settings(settings)
    day = day or to_local(now, tz).date()
    start, end = period_utc(day, day + timedelta(days=1), tz)
    return {
        "day": day.isoformat(),
        "start": start,
        "end": end,
        "now": to_stored(now),
        "missed_s": limits.wait_missed_minutes * 60,
        "missed_m": limits.wait_missed_minutes,
        "low": limits.low_rating_max,
    }


def today_counts(
    db: Database, now: datetime, settings: Mapping[str, Any], day: date | None = None
) -> dict[str, Any]:
    """Requests created, closed, missed and rated low on the local day of `now` (indexed ranges)."""
    params = _today_params(now, settings, day)
    counts = ", ".join(f"(SELECT COUNT(*) FROM requests WHERE {w})" for w in TODAY_WHERE.values())
    row = db.execute(
        f"SELECT {counts}, (SELECT AVG(rating) FROM requests WHERE {TODAY_WHERE['rated']})",
        params,
    ).fetchone()
    figures = dict(zip(TODAY_WHERE, row, strict=False))
    return {
        "day": params["day"],
        "utc_range": (params["start"], params["end"]),  # the local day in stored UTC
        **figures,
        "average_rating": round(row[-1], 2) if row[-1] is not None else None,
    }


def today_ids(db: Database, now: datetime, settings: Mapping[str, Any], figure: str) -> list[str]:
    """The requests behind one «today» figure of the monitor (drill-down, issue 14)."""
    params = _today_params(now, settings)
    return [
        r[0] for r in db.execute(f"SELECT id FROM requests WHERE {TODAY_WHERE[figure]}", params)
    ]


def keys_by_name(counts: Mapping[str, int], names: Mapping[str, str]) -> dict[str, list[str]]:
    """Name shown -> the stored values behind it (two GUIDs of one name are one bar), so a
    bar's list asks for exactly the values its count added up."""
    result: dict[str, list[str]] = {}
    for key in counts:
        result.setdefault(names.get(key, key) if key else key, []).append(key)
    return {name: sorted(keys) for name, keys in result.items()}


def open_alert_rows(db: Database, settings: Mapping[str, Any], limit: int) -> list[dict[str, Any]]:
    """Every unacknowledged alert with its request (the «Уведомлений» card's list, issue 14):
    one row per alert, newest first — the card counts alerts, so a request with a missed wait
    and a low rating is two rows — each with when its event happened and the request's times,
    line, specialist, client, rating and comment."""
    alerts = with_event_times(db, open_alerts(db, limit), Thresholds.from_settings(settings))
    ids = sorted({a["request_id"] for a in alerts})
    requests: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        part = tuple(ids[start : start + 500])
        requests.update({r["id"]: r for r in list_requests(db, ids=part, limit=len(part))})
    rows = []
    for alert in alerts:
        request = requests.get(alert["request_id"]) or {
            "id": alert["request_id"], "created_at": None, "assigned_at": None,
            "first_reply_at": None, "closed_at": None, "line": alert["line"],
            "specialist": alert["specialist"], "client": alert["client"],
            "rating": alert["rating"], "rating_comment": alert["comment"],
        }  # fmt: skip
        rows.append(
            {**request, "alert_id": alert["id"], "alert_kind": alert["kind"],
             "alert_at": alert["event_at"]}
        )  # fmt: skip
    return rows


def count_open_alert_rows(db: Database) -> int:
    """How many rows open_alert_rows gives without a limit: the «Уведомлений» card's figure."""
    return sum(count_open_alerts(db).values())


def monitor_snapshot(
    db: Database, now: datetime, settings: Mapping[str, Any], alert_limit: int = 50
) -> dict[str, Any]:
    """Everything one refresh of the monitor shows (the `report queue` figures included)."""
    limits = Thresholds.from_settings(settings)
    queue: list[dict[str, Any]] = []
    by_line: dict[str, int] = {}
    waiting_by_line: dict[str, int] = {}
    by_specialist: dict[str, int] = {}
    for row in open_requests(db):
        waiting = row["assigned_at"] is None
        minutes = wait_minutes(row, now)
        line = row["line"]
        by_line[line] = by_line.get(line, 0) + 1
        if waiting:
            waiting_by_line[line] = waiting_by_line.get(line, 0) + 1
        elif row["specialist"]:
            by_specialist[row["specialist"]] = by_specialist.get(row["specialist"], 0) + 1
        state = "in_work" if not waiting else "waiting"
        if waiting and minutes is not None:
            if minutes >= limits.wait_missed_minutes:
                state = "missed"
            elif minutes >= limits.wait_warning_minutes:
                state = "warning"
        queue.append({**row, "waiting": waiting, "wait_minutes": minutes, "state": state})
    waiting_rows = sorted(
        (r for r in queue if r["waiting"]), key=lambda r: -(r["wait_minutes"] or 0)
    )
    oldest = waiting_rows[0] if waiting_rows else None
    lines = [
        {"line": line, "open": n, "waiting": waiting_by_line.get(line, 0)}
        for line, n in _count_desc(by_line).items()
    ]
    sla_near = sla_near_breach(queue, sla_targets(db), now)  # issue 14: warn at 80 % of a target
    names = directory_names(db)
    load_keys = {  # issue 14: a bar of the monitor lists its requests by the stored values
        "line": keys_by_name(by_line, names.get("line", {})),
        "specialist": keys_by_name(by_specialist, names.get("specialist", {})),
    }
    if any(names.values()):  # issue 14: GUIDs shown by their directory names
        queue = [named_row(r, names) for r in queue]
        waiting_rows = [named_row(r, names) for r in waiting_rows]
        by_line = named_counts(by_line, names["line"])
        by_specialist = named_counts(by_specialist, names["specialist"])
        lines = [{**x, "line": names["line"].get(x["line"], x["line"])} for x in lines]
    alerts = [
        named_row(a, names) for a in with_event_times(db, open_alerts(db, alert_limit), limits)
    ]
    return {
        "at": to_stored(now),
        "open": len(queue),
        "waiting_unassigned": len(waiting_rows),
        "by_line": _count_desc(by_line),
        "by_specialist": _count_desc(by_specialist),
        "oldest_wait_minutes": round(oldest["wait_minutes"] or 0, 1) if oldest else 0,
        "oldest_request": oldest["id"] if oldest else None,
        "waiting": waiting_rows,
        "queue": queue,
        "lines": lines,
        "today": today_counts(db, now, settings),
        "alerts": alerts,
        "sla_near": [named_row(r, names) for r in sla_near],
        "alert_counts": count_open_alerts(db),
        "load_keys": load_keys,
        "leads_pending": leads_waiting(db, now, settings),
    }


def leads_waiting(db: Database, now: datetime, settings: Mapping[str, Any]) -> dict[str, Any]:
    """Storefront orders nobody has called about past `lead_pending_minutes`: how many, and the
    longest wait in minutes (the wall screen's «Витрина» alert)."""
    threshold = int(settings.get("lead_pending_minutes", 60))
    oldest = pending_leads(db, threshold, now, limit=1)
    return {
        "count": count_pending(db, threshold, now) if oldest else 0,
        "oldest_minutes": round(oldest[0]["waiting_minutes"] or 0, 1) if oldest else 0,
        "threshold_minutes": threshold,
    }


def has_requests(db: Database) -> bool:
    """Whether any request is stored (the overview shows the monitor card only then)."""
    return db.execute("SELECT 1 FROM requests LIMIT 1").fetchone() is not None


def with_event_times(
    db: Database, alerts: list[dict[str, Any]], limits: Thresholds
) -> list[dict[str, Any]]:
    """Each alert with `event_at`: when what it tells of happened (issue 14) — a low rating when
    the request was rated (closed), a wait when the request crossed the limit — not when the
    app noticed it."""
    ids = sorted({a["request_id"] for a in alerts})
    times: dict[str, tuple[str, str | None]] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for request_id, created, closed in db.execute(
            "SELECT id, created_at, closed_at FROM requests WHERE id IN "
            f"({', '.join('?' for _ in part)})",
            part,
        ):
            times[request_id] = (created, closed)
    result = []
    for alert in alerts:
        created, closed = times.get(alert["request_id"], (None, None))
        event_at = alert["created_at"]
        if alert["kind"] == "low_rating" and closed:
            event_at = closed
        elif alert["kind"] in ("wait_warning", "missed") and created:
            passed = limits.wait_passed_at(alert["kind"], created)
            if passed is not None:
                event_at = to_stored(passed)
        result.append({**alert, "event_at": event_at})
    return result


def sla_near_breach(
    queue: list[dict[str, Any]], targets: dict[str, SlaTarget], now: datetime
) -> list[dict[str, Any]]:
    """Open requests with no reply yet that have used 80 % of their line's first-reply target,
    the most urgent first (each with `sla_target` and `sla_minutes`)."""
    if not targets:
        return []
    found = []
    for row in queue:
        target = target_for(targets, row["line"])
        created = from_stored(row["created_at"])
        if target is None or row.get("first_reply_at") or created is None:
            continue
        elapsed = (now - created).total_seconds() / 60
        if near_breach(elapsed, target.first_reply_minutes):
            found.append({**row, "sla_target": target.first_reply_minutes,
                          "sla_minutes": round(elapsed)})  # fmt: skip
    return sorted(found, key=lambda r: -r["sla_minutes"] / r["sla_target"])
