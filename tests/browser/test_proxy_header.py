"""Trusted reverse-proxy mode: the login comes from a header the proxy sets (QC_PROXY_HEADER)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import (
    EXCEPTION,
    STEP_TIMEOUT_MS,
    VIEWPORT,
    Server,
    run_server,
    wait_for_title,
    wait_rendered,
)
from ui import texts

pytestmark = pytest.mark.browser
HEADER = "X-Remote-User"


@pytest.fixture(scope="module")
def proxy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with run_server(tmp_path_factory.mktemp("proxy"), {"QC_PROXY_HEADER": HEADER}) as running:
        yield running


def _open(browser: Browser, url: str, headers: dict[str, str]):
    context = browser.new_context(viewport=VIEWPORT, extra_http_headers=headers)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    page.goto(url + "/")
    return context, page


def test_the_proxy_header_logs_the_user_in_without_a_form(
    browser: Browser, proxy_server: Server
) -> None:
    context, page = _open(browser, proxy_server.url, {HEADER: "head"})
    try:
        expect(page).to_have_url(proxy_server.url + "/")
        wait_for_title(page, texts.OVERVIEW_TITLE)
        assert not page.locator(EXCEPTION).count()
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_contain_text(texts.ROLE_NAMES["head"])
        expect(sidebar).not_to_contain_text(texts.PAGE_ADMIN_USERS)
        # The proxy owns the session: a logout link here would do nothing.
        expect(sidebar.get_by_role("link", name=texts.LOGOUT)).to_have_count(0)
    finally:
        context.close()


def test_an_unknown_proxy_user_sees_nothing_of_the_app(
    browser: Browser, proxy_server: Server
) -> None:
    context, page = _open(browser, proxy_server.url, {HEADER: "stranger"})
    try:
        wait_rendered(page, f"text={texts.NOT_LOGGED_IN}")
        expect(page.get_by_text(texts.LOGIN_PROXY_UNKNOWN.format(login="stranger"))).to_be_visible()
        assert not page.get_by_test_id("stSidebarNav").count()
    finally:
        context.close()
