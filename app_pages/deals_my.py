"""«Мои сделки»: a manager's own deals (staff see everyone's) — move a deal on, into «Условный
отказ» with a reason from the list; the deals QC returned after a callback. «Закрыто и не
реализовано» is never offered to a manager, and db.deals.move_deal refuses it anyway."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from core.deals import (
    CLOSED_STAGES,
    CONDITIONAL_REFUSAL,
    OPEN_STAGES,
    OTHER_REASON,
    STAGE_NAMES,
    STAGES,
    DealRuleError,
    allowed_targets,
)
from db.connection import db_path
from db.deals import (
    DealNotFound,
    add_activity,
    add_task,
    complete_task,
    deal_card,
    list_deals,
    list_reasons,
    move_deal,
    returned_deals,
    update_client,
    update_deal,
)
from db.users import user_names
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.deals import pick_manager, rule_text
from ui.fmt import fmt_dt
from ui.texts import deals as T
from ui.widgets import plain, table_with_download

FLASH_KEY = "deals_my_flash"

actor = guard("deals_my")
tz = str(settings()["timezone"])
is_manager = actor.role == "manager"


@st.cache_data(ttl=30, max_entries=16, show_spinner=False)
def load_deals(db_file: str, manager: str | None) -> list[dict[str, Any]]:
    """The deals shown: one manager's, or all of them."""
    return list_deals(get_db(), manager=manager, limit=5000)


@st.cache_data(ttl=30, max_entries=16, show_spinner=False)
def load_returned(db_file: str, manager: str | None) -> list[dict[str, Any]]:
    """Deals QC returned to work after a callback."""
    return returned_deals(get_db(), manager)


def deals_frame(rows: list[dict[str, Any]], names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                T.COL_DEAL: r["id"],
                T.COL_TITLE: r["title"] or "",
                T.COL_CLIENT: r["client"] or "",
                T.COL_MANAGER: names.get(r["manager"], r["manager"]),
                T.COL_STAGE: STAGE_NAMES[r["stage"]],
                T.COL_AMOUNT: (r["amount_kop"] or 0) / 100 if r["amount_kop"] is not None else None,
                T.COL_SOURCE: r["lead_source"] or "",
                T.COL_STAGE_SINCE: fmt_dt(r["stage_at"], tz),
                T.COL_NEXT_TASK: fmt_dt(r["next_task_due"], tz) if r["next_task_due"] else "",
            }
            for r in rows
        ]
    )


def returned_frame(rows: list[dict[str, Any]], names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                T.COL_DEAL: r["id"],
                T.COL_CLIENT: r["client"] or "",
                T.COL_MANAGER: names.get(r["manager"], r["manager"]),
                T.COL_STAGE: STAGE_NAMES[r["stage"]],
                T.COL_REASON: r["reason"],
                T.COL_CLIENT_REASON: r["client_reason"],
                T.COL_QC_COMMENT: r["verify_comment"],
                T.COL_VERIFIED: fmt_dt(r["verified_at"], tz),
            }
            for r in rows
        ]
    )


db = get_db()
db_file = str(db_path())
names = user_names(db)
st.title(T.MY_TITLE if is_manager else T.ALL_TITLE)
st.caption(T.MY_CAPTION if is_manager else T.ALL_CAPTION)
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash)

owner = pick_manager(actor.login, is_manager, "deals_my_manager")
deals = load_deals(db_file, owner)
returned = load_returned(db_file, owner)
wanted_deal = str(st.query_params.get("deal", ""))
wanted_client = str(st.query_params.get("client", ""))
if wanted_client.isdigit():
    # opened from the CRM-hygiene to-fix list: that client's deals only
    deals = [d for d in deals if str(d["client_id"]) == wanted_client]
    returned = [r for r in returned if any(d["id"] == r["id"] for d in deals)]
    st.info(T.FILTERED_CLIENT.format(client=plain(deals[0]["client"] if deals else wanted_client)))
elif wanted_deal:
    deals = [d for d in deals if d["id"] == wanted_deal] or deals
