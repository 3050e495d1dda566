"""Russian everywhere (issue 14, item 8): every role opens every page it may see (taken from
ui/nav.py PAGES, so new pages are walked too) and no English word a user can read is on screen —
visible text, tooltips (title), labels read out (aria-label) and placeholders — outside an
allow-list of names people use as they are (Excel, CSV, ИНН's INN, SLA …). On each page the walker
also opens what a user opens: every expander and tab, the table toolbar (hover), every select
box's list, the first date picker and every popover; table cells are read from the grid's
accessible copy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import (
    EXCEPTION,
    Server,
    exception_text,
    log_in,
    wait_idle,
    wait_rendered,
)
from ui import texts
from ui.nav import PAGES, may_see, pages_for
from ui.texts.streamlit_ru import STREAMLIT_RUSSIAN

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
    # the demo catalogue's one foreign brand (product names stay as they are)
    "honeywell",
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
  // a table is drawn on a canvas; its accessible copy holds the cells on screen, headers too
  // (a link cell's copy is its address: the table shows its Russian display text instead)
  const cells = '[data-testid="stDataFrame"] canvas :is(th, td)';
  document.body.querySelectorAll(cells).forEach(cell => {
    const text = cell.textContent.trim();
    if (text && !/^([/]|https?:)/.test(text)) out.push(text);
  });
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


def open_and_read(page: Page, target: str, every: bool = False) -> set[str]:
    """Click the first (or every) visible, enabled `target` (a select box's list, a date picker,
    a popover), read what it shows, close it with Escape."""
    found = page.locator(f"{MAIN} {target}:visible:not([disabled])")
    words: set[str] = set()
    for opener in found.all() if every else found.all()[:1]:
        opener.click()
        page.wait_for_timeout(300)
        words |= read(page)
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
    words |= open_and_read(page, 'button[aria-haspopup="listbox"]', every=True)
    words |= open_and_read(page, '[data-testid="stDateInputCalendarButton"]')
    words |= open_and_read(page, '[data-testid="stPopover"] button', every=True)
    return words


def read_page(page: Page, url: str, failures: list[str], shown: str | None = None) -> None:
    """Open an address, wait for its run (and `shown` text when given), add what is English."""
    page.goto(url)
    if shown is None:
        wait_rendered(page)
    else:
        wait_idle(page)
        page.get_by_text(shown).first.wait_for()
    path = url.split("/", 3)[-1]
    if page.locator(EXCEPTION).count():
        failures.append(f"/{path}: {exception_text(page)}")
        return
    if words := words_on_page(page):
        failures.append(f"/{path}: {sorted(words)}")


@pytest.mark.parametrize("role", ROLES)
def test_no_english_word_on_any_page_for_any_role(page: Page, server: Server, role: str) -> None:
    failures = []
    page.goto(f"{server.url}/login")  # the sign-in form, served before Streamlit
    if words := read(page):
        failures.append(f"/login: {sorted(words)}")
    log_in(page, server.url, role)
    for spec in pages_for(role):
        read_page(page, f"{server.url}/{spec.key}", failures)
    # a page the role may not open (its refusal), an address that is no page (the dialog)
    hidden = next((spec for spec in PAGES if not may_see(role, spec.key)), None)
    if hidden is not None:
        read_page(page, f"{server.url}/{hidden.key}", failures, shown=texts.NO_ACCESS)
    read_page(
        page, f"{server.url}/no_such_page", failures, shown=STREAMLIT_RUSSIAN["Page not found"]
    )
    assert not failures, "\n".join(failures)
