"""Which monitor alerts are due (seed 004: «уведомления о пропущенных обращениях и оценках»).

Pure rules over request rows (mappings with stored UTC text times, as db/ reads them):
- an open request still waiting for a responsible longer than `wait_warning_minutes` -> 'wait_warning';
- one that waited (or still waits) `wait_missed_minutes` or more -> 'missed' (it supersedes the warning);
- a rating of `low_rating_max` or less -> 'low_rating', carrying client, specialist and comment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from core.timeutil import from_stored

WAIT_WARNING = "wait_warning"
MISSED = "missed"
LOW_RATING = "low_rating"
KINDS = (WAIT_WARNING, MISSED, LOW_RATING)
# Alerts that open a QC callback task (the client is called back once per request).
CALLBACK_KINDS = frozenset({MISSED, LOW_RATING})
CALLBACK_TASK = "callback"
# Only requests created or closed this recently raise 'missed' after the fact or 'low_rating':
# importing a year of history must not flood the monitor with year-old alerts.
RECENT_WINDOW = timedelta(hours=72)


@dataclass(frozen=True)
class Thresholds:
    """Alert limits, from settings (defaults as in core.settings)."""

    wait_warning_minutes: int = 5
    wait_missed_minutes: int = 60
    low_rating_max: int = 3

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Thresholds:
        """Read the three limits from a settings mapping, falling back to the defaults."""
        return cls(
            wait_warning_minutes=int(settings.get("wait_warning_minutes", 5)),
            wait_missed_minutes=int(settings.get("wait_missed_minutes", 60)),
            low_rating_max=int(settings.get("low_rating_max", 3)),
        )

    def wait_passed_at(self, kind: str, created: str | None) -> datetime | None:
        """When a request created at `created` (stored) passed the limit of a wait alert of this
        kind ('wait_warning' or 'missed'): when what the alert tells of happened."""
        moment = from_stored(created)
        if moment is None:
            return None
        limit = self.wait_warning_minutes if kind == "wait_warning" else self.wait_missed_minutes
        return moment + timedelta(minutes=limit)


@dataclass(frozen=True)
class DueAlert:
    """One alert that should exist: its kind, request and what the monitor shows about it."""

    kind: str
    request_id: str
    details: dict[str, Any] = field(default_factory=dict)


def wait_minutes(row: Mapping[str, Any], now: datetime) -> float | None:
    """How long a request waited for a responsible: until assigned, closed, or now if neither."""
    created = from_stored(row.get("created_at"))
    if created is None:
        return None
    end = from_stored(row.get("assigned_at")) or from_stored(row.get("closed_at")) or now
    return max(0.0, (end - created).total_seconds() / 60)


def _who(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "client": row.get("client") or "",
        "specialist": row.get("specialist") or "",
        "line": row.get("line") or "",
        "created_at": row.get("created_at"),
    }


def due_wait_alerts(
    rows: Iterable[Mapping[str, Any]], now: datetime, limits: Thresholds
) -> list[DueAlert]:
    """Warning or missed alerts for requests by how long they waited (or still wait) unassigned."""
    due = []
    for row in rows:
        minutes = wait_minutes(row, now)
        if minutes is None:
            continue
        waiting = row.get("assigned_at") is None and row.get("status", "open") == "open"
        if minutes >= limits.wait_missed_minutes:
            kind = MISSED
        elif waiting and minutes >= limits.wait_warning_minutes:
            kind = WAIT_WARNING
        else:
            continue
        due.append(DueAlert(kind, str(row["id"]), {**_who(row), "wait_minutes": round(minutes, 1)}))
    return due


def due_rating_alerts(rows: Iterable[Mapping[str, Any]], limits: Thresholds) -> list[DueAlert]:
    """A low-rating alert for every rating at or below the limit, with the client's comment."""
    due = []
    for row in rows:
        rating = row.get("rating")
        if rating is None or int(rating) > limits.low_rating_max:
            continue
        details = {**_who(row), "rating": int(rating), "comment": row.get("rating_comment") or ""}
        due.append(DueAlert(LOW_RATING, str(row["id"]), details))
    return due


def due_alerts(
    waiting: Iterable[Mapping[str, Any]],
    rated: Iterable[Mapping[str, Any]],
    now: datetime,
    limits: Thresholds,
) -> list[DueAlert]:
    """Every alert due now: wait alerts for `waiting` rows, rating alerts for `rated` rows."""
    return [*due_wait_alerts(waiting, now, limits), *due_rating_alerts(rated, limits)]
