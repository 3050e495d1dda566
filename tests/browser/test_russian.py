"""Russian everywhere (issue 14, item 8): every role opens every page it may see (taken from
ui/nav.py PAGES, so new pages are walked too) and no English word a user can read is on screen —
visible text, tooltips (title), labels read out (aria-label) and placeholders — outside an
allow-list of names people use as they are (Excel, CSV, ИНН's INN, SLA …). On each page the walker
also opens what a user opens: every expander and tab, the table toolbar (hover), the first
multiselect's menu, the first date picker and every popover."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import EXCEPTION, Server, exception_text, log_in, wait_rendered
from ui.nav import pages_for

pytestmark = pytest.mark.browser

ROLES = ("admin", "head", "qc", "manager", "viewer")
# Product, format and protocol names read as they are; nothing else.
ALLOWED = {
    "excel", "csv", "xlsx", "xls", "xlsm", "ods", "json", "jsonl", "xml", "soap", "rest", "api",
    "inn", "kpp", "guid", "sla", "url", "http", "https", "smtp", "starttls", "ssl", "tls", "oidc",
    "utc", "png", "svg", "ics", "icalendar", "xmlcalendar", "asterisk", "master", "pbx", "vega",
    "lite", "id", "www", "com", "ru", "example", "test", "localhost", "email", "mail", "crm",
    "amocrm", "tsv", "txt",
    # browsers and systems in the sessions list («Chrome 120, Windows»)
    "chrome", "edge", "opera", "firefox", "safari", "windows", "macos", "ios", "android",
    "chromeos", "linux",
    # keys as printed on the keyboard (the date picker's hint)
    "enter", "esc",
}  # fmt: skip
# The demo's logins are its role names: data, shown as typed in the user and session lists.
ALLOWED |= set(ROLES)
WORD = re.compile(r"(?<![A-Za-z0-9_@./-])[A-Za-z]{3,}(?![A-Za-z0-9_@/-])")

COLLECT = """() => {
  const out = [];
  const skip = '[data-testid*="Icon"], [data-testid="stIconMaterial"], .material-symbols-rounded, ' +
               'code, pre, [data-testid="stCode"], style, script, noscript, canvas';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(skip) || !node.nodeValue.trim()) continue;
    if (!el.getClientRects().length) continue;
    out.push(node.nodeValue.trim());
  }
  document.body.querySelectorAll('[title], [aria-label], [placeholder]').forEach(e => {
    // Vega's own descriptions of axes, legends and marks for screen readers are not checked
    if (e.closest('[data-testid*="Icon"]') || e.closest('[aria-roledescription]')) return;
    for (const a of ['title', 'aria-label', 'placeholder']) {
      const v = e.getAttribute(a);
      if (v) out.push(v);
    }
  });
  return out;
}"""
# Expanders open and close on the client, with no script run.
OPEN_EXPANDERS = """() => document.querySelectorAll(
  '[data-testid="stExpander"] details:not([open]) > summary').forEach(s => s.click())"""
MAIN = '[data-testid="stMain"]'


def english_words(texts: list[str]) -> set[str]:
    """Latin-letter words of three letters or more that are not on the allow-list."""
    found = set()
    for text in texts:
        for word in WORD.findall(text):
            if word.lower() not in ALLOWED:
                found.add(word)
    return found


def read(page: Page) -> set[str]:
    """The English words on screen now."""
    return english_words(page.evaluate(COLLECT))


def open_and_read(page: Page, target: str) -> set[str]:
    """Click the first visible `target` (a menu, a picker, a popover), read, close with Escape."""
    found = page.locator(f"{MAIN} {target}:visible").first
    if not found.count():
        return set()
    found.click()
    page.wait_for_timeout(300)
    words = read(page)
    page.keyboard.press("Escape")
    return words


def words_on_page(page: Page) -> set[str]:
    """Every English word on the page and in what a user opens on it (no value is changed)."""
    page.evaluate(OPEN_EXPANDERS)
    table = page.locator('[data-testid="stDataFrame"]:visible').first
    if table.count():
        table.hover(timeout=10_000)  # the table's toolbar shows on hover
    words = read(page)
    for tab in page.locator(f'{MAIN} [data-baseweb="tab"]:visible').all():
        tab.click()
        page.evaluate(OPEN_EXPANDERS)
        words |= read(page)
    words |= open_and_read(page, '[data-testid="stMultiSelect"] [data-baseweb="select"]')
    words |= open_and_read(page, '[data-testid="stDateInputCalendarButton"]:not([disabled])')
    for popover in page.locator(f'{MAIN} [data-testid="stPopover"] button:visible').all():
        popover.click()
        page.wait_for_timeout(300)
        words |= read(page)
        page.keyboard.press("Escape")
    return words


@pytest.mark.parametrize("role", ROLES)
def test_no_english_word_on_any_page_for_any_role(page: Page, server: Server, role: str) -> None:
    log_in(page, server.url, role)
    failures = []
    for spec in pages_for(role):
        page.goto(f"{server.url}/{spec.key}")
        wait_rendered(page)
        if page.locator(EXCEPTION).count():
            failures.append(f"/{spec.key}: {exception_text(page)}")
            continue
        words = words_on_page(page)
        if words:
            failures.append(f"/{spec.key}: {sorted(words)}")
    assert not failures, "\n".join(failures)
