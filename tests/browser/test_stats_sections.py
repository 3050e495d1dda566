"""«Статистика обращений» one section at a time (issue 14, item 11) in Chromium: the page opens
on the distribution (summary and tree, no SLA or remote-access tables drawn), and each other
section is one click away with its numbers still opening their requests."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from core.roles import SYSTEM
from core.sla import SlaTarget
from db.connection import connect
from db.sla import set_sla_targets
from tests.browser.conftest import (
    Server,
    exception_text,
    log_in,
    wait_for_title,
    wait_idle,
)
from ui import texts
from ui.sla import SLA_WIDTHS
from ui.texts import drill as D
from ui.texts import monitor as TM
from ui.texts import stats as S

pytestmark = pytest.mark.browser

GRID = '[data-testid="stDataFrame"]'
# the comparison's fixed column widths (app_pages/request_stats.py COMPARE_WIDTHS)
COMPARE_WIDTHS = (220, 100, 200, 230, 230, 110, 110, 100, 140)
DIALOG = '[role="dialog"]'
# the labels of the page's cards whose text overflows its box (drawn cut, with «…»)
CUT_LABELS = """() => [...document.querySelectorAll('[data-testid="stMetricLabel"]')]
  .filter((label) => [label, ...label.querySelectorAll("*")]
    .some((e) => e.scrollWidth > e.clientWidth + 1))
  .map((label) => label.textContent)"""


def choose(page: Page, section: str) -> None:
    """Click a section of the page's switch and wait for its run to end."""
    page.locator(".st-key-request_stats_section").get_by_text(
        S.SECTIONS[section], exact=True
    ).click()
    expect(page.get_by_role("heading", name=heading(section))).to_be_visible()
    wait_idle(page)


def heading(section: str) -> str:
    return {"tree": texts.STATS_TREE_TITLE, "compare": texts.STATS_COMPARE_TITLE,
            "sla": TM.SLA_TITLE, "remote": TM.REMOTE_TITLE}[section]  # fmt: skip


@pytest.mark.parametrize("size", [(1400, 1000), (1366, 768)])
def test_the_statistics_open_on_the_distribution_and_every_section_is_a_click_away(
    page: Page, server: Server, size: tuple[int, int]
) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    log_in(page, server.url, "head")
    page.goto(f"{server.url}/request_stats")
    wait_for_title(page, texts.STATS_TITLE)
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name=texts.STATS_SUMMARY_TITLE)).to_be_visible()
    expect(main.get_by_role("heading", name=texts.STATS_TREE_TITLE)).to_be_visible()
    expect(main.locator(GRID)).to_have_count(4)  # the summary and the three wait blocks
    expect(main.get_by_role("heading", name=TM.SLA_TITLE)).to_have_count(0)
    expect(main.get_by_role("heading", name=TM.REMOTE_TITLE)).to_have_count(0)
    # every card's label reads whole: a long one wraps rather than ending in «…»
    cut = page.evaluate(CUT_LABELS)
    assert main.locator('[data-testid="stMetricLabel"]').count() == 4
    assert cut == [], cut
    shots = server.log_file.parent
    page.screenshot(path=str(shots / f"stats-{size[0]}.png"))

    # the comparison: a table per organisation whose «Закрыто» opens that organisation's list
    choose(page, "compare")
    compare = main.locator(f'[class*="st-key-request_stats_compare_table"] {GRID}')
    expect(compare).to_have_count(1)
    first_org = compare.locator('[data-testid="glide-cell-0-0"]').inner_text()
    closed = compare.locator('[data-testid="glide-cell-1-0"]').inner_text()
    box = compare.locator("canvas").first.bounding_box()
    assert box is not None  # fixed widths (COMPARE_WIDTHS): «Закрыто» is the second column
    page.mouse.click(box["x"] + COMPARE_WIDTHS[0] + COMPARE_WIDTHS[1] / 2, box["y"] + 35 * 1.5)
    dialog = page.locator(DIALOG)
    expect(dialog).to_contain_text(first_org)
    caption = dialog.get_by_text(re.compile("^" + TM.DRILL_SHOWN.split("{")[0]))
    expect(caption).to_have_text(TM.DRILL_SHOWN.format(count=closed))
    expect(dialog).to_contain_text(D.DIALOG_TITLE)
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    wait_idle(page)
    page.screenshot(path=str(shots / f"stats-compare-{size[0]}.png"))

    for section in ("sla", "remote", "tree"):
        choose(page, section)
        page.screenshot(path=str(shots / f"stats-{section}-{size[0]}.png"))
    expect(main.locator(GRID)).to_have_count(4)
    assert not exception_text(page)


