"""A table in the browser shows an amount as «45 900» and a deal number as «4858» (issue 14,
item 8); so does a number typed into an editable table. The grid draws on a canvas and its
accessible copy holds the raw values, so what is drawn is read through the table's own search,
which matches the texts on screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page

from tests.browser.conftest import Server, log_in, wait_for_title, wait_idle
from ui import texts
from ui.fmt import fmt_number
from ui.texts import deals as T
from ui.texts import monitor as TM
from ui.texts import stats as S
from ui.texts.streamlit_ru import STREAMLIT_RUSSIAN

pytestmark = pytest.mark.browser

TABLE = '[data-testid="stDataFrame"]'
GRID = """(table) => [...table.querySelectorAll('canvas tr')].map(
  tr => [...tr.querySelectorAll('th, td')].map(cell => cell.textContent))"""
DRAWN = """(selector) => {
  const table = document.querySelector(selector);
  return !!table && table.querySelectorAll('canvas tr').length > 1;
}"""
FOUND = re.compile(r"Найдено: (\d+)")
SLA_EDITOR = '.st-key-sla_editor [data-testid="stDataFrame"]'
ROW_PX = 35
# an edited cell's accessible copy holds its value
EDITED = """([selector, value]) => [...document.querySelectorAll(`${selector} canvas td`)]
  .some(cell => cell.textContent === value)"""


def found(page: Page, text: str) -> int:
    """How many cells the open search finds for `text` (the status line, said in Russian)."""
    box, status = page.get_by_test_id("search-input"), page.locator(".gdg-search-status").first
    box.fill("")  # an empty search has no count: the next count is the new search's
    status.filter(has_text=STREAMLIT_RUSSIAN["Type to search"]).wait_for()
    box.fill(text)
    status.filter(has_text=FOUND).wait_for()
    page.wait_for_timeout(300)  # the search runs in slices; let the last one land
    match = FOUND.search(status.inner_text())
    assert match, status.inner_text()
    return int(match.group(1))


def test_a_table_groups_an_amount_and_leaves_a_deal_number_as_it_is(
    page: Page, server: Server
) -> None:
    log_in(page, server.url, "head")
    page.goto(f"{server.url}/deals_queue")
    wait_for_title(page, T.QUEUE_TITLE)
    table = page.locator(TABLE).first
    # the first table's accessible copy has its header and rows (a cell of any other table, or
    # a copy still being built, once gave nothing to read in a clean-clone run)
    wait_idle(page)
    page.wait_for_function(DRAWN, arg=TABLE)
    header, *rows = table.evaluate(GRID)
    amounts = [r[header.index(T.COL_AMOUNT)] for r in rows]
    raw = next(a for a in amounts if a and float(a) >= 1000 and float(a).is_integer())
    deal = rows[0][header.index(T.COL_DEAL)]
    assert re.fullmatch(r"\d{4,}", deal), deal

    table.hover()  # the toolbar shows on hover
    table.get_by_role("button", name=STREAMLIT_RUSSIAN["Search"]).click()

    assert found(page, fmt_number(float(raw))) >= 1  # «45 900» is on screen
    assert found(page, raw) == 0  # «45900» is not
    assert found(page, deal) >= 1  # the deal number as it is
    assert found(page, fmt_number(float(deal))) == 0  # never «4 858»


def open_search(page: Page, table: Locator) -> None:
    """Open a table's search from its toolbar (shown on hover)."""
    table.hover()
    table.get_by_role("button", name=STREAMLIT_RUSSIAN["Search"]).click()


def test_a_number_typed_into_an_editable_table_reads_grouped_as_in_every_other_table(
    page: Page, server: Server
) -> None:
    # the SLA targets (admin): minutes per line, editable, never saved here
    log_in(page, server.url, "admin")
    page.goto(f"{server.url}/request_stats")
    wait_for_title(page, texts.STATS_TITLE)
    page.locator(".st-key-request_stats_section button", has_text=S.SECTIONS["sla"]).click()
    wait_idle(page)
    page.get_by_text(TM.SLA_EDIT, exact=True).click()
    editor = page.locator(SLA_EDITOR)
    editor.wait_for()
    page.wait_for_function(DRAWN, arg=SLA_EDITOR)
    header, *_ = editor.evaluate(GRID)
    assert header.index(TM.SLA_EDIT_REPLY) == 1
    box = editor.bounding_box()
    assert box
    # the first row's «first reply» cell: the editor's middle, one header row down
    page.mouse.dblclick(box["x"] + box["width"] / 2, box["y"] + ROW_PX * 1.5)
    cell = page.locator("input.gdg-input:focus")  # the cell's editor, over the grid
    cell.fill("1440")
    cell.press("Enter")
    page.wait_for_function(EDITED, arg=[SLA_EDITOR, "1440"])  # the value stays a number
    wait_idle(page)

    open_search(page, editor)
    assert found(page, fmt_number(1440.0)) == 1  # «1 440» is on screen
    assert found(page, "1440") == 0  # Streamlit's own «1440» is not
