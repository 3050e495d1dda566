"""«Этапы и причины отказа» (admin): the refusal reasons list, the verification target in working
days, and the stage maps that turn Bitrix24 / amoCRM / table stage names into funnel stages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.deals import DEFAULT_STAGE_MAP, STAGE_NAMES, STAGES, SYSTEMS, DealRuleError
from core.roles import PermissionDenied
from db.deals import (
    list_reasons,
    save_reasons,
    save_stage_map,
    saved_stage_map,
    set_target_days,
    target_days,
)
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db
from ui.deals import rule_text
from ui.texts import deals as T
from ui.widgets import edit_table

FLASH_KEY = "deals_settings_flash"

actor = guard("deals_settings")
db = get_db()
st.title(T.SETTINGS_TITLE)
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash)


def saved() -> None:
    after_write()
    st.session_state[FLASH_KEY] = T.SETTINGS_SAVED
    st.rerun()


left, right = st.columns(2)
with left, st.form("deals_settings_reasons"):
    st.subheader(T.SETTINGS_REASONS)
    text = st.text_area(
        T.SETTINGS_REASONS, "\n".join(list_reasons(db)), height=260,
        help=T.SETTINGS_REASONS_HELP, key="deals_settings_reasons_text",
        label_visibility="collapsed",
    )  # fmt: skip
    if st.form_submit_button(T.SETTINGS_REASONS_SAVE, type="primary"):
        try:
            save_reasons(get_db(), actor, text.splitlines())
        except DealRuleError as exc:
            st.error(rule_text(exc))
        except PermissionDenied:
            st.error(texts.PERMISSION_DENIED)
        else:
            saved()
with right, st.form("deals_settings_target"):
    st.subheader(T.SETTINGS_TARGET)
    days = st.number_input(
        T.SETTINGS_TARGET, 1, 30, target_days(db), key="deals_settings_target_days",
        label_visibility="collapsed",
    )  # fmt: skip
    if st.form_submit_button(T.SETTINGS_TARGET_SAVE):
        try:
            set_target_days(get_db(), actor, int(days))
        except (DealRuleError, PermissionDenied) as exc:
            st.error(rule_text(exc))
        else:
            saved()

st.subheader(T.SETTINGS_MAP)
st.caption(T.SETTINGS_MAP_CAPTION)
system = st.radio(
    T.SETTINGS_SYSTEM, SYSTEMS, format_func=T.SYSTEMS.get, horizontal=True,
    key="deals_settings_system",
)  # fmt: skip
own = saved_stage_map(db, system)
rows = [
    {T.SETTINGS_COL_SOURCE: name, T.SETTINGS_COL_STAGE: STAGE_NAMES[code],
     T.SETTINGS_COL_DEFAULT: name in DEFAULT_STAGE_MAP.get(system, {}) and name not in own}
    for name, code in {**DEFAULT_STAGE_MAP.get(system, {}), **own}.items()
]  # fmt: skip
frame = pd.DataFrame(
    rows, columns=[T.SETTINGS_COL_SOURCE, T.SETTINGS_COL_STAGE, T.SETTINGS_COL_DEFAULT]
)
edited = edit_table(
    frame,
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    key=f"deals_settings_map_{system}",
    column_config={
        T.SETTINGS_COL_SOURCE: st.column_config.TextColumn(required=True),
        T.SETTINGS_COL_STAGE: st.column_config.SelectboxColumn(
            options=[STAGE_NAMES[s] for s in STAGES], required=True
        ),
        T.SETTINGS_COL_DEFAULT: st.column_config.CheckboxColumn(disabled=True),
    },
)
if st.button(T.SETTINGS_MAP_SAVE, type="primary", key="deals_settings_map_save"):
    by_name = {name: code for code, name in STAGE_NAMES.items()}
    mapping = {
        str(row[T.SETTINGS_COL_SOURCE]).strip(): by_name[row[T.SETTINGS_COL_STAGE]]
        for _, row in edited.iterrows()
        if str(row[T.SETTINGS_COL_SOURCE] or "").strip() and row[T.SETTINGS_COL_STAGE] in by_name
    }
    # only what differs from the defaults is stored; the defaults stay defaults
    defaults = DEFAULT_STAGE_MAP.get(system, {})
    changed = {k: v for k, v in mapping.items() if defaults.get(k) != v}
    try:
        save_stage_map(get_db(), actor, system, changed, replace=True)
    except (DealRuleError, PermissionDenied) as exc:
        st.error(rule_text(exc))
    else:
        saved()
