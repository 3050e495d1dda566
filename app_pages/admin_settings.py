"""«Настройки»: every setting of core.settings.SPECS in one form, and an online backup download."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import streamlit as st

from core.roles import PermissionDenied
from core.settings import SECRET_KEYS, SPECS, InvalidSetting, SettingSpec
from core.timeutil import to_local, utcnow
from db.backup import backup_to
from db.notify import mail_preferences
from db.settings import get_settings, update_settings
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.fmt import fmt_num
from ui.texts import jobs as jobs_texts
from ui.widgets import plain
from worker import MailError, send_test_mail

FLASH_KEY = "admin_settings_flash"
SQLITE_MIME = "application/vnd.sqlite3"

actor = guard("admin_settings")
db = get_db()
current = settings()


@st.cache_data(ttl=3600, max_entries=1, show_spinner=False)
def zone_names() -> list[str]:
    """Every IANA time zone, sorted, for the time-zone select."""
    return sorted(available_timezones())


def label_of(key: str) -> str:
    """The Russian label of a setting (its key when a module forgot to add one)."""
    return texts.SETTING_LABELS.get(key, key)


def setting_widget(spec: SettingSpec, value: Any) -> Any:
    """One input for one setting, chosen by its kind; returns what the form holds."""
    key, label = spec.key, label_of(spec.key)
    widget_key = f"admin_settings_{key}"
    if spec.kind is bool:
        return st.checkbox(label, value=bool(value), key=widget_key)
    if spec.kind is int:
        low = int(spec.minimum) if spec.minimum is not None else None
        high = int(spec.maximum) if spec.maximum is not None else None
        shown = int(value)
        shown = max(shown, low) if low is not None else shown
        shown = min(shown, high) if high is not None else shown
        return st.number_input(
            label, min_value=low, max_value=high, value=shown, step=1, key=widget_key
        )
    if spec.choices:
        options = list(spec.choices)
        names = texts.SETTING_CHOICE_NAMES.get(key, {})
        return st.selectbox(
            label,
            options,
            index=options.index(value) if value in options else 0,
            format_func=lambda option: names.get(option, option),
            key=widget_key,
        )
    if key == "timezone":
        zones = zone_names()
        return st.selectbox(
            label, zones, index=zones.index(value) if value in zones else None, key=widget_key
        )
    if key in SECRET_KEYS:
        new = st.text_input(
            label,
            type="password",
            placeholder=texts.SETTINGS_SECRET_KEEP if value else "",
            key=widget_key,
        )
        if value and st.checkbox(
            texts.SETTINGS_SECRET_CLEAR.format(label=plain(label)), key=f"{widget_key}_clear"
        ):
            return ""
        return new or value
    return st.text_input(label, value=str(value or ""), key=widget_key)


st.title(texts.SETTINGS_TITLE)
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash)

with st.form("admin_settings_form", border=True):
    entered: dict[str, Any] = {}
    halves = st.columns(2, gap="large")
    half = (len(SPECS) + 1) // 2
    for index, (key, spec) in enumerate(SPECS.items()):
        with halves[0 if index < half else 1]:
            entered[key] = setting_widget(spec, current[key])
    submitted = st.form_submit_button(texts.SETTINGS_SUBMIT, type="primary")

if submitted:
    changes = {
        key: value for key, value in entered.items() if value is not None and value != current[key]
    }
    if not changes:
        st.info(texts.SETTINGS_NO_CHANGES)
    else:
        try:
            update_settings(db, actor, changes)
        except InvalidSetting as exc:
            st.error(
                texts.SETTING_ERRORS.get(exc.code, exc.code).format(
                    key=plain(exc.key), label=plain(label_of(exc.key))
                )
            )
        except PermissionDenied:
            st.error(texts.PERMISSION_DENIED)
        else:
            after_write()
            st.session_state[FLASH_KEY] = texts.SAVED
            st.rerun()

# ---- backup ----------------------------------------------------------------------------------
with st.container(border=True):
    st.subheader(texts.BACKUP_TITLE)
    st.caption(texts.BACKUP_HINT)
    if st.button(texts.BACKUP_MAKE, key="admin_settings_backup", icon=":material/backup:"):
        stamp = to_local(utcnow(), str(current["timezone"])).strftime("%Y-%m-%d_%H%M")
        file_name = f"qc-backup-{stamp}.sqlite"
        try:
            with tempfile.TemporaryDirectory(prefix="qc-backup-") as folder:
                data = backup_to(db, actor, Path(folder) / file_name).read_bytes()
        except PermissionDenied:
            st.error(texts.PERMISSION_DENIED)
        except Exception as exc:  # disk full, I/O error: say so instead of a traceback
            st.error(texts.BACKUP_FAILED.format(reason=plain(exc)))
        else:
            after_write()
            st.success(texts.BACKUP_READY.format(size=fmt_num(len(data) / 2**20, 1)))
            st.download_button(
                texts.BACKUP_DOWNLOAD,
                data=data,
                file_name=file_name,
                mime=SQLITE_MIME,
                key="admin_settings_backup_download",
                on_click="ignore",
                icon=":material/download:",
            )

# ---- mail check --------------------------------------------------------------------------------
with st.container(border=True):
    st.subheader(jobs_texts.MAIL_CHECK_TITLE)
    st.caption(jobs_texts.MAIL_CHECK_HINT)
    own = (mail_preferences(db, actor.login) or {}).get("email", "")
    mail_to = st.text_input(jobs_texts.MAIL_CHECK_TO, value=own, key="admin_settings_mail_to")
    if st.button(
        jobs_texts.MAIL_CHECK_BUTTON, key="admin_settings_mail_check", icon=":material/mail:"
    ):
        fresh = get_settings(db)
        if not fresh["smtp_host"]:
            st.warning(jobs_texts.MAIL_CHECK_NO_HOST)
        elif not mail_to.strip():
            st.warning(jobs_texts.MAIL_CHECK_NO_TO)
        else:
            try:
                send_test_mail(fresh, mail_to.strip())
            except MailError as exc:
                st.error(jobs_texts.MAIL_CHECK_FAILED)
                st.text(str(exc))  # the server's answer: outside text, never markdown
            else:
                st.success(
                    jobs_texts.MAIL_CHECK_OK.format(
                        host=plain(fresh["smtp_host"]),
                        port=plain(fresh["smtp_port"]),
                        to=plain(mail_to.strip()),
                    )
                )
