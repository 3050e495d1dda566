"""OIDC mode: with an [auth] section in secrets the way in is st.login, not the local form."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import DASHBOARD, RUN_TIMEOUT_S
from ui import texts

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-that-is-long-enough",
    "client_id": "qc-dashboard",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def test_with_auth_secrets_a_stranger_is_offered_single_sign_on_and_nothing_else() -> None:
    at = AppTest.from_file(str(DASHBOARD), default_timeout=RUN_TIMEOUT_S)
    at.secrets["auth"] = AUTH
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [b.label for b in at.button] == [texts.LOGIN_OIDC_BUTTON]
    assert [i.value for i in at.info] == [texts.NOT_LOGGED_IN]
    assert not at.sidebar.markdown


def test_without_auth_secrets_a_stranger_is_sent_to_the_login_form() -> None:
    at = AppTest.from_file(str(DASHBOARD), default_timeout=RUN_TIMEOUT_S)
    at.run()
    assert not at.button
    assert any("/login" in m.value for m in at.markdown)