groups = {
    "open": [d for d in deals if d["stage"] in OPEN_STAGES],
    "refused": [d for d in deals if d["stage"] == CONDITIONAL_REFUSAL],
    "closed": [d for d in deals if d["stage"] in CLOSED_STAGES],
}
tabs = st.tabs(
    [
        T.TAB_OPEN.format(count=len(groups["open"])),
        T.TAB_REFUSED.format(count=len(groups["refused"])),
        T.TAB_RETURNED.format(count=len(returned)),
        T.TAB_CLOSED.format(count=len(groups["closed"])),
    ]
)
for tab, key in zip(tabs[:2], ("open", "refused"), strict=True):
    with tab:
        if groups[key]:
            table_with_download(deals_frame(groups[key], names), T.DEALS_FILE, f"deals_my_{key}")
        else:
            st.info(T.NO_DEALS)
with tabs[2]:
    if returned:
        table_with_download(returned_frame(returned, names), T.DEALS_FILE, "deals_my_returned")
    else:
        st.info(T.NO_RETURNED)
with tabs[3]:
    if groups["closed"]:
        table_with_download(deals_frame(groups["closed"], names), T.DEALS_FILE, "deals_my_closed")
    else:
        st.info(T.NO_DEALS)

# ---- move a deal -------------------------------------------------------------------------------
movable = [d for d in deals if allowed_targets(actor.role, actor.login, d["manager"], d["stage"])]
st.subheader(T.MOVE_HEADER)
if not movable:
    st.info(T.NO_DEALS)
    st.stop()
labels = {
    d["id"]: f"{d['id']} · {d['client'] or d['title'] or ''} · {STAGE_NAMES[d['stage']]}"
    for d in movable
}
deal_id = st.selectbox(T.MOVE_DEAL, list(labels), format_func=labels.get, key="deals_my_deal")
deal = next(d for d in movable if d["id"] == deal_id)
targets = [s for s in STAGES if s in allowed_targets(actor.role, actor.login, deal["manager"],
                                                      deal["stage"])]  # fmt: skip
reasons = list_reasons(db)
with st.form("deals_my_form"):
    stage = st.selectbox(T.MOVE_STAGE, targets, format_func=STAGE_NAMES.get, key="deals_my_stage")
    reason = st.selectbox(T.MOVE_REASON, reasons, index=None, key="deals_my_reason",
                          help=T.MOVE_REASON_HELP)  # fmt: skip
    comment = st.text_area(T.MOVE_COMMENT, key="deals_my_comment")
    if st.form_submit_button(T.MOVE_SUBMIT, type="primary"):
        try:
            moved = move_deal(
                get_db(), actor, deal_id, stage,
                reason=(reason or "") if stage == CONDITIONAL_REFUSAL else "",
                comment=comment,
            )  # fmt: skip
        except (DealRuleError, DealNotFound) as exc:
            st.error(rule_text(exc))
        else:
            after_write()
            st.session_state[FLASH_KEY] = T.MOVE_DONE.format(
                id=deal_id, stage=STAGE_NAMES[moved["stage"]]
            )
            st.rerun()
st.caption(T.MOVE_OTHER_NOTE.format(other=OTHER_REASON))

# ---- the deal's card: its data, next steps, contacts with the client, the client's data -------
card = deal_card(get_db(), deal_id)
st.subheader(T.CARD_HEADER.format(id=plain(deal_id)))
data_tab, tasks_tab, activity_tab, client_tab = st.tabs(
    [T.CARD_TAB_DATA, T.CARD_TAB_TASKS, T.CARD_TAB_ACTIVITY, T.CARD_TAB_CLIENT]
)


def card_saved() -> None:
    after_write()
    st.session_state[FLASH_KEY] = T.CARD_SAVED
    st.rerun()


