"""«Обзор»: who you are and one card per module with its real headline figures."""

from __future__ import annotations

import streamlit as st

from core.leads import LEAD_PERIOD_DAYS
from core.timeutil import utcnow
from db.leads import leads_overview
from db.monitor import has_requests, monitor_snapshot
from db.overview import directory_counts
from ui import texts
from ui.auth import guard
from ui.data import get_db, settings
from ui.deals import show_overview_card
from ui.fmt import fmt_int, fmt_pct
from ui.shopper import shopper_card
from ui.widgets import metric_row, plain

actor = guard("overview")
st.title(texts.OVERVIEW_TITLE)
st.caption(
    texts.OVERVIEW_WHO.format(
        name=plain(actor.name or actor.login), role=texts.ROLE_NAMES[actor.role]
    )
)
company = settings().get("company_name")
if company:
    st.caption(texts.OVERVIEW_COMPANY.format(company=plain(company)))

db = get_db()

with st.container(border=True):
    st.subheader(texts.OVERVIEW_DIRECTORY)
    counts = directory_counts(db)
    metric_row(
        [
            (texts.OVERVIEW_ORGS, fmt_int(counts["orgs"])),
            (texts.OVERVIEW_STAFF, fmt_int(counts["staff"])),
            (texts.OVERVIEW_CLIENTS, fmt_int(counts["clients"])),
            (texts.OVERVIEW_USERS, fmt_int(counts["users"])),
        ]
    )

if has_requests(db):
    with st.container(border=True):
        st.subheader(texts.OVERVIEW_MONITOR)
        queue = monitor_snapshot(db, utcnow(), settings(), alert_limit=0)
        metric_row(
            [
                (texts.MONITOR_OPEN, fmt_int(queue["open"])),
                (texts.MONITOR_WAITING, fmt_int(queue["waiting_unassigned"])),
                (texts.MONITOR_MISSED_TODAY, fmt_int(queue["today"]["missed"])),
                (texts.MONITOR_LOW_TODAY, fmt_int(queue["today"]["low_ratings"])),
            ]
        )
        st.page_link("app_pages/monitor.py", label=texts.OVERVIEW_MONITOR_LINK,
                     icon=":material/monitor_heart:")  # fmt: skip

with st.container(border=True):
    st.subheader(texts.OVERVIEW_LEADS)
    lead_days = LEAD_PERIOD_DAYS
    st.caption(texts.OVERVIEW_LEADS_PERIOD.format(days=plain(lead_days)))
    leads, leads_waiting = leads_overview(
        db, lead_days, int(settings()["lead_pending_minutes"]), str(settings()["timezone"])
    )
    metric_row(
        [
            (texts.OVERVIEW_LEADS_TOTAL, fmt_int(leads.total)),
            (texts.OVERVIEW_LEADS_CONVERSION, fmt_pct(leads.overall_rate)),
            (texts.OVERVIEW_LEADS_PENDING, fmt_int(leads.pending)),
            (texts.OVERVIEW_LEADS_WAITING, fmt_int(leads_waiting)),
        ]
    )
    st.page_link("app_pages/leads.py", label=texts.OVERVIEW_LEADS_LINK,
                 icon=":material/storefront:")  # fmt: skip

# equipment and tenders (issue 13): its card comes from its own module
from ui.equipment import overview_card as equipment_overview_card  # noqa: E402

equipment_overview_card(db)
shopper_card(actor)  # issue 11: shopper and call QC
show_overview_card(actor.role)  # refusals awaiting QC verification (issue 12)
