"""Drill-down in Chromium (issue 14, item 5): a click on a number of the statistics or the
monitor opens the list of its requests, and the list holds as many rows as the number says."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    STEP_TIMEOUT_MS,
    Server,
    exception_text,
    log_in,
    open_monitor,
    wait_for_title,
    wait_idle,
)
from ui import texts
from ui.drill import LIMIT
from ui.texts import drill as D
from ui.texts import monitor as TM

pytestmark = pytest.mark.browser

DIALOG = '[role="dialog"]'
SECTION = ".st-key-monitor_drill_section"  # the monitor refreshes: its list is a section
GRID = '[data-testid="stDataFrame"]'


def number(text: str) -> int:
    """A figure as shown («2 425», «23 (1,4 %)») as a whole number."""
    return int(re.sub(r"\D", "", text.split("(")[0]))


def listed(page: Page, title: str, where: str = DIALOG) -> int:
    """Wait for the list about `title` (a dialog, or the monitor's section); its stated count,
    checked against its table's rows."""
    dialog = page.locator(where)
    expect(dialog).to_contain_text(D.DIALOG_TITLE, timeout=STEP_TIMEOUT_MS)
    expect(dialog).to_contain_text(title, timeout=STEP_TIMEOUT_MS)
    caption = dialog.get_by_text(re.compile("^" + TM.DRILL_SHOWN.split("{")[0]))
    expect(caption).to_be_visible(timeout=STEP_TIMEOUT_MS)
    wait_idle(page)  # the list's run has ended: its table is drawn, nothing earlier is left
    count = number(caption.inner_text())
    # the grid's accessible table counts every row (header included), drawn or not
    rows = dialog.locator(f'{GRID} [role="grid"]')
    expect(rows).to_have_attribute("aria-rowcount", str(min(count, LIMIT) + 1))
    return count


def close(page: Page) -> None:
    page.keyboard.press("Escape")
    expect(page.locator(DIALOG)).to_have_count(0, timeout=STEP_TIMEOUT_MS)
    wait_idle(page)


def click_over(page: Page, figure: Locator) -> None:
    """A real click on a figure card's number (the card's invisible button takes it)."""
    box = figure.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def cell(grid: Locator, column: int, row: int) -> Locator:
    """A cell of st.dataframe's accessible grid (the canvas draws it; this carries its text)."""
    return grid.locator(f'[data-testid="glide-cell-{column}-{row}"]')


# «Работа с обращениями» has fixed column widths (app_pages/request_stats.py SUMMARY_WIDTHS);
# st.dataframe rows and header are 35 px high.
SUMMARY_WIDTHS = (250, 110, 150, 110, 210, 110, 210, 110, 210)
ROW_PX = 35


def summary_grid(page: Page) -> Locator:
    """«Работа с обращениями» once the page stands still: the run is over, and the table is one
    (a table swapped for its next key generation shows both for a moment, one under the
    other) with its canvas drawn."""
    wait_idle(page)
    grid = page.locator(f'[class*="st-key-request_stats_summary"] {GRID}')
    expect(grid).to_have_count(1)
    expect(grid.locator("canvas").first).to_be_visible()
    return grid


def cell_point(grid: Locator, column: int, row: int) -> tuple[float, float]:
    """Where the middle of a cell of the table's canvas is on the screen."""
    box = grid.locator("canvas").first.bounding_box()
    assert box is not None
    x = box["x"] + sum(SUMMARY_WIDTHS[:column]) + SUMMARY_WIDTHS[column] / 2
    return x, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2


def click_cell(page: Page, grid: Locator, column: int, row: int) -> None:
    """A real mouse click in the middle of a cell of the table's canvas."""
    page.mouse.click(*cell_point(grid, column, row))


def test_clicking_numbers_of_the_statistics_lists_as_many_requests(
    page: Page, server: Server
) -> None:
    log_in(page, server.url, "head")
    page.goto(f"{server.url}/request_stats")
    wait_for_title(page, texts.STATS_TITLE)
    summary = summary_grid(page)
    expect(cell(summary, 1, 0)).to_be_attached(timeout=STEP_TIMEOUT_MS)

    # «Закрыто» of the first row (closed within an hour): that row's requests
    closed_first_row = number(cell(summary, 1, 0).inner_text())
    click_cell(page, summary, 1, 0)
    resolution = texts.STATS_BUCKETS["resolution"]["<1h"]
    assert listed(page, resolution) == closed_first_row > 0

    # «Без оценок» of the second row, clicked the moment the list is closed (the page redraws
    # then): rating group and resolution both in the list, and only that cell's rows
    summary = summary_grid(page)
    no_rating = number(cell(summary, 5, 1).inner_text())
    aim = cell_point(summary, 5, 1)
    page.keyboard.press("Escape")
    expect(page.locator(DIALOG)).to_have_count(0, timeout=STEP_TIMEOUT_MS)
    page.mouse.click(*aim)
    assert listed(page, texts.STATS_BUCKETS["rating"]["none"]) == no_rating > 0
    expect(page.locator(DIALOG)).to_contain_text(texts.STATS_BUCKETS["resolution"]["1-24h"])
    close(page)

    # a figure card: «Закрыто обращений»
    card = page.locator('[data-testid="stMetric"]').filter(
        has=page.get_by_text(texts.STATS_TOTAL, exact=True)
    )
    total = number(card.locator('[data-testid="stMetricValue"]').inner_text())
    click_over(page, card.locator('[data-testid="stMetricValue"]'))
    assert listed(page, D.CLOSED) == total
    resolution_label = texts.STATS_COL_RESOLUTION
    expect(page.locator(DIALOG)).not_to_contain_text(resolution_label)  # the card's, not a cell's
    # its Excel download, built on the click: a row per listed request; the list stays open
    with page.expect_download() as started:
        page.locator(DIALOG).get_by_role("button", name=texts.DOWNLOAD_XLSX).click()
    sheet = load_workbook(io.BytesIO(started.value.path().read_bytes())).active
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(ids) == len(set(ids)) == min(total, LIMIT)
    assert sheet.cell(1, 1).value == TM.DRILL_COL["id"]
    expect(page.locator(DIALOG)).to_contain_text(D.CLOSED)
    assert not exception_text(page)


def test_clicking_a_monitor_figure_lists_its_requests_and_survives_the_refresh(
    page: Page, server: Server, refresh_every
) -> None:
    refresh_every(2)
    open_monitor(page, server.url, "manager")
    card = page.locator('[data-testid="stMetric"]').filter(
        has=page.get_by_text(texts.MONITOR_OPEN, exact=True)
    )
    value = card.locator('[data-testid="stMetricValue"]')
    expect(value).to_be_visible(timeout=STEP_TIMEOUT_MS)
    open_now = number(value.inner_text())
    wait_idle(page)
    click_over(page, value)  # once: a card is a toggle kept in the session, a refresh keeps it
    assert listed(page, D.OPEN, SECTION) == open_now > 0
    page.wait_for_timeout(5_000)  # two refreshes of the live figures: the list stays
    assert listed(page, D.OPEN, SECTION) == open_now
    page.screenshot(path=str(server.log_file.parent / "monitor-drill.png"), full_page=True)
    page.get_by_role("button", name=D.CLOSE).click()
    expect(page.locator(SECTION)).to_have_count(0, timeout=STEP_TIMEOUT_MS)
    wait_idle(page)  # closing drew the tables afresh (a new key): click the new one

    # a row of the waiting queue (a click on its first cell): that one request
    queue = page.locator(GRID).first
    expect(cell(queue, 0, 0)).to_be_attached(timeout=STEP_TIMEOUT_MS)
    expect(queue.locator("canvas").first).to_be_visible()
    request = cell(queue, 0, 0).inner_text()
    box = queue.locator("canvas").first.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 15, box["y"] + ROW_PX * 1.5)
    assert listed(page, request, SECTION) == 1
    assert not exception_text(page)
