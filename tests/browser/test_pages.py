"""Every role logs in through the form and opens every page it may see, with no error box."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    CURRENT_NAV_LINK,
    EXCEPTION,
    HEADING,
    Server,
    exception_text,
    log_in,
    wait_rendered,
)
from ui import texts
from ui.nav import PAGES, pages_for

pytestmark = pytest.mark.browser

ROLES = ("admin", "head", "qc", "manager", "viewer")


@pytest.mark.browser
@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_every_page_it_may_see_without_an_error_and_no_other_in_the_menu(
    page: Page, server: Server, role: str
) -> None:
    log_in(page, server.url, role)
    expect(page.get_by_text(texts.ROLE_NAMES[role]).first).to_be_visible()
    specs = pages_for(role)
    hidden = [spec for spec in PAGES if spec not in specs]
    nav_links = page.locator('[data-testid="stSidebarNavLink"]')
    for spec in hidden:
        expect(nav_links.filter(has_text=spec.title)).to_have_count(0)
    failures = []
    for spec in specs:
        page.goto(f"{server.url}/{spec.key}")
        wait_rendered(page)
        if page.locator(EXCEPTION).count():
            failures.append(f"/{spec.key}: {exception_text(page)}")
            continue
        expect(page.locator(HEADING).first).to_be_visible()
        if len(specs) > 1:  # Streamlit shows no menu for a single page
            expect(page.locator(CURRENT_NAV_LINK)).to_contain_text(spec.title)
        path = page.url.removeprefix(server.url).split("?")[0]
        # The default page (overview) is served at "/".
        assert path in {f"/{spec.key}", "/" if spec.key == "overview" else ""}, (
            f"/{spec.key} ended up at {page.url}"
        )
    assert not failures, "\n".join(failures)


@pytest.mark.browser
def test_a_manager_opening_the_users_page_directly_sees_nothing_of_it(
    page: Page, server: Server
) -> None:
    log_in(page, server.url, "manager")
    main = page.locator('[data-testid="stMain"]')
    tables_on_own_pages = main.locator('[data-testid="stDataFrame"]').count()
    page.goto(f"{server.url}/admin_users")
    # The Russian refusal, not Streamlit's English "Page not found" dialog over another page
    wait_rendered(page, '[data-testid="stMain"] [data-testid="stAlert"]')
    expect(main.get_by_text(texts.NO_ACCESS)).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(main.locator("h1").filter(has_text=texts.USERS_TITLE)).to_have_count(0)
    for admin_text in (
        texts.USERS_ADD,
        texts.USERS_COL_LOCKED,
        texts.USERS_SESSIONS,
        texts.USERS_CHANGE_ROLE,
        texts.USERS_RESET_PASSWORD,
        texts.SETTINGS_TITLE,
        texts.AUDIT_TITLE,
    ):
        expect(page.get_by_text(admin_text)).to_have_count(0)
    # The users table and the sessions table would come on top of what the landing page shows.
    assert main.locator('[data-testid="stDataFrame"]').count() <= tables_on_own_pages
    main.get_by_role("link", name=texts.NO_ACCESS_BACK).click()  # and one click leads back
    wait_rendered(page)
    expect(page.locator(CURRENT_NAV_LINK)).to_contain_text(texts.PAGE_OVERVIEW)
