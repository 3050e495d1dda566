"""Who is using the app: local session cookie, trusted proxy header or OIDC (DESIGN §4)."""

from __future__ import annotations

import contextlib
import os

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from core.roles import Actor
from db.users import actor_for_login, resolve_session
from ui import texts
from ui.data import get_db, settings
from ui.nav import BY_KEY, may_see

SESSION_COOKIE = "qc_session"
ACTOR_KEY = "actor"


def oidc_configured() -> bool:
    """True when secrets carry an [auth] section, so st.login is the way in."""
    try:
        return "auth" in st.secrets
    except Exception:
        return False


def proxy_header_name() -> str:
    """The trusted reverse-proxy header with the login, from env or settings ('' when unused)."""
    return os.environ.get("QC_PROXY_HEADER") or str(settings().get("proxy_header") or "")


def _from_oidc() -> Actor | None:
    if not st.user.is_logged_in:
        return None
    email = str(st.user.get("email") or "")
    return actor_for_login(get_db(), email) if email else None


def current_actor() -> Actor | None:
    """Resolve the user once per run; a request with no headers is AppTest, which sets the actor."""
    headers = st.context.headers
    if not headers:
        actor = st.session_state.get(ACTOR_KEY)
        return actor if isinstance(actor, Actor) else None
    if oidc_configured():
        actor = _from_oidc()
    elif header := proxy_header_name():
        login = headers.get(header, "")
        actor = actor_for_login(get_db(), login) if login else None
    else:
        token = st.context.cookies.get(SESSION_COOKIE)
        actor = resolve_session(get_db(), token, int(settings()["session_idle_minutes"]))
    if actor is None:
        st.session_state.pop(ACTOR_KEY, None)
    else:
        st.session_state[ACTOR_KEY] = actor
    return actor


def show_login_prompt() -> None:
    """What someone not logged in sees instead of the app."""
    st.title(texts.APP_TITLE)
    st.info(texts.NOT_LOGGED_IN)
    if oidc_configured():
        if st.button(texts.LOGIN_OIDC_BUTTON, key="auth_oidc_login"):
            st.login()
    elif header := proxy_header_name():
        login = st.context.headers.get(header, "")
        if login:
            st.error(texts.LOGIN_PROXY_UNKNOWN.format(login=login))
    else:
        st.markdown(
            f'<a href="/login" target="_self">{texts.GO_TO_LOGIN}</a>', unsafe_allow_html=True
        )


def guard(page_key: str) -> Actor:
    """Top of every page: the actor when the role may see the page, otherwise stop with a notice."""
    actor = current_actor()
    if actor is None:
        show_login_prompt()
        st.stop()
    if not may_see(actor.role, page_key):
        st.error(texts.NO_ACCESS)
        with contextlib.suppress(StreamlitPageNotFoundError):  # a page run alone has no menu
            st.page_link(
                BY_KEY["overview"].path, label=texts.NO_ACCESS_BACK, icon=":material/home:"
            )
        st.stop()
    st.session_state["page_title"] = BY_KEY[page_key].title
    return actor
