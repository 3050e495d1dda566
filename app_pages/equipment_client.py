"""«Карточка клиента»: the client's equipment (ours and competitors'), a timeline of warranty and
maintenance dates, the client's tenders, share of wallet by segment, open tasks and campaigns."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from core.timeutil import local_day, utcnow
from db.connection import db_path
from db.equipment import (
    RegisterFilter,
    client_choices,
    client_control_dates,
    list_equipment,
    list_tasks,
)
from db.telemarketing import client_campaigns
from db.tenders import list_tenders, share_of_wallet_report
from ui.auth import guard
from ui.data import get_db, settings
from ui.fmt import fmt_money, fmt_pct
from ui.texts import equipment as T
from ui.widgets import data_table, table_with_download

actor = guard("equipment_client")
tz = str(settings()["timezone"])
today = date.fromisoformat(local_day(utcnow(), tz))
TIMELINE_YEARS = 3


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_clients(db_file: str) -> list[dict[str, Any]]:
    """Clients with equipment, shipments or tenders."""
    return client_choices(get_db())


@st.cache_data(ttl=30, max_entries=16, show_spinner=False)
def load_client(db_file: str, client_id: int, day: date) -> dict[str, Any]:
    """Everything the card shows for one client."""
    db = get_db()
    pieces = list_equipment(db, day, RegisterFilter(client_id=client_id))
    ids = [p["id"] for p in pieces]
    dates = client_control_dates(db, client_id)
    tasks = [t for t in list_tasks(db, day) if t["equipment_id"] in set(ids)]
    return {
        "pieces": pieces,
        "dates": dates,
        "tenders": list_tenders(db, client_id=client_id),
        "shares": share_of_wallet_report(db, date(1900, 1, 1), day + timedelta(days=1), client_id),
        "tasks": tasks,
        "campaigns": client_campaigns(db, client_id),
    }


st.title(T.CLIENT_TITLE)
st.caption(T.CLIENT_CAPTION)
db_file = str(db_path())
clients = load_clients(db_file)
if not clients:
    st.info(T.CLIENT_NONE)
    st.stop()
labels = {c["id"]: f"{c['name']} ({c['inn'] or '—'})" for c in clients}
client_id = st.selectbox(T.FILTER_CLIENT, list(labels), format_func=labels.get, key="client_pick")
data = load_client(db_file, int(client_id), today)

st.subheader(T.CLIENT_EQUIPMENT)
pieces = data["pieces"]
if not pieces:
    st.info(T.REGISTER_EMPTY)
else:
    table_with_download(
        pd.DataFrame([{T.COL_PRODUCT: p["product"], T.COL_SERIAL: p["serial"] or "",
                       T.COL_OWNER: T.OWNERS.get(p["owner"], p["owner"]),
                       T.COL_COMPETITOR: p["competitor"] or "",
                       T.COL_WARRANTY_END: p["warranty_end"] or "",
                       T.COL_NEXT_MAINTENANCE: p["next_maintenance"] or "",
                       T.COL_STATUS: T.STATUSES.get(p["status"], p["status"])} for p in pieces]),
        T.CLIENT_FILE, "client_equipment",
    )  # fmt: skip

st.subheader(T.CLIENT_TIMELINE)
horizon = (today - timedelta(days=365), today + timedelta(days=365 * TIMELINE_YEARS))
points = [d for d in data["dates"] if horizon[0].isoformat() <= d["due"] <= horizon[1].isoformat()]
if not points:
    st.info(T.CLIENT_NO_DATES)
else:
    frame = pd.DataFrame(
        [{T.COL_DUE: pd.Timestamp(d["due"]),
          T.COL_PRODUCT: f"{d['name']} {d['serial']}".strip()[:60],
          T.COL_EVENT: T.EVENTS.get(d["event"], d["event"]) + (f": {d['kind']}" if d["kind"]
                                                                else ""),
          T.COL_OWNER: T.OWNERS.get(d["owner"], d["owner"])} for d in points[:400]]
    )  # fmt: skip
    chart = (
        alt.Chart(frame)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X(f"{T.COL_DUE}:T", title=T.COL_DUE, axis=alt.Axis(format="%m.%Y")),
            y=alt.Y(f"{T.COL_PRODUCT}:N", title=None, sort=None),
            color=alt.Color(f"{T.COL_EVENT}:N", title=T.COL_EVENT),
            shape=alt.Shape(f"{T.COL_OWNER}:N", title=T.COL_OWNER),
            tooltip=[T.COL_PRODUCT, T.COL_EVENT, alt.Tooltip(f"{T.COL_DUE}:T", format="%d.%m.%Y"),
                     T.COL_OWNER],
        )
    )  # fmt: skip
    rule = (
        alt.Chart(pd.DataFrame({"x": [pd.Timestamp(today)]}))
        .mark_rule(color="#c62828")
        .encode(x="x:T")
    )
    st.altair_chart(chart + rule, width="stretch")

st.subheader(T.CLIENT_SHARE)
shares = data["shares"]
if not shares:
    st.info(T.CLIENT_NO_SHARE)
else:
    table_with_download(
        pd.DataFrame([{T.COL_SEGMENT: s["segment"] or "—", T.COL_OURS: s["ours"],
                       T.COL_THEIRS: s["competitors"], T.COL_SHARE: fmt_pct(s["share"])}
                      for s in shares]),
        T.CLIENT_SHARE_FILE, "client_share",
    )  # fmt: skip

st.subheader(T.CLIENT_TENDERS)
if not data["tenders"]:
    st.info(T.CLIENT_NO_TENDERS)
else:
    table_with_download(
        pd.DataFrame([{T.COL_REGISTRY: t["registry_number"] or t["contract_number"] or "",
                       T.COL_DUE: t["day"] or "", T.COL_WINNER: t["winner_name"] or T.NO_WINNER,
                       T.COL_NMCK: fmt_money(t["nmck_kop"]), T.COL_PRICE: fmt_money(t["price_kop"]),
                       T.COL_DISCOUNT: fmt_pct(t["discount"]), T.COL_ITEMS: t["items"],
                       T.COL_MATCH: T.MATCHES.get(t["client_match"] or "", "")}
                      for t in data["tenders"]]),
        T.CLIENT_TENDERS_FILE, "client_tenders",
    )  # fmt: skip

st.subheader(T.CLIENT_TASKS)
if not data["tasks"] and not data["campaigns"]:
    st.info(T.CLIENT_NO_TASKS)
if data["tasks"]:
    data_table(
        pd.DataFrame([{T.COL_DUE: t["due"], T.COL_EVENT: T.EVENTS.get(t["event"], t["event"]),
                       T.COL_KIND: t["kind"], T.COL_PRODUCT: t["product"],
                       T.COL_ASSIGNEE: t["assignee"] or "",
                       T.COL_TASK_STATUS: T.OVERDUE if t["overdue"] else
                       T.TASK_STATUSES.get(t["status"], t["status"])} for t in data["tasks"]]),
        hide_index=True, width="stretch", key="client_tasks",
    )  # fmt: skip
if data["campaigns"]:
    data_table(
        pd.DataFrame([{T.COL_CAMPAIGN: c["campaign"], T.COL_ASSIGNEE: c["assignee"] or "",
                       T.COL_OUTCOME: T.OUTCOMES.get(c["outcome"] or "", T.NOT_CALLED),
                       T.COL_CALLBACK: c["callback_on"] or "", T.COL_COMMENT: c["comment"] or ""}
                      for c in data["campaigns"]]),
        hide_index=True, width="stretch", key="client_campaigns",
    )  # fmt: skip
