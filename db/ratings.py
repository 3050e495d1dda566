"""Ratings of closed requests (seed 004's ratings slides): totals and weekly trend from the rollup,
the distribution by value and the low-ratings list from the requests table's rated-rows index (m004).

Periods are local creation days [start, end), the same requests the statistics report counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from db.requests import filter_sql, rollup_table

LOW_RATINGS_LIMIT = 2000


@dataclass(frozen=True)
class RatingSummary:
    """Closed requests of a period and their ratings."""

    total: int
    rated: int
    rating_sum: int
    unhappy: int  # rated 1–3

    @property
    def average(self) -> float | None:
        return self.rating_sum / self.rated if self.rated else None

    @property
    def no_rating(self) -> int:
        return self.total - self.rated

    @property
    def no_rating_share(self) -> float | None:
        return self.no_rating / self.total if self.total else None

    @property
    def unhappy_share(self) -> float | None:
        return self.unhappy / self.rated if self.rated else None


def rating_summary(
    db: Database, start: date, end: date, filters: dict[str, Sequence[str]] | None = None
) -> RatingSummary:
    """Closed, rated, unhappy counts and the rating sum from the rollup."""
    where, params = filter_sql(filters)
    row = db.execute(
        "SELECT COALESCE(SUM(n), 0), "
        "COALESCE(SUM(CASE WHEN rating_b != 'none' THEN n END), 0), "
        "COALESCE(SUM(rating_sum), 0), "
        "COALESCE(SUM(CASE WHEN rating_b = '1-3' THEN n END), 0) "
        f"FROM {rollup_table(where)} WHERE day >= ? AND day < ?{where}",
        [start.isoformat(), end.isoformat(), *params],
    ).fetchone()
    return RatingSummary(*(int(v) for v in row))


def rating_distribution(
    db: Database, start: date, end: date, filters: dict[str, Sequence[str]] | None = None
) -> dict[int, int]:
    """How many closed requests got each mark 1..5 (every mark present, zero when none)."""
    where, params = filter_sql(filters)
    rows = db.execute(
        "SELECT rating, COUNT(*) FROM requests "
        "WHERE status = 'closed' AND rating IS NOT NULL AND created_day >= ? AND created_day < ?"
        f"{where} GROUP BY rating",
        [start.isoformat(), end.isoformat(), *params],
    ).fetchall()
    counts = {mark: 0 for mark in range(1, 6)}
    counts.update({int(mark): int(n) for mark, n in rows})
    return counts


def rating_trend(
    db: Database, start: date, end: date, filters: dict[str, Sequence[str]] | None = None
) -> list[dict[str, Any]]:
    """Per week (Monday's date): closed requests, rated ones, rating sum and average, from the rollup."""
    where, params = filter_sql(filters)
    rows = db.execute(
        "SELECT date(day, 'weekday 0', '-6 days') AS week, SUM(n), "
        "COALESCE(SUM(CASE WHEN rating_b != 'none' THEN n END), 0), SUM(rating_sum) "
        f"FROM {rollup_table(where)} WHERE day >= ? AND day < ?{where} "
        "GROUP BY week HAVING SUM(n) > 0 ORDER BY week",
        [start.isoformat(), end.isoformat(), *params],
    ).fetchall()
    return [
        {
            "week": week,
            "total": int(total),
            "rated": int(rated),
            "rating_sum": int(rating_sum),
            "average": rating_sum / rated if rated else None,
        }
        for week, total, rated, rating_sum in rows
    ]


def low_ratings(
    db: Database,
    start: date,
    end: date,
    max_rating: int,
    filters: dict[str, Sequence[str]] | None = None,
    limit: int = LOW_RATINGS_LIMIT,
) -> list[dict[str, Any]]:
    """Closed requests rated at most `max_rating`, newest first, with client, specialist, comment."""
    where, params = filter_sql(filters)
    return list(
        db.query(
            "SELECT id, created_at, closed_at, org, line, client, specialist, rating, "
            "rating_comment FROM requests "
            "WHERE status = 'closed' AND rating IS NOT NULL AND rating <= ? "
            f"AND created_day >= ? AND created_day < ?{where} "
            "ORDER BY created_at DESC, id LIMIT ?",
            [max_rating, start.isoformat(), end.isoformat(), *params, limit],
        )
    )


def request_day_span(db: Database) -> tuple[date, date] | None:
    """The first and last local creation day with closed requests (for a default period)."""
    row = db.execute("SELECT MIN(day), MAX(day) FROM request_rollup_day WHERE n > 0").fetchone()
    if not row or row[0] is None:
        return None
    return date.fromisoformat(row[0]), date.fromisoformat(row[1])


def has_requests(db: Database, start: date, end: date) -> bool:
    """True when any closed request was created on local days [start, end)."""
    row = db.execute(
        "SELECT 1 FROM request_rollup_day WHERE day >= ? AND day < ? AND n > 0 LIMIT 1",
        [start.isoformat(), end.isoformat()],
    ).fetchone()
    return row is not None
