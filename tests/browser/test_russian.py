"""Russian everywhere (issue 14, item 8): every role opens every page it may see (taken from
ui/nav.py PAGES, so new pages are walked too) and no English word a user can read is on screen
(tests/browser/english.py says what counts). On each page the walker also opens what a user
opens, one at a time, and reads what it shows.

For every role (what a page shows depends on the role): every expander and tab, every select
box's option list, every popover; a request's history page opened on a real request, the
refusal of a page the role may not open, and an address that is no page.

Once a page, for the first role that sees it (what Streamlit draws around a page is the same for
every role): the first table's toolbar (a tooltip, the column chooser, the search and its
status) and a column's menu (its statistics and number formats); every searchable list with a
text that matches nothing (its «No results»); every date picker's calendar, whose month and
weekday names must hold no Latin letter at all (the weekday names are two letters, under the
three-letter word rule); the first figure that opens a list of requests (the drill-down dialog).

One server and one browser serve all roles: a context (cookie jar) per role and PARALLEL tabs
working through one queue of (role, address) visits, so the waits of one tab (a page's run, a
popup) overlap the others'. It runs beside the CPU-bound unit suite on 2 cores: three tabs, not
more. (It took 9 min for five roles one after another, seeing default states only; this one
opens far more in less time, see the commit message for the numbers.)"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from playwright.async_api import Browser, BrowserContext, Locator, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

from core.demo import DEMO_PASSWORD
from tests.browser.conftest import (
    APP,
    APP_IDLE,
    CHROMIUM,
    CHROMIUM_ARGS,
    EXCEPTION,
    HEADING,
    RENDERED_GRACE_MS,
    STEP_TIMEOUT_MS,
    VIEWPORT,
    Server,
)
from tests.browser.english import ALLOWED, COLLECT, ROLES, english_words
from ui import texts
from ui.nav import PAGES, may_see, pages_for
from ui.texts.streamlit_ru import STREAMLIT_RUSSIAN as RU

pytestmark = pytest.mark.browser

PARALLEL = 3
MAIN = '[data-testid="stMain"]'
# Expanders open and close on the client, with no script run.
OPEN_EXPANDERS = """() => document.querySelectorAll(
  '[data-testid="stExpander"] details:not([open]) > summary').forEach(s => s.click())"""
LISTBOX = '[role="listbox"]'
CALENDAR = '[data-testid="stDateInputCalendar"]'
POPOVER_BODY = '[data-testid="stPopoverBody"]'
DIALOG = '[role="dialog"]'
TOOLTIP = '[data-testid="stTooltipContent"]'
TABLE = '[data-testid="stDataFrame"]'
TOOLBAR_BUTTON = '[data-testid="stElementToolbar"] button'
DRILL_CARD = "[class*='_drillm_'] button"
NOTHING_MATCHES = "щщщ"
POPUP_MS = 2_000  # a popup shows at once, with no server run; a list with nothing never does
LATIN = re.compile(r"[A-Za-z]+")
# Everything a calendar shows or reads out (its month and year, weekday names, days)
CALENDAR_TEXTS = """(calendar) => [calendar.innerText,
  ...[...calendar.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))]"""
# A table's column chooser stays open on Escape; a click at the page's top left corner closes it.
STAY_OPEN = '[data-testid="stDataFrameColumnVisibilityMenu"]'
NEUTRAL = (3, 3)
# Tables, charts and some widgets load their code on first use: a skeleton stands in until then.
LOADED = """() => !document.querySelector('[data-testid="stSkeleton"]')"""
COLUMN_MENU = '[data-testid="stDataFrameColumnMenu"]'
STATISTICS_MENU = '[data-testid="stDataFrameStatisticsMenu"]'
FORMAT_MENU = '[data-testid="stDataFrameColumnFormattingMenu"]'
# A header's menu opens from its ⋮, drawn on the canvas at the column's right end: the columns'
# right edges are where the header's top row of pixels leaves its background (the grid lines).
COLUMN_EDGES = """(table) => {
  const canvas = [...table.querySelectorAll('canvas')].find(c => c.width > 0);
  if (!canvas) return [];
  const box = canvas.getBoundingClientRect();
  const ratio = canvas.width / box.width;
  const row = canvas.getContext('2d').getImageData(0, Math.round(4 * ratio), canvas.width, 1).data;
  const edges = [];
  for (let x = 8; x < canvas.width; x++) {
    const off = Math.abs(row[4*x] - row[32]) + Math.abs(row[4*x+1] - row[33]) +
                Math.abs(row[4*x+2] - row[34]);
    const at = box.left + x / ratio;
    if (off > 6 && (!edges.length || at - edges[edges.length - 1] > 4)) edges.push(at);
  }
  return edges.map(x => [x, box.top + 17]);
}"""


@dataclass(frozen=True)
class Visit:
    """One address opened as one role; `shown` is text to wait for instead of a heading."""

    role: str
    path: str
    shown: str | None = None
    full: bool = False  # Streamlit's own popups opened too (the first role to see the page)


@dataclass
class Walk:
    """The server, what is left to visit and what was found."""

    url: str
    visits: asyncio.Queue[Visit]
    failures: list[str]


async def read(page: Page) -> set[str]:
    """The English words on screen now."""
    return english_words(await page.evaluate(COLLECT))


async def wait_idle(page: Page) -> None:
    """Until Streamlit is connected and no script run is in progress."""
    await page.wait_for_selector(APP)
    await page.wait_for_selector(APP_IDLE)


async def popup(page: Page, selector: str) -> bool:
    """Wait for a popup to show; False when it does not (a list with nothing in it)."""
    try:
        await page.locator(selector).last.wait_for(timeout=POPUP_MS)
    except PlaywrightTimeout:  # nothing opened
        return False
    return True


async def dismiss(page: Page) -> None:
    """Close what is open: Escape, and a click beside the page for a menu Escape leaves."""
    await page.keyboard.press("Escape")
    if await page.locator(STAY_OPEN).count():
        await page.mouse.click(*NEUTRAL)
        await gone(page, STAY_OPEN)


async def gone(page: Page, selector: str) -> None:
    """Wait for a closed popup to leave (a lingering one is read with the next, no harm)."""
    try:
        await page.locator(selector).first.wait_for(state="detached", timeout=POPUP_MS)
    except PlaywrightTimeout:
        pass


async def openers(page: Page, selector: str) -> list:
    """The visible, enabled `selector` elements of the page's main area."""
    return await page.locator(f"{MAIN} {selector}:visible:not([disabled])").all()


