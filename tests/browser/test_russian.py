"""Russian everywhere (issue 14, item 8): every role opens every page it may see (taken from
ui/nav.py PAGES, so new pages are walked too) and no English word a user can read is on screen
(tests/browser/english.py says what counts). On each page the walker also opens what a user
opens, one at a time, and reads what it shows.

For every role (what a page shows depends on the role): every expander and tab, every select
box's option list, every popover; a request's history page opened on a real request, the
refusal of a page the role may not open, and an address that is no page.

Once a page, for the first role that sees it (what Streamlit draws around a page is the same for
every role): the first table's toolbar (a tooltip, the column chooser, the search and its
status); a column's menu (its statistics and formats), and over all the page's tables the menu
of every kind of column (number, text, date, check box; editable or not: what the menu offers
depends on the kind) on the first page the walk meets it (see column_menus); every searchable
list with a text that matches nothing (its «No results»); every date picker's calendar, whose
month and weekday names must hold no Latin letter at all (the weekday names are two letters,
under the three-letter word rule); the first figure that opens a list of requests (the
drill-down dialog, or the monitor's list under its figures).

A popup that does not open is a failure, not a skip: it is opened once more and waited for
RETRY_MS (see `opened`), so a busy machine does not make the walk flaky.

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
from dataclasses import dataclass, field
from functools import partial

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
from ui.texts import drill as TD
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
DRILL_SECTION = "[class*='_drill_section']"
NOTHING_MATCHES = "щщщ"
POPUP_MS = 2_000  # a popup shows at once, with no server run
# A popup not there after POPUP_MS is opened once more and waited for this long (a click lost in
# a redraw, a busy machine); one that has not shown then is a failure, not a skip.
RETRY_MS = 15_000
NEVER_OPENED = "<{what}: did not open>"
LATIN = re.compile(r"[A-Za-z]+")
# Everything a calendar shows or reads out (its month and year, weekday names, days)
CALENDAR_TEXTS = """(calendar) => [calendar.innerText,
  ...[...calendar.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))]"""
# A table's column chooser stays open on Escape; a click at the page's top left corner closes it.
STAY_OPEN = '[data-testid="stDataFrameColumnVisibilityMenu"]'
ROW_MARKER_PX = 40  # an editable table's first column of check boxes is narrower than this
NEUTRAL = (3, 3)
# Tables, charts and some widgets load their code on first use: a skeleton stands in until then.
LOADED = """() => !document.querySelector('[data-testid="stSkeleton"]')"""
COLUMN_MENU = '[data-testid="stDataFrameColumnMenu"]'
SEARCH_STATUS = '[data-testid="search-result-area"]'
# What kind each column of a table is, from its accessible copy (raw values): a column menu's
# statistics and formats differ by type, and an editable column's menu by editability. null for
# a column with no value on screen.
COLUMN_KINDS = """(table) => {
  const rows = [...table.querySelectorAll('canvas tr')].slice(1)
    .map(tr => [...tr.querySelectorAll('td')]);
  const width = Math.max(0, ...rows.map(cells => cells.length));
  return [...Array(width).keys()].map(i => {
    const cells = rows.map(cells => cells[i]).filter(Boolean);
    const value = cells.map(cell => cell.textContent.trim()).find(text => text);
    if (value === undefined) return null;
    const type = /^-?\\d+(\\.\\d+)?(e[-+]?\\d+)?$/i.test(value) ? 'number'
      : /^(true|false|да|нет)$/.test(value) ? 'checkbox'
      : /^\\d{4}-\\d\\d-\\d\\d/.test(value) ? 'date' : 'text';
    const editable = cells.some(cell => cell.getAttribute('aria-readonly') === 'false');
    return (editable ? 'editable ' : '') + type;
  });
}"""
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
    menus: set[str] = field(default_factory=set)  # kinds of column whose menu was opened


async def read(page: Page) -> set[str]:
    """The English words on screen now."""
    return english_words(await page.evaluate(COLLECT))


async def wait_idle(page: Page) -> None:
    """Until Streamlit is connected and no script run is in progress."""
    await page.wait_for_selector(APP)
    await page.wait_for_selector(APP_IDLE)


async def popup(page: Page, selector: str, timeout_ms: int = POPUP_MS) -> bool:
    """Wait for a popup to show; False when it does not."""
    try:
        await page.locator(selector).last.wait_for(timeout=timeout_ms)
    except PlaywrightTimeout:  # nothing opened
        return False
    return True


def hover(page: Page, target: Locator) -> Callable[[], Awaitable[None]]:
    """A hover that shows its popup again when repeated: the pointer leaves first."""

    async def hover_it() -> None:
        await page.mouse.move(*NEUTRAL)
        await target.hover(timeout=POPUP_MS)

    return hover_it


async def opened(
    page: Page, shows: str, open_it: Callable[[], Awaitable[object]], what: str
) -> set[str]:
    """Open a popup and wait for what it `shows`: empty when it is open, else a finding. One
    that has not shown in POPUP_MS (or whose opener was covered) is opened once more, unless it
    showed meanwhile, and waited for RETRY_MS; one that never shows is a failure (NEVER_OPENED),
    not a skip."""
    for wait_ms in (POPUP_MS, RETRY_MS):
        try:
            if wait_ms == POPUP_MS or not await page.locator(shows).count():
                await open_it()
        except PlaywrightTimeout:  # the opener covered: by the popup itself, opened meanwhile
            pass  # (a dialog makes the page inert), or by a redraw
        if await popup(page, shows, wait_ms):
            return set()
    return {NEVER_OPENED.format(what=what)}


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
        what = f"{shows} of {selector} «{await opener.get_attribute('aria-label')}»"
        try:
            missing = await opened(page, shows, partial(opener.click, timeout=POPUP_MS), what)
        except PlaywrightTimeout:  # covered, or gone with a redraw
            await dismiss(page)
            continue
        words |= missing or await read(page)
        if not missing and inside is not None:
            words |= await inside(page)
        await page.keyboard.press("Escape")
        await gone(page, shows)
    return words


async def search_lists(page: Page) -> set[str]:
    """Every searchable list (a multiselect, a select box one can type in) with a text that
    matches nothing: its «No results» line. The typed text only filters, it chooses nothing."""
    words: set[str] = set()
    for box in await openers(page, "input[role='combobox']"):

        async def type_nothing(box: Locator = box) -> None:
            await box.click(timeout=POPUP_MS)
            await box.fill(NOTHING_MATCHES, timeout=POPUP_MS)

        # its list: the line in Russian or in English (read as a finding), or its one option
        # «Добавить: щщщ» (a list that takes new entries never says «No results»)
        shows = f'{LISTBOX}, :text-is("{RU["No results"]}"), :text-is("No results")'
        what = f"«No results» of list «{await box.get_attribute('aria-label')}»"
        try:
            words |= await opened(page, shows, type_nothing, what)
        except PlaywrightTimeout:  # covered, or gone with a redraw
            await dismiss(page)
            continue
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


async def column_menu_words(page: Page, table: Locator, kinds: list[str | None]) -> set[str]:
    """The menus of the table's columns of these `kinds` (one column each): the menu, the
    column's statistics and its formats (what they offer depends on the kind)."""
    words: set[str] = set()
    # the header on screen: the pointer reaches only what is in the viewport
    await table.evaluate("table => table.scrollIntoView({block: 'center'})")
    edges = await table.evaluate(COLUMN_EDGES)
    box = await table.bounding_box()
    if edges and box and edges[0][0] - box["x"] < ROW_MARKER_PX:
        edges = edges[1:]  # an editable table's row markers (its check boxes) come first
    # a column's ⋮ is at its right edge; the last column's edge is the table's (not found)
    for kind, (x, y) in zip(await table.evaluate(COLUMN_KINDS), edges, strict=False):
        if kind not in kinds:
            continue
        kinds = [k for k in kinds if k != kind]
        chosen: set[str] = set()

        async def click_menu(x: float = x - 14, y: float = y, chosen: set[str] = chosen) -> None:
            chosen.update(await close_dialog(page))  # a click that chose a cell opened its list
            await page.mouse.move(x, y)  # the ⋮ is drawn once the pointer is over the header
            await page.wait_for_timeout(300)
            await page.mouse.click(x, y)

        missing = await opened(page, COLUMN_MENU, click_menu, f"menu of a {kind} column")
        words |= chosen | missing
        if missing:
            words |= await close_dialog(page)
            continue
        words |= await read(page)
        for item, menu in ((RU["Statistics"], STATISTICS_MENU), (RU["Format"], FORMAT_MENU)):
            entry = page.locator(COLUMN_MENU).get_by_text(item, exact=True)
            if await entry.count():
                shown = await opened(page, menu, hover(page, entry.first), f"{item} of a {kind}")
                words |= shown or await read(page)
        await page.keyboard.press("Escape")
        await gone(page, COLUMN_MENU)
    # on a table whose cells open their requests, a click on the header can choose a cell
    await page.wait_for_timeout(500)
    await wait_idle(page)
    return words | await close_dialog(page)


