"""«Витрина»: storefront orders — figures, the pending-order alert, per-organisation chart, moves."""

from __future__ import annotations

from datetime import date
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from core.leads import (
    OPEN_STATUSES,
    Conversion,
    LeadTransitionError,
    default_lead_period,
    may_work_lead,
    next_statuses,
)
from core.roles import Action, can
from core.timeutil import local_day, utcnow
from db.connection import db_path
from db.leads import (
    LeadFilter,
    LeadNotFound,
    counts_by_org,
    lead_orgs,
    list_leads,
    median_contact_minutes,
    move_lead,
    pending_leads,
    status_counts,
    take_lead,
)
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.fmt import fmt_dt, fmt_int, fmt_minutes, fmt_pct
from ui.texts import monitor as TM
from ui.widgets import metric_row, plain, table_with_download

ROW_LIMIT = 5000
DEFAULT_DAYS = 90
PENDING_LISTED = 10
FLASH_KEY = "leads_flash"
SERIES_COLORS = {"done": "#2e7d32", "refused": "#c62828", "pending": "#f9a825"}

actor = guard("leads")
tz = str(settings()["timezone"])
threshold = int(settings()["lead_pending_minutes"])


@st.cache_data(ttl=30, max_entries=32, show_spinner=False)
def load_summary(
    db_file: str, flt: LeadFilter
) -> tuple[Conversion, float | None, list[tuple[str, Conversion]]]:
    """Status counts, median minutes to first contact and per-organisation counts for the filter."""
    db = get_db()
    return status_counts(db, flt), median_contact_minutes(db, flt), counts_by_org(db, flt)


@st.cache_data(ttl=30, max_entries=32, show_spinner=False)
def load_leads(db_file: str, flt: LeadFilter) -> list[dict[str, Any]]:
    """The leads of the filter, newest first."""
    return list_leads(get_db(), flt, limit=ROW_LIMIT)


@st.cache_data(ttl=30, max_entries=8, show_spinner=False)
def load_pending(db_file: str, minutes: int) -> list[dict[str, Any]]:
    """Leads still 'new' after the threshold, whatever the period."""
    return pending_leads(get_db(), minutes)


@st.cache_data(ttl=30, max_entries=8, show_spinner=False)
def load_open(db_file: str, orgs: tuple[str, ...]) -> list[dict[str, Any]]:
    """Leads a manager may still act on (new or in work), whatever the period."""
    return list_leads(get_db(), LeadFilter(orgs=orgs, statuses=OPEN_STATUSES, tz=tz))


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_orgs(db_file: str) -> list[str]:
    """Organisations that have leads, for the filter."""
    return lead_orgs(get_db())


def status_name(status: str) -> str:
    """The Russian status name."""
    return texts.LEAD_STATUS_NAMES.get(status, status)


def org_frame(rows: list[tuple[str, Conversion]]) -> pd.DataFrame:
    """The per-organisation table: counts, conversion and «На рассмотрении» share."""
    return pd.DataFrame(
        [
            {
                texts.LEADS_ORG_COL_ORG: org or "—",
                texts.LEADS_ORG_COL_TOTAL: c.total,
                texts.LEADS_ORG_COL_DONE: c.done,
                texts.LEADS_ORG_COL_REFUSED: c.refused,
                texts.LEADS_ORG_COL_PENDING: c.pending,
                texts.LEADS_ORG_COL_CONVERSION: fmt_pct(c.overall_rate),
                texts.LEADS_ORG_COL_PENDING_SHARE: fmt_pct(c.pending_share),
            }
            for org, c in rows
        ]
    )