async def each_opened(
    page: Page,
    selector: str,
    shows: str,
    inside: Callable[[Page], Awaitable[set[str]]] | None = None,
) -> set[str]:
    """Click every `selector`, wait for what it `shows`, read it (and what `inside` finds
    there), close it with Escape."""
    words: set[str] = set()
    for opener in await openers(page, selector):
        try:
            await opener.click(timeout=POPUP_MS)
        except PlaywrightTimeout:  # covered, or gone with a redraw
            await dismiss(page)
            continue
        if await popup(page, shows):
            words |= await read(page)
            if inside is not None:
                words |= await inside(page)
        await page.keyboard.press("Escape")
        await gone(page, shows)
    return words


async def search_lists(page: Page) -> set[str]:
    """Every searchable list (a multiselect, a select box one can type in) with a text that
    matches nothing: its «No results» line. The typed text only filters, it chooses nothing."""
    words: set[str] = set()
    for box in await openers(page, "input[role='combobox']"):
        try:
            await box.click(timeout=POPUP_MS)
            await box.fill(NOTHING_MATCHES, timeout=POPUP_MS)
        except PlaywrightTimeout:  # covered, or gone with a redraw
            await dismiss(page)
            continue
        await popup(page, f"text={RU['No results']}")  # or the English, read below
        words |= await read(page)
        await box.fill("")
        await page.keyboard.press("Escape")
    return words


async def calendar_latin(page: Page) -> set[str]:
    """A calendar's texts with a Latin letter in them, as found words (month and weekday
    names are checked whole: «Mo» is English too)."""
    found = await page.locator(CALENDAR).last.evaluate(CALENDAR_TEXTS)
    return {
        f"calendar: {word}"
        for text in found
        for word in LATIN.findall(text or "")
        if word.lower() not in ALLOWED
    }


