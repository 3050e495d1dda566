"""The e-mail notification form (address, events, daily digest) shared by «Пользователи» and
«Мои уведомления»; the write goes through db.notify.set_mail_preferences (permission there)."""

from __future__ import annotations

import streamlit as st
from sqlite_utils import Database

from core.notify import EVENT_CODES, BadEmail
from core.roles import Actor, PermissionDenied
from db.notify import mail_preferences, set_mail_preferences
from ui import texts
from ui.data import after_write
from ui.texts import jobs as T
from ui.texts import notify as N


def event_title(code: str) -> str:
    """The Russian name of an event code."""
    return N.EVENT_TITLES.get(code, code)


def mail_preferences_form(db: Database, actor: Actor, login: str, key: str, flash_key: str) -> None:
    """Edit one user's address, chosen events and digest; a success note goes to `flash_key`."""
    prefs = mail_preferences(db, login)
    if prefs is None:
        return
    prefix = f"{key}_{login}"
    with st.form(f"{prefix}_mail_form", border=True):
        st.subheader(T.USERS_MAIL_TITLE)
        email = st.text_input(T.USERS_MAIL_EMAIL, value=prefs["email"], key=f"{prefix}_email")
        events = st.multiselect(
            T.USERS_MAIL_EVENTS,
            list(EVENT_CODES),
            default=prefs["events"],
            format_func=event_title,
            key=f"{prefix}_events",
        )
        digest = st.checkbox(T.USERS_MAIL_DIGEST, value=prefs["digest"], key=f"{prefix}_digest")
        if not st.form_submit_button(T.USERS_MAIL_SAVE):
            return
    try:
        set_mail_preferences(db, actor, login, email, events, digest)
    except BadEmail:
        st.error(T.USERS_MAIL_BAD_EMAIL)
    except PermissionDenied:
        st.error(texts.PERMISSION_DENIED)
    else:
        after_write()
        st.session_state[flash_key] = T.USERS_MAIL_SAVED.format(login=login)
        st.rerun()
