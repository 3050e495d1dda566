"""«СТОК»: the register of customers' equipment — filters, sorting, grouping, export, the card of a
piece with every field of seed 003, and adding a competitor's piece by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from core.equipment import OWNER_COMPETITOR, EquipmentError, EquipmentRecord
from core.roles import EquipmentAction, can
from core.timeutil import local_day, utcnow
from db.connection import db_path
from db.equipment import (
    RegisterFilter,
    add_equipment,
    client_choices,
    equipment_card,
    equipment_kinds,
    list_equipment,
    record_maintenance,
    update_equipment,
)
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.fmt import fmt_date, fmt_int, fmt_money
from ui.texts import equipment as T
from ui.widgets import data_table, metric_row, plain, table_with_download

actor = guard("equipment_register")
tz = str(settings()["timezone"])
today = date.fromisoformat(local_day(utcnow(), tz))


@st.cache_data(ttl=30, max_entries=32, show_spinner=False)
def load_register(db_file: str, flt: RegisterFilter, day: date) -> list[dict[str, Any]]:
    """The register rows of the filter."""
    return list_equipment(get_db(), day, flt)


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_choices(db_file: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Clients and equipment types for the filters."""
    db = get_db()
    return client_choices(db), equipment_kinds(db)


def register_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The register as a table with Russian headers (dates as dates, money in rubles)."""
    return pd.DataFrame(
        [
            {
                T.COL_ID: r["id"],
                T.COL_CLIENT: r["client"],
                T.COL_CLIENT_INN: r["client_inn"] or "",
                T.COL_PRODUCT: r["product"],
                T.COL_TYPE: r["kind"] or "",
                T.COL_SERIAL: r["serial"] or "",
                T.COL_OWNER: T.OWNERS.get(r["owner"], r["owner"]),
                T.COL_COMPETITOR: r["competitor"] or "",
                T.COL_SHIP_DATE: _day(r["ship_date"]),
                T.COL_WARRANTY_END: _day(r["warranty_end"]),
                T.COL_NEXT_MAINTENANCE: _day(r["next_maintenance"]),
                T.COL_STATUS: T.STATUSES.get(r["status"], r["status"]),
                T.COL_RESPONSIBLE: r["responsible"] or "",
                T.COL_SALE_DOC: " ".join(
                    filter(
                        None, [r["sale_doc"], fmt_date(r["sale_date"]) if r["sale_date"] else ""]
                    )
                ),  # fmt: skip
                T.COL_TENDER: r["tender"] or r["contract"] or "",
            }
            for r in rows
        ]
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


st.title(T.REGISTER_TITLE)
st.caption(T.REGISTER_CAPTION)
db_file = str(db_path())
clients, kinds = load_choices(db_file)
client_labels = {c["id"]: f"{c['name']} ({c['inn'] or '—'})" for c in clients}

with st.container(border=True):
    first, second, third = st.columns(3)
    client = first.selectbox(T.FILTER_CLIENT, [None, *client_labels],
                             format_func=lambda c: T.ANY if c is None else client_labels[c],
                             key="register_client")  # fmt: skip
    kind = second.selectbox(T.FILTER_TYPE, ["", *kinds], format_func=lambda k: k or T.ANY,
                            key="register_kind")  # fmt: skip
    owner = third.selectbox(T.FILTER_OWNER, ["", "ours", "competitor"],
                            format_func=lambda o: T.OWNERS.get(o, T.ANY), key="register_owner")  # fmt: skip
    first, second, third, fourth = st.columns(4)
    warranty = first.number_input(T.FILTER_WARRANTY_DAYS, 0, 3650, 0, key="register_warranty")
    maintenance = second.number_input(T.FILTER_MAINTENANCE_DAYS, 0, 3650, 0,
                                      key="register_maintenance")  # fmt: skip
    overdue = third.checkbox(T.FILTER_OVERDUE, key="register_overdue")
    search = fourth.text_input(T.FILTER_SEARCH, key="register_search")

flt = RegisterFilter(
    client_id=client,
    kind=kind,
    owner=owner,
    warranty_within=int(warranty) or None,
    maintenance_within=int(maintenance) or None,
    overdue=overdue,
    search=search.strip(),
)
rows = load_register(db_file, flt, today)
frame = register_frame(rows)
metric_row(
    [
        (T.METRIC_PIECES, fmt_int(len(rows))),
        (T.METRIC_OURS, fmt_int(sum(r["owner"] == "ours" for r in rows))),
        (T.METRIC_COMPETITORS, fmt_int(sum(r["owner"] == OWNER_COMPETITOR for r in rows))),
        (T.METRIC_UNDER_WARRANTY, fmt_int(sum(r["status"] == "under_warranty" for r in rows))),
    ]
)

if frame.empty:
    st.info(T.REGISTER_EMPTY)
else:
    first, second, third = st.columns(3)
    sort = first.selectbox(T.SORT_BY, list(frame.columns), index=list(frame.columns).index(
        T.COL_NEXT_MAINTENANCE), key="register_sort")  # fmt: skip
    descending = second.toggle(T.SORT_DESC, key="register_desc")
    group = third.selectbox(T.GROUP_BY, ["", T.COL_CLIENT, T.COL_TYPE, T.COL_OWNER,
                                         T.COL_STATUS, T.COL_COMPETITOR, T.COL_RESPONSIBLE],
                            format_func=lambda g: g or T.NO_GROUPING, key="register_group")  # fmt: skip
    frame = frame.sort_values(sort, ascending=not descending, na_position="last", kind="stable")
    if group:
        grouped = (
            frame.groupby(group, dropna=False)
            .agg(**{T.COL_COUNT: (T.COL_ID, "count"),
                    T.COL_NEAREST_WARRANTY: (T.COL_WARRANTY_END, "min"),
                    T.COL_NEAREST_MAINTENANCE: (T.COL_NEXT_MAINTENANCE, "min")})
            .reset_index()
            .sort_values(T.COL_COUNT, ascending=False)
        )  # fmt: skip
        table_with_download(grouped, T.REGISTER_GROUP_FILE, "register_grouped")
    table_with_download(frame, T.REGISTER_FILE, "register_table")

    st.subheader(T.CARD_TITLE)
    labels = {r["id"]: f"{r['id']} · {r['product']} {r['serial'] or ''} · {r['client']}"
              for r in rows[:2000]}  # fmt: skip
    piece = st.selectbox(T.CARD_PICK, list(labels), format_func=labels.get, key="register_piece")
    card = equipment_card(get_db(), int(piece), today) if piece is not None else None
    if card:
        fields = [
            (T.COL_CLIENT, f"{card['client']} ({card['client_inn'] or '—'})"),
            (T.COL_PRODUCT, card["product"]),
            (T.COL_TYPE, card["kind"] or "—"),
            (T.COL_SERIAL, card["serial"] or "—"),
            (T.COL_YEAR, str(card["year_made"] or "—")),
            (T.COL_COMPONENTS, card["components"] or "—"),
            (T.COL_OWNER, T.OWNERS.get(card["owner"], card["owner"])),
            (T.COL_COMPETITOR, card["competitor"] or "—"),
            (T.COL_SALE_DOC, " ".join(filter(None, [card["sale_doc"],
                                                    fmt_date(card["sale_date"])])) or "—"),
            (T.COL_TENDER, card["tender"] or card["contract"] or "—"),
            (T.COL_AMOUNT_PIECE, fmt_money(card["amount_kop"]) if card["amount_kop"] else "—"),
            (T.COL_SHIP_DATE, fmt_date(card["ship_date"])),
            (T.COL_WARRANTY_END, fmt_date(card["warranty_end"]) + (
                T.SET_BY_HAND if card["warranty_end_set"] else
                T.ESTIMATED if card["warranty_estimated"] else "")),
            (T.COL_STATUS, T.STATUSES.get(card["status"], card["status"])),
            (T.COL_CONTRACT_UNTIL, fmt_date(card["service_contract_until"])),
            (T.COL_LAST_REPAIR, fmt_date(card["last_repair"])),
            (T.COL_NEXT_MAINTENANCE, fmt_date(card["next_maintenance"])),
            (T.COL_RESPONSIBLE, card["responsible"] or "—"),
            (T.COL_MANAGER, card["manager"] or "—"),
            (T.COL_CONTACTS, card["contacts"] or "—"),
        ]  # fmt: skip
        data_table(pd.DataFrame(fields, columns=[T.COL_FIELD, T.COL_VALUE]), hide_index=True,
                     width="stretch", key="register_card")  # fmt: skip
        if card["maintenance"]:
            data_table(pd.DataFrame([{T.COL_KIND: m["kind"], T.COL_INTERVAL: m["interval_months"],
                                        T.COL_LAST_DONE: _day(m["last_done"]),
                                        T.COL_DUE: _day(m["next_due"])}
                                       for m in card["maintenance"]]),
                         hide_index=True, width="stretch", key="register_kinds")  # fmt: skip
        if can(actor.role, EquipmentAction.EDIT_EQUIPMENT):  # type: ignore[arg-type]
            with st.expander(T.CARD_EDIT), st.form("register_edit_form"):
                end = st.date_input(T.COL_WARRANTY_END_SET, value=_day(card["warranty_end_set"]),
                                    format="DD.MM.YYYY", key="register_end")  # fmt: skip
                contract = st.date_input(T.COL_CONTRACT_UNTIL,
                                         value=_day(card["service_contract_until"]),
                                         format="DD.MM.YYYY", key="register_contract")  # fmt: skip
                responsible = st.text_input(T.COL_RESPONSIBLE, card["responsible"] or "",
                                            key="register_responsible")  # fmt: skip
                contacts = st.text_area(T.COL_CONTACTS, card["contacts"] or "",
                                        key="register_contacts")  # fmt: skip
                components = st.text_area(T.COL_COMPONENTS, card["components"] or "",
                                          key="register_components")  # fmt: skip
                year = st.number_input(T.COL_YEAR, 0, 2100, int(card["year_made"] or 0),
                                       key="register_year")  # fmt: skip
                if st.form_submit_button(T.SAVE, type="primary"):
                    try:
                        update_equipment(get_db(), actor, int(card["id"]), {
                            "warranty_end_set": end, "service_contract_until": contract,
                            "responsible": responsible.strip(), "contacts": contacts.strip(),
                            "components": components.strip(), "year_made": int(year) or None})  # fmt: skip
                    except EquipmentError as exc:
                        st.error(T.ERRORS.get(exc.code, exc.code))
                    else:
                        after_write()
                        st.toast(T.SAVED)
                        st.rerun()
            if card["maintenance"]:
                with st.expander(T.CARD_MAINTENANCE), st.form("register_done_form"):
                    kind_done = st.selectbox(T.COL_KIND, [m["kind"] for m in card["maintenance"]],
                                             key="register_done_kind")  # fmt: skip
                    day_done = st.date_input(T.COL_LAST_DONE, value=today, format="DD.MM.YYYY",
                                             key="register_done_day")  # fmt: skip
                    if st.form_submit_button(T.MAINTENANCE_SAVE):
                        try:
                            record_maintenance(
                                get_db(), actor, int(card["id"]), kind_done, day_done
                            )
                        except EquipmentError as exc:
                            st.error(T.ERRORS.get(exc.code, exc.code))
                        else:
                            after_write()
                            st.toast(T.SAVED)
                            st.rerun()

if can(actor.role, EquipmentAction.EDIT_EQUIPMENT):  # type: ignore[arg-type]
    st.subheader(T.ADD_TITLE)
    st.caption(T.ADD_CAPTION)
    with st.form("register_add_form", clear_on_submit=True):
        first, second = st.columns(2)
        client_name = first.text_input(T.COL_CLIENT, key="register_add_client")
        client_inn = second.text_input(T.COL_CLIENT_INN, key="register_add_inn")
        product = first.text_input(T.COL_PRODUCT, key="register_add_product")
        type_name = second.text_input(T.COL_TYPE, key="register_add_type")
        competitor = first.text_input(T.COL_COMPETITOR, help=T.ADD_COMPETITOR_HELP,
                                      key="register_add_competitor")  # fmt: skip
        serial = second.text_input(T.COL_SERIAL, key="register_add_serial")
        shipped = first.date_input(T.COL_SHIP_DATE, value=None, format="DD.MM.YYYY",
                                   key="register_add_shipped")  # fmt: skip
        until = second.date_input(T.COL_WARRANTY_END_SET, value=None, format="DD.MM.YYYY",
                                  key="register_add_until")  # fmt: skip
        components = st.text_area(T.COL_COMPONENTS, key="register_add_components")
        if st.form_submit_button(T.ADD_SUBMIT, type="primary"):
            record = EquipmentRecord(
                client_name=client_name.strip(), client_inn=client_inn.strip() or None,
                product=product.strip(), owner=OWNER_COMPETITOR, competitor=competitor.strip(),
                kind=type_name.strip(), serial=serial.strip(), ship_date=shipped,
                warranty_end=until, components=components.strip(),
            )  # fmt: skip
            try:
                if not record.client_name and not record.client_inn:
                    raise EquipmentError("client_required")
                piece_id = add_equipment(get_db(), actor, record)
            except EquipmentError as exc:
                st.error(T.ERRORS.get(exc.code, exc.code))
            else:
                after_write()
                st.toast(T.ADDED.format(id=plain(piece_id)))
                st.rerun()
