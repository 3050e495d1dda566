"""Scheduling rules of background jobs and default notification subscriptions (issue 10)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.jobs import MAX_RETRY_S, next_daily, next_run, retry_delay
from core.notify import (
    DEFAULT_EVENTS,
    EVENT_CODES,
    LOW_RATING,
    MISSED_REQUEST,
    chosen_events,
    mail_retry_delay,
    subscribed,
)

T0 = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_a_job_that_never_ran_is_due_when_the_worker_first_saw_it():
    assert next_run(None, 0, 60, T0) == T0


def test_a_job_that_ran_is_due_one_period_after_it_started():
    assert next_run(T0, 0, 60, T0 - timedelta(days=1)) == T0 + timedelta(seconds=60)


def test_a_failing_job_backs_off_doubling_up_to_an_hour():
    delays = [retry_delay(30, n) for n in range(1, 10)]
    assert delays[:4] == [30, 60, 120, 240]
    assert max(delays) == MAX_RETRY_S
    assert next_run(T0, 2, 30, T0) == T0 + timedelta(seconds=60)


def test_a_daily_job_runs_at_its_local_hour_after_it_last_ran():
    # 12:00 UTC is 15:00 in Moscow: the next 03:00 Moscow is 00:00 UTC the next day
    assert next_daily(T0, 3, "Europe/Moscow") == datetime(2026, 3, 11, 0, 0, tzinfo=UTC)
    assert next_daily(T0, 16, "Europe/Moscow") == datetime(2026, 3, 10, 13, 0, tzinfo=UTC)
    assert next_run(None, 0, 86400, T0, 3, "Europe/Moscow") == datetime(2026, 3, 11, tzinfo=UTC)
    assert next_run(T0, 0, 86400, T0, 3, "Europe/Moscow") == datetime(2026, 3, 11, tzinfo=UTC)


def test_qc_and_head_get_missed_requests_and_low_ratings_by_default():
    for role in ("qc", "head"):
        assert {MISSED_REQUEST, LOW_RATING} <= DEFAULT_EVENTS[role]
    # managers get no monitor events by default (their own reminders about equipment, yes)
    assert not DEFAULT_EVENTS["manager"] & {MISSED_REQUEST, LOW_RATING}
    # issue 11: a manager hears about their own evaluations and disputes
    assert {"evaluation_new", "dispute_decided"} <= DEFAULT_EVENTS["manager"]
    # issue 12: a manager hears when QC returns their deal to work
    assert "deal_returned" in DEFAULT_EVENTS["manager"]
    assert DEFAULT_EVENTS["viewer"] == frozenset()


def test_a_users_own_choice_wins_over_the_role_default():
    assert subscribed("qc", {}, LOW_RATING)
    assert not subscribed("qc", {LOW_RATING: False}, LOW_RATING)
    assert subscribed("manager", {LOW_RATING: True}, LOW_RATING)
    chosen = chosen_events("qc", {LOW_RATING: False})
    assert MISSED_REQUEST in chosen and LOW_RATING not in chosen
    assert set(chosen_events("admin", {c: True for c in EVENT_CODES})) == set(EVENT_CODES)


def test_a_message_that_keeps_failing_waits_longer_each_time_but_at_most_an_hour():
    assert [mail_retry_delay(n, 30) for n in (1, 2, 3)] == [30, 60, 120]
    assert mail_retry_delay(30, 30) == 3600