with data_tab, st.form("deals_my_card_data"):
    current = card["deal"]
    title = st.text_input(T.CARD_TITLE, current["title"] or "", key="deals_my_card_title")
    amount = st.number_input(
        T.CARD_AMOUNT, min_value=0.0, step=1000.0, key="deals_my_card_amount",
        value=(current["amount_kop"] or 0) / 100,
    )  # fmt: skip
    source = st.text_input(T.CARD_SOURCE, current["lead_source"] or "", key="deals_my_card_source")
    if st.form_submit_button(T.CARD_SAVE):
        try:
            update_deal(get_db(), actor, deal_id, amount_kop=round(amount * 100), title=title,
                        lead_source=source)  # fmt: skip
        except (DealRuleError, DealNotFound) as exc:
            st.error(rule_text(exc))
        else:
            card_saved()
with tasks_tab:
    if card["tasks"]:
        task_labels = {t["id"]: f"{fmt_dt(t['due_at'], tz)} · {t['title']}" for t in card["tasks"]}
        for label in task_labels.values():
            st.text(label)
        with st.form("deals_my_card_done"):
            task = st.selectbox(T.CARD_TASK_PICK, list(task_labels), format_func=task_labels.get,
                                key="deals_my_card_task")  # fmt: skip
            if st.form_submit_button(T.CARD_TASK_DONE):
                try:
                    complete_task(get_db(), actor, int(task))
                except DealRuleError as exc:
                    st.error(rule_text(exc))
                else:
                    card_saved()
    else:
        st.info(T.CARD_NO_TASKS)
    with st.form("deals_my_card_task_add", clear_on_submit=True):
        step = st.text_input(T.CARD_TASK_TITLE, key="deals_my_card_task_title")
        due = st.date_input(T.CARD_TASK_DUE, format="DD.MM.YYYY", key="deals_my_card_task_due")
        if st.form_submit_button(T.CARD_TASK_ADD) and step.strip():
            moment = datetime.combine(due, time(10)).replace(tzinfo=ZoneInfo(tz))
            try:
                add_task(get_db(), actor, deal_id, step, moment)
            except (DealRuleError, DealNotFound) as exc:
                st.error(rule_text(exc))
            else:
                card_saved()
with activity_tab, st.form("deals_my_card_activity", clear_on_submit=True):
    kind = st.selectbox(T.CARD_ACTIVITY_KIND, list(T.ACTIVITY_KINDS),
                        format_func=T.ACTIVITY_KINDS.get, key="deals_my_card_kind")  # fmt: skip
    summary = st.text_area(T.CARD_ACTIVITY_TEXT, key="deals_my_card_activity_text")
    if st.form_submit_button(T.CARD_ACTIVITY_ADD):
        if not summary.strip():
            st.error(T.CARD_TEXT_REQUIRED)
        else:
            try:
                add_activity(get_db(), actor, deal_id, kind, summary)
            except (DealRuleError, DealNotFound) as exc:
                st.error(rule_text(exc))
            else:
                card_saved()
with client_tab:
    if card["deal"]["client_id"] is None:
        st.info(T.NO_DEALS)
    else:
        with st.form("deals_my_card_client"):
            contact, client = card["contact"], card["client"]
            left, right = st.columns(2)
            name = left.text_input(T.CARD_CONTACT_NAME, contact["name"], key="deals_my_cc_name")
            role = right.text_input(T.CARD_CONTACT_ROLE, contact["role"], key="deals_my_cc_role")
            phone = left.text_input(T.CARD_PHONE, contact["phone"] or client["phone"],
                                    key="deals_my_cc_phone")  # fmt: skip
            email = right.text_input(T.CARD_EMAIL, contact["email"] or client["email"],
                                     key="deals_my_cc_email")  # fmt: skip
            industry = left.text_input(T.CARD_INDUSTRY, client["industry"],
                                       key="deals_my_cc_industry")  # fmt: skip
            segment = right.text_input(T.CARD_SEGMENT, client["segment"], key="deals_my_cc_segment")
            if st.form_submit_button(T.CARD_SAVE):
                try:
                    update_client(
                        get_db(), actor, int(card["deal"]["client_id"]), contact_name=name,
                        contact_role=role, phone=phone, email=email, industry=industry,
                        segment=segment,
                    )  # fmt: skip
                except DealRuleError as exc:
                    st.error(rule_text(exc))
                else:
                    card_saved()
