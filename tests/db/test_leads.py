"""Leads in SQLite: filters, counts, median contact time, pending list, moves with permission and audit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.leads import Lead, LeadTransitionError
from core.roles import Actor, PermissionDenied
from core.timeutil import to_stored
from db.audit import list_audit
from db.leads import (
    LeadFilter,
    LeadNotFound,
    count_pending,
    counts_by_org,
    get_lead,
    insert_leads,
    leads_overview,
    list_leads,
    median_contact_minutes,
    move_lead,
    pending_leads,
    status_counts,
    take_lead,
)

NOW = datetime(2026, 4, 20, 12, 0, tzinfo=UTC)  # 15:00 in Moscow
MANAGER = Actor(login="manager", role="manager", name="Соколова Анна")
VIEWER = Actor(login="viewer", role="viewer", name="Наблюдатель")


def lead(n: int, status: str, org: str, created: datetime, contact_minutes: float | None = None):
    contact = None if contact_minutes is None else created + timedelta(minutes=contact_minutes)
    return Lead(
        id=f"V-{n:03d}",
        offer="1СПАРК Риски",
        created_at=created,
        status=status,
        client=f"ООО «Клиент {n}»",
        org=org,
        manager="" if status == "new" else MANAGER.name,
        first_contact_at=contact,
    )


@pytest.fixture
def leads_db(db):
    insert_leads(
        db,
        [
            lead(1, "done", "Альфа", NOW - timedelta(days=30), 10),
            lead(2, "refused", "Альфа", NOW - timedelta(days=29), 30),
            lead(3, "refused", "Альфа", NOW - timedelta(days=28), 50),
            lead(4, "in_work", "Бета", NOW - timedelta(days=2), 90),
            lead(5, "new", "Бета", NOW - timedelta(minutes=200)),
            lead(6, "new", "Бета", NOW - timedelta(minutes=20)),
            lead(7, "done", "Бета", NOW - timedelta(days=400), 5),
        ],
    )
    return db


def test_counts_by_status_cover_the_period_only(leads_db):
    c = status_counts(leads_db, LeadFilter(start=date(2026, 3, 1), end=date(2026, 4, 21)))

    assert (c.new, c.in_work, c.done, c.refused) == (2, 1, 1, 2)
    assert c.overall_rate == pytest.approx(1 / 6)
    assert status_counts(leads_db).total == 7


def test_the_period_is_in_local_days_with_the_end_excluded(leads_db):
    # V-005 was created at 08:40 Moscow time on 20.04: a period ending on 20.04 leaves it out.
    before = status_counts(leads_db, LeadFilter(start=date(2026, 4, 1), end=date(2026, 4, 20)))
    including = status_counts(leads_db, LeadFilter(start=date(2026, 4, 1), end=date(2026, 4, 21)))

    assert before.new == 0
    assert including.new == 2


def test_counts_by_org_give_each_organisation_its_conversion(leads_db):
    rows = dict(counts_by_org(leads_db, LeadFilter(start=date(2026, 1, 1), end=date(2026, 5, 1))))

    assert rows["Альфа"].done == 1 and rows["Альфа"].refused == 2
    assert rows["Альфа"].closed_rate == pytest.approx(1 / 3)
    assert rows["Бета"].pending == 3 and rows["Бета"].done == 0


def test_the_list_filters_by_organisation_and_status_newest_first(leads_db):
    rows = list_leads(leads_db, LeadFilter(orgs=("Бета",), statuses=("new", "in_work")))

    assert [r["id"] for r in rows] == ["V-006", "V-005", "V-004"]
    assert rows[2]["contact_minutes"] == pytest.approx(90, abs=0.01)
    assert rows[0]["contact_minutes"] is None


def test_the_median_time_to_first_contact_is_computed_over_contacted_leads(leads_db):
    assert median_contact_minutes(leads_db) == pytest.approx(30, abs=0.01)  # 5, 10, 30, 50, 90
    only_alfa = median_contact_minutes(leads_db, LeadFilter(orgs=("Альфа",)))
    assert only_alfa == pytest.approx(30, abs=0.01)
    assert median_contact_minutes(leads_db, LeadFilter(orgs=("Гамма",))) is None


def test_an_even_number_of_contact_times_gives_the_middle_average(leads_db):
    flt = LeadFilter(start=date(2026, 3, 1), end=date(2026, 4, 21))  # 10, 30, 50, 90
    assert median_contact_minutes(leads_db, flt) == pytest.approx(40, abs=0.01)


def test_pending_lists_only_new_leads_waiting_past_the_threshold(leads_db):
    rows = pending_leads(leads_db, 60, now=NOW)

    assert [r["id"] for r in rows] == ["V-005"]
    assert rows[0]["waiting_minutes"] == pytest.approx(200)
    assert count_pending(leads_db, 60, now=NOW) == 1
    assert count_pending(leads_db, 10, now=NOW) == 2
    assert count_pending(leads_db, 300, now=NOW) == 0


def test_taking_a_lead_into_work_records_contact_manager_and_audit(leads_db):
    at = NOW + timedelta(minutes=5)

    row = move_lead(leads_db, MANAGER, "V-005", "in_work", now=at)

    assert row["status"] == "in_work"
    assert row["first_contact_at"] == to_stored(at)
    assert row["manager"] == "Соколова Анна"
    audit = list_audit(leads_db, action="lead.move")
    assert audit[0]["login"] == "manager" and audit[0]["target"] == "V-005"
    assert '"to": "in_work"' in audit[0]["details"]
    assert count_pending(leads_db, 60, now=at) == 0


def test_a_lead_in_work_can_be_marked_done(leads_db):
    row = move_lead(leads_db, MANAGER, "V-004", "done", now=NOW)

    assert row["status"] == "done"
    assert row["manager"] == MANAGER.name
    assert row["first_contact_at"] == to_stored(NOW - timedelta(days=2) + timedelta(minutes=90))


def test_a_viewer_may_not_move_a_lead_and_the_refusal_is_audited(leads_db):
    with pytest.raises(PermissionDenied):
        move_lead(leads_db, VIEWER, "V-005", "in_work", now=NOW)

    assert get_lead(leads_db, "V-005")["status"] == "new"
    refusals = list_audit(leads_db, login="viewer", action="permission.denied")
    assert [r["target"] for r in refusals] == ["manage_leads"]


def test_a_forbidden_step_changes_nothing(leads_db):
    with pytest.raises(LeadTransitionError):
        move_lead(leads_db, MANAGER, "V-005", "done", now=NOW)
    with pytest.raises(LeadTransitionError):
        move_lead(leads_db, MANAGER, "V-001", "refused", now=NOW)

    assert get_lead(leads_db, "V-005")["status"] == "new"
    assert get_lead(leads_db, "V-001")["status"] == "done"
    assert list_audit(leads_db, action="lead.move") == []
    assert not leads_db.conn.in_transaction


def test_moving_an_unknown_lead_says_so(leads_db):
    with pytest.raises(LeadNotFound):
        move_lead(leads_db, MANAGER, "V-999", "in_work", now=NOW)


def test_the_overview_card_counts_the_last_days_and_the_waiting_leads(leads_db):
    counts, waiting = leads_overview(leads_db, 90, 60, now=NOW)

    assert counts.total == 6  # V-007 is older than 90 days
    assert waiting == 1


COLLEAGUE = Actor(login="manager2", role="manager", name="Петров Павел")
QC = Actor(login="qc", role="qc", name="Ольга ОКК")


def test_a_manager_may_not_move_a_colleagues_lead_and_the_refusal_is_audited(leads_db):
    with pytest.raises(LeadTransitionError) as refused:
        move_lead(leads_db, COLLEAGUE, "V-004", "done", now=NOW)
    assert refused.value.code == "not_yours"
    assert get_lead(leads_db, "V-004")["status"] == "in_work"
    assert any(
        e["action"] == "permission.denied" and e["login"] == "manager2"
        for e in list_audit(leads_db)
    )


def test_taking_a_colleagues_lead_makes_it_yours_audited_and_then_you_may_move_it(leads_db):
    assert take_lead(leads_db, COLLEAGUE, "V-004", now=NOW) is True
    assert get_lead(leads_db, "V-004")["manager"] == COLLEAGUE.name
    assert take_lead(leads_db, COLLEAGUE, "V-004", now=NOW) is False  # already yours
    taken = [e for e in list_audit(leads_db) if e["action"] == "lead.take"]
    assert len(taken) == 1 and taken[0]["login"] == "manager2"
    assert move_lead(leads_db, COLLEAGUE, "V-004", "done", now=NOW)["status"] == "done"


def test_qc_moves_any_lead_and_the_responsible_stays(leads_db):
    assert move_lead(leads_db, QC, "V-004", "refused", now=NOW)["manager"] == MANAGER.name


def test_a_viewer_may_not_take_a_lead(leads_db):
    with pytest.raises(PermissionDenied):
        take_lead(leads_db, VIEWER, "V-004", now=NOW)
