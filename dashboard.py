"""Streamlit entry: page config, the current user, and navigation built from the role's pages.

Pages the role may not see are registered hidden: out of the menu, and opened by their address
they show guard()'s Russian refusal instead of Streamlit's English "Page not found"."""

from __future__ import annotations

import streamlit as st

from ui import texts
from ui.auth import (
    SESSION_COOKIE,
    current_actor,
    logout_form,
    oidc_configured,
    proxy_header_name,
    show_login_prompt,
)
from ui.nav import PAGES, pages_for
from ui.russian import russian_streamlit
from ui.widgets import plain

st.set_page_config(page_title=texts.APP_TITLE, page_icon=":material/fact_check:", layout="wide")

actor = current_actor()
if actor is None:
    show_login_prompt()
    st.stop()

visible = pages_for(actor.role)
sections: dict[str, list] = {}
for spec in sorted(PAGES, key=lambda spec: spec not in visible):
    page = st.Page(spec.path, title=spec.title, icon=spec.icon, url_path=spec.key,
                   default=spec.key == "overview",
                   visibility="visible" if spec in visible else "hidden")  # fmt: skip
    # a hidden page joins the first section so that no heading stands over an empty group
    section = spec.section if spec in visible else visible[0].section
    sections.setdefault(section, []).append(page)

with st.sidebar:
    russian_streamlit()  # issue 14: Streamlit's own English (tables, menus, dialogs) in Russian
    st.markdown(
        texts.SIGNED_IN_AS.format(
            name=plain(actor.name or actor.login), role=texts.ROLE_NAMES[actor.role]
        )
    )
    if oidc_configured():
        if st.button(texts.LOGOUT, key="dashboard_logout", icon=":material/logout:"):
            st.logout()
    elif st.context.headers and not proxy_header_name():
        # A real form POST with its CSRF token: /logout must be a page load to drop the cookie.
        st.html(logout_form(st.context.cookies.get(SESSION_COOKIE, "")))

# expanded=True: with every module's pages the menu passes Streamlit's 10 links and would fold the
# rest (the current page among them) behind an English «View more».
st.navigation(sections, expanded=True).run()