def test_with_working_minutes_a_summary_cell_lists_the_requests_it_counts(
    page: Page, server: Server
) -> None:
    from tests.browser.test_drill import cell, click_cell, listed, number, summary_grid

    log_in(page, server.url, "head")
    page.goto(f"{server.url}/request_stats")
    wait_for_title(page, texts.STATS_TITLE)
    page.get_by_text(texts.STATS_WORKING, exact=True).click()
    expect(page.get_by_text(D.WORKING_NOTE)).to_be_visible()
    summary = summary_grid(page)
    closed_within_an_hour = number(cell(summary, 1, 0).inner_text())
    click_cell(page, summary, 1, 0)
    assert listed(page, S.IN_WORKING_MINUTES) == closed_within_an_hour > 0
    expect(page.locator(DIALOG)).to_contain_text(texts.STATS_BUCKETS["resolution"]["<1h"])
    assert not exception_text(page)


def test_after_working_minutes_are_switched_on_one_click_on_an_sla_number_opens_its_list(
    page: Page, server: Server
) -> None:
    """The SLA tables are new widgets when their figures change (ui.drill.drill_table `renew`):
    a selectable table updated in place swallowed the first click after the switch."""
    from tests.browser.test_drill import cell, listed, number

    db = connect(server.db_file)
    set_sla_targets(db, SYSTEM, [SlaTarget("", 15, 24 * 60)])
    try:
        # all the data as the period: no other test's run has cached this period's SLA (60 s)
        first, last = db.execute(
            "SELECT MIN(created_day), MAX(created_day) FROM requests"
        ).fetchone()
        end = date.fromisoformat(last) + timedelta(days=1)
        log_in(page, server.url, "head")
        page.goto(f"{server.url}/request_stats?from={first}&to={end.isoformat()}")
        wait_for_title(page, texts.STATS_TITLE)
        choose(page, "sla")
        months = page.locator('[class*="st-key-sla_month"]')
        expect(months.locator(GRID)).to_have_count(1)
        before = months.get_attribute("class")
        page.get_by_text(texts.STATS_WORKING, exact=True).click()
        expect(page.get_by_text(TM.SLA_CLOCK_WORK, exact=False)).to_be_visible()
        wait_idle(page)
        assert months.get_attribute("class") != before  # other figures: a new table
        grid = months.locator(GRID)
        expect(grid).to_have_count(1)
        expect(cell(grid, 1, 0)).to_be_attached()
        counted = number(cell(grid, 1, 0).inner_text())
        # the third table, under the lines and specialists: wholly on screen, wherever the page
        # was scrolled (partly visible, scroll_into_view_if_needed may leave its top rows off it)
        grid.evaluate("(e) => e.scrollIntoView({block: 'center'})")
        wait_idle(page)
        box = grid.locator("canvas").first.bounding_box()
        assert box is not None  # fixed widths (ui.sla.SLA_WIDTHS): «Первый ответ» is second
        page.mouse.click(box["x"] + SLA_WIDTHS[0] + SLA_WIDTHS[1] / 2, box["y"] + 35 * 1.5)
        assert listed(page, D.SLA_REPLY) == counted > 0
        page.screenshot(path=str(server.log_file.parent / "stats-sla-working-list.png"))
        assert not exception_text(page)
    finally:
        set_sla_targets(db, SYSTEM, [])
        db.close()