async def column_menus(page: Page, tables: list[Locator], menus: set[str]) -> set[str]:
    """Column menus: one on every page (its first table's first column), and one of every kind
    of column (COLUMN_KINDS) the walk has not opened on any page yet, `menus` (a menu's texts
    depend on its column's kind, not on the page)."""
    words: set[str] = set()
    one_opened = False
    for table in tables:
        kinds = [k for k in dict.fromkeys(await table.evaluate(COLUMN_KINDS)) if k is not None]
        wanted = [k for k in kinds if k not in menus]
        if not wanted and not one_opened:
            wanted = kinds[:1]
        if wanted:
            words |= await column_menu_words(page, table, wanted)
            menus.update(wanted)
            one_opened = True
    return words


async def toolbar_words(page: Page, menus: set[str]) -> set[str]:
    """The first table's toolbar (every table has the same): each button's tooltip, the column
    chooser and the search; and the column menus of every kind of column the page's tables
    hold (see column_menus)."""
    tables = await page.locator(f"{TABLE}:visible").all()
    if not tables:
        return set()
    words = await column_menus(page, tables, menus)
    table = tables[0]
    await table.hover()  # the toolbar shows on hover
    for button in await table.locator(TOOLBAR_BUTTON).all():
        try:  # a page that refreshes itself (the monitor) may redraw the table meanwhile
            label = await button.get_attribute("aria-label", timeout=POPUP_MS)
            if label == RU["Show/hide columns"]:  # a tooltip says its button's label: one
                words |= await opened(page, TOOLTIP, hover(page, button), f"tooltip of {label}")
                words |= await read(page)
            if label in (RU["Show/hide columns"], RU["Search"]):
                if label == RU["Search"]:

                    async def search(button: Locator = button) -> None:
                        await button.click(timeout=POPUP_MS)
                        await page.get_by_test_id("search-input").last.fill(NOTHING_MATCHES)

                    words |= await opened(page, SEARCH_STATUS, search, "table search")
                else:
                    words |= await opened(
                        page, STAY_OPEN, partial(button.click, timeout=POPUP_MS), "column chooser"
                    )
                words |= await read(page)
                await dismiss(page)
            await table.hover(timeout=POPUP_MS)
        except PlaywrightTimeout:
            await dismiss(page)
    return words


