"""Storefront lead workflow: transitions, first contact, conversion and the pending rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.leads import (
    Conversion,
    Lead,
    LeadTransitionError,
    apply_transition,
    check_transition,
    conversion_from_counts,
    is_pending,
    median,
    minutes_to_first_contact,
    next_statuses,
)

T0 = datetime(2026, 4, 14, 9, 0, tzinfo=UTC)


def a_lead(status: str = "new", **kw) -> Lead:
    return Lead(id="V-1", offer="1С-Отчетность", created_at=T0, status=status, **kw)


def test_a_new_lead_can_only_be_taken_into_work():
    assert next_statuses("new") == ("in_work",)
    for target in ("done", "refused", "new"):
        with pytest.raises(LeadTransitionError) as err:
            check_transition("new", target)
        assert err.value.code == "bad_transition"


def test_a_lead_in_work_ends_as_done_or_refused_and_those_are_final():
    assert next_statuses("in_work") == ("done", "refused")
    assert next_statuses("done") == ()
    assert next_statuses("refused") == ()
    with pytest.raises(LeadTransitionError):
        check_transition("done", "in_work")
    with pytest.raises(LeadTransitionError):
        check_transition("refused", "done")


def test_an_unknown_status_is_refused_with_its_own_code():
    with pytest.raises(LeadTransitionError) as err:
        check_transition("new", "won")
    assert err.value.code == "unknown_status"


def test_taking_a_lead_into_work_records_the_first_contact_and_the_manager():
    moved = apply_transition(a_lead(), "in_work", T0 + timedelta(minutes=25), manager="Иванова")

    assert moved.status == "in_work"
    assert moved.first_contact_at == T0 + timedelta(minutes=25)
    assert moved.manager == "Иванова"
    assert minutes_to_first_contact(moved.created_at, moved.first_contact_at) == 25


def test_closing_a_lead_keeps_its_first_contact_time_and_its_manager():
    first = T0 + timedelta(minutes=10)
    lead = a_lead("in_work", first_contact_at=first, manager="Петров")

    done = apply_transition(lead, "done", T0 + timedelta(days=3), manager="Другой")

    assert done.status == "done"
    assert done.first_contact_at == first
    assert done.manager == "Петров"


def test_a_lead_not_contacted_yet_has_no_contact_time():
    assert minutes_to_first_contact(T0, None) is None
    assert minutes_to_first_contact(T0, T0 - timedelta(minutes=1)) is None


def test_conversion_counts_done_among_decided_and_among_all():
    c = Conversion(new=3, in_work=7, done=20, refused=70)

    assert c.total == 100
    assert c.pending == 10
    assert c.closed_rate == pytest.approx(20 / 90)
    assert c.overall_rate == pytest.approx(0.20)
    assert c.pending_share == pytest.approx(0.10)


def test_conversion_without_leads_has_no_rates():
    c = conversion_from_counts({})

    assert c.total == 0
    assert c.closed_rate is None and c.overall_rate is None and c.pending_share is None


def test_conversion_from_counts_ignores_unknown_statuses():
    c = conversion_from_counts({"done": 2, "refused": 2, "spam": 5})

    assert c.total == 4
    assert c.closed_rate == 0.5


def test_a_lead_still_new_after_the_threshold_is_pending_and_only_then():
    now = T0 + timedelta(minutes=61)

    assert is_pending("new", T0, now, 60)
    assert not is_pending("new", T0, T0 + timedelta(minutes=60), 60)
    assert not is_pending("in_work", T0, now, 60)
    assert not is_pending("done", T0, now + timedelta(days=30), 60)


def test_the_median_of_contact_times():
    assert median([]) is None
    assert median([30.0]) == 30.0
    assert median([5.0, 600.0, 20.0]) == 20.0
    assert median([10.0, 20.0, 30.0, 1000.0]) == 25.0