async def column_menu_words(page: Page, table: Locator) -> set[str]:
    """The menu of a table's last but one column (often a number): the menu, the column's
    statistics and its number formats."""
    words: set[str] = set()
    edges = await table.evaluate(COLUMN_EDGES)
    for x, y in edges[-1:]:
        await page.mouse.move(x - 14, y)  # the ⋮ is drawn once the pointer is over the header
        await page.wait_for_timeout(300)
        await page.mouse.click(x - 14, y)
        if not await popup(page, COLUMN_MENU):
            words |= await close_dialog(page)  # a click that chose a cell opens its list
            continue
        words |= await read(page)
        for item, menu in ((RU["Statistics"], STATISTICS_MENU), (RU["Format"], FORMAT_MENU)):
            entry = page.locator(COLUMN_MENU).get_by_text(item, exact=True)
            if await entry.count():
                await entry.first.hover()
                if await popup(page, menu):
                    words |= await read(page)
        await page.keyboard.press("Escape")
        await gone(page, COLUMN_MENU)
    # on a table whose cells open their requests, a click on the header can choose a cell
    await page.wait_for_timeout(500)
    await wait_idle(page)
    return words | await close_dialog(page)


async def toolbar_words(page: Page) -> set[str]:
    """The first table's toolbar (every table has the same): each button's tooltip, the column
    chooser and the search; its column menus."""
    tables = await page.locator(f"{TABLE}:visible").all()
    if not tables:
        return set()
    table = tables[0]
    words = await column_menu_words(page, table)
    await table.hover()  # the toolbar shows on hover
    for button in await table.locator(TOOLBAR_BUTTON).all():
        try:  # a page that refreshes itself (the monitor) may redraw the table meanwhile
            label = await button.get_attribute("aria-label", timeout=POPUP_MS)
            if label == RU["Show/hide columns"]:  # a tooltip says its button's label: one
                await button.hover(timeout=POPUP_MS)
                await popup(page, TOOLTIP)
                words |= await read(page)
            if label in (RU["Show/hide columns"], RU["Search"]):
                await button.click(timeout=POPUP_MS)
                if label == RU["Search"]:
                    await page.get_by_test_id("search-input").last.fill(NOTHING_MATCHES)
                    await popup(page, '[data-testid="search-result-area"]')
                else:
                    await popup(page, STAY_OPEN)
                words |= await read(page)
                await dismiss(page)
            await table.hover(timeout=POPUP_MS)
        except PlaywrightTimeout:
            await dismiss(page)
    return words


async def drill_words(page: Page) -> set[str]:
    """The first figure that opens its requests: the dialog with their list."""
    cards = await openers(page, DRILL_CARD)
    if not cards:
        return set()
    await cards[0].click()
    if not await popup(page, DIALOG):
        return set()
    return await close_dialog(page)


async def close_dialog(page: Page) -> set[str]:
    """Read an open dialog (the requests behind a figure) once its run is over, close it."""
    if not await page.locator(DIALOG).count():
        return set()
    await wait_idle(page)
    words = await read(page)
    await page.keyboard.press("Escape")
    await gone(page, DIALOG)
    await wait_idle(page)
    return words


async def words_on_page(page: Page, full: bool) -> set[str]:
    """Every English word on the page and in what a user opens on it (no value is changed).
    What the page shows depends on the role: its tabs, expanders, lists and popovers are opened
    for every role. What Streamlit draws around it does not (a table's toolbar and menus, the
    calendar, a list's «No results», the drill-down dialog): that is opened `full`, once a page."""
    await page.evaluate(OPEN_EXPANDERS)
    words = await read(page)
    for tab in await openers(page, '[data-baseweb="tab"]'):
        await tab.click()
        await page.evaluate(OPEN_EXPANDERS)
        words |= await read(page)
    words |= await each_opened(page, 'button[aria-haspopup="listbox"]', LISTBOX)
    words |= await each_opened(page, '[data-testid="stPopover"] button', POPOVER_BODY)
    if full:
        words |= await toolbar_words(page)
        words |= await search_lists(page)
        words |= await each_opened(
            page, '[data-testid="stDateInputCalendarButton"]', CALENDAR, calendar_latin
        )
        words |= await drill_words(page)
    return words