async def drill_words(page: Page) -> set[str]:
    """The first figure that opens its requests: the dialog with their list (on the monitor, a
    list under the figures, closed by its button)."""
    cards = await openers(page, DRILL_CARD)
    if not cards:
        return set()

    async def open_list() -> None:  # a script run draws it
        await cards[0].click(timeout=POPUP_MS)
        await wait_idle(page)

    shows = f"{DIALOG}, {DRILL_SECTION}"
    if missing := await opened(page, shows, open_list, "the requests behind a figure"):
        return missing
    if await page.locator(DIALOG).count():
        return await close_dialog(page)
    await wait_idle(page)
    words = await read(page)
    await page.locator(DRILL_SECTION).get_by_role("button", name=TD.CLOSE).click()
    await wait_idle(page)
    return words


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


async def words_on_page(page: Page, full: bool, menus: set[str]) -> set[str]:
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
        words |= await toolbar_words(page, menus)
        words |= await search_lists(page)
        words |= await each_opened(
            page, '[data-testid="stDateInputCalendarButton"]', CALENDAR, calendar_latin
        )
        words |= await drill_words(page)
    return words


async def visit(page: Page, walk: Walk, target: Visit) -> None:
    """Open an address, wait for its run (and `shown` text when given), add what is English."""
    await page.goto(f"{walk.url}/{target.path}")
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
        walk.failures.append(f"{where}: {await page.locator(EXCEPTION).all_inner_texts()}")
    elif words := await words_on_page(page, target.full, walk.menus):
        walk.failures.append(f"{where}: {sorted(words)}")


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
            await visit(tabs[target.role], walk, target)
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
