"""«Клиенты»: the clients list (a manager's own, staff everyone's) with the hygiene completeness
of each, an Excel download, and the edit form for a client's fields and contact persons. The db
functions check ownership and audit every change and refusal; the page only offers what fits."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.deals import DealRuleError
from core.roles import PermissionDenied
from db.connection import db_path
from db.deals import (
    edit_client,
    list_clients,
    list_contacts,
    save_contact,
)
from db.users import user_names
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.deals import pick_manager, rule_text
from ui.fmt import fmt_dt, fmt_pct
from ui.texts import deals as T
from ui.widgets import data_table, plain, table_with_download

FLASH_KEY = "deals_clients_flash"

actor = guard("deals_clients")
tz = str(settings()["timezone"])
is_manager = actor.role == "manager"


@st.cache_data(ttl=30, max_entries=16, show_spinner=False)
def load_clients(
    db_file: str, manager: str | None, text: str, client_id: int | None = None
) -> list[dict[str, Any]]:
    """The clients shown: one manager's or everyone's, narrowed by the search text or to one."""
    return list_clients(get_db(), manager=manager, text=text, client_id=client_id)


def wanted_client() -> int | None:
    """The client a link asked for (`?client=ID`, from the hygiene to-fix list), if any."""
    raw = st.query_params.get("client", "")
    return int(raw) if raw.isdigit() else None


def client_frame(clients: list[dict[str, Any]], names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                T.COL_CLIENT: c["name"],
                T.COL_INN: c["inn"],
                T.COL_MANAGER: names.get(c["manager"], c["manager"]),
                T.CARD_PHONE: c["phone"],
                T.CARD_EMAIL: c["email"],
                T.CARD_INDUSTRY: c["industry"],
                T.CARD_SEGMENT: c["segment"],
                T.COL_COMPLETENESS: fmt_pct(c["completeness"]),
                T.COL_LAST_CONTACT: fmt_dt(c["last_contact_at"], tz)
                if c["last_contact_at"]
                else "",
            }
            for c in clients
        ]
    )


def attempt(write: Any, done: str) -> None:
    """Run a db write; say why it was refused, or flash the success after a rerun."""
    try:
        write()
    except PermissionDenied:
        st.error(T.CLIENTS_NOT_ALLOWED)
    except DealRuleError as exc:
        st.error(rule_text(exc))
    else:
        after_write()
        st.session_state[FLASH_KEY] = done
        st.rerun()


st.title(T.CLIENTS_TITLE)
st.caption(T.CLIENTS_CAPTION)
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(flash)
names = user_names(get_db())
left, right = st.columns(2)
manager = pick_manager(actor.login, is_manager, "deals_clients_manager", left)
text = (left if is_manager else right).text_input(T.CLIENTS_SEARCH, key="deals_clients_search")
wanted = wanted_client()
clients = load_clients(str(db_path()), manager, text, wanted)
if wanted is not None:
    st.info(T.CLIENTS_FILTERED.format(client=plain(clients[0]["name"] if clients else wanted)))
    st.page_link("app_pages/deals_clients.py", label=T.CLIENTS_SHOW_ALL)
if not clients:
    st.info(T.CLIENTS_NONE)
    st.stop()
st.caption(T.CLIENTS_SHOWN.format(count=plain(len(clients))))
table_with_download(client_frame(clients, names), T.CLIENTS_FILE, "deals_clients")

by_id = {c["id"]: c for c in clients}
client_id = st.selectbox(
    T.CLIENTS_PICK, list(by_id), key="deals_clients_pick",
    format_func=lambda i: f"{by_id[i]['name']} {by_id[i]['inn']}".strip(),
)  # fmt: skip
client = by_id[client_id]
st.subheader(T.CLIENTS_DATA.format(client=plain(client["name"])))
with st.form(f"deals_clients_form_{client_id}"):
    a, b = st.columns(2)
    phone = a.text_input(T.CARD_PHONE, client["phone"], key="deals_clients_phone")
    email = b.text_input(T.CARD_EMAIL, client["email"], key="deals_clients_email")
    industry = a.text_input(T.CARD_INDUSTRY, client["industry"], key="deals_clients_industry")
    segment = b.text_input(T.CARD_SEGMENT, client["segment"], key="deals_clients_segment")
    if st.form_submit_button(T.CARD_SAVE, type="primary"):
        attempt(
            lambda: edit_client(
                get_db(),
                actor,
                client_id,
                industry=industry,
                segment=segment,
                phone=phone,
                email=email,
            ),  # fmt: skip
            T.CLIENTS_SAVED,
        )

st.subheader(T.CLIENTS_CONTACTS)
contacts = list_contacts(get_db(), client_id)
if contacts:
    data_table(
        pd.DataFrame(
            [
                {
                    T.CARD_CONTACT_NAME: c["name"],
                    T.CARD_CONTACT_ROLE: c["role"],
                    T.CARD_PHONE: c["phone"],
                    T.CARD_EMAIL: c["email"],
                }  # fmt: skip
                for c in contacts
            ]
        ),
        hide_index=True,
        width="stretch",
        key="deals_clients_contacts",
    )
else:
    st.caption(T.CLIENTS_NO_CONTACTS)
by_contact = {c["id"]: c for c in contacts}
contact_id = st.selectbox(
    T.CLIENTS_CONTACT_PICK, [None, *by_contact], key=f"deals_clients_contact_{client_id}",
    format_func=lambda i: T.CLIENTS_NEW_CONTACT if i is None else by_contact[i]["name"] or str(i),
)  # fmt: skip
shown = by_contact.get(contact_id) or {"name": "", "role": "", "phone": "", "email": ""}
with st.form(f"deals_clients_contact_form_{client_id}_{contact_id}"):
    a, b = st.columns(2)
    c_name = a.text_input(T.CARD_CONTACT_NAME, shown["name"], key="deals_clients_c_name")
    c_role = b.text_input(T.CARD_CONTACT_ROLE, shown["role"], key="deals_clients_c_role")
    c_phone = a.text_input(T.CARD_PHONE, shown["phone"], key="deals_clients_c_phone")
    c_email = b.text_input(T.CARD_EMAIL, shown["email"], key="deals_clients_c_email")
    if st.form_submit_button(T.CLIENTS_CONTACT_SAVE):
        attempt(
            lambda: save_contact(
                get_db(),
                actor,
                client_id,
                contact_id,
                name=c_name,
                role=c_role,
                phone=c_phone,
                email=c_email,
            ),  # fmt: skip
            T.CLIENTS_CONTACT_SAVED,
        )
