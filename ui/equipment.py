"""The equipment module's card on «Обзор» (issue 13): maintenance due this month, warranties
ending, overdue tasks, the top competitor."""

from __future__ import annotations

from datetime import date

import streamlit as st
from sqlite_utils import Database

from core.timeutil import local_day, utcnow
from db.equipment import equipment_overview, has_equipment
from db.settings import get_setting
from ui.fmt import fmt_int, fmt_money
from ui.texts import equipment as T
from ui.widgets import metric_row


def overview_card(db: Database, today: date | None = None) -> None:
    """Render the card when the register or the tenders hold anything (today: local date)."""
    if not has_equipment(db):
        return
    if today is None:
        today = date.fromisoformat(local_day(utcnow(), str(get_setting(db, "timezone"))))
    figures = equipment_overview(db, today)
    with st.container(border=True):
        st.subheader(T.OVERVIEW_TITLE)
        metric_row(
            [
                (T.OVERVIEW_MAINTENANCE, fmt_int(figures["maintenance_month"])),
                (T.OVERVIEW_WARRANTY, fmt_int(figures["warranty_month"])),
                (T.OVERVIEW_OVERDUE, fmt_int(figures["overdue_tasks"])),
                (T.METRIC_PIECES, fmt_int(figures["pieces"])),
            ]
        )
        if figures["top_competitor"]:
            st.text(T.OVERVIEW_TOP_SUM.format(name=figures["top_competitor"],
                                              amount=fmt_money(figures["top_competitor_kop"])))  # fmt: skip
        st.page_link("app_pages/equipment_register.py", label=T.OVERVIEW_LINK,
                     icon=":material/inventory_2:")  # fmt: skip
