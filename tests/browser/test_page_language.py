"""What a screen reader reads is Russian too (issue 14, item 8): the ⓘ beside a label with help
is a button Streamlit names «Help for <label>»; ui/russian.py renames it, and the Russian-words
walk reads every such label (tests/browser/english.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, log_in, wait_for_title
from tests.browser.english import COLLECT, english_words
from ui.texts import monitor as T
from ui.texts.streamlit_ru import STREAMLIT_PATTERNS

pytestmark = pytest.mark.browser

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
