"""Who is using the app: local session cookie, trusted proxy header or OIDC (DESIGN §4).

Every script run re-reads the session and the user from the database (DESIGN §4):
- a full run: dashboard.py calls current_actor(), every page calls guard();
- a fragment (`st.fragment`, above all one with `run_every`): call `fragment_guard(page_key)`
  first thing inside it — the page's `actor` from the last full run is stale by then;
- a callback that writes (`on_click=`, `on_change=`): call `callback_actor()` first and write
  only when it returns an actor; None means the session ended, and the refusal is audited.
"""

from __future__ import annotations

import contextlib
import html
import os

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from core.roles import Actor
from db.audit import write_audit
from db.connection import write_tx
from db.users import actor_for_login, logout_token, resolve_session
from ui import texts
from ui.data import get_db, settings
from ui.nav import BY_KEY, may_see
from ui.texts import security as ST
from ui.widgets import plain

SESSION_COOKIE = "qc_session"
ACTOR_KEY = "actor"
LAST_LOGIN_KEY = "auth_last_login"  # who this browser tab was, for auditing a refused write


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
        conf = settings()
        actor = resolve_session(
            get_db(),
            token,
            int(conf["session_idle_minutes"]),
            max_age_days=float(conf.get("session_max_days") or 7),
        )
    if actor is None:
        st.session_state.pop(ACTOR_KEY, None)
    else:
        st.session_state[ACTOR_KEY] = actor
        st.session_state[LAST_LOGIN_KEY] = actor.login
    return actor


def fragment_guard(page_key: str) -> Actor:
    """First line of every fragment: the actor re-read from the database. When the session was
    revoked or expired, the user disabled, or the role lost the page, the whole app reruns, and
    dashboard.py / guard() show the login prompt or the refusal instead of any data."""
    actor = current_actor()
    if actor is None or not may_see(actor.role, page_key):
        st.rerun(scope="app")
    return actor


def callback_actor(what: str) -> Actor | None:
    """First line of a callback that writes: the actor re-read from the database, or None when
    the session has ended (the refused write `what` is audited under the tab's last login)."""
    actor = current_actor()
    if actor is None:
        login = str(st.session_state.get(LAST_LOGIN_KEY) or "")
        db = get_db()
        with write_tx(db):
            write_audit(db, login or None, "session.refused", what)
    return actor


_LOGOUT_FORM = (
    '<form method="post" action="/logout" target="_self" style="margin:0">'
    '<input type="hidden" name="csrf" value="{csrf}">'
    '<button type="submit" style="padding:0.35rem 0.9rem;border:1px solid rgba(49,51,63,0.25);'
    'border-radius:0.5rem;background:transparent;color:inherit;font:inherit;cursor:pointer">'
    "{label}</button></form>"
)


def logout_form(session_token: str) -> str:
    """The sidebar's «Выйти»: a form that POSTs to /logout with its CSRF token."""
    return _LOGOUT_FORM.format(
        csrf=html.escape(logout_token(session_token)), label=html.escape(texts.LOGOUT)
    )


def show_login_prompt() -> None:
    """What someone not logged in sees instead of the app."""
    st.title(texts.APP_TITLE)
    ended = st.session_state.get(LAST_LOGIN_KEY)  # this tab was signed in: its session ended
    st.info(ST.SESSION_ENDED if ended else texts.NOT_LOGGED_IN)
    if oidc_configured():
        if st.button(texts.LOGIN_OIDC_BUTTON, key="auth_oidc_login"):
            st.login()
    elif header := proxy_header_name():
        login = st.context.headers.get(header, "")
        if login:
            st.error(texts.LOGIN_PROXY_UNKNOWN.format(login=plain(login)))
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
