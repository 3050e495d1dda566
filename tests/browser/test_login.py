"""The /login form, sessions, login delays, CSRF, logout, revocation and /healthz in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from core.roles import SYSTEM
from db.connection import connect, write_tx
from db.users import list_sessions, revoke_session
from tests.browser.conftest import (
    HEADING,
    STEP_TIMEOUT_MS,
    VIEWPORT,
    Server,
    log_in,
    submit_login,
    wait_rendered,
)
from ui import texts
from ui.texts import security as ST

pytestmark = pytest.mark.browser


def _path(page: Page, server: Server) -> str:
    return page.url.removeprefix(server.url).split("?")[0]


@pytest.mark.browser
def test_an_anonymous_visitor_is_sent_to_the_login_form(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/overview")
    assert _path(page, server) == "/login"
    expect(page.get_by_role("button", name=texts.LOGIN_SUBMIT)).to_be_visible()


@pytest.mark.browser
def test_a_reload_keeps_the_user_logged_in(page: Page, server: Server) -> None:
    log_in(page, server.url, "qc")
    page.reload()
    wait_rendered(page)
    expect(page.locator(HEADING).filter(has_text=texts.OVERVIEW_TITLE)).to_be_visible()
    assert _path(page, server) in {"/", "/overview"}
    expect(page.get_by_text(texts.ROLE_NAMES["qc"]).first).to_be_visible()
    expect(page.get_by_text(texts.NOT_LOGGED_IN)).to_have_count(0)


@pytest.mark.browser
def test_a_wrong_password_is_refused_with_a_clear_message(page: Page, server: Server) -> None:
    submit_login(page, server.url, "manager2", "not-the-password")
    assert _path(page, server) == "/login"
    expect(page.get_by_role("alert")).to_have_text(texts.LOGIN_BAD_CREDENTIALS)
    expect(page.get_by_label(texts.LOGIN_LOGIN)).to_have_value("manager2")


@pytest.mark.browser
def test_wrong_passwords_slow_down_this_address_but_never_lock_out_the_owner(
    page: Page, server: Server, browser: Browser
) -> None:
    for attempt in range(1, 4):  # a person mistyping three times waits for nothing
        submit_login(page, server.url, "manager3", f"wrong-{attempt}")
        expect(page.get_by_role("alert")).to_have_text(texts.LOGIN_BAD_CREDENTIALS)
    db = connect(server.db_file)
    with write_tx(db):  # a guesser's tenth miss from this address: the next try waits 64 s
        db.execute("UPDATE login_failures SET failures = 10 WHERE login = 'manager3'")
    submit_login(page, server.url, "manager3")  # even the right password must wait
    assert _path(page, server) == "/login"
    waiting = ST.LOGIN_THROTTLED.split("{seconds}")[0]
    expect(page.get_by_role("alert")).to_contain_text(waiting)

    # the owner elsewhere (the proxy on this machine names the address) is not slowed at all
    owner = browser.new_context(
        viewport=VIEWPORT, extra_http_headers={"X-Forwarded-For": "198.51.100.7"}
    )
    try:
        owner_page = owner.new_page()
        owner_page.set_default_timeout(STEP_TIMEOUT_MS)
        log_in(owner_page, server.url, "manager3")
        expect(owner_page.get_by_text(texts.ROLE_NAMES["manager"]).first).to_be_visible()
    finally:
        owner.close()


@pytest.mark.browser
def test_logout_ends_the_session_only_by_a_post_with_its_token(page: Page, server: Server) -> None:
    log_in(page, server.url, "manager4")
    forged = page.request.post(f"{server.url}/logout", form={"csrf": "x"}, max_redirects=0)
    assert forged.status == 403
    page.goto(f"{server.url}/logout")  # a link or an <img> elsewhere only reaches this form
    assert _path(page, server) == "/logout"
    page.goto(f"{server.url}/")
    wait_rendered(page)
    assert _path(page, server) in {"/", "/overview"}
    page.goto(f"{server.url}/logout")
    page.get_by_role("button", name=texts.LOGOUT).click()
    page.wait_for_load_state()
    assert _path(page, server) == "/login"
    expect(page.get_by_text(texts.LOGIN_LOGGED_OUT)).to_be_visible()
    page.goto(f"{server.url}/")
    assert _path(page, server) == "/login"


@pytest.mark.browser
def test_the_logout_button_in_the_sidebar_logs_out(page: Page, server: Server) -> None:
    log_in(page, server.url, "head")
    page.get_by_test_id("stSidebar").get_by_role("button", name=texts.LOGOUT).click()
    expect(page.get_by_text(texts.LOGIN_LOGGED_OUT)).to_be_visible()
    page.goto(f"{server.url}/")
    assert _path(page, server) == "/login"


@pytest.mark.browser
def test_a_login_form_whose_csrf_cookie_is_gone_is_refused(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/login")
    page.context.clear_cookies()
    page.get_by_label(texts.LOGIN_LOGIN).fill("admin")
    page.get_by_label(texts.LOGIN_PASSWORD).fill("demo1234")
    page.get_by_role("button", name=texts.LOGIN_SUBMIT).click()
    page.wait_for_load_state()
    assert _path(page, server) == "/login"
    expect(page.get_by_role("alert")).to_have_text(texts.LOGIN_BAD_CSRF)
    assert not [c for c in page.context.cookies() if c["name"] == "qc_session"]


@pytest.mark.browser
def test_a_post_without_the_csrf_cookie_and_field_is_refused(page: Page, server: Server) -> None:
    response = page.request.post(
        f"{server.url}/login",
        form={"login": "admin", "password": "demo1234", "next": "/"},
        max_redirects=0,
    )
    assert response.status == 400
    assert texts.LOGIN_BAD_CSRF in response.text()
    assert "qc_session" not in response.headers.get("set-cookie", "")


@pytest.mark.browser
def test_an_admin_revoking_a_session_sends_that_browser_back_to_login(
    page: Page, server: Server
) -> None:
    log_in(page, server.url, "manager5")
    db = connect(server.db_file)
    sessions = [s for s in list_sessions(db) if s["login"] == "manager5"]
    assert len(sessions) == 1
    revoke_session(db, SYSTEM, sessions[0]["id"])
    page.reload()
    page.wait_for_load_state()
    assert _path(page, server) == "/login"
    expect(page.get_by_role("button", name=texts.LOGIN_SUBMIT)).to_be_visible()


@pytest.mark.browser
def test_healthz_reports_ok(page: Page, server: Server) -> None:
    response = page.request.get(f"{server.url}/healthz")
    assert response.status == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.browser
def test_a_page_opened_by_its_address_connects_without_guessing_the_server(
    page: Page, server: Server
) -> None:
    log_in(page, server.url, "head")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url.removeprefix(server.url)))
    page.goto(f"{server.url}/request_stats")
    wait_rendered(page)
    base = page.evaluate("window.__streamlit && window.__streamlit.BACKEND_BASE_URL")
    assert base == f"{server.url}/"
    assert "/_stcore/health" in asked
    # without the base, Streamlit first asks below the page's own address, gets a 404 and
    # waits its back-off before asking the right place
    assert not [path for path in asked if path.startswith("/request_stats/")]