async def visit(page: Page, url: str, target: Visit, failures: list[str]) -> None:
    """Open an address, wait for its run (and `shown` text when given), add what is English."""
    await page.goto(f"{url}/{target.path}")
    await wait_idle(page)
    if target.shown is None:
        shown = page.locator(HEADING).or_(page.locator(EXCEPTION)).first
        await shown.wait_for(timeout=RENDERED_GRACE_MS)
    else:
        await page.get_by_text(target.shown).first.wait_for()
    await wait_idle(page)  # the heading shows as the run begins
    await page.wait_for_function(LOADED)
    where = f"{target.role} /{target.path}"
    if await page.locator(EXCEPTION).count():
        failures.append(f"{where}: {await page.locator(EXCEPTION).all_inner_texts()}")
    elif words := await words_on_page(page, target.full):
        failures.append(f"{where}: {sorted(words)}")


async def log_in(context: BrowserContext, url: str, role: str, failures: list[str]) -> None:
    """Sign in through the /login form (and read the form: it is served before Streamlit)."""
    page = await context.new_page()
    await page.goto(f"{url}/login")
    if role == ROLES[0] and (words := await read(page)):
        failures.append(f"/login: {sorted(words)}")
    await page.get_by_label(texts.LOGIN_LOGIN).fill(role)
    await page.get_by_label(texts.LOGIN_PASSWORD).fill(DEMO_PASSWORD)
    await page.get_by_role("button", name=texts.LOGIN_SUBMIT).click()
    await page.wait_for_url(lambda address: not address.endswith("/login"))
    await wait_idle(page)
    await page.close()


async def worker(walk: Walk, contexts: dict[str, BrowserContext]) -> None:
    """One tab per role, visiting until the queue is empty."""
    tabs: dict[str, Page] = {}
    while not walk.visits.empty():
        target = walk.visits.get_nowait()
        if target.role not in tabs:
            tabs[target.role] = await contexts[target.role].new_page()
        try:
            await visit(tabs[target.role], walk.url, target, walk.failures)
        except Exception as error:  # noqa: BLE001 - one page's trouble is reported, not fatal
            walk.failures.append(f"{target.role} /{target.path}: {type(error).__name__} {error}")


def visits_for(role: str, request_id: str | None, walked: set[str]) -> list[Visit]:
    """Every page a role may open (`full` where no role before walked it); a request's history;
    a refusal; an address that is no page."""
    visits = [Visit(role, spec.key, full=spec.key not in walked) for spec in pages_for(role)]
    walked.update(spec.key for spec in pages_for(role))
    if request_id is not None and may_see(role, "request"):
        visits.append(Visit(role, f"request?id={request_id}", full=role == ROLES[0]))
    hidden = next((spec for spec in PAGES if not may_see(role, spec.key)), None)
    if hidden is not None:
        visits.append(Visit(role, hidden.key, shown=texts.NO_ACCESS))
    visits.append(Visit(role, "no_such_page", shown=RU["Page not found"]))
    return visits


async def walk_all(server: Server) -> list[str]:
    """Every role's visits through PARALLEL tabs of one browser; the failures found."""
    with sqlite3.connect(server.db_file) as db:
        row = db.execute("SELECT id FROM requests ORDER BY id LIMIT 1").fetchone()
    walk = Walk(server.url, asyncio.Queue(), [])
    walked: set[str] = set()
    for role in ROLES:
        for target in visits_for(role, row[0] if row else None, walked):
            walk.visits.put_nowait(target)
    async with async_playwright() as playwright:
        browser: Browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        contexts = {}
        for role in ROLES:
            context = await browser.new_context(
                viewport=VIEWPORT, locale="ru-RU", timezone_id="Europe/Moscow"
            )
            context.set_default_timeout(STEP_TIMEOUT_MS)
            await log_in(context, server.url, role, walk.failures)
            contexts[role] = context
        await asyncio.gather(*(worker(walk, contexts) for _ in range(PARALLEL)))
        await browser.close()
    return walk.failures


def test_no_english_word_on_any_page_or_in_anything_opened_for_any_role(server: Server) -> None:
    failures = asyncio.run(walk_all(server))
    assert not failures, "\n".join(sorted(failures))
