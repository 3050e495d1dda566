"""Deals in a real browser (issue 12): a manager has no way to close a deal as lost and asks for
«Условный отказ»; QC finds it in the queue, calls and returns it to work."""

from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from core.deals import CLOSED_LOST, CONDITIONAL_REFUSAL, IN_WORK, STAGE_NAMES
from tests.browser.conftest import (
    EXCEPTION,
    STEP_TIMEOUT_MS,
    VIEWPORT,
    Server,
    exception_text,
    log_in,
    wait_for_title,
    wait_idle,
)
from ui.texts import deals as T

pytestmark = pytest.mark.browser


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a Streamlit select the way a person types it: the list is virtual and
    typing filters it down to the wanted option."""
    field = page.get_by_role("combobox", name=label, exact=True)
    field.click()
    field.fill(option)
    page.get_by_role("option", name=option).first.click()
    expect(field).to_have_value(option)
    wait_idle(page)


def choose_options(page: Page, label: str) -> list[str]:
    """The options a select offers (opened and closed again)."""
    field = page.get_by_role("combobox", name=label, exact=True)
    wait_idle(page)
    field.click()
    listbox = page.get_by_role("listbox").first
    try:
        listbox.wait_for(timeout=5_000)
    except PlaywrightTimeout:  # a click that landed during a repaint: open it from the keyboard
        field.press("ArrowDown")
        listbox.wait_for()
    offered = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return offered


def first_offered_deal(server: Server) -> tuple[str, str]:
    """The deal «Сменить этап» selects first for the manager (the page's own order)."""
    from db.connection import connect
    from db.deals import list_deals

    db = connect(server.db_file)
    try:
        deals = list_deals(db, manager="manager")
    finally:
        db.close()
    deal = next(d for d in deals if d["stage"] in ("new", "in_work", "proposal"))
    return deal["id"], f"{deal['id']} · {deal['client'] or deal['title'] or ''} · " + STAGE_NAMES[
        deal["stage"]
    ]


def stage_of(server: Server, deal_id: str) -> tuple[str, str]:
    with sqlite3.connect(server.db_file) as conn:
        return conn.execute("SELECT stage, manager FROM deals WHERE id = ?", [deal_id]).fetchone()


def test_a_manager_cannot_close_as_lost_and_qc_returns_the_refusal_to_work(
    page: Page, browser: Browser, server: Server
) -> None:
    log_in(page, server.url, "manager")
    page.goto(f"{server.url}/deals_my")
    wait_for_title(page, T.MY_TITLE)
    assert not page.locator(EXCEPTION).count(), exception_text(page)
    expect(page.get_by_text(STAGE_NAMES[CLOSED_LOST], exact=True)).to_have_count(0)
    deal_id, label = first_offered_deal(server)
    choose(page, T.MOVE_DEAL, label)
    offered = choose_options(page, T.MOVE_STAGE)
    assert STAGE_NAMES[CONDITIONAL_REFUSAL] in offered
    assert STAGE_NAMES[CLOSED_LOST] not in offered
    choose(page, T.MOVE_STAGE, STAGE_NAMES[CONDITIONAL_REFUSAL])
    choose(page, T.MOVE_REASON, "Дорого")
    page.get_by_role("button", name=T.MOVE_SUBMIT).click()
    done = T.MOVE_DONE.format(id=deal_id, stage=STAGE_NAMES[CONDITIONAL_REFUSAL])
    expect(page.get_by_text(done)).to_be_visible(timeout=STEP_TIMEOUT_MS)
    assert stage_of(server, deal_id)[0] == CONDITIONAL_REFUSAL

    qc_context = browser.new_context(viewport=VIEWPORT, locale="ru-RU")
    qc_context.set_default_timeout(STEP_TIMEOUT_MS)
    qc = qc_context.new_page()
    try:
        log_in(qc, server.url, "qc")
        qc.goto(f"{server.url}/deals_queue")
        wait_for_title(qc, T.QUEUE_TITLE)
        assert not qc.locator(EXCEPTION).count(), exception_text(qc)
        pick = next(o for o in choose_options(qc, T.QUEUE_PICK) if o.startswith(f"{deal_id} ·"))
        choose(qc, T.QUEUE_PICK, pick)
        expect(qc.get_by_text(T.QUEUE_SCRIPT)).to_be_visible()
        expect(qc.locator('[data-testid="stCode"]').first).to_contain_text("Дорого")
        qc.get_by_text(T.QUEUE_OUTCOMES["returned"]).click()
        qc.get_by_label(T.QUEUE_COMMENT).fill("Клиент ждёт КП до пятницы")
        qc.get_by_role("button", name=T.QUEUE_SUBMIT).click()
        done = T.QUEUE_DONE.format(id=deal_id, stage=STAGE_NAMES[IN_WORK])
        expect(qc.get_by_text(done)).to_be_visible(timeout=STEP_TIMEOUT_MS)
        assert stage_of(server, deal_id) == (IN_WORK, "manager")
    finally:
        qc_context.close()
