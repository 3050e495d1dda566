"""Which alerts are due: waiting warnings, missed requests and low ratings (pure rules)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.alerts import (
    LOW_RATING,
    MISSED,
    WAIT_WARNING,
    Thresholds,
    due_alerts,
    due_rating_alerts,
    due_wait_alerts,
    wait_minutes,
)
from core.timeutil import to_stored

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
LIMITS = Thresholds()


def row(rid: str, waited: float | None, **extra) -> dict:
    """A stored request row created `waited` minutes before NOW (unassigned unless told)."""
    created = NOW - timedelta(minutes=waited or 0)
    return {
        "id": rid,
        "created_at": to_stored(created),
        "assigned_at": None,
        "closed_at": None,
        "status": "open",
        "client": "ООО «Вектор»",
        "specialist": "",
        "line": "Бухгалтерия",
        **extra,
    }


def kinds(alerts) -> dict[str, str]:
    return {a.request_id: a.kind for a in alerts}


def test_waits_under_five_minutes_raise_nothing_and_five_or_more_raise_a_warning():
    rows = [row("a", 4.9), row("b", 5), row("c", 59.9)]

    assert kinds(due_wait_alerts(rows, NOW, LIMITS)) == {"b": WAIT_WARNING, "c": WAIT_WARNING}


def test_an_hour_unassigned_is_missed_and_not_also_a_warning():
    due = due_wait_alerts([row("a", 60), row("b", 600)], NOW, LIMITS)

    assert [(a.request_id, a.kind) for a in due] == [("a", MISSED), ("b", MISSED)]
    assert due[1].details["wait_minutes"] == 600
    assert due[1].details["client"] == "ООО «Вектор»"


def test_a_request_taken_quickly_is_never_warned_but_one_taken_after_an_hour_is_missed():
    created = NOW - timedelta(hours=3)
    quick = row("quick", 180, assigned_at=to_stored(created + timedelta(minutes=30)))
    late = row("late", 180, assigned_at=to_stored(created + timedelta(minutes=61)))

    assert kinds(due_wait_alerts([quick, late], NOW, LIMITS)) == {"late": MISSED}


def test_a_request_closed_without_anyone_taking_it_waited_until_it_was_closed():
    closed = row("x", 120, status="closed", closed_at=to_stored(NOW - timedelta(minutes=100)))

    assert wait_minutes(closed, NOW) == 20
    assert due_wait_alerts([closed], NOW, LIMITS) == []


def test_limits_come_from_settings():
    limits = Thresholds.from_settings(
        {"wait_warning_minutes": 10, "wait_missed_minutes": 30, "low_rating_max": 2}
    )

    assert kinds(due_wait_alerts([row("a", 9), row("b", 10), row("c", 30)], NOW, limits)) == {
        "b": WAIT_WARNING,
        "c": MISSED,
    }
    assert kinds(due_rating_alerts([row("d", 0, rating=3), row("e", 0, rating=2)], limits)) == {
        "e": LOW_RATING
    }


def test_ratings_of_three_or_less_are_low_and_carry_the_clients_comment():
    rows = [
        row("r1", 0, rating=1, rating_comment="Никто не перезвонил", specialist="Зайцев Олег"),
        row("r3", 0, rating=3),
        row("r4", 0, rating=4),
        row("none", 0, rating=None),
    ]

    due = due_rating_alerts(rows, LIMITS)

    assert kinds(due) == {"r1": LOW_RATING, "r3": LOW_RATING}
    assert due[0].details["comment"] == "Никто не перезвонил"
    assert due[0].details["specialist"] == "Зайцев Олег"
    assert due[0].details["rating"] == 1


def test_due_alerts_combines_waits_and_ratings():
    due = due_alerts([row("w", 7)], [row("r", 0, rating=2)], NOW, LIMITS)

    assert kinds(due) == {"w": WAIT_WARNING, "r": LOW_RATING}
