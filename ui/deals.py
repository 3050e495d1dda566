"""Shared pieces of the deals pages: rule texts, cached loaders and the overview card (issue 12)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.deals import DealRuleError
from core.roles import PermissionDenied
from core.timeutil import utcnow
from db.connection import db_path
from db.deals import (
    DealNotFound,
    UnknownManager,
    manager_logins,
    queue_summary,
    returned_this_month,
)
from ui import texts
from ui.data import get_db, settings
from ui.fmt import fmt_int, fmt_money, fmt_num
from ui.texts import deals as T
from ui.widgets import metric_row


def pick_manager(actor_login: str, is_manager: bool, key: str, where: Any = st) -> str | None:
    """Whose records a deals page shows: a manager always their own, staff pick one or everyone."""
    if is_manager:
        return actor_login
    managers = manager_logins(get_db())
    return where.selectbox(
        T.FILTER_MANAGER, [None, *managers], key=key,
        format_func=lambda m: T.ALL_MANAGERS if m is None else managers.get(m, m),
    )  # fmt: skip


def rule_text(exc: Exception) -> str:
    """The Russian reason of a refused deal change."""
    if isinstance(exc, DealRuleError):
        template = T.RULES.get(exc.code, exc.code)
        try:
            return template.format(**exc.details)
        except (KeyError, IndexError):
            return template
    if isinstance(exc, UnknownManager):
        return T.RULES["unknown_manager"].format(login=exc.login)
    if isinstance(exc, DealNotFound):
        return T.RULES["unknown_deal"].format(deal=exc.deal_id)
    if isinstance(exc, PermissionDenied):
        return texts.PERMISSION_DENIED
    return str(exc)


@st.cache_data(ttl=30, max_entries=4, show_spinner=False)
def load_card(db_file: str, tz: str) -> dict[str, Any]:
    """The overview card's figures: the verification queue and money returned this month."""
    db = get_db()
    summary = queue_summary(db, utcnow(), tz)
    summary["returned_month_kop"] = returned_this_month(db, utcnow(), tz)
    summary["has_deals"] = db.execute("SELECT 1 FROM deals LIMIT 1").fetchone() is not None
    return summary


def show_overview_card(role: str) -> None:
    """«Условные отказы» on the overview: awaiting verification, the oldest wait, money returned
    to the funnel this month; links to the queue (staff) or to one's deals (managers)."""
    if role == "viewer":
        return
    card = load_card(str(db_path()), str(settings()["timezone"]))
    if not card["has_deals"]:
        return
    with st.container(border=True):
        st.subheader(T.OVERVIEW_TITLE)
        oldest = card["oldest_days"]
        metric_row(
            [
                (T.OVERVIEW_AWAITING, fmt_int(card["awaiting"])),
                (T.OVERVIEW_OLDEST, fmt_num(oldest, 1) if oldest is not None else "—"),
                (T.OVERVIEW_OVERDUE, fmt_int(card["overdue"])),
                (T.OVERVIEW_RETURNED, fmt_money(card["returned_month_kop"])),
            ]
        )
        if role in ("qc", "head", "admin"):
            st.page_link("app_pages/deals_queue.py", label=T.OVERVIEW_LINK,
                         icon=":material/phone_in_talk:")  # fmt: skip
        else:
            st.page_link("app_pages/deals_my.py", label=T.OVERVIEW_MY_LINK,
                         icon=":material/handshake:")  # fmt: skip
