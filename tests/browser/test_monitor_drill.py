"""The live monitor's drill-down in Chromium (issue 14, item 5): a click on a bar of either chart
or on the alerts card opens as many rows as the figure says, and a click that lands while a
2-second refresh is running still opens its list, which then stays through later refreshes and
a reload of the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    APP,
    STEP_TIMEOUT_MS,
    Server,
    exception_text,
    open_monitor,
    wait_for_title,
    wait_idle,
)
from tests.browser.test_drill import GRID, SECTION, click_over, listed, number
from ui import texts
from ui.texts import drill as D
from ui.texts import monitor as TM

pytestmark = pytest.mark.browser

BAR = '[data-testid="stVegaLiteChart"] [aria-roledescription="bar"]'
RUNNING = f'{APP}[data-test-script-state="running"]'


def bar_facts(bar: Locator) -> dict[str, str]:
    """A bar's SVG label («Обращений: 2; Линия: Бухгалтерия; Состояние: ждут») as a dict."""
    label = bar.get_attribute("aria-label") or ""
    return dict(part.split(": ", 1) for part in label.split("; ") if ": " in part)


def listed_now(page: Page, title: str) -> int:
    """The monitor's list about `title`: its stated count, once its table holds as many rows
    (the caption can be drawn a moment before the table it counts)."""
    section = page.locator(SECTION)
    expect(section).to_contain_text(title, timeout=STEP_TIMEOUT_MS)
    caption = section.get_by_text(re.compile("^" + TM.DRILL_SHOWN.split("{")[0]))
    expect(caption).to_be_visible(timeout=STEP_TIMEOUT_MS)
    count = number(caption.inner_text())
    grid = section.locator(f'{GRID} [role="grid"]')
    expect(grid).to_have_attribute("aria-rowcount", str(count + 1), timeout=STEP_TIMEOUT_MS)
    return listed(page, title, SECTION)


def close_list(page: Page) -> None:
    page.get_by_role("button", name=D.CLOSE).click()
    expect(page.locator(SECTION)).to_have_count(0, timeout=STEP_TIMEOUT_MS)
    wait_idle(page)


def test_a_click_on_a_bar_of_either_chart_lists_as_many_requests_as_the_bar(
    page: Page, server: Server
) -> None:
    open_monitor(page, server.url, "head")
    expect(page.locator(BAR).first).to_be_attached(timeout=STEP_TIMEOUT_MS)
    wait_idle(page)
    bars = page.locator(BAR)
    lines = [b for b in bars.all() if texts.MONITOR_COL_LINE in bar_facts(b)]
    people = [b for b in bars.all() if texts.MONITOR_COL_SPECIALIST in bar_facts(b)]
    assert lines and people

    for bar in (lines[0], lines[-1]):  # a «ждут» and an «в работе» bar in the demo
        facts = bar_facts(bar)
        bar.click()
        title = D.LINE_SERIES.format(
            line=facts[texts.MONITOR_COL_LINE], series=facts[texts.MONITOR_CHART_SERIES]
        )
        assert listed(page, title, SECTION) == int(facts[texts.MONITOR_CHART_COUNT]) > 0
        close_list(page)

    facts = bar_facts(people[0])
    people[0].click()
    title = TM.DRILL_SPECIALIST_LOAD.format(specialist=facts[texts.MONITOR_COL_SPECIALIST])
    assert listed(page, title, SECTION) == int(facts[texts.MONITOR_CHART_COUNT]) > 0
    section = page.locator(SECTION)
    expect(section.get_by_text(facts[texts.MONITOR_COL_SPECIALIST]).first).to_be_attached()
    expect(section.locator('[data-testid="stDownloadButton"]')).to_have_count(1)
    assert not exception_text(page)


def test_the_alerts_card_lists_every_alert_it_counts(page: Page, server: Server) -> None:
    open_monitor(page, server.url, "head")
    card = page.locator('[data-testid="stMetric"]').filter(
        has=page.get_by_text(texts.MONITOR_OPEN_ALERTS, exact=True)
    )
    value = card.locator('[data-testid="stMetricValue"]')
    alerts = number(value.inner_text())
    wait_idle(page)
    click_over(page, value)
    section = page.locator(SECTION)
    expect(section).to_contain_text(TM.DRILL_ALERTS_TITLE, timeout=STEP_TIMEOUT_MS)
    caption = section.get_by_text(re.compile("^" + TM.DRILL_SHOWN_ALERTS.split("{")[0]))
    expect(caption).to_be_visible(timeout=STEP_TIMEOUT_MS)
    assert number(caption.inner_text()) == alerts > 0
    rows = section.locator(f'{GRID} [role="grid"]').get_attribute("aria-rowcount")
    assert rows is not None and int(rows) - 1 == alerts
    expect(section).to_contain_text(TM.DRILL_ALERT_COL["alert_kind"])
    assert not exception_text(page)


def test_a_click_during_a_refresh_opens_its_list_which_stays_through_later_refreshes(
    page: Page, server: Server, refresh_every
) -> None:
    """Every click lands while a 2-s refresh of the figures is running — no second try."""
    refresh_every(2)
    open_monitor(page, server.url, "manager")
    figures = {
        texts.MONITOR_OPEN: D.OPEN,
        texts.MONITOR_WAITING: D.WAITING,
    }
    for label, title in figures.items():
        value = (
            page.locator('[data-testid="stMetric"]')
            .filter(has=page.get_by_text(label, exact=True))
            .locator('[data-testid="stMetricValue"]')
        )
        figure = number(value.inner_text())
        page.locator(RUNNING).wait_for(timeout=STEP_TIMEOUT_MS)  # a refresh has begun
        click_over(page, value)
        assert listed_now(page, title) == figure
        for _ in range(3):  # three more refreshes: the list is still there, still right
            page.locator(RUNNING).wait_for(timeout=STEP_TIMEOUT_MS)
            wait_idle(page)
            assert listed_now(page, title) == number(value.inner_text())
    # a bar, clicked while a refresh runs, too
    bar = page.locator(BAR).first
    facts = bar_facts(bar)
    page.locator(RUNNING).wait_for(timeout=STEP_TIMEOUT_MS)
    bar.click()
    title = D.LINE_SERIES.format(
        line=facts[texts.MONITOR_COL_LINE], series=facts[texts.MONITOR_CHART_SERIES]
    )
    assert listed_now(page, title) == int(facts[texts.MONITOR_CHART_COUNT])
    page.wait_for_timeout(5_000)
    assert listed_now(page, title) == int(facts[texts.MONITOR_CHART_COUNT])
    # the list is in the address: a reload of the page (a new session) opens it again
    expect(page).to_have_url(re.compile(r"[?&]drill="))
    page.reload()
    wait_for_title(page, texts.MONITOR_TITLE)
    assert listed_now(page, title) == int(facts[texts.MONITOR_CHART_COUNT])
    close_list(page)
    expect(page).not_to_have_url(re.compile(r"[?&]drill="))
    assert not exception_text(page)
