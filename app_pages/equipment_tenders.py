"""«Тендеры и конкуренты»: completed tenders, the competitor base (wins, sums, customers,
segments, average discount, wins at our clients) and customers matched by name to confirm."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.equipment import EquipmentError
from core.roles import EquipmentAction, can
from db.connection import db_path
from db.tenders import (
    competitor_report,
    confirm_match,
    list_tenders,
    matches_to_confirm,
    tender_items,
)
from ui.auth import guard
from ui.data import after_write, get_db
from ui.fmt import fmt_int, fmt_money, fmt_pct
from ui.texts import equipment as T
from ui.widgets import data_table, metric_row, table_with_download

actor = guard("equipment_tenders")


@st.cache_data(ttl=30, max_entries=4, show_spinner=False)
def load_all(
    db_file: str,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Competitors, tenders and name matches to confirm."""
    db = get_db()
    return competitor_report(db), list_tenders(db), matches_to_confirm(db)


st.title(T.TENDERS_TITLE)
st.caption(T.TENDERS_CAPTION)
db_file = str(db_path())
competitors, tenders, to_confirm = load_all(db_file)
metric_row(
    [
        (T.METRIC_TENDERS, fmt_int(len(tenders))),
        (T.METRIC_COMPETITORS_BASE, fmt_int(len(competitors))),
        (
            T.METRIC_NO_WINNER,
            fmt_int(sum(1 for t in tenders if not t["winner_name"] and not t["winner_inn"])),
        ),  # fmt: skip
        (T.METRIC_TO_CONFIRM, fmt_int(len(to_confirm))),
    ]
)
base_tab, tenders_tab, confirm_tab = st.tabs([T.TAB_COMPETITORS, T.TAB_TENDERS, T.TAB_CONFIRM])
with base_tab:
    if not competitors:
        st.info(T.TENDERS_NONE)
    else:
        table_with_download(
            pd.DataFrame([{T.COL_INN: c["inn"] or "", T.COL_NAME: c["name"],
                           T.COL_TENDERS: c["tenders"], T.COL_AMOUNT: c["amount"],
                           T.COL_CUSTOMERS: c["customers"],
                           T.COL_SEGMENTS: ", ".join(c["segments"]),
                           T.COL_DISCOUNT: fmt_pct(c["discount"], 1),
                           T.COL_AGAINST_US: c["against_us"]} for c in competitors]),
            T.COMPETITORS_FILE, "tenders_competitors",
        )  # fmt: skip
with tenders_tab:
    if not tenders:
        st.info(T.TENDERS_NONE)
    else:
        table_with_download(
            pd.DataFrame([{T.COL_REGISTRY: t["registry_number"] or t["contract_number"] or "",
                           T.COL_DUE: t["day"] or "", T.COL_LAW: t["law"] or "",
                           T.COL_CLIENT: t["customer_name"] or "",
                           T.COL_CLIENT_INN: (t["customer_inn"] or "") + (
                               "" if t["customer_inn_ok"] or not t["customer_inn"] else " ⚠"),
                           T.COL_WINNER: t["winner_name"] or (t["winner_inn"] or T.NO_WINNER),
                           T.COL_NMCK: fmt_money(t["nmck_kop"]),
                           T.COL_PRICE: fmt_money(t["price_kop"]),
                           T.COL_DISCOUNT: fmt_pct(t["discount"], 1), T.COL_ITEMS: t["items"],
                           T.COL_OUR_WIN: T.YES if t["ours"] else ""} for t in tenders]),
            T.TENDERS_FILE, "tenders_list",
        )  # fmt: skip
        labels = {t["id"]: f"{t['registry_number'] or t['contract_number']} · "
                  f"{(t['customer_name'] or '')[:60]}" for t in tenders[:2000]}  # fmt: skip
        pick = st.selectbox(T.TENDERS_PICK, list(labels), format_func=labels.get,
                            key="tenders_pick")  # fmt: skip
        if pick is not None:
            items = tender_items(get_db(), int(pick))
            data_table(
                pd.DataFrame([{T.COL_ITEM: i["name"] or "", T.COL_OKPD2: i["okpd2"] or "",
                               T.COL_QTY: i["quantity"], T.COL_UNIT: i["unit"] or "",
                               T.COL_PRICE: fmt_money(i["price_kop"]),
                               T.COL_AMOUNT: fmt_money(i["amount_kop"])} for i in items]),
                hide_index=True, width="stretch", key="tenders_items",
            )  # fmt: skip
with confirm_tab:
    if not to_confirm:
        st.success(T.CONFIRM_NONE)
    else:
        st.caption(T.CONFIRM_CAPTION)
        data_table(
            pd.DataFrame([{T.COL_TENDER_CUSTOMER: m["customer_name"] or "",
                           T.COL_CLIENT: m["client"], T.COL_CLIENT_INN: m["client_inn"] or ""}
                          for m in to_confirm]),
            hide_index=True, width="stretch", key="tenders_confirm_table",
        )  # fmt: skip
        if can(actor.role, EquipmentAction.EDIT_EQUIPMENT):  # type: ignore[arg-type]
            labels = {m["id"]: f"{m['customer_name']} → {m['client']}" for m in to_confirm}
            with st.form("tenders_confirm_form"):
                chosen = st.selectbox(T.CONFIRM_PICK, list(labels), format_func=labels.get,
                                      key="tenders_confirm_pick")  # fmt: skip
                first, second = st.columns(2)
                yes = first.form_submit_button(T.CONFIRM_YES, type="primary")
                no = second.form_submit_button(T.CONFIRM_NO)
                if yes or no:
                    try:
                        confirm_match(get_db(), actor, int(chosen), accept=bool(yes))
                    except EquipmentError as exc:
                        st.error(T.ERRORS.get(exc.code, exc.code))
                    else:
                        after_write()
                        st.toast(T.SAVED)
                        st.rerun()
