"""«Проверка отказов»: QC works the conditional refusals oldest first — the seed-002 call script
filled with the deal's data, the client's phone, the deal's history, then the outcome and the
client's own reason: confirm and close, or return (optionally to another manager)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.deals import OUTCOMES, RETURNED, STAGE_NAMES, DealRuleError
from core.timeutil import from_stored, utcnow
from db.connection import db_path
from db.deals import (
    DealNotFound,
    UnknownManager,
    Verification,
    client_contact,
    deal_history,
    list_reasons,
    manager_logins,
    verification_queue,
    verify_refusal,
)
from db.users import user_names
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.deals import rule_text
from ui.fmt import fmt_date, fmt_dt, fmt_int, fmt_money, fmt_num
from ui.texts import deals as T
from ui.widgets import data_table, metric_row, plain, table_with_download

FLASH_KEY = "deals_queue_flash"

actor = guard("deals_queue")
tz = str(settings()["timezone"])


@st.cache_data(ttl=30, max_entries=8, show_spinner=False)
def load_queue(db_file: str, tz: str) -> list[dict[str, Any]]:
    """The refusals waiting for a callback, oldest first, with their working-day age."""
    return verification_queue(get_db(), utcnow(), tz)


@st.cache_data(ttl=30, max_entries=32, show_spinner=False)
def load_card(db_file: str, deal_id: str, client_id: int | None) -> dict[str, Any]:
    """What the call needs: the client's contact and phone, the deal's history and first product."""
    db = get_db()
    product = db.execute(
        "SELECT product FROM deal_items WHERE deal_id = ? ORDER BY line LIMIT 1", [deal_id]
    ).fetchone()
    last_talk = db.execute(
        "SELECT MAX(at) FROM deal_activities WHERE deal_id = ? AND kind IN ('call', 'meeting')",
        [deal_id],
    ).fetchone()[0]
    return {
        "contact": client_contact(db, client_id),
        "history": deal_history(db, deal_id),
        "product": product[0] if product else "",
        "last_talk": last_talk,
    }


def queue_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                T.COL_DEAL: r["deal_id"],
                T.COL_CLIENT: r["client"] or "",
                T.COL_MANAGER: r["manager_name"] or r["manager"],
                T.COL_REASON: r["reason"],
                T.COL_COMMENT: r["comment"],
                T.COL_AMOUNT: r["amount_kop"] / 100 if r["amount_kop"] is not None else None,
                T.COL_REFUSED: fmt_dt(r["refused_at"], tz),
                T.COL_AGE: r["age_days"],
                T.COL_LATE: "⚠" if r["overdue"] else "",
            }
            for r in rows
        ]
    )


def history_frame(rows: list[dict[str, Any]], names: dict[str, str]) -> pd.DataFrame:
    data = []
    for r in rows:
        if r["kind"] == "stage":
            event = (
                T.HISTORY_STAGE.format(
                    from_stage=STAGE_NAMES.get(r["from_stage"], r["from_stage"]),
                    to_stage=STAGE_NAMES.get(r["to_stage"], r["to_stage"]),
                )
                if r["from_stage"]
                else T.HISTORY_CREATED.format(to_stage=STAGE_NAMES.get(r["to_stage"], ""))
            )
            detail = " · ".join(x for x in (r["reason"], r["comment"]) if x)
        else:
            event = T.ACTIVITY_KINDS.get(r["kind"], r["kind"])
            detail = r["text"]
        data.append(
            {
                T.COL_WHEN: fmt_dt(r["at"], tz),
                T.COL_WHO: names.get(r["login"] or "", r["login"] or ""),
                T.COL_EVENT: event,
                T.COL_COMMENT: detail,
            }
        )
    return pd.DataFrame(data)


st.title(T.QUEUE_TITLE)
db_file = str(db_path())
db = get_db()
rows = load_queue(db_file, tz)
target = rows[0]["target_days"] if rows else None
st.caption(T.QUEUE_CAPTION.format(target=plain(target if target is not None else "—")))
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash)
if not rows:
    st.success(T.QUEUE_EMPTY)
    st.stop()

metric_row(
    [
        (T.QUEUE_FIGURES[0], fmt_int(len(rows))),
        (T.QUEUE_FIGURES[1], fmt_int(sum(1 for r in rows if r["overdue"]))),
        (T.QUEUE_FIGURES[2], fmt_num(rows[0]["age_days"], 1)),
        (T.QUEUE_FIGURES[3], fmt_int(rows[0]["target_days"])),
    ]
)
table_with_download(queue_frame(rows), T.QUEUE_FILE, "deals_queue")

labels = {
    r["deal_id"]: T.QUEUE_PICK_LABEL.format(
        id=r["deal_id"],
        client=r["client"] or "—",
        reason=r["reason"],
        age=fmt_num(r["age_days"], 1),
    )  # fmt: skip
    for r in rows
}
deal_id = st.selectbox(T.QUEUE_PICK, list(labels), format_func=labels.get, key="deals_queue_pick")
row = next(r for r in rows if r["deal_id"] == deal_id)
card = load_card(db_file, deal_id, row["client_id"])
names = user_names(db)

st.subheader(
    T.QUEUE_CARD.format(id=plain(deal_id), title=plain(row["title"] or row["client"] or ""))
)
left, right = st.columns(2)
with left:
    st.text(f"{T.COL_CLIENT}: {row['client'] or '—'} {row['client_inn'] or ''}".strip())
    st.text(f"{T.COL_MANAGER}: {row['manager_name'] or row['manager']}")
    st.text(f"{T.CARD_AMOUNT_LABEL}: {fmt_money(row['amount_kop'])}")
    st.text(f"{T.COL_REASON}: {row['reason']}" + (f" · {row['comment']}" if row["comment"] else ""))
with right:
    contact = card["contact"]
    if contact["phone"]:
        st.text(T.QUEUE_PHONE.format(phone=contact["phone"]))
    else:
        st.warning(T.QUEUE_NO_PHONE)
    if contact["name"]:
        st.text(T.QUEUE_CONTACT.format(name=contact["name"], role=contact["role"]).strip())
    late = T.QUEUE_WAIT_LATE if row["overdue"] else T.QUEUE_WAIT_OK
    st.text(late.format(age=fmt_num(row["age_days"], 1), target=row["target_days"]))

talked = card["last_talk"] or row["refused_at"]
script = T.SCRIPT.format(
    employee=actor.name or actor.login,
    company=str(settings().get("company_name") or "").strip() or "—",
    talked=fmt_date(from_stored(talked).date().isoformat()) if talked else "—",
    manager=row["manager_name"] or row["manager"],
    reason=row["reason"],
    product=card["product"] or row["title"] or T.SCRIPT_PRODUCT_FALLBACK,
)
st.markdown(f"**{T.QUEUE_SCRIPT}**")
st.code(script, language=None, wrap_lines=True)
with st.expander(T.QUEUE_HISTORY, expanded=True):
    data_table(history_frame(card["history"], names),
                 key="deals_queue_history")  # fmt: skip

reasons = list_reasons(db)
managers = manager_logins(db)
with st.form("deals_queue_form"):
    outcome = st.radio(
        T.QUEUE_OUTCOME, OUTCOMES, format_func=T.QUEUE_OUTCOMES.get, key="deals_queue_outcome"
    )
    client_reason = st.selectbox(
        T.QUEUE_CLIENT_REASON,
        reasons,
        index=reasons.index(row["reason"]) if row["reason"] in reasons else 0,
        key="deals_queue_client_reason",
    )
    choices = ["", *[login for login in managers if login != row["manager"]]]
    to_manager = st.selectbox(
        T.QUEUE_TO_MANAGER,
        choices,
        format_func=lambda login: managers.get(login, login) if login else T.QUEUE_SAME_MANAGER,
        key="deals_queue_to_manager",
    )
    comment = st.text_area(T.QUEUE_COMMENT, key="deals_queue_comment")
    if st.form_submit_button(T.QUEUE_SUBMIT, type="primary"):
        try:
            deal = verify_refusal(
                get_db(),
                actor,
                deal_id,
                Verification(
                    outcome=outcome,
                    client_reason=client_reason,
                    comment=comment,
                    to_manager=to_manager if outcome == RETURNED else "",
                ),
            )
        except (DealRuleError, DealNotFound, UnknownManager) as exc:
            st.error(rule_text(exc))
        else:
            after_write()
            stage = STAGE_NAMES[deal["stage"]]
            st.session_state[FLASH_KEY] = T.QUEUE_DONE.format(id=deal_id, stage=stage)
            st.rerun()
