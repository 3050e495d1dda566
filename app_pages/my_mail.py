"""«Мои уведомления»: every user chooses their e-mail address, events and daily digest."""

from __future__ import annotations

import streamlit as st

from ui.auth import guard
from ui.data import get_db
from ui.mail_prefs import mail_preferences_form
from ui.texts import jobs as T

FLASH_KEY = "my_mail_flash"

actor = guard("my_mail")
st.title(T.MY_MAIL_TITLE)
st.caption(T.MY_MAIL_CAPTION)
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash)
mail_preferences_form(get_db(), actor, actor.login, "my_mail", FLASH_KEY)
