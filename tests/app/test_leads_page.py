"""«Витрина» for every role: figures, the pending alert, the chart and table, moves only for roles that may."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.roles import Action, Role, can
from core.timeutil import local_day, utcnow
from db.leads import LeadFilter, get_lead, list_leads, pending_leads, status_counts
from db.settings import get_setting
from ui import texts
from ui.fmt import fmt_int
from ui.texts import monitor as TM

PAGE = "app_pages/leads.py"


def metric_values(at) -> dict[str, str]:
    """The big figures on the page, label -> shown value."""
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_role_sees_the_storefront_figures_chart_table_and_exports(open_app, actor_of, role):
    at = open_app(actor_of(role), PAGE)

    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [texts.PAGE_LEADS]
    figures = metric_values(at)
    for label in (
        texts.LEADS_FIG_NEW,
        texts.LEADS_FIG_IN_WORK,
        texts.LEADS_FIG_DONE,
        texts.LEADS_FIG_REFUSED,
        texts.LEADS_FIG_CONVERSION,
        texts.LEADS_FIG_CONVERSION_ALL,
        texts.LEADS_FIG_CONTACT,
        texts.LEADS_FIG_WAITING,
    ):
        assert label in figures
    assert figures[texts.LEADS_FIG_CONTACT] != "—"
    subheaders = [s.value for s in at.subheader]
    assert texts.LEADS_BY_ORG in subheaders and texts.LEADS_TABLE in subheaders
    assert len(at.get("download_button")) == 2
    assert len(at.dataframe) == 2


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_only_roles_that_may_manage_leads_get_the_move_buttons(open_app, actor_of, role):
    at = open_app(actor_of(role), PAGE)

    buttons = [b.label for b in at.button]
    captions = [c.value for c in at.caption]
    if can(role, Action.MANAGE_LEADS):
        assert len(at.selectbox(key="leads_pick").options) > 0
        assert buttons, "a role that may manage leads sees at least one move button"
        assert texts.LEADS_VIEW_ONLY not in captions
    else:
        assert buttons == []
        assert texts.LEADS_VIEW_ONLY in captions
        assert not [s for s in at.selectbox if s.key == "leads_pick"]


def test_the_new_figure_counts_the_new_leads_of_the_last_ninety_days(open_app, actor_of, demo_db):
    at = open_app(actor_of("head"), PAGE)

    tz = get_setting(demo_db, "timezone")
    today = date.fromisoformat(local_day(utcnow(), tz))
    expected = status_counts(
        demo_db, LeadFilter(start=today - timedelta(days=90), end=today + timedelta(days=1), tz=tz)
    )
    figures = metric_values(at)
    assert figures[texts.LEADS_FIG_NEW] == fmt_int(expected.new)
    assert figures[texts.LEADS_FIG_DONE] == fmt_int(expected.done)


def test_leads_waiting_past_the_threshold_are_listed_in_a_warning(open_app, actor_of, demo_db):
    waiting = pending_leads(demo_db, get_setting(demo_db, "lead_pending_minutes"))
    assert waiting, "the demo data holds storefront orders nobody has called about"

    at = open_app(actor_of("viewer"), PAGE)

    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1
    latest = max(waiting, key=lambda r: r["created_at"])
    assert f"№ {latest['id']}" in warnings[0]
    assert f": {len(waiting)}" in warnings[0]
    assert metric_values(at)[texts.LEADS_FIG_WAITING] == fmt_int(len(waiting))


def test_a_manager_takes_a_new_lead_into_work_and_sees_it_confirmed(open_app, actor_of, demo_db):
    at = open_app(actor_of("manager"), PAGE)
    new_id = next(
        r["id"] for r in list_leads(demo_db, LeadFilter(statuses=("new",))) if not r["manager"]
    )

    at.selectbox(key="leads_pick").set_value(new_id).run()
    at.button(key="leads_move_in_work").click().run()

    assert not at.exception
    assert texts.LEADS_MOVED.format(id=new_id, status=texts.LEAD_STATUS_NAMES["in_work"]) in [
        s.value for s in at.success
    ]
    lead = get_lead(demo_db, new_id)
    assert lead["status"] == "in_work"
    assert lead["first_contact_at"] is not None
    assert lead["manager"]


def test_a_lead_in_work_offers_done_and_refused_but_not_take_into_work(open_app, actor_of, demo_db):
    at = open_app(actor_of("qc"), PAGE)
    in_work = list_leads(demo_db, LeadFilter(statuses=("in_work",)))[0]["id"]

    at.selectbox(key="leads_pick").set_value(in_work).run()

    labels = [b.label for b in at.button if b.label != TM.LEADS_TAKE]
    assert labels == [texts.LEADS_ACTION_LABELS["done"], texts.LEADS_ACTION_LABELS["refused"]]
    at.button(key="leads_move_refused").click().run()
    assert get_lead(demo_db, in_work)["status"] == "refused"


def test_an_inverted_period_shows_a_clear_message_instead_of_figures(open_app, actor_of):
    at = open_app(actor_of("head"), PAGE)
    start = at.date_input(key="leads_from").value

    at.date_input(key="leads_to").set_value(start).run()

    assert [e.value for e in at.error] == [texts.LEADS_BAD_PERIOD]
    assert not at.metric


def test_a_manager_sees_a_colleagues_lead_but_must_take_it_first(open_app, actor_of, demo_db):
    at = open_app(actor_of("manager"), PAGE)
    mine = {actor_of("manager").name}
    theirs = next(
        r
        for r in list_leads(demo_db, LeadFilter(statuses=("in_work",)))
        if r["manager"] and r["manager"] not in mine
    )
    at.selectbox(key="leads_pick").set_value(theirs["id"]).run()
    labels = [b.label for b in at.button]
    assert labels == [TM.LEADS_TAKE]
    at.button(key="leads_take").click().run()
    assert get_lead(demo_db, theirs["id"])["manager"] == actor_of("manager").name
    assert TM.LEADS_TAKEN.format(id=theirs["id"]) in [s.value for s in at.success]
    assert texts.LEADS_ACTION_LABELS["done"] in [b.label for b in at.button]


def test_the_pending_warning_lists_the_longest_waits_first(open_app, actor_of, demo_db):
    at = open_app(actor_of("head"), PAGE)
    waiting = pending_leads(demo_db, int(get_setting(demo_db, "lead_pending_minutes")))
    longest = min(waiting, key=lambda r: r["created_at"])
    text = at.warning[0].value
    first_item = text.split("\n- ")[1]
    assert f"№ {longest['id']}" in first_item
