"""«Пользователи»: accounts, roles, passwords and open sessions; every write goes through db.users."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pandas as pd
import streamlit as st

from core.passwords import MIN_PASSWORD_LENGTH, WeakPassword
from core.roles import PermissionDenied, Role
from core.timeutil import from_stored, utcnow
from db import users as users_db
from db.connection import db_path
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.fmt import fmt_dt, fmt_user_agent
from ui.mail_prefs import mail_preferences_form
from ui.texts import jobs as jobs_texts
from ui.texts import sessions as TS
from ui.widgets import download_xlsx, plain, table_with_download

FLASH_KEY = "admin_users_flash"
ROLES = [role.value for role in Role]

actor = guard("admin_users")
db = get_db()
tz = str(settings()["timezone"])


def role_name(role: str) -> str:
    """The Russian name of a role code, for selects and the table."""
    return texts.ROLE_NAMES.get(role, role)


@st.cache_data(ttl=10, max_entries=4, show_spinner=False)
def load_users(db_file: str) -> list[dict[str, Any]]:
    """Users with their last activity, cached briefly (cleared after every write)."""
    return users_db.list_users(get_db())


@st.cache_data(ttl=10, max_entries=4, show_spinner=False)
def load_sessions(db_file: str) -> list[dict[str, Any]]:
    """Sessions not revoked yet, cached briefly (cleared after every write)."""
    return users_db.list_sessions(get_db(), active_only=True)


def run_write(action: Callable[[], object], success: str) -> None:
    """Perform one write, then either rerun with a success note or show the Russian reason."""
    try:
        action()
    except users_db.UserError as exc:
        st.error(texts.USER_ERRORS.get(exc.code, exc.code))
        return
    except WeakPassword:
        st.error(texts.USER_ERRORS["weak_password"].format(min=MIN_PASSWORD_LENGTH))
        return
    except PermissionDenied:
        st.error(texts.PERMISSION_DENIED)
        return
    after_write()
    st.session_state[FLASH_KEY] = success
    st.rerun()


st.title(texts.USERS_TITLE)
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash)

# ---- the table of users ----------------------------------------------------------------------
users = load_users(str(db_path()))
table = pd.DataFrame(
    [
        {
            texts.USERS_COL_LOGIN: row["login"],
            texts.USERS_COL_NAME: row["name"],
            texts.USERS_COL_ROLE: role_name(row["role"]),
            jobs_texts.USERS_COL_EMAIL: row.get("email") or "",
            texts.USERS_COL_ACTIVE: texts.YES if row["active"] else texts.NO,
            texts.USERS_COL_LOCKED: fmt_dt(row["locked_until"], tz) if row["locked_until"] else "",
            texts.USERS_COL_LAST_SEEN: fmt_dt(row["last_seen"], tz),
            texts.USERS_COL_CREATED: fmt_dt(row["created_at"], tz),
        }
        for row in users
    ],
    columns=[
        texts.USERS_COL_LOGIN,
        texts.USERS_COL_NAME,
        texts.USERS_COL_ROLE,
        jobs_texts.USERS_COL_EMAIL,
        texts.USERS_COL_ACTIVE,
        texts.USERS_COL_LOCKED,
        texts.USERS_COL_LAST_SEEN,
        texts.USERS_COL_CREATED,
    ],
)
st.caption(texts.USERS_COUNT.format(count=plain(len(users))))
table_with_download(table, "users.xlsx", "admin_users")

left, right = st.columns(2)

# ---- add a user ------------------------------------------------------------------------------
with left, st.form("admin_users_add_form", clear_on_submit=False, border=True):
    st.subheader(texts.USERS_ADD)
    new_login = st.text_input(texts.USERS_COL_LOGIN, key="admin_users_add_login")
    new_name = st.text_input(texts.USERS_COL_NAME, key="admin_users_add_name")
    new_role = st.selectbox(
        texts.USERS_COL_ROLE,
        ROLES,
        index=ROLES.index(Role.MANAGER),
        format_func=role_name,
        key="admin_users_add_role",
    )
    new_password = st.text_input(
        texts.USERS_ADD_PASSWORD.format(min=MIN_PASSWORD_LENGTH),
        type="password",
        key="admin_users_add_password",
    )
    if st.form_submit_button(texts.USERS_ADD_SUBMIT, type="primary"):
        login = new_login.strip().lower()
        run_write(
            lambda: users_db.add_user(db, actor, login, new_name, new_role, new_password or None),
            texts.USERS_ADDED.format(login=login),
        )

# ---- change one user -------------------------------------------------------------------------
with right, st.container(border=True):
    st.subheader(texts.USERS_MANAGE)
    by_login = {row["login"]: row for row in users}
    others = [login for login in by_login if login != actor.login]
    chosen = st.selectbox(
        texts.USERS_SELECT,
        list(by_login),
        index=list(by_login).index(others[0]) if others else 0,
        format_func=lambda login: f"{login} — {by_login[login]['name']}",
        key="admin_users_selected",
    )
    if chosen is not None:
        user = by_login[chosen]
        is_self = chosen == actor.login
        if is_self:
            st.caption(texts.USERS_SELF_NOTE)
        with st.form("admin_users_role_form", border=False):
            role = st.selectbox(
                texts.USERS_NEW_ROLE,
                ROLES,
                index=ROLES.index(user["role"]) if user["role"] in ROLES else 0,
                format_func=role_name,
                key="admin_users_role",
                disabled=is_self,
            )
            if st.form_submit_button(texts.USERS_CHANGE_ROLE, disabled=is_self):
                run_write(
                    lambda: users_db.set_role(db, actor, chosen, role),
                    texts.USERS_ROLE_CHANGED.format(login=chosen),
                )
        if user["active"]:
            if st.button(texts.USERS_DISABLE, key="admin_users_disable", disabled=is_self):
                run_write(
                    lambda: users_db.set_active(db, actor, chosen, False),
                    texts.USERS_DISABLED.format(login=chosen),
                )
        else:
            st.caption(texts.USERS_IS_DISABLED)
            if st.button(texts.USERS_ENABLE, key="admin_users_enable"):
                run_write(
                    lambda: users_db.set_active(db, actor, chosen, True),
                    texts.USERS_ENABLED.format(login=chosen),
                )
        with st.form("admin_users_password_form", border=False, clear_on_submit=True):
            password = st.text_input(
                texts.USERS_NEW_PASSWORD, type="password", key="admin_users_new_password"
            )
            if st.form_submit_button(texts.USERS_RESET_PASSWORD):
                run_write(
                    lambda: users_db.set_password(db, actor, chosen, password),
                    texts.USERS_PASSWORD_RESET.format(login=chosen),
                )

# ---- e-mail notifications of the chosen user -------------------------------------------------
if chosen is not None:
    mail_preferences_form(db, actor, chosen, "admin_users", FLASH_KEY)

# ---- open sessions ---------------------------------------------------------------------------
st.subheader(texts.USERS_SESSIONS)
idle = timedelta(minutes=int(settings()["session_idle_minutes"]))
now = utcnow()
sessions = [
    row
    for row in load_sessions(str(db_path()))
    if (seen := from_stored(row["last_seen"])) is not None and now - seen <= idle
]
if not sessions:
    st.info(texts.USERS_NO_SESSIONS)
else:
    session_table = pd.DataFrame(
        [
            {
                texts.USERS_COL_LOGIN: row["login"],
                texts.USERS_COL_NAME: row["name"],
                texts.USERS_COL_SESSION_STARTED: fmt_dt(row["created_at"], tz),
                texts.USERS_COL_LAST_SEEN: fmt_dt(row["last_seen"], tz),
                texts.USERS_COL_BROWSER: fmt_user_agent(row["user_agent"]),
                TS.COL_USER_AGENT: row["user_agent"] or "",
            }
            for row in sessions
        ]
    )
    download_xlsx(session_table, "sessions.xlsx", key="admin_users_sessions_xlsx")
    for row in sessions:
        with st.container(border=True, horizontal=True, vertical_alignment="center"):
            st.markdown(
                texts.USERS_SESSION_LINE.format(
                    login=plain(row["login"]),
                    name=plain(row["name"]),
                    started=fmt_dt(row["created_at"], tz),
                    seen=fmt_dt(row["last_seen"], tz),
                )
            )
            st.caption(fmt_user_agent(row["user_agent"]))
            sid = row["id"]
            if st.button(texts.USERS_SESSION_REVOKE, key=f"admin_users_revoke_{sid[:16]}"):
                run_write(
                    lambda sid=sid: users_db.revoke_session(db, actor, sid),
                    texts.USERS_SESSION_REVOKED,
                )