def org_chart(rows: list[tuple[str, Conversion]]) -> alt.Chart:
    """Stacked bars per organisation: done, refused, still pending (seed 004's partner chart)."""
    order = [texts.LEADS_SERIES[k] for k in ("done", "refused", "pending")]
    data = pd.DataFrame(
        [
            {
                texts.LEADS_AXIS_ORG: org or "—",
                texts.LEADS_AXIS_STATE: texts.LEADS_SERIES[key],
                texts.LEADS_AXIS_COUNT: value,
                "order": index,
            }
            for org, c in rows
            for index, (key, value) in enumerate(
                (("done", c.done), ("refused", c.refused), ("pending", c.pending))
            )
        ]
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{texts.LEADS_AXIS_COUNT}:Q", stack="zero"),
            y=alt.Y(
                f"{texts.LEADS_AXIS_ORG}:N",
                sort=[org or "—" for org, _ in rows],
                axis=alt.Axis(labelLimit=260),
            ),
            color=alt.Color(
                f"{texts.LEADS_AXIS_STATE}:N",
                scale=alt.Scale(domain=order, range=list(SERIES_COLORS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                f"{texts.LEADS_AXIS_ORG}:N",
                f"{texts.LEADS_AXIS_STATE}:N",
                f"{texts.LEADS_AXIS_COUNT}:Q",
            ],
        )
    )


def leads_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The leads table as the user reads it (and downloads it)."""
    return pd.DataFrame(
        [
            {
                texts.LEADS_COL_ID: r["id"],
                texts.LEADS_COL_CREATED: fmt_dt(r["created_at"], tz),
                texts.LEADS_COL_OFFER: r["offer"],
                texts.LEADS_COL_CLIENT: r["client"],
                texts.LEADS_COL_ORG: r["org"],
                texts.LEADS_COL_MANAGER: r["manager"] or texts.LEADS_NOBODY,
                texts.LEADS_COL_STATUS: status_name(r["status"]),
                texts.LEADS_COL_CONTACT: fmt_dt(r["first_contact_at"], tz),
                texts.LEADS_COL_CONTACT_AFTER: fmt_minutes(r["contact_minutes"]),
            }
            for r in rows
        ],
        columns=[
            texts.LEADS_COL_ID, texts.LEADS_COL_CREATED, texts.LEADS_COL_OFFER,
            texts.LEADS_COL_CLIENT, texts.LEADS_COL_ORG, texts.LEADS_COL_MANAGER,
            texts.LEADS_COL_STATUS, texts.LEADS_COL_CONTACT, texts.LEADS_COL_CONTACT_AFTER,
        ],
    )  # fmt: skip


def show_pending(rows: list[dict[str, Any]]) -> None:
    """The pending-order alert: leads nobody has called about for longer than the threshold."""
    if not rows:
        return
    per_org: dict[str, int] = {}
    for r in rows:
        per_org[r["org"] or "—"] = per_org.get(r["org"] or "—", 0) + 1
    newest = sorted(rows, key=lambda r: -(r["waiting_minutes"] or 0))[:PENDING_LISTED]
    lines = [
        texts.LEADS_PENDING_LINE.format(
            id=r["id"],
            offer=plain(r["offer"]),
            client=plain(r["client"] or "—"),
            org=plain(r["org"] or "—"),
            waiting=fmt_minutes(r["waiting_minutes"]),
        )
        for r in newest
    ]
    if len(rows) > PENDING_LISTED:
        lines.append(texts.LEADS_PENDING_MORE.format(count=len(rows) - PENDING_LISTED))
    by_org = ", ".join(
        texts.LEADS_PENDING_ORG.format(org=plain(org), count=n)
        for org, n in sorted(per_org.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    header = texts.LEADS_PENDING.format(threshold=fmt_minutes(threshold), count=len(rows))
    body = [f"**{header}**", "", by_org, "", *(f"- {line}" for line in lines)]
    st.warning("\n".join(body))


def show_actions(open_rows: list[dict[str, Any]]) -> None:
    """Pick an open lead and move it one step (take into work, done, refused)."""
    st.subheader(texts.LEADS_ACTIONS)
    if not can(actor.role, Action.MANAGE_LEADS):
        st.caption(texts.LEADS_VIEW_ONLY)
        return
    if not open_rows:
        st.caption(texts.LEADS_NO_OPEN)
        return
    by_id = {r["id"]: r for r in open_rows}
    chosen = st.selectbox(
        texts.LEADS_SELECT,
        list(by_id),
        format_func=lambda lead_id: texts.LEADS_SELECT_LINE.format(
            id=lead_id,
            status=status_name(by_id[lead_id]["status"]),
            offer=by_id[lead_id]["offer"],
            client=by_id[lead_id]["client"] or "—",
            org=by_id[lead_id]["org"] or "—",
        ),
        key="leads_pick",
    )
    lead = by_id[chosen]
    me = actor.name or actor.login
    if lead["manager"] and lead["manager"] != me:
        st.caption(TM.LEADS_OWNER.format(manager=plain(lead["manager"])))
        if can(actor.role, Action.TAKE_LEAD) and st.button(
            TM.LEADS_TAKE, key="leads_take", icon=":material/person_add:"
        ):
            take_lead(get_db(), actor, chosen)
            after_write()
            st.session_state[FLASH_KEY] = TM.LEADS_TAKEN.format(id=chosen)
            st.rerun()
        if not may_work_lead(actor.role, me, lead["manager"]):
            return
    targets = next_statuses(lead["status"])
    for column, target in zip(st.columns(max(len(targets), 1) + 2), targets, strict=False):
        if column.button(
            texts.LEADS_ACTION_LABELS[target],
            key=f"leads_move_{target}",
            type="primary" if target in ("in_work", "done") else "secondary",
        ):
            try:
                move_lead(get_db(), actor, chosen, target)
            except LeadTransitionError as exc:
                st.error(
                    {**texts.LEADS_ERRORS, **TM.LEADS_ERRORS}[exc.code].format(
                        current=plain(status_name(exc.current)),
                        target=plain(status_name(exc.target)),
                    )
                )
                return
            except LeadNotFound:
                st.error(texts.LEADS_ERRORS["not_found"].format(id=plain(chosen)))
                return
            after_write()
            st.session_state[FLASH_KEY] = texts.LEADS_MOVED.format(
                id=chosen, status=status_name(target)
            )
            st.rerun()


st.title(texts.PAGE_LEADS)
st.caption(texts.LEADS_CAPTION)
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash)

db_file = str(db_path())
today = date.fromisoformat(local_day(utcnow(), tz))
left, middle, right = st.columns([1, 1, 2])
period = default_lead_period(today)  # the overview card's period too
start = left.date_input(texts.DATE_FROM, period[0], key="leads_from", format="DD.MM.YYYY")
end = middle.date_input(texts.DATE_TO, period[1], key="leads_to", format="DD.MM.YYYY")
orgs = right.multiselect(
    texts.LEADS_FILTER_ORG, load_orgs(db_file), key="leads_orgs", placeholder=texts.ALL
)
mine = st.toggle(TM.LEADS_MINE, key="leads_mine", help=TM.LEADS_MINE_HELP)
if end <= start:
    st.error(texts.LEADS_BAD_PERIOD)
    st.stop()

flt = LeadFilter(start=start, end=end, orgs=tuple(orgs), tz=tz)
summary, contact_median, by_org = load_summary(db_file, flt)

pending = load_pending(db_file, threshold)
if orgs:
    pending = [r for r in pending if r["org"] in orgs]
metric_row(
    [
        (texts.LEADS_FIG_NEW, fmt_int(summary.new)),
        (texts.LEADS_FIG_IN_WORK, fmt_int(summary.in_work)),
        (texts.LEADS_FIG_DONE, fmt_int(summary.done)),
        (texts.LEADS_FIG_REFUSED, fmt_int(summary.refused)),
    ]
)
metric_row(
    [
        (texts.LEADS_FIG_CONVERSION, fmt_pct(summary.closed_rate)),
        (texts.LEADS_FIG_CONVERSION_ALL, fmt_pct(summary.overall_rate)),
        (texts.LEADS_FIG_CONTACT, fmt_minutes(contact_median)),
        (texts.LEADS_FIG_WAITING, fmt_int(len(pending))),
    ]
)

show_pending(pending)

st.subheader(texts.LEADS_BY_ORG)
if by_org:
    st.altair_chart(org_chart(by_org), width="stretch", height=90 + 44 * len(by_org))
    table_with_download(org_frame(by_org), "vitrina_po_organizaciyam.xlsx", "leads_org")
else:
    st.info(texts.NOTHING_FOUND)

st.subheader(texts.LEADS_TABLE)
rows = load_leads(db_file, flt)
if mine:
    rows = [r for r in rows if r["manager"] == (actor.name or actor.login)]
table = leads_frame(rows)
st.caption(texts.LEADS_SHOWN.format(count=fmt_int(len(rows))))
if len(rows) >= ROW_LIMIT:
    st.warning(texts.LEADS_LIMIT_REACHED.format(count=fmt_int(ROW_LIMIT)))
table_with_download(table, "vitrina_zayavki.xlsx", "leads")

open_leads = load_open(db_file, tuple(orgs))
if mine:
    open_leads = [r for r in open_leads if r["manager"] in ("", actor.name or actor.login)]
show_actions(open_leads)
