"""What a screen reader reads is Russian too (issue 14, item 8): the ⓘ beside a label with help
is a button Streamlit names «Help for <label>»; ui/russian.py renames it, and the Russian-words
walk reads every such label (tests/browser/english.py). And the page is Russian in a browser set
to English: the date picker names its months as the browser's language would (react-aria), and
ui/russian.py has the page report ru-RU."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    STEP_TIMEOUT_MS,
    VIEWPORT,
    Server,
    log_in,
    wait_for_title,
    wait_idle,
)
from tests.browser.english import ALLOWED, COLLECT, english_words
from ui import texts
from ui.russian import PAGE_LANGUAGE
from ui.texts import monitor as T
from ui.texts.streamlit_ru import MONTHS, STREAMLIT_PATTERNS

pytestmark = pytest.mark.browser

CALENDAR_BUTTON = '[data-testid="stDateInputCalendarButton"]:not([disabled])'
CALENDAR = '[data-testid="stDateInputCalendar"]'
LATIN = re.compile(r"[A-Za-z]+")
HELP_BUTTON = '[data-testid="stTooltipIcon"] button'
HELP_FOR = next(russian for source, russian in STREAMLIT_PATTERNS if source.startswith("^Help for"))


def test_a_help_icon_is_read_out_in_russian_and_the_walk_reads_it(
    page: Page, server: Server
) -> None:
    log_in(page, server.url, "admin")
    page.goto(f"{server.url}/request")
    wait_for_title(page, T.PAGE_REQUEST)
    said = HELP_FOR.replace("$1", T.REQUEST_ID)
    icon = page.locator(HELP_BUTTON).first
    expect(icon).to_have_attribute("aria-label", said)
    collected = page.evaluate(COLLECT)
    assert said in collected  # the walk reads a help icon's label
    assert not english_words(collected)
    assert not [text for text in collected if re.match(r"Help\b", text)]


def test_a_browser_set_to_english_gets_the_calendar_in_russian(
    browser: Browser, server: Server
) -> None:
    context = browser.new_context(viewport=VIEWPORT, locale="en-US", timezone_id="Europe/Moscow")
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, server.url, "admin")
        page.goto(f"{server.url}/admin_audit")  # a fresh page: the first draw is English's
        wait_for_title(page, texts.AUDIT_TITLE)
        assert page.evaluate("() => navigator.languages") == [PAGE_LANGUAGE]
        page.locator(CALENDAR_BUTTON).first.click()
        calendar = page.locator(CALENDAR).last
        calendar.wait_for()
        shown = calendar.inner_text()
        latin = {w for w in LATIN.findall(shown) if w.lower() not in ALLOWED}
        assert not latin, shown  # «November 2026», «Mo Tu We» before
        assert any(month in shown for month in MONTHS), shown
        page.keyboard.press("Escape")
        wait_idle(page)
    finally:
        context.close()
