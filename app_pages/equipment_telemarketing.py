"""«Телемаркетинг» (seed 003, case 1): call lists from sales history or from the register, assigned
to managers; each call's outcome («critical» opens a sales opportunity); «Анализ телемаркетинга»."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from core.equipment import OUTCOMES, EquipmentError
from core.roles import EquipmentAction, Role, can
from core.timeutil import local_day, utcnow
from db.connection import db_path
from db.equipment import equipment_kinds
from db.telemarketing import (
    BY_MANAGER,
    SOURCE_REGISTER,
    SOURCE_SALES,
    CampaignCriteria,
    build_campaign,
    list_calls,
    list_campaigns,
    list_opportunities,
    record_call,
    telemarketing_report,
)
from db.users import list_users, user_names
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.fmt import fmt_int
from ui.texts import equipment as T
from ui.widgets import data_table, metric_row, plain, table_with_download

actor = guard("equipment_telemarketing")
tz = str(settings()["timezone"])
today = date.fromisoformat(local_day(utcnow(), tz))
builds = can(actor.role, EquipmentAction.BUILD_CAMPAIGNS)  # type: ignore[arg-type]
calls_all = actor.role in (Role.HEAD, Role.ADMIN)


@st.cache_data(ttl=30, max_entries=8, show_spinner=False)
def load(db_file: str, who: str | None) -> dict[str, Any]:
    """Campaigns, calls, the analysis and opportunities."""
    db = get_db()
    return {
        "campaigns": list_campaigns(db),
        "calls": list_calls(db, assignee=who),
        "report": telemarketing_report(db),
        "opportunities": list_opportunities(db, None if who is None else who),
        "names": user_names(db),
    }


st.title(T.TM_TITLE)
st.caption(T.TM_CAPTION)
db_file = str(db_path())
data = load(db_file, None if calls_all else actor.login)
calls = data["calls"]
names: dict[str, str] = data["names"]
metric_row(
    [
        (T.TM_METRIC_CAMPAIGNS, fmt_int(len(data["campaigns"]))),
        (T.TM_METRIC_CALLS, fmt_int(len(calls))),
        (T.TM_METRIC_LEFT, fmt_int(sum(c["outcome"] is None for c in calls))),
        (T.TM_METRIC_OPPORTUNITIES, fmt_int(len(data["opportunities"]))),
    ]
)
tabs = st.tabs([T.TM_TAB_CALLS, T.TM_TAB_ANALYSIS, *([T.TM_TAB_BUILD] if builds else [])])
with tabs[0]:
    if not calls:
        st.info(T.TM_NO_CALLS)
    else:
        table_with_download(
            pd.DataFrame([{T.COL_CAMPAIGN: c["campaign"], T.COL_CLIENT: c["client"],
                           T.COL_CLIENT_INN: c["client_inn"] or "",
                           T.COL_PRODUCT: c["product"] or "", T.COL_SERIAL: c["serial"] or "",
                           T.COL_ASSIGNEE: names.get(c["assignee"], c["assignee"] or ""),
                           T.COL_OUTCOME: T.OUTCOMES.get(c["outcome"] or "", T.NOT_CALLED),
                           T.COL_CALLBACK: c["callback_on"] or "",
                           T.COL_COMMENT: c["comment"] or "",
                           T.COL_OPPORTUNITY: T.YES if c["opportunity_id"] else ""}
                          for c in calls]),
            T.TM_FILE, "tm_calls",
        )  # fmt: skip
        waiting = {c["id"]: f"{c['campaign']} · {c['client']} · {c['product'] or ''}"
                   for c in calls if c["outcome"] is None}  # fmt: skip
        if waiting and can(actor.role, EquipmentAction.RECORD_CALLS):  # type: ignore[arg-type]
            with st.form("tm_call_form", clear_on_submit=True):
                call = st.selectbox(T.TM_PICK, list(waiting), format_func=waiting.get,
                                    key="tm_pick")  # fmt: skip
                outcome = st.radio(T.COL_OUTCOME, list(OUTCOMES), format_func=T.OUTCOMES.get,
                                   horizontal=True, key="tm_outcome")  # fmt: skip
                callback = st.date_input(T.COL_CALLBACK, value=None, format="DD.MM.YYYY",
                                         key="tm_callback")  # fmt: skip
                comment = st.text_area(T.COL_COMMENT, key="tm_comment")
                if st.form_submit_button(T.TM_SAVE, type="primary"):
                    try:
                        opened = record_call(get_db(), actor, int(call), outcome, comment.strip(),
                                             callback)  # fmt: skip
                    except EquipmentError as exc:
                        st.error(T.ERRORS.get(exc.code, exc.code))
                    else:
                        after_write()
                        st.toast(T.TM_OPPORTUNITY if opened else T.SAVED)
                        st.rerun()
with tabs[1]:
    report = data["report"]
    if not report:
        st.info(T.TM_NO_CAMPAIGNS)
    else:
        table_with_download(
            pd.DataFrame([{T.COL_CAMPAIGN: r["campaign"], T.COL_ASSIGNEE: names.get(r["assignee"], r["assignee"] or "—"),
                           T.COL_CALLS: r["calls"], T.COL_DONE: r["done"],
                           **{T.OUTCOMES[o]: r["outcomes"][o] for o in OUTCOMES},
                           T.COL_OPPORTUNITIES: r["opportunities"]} for r in report]),
            T.TM_REPORT_FILE, "tm_report",
        )  # fmt: skip
    if data["opportunities"]:
        st.subheader(T.TM_OPPORTUNITIES)
        data_table(
            pd.DataFrame([{T.COL_CLIENT: o["client"], T.COL_NAME: o["title"],
                           T.COL_MANAGER: names.get(o["manager"], o["manager"] or ""), T.COL_DUE: o["created_at"][:10]}
                          for o in data["opportunities"]]),
            hide_index=True, width="stretch", key="tm_opportunities",
        )  # fmt: skip
if builds:
    with tabs[2], st.form("tm_build_form"):
        name = st.text_input(T.TM_NAME, value=T.TM_NAME_DEFAULT.format(day=today.strftime(
            "%d.%m.%Y")), key="tm_name")  # fmt: skip
        source = st.radio(T.TM_SOURCE, [SOURCE_SALES, SOURCE_REGISTER],
                          format_func=T.TM_SOURCES.get, horizontal=True, key="tm_source")  # fmt: skip
        st.caption(T.TM_FROM_SALES)
        first, second = st.columns(2)
        kind = first.selectbox(T.COL_TYPE, ["", *equipment_kinds(get_db())],
                               format_func=lambda k: k or T.ANY, key="tm_kind")  # fmt: skip
        product = second.text_input(T.COL_PRODUCT, key="tm_product")
        sold_from = first.date_input(T.TM_SOLD_FROM, value=today - timedelta(days=730),
                                     format="DD.MM.YYYY", key="tm_from")  # fmt: skip
        sold_to = second.date_input(T.TM_SOLD_TO, value=today, format="DD.MM.YYYY", key="tm_to")
        st.caption(T.TM_FROM_REGISTER)
        first, second, third = st.columns(3)
        event = first.selectbox(T.COL_EVENT, ["", "warranty_end", "maintenance"],
                                format_func=lambda e: T.EVENTS.get(e, T.ANY), key="tm_event")  # fmt: skip
        within = second.number_input(T.TM_WITHIN, 1, 730, 60, key="tm_within")
        owner = third.selectbox(T.COL_OWNER, ["", "ours", "competitor"],
                                format_func=lambda o: T.OWNERS.get(o, T.ANY), key="tm_owner")  # fmt: skip
        managers = [u["login"] for u in list_users(get_db()) if u["role"] == "manager"]
        assignee = st.selectbox(T.TM_ASSIGNEE, [BY_MANAGER, "", *managers],
                                format_func=lambda a: T.TM_ASSIGNEES.get(a, names.get(a, a)), key="tm_assignee")  # fmt: skip
        if st.form_submit_button(T.TM_BUILD, type="primary"):
            criteria = CampaignCriteria(
                source=source, product=product.strip(), kind=kind,
                sold_from=sold_from.isoformat() if sold_from else "",
                sold_to=(sold_to + timedelta(days=1)).isoformat() if sold_to else "",
                event=event, within_days=int(within), owner=owner, today=today.isoformat(),
            )  # fmt: skip
            try:
                campaign = build_campaign(get_db(), actor, name.strip() or T.TM_NAME_DEFAULT.format(
                    day=today.strftime("%d.%m.%Y")), criteria, assignee=assignee,
                    role="manager" if assignee == "" else "")  # fmt: skip
            except EquipmentError as exc:
                st.error(T.ERRORS.get(exc.code, exc.code))
            else:
                after_write()
                st.toast(T.TM_BUILT.format(id=plain(campaign)))
                st.rerun()
