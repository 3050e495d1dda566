"""Streamlit entry: page config, the current user, and navigation built from the role's pages."""

from __future__ import annotations

import streamlit as st

from ui import texts
from ui.auth import current_actor, oidc_configured, show_login_prompt
from ui.nav import pages_for

st.set_page_config(page_title=texts.APP_TITLE, page_icon=":material/fact_check:", layout="wide")

actor = current_actor()
if actor is None:
    show_login_prompt()
    st.stop()

sections: dict[str, list] = {}
for spec in pages_for(actor.role):
    page = st.Page(spec.path, title=spec.title, icon=spec.icon, url_path=spec.key,
                   default=spec.key == "overview")  # fmt: skip
    sections.setdefault(spec.section, []).append(page)

with st.sidebar:
    st.markdown(
        texts.SIGNED_IN_AS.format(name=actor.name or actor.login, role=texts.ROLE_NAMES[actor.role])
    )
    if st.context.headers and not oidc_configured():
        st.markdown(
            f'<a href="/logout" target="_self" class="qc-logout">{texts.LOGOUT}</a>',
            unsafe_allow_html=True,
        )
    elif oidc_configured() and st.button(texts.LOGOUT, key="dashboard_logout"):
        st.logout()

st.navigation(sections).run()
